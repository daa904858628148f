//! What the window remembers. Only [`Settings`] is persisted (eframe storage);
//! pasted payloads and the auth token never are.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::Format;

pub const SETTINGS_KEY: &str = "calltrust-settings";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Theme: system",
            ThemeChoice::Dark => "Theme: dark",
            ThemeChoice::Light => "Theme: light",
        }
    }
    pub fn next(self) -> Self {
        match self {
            ThemeChoice::System => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::System,
        }
    }
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        }
    }
}

/// Which time iat is judged against when the paste has no SIP Date header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RefMode {
    #[default]
    Now,
    Given,
}

/// Persisted preferences. Never holds a payload, token or key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub redact: bool,
    pub max_age: u64,
    pub reference_mode: RefMode,
    /// The reference time typed in (Unix seconds or RFC 3339).
    pub reference_time: String,
    /// Trust anchors are reloaded from these paths at start: certificate
    /// files, or folders whose every certificate file is an anchor (the
    /// STI-PA's list of approved STI-CA roots, unpacked).
    pub trust_anchor_paths: Vec<PathBuf>,
    /// Format of Ctrl+Shift+C / the main Copy button.
    pub copy_format: Format,
    /// Show passed checks in the findings list.
    pub show_passed: bool,
    /// IP access list for SIP sources: CIDRs separated by commas or spaces.
    pub allow_ips: String,
    /// The attestation routing policy, edited in Settings.
    pub routing: crate::routing::Policy,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeChoice::System,
            redact: false,
            max_age: 60,
            reference_mode: RefMode::Now,
            reference_time: String::new(),
            trust_anchor_paths: Vec::new(),
            copy_format: Format::Markdown,
            show_passed: false,
            allow_ips: String::new(),
            routing: crate::routing::Policy::default(),
        }
    }
}

/// A certificate or key file loaded in this session.
#[derive(Clone, Debug)]
pub struct LoadedFile {
    pub name: String,
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
    /// The folder it was loaded from (trust-anchor folders), if any.
    pub folder: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Findings,
    Passports,
    CallPath,
    Webhook,
    Trust,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Ok,
    Warn,
}

#[derive(Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub kind: ToastKind,
    pub until: f64,
}

/// What a view asks the app to do; applied after the frame is drawn.
#[derive(Clone, Debug)]
pub enum Action {
    OpenFile,
    OpenPath(PathBuf),
    PasteClipboard,
    LoadSample(usize),
    Clear,
    Copy(Format),
    Save(Format),
    CopyText(String, &'static str),
    AddCert {
        anchor: bool,
    },
    RemoveCert {
        anchor: bool,
        index: usize,
    },
    PromoteToAnchor(usize),
    /// Pick a folder of trust anchors.
    AddAnchorFolder,
    /// Remove every anchor loaded from a folder.
    RemoveAnchorFolder(PathBuf),
    AddCrl,
    RemoveCrl(usize),
    /// Fetch the CRL distribution points of the checked chains (opt-in).
    FetchCrls,
    /// Fetch the rich-call-data URLs an rcdi digest covers (opt-in).
    FetchRcd,
    Fetch,
    ShowTab(Tab),
    ToggleSettings,
    CycleTheme,
    SetRedact(bool),
    JumpTo(crate::Location),
    /// Pick a folder to inspect as a batch.
    OpenBatchFolder,
    /// Pick a log, CSV or capture to inspect as a batch.
    OpenBatchFile,
    /// Inspect these paths as a batch.
    OpenBatchPaths(Vec<PathBuf>),
    /// Open row N of the batch in the single-call view.
    OpenBatchRow(usize),
    /// Back from a payload to its batch.
    ShowBatch,
    CloseBatch,
    /// Save text through a dialog (default file name, filter name and extension).
    SaveText {
        content: String,
        name: String,
        filter: (&'static str, &'static str),
    },
}
