//! Certificate paths by RFC 5280 §6, as STIR/SHAKEN needs them.
//!
//! Two validators look at every path that calltrust calls valid:
//!
//! - calltrust's own walker builds every candidate path from the leaf through
//!   the supplied intermediates to a configured anchor (trying every issuer
//!   with the right name, so cross-signed CAs and key roll-overs work) and
//!   judges each link: a CA allowed to sign certificates (basicConstraints,
//!   pathLenConstraint, keyCertSign), within its validity at the reference
//!   time (the anchor too, as OpenSSL and so Asterisk judge it), signed with
//!   an acceptable algorithm (never SHA-1 or MD5, RSA keys of 2048 bits at
//!   least), no critical extension it cannot process. It exists to *explain*:
//!   which issuer is missing, which root is not trusted, which link broke
//!   which rule.
//! - rustls-webpki, a maintained RFC 5280 validator, is the authority: a path
//!   the walker accepts must also be accepted by webpki, or it is
//!   `chain-invalid`. Where webpki cannot judge an STI certificate — a
//!   critical TNAuthList, which RFC 8226 allows and webpki refuses as an
//!   unknown critical extension — the walker's judgement stands and the
//!   report says so. STI certificates carry no TLS EKU: any EKU is accepted.
//!
//! Revocation (RFC 5280 §6.1.3 (a)(3)) is looked up in the CRLs the user
//! supplied or fetched; a link without a usable CRL is "not checked".

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use rustls_pki_types::{CertificateDer, UnixTime};

use super::cert::CertInfo;
use super::crl::{Crl, Lookup};
use super::keys::CertEntry;
use crate::timefmt::utc;
use crate::verify::results::{ChainReport, ChainStatus, LinkReport, LinkRole, RevocationStatus};

/// Longest path tried (leaf and anchor included).
pub const MAX_DEPTH: usize = 8;
/// Bound on issuer signature checks per leaf (hostile bundles with many
/// same-name certificates must not make path building explode).
const MAX_SIGNATURE_CHECKS: usize = 64;
/// Bound on complete paths considered per leaf.
const MAX_PATHS: usize = 16;

/// The certificates and CRLs a validation may use.
pub struct Pool<'a> {
    pub certs: &'a [CertEntry],
    pub infos: &'a [Option<CertInfo>],
    pub crls: &'a [Crl],
    signed: RefCell<HashMap<(usize, usize), bool>>,
}

/// A revoked link, for the `cert-revoked` finding.
#[derive(Clone, Debug)]
pub struct RevokedLink {
    pub subject: String,
    pub serial: String,
    pub crl: String,
    pub date: String,
    pub reason: Option<String>,
}

/// Why a link of a certificate path fails (RFC 5280 §6.1), with its data:
/// the words a report shows come from `Display`; which one a user sees
/// first comes from [`LinkProblem::rank`] (rustls-webpki's
/// `Error::rank`/`most_specific` is the model).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// The certificate does not parse.
    Unparsable,
    /// Before its notBefore at the reference time.
    NotYetValid { at: i64, from: i64 },
    /// After its notAfter at the reference time.
    Expired { anchor: bool, on: i64, at: i64 },
    /// Issued a certificate without basicConstraints.
    NoBasicConstraints,
    /// basicConstraints CA:FALSE, yet it issued a certificate.
    EndEntityAsCa,
    /// More intermediates below it than its pathLenConstraint allows.
    PathLenExceeded { limit: u32, below: usize },
    /// keyUsage without keyCertSign, yet it issued a certificate.
    NoKeyCertSign,
    /// An RSA issuer key under 2048 bits.
    WeakRsaKey { bits: usize },
    /// The signature algorithm of the link is not acceptable.
    SignatureAlgorithm(String),
    /// A critical extension calltrust cannot process.
    UnknownCritical { oid: String },
    /// The path validator (rustls-webpki) rejects the path.
    Rejected(String),
    /// A CRL of its issuer lists it.
    Revoked,
}

