//! The report: everything calltrust found, in one serializable value that every
//! front end draws or prints. JSON (SPEC §6), Markdown and text renderings.

pub mod escape;
pub mod fetchable;
pub mod redact;
pub mod render;
pub mod view;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::knowledge::Verstat;
use crate::model::{Finding, FindingId, InputKind, Location, Ppt, Severity};
use crate::passport::Claims;

/// `verdict.outcome` (SPEC §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Verified,
    Passed,
    /// The signature verifies, but the signer's certificate was not traced to
    /// a trusted STI-CA: anyone can sign with a certificate of their own.
    Signed,
    Failed,
    NoValidation,
    /// The paste's tokens could not be read (cut off, damaged in copying)
    /// and nothing readable is in error: the paste failed, not the call.
    Unreadable,
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Verified => "verified",
            Outcome::Passed => "passed",
            Outcome::Signed => "signed",
            Outcome::Failed => "failed",
            Outcome::NoValidation => "no-validation",
            Outcome::Unreadable => "unreadable",
            Outcome::Unknown => "unknown",
        }
    }
    /// The label with what it means when the word alone could mislead.
    pub fn badge_words(self) -> &'static str {
        match self {
            Outcome::Signed => "SIGNED (signature only — signer not trusted)",
            Outcome::Passed => "PASSED (the carrier's word)",
            Outcome::Unreadable => "UNREADABLE (the paste is damaged)",
            other => other.label(),
        }
    }
    /// Upper-case label for badges and headings.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Verified => "VERIFIED",
            Outcome::Passed => "PASSED",
            Outcome::Signed => "SIGNED",
            Outcome::Failed => "FAILED",
            Outcome::NoValidation => "NO VALIDATION",
            Outcome::Unreadable => "UNREADABLE",
            Outcome::Unknown => "UNKNOWN",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputInfo {
    pub kind: InputKind,
    /// How the input was written (form body, JSON, JavaScript object literal, …).
    pub format: String,
    pub bytes: usize,
}

/// What a strict STIR/SHAKEN verifier would answer (SPEC §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifierResponse {
    pub code: u16,
    pub reason: String,
    /// The finding id that decided it.
    pub finding: FindingId,
    /// That finding's title, for "— orig ≠ From" style lines.
    #[serde(default)]
    pub because: String,
}

impl VerifierResponse {
    /// "438 Invalid Identity Header — orig does not match the caller".
    pub fn line(&self) -> String {
        format!("{} {} — {}", self.code, self.reason, self.because)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub outcome: Outcome,
    pub attestation: Option<crate::model::Attestation>,
    pub headline: String,
    /// `null` when a strict verifier would accept the call (or nothing
    /// verifiable was pasted).
    #[serde(default)]
    pub verifier_response: Option<VerifierResponse>,
    /// Routing advice (shown, never enforced).
    pub advice: String,
    /// What to do next about this call's trust, most important first (at
    /// most three).
    #[serde(default)]
    pub next_steps: Vec<String>,
    /// Signalling hygiene advice (transport, authentication, SRTP, webhook
    /// URL): worth doing, but not about whether this caller can be trusted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hygiene_steps: Vec<String>,
}

/// Where the reference time for iat came from (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    SipDate,
    User,
    Now,
}

