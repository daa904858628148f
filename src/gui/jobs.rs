//! Work that must not run on the UI thread: inspecting large pastes, the
//! opt-in certificate fetch, file dialogs and file reads. Results come back
//! through a channel and wake the window with `request_repaint`.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::{Fetched, Format, Options, Report};

pub enum Done {
    Inspected {
        generation: u64,
        report: Box<Report>,
        millis: u128,
    },
    Fetched(Vec<Fetched>),
    Opened {
        path: PathBuf,
        result: Result<Vec<u8>, String>,
    },
    CertsOpened {
        anchor: bool,
        files: Vec<(PathBuf, Result<Vec<u8>, String>)>,
    },
    AnchorFolder {
        path: PathBuf,
        result: Result<Vec<crate::KeyFile>, String>,
    },
    CrlsOpened(Vec<(PathBuf, Result<Vec<u8>, String>)>),
    CrlsFetched(Vec<Fetched>),
    /// Rich-call-data content fetched on request.
    RcdFetched(Vec<Fetched>),
    Saved {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// Paths picked for a batch.
    BatchPicked(Vec<PathBuf>),
    DialogCancelled,
    /// No file dialog could open (no desktop portal, no zenity): the
    /// window asks for a typed path instead.
    DialogUnavailable(Purpose),
}

/// What a file dialog was for, kept so that a typed path can finish it.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    Open,
    AddCert { anchor: bool },
    AddAnchorFolder,
    AddCrl,
    Batch,
    Save { content: String, name: String },
}

impl Purpose {
    pub fn what(&self) -> &'static str {
        match self {
            Purpose::Open => "the file to open",
            Purpose::AddCert { anchor: true } => "the trust anchor file",
            Purpose::AddCert { anchor: false } => "the certificate or key file",
            Purpose::AddAnchorFolder => "the folder of trust anchors",
            Purpose::AddCrl => "the CRL file",
            Purpose::Batch => "the folder, log, CSV or capture to inspect",
            Purpose::Save { .. } => "where to save the report",
        }
    }
}

/// Whether a file dialog can open at all: on Linux rfd talks to the desktop
/// portal over the session bus, or runs zenity; with neither it returns
/// nothing, as if the user had cancelled.
pub fn dialog_backend_present() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
    };
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || on_path("zenity")
        || on_path("kdialog")
}

pub struct Jobs {
    tx: Sender<Done>,
    rx: Receiver<Done>,
    ctx: Option<egui::Context>,
    pub running: usize,
    /// File dialogs may be tried (false: go straight to a typed path).
    pub dialogs: bool,
}

/// Largest payload inspected inline; bigger ones go to a worker thread.
pub const INLINE_LIMIT: usize = 256 * 1024;
/// Largest file the Open dialog loads.
pub const MAX_OPEN: u64 = crate::input::MAX_INPUT_BYTES as u64 + 1;

impl Jobs {
    pub fn new(ctx: Option<egui::Context>) -> Self {
        let (tx, rx) = channel();
        Jobs {
            tx,
            rx,
            ctx,
            running: 0,
            dialogs: dialog_backend_present(),
        }
    }

