//! The orchestration: input detection, checks, verification, the verdict and
//! the report, each stage given only what it needs.

use crate::given::KeyFile;
use crate::model::RefTime;
use crate::model::{Finding, InputKind, ids};
use crate::options::Options;
use crate::passport::token::Token;
use crate::report::Report;
use crate::report::{
    self, CallSummary, InputInfo, PartyReport, PassportReport, ReferenceTime, TimeSource, ToolInfo,
};
use crate::secret::Secret;
use crate::{
    check, input, knowledge, model, routing, secret, timefmt, verdict, verify, webhook_sig,
};

/// Inspect raw bytes: a binary DER certificate is inspected as one (the
/// paste box is text); other invalid UTF-8 is replaced and reported.
pub fn inspect_bytes(bytes: &[u8], opts: &Options) -> Report {
    if bytes.len() > input::MAX_INPUT_BYTES {
        return too_large(bytes.len(), opts);
    }
    if bytes.first() == Some(&0x30) && std::str::from_utf8(bytes).is_err() {
        return inspect_der(bytes, opts);
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => inspect(t, opts),
        Err(e) => {
            let at = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes);
            let mut r = inspect(&text, opts);
            let loc = model::location_of(&text, at);
            r.findings.insert(
                0,
                Finding::warning(
                    ids::INPUT_ENCODING,
                    "Input is not valid UTF-8",
                    format!("The bytes at {loc} (byte {at}) are not UTF-8; invalid bytes were replaced with U+FFFD before inspection."),
                )
                .at(Some(loc)),
            );
            r.input.bytes = bytes.len();
            r
        }
    }
}

/// The report of an input over the size limit (its bytes are not needed).
pub fn too_large(len: usize, opts: &Options) -> Report {
    let f = Finding::error(
        ids::INPUT_TOO_LARGE,
        "Input too large",
        format!(
            "The input is {} bytes; calltrust inspects at most {} bytes (16 MiB). Webhooks, SIP messages and tokens are a few kilobytes.",
            len,
            input::MAX_INPUT_BYTES
        ),
    )
    .hint("Paste only the webhook body, SIP message or token, not a whole capture or log file.");
    let mut checked = Checked {
        ev: input::parse("", false),
        tokens: Vec::new(),
        cards: Vec::new(),
        findings: vec![f],
        verstat: None,
        verified: verify::Outcome::default(),
        webhook: None,
        reference_time: ReferenceTime {
            unix: opts.now,
            utc: timefmt::utc(opts.now),
            source: TimeSource::Now,
        },
    };
    let verdict = judge(&mut checked, opts);
    let mut r = protect(assemble(checked, verdict, opts), opts);
    r.input.kind = InputKind::Unrecognized;
    r.input.format = "too large".into();
    r.input.bytes = len;
    r.verdict.headline = "The input is too large to inspect (over 16 MiB).".into();
    r
}

/// A binary DER file: one certificate (or a clear error saying why not).
fn inspect_der(bytes: &[u8], opts: &Options) -> Report {
    let mut ev = input::parse("", false);
    ev.kind = InputKind::Certificate;
    ev.format = "DER certificate file".into();
    let mut o = opts.clone();
    match x509_parser::parse_x509_certificate(bytes) {
        Ok((rest, _)) => {
            if !rest.is_empty() {
                ev.findings.push(Finding::warning(
                    ids::INPUT_NOTE,
                    "Bytes after the certificate",
                    format!("{} bytes follow the DER certificate (from byte {}); they were ignored.", rest.len(), bytes.len() - rest.len()),
                ));
            }
            o.certs.push(KeyFile {
                name: verify::PASTED.into(),
                bytes: bytes[..bytes.len() - rest.len()].to_vec(),
            });
        }
        Err(e) => ev.findings.push(
            Finding::error(
                ids::INPUT_MALFORMED,
                "Not a readable DER certificate",
                format!("The {}-byte file starts like a DER certificate (an ASN.1 SEQUENCE) but does not parse: {e}. It may be truncated or not a certificate.", bytes.len()),
            )
            .hint("Download the certificate again (the x5u URL serves PEM), or paste the PEM text."),
        ),
    }
    let mut r = run(ev, &o);
    r.input.bytes = bytes.len();
    r
}

