//! Input recognition (SPEC §1): one pasted text, no mode picker. Each kind has
//! its own parser; this module decides which applies and gathers the evidence
//! every check works from: the call's numbers, the verstat, every token with
//! where it came from, and what a webhook signature would cover.

pub mod calltoken;
pub mod curl;
pub mod http;
pub mod identity;
pub mod party;
pub mod relaxed;
pub mod response;
pub mod sip;
pub mod sipaddr;
pub mod text;

use serde_json::Value;

use crate::passport;

use crate::model::{Finding, InputKind, LineIndex, Location, Severity, ids, location_of};

/// Inputs above this size are refused (SPEC §1).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// At most this many tokens are decoded from one paste.
pub const MAX_TOKENS: usize = 64;

/// What a token found in the paste is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRole {
    /// A PASSporT (SHAKEN, DIV, RCD, base or unknown ppt).
    Passport,
    /// Twilio's own `parentCallInfoToken` JWT inside a CallToken: not a PASSporT.
    CallTokenParent,
}

/// What carried a token to calltrust.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    /// Pasted on its own (a bare token, an Identity value, or found in broken text).
    Paste,
    /// A webhook parameter (`StirPassportToken`).
    WebhookParam,
    /// A CallToken (its identity tokens and its parentCallInfoToken).
    CallToken,
    /// A SIP message's `Identity` header.
    SipIdentityHeader,
    /// Nested in another PASSporT (a div-o's `opt`).
    Nested,
    /// A field of a signing/verification service's JSON answer.
    ApiField,
}

/// A token and where it came from.
#[derive(Clone, Debug)]
pub struct TokenSource {
    /// Human origin: `StirPassportToken`, `CallToken identity token 1`, `Identity header 2`, …
    pub origin: String,
    /// What carried it (the checks reason on this, never on `origin`'s words).
    pub carrier: Carrier,
    /// The value as found: a bare JWS, or an Identity header value with parameters.
    pub value: String,
    pub role: TokenRole,
    pub location: Option<Location>,
}

pub use party::{Party, Presented, PresentedParty};

/// What the signalling says, collected from whichever input kind was pasted.
#[derive(Clone, Debug)]
pub struct Evidence {
    pub kind: InputKind,
    /// How the input was written (`form body`, `JSON`, `JavaScript object literal`, …).
    pub format: String,
    /// All webhook parameters (query and body), in order.
    pub params: Vec<(String, String)>,
    /// Body parameters only (what an X-Twilio-Signature covers for form bodies).
    pub form_params: Vec<(String, String)>,
    /// The raw request body when known (for `bodySHA256`).
    pub body_raw: Option<String>,
    /// True when `form_params` are the exact received body (a form body or an
    /// HTTP request), false when retyped from another notation.
    pub body_exact: bool,
    pub http: Option<http::HttpRequest>,
    pub sip: Option<sip::SipMessage>,
    /// The CallToken, decoded, with its origin.
    pub call_token: Option<(calltoken::CallToken, String)>,
    pub tokens: Vec<TokenSource>,
    /// (value, source)
    pub verstat: Option<(String, String)>,
    pub calling: Vec<Party>,
    pub called: Vec<Party>,
    pub diversions: Vec<Party>,
    /// What the callee was shown (`call.presented`).
    pub presented: Presented,
    /// SIP `Date` header as Unix seconds.
    pub sip_date: Option<i64>,
    /// A pasted SIP response (alone, or after the INVITE it answers).
    pub response: Option<response::SipResponse>,
    pub findings: Vec<Finding>,
}

impl Evidence {
    fn new(kind: InputKind, format: &str) -> Self {
        Evidence {
            kind,
            format: format.to_string(),
            params: Vec::new(),
            form_params: Vec::new(),
            body_raw: None,
            body_exact: false,
            http: None,
            sip: None,
            call_token: None,
            tokens: Vec::new(),
            verstat: None,
            calling: Vec::new(),
            called: Vec::new(),
            diversions: Vec::new(),
            presented: Presented::default(),
            sip_date: None,
            response: None,
            findings: Vec::new(),
        }
    }

    /// A webhook parameter by name (exact first, then case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| {
                self.params
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
            })
            .map(|(_, v)| v.as_str())
    }
}

/// Parameters a Twilio voice webhook carries (a few are enough to recognise one).
const TWILIO_KEYS: [&str; 14] = [
    "CallSid",
    "AccountSid",
    "From",
    "To",
    "Called",
    "Caller",
    "StirVerstat",
    "StirPassportToken",
    "CallToken",
    "Direction",
    "CallStatus",
    "ApiVersion",
    "ForwardedFrom",
    "StirStatus",
];

/// Hints in an input-unrecognized finding.
pub const ACCEPTED_FORMS: &str = "Paste one of: a Twilio voice webhook (form body `Called=%2B1555…&StirVerstat=…`, JSON, the object Node's console prints, or `Key: Value` lines); a raw HTTP request; a CallToken (URL-encoded or not); a SIP INVITE with Identity headers; one or more Identity header values or PASSporTs (`eyJ….eyJ….sig`); or a verstat value such as `TN-Validation-Passed-A`.";

/// Recognise `text` and collect its evidence. `body_mode` is set when the
/// front end supplied a webhook URL or signature: then anything that is not a
/// raw HTTP request is the webhook's request body (SPEC §7).
pub fn parse(text: &str, body_mode: bool) -> Evidence {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut notes = Vec::new();
    let owned;
    let text = match text::strip_listing_numbers(text) {
        Some((cleaned, n)) => {
            notes.push(Finding::info(
                ids::INPUT_NOTE,
                "Line numbers from a code listing were ignored",
                format!("{n} lines holding only 1, 2, 3, … (copied with a documentation code block) were skipped."),
            ));
            owned = cleaned;
            owned.as_str()
        }
        None => text,
    };
    let mut ev = detect(text, body_mode);
    // Calls/Participants API parameters look like a webhook: no CallSid,
    // and the parameters only a request that creates a call has.
    if ev.kind == InputKind::TwilioWebhook
        && !body_mode
        && ev.param("CallSid").is_none()
        && ev.param("AccountSid").is_none()
        && ev.param("To").is_some()
        && [
            "CallToken",
            "Url",
            "Twiml",
            "ApplicationSid",
            "Label",
            "EarlyMedia",
        ]
        .iter()
        .any(|k| ev.param(k).is_some())
    {
        ev.kind = InputKind::CallsRequest;
        ev.format = format!("Calls API parameters ({})", ev.format);
    }
    if ev.kind == InputKind::CallsRequest {
        // A forwarded call goes somewhere else by definition: its To is not
        // the carried PASSporTs' dest.
        ev.called.clear();
    }
    locate_nested_tokens(&mut ev, text);
    account_tokens(&mut ev, text);
    let mut all = notes;
    all.append(&mut ev.findings);
    ev.findings = all;
    if ev.tokens.len() > MAX_TOKENS {
        ev.findings.push(Finding::warning(
            ids::INPUT_NOTE,
            "Too many tokens",
            format!(
                "{} tokens were found; only the first {MAX_TOKENS} are inspected.",
                ev.tokens.len()
            ),
        ));
        ev.tokens.truncate(MAX_TOKENS);
    }
    ev
}

/// Split a paste into the SIP request and the first SIP response in it
/// (either order); the request part is empty when only a response was pasted.
fn split_response(text: &str) -> (String, Option<response::SipResponse>) {
    let mut offset = 0usize;
    let mut start: Option<(usize, usize)> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if response::status_line(line).is_some() {
            start = Some((offset, i + 1));
            break;
        }
        offset += line.len();
    }
    let Some((at, line_no)) = start else {
        return (text.to_string(), None);
    };
    let rest = &text[at..];
    // The response ends at its blank line (headers only; a body is ignored).
    let end = rest
        .find("\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| rest.find("\n\n").map(|i| i + 2))
        .unwrap_or(rest.len());
    let resp = response::parse(&rest[..end], line_no);
    // Keep the request's line numbers: blank out the response's lines.
    let blanked: String = rest[..end]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    let request = format!("{}{}{}", &text[..at], blanked, &rest[end..]);
    let request = if request.trim().is_empty() {
        String::new()
    } else {
        request.trim_start_matches([' ', '\r', '\n']).to_string()
    };
    (request, resp)
}

