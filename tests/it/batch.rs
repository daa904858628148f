//! Batch triage as a user runs it: a JSON-lines file of logged webhooks and
//! packet captures made here (etherparse builds the packets; the pcap and
//! pcapng framing is written by hand from the file-format documents), with
//! TCP segmentation, retransmission, reordering, IP fragments, IPv6 and
//! several link types; broken lines and truncated records in between.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use calltrust::batch::{self, Data, Row, files, source::Format};
use calltrust::{KeyFile, Options, Outcome};
use common::*;
use etherparse::PacketBuilder;

const IAT: i64 = 1_795_339_800; // Sun, 22 Nov 2026 09:30:00 GMT
const DATE: &str = "Sun, 22 Nov 2026 09:30:00 GMT";

struct World {
    pki: DemoPki,
}

impl World {
    fn new() -> Self {
        World { pki: demo_pki() }
    }

    fn opts(&self) -> Options {
        let bundle = format!("{}{}", self.pki.sp.pem, self.pki.inter.pem);
        Options {
            now: IAT + 3600,
            at: Some(IAT),
            certs: vec![KeyFile {
                name: "demo-sp-bundle.pem".into(),
                bytes: bundle.into_bytes(),
            }],
            trust_anchors: vec![KeyFile {
                name: "root.pem".into(),
                bytes: self.pki.root.pem.clone().into_bytes(),
            }],
            ..Default::default()
        }
    }

    fn token(&self, orig: &str) -> String {
        sign_jws(
            &self.pki.sp_key,
            &shaken_header(DEMO_SP_X5U),
            &shaken_payload("A", orig, "14155550123", IAT, "id-1"),
        )
    }

    /// A logged webhook, one JSON object on one line.
    fn webhook_line(&self, from: &str) -> String {
        serde_json::json!({
            "CallSid": "CA0123",
            "From": format!("+{from}"),
            "To": "+14155550123",
            "StirPassportToken": self.token("12025550143"),
        })
        .to_string()
    }

    /// An INVITE from `from` whose PASSporT says 12025550143.
    fn invite(&self, n: u32, from: &str, body: &str) -> Vec<u8> {
        format!(
            "INVITE sip:+14155550123@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-{n}\r\n\
From: <sip:+{from}@example.net>;tag={n}\r\n\
To: <sip:+14155550123@example.com>\r\n\
Call-ID: call-{n}@example.net\r\n\
CSeq: 1 INVITE\r\n\
Date: {DATE}\r\n\
Identity: {}\r\n\
Max-Forwards: 70\r\n\
Content-Length: {}\r\n\r\n{body}",
            identity(&self.token("12025550143"), DEMO_SP_X5U, "shaken"),
            body.len()
        )
        .into_bytes()
    }
}