/// The one door every front end goes through.
pub fn inspect(text: &str, opts: &Options) -> Report {
    if text.len() > input::MAX_INPUT_BYTES {
        return too_large(text.len(), opts);
    }
    let body_mode = opts.webhook.url.is_some() || opts.webhook.signature.is_some();
    let mut ev = input::parse(text, body_mode);
    if ev.kind != InputKind::Certificate {
        let mut r = run(ev, opts);
        r.input.bytes = text.len();
        return r;
    }
    // Pasted certificates are judged like any supplied certificate.
    let mut o = opts.clone();
    o.certs.insert(
        0,
        KeyFile {
            name: verify::PASTED.into(),
            bytes: text.as_bytes().to_vec(),
        },
    );
    ev.findings.extend(input::outside_pem_blocks(text));
    let mut r = run(ev, &o);
    r.input.bytes = text.len();
    r
}

/// RFC 8946 §5: a `div-o` PASSporT carries the PASSporT it extends, whole, in
/// its `opt` claim. Each nested token becomes a token of its own (decoded,
/// checked and verified like a pasted one), so the diversion chain can start
/// from it. At most 8 levels and 64 tokens: a paste cannot nest without bound.
fn nested_passports(tokens: &mut Vec<Token>) {
    let mut i = 0;
    let mut depth = vec![0usize; tokens.len()];
    while i < tokens.len() && tokens.len() < 64 {
        let opt = tokens[i]
            .decoded
            .payload
            .as_ref()
            .and_then(|p| p.get("opt"))
            .and_then(|o| o.as_str())
            .map(str::to_string);
        if let Some(opt) = opt
            && depth[i] < 8
        {
            let parent = &tokens[i];
            let source = input::TokenSource {
                origin: format!(
                    "opt of {} (the PASSporT this div-o extends)",
                    parent.source.origin
                ),
                value: opt,
                carrier: input::Carrier::Nested,
                role: input::TokenRole::Passport,
                location: parent.source.location,
            };
            let index = tokens.len();
            tokens.push(Token::new(index, source));
            depth.push(depth[i] + 1);
        }
        i += 1;
    }
}

/// What the checks found, before the verdict is drawn.
struct Checked {
    ev: input::Evidence,
    tokens: Vec<Token>,
    /// Each token's rich call data card (RFC 9795), by token index.
    cards: Vec<Option<check::rcd::RcdCard>>,
    findings: Vec<Finding>,
    verstat: Option<knowledge::Verstat>,
    verified: verify::Outcome,
    webhook: Option<report::WebhookSigReport>,
    reference_time: ReferenceTime,
}

/// Everything after input detection: check, judge, assemble, protect.
fn run(ev: input::Evidence, opts: &Options) -> Report {
    let mut checked = check_all(ev, opts);
    let verdict = judge(&mut checked, opts);
    let report = assemble(checked, verdict, opts);
    protect(report, opts)
}

/// The reference time for iat: the SIP Date header, else the user's, else
/// now; and the verifier's clock (SPEC §4).
fn reference_time(ev: &input::Evidence, opts: &Options) -> RefTime {
    let (unix, source) = match (ev.sip_date, opts.at) {
        (Some(d), _) => (d, TimeSource::SipDate),
        (None, Some(a)) => (a, TimeSource::User),
        (None, None) => (opts.now, TimeSource::Now),
    };
    let (clock, clock_source) = match opts.at {
        Some(a) => (a, TimeSource::User),
        None => (unix, source),
    };
    RefTime {
        unix,
        source,
        max_age: opts.max_age,
        clock,
        clock_source,
    }
}

