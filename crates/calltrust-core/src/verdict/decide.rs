//! The verdict (SPEC §5): outcome, attestation, one plain headline, advice.

use crate::input::Evidence;
use crate::knowledge::{Verstat, VerstatOutcome, routing_advice};
use crate::model::{Attestation, Finding, InputKind, Severity, ids};
use crate::model::{Outcome, Verdict};
use crate::passport::token::Token;
use crate::tn::{canonical_digits, is_nanp};

pub struct Facts<'a> {
    pub kind: InputKind,
    pub findings: &'a [Finding],
    pub verstat: Option<&'a Verstat>,
    pub tokens: &'a [Token],
    /// A SHAKEN PASSporT whose signature calltrust verified.
    pub verified_shaken: Option<usize>,
    /// A SHAKEN PASSporT whose signature verified *and* whose signer chains
    /// to a configured trust anchor (`chain-valid`).
    pub trusted_shaken: Option<usize>,
    pub ev: &'a Evidence,
}

pub fn decide(x: &Facts) -> Verdict {
    let errors: Vec<&Finding> = x
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let passports = x.tokens.iter().filter(|t| !t.is_parent()).count();
    let shaken = x
        .tokens
        .iter()
        .find(|t| t.is_shaken() && t.decoded.payload.is_some());
    let shaken_attest =
        shaken.and_then(|t| t.claims.attest.as_deref().and_then(Attestation::parse));
    let attestation = shaken_attest.or_else(|| x.verstat.and_then(|v| v.attestation));
    let outcome = outcome_of(x, &errors, passports);
    let headline = headline(x, outcome, &errors, attestation, shaken);
    let advice = match x.kind {
        InputKind::Empty => "Paste a payload, open a file, or pick one of the samples to see how calltrust reads it.".to_string(),
        InputKind::Unrecognized if passports == 0 => {
            "Check what was pasted against the accepted forms (the error says where it broke); routing advice needs a readable payload.".to_string()
        }
        _ => routing_advice(outcome, attestation),
    };
    Verdict {
        outcome,
        attestation,
        headline,
        verifier_response: None,
        advice,
        next_steps: next_steps(x.findings, false),
        hygiene_steps: next_steps(x.findings, true),
    }
}

/// The outcome (SPEC §5), from the strongest evidence down.
fn outcome_of(x: &Facts, errors: &[&Finding], passports: usize) -> Outcome {
    let vo = x.verstat.map(|v| v.outcome);
    // SPEC §5: the paste's tokens could not be read and nothing readable is
    // in error — checked before `failed`.
    let readable_passports: Vec<&Token> = x.tokens.iter().filter(|t| !t.is_parent()).collect();
    let unreadable = !readable_passports.is_empty()
        && readable_passports.iter().all(|t| t.damaged())
        && errors.iter().all(|f| about_damage(f, x.tokens));
    if matches!(x.kind, InputKind::Empty | InputKind::Unrecognized) && passports == 0 {
        Outcome::Unknown
    } else if unreadable {
        Outcome::Unreadable
    } else if !errors.is_empty() || vo == Some(VerstatOutcome::Failed) {
        Outcome::Failed
    } else if x.trusted_shaken.is_some() {
        Outcome::Verified
    } else if vo == Some(VerstatOutcome::Passed) {
        Outcome::Passed
    } else if x.verified_shaken.is_some() {
        Outcome::Signed
    } else if vo == Some(VerstatOutcome::NoValidation)
        || (passports == 0 && x.kind != InputKind::Verstat)
    {
        Outcome::NoValidation
    } else {
        Outcome::Unknown
    }
}

