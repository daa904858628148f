//! Opt-in x5u certificate and CRL fetches (the only network access calltrust
//! makes, and only when the user asks: `--fetch-x5u` / `--fetch-crl` or the
//! Fetch buttons).
//!
//! Rules: https only for certificates (http or https for CRLs, as the
//! certificate's distribution point says: a CRL is signed, so its transport
//! need not be); port 443 or 8443 (80 too for http CRLs); no user
//! information, query or fragment; no redirects; loopback, private,
//! link-local and other non-public addresses refused (checked on the
//! resolved address actually connected to); 64 KiB cap for certificates,
//! 4 MiB for CRLs; short timeouts; one fetch per URL per run.
//! This is front-end I/O, not part of the pure core: results are handed to
//! `inspect` through `Options::fetched`.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Fetched;
use crate::base::url::Url;

/// The most bytes a certificate response may have.
pub const MAX_BODY: usize = 64 * 1024;

/// How a fetch is allowed to behave.
#[derive(Clone, Debug)]
pub struct Policy {
    pub connect_timeout: Duration,
    pub total_timeout: Duration,
    pub max_body: usize,
    /// Allow `http://` (CRL distribution points); certificates are https only.
    pub allow_http: bool,
    /// What is fetched, for messages ("certificate", "CRL").
    pub what: &'static str,
    /// Test-only escape hatch: never set by the CLI or the GUI.
    pub test_override: Option<TestOverride>,
}

/// Lets tests fetch from a local HTTPS server with their own CA.
#[derive(Clone, Debug, Default)]
pub struct TestOverride {
    /// Extra trusted roots (DER).
    pub roots: Vec<Vec<u8>>,
    /// Allow loopback addresses and any port.
    pub allow_loopback_any_port: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            connect_timeout: Duration::from_secs(4),
            total_timeout: Duration::from_secs(8),
            max_body: MAX_BODY,
            allow_http: false,
            what: "certificate",
            test_override: None,
        }
    }
}

/// The most bytes a CRL response may have.
pub const MAX_CRL_BODY: usize = 4 * 1024 * 1024;

impl Policy {
    /// The rules for CRL distribution points.
    pub fn for_crl() -> Self {
        Policy {
            max_body: MAX_CRL_BODY,
            allow_http: true,
            what: "CRL",
            total_timeout: Duration::from_secs(15),
            ..Policy::default()
        }
    }
}

/// The most bytes a rich-call-data resource (icon, jCard, logo) may have.
pub const MAX_RCD_BODY: usize = 1024 * 1024;

impl Policy {
    /// The rules for rich-call-data content (RFC 9795): https only, 1 MiB.
    pub fn for_rcd() -> Self {
        Policy {
            max_body: MAX_RCD_BODY,
            what: "RCD content",
            ..Policy::default()
        }
    }
}

/// Is this address one calltrust must never connect to?
pub fn forbidden_ip(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                Some("a loopback address")
            } else if v4.is_private() {
                Some("a private (RFC 1918) address")
            } else if v4.is_link_local() {
                Some("a link-local address")
            } else if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() || o[0] == 0 {
                Some("not a unicast address")
            } else if o[0] == 100 && (64..128).contains(&o[1]) {
                Some("a carrier-grade NAT (100.64/10) address")
            } else if v4.is_documentation()
                || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
                || o[0] >= 240
            {
                Some("a reserved address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return forbidden_ip(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            if v6.is_loopback() {
                Some("a loopback address")
            } else if v6.is_unspecified() || v6.is_multicast() {
                Some("not a unicast address")
            } else if seg[0] & 0xfe00 == 0xfc00 {
                Some("a unique-local (private) address")
            } else if seg[0] & 0xffc0 == 0xfe80 {
                Some("a link-local address")
            } else {
                None
            }
        }
    }
}

