//! Certificates and trust anchors: load (dialog or drag and drop), inspect,
//! chain status, and the opt-in x5u fetch.

use egui::{Frame, RichText};

use super::super::state::{Action, Keys, ViewState};
use super::super::{theme, widgets};
use crate::{Report, Severity};

/// The certificates-and-trust tab: what was loaded, the opt-in fetches, each
/// chain and each certificate with its ecosystem rules.
pub fn show(
    ui: &mut egui::Ui,
    report: &Report,
    keys: &Keys,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    add_buttons(ui, actions);
    fetch_offers(ui, report, keys, view, actions);
    ui.add_space(6.0);
    key_lists(ui, keys, actions);
    crl_list(ui, keys, actions);
    ui.add_space(8.0);
    chains_and_certificates(ui, report);
}

/// Add certificates, anchors, anchor folders and CRLs.
fn add_buttons(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
            if ui.button("Add certificate…").on_hover_text("PEM or DER certificates, bundles (leaf + intermediates), PEM public keys, JWKs").clicked() {
                actions.push(Action::AddCert { anchor: false });
            }
            if ui.button("Add trust anchor…").on_hover_text("STI-CA root certificates (PEM bundle); remembered for next time").clicked() {
                actions.push(Action::AddCert { anchor: true });
            }
            if ui.button("Add trust anchor folder…").on_hover_text("A folder of STI-CA roots (the STI-PA's list of approved STI-CAs, unpacked): every .pem/.crt/.cer/.der in it; remembered for next time").clicked() {
                actions.push(Action::AddAnchorFolder);
            }
            if ui.button("Add CRL…").on_hover_text("Certificate revocation lists (DER or PEM): every link of the chain is checked against them").clicked() {
                actions.push(Action::AddCrl);
            }
            ui.label(RichText::new("or drop .pem / .crt / .der / .crl files on the window").weak());
        });
}

/// The opt-in fetches (CRLs, x5u), each naming every address it would contact.
fn fetch_offers(
    ui: &mut egui::Ui,
    report: &Report,
    keys: &Keys,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    let crl_urls = crate::fetch::crl_urls(report);
    if !crl_urls.is_empty() && !report.chains.is_empty() {
        ui.add_space(6.0);
        Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Fetch the CRLs the chain names (opt-in)").strong());
                ui.label(RichText::new("CRLs are signed, so http is allowed as the certificate says; public addresses only, at most 4 MiB, no redirects. It will contact:").weak());
                for u in &crl_urls {
                    ui.label(RichText::new(u).monospace());
                }
                ui.add_enabled_ui(!view.fetching_crls, |ui| {
                    if ui.button(if view.fetching_crls { "Fetching CRLs…" } else { "Fetch CRLs" }).clicked() {
                        actions.push(Action::FetchCrls);
                    }
                });
                for e in &view.crl_errors {
                    ui.label(RichText::new(format!("✖ {e}")).color(theme::severity_color(Severity::Error, ui.visuals())));
                }
            });
    }
    let urls = crate::fetch::x5u_urls(report);
    if !urls.is_empty() {
        ui.add_space(6.0);
        Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Fetch the signing certificates (opt-in)").strong());
                ui.label(RichText::new("This is the only network access calltrust makes: https only, public addresses only, at most 64 KiB, no redirects. It will contact:").weak());
                for u in &urls {
                    ui.label(RichText::new(u).monospace());
                }
                ui.add_enabled_ui(!view.fetching, |ui| {
                    if ui.button(if view.fetching { "Fetching…" } else { "Fetch x5u certificates" }).clicked() {
                        actions.push(Action::Fetch);
                    }
                });
                for f in &keys.fetched {
                    match &f.result {
                        Ok(b) => ui.label(format!("✔ {} — {} bytes", f.url, b.len())),
                        Err(e) => ui.label(RichText::new(format!("✖ {} — {e}", f.url)).color(theme::severity_color(Severity::Error, ui.visuals()))),
                    };
                }
            });
    }
}

