//! The opt-in x5u fetch against a local HTTPS server with a test CA, through
//! the explicit test-only override. No test touches the internet.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use calltrust::fetch::{FetchError, Policy, TestOverride, fetch};
use common::*;

struct Server {
    port: u16,
    ca_der: Vec<u8>,
}

/// Serve one connection with `response` (after the TLS handshake and request).
fn serve(response: Vec<u8>, hang: bool) -> Server {
    let ca_key = key("fetch test ca");
    let ca_cert = ca("Fetch Test CA", &ca_key, None, (2024, 1, 1), (2040, 1, 1));
    let srv_key = rcgen::KeyPair::generate().expect("key");
    let mut p = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "127.0.0.1");
    let issuer = rcgen::Issuer::from_params(&ca_cert.params, &ca_key.pair);
    let srv_cert = p.signed_by(&srv_key, &issuer).expect("server cert");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![srv_cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(srv_key.serialize_der().into()),
        )
        .unwrap();
    let cfg = Arc::new(cfg);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        if let Ok((tcp, _)) = listener.accept() {
            let conn = rustls::ServerConnection::new(cfg).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let mut buf = [0u8; 4096];
            let _ = tls.read(&mut buf);
            if hang {
                thread::sleep(Duration::from_secs(5));
                return;
            }
            let _ = tls.write_all(&response);
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    Server {
        port,
        ca_der: ca_cert.der,
    }
}

fn policy(s: &Server) -> Policy {
    Policy {
        total_timeout: Duration::from_secs(2),
        test_override: Some(TestOverride {
            roots: vec![s.ca_der.clone()],
            allow_loopback_any_port: true,
        }),
        ..Policy::default()
    }
}

fn ok_response(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-pem-file\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

#[test]
fn fetches_a_certificate_and_verifies_with_it() {
    let pki = demo_pki();
    let bundle = format!("{}{}", pki.sp.pem, pki.inter.pem);
    let s = serve(ok_response(bundle.as_bytes()), false);
    let url = format!("https://127.0.0.1:{}/demo-sp-bundle.pem", s.port);
    let body = fetch(&url, &policy(&s)).expect("fetch");
    assert_eq!(body, bundle.as_bytes());
    // The core uses the fetched bytes for the token whose x5u names this URL.
    let tok = sign_jws(
        &pki.sp_key,
        &shaken_header(&url),
        &shaken_payload("A", "12025550143", "14155550123", 1_795_339_800, "f"),
    );
    let opts = calltrust::Options {
        now: 1_795_339_800,
        fetched: vec![calltrust::Fetched {
            url: url.clone(),
            result: Ok(body),
            meta: None,
        }],
        trust_anchors: vec![calltrust::KeyFile {
            name: "root.pem".into(),
            bytes: pki.root.pem.clone().into_bytes(),
        }],
        ..Default::default()
    };
    let r = calltrust::inspect(&tok, &opts);
    assert_eq!(
        r.passports[0].signature.status,
        calltrust::report::SigStatus::Valid
    );
    assert!(
        r.passports[0]
            .signature
            .key
            .as_ref()
            .unwrap()
            .contains(&url)
    );
    assert!(r.has(crate::common::id("chain-valid")));
}

#[test]
fn redirects_are_refused() {
    let s = serve(
        b"HTTP/1.1 302 Found\r\nLocation: https://evil.example/x.pem\r\nContent-Length: 0\r\n\r\n"
            .to_vec(),
        false,
    );
    let e = fetch(&format!("https://127.0.0.1:{}/c.pem", s.port), &policy(&s)).unwrap_err();
    assert_eq!(
        e,
        FetchError::Redirect {
            code: 302,
            to: "https://evil.example/x.pem".into()
        }
    );
    assert!(e.to_string().contains("does not follow redirects"), "{e}");
}

#[test]
fn oversized_bodies_are_refused() {
    let s = serve(ok_response(&vec![b'A'; 100 * 1024]), false);
    let e = fetch(&format!("https://127.0.0.1:{}/c.pem", s.port), &policy(&s)).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { kib: 64, .. }), "{e}");
}

#[test]
fn untrusted_server_certificates_fail() {
    let s = serve(ok_response(b"x"), false);
    let mut p = policy(&s);
    p.test_override.as_mut().unwrap().roots.clear();
    let e = fetch(&format!("https://127.0.0.1:{}/c.pem", s.port), &p).unwrap_err();
    assert!(matches!(e, FetchError::Tls(_)), "{e}");
}

