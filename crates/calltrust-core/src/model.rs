//! Shared vocabulary of the core: severities, findings, input kinds, locations.
//! Finding ids are a stable contract (SPEC §3): they live in [`ids`].

use serde::{Deserialize, Serialize};

/// How bad a finding is. Ordered: `Pass < Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Pass,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Pass => "pass",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// A glyph that carries the severity without colour.
    pub fn icon(self) -> &'static str {
        match self {
            Severity::Pass => "✔",
            Severity::Info => "ℹ",
            Severity::Warning => "⚠",
            Severity::Error => "✖",
        }
    }
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Pass,
    ];
}

/// An attestation level (ATIS-1000074 §5.2.3), as a verdict, a verstat or a
/// batch row states it. Serialised as the letter. A claim that says anything
/// else is not an attestation level (the token's raw `attest` stays a string).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Attestation {
    A,
    B,
    C,
}

impl Attestation {
    pub const ALL: [Attestation; 3] = [Attestation::A, Attestation::B, Attestation::C];

    /// `A`, `B` or `C` exactly (the claim is case-sensitive).
    pub fn parse(s: &str) -> Option<Attestation> {
        match s {
            "A" => Some(Attestation::A),
            "B" => Some(Attestation::B),
            "C" => Some(Attestation::C),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Attestation::A => "A",
            Attestation::B => "B",
            Attestation::C => "C",
        }
    }

    /// Plain-English meaning (ATIS-1000074 §5.2.3).
    pub fn meaning(self) -> &'static str {
        match self {
            Attestation::A => {
                "full attestation — the originating provider knows the caller and that the caller may use this number."
            }
            Attestation::B => {
                "partial attestation — the provider knows its customer but cannot vouch for their right to use this number."
            }
            Attestation::C => {
                "gateway attestation — the provider knows neither the caller nor their right to the number; typical for international and legacy trunks."
            }
        }
    }

    /// One word for it: full, partial, gateway.
    pub fn short(self) -> &'static str {
        match self {
            Attestation::A => "full",
            Attestation::B => "partial",
            Attestation::C => "gateway",
        }
    }
}

impl std::fmt::Display for Attestation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based line and column in the pasted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// One result of one check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Index into `Report::passports` when the finding is about one token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport: Option<usize>,
    /// Where in the pasted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The specification the check implements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Finding {
    pub fn new(
        id: &str,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Finding {
            id: id.to_string(),
            severity,
            title: title.into(),
            detail: detail.into(),
            hint: None,
            passport: None,
            location: None,
            source: None,
        }
    }
    pub fn error(id: &str, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Error, title, detail)
    }
    pub fn warning(id: &str, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Warning, title, detail)
    }
    pub fn info(id: &str, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Info, title, detail)
    }
    pub fn pass(id: &str, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Pass, title, detail)
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn passport(mut self, index: usize) -> Self {
        self.passport = Some(index);
        self
    }
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }
    pub fn source(mut self, source: &str) -> Self {
        self.source = Some(source.to_string());
        self
    }
}

/// What the pasted text was recognised as (SPEC §1, `input.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    TwilioWebhook,
    HttpRequest,
    CallToken,
    SipMessage,
    IdentityHeader,
    Passport,
    Verstat,
    /// One or more X.509 certificates (PEM, base64 DER or a DER file).
    Certificate,
    /// A SIP response (`SIP/2.0 438 …`), with or without headers.
    SipResponse,
    /// A request that creates a forwarded call (Calls/Participants API
    /// parameters, or a curl command line).
    CallsRequest,
    /// A signing or verification service's JSON answer carrying an Identity
    /// header (or PASSporT) under its own key.
    ApiResponse,
    Empty,
    Unrecognized,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::TwilioWebhook => "twilio-webhook",
            InputKind::HttpRequest => "http-request",
            InputKind::CallToken => "call-token",
            InputKind::SipMessage => "sip-message",
            InputKind::IdentityHeader => "identity-header",
            InputKind::Passport => "passport",
            InputKind::Verstat => "verstat",
            InputKind::Certificate => "certificate",
            InputKind::SipResponse => "sip-response",
            InputKind::CallsRequest => "calls-request",
            InputKind::ApiResponse => "api-response",
            InputKind::Empty => "empty",
            InputKind::Unrecognized => "unrecognized",
        }
    }
    /// Human wording for the input panel and reports.
    pub fn describe(self) -> &'static str {
        match self {
            InputKind::TwilioWebhook => "Twilio voice webhook",
            InputKind::HttpRequest => "raw HTTP request",
            InputKind::CallToken => "Twilio CallToken",
            InputKind::SipMessage => "SIP message",
            InputKind::IdentityHeader => "Identity header value",
            InputKind::Passport => "PASSporT (JWT)",
            InputKind::Verstat => "verification status (verstat)",
            InputKind::Certificate => "STI certificate(s)",
            InputKind::SipResponse => "SIP response",
            InputKind::CallsRequest => "request that forwards a call (Calls API)",
            InputKind::ApiResponse => "signing/verification service answer (JSON)",
            InputKind::Empty => "nothing pasted",
            InputKind::Unrecognized => "unrecognised input",
        }
    }
}

