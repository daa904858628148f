//! The call path: caller → called number → each diversion, with the
//! attestation and signature status of each hop.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Shape, Stroke, Vec2};

use super::super::theme;
use crate::Report;
use crate::report::Hop;

/// Same number, however it was written (+1…, 1…, tel:…).
fn node_key(s: &str) -> String {
    crate::tn::canonical_digits(s).unwrap_or_else(|| s.trim().to_string())
}

fn hop_label(h: &Hop) -> String {
    format!(
        "{}{}",
        h.via,
        h.attestation
            .as_deref()
            .map(|a| format!(" · attest {a}"))
            .unwrap_or_default()
    )
}

/// A hop is green only when its PASSporT's signature verifies *and* its
/// signer chains to a trust anchor; amber for a signature from an untrusted
/// signer; red when the signature or the chain fails.
fn hop_color(
    h: &Hop,
    passports: &[crate::report::PassportReport],
    v: &egui::Visuals,
    fallback: Color32,
) -> Color32 {
    match h
        .passport
        .and_then(|i| passports.iter().find(|p| p.index == i))
    {
        Some(p) if p.signature.status != crate::report::SigStatus::NotChecked => {
            theme::severity_color(p.signature.trust_severity(), v)
        }
        _ => fallback,
    }
}

fn arrow(painter: &egui::Painter, from: Pos2, to: Pos2, color: Color32) {
    painter.line_segment([from, to], Stroke::new(2.0, color));
    let dir = (to - from).normalized();
    let n = Vec2::new(-dir.y, dir.x);
    let tip = to;
    let base = to - dir * 10.0;
    painter.add(Shape::convex_polygon(
        vec![tip, base + n * 5.0, base - n * 5.0],
        color,
        Stroke::NONE,
    ));
}

