//! What the STI certificate rules look at, read once per certificate.
//!
//! The certificate is walked with a strict DER reader so that each rule sees
//! the raw encodings it judges (the TBS signature AlgorithmIdentifier, the
//! validity times as encoded, every extension in order with duplicates,
//! subject attributes with their string types); x509-parser only verifies
//! the self-signature that tells a root from a self-issued certificate.

use crate::base::der::{self, Tlv};

pub const OID_TNAUTHLIST: &str = "1.3.6.1.5.5.7.1.26";
pub const OID_CP13: &str = "2.16.840.1.114569.1.1.3";
pub const OID_CP14: &str = "2.16.840.1.114569.1.1.4";
pub const OID_KU: &str = "2.5.29.15";
pub const OID_BC: &str = "2.5.29.19";
pub const OID_CP: &str = "2.5.29.32";
pub const OID_SKI: &str = "2.5.29.14";
pub const OID_AKI: &str = "2.5.29.35";
pub const OID_CRLDP: &str = "2.5.29.31";
pub const OID_SAN: &str = "2.5.29.17";

/// A subject or issuer attribute.
#[derive(Clone, Debug)]
pub struct Attr<'a> {
    pub oid: String,
    /// Universal tag of the value (19 PrintableString, 12 UTF8String, …).
    pub tag: u8,
    pub value: &'a [u8],
}

