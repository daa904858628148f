//! The call's parties as signalled: who the call came from and went to,
//! read from a SIP header's URI (never its display name) or from a webhook
//! parameter. What the callee was shown is *presented*; what a PASSporT
//! says is *signed*; the report puts the two side by side.

use serde::{Deserialize, Serialize};

use super::sipaddr::{self, Address};
use crate::model::Location;

/// A telephone number (or URI) the signalling claims, and where it was found.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Party {
    /// The value as signalled (the whole header value or parameter).
    pub value: String,
    /// Where it was found (`From`, `P-Asserted-Identity`, `To`, …).
    pub source: String,
    /// The URI's telephone number as digits (`12025550143`), when it has one.
    pub number: Option<String>,
    /// That number as written in the URI (`+1-202-555-0143`).
    pub written: Option<String>,
    /// The URI (`sip:+12025550143@host;user=phone`), when the value is an address.
    pub uri: Option<String>,
    pub display_name: Option<String>,
    /// Where in the paste (the header line).
    pub location: Option<Location>,
}

impl Party {
    /// A party read by the RFC 3261 grammar; `None` when the value does not
    /// parse (the parser's problem is reported separately): the party then
    /// has no number, so nothing can match it.
    pub fn from_address(value: &str, source: &str, addr: Option<&Address>) -> Party {
        let mut p = Party {
            value: value.to_string(),
            source: source.to_string(),
            ..Default::default()
        };
        if let Some(a) = addr {
            let tn = a.uri.number();
            p.number = tn.as_ref().map(|t| t.digits.clone());
            p.written = tn.map(|t| t.written);
            p.uri = Some(a.uri.raw.clone());
            p.display_name = a.display_name.clone();
        }
        p
    }

    /// A webhook parameter (`From=+12025550143`, `client:alice`,
    /// `sip:+1…@host`): a URI's number, or the value as a number.
    pub fn from_value(value: &str, source: &str) -> Party {
        let v = value.trim();
        let mut p = Party {
            value: value.to_string(),
            source: source.to_string(),
            ..Default::default()
        };
        if v.contains(':') {
            let inner = v.trim_start_matches('<').trim_end_matches('>');
            if let Ok(a) = sipaddr::parse_address(v) {
                return Party::from_address(value, source, Some(&a));
            }
            if let Ok(u) = sipaddr::parse_uri(inner) {
                let tn = u.number();
                p.number = tn.as_ref().map(|t| t.digits.clone());
                p.written = tn.map(|t| t.written);
                p.uri = Some(u.raw);
            }
            return p;
        }
        if let Some(t) = sipaddr::tn_of(&v.replace(' ', "")) {
            p.number = Some(t.digits);
            p.written = Some(v.to_string());
        }
        p
    }

    pub fn at(mut self, location: Option<Location>) -> Party {
        self.location = location;
        self
    }

    /// For the report: the number as written, else the URI, else the value.
    pub fn shown(&self) -> &str {
        self.written
            .as_deref()
            .or(self.uri.as_deref())
            .unwrap_or(&self.value)
    }
}

/// One presented party in the report (`call.presented.from`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresentedParty {
    /// The telephone number as signalled in the URI (or the parameter);
    /// `null` when the URI carries no number.
    pub number: Option<String>,
    /// The display name as signalled (never a source of the number).
    pub display_name: Option<String>,
    /// The header or parameter it came from.
    pub source: String,
    /// The number's digits, the form PASSporT claims use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<String>,
    /// The URI, for a SIP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

impl PresentedParty {
    pub fn of(p: &Party) -> PresentedParty {
        PresentedParty {
            number: p.written.clone(),
            display_name: p.display_name.clone(),
            source: p.source.clone(),
            digits: p.number.clone(),
            uri: p.uri.clone(),
        }
    }
}

/// A value a vendor's answer states beside its token (`AttestationLevel`,
/// `FromNumber`): shown, never trusted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatedValue {
    /// The JSON path of the field (`signingResponse.attestationLevel`).
    pub field: String,
    pub value: String,
}

/// `call.presented` (SPEC §6): what the callee was shown.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Presented {
    pub from: Option<PresentedParty>,
    pub pai: Option<PresentedParty>,
    pub to: Option<PresentedParty>,
    pub request_uri: Option<PresentedParty>,
    /// Further identities (a second P-Asserted-Identity, Remote-Party-ID,
    /// a webhook's Caller/Called when they differ from From/To).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<PresentedParty>,
    /// What a vendor's answer states beside the token, as it states it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated: Vec<StatedValue>,
}

impl Presented {
    pub fn is_empty(&self) -> bool {
        self.from.is_none()
            && self.pai.is_none()
            && self.to.is_none()
            && self.request_uri.is_none()
            && self.others.is_empty()
            && self.stated.is_empty()
    }

    /// Every presented party, in the order of the table.
    pub fn all(&self) -> impl Iterator<Item = &PresentedParty> {
        self.from
            .iter()
            .chain(self.pai.iter())
            .chain(self.to.iter())
            .chain(self.request_uri.iter())
            .chain(self.others.iter())
    }
}
