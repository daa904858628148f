//! The checks. Each is a small function from evidence to findings, named after
//! the rule it implements and the document that states it.

pub mod call;
pub mod forward;
pub mod rcd;
pub mod sip_security;
pub mod token;
pub mod verifier;

pub use crate::passport::token::{Token, signature_cut_off};