fn rows_of(
    payloads: Box<dyn Iterator<Item = batch::Payload> + Send>,
    opts: &Options,
    jobs: usize,
) -> (Vec<Row>, batch::Summary) {
    let mut rows = Vec::new();
    let s = batch::Settings {
        jobs,
        ..Default::default()
    };
    let summary = batch::run(payloads, opts, &s, |d| rows.push(d.row));
    (rows, summary)
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

// ---------------------------------------------------------------- JSON lines

#[test]
fn json_lines_of_logged_webhooks_give_one_row_each_in_order() {
    let w = World::new();
    let mut text = String::new();
    text.push_str(&w.webhook_line("12025550143")); // 1 verified
    text.push('\n');
    text.push_str("{\"From\": \"+1202555\", broken json, \n"); // 2 broken
    text.push_str(&w.webhook_line("18005550199")); // 3 orig ≠ From
    text.push_str("\r\n\n"); // 4 blank: no row
    text.push_str("From=%2B12025550143&To=%2B14155550123&StirVerstat=TN-Validation-Passed-A\n"); // 5 form body
    text.push_str("\u{1b}[31m\u{0}\u{7f}garbage\n"); // 6 controls
    let bytes = {
        let mut b = text.into_bytes();
        b.extend_from_slice(b"\xff\xfe\xfd not utf-8 at all\n"); // 7
        b.extend_from_slice(w.webhook_line("12025550143").as_bytes()); // 8 verified, no newline at end
        b
    };
    let it = files::from_reader(
        "day.jsonl".into(),
        std::io::Cursor::new(bytes),
        Format::Lines,
        &Default::default(),
    );
    let (rows, summary) = rows_of(it, &w.opts(), 2);
    let got: Vec<(u64, Outcome)> = rows.iter().map(|r| (r.position, r.outcome)).collect();
    assert_eq!(
        got,
        vec![
            (1, Outcome::Verified),
            (2, Outcome::Unknown),
            (3, Outcome::Failed),
            (5, Outcome::Passed),
            (6, Outcome::Unknown),
            (7, Outcome::Unknown),
            (8, Outcome::Verified),
        ]
    );
    assert_eq!(rows[0].spc.as_deref(), Some("1234"));
    assert!(
        rows[2].errors.contains(&crate::common::id("orig-mismatch")),
        "{:?}",
        rows[2]
    );
    assert_eq!(rows[2].verifier_response, Some(438));
    assert_eq!(rows[3].attestation.map(|a| a.as_str()), Some("A"));
    assert_eq!(rows[3].verstat.as_deref(), Some("TN-Validation-Passed-A"));
    for r in [&rows[1], &rows[4], &rows[5]] {
        assert!(
            r.errors.contains(&crate::common::id("input-unrecognized")),
            "{r:?}"
        );
    }
    assert_eq!(summary.rows, 7);
    assert_eq!(summary.by_outcome["verified"], 2);
    assert_eq!(summary.by_outcome_attestation["failed"]["A"], 1);
    assert_eq!(summary.by_spc["1234"].rows, 3);
    assert_eq!(summary.by_spc["1234"].failed, 1);
    let top = &summary.top_errors[0];
    assert_eq!(top.id, "input-unrecognized");
    assert_eq!(top.count, 3);
    assert_eq!(top.example.position, 2);
}

#[test]
fn many_payloads_on_two_jobs_keep_input_order_and_share_one_certificate() {
    let w = World::new();
    let good = w.webhook_line("12025550143");
    let bad = w.webhook_line("18005550199");
    let mut text = String::new();
    for i in 0..600 {
        text.push_str(if i % 3 == 0 { &bad } else { &good });
        text.push('\n');
    }
    let mut opts = w.opts();
    let cache = Arc::new(calltrust::verify::cache::Cache::new());
    opts.cache = Some(cache.clone());
    let it = files::from_reader(
        "many.jsonl".into(),
        std::io::Cursor::new(text.into_bytes()),
        Format::Lines,
        &Default::default(),
    );
    let (rows, summary) = rows_of(it, &opts, 2);
    assert_eq!(rows.len(), 600);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.position, i as u64 + 1);
        let want = if i % 3 == 0 {
            Outcome::Failed
        } else {
            Outcome::Verified
        };
        assert_eq!(r.outcome, want, "row {}", i + 1);
    }
    assert_eq!(summary.by_outcome["failed"], 200);
    // The bundle was parsed and its chain validated once (one miss per
    // distinct thing), then reused.
    let (hits, misses) = cache.stats();
    assert!(misses <= 8, "misses {misses}");
    assert!(hits >= 600, "hits {hits}");
}

#[test]
fn a_20_mb_line_is_one_too_large_row_and_the_batch_goes_on() {
    let w = World::new();
    let path = tmp("huge.jsonl");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "{}", w.webhook_line("12025550143")).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..20 {
            f.write_all(&chunk).unwrap();
        }
        writeln!(f).unwrap();
        writeln!(f, "{}", w.webhook_line("12025550143")).unwrap();
    }
    let plans = files::plan(std::slice::from_ref(&path)).unwrap();
    assert_eq!(plans[0].format, Format::Lines);
    let (it, progress) = files::open(plans, Default::default());
    let (rows, _) = rows_of(it, &w.opts(), 1);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].position, 2);
    assert_eq!(rows[1].errors, vec![crate::common::id("input-too-large")]);
    assert_eq!(rows[0].outcome, Outcome::Verified);
    assert_eq!(rows[2].outcome, Outcome::Verified);
    assert!((progress.fraction() - 1.0).abs() < 1e-6);
}

// ---------------------------------------------------------------- captures

