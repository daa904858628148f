//! Proving or disproving what a PASSporT claims: ES256 signatures over the
//! exact received `header.payload` bytes (RFC 7515 §5.2, RFC 8225 §6), the
//! signing certificate (ATIS-1000080) and its chain to configured trust anchors.
//!
//! Never fail open: a signature or chain that was not checked is reported as
//! not checked. Only ES256 is ever verified; the algorithm comes from this
//! code, never from the token, so a public key cannot be used as an HMAC secret.

pub mod cache;
pub mod cert;
pub mod constraints;
pub mod crl;
pub mod keyring;
pub mod keys;
pub mod path;
pub mod results;

use std::collections::HashMap;

use base64::Engine as _;

use crate::base::B64URL;
use crate::given::{Fetched, KeyFile};
use crate::input::Evidence;
use crate::model::RefTime;
use crate::model::TimeSource;
use crate::model::{Finding, Severity, ids};
use crate::passport::canonical::to_canonical;
use crate::passport::token::Token;
use crate::timefmt::utc;
use crate::verify::results::CertUsage;
use crate::verify::results::{CertReport, ChainReport, ChainStatus, SigStatus, SignatureReport};
use keyring::{Cand, Keyring, Provenance};

/// What verification is given: key material and fetch results, never the
/// auth token or anything else of the request.
#[derive(Clone, Copy, Debug)]
pub struct KeyMaterial<'a> {
    pub certs: &'a [KeyFile],
    pub trust_anchors: &'a [KeyFile],
    pub crls: &'a [KeyFile],
    pub fetched: &'a [Fetched],
    /// A batch's memo of parsed material, validated chains and judged
    /// certificates (`None`: parse everything afresh).
    pub cache: Option<&'a cache::Cache>,
    /// Only what a batch row shows: findings that can decide it and the
    /// signer's certificate; no chain or other certificate views.
    pub rows_only: bool,
    /// Every certificate at hand may have signed any token (the user said so).
    pub any_cert_signs: bool,
}

/// What verification found.
#[derive(Default, Debug, Clone)]
pub struct Outcome {
    /// One per token, by index.
    pub signatures: Vec<SignatureReport>,
    pub certificates: Vec<CertReport>,
    pub chains: Vec<ChainReport>,
    pub repositories: Vec<crate::verify::results::RepositoryReport>,
    pub findings: Vec<Finding>,
    /// Index of a SHAKEN PASSporT whose signature calltrust verified.
    pub verified_shaken: Option<usize>,
    /// Index of a SHAKEN PASSporT whose signature calltrust verified *and*
    /// whose signing certificate chains to a configured trust anchor.
    pub trusted_shaken: Option<usize>,
    /// Every chain checked was valid (and at least one was checked).
    pub chain_valid: bool,
}

/// ES256 (RFC 7518 §3.4) over `signing_input` with a P-256 SEC1 point: the
/// 64-byte r‖s signature, SHA-256, P-256, verified by *ring* (BoringSSL's
/// P-256 code, OpenSSL's speed). The algorithm is fixed here, never taken
/// from the token.
pub fn es256_verify(point: &[u8], signing_input: &[u8], sig: &[u8]) -> bool {
    if sig.len() != 64 {
        return false;
    }
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, point)
        .verify(signing_input, sig)
        .is_ok()
}

fn not_checked(detail: String) -> SignatureReport {
    SignatureReport {
        status: SigStatus::NotChecked,
        detail,
        key: None,
        length: None,
        signer_chain: None,
    }
}

/// Load and parse the key material (memoised per batch by [`cache::Cache`]).
fn prepare(opts: &KeyMaterial<'_>) -> cache::Prepared {
    let mut findings = Vec::new();
    let mut ring = Keyring {
        loaded: keys::Loaded::default(),
        infos: Vec::new(),
    };
    let mut crls = Vec::new();
    for f in opts.crls {
        crl::load(&f.name, &f.bytes, &mut crls, &mut findings);
    }
    for f in opts.certs {
        keys::load(&f.name, &f.bytes, false, None, &mut ring.loaded);
    }
    for f in opts.trust_anchors {
        keys::load(&f.name, &f.bytes, true, None, &mut ring.loaded);
    }
    for fe in opts.fetched {
        match &fe.result {
            Ok(bytes) => {
                let before = ring.loaded.certs.len();
                keys::load(&fe.url, bytes, false, Some(&fe.url), &mut ring.loaded);
                let n = ring.loaded.certs.len() - before;
                findings.push(Finding::info(
                    ids::X5U_FETCH,
                    "Certificate fetched",
                    format!("Fetched {} bytes from {} ({n} certificate{}).", bytes.len(), fe.url, if n == 1 { "" } else { "s" }),
                ));
            }
            Err(e) => findings.push(
                Finding::warning(ids::X5U_FETCH, "Certificate fetch failed", format!("{}: {e}", fe.url))
                    .hint("Download the certificate another way and pass it with --cert, or check the URL and your network."),
            ),
        }
    }
    findings.append(&mut ring.loaded.findings);
    ring.infos = ring
        .loaded
        .certs
        .iter()
        .map(|c| cert::parse(&c.der))
        .collect();
    cache::Prepared {
        ring,
        crls,
        findings,
    }
}

/// What the chain and certificate phases share.
struct Phase<'a> {
    opts: &'a KeyMaterial<'a>,
    /// The key material's digest, when a batch cache is in use.
    key: Option<cache::Digest32>,
    ring: &'a Keyring,
    pool: &'a path::Pool<'a>,
    rt: RefTime,
    /// A batch row: findings and the signer's SPC, not the views.
    lean: bool,
}