/// Stable finding ids (SPEC §3) plus the ones calltrust adds.
pub mod ids {
    /// The findings that say where a paste failed to parse (the paste box
    /// lists them under the text).
    pub const PARSE_PROBLEMS: &[&str] = &[
        INPUT_UNRECOGNIZED,
        INPUT_TOO_LARGE,
        INPUT_ENCODING,
        INPUT_NOTE,
        INPUT_MALFORMED,
        PASSPORT_MALFORMED,
        CALLTOKEN_MALFORMED,
        RCD_MALFORMED,
    ];
    pub const INPUT_UNRECOGNIZED: &str = "input-unrecognized";
    pub const INPUT_TOO_LARGE: &str = "input-too-large";
    pub const INPUT_ENCODING: &str = "input-encoding";
    pub const INPUT_NOTE: &str = "input-note";
    pub const INPUT_MALFORMED: &str = "input-malformed";
    pub const PASSPORT_MALFORMED: &str = "passport-malformed";
    pub const PASSPORT_COMPACT_FORM: &str = "passport-compact-form";
    pub const PASSPORT_ALG: &str = "passport-alg";
    pub const PASSPORT_PPT: &str = "passport-ppt";
    pub const PASSPORT_TYP: &str = "passport-typ";
    pub const PASSPORT_X5U: &str = "passport-x5u";
    pub const PASSPORT_CANONICAL: &str = "passport-canonical";
    pub const IDENTITY_INFO_MISMATCH: &str = "identity-info-mismatch";
    pub const CLAIM_MISSING: &str = "claim-missing";
    pub const CLAIM_FORMAT: &str = "claim-format";
    pub const CLAIM_ATTEST: &str = "claim-attest";
    pub const CLAIM_IAT_FORMAT: &str = "claim-iat-format";
    pub const TN_NOT_E164: &str = "tn-not-e164";
    pub const TN_NOT_AUTHORIZED: &str = "tn-not-authorized";
    pub const CLAIM_CONSTRAINTS: &str = "claim-constraints";
    pub const ORIG_MISMATCH: &str = "orig-mismatch";
    pub const DEST_MISMATCH: &str = "dest-mismatch";
    pub const DISPLAY_NAME_NUMBER: &str = "display-name-number";
    pub const DISPLAY_NAME_BIDI: &str = "display-name-bidi";
    pub const IAT_STALE: &str = "iat-stale";
    pub const IAT_FUTURE: &str = "iat-future";
    pub const IAT_OK: &str = "iat-ok";
    pub const DIV_CHAIN: &str = "div-chain";
    pub const CALLTOKEN_MALFORMED: &str = "calltoken-malformed";
    pub const CALLTOKEN_FROM_MISMATCH: &str = "calltoken-from-mismatch";
    pub const CALLTOKEN_TO_MISMATCH: &str = "calltoken-to-mismatch";
    pub const VERSTAT_PASSED: &str = "verstat-passed";
    pub const VERSTAT_FAILED: &str = "verstat-failed";
    pub const VERSTAT_NO_VALIDATION: &str = "verstat-no-validation";
    pub const VERSTAT_UNKNOWN: &str = "verstat-unknown";
    pub const VERSTAT_ATTEST_MISMATCH: &str = "verstat-attest-mismatch";
    pub const SIGNATURE_VALID: &str = "signature-valid";
    pub const SIGNATURE_INVALID: &str = "signature-invalid";
    pub const SIGNATURE_NOT_CHECKED: &str = "signature-not-checked";
    pub const SIGNATURE_ENCODING: &str = "signature-encoding";
    pub const CERT_VALIDITY: &str = "cert-validity";
    pub const CERT_KEY: &str = "cert-key";
    pub const CERT_TNAUTHLIST: &str = "cert-tnauthlist";
    pub const CERT_UNUSABLE: &str = "cert-unusable";
    pub const CERT_CA_SIGNER: &str = "cert-ca-signer";
    pub const CHAIN_VALID: &str = "chain-valid";
    pub const CHAIN_INCOMPLETE: &str = "chain-incomplete";
    pub const CHAIN_UNTRUSTED: &str = "chain-untrusted";
    pub const CHAIN_NOT_CHECKED: &str = "chain-not-checked";
    pub const CHAIN_INVALID: &str = "chain-invalid";
    pub const CERT_REVOKED: &str = "cert-revoked";
    pub const REVOCATION_NOT_CHECKED: &str = "revocation-not-checked";
    pub const CRL_UNUSABLE: &str = "crl-unusable";
    pub const REDACTION_FAILED: &str = "redaction-failed";
    pub const CERT_COMPLIANCE: &str = "cert-compliance";
    pub const DATE_STALE: &str = "date-stale";
    pub const IDENTITY_MISSING: &str = "identity-missing";
    pub const SIP_RESPONSE: &str = "sip-response";
    pub const RCD_INTEGRITY: &str = "rcd-integrity";
    pub const RCD_MALFORMED: &str = "rcd-malformed";
    pub const RCD_JCD_JCL: &str = "rcd-jcd-jcl";
    pub const X5U_REPOSITORY: &str = "x5u-repository";
    pub const X5U_FETCH: &str = "x5u-fetch";
    pub const TWILIO_SIGNATURE_VALID: &str = "twilio-signature-valid";
    pub const TWILIO_SIGNATURE_INVALID: &str = "twilio-signature-invalid";
    pub const TWILIO_SIGNATURE_NOT_CHECKED: &str = "twilio-signature-not-checked";
    pub const TWILIO_SIGNATURE_NEAR_MISS: &str = "twilio-signature-near-miss";
    pub const TWILIO_SIGNATURE_RISK: &str = "twilio-signature-risk";
    pub const TWILIO_BODY_HASH: &str = "twilio-body-hash";
    pub const TWILIO_SIGNATURE_SHARED_KEY: &str = "twilio-signature-shared-key";
    pub const WEBHOOK_URL_SCHEME: &str = "webhook-url-scheme";
    pub const WEBHOOK_URL_CREDENTIALS: &str = "webhook-url-credentials";
    pub const WEBHOOK_URL_METHOD: &str = "webhook-url-method";
    pub const FORWARD_FROM_MISMATCH: &str = "forward-from-mismatch";
    pub const SIP_SECURITY_TRANSPORT: &str = "sip-security-transport";
    pub const SIP_SECURITY_AUTH: &str = "sip-security-auth";
    pub const SIP_SECURITY_SOURCE: &str = "sip-security-source";
    pub const SIP_SECURITY_MEDIA: &str = "sip-security-media";
    pub const FORWARD_CALLTOKEN_ALTERED: &str = "forward-calltoken-altered";
    pub const FORWARD_CALLTOKEN_MISSING: &str = "forward-calltoken-missing";
    pub const ROUTING_ADVICE: &str = "routing-advice";
    pub const ROUTING_POLICY: &str = "routing-policy";
    pub const CALLER_INTERNATIONAL: &str = "caller-international";
}