impl TimeSource {
    pub fn describe(self) -> &'static str {
        match self {
            TimeSource::SipDate => "the SIP Date header",
            TimeSource::User => "the time you gave",
            TimeSource::Now => "now (no SIP Date header or time given)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferenceTime {
    pub unix: i64,
    pub utc: String,
    pub source: TimeSource,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartyReport {
    pub value: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CallSummary {
    pub calling: Vec<PartyReport>,
    pub called: Vec<PartyReport>,
    pub diversions: Vec<PartyReport>,
    /// What the callee was shown: From, P-Asserted-Identity, To and
    /// Request-URI (or a webhook's From/To) as signalled (SPEC §6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presented: Option<crate::input::Presented>,
    /// Each signed claim (orig, dest) beside the presented value it is
    /// compared with, and how the two were normalised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed_vs_presented: Vec<Pairing>,
    /// The call's id: a webhook's CallSid (or the CallToken's parent
    /// callSid), else the SIP Call-ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The signed caller and callee: the SHAKEN orig, the dest of the last
    /// link of the diversion chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orig: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest: Option<String>,
    /// When the call was placed, as the paste says it: the SIP Date header,
    /// else the SHAKEN iat (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The far end's answer pasted with the request (a SIP response's code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<u16>,
}

/// How a signed number compares with a presented one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairMatch {
    Same,
    CountryCodeOnly,
    Different,
    /// The presented URI carries no telephone number.
    NoNumber,
}

impl PairMatch {
    pub fn label(self) -> &'static str {
        match self {
            PairMatch::Same => "same",
            PairMatch::CountryCodeOnly => "country code differs",
            PairMatch::Different => "DIFFERENT",
            PairMatch::NoNumber => "no number",
        }
    }
}

/// One row of the signed-vs-presented table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pairing {
    /// `orig` or `dest`.
    pub claim: String,
    /// The PASSporT the claim is from.
    pub passport: usize,
    pub signed: String,
    /// The presented header or parameter (`From`, `P-Asserted-Identity`, …).
    pub source: String,
    pub presented: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(rename = "match")]
    pub matches: PairMatch,
    /// How the two were normalised to compare them.
    pub note: String,
}

/// The signed-vs-presented rows: the SHAKEN orig beside From and
/// P-Asserted-Identity; the dest of the last link (the last DIV PASSporT,
/// else the SHAKEN one) beside To and the Request-URI.
pub fn signed_vs_presented(
    passports: &[PassportReport],
    p: &crate::input::Presented,
) -> Vec<Pairing> {
    use crate::input::PresentedParty;
    let readable = |x: &&PassportReport| x.role == PassportRole::Passport && !x.payload.is_null();
    let shaken = passports
        .iter()
        .filter(readable)
        .find(|x| x.ppt == Some(Ppt::Shaken) || (x.ppt.is_none() && x.claims.attest.is_some()));
    let last_div = passports
        .iter()
        .filter(readable)
        .rfind(|x| x.ppt.as_ref().is_some_and(Ppt::is_div));
    let row = |claim: &str, t: &PassportReport, signed: &str, q: &PresentedParty| {
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
    };
    let mut out = Vec::new();
    if let Some(t) = shaken
        && let Some(orig) = t.claims.orig_tn.as_ref().or(t.claims.orig_uri.as_ref())
    {
        for q in p.from.iter().chain(p.pai.iter()) {
            out.push(row("orig", t, orig, q));
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
            let mut all: Vec<(&PassportReport, String)> = Vec::new();
            for t in &chain {
                for d in t.claims.dest_tn.iter().chain(t.claims.dest_uri.iter()) {
                    all.push((*t, d.clone()));
                }
            }
            let best = all
                .iter()
                .find(|(_, d)| pair(d, q).0 == PairMatch::Same)
                .or_else(|| {
                    all.iter()
                        .find(|(_, d)| pair(d, q).0 == PairMatch::CountryCodeOnly)
                });
            let (t, d) = match best {
                Some((t, d)) => (*t, d.as_str()),
                None => (last, last_dest.as_str()),
            };
            let claim = if chain.len() > 1 && t.ppt.as_ref().is_some_and(Ppt::is_div) {
                format!("dest (DIV #{})", t.index + 1)
            } else if chain.len() > 1 {
                "dest (SHAKEN)".to_string()
            } else {
                "dest".to_string()
            };
            out.push(row(&claim, t, d, q));
        }
    }
    out
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

/// Signature status of one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SigStatus {
    Valid,
    Invalid,
    NotChecked,
    /// Not a 64-byte r‖s JOSE signature (`signature-encoding`).
    BadEncoding,
    /// alg is not ES256: never verified.
    UnsupportedAlg,
    /// The token could not be split or decoded.
    Malformed,
}

