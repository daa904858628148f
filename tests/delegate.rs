//! Delegate certificates (RFC 9060): orig must be one of the TNs or inside
//! one of the TN ranges of the signing certificate's TNAuthList (RFC 8226).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

mod common;

use calltrust::Severity::{Error, Pass};
use common::*;

const IAT: i64 = 1_795_339_800;

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag, content.len() as u8];
    v.extend_from_slice(content);
    v
}

/// TNAuthList: one range [1] {start, count} and one TN [2].
fn tnauth(start: &str, count: u8, one: &str) -> Vec<u8> {
    let mut range = tlv(0x16, start.as_bytes());
    range.extend(tlv(0x02, &[count]));
    let mut list = tlv(0xa1, &tlv(0x30, &range));
    list.extend(tlv(0xa2, &tlv(0x16, one.as_bytes())));
    tlv(0x30, &list)
}

fn inspect_orig(orig: &str) -> calltrust::Report {
    let pki = demo_pki();
    let k = key("delegate");
    let cert = leaf(
        "SHAKEN delegate",
        &k,
        (&pki.inter, &pki.inter_key),
        Some(tnauth("12025550100", 100, "14155550000")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let tok = sign_jws(
        &k,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", orig, "14155550123", IAT, "d-1"),
    );
    inspect_with(
        &tok,
        &[(
            "demo-sp-bundle.pem",
            format!("{}{}", cert.pem, pki.inter.pem).into_bytes(),
        )],
        &[],
        Some(IAT),
    )
}

#[test]
fn range_edges_first_last_and_one_past() {
    for (orig, ok) in [
        ("12025550100", true),  // first
        ("12025550199", true),  // last (start + 99)
        ("12025550200", false), // one past
        ("12025550099", false), // one before
        ("14155550000", true),  // the single TN
        ("14155550001", false),
        ("1202555010", false), // fewer digits
    ] {
        let r = inspect_orig(orig);
        let want = if ok { Pass } else { Error };
        assert!(
            has(&r, "tn-not-authorized", want),
            "{orig}: {:#?}",
            r.findings
                .iter()
                .filter(|f| f.id == "tn-not-authorized")
                .collect::<Vec<_>>()
        );
        if !ok {
            assert_eq!(
                r.verdict.verifier_response.as_ref().map(|v| v.code),
                Some(437),
                "{orig}"
            );
        }
    }
}

#[test]
fn in_range_arithmetic() {
    use calltrust::verify::in_range;
    assert!(in_range("12025550100", "12025550100", 1));
    assert!(!in_range("12025550101", "12025550100", 1));
    assert!(in_range("19999999999", "19999999990", 10));
    assert!(!in_range("20000000000", "19999999990", 10));
    assert!(!in_range("1202555010x", "12025550100", 100));
}
