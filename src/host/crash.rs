//! When calltrust panics (a bug): a short crash report — version, build,
//! where in the code, the thread, the stack of code locations — written to
//! the state directory, and the user told where it is. The panic's message
//! is not written: it could quote what was pasted.

use std::io::Write;
use std::path::PathBuf;

/// Install the hook for this front end (`"command line"` or `"window"`).
pub fn install(front: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "unknown".into());
        let report = report(front, &at);
        log::error!("internal error at {at}");
        let written = write(&report);
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "\ncalltrust stopped on an internal error (a bug in calltrust, not in your input) at {at}."
        );
        match written {
            Some(p) => {
                let _ = writeln!(
                    err,
                    "A crash report, without anything you pasted, is at\n  {}\nPlease attach it to a ticket. Your input was not saved.",
                    p.display()
                );
            }
            None => {
                let _ = writeln!(
                    err,
                    "The crash report (nothing you pasted is in it):\n{report}"
                );
            }
        }
    }));
}

/// The report: facts about the build and the place, nothing of the input.
pub fn report(front: &str, at: &str) -> String {
    let thread = std::thread::current();
    let bt = std::backtrace::Backtrace::force_capture();
    format!(
        "calltrust crash report\n\nversion:  {}\n{}\nfront end: {front}\nos:        {} {}\nthread:    {}\nwhere:     {at}\ntime:      {}\n\nThe panic message is left out: it could quote the input.\n\nstack (code locations only):\n{bt}\n",
        crate::build_info::VERSION,
        crate::build_info::LONG
            .lines()
            .skip(1)
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        thread.name().unwrap_or("unnamed"),
        crate::timefmt::utc(crate::host::keys::now()),
    )
}

fn write(report: &str) -> Option<PathBuf> {
    let dir = crate::host::config::state_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!(
        "crash-{}-{}.txt",
        crate::host::keys::now(),
        std::process::id()
    ));
    std::fs::write(&path, report).ok()?;
    Some(path)
}
