//! The window's frame budget (SPEC §8, issue: the paste box holds 60 fps):
//! CPU time of one frame of the real app's `ui`, driven headlessly by
//! egui_kittest (layout and the drawing commands; no GPU here), with
//! - a 5 MB paste (shown as a plain preview above the preview limit);
//! - a 150 KB paste of SIP INVITEs, coloured like jwt.io, idle;
//! - the same paste while typing (each frame inserts a character, so the
//!   colours are recomputed and the text laid out again).
//!
//!     cargo bench --bench frame
//!
//! Each case runs twice: through egui_kittest (AccessKit on, as with a
//! screen reader: egui then describes every row of the paste box each frame),
//! and on a bare `egui::Context` as eframe runs it without a screen reader,
//! with the frame's tessellation (the CPU half of painting) included.
//!
//! The budget is 16 ms a frame. The app's own probe (F12 in the window)
//! measures `App::show`; its figures are printed after each kittest case.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench

use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use calltrust::gui::{App, Settings};
use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

fn harness(text: String) -> Harness<'static, App> {
    let mut app = App::with_settings(Settings::default(), None);
    app.now_override = Some(1_795_339_800);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1320.0, 840.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    let n = text.len();
    h.state_mut().set_text(text, Some("bench".into()));
    settle(&mut h, n, |h| h.state().report.input.bytes, |h| h.step());
    h
}

/// Run frames until the worker's report for `n` bytes is shown, then three more.
fn settle<T>(x: &mut T, n: usize, bytes: fn(&T) -> usize, frame: fn(&mut T)) {
    let start = Instant::now();
    while bytes(x) != n {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "never inspected"
        );
        std::thread::sleep(Duration::from_millis(5));
        frame(x);
    }
    for _ in 0..3 {
        frame(x);
    }
}

fn repeat_to(unit: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + unit.len());
    while s.len() < size {
        s.push_str(unit);
    }
    s
}

fn sample(name: &str) -> &'static str {
    calltrust::samples::SAMPLES
        .iter()
        .find(|s| s.file == name)
        .expect("sample")
        .text
}

fn report(what: &str, h: &Harness<'_, App>) {
    if let Some((last, median, worst)) = h.state().probe.figures() {
        eprintln!(
            "{what}: app probe last {last:.2} ms, median {median:.2} ms, worst {worst:.2} ms (budget 16 ms)"
        );
    }
}

/// A bare context driving the real app as eframe does (AccessKit off).
struct Bare {
    ctx: egui::Context,
    app: App,
    events: Vec<egui::Event>,
}

impl Bare {
    fn new(text: String) -> Self {
        let mut app = App::with_settings(Settings::default(), None);
        app.now_override = Some(1_795_339_800);
        let mut b = Bare {
            ctx: egui::Context::default(),
            app,
            events: Vec::new(),
        };
        let n = text.len();
        b.app.set_text(text, Some("bench".into()));
        settle(
            &mut b,
            n,
            |b| b.app.report.input.bytes,
            |b| {
                b.frame();
            },
        );
        b
    }

    fn frame(&mut self) -> usize {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1320.0, 840.0),
            )),
            events: std::mem::take(&mut self.events),
            ..Default::default()
        };
        let app = &mut self.app;
        let out = self.ctx.run_ui(input, |ui| app.show(ui));
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims.len())
    }
}

fn bare(c: &mut Criterion) {
    let invite = sample("sip-invite-div.txt");
    let mut g = c.benchmark_group("frame, no AccessKit");
    g.sample_size(30).measurement_time(Duration::from_secs(6));
    let mut b = Bare::new(repeat_to(invite, 5 * 1024 * 1024));
    g.bench_function("5 MB paste, idle", |x| x.iter(|| b.frame()));
    drop(b);
    let mut b = Bare::new(repeat_to(invite, 150 * 1024));
    g.bench_function("150 KB coloured paste, idle", |x| x.iter(|| b.frame()));
    b.app.text.push('\n');
    let id = calltrust::gui::paste_box_id();
    b.ctx.memory_mut(|m| m.request_focus(id));
    b.frame();
    g.bench_function("150 KB coloured paste, typing", |x| {
        x.iter(|| {
            b.events.push(egui::Event::Text("x".into()));
            b.frame()
        })
    });
    assert!(b.app.text.ends_with("xx"), "typing reached the paste box");
    g.finish();
}

fn frames(c: &mut Criterion) {
    let invite = sample("sip-invite-div.txt");
    let mut g = c.benchmark_group("frame");
    g.sample_size(30).measurement_time(Duration::from_secs(6));

    let mut h = harness(repeat_to(invite, 5 * 1024 * 1024));
    g.bench_function("5 MB paste, idle", |b| b.iter(|| h.step()));
    report("5 MB paste, idle", &h);
    drop(h);

    let mut h = harness(repeat_to(invite, 150 * 1024));
    g.bench_function("150 KB coloured paste, idle", |b| b.iter(|| h.step()));
    report("150 KB coloured paste, idle", &h);

    // Focus the paste box, cursor at the end, then type.
    h.state_mut().text.push('\n');
    let id = calltrust::gui::paste_box_id();
    h.ctx.memory_mut(|m| m.request_focus(id));
    h.step();
    g.bench_function("150 KB coloured paste, typing", |b| {
        b.iter(|| {
            h.event(egui::Event::Text("x".into()));
            h.step();
        })
    });
    report("150 KB coloured paste, typing", &h);
    assert!(
        h.state().text.ends_with("xx"),
        "the typed characters reached the paste box"
    );
    g.finish();
}

criterion_group!(benches, frames, bare);
criterion_main!(benches);
