//! SIP out of a packet capture (pcap or pcapng, read by `pcap-parser`;
//! packets sliced by `etherparse`): UDP datagrams (IPv4 fragments
//! reassembled), and TCP streams reassembled per flow so that several
//! messages in one segment and one message across segments both come out
//! whole. Ethernet, Linux cooked (v1 and v2), raw IP and BSD loopback links.
//!
//! Bounded: at most [`MAX_FLOWS`] TCP flows, [`MAX_FLOW_BYTES`] buffered per
//! flow (in order and out of order together) and [`MAX_BUFFERED`] over all
//! flows; a flow over a bound is reset and says so in a row.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Read;
use std::sync::Arc;

use etherparse::{NetSlice, SlicedPacket, TransportSlice};
use pcap_parser::traits::PcapReaderIterator;
use pcap_parser::{Block, Linktype, PcapBlockOwned, PcapError};

use super::sip;
use super::source::{Data, Payload, is_sip_start};

pub const MAX_FLOWS: usize = 4096;
pub const MAX_FLOW_BYTES: usize = 1 << 20;
/// Bytes held over all flows at once.
pub const MAX_BUFFERED: usize = 64 << 20;
/// Out-of-order segments held per flow before a gap is given up.
const MAX_PENDING: usize = 256;
/// Fragments older than this many packets are dropped.
const FRAGMENT_WINDOW: u64 = 10_000;

type FlowKey = (std::net::IpAddr, u16, std::net::IpAddr, u16);

#[derive(Default)]
struct Flow {
    next_seq: Option<u32>,
    buf: Vec<u8>,
    /// (offset in `buf`, packet number) for each appended segment.
    starts: VecDeque<(usize, u64)>,
    pending: BTreeMap<u32, (Vec<u8>, u64)>,
}

impl Flow {
    fn held(&self) -> usize {
        self.buf.len() + self.pending.values().map(|(d, _)| d.len()).sum::<usize>()
    }
}

impl Flow {
    fn packet_at(&self, offset: usize) -> u64 {
        self.starts
            .iter()
            .take_while(|(o, _)| *o <= offset)
            .last()
            .map(|(_, p)| *p)
            .unwrap_or(0)
    }

    fn append(&mut self, data: &[u8], packet: u64) {
        if data.is_empty() {
            return;
        }
        self.starts.push_back((self.buf.len(), packet));
        self.buf.extend_from_slice(data);
    }

    fn drop_front(&mut self, n: usize) {
        self.buf.drain(..n);
        let mut kept = VecDeque::new();
        let mut last_before = None;
        for (o, p) in self.starts.drain(..) {
            if o < n {
                last_before = Some(p);
            } else {
                kept.push_back((o - n, p));
            }
        }
        if let Some(p) = last_before
            && kept.front().is_none_or(|(o, _)| *o > 0)
            && !self.buf.is_empty()
        {
            kept.push_front((0, p));
        }
        self.starts = kept;
    }
}

/// The SIP messages of a capture, as payloads numbered by the packet each
/// message starts in.
pub struct Capture<R: Read> {
    source: Arc<str>,
    reader: Option<Box<dyn PcapReaderIterator + Send>>,
    open_error: Option<String>,
    /// Link type per pcapng interface (one entry for legacy pcap).
    links: Vec<Linktype>,
    packet: u64,
    flows: HashMap<FlowKey, Flow>,
    defrag: etherparse::defrag::IpDefragPool<u64, ()>,
    out: VecDeque<Slot>,
    finished: bool,
    all: bool,
    _r: std::marker::PhantomData<R>,
}

/// A payload in output order, or an INVITE waiting for its final response
/// (sngrep's call list: one row per dialog, request and answer together).
enum Slot {
    Ready(Payload),
    Waiting {
        position: u64,
        msg: Vec<u8>,
        key: (String, u32),
        since: u64,
    },
}

/// How long an INVITE waits for its answer: packets read since, and
/// payloads queued behind it (memory stays bounded).
const WAIT_PACKETS: u64 = 4096;
const WAIT_QUEUE: usize = 1024;

impl<R: Read + Send + 'static> Capture<R> {
    pub fn new(source: Arc<str>, reader: R, all: bool) -> Self {
        let (reader, open_error) = match pcap_parser::create_reader(1 << 20, reader) {
            Ok(r) => (Some(r), None),
            Err(e) => (
                None,
                Some(format!("not a readable pcap or pcapng file: {e}")),
            ),
        };
        Capture {
            source,
            reader,
            open_error,
            links: Vec::new(),
            packet: 0,
            flows: HashMap::new(),
            defrag: etherparse::defrag::IpDefragPool::new(),
            out: VecDeque::new(),
            finished: false,
            all,
            _r: std::marker::PhantomData,
        }
    }
}

