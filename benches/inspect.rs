//! SPEC §8 budgets, measured (not asserted):
//! - one payload, every check including ES256: well under 1 ms;
//! - webhook-signature diagnosis (near misses), worst case: under 50 ms.
//!
//!     cargo bench --bench inspect
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::hint::black_box;

/// The shipped binary's allocator (src/main.rs), so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use calltrust::{KeyFile, Options, Secret, WebhookOptions, inspect};
use criterion::{Criterion, criterion_group, criterion_main};

fn file(rel: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/assets/samples/{rel}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("sample")
}

fn samples(c: &mut Criterion) {
    let opts = Options {
        now: 1_795_339_800,
        ..Default::default()
    };
    let mut g = c.benchmark_group("inspect sample");
    for s in calltrust::samples::SAMPLES {
        g.bench_function(s.file, |b| b.iter(|| inspect(black_box(s.text), &opts)));
    }
    g.finish();
}

fn verification(c: &mut Criterion) {
    let text = String::from_utf8(file("sip-invite-div.txt")).expect("utf8");
    let opts = Options {
        now: 1_795_339_800,
        certs: vec![
            KeyFile {
                name: "demo-sp-bundle.pem".into(),
                bytes: file("certs/demo-sp-bundle.pem"),
            },
            KeyFile {
                name: "demo-div-bundle.pem".into(),
                bytes: file("certs/demo-div-bundle.pem"),
            },
        ],
        trust_anchors: vec![KeyFile {
            name: "demo-root.pem".into(),
            bytes: file("certs/demo-root.pem"),
        }],
        ..Default::default()
    };
    assert_eq!(
        inspect(&text, &opts).verdict.outcome,
        calltrust::Outcome::Verified
    );
    c.bench_function(
        "inspect + verify 2 PASSporTs + 2 chains (SIP INVITE)",
        |b| b.iter(|| inspect(black_box(&text), &opts)),
    );

    // ES256 alone, per PASSporT
    let report = inspect(&text, &opts);
    let tok = report.passports[0].token.clone().expect("token");
    let (input, sig) = tok.rsplit_once('.').expect("jws");
    use base64::Engine as _;
    let sig = calltrust::base::B64URL.decode(sig).expect("b64");
    let pem = String::from_utf8(file("certs/demo-sp-leaf-only.pem")).expect("pem");
    let der = {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("der")
    };
    let point = calltrust::verify::cert::parse(&der)
        .and_then(|c| c.p256_point)
        .expect("p256");
    c.bench_function("ES256 verify, one PASSporT", |b| {
        b.iter(|| calltrust::verify::es256_verify(black_box(&point), input.as_bytes(), &sig))
    });
}

fn near_miss_worst_case(c: &mut Criterion) {
    // 40 parameters, a query string, repeated names and '_' in names, and a
    // signature that matches nothing: every variant is tried.
    let mut pairs: Vec<(String, String)> = (0..36)
        .map(|i| (format!("Param_{i}"), format!("value {i} with some text")))
        .collect();
    pairs.push(("Digits".into(), "1".into()));
    pairs.push(("Digits".into(), "2".into()));
    pairs.push(("From".into(), "+12025550143".into()));
    pairs.push(("To".into(), "+14155550123".into()));
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&");
    let opts = Options {
        now: 1_795_339_800,
        webhook: WebhookOptions {
            url: Some("https://User:pw@Hooks.Example.com:8443/voice/?a=1&b=It's+x&c=%27".into()),
            signature: Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()),
            auth_token: Some(Secret::new("bench-token")),
        },
        ..Default::default()
    };
    let r = inspect(&body, &opts);
    assert_eq!(
        r.webhook_signature.as_ref().map(|w| w.status.as_str()),
        Some("invalid")
    );
    c.bench_function(
        "webhook signature diagnosis, worst case (40 params, nothing matches)",
        |b| b.iter(|| inspect(black_box(&body), &opts)),
    );
}

fn sti_rules(c: &mut Criterion) {
    use base64::Engine as _;
    let p = format!(
        "{}/../shared/vectors/shaken/ecosystem/certs.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(text) = std::fs::read_to_string(&p) else {
        eprintln!("note: {p} not found: STI rules bench skipped");
        return;
    };
    let ders: Vec<Vec<u8>> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            base64::engine::general_purpose::STANDARD
                .decode(v["der_b64"].as_str()?)
                .ok()
        })
        .collect();
    let mut g = c.benchmark_group("STI rules");
    g.sample_size(10);
    g.bench_function(
        format!(
            "all rules on the ecosystem corpus ({} certificates)",
            ders.len()
        ),
        |b| {
            b.iter(|| {
                for d in &ders {
                    black_box(calltrust::sti::lint(d).ok());
                }
            })
        },
    );
    g.finish();
}

/// Batch throughput (SPEC §8): signed webhooks that share one certificate,
/// rows per second on one job and on two, against OpenSSL's P-256 verify
/// rate (`openssl speed ecdsap256`, run beside it).
fn batch_rows(c: &mut Criterion) {
    use calltrust::batch::{self, Data, Payload};
    let invite = String::from_utf8(file("sip-invite-div.txt")).expect("utf8");
    let token = invite
        .lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .and_then(|v| v.split(';').next())
        .expect("identity");
    let body = format!("From=%2B12025550143&To=%2B13125550188&StirPassportToken={token}");
    let opts = Options {
        now: 1_795_339_800,
        at: Some(1_795_339_802),
        certs: vec![KeyFile {
            name: "demo-sp-bundle.pem".into(),
            bytes: file("certs/demo-sp-bundle.pem"),
        }],
        trust_anchors: vec![KeyFile {
            name: "demo-root.pem".into(),
            bytes: file("certs/demo-root.pem"),
        }],
        ..Default::default()
    };
    assert_eq!(
        inspect(&body, &opts).verdict.outcome,
        calltrust::Outcome::Verified
    );
    const N: usize = 1000;
    let source: std::sync::Arc<str> = "bench.jsonl".into();
    let payloads: Vec<Payload> = (0..N)
        .map(|i| Payload {
            source: source.clone(),
            position: i as u64 + 1,
            data: Data::Bytes(body.clone().into_bytes()),
        })
        .collect();
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Elements(N as u64));
    for jobs in [1usize, 2] {
        g.bench_function(
            format!("{N} signed webhooks sharing a certificate, {jobs} job(s)"),
            |b| {
                b.iter(|| {
                    let settings = batch::Settings {
                        jobs,
                        ..Default::default()
                    };
                    let mut verified = 0usize;
                    batch::run(payloads.iter().cloned(), &opts, &settings, |d| {
                        verified += usize::from(d.row.outcome == calltrust::Outcome::Verified)
                    });
                    assert_eq!(verified, N);
                })
            },
        );
    }
    g.finish();
}

criterion_group!(
    benches,
    batch_rows,
    samples,
    verification,
    near_miss_worst_case,
    sti_rules
);
criterion_main!(benches);
