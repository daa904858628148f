//! Design tokens: every colour and size the window uses comes from here.

use egui::{Color32, Visuals};

use crate::Severity;
use crate::report::Outcome;

/// Background fill of the verdict badge, by outcome.
pub fn outcome_fill(o: Outcome, v: &Visuals) -> Color32 {
    let dark = v.dark_mode;
    match (o, dark) {
        (Outcome::Verified, _) => Color32::from_rgb(0x1a, 0x7f, 0x37),
        (Outcome::Passed, true) => Color32::from_rgb(0x2d, 0x6a, 0x4f),
        (Outcome::Passed, false) => Color32::from_rgb(0x2f, 0x85, 0x5a),
        // Amber: a signature that proves only who signed, not that they may.
        (Outcome::Signed, _) => Color32::from_rgb(0xb3, 0x6b, 0x00),
        (Outcome::Failed, _) => Color32::from_rgb(0xc0, 0x24, 0x2b),
        (Outcome::NoValidation, true) => Color32::from_rgb(0x57, 0x5c, 0x66),
        (Outcome::NoValidation, false) => Color32::from_rgb(0x7a, 0x80, 0x8a),
        (Outcome::Unreadable, true) => Color32::from_rgb(0x5a, 0x52, 0x4a),
        (Outcome::Unreadable, false) => Color32::from_rgb(0x80, 0x76, 0x6c),
        (Outcome::Unknown, true) => Color32::from_rgb(0x4a, 0x4f, 0x57),
        (Outcome::Unknown, false) => Color32::from_rgb(0x6e, 0x77, 0x81),
    }
}

/// Text colour for a severity.
pub fn severity_color(s: Severity, v: &Visuals) -> Color32 {
    let dark = v.dark_mode;
    match (s, dark) {
        (Severity::Error, true) => Color32::from_rgb(0xff, 0x7b, 0x72),
        (Severity::Error, false) => Color32::from_rgb(0xb3, 0x1d, 0x28),
        (Severity::Warning, true) => Color32::from_rgb(0xe3, 0xb3, 0x41),
        (Severity::Warning, false) => Color32::from_rgb(0x9a, 0x67, 0x00),
        (Severity::Info, true) => Color32::from_rgb(0x79, 0xc0, 0xff),
        (Severity::Info, false) => Color32::from_rgb(0x09, 0x69, 0xda),
        (Severity::Pass, true) => Color32::from_rgb(0x56, 0xd3, 0x64),
        (Severity::Pass, false) => Color32::from_rgb(0x1a, 0x7f, 0x37),
    }
}

/// Faint background for a severity row.
pub fn severity_bg(s: Severity, v: &Visuals) -> Color32 {
    let c = severity_color(s, v);
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), if v.dark_mode { 28 } else { 22 })
}

/// Colour of a PASSporT-type pill.
pub fn ppt_color(kind: &str) -> Color32 {
    match kind {
        "SHAKEN" => Color32::from_rgb(0x1f, 0x6f, 0xeb),
        "DIV" | "DIV-O" => Color32::from_rgb(0x82, 0x50, 0xdf),
        "RCD" => Color32::from_rgb(0x0e, 0x8a, 0x8a),
        "CallToken parent" => Color32::from_rgb(0x6e, 0x77, 0x81),
        _ => Color32::from_rgb(0x8c, 0x59, 0x1a),
    }
}

pub const BADGE_SIZE: f32 = 108.0;
pub const CARD_RADIUS: u8 = 8;

/// The caller card (RCD): the dark "incoming call" screen and its text.
pub const CALLER_CARD_BG: Color32 = Color32::from_rgb(0x1c, 0x23, 0x33);
pub const CALLER_CARD_TEXT: Color32 = Color32::from_rgb(0xf0, 0xf3, 0xf8);
pub const CALLER_CARD_WEAK: Color32 = Color32::from_rgb(0xa8, 0xb3, 0xc7);
pub const CALLER_AVATAR: Color32 = Color32::from_rgb(0x0e, 0x8a, 0x8a);

/// Paste-box colours, after jwt.io's: header red, payload violet, signature
/// blue; keys and parameters in the editor colours of the theme.
pub fn paste_color(c: Class, v: &Visuals) -> Color32 {
    match (c, v.dark_mode) {
        (Class::Plain | Class::JwtDot, _) => v.text_color(),
        (Class::JwtHeader, true) => Color32::from_rgb(0xfb, 0x4f, 0x7f),
        (Class::JwtHeader, false) => Color32::from_rgb(0xd1, 0x00, 0x48),
        (Class::JwtPayload, true) => Color32::from_rgb(0xd6, 0x7a, 0xff),
        (Class::JwtPayload, false) => Color32::from_rgb(0x9b, 0x1f, 0xd1),
        (Class::JwtSignature, true) => Color32::from_rgb(0x3d, 0xc8, 0xf5),
        (Class::JwtSignature, false) => Color32::from_rgb(0x00, 0x7f, 0xad),
        (Class::Key, true) => Color32::from_rgb(0x9c, 0xdc, 0xfe),
        (Class::Key, false) => Color32::from_rgb(0x04, 0x51, 0xa5),
        (Class::Param, true) => Color32::from_rgb(0xe5, 0xa0, 0x6b),
        (Class::Param, false) => Color32::from_rgb(0xa3, 0x4a, 0x00),
    }
}

/// The underline of a located problem in the paste box.
pub const PASTE_PROBLEM: Color32 = Color32::from_rgb(0xe5, 0x3e, 0x3e);

/// The background behind a located problem in the paste box.
pub fn paste_problem_bg(v: &Visuals) -> Color32 {
    if v.dark_mode {
        Color32::from_rgba_unmultiplied(0xe5, 0x3e, 0x3e, 0x30)
    } else {
        Color32::from_rgba_unmultiplied(0xe5, 0x3e, 0x3e, 0x24)
    }
}

/// Text on the verdict badge and on solid fills.
pub const BADGE_TEXT: Color32 = Color32::WHITE;

/// Corner radius of an alert box.
pub const ALERT_RADIUS: u8 = 6;

/// Toast fills: done, and could not.
pub const TOAST_OK: Color32 = Color32::from_rgb(0x1a, 0x7f, 0x37);
pub const TOAST_WARN: Color32 = Color32::from_rgb(0x9a, 0x67, 0x00);

/// The dimmed window behind the drop-a-file overlay.
pub const DROP_DIM: Color32 = Color32::from_black_alpha(170);

/// What a stretch of the paste is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Plain,
    JwtHeader,
    JwtPayload,
    JwtSignature,
    /// The dots between a JWT's segments.
    JwtDot,
    /// A header name, JSON key or form key.
    Key,
    /// An Identity header parameter (`;info=`, `;ppt=`).
    Param,
}
