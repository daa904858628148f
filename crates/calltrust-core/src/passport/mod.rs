//! PASSporT (RFC 8225) and JWT decoding: the three base64url segments, the
//! header and payload kept as the exact received JSON text and as typed claims.
//!
//! Decoding here never verifies anything: `Decoded` carries no trust. Whether
//! a signature holds is decided in `crate::verify` and reported separately.

pub mod canonical;
pub mod token;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::base::B64URL;

/// Which part of a token a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Token,
    Header,
    Payload,
    Signature,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Token => "token",
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub part: Part,
    pub message: String,
}

/// A token split and decoded, without any judgement of trust.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    /// The compact serialization as received (without Identity parameters).
    pub raw: String,
    pub header_b64: String,
    pub payload_b64: String,
    pub signature_b64: String,
    /// Exact decoded header JSON text.
    pub header_text: Option<String>,
    pub header: Option<Map<String, Value>>,
    pub payload_text: Option<String>,
    pub payload: Option<Map<String, Value>>,
    pub signature: Option<Vec<u8>>,
    /// Compact form (RFC 8224 §7): the payload segment is empty.
    pub compact: bool,
    pub problems: Vec<Problem>,
}

impl Decoded {
    /// The bytes the signature covers: `header_b64 "." payload_b64` exactly as received.
    pub fn signing_input(&self) -> String {
        format!("{}.{}", self.header_b64, self.payload_b64)
    }
    pub fn header_str(&self, key: &str) -> Option<&str> {
        self.header.as_ref()?.get(key)?.as_str()
    }
}

/// Split and decode a compact JWS. Never fails; problems are collected.
pub fn decode(raw: &str) -> Decoded {
    let raw = raw.trim().trim_matches(|c| c == '"' || c == '\'');
    let mut d = Decoded {
        raw: raw.to_string(),
        ..Default::default()
    };
    let segments: Vec<&str> = raw.split('.').collect();
    match segments.len() {
        3 => {}
        1 => {
            d.problems.push(Problem {
                part: Part::Token,
                message: if raw.is_empty() {
                    "the token is empty".into()
                } else {
                    "the value has no '.' separators: a PASSporT is three base64url segments, header.payload.signature".into()
                },
            });
        }
        2 => d.problems.push(Problem {
            part: Part::Signature,
            message: "only two segments (header.payload): the signature segment is missing — the token was cut off, or only the signing input was copied".into(),
        }),
        n => d.problems.push(Problem {
            part: Part::Token,
            message: format!("{n} segments where a JWS has three (header.payload.signature); the first three were read"),
        }),
    }
    let seg = |i: usize| segments.get(i).copied().unwrap_or("");
    if segments.len() < 2 {
        return d;
    }
    d.header_b64 = seg(0).to_string();
    d.payload_b64 = seg(1).to_string();
    d.signature_b64 = seg(2).to_string();

    // header
    match decode_json_segment(seg(0), Part::Header) {
        Ok((text, obj)) => {
            d.header_text = Some(text);
            d.header = obj.0;
            if let Some(p) = obj.1 {
                d.problems.push(p);
            }
        }
        Err(p) => d.problems.push(p),
    }
    // payload (empty = compact form)
    if seg(1).is_empty() {
        d.compact = true;
    } else {
        match decode_json_segment(seg(1), Part::Payload) {
            Ok((text, obj)) => {
                d.payload_text = Some(text);
                d.payload = obj.0;
                if let Some(p) = obj.1 {
                    d.problems.push(p);
                }
            }
            Err(p) => d.problems.push(p),
        }
    }
    // signature
    if segments.len() >= 3 {
        if seg(2).is_empty() {
            d.problems.push(Problem {
                part: Part::Signature,
                message: "the signature segment is empty".into(),
            });
        } else {
            match b64url_decode(seg(2), Part::Signature) {
                Ok(bytes) => d.signature = Some(bytes),
                Err(p) => d.problems.push(p),
            }
        }
    }
    d
}

type JsonSegment = (String, (Option<Map<String, Value>>, Option<Problem>));

