//! The paste box's colours, like jwt.io: a JWT's header, payload and
//! signature segments, Identity parameters, SIP/HTTP header names, webhook
//! form keys and JSON keys are coloured, and the span of each located problem
//! is underlined. The classes are computed in one linear pass per text and
//! cached, so typing stays instant: the layouter runs every frame, the scan
//! only when the text, the problems or the theme change.

use super::theme::Class;
use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, Stroke, Visuals};

use super::theme;

/// One run of the same class (and underline) in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    pub class: Class,
    pub problem: bool,
}

/// A problem span is at most this many bytes (to the next whitespace).
const MAX_PROBLEM_SPAN: usize = 120;

fn b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The runs of `text`, with each of `problems` (byte offsets) underlined to
/// the end of its word. Linear in the text; every boundary is a char boundary
/// because every delimiter the scan looks for is ASCII.
pub fn runs(text: &str, problems: &[usize]) -> Vec<Run> {
    let b = text.as_bytes();
    let mut class = vec![Class::Plain; b.len()];
    let mut under = vec![false; b.len()];
    let mut line_start = 0;
    while line_start < b.len() {
        let line_end = b[line_start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| line_start + p);
        keys_in_line(b, line_start, line_end, &mut class);
        line_start = line_end + 1;
    }
    jwts(b, &mut class);
    for &p in problems {
        if p > b.len() {
            continue;
        }
        let mut end = p;
        while end < b.len() && end - p < MAX_PROBLEM_SPAN && !b[end].is_ascii_whitespace() {
            end += 1;
        }
        if end == p && end < b.len() {
            end += 1; // a problem at a space or line end still shows
        }
        while end < b.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        for u in &mut under[p..end] {
            *u = true;
        }
    }
    let mut out: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (c, u) = (class[i], under[i]);
        let mut j = i + 1;
        while j < b.len() && class[j] == c && under[j] == u {
            j += 1;
        }
        // Never split a multi-byte character between runs.
        while j < b.len() && !text.is_char_boundary(j) {
            j += 1;
        }
        out.push(Run {
            range: i..j,
            class: c,
            problem: u,
        });
        i = j;
    }
    out
}

/// Header names at a line's start, JSON keys, form keys and `;param=`.
fn keys_in_line(b: &[u8], start: usize, end: usize, class: &mut [Class]) {
    let line = &b[start..end];
    // `Name:` at the start of a line (SIP and HTTP headers, and the
    // unquoted keys of a pasted JavaScript object, which may be indented).
    let indent = line
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    let rest = &line[indent..];
    let name_len = rest
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
        .unwrap_or(rest.len());
    if name_len > 0
        && rest[0].is_ascii_alphabetic()
        && rest.get(name_len) == Some(&b':')
        && rest
            .get(name_len + 1)
            .is_none_or(|c| *c == b' ' || *c == b'\t')
    {
        class[start + indent..start + indent + name_len].fill(Class::Key);
    }
    // A form-encoded body: no spaces, `k=v&k=v`.
    if line.contains(&b'=') && line.contains(&b'&') && !line.contains(&b' ') {
        let mut s = 0;
        for part in line.split(|&c| c == b'&') {
            if let Some(eq) = part.iter().position(|&c| c == b'=') {
                class[start + s..start + s + eq].fill(Class::Key);
            }
            s += part.len() + 1;
        }
    }
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            // A JSON key: a string followed by `:`.
            b'"' => {
                let mut j = i + 1;
                while j < line.len() && line[j] != b'"' {
                    j += if line[j] == b'\\' { 2 } else { 1 };
                }
                if j >= line.len() {
                    return;
                }
                let mut k = j + 1;
                while k < line.len() && line[k] == b' ' {
                    k += 1;
                }
                if line.get(k) == Some(&b':') {
                    class[start + i..start + j + 1].fill(Class::Key);
                }
                i = j + 1;
            }
            // `;name=` as in an Identity header's parameters.
            b';' => {
                let mut j = i + 1;
                while j < line.len() && (line[j].is_ascii_alphanumeric() || line[j] == b'-') {
                    j += 1;
                }
                if j > i + 1 && line.get(j) == Some(&b'=') {
                    class[start + i..start + j + 1].fill(Class::Param);
                }
                i = j;
            }
            _ => i += 1,
        }
    }
}

