//! Markdown (for tickets) and plain-text renderings of a report. Both carry the
//! same content as the JSON.

use std::fmt::Write as _;

use super::escape::{block, code, md};
use super::{PassportReport, Report};
use crate::knowledge::attestation_label;
use crate::model::{Finding, Severity};

fn severity_counts(r: &Report) -> String {
    let mut parts = Vec::new();
    for (sev, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "note", "notes"),
        (Severity::Pass, "passed", "passed"),
    ] {
        let n = r.count(sev);
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

fn finding_context(f: &Finding, r: &Report) -> String {
    let mut ctx = Vec::new();
    if let Some(i) = f.passport {
        let label = r
            .passports
            .get(i)
            .map(|p| format!("PASSporT #{} ({})", i + 1, p.origin))
            .unwrap_or_else(|| format!("PASSporT #{}", i + 1));
        ctx.push(label);
    }
    if let Some(loc) = f.location {
        ctx.push(loc.to_string());
    }
    if let Some(s) = &f.source {
        ctx.push(s.clone());
    }
    ctx.join("; ")
}

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
pub fn rule_counts(c: &super::CertReport) -> (usize, usize, usize) {
    use crate::sti::RuleStatus as S;
    let n = |st: S| c.rules.iter().filter(|r| r.status == st).count();
    (n(S::Fail), n(S::Pass), n(S::NotEffective))
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
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

/// Markdown for a ticket. Every string that comes from the report is escaped
/// ([`escape::md`], [`escape::code`], [`escape::block`]): a pasted display
/// name, parameter or URL stays text — no live link, image or HTML.
/// The signed-vs-presented table, one row per pair: ("orig 12025550143",
/// "From +18005550199 \"IRS Office\"", "DIFFERENT — different numbers").
/// Presented parties without a signed counterpart get a row of their own.
pub fn presented_rows(r: &Report) -> Vec<(String, String, String)> {
    let shown = |source: &str, number: Option<&str>, name: Option<&str>| {
        let mut t = format!("{source} {}", number.unwrap_or("(no number)"));
        if let Some(n) = name {
            t.push_str(&format!(" \"{n}\""));
        }
        t
    };
    let mut rows: Vec<(String, String, String)> = r
        .call
        .signed_vs_presented
        .iter()
        .map(|p| {
            (
                format!("{} {}", p.claim, p.signed),
                shown(&p.source, p.presented.as_deref(), p.display_name.as_deref()),
                format!("{} — {}", p.matches.label(), p.note),
            )
        })
        .collect();
    if let Some(pr) = &r.call.presented {
        for q in pr.all() {
            if !r
                .call
                .signed_vs_presented
                .iter()
                .any(|p| p.source == q.source)
            {
                rows.push((
                    "(nothing signed)".into(),
                    shown(
                        &q.source,
                        q.number.as_deref().or(q.uri.as_deref()),
                        q.display_name.as_deref(),
                    ),
                    "not compared".into(),
                ));
            }
        }
        for st in &pr.stated {
            rows.push((
                "(nothing signed)".into(),
                format!(
                    "{} {} (stated by the service, not trusted)",
                    st.field, st.value
                ),
                "not compared".into(),
            ));
        }
    }
    rows
}

pub fn markdown(r: &Report) -> String {
    let mut s = String::new();
    md_summary(&mut s, r);
    md_findings(&mut s, r);
    md_passports(&mut s, r);
    md_call_path(&mut s, r);
    md_trust(&mut s, r);
    md_repositories(&mut s, r);
    md_webhook(&mut s, r);
    md_footer(&mut s, r);
    s
}

/// The verdict, verstat, attestation, verifier answer, advice, next steps,
/// CallToken and forwarding help.
fn md_summary(s: &mut String, r: &Report) {
    let _ = writeln!(s, "## calltrust: {}", md(&verdict_title(r)));
    let _ = writeln!(s);
    let _ = writeln!(s, "**{}**", md(&r.verdict.headline));
    let _ = writeln!(s);
    let rows = presented_rows(r);
    if !rows.is_empty() {
        let _ = writeln!(s, "| signed | presented | match |\n|---|---|---|");
        for (signed, shown, verdict) in &rows {
            let _ = writeln!(s, "| {} | {} | {} |", md(signed), md(shown), md(verdict));
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "- **Input:** {} ({}, {} bytes)",
        r.input.kind.describe(),
        md(&r.input.format),
        r.input.bytes
    );
    if let Some(v) = &r.verstat {
        let _ = writeln!(
            s,
            "- **Verstat:** {} ({}) — {}, attestation {}. {}",
            code(if v.value.is_empty() {
                "(empty)"
            } else {
                &v.value
            }),
            md(&v.source),
            v.outcome.as_str(),
            md(attestation_label(v.attestation)),
            md(&v.meaning)
        );
    } else {
        let _ = writeln!(s, "- **Verstat:** none in the input");
    }
    if let Some(a) = &r.verdict.attestation {
        let _ = writeln!(s, "- **Attestation:** {} — {}", a, md(a.meaning()));
    }
    let _ = writeln!(
        s,
        "- **Reference time:** {} (from {})",
        md(&r.reference_time.utc),
        r.reference_time.source.describe()
    );
    if let Some(v) = &r.verdict.verifier_response {
        let _ = writeln!(
            s,
            "- **A verifier would answer:** {} (finding {})",
            md(&v.line()),
            code(&v.finding)
        );
    } else if !r.passports.is_empty() {
        let _ = writeln!(
            s,
            "- **A verifier would answer:** accept (no fault a strict verifier rejects)"
        );
    }
    let _ = writeln!(s, "- **Routing advice:** {}", md(&r.verdict.advice));
    if !r.verdict.next_steps.is_empty() {
        let _ = writeln!(s, "\n### Next steps\n");
        for (i, step) in r.verdict.next_steps.iter().enumerate() {
            let _ = writeln!(s, "{}. {}", i + 1, md(step));
        }
    }

    if let Some(ct) = &r.call_token {
        let _ = writeln!(
            s,
            "\n### CallToken\n\n**{}** {}",
            md(&ct.summary),
            md(&ct.explanation)
        );
    }
    if let Some(fw) = &r.forwarding {
        let _ = writeln!(
            s,
            "\n### Forward this call\n\nCreate the forwarded call with the CallToken exactly as received and From {} (the original caller); fill in To.\n",
            md(&fw.from)
        );
        for sn in &fw.snippets {
            let _ = writeln!(
                s,
                "{}:\n\n{}\n",
                md(sn.label.label()),
                block(sn.label.fence(), &sn.code)
            );
        }
    }
}

/// The findings by severity, then the passed checks in one line each.
fn md_findings(s: &mut String, r: &Report) {
    let _ = writeln!(s, "\n### Findings ({})\n", severity_counts(r));
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        for f in r.findings.iter().filter(|f| f.severity == sev) {
            let _ = write!(
                s,
                "- {} **{}** {} — {}: {}",
                sev.icon(),
                sev.as_str(),
                code(&f.id),
                md(&f.title),
                md(&f.detail)
            );
            if let Some(h) = &f.hint {
                let _ = write!(s, " *Fix:* {}", md(h));
            }
            let ctx = finding_context(f, r);
            if !ctx.is_empty() {
                let _ = write!(s, " ({})", md(&ctx));
            }
            let _ = writeln!(s);
        }
    }
    let passes: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Pass)
        .collect();
    if !passes.is_empty() {
        let _ = writeln!(
            s,
            "- ✔ **passed:** {}",
            md(&passes
                .iter()
                .map(|f| {
                    match f.passport {
                        Some(i) => format!("{} (#{})", f.title, i + 1),
                        None => f.title.clone(),
                    }
                })
                .collect::<Vec<_>>()
                .join("; "))
        );
    }
}

/// Each decoded PASSporT: claims, signature, rich call data.
fn md_passports(s: &mut String, r: &Report) {
    if !r.passports.is_empty() {
        let _ = writeln!(s, "\n### PASSporTs\n");
        for p in &r.passports {
            let _ = writeln!(
                s,
                "#### #{} {} — {}\n",
                p.index + 1,
                md(&p.kind_label()),
                md(&p.origin)
            );
            let _ = writeln!(
                s,
                "- **Signature:** {} — {}",
                p.signature.trust_label(),
                md(&p.signature.detail)
            );
            let claims = claims_line(p);
            if !claims.is_empty() {
                let _ = writeln!(s, "- **Claims:** {}", md(&claims.join(" · ")));
            }
            if let Some(x5u) = p.header.get("x5u").and_then(|v| v.as_str()) {
                let _ = writeln!(s, "- **x5u:** {}", code(x5u));
            }
            if let Some(ip) = identity_params(p) {
                let _ = writeln!(s, "- **Identity parameters:** {}", code(&ip));
            }
            if p.compact {
                let _ = writeln!(s, "- **Form:** compact (payload not transmitted)");
            }
            for line in rcd_lines(p) {
                let _ = writeln!(s, "- {}", md(&line));
            }
            if !p.header.is_null() {
                let _ = writeln!(s, "\n{}", block("json", &pretty(&p.header)));
            }
            if !p.payload.is_null() {
                let _ = writeln!(s, "{}", block("json", &pretty(&p.payload)));
            }
            let _ = writeln!(s);
        }
    }
}

/// The call path, hop by hop.
fn md_call_path(s: &mut String, r: &Report) {
    if !r.call_path.is_empty() {
        let _ = writeln!(s, "### Call path\n");
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
            let _ = writeln!(
                s,
                "- {} → {} — {}",
                md(&h.from),
                md(&h.to),
                md(&format!("{}{att}{sig}", h.via))
            );
        }
        let _ = writeln!(s);
    }
}

