//! The report: everything calltrust found, in one serializable value that every
//! front end draws or prints. JSON (SPEC §6), Markdown and text renderings.

pub mod data;
pub mod escape;
pub mod fetchable;
pub mod forwarding;
pub mod paths;
pub mod redact;
pub mod render;
pub mod view;

use serde::{Deserialize, Serialize};

use crate::model::{Finding, FindingId, Severity};
pub use crate::model::{Outcome, TimeSource, Verdict, VerifierResponse};
pub use crate::verify::results::{
    CertReport, CertUsage, ChainReport, ChainStatus, LinkReport, LinkRole, RepositoryReport,
    RevocationStatus, SigStatus, SignatureReport, TnAuthReport,
};
pub use crate::webhook_sig::results::{BodyMode, NearMiss, WebhookSigReport, WebhookStatus};
pub use data::*;
pub use forwarding::snippets;
pub use paths::{call_path, call_token_report, signed_vs_presented};

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
    /// The certificates-and-trust summary the window marks its tab with:
    /// an error when a chain fails or a certificate is revoked, a pass when
    /// every chain is valid, a warning when one was not checked; `None`
    /// when there is no chain.
    pub fn trust_summary(&self) -> Option<Severity> {
        let revoked = self
            .findings_with(crate::model::ids::CERT_REVOKED)
            .any(|f| f.severity == Severity::Error);
        if revoked
            || self
                .chains
                .iter()
                .any(|c| c.status.severity() == Severity::Error)
        {
            Some(Severity::Error)
        } else if !self.chains.is_empty()
            && self.chains.iter().all(|c| c.status == ChainStatus::Valid)
        {
            Some(Severity::Pass)
        } else if self
            .chains
            .iter()
            .any(|c| c.status == ChainStatus::NotChecked)
        {
            Some(Severity::Warning)
        } else {
            None
        }
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