/// Text outside the PEM blocks of a pasted bundle, reported (never silently
/// dropped) with its first location.
pub fn outside_pem_blocks(text: &str) -> Vec<Finding> {
    let mut inside = false;
    let mut first: Option<(usize, String)> = None;
    let mut count = 0usize;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("-----BEGIN ") {
            inside = true;
            continue;
        }
        if t.starts_with("-----END ") {
            inside = false;
            continue;
        }
        if !inside && !t.is_empty() {
            count += 1;
            first.get_or_insert((i + 1, t.chars().take(40).collect()));
        }
    }
    match first {
        Some((line, sample)) => vec![
            Finding::info(
                ids::INPUT_NOTE,
                "Text between the PEM blocks was ignored",
                format!("{count} line(s) outside the BEGIN/END blocks were skipped, the first at line {line}: \"{sample}\"."),
            )
            .at(Some(Location { line, column: 1 })),
        ],
        None => Vec::new(),
    }
}

/// Certificates pasted as PEM blocks or as one base64 DER blob.
pub fn certificate_form(trimmed: &str) -> Option<&'static str> {
    if trimmed.contains("-----BEGIN CERTIFICATE-----")
        || trimmed.contains("-----BEGIN TRUSTED CERTIFICATE-----")
        || trimmed.contains("-----BEGIN X509 CERTIFICATE-----")
    {
        return Some("PEM certificate bundle");
    }
    (trimmed.len() < 64 * 1024 && crate::verify::keys::base64_der_certificate(trimmed).is_some())
        .then_some("base64 DER certificate")
}

/// Tokens found inside a webhook or CallToken are located where their text
/// appears in the paste (base64url survives URL-encoding unchanged).
fn locate_nested_tokens(ev: &mut Evidence, text: &str) {
    let nested = |t: &TokenSource| {
        t.origin.starts_with("StirPassportToken") || t.origin.starts_with("CallToken")
    };
    if !ev.tokens.iter().any(nested) {
        return;
    }
    let idx = LineIndex::new(text);
    for t in ev.tokens.iter_mut().filter(|t| nested(t)) {
        let probe: String = t.value.trim().chars().take(40).collect();
        if probe.len() < 16 {
            continue;
        }
        if let Some(off) = text.find(&probe) {
            t.location = Some(idx.location(off));
        }
    }
}

fn detect(text: &str, body_mode: bool) -> Evidence {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let first_line = trimmed.lines().next().unwrap_or("");

    if http::is_request_line(first_line) {
        return from_http(text, lead);
    }
    if body_mode {
        return from_body(text);
    }
    if trimmed.is_empty() {
        return Evidence::new(InputKind::Empty, "empty");
    }
    if let Some(format) = certificate_form(trimmed) {
        return Evidence::new(InputKind::Certificate, format);
    }
    if trimmed.starts_with("curl ") || trimmed.starts_with("curl\t") {
        return from_curl(trimmed);
    }
    if sip::is_start_line(first_line) {
        return from_sip_text(text, lead);
    }
    if trimmed.starts_with('{') {
        return from_object_text(text, lead);
    }
    if let Some(brace) = relaxed::code_prefix(text) {
        let mut ev = from_object_text(text, brace);
        if ev.kind != InputKind::Unrecognized {
            ev.format = format!("{} in code", ev.format);
        }
        return ev;
    }
    if calltoken::looks_url_encoded(trimmed) {
        let mut ev = Evidence::new(InputKind::CallToken, "URL-encoded CallToken");
        add_call_token(
            &mut ev,
            trimmed,
            "CallToken (pasted)",
            Some(location_of(text, lead)),
        );
        return ev;
    }
    if crate::knowledge::looks_like_verstat(trimmed) {
        let mut ev = Evidence::new(InputKind::Verstat, "verstat value");
        ev.verstat = Some((trimmed.to_string(), "pasted value".to_string()));
        return ev;
    }
    if !starts_with_token(trimmed) {
        if let Some(ev) = from_object_members(text) {
            return ev;
        }
        if text::looks_like_form(trimmed) {
            let mut ev = Evidence::new(InputKind::TwilioWebhook, "form body");
            let params = text::parse_form(trimmed);
            ev.body_raw = Some(trimmed.to_string());
            ev.body_exact = true;
            ev.form_params = params.clone();
            from_params(&mut ev, params, Some(location_of(text, lead)));
            return ev;
        }
        if let Some(ev) = from_lines(text) {
            return ev;
        }
    }
    if let Some(ev) = from_url(trimmed, text, lead) {
        return ev;
    }
    if let Some(ev) = from_free_text(text, trimmed) {
        return ev;
    }
    let mut ev = Evidence::new(InputKind::Unrecognized, "unrecognised");
    ev.findings.push(unrecognized(trimmed));
    ev
}

/// A curl command line (the Calls API request that forwards a call).
fn from_curl(trimmed: &str) -> Evidence {
    let mut ev = Evidence::new(InputKind::CallsRequest, "curl command");
    match curl::parse(trimmed) {
        Ok((_, params)) => from_params(&mut ev, params, None),
        Err(e) => ev.findings.push(Finding::error(
            ids::INPUT_MALFORMED,
            "The curl command cannot be read",
            format!("{e}."),
        )),
    }
    ev
}

/// A SIP request, a response, or a request and the response it got pasted
/// together (the request is inspected, the response compared with it).
fn from_sip_text(text: &str, lead: usize) -> Evidence {
    let (request, resp) = split_response(text);
    if request.trim().is_empty() {
        let mut ev = Evidence::new(InputKind::SipResponse, "SIP response");
        let msg = sip::parse(&text[lead..], true, &mut ev.findings);
        shift_locations(&mut ev.findings, text, lead);
        sip_problems(&mut ev, &msg, text, lead);
        ev.response = resp;
        return ev;
    }
    let mut ev = Evidence::new(
        InputKind::SipMessage,
        if resp.is_some() {
            "SIP request and response"
        } else {
            "SIP message"
        },
    );
    let lead = request.len() - request.trim_start().len();
    let msg = sip::parse(&request[lead..], true, &mut ev.findings);
    shift_locations(&mut ev.findings, &request, lead);
    from_sip(&mut ev, msg, &request, lead);
    ev.response = resp;
    ev
}

/// Tokens in free text (a log line, a ticket, a chat message). A fragment
/// that does not even decode is kept only when the paste is essentially
/// that token (damaged in copying); inside unrelated text it is a note.
fn from_free_text(text: &str, trimmed: &str) -> Option<Evidence> {
    let non_ws = trimmed
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
        .max(1);
    let tokens: Vec<(usize, String)> = scan_tokens(text)
        .into_iter()
        .filter(|(_, v)| {
            let jws = v.split(';').next().unwrap_or("");
            passport::decode(jws).header.is_some() || v.len() * 2 >= non_ws
        })
        .collect();
    if tokens.is_empty() {
        return None;
    }
    let with_params = tokens.iter().any(|(_, v)| v.contains(';'));
    let (kind, format, label) = if with_params {
        (
            InputKind::IdentityHeader,
            "Identity header value",
            "Identity value",
        )
    } else {
        (InputKind::Passport, "bare PASSporT", "pasted token")
    };
    let mut ev = Evidence::new(kind, format);
    let idx = LineIndex::new(text);
    for (i, (offset, value)) in tokens.into_iter().enumerate() {
        ev.tokens.push(TokenSource {
            origin: format!("{label} {}", i + 1),
            carrier: Carrier::Paste,
            value,
            role: TokenRole::Passport,
            location: Some(idx.location(offset)),
        });
    }
    Some(ev)
}

