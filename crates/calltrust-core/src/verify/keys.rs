//! Loading certificates and keys: PEM or DER certificates, bundles (leaf and
//! intermediates in one file, as x5u URLs serve them), PEM public keys, JWKs.
//! Private keys are refused and never echoed.

use base64::Engine as _;

use crate::base::pem::pem_blocks;
use crate::model::{Finding, ids};

/// A certificate from a supplied file or fetch.
#[derive(Clone, Debug)]
pub struct CertEntry {
    /// `sp.pem`, `bundle.pem #2`, or the URL.
    pub source: String,
    /// The file name (last URL/path segment) for matching against x5u.
    pub file_name: String,
    /// The URL it was fetched from.
    pub url: Option<String>,
    pub der: Vec<u8>,
    /// Position in its bundle (0 = first, usually the leaf).
    pub position: usize,
    pub anchor: bool,
}

/// A bare public key (PEM SubjectPublicKeyInfo or JWK).
#[derive(Clone, Debug)]
pub struct KeyEntry {
    pub source: String,
    pub file_name: String,
    /// SEC1 uncompressed point of a P-256 key.
    pub point: Vec<u8>,
}

#[derive(Default, Debug)]
pub struct Loaded {
    pub certs: Vec<CertEntry>,
    pub keys: Vec<KeyEntry>,
    pub findings: Vec<Finding>,
}

pub fn last_segment(name: &str) -> String {
    let n = name.split(['?', '#']).next().unwrap_or(name);
    n.rsplit(['/', '\\']).next().unwrap_or(n).to_string()
}

fn private_key_refused(source: &str) -> Finding {
    Finding::warning(
        ids::CERT_UNUSABLE,
        "Private key ignored",
        format!(
            "{source} contains a private key. calltrust never needs private keys and did not read it; pass the certificate or public key instead, and keep private keys off support machines."
        ),
    )
}

/// Load one file's certificates and keys.
/// Where a file's material came from, for its entries.
struct Source<'a> {
    label: &'a str,
    file_name: String,
    url: Option<&'a str>,
    anchor: bool,
}

/// A PEM certificate, the `pos`-th of its file: added once per trust role;
/// an unreadable one is a finding. Whether it counts as usable.
fn add_pem_cert(der: Vec<u8>, src: &Source<'_>, pos: usize, out: &mut Loaded) -> bool {
    let label = src.label;
    if out
        .certs
        .iter()
        .any(|c| c.der == der && c.anchor == src.anchor)
    {
        // The same intermediate often ships in several bundles.
        return true;
    }
    if x509_parser::parse_x509_certificate(&der).is_err() {
        out.findings.push(Finding::warning(
            ids::CERT_UNUSABLE,
            "Unreadable certificate",
            format!(
                "{label}: certificate #{} is not a valid X.509 certificate.",
                pos + 1
            ),
        ));
        return false;
    }
    out.certs.push(CertEntry {
        source: if pos == 0 {
            label.to_string()
        } else {
            format!("{label} #{}", pos + 1)
        },
        file_name: src.file_name.clone(),
        url: src.url.map(str::to_string),
        der,
        position: pos,
        anchor: src.anchor,
    });
    true
}

/// The PEM blocks of a file: certificates (once each) and P-256 public
/// keys; private keys refused. Returns how many were usable.
fn load_pem(text: &str, src: &Source<'_>, out: &mut Loaded) -> usize {
    let label = src.label;
    let mut found = 0usize;
    let mut pos = 0usize;
    for block in pem_blocks(text) {
        if block.label.contains("PRIVATE KEY") {
            out.findings.push(private_key_refused(label));
            found += 1;
            continue;
        }
        let der = match block.der {
            Ok(d) => d,
            Err(e) => {
                out.findings.push(Finding::warning(
                    ids::CERT_UNUSABLE,
                    "Unreadable PEM block",
                    format!("{label}: {} block: {e}.", block.label),
                ));
                continue;
            }
        };
        match block.label.as_str() {
            "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
                if add_pem_cert(der, src, pos, out) {
                    pos += 1;
                    found += 1;
                }
            }
            "PUBLIC KEY" => match p256_point_from_spki(&der) {
                Ok(point) => {
                    out.keys.push(KeyEntry {
                        source: label.to_string(),
                        file_name: src.file_name.clone(),
                        point,
                    });
                    found += 1;
                }
                Err(e) => out.findings.push(Finding::warning(
                    ids::CERT_KEY,
                    "Public key is not P-256",
                    format!("{label}: {e}."),
                )),
            },
            other => out.findings.push(Finding::info(
                ids::CERT_UNUSABLE,
                "PEM block ignored",
                format!("{label}: a {other} block is not a certificate or public key."),
            )),
        }
    }
    found
}