impl LinkProblem {
    /// How decisive the problem is: the highest-ranked problem of a link is
    /// the one a user sees first (a revoked or expired certificate before a
    /// weak key, a CA misuse before an unknown extension).
    pub fn rank(&self) -> u8 {
        match self {
            LinkProblem::Revoked => 90,
            LinkProblem::Expired { .. } | LinkProblem::NotYetValid { .. } => 80,
            LinkProblem::EndEntityAsCa | LinkProblem::NoBasicConstraints => 70,
            LinkProblem::NoKeyCertSign => 65,
            LinkProblem::PathLenExceeded { .. } => 60,
            LinkProblem::SignatureAlgorithm(_) => 50,
            LinkProblem::WeakRsaKey { .. } => 45,
            LinkProblem::UnknownCritical { .. } => 40,
            LinkProblem::Rejected(_) => 30,
            LinkProblem::Unparsable => 20,
        }
    }

    /// The most decisive of a link's problems (the first of equals).
    pub fn most_specific(problems: &[LinkProblem]) -> Option<&LinkProblem> {
        problems.iter().rev().max_by_key(|p| p.rank())
    }
}

impl std::fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkProblem::Unparsable => f.write_str("the certificate cannot be parsed"),
            LinkProblem::NotYetValid { at, from } => write!(
                f,
                "not yet valid at the reference time {} (valid from {})",
                utc(*at),
                utc(*from)
            ),
            LinkProblem::Expired { anchor, on, at } => write!(
                f,
                "{} expired on {} (reference time {})",
                if *anchor { "the trust anchor" } else { "it" },
                utc(*on),
                utc(*at)
            ),
            LinkProblem::NoBasicConstraints => f.write_str(
                "it signed a certificate but has no basicConstraints: an end-entity certificate cannot act as a CA",
            ),
            LinkProblem::EndEntityAsCa => f.write_str(
                "an end-entity certificate (basicConstraints CA:FALSE) was used as a CA to sign another certificate",
            ),
            LinkProblem::PathLenExceeded { limit, below } => write!(
                f,
                "pathLenConstraint {limit} exceeded: {below} intermediate certificate{} below it",
                if *below == 1 { "" } else { "s" }
            ),
            LinkProblem::NoKeyCertSign => f.write_str(
                "its keyUsage lacks keyCertSign: it is not allowed to sign certificates",
            ),
            LinkProblem::WeakRsaKey { bits } => write!(
                f,
                "its RSA key has {bits} bits: at least 2048 are required to sign certificates"
            ),
            LinkProblem::SignatureAlgorithm(why) => f.write_str(why),
            LinkProblem::UnknownCritical { oid } => write!(
                f,
                "it has a critical extension calltrust cannot process ({oid}); RFC 5280 §4.2 requires rejecting it"
            ),
            LinkProblem::Rejected(e) => write!(f, "rustls-webpki rejects the path: {e}"),
            LinkProblem::Revoked => f.write_str("it is revoked"),
        }
    }
}

/// The result for one leaf.
#[derive(Clone, Debug)]
pub struct Validation {
    pub report: ChainReport,
    /// Indexes into the pool, leaf first.
    pub path: Vec<usize>,
    /// (link index in `path`, the rule it broke) — the most specific broken
    /// rule of each link.
    pub broken: Vec<(usize, LinkProblem)>,
    pub revoked: Vec<RevokedLink>,
    /// Subjects of the non-anchor links whose revocation was not checked.
    pub revocation_unchecked: Vec<String>,
    /// Links checked against a CRL and not on it.
    pub revocation_good: Vec<String>,
    /// CRLs that were ignored or stale, in words.
    pub crl_notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    /// Ends at a self-signed certificate that is not an anchor.
    SelfSigned,
    /// A certificate with the issuer's name exists but did not sign it.
    NotSignedBy(usize),
    /// Longer than MAX_DEPTH, or the search budget ran out.
    TooLong,
    /// No certificate with the issuer's name.
    MissingIssuer,
}

#[derive(Default)]
struct Search {
    complete: Vec<Vec<usize>>,
    ends: Vec<(Vec<usize>, End)>,
    budget_spent: usize,
}

impl<'a> Pool<'a> {
    pub fn new(certs: &'a [CertEntry], infos: &'a [Option<CertInfo>], crls: &'a [Crl]) -> Self {
        Pool {
            certs,
            infos,
            crls,
            signed: RefCell::new(HashMap::new()),
        }
    }

    fn info(&self, i: usize) -> Option<&CertInfo> {
        self.infos.get(i)?.as_ref()
    }

    pub fn name(&self, i: usize) -> String {
        self.info(i)
            .map(|x| x.subject.clone())
            .unwrap_or_else(|| self.certs[i].source.clone())
    }

