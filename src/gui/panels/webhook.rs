//! X-Twilio-Signature: URL, signature and a masked auth-token field; the
//! result and every near-miss explanation.

use egui::{Frame, RichText, TextEdit};

use super::super::state::{Action, WebhookInputs};
use super::super::{theme, widgets};
use crate::{Report, Severity};

/// The webhook-signature tab: its inputs (edits push [`Action::Edited`]),
/// the result, and every near-miss explanation.
pub fn show(
    ui: &mut egui::Ui,
    report: &Report,
    inputs: &mut WebhookInputs,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new("Did this webhook really come from Twilio? calltrust checks X-Twilio-Signature exactly as Twilio's helper libraries do and, when it fails, finds the variant of the request Twilio actually signed.").weak());
    ui.add_space(6.0);
    egui::CollapsingHeader::new("SIP credential password check").id_salt("sip_password_check").show(ui, |ui| {
            ui.label(RichText::new("Twilio's rules for credential-list passwords: at least 12 characters, upper and lower case, a digit. Checked here only: never stored, printed or copied.").weak());
            ui.add(egui::TextEdit::singleline(&mut inputs.sip_password).password(true).hint_text("password").desired_width(240.0));
            if !inputs.sip_password.is_empty() {
                let problems = crate::check::sip_security::password_problems(&inputs.sip_password);
                if problems.is_empty() {
                    ui.label(RichText::new("✔ meets the rules").color(theme::severity_color(Severity::Pass, ui.visuals())));
                } else {
                    ui.label(RichText::new(format!("✖ {}", problems.join("; "))).color(theme::severity_color(Severity::Error, ui.visuals())));
                }
            }
        });
    ui.add_space(6.0);
    let http = report.input.kind == crate::InputKind::HttpRequest;
    let derived_url = report
        .webhook_signature
        .as_ref()
        .and_then(|w| w.url.clone())
        .filter(|_| http && inputs.url.trim().is_empty());
    let mut changed = false;
    egui::Grid::new("webhook_fields")
        .num_columns(2)
        .spacing([10.0, 8.0])
        .show(ui, |ui| {
            let l = ui.label("Webhook URL");
            let hint = derived_url
                .clone()
                .map(|u| format!("{u}  (from the pasted request)"))
                .unwrap_or_else(|| {
                    "https://example.com/voice?x=1 — the full URL Twilio requested".into()
                });
            changed |= ui
                .add(
                    TextEdit::singleline(&mut inputs.url)
                        .hint_text(hint)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed();
            ui.end_row();
            let l = ui.label("X-Twilio-Signature");
            let hint = if http {
                "taken from the pasted request"
            } else {
                "the header value, e.g. GvWf1cFY/Q7PnoempGyD5oXAezc="
            };
            changed |= ui
                .add(
                    TextEdit::singleline(&mut inputs.signature)
                        .hint_text(hint)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed();
            ui.end_row();
            let l = ui.label("Auth token");
            changed |= ui
                .add(
                    TextEdit::singleline(&mut inputs.token)
                        .password(true)
                        .hint_text("never saved, never shown, cleared on exit")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed();
            ui.end_row();
        });
    if changed {
        actions.push(Action::Edited);
    }
    if !http && (!inputs.url.trim().is_empty() || !inputs.signature.trim().is_empty()) {
        ui.label(RichText::new("With a URL or signature given here, a paste that is not a raw HTTP request is read as the request body (form or JSON).").weak());
    }
    ui.add_space(8.0);
    let Some(w) = &report.webhook_signature else {
        ui.label(RichText::new("Not applicable: the input is not a webhook or HTTP request. Paste the raw request (or the body and fill in the URL and signature above).").weak());
        return;
    };
    let (sev, word) = match w.status {
        crate::report::WebhookStatus::Valid => (Severity::Pass, "✔ Signature valid"),
        crate::report::WebhookStatus::Invalid => (Severity::Error, "✖ Signature invalid"),
        crate::report::WebhookStatus::NotChecked => (Severity::Warning, "⚠ Signature not checked"),
    };
    widgets::alert(ui, sev, |ui| {
        ui.label(
            RichText::new(word)
                .size(17.0)
                .strong()
                .color(theme::severity_color(sev, ui.visuals())),
        );
        ui.add(egui::Label::new(super::super::wording::window(&w.detail)).wrap());
        if let Some(u) = &w.url {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("URL checked:").strong());
                ui.label(RichText::new(u).monospace());
                if let Some(s) = &w.url_source {
                    ui.label(RichText::new(format!("({s})")).weak());
                }
            });
        }
        ui.label(
            RichText::new(format!(
                "Body: {}",
                if w.body_mode == crate::report::BodyMode::Json {
                    "JSON (bodySHA256)"
                } else {
                    "form parameters"
                }
            ))
            .weak(),
        );
    });
    if !w.near_misses.is_empty() {
        ui.add_space(8.0);
        ui.label(
            RichText::new("Why it fails — the signature matches this variant of the request:")
                .strong(),
        );
        for n in &w.near_misses {
            Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(format!("⚠ {}", n.cause))
                        .strong()
                        .color(theme::severity_color(Severity::Warning, ui.visuals())),
                );
                ui.add(egui::Label::new(format!("Fix: {}", n.fix)).wrap());
                ui.label(RichText::new(&n.url).monospace().weak());
            });
        }
    }
    let others: Vec<crate::Finding> = report
        .findings
        .iter()
        .filter(|f| {
            f.id == crate::ids::TWILIO_BODY_HASH || f.id == crate::ids::TWILIO_SIGNATURE_RISK
        })
        .cloned()
        .collect();
    for f in others {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{} {}", f.severity.icon(), f.title))
                    .strong()
                    .color(theme::severity_color(f.severity, ui.visuals())),
            );
            ui.add(egui::Label::new(super::super::wording::window(&f.detail)).wrap());
        });
    }
}
