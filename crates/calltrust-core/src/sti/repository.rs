//! Certificate-repository (x5u URL) rules of the ecosystem compliance
//! reports (RULES.md part 3): the URL-form rules run on any x5u; the others
//! judge the response of an opt-in fetch (status, headers, body). calltrust
//! never follows redirects, so a redirect is judged on the answer itself.

use super::vocab::{Fixer, Level, RuleResult, RuleStatus};
use crate::base::url::Url;
pub use crate::given::HttpMeta;

fn result(
    rule: &'static str,
    level: Level,
    citation: &'static str,
    outcome: Result<(), String>,
) -> RuleResult {
    let (status, detail) = match outcome {
        Ok(()) => (RuleStatus::Pass, String::new()),
        Err(e) => (RuleStatus::Fail, e),
    };
    RuleResult {
        rule: rule.into(),
        level,
        status,
        detail,
        citation: citation.into(),
        fixer: Fixer::ServiceProvider,
    }
}

/// `e_atis_url_component`: no userinfo, query or fragment (nor a trailing `?`/`#`).
fn url_component(url: &str) -> Result<(), String> {
    let u = Url::parse(url).ok_or_else(|| format!("{url} is not a URL"))?;
    if u.userinfo.is_some() {
        return Err("the x5u URL carries user information".into());
    }
    if u.query.is_some() || url.ends_with('?') {
        return Err("the x5u URL has a query".into());
    }
    if u.fragment.is_some() || url.ends_with('#') {
        return Err("the x5u URL has a fragment".into());
    }
    Ok(())
}

/// `w_atis_protocol`: https, on no port or 443 or 8443.
fn protocol(url: &str) -> Result<(), String> {
    let u = Url::parse(url).ok_or_else(|| format!("{url} is not a URL"))?;
    if !u.scheme.eq_ignore_ascii_case("https") {
        return Err(format!("the x5u URL uses {} instead of https", u.scheme));
    }
    match u.port.as_deref() {
        None | Some("443") | Some("8443") => Ok(()),
        Some(p) => Err(format!("the x5u URL uses port {p} (443 or 8443 expected)")),
    }
}

