//! One card per decoded token: type, origin, signature status, claims, trees.

use egui::{Frame, RichText};

use super::super::state::{Action, ViewState};
use super::super::{theme, widgets};
use crate::Report;
use crate::report::{PassportReport, SigStatus};

/// The PASSporTs tab: one card per decoded token.
pub fn show(ui: &mut egui::Ui, report: &Report, view: &ViewState, actions: &mut Vec<Action>) {
    if report.passports.is_empty() {
        ui.add_space(10.0);
        ui.label(RichText::new("No PASSporT in this input. A SIP INVITE carries them in Identity headers; a Twilio webhook in StirPassportToken and CallToken.").weak());
        return;
    }
    let reference = report.reference_time.unix;
    for p in &report.passports {
        passport_card(ui, p, reference, view, actions);
        ui.add_space(8.0);
    }
}

fn passport_card(
    ui: &mut egui::Ui,
    p: &PassportReport,
    reference: i64,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    Frame::group(ui.style()).corner_radius(theme::CARD_RADIUS).inner_margin(10).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let kind = p.kind_label();
                widgets::pill(ui, &kind, theme::ppt_color(&kind));
                ui.label(RichText::new(format!("#{} · {}", p.index + 1, p.origin)).strong());
                let sev = p.signature.trust_severity();
                let word = match p.signature.status {
                    SigStatus::Invalid => "signature INVALID".to_string(),
                    _ => format!("signature {}", p.signature.trust_label()),
                };
                ui.label(RichText::new(format!("{} {word}", sev.icon())).strong().color(theme::severity_color(sev, ui.visuals())));
                if let Some(loc) = p.location
                    && ui.link(loc.to_string()).on_hover_text("Show it in the paste box").clicked() {
                        actions.push(Action::JumpTo(loc));
                    }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    match &p.token {
                        Some(t) => {
                            if ui.button("Copy token").on_hover_text("Copy this token (header.payload.signature)").clicked() {
                                actions.push(Action::CopyText(t.clone(), "the token"));
                            }
                        }
                        None => {
                            ui.add_enabled(false, egui::Button::new("Copy token")).on_disabled_hover_text("Not available while numbers are redacted: the token's base64 carries them.");
                        }
                    }
                });
            });
            ui.add(egui::Label::new(RichText::new(super::super::wording::window(&p.signature.detail)).weak()).wrap());
            if let Some(card) = &p.rcd {
                ui.add_space(4.0);
                super::rcd::caller_card(
                    ui,
                    card,
                    p.claims.orig_tn.as_deref(),
                    &p.signature,
                    view.fetching_rcd,
                    actions,
                );
                ui.add_space(4.0);
            }
            let c = &p.claims;
            egui::Grid::new(("claims", p.index)).num_columns(2).spacing([14.0, 2.0]).show(ui, |ui| {
                let row = |ui: &mut egui::Ui, k: &str, v: String| {
                    let r = ui.label(RichText::new(k).strong());
                    if let Some(e) = widgets::explain(k) {
                        r.on_hover_text(e);
                    }
                    ui.add(egui::Label::new(RichText::new(v).monospace()).wrap());
                    ui.end_row();
                };
                if let Some(a) = &c.attest {
                    row(ui, "attest", format!("{a} — {}", crate::knowledge::attestation_meaning(a)));
                }
                if let Some(o) = c.orig_tn.as_ref().or(c.orig_uri.as_ref()) {
                    row(ui, "orig", o.clone());
                }
                let dest: Vec<String> = c.dest_tn.iter().chain(c.dest_uri.iter()).cloned().collect();
                if !dest.is_empty() {
                    row(ui, "dest", dest.join(", "));
                }
                if let Some(d) = c.div_tn.as_ref().or(c.div_uri.as_ref()) {
                    row(ui, "div", d.clone());
                }
                if let Some(f) = &c.from {
                    row(ui, "from", f.clone());
                }
                if let Some(t) = &c.to {
                    row(ui, "to", t.clone());
                }
                if let (Some(utc), Some(age)) = (&p.iat_utc, &p.iat_age) {
                    row(ui, "iat", format!("{utc} ({age}){}", if c.iat_is_string { " — sent as a string" } else { "" }));
                }
                if let Some(o) = &c.origid {
                    row(ui, "origid", o.clone());
                }
                if let Some(x) = p.header.get("x5u").and_then(|v| v.as_str()) {
                    row(ui, "x5u", x.to_string());
                }
                if !p.identity_params.is_empty() {
                    row(ui, "info", p.identity_params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ; "));
                }
            });
            let iat_note = |n: i64| format!("{}, {}", crate::timefmt::utc(n), crate::timefmt::age(n, reference));
            let id = egui::Id::unique(("pp", p.index));
            if !p.header.is_null() {
                egui::CollapsingHeader::new("Header").id_salt(id.with("h")).default_open(true).show(ui, |ui| widgets::json_tree(ui, id.with("ht"), &p.header, &iat_note));
            }
            if !p.payload.is_null() {
                egui::CollapsingHeader::new("Payload").id_salt(id.with("p")).default_open(true).show(ui, |ui| widgets::json_tree(ui, id.with("pt"), &p.payload, &iat_note));
            } else if p.compact {
                ui.label(RichText::new("Payload not transmitted (compact form).").weak());
            }
            egui::CollapsingHeader::new("Exact received JSON").id_salt(id.with("raw")).default_open(false).show(ui, |ui| {
                for (what, text) in [("header", &p.header_json), ("payload", &p.payload_json)] {
                    if let Some(t) = text {
                        ui.label(RichText::new(what).weak());
                        ui.add(egui::Label::new(RichText::new(t).monospace()).wrap());
                    }
                }
            });
        });
}
