//! Checks across tokens and signalling: orig/dest against the call, DIV chain,
//! verstat against attest, CallToken against the webhook.

use crate::input::Evidence;
use crate::input::Party;
use crate::knowledge::{Verstat, VerstatOutcome};
use crate::model::{Finding, ids};
use crate::passport::token::Token;
use crate::tn::{TnMatch, canonical_digits, compare, compare_party};

pub fn run(tokens: &[Token], ev: &Evidence, verstat: Option<&Verstat>) -> Vec<Finding> {
    let mut f = Vec::new();
    let shaken: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.is_shaken() && t.decoded.payload.is_some())
        .collect();
    let chain = div_chain(tokens, &shaken, &mut f);
    orig_vs_calling(&shaken, ev, &mut f);
    let last = chain.last().copied().or(shaken.first().copied());
    if let Some(last) = last {
        dest_vs_called(last, ev, &mut f);
    }
    if let Some(v) = verstat {
        verstat_findings(v, tokens, &shaken, &mut f);
    }
    // A forwarding request is checked by check::forward instead.
    if ev.kind != crate::model::InputKind::CallsRequest {
        call_token(tokens, ev, &mut f);
    }
    f
}

/// "From +18005550199 (display name "IRS Office"), P-Asserted-Identity …"
pub fn party_list(parties: &[Party]) -> String {
    parties
        .iter()
        .map(|p| match &p.display_name {
            Some(d) => format!("{} {} (display name \"{d}\")", p.source, p.shown()),
            None => format!("{} {}", p.source, p.shown()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// RFC 8224 §6.2.2 / ATIS-1000074 §5.3.2 / Twilio No-TN-Validation causes:
/// orig must be the caller ID in P-Asserted-Identity, Remote-Party-ID or
/// From — the number of the header's URI, never its display name.
fn orig_vs_calling(shaken: &[&Token], ev: &Evidence, f: &mut Vec<Finding>) {
    if ev.calling.is_empty() {
        return;
    }
    for t in shaken {
        let Some(orig) = t.claims.orig_tn.as_ref().or(t.claims.orig_uri.as_ref()) else {
            continue;
        };
        let results: Vec<(TnMatch, &Party)> = ev
            .calling
            .iter()
            .map(|p| (compare_party(orig, p), p))
            .collect();
        if let Some((_, p)) = results.iter().find(|(m, _)| *m == TnMatch::Same) {
            f.push(
                Finding::pass(
                    ids::ORIG_MISMATCH,
                    "orig matches the calling number",
                    format!("orig {orig} = {} {}.", p.source, p.shown()),
                )
                .passport(t.index),
            );
            // The callee's phone shows From; a From that says another number
            // than the signed one is what a spoofer would change.
            if let Some((m, from)) = results.iter().find(|(_, q)| q.source == "From")
                && from.source != p.source
                && *m == TnMatch::Different
            {
                f.push(
                    Finding::warning(
                        ids::ORIG_MISMATCH,
                        "orig matches P-Asserted-Identity, not From",
                        format!(
                            "The signed orig {orig} is {} {}, but From is {}: a phone that shows From displays a number nobody signed.",
                            p.source,
                            p.shown(),
                            from.shown()
                        ),
                    )
                    .hint("Ask the originating carrier why From differs from the asserted identity; the callee may have seen From.")
                    .passport(t.index)
                    .at(from.location),
                );
            }
        } else if let Some((_, p)) = results.iter().find(|(m, _)| *m == TnMatch::CountryCodeOnly) {
            f.push(
                Finding::warning(
                    ids::ORIG_MISMATCH,
                    "orig matches the caller only without the country code",
                    format!(
                        "orig {orig} and {} {} differ only in the leading country code 1.",
                        p.source,
                        p.shown()
                    ),
                )
                .hint(
                    "Caller IDs should be sent in E.164 (+1…) so verifiers compare like with like.",
                )
                .passport(t.index),
            );
        } else {
            f.push(
                Finding::error(
                    ids::ORIG_MISMATCH,
                    "orig is not the calling number",
                    format!("The PASSporT's signed orig is {orig}, but the call presented {}. A verifier treats this as a signature over a different caller (Twilio: No-TN-Validation); the caller ID may be spoofed or rewritten after signing.", party_list(&ev.calling)),
                )
                .hint("Ask the originating carrier why the signed orig differs from the caller ID; a PBX or SBC may rewrite From/P-Asserted-Identity after signing.")
                .passport(t.index),
            );
        }
    }
}

/// dest must contain the called number (Request-URI / To / Called).
fn dest_vs_called(t: &Token, ev: &Evidence, f: &mut Vec<Finding>) {
    if ev.called.is_empty() || (t.claims.dest_tn.is_empty() && t.claims.dest_uri.is_empty()) {
        return;
    }
    let dests: Vec<&String> = t
        .claims
        .dest_tn
        .iter()
        .chain(t.claims.dest_uri.iter())
        .collect();
    let mut best = TnMatch::Different;
    let mut hit = None;
    for d in &dests {
        for p in &ev.called {
            match compare_party(d, p) {
                TnMatch::Same => {
                    best = TnMatch::Same;
                    hit = Some((d.to_string(), p.clone()));
                }
                TnMatch::CountryCodeOnly if best != TnMatch::Same => {
                    best = TnMatch::CountryCodeOnly;
                    hit = Some((d.to_string(), p.clone()));
                }
                _ => {}
            }
        }
    }
    let dest_list = dests
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match (best, hit) {
        (TnMatch::Same, Some((d, p))) => f.push(Finding::pass(ids::DEST_MISMATCH, "dest matches the called number", format!("dest {d} = {} {}.", p.source, p.shown())).passport(t.index)),
        (TnMatch::CountryCodeOnly, Some((d, p))) => f.push(
            Finding::warning(ids::DEST_MISMATCH, "dest matches the called number only without the country code", format!("dest {d} and {} {} differ only in the country code 1.", p.source, p.shown())).passport(t.index),
        ),
        _ => f.push(
            Finding::error(
                ids::DEST_MISMATCH,
                "dest does not contain the called number",
                format!("The PASSporT's signed dest is [{dest_list}], but the call went to {}. Twilio reports this as No-TN-Validation. A forwarded call needs a DIV PASSporT for the new destination.", party_list(&ev.called)),
            )
            .hint("If the call was forwarded, the forwarding provider must add a DIV PASSporT; otherwise the signer used the wrong destination.")
            .passport(t.index),
        ),
    }
}

/// What the callee's screen shows beside the number: a display name (or
/// RCD `nam`) that itself carries another number or URI, or bidi controls
/// that reorder what is shown (RFC 3261 §20.20 leaves the display name to
/// the caller; nothing signs it).
pub fn display_names(ev: &Evidence, tokens: &[Token]) -> Vec<Finding> {
    use crate::input::sipaddr::{bidi_controls, numbers_in_text};
    let mut out = Vec::new();
    for p in ev.calling.iter().chain(ev.called.iter()) {
        let Some(name) = &p.display_name else {
            continue;
        };
        for (text, digits) in numbers_in_text(name) {
            let same_number = !digits.is_empty()
                && p.number.as_deref().is_some_and(|n| {
                    compare_party(
                        &digits,
                        &Party {
                            number: Some(n.to_string()),
                            ..Default::default()
                        },
                    ) != TnMatch::Different
                });
            let same_uri = p
                .uri
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&text));
            if same_number || same_uri {
                continue;
            }
            let signed = tokens
                .iter()
                .find(|t| t.is_shaken())
                .and_then(|t| t.claims.orig_tn.clone());
            out.push(
                Finding::warning(
                    ids::DISPLAY_NAME_NUMBER,
                    format!("{}'s display name shows another number", p.source),
                    format!(
                        "The display name \"{name}\" carries {text}, but {} is {}: the callee's screen may show {text} while the {} is {}.",
                        p.source,
                        p.shown(),
                        if signed.is_some() { "signed caller" } else { "number signalled" },
                        signed.as_deref().unwrap_or(p.shown())
                    ),
                )
                .hint("Judge the call by the URI's number (and the signed orig), not by the name; report the display name to the originating carrier if it imitates a number.")
                .at(p.location),
            );
        }
        let bidi = bidi_controls(name);
        if !bidi.is_empty() {
            out.push(
                bidi_finding(&format!("{}'s display name", p.source), name, &bidi).at(p.location),
            );
        }
    }
    for t in tokens {
        if let Some(nam) = t
            .decoded
            .payload
            .as_ref()
            .and_then(|p| p.get("rcd"))
            .and_then(|r| r.get("nam"))
            .and_then(|n| n.as_str())
        {
            let bidi = bidi_controls(nam);
            if !bidi.is_empty() {
                out.push(bidi_finding("The RCD nam", nam, &bidi).passport(t.index));
            }
        }
    }
    out
}

fn bidi_finding(what: &str, text: &str, controls: &[String]) -> Finding {
    Finding::warning(
        ids::DISPLAY_NAME_BIDI,
        format!("{what} holds bidirectional controls"),
        format!(
            "{what} \"{}\" contains {} ({}): the text can display in another order than it is stored, so a name or number may read differently on the callee's screen.",
            text.escape_default(),
            if controls.len() == 1 { "a bidi control" } else { "bidi controls" },
            controls.join(", ")
        ),
    )
    .hint("Treat the name as untrusted text; report it to the carrier that delivered it.")
}

/// A number as digits (a URI or odd form as written), for comparing.
fn tn_digits(s: &str) -> String {
    canonical_digits(s).unwrap_or_else(|| s.to_string())
}

/// A PASSporT's destinations (dest tn, then uri) as digits.
fn dest_digits(t: &Token) -> Vec<String> {
    t.claims
        .dest_tn
        .iter()
        .chain(t.claims.dest_uri.iter())
        .map(|s| tn_digits(s))
        .collect()
}

/// A DIV PASSporT's div claim (tn, else uri), as written.
fn div_of(t: &Token) -> Option<&str> {
    t.claims.div_tn.as_deref().or(t.claims.div_uri.as_deref())
}

/// RFC 8946 §3–4: each DIV PASSporT keeps the original orig and names the
/// previous destination in div. Returns the chain in order (SHAKEN excluded).
fn div_chain<'a>(
    tokens: &'a [Token],
    shaken: &[&'a Token],
    f: &mut Vec<Finding>,
) -> Vec<&'a Token> {
    let divs: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.is_div() && t.decoded.payload.is_some())
        .collect();
    if divs.is_empty() {
        return Vec::new();
    }
    let Some(base) = shaken.first() else {
        for d in &divs {
            f.push(
                Finding::warning(ids::DIV_CHAIN, "DIV PASSporT without a SHAKEN PASSporT", "A DIV PASSporT extends the SHAKEN PASSporT of the original call, but none was found in the input, so the chain cannot be followed.")
                    .passport(d.index),
            );
        }
        return Vec::new();
    };
    let mut chain: Vec<&Token> = Vec::new();
    let mut current: Vec<String> = dest_digits(base);
    let mut remaining = divs.clone();
    // Numbers the call has already been sent to: a DIV back to one is a loop.
    let mut visited: Vec<String> = current.clone();
    visited.extend(base.claims.orig_tn.as_deref().map(tn_digits));
    while let Some(pos) = remaining
        .iter()
        .position(|d| div_of(d).is_some_and(|dv| current.contains(&tn_digits(dv))))
    {
        let d = remaining.remove(pos);
        f.push(
            Finding::pass(
                ids::DIV_CHAIN,
                "DIV PASSporT chains",
                format!(
                    "div {} is the previous destination.",
                    div_of(d).unwrap_or("?")
                ),
            )
            .passport(d.index),
        );
        current = dest_digits(d);
        chain.push(d);
        if let Some(again) = current.iter().find(|c| visited.contains(c)) {
            f.push(
                Finding::error(
                    ids::DIV_CHAIN,
                    "Diversion loop",
                    format!(
                        "Link {} of the diversion chain sends the call to {again} again: the chain loops.",
                        chain.len()
                    ),
                )
                .hint("The diverting providers must stop forwarding the call back to a number it already reached.")
                .passport(d.index),
            );
            break;
        }
        visited.extend(current.iter().cloned());
    }
    for d in remaining {
        f.push(unchained(d, chain.len(), &current));
    }
    div_orig_findings(&divs, base, f);
    chain
}

