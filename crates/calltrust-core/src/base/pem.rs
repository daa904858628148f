//! PEM (RFC 7468): the `-----BEGIN X-----` blocks of a text, decoded.

use base64::Engine as _;

/// One PEM block: its label and its decoded body (or why it did not decode).
pub struct PemBlock {
    pub label: String,
    pub der: Result<Vec<u8>, String>,
}

/// Extract `-----BEGIN X-----` … `-----END X-----` blocks.
pub fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = after[..label_end].trim().to_string();
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_start.find(&end_marker) else {
            out.push(PemBlock {
                label,
                der: Err("the PEM block has no END line".into()),
            });
            break;
        };
        let body: String = body_start[..end]
            .lines()
            .filter(|l| !l.contains(':'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| format!("the PEM body is not valid base64: {e}"));
        out.push(PemBlock { label, der });
        rest = &body_start[end + end_marker.len()..];
        if out.len() > 1000 {
            break;
        }
    }
    out
}