/// Every check: tokens, the call, the signalling, signatures and chains
/// (given only key material), rich call data, the webhook signature (given
/// only the webhook options).
fn check_all(ev: input::Evidence, opts: &Options) -> Checked {
    let reftime = reference_time(&ev, opts);
    let reference = reftime.unix;
    let mut tokens: Vec<Token> = ev
        .tokens
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, s)| Token::new(i, s))
        .collect();
    nested_passports(&mut tokens);
    let mut findings = ev.findings.clone();
    for t in &tokens {
        findings.extend(check::token::run(t, reftime, !opts.rows_only));
    }
    findings.extend(check::verifier::identity_missing(&ev, &tokens));
    findings.extend(check::forward::check_request(&ev, &tokens, reference));
    findings.extend(check::sip_security::findings(&ev, &opts.allow_ips));
    findings.extend(check::verifier::date_stale(
        &ev,
        opts.at,
        opts.now,
        opts.max_age,
    ));
    let verstat = ev.verstat.as_ref().map(|(v, s)| knowledge::lookup(v, s));
    findings.extend(check::call::run(&tokens, &ev, verstat.as_ref()));
    findings.extend(check::call::display_names(&ev, &tokens));

    let keys = verify::KeyMaterial {
        certs: &opts.certs,
        trust_anchors: &opts.trust_anchors,
        crls: &opts.crls,
        fetched: &opts.fetched,
        cache: opts.cache.as_deref(),
        rows_only: opts.rows_only,
        any_cert_signs: opts.any_cert_signs,
    };
    let mut verified = verify::run(&tokens, &ev, &keys, reftime);
    findings.append(&mut verified.findings);
    // After the signatures: a headline names a broken signature before the
    // rich call data it carries. The card is kept for the report.
    let mut cards = Vec::with_capacity(tokens.len());
    for t in &tokens {
        let (card, f) = check::rcd::run(t, &opts.rcd_content);
        cards.push(card);
        findings.extend(f);
    }

    let webhook = webhook_sig::check(&ev, &opts.webhook).map(|(r, f)| {
        findings.extend(f);
        r
    });
    Checked {
        reference_time: ReferenceTime {
            unix: reference,
            utc: timefmt::utc(reference),
            source: reftime.source,
        },
        ev,
        tokens,
        cards,
        findings,
        verstat,
        verified,
        webhook,
    }
}

/// The verdict (decided by `verdict::judge`, its one owner); findings end
/// most severe first.
fn judge(c: &mut Checked, opts: &Options) -> report::Verdict {
    let default_policy = routing::Policy::default();
    verdict::judge(verdict::Judge {
        ev: &c.ev,
        tokens: &c.tokens,
        findings: &mut c.findings,
        verstat: c.verstat.as_ref(),
        verified: &c.verified,
        routing: opts.routing_policy.as_ref().unwrap_or(&default_policy),
        rows_only: opts.rows_only,
    })
}

/// Who called whom, as the input and the signed tokens say.
fn call_summary(
    ev: &input::Evidence,
    tokens: &[Token],
    passports: &[PassportReport],
) -> CallSummary {
    let party = |p: &input::Party| PartyReport {
        value: p.value.clone(),
        source: p.source.clone(),
    };
    CallSummary {
        calling: ev.calling.iter().map(party).collect(),
        called: ev.called.iter().map(party).collect(),
        diversions: ev.diversions.iter().map(party).collect(),
        signed_vs_presented: report::signed_vs_presented(passports, &ev.presented),
        presented: (!ev.presented.is_empty()).then(|| ev.presented.clone()),
        call_id: call_id(ev, tokens),
        orig: signed_caller(tokens),
        dest: signed_callee(tokens),
        time: ev
            .sip_date
            .or_else(|| shaken_of(tokens).and_then(|t| t.claims.iat))
            .map(timefmt::utc),
        answered: ev.response.as_ref().map(|r| r.code),
    }
}

