//! SIP messages (RFC 3261 §7): start line, header fields with compact names and
//! folded lines, body. Only what calltrust needs is interpreted.

use crate::model::{Finding, Severity};

#[derive(Clone, Debug, PartialEq)]
pub struct SipHeader {
    /// Canonical (long) name, e.g. `Identity` for `y`.
    pub name: String,
    /// The value, folded lines joined with one space.
    pub value: String,
    /// Byte offset of the header line in the pasted text.
    pub offset: usize,
    /// Where each piece of `value` sits in the text: (offset in `value`,
    /// offset in the text), one per physical line.
    pub pieces: Vec<(usize, usize)>,
}

impl SipHeader {
    /// The text offset of byte `at` of the (joined) value.
    pub fn text_offset(&self, at: usize) -> usize {
        match self.pieces.iter().rev().find(|(v, _)| *v <= at) {
            Some((v, t)) => t + (at - v),
            None => self.offset,
        }
    }
}

/// A place where the message departs from the RFC 3261 grammar.
#[derive(Clone, Debug, PartialEq)]
pub struct SipProblem {
    /// Byte offset in the parsed text.
    pub offset: usize,
    pub message: String,
    /// `Warning` for a grammar violation, `Info` for a note (missing or
    /// extra parts that do not change what calltrust reads).
    pub severity: Severity,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct SipMessage {
    pub start_line: Option<String>,
    pub method: Option<String>,
    pub request_uri: Option<String>,
    /// Byte offset of the Request-URI in the parsed text.
    pub request_uri_offset: usize,
    pub headers: Vec<SipHeader>,
    pub body: String,
    /// Grammar problems, in text order.
    pub problems: Vec<SipProblem>,
}

/// RFC 3261 §7.3.3 and the IANA registry of compact forms.
fn long_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let long = match lower.as_str() {
        "y" => "Identity",
        "f" => "From",
        "t" => "To",
        "i" => "Call-ID",
        "m" => "Contact",
        "v" => "Via",
        "l" => "Content-Length",
        "c" => "Content-Type",
        "e" => "Content-Encoding",
        "k" => "Supported",
        "s" => "Subject",
        "o" => "Event",
        "r" => "Refer-To",
        "b" => "Referred-By",
        "u" => "Allow-Events",
        "x" => "Session-Expires",
        "identity" => "Identity",
        "from" => "From",
        "to" => "To",
        "date" => "Date",
        "call-id" => "Call-ID",
        "cseq" => "CSeq",
        "via" => "Via",
        "contact" => "Contact",
        "content-length" => "Content-Length",
        "max-forwards" => "Max-Forwards",
        "p-asserted-identity" => "P-Asserted-Identity",
        "remote-party-id" => "Remote-Party-ID",
        "diversion" => "Diversion",
        "history-info" => "History-Info",
        "x-twilio-verstat" => "X-Twilio-VerStat",
        _ => return name.to_string(),
    };
    long.to_string()
}

/// Names that mark pasted `Name: value` lines as SIP headers rather than
/// webhook parameters.
pub fn is_sip_only_header(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "identity"
            | "y"
            | "via"
            | "v"
            | "call-id"
            | "cseq"
            | "max-forwards"
            | "p-asserted-identity"
            | "remote-party-id"
            | "contact"
            | "x-twilio-verstat"
            | "diversion"
            | "history-info"
    )
}

/// A request line (`INVITE sip:+1555@example.com SIP/2.0`, also with the
/// flaws RFC 4475 §3.1.2 tests: extra spaces, `<…>` around the URI, another
/// version) or a status line (`SIP/2.0 180 Ringing`).
pub fn is_start_line(line: &str) -> bool {
    let t = line.trim_end();
    if t.starts_with("SIP/2.0 ") {
        return true;
    }
    let parts: Vec<&str> = t.split_whitespace().collect();
    if parts.len() < 3 || t.starts_with(char::is_whitespace) {
        return false;
    }
    let (m, uri, v) = (parts[0], parts[1], parts[parts.len() - 1]);
    let version = v.len() >= 7
        && v.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("SIP/"))
        && v.get(4..).is_some_and(|r| {
            r.split('.')
                .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        });
    let scheme = uri
        .trim_start_matches('<')
        .split_once(':')
        .is_some_and(|(s, _)| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        });
    m.chars().all(crate::input::sipaddr::is_token_char) && version && scheme
}

impl SipMessage {
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a SipHeader> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
    fn problem(&mut self, offset: usize, severity: Severity, message: impl Into<String>) {
        self.problems.push(SipProblem {
            offset,
            message: message.into(),
            severity,
        });
    }
}

