//! SIP messages in a stream: where one ends (RFC 3261 §7.5: the header ends
//! at the first empty line, the body is `Content-Length` bytes), and which
//! messages are calls worth a row.

use std::io::BufRead;
use std::sync::Arc;

use super::source::{Data, Payload, is_sip_start, read_capped_line};
use crate::input::MAX_INPUT_BYTES;

/// Where the header ends (the index just past the empty line), if it does.
pub fn header_end(buf: &[u8]) -> Option<usize> {
    let crlf = find(buf, b"\r\n\r\n").map(|i| i + 4);
    let lf = find(buf, b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `Content-Length` (or compact `l`) of a header block; `None` when absent,
/// unreadable or larger than calltrust inspects (a body that long is not
/// waited for: what follows is read as the next message).
pub fn content_length(header: &[u8]) -> Option<usize> {
    for line in header.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.eq_ignore_ascii_case("content-length") || name.eq_ignore_ascii_case("l") {
            return value
                .trim()
                .parse()
                .ok()
                .filter(|&n: &usize| n <= MAX_INPUT_BYTES);
        }
    }
    None
}

/// The length of the first complete message at the start of `buf` (header and
/// `Content-Length` body), or `None` if more bytes are needed. A message
/// without `Content-Length` has no body (RFC 3261 §18.3 requires it on
/// streams).
pub fn complete_message(buf: &[u8]) -> Option<usize> {
    let end = header_end(buf)?;
    let total = end + content_length(&buf[..end]).unwrap_or(0);
    (buf.len() >= total).then_some(total)
}

/// What kind of SIP message this is, for the decision to give it a row.
pub fn is_call_message(msg: &[u8]) -> bool {
    let first_line = msg.split(|&b| b == b'\n').next().unwrap_or_default();
    if first_line.starts_with(b"INVITE ") {
        return true;
    }
    let (header, _) = msg.split_at(header_end(msg).unwrap_or(msg.len()));
    let has_header = |names: &[&str]| {
        header.split(|&b| b == b'\n').any(|l| {
            let l = String::from_utf8_lossy(l);
            l.split_once(':')
                .is_some_and(|(n, _)| names.iter().any(|x| n.trim().eq_ignore_ascii_case(x)))
        })
    };
    if has_header(&["Identity", "y"]) {
        return true;
    }
    if let Some(rest) = first_line.strip_prefix(b"SIP/2.0 ") {
        let code: u16 = String::from_utf8_lossy(rest.get(..3).unwrap_or_default())
            .parse()
            .unwrap_or(0);
        // The STIR answers (RFC 8224 §6.2.2, RFC 8688, ATIS-1000074), and any
        // failure that carries a STIR cause in its Reason.
        if matches!(code, 403 | 428 | 436 | 437 | 438 | 608) {
            return true;
        }
        if code >= 400 && has_header(&["Reason"]) {
            let text = String::from_utf8_lossy(header).to_ascii_lowercase();
            return [
                "cause=428",
                "cause=436",
                "cause=437",
                "cause=438",
                "cause=608",
            ]
            .iter()
            .any(|c| text.contains(c));
        }
    }
    false
}

/// A header's value in a SIP message (long or compact name).
fn header_value(msg: &[u8], names: &[&str]) -> Option<String> {
    let end = header_end(msg).unwrap_or(msg.len());
    msg[..end].split(|&b| b == b'\n').skip(1).find_map(|l| {
        let l = String::from_utf8_lossy(l);
        let (n, v) = l.split_once(':')?;
        names
            .iter()
            .any(|x| n.trim().eq_ignore_ascii_case(x))
            .then(|| v.trim().to_string())
    })
}

/// The dialog a message belongs to: (Call-ID, CSeq number, CSeq method).
pub fn dialog_key(msg: &[u8]) -> Option<(String, u32, String)> {
    let call_id = header_value(msg, &["Call-ID", "i"])?;
    let cseq = header_value(msg, &["CSeq"])?;
    let mut it = cseq.split_whitespace();
    let n = it.next()?.parse().ok()?;
    let method = it.next()?.to_string();
    Some((call_id, n, method))
}

/// A response's status code (`SIP/2.0 438 …`).
pub fn status_code(msg: &[u8]) -> Option<u16> {
    let first = msg.split(|&b| b == b'\n').next()?;
    let rest = first.strip_prefix(b"SIP/2.0 ")?;
    String::from_utf8_lossy(rest.get(..3)?).parse().ok()
}

/// A short name of a message that is not a call, for the summary's skip count.
pub fn message_name(msg: &[u8]) -> String {
    let first = msg.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = String::from_utf8_lossy(first);
    let mut parts = text.split_whitespace();
    match parts.next() {
        Some("SIP/2.0") => format!("{} responses", parts.next().unwrap_or("?")),
        Some(m) => format!("{m} requests"),
        None => "empty messages".into(),
    }
}

/// SIP messages one after another in a text file, as a proxy log or
/// sngrep's "save as text" writes them. Lines that are not part of a message
/// (timestamps, separators) are passed over.
pub struct Stream<R> {
    source: Arc<str>,
    reader: R,
    line_no: u64,
    line: Vec<u8>,
    /// A start line read ahead (the next message's first line).
    pending: Option<(u64, Vec<u8>)>,
    done: bool,
    /// Every message, not only calls.
    all: bool,
}

impl<R: BufRead> Stream<R> {
    pub fn new(source: Arc<str>, reader: R, all: bool) -> Self {
        Stream {
            source,
            reader,
            line_no: 0,
            line: Vec::new(),
            pending: None,
            done: false,
            all,
        }
    }

    /// The next line with its terminator restored as CRLF; `Err(len)` when
    /// over the cap.
    fn next_line(&mut self) -> Option<Result<Vec<u8>, String>> {
        if self.done {
            return None;
        }
        self.line_no += 1;
        match read_capped_line(&mut self.reader, MAX_INPUT_BYTES, &mut self.line) {
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(Ok(()))) => {
                let mut l = std::mem::take(&mut self.line);
                l.extend_from_slice(b"\r\n");
                Some(Ok(l))
            }
            Ok(Some(Err(len))) => Some(Err(format!("a {len}-byte line"))),
            Err(e) => {
                self.done = true;
                Some(Err(format!("read error: {e}")))
            }
        }
    }

    fn payload(&self, position: u64, data: Data) -> Payload {
        Payload {
            source: self.source.clone(),
            position,
            data,
        }
    }
}

