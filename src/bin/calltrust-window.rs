//! The window alone, as the desktop starts it: on Windows a GUI-subsystem
//! program, so a double click or the Start menu opens no console window.
//! `calltrust` stays the console program (the command line, and the window
//! when run without a command).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = calltrust::cli::Cli::parse();
    calltrust::host::crash::install("window");
    let log = calltrust::host::log::init_window(cli.verbose);
    log::info!("{} starting the window", calltrust::build_info::short());
    let for_guard = log.clone();
    match calltrust::gui::run_guarded(cli.open, cli.window, log.clone(), move |e| {
        window_failed(e, for_guard)
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(window_failed(&e, log)),
    }
}

/// The window could not open: once, start again with the other renderer;
/// else say so in a message box (there is no console). The exit code.
fn window_failed(e: &str, log: Option<PathBuf>) -> u8 {
    log::error!("could not open the window: {e}");
    // wgpu (Direct3D 12, Vulkan) fails on some machines where OpenGL
    // works, and the reverse: once, start again with the other one
    // (a process cannot open a second event loop).
    if calltrust::gui::renderer_override().is_none()
        && let Ok(exe) = std::env::current_exe()
    {
        log::warn!(
            "trying again with OpenGL ({}=glow)",
            calltrust::gui::RENDERER_VAR
        );
        let again = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(calltrust::gui::RENDERER_VAR, "glow")
            .status();
        if let Ok(s) = again {
            return if s.success() { 0 } else { 2 };
        }
    }
    // No console to print to on Windows: say it where it is seen.
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("calltrust could not open its window")
        .set_description(format!(
            "{e}\n\nThe command line still works: calltrust inspect --help{}",
            log.map(|p| format!("\nLog: {}", p.display()))
                .unwrap_or_default()
        ))
        .show();
    2
}
