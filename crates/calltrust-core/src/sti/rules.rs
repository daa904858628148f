//! The rule catalogue: every rule under the ecosystem linter's name, with its
//! level, source, citation, applicability, effective date and one small check
//! function. `../shared/vectors/shaken/ecosystem/RULES.md` restates each one;
//! the corpus test (tests/it/sti_corpus.rs) measures agreement with the public
//! reports.
//!
//! Generic RFC 5280 rules about extensions STI certificates never carry
//! (subject/issuer alternative names, name constraints, policy qualifier
//! texts, EKU/KU consistency, DNS names) are not implemented; an end-entity
//! certificate carrying those extensions already fails
//! `e_atis_ext_not_specified`.

use super::facts::*;
use super::vocab::{Fixer, Level};
use crate::base::der;

/// A calendar day (midnight UTC) on which a rule takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day(pub i32, pub u8, pub u8);

impl Day {
    pub fn unix(self) -> i64 {
        time::Date::from_calendar_date(
            self.0,
            time::Month::try_from(self.1).unwrap_or(time::Month::January),
            self.2,
        )
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

pub struct Rule {
    pub name: &'static str,
    pub level: Level,
    /// `ATIS1000080`, `US_SHAKEN_CP` or `RFC5280`.
    pub source: &'static str,
    pub citation: &'static str,
    pub applies: fn(&Facts) -> bool,
    pub effective: Option<Day>,
    pub check: fn(&Facts) -> Result<(), String>,
    pub fixer: Fixer,
}

// Effective dates (RULES.md): CA date / EE date (with the grace period).
const V3_CA: Day = Day(2020, 9, 4);
const V3_EE: Day = Day(2020, 12, 3);
const V4_CA: Day = Day(2021, 10, 18);
const V4_EE: Day = Day(2022, 1, 16);
const V5_CA: Day = Day(2022, 12, 12);
const V5_EE: Day = Day(2023, 3, 12);
const CP13_CA: Day = Day(2021, 8, 18);
const CP13_EE: Day = Day(2022, 1, 10);
const CP14_CA: Day = Day(2023, 6, 6);
const CP14_EE: Day = Day(2023, 9, 4);
const RFC2459: Day = Day(1999, 1, 1);
const RFC3280: Day = Day(2002, 4, 1);
const RFC5280: Day = Day(2008, 5, 1);

const ATIS: &str = "ATIS1000080";
const CP: &str = "US_SHAKEN_CP";
const RFC: &str = "RFC5280";
const E: Level = Level::Error;
const W: Level = Level::Warn;
const SP: Fixer = Fixer::ServiceProvider;
const CA: Fixer = Fixer::StiCa;

// ---- applicability -------------------------------------------------------

fn all(_: &Facts) -> bool {
    true
}
fn ee(f: &Facts) -> bool {
    f.ee()
}
fn ca(f: &Facts) -> bool {
    f.ca
}
fn root(f: &Facts) -> bool {
    f.root()
}
fn intermediate(f: &Facts) -> bool {
    f.intermediate()
}
fn subscriber(f: &Facts) -> bool {
    f.subscriber()
}
fn not_root(f: &Facts) -> bool {
    !f.root()
}
fn ee_cp14(f: &Facts) -> bool {
    f.ee() && f.cp14()
}
fn ca_cp14(f: &Facts) -> bool {
    f.ca && f.cp14()
}
fn ee_cp13_tn(f: &Facts) -> bool {
    f.ee() && f.cp13() && f.has(OID_TNAUTHLIST)
}
fn ca_cp13_tn(f: &Facts) -> bool {
    f.ca && f.cp13() && f.has(OID_TNAUTHLIST)
}
fn ee_with_ku(f: &Facts) -> bool {
    f.ee() && f.has(OID_KU)
}
fn ca_with_ku(f: &Facts) -> bool {
    f.ca && f.has(OID_KU)
}
fn root_with_aki(f: &Facts) -> bool {
    f.root() && f.has(OID_AKI)
}
fn ee_crldp_cp14(f: &Facts) -> bool {
    f.ee() && f.has(OID_CRLDP) && f.cp14()
}
fn inter_crldp_cp14(f: &Facts) -> bool {
    f.intermediate() && f.has(OID_CRLDP) && f.cp14()
}
fn with_ku(f: &Facts) -> bool {
    f.has(OID_KU)
}
fn with_ku_value(f: &Facts) -> bool {
    f.ext(OID_KU).is_some_and(|e| !e.value.is_empty())
}
fn with_bc(f: &Facts) -> bool {
    f.has(OID_BC)
}
fn ca_with_bc(f: &Facts) -> bool {
    f.ca && f.has(OID_BC)
}
fn with_aki(f: &Facts) -> bool {
    f.has(OID_AKI)
}
fn with_ski(f: &Facts) -> bool {
    f.has(OID_SKI)
}
fn with_crldp(f: &Facts) -> bool {
    f.has(OID_CRLDP)
}
fn with_cp(f: &Facts) -> bool {
    f.has(OID_CP)
}
fn with_aia(f: &Facts) -> bool {
    f.has("1.3.6.1.5.5.7.1.1")
}
fn with_sia(f: &Facts) -> bool {
    f.has("1.3.6.1.5.5.7.1.11")
}
fn with_cn(f: &Facts) -> bool {
    !f.subject_strings("2.5.4.3").is_empty()
}
fn v3(f: &Facts) -> bool {
    f.version == 2
}
fn with_utc_time(f: &Facts) -> bool {
    f.validity.iter().any(|(t, _)| *t == 0x17)
}
fn with_generalized_time(f: &Facts) -> bool {
    f.validity.iter().any(|(t, _)| *t == 0x18)
}

// ---- shared checks ---------------------------------------------------------

fn fail(why: impl Into<String>) -> Result<(), String> {
    Err(why.into())
}

fn version_3(f: &Facts) -> Result<(), String> {
    if f.version == 2 {
        Ok(())
    } else {
        fail(format!(
            "the certificate is version {}, not 3",
            f.version + 1
        ))
    }
}

fn serial_positive(f: &Facts) -> Result<(), String> {
    if f.serial_positive() {
        Ok(())
    } else {
        fail("the serial number is zero or negative")
    }
}

fn serial_64_bits(f: &Facts) -> Result<(), String> {
    let bits = f.serial_bits();
    if bits >= 64 {
        Ok(())
    } else {
        fail(format!(
            "the serial number has {bits} bits of entropy room; ATIS-1000080 v005 requires at least 64 (a random 8-byte serial whose top bit is 0 is too short)"
        ))
    }
}

fn signature_algorithm(f: &Facts) -> Result<(), String> {
    match f.tbs_sig_oid.as_str() {
        "1.2.840.10045.4.3.2" => Ok(()),
        "1.2.840.10045.4.3.3" if f.cp14() || f.root() => Ok(()),
        "1.2.840.10045.4.3.3" => fail(
            "signed with ecdsa-with-SHA384, which is only allowed for CP v1.4 certificates and roots",
        ),
        other => fail(format!(
            "signed with {other}; STI certificates are signed with ecdsa-with-SHA256"
        )),
    }
}

fn p256_key(f: &Facts, allow_p384: bool) -> Result<(), String> {
    if f.spki_oid != "1.2.840.10045.2.1" {
        return fail(format!(
            "the public key is not an EC key (algorithm {})",
            f.spki_oid
        ));
    }
    match f.spki_param_oid.as_deref() {
        Some("1.2.840.10045.3.1.7") => Ok(()),
        Some("1.3.132.0.34") if allow_p384 => Ok(()),
        Some(c) => fail(format!("the key's curve is {c}, not P-256")),
        None => fail("the key names no curve"),
    }
}

fn subject_dn(f: &Facts) -> Result<(), String> {
    let c = f.subject_strings("2.5.4.6").len();
    let cn = f.subject_strings("2.5.4.3").len();
    if c == 1 && cn == 1 {
        Ok(())
    } else {
        fail(format!(
            "the subject has {c} countryName and {cn} commonName attributes; exactly one of each is required"
        ))
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `\b` + `needle` + `\b` (ASCII word boundaries, as in a regular expression).
fn whole_word(hay: &str, needle: &str, ignore_case: bool) -> bool {
    if needle.is_empty() {
        return false;
    }
    let (h, n) = if ignore_case {
        (hay.to_ascii_lowercase(), needle.to_ascii_lowercase())
    } else {
        (hay.to_string(), needle.to_string())
    };
    let mut from = 0;
    while let Some(i) = h[from..].find(&n) {
        let start = from + i;
        let end = start + n.len();
        let before = h[..start].chars().next_back();
        let after = h[end..].chars().next();
        let first = n.chars().next();
        let last = n.chars().next_back();
        if is_word(before) != is_word(first) && is_word(after) != is_word(last) {
            return true;
        }
        from = start + n.chars().next().map(char::len_utf8).unwrap_or(1);
    }
    false
}

fn cn_shaken(f: &Facts) -> Result<(), String> {
    match f.cn() {
        Some(cn) if whole_word(&cn, "SHAKEN", false) => Ok(()),
        Some(cn) => fail(format!(
            "the commonName \"{cn}\" does not contain the word SHAKEN (upper case)"
        )),
        None => fail("the subject has no commonName"),
    }
}

fn c_iso(f: &Facts) -> Result<(), String> {
    let cs = f.subject_strings("2.5.4.6");
    match cs.as_slice() {
        [c] if c.value.len() == 2 && c.value.iter().all(u8::is_ascii_uppercase) => Ok(()),
        [c] => fail(format!(
            "the countryName \"{}\" is not two upper-case letters",
            c.text()
        )),
        v => fail(format!(
            "the subject has {} countryName attributes; exactly one is required",
            v.len()
        )),
    }
}

fn c_us(f: &Facts) -> Result<(), String> {
    let cs = f.subject_strings("2.5.4.6");
    match cs.as_slice() {
        [c] if c.value == b"US" => Ok(()),
        [c] => fail(format!(
            "the countryName is \"{}\"; CP v1.4 requires US",
            c.text()
        )),
        v => fail(format!(
            "the subject has {} countryName attributes; exactly one (US) is required",
            v.len()
        )),
    }
}

fn o_required(f: &Facts) -> Result<(), String> {
    match f.subject_strings("2.5.4.10").len() {
        1 => Ok(()),
        n => fail(format!(
            "the subject has {n} organizationName attributes; exactly one is required"
        )),
    }
}

fn sn_shall(f: &Facts) -> Result<(), String> {
    match f.subject_strings("2.5.4.5").last() {
        Some(a) if !a.value.is_empty() => Ok(()),
        Some(_) => fail("the subject serialNumber is empty"),
        None => fail("the subject has no serialNumber attribute (CP v1.3 §3.1 requires one)"),
    }
}

fn never_fails(_: &Facts) -> Result<(), String> {
    Ok(())
}

fn issuer_is_subject(f: &Facts) -> Result<(), String> {
    if f.issuer_raw == f.subject_raw {
        Ok(())
    } else {
        fail("the root's issuer differs from its subject")
    }
}

fn ext_present_critical(f: &Facts, oid: &str, name: &str) -> Result<(), String> {
    match f.ext(oid) {
        None => fail(format!("{name} is missing")),
        Some(e) if !e.critical => fail(format!("{name} is not marked critical")),
        Some(_) => Ok(()),
    }
}

fn bc_present(f: &Facts) -> Result<(), String> {
    ext_present_critical(f, OID_BC, "basicConstraints")?;
    let e = f.ext(OID_BC).map(|e| e.value).unwrap_or_default();
    let ok = der::read_strict(e)
        .ok()
        .filter(|(t, _)| t.tag == 0x30)
        .and_then(|(t, _)| {
            let kids = der::children(t.content).ok()?;
            let tags: Vec<u8> = kids.iter().map(|k| k.tag).collect();
            matches!(tags.as_slice(), [] | [0x01] | [0x02] | [0x01, 0x02]).then_some(())
        });
    ok.ok_or_else(|| "basicConstraints does not decode".to_string())
}

fn ku_present(f: &Facts) -> Result<(), String> {
    ext_present_critical(f, OID_KU, "keyUsage")
}

fn ku_names(bits: &[u8]) -> String {
    const N: [&str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    if bits.is_empty() {
        return "no bits".into();
    }
    bits.iter()
        .map(|b| N[*b as usize])
        .collect::<Vec<_>>()
        .join(", ")
}

fn ku_ee(f: &Facts) -> Result<(), String> {
    match f.key_usage_bits() {
        Some(b) if b == [0] => Ok(()),
        Some(b) => fail(format!(
            "keyUsage is {}; an STI end-entity certificate has digitalSignature only",
            ku_names(&b)
        )),
        None => fail("keyUsage does not decode"),
    }
}

fn ku_ca(f: &Facts) -> Result<(), String> {
    let b = f.key_usage_bits().ok_or("keyUsage does not decode")?;
    if f.cp14() {
        if b == [5] {
            return Ok(());
        }
        return fail(format!(
            "keyUsage is {}; a CP v1.4 CA has keyCertSign only",
            ku_names(&b)
        ));
    }
    if b.contains(&5) && b.iter().all(|x| [0, 5, 6].contains(x)) {
        Ok(())
    } else {
        fail(format!(
            "keyUsage is {}; a CA needs keyCertSign and at most digitalSignature and cRLSign besides",
            ku_names(&b)
        ))
    }
}

fn ski_present(f: &Facts) -> Result<(), String> {
    if f.has(OID_SKI) {
        Ok(())
    } else {
        fail("subjectKeyIdentifier is missing")
    }
}

fn ski_size(f: &Facts) -> Result<(), String> {
    let e = f.ext(OID_SKI).ok_or("subjectKeyIdentifier is missing")?;
    match der::read_strict(e.value) {
        Ok((t, [])) if t.content.len() == 20 => Ok(()),
        Ok((t, [])) => fail(format!(
            "the subjectKeyIdentifier is {} bytes; 20 are required",
            t.content.len()
        )),
        _ => fail("the subjectKeyIdentifier does not decode"),
    }
}

fn aki_present(f: &Facts) -> Result<(), String> {
    if f.has(OID_AKI) {
        Ok(())
    } else {
        fail("authorityKeyIdentifier is missing")
    }
}

/// The AKI keyIdentifier bytes, if any.
fn aki_key_id<'a>(f: &Facts<'a>) -> Option<&'a [u8]> {
    let e = f.ext(OID_AKI)?;
    let (seq, _) = der::read_strict(e.value).ok()?;
    der::children(seq.content)
        .ok()?
        .into_iter()
        .find(|k| k.tag == 0x80)
        .map(|k| k.content)
}

fn ski_bytes<'a>(f: &Facts<'a>) -> Option<&'a [u8]> {
    let e = f.ext(OID_SKI)?;
    der::read_strict(e.value).ok().map(|(t, _)| t.content)
}

fn aki_root(f: &Facts) -> Result<(), String> {
    if aki_key_id(f) == ski_bytes(f) {
        Ok(())
    } else {
        fail("the root's authorityKeyIdentifier does not equal its own subjectKeyIdentifier")
    }
}

fn policy_count(f: &Facts) -> Option<usize> {
    let e = f.ext(OID_CP)?;
    let (seq, _) = der::read_strict(e.value).ok()?;
    Some(der::children(seq.content).ok()?.len())
}

fn cp_ext(f: &Facts) -> Result<(), String> {
    match f.ext(OID_CP) {
        None => fail("certificatePolicies is missing"),
        Some(e) if e.critical => fail("certificatePolicies is marked critical"),
        Some(_) => match policy_count(f) {
            Some(1) => Ok(()),
            Some(n) => fail(format!(
                "certificatePolicies holds {n} policies; exactly one is required"
            )),
            None => fail("certificatePolicies does not decode"),
        },
    }
}

fn cp_root(f: &Facts) -> Result<(), String> {
    if f.has(OID_CP) {
        fail("a root must not carry certificatePolicies")
    } else {
        Ok(())
    }
}

fn cp_id(f: &Facts) -> Result<(), String> {
    let p = f.policies().unwrap_or_default();
    match p.as_slice() {
        [one] if one == OID_CP13 || one == OID_CP14 => Ok(()),
        [one] => fail(format!(
            "the policy is {one}, not the US SHAKEN CP ({OID_CP13} or {OID_CP14})"
        )),
        [] => fail("no certificate policy is asserted; the US SHAKEN CP OID is required"),
        many => fail(format!(
            "{} policies are asserted; exactly one (the US SHAKEN CP) is required",
            many.len()
        )),
    }
}

/// URIs in the fullName of every DistributionPoint.
fn crl_uris(f: &Facts) -> Vec<String> {
    let Some(e) = f.ext(OID_CRLDP) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Ok((seq, _)) = der::read_strict(e.value) else {
        return out;
    };
    for dp in der::children(seq.content).unwrap_or_default() {
        for part in der::children(dp.content).unwrap_or_default() {
            if part.tag != 0xa0 {
                continue;
            }
            for name in der::children(part.content).unwrap_or_default() {
                if name.tag != 0xa0 {
                    continue;
                }
                for gn in der::children(name.content).unwrap_or_default() {
                    if gn.tag == 0x86 {
                        out.push(String::from_utf8_lossy(gn.content).into_owned());
                    }
                }
            }
        }
    }
    out
}

fn crl_dp(f: &Facts) -> Result<(), String> {
    if !f.has(OID_CRLDP) {
        return fail("cRLDistributionPoints is missing");
    }
    let uris = crl_uris(f);
    match uris.as_slice() {
        [u] if u.starts_with("http") => Ok(()),
        [u] => fail(format!(
            "the CRL distribution point {u} is not an http(s) URL"
        )),
        v => fail(format!(
            "cRLDistributionPoints names {} URIs; exactly one http(s) URL is required",
            v.len()
        )),
    }
}

fn crl_dp_struct(f: &Facts) -> Result<(), String> {
    let e = f.ext(OID_CRLDP).ok_or("cRLDistributionPoints is missing")?;
    let (seq, _) = der::read_strict(e.value)
        .map_err(|_| "cRLDistributionPoints does not decode".to_string())?;
    let (dp, _) = der::read_strict(seq.content)
        .map_err(|_| "cRLDistributionPoints does not decode".to_string())?;
    if dp.tag != 0x30 {
        return fail("the first DistributionPoint is not a SEQUENCE");
    }
    let (first, rest) = der::read_strict(dp.content)
        .map_err(|_| "the DistributionPoint does not decode".to_string())?;
    if first.tag != 0xa0 {
        return fail("the first DistributionPoint does not start with a distributionPoint name");
    }
    match der::read_strict(rest) {
        Ok((next, _)) if next.tag == 0xa2 => Ok(()),
        Ok(_) => {
            fail("the first DistributionPoint's distributionPoint is not followed by cRLIssuer")
        }
        Err(_) if rest.is_empty() => fail(
            "the first DistributionPoint has no cRLIssuer (ATIS-1000080 v004 requires the STI-PA as CRL issuer)",
        ),
        Err(_) => fail("the DistributionPoint does not decode"),
    }
}

fn crl_dp_root(f: &Facts) -> Result<(), String> {
    if f.has(OID_CRLDP) {
        fail("a root must not carry cRLDistributionPoints")
    } else {
        Ok(())
    }
}

fn tn_auth_list(f: &Facts) -> Result<(), String> {
    if f.ext(OID_TNAUTHLIST).is_some_and(|e| e.critical) {
        return fail("the TNAuthList is marked critical");
    }
    f.spc().map(|_| ())
}

fn tn_auth_list_ca(f: &Facts) -> Result<(), String> {
    if f.has(OID_TNAUTHLIST) {
        fail("a CA certificate must not carry a TNAuthList")
    } else {
        Ok(())
    }
}

fn spc_format(f: &Facts) -> Result<(), String> {
    let spc = f.spc()?;
    if spc
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        Ok(())
    } else {
        fail(format!(
            "the SPC \"{spc}\" has characters other than upper-case letters and digits"
        ))
    }
}