pub fn run(tokens: &[Token], ev: &Evidence, opts: &KeyMaterial<'_>, rt: RefTime) -> Outcome {
    let mut out = Outcome::default();
    let key = opts
        .cache
        .map(|_| cache::material_key(opts.certs, opts.trust_anchors, opts.crls, opts.fetched));
    let prepared = match (opts.cache, &key) {
        (Some(c), Some(k)) => c.prepared(k, || prepare(opts)),
        _ => std::sync::Arc::new(prepare(opts)),
    };
    let ring = &prepared.ring;
    let crls = &prepared.crls;
    out.findings.extend(prepared.findings.iter().cloned());

    let used = match_signatures(tokens, ev, ring, opts, &mut out);
    // Certificates actually used: checks, chains, reports.
    let mut cert_used_by: HashMap<usize, Vec<usize>> = HashMap::new();
    for (c, ti) in &used {
        if let Cand::Cert(i) = c {
            cert_used_by.entry(*i).or_default().push(*ti);
        }
    }
    let mut leaves: Vec<usize> = cert_used_by.keys().copied().collect();
    leaves.sort_unstable();
    signers_checks(tokens, ring, &cert_used_by, &leaves, rt, &mut out.findings);
    let pool = path::Pool::new(&ring.loaded.certs, &ring.infos, crls);
    // Certificate inspection without a token: a pasted bundle always shows
    // the chain it holds, and certificates given with nothing else to judge
    // (an empty paste) are checked on their own. A call without a PASSporT
    // (a webhook, an unsigned INVITE) does not judge the certificates at
    // hand: they are not its (SPEC §6).
    let pasted = ev.kind == crate::model::InputKind::Certificate;
    let alone =
        ev.kind == crate::model::InputKind::Empty && (pool.has_anchors() || !crls.is_empty());
    if tokens.is_empty() && (pasted || alone) {
        leaves.extend(
            ring.loaded
                .certs
                .iter()
                .enumerate()
                .filter(|(i, e)| !e.anchor && e.position == 0 && ring.infos[*i].is_some())
                .map(|(i, _)| i),
        );
    }
    let phase = Phase {
        opts,
        key,
        ring,
        pool: &pool,
        rt,
        lean: opts.rows_only && !pasted,
    };
    let (chain_roles, leaf_chain) = check_chains(&phase, &leaves, &cert_used_by, &mut out);
    for (c, ti) in &used {
        if let (Cand::Cert(i), Some(s)) = (c, out.signatures.get_mut(*ti)) {
            s.signer_chain = leaf_chain.get(i).copied();
        }
    }
    report_certificates(&phase, &cert_used_by, &chain_roles, &mut out);
    out.repositories = repositories(tokens, opts, &mut out.findings);
    let shaken_with = |ok: &dyn Fn(&SignatureReport) -> bool| {
        tokens
            .iter()
            .find(|t| t.is_shaken() && out.signatures.get(t.index).is_some_and(ok))
            .map(|t| t.index)
    };
    out.verified_shaken = shaken_with(&|s| s.status == SigStatus::Valid);
    out.trusted_shaken = shaken_with(&|s| s.trusted());
    out
}

/// `leaf_checks` for each certificate that verified a token, per token.
fn signers_checks(
    tokens: &[Token],
    ring: &Keyring,
    cert_used_by: &HashMap<usize, Vec<usize>>,
    leaves: &[usize],
    rt: RefTime,
    f: &mut Vec<Finding>,
) {
    for &leaf in leaves {
        for &ti in &cert_used_by[&leaf] {
            if let (Some(info), Some(t)) = (&ring.infos[leaf], tokens.get(ti)) {
                leaf_checks(info, &ring.loaded.certs[leaf].source, t, rt, f);
            }
        }
    }
}

/// Validate each leaf's chain: the role each certificate plays in a path,
/// and each leaf's chain status. Sets `chain_valid`.
fn check_chains(
    p: &Phase<'_>,
    leaves: &[usize],
    cert_used_by: &HashMap<usize, Vec<usize>>,
    out: &mut Outcome,
) -> (HashMap<usize, CertUsage>, HashMap<usize, ChainStatus>) {
    let mut chain_roles: HashMap<usize, CertUsage> = HashMap::new();
    let mut leaf_chain: HashMap<usize, ChainStatus> = HashMap::new();
    let mut all_valid = true;
    let mut chains_checked = 0usize;
    for &leaf in leaves {
        let users = cert_used_by.get(&leaf).map(Vec::as_slice).unwrap_or(&[]);
        let clock = p.rt.clock;
        let v = match (p.opts.cache, &p.key) {
            (Some(c), Some(k)) => c.validation(k, leaf, clock, || p.pool.validate(leaf, clock)),
            _ => std::sync::Arc::new(p.pool.validate(leaf, clock)),
        };
        all_valid &= v.report.status == ChainStatus::Valid;
        leaf_chain.insert(leaf, v.report.status);
        for (k, &i) in v.path.iter().enumerate().skip(1) {
            let anchor_end = k + 1 == v.path.len() && p.ring.loaded.certs[i].anchor;
            chain_roles.insert(
                i,
                if anchor_end {
                    CertUsage::TrustAnchor
                } else {
                    CertUsage::Intermediate
                },
            );
        }
        out.findings
            .extend(chain_findings(&v, users.first().copied()));
        chains_checked += 1;
        if !p.lean {
            out.chains.push(v.report.clone());
        }
    }
    out.chain_valid = all_valid && chains_checked > 0;
    (chain_roles, leaf_chain)
}

