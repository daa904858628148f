//! The conventions of a desktop tool and a CLI (issue 22): --version facts,
//! completions, the manual, the shared configuration file and its
//! overrides, logging that never holds a payload, and the crash report.

use crate::common::*;

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = calltrust_cmd();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ct-conv-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn version_names_commit_build_target_features_and_compiler() {
    let (code, out, _) = run(&["--version"], &[]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("calltrust {}\n", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    for key in ["commit:", "built:", "target:", "features:", "rustc:"] {
        let line = out
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key} in {out}"));
        assert!(line.len() > key.len() + 2, "{line}");
    }
    assert!(out.contains(std::env::consts::ARCH), "{out}");
    assert!(
        out.contains("features: gui"),
        "the tests build the window: {out}"
    );
}

#[test]
fn completions_for_each_shell_and_the_manual() {
    for (shell, mark) in [
        ("bash", "_calltrust()"),
        ("zsh", "#compdef calltrust"),
        ("fish", "complete -c calltrust"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, _) = run(&["completions", shell], &[]);
        assert_eq!(code, 0, "{shell}");
        assert!(
            out.contains(mark),
            "{shell}: {}",
            &out[..out.len().min(200)]
        );
        assert!(
            out.contains("inspect") && out.contains("trust-anchor"),
            "{shell}"
        );
    }
    let (code, out, _) = run(&["man"], &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains(".TH calltrust 1"),
        "{}",
        &out[..out.len().min(300)]
    );
    assert!(out.contains("inspect"));
    let dir = temp("man");
    let (code, _, _) = run(&["man", "--dir", dir.to_str().unwrap()], &[]);
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(dir.join("calltrust-inspect.1")).unwrap();
    assert!(page.contains("trust\\-anchor"), "{page}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A webhook signed by the demo SP, its bundle and root in files.
fn signed_webhook(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let pki = demo_pki();
    let iat = 1_795_339_800;
    let tok = sign_jws(
        &pki.sp_key,
        &shaken_header(DEMO_SP_X5U),
        &shaken_payload("A", "12025550143", "14155550123", iat, "id-1"),
    );
    let hook = dir.join("hook.txt");
    std::fs::write(
        &hook,
        form_encode(&[
            ("From", "+12025550143"),
            ("To", "+14155550123"),
            ("StirPassportToken", &tok),
        ]),
    )
    .unwrap();
    let bundle = dir.join("demo-sp-bundle.pem");
    std::fs::write(&bundle, format!("{}{}", pki.sp.pem, pki.inter.pem)).unwrap();
    let root = dir.join("root.pem");
    std::fs::write(&root, &pki.root.pem).unwrap();
    (hook, bundle, root)
}

fn outcome(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    v["verdict"]["outcome"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_config_file_gives_trust_anchors_and_a_flag_or_variable_replaces_it() {
    let dir = temp("config");
    let (hook, bundle, root) = signed_webhook(&dir);
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "trust_anchors = [{:?}]\nmax_age = 7\n",
            root.display().to_string()
        ),
    )
    .unwrap();
    let base = [
        "inspect",
        "--format",
        "json",
        "--at",
        "2026-11-22T09:30:00Z",
        "--cert",
        bundle.to_str().unwrap(),
        hook.to_str().unwrap(),
    ];
    // No config: the chain is not traced to an anchor.
    let (code, out, err) = run(&base, &[]);
    assert!(code < 2, "{err}");
    assert_eq!(outcome(&out), "signed");
    // The config's trust anchor makes it verified.
    let cfg_s = cfg.to_str().unwrap();
    let (code, out, err) = run(&base, &[("CALLTRUST_CONFIG", cfg_s)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(outcome(&out), "verified", "{err}");
    let mut with_flag = base.to_vec();
    with_flag.extend(["--config", cfg_s]);
    let (_, out, _) = run(&with_flag, &[]);
    assert_eq!(outcome(&out), "verified");
    // A CALLTRUST_ variable replaces the file's value: an anchor that is
    // not this chain's root leaves it untrusted.
    let other = dir.join("other-root.pem");
    let stranger = ca(
        "Another Root",
        &key("another root"),
        None,
        (2026, 1, 1),
        (2040, 1, 1),
    );
    std::fs::write(&other, &stranger.pem).unwrap();
    let (_, out, _) = run(
        &base,
        &[
            ("CALLTRUST_CONFIG", cfg_s),
            ("CALLTRUST_TRUST_ANCHOR", other.to_str().unwrap()),
        ],
    );
    assert_ne!(outcome(&out), "verified");
    // The config's iat window (7 s) is used, and --max-age replaces it.
    let late = [
        "inspect",
        "--format",
        "json",
        "--at",
        "2026-11-22T09:30:30Z",
        hook.to_str().unwrap(),
    ];
    let (_, out, _) = run(&late, &[("CALLTRUST_CONFIG", cfg_s)]);
    assert!(out.contains("the window is 7 s"), "{out}");
    let mut late_flag = late.to_vec();
    late_flag.extend(["--max-age", "120"]);
    let (_, out, _) = run(&late_flag, &[("CALLTRUST_CONFIG", cfg_s)]);
    assert!(!out.contains("older than the allowed window"), "{out}");
    // `config path` names the file; a typo is an error with its place.
    let (code, out, _) = run(&["config", "path"], &[("CALLTRUST_CONFIG", cfg_s)]);
    assert_eq!((code, out.trim()), (0, cfg_s));
    std::fs::write(&cfg, "max_age = 7\ntrust_anchor = []\n").unwrap();
    let (code, _, err) = run(&base, &[("CALLTRUST_CONFIG", cfg_s)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2, column 1") && err.contains("trust_anchor"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_trace_of_a_whole_inspection_holds_no_payload_token_number_or_auth_token() {
    let dir = temp("log");
    let (hook, bundle, root) = signed_webhook(&dir);
    let text = std::fs::read_to_string(&hook).unwrap();
    let token = text.split("StirPassportToken=").nth(1).unwrap().to_string();
    let (code, _, err) = run(
        &[
            "inspect",
            "-vvv",
            "--cert",
            bundle.to_str().unwrap(),
            "--trust-anchor",
            root.to_str().unwrap(),
            "--url",
            "https://a.example/voice",
            "--signature",
            "c2lnbmF0dXJl",
            "--auth-token-env",
            "CT_TEST_AUTH",
            hook.to_str().unwrap(),
        ],
        &[
            ("RUST_LOG", "trace"),
            ("CT_TEST_AUTH", "s3cr3t-auth-token-value"),
        ],
    );
    assert!(code == 0 || code == 1, "{err}");
    assert!(
        err.contains("calltrust: info: inspected"),
        "logging is on: {err}"
    );
    for secret in [
        "s3cr3t-auth-token-value",
        "12025550143",
        "14155550123",
        &token[..20],
        token.split('.').nth(1).unwrap_or("x"),
        "c2lnbmF0dXJl",
    ] {
        assert!(!err.contains(secret), "{secret} reached the log:\n{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_crash_writes_a_report_without_the_panic_message_and_says_where() {
    let dir = temp("crash");
    let state = dir.join("state");
    let mut c = calltrust_cmd();
    c.arg("crash-test")
        .env("XDG_STATE_HOME", &state)
        .env("RUST_BACKTRACE", "0");
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(101));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("internal error") && err.contains("crash report"),
        "{err}"
    );
    let reports: Vec<_> = std::fs::read_dir(state.join("calltrust"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("crash-")
        })
        .collect();
    assert_eq!(reports.len(), 1, "{err}");
    assert!(
        err.contains(&reports[0].display().to_string()),
        "the user is told where: {err}"
    );
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(
        report.contains(&format!("version:  {}", env!("CARGO_PKG_VERSION"))),
        "{report}"
    );
    assert!(report.contains("src/main.rs:"), "where: {report}");
    assert!(report.contains("commit:"), "{report}");
    for secret in ["eyJhbGciOiJFUzI1NiJ9", "12025550143", "crash test with"] {
        assert!(
            !report.contains(secret) && !err.contains(secret),
            "{secret}: {report}\n{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "gui")]
#[test]
fn a_window_backend_that_gives_up_and_hangs_does_not_leave_a_silent_process() {
    // Under Wine, winit could not create the window: eframe logged
    // "Exiting because of error" and never returned. The guard must end the
    // process with the window's own failure message within seconds.
    let start = std::time::Instant::now();
    let out = calltrust_cmd().arg("window-hang-test").output().unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "could not open the window: Exiting because of error: a simulated backend that hangs"
        ),
        "{err}"
    );
    assert!(err.contains("the command line still works"), "{err}");
    assert!(
        took < std::time::Duration::from_secs(60),
        "the guard took {took:?} (the simulated backend hangs for 120 s)"
    );
}
