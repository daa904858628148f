//! SIP hygiene of a pasted message (Twilio "SIP security best practices"):
//! transport and scheme, digest authentication, the source address against
//! the user's IP access list, media encryption in the SDP; and the password
//! rules for SIP credential lists (never stored or printed).

use std::net::IpAddr;

use crate::input::Evidence;
use crate::input::sip::SipMessage;
use crate::model::{Finding, ids};

/// An IPv4/IPv6 network in CIDR form (`203.0.113.0/24`, `2001:db8::/32`, or a
/// single address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub net: IpAddr,
    pub bits: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Result<Cidr, String> {
        let (a, b) = s.trim().split_once('/').unwrap_or((s.trim(), ""));
        let net: IpAddr = a
            .parse()
            .map_err(|_| format!("`{a}` is not an IP address"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let bits = if b.is_empty() {
            max
        } else {
            b.parse::<u8>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| format!("`/{b}` is not a prefix length for {a}"))?
        };
        Ok(Cidr { net, bits })
    }
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = if self.bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - self.bits)
                };
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = if self.bits == 0 {
                    0
                } else {
                    u128::MAX << (128 - self.bits)
                };
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

/// The top Via's transport and source address (`received` wins over the host).
fn top_via(v: &str) -> (String, Option<IpAddr>) {
    let first = v.split(',').next().unwrap_or(v).trim();
    let mut parts = first.splitn(2, char::is_whitespace);
    let proto = parts.next().unwrap_or("");
    let transport = proto.rsplit('/').next().unwrap_or("").to_ascii_uppercase();
    let rest = parts.next().unwrap_or("").trim();
    let mut params = rest.split(';');
    let sent_by = params.next().unwrap_or("").trim();
    let received = params
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("received"))
        .and_then(|(_, v)| v.trim().trim_matches(['[', ']']).parse().ok());
    let host = if let Some(h) = sent_by.strip_prefix('[') {
        h.split(']').next().unwrap_or("")
    } else {
        sent_by.split(':').next().unwrap_or("")
    };
    (transport, received.or_else(|| host.parse().ok()))
}

pub fn findings(ev: &Evidence, allow: &[Cidr]) -> Vec<Finding> {
    let Some(sip) = &ev.sip else {
        return Vec::new();
    };
    if sip.method.is_none() {
        return Vec::new();
    }
    let via = sip.header("Via");
    let (transport, source) = via.map(top_via).unwrap_or_default();
    let mut out = Vec::new();
    out.extend(transport_finding(sip, via.is_some(), &transport));
    // Digest authentication.
    if sip.header("Authorization").is_none() && sip.header("Proxy-Authorization").is_none() {
        out.push(
            Finding::warning(
                ids::SIP_SECURITY_AUTH,
                "No digest authentication",
                "The request carries no Authorization or Proxy-Authorization header: it was accepted (or is being offered) on the source address alone.",
            )
            .hint("Require credential-list (digest) authentication in addition to an IP access list."),
        );
    }
    out.extend(source_finding(source, allow));
    out.extend(media_finding(&sip.body));
    out
}

/// Transport: TLS on the top Via, sips: in the Request-URI.
fn transport_finding(sip: &SipMessage, has_via: bool, transport: &str) -> Option<Finding> {
    let uri_sips = sip
        .request_uri
        .as_deref()
        .is_some_and(|u| u.to_ascii_lowercase().starts_with("sips:"));
    let tls = transport == "TLS" || transport == "WSS";
    let mut why = Vec::new();
    if has_via && !tls {
        why.push(format!(
            "the top Via uses {}",
            if transport.is_empty() {
                "an unknown transport"
            } else {
                transport
            }
        ));
    }
    if !uri_sips {
        why.push("the Request-URI is sip:, not sips:".to_string());
    }
    if why.is_empty() {
        return None;
    }
    Some(
        Finding::warning(
            ids::SIP_SECURITY_TRANSPORT,
            "Signalling is not encrypted",
            format!("{}: the INVITE (Identity header included) crosses the network in clear text and can be read or altered.", why.join("; ")),
        )
        .hint("Use TLS (and sips: URIs) on the trunk: in Twilio, enable Secure Trunking."),
    )
}

/// The source address (from the top Via) against the IP access list.
fn source_finding(source: Option<IpAddr>, allow: &[Cidr]) -> Option<Finding> {
    if allow.is_empty() {
        return None;
    }
    match source {
        Some(ip) if allow.iter().any(|c| c.contains(ip)) => None,
        Some(ip) => Some(
            Finding::warning(
                ids::SIP_SECURITY_SOURCE,
                "Source address outside the IP access list",
                format!("The top Via says the request came from {ip}, which is in none of the allowed networks."),
            )
            .hint("Reject the request, or add the carrier's signalling addresses to the access list if it is legitimate."),
        ),
        None => Some(Finding::warning(
            ids::SIP_SECURITY_SOURCE,
            "Source address unknown",
            "The top Via names no IP address (or no Via was pasted): the source cannot be checked against the access list.",
        )),
    }
}

/// Media: SRTP (a=crypto or a=fingerprint) in the SDP.
fn media_finding(sdp: &str) -> Option<Finding> {
    if !(sdp.contains("m=audio") || sdp.contains("m=video")) {
        return None;
    }
    let plain = sdp
        .lines()
        .filter(|l| l.starts_with("m="))
        .any(|l| l.contains("RTP/AVP") && !l.contains("RTP/SAVP"));
    let crypto = sdp
        .lines()
        .any(|l| l.starts_with("a=crypto:") || l.starts_with("a=fingerprint:"));
    (plain && !crypto).then(|| {
        Finding::warning(
            ids::SIP_SECURITY_MEDIA,
            "Media is not encrypted",
            "The SDP offers RTP/AVP without a=crypto (SDES) or a=fingerprint (DTLS-SRTP): the call's audio travels in clear text.",
        )
        .hint("Offer SRTP (RTP/SAVP with a=crypto) on the trunk.")
    })
}

/// Twilio's rules for SIP credential-list passwords. Returns the broken
/// rules in words; the password itself is never kept or printed.
pub fn password_problems(password: &str) -> Vec<&'static str> {
    let mut v = Vec::new();
    if password.chars().count() < 12 {
        v.push("shorter than 12 characters");
    }
    if !password.chars().any(|c| c.is_ascii_uppercase()) {
        v.push("no upper-case letter");
    }
    if !password.chars().any(|c| c.is_ascii_lowercase()) {
        v.push("no lower-case letter");
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        v.push("no digit");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_edges() {
        let c = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(c.contains("203.0.113.0".parse().unwrap()));
        assert!(c.contains("203.0.113.255".parse().unwrap()));
        assert!(!c.contains("203.0.114.0".parse().unwrap()));
        assert!(
            Cidr::parse("2001:db8::/32")
                .unwrap()
                .contains("2001:db8::1".parse().unwrap())
        );
        assert!(
            Cidr::parse("10.0.0.1")
                .unwrap()
                .contains("10.0.0.1".parse().unwrap())
        );
        assert!(Cidr::parse("10.0.0.0/33").is_err());
        assert!(Cidr::parse("nope").is_err());
    }

    #[test]
    fn passwords() {
        assert!(password_problems("Str0ngPassw0rd").is_empty());
        assert_eq!(password_problems("short1A"), ["shorter than 12 characters"]);
        assert_eq!(
            password_problems("alllowercase12"),
            ["no upper-case letter"]
        );
    }
}
