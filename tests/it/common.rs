//! Test fixtures made by code: deterministic P-256 keys, a small STI PKI built
//! with rcgen, PASSporTs signed with jsonwebtoken (an implementation
//! independent of calltrust's verifier). Shared by the integration tests and
//! `examples/make_samples.rs`, which regenerates `assets/samples`.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use base64::Engine as _;
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use sha2::{Digest, Sha256};

pub const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A P-256 key derived from a seed phrase (so fixtures regenerate identically).
pub struct Key {
    pub secret: p256::SecretKey,
    pub pair: KeyPair,
}

pub fn key(seed: &str) -> Key {
    let mut counter = 0u32;
    loop {
        let digest = Sha256::digest(format!("{seed}/{counter}").as_bytes());
        if let Ok(secret) = p256::SecretKey::from_slice(&digest) {
            let der = secret.to_pkcs8_der().expect("pkcs8");
            let pair = KeyPair::try_from(der.as_bytes()).expect("rcgen key");
            return Key { secret, pair };
        }
        counter += 1;
    }
}

impl Key {
    pub fn public_pem(&self) -> String {
        use p256::pkcs8::EncodePublicKey;
        self.secret
            .public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("pem")
    }
    pub fn private_pem(&self) -> String {
        self.secret
            .to_pkcs8_pem(LineEnding::LF)
            .expect("pem")
            .to_string()
    }
}

/// RFC 8226 TNAuthList with one SPC entry: SEQUENCE { [0] EXPLICIT IA5String }.
pub fn tnauth_spc(spc: &str) -> Vec<u8> {
    let s = spc.as_bytes();
    let mut ia5 = vec![0x16, s.len() as u8];
    ia5.extend_from_slice(s);
    let mut tagged = vec![0xa0, ia5.len() as u8];
    tagged.extend(ia5);
    let mut seq = vec![0x30, tagged.len() as u8];
    seq.extend(tagged);
    seq
}

pub const TNAUTHLIST_OID: [u64; 9] = [1, 3, 6, 1, 5, 5, 7, 1, 26];

pub struct Cert {
    pub params: CertificateParams,
    pub pem: String,
    pub der: Vec<u8>,
}

fn params(cn: &str, from: (i32, u8, u8), to: (i32, u8, u8)) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).expect("params");
    p.distinguished_name.push(DnType::CountryName, "US");
    p.distinguished_name
        .push(DnType::OrganizationName, "calltrust test PKI");
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = rcgen::date_time_ymd(from.0, from.1, from.2);
    p.not_after = rcgen::date_time_ymd(to.0, to.1, to.2);
    p
}

/// A CA certificate, self-signed (issuer None) or issued by `issuer`.
pub fn ca(
    cn: &str,
    key: &Key,
    issuer: Option<(&Cert, &Key)>,
    from: (i32, u8, u8),
    to: (i32, u8, u8),
) -> Cert {
    let mut p = params(cn, from, to);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let cert = match issuer {
        None => p.self_signed(&key.pair).expect("self-signed"),
        Some((ic, ik)) => {
            let iss = Issuer::from_params(&ic.params, &ik.pair);
            p.signed_by(&key.pair, &iss).expect("signed")
        }
    };
    Cert {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        params: p,
    }
}

/// An STI-SP leaf certificate with a TNAuthList (`None` omits it).
pub fn leaf(
    cn: &str,
    key: &Key,
    issuer: (&Cert, &Key),
    tnauth: Option<Vec<u8>>,
    from: (i32, u8, u8),
    to: (i32, u8, u8),
) -> Cert {
    let mut p = params(cn, from, to);
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    if let Some(t) = tnauth {
        p.custom_extensions
            .push(CustomExtension::from_oid_content(&TNAUTHLIST_OID, t));
    }
    let iss = Issuer::from_params(&issuer.0.params, &issuer.1.pair);
    let cert = p.signed_by(&key.pair, &iss).expect("leaf");
    Cert {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        params: p,
    }
}

/// Sign `header.payload` (both given as JSON text, used byte for byte) with ES256.
pub fn sign_jws(key: &Key, header_json: &str, payload_json: &str) -> String {
    let input = format!("{}.{}", B64.encode(header_json), B64.encode(payload_json));
    let der = key.secret.to_pkcs8_der().expect("pkcs8");
    let enc = jsonwebtoken::EncodingKey::from_ec_der(der.as_bytes());
    let sig = jsonwebtoken::crypto::sign(input.as_bytes(), &enc, jsonwebtoken::Algorithm::ES256)
        .expect("sign");
    format!("{input}.{sig}")
}

pub fn shaken_header(x5u: &str) -> String {
    format!(r#"{{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"{x5u}"}}"#)
}

pub fn div_header(x5u: &str) -> String {
    format!(r#"{{"alg":"ES256","ppt":"div","typ":"passport","x5u":"{x5u}"}}"#)
}

pub fn shaken_payload(attest: &str, orig: &str, dest: &str, iat: i64, origid: &str) -> String {
    format!(
        r#"{{"attest":"{attest}","dest":{{"tn":["{dest}"]}},"iat":{iat},"orig":{{"tn":"{orig}"}},"origid":"{origid}"}}"#
    )
}

pub fn div_payload(orig: &str, dest: &str, div: &str, iat: i64) -> String {
    format!(
        r#"{{"dest":{{"tn":["{dest}"]}},"div":{{"tn":"{div}"}},"iat":{iat},"orig":{{"tn":"{orig}"}}}}"#
    )
}

pub fn identity(token: &str, x5u: &str, ppt: &str) -> String {
    format!("{token};info=<{x5u}>;alg=ES256;ppt={ppt}")
}

/// Form-encode pairs (everything but unreserved characters escaped).
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        let mut o = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                o.push(b as char);
            } else {
                o.push_str(&format!("%{b:02X}"));
            }
        }
        o
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The demo PKI used by the samples: root → intermediate → SP leaf and DIV leaf.
pub struct DemoPki {
    pub root_key: Key,
    pub root: Cert,
    pub inter_key: Key,
    pub inter: Cert,
    pub sp_key: Key,
    pub sp: Cert,
    pub div_key: Key,
    pub div: Cert,
    pub twilio_key: Key,
}

