//! The attestation routing policy: A/B/C/failed calls take their branch under
//! the default policy and an edited one; the known traps are named; bad
//! policy files are refused with a line and column.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use calltrust::routing::{Policy, parse};
use calltrust::{Options, Severity, inspect};

fn branch(text: &str, p: Option<Policy>) -> (String, Vec<String>) {
    let o = Options {
        now: 1_795_339_800,
        routing_policy: p,
        ..Default::default()
    };
    let r = inspect(text, &o);
    let b = r
        .findings
        .iter()
        .find(|f| f.id == "routing-policy" && f.severity == Severity::Info)
        .map(|f| f.title.trim_start_matches("Routing policy: ").to_string())
        .expect("a branch");
    let traps = r
        .findings
        .iter()
        .filter(|f| f.id == "routing-policy" && f.severity == Severity::Warning)
        .map(|f| f.title.clone())
        .collect();
    (b, traps)
}

#[test]
fn each_outcome_takes_its_branch_under_the_default_and_an_edited_policy() {
    let cases = [
        ("TN-Validation-Passed-A", "priority", "fast-lane"),
        ("TN-Validation-Passed-B", "standard", "normal"),
        ("TN-Validation-Passed-C", "screening", "captcha"),
        ("TN-Validation-Failed-A", "verify-further", "callback"),
        ("No-TN-Validation", "verify-further", "ivr"),
    ];
    let edited = Policy {
        a: "fast-lane".into(),
        b: "normal".into(),
        c: "captcha".into(),
        failed: "callback".into(),
        signed: "callback".into(),
        none: "ivr".into(),
        ..Policy::default()
    };
    for (verstat, default, custom) in cases {
        assert_eq!(branch(verstat, None).0, default, "{verstat}");
        assert_eq!(branch(verstat, Some(edited.clone())).0, custom, "{verstat}");
    }
}

#[test]
fn exempt_countries_and_traps() {
    let intl = "From=%2B442071234567&To=%2B14155550123&StirVerstat=No-TN-Validation";
    let p = Policy {
        exempt_country_codes: vec!["44".into()],
        exempt_branch: "international".into(),
        ..Policy::default()
    };
    assert_eq!(branch(intl, Some(p)).0, "international");
    // Failing open.
    let p = Policy {
        failed: "priority".into(),
        ..Policy::default()
    };
    assert!(
        branch("TN-Validation-Failed-A", Some(p))
            .1
            .contains(&"The policy fails open".to_string())
    );
    // Only A trusted.
    let p = Policy {
        b: "verify-further".into(),
        c: "verify-further".into(),
        ..Policy::default()
    };
    assert!(
        branch("TN-Validation-Passed-A", Some(p))
            .1
            .contains(&"Only attestation A is trusted".to_string())
    );
    // Rejecting every unattested call.
    let p = Policy {
        none: "reject".into(),
        ..Policy::default()
    };
    assert!(
        branch("No-TN-Validation", Some(p))
            .1
            .contains(&"Every unattested call is rejected".to_string())
    );
    // The default policy falls into none of them.
    assert!(branch("TN-Validation-Passed-B", None).1.is_empty());
}

#[test]
fn policy_files_parse_and_bad_ones_say_where() {
    assert!(parse(calltrust::routing::EXAMPLE).is_ok());
    let dir = std::env::temp_dir().join(format!("calltrust-routing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "a = \"priority\"\nb = [1\n").unwrap();
    let v = dir.join("v.txt");
    std::fs::write(&v, "TN-Validation-Passed-A").unwrap();
    let out = crate::common::calltrust_cmd()
        .args(["inspect", "--routing-policy"])
        .arg(&bad)
        .arg(&v)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
    let good = dir.join("good.toml");
    std::fs::write(&good, "a = \"fast-lane\"\n").unwrap();
    let out = crate::common::calltrust_cmd()
        .args(["inspect", "--format", "text", "--routing-policy"])
        .arg(&good)
        .arg(&v)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Routing policy: fast-lane"));
    let _ = std::fs::remove_dir_all(&dir);
}
