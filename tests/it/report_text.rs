//! The ticket text: the Markdown report opens with a short summary (verdict,
//! signed vs presented, verifier answer, deciding finding, next steps); the
//! details lose no finding; certificate-profile rules are one entry per
//! certificate; identical findings about several tokens are one entry that
//! names them; plain text carries no Markdown escapes; no "accept" under a
//! failed verdict.

use calltrust::report::view;
use calltrust::{Options, Outcome, Severity, inspect, samples::SAMPLES};

fn pki() -> Options {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/certs");
    let kf = |n: &str| calltrust::KeyFile {
        name: n.into(),
        bytes: std::fs::read(dir.join(n)).unwrap(),
    };
    Options {
        now: 1_795_339_800,
        certs: vec![kf("demo-sp-bundle.pem"), kf("demo-div-bundle.pem")],
        trust_anchors: vec![kf("demo-root.pem")],
        ..Default::default()
    }
}

#[test]
fn the_summary_comes_first_and_fits_a_ticket() {
    for s in SAMPLES {
        for o in [pki(), Options::default()] {
            let r = inspect(s.text, &o);
            let md = r.to_markdown();
            let lines: Vec<&str> = md.lines().collect();
            let details = lines
                .iter()
                .position(|l| *l == "### Call")
                .unwrap_or_else(|| panic!("{}: no details section\n{md}", s.file));
            assert!(
                details <= 15,
                "{}: summary is {details} lines\n{md}",
                s.file
            );
            let summary = lines[..details].join("\n");
            // Title, then the headline in bold.
            assert!(lines[0].starts_with("## calltrust: "), "{}", s.file);
            assert!(
                lines[2].starts_with("**") && lines[2].ends_with("**"),
                "{}: {}",
                s.file,
                lines[2]
            );
            let first_word = r.verdict.headline.split(' ').next().unwrap();
            assert!(lines[2].contains(first_word), "{}: {}", s.file, lines[2]);
            if !r.call.signed_vs_presented.is_empty() {
                assert!(
                    summary.contains("Signed vs presented"),
                    "{}:\n{summary}",
                    s.file
                );
            }
            if let Some(v) = &r.verdict.verifier_response {
                assert!(
                    summary.contains(&format!("A verifier would answer:** {}", v.code)),
                    "{}",
                    s.file
                );
            }
            if matches!(r.verdict.outcome, Outcome::Failed | Outcome::Unreadable) {
                assert!(
                    !md.contains("would answer:** accept"),
                    "{}: accept under {:?}",
                    s.file,
                    r.verdict.outcome
                );
                assert!(
                    summary.contains("Deciding finding")
                        || r.verdict.outcome == Outcome::Unreadable,
                    "{}",
                    s.file
                );
            }
            assert!(r.verdict.next_steps.len() <= 3);
        }
    }
}

#[test]
fn no_finding_is_lost_in_markdown_or_text() {
    for s in SAMPLES {
        let r = inspect(s.text, &pki());
        let md = r.to_markdown();
        let txt = r.to_text();
        for f in &r.findings {
            for (name, out) in [("markdown", &md), ("text", &txt)] {
                if f.severity == Severity::Pass {
                    assert!(
                        out.contains(&f.title),
                        "{} {name}: passed `{}` missing",
                        s.file,
                        f.title
                    );
                } else {
                    assert!(
                        out.contains(f.id.as_str()),
                        "{} {name}: `{}` missing",
                        s.file,
                        f.id
                    );
                }
            }
        }
        // Every broken rule of a linted certificate is named.
        for c in r.certificates.iter().filter(|c| c.used) {
            for rule in c
                .rules
                .iter()
                .filter(|x| x.status == calltrust::sti::RuleStatus::Fail)
            {
                assert!(
                    md.contains(&*rule.rule),
                    "{}: rule {} missing",
                    s.file,
                    rule.rule
                );
            }
        }
    }
}

