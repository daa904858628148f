//! The command-line front end (SPEC §7). It gathers inputs, calls the core and
//! prints the report; it decides nothing the core could decide.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{Format, KeyFile, Options, input, webhook_sig};

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
#[command(name = "calltrust", version, long_version = crate::build_info::LONG, about = "Call-trust inspector: STIR/SHAKEN PASSporTs, Twilio verstat, CallTokens and webhook signatures.", long_about = None, after_long_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the inspector window with this file loaded (GUI only).
    #[arg(long, value_name = "FILE", global = false)]
    pub open: Option<PathBuf>,
    #[command(flatten)]
    pub window: WindowArgs,
    /// More log on standard error (-v info, -vv debug, -vvv trace; the
    /// window logs to its file); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
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

/// The separator of a path list in an environment variable (`:` on Unix,
/// `;` on Windows, as PATH).
#[cfg(windows)]
const PATH_LIST: char = ';';
#[cfg(not(windows))]
const PATH_LIST: char = ':';

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
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man -l -`; with --dir, write one
    /// page per command there (for a package).
    Man {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The configuration file the window and the command line share.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Panics on purpose, to test the crash report (hidden).
    #[command(hide = true, name = "crash-test")]
    CrashTest,
    /// A window backend that says it gives up and then hangs, to test the
    /// window's guard (hidden).
    #[command(hide = true, name = "window-hang-test")]
    WindowHangTest,
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print where the configuration file is (`--config`/`CALLTRUST_CONFIG`
    /// or the platform's config directory), and whether it exists.
    Path {
        /// Another file than the default.
        #[arg(long, value_name = "FILE|none", env = "CALLTRUST_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Print the configuration as calltrust reads it.
    Show {
        /// Another file than the default.
        #[arg(long, value_name = "FILE|none", env = "CALLTRUST_CONFIG")]
        config: Option<PathBuf>,
    },
}

pub fn run_completions(shell: clap_complete::Shell) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "calltrust", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// The manual: the main page on standard output, or with `dir` one page
/// per command written there (calltrust.1, calltrust-inspect.1, …).
pub fn run_man(dir: Option<PathBuf>) -> ExitCode {
    use clap::CommandFactory;
    let render = |cmd: clap::Command| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut out)
            .map_err(|e| format!("cannot render the manual page: {e}"))?;
        Ok(out)
    };
    let main = Cli::command();
    let Some(dir) = dir else {
        return match render(main) {
            Ok(page) => {
                let _ = std::io::Write::write_all(&mut std::io::stdout(), &page);
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e),
        };
    };
    let mut pages = vec![("calltrust".to_string(), main.clone())];
    for sub in main.get_subcommands() {
        let name = format!("calltrust-{}", sub.get_name());
        pages.push((
            name.clone(),
            sub.clone().name(&*Box::leak(name.into_boxed_str())),
        ));
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return usage_error(format!("cannot create {}: {e}", dir.display()));
    }
    for (name, cmd) in pages {
        let path = dir.join(format!("{name}.1"));
        match render(cmd).and_then(|p| {
            std::fs::write(&path, p).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }) {
            Ok(()) => eprintln!("calltrust: wrote {}", path.display()),
            Err(e) => return usage_error(e),
        }
    }
    ExitCode::SUCCESS
}

pub fn run_config(c: ConfigCommand) -> ExitCode {
    use crate::host::config;
    match c {
        ConfigCommand::Path { config: given } => {
            let src = config::source(given.as_deref());
            match src.path() {
                Some(p) => {
                    print_out(&p.display().to_string());
                    if !p.exists() {
                        eprintln!(
                            "calltrust: (it does not exist yet: the window writes it when a setting changes)"
                        );
                    }
                }
                None => print_out("none"),
            }
            ExitCode::SUCCESS
        }
        ConfigCommand::Show { config: given } => {
            match config::load(&config::source(given.as_deref())) {
                Ok(c) => {
                    print_out(toml::to_string(&c).unwrap_or_default().trim_end());
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(e),
            }
        }
    }
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
    /// Allowed iat age in seconds [default: 60, or the config file's].
    #[arg(long, value_name = "SECONDS", env = "CALLTRUST_MAX_AGE")]
    pub max_age: Option<u64>,
    /// Mask the middle digits of every phone number.
    #[arg(long, env = "CALLTRUST_REDACT")]
    pub redact: bool,
    /// The configuration file (trust anchors, CRLs, routing policy… shared
    /// with the window); `none` reads none. [default: `calltrust config
    /// path`]
    #[arg(long, value_name = "FILE|none", env = "CALLTRUST_CONFIG")]
    pub config: Option<PathBuf>,
    /// Certificate, bundle, PEM public key or JWK to verify signatures with (repeatable).
    #[arg(long, value_name = "FILE")]
    pub cert: Vec<PathBuf>,
    /// Trust anchor(s): a PEM bundle of STI-CA roots, or a directory of them
    /// (every .pem/.crt/.cer/.der file in it) (repeatable; replaces the
    /// config file's).
    #[arg(long, value_name = "FILE|DIR", env = "CALLTRUST_TRUST_ANCHOR", value_delimiter = PATH_LIST)]
    pub trust_anchor: Vec<PathBuf>,
    /// Certificate revocation list (DER or PEM) to check every chain link
    /// against (repeatable; replaces the config file's).
    #[arg(long, value_name = "FILE", env = "CALLTRUST_CRL", value_delimiter = PATH_LIST)]
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
    /// (see the README for an example); replaces the config file's.
    #[arg(long, value_name = "FILE", env = "CALLTRUST_ROUTING_POLICY")]
    pub routing_policy: Option<PathBuf>,
    /// IP access list for a pasted SIP message's source address (repeatable;
    /// CIDR or address; replaces the config file's).
    #[arg(
        long,
        value_name = "CIDR",
        env = "CALLTRUST_ALLOW_IP",
        value_delimiter = ','
    )]
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
                eprintln!(
                    "calltrust: reading the payload from standard input (end with {})…",
                    if cfg!(windows) {
                        "Ctrl-Z, then Enter"
                    } else {
                        "Ctrl-D"
                    }
                );
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

