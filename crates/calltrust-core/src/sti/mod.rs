//! STI certificates judged by the rules the STIR/SHAKEN CA ecosystem's own
//! compliance reports apply (ATIS-1000080, the US SHAKEN Certificate Policy
//! and RFC 5280), under the same rule names and effective dates, so that a
//! finding can be compared with the public reports.
//!
//! [`Facts`] reads a certificate once (x509-parser for the structure, a
//! strict DER reader for the raw encodings the rules look at); the
//! catalogue in [`rules`] holds one small function per rule beside its
//! citation; [`lint`] runs them: a rule that does not apply is
//! `not-applicable`, one issued before its effective date is
//! `not-effective` (judged on notBefore, never on "now"), else pass or fail.

pub mod facts;
pub mod repository;
pub mod rules;

use serde::{Deserialize, Serialize};

pub use facts::Facts;

/// A rule's own level (SPEC §6 `rules[].level`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warn,
    Notice,
}

impl Level {
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

/// A certificate judged: its role, its TNAuthList SPC, every rule's result.
#[derive(Clone, Debug)]
pub struct Linted {
    pub role: Role,
    pub spc: Option<String>,
    pub rules: Vec<RuleResult>,
}

/// Run every rule of the catalogue on a DER certificate.
pub fn lint(der: &[u8]) -> Result<(Role, Vec<RuleResult>), String> {
    lint_full(der).map(|l| (l.role, l.rules))
}

/// [`lint`], with the SPC.
pub fn lint_full(der: &[u8]) -> Result<Linted, String> {
    let f = Facts::read(der)?;
    let role = f.role();
    let spc = f.spc().ok();
    let out = rules::CATALOGUE
        .iter()
        .map(|r| {
            let (status, detail) = if !(r.applies)(&f) {
                (RuleStatus::NotApplicable, String::new())
            } else if r.effective.is_some_and(|d| f.not_before < d.unix()) {
                (
                    RuleStatus::NotEffective,
                    format!(
                        "issued {} — before this rule took effect ({})",
                        crate::timefmt::utc(f.not_before),
                        r.effective.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
            } else {
                match (r.check)(&f) {
                    Ok(()) => (RuleStatus::Pass, String::new()),
                    Err(why) => (RuleStatus::Fail, why),
                }
            };
            RuleResult {
                rule: r.name.into(),
                level: r.level,
                status,
                detail,
                citation: r.citation.into(),
                fixer: r.fixer,
            }
        })
        .collect();
    Ok(Linted {
        role,
        spc,
        rules: out,
    })
}