impl Attr<'_> {
    /// A character-string type the rules count.
    pub fn is_string(&self) -> bool {
        matches!(self.tag, 12 | 18 | 19 | 20 | 22 | 26 | 27 | 28 | 30)
    }
    /// The value as text (BMPString as UTF-16BE).
    pub fn text(&self) -> String {
        match self.tag {
            30 => {
                let units: Vec<u16> = self
                    .value
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            _ => String::from_utf8_lossy(self.value).into_owned(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Ext<'a> {
    pub oid: String,
    pub critical: bool,
    /// The extnValue OCTET STRING's contents.
    pub value: &'a [u8],
}

/// Everything the rules read, borrowed from the DER.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    pub der: &'a [u8],
    /// The version field's value (0 = v1 when absent, 2 = v3).
    pub version: u64,
    /// Serial number INTEGER contents (two's complement).
    pub serial: &'a [u8],
    /// The TBS signature AlgorithmIdentifier (whole TLV) and its OID.
    pub tbs_sig_alg: &'a [u8],
    pub tbs_sig_oid: String,
    /// The outer signatureAlgorithm (whole TLV).
    pub outer_sig_alg: &'a [u8],
    pub issuer_raw: &'a [u8],
    pub subject_raw: &'a [u8],
    pub issuer: Vec<Attr<'a>>,
    pub subject: Vec<Attr<'a>>,
    /// notBefore and notAfter as encoded: (tag, text).
    pub validity: Vec<(u8, &'a [u8])>,
    pub not_before: i64,
    pub spki_alg: &'a [u8],
    pub spki_oid: String,
    pub spki_param_oid: Option<String>,
    pub unique_ids: bool,
    pub exts: Vec<Ext<'a>>,
    /// basicConstraints decodes and asserts cA.
    pub ca: bool,
    /// Issuer and subject byte-identical and the signature verifies under
    /// the certificate's own key (RSA or EC).
    pub self_signed: bool,
    /// Policy OIDs of the last certificatePolicies (None: absent/undecodable).
    policies: Option<Vec<String>>,
}

fn strict(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    der::read_strict(input)
}

fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(Tlv<'a>, &'a [u8]), String> {
    let (t, rest) = strict(input).map_err(|e| format!("{what}: {e}"))?;
    if t.tag != tag {
        return Err(format!("{what}: unexpected tag 0x{:02x}", t.tag));
    }
    Ok((t, rest))
}

/// The whole TLV bytes of the element at the start of `input`.
fn whole(input: &[u8]) -> Result<(&[u8], &[u8]), String> {
    let (_, rest) = strict(input)?;
    Ok((&input[..input.len() - rest.len()], rest))
}

/// Dotted form of an OID's contents.
pub fn oid_string(content: &[u8]) -> String {
    let mut parts: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for (i, &b) in content.iter().enumerate() {
        v = (v << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let (a, b2) = if v < 40 {
                    (0, v)
                } else if v < 80 {
                    (1, v - 40)
                } else {
                    (2, v - 80)
                };
                parts.push(a);
                parts.push(b2);
            } else {
                parts.push(v);
            }
            v = 0;
        } else if i > 64 {
            break;
        }
    }
    parts
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

fn name(raw: &[u8]) -> Result<Vec<Attr<'_>>, String> {
    let (seq, _) = expect(raw, 0x30, "Name")?;
    let mut out = Vec::new();
    for rdn in der::children(seq.content)? {
        if rdn.tag != 0x31 {
            return Err("an RDN is not a SET".into());
        }
        for atv in der::children(rdn.content)? {
            let kids = der::children(atv.content)?;
            let [oid, val] = kids.as_slice() else {
                return Err("an attribute is not {type, value}".into());
            };
            if oid.tag != 0x06 {
                return Err("an attribute type is not an OID".into());
            }
            out.push(Attr {
                oid: oid_string(oid.content),
                tag: val.tag,
                value: val.content,
            });
        }
    }
    Ok(out)
}

/// Seconds since the epoch of a UTCTime / GeneralizedTime text.
pub fn parse_time(tag: u8, text: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(text).ok()?;
    let digits = |a: usize, b: usize| s.get(a..b)?.parse::<i32>().ok();
    let (year, rest) = match tag {
        0x17 => {
            let yy = digits(0, 2)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2)
        }
        0x18 => (digits(0, 4)?, 4),
        _ => return None,
    };
    let month = digits(rest, rest + 2)?;
    let day = digits(rest + 2, rest + 4)?;
    let hour = digits(rest + 4, rest + 6)?;
    let min = digits(rest + 6, rest + 8)?;
    let sec = digits(rest + 8, rest + 10).unwrap_or(0);
    let date =
        time::Date::from_calendar_date(year, time::Month::try_from(month as u8).ok()?, day as u8)
            .ok()?;
    let t = time::Time::from_hms(hour as u8, min as u8, sec as u8).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, t)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// What follows the subject key in a TBSCertificate: unique ids (noted)
/// and the extensions.
fn tbs_tail(mut p: &[u8]) -> Result<(bool, Vec<Ext<'_>>), String> {
    let mut unique_ids = false;
    let mut exts = Vec::new();
    while !p.is_empty() {
        let (t, r) = strict(p)?;
        p = r;
        match t.tag {
            0x81 | 0x82 | 0xa1 | 0xa2 => unique_ids = true,
            0xa3 => {
                let (seq, _) = expect(t.content, 0x30, "extensions")?;
                for e in der::children(seq.content)? {
                    exts.push(extension(e.content)?);
                }
            }
            _ => return Err(format!("unexpected TBS element 0x{:02x}", t.tag)),
        }
    }
    Ok((unique_ids, exts))
}

/// One Extension: {OID, critical BOOLEAN DEFAULT FALSE, OCTET STRING}.
fn extension(content: &[u8]) -> Result<Ext<'_>, String> {
    let kids = der::children(content)?;
    let (oid, critical, value) = match kids.as_slice() {
        [o, v] => (o, false, v),
        [o, c, v] if c.tag == 0x01 => (o, c.content.first().is_some_and(|b| *b != 0), v),
        _ => return Err("an extension is not {OID, critical?, value}".into()),
    };
    if oid.tag != 0x06 || value.tag != 0x04 {
        return Err("an extension is malformed".into());
    }
    Ok(Ext {
        oid: oid_string(oid.content),
        critical,
        value: value.content,
    })
}

