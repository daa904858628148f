//! Never green for a spoofer: the verdict, RFC 5280 path validation and
//! revocation, with certificates made here for the purpose (rcgen, signed by
//! p256 — a different implementation from the *ring* code that verifies).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use calltrust::Outcome;
use calltrust::Severity::{Error, Info, Pass, Warning};
use calltrust::report::{ChainStatus, LinkRole, RevocationStatus, SigStatus};
use common::*;
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CustomExtension, DnType,
    IsCa, Issuer, KeyIdMethod, KeyUsagePurpose, RevocationReason, RevokedCertParams, SerialNumber,
};

const IAT: i64 = 1_795_339_800; // 2026-11-23
const X5U: &str = "https://certs.spoofer.example/sp.pem";

fn webhook(token: &str) -> String {
    // No verstat: nothing but calltrust's own checks decides the verdict.
    form_encode(&[
        ("From", "+12025550143"),
        ("To", "+14155550123"),
        ("StirPassportToken", token),
    ])
}

fn token(k: &Key, x5u: &str) -> String {
    sign_jws(
        k,
        &shaken_header(x5u),
        &shaken_payload("A", "12025550143", "14155550123", IAT, "id-1"),
    )
}

/// A call signed by `key`, its x5u bundle `certs`, `anchor` trusted.
fn call_with(key: &Key, certs: &[&Cert], anchor: &Cert) -> calltrust::Report {
    inspect_with(
        &webhook(&token(key, X5U)),
        &[("sp.pem", bundle(certs))],
        &[("root.pem", pem(anchor))],
        Some(IAT),
    )
}

fn pem(c: &Cert) -> Vec<u8> {
    c.pem.clone().into_bytes()
}

fn bundle(certs: &[&Cert]) -> Vec<u8> {
    certs
        .iter()
        .map(|c| c.pem.as_str())
        .collect::<String>()
        .into_bytes()
}

/// A self-signed "STI-SP" certificate, as a spoofer would make.
fn spoofer() -> (Key, Cert) {
    let k = key("spoofer");
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(DnType::CommonName, "Totally Legit STI-SP");
    p.distinguished_name.push(DnType::OrganizationName, "Evil");
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.custom_extensions.push(CustomExtension::from_oid_content(
        &TNAUTHLIST_OID,
        tnauth_spc("1234"),
    ));
    p.not_before = rcgen::date_time_ymd(2026, 1, 1);
    p.not_after = rcgen::date_time_ymd(2030, 1, 1);
    let c = p.self_signed(&k.pair).unwrap();
    (
        k,
        Cert {
            pem: c.pem(),
            der: c.der().to_vec(),
            params: p,
        },
    )
}

#[test]
fn a_self_signed_signer_is_signed_never_verified() {
    let (k, c) = spoofer();
    let r = inspect_with(
        &webhook(&token(&k, X5U)),
        &[("sp.pem", pem(&c))],
        &[],
        Some(IAT),
    );
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert_eq!(r.verdict.outcome, Outcome::Signed, "{:#?}", r.findings);
    assert!(!r.has_errors(), "{:#?}", r.findings);
    assert_eq!(r.verdict.attestation.map(|a| a.as_str()), Some("A"));
    let h = &r.verdict.headline;
    assert!(h.contains("signer not trusted"), "{h}");
    assert!(h.contains("Anyone can sign"), "{h}");
    assert!(h.contains("trust anchors"), "{h}");
    // The card and the call path say the same.
    assert_eq!(
        r.passports[0].signature.trust_label(),
        "signature only, signer not trusted"
    );
    assert!(
        r.call_path
            .iter()
            .any(|h| h.signature.as_deref() == Some("signature only, signer not trusted")),
        "{:#?}",
        r.call_path
    );
    assert!(has(&r, "chain-not-checked", Warning));
    // signature-valid says which certificate and how calltrust got it.
    let f = finding(&r, "signature-valid").unwrap();
    assert!(f.detail.contains("Totally Legit STI-SP"), "{}", f.detail);
    assert!(
        f.detail.contains("sp.pem, whose name matches"),
        "{}",
        f.detail
    );
    // In every report format.
    assert!(
        r.to_markdown()
            .contains("SIGNED (signature only — signer not trusted)")
    );
    assert!(r.to_text().contains("SIGNED"));
    assert!(r.to_json().contains("\"outcome\": \"signed\""));

    // A key file whose name does not match the x5u is a fallback, and says so.
    let r = inspect_with(
        &webhook(&token(&k, X5U)),
        &[("other.pem", pem(&c))],
        &[],
        Some(IAT),
    );
    let f = finding(&r, "signature-valid").unwrap();
    assert!(f.detail.contains("fallback"), "{}", f.detail);
    assert_eq!(r.verdict.outcome, Outcome::Signed);

    // With anchors configured, the self-signed signer is untrusted: failed.
    let pki = demo_pki();
    let r = call_with(&k, &[&c], &pki.root);
    assert!(has(&r, "chain-untrusted", Error), "{:#?}", r.findings);
    assert_eq!(r.verdict.outcome, Outcome::Failed);
}

