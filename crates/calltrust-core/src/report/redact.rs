//! `--redact`: mask the middle digits of every phone number in every output,
//! decoded tokens included (SPEC §6). Raw tokens are dropped altogether, since
//! their base64 still carries the numbers.

use std::collections::HashSet;

use serde_json::Value;

use super::data::Report;
use crate::tn::canonical_digits;

const MASK: char = '•';

/// Why a report could not be redacted: it is then refused, never sent unmasked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedactError {
    /// The report could not be walked (serialisation failed).
    Walk(String),
    /// A number of the call is still readable after masking.
    Unmasked { digits: usize },
}

impl std::fmt::Display for RedactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RedactError::Walk(e) => write!(f, "the report could not be walked for masking ({e})"),
            RedactError::Unmasked { digits } => write!(
                f,
                "a {digits}-digit phone number of the call is still readable after masking"
            ),
        }
    }
}

/// A redacted copy of the report: every string of the typed report (decoded
/// tokens, certificate subjects, call-path parties, findings) is masked, raw
/// tokens are dropped, and the result is checked: if any number of the call
/// is still readable, the report is refused (fails closed).
pub fn redact(report: &Report) -> Result<Report, RedactError> {
    let known = known_numbers(report);
    let mut r = report.clone();
    for p in &mut r.passports {
        p.token = None;
        // A div-o's opt is a whole PASSporT in base64 (RFC 8946 §5): withheld
        // like a raw token; its decoded form is its own, masked, entry.
        if let Some(opt) = p
            .payload
            .get("opt")
            .and_then(Value::as_str)
            .map(str::to_string)
        {
            const HELD: &str = "<nested PASSporT withheld by redaction: see its own entry>";
            if let Some(j) = &mut p.payload_json {
                *j = j.replace(opt.as_str(), HELD);
            }
            p.payload["opt"] = Value::String(HELD.into());
        }
    }
    // The CallToken carries the numbers in base64: withheld, like raw tokens.
    if let Some(f) = &mut r.forwarding {
        const HELD: &str =
            "<CallToken withheld by redaction: turn redaction off to copy the request>";
        for s in &mut f.snippets {
            s.code = s.code.replace(f.call_token.as_str(), HELD);
        }
        f.call_token = HELD.into();
    }
    let mut v = serde_json::to_value(&r).map_err(|e| RedactError::Walk(e.to_string()))?;
    walk(&mut v, &known);
    let mut out: Report =
        serde_json::from_value(v).map_err(|e| RedactError::Walk(e.to_string()))?;
    out.redacted = true;
    check(&out, &known)?;
    Ok(out)
}

/// Every rendering of `r` is free of the call's numbers.
fn check(r: &Report, known: &HashSet<String>) -> Result<(), RedactError> {
    for text in [r.to_json(), r.to_markdown(), r.to_text()] {
        if let Some(k) = known.iter().find(|k| text.contains(k.as_str())) {
            return Err(RedactError::Unmasked { digits: k.len() });
        }
    }
    Ok(())
}

fn known_numbers(r: &Report) -> HashSet<String> {
    let mut set = HashSet::new();
    let mut add = |s: &str| {
        if let Some(d) = canonical_digits(s)
            && d.len() >= 7
        {
            set.insert(d);
        }
    };
    for p in r
        .call
        .calling
        .iter()
        .chain(&r.call.called)
        .chain(&r.call.diversions)
    {
        add(&p.value);
    }
    for p in &r.passports {
        let c = &p.claims;
        for s in c
            .orig_tn
            .iter()
            .chain(&c.dest_tn)
            .chain(&c.div_tn)
            .chain(&c.from)
            .chain(&c.to)
        {
            add(s);
        }
    }
    set
}

fn walk(v: &mut Value, known: &HashSet<String>) {
    match v {
        Value::String(s) => {
            let m = mask_numbers(s, known);
            if m != *s {
                *s = m;
            }
        }
        Value::Number(n) => {
            let digits = n.to_string();
            if known.contains(&digits) {
                *v = Value::String(mask_digits(&digits));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| walk(x, known)),
        Value::Object(o) => o.values_mut().for_each(|x| walk(x, known)),
        _ => {}
    }
}

/// Mask `12222222222` → `1222•••••22`.
pub fn mask_digits(d: &str) -> String {
    let n = d.chars().count();
    let keep_start = if n >= 10 { 4 } else { 2 };
    let keep_end = 2;
    if n <= keep_start + keep_end {
        return d.to_string();
    }
    d.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_start || i >= n - keep_end {
                c
            } else {
                MASK
            }
        })
        .collect()
}

/// Mask phone numbers in free text: runs of 11–15 digits, 10-digit runs not
/// starting with 1 (a Unix time would), and any run of 7+ digits that follows
/// `+`, `%2B`, `tel:` or `sip:` or that is a number known from the call.
pub fn mask_numbers(s: &str, known: &HashSet<String>) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric() || prefixed(b, i))
        {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // A digit run glued to letters after it (hex, ids) is not a number.
            if i < b.len() && b[i].is_ascii_alphabetic() {
                continue;
            }
            let run = &s[start..i];
            let len = run.len();
            let phone = (11..=15).contains(&len)
                || (len == 10 && !run.starts_with('1'))
                || (len >= 7 && (prefixed(b, start) || known.contains(run)))
                || (len >= 7
                    && known
                        .iter()
                        .any(|k| k.len() > 10 && k.ends_with(run) && run.len() >= 10));
            if phone {
                out.push_str(&s[last..start]);
                out.push_str(&mask_digits(run));
                last = i;
            }
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    mask_separated(&out)
}