/// One plain sentence for the outcome: what was checked, by whom, and for
/// which caller.
fn headline(
    x: &Facts,
    outcome: Outcome,
    errors: &[&Finding],
    attestation: Option<Attestation>,
    shaken: Option<&Token>,
) -> String {
    match outcome {
        Outcome::Unreadable => {
            let why = errors
                .first()
                .map(|e| e.title.trim_end_matches('.').to_string())
                .unwrap_or_else(|| "its token could not be read".into());
            format!(
                "Unreadable: the paste is damaged ({why}), so nothing about the call could be judged — copy the token again from the original source.{}",
                match x.verstat {
                    Some(v) if !v.value.is_empty() => format!(" The carrier's verstat ({}) is shown below; it is the carrier's word, not calltrust's.", v.value),
                    _ => String::new(),
                }
            )
        }
        Outcome::Unknown if x.kind == InputKind::Empty => "Nothing to inspect yet: paste a webhook, CallToken, SIP INVITE, Identity header, PASSporT or verstat value.".to_string(),
        Outcome::Unknown if x.kind == InputKind::Unrecognized => match errors.first() {
            Some(e) => format!("The input was not recognised: {}.", e.title.trim_end_matches('.')),
            None => "The input was not recognised.".to_string(),
        },
        Outcome::Unknown => match x.verstat {
            Some(v) if v.outcome == VerstatOutcome::Unknown => format!("Cannot judge the call: the verstat value \"{}\" is not one Twilio or 3GPP documents.", v.value),
            _ => format!(
                "Not verified by anyone: the PASSporT is readable, with {}, but no certificate was supplied to check its signature and no carrier verstat came with it.",
                att_text(attestation)
            ),
        },
        Outcome::Verified => format!(
            "Verified: calltrust checked the SHAKEN signature and its certificate chain to a trusted STI-CA itself — {}{}.",
            att_text(attestation),
            caller_phrase(shaken, x.ev)
        ),
        Outcome::Signed => format!(
            "Signature only — signer not trusted: the SHAKEN signature verifies, {}{}, but the signing certificate's chain was not traced to a trusted STI-CA. Anyone can sign with a certificate of their own, so this proves nothing about the caller; add the STI-PA's trust anchors (--trust-anchor) to settle it.",
            att_text(attestation),
            caller_phrase(shaken, x.ev)
        ),
        Outcome::Passed => format!(
            "The carrier verified this call ({}): {}. calltrust did not verify the signature and its chain to a trusted STI-CA itself.",
            x.verstat.map(|v| v.value.as_str()).unwrap_or(""),
            att_text(attestation)
        ),
        Outcome::Failed => failed_headline(x, errors),
        Outcome::NoValidation => match x.verstat {
            Some(v) if v.outcome == VerstatOutcome::NoValidation => "The carrier did not validate this call (No-TN-Validation): nothing about the caller ID was verified.".to_string(),
            _ => "No PASSporT in the input: the call was not signed (or the Identity header was not captured), so the caller ID is unverified.".to_string(),
        },
    }
}