/// Parse a SIP message; `with_start_line` false for a paste of header lines
/// only. Lines that are not headers become findings; grammar problems are
/// collected in [`SipMessage::problems`] (the caller reports them).
pub fn parse(text: &str, with_start_line: bool, findings: &mut Vec<Finding>) -> SipMessage {
    let mut msg = SipMessage::default();
    let mut offset = 0usize;
    let mut lines = text.split_inclusive('\n').peekable();
    if with_start_line && let Some(first) = lines.next() {
        offset += first.len();
        start_line(&mut msg, first.trim_end_matches(['\r', '\n']));
    }
    let mut body_offset = text.len();
    let mut skipped = crate::input::text::SkippedLines::new("SIP");
    for raw in lines {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            if !msg.headers.is_empty() || with_start_line {
                body_offset = offset;
                break;
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
            if let Some(last) = msg.headers.last_mut() {
                let lead = line.len() - line.trim_start().len();
                if !last.value.is_empty() {
                    last.value.push(' ');
                }
                last.pieces.push((last.value.len(), line_start + lead));
                last.value.push_str(line.trim());
                continue;
            }
        }
        match line.split_once(':') {
            Some((name, value))
                if !name.trim().is_empty() && !name.trim().contains([' ', '\t']) =>
            {
                let n = name.trim();
                if !n.chars().all(crate::input::sipaddr::is_token_char) {
                    msg.problem(
                        line_start,
                        Severity::Warning,
                        format!("`{n}` is not a header name (a token)"),
                    );
                }
                let lead = value.len() - value.trim_start().len();
                let value_at = line_start + name.len() + 1 + lead;
                msg.headers.push(SipHeader {
                    name: long_name(n),
                    value: value.trim().to_string(),
                    offset: line_start,
                    pieces: vec![(0, value_at)],
                });
            }
            _ => skipped.skip(text, line, line_start, findings),
        }
    }
    skipped.finish(findings);
    msg.body = text.get(body_offset..).unwrap_or("").to_string();
    validate(&mut msg, with_start_line, body_offset);
    msg.problems.sort_by_key(|p| p.offset);
    msg
}

/// `SIP-Version SP Status-Code SP Reason-Phrase` after its `SIP/`.
fn status_line(msg: &mut SipMessage, rest: &str) {
    let mut parts = rest.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    if version != "2.0" {
        msg.problem(
            0,
            Severity::Warning,
            format!("version SIP/{version} is not SIP/2.0"),
        );
    }
    let code = parts.next().unwrap_or("");
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        msg.problem(
            5 + version.len(),
            Severity::Warning,
            format!(
                "status code `{}` is not three digits",
                crate::input::text::ellipsize(code, 20)
            ),
        );
    }
}

/// The Request-URI of a request line, at `uri_at`: not in <…>, no headers
/// on a telephone number (RFC 3261 §19.1.5), a URI calltrust can read.
fn request_uri(msg: &mut SipMessage, uri_at: usize, uri: &str) {
    let mut uri_text = uri;
    if let Some(inner) = uri.strip_prefix('<') {
        msg.problem(
            uri_at,
            Severity::Warning,
            "the Request-URI must not be enclosed in <…>",
        );
        uri_text = inner.trim_end_matches('>');
    }
    msg.request_uri = Some(uri_text.to_string());
    msg.request_uri_offset = uri_at + (uri.len() - uri_text.len()).min(1);
    // Headers (`?…`) start after the host; a '?' in the user part is a user character.
    let host_at = uri_text.find('@').map(|a| a + 1).unwrap_or(0);
    let headers_at = uri_text[host_at..].find('?').map(|q| host_at + q);
    match crate::input::sipaddr::parse_uri(uri_text) {
        Ok(u) if u.is_telephony() && u.scheme != "tel" && headers_at.is_some() => msg.problem(
            uri_at + headers_at.unwrap_or(0),
            Severity::Warning,
            "a Request-URI must not carry headers (?…) (RFC 3261 §19.1.5)",
        ),
        Ok(_) => {}
        Err(e) => msg.problem(
            uri_at + e.at,
            Severity::Warning,
            format!("Request-URI: {}", e.message),
        ),
    }
}

