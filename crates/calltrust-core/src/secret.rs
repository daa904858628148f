//! Secrets (the Twilio auth token) never print, serialize or outlive their use.

use zeroize::Zeroizing;

/// An auth token or other secret. `Debug` prints nothing of it; it is not
/// `Serialize`; its memory is wiped on drop.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(Zeroizing::new(s.into()))
    }
    /// The secret itself, for the HMAC key only.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Replace every occurrence of the secret in `s` (defence in depth for reports).
pub fn scrub(s: &str, secret: &Secret) -> String {
    let key = secret.expose();
    if key.len() < 4 || !s.contains(key) {
        return s.to_string();
    }
    s.replace(key, "[auth token removed]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secret() {
        let s = Secret::new("supersecret123");
        assert!(!format!("{s:?}").contains("supersecret"));
        assert_eq!(scrub("x supersecret123 y", &s), "x [auth token removed] y");
    }
}
