//! The verdict header (badge, headline, verstat, advice) and the tabs below it.

use egui::{RichText, Vec2};

use super::super::state::{Action, Tab};
use super::super::theme;
use crate::Report;
use crate::Severity;
use crate::report::Outcome;

/// The verdict: badge and headline; signed against presented; what a
/// verifier would answer; at most three next steps about this call's
/// trust; the verstat; routing; then, folded, the CallToken, forwarding
/// and hygiene advice.
pub fn header(ui: &mut egui::Ui, r: &Report, actions: &mut Vec<Action>) {
    use super::super::wording::window;
    let outcome = r.verdict.outcome;
    let fill = theme::outcome_fill(outcome, ui.visuals());
    let empty = r.input.kind == crate::InputKind::Empty;
    ui.horizontal_top(|ui| {
        // The badge: attestation letter and outcome word; colour as well as text.
        let letter = r.verdict.attestation.map_or("–", |a| a.as_str());
        let (rect, resp) = ui.allocate_exact_size(Vec2::splat(theme::BADGE_SIZE), egui::Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, theme::CARD_RADIUS as f32 + 4.0, fill);
        painter.text(rect.center() - Vec2::new(0.0, 12.0), egui::Align2::CENTER_CENTER, letter, egui::FontId::proportional(58.0), theme::BADGE_TEXT);
        painter.text(rect.center_bottom() - Vec2::new(0.0, 16.0), egui::Align2::CENTER_CENTER, outcome.label(), egui::FontId::proportional(13.0), theme::BADGE_TEXT);
        let sub = match outcome {
            Outcome::Signed => Some("signer not trusted"),
            Outcome::Unreadable => Some("the paste is damaged"),
            _ => None,
        };
        if let Some(sub) = sub {
            painter.text(rect.center_bottom() - Vec2::new(0.0, 4.0), egui::Align2::CENTER_CENTER, sub, egui::FontId::proportional(9.5), theme::BADGE_TEXT);
        }
        let summary = format!("Attestation {} — {}", r.verdict.attestation.map_or("none", |a| a.as_str()), outcome.label());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &summary));
        resp.on_hover_text(badge_explanation(outcome, r.verdict.attestation));
        ui.add_space(10.0);
        ui.vertical(|ui| {
            if empty {
                ui.label(RichText::new("Nothing pasted yet").weak());
            } else {
                ui.label(RichText::new(format!("Attestation {} · {}", r.verdict.attestation.map_or("none", |a| a.as_str()), outcome.as_str())).weak());
            }
            if outcome == Outcome::Signed {
                ui.label(RichText::new("⚠ SIGNED — signature only, signer not trusted").strong().color(theme::severity_color(Severity::Warning, ui.visuals())));
            }
            ui.add(egui::Label::new(RichText::new(window(&r.verdict.headline)).size(18.0).strong()).wrap());
            signed_vs_presented(ui, r);
            if let Some(answer) = crate::report::render::verifier_answer(r) {
                let sev = if r.verdict.verifier_response.is_some() { Severity::Error } else { Severity::Info };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("A verifier would answer:").strong());
                    let l = ui.label(RichText::new(answer).strong().color(theme::severity_color(sev, ui.visuals())));
                    if let Some(v) = &r.verdict.verifier_response {
                        l.on_hover_text(format!("Decided by the finding {} (RFC 8224 §6.2 order: Date, Identity parameters, credential, signature, claims).", v.finding));
                    }
                });
            }
            let steps = &r.verdict.next_steps;
            if !steps.is_empty() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new("Next steps").strong());
                    for (i, s) in steps.iter().enumerate() {
                        ui.add(egui::Label::new(format!("{}. {}", i + 1, window(s))).wrap());
                    }
                });
            }
            match &r.verstat {
                Some(v) => {
                    let sev = v.outcome.severity();
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("verstat {}", if v.value.is_empty() { "(empty)" } else { &v.value })).monospace().strong().color(theme::severity_color(sev, ui.visuals())));
                        ui.label(RichText::new(format!("({}) — {}", v.source, v.outcome.as_str())).weak());
                    });
                    ui.add(egui::Label::new(&v.meaning).wrap());
                }
                None if !empty => {
                    ui.label(RichText::new("No verstat in the input (StirVerstat / X-Twilio-VerStat): the carrier's own verification result is unknown.").weak());
                }
                None => {}
            }
            if let Some(f) = r.findings.iter().find(|f| f.id == crate::ids::ROUTING_POLICY && f.severity == Severity::Info) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("Routing:").strong());
                    ui.label(RichText::new(f.title.trim_start_matches("Routing policy: ")).strong())
                        .on_hover_text(format!("{} Edit the policy in Settings.", f.detail));
                    for w in r.findings.iter().filter(|f| f.id == crate::ids::ROUTING_POLICY && f.severity == Severity::Warning) {
                        ui.label(RichText::new(format!("⚠ {}", w.title)).color(theme::severity_color(Severity::Warning, ui.visuals())))
                            .on_hover_text(&w.detail);
                    }
                });
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("What to do:").strong());
                ui.add(egui::Label::new(window(&r.verdict.advice)).wrap());
            });
            if let Some(ct) = &r.call_token {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("CallToken:").strong());
                    ui.add(egui::Label::new(&ct.summary).wrap()).on_hover_text(&ct.explanation);
                });
                egui::CollapsingHeader::new("What the CallToken carries").id_salt("calltoken_explained").default_open(false).show(ui, |ui| {
                    ui.add(egui::Label::new(&ct.explanation).wrap());
                });
            }
            if let Some(fw) = &r.forwarding {
                egui::CollapsingHeader::new(format!("Forward this call (From {}, CallToken verbatim)", fw.from))
                    .id_salt("forward_this_call")
                    .default_open(false)
                    .show(ui, |ui| {
                        ui.label(RichText::new("Create the forwarded call with these parameters; fill in To. Twilio rejects any other From (error 21210).").weak());
                        for sn in &fw.snippets {
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(sn.label.label()).strong());
                                let what = sn.label.what();
                                if ui.small_button("Copy").on_hover_text(format!("Copy {what}")).clicked() {
                                    actions.push(Action::CopyText(sn.code.clone(), what));
                                }
                            });
                            let mut code = sn.code.as_str();
                            // Tokens are long: each request scrolls in its own box.
                            egui::ScrollArea::both()
                                .id_salt(("snippet", sn.label.label()))
                                .max_height(110.0)
                                .auto_shrink([false, true])
                                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                                .show(ui, |ui| {
                                    ui.add(egui::TextEdit::multiline(&mut code).code_editor().desired_rows(3).desired_width(f32::INFINITY));
                                });
                        }
                    });
            }
            let hygiene = &r.verdict.hygiene_steps;
            if !hygiene.is_empty() {
                egui::CollapsingHeader::new(format!("Hygiene ({}): worth doing, not about this caller's trust", hygiene.len()))
                    .id_salt("hygiene")
                    .default_open(false)
                    .show(ui, |ui| {
                        for s in hygiene {
                            ui.add(egui::Label::new(format!("• {}", window(s))).wrap());
                        }
                    });
            }
        });
    });
}