/// Legacy pcap framing (microsecond, little-endian).
fn pcap_file(link: u32, packets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&link.to_le_bytes());
    for (i, p) in packets.iter().enumerate() {
        out.extend_from_slice(&(IAT as u32).to_le_bytes());
        out.extend_from_slice(&(i as u32).to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// pcapng: a section, one interface, enhanced packet blocks.
fn pcapng_file(link: u16, packets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    // Section header block.
    out.extend_from_slice(&0x0a0d_0d0au32.to_le_bytes());
    out.extend_from_slice(&28u32.to_le_bytes());
    out.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(-1i64).to_le_bytes());
    out.extend_from_slice(&28u32.to_le_bytes());
    // Interface description block.
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&20u32.to_le_bytes());
    out.extend_from_slice(&link.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&20u32.to_le_bytes());
    for p in packets {
        let padded = p.len().div_ceil(4) * 4;
        let len = 32 + padded as u32;
        out.extend_from_slice(&6u32.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p);
        out.resize(out.len() + padded - p.len(), 0);
        out.extend_from_slice(&len.to_le_bytes());
    }
    out
}

const A: [u8; 4] = [192, 0, 2, 1];
const B: [u8; 4] = [192, 0, 2, 2];

fn eth() -> etherparse::PacketBuilderStep<etherparse::Ethernet2Header> {
    PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
}

fn udp4(payload: &[u8]) -> Vec<u8> {
    let b = eth().ipv4(A, B, 64).udp(5060, 5060);
    let mut v = Vec::new();
    b.write(&mut v, payload).unwrap();
    v
}

fn udp6(payload: &[u8]) -> Vec<u8> {
    let mut s = [0u8; 16];
    s[0] = 0x20;
    s[1] = 0x01;
    s[2] = 0x0d;
    s[3] = 0xb8;
    let mut d = s;
    s[15] = 1;
    d[15] = 2;
    let b = eth().ipv6(s, d, 64).udp(5060, 5060);
    let mut v = Vec::new();
    b.write(&mut v, payload).unwrap();
    v
}

fn tcp4(seq: u32, syn: bool, payload: &[u8]) -> Vec<u8> {
    let b = eth().ipv4(A, B, 64).tcp(40000, 5060, seq, 65535);
    let b = if syn { b.syn() } else { b.ack(1).psh() };
    let mut v = Vec::new();
    b.write(&mut v, payload).unwrap();
    v
}

/// One UDP datagram over IPv4, cut into two IP fragments.
fn fragments(payload: &[u8]) -> [Vec<u8>; 2] {
    let mut udp = Vec::new();
    etherparse::UdpHeader::with_ipv4_checksum(
        5060,
        5060,
        &etherparse::Ipv4Header::new(
            (8 + payload.len()) as u16,
            64,
            etherparse::IpNumber::UDP,
            A,
            B,
        )
        .unwrap(),
        payload,
    )
    .unwrap()
    .write(&mut udp)
    .unwrap();
    udp.extend_from_slice(payload);
    let cut = 1480;
    let frag = |part: &[u8], offset: usize, more: bool| {
        let mut h =
            etherparse::Ipv4Header::new(part.len() as u16, 64, etherparse::IpNumber::UDP, A, B)
                .unwrap();
        h.identification = 0x4242;
        h.more_fragments = more;
        h.fragment_offset = etherparse::IpFragOffset::try_new((offset / 8) as u16).unwrap();
        h.header_checksum = h.calc_header_checksum();
        let mut v = Vec::new();
        etherparse::Ethernet2Header {
            source: [2, 0, 0, 0, 0, 1],
            destination: [2, 0, 0, 0, 0, 2],
            ether_type: etherparse::EtherType::IPV4,
        }
        .write(&mut v)
        .unwrap();
        h.write(&mut v).unwrap();
        v.extend_from_slice(part);
        v
    };
    [frag(&udp[..cut], 0, true), frag(&udp[cut..], cut, false)]
}

const OK200: &[u8] = b"SIP/2.0 200 OK\r\nCall-ID: call-1@example.net\r\nContent-Length: 0\r\n\r\n";

