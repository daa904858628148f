//! What a strict STIR/SHAKEN verifier would answer (RFC 8224 §6.2.2,
//! ATIS-1000074 §5.3/§6), decided from calltrust's own findings in the order
//! a verifier applies them: no Identity → 428; info/x5u unusable → 436;
//! credential unusable → 437; token invalid → 438; Date or iat out of the
//! window → 403. Where Asterisk, OpenSIPS, secsipid or an ATIS-1000082
//! style STI-VS answer differently for the same fault, the deciding finding
//! says so (`../shared/reference/failure-codes/`).

use crate::input::Evidence;
use crate::model::{Finding, FindingId, InputKind, Severity, VerifierResponse, ids};
use crate::passport::token::Token;

/// A step of a verifier's checks (RFC 8224 §6.2), in the order it takes
/// them: the Date header against its clock (§6.2.1); the Identity header and
/// its parameters — readable, info = x5u, ppt, alg (§6.2.2, §6.2.3); the
/// credential — fetched, usable, trusted (§6.2.3); the signature and the
/// claims against the request (§6.2.4, RFC 8588 §4); iat against its clock.
/// The first step that fails decides the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// No Identity header at all: 428.
    NoIdentity,
    /// The Date header is outside the window.
    Date,
    /// The Identity header's token cannot be read.
    Token,
    /// info/x5u unusable.
    Info,
    /// ppt missing or not supported.
    Ppt,
    /// alg not ES256.
    Alg,
    /// The certificate could not be fetched.
    Fetch,
    /// The credential is unusable, untrusted or does not cover the number.
    Credential,
    /// The signature or the claims are invalid.
    Claims,
    /// iat outside the window, judged after the signature.
    Iat,
}

impl Step {
    /// The steps a verifier takes once it has a PASSporT, in order.
    pub const ORDER: [Step; 9] = [
        Step::Date,
        Step::Token,
        Step::Info,
        Step::Ppt,
        Step::Alg,
        Step::Fetch,
        Step::Credential,
        Step::Claims,
        Step::Iat,
    ];

    /// The SIP answer of a verifier that stops at this step.
    pub fn answer(self) -> (u16, &'static str) {
        match self {
            Step::NoIdentity => (428, "Use Identity Header"),
            Step::Date | Step::Iat => (403, "Stale Date"),
            Step::Token | Step::Ppt | Step::Claims => (438, "Invalid Identity Header"),
            Step::Info | Step::Fetch => (436, "Bad Identity Info"),
            Step::Alg | Step::Credential => (437, "Unsupported Credential"),
        }
    }
}

/// The step at which a verifier reacts to a finding, if it does: an
/// exhaustive match, so a new id must say whether a verifier answers it.
pub fn step(id: FindingId) -> Option<Step> {
    match id {
        FindingId::IdentityMissing => Some(Step::NoIdentity),
        FindingId::DateStale => Some(Step::Date),
        FindingId::PassportMalformed | FindingId::PassportCompactForm => Some(Step::Token),
        FindingId::PassportX5u | FindingId::IdentityInfoMismatch => Some(Step::Info),
        FindingId::PassportPpt => Some(Step::Ppt),
        FindingId::PassportAlg => Some(Step::Alg),
        FindingId::X5uFetch => Some(Step::Fetch),
        FindingId::ClaimConstraints
        | FindingId::TnNotAuthorized
        | FindingId::CertValidity
        | FindingId::CertKey
        | FindingId::ChainIncomplete
        | FindingId::ChainUntrusted
        | FindingId::ChainInvalid
        | FindingId::CertRevoked => Some(Step::Credential),
        FindingId::PassportTyp
        | FindingId::ClaimMissing
        | FindingId::ClaimFormat
        | FindingId::ClaimAttest
        | FindingId::ClaimIatFormat
        | FindingId::TnNotE164
        | FindingId::OrigMismatch
        | FindingId::DestMismatch
        | FindingId::DivChain
        | FindingId::SignatureInvalid
        | FindingId::SignatureEncoding => Some(Step::Claims),
        FindingId::IatStale | FindingId::IatFuture => Some(Step::Iat),
        FindingId::InputUnrecognized
        | FindingId::InputTooLarge
        | FindingId::InputEncoding
        | FindingId::InputNote
        | FindingId::InputMalformed
        | FindingId::PassportCanonical
        | FindingId::DisplayNameNumber
        | FindingId::DisplayNameBidi
        | FindingId::IatOk
        | FindingId::CalltokenMalformed
        | FindingId::CalltokenFromMismatch
        | FindingId::CalltokenToMismatch
        | FindingId::VerstatPassed
        | FindingId::VerstatFailed
        | FindingId::VerstatNoValidation
        | FindingId::VerstatUnknown
        | FindingId::VerstatAttestMismatch
        | FindingId::SignatureValid
        | FindingId::SignatureNotChecked
        | FindingId::CertTnauthlist
        | FindingId::CertUnusable
        | FindingId::CertCaSigner
        | FindingId::ChainValid
        | FindingId::ChainNotChecked
        | FindingId::RevocationNotChecked
        | FindingId::CrlUnusable
        | FindingId::CertCompliance
        | FindingId::X5uRepository
        | FindingId::SipResponse
        | FindingId::RcdIntegrity
        | FindingId::RcdMalformed
        | FindingId::RcdJcdJcl
        | FindingId::RedactionFailed
        | FindingId::TwilioSignatureValid
        | FindingId::TwilioSignatureInvalid
        | FindingId::TwilioSignatureNotChecked
        | FindingId::TwilioSignatureNearMiss
        | FindingId::TwilioSignatureRisk
        | FindingId::SipSecurityTransport
        | FindingId::SipSecurityAuth
        | FindingId::SipSecuritySource
        | FindingId::SipSecurityMedia
        | FindingId::ForwardFromMismatch
        | FindingId::ForwardCalltokenAltered
        | FindingId::ForwardCalltokenMissing
        | FindingId::TwilioSignatureSharedKey
        | FindingId::WebhookUrlScheme
        | FindingId::WebhookUrlCredentials
        | FindingId::WebhookUrlMethod
        | FindingId::TwilioBodyHash
        | FindingId::RoutingPolicy
        | FindingId::RoutingAdvice
        | FindingId::CallerInternational => None,
    }
}