fn decode_json_segment(seg: &str, part: Part) -> Result<JsonSegment, Problem> {
    let bytes = b64url_decode(seg, part)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return Err(Problem {
                part,
                message: format!(
                    "the {} decodes to bytes that are not UTF-8 text (first bad byte at offset {at} of the decoded {}): the base64url was corrupted or truncated in copy",
                    part.as_str(),
                    part.as_str()
                ),
            });
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => Ok((text, (Some(m), None))),
        Ok(other) => {
            let kind = json_type(&other);
            Ok((
                text,
                (
                    None,
                    Some(Problem {
                        part,
                        message: format!("the {} is a JSON {kind}, not an object", part.as_str()),
                    }),
                ),
            ))
        }
        Err(e) => Ok((
            text,
            (
                None,
                Some(Problem {
                    part,
                    message: format!(
                        "the {} is not valid JSON: {} (at column {} of the decoded {})",
                        part.as_str(),
                        crate::input::calltoken::strip_serde_position(&e.to_string()),
                        e.column(),
                        part.as_str()
                    ),
                }),
            ),
        )),
    }
}

/// Decode one base64url segment, explaining any failure.
pub fn b64url_decode(seg: &str, part: Part) -> Result<Vec<u8>, Problem> {
    let mut std_chars = false;
    for (i, c) in seg.char_indices() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' if seg[i..].chars().all(|c| c == '=') => {}
            '+' | '/' => std_chars = true,
            other => {
                return Err(Problem {
                    part,
                    message: format!(
                        "the {} segment has a character that is not base64url, {:?}, at position {}",
                        part.as_str(),
                        other,
                        i + 1
                    ),
                });
            }
        }
    }
    let cleaned: String = if std_chars {
        seg.chars()
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect()
    } else {
        seg.to_string()
    };
    let body = cleaned.trim_end_matches('=');
    if body.len() % 4 == 1 {
        return Err(Problem {
            part,
            message: format!(
                "the {} segment has an impossible base64 length ({} characters): a character is missing or extra — the token was damaged in copy",
                part.as_str(),
                body.len()
            ),
        });
    }
    match B64URL.decode(body) {
        Ok(b) => {
            if std_chars {
                // Still decodable, but not what RFC 7515 requires; reported by the checks.
            }
            Ok(b)
        }
        Err(e) => Err(Problem {
            part,
            message: format!("the {} segment is not valid base64url: {e}", part.as_str()),
        }),
    }
}

/// True when a segment uses the standard base64 alphabet (`+`, `/`) or padding.
pub fn not_base64url(seg: &str) -> bool {
    seg.contains(['+', '/', '='])
}

pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// The typed claims calltrust reasons about (RFC 8225 §5, RFC 8588 §4,
/// RFC 8946 §3, RFC 9795 for rcd), plus Twilio's parentCallInfoToken fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attest: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orig_tn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orig_uri: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub dest_tn: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub dest_uri: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// iat was a JSON string rather than a number.
    #[serde(default)]
    pub iat_is_string: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub div_tn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub div_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rcd_name: Option<String>,
    /// parentCallInfoToken: callSid, from, to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_sid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// A claim that is present but has the wrong JSON shape.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeProblem {
    pub claim: String,
    pub message: String,
}

/// Reports a claim of the wrong shape: (claim, message).
type Shape<'a> = dyn FnMut(&str, String) + 'a;

/// Read the claims from a payload object. Wrong shapes are reported, and where
/// the value can still be read (e.g. `orig` as a string holding JSON, as
/// libstirshaken's sample does) it is read for display.
pub fn claims(payload: &Map<String, Value>) -> (Claims, Vec<ShapeProblem>) {
    let mut c = Claims::default();
    let mut probs = Vec::new();
    let mut shape = |claim: &str, message: String| {
        probs.push(ShapeProblem {
            claim: claim.to_string(),
            message,
        })
    };
    c.attest = payload
        .get("attest")
        .and_then(|v| string_claim("attest", v, &mut shape));
    // orig / div: {"tn": "..."} or {"uri": "..."}
    if let Some(v) = payload.get("orig") {
        (c.orig_tn, c.orig_uri) = party_claim("orig", v, &mut shape);
    }
    if let Some(v) = payload.get("div") {
        (c.div_tn, c.div_uri) = party_claim("div", v, &mut shape);
    }
    // dest: {"tn": ["..."], "uri": ["..."]}
    if let Some(v) = payload.get("dest") {
        (c.dest_tn, c.dest_uri) = dest_claim(v, &mut shape);
    }
    if let Some(v) = payload.get("iat") {
        iat_claim(v, &mut c, &mut shape);
    }
    c.origid = payload
        .get("origid")
        .and_then(|v| string_claim("origid", v, &mut shape));
    if let Some(Value::Object(r)) = payload.get("rcd") {
        c.rcd_name = r.get("nam").and_then(|n| n.as_str()).map(str::to_string);
    }
    for (key, slot) in [
        ("callSid", &mut c.call_sid),
        ("from", &mut c.from),
        ("to", &mut c.to),
    ] {
        if let Some(v) = payload.get(key) {
            *slot = Some(match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
    }
    (c, probs)
}

/// A claim that must be a string.
fn string_claim(name: &str, v: &Value, shape: &mut Shape<'_>) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        other => {
            shape(
                name,
                format!("{name} is a JSON {}, not a string", json_type(other)),
            );
            None
        }
    }
}