/// Every certificate at hand, judged by the STI rules and reported with
/// the part it plays (signer, intermediate, anchor, pasted, unused).
fn report_certificates(
    p: &Phase<'_>,
    cert_used_by: &HashMap<usize, Vec<usize>>,
    chain_roles: &HashMap<usize, CertUsage>,
    out: &mut Outcome,
) {
    for (i, e) in p.ring.loaded.certs.iter().enumerate() {
        let Some(info) = &p.ring.infos[i] else {
            continue;
        };
        let usage = if cert_used_by.contains_key(&i) {
            CertUsage::Signer
        } else if let Some(r) = chain_roles.get(&i) {
            *r
        } else if e.anchor {
            continue;
        } else if e.source.starts_with(PASTED) {
            CertUsage::Pasted
        } else {
            CertUsage::Unused
        };
        if p.lean && usage != CertUsage::Signer {
            // Its rule findings are warnings and notes: they never decide a row.
            continue;
        }
        let users = cert_used_by.get(&i).cloned().unwrap_or_default();
        let judge = || {
            let report = cert::report(info, &e.der, &e.source, usage, users.clone());
            let findings = compliance_findings(&report, users.first().copied());
            (report, findings)
        };
        let judged = match (p.opts.cache, &p.key) {
            (Some(c), Some(k)) => c.report(k, i, usage, &users, judge),
            _ => std::sync::Arc::new(judge()),
        };
        let (report, findings) = &*judged;
        if p.lean {
            // The signer, for its SPC; its rule findings are warnings and
            // notes, which never decide a row.
            out.certificates.push(CertReport {
                source: report.source.clone(),
                role: report.role,
                usage: report.usage,
                spc: report.spc.clone(),
                subject: report.subject.clone(),
                ..Default::default()
            });
        } else {
            // A certificate that signs nothing in this call is listed, its
            // rules kept, but not linted into the call's findings.
            if usage != CertUsage::Unused {
                out.findings.extend(findings.iter().cloned());
            }
            out.certificates.push(report.clone());
        }
    }
}

fn cert_key_desc(ring: &Keyring, c: Cand) -> String {
    match c {
        Cand::Cert(i) => ring.infos[i]
            .as_ref()
            .map(|x| x.key_desc.clone())
            .unwrap_or_default(),
        Cand::Key(_) => "EC P-256".into(),
    }
}

fn how_to_supply(t: &Token, any_keys: bool, opts: &KeyMaterial<'_>) -> String {
    if t.is_parent() {
        return "parentCallInfoToken is signed by Twilio with a key Twilio does not publish; calltrust cannot check it offline. Its claims are shown for comparison only.".into();
    }
    let fetched = t
        .x5u()
        .is_some_and(|x| opts.fetched.iter().any(|f| f.url == x));
    match t.x5u() {
        Some(x) if any_keys => format!("None of the supplied keys belongs to this token's x5u ({x}). Supply that certificate with --cert, or fetch it{}.", if fetched { " (the fetch failed: see x5u-fetch)" } else { " with --fetch-x5u" }),
        Some(x) if fetched => format!("The certificate at {x} could not be fetched (see x5u-fetch). Download it another way and pass it with --cert FILE."),
        Some(x) => format!("No certificate was supplied. The signer's certificate is at {x}: fetch it (--fetch-x5u, or the Fetch button in the window) or download it and pass it with --cert FILE. Nothing about this signature has been verified."),
        None => "The token has no x5u, so calltrust cannot tell which certificate signed it; pass the signer's certificate with --cert FILE.".into(),
    }
}

type Prepared = (Vec<u8>, String);
/// Why a signature was not checked, and the finding that says so.
type Unchecked = Box<(SignatureReport, Option<Finding>)>;

/// The signature search's state: each token's result so far, its signing
/// input, which x5u each key proved to be, and which key verified which token.
struct Matching {
    sigs: Vec<Option<SignatureReport>>,
    prepared: Vec<Option<(Vec<u8>, String)>>,
    /// Which x5u each key verified (a key proven to belong to one x5u is not tried for others).
    claimed: HashMap<Cand, String>,
    used: Vec<(Cand, usize)>,
}

/// Verify every token's signature against the keys at hand: first the
/// certificates its x5u names, then every key not proven to be another
/// x5u's. Sets `out.signatures`; returns which key verified which token.
fn match_signatures(
    tokens: &[Token],
    ev: &Evidence,
    ring: &Keyring,
    opts: &KeyMaterial<'_>,
    out: &mut Outcome,
) -> Vec<(Cand, usize)> {
    let mut m = Matching {
        sigs: vec![None; tokens.len()],
        prepared: vec![None; tokens.len()],
        claimed: HashMap::new(),
        used: Vec::new(),
    };
    for t in tokens {
        match precheck(t, ev, ring) {
            Ok(p) => m.prepared[t.index] = Some(p),
            Err(unchecked) => {
                let (report, finding) = *unchecked;
                if let Some(f) = finding {
                    out.findings.push(f.passport(t.index));
                }
                m.sigs[t.index] = Some(report);
            }
        }
    }
    named_pass(tokens, ring, &mut m, out);
    fallback_pass(tokens, ring, opts, &mut m, out);
    out.signatures = m
        .sigs
        .into_iter()
        .map(|s| s.unwrap_or_else(|| not_checked("not checked".into())))
        .collect();
    m.used
}

