//! X-Twilio-Signature: Twilio's official validator vectors (read in place) and
//! a case for each diagnosis.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use std::process::Stdio;

use calltrust::webhook_sig::{body_sha256, compute, data_to_sign, near_misses, validate};
use calltrust::{Options, Secret, WebhookOptions};
use common::*;
use serde_json::Value;

fn opts(url: &str, sig: &str, token: &str) -> Options {
    Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            url: Some(url.into()),
            signature: Some(sig.into()),
            auth_token: Some(Secret::new(token)),
        },
        ..Default::default()
    }
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or("").to_string(),
                        p[1].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn official_vectors_give_the_strict_result() {
    let Some(path) = vector("twilio/vectors.json") else {
        return;
    };
    let all: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    for v in all["vectors"].as_array().unwrap() {
        if v["usable_as_test_vector"] != true {
            continue;
        }
        let id = v["id"].as_str().unwrap();
        match v["kind"].as_str().unwrap() {
            "body_hash_only" => {
                let ok =
                    body_sha256(v["body"].as_str().unwrap()) == v["signature"].as_str().unwrap();
                assert_eq!(ok, v["expected_valid"].as_bool().unwrap(), "{id}");
                checked += 1;
            }
            kind @ ("form" | "json_body") => {
                let want = v["verification"]["strict_result"].as_bool().unwrap();
                let token = v["auth_token"].as_str().unwrap();
                let url = v["url"].as_str().unwrap();
                let sig = v["signature"].as_str().unwrap();
                // 1. the library function
                let params = pairs(&v["params"]);
                let body = v["body"].as_str();
                let s = validate(
                    &Secret::new(token),
                    url,
                    &params,
                    if kind == "json_body" { body } else { None },
                    sig,
                );
                assert_eq!(s.valid, want, "{id} (validate)");
                // 2. the whole inspector, body pasted with --url/--signature
                let text = match kind {
                    "form" => {
                        let p: Vec<(&str, &str)> = params
                            .iter()
                            .map(|(a, b)| (a.as_str(), b.as_str()))
                            .collect();
                        form_encode(&p)
                    }
                    _ => body.unwrap_or("").to_string(),
                };
                let r = calltrust::inspect(&text, &opts(url, sig, token));
                let w = r
                    .webhook_signature
                    .as_ref()
                    .expect("webhook signature report");
                assert_eq!(
                    w.status == calltrust::report::WebhookStatus::Valid,
                    want,
                    "{id} (inspect): {:#?}",
                    r.findings
                );
                if want {
                    assert!(r.has(crate::common::id("twilio-signature-valid")), "{id}");
                } else {
                    assert!(r.has(crate::common::id("twilio-signature-invalid")), "{id}");
                }
                // node-* / lenient vectors: reported as near misses naming the re-encoding
                let lenient = v["verification"]["lenient_result"]
                    .as_bool()
                    .unwrap_or(false);
                if !want && lenient {
                    assert!(!w.near_misses.is_empty(), "{id}: no near miss");
                    let causes: String = w
                        .near_misses
                        .iter()
                        .map(|n| n.cause.clone())
                        .collect::<Vec<_>>()
                        .join(" | ");
                    let cands: Vec<&str> = v["verification"]["matched_candidates"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|c| c.as_str())
                        .collect();
                    if cands
                        .iter()
                        .any(|c| c.starts_with("node_") || c.starts_with("java_decoded"))
                        && !cands.contains(&"host_lowercased")
                    {
                        let host_has_upper = url.split("//").nth(1).is_some_and(|h| {
                            h.split('/')
                                .next()
                                .unwrap_or("")
                                .chars()
                                .any(|c| c.is_ascii_uppercase())
                        });
                        assert!(
                            causes.contains("%27")
                                || causes.contains("decoded")
                                || causes.contains("querystring")
                                || (host_has_upper && causes.contains("lower case")),
                            "{id}: {causes}"
                        );
                    }
                    if cands.contains(&"host_lowercased") {
                        assert!(causes.contains("lower case"), "{id}: {causes}");
                    }
                }
                // the auth token never appears in any output
                for out in [r.to_json(), r.to_markdown(), r.to_text()] {
                    assert!(
                        token.len() < 6 || !out.contains(token),
                        "{id} leaks the token"
                    );
                }
                checked += 1;
            }
            other => panic!("unknown vector kind {other}"),
        }
    }
    assert!(checked > 80, "only {checked} vectors checked");
}

