//! External SHAKEN vectors from ../shared/vectors/shaken, read in place.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use calltrust::Severity::{Error, Info, Pass, Warning};
use calltrust::report::SigStatus;
use common::*;

fn read(rel: &str) -> Option<Vec<u8>> {
    vector(rel).map(|p| std::fs::read(p).expect("read vector"))
}

fn text(rel: &str) -> Option<String> {
    read(rel).map(|b| String::from_utf8(b).expect("utf8"))
}

/// The token lines of a vector file (comments and prose dropped).
fn tokens(rel: &str) -> Option<Vec<String>> {
    text(rel).map(|t| {
        t.lines()
            .filter(|l| l.starts_with("eyJ"))
            .map(str::to_string)
            .collect()
    })
}

#[test]
fn libstirshaken_tokens_verify_with_sp_certificate() {
    let (Some(toks), Some(more), Some(sp)) = (
        tokens("shaken/libstirshaken/readme_tokens.txt"),
        tokens("shaken/libstirshaken/sp_passport.txt"),
        read("shaken/libstirshaken/sp_sp.pem"),
    ) else {
        return;
    };
    let all: Vec<String> = toks.into_iter().chain(more).collect();
    assert_eq!(all.len(), 4, "two tokens in each file");
    for t in &all {
        let r = inspect_with(t, &[("sp_sp.pem", sp.clone())], &[], None);
        assert_eq!(r.passports.len(), 1);
        assert_eq!(
            r.passports[0].signature.status,
            SigStatus::Valid,
            "{t}\n{:#?}",
            r.findings
        );
        assert!(has(&r, "signature-valid", Pass));
        // without a certificate: plainly not checked
        let r = inspect_with(t, &[], &[], None);
        assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
        assert!(has(&r, "signature-not-checked", Warning));
    }
    // The public key file verifies too.
    let Some(pubkey) = read("shaken/libstirshaken/sp_sp.pub") else {
        return;
    };
    let r = inspect_with(&all[0], &[("sp_sp.pub", pubkey)], &[], None);
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
}

#[test]
fn sp_passport_is_signed_but_its_claims_are_malformed() {
    let (Some(t), Some(sp)) = (
        text("shaken/libstirshaken/sp_passport.txt"),
        read("shaken/libstirshaken/sp_sp.pem"),
    ) else {
        return;
    };
    // The whole file, prose and all, as a support engineer might paste it.
    let r = inspect_with(&t, &[("sp_sp.pem", sp)], &[], Some(1603458131));
    assert_eq!(r.passports.len(), 2);
    for p in &r.passports {
        assert_eq!(p.signature.status, SigStatus::Valid);
        assert_eq!(
            p.claims.orig_tn.as_deref(),
            Some("01256789999"),
            "string claims still read for display"
        );
    }
    let shapes: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.id == "claim-format")
        .collect();
    assert!(
        shapes
            .iter()
            .any(|f| f.detail.contains("orig is a JSON string")),
        "{shapes:#?}"
    );
    assert!(
        shapes
            .iter()
            .any(|f| f.detail.contains("dest is a JSON string"))
    );
    assert!(has(&r, "passport-x5u", Error), "x5u is http://");
    assert!(
        finding(&r, "passport-x5u")
            .unwrap()
            .detail
            .contains("http://")
    );
    assert!(has(&r, "tn-not-e164", Error), "national numbers");
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Failed);
}

#[test]
fn spc_token_verifies_with_pa_certificate() {
    let (Some(toks), Some(pa)) = (
        tokens("shaken/libstirshaken/sp_spc_token.txt"),
        read("shaken/libstirshaken/pa_pa.pem"),
    ) else {
        return;
    };
    let r = inspect_with(&toks[0], &[("pa_pa.pem", pa)], &[], None);
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert!(
        has(&r, "cert-ca-signer", Warning),
        "the STI-PA signs with its CA certificate"
    );
    assert!(has(&r, "passport-typ", Error), "typ JWT is not a PASSporT");
}