/// The ids that lead to a SIP answer code, in the verifier's order.
pub fn producers(code: u16) -> Vec<FindingId> {
    std::iter::once(Step::NoIdentity)
        .chain(Step::ORDER)
        .filter(|s| s.answer().0 == code)
        .flat_map(|s| {
            FindingId::ALL
                .iter()
                .copied()
                .filter(move |&id| step(id) == Some(s))
        })
        .collect()
}

/// What the peer verifiers answer for the same fault.
pub fn peers(id: FindingId) -> &'static str {
    match id {
        FindingId::IdentityMissing => {
            "Asterisk and OpenSIPS answer 428 Use Identity Header too; an STI-VS that lets unsigned calls through passes No-TN-Validation instead."
        }
        FindingId::PassportX5u | FindingId::IdentityInfoMismatch => {
            "An ATIS-1000082-style STI-VS answers 436 (cases E6–E10); Asterisk answers 438 for a missing or invalid x5u (INVALID_OR_NO_X5U) and 436 only when the certificate cannot be retrieved; secsipid returns -205 (x5u) or -305 (info)."
        }
        FindingId::X5uFetch => {
            "Asterisk answers 436 (cert_retrieval_failure), an STI-VS 436 (E8); secsipid returns -402/-403 (HTTP)."
        }
        FindingId::PassportAlg => {
            "An STI-VS answers 437 (E12); Asterisk answers 438 (invalid_or_no_alg); secsipid returns -202."
        }
        FindingId::PassportTyp => {
            "An STI-VS answers 437 (E11); Asterisk answers 438 (invalid_or_no_typ); secsipid returns -204."
        }
        FindingId::TnNotAuthorized => {
            "Verifiers that read the TNAuthList of a delegate certificate (RFC 9060) answer 437; Asterisk checks only that an SPC is present (cert_no_spc_in_auth_ext → 437), and many verifiers do not compare TN ranges at all."
        }
        FindingId::CertKey
        | FindingId::CertValidity
        | FindingId::ChainUntrusted
        | FindingId::ChainInvalid
        | FindingId::ChainIncomplete
        | FindingId::CertRevoked => {
            "Asterisk answers 437 (cert_not_trusted, cert_date_failure or cert_contents_invalid), OpenSIPS 437 (-8), an STI-VS 437 with verstat TN-Validation-Failed (E17); secsipid returns -101…-112 and leaves the answer to the script."
        }
        FindingId::SignatureInvalid | FindingId::SignatureEncoding => {
            "Asterisk (signature_validation), OpenSIPS (-9) and an STI-VS (E18, TN-Validation-Failed) all answer 438; secsipid returns -251."
        }
        FindingId::OrigMismatch | FindingId::DestMismatch => {
            "Asterisk answers 438 (cid_orig_tn_mismatch), OpenSIPS 438 (-9, reported as a signature failure), an STI-VS 438 (E16)."
        }
        FindingId::PassportPpt => {
            "An STI-VS answers 438 (E5: the Identity ppt parameter is not shaken; E13: the header ppt), as do the French operators' test plan and Asterisk (invalid_or_no_ppt); OpenSIPS returns -5 (unsupported ppt or alg parameter) and leaves the reply to the script; secsipid returns -303 (Identity ppt parameter) or -203 (header ppt)."
        }
        FindingId::PassportCompactForm => "An STI-VS answers 438 (E4).",
        FindingId::ClaimMissing
        | FindingId::ClaimAttest
        | FindingId::ClaimIatFormat
        | FindingId::ClaimFormat
        | FindingId::TnNotE164 => {
            "Asterisk answers 438 (missing_origid, missing_orig_tn, invalid_or_no_attest…), OpenSIPS 438 (-4), an STI-VS 438 (E14/E19)."
        }
        FindingId::PassportMalformed => {
            "Asterisk answers 438 (invalid_header), OpenSIPS 438 (-4); secsipid returns -201/-231."
        }
        FindingId::DivChain => {
            "Verifiers that check DIV PASSporTs (RFC 8946) answer 438; many verify only the SHAKEN PASSporT."
        }
        FindingId::DateStale => "Asterisk answers 403 (date_hdr_range_error), OpenSIPS 403 (-6).",
        FindingId::IatStale | FindingId::IatFuture => {
            "Asterisk answers 403 (iat_range_error), an STI-VS 403 (E15); OpenSIPS judges only the Date header."
        }
        FindingId::InputUnrecognized
        | FindingId::InputTooLarge
        | FindingId::InputEncoding
        | FindingId::InputNote
        | FindingId::InputMalformed
        | FindingId::PassportCanonical
        | FindingId::ClaimConstraints
        | FindingId::DisplayNameNumber
        | FindingId::DisplayNameBidi
        | FindingId::IatOk
        | FindingId::CalltokenMalformed
        | FindingId::CalltokenFromMismatch
        | FindingId::CalltokenToMismatch
        | FindingId::VerstatPassed
        | FindingId::VerstatFailed
        | FindingId::VerstatNoValidation
        | FindingId::VerstatUnknown
        | FindingId::VerstatAttestMismatch
        | FindingId::SignatureValid
        | FindingId::SignatureNotChecked
        | FindingId::CertTnauthlist
        | FindingId::CertUnusable
        | FindingId::CertCaSigner
        | FindingId::ChainValid
        | FindingId::ChainNotChecked
        | FindingId::RevocationNotChecked
        | FindingId::CrlUnusable
        | FindingId::CertCompliance
        | FindingId::X5uRepository
        | FindingId::SipResponse
        | FindingId::RcdIntegrity
        | FindingId::RcdMalformed
        | FindingId::RcdJcdJcl
        | FindingId::RedactionFailed
        | FindingId::TwilioSignatureValid
        | FindingId::TwilioSignatureInvalid
        | FindingId::TwilioSignatureNotChecked
        | FindingId::TwilioSignatureNearMiss
        | FindingId::TwilioSignatureRisk
        | FindingId::SipSecurityTransport
        | FindingId::SipSecurityAuth
        | FindingId::SipSecuritySource
        | FindingId::SipSecurityMedia
        | FindingId::ForwardFromMismatch
        | FindingId::ForwardCalltokenAltered
        | FindingId::ForwardCalltokenMissing
        | FindingId::TwilioSignatureSharedKey
        | FindingId::WebhookUrlScheme
        | FindingId::WebhookUrlCredentials
        | FindingId::WebhookUrlMethod
        | FindingId::TwilioBodyHash
        | FindingId::RoutingPolicy
        | FindingId::RoutingAdvice
        | FindingId::CallerInternational => "",
    }
}

