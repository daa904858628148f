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
pub mod vocab;

pub use facts::Facts;
pub use vocab::{Fixer, Level, Role, RuleResult, RuleStatus};

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
