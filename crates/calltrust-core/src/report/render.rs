//! Markdown (for tickets) and plain-text renderings of a report. Both carry the
//! same content as the JSON.

use std::fmt::Write as _;

use super::data::{PassportReport, Report};
use super::escape::{block, code};
use crate::knowledge::attestation_label;
use crate::model::Severity;

fn claims_line(p: &PassportReport) -> Vec<String> {
    let c = &p.claims;
    let mut parts = Vec::new();
    if let Some(a) = &c.attest {
        parts.push(format!("attest {a}"));
    }
    if let Some(o) = c.orig_tn.as_ref().or(c.orig_uri.as_ref()) {
        parts.push(format!("orig {o}"));
    }
    let dests: Vec<&String> = c.dest_tn.iter().chain(c.dest_uri.iter()).collect();
    if !dests.is_empty() {
        parts.push(format!(
            "dest {}",
            dests
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(d) = c.div_tn.as_ref().or(c.div_uri.as_ref()) {
        parts.push(format!("div {d}"));
    }
    if let Some(f) = &c.from {
        parts.push(format!("from {f}"));
    }
    if let Some(t) = &c.to {
        parts.push(format!("to {t}"));
    }
    if let Some(s) = &c.call_sid {
        parts.push(format!("callSid {s}"));
    }
    if let (Some(utc), Some(age)) = (&p.iat_utc, &p.iat_age) {
        parts.push(format!("iat {utc} ({age})"));
    }
    if let Some(o) = &c.origid {
        parts.push(format!("origid {o}"));
    }
    if let Some(n) = &c.rcd_name {
        parts.push(format!("rcd name {n}"));
    }
    parts
}

/// The caller card of an RCD PASSporT as lines: what the callee's phone
/// would show, then the rcdi verdict and each digest.
fn rcd_lines(p: &PassportReport) -> Vec<String> {
    let Some(c) = &p.rcd else {
        return Vec::new();
    };
    let mut shown = Vec::new();
    if let Some(n) = &c.name {
        shown.push(format!("name \"{n}\""));
    }
    if let Some(n) = &c.number {
        shown.push(format!("number {n}"));
    }
    if let Some(r) = &c.call_reason {
        shown.push(format!("reason \"{r}\""));
    }
    for (k, v) in &c.jcard {
        if k != "version" {
            shown.push(format!("{k} {v}"));
        }
    }
    if let Some(i) = &c.icon {
        shown.push(format!("icon {i} (not fetched)"));
    }
    if let Some(j) = &c.jcard_url {
        shown.push(format!("jCard {j} (not fetched)"));
    }
    let mut out = vec![format!(
        "Caller card: {} — {}",
        shown.join(" · "),
        c.integrity_label()
    )];
    for d in &c.integrity {
        out.push(format!("  rcdi: {}", d.detail));
    }
    out
}

/// (failed, passed, not in effect) STI rules of a certificate.
pub fn rule_counts(c: &crate::verify::results::CertReport) -> (usize, usize, usize) {
    use crate::sti::RuleStatus as S;
    let n = |st: S| c.rules.iter().filter(|r| r.status == st).count();
    (n(S::Fail), n(S::Pass), n(S::NotEffective))
}

fn verdict_title(r: &Report) -> String {
    let att = match r.verdict.attestation {
        Some(a) => format!("attestation {a}"),
        None => "no attestation".into(),
    };
    format!("{} · {att}", r.verdict.outcome.badge_words())
}

fn identity_params(p: &PassportReport) -> Option<String> {
    if p.identity_params.is_empty() {
        return None;
    }
    Some(
        p.identity_params
            .iter()
            .map(|(k, v)| {
                if k == "info" {
                    format!("{k}=<{v}>")
                } else {
                    format!("{k}={v}")
                }
            })
            .collect::<Vec<_>>()
            .join(";"),
    )
}

// ------------------------------------------------------------ the document

/// A piece of inline text: plain (escaped in Markdown), code, or strong.
#[derive(Clone, Debug)]
enum Span {
    T(String),
    C(String),
    B(String),
}

use Span::{B, C, T};

/// The blocks of a report, rendered to Markdown or text by one walk: a
/// section cannot exist in one rendering and not the other.
#[derive(Clone, Debug)]
enum Block {
    Title(String),
    Headline(String),
    /// `label: spans` (a summary or detail line).
    Field(&'static str, Vec<Span>),
    Numbered(&'static str, Vec<String>),
    Heading(String),
    /// A list entry, nested `depth` levels.
    Bullet(usize, Vec<Span>),
    Code(&'static str, String),
    Footer(String),
}

/// What the renderings include beyond the ticket's content.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// The requests that forward the call with its CallToken (the window
    /// shows them; the CLI writes them with `--snippets`).
    pub snippets: bool,
}

fn document(r: &Report, o: RenderOptions) -> Vec<Block> {
    let mut d = Vec::new();
    summary(&mut d, r);
    call_details(&mut d, r, o);
    findings(&mut d, r);
    passports(&mut d, r);
    call_path(&mut d, r);
    trust(&mut d, r);
    repositories(&mut d, r);
    webhook(&mut d, r);
    d.push(Block::Footer(format!(
        "calltrust {} — analysed offline{}",
        r.tool.version,
        if r.redacted {
            "; phone numbers redacted"
        } else {
            ""
        }
    )));
    d
}

/// The ticket's first lines: the verdict, signed against presented, what a
/// verifier would answer, the deciding finding and at most three next steps.
fn summary(d: &mut Vec<Block>, r: &Report) {
    d.push(Block::Title(format!("calltrust: {}", verdict_title(r))));
    d.push(Block::Headline(r.verdict.headline.clone()));
    let svp = signed_vs_presented_line(r);
    if !svp.is_empty() {
        d.push(Block::Field("Signed vs presented", vec![T(svp)]));
    }
    if let Some(answer) = verifier_line(r) {
        d.push(Block::Field("A verifier would answer", answer));
    }
    if let Some(f) = super::view::deciding(r) {
        let mut spans = vec![C(f.id.to_string()), T(format!(" — {}", f.title))];
        if let Some(i) = f.passport {
            spans.push(T(format!(" ({})", super::view::passport_names(r, &[i]))));
        }
        d.push(Block::Field("Deciding finding", spans));
    }
    if !r.verdict.next_steps.is_empty() {
        d.push(Block::Numbered("Next steps", r.verdict.next_steps.clone()));
    }
}

/// "orig 12025550143 ≠ From +18005550199 "IRS Office", ≠ P-Asserted-Identity
/// +18005550199 · dest 14155550123 = To +14155550123".
pub fn signed_vs_presented_line(r: &Report) -> String {
    use super::data::PairMatch;
    let sym = |m: PairMatch| match m {
        PairMatch::Same => "=",
        PairMatch::CountryCodeOnly => "≈",
        PairMatch::Different => "≠",
        PairMatch::NoNumber => "?",
    };
    let mut parts: Vec<String> = Vec::new();
    let mut claims: Vec<&str> = Vec::new();
    for p in &r.call.signed_vs_presented {
        if !claims.contains(&p.claim.as_str()) {
            claims.push(&p.claim);
        }
    }
    for claim in claims {
        let rows: Vec<&super::data::Pairing> = r
            .call
            .signed_vs_presented
            .iter()
            .filter(|p| p.claim == claim)
            .collect();
        let Some(first) = rows.first() else { continue };
        let shown: Vec<String> = rows
            .iter()
            .map(|p| {
                format!(
                    "{} {} {}{}",
                    sym(p.matches),
                    p.source,
                    p.presented.as_deref().unwrap_or("(no number)"),
                    p.display_name
                        .as_deref()
                        .map(|n| format!(" \"{n}\""))
                        .unwrap_or_default()
                )
            })
            .collect();
        parts.push(format!("{claim} {} {}", first.signed, shown.join(", ")));
    }
    if let Some(pr) = &r.call.presented {
        if parts.is_empty() {
            let shown: Vec<String> = pr
                .all()
                .map(|q| {
                    format!(
                        "{} {}",
                        q.source,
                        q.number
                            .as_deref()
                            .or(q.uri.as_deref())
                            .unwrap_or("(no number)")
                    )
                })
                .collect();
            if !shown.is_empty() {
                parts.push(format!("nothing signed; presented {}", shown.join(", ")));
            }
        }
        if !pr.stated.is_empty() {
            parts.push(format!(
                "stated by the service, not trusted: {}",
                pr.stated
                    .iter()
                    .map(|s| format!("{} {}", s.field, s.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    parts.join(" · ")
}

/// What a strict verifier would answer, as one sentence (the window's line).
pub fn verifier_answer(r: &Report) -> Option<String> {
    verifier_line(r).map(|s| text_spans(&s))
}

/// What a strict verifier would answer, said truthfully for every outcome:
/// never "accept" under a failed verdict.
fn verifier_line(r: &Report) -> Option<Vec<Span>> {
    use crate::model::Outcome;
    if let Some(v) = &r.verdict.verifier_response {
        return Some(vec![
            T(format!("{} {} — {} ", v.code, v.reason, v.because)),
            C(v.finding.to_string()),
        ]);
    }
    let readable = r
        .passports
        .iter()
        .any(|p| p.role == super::data::PassportRole::Passport);
    match r.verdict.outcome {
        Outcome::Unreadable => Some(vec![T(
            "cannot be known: the token is damaged, so no verifier saw what the callee's network did"
                .into(),
        )]),
        Outcome::Failed => Some(vec![T(if readable {
            "no STIR/SHAKEN rejection of the Identity header; what failed is the deciding finding".into()
        } else {
            "nothing: no Identity header to judge; what failed is the deciding finding".into()
        })]),
        _ if readable => Some(vec![T(
            "accept (no fault a strict verifier rejects)".into(),
        )]),
        _ => None,
    }
}

/// The call's facts: input, verstat, attestation, time, routing, hygiene,
/// CallToken and (on request) the forwarding requests.
fn call_details(d: &mut Vec<Block>, r: &Report, o: RenderOptions) {
    d.push(Block::Heading("Call".into()));
    d.push(Block::Field(
        "Input",
        vec![T(format!(
            "{} ({}, {} bytes)",
            r.input.kind.describe(),
            r.input.format,
            r.input.bytes
        ))],
    ));
    match &r.verstat {
        Some(v) => d.push(Block::Field(
            "Verstat",
            vec![
                C(if v.value.is_empty() {
                    "(empty)".into()
                } else {
                    v.value.clone()
                }),
                T(format!(
                    " ({}) — {}, attestation {}: {}",
                    v.source,
                    v.outcome.as_str(),
                    attestation_label(v.attestation),
                    v.meaning
                )),
            ],
        )),
        None => d.push(Block::Field("Verstat", vec![T("none in the input".into())])),
    }
    if let Some(a) = &r.verdict.attestation {
        d.push(Block::Field(
            "Attestation",
            vec![T(format!("{a} — {}", a.meaning()))],
        ));
    }
    d.push(Block::Field(
        "Reference time",
        vec![T(format!(
            "{} (from {})",
            r.reference_time.utc,
            r.reference_time.source.describe()
        ))],
    ));
    // The routing-advice finding is this line (not repeated among the findings).
    let mut advice = vec![T(format!("{} ", r.verdict.advice))];
    if r.findings
        .iter()
        .any(|f| f.id == crate::model::ids::ROUTING_ADVICE)
    {
        advice.push(C(crate::model::ids::ROUTING_ADVICE.to_string()));
    }
    d.push(Block::Field("Routing advice", advice));
    if !r.verdict.hygiene_steps.is_empty() {
        d.push(Block::Field(
            "Hygiene (not about this caller's trust)",
            vec![T(r.verdict.hygiene_steps.join(" "))],
        ));
    }
    if let Some(ct) = &r.call_token {
        d.push(Block::Field(
            "CallToken",
            vec![T(format!("{} {}", ct.summary, ct.explanation))],
        ));
    }
    if let Some(fw) = &r.forwarding {
        forwarding(d, fw, o);
    }
}

/// "2 errors, 1 warning, 5 passed", or "none".
fn finding_counts(items: &[super::view::Item<'_>]) -> String {
    let count = |sev: Severity| items.iter().filter(|i| i.severity() == sev).count();
    let counts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "note", "notes"),
        (Severity::Pass, "passed", "passed"),
    ]
    .into_iter()
    .filter(|(s, ..)| count(*s) > 0)
    .map(|(s, one, many)| {
        let n = count(s);
        format!("{n} {}", if n == 1 { one } else { many })
    })
    .collect();
    if counts.is_empty() {
        "none".into()
    } else {
        counts.join(", ")
    }
}

/// One error, warning or note in full: icon, severity, id, title, detail,
/// fix, and where (tokens, location, source).
fn finding_spans(r: &Report, item: &super::view::Item<'_>) -> Vec<Span> {
    let sev = item.severity();
    let mut spans = vec![
        T(format!("{} ", sev.icon())),
        B(sev.as_str().into()),
        T(" ".into()),
        C(item.id().to_string()),
        T(format!(" — {}", item.title())),
    ];
    spans.push(T(format!(": {}", item.detail())));
    if let Some(h) = item.hint() {
        spans.push(T(" Fix: ".into()));
        spans.push(T(h.to_string()));
    }
    let mut ctx = Vec::new();
    let ps = item.passports();
    if !ps.is_empty() {
        ctx.push(super::view::passport_names(r, &ps));
    }
    if let Some(f) = item.finding() {
        if let Some(loc) = f.location {
            ctx.push(loc.to_string());
        }
        if let Some(s) = &f.source {
            ctx.push(s.clone());
        }
    }
    if !ctx.is_empty() {
        spans.push(T(format!(" ({})", ctx.join("; "))));
    }
    spans
}

/// How to forward the call keeping its identity: the snippets on request,
/// else where to find them.
fn forwarding(d: &mut Vec<Block>, fw: &super::data::ForwardingReport, o: RenderOptions) {
    if o.snippets {
        d.push(Block::Heading("Forward this call".into()));
        d.push(Block::Field(
            "How",
            vec![T(format!(
                "create the forwarded call with the CallToken exactly as received and From {} (the original caller); fill in To.",
                fw.from
            ))],
        ));
        for sn in &fw.snippets {
            d.push(Block::Field(sn.label.label(), Vec::new()));
            d.push(Block::Code(sn.label.fence(), sn.code.clone()));
        }
    } else {
        d.push(Block::Field(
            "Forwarding",
            vec![T(format!(
                "the request that forwards this call keeping its identity (CallToken verbatim, From {}) is in the window, or in this report with --snippets.",
                fw.from
            ))],
        ));
    }
}

/// The findings: errors and warnings in full (a certificate's profile
/// rules as one entry, identical findings about several tokens merged),
/// notes one line each, the passed checks in one line.
fn findings(d: &mut Vec<Block>, r: &Report) {
    let items: Vec<super::view::Item<'_>> = super::view::items(r)
        .into_iter()
        .filter(|i| i.id() != crate::model::ids::ROUTING_ADVICE)
        .collect();
    d.push(Block::Heading(format!(
        "Findings ({})",
        finding_counts(&items)
    )));
    for item in items.iter().filter(|i| i.severity() > Severity::Pass) {
        d.push(Block::Bullet(0, finding_spans(r, item)));
        for rule in item.rules() {
            d.push(Block::Bullet(1, vec![T(rule)]));
        }
    }
    let passes: Vec<String> = items
        .iter()
        .filter(|i| i.severity() == Severity::Pass)
        .map(|i| {
            let ps = i.passports();
            if ps.is_empty() {
                i.title()
            } else {
                format!(
                    "{} ({})",
                    i.title(),
                    ps.iter()
                        .map(|p| format!("#{}", p + 1))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        })
        .collect();
    if !passes.is_empty() {
        d.push(Block::Bullet(
            0,
            vec![
                T("✔ ".into()),
                B("passed".into()),
                T(format!(": {}", passes.join("; "))),
            ],
        ));
    }
}

/// Each decoded token in two lines: what it is and says, then its JSON.
fn passports(d: &mut Vec<Block>, r: &Report) {
    if r.passports.is_empty() {
        return;
    }
    d.push(Block::Heading("PASSporTs".into()));
    for p in &r.passports {
        let mut line = vec![
            B(format!("#{} {}", p.index + 1, p.kind_label())),
            T(format!(
                " — {} — signature {}",
                p.origin,
                p.signature.trust_label()
            )),
        ];
        let claims = claims_line(p);
        if !claims.is_empty() {
            line.push(T(format!(" — {}", claims.join(" · "))));
        }
        if let Some(x5u) = p.header.get("x5u").and_then(|v| v.as_str()) {
            line.push(T(" — x5u ".into()));
            line.push(C(x5u.into()));
        }
        if let Some(ip) = identity_params(p) {
            line.push(T(" — Identity parameters ".into()));
            line.push(C(ip));
        }
        if p.compact {
            line.push(T(" — compact form (payload not transmitted)".into()));
        }
        d.push(Block::Bullet(0, line));
        d.push(Block::Bullet(
            1,
            vec![T(format!("signature: {}", p.signature.detail))],
        ));
        for l in rcd_lines(p) {
            d.push(Block::Bullet(1, vec![T(l)]));
        }
        let json = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
        if !p.header.is_null() || !p.payload.is_null() {
            let mut spans = Vec::new();
            if !p.header.is_null() {
                spans.push(T("header ".into()));
                spans.push(C(json(&p.header)));
            }
            if !p.payload.is_null() {
                spans.push(T(" payload ".into()));
                spans.push(C(json(&p.payload)));
            }
            d.push(Block::Bullet(1, spans));
        }
    }
}

/// The call path, one hop a line, with its signature.
fn call_path(d: &mut Vec<Block>, r: &Report) {
    if r.call_path.is_empty() {
        return;
    }
    d.push(Block::Heading("Call path".into()));
    for h in &r.call_path {
        let att = h
            .attestation
            .as_deref()
            .map(|a| format!(", attestation {a}"))
            .unwrap_or_default();
        let sig = h
            .signature
            .as_deref()
            .map(|g| format!(", signature {g}"))
            .unwrap_or_default();
        d.push(Block::Bullet(
            0,
            vec![T(format!("{} → {} — {}{att}{sig}", h.from, h.to, h.via))],
        ));
    }
}

/// The certificates one line each (their broken rules are in the
/// findings), the chains one line each with their broken links.
fn trust(d: &mut Vec<Block>, r: &Report) {
    if r.certificates.is_empty() && r.chains.is_empty() {
        return;
    }
    d.push(Block::Heading("Certificates".into()));
    for c in &r.certificates {
        let (failed, _, _) = rule_counts(c);
        let mut spans = vec![
            B(c.role.as_str().into()),
            T(" ".into()),
            C(c.subject.clone()),
            T(format!(
                " — issuer {}; valid {} → {}; {}{}; from {}; {}",
                c.issuer,
                c.not_before,
                c.not_after,
                c.key,
                c.spc
                    .as_deref()
                    .map(|x| format!("; SPC {x}"))
                    .unwrap_or_default(),
                c.source,
                c.usage
            )),
        ];
        if let Some(t) = &c.tn_auth_list {
            spans.push(T(format!("; TNAuthList {} ({})", t.entries_text(), t.note)));
        }
        if failed > 0 {
            spans.push(T(format!(
                "; {failed} STI rule{} broken{}",
                if failed == 1 { "" } else { "s" },
                if c.used {
                    " (see the findings)"
                } else {
                    " (not this call's: not listed)"
                }
            )));
        }
        d.push(Block::Bullet(0, spans));
    }
    for ch in &r.chains {
        d.push(Block::Bullet(
            0,
            vec![
                B(format!("Chain {}", ch.status.as_str())),
                T(format!(": {} — {}", ch.path.join(" → "), ch.detail)),
            ],
        ));
        for l in ch.links.iter().filter(|l| !l.problems.is_empty()) {
            d.push(Block::Bullet(
                1,
                vec![T(format!(
                    "{} {} — broken: {}",
                    l.role.label(),
                    l.subject,
                    l.problems.join("; ")
                ))],
            ));
        }
    }
}

/// The certificate repositories' failed rules.
fn repositories(d: &mut Vec<Block>, r: &Report) {
    let failed: Vec<(&str, &crate::sti::RuleResult)> = r
        .repositories
        .iter()
        .flat_map(|rep| {
            rep.rules
                .iter()
                .filter(|y| y.status == crate::sti::RuleStatus::Fail)
                .map(move |y| (rep.url.as_str(), y))
        })
        .collect();
    if failed.is_empty() {
        return;
    }
    d.push(Block::Heading("Certificate repositories (x5u)".into()));
    for (url, y) in failed {
        d.push(Block::Bullet(
            0,
            vec![
                C(url.into()),
                T(" ".into()),
                C(y.rule.to_string()),
                T(format!(" ({}) — {}", y.level.as_str(), y.detail)),
            ],
        ));
    }
}

/// The webhook signature and its near misses.
fn webhook(d: &mut Vec<Block>, r: &Report) {
    let Some(w) = &r.webhook_signature else {
        return;
    };
    d.push(Block::Heading(
        "Webhook signature (X-Twilio-Signature)".into(),
    ));
    d.push(Block::Field(
        "Status",
        vec![T(format!("{} — {}", w.status.as_str(), w.detail))],
    ));
    if let Some(u) = &w.url {
        d.push(Block::Field(
            "URL",
            vec![
                C(u.clone()),
                T(format!(" ({})", w.url_source.as_deref().unwrap_or("given"))),
            ],
        ));
    }
    if let Some(m) = &w.matched {
        d.push(Block::Field("Matched", vec![T(m.clone())]));
    }
    for n in &w.near_misses {
        d.push(Block::Field(
            "Near miss",
            vec![T(format!("{} — {} ", n.cause, n.fix)), C(n.url.clone())],
        ));
    }
}

// ------------------------------------------------------------ Markdown

/// Inline Markdown for report text: URLs and e-mail-like words become code
/// spans (so nothing pasted turns into a link), and only what would start
/// markup where it stands is escaped — `cid_orig_tn_mismatch` and a `:` in
/// a URL need nothing.
pub fn md_inline(s: &str) -> String {
    let s = super::escape::clean_controls(&s.replace(['\n', '\r'], " "));
    let mut out = String::with_capacity(s.len() + 8);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word.trim_end_matches(['.', ',', ';', ')', ':']);
        let tail = &word[core.len()..];
        let lower = core.to_ascii_lowercase();
        let linkish = lower.contains("://")
            || lower.starts_with("www.")
            || (core.contains('@') && core.rsplit('@').next().is_some_and(|d| d.contains('.')))
            || lower.contains("](")
            || lower.contains("<a")
            || lower.contains("<img")
            || lower.contains("javascript:");
        if linkish && !core.is_empty() {
            out.push_str(&code(core));
            out.push_str(&escape_word(tail));
        } else {
            out.push_str(&escape_word(word));
        }
    }
    out
}

fn escape_word(w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::with_capacity(w.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let needs = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
            // Intraword underscores never make emphasis.
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '!' => next == Some('['),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            T(t) => md_inline(t),
            C(c) => code(c),
            B(b) => format!("**{}**", md_inline(b)),
        })
        .collect()
}

fn to_markdown(doc: &[Block]) -> String {
    let mut s = String::new();
    let mut in_list = false;
    for b in doc {
        let list_item = matches!(b, Block::Field(..) | Block::Bullet(..));
        if in_list && !list_item {
            s.push('\n');
        }
        in_list = list_item;
        match b {
            Block::Title(t) => {
                let _ = writeln!(s, "## {}\n", md_inline(t));
            }
            Block::Headline(h) => {
                let _ = writeln!(s, "**{}**\n", md_inline(h));
            }
            Block::Field(label, spans) => {
                if spans.is_empty() {
                    let _ = writeln!(s, "- **{label}:**");
                } else {
                    let _ = writeln!(s, "- **{label}:** {}", md_spans(spans));
                }
            }
            Block::Numbered(label, items) => {
                // An ordered list starting at 1 may follow a paragraph directly.
                let _ = writeln!(s, "**{label}:**");
                for (i, x) in items.iter().enumerate() {
                    let _ = writeln!(s, "{}. {}", i + 1, md_inline(x));
                }
                s.push('\n');
            }
            Block::Heading(h) => {
                let _ = writeln!(s, "### {}\n", md_inline(h));
            }
            Block::Bullet(depth, spans) => {
                let _ = writeln!(s, "{}- {}", "  ".repeat(*depth), md_spans(spans));
            }
            Block::Code(lang, body) => {
                let _ = writeln!(s, "\n{}\n", block(lang, body));
            }
            Block::Footer(f) => {
                let _ = writeln!(s, "_{}._", md_inline(f));
            }
        }
    }
    s
}

// ------------------------------------------------------------ text

fn text_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            T(t) | C(t) | B(t) => t.as_str(),
        })
        .collect()
}

fn to_text(doc: &[Block]) -> String {
    let mut s = String::new();
    for b in doc {
        match b {
            Block::Title(t) => {
                let _ = writeln!(s, "{t}\n{}", "=".repeat(t.chars().count()));
            }
            Block::Headline(h) => {
                let _ = writeln!(s, "{h}\n");
            }
            Block::Field(label, spans) => {
                let _ = writeln!(s, "{label}: {}", text_spans(spans));
            }
            Block::Numbered(label, items) => {
                let _ = writeln!(s, "{label}:");
                for (i, x) in items.iter().enumerate() {
                    let _ = writeln!(s, "  {}. {x}", i + 1);
                }
            }
            Block::Heading(h) => {
                let _ = writeln!(s, "\n{h}\n{}", "-".repeat(h.chars().count()));
            }
            Block::Bullet(depth, spans) => {
                let _ = writeln!(s, "{}- {}", "  ".repeat(*depth), text_spans(spans));
            }
            Block::Code(_, body) => {
                for l in body.lines() {
                    let _ = writeln!(s, "    {l}");
                }
            }
            Block::Footer(f) => {
                let _ = writeln!(s, "\n{f}");
            }
        }
    }
    s
}

/// Markdown for a ticket: the summary first, then the details.
pub fn markdown(r: &Report) -> String {
    markdown_with(r, RenderOptions::default())
}

pub fn markdown_with(r: &Report, o: RenderOptions) -> String {
    to_markdown(&document(r, o))
}

/// Plain text, for terminals and plain-text tickets: the same content,
/// no Markdown and no escapes.
pub fn text(r: &Report) -> String {
    text_with(r, RenderOptions::default())
}

pub fn text_with(r: &Report, o: RenderOptions) -> String {
    to_text(&document(r, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_only_what_starts_markup() {
        assert_eq!(md_inline("cid_orig_tn_mismatch"), "cid_orig_tn_mismatch");
        assert_eq!(
            md_inline("see https://certs.example/a.pem."),
            "see `https://certs.example/a.pem`."
        );
        assert_eq!(md_inline("[x](y) *b* _c_"), "`[x](y`) \\*b\\* \\_c\\_");
        assert_eq!(md_inline("[x] y"), "\\[x\\] y");
        assert_eq!(md_inline("a <b> c"), "a \\<b> c");
        assert_eq!(md_inline("x@evil.example"), "`x@evil.example`");
    }
}
