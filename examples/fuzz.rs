//! A seeded mutation fuzzer for every parser that takes pasted bytes. Not
//! coverage-guided (cargo-fuzz needs a nightly toolchain this machine cannot
//! install), so it leans on good seeds: every sample, every external vector
//! file under ../shared/vectors, and the regression inputs already found.
//!
//!     cargo run --release --example fuzz -- [TARGET|all] [EXECUTIONS] [SEED]
//!
//! Targets: detect (the whole inspection), relaxed-json, sip, http, calltoken,
//! identity, passport, sip-response, der, pem, tnauthlist, routing,
//! batch-lines, batch-sip, batch-csv, batch-pcap. A panic, or one execution
//! slower than 2 s, is a finding: the input is written to
//! tests/fuzz-regressions/<target>-<n>.bin and the run stops with exit 1
//! (tests/it/hostile.rs replays every file in that folder on every `cargo test`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test tool

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../tests/it/fuzz_targets.rs"]
mod fuzz_targets;
use fuzz_targets::{TARGETS, run};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// xorshift64*: fast, seeded, reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that matter to the parsers: separators, quotes, escapes, JOSE and SIP pieces.
const TOKENS: &[&[u8]] = &[
    b".",
    b"..",
    b"\"",
    b"\\",
    b"\\u0000",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b";",
    b"=",
    b"&",
    b"%",
    b"%2",
    b"%ZZ",
    b"+",
    b"<",
    b">",
    b"\r\n",
    b"\n",
    b"\r\n\r\n",
    b" ",
    b"\t",
    b"\0",
    b"eyJ",
    b"Identity: ",
    b"INVITE sip:",
    b"SIP/2.0 ",
    b"Content-Length: 99999999\r\n",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xae",
    b"-----BEGIN CERTIFICATE-----\n",
    b"-----END CERTIFICATE-----\n",
    b"\x30\x82\xff\xff",
    b"\x30\x80",
    b"\x06\x08",
    b"9999999999999999999999",
    b"-1",
    b"1e999",
    b"null",
    b"true",
    b"ppt=div-o",
    b"\"opt\":\"",
    b"\"rcdi\":{\"/nam\":\"sha256-",
    b"\xa1\xb2\xc3\xd4",
    b"\x0a\x0d\x0d\x0a",
];

fn mutate(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(6) {
        let len = v.len();
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = rng.next() as u8;
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(len - i).min(64);
                v.drain(i..i + n.min(len - i));
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(len + 1);
                v.splice(i..i, t.iter().copied());
            }
            4 if len > 0 => v.truncate(rng.below(len)),
            5 if len > 0 => {
                // Repeat a chunk (long lines, deep nesting).
                let i = rng.below(len);
                let n = (1 + rng.below(len - i)).min(256);
                let chunk = v[i..i + n].to_vec();
                for _ in 0..1 + rng.below(64) {
                    v.splice(i..i, chunk.iter().copied());
                }
            }
            6 if !seeds.is_empty() => {
                // Splice a piece of another seed.
                let o = &seeds[rng.below(seeds.len())];
                if !o.is_empty() {
                    let a = rng.below(o.len());
                    let b = a + rng.below(o.len() - a).min(512);
                    let i = rng.below(len + 1);
                    v.splice(i..i, o[a..b].iter().copied());
                }
            }
            7 if len > 1 => {
                let (a, b) = (rng.below(len), rng.below(len));
                v.swap(a, b);
            }
            8 if len > 0 => {
                // Interesting integers in place.
                let i = rng.below(len);
                v[i] = [0u8, 0x7f, 0x80, 0xff, b'0', b'9'][rng.below(6)];
            }
            9 => {
                let i = rng.below(len + 1);
                let nest = if rng.below(2) == 0 { b"[" } else { b"{" };
                for _ in 0..rng.below(200) {
                    v.insert(i, nest[0]);
                }
            }
            _ => {}
        }
    }
    v.truncate(1 << 20);
    v
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else if std::fs::metadata(&p)
            .map(|m| m.len() < 32 * 1024)
            .unwrap_or(false)
        {
            out.push(p);
        }
    }
}

fn seeds(root: &Path) -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    files_under(&root.join("assets/samples"), &mut paths);
    files_under(&root.join("tests/fuzz-regressions"), &mut paths);
    files_under(&root.join("tests/snapshots"), &mut paths);
    files_under(&root.join("../shared/vectors"), &mut paths);
    files_under(&root.join("../shared/seeds"), &mut paths);
    let mut v: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    // A few hand-made ones for the binary readers.
    v.push(minimal_pcap());
    v.push(b"a,payload\n1,\"From=%2B1202&To=%2B1312\"\n".to_vec());
    v
}

/// A pcap with one Ethernet/IPv4/UDP packet carrying an INVITE line.
fn minimal_pcap() -> Vec<u8> {
    let payload = b"INVITE sip:+13125550188@x SIP/2.0\r\nFrom: <sip:+12025550143@x>\r\nTo: <sip:+13125550188@x>\r\nCall-ID: f\r\nContent-Length: 0\r\n\r\n";
    let mut pkt = Vec::new();
    pkt.extend_from_slice(&[0u8; 12]);
    pkt.extend_from_slice(&[0x08, 0x00]);
    let total = 20 + 8 + payload.len();
    pkt.extend_from_slice(&[
        0x45,
        0,
        (total >> 8) as u8,
        total as u8,
        0,
        0,
        0,
        0,
        64,
        17,
        0,
        0,
        10,
        0,
        0,
        1,
        10,
        0,
        0,
        2,
    ]);
    let ulen = 8 + payload.len();
    pkt.extend_from_slice(&[0x13, 0xc4, 0x13, 0xc4, (ulen >> 8) as u8, ulen as u8, 0, 0]);
    pkt.extend_from_slice(payload);
    let mut f = vec![
        0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0,
    ];
    f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0]);
    f.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
    f.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
    f.extend_from_slice(&pkt);
    f
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("all");
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = seeds(root);
    let opts = calltrust::Options {
        now: 1_795_339_800,
        ..Default::default()
    };
    let targets: Vec<&str> = if which == "all" {
        TARGETS.to_vec()
    } else {
        vec![which]
    };
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for target in targets {
        let mut rng = Rng(seed ^ target.len() as u64 ^ 0x9e37_79b9_7f4a_7c15);
        let start = Instant::now();
        let mut slowest = Duration::ZERO;
        let mut crashes = 0u32;
        for i in 0..n {
            let base = &corpus[rng.below(corpus.len())];
            let input = mutate(&mut rng, base, &corpus);
            let t = Instant::now();
            let ok = std::panic::catch_unwind(|| run(target, &input, &opts)).is_ok();
            let took = t.elapsed();
            slowest = slowest.max(took);
            if !ok || took > Duration::from_secs(2) {
                crashes += 1;
                let dir = root.join("tests/fuzz-regressions");
                std::fs::create_dir_all(&dir).expect("mkdir");
                let path = dir.join(format!("{target}-{i}.bin"));
                std::fs::write(&path, &input).expect("write");
                eprintln!(
                    "{target}: {} at execution {i} ({} bytes): {}",
                    if ok { "slow" } else { "panic" },
                    input.len(),
                    path.display()
                );
                failed = true;
                if crashes >= 5 {
                    break;
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{target:>13}: {n} executions in {secs:.0} s ({:.0}/s), slowest {:.1} ms, {crashes} finding(s)",
            n as f64 / secs,
            slowest.as_secs_f64() * 1e3
        );
    }
    std::process::exit(i32::from(failed));
}
