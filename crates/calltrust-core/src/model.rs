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

/// A PASSporT type (RFC 8225 §8.1 `ppt`), compared exactly as JSON values
/// are: the registered names are lowercase, and `"SHAKEN"` is an unknown
/// extension, not SHAKEN (a strict verifier rejects it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ppt {
    /// `shaken` (RFC 8588).
    Shaken,
    /// `div` (RFC 8946).
    Div,
    /// `div-o` (RFC 8946 §6, the opt-in form).
    DivO,
    /// `rcd` (RFC 9795).
    Rcd,
    /// `sipbrandy` (RFC 8862).
    SipBrandy,
    /// Anything else, as written.
    Other(String),
}

impl Ppt {
    /// The type a `ppt` value names.
    pub fn parse(s: &str) -> Ppt {
        match s {
            "shaken" => Ppt::Shaken,
            "div" => Ppt::Div,
            "div-o" => Ppt::DivO,
            "rcd" => Ppt::Rcd,
            "sipbrandy" => Ppt::SipBrandy,
            other => Ppt::Other(other.to_string()),
        }
    }

    /// The value as written.
    pub fn as_str(&self) -> &str {
        match self {
            Ppt::Shaken => "shaken",
            Ppt::Div => "div",
            Ppt::DivO => "div-o",
            Ppt::Rcd => "rcd",
            Ppt::SipBrandy => "sipbrandy",
            Ppt::Other(s) => s,
        }
    }

    /// A registered extension calltrust knows.
    pub fn is_known(&self) -> bool {
        !matches!(self, Ppt::Other(_))
    }

    /// A diversion PASSporT (`div` or `div-o`).
    pub fn is_div(&self) -> bool {
        matches!(self, Ppt::Div | Ppt::DivO)
    }
}

impl std::fmt::Display for Ppt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Ppt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Ppt {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Ppt::parse(&s))
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
    pub id: FindingId,
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
        id: FindingId,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Finding {
            id,
            severity,
            title: title.into(),
            detail: detail.into(),
            hint: None,
            passport: None,
            location: None,
            source: None,
        }
    }
    pub fn error(id: FindingId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Error, title, detail)
    }
    pub fn warning(id: FindingId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Warning, title, detail)
    }
    pub fn info(id: FindingId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, Severity::Info, title, detail)
    }
    pub fn pass(id: FindingId, title: impl Into<String>, detail: impl Into<String>) -> Self {
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

/// A finding id (SPEC §3): a stable contract, serialised as its kebab-case
/// name. Every id has a catalogue entry, a category and, where a verifier
/// reacts to it, a SIP answer and the peers' answers — each an exhaustive
/// `match`, so a new id that lacks one does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingId {
    InputUnrecognized,
    InputTooLarge,
    InputEncoding,
    InputNote,
    InputMalformed,
    PassportMalformed,
    PassportCompactForm,
    PassportAlg,
    PassportPpt,
    PassportTyp,
    PassportX5u,
    PassportCanonical,
    IdentityInfoMismatch,
    ClaimMissing,
    ClaimFormat,
    ClaimAttest,
    ClaimIatFormat,
    TnNotE164,
    ClaimConstraints,
    TnNotAuthorized,
    OrigMismatch,
    DestMismatch,
    DisplayNameNumber,
    DisplayNameBidi,
    IatStale,
    IatFuture,
    IatOk,
    DateStale,
    DivChain,
    CalltokenMalformed,
    CalltokenFromMismatch,
    CalltokenToMismatch,
    VerstatPassed,
    VerstatFailed,
    VerstatNoValidation,
    VerstatUnknown,
    VerstatAttestMismatch,
    SignatureValid,
    SignatureInvalid,
    SignatureNotChecked,
    SignatureEncoding,
    CertValidity,
    CertKey,
    CertTnauthlist,
    CertUnusable,
    CertCaSigner,
    ChainValid,
    ChainIncomplete,
    ChainUntrusted,
    ChainInvalid,
    ChainNotChecked,
    CertRevoked,
    RevocationNotChecked,
    CrlUnusable,
    CertCompliance,
    X5uRepository,
    X5uFetch,
    IdentityMissing,
    SipResponse,
    RcdIntegrity,
    RcdMalformed,
    RcdJcdJcl,
    RedactionFailed,
    TwilioSignatureValid,
    TwilioSignatureInvalid,
    TwilioSignatureNotChecked,
    TwilioSignatureNearMiss,
    TwilioSignatureRisk,
    SipSecurityTransport,
    SipSecurityAuth,
    SipSecuritySource,
    SipSecurityMedia,
    ForwardFromMismatch,
    ForwardCalltokenAltered,
    ForwardCalltokenMissing,
    TwilioSignatureSharedKey,
    WebhookUrlScheme,
    WebhookUrlCredentials,
    WebhookUrlMethod,
    TwilioBodyHash,
    RoutingPolicy,
    RoutingAdvice,
    CallerInternational,
}