/// A block's packet (interface, bytes up to the captured length); a
/// header or interface block updates the link types instead.
fn packet_of(block: PcapBlockOwned<'_>, links: &mut Vec<Linktype>) -> Option<(u32, Vec<u8>)> {
    match block {
        PcapBlockOwned::LegacyHeader(h) => {
            *links = vec![h.network];
            None
        }
        PcapBlockOwned::Legacy(b) => {
            let n = (b.caplen as usize).min(b.data.len());
            Some((0, b.data[..n].to_vec()))
        }
        PcapBlockOwned::NG(Block::SectionHeader(_)) => {
            links.clear();
            None
        }
        PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
            links.push(idb.linktype);
            None
        }
        PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
            let n = (epb.caplen as usize).min(epb.data.len());
            Some((epb.if_id, epb.data[..n].to_vec()))
        }
        PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
            let n = (spb.origlen as usize).min(spb.data.len());
            Some((0, spb.data[..n].to_vec()))
        }
        PcapBlockOwned::NG(_) => None,
    }
}

impl<R: Read> Capture<R> {
    fn emit(&mut self, position: u64, data: Data) {
        self.out.push_back(Slot::Ready(Payload {
            source: self.source.clone(),
            position,
            data,
        }));
    }

    fn message(&mut self, position: u64, msg: Vec<u8>) {
        let key = sip::dialog_key(&msg);
        // An INVITE waits for its final answer, to be one row with it.
        if msg.starts_with(b"INVITE ")
            && let Some((call_id, n, _)) = &key
        {
            self.out.push_back(Slot::Waiting {
                position,
                msg,
                key: (call_id.clone(), *n),
                since: self.packet,
            });
            return;
        }
        // A final response to a waiting INVITE completes its row.
        if let (Some(code), Some((call_id, n, method))) = (sip::status_code(&msg), &key)
            && code >= 200
            && method == "INVITE"
            && let Some(slot) = self.out.iter_mut().find(
                |s| matches!(s, Slot::Waiting { key, .. } if key.0 == *call_id && key.1 == *n),
            )
            && let Slot::Waiting {
                position: at,
                msg: invite,
                ..
            } = slot
        {
            let mut both = std::mem::take(invite);
            if !both.ends_with(b"\n") {
                both.extend_from_slice(b"\r\n");
            }
            both.extend_from_slice(&msg);
            *slot = Slot::Ready(Payload {
                source: self.source.clone(),
                position: *at,
                data: Data::Bytes(both),
            });
            return;
        }
        if self.all || sip::is_call_message(&msg) {
            self.emit(position, Data::Bytes(msg));
        } else {
            let name = sip::message_name(&msg);
            self.emit(position, Data::Skipped(name));
        }
    }

    /// The INVITE at the front stops waiting when its answer is too far
    /// behind (or the capture ended): it is a row on its own.
    fn release_stale(&mut self) {
        let (packet, queued, finished) = (self.packet, self.out.len(), self.finished);
        if let Some(Slot::Waiting { since, .. }) = self.out.front()
            && (finished || packet.saturating_sub(*since) > WAIT_PACKETS || queued > WAIT_QUEUE)
            && let Some(Slot::Waiting { position, msg, .. }) = self.out.pop_front()
        {
            self.out.push_front(Slot::Ready(Payload {
                source: self.source.clone(),
                position,
                data: Data::Bytes(msg),
            }));
        }
    }

    fn front_ready(&self) -> bool {
        matches!(self.out.front(), Some(Slot::Ready(_)))
    }

    /// Read blocks until a payload is ready at the front or the file ends.
    fn pump(&mut self) {
        while !self.front_ready() && !self.finished {
            self.release_stale();
            if self.front_ready() {
                break;
            }
            let Some(reader) = self.reader.as_mut() else {
                self.finished = true;
                break;
            };
            let step: Result<Option<(u32, Vec<u8>)>, String> = match reader.next() {
                Ok((offset, block)) => {
                    let r = Ok(packet_of(block, &mut self.links));
                    reader.consume(offset);
                    r
                }
                Err(PcapError::Eof) => {
                    self.finished = true;
                    Ok(None)
                }
                Err(PcapError::Incomplete(_)) => match reader.refill() {
                    Ok(()) => Ok(None),
                    Err(e) => {
                        self.finished = true;
                        Err(format!("read error: {e}"))
                    }
                },
                Err(PcapError::UnexpectedEof) => {
                    self.finished = true;
                    Err("the capture ends in the middle of a record (truncated file)".into())
                }
                Err(e) => {
                    self.finished = true;
                    Err(format!("unreadable record: {e}"))
                }
            };
            match step {
                Ok(Some((iface, data))) => {
                    self.packet += 1;
                    let link = self
                        .links
                        .get(iface as usize)
                        .copied()
                        .unwrap_or(Linktype::ETHERNET);
                    self.packet_in(link, &data);
                }
                Ok(None) => {}
                Err(e) => {
                    let p = self.packet + 1;
                    self.emit(p, Data::Unreadable(format!("packet {p}: {e}")));
                }
            }
            if self.finished {
                self.flush_flows();
            }
        }
    }