fn cn_spc(f: &Facts) -> Result<(), String> {
    let spc = f.spc()?;
    let cn = f.cn().unwrap_or_default();
    if whole_word(&cn, &format!("SHAKEN {spc}"), false) {
        Ok(())
    } else {
        fail(format!(
            "the commonName \"{cn}\" does not contain \"SHAKEN {spc}\" (the word SHAKEN, one space, the TNAuthList's SPC)"
        ))
    }
}

fn cn_root(f: &Facts) -> Result<(), String> {
    match f.cn() {
        Some(cn) if whole_word(&cn, "ROOT", true) => Ok(()),
        Some(cn) => fail(format!(
            "the root's commonName \"{cn}\" does not contain the word ROOT"
        )),
        None => fail("the root has no commonName"),
    }
}

const ALLOWED_EXTS: [&str; 7] = [
    OID_KU,
    OID_BC,
    OID_CP,
    OID_SKI,
    OID_AKI,
    OID_CRLDP,
    OID_TNAUTHLIST,
];

fn ext_not_specified(f: &Facts) -> Result<(), String> {
    let extra: Vec<&str> = f
        .exts
        .iter()
        .map(|e| e.oid.as_str())
        .filter(|o| !ALLOWED_EXTS.contains(o))
        .collect();
    if extra.is_empty() {
        Ok(())
    } else {
        fail(format!(
            "extensions ATIS-1000080 v005 does not allow: {}",
            extra.join(", ")
        ))
    }
}

