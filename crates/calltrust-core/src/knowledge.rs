//! What the verification-status values and attestation levels mean.
//!
//! Sources: Twilio "Trusted Calling with SHAKEN/STIR" (StirVerstat / X-Twilio-VerStat
//! table), ATIS-1000074 §5.2.3 (attestation levels), 3GPP TS 24.229 /
//! RFC 8224 §6.2.2 (the generic `TN-Validation-Passed` / `-Failed` values), and
//! Genesys "STIR/SHAKEN attestation verification" (routing by attestation).

use serde::{Deserialize, Serialize};

use crate::model::Attestation;
use crate::model::Outcome;

/// The outcome class of a verstat value (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerstatOutcome {
    Passed,
    Failed,
    NoValidation,
    Unknown,
}

impl VerstatOutcome {
    /// How the carrier's word reads: passed, failed, or nothing vouched for.
    pub fn severity(self) -> crate::model::Severity {
        use crate::model::Severity;
        match self {
            VerstatOutcome::Passed => Severity::Pass,
            VerstatOutcome::Failed => Severity::Error,
            VerstatOutcome::NoValidation | VerstatOutcome::Unknown => Severity::Warning,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VerstatOutcome::Passed => "passed",
            VerstatOutcome::Failed => "failed",
            VerstatOutcome::NoValidation => "no-validation",
            VerstatOutcome::Unknown => "unknown",
        }
    }
}

/// A verstat value with its interpretation (the `verstat` object of SPEC §6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verstat {
    pub value: String,
    pub outcome: VerstatOutcome,
    /// `"A"`, `"B"`, `"C"` or null.
    pub attestation: Option<Attestation>,
    pub diverted: bool,
    pub meaning: String,
    /// Where the value came from (`StirVerstat`, `X-Twilio-VerStat`, pasted value).
    #[serde(default)]
    pub source: String,
    /// False when the value is not one Twilio or 3GPP documents.
    #[serde(default)]
    pub known: bool,
}

const PASSED_MEANING: &str = "Twilio received the call with a SHAKEN PASSporT, fetched the originating provider's certificate from the certificate repository and verified that nothing in the signed call information was tampered with in transit.";
const PASSED_DIVERTED_MEANING: &str = "The call was forwarded (diverted) before it reached Twilio. Twilio fetched the certificate of the diverting provider and verified its DIV PASSporT: nothing in the signed call information was tampered with in transit.";
const FAILED_MEANING: &str = "Twilio could not verify the SHAKEN PASSporT: the signed information may have been tampered with, or Twilio could not retrieve the originating provider's certificate.";
const FAILED_DIVERTED_MEANING: &str = "The call was forwarded (diverted). Twilio could not verify the PASSporT against the diverting provider's certificate: tampering, or the certificate could not be retrieved.";
const NO_VALIDATION_MEANING: &str = "Nothing verifiable arrived with the call. Typical causes: a malformed E.164 number; a PASSporT that is not header.payload.signature with parameters; a missing ppt header or info parameter; orig not matching the caller ID in P-Asserted-Identity / Remote-Party-ID / From; dest not matching the Request-URI; iat more than one minute from now or from the SIP Date header.";
const NULL_MEANING: &str = "Twilio was unable to verify the PASSporT (tampering, or the certificate could not be retrieved); no attestation level was determined.";
const FAILED_NO_LEVEL_MEANING: &str = "Verification failed and no attestation level was determined: tampering, or the originating provider's certificate could not be retrieved.";
const GENERIC_PASSED_MEANING: &str = "The generic 3GPP / RFC 8224 result another carrier sends: the identity was verified, but the value does not say which attestation level the call carried.";
const GENERIC_FAILED_MEANING: &str = "The generic 3GPP / RFC 8224 result another carrier sends: identity verification failed; the value does not carry an attestation level.";