    fn packet_in(&mut self, link: Linktype, data: &[u8]) {
        let sliced = match link {
            Linktype::ETHERNET => SlicedPacket::from_ethernet(data),
            Linktype::LINUX_SLL => SlicedPacket::from_linux_sll(data),
            Linktype::LINUX_SLL2 if data.len() >= 20 => SlicedPacket::from_ether_type(
                etherparse::EtherType(u16::from_be_bytes([data[0], data[1]])),
                &data[20..],
            ),
            Linktype::NULL | Linktype::LOOP if data.len() >= 4 => SlicedPacket::from_ip(&data[4..]),
            Linktype::RAW | Linktype::IPV4 | Linktype::IPV6 => SlicedPacket::from_ip(data),
            Linktype(12) | Linktype(14) => SlicedPacket::from_ip(data),
            _ => return,
        };
        let Ok(p) = sliced else { return };
        let (src, dst) = match &p.net {
            Some(NetSlice::Ipv4(v4)) => (
                std::net::IpAddr::V4(v4.header().source_addr()),
                std::net::IpAddr::V4(v4.header().destination_addr()),
            ),
            Some(NetSlice::Ipv6(v6)) => (
                std::net::IpAddr::V6(v6.header().source_addr()),
                std::net::IpAddr::V6(v6.header().destination_addr()),
            ),
            _ => return,
        };
        if p.is_ip_payload_fragmented() {
            self.fragment(&p);
            return;
        }
        match &p.transport {
            Some(TransportSlice::Udp(u)) => self.datagram(u.payload()),
            Some(TransportSlice::Tcp(t)) => {
                let key = (src, t.source_port(), dst, t.destination_port());
                self.segment(
                    key,
                    t.sequence_number(),
                    t.syn(),
                    t.fin() || t.rst(),
                    t.payload(),
                );
            }
            _ => {}
        }
    }

    fn fragment(&mut self, p: &SlicedPacket<'_>) {
        let now = self.packet;
        self.defrag
            .retain(|t| now.saturating_sub(*t) < FRAGMENT_WINDOW);
        if let Ok(Some(whole)) = self.defrag.process_sliced_packet(p, now, ())
            && whole.ip_number == etherparse::IpNumber::UDP
        {
            if let Ok(u) = etherparse::UdpSlice::from_slice(&whole.payload) {
                let payload = u.payload().to_vec();
                self.datagram(&payload);
            }
            self.defrag.return_buf(whole);
        }
    }

    fn datagram(&mut self, payload: &[u8]) {
        let first = payload.split(|&b| b == b'\n').next().unwrap_or_default();
        if is_sip_start(first) {
            let p = self.packet;
            self.message(p, payload.to_vec());
        }
    }