/// A URL (or bare query string) with an Identity header or PASSporT in a
/// parameter: `https://vs.example/verify?identity=eyJ…%3Binfo%3D%3C…%3E`.
fn from_url(trimmed: &str, text: &str, lead: usize) -> Option<Evidence> {
    if trimmed.contains(char::is_whitespace) || !trimmed.contains('=') {
        return None;
    }
    let query = match trimmed.split_once('?') {
        Some((base, q))
            if base.starts_with("http://")
                || base.starts_with("https://")
                || base.starts_with('/') =>
        {
            q
        }
        _ => return None,
    };
    let query = query.split('#').next().unwrap_or(query);
    let params = text::parse_form(query);
    let hits: Vec<(String, String)> = params
        .iter()
        .filter(|(_, v)| looks_like_jws(v))
        .cloned()
        .collect();
    if hits.is_empty() {
        return None;
    }
    let with_params = hits.iter().any(|(_, v)| v.contains(';'));
    let mut ev = Evidence::new(
        if with_params {
            InputKind::IdentityHeader
        } else {
            InputKind::Passport
        },
        "URL query parameter",
    );
    let idx = LineIndex::new(text);
    for (name, value) in hits {
        let at = text
            .get(lead..)
            .and_then(|t| t.find(&format!("{name}=")))
            .map(|o| idx.location(lead + o));
        ev.tokens.push(TokenSource {
            origin: format!("URL parameter `{name}`"),
            carrier: Carrier::Paste,
            value: value.trim().to_string(),
            role: TokenRole::Passport,
            location: at,
        });
    }
    Some(ev)
}

/// SPEC §1, "nothing in a paste goes unexplained": every JWT-shaped string
/// in the text that is not already one of the evidence's tokens is decoded
/// as a token of its own when it is a PASSporT, or named in a note (with its
/// location) that says why not. Base64-wrapped tokens are unwrapped.
fn account_tokens(ev: &mut Evidence, text: &str) {
    if matches!(ev.kind, InputKind::Certificate | InputKind::Empty) {
        return;
    }
    let jws_of = |v: &str| identity::parse(v).token;
    let known: Vec<String> = ev.tokens.iter().map(|t| jws_of(&t.value)).collect();
    let accounted = |jws: &str| {
        known.iter().any(|k| {
            !k.is_empty()
                && (k == jws
                    || (jws.len() >= 16 && (k.starts_with(jws) || jws.starts_with(k.as_str()))))
        })
    };
    let idx = LineIndex::new(text);
    let mut candidates: Vec<(usize, String, Option<&'static str>)> = scan_tokens(text)
        .into_iter()
        .map(|(o, v)| (o, v, None))
        .collect();
    candidates.extend(
        base64_wrapped(text)
            .into_iter()
            .map(|(o, v)| (o, v, Some("base64"))),
    );
    for (offset, value, wrapper) in candidates {
        let jws = jws_of(&value);
        if accounted(&jws) || ev.tokens.iter().any(|t| jws_of(&t.value) == jws) {
            continue;
        }
        let loc = Some(idx.location(offset));
        let d = passport::decode(&jws);
        let passportish = looks_like_passport(&d);
        if passportish && ev.tokens.len() < MAX_TOKENS {
            let how = match wrapper {
                Some(w) => format!("inside {w}-encoded text"),
                None => "outside the fields calltrust reads for this input".to_string(),
            };
            ev.findings.push(
                Finding::info(
                    ids::INPUT_NOTE,
                    "A PASSporT found elsewhere in the paste",
                    format!("A PASSporT {how} was decoded and checked as a token of its own."),
                )
                .at(loc),
            );
            ev.tokens.push(TokenSource {
                origin: format!(
                    "token at {} ({})",
                    idx.location(offset),
                    if wrapper.is_some() {
                        "unwrapped"
                    } else {
                        "found in the text"
                    }
                ),
                carrier: Carrier::Paste,
                value,
                role: TokenRole::Passport,
                location: loc,
            });
            continue;
        }
        let why = not_inspected_because(passportish, &d);
        ev.findings.push(
            Finding::info(
                ids::INPUT_NOTE,
                "A token-shaped string was not inspected",
                format!("`{}` was not inspected: {why}.", text::ellipsize(&jws, 40)),
            )
            .hint("If this is the token you meant, paste it on its own (the whole header.payload.signature).")
            .at(loc),
        );
    }
}

/// A decoded JWT that says it is a PASSporT (ppt, x5u or typ passport) or
/// carries a PASSporT's claims.
fn looks_like_passport(d: &passport::Decoded) -> bool {
    d.header.as_ref().is_some_and(|h| {
        h.contains_key("ppt")
            || h.contains_key("x5u")
            || h.get("typ")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("passport"))
    }) || d.payload.as_ref().is_some_and(|p| {
        ["orig", "dest", "attest"]
            .iter()
            .any(|k| p.contains_key(*k))
    })
}

/// Why a token-shaped string in a paste was not inspected.
fn not_inspected_because(passportish: bool, d: &passport::Decoded) -> String {
    if passportish {
        format!("more than {MAX_TOKENS} tokens are in the paste; only the first are inspected")
    } else if let Some(h) = &d.header {
        format!(
            "it is a JWT but not a PASSporT (typ {}, no ppt, x5u, orig or dest), so it says nothing about the caller",
            h.get("typ").and_then(Value::as_str).unwrap_or("not set")
        )
    } else {
        "it does not decode as a JWT (its first segment is not base64url JSON): a fragment, or a token damaged in copying".to_string()
    }
}