    pub fn has_anchors(&self) -> bool {
        self.certs.iter().any(|c| c.anchor)
    }

    /// `issuer`'s key verifies `child`'s signature (memoized).
    pub fn signed_by(&self, child: usize, issuer: usize) -> bool {
        if let Some(v) = self.signed.borrow().get(&(child, issuer)) {
            return *v;
        }
        let v = super::cert::signed_by(&self.certs[child].der, &self.certs[issuer].der);
        self.signed.borrow_mut().insert((child, issuer), v);
        v
    }

    /// A supplied certificate that is byte-identical to a configured anchor.
    fn anchor_twin(&self, i: usize) -> Option<usize> {
        if self.certs[i].anchor {
            return Some(i);
        }
        self.certs
            .iter()
            .position(|c| c.anchor && c.der == self.certs[i].der)
    }

    /// Certificates whose subject is `cur`'s issuer, anchors first.
    fn issuers(&self, cur: usize, path: &[usize]) -> Vec<usize> {
        let Some(ci) = self.info(cur) else {
            return Vec::new();
        };
        let mut v: Vec<usize> = (0..self.certs.len())
            .filter(|&i| i != cur && !path.contains(&i))
            .filter(|&i| self.info(i).is_some_and(|x| x.subject_raw == ci.issuer_raw))
            // a supplied copy of an anchor is the anchor
            .filter(|&i| self.certs[i].anchor || self.anchor_twin(i).is_none())
            .collect();
        v.sort_by_key(|&i| !self.certs[i].anchor);
        v
    }

    fn dfs(&self, path: &mut Vec<usize>, out: &mut Search) {
        let Some(&cur) = path.last() else { return };
        if self.certs[cur].anchor {
            out.complete.push(path.clone());
            return;
        }
        if path.len() >= MAX_DEPTH {
            out.ends.push((path.clone(), End::TooLong));
            return;
        }
        let mut signed_any = false;
        let mut impostor = None;
        for i in self.issuers(cur, path) {
            if out.budget_spent >= MAX_SIGNATURE_CHECKS || out.complete.len() >= MAX_PATHS {
                out.ends.push((path.clone(), End::TooLong));
                return;
            }
            out.budget_spent += 1;
            if self.signed_by(cur, i) {
                signed_any = true;
                path.push(i);
                self.dfs(path, out);
                path.pop();
            } else {
                impostor.get_or_insert(i);
            }
        }
        if !signed_any {
            let self_signed =
                self.info(cur).is_some_and(|x| x.self_issued) && self.signed_by(cur, cur);
            let end = if self_signed {
                End::SelfSigned
            } else if let Some(i) = impostor {
                End::NotSignedBy(i)
            } else {
                End::MissingIssuer
            };
            out.ends.push((path.clone(), end));
        }
    }

    /// Every rule each link of `path` breaks, link by link.
    fn judge(&self, path: &[usize], complete: bool, rt: i64) -> Vec<Vec<LinkProblem>> {
        let mut out = Vec::with_capacity(path.len());
        for (k, &i) in path.iter().enumerate() {
            let mut p = Vec::new();
            let Some(info) = self.info(i) else {
                out.push(vec![LinkProblem::Unparsable]);
                continue;
            };
            let is_anchor = complete && k + 1 == path.len();
            if rt < info.not_before {
                p.push(LinkProblem::NotYetValid {
                    at: rt,
                    from: info.not_before,
                });
            } else if rt > info.not_after {
                p.push(LinkProblem::Expired {
                    anchor: is_anchor,
                    on: info.not_after,
                    at: rt,
                });
            }
            if k > 0 {
                // It issued path[k-1]: it must be a CA allowed to sign certificates.
                match info.bc {
                    None => p.push(LinkProblem::NoBasicConstraints),
                    Some((false, _)) => p.push(LinkProblem::EndEntityAsCa),
                    Some((true, Some(n))) => {
                        let below = path[1..k]
                            .iter()
                            .filter(|&&j| !self.info(j).is_some_and(|x| x.self_issued))
                            .count();
                        if below > n as usize {
                            p.push(LinkProblem::PathLenExceeded { limit: n, below });
                        }
                    }
                    Some((true, None)) => {}
                }
                if let Some((false, _)) = info.ku {
                    p.push(LinkProblem::NoKeyCertSign);
                }
                if let Some(bits) = info.rsa_bits.filter(|b| *b < 2048) {
                    p.push(LinkProblem::WeakRsaKey { bits });
                }
            }
            if k + 1 < path.len()
                && let Some(why) = &info.sig_alg_problem
            {
                p.push(LinkProblem::SignatureAlgorithm(why.clone()));
            }
            for oid in &info.unknown_critical {
                p.push(LinkProblem::UnknownCritical { oid: oid.clone() });
            }
            out.push(p);
        }
        out
    }