/// `eyJ…` `.` `…` `.` `…`: a JWT's three segments (the payload may be empty,
/// as in a compact PASSporT).
fn jwts(b: &[u8], class: &mut [Class]) {
    let mut i = 0;
    while i + 3 <= b.len() {
        if &b[i..i + 3] != b"eyJ" || (i > 0 && b64url(b[i - 1])) {
            i += 1;
            continue;
        }
        let seg = |from: usize| {
            let mut j = from;
            while j < b.len() && b64url(b[j]) {
                j += 1;
            }
            j
        };
        let h_end = seg(i);
        if h_end - i < 10 || b.get(h_end) != Some(&b'.') {
            i = h_end;
            continue;
        }
        let p_end = seg(h_end + 1);
        if b.get(p_end) != Some(&b'.') {
            i = p_end;
            continue;
        }
        let s_end = seg(p_end + 1);
        class[i..h_end].fill(Class::JwtHeader);
        class[h_end] = Class::JwtDot;
        class[h_end + 1..p_end].fill(Class::JwtPayload);
        class[p_end] = Class::JwtDot;
        class[p_end + 1..s_end].fill(Class::JwtSignature);
        i = s_end;
    }
}

/// The layout of `text` with its runs, in monospace.
pub fn job(text: &str, runs: &[Run], font: FontId, v: &Visuals) -> LayoutJob {
    let mut job = LayoutJob {
        text: text.to_owned(),
        ..Default::default()
    };
    for r in runs {
        let mut format = TextFormat {
            font_id: font.clone(),
            color: theme::paste_color(r.class, v),
            ..Default::default()
        };
        if r.problem {
            format.underline = Stroke::new(2.0, theme::PASTE_PROBLEM);
            format.background = theme::paste_problem_bg(v);
        }
        job.sections.push(egui::text::LayoutSection {
            leading_space: 0.0,
            byte_range: r.range.start.into()..r.range.end.into(),
            format,
        });
    }
    job
}

/// The last layout, kept while the text, problems and theme stay the same.
#[derive(Default)]
pub struct Cache {
    key: Option<(u64, bool)>,
    job: LayoutJob,
    /// How many times the text was scanned (tests check the cache holds).
    pub scans: u64,
}

impl Cache {
    /// The layout job for `text`, from the cache when nothing changed.
    /// With `redact`, numbers are masked first (screen sharing); the mask
    /// keeps the character count, so locations still line up. Masking and
    /// scanning happen only when something changed.
    pub fn job(
        &mut self,
        text: &str,
        redact: bool,
        problems: &[crate::Location],
        font: FontId,
        v: &Visuals,
    ) -> LayoutJob {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        redact.hash(&mut h);
        problems.hash(&mut h);
        font.hash(&mut h);
        let key = (h.finish(), v.dark_mode);
        if self.key != Some(key) {
            self.scans += 1;
            let masked;
            let shown = if redact {
                masked = crate::report::redact::mask_numbers(text, &Default::default());
                masked.as_str()
            } else {
                text
            };
            let offsets = byte_offsets(shown, problems);
            self.job = job(shown, &runs(shown, &offsets), font, v);
            self.key = Some(key);
        }
        self.job.clone()
    }

    /// Forget the cached copy of the paste (on exit, like the paste itself).
    pub fn wipe(&mut self) {
        use zeroize::Zeroize;
        self.job.text.zeroize();
        self.job.sections.clear();
        self.key = None;
    }

    /// The text of each underlined (problem) stretch of the last layout.
    pub fn underlined(&self) -> Vec<&str> {
        self.job
            .sections
            .iter()
            .filter(|s| s.format.underline.width > 0.0)
            .filter_map(|s| self.job.text.get(s.byte_range.start.0..s.byte_range.end.0))
            .collect()
    }
}