// ---- generic RFC 5280 checks ----------------------------------------------

fn not_critical(f: &Facts, oid: &str, name: &str) -> Result<(), String> {
    if f.ext(oid).is_some_and(|e| e.critical) {
        fail(format!("{name} is marked critical"))
    } else {
        Ok(())
    }
}

fn incorrect_ku_encoding(f: &Facts) -> Result<(), String> {
    let v = f.ext(OID_KU).map(|e| e.value).unwrap_or_default();
    if v.len() < 4 {
        return Ok(()); // fatal in the linter: not reported
    }
    let declared = v[2] as u32;
    let content = &v[3..];
    let trailing = match content.iter().rposition(|b| *b != 0) {
        None => 0,
        Some(i) => ((content.len() - 1 - i) * 8) as u32 + content[i].trailing_zeros(),
    };
    if declared == trailing {
        Ok(())
    } else {
        fail(format!(
            "the keyUsage BIT STRING declares {declared} unused bits but its named-bit list ends with {trailing} zero bits (DER requires them to match)"
        ))
    }
}

fn superfluous_ku_encoding(f: &Facts) -> Result<(), String> {
    if f.ext(OID_KU).and_then(|e| e.value.last()) == Some(&0) {
        fail("the keyUsage BIT STRING ends with a superfluous zero byte")
    } else {
        Ok(())
    }
}

