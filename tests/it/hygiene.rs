//! Webhook URL hygiene and the webhook-shared-key signature (Twilio
//! "Webhooks security"): findings without an auth token, credentials never
//! echoed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use calltrust::{Options, Secret, WebhookOptions, inspect};

fn body() -> &'static str {
    "CallSid=CA123&From=%2B12025550143&To=%2B14155550123"
}

#[test]
fn http_with_broken_credentials_gets_both_url_findings() {
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            url: Some("http://user:p@ss@hooks.example.com/voice".into()),
            signature: Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()),
            auth_token: Some(Secret::new("demo-token")),
        },
        ..Default::default()
    };
    let r = inspect(body(), &o);
    assert!(
        r.has(crate::common::id("webhook-url-scheme")),
        "{:#?}",
        r.findings
    );
    let f = r
        .findings_with(crate::common::id("webhook-url-credentials"))
        .next()
        .expect("credentials");
    assert!(f.detail.contains("@"), "{}", f.detail);
    assert!(f.detail.contains("%40"), "{}", f.detail);
    // The password never reaches any output.
    for out in [r.to_json(), r.to_markdown(), r.to_text()] {
        assert!(!out.contains("p@ss"), "password leaked:\n{out}");
    }
    // Without an auth token the URL findings are still there.
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            url: Some("http://hooks.example.com/voice".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = inspect(body(), &o);
    assert!(r.has(crate::common::id("webhook-url-scheme")));
    assert!(!r.has(crate::common::id("webhook-url-credentials")));
}

#[test]
fn a_clean_https_post_has_no_url_findings_and_get_is_noted() {
    let req = format!(
        "POST /voice HTTP/1.1\r\nHost: hooks.example.com\r\nX-Forwarded-Proto: https\r\nX-Twilio-Signature: AAAA\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{}",
        body()
    );
    let r = inspect(&req, &Options::at_now(1_795_339_800));
    assert!(
        !r.findings
            .iter()
            .any(|f| f.id.as_str().starts_with("webhook-url-")),
        "{:#?}",
        r.findings
    );
    let get = format!(
        "GET /voice?{} HTTP/1.1\r\nHost: hooks.example.com\r\nX-Twilio-Signature: AAAA\r\n\r\n",
        body()
    );
    let r = inspect(&get, &Options::at_now(1_795_339_800));
    assert!(
        r.has(crate::common::id("webhook-url-method")),
        "{:#?}",
        r.findings
    );
}

#[test]
fn a_shared_key_request_is_explained_not_failed() {
    let req = format!(
        "POST /voice HTTP/1.1\r\nHost: hooks.example.com\r\nX-Twilio-Signature: c2lnbmVkLXdpdGgtc2hhcmVkLWtleQ==\r\nX-Twilio-Webhooks-Signature-Settings: v=1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{}",
        body()
    );
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            auth_token: Some(Secret::new("demo-token")),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = inspect(&req, &o);
    let f = r
        .findings_with(crate::common::id("twilio-signature-shared-key"))
        .next()
        .expect("shared key");
    assert!(f.detail.contains("HMAC-SHA256"), "{}", f.detail);
    assert!(
        !r.has(crate::common::id("twilio-signature-invalid")),
        "never reported as a plain mismatch"
    );
    assert_eq!(
        r.webhook_signature.as_ref().unwrap().status,
        calltrust::report::WebhookStatus::NotChecked
    );
}

fn sig_for(url: &str, body: &str, token: &str) -> String {
    let params = calltrust::input::text::parse_form(body);
    calltrust::webhook_sig::compute(
        &Secret::new(token),
        &calltrust::webhook_sig::data_to_sign(url, &params),
    )
}

fn near_miss(checked_url: &str, signature: String) -> Vec<String> {
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            url: Some(checked_url.into()),
            signature: Some(signature),
            auth_token: Some(Secret::new("demo-token")),
        },
        ..Default::default()
    };
    let r = inspect(body(), &o);
    r.webhook_signature
        .map(|w| w.near_misses.into_iter().map(|n| n.cause).collect())
        .unwrap_or_default()
}

#[test]
fn the_signature_failures_people_hit() {
    // Query parameters re-ordered by the framework.
    let s = sig_for("https://h.example.com/v?b=2&a=1", body(), "demo-token");
    let c = near_miss("https://h.example.com/v?a=1&b=2", s);
    assert!(c.iter().any(|x| x.contains("another order")), "{c:?}");
    // '@' escaped by one side only.
    let s = sig_for("https://h.example.com/v?u=a%40b", body(), "demo-token");
    let c = near_miss("https://h.example.com/v?u=a@b", s);
    assert!(c.iter().any(|x| x.contains("@ written as %40")), "{c:?}");
    // Connection overrides on the configured URL.
    let s = sig_for("https://h.example.com/v", body(), "demo-token");
    let c = near_miss("https://h.example.com/v#rc=2&rp=all", s);
    assert!(
        c.iter().any(|x| x.contains("#rc=2&rp=all fragment")),
        "{c:?}"
    );
    // A plain SHA-1 instead of an HMAC.
    use base64::Engine as _;
    use sha1::Digest as _;
    let data = calltrust::webhook_sig::data_to_sign(
        "https://h.example.com/v",
        &calltrust::input::text::parse_form(body()),
    );
    let plain =
        base64::engine::general_purpose::STANDARD.encode(sha1::Sha1::digest(data.as_bytes()));
    let c = near_miss("https://h.example.com/v", plain);
    assert!(c.iter().any(|x| x.contains("plain SHA-1")), "{c:?}");
}

#[test]
fn a_host_relative_url_is_explained() {
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            url: Some("/voice".into()),
            signature: Some("AAAA".into()),
            auth_token: Some(Secret::new("demo-token")),
        },
        ..Default::default()
    };
    let r = inspect(body(), &o);
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "twilio-signature-near-miss" && f.title.contains("host-relative")),
        "{:#?}",
        r.findings
    );
}