/// Certificates, chains and their ecosystem rules.
fn md_trust(s: &mut String, r: &Report) {
    if !r.certificates.is_empty() || !r.chains.is_empty() {
        let _ = writeln!(s, "### Certificates\n");
        for c in &r.certificates {
            let _ = writeln!(
                s,
                "- **{}** {} — issuer {}; serial {}; valid {} → {}; key {}; {}from {}",
                md(c.role.as_str()),
                code(&c.subject),
                code(&c.issuer),
                md(&c.serial),
                md(&c.not_before),
                md(&c.not_after),
                md(&c.key),
                c.spc
                    .as_deref()
                    .map(|x| format!("SPC {}; ", md(x)))
                    .unwrap_or_default(),
                md(&c.source)
            );
            let (failed, passed, ne) = rule_counts(c);
            let _ = writeln!(
                s,
                "  - STI rules: {failed} failed, {passed} passed, {ne} not in effect"
            );
            for r in c
                .rules
                .iter()
                .filter(|r| r.status == crate::sti::RuleStatus::Fail)
            {
                let _ = writeln!(
                    s,
                    "    - {} ({}) — {} *{}*",
                    code(&r.rule),
                    r.level.as_str(),
                    md(&r.detail),
                    md(&r.citation)
                );
            }
            if let Some(t) = &c.tn_auth_list {
                let _ = writeln!(
                    s,
                    "  - TNAuthList: {} ({})",
                    if t.entries.is_empty() {
                        "—".to_string()
                    } else {
                        md(&t.entries.join(", "))
                    },
                    md(&t.note)
                );
            }
        }
        for ch in &r.chains {
            let _ = writeln!(
                s,
                "- **Chain {}:** {} — {}",
                ch.status.as_str(),
                md(&ch.path.join(" → ")),
                md(&ch.detail)
            );
            for l in &ch.links {
                let _ = writeln!(
                    s,
                    "  - {} {} — valid {} → {}; {}; signed with {}; {}{}",
                    l.role.label(),
                    code(&l.subject),
                    md(&l.not_before),
                    md(&l.not_after),
                    md(&l.ca),
                    md(&l.signature_algorithm),
                    l.revocation.label(),
                    if l.problems.is_empty() {
                        String::new()
                    } else {
                        format!(" — **broken:** {}", md(&l.problems.join("; ")))
                    }
                );
            }
            if let Some(v) = &ch.validator {
                let _ = writeln!(s, "  - validator: {}", md(v));
            }
        }
        let _ = writeln!(s);
    }
}

