//! The batch view: a folder, log, CSV or capture inspected off the UI thread
//! with progress and Cancel; a virtualised, sortable, filterable table of
//! every payload; charts of outcome × attestation, the top errors and the
//! signers; a click on a row opens that payload in the single-call view.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::{Color32, RichText, Sense, Ui, Vec2};

use super::state::Action;
use super::theme;
use crate::batch::{self, Row, Summary, Tally, files};
use crate::model::Attestation;
use crate::report::Outcome;
use crate::{Options, Severity};

/// Payload bytes the window keeps for click-through; past this a click
/// reads the payload again from its file.
const KEEP_BYTES: usize = 256 * 1024 * 1024;
/// Rows sent to the window at a time.
const SEND_EVERY: usize = 256;

enum Msg {
    Rows(Vec<(Row, Option<Vec<u8>>)>, f32),
    Failed(String),
    Done(Summary),
}

/// How the table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Position,
    Time,
    Call,
    Outcome,
    Attestation,
    Spc,
    Error,
}

pub struct BatchRow {
    pub row: Row,
    /// The payload, when kept.
    pub bytes: Option<Vec<u8>>,
}

pub struct BatchView {
    pub title: String,
    pub paths: Vec<PathBuf>,
    pub rows: Vec<BatchRow>,
    tally: Tally,
    /// The final summary (with skipped counts) once done.
    pub summary: Option<Summary>,
    pub running: bool,
    pub progress: f32,
    pub error: Option<String>,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Msg>,
    pub filter: String,
    pub sort: SortKey,
    pub ascending: bool,
    /// Indexes of `rows` shown, in order (recomputed when rows, filter or sort change).
    view: Vec<usize>,
    /// The summary of the rows shown (the charts follow the filter).
    view_summary: Summary,
    view_key: (usize, String, SortKey, bool),
    pub selected: Option<usize>,
    kept: usize,
    pub reading: files::Reading,
    pub started: std::time::Instant,
    pub elapsed: Option<std::time::Duration>,
}