/// Base64 (standard alphabet) runs of 60+ characters that decode to text
/// holding a JWT: (offset of the run, the JWT with any Identity parameters).
fn base64_wrapped(text: &str) -> Vec<(usize, String)> {
    use base64::Engine as _;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let is_b64 = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=';
    while i < b.len() && out.len() < MAX_TOKENS {
        if !is_b64(b[i]) || (i > 0 && is_b64(b[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_b64(b[i]) {
            i += 1;
        }
        let run = &text[start..i];
        // A JWT itself (`eyJ…`) and short words are not wrappers.
        if run.len() < 60 || run.starts_with("eyJ") || run.len() > 64 * 1024 {
            continue;
        }
        let cfg = base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true);
        let eng = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, cfg);
        if let Ok(bytes) = eng.decode(run)
            && let Ok(inner) = String::from_utf8(bytes)
        {
            for (_, v) in scan_tokens(&inner) {
                out.push((start, v));
            }
        }
    }
    out
}

fn unrecognized(trimmed: &str) -> Finding {
    let binary = trimmed
        .chars()
        .take(4096)
        .filter(|c| (c.is_control() && !c.is_whitespace()) || *c == '\u{FFFD}')
        .count();
    let what = if binary > 8 {
        "The text contains binary data (control characters or bytes that are not UTF-8): it is not a payload calltrust understands.".to_string()
    } else {
        format!(
            "calltrust could not recognise `{}` as any accepted input form.",
            text::ellipsize(trimmed.lines().next().unwrap_or(""), 60)
        )
    };
    Finding::error(ids::INPUT_UNRECOGNIZED, "Input not recognised", what).hint(ACCEPTED_FORMS)
}

fn starts_with_token(t: &str) -> bool {
    let t = t.trim_start_matches(['"', '\'']);
    t.starts_with("eyJ")
}

/// Offsets inside a sub-slice → offsets in the whole text.
fn shift_locations(findings: &mut [Finding], text: &str, lead: usize) {
    if lead == 0 {
        return;
    }
    for f in findings {
        if let Some(loc) = f.location {
            // Recompute from the line in the sub-slice: the sub-slice starts at `lead`.
            let base = location_of(text, lead);
            f.location = Some(Location {
                line: loc.line + base.line - 1,
                column: if loc.line == 1 {
                    loc.column + base.column - 1
                } else {
                    loc.column
                },
            });
        }
    }
}

// ---------------------------------------------------------------- webhooks

fn from_object_text(text: &str, lead: usize) -> Evidence {
    let body = &text[lead..];
    match serde_json::from_str::<Value>(body.trim_end()) {
        Ok(v) => from_object(v, "JSON", text, lead, Some(body.trim_end().to_string())),
        Err(json_err) => match relaxed::parse(body) {
            Ok((v, tolerated)) => {
                let mut ev = from_object(v, "JavaScript object literal", text, lead, None);
                tolerated_notes(&mut ev, &tolerated, text, lead);
                ev
            }
            Err(e) => {
                let tokens = scan_tokens(text);
                let mut ev = if tokens.is_empty() {
                    Evidence::new(InputKind::Unrecognized, "broken object")
                } else {
                    let mut ev =
                        Evidence::new(InputKind::Passport, "tokens inside unreadable text");
                    let idx = LineIndex::new(text);
                    for (i, (offset, value)) in tokens.into_iter().enumerate() {
                        ev.tokens.push(TokenSource {
                            origin: format!("token {} (found in unreadable object)", i + 1),
                            carrier: Carrier::Paste,
                            value,
                            role: TokenRole::Passport,
                            location: Some(idx.location(offset)),
                        });
                    }
                    ev
                };
                let loc = location_of(text, lead + e.offset);
                ev.findings.push(
                    Finding::error(
                        ids::INPUT_UNRECOGNIZED,
                        "Object could not be read",
                        format!(
                            "The text starts like a JSON/JavaScript object but is broken at {loc}: {}. (As strict JSON: {}.)",
                            e.message,
                            calltoken::strip_serde_position(&json_err.to_string())
                        ),
                    )
                    .at(Some(loc))
                    .hint("Fix the text at that position, or paste the original webhook body or request."),
                );
                ev
            }
        },
    }
}

/// What the forgiving object parser read in a way the paste should know
/// about: each a note at its location (nothing in a paste goes unexplained).
fn tolerated_notes(ev: &mut Evidence, t: &relaxed::Tolerated, text: &str, lead: usize) {
    let at = |off: usize| Some(location_of(text, lead + off));
    for &off in &t.missing_commas {
        ev.findings.push(
            Finding::info(
                ids::INPUT_NOTE,
                "Missing comma tolerated",
                "Two members were not separated by a comma (as in Twilio's published example); calltrust read them as separate members.",
            )
            .at(at(off)),
        );
    }
    for (off, code) in &t.code_values {
        let key = key_before(&text[..lead + off]);
        ev.findings.push(
            Finding::info(
                ids::INPUT_NOTE,
                "A value is code, not data",
                format!(
                    "{} holds `{}`, an expression of the program the object was copied from: its value is not in the paste, so calltrust did not read it.",
                    key.map(|k| format!("`{k}`")).unwrap_or_else(|| "A member".into()),
                    text::ellipsize(code, 60)
                ),
            )
            .hint("Paste the object as the program logged it at run time (console.log / JSON.stringify), or fill in the value.")
            .at(at(*off)),
        );
    }
    for (off, word) in &t.bare_words {
        ev.findings.push(
            Finding::info(
                ids::INPUT_NOTE,
                "Unquoted value read as text",
                format!(
                    "`{}` is not in quotes; calltrust read it as the text it is.",
                    text::ellipsize(word, 60)
                ),
            )
            .at(at(*off)),
        );
    }
    for &off in &t.placeholders {
        ev.findings.push(
            Finding::info(
                ids::INPUT_NOTE,
                "Template literal with placeholders",
                "A `…${…}…` template was read as written: its placeholders are code whose values are not in the paste.",
            )
            .at(at(off)),
        );
    }
}

/// The key a value belongs to: the last `name:` before it (over line breaks).
fn key_before(before: &str) -> Option<String> {
    let t = before.trim_end();
    let t = t.strip_suffix(':')?.trim_end();
    let t = t.trim_end_matches(['"', '\'', '`']);
    let start = t
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '-'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let k = &t[start..];
    (!k.is_empty()).then(|| k.to_string())
}

/// Object members without their braces, as copied out of code (`From:
/// '+1…',` lines, values on the line after their key, trailing commas):
/// read as an object when the lines carry JavaScript's marks (quoted values,
/// trailing commas) and no SIP header.
fn from_object_members(text: &str) -> Option<Evidence> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() < 2 || lines.len() > 5000 {
        return None;
    }
    let member = |l: &&str| {
        let k = l.split(':').next().unwrap_or("");
        let k = k.trim().trim_matches(['"', '\'']);
        !k.is_empty()
            && l.contains(':')
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    let js_marks = lines
        .iter()
        .filter(|l| {
            l.ends_with(',')
                || l.contains(": '")
                || l.contains(": \"")
                || l.contains(": `")
                || l.starts_with("//")
        })
        .count();
    let sip = lines.iter().any(|l| {
        l.split_once(':')
            .is_some_and(|(k, _)| sip::is_sip_only_header(k.trim()))
            && !l.contains(": '")
            && !l.contains(": \"")
    });
    if sip || js_marks == 0 || lines.iter().filter(|l| member(l)).count() * 2 < lines.len() {
        return None;
    }
    let wrapped = format!("{{{text}\n}}");
    let (v, tolerated) = relaxed::parse(&wrapped).ok()?;
    // Offsets in `wrapped` are one past those in `text`.
    let mut ev = from_object(v, "JavaScript object members", text, 0, None);
    if ev.kind == InputKind::Unrecognized {
        return None;
    }
    let shift = |v: &[(usize, String)]| {
        v.iter()
            .map(|(o, c)| (o.saturating_sub(1), c.clone()))
            .collect()
    };
    let t = relaxed::Tolerated {
        missing_commas: tolerated
            .missing_commas
            .iter()
            .map(|o| o.saturating_sub(1))
            .collect(),
        code_values: shift(&tolerated.code_values),
        bare_words: shift(&tolerated.bare_words),
        placeholders: tolerated
            .placeholders
            .iter()
            .map(|o| o.saturating_sub(1))
            .collect(),
    };
    tolerated_notes(&mut ev, &t, text, 0);
    Some(ev)
}

fn from_object(
    v: Value,
    format: &str,
    text: &str,
    lead: usize,
    raw_json: Option<String>,
) -> Evidence {
    let at = Some(location_of(text, lead));
    let Value::Object(obj) = v else {
        let mut ev = Evidence::new(InputKind::Unrecognized, format);
        ev.findings.push(unrecognized(text.trim()));
        return ev;
    };
    if obj.contains_key("parentCallInfoToken") || obj.contains_key("identityHeaderTokens") {
        let mut ev = Evidence::new(InputKind::CallToken, &format!("CallToken ({format})"));
        match calltoken::from_value(&Value::Object(obj)) {
            Ok(ct) => push_call_token(&mut ev, ct, "CallToken (pasted)", at),
            Err(e) => ev.findings.push(
                Finding::error(ids::CALLTOKEN_MALFORMED, "CallToken is not the documented shape", e)
                    .at(at)
                    .hint("A CallToken is {\"parentCallInfoToken\": JWT, \"identityHeaderTokens\": [Identity header values]}."),
            ),
        }
        return ev;
    }
    let params: Vec<(String, String)> = obj
        .iter()
        .map(|(k, v)| {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.clone(), s)
        })
        .collect();
    let known = params
        .iter()
        .filter(|(k, _)| TWILIO_KEYS.contains(&k.as_str()))
        .count();
    if known == 0
        && let Some(ev) = from_api_response(&Value::Object(obj.clone()), format, text, lead)
    {
        return ev;
    }
    if known == 0 {
        let mut ev = Evidence::new(InputKind::Unrecognized, format);
        let looks_payload = ["attest", "orig", "dest", "iat"]
            .iter()
            .filter(|k| obj.contains_key(**k))
            .count()
            >= 2;
        let f = if looks_payload {
            Finding::error(
                ids::INPUT_UNRECOGNIZED,
                "This is a decoded PASSporT payload, not a token",
                "The object has PASSporT claims (attest, orig, dest, iat) but no header or signature, so nothing can be checked beyond reading it.",
            )
            .hint("Paste the encoded token (header.payload.signature), e.g. the Identity header value or StirPassportToken.")
        } else {
            Finding::error(
                ids::INPUT_UNRECOGNIZED,
                "Object is not a Twilio webhook or CallToken",
                format!(
                    "None of the Twilio call parameters ({}) is present.",
                    TWILIO_KEYS[..9].join(", ")
                ),
            )
            .hint(ACCEPTED_FORMS)
        };
        ev.findings.push(f.at(at));
        return ev;
    }
    let mut ev = Evidence::new(InputKind::TwilioWebhook, format);
    ev.body_raw = raw_json;
    ev.form_params = params.clone();
    from_params(&mut ev, params, at);
    ev
}

