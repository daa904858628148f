//! The checks. Each is a small function from evidence to findings, named after
//! the rule it implements and the document that states it.

pub mod call;
pub mod forward;
pub mod rcd;
pub mod sip_security;
pub mod token;
pub mod verdict;
pub mod verifier;

use crate::input::identity::{self, IdentityValue};
use crate::input::{TokenRole, TokenSource};
use crate::passport::{self, Claims, Decoded, ShapeProblem};

/// A token found in the paste, decoded and ready to be checked.
#[derive(Clone, Debug)]
pub struct Token {
    pub index: usize,
    pub source: TokenSource,
    pub identity: IdentityValue,
    pub decoded: Decoded,
    pub claims: Claims,
    pub shape: Vec<ShapeProblem>,
    /// Its rich call data (RFC 9795), judged once by the pipeline
    /// ([`rcd::run`]) and shown from here.
    pub rcd: Option<rcd::RcdCard>,
}

impl Token {
    pub fn new(index: usize, source: TokenSource) -> Token {
        let identity = identity::parse(&source.value);
        let decoded = passport::decode(&identity.token);
        let (claims, shape) = match &decoded.payload {
            Some(p) => passport::claims(p),
            None => Default::default(),
        };
        Token {
            index,
            source,
            identity,
            decoded,
            claims,
            shape,
            rcd: None,
        }
    }

    pub fn is_parent(&self) -> bool {
        self.source.role == TokenRole::CallTokenParent
    }

    /// ppt from the header, else from the Identity `ppt` parameter.
    pub fn ppt(&self) -> Option<String> {
        if self.is_parent() {
            return None;
        }
        self.decoded
            .header_str("ppt")
            .map(str::to_string)
            .or_else(|| self.identity.param("ppt").map(str::to_string))
    }

    pub fn is_shaken(&self) -> bool {
        match self.ppt().as_deref() {
            Some(p) => p.eq_ignore_ascii_case("shaken"),
            None => !self.is_parent() && self.claims.attest.is_some(),
        }
    }

    pub fn is_div(&self) -> bool {
        matches!(self.ppt().as_deref(), Some("div") | Some("div-o"))
    }

    /// Came as an Identity header value (and so must carry `info`).
    pub fn has_identity_context(&self) -> bool {
        self.identity.has_params()
            || matches!(
                self.source.carrier,
                crate::input::Carrier::SipIdentityHeader | crate::input::Carrier::CallToken
            )
    }

    pub fn alg(&self) -> Option<&str> {
        self.decoded.header_str("alg")
    }

    pub fn x5u(&self) -> Option<&str> {
        self.decoded.header_str("x5u")
    }

    /// "PASSporT #1 (CallToken identity token 1)"
    pub fn label(&self) -> String {
        format!("#{} ({})", self.index + 1, self.source.origin)
    }
}
