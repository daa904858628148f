//! Batch sources: what one file holds, split into payloads as it is read.
//!
//! Every reader takes a `Read` it is handed and yields [`Payload`]s lazily, so
//! memory stays flat in the number of payloads: one line, record, message or
//! packet at a time. Nothing here panics on broken input; a part that cannot
//! be read becomes a payload that says why, at its position.

use std::io::{BufRead, Read};
use std::sync::Arc;

use crate::input::MAX_INPUT_BYTES;

/// What one payload carries.
#[derive(Clone, Debug)]
pub enum Data {
    /// The bytes to inspect.
    Bytes(Vec<u8>),
    /// Longer than calltrust inspects; the length seen (the bytes are dropped).
    TooLarge(usize),
    /// This part of the source could not be read at all, and why.
    Unreadable(String),
    /// Read, but not a call (an ACK, a 200 OK): counted, given no row.
    Skipped(String),
}

/// One payload of a batch source.
#[derive(Clone, Debug)]
pub struct Payload {
    /// The file (or `-`) it came from.
    pub source: Arc<str>,
    /// Line, record or packet number (1-based).
    pub position: u64,
    pub data: Data,
}

/// How a source file is split into payloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// One payload per line (JSON lines, form bodies, tokens).
    Lines,
    /// SIP messages one after another (a proxy log, sngrep's text export).
    Sip,
    /// A CSV file with a column of payloads (or a call per row).
    Csv,
    /// A pcap or pcapng capture: SIP over UDP and TCP.
    Pcap,
    /// The whole file is one payload.
    Whole,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Lines => "one payload per line",
            Format::Sip => "SIP messages",
            Format::Csv => "CSV",
            Format::Pcap => "packet capture",
            Format::Whole => "one payload",
        }
    }
}

/// The SIP request methods calltrust recognises at the start of a message.
const METHODS: [&str; 14] = [
    "INVITE",
    "ACK",
    "BYE",
    "CANCEL",
    "OPTIONS",
    "REGISTER",
    "PRACK",
    "SUBSCRIBE",
    "NOTIFY",
    "PUBLISH",
    "INFO",
    "REFER",
    "MESSAGE",
    "UPDATE",
];

/// Does this line start a SIP message (`METHOD uri SIP/2.0` or `SIP/2.0 NNN`)?
pub fn is_sip_start(line: &[u8]) -> bool {
    let line = trim_eol(line);
    if let Some(rest) = line.strip_prefix(b"SIP/2.0 ") {
        return rest.len() >= 3 && rest[..3].iter().all(u8::is_ascii_digit);
    }
    let Some(sp) = line.iter().position(|&b| b == b' ') else {
        return false;
    };
    let method = &line[..sp];
    METHODS.iter().any(|m| m.as_bytes() == method) && line.ends_with(b" SIP/2.0")
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Guess a file's format from its name and its first bytes.
pub fn detect(name: &str, head: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    if head.len() >= 4 {
        let magic = [head[0], head[1], head[2], head[3]];
        if matches!(
            magic,
            [0xd4, 0xc3, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0xc3, 0xd4]
                | [0x4d, 0x3c, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0x3c, 0x4d]
                | [0x0a, 0x0d, 0x0d, 0x0a]
        ) {
            return Format::Pcap;
        }
    }
    if lower.ends_with(".pcap") || lower.ends_with(".pcapng") || lower.ends_with(".cap") {
        return Format::Pcap;
    }
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return Format::Csv;
    }
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return Format::Lines;
    }
    let mut lines = head
        .split(|&b| b == b'\n')
        .filter(|l| !trim_eol(l).is_empty());
    let first = lines.next().unwrap_or_default();
    let first_text = String::from_utf8_lossy(trim_eol(first));
    let t = first_text.trim_start();
    // A SIP log: the first message starts within the first few lines (sngrep
    // puts a timestamp line before each).
    if head
        .split(|&b| b == b'\n')
        .filter(|l| !trim_eol(l).is_empty())
        .take(3)
        .any(is_sip_start)
    {
        return Format::Sip;
    }
    // One multi-line payload: an HTTP request, a PEM, a pretty-printed object.
    if crate::input::http::is_request_line(t)
        || t.starts_with("-----BEGIN")
        || (t.starts_with('{') && serde_json::from_str::<serde_json::Value>(t).is_err())
        || (t.starts_with('{') && !t.trim_end().ends_with('}'))
    {
        return Format::Whole;
    }
    Format::Lines
}

