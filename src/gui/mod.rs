//! The inspector window (eframe/egui). A thin front end: it gathers the
//! paste, the options and the keys, calls `crate::inspect`, and draws the
//! report. Heavy work runs off the UI thread (see `jobs`).

mod app;
pub mod batch;
pub mod commands;
mod fmt;
mod highlight;
mod jobs;
mod panels;
mod probe;
pub mod state;
mod theme;
mod widgets;
pub mod wording;

pub use app::App;
pub use fmt::{PREVIEW_LIMIT, der_certificate_as_pem};
pub use panels::input::paste_box_id;
pub use state::{Action, Settings, Tab, ThemeChoice};

use std::path::PathBuf;

/// Names the renderer (`glow` or `wgpu`) where both are built in (Windows).
pub const RENDERER_VAR: &str = "CALLTRUST_RENDERER";

pub use app::first_frame_drawn;

/// The renderer `CALLTRUST_RENDERER` asks for, if it names one built in.
pub fn renderer_override() -> Option<eframe::Renderer> {
    let v = std::env::var(RENDERER_VAR).ok()?;
    match v.trim().to_ascii_lowercase().as_str() {
        "glow" | "opengl" => Some(eframe::Renderer::Glow),
        #[cfg(windows)]
        "wgpu" => Some(eframe::Renderer::Wgpu),
        other => {
            log::warn!(
                "{RENDERER_VAR}={other}: not a renderer of this build (glow{})",
                if cfg!(windows) { ", wgpu" } else { "" }
            );
            None
        }
    }
}

/// How long `run` may take to return after the backend logged an error
/// before the first frame.
const GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// [`run`], guarded against a backend that logs that it cannot open the
/// window and then does not return (seen under Wine: winit could not create
/// the window, eframe logged "Exiting because of error" and its event loop
/// went on waiting for a message that never came), which would leave a
/// process with nothing on screen. If eframe gives up before the first
/// frame and `run` has not returned [`GIVE_UP_AFTER`] later, `give_up` is
/// called with the error on another thread and the process exits with the
/// code it returns.
pub fn run_guarded(
    open: Option<PathBuf>,
    window: crate::cli::WindowArgs,
    log_path: Option<PathBuf>,
    give_up: impl FnOnce(&str) -> u8 + Send + 'static,
) -> Result<(), String> {
    guard(|| run(open, window, log_path), give_up)
}

/// The guard of [`run_guarded`] around any `work` (the hidden
/// `window-hang-test` command drives it with a backend that hangs).
pub fn guard<T>(work: impl FnOnce() -> T, give_up: impl FnOnce(&str) -> u8 + Send + 'static) -> T {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let returned = Arc::new(AtomicBool::new(false));
    let watching = returned.clone();
    std::thread::spawn(move || {
        let settled = || watching.load(Ordering::Relaxed) || first_frame_drawn();
        while !settled() {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let Some(e) = crate::host::log::backend_error() else {
                continue;
            };
            std::thread::sleep(GIVE_UP_AFTER);
            if settled() {
                return;
            }
            log::warn!("the window's backend failed and did not return; giving up on it");
            std::process::exit(i32::from(give_up(e)));
        }
    });
    let r = work();
    returned.store(true, Ordering::Relaxed);
    r
}

/// Open the window (blocks until it is closed).
pub fn run(
    open: Option<PathBuf>,
    window: crate::cli::WindowArgs,
    log_path: Option<PathBuf>,
) -> Result<(), String> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("calltrust — call-trust inspector")
        .with_app_id("calltrust")
        .with_inner_size([1320.0, 840.0])
        .with_min_inner_size([900.0, 560.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    let mut options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    if let Some(r) = renderer_override() {
        log::info!("renderer from {RENDERER_VAR}: {r}");
        options.renderer = r;
    }
    eframe::run_native(
        "calltrust",
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, open, window, log_path)))),
    )
    .map_err(|e| e.to_string())
}
