//! The verdict (SPEC §5): the one place that decides the outcome, the
//! headline, the advice and routing, and what a strict verifier would
//! answer — from the findings of the checks and the verification results,
//! never from a report after the fact. The front ends only draw it.

pub mod decide;
pub mod settle;
pub mod verifier;

use crate::input::{self, Evidence};
use crate::knowledge::Verstat;
use crate::model::{Finding, InputKind, Outcome, Verdict};
use crate::passport::token::Token;
use crate::routing;
use crate::verify;

/// What the verdict is decided from.
pub struct Judge<'a> {
    pub ev: &'a Evidence,
    pub tokens: &'a [Token],
    /// Every finding of the checks; the verdict adds its own (routing
    /// advice, the policy's answer, a pasted SIP response's meaning), notes
    /// the verifier's answer on the finding that decides it, and leaves
    /// them most severe first.
    pub findings: &'a mut Vec<Finding>,
    pub verstat: Option<&'a Verstat>,
    pub verified: &'a verify::Outcome,
    pub routing: &'a routing::Policy,
    /// A batch row keeps errors only: no advice or routing notes.
    pub rows_only: bool,
}

/// The verdict of one paste.
pub fn judge(j: Judge<'_>) -> Verdict {
    let Judge {
        ev,
        tokens,
        findings,
        verstat,
        verified,
        routing: policy,
        rows_only,
    } = j;
    let mut verdict = decide::decide(&decide::Facts {
        kind: ev.kind,
        findings,
        verstat,
        tokens,
        verified_shaken: verified.verified_shaken,
        trusted_shaken: verified.trusted_shaken,
        ev,
    });
    if is_a_call(ev, tokens) && !rows_only {
        findings.extend(decide::advice_findings(&verdict, ev, tokens));
        let caller = decide::caller_digits(tokens, ev);
        findings.extend(routing::evaluate(policy, &verdict, caller.as_deref()));
    }
    verdict.verifier_response = verifier_answer(&verdict, ev, tokens, findings);
    if let Some(resp) = &ev.response {
        findings.extend(verifier::response_findings(
            resp,
            verdict.verifier_response.as_ref(),
            ev.kind == InputKind::SipMessage,
        ));
        if ev.kind == InputKind::SipResponse {
            answered(&mut verdict, resp);
        }
    }
    // Most severe first, stable within a severity.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    // Inputs that are not a call get a verdict about what they are.
    settle::settle_by_kind(
        &mut verdict,
        ev.kind,
        findings,
        &verified.certificates,
        &verified.chains,
    );
    verdict
}

/// Advice and routing are about a call: not about certificates, a SIP
/// response or a forwarding request on their own.
fn is_a_call(ev: &Evidence, tokens: &[Token]) -> bool {
    !matches!(
        ev.kind,
        InputKind::Empty
            | InputKind::Unrecognized
            | InputKind::Certificate
            | InputKind::SipResponse
            | InputKind::CallsRequest
    ) || !tokens.is_empty()
}

/// What a strict verifier answers, given only when the token itself is
/// readable; the deciding finding says so, with the peers' answers.
fn verifier_answer(
    verdict: &Verdict,
    ev: &Evidence,
    tokens: &[Token],
    findings: &mut [Finding],
) -> Option<crate::model::VerifierResponse> {
    if verdict.outcome == Outcome::Unreadable {
        return None;
    }
    let (resp, at) = verifier::decide(ev, tokens, findings)?;
    if let Some(f) = at.and_then(|i| findings.get_mut(i)) {
        let peers = verifier::peers(f.id);
        f.detail = format!(
            "{} A strict verifier answers {} {}.{}",
            f.detail.trim_end(),
            resp.code,
            resp.reason,
            if peers.is_empty() {
                String::new()
            } else {
                format!(" {peers}")
            }
        );
    }
    Some(resp)
}

/// A pasted SIP response on its own is judged as the answer it is.
fn answered(verdict: &mut Verdict, resp: &input::response::SipResponse) {
    let stir = resp.stir_code();
    verdict.outcome = if stir.is_some_and(|c| c >= 400) && resp.code >= 400 {
        Outcome::Failed
    } else {
        Outcome::Unknown
    };
    verdict.headline = format!(
        "The far end answered {} {}: {}",
        resp.code,
        resp.phrase,
        input::response::meaning(stir.unwrap_or(resp.code))
    );
    verdict.advice = "Paste the INVITE this response answers (with its Identity header) to see which check fails, and whether calltrust agrees.".into();
}
