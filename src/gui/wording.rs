//! The window speaks of its own controls. Findings, hints and reports are
//! written once in the core, naming the command line's options; the window
//! shows (and copies) them with the name of the control that does the same.

use std::borrow::Cow;

/// (what the core says, what the window says), longest first so that
/// `--cert-for-any-x5u` is replaced before `--cert`.
const WORDS: &[(&str, &str)] = &[
    (
        "--auth-token-env NAME or --auth-token-file FILE",
        "the auth token field of the Webhook signature tab",
    ),
    (
        "--auth-token-env NAME | --auth-token-file FILE",
        "the auth token field of the Webhook signature tab",
    ),
    (
        "--cert-for-any-x5u",
        "“Use them for every token” on the Certificates & trust tab",
    ),
    (
        "--trust-anchor FILE|DIR",
        "Add trust anchor… or Add trust anchor folder… on the Certificates & trust tab",
    ),
    (
        "--trust-anchor FILE",
        "Add trust anchor… on the Certificates & trust tab",
    ),
    (
        "--trust-anchor",
        "Add trust anchor… on the Certificates & trust tab",
    ),
    ("--routing-policy FILE", "the routing policy in Settings"),
    ("--routing-policy", "the routing policy in Settings"),
    (
        "--fetch-x5u",
        "Fetch x5u certificates on the Certificates & trust tab",
    ),
    ("--fetch-crl", "Fetch CRLs on the Certificates & trust tab"),
    ("--fetch-rcd", "Fetch RCD content on the PASSporTs tab"),
    ("--allow-ip CIDR", "the IP access list in Settings"),
    ("--allow-ip", "the IP access list in Settings"),
    ("--max-age", "the iat window"),
    (
        "--cert FILE",
        "Add certificate… on the Certificates & trust tab",
    ),
    ("--cert", "Add certificate… on the Certificates & trust tab"),
    ("--crl FILE", "Add CRL… on the Certificates & trust tab"),
    ("--crl", "Add CRL… on the Certificates & trust tab"),
    (
        "--at",
        "the reference time (a given time, under the paste box)",
    ),
    ("--url", "the URL field of the Webhook signature tab"),
    (
        "--signature",
        "the signature field of the Webhook signature tab",
    ),
    ("--redact", "Redact numbers"),
    ("--snippets", "the window's Forward this call"),
];

/// `s` with every command-line option named by the window control that
/// does the same.
pub fn window(s: &str) -> Cow<'_, str> {
    if !s.contains("--") {
        return Cow::Borrowed(s);
    }
    let mut out = s.to_string();
    for (cli, win) in WORDS {
        if out.contains(cli) {
            out = replace_option(&out, cli, win);
        }
    }
    Cow::Owned(out)
}

/// Replace `cli` where it stands as a whole option (not as the start of a
/// longer one).
fn replace_option(s: &str, cli: &str, win: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find(cli) {
        let after = rest[p + cli.len()..].chars().next();
        let whole = !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
        out.push_str(&rest[..p]);
        out.push_str(if whole { win } else { cli });
        rest = &rest[p + cli.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_become_controls() {
        assert_eq!(
            window("pass it with --cert FILE."),
            "pass it with Add certificate… on the Certificates & trust tab."
        );
        assert!(window("say --cert-for-any-x5u").contains("Use them for every token"));
        assert!(!window("give --at (or the GUI's field)").contains("--at"));
        assert_eq!(window("no options here"), "no options here");
    }
}