macro_rules! finding_names {
    ($($v:ident = $s:literal,)*) => {
        impl FindingId {
            /// Every id, in the catalogue's (SPEC §3) order.
            pub const ALL: &'static [FindingId] = &[$(FindingId::$v),*];
            /// The stable name (`orig-mismatch`).
            pub const fn as_str(self) -> &'static str {
                match self { $(FindingId::$v => $s),* }
            }
            /// The id of a stable name.
            pub fn parse(s: &str) -> Option<FindingId> {
                match s { $($s => Some(FindingId::$v),)* _ => None }
            }
        }
    };
}

finding_names! {
    InputUnrecognized = "input-unrecognized",
    InputTooLarge = "input-too-large",
    InputEncoding = "input-encoding",
    InputNote = "input-note",
    InputMalformed = "input-malformed",
    PassportMalformed = "passport-malformed",
    PassportCompactForm = "passport-compact-form",
    PassportAlg = "passport-alg",
    PassportPpt = "passport-ppt",
    PassportTyp = "passport-typ",
    PassportX5u = "passport-x5u",
    PassportCanonical = "passport-canonical",
    IdentityInfoMismatch = "identity-info-mismatch",
    ClaimMissing = "claim-missing",
    ClaimFormat = "claim-format",
    ClaimAttest = "claim-attest",
    ClaimIatFormat = "claim-iat-format",
    TnNotE164 = "tn-not-e164",
    ClaimConstraints = "claim-constraints",
    TnNotAuthorized = "tn-not-authorized",
    OrigMismatch = "orig-mismatch",
    DestMismatch = "dest-mismatch",
    DisplayNameNumber = "display-name-number",
    DisplayNameBidi = "display-name-bidi",
    IatStale = "iat-stale",
    IatFuture = "iat-future",
    IatOk = "iat-ok",
    DateStale = "date-stale",
    DivChain = "div-chain",
    CalltokenMalformed = "calltoken-malformed",
    CalltokenFromMismatch = "calltoken-from-mismatch",
    CalltokenToMismatch = "calltoken-to-mismatch",
    VerstatPassed = "verstat-passed",
    VerstatFailed = "verstat-failed",
    VerstatNoValidation = "verstat-no-validation",
    VerstatUnknown = "verstat-unknown",
    VerstatAttestMismatch = "verstat-attest-mismatch",
    SignatureValid = "signature-valid",
    SignatureInvalid = "signature-invalid",
    SignatureNotChecked = "signature-not-checked",
    SignatureEncoding = "signature-encoding",
    CertValidity = "cert-validity",
    CertKey = "cert-key",
    CertTnauthlist = "cert-tnauthlist",
    CertUnusable = "cert-unusable",
    CertCaSigner = "cert-ca-signer",
    ChainValid = "chain-valid",
    ChainIncomplete = "chain-incomplete",
    ChainUntrusted = "chain-untrusted",
    ChainInvalid = "chain-invalid",
    ChainNotChecked = "chain-not-checked",
    CertRevoked = "cert-revoked",
    RevocationNotChecked = "revocation-not-checked",
    CrlUnusable = "crl-unusable",
    CertCompliance = "cert-compliance",
    X5uRepository = "x5u-repository",
    X5uFetch = "x5u-fetch",
    IdentityMissing = "identity-missing",
    SipResponse = "sip-response",
    RcdIntegrity = "rcd-integrity",
    RcdMalformed = "rcd-malformed",
    RcdJcdJcl = "rcd-jcd-jcl",
    RedactionFailed = "redaction-failed",
    TwilioSignatureValid = "twilio-signature-valid",
    TwilioSignatureInvalid = "twilio-signature-invalid",
    TwilioSignatureNotChecked = "twilio-signature-not-checked",
    TwilioSignatureNearMiss = "twilio-signature-near-miss",
    TwilioSignatureRisk = "twilio-signature-risk",
    SipSecurityTransport = "sip-security-transport",
    SipSecurityAuth = "sip-security-auth",
    SipSecuritySource = "sip-security-source",
    SipSecurityMedia = "sip-security-media",
    ForwardFromMismatch = "forward-from-mismatch",
    ForwardCalltokenAltered = "forward-calltoken-altered",
    ForwardCalltokenMissing = "forward-calltoken-missing",
    TwilioSignatureSharedKey = "twilio-signature-shared-key",
    WebhookUrlScheme = "webhook-url-scheme",
    WebhookUrlCredentials = "webhook-url-credentials",
    WebhookUrlMethod = "webhook-url-method",
    TwilioBodyHash = "twilio-body-hash",
    RoutingPolicy = "routing-policy",
    RoutingAdvice = "routing-advice",
    CallerInternational = "caller-international",
}