/// Numbers written with visual separators (`+1 202 555 0143`,
/// `(202) 555-0143`), as display names carry them: 10 to 15 digits in two or
/// more groups, with a leading `+` or a last group of 4 or more digits (so
/// dates, times and IPv4 addresses stay readable). Digits after the first
/// four and before the last two are masked; separators are kept.
fn mask_separated(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+';
        let start = if plus { i + 1 } else { i };
        if start >= chars.len()
            || !chars[start].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '•'))
        {
            i += 1;
            continue;
        }
        // Digit groups separated by one separator each.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut j = start;
        loop {
            let g0 = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            groups.push((g0, j));
            let sep = chars.get(j).copied();
            let next = chars.get(j + 1).copied();
            let open_paren = sep == Some(' ') && next == Some('(');
            if matches!(sep, Some('-' | '.' | ' ' | '(' | ')'))
                && (next.is_some_and(|c| c.is_ascii_digit())
                    || open_paren
                    || (sep == Some(')') && next == Some(' ')))
            {
                j += 1;
                while j < chars.len()
                    && matches!(chars[j], '(' | ' ')
                    && chars
                        .get(j + 1)
                        .is_some_and(|c| c.is_ascii_digit() || *c == '(')
                {
                    j += 1;
                }
                if !chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
                    break;
                }
                continue;
            }
            break;
        }
        let digits: usize = groups.iter().map(|(a, b)| b - a).sum();
        let last = groups.last().map(|(a, b)| b - a).unwrap_or(0);
        let glued = chars.get(j).is_some_and(|c| c.is_alphanumeric());
        if groups.len() >= 2 && (10..=15).contains(&digits) && (plus || last >= 4) && !glued {
            let mut n = 0;
            for (a, b) in &groups {
                for c in &mut out[*a..*b] {
                    if n >= 4 && n < digits - 2 {
                        *c = MASK;
                    }
                    n += 1;
                }
            }
        }
        i = j.max(i + 1);
    }
    out.into_iter().collect()
}

fn prefixed(b: &[u8], i: usize) -> bool {
    let before = &b[..i];
    before.ends_with(b"+")
        || before.ends_with(b"%2B")
        || before.ends_with(b"%2b")
        || before.ends_with(b"tel:")
        || before.ends_with(b"sip:")
        || before.ends_with(b"sips:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phone_numbers_not_timestamps() {
        let known: HashSet<String> = ["12222222222".to_string()].into();
        assert_eq!(
            mask_numbers("From +12222222222 at 1635957423", &known),
            "From +1222•••••22 at 1635957423"
        );
        assert_eq!(mask_numbers("orig 12222222222", &known), "orig 1222•••••22");
        assert_eq!(
            mask_numbers("to %2B15555555555", &HashSet::new()),
            "to %2B1555•••••55"
        );
        assert_eq!(mask_numbers("tel:5551234", &HashSet::new()), "tel:55•••34");
        assert_eq!(
            mask_numbers("serial 4760463991015890314", &HashSet::new()),
            "serial 4760463991015890314"
        );
        assert_eq!(
            mask_numbers("callSid CA123456789012345", &HashSet::new()),
            "callSid CA123456789012345"
        );
        assert_eq!(mask_numbers("2222222222", &HashSet::new()), "2222••••22");
    }

    #[test]
    fn masking_keeps_the_character_count() {
        // The window masks the paste box through its layouter: cursor
        // positions must still line up.
        for t in [
            "From: +12222222222, To: %2B15555555555 é",
            "tel:5551234 and 2222222222 at 1635957423",
            "naïve 12345678901234",
        ] {
            let m = mask_numbers(t, &HashSet::new());
            assert_ne!(m, t);
            assert_eq!(m.chars().count(), t.chars().count(), "{m}");
        }
    }

    #[test]
    fn an_unmaskable_number_refuses_the_report() {
        let known: HashSet<String> = ["12025550143".to_string()].into();
        let mut r = crate::pipeline::inspect("", &crate::options::Options::default());
        // A number glued to letters is not masked by the text masker: the
        // check must catch it and refuse.
        r.verdict.headline = "caller x12025550143y".into();
        let mut out = r.clone();
        walk_report(&mut out, &known);
        assert_eq!(
            check(&out, &known),
            Err(RedactError::Unmasked { digits: 11 })
        );
    }

    fn walk_report(r: &mut Report, known: &HashSet<String>) {
        let mut v = serde_json::to_value(&*r).unwrap();
        walk(&mut v, known);
        *r = serde_json::from_value(v).unwrap();
    }

    #[test]
    fn masks_numbers_written_with_separators() {
        let none = HashSet::new();
        assert_eq!(
            mask_numbers("\"+1 202 555 0143\"", &none),
            "\"+1 202 ••• ••43\""
        );
        assert_eq!(
            mask_numbers("call (202) 555-0143", &none),
            "call (202) 5••-••43"
        );
        assert_eq!(
            mask_numbers("at 2026-11-22 09:30:02 UTC", &none),
            "at 2026-11-22 09:30:02 UTC"
        );
        assert_eq!(
            mask_numbers("from 198.51.100.20", &none),
            "from 198.51.100.20"
        );
    }

    #[test]
    fn mask_keeps_short_values() {
        assert_eq!(mask_digits("1234"), "1234");
        assert_eq!(mask_digits("15555555555"), "1555•••••55");
    }
}