fn ku_incorrect_length(f: &Facts) -> Result<(), String> {
    let e = f.ext(OID_KU).ok_or("no keyUsage")?;
    let (bs, _) = der::read_strict(e.value).map_err(|_| "keyUsage does not decode".to_string())?;
    let (&unused, bytes) = bs.content.split_first().ok_or("keyUsage is empty")?;
    if unused > 7 || bytes.len() > 8 {
        return fail("keyUsage does not decode");
    }
    let v = bytes.iter().fold(0u64, |a, b| (a << 8) | *b as u64) >> unused;
    if v >= 512 {
        fail("keyUsage has bits beyond decipherOnly")
    } else {
        Ok(())
    }
}

fn ku_without_bits(f: &Facts) -> Result<(), String> {
    if f.key_usage_bits().is_some_and(|b| !b.is_empty()) {
        Ok(())
    } else {
        fail("keyUsage has no bit set")
    }
}

fn cert_sign_without_ca(f: &Facts) -> Result<(), String> {
    if f.key_usage_bits().is_some_and(|b| b.contains(&5)) && !f.ca {
        fail("keyCertSign is set but the certificate is not a CA")
    } else {
        Ok(())
    }
}

fn aki_missing(f: &Facts) -> Result<(), String> {
    if !f.has(OID_AKI) && !f.self_signed {
        fail("authorityKeyIdentifier is missing")
    } else {
        Ok(())
    }
}

fn aki_no_key_id(f: &Facts) -> Result<(), String> {
    if f.root() || aki_key_id(f).is_some() {
        Ok(())
    } else {
        fail("authorityKeyIdentifier is missing or carries no keyIdentifier")
    }
}

fn ski_missing(f: &Facts) -> Result<(), String> {
    ski_present(f)
}

fn bc_not_critical(f: &Facts) -> Result<(), String> {
    if f.ext(OID_BC).is_some_and(|e| !e.critical) {
        fail("basicConstraints is not marked critical")
    } else {
        Ok(())
    }
}

fn subject_nonempty(f: &Facts) -> Result<(), String> {
    if f.subject.is_empty() {
        fail("the subject is empty")
    } else {
        Ok(())
    }
}

fn issuer_nonempty(f: &Facts) -> Result<(), String> {
    if f.issuer.is_empty() {
        fail("the issuer is empty")
    } else {
        Ok(())
    }
}

fn subject_empty_without_san(f: &Facts) -> Result<(), String> {
    if f.subject.is_empty() && !f.has(OID_SAN) {
        fail("the subject is empty and there is no subjectAltName")
    } else {
        Ok(())
    }
}

fn no_unique_ids(f: &Facts) -> Result<(), String> {
    if f.unique_ids {
        fail("the certificate carries an issuerUniqueID or subjectUniqueID")
    } else {
        Ok(())
    }
}

fn unique_ids_version(f: &Facts) -> Result<(), String> {
    if f.unique_ids && f.version == 0 {
        fail("a version 1 certificate carries a unique identifier")
    } else {
        Ok(())
    }
}

fn extensions_need_v3(f: &Facts) -> Result<(), String> {
    if !f.exts.is_empty() && f.version != 2 {
        fail("the certificate has extensions but is not version 3")
    } else {
        Ok(())
    }
}

fn duplicate_extension(f: &Facts) -> Result<(), String> {
    for (i, e) in f.exts.iter().enumerate() {
        if f.exts[..i].iter().any(|x| x.oid == e.oid) {
            return fail(format!("the extension {} occurs more than once", e.oid));
        }
    }
    Ok(())
}

fn path_len_improper(f: &Facts) -> Result<(), String> {
    let Some((ca, Some(_))) = f.basic_constraints() else {
        return Ok(());
    };
    let cert_sign = f.key_usage_bits().is_some_and(|b| b.contains(&5));
    if !ca || !cert_sign {
        fail(
            "pathLenConstraint is present on a certificate that is not a CA allowed to sign certificates",
        )
    } else {
        Ok(())
    }
}

fn path_len_negative(f: &Facts) -> Result<(), String> {
    if f.basic_constraints()
        .is_some_and(|(_, p)| p.is_some_and(|n| n < 0))
    {
        fail("pathLenConstraint is negative")
    } else {
        Ok(())
    }
}

fn bc_decodes(f: &Facts) -> bool {
    f.basic_constraints().is_some()
}

fn serial_20_octets(f: &Facts) -> Result<(), String> {
    if f.serial.len() > 20 {
        fail(format!(
            "the serial number is {} bytes; at most 20 are allowed",
            f.serial.len()
        ))
    } else {
        Ok(())
    }
}

fn max_len(f: &Facts, oid: &str, max: usize, what: &str) -> Result<(), String> {
    for a in f.subject.iter().filter(|a| a.oid == oid && a.is_string()) {
        let n = a.text().chars().count();
        if n > max {
            return fail(format!(
                "the {what} is {n} characters; at most {max} are allowed"
            ));
        }
    }
    Ok(())
}

fn cn_max(f: &Facts) -> Result<(), String> {
    match f.cn() {
        Some(cn) if cn.chars().count() > 64 => fail(format!(
            "the commonName is {} characters; at most 64",
            cn.chars().count()
        )),
        _ => Ok(()),
    }
}

fn country_printable(attrs: &[Attr]) -> Result<(), String> {
    if attrs.iter().any(|a| a.oid == "2.5.4.6" && a.tag != 19) {
        fail("a countryName is not a PrintableString")
    } else {
        Ok(())
    }
}

fn sn_printable(f: &Facts) -> Result<(), String> {
    if f.subject.iter().any(|a| a.oid == "2.5.4.5" && a.tag != 19) {
        fail("the subject serialNumber is not a PrintableString")
    } else {
        Ok(())
    }
}

