//! Signature and certificate verification with keys, certificates and tokens
//! generated here.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use base64::Engine as _;
use calltrust::Outcome;
use calltrust::Severity::{Error, Info, Pass, Warning};
use calltrust::report::SigStatus;
use common::*;

const IAT: i64 = 1_795_339_800;

fn bundle(pki: &DemoPki) -> Vec<u8> {
    format!("{}{}", pki.sp.pem, pki.inter.pem).into_bytes()
}

fn shaken(pki: &DemoPki) -> String {
    sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", "12025550143", "14155550123", IAT, "id-1"),
    )
}

fn webhook(token: &str) -> String {
    form_encode(&[
        ("From", "+12025550143"),
        ("To", "+14155550123"),
        ("StirVerstat", "TN-Validation-Passed-A"),
        ("StirPassportToken", token),
    ])
}

#[test]
fn correctly_signed_webhook_is_verified_with_attestation_a() {
    let pki = demo_pki();
    let r = inspect_with(
        &webhook(&shaken(&pki)),
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[("root.pem", pki.root.pem.clone().into_bytes())],
        Some(IAT),
    );
    assert_eq!(r.verdict.outcome, Outcome::Verified, "{:#?}", r.findings);
    assert_eq!(r.verdict.attestation.map(|a| a.as_str()), Some("A"));
    assert!(has(&r, "chain-valid", Pass));
    assert!(!r.has_errors());
    assert!(r.verdict.headline.starts_with("Verified"));
}

#[test]
fn flipping_one_payload_byte_fails_the_signature() {
    let pki = demo_pki();
    let tok = shaken(&pki);
    let parts: Vec<&str> = tok.split('.').collect();
    let mut payload = B64.decode(parts[1]).unwrap();
    let pos = payload.iter().position(|&b| b == b'3').unwrap(); // a digit of orig
    payload[pos] = b'4';
    let tampered = format!("{}.{}.{}", parts[0], B64.encode(&payload), parts[2]);
    let r = inspect_with(
        &webhook(&tampered),
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[("root.pem", pki.root.pem.clone().into_bytes())],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Invalid);
    let f = finding(&r, "signature-invalid").unwrap();
    assert!(
        f.detail.contains("the certificate this token's x5u names"),
        "{}",
        f.detail
    );
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    // the same token with its signature bytes damaged
    let mut sig = B64.decode(parts[2]).unwrap();
    sig[10] ^= 1;
    let bad = format!("{}.{}.{}", parts[0], parts[1], B64.encode(&sig));
    let r = inspect_with(&bad, &[("any.pem", bundle(&pki))], &[], Some(IAT));
    // any.pem is not the x5u's name and verifies nothing: no evidence.
    assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
    let r = common::inspect_with_any(&bad, &[("any.pem", bundle(&pki))], &[], Some(IAT), true);
    assert_eq!(r.passports[0].signature.status, SigStatus::Invalid);
}

