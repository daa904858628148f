//! A forgiving parser for JavaScript object literals as Node's console prints
//! them (and as people retype them): unquoted keys, single, double or back
//! quotes, trailing commas, comments, and a missing comma between members.
//! Produces a `serde_json::Value` with the key order kept.

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (hostile input must not overflow the stack).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct RelaxedError {
    pub message: String,
    pub offset: usize,
}

/// What the parser tolerated, for an info note.
#[derive(Debug, Default, Clone)]
pub struct Tolerated {
    /// Byte offsets where a comma between members was missing.
    pub missing_commas: Vec<usize>,
    /// Values that are code, not data (`VOICE_STATUS.COMPLETED`,
    /// `process.env.TOKEN`, `encode(x)`): (offset, the code). They read as
    /// null: their runtime value is not in the paste.
    pub code_values: Vec<(usize, String)>,
    /// Unquoted words that cannot be code (`TN-Validation-Passed-A`), read
    /// as text: (offset, the word).
    pub bare_words: Vec<(usize, String)>,
    /// Template literals with `${…}` placeholders, kept as written: offsets.
    pub placeholders: Vec<usize>,
}

pub fn parse(text: &str) -> Result<(Value, Tolerated), RelaxedError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        tolerated: Tolerated::default(),
    };
    p.skip_ws()?;
    let v = p.value(0)?;
    p.skip_ws()?;
    // What code puts after an object literal: `;`, `)`, `);`, `as const`.
    loop {
        match p.peek() {
            Some(b';' | b')') => p.i += 1,
            Some(b'a') if p.text[p.i..].starts_with("as ") => {
                p.i += 3;
                p.skip_ws()?;
                p.ident();
            }
            Some(b's') if p.text[p.i..].starts_with("satisfies ") => {
                p.i += 10;
                p.skip_ws()?;
                p.ident();
            }
            _ => break,
        }
        p.skip_ws()?;
    }
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the end of the object"));
    }
    Ok((v, p.tolerated))
}

