//! Views of the call built from its tokens: the call path (caller →
//! called → diversions), signed vs presented, and the CallToken's view.

use super::data::{
    CallTokenReport, Hop, HopKind, PairMatch, Pairing, PassportReport, PassportRole,
};
use crate::input::Evidence;
use crate::model::Ppt;
use crate::passport::token::Token;

/// The call path from the SHAKEN and DIV PASSporTs, the CallToken, or the signalling.
pub fn call_path(tokens: &[Token], ev: &Evidence, sig_label: &dyn Fn(usize) -> String) -> Vec<Hop> {
    let mut hops = Vec::new();
    for t in tokens {
        if t.decoded.payload.is_none() {
            continue;
        }
        let c = &t.claims;
        if t.is_parent() {
            if let (Some(from), Some(to)) = (&c.from, &c.to) {
                hops.push(Hop {
                    from: from.clone(),
                    to: to.clone(),
                    kind: HopKind::CalltokenParent,
                    via: "CallToken parent call".into(),
                    attestation: None,
                    passport: Some(t.index),
                    signature: Some(sig_label(t.index)),
                });
            }
            continue;
        }
        let (from, kind, via) = if t.is_div() {
            (
                c.div_tn.clone().or(c.div_uri.clone()),
                HopKind::Div,
                "DIV (forwarded)",
            )
        } else if t.is_shaken() {
            (
                c.orig_tn.clone().or(c.orig_uri.clone()),
                HopKind::Shaken,
                "SHAKEN",
            )
        } else {
            (
                c.orig_tn.clone().or(c.orig_uri.clone()),
                HopKind::Passport,
                "PASSporT",
            )
        };
        let to = c.dest_tn.first().or(c.dest_uri.first()).cloned();
        if let (Some(from), Some(to)) = (from, to) {
            hops.push(Hop {
                from,
                to,
                kind,
                via: via.into(),
                attestation: if t.is_shaken() {
                    c.attest.clone()
                } else {
                    None
                },
                passport: Some(t.index),
                signature: Some(sig_label(t.index)),
            });
        }
    }
    if hops.is_empty()
        && let (Some(a), Some(b)) = (ev.calling.first(), ev.called.first())
    {
        hops.push(Hop {
            from: a.value.clone(),
            to: b.value.clone(),
            kind: HopKind::Signalling,
            via: format!("signalling ({} → {})", a.source, b.source),
            attestation: None,
            passport: None,
            signature: None,
        });
    }
    hops
}

/// Explain a CallToken: who it is for, what it carries, how to forward with it.
pub fn call_token_report(tokens: &[Token], ev: &Evidence) -> Option<CallTokenReport> {
    let (_, origin) = ev.call_token.as_ref()?;
    let parent = tokens.iter().find(|t| t.is_parent());
    let carried: Vec<&Token> = tokens
        .iter()
        .filter(|t| !t.is_parent() && t.source.carrier == crate::input::Carrier::CallToken)
        .collect();
    let c = parent.map(|p| p.claims.clone()).unwrap_or_default();
    let shaken: Vec<&&Token> = carried.iter().filter(|t| t.is_shaken()).collect();
    let divs = carried.iter().filter(|t| t.is_div()).count();
    let from = c.from.clone();
    let summary = match &from {
        Some(f) => format!(
            "To forward this call keeping the caller's verified identity, create the new call with this CallToken and From {f} (the original caller)."
        ),
        None => {
            "The parent token has no from: Twilio cannot match a forwarded call's caller ID to it."
                .to_string()
        }
    };
    let carries = match (shaken.len(), divs) {
        (0, _) => "no SHAKEN PASSporT: the incoming call was not signed, so Twilio signs the forwarded call itself with attestation C".to_string(),
        (_, 0) => format!(
            "the caller's SHAKEN PASSporT (attestation {}) and no DIV PASSporT: the call was not diverted before it reached {}",
            shaken[0].claims.attest.as_deref().unwrap_or("?"),
            c.to.as_deref().unwrap_or("your number")
        ),
        (_, d) => format!(
            "the caller's SHAKEN PASSporT (attestation {}) and {d} DIV PASSporT{}: the call was already forwarded before it reached {}",
            shaken[0].claims.attest.as_deref().unwrap_or("?"),
            if d == 1 { "" } else { "s" },
            c.to.as_deref().unwrap_or("your number")
        ),
    };
    let explanation = format!(
        "The CallToken from the incoming call's webhook carries the parent call {} ({} → {}) and {carries}. Pass it as the CallToken parameter when creating the forwarded call (Calls or Participants API) with From set to the original caller: Twilio checks the caller ID against the token's from and rejects a mismatch. If the outbound carrier supports it, Twilio forwards the original SHAKEN PASSporT with a DIV PASSporT; otherwise it signs the forwarded call with attestation C.",
        c.call_sid.as_deref().unwrap_or("(no callSid)"),
        c.from.as_deref().unwrap_or("?"),
        c.to.as_deref().unwrap_or("?"),
    );
    Some(CallTokenReport {
        origin: origin.clone(),
        call_sid: c.call_sid,
        from,
        to: c.to,
        iat_utc: c.iat.map(crate::timefmt::utc),
        passports: carried.iter().map(|t| t.index).collect(),
        summary,
        explanation,
    })
}

