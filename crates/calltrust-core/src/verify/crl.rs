//! Certificate revocation lists (RFC 5280 §5): the STI-PA and STI-CAs publish
//! CRLs at the distribution point their certificates name. calltrust reads
//! CRLs the user gave (`--crl`, "Add CRL…") or asked to fetch, checks each
//! CRL's signature with the issuer it claims, and looks up each chain link.
//! No usable CRL is reported as "not checked", never as "not revoked".

use x509_parser::prelude::*;

use crate::model::{Finding, ids};
use crate::timefmt::utc;

/// One CRL, owned; re-parsed (zero-copy) when it is used.
#[derive(Clone, Debug)]
pub struct Crl {
    /// File name or URL.
    pub source: String,
    pub der: Vec<u8>,
    pub issuer: String,
    pub issuer_raw: Vec<u8>,
    pub this_update: i64,
    pub next_update: Option<i64>,
    pub entries: usize,
}

/// A certificate found on a CRL.
#[derive(Clone, Debug, PartialEq)]
pub struct Revoked {
    pub date: i64,
    pub reason: Option<String>,
}

/// What a CRL says about one certificate.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    Revoked(Revoked),
    Good,
    /// The CRL could not be read again (never taken as "not revoked").
    Unreadable,
}

fn parse_one(source: &str, der: Vec<u8>) -> Result<Crl, String> {
    let (rest, crl) = parse_x509_crl(&der).map_err(|e| format!("{source}: not a DER CRL ({e})"))?;
    if !rest.is_empty() {
        return Err(format!(
            "{source}: {} bytes of trailing data after the CRL",
            rest.len()
        ));
    }
    Ok(Crl {
        source: source.to_string(),
        issuer: crl.issuer().to_string(),
        issuer_raw: crl.issuer().as_raw().to_vec(),
        this_update: crl.last_update().timestamp(),
        next_update: crl.next_update().map(|t| t.timestamp()),
        entries: crl.iter_revoked_certificates().count(),
        der,
    })
}

/// Load the CRLs of one file: DER, or PEM `X509 CRL` blocks.
pub fn load(name: &str, bytes: &[u8], out: &mut Vec<Crl>, findings: &mut Vec<Finding>) {
    let mut push = |r: Result<Crl, String>| match r {
        Ok(c) => out.push(c),
        Err(e) => findings.push(
            Finding::warning(ids::CRL_UNUSABLE, "Unreadable CRL", e)
                .hint("Pass the CRL as the distribution point serves it (DER or PEM `X509 CRL`)."),
        ),
    };
    let text = std::str::from_utf8(bytes).ok();
    if let Some(text) = text.filter(|t| t.contains("-----BEGIN X509 CRL-----")) {
        let blocks = crate::base::pem::pem_blocks(text);
        for (i, block) in blocks
            .into_iter()
            .filter(|b| b.label == "X509 CRL")
            .take(64)
            .enumerate()
        {
            let n = i + 1;
            match block.der {
                Ok(der) => push(parse_one(&format!("{name} #{n}"), der)),
                Err(e) => push(Err(format!("{name}: CRL block {n}: {e}"))),
            }
        }
    } else {
        push(parse_one(name, bytes.to_vec()));
    }
}

impl Crl {
    /// Does `issuer_der`'s key verify this CRL's signature?
    pub fn signed_by(&self, issuer_der: &[u8]) -> bool {
        let (Ok((_, crl)), Ok((_, iss))) = (
            parse_x509_crl(&self.der),
            parse_x509_certificate(issuer_der),
        ) else {
            return false;
        };
        crl.verify_signature(iss.public_key()).is_ok()
    }

    /// Look a serial number (raw INTEGER bytes) up.
    pub fn lookup(&self, serial_raw: &[u8]) -> Lookup {
        let Ok((_, crl)) = parse_x509_crl(&self.der) else {
            return Lookup::Unreadable;
        };
        for rc in crl.iter_revoked_certificates() {
            if rc.raw_serial() == serial_raw {
                return Lookup::Revoked(Revoked {
                    date: rc.revocation_date.timestamp(),
                    reason: rc.reason_code().map(|(_, r)| r.to_string()),
                });
            }
        }
        Lookup::Good
    }

    /// "sti-pa.crl (issued 2026-01-01 00:00:00 UTC)".
    pub fn describe(&self) -> String {
        format!("{} (issued {})", self.source, utc(self.this_update))
    }
}