fn sn_max(f: &Facts) -> Result<(), String> {
    match f.subject.iter().rev().find(|a| a.oid == "2.5.4.5") {
        Some(a) if a.text().chars().count() > 64 => {
            fail("the subject serialNumber is longer than 64 characters")
        }
        _ => Ok(()),
    }
}

fn printable_badalpha(f: &Facts) -> Result<(), String> {
    for a in f.subject.iter().filter(|a| a.tag == 19) {
        let ok = !a.value.is_empty()
            && a.value
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&c));
        if !ok {
            return fail(format!(
                "the PrintableString \"{}\" holds a character PrintableString does not allow",
                a.text()
            ));
        }
    }
    Ok(())
}

fn dn_printable_chars(f: &Facts) -> Result<(), String> {
    for a in &f.subject {
        if let Ok(s) = std::str::from_utf8(a.value)
            && s.chars()
                .any(|c| c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c))
        {
            return fail("a subject attribute holds a control character");
        }
        if std::str::from_utf8(a.value).is_err() && a.value.contains(&0) {
            return fail("a subject attribute holds a control character");
        }
    }
    Ok(())
}

fn sig_alg_match(f: &Facts) -> Result<(), String> {
    if f.tbs_sig_alg == f.outer_sig_alg {
        Ok(())
    } else {
        fail("the outer signatureAlgorithm differs from the TBSCertificate's signature field")
    }
}

fn utc_seconds(f: &Facts) -> Result<(), String> {
    for (t, v) in &f.validity {
        if *t == 0x17 && v.len() != 13 && v.len() != 17 {
            return fail("a UTCTime is not YYMMDDHHMMSSZ");
        }
    }
    Ok(())
}

fn utc_zulu(f: &Facts) -> Result<(), String> {
    for (t, v) in &f.validity {
        if *t == 0x17 && v.last() != Some(&b'Z') {
            return fail("a UTCTime is not in UTC (Z)");
        }
    }
    Ok(())
}

fn gen_time_zulu(f: &Facts) -> Result<(), String> {
    for (t, v) in &f.validity {
        if *t == 0x18 && v.last() != Some(&b'Z') {
            return fail("a GeneralizedTime is not in UTC (Z)");
        }
    }
    Ok(())
}

fn gen_time_len(f: &Facts, fraction: bool) -> Result<(), String> {
    for (t, v) in &f.validity {
        if *t != 0x18 {
            continue;
        }
        let want = if v.last() == Some(&b'Z') {
            15
        } else if v.contains(&b'+') || v.contains(&b'-') {
            19
        } else {
            14
        };
        if !fraction && v.len() < want {
            return fail("a GeneralizedTime has no seconds");
        }
        if fraction && v.len() > want {
            return fail("a GeneralizedTime has fractional seconds");
        }
    }
    Ok(())
}

fn pre2050(f: &Facts) -> Result<(), String> {
    for (t, v) in &f.validity {
        if *t == 0x18 && parse_time(*t, v).is_some_and(|s| s < Day(2050, 1, 1).unix()) {
            return fail(
                "a validity date before 2050 is encoded as GeneralizedTime (RFC 5280 requires UTCTime)",
            );
        }
    }
    Ok(())
}

fn rsa_params_null(f: &Facts) -> Result<(), String> {
    if f.spki_alg
        == [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05,
            0x00,
        ]
    {
        Ok(())
    } else {
        fail("the RSA key's AlgorithmIdentifier is not rsaEncryption with NULL parameters")
    }
}

fn rsa_key(f: &Facts) -> bool {
    f.spki_oid == "1.2.840.113549.1.1.1"
}

fn rsa_signed(f: &Facts) -> bool {
    matches!(
        f.tbs_sig_oid.as_str(),
        "1.2.840.113549.1.1.4"
            | "1.2.840.113549.1.1.5"
            | "1.2.840.113549.1.1.11"
            | "1.2.840.113549.1.1.12"
            | "1.2.840.113549.1.1.13"
            | "1.2.840.113549.1.1.14"
    )
}

fn tbs_rsa_params_null(f: &Facts) -> Result<(), String> {
    let a = f.tbs_sig_alg;
    if a.len() == 15 && a[..2] == [0x30, 0x0d] && a[13..] == [0x05, 0x00] {
        Ok(())
    } else {
        fail("the RSA signature AlgorithmIdentifier does not carry the NULL parameter")
    }
}

fn cp_duplicate(f: &Facts) -> Result<(), String> {
    let p = f.policies().unwrap_or_default();
    for (i, o) in p.iter().enumerate() {
        if p[..i].contains(o) {
            return fail(format!("the policy {o} is listed twice"));
        }
    }
    Ok(())
}

macro_rules! rule {
    ($name:literal, $level:expr, $source:expr, $cite:literal, $applies:expr, $eff:expr, $check:expr, $fix:expr) => {
        Rule {
            name: $name,
            level: $level,
            source: $source,
            citation: $cite,
            applies: $applies,
            effective: $eff,
            check: $check,
            fixer: $fix,
        }
    };
}

