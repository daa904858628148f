//! Batch triage (SPEC §7 `calltrust batch`): many payloads in one pass, one
//! row each, in input order, with a summary a person reads at a glance.
//!
//! - [`source`]: payloads per line, per CSV record, per SIP message, per file;
//!   [`sip`] and [`pcap`] split SIP streams and captures.
//! - [`run_serial`]: every payload in input order, in the caller's thread;
//!   [`prepare`], [`inspect_payload`], [`emit`] and [`Tally`] are the pieces
//!   the binary's runner (`host::batch_run`) spreads over worker threads.
//!   Every payload shares one [`crate::verify::cache::Cache`], so a
//!   certificate and its chain are parsed and validated once per batch.
//! - [`Row`] and [`Summary`]: what is written (`jsonl`, `csv`, Markdown).
//!
//! Pure like the rest of the core: the sources are readers handed in, the
//! x5u fetch is a hook the front end supplies, and nothing reads a clock.

pub mod pcap;
pub mod sip;
pub mod source;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::model::FindingId;
use crate::model::{InputKind, Severity, ids};
use crate::options::Options;
use crate::report::Outcome;
use crate::report::Report;
pub use source::{Data, Payload};

/// One payload's line in the output (SPEC §7).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Row {
    /// The file it came from.
    pub source: String,
    /// Line, record or packet number.
    pub position: u64,
    pub kind: InputKind,
    pub outcome: Outcome,
    pub attestation: Option<crate::model::Attestation>,
    /// The verstat value, when there was one.
    pub verstat: Option<String>,
    /// The ids of the error findings, most severe first, each once.
    pub errors: Vec<FindingId>,
    /// The signer's SPC, when a certificate was at hand.
    pub spc: Option<String>,
    /// What a strict verifier would answer (SIP code), `null` for accept.
    #[serde(default)]
    pub verifier_response: Option<u16>,
    #[serde(default)]
    pub headline: String,
    /// The call's id: CallSid or SIP Call-ID.
    #[serde(default)]
    pub call_id: Option<String>,
    /// Presented caller and callee (From/To as signalled).
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// Signed caller and callee (the SHAKEN orig, the last dest).
    #[serde(default)]
    pub orig: Option<String>,
    #[serde(default)]
    pub dest: Option<String>,
    /// When: the Date header, else iat (UTC).
    #[serde(default)]
    pub time: Option<String>,
    /// The far end's answer to this INVITE, when it was in the source
    /// (a capture's response tied to its request by Call-ID and CSeq).
    #[serde(default)]
    pub answered: Option<u16>,
}

impl Row {
    /// The row of one inspected payload.
    pub fn from_report(source: &str, position: u64, r: &Report) -> Row {
        let mut errors: Vec<FindingId> = Vec::new();
        for f in r.findings.iter().filter(|f| f.severity == Severity::Error) {
            if !errors.contains(&f.id) {
                errors.push(f.id);
            }
        }
        Row {
            source: source.to_string(),
            position,
            kind: r.input.kind,
            outcome: r.verdict.outcome,
            attestation: r.verdict.attestation,
            verstat: r.verstat.as_ref().map(|v| v.value.clone()),
            errors,
            spc: r
                .certificates
                .iter()
                .find(|c| c.usage == crate::report::CertUsage::Signer)
                .and_then(|c| c.spc.clone()),
            verifier_response: r.verdict.verifier_response.as_ref().map(|v| v.code),
            headline: r.verdict.headline.clone(),
            call_id: r.call.call_id.clone(),
            from: presented(r, true),
            to: presented(r, false),
            orig: r.call.orig.clone(),
            dest: r.call.dest.clone(),
            time: r.call.time.clone(),
            answered: r.call.answered,
        }
    }