    /// Validate the path from `leaf` at reference time `rt` (Unix seconds).
    pub fn validate(&self, leaf: usize, rt: i64) -> Validation {
        let anchors = self.has_anchors();
        // A leaf that is itself a configured anchor (a pinned certificate).
        if let Some(a) = self.anchor_twin(leaf).filter(|_| !self.certs[leaf].anchor) {
            let path = vec![leaf];
            let problems = self.judge(&path, true, rt);
            return self.finish(
                path,
                problems,
                ChainStatus::Valid,
                format!(
                    "{} is itself a configured trust anchor ({}).",
                    self.name(leaf),
                    self.certs[a].source
                ),
                None,
                rt,
            );
        }
        // Fast path: the authority finds a path first; when calltrust's own
        // rules find nothing wrong with that very path, it is valid and no
        // link signature is verified twice. Anything else goes to the full
        // search below, which explains.
        if anchors && let Some(path) = self.webpki_path(leaf, rt) {
            let problems = self.judge(&path, true, rt);
            if problems.iter().all(Vec::is_empty) {
                let detail = format!(
                    "Every link is a CA allowed to sign, within its validity at {}, and signed with an acceptable algorithm, ending at the trust anchor {}.",
                    utc(rt),
                    self.name(path[path.len() - 1])
                );
                return self.finish(
                    path,
                    problems,
                    ChainStatus::Valid,
                    detail,
                    Some("rustls-webpki agrees: the path is valid".into()),
                    rt,
                );
            }
        }
        let mut search = Search::default();
        let mut path = vec![leaf];
        self.dfs(&mut path, &mut search);

        if anchors && !search.complete.is_empty() {
            return self.best_complete(search.complete, rt);
        }
        self.dead_end(leaf, search, anchors, rt)
    }

    /// Paths that reach an anchor: the first rule-abiding one rustls-webpki
    /// also accepts is valid; else the one that breaks the fewest rules
    /// says which.
    fn best_complete(&self, complete: Vec<Vec<usize>>, rt: i64) -> Validation {
        let mut scored: Vec<(usize, Vec<usize>, Vec<Vec<LinkProblem>>)> = complete
            .into_iter()
            .map(|p| {
                let j = self.judge(&p, true, rt);
                (j.iter().filter(|x| !x.is_empty()).count(), p, j)
            })
            .collect();
        scored.sort_by_key(|(n, p, _)| (*n, p.len()));
        // Prefer a path webpki also accepts among the rule-abiding ones.
        let mut first_clean_err = None;
        for (_, p, j) in scored.iter().filter(|(n, _, _)| *n == 0) {
            match self.webpki(p, rt) {
                Ok(note) => {
                    let detail = format!(
                        "Every link is a CA allowed to sign, within its validity at {}, and signed with an acceptable algorithm, ending at the trust anchor {}.",
                        utc(rt),
                        self.name(p[p.len() - 1])
                    );
                    return self.finish(
                        p.clone(),
                        j.clone(),
                        ChainStatus::Valid,
                        detail,
                        Some(note),
                        rt,
                    );
                }
                Err(e) => {
                    first_clean_err.get_or_insert((p.clone(), j.clone(), e));
                }
            }
        }
        if let Some((p, mut j, e)) = first_clean_err {
            let detail = format!(
                "calltrust's own checks found no broken rule, but the RFC 5280 validator (rustls-webpki) rejects the path: {e}. Treated as invalid: a chain is only valid when both agree."
            );
            j[0].push(LinkProblem::Rejected(e.to_string()));
            return self.finish(
                p,
                j,
                ChainStatus::Invalid,
                detail,
                Some(format!("rejected: {e}")),
                rt,
            );
        }
        let (_, p, j) = scored.swap_remove(0);
        let (k, rule) = j
            .iter()
            .enumerate()
            .find_map(|(k, x)| LinkProblem::most_specific(x).map(|r| (k, r.to_string())))
            .unwrap_or((0, String::new()));
        let detail = format!(
            "A path to the trust anchor {} exists, but {} breaks a rule: {rule}.",
            self.name(p[p.len() - 1]),
            link_phrase(self, &p, k)
        );
        self.finish(p, j, ChainStatus::Invalid, detail, None, rt)
    }

