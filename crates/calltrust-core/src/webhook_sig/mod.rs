//! X-Twilio-Signature, checked exactly as Twilio's official helper libraries
//! do (Twilio "Webhooks security"), and — when it fails —
//! a bounded search for the variant of the request that Twilio really signed.
//!
//! Form bodies: HMAC-SHA1(auth token, URL + every parameter's name and value in
//! byte order of names, repeated names with each distinct value sorted),
//! base64. JSON bodies: the URL carries `bodySHA256` (lowercase hex SHA-256 of
//! the raw body) and the signature covers the URL alone. Accepted: the URL as
//! received, with its port removed, or with the default port added.

pub mod hygiene;
pub mod results;
pub mod sign;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::base::url::Url;
use crate::given::WebhookOptions;
use crate::input::Evidence;
use crate::input::text::percent_decode;
use crate::model::{Finding, InputKind, Severity, ids};
use crate::secret::Secret;
use crate::webhook_sig::results::{NearMiss, WebhookSigReport, WebhookStatus};

type HmacSha1 = Hmac<Sha1>;

/// The string Twilio signs for a form (or GET) request.
pub fn data_to_sign(url: &str, params: &[(String, String)]) -> String {
    let mut names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut s = String::with_capacity(
        url.len() + params.iter().map(|(a, b)| a.len() + b.len()).sum::<usize>(),
    );
    s.push_str(url);
    for n in names {
        let mut values: Vec<&str> = params
            .iter()
            .filter(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
            .collect();
        values.sort_unstable();
        values.dedup();
        for v in values {
            s.push_str(n);
            s.push_str(v);
        }
    }
    s
}

/// base64(HMAC-SHA1(token, data)).
pub fn compute(token: &Secret, data: &str) -> String {
    let mut mac = match HmacSha1::new_from_slice(token.expose().as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(data.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Constant-time comparison of a received signature with HMAC(token, data).
pub fn matches(token: &Secret, data: &str, signature: &str) -> bool {
    let Ok(sig) = base64::engine::general_purpose::STANDARD.decode(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = HmacSha1::new_from_slice(token.expose().as_bytes()) else {
        return false;
    };
    mac.update(data.as_bytes());
    mac.verify_slice(&sig).is_ok()
}

/// Twilio signs a JSON body by its hash in the URL (`bodySHA256`), a form
/// body by its parameters: JSON when the Content-Type says so, or, without
/// one, when the body is a JSON object. The checker and the signer use
/// this one rule.
pub fn body_is_json(body: &str, content_type: Option<&str>) -> bool {
    match content_type {
        Some(c) => c.contains("json"),
        None => body.trim_start().starts_with('{'),
    }
}

/// Lowercase hex SHA-256 of the body.
pub fn body_sha256(body: &str) -> String {
    Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The strict candidates (SPEC: as received, port removed, default port added).
pub fn strict_urls(url: &str) -> Vec<(String, String)> {
    let mut out = vec![(url.to_string(), "the URL as received".to_string())];
    if let Some(u) = Url::parse(url) {
        if u.port.is_some() {
            let mut v = u.clone();
            v.port = None;
            out.push((v.to_string(), "the URL with its port removed".into()));
        } else if let Some(p) = u.default_port() {
            let mut v = u.clone();
            v.port = Some(p.into());
            out.push((
                v.to_string(),
                format!("the URL with the default port :{p} added"),
            ));
        }
    }
    out
}

/// Result of the strict validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Strict {
    pub valid: bool,
    pub matched: Option<String>,
    /// For JSON bodies: Some(true/false) = bodySHA256 matched the body.
    pub body_hash_ok: Option<bool>,
    pub json: bool,
}

/// Validate as the official libraries do. `body` is the raw body for JSON
/// requests (`None` for form requests, whose `params` are used).
pub fn validate(
    token: &Secret,
    url: &str,
    params: &[(String, String)],
    json_body: Option<&str>,
    signature: &str,
) -> Strict {
    let parsed = Url::parse(url);
    let body_hash = parsed.as_ref().and_then(|u| {
        u.query_param("bodySHA256")
            .map(|v| percent_decode(v, false).0)
    });
    if let Some(body) = json_body {
        let ok = body_hash.as_deref().map(|h| h == body_sha256(body));
        let matched = strict_urls(url)
            .into_iter()
            .find(|(u, _)| matches(token, u, signature))
            .map(|(_, l)| l);
        return Strict {
            valid: matched.is_some() && ok == Some(true),
            matched,
            body_hash_ok: ok,
            json: true,
        };
    }
    let matched = strict_urls(url)
        .into_iter()
        .find(|(u, _)| matches(token, &data_to_sign(u, params), signature))
        .map(|(_, l)| l);
    Strict {
        valid: matched.is_some(),
        matched,
        body_hash_ok: None,
        json: false,
    }
}

/// What a front end or test hands the checker.
pub struct Request<'a> {
    pub urls: Vec<(String, String)>,
    pub params: &'a [(String, String)],
    pub json_body: Option<&'a str>,
    pub signature: &'a str,
}

/// The signature as a plain SHA-1 of the request data, not an HMAC.
fn plain_sha1(
    url: &str,
    params: &[(String, String)],
    json_body: Option<&str>,
    signature: &str,
) -> Option<NearMiss> {
    use sha1::Digest as _;
    let data = if json_body.is_some() {
        url.to_string()
    } else {
        data_to_sign(url, params)
    };
    let plain =
        base64::engine::general_purpose::STANDARD.encode(sha1::Sha1::digest(data.as_bytes()));
    (plain == signature.trim()).then(|| NearMiss {
        cause: "The signature is a plain SHA-1 of the request data, not an HMAC-SHA1 keyed with the auth token".into(),
        fix: "Whatever produced this header is not Twilio (or is a hand-rolled test signer): Twilio signs with HMAC-SHA1 keyed with the account's auth token.".into(),
        url: url.to_string(),
    })
}

const MAX_VARIANTS: usize = 4000;

/// Bounded search for the request variant the signature matches.
pub fn near_misses(
    token: &Secret,
    url: &str,
    params: &[(String, String)],
    json_body: Option<&str>,
    signature: &str,
) -> Vec<NearMiss> {
    let mut out: Vec<NearMiss> = Vec::new();
    let mut budget = MAX_VARIANTS;
    let mut try_one = |u: &str,
                       p: &[(String, String)],
                       out: &mut Vec<NearMiss>,
                       cause: &str,
                       fix: &str|
     -> bool {
        if budget == 0 {
            return false;
        }
        budget -= 1;
        let data = if json_body.is_some() {
            u.to_string()
        } else {
            data_to_sign(u, p)
        };
        if matches(token, &data, signature) {
            if !out.iter().any(|n| n.cause == cause) {
                out.push(NearMiss {
                    cause: cause.to_string(),
                    fix: fix.to_string(),
                    url: u.to_string(),
                });
            }
            true
        } else {
            false
        }
    };
    let Some(base) = Url::parse(url) else {
        return out;
    };
    // Not an HMAC at all: a plain SHA-1 of the data (a hand-rolled signer).
    if let Some(miss) = plain_sha1(url, params, json_body, signature) {
        out.push(miss);
        return out;
    }

    // URL variants, each tried as is, with port removed and default port added.
    for (variant, cause, fix) in url_variants(&base) {
        for (u, _) in strict_urls(&variant.to_string()) {
            if try_one(&u, params, &mut out, &cause, &fix) {
                break;
            }
        }
    }
    if json_body.is_none() {
        for (p, cause, fix) in param_variants(&base, params) {
            for (u, _) in strict_urls(url) {
                if try_one(&u, &p, &mut out, &cause, &fix) {
                    break;
                }
            }
        }
    }
    // Two changes at once (http:// behind a proxy *and* a trailing slash
    // added by the framework): each variant's own variants, still within
    // the budget.
    if out.is_empty() {
        two_changes(&base, params, &mut out, &mut try_one);
    }
    out
}

/// A signature check: URL, parameters, where a match goes, cause, fix.
type TryOne<'a> = dyn FnMut(&str, &[(String, String)], &mut Vec<NearMiss>, &str, &str) -> bool + 'a;

/// Two changes at once: each URL variant's own variants (16 × 16 at most).
fn two_changes(
    base: &Url,
    params: &[(String, String)],
    out: &mut Vec<NearMiss>,
    try_one: &mut TryOne<'_>,
) {
    'pairs: for (first, c1, f1) in url_variants(base).into_iter().take(16) {
        for (second, c2, f2) in url_variants(&first).into_iter().take(16) {
            if second.to_string() == base.to_string() {
                continue;
            }
            let cause = format!("{c1}, and {}", lower_first(&c2));
            let fix = format!("{f1} {f2}");
            for (u, _) in strict_urls(&second.to_string()) {
                if try_one(&u, params, out, &cause, &fix) {
                    break 'pairs;
                }
            }
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn swap_scheme(u: &Url) -> Url {
    let mut v = u.clone();
    v.scheme = if u.is_https() {
        "http".into()
    } else {
        "https".into()
    };
    v
}

/// A URL with its cause and fix.
type UrlVariant = (Url, String, String);

fn url_variants(u: &Url) -> Vec<UrlVariant> {
    let mut v: Vec<UrlVariant> = Vec::new();
    scheme_host_path_variants(u, &mut v);
    if let Some(q) = &u.query {
        let mut add = |query: String, cause: &str, fix: &str| {
            if query != *q {
                let mut x = u.clone();
                x.query = Some(query);
                v.push((x, cause.to_string(), fix.to_string()));
            }
        };
        requoted_queries(q, &mut add);
        reshaped_queries(q, &mut add);
        delimiter_queries(q, &mut add);
        let mut noq = u.clone();
        noq.query = None;
        v.push((noq, "Twilio signed the URL without its query string".into(), "The query string was added after Twilio's request (or your framework appends one); validate with the URL Twilio requested.".into()));
    }
    // Connection overrides (#rc=…&rp=…) configure Twilio's request; they are
    // not part of the URL Twilio requests and signs.
    if let Some(f) = &u.fragment {
        let mut nof = u.clone();
        nof.fragment = None;
        v.push((
            nof,
            format!("Twilio signed the URL without its #{} fragment", f.chars().take(40).collect::<String>()),
            "Connection overrides (#rc=, #rp=, #ct=, …) tell Twilio how to call your webhook; Twilio strips them from the URL it requests and signs. Validate with the URL without the # part.".into(),
        ));
    }
    v
}

/// The URL with the other scheme, slash, credentials or host case.
fn scheme_host_path_variants(u: &Url, v: &mut Vec<UrlVariant>) {
    let flipped = swap_scheme(u);
    v.push((
        flipped.clone(),
        format!("Twilio signed the {}:// URL, but the request was checked as {}://", flipped.scheme, u.scheme),
        if flipped.is_https() {
            "TLS ends at a proxy, load balancer or tunnel (ngrok, Cloudflare) in front of your app, so it sees http://. Validate with the public https:// URL: rebuild it from X-Forwarded-Proto / X-Forwarded-Host, or configure the framework to trust the proxy.".into()
        } else {
            "Twilio requested the http:// URL configured on the number; validate with http://, or change the webhook URL in the console to https://.".into()
        },
    ));
    // trailing slash
    let mut slash = u.clone();
    if slash.path.ends_with('/') && slash.path.len() > 1 {
        slash.path.pop();
        v.push((slash, "Twilio signed the URL without the trailing slash".into(), "Your server (Apache/PHP index redirects, framework routing) added a trailing '/'; validate with the URL exactly as configured in Twilio.".into()));
    } else {
        slash.path.push('/');
        v.push((slash, "Twilio signed the URL with a trailing slash".into(), "The URL configured in Twilio ends in '/', but the app validates without it; use the configured URL exactly.".into()));
    }
    if u.userinfo.is_some() {
        let mut no_user = u.clone();
        no_user.userinfo = None;
        v.push((no_user, "Twilio signed the URL without the user:password@ part".into(), "Validate with the URL exactly as Twilio requested it; some frameworks drop or add HTTP-auth credentials when rebuilding the URL.".into()));
        let mut both = swap_scheme(u);
        both.userinfo = None;
        v.push((
            both,
            "Twilio signed the other scheme and no user:password@".into(),
            "Rebuild the URL exactly as Twilio requested it (scheme and credentials).".into(),
        ));
    }
    let lower = u.host.to_ascii_lowercase();
    if lower != u.host {
        let mut l = u.clone();
        l.host = lower;
        v.push((l, "Twilio signed the URL with the host in lower case".into(), "Your validator uses the host as typed in mixed case; use the URL exactly as Twilio requested it.".into()));
    }
}

/// The query with its characters encoded another way (each is tried).
fn requoted_queries(q: &str, add: &mut dyn FnMut(String, &str, &str)) {
    add(
        decode_query(q),
        "Twilio signed the query string percent-decoded (e.g. ' instead of %27, : instead of %3A)",
        "The query was re-encoded between Twilio and your validator; validate with the raw URL as received (do not rebuild it from parsed parameters).",
    );
    add(
        whatwg_query(q),
        "Twilio's signature matches the query with ' encoded as %27 (WHATWG URL normalisation, as new URL() in twilio-node does)",
        "A URL library re-encoded the query; validate with the raw URL string as received.",
    );
    add(
        node_legacy_query(q),
        "Twilio's signature matches the query re-serialised by Node's querystring (legacy twilio-node)",
        "The query was parsed and re-serialised; validate with the raw URL as received.",
    );
    add(
        q.replace('+', "%20"),
        "Twilio's signature matches the query with '+' written as %20",
        "Spaces in the query were re-encoded; validate with the raw URL as received.",
    );
    add(
        q.replace("%20", "+"),
        "Twilio's signature matches the query with %20 written as '+'",
        "Spaces in the query were re-encoded; validate with the raw URL as received.",
    );
    add(
        q.replace('\'', "%27"),
        "Twilio's signature matches the query with ' written as %27",
        "Apostrophes in the query were re-encoded; validate with the raw URL as received.",
    );
    add(
        q.replace("%27", "'"),
        "Twilio's signature matches the query with %27 written as '",
        "Apostrophes in the query were re-encoded; validate with the raw URL as received.",
    );
}

/// The query with a parameter missing, or its parameters in another order.
fn reshaped_queries(q: &str, add: &mut dyn FnMut(String, &str, &str)) {
    let pairs: Vec<&str> = q.split('&').collect();
    if pairs.len() > 1 {
        for i in 0..pairs.len().min(30) {
            let mut rest = pairs.clone();
            let removed = rest.remove(i);
            add(
                rest.join("&"),
                &format!(
                    "Query parameter `{}` was not in the URL Twilio signed",
                    removed.split('=').next().unwrap_or(removed)
                ),
                "Something (your framework, a proxy, a redirect, or your own code) added this parameter after Twilio's request; validate with the URL exactly as Twilio requested it.",
            );
        }
    }
    // A framework that re-orders the query (sorting it, or rebuilding it
    // from a map): the order Twilio requested is lost.
    if pairs.len() > 1 {
        let mut sorted = pairs.clone();
        sorted.sort_unstable();
        add(
            sorted.join("&"),
            "Twilio signed the query parameters in another order (sorted)",
            "Your framework re-ordered the query when rebuilding the URL; validate with the raw URL, in the order Twilio requested it.",
        );
        let mut reversed = pairs.clone();
        reversed.reverse();
        add(
            reversed.join("&"),
            "Twilio signed the query parameters in another order",
            "Your framework re-ordered the query when rebuilding the URL; validate with the raw URL, in the order Twilio requested it.",
        );
    }
}

/// The query with `@` and `:` encoded, or decoded.
fn delimiter_queries(q: &str, add: &mut dyn FnMut(String, &str, &str)) {
    for (raw, enc) in [("@", "%40"), (":", "%3A")] {
        add(
            q.replace(raw, enc),
            &format!("Twilio signed the query with {raw} written as {enc}"),
            "The query was re-encoded; validate with the raw URL as received.",
        );
        add(
            q.replace(enc, raw).replace(&enc.to_ascii_lowercase(), raw),
            &format!("Twilio signed the query with {enc} written as {raw}"),
            "The query was re-encoded; validate with the raw URL as received.",
        );
    }
}

/// A parameter list with its cause and fix.
type ParamVariant = (Vec<(String, String)>, String, String);

/// Each of the first `n` parameters with whitespace around its value that
/// middleware trimmed.
fn trimmed_values(params: &[(String, String)], n: usize, v: &mut Vec<ParamVariant>) {
    for i in 0..n {
        for (pad, where_) in [
            (" ", "after"),
            ("\n", "after (a newline)"),
            ("\r\n", "after (CRLF)"),
        ] {
            let mut p = params.to_vec();
            p[i].1 = format!("{}{pad}", p[i].1);
            v.push((p, format!("Parameter {} had whitespace {where_} its value that was trimmed before validation", params[i].0), "Middleware trims request values (Laravel's TrimStrings, some Node body parsers): validate against the raw, untrimmed parameters.".into()));
        }
        let mut p = params.to_vec();
        p[i].1 = format!(" {}", p[i].1);
        v.push((
            p,
            format!(
                "Parameter {} had a leading space that was trimmed before validation",
                params[i].0
            ),
            "Middleware trims request values: validate against the raw, untrimmed parameters."
                .into(),
        ));
    }
}

fn param_variants(u: &Url, params: &[(String, String)]) -> Vec<ParamVariant> {
    let mut v: Vec<ParamVariant> = Vec::new();
    let n = params.len().min(200);
    // whitespace trimmed by middleware
    trimmed_values(params, n, &mut v);
    // an extra parameter Twilio did not send
    for i in 0..n {
        let mut p = params.to_vec();
        let removed = p.remove(i);
        v.push((p, format!("Parameter {} was not part of the request Twilio signed", removed.0), "Validate with exactly the parameters Twilio posted: do not add your own, and do not merge query-string values into the body parameters.".into()));
    }
    // query parameters merged into the body parameters
    if let Some(q) = &u.query {
        let qnames: Vec<String> = q
            .split('&')
            .map(|x| percent_decode(x.split('=').next().unwrap_or(""), true).0)
            .collect();
        let p: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| !qnames.contains(k))
            .cloned()
            .collect();
        if p.len() != params.len() {
            v.push((p, "Query-string parameters were merged into the POST parameters".into(), "Your framework's combined parameter map (e.g. Flask request.values, PHP $_REQUEST) includes query values; validate with the POST body parameters only.".into()));
        }
    }
    // PHP renames '.' and ' ' in names to '_'
    if params.iter().any(|(k, _)| k.contains('_')) {
        for i in 0..n {
            if params[i].0.contains('_') {
                let mut p = params.to_vec();
                p[i].0 = p[i].0.replace('_', ".");
                v.push((p, format!("Parameter name {} had '.' where the app saw '_'", params[i].0.replace('_', ".")), "PHP turns '.' in parameter names into '_' ($_POST); validate with the raw body (php://input) parsed without renaming.".into()));
            }
        }
    }
    // repeated names: only the first value / received order
    let repeated = params
        .iter()
        .enumerate()
        .any(|(i, (k, _))| params[..i].iter().any(|(k2, _)| k2 == k));
    if repeated {
        let mut seen: Vec<&str> = Vec::new();
        let first: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| {
                if seen.contains(&k.as_str()) {
                    false
                } else {
                    seen.push(k);
                    true
                }
            })
            .cloned()
            .collect();
        v.push((first, "Twilio's signature matches only the first value of each repeated parameter".into(), "Your framework keeps only the first value of a repeated name; read all values (getlist / arrays).".into()));
    }
    v.push((Vec::new(), "The signature matches the URL alone, without any body parameters".into(), "Twilio signed this as a GET (or JSON) request: parameters belong in the URL, not the POST body; validate with the full URL and no body parameters.".into()));
    v
}

fn decode_query(q: &str) -> String {
    // java-style: decode escapes, keep '+'
    percent_decode(q, false).0
}

fn whatwg_query(q: &str) -> String {
    // WHATWG special-query percent-encode set: space " # < > '
    let mut s = String::with_capacity(q.len());
    for c in q.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '"' => s.push_str("%22"),
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            '\'' => s.push_str("%27"),
            c => s.push(c),
        }
    }
    s
}

fn node_legacy_query(q: &str) -> String {
    // querystring.parse (decodes %XX and '+') then querystring.stringify
    // (escapes all but A-Z a-z 0-9 - _ . ! ~ * ' ( )).
    fn esc(s: &str) -> String {
        let mut o = String::new();
        for b in s.as_bytes() {
            let c = *b as char;
            if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) {
                o.push(c);
            } else {
                o.push_str(&format!("%{b:02X}"));
            }
        }
        o
    }
    q.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            format!(
                "{}={}",
                esc(&percent_decode(k, true).0),
                esc(&percent_decode(v, true).0)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn body_hash_variants(claimed: &str, body: &str) -> Option<String> {
    let digest = Sha256::digest(body.as_bytes());
    let lower = body_sha256(body);
    if claimed == lower.to_uppercase() {
        return Some("bodySHA256 is the body's SHA-256 in upper-case hex; Twilio sends and compares lower-case hex.".into());
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
    if claimed == b64 || claimed == b64.trim_end_matches('=') {
        return Some("bodySHA256 is the body's SHA-256 in base64 (an old format); current validators compare lower-case hex.".into());
    }
    for (alt, what) in [
        (body.trim(), "with surrounding whitespace removed"),
        (
            body.trim_end_matches(['\r', '\n']),
            "without its trailing newline",
        ),
    ] {
        if alt != body && claimed == body_sha256(alt) {
            return Some(format!(
                "bodySHA256 matches the body {what}: the pasted or received body has extra whitespace (a copy artefact or middleware)."
            ));
        }
    }
    let with_nl = format!("{body}\n");
    if claimed == body_sha256(&with_nl) {
        return Some("bodySHA256 matches the body with a trailing newline: the body lost its final newline in copy or in middleware.".into());
    }
    None
}

/// Run the webhook-signature check for the inspected input.
pub fn check(ev: &Evidence, w: &WebhookOptions) -> Option<(WebhookSigReport, Vec<Finding>)> {
    let (mut report, mut findings) = match hygiene::shared_key(ev) {
        // Signed with the webhook shared key: the auth token can never match.
        Some(f)
            if ev
                .http
                .as_ref()
                .and_then(|h| h.header("X-Twilio-Signature"))
                .is_some() =>
        {
            let (mut r, _) = check_inner(ev, &WebhookOptions::default())?;
            r.status = WebhookStatus::NotChecked;
            r.detail = f.detail.clone();
            r.near_misses.clear();
            (r, vec![f])
        }
        _ => check_inner(ev, w)?,
    };
    findings.extend(hygiene::findings(ev, report.url.as_deref()));
    if let Some(u) = w
        .url
        .as_deref()
        .filter(|u| Url::parse(u).is_none() && u.trim_start().starts_with('/'))
    {
        findings.push(
            Finding::warning(
                ids::TWILIO_SIGNATURE_NEAR_MISS,
                "The URL given is host-relative",
                format!("{u} has no scheme and host: Twilio signs the full URL it requested (https://host/path?query), so a path alone can never match."),
            )
            .hint("Give the full URL as configured in Twilio, e.g. https://your.host/voice, or rebuild it from the Host and X-Forwarded-Proto headers."),
        );
    }
    // Basic-auth passwords in the URL never reach a report: every string
    // that quotes the URL gets the masked form.
    let secrets: Vec<(String, String)> = [w.url.as_deref(), report.url.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|u| {
            let info = Url::parse(u)?.userinfo?;
            info.contains(':').then(|| {
                let user = info.split(':').next().unwrap_or("").to_string();
                (info, format!("{user}:••••"))
            })
        })
        .collect();
    for (raw, masked) in &secrets {
        report.detail = report.detail.replace(raw.as_str(), masked);
        for f in &mut findings {
            f.detail = f.detail.replace(raw.as_str(), masked);
            f.title = f.title.replace(raw.as_str(), masked);
            if let Some(h) = &f.hint {
                f.hint = Some(h.replace(raw.as_str(), masked));
            }
        }
        for n in &mut report.near_misses {
            n.cause = n.cause.replace(raw.as_str(), masked);
            n.fix = n.fix.replace(raw.as_str(), masked);
        }
    }
    report.url = report.url.as_deref().map(hygiene::mask_credentials);
    for n in &mut report.near_misses {
        n.url = hygiene::mask_credentials(&n.url);
    }
    if let Some(m) = &report.matched {
        report.matched = Some(hygiene::mask_credentials(m));
    }
    Some((report, findings))
}

/// What the signature is checked against: the candidate URLs (and where
/// they came from), the body as signed (JSON by its hash, a form by its
/// parameters).
struct Signed<'a> {
    ev: &'a Evidence,
    urls: Vec<String>,
    url_source: Option<String>,
    json_body: Option<&'a str>,
    params: &'a [(String, String)],
}

impl Signed<'_> {
    fn report(&self, status: WebhookStatus, detail: String) -> WebhookSigReport {
        WebhookSigReport {
            status,
            url: self.urls.first().cloned(),
            url_source: self.url_source.clone(),
            body_mode: if self.json_body.is_some() {
                crate::webhook_sig::results::BodyMode::Json
            } else {
                crate::webhook_sig::results::BodyMode::Form
            },
            matched: None,
            near_misses: Vec::new(),
            detail,
        }
    }

    fn invalid(&self, detail: String, findings: Vec<Finding>) -> (WebhookSigReport, Vec<Finding>) {
        (self.report(WebhookStatus::Invalid, detail), findings)
    }
}

/// The URLs Twilio may have signed, and where they came from.
fn candidate_urls(
    w: &WebhookOptions,
    http: Option<&crate::input::http::HttpRequest>,
) -> (Vec<String>, Option<String>) {
    match (&w.url, http) {
        (Some(u), _) => (
            vec![u.trim().to_string()],
            Some("given separately (--url or the URL field)".to_string()),
        ),
        (None, Some(h)) if h.scheme_known() => (
            h.url_with_scheme("https").into_iter().collect(),
            Some("the request line".into()),
        ),
        (None, Some(h)) => {
            let mut v: Vec<String> = Vec::new();
            let proto = h
                .header("X-Forwarded-Proto")
                .map(|p| p.trim().to_ascii_lowercase());
            let order: Vec<&str> = match proto.as_deref() {
                Some("http") => vec!["http", "https"],
                _ => vec!["https", "http"],
            };
            for s in order {
                if let Some(u) = h.url_with_scheme(s) {
                    v.push(u);
                }
            }
            (
                v,
                Some(
                    "the request line and Host header (scheme not in the paste: https tried first)"
                        .into(),
                ),
            )
        }
        (None, None) => (Vec::new(), None),
    }
}

fn check_inner(ev: &Evidence, w: &WebhookOptions) -> Option<(WebhookSigReport, Vec<Finding>)> {
    let http = ev.http.as_ref();
    let relevant = matches!(ev.kind, InputKind::TwilioWebhook | InputKind::HttpRequest)
        || w.url.is_some()
        || w.signature.is_some();
    if !relevant {
        return None;
    }
    let signature = w.signature.clone().or_else(|| {
        http.and_then(|h| h.header("X-Twilio-Signature"))
            .map(str::to_string)
    });
    let (urls, url_source) = candidate_urls(w, http);
    let json_body = ev
        .body_raw
        .as_deref()
        .filter(|b| body_is_json(b, http.and_then(|h| h.content_type()).as_deref()));
    let req = Signed {
        ev,
        urls,
        url_source,
        json_body,
        params: if json_body.is_some() {
            &[]
        } else {
            &ev.form_params
        },
    };
    let token = w.auth_token.as_ref().filter(|t| !t.is_empty());
    if let Some(r) = not_checked(&req, w, signature.as_deref(), token) {
        return Some(r);
    }
    let (Some(token), Some(signature)) = (token, signature) else {
        return None;
    };
    Some(
        json_without_hash(&req)
            .or_else(|| first_valid(&req, token, &signature))
            .or_else(|| damaged_signature(&req, &signature))
            .unwrap_or_else(|| mismatch(&req, token, &signature)),
    )
}

/// Not checked, and what is missing to check it.
fn not_checked(
    req: &Signed<'_>,
    w: &WebhookOptions,
    signature: Option<&str>,
    token: Option<&Secret>,
) -> Option<(WebhookSigReport, Vec<Finding>)> {
    let mut missing = Vec::new();
    if signature.is_none() {
        missing.push("the X-Twilio-Signature value (paste the raw HTTP request with its headers, or give --signature)");
    }
    if req.urls.is_empty() {
        missing.push("the full URL Twilio requested (paste the raw HTTP request with its Host header, or give --url)");
    }
    if token.is_none() {
        missing.push("the account's auth token (--auth-token-env NAME or --auth-token-file FILE, or the masked field in the window; it is never stored or printed)");
    }
    if !missing.is_empty() {
        let intends = signature.is_some() || w.url.is_some() || token.is_some();
        let sev = if intends {
            Severity::Warning
        } else {
            Severity::Info
        };
        let detail = format!("Not checked: missing {}.", missing.join("; "));
        let f = Finding::new(ids::TWILIO_SIGNATURE_NOT_CHECKED, sev, "Webhook signature not checked", detail.clone())
            .hint("To check that the webhook really came from Twilio, provide the raw request (or URL and signature) and the auth token.");
        return Some((req.report(WebhookStatus::NotChecked, detail), vec![f]));
    }
    None
}

/// A JSON body is signed through its hash in the URL: without one, nothing
/// can match.
fn json_without_hash(req: &Signed<'_>) -> Option<(WebhookSigReport, Vec<Finding>)> {
    let mut findings = Vec::new();
    if req.json_body.is_some()
        && req.urls.iter().all(|u| {
            Url::parse(u)
                .and_then(|x| x.query_param("bodySHA256").map(|_| ()))
                .is_none()
        })
    {
        let detail = "The body is JSON, but the URL has no bodySHA256 parameter. Twilio adds bodySHA256 to the URL of JSON webhooks and signs the URL; without it the request cannot be validated.".to_string();
        findings.push(
            Finding::error(
                ids::TWILIO_SIGNATURE_INVALID,
                "Webhook signature invalid",
                detail.clone(),
            )
            .hint("Use the full URL including its query string (?bodySHA256=…)."),
        );
        return Some(req.invalid(detail, findings));
    }
    None
}

/// The first candidate URL the signature matches, if any.
fn first_valid(
    req: &Signed<'_>,
    token: &Secret,
    signature: &str,
) -> Option<(WebhookSigReport, Vec<Finding>)> {
    let (ev, urls, params, json_body) = (req.ev, &req.urls, req.params, req.json_body);
    let mut findings = Vec::new();
    for u in urls {
        let s = validate(token, u, params, json_body, signature);
        if s.valid {
            let scheme_note = if urls.len() > 1 {
                format!(
                    " The paste did not show the scheme: {} matched.",
                    if u.starts_with("https") {
                        "https://"
                    } else {
                        "http:// (not https://)"
                    }
                )
            } else {
                String::new()
            };
            let detail = format!(
                "X-Twilio-Signature matches {} ({u}): the request came from Twilio with this auth token and was not altered.{scheme_note}",
                s.matched.clone().unwrap_or_default()
            );
            findings.push(Finding::pass(
                ids::TWILIO_SIGNATURE_VALID,
                "Webhook signature valid",
                detail.clone(),
            ));
            if json_body.is_some() {
                findings.push(Finding::pass(
                    ids::TWILIO_BODY_HASH,
                    "bodySHA256 matches the body",
                    "The body's lower-case hex SHA-256 equals the URL's bodySHA256.",
                ));
            }
            findings.extend(risks(ev, u));
            let mut r = req.report(WebhookStatus::Valid, detail);
            r.url = Some(u.clone());
            r.matched = s.matched;
            return Some((r, findings));
        }
    }
    None
}

/// A signature that cannot be any request's: cut, altered or empty.
fn damaged_signature(
    req: &Signed<'_>,
    signature: &str,
) -> Option<(WebhookSigReport, Vec<Finding>)> {
    let mut findings = Vec::new();
    let decoded_len = base64::engine::general_purpose::STANDARD
        .decode(signature.trim())
        .map(|b| b.len());
    if !signature.trim().is_empty() && decoded_len != Ok(20) {
        let what = match decoded_len {
            Ok(n) => format!("decodes to {n} bytes"),
            Err(_) => "is not valid base64".to_string(),
        };
        let detail = format!(
            "The X-Twilio-Signature value `{}` {what}; Twilio's signature is the base64 of a 20-byte HMAC-SHA1 (28 characters ending in '='). It was cut, wrapped or altered when it was copied, so no request can match it.",
            crate::input::text::ellipsize(signature.trim(), 40)
        );
        findings.push(
            Finding::error(ids::TWILIO_SIGNATURE_INVALID, "Webhook signature invalid", detail.clone())
                .hint("Copy the X-Twilio-Signature header value again, exactly, from the request log or tunnel inspector."),
        );
        return Some(req.invalid(detail, findings));
    }
    if signature.trim().is_empty() {
        let detail = "The X-Twilio-Signature header is present but empty: the request was not signed by Twilio (or a proxy stripped the value).".to_string();
        findings.push(Finding::error(ids::TWILIO_SIGNATURE_INVALID, "Webhook signature invalid", detail.clone()).hint("Check that the request really comes from Twilio and that no proxy rewrites the X-Twilio-Signature header."));
        return Some(req.invalid(detail, findings));
    }
    None
}

/// Invalid as received: the body hash, and the near misses that say which
/// reconstruction of the request went wrong.
fn mismatch(req: &Signed<'_>, token: &Secret, signature: &str) -> (WebhookSigReport, Vec<Finding>) {
    let (urls, params, json_body) = (&req.urls, req.params, req.json_body);
    let primary = urls[0].clone();
    let mut findings = Vec::new();
    let body_hash_fail = json_body.and_then(|b| {
        let claimed = Url::parse(&primary).and_then(|x| {
            x.query_param("bodySHA256")
                .map(|v| percent_decode(v, false).0)
        })?;
        (claimed != body_sha256(b)).then_some((claimed, b))
    });
    let sig_matches_url = urls.iter().any(|u| {
        validate(token, u, params, json_body, signature)
            .matched
            .is_some()
    });
    let mut near = Vec::new();
    if let Some((claimed, body)) = body_hash_fail {
        let why = body_hash_variants(&claimed, body).unwrap_or_else(|| "The body was changed after Twilio signed the request (edited, re-serialised, re-encoded), or it belongs to another request.".into());
        findings.push(
            Finding::error(
                ids::TWILIO_BODY_HASH,
                "bodySHA256 does not match the body",
                format!("The URL's bodySHA256 is {claimed}, but the body's SHA-256 is {}. {why}", body_sha256(body)),
            )
            .hint("Validate with the raw request body exactly as received, before any JSON parsing or re-serialisation."),
        );
    }
    if !sig_matches_url {
        for u in urls {
            near.extend(near_misses(token, u, params, json_body, signature));
        }
    }
    let detail = if sig_matches_url {
        "The signature matches the URL, but the body does not match its bodySHA256: the body was altered.".to_string()
    } else if near.is_empty() {
        format!(
            "X-Twilio-Signature does not match {primary}{} with this auth token, and no near variant of the request matches either. Likely causes: the wrong auth token (primary vs secondary, or a subaccount's token instead of the account that owns the number), a body altered in transit, or a signature from another request.",
            if urls.len() > 1 {
                " (tried https:// and http://)"
            } else {
                ""
            }
        )
    } else {
        format!(
            "X-Twilio-Signature does not match the request as received, but it matches a variant of it — see the near misses: {}.",
            near.iter()
                .map(|n| n.cause.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    findings.push(
        Finding::error(ids::TWILIO_SIGNATURE_INVALID, "Webhook signature invalid", detail.clone())
            .hint(if near.is_empty() { "Check which auth token the number's account uses (Console → Account → API keys & tokens) and validate the raw request." } else { "Fix the request reconstruction named in the near miss." }),
    );
    for n in &near {
        findings.push(
            Finding::warning(
                ids::TWILIO_SIGNATURE_NEAR_MISS,
                n.cause.clone(),
                format!("The signature matches {}.", n.url),
            )
            .hint(n.fix.clone()),
        );
    }
    let mut r = req.report(WebhookStatus::Invalid, detail);
    r.near_misses = near;
    (r, findings)
}

/// Valid as pasted, but these would break validation in many apps.
fn risks(ev: &Evidence, url: &str) -> Vec<Finding> {
    let mut f = Vec::new();
    let risk =
        |title: &str, detail: String| Finding::info(ids::TWILIO_SIGNATURE_RISK, title, detail);
    let padded: Vec<&str> = ev
        .form_params
        .iter()
        .filter(|(_, v)| v.trim() != v)
        .map(|(k, _)| k.as_str())
        .collect();
    if !padded.is_empty() {
        f.push(risk("Values with surrounding whitespace", format!("{} carr{} leading or trailing whitespace: middleware that trims values (Laravel TrimStrings, some Node parsers) will make your app reject this valid request.", padded.join(", "), if padded.len() == 1 { "ies" } else { "y" })));
    }
    let dotted: Vec<&str> = ev
        .form_params
        .iter()
        .filter(|(k, _)| k.contains('.') || k.contains(' '))
        .map(|(k, _)| k.as_str())
        .collect();
    if !dotted.is_empty() {
        f.push(risk("Parameter names with '.' or spaces", format!("{}: PHP renames these to '_' in $_POST, which breaks validation; read the raw body instead.", dotted.join(", "))));
    }
    if let Some(u) = Url::parse(url) {
        if u.port.is_some() {
            f.push(risk("URL has an explicit port", "Proxies often drop or add the port when your app rebuilds its URL; Twilio's libraries try both, make sure yours does.".into()));
        }
        if u.userinfo.is_some() {
            f.push(risk("URL carries user:password@", "Twilio signs the URL with the credentials; frameworks usually rebuild the URL without them.".into()));
        }
        if !u.is_https() {
            f.push(risk("http:// webhook", "The webhook uses plain http://: if you later put TLS in front, the signed URL changes. Twilio recommends https://.".into()));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn docs_worked_example() {
        // Twilio docs: token 12345, signature GvWf1cFY/Q7PnoempGyD5oXAezc=
        let params = p(&[
            ("Digits", "1234"),
            ("To", "+18005551212"),
            ("From", "+14158675310"),
            ("Caller", "+14158675310"),
            ("CallSid", "CA1234567890ABCDE"),
        ]);
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            data_to_sign(url, &params),
            "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675310Digits1234From+14158675310To+18005551212"
        );
        let t = Secret::new("12345");
        assert_eq!(
            compute(&t, &data_to_sign(url, &params)),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
        assert!(validate(&t, url, &params, None, "GvWf1cFY/Q7PnoempGyD5oXAezc=").valid);
        assert!(!validate(&t, url, &params, None, "GvWf1cFY/Q7PnoempGyD5oXAezd=").valid);
    }

    #[test]
    fn repeated_values_sorted_and_deduped() {
        let params = p(&[
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
        ]);
        assert_eq!(
            data_to_sign("https://mycompany.com/myapp.php?foo=1&bar=2", &params),
            "https://mycompany.com/myapp.php?foo=1&bar=2Digits1234Digits5678SidCA123SidAccountAC123"
        );
    }

    #[test]
    fn scheme_near_miss_is_named() {
        let t = Secret::new("tok");
        let params = p(&[("From", "+1"), ("To", "+2")]);
        let sig = compute(&t, &data_to_sign("https://a.example/voice", &params));
        let near = near_misses(&t, "http://a.example/voice", &params, None, &sig);
        assert!(
            near.iter().any(|n| n.cause.contains("https://")),
            "{near:?}"
        );
        assert!(near[0].fix.contains("X-Forwarded-Proto"));
    }

    #[test]
    fn two_changes_at_once_are_found() {
        let t = Secret::new("tok");
        let params = p(&[("From", "+1"), ("To", "+2")]);
        // Twilio signed https://…/voice/; the app checked http://…/voice.
        let sig = compute(&t, &data_to_sign("https://a.example/voice/", &params));
        let near = near_misses(&t, "http://a.example/voice", &params, None, &sig);
        assert_eq!(near.len(), 1, "{near:?}");
        assert!(
            near[0].cause.contains("https://") && near[0].cause.contains("trailing slash"),
            "{}",
            near[0].cause
        );
        assert_eq!(near[0].url, "https://a.example/voice/");
    }

    #[test]
    fn query_reencoding_variants() {
        assert_eq!(whatwg_query("Body=It's+amazing"), "Body=It%27s+amazing");
        assert_eq!(
            decode_query("test=param%27WithQuote"),
            "test=param'WithQuote"
        );
        assert_eq!(
            node_legacy_query("test=param%27WithQuote"),
            "test=param'WithQuote"
        );
        assert_eq!(
            node_legacy_query("name=William+O'hara"),
            "name=William%20O'hara"
        );
    }

    #[test]
    fn body_hash_formats() {
        let body = "{\"property\": \"value\", \"boolean\": true}";
        assert_eq!(
            body_sha256(body),
            "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        assert!(
            body_hash_variants(&body_sha256(body).to_uppercase(), body)
                .unwrap()
                .contains("upper-case")
        );
        assert!(
            body_hash_variants("Ch/3Y02as7ldtcmi3+lBbkFQKyg6gMfPGWMmMvluZiA=", body)
                .unwrap()
                .contains("base64")
        );
        assert!(body_hash_variants("00", body).is_none());
    }
}
