//! A minimal, bounds-checked DER reader (X.690) for the few structures the
//! X.509 library does not decode for us (TNAuthList, ECDSA-Sig-Value).

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
}

/// Read one TLV; returns it and the rest. Only definite lengths (DER).
pub fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    let (&tag, rest) = input
        .split_first()
        .ok_or("no data where a DER element was expected")?;
    if tag & 0x1f == 0x1f {
        return Err("multi-byte DER tags are not expected here".into());
    }
    let (&len0, rest) = rest.split_first().ok_or("the DER element has no length")?;
    let (len, rest) = if len0 < 0x80 {
        (len0 as usize, rest)
    } else {
        let n = (len0 & 0x7f) as usize;
        if n == 0 || n > 4 {
            return Err("the DER length is indefinite or too large".into());
        }
        if rest.len() < n {
            return Err("the DER length is cut off".into());
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | b as usize;
        }
        (len, &rest[n..])
    };
    if rest.len() < len {
        return Err(format!(
            "the DER element claims {len} bytes but only {} remain",
            rest.len()
        ));
    }
    Ok((
        Tlv {
            tag,
            content: &rest[..len],
        },
        &rest[len..],
    ))
}

/// Read one TLV, refusing what DER forbids: a long-form length that would
/// fit the short form or has a leading zero byte.
pub fn read_strict(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    if let Some(&len0) = input.get(1)
        && len0 & 0x80 != 0
    {
        let n = (len0 & 0x7f) as usize;
        let bytes = input.get(2..2 + n).ok_or("the DER length is cut off")?;
        if bytes.first() == Some(&0) || (n == 1 && bytes[0] < 0x80) {
            return Err("the DER length is not minimally encoded".into());
        }
    }
    read(input)
}

/// All elements of a constructed value's content.
pub fn children(mut content: &[u8]) -> Result<Vec<Tlv<'_>>, String> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (t, rest) = read(content)?;
        out.push(t);
        content = rest;
        if out.len() > 10_000 {
            return Err("too many DER elements".into());
        }
    }
    Ok(out)
}

pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const IA5STRING: u8 = 0x16;

/// A non-negative INTEGER's value (up to 64 bits).
pub fn uint(content: &[u8]) -> Option<u64> {
    let c = match content {
        [0, rest @ ..] if !rest.is_empty() => rest,
        c => c,
    };
    if c.is_empty() || c.len() > 8 || c[0] & 0x80 != 0 && content.len() == c.len() {
        return None;
    }
    Some(c.iter().fold(0u64, |a, &b| (a << 8) | b as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested() {
        let d = [0x30, 0x05, 0xa0, 0x03, 0x16, 0x01, b'1'];
        let (seq, rest) = read(&d).unwrap();
        assert!(rest.is_empty());
        let kids = children(seq.content).unwrap();
        assert_eq!(kids[0].tag, 0xa0);
        let (inner, _) = read(kids[0].content).unwrap();
        assert_eq!(inner.tag, IA5STRING);
        assert_eq!(inner.content, b"1");
    }

    #[test]
    fn rejects_bad_lengths() {
        assert!(read(&[0x30, 0x05, 0x00]).is_err());
        assert!(read(&[0x30, 0x80]).is_err());
        assert!(read(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(read(&[]).is_err());
        assert_eq!(uint(&[0x00, 0x80]), Some(128));
        assert_eq!(uint(&[0x32]), Some(50));
    }
}
