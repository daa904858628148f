//! Opening batch sources on disk: the front ends' file I/O, kept apart from
//! the readers (which only see `Read`). A directory is walked in name order;
//! each file's format is detected from its name and first bytes; files are
//! opened one at a time, as the batch reaches them, and the bytes read are
//! counted for a progress bar.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::batch::source::{self, Data, Format, Payload};

/// Bytes read so far against the total size of the files.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    pub read: Arc<AtomicU64>,
    /// Sum of the files' sizes (0 when reading standard input).
    pub total: u64,
}

impl Progress {
    /// 0.0 to 1.0 (0 when the total is unknown).
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.read.load(Ordering::Relaxed) as f64 / self.total as f64).min(1.0) as f32
        }
    }
}

struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// How a batch reads its sources.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// CSV: the column that holds the payloads (`--column`).
    pub column: Option<String>,
    /// SIP logs and captures: a row for every message, not only calls.
    pub all_messages: bool,
}

/// One file to read, and how.
#[derive(Clone, Debug)]
pub struct Plan {
    pub path: PathBuf,
    pub format: Format,
    pub size: u64,
}

/// Directory entries deeper than this are not read.
const MAX_DEPTH: usize = 8;
/// Files per batch, at most.
const MAX_FILES: usize = 1_000_000;

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, depth + 1, out, errors);
        } else if out.len() < MAX_FILES {
            out.push(p);
        }
    }
}

fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 8192];
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    buf.truncate(n);
    Ok(buf)
}

/// What a batch over `paths` will read. Files named on the command line are
/// split by their detected format; files found in a directory are read the
/// same way, except that a file that is not a log, CSV or capture is one
/// payload (a directory of pasted payloads). Errors: paths that do not exist.
pub fn plan(paths: &[PathBuf]) -> Result<Vec<Plan>, String> {
    let mut plans = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let (files, in_dir) = if meta.is_dir() {
            let mut files = Vec::new();
            let mut errors = Vec::new();
            walk(p, 0, &mut files, &mut errors);
            if files.is_empty() && !errors.is_empty() {
                return Err(errors.join("; "));
            }
            (files, true)
        } else {
            (vec![p.clone()], false)
        };
        for f in files {
            let name = f.to_string_lossy().to_string();
            let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
            let format = match head(&f) {
                Ok(h) => {
                    let fmt = source::detect(&name, &h);
                    let starts = h
                        .split(|&b| b == b'\n')
                        .filter(|l| source::is_sip_start(l))
                        .count();
                    if in_dir
                        && ((fmt == Format::Lines && !looks_like_lines(&name, &h))
                            || (fmt == Format::Sip && starts <= 1))
                    {
                        // A pasted payload in a folder of them.
                        Format::Whole
                    } else {
                        fmt
                    }
                }
                // Opened again when its turn comes, to say why it cannot be.
                Err(_) => Format::Whole,
            };
            plans.push(Plan {
                path: f,
                format,
                size,
            });
        }
    }
    Ok(plans)
}

/// In a directory of payload files, a file is read line by line only when it
/// says it is a log (by name) or holds several one-line JSON objects.
fn looks_like_lines(name: &str, head: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".log") {
        return true;
    }
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(3)
        .collect();
    lines.len() >= 2
        && lines.iter().all(|l| {
            let t = String::from_utf8_lossy(l);
            let t = t.trim();
            t.starts_with('{') && t.ends_with('}')
        })
}

/// The payloads of one planned file, read lazily.
pub fn payloads_of(
    plan: &Plan,
    reading: &Reading,
    progress: &Progress,
) -> Box<dyn Iterator<Item = Payload> + Send> {
    let name: Arc<str> = plan.path.to_string_lossy().into();
    let file = match File::open(&plan.path) {
        Ok(f) => f,
        Err(e) => {
            return Box::new(std::iter::once(Payload {
                source: name,
                position: 0,
                data: Data::Unreadable(format!("cannot open: {e}")),
            }));
        }
    };
    let counted = Counting {
        inner: file,
        read: progress.read.clone(),
    };
    from_reader(name, counted, plan.format, reading)
}

/// The payloads of any reader in a known format.
pub fn from_reader<R: Read + Send + 'static>(
    name: Arc<str>,
    reader: R,
    format: Format,
    reading: &Reading,
) -> Box<dyn Iterator<Item = Payload> + Send> {
    match format {
        Format::Lines => Box::new(source::Lines::new(
            name,
            BufReader::with_capacity(1 << 16, reader),
        )),
        Format::Sip => Box::new(crate::batch::sip::Stream::new(
            name,
            BufReader::with_capacity(1 << 16, reader),
            reading.all_messages,
        )),
        Format::Csv => Box::new(source::Csv::new(name, reader, reading.column.as_deref())),
        Format::Pcap => Box::new(crate::batch::pcap::Capture::new(
            name,
            reader,
            reading.all_messages,
        )),
        Format::Whole => Box::new(std::iter::once(source::whole(name, reader))),
    }
}

/// Every payload of every planned file, in order, with a progress counter.
pub fn open(
    plans: Vec<Plan>,
    reading: Reading,
) -> (Box<dyn Iterator<Item = Payload> + Send>, Progress) {
    let progress = Progress {
        read: Arc::new(AtomicU64::new(0)),
        total: plans.iter().map(|p| p.size).sum(),
    };
    let pr = progress.clone();
    let it = plans
        .into_iter()
        .flat_map(move |p| payloads_of(&p, &reading, &pr));
    (Box::new(it), progress)
}

/// Standard input as a batch source (format detected from its first bytes).
pub fn stdin(reading: Reading) -> (Box<dyn Iterator<Item = Payload> + Send>, Progress) {
    let progress = Progress::default();
    let mut r = BufReader::with_capacity(1 << 16, std::io::stdin());
    let head = r.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
    let format = source::detect("-", &head);
    let counted = Counting {
        inner: r,
        read: progress.read.clone(),
    };
    (from_reader("-".into(), counted, format, &reading), progress)
}

/// Read the one payload at `position` of `source` again (the window's
/// click-through, when it did not keep the bytes).
pub fn payload_at(source: &str, position: u64, reading: &Reading) -> Option<Payload> {
    let plans = plan(&[PathBuf::from(source)]).ok()?;
    let (it, _) = open(plans, reading.clone());
    let mut it = it;
    it.find(|p| p.position == position && !matches!(p.data, Data::Skipped(_)))
}
