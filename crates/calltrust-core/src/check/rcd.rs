//! Rich Call Data (RFC 9795, "PASSporT Extension for Rich Call Data"): the
//! caller card a callee's phone would show — `rcd` (`nam`, `apn`, `icn`, `jcd`
//! or `jcl`), `crn` — and the `rcdi` integrity digests that pin it.
//!
//! `rcdi` is a JSON object whose keys are JSON pointers (RFC 6901) into the
//! `rcd` claim and whose values are digests written as in W3C Subresource
//! Integrity: `sha256-` (or `sha384-`, `sha512-`) followed by the base64 of
//! the hash. What is hashed:
//! - a value that references content by URI (`/icn`, `/jcl`, a `uri` value in
//!   the jCard): the content at that URI — which calltrust never fetches on its
//!   own, so such a digest is reported as not checked, never as passed;
//! - a JSON object or array held in the token (`/jcd`): its RFC 8785 (JCS)
//!   canonical form;
//! - a string held in the token (`/nam`, `/apn`): its UTF-8 bytes.
//!
//! Where a digest matches only a near variant (a quoted JSON string, the
//! compact JSON as received rather than JCS), the finding says which.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Digest as _;

use crate::given::Fetched;
use crate::model::{Finding, ids};
use crate::passport::token::Token;

/// What the callee's phone would show, and whether `rcdi` vouches for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RcdCard {
    /// `rcd.nam`: the caller name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `rcd.apn`: an alternate presentation number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// `crn`: the call reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_reason: Option<String>,
    /// `rcd.icn`: the icon's URL (never fetched unless asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// `rcd.jcl`: the URL of a jCard (never fetched unless asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jcard_url: Option<String>,
    /// The jCard's properties as (name, value), in order: fn, org, tel, logo, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jcard: Vec<(String, String)>,
    /// One entry per `rcdi` pointer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub integrity: Vec<DigestCheck>,
    /// Members of `rcd` (and URIs in its jCard) that no `rcdi` digest covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncovered: Vec<String>,
    /// `rcdi` is present.
    pub has_rcdi: bool,
}

/// The outcome of one `rcdi` digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DigestStatus {
    Match,
    Mismatch,
    /// Covers content behind a URI that was not fetched.
    NotChecked,
    /// The pointer or the digest string is unusable.
    Malformed,
}

