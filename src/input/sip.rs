//! SIP messages (RFC 3261 §7): start line, header fields with compact names and
//! folded lines, body. Only what calltrust needs is interpreted.

use crate::model::Finding;

#[derive(Clone, Debug, PartialEq)]
pub struct SipHeader {
    /// Canonical (long) name, e.g. `Identity` for `y`.
    pub name: String,
    pub value: String,
    /// Byte offset of the header line in the pasted text.
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct SipMessage {
    pub start_line: Option<String>,
    pub method: Option<String>,
    pub request_uri: Option<String>,
    pub headers: Vec<SipHeader>,
    pub body: String,
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

/// `INVITE sip:+1555@example.com SIP/2.0` or a status line `SIP/2.0 180 Ringing`.
pub fn is_start_line(line: &str) -> bool {
    let t = line.trim_end();
    if t.starts_with("SIP/2.0 ") {
        return true;
    }
    let mut parts = t.split(' ');
    let (Some(m), Some(uri), Some(v), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !m.is_empty()
        && m.bytes().all(|b| b.is_ascii_uppercase())
        && v.eq_ignore_ascii_case("SIP/2.0")
        && {
            let u = uri.to_ascii_lowercase();
            u.starts_with("sip:") || u.starts_with("sips:") || u.starts_with("tel:")
        }
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
}

/// Parse a SIP message; `with_start_line` false for a paste of header lines only.
pub fn parse(text: &str, with_start_line: bool, findings: &mut Vec<Finding>) -> SipMessage {
    let mut msg = SipMessage::default();
    let mut offset = 0usize;
    let mut lines = text.split_inclusive('\n').peekable();
    if with_start_line && let Some(first) = lines.next() {
        offset += first.len();
        let line = first.trim_end();
        msg.start_line = Some(line.to_string());
        let mut parts = line.split(' ');
        if let (Some(m), Some(uri)) = (parts.next(), parts.next())
            && m != "SIP/2.0"
        {
            msg.method = Some(m.to_string());
            msg.request_uri = Some(uri.to_string());
        }
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
                last.value.push(' ');
                last.value.push_str(line.trim());
                continue;
            }
        }
        match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() && !name.trim().contains(' ') => {
                msg.headers.push(SipHeader {
                    name: long_name(name.trim()),
                    value: value.trim().to_string(),
                    offset: line_start,
                });
            }
            _ => skipped.skip(text, line, line_start, findings),
        }
    }
    skipped.finish(findings);
    msg.body = text.get(body_offset..).unwrap_or("").to_string();
    msg
}

/// Split a header value on commas that are outside quotes and angle brackets
/// (P-Asserted-Identity may carry a sip and a tel URI in one line).
pub fn split_list(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0usize);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => depth += 1,
            '>' if !quoted => depth -= 1,
            ',' if !quoted && depth <= 0 => {
                out.push(value[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(value[start..].trim());
    out.retain(|s| !s.is_empty());
    out
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
