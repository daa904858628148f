//! Build facts for `calltrust --version` and the window's About: the commit,
//! the build date, the target and profile, the enabled features and the
//! compiler. Read here, at build time; the program itself reads no clock
//! or git for them.

use std::process::Command;

fn run(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Days since 1970-01-01 as a civil date (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn main() {
    // A new commit or checkout changes the facts; nothing else does.
    println!("cargo:rerun-if-changed=.git/HEAD");
    if let Some(r) = run("git", &["symbolic-ref", "-q", "HEAD"]) {
        println!("cargo:rerun-if-changed=.git/{r}");
    }
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let commit =
        run("git", &["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let commit_date = run("git", &["log", "-1", "--format=%cs"]).unwrap_or_default();
    // SOURCE_DATE_EPOCH (reproducible builds) or the build's own day.
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc_version = run(&rustc, &["--version"]).unwrap_or_else(|| "unknown".into());
    let mut features: Vec<String> = std::env::vars()
        .filter_map(|(k, _)| {
            k.strip_prefix("CARGO_FEATURE_")
                .map(|f| f.to_lowercase().replace('_', "-"))
        })
        .filter(|f| f != "default")
        .collect();
    features.sort();
    let set = |k: &str, v: &str| println!("cargo:rustc-env={k}={v}");
    set(
        "CALLTRUST_COMMIT",
        &if commit_date.is_empty() {
            commit
        } else {
            format!("{commit} ({commit_date})")
        },
    );
    set("CALLTRUST_BUILD_DATE", &format!("{y:04}-{m:02}-{d:02}"));
    set(
        "CALLTRUST_TARGET",
        &std::env::var("TARGET").unwrap_or_default(),
    );
    set(
        "CALLTRUST_PROFILE",
        &std::env::var("PROFILE").unwrap_or_default(),
    );
    set(
        "CALLTRUST_FEATURES",
        &if features.is_empty() {
            "none".to_string()
        } else {
            features.join(",")
        },
    );
    set("CALLTRUST_RUSTC", &rustc_version);
}