/// Keys under which services put an Identity header or PASSporT.
const TOKEN_KEYS: [&str; 9] = [
    "identity",
    "identityheader",
    "passport",
    "passporttoken",
    "stirpassporttoken",
    "token",
    "jwt",
    "signedidentity",
    "identityvalue",
];

/// Fields beside a token that state numbers or an attestation: shown as the
/// service states them, never trusted.
const STATED_KEYS: [&str; 22] = [
    "attestationlevel",
    "attestation",
    "attest",
    "fromnumber",
    "from",
    "orig",
    "origtn",
    "callingnumber",
    "caller",
    "callerid",
    "ani",
    "tonumber",
    "to",
    "dest",
    "desttn",
    "callednumber",
    "called",
    "dnis",
    "verstat",
    "verificationstatus",
    "stirverstat",
    "status",
];

/// A JSON answer of a signing or verification service: an Identity header
/// (or bare PASSporT) under a key of its own at any depth. Its other fields
/// that state numbers or an attestation are kept as stated values.
fn from_api_response(v: &Value, format: &str, text: &str, lead: usize) -> Option<Evidence> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut stated: Vec<party::StatedValue> = Vec::new();
    walk_json(v, "", 0, &mut found, &mut stated);
    if found.is_empty() {
        return None;
    }
    let mut ev = Evidence::new(
        InputKind::ApiResponse,
        &format!("service answer ({format})"),
    );
    let idx = LineIndex::new(text);
    for (path, value) in found.into_iter().take(MAX_TOKENS + 1) {
        let probe: String = value.chars().take(40).collect();
        let location = text
            .get(lead..)
            .and_then(|t| t.find(&probe))
            .map(|o| idx.location(lead + o));
        ev.tokens.push(TokenSource {
            origin: format!("`{path}` of the service's answer"),
            carrier: Carrier::ApiField,
            value,
            role: TokenRole::Passport,
            location,
        });
    }
    ev.findings.push(Finding::info(
        ids::INPUT_NOTE,
        "A service's JSON answer",
        format!(
            "The Identity header was read from the JSON keys named in each PASSporT's origin.{}",
            if stated.is_empty() {
                String::new()
            } else {
                format!(
                    " What the service states beside it ({}) is shown as stated, not trusted: only the signed PASSporT and its certificate prove anything.",
                    stated.iter().map(|s| s.field.as_str()).collect::<Vec<_>>().join(", ")
                )
            }
        ),
    ));
    ev.presented.stated = stated;
    Some(ev)
}

fn walk_json(
    v: &Value,
    path: &str,
    depth: usize,
    found: &mut Vec<(String, String)>,
    stated: &mut Vec<party::StatedValue>,
) {
    if depth > 32 || found.len() > MAX_TOKENS {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let norm: String = k
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                match x {
                    Value::String(sv)
                        if looks_like_jws(sv)
                            || (TOKEN_KEYS.contains(&norm.as_str())
                                && sv.trim_start().starts_with("eyJ")) =>
                    {
                        found.push((p, sv.trim().to_string()));
                    }
                    Value::String(sv)
                        if STATED_KEYS.contains(&norm.as_str())
                            && !sv.is_empty()
                            && sv.len() < 200 =>
                    {
                        stated.push(party::StatedValue {
                            field: p,
                            value: sv.clone(),
                        });
                    }
                    Value::Number(n) if STATED_KEYS.contains(&norm.as_str()) => {
                        stated.push(party::StatedValue {
                            field: p,
                            value: n.to_string(),
                        });
                    }
                    _ => walk_json(x, &p, depth + 1, found, stated),
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                match x {
                    Value::String(sv) if looks_like_jws(sv) => {
                        found.push((p, sv.trim().to_string()))
                    }
                    _ => walk_json(x, &p, depth + 1, found, stated),
                }
            }
        }
        _ => {}
    }
}

/// `eyJ….….…` (an Identity header value's parameters may follow).
fn looks_like_jws(s: &str) -> bool {
    let t = s.trim();
    let jws = t.split(';').next().unwrap_or("");
    t.starts_with("eyJ") && jws.matches('.').count() == 2 && jws.len() > 20
}

/// A `Key=Value` or `Key: Value` line: key, value, byte offset, separator.
type KeyLine = (String, String, usize, char);

/// The lines of a paste read as `Key=Value` or `Key: Value`.
struct KeyLines {
    pairs: Vec<KeyLine>,
    /// Offsets of non-empty lines that are neither.
    unread: Vec<usize>,
    non_empty: usize,
}

