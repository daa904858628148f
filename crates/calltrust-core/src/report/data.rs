//! The report's data: one serializable value per paste (SPEC §6). Built by
//! the pipeline; drawn by the front ends; rendered by [`super::render`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::knowledge::Verstat;
use crate::model::{Finding, InputKind, Location, Ppt, TimeSource, Verdict};
use crate::passport::Claims;
use crate::verify::results::{CertReport, ChainReport, RepositoryReport, SignatureReport};
use crate::webhook_sig::results::WebhookSigReport;

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