/// The options every payload is judged with, from the shared arguments:
/// files read here, the rules in `host::options` (the window's too).
pub fn build_options(a: &CommonArgs) -> Result<Options, ExitCode> {
    use crate::host::keys::{read_cert_path, read_key_file};
    // The shared config file fills in what no flag or CALLTRUST_* variable
    // gives.
    let src = crate::host::config::source(a.config.as_deref());
    let cfg = crate::host::config::load(&src).map_err(usage_error)?;
    let from = |flag: &str| match src.path() {
        Some(p) => format!("{flag} (from {})", p.display()),
        None => flag.to_string(),
    };
    let or_config = |given: &[PathBuf], cfg: &[PathBuf], flag: &str| -> (Vec<PathBuf>, String) {
        if given.is_empty() {
            (cfg.to_vec(), from(flag))
        } else {
            (given.to_vec(), flag.to_string())
        }
    };
    let (anchors, anchors_flag) = or_config(&a.trust_anchor, &cfg.trust_anchors, "--trust-anchor");
    let (crl_paths, crls_flag) = or_config(&a.crl, &cfg.crls, "--crl");
    let read_all = |flag: &str, paths: &[PathBuf], dir: bool| -> Result<Vec<KeyFile>, ExitCode> {
        let mut out = Vec::new();
        for p in paths {
            let got = if dir {
                read_cert_path(p)
            } else {
                read_key_file(p).map(|k| vec![k])
            };
            out.extend(got.map_err(|e| usage_error(format!("{flag}: {e}")))?);
        }
        Ok(out)
    };
    let routing = match &a.routing_policy {
        None => cfg.routing.clone(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                usage_error(format!(
                    "--routing-policy: cannot read {}: {e}",
                    p.display()
                ))
            })?;
            Some(
                crate::routing::parse(&text)
                    .map_err(|e| usage_error(format!("--routing-policy {}: {e}", p.display())))?,
            )
        }
    };
    let token = crate::host::keys::read_token(
        a.token.auth_token_env.as_deref(),
        a.token.auth_token_file.as_deref(),
    )
    .map_err(usage_error)?;
    let (options, problems) = crate::host::options::build(crate::host::options::Choices {
        now: crate::host::keys::now(),
        at: a.at.clone(),
        max_age: a.max_age.or(cfg.max_age).unwrap_or(60),
        redact: a.redact || cfg.redact.unwrap_or(false),
        certs: read_all("--cert", &a.cert, false)?,
        trust_anchors: read_all(&anchors_flag, &anchors, true)?,
        crls: read_all(&crls_flag, &crl_paths, false)?,
        routing,
        allow_ips: if a.allow_ip.is_empty() {
            cfg.allow_ips.clone()
        } else {
            a.allow_ip.clone()
        },
        url: a.url.clone(),
        signature: a.signature.clone(),
        auth_token: token,
        any_cert_signs: a.cert_for_any_x5u,
        ..Default::default()
    });
    match problems.first() {
        Some(p) => Err(usage_error(format!("{}: {p}", p.flag()))),
        None => Ok(options),
    }
}

