//! The JSON report of every sample, byte for byte, against the committed
//! snapshots: refactors must not change what calltrust says. After an
//! intended change, regenerate with `CALLTRUST_SNAPSHOTS=write cargo test
//! --test it snapshots::` and review the diff.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use calltrust::{KeyFile, Options, inspect};

fn opts() -> Options {
    let certs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/certs");
    let kf = |n: &str| KeyFile {
        name: n.into(),
        bytes: std::fs::read(certs.join(n)).unwrap(),
    };
    Options {
        now: 1_795_339_800,
        certs: vec![kf("demo-sp-bundle.pem"), kf("demo-div-bundle.pem")],
        trust_anchors: vec![kf("demo-root.pem")],
        ..Default::default()
    }
}

#[test]
fn every_sample_reports_exactly_as_before() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let write = std::env::var("CALLTRUST_SNAPSHOTS").is_ok_and(|v| v == "write");
    let mut compared = 0;
    for s in calltrust::samples::SAMPLES {
        let json = inspect(s.text, &opts()).to_json();
        let path = dir.join(format!("{}.report.json", s.file));
        if write {
            std::fs::write(&path, &json).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} missing: run with CALLTRUST_SNAPSHOTS=write",
                path.display()
            )
        });
        assert!(json == want, "{} differs from its snapshot", s.file);
        compared += 1;
    }
    if write {
        println!("snapshots written to {}", dir.display());
    } else {
        assert_eq!(compared, calltrust::samples::SAMPLES.len());
    }
}
