//! What this binary is: version, commit, build date, target, features and
//! compiler (from `build.rs`), for `--version`, the window's About and
//! crash reports.

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The commit and its date: `abc123def456 (2026-12-02)`.
pub const COMMIT: &str = env!("CALLTRUST_COMMIT");
pub const BUILD_DATE: &str = env!("CALLTRUST_BUILD_DATE");
pub const TARGET: &str = env!("CALLTRUST_TARGET");
pub const PROFILE: &str = env!("CALLTRUST_PROFILE");
pub const FEATURES: &str = env!("CALLTRUST_FEATURES");
pub const RUSTC: &str = env!("CALLTRUST_RUSTC");

/// Every fact, one per line (`calltrust --version` after the name).
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncommit:   ",
    env!("CALLTRUST_COMMIT"),
    "\nbuilt:    ",
    env!("CALLTRUST_BUILD_DATE"),
    "\ntarget:   ",
    env!("CALLTRUST_TARGET"),
    " (",
    env!("CALLTRUST_PROFILE"),
    ")\nfeatures: ",
    env!("CALLTRUST_FEATURES"),
    "\nrustc:    ",
    env!("CALLTRUST_RUSTC"),
);

/// `calltrust 0.1.0 (abc123def456 (2026-12-02))`: one line for a bug report.
pub fn short() -> String {
    format!("calltrust {VERSION} ({COMMIT})")
}
