//! Top bar, status bar, settings window, toasts and the drop overlay.

use crate::gui::commands::UiCommand;
use egui::{Align2, RichText};

use super::super::fmt::human_bytes;
use super::super::state::{Action, RefMode, Settings, ThemeChoice, Toast, ToastKind, ViewState};
use super::super::theme;
use crate::{Format, Report};

/// The top bar: open, paste, batch, samples, copy and save, redact, theme,
/// settings. `back_to_batch` is the row count of a batch that is not on screen.
/// "Open a payload file (Ctrl+O)": a command's words and keys.
fn hover(ui: &egui::Ui, c: UiCommand) -> String {
    let label = c.label();
    let mut first = label.chars();
    let upper: String = first
        .next()
        .map(|f| f.to_uppercase().chain(first).collect())
        .unwrap_or_default();
    format!("{upper} ({})", c.hint(ui.ctx()))
}

pub fn top_bar(
    ui: &mut egui::Ui,
    settings: &Settings,
    back_to_batch: Option<usize>,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("calltrust").strong().size(16.0));
        ui.separator();
        if ui
            .button("📂 Open…")
            .on_hover_text(hover(ui, UiCommand::Open))
            .clicked()
        {
            actions.push(Action::OpenFile);
        }
        if ui
            .button("📋 Paste")
            .on_hover_text("Replace the paste box with the clipboard text")
            .clicked()
        {
            actions.push(Action::PasteClipboard);
        }
        ui.menu_button("📂 Batch ⏷", |ui| {
            if ui
                .button("Open folder…")
                .on_hover_text("Inspect every payload file in a folder, one row each")
                .clicked()
            {
                actions.push(Action::OpenBatchFolder);
                ui.close();
            }
            if ui
                .button("Open log, CSV or capture…")
                .on_hover_text("JSON lines of webhooks, a SIP log, a CDR export or a pcap/pcapng")
                .clicked()
            {
                actions.push(Action::OpenBatchFile);
                ui.close();
            }
        });
        if let Some(rows) = back_to_batch
            && ui
                .button(format!("⬅ Back to batch ({rows} rows)"))
                .on_hover_text("Return to the batch table (Ctrl+B)")
                .clicked()
        {
            actions.push(Action::ShowBatch);
        }
        ui.menu_button("Samples ⏷", |ui| {
            for (i, s) in crate::samples::SAMPLES.iter().enumerate() {
                if ui.button(s.name).on_hover_text(s.description).clicked() {
                    actions.push(Action::LoadSample(i));
                    ui.close();
                }
            }
        });
        ui.separator();
        ui.menu_button("Copy report ⏷", |ui| {
            ui.label(RichText::new(hover(ui, UiCommand::Copy)).weak());
            for f in Format::ALL {
                if ui
                    .button(f.label())
                    .on_hover_text(format!(
                        "Copy the {} report (same as the CLI's --format)",
                        f.label()
                    ))
                    .clicked()
                {
                    actions.push(Action::Copy(f));
                    ui.close();
                }
            }
        });
        ui.menu_button("Save report ⏷", |ui| {
            ui.label(RichText::new(hover(ui, UiCommand::Save)).weak());
            for f in Format::ALL {
                if ui.button(format!("{}…", f.label())).clicked() {
                    actions.push(Action::Save(f));
                    ui.close();
                }
            }
        });
        ui.separator();
        let mut redact = settings.redact;
        if ui
            .checkbox(&mut redact, "Redact numbers")
            .on_hover_text(
                "Mask the middle digits of every phone number in everything shown and exported",
            )
            .changed()
        {
            actions.push(Action::SetRedact(redact));
        }
        if ui
            .button(settings.theme.label())
            .on_hover_text("Follow the system, dark or light")
            .clicked()
        {
            actions.push(Action::CycleTheme);
        }
        if ui.button("⚙ Settings").clicked() {
            actions.push(Action::ToggleSettings);
        }
    });
}