impl SigStatus {
    pub fn label(self) -> &'static str {
        match self {
            SigStatus::Valid => "valid",
            SigStatus::Invalid => "INVALID",
            SigStatus::NotChecked => "not checked",
            SigStatus::BadEncoding => "bad encoding",
            SigStatus::UnsupportedAlg => "not checked (alg not ES256)",
            SigStatus::Malformed => "not checked (token malformed)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureReport {
    pub status: SigStatus,
    pub detail: String,
    /// Which certificate or key verified (or failed) it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Decoded signature length in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// For a valid signature: whether the signer's certificate chains to a
    /// configured trust anchor (`None` when no certificate was involved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_chain: Option<ChainStatus>,
}

impl SignatureReport {
    /// The signature verifies and its signer chains to a trust anchor.
    pub fn trusted(&self) -> bool {
        self.status == SigStatus::Valid && self.signer_chain == Some(ChainStatus::Valid)
    }
    /// One short phrase for cards and call-path hops: a valid signature whose
    /// signer is not trusted never reads as plain "valid".
    pub fn trust_label(&self) -> &'static str {
        match (self.status, self.signer_chain) {
            (SigStatus::Valid, Some(ChainStatus::Valid)) => "valid, signer trusted",
            (
                SigStatus::Valid,
                Some(ChainStatus::Invalid | ChainStatus::Untrusted | ChainStatus::Incomplete),
            ) => "valid signature, chain FAILED",
            (SigStatus::Valid, _) => "signature only, signer not trusted",
            (s, _) => s.label(),
        }
    }
}

/// What a decoded token is (`passports[].role`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PassportRole {
    /// A PASSporT (SHAKEN, DIV, RCD, …).
    #[default]
    Passport,
    /// Twilio's parentCallInfoToken inside a CallToken: not a PASSporT.
    CalltokenParent,
}

/// What calltrust did with a certificate (`certificates[].usage`); the
/// JSON keeps the words it always had.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CertUsage {
    /// It verified a token's signature.
    #[serde(rename = "signer")]
    Signer,
    /// A link of a checked chain.
    #[serde(rename = "intermediate")]
    Intermediate,
    /// The configured anchor a chain ends at.
    #[serde(rename = "trust-anchor")]
    TrustAnchor,
    /// Pasted in the input box, not used for a token.
    #[serde(rename = "pasted")]
    Pasted,
    /// Supplied (--cert, dropped, fetched) but used for nothing.
    #[default]
    #[serde(rename = "supplied, not used")]
    Unused,
}

impl CertUsage {
    /// The one place that words it.
    pub fn label(self) -> &'static str {
        match self {
            CertUsage::Signer => "signer",
            CertUsage::Intermediate => "intermediate",
            CertUsage::TrustAnchor => "trust-anchor",
            CertUsage::Pasted => "pasted",
            CertUsage::Unused => "supplied, not used",
        }
    }
}

impl std::fmt::Display for CertUsage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One decoded token (the `passports` entries of SPEC §6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassportReport {
    pub index: usize,
    pub origin: String,
    /// `passport`, or `calltoken-parent` for Twilio's parentCallInfoToken.
    pub role: PassportRole,
    pub ppt: Option<Ppt>,
    /// Decoded header (object, or null when unreadable).
    pub header: Value,
    pub payload: Value,
    /// Exact received JSON text of header and payload.
    #[serde(default)]
    pub header_json: Option<String>,
    #[serde(default)]
    pub payload_json: Option<String>,
    /// The compact token as received; omitted when the report is redacted.
    #[serde(default)]
    pub token: Option<String>,
    /// Identity header parameters (info, alg, ppt, …).
    #[serde(default)]
    pub identity_params: Vec<(String, String)>,
    #[serde(default)]
    pub compact: bool,
    pub claims: Claims,
    #[serde(default)]
    pub iat_utc: Option<String>,
    #[serde(default)]
    pub iat_age: Option<String>,
    pub signature: SignatureReport,
    #[serde(default)]
    pub location: Option<Location>,
    /// Rich call data (RFC 9795): the caller card and its rcdi integrity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcd: Option<crate::check::rcd::RcdCard>,
}

impl PassportReport {
    /// `SHAKEN`, `DIV`, `RCD`, `CallToken parent`, `base`, or the ppt as given.
    pub fn kind_label(&self) -> String {
        if self.role == PassportRole::CalltokenParent {
            return "CallToken parent".into();
        }
        if self.header.is_null() && self.payload.is_null() {
            return "unreadable token".into();
        }
        match &self.ppt {
            Some(Ppt::Shaken) => "SHAKEN".into(),
            Some(Ppt::Div) => "DIV".into(),
            Some(Ppt::DivO) => "DIV-O".into(),
            Some(Ppt::Rcd) => "RCD".into(),
            Some(other) => format!("ppt {other}"),
            None if self.claims.attest.is_some() => "SHAKEN? (no ppt)".into(),
            None => "base PASSporT".into(),
        }
    }
}

/// A hop of the call path (caller → called → diversions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    pub from: String,
    pub to: String,
    /// What the hop is drawn from.
    #[serde(default)]
    pub kind: HopKind,
    /// The hop as words: `SHAKEN`, `DIV (forwarded)`, `signalling (From → To)`, …
    pub via: String,
    pub attestation: Option<String>,
    /// Index of the PASSporT this hop comes from.
    pub passport: Option<usize>,
    /// Signature status of that PASSporT, as a label.
    #[serde(default)]
    pub signature: Option<String>,
}

