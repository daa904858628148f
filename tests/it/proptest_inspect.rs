//! Hostile input: random text, random bytes and mutated samples never make
//! `inspect` panic or hang.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::time::{Duration, Instant};

use calltrust::{Options, inspect, inspect_bytes};
use proptest::prelude::*;

/// Generous: a hang, not a budget (budgets are benchmarks, see benches/).
const LIMIT: Duration = Duration::from_secs(3);

fn samples() -> Vec<&'static str> {
    calltrust::samples::SAMPLES.iter().map(|s| s.text).collect()
}

fn opts() -> Options {
    Options {
        now: 1_795_339_800,
        ..Default::default()
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Replace(usize, u8),
    Duplicate(usize, usize),
}

fn apply(mut data: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = data.len().max(1);
        match e {
            Edit::Insert(at, bytes) => {
                let at = at % (data.len() + 1);
                data.splice(at..at, bytes.iter().copied());
            }
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(data.len());
                if at < end {
                    data.drain(at..end);
                }
            }
            Edit::Replace(at, b) => {
                if !data.is_empty() {
                    let at = at % data.len();
                    data[at] = *b;
                }
            }
            Edit::Duplicate(at, len) => {
                let at = at % n;
                let end = (at + len).min(data.len());
                if at < end {
                    let chunk: Vec<u8> = data[at..end].to_vec();
                    data.splice(at..at, chunk);
                }
            }
        }
    }
    data
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), 1usize..64).prop_map(|(a, l)| Edit::Delete(a, l)),
        (
            any::<usize>(),
            prop_oneof![
                Just(b'.'),
                Just(b'%'),
                Just(b'"'),
                Just(b'\''),
                Just(b'{'),
                Just(b'\n'),
                Just(b';'),
                Just(b'='),
                any::<u8>()
            ]
        )
            .prop_map(|(a, b)| Edit::Replace(a, b)),
        (any::<usize>(), 1usize..200).prop_map(|(a, l)| Edit::Duplicate(a, l)),
    ]
}

fn check_bytes(data: &[u8]) {
    let start = Instant::now();
    let r = inspect_bytes(data, &opts());
    // Whatever the input, every finding is one the catalogue lists.
    if let Err(e) = calltrust::catalogue::check(&r.findings) {
        panic!("{e}");
    }
    let took = start.elapsed();
    assert!(took < LIMIT, "inspect took {took:?}");
    // every report renders
    let _ = (r.to_json(), r.to_markdown(), r.to_text());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn random_text(s in "\\PC{0,3000}") {
        let start = Instant::now();
        let r = inspect(&s, &opts());
        prop_assert!(start.elapsed() < LIMIT);
        prop_assert!(calltrust::catalogue::check(&r.findings).is_ok(), "{:?}", calltrust::catalogue::check(&r.findings));
        prop_assert!(!r.verdict.headline.is_empty());
    }

    #[test]
    fn random_bytes(data in prop::collection::vec(any::<u8>(), 0..4000)) {
        check_bytes(&data);
    }

    #[test]
    fn mutated_samples(i in 0usize..64, edits in prop::collection::vec(edit(), 1..12)) {
        let s = samples();
        let base = s[i % s.len()].as_bytes().to_vec();
        check_bytes(&apply(base, &edits));
    }

    #[test]
    fn token_like_garbage(parts in prop::collection::vec("[A-Za-z0-9_=+/-]{0,80}", 1..6), params in "(;[a-z]{1,5}=[<>\"a-z:/.]{0,20}){0,4}") {
        let tok = format!("eyJ{}{}", parts.join("."), params);
        check_bytes(tok.as_bytes());
        check_bytes(format!("INVITE sip:+1@a SIP/2.0\r\nIdentity: {tok}\r\n\r\n").as_bytes());
        check_bytes(format!("{{\"parentCallInfoToken\":\"{tok}\",\"identityHeaderTokens\":[\"{tok}\"]}}").as_bytes());
    }
}

#[test]
fn pathological_shapes() {
    for data in [
        "[".repeat(200_000),
        "{a:".repeat(50_000),
        "eyJ".repeat(100_000),
        ".".repeat(300_000),
        format!("eyJ{}", "A".repeat(2_000_000)),
        "%7B".to_string() + &"%25".repeat(100_000),
        "a=b&".repeat(100_000),
        "Identity: x\n".repeat(20_000),
        format!(
            "POST / HTTP/1.1\r\nHost: a\r\nX-Twilio-Signature: x\r\n\r\n{}",
            "A=1&".repeat(50_000)
        ),
    ] {
        check_bytes(data.as_bytes());
    }
}