/// A value without the quotes (and trailing comma) code puts around it.
fn unquote(v: &str) -> String {
    let v = v.trim().trim_end_matches(',').trim();
    if v.len() >= 2
        && ((v.starts_with('\'') && v.ends_with('\''))
            || (v.starts_with('"') && v.ends_with('"'))
            || (v.starts_with('`') && v.ends_with('`')))
    {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// The separator of a key line: whichever of `=` and `:` comes first.
fn key_separator(line: &str) -> Option<char> {
    match (line.find('='), line.find(':')) {
        (Some(e), Some(c)) => Some(if e < c { '=' } else { ':' }),
        (Some(_), None) => Some('='),
        (None, Some(_)) => Some(':'),
        (None, None) => None,
    }
}

fn key_lines(text: &str) -> KeyLines {
    let mut out = KeyLines {
        pairs: Vec::new(),
        unread: Vec::new(),
        non_empty: 0,
    };
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        out.non_empty += 1;
        let at = start + (raw.len() - raw.trim_start().len());
        // A value on the line after its key (`StirPassportToken:` then the
        // token, as code formatters break long strings).
        let continues = out.pairs.last().is_some_and(|p| p.1.is_empty())
            && (line.starts_with(['"', '\'', '`'])
                || line.starts_with("eyJ")
                || line.starts_with("%7B"));
        if continues {
            if let Some(last) = out.pairs.last_mut() {
                last.1 = unquote(line);
            }
            out.non_empty -= 1;
            continue;
        }
        let Some(sep) = key_separator(line) else {
            out.unread.push(at);
            continue;
        };
        let (k, v) = line.split_once(sep).unwrap_or((line, ""));
        let k = k.trim().trim_matches(|c| c == '"' || c == '\'');
        if k.is_empty()
            || !k
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        {
            out.unread.push(at);
            continue;
        }
        out.pairs.push((k.to_string(), unquote(v), at, sep));
    }
    out
}

/// Says which lines of a key/value paste were not read (ten, then a count).
fn note_unread_lines(ev: &mut Evidence, text: &str, unread: &[usize]) {
    let idx = LineIndex::new(text);
    for &at in unread.iter().take(10) {
        let line = text[at..].lines().next().unwrap_or("");
        ev.findings.push(
            Finding::info(
                ids::INPUT_NOTE,
                "A line was not read",
                format!(
                    "`{}` is not `Key: Value` or `Key=Value`; it was not read as a parameter.",
                    text::ellipsize(line.trim(), 60)
                ),
            )
            .at(Some(idx.location(at))),
        );
    }
    if unread.len() > 10 {
        ev.findings.push(Finding::info(
            ids::INPUT_NOTE,
            "More lines were not read",
            format!(
                "{} more lines that are not `Key: Value` were not read.",
                unread.len() - 10
            ),
        ));
    }
}

/// `Key=Value` or `Key: Value` lines: webhook parameters, or SIP header lines.
fn from_lines(text: &str) -> Option<Evidence> {
    let KeyLines {
        pairs,
        unread,
        non_empty,
    } = key_lines(text);
    if pairs.is_empty() || pairs.len() * 10 < non_empty * 8 {
        return None;
    }
    let sip_like = pairs
        .iter()
        .any(|(k, _, _, sep)| *sep == ':' && sip::is_sip_only_header(k));
    if sip_like {
        let mut ev = Evidence::new(InputKind::SipMessage, "SIP header lines");
        let msg = sip::parse(text, false, &mut ev.findings);
        from_sip(&mut ev, msg, text, 0);
        return Some(ev);
    }
    let known = pairs
        .iter()
        .filter(|(k, ..)| TWILIO_KEYS.contains(&k.as_str()))
        .count();
    if known == 0 {
        return None;
    }
    let mut ev = Evidence::new(InputKind::TwilioWebhook, "Key/Value lines");
    note_unread_lines(&mut ev, text, &unread);
    let params: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v, ..)| {
            let v = if text::has_percent_escape(v) && k != "CallToken" {
                text::percent_decode(v, false).0
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    ev.form_params = params.clone();
    let first = pairs.first().map(|p| p.2).unwrap_or(0);
    from_params(&mut ev, params, Some(location_of(text, first)));
    Some(ev)
}

/// A pasted body when a URL or signature was given separately.
fn from_body(text: &str) -> Evidence {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        let mut ev = Evidence::new(InputKind::TwilioWebhook, "empty request body");
        ev.body_raw = Some(text.to_string());
        ev.body_exact = true;
        return ev;
    }
    if trimmed.starts_with('{') {
        let lead = text.len() - text.trim_start().len();
        if let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(trimmed)
            && !obj
                .keys()
                .any(|k| TWILIO_KEYS.contains(&k.as_str()) || k == "parentCallInfoToken")
        {
            // A JSON webhook of another Twilio product: a body, not an error.
            let mut ev = Evidence::new(InputKind::TwilioWebhook, "JSON request body");
            ev.body_raw = Some(text.to_string());
            ev.body_exact = true;
            ev.findings.push(Finding::info(
                    ids::INPUT_NOTE,
                    "JSON body without call parameters",
                    "The body is JSON but carries none of the voice-call parameters (From, To, StirVerstat, …); only its signature can be checked.",
                ));
            return ev;
        }
        let mut ev = from_object_text(text, lead);
        // The signature covers the body bytes as received.
        ev.body_raw = Some(text.to_string());
        ev.body_exact = true;
        return ev;
    }
    if text::looks_like_form(trimmed) {
        let mut ev = Evidence::new(InputKind::TwilioWebhook, "form body");
        let params = text::parse_form(trimmed);
        ev.body_raw = Some(text.to_string());
        ev.body_exact = true;
        ev.form_params = params.clone();
        from_params(&mut ev, params, Some(Location { line: 1, column: 1 }));
        return ev;
    }
    // Anything else is inspected as usual; its parameters (if any) stand in for the body.
    let mut ev = detect(text, false);
    if ev.body_raw.is_none() {
        ev.body_raw = Some(text.to_string());
    }
    ev
}

fn from_http(text: &str, lead: usize) -> Evidence {
    let mut ev = Evidence::new(InputKind::HttpRequest, "raw HTTP request");
    let req = http::parse(&text[lead..], &mut ev.findings);
    shift_locations(&mut ev.findings, text, lead);
    let body_loc = Some(location_of(text, lead + req.body_offset));
    let mut params: Vec<(String, String)> = req.query().map(text::parse_form).unwrap_or_default();
    let ctype = req.content_type();
    let body = req.body.clone();
    ev.body_raw = Some(body.clone());
    ev.body_exact = true;
    let body_trim = body.trim();
    let is_json = ctype.as_deref().is_some_and(|c| c.contains("json"))
        || (ctype.is_none() && body_trim.starts_with('{'));
    if is_json && !body_trim.is_empty() {
        match serde_json::from_str::<Value>(body_trim) {
            Ok(Value::Object(obj)) => {
                for (k, v) in obj {
                    let s = match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    params.push((k, s));
                }
            }
            Ok(_) => {}
            Err(e) => ev.findings.push(
                Finding::warning(
                    ids::INPUT_MALFORMED,
                    "JSON body could not be read",
                    format!(
                        "The body is declared or looks like JSON but is broken at body line {}, column {}: {}.",
                        e.line(),
                        e.column(),
                        calltoken::strip_serde_position(&e.to_string())
                    ),
                )
                .at(body_loc),
            ),
        }
    } else if !body_trim.is_empty() {
        let form = text::parse_form(body_trim.trim_end_matches(['\r', '\n']));
        ev.form_params = form.clone();
        params.extend(form);
    }
    ev.http = Some(req);
    from_params(&mut ev, params, body_loc);
    ev
}

/// Pull the call facts out of webhook parameters.
fn from_params(ev: &mut Evidence, params: Vec<(String, String)>, at: Option<Location>) {
    ev.params = params;
    if let Some(v) = ev.param("StirVerstat").map(str::to_string) {
        ev.verstat = Some((v, "StirVerstat".to_string()));
    }
    for name in ["From", "Caller"] {
        if let Some(v) = ev.param(name).filter(|v| !v.is_empty()).map(str::to_string) {
            ev.calling.push(Party::from_value(&v, name));
        }
    }
    for name in ["To", "Called"] {
        if let Some(v) = ev.param(name).filter(|v| !v.is_empty()).map(str::to_string) {
            ev.called.push(Party::from_value(&v, name));
        }
    }
    if let Some(v) = ev
        .param("ForwardedFrom")
        .filter(|v| !v.is_empty())
        .map(str::to_string)
    {
        ev.diversions.push(Party::from_value(&v, "ForwardedFrom"));
    }
    ev.presented = webhook_presented(&ev.calling, &ev.called);
    if let Some(tok) = ev.param("StirPassportToken").map(str::to_string)
        && !tok.trim().is_empty()
    {
        ev.tokens.push(TokenSource {
            origin: "StirPassportToken".to_string(),
            carrier: Carrier::WebhookParam,
            value: tok,
            role: TokenRole::Passport,
            location: at,
        });
    }
    if let Some(ct) = ev.param("CallToken").map(str::to_string)
        && !ct.trim().is_empty()
    {
        add_call_token(ev, &ct, "CallToken", at);
    }
}

fn add_call_token(ev: &mut Evidence, raw: &str, origin: &str, at: Option<Location>) {
    match calltoken::decode(raw) {
        Ok(ct) => push_call_token(ev, ct, origin, at),
        Err(e) => ev.findings.push(
            Finding::error(
                ids::CALLTOKEN_MALFORMED,
                "CallToken could not be decoded",
                format!("{origin}: {e}."),
            )
            .at(at)
            .hint("Copy the CallToken value exactly as the webhook delivered it (it is URL-encoded JSON)."),
        ),
    }
}

fn push_call_token(
    ev: &mut Evidence,
    ct: calltoken::CallToken,
    origin: &str,
    at: Option<Location>,
) {
    for p in &ct.problems {
        ev.findings.push(
            Finding::error(
                ids::CALLTOKEN_MALFORMED,
                "CallToken is not the documented shape",
                format!("{origin}: {p}."),
            )
            .at(at),
        );
    }
    if let Some(parent) = &ct.parent {
        ev.tokens.push(TokenSource {
            origin: format!("{origin} parentCallInfoToken"),
            carrier: Carrier::CallToken,
            value: parent.clone(),
            role: TokenRole::CallTokenParent,
            location: at,
        });
    }
    for (i, id) in ct.identities.iter().enumerate() {
        ev.tokens.push(TokenSource {
            origin: format!("{origin} identity token {}", i + 1),
            carrier: Carrier::CallToken,
            value: id.clone(),
            role: TokenRole::Passport,
            location: at,
        });
    }
    ev.call_token = Some((ct, origin.to_string()));
}

// ---------------------------------------------------------------- SIP

/// The grammar problems of a SIP message, as findings at their locations.
fn sip_problems(ev: &mut Evidence, msg: &sip::SipMessage, text: &str, lead: usize) {
    let idx = LineIndex::new(text);
    let loc = |offset: usize| Some(idx.location(lead + offset));
    for p in &msg.problems {
        let f = match p.severity {
            Severity::Warning => Finding::warning(
                ids::INPUT_MALFORMED,
                "SIP message breaks the RFC 3261 grammar",
                format!("{}.", p.message),
            )
            .hint("A verifier's SIP stack rejects such a request (400 Bad Request) before it looks at the Identity header; if the paste was retyped, copy the message again from the trace."),
            _ => Finding::info(ids::INPUT_NOTE, "SIP message note", format!("{}.", p.message)),
        };
        ev.findings.push(f.at(loc(p.offset)));
    }
}

fn from_sip(ev: &mut Evidence, msg: sip::SipMessage, text: &str, lead: usize) {
    let idx = LineIndex::new(text);
    sip_problems(ev, &msg, text, lead);
    for (i, h) in msg.headers_named("Identity").enumerate() {
        ev.tokens.push(TokenSource {
            origin: format!("Identity header {}", i + 1),
            carrier: Carrier::SipIdentityHeader,
            value: h.value.clone(),
            role: TokenRole::Passport,
            location: Some(idx.location(lead + h.offset)),
        });
        if i > MAX_TOKENS {
            break; // parse() reports the overflow
        }
    }
    // RFC 8224 §12.1 / ATIS-1000074 §5.3.1: the caller is P-Asserted-Identity
    // (each identity of each header), Remote-Party-ID, From; the callee the
    // Request-URI and To. Each is the URI's number, never the display name's.
    let list = |name: &str| sip_party_list(&msg, name, &idx, lead);
    let pai = list("P-Asserted-Identity");
    let rpid = list("Remote-Party-ID");
    let from = sip_party(&msg, "From", &idx, lead);
    let to = sip_party(&msg, "To", &idx, lead);
    let ruri = request_uri_party(&msg, &idx, lead);
    ev.calling.extend(pai.iter().cloned());
    ev.calling.extend(rpid.iter().cloned());
    ev.calling.extend(from.iter().cloned());
    ev.called.extend(ruri.iter().cloned());
    ev.called.extend(to.iter().cloned());
    ev.presented = Presented {
        from: from.as_ref().map(PresentedParty::of),
        pai: pai.first().map(PresentedParty::of),
        to: to.as_ref().map(PresentedParty::of),
        request_uri: ruri.as_ref().map(PresentedParty::of),
        others: pai
            .iter()
            .skip(1)
            .chain(rpid.iter())
            .map(PresentedParty::of)
            .collect(),
        stated: Vec::new(),
    };
    ev.verstat = sip_verstat(&msg, &pai, from.as_ref());
    if let Some(h) = msg.headers_named("Date").next() {
        // A Date the grammar check already flagged is not judged (the
        // reference time falls back to another source).
        ev.sip_date = sip::parse_http_date(&h.value);
    }
    ev.diversions.extend(list("Diversion"));
    ev.diversions.extend(list("History-Info"));
    if ev.tokens.is_empty() {
        ev.findings.push(Finding::info(
            ids::INPUT_NOTE,
            "No Identity header",
            "The SIP message carries no Identity header: the call was not signed, or a proxy removed the header before it was captured.",
        ));
    }
    ev.sip = Some(msg);
}

/// Every address of every header with this name, as parties.
fn sip_party_list(msg: &sip::SipMessage, name: &str, idx: &LineIndex, lead: usize) -> Vec<Party> {
    let mut out = Vec::new();
    for h in msg.headers_named(name) {
        for (start, r) in sipaddr::parse_address_list(&h.value) {
            let raw = sip_list_piece(&h.value[start..]);
            out.push(
                Party::from_address(raw, name, r.as_ref().ok())
                    .at(Some(idx.location(lead + h.offset))),
            );
        }
    }
    out
}

/// The first header with this name, as a party.
fn sip_party(msg: &sip::SipMessage, name: &str, idx: &LineIndex, lead: usize) -> Option<Party> {
    let h = msg.headers_named(name).next()?;
    let a = sipaddr::parse_address(&h.value).ok();
    Some(Party::from_address(&h.value, name, a.as_ref()).at(Some(idx.location(lead + h.offset))))
}

/// The Request-URI as the called party (its number, if it has one).
fn request_uri_party(msg: &sip::SipMessage, idx: &LineIndex, lead: usize) -> Option<Party> {
    let u = msg.request_uri.as_ref()?;
    let mut p = Party::from_value(u, "Request-URI");
    if let Ok(uri) = sipaddr::parse_uri(u) {
        let tn = uri.number();
        p.number = tn.as_ref().map(|t| t.digits.clone());
        p.written = tn.map(|t| t.written);
        p.uri = Some(uri.raw);
    }
    Some(p.at(Some(idx.location(lead + msg.request_uri_offset))))
}

/// The carrier's verstat in a SIP message: `X-Twilio-VerStat`, else a
/// verstat URI parameter (3GPP TS 24.229) on P-Asserted-Identity or From.
fn sip_verstat(
    msg: &sip::SipMessage,
    pai: &[Party],
    from: Option<&Party>,
) -> Option<(String, String)> {
    if let Some(v) = msg.header("X-Twilio-VerStat") {
        return Some((v.to_string(), "X-Twilio-VerStat".into()));
    }
    let from: Vec<Party> = from.into_iter().cloned().collect();
    for (name, parties) in [("P-Asserted-Identity", pai), ("From", &from[..])] {
        let found = parties.iter().find_map(|p| {
            let a = sipaddr::parse_address(&p.value).ok()?;
            a.uri.param("verstat").map(str::to_string).or_else(|| {
                a.params
                    .iter()
                    .find(|x| x.name == "verstat")
                    .and_then(|x| x.value.clone())
            })
        });
        if let Some(v) = found {
            return Some((v, format!("verstat parameter in {name}")));
        }
    }
    None
}

/// One element of a comma-separated address list, up to its comma (outside
/// quotes and brackets).
fn sip_list_piece(rest: &str) -> &str {
    let (mut quoted, mut esc, mut angle) = (false, false, false);
    for (i, c) in rest.char_indices() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' if quoted => esc = true,
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => return rest[..i].trim(),
            _ => {}
        }
    }
    rest.trim()
}