#[test]
fn slow_servers_time_out() {
    let s = serve(Vec::new(), true);
    let mut p = policy(&s);
    p.total_timeout = Duration::from_secs(1);
    let e = fetch(&format!("https://127.0.0.1:{}/c.pem", s.port), &p).unwrap_err();
    assert!(matches!(e, FetchError::TimedOut(_)), "{e}");
}

#[test]
fn without_the_override_loopback_and_http_are_refused() {
    let s = serve(ok_response(b"x"), false);
    let e = fetch(
        &format!("https://127.0.0.1:{}/c.pem", s.port),
        &Policy::default(),
    )
    .unwrap_err();
    assert!(
        matches!(e, FetchError::Port { .. } | FetchError::NotPublic { .. }),
        "{e}"
    );
    let e = fetch("https://127.0.0.1/c.pem", &Policy::default()).unwrap_err();
    assert!(
        matches!(e, FetchError::NotPublic { why, .. } if why.contains("loopback")),
        "{e}"
    );
    let e = fetch("http://cert.example.org/c.pem", &Policy::default()).unwrap_err();
    assert!(
        matches!(
            e,
            FetchError::Scheme {
                allow_http: false,
                ..
            }
        ),
        "{e}"
    );
}

/// Serve one plain-HTTP connection (CRL distribution points are http).
fn serve_http(response: Vec<u8>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        if let Ok((mut tcp, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = tcp.read(&mut buf);
            let _ = tcp.write_all(&response);
        }
    });
    port
}

#[test]
fn a_crl_is_fetched_over_http_and_revokes_the_leaf() {
    let pki = demo_pki();
    // A CRL from the intermediate listing the SP leaf.
    let (_, leaf) = x509_parser::parse_x509_certificate(&pki.sp.der).unwrap();
    let crl = rcgen::CertificateRevocationListParams {
        this_update: rcgen::date_time_ymd(2026, 11, 1),
        next_update: rcgen::date_time_ymd(2026, 12, 31),
        crl_number: rcgen::SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: vec![rcgen::RevokedCertParams {
            serial_number: rcgen::SerialNumber::from_slice(leaf.raw_serial()),
            revocation_time: rcgen::date_time_ymd(2026, 11, 2),
            reason_code: Some(rcgen::RevocationReason::Superseded),
            invalidity_date: None,
        }],
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    }
    .signed_by(&rcgen::Issuer::from_params(
        &pki.inter.params,
        &pki.inter_key.pair,
    ))
    .unwrap();
    let port = serve_http(ok_response(crl.der()));
    let url = format!("http://127.0.0.1:{port}/sti-ca.crl");
    let crl_policy = Policy {
        total_timeout: Duration::from_secs(2),
        test_override: Some(TestOverride {
            roots: vec![],
            allow_loopback_any_port: true,
        }),
        ..Policy::for_crl()
    };
    let got = calltrust::fetch::fetch_all(std::slice::from_ref(&url), &crl_policy);
    let bytes = got[0].result.clone().expect("fetched");
    // The same URL is refused by the certificate policy (https only).
    assert!(matches!(
        fetch(&url, &Policy::default()),
        Err(FetchError::Scheme {
            allow_http: false,
            ..
        })
    ));
    let tok = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", "12025550143", "14155550123", 1_795_339_800, "crl-1"),
    );
    let opts = calltrust::Options {
        now: 1_795_339_800,
        at: Some(1_795_339_800),
        certs: vec![calltrust::KeyFile {
            name: "demo-sp-bundle.pem".into(),
            bytes: format!("{}{}", pki.sp.pem, pki.inter.pem).into_bytes(),
        }],
        trust_anchors: vec![calltrust::KeyFile {
            name: "root.pem".into(),
            bytes: pki.root.pem.clone().into_bytes(),
        }],
        crls: vec![calltrust::KeyFile {
            name: url.clone(),
            bytes,
        }],
        ..Default::default()
    };
    let r = calltrust::inspect(&tok, &opts);
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "cert-revoked" && f.severity == calltrust::Severity::Error)
        .expect("cert-revoked");
    assert!(f.detail.contains(&url), "{}", f.detail);
    assert_ne!(r.verdict.outcome, calltrust::Outcome::Verified);
}