/// Read one line of at most `cap` bytes (newline excluded). Returns
/// `Ok(None)` at end of input, else the line or its full length when longer
/// than `cap` (the excess is read and dropped, never held).
pub fn read_capped_line<R: BufRead>(
    r: &mut R,
    cap: usize,
    line: &mut Vec<u8>,
) -> std::io::Result<Option<Result<(), usize>>> {
    line.clear();
    let mut len = 0usize;
    let mut any = false;
    let mut dropped = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let n = chunk.len();
        // Room for the line and its CRLF; past that, drop and keep counting.
        if !dropped && len + n <= cap + 2 {
            line.extend_from_slice(chunk);
        } else if !dropped {
            dropped = true;
            line.clear();
        }
        len += n;
        r.consume(n);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if dropped {
        return Ok(Some(Err(len.saturating_sub(1))));
    }
    if line.ends_with(b"\n") {
        line.pop();
    }
    if line.ends_with(b"\r") {
        line.pop();
    }
    if line.len() > cap {
        let n = line.len();
        line.clear();
        return Ok(Some(Err(n)));
    }
    Ok(Some(Ok(())))
}

/// One payload per non-blank line.
pub struct Lines<R> {
    source: Arc<str>,
    reader: R,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(source: Arc<str>, reader: R) -> Self {
        Lines {
            source,
            reader,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Payload;
    fn next(&mut self) -> Option<Payload> {
        while !self.done {
            self.line_no += 1;
            let position = self.line_no;
            let data = match read_capped_line(&mut self.reader, MAX_INPUT_BYTES, &mut self.buf) {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(Err(len))) => Data::TooLarge(len),
                Ok(Some(Ok(()))) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    Data::Bytes(std::mem::take(&mut self.buf))
                }
                Err(e) => {
                    self.done = true;
                    Data::Unreadable(format!("read error after line {}: {e}", position - 1))
                }
            };
            return Some(Payload {
                source: self.source.clone(),
                position,
                data,
            });
        }
        None
    }
}

/// The whole of a reader as one payload.
pub fn whole<R: Read>(source: Arc<str>, reader: R) -> Payload {
    let mut bytes = Vec::new();
    let data = match reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
    {
        Ok(n) if n > MAX_INPUT_BYTES => Data::TooLarge(n),
        Ok(_) => Data::Bytes(bytes),
        Err(e) => Data::Unreadable(format!("read error: {e}")),
    };
    Payload {
        source,
        position: 1,
        data,
    }
}

/// CSV: the named column, a column whose name says it holds payloads, or
/// else each row as a form body of its columns (so a CDR export with
/// `From`, `To`, `StirVerstat`, `StirPassportToken` columns reads as the
/// webhook it came from).
pub struct Csv<R: Read> {
    source: Arc<str>,
    reader: csv::Reader<R>,
    headers: Vec<String>,
    column: Option<usize>,
    record: csv::ByteRecord,
    done: bool,
    /// Set when the named column does not exist.
    pub missing_column: Option<String>,
}

/// Column names taken to hold a whole payload.
const PAYLOAD_COLUMNS: [&str; 8] = [
    "payload", "body", "message", "raw", "request", "sip", "webhook", "identity",
];

impl<R: Read> Csv<R> {
    pub fn new(source: Arc<str>, reader: R, column: Option<&str>) -> Self {
        let tab = source.to_ascii_lowercase().ends_with(".tsv");
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(if tab { b'\t' } else { b',' })
            .from_reader(reader);
        let headers: Vec<String> = reader
            .byte_headers()
            .map(|h| {
                h.iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let find = |want: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(want));
        let (col, missing) = match column {
            Some(c) => match find(c) {
                Some(i) => (Some(i), None),
                None => (None, Some(c.to_string())),
            },
            None => (PAYLOAD_COLUMNS.iter().find_map(|c| find(c)), None),
        };
        Csv {
            source,
            reader,
            headers,
            column: col,
            record: csv::ByteRecord::new(),
            done: false,
            missing_column: missing,
        }
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    fn form_body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, value) in self.headers.iter().zip(self.record.iter()) {
            if value.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(b'&');
            }
            percent_encode(name.as_bytes(), &mut out);
            out.push(b'=');
            percent_encode(value, &mut out);
        }
        out
    }
}

