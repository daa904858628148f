//! calltrust — the call-trust inspector's binary crate: the command line,
//! the window, the network fetches and the file and stdin readers (the
//! host layer), over the pure `calltrust-core`. Everything the core knows is
//! re-exported here, so front ends and tests name it `calltrust::…`.

pub use calltrust_core::internals::*;
pub use calltrust_core::*;

/// Batch triage: the core's rows and serial runner, the host's threaded
/// runner and file readers.
pub mod batch {
    pub use crate::host::batch_run::run;
    pub use crate::host::files;
    pub use calltrust_core::internals::batch::*;
}

pub mod build_info;
pub mod cli;
pub mod fetch;
pub mod host;

#[cfg(feature = "gui")]
pub mod gui;
