//! The attestation routing policy (Genesys "STIR/SHAKEN attestation
//! verification"): the verdict mapped to a branch of the call flow, with
//! exemptions for calling countries without STIR/SHAKEN. Shown, never
//! enforced. The policy is TOML (`--routing-policy FILE`) or edited in the
//! window; the core only evaluates it.

use serde::{Deserialize, Serialize};

use crate::model::{Attestation, Finding, Severity, ids};
use crate::model::{Outcome, Verdict};

/// Branch names are the user's own (`priority`, `standard`, `screening`,
/// `verify-further`, `voicemail`, `reject`…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Verified or carrier-passed with attestation A.
    pub a: String,
    pub b: String,
    pub c: String,
    /// Verification failed (or an error was found).
    pub failed: String,
    /// A signature without a trusted chain.
    pub signed: String,
    /// No validation, no attestation, nothing to judge.
    pub none: String,
    /// Calling country codes without STIR/SHAKEN (`44`, `52`…): their calls
    /// go to `exempt_branch` instead of being judged on attestation.
    pub exempt_country_codes: Vec<String>,
    pub exempt_branch: String,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            a: "priority".into(),
            b: "standard".into(),
            c: "screening".into(),
            failed: "verify-further".into(),
            signed: "verify-further".into(),
            none: "verify-further".into(),
            exempt_country_codes: Vec::new(),
            exempt_branch: "standard".into(),
        }
    }
}

/// The README's example.
pub const EXAMPLE: &str = r#"# calltrust routing policy: the verdict → a branch of your call flow
a = "priority"          # verified or carrier-passed, attestation A
b = "standard"
c = "screening"
failed = "verify-further"
signed = "verify-further" # a signature whose signer is not traced to an STI-CA
none = "verify-further"   # no validation, no attestation
# Calling countries without STIR/SHAKEN: judged by this branch instead
exempt_country_codes = ["44", "52"]
exempt_branch = "standard"
"#;

/// Parse a policy; errors say the line and column.
pub fn parse(text: &str) -> Result<Policy, String> {
    toml::from_str::<Policy>(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
                format!("line {line}, column {col}: ")
            })
            .unwrap_or_default();
        format!("{at}{}", e.message())
    })
}

fn country_code<'a>(digits: &str, codes: &'a [String]) -> Option<&'a str> {
    codes
        .iter()
        .map(|c| c.trim_start_matches('+'))
        .find(|c| !c.is_empty() && digits.starts_with(c))
}

fn looks_trusted(branch: &str, p: &Policy) -> bool {
    let b = branch.to_ascii_lowercase();
    b == p.a.to_ascii_lowercase()
        || b.contains("priority")
        || b.contains("trust")
        || b.contains("accept")
}

/// The branch this call takes, and the traps the policy falls into.
pub fn evaluate(p: &Policy, v: &Verdict, caller_digits: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    let attested = matches!(v.outcome, Outcome::Verified | Outcome::Passed);
    let exempt = caller_digits.and_then(|d| country_code(d, &p.exempt_country_codes));
    let (branch, why) = match (v.outcome, v.attestation, exempt) {
        (o, _, Some(cc)) if !attested && o != Outcome::Failed => (
            p.exempt_branch.clone(),
            format!("the caller's country (+{cc}) is exempt: it has no STIR/SHAKEN"),
        ),
        (Outcome::Failed, _, _) => (p.failed.clone(), "verification failed".to_string()),
        (Outcome::Signed, _, _) => (
            p.signed.clone(),
            "the signature verifies but its signer is not traced to an STI-CA".to_string(),
        ),
        (_, Some(Attestation::A), _) if attested => (
            p.a.clone(),
            format!("{} with attestation A", v.outcome.as_str()),
        ),
        (_, Some(Attestation::B), _) if attested => (
            p.b.clone(),
            format!("{} with attestation B", v.outcome.as_str()),
        ),
        (_, Some(Attestation::C), _) if attested => (
            p.c.clone(),
            format!("{} with attestation C", v.outcome.as_str()),
        ),
        _ => (
            p.none.clone(),
            format!("{}, no usable attestation", v.outcome.as_str()),
        ),
    };
    out.push(Finding::info(
        ids::ROUTING_POLICY,
        format!("Routing policy: {branch}"),
        format!("Under the routing policy this call takes the branch \"{branch}\": {why}."),
    ));
    // The known traps.
    if looks_trusted(&p.failed, p) || looks_trusted(&p.signed, p) {
        out.push(
            Finding::warning(
                ids::ROUTING_POLICY,
                "The policy fails open",
                format!(
                    "Failed calls go to \"{}\" and signed-but-untrusted calls to \"{}\": a broken chain or a spoofer's own certificate would be routed like a verified A call.",
                    p.failed, p.signed
                ),
            )
            .hint("Send failed and signed-only calls to a branch that verifies further."),
        );
    }
    if p.b == p.failed && p.c == p.failed && p.a != p.failed {
        out.push(
            Finding::warning(
                ids::ROUTING_POLICY,
                "Only attestation A is trusted",
                "B and C calls are routed like failed ones: legitimate calls from enterprises behind PBXs (B) and gateways (C) are treated as suspect.",
            )
            .hint("Give B a standard branch and C a screening branch instead."),
        );
    }
    let rejects = |b: &str| {
        let b = b.to_ascii_lowercase();
        b.contains("reject") || b.contains("block") || b.contains("drop")
    };
    if rejects(&p.none) && p.exempt_country_codes.is_empty() {
        out.push(
            Finding::new(
                ids::ROUTING_POLICY,
                Severity::Warning,
                "Every unattested call is rejected",
                format!(
                    "Calls without attestation go to \"{}\" and no country is exempt: international callers, who mostly arrive unattested, are all rejected.",
                    p.none
                ),
            )
            .hint("Exempt the calling countries without STIR/SHAKEN, or screen unattested calls instead of rejecting them."),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses_and_errors_have_a_location() {
        let p = parse(EXAMPLE).unwrap();
        assert_eq!(p.exempt_country_codes, ["44", "52"]);
        let e = parse("a = \"priority\"\nb = 3\n").unwrap_err();
        assert!(e.starts_with("line 2, column 5"), "{e}");
        let e = parse("a = \"x\"\nnonsense = 1\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