/// Interpret a verstat value (case-insensitive; surrounding whitespace and quotes ignored).
pub fn lookup(raw: &str, source: &str) -> Verstat {
    let value = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let lower = value.to_ascii_lowercase();
    let mk = |outcome, attestation: Option<&str>, diverted, meaning: &str, known| Verstat {
        value: value.to_string(),
        outcome,
        attestation: attestation.and_then(Attestation::parse),
        diverted,
        meaning: meaning.to_string(),
        source: source.to_string(),
        known,
    };
    match lower.as_str() {
        "" | "null" => return mk(VerstatOutcome::Failed, None, false, NULL_MEANING, true),
        "no-tn-validation" => {
            return mk(
                VerstatOutcome::NoValidation,
                None,
                false,
                NO_VALIDATION_MEANING,
                true,
            );
        }
        "tn-validation-passed" => {
            return mk(
                VerstatOutcome::Passed,
                None,
                false,
                GENERIC_PASSED_MEANING,
                true,
            );
        }
        "tn-validation-failed" => {
            // Twilio documents the suffix-less failure as "no attestation level
            // determined"; other carriers send it as the generic 3GPP value.
            return mk(
                VerstatOutcome::Failed,
                None,
                false,
                &format!(
                    "{FAILED_NO_LEVEL_MEANING} (Also the generic 3GPP value: {GENERIC_FAILED_MEANING})"
                ),
                true,
            );
        }
        _ => {}
    }
    // TN-Validation-(Passed|Failed)-(A|B|C)[-Diverted]
    let parts: Vec<&str> = lower.split('-').collect();
    if parts.len() >= 4 && parts[0] == "tn" && parts[1] == "validation" {
        let outcome = match parts[2] {
            "passed" => Some(VerstatOutcome::Passed),
            "failed" => Some(VerstatOutcome::Failed),
            _ => None,
        };
        let level = match parts[3] {
            "a" => Some("A"),
            "b" => Some("B"),
            "c" => Some("C"),
            _ => None,
        };
        let diverted = match parts.get(4..) {
            Some([]) => Some(false),
            Some(["diverted"]) => Some(true),
            _ => None,
        };
        if let (Some(outcome), Some(level), Some(diverted)) = (outcome, level, diverted) {
            let base = match (outcome, diverted) {
                (VerstatOutcome::Passed, false) => PASSED_MEANING,
                (VerstatOutcome::Passed, true) => PASSED_DIVERTED_MEANING,
                (_, false) => FAILED_MEANING,
                (_, true) => FAILED_DIVERTED_MEANING,
            };
            let meaning = format!("{base} Attestation {level}: {}", attestation_meaning(level));
            return mk(outcome, Some(level), diverted, &meaning, true);
        }
    }
    mk(
        VerstatOutcome::Unknown,
        None,
        false,
        "Not a value Twilio or 3GPP documents. Check for a typo or truncation; Twilio sends TN-Validation-Passed-A/B/C, TN-Validation-Failed-A/B/C (each optionally -Diverted), TN-Validation-Failed, No-TN-Validation or NULL.",
        false,
    )
}

/// Does this text look like a bare verstat value?
pub fn looks_like_verstat(text: &str) -> bool {
    let t = text.trim().trim_matches(|c| c == '"' || c == '\'');
    if t.is_empty() || t.len() > 64 || t.contains(char::is_whitespace) {
        return false;
    }
    let l = t.to_ascii_lowercase();
    l.starts_with("tn-validation") || l == "no-tn-validation" || l == "null"
}

/// Plain-English meaning of a token's `attest` claim as written.
pub fn attestation_meaning(level: &str) -> &'static str {
    Attestation::parse(level).map_or("no attestation level.", Attestation::meaning)
}

/// Short label of an attestation level.
pub fn attestation_label(level: Option<Attestation>) -> &'static str {
    match level {
        Some(Attestation::A) => "A · full",
        Some(Attestation::B) => "B · partial",
        Some(Attestation::C) => "C · gateway",
        None => "none",
    }
}

