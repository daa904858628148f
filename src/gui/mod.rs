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
