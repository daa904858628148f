//! What verification found: signatures, certificates, chains and the
//! repository, as the report carries them (`report` re-exports these).

use serde::{Deserialize, Serialize};

/// Signature status of one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SigStatus {
    Valid,
    Invalid,
    NotChecked,
    /// Not a 64-byte r‖s JOSE signature (`signature-encoding`).
    BadEncoding,
    /// alg is not ES256: never verified.
    UnsupportedAlg,
    /// The token could not be split or decoded.
    Malformed,
}

impl SigStatus {
    /// The signature alone: a failure is an error, not checking a warning.
    pub fn severity(self) -> crate::model::Severity {
        use crate::model::Severity;
        match self {
            SigStatus::Valid => Severity::Pass,
            SigStatus::Invalid | SigStatus::BadEncoding => Severity::Error,
            SigStatus::NotChecked | SigStatus::UnsupportedAlg | SigStatus::Malformed => {
                Severity::Warning
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SigStatus::Valid => "valid",
            SigStatus::Invalid => "INVALID",
            SigStatus::NotChecked => "not checked",
            SigStatus::BadEncoding => "bad encoding",
            SigStatus::UnsupportedAlg => "not checked (alg not ES256)",
            SigStatus::Malformed => "not checked (token malformed)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureReport {
    pub status: SigStatus,
    pub detail: String,
    /// Which certificate or key verified (or failed) it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Decoded signature length in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// For a valid signature: whether the signer's certificate chains to a
    /// configured trust anchor (`None` when no certificate was involved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_chain: Option<ChainStatus>,
}

impl SignatureReport {
    /// The signature *with* its signer's chain: a valid signature from an
    /// untrusted signer is a warning, never a pass.
    pub fn trust_severity(&self) -> crate::model::Severity {
        use crate::model::Severity;
        match (self.status, self.signer_chain) {
            (SigStatus::Valid, Some(ChainStatus::Valid)) => Severity::Pass,
            (
                SigStatus::Valid,
                Some(ChainStatus::Invalid | ChainStatus::Untrusted | ChainStatus::Incomplete),
            ) => Severity::Error,
            (SigStatus::Valid, _) => Severity::Warning,
            (other, _) => other.severity(),
        }
    }

    /// The signature verifies and its signer chains to a trust anchor.
    pub fn trusted(&self) -> bool {
        self.status == SigStatus::Valid && self.signer_chain == Some(ChainStatus::Valid)
    }
    /// One short phrase for cards and call-path hops: a valid signature whose
    /// signer is not trusted never reads as plain "valid".
    pub fn trust_label(&self) -> &'static str {
        match (self.status, self.signer_chain) {
            (SigStatus::Valid, Some(ChainStatus::Valid)) => "valid, signer trusted",
            (
                SigStatus::Valid,
                Some(ChainStatus::Invalid | ChainStatus::Untrusted | ChainStatus::Incomplete),
            ) => "valid signature, chain FAILED",
            (SigStatus::Valid, _) => "signature only, signer not trusted",
            (s, _) => s.label(),
        }
    }
}

/// What calltrust did with a certificate (`certificates[].usage`); the
/// JSON keeps the words it always had.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CertUsage {
    /// It verified a token's signature.
    #[serde(rename = "signer")]
    Signer,
    /// A link of a checked chain.
    #[serde(rename = "intermediate")]
    Intermediate,
    /// The configured anchor a chain ends at.
    #[serde(rename = "trust-anchor")]
    TrustAnchor,
    /// Pasted in the input box, not used for a token.
    #[serde(rename = "pasted")]
    Pasted,
    /// Supplied (--cert, dropped, fetched) but used for nothing.
    #[default]
    #[serde(rename = "supplied, not used")]
    Unused,
}

impl CertUsage {
    /// The one place that words it.
    pub fn label(self) -> &'static str {
        match self {
            CertUsage::Signer => "signer",
            CertUsage::Intermediate => "intermediate",
            CertUsage::TrustAnchor => "trust-anchor",
            CertUsage::Pasted => "pasted",
            CertUsage::Unused => "supplied, not used",
        }
    }
}