    /// No path reached an anchor (or none is configured): the most telling
    /// dead end, explained.
    fn dead_end(&self, leaf: usize, search: Search, anchors: bool, rt: i64) -> Validation {
        // No path reached an anchor (or no anchors are configured): explain
        // the most telling dead end.
        let best = search
            .complete
            .first()
            .map(|p| (p.clone(), None))
            .or_else(|| {
                search
                    .ends
                    .iter()
                    .min_by_key(|(p, e)| (*e, std::cmp::Reverse(p.len())))
                    .map(|(p, e)| (p.clone(), Some(*e)))
            })
            .unwrap_or((vec![leaf], Some(End::MissingIssuer)));
        let (path, end) = best;
        let problems = self.judge(&path, false, rt);
        let last = path[path.len() - 1];
        if !anchors {
            let detail = format!(
                "No trust anchors are configured, so whether {} chains to an STI-CA was not checked: a valid signature only proves the token was signed with this certificate's key, and anyone can make a certificate of their own.",
                self.name(leaf)
            );
            return self.finish(path, problems, ChainStatus::NotChecked, detail, None, rt);
        }
        let issuer_name = self
            .info(last)
            .map(|x| x.issuer.clone())
            .unwrap_or_default();
        let (status, detail) = match end {
            Some(End::SelfSigned) => (
                ChainStatus::Untrusted,
                format!(
                    "The chain ends at the self-signed {}, which is not one of your trust anchors.",
                    self.name(last)
                ),
            ),
            Some(End::NotSignedBy(i)) => (
                ChainStatus::Untrusted,
                format!(
                    "{} names {issuer_name} as its issuer, but the certificate with that name ({}) did not sign it.",
                    self.name(last),
                    self.certs[i].source
                ),
            ),
            Some(End::TooLong) => (
                ChainStatus::Untrusted,
                format!(
                    "No path of at most {MAX_DEPTH} certificates from {} reaches a trust anchor.",
                    self.name(leaf)
                ),
            ),
            Some(End::MissingIssuer) | None => (
                ChainStatus::Incomplete,
                format!(
                    "No certificate for {}'s issuer ({issuer_name}) was supplied or fetched: an intermediate certificate is missing, so the chain cannot reach a trust anchor. This is the classic broken-chain trap: the x5u must serve the leaf followed by its intermediates.",
                    self.name(last)
                ),
            ),
        };
        self.finish(path, problems, status, detail, None, rt)
    }

