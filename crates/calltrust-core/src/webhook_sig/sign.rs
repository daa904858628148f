//! Signing a webhook as Twilio would (`calltrust sign-webhook`), by the
//! rules the checker verifies with: a JSON body is signed through its
//! `bodySHA256` in the URL, a form body through its sorted parameters.

use super::{body_is_json, body_sha256, compute, data_to_sign};
use crate::input::text::parse_form;
use crate::secret::Secret;

/// A signed request: what to send and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The URL to request (with `bodySHA256` for a JSON body).
    pub url: String,
    /// The X-Twilio-Signature value.
    pub signature: String,
    pub content_type: &'static str,
}

/// Why a request cannot be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignError {
    /// The URL is not a full URL (scheme://host/path).
    Url(String),
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignError::Url(u) => write!(f, "`{u}` is not a full URL (scheme://host/path)"),
        }
    }
}

/// Sign `body` for `url` with the auth token.
pub fn sign(url: &str, body: &str, token: &Secret) -> Result<Signed, SignError> {
    if crate::base::url::Url::parse(url).is_none() {
        return Err(SignError::Url(url.to_string()));
    }
    if body_is_json(body, None) {
        let url = if url.contains("bodySHA256=") {
            url.to_string()
        } else {
            let hash = body_sha256(body);
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}bodySHA256={hash}")
        };
        Ok(Signed {
            signature: compute(token, &url),
            url,
            content_type: "application/json",
        })
    } else {
        let params = parse_form(body.trim());
        Ok(Signed {
            url: url.to_string(),
            signature: compute(token, &data_to_sign(url, &params)),
            content_type: "application/x-www-form-urlencoded",
        })
    }
}
