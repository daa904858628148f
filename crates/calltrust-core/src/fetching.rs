//! "Inspect, fetch what the user asked for, inspect again": the one loop the
//! front ends share. The core opens no socket: the front end hands it a
//! [`Fetcher`] (its network access) and is told what is fetched and what
//! failed through [`FetchEvent`]s.

use crate::given::{Fetched, KeyFile};
use crate::options::Options;
use crate::pipeline::inspect_bytes;
use crate::report::Report;
use crate::report::fetchable::{crl_urls, rcd_urls, x5u_urls};

/// What a user can ask calltrust to fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fetch {
    /// The certificates the PASSporTs' x5u URLs name (`--fetch-x5u`).
    X5u,
    /// The CRLs the checked chains' certificates name (`--fetch-crl`).
    Crl,
    /// The content behind rich-call-data URLs that rcdi digests cover
    /// (`--fetch-rcd`).
    Rcd,
}

impl Fetch {
    /// What is fetched, in words: "certificate URL(s)".
    pub fn what(self) -> &'static str {
        match self {
            Fetch::X5u => "certificate URL(s)",
            Fetch::Crl => "CRL(s)",
            Fetch::Rcd => "rich-call-data URL(s)",
        }
    }
}

/// Fetches what the user asked calltrust to fetch: the front end's network
/// access, handed to the core. Any `Fn(Fetch, &[String]) -> Vec<Fetched>`
/// is one.
pub trait Fetcher: Sync {
    /// Fetch each URL; one result per URL, in order.
    fn fetch(&self, what: Fetch, urls: &[String]) -> Vec<Fetched>;
}

impl<F: Fn(Fetch, &[String]) -> Vec<Fetched> + Sync> Fetcher for F {
    fn fetch(&self, what: Fetch, urls: &[String]) -> Vec<Fetched> {
        self(what, urls)
    }
}

/// What happened on the way, for the front end to say.
#[derive(Clone, Copy, Debug)]
pub enum FetchEvent<'a> {
    /// The report names nothing of this kind to fetch.
    Nothing(Fetch),
    /// About to fetch this many URLs.
    Fetching(Fetch, usize),
    /// One URL could not be fetched.
    Failed(Fetch, &'a Fetched),
}

/// Inspect; then, for each kind asked in order (x5u first: its
/// certificates name the CRLs), fetch what the report names and inspect
/// again. Returns the last report and the options it was made with
/// (fetched content included, for later passes).
pub fn inspect_fetching(
    bytes: &[u8],
    opts: &Options,
    asked: &[Fetch],
    fetcher: &dyn Fetcher,
    on: &mut dyn FnMut(FetchEvent<'_>),
) -> (Report, Options) {
    let mut o = opts.clone();
    let mut report = inspect_bytes(bytes, &o);
    for what in [Fetch::X5u, Fetch::Crl, Fetch::Rcd] {
        if !asked.contains(&what) {
            continue;
        }
        let urls = match what {
            Fetch::X5u => x5u_urls(&report),
            Fetch::Crl => crl_urls(&report),
            Fetch::Rcd => rcd_urls(&report),
        };
        if urls.is_empty() {
            on(FetchEvent::Nothing(what));
            continue;
        }
        on(FetchEvent::Fetching(what, urls.len()));
        let got = fetcher.fetch(what, &urls);
        for f in got.iter().filter(|f| f.result.is_err()) {
            on(FetchEvent::Failed(what, f));
        }
        match what {
            Fetch::X5u => o.fetched = got,
            Fetch::Crl => o.crls.extend(
                got.into_iter()
                    .filter_map(|f| f.result.ok().map(|bytes| KeyFile { name: f.url, bytes })),
            ),
            Fetch::Rcd => o.rcd_content = got,
        }
        report = inspect_bytes(bytes, &o);
    }
    (report, o)
}
