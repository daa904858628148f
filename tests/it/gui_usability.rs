//! The window as a support engineer uses it: by keyboard (Tab leaves the
//! paste box; tabs, filter, finding headers and buttons are reached and
//! operated; the badge, tabs and findings have accessible labels), at
//! 1024x700 (tab strip and first finding on screen), and ticket after ticket
//! (a new call starts at the top with its own rows closed or open).
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use calltrust::gui::state::LoadedFile;
use calltrust::gui::{App, Settings, Tab};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

const NOW: i64 = 1_795_339_800;
const SPOOFED: &str = include_str!("../../assets/samples/sip-invite-spoofed.txt");
const DIV: &str = include_str!("../../assets/samples/sip-invite-div.txt");
const RCD: &str = include_str!("../../assets/samples/sip-invite-rcd.txt");

fn demo(name: &str) -> LoadedFile {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples/certs")
        .join(name);
    LoadedFile {
        name: name.into(),
        path: None,
        bytes: std::fs::read(p).unwrap(),
        folder: None,
    }
}

fn app_with(text: &str) -> App {
    let mut a = App::with_settings(Settings::default(), None);
    a.now_override = Some(NOW);
    a.keys.certs.push(demo("demo-sp-bundle.pem"));
    a.keys.certs.push(demo("demo-div-bundle.pem"));
    a.keys.anchors.push(demo("demo-root.pem"));
    a.set_text(text.to_string(), Some("test".into()));
    a
}

fn harness(app: App, w: f32, h: f32) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(w, h))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h
}

fn focused_label(h: &Harness<'_, App>) -> Option<String> {
    h.query_by(|n| n.is_focused())
        .map(|n| n.accesskit_node().label().unwrap_or_default())
}

