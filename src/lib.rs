//! calltrust — a call-trust inspector for STIR/SHAKEN PASSporTs, Twilio
//! verstat values, CallTokens and webhook signatures.
//!
//! The core is pure: [`inspect`] takes the pasted text and [`Options`] and
//! returns a [`Report`]. It reads no clock (the front end passes `now`), does no
//! I/O beyond the bytes it is handed, and knows nothing of egui. The GUI
//! (`gui` feature) and the CLI are thin front ends over it.
//!
//! - [`options`]: what a front end hands in (files, fetch results, the
//!   webhook's URL/signature/token, the routing policy).
//! - [`pipeline`]: detection → checks → verification → verdict → report;
//!   each stage gets only what it needs (verification never sees the token).
//! - [`input`], [`passport`], [`check`], [`verify`], [`sti`],
//!   [`webhook_sig`]: the stages; [`report`] renders; [`catalogue`] names
//!   every finding.

pub mod batch;
pub mod catalogue;
pub mod check;
pub mod input;
pub mod knowledge;
pub mod model;
pub mod options;
pub mod passport;
pub mod pipeline;
pub mod report;
pub mod routing;
pub mod secret;
pub mod sti;
pub mod timefmt;
pub mod tn;
pub mod verify;
pub mod webhook_sig;

pub mod cli;
pub mod fetch;
pub mod samples;

#[cfg(feature = "gui")]
pub mod gui;

pub use model::{Finding, InputKind, Location, Severity, ids};
pub use options::{Fetched, KeyFile, Options, WebhookOptions};
pub use pipeline::{inspect, inspect_bytes};
pub use report::{Format, Outcome, Report};
pub use secret::Secret;