pub const DEMO_SP_X5U: &str = "https://certs.calltrust.example/demo-sp-bundle.pem";
pub const DEMO_DIV_X5U: &str = "https://certs.calltrust.example/demo-div-bundle.pem";

pub fn demo_pki() -> DemoPki {
    let root_key = key("calltrust demo root");
    let root = ca(
        "calltrust Demo STI-CA Root",
        &root_key,
        None,
        (2026, 1, 1),
        (2046, 1, 1),
    );
    let inter_key = key("calltrust demo intermediate");
    let inter = ca(
        "calltrust Demo STI-CA Intermediate",
        &inter_key,
        Some((&root, &root_key)),
        (2026, 1, 1),
        (2041, 1, 1),
    );
    let sp_key = key("calltrust demo sp");
    let sp = leaf(
        "calltrust Demo STI-SP (SPC 1234)",
        &sp_key,
        (&inter, &inter_key),
        Some(tnauth_spc("1234")),
        (2026, 1, 1),
        (2036, 1, 1),
    );
    let div_key = key("calltrust demo div");
    let div = leaf(
        "calltrust Demo Diverting SP (SPC 5678)",
        &div_key,
        (&inter, &inter_key),
        Some(tnauth_spc("5678")),
        (2026, 1, 1),
        (2036, 1, 1),
    );
    DemoPki {
        root_key,
        root,
        inter_key,
        inter,
        sp_key,
        sp,
        div_key,
        div,
        twilio_key: key("calltrust demo twilio parent"),
    }
}

/// Path of an external vector, or None (with a printed note) when ../shared is absent.
pub fn vector(rel: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "note: skipping: external vector {} not found (../shared/vectors is absent)",
            p.display()
        );
        None
    }
}

/// A key from a PEM file (SEC1 `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
pub fn key_from_pem(pem: &str) -> Key {
    use p256::pkcs8::DecodePrivateKey;
    let secret = p256::SecretKey::from_sec1_pem(pem)
        .or_else(|_| p256::SecretKey::from_pkcs8_pem(pem))
        .expect("P-256 private key PEM");
    let der = secret.to_pkcs8_der().expect("pkcs8");
    let pair = KeyPair::try_from(der.as_bytes()).expect("rcgen key");
    Key { secret, pair }
}

/// Inspect with certificates and trust anchors given as (name, bytes).
pub fn inspect_with(
    text: &str,
    certs: &[(&str, Vec<u8>)],
    anchors: &[(&str, Vec<u8>)],
    at: Option<i64>,
) -> calltrust::Report {
    inspect_with_any(text, certs, anchors, at, false)
}

/// As [`inspect_with`], with the user's "these certificates may have signed
/// any token" choice (`--cert-for-any-x5u`).
pub fn inspect_with_any(
    text: &str,
    certs: &[(&str, Vec<u8>)],
    anchors: &[(&str, Vec<u8>)],
    at: Option<i64>,
    any_cert_signs: bool,
) -> calltrust::Report {
    let opts = calltrust::Options {
        any_cert_signs,
        now: 1_795_339_800,
        at,
        certs: certs
            .iter()
            .map(|(n, b)| calltrust::KeyFile {
                name: n.to_string(),
                bytes: b.clone(),
            })
            .collect(),
        trust_anchors: anchors
            .iter()
            .map(|(n, b)| calltrust::KeyFile {
                name: n.to_string(),
                bytes: b.clone(),
            })
            .collect(),
        ..Default::default()
    };
    let r = calltrust::inspect(text, &opts);
    if let Err(e) = calltrust::catalogue::check(&r.findings) {
        panic!("{e}");
    }
    r
}

pub fn finding<'a>(r: &'a calltrust::Report, id: &str) -> Option<&'a calltrust::Finding> {
    r.findings.iter().find(|f| f.id == id)
}

pub fn has(r: &calltrust::Report, id: &str, sev: calltrust::Severity) -> bool {
    r.findings.iter().any(|f| f.id == id && f.severity == sev)
}

/// The id of a stable finding name; a name that is no id fails the test
/// (a typo must not make `!r.has(..)` pass).
pub fn id(name: &str) -> calltrust::FindingId {
    calltrust::FindingId::parse(name).unwrap_or_else(|| panic!("{name:?} is no finding id"))
}

/// The calltrust binary, with no configuration file and no CALLTRUST_*
/// variable of the machine's: a test sees only what it gives.
pub fn calltrust_cmd() -> std::process::Command {
    let mut c =
        std::process::Command::new(option_env!("CARGO_BIN_EXE_calltrust").unwrap_or("calltrust"));
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("CALLTRUST_") {
            c.env_remove(k);
        }
    }
    c.env("CALLTRUST_CONFIG", "none");
    c
}
