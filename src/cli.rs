//! The command-line front end (SPEC §7). It gathers inputs, calls the core and
//! prints the report; it decides nothing the core could decide.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{
    Format, KeyFile, Options, Secret, WebhookOptions, fetch, input, inspect_bytes, timefmt,
    webhook_sig,
};

const EXAMPLES: &str = "\
Input forms (detected automatically; no mode to pick):

  Twilio webhook, form body      Called=%2B15555555555&From=%2B12222222222&StirVerstat=TN-Validation-Passed-A
  Twilio webhook, JSON           {\"From\": \"+12222222222\", \"StirVerstat\": \"TN-Validation-Passed-A\", ...}
  Twilio webhook, Node console   { Called: '+15555555555', StirVerstat: 'TN-Validation-Passed-A' ... }
  Key/Value lines                From: +12222222222        (or From=+12222222222, one per line)
  Raw HTTP request               POST /voice HTTP/1.1 / Host: ... / X-Twilio-Signature: ... / (blank) / body
  CallToken                      %7B%22parentCallInfoToken%22%3A%22eyJ...   (or the decoded JSON)
  SIP INVITE                     INVITE sip:+15555555555@... SIP/2.0 / From / To / Identity: eyJ...;info=<...>
  Identity header value          eyJhbGciOi...;info=<https://cert.example.org/sp.pem>;alg=ES256;ppt=shaken
  PASSporT(s)                    eyJhbGciOi....eyJhdHRlc3Qi....signature   (several, one per line)
  verstat value                  TN-Validation-Passed-A

Examples:
  calltrust inspect assets/samples/twilio-forwarding-webhook.txt
  pbpaste | calltrust inspect - --format markdown
  calltrust inspect invite.txt --at 2026-11-22T09:30:00Z --max-age 60 --redact
  calltrust inspect invite.txt --cert sp-bundle.pem --trust-anchor sti-ca-roots.pem
  calltrust inspect invite.txt --fetch-x5u --trust-anchor sti-ca-roots.pem
  TWILIO_AUTH_TOKEN=... calltrust inspect request.txt --auth-token-env TWILIO_AUTH_TOKEN
  calltrust inspect body.txt --url 'https://example.com/voice' --signature 'abc=' --auth-token-file token.txt
  calltrust sign-webhook --url https://example.com/voice --auth-token-env TWILIO_AUTH_TOKEN body.txt

Exit status: 0 no error findings, 1 error findings, 2 unusable arguments or unreadable input.";

#[derive(Parser, Debug)]
#[command(name = "calltrust", version, about = "Call-trust inspector: STIR/SHAKEN PASSporTs, Twilio verstat, CallTokens and webhook signatures.", long_about = None, after_long_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the inspector window with this file loaded (GUI only).
    #[arg(long, value_name = "FILE", global = false)]
    pub open: Option<PathBuf>,
    #[command(flatten)]
    pub window: WindowArgs,
}

/// Certificates, anchors and CRLs for the window, for this session only
/// (those added in the window itself are remembered as before).
#[derive(Args, Debug, Clone, Default)]
pub struct WindowArgs {
    /// Window: certificate, bundle or key to verify with (repeatable).
    #[arg(long = "cert", value_name = "FILE")]
    pub certs: Vec<PathBuf>,
    /// Window: trust anchor file or folder (repeatable).
    #[arg(long = "trust-anchor", value_name = "FILE|DIR")]
    pub anchors: Vec<PathBuf>,
    /// Window: certificate revocation list (repeatable).
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Inspect a pasted payload and print a report.
    #[command(after_long_help = EXAMPLES)]
    Inspect(InspectArgs),
    /// Inspect many payloads in one pass: a folder of payload files, JSON
    /// lines, a SIP log, a CSV or a pcap/pcapng capture; one row per payload.
    #[command(after_long_help = BATCH_EXAMPLES)]
    Batch(BatchArgs),
    /// Print the X-Twilio-Signature Twilio would send for a request body.
    SignWebhook(SignArgs),
    /// The finding catalogue: every id with its severities, title, meaning,
    /// what to do and the clause it comes from.
    Findings(FindingsArgs),
}

#[derive(Args, Debug)]
pub struct FindingsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: CatalogueFormat,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    Json,
    Markdown,
}

