//! Forwarding a call with its CallToken: the generated requests keep the
//! CallToken byte for byte and From = the parent call's from; a pasted
//! forwarding request is checked against its CallToken.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use calltrust::{InputKind, Options, Severity, inspect};

fn seed() -> &'static str {
    calltrust::samples::SAMPLES
        .iter()
        .find(|s| s.file == "twilio-forwarding-webhook.txt")
        .unwrap()
        .text
}

fn opts() -> Options {
    Options {
        now: 1_635_957_430,
        ..Default::default()
    }
}

fn webhook_token() -> String {
    let r = inspect(seed(), &opts());
    r.forwarding.unwrap().call_token
}

#[test]
fn the_seed_webhook_gives_forwarding_requests_with_the_token_verbatim() {
    let r = inspect(seed(), &opts());
    let f = r.forwarding.as_ref().expect("forwarding section");
    assert_eq!(f.from, "+12222222222");
    let labels: Vec<&str> = f.snippets.iter().map(|s| s.label.label()).collect();
    assert_eq!(labels, ["curl", "Twilio CLI", "Node", "Python"]);
    // The CallToken is the webhook's, byte for byte (the sample holds it URL-encoded).
    assert!(f.call_token.starts_with("%7B%20%22parentCallInfoToken"));
    assert!(seed().contains(&f.call_token));
    // Each snippet, once its quoting is undone, carries exactly that token.
    let (_, params) = calltrust::input::curl::parse(&f.snippets[0].code).unwrap();
    assert!(
        params
            .iter()
            .any(|(k, v)| k == "CallToken" && *v == f.call_token)
    );
    assert!(
        params
            .iter()
            .any(|(k, v)| k == "From" && v == "+12222222222")
    );
    let cli = calltrust::input::curl::words(&f.snippets[1].code).unwrap();
    assert!(cli.contains(&f.call_token));
    let js = serde_json::to_string(&f.call_token).unwrap();
    assert!(f.snippets[2].code.contains(&js) && f.snippets[3].code.contains(&js));
    // Never the auth token itself: the snippets read it from the environment.
    assert!(
        f.snippets
            .iter()
            .all(|s| !s.code.contains("AUTH_TOKEN") || s.code.contains("TWILIO_AUTH_TOKEN"))
    );
    // The ticket carries the snippets only when asked (the window shows them).
    assert!(!r.to_markdown().contains("Forward this call"));
    let with = r.render_with(
        calltrust::Format::Markdown,
        calltrust::report::render::RenderOptions { snippets: true },
    );
    assert!(with.contains("Forward this call") && with.contains(&f.call_token));
}

#[test]
fn pasting_the_request_back_checks_it() {
    let r = inspect(seed(), &opts());
    let curl = r.forwarding.unwrap().snippets[0].code.clone();
    let back = inspect(&curl, &opts());
    assert_eq!(back.input.kind, InputKind::CallsRequest);
    assert!(
        back.findings
            .iter()
            .any(|f| f.id == "forward-from-mismatch" && f.severity == Severity::Pass)
    );
    assert!(
        !back
            .findings
            .iter()
            .any(|f| f.id.as_str().starts_with("forward-") && f.severity == Severity::Error)
    );
    // Another From: Twilio rejects it.
    let other = curl.replace("From=+12222222222", "From=+13333333333");
    let r = inspect(&other, &opts());
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "forward-from-mismatch")
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.detail.contains("21210"), "{}", f.detail);
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Failed);
}

#[test]
fn altered_and_missing_tokens() {
    let tok = webhook_token();
    let form = |ct: &str| {
        let mut s =
            String::from("To=%2B18888888888&From=%2B12222222222&Url=https%3A%2F%2Fexample.com");
        if !ct.is_empty() {
            s.push_str("&CallToken=");
            for b in ct.bytes() {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    s.push(b as char);
                } else {
                    s.push_str(&format!("%{b:02X}"));
                }
            }
        }
        s
    };
    // Verbatim: fine.
    let r = inspect(&form(&tok), &opts());
    assert_eq!(r.input.kind, InputKind::CallsRequest);
    assert!(
        !r.findings
            .iter()
            .any(|f| f.id == "forward-calltoken-altered" && f.severity == Severity::Error),
        "{:#?}",
        r.findings
    );
    // Decoded, truncated, double-encoded: altered.
    let (decoded, _) = calltrust::input::text::percent_decode(&tok, false);
    for (bad, why) in [
        (decoded.clone(), "decoded"),
        (tok[..tok.len() - 40].to_string(), "not complete JSON"),
        (tok.replace('%', "%25"), "twice"),
    ] {
        let r = inspect(&form(&bad), &opts());
        let f = r
            .findings
            .iter()
            .find(|f| f.id == "forward-calltoken-altered" && f.severity == Severity::Error)
            .unwrap_or_else(|| panic!("{why}: {:#?}", r.findings));
        assert!(f.detail.contains(why), "{why}: {}", f.detail);
    }
    // Missing.
    let r = inspect(&form(""), &opts());
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "forward-calltoken-missing"),
        "{:#?}",
        r.findings
    );
    // As JSON parameters too.
    let json = serde_json::json!({"To": "+18888888888", "From": "+13333333333", "CallToken": tok, "Url": "https://example.com"});
    let r = inspect(&json.to_string(), &opts());
    assert_eq!(r.input.kind, InputKind::CallsRequest);
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "forward-from-mismatch" && f.severity == Severity::Error)
    );
}