/// The capture every link-type variant repeats, with the rows it must give.
#[allow(clippy::vec_init_then_push)] // one packet per line, numbered
fn capture(w: &World) -> (Vec<Vec<u8>>, Vec<(u64, Outcome)>) {
    let good1 = w.invite(1, "12025550143", "");
    let spoof2 = w.invite(2, "18005550199", "v=0\r\n");
    let good3 = w.invite(3, "12025550143", "");
    let good4 = w.invite(4, "12025550143", "");
    let big5 = w.invite(5, "12025550143", &"a=x-padding:0123456789\r\n".repeat(80));
    let good6 = w.invite(6, "12025550143", "v=0\r\n");
    assert!(big5.len() > 1500);
    let isn = 1_000u32;
    let mut seq = isn + 1;
    let mut p = Vec::new();
    p.push(udp4(&good1)); // 1
    p.push(udp4(OK200)); // 2: not a call
    p.push(tcp4(isn, true, &[])); // 3: SYN
    p.push(tcp4(seq, false, &spoof2[..100])); // 4: INVITE 2 begins
    let mut rest = spoof2[100..].to_vec();
    rest.extend_from_slice(&good3);
    let p5 = tcp4(seq + 100, false, &rest); // 5: INVITE 2 ends, INVITE 3 whole
    p.push(p5.clone());
    seq += 100 + rest.len() as u32;
    p.push(udp6(&good4)); // 6
    let [f1, f2] = fragments(&big5);
    p.push(f1); // 7
    p.push(f2); // 8: INVITE 5 complete
    // INVITE 6 across two segments that arrive out of order.
    let half = good6.len() / 2;
    p.push(tcp4(seq + half as u32, false, &good6[half..])); // 9
    p.push(tcp4(seq, false, &good6[..half])); // 10
    p.push(p5); // 11: a retransmission, no new row
    let want = vec![
        (1, Outcome::Verified),
        (4, Outcome::Failed),
        (5, Outcome::Verified),
        (6, Outcome::Verified),
        (8, Outcome::Verified),
        (10, Outcome::Verified),
    ];
    (p, want)
}

fn rows_of_capture(w: &World, file: Vec<u8>) -> (Vec<Row>, batch::Summary) {
    let it = files::from_reader(
        "capture".into(),
        std::io::Cursor::new(file),
        Format::Pcap,
        &Default::default(),
    );
    rows_of(it, &w.opts(), 2)
}

#[test]
fn a_pcap_with_sip_over_udp_and_tcp_gives_one_row_per_call_in_order() {
    let w = World::new();
    let (packets, want) = capture(&w);
    let (rows, summary) = rows_of_capture(&w, pcap_file(1, &packets));
    let got: Vec<(u64, Outcome)> = rows.iter().map(|r| (r.position, r.outcome)).collect();
    assert_eq!(got, want, "{rows:#?}");
    assert!(rows[1].errors.contains(&crate::common::id("orig-mismatch")));
    assert_eq!(rows[1].kind, calltrust::InputKind::SipMessage);
    assert_eq!(summary.skipped.get("200 responses"), Some(&1));
}

#[test]
fn pcapng_and_other_link_types_give_the_same_rows() {
    let w = World::new();
    let (packets, want) = capture(&w);
    let (rows, _) = rows_of_capture(&w, pcapng_file(1, &packets));
    let got: Vec<(u64, Outcome)> = rows.iter().map(|r| (r.position, r.outcome)).collect();
    assert_eq!(got, want, "pcapng");
    // Strip the 14-byte Ethernet header: raw IP (101), Linux cooked (113).
    let raw: Vec<Vec<u8>> = packets.iter().map(|p| p[14..].to_vec()).collect();
    let (rows, _) = rows_of_capture(&w, pcap_file(101, &raw));
    let got: Vec<(u64, Outcome)> = rows.iter().map(|r| (r.position, r.outcome)).collect();
    assert_eq!(got, want, "raw IP");
    let sll: Vec<Vec<u8>> = packets
        .iter()
        .map(|p| {
            let mut v = vec![0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0];
            v.extend_from_slice(&p[12..14]); // the EtherType
            v.extend_from_slice(&p[14..]);
            v
        })
        .collect();
    let (rows, _) = rows_of_capture(&w, pcap_file(113, &sll));
    let got: Vec<(u64, Outcome)> = rows.iter().map(|r| (r.position, r.outcome)).collect();
    assert_eq!(got, want, "Linux cooked");
}

