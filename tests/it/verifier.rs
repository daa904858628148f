//! What a strict verifier would answer: one INVITE per cause (RFC 8224
//! §6.2.2 codes 428, 436, 437, 438, 403), in the JSON, the Markdown and the
//! text report, with the peer verifiers' answers in the deciding finding.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use calltrust::{Options, inspect};
use common::*;

const DATE: i64 = 1_795_339_800; // Sun, 22 Nov 2026 09:30:00 GMT
const DATE_HDR: &str = "Sun, 22 Nov 2026 09:30:00 GMT";

fn invite(identity_headers: &[String]) -> String {
    let mut s = String::from(
        "INVITE sip:+14155550123@example.com SIP/2.0\r\n\
         Via: SIP/2.0/TLS 198.51.100.7:5061;branch=z9hG4bK1\r\n\
         From: <sip:+12025550143@example.com>;tag=1\r\n\
         To: <sip:+14155550123@example.com>\r\n\
         Call-ID: verifier-test\r\n\
         CSeq: 1 INVITE\r\n",
    );
    s.push_str(&format!("Date: {DATE_HDR}\r\n"));
    for h in identity_headers {
        s.push_str(&format!("Identity: {h}\r\n"));
    }
    s.push_str("\r\n");
    s
}

fn signed(key: &Key, x5u: &str, orig: &str, iat: i64) -> String {
    let tok = sign_jws(
        key,
        &shaken_header(x5u),
        &shaken_payload("A", orig, "14155550123", iat, "v-1"),
    );
    identity(&tok, x5u, "shaken")
}

fn opts(certs: Vec<(&str, Vec<u8>)>) -> Options {
    Options {
        now: DATE,
        certs: certs
            .into_iter()
            .map(|(n, b)| calltrust::KeyFile {
                name: n.into(),
                bytes: b,
            })
            .collect(),
        ..Default::default()
    }
}

fn answer(text: &str, o: &Options) -> (u16, String, calltrust::Report) {
    let r = inspect(text, o);
    let v = r
        .verdict
        .verifier_response
        .clone()
        .unwrap_or_else(|| panic!("no verifier response: {:#?}", r.findings));
    (v.code, v.finding.to_string(), r)
}

fn in_every_format(r: &calltrust::Report, code: u16) {
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["verdict"]["verifier_response"]["code"], code);
    assert!(
        r.to_markdown()
            .contains(&format!("A verifier would answer:** {code}"))
    );
    assert!(
        r.to_text()
            .contains(&format!("A verifier would answer: {code}"))
    );
}

#[test]
fn no_identity_is_428() {
    let (code, finding, r) = answer(&invite(&[]), &opts(vec![]));
    assert_eq!((code, finding.as_str()), (428, "identity-missing"));
    in_every_format(&r, 428);
}

#[test]
fn an_http_x5u_is_436() {
    let pki = demo_pki();
    let h = signed(
        &pki.sp_key,
        "http://certs.example.org/sp.pem",
        "12025550143",
        DATE,
    );
    let (code, finding, r) = answer(&invite(&[h]), &opts(vec![]));
    assert_eq!((code, finding.as_str()), (436, "passport-x5u"));
    in_every_format(&r, 436);
    let f = r.findings.iter().find(|f| f.id == "passport-x5u").unwrap();
    assert!(f.detail.contains("Asterisk"), "{}", f.detail);
}

#[test]
fn a_p384_signing_certificate_is_437() {
    let pki = demo_pki();
    let p384 = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "SHAKEN 1234 (P-384)");
    let iss = rcgen::Issuer::from_params(&pki.inter.params, &pki.inter_key.pair);
    let cert = p.signed_by(&p384, &iss).unwrap();
    let x5u = "https://certs.example.org/p384.pem";
    let h = signed(&pki.sp_key, x5u, "12025550143", DATE);
    let (code, finding, r) = answer(
        &invite(&[h]),
        &opts(vec![("p384.pem", cert.pem().into_bytes())]),
    );
    assert_eq!((code, finding.as_str()), (437, "cert-key"));
    in_every_format(&r, 437);
}

#[test]
fn orig_not_from_is_438() {
    let pki = demo_pki();
    let h = signed(&pki.sp_key, DEMO_SP_X5U, "12025559999", DATE);
    let (code, finding, r) = answer(&invite(&[h]), &opts(vec![]));
    assert_eq!((code, finding.as_str()), (438, "orig-mismatch"));
    in_every_format(&r, 438);
    assert!(
        r.to_markdown()
            .contains("438 Invalid Identity Header — orig is not the calling number")
    );
}

