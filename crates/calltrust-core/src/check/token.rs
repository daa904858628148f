//! Checks on one token on its own: JOSE header, Identity parameters, claims,
//! telephone-number form and iat.

pub use crate::model::RefTime;
use crate::model::TimeSource;
use crate::model::{Finding, Severity, ids};
use crate::passport::token::Token;
use crate::passport::{self, Part};
use crate::tn::{TnProblem, tn_problem};

/// `notes`: also the checks that can only give a note or a pass (canonical
/// JSON); a batch row, which keeps errors only, leaves them out.
pub fn run(t: &Token, r: RefTime, notes: bool) -> Vec<Finding> {
    let mut f = Vec::new();
    if t.is_parent() {
        parent(t, &mut f);
        return f;
    }
    malformed(t, &mut f);
    if t.decoded.header.is_some() {
        alg(t, &mut f);
        ppt(t, &mut f);
        typ(t, &mut f);
        x5u(t, &mut f);
    }
    identity_params(t, &mut f);
    compact(t, &mut f);
    if notes {
        canonical(t, &mut f);
    }
    if t.decoded.payload.is_some() {
        claim_shapes(t, &mut f);
        required_claims(t, &mut f);
        attest(t, &mut f);
        tn_forms(t, &mut f);
    }
    iat(t, r, &mut f);
    // A value cut off in copying lost its Identity parameters with it: their
    // absence is part of the damage, not the signer's fault.
    if t.damaged() {
        for x in &mut f {
            let lost = x.id == ids::IDENTITY_INFO_MISMATCH && x.title.contains("no info parameter")
                || x.id == ids::PASSPORT_PPT && x.title == "Identity header has no ppt parameter";
            if lost && x.severity == Severity::Error {
                x.severity = Severity::Info;
                x.detail = format!(
                    "{} The value looks cut off, so the parameter was probably lost with it.",
                    x.detail
                );
            }
        }
    }
    f.into_iter()
        .map(|x| x.passport(t.index).at(t.source.location))
        .collect()
}