/// `Method SP Request-URI SP SIP-Version` or `SIP-Version SP Status-Code SP
/// Reason-Phrase` (RFC 3261 §7.1, §7.2), single spaces, nothing after.
fn start_line(msg: &mut SipMessage, line: &str) {
    msg.start_line = Some(line.to_string());
    if let Some(rest) = line.strip_prefix("SIP/") {
        status_line(msg, rest);
        return;
    }
    if line.ends_with([' ', '\t']) {
        msg.problem(
            line.trim_end().len(),
            Severity::Warning,
            "the request line ends with spaces",
        );
    }
    let trimmed = line.trim_end();
    if let Some(p) = trimmed.find("  ") {
        msg.problem(
            p,
            Severity::Warning,
            "more than one space between the parts of the request line",
        );
    }
    let parts: Vec<(usize, &str)> = trimmed
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let Some(&(_, method)) = parts.first() else {
        return;
    };
    msg.method = Some(method.to_string());
    let Some(&(uri_at, uri)) = parts.get(1) else {
        msg.problem(0, Severity::Warning, "the request line has no Request-URI");
        return;
    };
    if parts.len() > 3 {
        msg.problem(
            parts[2].0.saturating_sub(1),
            Severity::Warning,
            "the Request-URI contains a space (or the request line has extra parts)",
        );
    }
    let version = parts.last().map(|p| p.1).unwrap_or("");
    if version != "SIP/2.0" {
        let at = parts.last().map(|p| p.0).unwrap_or(0);
        msg.problem(
            at,
            Severity::Warning,
            format!("version `{version}` is not SIP/2.0"),
        );
    }
    request_uri(msg, uri_at, uri);
}

/// A located problem: byte offset, severity, message.
type Problem = (usize, Severity, String);

/// The header rules a verifier's SIP stack applies before STIR/SHAKEN sees
/// the request (RFC 3261 §7.3, §20, §25.1).
fn validate(msg: &mut SipMessage, with_start_line: bool, body_offset: usize) {
    let mut problems: Vec<Problem> = Vec::new();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for h in &msg.headers {
        let single = matches!(
            h.name.as_str(),
            "From" | "To" | "Call-ID" | "CSeq" | "Max-Forwards" | "Content-Length"
        );
        if single {
            if seen.iter().any(|(n, _)| *n == h.name) {
                problems.push((
                    h.offset,
                    Severity::Warning,
                    format!("a second {} header: it takes exactly one value", h.name),
                ));
            } else {
                seen.push((h.name.as_str(), h.offset));
            }
        }
        header_problems(h, msg.method.as_deref(), &mut problems);
    }
    body_length_problems(msg, body_offset, &mut problems);
    if with_start_line && msg.method.is_some() {
        let missing: Vec<&str> = ["From", "To"]
            .into_iter()
            .filter(|n| msg.header(n).is_none())
            .collect();
        if !missing.is_empty() {
            problems.push((
                0,
                Severity::Info,
                format!(
                    "no {} header: the request lacks what a verifier compares orig and dest with",
                    missing.join(" or ")
                ),
            ));
        }
    }
    for (o, s, m) in problems {
        msg.problem(o, s, m);
    }
}

/// One header's value against its grammar.
fn header_problems(h: &SipHeader, method: Option<&str>, problems: &mut Vec<Problem>) {
    use crate::input::sipaddr::{parse_address, parse_address_list};
    match h.name.as_str() {
        "From" | "To" => {
            if let Err(e) = parse_address(&h.value) {
                problems.push((
                    h.text_offset(e.at),
                    Severity::Warning,
                    format!("{}: {}", h.name, e.message),
                ));
            }
        }
        "Contact" if h.value.trim() != "*" => {
            for (start, r) in parse_address_list(&h.value) {
                if let Err(e) = r {
                    problems.push((
                        h.text_offset(start + e.at),
                        Severity::Warning,
                        format!("Contact: {}", e.message),
                    ));
                }
            }
        }
        "P-Asserted-Identity" | "Diversion" | "Remote-Party-ID" | "History-Info" => {
            for (start, r) in parse_address_list(&h.value) {
                if let Err(e) = r {
                    problems.push((
                        h.text_offset(start + e.at),
                        Severity::Warning,
                        format!("{}: {}", h.name, e.message),
                    ));
                }
            }
        }
        "CSeq" => cseq_problems(h, method, problems),
        "Max-Forwards" => match h.value.parse::<u32>() {
            Ok(v) if v <= 255 => {}
            _ => problems.push((
                h.text_offset(0),
                Severity::Warning,
                format!(
                    "Max-Forwards `{}` is not a number from 0 to 255",
                    crate::input::text::ellipsize(&h.value, 20)
                ),
            )),
        },
        "Content-Length" if h.value.is_empty() || !h.value.bytes().all(|b| b.is_ascii_digit()) => {
            problems.push((
                h.text_offset(0),
                Severity::Warning,
                format!(
                    "Content-Length `{}` is not a number of bytes",
                    crate::input::text::ellipsize(&h.value, 20)
                ),
            ));
        }
        "Via" => {
            for (start, piece) in split_list_offsets(&h.value) {
                if let Some((at, why)) = via_problem(piece) {
                    problems.push((
                        h.text_offset(start + at),
                        Severity::Warning,
                        format!("Via: {why}"),
                    ));
                }
            }
        }
        "Date" if parse_http_date(&h.value).is_none() => {
            problems.push((h.text_offset(0), Severity::Warning, format!("Date `{}` is not an RFC 1123 date in GMT (e.g. `Wed, 03 Nov 2021 16:37:03 GMT`); iat is judged against another reference time", crate::input::text::ellipsize(&h.value, 40))));
        }
        _ => {}
    }
}