impl<'a> Facts<'a> {
    pub fn read(der_bytes: &'a [u8]) -> Result<Facts<'a>, String> {
        let (cert, rest) = expect(der_bytes, 0x30, "Certificate")?;
        if !rest.is_empty() {
            return Err(format!("{} bytes after the certificate", rest.len()));
        }
        let (tbs, after_tbs) = expect(cert.content, 0x30, "TBSCertificate")?;
        let (outer_sig_alg, _) = whole(after_tbs)?;
        let mut p = tbs.content;
        let mut version = 0u64;
        if p.first() == Some(&0xa0) {
            let (v, r) = strict(p)?;
            let (int, _) = expect(v.content, 0x02, "version")?;
            version = der::uint(int.content).unwrap_or(u64::MAX);
            p = r;
        }
        let (serial, r) = expect(p, 0x02, "serialNumber")?;
        p = r;
        let (tbs_sig_alg, r) = whole(p)?;
        p = r;
        let (alg, _) = expect(tbs_sig_alg, 0x30, "signature")?;
        let (oid, _) = expect(alg.content, 0x06, "signature algorithm")?;
        let tbs_sig_oid = oid_string(oid.content);
        let (issuer_raw, r) = whole(p)?;
        p = r;
        let (validity, r) = expect(p, 0x30, "validity")?;
        p = r;
        let times: Vec<(u8, &[u8])> = der::children(validity.content)?
            .into_iter()
            .map(|t| (t.tag, t.content))
            .collect();
        let not_before = times
            .first()
            .and_then(|(tag, text)| parse_time(*tag, text))
            .ok_or("notBefore cannot be read")?;
        let (subject_raw, r) = whole(p)?;
        p = r;
        let (spki, r) = expect(p, 0x30, "subjectPublicKeyInfo")?;
        p = r;
        let (spki_alg, _) = whole(spki.content)?;
        let (alg, _) = expect(spki_alg, 0x30, "key algorithm")?;
        let (aoid, after) = expect(alg.content, 0x06, "key algorithm OID")?;
        let spki_param_oid = strict(after)
            .ok()
            .filter(|(t, _)| t.tag == 0x06)
            .map(|(t, _)| oid_string(t.content));
        let (unique_ids, exts) = tbs_tail(p)?;
        let mut f = Facts {
            der: der_bytes,
            version,
            serial: serial.content,
            tbs_sig_alg,
            tbs_sig_oid,
            outer_sig_alg,
            issuer_raw,
            subject_raw,
            issuer: name(issuer_raw)?,
            subject: name(subject_raw)?,
            validity: times,
            not_before,
            spki_alg,
            spki_oid: oid_string(aoid.content),
            spki_param_oid,
            unique_ids,
            exts,
            ca: false,
            self_signed: false,
            policies: None,
        };
        f.policies = f.read_policies();
        f.ca = f.basic_constraints().is_some_and(|(ca, _)| ca);
        f.self_signed = issuer_raw == subject_raw && self_signature_verifies(der_bytes);
        Ok(f)
    }

    /// The last extension with this OID (the rules examine the last one).
    pub fn ext(&self, oid: &str) -> Option<&Ext<'a>> {
        self.exts.iter().rev().find(|e| e.oid == oid)
    }
    pub fn has(&self, oid: &str) -> bool {
        self.ext(oid).is_some()
    }

    pub fn root(&self) -> bool {
        self.ca && self.self_signed
    }
    pub fn intermediate(&self) -> bool {
        self.ca && !self.self_signed
    }
    pub fn ee(&self) -> bool {
        !self.ca
    }
    pub fn subscriber(&self) -> bool {
        !self.ca && !self.self_signed
    }
    pub fn role(&self) -> super::vocab::Role {
        if self.self_signed {
            super::vocab::Role::Root
        } else if self.ca {
            super::vocab::Role::Intermediate
        } else {
            super::vocab::Role::Leaf
        }
    }

    /// basicConstraints decoded: (cA, pathLenConstraint as encoded).
    pub fn basic_constraints(&self) -> Option<(bool, Option<i64>)> {
        let e = self.ext(OID_BC)?;
        let (seq, _) = expect(e.value, 0x30, "basicConstraints").ok()?;
        let kids = der::children(seq.content).ok()?;
        let mut ca = false;
        let mut path = None;
        let mut i = 0;
        if let Some(b) = kids.first().filter(|k| k.tag == 0x01) {
            ca = b.content.first().is_some_and(|x| *x != 0);
            i = 1;
        }
        if let Some(n) = kids.get(i) {
            if n.tag != 0x02 {
                return None;
            }
            path = Some(int_value(n.content));
            i += 1;
        }
        if kids.len() > i {
            return None;
        }
        Some((ca, path))
    }

