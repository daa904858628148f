//! Application state and the frame loop: input handling, debounced
//! inspection, jobs, actions, toasts, persistence.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroize;

use super::fmt::{PREVIEW_LIMIT, der_certificate_as_pem, file_name, human_bytes};
use super::jobs::{Done, INLINE_LIMIT, Jobs};
use super::panels;
use super::state::{
    Action, Keys, LoadedFile, RefMode, SETTINGS_KEY, Settings, Tab, Toast, ToastKind, ViewState,
    WebhookInputs,
};
use crate::{Fetched, KeyFile, Options, Report, Secret};

/// Set when the window has drawn its first frame: from then on, an eframe
/// error is not a failure to open the window.
static FIRST_FRAME: AtomicBool = AtomicBool::new(false);

/// Whether the window has drawn its first frame.
pub fn first_frame_drawn() -> bool {
    FIRST_FRAME.load(Ordering::Relaxed)
}

const TOAST_SECS: f64 = 2.5;

pub struct App {
    pub settings: Settings,
    /// The paste box. Never persisted.
    pub text: String,
    /// The webhook-signature inputs (auth token included). Never persisted.
    pub webhook: WebhookInputs,
    /// Certificates, anchors, CRLs and fetched content.
    pub keys: Keys,
    pub report: Report,
    /// What the views show and what is in flight.
    pub view: ViewState,
    pub last_millis: Option<u128>,
    /// Where the paste came from (sample name or file), for the status bar.
    pub source: Option<String>,
    /// Seconds to wait after the last edit before inspecting.
    pub debounce: f64,
    pub(super) generation: u64,
    pub(super) shown_generation: u64,
    pub(super) dirty_at: Option<f64>,
    /// A native file dialog is open (in a worker thread).
    pub(super) dialog_open: bool,
    pub(super) jobs: Jobs,
    pub(super) toasts: Vec<Toast>,
    pub(super) actions: Vec<Action>,
    applied_theme: Option<super::state::ThemeChoice>,
    /// Current time for `Options::now` (tests pin it).
    pub now_override: Option<i64>,
    /// The batch being (or last) inspected.
    pub batch: Option<super::batch::BatchView>,
    /// The batch view is on screen (else the single-call view).
    pub batch_shown: bool,
    /// The paste box's colours, cached per text.
    pub highlight: super::highlight::Cache,
    /// Frame CPU times, shown with F12.
    pub probe: super::probe::FrameProbe,
    /// A file dialog could not open: what it was for and the typed path.
    pub path_prompt: Option<(super::jobs::Purpose, String)>,
    /// The shared configuration file and what it held (`None`: nowhere to
    /// save, or a file that did not read and is left alone).
    pub config: Option<(PathBuf, crate::host::config::Config)>,
    /// The settings as last saved, to write only when they change.
    pub saved_settings: Option<Settings>,
}

impl App {
    /// Let (or stop) the window try native file dialogs; without them every
    /// Open/Save/Add asks for a typed path (tests, and machines with no
    /// desktop portal).
    pub fn set_dialogs(&mut self, on: bool) {
        self.jobs.dialogs = on;
    }
}