/// What the status bar says beside the report: a shown batch (rows so far,
/// still running), how long the inspection took, where the paste came from.
pub struct StatusLine<'a> {
    pub batch: Option<(usize, bool)>,
    pub last_millis: Option<u128>,
    pub source: Option<&'a str>,
}

/// The status bar: what is in flight, what was inspected, offline.
pub fn status_bar(ui: &mut egui::Ui, report: &Report, view: &ViewState, line: StatusLine<'_>) {
    ui.horizontal(|ui| {
        if view.inspecting || view.fetching {
            ui.spinner();
            ui.label(if view.fetching {
                "Fetching certificates…"
            } else {
                "Inspecting…"
            });
            ui.separator();
        }
        let r = report;
        if let Some((rows, running)) = line.batch {
            if running {
                ui.spinner();
            }
            ui.label(format!(
                "Batch: {rows} rows{}",
                if running {
                    " so far — Esc cancels"
                } else {
                    ""
                }
            ));
            ui.label(RichText::new("· click a row to open it in the single-call view").weak());
        } else {
            ui.label(format!(
                "{} · {}",
                r.input.kind.describe(),
                human_bytes(r.input.bytes)
            ));
            if let Some(ms) = line.last_millis {
                ui.label(format!("· inspected in {ms} ms"));
            }
            if let Some(src) = line.source {
                ui.label(format!("· {src}"));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new("Offline — nothing pasted leaves this machine").weak());
            if r.redacted {
                ui.label(RichText::new("numbers redacted ·").weak());
            }
        });
    });
}

