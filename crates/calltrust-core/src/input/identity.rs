//! SIP Identity header values (RFC 8224 §4.1):
//! `Identity: <signed-identity-digest>;info=<URL>;alg=ES256;ppt=shaken`.

#[derive(Clone, Debug, PartialEq, Default)]
pub struct IdentityValue {
    /// The PASSporT in compact JWS serialization (quotes removed).
    pub token: String,
    /// Parameters, names lower-cased, values without `<>` or quotes, in order.
    pub params: Vec<(String, String)>,
    /// Names of parameters whose value was quoted (e.g. `ppt="shaken"`).
    pub quoted: Vec<String>,
}

impl IdentityValue {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn has_params(&self) -> bool {
        !self.params.is_empty()
    }
}

/// Split `value` into the token and its parameters. Never fails: whatever is
/// before the first `;` is the token.
pub fn parse(value: &str) -> IdentityValue {
    let v = value.trim();
    let (token, rest) = if let Some(stripped) = v.strip_prefix('"') {
        match stripped.find('"') {
            Some(end) => (&stripped[..end], &stripped[end + 1..]),
            None => (stripped, ""),
        }
    } else {
        match v.find(';') {
            Some(i) => (&v[..i], &v[i..]),
            None => (v, ""),
        }
    };
    let mut out = IdentityValue {
        token: token.trim().to_string(),
        ..Default::default()
    };
    for piece in split_params(rest) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let (name, val) = piece.split_once('=').unwrap_or((piece, ""));
        let name = name.trim().to_ascii_lowercase();
        let mut val = val.trim();
        if val.len() >= 2 && val.starts_with('<') && val.ends_with('>') {
            val = &val[1..val.len() - 1];
        } else if val.len() >= 2 && val.starts_with('"') && val.ends_with('"') {
            val = &val[1..val.len() - 1];
            out.quoted.push(name.clone());
        }
        out.params.push((name, val.to_string()));
    }
    out
}

/// Split on `;` outside `<…>` and quotes.
fn split_params(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut angle, mut quoted, mut start) = (false, false, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ';' if !quoted && !angle => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_form_with_quoted_ppt() {
        let v = parse("eyJa.eyJb.sig;info=<https://example.com/c.pem>;alg=ES256;ppt=\"shaken\"");
        assert_eq!(v.token, "eyJa.eyJb.sig");
        assert_eq!(v.param("info"), Some("https://example.com/c.pem"));
        assert_eq!(v.param("alg"), Some("ES256"));
        assert_eq!(v.param("ppt"), Some("shaken"));
        assert_eq!(v.quoted, vec!["ppt".to_string()]);
    }

    #[test]
    fn quoted_token_and_url_with_semicolon() {
        let v = parse("\"eyJa..sig\" ; info=<https://x.example/a;b>; ppt=div");
        assert_eq!(v.token, "eyJa..sig");
        assert_eq!(v.param("info"), Some("https://x.example/a;b"));
        assert_eq!(v.param("ppt"), Some("div"));
    }

    #[test]
    fn bare_token() {
        let v = parse("  eyJa.eyJb.sig ");
        assert_eq!(v.token, "eyJa.eyJb.sig");
        assert!(!v.has_params());
    }
}