#[test]
fn iat_ten_minutes_from_date_is_403() {
    let pki = demo_pki();
    let h = signed(&pki.sp_key, DEMO_SP_X5U, "12025550143", DATE + 600);
    let (code, finding, r) = answer(&invite(&[h]), &opts(vec![]));
    assert_eq!(code, 403);
    assert_eq!(finding, "iat-future");
    in_every_format(&r, 403);
}

#[test]
fn a_stale_date_header_against_the_given_time_is_403() {
    let pki = demo_pki();
    let h = signed(&pki.sp_key, DEMO_SP_X5U, "12025550143", DATE);
    let mut o = opts(vec![]);
    o.at = Some(DATE + 3600);
    let (code, finding, _) = answer(&invite(std::slice::from_ref(&h)), &o);
    assert_eq!((code, finding.as_str()), (403, "date-stale"));
    // Against "now" an old Date is only a note, and a verifier would accept.
    let mut o = opts(vec![]);
    o.now = DATE + 3600;
    let r = inspect(&invite(&[h]), &o);
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "date-stale" && f.severity == calltrust::Severity::Info)
    );
    assert!(r.verdict.verifier_response.is_none());
}

#[test]
fn a_clean_signed_invite_is_accepted() {
    let pki = demo_pki();
    let h = signed(&pki.sp_key, DEMO_SP_X5U, "12025550143", DATE);
    let r = inspect(&invite(&[h]), &opts(vec![]));
    assert!(
        r.verdict.verifier_response.is_none(),
        "{:?}",
        r.verdict.verifier_response
    );
    assert!(
        r.to_markdown()
            .contains("A verifier would answer:** accept")
    );
}

#[test]
fn a_pasted_sip_response_is_explained() {
    let r = inspect(
        "SIP/2.0 438 Invalid Identity Header\r\nVia: SIP/2.0/TLS 198.51.100.7;branch=z9hG4bK1\r\nReason: SIP ;cause=438 ;text=\"Invalid Identity Header\"\r\n\r\n",
        &opts(vec![]),
    );
    assert_eq!(r.input.kind, calltrust::InputKind::SipResponse);
    let f = r.findings.iter().find(|f| f.id == "sip-response").unwrap();
    assert!(f.detail.contains("signature-invalid"), "{}", f.detail);
    assert!(f.detail.contains("orig-mismatch"), "{}", f.detail);
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Failed);
    assert!(r.verdict.headline.contains("438"), "{}", r.verdict.headline);
    // A STIR cause carried in the Reason of a provisional response.
    let r = inspect(
        "SIP/2.0 183 Session Progress\r\nReason: STIR ;cause=437 ;text=\"Unsupported Credential\"\r\n\r\n",
        &opts(vec![]),
    );
    let f = r.findings.iter().find(|f| f.id == "sip-response").unwrap();
    assert!(f.detail.contains("STIR cause 437"), "{}", f.detail);
    assert!(f.detail.contains("chain-untrusted"), "{}", f.detail);
}

#[test]
fn a_request_and_its_response_are_compared() {
    let pki = demo_pki();
    let h = signed(&pki.sp_key, DEMO_SP_X5U, "12025559999", DATE);
    let both = format!(
        "{}SIP/2.0 438 Invalid Identity Header\r\nReason: SIP;cause=438\r\n\r\n",
        invite(std::slice::from_ref(&h))
    );
    let r = inspect(&both, &opts(vec![]));
    assert_eq!(r.input.kind, calltrust::InputKind::SipMessage);
    assert_eq!(
        r.verdict.verifier_response.as_ref().map(|v| v.code),
        Some(438)
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "sip-response" && f.title.contains("agrees")),
        "{:#?}",
        r.findings
    );
    // The same INVITE answered with 437: they disagree, and calltrust says so.
    let both = format!("{}SIP/2.0 437 Unsupported Credential\r\n\r\n", invite(&[h]));
    let r = inspect(&both, &opts(vec![]));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "sip-response" && f.title.contains("disagree"))
        .unwrap();
    assert!(
        f.detail.contains("437") && f.detail.contains("438"),
        "{}",
        f.detail
    );
}
