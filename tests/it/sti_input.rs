//! Certificates as input: PEM bundles, base64 DER and DER files pasted or
//! opened, judged by the STI rules with roles, SPC and findings; broken input
//! gives clear findings.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use base64::Engine as _;
use calltrust::sti::RuleStatus;
use calltrust::{InputKind, Options, Severity, inspect, inspect_bytes};

struct Rec {
    der: Vec<u8>,
    lints: Vec<(String, String)>,
    not_effective: Vec<String>,
    x5u: bool,
}

fn corpus() -> Option<Vec<Rec>> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/shaken/ecosystem/certs.jsonl");
    let Ok(text) = std::fs::read_to_string(&p) else {
        eprintln!(
            "note: skipping: {} not found (../shared is absent)",
            p.display()
        );
        return None;
    };
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                Rec {
                    der: base64::engine::general_purpose::STANDARD
                        .decode(v["der_b64"].as_str().unwrap())
                        .unwrap(),
                    lints: v["lints"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
                        .collect(),
                    not_effective: v["not_effective"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().into())
                        .collect(),
                    x5u: !v["x5u"].is_null(),
                }
            })
            .collect(),
    )
}

fn pem(der: &[u8]) -> String {
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<String> = b
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

fn opts() -> Options {
    Options::at_now(1_795_339_800)
}

fn failed(r: &calltrust::Report, i: usize) -> Vec<String> {
    let mut v: Vec<String> = r.certificates[i]
        .rules
        .iter()
        .filter(|x| x.status == RuleStatus::Fail)
        .map(|x| x.rule.to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn a_pasted_sp_bundle_gets_roles_spc_and_the_ecosystem_verdict() {
    let Some(c) = corpus() else { return };
    let leaf = c.iter().find(|r| r.x5u && !r.lints.is_empty()).unwrap();
    let inter = c
        .iter()
        .find(|r| !r.x5u && r.lints.is_empty())
        .unwrap_or_else(|| c.iter().find(|r| !r.x5u).unwrap());
    let text = format!("{}{}", pem(&leaf.der), pem(&inter.der));
    let r = inspect(&text, &opts());
    assert_eq!(r.input.kind, InputKind::Certificate);
    assert_eq!(r.certificates.len(), 2, "{:#?}", r.findings);
    assert_eq!(r.certificates[0].role, calltrust::sti::Role::Leaf);
    assert!(matches!(
        r.certificates[1].role.as_str(),
        "intermediate" | "root"
    ));
    // The same failed rules as the public report.
    let mut want: Vec<String> = leaf.lints.iter().map(|(n, _)| n.clone()).collect();
    want.sort();
    assert_eq!(failed(&r, 0), want);
    // One cert-compliance finding per failed rule; warnings never fail the verdict.
    let n = r
        .findings
        .iter()
        .filter(|f| f.id == "cert-compliance" && f.detail.contains("pasted certificate"))
        .count();
    assert!(n >= want.len(), "{n} findings for {} rules", want.len());
    assert!(
        r.findings
            .iter()
            .filter(|f| f.id == "cert-compliance")
            .all(|f| f.severity != Severity::Error)
    );
    assert!(
        r.verdict.headline.contains("2 certificates"),
        "{}",
        r.verdict.headline
    );
    // JSON: SPEC §6 fields.
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let c0 = &json["certificates"][0];
    for k in [
        "sha256",
        "subject",
        "issuer",
        "role",
        "not_before",
        "not_after",
        "spc",
        "source",
        "rules",
    ] {
        assert!(c0.get(k).is_some(), "certificates[0].{k} missing");
    }
    let rule = &c0["rules"][0];
    for k in ["rule", "level", "status", "detail", "citation"] {
        assert!(rule.get(k).is_some(), "rules[].{k} missing");
    }
    // Markdown names each failed rule for the ticket.
    let md = r.to_markdown();
    for w in &want {
        assert!(md.contains(w.as_str()), "{w} not in the Markdown");
    }
}

#[test]
fn base64_der_der_files_and_roots_are_certificates_too() {
    let Some(c) = corpus() else { return };
    let leaf = c.iter().find(|r| r.x5u).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&leaf.der);
    let r = inspect(&b64, &opts());
    assert_eq!(r.input.kind, InputKind::Certificate);
    assert_eq!(r.certificates.len(), 1);
    // A DER file, as opened from disk.
    let r = inspect_bytes(&leaf.der, &opts());
    assert_eq!(r.input.kind, InputKind::Certificate);
    assert_eq!(r.input.format, "DER certificate file");
    assert_eq!(r.certificates.len(), 1);
    // A root (self-issued and self-signed, RSA or EC).
    let mut roots = 0;
    for rec in c.iter().filter(|r| !r.x5u) {
        let r = inspect_bytes(&rec.der, &opts());
        if r.certificates[0].role == calltrust::sti::Role::Root {
            roots += 1;
        }
    }
    assert_eq!(roots, 4, "the corpus holds 4 roots");
}

#[test]
fn a_rule_not_yet_in_effect_is_shown_as_such_never_as_a_failure() {
    let Some(c) = corpus() else { return };
    let rec = c.iter().find(|r| !r.not_effective.is_empty()).unwrap();
    let r = inspect(&pem(&rec.der), &opts());
    for name in &rec.not_effective {
        let rr = r.certificates[0]
            .rules
            .iter()
            .find(|x| &x.rule == name)
            .unwrap();
        assert_eq!(rr.status, RuleStatus::NotEffective, "{name}");
        assert!(
            rr.detail.contains("before this rule took effect"),
            "{}",
            rr.detail
        );
        assert!(
            !r.findings
                .iter()
                .any(|f| f.id == "cert-compliance" && f.title.contains(name.as_str()))
        );
    }
}

#[test]
fn broken_certificate_input_gives_clear_findings() {
    let Some(c) = corpus() else { return };
    let a = pem(&c[0].der);
    let b = pem(&c[1].der);
    // Garbage between the blocks is reported with its line, the certificates still read.
    let text = format!("{a}Hello from the customer, see below\n{b}");
    let r = inspect(&text, &opts());
    assert_eq!(r.certificates.len(), 2);
    let note = r
        .findings
        .iter()
        .find(|f| f.title.contains("Text between the PEM blocks"))
        .expect("note");
    assert!(note.location.is_some_and(|l| l.line > 1));
    // A truncated DER file.
    let cut = &c[0].der[..c[0].der.len() / 2];
    let r = inspect_bytes(cut, &opts());
    assert_eq!(r.input.kind, InputKind::Certificate);
    assert!(r.findings.iter().any(
        |f| f.severity == Severity::Error && f.title.contains("Not a readable DER certificate")
    ));
    // A damaged PEM block.
    let r = inspect(
        "-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----\n",
        &opts(),
    );
    assert_eq!(r.input.kind, InputKind::Certificate);
    assert!(
        r.findings.iter().any(|f| f.id == "cert-unusable"),
        "{:#?}",
        r.findings
    );
    assert!(
        r.verdict.headline.contains("No readable certificate"),
        "{}",
        r.verdict.headline
    );
    // 10 MB that is not a certificate.
    let mut big = vec![0x30u8, 0x82];
    big.extend((0..10 * 1024 * 1024).map(|i| (i * 7 % 251) as u8));
    let r = inspect_bytes(&big, &opts());
    assert!(r.findings.iter().any(|f| f.severity == Severity::Error));
}