    /// A row for a part of a source that could not be read at all.
    fn unreadable(p: &Payload, why: &str) -> Row {
        Row {
            source: p.source.to_string(),
            position: p.position,
            kind: InputKind::Unrecognized,
            outcome: Outcome::Unknown,
            attestation: None,
            verstat: None,
            errors: vec![ids::INPUT_UNRECOGNIZED],
            spc: None,
            verifier_response: None,
            headline: format!("Not read: {why}"),
            call_id: None,
            from: None,
            to: None,
            orig: None,
            dest: None,
            time: None,
            answered: None,
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// The presented From (or To) number of a report, as signalled.
fn presented(r: &Report, from: bool) -> Option<String> {
    let p = r.call.presented.as_ref()?;
    let q = if from {
        p.from.as_ref().or(p.pai.as_ref())
    } else {
        p.request_uri.as_ref().or(p.to.as_ref())
    }?;
    q.number.clone().or(q.uri.clone())
}

/// The CSV header, in the order of [`Row::csv_record`]; the columns added
/// later come last, so the first ten stay where they were.
pub const CSV_HEADER: [&str; 17] = [
    "source",
    "position",
    "kind",
    "outcome",
    "attestation",
    "verstat",
    "errors",
    "spc",
    "verifier_response",
    "headline",
    "call_id",
    "from",
    "to",
    "orig",
    "dest",
    "time",
    "answered",
];

/// A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) is
/// prefixed with `'` so that pasted text stays text (OWASP CSV injection);
/// control characters are made visible as everywhere else calltrust writes.
pub fn csv_cell(s: &str) -> String {
    let clean = crate::report::escape::clean_controls(s);
    // `+12025550143` is a number, never a formula: phone numbers stay as they are.
    if clean.len() > 1 && clean.starts_with('+') && clean[1..].bytes().all(|b| b.is_ascii_digit()) {
        return clean;
    }
    match clean.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{clean}"),
        _ => clean,
    }
}

/// One CSV line (quoted as needed, CRLF-free: `\n` ends it).
pub fn csv_line<S: AsRef<[u8]>>(fields: impl IntoIterator<Item = S>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

impl Row {
    pub fn csv_record(&self) -> [String; 17] {
        let opt = |s: &Option<String>| csv_cell(s.as_deref().unwrap_or_default());
        [
            csv_cell(&self.source),
            self.position.to_string(),
            self.kind.as_str().to_string(),
            self.outcome.as_str().to_string(),
            self.attestation.map(|a| a.to_string()).unwrap_or_default(),
            csv_cell(self.verstat.as_deref().unwrap_or_default()),
            self.errors
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            csv_cell(self.spc.as_deref().unwrap_or_default()),
            self.verifier_response
                .map(|c| c.to_string())
                .unwrap_or_default(),
            csv_cell(&self.headline),
            opt(&self.call_id),
            opt(&self.from),
            opt(&self.to),
            opt(&self.orig),
            opt(&self.dest),
            opt(&self.time),
            self.answered.map(|c| c.to_string()).unwrap_or_default(),
        ]
    }
}

/// Where an error id was first seen.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Example {
    pub source: String,
    pub position: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ErrorCount {
    pub id: FindingId,
    pub count: u64,
    /// The first payload that had it.
    pub example: Example,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct SpcCount {
    pub rows: u64,
    pub failed: u64,
}

/// The summary's key for "no attestation", no signer or no verstat.
pub const NONE: &str = "none";

/// The summary's key for an attestation level (`A`, `B`, `C` or `none`).
pub fn attestation_key(a: Option<crate::model::Attestation>) -> &'static str {
    a.map_or(NONE, |a| a.as_str())
}

/// Counts over a batch (SPEC §7 `--summary`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// Payloads inspected (rows written).
    pub rows: u64,
    /// Rows with at least one error finding.
    pub rows_with_errors: u64,
    pub by_outcome: BTreeMap<String, u64>,
    /// outcome → attestation (`A`, `B`, `C` or `none`) → rows.
    pub by_outcome_attestation: BTreeMap<String, BTreeMap<String, u64>>,
    /// Signer SPC (or `none`) → rows and failed rows.
    pub by_spc: BTreeMap<String, SpcCount>,
    /// verstat value (or `none`) → rows.
    pub by_verstat: BTreeMap<String, u64>,
    /// What a strict verifier would answer (the code, or `none` for accept
    /// or nothing verifiable) → rows.
    pub by_verifier_response: BTreeMap<String, u64>,
    /// The most frequent error ids, most frequent first.
    pub top_errors: Vec<ErrorCount>,
    /// Messages read but given no row (not calls), by kind.
    pub skipped: BTreeMap<String, u64>,
    /// The batch was cancelled before the end of its sources.
    pub cancelled: bool,
}

/// How many error ids [`Summary::top_errors`] lists.
pub const TOP_ERRORS: usize = 10;

/// Builds a [`Summary`] row by row.
#[derive(Default)]
pub struct Tally {
    s: Summary,
    errors: HashMap<FindingId, (u64, Example)>,
}

impl Tally {
    pub fn add(&mut self, r: &Row) {
        let s = &mut self.s;
        s.rows += 1;
        if r.has_errors() {
            s.rows_with_errors += 1;
        }
        let outcome = r.outcome.as_str().to_string();
        *s.by_outcome.entry(outcome.clone()).or_default() += 1;
        *s.by_outcome_attestation
            .entry(outcome)
            .or_default()
            .entry(attestation_key(r.attestation).to_string())
            .or_default() += 1;
        let spc = s
            .by_spc
            .entry(r.spc.clone().unwrap_or_else(|| NONE.into()))
            .or_default();
        spc.rows += 1;
        if r.outcome == Outcome::Failed {
            spc.failed += 1;
        }
        *s.by_verstat
            .entry(r.verstat.clone().unwrap_or_else(|| NONE.into()))
            .or_default() += 1;
        *s.by_verifier_response
            .entry(
                r.verifier_response
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| NONE.into()),
            )
            .or_default() += 1;
        for id in &r.errors {
            self.errors
                .entry(*id)
                .or_insert_with(|| {
                    (
                        0,
                        Example {
                            source: r.source.clone(),
                            position: r.position,
                        },
                    )
                })
                .0 += 1;
        }
    }

    pub fn skip(&mut self, what: &str) {
        *self.s.skipped.entry(what.to_string()).or_default() += 1;
    }

    /// The summary so far.
    pub fn summary(&self) -> Summary {
        let mut s = self.s.clone();
        let mut errs: Vec<ErrorCount> = self
            .errors
            .iter()
            .map(|(id, (n, ex))| ErrorCount {
                id: *id,
                count: *n,
                example: ex.clone(),
            })
            .collect();
        errs.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.id.as_str().cmp(b.id.as_str()))
        });
        errs.truncate(TOP_ERRORS);
        s.top_errors = errs;
        s
    }

    pub fn cancelled(&mut self) {
        self.s.cancelled = true;
    }
}

