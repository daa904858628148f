//! The host layer both front ends share: what touches the machine — files,
//! folders, standard input, the network when asked — turned into the bytes,
//! readers and fetchers the core takes.

pub mod batch_run;
pub mod config;
pub mod crash;
pub mod files;
pub mod keys;
pub mod log;
pub mod net;
pub mod options;
