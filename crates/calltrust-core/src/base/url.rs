//! A URL splitter that keeps every piece exactly as written: signature checks
//! need the URL as received, so nothing is normalised here.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub userinfo: Option<String>,
    pub host: String,
    pub port: Option<String>,
    pub path: String,
    pub query: Option<String>,
    pub fragment: Option<String>,
}

impl Url {
    pub fn parse(s: &str) -> Option<Url> {
        let s = s.trim();
        let (scheme, rest) = s.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        {
            return None;
        }
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f.to_string())),
            None => (rest, None),
        };
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, after) = rest.split_at(auth_end);
        let (path, query) = match after.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (after.to_string(), None),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, authority),
        };
        let (host, port) = if hostport.starts_with('[') {
            match hostport.split_once("]:") {
                Some((h, p)) => (format!("{h}]"), Some(p.to_string())),
                None => (hostport.to_string(), None),
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => {
                    (h.to_string(), Some(p.to_string()))
                }
                _ => (hostport.to_string(), None),
            }
        };
        if host.is_empty() {
            return None;
        }
        Some(Url {
            scheme: scheme.to_string(),
            userinfo,
            host,
            port,
            path,
            query,
            fragment,
        })
    }

    pub fn default_port(&self) -> Option<&'static str> {
        match self.scheme.to_ascii_lowercase().as_str() {
            "https" => Some("443"),
            "http" => Some("80"),
            _ => None,
        }
    }

    pub fn is_https(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("https")
    }

    /// The query parameter `name` (raw, not decoded).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.as_deref()?.split('&').find_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k == name).then_some(v)
        })
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://", self.scheme)?;
        if let Some(u) = &self.userinfo {
            write!(f, "{u}@")?;
        }
        f.write_str(&self.host)?;
        if let Some(p) = &self.port {
            write!(f, ":{p}")?;
        }
        f.write_str(&self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(fr) = &self.fragment {
            write!(f, "#{fr}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrips_exactly() {
        for u in [
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com:443//myapp.php?foo=1",
            "https://example.com/path?name=William+O'hara",
            "https://mycompany.com/webhook/España?año=2023",
            "http://localhost:3000/sms",
            "https://[::1]:8443/x",
            "https://a.example",
        ] {
            assert_eq!(Url::parse(u).unwrap().to_string(), u);
        }
        let u = Url::parse("https://u:p@h.example:8443/p/?a=1&bodySHA256=ab#f").unwrap();
        assert_eq!(u.userinfo.as_deref(), Some("u:p"));
        assert_eq!(u.port.as_deref(), Some("8443"));
        assert_eq!(u.path, "/p/");
        assert_eq!(u.query_param("bodySHA256"), Some("ab"));
        assert!(Url::parse("not a url").is_none());
        assert!(Url::parse("https:///x").is_none());
    }
}
