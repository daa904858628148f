//! Small helpers the window's panels share: sizes, file names, the paste
//! box's preview limit, a DER certificate as PEM.

/// Above this size the paste box shows a read-only preview (laying out
/// megabytes of text every frame would freeze the window).
pub const PREVIEW_LIMIT: usize = 200 * 1024;

pub fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

pub fn human_bytes(n: usize) -> String {
    match n {
        n if n < 1024 => format!("{n} bytes"),
        n if n < 1024 * 1024 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
    }
}

/// A binary DER certificate, re-encoded as PEM for the paste box.
pub fn der_certificate_as_pem(bytes: &[u8]) -> Option<String> {
    use base64::Engine as _;
    if bytes.first() != Some(&0x30) || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let (rest, _) = x509_parser::parse_x509_certificate(bytes).ok()?;
    let der = &bytes[..bytes.len() - rest.len()];
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    Some(format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    ))
}
