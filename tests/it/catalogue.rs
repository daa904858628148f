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
    let out = crate::common::calltrust_cmd()
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
    let md = crate::common::calltrust_cmd()
        .args(["findings", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| `chain-invalid` | error |"), "{md}");
}

/// Every finding in every sample's report cites its catalogue entry's clause
/// (the STI-rule findings cite their rule's own citation): one id, one clause.
#[test]
fn every_emitted_finding_cites_its_catalogue_clause() {
    let certs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/certs");
    let kf = |n: &str| calltrust::KeyFile {
        name: n.into(),
        bytes: std::fs::read(certs.join(n)).unwrap(),
    };
    let with_keys = calltrust::Options {
        now: 1_795_339_800,
        certs: vec![kf("demo-sp-bundle.pem"), kf("demo-div-bundle.pem")],
        trust_anchors: vec![kf("demo-root.pem")],
        ..Default::default()
    };
    let mut seen = 0;
    for s in calltrust::samples::SAMPLES {
        for opts in [calltrust::Options::default(), with_keys.clone()] {
            let r = calltrust::inspect(s.text, &opts);
            for f in &r.findings {
                let e = calltrust::catalogue::entry(f.id);
                let source = f.source.as_deref().unwrap_or("(none)");
                if calltrust::catalogue::CITE_THE_RULE.contains(&f.id) {
                    assert!(!source.is_empty(), "{} cites nothing", f.id);
                } else {
                    assert_eq!(source, e.clause, "{} in {}", f.id, s.file);
                }
                seen += 1;
            }
        }
    }
    assert!(seen > 100, "only {seen} findings looked at");
}