impl std::fmt::Display for CertUsage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// RFC 8226 TNAuthList as decoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TnAuthReport {
    /// `SPC 1234`, `TN range 12155550000 +100`, `TN 12155551212`.
    pub entries: Vec<String>,
    /// True when the extension is the RFC 8226 SEQUENCE OF TNEntry.
    pub standard: bool,
    pub note: String,
}

impl TnAuthReport {
    /// The entries as one line (`SPC 1234, TN 12155551212`), or "—".
    pub fn entries_text(&self) -> String {
        if self.entries.is_empty() {
            "—".to_string()
        } else {
            self.entries.join(", ")
        }
    }

    /// What the certificate may sign for, in plain words: "the numbers of
    /// service provider 1234", "+12025550100 to +12025550199 (100 numbers)".
    pub fn authorised(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|e| {
                if let Some(spc) = e.strip_prefix("SPC ") {
                    format!("the numbers of service provider {spc} (SPC)")
                } else if let Some(r) = e.strip_prefix("TN range ") {
                    match r.split_once(" +").and_then(|(s, n)| {
                        Some((s, n.parse::<u128>().ok()?, s.parse::<u128>().ok()?))
                    }) {
                        Some((start, n, first)) if n > 0 => {
                            let last = format!("{:0width$}", first + n - 1, width = start.len());
                            format!("+{start} to +{last} ({n} numbers)")
                        }
                        _ => e.clone(),
                    }
                } else if let Some(tn) = e.strip_prefix("TN ") {
                    format!("+{tn} only")
                } else {
                    e.clone()
                }
            })
            .collect()
    }
}

/// A certificate calltrust looked at.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CertReport {
    /// File name or URL it came from, with the position in a bundle.
    pub source: String,
    /// `leaf`, `intermediate` or `root` (self-issued and self-signed).
    pub role: crate::sti::Role,
    /// What calltrust did with it.
    #[serde(default)]
    pub usage: CertUsage,
    /// It took part in this call: it verified a signature, is a link of a
    /// checked chain, or is the pasted certificate being judged. A
    /// certificate at hand that signs nothing here is `false` (SPEC §6).
    #[serde(default)]
    pub used: bool,
    /// The SPC of its TNAuthList, when there is one.
    #[serde(default)]
    pub spc: Option<String>,
    /// Every STI certificate rule's outcome (SPEC §3a); shared, as a batch
    /// reuses one certificate's judgement for every payload it signs.
    #[serde(default)]
    pub rules: std::sync::Arc<[crate::sti::RuleResult]>,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub key: String,
    pub self_signed: bool,
    #[serde(default)]
    pub tn_auth_list: Option<TnAuthReport>,
    #[serde(default)]
    pub basic_constraints: Option<String>,
    #[serde(default)]
    pub key_usage: Option<String>,
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub crl_distribution_points: Vec<String>,
    pub sha256: String,
    /// PASSporTs (indexes) whose signature this certificate checked.
    #[serde(default)]
    pub used_by: Vec<usize>,
}

/// Result of a certificate path validation (RFC 5280 §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChainStatus {
    /// Every link is a CA allowed to sign, within its validity, signed with an
    /// acceptable algorithm, ending at a configured trust anchor.
    Valid,
    /// An issuer certificate is missing.
    Incomplete,
    /// The path ends at a certificate that is not a configured anchor.
    Untrusted,
    /// A path to an anchor exists but breaks a rule (expired link, end-entity
    /// used as a CA, SHA-1, …).
    Invalid,
    /// No trust anchors configured.
    NotChecked,
}