/// The certificates and keys, and the trust anchors (folders grouped).
fn key_lists(ui: &mut egui::Ui, keys: &Keys, actions: &mut Vec<Action>) {
    ui.columns(2, |cols| {
        cols[0].label(RichText::new("Certificates and keys").strong());
        if keys.certs.is_empty() {
            cols[0]
                .label(RichText::new("None: every signature is reported as not checked.").weak());
        } else {
            let mut any = keys.any_cert_signs;
            if cols[0]
                .checkbox(&mut any, "Use them for every token")
                .on_hover_text("Off: a certificate is used for a token only when its file name or fetch matches the token's x5u, or when it verifies the signature; any other certificate is no evidence, and the signature is reported as not checked. On: they are all the signer's candidates, so a signature none of them verifies is reported as invalid (tampering).")
                .changed()
            {
                actions.push(Action::SetAnyCertSigns(any));
            }
        }
        for (i, f) in keys.certs.iter().enumerate() {
            cols[0].horizontal(|ui| {
                ui.label(RichText::new(&f.name).monospace());
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove {}", f.name))
                    .clicked()
                {
                    actions.push(Action::RemoveCert {
                        anchor: false,
                        index: i,
                    });
                }
                if ui
                    .small_button("Trust as anchor")
                    .on_hover_text("Use this certificate as a trust anchor")
                    .clicked()
                {
                    actions.push(Action::PromoteToAnchor(i));
                }
            });
        }
        cols[1].label(RichText::new("Trust anchors").strong());
        if keys.anchors.is_empty() {
            cols[1].label(
                RichText::new("None: certificate chains are reported as not checked.").weak(),
            );
        }
        let mut folders_shown: Vec<&std::path::Path> = Vec::new();
        for (i, f) in keys.anchors.iter().enumerate() {
            if let Some(folder) = &f.folder {
                if folders_shown.contains(&folder.as_path()) {
                    continue;
                }
                folders_shown.push(folder);
                let files: Vec<&str> = keys
                    .anchors
                    .iter()
                    .filter(|a| a.folder.as_ref() == Some(folder))
                    .map(|a| a.name.as_str())
                    .collect();
                cols[1].horizontal(|ui| {
                    ui.label(RichText::new(format!("🗀 {}", folder.display())).monospace())
                        .on_hover_text(files.join("\n"));
                    ui.label(
                        RichText::new(format!(
                            "({} file{})",
                            files.len(),
                            if files.len() == 1 { "" } else { "s" }
                        ))
                        .weak(),
                    );
                    if ui
                        .small_button("Remove")
                        .on_hover_text(format!(
                            "Stop trusting every anchor from {}",
                            folder.display()
                        ))
                        .clicked()
                    {
                        actions.push(Action::RemoveAnchorFolder(folder.clone()));
                    }
                });
                continue;
            }
            cols[1].horizontal(|ui| {
                ui.label(RichText::new(&f.name).monospace()).on_hover_text(
                    f.path
                        .as_ref()
                        .map(|p| format!("from {}", p.display()))
                        .unwrap_or_else(|| "added in this session".into()),
                );
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove trust anchor {}", f.name))
                    .clicked()
                {
                    actions.push(Action::RemoveCert {
                        anchor: true,
                        index: i,
                    });
                }
            });
        }
    });
}

/// The revocation lists loaded.
fn crl_list(ui: &mut egui::Ui, keys: &Keys, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.label(RichText::new("Certificate revocation lists").strong());
    if keys.crls.is_empty() {
        ui.label(
            RichText::new(
                "None: revocation is reported as not checked (never as \"not revoked\").",
            )
            .weak(),
        );
    }
    for (i, f) in keys.crls.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&f.name).monospace());
            ui.label(RichText::new(crate::gui::fmt::human_bytes(f.bytes.len())).weak());
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove CRL {}", f.name))
                .clicked()
            {
                actions.push(Action::RemoveCrl(i));
            }
        });
    }
}

/// Each chain, then each certificate with its ecosystem rules.
fn chains_and_certificates(ui: &mut egui::Ui, r: &Report) {
    for (ci, ch) in r.chains.iter().enumerate() {
        chain_card(ui, ci, ch);
        ui.add_space(4.0);
    }
    for (i, c) in r.certificates.iter().enumerate() {
        Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{} — {}", c.role, c.subject)).strong());
                if let Some(spc) = &c.spc {
                    ui.label(RichText::new(format!("SPC {spc}")).monospace().strong());
                }
                ui.label(RichText::new(format!("({})", c.usage)).weak());
            });
            egui::Grid::new(("cert", i))
                .num_columns(2)
                .spacing([12.0, 2.0])
                .show(ui, |ui| {
                    let mut row = |k: &str, v: String| {
                        ui.label(RichText::new(k).weak());
                        ui.add(egui::Label::new(RichText::new(v).monospace()).wrap());
                        ui.end_row();
                    };
                    row("issuer", c.issuer.clone());
                    row("serial", c.serial.clone());
                    row("valid", format!("{} → {}", c.not_before, c.not_after));
                    row("key", c.key.clone());
                    if let Some(t) = c.tn_auth_list.as_ref().filter(|t| !t.entries.is_empty()) {
                        row("may sign for", t.authorised().join("; "));
                    }
                    if let Some(t) = &c.tn_auth_list {
                        row("TNAuthList", format!("{} — {}", t.entries_text(), t.note));
                    }
                    if let Some(b) = &c.basic_constraints {
                        row("basicConstraints", b.clone());
                    }
                    if let Some(k) = &c.key_usage {
                        row("keyUsage", k.clone());
                    }
                    if !c.policies.is_empty() {
                        row("policies", c.policies.join(", "));
                    }
                    if !c.crl_distribution_points.is_empty() {
                        row("CRL", c.crl_distribution_points.join(", "));
                    }
                    row("from", c.source.clone());
                    if !c.used_by.is_empty() {
                        row(
                            "verifies",
                            c.used_by
                                .iter()
                                .map(|u| format!("PASSporT #{}", u + 1))
                                .collect::<Vec<_>>()
                                .join(", "),
                        );
                    }
                    row("SHA-256", c.sha256.clone());
                });
            rules_section(ui, i, c);
        });
        ui.add_space(4.0);
    }
    if r.certificates.is_empty() && r.chains.is_empty() {
        ui.label(RichText::new("No certificate details yet. Add the certificate the x5u URL serves (or fetch it) and the STI-CA roots to verify signatures and chains.").weak());
    }
}

