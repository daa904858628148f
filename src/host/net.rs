//! The network, when the user asks for a fetch: one [`Fetcher`] with the
//! rules of each kind (x5u certificates, CRLs, rich-call-data content), and
//! a memo for a batch, where many calls name the same certificate.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::fetch::{self, Policy};
use crate::{Fetch, Fetched, Fetcher};

/// Fetches over HTTPS with the limits of each kind (`fetch::Policy`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Net;

impl Net {
    /// The rules a fetch of this kind follows.
    pub fn policy(what: Fetch) -> Policy {
        match what {
            Fetch::X5u => Policy::default(),
            Fetch::Crl => Policy::for_crl(),
            Fetch::Rcd => Policy::for_rcd(),
        }
    }
}

impl Fetcher for Net {
    fn fetch(&self, what: Fetch, urls: &[String]) -> Vec<Fetched> {
        fetch::fetch_all(urls, &Net::policy(what))
    }
}

/// Fetches each URL once however many payloads name it (a batch).
#[derive(Default)]
pub struct Memo<F> {
    inner: F,
    got: Mutex<HashMap<(Fetch, String), Fetched>>,
}

impl<F: Fetcher> Memo<F> {
    pub fn new(inner: F) -> Self {
        Memo {
            inner,
            got: Mutex::new(HashMap::new()),
        }
    }
}

impl<F: Fetcher> Fetcher for Memo<F> {
    fn fetch(&self, what: Fetch, urls: &[String]) -> Vec<Fetched> {
        let missing: Vec<String> = match self.got.lock() {
            Ok(m) => urls
                .iter()
                .filter(|u| !m.contains_key(&(what, (*u).clone())))
                .cloned()
                .collect(),
            Err(_) => return Vec::new(),
        };
        if !missing.is_empty() {
            let fresh = self.inner.fetch(what, &missing);
            if let Ok(mut m) = self.got.lock() {
                for f in fresh {
                    m.insert((what, f.url.clone()), f);
                }
            }
        }
        match self.got.lock() {
            Ok(m) => urls
                .iter()
                .filter_map(|u| m.get(&(what, u.clone())).cloned())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_memo_fetches_each_url_once_per_kind() {
        let calls = AtomicUsize::new(0);
        let counting = |_: Fetch, urls: &[String]| -> Vec<Fetched> {
            calls.fetch_add(urls.len(), Ordering::SeqCst);
            urls.iter()
                .map(|u| Fetched {
                    url: u.clone(),
                    result: Ok(u.as_bytes().to_vec()),
                    meta: None,
                })
                .collect()
        };
        let memo = Memo::new(counting);
        let a = vec!["https://a.example/x.pem".to_string()];
        let ab = vec![a[0].clone(), "https://b.example/y.pem".to_string()];
        assert_eq!(memo.fetch(Fetch::X5u, &a).len(), 1);
        let got = memo.fetch(Fetch::X5u, &ab);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].url, ab[1]);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        memo.fetch(Fetch::Crl, &a);
        assert_eq!(calls.load(Ordering::SeqCst), 3, "a CRL is another kind");
    }
}
