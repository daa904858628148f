#![allow(clippy::unwrap_used, clippy::expect_used)]
use calltrust::batch::{self, Data, Payload};
use calltrust::{KeyFile, Options};
fn main() {
    let f = |p: &str| std::fs::read(format!("/work/main/assets/samples/{p}")).unwrap();
    let invite = String::from_utf8(f("sip-invite-div.txt")).unwrap();
    let token = invite
        .lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .and_then(|v| v.split(';').next())
        .unwrap();
    let body = format!("From=%2B12025550143&To=%2B13125550188&StirPassportToken={token}");
    let opts = Options {
        now: 1_795_339_800,
        at: Some(1_795_339_802),
        certs: vec![KeyFile {
            name: "demo-sp-bundle.pem".into(),
            bytes: f("certs/demo-sp-bundle.pem"),
        }],
        trust_anchors: vec![KeyFile {
            name: "demo-root.pem".into(),
            bytes: f("certs/demo-root.pem"),
        }],
        ..Default::default()
    };
    let n = 5000;
    let src: std::sync::Arc<str> = "b".into();
    let payloads: Vec<Payload> = (0..n)
        .map(|i| Payload {
            source: src.clone(),
            position: i,
            data: Data::Bytes(body.clone().into_bytes()),
        })
        .collect();
    let (input, sig) = token.rsplit_once('.').unwrap();
    use base64::Engine as _;
    let sig = calltrust::passport::B64URL.decode(sig).unwrap();
    let pem = String::from_utf8(f("certs/demo-sp-leaf-only.pem")).unwrap();
    let body64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body64)
        .unwrap();
    let point = calltrust::verify::cert::parse(&der)
        .and_then(|c| c.p256_point)
        .unwrap();
    let (mut best_es, mut best_row) = (f64::MAX, f64::MAX);
    for _ in 0..8 {
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            assert!(calltrust::verify::es256_verify(
                &point,
                input.as_bytes(),
                &sig
            ));
        }
        best_es = best_es.min(t.elapsed().as_secs_f64() * 1e3);
        let p: Vec<Payload> = payloads.iter().take(1000).cloned().collect();
        let t = std::time::Instant::now();
        let jobs: usize = std::env::var("JOBS")
            .ok()
            .and_then(|j| j.parse().ok())
            .unwrap_or(1);
        batch::run(
            p.into_iter(),
            &opts,
            &batch::Settings {
                jobs,
                ..Default::default()
            },
            |_| {},
        );
        best_row = best_row.min(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "best es256 {best_es:.1} us, best row {best_row:.1} us, ratio {:.2}",
        best_row / best_es
    );
}