/// What the CLI says on standard error while it fetches.
fn fetch_event(e: crate::FetchEvent<'_>) -> String {
    use crate::{Fetch, FetchEvent};
    let flag = |w: Fetch| match w {
        Fetch::X5u => "--fetch-x5u",
        Fetch::Crl => "--fetch-crl",
        Fetch::Rcd => "--fetch-rcd",
    };
    match e {
        FetchEvent::Nothing(Fetch::X5u) => "--fetch-x5u: no PASSporT names an x5u URL".into(),
        FetchEvent::Nothing(Fetch::Crl) => {
            "--fetch-crl: no certificate of a checked chain names a CRL distribution point".into()
        }
        FetchEvent::Nothing(Fetch::Rcd) => {
            "--fetch-rcd: no rcdi digest covers content behind a URL".into()
        }
        FetchEvent::Fetching(w, n) => {
            format!("fetching {n} {} as requested by {}…", w.what(), flag(w))
        }
        FetchEvent::Failed(_, f) => format!(
            "{} not fetched: {}",
            f.url,
            f.result.as_ref().err().map_or("", |e| e.as_str())
        ),
    }
}

pub fn run_inspect(a: InspectArgs) -> ExitCode {
    let opts = match build_options(&a.common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let bytes = match read_input(a.file.as_deref()) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let mut asked = Vec::new();
    for (on, what) in [
        (a.common.fetch_x5u, crate::Fetch::X5u),
        (a.common.fetch_crl, crate::Fetch::Crl),
        (a.common.fetch_rcd, crate::Fetch::Rcd),
    ] {
        if on {
            asked.push(what);
        }
    }
    let start = std::time::Instant::now();
    let (report, _) =
        crate::inspect_fetching(&bytes, &opts, &asked, &crate::host::net::Net, &mut |e| {
            eprintln!("calltrust: {}", fetch_event(e))
        });
    log::info!(
        "inspected {} bytes as {}: {}, {} findings, {} ms",
        bytes.len(),
        report.input.kind.as_str(),
        report.verdict.outcome.as_str(),
        report.findings.len(),
        start.elapsed().as_millis()
    );
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
    let token = match crate::host::keys::read_token(
        a.token.auth_token_env.as_deref(),
        a.token.auth_token_file.as_deref(),
    ) {
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
    let signed = match webhook_sig::sign::sign(&a.url, &body, &token) {
        Ok(s) => s,
        Err(e) => return usage_error(format!("--url: {e}")),
    };
    let (url, sig, ctype) = (signed.url, signed.signature, signed.content_type);
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
    let fetcher = crate::host::net::Memo::new(crate::host::net::Net);
    let cancel = AtomicBool::new(false);
    let settings = crate::batch::Settings {
        jobs,
        cancel: Some(&cancel),
        fetch: if a.common.fetch_x5u {
            Some(&fetcher)
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