/// What a call-path hop is drawn from (`call_path[].kind`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HopKind {
    /// A SHAKEN PASSporT: caller → first destination.
    Shaken,
    /// A DIV (or div-o) PASSporT: a forwarding.
    Div,
    /// A PASSporT of another type.
    Passport,
    /// The parent call of a Twilio CallToken.
    CalltokenParent,
    /// No PASSporT: the signalling's caller and called numbers.
    #[default]
    Signalling,
}

/// RFC 8226 TNAuthList as decoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TnAuthReport {
    /// `SPC 1234`, `TN range 12155550000 +100`, `TN 12155551212`.
    pub entries: Vec<String>,
    /// True when the extension is the RFC 8226 SEQUENCE OF TNEntry.
    pub standard: bool,
    pub note: String,
}

impl TnAuthReport {
    /// What the certificate may sign for, in plain words: "the numbers of
    /// service provider 1234", "+12025550100 to +12025550199 (100 numbers)".
    pub fn authorised(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|e| {
                if let Some(spc) = e.strip_prefix("SPC ") {
                    format!("the numbers of service provider {spc} (SPC)")
                } else if let Some(r) = e.strip_prefix("TN range ") {
                    match r.split_once(" +").and_then(|(s, n)| {
                        Some((s, n.parse::<u128>().ok()?, s.parse::<u128>().ok()?))
                    }) {
                        Some((start, n, first)) if n > 0 => {
                            let last = format!("{:0width$}", first + n - 1, width = start.len());
                            format!("+{start} to +{last} ({n} numbers)")
                        }
                        _ => e.clone(),
                    }
                } else if let Some(tn) = e.strip_prefix("TN ") {
                    format!("+{tn} only")
                } else {
                    e.clone()
                }
            })
            .collect()
    }
}

/// A certificate calltrust looked at.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CertReport {
    /// File name or URL it came from, with the position in a bundle.
    pub source: String,
    /// `leaf`, `intermediate` or `root` (self-issued and self-signed).
    pub role: crate::sti::Role,
    /// What calltrust did with it.
    #[serde(default)]
    pub usage: CertUsage,
    /// It took part in this call: it verified a signature, is a link of a
    /// checked chain, or is the pasted certificate being judged. A
    /// certificate at hand that signs nothing here is `false` (SPEC §6).
    #[serde(default)]
    pub used: bool,
    /// The SPC of its TNAuthList, when there is one.
    #[serde(default)]
    pub spc: Option<String>,
    /// Every STI certificate rule's outcome (SPEC §3a); shared, as a batch
    /// reuses one certificate's judgement for every payload it signs.
    #[serde(default)]
    pub rules: std::sync::Arc<[crate::sti::RuleResult]>,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub key: String,
    pub self_signed: bool,
    #[serde(default)]
    pub tn_auth_list: Option<TnAuthReport>,
    #[serde(default)]
    pub basic_constraints: Option<String>,
    #[serde(default)]
    pub key_usage: Option<String>,
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub crl_distribution_points: Vec<String>,
    pub sha256: String,
    /// PASSporTs (indexes) whose signature this certificate checked.
    #[serde(default)]
    pub used_by: Vec<usize>,
}

/// Result of a certificate path validation (RFC 5280 §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChainStatus {
    /// Every link is a CA allowed to sign, within its validity, signed with an
    /// acceptable algorithm, ending at a configured trust anchor.
    Valid,
    /// An issuer certificate is missing.
    Incomplete,
    /// The path ends at a certificate that is not a configured anchor.
    Untrusted,
    /// A path to an anchor exists but breaks a rule (expired link, end-entity
    /// used as a CA, SHA-1, …).
    Invalid,
    /// No trust anchors configured.
    NotChecked,
}