impl Summary {
    /// The summary as Markdown for a ticket: every pasted string escaped.
    pub fn markdown(&self) -> String {
        use crate::report::escape::md as esc;
        let mut o = String::new();
        o.push_str("## calltrust batch summary\n\n");
        o.push_str(&format!(
            "{} payload{} inspected, {} with errors.",
            self.rows,
            if self.rows == 1 { "" } else { "s" },
            self.rows_with_errors
        ));
        if self.cancelled {
            o.push_str(" **Cancelled before the end: the counts cover what was read.**");
        }
        o.push_str("\n\n### Outcome × attestation\n\n| outcome | A | B | C | none | total |\n|---|---:|---:|---:|---:|---:|\n");
        for (outcome, by) in &self.by_outcome_attestation {
            let n = |k: &str| by.get(k).copied().unwrap_or(0);
            o.push_str(&format!(
                "| {outcome} | {} | {} | {} | {} | {} |\n",
                n("A"),
                n("B"),
                n("C"),
                n(NONE),
                by.values().sum::<u64>()
            ));
        }
        if !self.top_errors.is_empty() {
            o.push_str(
                "\n### Most frequent errors\n\n| error | rows | first seen |\n|---|---:|---|\n",
            );
            for e in &self.top_errors {
                o.push_str(&format!(
                    "| `{}` | {} | {} position {} |\n",
                    e.id,
                    e.count,
                    esc(&e.example.source),
                    e.example.position
                ));
            }
        }
        o.push_str("\n### Signers (SPC)\n\n| SPC | rows | failed |\n|---|---:|---:|\n");
        let mut spcs: Vec<_> = self.by_spc.iter().collect();
        spcs.sort_by_key(|s| std::cmp::Reverse(s.1.rows));
        for (spc, c) in spcs.iter().take(20) {
            o.push_str(&format!("| {} | {} | {} |\n", esc(spc), c.rows, c.failed));
        }
        o.push_str("\n### Verstat\n\n| verstat | rows |\n|---|---:|\n");
        for (v, n) in &self.by_verstat {
            o.push_str(&format!("| {} | {n} |\n", esc(v)));
        }
        o.push_str("\n### What a strict verifier would answer\n\n| answer | rows |\n|---|---:|\n");
        for (v, n) in &self.by_verifier_response {
            o.push_str(&format!("| {v} | {n} |\n"));
        }
        if !self.skipped.is_empty() {
            o.push_str("\nNot calls, so given no row: ");
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(k, n)| format!("{n} × {}", esc(k)))
                .collect();
            o.push_str(&parts.join(", "));
            o.push_str(".\n");
        }
        o
    }
}

