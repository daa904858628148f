//! A `curl` command line that creates a call (Twilio Calls or Participants
//! API): the URL and the form parameters it posts, shell quoting undone.

use super::text::percent_decode;

/// Split a shell command line into words: single and double quotes,
/// backslash escapes, and backslash-newline continuations.
pub fn words(cmd: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = cmd.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some('\r') => {}
                Some(x) => {
                    cur.push(x);
                    have = true;
                }
                None => {}
            },
            '\'' => {
                have = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("a single quote is not closed".into()),
                    }
                }
            }
            '"' => {
                have = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some('\n') => {}
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err("a double quote is not closed".into()),
                        },
                        Some(x) => cur.push(x),
                        None => return Err("a double quote is not closed".into()),
                    }
                }
            }
            c if c.is_whitespace() => {
                if have {
                    out.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            c => {
                cur.push(c);
                have = true;
            }
        }
        if out.len() > 500 {
            return Err("too many words".into());
        }
    }
    if have {
        out.push(cur);
    }
    Ok(out)
}

/// The URL a curl command posts to, and its form parameters.
pub type Posted = (Option<String>, Vec<(String, String)>);

/// The URL and the posted parameters of a curl command.
pub fn parse(cmd: &str) -> Result<Posted, String> {
    let w = words(cmd)?;
    if w.first().map(String::as_str) != Some("curl") {
        return Err("not a curl command".into());
    }
    let mut url = None;
    let mut params = Vec::new();
    let mut i = 1;
    while i < w.len() {
        let a = w[i].as_str();
        let takes_value = |name: &str| a == name || a.starts_with(&format!("{name}="));
        let value = |i: &mut usize| -> Option<String> {
            if let Some((_, v)) = a.split_once('=').filter(|_| a.starts_with("--")) {
                return Some(v.to_string());
            }
            *i += 1;
            w.get(*i).cloned()
        };
        if takes_value("--data-urlencode") {
            if let Some(v) = value(&mut i) {
                let (k, val) = v.split_once('=').unwrap_or(("", v.as_str()));
                params.push((k.to_string(), val.to_string()));
            }
        } else if a == "-d"
            || takes_value("--data")
            || takes_value("--data-raw")
            || takes_value("--data-ascii")
        {
            if let Some(v) = value(&mut i) {
                for pair in v.split('&') {
                    let (k, val) = pair.split_once('=').unwrap_or((pair, ""));
                    params.push((percent_decode(k, true).0, percent_decode(val, true).0));
                }
            }
        } else if a == "-u"
            || a == "-X"
            || a == "-H"
            || takes_value("--user")
            || takes_value("--request")
            || takes_value("--header")
        {
            let _ = value(&mut i);
        } else if a.starts_with("http://") || a.starts_with("https://") {
            url = Some(a.to_string());
        }
        i += 1;
    }
    Ok((url, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_parameters() {
        let cmd = "curl -X POST \"https://api.twilio.com/2010-04-01/Accounts/$SID/Calls.json\" \\\n  --data-urlencode 'CallToken={\"a\":\"it'\\''s\"}' \\\n  -d 'From=%2B12222222222&To=%2B15555555555' -u \"$SID:$TOKEN\"";
        let (url, p) = parse(cmd).unwrap();
        assert!(url.unwrap().ends_with("/Calls.json"));
        assert_eq!(p[0], ("CallToken".into(), "{\"a\":\"it's\"}".into()));
        assert_eq!(p[1], ("From".into(), "+12222222222".into()));
        assert_eq!(p[2], ("To".into(), "+15555555555".into()));
        assert!(parse("curl 'unterminated").is_err());
    }
}