impl ChainStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainStatus::Valid => "valid",
            ChainStatus::Incomplete => "incomplete",
            ChainStatus::Untrusted => "untrusted",
            ChainStatus::Invalid => "invalid",
            ChainStatus::NotChecked => "not-checked",
        }
    }
    /// Words for a card heading.
    pub fn headline(self) -> &'static str {
        match self {
            ChainStatus::Valid => "Chain valid",
            ChainStatus::Incomplete => "Chain incomplete",
            ChainStatus::Untrusted => "Chain untrusted",
            ChainStatus::Invalid => "Chain INVALID",
            ChainStatus::NotChecked => "Chain not checked",
        }
    }
}

/// Revocation status of one certificate of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevocationStatus {
    /// On a CRL the user gave or fetched.
    Revoked,
    /// Checked against its issuer's CRL: not listed.
    Good,
    /// No usable CRL for this certificate: never read as "not revoked".
    NotChecked,
    /// A trust anchor: nothing above it publishes a CRL for it.
    Anchor,
}

impl RevocationStatus {
    pub fn label(self) -> &'static str {
        match self {
            RevocationStatus::Revoked => "REVOKED",
            RevocationStatus::Good => "not revoked (CRL checked)",
            RevocationStatus::NotChecked => "revocation not checked (no CRL)",
            RevocationStatus::Anchor => "trust anchor (no CRL applies)",
        }
    }
}

/// Role of a certificate in a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkRole {
    Leaf,
    Intermediate,
    TrustAnchor,
    /// The last certificate of a path that stops short of an anchor.
    Untrusted,
}

impl LinkRole {
    pub fn label(self) -> &'static str {
        match self {
            LinkRole::Leaf => "leaf",
            LinkRole::Intermediate => "intermediate",
            LinkRole::TrustAnchor => "trust anchor",
            LinkRole::Untrusted => "not a trust anchor",
        }
    }
}

/// One certificate of a chain, as the path validator judged it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkReport {
    pub subject: String,
    pub role: LinkRole,
    pub not_before: String,
    pub not_after: String,
    /// basicConstraints and keyUsage as they bear on signing certificates.
    pub ca: String,
    /// The algorithm this certificate is signed with.
    pub signature_algorithm: String,
    pub revocation: RevocationStatus,
    /// Which CRL said so, its date, and for a revoked certificate the reason.
    #[serde(default)]
    pub revocation_detail: String,
    /// The rules this link breaks (empty when it is fine).
    #[serde(default)]
    pub problems: Vec<String>,
}

/// The certificate path from a leaf to a trust anchor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainReport {
    pub status: ChainStatus,
    /// Subjects from leaf to anchor.
    pub path: Vec<String>,
    pub detail: String,
    /// Each certificate of the path, leaf first.
    #[serde(default)]
    pub links: Vec<LinkReport>,
    /// What the independent validator (rustls-webpki) said about the same path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
}

/// One way to write the forwarding request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub label: SnippetKind,
    pub code: String,
}

/// The language of a forwarding snippet; serialised as its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SnippetKind {
    #[serde(rename = "curl")]
    Curl,
    #[serde(rename = "Twilio CLI")]
    TwilioCli,
    Node,
    Python,
}

impl SnippetKind {
    pub fn label(self) -> &'static str {
        match self {
            SnippetKind::Curl => "curl",
            SnippetKind::TwilioCli => "Twilio CLI",
            SnippetKind::Node => "Node",
            SnippetKind::Python => "Python",
        }
    }

    /// What a copy of it is called ("Copied the curl request").
    pub fn what(self) -> &'static str {
        match self {
            SnippetKind::Curl => "the curl request",
            SnippetKind::TwilioCli => "the Twilio CLI command",
            SnippetKind::Node => "the Node code",
            SnippetKind::Python => "the Python code",
        }
    }

    /// The Markdown code-fence language.
    pub fn fence(self) -> &'static str {
        match self {
            SnippetKind::Node => "js",
            SnippetKind::Python => "python",
            SnippetKind::Curl | SnippetKind::TwilioCli => "sh",
        }
    }
}

/// How to forward the webhook's call keeping the caller's attestation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForwardingReport {
    /// The parent call's from: the From the forwarded call must use.
    pub from: String,
    /// The CallToken exactly as the webhook delivered it.
    pub call_token: String,
    pub snippets: Vec<Snippet>,
}