/// One payload, inspected.
pub struct Done {
    pub row: Row,
    /// The payload itself (the window keeps it for click-through).
    pub payload: Payload,
}

/// What a batch needs besides its payloads.
pub struct Settings<'a> {
    /// Worker threads the binary's runner uses (at least 1; the core's
    /// [`run_serial`] inspects in the caller's thread).
    pub jobs: usize,
    /// Set from another thread to stop at the next payload.
    pub cancel: Option<&'a AtomicBool>,
    /// Fetches x5u URLs when the user asked for it (the front end's I/O,
    /// memoised there); `None`: no fetch.
    pub fetch: Option<&'a dyn crate::fetching::Fetcher>,
}

impl Settings<'_> {
    /// Whether another thread asked the run to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings {
            jobs: 1,
            cancel: None,
            fetch: None,
        }
    }
}

/// Inspect one payload with the batch's options.
pub fn inspect_payload(p: &Payload, opts: &Options, s: &Settings<'_>) -> Option<Row> {
    let src = &p.source;
    match &p.data {
        Data::Skipped(_) => None,
        Data::Unreadable(why) => Some(Row::unreadable(p, why)),
        Data::TooLarge(n) => Some(Row::from_report(
            src,
            p.position,
            &crate::pipeline::too_large(*n, opts),
        )),
        Data::Bytes(b) => {
            let report = match s.fetch {
                Some(fetch) => {
                    let x5u = [crate::fetching::Fetch::X5u];
                    crate::fetching::inspect_fetching(b, opts, &x5u, fetch, &mut |_| {}).0
                }
                None => crate::pipeline::inspect_bytes(b, opts),
            };
            Some(Row::from_report(src, p.position, &report))
        }
    }
}

/// One row written: counted, and handed to the sink (or counted as skipped).
pub fn emit(row: Option<Row>, payload: Payload, tally: &mut Tally, sink: &mut impl FnMut(Done)) {
    match (row, &payload.data) {
        (Some(row), _) => {
            tally.add(&row);
            sink(Done { row, payload });
        }
        (None, Data::Skipped(what)) => tally.skip(what),
        (None, _) => {}
    }
}

/// The options every payload of a batch is inspected with: rows only (no
/// decoded views), and one certificate cache for the whole batch, so a
/// certificate and its chain are parsed and validated once.
pub fn prepare(opts: &Options) -> Options {
    let mut opts = opts.clone();
    opts.rows_only = true;
    if opts.cache.is_none() {
        opts.cache = Some(Arc::new(crate::verify::cache::Cache::new()));
    }
    opts
}

/// Inspect every payload in the caller's thread, calling `sink` with each
/// row in input order; returns the summary. `opts.cache` is filled in when
/// empty. The core starts no thread: the binary's runner spreads a batch
/// over `settings.jobs` workers with [`prepare`], [`inspect_payload`],
/// [`emit`] and a [`Tally`], and calls this for one job.
pub fn run_serial<I>(
    payloads: I,
    opts: &Options,
    settings: &Settings<'_>,
    mut sink: impl FnMut(Done),
) -> Summary
where
    I: Iterator<Item = Payload>,
{
    let opts = prepare(opts);
    let mut tally = Tally::default();
    for p in payloads {
        if settings.cancelled() {
            break;
        }
        let row = inspect_payload(&p, &opts, settings);
        emit(row, p, &mut tally, &mut sink);
    }
    if settings.cancelled() {
        tally.cancelled();
    }
    tally.summary()
}