/// Why a fetch did not return a body. Each reads as a sentence part for the
/// report ("refused: …", "HTTP 404 (Not Found)"); tests match on the variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    NotAUrl(String),
    /// A scheme the policy does not allow (certificates: https only).
    Scheme {
        scheme: String,
        allow_http: bool,
    },
    UserInfo,
    QueryOrFragment,
    BadPort(String),
    /// A port outside the policy's few.
    Port {
        port: u16,
        allowed: &'static str,
        scheme: String,
    },
    Resolve {
        host: String,
        error: String,
    },
    NoAddress(String),
    /// The host resolves to a loopback, private or otherwise non-public address.
    NotPublic {
        host: String,
        ip: IpAddr,
        why: &'static str,
    },
    Connect {
        addr: SocketAddr,
        error: String,
    },
    ServerName(String),
    TlsSetup(String),
    /// The TLS handshake or the connection failed (an untrusted server certificate too).
    Tls(String),
    /// The whole fetch took longer than the policy allows (seconds, when known).
    TimedOut(Option<u64>),
    /// The response or its body is over the policy's cap.
    TooLarge {
        what: String,
        kib: usize,
    },
    /// Redirects are never followed.
    Redirect {
        code: u16,
        to: String,
    },
    Status {
        code: u16,
        reason: String,
    },
    Malformed(String),
    Empty,
}

