//! calltrust-core — everything calltrust knows about a pasted call, with no
//! I/O: [`inspect`] takes the text and [`Options`] (the time, the key
//! material, anything fetched) and returns a [`Report`]. It reads no clock,
//! file, socket or environment and knows nothing of windows or terminals;
//! the `calltrust` binary does those and hands in bytes (see
//! `ARCHITECTURE.md`).
//!
//! The API is this page: [`inspect`] and [`inspect_bytes`]; [`Options`] and
//! what they carry ([`KeyFile`], [`Fetched`], [`WebhookOptions`],
//! [`Secret`]); the [`Report`] with its [`Outcome`], [`Finding`]s
//! ([`Severity`], [`ids`]) and renderings ([`Format`]); the finding
//! catalogue ([`catalogue`], [`entry`]); batch triage ([`batch_run`],
//! [`Row`], [`Summary`]); and the [`Fetcher`] a front end supplies for the
//! fetches a user asks for. [`internals`] opens the rest to the binary and
//! the tests; it is not a stable API.
#![deny(missing_docs)]

#[allow(missing_docs)]
mod base;
#[allow(missing_docs)]
mod batch;
#[allow(missing_docs)]
mod catalogue;
#[allow(missing_docs)]
mod check;
mod fetching;
#[allow(missing_docs)]
mod given;
#[allow(missing_docs)]
mod input;
#[allow(missing_docs)]
mod knowledge;
#[allow(missing_docs)]
mod model;
#[allow(missing_docs)]
mod options;
#[allow(missing_docs)]
mod passport;
#[allow(missing_docs)]
mod pipeline;
#[allow(missing_docs)]
mod report;
#[allow(missing_docs)]
mod routing;
#[allow(missing_docs)]
mod samples;
#[allow(missing_docs)]
mod secret;
#[allow(missing_docs)]
mod sti;
#[allow(missing_docs)]
mod timefmt;
#[allow(missing_docs)]
mod tn;
#[allow(missing_docs)]
mod verdict;
#[allow(missing_docs)]
mod verify;
#[allow(missing_docs)]
mod webhook_sig;

pub use batch::{Row, Summary, run_serial as batch_run};
pub use catalogue::{Entry, catalogue, entry};
pub use given::{Fetched, HttpMeta, KeyFile, WebhookOptions};
pub use model::{Attestation, Category, Finding, FindingId, InputKind, Location, Severity, ids};
pub use options::Options;
pub use pipeline::{inspect, inspect_bytes};
pub use report::{Format, Outcome, Report};
pub use secret::Secret;

pub use fetching::{Fetch, FetchEvent, Fetcher, inspect_fetching};

/// The rest of the core, module by module, for the `calltrust` binary (the
/// window and the CLI draw and print what these produce) and for the tests
/// that check a parser or a rule on its own. Not a stable API: what a
/// front end needs from a stable one is re-exported above.
#[doc(hidden)]
pub mod internals {
    #![allow(missing_docs)]
    pub mod base {
        pub use crate::base::*;
    }
    pub mod batch {
        pub use crate::batch::*;
    }
    pub mod catalogue {
        pub use crate::catalogue::*;
    }
    pub mod check {
        pub use crate::check::*;
    }
    pub mod input {
        pub use crate::input::*;
    }
    pub mod knowledge {
        pub use crate::knowledge::*;
    }
    pub mod model {
        pub use crate::model::*;
    }
    pub mod fetching {
        pub use crate::fetching::*;
    }
    pub mod given {
        pub use crate::given::*;
    }
    pub mod options {
        pub use crate::given::*;
        pub use crate::options::*;
    }
    pub mod passport {
        pub use crate::passport::*;
    }
    pub mod pipeline {
        pub use crate::pipeline::*;
    }
    pub mod report {
        pub use crate::report::*;
    }
    pub mod routing {
        pub use crate::routing::*;
    }
    pub mod samples {
        pub use crate::samples::*;
    }
    pub mod secret {
        pub use crate::secret::*;
    }
    pub mod sti {
        pub use crate::sti::*;
    }
    pub mod timefmt {
        pub use crate::timefmt::*;
    }
    pub mod tn {
        pub use crate::tn::*;
    }
    pub mod verdict {
        pub use crate::verdict::*;
    }
    pub mod verify {
        pub use crate::verify::*;
    }
    pub mod webhook_sig {
        pub use crate::webhook_sig::*;
    }
}