/// A documentation placeholder such as Twilio's `STIR_TOKEN_IN_JWT_FORM`.
fn is_placeholder(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.len() < 64
        && s.contains('_')
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// RFC 7515 §7.1 / RFC 8225 §6: three base64url segments of JSON objects.
fn malformed(t: &Token, f: &mut Vec<Finding>) {
    let d = &t.decoded;
    if d.problems.iter().any(|p| p.part == Part::Token) && is_placeholder(&d.raw) {
        f.push(
            Finding::warning(
                ids::PASSPORT_MALFORMED,
                "Placeholder instead of a token",
                format!(
                    "{} holds `{}`, a documentation placeholder, not a PASSporT.",
                    t.source.origin, d.raw
                ),
            )
            .hint(format!("{} holds a documentation placeholder: paste the value your webhook or SIP trace really carried.", t.source.origin)),
        );
        return;
    }
    for p in &d.problems {
        f.push(
            Finding::error(
                ids::PASSPORT_MALFORMED,
                format!("PASSporT {} is malformed ({})", t.label(), p.part.as_str()),
                format!("{}: {}.", t.source.origin, p.message),
            )
            .hint("Copy the token again from the original source: it must be three base64url segments, header.payload.signature, with nothing cut off."),
        );
    }
    if let Some(sig) = d.signature.as_deref()
        && crate::passport::token::signature_cut_off(sig)
    {
        f.push(
            Finding::error(
                ids::PASSPORT_MALFORMED,
                format!("PASSporT {} looks cut off (signature)", t.label()),
                format!(
                    "{}: the signature is {} bytes where ES256 has 64, and it is not DER either: the token was cut off when it was copied. Nothing the signer did is known to be wrong.",
                    t.source.origin,
                    sig.len()
                ),
            )
            .hint("Copy the token again from the original source (SIP trace, webhook log): the whole header.payload.signature."),
        );
    }
    if [&d.header_b64, &d.payload_b64, &d.signature_b64]
        .iter()
        .any(|s| passport::not_base64url(s))
    {
        f.push(
            Finding::warning(
                ids::PASSPORT_MALFORMED,
                "Segments are not plain base64url",
                "The token uses the standard base64 alphabet ('+', '/') or '=' padding; JWS requires unpadded base64url. Strict verifiers reject it.",
            ),
        );
    }
}

/// RFC 8225 §4, RFC 8588 §4, ATIS-1000074 §5.3.1: alg must be ES256.
fn alg(t: &Token, f: &mut Vec<Finding>) {
    match t.alg() {
        Some("ES256") => f.push(Finding::pass(
            ids::PASSPORT_ALG,
            "alg is ES256",
            "The header's alg is ES256, the only algorithm SHAKEN allows.",
        )),
        Some(other) => {
            let why = match other {
                "none" => "`none` means unsigned: anyone could have written it".to_string(),
                a if a.starts_with("HS") => format!(
                    "{a} is an HMAC (shared-secret) algorithm; a certificate's public key must never be used as an HMAC secret"
                ),
                a if a.starts_with("RS") || a.starts_with("PS") => {
                    format!("{a} is an RSA algorithm; SHAKEN certificates carry P-256 keys")
                }
                a => format!("`{a}` is not ES256"),
            };
            f.push(
                Finding::error(
                    ids::PASSPORT_ALG,
                    format!("alg is {other}, not ES256"),
                    format!("{why}. calltrust only ever verifies ES256."),
                )
                .hint("The signer must use ES256 (ECDSA P-256 with SHA-256)."),
            );
        }
        None => f.push(Finding::error(
            ids::PASSPORT_ALG,
            "alg is missing",
            "The header has no alg; a PASSporT must say ES256.",
        )),
    }
    if let Some(p) = t.identity.param("alg")
        && Some(p) != t.alg()
    {
        f.push(Finding::error(
            ids::PASSPORT_ALG,
            "Identity alg parameter disagrees with the header",
            format!(
                "The Identity header says alg={p} but the PASSporT header says {}.",
                t.alg().unwrap_or("nothing")
            ),
        ));
    }
}

/// RFC 8225 §8.1, RFC 8224 §4.1, ATIS-1000074 §5.2.1: ppt in header and parameter.
fn ppt(t: &Token, f: &mut Vec<Finding>) {
    let header = t.decoded.header_str("ppt");
    let param = t.identity.param("ppt");
    match (header, param) {
        (None, Some(p)) => f.push(
            Finding::error(
                ids::PASSPORT_PPT,
                "ppt missing from the header",
                format!("The Identity header says ppt={p} but the PASSporT header has no ppt claim; the signed header must carry it."),
            ),
        ),
        (None, None) if t.claims.attest.is_some() => f.push(
            Finding::error(
                ids::PASSPORT_PPT,
                "ppt missing",
                "The token carries attest (a SHAKEN claim) but no \"ppt\":\"shaken\" header. Twilio reports such calls as No-TN-Validation.",
            )
            .hint("The signer must set the header ppt to \"shaken\" and add ;ppt=shaken to the Identity header."),
        ),
        (None, None) => f.push(Finding::warning(
            ids::PASSPORT_PPT,
            "No ppt: a base PASSporT",
            "Without ppt this is a base RFC 8225 PASSporT, not a SHAKEN one; carrier verifiers in the US expect ppt \"shaken\".",
        )),
        (Some(h), param) => {
            let known = crate::model::Ppt::parse(h).is_known();
            if !known {
                f.push(Finding::warning(ids::PASSPORT_PPT, format!("Unknown ppt \"{h}\""), format!("\"{h}\" is not a PASSporT extension calltrust knows (shaken, div, div-o, rcd)."))); 
            }
            match param {
                Some(p) if p != h => f.push(
                    Finding::error(
                        ids::PASSPORT_PPT,
                        "Identity ppt parameter disagrees with the header",
                        format!("The Identity header says ppt={p} but the PASSporT header says \"{h}\"."),
                    ),
                ),
                // RFC 8224 §4.1: a PASSporT that uses an extension is
                // carried with its ppt parameter; a strict verifier rejects
                // the Identity header without it (438).
                None if t.has_identity_context() && known => f.push(
                    Finding::error(
                        ids::PASSPORT_PPT,
                        "Identity header has no ppt parameter",
                        format!("The PASSporT is a \"{h}\" extension, so its Identity header must carry ;ppt={h} (RFC 8224 §4.1); a strict verifier answers 438 without it."),
                    )
                    .hint(format!("The signing service must add ;ppt={h} to the Identity header.")),
                ),
                None if t.has_identity_context() => f.push(
                    Finding::warning(
                        ids::PASSPORT_PPT,
                        "Identity header has no ppt parameter",
                        format!("The PASSporT is a \"{h}\" extension, so its Identity header should carry ;ppt={h}."),
                    ),
                ),
                _ => {
                    if known {
                        f.push(Finding::pass(ids::PASSPORT_PPT, format!("ppt is \"{h}\""), "The PASSporT type is stated and consistent."));
                    }
                }
            }
        }
    }
}

/// RFC 8225 §4.1: typ must be "passport".
fn typ(t: &Token, f: &mut Vec<Finding>) {
    match t.decoded.header_str("typ") {
        Some("passport") => f.push(Finding::pass(
            ids::PASSPORT_TYP,
            "typ is passport",
            "The header's typ is \"passport\".",
        )),
        Some(other) => f.push(Finding::error(
            ids::PASSPORT_TYP,
            format!("typ is \"{other}\""),
            format!("The header's typ is \"{other}\"; a PASSporT's typ must be \"passport\"."),
        )),
        None => f.push(Finding::error(
            ids::PASSPORT_TYP,
            "typ is missing",
            "The header has no typ; a PASSporT's typ must be \"passport\".",
        )),
    }
}

/// Problems with an x5u URL, each a sentence (ATIS-1000074 §5.3.1; RFC 8225 §4.3).
pub fn x5u_problems(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else {
        if lower.starts_with("http://") {
            out.push("it uses http://; certificate URLs must be https://".into());
        } else {
            out.push("it is not an https:// URL".into());
        }
        return out;
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        out.push("it carries user information (user@host)".into());
    }
    let hostport = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if hostport.starts_with('[') {
        match hostport.split_once("]:") {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if let Some(p) = port
        && p != "443"
        && p != "8443"
    {
        out.push(format!("it uses port {p}; only 443 and 8443 are allowed"));
    }
    if host.is_empty() {
        out.push("it has no host".into());
    }
    if rest.contains('?') {
        out.push("it has a query string".into());
    }
    if rest.contains('#') {
        out.push("it has a fragment".into());
    }
    out
}

fn x5u(t: &Token, f: &mut Vec<Finding>) {
    match t.x5u() {
        None => f.push(Finding::error(
            ids::PASSPORT_X5U,
            "x5u is missing",
            "The header has no x5u, so no verifier can find the signing certificate.",
        )),
        Some(url) => {
            let probs = x5u_problems(url);
            if probs.is_empty() {
                f.push(Finding::pass(
                    ids::PASSPORT_X5U,
                    "x5u is a valid https URL",
                    format!("Certificate URL: {url}"),
                ));
            } else {
                f.push(
                    Finding::error(ids::PASSPORT_X5U, "x5u is not an acceptable certificate URL", format!("x5u {url}: {}.", probs.join("; ")))
                        .hint("The signing provider must publish its certificate at an https URL on port 443 or 8443, without credentials, query or fragment."),
                );
            }
        }
    }
}

/// RFC 8224 §4.1: the Identity info parameter must be present and equal x5u.
fn identity_params(t: &Token, f: &mut Vec<Finding>) {
    if !t.has_identity_context() {
        return;
    }
    match (t.identity.param("info"), t.x5u()) {
        (None, _) => f.push(
            Finding::error(
                ids::IDENTITY_INFO_MISMATCH,
                "Identity header has no info parameter",
                format!("{} carries no ;info=<certificate URL>. Twilio reports such calls as No-TN-Validation.", t.source.origin),
            )
            .hint("The Identity header must end with ;info=<x5u URL>;alg=ES256;ppt=shaken."),
        ),
        (Some(info), Some(x5u)) if info != x5u => f.push(
            Finding::error(
                ids::IDENTITY_INFO_MISMATCH,
                "info parameter differs from x5u",
                format!("The Identity info parameter is <{info}> but the signed header's x5u is {x5u}; verifiers fetch the certificate from info and check it is the x5u."),
            ),
        ),
        (Some(_), Some(_)) => f.push(Finding::pass(ids::IDENTITY_INFO_MISMATCH, "info parameter equals x5u", "The Identity header's info parameter and the header's x5u agree.")),
        (Some(_), None) => {}
    }
}

/// RFC 8224 §7: compact form; ATIS-1000074 §5.3.1 requires full form for SHAKEN.
fn compact(t: &Token, f: &mut Vec<Finding>) {
    if !t.decoded.compact {
        return;
    }
    if t.is_shaken() {
        f.push(
            Finding::error(
                ids::PASSPORT_COMPACT_FORM,
                "SHAKEN PASSporT in compact form",
                "The payload segment is empty (compact form). SHAKEN requires the full form, so verifiers cannot reconstruct the claims.",
            )
            .hint("The signer must send the full form header.payload.signature."),
        );
    } else {
        f.push(
            Finding::info(
                ids::PASSPORT_COMPACT_FORM,
                "Compact form",
                "The payload segment is empty (RFC 8224 compact form): the claims must be rebuilt from the SIP message (From, To, Date) to verify the signature.",
            ),
        );
    }
}

/// RFC 8225 §9: the JSON should be canonical (sorted members, no whitespace).
fn canonical(t: &Token, f: &mut Vec<Finding>) {
    let d = &t.decoded;
    let mut parts = Vec::new();
    for (name, text, obj) in [
        ("header", &d.header_text, &d.header),
        ("payload", &d.payload_text, &d.payload),
    ] {
        if let (Some(text), Some(obj)) = (text, obj)
            && !crate::passport::canonical::is_canonical_object(obj, text)
        {
            parts.push(name);
        }
    }
    if !parts.is_empty() {
        f.push(
            Finding::info(
                ids::PASSPORT_CANONICAL,
                "JSON is not in canonical form",
                format!("The {} JSON is not canonical (members sorted, no whitespace). That is fine for the full form, whose signature covers the bytes as sent, but a verifier that rebuilds the JSON (compact form) would not match.", parts.join(" and ")),
            ),
        );
    }
}

fn claim_shapes(t: &Token, f: &mut Vec<Finding>) {
    for s in &t.shape {
        f.push(
            Finding::error(
                ids::CLAIM_FORMAT,
                format!("Claim {} has the wrong shape", s.claim),
                format!("{}.", s.message),
            )
            .hint("The signer builds the claims wrongly; a verifier will reject or misread them."),
        );
    }
}

/// RFC 8588 §4 (SHAKEN: attest, dest, iat, orig, origid); RFC 8946 §3 (DIV: div);
/// RFC 8225 §5 (base: dest, iat, orig).
fn required_claims(t: &Token, f: &mut Vec<Finding>) {
    let Some(payload) = &t.decoded.payload else {
        return;
    };
    let (kind, required): (&str, &[&str]) = if t.is_shaken() {
        ("SHAKEN", &["attest", "dest", "iat", "orig", "origid"])
    } else if t.ppt() == Some(crate::model::Ppt::DivO) {
        ("div-o", &["dest", "div", "iat", "opt", "orig"])
    } else if t.is_div() {
        ("DIV", &["dest", "div", "iat", "orig"])
    } else {
        ("PASSporT", &["dest", "iat", "orig"])
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|k| !payload.contains_key(*k))
        .collect();
    if missing.is_empty() {
        f.push(Finding::pass(
            ids::CLAIM_MISSING,
            format!("All required {kind} claims present"),
            format!("{} are present.", required.join(", ")),
        ));
    }
    for m in missing {
        f.push(Finding::error(
            ids::CLAIM_MISSING,
            format!("Claim {m} is missing"),
            if kind == "PASSporT" {
                format!("A PASSporT must carry `{m}`.")
            } else {
                format!("A {kind} PASSporT must carry `{m}`.")
            },
        ));
    }
}

/// RFC 8588 §4: attest is "A", "B" or "C".
fn attest(t: &Token, f: &mut Vec<Finding>) {
    if let Some(a) = &t.claims.attest {
        if matches!(a.as_str(), "A" | "B" | "C") {
            f.push(Finding::pass(
                ids::CLAIM_ATTEST,
                format!("attest is {a}"),
                crate::knowledge::attestation_meaning(a).to_string(),
            ));
        } else {
            f.push(Finding::error(
                ids::CLAIM_ATTEST,
                format!("attest \"{a}\" is not A, B or C"),
                "SHAKEN defines only A (full), B (partial) and C (gateway).",
            ));
        }
    }
}

/// RFC 8225 §5.2.1 / RFC 8224 §8.3: tn is the canonical E.164 digit string.
fn tn_forms(t: &Token, f: &mut Vec<Finding>) {
    let c = &t.claims;
    let mut all_ok = true;
    let mut any = false;
    let fields = c
        .orig_tn
        .iter()
        .map(|x| ("orig.tn", x))
        .chain(c.dest_tn.iter().map(|x| ("dest.tn", x)))
        .chain(c.div_tn.iter().map(|x| ("div.tn", x)));
    for (name, tn) in fields {
        any = true;
        let (sev, why) = match tn_problem(tn) {
            TnProblem::None => continue,
            TnProblem::NotCanonical(d) => (
                Severity::Warning,
                format!(
                    "{name} \"{tn}\" is not in canonical form: drop the '+' and separators ({d})"
                ),
            ),
            TnProblem::National => (
                Severity::Error,
                format!(
                    "{name} \"{tn}\" starts with 0: a national number, not E.164 with its country code"
                ),
            ),
            TnProblem::Length(n) => (
                Severity::Error,
                format!("{name} \"{tn}\" has {n} digits; E.164 numbers have 7 to 15"),
            ),
            TnProblem::NotDigits => (
                Severity::Error,
                format!("{name} \"{tn}\" is not a string of digits"),
            ),
        };
        all_ok = false;
        f.push(Finding::new(
            ids::TN_NOT_E164,
            sev,
            format!("{name} is not E.164"),
            format!("{why}. Twilio reports malformed E.164 numbers as No-TN-Validation."),
        ));
    }
    if any && all_ok {
        f.push(Finding::pass(
            ids::TN_NOT_E164,
            "Telephone numbers are E.164",
            "orig and dest tn values are canonical E.164 digit strings.",
        ));
    }
}

/// RFC 8224 §6.2.2 / ATIS-1000074 §5.3.2: iat within the freshness window.
fn iat(t: &Token, r: RefTime, f: &mut Vec<Finding>) {
    if t.claims.iat_is_string {
        f.push(
            Finding::warning(ids::CLAIM_IAT_FORMAT, "iat is a string", "iat is a JSON string, not a number (NumericDate); it was read as a number. Strict verifiers reject it."),
        );
    }
    if let Some(i) = t.claims.iat {
        iat_window(i, r, f);
    }
}

fn iat_window(iat: i64, r: RefTime, f: &mut Vec<Finding>) {
    let max = r.max_age as i64;
    let delta = r.unix.saturating_sub(iat);
    let against = match r.source {
        TimeSource::SipDate => "the SIP Date header",
        TimeSource::User => "the reference time you gave",
        TimeSource::Now => "now",
    };
    let age = crate::timefmt::age(iat, r.unix);
    if delta > max {
        let (sev, extra) = match r.source {
            TimeSource::Now => (
                Severity::Info,
                " Judged against now, as no SIP Date or reference time was given: pasted payloads are usually old, so this alone means nothing. Give --at (or the GUI's reference time) to judge it at the time of the call.",
            ),
            _ => (
                Severity::Error,
                " Verifiers reject PASSporTs older than 60 s (Twilio: No-TN-Validation). Check the signer's clock (NTP) or whether the token was replayed.",
            ),
        };
        f.push(Finding::new(
            ids::IAT_STALE,
            sev,
            "iat is older than the allowed window",
            format!(
                "iat {} is {age} ({against}); the window is {max} s.{extra}",
                crate::timefmt::utc(iat)
            ),
        ));
    } else if delta < -max {
        let sev = if r.source == TimeSource::Now {
            Severity::Warning
        } else {
            Severity::Error
        };
        f.push(
            Finding::new(ids::IAT_FUTURE, sev, "iat is in the future", format!("iat {} is {age} ({against}); the window is {max} s. The signer's clock is ahead.", crate::timefmt::utc(iat)))
                .hint("Ask the signing provider to check NTP on its signing servers."),
        );
    } else {
        f.push(Finding::pass(
            ids::IAT_OK,
            "iat is fresh",
            format!("iat is {age} ({against}), within {max} s."),
        ));
    }
}

/// Twilio's parentCallInfoToken: decoded, checked for from/to, not held to PASSporT rules.
fn parent(t: &Token, f: &mut Vec<Finding>) {
    let d = &t.decoded;
    let mut out = Vec::new();
    for p in &d.problems {
        out.push(Finding::error(
            ids::CALLTOKEN_MALFORMED,
            format!("parentCallInfoToken is malformed ({})", p.part.as_str()),
            format!("{}: {}.", t.source.origin, p.message),
        ));
    }
    if d.payload.is_some() {
        for key in ["from", "to", "iat"] {
            if d.payload.as_ref().is_some_and(|p| !p.contains_key(key)) {
                out.push(Finding::warning(
                    ids::CALLTOKEN_MALFORMED,
                    format!("parentCallInfoToken has no {key}"),
                    format!("Twilio's parentCallInfoToken carries callSid, from, to and iat; `{key}` is missing."),
                ));
            }
        }
        if t.claims.iat_is_string {
            out.push(
                Finding::info(
                    ids::CLAIM_IAT_FORMAT,
                    "parentCallInfoToken iat is a string",
                    "Twilio's parentCallInfoToken carries iat as a string of digits (as in Twilio's documentation); it was read as a number.",
                ),
            );
        }
    }
    f.extend(
        out.into_iter()
            .map(|x| x.passport(t.index).at(t.source.location)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x5u_rules() {
        assert!(x5u_problems("https://cert.example.org/c.pem").is_empty());
        assert!(x5u_problems("https://cert.example.org:8443/c.pem").is_empty());
        assert!(x5u_problems("https://cert.example.org:443/c.pem").is_empty());
        assert!(x5u_problems("http://cert.example.org/c.pem")[0].contains("http://"));
        assert!(x5u_problems("https://cert.example.org:8080/c.pem")[0].contains("8080"));
        assert!(x5u_problems("https://u:p@cert.example.org/c.pem")[0].contains("user"));
        assert!(x5u_problems("https://cert.example.org/c.pem?x=1")[0].contains("query"));
        assert!(x5u_problems("https://cert.example.org/c.pem#f")[0].contains("fragment"));
        assert!(!x5u_problems("ftp://x").is_empty());
        assert!(!x5u_problems("https://").is_empty());
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("STIR_TOKEN_IN_JWT_FORM"));
        assert!(!is_placeholder("eyJhbGc"));
        assert!(!is_placeholder("HELLO"));
    }
}