/// The headline of a failed call: the carrier's word, or the first error.
fn failed_headline(x: &Facts, errors: &[&Finding]) -> String {
    if errors.is_empty() {
        format!(
            "The carrier could not verify this call ({}): treat the caller ID as unverified.",
            x.verstat
                .map(|v| if v.value.is_empty() {
                    "empty verstat"
                } else {
                    v.value.as_str()
                })
                .unwrap_or("")
        )
    } else {
        let first = errors
            .iter()
            .find(|e| e.id != ids::VERSTAT_FAILED)
            .unwrap_or(&errors[0]);
        let more = errors.len() - 1;
        format!(
            "Failed: {}{}{}.",
            first.title.trim_end_matches('.'),
            signed_vs_presented_phrase(first, x.tokens, x.ev),
            if more > 0 {
                format!(
                    " (and {more} more error{})",
                    if more == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        )
    }
}

fn att_text(a: Option<Attestation>) -> String {
    match a {
        Some(a) => format!("attestation {a} ({})", a.short()),
        None => "no attestation level".into(),
    }
}

/// " for caller 12025550143 (presented as From +12025550143)": the signed
/// caller, and what the callee was shown when that says something else.
/// A finding that is about a damaged token's damage rather than about the
/// call: its malformation, its signature (which could not be checked), and
/// the Identity parameters a cut-off value lost. Such findings never decide
/// a verdict of `failed` or a verifier's answer: a verifier received the
/// token whole.
pub fn about_damage(f: &Finding, tokens: &[Token]) -> bool {
    let damaged = f
        .passport
        .and_then(|i| tokens.iter().find(|t| t.index == i))
        .is_some_and(|t| t.damaged());
    damaged
        && (matches!(
            f.id,
            ids::PASSPORT_MALFORMED
                | ids::IDENTITY_INFO_MISMATCH
                | ids::SIGNATURE_ENCODING
                | ids::SIGNATURE_INVALID
                | ids::SIGNATURE_NOT_CHECKED
        ) || (f.id == ids::PASSPORT_PPT && f.title == "Identity header has no ppt parameter"))
}

fn caller_phrase(shaken: Option<&Token>, ev: &Evidence) -> String {
    let Some(tn) = shaken.and_then(|t| t.claims.orig_tn.as_deref()) else {
        return String::new();
    };
    let p = &ev.presented;
    let same =
        |q: &crate::input::PresentedParty| q.digits.as_deref() == canonical_digits(tn).as_deref();
    match (&p.from, &p.pai) {
        (Some(f), _) if same(f) => format!(
            " for caller {tn} (presented as {} {})",
            f.source,
            f.number.as_deref().unwrap_or("")
        ),
        (Some(f), Some(a)) if same(a) => format!(
            " for caller {tn} (P-Asserted-Identity {}; From shows {}, which nobody signed)",
            a.number.as_deref().unwrap_or(""),
            f.number
                .as_deref()
                .or(f.uri.as_deref())
                .unwrap_or("no number")
        ),
        (None, Some(a)) if same(a) => format!(
            " for caller {tn} (presented as P-Asserted-Identity {})",
            a.number.as_deref().unwrap_or("")
        ),
        _ => format!(" for caller {tn}"),
    }
}

/// For an orig/dest mismatch: " — signed orig 12025550143, presented From
/// +18005550199": the verdict names both callers.
fn signed_vs_presented_phrase(f: &Finding, tokens: &[Token], ev: &Evidence) -> String {
    let t = f
        .passport
        .and_then(|i| tokens.iter().find(|t| t.index == i));
    let (claim, signed, shown) = match (f.id, t) {
        (ids::ORIG_MISMATCH, Some(t)) => (
            "orig",
            t.claims.orig_tn.clone().or(t.claims.orig_uri.clone()),
            ev.presented.from.as_ref().or(ev.presented.pai.as_ref()),
        ),
        (ids::DEST_MISMATCH, Some(t)) => (
            "dest",
            t.claims
                .dest_tn
                .first()
                .or(t.claims.dest_uri.first())
                .cloned(),
            ev.presented
                .request_uri
                .as_ref()
                .or(ev.presented.to.as_ref()),
        ),
        _ => return String::new(),
    };
    match (signed, shown) {
        (Some(s), Some(q)) => format!(
            " — signed {claim} {s}, presented {} {}",
            q.source,
            q.number
                .as_deref()
                .or(q.uri.as_deref())
                .unwrap_or("(no number)")
        ),
        _ => String::new(),
    }
}

/// Hints of errors, then warnings, de-duplicated: at most three about the
/// call's trust, or (with `hygiene`) the hygiene advice, at most three.
fn next_steps(findings: &[Finding], hygiene: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for sev in [Severity::Error, Severity::Warning] {
        for f in findings
            .iter()
            .filter(|f| f.severity == sev && f.id.is_hygiene() == hygiene)
        {
            if let Some(h) = &f.hint
                && !out.contains(h)
            {
                out.push(h.clone());
            }
        }
    }
    out.truncate(3);
    out
}

/// The caller's number as digits: the SHAKEN orig, else the signalling's.
pub fn caller_digits(tokens: &[Token], ev: &Evidence) -> Option<String> {
    tokens
        .iter()
        .find(|t| t.is_shaken())
        .and_then(|t| t.claims.orig_tn.clone())
        .or_else(|| ev.calling.first().map(|p| p.value.clone()))
        .as_deref()
        .and_then(canonical_digits)
}

/// Advice findings: routing advice and the international-caller note.
pub fn advice_findings(v: &Verdict, ev: &Evidence, tokens: &[Token]) -> Vec<Finding> {
    let mut f = vec![Finding::info(
        ids::ROUTING_ADVICE,
        match v.attestation {
            Some(a) => format!("Routing advice for attestation {a}"),
            None => "Routing advice".to_string(),
        },
        format!(
            "{}{}",
            v.advice,
            v.attestation
                .map(|a| format!(" (Attestation {a}: {})", a.meaning()))
                .unwrap_or_default()
        ),
    )];
    if let Some(d) = caller_digits(tokens, ev)
        && d.len() >= 8
        && !is_nanp(&d)
        && !d.starts_with('0')
    {
        f.push(Finding::info(
                ids::CALLER_INTERNATIONAL,
                "International caller",
                format!("The calling number {d} is outside the North American Numbering Plan. International calls often arrive unattested or with attestation C: that alone is not a sign of spoofing."),
            ));
    }
    f
}
