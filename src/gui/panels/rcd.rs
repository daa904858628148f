//! The caller card of a Rich Call Data PASSporT (RFC 9795): what the callee's
//! phone would show — name, number, call reason, organisation — drawn like an
//! incoming-call screen, with the rcdi integrity result beside it. URLs (icon,
//! jCard, logo) are shown, never fetched.

use egui::{Align2, Color32, FontId, Frame, RichText, Sense, Ui, Vec2};

use super::super::state::Action;
use super::super::theme;
use crate::Severity;
use crate::check::rcd::{DigestStatus, RcdCard};

/// Initials for the avatar circle: "Acme Pharmacy" → "AP".
fn initials(name: &str) -> String {
    let s: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if s.is_empty() { "?".into() } else { s }
}

/// `fetching`: a fetch of the card's URLs is under way. The card reads the
/// report; a click on "Fetch RCD content" is pushed to `actions`.
pub fn caller_card(
    ui: &mut Ui,
    card: &RcdCard,
    caller: Option<&str>,
    signature: &crate::report::SignatureReport,
    fetching: bool,
    actions: &mut Vec<Action>,
) {
    // A card whose signature was not verified (or whose signer is not
    // trusted) is what the phone *would* show if the token were genuine:
    // drawn faded, with a banner that says so.
    let trusted = signature.trusted();
    if !trusted {
        ui.label(
            RichText::new(format!(
                "⚠ Unverified caller card: signature {} — this is what the phone would show if the token is genuine",
                signature.trust_label()
            ))
            .strong()
            .color(theme::severity_color(Severity::Warning, ui.visuals())),
        );
    }
    ui.horizontal_top(|ui| {
        if !trusted {
            ui.multiply_opacity(0.55);
        }
        Frame::new()
            .fill(theme::CALLER_CARD_BG)
            .corner_radius(theme::CARD_RADIUS)
            .inner_margin(14)
            .show(ui, |ui| {
                ui.set_width(280.0);
                ui.vertical_centered(|ui| {
                    ui.label(
                        RichText::new("Incoming call")
                            .small()
                            .color(theme::CALLER_CARD_WEAK),
                    );
                    ui.add_space(6.0);
                    let (rect, _) = ui.allocate_exact_size(Vec2::splat(56.0), Sense::hover());
                    ui.painter()
                        .circle_filled(rect.center(), 28.0, theme::CALLER_AVATAR);
                    ui.painter().text(
                        rect.center(),
                        Align2::CENTER_CENTER,
                        initials(card.name.as_deref().unwrap_or("")),
                        FontId::proportional(22.0),
                        Color32::WHITE,
                    );
                    ui.add_space(6.0);
                    let name = card
                        .name
                        .as_deref()
                        .filter(|n| !n.is_empty())
                        .unwrap_or("(no name)");
                    ui.label(
                        RichText::new(name)
                            .size(20.0)
                            .strong()
                            .color(theme::CALLER_CARD_TEXT),
                    );
                    if let Some(n) = card.number.as_deref().or(caller) {
                        ui.label(RichText::new(n).monospace().color(theme::CALLER_CARD_WEAK));
                    }
                    for (k, v) in &card.jcard {
                        if k == "org" || k == "title" {
                            ui.label(RichText::new(v).color(theme::CALLER_CARD_WEAK));
                        }
                    }
                    if let Some(r) = &card.call_reason {
                        ui.add_space(4.0);
                        ui.label(
                            RichText::new(format!("“{r}”"))
                                .italics()
                                .color(theme::CALLER_CARD_TEXT),
                        );
                    }
                });
            });
        ui.add_space(10.0);
        ui.vertical(|ui| {
            let sev = card.integrity_severity();
            ui.label(
                RichText::new(format!("{} {}", sev.icon(), card.integrity_label()))
                    .strong()
                    .color(theme::severity_color(sev, ui.visuals())),
            );
            for d in &card.integrity {
                let s = d.status.severity();
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("{} {}", s.icon(), d.pointer))
                            .monospace()
                            .color(theme::severity_color(s, ui.visuals())),
                    );
                    // The detail starts with the pointer, already shown beside it.
                    let detail = d
                        .detail
                        .strip_prefix(d.pointer.as_str())
                        .map(|r| r.trim_start_matches(':').trim_start())
                        .unwrap_or(&d.detail);
                    ui.add(egui::Label::new(RichText::new(detail).weak()).wrap());
                });
            }
            let unfetched = card
                .integrity
                .iter()
                .filter(|d| d.status == DigestStatus::NotChecked && d.url.is_some())
                .count();
            if unfetched > 0 {
                ui.horizontal(|ui| {
                    let b = ui
                        .add_enabled(!fetching, egui::Button::new("⬇ Fetch RCD content"))
                        .on_hover_text(format!(
                            "Download the {unfetched} URL(s) an rcdi digest covers (https only, public addresses, 1 MiB, no redirects) and check their digests. Nothing is fetched until you click."
                        ));
                    if b.clicked() {
                        actions.push(Action::FetchRcd);
                    }
                    if fetching {
                        ui.spinner();
                    }
                });
            }
            if !card.uncovered.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "Covered by no digest: {}",
                        card.uncovered.join(", ")
                    ))
                    .weak(),
                );
            }
            let mut urls = Vec::new();
            if let Some(i) = &card.icon {
                urls.push(("icon", i.as_str()));
            }
            if let Some(j) = &card.jcard_url {
                urls.push(("jCard", j.as_str()));
            }
            for (k, v) in &card.jcard {
                if v.starts_with("https://") || v.starts_with("http://") {
                    urls.push((k.as_str(), v.as_str()));
                }
            }
            for (k, u) in urls {
                ui.label(
                    RichText::new(format!("{k}: {u} (not fetched)"))
                        .weak()
                        .monospace(),
                );
            }
            let details: Vec<String> = card
                .jcard
                .iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "version" | "org" | "title" | "logo" | "photo")
                })
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            if !details.is_empty() {
                ui.label(RichText::new(details.join(" · ")).weak());
            }
        });
    });
}