#[test]
fn certificate_profile_rules_are_one_entry_per_certificate() {
    let text = SAMPLES
        .iter()
        .find(|s| s.file == "sip-invite-div.txt")
        .unwrap()
        .text;
    let r = inspect(text, &pki());
    let per_rule = r
        .findings
        .iter()
        .filter(|f| f.id == "cert-compliance")
        .count();
    let items = view::items(&r);
    let profiles: Vec<_> = items
        .iter()
        .filter(|i| i.id() == "cert-compliance")
        .collect();
    let linted = r
        .certificates
        .iter()
        .filter(|c| {
            c.used
                && c.rules
                    .iter()
                    .any(|x| x.status == calltrust::sti::RuleStatus::Fail)
        })
        .count();
    assert!(
        per_rule > linted,
        "the JSON keeps one finding per rule (SPEC §3)"
    );
    assert_eq!(profiles.len(), linted, "one entry per certificate");
    assert!(
        profiles[0].title().starts_with("Certificate profile: "),
        "{}",
        profiles[0].title()
    );
    assert!(profiles[0].title().contains("rules broken"));
    assert!(!profiles[0].rules().is_empty());
    // The window's list is built from the same items: warnings are counted per entry.
    let warnings = items
        .iter()
        .filter(|i| i.severity() == Severity::Warning)
        .count();
    assert!(warnings < 10, "{warnings} warnings");
}

#[test]
fn identical_findings_about_several_tokens_are_one_entry_naming_them() {
    let rcd = include_str!("../../assets/samples/sip-invite-rcd.txt");
    let tok = rcd
        .lines()
        .find_map(|l| l.strip_prefix("Identity: "))
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let text = format!("{tok}\n{tok}\n");
    let r = inspect(&text, &Options::default());
    assert_eq!(r.passports.len(), 2);
    let items = view::items(&r);
    // The same check on both tokens gives the same finding twice in the JSON…
    let alg = r.findings.iter().filter(|f| f.id == "passport-alg").count();
    assert_eq!(alg, 2);
    // …and one entry naming both in what people read.
    let merged: Vec<_> = items
        .iter()
        .filter(|i| i.passports() == vec![0, 1])
        .collect();
    assert!(merged.iter().any(|i| i.id() == "passport-alg"));
    let md = r.to_markdown();
    assert!(md.contains("(#1, #2)"), "passed checks name both tokens");
    let warn = items.iter().find(|i| i.id() == "rcd-integrity").unwrap();
    assert_eq!(warn.passports(), vec![0, 1]);
    assert!(md.contains("#1 pasted token 1, #2 pasted token 2"), "{md}");
}

#[test]
fn plain_text_carries_no_markdown_and_markdown_escapes_only_what_it_must() {
    for s in SAMPLES {
        let r = inspect(s.text, &pki());
        let txt = r.to_text();
        for esc in ["\\_", "\\:", "\\*", "\\[", "\\.", "**", "\\@"] {
            assert!(!txt.contains(esc), "{}: `{esc}` in text", s.file);
        }
        let md = r.to_markdown();
        assert!(
            !md.contains("https\\:"),
            "{}: a URL needs no escape",
            s.file
        );
        assert!(
            !md.contains("orig\\_tn"),
            "{}: intraword _ needs no escape",
            s.file
        );
    }
}

#[test]
fn forwarding_snippets_only_on_request() {
    let text = SAMPLES
        .iter()
        .find(|s| s.file == "twilio-forwarding-webhook.txt")
        .unwrap()
        .text;
    let r = inspect(text, &Options::default());
    let ct = &r.forwarding.as_ref().unwrap().call_token;
    assert!(
        !r.to_markdown().contains(ct.as_str()),
        "no full CallToken in the ticket"
    );
    let with = r.render_with(
        calltrust::Format::Text,
        calltrust::report::render::RenderOptions { snippets: true },
    );
    assert!(with.contains(ct.as_str()));
}
