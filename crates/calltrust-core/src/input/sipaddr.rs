//! SIP addresses by the RFC 3261 §25.1 grammar: `name-addr` and `addr-spec`
//! as From, To, P-Asserted-Identity, Contact and Diversion carry them; SIP,
//! SIPS and tel URIs; and the telephone number a URI carries (RFC 3261
//! §19.1.6, RFC 3966). The number is always the URI's, never the display
//! name's: a display name is text the caller chose.
//!
//! ```text
//! name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
//! display-name = *(token LWS) / quoted-string
//! quoted-string= SWS DQUOTE *(qdtext / quoted-pair) DQUOTE
//! quoted-pair  = "\" (%x00-09 / %x0B-0C / %x0E-7F)
//! LAQUOT       = SWS "<"        RAQUOT = ">" SWS
//! from-spec    = (name-addr / addr-spec) *(SEMI from-param)
//! ```
//!
//! Without angle brackets, everything after the first `;` is a header
//! parameter, not a URI parameter (RFC 3261 §20.10).

/// A `name=value` (or bare `name`) parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub value: Option<String>,
}

/// A URI as written in a SIP header (RFC 3261 §19.1, RFC 3966).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uri {
    /// The URI exactly as written.
    pub raw: String,
    /// Lower case (`sip`, `sips`, `tel`, or any other scheme).
    pub scheme: String,
    /// The user part of a SIP/SIPS URI (before `@`, password removed), as
    /// written; for a tel URI, the telephone-subscriber (parameters included).
    pub user: Option<String>,
    pub host: Option<String>,
    /// URI parameters (`user=phone`, `transport=…`).
    pub params: Vec<Param>,
}

/// A telephone number read from a URI's user part (RFC 3966 §5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tn {
    /// As signalled: percent-decoded, parameters removed, separators kept
    /// (`+1-202-555-0143`).
    pub written: String,
    /// Digits only (`12025550143`): the form PASSporT claims use (RFC 8224 §8.3).
    pub digits: String,
    /// Began with `+` (a global number).
    pub global: bool,
}

/// One address of a header value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The display name, unquoted (quoted-pairs resolved), trimmed.
    pub display_name: Option<String>,
    pub uri: Uri,
    /// Written as `<URI>` (name-addr) rather than a bare addr-spec.
    pub bracketed: bool,
    /// Header parameters after the address (`tag`, `privacy`, …).
    pub params: Vec<Param>,
}

/// Where and why an address does not follow the grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrError {
    /// Byte offset in the parsed value.
    pub at: usize,
    pub message: String,
}

impl std::fmt::Display for AddrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at + 1)
    }
}

fn err(at: usize, message: impl Into<String>) -> AddrError {
    AddrError {
        at,
        message: message.into(),
    }
}