/// A DIV PASSporT whose div is not the previous destination.
fn unchained(d: &Token, links: usize, current: &[String]) -> Finding {
    let div = div_of(d).unwrap_or("(none)");
    Finding::error(
        ids::DIV_CHAIN,
        "DIV PASSporT does not chain",
        format!(
            "The chain breaks after link {links}: this DIV PASSporT's div ({div}) is not the previous destination ([{}]){}.",
            current.join(", "),
            if links == 0 { " — the SHAKEN PASSporT's dest" } else { " — the dest of the last DIV PASSporT that chained" }
        ),
    )
    .hint("The diverting provider must put the number the call was originally sent to in div.")
    .passport(d.index)
}

/// Each DIV PASSporT's orig must be the SHAKEN PASSporT's (the original caller).
fn div_orig_findings(divs: &[&Token], base: &Token, f: &mut Vec<Finding>) {
    let base_orig = base.claims.orig_tn.as_deref().map(tn_digits);
    for d in divs {
        let o = d.claims.orig_tn.as_deref().map(tn_digits);
        if o.is_some() && base_orig.is_some() && o != base_orig {
            f.push(
                Finding::error(
                    ids::DIV_CHAIN,
                    "DIV orig differs from the SHAKEN orig",
                    format!(
                        "The DIV PASSporT's orig ({}) must be the original caller ({}).",
                        d.claims.orig_tn.as_deref().unwrap_or(""),
                        base.claims.orig_tn.as_deref().unwrap_or("")
                    ),
                )
                .passport(d.index),
            );
        }
    }
}