    fn segment(&mut self, key: FlowKey, seq: u32, syn: bool, end: bool, data: &[u8]) {
        let packet = self.packet;
        if !self.flows.contains_key(&key) && self.flows.len() >= MAX_FLOWS {
            self.emit(
                packet,
                Data::Unreadable(format!(
                    "more than {MAX_FLOWS} TCP flows open at once; this flow is not reassembled"
                )),
            );
            return;
        }
        // Over the budget for all flows: the flow holding most is given up.
        let held: usize = self.flows.values().map(Flow::held).sum();
        if held + data.len() > MAX_BUFFERED
            && let Some((&big, _)) = self.flows.iter().max_by_key(|(_, f)| f.held())
            && let Some(f) = self.flows.remove(&big)
        {
            self.emit(f.packet_at(0), Data::TooLarge(f.held()));
        }
        let flow = self.flows.entry(key).or_default();
        if syn {
            flow.next_seq = Some(seq.wrapping_add(1));
            flow.append(&[], packet);
            return;
        }
        let next = *flow.next_seq.get_or_insert(seq);
        let delta = seq.wrapping_sub(next) as i32;
        if delta < 0 {
            // A retransmission or overlap: keep only the new bytes.
            let skip = delta.unsigned_abs() as usize;
            if skip < data.len() {
                flow.append(&data[skip..], packet);
                flow.next_seq = Some(next.wrapping_add((data.len() - skip) as u32));
            }
        } else if delta > 0 {
            let pending: usize = flow.pending.values().map(|(d, _)| d.len()).sum();
            if flow.pending.len() < MAX_PENDING && pending + data.len() <= MAX_FLOW_BYTES {
                flow.pending.insert(seq, (data.to_vec(), packet));
            } else {
                // A gap that never fills: give it up and resynchronise.
                flow.buf.clear();
                flow.starts.clear();
                flow.pending.clear();
                flow.next_seq = Some(seq.wrapping_add(data.len() as u32));
                flow.append(data, packet);
            }
        } else {
            flow.append(data, packet);
            flow.next_seq = Some(next.wrapping_add(data.len() as u32));
        }
        // Segments that now fit.
        while let Some(n) = flow.next_seq {
            let Some(k) = flow
                .pending
                .keys()
                .copied()
                .find(|k| (k.wrapping_sub(n) as i32) <= 0)
            else {
                break;
            };
            let Some((d, pk)) = flow.pending.remove(&k) else {
                break;
            };
            let skip = n.wrapping_sub(k) as usize;
            if skip < d.len() {
                flow.append(&d[skip..], pk);
                flow.next_seq = Some(n.wrapping_add((d.len() - skip) as u32));
            }
        }
        self.drain_flow(key, end);
    }

    /// Emit every complete message at the head of a flow's buffer.
    fn drain_flow(&mut self, key: FlowKey, end: bool) {
        let mut found: Vec<(u64, Data)> = Vec::new();
        let Some(flow) = self.flows.get_mut(&key) else {
            return;
        };
        loop {
            // Resynchronise on a start line (keep-alive CRLFs, a capture
            // that began mid-message).
            let start = start_of_message(&flow.buf);
            match start {
                Some(s) if s > 0 => flow.drop_front(s),
                Some(_) => {}
                None => {
                    // Keep a possible partial start line.
                    let keep = flow
                        .buf
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map(|i| i + 1)
                        .unwrap_or(0);
                    flow.drop_front(keep);
                    break;
                }
            }
            match sip::complete_message(&flow.buf) {
                Some(n) => {
                    let pos = flow.packet_at(0);
                    found.push((pos, Data::Bytes(flow.buf[..n].to_vec())));
                    flow.drop_front(n);
                }
                None => {
                    if flow.buf.len() > MAX_FLOW_BYTES {
                        let pos = flow.packet_at(0);
                        found.push((pos, Data::TooLarge(flow.buf.len())));
                        flow.buf.clear();
                        flow.starts.clear();
                    }
                    break;
                }
            }
        }
        if end
            && let Some(flow) = self.flows.remove(&key)
            && start_of_message(&flow.buf) == Some(0)
        {
            found.push((flow.packet_at(0), Data::Bytes(flow.buf)));
        }
        for (pos, d) in found {
            match d {
                Data::Bytes(m) => self.message(pos, m),
                other => self.emit(pos, other),
            }
        }
    }

    /// At the end of the capture: what is left in each flow is a message cut
    /// short; it is inspected as it is.
    fn flush_flows(&mut self) {
        let mut left: Vec<(u64, Vec<u8>)> = self
            .flows
            .drain()
            .filter(|(_, f)| start_of_message(&f.buf) == Some(0))
            .map(|(_, f)| (f.packet_at(0), f.buf))
            .collect();
        left.sort_by_key(|(p, _)| *p);
        for (p, m) in left {
            self.message(p, m);
        }
    }
}

/// Where the first SIP start line in `buf` begins.
fn start_of_message(buf: &[u8]) -> Option<usize> {
    let mut at = 0;
    for line in buf.split_inclusive(|&b| b == b'\n') {
        if line.ends_with(b"\n") && is_sip_start(line) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

impl<R: Read> Iterator for Capture<R> {
    type Item = Payload;
    fn next(&mut self) -> Option<Payload> {
        if let Some(e) = self.open_error.take() {
            self.finished = true;
            return Some(Payload {
                source: self.source.clone(),
                position: 0,
                data: Data::Unreadable(e),
            });
        }
        self.pump();
        self.release_stale();
        match self.out.pop_front()? {
            Slot::Ready(p) => Some(p),
            Slot::Waiting { position, msg, .. } => Some(Payload {
                source: self.source.clone(),
                position,
                data: Data::Bytes(msg),
            }),
        }
    }
}
