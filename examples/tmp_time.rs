#![allow(clippy::unwrap_used, clippy::expect_used)]
use calltrust::{KeyFile, Options, inspect};
fn main() {
    let text = std::fs::read_to_string("/tmp/fx/good-webhook.txt").unwrap();
    let opts = Options {
        now: 1_795_339_800,
        certs: vec![KeyFile {
            name: "demo-sp-bundle.pem".into(),
            bytes: std::fs::read("/tmp/fx/demo-sp-bundle.pem").unwrap(),
        }],
        trust_anchors: vec![KeyFile {
            name: "root.pem".into(),
            bytes: std::fs::read("/tmp/fx/root.pem").unwrap(),
        }],
        cache: Some(std::sync::Arc::new(calltrust::verify::cache::Cache::new())),
        ..Default::default()
    };
    let r = inspect(&text, &opts);
    println!("{:?}", r.verdict.outcome);
    let n = 2000;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(inspect(&text, &opts));
    }
    println!(
        "with certs: {:.1} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    println!("{:?}", opts.cache);
    let o2 = Options {
        now: 1_795_339_800,
        ..Default::default()
    };
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(inspect(&text, &o2));
    }
    println!(
        "no certs: {:.1} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