/// A JWK or JWK set.
fn load_jwk(text: &str, src: &Source<'_>, out: &mut Loaded) {
    let label = src.label;
    match jwk_points(text.trim()) {
        Ok(points) => {
            let n = points.len();
            for (i, point) in points.into_iter().enumerate() {
                out.keys.push(KeyEntry {
                    source: if n == 1 {
                        label.to_string()
                    } else {
                        format!("{label} key #{}", i + 1)
                    },
                    file_name: src.file_name.clone(),
                    point,
                });
            }
        }
        Err(e) => out.findings.push(Finding::warning(
            ids::CERT_UNUSABLE,
            "Unusable JWK",
            format!("{label}: {e}."),
        )),
    }
}

pub fn load(name: &str, bytes: &[u8], anchor: bool, url: Option<&str>, out: &mut Loaded) {
    let file_name = last_segment(url.unwrap_or(name));
    let label = url.unwrap_or(name).to_string();
    let src = Source {
        label: &label,
        file_name: file_name.clone(),
        url,
        anchor,
    };
    let text = std::str::from_utf8(bytes).ok();
    let mut found = 0usize;
    if let Some(text) = text.filter(|t| t.contains("-----BEGIN ")) {
        found += load_pem(text, &src, out);
    } else if let Some(text) = text.filter(|t| t.trim_start().starts_with('{')) {
        load_jwk(text, &src, out);
        return;
    } else if let Some(der) = text.and_then(base64_der_certificate) {
        out.certs.push(CertEntry {
            source: label.clone(),
            file_name,
            url: url.map(str::to_string),
            der,
            position: 0,
            anchor,
        });
        found += 1;
    } else if x509_parser::parse_x509_certificate(bytes).is_ok() {
        out.certs.push(CertEntry {
            source: label.clone(),
            file_name,
            url: url.map(str::to_string),
            der: bytes.to_vec(),
            position: 0,
            anchor,
        });
        found += 1;
    } else if let Ok(point) = p256_point_from_spki(bytes) {
        out.keys.push(KeyEntry {
            source: label.clone(),
            file_name,
            point,
        });
        found += 1;
    }
    if found == 0 {
        out.findings.push(
            Finding::warning(
                ids::CERT_UNUSABLE,
                "No certificate or key found",
                format!("{label} holds no PEM or DER certificate, PEM public key or JWK calltrust can read."),
            )
            .hint("Pass the certificate the x5u URL serves (PEM), a PEM public key, or a JWK."),
        );
    }
}

/// A certificate written as one base64 DER blob (as some portals show it).
pub fn base64_der_certificate(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if !t.starts_with("MII") {
        return None;
    }
    let b64: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64.as_bytes())
        .ok()?;
    x509_parser::parse_x509_certificate(&der).ok()?;
    Some(der)
}

/// SEC1 point of a P-256 SubjectPublicKeyInfo (DER).
pub fn p256_point_from_spki(der: &[u8]) -> Result<Vec<u8>, String> {
    use p256::pkcs8::DecodePublicKey;
    let pk = p256::PublicKey::from_public_key_der(der).map_err(|_| {
        "the key is not an EC P-256 public key (SHAKEN uses P-256 only)".to_string()
    })?;
    Ok(p256::EncodedPoint::from(pk).as_bytes().to_vec())
}

