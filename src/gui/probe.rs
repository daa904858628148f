//! The frame-time probe: CPU time of each frame of the app's `ui` (layout
//! and drawing commands, not the GPU), shown in a debug overlay toggled with
//! F12. The window's budget is 16 ms a frame (60 fps).

use std::collections::VecDeque;
use std::time::Duration;

use egui::RichText;

/// Frames kept for the overlay's figures.
const KEEP: usize = 240;

#[derive(Default)]
pub struct FrameProbe {
    pub shown: bool,
    times: VecDeque<Duration>,
}

impl FrameProbe {
    pub fn record(&mut self, d: Duration) {
        if self.times.len() == KEEP {
            self.times.pop_front();
        }
        self.times.push_back(d);
    }

    /// (last, median, worst) over the kept frames, in milliseconds.
    pub fn figures(&self) -> Option<(f64, f64, f64)> {
        let last = self.times.back()?.as_secs_f64() * 1e3;
        let mut v: Vec<f64> = self.times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        v.sort_by(f64::total_cmp);
        Some((last, v[v.len() / 2], v[v.len() - 1]))
    }

    pub fn overlay(&self, ctx: &egui::Context) {
        if !self.shown {
            return;
        }
        egui::Area::new(egui::Id::unique("frame_probe"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-10.0, -34.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    let text = match self.figures() {
                        Some((last, median, worst)) => format!(
                            "frame CPU  last {last:.2} ms · median {median:.2} ms · worst {worst:.2} ms\nover {} frames · budget 16 ms (60 fps) · F12 hides",
                            self.times.len()
                        ),
                        None => "frame CPU: measuring… (F12 hides)".into(),
                    };
                    ui.label(RichText::new(text).monospace().small());
                });
            });
    }
}