/// The signed-vs-presented rows: the SHAKEN orig beside From and
/// P-Asserted-Identity; the dest of the last link (the last DIV PASSporT,
/// else the SHAKEN one) beside To and the Request-URI.
pub fn signed_vs_presented(
    passports: &[PassportReport],
    p: &crate::input::Presented,
) -> Vec<Pairing> {
    let readable = |x: &&PassportReport| x.role == PassportRole::Passport && !x.payload.is_null();
    let shaken = passports
        .iter()
        .filter(readable)
        .find(|x| x.ppt == Some(Ppt::Shaken) || (x.ppt.is_none() && x.claims.attest.is_some()));
    let last_div = passports
        .iter()
        .filter(readable)
        .rfind(|x| x.ppt.as_ref().is_some_and(Ppt::is_div));
    let mut out = Vec::new();
    if let Some(t) = shaken
        && let Some(orig) = t.claims.orig_tn.as_ref().or(t.claims.orig_uri.as_ref())
    {
        for q in p.from.iter().chain(p.pai.iter()) {
            out.push(pairing("orig", t, orig, q));
        }
    }
    // A forwarded call: To keeps the number first dialled (the SHAKEN dest)
    // while the Request-URI is where the last diversion sent it. Each
    // presented callee is compared with every dest of the chain; the one
    // that matches is named, else the last link's.
    let chain: Vec<&PassportReport> = shaken
        .into_iter()
        .chain(
            passports
                .iter()
                .filter(readable)
                .filter(|x| x.ppt.as_ref().is_some_and(Ppt::is_div)),
        )
        .collect();
    if let Some(last) = last_div.or(shaken)
        && let Some(last_dest) = last.claims.dest_tn.first().or(last.claims.dest_uri.first())
    {
        for q in p.to.iter().chain(p.request_uri.iter()) {
            let (t, d) = best_dest(&chain, q).unwrap_or((last, last_dest.as_str()));
            let claim = if chain.len() > 1 && t.ppt.as_ref().is_some_and(Ppt::is_div) {
                format!("dest (DIV #{})", t.index + 1)
            } else if chain.len() > 1 {
                "dest (SHAKEN)".to_string()
            } else {
                "dest".to_string()
            };
            out.push(pairing(&claim, t, d, q));
        }
    }
    out
}

/// One signed-vs-presented row.
fn pairing(
    claim: &str,
    t: &PassportReport,
    signed: &str,
    q: &crate::input::PresentedParty,
) -> Pairing {
    let (matches, note) = pair(signed, q);
    Pairing {
        claim: claim.into(),
        passport: t.index,
        signed: signed.into(),
        source: q.source.clone(),
        presented: q.number.clone().or_else(|| q.uri.clone()),
        display_name: q.display_name.clone(),
        matches,
        note,
    }
}

/// The dest of the chain a presented callee is: the same number, else the
/// same but for the country code.
fn best_dest<'a>(
    chain: &[&'a PassportReport],
    q: &crate::input::PresentedParty,
) -> Option<(&'a PassportReport, &'a str)> {
    let all: Vec<(&PassportReport, &str)> = chain
        .iter()
        .flat_map(|t| {
            t.claims
                .dest_tn
                .iter()
                .chain(t.claims.dest_uri.iter())
                .map(move |d| (*t, d.as_str()))
        })
        .collect();
    all.iter()
        .find(|(_, d)| pair(d, q).0 == PairMatch::Same)
        .or_else(|| {
            all.iter()
                .find(|(_, d)| pair(d, q).0 == PairMatch::CountryCodeOnly)
        })
        .copied()
}

fn pair(signed: &str, q: &crate::input::PresentedParty) -> (PairMatch, String) {
    let Some(digits) = &q.digits else {
        return (
            PairMatch::NoNumber,
            "the presented URI carries no telephone number".into(),
        );
    };
    let s = crate::tn::canonical_digits(signed).unwrap_or_default();
    let written = q.number.as_deref().unwrap_or("");
    if &s == digits {
        let note = if written == signed {
            "identical".to_string()
        } else {
            let mut removed = Vec::new();
            if written.starts_with('+') && !signed.starts_with('+') {
                removed.push("the leading +");
            }
            if written.contains(['-', '.', '(', ')', ' ']) {
                removed.push("visual separators");
            }
            if removed.is_empty() {
                "the same digits".to_string()
            } else {
                format!(
                    "the same number once {} removed (RFC 8224 §8.3)",
                    removed.join(" and ")
                )
            }
        };
        return (PairMatch::Same, note);
    }
    let strip1 = |x: &str| {
        x.strip_prefix('1')
            .filter(|_| x.len() == 11)
            .unwrap_or(x)
            .to_string()
    };
    if strip1(&s) == strip1(digits) {
        return (
            PairMatch::CountryCodeOnly,
            "the same national number, but one side lacks the country code 1 (national form)"
                .into(),
        );
    }
    (PairMatch::Different, "different numbers".into())
}