/// The P-256 point of a public JWK (RFC 7517), or of every P-256 key of a JWK
/// Set (`{"keys": [...]}`), read with jsonwebtoken's JWK model. Private
/// JWKs (with `d`) are refused without being read.
fn jwk_points(text: &str) -> Result<Vec<Vec<u8>>, String> {
    use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let private = |k: &serde_json::Value| k.get("d").is_some();
    let set = v.get("keys").is_some_and(|k| k.is_array());
    if private(&v)
        || v.get("keys")
            .and_then(|k| k.as_array())
            .is_some_and(|ks| ks.iter().any(private))
    {
        return Err(
            "it is a private JWK (has \"d\"); calltrust did not read it — pass the public key only"
                .into(),
        );
    }
    let jwks: Vec<Jwk> = if set {
        serde_json::from_value::<JwkSet>(v)
            .map_err(|e| format!("not a JWK Set: {e}"))?
            .keys
    } else {
        vec![serde_json::from_value::<Jwk>(v).map_err(|e| format!("not a JWK: {e}"))?]
    };
    let mut points = Vec::new();
    for jwk in &jwks {
        let AlgorithmParameters::EllipticCurve(ec) = &jwk.algorithm else {
            continue;
        };
        if ec.curve != EllipticCurve::P256 {
            continue;
        }
        let coord = |c: &str| {
            crate::base::B64URL
                .decode(c.trim_end_matches('='))
                .ok()
                .filter(|b| b.len() == 32)
        };
        let (Some(x), Some(y)) = (coord(&ec.x), coord(&ec.y)) else {
            return Err("the x/y coordinates are not 32-byte base64url values".into());
        };
        let mut point = vec![0x04];
        point.extend(x);
        point.extend(y);
        p256::PublicKey::from_sec1_bytes(&point)
            .map_err(|_| "the x/y coordinates are not a P-256 point".to_string())?;
        points.push(point);
    }
    if points.is_empty() {
        return Err("only EC P-256 JWKs (kty EC, crv P-256) can verify ES256".into());
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_are_refused_and_not_echoed() {
        let pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n";
        let mut out = Loaded::default();
        load("k.pem", pem.as_bytes(), false, None, &mut out);
        assert!(out.certs.is_empty() && out.keys.is_empty());
        assert_eq!(out.findings[0].title, "Private key ignored");
        assert!(!out.findings[0].detail.contains("MHcCAQEEIB"));
        let mut out = Loaded::default();
        load(
            "k.jwk",
            br#"{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"secretvalue"}"#,
            false,
            None,
            &mut out,
        );
        assert!(out.keys.is_empty());
        assert!(!out.findings[0].detail.contains("secretvalue"));
    }

    #[test]
    fn garbage_is_reported() {
        let mut out = Loaded::default();
        load("x.bin", b"\x00\x01garbage", false, None, &mut out);
        assert_eq!(out.findings[0].title, "No certificate or key found");
        let mut out = Loaded::default();
        load(
            "x.pem",
            b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
            false,
            None,
            &mut out,
        );
        assert!(out.findings[0].detail.contains("base64"));
    }

    #[test]
    fn jwk_sets_give_every_p256_key() {
        let k = p256::SecretKey::from_slice(&[7u8; 32])
            .unwrap()
            .public_key();
        let jwk = k.to_jwk_string();
        let set = format!(r#"{{"keys":[{jwk},{{"kty":"RSA","n":"AQAB","e":"AQAB"}},{jwk}]}}"#);
        let mut out = Loaded::default();
        load("keys.json", set.as_bytes(), false, None, &mut out);
        assert_eq!(out.keys.len(), 2, "{:?}", out.findings);
        assert_eq!(out.keys[1].source, "keys.json key #2");
        let mut out = Loaded::default();
        load(
            "k.jwk",
            br#"{"kty":"EC","crv":"P-384","x":"a","y":"b"}"#,
            false,
            None,
            &mut out,
        );
        assert!(out.keys.is_empty());
        assert!(
            out.findings[0].detail.contains("P-256"),
            "{:?}",
            out.findings
        );
    }

    #[test]
    fn names() {
        assert_eq!(last_segment("https://a.example/x/sp.pem?x"), "sp.pem");
        assert_eq!(last_segment("certs/sp.pem"), "sp.pem");
    }
}