fn verstat_findings(v: &Verstat, tokens: &[Token], shaken: &[&Token], f: &mut Vec<Finding>) {
    let shown = if v.value.is_empty() {
        "(empty)".to_string()
    } else {
        v.value.clone()
    };
    let detail = format!("{shown} ({}): {}", v.source, v.meaning);
    match v.outcome {
        VerstatOutcome::Passed => f.push(Finding::pass(ids::VERSTAT_PASSED, "The carrier's verification passed", detail)),
        VerstatOutcome::Failed => f.push(
            Finding::error(ids::VERSTAT_FAILED, "The carrier's verification failed", detail)
                .hint("Treat the caller ID as unverified. If you have the Identity header, paste it to see why; the originating provider's certificate may be unreachable."),
        ),
        VerstatOutcome::NoValidation => f.push(
            Finding::warning(ids::VERSTAT_NO_VALIDATION, "The carrier did not validate the call", detail)
                .hint("Paste the SIP INVITE or CallToken to see which No-TN-Validation cause applies."),
        ),
        VerstatOutcome::Unknown => f.push(Finding::warning(ids::VERSTAT_UNKNOWN, "Unknown verstat value", detail)),
    }
    if let (Some(level), Some(t)) = (&v.attestation, shaken.first())
        && let Some(a) = &t.claims.attest
    {
        if a != level.as_str() {
            f.push(
                    Finding::warning(
                        ids::VERSTAT_ATTEST_MISMATCH,
                        "verstat level differs from the PASSporT's attest",
                        format!("The verstat says attestation {level} but the SHAKEN PASSporT attests {a}. A later hop may have re-signed the call (attestation downgrade), or the verstat belongs to another leg."),
                    )
                    .passport(t.index),
                );
        } else {
            f.push(
                Finding::pass(
                    ids::VERSTAT_ATTEST_MISMATCH,
                    "verstat agrees with attest",
                    format!("Both say attestation {a}."),
                )
                .passport(t.index),
            );
        }
    }
    if v.diverted && !tokens.iter().any(|t| t.is_div()) && !tokens.is_empty() {
        f.push(Finding::info(
            ids::DIV_CHAIN,
            "Diverted verstat but no DIV PASSporT pasted",
            "The verstat says the call was verified against the diverting provider, but no DIV PASSporT is in the input.",
        ));
    }
}