/// RFC 1123 date (`Mon, 02 Jan 2006 15:04:05 GMT`) as Unix seconds.
fn http_date(s: &str) -> Option<i64> {
    let p: Vec<&str> = s.split_whitespace().collect();
    let [_, day, mon, year, hms, "GMT"] = p.as_slice() else {
        return None;
    };
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = M.iter().position(|m| m == mon)? as u8 + 1;
    let t: Vec<u8> = hms.split(':').filter_map(|x| x.parse().ok()).collect();
    let [h, mi, se] = t.as_slice() else {
        return None;
    };
    let date = time::Date::from_calendar_date(
        year.parse().ok()?,
        time::Month::try_from(month).ok()?,
        day.parse().ok()?,
    )
    .ok()?;
    let time = time::Time::from_hms(*h, *mi, *se).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// `e_atis_cache_header`: the certificate may be cached for a day.
fn cache_header(m: &HttpMeta) -> Result<(), String> {
    if m.all("Pragma")
        .any(|v| v.trim().eq_ignore_ascii_case("no-cache"))
    {
        return Err("Pragma: no-cache forbids caching the certificate".into());
    }
    if let (Some(d), Some(e)) = (m.header("Date"), m.header("Expires")) {
        match (http_date(d), http_date(e)) {
            (Some(d), Some(e)) if e >= d + 86_400 => {}
            (Some(_), Some(_)) => return Err("Expires is less than 24 hours after Date".into()),
            _ => return Err("Date or Expires is not an RFC 1123 date".into()),
        }
    }
    let cc = m
        .header("Cache-Control")
        .ok_or("there is no Cache-Control header")?;
    if cc.to_ascii_lowercase().contains("private") {
        return Err("Cache-Control is private".into());
    }
    let max_age = cc
        .split(',')
        .find_map(|d| d.trim().strip_prefix("max-age="))
        .ok_or("Cache-Control has no max-age")?;
    match max_age.trim().parse::<u64>() {
        Ok(n) if n >= 86_400 => Ok(()),
        Ok(n) => Err(format!(
            "Cache-Control max-age is {n} s; at least 86400 (a day) is expected"
        )),
        Err(_) => Err("Cache-Control max-age is not a number".into()),
    }
}

fn pem_chain(body: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(body);
    let blocks = crate::base::pem::pem_blocks(&text);
    for (i, b) in blocks.iter().enumerate() {
        let ok = b
            .der
            .as_ref()
            .is_ok_and(|der| x509_parser::parse_x509_certificate(der).is_ok());
        if !ok {
            return Err(format!("PEM block {} is not an X.509 certificate", i + 1));
        }
    }
    if blocks.is_empty() {
        return Err(
            "the body holds no PEM block (a DER body is not the PEM chain ATIS-1000080 asks for)"
                .into(),
        );
    }
    Ok(())
}

/// Every repository rule that can be judged: the URL-form ones always, the
/// response ones when a fetch answered (`meta`, `body`).
pub fn judge(url: &str, meta: Option<&HttpMeta>, body: Option<&[u8]>) -> Vec<RuleResult> {
    let mut v = vec![
        result(
            "e_atis_url_component",
            Level::Error,
            "ATIS-1000074",
            url_component(url),
        ),
        result(
            "w_atis_protocol",
            Level::Warn,
            "ATIS-1000080",
            protocol(url),
        ),
    ];
    if let Some(m) = meta {
        v.push(result(
            "e_http_status_200",
            Level::Error,
            "HTTP",
            if m.status == 200 {
                Ok(())
            } else {
                Err(format!("the server answered HTTP {}", m.status))
            },
        ));
        v.push(result(
            "e_atis_redirect",
            Level::Error,
            "ATIS-1000074",
            if (300..400).contains(&m.status) {
                Err(format!(
                    "the server redirects ({}) to {}",
                    m.status,
                    m.header("Location").unwrap_or("?")
                ))
            } else {
                Ok(())
            },
        ));
        v.push(result(
            "e_atis_cache_header",
            Level::Error,
            "ATIS-1000074",
            cache_header(m),
        ));
        v.push(result(
            "w_atis_content_type",
            Level::Warn,
            "ATIS-1000080",
            match m.header("Content-Type") {
                Some(c) if c.contains("application/pem-certificate-chain") => Ok(()),
                Some(c) => Err(format!(
                    "Content-Type is {c}, not application/pem-certificate-chain"
                )),
                None => Err("there is no Content-Type header".into()),
            },
        ));
        if let Some(b) = body {
            v.push(result(
                "w_atis_pem_certificate_chain",
                Level::Warn,
                "ATIS-1000080",
                pem_chain(b),
            ));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(v: &[RuleResult]) -> Vec<&str> {
        v.iter()
            .filter(|r| r.status == RuleStatus::Fail)
            .map(|r| &*r.rule)
            .collect()
    }

    #[test]
    fn url_form_rules() {
        assert!(failed(&judge("https://cert.example.org/sp.pem", None, None)).is_empty());
        assert_eq!(
            failed(&judge("http://cert.example.org/sp.pem", None, None)),
            ["w_atis_protocol"]
        );
        assert_eq!(
            failed(&judge("https://u:p@cert.example.org/sp.pem", None, None)),
            ["e_atis_url_component"]
        );
        assert_eq!(
            failed(&judge("https://cert.example.org/sp.pem?", None, None)),
            ["e_atis_url_component"]
        );
        assert_eq!(
            failed(&judge("https://cert.example.org:8080/sp.pem", None, None)),
            ["w_atis_protocol"]
        );
    }

    #[test]
    fn response_rules() {
        let good = HttpMeta {
            status: 200,
            headers: vec![
                (
                    "Content-Type".into(),
                    "application/pem-certificate-chain".into(),
                ),
                ("Cache-Control".into(), "public, max-age=86400".into()),
                ("Date".into(), "Mon, 02 Jan 2006 15:04:05 GMT".into()),
                ("Expires".into(), "Tue, 03 Jan 2006 15:04:05 GMT".into()),
            ],
        };
        let v = judge("https://c.example/sp.pem", Some(&good), None);
        assert!(failed(&v).is_empty(), "{v:?}");
        let mut bad = good.clone();
        bad.headers[1].1 = "max-age=60".into();
        bad.headers.push(("Pragma".into(), "No-Cache".into()));
        bad.headers[0].1 = "text/plain".into();
        let v = judge("https://c.example/sp.pem", Some(&bad), Some(b"junk"));
        assert_eq!(
            failed(&v),
            [
                "e_atis_cache_header",
                "w_atis_content_type",
                "w_atis_pem_certificate_chain"
            ]
        );
        let redirect = HttpMeta {
            status: 302,
            headers: vec![("Location".into(), "https://x/".into())],
        };
        let v = judge("https://c.example/sp.pem", Some(&redirect), None);
        assert!(failed(&v).contains(&"e_atis_redirect"));
        assert!(failed(&v).contains(&"e_http_status_200"));
    }
}
