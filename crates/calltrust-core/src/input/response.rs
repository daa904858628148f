//! A pasted SIP response (`SIP/2.0 438 Invalid Identity Header`) with its
//! `Reason` headers (RFC 3326; `STIR` causes, RFC 9410): what the far end
//! answered to a call's Identity.

/// One `Reason` header value: `SIP ;cause=438 ;text="…"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub protocol: String,
    pub cause: Option<u16>,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SipResponse {
    pub code: u16,
    pub phrase: String,
    pub reasons: Vec<Reason>,
    /// 1-based line of the status line in the paste.
    pub line: usize,
}

impl SipResponse {
    /// The STIR code the far end gave: the status code when it is one, else
    /// a `Reason` cause (a STIR cause can ride on a 200 or 183).
    pub fn stir_code(&self) -> Option<u16> {
        if is_stir(self.code) {
            return Some(self.code);
        }
        self.reasons
            .iter()
            .filter_map(|r| r.cause)
            .find(|c| is_stir(*c))
    }
}

/// Codes RFC 8224 / RFC 8688 give STIR meaning.
pub fn is_stir(code: u16) -> bool {
    matches!(code, 403 | 428 | 433 | 436 | 437 | 438 | 608)
}

/// `SIP/2.0 NNN phrase` → (code, phrase).
pub fn status_line(line: &str) -> Option<(u16, String)> {
    let rest = line.trim().strip_prefix("SIP/2.0 ")?;
    let (code, phrase) = rest.split_once(' ').unwrap_or((rest, ""));
    let code: u16 = code.trim().parse().ok()?;
    (100..700)
        .contains(&code)
        .then(|| (code, phrase.trim().to_string()))
}

fn parse_reason(value: &str) -> Vec<Reason> {
    // Several reasons may share one header, comma-separated (outside quotes).
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in value.chars().chain(std::iter::once(',')) {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' if !quoted => {
                let part = std::mem::take(&mut cur);
                let mut pieces = part.split(';');
                let protocol = pieces.next().unwrap_or("").trim().to_string();
                if protocol.is_empty() {
                    continue;
                }
                let mut r = Reason {
                    protocol,
                    cause: None,
                    text: None,
                };
                for p in pieces {
                    let Some((k, v)) = p.split_once('=') else {
                        continue;
                    };
                    match k.trim().to_ascii_lowercase().as_str() {
                        "cause" => r.cause = v.trim().parse().ok(),
                        "text" => r.text = Some(v.trim().trim_matches('"').to_string()),
                        _ => {}
                    }
                }
                out.push(r);
            }
            c => cur.push(c),
        }
    }
    out
}

/// Parse a response starting at `text` (its first line is the status line).
pub fn parse(text: &str, first_line_no: usize) -> Option<SipResponse> {
    let mut lines = text.lines();
    let (code, phrase) = status_line(lines.next()?)?;
    let mut reasons = Vec::new();
    for l in lines.take(200) {
        if l.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.trim().eq_ignore_ascii_case("Reason")
        {
            reasons.extend(parse_reason(v));
        }
    }
    Some(SipResponse {
        code,
        phrase,
        reasons,
        line: first_line_no,
    })
}

/// What a code means for STIR/SHAKEN.
pub fn meaning(code: u16) -> &'static str {
    match code {
        428 => {
            "Use Identity Header: the verifier requires an Identity header and the request had none (RFC 8224 §6.2.2). The call was not signed, or a proxy stripped the header."
        }
        436 => {
            "Bad Identity Info: the verifier could not use the certificate location — the x5u/info URL is missing, malformed, not equal to the PASSporT's x5u, or could not be fetched (RFC 8224 §6.2.2)."
        }
        437 => {
            "Unsupported Credential: the verifier got the certificate but cannot accept it — wrong key type or algorithm, expired, revoked, or not chained to an STI-CA it trusts (RFC 8224 §6.2.2)."
        }
        438 => {
            "Invalid Identity Header: the PASSporT is malformed, its signature does not verify, or its claims (orig, dest, attest, ppt) do not match the call (RFC 8224 §6.2.2)."
        }
        403 => {
            "Stale Date (when the phrase says so): the Date header, or the PASSporT's iat, is outside the verifier's freshness window (RFC 8224 §6.2.1). A 403 with another phrase is a plain refusal."
        }
        433 => "Anonymity Disallowed: the verifier refuses calls without a usable caller ID.",
        608 => {
            "Rejected: an intermediary (an analytics engine) rejected the call; RFC 8688 says a Call-Info header should tell whom to contact about it."
        }
        603 => "Decline: the callee or its network declined the call; not a STIR answer by itself.",
        c if (200..300).contains(&c) => {
            "Success: the call was accepted; a STIR cause in a Reason header says what the verifier found without rejecting."
        }
        c if (100..200).contains(&c) => {
            "Provisional: the call is progressing; a STIR cause in a Reason header says what the verifier found."
        }
        _ => "Not a STIR/SHAKEN answer by itself.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_codes() {
        let r = parse(
            "SIP/2.0 183 Session Progress\r\nReason: SIP ;cause=438 ;text=\"Invalid Identity Header\", Q.850;cause=16\r\n\r\n",
            1,
        )
        .unwrap();
        assert_eq!(r.code, 183);
        assert_eq!(r.reasons.len(), 2);
        assert_eq!(r.reasons[0].cause, Some(438));
        assert_eq!(
            r.reasons[0].text.as_deref(),
            Some("Invalid Identity Header")
        );
        assert_eq!(r.stir_code(), Some(438));
        assert_eq!(
            status_line("SIP/2.0 437 Unsupported Credential"),
            Some((437, "Unsupported Credential".into()))
        );
        assert_eq!(status_line("SIP/2.0 abc"), None);
    }
}
