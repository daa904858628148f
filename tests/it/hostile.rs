//! What calltrust writes cannot be turned against its reader: hostile display
//! names, header values, parameter names and URLs stay text in Markdown (as
//! GitHub renders it), reach no terminal as control sequences, and redaction
//! masks every number or refuses the report.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use calltrust::{Format, Options, inspect};
use common::*;

const LINK: &str = "[click](https://evil.example/x) ![](https://evil.example/p.png)";
const HTML: &str = "<img src=https://evil.example/t.png><script>alert(1)</script>";
const ESC: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m";

fn hostile_invite() -> String {
    format!(
        "INVITE sip:+14155550123@example.com SIP/2.0\r\n\
         From: \"{LINK} {HTML}\" <sip:+12025550143@evil.example>;tag=1\r\n\
         To: <sip:+14155550123@example.com>\r\n\
         P-Asserted-Identity: \"`` ``` {ESC}\" <sip:+12025550143@evil.example>\r\n\
         Call-ID: {ESC}x\r\n\
         X-Twilio-VerStat: {LINK}\r\n\
         Identity: eyJ{LINK};info=<https://evil.example/{HTML}>;alg=ES256;ppt=shaken\r\n\
         \r\n"
    )
}

fn hostile_webhook() -> String {
    form_encode(&[
        ("From", "+12025550143"),
        ("To", "+14155550123"),
        (LINK, HTML),
        ("StirVerstat", &format!("{LINK}{ESC}")),
        ("CallerName", &format!("{HTML}{ESC}")),
    ])
}

fn opts() -> Options {
    Options {
        now: 1_795_339_800,
        webhook: calltrust::WebhookOptions {
            url: Some(format!("https://hooks.example.com/voice?x={LINK}")),
            signature: Some("AAAA".into()),
            auth_token: None,
        },
        ..Default::default()
    }
}

/// HTML of a Markdown document as GitHub Flavored Markdown renders it.
fn gfm(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.autolink = true;
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.render.r#unsafe = true; // as permissive as a ticket system could be
    comrak::markdown_to_html(md, &o)
}

fn assert_safe_markdown(md: &str) {
    let html = gfm(md);
    for bad in ["<a ", "<img", "<script", "evil.example/p.png\"", "href="] {
        assert!(
            !html.contains(bad),
            "{bad} in the rendered Markdown:\n{html}"
        );
    }
    assert!(!md.contains('\u{1b}'), "ESC in Markdown");
}

fn assert_no_controls(s: &str) {
    for c in s.chars() {
        let bad = (c < ' ' && c != '\n' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c);
        assert!(!bad, "control character U+{:04X} in output", c as u32);
    }
}

#[test]
fn hostile_pastes_stay_text_in_every_format() {
    for text in [hostile_invite(), hostile_webhook()] {
        let r = inspect(&text, &opts());
        let json = r.render(Format::Json);
        // The hostile strings did reach the report (else this proves nothing).
        assert!(json.contains("evil.example"), "{json}");
        let md = r.render(Format::Markdown);
        assert!(md.contains("evil.example"), "{md}");
        assert_safe_markdown(&md);
        assert_no_controls(&md);
        let txt = r.render(Format::Text);
        assert_no_controls(&txt);
        assert!(
            txt.contains("\\u{1b}") || !json.contains("\\u001b"),
            "ESC shown visibly in text"
        );
        // JSON stays valid and carries no raw control character.
        assert_no_controls(&json);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(back.get("verdict").is_some());
    }
}

#[test]
fn the_cli_prints_no_escape_sequence_to_the_terminal() {
    let dir = std::env::temp_dir().join(format!("calltrust-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("invite.txt");
    std::fs::write(&f, hostile_invite()).unwrap();
    for format in ["text", "markdown", "json"] {
        let out = crate::common::calltrust_cmd()
            .args(["inspect", "--format", format])
            .arg(&f)
            .output()
            .unwrap();
        let s = String::from_utf8(out.stdout).unwrap();
        assert!(s.contains("evil.example"), "{format}: {s}");
        assert_no_controls(&s);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn redaction_covers_tokens_certificate_subjects_and_call_path_parties() {
    let pki = demo_pki();
    // A leaf whose subject carries the caller's number.
    let k = key("numbered subject");
    let leaf_cert = leaf(
        "SP for 12025550143",
        &k,
        (&pki.inter, &pki.inter_key),
        Some(tnauth_spc("1234")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let tok = sign_jws(
        &k,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", "12025550143", "14155550123", 1_795_339_800, "r-1"),
    );
    let div = sign_jws(
        &pki.div_key,
        &div_header(DEMO_DIV_X5U),
        &div_payload("12025550143", "14155550199", "14155550123", 1_795_339_800),
    );
    let invite = format!(
        "INVITE sip:+14155550199@example.com SIP/2.0\r\n\
         From: \"Caller 12025550143\" <sip:+12025550143@example.com>;tag=1\r\n\
         To: <sip:+14155550199@example.com>\r\n\
         Diversion: <sip:+14155550123@example.com>;reason=unconditional\r\n\
         Identity: {}\r\n\
         Identity: {}\r\n\r\n",
        identity(&tok, DEMO_SP_X5U, "shaken"),
        identity(&div, DEMO_DIV_X5U, "div")
    );
    let o = Options {
        now: 1_795_339_800,
        redact: true,
        certs: vec![calltrust::KeyFile {
            name: "demo-sp-bundle.pem".into(),
            bytes: format!("{}{}", leaf_cert.pem, pki.inter.pem).into_bytes(),
        }],
        ..Default::default()
    };
    let r = inspect(&invite, &o);
    assert!(r.redacted);
    assert!(!r.call_path.is_empty(), "the call path has parties");
    assert!(
        r.certificates.iter().any(|c| c.subject.contains("SP for")),
        "{:#?}",
        r.certificates
    );
    for format in Format::ALL {
        let out = r.render(format);
        for n in ["12025550143", "14155550123", "14155550199"] {
            assert!(!out.contains(n), "{n} readable in {format:?}:\n{out}");
        }
        // The masked forms are there instead.
        assert!(out.contains("1202•••••43"), "{format:?}");
    }
    // Without redaction the same numbers are there (the test can fail).
    let plain = inspect(&invite, &Options { redact: false, ..o });
    assert!(plain.to_json().contains("12025550143"));
}

/// Every input the fuzzer (examples/fuzz.rs) ever found, replayed through
/// every target: none may panic or take more than 2 s again.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let opts = calltrust::Options {
        now: 1_795_339_800,
        ..Default::default()
    };
    for f in &files {
        let data = std::fs::read(f).unwrap();
        for target in crate::fuzz_targets::TARGETS {
            let t = std::time::Instant::now();
            crate::fuzz_targets::run(target, &data, &opts);
            assert!(
                t.elapsed() < std::time::Duration::from_secs(2),
                "{} took {:?} in {target}",
                f.display(),
                t.elapsed()
            );
        }
    }
    println!("{} fuzz regression input(s) replayed", files.len());
}
