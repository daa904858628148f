//! Telephone numbers: canonical digit form (RFC 8224 §8.3 / RFC 8225 §5.2.1) and
//! comparison between PASSporT claims and the call's signalling.

/// The digits of a telephone number given as a claim value (`12025550143`,
/// `+1 (202) 555-0143`) or as an address (`tel:+1…`, `"Name" <sip:+1…@host>`):
/// an address is read by the RFC 3261 grammar, so the number is the URI's,
/// never the display name's. `None` when there is no telephone number.
pub fn canonical_digits(raw: &str) -> Option<String> {
    let t = raw.trim();
    if let Some(n) = crate::input::sipaddr::tn_of(&t.replace(' ', "")) {
        return Some(n.digits);
    }
    if !t.contains(':') {
        return None;
    }
    let addr = crate::input::sipaddr::parse_address(t).ok()?;
    addr.uri.number().map(|n| n.digits)
}

/// How a PASSporT `tn` value departs from the canonical form.
#[derive(Debug, PartialEq, Eq)]
pub enum TnProblem {
    /// Fine: digits only, 7–15 of them, not starting with 0.
    None,
    /// Has a leading `+` or visual separators: canonical form is digits only.
    NotCanonical(String),
    /// Starts with 0: a national/trunk-prefixed number, not E.164.
    National,
    /// Too short or too long for E.164 (max 15 digits).
    Length(usize),
    /// Letters or other characters.
    NotDigits,
}

pub fn tn_problem(tn: &str) -> TnProblem {
    if tn.is_empty() || !tn.chars().all(|c| c.is_ascii_digit()) {
        return match canonical_digits(tn) {
            Some(d) if !tn.to_ascii_lowercase().contains(':') => TnProblem::NotCanonical(d),
            _ => TnProblem::NotDigits,
        };
    }
    if tn.starts_with('0') {
        return TnProblem::National;
    }
    if !(7..=15).contains(&tn.len()) {
        return TnProblem::Length(tn.len());
    }
    TnProblem::None
}

/// Result of comparing a claimed number with one from signalling.
#[derive(Debug, PartialEq, Eq)]
pub enum TnMatch {
    Same,
    /// Same national number, differ only by the NANP country code `1`.
    CountryCodeOnly,
    Different,
}

/// A PASSporT claim (`tn` digits or a `uri`) against a party of the call:
/// the party's URI number (never its display name).
pub fn compare_party(claim: &str, p: &crate::input::Party) -> TnMatch {
    match (canonical_digits(claim), &p.number) {
        (Some(x), Some(y)) => compare_digits(&x, y),
        (None, None) => {
            let uri = p.uri.as_deref().unwrap_or(p.value.trim());
            if claim.trim().eq_ignore_ascii_case(uri) {
                TnMatch::Same
            } else {
                TnMatch::Different
            }
        }
        _ => TnMatch::Different,
    }
}

fn compare_digits(x: &str, y: &str) -> TnMatch {
    if x == y {
        return TnMatch::Same;
    }
    let strip1 = |s: &str| {
        if s.len() == 11 && s.starts_with('1') {
            s[1..].to_string()
        } else {
            s.to_string()
        }
    };
    if strip1(x) == strip1(y) && x.len() != y.len() {
        TnMatch::CountryCodeOnly
    } else {
        TnMatch::Different
    }
}

pub fn compare(a: &str, b: &str) -> TnMatch {
    match (canonical_digits(a), canonical_digits(b)) {
        (Some(x), Some(y)) if x == y => TnMatch::Same,
        (Some(x), Some(y)) => {
            let strip1 = |s: &str| {
                if s.len() == 11 && s.starts_with('1') {
                    s[1..].to_string()
                } else {
                    s.to_string()
                }
            };
            if strip1(&x) == strip1(&y) && x.len() != y.len() {
                TnMatch::CountryCodeOnly
            } else {
                TnMatch::Different
            }
        }
        _ => {
            // Non-numeric (e.g. sip:alice@example.com): compare URIs loosely.
            if a.trim().eq_ignore_ascii_case(b.trim()) {
                TnMatch::Same
            } else {
                TnMatch::Different
            }
        }
    }
}

/// NANP (+1) numbers are domestic for the US/Canada SHAKEN deployment.
pub fn is_nanp(digits: &str) -> bool {
    digits.len() == 11 && digits.starts_with('1')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(
            canonical_digits("+1 (555) 555-5555").as_deref(),
            Some("15555555555")
        );
        assert_eq!(
            canonical_digits("tel:+12222222222").as_deref(),
            Some("12222222222")
        );
        assert_eq!(
            canonical_digits("\"Bob\" <sip:+12222222222@pbx.example.com;user=phone>;tag=1")
                .as_deref(),
            Some("12222222222")
        );
        assert_eq!(
            canonical_digits("sips:15555555555@x;user=phone").as_deref(),
            Some("15555555555")
        );
        assert_eq!(canonical_digits("client:alice"), None);
        assert_eq!(canonical_digits("sip:alice@example.com"), None);
        assert_eq!(canonical_digits(""), None);
        assert_eq!(canonical_digits("1+2"), None);
    }

    #[test]
    fn tn_problems() {
        assert_eq!(tn_problem("12222222222"), TnProblem::None);
        assert_eq!(
            tn_problem("+12222222222"),
            TnProblem::NotCanonical("12222222222".into())
        );
        assert_eq!(tn_problem("01256500600"), TnProblem::National);
        assert_eq!(tn_problem("123"), TnProblem::Length(3));
        assert_eq!(tn_problem("1234567890123456"), TnProblem::Length(16));
        assert_eq!(tn_problem("12a"), TnProblem::NotDigits);
        assert_eq!(tn_problem(""), TnProblem::NotDigits);
    }

    #[test]
    fn comparisons() {
        assert_eq!(compare("12222222222", "+12222222222"), TnMatch::Same);
        assert_eq!(
            compare("12222222222", "sip:+1-222-222-2222@x"),
            TnMatch::Same
        );
        assert_eq!(
            compare("12222222222", "2222222222"),
            TnMatch::CountryCodeOnly
        );
        assert_eq!(compare("12222222222", "13333333333"), TnMatch::Different);
        assert_eq!(
            compare("sip:alice@example.com", "SIP:alice@example.com"),
            TnMatch::Same
        );
    }
}