/// CSeq: a number below 2^31 and the request's method (RFC 3261 §8.1.1.5).
fn cseq_problems(h: &SipHeader, method: Option<&str>, problems: &mut Vec<Problem>) {
    let mut it = h.value.split_whitespace();
    let n = it.next().unwrap_or("");
    let m = it.next();
    match n.parse::<u64>() {
        _ if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) => problems.push((
            h.text_offset(0),
            Severity::Warning,
            "CSeq: the sequence number is not a number".into(),
        )),
        Ok(v) if v < 1 << 31 => {}
        _ => problems.push((
            h.text_offset(0),
            Severity::Warning,
            "CSeq: the sequence number is 2^31 or more (RFC 3261 §8.1.1.5)".into(),
        )),
    }
    match (m, method) {
        (None, _) => problems.push((
            h.text_offset(0),
            Severity::Warning,
            "CSeq: no method after the number".into(),
        )),
        (Some(cm), Some(rm)) if cm != rm => problems.push((
            h.text_offset(h.value.find(cm).unwrap_or(0)),
            Severity::Warning,
            format!("CSeq method {cm} is not the request's method {rm}"),
        )),
        _ => {}
    }
}

/// Content-Length against the body as pasted; LF-only pastes are counted as
/// the CRLF the wire carried.
fn body_length_problems(msg: &SipMessage, body_offset: usize, problems: &mut Vec<Problem>) {
    if let Some(cl) = msg.headers_named("Content-Length").next()
        && let Ok(n) = cl.value.parse::<usize>()
    {
        let raw = msg.body.len();
        let crlf = raw
            + msg
                .body
                .bytes()
                .enumerate()
                .filter(|(i, b)| *b == b'\n' && (*i == 0 || msg.body.as_bytes()[i - 1] != b'\r'))
                .count();
        let trimmed = msg.body.trim_end().len();
        if n > raw.max(crlf) {
            problems.push((
                cl.offset,
                Severity::Warning,
                format!(
                    "Content-Length says {n} bytes but the body has {raw}: the message was cut off"
                ),
            ));
        } else if n < trimmed && n != raw && n != crlf && !(n..=raw.max(crlf)).contains(&trimmed) {
            problems.push((body_offset + n.min(raw), Severity::Info, format!("{} bytes follow the {n}-byte body that Content-Length announces; they were not read as part of this message", raw.saturating_sub(n))));
        }
    }
}

/// RFC 3261 §20.42: `SIP / 2.0 / transport sent-by *( SEMI via-params )`.
fn via_problem(v: &str) -> Option<(usize, String)> {
    let t = v.trim_start();
    let lead = v.len() - t.len();
    let mut parts = t.splitn(3, '/');
    let (proto, ver, rest) = (parts.next()?, parts.next(), parts.next());
    let (Some(ver), Some(rest)) = (ver, rest) else {
        return Some((lead, "not `SIP/2.0/transport host`".into()));
    };
    if !proto.trim().eq_ignore_ascii_case("SIP") || ver.trim() != "2.0" {
        return Some((
            lead,
            format!("protocol {}/{} is not SIP/2.0", proto.trim(), ver.trim()),
        ));
    }
    let rest_at = v.len() - rest.len();
    let mut params = rest.split(';');
    let sent = params.next().unwrap_or("").trim();
    if sent.split_whitespace().count() < 2 {
        return Some((rest_at, "no transport and host (sent-by)".into()));
    }
    let mut pos = rest_at + rest.split(';').next().map(str::len).unwrap_or(0);
    for p in params {
        if p.trim().is_empty() {
            return Some((pos, "empty parameter (';' with no name)".into()));
        }
        pos += p.len() + 1;
    }
    None
}