#[test]
fn the_cli_says_signed_and_exits_0_for_a_self_signed_signer() {
    let (k, c) = spoofer();
    let dir = std::env::temp_dir().join(format!("calltrust-trust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let payload = dir.join("webhook.txt");
    let cert = dir.join("sp.pem");
    std::fs::write(&payload, webhook(&token(&k, X5U))).unwrap();
    std::fs::write(&cert, &c.pem).unwrap();
    let out = crate::common::calltrust_cmd()
        .args([
            "inspect",
            "--format",
            "text",
            "--at",
            &IAT.to_string(),
            "--cert",
        ])
        .arg(&cert)
        .arg(&payload)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("SIGNED"), "{text}");
    assert!(text.contains("signer not trusted"), "{text}");
    assert!(!text.contains("VERIFIED"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_good_chain_to_a_given_anchor_is_verified_and_webpki_agrees() {
    let pki = demo_pki();
    let tok = token(&pki.sp_key, DEMO_SP_X5U);
    let r = inspect_with(
        &webhook(&tok),
        &[("demo-sp-bundle.pem", bundle(&[&pki.sp, &pki.inter]))],
        &[("root.pem", pem(&pki.root))],
        Some(IAT),
    );
    assert_eq!(r.verdict.outcome, Outcome::Verified, "{:#?}", r.findings);
    assert!(r.passports[0].signature.trusted());
    let ch = &r.chains[0];
    assert_eq!(ch.status, ChainStatus::Valid);
    assert_eq!(ch.links.len(), 3);
    assert_eq!(ch.links[0].role, LinkRole::Leaf);
    assert_eq!(ch.links[2].role, LinkRole::TrustAnchor);
    assert!(ch.links.iter().all(|l| l.problems.is_empty()));
    assert!(
        ch.validator.as_deref().unwrap_or("").contains("agrees"),
        "{:?}",
        ch.validator
    );
    // No CRL given: revocation is "not checked", never "not revoked".
    assert_eq!(ch.links[0].revocation, RevocationStatus::NotChecked);
    assert!(has(&r, "revocation-not-checked", Info));
    assert!(!has(&r, "cert-revoked", Pass));
}

/// root → intermediate → provider A's end-entity certificate → a leaf it minted.
#[test]
fn an_end_entity_certificate_used_as_a_ca_is_chain_invalid() {
    let pki = demo_pki();
    let minted_key = key("minted for someone else's numbers");
    let minted = leaf(
        "Victim Telecom STI-SP",
        &minted_key,
        (&pki.sp, &pki.sp_key),
        Some(tnauth_spc("9999")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let r = call_with(&minted_key, &[&minted, &pki.sp, &pki.inter], &pki.root);
    assert_eq!(r.passports[0].signature.status, SigStatus::Valid);
    assert_ne!(r.verdict.outcome, Outcome::Verified);
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(f.detail.contains("end-entity"), "{}", f.detail);
    assert!(f.detail.contains("calltrust Demo STI-SP"), "{}", f.detail);
    assert!(!has(&r, "chain-valid", Pass));
    // Its link names both rules it breaks: not a CA, and no keyCertSign.
    let p = &r.chains[0].links[1].problems;
    assert!(
        p.iter().any(|x| x.contains("basicConstraints CA:FALSE")),
        "{p:?}"
    );
    assert!(p.iter().any(|x| x.contains("keyCertSign")), "{p:?}");
}

#[test]
fn an_expired_intermediate_is_chain_invalid() {
    let pki = demo_pki();
    let ik = key("expired intermediate");
    let inter = ca(
        "Expired STI-CA Intermediate",
        &ik,
        Some((&pki.root, &pki.root_key)),
        (2026, 1, 1),
        (2026, 6, 1),
    );
    let sk = key("sp under expired intermediate");
    let sp = leaf(
        "SP 1",
        &sk,
        (&inter, &ik),
        Some(tnauth_spc("1")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let r = call_with(&sk, &[&sp, &inter], &pki.root);
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(
        f.detail.contains("Expired STI-CA Intermediate"),
        "{}",
        f.detail
    );
    assert!(f.detail.contains("expired on 2026-06-01"), "{}", f.detail);
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    assert_eq!(r.chains[0].status, ChainStatus::Invalid);
    assert!(!r.chains[0].links[1].problems.is_empty());
}

#[test]
fn an_expired_root_is_chain_invalid() {
    let rk = key("expired root");
    let root = ca("Expired STI-CA Root", &rk, None, (2016, 1, 1), (2026, 6, 1));
    let sk = key("sp under expired root");
    let sp = leaf(
        "SP 2",
        &sk,
        (&root, &rk),
        Some(tnauth_spc("2")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let r = call_with(&sk, &[&sp], &root);
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(
        f.detail.contains("the trust anchor expired"),
        "{}",
        f.detail
    );
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    assert_eq!(r.chains[0].links[1].role, LinkRole::TrustAnchor);
}

#[test]
fn a_path_length_and_a_missing_key_cert_sign_break_the_chain() {
    let pki = demo_pki();
    // root → I1 (pathlen 0) → I2 → leaf: I1 allows no intermediate below it.
    let k1 = key("pathlen 0 ca");
    let mut p1 = CertificateParams::new(Vec::<String>::new()).unwrap();
    p1.distinguished_name
        .push(DnType::CommonName, "PathLen0 CA");
    p1.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p1.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p1.not_before = rcgen::date_time_ymd(2026, 1, 1);
    p1.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let c1 = p1
        .signed_by(
            &k1.pair,
            &Issuer::from_params(&pki.root.params, &pki.root_key.pair),
        )
        .unwrap();
    let i1 = Cert {
        pem: c1.pem(),
        der: c1.der().to_vec(),
        params: p1,
    };
    let k2 = key("below pathlen 0");
    let i2 = ca("Sub CA", &k2, Some((&i1, &k1)), (2026, 1, 1), (2040, 1, 1));
    let sk = key("leaf below sub ca");
    let sp = leaf(
        "SP 3",
        &sk,
        (&i2, &k2),
        Some(tnauth_spc("3")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let r = call_with(&sk, &[&sp, &i2, &i1], &pki.root);
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(
        f.detail.contains("pathLenConstraint 0 exceeded"),
        "{}",
        f.detail
    );
    assert_ne!(r.verdict.outcome, Outcome::Verified);

    // A CA without keyCertSign.
    let k3 = key("no keycertsign");
    let mut p3 = CertificateParams::new(Vec::<String>::new()).unwrap();
    p3.distinguished_name
        .push(DnType::CommonName, "No KeyCertSign CA");
    p3.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p3.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p3.not_before = rcgen::date_time_ymd(2026, 1, 1);
    p3.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let c3 = p3
        .signed_by(
            &k3.pair,
            &Issuer::from_params(&pki.root.params, &pki.root_key.pair),
        )
        .unwrap();
    let i3 = Cert {
        pem: c3.pem(),
        der: c3.der().to_vec(),
        params: p3,
    };
    let sk = key("leaf below no keycertsign");
    let sp = leaf(
        "SP 4",
        &sk,
        (&i3, &k3),
        Some(tnauth_spc("4")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let r = call_with(&sk, &[&sp, &i3], &pki.root);
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(f.detail.contains("keyCertSign"), "{}", f.detail);
    assert_ne!(r.verdict.outcome, Outcome::Verified);
}

/// Re-sign a certificate's TBS with ecdsa-with-SHA1 (as an old CA would).
fn resign_sha1(der: &[u8], issuer: &Key) -> Vec<u8> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    use sha1::Digest as _;
    const SHA256_ALG: &[u8] = &[
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    const SHA1_ALG: &[u8] = &[
        0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01,
    ];
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        let n = content.len();
        if n < 128 {
            v.push(n as u8);
        } else if n < 256 {
            v.extend([0x81, n as u8]);
        } else {
            v.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        v.extend_from_slice(content);
        v
    }
    fn content(der: &[u8]) -> (&[u8], &[u8]) {
        // (content, rest) of the TLV at the start of `der`
        let (len, hdr) = match der[1] {
            n if n < 128 => (n as usize, 2),
            0x81 => (der[2] as usize, 3),
            _ => (((der[2] as usize) << 8) | der[3] as usize, 4),
        };
        (&der[hdr..hdr + len], &der[hdr + len..])
    }
    let (cert, _) = content(der);
    let (tbs_content, _) = content(cert);
    let pos = tbs_content
        .windows(SHA256_ALG.len())
        .position(|w| w == SHA256_ALG)
        .unwrap();
    let mut new_tbs = tbs_content[..pos].to_vec();
    new_tbs.extend_from_slice(SHA1_ALG);
    new_tbs.extend_from_slice(&tbs_content[pos + SHA256_ALG.len()..]);
    let tbs = tlv(0x30, &new_tbs);
    let sk = p256::ecdsa::SigningKey::from(&issuer.secret);
    let sig: p256::ecdsa::Signature = sk.sign_prehash(&sha1::Sha1::digest(&tbs)).unwrap();
    let mut bits = vec![0u8];
    bits.extend_from_slice(sig.to_der().as_bytes());
    let mut body = tbs;
    body.extend_from_slice(SHA1_ALG);
    body.extend(tlv(0x03, &bits));
    tlv(0x30, &body)
}

#[test]
fn a_sha1_link_is_chain_invalid() {
    let pki = demo_pki();
    let sk = key("sha1 signed leaf");
    let sp = leaf(
        "SP SHA1",
        &sk,
        (&pki.inter, &pki.inter_key),
        Some(tnauth_spc("5")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    let sha1_der = resign_sha1(&sp.der, &pki.inter_key);
    let r = inspect_with(
        &webhook(&token(&sk, X5U)),
        &[("sp.der", sha1_der), ("inter.pem", pem(&pki.inter))],
        &[("root.pem", pem(&pki.root))],
        Some(IAT),
    );
    assert_eq!(
        r.passports[0].signature.status,
        SigStatus::Valid,
        "{:#?}",
        r.findings
    );
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(f.detail.contains("ecdsa-with-SHA1"), "{}", f.detail);
    assert_eq!(r.verdict.outcome, Outcome::Failed);
    assert_eq!(r.chains[0].links[0].signature_algorithm, "ecdsa-with-SHA1");
}

fn crl_for(issuer: &Cert, issuer_key: &Key, revoked_serials: &[Vec<u8>]) -> Vec<u8> {
    let params = CertificateRevocationListParams {
        this_update: rcgen::date_time_ymd(2026, 11, 1),
        next_update: rcgen::date_time_ymd(2026, 12, 31),
        crl_number: SerialNumber::from(7u64),
        issuing_distribution_point: None,
        revoked_certs: revoked_serials
            .iter()
            .map(|s| RevokedCertParams {
                serial_number: SerialNumber::from_slice(s),
                revocation_time: rcgen::date_time_ymd(2026, 11, 10),
                reason_code: Some(RevocationReason::KeyCompromise),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: KeyIdMethod::Sha256,
    };
    let crl = params
        .signed_by(&Issuer::from_params(&issuer.params, &issuer_key.pair))
        .unwrap();
    crl.der().to_vec()
}

fn serial(der: &[u8]) -> Vec<u8> {
    let (_, c) = x509_parser::parse_x509_certificate(der).unwrap();
    c.raw_serial().to_vec()
}

fn inspect_crl(
    text: &str,
    certs: &[(&str, Vec<u8>)],
    anchors: &[(&str, Vec<u8>)],
    crls: &[(&str, Vec<u8>)],
) -> calltrust::Report {
    let kf = |v: &[(&str, Vec<u8>)]| {
        v.iter()
            .map(|(n, b)| calltrust::KeyFile {
                name: n.to_string(),
                bytes: b.clone(),
            })
            .collect()
    };
    let opts = calltrust::Options {
        now: IAT,
        at: Some(IAT),
        certs: kf(certs),
        trust_anchors: kf(anchors),
        crls: kf(crls),
        ..Default::default()
    };
    calltrust::inspect(text, &opts)
}

#[test]
fn a_revoked_leaf_with_its_crl_is_cert_revoked() {
    let pki = demo_pki();
    let tok = token(&pki.sp_key, DEMO_SP_X5U);
    let certs = [("demo-sp-bundle.pem", bundle(&[&pki.sp, &pki.inter]))];
    let anchors = [("root.pem", pem(&pki.root))];
    let crl = crl_for(&pki.inter, &pki.inter_key, &[serial(&pki.sp.der)]);
    let r = inspect_crl(&webhook(&tok), &certs, &anchors, &[("sti-ca.crl", crl)]);
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "cert-revoked" && f.severity == Error)
        .unwrap_or_else(|| panic!("{:#?}", r.findings));
    assert!(f.detail.contains("calltrust Demo STI-SP"), "{}", f.detail);
    assert!(f.detail.contains("sti-ca.crl"), "{}", f.detail);
    assert!(f.detail.contains("2026-11-10"), "{}", f.detail);
    assert!(
        f.detail.to_lowercase().contains("key compromise") || f.detail.contains("KeyCompromise"),
        "{}",
        f.detail
    );
    assert_eq!(r.chains[0].links[0].revocation, RevocationStatus::Revoked);
    assert_eq!(r.chains[0].status, ChainStatus::Invalid);
    assert_eq!(r.verdict.outcome, Outcome::Failed);

    // The same CRL without the leaf on it: checked, not revoked.
    let crl = crl_for(&pki.inter, &pki.inter_key, &[vec![0x01, 0x02]]);
    let r = inspect_crl(&webhook(&tok), &certs, &anchors, &[("sti-ca.crl", crl)]);
    assert_eq!(r.chains[0].links[0].revocation, RevocationStatus::Good);
    assert_eq!(r.verdict.outcome, Outcome::Verified, "{:#?}", r.findings);

    // A CRL signed by someone else is not believed.
    let other = key("crl forger");
    let fake_issuer = ca(
        "calltrust Demo STI-CA Intermediate",
        &other,
        None,
        (2026, 1, 1),
        (2040, 1, 1),
    );
    let forged = crl_for(&fake_issuer, &other, &[serial(&pki.sp.der)]);
    let r = inspect_crl(&webhook(&tok), &certs, &anchors, &[("forged.crl", forged)]);
    assert!(has(&r, "crl-unusable", Warning), "{:#?}", r.findings);
    assert!(
        !r.findings
            .iter()
            .any(|f| f.id == "cert-revoked" && f.severity == Error)
    );
    assert_eq!(
        r.chains[0].links[0].revocation,
        RevocationStatus::NotChecked
    );

    // Garbage given as a CRL is reported, never trusted.
    let r = inspect_crl(
        &webhook(&tok),
        &certs,
        &anchors,
        &[("junk.crl", b"not a crl".to_vec())],
    );
    assert!(has(&r, "crl-unusable", Warning));
}

#[test]
fn cross_signed_issuers_are_tried_before_giving_up() {
    let pki = demo_pki();
    // The same intermediate key and name, also issued by an untrusted root.
    let xk = key("untrusted other root");
    let xroot = ca("Other Root", &xk, None, (2026, 1, 1), (2040, 1, 1));
    let mut p = pki.inter.params.clone();
    p.serial_number = Some(SerialNumber::from(99u64));
    let xc = p
        .signed_by(
            &pki.inter_key.pair,
            &Issuer::from_params(&xroot.params, &xk.pair),
        )
        .unwrap();
    let cross = Cert {
        pem: xc.pem(),
        der: xc.der().to_vec(),
        params: p,
    };
    let tok = token(&pki.sp_key, DEMO_SP_X5U);
    let r = inspect_with(
        &webhook(&tok),
        &[(
            "demo-sp-bundle.pem",
            bundle(&[&pki.sp, &cross, &xroot, &pki.inter]),
        )],
        &[("root.pem", pem(&pki.root))],
        Some(IAT),
    );
    assert_eq!(r.chains[0].status, ChainStatus::Valid, "{:#?}", r.chains);
    assert_eq!(r.verdict.outcome, Outcome::Verified);
}

/// A call signed by a leaf (issued by the demo intermediate) carrying one
/// critical extension, inspected with the demo root as anchor.
fn with_critical_extension(cn: &str, oid: &[u64], content: Vec<u8>) -> calltrust::Report {
    let pki = demo_pki();
    let sk = key(cn);
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let mut ext = CustomExtension::from_oid_content(oid, content);
    ext.set_criticality(true);
    p.custom_extensions.push(ext);
    p.not_before = rcgen::date_time_ymd(2026, 1, 1);
    p.not_after = rcgen::date_time_ymd(2030, 1, 1);
    let issuer = Issuer::from_params(&pki.inter.params, &pki.inter_key.pair);
    let c = p.signed_by(&sk.pair, &issuer).unwrap();
    inspect_with(
        &webhook(&token(&sk, X5U)),
        &[(
            "sp.pem",
            format!("{}{}", c.pem(), pki.inter.pem).into_bytes(),
        )],
        &[("root.pem", pem(&pki.root))],
        Some(IAT),
    )
}

#[test]
fn a_critical_tnauthlist_is_judged_by_calltrust_when_webpki_cannot() {
    let r = with_critical_extension("SP critical TNAuthList", &TNAUTHLIST_OID, tnauth_spc("77"));
    assert_eq!(r.chains[0].status, ChainStatus::Valid, "{:#?}", r.chains);
    let v = r.chains[0].validator.as_deref().unwrap_or("");
    assert!(v.contains("critical TNAuthList"), "{v}");
    assert_eq!(r.verdict.outcome, Outcome::Verified);
}

#[test]
fn an_unknown_critical_extension_is_chain_invalid() {
    let r = with_critical_extension(
        "SP unknown critical",
        &[1, 3, 6, 1, 4, 1, 99999, 1],
        vec![0x05, 0x00],
    );
    let f = finding(&r, "chain-invalid").expect("chain-invalid");
    assert!(f.detail.contains("1.3.6.1.4.1.99999.1"), "{}", f.detail);
    assert_ne!(r.verdict.outcome, Outcome::Verified);
}

#[test]
fn trust_anchor_directories_load_every_certificate_file() {
    let pki = demo_pki();
    let dir = std::env::temp_dir().join(format!("calltrust-anchors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("root.pem"), &pki.root.pem).unwrap();
    std::fs::write(dir.join("README.txt"), "not a certificate").unwrap();
    let files = calltrust::host::keys::read_cert_path(&dir).unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].name.ends_with("root.pem"));
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(
        calltrust::host::keys::read_cert_path(&empty)
            .unwrap_err()
            .contains("no certificate files")
    );
    // The CLI takes the directory.
    let tok = token(&pki.sp_key, DEMO_SP_X5U);
    std::fs::write(dir.join("bundle.pem"), bundle(&[&pki.sp, &pki.inter])).unwrap();
    let payload = empty.join("w.txt");
    std::fs::write(&payload, webhook(&tok)).unwrap();
    let anchors = dir.join("anchors");
    std::fs::create_dir_all(&anchors).unwrap();
    std::fs::write(anchors.join("root.crt"), &pki.root.pem).unwrap();
    let out = crate::common::calltrust_cmd()
        .args([
            "inspect",
            "--format",
            "json",
            "--at",
            &IAT.to_string(),
            "--cert",
        ])
        .arg(dir.join("bundle.pem"))
        .arg("--trust-anchor")
        .arg(&anchors)
        .arg(&payload)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"]["outcome"], "verified", "{json:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes the spoofing fixtures above to a folder, for trying them by hand
/// in the window and the CLI (README, "Trying the trust checks").
#[test]
#[ignore = "writes fixture files for manual runs: CALLTRUST_FIXTURES=DIR cargo test --test it trust:: -- --ignored"]
fn write_fixtures_for_manual_runs() {
    let dir = std::path::PathBuf::from(
        std::env::var("CALLTRUST_FIXTURES").expect("CALLTRUST_FIXTURES=DIR"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let w = |n: &str, b: &[u8]| std::fs::write(dir.join(n), b).unwrap();
    let (k, c) = spoofer();
    w("spoofed-webhook.txt", webhook(&token(&k, X5U)).as_bytes());
    w("sp.pem", c.pem.as_bytes());
    let pki = demo_pki();
    w("root.pem", pki.root.pem.as_bytes());
    let minted_key = key("minted for someone else's numbers");
    let minted = leaf(
        "Victim Telecom STI-SP",
        &minted_key,
        (&pki.sp, &pki.sp_key),
        Some(tnauth_spc("9999")),
        (2026, 1, 1),
        (2030, 1, 1),
    );
    w(
        "minted-webhook.txt",
        webhook(&token(&minted_key, "https://certs.example/minted.pem")).as_bytes(),
    );
    w("minted.pem", &bundle(&[&minted, &pki.sp, &pki.inter]));
    let tok = token(&pki.sp_key, DEMO_SP_X5U);
    w("good-webhook.txt", webhook(&tok).as_bytes());
    w("demo-sp-bundle.pem", &bundle(&[&pki.sp, &pki.inter]));
    w(
        "revoked.crl",
        &crl_for(&pki.inter, &pki.inter_key, &[serial(&pki.sp.der)]),
    );
    eprintln!("fixtures written to {}", dir.display());
}