/// The signed claims beside what the callee was shown, and how each pair
/// compares (RFC 8224 §8.3 normalisation).
fn signed_vs_presented(ui: &mut egui::Ui, r: &Report) {
    use crate::report::PairMatch;
    let rows = &r.call.signed_vs_presented;
    if rows.is_empty() {
        return;
    }
    egui::Grid::new("signed_vs_presented")
        .striped(true)
        .num_columns(3)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Signed").strong());
            ui.label(RichText::new("Presented").strong());
            ui.label(RichText::new("Match").strong());
            ui.end_row();
            for p in rows {
                ui.label(RichText::new(format!("{} {}", p.claim, p.signed)).monospace());
                let mut shown = format!(
                    "{} {}",
                    p.source,
                    p.presented.as_deref().unwrap_or("(no number)")
                );
                if let Some(n) = &p.display_name {
                    shown.push_str(&format!(" “{n}”"));
                }
                ui.label(RichText::new(shown).monospace());
                let sev = match p.matches {
                    PairMatch::Same => Severity::Pass,
                    PairMatch::CountryCodeOnly | PairMatch::NoNumber => Severity::Warning,
                    PairMatch::Different => Severity::Error,
                };
                ui.label(
                    RichText::new(p.matches.label())
                        .strong()
                        .color(theme::severity_color(sev, ui.visuals())),
                )
                .on_hover_text(&p.note);
                ui.end_row();
            }
        });
}