#[test]
fn mixed_case_host_signature_is_a_host_case_near_miss() {
    let t = Secret::new("12345");
    let params = vec![("From".to_string(), "+1".to_string())];
    let sig = compute(
        &t,
        &data_to_sign("https://mycompany.com/myapp.php", &params),
    );
    let n = near_misses(&t, "https://MyCompany.com/myapp.php", &params, None, &sig);
    assert!(n.iter().any(|x| x.cause.contains("lower case")), "{n:?}");
}

fn p(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Sign `signed_url`/`signed_params`, validate `seen_url`/`seen_params`:
/// invalid as received, with a near miss whose cause contains `needle`.
fn diagnose(
    signed_url: &str,
    signed: &[(&str, &str)],
    seen_url: &str,
    seen: &[(&str, &str)],
    needle: &str,
) {
    let t = Secret::new("diag-token");
    let sig = compute(&t, &data_to_sign(signed_url, &p(signed)));
    assert!(
        !validate(&t, seen_url, &p(seen), None, &sig).valid,
        "{needle}: should be invalid as received"
    );
    let n = near_misses(&t, seen_url, &p(seen), None, &sig);
    assert!(
        n.iter().any(|x| x.cause.contains(needle)),
        "{needle}: {n:#?}"
    );
    assert!(n.iter().all(|x| !x.fix.is_empty()));
}

#[test]
fn each_diagnosis() {
    let base = [
        ("CallSid", "CA1"),
        ("From", "+12025550143"),
        ("To", "+14155550123"),
    ];
    diagnose(
        "https://a.example/voice",
        &base,
        "http://a.example/voice",
        &base,
        "https://",
    );
    diagnose(
        "http://a.example/voice",
        &base,
        "https://a.example/voice",
        &base,
        "http://",
    );
    diagnose(
        "https://a.example/voice",
        &base,
        "https://a.example/voice/",
        &base,
        "without the trailing slash",
    );
    diagnose(
        "https://a.example/voice/",
        &base,
        "https://a.example/voice",
        &base,
        "with a trailing slash",
    );
    diagnose(
        "https://a.example/voice",
        &base,
        "https://user:pw@a.example/voice",
        &base,
        "user:password@",
    );
    diagnose(
        "https://a.example/voice",
        &base,
        "https://A.Example/voice",
        &base,
        "lower case",
    );
    diagnose(
        "https://a.example/v?n=O%27hara",
        &base,
        "https://a.example/v?n=O'hara",
        &base,
        "%27",
    );
    diagnose(
        "https://a.example/v?n=O'hara",
        &base,
        "https://a.example/v?n=O%27hara",
        &base,
        "%27",
    );
    diagnose(
        "https://a.example/v?n=a%20b",
        &base,
        "https://a.example/v?n=a+b",
        &base,
        "%20",
    );
    diagnose(
        "https://a.example/v?n=a+b",
        &base,
        "https://a.example/v?n=a%20b",
        &base,
        "'+'",
    );
    diagnose(
        "https://a.example/v?x=1",
        &base,
        "https://a.example/v?x=1&utm=2",
        &base,
        "`utm`",
    );
    let padded = [("Body", "hello "), ("From", "+12025550143")];
    let trimmed = [("Body", "hello"), ("From", "+12025550143")];
    diagnose(
        "https://a.example/sms",
        &padded,
        "https://a.example/sms",
        &trimmed,
        "whitespace",
    );
    diagnose(
        "https://a.example/voice",
        &base,
        "https://a.example/voice",
        &[
            ("CallSid", "CA1"),
            ("From", "+12025550143"),
            ("To", "+14155550123"),
            ("Extra", "1"),
        ],
        "Extra",
    );
    diagnose(
        "https://a.example/voice?x=1",
        &base,
        "https://a.example/voice?x=1",
        &[
            ("CallSid", "CA1"),
            ("From", "+12025550143"),
            ("To", "+14155550123"),
            ("x", "1"),
        ],
        "merged",
    );
    diagnose(
        "https://a.example/v",
        &[("Field.Name", "1")],
        "https://a.example/v",
        &[("Field_Name", "1")],
        "'.'",
    );
    diagnose(
        "https://a.example/v",
        &[("D", "1")],
        "https://a.example/v",
        &[("D", "1"), ("D", "2")],
        "first value",
    );
}

#[test]
fn raw_request_with_the_right_token_is_valid_and_https_is_tried_first() {
    let text = std::fs::read_to_string(format!(
        "{}/assets/samples/http-webhook-request.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            auth_token: Some(Secret::new("calltrust-demo-auth-token")),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = calltrust::inspect(&text, &o);
    let w = r.webhook_signature.as_ref().unwrap();
    assert_eq!(
        w.status,
        calltrust::report::WebhookStatus::Valid,
        "{:#?}",
        r.findings
    );
    assert_eq!(
        w.url.as_deref(),
        Some("https://calltrust-demo.ngrok.app/voice")
    );
    // wrong token: invalid, no near miss, likely causes named
    let o = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            auth_token: Some(Secret::new("not-the-token")),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = calltrust::inspect(&text, &o);
    let w = r.webhook_signature.as_ref().unwrap();
    assert_eq!(w.status, calltrust::report::WebhookStatus::Invalid);
    assert!(w.near_misses.is_empty());
    assert!(w.detail.contains("wrong auth token"), "{}", w.detail);
}

#[test]
fn http_signed_request_seen_as_https_names_the_scheme() {
    let t = Secret::new("scheme-token");
    let params = [("From", "+12025550143"), ("To", "+14155550123")];
    let body = form_encode(&params);
    let sig = compute(
        &t,
        &data_to_sign("http://hooks.example.com/voice", &p(&params)),
    );
    // pasted raw request, the app saw https (X-Forwarded-Proto)
    let text = format!(
        "POST /voice HTTP/1.1\r\nHost: hooks.example.com\r\nX-Twilio-Signature: {sig}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{body}"
    );
    let r = calltrust::inspect(
        &text,
        &opts("https://hooks.example.com/voice", &sig, "scheme-token"),
    );
    let w = r.webhook_signature.as_ref().unwrap();
    assert_eq!(w.status, calltrust::report::WebhookStatus::Invalid);
    assert!(
        w.near_misses[0].cause.contains("http://"),
        "{:?}",
        w.near_misses
    );
    assert!(r.has(crate::common::id("twilio-signature-near-miss")));
    // with the scheme unknown (no --url): http matches and the report says so
    let o = Options {
        webhook: WebhookOptions {
            auth_token: Some(Secret::new("scheme-token")),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = calltrust::inspect(&text, &o);
    let w = r.webhook_signature.as_ref().unwrap();
    assert_eq!(w.status, calltrust::report::WebhookStatus::Valid);
    assert!(w.detail.contains("http:// (not https://)"), "{}", w.detail);
}

#[test]
fn edited_json_body_says_the_hash_no_longer_matches() {
    let text = std::fs::read_to_string(format!(
        "{}/assets/samples/http-json-webhook-request.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let tok = || Options {
        webhook: WebhookOptions {
            auth_token: Some(Secret::new("calltrust-demo-auth-token")),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = calltrust::inspect(&text, &tok());
    assert_eq!(
        r.webhook_signature.as_ref().unwrap().status,
        calltrust::report::WebhookStatus::Valid,
        "{:#?}",
        r.findings
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "twilio-body-hash" && f.severity == calltrust::Severity::Pass)
    );
    let edited = text.replace("TN-Validation-Passed-A", "TN-Validation-Passed-B");
    let r = calltrust::inspect(&edited, &tok());
    assert_eq!(
        r.webhook_signature.as_ref().unwrap().status,
        calltrust::report::WebhookStatus::Invalid
    );
    let f = finding(&r, "twilio-body-hash").unwrap();
    assert_eq!(f.severity, calltrust::Severity::Error);
    assert!(
        f.detail.contains("changed after Twilio signed"),
        "{}",
        f.detail
    );
}

#[test]
fn body_hash_in_other_encodings_is_explained() {
    let t = Secret::new("h");
    let body = "{\"a\":1}";
    let upper = body_sha256(body).to_uppercase();
    let url = format!("https://x.example/e?bodySHA256={upper}");
    let sig = compute(&t, &url);
    let r = calltrust::inspect(body, &opts(&url, &sig, "h"));
    assert!(
        finding(&r, "twilio-body-hash")
            .unwrap()
            .detail
            .contains("upper-case hex")
    );
}

#[test]
fn cli_reads_the_token_from_env_and_never_prints_it() {
    let sample = format!(
        "{}/assets/samples/http-webhook-request.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    for fmt in ["json", "markdown", "text"] {
        let out = crate::common::calltrust_cmd()
            .args([
                "inspect",
                &sample,
                "--auth-token-env",
                "CT_TEST_TOKEN",
                "--format",
                fmt,
            ])
            .env("CT_TEST_TOKEN", "calltrust-demo-auth-token")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let s = String::from_utf8_lossy(&out.stdout);
        let e = String::from_utf8_lossy(&out.stderr);
        let want = if fmt == "json" {
            "twilio-signature-valid"
        } else {
            "Webhook signature valid"
        };
        assert!(s.contains(want), "{s}");
        assert!(
            !s.contains("calltrust-demo-auth-token") && !e.contains("calltrust-demo-auth-token")
        );
    }
}

#[test]
fn sign_webhook_reproduces_the_signature() {
    let dir = std::env::temp_dir().join(format!("ct-sign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = dir.join("body.txt");
    std::fs::write(&body, "CallSid=CA1&From=%2B12025550143&To=%2B14155550123").unwrap();
    let tokf = dir.join("token.txt");
    std::fs::write(&tokf, "sign-token\n").unwrap();
    let out = crate::common::calltrust_cmd()
        .args([
            "sign-webhook",
            "--url",
            "https://a.example/voice",
            "--auth-token-file",
            tokf.to_str().unwrap(),
            body.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    let want = compute(
        &Secret::new("sign-token"),
        &data_to_sign(
            "https://a.example/voice",
            &p(&[
                ("CallSid", "CA1"),
                ("From", "+12025550143"),
                ("To", "+14155550123"),
            ]),
        ),
    );
    assert!(s.contains(&format!("X-Twilio-Signature: {want}")), "{s}");
    assert!(s.contains("curl -X POST"));
    assert!(!s.contains("sign-token"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn webhook_without_token_is_not_checked() {
    let r = calltrust::inspect(
        "From=%2B1&To=%2B2",
        &Options {
            webhook: WebhookOptions {
                url: Some("https://a/b".into()),
                signature: Some("abc=".into()),
                auth_token: None,
            },
            ..Default::default()
        },
    );
    let f = finding(&r, "twilio-signature-not-checked").unwrap();
    assert_eq!(f.severity, calltrust::Severity::Warning);
    assert!(f.detail.contains("auth token"));
}

#[test]
fn a_damaged_signature_is_named_as_such() {
    let r = calltrust::inspect(
        "From=%2B1&To=%2B2",
        &opts("https://a.example/v", "GvWf1cFY/Q7Pnoemp", "12345"),
    );
    let w = r.webhook_signature.as_ref().unwrap();
    assert_eq!(w.status, calltrust::report::WebhookStatus::Invalid);
    assert!(w.detail.contains("20-byte HMAC-SHA1"), "{}", w.detail);
    assert!(w.near_misses.is_empty());
    let r = calltrust::inspect(
        "From=%2B1&To=%2B2",
        &opts("https://a.example/v", "not base64 at all!", "12345"),
    );
    assert!(
        r.webhook_signature
            .as_ref()
            .unwrap()
            .detail
            .contains("not valid base64")
    );
}

#[test]
fn what_the_signer_signs_the_checker_accepts() {
    // One rule for both: a request signed by `sign` is valid to the checker,
    // for a form body and for a JSON body (bodySHA256 in the URL).
    use calltrust::webhook_sig::sign::sign;
    let token = Secret::new("round-trip-token");
    for body in [
        "CallSid=CA1&From=%2B12025550143&To=%2B14155550123&StirVerstat=TN-Validation-Passed-A",
        r#"{"CallSid": "CA1", "From": "+12025550143", "StirVerstat": "TN-Validation-Passed-A"}"#,
    ] {
        let s = sign("https://a.example/voice?x=1", body, &token).unwrap();
        let request = format!(
            "POST /voice HTTP/1.1\r\nHost: a.example\r\nContent-Type: {}\r\nX-Twilio-Signature: {}\r\n\r\n{body}",
            s.content_type, s.signature
        );
        let r = calltrust::inspect(&request, &opts(&s.url, &s.signature, "round-trip-token"));
        assert!(
            has(&r, "twilio-signature-valid", calltrust::Severity::Pass),
            "{body}: {:#?}",
            r.findings
        );
        assert_eq!(s.content_type.contains("json"), body.starts_with('{'));
    }
    assert!(sign("a.example/voice", "a=b", &token).is_err());
}
