//! The body editor's frame cost as a section grows: the window's own `App`, driven headless
//! through egui_kittest, with one section's body made N KB long; times the UI frame that
//! takes a typed character, and a frame with nothing new. Painting is not included (the
//! window draws with the GPU, or Mesa's llvmpipe without one), and AccessKit is: kittest
//! always reads the accessibility tree, as a screen reader would.
//!
//! Run with `cargo bench --bench editor` (sizes in KB may follow: `-- 16 256`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use briefdesk::app::App;
use briefdesk::model::{Edit, SectionField};
use egui_kittest::kittest::Queryable;

/// The harness the window tests use.
#[path = "../tests/common/window.rs"]
mod window;

const KEYSTROKES: usize = 15;
const LABEL: &str = "Section body (Markdown)";

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![4, 16, 64, 256, 1024]
    } else {
        sizes
    };
    for kb in sizes {
        let (typed, idle) = frames(kb);
        println!(
            "body of {kb} KB: a keystroke's frame median {:.1} ms (slowest {:.1} ms); an idle frame {idle:.1} ms",
            typed[typed.len() / 2],
            typed[typed.len() - 1],
        );
    }
}

/// Milliseconds of each keystroke's frame (sorted), and of one idle frame, with the selected
/// section's body `kb` KB long.
fn frames(kb: usize) -> (Vec<f64>, f64) {
    let journal = tempfile::tempdir().unwrap();
    let app = App::new(window::options(journal.path(), vec![]));
    let mut harness = window::harness_sized(app, egui::Vec2::new(1400.0, 900.0));
    harness.run_steps(2);
    let id = harness.state().selected().unwrap().to_owned();
    let sentence = "Albania cut ties with Iran on 7 September 2022 after an attack [@S1] that **shut** down services. ";
    let mut body = String::new();
    while body.len() < kb * 1024 {
        body.push_str(&sentence.repeat(8));
        body.push_str("\n\n");
    }
    let field = SectionField::Body;
    let text = body.clone();
    harness.state_mut().apply(
        Edit::SetSectionText {
            id: id.clone(),
            field,
            text,
        },
        None,
    );
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    assert!(
        harness
            .state_mut()
            .wait_for_preview(&ctx, Duration::from_secs(300))
    );
    // Focus (not a click: a long body's middle is off the screen), then to the end.
    harness.get_by_label(LABEL).focus();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness.run_steps(1);
    let mut typed = Vec::with_capacity(KEYSTROKES);
    for _ in 0..KEYSTROKES {
        harness.get_by_label(LABEL).type_text("x");
        let start = Instant::now();
        harness.step();
        typed.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let start = Instant::now();
    harness.step();
    let idle = start.elapsed().as_secs_f64() * 1e3;
    // Every keystroke reached the body, so the frames timed are the ones that took it.
    let section = harness
        .state()
        .briefing()
        .sections
        .iter()
        .find(|s| s.id == id);
    assert_eq!(
        section.unwrap().body,
        body + &"x".repeat(KEYSTROKES),
        "the keystrokes went elsewhere"
    );
    typed.sort_by(f64::total_cmp);
    (typed, idle)
}
