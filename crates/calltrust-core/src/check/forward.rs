//! Forwarding a call with its CallToken (Twilio "Trusted Calling with
//! SHAKEN/STIR"): the requests that forward a webhook's call keeping the
//! caller's attestation, and the checks of a pasted forwarding request.

use crate::input::Evidence;
use crate::model::{Finding, InputKind, Severity, ids};
use crate::passport::token::Token;

/// A pasted forwarding request checked against the CallToken it carries.
pub fn check_request(ev: &Evidence, tokens: &[Token], reference: i64) -> Vec<Finding> {
    if ev.kind != InputKind::CallsRequest {
        return Vec::new();
    }
    let mut out = Vec::new();
    let Some(raw) = ev.param("CallToken").filter(|t| !t.trim().is_empty()) else {
        out.push(
            Finding::error(
                ids::FORWARD_CALLTOKEN_MISSING,
                "No CallToken in the forwarding request",
                "The request creates a call without a CallToken. With the original caller's number as From, Twilio rejects it (error 21210: you may only use numbers you own or verified); with one of your numbers, the callee sees your number, not the caller's, and the caller's attestation is lost.",
            )
            .hint("Pass the CallToken of the incoming call's webhook, verbatim, and set From to the original caller."),
        );
        return out;
    };
    if let Some(why) = altered(raw) {
        out.push(
            Finding::error(ids::FORWARD_CALLTOKEN_ALTERED, "The CallToken was altered", why)
                .hint("Pass the CallToken exactly as the webhook delivered it: do not decode, re-encode, trim or edit it."),
        );
    }
    let parent = tokens.iter().find(|t| t.is_parent());
    let token_from = parent.and_then(|t| t.claims.from.clone());
    match (ev.param("From"), token_from.as_deref()) {
        (Some(from), Some(tf)) => {
            let same = crate::tn::canonical_digits(from) == crate::tn::canonical_digits(tf);
            out.push(if same {
                Finding::pass(
                    ids::FORWARD_FROM_MISMATCH,
                    "From is the CallToken's caller",
                    format!("From {from} is the parent call's from {tf}: Twilio accepts the forwarded call with the caller's identity."),
                )
            } else {
                Finding::error(
                    ids::FORWARD_FROM_MISMATCH,
                    "From is not the CallToken's caller",
                    format!("From is {from} but the CallToken was issued for a call from {tf}: Twilio rejects the forwarded call (error 21210)."),
                )
                .hint(format!("Set From to {tf}, the original caller."))
            });
        }
        (None, Some(tf)) => out.push(Finding::error(
            ids::FORWARD_FROM_MISMATCH,
            "The forwarding request has no From",
            format!("Set From to {tf}, the caller the CallToken was issued for."),
        )),
        _ => {}
    }
    if let Some(iat) = parent.and_then(|t| t.claims.iat) {
        let age = reference - iat;
        out.push(
            Finding::new(
                ids::FORWARD_CALLTOKEN_ALTERED,
                if age > 3600 { Severity::Warning } else { Severity::Info },
                "Age of the CallToken",
                format!(
                    "The CallToken was issued {} ({}). A CallToken belongs to a live incoming call: use it while that call is in progress; an old token is refused.",
                    crate::timefmt::age(iat, reference),
                    crate::timefmt::utc(iat)
                ),
            ),
        );
    }
    out
}

/// Why a CallToken value is not what the webhook delivered, if it is not.
fn altered(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t != raw {
        return Some("The CallToken has leading or trailing whitespace: it was trimmed or padded after the webhook delivered it.".into());
    }
    // Twilio delivers the CallToken as a URL-encoded JSON string (%7B…) and
    // expects that string back, verbatim.
    if t.starts_with("%257B") || t.starts_with("%257b") || t.contains("%2522") {
        return Some("The CallToken is URL-encoded twice: send the value exactly as the webhook delivered it (%7B…); the HTTP client encodes it once more on the wire by itself.".into());
    }
    if t.starts_with('{') {
        return Some("The CallToken was decoded: the webhook delivers it as a URL-encoded JSON string (%7B%20%22parentCallInfoToken…), and Twilio expects that string back verbatim.".into());
    }
    if !(t.starts_with("%7B") || t.starts_with("%7b")) {
        return Some("The CallToken does not start like one (%7B…, URL-encoded JSON): it was cut or replaced.".into());
    }
    let (decoded, _) = crate::input::text::percent_decode(t, false);
    let v: serde_json::Value = match serde_json::from_str(&decoded) {
        Ok(v) => v,
        Err(e) => {
            return Some(format!(
                "The CallToken is not complete JSON ({}): it was truncated or edited.",
                crate::input::calltoken::strip_serde_position(&e.to_string())
            ));
        }
    };
    let parent = v.get("parentCallInfoToken").and_then(|p| p.as_str());
    match parent {
        None => {
            return Some(
                "The CallToken has no parentCallInfoToken string: its structure was changed."
                    .into(),
            );
        }
        Some(p) => {
            let segs: Vec<&str> = p.split('.').collect();
            let b64 = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            };
            if segs.len() != 3 || !segs.iter().all(|s| b64(s)) {
                return Some("parentCallInfoToken is not a complete JWT (three base64url segments): the token was truncated or re-encoded.".into());
            }
        }
    }
    if !v.get("identityHeaderTokens").is_some_and(|x| x.is_array()) {
        return Some(
            "The CallToken has no identityHeaderTokens list: its structure was changed.".into(),
        );
    }
    None
}