/// Twilio CallToken rules: the forwarded leg's caller ID must match the token's `from`.
fn call_token(tokens: &[Token], ev: &Evidence, f: &mut Vec<Finding>) {
    let Some(parent) = tokens.iter().find(|t| t.is_parent()) else {
        return;
    };
    let from_param = ev.param("From").filter(|s| !s.is_empty());
    if let (Some(pf), Some(wf)) = (&parent.claims.from, from_param) {
        if compare(pf, wf) == TnMatch::Same {
            f.push(Finding::pass(ids::CALLTOKEN_FROM_MISMATCH, "CallToken from matches the webhook's From", format!("Both are {wf}: forwarding with this CallToken and From {wf} will be accepted.")).passport(parent.index));
        } else {
            f.push(
                Finding::error(
                    ids::CALLTOKEN_FROM_MISMATCH,
                    "CallToken from differs from the webhook's From",
                    format!("parentCallInfoToken says from {pf} but the webhook's From is {wf}. Twilio rejects a forwarded call whose caller ID does not match its CallToken."),
                )
                .hint("When forwarding, create the new call with From set to the original caller exactly as in the CallToken.")
                .passport(parent.index),
            );
        }
    }
    let to_params: Vec<&str> = ["To", "Called"]
        .iter()
        .filter_map(|n| ev.param(n))
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(pt) = &parent.claims.to
        && !to_params.is_empty()
        && !to_params.iter().any(|w| compare(pt, w) == TnMatch::Same)
    {
        f.push(
                Finding::warning(
                    ids::CALLTOKEN_TO_MISMATCH,
                    "CallToken to differs from the webhook's To",
                    format!("parentCallInfoToken says to {pt} but the webhook was for {}. The CallToken may belong to another call.", to_params.join(" / ")),
                )
                .passport(parent.index),
            );
    }
    if from_param.is_none() && ev.kind == crate::model::InputKind::CallToken {
        f.push(Finding::info(
            ids::CALLTOKEN_FROM_MISMATCH,
            "CallToken not compared with a webhook",
            "Only the CallToken was pasted; paste the whole webhook to check its from/to against the call's From/To.",
        ));
    }
}