#[test]
fn sp_chain_holds_and_wrongsp_is_incomplete() {
    let (Some(toks), Some(sp), Some(ca), Some(wrong)) = (
        tokens("shaken/libstirshaken/readme_tokens.txt"),
        read("shaken/libstirshaken/sp_sp.pem"),
        read("shaken/libstirshaken/ca_ca.pem"),
        read("shaken/libstirshaken/sp_wrongsp.pem"),
    ) else {
        return;
    };
    let r = inspect_with(
        &toks[0],
        &[("sp_sp.pem", sp)],
        &[("ca_ca.pem", ca.clone())],
        Some(1616442523),
    );
    assert!(has(&r, "chain-valid", Pass), "{:#?}", r.findings);
    assert_eq!(r.chains[0].status, calltrust::report::ChainStatus::Valid);
    assert_eq!(r.chains[0].path.len(), 2);
    // The independent validator was consulted and agreed (libstirshaken's
    // TNAuthList is not critical).
    assert!(
        r.chains[0]
            .validator
            .as_deref()
            .is_some_and(|v| v.contains("agrees")),
        "{:?}",
        r.chains[0].validator
    );
    // TNAuthList is an IA5String URL: non-standard.
    let t = finding(&r, "cert-tnauthlist").unwrap();
    assert_eq!(t.severity, Warning);
    assert!(t.detail.contains("non-standard"), "{}", t.detail);
    let leaf = r
        .certificates
        .iter()
        .find(|c| c.usage == calltrust::report::CertUsage::Signer)
        .unwrap();
    assert!(!leaf.tn_auth_list.as_ref().unwrap().standard);

    // wrongsp signed nothing here: it is not the x5u's certificate and does
    // not verify the token, so it judges nothing — the signature is not
    // checked, the certificate is listed as unused and not linted into the
    // call's findings.
    let r = inspect_with(
        &toks[0],
        &[("sp_wrongsp.pem", wrong.clone())],
        &[("ca_ca.pem", ca.clone())],
        Some(1616442523),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
    assert!(!has(&r, "signature-invalid", Error));
    assert!(r.certificates.iter().all(|c| !c.used));
    assert!(!r.findings.iter().any(|f| f.id == "cert-compliance"));
    // Declared a candidate for every token, it fails the token: invalid.
    let r = common::inspect_with_any(
        &toks[0],
        &[("sp_wrongsp.pem", wrong)],
        &[("ca_ca.pem", ca)],
        Some(1616442523),
        true,
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Invalid);
    assert!(has(&r, "signature-invalid", Error));
}

#[test]
fn certificate_inspection_without_a_token() {
    let (Some(sp), Some(ca), Some(wrong)) = (
        read("shaken/libstirshaken/sp_sp.pem"),
        read("shaken/libstirshaken/ca_ca.pem"),
        read("shaken/libstirshaken/sp_wrongsp.pem"),
    ) else {
        return;
    };
    // sp_sp.pem chains to ca_ca.pem
    let r = inspect_with("", &[("sp_sp.pem", sp)], &[("ca_ca.pem", ca.clone())], None);
    assert_eq!(r.chains.len(), 1);
    assert_eq!(r.chains[0].status, calltrust::report::ChainStatus::Valid);
    assert_eq!(
        r.verdict.outcome,
        calltrust::Outcome::Unknown,
        "nothing pasted: no call verdict"
    );
    // sp_wrongsp.pem is issued by a CA that is not here: incomplete
    let r = inspect_with("", &[("sp_wrongsp.pem", wrong)], &[("ca_ca.pem", ca)], None);
    assert_eq!(
        r.chains[0].status,
        calltrust::report::ChainStatus::Incomplete
    );
    let f = finding(&r, "chain-incomplete").expect("incomplete");
    assert!(f.detail.contains("Wrong CA"), "{}", f.detail);
    assert!(f.detail.contains("intermediate"));
}

#[test]
fn asterisk_rsa_root_and_rfc8226_tnauthlist() {
    let (Some(key), Some(leaf), Some(root)) = (
        text("shaken/asterisk-testsuite/SPAST1-key.pem"),
        read("shaken/asterisk-testsuite/SPAST1-cert.pem"),
        read("shaken/asterisk-testsuite/astdev-ca.crt"),
    ) else {
        return;
    };
    let k = key_from_pem(&key);
    let x5u = "https://certs.example.org/SPAST1-cert.pem";
    let iat = 1_795_339_800;
    let tok = sign_jws(
        &k,
        &shaken_header(x5u),
        &shaken_payload("A", "12155551212", "12155551213", iat, "ast-1"),
    );
    let r = inspect_with(
        &identity(&tok, x5u, "shaken"),
        &[("SPAST1-cert.pem", leaf)],
        &[("astdev-ca.crt", root)],
        Some(iat),
    );
    assert_eq!(
        r.passports[0].signature.status,
        SigStatus::Valid,
        "{:#?}",
        r.findings
    );
    assert!(
        has(&r, "chain-valid", Pass),
        "RSA root verifies the EC leaf: {:#?}",
        r.findings
    );
    let t = finding(&r, "cert-tnauthlist").unwrap();
    assert_eq!(t.severity, Pass);
    assert!(t.detail.contains("SPC 1"));
    let anchor = r
        .certificates
        .iter()
        .find(|c| c.usage == calltrust::report::CertUsage::TrustAnchor)
        .unwrap();
    assert!(anchor.key.starts_with("RSA 2048"), "{}", anchor.key);
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Verified);
}

