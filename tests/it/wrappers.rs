//! "Nothing in a paste goes unexplained" (SPEC §1): a known PASSporT put in
//! the wrappers real pastes come in — service answers under any key, code
//! as formatters print it, URLs, logs, base64, tickets — is decoded every
//! time, whatever the indentation, line endings, key names and noise around
//! it. A JWT that is not a PASSporT, and a fragment that does not decode,
//! are named in a note with their location, never silently dropped.

use base64::Engine as _;
use calltrust::{InputKind, Options, Severity, ids, inspect};
use proptest::prelude::*;

/// The RCD sample's Identity header value (token and parameters).
fn identity() -> String {
    let t = include_str!("../../assets/samples/sip-invite-rcd.txt");
    t.lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .unwrap()
        .trim()
        .to_string()
}

fn jws() -> String {
    identity().split(';').next().unwrap().to_string()
}

const KEYS: &[&str] = &[
    "identity",
    "identityHeader",
    "Identity",
    "passport",
    "token",
    "x_identity",
];

/// Wrapper `w` around the Identity value `ih` (or its bare token `tok`).
fn wrap(w: usize, key: &str, indent: &str, ih: &str, tok: &str) -> String {
    let esc = ih.replace('"', "\\\"");
    let q = |s: &str| s.replace('\'', "\\'");
    match w {
        0 => tok.to_string(),
        1 => ih.to_string(),
        2 => format!("{{\n{indent}\"{key}\": \"{esc}\",\n{indent}\"AttestationLevel\": \"A\"\n}}"),
        3 => format!(
            "{{\"signingResponse\": {{\"{key}\": \"{}\"}}, \"orig\": {{\"tn\": \"12025550143\"}}}}",
            ih.replace(";ppt=shaken", ";ppt=\\\"shaken\\\"")
        ),
        4 => {
            format!("{{\"data\": {{\"result\": [{{\"status\": \"ok\", \"{key}\": \"{esc}\"}}]}}}}")
        }
        5 => format!(
            "const params: WebhookParams = {{\n{indent}CallSid: 'CA0123',\n{indent}From: '+12025550143',\n{indent}CallStatus: VOICE_STATUS.RINGING,\n{indent}StirPassportToken:\n{indent}{indent}'{}',\n}};",
            q(tok)
        ),
        6 => format!(
            "{indent}CallSid: \"CA0123\",\n{indent}StirVerstat: \"TN-Validation-Passed-A\",\n{indent}StirPassportToken:\n{indent}  \"{tok}\",\n"
        ),
        7 => format!("{{ StirPassportToken: `{tok}`, CallSid: 'CA1' }}"),
        8 => format!(
            "https://verify.example.net/v1/check?{key}={}&from=%2B12025550143",
            percent(ih)
        ),
        9 => format!("2026-11-22T09:30:02Z level=info msg=\"verified\" {key}=\"{esc}\" result=ok"),
        10 => format!(
            "payload: {}",
            base64::engine::general_purpose::STANDARD.encode(format!("Identity: {ih}\r\n"))
        ),
        11 => format!("CallSid: CA0123\nFrom: +12025550143\nStirPassportToken:\n{indent}{tok}\n"),
        12 => format!("Here is what we got:\n\n```\n{ih}\n```\n\nCan you check it?"),
        13 => format!(
            "INVITE sip:+13125550188@carrier.example SIP/2.0\r\nf: <sip:+12025550143@a.example>;tag=1\r\nt: <sip:+13125550188@b.example>\r\ny: {ih}\r\n\r\n"
        ),
        14 => format!(
            "POST /voice HTTP/1.1\nHost: a.example\nContent-Type: application/json\n\n{{\"CallSid\":\"CA1\",\"From\":\"+12025550143\",\"StirPassportToken\":\"{tok}\"}}"
        ),
        15 => format!("The customer says the PASSporT was {tok} — is it valid?"),
        16 => format!(
            "{{\n  // from the SBC log\n  {key}: \"{esc}\", // kept\n  when: Date.now(),\n}}"
        ),
        _ => format!("[{{\"{key}\": \"{esc}\"}}]"),
    }
}

const WRAPPERS: usize = 18;

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn decoded(text: &str) -> bool {
    let r = inspect(text, &Options::default());
    let want = jws();
    r.passports
        .iter()
        .any(|p| p.token.as_deref() == Some(want.as_str()) && !p.payload.is_null())
}

