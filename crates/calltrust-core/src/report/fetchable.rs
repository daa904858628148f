//! What a report names that the user may ask to fetch: the x5u
//! certificates, the chains' CRLs, the content rcdi digests cover. Listing
//! is pure; the fetching itself is the front end's (the binary's `fetch`).

/// The URLs whose content an rcdi digest covers and that were not fetched
/// yet, in order, without duplicates (at most 8 are fetched).
pub fn rcd_urls(report: &crate::report::data::Report) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for p in &report.passports {
        let Some(card) = &p.rcd else { continue };
        for d in &card.integrity {
            if d.status == crate::check::rcd::DigestStatus::NotChecked
                && let Some(u) = &d.url
                && !v.contains(u)
            {
                v.push(u.clone());
            }
        }
    }
    v
}

/// The CRL distribution points of the certificates in a report's chains, in
/// order, without duplicates. Only the first distribution point of each
/// certificate (the STI-PA's CRL) is taken.
pub fn crl_urls(report: &crate::report::data::Report) -> Vec<String> {
    let in_chain = |subject: &str| {
        report
            .chains
            .iter()
            .any(|c| c.path.iter().any(|p| p == subject))
    };
    let mut v: Vec<String> = Vec::new();
    for c in &report.certificates {
        if !in_chain(&c.subject) && !report.chains.is_empty() {
            continue;
        }
        if let Some(u) = c.crl_distribution_points.first()
            && !v.contains(u)
        {
            v.push(u.clone());
        }
    }
    v
}

/// The x5u URLs of a report's PASSporTs, in order, without duplicates.
pub fn x5u_urls(report: &crate::report::data::Report) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for p in &report.passports {
        if let Some(x) = p.header.get("x5u").and_then(|x| x.as_str())
            && !v.iter().any(|u| u == x)
        {
            v.push(x.to_string());
        }
    }
    v
}