/// Routing advice (shown, never enforced), after Genesys "Implementing STIR/SHAKEN Attestation Verification": A trusted,
/// B standard, C screening, failed/none verify further; never block B/C or
/// unattested calls wholesale.
pub fn routing_advice(outcome: Outcome, attestation: Option<Attestation>) -> String {
    let verified = matches!(outcome, Outcome::Verified | Outcome::Passed);
    match (verified, attestation) {
        (true, Some(Attestation::A)) => "Trusted: route with priority (e.g. skip the voice CAPTCHA). Attestation A is still only as good as the provider that signed it.".into(),
        (true, Some(Attestation::B)) => "Standard handling: the provider knows its customer but not their right to this number. Do not block B calls wholesale.".into(),
        (true, Some(Attestation::C)) => "Screen: route through a screening IVR or CAPTCHA step rather than blocking; gateway attestation is normal for international and legacy trunks.".into(),
        (true, _) => "Verified without a stated level: treat as standard handling.".into(),
        (false, _) => "Verify further before trusting the caller ID: ask the originating carrier or the customer for the Identity header and certificate. Do not block unattested or failed calls wholesale — international callers are often unattested.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_value_is_known() {
        for outcome in ["Passed", "Failed"] {
            for level in ["A", "B", "C"] {
                for suffix in ["", "-Diverted"] {
                    let v = format!("TN-Validation-{outcome}-{level}{suffix}");
                    let s = lookup(&v, "test");
                    assert!(s.known, "{v}");
                    assert_eq!(s.attestation.map(|a| a.as_str()), Some(level));
                    assert_eq!(s.diverted, !suffix.is_empty());
                    let want = if outcome == "Passed" {
                        VerstatOutcome::Passed
                    } else {
                        VerstatOutcome::Failed
                    };
                    assert_eq!(s.outcome, want, "{v}");
                    if suffix.is_empty() {
                        assert!(!s.meaning.contains("diverting"));
                    } else {
                        assert!(s.meaning.contains("diverting"));
                    }
                }
            }
        }
    }

    #[test]
    fn special_values() {
        let n = lookup("No-TN-Validation", "x");
        assert_eq!(n.outcome, VerstatOutcome::NoValidation);
        assert!(n.meaning.contains("E.164"));
        assert!(n.meaning.contains("Request-URI"));
        let n = lookup("NULL", "x");
        assert_eq!(n.outcome, VerstatOutcome::Failed);
        assert_eq!(n.attestation, None);
        assert_eq!(lookup("", "x").outcome, VerstatOutcome::Failed);
        let f = lookup("TN-Validation-Failed", "x");
        assert_eq!(f.outcome, VerstatOutcome::Failed);
        assert_eq!(f.attestation, None);
        let p = lookup("TN-Validation-Passed", "x");
        assert_eq!(p.outcome, VerstatOutcome::Passed);
        assert_eq!(p.attestation, None);
        assert!(p.meaning.contains("3GPP"));
    }

    #[test]
    fn unknown_values_are_flagged_not_guessed() {
        for v in [
            "TN-Validation-Passed-D",
            "TN-Validation-Passed-A-Forwarded",
            "Passed",
            "TN-Validation-Maybe-A",
        ] {
            let s = lookup(v, "x");
            assert_eq!(s.outcome, VerstatOutcome::Unknown, "{v}");
            assert!(!s.known);
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_keeps_the_value() {
        let s = lookup("  tn-validation-passed-b ", "x");
        assert_eq!(s.outcome, VerstatOutcome::Passed);
        assert_eq!(s.value, "tn-validation-passed-b");
    }

    #[test]
    fn routing_never_says_block() {
        for o in [
            Outcome::Verified,
            Outcome::Signed,
            Outcome::Passed,
            Outcome::Failed,
            Outcome::NoValidation,
            Outcome::Unreadable,
            Outcome::Unknown,
        ] {
            for a in [
                Some(Attestation::A),
                Some(Attestation::B),
                Some(Attestation::C),
                None,
            ] {
                let r = routing_advice(o, a).to_lowercase();
                assert!(!r.starts_with("block"), "{r}");
            }
        }
        assert!(routing_advice(Outcome::Failed, None).contains("international"));
    }
}
