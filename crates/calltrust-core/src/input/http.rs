//! Raw HTTP requests as a proxy or tunnel inspector shows them (RFC 9112 §3):
//! request line, header fields, blank line, body.

use crate::model::Finding;

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    /// The request target as written (origin-form `/path?q` or absolute-form).
    pub target: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Byte offset of the body in the pasted text.
    pub body_offset: usize,
}

const METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
];

/// Is this the first line of an HTTP request?
pub fn is_request_line(line: &str) -> bool {
    let mut parts = line.trim_end().split(' ');
    let (Some(m), Some(t), Some(v), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    METHODS.contains(&m) && !t.is_empty() && v.starts_with("HTTP/")
}

impl HttpRequest {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target's query string, without `?`.
    pub fn query(&self) -> Option<&str> {
        self.target
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(q))
    }

    /// The full URL as Twilio requested it, if it can be rebuilt. The scheme is
    /// not in the paste for origin-form targets: `scheme` chooses it.
    pub fn url_with_scheme(&self, scheme: &str) -> Option<String> {
        if self.target.starts_with("http://") || self.target.starts_with("https://") {
            return Some(self.target.clone());
        }
        let host = self.header("Host")?.trim();
        if host.is_empty() {
            return None;
        }
        Some(format!("{scheme}://{host}{}", self.target))
    }

    /// Whether the request line carried the scheme (absolute-form target).
    pub fn scheme_known(&self) -> bool {
        self.target.starts_with("http://") || self.target.starts_with("https://")
    }

    pub fn content_type(&self) -> Option<String> {
        self.header("Content-Type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// Parse `text` (which starts with a request line). Malformed header lines are
/// reported and skipped; the parse itself never fails.
pub fn parse(text: &str, findings: &mut Vec<Finding>) -> HttpRequest {
    let mut offset = 0usize;
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    offset += first.len();
    let mut parts = first.trim_end().splitn(3, ' ');
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let version = parts.next().unwrap_or("").to_string();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body_offset = text.len();
    let mut skipped = crate::input::text::SkippedLines::new("HTTP");
    for raw in lines.by_ref() {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            body_offset = offset;
            break;
        }
        if line.starts_with([' ', '\t']) {
            // obsolete line folding (RFC 9112 §5.2): join with a space
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains(' ') => {
                headers.push((name.to_string(), value.trim().to_string()));
            }
            _ => skipped.skip(text, line, line_start, findings),
        }
    }
    skipped.finish(findings);
    let body = text.get(body_offset..).unwrap_or("").to_string();
    HttpRequest {
        method,
        target,
        version,
        headers,
        body,
        body_offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_request() {
        let t = "POST /voice?x=1 HTTP/1.1\r\nHost: example.com\r\nX-Twilio-Signature: abc=\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nBad line\r\n\r\nFrom=%2B1&To=%2B2";
        let mut f = vec![];
        let r = parse(t, &mut f);
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/voice?x=1");
        assert_eq!(r.header("x-twilio-signature"), Some("abc="));
        assert_eq!(
            r.content_type().as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(r.body, "From=%2B1&To=%2B2");
        assert_eq!(r.query(), Some("x=1"));
        assert_eq!(
            r.url_with_scheme("https").as_deref(),
            Some("https://example.com/voice?x=1")
        );
        assert!(!r.scheme_known());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location.unwrap().line, 5);
    }

    #[test]
    fn request_line_detection() {
        assert!(is_request_line("POST /x HTTP/1.1"));
        assert!(is_request_line("GET https://a/b HTTP/2"));
        assert!(!is_request_line("INVITE sip:a@b SIP/2.0"));
        assert!(!is_request_line("POST /x"));
        assert!(!is_request_line("hello POST /x HTTP/1.1"));
    }

    #[test]
    fn no_blank_line_means_no_body() {
        let mut f = vec![];
        let r = parse("GET /x HTTP/1.1\nHost: a", &mut f);
        assert_eq!(r.body, "");
        assert_eq!(r.header("host"), Some("a"));
    }
}
