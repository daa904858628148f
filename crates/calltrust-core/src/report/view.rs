//! What every front end shows of the findings, computed once: duplicates
//! merged (with every token they concern named), the certificate-profile
//! rules one certificate breaks as one item, hygiene apart from trust, and
//! the finding that decided the verdict. The window, the text and the
//! Markdown renderings draw these items; the JSON keeps every finding.

use super::data::Report;
use crate::model::{Finding, FindingId, Severity, ids};
use crate::sti::{Level, RuleResult, RuleStatus};
use crate::verify::results::CertReport;

/// One entry of the findings list.
#[derive(Clone, Debug)]
pub enum Item<'a> {
    /// A finding, and every PASSporT whose identical finding was merged into it.
    Finding {
        finding: &'a Finding,
        passports: Vec<usize>,
    },
    /// The STI rules one certificate breaks (the `cert-compliance` findings
    /// about it, SPEC §3a), as one entry.
    CertProfile {
        cert: &'a CertReport,
        severity: Severity,
        failed: Vec<&'a RuleResult>,
    },
}

impl<'a> Item<'a> {
    pub fn severity(&self) -> Severity {
        match self {
            Item::Finding { finding, .. } => finding.severity,
            Item::CertProfile { severity, .. } => *severity,
        }
    }

    pub fn id(&self) -> FindingId {
        match self {
            Item::Finding { finding, .. } => finding.id,
            Item::CertProfile { .. } => ids::CERT_COMPLIANCE,
        }
    }

    /// A key that names the item across reports of other calls (the
    /// window keeps its expanded state by it, not by position).
    pub fn key(&self) -> String {
        match self {
            Item::Finding { finding, passports } => {
                format!("{}|{}|{:?}", finding.id, finding.title, passports)
            }
            Item::CertProfile { cert, .. } => format!("cert-profile|{}", cert.sha256),
        }
    }

    pub fn title(&self) -> String {
        match self {
            Item::Finding { finding, .. } => finding.title.clone(),
            Item::CertProfile { cert, failed, .. } => format!(
                "Certificate profile: {} rule{} broken by {} \"{}\"",
                failed.len(),
                if failed.len() == 1 { "" } else { "s" },
                cert.role,
                common_name(&cert.subject),
            ),
        }
    }

    /// The explanation, in plain words.
    pub fn detail(&self) -> String {
        match self {
            Item::Finding { finding, .. } => finding.detail.clone(),
            Item::CertProfile { cert, failed, .. } => format!(
                "{} breaks {} STI certificate rule{} (ATIS-1000080, the US SHAKEN CP); who must fix them: {}. Common verifiers (Asterisk, OpenSIPS, secsipid, carrier STI-VSs) check the signature, the chain and validity, not these profile rules, so calls signed with it are still accepted.",
                cert.source,
                failed.len(),
                if failed.len() == 1 { "" } else { "s" },
                who_fixes(failed)
            ),
        }
    }

    /// Each broken rule in plain words with its id (empty for a finding).
    pub fn rules(&self) -> Vec<String> {
        match self {
            Item::Finding { .. } => Vec::new(),
            Item::CertProfile { failed, .. } => failed
                .iter()
                .map(|r| {
                    format!(
                        "{} ({}; ecosystem level {}; {} fixes it): {}",
                        r.rule,
                        r.citation,
                        r.level.as_str(),
                        r.fixer.short(),
                        r.detail
                    )
                })
                .collect(),
        }
    }

    pub fn hint(&self) -> Option<&str> {
        match self {
            Item::Finding { finding, .. } => finding.hint.as_deref(),
            Item::CertProfile { .. } => None,
        }
    }

    /// The PASSporTs it concerns (merged duplicates name each).
    pub fn passports(&self) -> Vec<usize> {
        match self {
            Item::Finding { passports, .. } => passports.clone(),
            Item::CertProfile { cert, .. } => cert.used_by.clone(),
        }
    }