/// What a finding is about: an exhaustive match over the ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// The paste itself: unreadable, too large, notes on what was skipped.
    Input,
    /// A PASSporT's form and header (RFC 8225, RFC 8588) and its Identity parameters.
    Passport,
    /// A PASSporT's claims and how they match the call (orig, dest, iat, attest, DIV chain).
    Claims,
    /// What the callee is shown besides the signed number (display names, international callers).
    Caller,
    /// Twilio's CallToken.
    CallToken,
    /// The verification status a network stated.
    Verstat,
    /// The ES256 signature of a PASSporT.
    Signature,
    /// An STI certificate's own content (validity, key, TNAuthList, STI rules).
    Certificate,
    /// The certificate path to a trust anchor.
    Chain,
    /// CRLs and revocation status.
    Revocation,
    /// The certificate repository behind x5u.
    Repository,
    /// The SIP request and the far end's answer (Identity present, Date, responses).
    Sip,
    /// How the SIP request travelled (transport, authentication, source, media).
    SipSecurity,
    /// Rich Call Data (RFC 9795).
    Rcd,
    /// A webhook's X-Twilio-Signature.
    Webhook,
    /// How the webhook URL is set up (scheme, credentials, method).
    WebhookUrl,
    /// A forwarded call: the CallToken and the From it carries on.
    Forwarding,
    /// What the routing policy does with the call.
    Routing,
    /// The report itself (redaction).
    Report,
}

impl FindingId {
    /// Signalling and webhook hygiene (Twilio's security best practices):
    /// good advice, but not about whether this caller can be trusted.
    pub fn is_hygiene(self) -> bool {
        matches!(
            self.category(),
            Category::SipSecurity | Category::WebhookUrl
        )
    }

