//! Reading real pastes right (issue: "the caller a verdict names is the
//! caller the callee saw"): display names never decide the caller, the
//! verifier's clock and order, certificates that are not the x5u's, and
//! damaged pastes said to be damaged. Each test fails if its rule is removed.

use crate::common::{self, finding, has};
use calltrust::Severity::{Error, Info, Warning};
use calltrust::report::SigStatus;
use calltrust::{InputKind, Outcome};

const RCD: &str = include_str!("../../assets/samples/sip-invite-rcd.txt");
const CALLTOKEN: &str = include_str!("../../assets/samples/twilio-calltoken.txt");

fn demo(name: &str) -> (&'static str, Vec<u8>) {
    let n: &'static str = Box::leak(name.to_string().into_boxed_str());
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples/certs")
        .join(name);
    (n, std::fs::read(p).unwrap())
}

fn with_header(name: &str, value: &str) -> String {
    let mut out = String::new();
    for l in RCD.lines() {
        if l.starts_with(&format!("{name}:")) {
            out.push_str(&format!("{name}: {value}"));
        } else {
            out.push_str(l);
        }
        out.push_str("\r\n");
    }
    out
}

fn pki_inspect(text: &str, at: Option<i64>) -> calltrust::Report {
    common::inspect_with(
        text,
        &[demo("demo-sp-bundle.pem")],
        &[demo("demo-root.pem")],
        at,
    )
}

#[test]
fn a_display_name_holding_another_number_is_not_the_caller() {
    // The signed orig is +12025550143; the URI (what the callee's phone
    // dials back and shows) is +18005550199. The old reading took the
    // number out of the display name and said VERIFIED.
    let text = with_header(
        "From",
        "\"Acme <sip:+12025550143@198.51.100.20>\" <sip:+18005550199@203.0.113.9;user=phone>;tag=x",
    );
    let r = pki_inspect(&text, None);
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    assert!(has(&r, "orig-mismatch", Error));
    assert!(has(&r, "display-name-number", Warning));
    let from = r.call.presented.as_ref().unwrap().from.as_ref().unwrap();
    assert_eq!(from.number.as_deref(), Some("+18005550199"));
    assert!(
        r.verdict.headline.contains("12025550143") && r.verdict.headline.contains("+18005550199"),
        "the headline names both: {}",
        r.verdict.headline
    );
    assert_eq!(r.verdict.verifier_response.as_ref().unwrap().code, 438);
    let row = r
        .call
        .signed_vs_presented
        .iter()
        .find(|p| p.claim == "orig" && p.source == "From")
        .unwrap();
    assert_eq!(row.matches, calltrust::report::PairMatch::Different);
}

#[test]
fn an_honest_display_name_with_brackets_is_not_a_fault() {
    let text = with_header(
        "From",
        "\"A <b> B\" <sip:+12025550143@198.51.100.20;user=phone>;tag=x",
    );
    let r = pki_inspect(&text, None);
    assert_eq!(
        r.verdict.outcome,
        Outcome::Verified,
        "{}",
        r.verdict.headline
    );
    assert!(!has(&r, "orig-mismatch", Error));
    assert!(!has(&r, "display-name-number", Warning));
    assert!(
        r.verdict
            .headline
            .contains("presented as From +12025550143")
    );
}

#[test]
fn from_that_differs_from_a_matching_pai_is_said() {
    let text = RCD.replace(
        "From: \"Acme Pharmacy\" <sip:+12025550143@198.51.100.20;user=phone>;tag=rcd1",
        "From: \"Acme Pharmacy\" <sip:+18005550199@198.51.100.20;user=phone>;tag=rcd1\r\nP-Asserted-Identity: <sip:+12025550143@198.51.100.20;user=phone>",
    );
    let r = pki_inspect(&text, None);
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "orig-mismatch" && f.severity == Warning)
        .expect("From differs from the asserted identity");
    assert!(f.detail.contains("+18005550199"), "{}", f.detail);
    assert!(
        r.verdict.headline.contains("nobody signed"),
        "{}",
        r.verdict.headline
    );
}

#[test]
fn bidi_controls_in_a_display_name_are_flagged() {
    let text = with_header(
        "From",
        "\"Bank \u{202E}3410555202\" <sip:+12025550143@198.51.100.20;user=phone>;tag=x",
    );
    let r = pki_inspect(&text, None);
    let f = finding(&r, "display-name-bidi").unwrap();
    assert!(f.detail.contains("U+202E"), "{}", f.detail);
    assert!(f.location.is_some());
}