    /// Policy OIDs of the (last) certificatePolicies extension; `None` when
    /// absent or undecodable.
    pub fn policies(&self) -> Option<Vec<String>> {
        self.policies.clone()
    }

    fn read_policies(&self) -> Option<Vec<String>> {
        let e = self.ext(OID_CP)?;
        let (seq, _) = expect(e.value, 0x30, "certificatePolicies").ok()?;
        let mut out = Vec::new();
        for pi in der::children(seq.content).ok()? {
            let (oid, _) = expect(pi.content, 0x06, "policy").ok()?;
            out.push(oid_string(oid.content));
        }
        Some(out)
    }
    pub fn cp13(&self) -> bool {
        self.policies
            .as_ref()
            .is_some_and(|p| p.iter().any(|o| o == OID_CP13))
    }
    pub fn cp14(&self) -> bool {
        self.policies
            .as_ref()
            .is_some_and(|p| p.iter().any(|o| o == OID_CP14))
    }

    /// keyUsage bits 0..=8, positionally; invalid padding means no bits;
    /// `None` when absent or not a BIT STRING.
    pub fn key_usage_bits(&self) -> Option<Vec<u8>> {
        let e = self.ext(OID_KU)?;
        let (bs, _) = expect(e.value, 0x03, "keyUsage").ok()?;
        let (&unused, bytes) = bs.content.split_first()?;
        if unused > 7
            || bytes
                .last()
                .is_some_and(|l| l & ((1u16 << unused) - 1) as u8 != 0)
        {
            return Some(Vec::new());
        }
        Some(
            (0..=8u8)
                .filter(|&i| {
                    bytes
                        .get((i / 8) as usize)
                        .is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
                })
                .collect(),
        )
    }

    /// Subject attributes of a type that hold a character string.
    pub fn subject_strings(&self, oid: &str) -> Vec<&Attr<'a>> {
        self.subject
            .iter()
            .filter(|a| a.oid == oid && a.is_string())
            .collect()
    }
    /// The last commonName, as text.
    pub fn cn(&self) -> Option<String> {
        self.subject_strings("2.5.4.3").last().map(|a| a.text())
    }

    /// The SPC of the TNAuthList, extracted as the ecosystem linter does:
    /// strict DER, explicit [0] character strings, exactly one, non-empty.
    pub fn spc(&self) -> Result<String, String> {
        let e = self
            .ext(OID_TNAUTHLIST)
            .ok_or("the certificate has no TNAuthList extension")?;
        let (seq, _) = der::read_strict(e.value)
            .map_err(|e| format!("the TNAuthList is not valid DER ({e})"))?;
        if seq.tag != 0x30 {
            return Err("the TNAuthList is not a SEQUENCE".into());
        }
        let mut spcs = Vec::new();
        let mut p = seq.content;
        while !p.is_empty() {
            let (entry, r) = der::read_strict(p)
                .map_err(|e| format!("a TNAuthList entry is not valid DER ({e})"))?;
            p = r;
            if entry.tag & 0x1f != 0 {
                continue;
            }
            if entry.tag & 0x20 == 0 {
                return Err(
                    "the SPC is implicitly tagged ([0] primitive); RFC 8226 tags it explicitly"
                        .into(),
                );
            }
            let (s, rest) = der::read_strict(entry.content)
                .map_err(|e| format!("the SPC is not valid DER ({e})"))?;
            if !rest.is_empty() {
                return Err("the SPC entry holds more than one element".into());
            }
            let ok_type = match s.tag {
                0x16 | 0x13 | 0x14 | 0x1b | 0x12 => s.content.iter().all(|b| *b < 0x80),
                0x0c => std::str::from_utf8(s.content).is_ok(),
                0x1e => s.content.len() % 2 == 0,
                _ => false,
            };
            if !ok_type {
                return Err(format!(
                    "the SPC is not a character string (tag 0x{:02x})",
                    s.tag
                ));
            }
            let text = Attr {
                oid: String::new(),
                tag: s.tag,
                value: s.content,
            }
            .text();
            spcs.push(text);
        }
        match spcs.as_slice() {
            [one] if !one.is_empty() => Ok(one.clone()),
            [_] => Err("the SPC is empty".into()),
            [] => Err("the TNAuthList holds no SPC".into()),
            many => Err(format!(
                "the TNAuthList holds {} SPCs; exactly one is required",
                many.len()
            )),
        }
    }

    /// Bit length of the serial number's magnitude.
    pub fn serial_bits(&self) -> usize {
        let neg = self.serial.first().is_some_and(|b| b & 0x80 != 0);
        let mut mag: Vec<u8> = self.serial.to_vec();
        if neg {
            // two's complement negation
            for b in &mut mag {
                *b = !*b;
            }
            for b in mag.iter_mut().rev() {
                let (v, carry) = b.overflowing_add(1);
                *b = v;
                if !carry {
                    break;
                }
            }
        }
        let first = mag.iter().position(|b| *b != 0);
        match first {
            None => 0,
            Some(i) => (mag.len() - i - 1) * 8 + (8 - mag[i].leading_zeros() as usize),
        }
    }
    pub fn serial_positive(&self) -> bool {
        self.serial.first().is_none_or(|b| b & 0x80 == 0) && self.serial.iter().any(|b| *b != 0)
    }
}