impl ChainStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainStatus::Valid => "valid",
            ChainStatus::Incomplete => "incomplete",
            ChainStatus::Untrusted => "untrusted",
            ChainStatus::Invalid => "invalid",
            ChainStatus::NotChecked => "not-checked",
        }
    }
    /// How bad it is for the call: a path that fails is an error, one not
    /// checked a warning (never read as valid).
    pub fn severity(self) -> crate::model::Severity {
        use crate::model::Severity;
        match self {
            ChainStatus::Valid => Severity::Pass,
            ChainStatus::NotChecked => Severity::Warning,
            ChainStatus::Incomplete | ChainStatus::Untrusted | ChainStatus::Invalid => {
                Severity::Error
            }
        }
    }
    /// Words for a card heading.
    pub fn headline(self) -> &'static str {
        match self {
            ChainStatus::Valid => "Chain valid",
            ChainStatus::Incomplete => "Chain incomplete",
            ChainStatus::Untrusted => "Chain untrusted",
            ChainStatus::Invalid => "Chain INVALID",
            ChainStatus::NotChecked => "Chain not checked",
        }
    }
}

/// Revocation status of one certificate of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevocationStatus {
    /// On a CRL the user gave or fetched.
    Revoked,
    /// Checked against its issuer's CRL: not listed.
    Good,
    /// No usable CRL for this certificate: never read as "not revoked".
    NotChecked,
    /// A trust anchor: nothing above it publishes a CRL for it.
    Anchor,
}

impl RevocationStatus {
    pub fn label(self) -> &'static str {
        match self {
            RevocationStatus::Revoked => "REVOKED",
            RevocationStatus::Good => "not revoked (CRL checked)",
            RevocationStatus::NotChecked => "revocation not checked (no CRL)",
            RevocationStatus::Anchor => "trust anchor (no CRL applies)",
        }
    }
}

/// Role of a certificate in a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkRole {
    Leaf,
    Intermediate,
    TrustAnchor,
    /// The last certificate of a path that stops short of an anchor.
    Untrusted,
}

impl LinkRole {
    pub fn label(self) -> &'static str {
        match self {
            LinkRole::Leaf => "leaf",
            LinkRole::Intermediate => "intermediate",
            LinkRole::TrustAnchor => "trust anchor",
            LinkRole::Untrusted => "not a trust anchor",
        }
    }
}

/// One certificate of a chain, as the path validator judged it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkReport {
    pub subject: String,
    pub role: LinkRole,
    pub not_before: String,
    pub not_after: String,
    /// basicConstraints and keyUsage as they bear on signing certificates.
    pub ca: String,
    /// The algorithm this certificate is signed with.
    pub signature_algorithm: String,
    pub revocation: RevocationStatus,
    /// Which CRL said so, its date, and for a revoked certificate the reason.
    #[serde(default)]
    pub revocation_detail: String,
    /// The rules this link breaks (empty when it is fine).
    #[serde(default)]
    pub problems: Vec<String>,
}

impl LinkReport {
    /// A link that breaks a rule is an error; one whose revocation was not
    /// checked a note (never read as "not revoked").
    pub fn severity(&self) -> crate::model::Severity {
        use crate::model::Severity;
        if !self.problems.is_empty() {
            Severity::Error
        } else if self.revocation == RevocationStatus::NotChecked {
            Severity::Info
        } else {
            Severity::Pass
        }
    }
}

/// The certificate path from a leaf to a trust anchor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainReport {
    pub status: ChainStatus,
    /// Subjects from leaf to anchor.
    pub path: Vec<String>,
    pub detail: String,
    /// Each certificate of the path, leaf first.
    #[serde(default)]
    pub links: Vec<LinkReport>,
    /// What the independent validator (rustls-webpki) said about the same path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
}

/// A certificate repository (an x5u URL) judged by the ecosystem's
/// repository rules (SPEC §3a).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepositoryReport {
    pub url: String,
    /// Whether a fetch answered (else only the URL-form rules ran).
    pub fetched: bool,
    pub rules: Vec<crate::sti::RuleResult>,
}