#[test]
fn a_truncated_capture_keeps_every_whole_packet_and_says_where_it_broke() {
    let w = World::new();
    let (packets, _) = capture(&w);
    let mut file = pcap_file(1, &packets[..2]);
    let third = pcap_file(1, &packets[..1]);
    // Add half of a record for packet 3.
    let one = &third[24..];
    file.extend_from_slice(&one[..one.len() / 2]);
    let (rows, _) = rows_of_capture(&w, file);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!((rows[0].position, rows[0].outcome), (1, Outcome::Verified));
    assert_eq!(rows[1].position, 3);
    assert_eq!(
        rows[1].errors,
        vec![crate::common::id("input-unrecognized")]
    );
    assert!(
        rows[1].headline.contains("truncated"),
        "{}",
        rows[1].headline
    );
}

#[test]
fn garbage_named_pcap_is_one_unreadable_row() {
    let w = World::new();
    let (rows, _) = rows_of_capture(&w, b"this is not a capture at all, just text".to_vec());
    assert_eq!(rows.len(), 1);
    assert!(rows[0].headline.contains("pcap"), "{}", rows[0].headline);
}

// ---------------------------------------------------------------- SIP logs, CSV, folders

#[test]
fn a_sip_log_and_a_csv_and_a_folder() {
    let w = World::new();
    let dir = tmp("folder");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    // A proxy log with a timestamp line before each message.
    let mut log = Vec::new();
    log.extend_from_slice(b"2026/11/22 09:30:00.000000 192.0.2.1:5060 -> 192.0.2.2:5060\n");
    log.extend_from_slice(&w.invite(1, "12025550143", "v=0\r\n"));
    log.extend_from_slice(b"\n2026/11/22 09:30:00.100000 192.0.2.2:5060 -> 192.0.2.1:5060\n");
    log.extend_from_slice(OK200);
    log.extend_from_slice(b"\n2026/11/22 09:30:01.000000 192.0.2.1:5060 -> 192.0.2.2:5060\n");
    log.extend_from_slice(&w.invite(2, "18005550199", ""));
    std::fs::write(dir.join("a-proxy.log"), &log).unwrap();
    // A CDR export: each row read as the webhook of its columns.
    let csv = format!(
        "CallSid,From,To,StirVerstat,StirPassportToken\nCA1,+12025550143,+14155550123,TN-Validation-Passed-A,{}\nCA2,+18005550199,+14155550123,,{}\n",
        w.token("12025550143"),
        w.token("12025550143")
    );
    std::fs::write(dir.join("b-cdr.csv"), csv).unwrap();
    // A pasted payload file.
    std::fs::write(
        dir.join("sub").join("c-paste.txt"),
        w.invite(3, "12025550143", ""),
    )
    .unwrap();
    let plans = files::plan(std::slice::from_ref(&dir)).unwrap();
    let formats: Vec<Format> = plans.iter().map(|p| p.format).collect();
    assert_eq!(formats, vec![Format::Sip, Format::Csv, Format::Whole]);
    let (it, _) = files::open(plans, Default::default());
    let (rows, summary) = rows_of(it, &w.opts(), 2);
    let got: Vec<(String, u64, Outcome)> = rows
        .iter()
        .map(|r| {
            (
                Path::new(&r.source)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                r.position,
                r.outcome,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("a-proxy.log".into(), 2, Outcome::Verified),
            ("a-proxy.log".into(), 22, Outcome::Failed),
            ("b-cdr.csv".into(), 2, Outcome::Verified),
            ("b-cdr.csv".into(), 3, Outcome::Failed),
            ("c-paste.txt".into(), 1, Outcome::Verified),
        ],
        "{rows:#?}"
    );
    assert_eq!(summary.skipped.get("200 responses"), Some(&1));
}

#[test]
fn payload_at_reads_one_payload_again() {
    let w = World::new();
    let path = tmp("again.jsonl");
    std::fs::write(&path, format!("x\n{}\ny\n", w.webhook_line("18005550199"))).unwrap();
    let p = files::payload_at(&path.to_string_lossy(), 2, &Default::default()).unwrap();
    let Data::Bytes(b) = p.data else {
        panic!("bytes")
    };
    assert!(String::from_utf8_lossy(&b).contains("18005550199"));
}

// ---------------------------------------------------------------- the command line

#[test]
fn the_command_line_streams_rows_and_writes_the_summary() {
    let w = World::new();
    let dir = tmp("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("day.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}\nnot a payload\n{}\n",
            w.webhook_line("12025550143"),
            w.webhook_line("18005550199")
        ),
    )
    .unwrap();
    let bundle = dir.join("demo-sp-bundle.pem");
    std::fs::write(&bundle, format!("{}{}", w.pki.sp.pem, w.pki.inter.pem)).unwrap();
    let root = dir.join("root.pem");
    std::fs::write(&root, &w.pki.root.pem).unwrap();
    let summary = dir.join("summary.json");
    let out = crate::common::calltrust_cmd()
        .arg("batch")
        .arg(&input)
        .args(["--at", &IAT.to_string(), "--jobs", "2", "--summary"])
        .arg(&summary)
        .arg("--cert")
        .arg(&bundle)
        .arg("--trust-anchor")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    for (r, (pos, outcome)) in rows
        .iter()
        .zip([(1, "verified"), (2, "unknown"), (3, "failed")])
    {
        assert_eq!(r["position"], pos);
        assert_eq!(r["outcome"], outcome);
        for k in ["source", "kind", "attestation", "verstat", "errors", "spc"] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
    }
    assert_eq!(rows[0]["spc"], "1234");
    let s: serde_json::Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(s["rows"], 3);
    assert_eq!(s["by_outcome_attestation"]["verified"]["A"], 1);
    assert_eq!(s["by_outcome_attestation"]["failed"]["A"], 1);
    assert!(
        s["top_errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "orig-mismatch")
    );

    // CSV rows: a header, then one line per payload; formula-looking cells defused.
    let out = crate::common::calltrust_cmd()
        .args(["batch", "--format", "csv", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(b"=HYPERLINK(\"https://evil.example\")\nTN-Validation-Passed-A\n")?;
            c.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("source,position,kind,outcome"));
    assert!(!text.contains(",=HYPERLINK"), "{text}");
    assert!(lines[2].contains("passed"));

    // A path that does not exist is an unusable argument.
    let out = crate::common::calltrust_cmd()
        .args(["batch", "/nonexistent/calltrust-batch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_batch_row_says_what_a_full_inspection_says() {
    // Rows are built lean (no views); the verdict, errors, SPC and verifier
    // answer must be those of the full report, for every sample.
    let w = World::new();
    let mut texts: Vec<String> = calltrust::samples::SAMPLES
        .iter()
        .map(|s| s.text.to_string())
        .collect();
    texts.push(String::from_utf8(w.invite(9, "18005550199", "")).unwrap());
    texts.push(w.webhook_line("12025550143"));
    texts.push(w.pki.sp.pem.clone());
    for opts in [
        w.opts(),
        Options {
            now: IAT,
            ..Default::default()
        },
    ] {
        for t in &texts {
            let full = Row::from_report("s", 1, &calltrust::inspect(t, &opts));
            let p = batch::Payload {
                source: "s".into(),
                position: 1,
                data: Data::Bytes(t.clone().into_bytes()),
            };
            let (rows, _) = rows_of(Box::new(std::iter::once(p)), &opts, 1);
            assert_eq!(rows, vec![full], "{}", &t[..t.len().min(80)]);
        }
    }
}

/// The capture and JSON lines of these tests, written out for trying
/// `calltrust batch` and the window's batch view by hand.
#[test]
#[ignore = "writes fixture files for manual runs: CALLTRUST_FIXTURES=DIR cargo test --test it batch:: -- --ignored"]
fn write_batch_fixtures_for_manual_runs() {
    let dir = PathBuf::from(std::env::var("CALLTRUST_FIXTURES").expect("CALLTRUST_FIXTURES=DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let w = World::new();
    let (packets, _) = capture(&w);
    std::fs::write(dir.join("capture.pcap"), pcap_file(1, &packets)).unwrap();
    std::fs::write(dir.join("capture.pcapng"), pcapng_file(1, &packets)).unwrap();
    let mut cut = pcap_file(1, &packets);
    cut.truncate(cut.len() - 40);
    std::fs::write(dir.join("truncated.pcap"), cut).unwrap();
    std::fs::write(
        dir.join("batch-demo-sp-bundle.pem"),
        format!("{}{}", w.pki.sp.pem, w.pki.inter.pem),
    )
    .unwrap();
    std::fs::write(dir.join("batch-root.pem"), &w.pki.root.pem).unwrap();
    println!(
        "wrote capture.pcap, capture.pcapng, truncated.pcap, batch-demo-sp-bundle.pem, batch-root.pem to {}",
        dir.display()
    );
}

// ---------------------------------------------------------------- hostile sources

mod hostile {
    use super::*;
    use proptest::prelude::*;

    /// Read every payload of `bytes` as `format`; the readers alone (no
    /// inspection), so many cases run.
    fn read_all(bytes: Vec<u8>, format: Format) -> usize {
        let start = std::time::Instant::now();
        let n = files::from_reader(
            "x".into(),
            std::io::Cursor::new(bytes),
            format,
            &Default::default(),
        )
        .count();
        assert!(start.elapsed().as_secs() < 5, "a reader hung");
        n
    }

    fn mutate(mut b: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
        for &(at, kind, byte) in edits {
            if b.is_empty() {
                break;
            }
            let i = at % b.len();
            match kind % 4 {
                0 => b[i] = byte,
                1 => b.truncate(i),
                2 => b.insert(i, byte),
                _ => {
                    let end = (i + usize::from(byte)).min(b.len());
                    b.drain(i..end);
                }
            }
        }
        b
    }

    /// The inputs every case mutates, made once.
    static BASE: std::sync::LazyLock<(Vec<u8>, Vec<u8>, Vec<u8>)> =
        std::sync::LazyLock::new(|| {
            let w = World::new();
            let (packets, _) = capture(&w);
            let mut log = w.invite(1, "12025550143", "v=0\r\n");
            log.extend_from_slice(OK200);
            log.extend_from_slice(&w.invite(2, "18005550199", ""));
            (pcap_file(1, &packets), pcapng_file(1, &packets), log)
        });

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn mutated_captures_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)) {
            read_all(mutate(BASE.0.clone(), &edits), Format::Pcap);
            read_all(mutate(BASE.1.clone(), &edits), Format::Pcap);
        }

        #[test]
        fn random_bytes_in_every_format_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            for f in [Format::Lines, Format::Sip, Format::Csv, Format::Pcap, Format::Whole] {
                read_all(bytes.clone(), f);
            }
        }

        #[test]
        fn mutated_sip_logs_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)) {
            read_all(mutate(BASE.2.clone(), &edits), Format::Sip);
            read_all(mutate(BASE.2.clone(), &edits), Format::Csv);
        }
    }
}