#[test]
fn every_wrapper_decodes_the_token() {
    let (ih, tok) = (identity(), jws());
    for w in 0..WRAPPERS {
        for key in KEYS {
            let text = wrap(w, key, "  ", &ih, &tok);
            assert!(
                decoded(&text),
                "wrapper {w} (key {key}) dropped the token:\n{text}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn wrapped_tokens_are_never_dropped(
        w in 0..WRAPPERS,
        key in proptest::sample::select(KEYS),
        indent in "[ \t]{0,8}",
        crlf in any::<bool>(),
        noise_before in "[a-zA-Z0-9 ,.:]{0,40}",
        noise_after in "[a-zA-Z0-9 ,.:]{0,40}",
    ) {
        let (ih, tok) = (identity(), jws());
        let mut text = wrap(w, key, &indent, &ih, &tok);
        // Free text around a token is how tickets arrive; around structured
        // forms it would make them something else, so only for the prose ones.
        if matches!(w, 12 | 15) {
            text = format!("{noise_before}\n{text}\n{noise_after}");
        }
        if crlf {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        prop_assert!(decoded(&text), "wrapper {} dropped the token:\n{}", w, text);
    }
}

#[test]
fn a_jwt_that_is_not_a_passport_is_named_with_its_location() {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let other = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        b64(r#"{"sub":"agent-7","exp":1}"#)
    );
    let text = format!(
        "{{\n  \"StirPassportToken\": \"{}\",\n  \"CallSid\": \"CA1\",\n  \"authToken\": \"{other}\"\n}}",
        jws()
    );
    let r = inspect(&text, &Options::default());
    assert_eq!(r.passports.len(), 1, "only the PASSporT is inspected");
    let note = r
        .findings
        .iter()
        .find(|f| f.id == ids::INPUT_NOTE && f.title.contains("not inspected"))
        .expect("the other JWT is named");
    assert_eq!(note.location.unwrap().line, 4);
    assert!(note.detail.contains("not a PASSporT"), "{}", note.detail);
}

#[test]
fn a_stray_fragment_in_unrelated_text_is_a_note_not_a_failed_passport() {
    let mut text = String::with_capacity(5_000_000);
    let mut x: u32 = 7;
    while text.len() < 5_000_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push(char::from(b'a' + (x >> 16) as u8 % 26));
        if x.is_multiple_of(11) {
            text.push(' ');
        }
        if x.is_multiple_of(97) {
            text.push('\n');
        }
    }
    text.insert_str(2_500_000, " eyJhbGciOiJFUzI1 ");
    let r = inspect(&text, &Options::default());
    assert!(r.passports.is_empty(), "no PASSporT made of a fragment");
    assert_ne!(r.verdict.outcome.as_str(), "failed");
    let note = r
        .findings
        .iter()
        .find(|f| f.id == ids::INPUT_NOTE && f.detail.contains("eyJhbGciOiJFUzI1"))
        .expect("the fragment is named");
    assert!(note.location.is_some());
}

#[test]
fn a_service_answer_is_its_own_input_form_and_its_claims_are_stated_not_trusted() {
    let text = format!(
        "{{\"Identity\": \"{}\", \"AttestationLevel\": \"A\", \"FromNumber\": \"+18005550199\"}}",
        identity()
    );
    let r = inspect(&text, &Options::default());
    assert_eq!(r.input.kind, InputKind::ApiResponse);
    assert_eq!(r.passports.len(), 1);
    let stated = &r.call.presented.as_ref().unwrap().stated;
    assert!(
        stated
            .iter()
            .any(|s| s.field == "FromNumber" && s.value == "+18005550199")
    );
    // A vendor's word is not the carrier's verstat, and not a caller to compare with.
    assert!(r.verstat.is_none());
    assert!(
        !r.findings
            .iter()
            .any(|f| f.id == ids::ORIG_MISMATCH && f.severity == Severity::Error)
    );
}

#[test]
fn code_values_are_named_and_not_taken_as_numbers() {
    let text = format!(
        "const body = {{\n  From: callerNumber,\n  To: '+13125550188',\n  StirVerstat: 'TN-Validation-Passed-A',\n  StirPassportToken:\n    '{}',\n}};\n",
        jws()
    );
    let r = inspect(&text, &Options::default());
    assert_eq!(r.input.kind, InputKind::TwilioWebhook);
    assert!(r.call.calling.is_empty(), "a variable is not a caller");
    let note = r
        .findings
        .iter()
        .find(|f| f.title == "A value is code, not data")
        .unwrap();
    assert!(note.detail.contains("`From`"), "{}", note.detail);
    assert_eq!(note.location.unwrap().line, 2);
    assert_eq!(r.passports.len(), 1);
}
