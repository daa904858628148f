//! The finding catalogue: `calltrust findings` lists every id the product can
//! emit, each with one clause; every SPEC §3 id is there.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

const SPEC_IDS: &[&str] = &[
    "input-unrecognized",
    "input-too-large",
    "passport-malformed",
    "passport-compact-form",
    "passport-alg",
    "passport-ppt",
    "passport-typ",
    "passport-x5u",
    "identity-info-mismatch",
    "claim-missing",
    "claim-attest",
    "claim-iat-format",
    "tn-not-e164",
    "orig-mismatch",
    "dest-mismatch",
    "iat-stale",
    "iat-future",
    "date-stale",
    "div-chain",
    "calltoken-malformed",
    "calltoken-from-mismatch",
    "verstat-passed",
    "verstat-failed",
    "verstat-no-validation",
    "verstat-unknown",
    "verstat-attest-mismatch",
    "signature-valid",
    "signature-invalid",
    "signature-not-checked",
    "signature-encoding",
    "cert-validity",
    "cert-key",
    "cert-tnauthlist",
    "chain-valid",
    "chain-incomplete",
    "chain-untrusted",
    "chain-invalid",
    "chain-not-checked",
    "cert-revoked",
    "cert-compliance",
    "x5u-repository",
    "x5u-fetch",
    "twilio-signature-valid",
    "twilio-signature-invalid",
    "twilio-signature-not-checked",
    "twilio-signature-near-miss",
    "twilio-body-hash",
    "routing-advice",
    "caller-international",
    "sip-response",
    "tn-not-authorized",
    "webhook-url-scheme",
    "webhook-url-credentials",
    "webhook-url-method",
    "twilio-signature-shared-key",
    "forward-from-mismatch",
    "forward-calltoken-altered",
    "forward-calltoken-missing",
    "sip-security-transport",
    "sip-security-auth",
    "sip-security-source",
    "sip-security-media",
    "routing-policy",
    "claim-constraints",
    "rcd-integrity",
    "rcd-malformed",
    "rcd-jcd-jcl",
];

#[test]
fn every_spec_id_is_in_the_catalogue_with_one_clause() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_calltrust"))
        .args(["findings", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    for id in SPEC_IDS {
        assert!(ids.contains(id), "{id} missing from the catalogue");
    }
    for e in v.as_array().unwrap() {
        for k in ["severities", "title", "meaning", "action", "clause"] {
            assert!(e.get(k).is_some(), "{} has no {k}", e["id"]);
        }
        assert!(
            !e["clause"].as_str().unwrap().contains(','),
            "{} cites two clauses",
            e["id"]
        );
    }
    let md = std::process::Command::new(env!("CARGO_BIN_EXE_calltrust"))
        .args(["findings", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| `chain-invalid` | error |"), "{md}");
}