impl FetchError {
    /// What went wrong in a word or two, for the log (no URL, no body).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::NotAUrl(_) => "not a URL",
            FetchError::Scheme { .. } => "scheme not allowed",
            FetchError::UserInfo => "credentials in the URL",
            FetchError::QueryOrFragment => "query or fragment",
            FetchError::BadPort(_) | FetchError::Port { .. } => "port not allowed",
            FetchError::Resolve { .. } | FetchError::NoAddress(_) => "name not resolved",
            FetchError::NotPublic { .. } => "not a public address",
            FetchError::Connect { .. } => "no connection",
            FetchError::ServerName(_) | FetchError::TlsSetup(_) | FetchError::Tls(_) => "TLS",
            FetchError::TimedOut(_) => "timed out",
            FetchError::TooLarge { .. } => "too large",
            FetchError::Redirect { .. } => "redirect refused",
            FetchError::Status { .. } => "HTTP status",
            FetchError::Malformed(_) => "malformed response",
            FetchError::Empty => "empty body",
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::NotAUrl(u) => write!(f, "`{u}` is not a URL"),
            FetchError::Scheme {
                scheme,
                allow_http: true,
            } => write!(f, "refused: {scheme} is neither http nor https"),
            FetchError::Scheme { scheme, .. } => write!(
                f,
                "refused: {scheme} is not https (certificates are only fetched over https)"
            ),
            FetchError::UserInfo => f.write_str("refused: the URL carries user information"),
            FetchError::QueryOrFragment => f.write_str("refused: the URL has a query or fragment"),
            FetchError::BadPort(p) => write!(f, "refused: bad port {p}"),
            FetchError::Port {
                port,
                allowed,
                scheme,
            } => write!(
                f,
                "refused: port {port} (only {allowed} are allowed for {scheme})"
            ),
            FetchError::Resolve { host, error } => write!(f, "could not resolve {host}: {error}"),
            FetchError::NoAddress(host) => write!(f, "{host} has no address"),
            FetchError::NotPublic { host, ip, why } => write!(
                f,
                "refused: {host} resolves to {ip} ({why}); calltrust only fetches from public addresses"
            ),
            FetchError::Connect { addr, error } => {
                write!(f, "could not connect to {addr}: {error}")
            }
            FetchError::ServerName(host) => write!(f, "`{host}` is not a valid TLS server name"),
            FetchError::TlsSetup(e) => write!(f, "TLS setup failed: {e}"),
            FetchError::Tls(e) => write!(f, "TLS/connection error: {e}"),
            FetchError::TimedOut(Some(s)) => write!(f, "timed out after {s} s"),
            FetchError::TimedOut(None) => f.write_str("timed out"),
            FetchError::TooLarge { what, kib } => {
                write!(f, "the {what} is larger than {kib} KiB; refused")
            }
            FetchError::Redirect { code, to } => write!(
                f,
                "HTTP {code}: redirect to {to} refused (calltrust does not follow redirects; a SHAKEN x5u or CRL distribution point must serve it directly)"
            ),
            FetchError::Status { code, reason } => write!(f, "HTTP {code} ({reason})"),
            FetchError::Malformed(what) => f.write_str(what),
            FetchError::Empty => f.write_str("the server returned an empty body"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Check the URL against the rules; returns (host, port, path).
pub fn check_url(url: &str, policy: &Policy) -> Result<(String, u16, String), FetchError> {
    let u = Url::parse(url).ok_or_else(|| FetchError::NotAUrl(url.to_string()))?;
    let http = u.scheme.eq_ignore_ascii_case("http");
    let https = u.scheme.eq_ignore_ascii_case("https");
    if !(https || http && policy.allow_http) {
        return Err(FetchError::Scheme {
            scheme: u.scheme.clone(),
            allow_http: policy.allow_http,
        });
    }
    if u.userinfo.is_some() {
        return Err(FetchError::UserInfo);
    }
    if u.query.is_some() || u.fragment.is_some() {
        return Err(FetchError::QueryOrFragment);
    }
    let port: u16 = match &u.port {
        None if http => 80,
        None => 443,
        Some(p) => p.parse().map_err(|_| FetchError::BadPort(p.clone()))?,
    };
    let any_port = policy
        .test_override
        .as_ref()
        .is_some_and(|o| o.allow_loopback_any_port);
    let allowed: &[u16] = if http { &[80, 8080] } else { &[443, 8443] };
    if !any_port && !allowed.contains(&port) {
        return Err(FetchError::Port {
            port,
            allowed: if http { "80 and 8080" } else { "443 and 8443" },
            scheme: u.scheme.clone(),
        });
    }
    let host = u
        .host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let path = if u.path.is_empty() {
        "/".to_string()
    } else {
        u.path.clone()
    };
    Ok((host, port, path))
}

fn resolve(host: &str, port: u16, policy: &Policy) -> Result<SocketAddr, FetchError> {
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| FetchError::Resolve {
            host: host.to_string(),
            error: e.to_string(),
        })?
        .collect();
    if addrs.is_empty() {
        return Err(FetchError::NoAddress(host.to_string()));
    }
    let allow_loopback = policy
        .test_override
        .as_ref()
        .is_some_and(|o| o.allow_loopback_any_port);
    for a in &addrs {
        if let Some(why) = forbidden_ip(a.ip())
            && !(allow_loopback && a.ip().is_loopback())
        {
            return Err(FetchError::NotPublic {
                host: host.to_string(),
                ip: a.ip(),
                why,
            });
        }
    }
    Ok(addrs[0])
}

fn tls_config(policy: &Policy) -> Result<Arc<rustls::ClientConfig>, FetchError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(o) = &policy.test_override {
        for der in &o.roots {
            roots
                .add(rustls::pki_types::CertificateDer::from(der.clone()))
                .map_err(|e| FetchError::TlsSetup(format!("bad test root: {e}")))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| FetchError::TlsSetup(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(cfg))
}

/// Fetch one certificate URL under the policy.
pub fn fetch(url: &str, policy: &Policy) -> Result<Vec<u8>, FetchError> {
    fetch_meta(url, policy).0
}

/// Fetch one URL; also return the status and headers when the server answered.
pub fn fetch_meta(
    url: &str,
    policy: &Policy,
) -> (
    Result<Vec<u8>, FetchError>,
    Option<crate::sti::repository::HttpMeta>,
) {
    let mut meta = None;
    let r = fetch_inner(url, policy, &mut meta);
    (r, meta)
}

fn fetch_inner(
    url: &str,
    policy: &Policy,
    meta: &mut Option<crate::sti::repository::HttpMeta>,
) -> Result<Vec<u8>, FetchError> {
    let start = Instant::now();
    let (host, port, path) = check_url(url, policy)?;
    let http = url
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("http:"));
    let addr = resolve(&host, port, policy)?;
    let tcp = TcpStream::connect_timeout(&addr, policy.connect_timeout).map_err(|e| {
        FetchError::Connect {
            addr,
            error: e.to_string(),
        }
    })?;
    let per_io = policy.total_timeout.min(Duration::from_secs(5));
    let _ = tcp.set_read_timeout(Some(per_io));
    let _ = tcp.set_write_timeout(Some(per_io));
    let host_header = if port == 443 || (http && port == 80) {
        host.clone()
    } else {
        format!("{host}:{port}")
    };
    if http {
        return exchange(tcp, &path, &host_header, policy, start, meta);
    }
    let server_name = rustls::pki_types::ServerName::try_from(host.clone())
        .map_err(|_| FetchError::ServerName(host.clone()))?;
    let conn = rustls::ClientConnection::new(tls_config(policy)?, server_name)
        .map_err(|e| FetchError::TlsSetup(e.to_string()))?;
    let tls = rustls::StreamOwned::new(conn, tcp);
    exchange(tls, &path, &host_header, policy, start, meta)
}

/// One GET over an established stream, under the policy's caps.
fn exchange(
    mut tls: impl Read + Write,
    path: &str,
    host_header: &str,
    policy: &Policy,
    start: Instant,
    meta: &mut Option<crate::sti::repository::HttpMeta>,
) -> Result<Vec<u8>, FetchError> {
    let req = format!(
        "GET {path} HTTP/1.0\r\nHost: {host_header}\r\nUser-Agent: calltrust/{}\r\nAccept: application/x-pem-file, application/pkix-cert, application/pkix-crl, */*\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    tls.write_all(req.as_bytes()).map_err(|e| tls_error(&e))?;
    let limit = policy.max_body + 16 * 1024;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if start.elapsed() > policy.total_timeout {
            return Err(FetchError::TimedOut(Some(policy.total_timeout.as_secs())));
        }
        match tls.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() > limit {
                    return Err(FetchError::TooLarge {
                        what: "response".into(),
                        kib: policy.max_body / 1024,
                    });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !buf.is_empty() => break,
            Err(e) => return Err(tls_error(&e)),
        }
    }
    let (body, m) = parse_response(&buf, policy);
    *meta = m;
    body
}

fn tls_error(e: &std::io::Error) -> FetchError {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => FetchError::TimedOut(None),
        _ => FetchError::Tls(e.to_string()),
    }
}

