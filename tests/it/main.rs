//! Every integration test in one binary: one link instead of twenty, so a
//! clean `cargo test` builds in a fraction of the disk and time. Each module
//! is one area; run one with `cargo test --test it trust::` (module path).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

mod common;

mod architecture;

mod batch;
mod catalogue;
mod cli_samples;
mod conventions;
mod delegate;
mod div;
mod fetch;
mod forward;
mod fuzz_targets;
mod gui;
mod gui_usability;
mod hostile;
mod hygiene;
mod proptest_inspect;
mod rcd;
mod read_right;
mod report_text;
mod routing;
mod sip_grammar;
mod sip_security;
mod snapshots;
mod sti_corpus;
mod sti_input;
mod trust;
mod vectors_shaken;
mod verifier;
mod verify;
mod webhook_sig;
mod wrappers;
