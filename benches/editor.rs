//! The body editor's frame cost as a section grows: the window's own `App`, driven headless
//! through egui_kittest, with one section's body made N KB long; times the UI frame that
//! takes a typed character, and a frame with nothing new. Painting is not included (the
//! window draws with the GPU, or Mesa's llvmpipe without one), and AccessKit is: kittest
//! always reads the accessibility tree, as a screen reader would.
//!
//! Then the same with the section under review: 50 comments and 50 suggestions on it, typed
//! into as usual and in suggest mode (the marked text, the marks and the review panel drawn
//! each frame).
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
    for kb in sizes.iter().copied() {
        let (typed, idle) = frames(kb, Review::None);
        println!(
            "body of {kb} KB: a keystroke's frame median {:.1} ms (slowest {:.1} ms); an idle frame {idle:.1} ms",
            typed[typed.len() / 2],
            typed[typed.len() - 1],
        );
    }
    for kb in sizes.into_iter().filter(|&kb| kb <= 64) {
        for (review, how) in [
            (Review::Items, "typed into"),
            (Review::Suggesting, "in suggest mode"),
        ] {
            let (typed, idle) = frames(kb, review);
            println!(
                "body of {kb} KB with 50 comments and 50 suggestions, {how}: a keystroke's frame median {:.1} ms (slowest {:.1} ms); an idle frame {idle:.1} ms",
                typed[typed.len() / 2],
                typed[typed.len() - 1],
            );
        }
    }
}

/// Whether the section is under review, and how it is typed into.
#[derive(Clone, Copy, PartialEq)]
enum Review {
    None,
    Items,
    Suggesting,
}

/// Milliseconds of each keystroke's frame (sorted), and of one idle frame, with the selected
/// section's body `kb` KB long.
fn frames(kb: usize, review: Review) -> (Vec<f64>, f64) {
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
    if review != Review::None {
        use briefdesk::model::review::{Anchor, Comment, Review as Items, Suggestion};
        let chars = body.chars().count();
        let mut items = Items::default();
        for i in 0..50 {
            let at = (i * 97 + 5) % chars.saturating_sub(30).max(1);
            items.comments.push(Comment {
                id: format!("c{i:08x}"),
                anchor: Some(Anchor::new(&body, at, at + 7)),
                author: "Head of Unit".into(),
                text: format!("Comment {i}"),
                ..Comment::default()
            });
            items.suggestions.push(Suggestion {
                id: format!("s{i:08x}"),
                anchor: Anchor::new(&body, at + 10, at + 14),
                insert: "word".into(),
                author: "Head of Unit".into(),
                ..Suggestion::default()
            });
        }
        harness.state_mut().apply(
            Edit::SetSectionReview {
                id: id.clone(),
                review: Box::new(items),
            },
            None,
        );
        if review == Review::Suggesting {
            harness
                .state_mut()
                .execute(briefdesk::app::Command::SuggestChanges);
        }
    }
    let label = if review == Review::Suggesting {
        "Section body (Markdown), suggesting changes"
    } else {
        LABEL
    };
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    assert!(
        harness
            .state_mut()
            .wait_for_preview(&ctx, Duration::from_secs(300))
    );
    // Focus (not a click: a long body's middle is off the screen), then to the end.
    harness.get_by_label(label).focus();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness.run_steps(1);
    let mut typed = Vec::with_capacity(KEYSTROKES);
    for _ in 0..KEYSTROKES {
        harness.get_by_label(label).type_text("x");
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
    let section = section.unwrap();
    if review == Review::Suggesting {
        assert_eq!(section.body, body, "suggesting changed the body");
        assert!(
            section
                .suggestions
                .iter()
                .any(|s| s.insert == "x".repeat(KEYSTROKES)),
            "the keystrokes went elsewhere"
        );
    } else {
        assert_eq!(
            section.body,
            body + &"x".repeat(KEYSTROKES),
            "the keystrokes went elsewhere"
        );
    }
    typed.sort_by(f64::total_cmp);
    (typed, idle)
}