/// The tabs, each with its status glyph.
pub fn tab_bar(ui: &mut egui::Ui, r: &Report, current: Tab, actions: &mut Vec<Action>) {
    // Counted as the findings list shows them (a certificate profile is one).
    let items = crate::report::view::items(r);
    let e = items
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .count();
    let w = items
        .iter()
        .filter(|i| i.severity() == Severity::Warning)
        .count();
    let findings = match (e, w) {
        (0, 0) => "Findings".to_string(),
        (e, 0) => format!("Findings ({e} ✖)"),
        (0, w) => format!("Findings ({w} ⚠)"),
        (e, w) => format!("Findings ({e} ✖ {w} ⚠)"),
    };
    let webhook = match r.webhook_signature.as_ref().map(|w| w.status) {
        Some(crate::report::WebhookStatus::Valid) => "Webhook signature ✔".to_string(),
        Some(crate::report::WebhookStatus::Invalid) => "Webhook signature ✖".to_string(),
        _ => "Webhook signature".to_string(),
    };
    // The core's summary, drawn: the window decides nothing here.
    let chain = match r.trust_summary() {
        Some(Severity::Error) => " ✖",
        Some(Severity::Pass) => " ✔",
        Some(Severity::Warning) => " ⚠",
        _ => "",
    };
    // Wrapped: at 1024 px the tabs go to a second row rather than off screen.
    ui.horizontal_wrapped(|ui| {
        for (tab, label) in [
            (Tab::Findings, findings),
            (Tab::Passports, format!("PASSporTs ({})", r.passports.len())),
            (Tab::CallPath, "Call path".to_string()),
            (Tab::Webhook, webhook),
            (Tab::Trust, format!("Certificates & trust{chain}")),
        ] {
            if ui
                .selectable_label(current == tab, RichText::new(label).size(15.0))
                .clicked()
            {
                actions.push(Action::ShowTab(tab));
            }
        }
    });
}

fn badge_explanation(o: Outcome, a: Option<crate::model::Attestation>) -> String {
    let what = match o {
        Outcome::Verified => {
            "calltrust verified a SHAKEN signature and its certificate chain to a configured trust anchor itself, and nothing is in error"
        }
        Outcome::Signed => {
            "signature only, signer not trusted: the signature verifies with the certificate at hand, but that certificate was not traced to a trusted STI-CA — anyone can sign with a certificate of their own"
        }
        Outcome::Passed => {
            "the carrier's verstat says verification passed; calltrust did not verify the signature itself"
        }
        Outcome::Failed => "an error was found, or the carrier's verification failed",
        Outcome::NoValidation => "nothing verifiable: No-TN-Validation, or no PASSporT at all",
        Outcome::Unreadable => {
            "the paste is damaged: its token could not be read (cut off or altered in copying), so nothing about the call could be judged — copy it again"
        }
        Outcome::Unknown => "nothing to judge yet",
    };
    let att = match a {
        Some(a) => format!("Attestation {a}: {}", a.meaning()),
        None => "No attestation level.".into(),
    };
    format!("{} — {what}.\n{att}", o.label())
}