/// The findings a verifier reacts to: errors (x5u fetch failures are
/// warnings) about the call's PASSporTs, never about Twilio's parent token.
fn counts(f: &Finding, tokens: &[Token]) -> bool {
    let about_parent = f
        .passport
        .and_then(|i| tokens.iter().find(|t| t.index == i))
        .is_some_and(|t| t.is_parent());
    !about_parent
        && !super::decide::about_damage(f, tokens)
        && (f.severity == Severity::Error
            || (f.id == ids::X5U_FETCH && f.severity == Severity::Warning))
}

/// The answer, and the index of the finding that decided it.
pub fn decide(
    ev: &Evidence,
    tokens: &[Token],
    findings: &[Finding],
) -> Option<(VerifierResponse, Option<usize>)> {
    let passports = tokens.iter().filter(|t| !t.is_parent()).count();
    if ev.kind == InputKind::SipMessage && passports == 0 {
        let at = findings.iter().position(|f| f.id == ids::IDENTITY_MISSING);
        return Some((
            VerifierResponse {
                code: 428,
                reason: "Use Identity Header".into(),
                finding: ids::IDENTITY_MISSING,
                because: "the INVITE carries no Identity header".into(),
            },
            at,
        ));
    }
    if passports == 0 {
        return None;
    }
    for s in Step::ORDER {
        let (code, reason) = s.answer();
        if let Some(i) = findings
            .iter()
            .position(|f| step(f.id) == Some(s) && counts(f, tokens))
        {
            let f = &findings[i];
            return Some((
                VerifierResponse {
                    code,
                    reason: reason.into(),
                    finding: f.id,
                    because: f.title.trim_end_matches('.').to_string(),
                },
                Some(i),
            ));
        }
    }
    None
}

