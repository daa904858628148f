//! Regenerates the signed samples and demo certificates in `assets/samples/`:
//!
//!     cargo run --example make_samples
//!
//! Keys are derived from fixed seed phrases, so the tokens come out the same
//! every time (ECDSA signing is deterministic, RFC 6979); the certificates are
//! re-signed (and so differ byte-wise) but keep the same keys and names.
//! The demo auth token for the webhook samples is `calltrust-demo-auth-token`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

#[path = "../tests/it/common.rs"]
mod common;

use std::fs;
use std::path::Path;

use common::*;

const IAT: i64 = 1_795_339_800; // 2026-11-22 09:30:00 UTC
pub const DEMO_AUTH_TOKEN: &str = "calltrust-demo-auth-token";

fn http_date(t: i64) -> String {
    let d = time::OffsetDateTime::from_unix_timestamp(t).expect("time");
    let fmt = time::format_description::parse_borrowed::<2>(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
    )
    .expect("fmt");
    d.format(&fmt).expect("format")
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write");
    println!("wrote {}", dir.join(name).display());
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let certs = dir.join("certs");
    fs::create_dir_all(&certs).expect("mkdir");
    let pki = demo_pki();

    write(&certs, "demo-root.pem", &pki.root.pem);
    write(
        &certs,
        "demo-sp-bundle.pem",
        &format!("{}{}", pki.sp.pem, pki.inter.pem),
    );
    write(&certs, "demo-sp-leaf-only.pem", &pki.sp.pem);
    write(
        &certs,
        "demo-div-bundle.pem",
        &format!("{}{}", pki.div.pem, pki.inter.pem),
    );

    let caller = "12025550143";
    let original = "13125550188";
    let twilio_number = "14155550123";

    // --- SIP INVITE: SHAKEN (caller → original number) + DIV (original → Twilio number)
    let shaken = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload(
            "A",
            caller,
            original,
            IAT,
            "5f2b8a1e-7c44-4d0e-9a51-3b9e0c6f2d17",
        ),
    );
    let div = sign_jws(
        &pki.div_key,
        &div_header(DEMO_DIV_X5U),
        &div_payload(caller, twilio_number, original, IAT + 1),
    );
    let date = http_date(IAT + 2);
    let invite = format!(
        "INVITE sip:+{twilio_number}@calltrust-demo.sip.twilio.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-demo-1\r\n\
Max-Forwards: 68\r\n\
From: \"Demo Caller\" <sip:+{caller}@198.51.100.20;user=phone>;tag=a73kszlfl\r\n\
To: <sip:+{original}@carrier.example;user=phone>\r\n\
Call-ID: 3848276298220188511@198.51.100.20\r\n\
CSeq: 1 INVITE\r\n\
Date: {date}\r\n\
P-Asserted-Identity: <sip:+{caller}@198.51.100.20;user=phone>\r\n\
Diversion: <sip:+{original}@carrier.example>;reason=unconditional;counter=1\r\n\
X-Twilio-VerStat: TN-Validation-Passed-A-Diverted\r\n\
Identity: {}\r\n\
y: {};\r\n info=<{DEMO_DIV_X5U}>;alg=ES256;ppt=div\r\n\
Contact: <sip:+{caller}@198.51.100.20:5060>\r\n\
Content-Type: application/sdp\r\n\
Content-Length: 0\r\n\r\n",
        identity(&shaken, DEMO_SP_X5U, "shaken"),
        div
    );
    write(&dir, "sip-invite-div.txt", &invite);

    // --- SIP INVITE with Rich Call Data (RFC 9795): caller name, jCard, call
    // reason and rcdi digests of nam and jcd (the logo URL is left uncovered).
    let jcd = r#"["vcard",[["version",{},"text","4.0"],["fn",{},"text","Acme Pharmacy"],["org",{},"text","Acme Health Inc."],["tel",{"type":"work"},"uri","tel:+12025550143"],["logo",{},"uri","https://rcd.calltrust.example/acme-logo.png"]]]"#;
    let sri = |b: &[u8]| {
        use base64::Engine as _;
        use sha2::Digest as _;
        format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(b))
        )
    };
    let rcd_payload = format!(
        r#"{{"attest":"A","crn":"Your prescription is ready for pickup","dest":{{"tn":["{original}"]}},"iat":{},"orig":{{"tn":"{caller}"}},"origid":"7a1c9e40-2b6d-4f3a-8e15-0c9d8b7a6f54","rcd":{{"nam":"Acme Pharmacy","jcd":{jcd}}},"rcdi":{{"/nam":"{}","/jcd":"{}"}}}}"#,
        IAT + 1,
        sri(b"Acme Pharmacy"),
        sri(jcd.as_bytes())
    );
    let rcd_token = sign_jws(&pki.sp_key, &shaken_header(DEMO_SP_X5U), &rcd_payload);
    let rcd_invite = format!(
        "INVITE sip:+{original}@carrier.example SIP/2.0\r\n\
Via: SIP/2.0/TLS 198.51.100.20:5061;branch=z9hG4bK-demo-rcd\r\n\
From: \"Acme Pharmacy\" <sip:+{caller}@198.51.100.20;user=phone>;tag=rcd1\r\n\
To: <sip:+{original}@carrier.example;user=phone>\r\n\
Call-ID: rcd-4711@198.51.100.20\r\n\
CSeq: 1 INVITE\r\n\
Date: {}\r\n\
Identity: {}\r\n\
Content-Length: 0\r\n\r\n",
        http_date(IAT + 2),
        identity(&rcd_token, DEMO_SP_X5U, "shaken")
    );
    write(&dir, "sip-invite-rcd.txt", &rcd_invite);

    // --- SIP INVITE with a caller ID that differs from the signed orig
    let spoof_date = http_date(IAT + 40);
    let spoof = format!(
        "INVITE sip:+{twilio_number}@calltrust-demo.sip.twilio.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-demo-2\r\n\
From: \"IRS Office\" <sip:+18005550199@203.0.113.9;user=phone>;tag=x1\r\n\
To: <sip:+{twilio_number}@calltrust-demo.sip.twilio.com>\r\n\
Call-ID: 99120031@203.0.113.9\r\n\
CSeq: 1 INVITE\r\n\
Date: {spoof_date}\r\n\
P-Asserted-Identity: <sip:+18005550199@203.0.113.9;user=phone>\r\n\
Identity: {}\r\n\
Content-Length: 0\r\n\r\n",
        identity(
            &sign_jws(
                &pki.sp_key,
                &shaken_header(DEMO_SP_X5U),
                &shaken_payload(
                    "C",
                    "12025550143",
                    twilio_number,
                    IAT + 39,
                    "0d6c7a9e-1111-4e8b-8f00-c0ffee000001"
                )
            ),
            DEMO_SP_X5U,
            "shaken"
        )
    );
    write(&dir, "sip-invite-spoofed.txt", &spoof);

    // --- Raw HTTP webhook request with StirPassportToken, CallToken and X-Twilio-Signature
    let sp_token = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload(
            "A",
            caller,
            twilio_number,
            IAT,
            "8e1d3c55-2f0a-4b6e-9d7c-1a2b3c4d5e6f",
        ),
    );
    let parent = sign_jws(
        &pki.twilio_key,
        r#"{"alg":"ES256"}"#,
        &format!(
            r#"{{"callSid":"CA5f0c3b8e9d2a4e71b6c0d9e8f7a6b5c4","from":"+{caller}","to":"+{twilio_number}","iat":"{IAT}"}}"#
        ),
    );
    let call_token_json = format!(
        "{{\"parentCallInfoToken\":\"{parent}\",\"identityHeaderTokens\":[\"{}\"]}}",
        identity(&sp_token, DEMO_SP_X5U, "shaken").replace("ppt=shaken", "ppt=\\\"shaken\\\"")
    );
    let call_token = form_encode(&[("x", &call_token_json)])
        .trim_start_matches("x=")
        .to_string();
    let params: Vec<(&str, &str)> = vec![
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", "CA5f0c3b8e9d2a4e71b6c0d9e8f7a6b5c4"),
        ("CallStatus", "ringing"),
        ("CallToken", &call_token),
        ("Called", "+14155550123"),
        ("Caller", "+12025550143"),
        ("Direction", "inbound"),
        ("From", "+12025550143"),
        ("StirPassportToken", &sp_token),
        ("StirVerstat", "TN-Validation-Passed-A"),
        ("To", "+14155550123"),
    ];
    let body = form_encode(&params);
    let url = "https://calltrust-demo.ngrok.app/voice";
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let token = calltrust::Secret::new(DEMO_AUTH_TOKEN);
    let sig =
        calltrust::webhook_sig::compute(&token, &calltrust::webhook_sig::data_to_sign(url, &owned));
    let request = format!(
        "POST /voice HTTP/1.1\r\nHost: calltrust-demo.ngrok.app\r\nUser-Agent: TwilioProxy/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Forwarded-Proto: https\r\nX-Twilio-Signature: {sig}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    write(&dir, "http-webhook-request.txt", &request);

    // --- JSON webhook (bodySHA256)
    let json_body = format!(
        "{{\"CallSid\":\"CA5f0c3b8e9d2a4e71b6c0d9e8f7a6b5c4\",\"From\":\"+{caller}\",\"To\":\"+{twilio_number}\",\"StirVerstat\":\"TN-Validation-Passed-A\"}}"
    );
    let json_url = format!(
        "https://calltrust-demo.ngrok.app/events?bodySHA256={}",
        calltrust::webhook_sig::body_sha256(&json_body)
    );
    let json_sig = calltrust::webhook_sig::compute(&token, &json_url);
    let json_req = format!(
        "POST /events?bodySHA256={} HTTP/1.1\r\nHost: calltrust-demo.ngrok.app\r\nContent-Type: application/json\r\nX-Twilio-Signature: {json_sig}\r\nContent-Length: {}\r\n\r\n{json_body}",
        calltrust::webhook_sig::body_sha256(&json_body),
        json_body.len()
    );
    write(&dir, "http-json-webhook-request.txt", &json_req);

    // --- Broken payloads
    let cut = &sp_token[..sp_token.find('.').expect("dot") + 40];
    write(&dir, "broken-truncated-passport.txt", &format!("{cut}\n"));
    let ct = fs::read_to_string(dir.join("twilio-calltoken.txt")).expect("calltoken sample");
    write(
        &dir,
        "broken-calltoken.txt",
        &ct.replacen("%22%3A%22", "%3A%22", 1),
    );
    write(
        &dir,
        "broken-webhook-object.txt",
        "{\n  Called: '+15555555555',\n  StirVerstat: 'TN-Validation-Passed-A',\n  From '+12222222222',\n  To: '+15555555555'\n}\n",
    );
}
