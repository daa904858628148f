//! Delegate certificates (RFC 9060): orig must be one of the TNs or inside
//! one of the TN ranges of the signing certificate's TNAuthList (RFC 8226).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

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

/// TLV with a length that may need the long form.
fn tlv2(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    if content.len() < 128 {
        v.push(content.len() as u8);
    } else {
        v.extend([0x81, content.len() as u8]);
    }
    v.extend_from_slice(content);
    v
}

/// JWTClaimConstraints / Enhanced (explicit tags): mustInclude, one
/// permitted-values entry, mustExclude.
fn constraints(must: &[&str], permitted: Option<(&str, &[&str])>, exclude: &[&str]) -> Vec<u8> {
    let names = |ns: &[&str]| {
        tlv2(
            0x30,
            &ns.iter()
                .flat_map(|n| tlv2(0x16, n.as_bytes()))
                .collect::<Vec<u8>>(),
        )
    };
    let mut body = Vec::new();
    if !must.is_empty() {
        body.extend(tlv2(0xa0, &names(must)));
    }
    if let Some((claim, vals)) = permitted {
        let mut entry = tlv2(0x16, claim.as_bytes());
        entry.extend(tlv2(
            0x30,
            &vals
                .iter()
                .flat_map(|v| tlv2(0x0c, v.as_bytes()))
                .collect::<Vec<u8>>(),
        ));
        body.extend(tlv2(0xa1, &tlv2(0x30, &tlv2(0x30, &entry))));
    }
    if !exclude.is_empty() {
        body.extend(tlv2(0xa2, &names(exclude)));
    }
    tlv2(0x30, &body)
}

fn with_constraints(oid: &[u64], ext: Vec<u8>) -> calltrust::Report {
    let pki = demo_pki();
    let k = key("constrained");
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "SHAKEN constrained");
    p.is_ca = rcgen::IsCa::ExplicitNoCa;
    p.custom_extensions
        .push(rcgen::CustomExtension::from_oid_content(
            &TNAUTHLIST_OID,
            tnauth_spc("1234"),
        ));
    p.custom_extensions
        .push(rcgen::CustomExtension::from_oid_content(oid, ext));
    let c = p
        .signed_by(
            &k.pair,
            &rcgen::Issuer::from_params(&pki.inter.params, &pki.inter_key.pair),
        )
        .unwrap();
    let tok = sign_jws(
        &k,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", "12025550143", "14155550123", IAT, "c-1"),
    );
    inspect_with(
        &tok,
        &[(
            "demo-sp-bundle.pem",
            format!("{}{}", c.pem(), pki.inter.pem).into_bytes(),
        )],
        &[],
        Some(IAT),
    )
}

#[test]
fn claim_constraints_are_enforced() {
    const JWT: [u64; 9] = [1, 3, 6, 1, 5, 5, 7, 1, 27];
    const ENHANCED: [u64; 9] = [1, 3, 6, 1, 5, 5, 7, 1, 33];
    // attest permitted only as B: the token says A.
    let r = with_constraints(&JWT, constraints(&[], Some(("attest", &["B"])), &[]));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "claim-constraints")
        .unwrap();
    assert_eq!(f.severity, Error, "{}", f.detail);
    assert!(f.detail.contains("\"attest\" is A"), "{}", f.detail);
    assert_eq!(
        r.verdict.verifier_response.as_ref().map(|v| v.code),
        Some(437)
    );
    // required claims present, permitted value matches: pass.
    let r = with_constraints(
        &JWT,
        constraints(&["origid", "attest"], Some(("attest", &["A", "B"])), &[]),
    );
    assert!(has(&r, "claim-constraints", Pass), "{:#?}", r.findings);
    // a required claim missing.
    let r = with_constraints(&JWT, constraints(&["rcd"], None, &[]));
    assert!(has(&r, "claim-constraints", Error));
    // enhanced: a forbidden claim present.
    let r = with_constraints(&ENHANCED, constraints(&[], None, &["origid"]));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "claim-constraints")
        .unwrap();
    assert!(
        f.detail.contains("forbids the claim \"origid\""),
        "{}",
        f.detail
    );
    assert!(f.detail.contains("RFC 9118"), "{}", f.detail);
}

#[test]
fn the_authorised_numbers_read_in_plain_words() {
    let t = calltrust::report::TnAuthReport {
        entries: vec![
            "TN range 12025550100 +100".into(),
            "TN 14155550000".into(),
            "SPC 1234".into(),
        ],
        standard: true,
        note: String::new(),
    };
    assert_eq!(
        t.authorised(),
        [
            "+12025550100 to +12025550199 (100 numbers)",
            "+14155550000 only",
            "the numbers of service provider 1234 (SPC)"
        ]
    );
}
