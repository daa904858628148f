//! Rich Call Data (RFC 9795) and div-o nesting (RFC 8946 §5), end to end.
//! The rcdi digests here are computed with ring (not the sha2 code the
//! product uses) over bytes written out by hand, so a test cannot agree with
//! the product by sharing its mistakes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use base64::Engine as _;
use calltrust::Severity::{Error, Pass, Warning};
use common::*;

const IAT: i64 = 1_795_339_800;
const CALLER: &str = "12025550143";
const CALLEE: &str = "13125550188";

/// The jCard below in RFC 8785 form, written out by hand (keys sorted, no spaces).
const JCD_JSON: &str = r#"["vcard",[["version",{},"text","4.0"],["fn",{},"text","Acme Pharmacy"],["org",{},"text","Acme Health Inc."],["tel",{"type":"work"},"uri","tel:+12025550143"],["logo",{},"uri","https://rcd.example/acme-logo.png"]]]"#;

fn sri(bytes: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, bytes);
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(d.as_ref())
    )
}

/// A SHAKEN PASSporT carrying RCD, signed by the demo SP, in an INVITE.
fn invite(rcd: &str, rcdi: Option<&str>) -> String {
    let pki = demo_pki();
    let mut payload = format!(
        r#"{{"attest":"A","crn":"Your prescription is ready","dest":{{"tn":["{CALLEE}"]}},"iat":{IAT},"orig":{{"tn":"{CALLER}"}},"origid":"rcd-test","rcd":{rcd}"#
    );
    if let Some(i) = rcdi {
        payload.push_str(&format!(r#","rcdi":{i}"#));
    }
    payload.push('}');
    let header =
        format!(r#"{{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"{DEMO_SP_X5U}"}}"#);
    let token = sign_jws(&pki.sp_key, &header, &payload);
    format!(
        "INVITE sip:+{CALLEE}@example.com SIP/2.0\r\nFrom: \"Acme\" <sip:+{CALLER}@example.com>;tag=1\r\nTo: <sip:+{CALLEE}@example.com>\r\nCall-ID: rcd\r\nIdentity: {}\r\n\r\n",
        identity(&token, DEMO_SP_X5U, "shaken")
    )
}

fn sp_bundle() -> Vec<(&'static str, Vec<u8>)> {
    let pki = demo_pki();
    vec![(
        "sp.pem",
        format!("{}{}", pki.sp.pem, pki.inter.pem).into_bytes(),
    )]
}

fn anchors() -> Vec<(&'static str, Vec<u8>)> {
    vec![("root.pem", demo_pki().root.pem.into_bytes())]
}

fn good_rcd(name: &str) -> String {
    format!(r#"{{"nam":"{name}","jcd":{JCD_JSON}}}"#)
}

fn good_rcdi() -> String {
    format!(
        r#"{{"/nam":"{}","/jcd":"{}"}}"#,
        sri(b"Acme Pharmacy"),
        sri(JCD_JSON.as_bytes())
    )
}

#[test]
fn correct_digests_show_the_card_with_integrity_passed() {
    let r = inspect_with(
        &invite(&good_rcd("Acme Pharmacy"), Some(&good_rcdi())),
        &sp_bundle(),
        &anchors(),
        Some(IAT),
    );
    let errors: Vec<_> = r.findings.iter().filter(|f| f.severity == Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Verified);
    let pass = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.severity == Pass)
        .expect("rcd-integrity pass");
    assert!(
        pass.detail.contains("/nam") && pass.detail.contains("/jcd"),
        "{}",
        pass.detail
    );
    // The logo behind a URL is covered by no digest, and that is said.
    let uncovered = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.severity == Warning)
        .expect("uncovered warning");
    assert!(
        uncovered.detail.contains("/jcd/1/4/3"),
        "{}",
        uncovered.detail
    );

    let card = r.passports[0].rcd.as_ref().expect("card");
    assert_eq!(card.name.as_deref(), Some("Acme Pharmacy"));
    assert_eq!(
        card.call_reason.as_deref(),
        Some("Your prescription is ready")
    );
    assert!(
        card.jcard
            .contains(&("org".into(), "Acme Health Inc.".into()))
    );
    assert_eq!(card.integrity_label(), "integrity passed");

    // The same in every format.
    let json = r.render(calltrust::Format::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["passports"][0]["rcd"]["name"], "Acme Pharmacy");
    assert_eq!(v["passports"][0]["rcd"]["integrity"][0]["status"], "match");
    let md = r.render(calltrust::Format::Markdown);
    assert!(
        md.contains("Acme Pharmacy") && md.contains("integrity passed"),
        "{md}"
    );
    let text = r.render(calltrust::Format::Text);
    assert!(
        text.contains("Acme Pharmacy") && text.contains("integrity passed"),
        "{text}"
    );
}

#[test]
fn one_character_of_nam_changed_fails_naming_nam() {
    // Re-signed, so the signature is good: only rcdi can catch it.
    let r = inspect_with(
        &invite(&good_rcd("Acme Pharmacz"), Some(&good_rcdi())),
        &sp_bundle(),
        &anchors(),
        Some(IAT),
    );
    assert!(has(&r, "signature-valid", Pass));
    let e = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.severity == Error)
        .expect("rcd-integrity error");
    assert!(e.title.contains("/nam"), "{}", e.title);
    assert!(e.detail.contains("Acme Pharmacz"), "{}", e.detail);
    // /jcd still matches and is not blamed.
    assert!(!e.title.contains("/jcd"));
    assert_eq!(r.verdict.outcome, calltrust::Outcome::Failed);
    let card = r.passports[0].rcd.as_ref().unwrap();
    assert!(card.integrity_label().contains("FAILED at /nam"));

    // A changed jCard is named by its pointer too.
    let changed = JCD_JSON.replace("Acme Health Inc.", "Acme Health LLC");
    let r = inspect_with(
        &invite(
            &format!(r#"{{"nam":"Acme Pharmacy","jcd":{changed}}}"#),
            Some(&good_rcdi()),
        ),
        &sp_bundle(),
        &anchors(),
        Some(IAT),
    );
    let e = finding(&r, "rcd-integrity")
        .filter(|f| f.severity == Error)
        .or_else(|| {
            r.findings
                .iter()
                .find(|f| f.id == "rcd-integrity" && f.severity == Error)
        })
        .expect("error");
    assert!(e.title.contains("/jcd"), "{}", e.title);
}

#[test]
fn url_content_is_never_reported_as_checked() {
    let rcd = r#"{"nam":"Acme","icn":"https://rcd.example/acme.png"}"#;
    let rcdi = format!(
        r#"{{"/nam":"{}","/icn":"{}"}}"#,
        sri(b"Acme"),
        sri(b"whatever the image is")
    );
    let r = inspect_with(&invite(rcd, Some(&rcdi)), &[], &[], Some(IAT));
    let w = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.title.contains("/icn"))
        .expect("icn finding");
    assert_eq!(w.severity, Warning, "{w:?}");
    assert!(w.detail.contains("not checked"), "{}", w.detail);
    let card = r.passports[0].rcd.as_ref().unwrap();
    assert!(card.integrity_label().contains("not checked"));
}

#[test]
fn shapes_are_checked() {
    // jcd and jcl together.
    let r = inspect_with(
        &invite(
            &format!(r#"{{"nam":"Acme","jcd":{JCD_JSON},"jcl":"https://rcd.example/a.json"}}"#),
            None,
        ),
        &[],
        &[],
        Some(IAT),
    );
    assert!(has(&r, "rcd-jcd-jcl", Error));
    // No rcdi at all: said, not failed.
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "rcd-integrity" && f.severity == calltrust::Severity::Info)
    );
    for (rcd, rcdi, what) in [
        (r#""Acme""#, None, "rcd is not an object"),
        (r#"{"nam":7}"#, None, "rcd.nam is not a string"),
        (
            r#"{"nam":"A","jcd":["vcard",[["fn"]]]}"#,
            None,
            "not a jCard",
        ),
        (
            r#"{"nam":"A","icn":"http://rcd.example/a.png"}"#,
            None,
            "not an https URL",
        ),
        (r#"{"nam":"A"}"#, Some(r#"{"/nam":"md5-abc"}"#), "unusable"),
        (
            r#"{"nam":"A"}"#,
            Some(r#"["/nam"]"#),
            "rcdi is not an object",
        ),
    ] {
        let r = inspect_with(&invite(rcd, rcdi), &[], &[], Some(IAT));
        assert!(
            r.findings
                .iter()
                .any(|f| f.id == "rcd-malformed" && f.title.contains(what)),
            "{what}: {:#?}",
            r.findings
                .iter()
                .filter(|f| f.id.as_str().starts_with("rcd"))
                .collect::<Vec<_>>()
        );
    }
    // A digest whose member is gone.
    let r = inspect_with(
        &invite(
            r#"{"nam":"A"}"#,
            Some(&format!(r#"{{"/apn":"{}"}}"#, sri(b"x"))),
        ),
        &[],
        &[],
        Some(IAT),
    );
    let e = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.severity == Error)
        .expect("error");
    assert!(e.detail.contains("points at nothing"), "{}", e.detail);
}

/// div-o: the original SHAKEN PASSporT rides whole in the div-o's opt claim.
fn div_o_invite(div: &str) -> String {
    let pki = demo_pki();
    let original = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", CALLER, "14155550100", IAT, "orig"),
    );
    let payload = format!(
        r#"{{"dest":{{"tn":["{CALLEE}"]}},"div":{{"tn":"{div}"}},"iat":{IAT},"opt":"{original}","orig":{{"tn":"{CALLER}"}}}}"#
    );
    let header =
        format!(r#"{{"alg":"ES256","ppt":"div-o","typ":"passport","x5u":"{DEMO_DIV_X5U}"}}"#);
    let token = sign_jws(&pki.div_key, &header, &payload);
    format!(
        "INVITE sip:+{CALLEE}@example.com SIP/2.0\r\nFrom: <sip:+{CALLER}@example.com>;tag=1\r\nTo: <sip:+{CALLEE}@example.com>\r\nCall-ID: divo\r\nIdentity: {}\r\n\r\n",
        identity(&token, DEMO_DIV_X5U, "div-o")
    )
}

#[test]
fn div_o_nested_passport_is_decoded_checked_and_chained() {
    let pki = demo_pki();
    let certs = vec![
        (
            "sp.pem",
            format!("{}{}", pki.sp.pem, pki.inter.pem).into_bytes(),
        ),
        (
            "div.pem",
            format!("{}{}", pki.div.pem, pki.inter.pem).into_bytes(),
        ),
    ];
    let r = inspect_with(&div_o_invite("14155550100"), &certs, &anchors(), Some(IAT));
    assert_eq!(r.passports.len(), 2, "{:#?}", r.passports);
    let nested = &r.passports[1];
    assert!(nested.origin.starts_with("opt of"), "{}", nested.origin);
    assert_eq!(nested.ppt.as_ref().map(|p| p.as_str()), Some("shaken"));
    assert_eq!(nested.signature.status, calltrust::report::SigStatus::Valid);
    assert_eq!(
        r.passports[0].signature.status,
        calltrust::report::SigStatus::Valid
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "div-chain" && f.severity == Pass && f.passport == Some(0)),
        "{:#?}",
        r.findings
            .iter()
            .filter(|f| f.id == "div-chain")
            .collect::<Vec<_>>()
    );
    assert!(
        !r.findings.iter().any(|f| f.severity == Error),
        "{:#?}",
        r.findings
            .iter()
            .filter(|f| f.severity == Error)
            .collect::<Vec<_>>()
    );
    assert!(
        r.call_path
            .iter()
            .any(|h| h.kind == calltrust::report::HopKind::Div),
        "{:#?}",
        r.call_path
    );

    // Redacted, the nested PASSporT's base64 is withheld like a raw token.
    let red = calltrust::report::redact::redact(&r).expect("redacts");
    let j = red.render(calltrust::Format::Json);
    assert!(!j.contains(CALLER), "caller readable");
    assert!(!j.contains(".eyJ"), "a base64 token survived redaction");
    assert!(j.contains("nested PASSporT withheld"));

    // div not the nested PASSporT's dest: the link is named.
    let r = inspect_with(&div_o_invite("19995550000"), &certs, &anchors(), Some(IAT));
    let e = r
        .findings
        .iter()
        .find(|f| f.id == "div-chain" && f.severity == Error)
        .expect("div-chain error");
    assert!(e.detail.contains("19995550000"), "{}", e.detail);

    // A div-o without opt is missing a required claim.
    let pki = demo_pki();
    let token = sign_jws(
        &pki.div_key,
        &format!(r#"{{"alg":"ES256","ppt":"div-o","typ":"passport","x5u":"{DEMO_DIV_X5U}"}}"#),
        &div_payload(CALLER, CALLEE, "14155550100", IAT),
    );
    let r = inspect_with(&token, &[], &[], Some(IAT));
    assert!(
        r.findings
            .iter()
            .any(|f| f.id == "claim-missing" && f.title.contains("opt")),
        "{:#?}",
        r.findings
    );
}

#[test]
fn nesting_is_bounded() {
    // opt inside opt inside opt …: a paste cannot make calltrust nest forever.
    let pki = demo_pki();
    let mut token = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", CALLER, CALLEE, IAT, "o"),
    );
    for _ in 0..20 {
        let payload = format!(
            r#"{{"dest":{{"tn":["{CALLEE}"]}},"div":{{"tn":"{CALLEE}"}},"iat":{IAT},"opt":"{token}","orig":{{"tn":"{CALLER}"}}}}"#
        );
        token = sign_jws(
            &pki.div_key,
            &format!(r#"{{"alg":"ES256","ppt":"div-o","typ":"passport","x5u":"{DEMO_DIV_X5U}"}}"#),
            &payload,
        );
    }
    let r = inspect_with(&token, &[], &[], Some(IAT));
    assert!(r.passports.len() <= 9, "{}", r.passports.len());
    assert!(r.passports.len() >= 2);
}

#[test]
fn fetched_url_content_is_checked_only_when_the_user_fetched_it() {
    let icon_url = "https://rcd.example/acme.png";
    let icon = b"\x89PNG\r\n\x1a\n not really a png, but bytes all the same";
    let rcd = format!(r#"{{"nam":"Acme","icn":"{icon_url}"}}"#);
    let rcdi = format!(r#"{{"/nam":"{}","/icn":"{}"}}"#, sri(b"Acme"), sri(icon));
    let text = invite(&rcd, Some(&rcdi));
    let with = |content: Vec<calltrust::Fetched>| {
        let opts = calltrust::Options {
            now: IAT,
            at: Some(IAT),
            rcd_content: content,
            ..Default::default()
        };
        calltrust::inspect(&text, &opts)
    };
    // Not fetched: named as the URL to fetch.
    let r = with(Vec::new());
    assert_eq!(calltrust::fetch::rcd_urls(&r), vec![icon_url.to_string()]);

    // Fetched, the same bytes: the digest is checked and matches.
    let r = with(vec![calltrust::Fetched {
        url: icon_url.into(),
        result: Ok(icon.to_vec()),
        meta: None,
    }]);
    let card = r.passports[0].rcd.as_ref().unwrap();
    assert!(
        card.integrity
            .iter()
            .all(|d| d.status == calltrust::check::rcd::DigestStatus::Match),
        "{:#?}",
        card.integrity
    );
    assert_eq!(card.integrity_label(), "integrity passed");
    assert!(calltrust::fetch::rcd_urls(&r).is_empty());

    // Fetched, other bytes (the icon was swapped after vetting): named.
    let r = with(vec![calltrust::Fetched {
        url: icon_url.into(),
        result: Ok(b"a different logo".to_vec()),
        meta: None,
    }]);
    let e = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.severity == Error)
        .expect("mismatch");
    assert!(
        e.title.contains("/icn") && e.detail.contains(icon_url),
        "{e:?}"
    );

    // The fetch failed: still not checked, with the reason.
    let r = with(vec![calltrust::Fetched {
        url: icon_url.into(),
        result: Err("connection refused".into()),
        meta: None,
    }]);
    let w = r
        .findings
        .iter()
        .find(|f| f.id == "rcd-integrity" && f.title.contains("/icn"))
        .unwrap();
    assert_eq!(w.severity, Warning);
    assert!(w.detail.contains("connection refused"), "{}", w.detail);
}

#[test]
fn rcd_fetch_policy_is_https_only_and_capped() {
    let p = calltrust::fetch::Policy::for_rcd();
    assert!(!p.allow_http);
    assert_eq!(p.max_body, 1024 * 1024);
    let e = calltrust::fetch::fetch("http://rcd.example/a.png", &p).unwrap_err();
    assert!(
        matches!(
            e,
            calltrust::fetch::FetchError::Scheme {
                allow_http: false,
                ..
            }
        ),
        "{e}"
    );
}
