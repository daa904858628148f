//! What the X-Twilio-Signature check found, as the report carries it
//! (`report` re-exports these).

use serde::{Deserialize, Serialize};

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