/// The certificate repositories (x5u URLs) and their rules.
fn md_repositories(s: &mut String, r: &Report) {
    if r.repositories.iter().any(|x| {
        x.rules
            .iter()
            .any(|y| y.status == crate::sti::RuleStatus::Fail)
    }) {
        let _ = writeln!(s, "### Certificate repositories (x5u)\n");
        for rep in &r.repositories {
            for y in rep
                .rules
                .iter()
                .filter(|y| y.status == crate::sti::RuleStatus::Fail)
            {
                let _ = writeln!(
                    s,
                    "- {} {} ({}) — {}",
                    code(&rep.url),
                    code(&y.rule),
                    y.level.as_str(),
                    md(&y.detail)
                );
            }
        }
        let _ = writeln!(s);
    }
}

/// The webhook signature and its near misses.
fn md_webhook(s: &mut String, r: &Report) {
    if let Some(w) = &r.webhook_signature {
        let _ = writeln!(s, "### Webhook signature (X-Twilio-Signature)\n");
        let _ = writeln!(s, "- **Status:** {} — {}", w.status.as_str(), md(&w.detail));
        if let Some(u) = &w.url {
            let _ = writeln!(
                s,
                "- **URL:** {} ({})",
                code(u),
                md(w.url_source.as_deref().unwrap_or("given"))
            );
        }
        if let Some(m) = &w.matched {
            let _ = writeln!(s, "- **Matched:** {}", md(m));
        }
        for n in &w.near_misses {
            let _ = writeln!(
                s,
                "- **Near miss:** {} — {} ({})",
                md(&n.cause),
                md(&n.fix),
                code(&n.url)
            );
        }
        let _ = writeln!(s);
    }
}