/// 1-based line/column of a byte offset in `text` (columns count characters).
pub fn location_of(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let mut cut = offset;
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    Location { line, column }
}

/// Line starts of a text, for many location look-ups in O(log n) each.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }
    /// The byte offset of a location: the inverse of [`LineIndex::location`].
    /// A column past its line's end is the line's end; a line past the text
    /// is the text's end.
    pub fn offset(&self, loc: Location) -> usize {
        let Some(&start) = self.starts.get(loc.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(loc.line)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end]
            .char_indices()
            .nth(loc.column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i)
    }

    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let mut cut = offset;
        while cut > start && !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        Location {
            line,
            column: self.text[start..cut].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_location_of() {
        let t = "ab\ncdé\n\nfg";
        let idx = LineIndex::new(t);
        for off in 0..=t.len() + 2 {
            assert_eq!(idx.location(off), location_of(t, off), "offset {off}");
        }
    }

    #[test]
    fn location_counts_lines_and_chars() {
        let t = "ab\ncdé\nfg";
        assert_eq!(location_of(t, 0), Location { line: 1, column: 1 });
        assert_eq!(location_of(t, 3), Location { line: 2, column: 1 });
        // 'é' is two bytes; offset 8 is 'f'
        assert_eq!(location_of(t, 8), Location { line: 3, column: 1 });
        assert_eq!(location_of(t, 7), Location { line: 2, column: 4 });
        assert_eq!(location_of(t, 999).line, 3);
    }

    #[test]
    fn severity_orders_by_badness() {
        assert!(Severity::Error > Severity::Warning);
        assert!(Severity::Warning > Severity::Info);
        assert!(Severity::Info > Severity::Pass);
    }
}