impl BatchView {
    /// Start inspecting `paths` with `opts` on a worker thread.
    pub fn start(paths: Vec<PathBuf>, opts: Options, ctx: Option<egui::Context>) -> Self {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let title = paths
            .iter()
            .map(|p| super::fmt::file_name(p))
            .collect::<Vec<_>>()
            .join(", ");
        let reading = files::Reading::default();
        let (c, r, ps) = (cancel.clone(), reading.clone(), paths.clone());
        std::thread::spawn(move || {
            let wake = || {
                if let Some(c) = &ctx {
                    c.request_repaint();
                }
            };
            let plans = match files::plan(&ps) {
                Ok(p) => p,
                Err(e) => {
                    let _ = tx.send(Msg::Failed(e));
                    wake();
                    return;
                }
            };
            let (payloads, progress) = files::open(plans, r);
            let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
            let settings = batch::Settings {
                jobs,
                cancel: Some(&c),
                fetch: None,
            };
            let mut pending = Vec::new();
            let mut kept = 0usize;
            let mut last = std::time::Instant::now();
            let summary = batch::run(payloads, &opts, &settings, |d| {
                let bytes = match d.payload.data {
                    batch::Data::Bytes(b) if kept + b.len() <= KEEP_BYTES => {
                        kept += b.len();
                        Some(b)
                    }
                    _ => None,
                };
                pending.push((d.row, bytes));
                if pending.len() >= SEND_EVERY || last.elapsed().as_millis() > 100 {
                    let _ = tx.send(Msg::Rows(std::mem::take(&mut pending), progress.fraction()));
                    last = std::time::Instant::now();
                    wake();
                }
            });
            let _ = tx.send(Msg::Rows(pending, 1.0));
            let _ = tx.send(Msg::Done(summary));
            wake();
        });
        BatchView {
            title,
            paths,
            rows: Vec::new(),
            tally: Tally::default(),
            summary: None,
            running: true,
            progress: 0.0,
            error: None,
            cancel,
            rx,
            filter: String::new(),
            sort: SortKey::Position,
            ascending: true,
            view: Vec::new(),
            view_summary: Summary::default(),
            view_key: (usize::MAX, String::new(), SortKey::Position, true),
            selected: None,
            kept: 0,
            reading,
            started: std::time::Instant::now(),
            elapsed: None,
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Take what the worker sent. Returns true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        for m in self.rx.try_iter() {
            changed = true;
            match m {
                Msg::Rows(rows, p) => {
                    self.progress = p;
                    for (row, bytes) in rows {
                        self.tally.add(&row);
                        self.kept += bytes.as_ref().map_or(0, Vec::len);
                        self.rows.push(BatchRow { row, bytes });
                    }
                }
                Msg::Failed(e) => {
                    self.error = Some(e);
                    self.running = false;
                    self.elapsed = Some(self.started.elapsed());
                }
                Msg::Done(s) => {
                    self.summary = Some(s);
                    self.running = false;
                    self.progress = 1.0;
                    self.elapsed = Some(self.started.elapsed());
                }
            }
        }
        changed
    }

    /// The summary: final when done, else the counts so far.
    pub fn current_summary(&self) -> Summary {
        match &self.summary {
            Some(s) => s.clone(),
            None => self.tally.summary(),
        }
    }

    /// The rows as CSV (the CLI's `--format csv`).
    pub fn csv(&self) -> String {
        let mut out = batch::csv_line(batch::CSV_HEADER);
        for r in &self.rows {
            out.extend(batch::csv_line(r.row.csv_record()));
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn refresh_view(&mut self) {
        let key = (
            self.rows.len(),
            self.filter.clone(),
            self.sort,
            self.ascending,
        );
        if key == self.view_key {
            return;
        }
        let needle = self.filter.trim().to_ascii_lowercase();
        let mut v: Vec<usize> = (0..self.rows.len())
            .filter(|&i| needle.is_empty() || matches(&self.rows[i].row, &needle))
            .collect();
        let rows = &self.rows;
        match self.sort {
            SortKey::Position => {}
            SortKey::Time => v.sort_by(|&a, &b| rows[a].row.time.cmp(&rows[b].row.time)),
            SortKey::Call => v.sort_by(|&a, &b| rows[a].row.call_id.cmp(&rows[b].row.call_id)),
            SortKey::Outcome => v.sort_by_key(|&i| outcome_rank(rows[i].row.outcome)),
            SortKey::Attestation => {
                v.sort_by(|&a, &b| rows[a].row.attestation.cmp(&rows[b].row.attestation))
            }
            SortKey::Spc => v.sort_by(|&a, &b| rows[a].row.spc.cmp(&rows[b].row.spc)),
            SortKey::Error => {
                v.sort_by(|&a, &b| rows[a].row.errors.first().cmp(&rows[b].row.errors.first()))
            }
        }
        if !self.ascending {
            v.reverse();
        }
        let mut tally = Tally::default();
        for &i in &v {
            tally.add(&self.rows[i].row);
        }
        self.view_summary = tally.summary();
        self.view = v;
        self.view_key = key;
    }

    /// The rows shown, as the table lists them (for tests).
    pub fn shown_rows(&mut self) -> Vec<&Row> {
        self.refresh_view();
        self.view.iter().map(|&i| &self.rows[i].row).collect()
    }

    /// Rows shown, for tests.
    pub fn shown(&mut self) -> usize {
        self.refresh_view();
        self.view.len()
    }
}

/// The filter matches any column's text; a number matches by its digits
/// (`+1 202-555-0143` finds `+12025550143`).
fn matches(r: &Row, needle: &str) -> bool {
    let hay = |s: &str| s.to_ascii_lowercase().contains(needle);
    let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
    // Digits with any separators a person types (`+1 800 555-0011`, `(800)…`).
    let number_like = digits.len() >= 6 && !needle.chars().any(|c| c.is_alphabetic());
    let same_digits = |s: &Option<String>| {
        s.as_deref().is_some_and(|v| {
            let d: String = v.chars().filter(char::is_ascii_digit).collect();
            d.contains(&digits) || digits.contains(&d) && d.len() >= 7
        })
    };
    if number_like
        && [&r.from, &r.to, &r.orig, &r.dest]
            .into_iter()
            .any(same_digits)
    {
        return true;
    }
    [&r.call_id, &r.from, &r.to, &r.orig, &r.dest, &r.time]
        .into_iter()
        .any(|c| c.as_deref().is_some_and(hay))
        || r.answered.is_some_and(|c| hay(&c.to_string()))
        || hay(&r.source)
        || hay(r.outcome.as_str())
        || r.attestation.is_some_and(|a| hay(a.as_str()))
        || r.verstat.as_deref().is_some_and(hay)
        || r.spc.as_deref().is_some_and(hay)
        || r.errors.iter().any(|e| hay(e.as_str()))
        || hay(&r.headline)
        || r.verifier_response.is_some_and(|c| hay(&c.to_string()))
}

fn outcome_rank(o: Outcome) -> u8 {
    match o {
        Outcome::Failed => 0,
        Outcome::Signed => 1,
        Outcome::Unreadable => 2,
        Outcome::Unknown => 3,
        Outcome::NoValidation => 4,
        Outcome::Passed => 5,
        Outcome::Verified => 6,
    }
}

const OUTCOMES: [Outcome; 7] = [
    Outcome::Failed,
    Outcome::Signed,
    Outcome::Unreadable,
    Outcome::Unknown,
    Outcome::NoValidation,
    Outcome::Passed,
    Outcome::Verified,
];
const ATTESTATIONS: [Option<Attestation>; 4] = [
    Some(Attestation::A),
    Some(Attestation::B),
    Some(Attestation::C),
    None,
];

/// The whole batch view.
pub fn show(ui: &mut Ui, b: &mut BatchView, actions: &mut Vec<Action>) {
    header(ui, b, actions);
    if let Some(e) = &b.error {
        ui.colored_label(
            theme::severity_color(Severity::Error, ui.visuals()),
            format!("⛔ Could not read the batch: {e}"),
        );
        return;
    }
    ui.separator();
    b.refresh_view();
    let filtered = !b.filter.trim().is_empty();
    let summary = if filtered {
        b.view_summary.clone()
    } else {
        b.current_summary()
    };
    if filtered {
        ui.label(
            RichText::new(format!(
                "Charts and table follow the filter: {} of {} rows",
                b.view.len(),
                b.rows.len()
            ))
            .weak(),
        );
    }
    charts(ui, &summary);
    ui.separator();
    table(ui, b, actions);
}

fn header(ui: &mut Ui, b: &mut BatchView, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("Batch: {}", b.title))
                .strong()
                .size(15.0),
        );
        ui.separator();
        let s = b.current_summary();
        ui.label(format!(
            "{} payload{} · {} with errors",
            s.rows,
            if s.rows == 1 { "" } else { "s" },
            s.rows_with_errors
        ));
        let skipped: u64 = s.skipped.values().sum();
        if skipped > 0 {
            ui.label(
                RichText::new(format!(
                    "· {skipped} SIP messages that are not calls given no row"
                ))
                .weak(),
            )
            .on_hover_text(
                s.skipped
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        if s.cancelled {
            ui.colored_label(
                theme::severity_color(Severity::Warning, ui.visuals()),
                "· cancelled: the counts cover what was read",
            );
        }
        if let Some(t) = b.elapsed {
            ui.label(RichText::new(format!("· {:.1} s", t.as_secs_f64())).weak());
        }
    });
    ui.horizontal(|ui| {
        if b.running {
            ui.add(
                egui::ProgressBar::new(b.progress)
                    .desired_width(260.0)
                    .show_percentage()
                    .text(format!(
                        "{} rows · {:.0}%",
                        b.rows.len(),
                        b.progress * 100.0
                    )),
            );
            if ui
                .button("⏹ Cancel")
                .on_hover_text("Stop reading (Esc)")
                .clicked()
            {
                b.cancel();
            }
        }
        let l = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(&mut b.filter)
                .hint_text("CallSid, Call-ID, number, outcome, SPC, error id…")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        ui.separator();
        if ui
            .button("📋 Copy summary")
            .on_hover_text("The summary as Markdown, for a ticket")
            .clicked()
        {
            actions.push(Action::CopyText(b.current_summary().markdown(), "summary"));
        }
        if ui
            .button("💾 Save rows as CSV…")
            .on_hover_text("Every row, as `calltrust batch --format csv` writes them")
            .clicked()
        {
            actions.push(Action::SaveText {
                content: b.csv(),
                name: "calltrust-batch.csv".into(),
                filter: ("CSV", "csv"),
            });
        }
        if ui.button("💾 Save summary…").clicked() {
            actions.push(Action::SaveText {
                content: b.current_summary().markdown(),
                name: "calltrust-batch-summary.md".into(),
                filter: ("Markdown", "md"),
            });
        }
        if ui
            .button("✖ Close batch")
            .on_hover_text("Back to the single-call view")
            .clicked()
        {
            actions.push(Action::CloseBatch);
        }
    });
}

/// A labelled horizontal bar made of coloured segments.
fn bar(ui: &mut Ui, label: &str, segments: &[(u64, Color32, String)], max: u64, width: f32) {
    ui.horizontal(|ui| {
        ui.add_sized(
            [150.0, 18.0],
            egui::Label::new(RichText::new(label).monospace()).truncate(),
        );
        let total: u64 = segments.iter().map(|s| s.0).sum();
        let (rect, resp) = ui.allocate_exact_size(Vec2::new(width, 14.0), Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
        let mut x = rect.left();
        for (n, c, _) in segments {
            let w = if max == 0 {
                0.0
            } else {
                width * *n as f32 / max as f32
            };
            if w > 0.0 {
                let r = egui::Rect::from_min_size(
                    egui::pos2(x, rect.top()),
                    Vec2::new(w, rect.height()),
                );
                painter.rect_filled(r, 0.0, *c);
                x += w;
            }
        }
        ui.label(total.to_string());
        let tip: Vec<String> = segments
            .iter()
            .filter(|s| s.0 > 0)
            .map(|(n, _, name)| format!("{name}: {n}"))
            .collect();
        if !tip.is_empty() {
            resp.on_hover_text(tip.join("\n"));
        }
    });
}

fn charts(ui: &mut Ui, s: &Summary) {
    let v = ui.visuals().clone();
    ui.columns(3, |cols| {
        // Outcomes in the badge's colours; the attestation split on hover.
        let ui = &mut cols[0];
        ui.label(RichText::new("Outcome (attestation on hover)").strong());
        let max = s.by_outcome.values().copied().max().unwrap_or(0);
        for o in OUTCOMES {
            let by = s.by_outcome_attestation.get(o.as_str());
            let fill = theme::outcome_fill(o, &v);
            let segs: Vec<(u64, Color32, String)> = ATTESTATIONS
                .iter()
                .map(|a| {
                    (
                        by.and_then(|m| m.get(batch::attestation_key(*a)))
                            .copied()
                            .unwrap_or(0),
                        fill,
                        format!("{} · attestation {}", o.label(), batch::attestation_key(*a)),
                    )
                })
                .collect();
            bar(ui, o.label(), &segs, max, 120.0);
        }
        // Top errors.
        let ui = &mut cols[1];
        ui.label(RichText::new("Most frequent errors").strong());
        if s.top_errors.is_empty() {
            ui.label(RichText::new("No error findings.").weak());
        }
        let max = s.top_errors.first().map_or(0, |e| e.count);
        let err = theme::severity_color(Severity::Error, &v);
        for e in s.top_errors.iter().take(8) {
            bar(
                ui,
                e.id.as_str(),
                &[(
                    e.count,
                    err,
                    format!(
                        "first at {} #{}",
                        super::fmt::file_name(std::path::Path::new(&e.example.source)),
                        e.example.position
                    ),
                )],
                max,
                120.0,
            );
        }
        // Signers.
        let ui = &mut cols[2];
        ui.label(RichText::new("Calls per signer (SPC)").strong());
        let mut spcs: Vec<(&String, &batch::SpcCount)> = s.by_spc.iter().collect();
        spcs.sort_by_key(|x| std::cmp::Reverse(x.1.rows));
        let max = spcs.first().map_or(0, |x| x.1.rows);
        let ok = theme::outcome_fill(Outcome::Verified, &v);
        let bad = theme::outcome_fill(Outcome::Failed, &v);
        for (spc, c) in spcs.iter().take(8) {
            let label = if spc.as_str() == batch::NONE {
                "no certificate".to_string()
            } else {
                format!("SPC {spc}")
            };
            bar(
                ui,
                &label,
                &[
                    (c.rows - c.failed, ok, "not failed".into()),
                    (c.failed, bad, "failed".into()),
                ],
                max,
                120.0,
            );
        }
    });
}

fn sort_button(ui: &mut Ui, b: &mut BatchView, key: SortKey, label: &str) {
    let arrow = if b.sort == key {
        if b.ascending { " ⏶" } else { " ⏷" }
    } else {
        ""
    };
    if ui
        .add(egui::Button::new(RichText::new(format!("{label}{arrow}")).strong()).frame(false))
        .on_hover_text("Sort by this column (click again to reverse)")
        .clicked()
    {
        if b.sort == key {
            b.ascending = !b.ascending;
        } else {
            b.sort = key;
            b.ascending = true;
        }
    }
}

fn table(ui: &mut Ui, b: &mut BatchView, actions: &mut Vec<Action>) {
    use egui_extras::{Column, TableBuilder};
    b.refresh_view();
    // A click anywhere on a row opens it: cell text is not selectable.
    ui.style_mut().interaction.selectable_labels = false;
    let v = ui.visuals().clone();
    let height = 22.0;
    let mut clicked = None;
    let pair = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (None, None) => "–".to_string(),
        (a, b) => format!(
            "{} → {}",
            a.as_deref().unwrap_or("?"),
            b.as_deref().unwrap_or("?")
        ),
    };
    // Every column on screen at 1024 px: the fixed ones take what they need,
    // the text columns share the rest (wider windows widen them); a cut
    // value shows whole on hover.
    let fixed = 110.0 + 34.0 + 56.0 + 64.0;
    // Cell padding, the resize handles and the scroll bar.
    let spacing = 10.0 * (ui.spacing().item_spacing.x + 6.0) + 16.0;
    let share = ((ui.available_width() - fixed - spacing) / 6.2).max(64.0);
    TableBuilder::new(ui)
        .id_salt("batch_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(share * 0.9).at_least(60.0).clip(true).resizable(true))
        .column(Column::initial(share).at_least(60.0).clip(true).resizable(true))
        .column(Column::initial(share * 1.2).at_least(70.0).clip(true).resizable(true))
        .column(Column::initial(share * 1.1).at_least(70.0).clip(true).resizable(true))
        .column(Column::exact(110.0))
        .column(Column::exact(34.0))
        .column(Column::exact(56.0))
        .column(Column::exact(64.0))
        .column(Column::initial(share).at_least(60.0).clip(true).resizable(true))
        .column(Column::remainder().at_least(60.0).clip(true))
        .header(height, |mut h| {
            h.col(|ui| sort_button(ui, b, SortKey::Time, "Time"));
            h.col(|ui| sort_button(ui, b, SortKey::Call, "CallSid / Call-ID"));
            h.col(|ui| {
                ui.strong("From → To")
                    .on_hover_text("As presented to the callee (From/To, or a webhook's From/To)");
            });
            h.col(|ui| {
                ui.strong("orig → dest")
                    .on_hover_text("As signed (the SHAKEN orig, the last dest)");
            });
            h.col(|ui| sort_button(ui, b, SortKey::Outcome, "Outcome"));
            h.col(|ui| sort_button(ui, b, SortKey::Attestation, "Att."));
            h.col(|ui| sort_button(ui, b, SortKey::Spc, "SPC"));
            h.col(|ui| {
                ui.strong("Verifier").on_hover_text(
                    "What a strict verifier would answer (SIP code); after a slash, what the far end answered when the capture has it",
                );
            });
            h.col(|ui| sort_button(ui, b, SortKey::Error, "First error"));
            h.col(|ui| sort_button(ui, b, SortKey::Position, "Source #"));
        })
        .body(|body| {
            body.rows(height, b.view.len(), |mut row| {
                let idx = b.view[row.index()];
                let r = &b.rows[idx].row;
                row.set_selected(b.selected == Some(idx));
                row.col(|ui| {
                    let t = r.time.as_deref().unwrap_or("–");
                    ui.label(RichText::new(t).small()).on_hover_text(t);
                });
                row.col(|ui| {
                    let t = r.call_id.as_deref().unwrap_or("–");
                    ui.label(RichText::new(t).monospace()).on_hover_text(t);
                });
                row.col(|ui| {
                    let t = pair(&r.from, &r.to);
                    ui.label(RichText::new(&t).monospace()).on_hover_text(&t);
                });
                row.col(|ui| {
                    let t = pair(&r.orig, &r.dest);
                    ui.label(RichText::new(&t).monospace()).on_hover_text(&t);
                });
                row.col(|ui| {
                    let fill = theme::outcome_fill(r.outcome, &v);
                    super::widgets::pill(ui, r.outcome.label(), fill);
                });
                row.col(|ui| {
                    ui.label(r.attestation.map_or("–", |a| a.as_str()));
                });
                row.col(|ui| {
                    ui.label(r.spc.as_deref().unwrap_or("–"));
                });
                row.col(|ui| {
                    let ours = r.verifier_response.map(|c| c.to_string()).unwrap_or_else(|| "–".into());
                    let text = match r.answered {
                        Some(a) => format!("{ours} / {a}"),
                        None => ours,
                    };
                    ui.label(text);
                });
                row.col(|ui| {
                    ui.label(
                        RichText::new(r.errors.first().map(|e| e.as_str()).unwrap_or(""))
                            .color(theme::severity_color(Severity::Error, &v)),
                    )
                    .on_hover_text(&r.headline);
                });
                row.col(|ui| {
                    ui.label(format!(
                        "{} #{}",
                        super::fmt::file_name(std::path::Path::new(&r.source)),
                        r.position
                    ));
                });
                if row.response().clicked() {
                    clicked = Some(idx);
                }
            });
        });
    if let Some(i) = clicked {
        b.selected = Some(i);
        actions.push(Action::OpenBatchRow(i));
    }
}