fn percent_encode(s: &[u8], out: &mut Vec<u8>) {
    for &b in s {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
}

impl<R: Read> Iterator for Csv<R> {
    type Item = Payload;
    fn next(&mut self) -> Option<Payload> {
        if self.done {
            return None;
        }
        if let Some(c) = self.missing_column.take() {
            self.done = true;
            return Some(Payload {
                source: self.source.clone(),
                position: 1,
                data: Data::Unreadable(format!(
                    "no column named {c:?}; the columns are: {}",
                    self.headers.join(", ")
                )),
            });
        }
        loop {
            let position = self.reader.position().line().max(1);
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true) => {
                    let line = self.record.position().map(|p| p.line()).unwrap_or(position);
                    let bytes = match self.column {
                        Some(i) => self.record.get(i).unwrap_or_default().to_vec(),
                        None => self.form_body(),
                    };
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let data = if bytes.len() > MAX_INPUT_BYTES {
                        Data::TooLarge(bytes.len())
                    } else {
                        Data::Bytes(bytes)
                    };
                    return Some(Payload {
                        source: self.source.clone(),
                        position: line,
                        data,
                    });
                }
                Err(e) => {
                    // A broken record (bad quoting, invalid UTF-8 is fine in
                    // byte records): say so and go on when the reader can.
                    let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                    if fatal {
                        self.done = true;
                    }
                    let line = e.position().map(|p| p.line()).unwrap_or(position);
                    return Some(Payload {
                        source: self.source.clone(),
                        position: line,
                        data: Data::Unreadable(format!("CSV record at line {line}: {e}")),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_line_counts_and_drops_long_lines() {
        let text = format!("short\n{}\nlast", "x".repeat(50));
        let mut r = std::io::BufReader::with_capacity(8, text.as_bytes());
        let mut line = Vec::new();
        assert_eq!(
            read_capped_line(&mut r, 10, &mut line).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(line, b"short");
        assert_eq!(
            read_capped_line(&mut r, 10, &mut line).unwrap(),
            Some(Err(50))
        );
        assert!(line.is_empty());
        assert_eq!(
            read_capped_line(&mut r, 10, &mut line).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(line, b"last");
        assert_eq!(read_capped_line(&mut r, 10, &mut line).unwrap(), None);
    }

    #[test]
    fn a_line_exactly_at_the_cap_is_kept() {
        let text = format!("{}\r\n", "y".repeat(10));
        let mut r = std::io::BufReader::with_capacity(4, text.as_bytes());
        let mut line = Vec::new();
        assert_eq!(
            read_capped_line(&mut r, 10, &mut line).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(line.len(), 10);
    }

    #[test]
    fn sip_start_lines() {
        assert!(is_sip_start(b"INVITE sip:+1@x SIP/2.0\r\n"));
        assert!(is_sip_start(b"SIP/2.0 438 Invalid Identity Header"));
        assert!(!is_sip_start(b"INVITES sip:x SIP/2.0"));
        assert!(!is_sip_start(b"From: <sip:x>"));
        assert!(!is_sip_start(b"SIP/2.0 4x8 Bad"));
    }

    #[test]
    fn formats_are_detected() {
        assert_eq!(detect("a.pcap", b"\xd4\xc3\xb2\xa1...."), Format::Pcap);
        assert_eq!(detect("x", b"\x0a\x0d\x0d\x0a...."), Format::Pcap);
        assert_eq!(detect("calls.csv", b"a,b\n1,2\n"), Format::Csv);
        assert_eq!(
            detect("w.log", b"{\"From\":\"+1\"}\n{\"From\":\"+2\"}\n"),
            Format::Lines
        );
        assert_eq!(
            detect(
                "s.txt",
                b"2026/01/01 10:00:00 1.2.3.4:5060 -> 5.6.7.8:5060\nINVITE sip:1@x SIP/2.0\n"
            ),
            Format::Sip
        );
        assert_eq!(
            detect("r.txt", b"POST /voice HTTP/1.1\nHost: x\n\nFrom=1"),
            Format::Whole
        );
        assert_eq!(
            detect("p.json", b"{\n  \"From\": \"+1\"\n}\n"),
            Format::Whole
        );
    }

    #[test]
    fn csv_without_a_payload_column_reads_rows_as_form_bodies() {
        let text = "From,To,StirVerstat\n+12025550143,+14155550123,TN-Validation-Passed-A\n";
        let rows: Vec<Payload> = Csv::new("c.csv".into(), text.as_bytes(), None).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].position, 2);
        let Data::Bytes(b) = &rows[0].data else {
            panic!("bytes")
        };
        assert_eq!(
            String::from_utf8_lossy(b),
            "From=%2B12025550143&To=%2B14155550123&StirVerstat=TN-Validation-Passed-A"
        );
    }

    #[test]
    fn csv_named_column_and_missing_column() {
        let text = "id,identity\n1,eyJh.x.y\n2,\"eyJ,b\"\n";
        let rows: Vec<Payload> =
            Csv::new("c.csv".into(), text.as_bytes(), Some("IDENTITY")).collect();
        assert_eq!(rows.len(), 2);
        assert!(matches!(&rows[1].data, Data::Bytes(b) if b == b"eyJ,b"));
        let rows: Vec<Payload> = Csv::new("c.csv".into(), text.as_bytes(), Some("nope")).collect();
        assert!(matches!(&rows[0].data, Data::Unreadable(e) if e.contains("id, identity")));
    }
}
