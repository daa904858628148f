//! The words of the STI certificate rules: levels, statuses, who must fix
//! a failure, certificate roles and one rule's result.

use serde::{Deserialize, Serialize};

/// A rule's own level (SPEC §6 `rules[].level`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warn,
    Notice,
}

impl Level {
    /// The severity of a finding about a failed rule of this level: an
    /// ecosystem `error` rule is a warning (verifiers accept such
    /// certificates), the others notes.
    pub fn finding_severity(self) -> crate::model::Severity {
        match self {
            Level::Error => crate::model::Severity::Warning,
            Level::Warn | Level::Notice => crate::model::Severity::Info,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Notice => "notice",
        }
    }
}

/// A rule's outcome on one certificate (SPEC §6 `rules[].status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    Fail,
    Pass,
    /// The certificate was issued before the rule took effect.
    NotEffective,
    NotApplicable,
}

/// Who must act on a failed rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fixer {
    /// What the service provider asked for (subject names, TNAuthList).
    ServiceProvider,
    /// How the STI-CA issued it (profile, extensions, serial, algorithms).
    StiCa,
}

impl Fixer {
    pub fn words(self) -> &'static str {
        match self {
            Fixer::ServiceProvider => {
                "the service provider must correct its certificate request (CSR) and have the certificate reissued"
            }
            Fixer::StiCa => {
                "the STI-CA that issued it must fix its certificate profile and reissue it"
            }
        }
    }
    /// Who, in two words: "the service provider", "its STI-CA".
    pub fn short(self) -> &'static str {
        match self {
            Fixer::ServiceProvider => "the service provider",
            Fixer::StiCa => "its STI-CA",
        }
    }
}

/// Role of a certificate (SPEC §6 `certificates[].role`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    #[default]
    Leaf,
    Intermediate,
    Root,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leaf => "leaf",
            Role::Intermediate => "intermediate",
            Role::Root => "root",
        }
    }
}

/// One rule's result on one certificate (SPEC §6 `certificates[].rules[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule: std::borrow::Cow<'static, str>,
    pub level: Level,
    pub status: RuleStatus,
    /// Why it failed, or when it takes effect; empty for a plain pass.
    pub detail: String,
    pub citation: std::borrow::Cow<'static, str>,
    pub fixer: Fixer,
}