    /// What the finding is about: an exhaustive match, so a new id must
    /// say.
    pub fn category(self) -> Category {
        match self {
            FindingId::InputUnrecognized
            | FindingId::InputTooLarge
            | FindingId::InputEncoding
            | FindingId::InputNote
            | FindingId::InputMalformed => Category::Input,
            FindingId::PassportMalformed
            | FindingId::PassportCompactForm
            | FindingId::PassportAlg
            | FindingId::PassportPpt
            | FindingId::PassportTyp
            | FindingId::PassportX5u
            | FindingId::PassportCanonical
            | FindingId::IdentityInfoMismatch => Category::Passport,
            FindingId::ClaimMissing
            | FindingId::ClaimFormat
            | FindingId::ClaimAttest
            | FindingId::ClaimIatFormat
            | FindingId::TnNotE164
            | FindingId::ClaimConstraints
            | FindingId::TnNotAuthorized
            | FindingId::OrigMismatch
            | FindingId::DestMismatch
            | FindingId::IatStale
            | FindingId::IatFuture
            | FindingId::IatOk
            | FindingId::DivChain => Category::Claims,
            FindingId::DisplayNameNumber
            | FindingId::DisplayNameBidi
            | FindingId::CallerInternational => Category::Caller,
            FindingId::CalltokenMalformed
            | FindingId::CalltokenFromMismatch
            | FindingId::CalltokenToMismatch => Category::CallToken,
            FindingId::VerstatPassed
            | FindingId::VerstatFailed
            | FindingId::VerstatNoValidation
            | FindingId::VerstatUnknown
            | FindingId::VerstatAttestMismatch => Category::Verstat,
            FindingId::SignatureValid
            | FindingId::SignatureInvalid
            | FindingId::SignatureNotChecked
            | FindingId::SignatureEncoding => Category::Signature,
            FindingId::CertValidity
            | FindingId::CertKey
            | FindingId::CertTnauthlist
            | FindingId::CertUnusable
            | FindingId::CertCaSigner
            | FindingId::CertCompliance => Category::Certificate,
            FindingId::ChainValid
            | FindingId::ChainIncomplete
            | FindingId::ChainUntrusted
            | FindingId::ChainInvalid
            | FindingId::ChainNotChecked => Category::Chain,
            FindingId::CertRevoked | FindingId::RevocationNotChecked | FindingId::CrlUnusable => {
                Category::Revocation
            }
            FindingId::X5uRepository | FindingId::X5uFetch => Category::Repository,
            FindingId::DateStale | FindingId::IdentityMissing | FindingId::SipResponse => {
                Category::Sip
            }
            FindingId::SipSecurityTransport
            | FindingId::SipSecurityAuth
            | FindingId::SipSecuritySource
            | FindingId::SipSecurityMedia => Category::SipSecurity,
            FindingId::RcdIntegrity | FindingId::RcdMalformed | FindingId::RcdJcdJcl => {
                Category::Rcd
            }
            FindingId::TwilioSignatureValid
            | FindingId::TwilioSignatureInvalid
            | FindingId::TwilioSignatureNotChecked
            | FindingId::TwilioSignatureNearMiss
            | FindingId::TwilioSignatureRisk
            | FindingId::TwilioSignatureSharedKey
            | FindingId::TwilioBodyHash => Category::Webhook,
            FindingId::WebhookUrlScheme
            | FindingId::WebhookUrlCredentials
            | FindingId::WebhookUrlMethod => Category::WebhookUrl,
            FindingId::ForwardFromMismatch
            | FindingId::ForwardCalltokenAltered
            | FindingId::ForwardCalltokenMissing => Category::Forwarding,
            FindingId::RoutingPolicy | FindingId::RoutingAdvice => Category::Routing,
            FindingId::RedactionFailed => Category::Report,
        }
    }
}

impl std::fmt::Display for FindingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for FindingId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FindingId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for FindingId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        FindingId::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding id {s:?}")))
    }
}

/// The stable finding ids by their constant names (`ids::ORIG_MISMATCH`).
pub mod ids {
    use crate::model::FindingId;

