//! What a verifier checks before the token (RFC 8224 §6.2): an Identity
//! header at all, and the Date header against its clock. The answer it
//! gives is decided in `verdict::verifier`.

use crate::input::Evidence;
use crate::model::{Finding, InputKind, Severity, ids};
use crate::passport::token::Token;

/// `identity-missing` for a SIP request without any Identity header.
pub fn identity_missing(ev: &Evidence, tokens: &[Token]) -> Option<Finding> {
    (ev.kind == InputKind::SipMessage && !tokens.iter().any(|t| !t.is_parent())).then(|| {
        Finding::info(
            ids::IDENTITY_MISSING,
            "No Identity header",
            "The SIP request carries no Identity header: the call was not signed (or the header was stripped before it was captured). A strict verifier answers 428 Use Identity Header; most networks let it through unverified.",
        )
        .hint("Capture the INVITE where it enters your network, before any proxy strips headers; if there is still no Identity header, the originating provider did not sign the call.")
    })
}

/// `date-stale`: the SIP Date header against the given time (or now), with
/// the iat window (SPEC §4; RFC 8224 §6.2.1).
pub fn date_stale(ev: &Evidence, at: Option<i64>, now: i64, max_age: u64) -> Option<Finding> {
    let date = ev.sip_date?;
    let (reference, given) = match at {
        Some(a) => (a, true),
        None => (now, false),
    };
    let off = date - reference;
    if off.unsigned_abs() <= max_age {
        return Some(Finding::pass(
            ids::DATE_STALE,
            "Date header is fresh",
            format!(
                "The SIP Date header is {} from {}, within the {max_age} s window.",
                crate::timefmt::duration(off.unsigned_abs()),
                if given { "the time you gave" } else { "now" }
            ),
        ));
    }
    let sev = if given {
        Severity::Error
    } else {
        Severity::Info
    };
    Some(Finding::new(
        ids::DATE_STALE,
        sev,
        "Date header is outside the window",
        format!(
            "The SIP Date header ({}) is {} {} {} (window {max_age} s). A verifier judging the call at that time answers 403 Stale Date.{}",
            crate::timefmt::utc(date),
            crate::timefmt::duration(off.unsigned_abs()),
            if off < 0 { "before" } else { "after" },
            if given { "the time you gave" } else { "now" },
            if given {
                ""
            } else {
                " Against now this is expected for a pasted old call: give the time of the call (--at) to judge it."
            }
        ),
    ))
}
