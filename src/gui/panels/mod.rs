//! The window's panels. Each draws from the app state and the current report;
//! operations are pushed as `Action`s and applied after the frame.

pub mod callpath;
pub mod chrome;
pub mod findings;
pub mod input;
pub mod passports;
pub mod rcd;
pub mod trust;
pub mod verdict;
pub mod webhook;