/// The settings window; a change that affects the report pushes [`Action::Edited`].
pub fn settings_window(
    ctx: &egui::Context,
    settings: &mut Settings,
    view: &mut ViewState,
    actions: &mut Vec<Action>,
) {
    let mut open = view.settings_open;
    let before = settings.clone();
    egui::Window::new("Settings").open(&mut open).resizable(false).collapsible(false).show(ctx, |ui| {
            egui::Grid::new("settings_grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                ui.label("Theme");
                ui.horizontal(|ui| {
                    for t in [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light] {
                        ui.selectable_value(&mut settings.theme, t, t.label().trim_start_matches("Theme: "));
                    }
                });
                ui.end_row();
                ui.label("Phone numbers");
                ui.checkbox(&mut settings.redact, "Redact in everything shown and exported");
                ui.end_row();
                ui.label("iat window");
                ui.add(egui::DragValue::new(&mut settings.max_age).range(1..=86_400).suffix(" s"));
                ui.end_row();
                ui.label("Reference time");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut settings.reference_mode, RefMode::Now, "Now");
                    ui.radio_value(&mut settings.reference_mode, RefMode::Given, "Given time");
                });
                ui.end_row();
                ui.label("Copy / save format");
                ui.horizontal(|ui| {
                    for f in Format::ALL {
                        ui.selectable_value(&mut settings.copy_format, f, f.label());
                    }
                });
                ui.end_row();
                ui.label("Routing policy");
                ui.vertical(|ui| {
                    egui::Grid::new("routing_grid").num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
                        let r = &mut settings.routing;
                        for (label, field) in [
                            ("A (verified/passed)", &mut r.a),
                            ("B", &mut r.b),
                            ("C", &mut r.c),
                            ("failed", &mut r.failed),
                            ("signed only", &mut r.signed),
                            ("no validation", &mut r.none),
                            ("exempt countries →", &mut r.exempt_branch),
                        ] {
                            ui.label(label);
                            ui.add(egui::TextEdit::singleline(field).desired_width(160.0));
                            ui.end_row();
                        }
                        ui.label("exempt country codes");
                        let mut codes = r.exempt_country_codes.join(", ");
                        if ui.add(egui::TextEdit::singleline(&mut codes).hint_text("44, 52").desired_width(160.0)).changed() {
                            r.exempt_country_codes = codes
                                .split([',', ' '])
                                .map(|c| c.trim().trim_start_matches('+').to_string())
                                .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
                                .collect();
                        }
                        ui.end_row();
                    });
                    if ui.small_button("Reset to the default policy").clicked() {
                        settings.routing = crate::routing::Policy::default();
                    }
                });
                ui.end_row();
                ui.label("SIP IP access list");
                ui.vertical(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut settings.allow_ips).hint_text("203.0.113.0/24, 2001:db8::/32").desired_width(260.0));
                    let bad: Vec<&str> = crate::host::options::allow_ip_entries(&settings.allow_ips).filter(|s| crate::check::sip_security::Cidr::parse(s).is_err()).collect();
                    if !bad.is_empty() {
                        ui.label(RichText::new(format!("ignored (not CIDR): {}", bad.join(", "))).color(crate::gui::theme::severity_color(crate::Severity::Warning, ui.visuals())));
                    }
                });
                ui.end_row();
                ui.label("Trust anchors at start");
                ui.vertical(|ui| {
                    if settings.trust_anchor_paths.is_empty() {
                        ui.label(RichText::new("none (add them in Certificates & trust)").weak());
                    }
                    for p in &settings.trust_anchor_paths {
                        ui.monospace(p.display().to_string());
                    }
                });
                ui.end_row();
            });
            ui.separator();
            ui.label(RichText::new("Saved: these settings only. Pasted payloads, URLs, signatures and the auth token are never saved.").weak());
            let place = |p: &Option<std::path::PathBuf>| p.as_ref().map_or("none".to_string(), |p| p.display().to_string());
            ui.label(RichText::new(format!("Settings file (read by calltrust inspect and batch too): {}", place(&view.config_path))).weak());
            egui::CollapsingHeader::new("About calltrust").id_salt("about").show(ui, |ui| {
                ui.label(RichText::new(format!("calltrust {}", crate::build_info::LONG)).monospace());
                ui.label(format!("Log: {}", place(&view.log_path)));
                ui.label("Crash reports go beside the log; they hold no pasted data.");
                if ui.button("Copy version facts").on_hover_text("For a bug report").clicked() {
                    ui.ctx().copy_text(format!("calltrust {}", crate::build_info::LONG));
                }
            });
        });
    view.settings_open = open;
    if *settings != before {
        actions.push(Action::Edited);
    }
}

/// The toasts still due, bottom right.
pub fn toasts(ctx: &egui::Context, toasts: &mut Vec<Toast>, now: f64) {
    toasts.retain(|t| t.until > now);
    if toasts.is_empty() {
        return;
    }
    egui::Area::new(egui::Id::unique("toasts"))
        .anchor(Align2::RIGHT_BOTTOM, [-16.0, -36.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for t in toasts.iter() {
                let fill = match t.kind {
                    ToastKind::Ok => theme::TOAST_OK,
                    ToastKind::Warn => theme::TOAST_WARN,
                };
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(6)
                    .inner_margin(10)
                    .show(ui, |ui| {
                        ui.label(RichText::new(&t.text).color(theme::BADGE_TEXT));
                    });
                ui.add_space(4.0);
            }
        });
    let next = toasts.iter().map(|t| t.until).fold(f64::INFINITY, f64::min);
    ctx.request_repaint_after(std::time::Duration::from_secs_f64((next - now).max(0.05)));
}

/// The "drop to load" overlay while files hover over the window.
pub fn drop_overlay(ctx: &egui::Context) {
    let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
    if !hovering {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop"),
    ));
    painter.rect_filled(screen, 0.0, theme::DROP_DIM);
    painter.text(
        screen.center(),
        Align2::CENTER_CENTER,
        "Drop to load\npayloads go to the paste box · .pem / .crt / .der go to Certificates",
        egui::FontId::proportional(22.0),
        theme::BADGE_TEXT,
    );
}