/// Pass 1: tokens whose x5u names a supplied or fetched certificate.
fn named_pass(tokens: &[Token], ring: &Keyring, m: &mut Matching, out: &mut Outcome) {
    for t in tokens.iter().filter(|t| !t.is_parent()) {
        let Some((sig, input)) = &m.prepared[t.index] else {
            continue;
        };
        let Some(x5u) = t.x5u() else { continue };
        let named = ring.named(x5u);
        if named.is_empty() {
            continue;
        }
        let hit = named.iter().copied().find(|c| {
            ring.point(*c)
                .is_some_and(|p| es256_verify(p, input.as_bytes(), sig))
        });
        match hit {
            Some(c) => {
                m.claimed.insert(c, x5u.to_string());
                m.used.push((c, t.index));
                m.sigs[t.index] = Some(valid(t, ring, c, Provenance::Named, out));
            }
            None => {
                let usable: Vec<Cand> = named
                    .iter()
                    .copied()
                    .filter(|c| ring.point(*c).is_some())
                    .collect();
                if usable.is_empty() {
                    m.sigs[t.index] = Some(not_checked(format!(
                        "The certificate for {x5u} has no P-256 key, so it cannot verify ES256."
                    )));
                    out.findings.push(
                        Finding::error(
                            ids::CERT_KEY,
                            "Signing certificate has no P-256 key",
                            format!(
                                "{} cannot verify an ES256 signature: its key is {}.",
                                ring.label(named[0]),
                                cert_key_desc(ring, named[0])
                            ),
                        )
                        .passport(t.index),
                    );
                } else {
                    for c in &usable {
                        m.claimed.insert(*c, x5u.to_string());
                    }
                    m.sigs[t.index] = Some(invalid(t, ring, &usable, true, out));
                }
            }
        }
    }
}

/// Pass 2: every other token, against every key not proven to be another x5u's.
fn fallback_pass(
    tokens: &[Token],
    ring: &Keyring,
    opts: &KeyMaterial<'_>,
    m: &mut Matching,
    out: &mut Outcome,
) {
    let any_keys = !ring.leafish().is_empty();
    for t in tokens {
        if m.sigs[t.index].is_some() {
            continue;
        }
        let Some((sig, input)) = &m.prepared[t.index] else {
            continue;
        };
        let x5u = if t.is_parent() { None } else { t.x5u() };
        let pool: Vec<Cand> = ring
            .leafish()
            .into_iter()
            .filter(|c| ring.point(*c).is_some())
            .filter(|c| match (m.claimed.get(c), x5u) {
                (Some(owner), Some(x)) => owner == x,
                (Some(_), None) => false,
                (None, _) => true,
            })
            .collect();
        let hit = pool.iter().copied().find(|c| {
            ring.point(*c)
                .is_some_and(|p| es256_verify(p, input.as_bytes(), sig))
        });
        m.sigs[t.index] = Some(match hit {
            Some(c) => {
                if let Some(x) = x5u {
                    m.claimed.insert(c, x.to_string());
                }
                m.used.push((c, t.index));
                valid(t, ring, c, Provenance::Fallback, out)
            }
            None if pool.is_empty() || t.is_parent() => {
                let detail = how_to_supply(t, any_keys, opts);
                let sev = if t.is_parent() {
                    Severity::Info
                } else {
                    Severity::Warning
                };
                out.findings.push(
                    Finding::new(ids::SIGNATURE_NOT_CHECKED, sev, format!("Signature of {} not checked", t.label()), detail.clone())
                        .hint(if t.is_parent() { "Nothing to do unless you hold Twilio's key for parentCallInfoToken." } else { "Supply the certificate at the x5u URL (--cert FILE, or --fetch-x5u / the Fetch button) to verify the signature." })
                        .passport(t.index),
                );
                not_checked(detail)
            }
            None if opts.any_cert_signs => invalid(t, ring, &pool, false, out),
            None => foreign_certs_not_checked(t, x5u, &pool, ring, out),
        });
    }
}

/// Certificates at hand that are not the x5u's and do not verify the
/// signature are no evidence about it (SPEC §6): not checked.
fn foreign_certs_not_checked(
    t: &Token,
    x5u: Option<&str>,
    pool: &[Cand],
    ring: &Keyring,
    out: &mut Outcome,
) -> SignatureReport {
    let labels: Vec<String> = pool.iter().map(|c| ring.label(*c)).collect();
    let detail = format!(
        "No certificate for this token's x5u ({}) is at hand. The {} at hand ({}) {} not named by the x5u and {} not verify the signature, so {} no evidence about this token: the signature was not checked.",
        x5u.unwrap_or("missing"),
        if labels.len() == 1 {
            "certificate"
        } else {
            "certificates"
        },
        labels.join(", "),
        if labels.len() == 1 { "is" } else { "are" },
        if labels.len() == 1 { "does" } else { "do" },
        if labels.len() == 1 {
            "it is"
        } else {
            "they are"
        },
    );
    out.findings.push(
        Finding::warning(
            ids::SIGNATURE_NOT_CHECKED,
            format!("Signature of {} not checked", t.label()),
            detail.clone(),
        )
        .hint("Get the certificate the x5u names (fetch it, or save it under the x5u's file name); if one of the certificates at hand is the signer's under another name, mark the certificates as usable for any token, and a signature that still fails is then tampering.")
        .passport(t.index),
    );
    not_checked(detail)
}

/// Everything that must hold before a signature can be checked at all.
fn precheck(t: &Token, ev: &Evidence, ring: &Keyring) -> Result<Prepared, Unchecked> {
    let d = &t.decoded;
    let malformed = |why: &str| {
        (
            SignatureReport {
                status: SigStatus::Malformed,
                detail: why.to_string(),
                key: None,
                length: None,
                signer_chain: None,
            },
            None,
        )
    };
    if d.header_b64.is_empty()
        || d.problems
            .iter()
            .any(|p| p.part == crate::passport::Part::Token)
    {
        return Err(Box::new(malformed(
            "The value is not header.payload.signature, so there is no signature to check.",
        )));
    }
    let Some(sig) = &d.signature else {
        return Err(Box::new(malformed(
            "The signature segment is missing or not base64url, so nothing can be checked.",
        )));
    };
    if d.header.is_none() {
        return Err(Box::new(malformed(
            "The header cannot be read, so the algorithm is unknown; nothing was checked.",
        )));
    }
    if t.alg() != Some("ES256") {
        return Err(unsupported_alg(t, sig));
    }
    if crate::passport::token::signature_cut_off(sig) {
        return Err(Box::new(malformed(
            "The signature is shorter than ES256's 64 bytes and is not DER: the token was cut off in copying, so nothing can be checked.",
        )));
    }
    if sig.len() != 64 {
        return Err(Box::new(bad_encoding(t, sig, ring)));
    }
    let input = if d.compact {
        compact_input(t, ev)?
    } else {
        d.signing_input()
    };
    Ok((sig.clone(), input))
}

