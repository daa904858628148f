//! SIP hygiene (Twilio "SIP security best practices"): a UDP INVITE without
//! authentication from outside the IP access list with plain RTP gets all four
//! sip-security-* findings; a TLS one with auth and SRTP from inside gets none.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use calltrust::check::sip_security::Cidr;
use calltrust::{Options, inspect};

fn invite(via: &str, uri: &str, auth: bool, sdp_profile: &str, crypto: bool) -> String {
    let sdp = format!(
        "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 {sdp_profile} 0\r\n{}",
        if crypto {
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"
        } else {
            ""
        }
    );
    format!(
        "INVITE {uri} SIP/2.0\r\nVia: {via};branch=z9hG4bK1\r\nFrom: <sip:+12025550143@example.com>;tag=1\r\nTo: <sip:+14155550123@example.com>\r\nCall-ID: sec\r\nCSeq: 1 INVITE\r\n{}Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{sdp}",
        if auth {
            "Authorization: Digest username=\"trunk\", realm=\"example.com\", nonce=\"x\", uri=\"sip:example.com\", response=\"y\"\r\n"
        } else {
            ""
        },
        sdp.len()
    )
}

fn opts() -> Options {
    Options {
        now: 1_795_339_800,
        allow_ips: vec![Cidr::parse("203.0.113.0/24").unwrap()],
        ..Default::default()
    }
}

fn ids(r: &calltrust::Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.id.as_str().starts_with("sip-security-"))
        .map(|f| f.id.to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn an_exposed_invite_gets_all_four_findings() {
    let r = inspect(
        &invite(
            "SIP/2.0/UDP 198.51.100.7:5060",
            "sip:+14155550123@example.com",
            false,
            "RTP/AVP",
            false,
        ),
        &opts(),
    );
    assert_eq!(
        ids(&r),
        [
            "sip-security-auth",
            "sip-security-media",
            "sip-security-source",
            "sip-security-transport"
        ]
    );
}

#[test]
fn a_hardened_invite_gets_none() {
    let r = inspect(
        &invite(
            "SIP/2.0/TLS 203.0.113.10:5061",
            "sips:+14155550123@example.com",
            true,
            "RTP/SAVP",
            true,
        ),
        &opts(),
    );
    assert!(ids(&r).is_empty(), "{:?}", ids(&r));
    // `received` on the Via wins over the sent-by host.
    let r = inspect(
        &invite(
            "SIP/2.0/TLS 10.0.0.5:5061;received=198.51.100.9",
            "sips:+14155550123@example.com",
            true,
            "RTP/SAVP",
            true,
        ),
        &opts(),
    );
    assert_eq!(ids(&r), ["sip-security-source"]);
}

#[test]
fn the_cli_takes_allow_ip_and_refuses_a_bad_one() {
    let dir = std::env::temp_dir().join(format!("calltrust-sipsec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("invite.txt");
    std::fs::write(
        &f,
        invite(
            "SIP/2.0/UDP 198.51.100.7:5060",
            "sip:+14155550123@example.com",
            false,
            "RTP/AVP",
            false,
        ),
    )
    .unwrap();
    let out = crate::common::calltrust_cmd()
        .args([
            "inspect",
            "--format",
            "json",
            "--allow-ip",
            "203.0.113.0/24",
        ])
        .arg(&f)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("sip-security-source"), "{s}");
    let bad = crate::common::calltrust_cmd()
        .args(["inspect", "--allow-ip", "300.1.2.3/8"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--allow-ip"));
    let _ = std::fs::remove_dir_all(&dir);
}
