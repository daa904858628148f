//! Small text helpers shared by the input parsers: percent-decoding, form bodies,
//! code-listing line numbers.

/// Percent-decode `s`. Invalid escapes (`%zz`, a trailing `%`) are kept
/// literally, as browsers and form decoders do. With `plus_as_space`, `+`
/// becomes a space (application/x-www-form-urlencoded). Bytes that do not form
/// UTF-8 are replaced with U+FFFD; the flag says so.
pub fn percent_decode(s: &str, plus_as_space: bool) -> (String, bool) {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2]))
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        if b == b'+' && plus_as_space {
            out.push(b' ');
        } else {
            out.push(b);
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// True when `s` holds at least one valid `%XX` escape.
pub fn has_percent_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3)
        .any(|w| w[0] == b'%' && hex_val(w[1]).is_some() && hex_val(w[2]).is_some())
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Split an `application/x-www-form-urlencoded` body into decoded pairs,
/// keeping order and repeated names. Empty pieces (`a=1&&b=2`) are skipped.
pub fn parse_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|piece| {
            let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
            (percent_decode(k, true).0, percent_decode(v, true).0)
        })
        .collect()
}

/// Does `text` look like a one-line form body (`Called=%2B1555&StirVerstat=...`)?
pub fn looks_like_form(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.contains('\n') || !t.contains('=') || t.contains(' ') {
        return false;
    }
    t.split('&').filter(|p| !p.is_empty()).all(|piece| {
        let key = piece.split_once('=').map(|(k, _)| k).unwrap_or("");
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-[]%+".contains(&b))
    })
}

/// Strip line numbers copied along with a code listing from a documentation
/// page (the Twilio docs print `1`, `{`, `2`, `Called: '+1555…',` …).
/// Returns the cleaned text and how many lines were removed; the input is
/// returned unchanged unless the numbered lines run 1, 2, 3, … in order and
/// make up a good share of the text.
pub fn strip_listing_numbers(text: &str) -> Option<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut expected = 1u64;
    let mut numbered = 0usize;
    for l in &lines {
        let t = l.trim();
        if !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()) {
            match t.parse::<u64>() {
                Ok(n) if n == expected => {
                    expected += 1;
                    numbered += 1;
                }
                _ => return None,
            }
        }
    }
    let non_empty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    if numbered < 3 || numbered * 3 < non_empty {
        return None;
    }
    // Blank the numbered lines rather than removing them, so that line and
    // column numbers still point into the text as pasted.
    let kept: Vec<&str> = lines
        .into_iter()
        .map(|l| {
            let t = l.trim();
            if !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()) {
                ""
            } else {
                l
            }
        })
        .collect();
    Some((kept.join("\n"), numbered))
}

/// Header lines that are not `Name: value` (HTTP and SIP parsers): the first
/// ten are reported with their location, the rest counted.
pub struct SkippedLines {
    what: &'static str,
    count: usize,
}

impl SkippedLines {
    const LISTED: usize = 10;

    pub fn new(what: &'static str) -> Self {
        SkippedLines { what, count: 0 }
    }

    pub fn skip(
        &mut self,
        text: &str,
        line: &str,
        offset: usize,
        findings: &mut Vec<crate::model::Finding>,
    ) {
        self.count += 1;
        if self.count <= Self::LISTED {
            findings.push(
                crate::model::Finding::warning(
                    crate::model::ids::INPUT_MALFORMED,
                    format!("{} header line without a name", self.what),
                    format!(
                        "`{}` is not `Name: value`; it was skipped.",
                        ellipsize(line.trim(), 60)
                    ),
                )
                .at(Some(crate::model::location_of(text, offset))),
            );
        }
    }

    pub fn finish(self, findings: &mut Vec<crate::model::Finding>) {
        if self.count > Self::LISTED {
            findings.push(crate::model::Finding::warning(
                crate::model::ids::INPUT_MALFORMED,
                "More lines without a header name",
                format!(
                    "{} more lines that are not `Name: value` were skipped.",
                    self.count - Self::LISTED
                ),
            ));
        }
    }
}

/// Cut `s` to at most `max` characters for display, marking the cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%2B1555", false).0, "+1555");
        assert_eq!(percent_decode("a+b", true).0, "a b");
        assert_eq!(percent_decode("a+b", false).0, "a+b");
        assert_eq!(percent_decode("100%", false).0, "100%");
        assert_eq!(percent_decode("%zz%4", false).0, "%zz%4");
        assert_eq!(percent_decode("%C3%A9", false).0, "é");
        let (s, lossy) = percent_decode("%FF", false);
        assert!(lossy);
        assert_eq!(s, "\u{FFFD}");
        assert!(has_percent_escape("x%2By"));
        assert!(!has_percent_escape("100% sure"));
    }

    #[test]
    fn forms() {
        let p = parse_form(
            "Called=%2B15555555555&StirVerstat=TN-Validation-Passed-A&Body=a+b&Empty=&Flag",
        );
        assert_eq!(p[0], ("Called".into(), "+15555555555".into()));
        assert_eq!(p[2], ("Body".into(), "a b".into()));
        assert_eq!(p[3], ("Empty".into(), "".into()));
        assert_eq!(p[4], ("Flag".into(), "".into()));
        assert!(looks_like_form("a=1&b=2"));
        assert!(looks_like_form("StirVerstat=TN-Validation-Passed-A"));
        assert!(!looks_like_form("hello world"));
        assert!(!looks_like_form("a=1\nb=2"));
    }

    #[test]
    fn listing_numbers() {
        let t = "1\n{\n2\nCalled: '+1',\n3\nTo: '+2'\n4\n}";
        let (s, n) = strip_listing_numbers(t).unwrap();
        assert_eq!(n, 4);
        assert_eq!(s, "\n{\n\nCalled: '+1',\n\nTo: '+2'\n\n}");
        // numbers out of order: not a listing
        assert!(strip_listing_numbers("1\n3\n2\nx").is_none());
        // a lone number in real content is left alone
        assert!(strip_listing_numbers("a\n1\nb\nc\nd").is_none());
    }
}
