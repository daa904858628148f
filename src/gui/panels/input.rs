//! The paste box, what was detected, and where the input is broken.

use egui::text::{CCursor, CCursorRange};
use egui::{RichText, TextEdit};

use super::super::fmt::{PREVIEW_LIMIT, human_bytes};
use super::super::highlight::Cache;
use super::super::state::{Action, RefMode, Settings, ViewState};
use super::super::theme;
use crate::{Report, Severity};

pub fn paste_box_id() -> egui::Id {
    egui::Id::unique("paste_box")
}

/// Character index of a 1-based line/column in `text`.
fn char_index(text: &str, loc: crate::Location) -> usize {
    let mut idx = 0usize;
    for (n, line) in text.split('\n').enumerate() {
        if n + 1 == loc.line {
            return idx + (loc.column.saturating_sub(1)).min(line.chars().count());
        }
        idx += line.chars().count() + 1;
    }
    idx
}

/// What the input panel edits, beside the view state: the paste and the
/// settings it shows (the reference time and the iat window).
pub struct PasteInputs<'a> {
    pub text: &'a mut String,
    pub settings: &'a mut Settings,
    pub highlight: &'a mut Cache,
    /// The report is the text's own (no edit waits for its inspection).
    pub current: bool,
}

/// The input panel: the paste box, what was detected, where the input is
/// broken, and the reference time. Edits push [`Action::PasteEdited`] or
/// [`Action::Edited`].
pub fn show(
    ui: &mut egui::Ui,
    report: &Report,
    inputs: PasteInputs<'_>,
    view: &mut ViewState,
    actions: &mut Vec<Action>,
) {
    let PasteInputs {
        text,
        settings,
        highlight,
        current,
    } = inputs;
    ui.add_space(6.0);
    let heading = ui
        .horizontal(|ui| {
            let h = ui.heading("Payload");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("⏴")
                    .on_hover_text("Hide the paste panel (Ctrl+Shift+P): more room for the verdict")
                    .clicked()
                {
                    actions.push(Action::ToggleInputPanel);
                }
            });
            h
        })
        .inner;
    ui.label(RichText::new("Paste a Twilio webhook, raw HTTP request, CallToken, SIP INVITE, Identity header, PASSporT or verstat value.").weak());
    ui.horizontal(|ui| {
        let kind = report.input.kind;
        ui.label(RichText::new(format!("Detected: {}", kind.describe())).strong());
        if !matches!(
            kind,
            crate::InputKind::Empty | crate::InputKind::Unrecognized
        ) {
            ui.label(RichText::new(format!("({})", report.input.format)).weak());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Clear")
                .on_hover_text("Clear the paste box (Ctrl+L)")
                .clicked()
            {
                actions.push(Action::Clear);
            }
        });
    });

    // Problems with a location in the paste.
    let problems: Vec<crate::Finding> = report
        .findings
        .iter()
        .filter(|f| f.location.is_some() && f.severity >= Severity::Warning)
        .filter(|f| crate::ids::PARSE_PROBLEMS.contains(&f.id))
        .cloned()
        .collect();
    if !problems.is_empty() {
        super::super::widgets::alert(ui, Severity::Error, |ui| {
            for f in problems.iter().take(8) {
                let loc = f.location.unwrap_or(crate::Location { line: 1, column: 1 });
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(f.severity.icon())
                            .color(theme::severity_color(f.severity, ui.visuals())),
                    );
                    if ui
                        .link(format!("line {}, column {}", loc.line, loc.column))
                        .on_hover_text("Put the cursor there")
                        .clicked()
                    {
                        actions.push(Action::JumpTo(loc));
                    }
                    ui.label(format!(
                        "{}: {}",
                        f.title,
                        super::super::wording::window(&f.detail)
                    ));
                });
            }
        });
    }

    ui.add_space(4.0);
    let avail = ui.available_height() - 120.0;
    if text.len() > PREVIEW_LIMIT {
        ui.label(RichText::new(format!(
                "{} loaded — showing the first {} (the whole text is inspected). Clear it to paste something else.",
                human_bytes(text.len()),
                human_bytes(32 * 1024)
            ))
            .strong());
        let mut cut = 32 * 1024;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut preview: &str = &text[..cut];
        egui::ScrollArea::vertical()
            .max_height(avail.max(120.0))
            .show(ui, |ui| {
                ui.add(
                    TextEdit::multiline(&mut preview)
                        .id(paste_box_id())
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .desired_rows(20),
                )
                .labelled_by(heading.id);
            });
    } else {
        let mut changed = false;
        let redact = settings.redact;
        // Located problems, while the report is the text's own (not
        // while an edit waits for its inspection).
        let problems: Vec<crate::Location> = if current {
            report
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .filter_map(|f| f.location)
                .collect()
        } else {
            Vec::new()
        };
        let cache = highlight;
        // Coloured like jwt.io, problems underlined; with redaction on,
        // numbers are masked on screen too (screen sharing). Masking keeps
        // the character count, so editing and locations still line up.
        let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
            let font = egui::TextStyle::Monospace.resolve(ui.style());
            let mut job = cache.job(buf.as_str(), redact, &problems, font, ui.visuals());
            job.wrap.max_width = wrap_width;
            ui.fonts_mut(|f| f.layout_job(job))
        };
        egui::ScrollArea::vertical()
            .id_salt("paste_scroll")
            .max_height(avail.max(120.0))
            .show(ui, |ui| {
                let out = TextEdit::multiline(text)
                    .layouter(&mut layouter)
                    .id(paste_box_id())
                    .code_editor()
                    .hint_text(
                        "Paste here (Ctrl+V), open a file (Ctrl+O), drop a file, or pick a sample.",
                    )
                    .desired_width(f32::INFINITY)
                    .desired_rows(24)
                    // Tab moves on to the next control: a payload has no
                    // reason to need a tab character.
                    .lock_focus(false)
                    .show(ui);
                let resp = out.response.response.labelled_by(heading.id);
                changed = resp.changed();
            });
        if changed {
            actions.push(Action::PasteEdited);
        }
    }
    if let Some(loc) = view.jump.take() {
        let ctx = ui.ctx().clone();
        let idx = char_index(text, loc);
        if let Some(mut state) = TextEdit::load_state(&ctx, paste_box_id()) {
            state
                .cursor
                .set_char_range(Some(CCursorRange::one(CCursor::new(idx))));
            TextEdit::store_state(&ctx, paste_box_id(), state);
        }
        ctx.memory_mut(|m| m.request_focus(paste_box_id()));
    }

    ui.separator();
    let before = (
        settings.reference_mode,
        settings.reference_time.clone(),
        settings.max_age,
    );
    egui::Grid::new("reftime_grid").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
            ui.label("Judge iat against");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.reference_mode, RefMode::Now, "now");
                ui.radio_value(&mut settings.reference_mode, RefMode::Given, "a given time");
            });
            ui.end_row();
            let l = ui.label("Reference time");
            ui.add_enabled(
                settings.reference_mode == RefMode::Given,
                TextEdit::singleline(&mut settings.reference_time).hint_text("2026-11-22T09:30:00Z or Unix seconds").desired_width(230.0),
            )
            .labelled_by(l.id)
            .on_hover_text("Reference time for iat (Unix seconds or RFC 3339). A SIP Date header in the paste always wins.");
            ui.end_row();
            let l = ui.label("iat window");
            ui.add(egui::DragValue::new(&mut settings.max_age).range(1..=86_400).suffix(" s")).labelled_by(l.id);
            ui.end_row();
        });
    if before
        != (
            settings.reference_mode,
            settings.reference_time.clone(),
            settings.max_age,
        )
    {
        actions.push(Action::Edited);
    }
    if settings.reference_mode == RefMode::Given {
        match crate::timefmt::parse_at(&settings.reference_time) {
            Ok(t) => {
                ui.label(RichText::new(format!("= {}", crate::timefmt::utc(t))).weak());
            }
            Err(_) if settings.reference_time.trim().is_empty() => {
                ui.label(
                    RichText::new("Type a time; until then iat is judged against now.").weak(),
                );
            }
            Err(e) => {
                ui.label(
                    RichText::new(e).color(theme::severity_color(Severity::Error, ui.visuals())),
                );
            }
        }
    }
    ui.label(
        RichText::new(format!(
            "Reference time in use: {} — from {}.",
            report.reference_time.utc,
            report.reference_time.source.describe()
        ))
        .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_of_locations() {
        let t = "ab\ncdé\nfg";
        assert_eq!(char_index(t, crate::Location { line: 1, column: 1 }), 0);
        assert_eq!(char_index(t, crate::Location { line: 2, column: 3 }), 5);
        assert_eq!(char_index(t, crate::Location { line: 3, column: 2 }), 8);
        assert_eq!(char_index(t, crate::Location { line: 9, column: 1 }), 10);
    }
}