/// An alg other than ES256: the signature is not checked.
fn unsupported_alg(t: &Token, sig: &[u8]) -> Unchecked {
    let a = t.alg().unwrap_or("(none)");
    let detail =
        format!("alg is {a}; calltrust only ever verifies ES256 and did not check this signature.");
    Box::new((
        SignatureReport {
            status: SigStatus::UnsupportedAlg,
            detail: detail.clone(),
            key: None,
            length: Some(sig.len()),
            signer_chain: None,
        },
        Some(Finding::warning(
            ids::SIGNATURE_NOT_CHECKED,
            format!("Signature of {} not checked", t.label()),
            detail,
        )),
    ))
}

/// A compact-form token's signing input, its payload rebuilt from the SIP
/// message (RFC 8224 §7); SHAKEN has nothing to verify in compact form.
fn compact_input(t: &Token, ev: &Evidence) -> Result<String, Unchecked> {
    let d = &t.decoded;
    if t.is_shaken() {
        return Err(Box::new((
            not_checked("Compact-form SHAKEN PASSporT: the payload was not transmitted, so there is nothing to verify (SHAKEN requires full form).".into()),
            Some(Finding::warning(ids::SIGNATURE_NOT_CHECKED, format!("Signature of {} not checked", t.label()), "The compact form leaves nothing to verify for SHAKEN.")),
        )));
    }
    match rebuild_compact(ev) {
        Some(payload) => Ok(format!(
            "{}.{}",
            d.header_b64,
            B64URL.encode(payload.as_bytes())
        )),
        None => {
            let detail = "Compact form: the payload must be rebuilt from the SIP message (From or P-Asserted-Identity, To, Date), which is not in the input.".to_string();
            Err(Box::new((
                not_checked(detail.clone()),
                Some(Finding::warning(
                    ids::SIGNATURE_NOT_CHECKED,
                    format!("Signature of {} not checked", t.label()),
                    detail,
                )),
            )))
        }
    }
}

/// RFC 8224 §7 / RFC 8225 §9: rebuild a compact-form payload from the SIP
/// message as canonical JSON (orig from P-Asserted-Identity or From, dest from
/// To, iat from Date).
pub fn rebuild_compact(ev: &Evidence) -> Option<String> {
    ev.sip.as_ref()?;
    let iat = ev.sip_date?;
    let by =
        |list: &[crate::input::Party], name: &str| list.iter().find(|p| p.source == name).cloned();
    let orig = by(&ev.calling, "P-Asserted-Identity").or_else(|| by(&ev.calling, "From"))?;
    let dest = by(&ev.called, "To")?;
    // The URI's number (RFC 8224 §8.3), else the URI itself.
    let side = |p: &crate::input::Party, list: bool| -> serde_json::Value {
        match (&p.number, &p.uri) {
            (Some(d), _) if list => serde_json::json!({ "tn": [d] }),
            (Some(d), _) => serde_json::json!({ "tn": d }),
            (None, uri) => {
                let full = uri.clone().unwrap_or_else(|| p.value.trim().to_string());
                if list {
                    serde_json::json!({ "uri": [full] })
                } else {
                    serde_json::json!({ "uri": full })
                }
            }
        }
    };
    let v =
        serde_json::json!({ "dest": side(&dest, true), "iat": iat, "orig": side(&orig, false) });
    Some(to_canonical(&v))
}

/// RFC 7518 §3.4: an ES256 JWS signature is the 64-byte r‖s, not DER.
fn bad_encoding(t: &Token, sig: &[u8], ring: &Keyring) -> (SignatureReport, Option<Finding>) {
    let der = p256::ecdsa::Signature::from_der(sig).ok();
    let mut detail = match &der {
        Some(_) => format!(
            "The signature is {} bytes of DER (an ASN.1 SEQUENCE of r and s). JOSE ES256 requires the raw 64-byte r‖s form; verifiers reject DER.",
            sig.len()
        ),
        None => format!(
            "The signature is {} bytes; an ES256 signature is exactly 64 bytes (r‖s).",
            sig.len()
        ),
    };
    if let Some(der) = der {
        let raw = der.to_bytes();
        let input = t.decoded.signing_input();
        let hit = ring.leafish().into_iter().find(|c| {
            ring.point(*c)
                .is_some_and(|p| es256_verify(p, input.as_bytes(), &raw))
        });
        if let Some(c) = hit {
            detail.push_str(&format!(" Re-encoded as r‖s it does verify with {}: the signer's JOSE encoding is wrong, not the key.", ring.label(c)));
        }
    }
    (
        SignatureReport { status: SigStatus::BadEncoding, detail: detail.clone(), key: None, length: Some(sig.len()), signer_chain: None },
        Some(
            Finding::error(ids::SIGNATURE_ENCODING, "Signature is not 64-byte r‖s", detail)
                .hint("The signing service must convert the ECDSA signature from DER to the JOSE r‖s form."),
        ),
    )
}

