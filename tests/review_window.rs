//! Review through the window, as a head of unit and an author would: comment on a selection,
//! reply, resolve; suggest mode on, type, reject and accept; the question before a normal
//! export; a snapshot kept and compared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::app::dialogs::Picked;
use briefdesk::app::{App, Modal};
use common::window::{harness, options, preview_text, selected_body, settle, type_into_body};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ctrl: true,
    ..Modifiers::COMMAND
};

fn selected_section(app: &App) -> briefdesk::model::Section {
    let id = app.selected().unwrap();
    app.briefing().section(id).unwrap().clone()
}

fn sign_in(harness: &mut Harness<'static, App>, name: &str) {
    harness.get_by_label("Your name for comments").click();
    harness.run_steps(1);
    harness
        .get_by_label("Your name for comments")
        .type_text(name);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(harness.state().author(), name);
}

#[test]
fn a_comment_on_a_selection_gets_a_reply_and_is_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    sign_in(&mut harness, "Head of Unit");
    type_into_body(&mut harness, " quickly");
    harness.key_press_modifiers(CTRL_SHIFT, Key::ArrowLeft);
    harness.run_steps(2);
    harness.get_by_label("New comment").click();
    harness.run_steps(2);
    harness
        .get_by_label("Comment")
        .type_text("Which source says so?");
    harness.run_steps(1);
    harness.get_by_label("Post comment").click();
    harness.run_steps(2);
    let section = selected_section(harness.state());
    assert_eq!(section.comments.len(), 1);
    let comment = &section.comments[0];
    assert_eq!(comment.anchor.as_ref().unwrap().exact, "quickly");
    assert_eq!(comment.author, "Head of Unit");
    assert_eq!(comment.text, "Which source says so?");
    // The body is untouched by commenting; the preview numbers the comment and lists it.
    assert!(section.body.ends_with(" quickly"));
    settle(&mut harness);
    let text = preview_text(harness.state());
    assert!(
        text.contains("Review comments") && text.contains("Which source says so?"),
        "{text}"
    );

    harness.get_by_label("Reply to Head of Unit").click();
    harness.run_steps(1);
    harness
        .get_by_label("Reply to Head of Unit")
        .type_text("S2, the Microsoft report");
    harness.run_steps(1);
    harness.get_by_label("Reply").click();
    harness.run_steps(2);
    let section = selected_section(harness.state());
    assert_eq!(section.comments[0].replies.len(), 1);
    assert_eq!(
        section.comments[0].replies[0].text,
        "S2, the Microsoft report"
    );

    harness.get_by_label("Resolve").click();
    harness.run_steps(2);
    assert!(selected_section(harness.state()).comments[0].resolved);
    // Reopen is offered, and undo takes the resolve back.
    harness.get_by_label("Reopen");
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert!(!selected_section(harness.state()).comments[0].resolved);
    settle(&mut harness);
}

fn type_suggesting(harness: &mut Harness<'static, App>, text: &str) {
    let label = "Section body (Markdown), suggesting changes";
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.key_press_modifiers(CTRL, Key::End);
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

#[test]
fn suggest_mode_records_typing_and_reject_leaves_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let before = selected_body(harness.state());
    harness.key_press_modifiers(CTRL_SHIFT, Key::T);
    harness.run_steps(2);
    assert!(harness.state().suggesting());
    type_suggesting(&mut harness, " indeed");
    let section = selected_section(harness.state());
    assert_eq!(section.body, before, "suggesting never changes the body");
    assert_eq!(section.suggestions.len(), 1);
    assert_eq!(section.suggestions[0].insert, " indeed");
    // Backspace takes a suggested character out again; the body still stands.
    harness.key_press(Key::Backspace);
    harness.run_steps(2);
    let section = selected_section(harness.state());
    assert_eq!(section.suggestions[0].insert, " indee");
    assert_eq!(section.body, before);
    settle(&mut harness);
    assert!(preview_text(harness.state()).contains("indee"));

    harness.get_by_label("Reject").click();
    harness.run_steps(2);
    let section = selected_section(harness.state());
    assert!(section.suggestions.is_empty());
    assert_eq!(section.body, before);
    // One undo step brings it back; accepting it puts it in the body.
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert_eq!(selected_section(harness.state()).suggestions.len(), 1);
    harness.get_by_label("Accept").click();
    harness.run_steps(2);
    let section = selected_section(harness.state());
    assert_eq!(section.body, format!("{before} indee"));
    assert!(section.suggestions.is_empty());
    settle(&mut harness);
}

