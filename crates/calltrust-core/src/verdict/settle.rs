//! The verdict of a paste that is not a call: certificates, a forwarding
//! request.

use crate::model::{Finding, InputKind, Outcome, Severity, Verdict};
use crate::verify::results::{CertReport, ChainReport};

/// Inputs that are not a call (certificates, a forwarding request) get a
/// verdict about what they are, once the report holds their findings.
pub fn settle_by_kind(
    v: &mut Verdict,
    kind: InputKind,
    findings: &[Finding],
    certificates: &[CertReport],
    chains: &[ChainReport],
) {
    match kind {
        InputKind::Certificate => certificate_verdict(v, findings, certificates, chains),
        InputKind::CallsRequest => calls_request_verdict(v, findings),
        _ => {}
    }
}

/// A forwarding request: does it keep the caller's identity?
fn calls_request_verdict(v: &mut Verdict, findings: &[Finding]) {
    let first = findings
        .iter()
        .find(|f| {
            f.severity == Severity::Error && f.id.category() == crate::model::Category::Forwarding
        })
        .map(|f| f.title.trim_end_matches('.').to_string());
    match first {
        Some(f) => {
            v.outcome = Outcome::Failed;
            v.headline =
                format!("This forwarding request would not keep the caller's identity: {f}.");
        }
        None => {
            v.headline = "This forwarding request keeps the caller's identity: the CallToken is intact and From is its caller.".into();
        }
    }
    v.advice = "Send the CallToken verbatim with From set to the original caller, while the incoming call is live.".into();
}

/// A certificate paste is not a call: the verdict says what the
/// certificates are and what is wrong with them.
fn certificate_verdict(
    v: &mut Verdict,
    findings: &[Finding],
    certificates: &[CertReport],
    chains: &[ChainReport],
) {
    use crate::sti::RuleStatus;
    v.attestation = None;
    v.outcome = if findings.iter().any(|f| f.severity == Severity::Error) {
        Outcome::Failed
    } else {
        Outcome::Unknown
    };
    if certificates.is_empty() {
        v.headline = "No readable certificate in the input.".into();
        v.advice = "Paste the PEM bundle the x5u URL serves (leaf first, then intermediates), a base64 DER certificate, or open a .der/.pem file.".into();
        return;
    }
    let parts: Vec<String> = certificates
        .iter()
        .map(|c| {
            let cn = c
                .subject
                .split(", ")
                .find_map(|p| p.strip_prefix("CN="))
                .unwrap_or(&c.subject);
            let failed = c
                .rules
                .iter()
                .filter(|x| x.status == RuleStatus::Fail)
                .count();
            format!(
                "{} \"{cn}\"{}: {}",
                c.role,
                c.spc
                    .as_deref()
                    .map(|s| format!(" (SPC {s})"))
                    .unwrap_or_default(),
                if failed == 0 {
                    "passes every STI rule in effect".to_string()
                } else {
                    format!(
                        "breaks {failed} STI rule{}",
                        if failed == 1 { "" } else { "s" }
                    )
                }
            )
        })
        .collect();
    let chain = chains
        .first()
        .map(|c| format!(" Chain: {}.", c.status.headline().to_lowercase()))
        .unwrap_or_default();
    v.headline = format!(
        "{} certificate{}: {}.{chain}",
        certificates.len(),
        if certificates.len() == 1 { "" } else { "s" },
        parts.join("; ")
    );
    v.advice = "Verifiers accept most certificates that break profile rules; a broken or untrusted chain, an expired or revoked certificate is what makes calls fail. Send the failed rules to whoever the finding names: the service provider (its certificate request) or its STI-CA.".into();
}