#[test]
fn a_fetched_repository_is_judged_by_the_ecosystem_rules() {
    let pki = demo_pki();
    let bundle = format!("{}{}", pki.sp.pem, pki.inter.pem);
    // Short cache lifetime, wrong content type.
    let mut resp = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=60\r\nContent-Length: {}\r\n\r\n",
        bundle.len()
    )
    .into_bytes();
    resp.extend_from_slice(bundle.as_bytes());
    let s = serve(resp, false);
    let url = format!("https://127.0.0.1:{}/demo-sp-bundle.pem", s.port);
    let fetched = calltrust::fetch::fetch_all(std::slice::from_ref(&url), &policy(&s));
    assert!(fetched[0].result.is_ok());
    assert_eq!(fetched[0].meta.as_ref().map(|m| m.status), Some(200));
    let tok = sign_jws(
        &pki.sp_key,
        &shaken_header(&url),
        &shaken_payload("A", "12025550143", "14155550123", 1_795_339_800, "repo"),
    );
    let opts = calltrust::Options {
        now: 1_795_339_800,
        fetched,
        ..Default::default()
    };
    let r = calltrust::inspect(&tok, &opts);
    let failed: Vec<&str> = r.repositories[0]
        .rules
        .iter()
        .filter(|x| x.status == calltrust::sti::RuleStatus::Fail)
        .map(|x| &*x.rule)
        .collect();
    assert!(r.repositories[0].fetched);
    assert!(failed.contains(&"e_atis_cache_header"), "{failed:?}");
    assert!(failed.contains(&"w_atis_content_type"), "{failed:?}");
    assert!(
        !failed.contains(&"w_atis_pem_certificate_chain"),
        "{failed:?}"
    );
    assert!(!failed.contains(&"e_http_status_200"), "{failed:?}");
    let f: Vec<&calltrust::Finding> = r
        .findings_with(crate::common::id("x5u-repository"))
        .collect();
    assert!(f.iter().any(|x| x.title.contains("e_atis_cache_header")));
    // Without a fetch only the URL-form rules run.
    let r = calltrust::inspect(&tok, &calltrust::Options::at_now(1_795_339_800));
    assert!(!r.repositories[0].fetched);
    assert_eq!(r.repositories[0].rules.len(), 2);
}

#[test]
fn the_fetch_loop_fetches_what_was_asked_and_inspects_again() {
    // One loop for every front end: inspect, fetch what the report names of
    // each kind asked, inspect again. A kind not asked is never fetched.
    use calltrust::{Fetch, FetchEvent, Fetched, inspect_fetching};
    let pki = demo_pki();
    let iat = 1_795_339_800;
    let tok = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", "12025550143", "14155550123", iat, "id-1"),
    );
    let text = form_encode(&[
        ("From", "+12025550143"),
        ("To", "+14155550123"),
        ("StirPassportToken", &tok),
    ]);
    let bundle = format!("{}{}", pki.sp.pem, pki.inter.pem).into_bytes();
    let fetcher = |what: Fetch, urls: &[String]| -> Vec<Fetched> {
        assert_ne!(what, Fetch::Rcd, "rich call data was not asked for");
        urls.iter()
            .map(|u| Fetched {
                url: u.clone(),
                result: if what == Fetch::X5u {
                    Ok(bundle.clone())
                } else {
                    Err("refused".into())
                },
                meta: None,
            })
            .collect()
    };
    let opts = calltrust::Options {
        now: iat,
        at: Some(iat),
        trust_anchors: vec![calltrust::KeyFile {
            name: "root.pem".into(),
            bytes: pki.root.pem.clone().into_bytes(),
        }],
        ..Default::default()
    };
    let mut events = Vec::new();
    let (r, o) = inspect_fetching(
        text.as_bytes(),
        &opts,
        &[Fetch::X5u, Fetch::Crl],
        &fetcher,
        &mut |e| {
            events.push(match e {
                FetchEvent::Nothing(w) => format!("nothing {w:?}"),
                FetchEvent::Fetching(w, n) => format!("fetching {n} {w:?}"),
                FetchEvent::Failed(w, f) => format!("failed {w:?} {}", f.url),
            })
        },
    );
    assert_eq!(
        events.first().map(String::as_str),
        Some("fetching 1 X5u"),
        "{events:?}"
    );
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[1].contains("Crl"), "{events:?}");
    assert_eq!(o.fetched.len(), 1);
    assert_eq!(o.fetched[0].url, DEMO_SP_X5U);
    assert_eq!(
        r.verdict.outcome,
        calltrust::Outcome::Verified,
        "{}",
        r.verdict.headline
    );
    // Nothing asked: one inspection, the fetcher never called.
    let (plain, o) = inspect_fetching(text.as_bytes(), &opts, &[], &fetcher, &mut |_| {
        panic!("no event without a fetch")
    });
    assert!(o.fetched.is_empty());
    assert_ne!(plain.verdict.outcome, calltrust::Outcome::Verified);
}
