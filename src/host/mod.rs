//! The host layer both front ends share: what touches the machine — files,
//! folders, standard input — turned into the bytes and readers the core
//! takes.

pub mod files;