/// The report: the decoded views (skipped for a batch row), the call path,
/// the CallToken and forwarding help, certificates, chains and findings.
fn assemble(c: Checked, verdict: report::Verdict, opts: &Options) -> Report {
    let Checked {
        ev,
        tokens,
        cards,
        mut findings,
        verstat,
        verified,
        webhook,
        reference_time,
    } = c;
    // A batch row shows no clauses.
    if !opts.rows_only {
        crate::catalogue::cite(&mut findings);
    }
    let sig_label = |i: usize| {
        verified
            .signatures
            .get(i)
            .map(|s| s.trust_label().to_string())
            .unwrap_or_else(|| "not checked".into())
    };
    let (call_path, call_token, forwarding) = if opts.rows_only {
        (Vec::new(), None, None)
    } else {
        (
            report::call_path(&tokens, &ev, &sig_label),
            report::call_token_report(&tokens, &ev),
            report::snippets(&ev, &tokens),
        )
    };
    // A batch row reads none of the decoded views.
    let passports: Vec<PassportReport> = if opts.rows_only {
        Vec::new()
    } else {
        tokens
            .iter()
            .zip(cards)
            .map(|(t, card)| passport_report(t, card, &verified, reference_time.unix))
            .collect()
    };
    Report {
        tool: ToolInfo {
            name: "calltrust".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        input: InputInfo {
            kind: ev.kind,
            format: ev.format.clone(),
            bytes: 0,
        },
        verdict,
        reference_time,
        verstat,
        call: call_summary(&ev, &tokens, &passports),
        passports,
        call_path,
        call_token,
        forwarding,
        certificates: verified.certificates,
        chains: verified.chains,
        repositories: verified.repositories,
        webhook_signature: webhook,
        findings,
        redacted: false,
    }
}

/// Masking when asked, and the auth token scrubbed from every string; either
/// fails closed (the report is withheld, never sent unmasked).
fn protect(mut report: Report, opts: &Options) -> Report {
    if opts.redact {
        report = match report::redact::redact(&report) {
            Ok(r) => r,
            Err(e) => refused(
                &report,
                &e.to_string(),
                &format!(
                    "Redaction was asked for, but {e}. The report is withheld rather than shown unmasked."
                ),
            ),
        };
    }
    if let Some(secret) = &opts.webhook.auth_token {
        report = scrub_report(report, secret);
    }
    report
}

/// The report that stands in for one that could not be made safe (masked,
/// or freed of the auth token): nothing of the paste, one error that says why.
fn refused(original: &Report, e: &str, detail: &str) -> Report {
    Report {
        tool: original.tool.clone(),
        input: original.input.clone(),
        verdict: report::Verdict {
            outcome: original.verdict.outcome,
            attestation: original.verdict.attestation,
            headline: format!("Report withheld: {e}."),
            verifier_response: None,
            advice:
                "Turn redaction off to see the report, or share it without the numbers by hand."
                    .into(),
            next_steps: Vec::new(),
            hygiene_steps: Vec::new(),
        },
        reference_time: original.reference_time.clone(),
        verstat: None,
        call: CallSummary::default(),
        passports: Vec::new(),
        call_path: Vec::new(),
        call_token: None,
        forwarding: None,
        certificates: Vec::new(),
        chains: Vec::new(),
        repositories: Vec::new(),
        webhook_signature: None,
        findings: {
            let mut f = vec![Finding::error(
                ids::REDACTION_FAILED,
                "Report withheld: redaction failed",
                detail,
            )];
            crate::catalogue::cite(&mut f);
            f
        },
        redacted: true,
    }
}

/// A webhook's CallSid, the CallToken parent's callSid, else the SIP Call-ID.
fn call_id(ev: &input::Evidence, tokens: &[Token]) -> Option<String> {
    ev.param("CallSid")
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
        .or_else(|| {
            tokens
                .iter()
                .find(|t| t.is_parent())
                .and_then(|t| t.claims.call_sid.clone())
        })
        .or_else(|| {
            ev.sip
                .as_ref()
                .and_then(|m| m.header("Call-ID"))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        })
}

fn shaken_of(tokens: &[Token]) -> Option<&Token> {
    tokens
        .iter()
        .find(|t| t.is_shaken() && t.decoded.payload.is_some())
}

fn signed_caller(tokens: &[Token]) -> Option<String> {
    shaken_of(tokens).and_then(|t| t.claims.orig_tn.clone().or(t.claims.orig_uri.clone()))
}

/// The dest of the last DIV PASSporT, else of the SHAKEN one.
fn signed_callee(tokens: &[Token]) -> Option<String> {
    tokens
        .iter()
        .rfind(|t| t.is_div() && t.decoded.payload.is_some())
        .or_else(|| shaken_of(tokens))
        .and_then(|t| {
            t.claims
                .dest_tn
                .first()
                .or(t.claims.dest_uri.first())
                .cloned()
        })
}

fn passport_report(
    t: &Token,
    rcd: Option<check::rcd::RcdCard>,
    v: &verify::Outcome,
    reference: i64,
) -> PassportReport {
    let d = &t.decoded;
    let obj = |m: &Option<serde_json::Map<String, serde_json::Value>>| {
        m.clone()
            .map(serde_json::Value::Object)
            .unwrap_or(serde_json::Value::Null)
    };
    PassportReport {
        index: t.index,
        origin: t.source.origin.clone(),
        role: if t.is_parent() {
            report::PassportRole::CalltokenParent
        } else {
            report::PassportRole::Passport
        },
        ppt: t.ppt(),
        header: obj(&d.header),
        payload: obj(&d.payload),
        header_json: d.header_text.clone(),
        payload_json: d.payload_text.clone(),
        token: if d.raw.is_empty() {
            None
        } else {
            Some(d.raw.clone())
        },
        identity_params: t.identity.params.clone(),
        compact: d.compact,
        claims: t.claims.clone(),
        iat_utc: t.claims.iat.map(timefmt::utc),
        iat_age: t.claims.iat.map(|i| timefmt::age(i, reference)),
        signature: v
            .signatures
            .get(t.index)
            .cloned()
            .unwrap_or_else(|| report::SignatureReport {
                status: report::SigStatus::NotChecked,
                detail: "not checked".into(),
                key: None,
                length: None,
                signer_chain: None,
            }),
        location: t.source.location,
        rcd,
    }
}

/// Defence in depth: no string in the report may contain the auth token. Fails
/// closed: a report that cannot be checked, or still holds the token after
/// scrubbing, is withheld.
fn scrub_report(report: Report, secret: &Secret) -> Report {
    let s = secret.expose();
    if s.len() < 4 {
        return report;
    }
    let withheld = |r: &Report| {
        refused(
            r,
            "the auth token could not be removed from it",
            "The report could not be freed of the auth token, so it is withheld rather than shown with it.",
        )
    };
    let Ok(json) = serde_json::to_string(&report) else {
        return withheld(&report);
    };
    if !json.contains(s) {
        return report;
    }
    let Ok(mut v) = serde_json::to_value(&report) else {
        return withheld(&report);
    };
    fn walk(v: &mut serde_json::Value, s: &Secret) {
        match v {
            serde_json::Value::String(x) => *x = secret::scrub(x, s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|i| walk(i, s)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|i| walk(i, s)),
            _ => {}
        }
    }
    walk(&mut v, secret);
    match serde_json::from_value::<Report>(v) {
        Ok(r) if serde_json::to_string(&r).is_ok_and(|j| !j.contains(s)) => r,
        _ => withheld(&report),
    }
}
