//! Canonical JSON for PASSporTs (RFC 8225 §9): members sorted by name, no
//! insignificant whitespace. Used to rebuild compact-form tokens (RFC 8224 §7)
//! and to say whether a received token is canonical.

use serde_json::Value;

/// Serialize `v` with object members sorted lexicographically and no whitespace.
pub fn to_canonical(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write(&m[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Is `text` (decoded header or payload JSON) already in canonical form?
pub fn is_canonical(text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => to_canonical(&v) == text,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_strips_whitespace() {
        let v: Value =
            serde_json::from_str(r#"{ "orig": {"tn":"1"}, "dest": {"uri": ["sip:a"]}, "iat": 5 }"#)
                .unwrap();
        assert_eq!(
            to_canonical(&v),
            r#"{"dest":{"uri":["sip:a"]},"iat":5,"orig":{"tn":"1"}}"#
        );
        assert!(is_canonical(r#"{"a":1,"b":[1,2]}"#));
        assert!(!is_canonical(r#"{"b":1,"a":2}"#));
        assert!(!is_canonical(r#"{"a": 1}"#));
    }
}
