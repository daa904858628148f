//! Memoised key material for batches: the certificates, anchors and CRLs a
//! batch hands to every payload are parsed once, each chain is validated once
//! per reference time, and each certificate is judged by the STI rules once.
//!
//! Keys are SHA-256 digests of the exact bytes (and names) handed in, so a
//! hit is the same material byte for byte. Every map is bounded: when one
//! holds [`Cache::LIMIT`] entries it is emptied and refilled (a batch rarely
//! names more than a handful of certificates). Pure data: no clock, no I/O.

use crate::verify::results::CertUsage;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::keyring::Keyring;
use super::{crl, path};
use crate::given::{Fetched, KeyFile};
use crate::model::Finding;
use crate::verify::results::CertReport;

/// The parsed form of one set of key material.
pub(super) struct Prepared {
    pub ring: Keyring,
    pub crls: Vec<crl::Crl>,
    /// Findings from loading (unreadable files, fetch results).
    pub findings: Vec<Finding>,
}

pub(crate) type Digest32 = [u8; 32];
/// (material, certificate index, usage, the tokens it signed).
type ReportKey = (Digest32, usize, CertUsage, Vec<usize>);

#[derive(Default)]
struct Inner {
    prepared: HashMap<Digest32, Arc<Prepared>>,
    validations: HashMap<(Digest32, usize, i64), Arc<path::Validation>>,
    reports: HashMap<ReportKey, Arc<(CertReport, Vec<Finding>)>>,
    hits: u64,
    misses: u64,
}

/// Shared between the threads of a batch (`Arc<Cache>` in the options).
#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (h, m) = self.stats();
        write!(f, "Cache {{ hits: {h}, misses: {m} }}")
    }
}

fn bounded_insert<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, k: K, v: V) {
    if map.len() >= Cache::LIMIT {
        map.clear();
    }
    map.insert(k, v);
}

impl Cache {
    /// Entries per map before it is emptied.
    pub const LIMIT: usize = 1024;

    pub fn new() -> Self {
        Self::default()
    }

    /// (hits, misses) over every lookup so far.
    pub fn stats(&self) -> (u64, u64) {
        match self.inner.lock() {
            Ok(g) => (g.hits, g.misses),
            Err(_) => (0, 0),
        }
    }

    /// One lookup, counted, under one lock; `make` runs outside it.
    fn memo<K, V: Clone>(
        &self,
        map: impl Fn(&mut Inner) -> &mut HashMap<K, V>,
        k: K,
        make: impl FnOnce() -> V,
    ) -> V
    where
        K: std::hash::Hash + Eq,
    {
        if let Ok(mut g) = self.inner.lock() {
            if let Some(v) = map(&mut g).get(&k).cloned() {
                g.hits += 1;
                return v;
            }
            g.misses += 1;
        }
        let v = make();
        if let Ok(mut g) = self.inner.lock() {
            bounded_insert(map(&mut g), k, v.clone());
        }
        v
    }

    pub(super) fn prepared(
        &self,
        key: &Digest32,
        make: impl FnOnce() -> Prepared,
    ) -> Arc<Prepared> {
        self.memo(|g| &mut g.prepared, *key, || Arc::new(make()))
    }

    pub(super) fn validation(
        &self,
        key: &Digest32,
        leaf: usize,
        rt: i64,
        make: impl FnOnce() -> path::Validation,
    ) -> Arc<path::Validation> {
        self.memo(
            |g| &mut g.validations,
            (*key, leaf, rt),
            || Arc::new(make()),
        )
    }

    /// A certificate's report and rule findings (shared: callers clone what
    /// they keep, outside the lock).
    pub(super) fn report(
        &self,
        key: &Digest32,
        cert: usize,
        usage: CertUsage,
        used_by: &[usize],
        make: impl FnOnce() -> (CertReport, Vec<Finding>),
    ) -> Arc<(CertReport, Vec<Finding>)> {
        self.memo(
            |g| &mut g.reports,
            (*key, cert, usage, used_by.to_vec()),
            || Arc::new(make()),
        )
    }
}

/// The digest that names a set of key material: every name and byte of every
/// certificate, anchor, CRL and fetch result, with lengths so no two sets
/// share a digest by shifting bytes between files.
pub(super) fn material_key(
    certs: &[KeyFile],
    trust_anchors: &[KeyFile],
    crls: &[KeyFile],
    fetched: &[Fetched],
) -> Digest32 {
    let mut h = Sha256::new();
    let mut put = |tag: u8, name: &str, bytes: &[u8]| {
        h.update([tag]);
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    for f in certs {
        put(1, &f.name, &f.bytes);
    }
    for f in trust_anchors {
        put(2, &f.name, &f.bytes);
    }
    for f in crls {
        put(3, &f.name, &f.bytes);
    }
    for f in fetched {
        match &f.result {
            Ok(b) => put(4, &f.url, b),
            Err(e) => put(5, &f.url, e.as_bytes()),
        }
        if let Some(meta) = &f.meta {
            put(6, "", format!("{meta:?}").as_bytes());
        }
    }
    h.finalize().into()
}