    pub fn finding(&self) -> Option<&'a Finding> {
        match self {
            Item::Finding { finding, .. } => Some(finding),
            Item::CertProfile { .. } => None,
        }
    }
}

fn common_name(subject: &str) -> &str {
    subject
        .split(", ")
        .find_map(|p| p.strip_prefix("CN="))
        .unwrap_or(subject)
}

/// "the service provider must fix 3, its STI-CA 7".
fn who_fixes(failed: &[&RuleResult]) -> String {
    let mut by: Vec<(&'static str, usize)> = Vec::new();
    for r in failed {
        let w = r.fixer.short();
        match by.iter_mut().find(|(x, _)| *x == w) {
            Some((_, n)) => *n += 1,
            None => by.push((w, 1)),
        }
    }
    by.iter()
        .map(|(w, n)| format!("{w} fixes {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every finding as the lists show them: most severe first (the report's
/// order), identical findings about several tokens merged, each
/// certificate's profile rules as one item in place of its first rule.
pub fn items(r: &Report) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = Vec::new();
    let mut profiles_done: Vec<&str> = Vec::new();
    for f in &r.findings {
        if f.id == ids::CERT_COMPLIANCE
            && let Some(cert) = r
                .certificates
                .iter()
                .find(|c| f.detail.starts_with(&format!("{}:", c.source)))
        {
            // Its certificate's item stands for every rule it breaks.
            if profiles_done.contains(&cert.sha256.as_str()) {
                continue;
            }
            profiles_done.push(&cert.sha256);
            let failed: Vec<&RuleResult> = cert
                .rules
                .iter()
                .filter(|x| x.status == RuleStatus::Fail)
                .collect();
            let severity = if failed.iter().any(|x| x.level == Level::Error) {
                Severity::Warning
            } else {
                Severity::Info
            };
            out.push(Item::CertProfile {
                cert,
                severity,
                failed,
            });
            continue;
        }
        // An identical finding about another token joins the first.
        if let Some(Item::Finding { passports, .. }) = out.iter_mut().find(|i| match i {
            Item::Finding { finding: g, .. } => {
                g.id == f.id
                    && g.severity == f.severity
                    && g.title == f.title
                    && g.detail == f.detail
                    && g.hint == f.hint
                    && g.passport.is_some()
                    && f.passport.is_some()
            }
            _ => false,
        }) {
            if let Some(p) = f.passport
                && !passports.contains(&p)
            {
                passports.push(p);
            }
            continue;
        }
        out.push(Item::Finding {
            finding: f,
            passports: f.passport.into_iter().collect(),
        });
    }
    // Severity first; within it, this call's trust before hygiene advice
    // (transport, authentication, webhook URL); otherwise the report's order.
    out.sort_by_key(|i| (std::cmp::Reverse(i.severity()), i.id().is_hygiene()));
    out
}

/// The finding that decided the verdict: the one a verifier's answer names,
/// else the first error the headline names (a carrier's failed verstat
/// only when nothing else failed), else none.
pub fn deciding(r: &Report) -> Option<&Finding> {
    if let Some(v) = &r.verdict.verifier_response
        && let Some(f) = r
            .findings
            .iter()
            .find(|f| f.id == v.finding && f.severity == Severity::Error)
            .or_else(|| r.findings.iter().find(|f| f.id == v.finding))
    {
        return Some(f);
    }
    let errors = r.findings.iter().filter(|f| f.severity == Severity::Error);
    errors
        .clone()
        .find(|f| f.id != ids::VERSTAT_FAILED)
        .or_else(|| errors.clone().next())
}

/// "#2 CallToken identity token 1" for each PASSporT index.
pub fn passport_names(r: &Report, passports: &[usize]) -> String {
    passports
        .iter()
        .map(|i| match r.passports.get(*i) {
            Some(p) => format!("#{} {}", i + 1, p.origin),
            None => format!("#{}", i + 1),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