impl<R: BufRead> Iterator for Stream<R> {
    type Item = Payload;
    fn next(&mut self) -> Option<Payload> {
        // Find a start line.
        let (start, mut msg) = match self.pending.take() {
            Some(p) => p,
            None => loop {
                match self.next_line()? {
                    Ok(l) if is_sip_start(&l) => break (self.line_no, l),
                    _ => continue,
                }
            },
        };
        let mut too_large: Option<usize> = None;
        let mut want: Option<usize> = None;
        let mut header_len = 0usize;
        loop {
            if want.is_some_and(|w| msg.len() >= w) {
                break;
            }
            let Some(line) = self.next_line() else { break };
            let Ok(line) = line else {
                // An over-long line: the message is too large; what follows
                // up to the next start line is passed over.
                too_large = Some(msg.len() + MAX_INPUT_BYTES);
                break;
            };
            // A header that never ended: the next message begins. (Inside a
            // body, Content-Length decides, so a sipfrag body stays a body.)
            if header_len == 0 && is_sip_start(&line) {
                self.pending = Some((self.line_no, line));
                break;
            }
            msg.extend_from_slice(&line);
            if msg.len() > MAX_INPUT_BYTES {
                too_large = Some(msg.len());
                break;
            }
            if header_len == 0 && line == b"\r\n" {
                header_len = msg.len();
                want = Some(header_len + content_length(&msg).unwrap_or(0));
            }
        }
        let data = match too_large {
            Some(n) => Data::TooLarge(n),
            None if !self.all && !is_call_message(&msg) => Data::Skipped(message_name(&msg)),
            None => Data::Bytes(msg),
        };
        Some(self.payload(start, data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgs(text: &str, all: bool) -> Vec<Payload> {
        Stream::new("s".into(), text.as_bytes(), all).collect()
    }

    #[test]
    fn splits_messages_by_content_length_and_skips_noise() {
        let text = "2026/01/01 10:00:00 1.2.3.4:5060 -> 5.6.7.8:5060\n\
INVITE sip:+1@x SIP/2.0\nFrom: <sip:+2@y>\nContent-Length: 4\n\nv=0\n\n\
2026/01/01 10:00:01 5.6.7.8:5060 -> 1.2.3.4:5060\n\
SIP/2.0 438 Invalid Identity Header\nContent-Length: 0\n\n\
ACK sip:+1@x SIP/2.0\nContent-Length: 0\n\n";
        let all = msgs(text, true);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].position, 2);
        assert_eq!(all[1].position, 9);
        let Data::Bytes(b) = &all[0].data else {
            panic!("bytes")
        };
        assert!(String::from_utf8_lossy(b).ends_with("\r\n\r\nv=0\r\n"));
        let calls = msgs(text, false);
        assert!(matches!(&calls[2].data, Data::Skipped(n) if n == "ACK requests"));
        assert!(matches!(&calls[1].data, Data::Bytes(_)));
    }

    #[test]
    fn a_message_without_content_length_ends_at_the_next_start_line() {
        let text = "INVITE sip:1@x SIP/2.0\nFrom: a\n\nbody\nINVITE sip:2@x SIP/2.0\nFrom: b\n";
        let m = msgs(text, true);
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].position, 5);
    }

    #[test]
    fn complete_message_waits_for_the_body() {
        let m = b"INVITE sip:1@x SIP/2.0\r\nl: 3\r\n\r\nab";
        assert_eq!(complete_message(m), None);
        let m = b"INVITE sip:1@x SIP/2.0\r\nl: 3\r\n\r\nabcINVITE";
        assert_eq!(complete_message(m), Some(m.len() - 6));
    }

    #[test]
    fn which_messages_are_calls() {
        assert!(is_call_message(b"INVITE sip:1@x SIP/2.0\r\n\r\n"));
        assert!(is_call_message(
            b"SIP/2.0 438 Invalid Identity Header\r\n\r\n"
        ));
        assert!(is_call_message(
            b"SIP/2.0 503 Service Unavailable\r\nReason: SIP ;cause=436 ;text=\"x\"\r\n\r\n"
        ));
        assert!(is_call_message(
            b"UPDATE sip:1@x SIP/2.0\r\nIdentity: eyJ.a.b\r\n\r\n"
        ));
        assert!(!is_call_message(b"SIP/2.0 200 OK\r\n\r\n"));
        assert!(!is_call_message(b"BYE sip:1@x SIP/2.0\r\n\r\n"));
    }
}