/// A webhook's From/To (and Caller/Called when they say something else).
fn webhook_presented(calling: &[Party], called: &[Party]) -> Presented {
    let by = |list: &[Party], name: &str| list.iter().find(|p| p.source == name).cloned();
    let from = by(calling, "From").or_else(|| by(calling, "Caller"));
    let to = by(called, "To").or_else(|| by(called, "Called"));
    let mut others = Vec::new();
    for (main, alt) in [(&from, by(calling, "Caller")), (&to, by(called, "Called"))] {
        if let (Some(m), Some(a)) = (main, alt)
            && m.source != a.source
            && m.number != a.number
        {
            others.push(PresentedParty::of(&a));
        }
    }
    Presented {
        from: from.as_ref().map(PresentedParty::of),
        pai: None,
        to: to.as_ref().map(PresentedParty::of),
        request_uri: None,
        others,
        stated: Vec::new(),
    }
}

// ---------------------------------------------------------------- tokens in free text

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Find JWT-like strings (`eyJ…`) anywhere in `text`, each with any Identity
/// parameters that follow it on the same line. Returns (offset, value).
pub fn scan_tokens(text: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    while i + 3 <= b.len() {
        if &b[i..i + 3] == b"eyJ" && (i == 0 || !(is_b64url(b[i - 1]) || b[i - 1] == b'.')) {
            let start = i;
            let mut j = i;
            while j < b.len() && (is_b64url(b[j]) || b[j] == b'.' || b[j] == b'=') {
                j += 1;
            }
            let mut end = j;
            // Identity parameters on the same line: ;info=<...>;alg=...;ppt=...
            let mut k = j;
            while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
                k += 1;
            }
            if k < b.len() && b[k] == b';' {
                // Identity parameters run to the end of the line, or to
                // whitespace that does not continue them (the next field of
                // a log line); `<…>` and quotes may hold anything. A quote
                // that opened before the token closes it.
                let quoted = start > 0 && matches!(b[start - 1], b'"' | b'\'');
                let (mut angle, mut q, mut e) = (false, false, k);
                while e < b.len() {
                    match b[e] {
                        b'\n' | b'\r' => break,
                        b'<' if !q => angle = true,
                        b'>' if !q => angle = false,
                        b'\\' if e + 1 < b.len() && b[e + 1] == b'"' => {
                            e += 2;
                            q = !q;
                            continue;
                        }
                        b'"' if quoted && !angle && !q => break,
                        b'"' => q = !q,
                        b'\'' if quoted && !angle && !q => break,
                        b' ' | b'\t' if !angle && !q => {
                            let mut n = e;
                            while n < b.len() && matches!(b[n], b' ' | b'\t') {
                                n += 1;
                            }
                            if n >= b.len() || b[n] != b';' {
                                break;
                            }
                        }
                        _ => {}
                    }
                    e += 1;
                }
                end = e;
                // Trim a trailing comma from JSON or JS contexts; unescape \".
                let v = text[start..end].trim_end().trim_end_matches(',');
                let v = v.replace("\\\"", "\"");
                let v = if v.matches('"').count() % 2 == 1 {
                    v.trim_end_matches('"').to_string()
                } else {
                    v
                };
                out.push((start, v.trim_end_matches('\'').to_string()));
            } else {
                out.push((start, text[start..end].trim_end_matches('=').to_string()));
            }
            i = end.max(i + 1);
            if out.len() > MAX_TOKENS {
                break;
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str) -> InputKind {
        parse(t, false).kind
    }

    #[test]
    fn recognises_each_kind() {
        assert_eq!(kind(""), InputKind::Empty);
        assert_eq!(kind("   \n "), InputKind::Empty);
        assert_eq!(kind("TN-Validation-Passed-A"), InputKind::Verstat);
        assert_eq!(
            kind("Called=%2B15555555555&StirVerstat=TN-Validation-Passed-A"),
            InputKind::TwilioWebhook
        );
        assert_eq!(
            kind("{\"From\":\"+1\",\"To\":\"+2\"}"),
            InputKind::TwilioWebhook
        );
        assert_eq!(kind("{ From: '+1', To: '+2' }"), InputKind::TwilioWebhook);
        assert_eq!(
            kind("From: +1\nTo: +2\nStirVerstat: No-TN-Validation"),
            InputKind::TwilioWebhook
        );
        assert_eq!(kind("From=+1\nTo=+2"), InputKind::TwilioWebhook);
        assert_eq!(
            kind("POST /v HTTP/1.1\nHost: a\n\nFrom=%2B1"),
            InputKind::HttpRequest
        );
        assert_eq!(
            kind("INVITE sip:+1@a SIP/2.0\nFrom: <sip:+2@b>\n\n"),
            InputKind::SipMessage
        );
        assert_eq!(
            kind("Identity: eyJa.eyJb.c;info=<https://x/y>\nFrom: <sip:+1@a>"),
            InputKind::SipMessage
        );
        assert_eq!(
            kind("eyJa.eyJb.c;info=<https://x/y>;alg=ES256"),
            InputKind::IdentityHeader
        );
        assert_eq!(kind("eyJa.eyJb.c\neyJd.eyJe.f"), InputKind::Passport);
        assert_eq!(
            kind("%7B%22parentCallInfoToken%22%3A%22a.b.c%22%7D"),
            InputKind::CallToken
        );
        assert_eq!(
            kind("{\"parentCallInfoToken\":\"a.b.c\",\"identityHeaderTokens\":[]}"),
            InputKind::CallToken
        );
        assert_eq!(kind("hello there"), InputKind::Unrecognized);
        assert_eq!(kind("{\"foo\": 1}"), InputKind::Unrecognized);
    }

    #[test]
    fn webhook_tokens_and_parties() {
        let ev = parse(
            "{ From: '+12222222222', To: '+15555555555', StirVerstat: 'TN-Validation-Passed-A', StirPassportToken: 'eyJa.eyJb.c' }",
            false,
        );
        assert_eq!(ev.verstat.as_ref().unwrap().0, "TN-Validation-Passed-A");
        assert_eq!(ev.calling[0].value, "+12222222222");
        assert_eq!(ev.called[0].source, "To");
        assert_eq!(ev.tokens.len(), 1);
        assert_eq!(ev.tokens[0].origin, "StirPassportToken");
    }

    #[test]
    fn broken_object_reports_location() {
        let ev = parse("{\n  From: '+1',\n  To '+2'\n}", false);
        assert_eq!(ev.kind, InputKind::Unrecognized);
        let f = ev
            .findings
            .iter()
            .find(|f| f.id == ids::INPUT_UNRECOGNIZED)
            .unwrap();
        let loc = f.location.unwrap();
        assert_eq!(loc.line, 3);
        assert!(f.detail.contains("line 3"), "{}", f.detail);
    }

    #[test]
    fn scan_finds_tokens_with_params() {
        let t = "PASSporT is:\neyJa.eyJb.c\nheader: eyJx.eyJy.z;info=<https://a/b>;ppt=shaken\n";
        let found = scan_tokens(t);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, "eyJa.eyJb.c");
        assert_eq!(found[1].1, "eyJx.eyJy.z;info=<https://a/b>;ppt=shaken");
    }

    #[test]
    fn body_mode_treats_text_as_body() {
        let ev = parse("From=%2B1&To=%2B2", true);
        assert_eq!(ev.kind, InputKind::TwilioWebhook);
        assert_eq!(ev.form_params.len(), 2);
        assert!(ev.body_exact);
        let ev = parse("", true);
        assert_eq!(ev.kind, InputKind::TwilioWebhook);
        assert_eq!(ev.body_raw.as_deref(), Some(""));
    }

    #[test]
    fn http_request_with_leading_blank_lines_and_query() {
        let ev = parse(
            "\n\nGET /voice?From=%2B12222222222&To=%2B15555555555 HTTP/1.1\nHost: a.example\n\n",
            false,
        );
        assert_eq!(ev.kind, InputKind::HttpRequest);
        assert_eq!(ev.calling[0].value, "+12222222222");
        assert!(ev.form_params.is_empty());
    }
}