impl App {
    /// The real window: settings from the shared configuration file (or,
    /// the first time, from what an older calltrust kept in eframe's
    /// storage), `--open` file loaded.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        open: Option<PathBuf>,
        window: crate::cli::WindowArgs,
        log_path: Option<PathBuf>,
    ) -> Self {
        use crate::host::config;
        let given = std::env::var_os("CALLTRUST_CONFIG").map(PathBuf::from);
        let src = config::source(given.as_deref());
        let exists = src.path().is_some_and(|p| p.exists());
        let (settings, base, problem) = match config::load(&src) {
            Ok(c) if exists => (Settings::from_config(&c), Some(c), None),
            Ok(c) => {
                let old: Option<Settings> =
                    cc.storage.and_then(|s| eframe::get_value(s, SETTINGS_KEY));
                (
                    old.unwrap_or_else(|| Settings::from_config(&c)),
                    Some(c),
                    None,
                )
            }
            // A file that does not read is left as it is (never overwritten).
            Err(e) => (Settings::default(), None, Some(e)),
        };
        log::info!(
            "settings from {}",
            src.path()
                .map_or("nowhere (no config)".into(), |p| p.display().to_string())
        );
        let mut app = App::with_settings(settings, Some(cc.egui_ctx.clone()));
        app.config = base.and_then(|c| src.path().map(|p| (p.to_path_buf(), c)));
        app.saved_settings = exists.then(|| app.settings.clone());
        app.view.config_path = src.path().map(PathBuf::from);
        app.view.log_path = log_path;
        if let Some(e) = problem {
            log::warn!("{e}");
            app.toast(
                format!("Settings not read, and not saved over: {e}"),
                ToastKind::Warn,
                0.0,
            );
        }
        app.debounce = 0.25;
        app.reload_anchor_paths();
        app.load_session_files(&window);
        if let Some(p) = open.as_ref().filter(|p| is_batch_source(p)) {
            app.open_batch(vec![p.clone()], Some(cc.egui_ctx.clone()));
        } else if let Some(p) = open {
            match super::jobs::read_limited(&p, super::jobs::MAX_OPEN) {
                Ok(bytes) => app.open_bytes(p.display().to_string(), bytes, 0.0),
                Err(e) => app.toast(format!("Could not open: {e}"), ToastKind::Warn, 0.0),
            }
        }
        app.inspect_now(&cc.egui_ctx);
        app
    }

    /// A window without eframe (tests drive it with egui_kittest).
    pub fn with_settings(settings: Settings, ctx: Option<egui::Context>) -> Self {
        let mut app = App {
            settings,
            text: String::new(),
            webhook: WebhookInputs::default(),
            keys: Keys::default(),
            report: crate::inspect("", &Options::default()),
            view: ViewState::default(),
            last_millis: None,
            source: None,
            debounce: 0.0,
            generation: 0,
            shown_generation: 0,
            dirty_at: Some(0.0),
            dialog_open: false,
            path_prompt: None,
            jobs: Jobs::new(ctx),
            toasts: Vec::new(),
            actions: Vec::new(),
            applied_theme: None,
            now_override: None,
            batch: None,
            batch_shown: false,
            highlight: Default::default(),
            probe: Default::default(),
            config: None,
            saved_settings: None,
        };
        app.view.show[3] = app.settings.show_passed;
        app
    }

    /// What would be saved (tests check no secret is in it): the
    /// configuration file's text.
    pub fn persisted(&self) -> String {
        let base = self
            .config
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        toml::to_string(&self.settings.to_config(&base)).unwrap_or_default()
    }

    /// Write the settings to the shared configuration file when they
    /// changed. Settings only: never the paste, the URL, the signature or
    /// the token.
    pub fn save_settings(&mut self) {
        self.settings.show_passed = self.view.show[3];
        if self.saved_settings.as_ref() == Some(&self.settings) {
            return;
        }
        let Some((path, base)) = &self.config else {
            return;
        };
        let c = self.settings.to_config(base);
        match crate::host::config::save(path, &c) {
            Ok(()) => {
                log::info!("settings saved to {}", path.display());
                self.config = Some((path.clone(), c));
                self.saved_settings = Some(self.settings.clone());
            }
            Err(e) => {
                log::warn!("settings not saved: {e}");
                // Once: the next save tries again only after another change.
                self.saved_settings = Some(self.settings.clone());
            }
        }
    }

    pub fn reload_anchor_paths(&mut self) {
        for p in self.settings.crl_paths.clone() {
            match super::jobs::read_limited(&p, crate::fetch::MAX_CRL_BODY as u64) {
                Ok(bytes) => self.keys.crls.push(LoadedFile {
                    name: file_name(&p),
                    path: Some(p),
                    bytes,
                    folder: None,
                }),
                Err(e) => self.toast(format!("CRL not loaded: {e}"), ToastKind::Warn, 0.0),
            }
        }
        let paths = self.settings.trust_anchor_paths.clone();
        for p in paths {
            if p.is_dir() {
                self.jobs.anchor_folder(p);
                continue;
            }
            match super::jobs::read_limited(&p, 4 * 1024 * 1024) {
                Ok(bytes) => self.keys.anchors.push(LoadedFile {
                    name: file_name(&p),
                    path: Some(p),
                    bytes,
                    folder: None,
                }),
                Err(e) => self.toast(
                    format!("Trust anchor not loaded: {e}"),
                    ToastKind::Warn,
                    0.0,
                ),
            }
        }
    }

    /// Put an opened file in the paste box. The box is text: a binary DER
    /// certificate is shown (and inspected) as PEM, and the box says so.
    pub fn open_bytes(&mut self, name: String, bytes: Vec<u8>, now: f64) {
        match der_certificate_as_pem(&bytes) {
            Some(pem) => {
                self.set_text(pem, Some(format!("{name} (binary DER, shown as PEM)")));
                self.view.tab = Tab::Trust;
                self.toast(
                    format!("Opened the DER certificate {name}: shown as PEM and inspected"),
                    ToastKind::Ok,
                    now,
                );
            }
            None => {
                self.set_text(
                    String::from_utf8_lossy(&bytes).into_owned(),
                    Some(name.clone()),
                );
                if crate::input::certificate_form(self.text.trim()).is_some() {
                    self.view.tab = Tab::Trust;
                }
                self.toast(format!("Opened {name}"), ToastKind::Ok, now);
            }
        }
    }

    /// Inspect `paths` as a batch, off the UI thread, and show the batch view.
    pub fn open_batch(&mut self, paths: Vec<PathBuf>, ctx: Option<egui::Context>) {
        if let Some(b) = &self.batch {
            b.cancel();
        }
        let mut opts = self.options();
        // The URL and signature belong to one request; each payload of a
        // batch carries its own (the auth token still checks raw requests).
        opts.webhook.url = None;
        opts.webhook.signature = None;
        self.batch = Some(super::batch::BatchView::start(paths, opts, ctx));
        self.batch_shown = true;
    }

    /// Certificates, anchors and CRLs named on the command line (this
    /// session only: not added to the remembered anchors).
    pub fn load_session_files(&mut self, w: &crate::cli::WindowArgs) {
        let lists: [(&Vec<PathBuf>, u8); 3] = [(&w.certs, 0), (&w.anchors, 1), (&w.crls, 2)];
        for (paths, which) in lists {
            for p in paths {
                match crate::host::keys::read_cert_path(p) {
                    Ok(files) if which == 1 && p.is_dir() => self.add_anchor_folder(p, files),
                    Ok(files) => {
                        for f in files {
                            let path = PathBuf::from(&f.name);
                            let lf = LoadedFile {
                                name: file_name(&path),
                                path: Some(path),
                                bytes: f.bytes,
                                folder: None,
                            };
                            match which {
                                0 => self.keys.certs.push(lf),
                                1 => self.keys.anchors.push(lf),
                                _ => self.keys.crls.push(lf),
                            }
                        }
                    }
                    Err(e) => self.toast(format!("Not loaded: {e}"), ToastKind::Warn, 0.0),
                }
            }
        }
    }

    /// Add every certificate file of a folder as a trust anchor.
    pub fn add_anchor_folder(&mut self, folder: &std::path::Path, files: Vec<KeyFile>) {
        self.keys
            .anchors
            .retain(|a| a.folder.as_deref() != Some(folder));
        for f in files {
            let path = PathBuf::from(&f.name);
            self.keys.anchors.push(LoadedFile {
                name: file_name(&path),
                path: Some(path),
                bytes: f.bytes,
                folder: Some(folder.to_path_buf()),
            });
        }
    }

    /// The options of the window's settings and files, by the rules the
    /// command line uses (`host::options`); entries that do not read are
    /// left out here and named beside their controls.
    pub fn options(&self) -> Options {
        let files = |v: &[super::state::LoadedFile]| -> Vec<KeyFile> {
            v.iter()
                .map(|f| KeyFile {
                    name: f.name.clone(),
                    bytes: f.bytes.clone(),
                })
                .collect()
        };
        let text = |s: &str| Some(s.to_string());
        let (options, _shown_beside_their_controls) =
            crate::host::options::build(crate::host::options::Choices {
                now: self.now_override.unwrap_or_else(crate::host::keys::now),
                at: match self.settings.reference_mode {
                    RefMode::Given => text(&self.settings.reference_time),
                    RefMode::Now => None,
                },
                max_age: self.settings.max_age,
                redact: self.settings.redact,
                certs: files(&self.keys.certs),
                trust_anchors: files(&self.keys.anchors),
                crls: files(&self.keys.crls),
                routing: Some(self.settings.routing.clone()),
                allow_ips: vec![self.settings.allow_ips.clone()],
                url: text(&self.webhook.url),
                signature: text(&self.webhook.signature),
                auth_token: Some(Secret::new(self.webhook.token.trim())),
                fetched: self.keys.fetched.clone(),
                rcd_content: self.keys.rcd_content.clone(),
                any_cert_signs: self.keys.any_cert_signs,
            });
        options
    }

    /// The report as the window copies and saves it: Markdown and text
    /// name the window's controls (JSON is left as the CLI writes it).
    fn rendered(&self, format: crate::Format) -> String {
        let out = self.report.render(format);
        match format {
            crate::Format::Json => out,
            _ => super::wording::window(&out).into_owned(),
        }
    }

    /// A typed path finishes what a dialog that could not open was for.
    fn finish_with_path(
        &mut self,
        purpose: super::jobs::Purpose,
        path: PathBuf,
        ctx: &egui::Context,
    ) {
        use super::jobs::Purpose;
        self.jobs.set_ctx(ctx);
        match purpose {
            Purpose::Open => self.actions.push(Action::OpenPath(path)),
            Purpose::AddCert { anchor } => self.jobs.read_certs(anchor, vec![path]),
            Purpose::AddAnchorFolder => self.jobs.anchor_folder(path),
            Purpose::AddCrl => self.jobs.read_crls(vec![path]),
            Purpose::Batch => self.actions.push(Action::OpenBatchPaths(vec![path])),
            Purpose::Save { content, .. } => self.jobs.write(path, content),
        }
    }

    /// The path field shown when no file dialog can open.
    fn path_prompt_window(&mut self, ctx: &egui::Context) {
        let Some((purpose, path)) = &mut self.path_prompt else {
            return;
        };
        let mut done: Option<bool> = None;
        egui::Window::new("Type a path")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(format!(
                    "No file dialog is available here. Type {}:",
                    purpose.what()
                ));
                let l = ui.label("Path");
                let resp = ui.add(
                    egui::TextEdit::singleline(path)
                        .hint_text("/home/me/ticket-4711/invite.txt")
                        .desired_width(420.0),
                );
                let resp = resp.labelled_by(l.id);
                if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    done = Some(true);
                }
                ui.horizontal(|ui| {
                    let ok = match purpose {
                        super::jobs::Purpose::Save { .. } => "Save",
                        _ => "Open",
                    };
                    if ui.button(ok).clicked() {
                        done = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        done = Some(false);
                    }
                });
            });
        match done {
            Some(true) => {
                if let Some((purpose, path)) = self.path_prompt.take()
                    && !path.trim().is_empty()
                {
                    self.finish_with_path(purpose, PathBuf::from(path.trim()), ctx);
                }
            }
            Some(false) => self.path_prompt = None,
            None => {}
        }
    }

    pub fn set_text(&mut self, text: String, source: Option<String>) {
        self.text = text;
        self.source = source;
        self.view.generation += 1;
        self.keys.fetched.clear();
        self.keys.rcd_content.clear();
        self.dirty_at = Some(f64::NEG_INFINITY);
    }

    /// Mark the input changed at `now` (inspection follows after the debounce).
    pub fn touch(&mut self, now: f64) {
        self.dirty_at = Some(now);
    }

    /// "Fetched 2 of 3 CRL(s)", then inspect again with what came back.
    fn fetched_toast(&mut self, results: &[Fetched], what: &str, now: f64) {
        let ok = results.iter().filter(|r| r.result.is_ok()).count();
        let n = results.len();
        let kind = if ok == n {
            ToastKind::Ok
        } else {
            ToastKind::Warn
        };
        self.toast(format!("Fetched {ok} of {n} {what}"), kind, now);
        self.touch(f64::NEG_INFINITY);
    }

    pub(super) fn toast(&mut self, text: String, kind: ToastKind, now: f64) {
        self.toasts.push(Toast {
            text,
            kind,
            until: now + TOAST_SECS,
        });
        if self.toasts.len() > 4 {
            self.toasts.remove(0);
        }
    }

    /// Run the inspection now (inline when small, in a worker when large).
    pub(super) fn inspect_now(&mut self, ctx: &egui::Context) {
        self.dirty_at = None;
        self.generation += 1;
        let opts = self.options();
        if self.text.len() <= INLINE_LIMIT {
            let start = std::time::Instant::now();
            let was = self.report.input.kind;
            self.report = crate::inspect(&self.text, &opts);
            self.last_millis = Some(start.elapsed().as_millis());
            log::debug!(
                "inspected {} bytes as {}: {} in {} ms",
                self.text.len(),
                self.report.input.kind.as_str(),
                self.report.verdict.outcome.as_str(),
                start.elapsed().as_millis()
            );
            // Certificates are shown where certificates live.
            if self.report.input.kind == crate::InputKind::Certificate
                && was != crate::InputKind::Certificate
            {
                self.view.tab = Tab::Trust;
            }
            self.shown_generation = self.generation;
            self.view.inspecting = false;
        } else {
            self.view.inspecting = true;
            self.jobs.set_ctx(ctx);
            self.jobs.inspect(self.generation, self.text.clone(), opts);
        }
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme.is_none() {
            // Arrows and triangles (→ ▾) live in the monospace font: let
            // proportional text fall back to it.
            let mut fonts = egui::FontDefinitions::default();
            if let Some(list) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
                list.push("Hack".to_owned());
            }
            ctx.set_fonts(fonts);
        }
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
    }

    /// What a keyboard command does.
    fn run_command(&mut self, c: super::commands::UiCommand) {
        use super::commands::UiCommand;
        match c {
            UiCommand::Open => self.actions.push(Action::OpenFile),
            UiCommand::Save => self.actions.push(Action::Save(self.settings.copy_format)),
            UiCommand::Copy => self.actions.push(Action::Copy(self.settings.copy_format)),
            UiCommand::Clear => self.actions.push(Action::Clear),
            UiCommand::ToggleBatch => {
                if self.batch.is_some() {
                    self.batch_shown = !self.batch_shown;
                }
            }
            UiCommand::ShowTab(t) => self.actions.push(Action::ShowTab(t)),
            UiCommand::FoldPaste => self.actions.push(Action::ToggleInputPanel),
            UiCommand::CancelBatch => {
                if let Some(b) = &self.batch {
                    b.cancel();
                }
            }
            UiCommand::FrameProbe => self.probe.shown = !self.probe.shown,
        }
    }

    /// Keyboard shortcuts, pastes outside the box, big pastes, dropped files.
    fn handle_input(&mut self, ctx: &egui::Context, now: f64) {
        use super::commands::UiCommand;
        for c in UiCommand::ALL {
            // Esc belongs to menus and fields unless a batch is running.
            let applies = match c {
                UiCommand::CancelBatch => self.batch.as_ref().is_some_and(|b| b.running),
                _ => true,
            };
            if applies && ctx.input_mut(|i| i.consume_shortcut(&c.shortcut())) {
                self.run_command(c);
            }
        }
        // Ctrl+V with no text field focused goes into the paste box; a paste
        // of megabytes is taken here, before a text field lays it all out.
        let nothing_focused = ctx.memory(|m| m.focused().is_none());
        let mut pasted: Option<String> = None;
        ctx.input_mut(|i| {
            i.events.retain(|e| match e {
                egui::Event::Paste(s) if nothing_focused || s.len() > PREVIEW_LIMIT => {
                    pasted = Some(s.clone());
                    false
                }
                _ => true,
            })
        });
        if let Some(s) = pasted {
            let n = s.len();
            self.set_text(s, Some("pasted".into()));
            self.toast(
                format!("Pasted {} into the box", human_bytes(n)),
                ToastKind::Ok,
                now,
            );
        }
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        let (batch, dropped): (Vec<_>, Vec<_>) =
            dropped.into_iter().partition(|f| is_batch_source(f.path()));
        if !batch.is_empty() {
            self.actions.push(Action::OpenBatchPaths(
                batch.iter().map(|f| f.path().to_path_buf()).collect(),
            ));
        }
        for f in dropped {
            let path = f.path().to_path_buf();
            let name = file_name(&path);
            let small = std::fs::metadata(&path)
                .map(|m| m.len() <= 4 * 1024 * 1024)
                .unwrap_or(true);
            let head = if small { f.bytes().ok() } else { None };
            match head {
                Some(bytes)
                    if name.to_ascii_lowercase().ends_with(".crl")
                        || bytes.starts_with(b"-----BEGIN X509 CRL") =>
                {
                    self.keys.crls.push(LoadedFile {
                        name: name.clone(),
                        path: Some(path),
                        bytes,
                        folder: None,
                    });
                    self.toast(format!("Added CRL {name}"), ToastKind::Ok, now);
                    self.view.tab = Tab::Trust;
                    self.touch(f64::NEG_INFINITY);
                }
                Some(bytes) if looks_like_key_material(&name, &bytes) => {
                    self.keys.certs.push(LoadedFile {
                        name: name.clone(),
                        path: Some(path),
                        bytes,
                        folder: None,
                    });
                    self.toast(format!("Added certificate {name}"), ToastKind::Ok, now);
                    self.view.tab = Tab::Trust;
                    self.touch(f64::NEG_INFINITY);
                }
                // Payloads are read off the UI thread (they may be megabytes).
                _ => self.actions.push(Action::OpenPath(path)),
            }
        }
    }

    fn poll_jobs(&mut self, now: f64) {
        for done in self.jobs.poll() {
            match done {
                Done::Inspected {
                    generation,
                    report,
                    millis,
                } => {
                    if generation >= self.shown_generation {
                        self.report = *report;
                        self.last_millis = Some(millis);
                        self.shown_generation = generation;
                    }
                    if generation == self.generation {
                        self.view.inspecting = false;
                    }
                }
                Done::Fetched(results) => {
                    self.view.fetching = false;
                    self.fetched_toast(&results, "certificate URL(s)", now);
                    self.keys.fetched = results;
                }
                Done::RcdFetched(results) => {
                    self.view.fetching_rcd = false;
                    self.fetched_toast(&results, "rich-call-data URL(s)", now);
                    self.keys.rcd_content = results;
                }
                Done::BatchPicked(paths) => {
                    self.dialog_open = false;
                    self.actions.push(Action::OpenBatchPaths(paths));
                }
                Done::Opened { path, result } => {
                    self.dialog_open = false;
                    match result {
                        Ok(bytes) => self.open_bytes(path.display().to_string(), bytes, now),
                        Err(e) => self.toast(e, ToastKind::Warn, now),
                    }
                }
                Done::CertsOpened { anchor, files } => {
                    self.dialog_open = false;
                    for (path, r) in files {
                        match r {
                            Ok(bytes) => {
                                let f = LoadedFile {
                                    name: file_name(&path),
                                    path: Some(path.clone()),
                                    bytes,
                                    folder: None,
                                };
                                if anchor {
                                    if !self.settings.trust_anchor_paths.contains(&path) {
                                        self.settings.trust_anchor_paths.push(path);
                                    }
                                    self.keys.anchors.push(f);
                                } else {
                                    self.keys.certs.push(f);
                                }
                            }
                            Err(e) => self.toast(e, ToastKind::Warn, now),
                        }
                    }
                    self.touch(f64::NEG_INFINITY);
                }
                Done::AnchorFolder { path, result } => {
                    self.dialog_open = false;
                    match result {
                        Ok(files) => {
                            let n = files.len();
                            self.add_anchor_folder(&path, files);
                            if !self.settings.trust_anchor_paths.contains(&path) {
                                self.settings.trust_anchor_paths.push(path.clone());
                            }
                            self.toast(
                                format!("Loaded {n} trust anchor file(s) from {}", path.display()),
                                ToastKind::Ok,
                                now,
                            );
                        }
                        Err(e) => self.toast(e, ToastKind::Warn, now),
                    }
                    self.touch(f64::NEG_INFINITY);
                }
                Done::CrlsOpened(files) => {
                    self.dialog_open = false;
                    for (path, r) in files {
                        match r {
                            Ok(bytes) => {
                                if !self.settings.crl_paths.contains(&path) {
                                    self.settings.crl_paths.push(path.clone());
                                }
                                self.keys.crls.push(LoadedFile {
                                    name: file_name(&path),
                                    path: Some(path),
                                    bytes,
                                    folder: None,
                                })
                            }
                            Err(e) => self.toast(e, ToastKind::Warn, now),
                        }
                    }
                    self.touch(f64::NEG_INFINITY);
                }
                Done::CrlsFetched(results) => {
                    self.view.fetching_crls = false;
                    self.fetched_toast(&results, "CRL(s)", now);
                    for f in results {
                        match f.result {
                            Ok(bytes) => {
                                self.keys.crls.retain(|c| c.name != f.url);
                                self.keys.crls.push(LoadedFile {
                                    name: f.url,
                                    path: None,
                                    bytes,
                                    folder: None,
                                });
                            }
                            Err(e) => self.view.crl_errors.push(format!("{}: {e}", f.url)),
                        }
                    }
                }
                Done::Saved { path, result } => {
                    self.dialog_open = false;
                    match result {
                        Ok(()) => {
                            self.toast(format!("Saved {}", path.display()), ToastKind::Ok, now)
                        }
                        Err(e) => self.toast(format!("Could not save: {e}"), ToastKind::Warn, now),
                    }
                }
                Done::DialogUnavailable(purpose) => {
                    self.dialog_open = false;
                    self.toast(
                        format!("No file dialog could open here (no desktop portal or zenity): type {} instead.", purpose.what()),
                        ToastKind::Warn,
                        now,
                    );
                    // Saving proposes the report's own name in the working folder.
                    let start = match &purpose {
                        super::jobs::Purpose::Save { name, .. } => name.clone(),
                        _ => String::new(),
                    };
                    self.path_prompt = Some((purpose, start));
                }
                Done::DialogCancelled => {
                    self.dialog_open = false;
                    self.toast(
                        "No file chosen. If no dialog appeared (no desktop portal), drop the file onto the window instead.".into(),
                        ToastKind::Warn,
                        now,
                    );
                }
            }
        }
    }

    fn apply(&mut self, a: Action, ctx: &egui::Context, now: f64) {
        match a {
            Action::OpenFile => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                self.jobs.open_dialog();
            }
            Action::OpenPath(p) => self.jobs.open_path(p),
            Action::PasteClipboard => {
                match arboard::Clipboard::new().and_then(|mut c| c.get_text()) {
                    Ok(s) if !s.is_empty() => {
                        let n = s.len();
                        self.set_text(s, Some("clipboard".into()));
                        self.toast(
                            format!("Pasted {} from the clipboard", human_bytes(n)),
                            ToastKind::Ok,
                            now,
                        );
                    }
                    Ok(_) => self.toast("The clipboard holds no text".into(), ToastKind::Warn, now),
                    Err(e) => self.toast(
                        format!("Could not read the clipboard: {e}"),
                        ToastKind::Warn,
                        now,
                    ),
                }
            }
            Action::LoadSample(i) => {
                if let Some(s) = crate::samples::SAMPLES.get(i) {
                    self.set_text(s.text.to_string(), Some(format!("sample: {}", s.name)));
                    self.view.tab = Tab::Findings;
                }
            }
            Action::Clear => {
                self.text.clear();
                self.source = None;
                self.view.generation += 1;
                self.keys.fetched.clear();
                self.keys.rcd_content.clear();
                self.touch(f64::NEG_INFINITY);
                ctx.memory_mut(|m| m.request_focus(super::panels::input::paste_box_id()));
            }
            Action::Copy(format) => {
                ctx.copy_text(self.rendered(format));
                self.toast(
                    format!("Copied the {} report to the clipboard", format.label()),
                    ToastKind::Ok,
                    now,
                );
            }
            Action::CopyText(text, what) => {
                ctx.copy_text(text);
                self.toast(format!("Copied {what}"), ToastKind::Ok, now);
            }
            Action::Save(format) => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                let name = super::jobs::report_file_name(&self.report, format);
                self.jobs.save_dialog(self.rendered(format), format, name);
            }
            Action::AddCert { anchor } => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                self.jobs.cert_dialog(anchor);
            }
            Action::AddAnchorFolder => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                self.jobs.anchor_folder_dialog();
            }
            Action::RemoveAnchorFolder(folder) => {
                self.keys
                    .anchors
                    .retain(|a| a.folder.as_ref() != Some(&folder));
                self.settings.trust_anchor_paths.retain(|p| *p != folder);
                self.touch(f64::NEG_INFINITY);
            }
            Action::AddCrl => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                self.jobs.crl_dialog();
            }
            Action::RemoveCrl(i) => {
                if i < self.keys.crls.len() {
                    let gone = self.keys.crls.remove(i);
                    if let Some(p) = gone.path {
                        self.settings.crl_paths.retain(|x| *x != p);
                    }
                }
                self.touch(f64::NEG_INFINITY);
            }
            Action::FetchCrls => {
                let urls = crate::fetch::crl_urls(&self.report);
                if !urls.is_empty() && !self.view.fetching_crls {
                    self.view.fetching_crls = true;
                    self.view.crl_errors.clear();
                    self.jobs.set_ctx(ctx);
                    self.jobs.fetch(crate::Fetch::Crl, urls);
                }
            }
            Action::RemoveCert { anchor, index } => {
                if anchor {
                    if index < self.keys.anchors.len() {
                        let f = self.keys.anchors.remove(index);
                        if let Some(p) = f.path {
                            self.settings.trust_anchor_paths.retain(|x| *x != p);
                        }
                    }
                } else if index < self.keys.certs.len() {
                    self.keys.certs.remove(index);
                }
                self.touch(f64::NEG_INFINITY);
            }
            Action::PromoteToAnchor(index) => {
                if index < self.keys.certs.len() {
                    let f = self.keys.certs.remove(index);
                    if let Some(p) = &f.path
                        && !self.settings.trust_anchor_paths.contains(p)
                    {
                        self.settings.trust_anchor_paths.push(p.clone());
                    }
                    self.keys.anchors.push(f);
                    self.touch(f64::NEG_INFINITY);
                }
            }
            Action::Fetch => {
                let urls = crate::fetch::x5u_urls(&self.report);
                if urls.is_empty() {
                    self.toast("No x5u URL to fetch".into(), ToastKind::Warn, now);
                } else {
                    self.view.fetching = true;
                    self.jobs.set_ctx(ctx);
                    self.jobs.fetch(crate::Fetch::X5u, urls);
                }
            }
            Action::FetchRcd => {
                let urls = crate::fetch::rcd_urls(&self.report);
                if urls.is_empty() {
                    self.toast(
                        "No rich-call-data URL to fetch".into(),
                        ToastKind::Warn,
                        now,
                    );
                } else if !self.view.fetching_rcd {
                    self.view.fetching_rcd = true;
                    self.jobs.set_ctx(ctx);
                    self.jobs.fetch(crate::Fetch::Rcd, urls);
                }
            }
            Action::ShowTab(t) => self.view.tab = t,
            Action::ToggleSettings => self.view.settings_open = !self.view.settings_open,
            Action::CycleTheme => self.settings.theme = self.settings.theme.next(),
            Action::SetRedact(on) => {
                self.settings.redact = on;
                self.touch(f64::NEG_INFINITY);
            }
            Action::ToggleInputPanel => self.view.input_collapsed = !self.view.input_collapsed,
            Action::SetAnyCertSigns(on) => {
                self.keys.any_cert_signs = on;
                self.touch(f64::NEG_INFINITY);
            }
            Action::JumpTo(loc) => self.view.jump = Some(loc),
            Action::Edited => self.touch(now),
            Action::PasteEdited => {
                self.source = None;
                self.touch(now);
            }
            Action::OpenBatchFolder | Action::OpenBatchFile => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                self.jobs.batch_dialog(matches!(a, Action::OpenBatchFolder));
            }
            Action::OpenBatchPaths(p) => self.open_batch(p, Some(ctx.clone())),
            Action::OpenBatchRow(i) => {
                let Some(b) = &self.batch else { return };
                let Some(r) = b.rows.get(i) else { return };
                let name = format!(
                    "{} #{}",
                    file_name(std::path::Path::new(&r.row.source)),
                    r.row.position
                );
                match &r.bytes {
                    Some(bytes) => {
                        let bytes = bytes.clone();
                        self.batch_shown = false;
                        self.open_bytes(name, bytes, now);
                    }
                    None => {
                        let (src, pos, reading) =
                            (r.row.source.clone(), r.row.position, b.reading.clone());
                        self.batch_shown = false;
                        self.jobs.set_ctx(ctx);
                        self.jobs.batch_payload(src, pos, reading);
                    }
                }
            }
            Action::ShowBatch => self.batch_shown = self.batch.is_some(),
            Action::CloseBatch => {
                if let Some(b) = self.batch.take() {
                    b.cancel();
                }
                self.batch_shown = false;
            }
            Action::SaveText {
                content,
                name,
                filter,
            } => {
                self.dialog_open = true;
                self.jobs.set_ctx(ctx);
                self.jobs.save_text(content, name, filter);
            }
        }
    }

    /// The single-call view right of the paste box: the verdict, the tabs,
    /// and the open tab. Each view reads the report and pushes actions.
    fn central(&mut self, ui: &mut egui::Ui) {
        // The verdict scrolls on its own, within at most ~45% of the height,
        // so the tabs and the first findings stay on screen at 1024x700
        // whatever is expanded above them.
        let max_header = (ui.available_height() * 0.45).max(150.0);
        egui::ScrollArea::vertical()
            .id_salt(("verdict_scroll", self.view.generation))
            .max_height(max_header)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                panels::verdict::header(ui, &self.report, &mut self.actions);
            });
        ui.add_space(4.0);
        panels::verdict::tab_bar(ui, &self.report, self.view.tab, &mut self.actions);
        ui.separator();
        // One scroll offset per tab, and a fresh one for each new payload.
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .id_salt(("tab_scroll", self.view.tab, self.view.generation))
            .show(ui, |ui| match self.view.tab {
                Tab::Findings => {
                    panels::findings::show(ui, &self.report, &mut self.view, &mut self.actions)
                }
                Tab::Passports => {
                    panels::passports::show(ui, &self.report, &self.view, &mut self.actions)
                }
                Tab::CallPath => panels::callpath::show(ui, &self.report),
                Tab::Webhook => {
                    panels::webhook::show(ui, &self.report, &mut self.webhook, &mut self.actions)
                }
                Tab::Trust => {
                    panels::trust::show(ui, &self.report, &self.keys, &self.view, &mut self.actions)
                }
            });
    }

    /// One frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let started = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        let now = ctx.input(|i| i.time);
        self.apply_theme(&ctx);
        self.handle_input(&ctx, now);
        self.poll_jobs(now);

        if let Some(b) = &mut self.batch
            && b.poll()
            && b.running
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let back_to_batch = self
            .batch
            .as_ref()
            .filter(|_| !self.batch_shown)
            .map(|b| b.rows.len());
        egui::Panel::top("top_bar").show(ui, |ui| {
            panels::chrome::top_bar(ui, &self.settings, back_to_batch, &mut self.actions)
        });
        let line = panels::chrome::StatusLine {
            batch: self
                .batch
                .as_ref()
                .filter(|_| self.batch_shown)
                .map(|b| (b.rows.len(), b.running)),
            last_millis: self.last_millis,
            source: self.source.as_deref(),
        };
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            panels::chrome::status_bar(ui, &self.report, &self.view, line)
        });
        if self.batch_shown
            && let Some(b) = &mut self.batch
        {
            let actions = &mut self.actions;
            egui::CentralPanel::default().show(ui, |ui| super::batch::show(ui, b, actions));
        } else {
            let width = ui.available_width();
            if self.view.input_collapsed {
                egui::Panel::left("input_folded")
                    .resizable(false)
                    .exact_size(34.0)
                    .show(ui, |ui| {
                        if ui
                            .button("⏵")
                            .on_hover_text("Show the paste panel (Ctrl+Shift+P)")
                            .clicked()
                        {
                            self.actions.push(Action::ToggleInputPanel);
                        }
                    });
            } else {
                egui::Panel::left("input_panel")
                    .resizable(true)
                    .default_size((width * 0.36).clamp(260.0, 470.0))
                    .min_size(240.0)
                    .max_size(width * 0.6)
                    .show(ui, |ui| {
                        let inputs = panels::input::PasteInputs {
                            text: &mut self.text,
                            settings: &mut self.settings,
                            highlight: &mut self.highlight,
                            current: self.dirty_at.is_none() && !self.view.inspecting,
                        };
                        panels::input::show(
                            ui,
                            &self.report,
                            inputs,
                            &mut self.view,
                            &mut self.actions,
                        )
                    });
            }
            egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        }
        if self.view.settings_open {
            panels::chrome::settings_window(
                &ctx,
                &mut self.settings,
                &mut self.view,
                &mut self.actions,
            );
        }
        panels::chrome::drop_overlay(&ctx);
        self.path_prompt_window(&ctx);

        let actions = std::mem::take(&mut self.actions);
        for a in actions {
            self.apply(a, &ctx, now);
        }
        // Debounced inspection.
        if let Some(t) = self.dirty_at {
            let wait = t + self.debounce - now;
            if wait <= 0.0 {
                self.inspect_now(&ctx);
                ctx.request_repaint();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
        }
        panels::chrome::toasts(&ctx, &mut self.toasts, now);
        self.probe.record(started.elapsed());
        self.probe.overlay(&ctx);
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        FIRST_FRAME.store(true, Ordering::Relaxed);
        self.show(ui);
    }

    /// egui's memory holds scroll offsets and expanded findings of the last
    /// call: a restart starts fresh (settings are saved on their own).
    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.webhook.token.zeroize();
        self.webhook.sip_password.zeroize();
        self.text.zeroize();
        self.highlight.wipe();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.webhook.token.zeroize();
        self.webhook.sip_password.zeroize();
    }
}

/// A folder, JSON-lines file, CSV or capture: opened as a batch.
pub fn is_batch_source(p: &std::path::Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    p.is_dir()
        || matches!(
            ext.as_str(),
            "jsonl" | "ndjson" | "csv" | "tsv" | "pcap" | "pcapng" | "cap"
        )
}

fn looks_like_key_material(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    if [".pem", ".crt", ".cer", ".der", ".pub", ".jwk", ".key"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    text.contains("-----BEGIN CERTIFICATE") || text.contains("-----BEGIN PUBLIC KEY")
}