pub fn run_findings(a: FindingsArgs) -> ExitCode {
    print_out(
        match a.format {
            CatalogueFormat::Json => crate::catalogue::json(),
            CatalogueFormat::Markdown => crate::catalogue::markdown(),
        }
        .trim_end(),
    );
    ExitCode::SUCCESS
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Json,
    Markdown,
    Text,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Text => Format::Text,
        }
    }
}

#[derive(Args, Debug, Clone, Default)]
#[group(multiple = false)]
pub struct TokenArgs {
    /// Read the Twilio auth token from this environment variable.
    #[arg(long, value_name = "NAME")]
    pub auth_token_env: Option<String>,
    /// Read the Twilio auth token from this file.
    #[arg(long, value_name = "FILE")]
    pub auth_token_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// File to inspect, or - for standard input (the default).
    #[arg(value_name = "FILE|-")]
    pub file: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Include the requests that forward the call with its CallToken (curl,
    /// Twilio CLI, Node, Python) in a Markdown or text report.
    #[arg(long)]
    pub snippets: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The options `inspect` and `batch` share: how each payload is judged.
#[derive(Args, Debug, Clone, Default)]
pub struct CommonArgs {
    /// Reference time for iat: Unix seconds or RFC 3339 (a SIP Date header wins).
    #[arg(long, value_name = "UNIX|RFC3339")]
    pub at: Option<String>,
    /// Allowed iat age in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub max_age: u64,
    /// Mask the middle digits of every phone number.
    #[arg(long)]
    pub redact: bool,
    /// Certificate, bundle, PEM public key or JWK to verify signatures with (repeatable).
    #[arg(long, value_name = "FILE")]
    pub cert: Vec<PathBuf>,
    /// Trust anchor(s): a PEM bundle of STI-CA roots, or a directory of them
    /// (every .pem/.crt/.cer/.der file in it) (repeatable).
    #[arg(long, value_name = "FILE|DIR")]
    pub trust_anchor: Vec<PathBuf>,
    /// Certificate revocation list (DER or PEM) to check every chain link against (repeatable).
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// Fetch the certificates named by x5u (https only; the only network access calltrust makes).
    #[arg(long)]
    pub fetch_x5u: bool,
    /// Treat every --cert as a candidate signer of every token, whatever its
    /// x5u names: a signature none of them verifies is then invalid. Without
    /// it, a certificate is used for a token only when its file name matches
    /// the x5u or it verifies the signature; otherwise the signature is not checked.
    #[arg(long)]
    pub cert_for_any_x5u: bool,
    /// Fetch the content behind rich-call-data URLs that an rcdi digest covers
    /// (icon, jCard, logo; https only, public addresses, 1 MiB, no redirects)
    /// so the digests can be checked.
    #[arg(long)]
    pub fetch_rcd: bool,
    /// Routing policy (TOML): the verdict mapped to a branch of your call flow
    /// (see the README for an example).
    #[arg(long, value_name = "FILE")]
    pub routing_policy: Option<PathBuf>,
    /// IP access list for a pasted SIP message's source address (repeatable; CIDR or address).
    #[arg(long, value_name = "CIDR")]
    pub allow_ip: Vec<String>,
    /// Fetch the CRL distribution points of the chain's certificates (http or https as
    /// the certificate says; public addresses only; size and time capped; no redirects).
    #[arg(long)]
    pub fetch_crl: bool,
    /// The full URL Twilio requested (for X-Twilio-Signature).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The X-Twilio-Signature header value.
    #[arg(long, value_name = "SIG")]
    pub signature: Option<String>,
    #[command(flatten)]
    pub token: TokenArgs,
}

const BATCH_EXAMPLES: &str = "\
Sources (detected from the name and the first bytes):
  a folder                   every file in it (recursively, in name order); a file is one payload
                             unless it is a log, CSV or capture
  webhooks.jsonl             one payload per line (JSON lines, form bodies, tokens)
  proxy.log / sngrep.txt     SIP messages one after another
  cdr.csv                    --column NAME, a payload/body/message/identity column, or each row
                             as a webhook of its columns (From, To, StirVerstat, StirPassportToken)
  capture.pcap / .pcapng     SIP over UDP and TCP (streams reassembled), IPv4 and IPv6
  -                          standard input

Rows (jsonl): {\"source\", \"position\", \"kind\", \"outcome\", \"attestation\", \"verstat\",
  \"errors\": [ids], \"spc\", \"verifier_response\", \"headline\"}, in input order.

Examples:
  calltrust batch webhooks.jsonl --summary summary.json > rows.jsonl
  calltrust batch capture.pcapng --cert sp.pem --trust-anchor roots/ --format csv > calls.csv
  calltrust batch cdr.csv --column identity --summary summary.md

Exit status: 0 no payload with an error finding, 1 some, 2 unusable arguments or unreadable sources.";

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    Jsonl,
    Csv,
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Folders, files or - (standard input).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
    /// Row format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: RowFormat,
    /// Write the summary here (Markdown when the name ends in .md, else JSON).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// CSV: the column that holds the payloads.
    #[arg(long, value_name = "NAME")]
    pub column: Option<String>,
    /// SIP logs and captures: a row for every message, not only INVITEs,
    /// messages with Identity and STIR failure responses.
    #[arg(long)]
    pub all_messages: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// The full URL Twilio will request.
    #[arg(long, value_name = "URL")]
    pub url: String,
    #[command(flatten)]
    pub token: TokenArgs,
    /// Request body file (form or JSON), or - for standard input (the default).
    #[arg(value_name = "FILE|-")]
    pub file: Option<String>,
}

/// Print to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print_out(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{s}");
    let _ = out.flush();
}

/// Fail with exit status 2 and a message.
fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("calltrust: {msg}");
    ExitCode::from(2)
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, String> {
    let limit = (input::MAX_INPUT_BYTES + 1) as u64;
    let mut buf = Vec::new();
    match file {
        None | Some("-") => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                eprintln!("calltrust: reading the payload from standard input (end with Ctrl-D)…");
            }
            stdin
                .lock()
                .take(limit)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
        }
        Some(path) => {
            let f = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            if f.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(format!("{path} is a directory"));
            }
            f.take(limit)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read {path}: {e}"))?;
        }
    }
    Ok(buf)
}