#[test]
fn asterisk_expired_ca_and_malformed_tnauthlist() {
    let (Some(key), Some(leaf), Some(root)) = (
        text("shaken/asterisk-testsuite/SPAST1-caexp-key.pem"),
        read("shaken/asterisk-testsuite/SPAST1-caexp-cert.pem"),
        read("shaken/asterisk-testsuite/astdev-ca-expired.crt"),
    ) else {
        return;
    };
    let k = key_from_pem(&key);
    let x5u = "https://certs.example.org/SPAST1-caexp-cert.pem";
    let iat = 1_735_689_600; // 2025-01-01, inside the leaf's window
    let tok = sign_jws(
        &k,
        &shaken_header(x5u),
        &shaken_payload("B", "12155551212", "12155551213", iat, "ast-2"),
    );
    let r = inspect_with(
        &identity(&tok, x5u, "shaken"),
        &[("SPAST1-caexp-cert.pem", leaf)],
        &[("astdev-ca-expired.crt", root)],
        Some(iat),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert!(has(&r, "cert-tnauthlist", Error), "{:#?}", r.findings);
    assert!(
        finding(&r, "cert-tnauthlist")
            .unwrap()
            .detail
            .contains("malformed")
    );
    // The expired root is a configured anchor: the path exists but breaks a
    // rule (OpenSSL, and so Asterisk, reject a chain to an expired root).
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert_eq!(f.severity, Error);
    assert!(f.detail.contains("expired"), "{}", f.detail);
    assert!(f.detail.contains("trust anchor"), "{}", f.detail);
    assert!(!has(&r, "chain-valid", Pass));
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Failed);
}

#[test]
fn rfc8225_example_is_canonical_and_its_signature_fails() {
    let (Some(tok), Some(canon), Some(pub1), Some(pub2)) = (
        text("shaken/rfc8225-appendix-a/token.txt"),
        text("shaken/rfc8225-appendix-a/canonical_json.txt"),
        read("shaken/rfc8225-appendix-a/public_key_as_published.pem"),
        read("shaken/rfc8225-appendix-a/public_key_derived_from_private.pem"),
    ) else {
        return;
    };
    let tok = tok.trim();
    let r = inspect_with(tok, &[], &[], None);
    let p = &r.passports[0];
    let want = |k: &str| {
        canon
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .unwrap()
            .to_string()
    };
    assert_eq!(p.header_json.as_deref(), Some(want("header_json").as_str()));
    assert_eq!(
        p.payload_json.as_deref(),
        Some(want("payload_json").as_str())
    );
    assert!(tok.starts_with(&format!("{}.{}.", want("header_b64"), want("payload_b64"))));
    assert_eq!(
        calltrust::passport::canonical::to_canonical(&p.payload),
        want("payload_json")
    );
    assert!(!has(&r, "passport-canonical", Info), "it is canonical");
    for key in [pub1, pub2] {
        // Named for nothing the token says, a key that does not verify is no
        // evidence: not checked. Declared the signer's, it fails: invalid.
        let r = inspect_with(tok, &[("rfc8225.pem", key.clone())], &[], None);
        assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
        assert!(!has(&r, "signature-invalid", Error));
        let r = common::inspect_with_any(tok, &[("rfc8225.pem", key)], &[], None, true);
        assert_eq!(r.passports[0].signature.status, SigStatus::Invalid);
        assert!(has(&r, "signature-invalid", Error));
        assert_ne!(r.verdict.outcome, calltrust::Outcome::Verified);
    }
}

#[test]
fn decode_only_vectors() {
    if let Some(t) = text("shaken/decode-only/libstirshaken_issue134_corrupt_payload.txt") {
        let r = inspect_with(&t, &[], &[], None);
        let f = finding(&r, "passport-malformed").expect("malformed");
        assert_eq!(f.severity, Error);
        assert!(f.title.contains("payload"), "{}", f.title);
        assert!(
            f.detail.contains("not UTF-8") || f.detail.contains("not valid JSON"),
            "{}",
            f.detail
        );
        assert!(
            r.passports[0].header["x5u"] == "https://cr.sansay.com/258K_CERT",
            "header still decoded"
        );
    }
    if let Some(t) = text("shaken/decode-only/pastebin_stirtel_decode_only.txt") {
        let r = inspect_with(&t, &[], &[], Some(1629357305));
        assert_eq!(r.input.kind, calltrust::InputKind::IdentityHeader);
        assert!(!r.findings.iter().any(|f| f.id == "passport-malformed"));
        assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
        assert!(
            finding(&r, "signature-not-checked")
                .unwrap()
                .detail
                .contains("https://stir.tel/c/704J")
        );
        assert!(has(&r, "iat-ok", Pass));
    }
    if let Some(t) = text("shaken/decode-only/kamailio_issue3784_div_header_payload_only.txt") {
        let r = inspect_with(&t, &[], &[], None);
        let p = &r.passports[0];
        assert_eq!(p.ppt.as_ref().map(|p| p.as_str()), Some("div"));
        assert_eq!(p.claims.div_tn.as_deref(), Some("19525559876"));
        assert!(has(&r, "claim-iat-format", Warning));
        assert!(
            has(&r, "passport-canonical", Info),
            "payload keys not sorted"
        );
        assert!(
            finding(&r, "passport-malformed")
                .unwrap()
                .detail
                .contains("signature segment is missing")
        );
        assert_eq!(p.signature.status, SigStatus::Malformed);
    }
}