fn valid(
    t: &Token,
    ring: &Keyring,
    c: Cand,
    how: Provenance,
    out: &mut Outcome,
) -> SignatureReport {
    let label = ring.label(c);
    let provenance = ring.provenance(c, how);
    if ring.is_ca(c) {
        out.findings.push(
            Finding::warning(
                ids::CERT_CA_SIGNER,
                "Signed with a CA certificate",
                format!("{label} is a CA certificate (basicConstraints CA:TRUE). SHAKEN PASSporTs are signed with end-entity STI-SP certificates; only STI-PA tokens come from a CA."),
            )
            .passport(t.index),
        );
    }
    out.findings.push(
        Finding::pass(
            ids::SIGNATURE_VALID,
            format!("Signature of {} verifies", t.label()),
            format!("The ES256 signature over the received header.payload verifies with {label}, {provenance}. A valid signature alone proves only who signed, not that the signer may be trusted: that is the certificate chain's job."),
        )
        .passport(t.index),
    );
    SignatureReport {
        status: SigStatus::Valid,
        detail: format!("ES256 signature verified with {label}, {provenance}."),
        key: Some(label),
        length: Some(64),
        signer_chain: None,
    }
}

fn invalid(
    t: &Token,
    ring: &Keyring,
    tried: &[Cand],
    named: bool,
    out: &mut Outcome,
) -> SignatureReport {
    let labels: Vec<String> = tried.iter().map(|c| ring.label(*c)).collect();
    let detail = if named {
        format!(
            "The ES256 signature does not verify with {} — the certificate this token's x5u names. The header or payload was changed after signing (tampering), or the token was re-encoded.",
            labels.join(", ")
        )
    } else {
        format!(
            "The ES256 signature does not verify with any supplied key ({}). Either the token was changed after signing, or none of these is the signer's certificate (the x5u is {}).",
            labels.join(", "),
            t.x5u().unwrap_or("missing")
        )
    };
    out.findings.push(
        Finding::error(ids::SIGNATURE_INVALID, format!("Signature of {} does not verify", t.label()), detail.clone())
            .hint("Get the Identity header exactly as received (no re-encoding, no whitespace changes) and the certificate from its x5u; if it still fails, the call information was tampered with.")
            .passport(t.index),
    );
    SignatureReport {
        status: SigStatus::Invalid,
        detail,
        key: labels.first().cloned(),
        length: Some(64),
        signer_chain: None,
    }
}

/// ATIS-1000080: the signing certificate's key, validity and TNAuthList.
fn leaf_checks(info: &cert::CertInfo, source: &str, t: &Token, rt: RefTime, f: &mut Vec<Finding>) {
    claim_constraint_checks(info, source, t, f);
    key_check(info, source, t, f);
    validity_checks(info, source, t, rt, f);
    tn_auth_checks(info, source, t, f);
}

/// RFC 8226 §8 / RFC 9118: the PASSporT against the certificate's claim constraints.
fn claim_constraint_checks(info: &cert::CertInfo, source: &str, t: &Token, f: &mut Vec<Finding>) {
    let i = t.index;
    for (raw, enhanced) in &info.claim_constraints {
        let name = if *enhanced {
            "EnhancedJWTClaimConstraints (RFC 9118)"
        } else {
            "JWTClaimConstraints (RFC 8226 §8)"
        };
        match constraints::parse(raw) {
            Err(e) => f.push(
                Finding::warning(ids::CLAIM_CONSTRAINTS, "Claim constraints cannot be read", format!("{source} carries {name} that calltrust cannot read ({e}); they were not enforced."))
                    .passport(i),
            ),
            Ok(c) => {
                let Some(payload) = t.decoded.payload.as_ref() else { continue };
                let v = constraints::violations(&c, payload);
                f.push(if v.is_empty() {
                    Finding::pass(ids::CLAIM_CONSTRAINTS, "The PASSporT meets the certificate's claim constraints", format!("{source}: {name} are met."))
                        .passport(i)
                } else {
                    Finding::error(ids::CLAIM_CONSTRAINTS, "The PASSporT breaks the certificate's claim constraints", format!("{source} carries {name}: {}.", v.join("; ")))
                        .hint("The signer may only sign PASSporTs its certificate allows (a delegate certificate constrains who and what it may sign for).")
                        .passport(i)
                });
            }
        }
    }
}

/// The certificate's key must be P-256.
fn key_check(info: &cert::CertInfo, source: &str, t: &Token, f: &mut Vec<Finding>) {
    let i = t.index;
    if info.p256_point.is_none() {
        f.push(
            Finding::error(
                ids::CERT_KEY,
                "Certificate key is not P-256",
                format!("{source}: key {}.", info.key_desc),
            )
            .passport(i),
        );
    } else {
        f.push(
            Finding::pass(
                ids::CERT_KEY,
                "Certificate key is P-256",
                format!("{source} has an EC P-256 key."),
            )
            .passport(i),
        );
    }
}

/// The certificate's validity at the token's iat and at the reference time.
fn validity_checks(
    info: &cert::CertInfo,
    source: &str,
    t: &Token,
    rt: RefTime,
    f: &mut Vec<Finding>,
) {
    let i = t.index;
    let window = format!("{} → {}", utc(info.not_before), utc(info.not_after));
    if let Some(iat) = t.claims.iat {
        if iat < info.not_before || iat > info.not_after {
            f.push(
                Finding::error(ids::CERT_VALIDITY, "Certificate was not valid when the token was signed", format!("{source} is valid {window}; the token's iat is {}.", utc(iat)))
                    .hint("The signer used an expired or not-yet-valid certificate; it must renew it with its STI-CA.")
                    .passport(i),
            );
        } else {
            f.push(
                Finding::pass(
                    ids::CERT_VALIDITY,
                    "Certificate valid at iat",
                    format!("{source} is valid {window}, which covers iat."),
                )
                .passport(i),
            );
        }
    }
    if rt.clock < info.not_before || rt.clock > info.not_after {
        let sev = if rt.clock_source == TimeSource::Now {
            Severity::Warning
        } else {
            Severity::Error
        };
        f.push(
            Finding::new(
                ids::CERT_VALIDITY,
                sev,
                "Certificate not valid at the reference time",
                format!(
                    "{source} is valid {window}; the verifier's clock is {} ({}).",
                    utc(rt.clock),
                    rt.clock_source.describe()
                ),
            )
            .passport(i),
        );
    }
}