impl DigestStatus {
    /// A digest that fails is an error; one not checked a warning.
    pub fn severity(self) -> crate::model::Severity {
        use crate::model::Severity;
        match self {
            DigestStatus::Match => Severity::Pass,
            DigestStatus::NotChecked => Severity::Warning,
            DigestStatus::Mismatch | DigestStatus::Malformed => Severity::Error,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DigestCheck {
    pub pointer: String,
    pub status: DigestStatus,
    pub detail: String,
    /// The URL whose content the digest covers, when it covers one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl RcdCard {
    /// How the integrity reads: error on a mismatch or unusable entry,
    /// warning when part was not checkable, info without rcdi, else pass.
    pub fn integrity_severity(&self) -> crate::model::Severity {
        use crate::model::Severity as S;
        if !self.has_rcdi {
            return S::Info;
        }
        if self
            .integrity
            .iter()
            .any(|d| matches!(d.status, DigestStatus::Mismatch | DigestStatus::Malformed))
        {
            S::Error
        } else if self
            .integrity
            .iter()
            .any(|d| d.status == DigestStatus::NotChecked)
            || self.integrity.is_empty()
        {
            S::Warning
        } else {
            S::Pass
        }
    }

    /// Worded for a card: "integrity passed", "FAILED at /nam", …
    pub fn integrity_label(&self) -> String {
        if !self.has_rcdi {
            return "no rcdi: protected by the signature only".into();
        }
        let bad: Vec<&str> = self
            .integrity
            .iter()
            .filter(|d| matches!(d.status, DigestStatus::Mismatch | DigestStatus::Malformed))
            .map(|d| d.pointer.as_str())
            .collect();
        if !bad.is_empty() {
            return format!("integrity FAILED at {}", bad.join(", "));
        }
        if self
            .integrity
            .iter()
            .any(|d| d.status == DigestStatus::NotChecked)
        {
            return "integrity partly not checked (content behind URLs not fetched)".into();
        }
        "integrity passed".into()
    }
}

/// True when the payload carries anything of RFC 9795.
pub fn present(t: &Token) -> bool {
    t.decoded
        .payload
        .as_ref()
        .is_some_and(|p| p.contains_key("rcd") || p.contains_key("rcdi") || p.contains_key("crn"))
        || t.ppt() == Some(crate::model::Ppt::Rcd)
}

/// The caller card and the findings for one token (none when it has no RCD).
/// `content` is what the user asked to fetch from rich-call-data URLs.
pub fn run(t: &Token, content: &[Fetched]) -> (Option<RcdCard>, Vec<Finding>) {
    if t.is_parent() || !present(t) {
        return (None, Vec::new());
    }
    let Some(payload) = t.decoded.payload.as_ref() else {
        return (None, Vec::new());
    };
    let mut f = Vec::new();
    let card = check(
        payload,
        t.ppt() == Some(crate::model::Ppt::Rcd),
        content,
        &mut f,
    );
    let f = f
        .into_iter()
        .map(|x| x.passport(t.index).at(t.source.location))
        .collect();
    (Some(card), f)
}

fn malformed(title: &str, detail: String) -> Finding {
    Finding::error(ids::RCD_MALFORMED, title, detail)
        .hint("The RCD signer must send the claim in the shape RFC 9795 defines; a verifier drops malformed rich call data.")
}

/// The checks on a payload (public for tests of the digest rules).
pub fn check(
    payload: &Map<String, Value>,
    ppt_rcd: bool,
    content: &[Fetched],
    f: &mut Vec<Finding>,
) -> RcdCard {
    let mut card = RcdCard::default();
    match payload.get("crn") {
        Some(Value::String(s)) => card.call_reason = Some(s.clone()),
        Some(other) => f.push(malformed(
            "crn is not a string",
            format!(
                "crn (the call reason) must be a JSON string; it is {}.",
                kind(other)
            ),
        )),
        None => {}
    }
    let rcd = match payload.get("rcd") {
        Some(Value::Object(r)) => Some(r),
        Some(other) => {
            f.push(malformed(
                "rcd is not an object",
                format!(
                    "rcd must be a JSON object of nam, apn, icn, jcd or jcl; it is {}.",
                    kind(other)
                ),
            ));
            None
        }
        None => {
            if ppt_rcd {
                f.push(malformed(
                    "An rcd PASSporT without rcd",
                    "The PASSporT says ppt \"rcd\" but carries no rcd claim.".into(),
                ));
            }
            None
        }
    };
    if let Some(r) = rcd {
        fields(r, &mut card, f);
    }
    let rcdi = payload.get("rcdi");
    card.has_rcdi = rcdi.is_some();
    match (rcdi, rcd) {
        (None, Some(_)) => f.push(
            Finding::info(
                ids::RCD_INTEGRITY,
                "No rcdi: the rich call data is protected by the signature only",
                "The PASSporT has rcd but no rcdi, so no digest pins the caller name or the content behind its URLs to what was vetted; the icon and jCard behind URLs could change after signing.",
            )
            .hint("Nothing to do for first-party RCD; a third-party vetted RCD needs rcdi."),
        ),
        (Some(Value::Object(digests)), Some(r)) => integrity(digests, r, content, &mut card, f),
        (Some(Value::Object(_)), None) => f.push(malformed(
            "rcdi without rcd",
            "rcdi holds digests of the rcd claim, but the PASSporT has no rcd object.".into(),
        )),
        (Some(other), _) => f.push(malformed(
            "rcdi is not an object",
            format!("rcdi must be a JSON object of JSON pointer → digest; it is {}.", kind(other)),
        )),
        (None, None) => {}
    }
    card
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn fields(r: &Map<String, Value>, card: &mut RcdCard, f: &mut Vec<Finding>) {
    let string = |key: &str, f: &mut Vec<Finding>| match r.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            f.push(malformed(
                &format!("rcd.{key} is not a string"),
                format!("rcd.{key} must be a JSON string; it is {}.", kind(other)),
            ));
            None
        }
        None => None,
    };
    card.name = string("nam", f);
    card.number = string("apn", f);
    card.icon = string("icn", f);
    card.jcard_url = string("jcl", f);
    if !r.contains_key("nam") {
        f.push(
            Finding::warning(
                ids::RCD_MALFORMED,
                "rcd has no nam",
                "RFC 9795 makes nam (the caller name) the one member every rcd carries; this rcd has none, so a phone shows no name.",
            )
            .hint("The RCD signer should include nam (an empty string when there is no name)."),
        );
    }
    for key in ["icn", "jcl"] {
        if let Some(Value::String(u)) = r.get(key)
            && !u.starts_with("https://")
        {
            f.push(malformed(
                &format!("rcd.{key} is not an https URL"),
                format!("rcd.{key} is \"{u}\": content RCD references must be fetched over HTTPS."),
            ));
        }
    }
    if r.contains_key("jcd") && r.contains_key("jcl") {
        f.push(
            Finding::error(
                ids::RCD_JCD_JCL,
                "rcd carries both jcd and jcl",
                "An rcd holds its jCard either inline (jcd) or by reference (jcl), never both: a phone could not tell which to show.",
            )
            .hint("The RCD signer must send one of jcd or jcl."),
        );
    }
    if let Some(j) = r.get("jcd") {
        match jcard(j) {
            Ok(props) => card.jcard = props,
            Err(why) => f.push(malformed("rcd.jcd is not a jCard", why)),
        }
    }
}

/// RFC 7095 jCard: `["vcard", [[name, {params}, type, value…], …]]`.
fn jcard(j: &Value) -> Result<Vec<(String, String)>, String> {
    let Value::Array(top) = j else {
        return Err(format!(
            "jcd must be a jCard array [\"vcard\", [properties]]; it is {}.",
            kind(j)
        ));
    };
    if top.first().and_then(Value::as_str) != Some("vcard") {
        return Err("jcd must start with \"vcard\" (RFC 7095 jCard).".into());
    }
    let Some(Value::Array(props)) = top.get(1) else {
        return Err("jcd's second element must be the array of properties.".into());
    };
    let mut out = Vec::new();
    for (i, p) in props.iter().enumerate() {
        let Value::Array(p) = p else {
            return Err(format!(
                "/jcd/1/{i} is {}, not a property array [name, params, type, value].",
                kind(p)
            ));
        };
        let (Some(Value::String(name)), Some(Value::Object(_)), Some(Value::String(_))) =
            (p.first(), p.get(1), p.get(2))
        else {
            return Err(format!(
                "/jcd/1/{i} is not [name, {{params}}, type, value…] (RFC 7095 §3.3)."
            ));
        };
        if p.len() < 4 {
            return Err(format!("/jcd/1/{i} ({name}) has no value."));
        }
        let value = p[3..]
            .iter()
            .map(flat)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        out.push((name.clone(), value));
    }
    Ok(out)
}

/// A jCard value as one line (structured values such as adr are joined).
fn flat(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .map(flat)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The pointers that should carry a digest: every rcd member, and every URI
/// inside an inline jCard (its content is not covered by the jCard's digest).
fn coverable(r: &Map<String, Value>) -> Vec<String> {
    let mut out: Vec<String> = r.keys().map(|k| format!("/{}", escape(k))).collect();
    if let Some(Value::Array(top)) = r.get("jcd")
        && let Some(Value::Array(props)) = top.get(1)
    {
        for (i, p) in props.iter().enumerate() {
            if let Value::Array(p) = p
                && p.get(2).and_then(Value::as_str) == Some("uri")
            {
                for (k, v) in p.iter().enumerate().skip(3) {
                    if v.as_str().is_some_and(is_url) {
                        out.push(format!("/jcd/1/{i}/{k}"));
                    }
                }
            }
        }
    }
    out
}

/// RFC 6901 §3: `~` → `~0`, `/` → `~1`.
fn escape(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

/// A URL whose content can be fetched (a `tel:` or `mailto:` URI holds its
/// value itself).
fn is_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// A value that stands for content behind a URL: icn, jcl, or a jCard `uri`
/// value that is an http(s) URL.
fn references_content(pointer: &str, r: &Map<String, Value>) -> bool {
    let rcd = Value::Object(r.clone());
    if !rcd
        .pointer(pointer)
        .and_then(Value::as_str)
        .is_some_and(is_url)
    {
        return false;
    }
    if pointer == "/icn" || pointer == "/jcl" {
        return true;
    }
    // /jcd/1/<i>/<k> with k ≥ 3 of a property whose type is uri.
    let parts: Vec<&str> = pointer.split('/').collect();
    if let ["", "jcd", "1", i, k] = parts.as_slice()
        && let (Ok(i), Ok(k)) = (i.parse::<usize>(), k.parse::<usize>())
        && k >= 3
    {
        return rcd
            .pointer(&format!("/jcd/1/{i}/2"))
            .and_then(Value::as_str)
            == Some("uri");
    }
    false
}

/// `sha256-<base64>` → (algorithm, digest bytes).
fn parse_digest(s: &str) -> Result<(&'static str, Vec<u8>), String> {
    let Some((alg, b64)) = s.split_once('-') else {
        return Err(format!(
            "\"{s}\" is not <algorithm>-<base64> (e.g. sha256-…)"
        ));
    };
    let (name, len) = match alg.to_ascii_lowercase().as_str() {
        "sha256" => ("sha256", 32),
        "sha384" => ("sha384", 48),
        "sha512" => ("sha512", 64),
        other => {
            return Err(format!(
                "\"{other}\" is not a digest algorithm RFC 9795 allows (sha256, sha384, sha512)"
            ));
        }
    };
    let b64 = b64.trim();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(b64))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(b64))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(b64))
        .map_err(|_| format!("the {name} digest \"{b64}\" is not base64"))?;
    if bytes.len() != len {
        return Err(format!(
            "a {name} digest is {len} bytes; this one is {}",
            bytes.len()
        ));
    }
    Ok((name, bytes))
}

pub fn hash(alg: &str, bytes: &[u8]) -> Vec<u8> {
    match alg {
        "sha384" => sha2::Sha384::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => sha2::Sha256::digest(bytes).to_vec(),
    }
}

/// The byte strings a digest of this in-token value may cover, the first
/// being what RFC 9795 means; the others are named when they are what matched.
fn inputs(v: &Value) -> Vec<(Vec<u8>, &'static str)> {
    let jcs = serde_json_canonicalizer::to_vec(v).ok();
    let mut out = Vec::new();
    match v {
        Value::String(s) => {
            out.push((s.as_bytes().to_vec(), ""));
            if let Some(j) = jcs {
                out.push((
                    j,
                    " (over the quoted JSON string, not the string's own bytes)",
                ));
            }
        }
        _ => {
            if let Some(j) = jcs {
                out.push((j, ""));
            }
            if let Ok(compact) = serde_json::to_vec(v) {
                out.push((
                    compact,
                    " (over the compact JSON as received, not its RFC 8785 canonical form)",
                ));
            }
        }
    }
    out
}

fn integrity(
    digests: &Map<String, Value>,
    r: &Map<String, Value>,
    content: &[Fetched],
    card: &mut RcdCard,
    f: &mut Vec<Finding>,
) {
    let rcd = Value::Object(r.clone());
    for (pointer, d) in digests {
        let check = one_digest(pointer, d, &rcd, r, content);
        card.integrity.push(check);
    }
    let covered = |p: &str| {
        digests
            .keys()
            .any(|k| k == p || (!references_content(p, r) && p.starts_with(&format!("{k}/"))))
    };
    card.uncovered = coverable(r).into_iter().filter(|p| !covered(p)).collect();

    let with = |st: DigestStatus| -> Vec<&DigestCheck> {
        card.integrity.iter().filter(|d| d.status == st).collect()
    };
    let failed = with(DigestStatus::Mismatch);
    let broken = with(DigestStatus::Malformed);
    let unchecked = with(DigestStatus::NotChecked);
    let matched = with(DigestStatus::Match);
    let uncovered = if card.uncovered.is_empty() {
        String::new()
    } else {
        format!(" Not covered by any digest: {}.", card.uncovered.join(", "))
    };
    for d in &failed {
        f.push(
            Finding::error(
                ids::RCD_INTEGRITY,
                format!("rcdi digest does not match {}", d.pointer),
                format!("{}{uncovered}", d.detail),
            )
            .hint("The rich call data was changed after its digests were computed: a verifier must not show it. The RCD signer must recompute rcdi, or the data was tampered with."),
        );
    }
    for d in &broken {
        f.push(malformed(
            &format!("rcdi entry {} is unusable", d.pointer),
            d.detail.clone(),
        ));
    }
    for d in &unchecked {
        f.push(
            Finding::warning(
                ids::RCD_INTEGRITY,
                format!("rcdi digest of {} not checked", d.pointer),
                d.detail.clone(),
            )
            .hint("Fetch the content yourself and compare its digest, or accept that what the phone shows behind this URL is unverified."),
        );
    }
    if failed.is_empty() && broken.is_empty() {
        if !matched.is_empty() {
            let list: Vec<&str> = matched.iter().map(|d| d.pointer.as_str()).collect();
            f.push(Finding::pass(
                ids::RCD_INTEGRITY,
                "rcdi digests match",
                format!(
                    "{} of the rich call data match{} their rcdi digest{}.",
                    list.join(", "),
                    if list.len() == 1 { "es" } else { "" },
                    if list.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        if !card.uncovered.is_empty() {
            f.push(Finding::warning(
                ids::RCD_INTEGRITY,
                "Rich call data not covered by rcdi",
                format!("rcdi has no digest for {}: that part of what the phone shows is pinned by nothing but the signature.", card.uncovered.join(", ")),
            ));
        }
    }
}

/// A digest over content at a URL (a logo, a jCard): checked against the
/// bytes the user had fetched, else not checked.
fn content_digest(
    pointer: &str,
    url: &str,
    (alg, want): (&str, &[u8]),
    d: &str,
    content: &[Fetched],
) -> (DigestStatus, String) {
    match content.iter().find(|c| c.url == url).map(|c| &c.result) {
        None => (
            DigestStatus::NotChecked,
            format!(
                "{pointer} covers the content at {url}, which calltrust does not fetch on its own; its {alg} digest is not checked (fetch it: --fetch-rcd, or Fetch RCD content)."
            ),
        ),
        Some(Err(e)) => (
            DigestStatus::NotChecked,
            format!(
                "{pointer} covers the content at {url}, which could not be fetched ({e}); its {alg} digest is not checked."
            ),
        ),
        Some(Ok(bytes)) if hash(alg, bytes) == want => (
            DigestStatus::Match,
            format!(
                "{pointer}: the {} bytes fetched from {url} match its {alg} digest.",
                bytes.len()
            ),
        ),
        Some(Ok(bytes)) => (
            DigestStatus::Mismatch,
            format!(
                "{pointer}: the {} bytes fetched from {url} do not match its {alg} digest: rcdi says {d}, the content hashes to {alg}-{}.",
                bytes.len(),
                base64::engine::general_purpose::STANDARD.encode(hash(alg, bytes))
            ),
        ),
    }
}

fn one_digest(
    pointer: &str,
    d: &Value,
    rcd: &Value,
    r: &Map<String, Value>,
    content: &[Fetched],
) -> DigestCheck {
    let out = |status, detail: String| DigestCheck {
        pointer: pointer.to_string(),
        status,
        detail,
        url: None,
    };
    if !(pointer.starts_with('/')) {
        return out(
            DigestStatus::Malformed,
            format!("\"{pointer}\" is not a JSON pointer (RFC 6901: it starts with /, e.g. /nam)."),
        );
    }
    let Some(d) = d.as_str() else {
        return out(
            DigestStatus::Malformed,
            format!("the digest for {pointer} is {}, not a string.", kind(d)),
        );
    };
    let (alg, want) = match parse_digest(d) {
        Ok(x) => x,
        Err(e) => return out(DigestStatus::Malformed, format!("{pointer}: {e}.")),
    };
    let Some(target) = rcd.pointer(pointer) else {
        let hint = if pointer.starts_with("/rcd/") {
            " rcdi pointers are relative to the rcd claim (/nam, not /rcd/nam)."
        } else {
            ""
        };
        return out(
            DigestStatus::Mismatch,
            format!(
                "{pointer} points at nothing in rcd: the member its digest covered is gone.{hint}"
            ),
        );
    };
    if references_content(pointer, r) {
        let url = target.as_str().unwrap_or("?");
        let (status, detail) = content_digest(pointer, url, (alg, &want), d, content);
        let mut c = out(status, detail);
        c.url = Some(url.to_string());
        return c;
    }
    let shown = match target {
        Value::String(s) => format!("\"{s}\""),
        _ => "the value".into(),
    };
    for (bytes, note) in inputs(target) {
        if hash(alg, &bytes) == want {
            return out(
                DigestStatus::Match,
                format!("{pointer} ({shown}) matches its {alg} digest{note}."),
            );
        }
    }
    out(
        DigestStatus::Mismatch,
        format!(
            "{pointer} ({shown}) does not match its {alg} digest: rcdi says {d}, the value hashes to {alg}-{}.",
            base64::engine::general_purpose::STANDARD.encode(hash(
                alg,
                &inputs(target)
                    .first()
                    .map(|x| x.0.clone())
                    .unwrap_or_default()
            ))
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sri(s: &[u8]) -> String {
        format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(s))
        )
    }

    fn payload(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn digests_match_mismatch_and_name_the_pointer() {
        let p = payload(serde_json::json!({
            "rcd": {"nam": "Acme Pharmacy", "icn": "https://example.com/a.png"},
            "rcdi": {"/nam": sri(b"Acme Pharmacy"), "/icn": sri(b"png bytes")},
            "crn": "Your prescription is ready"
        }));
        let mut f = Vec::new();
        let card = check(&p, false, &[], &mut f);
        assert_eq!(card.name.as_deref(), Some("Acme Pharmacy"));
        assert_eq!(
            card.call_reason.as_deref(),
            Some("Your prescription is ready")
        );
        assert_eq!(card.integrity[0].status, DigestStatus::Match);
        assert_eq!(card.integrity[1].status, DigestStatus::NotChecked);
        assert!(
            f.iter()
                .any(|x| x.id == ids::RCD_INTEGRITY && x.severity == crate::model::Severity::Pass)
        );

        let p = payload(serde_json::json!({
            "rcd": {"nam": "Acme Pharmacz"},
            "rcdi": {"/nam": sri(b"Acme Pharmacy")}
        }));
        let mut f = Vec::new();
        let card = check(&p, false, &[], &mut f);
        assert_eq!(card.integrity[0].status, DigestStatus::Mismatch);
        let e = f
            .iter()
            .find(|x| x.severity == crate::model::Severity::Error)
            .expect("error");
        assert!(e.title.contains("/nam"), "{e:?}");
        assert!(card.integrity_label().contains("/nam"));
    }

    #[test]
    fn shape_problems() {
        let p = payload(
            serde_json::json!({"rcd": {"nam": 5, "jcd": ["x"], "jcl": "http://a"}, "rcdi": {"nam": "md5-xx"}}),
        );
        let mut f = Vec::new();
        check(&p, false, &[], &mut f);
        let ids: Vec<crate::model::FindingId> = f.iter().map(|x| x.id).collect();
        assert!(ids.contains(&ids::RCD_JCD_JCL), "{ids:?}");
        assert!(
            f.iter().filter(|x| x.id == ids::RCD_MALFORMED).count() >= 4,
            "{f:?}"
        );
    }
}
