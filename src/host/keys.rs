//! Key material and secrets from the machine: certificate, key and CRL
//! files (one list of the extensions each kind has), folders of trust
//! anchors, the auth token from the environment or a file, and the clock.

use std::path::{Path, PathBuf};

use crate::{KeyFile, Secret};

/// Extensions of the files a certificate or key dialog offers.
pub const KEY_EXTENSIONS: [&str; 8] = ["pem", "crt", "cer", "der", "cert", "pub", "jwk", "json"];
/// Extensions of the files a CRL dialog offers.
pub const CRL_EXTENSIONS: [&str; 3] = ["crl", "der", "pem"];

/// Certificate file extensions read from a trust-anchor directory.
pub const CERT_EXTENSIONS: [&str; 5] = ["pem", "crt", "cer", "der", "cert"];
/// At most this many files are read from one directory.
const MAX_DIR_FILES: usize = 2000;

/// A certificate file, or every certificate file of a directory (sorted by
/// name; other files and subdirectories are skipped).
pub fn read_cert_path(p: &Path) -> Result<Vec<KeyFile>, String> {
    let meta = std::fs::metadata(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    if !meta.is_dir() {
        return read_key_file(p).map(|k| vec![k]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(p)
        .map_err(|e| format!("cannot list {}: {e}", p.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.is_file())
        .filter(|f| {
            f.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| CERT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        })
        .take(MAX_DIR_FILES)
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{} holds no certificate files (.pem, .crt, .cer, .der)",
            p.display()
        ));
    }
    files.iter().map(|f| read_key_file(f)).collect()
}

pub fn read_key_file(p: &Path) -> Result<KeyFile, String> {
    let meta = std::fs::metadata(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    if meta.len() > 4 * 1024 * 1024 {
        return Err(format!(
            "{} is larger than 4 MiB: not a certificate file",
            p.display()
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    Ok(KeyFile {
        name: p.display().to_string(),
        bytes,
    })
}

/// Read the auth token without ever echoing it.
pub fn read_token(env: Option<&str>, file: Option<&Path>) -> Result<Option<Secret>, String> {
    if let Some(name) = env {
        return match std::env::var(name) {
            Ok(v) if !v.trim().is_empty() => Ok(Some(Secret::new(v.trim()))),
            Ok(_) => Err(format!("environment variable {name} is empty")),
            Err(_) => Err(format!("environment variable {name} is not set")),
        };
    }
    if let Some(p) = file {
        let s = std::fs::read_to_string(p)
            .map_err(|e| format!("cannot read the auth token file {}: {e}", p.display()))?;
        let s = s.trim();
        if s.is_empty() {
            return Err(format!("the auth token file {} is empty", p.display()));
        }
        return Ok(Some(Secret::new(s)));
    }
    Ok(None)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