/// The call-path tab: every party and hop the input shows, drawn as a graph.
pub fn show(ui: &mut egui::Ui, report: &Report) {
    let hops = &report.call_path;
    if hops.is_empty() {
        ui.add_space(10.0);
        ui.label(
            RichText::new("No call path: the input has no PASSporT and no From/To to draw from.")
                .weak(),
        );
        return;
    }
    let mut keys: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for h in hops {
        for n in [&h.from, &h.to] {
            let k = node_key(n);
            if !keys.contains(&k) {
                keys.push(k);
                labels.push(n.clone());
            }
        }
    }
    // Group hops by (from, to) node pair.
    let mut pairs: Vec<((usize, usize), Vec<&Hop>)> = Vec::new();
    for h in hops {
        let (Some(a), Some(b)) = (
            keys.iter().position(|k| *k == node_key(&h.from)),
            keys.iter().position(|k| *k == node_key(&h.to)),
        ) else {
            continue;
        };
        match pairs.iter_mut().find(|(p, _)| *p == (a, b)) {
            Some((_, v)) => v.push(h),
            None => pairs.push(((a, b), vec![h])),
        }
    }
    // Fit the window where it can (a laptop shows three parties side by
    // side); past that the diagram scrolls, with its scroll bar in view.
    let n = keys.len() as f32;
    let avail = ui.available_width();
    let gaps = (n - 1.0).max(1.0);
    let box_w: f32 = 140.0_f32.min(((avail - 20.0) / n - 60.0).max(124.0));
    let gap: f32 = ((avail - 20.0 - n * box_w) / gaps).clamp(112.0, 170.0);
    let box_h = 34.0;
    let lanes = pairs.iter().filter(|((a, b), _)| *b != *a + 1).count();
    let width = n * box_w + (n - 1.0).max(0.0) * gap + 20.0;
    let height = 110.0 + 40.0 * lanes as f32;
    egui::ScrollArea::horizontal()
        .id_salt("path_scroll")
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
        .show(ui, |ui| {
            let (rect, _) = ui.allocate_exact_size(
                Vec2::new(width.max(ui.available_width()), height),
                egui::Sense::hover(),
            );
            let painter = ui.painter_at(rect);
            let v = ui.visuals().clone();
            let fg = v.text_color();
            let line = v.widgets.noninteractive.fg_stroke.color;
            let top = rect.top() + 46.0;
            let node = |i: usize| {
                Rect::from_min_size(
                    Pos2::new(rect.left() + 10.0 + i as f32 * (box_w + gap), top),
                    Vec2::new(box_w, box_h),
                )
            };
            for (i, l) in labels.iter().enumerate() {
                let r = node(i);
                painter.rect(
                    r,
                    8.0,
                    v.faint_bg_color,
                    Stroke::new(1.5, line),
                    egui::StrokeKind::Inside,
                );
                painter.text(
                    r.center(),
                    Align2::CENTER_CENTER,
                    l,
                    FontId::monospace(13.5),
                    fg,
                );
                let role = if i == 0 {
                    "caller"
                } else if i + 1 == labels.len() {
                    "called"
                } else {
                    "forwarded from"
                };
                painter.text(
                    r.center_bottom() + Vec2::new(0.0, 12.0),
                    Align2::CENTER_CENTER,
                    role,
                    FontId::proportional(11.5),
                    v.weak_text_color(),
                );
            }
            let mut lane = 0;
            for ((a, b), hs) in &pairs {
                let color = hop_color(hs[0], &report.passports, &v, line);
                let text: Vec<String> = hs.iter().map(|h| hop_label(h)).collect();
                let status: Vec<String> = hs
                    .iter()
                    .filter_map(|h| h.signature.clone())
                    .map(|s| format!("signature {s}"))
                    .collect();
                if *b == *a + 1 {
                    let from = node(*a).right_center() + Vec2::new(4.0, 0.0);
                    let to = node(*b).left_center() - Vec2::new(4.0, 0.0);
                    arrow(&painter, from, to, color);
                    let mid = Pos2::new((from.x + to.x) / 2.0, from.y);
                    for (k, t) in text.iter().enumerate() {
                        painter.text(
                            mid - Vec2::new(0.0, 8.0 + 15.0 * (text.len() - 1 - k) as f32),
                            Align2::CENTER_BOTTOM,
                            t,
                            FontId::proportional(12.5),
                            fg,
                        );
                    }
                    if let Some(s) = status.first() {
                        // Below the boxes' edges: it may be wider than the gap.
                        painter.text(
                            mid + Vec2::new(0.0, box_h / 2.0 + 4.0),
                            Align2::CENTER_TOP,
                            s,
                            FontId::proportional(11.5),
                            color,
                        );
                    }
                } else {
                    lane += 1;
                    let y = top + box_h + 24.0 + 40.0 * lane as f32;
                    let (ra, rb) = (node(*a), node(*b));
                    let (x1, x2) = (ra.center().x + 20.0, rb.center().x - 20.0);
                    painter.line_segment(
                        [Pos2::new(x1, ra.bottom()), Pos2::new(x1, y)],
                        Stroke::new(2.0, color),
                    );
                    painter.line_segment(
                        [Pos2::new(x1, y), Pos2::new(x2, y)],
                        Stroke::new(2.0, color),
                    );
                    arrow(
                        &painter,
                        Pos2::new(x2, y),
                        Pos2::new(x2, rb.bottom() + 2.0),
                        color,
                    );
                    let label = format!(
                        "{}{}",
                        text.join(" / "),
                        status
                            .first()
                            .map(|s| format!(" · {s}"))
                            .unwrap_or_default()
                    );
                    painter.text(
                        Pos2::new((x1 + x2) / 2.0, y - 3.0),
                        Align2::CENTER_BOTTOM,
                        label,
                        FontId::proportional(12.0),
                        fg,
                    );
                }
            }
        });
    ui.add_space(8.0);
    // The same as text (screen readers, copying).
    for h in hops {
        ui.label(format!(
            "{} → {} — {}{}{}",
            h.from,
            h.to,
            h.via,
            h.attestation
                .as_deref()
                .map(|a| format!(", attestation {a}"))
                .unwrap_or_default(),
            h.signature
                .as_deref()
                .map(|s| format!(", signature {s}"))
                .unwrap_or_default()
        ));
    }
    let d = &report.call.diversions;
    if !d.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Diversions in the signalling:").strong());
        for p in d {
            ui.label(format!("{}: {}", p.source, p.value));
        }
    }
}