fn parse_response(
    buf: &[u8],
    policy: &Policy,
) -> (
    Result<Vec<u8>, FetchError>,
    Option<crate::sti::repository::HttpMeta>,
) {
    let Some(split) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (
            Err(FetchError::Malformed(
                "the server's response has no complete header".into(),
            )),
            None,
        );
    };
    let head = String::from_utf8_lossy(&buf[..split]);
    let meta = crate::sti::repository::HttpMeta {
        status: head
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0),
        headers: head
            .lines()
            .skip(1)
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                Some((k.trim().to_string(), v.trim().to_string()))
            })
            .take(100)
            .collect(),
    };
    (parse_body(buf, split, policy), Some(meta))
}

fn parse_body(buf: &[u8], split: usize, policy: &Policy) -> Result<Vec<u8>, FetchError> {
    let max_body = policy.max_body;
    let head = String::from_utf8_lossy(&buf[..split]);
    let body = &buf[split + 4..];
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let code: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| FetchError::Malformed(format!("bad status line `{status_line}`")))?;
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    if (300..400).contains(&code) {
        return Err(FetchError::Redirect {
            code,
            to: header("Location").unwrap_or_else(|| "(no Location)".into()),
        });
    }
    if code != 200 {
        return Err(FetchError::Status {
            code,
            reason: status_line
                .split_whitespace()
                .skip(2)
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    let body = if header("Transfer-Encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    if body.len() > max_body {
        return Err(FetchError::TooLarge {
            what: policy.what.to_string(),
            kib: max_body / 1024,
        });
    }
    if body.is_empty() {
        return Err(FetchError::Empty);
    }
    Ok(body)
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, FetchError> {
    let bad = |what: &str| FetchError::Malformed(what.to_string());
    let mut out = Vec::new();
    loop {
        let nl = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| bad("bad chunked encoding"))?;
        let size_str = String::from_utf8_lossy(&b[..nl]);
        let size = usize::from_str_radix(size_str.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| bad("bad chunk size"))?;
        b = &b[nl + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err(bad("truncated chunk"));
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).ok_or_else(|| bad("truncated chunk"))?;
    }
}

/// Fetch each distinct URL once.
pub fn fetch_all(urls: &[String], policy: &Policy) -> Vec<Fetched> {
    let mut seen: Vec<&String> = Vec::new();
    let mut out = Vec::new();
    for u in urls {
        if seen.contains(&u) || seen.len() >= 8 {
            continue;
        }
        seen.push(u);
        let (result, meta) = fetch_meta(u, policy);
        // The host only: a URL's path and query are the paste's.
        let host = Url::parse(u).map(|x| x.host).unwrap_or_default();
        match &result {
            Ok(b) => log::info!("fetched {} bytes from {host}", b.len()),
            Err(e) => log::warn!("fetch from {host} failed: {}", e.kind()),
        }
        out.push(Fetched {
            url: u.clone(),
            result: result.map_err(|e| e.to_string()),
            meta,
        });
    }
    out
}

pub use calltrust_core::internals::report::fetchable::{crl_urls, rcd_urls, x5u_urls};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_rules() {
        let p = Policy::default();
        assert!(check_url("https://cert.example.org/sp.pem", &p).is_ok());
        assert!(check_url("https://cert.example.org:8443/sp.pem", &p).is_ok());
        assert!(matches!(
            check_url("http://cert.example.org/sp.pem", &p),
            Err(FetchError::Scheme {
                allow_http: false,
                ..
            })
        ));
        assert!(matches!(
            check_url("https://cert.example.org:8080/sp.pem", &p),
            Err(FetchError::Port { port: 8080, .. })
        ));
        assert_eq!(
            check_url("https://u@cert.example.org/sp.pem", &p),
            Err(FetchError::UserInfo)
        );
        assert_eq!(
            check_url("https://cert.example.org/sp.pem?a", &p),
            Err(FetchError::QueryOrFragment)
        );
    }

    #[test]
    fn forbidden_addresses() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(forbidden_ip(a.parse().unwrap()).is_some(), "{a}");
        }
        for a in ["8.8.8.8", "2606:4700::1111"] {
            assert!(forbidden_ip(a.parse().unwrap()).is_none(), "{a}");
        }
    }

    #[test]
    fn loopback_refused_without_override() {
        let e = fetch("https://127.0.0.1/sp.pem", &Policy::default()).unwrap_err();
        assert!(
            matches!(e, FetchError::NotPublic { why, .. } if why.contains("loopback")),
            "{e}"
        );
        let e = fetch("https://localhost/sp.pem", &Policy::default()).unwrap_err();
        assert!(
            matches!(e, FetchError::NotPublic { .. } | FetchError::Resolve { .. }),
            "{e}"
        );
    }

    fn parse_response_body(b: &[u8], p: &Policy) -> Result<Vec<u8>, FetchError> {
        parse_response(b, p).0
    }

    #[test]
    fn crl_urls_may_be_http_certificates_may_not() {
        let crl = Policy::for_crl();
        assert!(check_url("http://crl.example.org/sti-pa.crl", &crl).is_ok());
        assert_eq!(
            check_url("http://crl.example.org/sti-pa.crl", &crl)
                .unwrap()
                .1,
            80
        );
        assert!(check_url("https://crl.example.org/sti-pa.crl", &crl).is_ok());
        let e = check_url("ftp://crl.example.org/x.crl", &crl).unwrap_err();
        assert!(matches!(
            e,
            FetchError::Scheme {
                allow_http: true,
                ..
            }
        ));
        assert_eq!(e.to_string(), "refused: ftp is neither http nor https");
        let e = check_url("http://crl.example.org:25/x.crl", &crl).unwrap_err();
        assert!(matches!(e, FetchError::Port { port: 25, .. }));
        assert_eq!(
            e.to_string(),
            "refused: port 25 (only 80 and 8080 are allowed for http)"
        );
        assert_eq!(
            check_url("http://u:p@crl.example.org/x.crl", &crl),
            Err(FetchError::UserInfo)
        );
        assert!(matches!(
            check_url("http://crl.example.org/sp.pem", &Policy::default()),
            Err(FetchError::Scheme {
                allow_http: false,
                ..
            })
        ));
    }

    #[test]
    fn responses() {
        let p = Policy {
            max_body: 10,
            ..Policy::default()
        };
        assert_eq!(
            parse_response_body(b"HTTP/1.1 200 OK\r\nContent-Type: x\r\n\r\nabc", &p).unwrap(),
            b"abc"
        );
        assert_eq!(
            parse_response_body(b"HTTP/1.1 301 Moved\r\nLocation: https://x/y\r\n\r\n", &p),
            Err(FetchError::Redirect {
                code: 301,
                to: "https://x/y".into()
            })
        );
        assert_eq!(
            parse_response_body(b"HTTP/1.1 404 Not Found\r\n\r\n", &p),
            Err(FetchError::Status {
                code: 404,
                reason: "Not Found".into()
            })
        );
        let e = parse_response_body(b"HTTP/1.1 200 OK\r\n\r\n0123456789abc", &p).unwrap_err();
        assert!(matches!(e, FetchError::TooLarge { kib: 0, .. }), "{e}");
        assert_eq!(
            parse_response_body(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                &p
            )
            .unwrap(),
            b"abc"
        );
    }
}