/// A certificate repository (an x5u URL) judged by the ecosystem's
/// repository rules (SPEC §3a).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepositoryReport {
    pub url: String,
    /// Whether a fetch answered (else only the URL-form rules ran).
    pub fetched: bool,
    pub rules: Vec<crate::sti::RuleResult>,
}

/// What a CallToken carries and how to use it (Twilio: "Use a CallToken when
/// forwarding a call").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallTokenReport {
    pub origin: String,
    pub call_sid: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub iat_utc: Option<String>,
    /// Indexes of the PASSporTs in identityHeaderTokens.
    pub passports: Vec<usize>,
    /// One sentence: how to forward with it.
    pub summary: String,
    pub explanation: String,
}

/// One variant of a webhook request that the signature matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearMiss {
    pub cause: String,
    pub fix: String,
    /// The URL of the variant that matched.
    pub url: String,
}

/// X-Twilio-Signature status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WebhookStatus {
    Valid,
    Invalid,
    NotChecked,
}

impl WebhookStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookStatus::Valid => "valid",
            WebhookStatus::Invalid => "invalid",
            WebhookStatus::NotChecked => "not-checked",
        }
    }
}

impl std::fmt::Display for WebhookStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// X-Twilio-Signature result.
/// How a webhook body is signed: form parameters in the string to sign, or
/// a JSON body pinned by `bodySHA256`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyMode {
    #[default]
    Form,
    Json,
}

impl BodyMode {
    pub fn label(self) -> &'static str {
        match self {
            BodyMode::Form => "form",
            BodyMode::Json => "json",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookSigReport {
    pub status: WebhookStatus,
    pub url: Option<String>,
    /// Where the URL came from (`--url`, request line + Host).
    pub url_source: Option<String>,
    /// `form` or `json`.
    pub body_mode: BodyMode,
    /// Which candidate matched (as received, port removed, default port added, http://).
    pub matched: Option<String>,
    pub near_misses: Vec<NearMiss>,
    pub detail: String,
}

/// Everything calltrust found about one paste.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub tool: ToolInfo,
    pub input: InputInfo,
    pub verdict: Verdict,
    pub reference_time: ReferenceTime,
    pub verstat: Option<Verstat>,
    pub call: CallSummary,
    pub passports: Vec<PassportReport>,
    pub call_path: Vec<Hop>,
    #[serde(default)]
    pub call_token: Option<CallTokenReport>,
    /// The requests that forward this call with its CallToken.
    #[serde(default)]
    pub forwarding: Option<ForwardingReport>,
    pub certificates: Vec<CertReport>,
    #[serde(default)]
    pub chains: Vec<ChainReport>,
    /// The x5u URLs judged as certificate repositories.
    #[serde(default)]
    pub repositories: Vec<RepositoryReport>,
    pub webhook_signature: Option<WebhookSigReport>,
    pub findings: Vec<Finding>,
    pub redacted: bool,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
    pub fn has(&self, id: FindingId) -> bool {
        self.findings.iter().any(|f| f.id == id)
    }
    pub fn findings_with(&self, id: FindingId) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.id == id)
    }
    /// JSON (SPEC §6); DEL, C1 controls and bidi overrides escaped too.
    pub fn to_json(&self) -> String {
        escape::json_controls(
            serde_json::to_string_pretty(self)
                .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")),
        )
    }
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }
    /// Plain text; control characters from the paste are made visible.
    pub fn to_text(&self) -> String {
        escape::clean_controls(&render::text(self))
    }
    /// Markdown or text with what a front end adds (forwarding snippets).
    pub fn render_with(&self, format: Format, o: render::RenderOptions) -> String {
        match format {
            Format::Json => self.to_json(),
            Format::Markdown => render::markdown_with(self, o),
            Format::Text => escape::clean_controls(&render::text_with(self, o)),
        }
    }
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => self.to_json(),
            Format::Markdown => self.to_markdown(),
            Format::Text => self.to_text(),
        }
    }
}

/// Report formats (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    #[default]
    Markdown,
    Text,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Text, Format::Json];
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Markdown => "Markdown",
            Format::Text => "Text",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Text => "txt",
        }
    }
}
