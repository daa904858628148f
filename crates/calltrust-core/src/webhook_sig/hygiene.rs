//! Webhook URL hygiene (Twilio "Webhooks security"): https, credentials in
//! the URL (and the characters that break them), POST. Judged on `--url`,
//! the window's URL field or a pasted raw request — no auth token needed.
//! Credentials are never echoed.

use crate::base::url::Url;
use crate::input::Evidence;
use crate::model::{Finding, ids};

/// Characters that break basic-auth credentials in a URL unless
/// percent-encoded.
const BREAKING: [char; 6] = ['@', ':', '/', '?', '#', ' '];

/// The URL's userinfo replaced by `user:••••` (the password never shown).
pub fn mask_credentials(url: &str) -> String {
    let Some(u) = Url::parse(url) else {
        return url.to_string();
    };
    let Some(info) = &u.userinfo else {
        return url.to_string();
    };
    let user = info.split(':').next().unwrap_or("");
    let masked = if info.contains(':') {
        format!("{user}:••••")
    } else {
        user.to_string()
    };
    url.replacen(info.as_str(), &masked, 1)
}

pub fn findings(ev: &Evidence, url: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(url) = url
        && let Some(u) = Url::parse(url)
    {
        {
            if u.scheme.eq_ignore_ascii_case("http") {
                out.push(
                    Finding::warning(
                        ids::WEBHOOK_URL_SCHEME,
                        "Webhook URL is http, not https",
                        format!(
                            "{} is plain http: the call's parameters (caller, called number, the CallToken) travel unencrypted, and any credentials in the URL with them.",
                            mask_credentials(url)
                        ),
                    )
                    .hint("Serve the webhook over https and update the URL in the Twilio console."),
                );
            }
            if let Some(info) = &u.userinfo {
                let (user, pass) = info.split_once(':').unwrap_or((info.as_str(), ""));
                let raw_at = url
                    .split_once("://")
                    .map(|(_, r)| {
                        r.split(['/', '?', '#'])
                            .next()
                            .unwrap_or(r)
                            .matches('@')
                            .count()
                            > 1
                    })
                    .unwrap_or(false);
                let broken: Vec<char> = BREAKING
                    .iter()
                    .copied()
                    .filter(|c| pass.contains(*c) || user.contains(*c))
                    .collect();
                let mut detail = format!(
                    "The URL carries basic-auth credentials (user \"{user}\"{}). Twilio sends them as an Authorization header; they are part of the URL Twilio signs.",
                    if pass.is_empty() {
                        ""
                    } else {
                        ", password hidden"
                    }
                );
                if raw_at || !broken.is_empty() {
                    let chars: Vec<String> = if raw_at && !broken.contains(&'@') {
                        vec!["@".into()]
                    } else {
                        broken.iter().map(|c| format!("{c}")).collect()
                    };
                    detail.push_str(&format!(
                        " The credentials contain {} unencoded: the URL is cut at the wrong place, so Twilio (and the signature check) see a different host or password. Percent-encode them (@ → %40, : → %3A, / → %2F, ? → %3F, # → %23).",
                        chars.join(" ")
                    ));
                }
                out.push(
                    Finding::warning(ids::WEBHOOK_URL_CREDENTIALS, "Credentials in the webhook URL", detail)
                        .hint("Prefer validating X-Twilio-Signature; if you keep basic auth, percent-encode special characters and use https."),
                );
            }
        }
    }
    if let Some(h) = &ev.http
        && h.method.eq_ignore_ascii_case("GET")
    {
        out.push(
            Finding::info(
                ids::WEBHOOK_URL_METHOD,
                "Webhook requested with GET",
                "The webhook is configured for GET: the parameters travel in the query string (and end up in server logs), and the signature covers only the URL. Twilio's default is POST.",
            )
            .hint("Configure the webhook for POST."),
        );
    }
    out
}

/// `twilio-signature-shared-key`: the request says it is signed with the
/// account's webhook shared key, so the auth token can never match.
pub fn shared_key(ev: &Evidence) -> Option<Finding> {
    let v = ev
        .http
        .as_ref()?
        .header("X-Twilio-Webhooks-Signature-Settings")?;
    Some(
        Finding::warning(
            ids::TWILIO_SIGNATURE_SHARED_KEY,
            "Signed with the webhook shared key, not the auth token",
            format!(
                "The request carries X-Twilio-Webhooks-Signature-Settings ({}): its X-Twilio-Signature is an HMAC-SHA256 with the account's webhook shared key, so no auth token can ever match it. calltrust cannot check it without that key.",
                v.chars().take(80).collect::<String>()
            ),
        )
        .hint("Validate with the webhook shared key (the helper library's shared-key validator), not the auth token."),
    )
}
