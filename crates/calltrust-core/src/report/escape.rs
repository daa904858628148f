//! Making pasted strings safe in what calltrust writes. The paste is
//! attacker-controlled (a SIP display name, a webhook parameter, a verstat
//! value): in a Markdown ticket it must stay text — no links, images, raw
//! HTML or formatting — and on a terminal it must not carry control
//! sequences. JSON needs nothing: serde_json escapes every control character.

/// Replace C0 and C1 control characters (and DEL, and the bidirectional
/// overrides that can reorder what a reader sees) with a visible `\u{..}`,
/// keeping newline and tab.
pub fn clean_controls(s: &str) -> String {
    if !s.chars().any(is_unsafe_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text with DEL, C1 controls and bidi overrides written as `\uXXXX`
/// escapes (serde_json escapes only C0): same value, safe on a terminal.
/// Such characters can only occur inside JSON strings, where the escape is
/// equivalent.
pub fn json_controls(json: String) -> String {
    if !json.chars().any(is_unsafe_control) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_control(c) && c != '\r' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe_control(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Inline Markdown text: every character that could start a link, an image,
/// emphasis, code, raw HTML, an entity, a table cell or an autolink is
/// backslash-escaped (CommonMark lets any ASCII punctuation be escaped), line
/// breaks become spaces (so no block can start), control characters are
/// made visible.
pub fn md(s: &str) -> String {
    let s = clean_controls(&s.replace(['\n', '\r'], " "));
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '~' | '&' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // `https://` and `www.` would be autolinked (GFM): break them.
            ':' if chars.get(i + 1) == Some(&'/') => out.push_str("\\:"),
            '.' if i >= 3
                && chars[i - 3..i]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case("www") =>
            {
                out.push_str("\\.")
            }
            c => out.push(c),
        }
    }
    out
}

/// An inline code span that cannot be closed early: fenced with one more
/// backtick than the longest run inside, padded when it starts or ends with
/// a backtick; line breaks become spaces.
pub fn code(s: &str) -> String {
    let s = clean_controls(&s.replace(['\n', '\r'], " "));
    let longest = longest_run(&s, '`');
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced code block (```` ```json ````) whose fence no line of `body` can close.
pub fn block(lang: &str, body: &str) -> String {
    let body = clean_controls(body);
    let fence = "`".repeat(longest_run(&body, '`').max(2) + 1);
    format!("{fence}{lang}\n{body}\n{fence}")
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for x in s.chars() {
        if x == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_images_and_html_stay_text() {
        // (tests/it/hostile.rs renders these with a GFM renderer.)
        let m = md("[click](https://evil.example/x) ![](https://evil.example/p.png) <img src=x>");
        assert_eq!(
            m,
            "\\[click\\](https\\://evil.example/x) \\!\\[\\](https\\://evil.example/p.png) \\<img src=x\\>"
        );
        assert_eq!(md("a\nb\r\n# c"), "a b  # c");
        assert_eq!(md("+1555@evil.example"), "+1555\\@evil.example");
        assert_eq!(md("www.evil.example"), "www\\.evil.example");
    }

    #[test]
    fn code_spans_cannot_be_closed_early() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("plain"), "`plain`");
        assert!(block("json", "```\nx").starts_with("````json\n"));
    }

    #[test]
    fn controls_are_visible_newlines_and_tabs_kept() {
        assert_eq!(clean_controls("a\u{1b}[31mb\tc\nd"), "a\\u{1b}[31mb\tc\nd");
        assert_eq!(clean_controls("x\u{9b}y\u{202e}z"), "x\\u{9b}y\\u{202e}z");
        assert_eq!(clean_controls("plain"), "plain");
    }
}