fn tab(h: &Harness<'_, App>) {
    h.event(egui::Event::Key {
        key: Key::Tab,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
}

#[test]
fn tab_leaves_the_paste_box_and_reaches_every_control() {
    let mut h = harness(app_with(SPOOFED), 1320.0, 840.0);
    let before = h.state().text.clone();
    h.get_by_label("Payload").focus();
    h.run();
    assert!(
        focused_label(&h).is_some_and(|l| l == "Payload"),
        "the paste box has focus"
    );
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..80 {
        tab(&h);
        h.run();
        if let Some(l) = focused_label(&h) {
            seen.push(l);
        }
    }
    assert_eq!(
        h.state().text,
        before,
        "Tab inserted nothing into the payload"
    );
    assert_ne!(
        seen.first().map(String::as_str),
        Some("Payload"),
        "Tab left the paste box"
    );
    for want in [
        "Findings",
        "PASSporTs",
        "Certificates & trust",
        "Filter:",
        "orig is not the calling number",
        "Copy report ⏷",
    ] {
        assert!(
            seen.iter().any(|l| l.contains(want)),
            "{want} is never reached by Tab; reached: {seen:?}"
        );
    }
}

#[test]
fn a_finding_opens_from_the_keyboard() {
    let mut h = harness(app_with(SPOOFED), 1320.0, 840.0);
    // Warnings start closed; reach one with Tab and open it with Enter.
    let title = "Signalling is not encrypted";
    let detail = "crosses the network in clear text";
    assert!(
        h.query_by_label_contains(detail).is_none(),
        "closed at first"
    );
    h.get_by_label_contains(title).focus();
    h.run();
    h.event(egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert!(
        h.query_by_label_contains(detail).is_some(),
        "Enter opened it"
    );
}

#[test]
fn badge_tabs_and_findings_have_accessible_labels() {
    let h = harness(app_with(SPOOFED), 1320.0, 840.0);
    assert!(
        h.query_by_label("Attestation C — FAILED").is_some(),
        "the badge"
    );
    for t in [
        "Findings",
        "PASSporTs (1)",
        "Call path",
        "Webhook signature",
    ] {
        assert!(h.query_by_label_contains(t).is_some(), "tab {t}");
    }
    assert!(
        h.query_by_label_contains("✖ orig is not the calling number")
            .is_some()
    );
}

#[test]
fn at_1024x700_the_tabs_and_the_first_finding_are_on_screen() {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1024.0, 700.0));
    for text in [SPOOFED, DIV, RCD] {
        let h = harness(app_with(text), 1024.0, 700.0);
        for t in [
            "Findings",
            "PASSporTs",
            "Call path",
            "Webhook signature",
            "Certificates & trust",
        ] {
            let r = h.get_by_label_contains(t).rect();
            assert!(screen.contains_rect(r), "tab {t} at {r:?} is cut off");
        }
        let item = calltrust::report::view::items(&h.state().report)
            .into_iter()
            .find(|i| i.severity() > calltrust::Severity::Pass)
            .unwrap();
        // The row's header reads "<icon> <title>".
        let first = format!("{} {}", item.severity().icon(), item.title());
        let r = h.get_by_label(&first).rect();
        assert!(screen.contains_rect(r), "first finding `{first}` at {r:?}");
    }
}

#[test]
fn the_paste_panel_folds_for_more_room() {
    let mut h = harness(app_with(SPOOFED), 1024.0, 700.0);
    let before = h.get_by_label_contains("Findings").rect();
    h.event(egui::Event::Key {
        key: Key::P,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
    });
    h.run();
    assert!(h.state().view.input_collapsed);
    let after = h.get_by_label_contains("Findings").rect();
    assert!(
        after.left() < before.left() - 150.0,
        "{before:?} -> {after:?}"
    );
    h.get_by_label("⏵").click();
    h.run();
    assert!(!h.state().view.input_collapsed);
}

#[test]
fn a_new_call_starts_at_the_top_with_its_own_rows() {
    let mut h = harness(app_with(DIV), 1024.0, 700.0);
    // Open a warning of this call and scroll the findings down.
    let title = "Signalling is not encrypted";
    h.get_by_label_contains(title).click();
    h.run();
    for _ in 0..6 {
        h.get_by_label_contains(title).scroll_down();
        h.run();
    }
    let filter_y = |h: &Harness<'_, App>| h.get_by_label("Filter:").rect().top();
    let scrolled = filter_y(&h);
    // Another call: its list starts at the top, nothing opened by position.
    h.state_mut()
        .set_text(RCD.to_string(), Some("next ticket".into()));
    h.run();
    let top = filter_y(&h);
    assert!(top > scrolled, "scroll reset: {scrolled} -> {top}");
    assert!(
        h.query_by_label_contains("crosses the network in clear text")
            .is_none(),
        "the warning opened on the last call is closed on this one"
    );
    assert_eq!(h.state().view.tab, Tab::Findings);
}

fn poll_until(h: &mut Harness<'_, App>, done: impl Fn(&App) -> bool) {
    for _ in 0..200 {
        h.step();
        if done(h.state()) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn without_a_file_dialog_open_asks_for_a_path() {
    let mut a = app_with("");
    a.set_dialogs(false);
    let mut h = harness(a, 1320.0, 840.0);
    h.get_by_label("📂 Open…").click();
    poll_until(&mut h, |a| a.path_prompt.is_some());
    h.step();
    assert!(
        h.query_by_label_contains("No file dialog could open")
            .is_some(),
        "said in a toast"
    );
    assert!(
        h.query_by_label_contains("No file dialog is available here")
            .is_some(),
        "and in the prompt"
    );
    h.run();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples/sip-invite-spoofed.txt");
    let field = h.get_by_label("Path");
    field.focus();
    field.type_text(sample.to_str().unwrap());
    h.run();
    h.get_by_label("Open").click();
    poll_until(&mut h, |a| a.text.contains("IRS Office"));
    h.run();
    assert!(
        h.state().text.contains("IRS Office"),
        "the typed file was opened"
    );
    assert!(h.state().path_prompt.is_none());
}

#[test]
fn save_proposes_the_call_id_and_date_and_writes_a_typed_path() {
    let webhook = include_str!("../../assets/samples/http-webhook-request.txt");
    let mut a = app_with(webhook);
    a.set_dialogs(false);
    let mut h = harness(a, 1320.0, 840.0);
    h.event(egui::Event::Key {
        key: Key::S,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    poll_until(&mut h, |a| a.path_prompt.is_some());
    let proposed = h.state().path_prompt.as_ref().unwrap().1.clone();
    let sid = h
        .state()
        .report
        .call
        .call_id
        .clone()
        .expect("the webhook's CallSid");
    assert!(proposed.contains(&sid), "{proposed}");
    assert!(
        proposed.starts_with("calltrust-") && proposed.ends_with(".md"),
        "{proposed}"
    );
    assert!(proposed.contains("-20"), "a date: {proposed}");
    let out = std::env::temp_dir().join(format!("calltrust-save-{}.md", std::process::id()));
    h.state_mut().path_prompt.as_mut().unwrap().1 = out.display().to_string();
    h.run();
    h.get_by_label("Save").click();
    poll_until(&mut h, |_| out.exists());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("## calltrust: "), "{written}");
    assert!(
        !written.contains("--cert"),
        "the window's words, not CLI flags"
    );
    let _ = std::fs::remove_file(&out);
}