/// Every rule, in the order of RULES.md.
pub static CATALOGUE: &[Rule] = &[
    // A. Version, serial number, algorithms
    rule!(
        "e_atis_version",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        version_3,
        CA
    ),
    rule!(
        "e_atis_version_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        version_3,
        CA
    ),
    rule!(
        "e_atis_serial_number",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        serial_positive,
        CA
    ),
    rule!(
        "e_atis_serial_number_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        serial_positive,
        CA
    ),
    rule!(
        "e_atis_serial_number_size",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        ee,
        Some(V5_EE),
        serial_64_bits,
        CA
    ),
    rule!(
        "e_atis_serial_number_size_ca",
        E,
        ATIS,
        "ATIS-1000080 v005",
        ca,
        Some(V5_CA),
        serial_64_bits,
        CA
    ),
    rule!(
        "e_atis_signature_algorithm",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        signature_algorithm,
        CA
    ),
    rule!(
        "e_atis_signature_algorithm_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        signature_algorithm,
        CA
    ),
    rule!(
        "e_atis_subject_public_key",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        |f| p256_key(f, false),
        SP
    ),
    rule!(
        "e_atis_subject_public_key_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        |f| p256_key(f, f.cp14()),
        CA
    ),
    // B. Names
    rule!(
        "e_atis_subject_dn",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        subject_dn,
        SP
    ),
    rule!(
        "e_atis_subject_dn_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        subject_dn,
        CA
    ),
    rule!(
        "e_atis_subject_cn",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        cn_shaken,
        SP
    ),
    rule!(
        "e_atis_subject_cn_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        cn_shaken,
        CA
    ),
    rule!(
        "e_atis_subject_cn_spc",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        subscriber,
        Some(V4_EE),
        cn_spc,
        SP
    ),
    rule!(
        "e_atis_subject_cn_root",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        root,
        Some(V5_CA),
        cn_root,
        CA
    ),
    rule!(
        "e_atis_subject_c_iso",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        ee,
        Some(V5_EE),
        c_iso,
        SP
    ),
    rule!(
        "e_atis_subject_c_iso_ca",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        ca,
        Some(V5_CA),
        c_iso,
        CA
    ),
    rule!(
        "e_atis_subject_c_us",
        E,
        CP,
        "US SHAKEN CP v1.4 §3.1",
        ee_cp14,
        Some(CP14_EE),
        c_us,
        SP
    ),
    rule!(
        "e_atis_subject_c_us_ca",
        E,
        CP,
        "ATIS-1000080",
        ca_cp14,
        Some(CP14_CA),
        c_us,
        CA
    ),
    rule!(
        "e_atis_subject_o_required",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        ee,
        Some(V4_EE),
        o_required,
        SP
    ),
    rule!(
        "e_atis_subject_o_required_ca",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        ca,
        Some(V4_CA),
        o_required,
        CA
    ),
    rule!(
        "e_us_cp_subject_sn_shall",
        E,
        CP,
        "US SHAKEN CP v1.3 §3.1",
        ee_cp13_tn,
        Some(CP13_EE),
        sn_shall,
        SP
    ),
    rule!(
        "e_us_cp_subject_sn_shall_ca",
        E,
        CP,
        "US SHAKEN CP v1.3 §3.1",
        ca_cp13_tn,
        Some(CP13_CA),
        sn_shall,
        CA
    ),
    rule!(
        "e_us_cp_subject_sn_may",
        E,
        CP,
        "US SHAKEN CP v1.4 §3.1",
        ee_cp14,
        Some(CP14_EE),
        never_fails,
        SP
    ),
    rule!(
        "e_us_cp_subject_sn_may_ca",
        E,
        CP,
        "US SHAKEN CP v1.4 §3.1",
        ca_cp14,
        Some(CP14_CA),
        never_fails,
        CA
    ),
    rule!(
        "e_issuer_root",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        root,
        Some(V3_CA),
        issuer_is_subject,
        CA
    ),
    // C. Extensions
    rule!(
        "e_atis_ext_basic_constraints",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        all,
        Some(V3_CA),
        bc_present,
        CA
    ),
    rule!(
        "e_atis_ext_key_usage",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        all,
        Some(V3_CA),
        ku_present,
        CA
    ),
    rule!(
        "e_atis_ext_key_usage_ee",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee_with_ku,
        Some(V3_EE),
        ku_ee,
        CA
    ),
    rule!(
        "e_atis_ext_key_usage_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca_with_ku,
        Some(V3_CA),
        ku_ca,
        CA
    ),
    rule!(
        "e_atis_subject_key_identifier",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        ski_present,
        CA
    ),
    rule!(
        "e_atis_subject_key_identifier_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        ski_present,
        CA
    ),
    rule!(
        "e_atis_subject_key_identifier_size",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        ee,
        Some(V4_EE),
        ski_size,
        CA
    ),
    rule!(
        "e_atis_subject_key_identifier_size_ca",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        ca,
        Some(V4_CA),
        ski_size,
        CA
    ),
    rule!(
        "e_atis_ext_authority_key_identifier",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        aki_present,
        CA
    ),
    rule!(
        "e_atis_ext_authority_key_identifier_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        intermediate,
        Some(V3_CA),
        aki_present,
        CA
    ),
    rule!(
        "e_atis_ext_authority_key_identifier_root",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        root_with_aki,
        Some(V3_CA),
        aki_root,
        CA
    ),
    rule!(
        "e_atis_ext_certificate_policies",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        cp_ext,
        CA
    ),
    rule!(
        "e_atis_ext_certificate_policies_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        intermediate,
        Some(V3_CA),
        cp_ext,
        CA
    ),
    rule!(
        "e_atis_ext_certificate_policies_root",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        root,
        Some(V5_CA),
        cp_root,
        CA
    ),
    rule!(
        "e_shaken_certificate_policies_id",
        E,
        CP,
        "US SHAKEN CP v1.3 §1.3",
        ee,
        Some(CP13_EE),
        cp_id,
        CA
    ),
    rule!(
        "e_shaken_certificate_policies_id_ca",
        E,
        CP,
        "US SHAKEN CP v1.3 §1.3",
        intermediate,
        Some(CP13_CA),
        cp_id,
        CA
    ),
    rule!(
        "e_atis_ext_crl_distribution",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        crl_dp,
        CA
    ),
    rule!(
        "e_atis_ext_crl_distribution_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        intermediate,
        Some(V3_CA),
        crl_dp,
        CA
    ),
    rule!(
        "e_atis_ext_crl_distribution_struct",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        ee_crldp_cp14,
        Some(V4_EE),
        crl_dp_struct,
        CA
    ),
    rule!(
        "e_atis_ext_crl_distribution_struct_ca",
        E,
        ATIS,
        "ATIS-1000080 v004 §6.4.1",
        inter_crldp_cp14,
        Some(V4_CA),
        crl_dp_struct,
        CA
    ),
    rule!(
        "e_atis_ext_crl_distribution_root",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        root,
        Some(V5_CA),
        crl_dp_root,
        CA
    ),
    rule!(
        "e_atis_tn_auth_list",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ee,
        Some(V3_EE),
        tn_auth_list,
        SP
    ),
    rule!(
        "e_atis_tn_auth_list_ca",
        E,
        ATIS,
        "ATIS-1000080 v003 §6.4.1",
        ca,
        Some(V3_CA),
        tn_auth_list_ca,
        CA
    ),
    rule!(
        "e_atis_tn_auth_list_spc_format",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        ee,
        Some(V5_EE),
        spc_format,
        SP
    ),
    rule!(
        "e_atis_ext_not_specified",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        ee,
        Some(V5_EE),
        ext_not_specified,
        CA
    ),
    rule!(
        "e_atis_ext_not_specified_ca",
        E,
        ATIS,
        "ATIS-1000080 v005 §6.4.1",
        ca,
        Some(V5_CA),
        ext_not_specified,
        CA
    ),
    // Generic RFC 5280 rules (those that can apply to an STI certificate).
    rule!(
        "e_basic_constraints_not_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.9",
        ca_with_bc,
        Some(RFC2459),
        bc_not_critical,
        CA
    ),
    rule!(
        "e_ca_subject_field_empty",
        E,
        RFC,
        "RFC 5280 §4.1.2.6",
        ca,
        Some(RFC2459),
        subject_nonempty,
        CA
    ),
    rule!(
        "e_cert_contains_unique_identifier",
        E,
        RFC,
        "RFC 5280 §4.1.2.8",
        all,
        Some(RFC5280),
        no_unique_ids,
        CA
    ),
    rule!(
        "e_cert_extensions_version_not_3",
        E,
        RFC,
        "RFC 5280 §4.1.2.9",
        all,
        Some(RFC2459),
        extensions_need_v3,
        CA
    ),
    rule!(
        "e_cert_unique_identifier_version_not_2_or_3",
        E,
        RFC,
        "RFC 5280 §4.1.2.8",
        all,
        Some(RFC5280),
        unique_ids_version,
        CA
    ),
    rule!(
        "e_ext_aia_marked_critical",
        E,
        RFC,
        "RFC 5280 §4.2.2.1",
        with_aia,
        Some(RFC2459),
        |f| not_critical(f, "1.3.6.1.5.5.7.1.1", "authorityInfoAccess"),
        CA
    ),
    rule!(
        "e_ext_authority_key_identifier_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.1",
        with_aki,
        Some(RFC2459),
        |f| not_critical(f, OID_AKI, "authorityKeyIdentifier"),
        CA
    ),
    rule!(
        "e_ext_authority_key_identifier_missing",
        E,
        RFC,
        "RFC 5280 §4.2.1.1",
        not_root,
        Some(RFC2459),
        aki_missing,
        CA
    ),
    rule!(
        "e_ext_authority_key_identifier_no_key_identifier",
        E,
        RFC,
        "RFC 5280 §4.2.1.1",
        all,
        Some(RFC2459),
        aki_no_key_id,
        CA
    ),
    rule!(
        "e_ext_cert_policy_duplicate",
        E,
        RFC,
        "RFC 5280 §4.2.1.4",
        with_cp,
        Some(RFC5280),
        cp_duplicate,
        CA
    ),
    rule!(
        "w_ext_crl_distribution_marked_critical",
        W,
        RFC,
        "RFC 5280 §4.2.1.13",
        with_crldp,
        Some(RFC2459),
        |f| not_critical(f, OID_CRLDP, "cRLDistributionPoints"),
        CA
    ),
    rule!(
        "e_ext_duplicate_extension",
        E,
        RFC,
        "RFC 5280 §4.2",
        v3,
        Some(RFC2459),
        duplicate_extension,
        CA
    ),
    rule!(
        "e_ext_freshest_crl_marked_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.15",
        |f| f.has("2.5.29.46"),
        Some(RFC3280),
        |f| not_critical(f, "2.5.29.46", "freshestCRL"),
        CA
    ),
    rule!(
        "w_ext_ian_critical",
        W,
        RFC,
        "RFC 5280 §4.2.1.7",
        |f| f.has("2.5.29.18"),
        Some(RFC2459),
        |f| not_critical(f, "2.5.29.18", "issuerAltName"),
        CA
    ),
    rule!(
        "e_ext_key_usage_cert_sign_without_ca",
        E,
        RFC,
        "RFC 5280 §4.2.1.3, §4.2.1.9",
        with_ku,
        Some(RFC3280),
        cert_sign_without_ca,
        CA
    ),
    rule!(
        "w_ext_key_usage_not_critical",
        W,
        RFC,
        "RFC 5280 §4.2.1.3",
        with_ku,
        Some(RFC2459),
        |f| if f.ext(OID_KU).is_some_and(|e| !e.critical) {
            fail("keyUsage is not marked critical")
        } else {
            Ok(())
        },
        CA
    ),
    rule!(
        "e_ext_key_usage_without_bits",
        E,
        RFC,
        "RFC 5280 §4.2.1.3",
        with_ku,
        Some(RFC5280),
        ku_without_bits,
        CA
    ),
    rule!(
        "e_ext_name_constraints_not_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.10",
        |f| f.has("2.5.29.30"),
        Some(RFC2459),
        |f| if f.ext("2.5.29.30").is_some_and(|e| !e.critical) {
            fail("nameConstraints is not marked critical")
        } else {
            Ok(())
        },
        CA
    ),
    rule!(
        "e_ext_name_constraints_not_in_ca",
        E,
        RFC,
        "RFC 5280 §4.2.1.10",
        |f| f.has("2.5.29.30"),
        Some(RFC2459),
        |f| if f.ca {
            Ok(())
        } else {
            fail("nameConstraints on a certificate that is not a CA")
        },
        CA
    ),
    rule!(
        "e_ext_policy_constraints_not_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.11",
        |f| f.has("2.5.29.36"),
        Some(RFC5280),
        |f| if f.ext("2.5.29.36").is_some_and(|e| !e.critical) {
            fail("policyConstraints is not marked critical")
        } else {
            Ok(())
        },
        CA
    ),
    rule!(
        "w_ext_policy_map_not_critical",
        W,
        RFC,
        "RFC 5280 §4.2.1.5",
        |f| f.has("2.5.29.33"),
        Some(RFC2459),
        |f| if f.ext("2.5.29.33").is_some_and(|e| !e.critical) {
            fail("policyMappings is not marked critical")
        } else {
            Ok(())
        },
        CA
    ),
    rule!(
        "e_ext_subject_directory_attr_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.8",
        |f| f.has("2.5.29.9"),
        Some(RFC2459),
        |f| not_critical(f, "2.5.29.9", "subjectDirectoryAttributes"),
        CA
    ),
    rule!(
        "e_ext_subject_key_identifier_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.2",
        with_ski,
        Some(RFC2459),
        |f| not_critical(f, OID_SKI, "subjectKeyIdentifier"),
        CA
    ),
    rule!(
        "e_ext_subject_key_identifier_missing_ca",
        E,
        RFC,
        "RFC 5280 §4.2.1.2",
        ca,
        Some(RFC2459),
        ski_missing,
        CA
    ),
    rule!(
        "w_ext_subject_key_identifier_missing_sub_cert",
        W,
        RFC,
        "RFC 5280 §4.2.1.2",
        ee,
        Some(RFC2459),
        ski_missing,
        CA
    ),
    rule!(
        "e_generalized_time_does_not_include_seconds",
        E,
        RFC,
        "RFC 5280 §4.1.2.5.2",
        with_generalized_time,
        Some(RFC2459),
        |f| gen_time_len(f, false),
        CA
    ),
    rule!(
        "e_generalized_time_includes_fraction_seconds",
        E,
        RFC,
        "RFC 5280 §4.1.2.5.2",
        with_generalized_time,
        Some(RFC2459),
        |f| gen_time_len(f, true),
        CA
    ),
    rule!(
        "e_generalized_time_not_in_zulu",
        E,
        RFC,
        "RFC 5280 §4.1.2.5.2",
        with_generalized_time,
        Some(RFC2459),
        gen_time_zulu,
        CA
    ),
    rule!(
        "e_incorrect_ku_encoding",
        E,
        RFC,
        "X.690 §11.2.2 (named bit lists)",
        with_ku_value,
        None,
        incorrect_ku_encoding,
        CA
    ),
    rule!(
        "e_inhibit_any_policy_not_critical",
        E,
        RFC,
        "RFC 5280 §4.2.1.14",
        |f| f.has("2.5.29.54"),
        Some(RFC3280),
        |f| if f.ext("2.5.29.54").is_some_and(|e| !e.critical) {
            fail("inhibitAnyPolicy is not marked critical")
        } else {
            Ok(())
        },
        CA
    ),
    rule!(
        "e_issuer_dn_country_not_printable_string",
        E,
        RFC,
        "RFC 5280 App. A",
        |f| f.issuer.iter().any(|a| a.oid == "2.5.4.6"),
        None,
        |f| country_printable(&f.issuer),
        CA
    ),
    rule!(
        "e_issuer_field_empty",
        E,
        RFC,
        "RFC 5280 §4.1.2.4",
        all,
        Some(RFC2459),
        issuer_nonempty,
        CA
    ),
    rule!(
        "e_key_usage_incorrect_length",
        E,
        RFC,
        "RFC 5280 §4.2.1.3",
        with_ku,
        Some(RFC5280),
        ku_incorrect_length,
        CA
    ),
    rule!(
        "e_path_len_constraint_improperly_included",
        E,
        RFC,
        "RFC 5280 §4.2.1.9",
        with_bc,
        Some(RFC3280),
        path_len_improper,
        CA
    ),
    rule!(
        "e_path_len_constraint_zero_or_less",
        E,
        RFC,
        "RFC 5280 §4.2.1.9",
        bc_decodes,
        Some(RFC2459),
        path_len_negative,
        CA
    ),
    rule!(
        "e_serial_number_longer_than_20_octets",
        E,
        RFC,
        "RFC 5280 §4.1.2.2",
        all,
        Some(RFC3280),
        serial_20_octets,
        CA
    ),
    rule!(
        "e_serial_number_not_positive",
        E,
        RFC,
        "RFC 5280 §4.1.2.2",
        all,
        Some(RFC3280),
        serial_positive,
        CA
    ),
    rule!(
        "e_spki_rsa_encryption_parameter_not_null",
        E,
        RFC,
        "RFC 4055 §1.2",
        rsa_key,
        Some(RFC5280),
        rsa_params_null,
        CA
    ),
    rule!(
        "e_subject_common_name_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        with_cn,
        Some(RFC2459),
        cn_max,
        SP
    ),
    rule!(
        "e_subject_dn_country_not_printable_string",
        E,
        RFC,
        "RFC 5280 App. A",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.6"),
        None,
        |f| country_printable(&f.subject),
        SP
    ),
    rule!(
        "e_subject_dn_not_printable_characters",
        E,
        RFC,
        "RFC 5280 App. A",
        all,
        None,
        dn_printable_chars,
        SP
    ),
    rule!(
        "e_subject_dn_serial_number_max_length",
        E,
        RFC,
        "RFC 5280 App. A",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.5"),
        None,
        sn_max,
        SP
    ),
    rule!(
        "e_subject_dn_serial_number_not_printable_string",
        E,
        RFC,
        "RFC 5280 App. A",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.5"),
        None,
        sn_printable,
        SP
    ),
    rule!(
        "e_subject_email_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        |f| f.subject.iter().any(|a| a.oid == "1.2.840.113549.1.9.1"),
        Some(RFC2459),
        |f| max_len(f, "1.2.840.113549.1.9.1", 255, "emailAddress"),
        SP
    ),
    rule!(
        "e_subject_empty_without_san",
        E,
        RFC,
        "RFC 5280 §4.2.1.6",
        all,
        Some(RFC2459),
        subject_empty_without_san,
        SP
    ),
    rule!(
        "e_subject_info_access_marked_critical",
        E,
        RFC,
        "RFC 5280 §4.2.2.2",
        with_sia,
        Some(RFC3280),
        |f| not_critical(f, "1.3.6.1.5.5.7.1.11", "subjectInfoAccess"),
        CA
    ),
    rule!(
        "e_subject_locality_name_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.7"),
        Some(RFC2459),
        |f| max_len(f, "2.5.4.7", 128, "localityName"),
        SP
    ),
    rule!(
        "e_subject_not_dn",
        E,
        RFC,
        "RFC 5280 §4.1.2.6",
        all,
        Some(RFC2459),
        never_fails,
        SP
    ),
    rule!(
        "e_subject_organization_name_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.10"),
        Some(RFC2459),
        |f| max_len(f, "2.5.4.10", 64, "organizationName"),
        SP
    ),
    rule!(
        "e_subject_organizational_unit_name_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.11"),
        Some(RFC2459),
        |f| max_len(f, "2.5.4.11", 64, "organizationalUnitName"),
        SP
    ),
    rule!(
        "e_subject_postal_code_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.17"),
        Some(RFC2459),
        |f| max_len(f, "2.5.4.17", 16, "postalCode"),
        SP
    ),
    rule!(
        "e_subject_printable_string_badalpha",
        E,
        RFC,
        "RFC 5280 App. B",
        all,
        Some(RFC2459),
        printable_badalpha,
        SP
    ),
    rule!(
        "e_subject_state_name_max_length",
        E,
        RFC,
        "RFC 5280 App. A.1",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.8"),
        Some(RFC2459),
        |f| max_len(f, "2.5.4.8", 128, "stateOrProvinceName"),
        SP
    ),
    rule!(
        "e_subject_street_address_max_length",
        E,
        RFC,
        "X.520 upper bounds",
        |f| f.subject.iter().any(|a| a.oid == "2.5.4.9"),
        Some(RFC2459),
        |f| max_len(f, "2.5.4.9", 128, "streetAddress"),
        SP
    ),
    rule!(
        "e_superfluous_ku_encoding",
        E,
        RFC,
        "X.690 §11.2.2 (named bit lists)",
        with_ku_value,
        None,
        superfluous_ku_encoding,
        CA
    ),
    rule!(
        "e_cert_sig_alg_not_match_tbs_sig_alg",
        E,
        RFC,
        "RFC 5280 §4.1.1.2",
        all,
        Some(RFC5280),
        sig_alg_match,
        CA
    ),
    rule!(
        "e_tbs_signature_rsa_encryption_parameter_not_null",
        E,
        RFC,
        "RFC 4055 §5",
        rsa_signed,
        Some(RFC5280),
        tbs_rsa_params_null,
        CA
    ),
    rule!(
        "e_utc_time_does_not_include_seconds",
        E,
        RFC,
        "RFC 5280 §4.1.2.5.1",
        with_utc_time,
        Some(RFC2459),
        utc_seconds,
        CA
    ),
    rule!(
        "e_utc_time_not_in_zulu",
        E,
        RFC,
        "RFC 5280 §4.1.2.5.1",
        with_utc_time,
        Some(RFC2459),
        utc_zulu,
        CA
    ),
    rule!(
        "e_wrong_time_format_pre2050",
        E,
        RFC,
        "RFC 5280 §4.1.2.5",
        all,
        Some(RFC2459),
        pre2050,
        CA
    ),
];

