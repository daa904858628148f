//! Twilio CallToken: a URL-encoded JSON object
//! `{"parentCallInfoToken": JWT, "identityHeaderTokens": [Identity values]}`
//! (Twilio "Trusted Calling with SHAKEN/STIR").

use serde_json::Value;

use super::text::percent_decode;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct CallToken {
    pub parent: Option<String>,
    pub identities: Vec<String>,
    /// How many rounds of URL-decoding were needed (0: it was plain JSON).
    pub decode_rounds: usize,
    /// Shape problems, each a sentence.
    pub problems: Vec<String>,
}

/// Does this text look like a URL-encoded JSON object?
pub fn looks_url_encoded(text: &str) -> bool {
    let t = text.trim().trim_matches(|c| c == '\'' || c == '"');
    t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("%7B")) && t.len() > 3
}

/// Decode a CallToken value (plain or URL-encoded up to three times).
pub fn decode(raw: &str) -> Result<CallToken, String> {
    let mut text = raw.trim().trim_matches(|c| c == '\'').to_string();
    let mut rounds = 0;
    while !text.trim_start().starts_with('{') {
        if rounds == 3 || !super::text::has_percent_escape(&text) {
            return Err(format!(
                "it is neither JSON nor URL-encoded JSON (it starts with `{}`)",
                super::text::ellipsize(text.trim(), 24)
            ));
        }
        text = percent_decode(&text, false).0;
        rounds += 1;
    }
    let value: Value = match serde_json::from_str(text.trim()) {
        Ok(v) => v,
        Err(e) => {
            return Err(format!(
                "the decoded JSON is broken at line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_serde_position(&e.to_string())
            ));
        }
    };
    let mut ct = from_value(&value)?;
    ct.decode_rounds = rounds;
    Ok(ct)
}

/// Read the documented shape from a JSON value.
pub fn from_value(value: &Value) -> Result<CallToken, String> {
    let Some(obj) = value.as_object() else {
        return Err("the decoded JSON is not an object".into());
    };
    let mut ct = CallToken::default();
    match obj.get("parentCallInfoToken") {
        Some(Value::String(s)) => ct.parent = Some(s.clone()),
        Some(_) => ct
            .problems
            .push("parentCallInfoToken is not a string".to_string()),
        None => ct
            .problems
            .push("parentCallInfoToken is missing".to_string()),
    }
    match obj.get("identityHeaderTokens") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => ct.identities.push(s.clone()),
                    _ => ct
                        .problems
                        .push(format!("identityHeaderTokens[{i}] is not a string")),
                }
            }
        }
        Some(_) => ct
            .problems
            .push("identityHeaderTokens is not a list".to_string()),
        None => ct
            .problems
            .push("identityHeaderTokens is missing".to_string()),
    }
    for key in obj.keys() {
        if key != "parentCallInfoToken" && key != "identityHeaderTokens" {
            ct.problems.push(format!("unexpected member `{key}`"));
        }
    }
    if ct.parent.is_none() && ct.identities.is_empty() && !ct.problems.is_empty() {
        return Err(ct.problems.join("; "));
    }
    Ok(ct)
}

/// serde_json appends " at line X column Y"; we print the location ourselves.
pub fn strip_serde_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_url_encoded_token() {
        let raw = "%7B%20%22parentCallInfoToken%22%3A%22a.b.c%22%2C%0A%20%22identityHeaderTokens%22%3A%5B%22x.y.z%3Binfo%3D%3Chttps%3A%2F%2Fe.com%2Fc.pem%3E%22%5D%7D";
        let ct = decode(raw).unwrap();
        assert_eq!(ct.parent.as_deref(), Some("a.b.c"));
        assert_eq!(ct.identities, vec!["x.y.z;info=<https://e.com/c.pem>"]);
        assert_eq!(ct.decode_rounds, 1);
        assert!(ct.problems.is_empty());
    }

    #[test]
    fn double_encoded_and_plain() {
        let once =
            "%7B%22parentCallInfoToken%22%3A%22a.b.c%22%2C%22identityHeaderTokens%22%3A%5B%5D%7D";
        let twice = once.replace('%', "%25");
        assert_eq!(decode(&twice).unwrap().decode_rounds, 2);
        assert_eq!(
            decode(r#"{"parentCallInfoToken":"a.b.c","identityHeaderTokens":[]}"#)
                .unwrap()
                .decode_rounds,
            0
        );
    }

    #[test]
    fn shape_errors() {
        assert!(decode("hello").unwrap_err().contains("neither JSON"));
        assert!(
            decode("%7Bbroken")
                .unwrap_err()
                .contains("broken at line 1")
        );
        let ct = decode(r#"{"parentCallInfoToken":5,"identityHeaderTokens":["a"]}"#).unwrap();
        assert_eq!(ct.problems, vec!["parentCallInfoToken is not a string"]);
        assert!(decode(r#"{"x":1}"#).is_err());
    }
}