/// Where a JavaScript/TypeScript object literal starts in code such as
/// `const body: Params = {`, `export default {`, `module.exports = {`,
/// `client.calls.create({` or `req.body = {`: the offset of its `{` when
/// everything before it on that line is such a prefix.
pub fn code_prefix(text: &str) -> Option<usize> {
    let lead = text.len() - text.trim_start().len();
    let t = &text[lead..];
    let line = t.lines().next()?;
    let brace = line.find('{')?;
    let before = line[..brace].trim_end();
    if before.is_empty() {
        return None;
    }
    let ok_chars = before
        .chars()
        .all(|c| c.is_alphanumeric() || " _$.:<>,[]|=()'\"?".contains(c));
    let shaped = before.ends_with('=') || before.ends_with('(') || before.ends_with("default");
    (ok_chars && shaped).then_some(lead + brace)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    tolerated: Tolerated,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> RelaxedError {
        RelaxedError {
            message: msg.to_string(),
            offset: self.i.min(self.s.len()),
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn skip_ws(&mut self) -> Result<(), RelaxedError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    let start = self.i;
                    self.i += 2;
                    loop {
                        match self.peek() {
                            None => {
                                self.i = start;
                                return Err(self.err("comment is never closed (missing */)"));
                            }
                            Some(b'*') if self.s.get(self.i + 1) == Some(&b'/') => {
                                self.i += 2;
                                break;
                            }
                            _ => self.i += 1,
                        }
                    }
                }
                _ => {
                    // Non-breaking and other Unicode spaces pasted from web pages.
                    if let Some(c) = self.text.get(self.i..).and_then(|r| r.chars().next())
                        && c.is_whitespace()
                        && !c.is_ascii()
                    {
                        self.i += c.len_utf8();
                        continue;
                    }
                    return Ok(());
                }
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, RelaxedError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting is too deep"));
        }
        match self.peek() {
            None => Err(self.err("the text ends where a value was expected")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(q @ (b'\'' | b'"' | b'`')) => {
                let at = self.i;
                let v = self.string(q)?;
                if q == b'`' && self.text[at..self.i].contains("${") {
                    self.tolerated.placeholders.push(at);
                }
                Ok(Value::String(v))
            }
            Some(c) if c == b'-' || c == b'+' || c == b'.' || c.is_ascii_digit() => self.number(),
            Some(c) if is_ident_start(c) => {
                let start = self.i;
                let word = self.ident();
                match word.as_str() {
                    "true" => Ok(Value::Bool(true)),
                    "false" => Ok(Value::Bool(false)),
                    "null" | "undefined" => Ok(Value::Null),
                    "NaN" | "Infinity" => Ok(Value::String(word)),
                    // `TN-Validation-Passed-A` cannot be a JavaScript name:
                    // an unquoted value, read as the text it is.
                    w if w.contains('-') => {
                        self.tolerated.bare_words.push((start, word.clone()));
                        Ok(Value::String(word))
                    }
                    _ => {
                        // Code: a name, a dotted path, maybe a call. Its value
                        // is not in the paste.
                        self.code_tail()?;
                        let code = self.text[start..self.i].to_string();
                        self.tolerated.code_values.push((start, code));
                        Ok(Value::Null)
                    }
                }
            }
            Some(_) => {
                Err(self.err("expected a value (text in quotes, a number, an object or a list)"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, RelaxedError> {
        let open = self.i;
        self.i += 1; // {
        let mut map = Map::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                None => {
                    self.i = open;
                    return Err(self.err("this { is never closed (missing })"));
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                _ => {}
            }
            let key = self.key()?;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return Err(self.err(&format!("expected ':' after the key `{key}`")));
            }
            self.i += 1;
            self.skip_ws()?;
            let v = self.value(depth + 1)?;
            map.insert(key, v);
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                None => {
                    self.i = open;
                    return Err(self.err("this { is never closed (missing })"));
                }
                Some(c) if is_ident_start(c) || c == b'\'' || c == b'"' => {
                    // A missing comma between two members: tolerated.
                    self.tolerated.missing_commas.push(self.i);
                }
                Some(_) => return Err(self.err("expected ',' or '}' after a value")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, RelaxedError> {
        let open = self.i;
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                None => {
                    self.i = open;
                    return Err(self.err("this [ is never closed (missing ])"));
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                None => {
                    self.i = open;
                    return Err(self.err("this [ is never closed (missing ])"));
                }
                Some(b'\'' | b'"' | b'`') => self.tolerated.missing_commas.push(self.i),
                Some(_) => return Err(self.err("expected ',' or ']' after a list item")),
            }
        }
    }

    fn key(&mut self) -> Result<String, RelaxedError> {
        match self.peek() {
            Some(q @ (b'\'' | b'"' | b'`')) => self.string(q),
            Some(c) if is_ident_start(c) => Ok(self.ident()),
            Some(c) if c.is_ascii_digit() => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                Ok(self.text[start..self.i].to_string())
            }
            _ => Err(self.err("expected a key (a name or text in quotes)")),
        }
    }

    /// After a name: `.name`, `?.name`, `[…]` and `(…)` parts of an expression.
    fn code_tail(&mut self) -> Result<(), RelaxedError> {
        loop {
            match self.peek() {
                Some(b'.') if self.s.get(self.i + 1).is_some_and(|c| is_ident_start(*c)) => {
                    self.i += 1;
                    self.ident();
                }
                Some(b'?') if self.s.get(self.i + 1) == Some(&b'.') => {
                    self.i += 2;
                    self.ident();
                }
                Some(open @ (b'(' | b'[')) => {
                    let close = if open == b'(' { b')' } else { b']' };
                    let start = self.i;
                    let mut depth = 0usize;
                    loop {
                        match self.peek() {
                            None => {
                                self.i = start;
                                return Err(self.err("this bracket is never closed"));
                            }
                            Some(c) if c == open => depth += 1,
                            Some(c) if c == close => {
                                depth -= 1;
                                if depth == 0 {
                                    self.i += 1;
                                    break;
                                }
                            }
                            Some(q @ (b'\'' | b'"' | b'`')) => {
                                self.string(q)?;
                                continue;
                            }
                            _ => {}
                        }
                        self.i += 1;
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'-')
        {
            self.i += 1;
        }
        self.text[start..self.i].to_string()
    }

    fn number(&mut self) -> Result<Value, RelaxedError> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+'))
        {
            self.i += 1;
        }
        let lit = &self.text[start..self.i];
        if let Ok(n) = lit.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Some(n) = lit.parse::<f64>().ok().and_then(Number::from_f64) {
            return Ok(Value::Number(n));
        }
        // `+15555555555` unquoted and similar: keep the text.
        if lit.len() > 1 && lit[1..].bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Value::String(lit.to_string()));
        }
        self.i = start;
        Err(self.err(&format!("`{lit}` is not a number")))
    }

    fn string(&mut self, quote: u8) -> Result<String, RelaxedError> {
        let open = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.i..];
            let Some(c) = rest.chars().next() else {
                self.i = open;
                return Err(self.err("this quoted text is never closed"));
            };
            if c as u32 == quote as u32 {
                self.i += 1;
                return Ok(out);
            }
            if c == '\n' && quote != b'`' {
                self.i = open;
                return Err(self.err("this quoted text is never closed on its line"));
            }
            if c == '\\' {
                self.i += 1;
                let Some(e) = self.text[self.i..].chars().next() else {
                    continue;
                };
                self.i += e.len_utf8();
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '0' => out.push('\0'),
                    '\n' => {}
                    'u' => {
                        let code = if self.peek() == Some(b'{') {
                            let end = self.text[self.i..].find('}').map(|e| self.i + e);
                            let Some(end) = end else {
                                return Err(self.err("bad \\u{…} escape"));
                            };
                            let hex = &self.text[self.i + 1..end];
                            self.i = end + 1;
                            u32::from_str_radix(hex, 16).ok()
                        } else {
                            let hex = self.text.get(self.i..self.i + 4);
                            self.i += 4;
                            hex.and_then(|h| u32::from_str_radix(h, 16).ok())
                        };
                        match code.and_then(char::from_u32) {
                            Some(ch) => out.push(ch),
                            None => {
                                // Surrogate pairs and broken escapes: keep U+FFFD.
                                out.push('\u{FFFD}');
                                if self.i > self.text.len() {
                                    self.i = self.text.len();
                                }
                            }
                        }
                    }
                    'x' => {
                        let code = self
                            .text
                            .get(self.i..self.i + 2)
                            .and_then(|h| u32::from_str_radix(h, 16).ok());
                        self.i = (self.i + 2).min(self.text.len());
                        out.push(code.and_then(char::from_u32).unwrap_or('\u{FFFD}'));
                    }
                    other => out.push(other),
                }
                // keep i on a char boundary
                while self.i < self.text.len() && !self.text.is_char_boundary(self.i) {
                    self.i += 1;
                }
                continue;
            }
            out.push(c);
            self.i += c.len_utf8();
        }
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_console_object_with_missing_comma() {
        let t = "{\n  Called: '+15555555555',\n  FromState: 'PA'\n  CallToken: '%7B%22a%22'\n}";
        let (v, tol) = parse(t).unwrap();
        assert_eq!(v["Called"], "+15555555555");
        assert_eq!(v["CallToken"], "%7B%22a%22");
        assert_eq!(tol.missing_commas.len(), 1);
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["Called", "FromState", "CallToken"]);
    }

    #[test]
    fn quotes_escapes_comments_trailing_commas() {
        let t = r#"{ a: "x\"y", 'b': 'it\'s', c: [1, 2,], d: { e: true, }, /* c */ f: null, // x
        g: `tpl`, h: '\u00e9\x41' };"#;
        let (v, _) = parse(t).unwrap();
        assert_eq!(v["a"], "x\"y");
        assert_eq!(v["b"], "it's");
        assert_eq!(v["c"], serde_json::json!([1, 2]));
        assert_eq!(v["d"]["e"], true);
        assert!(v["f"].is_null());
        assert_eq!(v["g"], "tpl");
        assert_eq!(v["h"], "éA");
    }

    #[test]
    fn errors_have_offsets() {
        let e = parse("{ a: 'x', b 'y' }").unwrap_err();
        assert!(e.message.contains("expected ':'"), "{e:?}");
        assert_eq!(e.offset, 12);
        let e = parse("{ a: 'x'").unwrap_err();
        assert!(e.message.contains("never closed"));
        assert_eq!(e.offset, 0);
        let e = parse("{ a: 'abc\n}").unwrap_err();
        assert!(e.message.contains("never closed"));
        assert!(parse("{ a: 'x' b: }").is_err());
    }

    #[test]
    fn code_values_are_named_not_read() {
        let t = "{\n  CallStatus: VOICE_STATUS.COMPLETED,\n  From: caller,\n  To: fmt(to, 'E164'),\n  StirVerstat: TN-Validation-Passed-A,\n  StirPassportToken:\n    `${tok}`,\n}";
        let (v, tol) = parse(t).unwrap();
        assert!(v["CallStatus"].is_null() && v["From"].is_null() && v["To"].is_null());
        assert_eq!(v["StirVerstat"], "TN-Validation-Passed-A");
        assert_eq!(tol.code_values.len(), 3);
        assert_eq!(tol.code_values[2].1, "fmt(to, 'E164')");
        assert_eq!(tol.bare_words.len(), 1);
        assert_eq!(tol.placeholders.len(), 1);
        let (v, _) = parse("{ a: 'x' });").unwrap();
        assert_eq!(v["a"], "x");
        assert_eq!(
            code_prefix("const body: Record<string, string> = {\n a: 1 }"),
            Some(37)
        );
        assert_eq!(code_prefix("await client.calls.create({"), Some(26));
        assert_eq!(code_prefix("Hello {"), None);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let t = "[".repeat(100_000);
        let e = parse(&t).unwrap_err();
        assert!(e.message.contains("too deep"));
    }

    #[test]
    fn garbage_never_panics() {
        for t in [
            "",
            "{",
            "}",
            "{'",
            "{a",
            "{a:",
            "{a:'\\",
            "{a:'\\u",
            "{a:'\\u{12",
            "{a:'\\xZ'}",
            "{\"é\":1}",
            "{a:1e999}",
        ] {
            let _ = parse(t);
        }
    }
}
