//! Logging: what calltrust did and what failed (a window backend, a file
//! dialog, a fetch, a config write), never what was pasted. The command
//! line logs to standard error (warnings by default; `-v` info, `-vv` debug,
//! `-vvv` trace; `RUST_LOG` wins); the window to a size-capped file in the
//! platform's state directory. Log messages name kinds, sizes, counts,
//! outcomes and file names — no payload, token, number or auth token
//! (tests/it/conventions.rs checks a trace of a whole inspection).

use std::io::Write;
use std::path::{Path, PathBuf};

/// The most one log file holds; at start a larger one is moved to
/// `calltrust.log.1` (one generation kept).
pub const MAX_LOG_BYTES: u64 = 1024 * 1024;

fn filter(verbose: u8, default: &str) -> String {
    std::env::var("RUST_LOG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            match verbose {
                0 => default,
                1 => "info",
                2 => "debug",
                _ => "trace",
            }
            .to_string()
        })
}

fn builder(spec: &str) -> env_logger::Builder {
    let mut b = env_logger::Builder::new();
    b.parse_filters(spec);
    b
}

/// eframe's word that it is giving up on the window (its event loop then
/// should return an error), whatever the filter lets through.
static BACKEND_ERROR: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The error eframe logged when it gave up on the window, if it did: the
/// window uses it to notice a backend that says it cannot open and then
/// does not return.
pub fn backend_error() -> Option<&'static str> {
    BACKEND_ERROR.get().map(String::as_str)
}

/// eframe's fatal error (`Exiting because of error: …`), not any error a
/// renderer or winit logs and survives.
fn is_fatal_backend(target: &str, message: &str) -> bool {
    (target == "eframe" || target.starts_with("eframe::"))
        && message.starts_with("Exiting because of error")
}

/// env_logger, plus noting the backend's first error.
struct Noting(env_logger::Logger);

impl log::Log for Noting {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.level() == log::Level::Error || self.0.enabled(m)
    }
    fn log(&self, r: &log::Record<'_>) {
        if r.level() == log::Level::Error && r.target().starts_with("eframe") {
            let message = r.args().to_string();
            if is_fatal_backend(r.target(), &message) {
                let _ = BACKEND_ERROR.set(message);
            }
        }
        self.0.log(r);
    }
    fn flush(&self) {
        self.0.flush();
    }
}

fn install(mut b: env_logger::Builder) {
    let logger = b.build();
    let max = logger.filter().max(log::LevelFilter::Error);
    if log::set_boxed_logger(Box::new(Noting(logger))).is_ok() {
        log::set_max_level(max);
    }
}

/// The command line's logger, on standard error.
pub fn init_cli(verbose: u8) {
    let mut b = builder(&filter(verbose, "warn"));
    b.format(|f, r| {
        writeln!(
            f,
            "calltrust: {}: {}",
            r.level().as_str().to_lowercase(),
            r.args()
        )
    });
    b.target(env_logger::Target::Stderr);
    install(b);
}

/// A file that stops growing at [`MAX_LOG_BYTES`].
struct Capped {
    file: std::fs::File,
    written: u64,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written >= MAX_LOG_BYTES {
            return Ok(buf.len());
        }
        self.written += buf.len() as u64;
        self.file.write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The window's log file in `dir`.
pub fn window_log_path(dir: &Path) -> PathBuf {
    dir.join("calltrust.log")
}

/// The window's logger: a capped file in the state directory (info by
/// default). Returns the file, for the About window; `None` when there is
/// no state directory or it cannot be written (then warnings go to
/// standard error).
pub fn init_window(verbose: u8) -> Option<PathBuf> {
    let spec = filter(verbose, "info");
    let opened = crate::host::config::state_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        let path = window_log_path(&dir);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
            let _ = std::fs::rename(&path, path.with_extension("log.1"));
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .ok()?;
        let written = file.metadata().map_or(0, |m| m.len());
        Some((path, Capped { file, written }))
    });
    match opened {
        Some((path, capped)) => {
            let mut b = builder(&spec);
            b.format(|f, r| {
                let now = crate::host::keys::now();
                writeln!(
                    f,
                    "{} {} {}: {}",
                    crate::timefmt::utc(now),
                    r.level(),
                    r.target(),
                    r.args()
                )
            });
            b.target(env_logger::Target::Pipe(Box::new(capped)));
            install(b);
            Some(path)
        }
        None => {
            init_cli(verbose);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_file_stops_at_its_size() {
        let dir = std::env::temp_dir().join(format!("ct-log-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = window_log_path(&dir);
        let file = std::fs::File::create(&path).unwrap();
        let mut c = Capped {
            file,
            written: MAX_LOG_BYTES - 10,
        };
        c.write_all(b"0123456789abcdef\n").unwrap();
        c.write_all(b"dropped\n").unwrap();
        c.flush().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"0123456789abcdef\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_eframes_giving_up_counts_as_the_backend_failing() {
        let fatal = "Exiting because of error: winit error: os error (os error 14007)";
        assert!(is_fatal_backend("eframe::native::run", fatal));
        assert!(!is_fatal_backend(
            "eframe::native::run",
            "Failed to save app state"
        ));
        assert!(!is_fatal_backend("eframe_x", fatal));
        assert!(!is_fatal_backend("winit::platform_impl", fatal));
    }
}
