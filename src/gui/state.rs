//! What the window remembers. Only [`Settings`] is persisted — in the
//! configuration file the command line reads too (`host::config`); pasted
//! payloads, keys and the auth token never are.

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
    /// CRL files reloaded at start (those added from files, not fetched).
    pub crl_paths: Vec<PathBuf>,
}

/// The window's own preferences in the configuration file's `[window]`
/// table (the command line ignores them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct WindowPrefs {
    theme: ThemeChoice,
    copy_format: Option<Format>,
    show_passed: bool,
    reference_mode: RefMode,
    reference_time: String,
}

impl Settings {
    /// The window's settings from the shared configuration.
    pub fn from_config(c: &crate::host::config::Config) -> Settings {
        let d = Settings::default();
        let w: WindowPrefs = c
            .window
            .clone()
            .and_then(|t| t.try_into().ok())
            .unwrap_or_default();
        Settings {
            theme: w.theme,
            redact: c.redact.unwrap_or(d.redact),
            max_age: c.max_age.unwrap_or(d.max_age),
            reference_mode: w.reference_mode,
            reference_time: w.reference_time,
            trust_anchor_paths: c.trust_anchors.clone(),
            copy_format: w.copy_format.unwrap_or(d.copy_format),
            show_passed: w.show_passed,
            allow_ips: c.allow_ips.join(", "),
            routing: c.routing.clone().unwrap_or_default(),
            crl_paths: c.crls.clone(),
        }
    }

    /// The shared configuration with these settings in it (what the file
    /// held otherwise is kept).
    pub fn to_config(&self, base: &crate::host::config::Config) -> crate::host::config::Config {
        let w = WindowPrefs {
            theme: self.theme,
            copy_format: Some(self.copy_format),
            show_passed: self.show_passed,
            reference_mode: self.reference_mode,
            reference_time: self.reference_time.clone(),
        };
        crate::host::config::Config {
            trust_anchors: self.trust_anchor_paths.clone(),
            crls: self.crl_paths.clone(),
            max_age: Some(self.max_age),
            redact: Some(self.redact),
            allow_ips: crate::host::options::allow_ip_entries(&self.allow_ips)
                .map(String::from)
                .collect(),
            routing: Some(self.routing.clone()),
            window: toml::Table::try_from(w)
                .ok()
                .or_else(|| base.window.clone()),
        }
    }
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
            crl_paths: Vec::new(),
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

/// What the views show and remember between frames, beside the report: the
/// open tab, the findings filter, and what is in flight. Views read the
/// report and this, and push [`Action`]s; `app.rs` applies them after the frame.
#[derive(Debug)]
pub struct ViewState {
    pub tab: Tab,
    /// The findings filter (text or id).
    pub filter: String,
    /// Which severities the findings tab shows, in `Severity::ALL` order.
    pub show: [bool; 4],
    pub settings_open: bool,
    /// Put the paste box's cursor here on the next frame.
    pub jump: Option<crate::Location>,
    pub inspecting: bool,
    pub fetching: bool,
    pub fetching_rcd: bool,
    pub fetching_crls: bool,
    /// Why the last CRL fetches failed, shown in the trust tab.
    pub crl_errors: Vec<String>,
    /// Bumped whenever another payload is loaded: scroll offsets and
    /// expanded findings are keyed by it, so a new call starts fresh.
    pub generation: u64,
    /// The paste panel is folded away (laptop screens).
    pub input_collapsed: bool,
    /// The configuration file and the log, for the About section.
    pub config_path: Option<PathBuf>,
    pub log_path: Option<PathBuf>,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            tab: Tab::Findings,
            filter: String::new(),
            show: [true, true, true, false],
            settings_open: false,
            jump: None,
            inspecting: false,
            fetching: false,
            fetching_rcd: false,
            fetching_crls: false,
            crl_errors: Vec::new(),
            generation: 0,
            input_collapsed: false,
            config_path: None,
            log_path: None,
        }
    }
}

/// Key material and fetched content the user gave (never persisted, except
/// trust-anchor paths in the settings).
#[derive(Debug, Default)]
pub struct Keys {
    pub certs: Vec<LoadedFile>,
    pub anchors: Vec<LoadedFile>,
    /// Certificate revocation lists (added, dropped or fetched).
    pub crls: Vec<LoadedFile>,
    /// x5u certificates fetched on request.
    pub fetched: Vec<crate::Fetched>,
    /// Rich-call-data content the user asked to fetch (icon, jCard, logo).
    pub rcd_content: Vec<crate::Fetched>,
    /// The user said the certificates may have signed any token, whatever
    /// its x5u names (for this session only).
    pub any_cert_signs: bool,
}

/// The X-Twilio-Signature inputs. Never persisted; the token and the SIP
/// password are wiped on exit. No `Debug`: it would print the token.
#[derive(Default)]
pub struct WebhookInputs {
    pub url: String,
    pub signature: String,
    /// The auth token.
    pub token: String,
    /// A SIP credential password being checked. Never printed or inspected.
    pub sip_password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// Use the loaded certificates for every token, whatever its x5u names.
    SetAnyCertSigns(bool),
    /// Fold or unfold the paste panel.
    ToggleInputPanel,
    JumpTo(crate::Location),
    /// An input the report depends on was edited: inspect again (debounced).
    Edited,
    /// The paste itself was edited: it no longer comes from a file or sample.
    PasteEdited,
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

#[cfg(test)]
mod config_tests {
    use super::*;

    #[test]
    fn the_window_settings_survive_the_shared_config_file() {
        let s = Settings {
            theme: ThemeChoice::Dark,
            redact: true,
            max_age: 90,
            reference_mode: RefMode::Given,
            reference_time: "2026-11-22T09:30:00Z".into(),
            trust_anchor_paths: vec![PathBuf::from("/etc/sti/roots")],
            copy_format: Format::Text,
            show_passed: true,
            allow_ips: "203.0.113.0/24, 2001:db8::/32".into(),
            routing: crate::routing::Policy::default(),
            crl_paths: vec![PathBuf::from("/etc/sti/ca.crl")],
        };
        let c = s.to_config(&Default::default());
        let text = toml::to_string(&c).unwrap();
        let back = crate::host::config::parse(&text).unwrap();
        assert_eq!(Settings::from_config(&back), s, "{text}");
        assert_eq!(
            back.trust_anchors, s.trust_anchor_paths,
            "the CLI reads the same anchors"
        );
        assert_eq!(back.max_age, Some(90));
    }
}
