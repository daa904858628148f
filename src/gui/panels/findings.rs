//! Findings grouped by severity, filterable, each expandable to its detail
//! and fix. The list is the report's view items: a certificate's profile
//! rules are one entry, identical findings about several tokens one entry.

use egui::RichText;

use super::super::state::{Action, Tab, ViewState};
use super::super::wording::window;
use super::super::{theme, widgets};
use crate::report::view::{self, Item};
use crate::{Report, Severity};

/// The findings tab: filter and the findings by severity.
pub fn show(ui: &mut egui::Ui, report: &Report, view: &mut ViewState, actions: &mut Vec<Action>) {
    let items = view::items(report);
    let count = |sev: Severity| items.iter().filter(|i| i.severity() == sev).count();
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("text or id, e.g. orig or signature")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        for (i, sev) in Severity::ALL.into_iter().enumerate() {
            let n = count(sev);
            let label = RichText::new(format!("{} {} {}", sev.icon(), n, plural(sev, n)))
                .color(theme::severity_color(sev, ui.visuals()));
            ui.toggle_value(&mut view.show[i], label)
                .on_hover_text(format!("Show {} findings", sev.as_str()));
        }
    });
    ui.add_space(4.0);
    let needle = view.filter.to_lowercase();
    let mut shown = 0;
    for (i, sev) in Severity::ALL.into_iter().enumerate() {
        if !view.show[i] {
            continue;
        }
        let group: Vec<&Item<'_>> = items
            .iter()
            .filter(|x| x.severity() == sev)
            .filter(|x| {
                needle.is_empty()
                    || format!(
                        "{} {} {} {}",
                        x.id(),
                        x.title(),
                        x.detail(),
                        x.rules().join(" ")
                    )
                    .to_lowercase()
                    .contains(&needle)
            })
            .collect();
        if group.is_empty() {
            continue;
        }
        ui.add_space(6.0);
        ui.label(
            RichText::new(format!(
                "{} {} ({})",
                sev.icon(),
                group_title(sev),
                group.len()
            ))
            .strong()
            .size(15.0)
            .color(theme::severity_color(sev, ui.visuals())),
        );
        for item in group {
            shown += 1;
            finding_row(ui, report, item, view.generation, actions);
        }
    }
    if shown == 0 {
        ui.add_space(10.0);
        ui.label(
            RichText::new(if report.findings.is_empty() {
                "No findings yet: paste something."
            } else {
                "No finding matches the filter."
            })
            .weak(),
        );
    }
}

fn finding_row(
    ui: &mut egui::Ui,
    report: &Report,
    item: &Item<'_>,
    generation: u64,
    actions: &mut Vec<Action>,
) {
    let sev = item.severity();
    let color = theme::severity_color(sev, ui.visuals());
    widgets::alert(ui, sev, |ui| {
        // A header does not wrap: fit it to the width, the whole title on hover.
        let title = format!("{} {}", sev.icon(), item.title());
        let shown = widgets::fit(ui, &title, ui.available_width() - 40.0);
        let cut = shown != title;
        let header = egui::CollapsingHeader::new(RichText::new(shown).color(color).strong())
            // Keyed by what the finding is and by the payload: a new call never
            // inherits another call's open or closed rows.
            .id_salt(("finding", item.key(), generation))
            .default_open(sev == Severity::Error)
            .show(ui, |ui| {
                if cut {
                    ui.add(egui::Label::new(RichText::new(item.title()).strong()).wrap());
                }
                ui.add(egui::Label::new(window(&item.detail())).wrap());
                for rule in item.rules() {
                    ui.add(egui::Label::new(format!("• {rule}")).wrap());
                }
                if let Some(h) = item.hint() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new("Fix:").strong());
                        ui.add(egui::Label::new(window(h)).wrap());
                    });
                }
                ui.horizontal_wrapped(|ui| {
                    widgets::severity_chip(ui, sev);
                    // The id links to its catalogue entry (calltrust findings).
                    let id_label = ui.label(RichText::new(item.id().as_str()).monospace().weak());
                    let e = crate::catalogue::entry(item.id());
                    id_label.on_hover_text(format!(
                        "{}\n\nWhat it means: {}\nWhat to do: {}\nClause: {}",
                        e.title, e.meaning, e.action, e.clause
                    ));
                    for p in item.passports() {
                        let origin = report
                            .passports
                            .get(p)
                            .map(|x| x.origin.clone())
                            .unwrap_or_default();
                        if ui.link(format!("PASSporT #{} ({origin})", p + 1)).clicked() {
                            actions.push(Action::ShowTab(Tab::Passports));
                        }
                    }
                    if let Some(f) = item.finding() {
                        if let Some(loc) = f.location
                            && ui
                                .link(loc.to_string())
                                .on_hover_text("Put the cursor there in the paste box")
                                .clicked()
                        {
                            actions.push(Action::JumpTo(loc));
                        }
                        if let Some(s) = &f.source {
                            ui.label(RichText::new(s).italics().weak());
                        }
                    }
                });
            });
        if cut {
            header.header_response.on_hover_text(title);
        }
    });
    ui.add_space(2.0);
}

fn group_title(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Notes",
        Severity::Pass => "Passed checks",
    }
}

fn plural(s: Severity, n: usize) -> &'static str {
    match (s, n == 1) {
        (Severity::Error, true) => "error",
        (Severity::Error, false) => "errors",
        (Severity::Warning, true) => "warning",
        (Severity::Warning, false) => "warnings",
        (Severity::Info, true) => "note",
        (Severity::Info, false) => "notes",
        (Severity::Pass, _) => "passed",
    }
}