/// One chain, link by link: subject, role, validity, CA flags, revocation,
/// and the rule each link broke — the failing link in red.
fn chain_card(ui: &mut egui::Ui, ci: usize, ch: &crate::report::ChainReport) {
    let sev = ch.status.severity();
    widgets::alert(ui, sev, |ui| {
        ui.label(
            RichText::new(format!("{} {}", sev.icon(), ch.status.headline()))
                .strong()
                .color(theme::severity_color(sev, ui.visuals())),
        );
        ui.add(egui::Label::new(super::super::wording::window(&ch.detail)).wrap());
        if let Some(v) = &ch.validator {
            ui.label(RichText::new(format!("Validator: {v}")).weak());
        }
        ui.add_space(4.0);
        for (k, l) in ch.links.iter().enumerate() {
            let broken = !l.problems.is_empty();
            let link_sev = l.severity();
            if k > 0 {
                ui.label(RichText::new("   ↓ issued (signed) by").weak());
            }
            Frame::group(ui.style())
                .stroke(egui::Stroke::new(
                    if broken { 2.0 } else { 1.0 },
                    theme::severity_color(link_sev, ui.visuals()),
                ))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{} {}", link_sev.icon(), l.role.label()))
                                .strong()
                                .color(theme::severity_color(link_sev, ui.visuals())),
                        );
                        ui.label(RichText::new(&l.subject).monospace());
                    });
                    egui::Grid::new(("chain-link", ci, k))
                        .num_columns(2)
                        .spacing([12.0, 2.0])
                        .show(ui, |ui| {
                            let mut row = |key: &str, v: String| {
                                ui.label(RichText::new(key).weak());
                                ui.add(egui::Label::new(v).wrap());
                                ui.end_row();
                            };
                            row("valid", format!("{} → {}", l.not_before, l.not_after));
                            row("CA", l.ca.clone());
                            row("signed with", l.signature_algorithm.clone());
                            row(
                                "revocation",
                                if l.revocation_detail.is_empty() {
                                    l.revocation.label().to_string()
                                } else {
                                    format!("{} — {}", l.revocation.label(), l.revocation_detail)
                                },
                            );
                        });
                    for p in &l.problems {
                        ui.label(
                            RichText::new(format!("✖ {p}"))
                                .color(theme::severity_color(Severity::Error, ui.visuals())),
                        );
                    }
                });
        }
    });
}

/// The STI certificate rules of one certificate, grouped failed / passed /
/// not in effect; each failed rule explains itself on expand, with its
/// citation and who must fix it.
fn rules_section(ui: &mut egui::Ui, i: usize, c: &crate::report::CertReport) {
    use crate::sti::RuleStatus;
    if c.rules.is_empty() {
        return;
    }
    let (failed, passed, ne) = crate::report::render::rule_counts(c);
    let sev = if failed > 0 {
        Severity::Warning
    } else {
        Severity::Pass
    };
    ui.label(
        RichText::new(format!(
            "{} STI certificate rules (ATIS-1000080, US SHAKEN CP, RFC 5280): {failed} failed, {passed} passed, {ne} not in effect",
            sev.icon()
        ))
        .strong()
        .color(theme::severity_color(sev, ui.visuals())),
    );
    for r in c.rules.iter().filter(|r| r.status == RuleStatus::Fail) {
        // The same words as the findings: an ecosystem `error` rule is a
        // warning here (verifiers accept such certificates), others notes.
        let sev = r.level.finding_severity();
        egui::CollapsingHeader::new(
            RichText::new(format!(
                "{} {} — {} (ecosystem level {})",
                sev.icon(),
                r.rule,
                sev.as_str(),
                r.level.as_str()
            ))
            .monospace()
            .color(theme::severity_color(sev, ui.visuals())),
        )
        .id_salt(("rule", i, &*r.rule))
        .show(ui, |ui| {
            ui.add(egui::Label::new(&r.detail).wrap());
            ui.label(RichText::new(format!("Who must fix it: {}.", r.fixer.words())).weak());
            ui.label(RichText::new(&*r.citation).italics().weak());
        })
        .header_response
        .on_hover_text(format!("{} — {}", r.detail, r.citation));
    }
    for (status, title) in [
        (RuleStatus::Pass, "passed"),
        (
            RuleStatus::NotEffective,
            "not in effect (issued before the rule took effect)",
        ),
    ] {
        let list: Vec<&crate::sti::RuleResult> =
            c.rules.iter().filter(|r| r.status == status).collect();
        if list.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!("{} rules {title}", list.len()))
            .id_salt(("rules", i, title))
            .show(ui, |ui| {
                for r in list {
                    ui.label(
                        RichText::new(format!("{} — {}", r.rule, r.citation))
                            .monospace()
                            .weak(),
                    )
                    .on_hover_text(&r.detail);
                }
            });
    }
}