/// A rule by name.
pub fn find(name: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_follow_the_regex_rules() {
        assert!(whole_word("SHAKEN 1234", "SHAKEN", false));
        assert!(whole_word("Acme SHAKEN", "SHAKEN", false));
        assert!(whole_word("SHAKEN-CA", "SHAKEN", false));
        assert!(!whole_word("Shaken 1234", "SHAKEN", false));
        assert!(!whole_word("SHAKEN_1234", "SHAKEN", false));
        assert!(!whole_word("XSHAKEN", "SHAKEN", false));
        assert!(whole_word("IDT SHAKEN 363A", "SHAKEN 363A", false));
        assert!(!whole_word("SHAKEN 363AB", "SHAKEN 363A", false));
        assert!(!whole_word("SHAKEN  363A", "SHAKEN 363A", false));
        assert!(whole_word("SHAKEN Root CA", "ROOT", true));
        assert!(!whole_word("SHAKENROOT", "ROOT", true));
        assert!(!whole_word("Roots", "ROOT", true));
    }

    #[test]
    fn names_are_unique_and_dates_sane() {
        for (i, r) in CATALOGUE.iter().enumerate() {
            assert!(
                CATALOGUE[..i].iter().all(|x| x.name != r.name),
                "{}",
                r.name
            );
            assert!(
                r.name.starts_with("e_") || r.name.starts_with("w_"),
                "{}",
                r.name
            );
        }
        assert_eq!(CATALOGUE.iter().filter(|r| r.source != RFC).count(), 53);
        assert_eq!(V3_CA.unix(), 1_599_177_600);
    }
}