    /// Run a file dialog off the UI thread. A dialog that cannot open, or
    /// returns at once (no backend answered), becomes `DialogUnavailable`;
    /// one the user closed is `DialogCancelled`.
    fn dialog<T: 'static>(
        &mut self,
        purpose: Purpose,
        pick: impl FnOnce() -> Option<T> + Send + 'static,
        done: impl FnOnce(T) -> Done + Send + 'static,
    ) {
        let available = self.dialogs;
        self.spawn(move || {
            if !available {
                log::warn!(
                    "no file dialog backend (xdg-desktop-portal or zenity): asking for a typed path"
                );
                return Done::DialogUnavailable(purpose);
            }
            let start = std::time::Instant::now();
            match pick() {
                Some(x) => done(x),
                None if start.elapsed() < std::time::Duration::from_millis(300) => {
                    Done::DialogUnavailable(purpose)
                }
                None => Done::DialogCancelled,
            }
        });
    }

    pub fn set_ctx(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
    }

    fn spawn(&mut self, f: impl FnOnce() -> Done + Send + 'static) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        self.running += 1;
        std::thread::spawn(move || {
            let done = f();
            let _ = tx.send(done);
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
    }

    pub fn poll(&mut self) -> Vec<Done> {
        let v: Vec<Done> = self.rx.try_iter().collect();
        self.running = self.running.saturating_sub(v.len());
        v
    }

    pub fn inspect(&mut self, generation: u64, text: String, opts: Options) {
        self.spawn(move || {
            let start = std::time::Instant::now();
            let report = crate::inspect(&text, &opts);
            Done::Inspected {
                generation,
                report: Box::new(report),
                millis: start.elapsed().as_millis(),
            }
        });
    }

    /// Fetch what the user asked for, with the rules of its kind (the same
    /// fetcher as the command line's).
    pub fn fetch(&mut self, what: crate::Fetch, urls: Vec<String>) {
        use crate::Fetcher as _;
        self.spawn(move || {
            let got = crate::host::net::Net.fetch(what, &urls);
            match what {
                crate::Fetch::X5u => Done::Fetched(got),
                crate::Fetch::Rcd => Done::RcdFetched(got),
                crate::Fetch::Crl => Done::CrlsFetched(got),
            }
        });
    }

    pub fn anchor_folder_dialog(&mut self) {
        self.dialog(
            Purpose::AddAnchorFolder,
            || {
                rfd::FileDialog::new()
                    .set_title("Add a folder of trust anchors (STI-CA roots)")
                    .pick_folder()
            },
            read_anchor_folder,
        );
    }

    /// Read a remembered trust-anchor folder (it may hold the STI-PA's whole
    /// list): off the UI thread, so start-up does not wait for it.
    pub fn anchor_folder(&mut self, path: PathBuf) {
        self.spawn(move || read_anchor_folder(path));
    }

    pub fn crl_dialog(&mut self) {
        self.dialog(
            Purpose::AddCrl,
            || {
                rfd::FileDialog::new()
                    .set_title("Add certificate revocation lists")
                    .add_filter("CRLs", &crate::host::keys::CRL_EXTENSIONS)
                    .add_filter("All files", &["*"])
                    .pick_files()
            },
            read_crls,
        );
    }

    /// CRL files named by a typed path.
    pub fn read_crls(&mut self, paths: Vec<PathBuf>) {
        self.spawn(move || read_crls(paths));
    }

    pub fn open_dialog(&mut self) {
        self.dialog(
            Purpose::Open,
            || {
                rfd::FileDialog::new()
                    .set_title("Open a webhook, SIP message, CallToken or token")
                    .add_filter("Text", &["txt", "json", "sip", "log", "http", "md"])
                    .add_filter("All files", &["*"])
                    .pick_file()
            },
            |path| {
                let result = read_limited(&path, MAX_OPEN);
                Done::Opened { path, result }
            },
        );
    }

    pub fn open_path(&mut self, path: PathBuf) {
        self.spawn(move || {
            let result = read_limited(&path, MAX_OPEN);
            Done::Opened { path, result }
        });
    }

    pub fn cert_dialog(&mut self, anchor: bool) {
        self.dialog(
            Purpose::AddCert { anchor },
            move || {
                rfd::FileDialog::new()
                    .set_title(if anchor {
                        "Add trust anchors (STI-CA roots)"
                    } else {
                        "Add certificates or keys"
                    })
                    .add_filter("Certificates and keys", &crate::host::keys::KEY_EXTENSIONS)
                    .add_filter("All files", &["*"])
                    .pick_files()
            },
            move |paths| read_certs(anchor, paths),
        );
    }

    /// Certificate files named by a typed path.
    pub fn read_certs(&mut self, anchor: bool, paths: Vec<PathBuf>) {
        self.spawn(move || read_certs(anchor, paths));
    }

    /// Pick a folder (or files) for a batch.
    pub fn batch_dialog(&mut self, folder: bool) {
        self.dialog(
            Purpose::Batch,
            move || {
                let d = rfd::FileDialog::new();
                let picked = if folder {
                    d.set_title("Inspect every payload file in a folder")
                        .pick_folder()
                        .map(|p| vec![p])
                } else {
                    d.set_title("Inspect a log, CSV or capture")
                        .add_filter(
                            "Logs, CSV and captures",
                            &[
                                "jsonl", "ndjson", "log", "txt", "csv", "tsv", "pcap", "pcapng",
                                "cap",
                            ],
                        )
                        .add_filter("All files", &["*"])
                        .pick_files()
                };
                picked.filter(|p| !p.is_empty())
            },
            Done::BatchPicked,
        );
    }

    /// Read one batch payload again (it was not kept in memory).
    pub fn batch_payload(
        &mut self,
        source: String,
        position: u64,
        reading: crate::batch::files::Reading,
    ) {
        self.spawn(move || {
            let path = PathBuf::from(format!("{source} #{position}"));
            let result = match crate::batch::files::payload_at(&source, position, &reading) {
                Some(p) => match p.data {
                    crate::batch::Data::Bytes(b) => Ok(b),
                    crate::batch::Data::TooLarge(n) => Err(format!(
                        "{source} #{position} is {n} bytes: too large to inspect"
                    )),
                    crate::batch::Data::Unreadable(e) | crate::batch::Data::Skipped(e) => Err(e),
                },
                None => Err(format!("{source} #{position} could not be read again")),
            };
            Done::Opened { path, result }
        });
    }

    /// Save any text through a dialog.
    pub fn save_text(
        &mut self,
        content: String,
        name: String,
        filter: (&'static str, &'static str),
    ) {
        let purpose = Purpose::Save {
            content: content.clone(),
            name: name.clone(),
        };
        self.dialog(
            purpose,
            move || {
                rfd::FileDialog::new()
                    .set_title("Save")
                    .set_file_name(name)
                    .add_filter(filter.0, &[filter.1])
                    .save_file()
            },
            move |path| write_to(path, content),
        );
    }

    /// Write text to a typed path.
    pub fn write(&mut self, path: PathBuf, content: String) {
        self.spawn(move || write_to(path, content));
    }

    /// Save the report under a name that says which call and when:
    /// `calltrust-CA1234…-2026-11-22.md`.
    pub fn save_dialog(&mut self, content: String, format: Format, name: String) {
        self.save_text(content, name, (format.label(), format.extension()));
    }
}

/// The report's proposed file name: the CallSid or Call-ID and the call's date.
pub fn report_file_name(r: &Report, format: Format) -> String {
    let id: String = r
        .call
        .call_id
        .as_deref()
        .unwrap_or("report")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(48)
        .collect();
    let date = r
        .call
        .time
        .as_deref()
        .unwrap_or(&r.reference_time.utc)
        .split(' ')
        .next()
        .unwrap_or("")
        .to_string();
    format!("calltrust-{id}-{date}.{}", format.extension())
}

fn write_to(path: PathBuf, content: String) -> Done {
    let result = std::fs::write(&path, content.as_bytes()).map_err(|e| e.to_string());
    Done::Saved { path, result }
}

fn read_certs(anchor: bool, paths: Vec<PathBuf>) -> Done {
    Done::CertsOpened {
        anchor,
        files: paths
            .into_iter()
            .map(|p| {
                let r = read_limited(&p, 4 * 1024 * 1024);
                (p, r)
            })
            .collect(),
    }
}

fn read_crls(paths: Vec<PathBuf>) -> Done {
    Done::CrlsOpened(
        paths
            .into_iter()
            .map(|p| {
                let r = read_limited(&p, crate::fetch::MAX_CRL_BODY as u64);
                (p, r)
            })
            .collect(),
    )
}

fn read_anchor_folder(path: PathBuf) -> Done {
    let result = crate::host::keys::read_cert_path(&path);
    Done::AnchorFolder { path, result }
}

/// Read a file, refusing anything larger than `max` bytes.
pub fn read_limited(path: &std::path::Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!("{} is a folder", path.display()));
    }
    let mut buf = Vec::new();
    f.take(max)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(buf)
}