/// Byte offsets of 1-based line/column locations (columns count characters).
pub fn byte_offsets(text: &str, locs: &[crate::Location]) -> Vec<usize> {
    if locs.is_empty() {
        return Vec::new();
    }
    let index = crate::model::LineIndex::new(text);
    locs.iter().map(|l| index.offset(*l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(text: &str, needle: &str) -> Class {
        let at = text.find(needle).unwrap_or(usize::MAX);
        runs(text, &[])
            .into_iter()
            .find(|r| r.range.contains(&at))
            .map_or(Class::Plain, |r| r.class)
    }

    #[test]
    fn a_jwt_has_three_coloured_segments() {
        let t =
            "Identity: eyJhbGciOiJFUzI1NiJ9.eyJvcmlnIjp7fX0.c2ln;info=<https://x/c.pem>;ppt=shaken";
        assert_eq!(class_of(t, "Identity"), Class::Key);
        assert_eq!(class_of(t, "eyJhbGci"), Class::JwtHeader);
        assert_eq!(class_of(t, "eyJvcmln"), Class::JwtPayload);
        assert_eq!(class_of(t, "c2ln"), Class::JwtSignature);
        assert_eq!(class_of(t, ";info="), Class::Param);
        assert_eq!(class_of(t, ";ppt="), Class::Param);
        assert_eq!(class_of(t, "shaken"), Class::Plain);
        // A compact PASSporT: empty payload.
        let c = "eyJhbGciOiJFUzI1NiJ9..c2ln";
        assert_eq!(class_of(c, "c2ln"), Class::JwtSignature);
        // Not a JWT: one dot only.
        assert_eq!(class_of("eyJhbGciOiJFUzI1NiJ9.abc", "eyJ"), Class::Plain);
    }

    #[test]
    fn keys_of_forms_and_json() {
        let o = "{\n  Called: '+1555',\n  StirVerstat: 'TN-Validation-Passed-A'\n}";
        assert_eq!(class_of(o, "Called"), Class::Key);
        assert_eq!(class_of(o, "StirVerstat"), Class::Key);
        assert_eq!(class_of(o, "TN-Validation"), Class::Plain);
        let f = "CallSid=CA1&StirVerstat=TN-Validation-Passed-A&From=%2B1";
        assert_eq!(class_of(f, "StirVerstat"), Class::Key);
        assert_eq!(class_of(f, "TN-Validation"), Class::Plain);
        let j = r#"{"StirVerstat": "TN-Validation-Passed-A", "a\"b": 1}"#;
        assert_eq!(class_of(j, "StirVerstat"), Class::Key);
        assert_eq!(class_of(j, "TN-Validation"), Class::Plain);
        assert_eq!(class_of(j, "a\\\"b"), Class::Key);
    }

    #[test]
    fn problems_are_underlined_to_the_end_of_their_word() {
        let t = "From: <sip:+1555@x>\nIdentity: bogus;ppt=shaken\n";
        let at = t.find("bogus").unwrap_or(0);
        let r = runs(t, &[at]);
        let under: Vec<&str> = r
            .iter()
            .filter(|r| r.problem)
            .map(|r| &t[r.range.clone()])
            .collect();
        assert_eq!(under.concat(), "bogus;ppt=shaken");
        // Out of range and at the very end: no panic.
        runs(t, &[t.len(), t.len() + 5]);
    }

    #[test]
    fn runs_cover_the_text_on_char_boundaries() {
        for t in [
            "",
            "é\"ü\":ñ&=x",
            "eyJ€€€€€€€€€€.x.y",
            "a;b=😀&c=d;",
            "\"unterminated",
            "x: y\n:\n;=\n",
        ] {
            let r = runs(t, &[0, 1, 2, 3]);
            let mut at = 0;
            for run in &r {
                assert_eq!(run.range.start, at);
                assert!(t.is_char_boundary(run.range.end), "{t:?}");
                at = run.range.end;
            }
            assert_eq!(at, t.len());
        }
    }

    #[test]
    fn the_cache_scans_once_per_text() {
        let v = Visuals::dark();
        let mut c = Cache::default();
        let font = FontId::monospace(12.0);
        let a = c.job("a=1&b=2", false, &[], font.clone(), &v);
        let b = c.job("a=1&b=2", false, &[], font.clone(), &v);
        assert_eq!(a.sections.len(), b.sections.len());
        assert_eq!(c.scans, 1);
        c.job("a=1&b=3", false, &[], font.clone(), &v);
        let at = crate::Location { line: 1, column: 3 };
        c.job("a=1&b=3", false, &[at], font.clone(), &v);
        assert_eq!(c.scans, 3);
        let masked = c.job("From=+14155550123", true, &[], FontId::monospace(12.0), &v);
        assert!(!masked.text.contains("4155550"), "{}", masked.text);
        assert_eq!(c.scans, 4);
        c.job("From=+14155550123", true, &[], FontId::monospace(12.0), &v);
        assert_eq!(c.scans, 4, "masking is cached too");
        c.wipe();
        assert!(c.job.text.is_empty());
        c.job("a=1&b=3", false, &[at], font, &v);
        assert_eq!(c.scans, 5, "a wiped cache scans again");
    }

    #[test]
    fn locations_become_byte_offsets() {
        let t = "ab\ncdé\nfg";
        let l = |line, column| crate::Location { line, column };
        let got = byte_offsets(t, &[l(1, 1), l(2, 3), l(2, 9), l(3, 2), l(9, 1)]);
        assert_eq!(got, vec![0, 5, 7, 9, t.len()]);
    }
}