/// The certificate's signature verifies under its own key: ring through
/// x509-parser (RSA, P-256, P-384), else RustCrypto for the ECDSA curve and
/// hash combinations ring lacks (P-521, SHA-512, P-384 with SHA-256).
pub fn self_signature_verifies(der_bytes: &[u8]) -> bool {
    let Ok((_, c)) = x509_parser::parse_x509_certificate(der_bytes) else {
        return false;
    };
    match c.verify_signature(None) {
        Ok(()) => true,
        Err(x509_parser::error::X509Error::SignatureUnsupportedAlgorithm) => ecdsa_fallback(
            &c.signature_algorithm.algorithm.to_id_string(),
            c.tbs_certificate.as_ref(),
            &c.signature_value.data,
            c.public_key().raw,
        ),
        Err(_) => false,
    }
}

fn ecdsa_fallback(sig_oid: &str, tbs: &[u8], sig: &[u8], spki: &[u8]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::pkcs8::DecodePublicKey;
    use sha2::Digest;
    let digest: Vec<u8> = match sig_oid {
        "1.2.840.10045.4.3.2" => sha2::Sha256::digest(tbs).to_vec(),
        "1.2.840.10045.4.3.3" => sha2::Sha384::digest(tbs).to_vec(),
        "1.2.840.10045.4.3.4" => sha2::Sha512::digest(tbs).to_vec(),
        _ => return false,
    };
    if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(spki) {
        return p256::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| k.verify_prehash(&digest, &s).is_ok());
    }
    if let Ok(k) = p384::ecdsa::VerifyingKey::from_public_key_der(spki) {
        return p384::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| k.verify_prehash(&digest, &s).is_ok());
    }
    if let Ok(pk) = p521::PublicKey::from_public_key_der(spki) {
        let Ok(k) = p521::ecdsa::VerifyingKey::from_affine(*pk.as_affine()) else {
            return false;
        };
        return p521::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| k.verify_prehash(&digest, &s).is_ok());
    }
    false
}

/// A signed INTEGER's value (saturating).
pub fn int_value(c: &[u8]) -> i64 {
    if c.is_empty() || c.len() > 8 {
        return if c.first().is_some_and(|b| b & 0x80 != 0) {
            i64::MIN
        } else {
            i64::MAX
        };
    }
    let mut v: i64 = if c[0] & 0x80 != 0 { -1 } else { 0 };
    for &b in c {
        v = (v << 8) | b as i64;
    }
    v
}