/// The closing line: version, offline, redaction.
fn md_footer(s: &mut String, r: &Report) {
    let _ = writeln!(
        s,
        "---\n_calltrust {} — analysed offline{}._",
        md(&r.tool.version),
        if r.redacted {
            "; phone numbers redacted"
        } else {
            ""
        }
    );
}

/// Plain text, for terminals and plain-text tickets.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    text_summary(&mut s, r);
    text_findings(&mut s, r);
    text_passports(&mut s, r);
    text_call_path(&mut s, r);
    text_trust(&mut s, r);
    text_webhook(&mut s, r);
    text_footer(&mut s, r);
    s
}

/// The title, headline, verstat, verifier answer, advice, next steps and CallToken.
fn text_summary(s: &mut String, r: &Report) {
    let title = format!("calltrust: {}", verdict_title(r));
    let _ = writeln!(s, "{title}\n{}", "=".repeat(title.chars().count()));
    let _ = writeln!(s, "{}\n", r.verdict.headline);
    let rows = presented_rows(r);
    if !rows.is_empty() {
        let _ = writeln!(s, "Signed vs presented:");
        let w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let w2 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
        for (signed, shown, verdict) in &rows {
            let _ = writeln!(s, "  {signed:<w$}  ↔  {shown:<w2$}  {verdict}");
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "Input:          {} ({}, {} bytes)",
        r.input.kind.describe(),
        r.input.format,
        r.input.bytes
    );
    match &r.verstat {
        Some(v) => {
            let _ = writeln!(
                s,
                "Verstat:        {} ({}) — {}, attestation {}\n                {}",
                if v.value.is_empty() {
                    "(empty)"
                } else {
                    &v.value
                },
                v.source,
                v.outcome.as_str(),
                attestation_label(v.attestation),
                v.meaning
            );
        }
        None => {
            let _ = writeln!(s, "Verstat:        none in the input");
        }
    }
    let _ = writeln!(
        s,
        "Reference time: {} (from {})",
        r.reference_time.utc,
        r.reference_time.source.describe()
    );
    if let Some(v) = &r.verdict.verifier_response {
        let _ = writeln!(s, "Verifier says:  {} [{}]", v.line(), v.finding);
    }
    let _ = writeln!(s, "Routing advice: {}", r.verdict.advice);
    if !r.verdict.next_steps.is_empty() {
        let _ = writeln!(s, "\nNext steps\n----------");
        for (i, step) in r.verdict.next_steps.iter().enumerate() {
            let _ = writeln!(s, "{}. {step}", i + 1);
        }
    }
    if let Some(ct) = &r.call_token {
        let _ = writeln!(
            s,
            "\nCallToken\n---------\n{} {}",
            ct.summary, ct.explanation
        );
    }
}

/// The findings by severity, then the passed checks.
fn text_findings(s: &mut String, r: &Report) {
    let _ = writeln!(s, "\nFindings ({})\n--------", severity_counts(r));
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        for f in r.findings.iter().filter(|f| f.severity == sev) {
            let _ = writeln!(
                s,
                "[{}] {} {}: {}",
                sev.as_str().to_uppercase(),
                f.id,
                f.title,
                f.detail
            );
            if let Some(h) = &f.hint {
                let _ = writeln!(s, "        fix: {h}");
            }
            let ctx = finding_context(f, r);
            if !ctx.is_empty() {
                let _ = writeln!(s, "        at:  {ctx}");
            }
        }
    }
    let passes: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Pass)
        .map(|f| match f.passport {
            Some(i) => format!("{} (#{})", f.title, i + 1),
            None => f.title.clone(),
        })
        .collect();
    if !passes.is_empty() {
        let _ = writeln!(s, "[PASS] {}", passes.join("; "));
    }
}

