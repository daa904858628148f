//! One way from what a front end has to the core's [`Options`], with one
//! set of rules for both: a reference time and an IP access list are read
//! the same way in the window and on the command line; an entry that does
//! not read is a [`Problem`] — the command line refuses to run (exit 2),
//! the window says it is ignored beside the control — never silently lost.

use crate::{Fetched, KeyFile, Options, Secret, WebhookOptions, routing, timefmt};

/// What a front end has gathered, as the user gave it.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    /// The front end's clock.
    pub now: i64,
    /// The reference time as typed (`--at`, the window's field); blank is
    /// none.
    pub at: Option<String>,
    pub max_age: u64,
    pub redact: bool,
    pub certs: Vec<KeyFile>,
    pub trust_anchors: Vec<KeyFile>,
    pub crls: Vec<KeyFile>,
    pub routing: Option<routing::Policy>,
    /// IP access list entries as typed: each may hold several CIDRs
    /// separated by commas, spaces or new lines.
    pub allow_ips: Vec<String>,
    pub url: Option<String>,
    pub signature: Option<String>,
    pub auth_token: Option<Secret>,
    pub fetched: Vec<Fetched>,
    pub rcd_content: Vec<Fetched>,
    pub any_cert_signs: bool,
}

/// An entry that does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The reference time.
    At(String),
    /// An IP access list entry, and why.
    AllowIp { entry: String, why: String },
}

impl Problem {
    /// The command line's flag for it.
    pub fn flag(&self) -> &'static str {
        match self {
            Problem::At(_) => "--at",
            Problem::AllowIp { .. } => "--allow-ip",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::At(why) => f.write_str(why),
            Problem::AllowIp { entry, why } => write!(f, "{entry}: {why}"),
        }
    }
}

/// The CIDRs of an access list entry, split the one way both front ends
/// split them.
pub fn allow_ip_entries(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ' ', '\n', '\t', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The reference time as typed: `Ok(None)` when blank.
pub fn reference_time(text: Option<&str>) -> Result<Option<i64>, String> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => timefmt::parse_at(t).map(Some),
    }
}

/// The options, and every entry that did not read (left out of them).
pub fn build(c: Choices) -> (Options, Vec<Problem>) {
    let mut problems = Vec::new();
    let at = reference_time(c.at.as_deref()).unwrap_or_else(|why| {
        problems.push(Problem::At(why));
        None
    });
    let mut allow_ips = Vec::new();
    for entry in c.allow_ips.iter().flat_map(|e| allow_ip_entries(e)) {
        match crate::check::sip_security::Cidr::parse(entry) {
            Ok(cidr) => allow_ips.push(cidr),
            Err(why) => problems.push(Problem::AllowIp {
                entry: entry.to_string(),
                why: why.to_string(),
            }),
        }
    }
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let options = Options {
        now: c.now,
        at,
        max_age: c.max_age,
        redact: c.redact,
        certs: c.certs,
        trust_anchors: c.trust_anchors,
        crls: c.crls,
        allow_ips,
        routing_policy: c.routing,
        fetched: c.fetched,
        rcd_content: c.rcd_content,
        webhook: WebhookOptions {
            url: nonempty(c.url),
            signature: nonempty(c.signature),
            auth_token: c.auth_token.filter(|t| !t.is_empty()),
        },
        cache: None,
        rows_only: false,
        any_cert_signs: c.any_cert_signs,
    };
    (options, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_set_of_rules_for_both_front_ends() {
        let (o, problems) = build(Choices {
            at: Some("  ".into()),
            allow_ips: vec!["203.0.113.0/24, 2001:db8::/32".into(), "10.0.0.0/33".into()],
            url: Some("  ".into()),
            auth_token: Some(Secret::new(" ")),
            ..Default::default()
        });
        assert_eq!(o.at, None, "a blank time is no time");
        assert_eq!(o.allow_ips.len(), 2);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].flag(), "--allow-ip");
        assert!(problems[0].to_string().starts_with("10.0.0.0/33: "));
        assert!(o.webhook.url.is_none() && o.webhook.auth_token.is_none());
        let (o, problems) = build(Choices {
            at: Some("yesterday".into()),
            ..Default::default()
        });
        assert_eq!(o.at, None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].flag(), "--at");
        let (o, problems) = build(Choices {
            at: Some("2026-11-22T09:30:00Z".into()),
            ..Default::default()
        });
        assert!(problems.is_empty());
        assert_eq!(o.at, Some(1_795_339_800));
    }
}
