//! One configuration file for the window and the command line (TOML, in the
//! platform's config directory): the trust anchors, CRLs, routing policy,
//! iat window, IP access list and redaction the window remembers are what
//! `calltrust inspect` and `batch` use too. A command-line flag or its
//! `CALLTRUST_*` variable replaces the file's value; `--config FILE` (or
//! `CALLTRUST_CONFIG`) names another file, `--config none` reads none.
//! Never holds a payload, a token or a key.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file's contents. Unknown keys are an error (a typo must not be
/// silently ignored).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Trust anchor files, or folders whose every certificate file is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trust_anchors: Vec<PathBuf>,
    /// Certificate revocation lists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crls: Vec<PathBuf>,
    /// Allowed iat age in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
    /// Mask phone numbers in reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redact: Option<bool>,
    /// The IP access list for SIP sources (CIDRs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allow_ips: Vec<String>,
    /// The attestation routing policy (the window's editor writes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing: Option<crate::routing::Policy>,
    /// The window's own preferences (theme, copy format, …), kept as the
    /// window wrote them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<toml::Table>,
}

/// Which file, and why that one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--config FILE` or `CALLTRUST_CONFIG`.
    Given(PathBuf),
    /// The platform's config directory.
    Default(PathBuf),
    /// `--config none`, or no config directory on this system.
    None,
}

impl Source {
    /// The file, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Given(p) | Source::Default(p) => Some(p),
            Source::None => None,
        }
    }
}

/// The platform's directories for calltrust (`~/.config/calltrust`,
/// `%APPDATA%\calltrust`, `~/Library/Application Support/calltrust`).
pub fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "calltrust")
}

/// Where logs and crash reports go: the state directory where the platform
/// has one, else the local data directory.
pub fn state_dir() -> Option<PathBuf> {
    let d = dirs()?;
    Some(
        d.state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| d.data_local_dir().to_path_buf()),
    )
}

/// The file to read: `given` (from `--config` or `CALLTRUST_CONFIG`) if
/// any, else the default.
pub fn source(given: Option<&Path>) -> Source {
    match given {
        Some(p) if p.as_os_str() == "none" => Source::None,
        Some(p) => Source::Given(p.to_path_buf()),
        None => match dirs() {
            Some(d) => Source::Default(d.config_dir().join("config.toml")),
            None => Source::None,
        },
    }
}

/// Read the configuration. A default file that does not exist is an empty
/// configuration; a named file that does not exist, or any file that does
/// not parse, is an error that says where.
pub fn load(src: &Source) -> Result<Config, String> {
    let (path, named) = match src {
        Source::None => return Ok(Config::default()),
        Source::Given(p) => (p, true),
        Source::Default(p) => (p, false),
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ));
        }
    };
    parse(&text).map_err(|e| format!("config file {}: {e}", path.display()))
}

/// Parse a configuration; errors name the line and column.
pub fn parse(text: &str) -> Result<Config, String> {
    toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let loc = crate::model::location_of(text, s.start);
                format!("line {}, column {}: ", loc.line, loc.column)
            })
            .unwrap_or_default();
        format!("{at}{}", e.message())
    })
}

/// Write the configuration (the window does, when its settings change),
/// through a temporary file so a crash never leaves half a file.
pub fn save(path: &Path, c: &Config) -> Result<(), String> {
    let text = toml::to_string(c).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("toml.tmp");
    let header = "# calltrust configuration: read by the window and by `calltrust inspect` and `batch`.\n# A command-line flag or CALLTRUST_* variable replaces a value here.\n\n";
    std::fs::write(&tmp, format!("{header}{text}"))
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_reads_back_what_was_written_and_names_typos() {
        let c = Config {
            trust_anchors: vec![PathBuf::from("/etc/sti/roots")],
            crls: vec![PathBuf::from("/etc/sti/ca.crl")],
            max_age: Some(90),
            redact: Some(true),
            allow_ips: vec!["203.0.113.0/24".into()],
            routing: Some(crate::routing::Policy::default()),
            window: None,
        };
        let text = toml::to_string(&c).unwrap();
        assert_eq!(parse(&text).unwrap(), c);
        let e = parse("max_age = 60\ntrust_anchor = []\n").unwrap_err();
        assert!(e.starts_with("line 2, column 1: "), "{e}");
        assert!(e.contains("trust_anchor"), "{e}");
        assert_eq!(source(Some(Path::new("none"))), Source::None);
        assert_eq!(load(&Source::None).unwrap(), Config::default());
        let missing = Source::Given(PathBuf::from("/nonexistent/calltrust.toml"));
        assert!(
            load(&missing)
                .unwrap_err()
                .contains("/nonexistent/calltrust.toml")
        );
        let default_missing = Source::Default(PathBuf::from("/nonexistent/calltrust.toml"));
        assert_eq!(load(&default_missing).unwrap(), Config::default());
    }
}
