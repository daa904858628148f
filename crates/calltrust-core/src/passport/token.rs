//! A token found in the paste: its Identity parameters, decoded segments
//! and claims, ready for the checks and the verifier.

use crate::input::identity::{self, IdentityValue};
use crate::input::{TokenRole, TokenSource};
use crate::model::Ppt;
use crate::passport::{self, Claims, Decoded, ShapeProblem};

/// An ES256 signature shorter than 64 bytes that is not DER either: the
/// plausible end of a token cut off in copying (DER is 0x30 and 68–72 bytes).
pub fn signature_cut_off(sig: &[u8]) -> bool {
    sig.len() < 64 && p256::ecdsa::Signature::from_der(sig).is_err()
}

/// A token found in the paste, decoded and ready to be checked.
#[derive(Clone, Debug)]
pub struct Token {
    pub index: usize,
    pub source: TokenSource,
    pub identity: IdentityValue,
    pub decoded: Decoded,
    pub claims: Claims,
    pub shape: Vec<ShapeProblem>,
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
        }
    }

    pub fn is_parent(&self) -> bool {
        self.source.role == TokenRole::CallTokenParent
    }

    /// ppt from the header, else from the Identity `ppt` parameter.
    pub fn ppt(&self) -> Option<Ppt> {
        if self.is_parent() {
            return None;
        }
        self.decoded
            .header_str("ppt")
            .or_else(|| self.identity.param("ppt"))
            .map(Ppt::parse)
    }

    /// ppt `shaken`, or no ppt but an attest claim (judged as SHAKEN, with
    /// a passport-ppt error).
    pub fn is_shaken(&self) -> bool {
        match self.ppt() {
            Some(p) => p == Ppt::Shaken,
            None => !self.is_parent() && self.claims.attest.is_some(),
        }
    }

    pub fn is_div(&self) -> bool {
        self.ppt().is_some_and(|p| p.is_div())
    }

    /// The token was damaged on its way into the paste (cut off, altered in
    /// copying): its segments do not decode, or its signature is shorter than
    /// ES256's 64 bytes without being DER. The paste failed, not the signer.
    pub fn damaged(&self) -> bool {
        if self.is_parent() {
            return false;
        }
        !self.decoded.problems.is_empty()
            || self
                .decoded
                .signature
                .as_deref()
                .is_some_and(signature_cut_off)
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