/// A claim that must be an object; a string holding one is read for
/// display and reported. `like` is the form it should have.
fn claim_object(
    name: &str,
    v: &Value,
    like: &str,
    shape: &mut Shape<'_>,
) -> Option<Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o.clone()),
        Value::String(s) => {
            shape(
                name,
                format!(
                    "{name} is a JSON string ({s:?}), not an object like {like}: a verifier cannot read it"
                ),
            );
            serde_json::from_str::<Value>(s)
                .ok()
                .and_then(|i| i.as_object().cloned())
        }
        other => {
            shape(
                name,
                format!("{name} is a JSON {}, not an object", json_type(other)),
            );
            None
        }
    }
}

/// `orig` or `div`: `{"tn": "…"}` or `{"uri": "…"}` → (tn, uri).
fn party_claim(name: &str, v: &Value, shape: &mut Shape<'_>) -> (Option<String>, Option<String>) {
    let Some(o) = claim_object(name, v, "{\"tn\": \"…\"}", shape) else {
        return (None, None);
    };
    let tn = match o.get("tn") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(a)) => {
            shape(
                name,
                format!("{name}.tn is a list; it must be a single string"),
            );
            a.first().and_then(|x| x.as_str()).map(str::to_string)
        }
        Some(Value::Number(n)) => {
            shape(
                name,
                format!("{name}.tn is a JSON number; it must be a string of digits"),
            );
            Some(n.to_string())
        }
        Some(other) => {
            shape(
                name,
                format!("{name}.tn is a JSON {}, not a string", json_type(other)),
            );
            None
        }
        None => None,
    };
    let uri = o
        .get("uri")
        .and_then(|u| string_claim(&format!("{name}.uri"), u, &mut |_, m| shape(name, m)));
    if o.get("tn").is_none() && o.get("uri").is_none() {
        shape(name, format!("{name} has neither tn nor uri"));
    }
    (tn, uri)
}

/// `dest`: `{"tn": ["…"], "uri": ["…"]}` → (tns, uris).
fn dest_claim(v: &Value, shape: &mut Shape<'_>) -> (Vec<String>, Vec<String>) {
    let mut out = (Vec::new(), Vec::new());
    let Some(o) = claim_object("dest", v, "{\"tn\": [\"…\"]}", shape) else {
        return out;
    };
    for (key, slot) in [("tn", &mut out.0), ("uri", &mut out.1)] {
        match o.get(key) {
            Some(Value::Array(a)) => {
                for item in a {
                    match item {
                        Value::String(s) => slot.push(s.clone()),
                        other => shape(
                            "dest",
                            format!("dest.{key} holds a JSON {}, not a string", json_type(other)),
                        ),
                    }
                }
            }
            Some(Value::String(s)) => {
                shape(
                    "dest",
                    format!("dest.{key} is a single string; RFC 8225 makes it a list ([\"…\"])"),
                );
                slot.push(s.clone());
            }
            Some(other) => shape(
                "dest",
                format!("dest.{key} is a JSON {}, not a list", json_type(other)),
            ),
            None => {}
        }
    }
    if o.get("tn").is_none() && o.get("uri").is_none() {
        shape("dest", "dest has neither tn nor uri".to_string());
    }
    out
}

