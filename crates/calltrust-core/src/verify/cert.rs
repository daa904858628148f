//! Certificate inspection: names, validity, key type, RFC 8226 TNAuthList and
//! the extensions a SHAKEN certificate carries (ATIS-1000080).

use sha2::{Digest, Sha256};
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::*;

use crate::base::der;
use crate::sti::Role;
use crate::timefmt::utc;
use crate::verify::results::{CertReport, CertUsage, TnAuthReport};

pub const OID_TNAUTHLIST: &str = "1.3.6.1.5.5.7.1.26";

/// What we need to know about a certificate, owned.
#[derive(Clone, Debug)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    /// SEC1 point when the key is EC P-256.
    pub p256_point: Option<Vec<u8>>,
    pub key_desc: String,
    pub is_ca: bool,
    pub self_issued: bool,
    /// Raw DER of subject and issuer names, for chain building.
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub tn_auth: Option<TnAuthReport>,
    pub basic_constraints: Option<String>,
    pub key_usage: Option<String>,
    pub policies: Vec<String>,
    pub crl_dps: Vec<String>,
    pub sha256: String,
    /// basicConstraints: `None` when absent, else (cA, pathLenConstraint).
    pub bc: Option<(bool, Option<u32>)>,
    /// keyUsage: `None` when absent, else (keyCertSign, cRLSign).
    pub ku: Option<(bool, bool)>,
    /// The algorithm this certificate is signed with, by name.
    pub sig_alg: String,
    /// Why that algorithm is not acceptable for a certificate link, if it is not.
    pub sig_alg_problem: Option<String>,
    /// RSA modulus size, for an RSA key.
    pub rsa_bits: Option<usize>,
    /// Critical extensions RFC 5280 processing does not know (by OID).
    pub unknown_critical: Vec<String>,
    /// A critical STIR extension (TNAuthList, JWTClaimConstraints): legal,
    /// but general-purpose validators refuse it.
    pub critical_stir: Vec<String>,
    /// The serial number's bytes, for CRL look-ups.
    pub serial_raw: Vec<u8>,
    /// JWTClaimConstraints / EnhancedJWTClaimConstraints (raw value, enhanced?).
    pub claim_constraints: Vec<(Vec<u8>, bool)>,
}

/// Extensions an RFC 5280 path validator processes, plus the STIR ones
/// calltrust understands (RFC 8226 TNAuthList and JWTClaimConstraints,
/// RFC 9118 EnhancedJWTClaimConstraints).
const KNOWN_EXTENSIONS: &[&str] = &[
    "2.5.29.14",         // subjectKeyIdentifier
    "2.5.29.15",         // keyUsage
    "2.5.29.17",         // subjectAltName
    "2.5.29.19",         // basicConstraints
    "2.5.29.31",         // cRLDistributionPoints
    "2.5.29.32",         // certificatePolicies
    "2.5.29.35",         // authorityKeyIdentifier
    "2.5.29.37",         // extKeyUsage
    "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
];
pub const STIR_EXTENSIONS: &[(&str, &str)] = &[
    (OID_TNAUTHLIST, "TNAuthList"),
    ("1.3.6.1.5.5.7.1.27", "JWTClaimConstraints"),
    ("1.3.6.1.5.5.7.1.33", "EnhancedJWTClaimConstraints"),
];

/// The signature algorithm's name, and why it is unacceptable for a
/// certificate link (SHA-1 and MD5 are broken; unknown ones cannot be judged).
fn sig_alg(oid: &str) -> (String, Option<String>) {
    let (name, ok) = match oid {
        "1.2.840.10045.4.3.2" => ("ecdsa-with-SHA256", true),
        "1.2.840.10045.4.3.3" => ("ecdsa-with-SHA384", true),
        "1.2.840.10045.4.3.4" => ("ecdsa-with-SHA512", true),
        "1.2.840.113549.1.1.11" => ("sha256WithRSAEncryption", true),
        "1.2.840.113549.1.1.12" => ("sha384WithRSAEncryption", true),
        "1.2.840.113549.1.1.13" => ("sha512WithRSAEncryption", true),
        "1.2.840.113549.1.1.10" => ("RSASSA-PSS", true),
        "1.3.101.112" => ("Ed25519", true),
        "1.2.840.10045.4.1" => ("ecdsa-with-SHA1", false),
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => ("sha1WithRSAEncryption", false),
        "1.2.840.113549.1.1.4" => ("md5WithRSAEncryption", false),
        "1.2.840.113549.1.1.14" => ("sha224WithRSAEncryption", false),
        _ => {
            return (
                oid.to_string(),
                Some(format!(
                    "signed with an algorithm calltrust does not accept ({oid})"
                )),
            );
        }
    };
    let problem = (!ok).then(|| format!("signed with {name}: SHA-1, SHA-224 and MD5 signatures are not accepted for certificates"));
    (name.to_string(), problem)
}

