//! Small shared widgets: pills, the severity alert row, the JSON tree.

use egui::{Color32, CornerRadius, Frame, Margin, RichText, Ui};
use serde_json::Value;

use super::theme;
use crate::Severity;

/// A coloured pill with white text; its text is its accessible name.
pub fn pill(ui: &mut Ui, text: &str, fill: Color32) -> egui::Response {
    Frame::new()
        .fill(fill)
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(theme::BADGE_TEXT).strong())
        })
        .inner
}

/// The one alert box of the window, for success (`Pass`), information,
/// warning and error alike: a full-width frame in the severity's tint.
pub fn alert<R>(ui: &mut Ui, sev: Severity, add: impl FnOnce(&mut Ui) -> R) -> R {
    Frame::new()
        .fill(theme::severity_bg(sev, ui.visuals()))
        .corner_radius(theme::ALERT_RADIUS)
        .inner_margin(Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// Severity icon and word, coloured (the word makes it readable without colour).
pub fn severity_chip(ui: &mut Ui, s: Severity) -> egui::Response {
    let c = theme::severity_color(s, ui.visuals());
    ui.label(
        RichText::new(format!("{} {}", s.icon(), s.as_str()))
            .color(c)
            .strong(),
    )
}

/// Plain-English explanation of a PASSporT header/payload member.
pub fn explain(key: &str) -> Option<&'static str> {
    Some(match key {
        "alg" => "Signature algorithm. SHAKEN allows only ES256 (ECDSA P-256 with SHA-256).",
        "ppt" => {
            "PASSporT type: shaken (the originating provider's attestation), div (diversion/forwarding, RFC 8946), rcd (rich call data)."
        }
        "typ" => "Token type; must be \"passport\".",
        "x5u" => {
            "URL of the signing certificate. Verifiers fetch it (https only) to check the signature."
        }
        "attest" => {
            "Attestation: A full (caller known and entitled to the number), B partial (caller known, right to the number not verified), C gateway (neither)."
        }
        "dest" => {
            "Destination: the number(s) or URI(s) the call was placed to. Must contain the called number (Request-URI / To)."
        }
        "orig" => {
            "Originator: the calling number as signed. Must match the caller ID (From / P-Asserted-Identity)."
        }
        "tn" => "Telephone number in canonical E.164 form: digits only, with country code, no '+'.",
        "uri" => "A SIP or other URI instead of a telephone number.",
        "iat" => {
            "Issued-at time (Unix seconds) when the PASSporT was signed. Verifiers reject it when more than about 60 s old."
        }
        "origid" => {
            "Origination identifier: an opaque UUID the originating provider assigns to trace the call."
        }
        "div" => {
            "Diverting number: where the call was sent before it was forwarded. Must be the previous PASSporT's dest."
        }
        "rcd" => "Rich call data: caller name (nam), logo (icn) and more.",
        "nam" => "Caller name displayed to the callee (RCD).",
        "apn" => "Alternate presentation number the callee's phone may show (RCD).",
        "icn" => "URL of the caller's icon (RCD). calltrust never fetches it on its own.",
        "jcd" => "The caller's contact card inline, as a jCard (RCD, RFC 7095).",
        "jcl" => "URL of the caller's jCard (RCD). calltrust never fetches it on its own.",
        "crn" => "Call reason shown to the callee (RCD).",
        "rcdi" => {
            "RCD integrity: JSON pointer → sha256 digest of each rich-call-data member (RFC 9795)."
        }
        "opt" => {
            "The original PASSporT, whole, nested in a div-o PASSporT (RFC 8946 §5): decoded as its own entry."
        }
        "callSid" => "Twilio's Call SID of the parent (incoming) call.",
        "from" => {
            "The caller's number as Twilio recorded it. Forwarding must use exactly this caller ID."
        }
        "to" => "The Twilio number that received the parent call.",
        "info" => "Identity header parameter: the certificate URL. Must equal x5u.",
        _ => return None,
    })
}

/// A JSON value as an expandable tree; members explain themselves on hover.
/// `iat_note` annotates iat values (UTC and age).
pub fn json_tree(ui: &mut Ui, id: egui::Id, v: &Value, iat_note: &dyn Fn(i64) -> String) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                member(ui, id.with(k), k, val, iat_note);
            }
        }
        other => {
            ui.monospace(other.to_string());
        }
    }
}

fn member(ui: &mut Ui, id: egui::Id, key: &str, v: &Value, iat_note: &dyn Fn(i64) -> String) {
    match v {
        Value::Object(m) => {
            let r = egui::CollapsingHeader::new(RichText::new(format!("{key} {{…}}")).monospace())
                .id_salt(id)
                .default_open(true)
                .show(ui, |ui| {
                    for (k, val) in m {
                        member(ui, id.with(k), k, val, iat_note);
                    }
                });
            if let Some(e) = explain(key) {
                r.header_response.on_hover_text(e);
            }
        }
        Value::Array(a) => {
            let r = egui::CollapsingHeader::new(
                RichText::new(format!("{key} [{}]", a.len())).monospace(),
            )
            .id_salt(id)
            .default_open(true)
            .show(ui, |ui| {
                for (i, val) in a.iter().enumerate() {
                    member(ui, id.with(i), &format!("[{i}]"), val, iat_note);
                }
            });
            if let Some(e) = explain(key) {
                r.header_response.on_hover_text(e);
            }
        }
        leaf => {
            let mut text = match leaf {
                Value::String(s) => format!("{key}: \"{s}\""),
                other => format!("{key}: {other}"),
            };
            if key == "iat" {
                let n = leaf
                    .as_i64()
                    .or_else(|| leaf.as_str().and_then(|s| s.parse().ok()));
                if let Some(n) = n {
                    text.push_str(&format!("   ({})", iat_note(n)));
                }
            }
            let r = ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
            if let Some(e) = explain(key) {
                r.on_hover_text(e);
            }
        }
    }
}

/// `text` cut with "…" so that it fits `width` in the body font (strong):
/// for headers, which do not wrap. Character boundaries are respected.
pub fn fit(ui: &Ui, text: &str, width: f32) -> String {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let measure = |s: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(s.to_string(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
    };
    if width <= 0.0 || measure(text) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let s: String = chars[..mid].iter().collect::<String>() + "…";
        if measure(&s) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().collect::<String>() + "…"
}