/// RFC 3261 §25.1 `token` characters.
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.' | '!' | '%' | '*' | '_' | '+' | '`' | '\'' | '~'
        )
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.i += 1;
        }
    }
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }
}

/// Parse one From/To/P-Asserted-Identity/Contact element: the whole value
/// must be one address with its header parameters.
pub fn parse_address(value: &str) -> Result<Address, AddrError> {
    let mut c = Cursor { s: value, i: 0 };
    let a = address(&mut c)?;
    c.skip_ws();
    match c.peek() {
        None => Ok(a),
        Some(',') => Err(err(
            c.i,
            "a second address follows after ','; this header takes exactly one",
        )),
        Some(ch) => Err(err(
            c.i,
            format!("unexpected `{ch}` after the address (parameters start with ';')"),
        )),
    }
}

/// Parse a comma-separated list of addresses (P-Asserted-Identity, Contact,
/// Diversion): each element is parsed on its own, with its byte offset.
pub fn parse_address_list(value: &str) -> Vec<(usize, Result<Address, AddrError>)> {
    let mut out = Vec::new();
    for (start, piece) in split_commas(value) {
        if piece.trim().is_empty() {
            out.push((
                start,
                Err(err(0, "empty element in the list (two commas in a row)")),
            ));
            continue;
        }
        out.push((start, parse_address(piece)));
    }
    out
}

/// Split on commas outside quoted strings and angle brackets; (offset, piece).
fn split_commas(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut quoted, mut escaped, mut angle, mut start) = (false, false, false, 0usize);
    for (i, ch) in value.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' if quoted => escaped = true,
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                out.push((start, &value[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, &value[start..]));
    out
}

fn address(c: &mut Cursor) -> Result<Address, AddrError> {
    c.skip_ws();
    let start = c.i;
    match c.peek() {
        None => Err(err(c.i, "the value is empty: an address was expected")),
        Some('"') => {
            let name = quoted_string(c)?;
            c.skip_ws();
            if c.peek() != Some('<') {
                return Err(err(
                    c.i,
                    "a quoted display name must be followed by the address in <…>",
                ));
            }
            name_addr(c, Some(name))
        }
        Some('<') => name_addr(c, None),
        Some(_) => display_words_or_spec(c, start),
    }
}

/// An address that does not start with a quote or `<`: unquoted display
/// name words before `<uri>`, or an addr-spec.
fn display_words_or_spec(c: &mut Cursor, start: usize) -> Result<Address, AddrError> {
    // Either `token LWS token … <uri>` (a display name) or an addr-spec
    // `scheme:…`. A scheme is a token directly followed by ':'.
    let mut words: Vec<&str> = Vec::new();
    loop {
        let w0 = c.i;
        while c
            .peek()
            .is_some_and(|ch| is_token_char(ch) || (!ch.is_ascii() && !is_bidi(ch)))
        {
            c.bump();
        }
        let word = &c.s[w0..c.i];
        if word.is_empty() {
            return match c.peek() {
                Some('<') if !words.is_empty() => {
                    let name = words.join(" ");
                    name_addr(c, Some(name))
                }
                Some(ch) => Err(err(
                    c.i,
                    format!(
                        "`{ch}` cannot appear in an unquoted display name: put the name in quotes"
                    ),
                )),
                None => Err(err(
                    c.i,
                    "the value ends before the address (<sip:…>, <tel:…>)",
                )),
            };
        }
        if words.is_empty() && c.peek() == Some(':') {
            // addr-spec: rewind and read the URI.
            c.i = start;
            return addr_spec(c);
        }
        words.push(word);
        let before_ws = c.i;
        c.skip_ws();
        match c.peek() {
            Some('<') => {
                let name = words.join(" ");
                return name_addr(c, Some(name));
            }
            Some(ch) if is_token_char(ch) || !ch.is_ascii() => {
                if c.i == before_ws {
                    // not possible: the word loop consumed token chars
                    return Err(err(c.i, "unexpected character in the display name"));
                }
            }
            Some(ch) => {
                return Err(err(
                    c.i,
                    format!(
                        "`{ch}` cannot appear in an unquoted display name: put the name in quotes"
                    ),
                ));
            }
            None => {
                return Err(err(
                    c.i,
                    "no address after the display name: expected <sip:…> or <tel:…>",
                ));
            }
        }
    }
}

/// `"…"` with quoted-pairs; returns the unquoted text.
fn quoted_string(c: &mut Cursor) -> Result<String, AddrError> {
    let open = c.i;
    c.bump(); // "
    let mut out = String::new();
    loop {
        match c.bump() {
            None => {
                return Err(err(
                    open,
                    "this quoted display name is never closed (missing \")",
                ));
            }
            Some('"') => return Ok(out),
            Some('\\') => match c.bump() {
                Some('\r' | '\n') | None => {
                    return Err(err(
                        c.i.saturating_sub(1),
                        "a backslash must quote a character",
                    ));
                }
                Some(q) => out.push(q),
            },
            Some(ch) => out.push(ch),
        }
    }
}

fn name_addr(c: &mut Cursor, display: Option<String>) -> Result<Address, AddrError> {
    let open = c.i;
    c.bump(); // <
    if c.peek().is_some_and(is_ws) {
        return Err(err(
            c.i,
            "spaces inside <…> are not allowed: the URI must follow '<' directly",
        ));
    }
    let inner_start = c.i;
    let Some(close) = c.rest().find('>') else {
        return Err(err(open, "this '<' is never closed (missing '>')"));
    };
    let inner = &c.s[inner_start..inner_start + close];
    if let Some(p) = inner.find('<') {
        return Err(err(inner_start + p, "a second '<' inside the address"));
    }
    if inner.ends_with(is_ws) {
        return Err(err(
            inner_start + inner.trim_end().len(),
            "spaces inside <…> are not allowed: '>' must follow the URI directly",
        ));
    }
    if let Some(p) = inner.find(is_ws) {
        return Err(err(inner_start + p, "a URI cannot contain spaces"));
    }
    let uri = parse_uri(inner).map_err(|e| err(inner_start + e.at, e.message))?;
    c.i = inner_start + close + 1;
    let params = header_params(c)?;
    Ok(Address {
        display_name: display
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        uri,
        bracketed: true,
        params,
    })
}

fn addr_spec(c: &mut Cursor) -> Result<Address, AddrError> {
    let start = c.i;
    // Without <>, the URI ends at ';' (header parameters), ',' or whitespace.
    let len = c
        .rest()
        .find(|ch: char| ch == ';' || ch == ',' || is_ws(ch))
        .unwrap_or(c.rest().len());
    let raw = &c.s[start..start + len];
    if let Some(q) = raw.find('?') {
        return Err(err(
            start + q,
            "a URI with headers (?…) must be enclosed in <…> (RFC 3261 §20.10)",
        ));
    }
    let uri = parse_uri(raw).map_err(|e| err(start + e.at, e.message))?;
    c.i = start + len;
    let params = header_params(c)?;
    Ok(Address {
        display_name: None,
        uri,
        bracketed: false,
        params,
    })
}

/// `*( SEMI generic-param )`, with the whitespace the grammar allows.
fn header_params(c: &mut Cursor) -> Result<Vec<Param>, AddrError> {
    let mut out = Vec::new();
    loop {
        let save = c.i;
        c.skip_ws();
        if c.peek() != Some(';') {
            c.i = save;
            return Ok(out);
        }
        c.bump();
        c.skip_ws();
        let n0 = c.i;
        while c.peek().is_some_and(is_token_char) {
            c.bump();
        }
        let name = &c.s[n0..c.i];
        if name.is_empty() {
            return Err(err(
                n0,
                match c.peek() {
                    Some(';') | None => "empty parameter (';' with no name)".to_string(),
                    Some(ch) => format!("`{ch}` cannot start a parameter name"),
                },
            ));
        }
        let save = c.i;
        c.skip_ws();
        let value = if c.peek() == Some('=') {
            c.bump();
            c.skip_ws();
            if c.peek() == Some('"') {
                Some(quoted_string(c)?)
            } else {
                let v0 = c.i;
                while c.peek().is_some_and(|ch| {
                    is_token_char(ch) || matches!(ch, ':' | '[' | ']') || !ch.is_ascii()
                }) {
                    c.bump();
                }
                if c.i == v0 {
                    return Err(err(c.i, format!("parameter `{name}` has '=' but no value")));
                }
                Some(c.s[v0..c.i].to_string())
            }
        } else {
            c.i = save;
            None
        };
        out.push(Param {
            name: name.to_ascii_lowercase(),
            value,
        });
    }
}

/// The user, host and parameters of a `sip:`/`sips:` URI, `rest` being
/// what follows the scheme's colon, at byte `at0`.
fn sip_uri(uri: &mut Uri, rest: &str, at0: usize) -> Result<(), AddrError> {
    if rest.is_empty() {
        return Err(err(at0, "the SIP URI has no host"));
    }
    let (userinfo, hostpart, at) = match rest.find('@') {
        Some(a) => (Some(&rest[..a]), &rest[a + 1..], at0 + a + 1),
        None => (None, rest, at0),
    };
    if let Some(ui) = userinfo {
        // user [":" password]; a telephone-subscriber may carry ';' params.
        let user = ui.split(':').next().unwrap_or(ui);
        if user.is_empty() {
            return Err(err(at0, "the user part before '@' is empty"));
        }
        uri.user = Some(user.to_string());
    }
    let host_end = hostpart.find([';', '?']).unwrap_or(hostpart.len());
    let host = &hostpart[..host_end];
    if host.is_empty() {
        return Err(err(at, "the SIP URI has no host"));
    }
    uri.host = Some(host.to_string());
    let tail = &hostpart[host_end..];
    let params_part = tail.split('?').next().unwrap_or("");
    for (k, p) in params_part.split(';').enumerate().skip(1) {
        if p.is_empty() {
            let off = at
                + host_end
                + params_part
                    .split(';')
                    .take(k)
                    .map(|s| s.len() + 1)
                    .sum::<usize>();
            return Err(err(off, "empty URI parameter (';;')"));
        }
        uri.params.push(uri_param(p));
    }
    Ok(())
}

/// `name[=value]`, the name lower-cased (URI parameter names are case-insensitive).
fn uri_param(p: &str) -> Param {
    let (n, v) = match p.split_once('=') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (p, None),
    };
    Param {
        name: n.to_ascii_lowercase(),
        value: v,
    }
}

/// Parse a URI (`sip:`, `sips:`, `tel:` or any `scheme:`), RFC 3261 §19.1.1.
pub fn parse_uri(raw: &str) -> Result<Uri, AddrError> {
    let Some(colon) = raw.find(':') else {
        return Err(err(0, "not a URI: no scheme (sip:, sips:, tel:)"));
    };
    let scheme = &raw[..colon];
    let mut sc = scheme.chars();
    if !sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return Err(err(0, format!("`{scheme}` is not a URI scheme")));
    }
    let scheme = scheme.to_ascii_lowercase();
    let rest = &raw[colon + 1..];
    let mut uri = Uri {
        raw: raw.to_string(),
        scheme: scheme.clone(),
        user: None,
        host: None,
        params: Vec::new(),
    };
    match scheme.as_str() {
        "sip" | "sips" => sip_uri(&mut uri, rest, colon + 1)?,
        "tel" => {
            if rest.is_empty() {
                return Err(err(colon + 1, "the tel URI has no number"));
            }
            uri.user = Some(rest.to_string());
            uri.params.extend(rest.split(';').skip(1).map(uri_param));
        }
        _ => {}
    }
    Ok(uri)
}

impl Uri {
    /// A URI parameter by name (names are case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.as_deref().unwrap_or(""))
    }

    /// The telephone number the URI carries: a tel URI's number, or a
    /// SIP/SIPS user part that is a telephone-subscriber (RFC 3261 §19.1.6;
    /// `user=phone` or not: SHAKEN deployments often leave it out). Visual
    /// separators and RFC 3966 parameters in the user part are removed.
    pub fn number(&self) -> Option<Tn> {
        let user = self.user.as_deref()?;
        if !matches!(self.scheme.as_str(), "sip" | "sips" | "tel") {
            return None;
        }
        let subscriber = user.split(';').next().unwrap_or(user);
        let decoded = percent_decode(subscriber);
        tn_of(&decoded)
    }

    /// `sip:`/`sips:`/`tel:` (a URI a number can be read from).
    pub fn is_telephony(&self) -> bool {
        matches!(self.scheme.as_str(), "sip" | "sips" | "tel")
    }
}

/// RFC 3966 `global-number-digits` / `local-number-digits`: digits with
/// visual separators (`-`, `.`, `(`, `)`), an optional leading `+`.
pub fn tn_of(s: &str) -> Option<Tn> {
    let t = s.trim();
    let (global, body) = match t.strip_prefix('+') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let mut digits = String::new();
    for ch in body.chars() {
        match ch {
            '0'..='9' => digits.push(ch),
            '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    if digits.is_empty() {
        return None;
    }
    Some(Tn {
        written: t.to_string(),
        digits,
        global,
    })
}

/// `%XX` escapes decoded (RFC 3261 §19.1.2); broken escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Unicode bidirectional controls (U+202A–U+202E, U+2066–U+2069): they can
/// make a name or number display in another order than it is stored.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The bidi controls in `s`, as `U+XXXX` strings, in order.
pub fn bidi_controls(s: &str) -> Vec<String> {
    s.chars()
        .filter(|c| is_bidi(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// What a display name shows that could pass for a caller: telephone
/// numbers (7 to 15 digits, with `+` and visual separators or spaces
/// between them) and SIP/tel URIs, each with the digits it carries.
pub fn numbers_in_text(s: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    // URIs first: their number is what they name.
    let lower = s.to_ascii_lowercase();
    for scheme in ["sips:", "sip:", "tel:"] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(scheme) {
            let at = from + p;
            from = at + scheme.len();
            if scheme == "sip:" && at > 0 && lower[..at].ends_with("sips") {
                continue;
            }
            if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let end = s[at..]
                .find(|c: char| c.is_whitespace() || matches!(c, '>' | '"' | '<' | ','))
                .map(|e| at + e)
                .unwrap_or(s.len());
            let text = &s[at..end];
            if let Ok(u) = parse_uri(text) {
                let digits = u.number().map(|t| t.digits).unwrap_or_default();
                out.push((text.to_string(), digits));
            }
        }
    }
    // Then bare digit runs.
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (start, ch) = chars[k];
        let starts = ch.is_ascii_digit()
            || (ch == '+' && chars.get(k + 1).is_some_and(|c| c.1.is_ascii_digit()));
        if !starts || (k > 0 && chars[k - 1].1.is_ascii_alphanumeric()) {
            k += 1;
            continue;
        }
        let mut digits = String::new();
        let mut end = start;
        let mut j = k;
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_ascii_digit() {
                digits.push(c);
                end = chars[j].0 + 1;
            } else if matches!(c, '-' | '.' | '(' | ')' | ' ' | '+')
                && j + 1 < chars.len()
                && (chars[j + 1].1.is_ascii_digit() || matches!(chars[j + 1].1, '(' | ' '))
            {
            } else {
                break;
            }
            j += 1;
        }
        let text = s[start..end].trim();
        let inside_uri = out.iter().any(|(u, _)| u.contains(text));
        if (7..=15).contains(&digits.len()) && !inside_uri {
            out.push((text.to_string(), digits));
        }
        k = j.max(k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: &str) -> Option<String> {
        parse_address(v).ok()?.uri.number().map(|t| t.digits)
    }

    #[test]
    fn display_name_never_decides_the_number() {
        let a = parse_address(
            "\"Acme <sip:+12025550143@198.51.100.20>\" <sip:+18005550199@203.0.113.9;user=phone>;tag=x",
        )
        .unwrap();
        assert_eq!(a.uri.number().unwrap().digits, "18005550199");
        assert_eq!(
            a.display_name.as_deref(),
            Some("Acme <sip:+12025550143@198.51.100.20>")
        );
        assert_eq!(a.params[0].name, "tag");
        let shown = numbers_in_text(a.display_name.as_deref().unwrap());
        assert_eq!(shown[0].1, "12025550143");
    }

    #[test]
    fn quoted_pairs_and_brackets_in_names() {
        let a = parse_address("\"A <b> B\" <sip:+12025550143@x>").unwrap();
        assert_eq!(a.display_name.as_deref(), Some("A <b> B"));
        assert_eq!(
            num("\"A <b> B\" <sip:+12025550143@x>").unwrap(),
            "12025550143"
        );
        let a = parse_address(
            "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8",
        )
        .unwrap();
        assert_eq!(a.display_name.as_deref(), Some("J Rosenberg \\\""));
        assert_eq!(a.params[0].value.as_deref(), Some("98asjd8"));
    }

    #[test]
    fn addr_spec_parameters_are_header_parameters() {
        let a = parse_address("sip:+16505552222@ss1.example.net;user=phone").unwrap();
        assert!(!a.bracketed);
        assert!(a.uri.params.is_empty());
        assert_eq!(a.params[0].name, "user");
        assert_eq!(a.uri.number().unwrap().digits, "16505552222");
    }

    #[test]
    fn rfc3966_numbers() {
        assert_eq!(num("<tel:+1-201-555-0123;ext=99>").unwrap(), "12015550123");
        assert_eq!(
            num("<sip:+1-212-555-0101;phone-context=x@h;user=phone>").unwrap(),
            "12125550101"
        );
        assert_eq!(num("<sip:%2B12025550143@h>").unwrap(), "12025550143");
        assert_eq!(num("<sip:(202)555.0143@h>").unwrap(), "2025550143");
        assert_eq!(num("<sip:alice@example.com>"), None);
        assert_eq!(num("<http://www.example.com>"), None);
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_address("\"Mr. J. User <sip:j.user@example.com>").unwrap_err();
        assert_eq!(e.at, 0);
        let e = parse_address("\"Watson, Thomas\" < sip:t.watson@example.org >").unwrap_err();
        assert_eq!(e.at, 18);
        let e = parse_address("Bell, Alexander <sip:a.g.bell@example.com>;tag=43").unwrap_err();
        assert_eq!(e.at, 4);
        let e = parse_address("sip:user@example.com?Route=%3Csip:sip.example.com%3E").unwrap_err();
        assert_eq!(e.at, 20);
        let e = parse_address("\"Joe\" <sip:joe@example.org>;;;;").unwrap_err();
        assert!(e.message.contains("empty parameter"), "{e:?}");
    }

    #[test]
    fn bidi_and_numbers_in_text() {
        assert_eq!(bidi_controls("Bank\u{202E}1234"), vec!["U+202E"]);
        let n = numbers_in_text("Call +1 (202) 555-0143 now");
        assert_eq!(n[0].1, "12025550143");
        assert!(numbers_in_text("Acme Pharmacy").is_empty());
        assert!(numbers_in_text("Room 12").is_empty());
    }

    #[test]
    fn lists_split_outside_quotes() {
        let l = parse_address_list("\"a, b\" <sip:+1@x>, <tel:+12025550143>");
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|(_, r)| r.is_ok()));
        assert_eq!(l[1].0, 18);
    }
}
