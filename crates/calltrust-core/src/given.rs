//! What a front end gives the core besides the text: files, fetch results,
//! the webhook's URL, signature and auth token. Plain data; the front ends
//! read the files and do the fetches.

use crate::secret::Secret;

/// A certificate, key or bundle file handed in by a front end.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyFile {
    /// File name or URL, for the report.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The result of an (opt-in) x5u fetch done by a front end.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    pub url: String,
    /// The body (certificate or bundle), or what went wrong.
    pub result: Result<Vec<u8>, String>,
    /// The response's status and headers, when the server answered (for the
    /// certificate-repository rules).
    pub meta: Option<HttpMeta>,
}

/// What the front end knows about the webhook request besides the paste.
#[derive(Clone, Debug, Default)]
pub struct WebhookOptions {
    /// The full URL Twilio requested (`--url`).
    pub url: Option<String>,
    /// The X-Twilio-Signature value (`--signature`).
    pub signature: Option<String>,
    /// The auth token (HMAC key); never printed or stored.
    pub auth_token: Option<Secret>,
}

/// What the fetch got back, besides the body.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HttpMeta {
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl HttpMeta {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
