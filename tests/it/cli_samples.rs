//! The CLI as a support engineer uses it: every sample, the report formats,
//! exit codes, and hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

fn sample(name: &str) -> String {
    format!("{}/assets/samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = crate::common::calltrust_cmd()
        .args(args)
        .env_remove("CALLTRUST_TEST_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn calltrust");
    {
        let mut i = child.stdin.take().expect("stdin");
        if let Some(data) = stdin {
            let _ = i.write_all(data);
        }
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let (code, out, err) = run(&a, None);
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    (code, v)
}

fn ids(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(v: &Value, id: &str, sev: &str) -> bool {
    ids(v).iter().any(|(i, s)| i == id && s == sev)
}

#[test]
fn json_report_has_every_spec_key() {
    let (_, v) = json(&[
        "inspect",
        &sample("twilio-forwarding-webhook.txt"),
        "--at",
        "1635957423",
    ]);
    assert!(v["input"]["kind"].is_string());
    for k in ["outcome", "attestation", "headline"] {
        assert!(v["verdict"].get(k).is_some(), "verdict.{k}");
    }
    for k in ["value", "outcome", "attestation", "diverted", "meaning"] {
        assert!(v["verstat"].get(k).is_some(), "verstat.{k}");
    }
    let p = &v["passports"][0];
    for k in ["origin", "ppt", "header", "payload", "signature"] {
        assert!(p.get(k).is_some(), "passports[].{k}");
    }
    for f in v["findings"].as_array().unwrap() {
        for k in ["id", "severity", "title", "detail"] {
            assert!(f.get(k).is_some(), "findings[].{k}");
        }
        assert!(["pass", "info", "warning", "error"].contains(&f["severity"].as_str().unwrap()));
    }
}

#[test]
fn seed_webhook_passes_with_attestation_a() {
    let (code, v) = json(&[
        "inspect",
        &sample("twilio-forwarding-webhook.txt"),
        "--at",
        "1635957423",
    ]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["input"]["kind"], "twilio-webhook");
    assert_eq!(v["verdict"]["outcome"], "passed");
    assert_eq!(v["verdict"]["attestation"], "A");
    assert_eq!(v["verstat"]["value"], "TN-Validation-Passed-A");
    assert_eq!(v["verstat"]["outcome"], "passed");
    // The placeholder, Twilio's parent token and the SHAKEN PASSporT from the CallToken.
    let origins: Vec<&str> = v["passports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["origin"].as_str().unwrap())
        .collect();
    assert_eq!(
        origins,
        [
            "StirPassportToken",
            "CallToken parentCallInfoToken",
            "CallToken identity token 1"
        ]
    );
    let shaken = &v["passports"][2];
    assert_eq!(shaken["ppt"], "shaken");
    assert_eq!(shaken["payload"]["attest"], "A");
    assert_eq!(shaken["signature"]["status"], "not-checked");
    assert!(has(&v, "signature-not-checked", "warning"));
    assert!(
        has(&v, "passport-malformed", "warning"),
        "placeholder is flagged, not an error"
    );
    assert!(
        has(&v, "claim-iat-format", "info"),
        "parent iat string tolerated"
    );
    assert!(has(&v, "calltoken-from-mismatch", "pass"));
    assert!(has(&v, "orig-mismatch", "pass"));
    assert!(has(&v, "dest-mismatch", "pass"));
    assert!(has(&v, "verstat-passed", "pass"));
    assert!(!has(&v, "signature-valid", "pass"), "nothing was verified");
}

#[test]
fn calltoken_samples_decode() {
    for f in ["twilio-calltoken.txt", "twilio-calltoken-decoded.json"] {
        let (code, v) = json(&["inspect", &sample(f), "--at", "1635957423"]);
        assert_eq!(code, 0, "{f}: {v:#}");
        assert_eq!(v["input"]["kind"], "call-token", "{f}");
        assert_eq!(v["passports"].as_array().unwrap().len(), 2, "{f}");
        assert_eq!(v["passports"][0]["role"], "calltoken-parent");
        assert_eq!(v["passports"][0]["claims"]["from"], "+12222222222");
        assert_eq!(
            v["passports"][1]["identity_params"][0][1],
            "https://example.com/someCertificate.pem"
        );
        assert_eq!(
            v["verdict"]["outcome"], "unknown",
            "no verstat, nothing verified"
        );
        assert_eq!(v["verdict"]["attestation"], "A");
    }
}

#[test]
fn sip_invite_with_div_verifies_with_demo_certificates() {
    let certs = format!("{}/assets/samples/certs", env!("CARGO_MANIFEST_DIR"));
    let (code, v) = json(&[
        "inspect",
        &sample("sip-invite-div.txt"),
        "--cert",
        &format!("{certs}/demo-sp-bundle.pem"),
        "--cert",
        &format!("{certs}/demo-div-bundle.pem"),
        "--trust-anchor",
        &format!("{certs}/demo-root.pem"),
    ]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["input"]["kind"], "sip-message");
    assert_eq!(v["verdict"]["outcome"], "verified");
    assert_eq!(v["verdict"]["attestation"], "A");
    assert_eq!(v["reference_time"]["source"], "sip-date");
    assert_eq!(v["verstat"]["diverted"], true);
    assert_eq!(v["passports"][0]["ppt"], "shaken");
    assert_eq!(v["passports"][1]["ppt"], "div");
    assert_eq!(v["passports"][1]["origin"], "Identity header 2");
    for p in v["passports"].as_array().unwrap() {
        assert_eq!(p["signature"]["status"], "valid");
    }
    assert!(has(&v, "div-chain", "pass"));
    assert!(has(&v, "chain-valid", "pass"));
    assert_eq!(v["call_path"].as_array().unwrap().len(), 2);
}

#[test]
fn sip_invite_without_certificates_says_nothing_was_verified() {
    let (code, v) = json(&["inspect", &sample("sip-invite-div.txt")]);
    assert_eq!(code, 0);
    assert_eq!(
        v["verdict"]["outcome"], "passed",
        "carrier verstat passed; calltrust verified nothing"
    );
    let not_checked: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "signature-not-checked")
        .collect();
    assert_eq!(not_checked.len(), 2);
    assert!(
        not_checked[0]["detail"]
            .as_str()
            .unwrap()
            .contains("--cert")
    );
    assert!(!has(&v, "signature-valid", "pass"));
}

#[test]
fn spoofed_caller_fails() {
    let (code, v) = json(&["inspect", &sample("sip-invite-spoofed.txt")]);
    assert_eq!(code, 1);
    assert_eq!(v["verdict"]["outcome"], "failed");
    assert!(has(&v, "orig-mismatch", "error"));
    assert!(
        v["verdict"]["headline"]
            .as_str()
            .unwrap()
            .contains("orig is not the calling number")
    );
}

#[test]
fn http_request_sample() {
    let (code, v) = json(&["inspect", &sample("http-webhook-request.txt")]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["input"]["kind"], "http-request");
    assert_eq!(v["webhook_signature"]["status"], "not-checked");
    assert!(has(&v, "twilio-signature-not-checked", "warning"));
    assert_eq!(v["passports"].as_array().unwrap().len(), 3);
}

#[test]
fn verstat_sample() {
    let (code, v) = json(&["inspect", &sample("verstat-no-validation.txt")]);
    assert_eq!(code, 0);
    assert_eq!(v["input"]["kind"], "verstat");
    assert_eq!(v["verdict"]["outcome"], "no-validation");
    assert!(v["verstat"]["meaning"].as_str().unwrap().contains("E.164"));
}

#[test]
fn broken_samples_give_clear_errors_with_locations() {
    let (code, v) = json(&["inspect", &sample("broken-truncated-passport.txt")]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "passport-malformed")
        .expect("malformed");
    assert!(
        f["detail"]
            .as_str()
            .unwrap()
            .contains("signature segment is missing")
    );

    let (code, v) = json(&["inspect", &sample("broken-calltoken.txt")]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "calltoken-malformed")
        .expect("calltoken");
    assert!(f["detail"].as_str().unwrap().contains("line 1, column"));

    let (code, v) = json(&["inspect", &sample("broken-webhook-object.txt")]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "input-unrecognized")
        .expect("unrecognized");
    assert_eq!(f["location"]["line"], 4);
    assert!(f["detail"].as_str().unwrap().contains("From"));
}

#[test]
fn markdown_and_text_carry_the_same_headline() {
    let (_, v) = json(&["inspect", &sample("sip-invite-spoofed.txt")]);
    let headline = v["verdict"]["headline"].as_str().unwrap().to_string();
    for fmt in ["markdown", "text"] {
        let (code, out, _) = run(
            &[
                "inspect",
                &sample("sip-invite-spoofed.txt"),
                "--format",
                fmt,
            ],
            None,
        );
        assert_eq!(code, 1);
        assert!(out.contains(&headline), "{fmt}: {out}");
        assert!(out.contains("orig-mismatch"), "{fmt}");
        assert!(out.contains("12025550143"), "{fmt}");
    }
    let (_, md, _) = run(
        &[
            "inspect",
            &sample("sip-invite-spoofed.txt"),
            "--format",
            "markdown",
        ],
        None,
    );
    assert!(md.starts_with("## calltrust: FAILED"), "{md}");
}

#[test]
fn redact_masks_numbers_everywhere_including_decoded_tokens() {
    for fmt in ["json", "markdown", "text"] {
        let (_, out, _) = run(
            &[
                "inspect",
                &sample("twilio-forwarding-webhook.txt"),
                "--redact",
                "--format",
                fmt,
            ],
            None,
        );
        for n in ["12222222222", "15555555555"] {
            assert!(!out.contains(n), "{fmt} still shows {n}:\n{out}");
        }
        assert!(out.contains("1222•••••22"), "{fmt}");
        // raw tokens carry the numbers in base64: they are dropped
        assert!(!out.contains("eyJhdHRlc3QiOiJBIiwiZGVzdCI6"), "{fmt}");
        // timestamps survive
        assert!(out.contains("1635957423") || fmt != "json", "{fmt}");
    }
}

#[test]
fn stdin_and_dash() {
    let data = std::fs::read(sample("verstat-no-validation.txt")).unwrap();
    let (code, out, _) = run(&["inspect", "-", "--format", "json"], Some(&data));
    assert_eq!(code, 0);
    assert!(out.contains("\"no-validation\""));
    let (code, out, _) = run(
        &["inspect", "--format", "json"],
        Some(b"TN-Validation-Failed-B"),
    );
    assert_eq!(code, 1, "verstat failed is an error finding");
    assert!(out.contains("\"failed\""));
}

#[test]
fn hostile_input_never_panics() {
    // garbage, binary junk, a truncated token
    for (input, kind) in [
        (
            b"hello world, this is not a payload".to_vec(),
            "unrecognized",
        ),
        (
            (0u8..=255).cycle().take(5000).collect::<Vec<u8>>(),
            "unrecognized",
        ),
        (b"eyJhbGciOiJFUzI1NiJ9.eyJhdHRl".to_vec(), "passport"),
        (b"{".repeat(100_000), "unrecognized"),
        (b"\xff\xfe\x00garbage".to_vec(), "unrecognized"),
    ] {
        let (code, out, err) = run(&["inspect", "-", "--format", "json"], Some(&input));
        assert_eq!(code, 1, "{out}\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        let v: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["input"]["kind"], kind);
    }
}

#[test]
fn twenty_megabyte_file_is_refused_cleanly() {
    let dir = std::env::temp_dir().join(format!("calltrust-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    let chunk = vec![b'A'; 1024 * 1024];
    for _ in 0..20 {
        f.write_all(&chunk).unwrap();
    }
    drop(f);
    let (code, out, err) = run(
        &["inspect", path.to_str().unwrap(), "--format", "json"],
        None,
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(has(&v, "input-too-large", "error"));
    assert!(
        v["verdict"]["headline"]
            .as_str()
            .unwrap()
            .contains("too large")
    );
}

#[test]
fn unusable_arguments_exit_2() {
    let (code, _, err) = run(&["inspect", "/nonexistent/file.txt"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/file.txt"), "{err}");
    let (code, _, err) = run(
        &[
            "inspect",
            &sample("verstat-no-validation.txt"),
            "--at",
            "yesterday",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("RFC 3339"), "{err}");
    let (code, _, _) = run(&["inspect", "--format", "yaml"], None);
    assert_eq!(code, 2);
    let (code, _, err) = run(
        &[
            "inspect",
            &sample("verstat-no-validation.txt"),
            "--auth-token-env",
            "CALLTRUST_TEST_TOKEN",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("CALLTRUST_TEST_TOKEN is not set"));
    let (code, _, _) = run(
        &[
            "inspect",
            &sample("verstat-no-validation.txt"),
            "--cert",
            "/nonexistent.pem",
        ],
        None,
    );
    assert_eq!(code, 2);
}

#[test]
fn help_shows_every_input_form() {
    let (code, out, _) = run(&["inspect", "--help"], None);
    assert_eq!(code, 0);
    for form in [
        "form body",
        "JSON",
        "Node console",
        "Key/Value",
        "Raw HTTP",
        "CallToken",
        "SIP INVITE",
        "Identity header",
        "PASSporT",
        "verstat",
        "Exit status",
    ] {
        assert!(out.contains(form), "help lacks {form}");
    }
}

#[test]
fn max_age_and_at_change_the_iat_judgement() {
    // Seed webhook iat 1635957423: against --at 100 s later, iat is stale (error).
    let (code, v) = json(&[
        "inspect",
        &sample("twilio-calltoken.txt"),
        "--at",
        "1635957523",
    ]);
    assert_eq!(code, 1);
    assert!(has(&v, "iat-stale", "error"));
    let (code, v) = json(&[
        "inspect",
        &sample("twilio-calltoken.txt"),
        "--at",
        "1635957523",
        "--max-age",
        "300",
    ]);
    assert_eq!(code, 0);
    assert!(has(&v, "iat-ok", "pass"));
    // Against now, a stale iat is only info.
    let (_, v) = json(&["inspect", &sample("twilio-calltoken.txt")]);
    assert!(has(&v, "iat-stale", "info"));
}