/// sngrep's call list: a capture's answer is tied to its INVITE by Call-ID
/// and CSeq and shown on the INVITE's row (one row per dialog), in order.
#[test]
fn a_captured_answer_is_tied_to_its_invite_as_one_dialog_row() {
    let w = World::new();
    let spoof = w.invite(2, "18005550199", "");
    let good = w.invite(3, "12025550143", "");
    let resp = |code: &str, call: u32| {
        format!(
            "SIP/2.0 {code}\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-{call}\r\nCall-ID: call-{call}@example.net\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"
        )
        .into_bytes()
    };
    let packets = vec![
        udp4(&spoof),                                  // 1: INVITE call-2
        udp4(&resp("100 Trying", 2)),                  // 2: provisional, no row
        udp4(&good),                                   // 3: INVITE call-3
        udp4(&resp("438 Invalid Identity Header", 2)), // 4: call-2's answer
        udp4(&resp("200 OK", 3)),                      // 5: call-3's answer
    ];
    let (rows, summary) = rows_of_capture(&w, pcap_file(1, &packets));
    let got: Vec<(u64, Outcome, Option<u16>)> = rows
        .iter()
        .map(|r| (r.position, r.outcome, r.answered))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, Outcome::Failed, Some(438)),
            (3, Outcome::Verified, Some(200))
        ],
        "{rows:#?}"
    );
    assert_eq!(rows[0].call_id.as_deref(), Some("call-2@example.net"));
    assert_eq!(rows[0].from.as_deref(), Some("+18005550199"));
    assert_eq!(rows[0].orig.as_deref(), Some("12025550143"));
    assert_eq!(
        rows[0].verifier_response,
        Some(438),
        "calltrust agrees with the far end"
    );
    assert_eq!(summary.skipped.get("100 responses"), Some(&1));
    // The CSV carries the same columns, the first ten where they were.
    let header = calltrust::batch::CSV_HEADER;
    assert_eq!(&header[..3], &["source", "position", "kind"]);
    let rec = rows[0].csv_record();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(rec[at("call_id")], "call-2@example.net");
    assert_eq!(rec[at("from")], "+18005550199");
    assert_eq!(rec[at("answered")], "438");
}