/// Each Reason header in words: "Q.850 cause 16 \"Normal\"".
fn reason_texts(resp: &crate::input::response::SipResponse) -> Vec<String> {
    resp.reasons
        .iter()
        .map(|r| {
            format!(
                "{}{}{}",
                r.protocol,
                r.cause.map(|c| format!(" cause {c}")).unwrap_or_default(),
                r.text
                    .as_deref()
                    .map(|t| format!(" \"{t}\""))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// Whether the far end's answer (its STIR cause) and calltrust's agree.
fn agreement(stir: Option<u16>, ours: Option<&VerifierResponse>) -> Finding {
    let theirs = stir.filter(|c| *c >= 400);
    let agree = match (theirs, ours) {
        (None, None) => Some(true),
        (Some(t), Some(o)) => Some(t == o.code),
        _ => Some(false),
    };
    let ours_text = ours
        .map(|o| format!("{} ({})", o.line(), o.finding))
        .unwrap_or_else(|| "accept the Identity".into());
    let theirs_text = theirs
        .map(|t| format!("{t}"))
        .unwrap_or_else(|| "accepted it".into());
    match agree {
        Some(true) => Finding::pass(
            ids::SIP_RESPONSE,
            "The response agrees with calltrust",
            format!(
                "The far end answered {theirs_text}; calltrust's checks would also {}.",
                if ours.is_some() {
                    format!("answer {ours_text}")
                } else {
                    ours_text.clone()
                }
            ),
        ),
        _ => Finding::warning(
            ids::SIP_RESPONSE,
            "The response and calltrust disagree",
            format!(
                "The far end {}; calltrust's checks would {}. The verifier may judge at another time (Date/iat window), hold other trust anchors or CRLs, or check rules calltrust does not (and vice versa).",
                if theirs.is_some() {
                    format!("answered {theirs_text}")
                } else {
                    theirs_text.clone()
                },
                if ours.is_some() {
                    format!("answer {ours_text}")
                } else {
                    ours_text
                }
            ),
        ),
    }
}

/// What a pasted SIP response means, which of calltrust's checks produce
/// it, and — with the request pasted too — whether the two agree.
pub fn response_findings(
    resp: &crate::input::response::SipResponse,
    ours: Option<&VerifierResponse>,
    with_request: bool,
) -> Vec<Finding> {
    use crate::input::response::meaning;
    let mut out = Vec::new();
    let stir = resp.stir_code();
    let producers = |code: u16| -> String {
        producers(code)
            .iter()
            .map(|id| id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reasons = reason_texts(resp);
    let mut detail = format!(
        "SIP/2.0 {} {}: {}",
        resp.code,
        resp.phrase,
        meaning(resp.code)
    );
    if !reasons.is_empty() {
        detail.push_str(&format!(" Reason: {}.", reasons.join("; ")));
    }
    if let Some(c) = stir.filter(|c| *c != resp.code) {
        detail.push_str(&format!(
            " The Reason carries STIR cause {c}: {}",
            meaning(c)
        ));
    }
    if let Some(c) = stir {
        let p = producers(c);
        if !p.is_empty() {
            detail.push_str(&format!(" calltrust's checks that lead to {c}: {p}."));
        }
    }
    let sev = if stir.is_some_and(|c| c >= 400) && resp.code >= 400 {
        Severity::Warning
    } else {
        Severity::Info
    };
    out.push(
        Finding::new(
            ids::SIP_RESPONSE,
            sev,
            format!("The far end answered {} {}", resp.code, resp.phrase),
            detail,
        )
        .hint("Paste the INVITE the response answers (with its Identity header) above it: calltrust then says which check fails and whether it agrees.")
        .at(Some(crate::model::Location { line: resp.line, column: 1 })),
    );
    if with_request {
        out.push(agreement(stir, ours));
    }
    out
}
