use std::process::ExitCode;

use clap::Parser;

use calltrust::cli::{Cli, Command, run_batch, run_findings, run_inspect, run_sign};

/// mimalloc: batch triage allocates many small strings per row on every core;
/// glibc's allocator costs ~10% of a row and scales worse across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Inspect(a)) => run_inspect(a),
        Some(Command::Batch(a)) => run_batch(a),
        Some(Command::SignWebhook(a)) => run_sign(a),
        Some(Command::Findings(a)) => run_findings(a),
        None => open_window(cli.open, cli.window),
    }
}

#[cfg(feature = "gui")]
fn open_window(open: Option<std::path::PathBuf>, window: calltrust::cli::WindowArgs) -> ExitCode {
    match calltrust::gui::run(open, window) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("calltrust: could not open the window: {e}");
            eprintln!("calltrust: the command line still works: calltrust inspect --help");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_open: Option<std::path::PathBuf>, _window: calltrust::cli::WindowArgs) -> ExitCode {
    eprintln!(
        "calltrust was built without the window (feature `gui`). Use: calltrust inspect [FILE|-]  (see calltrust inspect --help)"
    );
    ExitCode::from(2)
}