/// The TNAuthList: present, standard, and covering the caller.
fn tn_auth_checks(info: &cert::CertInfo, source: &str, t: &Token, f: &mut Vec<Finding>) {
    let i = t.index;
    match &info.tn_auth {
        None => f.push(
            Finding::warning(ids::CERT_TNAUTHLIST, "Certificate has no TNAuthList", format!("{source} carries no TNAuthList extension (RFC 8226), so it does not say which service provider (SPC) or numbers it covers."))
                .passport(i),
        ),
        Some(tl) if tl.standard => {
            f.push(Finding::pass(ids::CERT_TNAUTHLIST, "TNAuthList decoded", format!("{}: {}.", source, tl.entries.join(", "))).passport(i));
            if let Some(x) = tn_authorization(tl, t.claims.orig_tn.as_deref(), source) {
                f.push(x.passport(i));
            }
        }
        Some(tl) if tl.note.starts_with("malformed") => f.push(
            Finding::error(ids::CERT_TNAUTHLIST, "TNAuthList is malformed", format!("{source}: {}.", tl.note)).passport(i),
        ),
        Some(tl) => f.push(
            Finding::warning(ids::CERT_TNAUTHLIST, "TNAuthList is non-standard", format!("{source}: {} — {}.", tl.entries.join(", "), tl.note)).passport(i),
        ),
    }
}

/// Each distinct x5u judged by the repository rules: the URL form always,
/// the response when the user had it fetched.
fn repositories(
    tokens: &[Token],
    opts: &KeyMaterial<'_>,
    findings: &mut Vec<Finding>,
) -> Vec<crate::verify::results::RepositoryReport> {
    use crate::sti::{Level, RuleStatus};
    let mut urls: Vec<&str> = Vec::new();
    for t in tokens.iter().filter(|t| !t.is_parent()) {
        if let Some(x) = t.x5u()
            && !urls.contains(&x)
        {
            urls.push(x);
        }
    }
    urls.into_iter()
        .take(8)
        .map(|url| {
            let fe = opts.fetched.iter().find(|f| f.url == url);
            let meta = fe.and_then(|f| f.meta.as_ref());
            let body = fe.and_then(|f| f.result.as_ref().ok()).map(Vec::as_slice);
            let rules = crate::sti::repository::judge(url, meta, body);
            for r in rules.iter().filter(|r| r.status == RuleStatus::Fail) {
                let sev = if r.level == Level::Error { Severity::Warning } else { Severity::Info };
                findings.push(
                    Finding::new(
                        ids::X5U_REPOSITORY,
                        sev,
                        format!("Certificate repository breaks {}", r.rule),
                        format!("{url}: {}. The signing provider serves its certificate there and must fix it; some verifiers will not fetch from such a repository.", r.detail),
                    )
                    .source(&r.citation),
                );
            }
            crate::verify::results::RepositoryReport {
                url: url.to_string(),
                fetched: meta.is_some(),
                rules,
            }
        })
        .collect()
}

/// Is `tn` inside `start`…`start + count - 1` (RFC 8226 TelephoneNumberRange:
/// same number of digits, compared as numbers)?
pub fn in_range(tn: &str, start: &str, count: u64) -> bool {
    if tn.len() != start.len()
        || !tn.bytes().all(|b| b.is_ascii_digit())
        || !start.bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    match (tn.parse::<u128>(), start.parse::<u128>()) {
        (Ok(n), Ok(s)) => n >= s && n - s < count as u128,
        _ => false,
    }
}

/// `tn-not-authorized`: a delegate certificate (RFC 9060) lists the TNs and
/// TN ranges it may sign for (RFC 8226); orig must be one of them. A
/// certificate with an SPC authorises that provider's numbers, which the
/// certificate alone cannot enumerate: nothing to check then.
fn tn_authorization(
    tl: &crate::verify::results::TnAuthReport,
    orig: Option<&str>,
    source: &str,
) -> Option<Finding> {
    let orig = orig?;
    let mut ranges: Vec<(String, u64)> = Vec::new();
    let mut spc = false;
    for e in &tl.entries {
        if let Some(r) = e.strip_prefix("TN range ") {
            let (start, count) = r.split_once(" +")?;
            ranges.push((start.to_string(), count.parse().ok()?));
        } else if let Some(tn) = e.strip_prefix("TN ") {
            ranges.push((tn.to_string(), 1));
        } else if e.starts_with("SPC ") {
            spc = true;
        }
    }
    if spc || ranges.is_empty() {
        return None;
    }
    let list = tl.entries.join(", ");
    let digits = crate::tn::canonical_digits(orig).unwrap_or_else(|| orig.to_string());
    Some(if ranges.iter().any(|(s, n)| in_range(&digits, s, *n)) {
        Finding::pass(
            ids::TN_NOT_AUTHORIZED,
            "orig is one of the certificate's numbers",
            format!("{source} authorises {list}; orig {digits} is among them."),
        )
    } else {
        Finding::error(
            ids::TN_NOT_AUTHORIZED,
            "orig is not one of the certificate's numbers",
            format!("{source} is a delegate certificate for {list} only; orig {digits} is outside every one of them, so the signer was not authorised to sign for this caller ID."),
        )
        .hint("The signer must use a certificate whose TNAuthList covers the calling number (or the caller ID was spoofed).")
    })
}

