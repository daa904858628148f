//! What a front end hands to [`crate::pipeline::inspect`] besides the text.

use crate::check;
use crate::given::{Fetched, KeyFile, WebhookOptions};
use crate::routing;

/// Everything `inspect` needs besides the text.
#[derive(Clone, Debug)]
pub struct Options {
    /// Current Unix time, read by the front end (the core never reads a clock).
    pub now: i64,
    /// Reference time given by the user (`--at`).
    pub at: Option<i64>,
    /// Allowed iat age in seconds (`--max-age`, default 60).
    pub max_age: u64,
    /// Mask phone numbers in the report (`--redact`).
    pub redact: bool,
    /// Certificates, bundles, public keys and JWKs (`--cert`).
    pub certs: Vec<KeyFile>,
    /// Trust anchors (`--trust-anchor`).
    pub trust_anchors: Vec<KeyFile>,
    /// Certificate revocation lists (`--crl`, or fetched with `--fetch-crl`).
    pub crls: Vec<KeyFile>,
    /// The attestation routing policy (`--routing-policy`, or the window's);
    /// `None` is the default policy.
    pub routing_policy: Option<routing::Policy>,
    /// The IP access list for a pasted SIP message's source (`--allow-ip`).
    pub allow_ips: Vec<check::sip_security::Cidr>,
    /// Results of x5u fetches the user asked for.
    pub fetched: Vec<Fetched>,
    /// Content behind rich-call-data URLs (icon, jCard, logo) the user asked
    /// to fetch (`--fetch-rcd`), so their rcdi digests can be checked.
    pub rcd_content: Vec<Fetched>,
    pub webhook: WebhookOptions,
    /// A batch's shared memo of parsed key material and validated chains
    /// (`None` for one paste: everything is parsed afresh).
    pub cache: Option<std::sync::Arc<crate::verify::cache::Cache>>,
    /// Build only what a batch row shows (SPEC §7): the verdict, every
    /// finding that can decide it, the signer's SPC. The views — call path,
    /// chain and other certificate reports, advice notes — are left out.
    pub rows_only: bool,
    /// The user says every certificate at hand may have signed any token,
    /// whatever its x5u names (`--cert-for-any-x5u`, the window's "use for
    /// every token"): a signature none of them verifies is then invalid.
    /// Without it, a certificate is used for a token only when it matches
    /// the x5u or verifies the signature (SPEC §6).
    pub any_cert_signs: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: 0,
            at: None,
            max_age: 60,
            redact: false,
            certs: Vec::new(),
            trust_anchors: Vec::new(),
            crls: Vec::new(),
            allow_ips: Vec::new(),
            routing_policy: None,
            fetched: Vec::new(),
            rcd_content: Vec::new(),
            webhook: WebhookOptions::default(),
            cache: None,
            rows_only: false,
            any_cert_signs: false,
        }
    }
}

impl Options {
    /// Default options judged at `now` (Unix seconds).
    pub fn at_now(now: i64) -> Self {
        Options {
            now,
            ..Default::default()
        }
    }
}
