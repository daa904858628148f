//! Canonical JSON for PASSporTs (RFC 8225 §9): members sorted by name, no
//! insignificant whitespace. Used to rebuild compact-form tokens (RFC 8224 §7)
//! and to say whether a received token is canonical.

use serde_json::Value;

/// Serialize `v` with object members sorted lexicographically and no whitespace.
pub fn to_canonical(v: &Value) -> String {
    let mut out = Vec::with_capacity(256);
    write(v, &mut out);
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

fn write_object(m: &serde_json::Map<String, Value>, out: &mut Vec<u8>) {
    let mut members: Vec<(&String, &Value)> = m.iter().collect();
    members.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.push(b'{');
    for (i, (k, v)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing a string or number into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, k);
        out.push(b':');
        write(v, out);
    }
    out.push(b'}');
}

fn write(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(m) => write_object(m, out),
        Value::Array(a) => {
            out.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out);
            }
            out.push(b']');
        }
        other => {
            let _ = serde_json::to_writer(&mut *out, other);
        }
    }
}

/// Is `text` (decoded header or payload JSON) already in canonical form?
pub fn is_canonical(text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => is_canonical_value(&v, text),
        Err(_) => false,
    }
}

/// Is `text`, which parsed to the object `m`, already in canonical form?
pub fn is_canonical_object(m: &serde_json::Map<String, Value>, text: &str) -> bool {
    let mut out = Vec::with_capacity(text.len());
    write_object(m, &mut out);
    out == text.as_bytes()
}

/// Is `text`, which parsed to `v`, already in canonical form?
fn is_canonical_value(v: &Value, text: &str) -> bool {
    let mut out = Vec::with_capacity(text.len());
    write(v, &mut out);
    out == text.as_bytes()
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
