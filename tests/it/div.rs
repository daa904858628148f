//! Diversion chains (RFC 8946): SHAKEN → DIV → DIV → DIV, each link's orig
//! copied from the original, div equal to the previous dest, no loops; the
//! broken link is named and the call path draws the chain.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use crate::common;

use calltrust::Severity::{Error, Pass};
use common::*;

const IAT: i64 = 1_795_339_800;
const NUMS: [&str; 5] = [
    "12025550143",
    "14155550100",
    "14155550101",
    "14155550102",
    "14155550103",
];

/// An INVITE with a SHAKEN PASSporT (caller → NUMS[1]) and `n` DIV PASSporTs
/// (NUMS[k] → NUMS[k+1]); `broken` replaces link k's div with a wrong number.
fn invite(n: usize, broken: Option<usize>, loop_back: bool) -> String {
    let pki = demo_pki();
    let mut ids = vec![identity(
        &sign_jws(
            &pki.sp_key,
            &shaken_header(DEMO_SP_X5U),
            &shaken_payload("A", NUMS[0], NUMS[1], IAT, "d"),
        ),
        DEMO_SP_X5U,
        "shaken",
    )];
    for k in 1..=n {
        let div = if broken == Some(k) {
            "19995550000"
        } else {
            NUMS[k]
        };
        let dest = if loop_back && k == n {
            NUMS[1]
        } else {
            NUMS[k + 1]
        };
        ids.push(identity(
            &sign_jws(
                &pki.div_key,
                &div_header(DEMO_DIV_X5U),
                &div_payload(NUMS[0], dest, div, IAT),
            ),
            DEMO_DIV_X5U,
            "div",
        ));
    }
    let last = if loop_back { NUMS[1] } else { NUMS[n + 1] };
    let mut s = format!(
        "INVITE sip:+{last}@example.com SIP/2.0\r\nFrom: <sip:+{}@example.com>;tag=1\r\nTo: <sip:+{last}@example.com>\r\nCall-ID: div\r\n",
        NUMS[0]
    );
    for i in ids {
        s.push_str(&format!("Identity: {i}\r\n"));
    }
    s.push_str("\r\n");
    s
}

#[test]
fn chains_of_one_to_three_links_chain_and_are_drawn() {
    for n in 1..=3 {
        let r = inspect_with(&invite(n, None, false), &[], &[], Some(IAT));
        let passes = r
            .findings
            .iter()
            .filter(|f| f.id == "div-chain" && f.severity == Pass)
            .count();
        assert_eq!(
            passes,
            n,
            "n={n}: {:#?}",
            r.findings
                .iter()
                .filter(|f| f.id == "div-chain")
                .collect::<Vec<_>>()
        );
        assert!(
            !r.findings
                .iter()
                .any(|f| f.id == "div-chain" && f.severity == Error),
            "n={n}"
        );
        let divs = r
            .call_path
            .iter()
            .filter(|h| h.kind == calltrust::report::HopKind::Div)
            .count();
        assert_eq!(divs, n, "n={n}: {:#?}", r.call_path);
    }
}

#[test]
fn each_broken_link_is_named() {
    for n in 1..=3 {
        for k in 1..=n {
            let r = inspect_with(&invite(n, Some(k), false), &[], &[], Some(IAT));
            let f = r
                .findings
                .iter()
                .find(|f| f.id == "div-chain" && f.severity == Error)
                .unwrap_or_else(|| panic!("n={n} k={k}: no error"));
            assert!(
                f.detail.contains(&format!("breaks after link {}", k - 1)),
                "n={n} k={k}: {}",
                f.detail
            );
            assert!(f.detail.contains("19995550000"), "{}", f.detail);
        }
    }
}

#[test]
fn a_loop_is_named() {
    let r = inspect_with(&invite(2, None, true), &[], &[], Some(IAT));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "div-chain" && f.title == "Diversion loop")
        .expect("loop");
    assert!(f.detail.contains(NUMS[1]), "{}", f.detail);
}