    /// The path rustls-webpki validates for `leaf` with every supplied
    /// intermediate and every anchor, as pool indexes (leaf first, anchor
    /// last); `None` when it finds none (or cannot read the leaf).
    fn webpki_path(&self, leaf: usize, rt: i64) -> Option<Vec<usize>> {
        let leaf_der = CertificateDer::from(self.certs[leaf].der.as_slice());
        let ee = webpki::EndEntityCert::try_from(&leaf_der).ok()?;
        let intermediates: Vec<CertificateDer<'_>> = (0..self.certs.len())
            .filter(|&i| i != leaf && !self.certs[i].anchor)
            .map(|i| CertificateDer::from(self.certs[i].der.as_slice()))
            .collect();
        let anchor_ders: Vec<(usize, CertificateDer<'_>)> = (0..self.certs.len())
            .filter(|&i| self.certs[i].anchor)
            .map(|i| (i, CertificateDer::from(self.certs[i].der.as_slice())))
            .collect();
        let anchors: Vec<(usize, rustls_pki_types::TrustAnchor<'_>)> = anchor_ders
            .iter()
            .filter_map(|(i, d)| webpki::anchor_from_trusted_cert(d).ok().map(|a| (*i, a)))
            .collect();
        let list: Vec<rustls_pki_types::TrustAnchor<'_>> =
            anchors.iter().map(|(_, a)| a.clone()).collect();
        let time = UnixTime::since_unix_epoch(Duration::from_secs(rt.max(0) as u64));
        let verified = ee
            .verify_for_usage(ALGORITHMS, &list, &intermediates, time, AnyEku, None, None)
            .ok()?;
        let mut path = vec![leaf];
        for c in verified.intermediate_certificates() {
            let der = c.der();
            let i = (0..self.certs.len())
                .find(|&i| !self.certs[i].anchor && self.certs[i].der == der.as_ref())?;
            path.push(i);
        }
        let anchor = verified.anchor();
        path.push(anchors.iter().find(|(_, a)| a == anchor)?.0);
        Some(path)
    }

    /// The independent validator's view of `path` (leaf first, anchor last).
    fn webpki(&self, path: &[usize], rt: i64) -> Result<String, String> {
        if path.len() < 2 {
            return Ok("not consulted: the leaf is itself a trust anchor".into());
        }
        let leaf = CertificateDer::from(self.certs[path[0]].der.as_slice());
        let intermediates: Vec<CertificateDer<'_>> = path[1..path.len() - 1]
            .iter()
            .map(|&i| CertificateDer::from(self.certs[i].der.as_slice()))
            .collect();
        let anchor_der = CertificateDer::from(self.certs[path[path.len() - 1]].der.as_slice());
        let anchor = webpki::anchor_from_trusted_cert(&anchor_der)
            .map_err(|e| format!("the trust anchor cannot be read ({e:?})"))?;
        let time = UnixTime::since_unix_epoch(Duration::from_secs(rt.max(0) as u64));
        let stir_critical: Vec<String> = path
            .iter()
            .filter_map(|&i| self.info(i))
            .flat_map(|x| {
                x.critical_stir
                    .iter()
                    .map(move |n| format!("{n} in {}", x.subject))
            })
            .collect();
        let ee = match webpki::EndEntityCert::try_from(&leaf) {
            Ok(ee) => ee,
            Err(webpki::Error::UnsupportedCriticalExtension) if !stir_critical.is_empty() => {
                return Ok(format!(
                    "not consulted: rustls-webpki refuses the critical {} (allowed by RFC 8226); calltrust's RFC 5280 checks decided",
                    stir_critical.join(", ")
                ));
            }
            Err(e) => return Err(webpki_words(&e)),
        };
        match ee.verify_for_usage(
            ALGORITHMS,
            &[anchor],
            &intermediates,
            time,
            AnyEku,
            None,
            None,
        ) {
            Ok(_) => Ok("rustls-webpki agrees: the path is valid".into()),
            Err(webpki::Error::UnsupportedCriticalExtension) if !stir_critical.is_empty() => Ok(format!(
                "not consulted: rustls-webpki refuses the critical {} (allowed by RFC 8226); calltrust's RFC 5280 checks decided",
                stir_critical.join(", ")
            )),
            Err(webpki::Error::CaUsedAsEndEntity) => Ok(
                "rustls-webpki does not validate a CA certificate as a signer; calltrust's RFC 5280 checks decided (see cert-ca-signer)".into(),
            ),
            Err(e) => Err(webpki_words(&e)),
        }
    }

    fn finish(
        &self,
        path: Vec<usize>,
        mut problems: Vec<Vec<LinkProblem>>,
        mut status: ChainStatus,
        mut detail: String,
        validator: Option<String>,
        rt: i64,
    ) -> Validation {
        let complete = matches!(status, ChainStatus::Valid | ChainStatus::Invalid);
        let mut v = Validation {
            report: ChainReport {
                status,
                path: Vec::new(),
                detail: String::new(),
                links: Vec::new(),
                validator,
            },
            path: Vec::new(),
            broken: Vec::new(),
            revoked: Vec::new(),
            revocation_unchecked: Vec::new(),
            revocation_good: Vec::new(),
            crl_notes: Vec::new(),
        };
        let mut links = Vec::with_capacity(path.len());
        for (k, &i) in path.iter().enumerate() {
            let info = self.info(i);
            let is_last = k + 1 == path.len();
            let role = if k == 0 && !(complete && is_last) {
                LinkRole::Leaf
            } else if complete && is_last {
                LinkRole::TrustAnchor
            } else if is_last && status != ChainStatus::NotChecked {
                LinkRole::Untrusted
            } else {
                LinkRole::Intermediate
            };
            let (revocation, revocation_detail) = if role == LinkRole::TrustAnchor {
                (RevocationStatus::Anchor, String::new())
            } else {
                self.revocation(&path, k, rt, &mut v)
            };
            if revocation == RevocationStatus::Revoked {
                problems[k].push(LinkProblem::Revoked);
            }
            links.push(LinkReport {
                subject: self.name(i),
                role,
                not_before: info.map(|x| utc(x.not_before)).unwrap_or_default(),
                not_after: info.map(|x| utc(x.not_after)).unwrap_or_default(),
                ca: info.map(ca_words).unwrap_or_default(),
                signature_algorithm: info.map(|x| x.sig_alg.clone()).unwrap_or_default(),
                revocation,
                revocation_detail,
                problems: problems[k].iter().map(ToString::to_string).collect(),
            });
        }
        if !v.revoked.is_empty() && status == ChainStatus::Valid {
            status = ChainStatus::Invalid;
            detail = format!(
                "Every link passes RFC 5280's other rules, but {} is revoked ({}).",
                v.revoked[0].subject, v.revoked[0].crl
            );
        }
        v.broken = problems
            .iter()
            .enumerate()
            .filter_map(|(k, x)| LinkProblem::most_specific(x).map(|r| (k, r.clone())))
            .collect();
        v.report.status = status;
        v.report.path = path.iter().map(|&i| self.name(i)).collect();
        v.report.detail = detail;
        v.report.links = links;
        v.path = path;
        v
    }

    /// Whether a CRL may be used for a certificate `issuer` issued: its
    /// signature must verify with that certificate's key (else it is
    /// ignored, with a note); an out-of-date CRL is used, with a note.
    fn crl_usable(&self, crl: &Crl, issuer: usize, rt: i64, v: &mut Validation) -> bool {
        if !crl.signed_by(&self.certs[issuer].der) {
            let note = format!(
                "{} names {} as its issuer, but its signature does not verify with that certificate's key: ignored.",
                crl.source, crl.issuer
            );
            if !v.crl_notes.contains(&note) {
                v.crl_notes.push(note);
            }
            return false;
        }
        if let Some(next) = crl.next_update.filter(|n| *n < rt) {
            let note = format!(
                "{} was out of date at the reference time (next update {}): a newer CRL may list more certificates.",
                crl.source,
                utc(next)
            );
            if !v.crl_notes.contains(&note) {
                v.crl_notes.push(note);
            }
        }
        true
    }

    /// Look `path[k]` up in the CRLs of its issuer `path[k+1]`.
    fn revocation(
        &self,
        path: &[usize],
        k: usize,
        rt: i64,
        v: &mut Validation,
    ) -> (RevocationStatus, String) {
        let i = path[k];
        let Some(info) = self.info(i) else {
            return (RevocationStatus::NotChecked, String::new());
        };
        let subject = self.name(i);
        let Some(&issuer) = path.get(k + 1) else {
            v.revocation_unchecked.push(subject);
            return (
                RevocationStatus::NotChecked,
                "its issuer is not at hand, so no CRL for it can be checked".into(),
            );
        };
        let mut good: Option<String> = None;
        for crl in self.crls.iter().filter(|c| c.issuer_raw == info.issuer_raw) {
            if !self.crl_usable(crl, issuer, rt, v) {
                continue;
            }
            match crl.lookup(&info.serial_raw) {
                Lookup::Revoked(r) => {
                    let d = format!(
                        "on {}: revoked {}{}",
                        crl.describe(),
                        utc(r.date),
                        r.reason
                            .as_deref()
                            .map(|x| format!(", reason {x}"))
                            .unwrap_or_default()
                    );
                    v.revoked.push(RevokedLink {
                        subject,
                        serial: info.serial.clone(),
                        crl: crl.describe(),
                        date: utc(r.date),
                        reason: r.reason,
                    });
                    return (RevocationStatus::Revoked, d);
                }
                Lookup::Good => {
                    good.get_or_insert_with(|| format!("not on {}", crl.describe()));
                }
                Lookup::Unreadable => {}
            }
        }
        match good {
            Some(d) => {
                v.revocation_good.push(subject);
                (RevocationStatus::Good, d)
            }
            None => {
                v.revocation_unchecked.push(subject);
                (
                    RevocationStatus::NotChecked,
                    if info.crl_dps.is_empty() {
                        "no CRL for its issuer was given, and it names no CRL distribution point"
                            .into()
                    } else {
                        format!(
                            "no CRL for its issuer was given; its distribution point is {}",
                            info.crl_dps.join(", ")
                        )
                    },
                )
            }
        }
    }
}

/// "the leaf X", "the intermediate X", "the trust anchor X".
fn link_phrase(pool: &Pool<'_>, path: &[usize], k: usize) -> String {
    let role = if k == 0 {
        "the leaf"
    } else if k + 1 == path.len() {
        "the trust anchor"
    } else {
        "the intermediate"
    };
    format!("{role} {}", pool.name(path[k]))
}

fn ca_words(x: &CertInfo) -> String {
    let bc = match x.bc {
        None => "no basicConstraints (end entity)".to_string(),
        Some((false, _)) => "CA:FALSE (end entity)".to_string(),
        Some((true, None)) => "CA:TRUE".to_string(),
        Some((true, Some(n))) => format!("CA:TRUE, pathlen {n}"),
    };
    let ku = match x.ku {
        None => String::new(),
        Some((true, _)) => ", keyCertSign".to_string(),
        Some((false, _)) => ", no keyCertSign".to_string(),
    };
    format!("{bc}{ku}")
}

/// Accept any EKU (or none): STI certificates carry no TLS EKU, and EKU is a
/// compliance question, not a path-validation one.
struct AnyEku;

impl webpki::ExtendedKeyUsageValidator for AnyEku {
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        for id in iter {
            id?;
        }
        Ok(())
    }
}

/// The algorithms a certificate link may be signed with (no SHA-1, no MD5).
static ALGORITHMS: &[&dyn rustls_pki_types::SignatureVerificationAlgorithm] = &[
    webpki::ring::ECDSA_P256_SHA256,
    webpki::ring::ECDSA_P256_SHA384,
    webpki::ring::ECDSA_P384_SHA256,
    webpki::ring::ECDSA_P384_SHA384,
    webpki::ring::ED25519,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
    webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
    webpki::ring::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
    webpki::ring::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
];

fn webpki_words(e: &webpki::Error) -> String {
    use webpki::Error as E;
    match e {
        E::UnknownIssuer => "it finds no path to the trust anchor (UnknownIssuer)".into(),
        E::CertExpired { .. } => "a certificate of the path is expired (CertExpired)".into(),
        E::CertNotValidYet { .. } => "a certificate of the path is not yet valid (CertNotValidYet)".into(),
        E::EndEntityUsedAsCa => "an end-entity certificate is used as a CA (EndEntityUsedAsCa)".into(),
        E::PathLenConstraintViolated => "a pathLenConstraint is exceeded (PathLenConstraintViolated)".into(),
        E::UnsupportedCriticalExtension => "a certificate has a critical extension it cannot process (UnsupportedCriticalExtension)".into(),
        E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "a link is signed with an algorithm it does not accept (SHA-1, or an RSA key under 2048 bits)".into()
        }
        E::InvalidSignatureForPublicKey => "a link's signature does not verify (InvalidSignatureForPublicKey)".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod link_problem_tests {
    use super::LinkProblem;

    #[test]
    fn the_most_specific_problem_is_the_one_shown() {
        let expired = LinkProblem::Expired {
            anchor: false,
            on: 1_700_000_000,
            at: 1_795_339_800,
        };
        let weak = LinkProblem::WeakRsaKey { bits: 1024 };
        let critical = LinkProblem::UnknownCritical {
            oid: "1.2.3".into(),
        };
        let link = [weak.clone(), critical, expired.clone()];
        assert_eq!(LinkProblem::most_specific(&link), Some(&expired));
        assert_eq!(
            LinkProblem::most_specific(&[LinkProblem::NoKeyCertSign, LinkProblem::Revoked]),
            Some(&LinkProblem::Revoked)
        );
        // Equals: the first found.
        let a = LinkProblem::SignatureAlgorithm("a".into());
        let b = LinkProblem::SignatureAlgorithm("b".into());
        assert_eq!(LinkProblem::most_specific(&[a.clone(), b]), Some(&a));
        assert_eq!(LinkProblem::most_specific(&[]), None);
        // The report's words are unchanged.
        assert_eq!(
            weak.to_string(),
            "its RSA key has 1024 bits: at least 2048 are required to sign certificates"
        );
        assert!(expired.to_string().starts_with("it expired on 2023-11-14"));
    }
}