/// Name under which a pasted or opened certificate is loaded.
pub const PASTED: &str = "pasted certificate";

/// One `cert-compliance` finding per failed STI certificate rule: what is
/// wrong, who must fix it, and that verifiers still accept the certificate.
fn compliance_findings(c: &CertReport, user: Option<usize>) -> Vec<Finding> {
    use crate::sti::RuleStatus;
    let cn = c
        .subject
        .split(", ")
        .find_map(|p| p.strip_prefix("CN="))
        .unwrap_or(&c.subject);
    c.rules
        .iter()
        .filter(|r| r.status == RuleStatus::Fail)
        .map(|r| {
            let sev = r.level.finding_severity();
            let f = Finding::new(
                ids::CERT_COMPLIANCE,
                sev,
                format!("{} certificate \"{cn}\" breaks {}", c.role, r.rule),
                format!(
                    "{}: {}. Who must fix it: {}. Common verifiers (Asterisk, OpenSIPS, secsipid, carrier STI-VSs) check the signature, the chain and validity, not this profile rule, so calls signed with it are still accepted; the ecosystem compliance reports list it as {}.",
                    c.source, r.detail, r.fixer.words(), r.level.as_str()
                ),
            )
            .source(&r.citation);
            match user {
                Some(u) => f.passport(u),
                None => f,
            }
        })
        .collect()
}

/// The finding of a path validation's status: valid, not checked, or how it broke.
fn chain_status_finding(v: &path::Validation) -> Finding {
    let r = &v.report;
    match r.status {
        ChainStatus::Valid => Finding::pass(
            ids::CHAIN_VALID,
            "Certificate chain is valid",
            format!(
                "{} — {}{}",
                r.path.join(" → "),
                r.detail,
                r.validator.as_deref().map(|x| format!(" ({x}.)")).unwrap_or_default()
            ),
        ),
        ChainStatus::NotChecked => Finding::warning(ids::CHAIN_NOT_CHECKED, "Certificate chain not checked", r.detail.clone())
            .hint("Add the STI-PA's list of approved STI-CA roots as trust anchors (--trust-anchor FILE|DIR, or the window's Certificates & trust tab) to learn whether the signer is a real STI-SP."),
        ChainStatus::Incomplete => Finding::error(ids::CHAIN_INCOMPLETE, "Certificate chain is incomplete", r.detail.clone())
            .hint("Get the intermediate certificate(s) from the signing provider (or a correct x5u bundle) and pass them with --cert."),
        ChainStatus::Untrusted => Finding::error(ids::CHAIN_UNTRUSTED, "Certificate chain does not reach a trust anchor", r.detail.clone())
            .hint("Check that the right STI-CA roots are configured as trust anchors; a certificate from an unknown CA must not be trusted."),
        ChainStatus::Invalid => {
            let links: Vec<String> = v
                .broken
                .iter()
                .map(|(k, rule)| format!("{} ({}): {rule}", r.path.get(*k).map(String::as_str).unwrap_or("?"), r.links.get(*k).map(|l| l.role.label()).unwrap_or("link")))
                .collect();
            Finding::error(
                ids::CHAIN_INVALID,
                "Certificate chain breaks RFC 5280",
                format!("{} Broken: {}.", r.detail, links.join("; ")),
            )
            .hint("The signer's certificate path cannot be trusted: the signing provider must get a certificate from an STI-CA whose chain is valid (or replace an expired/revoked one).")
        }
    }
}

/// The findings of one path validation.
fn chain_findings(v: &path::Validation, user: Option<usize>) -> Vec<Finding> {
    let tag = |f: Finding| match user {
        Some(u) => f.passport(u),
        None => f,
    };
    let mut out = vec![tag(chain_status_finding(v))];
    for rv in &v.revoked {
        out.push(tag(
            Finding::error(
                ids::CERT_REVOKED,
                "Certificate is revoked",
                format!(
                    "{} (serial {}) is on {}: revoked {}{}.",
                    rv.subject,
                    rv.serial,
                    rv.crl,
                    rv.date,
                    rv.reason.as_deref().map(|x| format!(", reason {x}")).unwrap_or_else(|| ", no reason code".into())
                ),
            )
            .hint("A revoked STI certificate must not be trusted: treat the call as unverified and report it to the signing provider."),
        ));
    }
    if v.revoked.is_empty() && !v.revocation_good.is_empty() && v.revocation_unchecked.is_empty() {
        out.push(tag(Finding::pass(
            ids::CERT_REVOKED,
            "No certificate of the chain is revoked",
            format!(
                "Checked against the issuers' CRLs: {}.",
                v.revocation_good.join(", ")
            ),
        )));
    }
    if !v.revocation_unchecked.is_empty() {
        out.push(tag(
            Finding::info(
                ids::REVOCATION_NOT_CHECKED,
                "Revocation not checked",
                format!(
                    "No usable CRL was at hand for {}: whether {} revoked is unknown (not \"not revoked\").",
                    v.revocation_unchecked.join(", "),
                    if v.revocation_unchecked.len() == 1 { "it is" } else { "they are" }
                ),
            )
            .hint("Give the STI-PA's CRL with --crl FILE, or let calltrust fetch the distribution points (--fetch-crl, or Fetch CRLs in the window)."),
        ));
    }
    for n in &v.crl_notes {
        out.push(tag(Finding::warning(
            ids::CRL_UNUSABLE,
            "CRL not used as given",
            n.clone(),
        )));
    }
    out
}
