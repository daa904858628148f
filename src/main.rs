use std::process::ExitCode;

use clap::Parser;

use calltrust::cli::{
    Cli, Command, run_batch, run_completions, run_config, run_findings, run_inspect, run_man,
    run_sign,
};

/// mimalloc: batch triage allocates many small strings per row on every core;
/// glibc's allocator costs ~10% of a row and scales worse across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let front = if cli.command.is_none() {
        "window"
    } else {
        "command line"
    };
    calltrust::host::crash::install(front);
    if cli.command.is_some() {
        calltrust::host::log::init_cli(cli.verbose);
        log::debug!("{}", calltrust::build_info::short());
    }
    match cli.command {
        Some(Command::Inspect(a)) => run_inspect(a),
        Some(Command::Batch(a)) => run_batch(a),
        Some(Command::SignWebhook(a)) => run_sign(a),
        Some(Command::Findings(a)) => run_findings(a),
        Some(Command::Completions { shell }) => run_completions(shell),
        Some(Command::Man { dir }) => run_man(dir),
        Some(Command::Config(c)) => run_config(c),
        Some(Command::CrashTest) => {
            // A message that looks like a pasted token and number: it must
            // not reach the report.
            panic!("crash test with eyJhbGciOiJFUzI1NiJ9.e30.c2ln from +12025550143")
        }
        Some(Command::WindowHangTest) => window_hang_test(cli.verbose),
        None => open_window(cli.open, cli.window, cli.verbose),
    }
}

/// What eframe did under Wine when winit could not create the window: log
/// that it gives up, then never return. The guard must end the process.
#[cfg(feature = "gui")]
fn window_hang_test(_verbose: u8) -> ExitCode {
    // The command line's logger (installed above) notes eframe's error too.
    calltrust::gui::guard(
        || {
            log::error!(target: "eframe::native::run", "Exiting because of error: a simulated backend that hangs");
            std::thread::sleep(std::time::Duration::from_secs(120));
        },
        window_failed,
    );
    ExitCode::SUCCESS
}

#[cfg(not(feature = "gui"))]
fn window_hang_test(_verbose: u8) -> ExitCode {
    eprintln!("calltrust: this build has no window");
    ExitCode::from(2)
}

#[cfg(feature = "gui")]
fn open_window(
    open: Option<std::path::PathBuf>,
    window: calltrust::cli::WindowArgs,
    verbose: u8,
) -> ExitCode {
    let log = calltrust::host::log::init_window(verbose);
    log::info!("{} starting the window", calltrust::build_info::short());
    match calltrust::gui::run_guarded(open, window, log, window_failed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(window_failed(&e)),
    }
}

/// Says why the window could not open, and what still works.
#[cfg(feature = "gui")]
fn window_failed(e: &str) -> u8 {
    log::error!("could not open the window: {e}");
    eprintln!("calltrust: could not open the window: {e}");
    eprintln!("calltrust: the command line still works: calltrust inspect --help");
    if cfg!(windows) {
        eprintln!(
            "calltrust: to try the other renderer: set {}=glow (or wgpu)",
            calltrust::gui::RENDERER_VAR
        );
    }
    2
}

#[cfg(not(feature = "gui"))]
fn open_window(
    _open: Option<std::path::PathBuf>,
    _window: calltrust::cli::WindowArgs,
    _verbose: u8,
) -> ExitCode {
    eprintln!(
        "calltrust was built without the window (feature `gui`). Use: calltrust inspect [FILE|-]  (see calltrust inspect --help)"
    );
    ExitCode::from(2)
}