/// `iat`: a whole number of seconds (a string of digits is read and noted).
fn iat_claim(v: &Value, c: &mut Claims, shape: &mut Shape<'_>) {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => c.iat = Some(i),
            None => {
                shape("iat", format!("iat is {n}, not a whole number of seconds"));
                c.iat = n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64);
            }
        },
        Value::String(s) => {
            c.iat_is_string = true;
            c.iat = s.trim().parse::<i64>().ok();
        }
        other => shape(
            "iat",
            format!("iat is a JSON {}, not a number", json_type(other)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The SHAKEN PASSporT from Twilio's CallToken example ("Trusted Calling with SHAKEN/STIR").
    const TWILIO: &str = "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9leGFtcGxlLmNvbS9zb21lQ2VydGlmaWNhdGUucGVtIn0.eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxNTU1NTU1NTU1NSJdfSwiaWF0IjoxNjM1OTU3NDIzLCJvcmlnIjp7InRuIjoiMTIyMjIyMjIyMjIifSwib3JpZ2lkIjoic29tZS1HVUlELWhlcmUifQ.ygPO2sImJR9MSqoRVD0CvnB2euv3RUYdupNEFS3wpgecs-yi8SU8FtYkkDypn7DC-siwdPY6vvVIx39y5Nb1sg";

    #[test]
    fn decodes_twilio_example() {
        let d = decode(TWILIO);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.header_str("ppt"), Some("shaken"));
        assert_eq!(d.signature.as_ref().unwrap().len(), 64);
        let (c, p) = claims(d.payload.as_ref().unwrap());
        assert!(p.is_empty());
        assert_eq!(c.attest.as_deref(), Some("A"));
        assert_eq!(c.orig_tn.as_deref(), Some("12222222222"));
        assert_eq!(c.dest_tn, vec!["15555555555"]);
        assert_eq!(c.iat, Some(1635957423));
        assert_eq!(c.origid.as_deref(), Some("some-GUID-here"));
        assert!(d.payload_text.unwrap().starts_with("{\"attest\":\"A\""));
    }

    #[test]
    fn segment_problems_name_the_part() {
        let d = decode("eyJhbGciOiJFUzI1NiJ9");
        assert_eq!(d.problems[0].part, Part::Token);
        let d = decode("eyJhbGciOiJFUzI1NiJ9.eyJhIjoxfQ");
        assert_eq!(d.problems[0].part, Part::Signature);
        assert!(d.payload.is_some());
        let d = decode("eyJhbGciOiJFUzI1NiJ9.e$J.sig");
        assert_eq!(d.problems[0].part, Part::Payload);
        assert!(d.problems[0].message.contains("'$'"));
        let d = decode("eyJhbGciOiJFUzI1NiJ9.eyJhIjox.sig");
        // {"a":1 — truncated JSON
        assert_eq!(d.problems[0].part, Part::Payload);
        assert!(
            d.problems[0].message.contains("not valid JSON"),
            "{:?}",
            d.problems
        );
        let d = decode("eyJhbGciOiJFUzI1NiJ9.WzFd.sig");
        assert!(d.problems[0].message.contains("list, not an object"));
    }

    #[test]
    fn compact_form_is_detected() {
        let d = decode("eyJhbGciOiJFUzI1NiJ9..c2ln");
        assert!(d.compact);
        assert!(d.problems.is_empty());
    }

    #[test]
    fn string_claims_are_reported_and_read() {
        let mut m = Map::new();
        m.insert(
            "orig".into(),
            Value::String("{\"tn\":\"01256789999\"}".into()),
        );
        m.insert(
            "dest".into(),
            Value::String("{\"tn\":\"01256500600\"}".into()),
        );
        m.insert("iat".into(), Value::String("1635957423".into()));
        let (c, p) = claims(&m);
        assert_eq!(c.orig_tn.as_deref(), Some("01256789999"));
        assert!(c.iat_is_string);
        assert_eq!(c.iat, Some(1635957423));
        assert!(
            p.iter()
                .any(|p| p.claim == "orig" && p.message.contains("JSON string"))
        );
        assert!(p.iter().any(|p| p.claim == "dest"));
    }

    #[test]
    fn non_utf8_payload() {
        // base64url of bytes ff fe fd
        let d = decode("eyJhbGciOiJFUzI1NiJ9._-79.sig");
        assert!(d.problems[0].message.contains("not UTF-8"));
    }
}