/// Each decoded PASSporT.
fn text_passports(s: &mut String, r: &Report) {
    for p in &r.passports {
        let _ = writeln!(
            s,
            "\nPASSporT #{} {} — {}\n{}",
            p.index + 1,
            p.kind_label(),
            p.origin,
            "-".repeat(20)
        );
        let _ = writeln!(
            s,
            "Signature: {} — {}",
            p.signature.trust_label(),
            p.signature.detail
        );
        for part in claims_line(p) {
            let _ = writeln!(s, "  {part}");
        }
        for line in rcd_lines(p) {
            let _ = writeln!(s, "{line}");
        }
        if let Some(ip) = identity_params(p) {
            let _ = writeln!(s, "Identity parameters: {ip}");
        }
        if let Some(h) = &p.header_json {
            let _ = writeln!(s, "Header:  {h}");
        }
        if let Some(pl) = &p.payload_json {
            let _ = writeln!(s, "Payload: {pl}");
        }
    }
}

/// The call path, hop by hop.
fn text_call_path(s: &mut String, r: &Report) {
    if !r.call_path.is_empty() {
        let _ = writeln!(s, "\nCall path\n---------");
        for h in &r.call_path {
            let att = h
                .attestation
                .as_deref()
                .map(|a| format!(", attestation {a}"))
                .unwrap_or_default();
            let _ = writeln!(s, "{} -> {} ({}{att})", h.from, h.to, h.via);
        }
    }
}

/// Certificates and chains with their STI rules.
fn text_trust(s: &mut String, r: &Report) {
    if !r.certificates.is_empty() || !r.chains.is_empty() {
        let _ = writeln!(s, "\nCertificates\n------------");
        for c in &r.certificates {
            let _ = writeln!(
                s,
                "{}: {} (issuer {}; serial {}; {} → {}; {}; from {})",
                c.role, c.subject, c.issuer, c.serial, c.not_before, c.not_after, c.key, c.source
            );
            if let Some(t) = &c.tn_auth_list {
                let _ = writeln!(s, "  TNAuthList: {} ({})", t.entries.join(", "), t.note);
            }
            let (failed, passed, ne) = rule_counts(c);
            let _ = writeln!(
                s,
                "  STI rules: {failed} failed, {passed} passed, {ne} not in effect"
            );
            for r in c
                .rules
                .iter()
                .filter(|r| r.status == crate::sti::RuleStatus::Fail)
            {
                let _ = writeln!(
                    s,
                    "    FAIL {} ({}): {} [{}]",
                    r.rule,
                    r.level.as_str(),
                    r.detail,
                    r.citation
                );
            }
        }
        for ch in &r.chains {
            let _ = writeln!(
                s,
                "Chain {}: {} — {}",
                ch.status.as_str(),
                ch.path.join(" -> "),
                ch.detail
            );
            for l in &ch.links {
                let _ = writeln!(
                    s,
                    "  {}: {} ({} → {}; {}; {}; {}){}",
                    l.role.label(),
                    l.subject,
                    l.not_before,
                    l.not_after,
                    l.ca,
                    l.signature_algorithm,
                    l.revocation.label(),
                    if l.problems.is_empty() {
                        String::new()
                    } else {
                        format!(" BROKEN: {}", l.problems.join("; "))
                    }
                );
            }
        }
    }
}

/// The webhook signature and its near misses.
fn text_webhook(s: &mut String, r: &Report) {
    if let Some(w) = &r.webhook_signature {
        let _ = writeln!(
            s,
            "\nWebhook signature\n-----------------\nStatus: {} — {}",
            w.status, w.detail
        );
        if let Some(u) = &w.url {
            let _ = writeln!(s, "URL: {u}");
        }
        for n in &w.near_misses {
            let _ = writeln!(s, "Near miss: {} — {}", n.cause, n.fix);
        }
    }
}

/// The closing line.
fn text_footer(s: &mut String, r: &Report) {
    let _ = writeln!(
        s,
        "\ncalltrust {}{}",
        r.tool.version,
        if r.redacted {
            " (phone numbers redacted)"
        } else {
            ""
        }
    );
}
