//! The keys at hand for verification: supplied and fetched certificates
//! and public keys, which token's x5u names which, and how calltrust came
//! to hold the key that verified a signature.

use super::{cert, keys};

/// How calltrust came to hold the key that verified a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Provenance {
    /// The token's x5u names it (fetched from that URL, or a supplied file
    /// whose name is the URL's last segment).
    Named,
    /// No name matched: every supplied key was tried.
    Fallback,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Cand {
    Cert(usize),
    Key(usize),
}

pub(crate) struct Keyring {
    pub(crate) loaded: keys::Loaded,
    pub(crate) infos: Vec<Option<cert::CertInfo>>,
}

impl Keyring {
    pub(crate) fn point(&self, c: Cand) -> Option<&[u8]> {
        match c {
            Cand::Cert(i) => self.infos.get(i)?.as_ref()?.p256_point.as_deref(),
            Cand::Key(i) => Some(&self.loaded.keys.get(i)?.point),
        }
    }
    pub(crate) fn label(&self, c: Cand) -> String {
        match c {
            Cand::Cert(i) => {
                let e = &self.loaded.certs[i];
                match &self.infos[i] {
                    Some(info) => format!("certificate {} ({})", e.source, info.subject),
                    None => format!("certificate {}", e.source),
                }
            }
            Cand::Key(i) => format!("public key {}", self.loaded.keys[i].source),
        }
    }
    /// Certificates that can sign PASSporTs: supplied (not anchors), not CAs.
    /// End-entity certificates first, then public keys, then CA certificates
    /// (an STI-PA signs SPC tokens with its CA certificate).
    pub(crate) fn leafish(&self) -> Vec<Cand> {
        let supplied = |want_ca: bool| {
            self.loaded
                .certs
                .iter()
                .enumerate()
                // Certificates after the first in a bundle are chain material, never signers.
                .filter(move |(i, c)| {
                    !c.anchor
                        && c.position == 0
                        && self.infos[*i].as_ref().is_some_and(|x| x.is_ca == want_ca)
                })
                .map(|(i, _)| Cand::Cert(i))
        };
        let keys = (0..self.loaded.keys.len()).map(Cand::Key);
        supplied(false).chain(keys).chain(supplied(true)).collect()
    }
    pub(crate) fn is_ca(&self, c: Cand) -> bool {
        matches!(c, Cand::Cert(i) if self.infos[i].as_ref().is_some_and(|x| x.is_ca))
    }
    pub(crate) fn named(&self, x5u: &str) -> Vec<Cand> {
        let seg = keys::last_segment(x5u);
        self.leafish()
            .into_iter()
            .filter(|c| match c {
                Cand::Cert(i) => {
                    let e = &self.loaded.certs[*i];
                    e.url.as_deref() == Some(x5u)
                        || (e.url.is_none() && !seg.is_empty() && e.file_name == seg)
                }
                Cand::Key(i) => !seg.is_empty() && self.loaded.keys[*i].file_name == seg,
            })
            .collect()
    }
    /// How the key came to be at hand, in words for `signature-valid`.
    pub(crate) fn provenance(&self, c: Cand, how: Provenance) -> String {
        match (c, how) {
            (Cand::Cert(i), Provenance::Named) => match &self.loaded.certs[i].url {
                Some(u) => format!("fetched from the token's x5u ({u})"),
                None => format!(
                    "supplied as {}, whose name matches the token's x5u",
                    self.loaded.certs[i].source
                ),
            },
            (Cand::Key(i), Provenance::Named) => format!(
                "supplied as {}, whose name matches the token's x5u",
                self.loaded.keys[i].source
            ),
            (_, Provenance::Fallback) => "supplied, but not named by the token's x5u: calltrust tried every supplied key as a fallback, so this proves only that this key signed it".to_string(),
        }
    }
}