#[test]
fn the_time_given_is_the_verifiers_clock() {
    // Date 14 years before the time given: a verifier rejects the Date
    // against its own clock first (403) and judges the certificate at its
    // clock, where the demo certificate is valid — never 437.
    let text = RCD.replace(
        "Date: Sun, 22 Nov 2026 09:30:02 GMT",
        "Date: Thu, 22 Nov 2012 09:30:02 GMT",
    );
    let at = 1_795_339_802; // 2026-11-22 09:30:02 UTC
    let r = pki_inspect(&text, Some(at));
    let v = r.verdict.verifier_response.as_ref().unwrap();
    assert_eq!((v.code, v.finding.as_str()), (403, "date-stale"));
    assert!(
        !has(&r, "cert-validity", Error),
        "certificates judged at the clock"
    );
    assert!(has(&r, "chain-valid", calltrust::Severity::Pass));
    // Without a time given, today's rule: the Date header is the reference.
    let r = pki_inspect(&text, None);
    assert!(has(&r, "cert-validity", Error));
}

#[test]
fn a_shaken_identity_without_its_ppt_parameter_is_438() {
    let id = RCD
        .lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .unwrap()
        .replace(";ppt=shaken", "");
    let r = pki_inspect(&with_header("Identity", &id), None);
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "passport-ppt" && f.severity == Error)
        .expect("a strict verifier rejects it");
    assert!(
        f.detail.contains("Asterisk") && f.detail.contains("secsipid"),
        "{}",
        f.detail
    );
    let v = r.verdict.verifier_response.as_ref().unwrap();
    assert_eq!((v.code, v.finding.as_str()), (438, "passport-ppt"));
    assert_eq!(r.verdict.outcome, Outcome::Failed);
}

#[test]
fn certificates_of_another_call_do_not_judge_this_one() {
    // Twilio's CallToken names example.com's certificate; the demo
    // certificates at hand are another call's.
    let r = common::inspect_with(
        CALLTOKEN,
        &[demo("demo-sp-bundle.pem"), demo("demo-div-bundle.pem")],
        &[demo("demo-root.pem")],
        None,
    );
    assert_ne!(r.verdict.outcome, Outcome::Failed, "{}", r.verdict.headline);
    assert!(!has(&r, "signature-invalid", Error));
    let sig = r
        .passports
        .iter()
        .find(|p| p.origin.contains("identity token"))
        .unwrap();
    assert_eq!(sig.signature.status, SigStatus::NotChecked);
    assert!(r.certificates.iter().all(|c| !c.used));
    assert!(!r.findings.iter().any(|f| f.id == "cert-compliance"));
}

#[test]
fn a_token_cut_off_in_copying_is_unreadable_not_failed() {
    let id = RCD
        .lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .unwrap();
    let cut = &id[..id.find(';').unwrap() - 20];
    let r = pki_inspect(&with_header("Identity", cut), None);
    assert_eq!(
        r.verdict.outcome,
        Outcome::Unreadable,
        "{}",
        r.verdict.headline
    );
    assert!(r.verdict.verifier_response.is_none());
    let f = finding(&r, "passport-malformed").unwrap();
    assert!(f.title.contains("looks cut off"), "{}", f.title);
    assert!(!has(&r, "signature-encoding", Error));
    // the Identity parameters it lost are part of the damage
    assert!(has(&r, "identity-info-mismatch", Info));
    assert_eq!(r.verdict.outcome.label(), "UNREADABLE");
}

#[test]
fn damage_does_not_hide_a_readable_error() {
    // A webhook whose carrier verdict failed, with a cut-off token: the
    // readable error decides.
    let id = RCD
        .lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .unwrap();
    let tok = &id[..id.find(';').unwrap() - 20];
    let text = format!(
        "CallSid=CA1&From=%2B12025550143&To=%2B13125550188&StirVerstat=TN-Validation-Failed-A&StirPassportToken={tok}"
    );
    let r = common::inspect_with(&text, &[], &[], None);
    assert_eq!(r.input.kind, InputKind::TwilioWebhook);
    assert_eq!(r.verdict.outcome, Outcome::Failed);
}

#[test]
fn a_forwarded_call_compares_to_with_the_first_dest_and_the_request_uri_with_the_last() {
    let div = include_str!("../../assets/samples/sip-invite-div.txt");
    let r = common::inspect_with(
        div,
        &[demo("demo-sp-bundle.pem"), demo("demo-div-bundle.pem")],
        &[demo("demo-root.pem")],
        None,
    );
    let rows = &r.call.signed_vs_presented;
    let to = rows.iter().find(|p| p.source == "To").unwrap();
    let ruri = rows.iter().find(|p| p.source == "Request-URI").unwrap();
    assert_eq!(to.claim, "dest (SHAKEN)");
    assert_eq!(ruri.claim, "dest (DIV #2)");
    assert!(
        rows.iter()
            .all(|p| p.matches == calltrust::report::PairMatch::Same),
        "{rows:#?}"
    );
}