#[test]
fn a_normal_export_with_review_open_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pdf");
    let mut harness = harness(options(dir.path(), vec![Picked::Path(out.clone())]));
    harness.key_press_modifiers(CTRL_SHIFT, Key::T);
    harness.run_steps(2);
    type_suggesting(&mut harness, " CANARYSUGGESTED");
    harness.key_press_modifiers(CTRL, Key::E);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::ReviewLeftOut { .. })
    ));
    harness.get_by_label("Export without them").click();
    harness.run_steps(2);
    settle(&mut harness);
    let bytes = std::fs::read(&out).unwrap();
    // The preview showed the suggestion (its pages set as the review copy); the export was
    // made without it, not from those pages.
    assert!(preview_text(harness.state()).contains("CANARYSUGGESTED"));
    if common::tool_available("pdftotext") {
        let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &out, &["-"]);
        assert!(
            !text.contains("CANARY"),
            "the suggestion leaked into the export"
        );
        assert!(text.contains("Albania"));
    } else {
        assert!(bytes.starts_with(b"%PDF"));
    }
}

#[test]
fn a_snapshot_is_kept_and_compared_with() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("brief.briefing.json");
    let redline = dir.path().join("changes.pdf");
    let mut opts = options(
        dir.path(),
        vec![Picked::Path(file.clone()), Picked::Path(redline.clone())],
    );
    opts.file = None;
    let mut harness = harness(opts);
    harness.key_press_modifiers(CTRL_SHIFT, Key::S);
    harness.run_steps(2);
    assert!(file.exists());
    harness
        .state_mut()
        .execute(briefdesk::app::Command::CompareWith);
    harness.run_steps(2);
    harness.get_by_label("Snapshot name").click();
    harness.run_steps(1);
    harness.get_by_label("Snapshot name").type_text("sent up");
    harness.run_steps(1);
    harness.get_by_label("Save a snapshot").click();
    harness.run_steps(2);
    let snapshots = harness.state().snapshots();
    assert_eq!(snapshots.len(), 1, "{snapshots:?}");
    assert!(snapshots[0].label.ends_with("sent-up"));
    harness.get_by_label("Close").click();
    harness.run_steps(2);
    type_into_body(&mut harness, " A sentence added after the snapshot.");
    harness
        .state_mut()
        .execute(briefdesk::app::Command::CompareWith);
    harness.run_steps(2);
    harness.get_by_label("Compare").click();
    harness.run_steps(2);
    settle(&mut harness);
    assert!(redline.exists(), "{:?}", harness.state().status());
    if common::tool_available("pdftotext") {
        let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &redline, &["-"]);
        assert!(text.contains("Summary of changes"), "{text}");
        assert!(
            text.contains("A sentence added after the snapshot."),
            "{text}"
        );
    }
    // Restore puts the snapshot's text back, one undo step.
    harness
        .state_mut()
        .execute(briefdesk::app::Command::CompareWith);
    harness.run_steps(2);
    harness.get_by_label("Restore").click();
    harness.run_steps(2);
    assert!(!selected_body(harness.state()).contains("added after the snapshot"));
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    settle(&mut harness);
}

#[test]
fn all_of_one_authors_suggestions_are_rejected_at_once_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    sign_in(&mut harness, "Ana");
    harness.key_press_modifiers(CTRL_SHIFT, Key::T);
    harness.run_steps(2);
    type_suggesting(&mut harness, " first");
    // A second section, and a suggestion there by someone else.
    let other = harness.state().briefing().sections[1].id.clone();
    let body = harness.state().briefing().sections[1].body.clone();
    harness.state_mut().apply(
        briefdesk::model::Edit::SetSectionReview {
            id: other.clone(),
            review: Box::new(briefdesk::model::review::Review {
                comments: vec![],
                suggestions: vec![briefdesk::model::review::Suggestion {
                    id: "s00000001".into(),
                    anchor: briefdesk::model::review::Anchor::new(&body, 0, 0),
                    insert: "Ben's words ".into(),
                    author: "Ben".into(),
                    ..Default::default()
                }],
            }),
        },
        None,
    );
    harness.run_steps(2);
    harness.get_by_label("Reject all by Ana").click();
    harness.run_steps(2);
    let briefing = harness.state().briefing();
    assert!(briefing.sections[0].suggestions.is_empty());
    assert_eq!(briefing.sections[1].suggestions.len(), 1, "Ben's stays");
    settle(&mut harness);
}