/// The subject key in words: "EC P-256", "RSA 2048 bits", …
fn key_desc(spki: &SubjectPublicKeyInfo, p256: bool) -> String {
    match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::EC(_)) if p256 => "EC P-256".to_string(),
        Ok(x509_parser::public_key::PublicKey::EC(ec)) => {
            format!("EC {} bits (not P-256)", ec.key_size())
        }
        Ok(x509_parser::public_key::PublicKey::RSA(r)) => format!("RSA {} bits", r.key_size()),
        Ok(_) => format!("other ({})", spki.algorithm.algorithm),
        Err(_) => "unreadable key".to_string(),
    }
}

/// One extension of a certificate into its facts (criticality, STIR
/// extensions, constraints, basic constraints, key usage, policies, CRL DPs).
fn read_extension(info: &mut CertInfo, ext: &X509Extension) {
    let oid = ext.oid.to_id_string();
    if ext.critical {
        if let Some((_, name)) = STIR_EXTENSIONS.iter().find(|(o, _)| *o == oid) {
            info.critical_stir.push((*name).to_string());
        } else if !KNOWN_EXTENSIONS.contains(&oid.as_str()) {
            info.unknown_critical.push(oid.clone());
        }
    }
    if oid == super::constraints::OID_JWT_CLAIM_CONSTRAINTS
        || oid == super::constraints::OID_ENHANCED_JWT_CLAIM_CONSTRAINTS
    {
        info.claim_constraints.push((
            ext.value.to_vec(),
            oid == super::constraints::OID_ENHANCED_JWT_CLAIM_CONSTRAINTS,
        ));
    }
    if oid == OID_TNAUTHLIST {
        info.tn_auth = Some(tn_auth_list(ext.value));
        return;
    }
    match ext.parsed_extension() {
        ParsedExtension::BasicConstraints(bc) => {
            info.bc = Some((bc.ca, bc.path_len_constraint));
            info.basic_constraints = Some(format!(
                "CA:{}{}{}",
                if bc.ca { "TRUE" } else { "FALSE" },
                bc.path_len_constraint
                    .map(|p| format!(", pathlen:{p}"))
                    .unwrap_or_default(),
                if ext.critical { " (critical)" } else { "" }
            ));
        }
        ParsedExtension::KeyUsage(ku) => {
            info.ku = Some((ku.key_cert_sign(), ku.crl_sign()));
            info.key_usage = Some(ku.to_string());
        }
        ParsedExtension::CertificatePolicies(p) => {
            info.policies = p.iter().map(|pi| pi.policy_id.to_id_string()).collect();
        }
        ParsedExtension::CRLDistributionPoints(dps) => {
            for dp in dps.iter() {
                if let Some(DistributionPointName::FullName(names)) = &dp.distribution_point {
                    for n in names {
                        if let GeneralName::URI(u) = n {
                            info.crl_dps.push(u.to_string());
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

pub fn parse(der_bytes: &[u8]) -> Option<CertInfo> {
    let (_, c) = parse_x509_certificate(der_bytes).ok()?;
    let spki = c.public_key();
    let p256_point = super::keys::p256_point_from_spki(spki.raw).ok();
    let key_desc = key_desc(spki, p256_point.is_some());
    let mut info = CertInfo {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        serial: c.raw_serial_as_string(),
        not_before: c.validity().not_before.timestamp(),
        not_after: c.validity().not_after.timestamp(),
        p256_point,
        key_desc,
        is_ca: c.is_ca(),
        self_issued: c.subject().as_raw() == c.issuer().as_raw(),
        subject_raw: c.subject().as_raw().to_vec(),
        issuer_raw: c.issuer().as_raw().to_vec(),
        tn_auth: None,
        basic_constraints: None,
        key_usage: None,
        policies: Vec::new(),
        crl_dps: Vec::new(),
        sha256: hex(&Sha256::digest(der_bytes)),
        bc: None,
        ku: None,
        sig_alg: String::new(),
        sig_alg_problem: None,
        rsa_bits: match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(r)) => Some(r.key_size()),
            _ => None,
        },
        unknown_critical: Vec::new(),
        critical_stir: Vec::new(),
        serial_raw: c.raw_serial().to_vec(),
        claim_constraints: Vec::new(),
    };
    (info.sig_alg, info.sig_alg_problem) = sig_alg(&c.signature_algorithm.algorithm.to_id_string());
    for ext in c.extensions() {
        read_extension(&mut info, ext);
    }
    Some(info)
}

/// Verify `child`'s signature with `issuer`'s public key (RSA and EC CAs).
/// Cryptography only: whether the algorithm is acceptable is a path rule.
pub fn signed_by(child: &[u8], issuer: &[u8]) -> bool {
    let (Ok((_, c)), Ok((_, i))) = (
        parse_x509_certificate(child),
        parse_x509_certificate(issuer),
    ) else {
        return false;
    };
    match c.verify_signature(Some(i.public_key())) {
        Ok(()) => true,
        // ring verifies no ecdsa-with-SHA1; verify it here so that a SHA-1
        // link is named as such (and rejected by the path rules) instead of
        // looking like a certificate its issuer never signed.
        Err(X509Error::SignatureUnsupportedAlgorithm)
            if c.signature_algorithm.algorithm.to_id_string() == "1.2.840.10045.4.1" =>
        {
            ecdsa_sha1_p256(&c, i.public_key().raw)
        }
        Err(_) => false,
    }
}

fn ecdsa_sha1_p256(c: &X509Certificate<'_>, issuer_spki: &[u8]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::pkcs8::DecodePublicKey;
    use sha1::Digest as _;
    let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(issuer_spki) else {
        return false;
    };
    let Ok(sig) = p256::ecdsa::Signature::from_der(&c.signature_value.data) else {
        return false;
    };
    let digest = sha1::Sha1::digest(c.tbs_certificate.as_ref());
    key.verify_prehash(&digest, &sig).is_ok()
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// RFC 8226 §9:
/// `TNAuthorizationList ::= SEQUENCE SIZE (1..MAX) OF TNEntry`
/// `TNEntry ::= CHOICE { spc [0] ServiceProviderCode, range [1] TelephoneNumberRange, one [2] TelephoneNumber }`
/// (EXPLICIT tags; ServiceProviderCode and TelephoneNumber are IA5String.)
pub fn tn_auth_list(value: &[u8]) -> TnAuthReport {
    // The non-standard form found in the wild: a bare IA5String (often a URL).
    if let Ok((t, rest)) = der::read(value)
        && t.tag == der::IA5STRING
        && rest.is_empty()
    {
        let s = String::from_utf8_lossy(t.content).to_string();
        return TnAuthReport {
                entries: vec![format!("IA5String \"{s}\"")],
                standard: false,
                note: "non-standard: the extension is a bare IA5String, not the RFC 8226 SEQUENCE OF TNEntry; verifiers that decode RFC 8226 cannot read the SPC".into(),
            };
    }
    match parse_tn_entries(value) {
        Ok((entries, implicit)) if !entries.is_empty() => TnAuthReport {
            entries,
            standard: !implicit,
            note: if implicit {
                "decoded, but with IMPLICIT tags where RFC 8226 uses EXPLICIT ones".into()
            } else {
                "RFC 8226 TNAuthList".into()
            },
        },
        Ok(_) => TnAuthReport {
            entries: vec![],
            standard: false,
            note: "malformed: the TNAuthList is empty (RFC 8226 requires at least one entry)"
                .into(),
        },
        Err(e) => TnAuthReport {
            entries: vec![],
            standard: false,
            note: format!(
                "malformed: {e} (first bytes: {})",
                hex(&value[..value.len().min(16)])
            ),
        },
    }
}

fn ia5(content: &[u8]) -> Result<String, String> {
    if content.iter().all(|b| b.is_ascii()) {
        Ok(String::from_utf8_lossy(content).to_string())
    } else {
        Err("an IA5String holds non-ASCII bytes".into())
    }
}

fn parse_tn_entries(value: &[u8]) -> Result<(Vec<String>, bool), String> {
    let (seq, rest) = der::read(value)?;
    if seq.tag != der::SEQUENCE || !rest.is_empty() {
        return Err("the extension is not a single DER SEQUENCE".into());
    }
    let mut entries = Vec::new();
    let mut implicit = false;
    for e in der::children(seq.content)? {
        match e.tag {
            // explicit [0] { IA5String }
            0xa0 => {
                let (inner, _) = der::read(e.content)?;
                if inner.tag != der::IA5STRING {
                    return Err("spc [0] does not hold an IA5String".into());
                }
                entries.push(format!("SPC {}", ia5(inner.content)?));
            }
            // implicit [0] IA5String
            0x80 => {
                implicit = true;
                entries.push(format!("SPC {}", ia5(e.content)?));
            }
            0xa1 => {
                // explicit [1] { SEQUENCE { start IA5String, count INTEGER } } (or a SEQUENCE OF them)
                let (inner, _) = der::read(e.content)?;
                if inner.tag != der::SEQUENCE {
                    return Err("range [1] does not hold a SEQUENCE".into());
                }
                let kids = der::children(inner.content)?;
                let ranges: Vec<der::Tlv> = if kids.first().is_some_and(|k| k.tag == der::SEQUENCE)
                {
                    kids
                } else {
                    vec![inner]
                };
                for r in ranges {
                    let parts = der::children(r.content)?;
                    match parts.as_slice() {
                        [s, c] if s.tag == der::IA5STRING && c.tag == der::INTEGER => {
                            let count = der::uint(c.content)
                                .ok_or("a range count is not a positive integer")?;
                            entries.push(format!("TN range {} +{count}", ia5(s.content)?));
                        }
                        _ => {
                            return Err("a TN range is not {start IA5String, count INTEGER}".into());
                        }
                    }
                }
            }
            0xa2 => {
                let (inner, _) = der::read(e.content)?;
                if inner.tag != der::IA5STRING {
                    return Err("one [2] does not hold an IA5String".into());
                }
                entries.push(format!("TN {}", ia5(inner.content)?));
            }
            0x82 => {
                implicit = true;
                entries.push(format!("TN {}", ia5(e.content)?));
            }
            t => {
                return Err(format!(
                    "unexpected element with tag 0x{t:02x} in the TNAuthList"
                ));
            }
        }
    }
    Ok((entries, implicit))
}

/// The report of one certificate, judged by the STI certificate rules.
pub fn report(
    info: &CertInfo,
    der_bytes: &[u8],
    source: &str,
    usage: CertUsage,
    used_by: Vec<usize>,
) -> CertReport {
    // Trust anchors are the user's own choice, not the call's: their role is
    // shown, their profile is not judged.
    let judged = (usage != CertUsage::TrustAnchor).then(|| crate::sti::lint_full(der_bytes));
    let spc = match &judged {
        Some(Ok(l)) => l.spc.clone(),
        _ => None,
    };
    let (role, rules) = match judged {
        Some(Ok(l)) => (l.role, l.rules),
        // A configured anchor that is self-issued is the root the user chose
        // to trust; its self-signature proves nothing more (RFC 5280 §6.1
        // does not check an anchor's signature), so it is not re-verified.
        None if info.self_issued => (Role::Root, Vec::new()),
        _ => (
            if info.self_issued && signed_by(der_bytes, der_bytes) {
                Role::Root
            } else if info.is_ca {
                Role::Intermediate
            } else {
                Role::Leaf
            },
            Vec::new(),
        ),
    };
    CertReport {
        source: source.to_string(),
        role,
        usage,
        spc,
        rules: rules.into(),
        subject: info.subject.clone(),
        issuer: info.issuer.clone(),
        serial: info.serial.clone(),
        not_before: utc(info.not_before),
        not_after: utc(info.not_after),
        key: info.key_desc.clone(),
        self_signed: info.self_issued,
        tn_auth_list: info.tn_auth.clone(),
        basic_constraints: info.basic_constraints.clone(),
        key_usage: info.key_usage.clone(),
        policies: info.policies.clone(),
        crl_distribution_points: info.crl_dps.clone(),
        sha256: info.sha256.clone(),
        used_by,
        used: usage != CertUsage::Unused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tnauthlist_forms() {
        let spc = tn_auth_list(&[0x30, 0x05, 0xa0, 0x03, 0x16, 0x01, b'1']);
        assert!(spc.standard);
        assert_eq!(spc.entries, vec!["SPC 1"]);
        let url = tn_auth_list(&[0x16, 0x03, b'a', b'/', b'b']);
        assert!(!url.standard);
        assert!(url.note.contains("non-standard"));
        let junk = tn_auth_list(b"881212,INTEGER:50");
        assert!(!junk.standard);
        assert!(junk.note.starts_with("malformed"));
        // range: [1] { SEQUENCE { "12155550000", 100 } }
        let mut r = vec![0x30, 0x00, 0xa1, 0x00, 0x30, 0x00, 0x16, 11];
        r.extend_from_slice(b"12155550000");
        r.extend_from_slice(&[0x02, 0x01, 100]);
        r[5] = (r.len() - 6) as u8;
        r[3] = (r.len() - 4) as u8;
        r[1] = (r.len() - 2) as u8;
        let range = tn_auth_list(&r);
        assert_eq!(
            range.entries,
            vec!["TN range 12155550000 +100"],
            "{range:?}"
        );
    }
}
