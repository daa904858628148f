//! JWTClaimConstraints (RFC 8226 §8) and EnhancedJWTClaimConstraints
//! (RFC 9118) of a signing certificate, enforced on the PASSporT's claims:
//! claims the certificate says must be included, claims it permits only
//! certain values for, and (enhanced) claims that must be absent.

use serde_json::{Map, Value};

use crate::base::der;

pub const OID_JWT_CLAIM_CONSTRAINTS: &str = "1.3.6.1.5.5.7.1.27";
pub const OID_ENHANCED_JWT_CLAIM_CONSTRAINTS: &str = "1.3.6.1.5.5.7.1.33";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constraints {
    pub must_include: Vec<String>,
    /// (claim, permitted values)
    pub permitted: Vec<(String, Vec<String>)>,
    pub must_exclude: Vec<String>,
}

/// The elements inside a context tag, whether the tag is explicit (wrapping a
/// SEQUENCE) or implicit (the SEQUENCE's contents directly).
fn tagged_items<'a>(t: &der::Tlv<'a>) -> Result<Vec<der::Tlv<'a>>, String> {
    if t.tag & 0x20 == 0 {
        return Err("a constraint is not constructed".into());
    }
    let kids = der::children(t.content)?;
    match kids.as_slice() {
        [one] if one.tag == der::SEQUENCE => der::children(one.content),
        _ => Ok(kids),
    }
}

fn string(t: &der::Tlv<'_>) -> Result<String, String> {
    match t.tag {
        0x16 | 0x0c | 0x13 => Ok(String::from_utf8_lossy(t.content).into_owned()),
        x => Err(format!("expected a string, found tag 0x{x:02x}")),
    }
}

/// Parse either extension's value.
pub fn parse(value: &[u8]) -> Result<Constraints, String> {
    let (seq, _) = der::read(value)?;
    if seq.tag != der::SEQUENCE {
        return Err("the constraints are not a SEQUENCE".into());
    }
    let mut c = Constraints::default();
    for part in der::children(seq.content)? {
        match part.tag & 0x1f {
            0 => {
                for n in tagged_items(&part)? {
                    c.must_include.push(string(&n)?);
                }
            }
            1 => {
                for pv in tagged_items(&part)? {
                    let kids = der::children(pv.content)?;
                    let [name, values] = kids.as_slice() else {
                        return Err("a permitted-values entry is not {claim, values}".into());
                    };
                    let vals = der::children(values.content)?
                        .iter()
                        .map(string)
                        .collect::<Result<Vec<_>, _>>()?;
                    c.permitted.push((string(name)?, vals));
                }
            }
            2 => {
                for n in tagged_items(&part)? {
                    c.must_exclude.push(string(&n)?);
                }
            }
            _ => {}
        }
    }
    Ok(c)
}

/// The value of a claim as the permitted-values list compares it: a JSON
/// string as itself, anything else as its JSON text.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every way the payload breaks the constraints, in words.
pub fn violations(c: &Constraints, payload: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for name in &c.must_include {
        if !payload.contains_key(name) {
            out.push(format!(
                "the certificate requires the claim \"{name}\", which the PASSporT lacks"
            ));
        }
    }
    for (name, allowed) in &c.permitted {
        if let Some(v) = payload.get(name) {
            let text = as_text(v);
            if !allowed.contains(&text) {
                out.push(format!(
                    "\"{name}\" is {text}, but the certificate permits only {}",
                    allowed.join(", ")
                ));
            }
        }
    }
    for name in &c.must_exclude {
        if payload.contains_key(name) {
            out.push(format!(
                "the certificate forbids the claim \"{name}\", which the PASSporT carries"
            ));
        }
    }
    out
}
