//! Time formatting and parsing. The core never reads the clock: "now" is
//! always handed in by a front end.

/// `2021-11-03 16:37:03 UTC`, or a note when out of range.
pub fn utc(unix: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("{unix} (out of range)"),
    }
}

/// A human duration: `45 s`, `3 min 20 s`, `5 h 2 min`, `12 days`, `4 years 19 days`.
pub fn duration(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 3600;
    const DAY: u64 = 86_400;
    const YEAR: u64 = 365 * DAY;
    match secs {
        s if s < MIN => format!("{s} s"),
        s if s < HOUR => {
            let (m, r) = (s / MIN, s % MIN);
            if r == 0 {
                format!("{m} min")
            } else {
                format!("{m} min {r} s")
            }
        }
        s if s < DAY => {
            let (h, r) = (s / HOUR, (s % HOUR) / MIN);
            if r == 0 {
                format!("{h} h")
            } else {
                format!("{h} h {r} min")
            }
        }
        s if s < YEAR => {
            let d = s / DAY;
            if d == 1 {
                "1 day".into()
            } else {
                format!("{d} days")
            }
        }
        s => {
            let (y, d) = (s / YEAR, (s % YEAR) / DAY);
            let ys = if y == 1 {
                "1 year".to_string()
            } else {
                format!("{y} years")
            };
            match d {
                0 => ys,
                1 => format!("{ys} 1 day"),
                d => format!("{ys} {d} days"),
            }
        }
    }
}

/// `3 min before the reference time` / `2 s after …` / `at the reference time`.
pub fn age(iat: i64, reference: i64) -> String {
    let delta = reference.saturating_sub(iat);
    match delta.cmp(&0) {
        std::cmp::Ordering::Equal => "exactly at the reference time".into(),
        std::cmp::Ordering::Greater => format!(
            "{} before the reference time",
            duration(delta.unsigned_abs())
        ),
        std::cmp::Ordering::Less => format!(
            "{} after the reference time",
            duration(delta.unsigned_abs())
        ),
    }
}

/// Parse `--at`: Unix seconds or RFC 3339 (`2021-11-03T16:37:03Z`).
pub fn parse_at(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Ok(n);
    }
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|e| {
            format!("`{s}` is neither Unix seconds nor an RFC 3339 time such as 2021-11-03T16:37:03Z ({e})")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(utc(1635957423), "2021-11-03 16:37:03 UTC");
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(61), "1 min 1 s");
        assert_eq!(duration(7200), "2 h");
        assert_eq!(duration(86_400 * 3), "3 days");
        assert_eq!(duration(365 * 86_400 + 86_400), "1 year 1 day");
        assert_eq!(age(100, 160), "1 min before the reference time");
        assert_eq!(age(200, 160), "40 s after the reference time");
        assert!(utc(i64::MAX).contains("out of range"));
    }

    #[test]
    fn parses_at() {
        assert_eq!(parse_at("1635957423"), Ok(1635957423));
        assert_eq!(parse_at("2021-11-03T16:37:03Z"), Ok(1635957423));
        assert_eq!(parse_at("2021-11-03T17:37:03+01:00"), Ok(1635957423));
        assert!(parse_at("yesterday").unwrap_err().contains("RFC 3339"));
    }
}