    /// The findings that say where a paste failed to parse (the paste box
    /// lists them under the text).
    pub const PARSE_PROBLEMS: &[FindingId] = &[
        INPUT_UNRECOGNIZED,
        INPUT_TOO_LARGE,
        INPUT_ENCODING,
        INPUT_NOTE,
        INPUT_MALFORMED,
        PASSPORT_MALFORMED,
        CALLTOKEN_MALFORMED,
        RCD_MALFORMED,
    ];
    pub const INPUT_UNRECOGNIZED: FindingId = FindingId::InputUnrecognized;
    pub const INPUT_TOO_LARGE: FindingId = FindingId::InputTooLarge;
    pub const INPUT_ENCODING: FindingId = FindingId::InputEncoding;
    pub const INPUT_NOTE: FindingId = FindingId::InputNote;
    pub const INPUT_MALFORMED: FindingId = FindingId::InputMalformed;
    pub const PASSPORT_MALFORMED: FindingId = FindingId::PassportMalformed;
    pub const PASSPORT_COMPACT_FORM: FindingId = FindingId::PassportCompactForm;
    pub const PASSPORT_ALG: FindingId = FindingId::PassportAlg;
    pub const PASSPORT_PPT: FindingId = FindingId::PassportPpt;
    pub const PASSPORT_TYP: FindingId = FindingId::PassportTyp;
    pub const PASSPORT_X5U: FindingId = FindingId::PassportX5u;
    pub const PASSPORT_CANONICAL: FindingId = FindingId::PassportCanonical;
    pub const IDENTITY_INFO_MISMATCH: FindingId = FindingId::IdentityInfoMismatch;
    pub const CLAIM_MISSING: FindingId = FindingId::ClaimMissing;
    pub const CLAIM_FORMAT: FindingId = FindingId::ClaimFormat;
    pub const CLAIM_ATTEST: FindingId = FindingId::ClaimAttest;
    pub const CLAIM_IAT_FORMAT: FindingId = FindingId::ClaimIatFormat;
    pub const TN_NOT_E164: FindingId = FindingId::TnNotE164;
    pub const CLAIM_CONSTRAINTS: FindingId = FindingId::ClaimConstraints;
    pub const TN_NOT_AUTHORIZED: FindingId = FindingId::TnNotAuthorized;
    pub const ORIG_MISMATCH: FindingId = FindingId::OrigMismatch;
    pub const DEST_MISMATCH: FindingId = FindingId::DestMismatch;
    pub const DISPLAY_NAME_NUMBER: FindingId = FindingId::DisplayNameNumber;
    pub const DISPLAY_NAME_BIDI: FindingId = FindingId::DisplayNameBidi;
    pub const IAT_STALE: FindingId = FindingId::IatStale;
    pub const IAT_FUTURE: FindingId = FindingId::IatFuture;
    pub const IAT_OK: FindingId = FindingId::IatOk;
    pub const DATE_STALE: FindingId = FindingId::DateStale;
    pub const DIV_CHAIN: FindingId = FindingId::DivChain;
    pub const CALLTOKEN_MALFORMED: FindingId = FindingId::CalltokenMalformed;
    pub const CALLTOKEN_FROM_MISMATCH: FindingId = FindingId::CalltokenFromMismatch;
    pub const CALLTOKEN_TO_MISMATCH: FindingId = FindingId::CalltokenToMismatch;
    pub const VERSTAT_PASSED: FindingId = FindingId::VerstatPassed;
    pub const VERSTAT_FAILED: FindingId = FindingId::VerstatFailed;
    pub const VERSTAT_NO_VALIDATION: FindingId = FindingId::VerstatNoValidation;
    pub const VERSTAT_UNKNOWN: FindingId = FindingId::VerstatUnknown;
    pub const VERSTAT_ATTEST_MISMATCH: FindingId = FindingId::VerstatAttestMismatch;
    pub const SIGNATURE_VALID: FindingId = FindingId::SignatureValid;
    pub const SIGNATURE_INVALID: FindingId = FindingId::SignatureInvalid;
    pub const SIGNATURE_NOT_CHECKED: FindingId = FindingId::SignatureNotChecked;
    pub const SIGNATURE_ENCODING: FindingId = FindingId::SignatureEncoding;
    pub const CERT_VALIDITY: FindingId = FindingId::CertValidity;
    pub const CERT_KEY: FindingId = FindingId::CertKey;
    pub const CERT_TNAUTHLIST: FindingId = FindingId::CertTnauthlist;
    pub const CERT_UNUSABLE: FindingId = FindingId::CertUnusable;
    pub const CERT_CA_SIGNER: FindingId = FindingId::CertCaSigner;
    pub const CHAIN_VALID: FindingId = FindingId::ChainValid;
    pub const CHAIN_INCOMPLETE: FindingId = FindingId::ChainIncomplete;
    pub const CHAIN_UNTRUSTED: FindingId = FindingId::ChainUntrusted;
    pub const CHAIN_INVALID: FindingId = FindingId::ChainInvalid;
    pub const CHAIN_NOT_CHECKED: FindingId = FindingId::ChainNotChecked;
    pub const CERT_REVOKED: FindingId = FindingId::CertRevoked;
    pub const REVOCATION_NOT_CHECKED: FindingId = FindingId::RevocationNotChecked;
    pub const CRL_UNUSABLE: FindingId = FindingId::CrlUnusable;
    pub const CERT_COMPLIANCE: FindingId = FindingId::CertCompliance;
    pub const X5U_REPOSITORY: FindingId = FindingId::X5uRepository;
    pub const X5U_FETCH: FindingId = FindingId::X5uFetch;
    pub const IDENTITY_MISSING: FindingId = FindingId::IdentityMissing;
    pub const SIP_RESPONSE: FindingId = FindingId::SipResponse;
    pub const RCD_INTEGRITY: FindingId = FindingId::RcdIntegrity;
    pub const RCD_MALFORMED: FindingId = FindingId::RcdMalformed;
    pub const RCD_JCD_JCL: FindingId = FindingId::RcdJcdJcl;
    pub const REDACTION_FAILED: FindingId = FindingId::RedactionFailed;
    pub const TWILIO_SIGNATURE_VALID: FindingId = FindingId::TwilioSignatureValid;
    pub const TWILIO_SIGNATURE_INVALID: FindingId = FindingId::TwilioSignatureInvalid;
    pub const TWILIO_SIGNATURE_NOT_CHECKED: FindingId = FindingId::TwilioSignatureNotChecked;
    pub const TWILIO_SIGNATURE_NEAR_MISS: FindingId = FindingId::TwilioSignatureNearMiss;
    pub const TWILIO_SIGNATURE_RISK: FindingId = FindingId::TwilioSignatureRisk;
    pub const SIP_SECURITY_TRANSPORT: FindingId = FindingId::SipSecurityTransport;
    pub const SIP_SECURITY_AUTH: FindingId = FindingId::SipSecurityAuth;
    pub const SIP_SECURITY_SOURCE: FindingId = FindingId::SipSecuritySource;
    pub const SIP_SECURITY_MEDIA: FindingId = FindingId::SipSecurityMedia;
    pub const FORWARD_FROM_MISMATCH: FindingId = FindingId::ForwardFromMismatch;
    pub const FORWARD_CALLTOKEN_ALTERED: FindingId = FindingId::ForwardCalltokenAltered;
    pub const FORWARD_CALLTOKEN_MISSING: FindingId = FindingId::ForwardCalltokenMissing;
    pub const TWILIO_SIGNATURE_SHARED_KEY: FindingId = FindingId::TwilioSignatureSharedKey;
    pub const WEBHOOK_URL_SCHEME: FindingId = FindingId::WebhookUrlScheme;
    pub const WEBHOOK_URL_CREDENTIALS: FindingId = FindingId::WebhookUrlCredentials;
    pub const WEBHOOK_URL_METHOD: FindingId = FindingId::WebhookUrlMethod;
    pub const TWILIO_BODY_HASH: FindingId = FindingId::TwilioBodyHash;
    pub const ROUTING_POLICY: FindingId = FindingId::RoutingPolicy;
    pub const ROUTING_ADVICE: FindingId = FindingId::RoutingAdvice;
    pub const CALLER_INTERNATIONAL: FindingId = FindingId::CallerInternational;
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

/// Reference time for iat checks (SPEC §4), and the verifier's clock.
#[derive(Clone, Copy, Debug)]
pub struct RefTime {
    /// What iat is judged against: the SIP Date header, else the given
    /// time, else now.
    pub unix: i64,
    pub source: TimeSource,
    pub max_age: u64,
    /// The verifier's clock (RFC 8224 §6.2): certificates, chains and CRLs
    /// are judged at it. The time the user gave when there is one — never
    /// the Date header's time then — else `unix` (SPEC §4).
    pub clock: i64,
    pub clock_source: TimeSource,
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