#[test]
fn wrong_key_is_invalid_and_no_key_is_not_checked() {
    let pki = demo_pki();
    let tok = shaken(&pki);
    // a certificate for a different key, named differently: tried, fails to
    // verify, and is no evidence either way — not checked, never invalid
    let r = inspect_with(
        &tok,
        &[("other.pem", pki.div.pem.clone().into_bytes())],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
    let f = finding(&r, "signature-not-checked").unwrap();
    assert!(
        f.detail.contains("No certificate for this token's x5u"),
        "{}",
        f.detail
    );
    assert_ne!(r.verdict.outcome, Outcome::Failed);
    // the user declares it a candidate for every token: then it fails
    let r = common::inspect_with_any(
        &tok,
        &[("other.pem", pki.div.pem.clone().into_bytes())],
        &[],
        Some(IAT),
        true,
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Invalid);
    assert!(
        finding(&r, "signature-invalid")
            .unwrap()
            .detail
            .contains("none of these is the signer")
    );
    // no key at all: plainly not checked, never valid
    let r = inspect_with(&tok, &[], &[], Some(IAT));
    assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
    let f = finding(&r, "signature-not-checked").unwrap();
    assert!(f.detail.contains(DEMO_SP_X5U) && f.detail.contains("--cert"));
    assert_ne!(r.verdict.outcome, Outcome::Verified);
    // a public key PEM and a JWK work as keys
    let r = inspect_with(
        &tok,
        &[("sp.pub", pki.sp_key.public_pem().into_bytes())],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    let jwk = pki.sp_key.secret.public_key().to_jwk_string();
    let r = inspect_with(&tok, &[("sp.jwk", jwk.into_bytes())], &[], Some(IAT));
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
}

#[test]
fn no_trust_anchor_means_chain_not_checked() {
    let pki = demo_pki();
    let r = inspect_with(
        &shaken(&pki),
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert!(has(&r, "chain-not-checked", Warning));
    assert!(!has(&r, "chain-valid", Pass));
    assert_eq!(
        r.chains[0].status,
        calltrust::report::ChainStatus::NotChecked
    );
    assert!(
        r.verdict.headline.contains("chain"),
        "{}",
        r.verdict.headline
    );
}

#[test]
fn missing_intermediate_is_an_incomplete_chain() {
    let pki = demo_pki();
    let r = inspect_with(
        &shaken(&pki),
        &[("demo-sp-leaf-only.pem", pki.sp.pem.clone().into_bytes())],
        &[("root.pem", pki.root.pem.clone().into_bytes())],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    let f = finding(&r, "chain-incomplete").expect("incomplete");
    assert_eq!(f.severity, Error);
    assert!(
        f.detail.contains("calltrust Demo STI-CA Intermediate"),
        "{}",
        f.detail
    );
    assert!(f.hint.as_ref().unwrap().contains("intermediate"));
    assert_eq!(r.verdict.outcome, Outcome::Failed);
}

#[test]
fn unknown_root_is_untrusted() {
    let pki = demo_pki();
    let other_key = key("some other root");
    let other = ca(
        "Some Other STI-CA",
        &other_key,
        None,
        (2026, 1, 1),
        (2040, 1, 1),
    );
    let r = inspect_with(
        &shaken(&pki),
        &[(
            "b.pem",
            format!("{}{}{}", pki.sp.pem, pki.inter.pem, pki.root.pem).into_bytes(),
        )],
        &[("other.pem", other.pem.into_bytes())],
        Some(IAT),
    );
    let f = finding(&r, "chain-untrusted").expect("untrusted");
    assert!(f.detail.contains("self-signed"), "{}", f.detail);
    assert!(f.detail.contains("not one of your trust anchors"));
}

#[test]
fn expired_leaf_at_iat() {
    let pki = demo_pki();
    let k = key("expired leaf");
    let old = leaf(
        "Expired SP",
        &k,
        (&pki.inter, &pki.inter_key),
        Some(tnauth_spc("9")),
        (2020, 1, 1),
        (2021, 1, 1),
    );
    let tok = sign_jws(
        &k,
        &shaken_header("https://x.example/old.pem"),
        &shaken_payload("A", "12025550143", "14155550123", IAT, "x"),
    );
    let r = inspect_with(
        &tok,
        &[(
            "old.pem",
            format!("{}{}", old.pem, pki.inter.pem).into_bytes(),
        )],
        &[("root.pem", pki.root.pem.clone().into_bytes())],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert!(
        r.findings.iter().any(|f| f.id == "cert-validity"
            && f.severity == Error
            && f.title.contains("when the token was signed")),
        "{:#?}",
        r.findings
    );
    assert_eq!(r.verdict.outcome, Outcome::Failed);
}

#[test]
fn missing_tnauthlist_and_non_p256_keys() {
    let pki = demo_pki();
    let k = key("no tnauth");
    let c = leaf(
        "No TNAuthList SP",
        &k,
        (&pki.inter, &pki.inter_key),
        None,
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let tok = sign_jws(
        &k,
        &shaken_header("https://x.example/n.pem"),
        &shaken_payload("A", "12025550143", "14155550123", IAT, "x"),
    );
    let r = inspect_with(&tok, &[("n.pem", c.pem.into_bytes())], &[], Some(IAT));
    assert!(has(&r, "cert-tnauthlist", Warning));

    // a P-384 certificate cannot verify ES256
    let p384 = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "P-384 SP");
    let cert = params.self_signed(&p384).unwrap();
    let r = inspect_with(&tok, &[("n.pem", cert.pem().into_bytes())], &[], Some(IAT));
    assert!(has(&r, "cert-key", Error), "{:#?}", r.findings);
    assert_ne!(r.passports[0].signature.status, SigStatus::Valid);
}

#[test]
fn algorithm_confusion_is_refused() {
    let pki = demo_pki();
    let cert = pki.sp.pem.clone();
    // HS256 "signed" with the certificate PEM as HMAC secret: must never verify.
    let header = r#"{"alg":"HS256","ppt":"shaken","typ":"passport","x5u":"https://certs.calltrust.example/demo-sp-bundle.pem"}"#;
    let payload = shaken_payload("A", "12025550143", "14155550123", IAT, "x");
    let input = format!("{}.{}", B64.encode(header), B64.encode(&payload));
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(cert.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    let forged = format!("{input}.{}", B64.encode(mac.finalize().into_bytes()));
    let r = inspect_with(
        &forged,
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::UnsupportedAlg);
    assert!(has(&r, "passport-alg", Error));
    assert!(finding(&r, "passport-alg").unwrap().detail.contains("HMAC"));
    assert!(!has(&r, "signature-valid", Pass));
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    // alg none
    let none = format!(
        "{}.{}.",
        B64.encode(
            r#"{"alg":"none","ppt":"shaken","typ":"passport","x5u":"https://a.example/c.pem"}"#
        ),
        B64.encode(&payload)
    );
    let r = inspect_with(
        &none,
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[],
        Some(IAT),
    );
    assert!(has(&r, "passport-alg", Error));
    assert_ne!(r.passports[0].signature.status, SigStatus::Valid);
}

#[test]
fn der_encoded_signature_is_signature_encoding() {
    let pki = demo_pki();
    let tok = shaken(&pki);
    let parts: Vec<&str> = tok.split('.').collect();
    let raw = B64.decode(parts[2]).unwrap();
    let sig = p256::ecdsa::Signature::from_slice(&raw).unwrap();
    let der_tok = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        B64.encode(sig.to_der().as_bytes())
    );
    let r = inspect_with(
        &der_tok,
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::BadEncoding);
    let f = finding(&r, "signature-encoding").unwrap();
    assert_eq!(f.severity, Error);
    assert!(f.detail.contains("DER"));
    assert!(
        f.detail.contains("does verify"),
        "diagnosis says the key is right: {}",
        f.detail
    );
    // a signature cut short that is not DER: the paste is damaged, not the
    // signer's encoding — passport-malformed, UNREADABLE, no verifier answer
    let short = format!("{}.{}.{}", parts[0], parts[1], B64.encode(&raw[..40]));
    let r = inspect_with(&short, &[], &[], Some(IAT));
    assert!(finding(&r, "signature-encoding").is_none());
    let f = finding(&r, "passport-malformed").unwrap();
    assert!(
        f.title.contains("looks cut off") && f.detail.contains("40 bytes"),
        "{}",
        f.detail
    );
    assert_eq!(r.verdict.outcome, Outcome::Unreadable);
    assert!(r.verdict.verifier_response.is_none());
}

#[test]
fn certificate_is_chosen_by_x5u_name() {
    let pki = demo_pki();
    let sp = shaken(&pki);
    let div = sign_jws(
        &pki.div_key,
        &div_header(DEMO_DIV_X5U),
        &div_payload("12025550143", "14155550199", "14155550123", IAT + 1),
    );
    let text = format!(
        "{}\n{}",
        identity(&sp, DEMO_SP_X5U, "shaken"),
        identity(&div, DEMO_DIV_X5U, "div")
    );
    let r = inspect_with(
        &text,
        &[
            (
                "demo-div-bundle.pem",
                format!("{}{}", pki.div.pem, pki.inter.pem).into_bytes(),
            ),
            ("demo-sp-bundle.pem", bundle(&pki)),
        ],
        &[("root.pem", pki.root.pem.clone().into_bytes())],
        Some(IAT),
    );
    assert!(
        r.passports[0]
            .signature
            .key
            .as_ref()
            .unwrap()
            .contains("demo-sp-bundle.pem")
    );
    assert!(
        r.passports[1]
            .signature
            .key
            .as_ref()
            .unwrap()
            .contains("demo-div-bundle.pem")
    );
    assert!(has(&r, "div-chain", Pass));
    // Only the SHAKEN certificate supplied: the DIV token is not checked (the
    // SP certificate is proven to belong to another x5u), not "invalid".
    let r = inspect_with(
        &text,
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert_eq!(r.passports[1].signature.status, SigStatus::NotChecked);
}

#[test]
fn div_chain_breaks_are_reported() {
    let pki = demo_pki();
    let sp = shaken(&pki);
    // div names a number that was never a destination; orig changed too
    let div = sign_jws(
        &pki.div_key,
        &div_header(DEMO_DIV_X5U),
        &div_payload("19995550000", "14155550199", "13335550000", IAT),
    );
    let text = format!(
        "{}\n{}",
        identity(&sp, DEMO_SP_X5U, "shaken"),
        identity(&div, DEMO_DIV_X5U, "div")
    );
    let r = inspect_with(&text, &[], &[], Some(IAT));
    let errs: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.id == "div-chain" && f.severity == Error)
        .collect();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().any(|f| f.title.contains("does not chain")));
    assert!(errs.iter().any(|f| f.title.contains("orig differs")));
    // a DIV alone
    let r = inspect_with(&identity(&div, DEMO_DIV_X5U, "div"), &[], &[], Some(IAT));
    assert!(has(&r, "div-chain", Warning));
}

#[test]
fn compact_form_base_passport_is_rebuilt_from_sip() {
    let k = key("compact signer");
    let header = r#"{"alg":"ES256","typ":"passport","x5u":"https://cert.example.org/c.pem"}"#;
    let date = 1_795_339_800i64;
    let payload = format!(
        r#"{{"dest":{{"tn":["14155550123"]}},"iat":{date},"orig":{{"tn":"12025550143"}}}}"#
    );
    let full = sign_jws(&k, header, &payload);
    let parts: Vec<&str> = full.split('.').collect();
    let compact = format!("{}..{}", parts[0], parts[2]);
    let sip = format!(
        "INVITE sip:+14155550123@example.com SIP/2.0\r\nFrom: <sip:+12025550143@a.example>;tag=1\r\nTo: <sip:+14155550123@example.com>\r\nDate: Sun, 22 Nov 2026 09:30:00 GMT\r\nIdentity: {compact};info=<https://cert.example.org/c.pem>;alg=ES256\r\n\r\n"
    );
    let r = inspect_with(&sip, &[("c.pem", k.public_pem().into_bytes())], &[], None);
    assert!(r.passports[0].compact);
    assert!(has(&r, "passport-compact-form", Info));
    assert_eq!(
        r.passports[0].signature.status,
        SigStatus::Valid,
        "{:#?}",
        r.findings
    );
    // SHAKEN in compact form: an error, and nothing to verify
    let sh = sign_jws(
        &k,
        &shaken_header("https://cert.example.org/c.pem"),
        &shaken_payload("A", "12025550143", "14155550123", date, "x"),
    );
    let p: Vec<&str> = sh.split('.').collect();
    let r = inspect_with(
        &format!(
            "{}..{};info=<https://cert.example.org/c.pem>;ppt=shaken",
            p[0], p[2]
        ),
        &[("c.pem", k.public_pem().into_bytes())],
        &[],
        None,
    );
    assert!(has(&r, "passport-compact-form", Error));
    assert_ne!(r.passports[0].signature.status, SigStatus::Valid);
}

#[test]
fn fetched_certificates_are_used_and_failures_reported() {
    let pki = demo_pki();
    let opts = calltrust::Options {
        now: IAT,
        fetched: vec![calltrust::Fetched {
            url: DEMO_SP_X5U.into(),
            result: Ok(bundle(&pki)),
            meta: None,
        }],
        trust_anchors: vec![calltrust::KeyFile {
            name: "root.pem".into(),
            bytes: pki.root.pem.clone().into_bytes(),
        }],
        ..Default::default()
    };
    let r = calltrust::inspect(&webhook(&shaken(&pki)), &opts);
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert!(has(&r, "x5u-fetch", Info));
    assert_eq!(r.verdict.outcome, Outcome::Verified);
    let opts = calltrust::Options {
        now: IAT,
        fetched: vec![calltrust::Fetched {
            url: DEMO_SP_X5U.into(),
            result: Err("HTTP 404 (Not Found)".into()),
            meta: None,
        }],
        ..Default::default()
    };
    let r = calltrust::inspect(&webhook(&shaken(&pki)), &opts);
    assert!(has(&r, "x5u-fetch", Warning));
    assert!(finding(&r, "x5u-fetch").unwrap().detail.contains("404"));
    assert_eq!(r.passports[0].signature.status, SigStatus::NotChecked);
}

#[test]
fn private_keys_never_reach_the_report() {
    let pki = demo_pki();
    let pem = pki.sp_key.private_pem();
    let body = pem.lines().nth(1).unwrap().to_string();
    let r = inspect_with(
        &shaken(&pki),
        &[("key.pem", pem.into_bytes())],
        &[],
        Some(IAT),
    );
    assert!(has(&r, "cert-unusable", Warning));
    for out in [r.to_json(), r.to_markdown(), r.to_text()] {
        assert!(!out.contains(&body));
    }
    assert_ne!(r.passports[0].signature.status, SigStatus::Valid);
}

#[test]
fn a_ppt_in_capitals_is_not_shaken_and_is_not_verified() {
    // JSON values are case-sensitive and the registered name is "shaken"
    // (RFC 8225 §8.1): "SHAKEN" is an unknown extension everywhere in the
    // report, not SHAKEN in one check and unknown in another.
    let pki = demo_pki();
    let tok = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U).replace("\"shaken\"", "\"SHAKEN\""),
        &shaken_payload("A", "12025550143", "14155550123", IAT, "id-1"),
    );
    let r = inspect_with(
        &webhook(&tok),
        &[("demo-sp-bundle.pem", bundle(&pki))],
        &[("root.pem", pki.root.pem.clone().into_bytes())],
        Some(IAT),
    );
    let ppt = r
        .findings
        .iter()
        .find(|f| f.id == "passport-ppt")
        .expect("a ppt finding");
    assert_eq!(ppt.severity, Warning, "{ppt:?}");
    assert!(ppt.title.contains("Unknown ppt"), "{ppt:?}");
    assert_eq!(r.passports[0].kind_label(), "ppt SHAKEN");
    assert_ne!(
        r.verdict.outcome,
        Outcome::Verified,
        "{}",
        r.verdict.headline
    );
}