/// Split a header value on commas outside quotes and angle brackets, with
/// each piece's byte offset.
fn split_list_offsets(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0usize);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => depth += 1,
            '>' if !quoted => depth -= 1,
            ',' if !quoted && depth <= 0 => {
                out.push((start, &value[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, &value[start..]));
    out
}

/// Split a header value on commas that are outside quotes and angle brackets
/// (P-Asserted-Identity may carry a sip and a tel URI in one line).
pub fn split_list(value: &str) -> Vec<&str> {
    split_list_offsets(value)
        .into_iter()
        .map(|(_, piece)| piece.trim())
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// A URI parameter (e.g. `verstat`) from a name-addr or URI, case-insensitive.
pub fn uri_param(value: &str, param: &str) -> Option<String> {
    value.split([';', '>', '?', '&']).skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(param)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Parse an RFC 1123 date (`Tue, 31 Aug 2010 20:36:28 GMT`) to Unix seconds.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.split_once(',').map(|(_, r)| r.trim()).unwrap_or(s);
    let mut it = s.split_whitespace();
    let day: u8 = it.next()?.parse().ok()?;
    let month = match it.next()?.to_ascii_lowercase().as_str() {
        "jan" => time::Month::January,
        "feb" => time::Month::February,
        "mar" => time::Month::March,
        "apr" => time::Month::April,
        "may" => time::Month::May,
        "jun" => time::Month::June,
        "jul" => time::Month::July,
        "aug" => time::Month::August,
        "sep" => time::Month::September,
        "oct" => time::Month::October,
        "nov" => time::Month::November,
        "dec" => time::Month::December,
        _ => return None,
    };
    let year: i32 = it.next()?.parse().ok()?;
    let mut hms = it.next()?.split(':');
    let h: u8 = hms.next()?.parse().ok()?;
    let m: u8 = hms.next()?.parse().ok()?;
    let sec: u8 = hms.next()?.parse().ok()?;
    let zone = it.next().unwrap_or("GMT");
    if !matches!(zone, "GMT" | "UTC" | "+0000" | "Z") {
        return None;
    }
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let t = time::Time::from_hms(h, m, sec).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, t)
            .assume_utc()
            .unix_timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVITE: &str = "INVITE sip:+15555555555@trunk.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4\r\nf: <sip:+12222222222@a.example>;tag=1\r\nt: <sip:+15555555555@b.example>\r\nDate: Wed, 03 Nov 2021 16:37:03 GMT\r\ny: eyJhbGc.eyJhd.sig;\r\n info=<https://cert.example.org/c.pem>;alg=ES256;ppt=shaken\r\nIdentity: second\r\nP-Asserted-Identity: <sip:+12222222222@a.example;verstat=TN-Validation-Passed>, <tel:+12222222222>\r\n\r\nv=0\r\n";

    #[test]
    fn parses_compact_and_folded_headers() {
        let mut f = vec![];
        let m = parse(INVITE, true, &mut f);
        assert_eq!(m.method.as_deref(), Some("INVITE"));
        assert_eq!(
            m.request_uri.as_deref(),
            Some("sip:+15555555555@trunk.example.com")
        );
        let ids: Vec<_> = m
            .headers_named("Identity")
            .map(|h| h.value.clone())
            .collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(
            ids[0],
            "eyJhbGc.eyJhd.sig; info=<https://cert.example.org/c.pem>;alg=ES256;ppt=shaken"
        );
        assert_eq!(m.header("From"), Some("<sip:+12222222222@a.example>;tag=1"));
        assert_eq!(m.body, "v=0\r\n");
        assert!(f.is_empty());
        let pai = m.header("P-Asserted-Identity").unwrap();
        assert_eq!(split_list(pai).len(), 2);
        assert_eq!(
            uri_param(pai, "verstat").as_deref(),
            Some("TN-Validation-Passed")
        );
    }

    #[test]
    fn start_lines() {
        assert!(is_start_line("INVITE sip:+1555@x SIP/2.0"));
        assert!(is_start_line("INVITE tel:+1555 SIP/2.0"));
        assert!(is_start_line("SIP/2.0 180 Ringing"));
        assert!(!is_start_line("POST /x HTTP/1.1"));
        assert!(!is_start_line("INVITE sip:x"));
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_http_date("Wed, 03 Nov 2021 16:37:03 GMT"),
            Some(1635957423)
        );
        assert_eq!(
            parse_http_date("03 Nov 2021 16:37:03 GMT"),
            Some(1635957423)
        );
        assert_eq!(parse_http_date("Wed, 03 Nov 2021 16:37:03 PST"), None);
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(parse_http_date("Wed, 31 Feb 2021 16:37:03 GMT"), None);
    }
}
