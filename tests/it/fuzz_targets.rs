//! The fuzz targets: one entry per parser that takes pasted bytes. Shared by
//! the fuzzer (examples/fuzz.rs) and the replay of every input it ever
//! found (tests/it/hostile.rs), so a regression input runs the exact code
//! that failed.

use std::io::Cursor;
use std::sync::Arc;

pub const TARGETS: &[&str] = &[
    "detect",
    "relaxed-json",
    "sip",
    "http",
    "calltoken",
    "identity",
    "passport",
    "sip-response",
    "der",
    "pem",
    "tnauthlist",
    "routing",
    "batch-lines",
    "batch-sip",
    "batch-csv",
    "batch-pcap",
];

/// Feed `data` to one target. Returns nothing: a target fails by panicking.
pub fn run(target: &str, data: &[u8], opts: &calltrust::Options) {
    use calltrust::batch::{files, source::Format};
    let text = String::from_utf8_lossy(data);
    let mut f = Vec::new();
    match target {
        "detect" => {
            let r = calltrust::inspect_bytes(data, opts);
            std::hint::black_box(r.verdict.outcome);
        }
        "relaxed-json" => {
            let _ = calltrust::input::relaxed::parse(&text);
        }
        "sip" => {
            let _ = calltrust::input::sip::parse(&text, true, &mut f);
        }
        "http" => {
            let _ = calltrust::input::http::parse(&text, &mut f);
        }
        "calltoken" => {
            let _ = calltrust::input::calltoken::decode(&text);
        }
        "identity" => {
            let _ = calltrust::input::identity::parse(&text);
        }
        "passport" => {
            let d = calltrust::passport::decode(&text);
            if let Some(p) = &d.payload {
                let _ = calltrust::passport::claims(p);
            }
        }
        "sip-response" => {
            let _ = calltrust::input::response::parse(&text, 1);
        }
        "der" => {
            let _ = calltrust::verify::cert::parse(data);
        }
        "pem" => {
            let mut out = calltrust::verify::keys::Loaded::default();
            calltrust::verify::keys::load("fuzz.pem", data, false, None, &mut out);
        }
        "tnauthlist" => {
            let _ = calltrust::verify::cert::tn_auth_list(data);
        }
        "routing" => {
            let _ = calltrust::routing::parse(&text);
        }
        t => {
            let format = match t {
                "batch-lines" => Format::Lines,
                "batch-sip" => Format::Sip,
                "batch-csv" => Format::Csv,
                _ => Format::Pcap,
            };
            let reading = files::Reading::default();
            let it = files::from_reader(
                Arc::from("fuzz"),
                Cursor::new(data.to_vec()),
                format,
                &reading,
            );
            for p in it.take(10_000) {
                std::hint::black_box(p.position);
            }
        }
    }
}
