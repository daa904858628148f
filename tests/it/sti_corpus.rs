//! Agreement with the STIR/SHAKEN CA ecosystem's own compliance reports: every
//! certificate of `../shared/vectors/shaken/ecosystem/certs.jsonl` (read in
//! place) is judged by calltrust's rule catalogue, and the set of failed rules
//! (with levels) and the set of not-effective rules must equal the report's.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use calltrust::sti::{self, RuleStatus};

#[test]
fn at_least_99_percent_of_the_ecosystem_corpus_agrees_exactly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/shaken/ecosystem/certs.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: skipping: {} not found (../shared is absent)",
            path.display()
        );
        return;
    };
    let mut total = 0usize;
    let mut exact = 0usize;
    // rule → (calltrust only, report only)
    let mut disagree: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut examples: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let der = base64::engine::general_purpose::STANDARD
            .decode(v["der_b64"].as_str().expect("der_b64"))
            .expect("base64");
        let want_fail: BTreeSet<(String, String)> = v["lints"]
            .as_array()
            .expect("lints")
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want_ne: BTreeSet<String> = v["not_effective"]
            .as_array()
            .expect("not_effective")
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        let (got_fail, got_ne) = match sti::lint(&der) {
            Ok((_, results)) => (
                results
                    .iter()
                    .filter(|r| r.status == RuleStatus::Fail)
                    .map(|r| (r.rule.to_string(), r.level.as_str().to_string()))
                    .collect::<BTreeSet<_>>(),
                results
                    .iter()
                    .filter(|r| r.status == RuleStatus::NotEffective)
                    .map(|r| r.rule.to_string())
                    .collect::<BTreeSet<_>>(),
            ),
            Err(e) => {
                examples.push(format!("{}: unreadable: {e}", v["sha256"]));
                (BTreeSet::new(), BTreeSet::new())
            }
        };
        if got_fail == want_fail && got_ne == want_ne {
            exact += 1;
            continue;
        }
        for (r, _) in got_fail.difference(&want_fail) {
            disagree.entry(r.clone()).or_default().0 += 1;
        }
        for (r, _) in want_fail.difference(&got_fail) {
            disagree.entry(r.clone()).or_default().1 += 1;
        }
        for r in got_ne.symmetric_difference(&want_ne) {
            let e = disagree.entry(format!("{r} (not-effective)")).or_default();
            if got_ne.contains(r) {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
        if examples.len() < 8 {
            examples.push(format!(
                "{}: calltrust {:?} / report {:?}; NE calltrust {:?} / report {:?}",
                v["sha256"], got_fail, want_fail, got_ne, want_ne
            ));
        }
    }
    let pct = 100.0 * exact as f64 / total as f64;
    println!("ecosystem corpus: {exact} of {total} certificates agree exactly ({pct:.2} %)");
    println!("| rule | calltrust only | report only |\n|---|---|---|");
    for (r, (a, b)) in &disagree {
        println!("| {r} | {a} | {b} |");
    }
    for e in &examples {
        println!("{e}");
    }
    assert!(total >= 1900, "the corpus has {total} records");
    assert!(pct >= 99.0, "only {pct:.2} % agree exactly");
}