/// Certificate file extensions read from a trust-anchor directory.
const CERT_EXTENSIONS: [&str; 5] = ["pem", "crt", "cer", "der", "cert"];
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

fn read_key_file(p: &Path) -> Result<KeyFile, String> {
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
pub fn read_token(t: &TokenArgs) -> Result<Option<Secret>, String> {
    if let Some(name) = &t.auth_token_env {
        return match std::env::var(name) {
            Ok(v) if !v.trim().is_empty() => Ok(Some(Secret::new(v.trim()))),
            Ok(_) => Err(format!("environment variable {name} is empty")),
            Err(_) => Err(format!("environment variable {name} is not set")),
        };
    }
    if let Some(p) = &t.auth_token_file {
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

/// The options every payload is judged with, from the shared arguments.
pub fn build_options(a: &CommonArgs) -> Result<Options, ExitCode> {
    let at = match a.at.as_deref().map(timefmt::parse_at).transpose() {
        Ok(v) => v,
        Err(e) => return Err(usage_error(format!("--at: {e}"))),
    };
    let mut certs = Vec::new();
    for p in &a.cert {
        match read_key_file(p) {
            Ok(k) => certs.push(k),
            Err(e) => return Err(usage_error(format!("--cert: {e}"))),
        }
    }
    let mut anchors = Vec::new();
    for p in &a.trust_anchor {
        match read_cert_path(p) {
            Ok(k) => anchors.extend(k),
            Err(e) => return Err(usage_error(format!("--trust-anchor: {e}"))),
        }
    }
    let mut crls = Vec::new();
    for p in &a.crl {
        match read_key_file(p) {
            Ok(k) => crls.push(k),
            Err(e) => return Err(usage_error(format!("--crl: {e}"))),
        }
    }
    let routing_policy = match &a.routing_policy {
        None => None,
        Some(p) => {
            let text = match std::fs::read_to_string(p) {
                Ok(t) => t,
                Err(e) => {
                    return Err(usage_error(format!(
                        "--routing-policy: cannot read {}: {e}",
                        p.display()
                    )));
                }
            };
            match crate::routing::parse(&text) {
                Ok(pol) => Some(pol),
                Err(e) => {
                    return Err(usage_error(format!(
                        "--routing-policy {}: {e}",
                        p.display()
                    )));
                }
            }
        }
    };
    let mut allow_ips = Vec::new();
    for c in &a.allow_ip {
        match crate::check::sip_security::Cidr::parse(c) {
            Ok(c) => allow_ips.push(c),
            Err(e) => return Err(usage_error(format!("--allow-ip: {e}"))),
        }
    }
    let token = match read_token(&a.token) {
        Ok(t) => t,
        Err(e) => return Err(usage_error(e)),
    };
    Ok(Options {
        now: now(),
        at,
        max_age: a.max_age,
        redact: a.redact,
        certs,
        trust_anchors: anchors,
        crls,
        allow_ips,
        routing_policy,
        fetched: Vec::new(),
        rcd_content: Vec::new(),
        webhook: WebhookOptions {
            url: a.url.clone(),
            signature: a.signature.clone(),
            auth_token: token,
        },
        cache: None,
        rows_only: false,
        any_cert_signs: a.cert_for_any_x5u,
    })
}

pub fn run_inspect(a: InspectArgs) -> ExitCode {
    let mut opts = match build_options(&a.common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let bytes = match read_input(a.file.as_deref()) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let mut report = if a.common.fetch_x5u {
        let fetch = |urls: &[String]| {
            eprintln!(
                "calltrust: fetching {} certificate URL(s) as requested by --fetch-x5u…",
                urls.len()
            );
            fetch::fetch_all(urls, &fetch::Policy::default())
        };
        let (report, fetched) = crate::batch::inspect_fetching(&bytes, &opts, &fetch);
        opts.fetched = fetched;
        report
    } else {
        inspect_bytes(&bytes, &opts)
    };
    if a.common.fetch_crl {
        let urls = fetch::crl_urls(&report);
        if urls.is_empty() {
            eprintln!(
                "calltrust: --fetch-crl: no certificate of a checked chain names a CRL distribution point"
            );
        } else {
            eprintln!(
                "calltrust: fetching {} CRL(s) as requested by --fetch-crl…",
                urls.len()
            );
            for f in fetch::fetch_crls(&urls, &fetch::Policy::for_crl()) {
                match f.result {
                    Ok(b) => opts.crls.push(KeyFile {
                        name: f.url,
                        bytes: b,
                    }),
                    Err(e) => eprintln!("calltrust: CRL {} not fetched: {e}", f.url),
                }
            }
            report = inspect_bytes(&bytes, &opts);
        }
    }
    if a.common.fetch_rcd {
        let urls = fetch::rcd_urls(&report);
        if urls.is_empty() {
            eprintln!("calltrust: --fetch-rcd: no rcdi digest covers content behind a URL");
        } else {
            eprintln!(
                "calltrust: fetching {} rich-call-data URL(s) as requested by --fetch-rcd…",
                urls.len()
            );
            opts.rcd_content = fetch::fetch_all(&urls, &fetch::Policy::for_rcd());
            for f in &opts.rcd_content {
                if let Err(e) = &f.result {
                    eprintln!("calltrust: {} not fetched: {e}", f.url);
                }
            }
            report = inspect_bytes(&bytes, &opts);
        }
    }
    if let Some(f) = report.findings_with(crate::ids::REDACTION_FAILED).next() {
        return usage_error(format!("--redact: {}", f.detail));
    }
    let out = report.render_with(
        a.format.into(),
        crate::report::render::RenderOptions {
            snippets: a.snippets,
        },
    );
    print_out(out.trim_end());
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run_sign(a: SignArgs) -> ExitCode {
    let token = match read_token(&a.token) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return usage_error(
                "sign-webhook needs the auth token: --auth-token-env NAME or --auth-token-file FILE",
            );
        }
        Err(e) => return usage_error(e),
    };
    let bytes = match read_input(a.file.as_deref()) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let Ok(body) = String::from_utf8(bytes) else {
        return usage_error("the body is not UTF-8 text");
    };
    if webhook_sig::url::Url::parse(&a.url).is_none() {
        return usage_error(format!(
            "--url: `{}` is not a full URL (scheme://host/path)",
            a.url
        ));
    }
    let trimmed = body.trim();
    let (url, data, ctype) = if trimmed.starts_with('{') {
        let hash = webhook_sig::body_sha256(&body);
        let url = if a.url.contains("bodySHA256=") {
            a.url.clone()
        } else if a.url.contains('?') {
            format!("{}&bodySHA256={hash}", a.url)
        } else {
            format!("{}?bodySHA256={hash}", a.url)
        };
        (url.clone(), url, "application/json")
    } else {
        let params = input::text::parse_form(trimmed);
        (
            a.url.clone(),
            webhook_sig::data_to_sign(&a.url, &params),
            "application/x-www-form-urlencoded",
        )
    };
    let sig = webhook_sig::compute(&token, &data);
    let body_arg = match a.file.as_deref() {
        None | Some("-") => "@-".to_string(),
        Some(f) => format!("@{f}"),
    };
    print_out(&format!(
        "X-Twilio-Signature: {sig}\nURL: {url}\n\n# Reproduce the request:\ncurl -X POST '{url}' -H 'X-Twilio-Signature: {sig}' -H 'Content-Type: {ctype}' --data-binary '{body_arg}'"
    ));
    ExitCode::SUCCESS
}

/// `calltrust batch`: rows streamed in input order, a progress bar on a
/// terminal, the summary at the end.
pub fn run_batch(a: BatchArgs) -> ExitCode {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};

    let opts = match build_options(&a.common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if a.common.fetch_crl {
        eprintln!("calltrust: --fetch-crl is not used by batch; pass --crl FILE instead");
    }
    let reading = crate::batch::files::Reading {
        column: a.column.clone(),
        all_messages: a.all_messages,
    };
    let (payloads, progress) = if a.paths.len() == 1 && a.paths[0] == "-" {
        crate::batch::files::stdin(reading)
    } else {
        if a.paths.iter().any(|p| p == "-") {
            return usage_error("- (standard input) cannot be mixed with files");
        }
        let paths: Vec<PathBuf> = a.paths.iter().map(PathBuf::from).collect();
        match crate::batch::files::plan(&paths) {
            Ok(plans) => crate::batch::files::open(plans, reading),
            Err(e) => return usage_error(e),
        }
    };
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let bar = std::io::stderr().is_terminal().then(|| {
        let pb = if progress.total > 0 {
            indicatif::ProgressBar::new(progress.total)
        } else {
            indicatif::ProgressBar::new_spinner()
        };
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    let fetched: std::sync::Mutex<std::collections::HashMap<String, crate::Fetched>> =
        Default::default();
    let fetch_fn = |urls: &[String]| -> Vec<crate::Fetched> {
        let missing: Vec<String> = match fetched.lock() {
            Ok(m) => urls
                .iter()
                .filter(|u| !m.contains_key(*u))
                .cloned()
                .collect(),
            Err(_) => return Vec::new(),
        };
        if !missing.is_empty() {
            let got = fetch::fetch_all(&missing, &fetch::Policy::default());
            if let Ok(mut m) = fetched.lock() {
                for f in got {
                    m.insert(f.url.clone(), f);
                }
            }
        }
        match fetched.lock() {
            Ok(m) => urls.iter().filter_map(|u| m.get(u).cloned()).collect(),
            Err(_) => Vec::new(),
        }
    };
    let cancel = AtomicBool::new(false);
    let settings = crate::batch::Settings {
        jobs,
        cancel: Some(&cancel),
        fetch: if a.common.fetch_x5u {
            Some(&fetch_fn)
        } else {
            None
        },
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let csv = a.format == RowFormat::Csv;
    if csv {
        let _ = out.write_all(&crate::batch::csv_line(crate::batch::CSV_HEADER));
    }
    let mut write_failed = false;
    let mut rows = 0u64;
    let mut any_errors = false;
    let summary = crate::batch::run(payloads, &opts, &settings, |done| {
        rows += 1;
        any_errors |= done.row.has_errors();
        let res = match csv {
            true => out.write_all(&crate::batch::csv_line(done.row.csv_record())),
            false => serde_json::to_writer(&mut out, &done.row)
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n")),
        };
        if res.is_err() && !write_failed {
            // A closed pipe (`| head`): stop reading, quietly.
            write_failed = true;
            cancel.store(true, Ordering::Relaxed);
        }
        if let Some(pb) = &bar {
            pb.set_position(progress.read.load(Ordering::Relaxed));
            pb.set_message(format!("{rows} rows"));
        }
    });
    let _ = out.flush();
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    if let Some(path) = &a.summary {
        let text = if path.extension().is_some_and(|e| e == "md") {
            summary.markdown()
        } else {
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        };
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!(
                "calltrust: cannot write the summary to {}: {e}",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    if !write_failed {
        let skipped: u64 = summary.skipped.values().sum();
        eprintln!(
            "calltrust: {} payload{} inspected, {} with errors{}",
            summary.rows,
            if summary.rows == 1 { "" } else { "s" },
            summary.rows_with_errors,
            if skipped > 0 {
                format!(
                    "; {skipped} SIP messages that are not calls given no row (--all-messages to include them)"
                )
            } else {
                String::new()
            }
        );
    }
    if any_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
