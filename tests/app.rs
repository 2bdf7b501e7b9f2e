//! The window, driven headless through its AccessKit tree with egui_kittest: the same `App`
//! the desktop build runs, with file dialogs replaced by scripted answers and the recovery
//! journal in a temporary folder. The harness also fails any frame in which an input widget
//! has no accessible name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

use briefdesk::app::dialogs::Picked;
use briefdesk::app::{App, Modal};
use briefdesk::templates::Library;
use common::window::{harness, options, preview_text, selected_body, settle, type_into_body};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

#[test]
fn starts_on_the_sample_with_its_pages_in_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness(options(dir.path(), vec![]));
    let app = harness.state();
    assert_eq!(
        app.briefing().meta.title,
        briefdesk::app::sample().meta.title
    );
    assert!(!app.session().is_dirty());
    assert!(
        app.preview().pages.len() >= 4,
        "{} pages",
        app.preview().pages.len()
    );
    let visible = app.preview().visible.clone();
    assert!(!visible.is_empty());
    assert!(
        visible
            .clone()
            .all(|i| app.preview().pages[i].texture.is_some())
    );
    assert!(preview_text(app).contains("Albania"));
    // Pages are named for screen readers.
    let count = app.preview().pages.len();
    harness.get_by_label(&format!("Page 1 of {count}"));
}

#[test]
fn create_add_reorder_type_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let library = Library::builtin();
    let template = library.briefing("situation-report").unwrap();

    // New from template (Ctrl+N) opens the picker.
    harness.key_press_modifiers(CTRL, Key::N);
    harness.run_steps(2);
    assert!(matches!(harness.state().modal(), Some(Modal::New)));
    harness.get_by_label(&template.title).click();
    settle(&mut harness);
    let app = harness.state();
    let expected = library
        .new_briefing("situation-report", "2026-01-01")
        .unwrap();
    assert_eq!(app.briefing().sections.len(), expected.sections.len());
    assert_eq!(app.briefing().meta.title, expected.meta.title);
    let first_ids: Vec<String> = app
        .briefing()
        .sections
        .iter()
        .map(|s| s.id.clone())
        .collect();

    // Add a block from the gallery after the selected (first) section.
    harness.get_by_label("Add section…").click();
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::Gallery { .. })
    ));
    let block = library.block("key-terms").unwrap();
    harness.run_steps(2);
    let before = harness.get_by_label(&block.title).rect();
    harness.get_by_label(&block.title).click();
    harness.run_steps(2);
    // Choosing a block does not move the list under the pointer.
    let list_item = harness
        .get_all_by_label(&block.title)
        .next()
        .unwrap()
        .rect();
    assert_eq!(list_item, before);
    // The chosen block's guidance is shown before it is added.
    let guidance_start: String = block.guidance.trim().chars().take(14).collect();
    harness.get_by_label_contains(&guidance_start);
    harness
        .get_by_label(&format!("Add “{}”", block.title))
        .click();
    settle(&mut harness);
    let sections = &harness.state().briefing().sections;
    assert_eq!(sections.len(), first_ids.len() + 1);
    assert_eq!(sections[1].block_id(), "key-terms");
    assert_eq!(harness.state().selected(), Some(sections[1].id.as_str()));

    // Reorder: move it up to the top.
    harness.get_by_label("Move section up").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().briefing().sections[0].block_id(),
        "key-terms"
    );

    // Type into its body and see the preview change.
    let word = "Quokkaland";
    assert!(!preview_text(harness.state()).contains(word));
    type_into_body(&mut harness, &format!(" {word}"));
    assert!(selected_body(harness.state()).contains(word));
    settle(&mut harness);
    assert!(preview_text(harness.state()).contains(word));

    // Undo takes the typing away (one step), redo brings it back.
    harness.key_press_modifiers(CTRL, Key::Z);
    settle(&mut harness);
    assert!(!selected_body(harness.state()).contains(word));
    assert!(!preview_text(harness.state()).contains(word));
    harness.key_press_modifiers(CTRL_SHIFT, Key::Z);
    settle(&mut harness);
    assert!(selected_body(harness.state()).contains(word));
    assert!(preview_text(harness.state()).contains(word));
    // Undo twice more: the move, then the added block.
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(1);
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(1);
    harness.key_press_modifiers(CTRL, Key::Z);
    settle(&mut harness);
    let ids: Vec<String> = harness
        .state()
        .briefing()
        .sections
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(ids, first_ids);
}

#[test]
fn duplicate_and_delete_go_through_commands() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let before = harness.state().briefing().sections.len();
    harness.key_press_modifiers(CTRL, Key::D);
    harness.run_steps(2);
    let sections = &harness.state().briefing().sections;
    assert_eq!(sections.len(), before + 1);
    assert_eq!(sections[0].body, sections[1].body);
    harness.get_by_label("Delete section").click();
    harness.run_steps(2);
    assert_eq!(harness.state().briefing().sections.len(), before);
    assert!(harness.state().session().is_dirty());
}

#[test]
fn saves_and_reopens_through_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let typed = dir.path().join("albania");
    let saved = dir.path().join("albania.briefing.json");
    let mut harness = harness(options(
        dir.path(),
        vec![Picked::Path(typed), Picked::Path(saved.clone())],
    ));
    type_into_body(&mut harness, " Saved words.");
    assert!(harness.state().session().is_dirty());
    // Save with no file yet asks for one; the typed name gets its extension.
    harness.key_press_modifiers(CTRL, Key::S);
    harness.run_steps(2);
    assert!(saved.is_file(), "{:?}", harness.state().status());
    assert!(!harness.state().session().is_dirty());
    assert_eq!(harness.state().recent()[0], saved.canonicalize().unwrap());
    let on_disk = briefdesk::io::load(&saved).unwrap().briefing;
    assert_eq!(&on_disk, harness.state().briefing());

    // Change it, then open the saved file: unsaved changes are asked about first.
    type_into_body(&mut harness, " Unsaved words.");
    harness.key_press_modifiers(CTRL, Key::O);
    harness.run_steps(2);
    assert!(matches!(harness.state().modal(), Some(Modal::Unsaved(_))));
    harness.get_by_label("Don't save").click();
    settle(&mut harness);
    assert_eq!(harness.state().briefing(), &on_disk);
    assert!(!harness.state().session().is_dirty());
    assert!(preview_text(harness.state()).contains("Saved words."));
    assert!(!preview_text(harness.state()).contains("Unsaved words."));
}

#[test]
fn exports_pdf_and_markdown_without_private_notes() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let md = dir.path().join("out");
    let mut harness = harness(options(
        dir.path(),
        vec![Picked::Path(pdf.clone()), Picked::Path(md)],
    ));
    harness.key_press_modifiers(CTRL, Key::E);
    settle(&mut harness); // the export runs off the UI thread
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() > 20_000);
    harness.key_press_modifiers(CTRL_SHIFT, Key::E);
    settle(&mut harness);
    let markdown = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    let sample = briefdesk::app::sample();
    assert!(markdown.contains(&sample.sections[2].title));
    for section in &sample.sections {
        for line in section.notes.lines().filter(|l| l.len() > 20) {
            assert!(!markdown.contains(line), "a private note leaked: {line}");
        }
    }
}

#[test]
fn the_journal_gives_the_draft_back_after_a_crash() {
    let journal = tempfile::tempdir().unwrap();
    let mut first = harness(options(journal.path(), vec![]));
    type_into_body(&mut first, " Words typed before the crash.");
    first.run_steps(2);
    // The copy sits in the journal folder, private to the user.
    let entries: Vec<PathBuf> = std::fs::read_dir(journal.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&entries[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the recovery copy is readable by others");
    }
    // A crash: the app goes away without closing.
    drop(first);

    let mut second = harness(options(journal.path(), vec![]));
    assert!(matches!(second.state().modal(), Some(Modal::Recover(_))));
    second.get_by_label("Recover").click();
    settle(&mut second);
    let app = second.state();
    assert!(selected_body(app).contains("Words typed before the crash."));
    assert!(app.session().recovered);
    assert!(app.session().is_dirty());
    assert!(preview_text(app).contains("Words typed before the crash."));
}

#[test]
fn discarding_recovered_drafts_removes_them() {
    let journal = tempfile::tempdir().unwrap();
    let mut first = harness(options(journal.path(), vec![]));
    type_into_body(&mut first, " Lost on purpose.");
    first.run_steps(2);
    drop(first);
    let mut second = harness(options(journal.path(), vec![]));
    second.get_by_label("Discard all drafts").click();
    second.run_steps(2);
    assert!(second.state().modal().is_none());
    assert_eq!(std::fs::read_dir(journal.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_dialog_offers_a_path_field_and_a_cancel_does_not() {
    let dir = tempfile::tempdir().unwrap();
    // First answer: the user cancelled. Then no dialog at all.
    let mut harness = harness(options(dir.path(), vec![Picked::Cancelled]));
    harness.key_press_modifiers(CTRL_SHIFT, Key::S);
    harness.run_steps(2);
    assert!(
        harness.state().modal().is_none(),
        "a cancel must not ask again"
    );

    harness.key_press_modifiers(CTRL_SHIFT, Key::S);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::PathEntry { .. })
    ));
    harness.get_by_label_contains("No file dialog is available");
    let target = dir.path().join("typed");
    harness.get_by_label("File path").click();
    harness.run_steps(1);
    harness.key_press_modifiers(CTRL, Key::A);
    harness
        .get_by_label("File path")
        .type_text(&target.display().to_string());
    harness.run_steps(1);
    harness.get_by_label("OK").click();
    harness.run_steps(2);
    let written = dir.path().join("typed.briefing.json");
    assert!(written.is_file(), "{:?}", harness.state().status());

    // Typing the same name again: the file exists and no dialog confirmed it, so it asks.
    harness.key_press_modifiers(CTRL_SHIFT, Key::S);
    harness.run_steps(2);
    harness.get_by_label("File path").click();
    harness.run_steps(1);
    harness.key_press_modifiers(CTRL, Key::A);
    harness
        .get_by_label("File path")
        .type_text(&target.display().to_string());
    harness.run_steps(1);
    harness.key_press(Key::Enter); // Enter in the field is OK
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::ConfirmOverwrite { .. })
    ));
    harness.get_by_label("Replace").click();
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
}

#[test]
fn a_file_changed_on_disk_is_not_silently_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.briefing.json");
    briefdesk::io::save(&path, &briefdesk::app::sample()).unwrap();
    let mut opts = options(dir.path(), vec![]);
    opts.file = Some(path.clone());
    let mut harness = harness(opts);
    // Someone else saves a different version.
    let mut theirs = briefdesk::app::sample();
    theirs.meta.title = "Their version".into();
    std::thread::sleep(Duration::from_millis(20));
    briefdesk::io::save(&path, &theirs).unwrap();
    let their_bytes = std::fs::read(&path).unwrap();

    type_into_body(&mut harness, " Mine.");
    harness.key_press_modifiers(CTRL, Key::S);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::ChangedOnDisk { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), their_bytes);
    assert!(harness.state().session().is_dirty());
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert_eq!(std::fs::read(&path).unwrap(), their_bytes);
}

#[test]
fn a_file_that_failed_to_load_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.briefing.json");
    std::fs::write(&path, b"{ \"format_version\": 1, \"meta\": ").unwrap();
    let mut opts = options(dir.path(), vec![Picked::Path(path.clone())]);
    opts.file = Some(path.clone());
    let mut harness = harness(opts);
    assert!(matches!(harness.state().modal(), Some(Modal::Error(_))));
    harness.get_by_label("OK").click();
    harness.run_steps(2);
    harness.key_press_modifiers(CTRL_SHIFT, Key::S);
    harness.run_steps(2);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"{ \"format_version\": 1, \"meta\": "
    );
    let (message, error) = harness.state().status().unwrap();
    assert!(
        *error && message.contains("could not be opened"),
        "{message}"
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    type_into_body(&mut harness, " Pending.");
    harness.key_press_modifiers(CTRL, Key::Q);
    harness.run_steps(2);
    assert!(matches!(harness.state().modal(), Some(Modal::Unsaved(_))));
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
    assert!(selected_body(harness.state()).contains("Pending."));
}

#[test]
fn clicking_a_page_selects_the_section_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let preview = harness.state().preview();
    let count = preview.pages.len();
    // A page whose middle lies in a section other than the selected one.
    let centre = (preview.width / 2.0, preview.height / 2.0);
    let (page, expected) = preview
        .pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.info
                .regions
                .iter()
                .find(|r| {
                    r.rect.x <= centre.0
                        && centre.0 <= r.rect.x + r.rect.w
                        && r.rect.y <= centre.1
                        && centre.1 <= r.rect.y + r.rect.h
                        && Some(r.section.as_str()) != harness.state().selected()
                })
                .map(|r| (i, r.section.clone()))
        })
        .unwrap();
    let label = format!("Page {} of {count}", page + 1);
    // Scroll the preview with the mouse wheel until the page's middle is on screen.
    let first = harness
        .get_by_label(
            "Page 1 of 1"
                .replace("1 of 1", &format!("1 of {count}"))
                .as_str(),
        )
        .rect();
    let over_preview = first.center();
    for _ in 0..40 {
        let centre_y = harness.get_by_label(&label).rect().center().y;
        if (200.0..600.0).contains(&centre_y) {
            break;
        }
        harness.hover_at(over_preview);
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, if centre_y > 400.0 { -120.0 } else { 120.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.run_steps(2);
    }
    harness.get_by_label(&label).click();
    harness.run_steps(2);
    assert_eq!(harness.state().selected(), Some(expected.as_str()));
}

#[test]
fn a_dropped_markdown_file_opens_as_a_new_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.md");
    std::fs::write(
        &article,
        "# Cyberattack on Albania\n\nIntro text.\n\n## What happened\n\nServices went down.\n\n## Response\n\nTirana cut ties.\n",
    )
    .unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(article.clone())));
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(app.briefing().meta.title, "Cyberattack on Albania");
    let titles: Vec<&str> = app
        .briefing()
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles, ["Introduction", "What happened", "Response"]);
    let blocks: Vec<&str> = app
        .briefing()
        .sections
        .iter()
        .map(|s| s.block_id())
        .collect();
    assert_eq!(blocks, ["", "incident", "response"]);
    assert!(
        app.session().path.is_none(),
        "the Markdown file must never be written to"
    );
    assert!(preview_text(app).contains("Tirana cut ties."));
}

/// A file dropped on the window, as the platform layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dragging_a_section_by_its_handle_moves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let titles = |app: &App| -> Vec<String> {
        app.briefing()
            .sections
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let before = titles(harness.state());
    // The outline names each section after its portion mark.
    let outline_label = |i: usize| {
        let briefing = harness.state().briefing();
        let section = &briefing.sections[i];
        let mark = briefing
            .meta
            .marking
            .scheme
            .portion_mark(section.marking.as_deref().unwrap());
        format!("{mark} {}", section.title)
    };
    let (first_label, third_label) = (outline_label(0), outline_label(2));
    let first = harness.get_by_label(&first_label).rect();
    let third = harness.get_by_label(&third_label).rect();
    // The handle sits just left of the title.
    let grip = egui::pos2(first.left() - 12.0, first.center().y);
    harness.drag_at(grip);
    harness.run_steps(1);
    for step in 1..=6 {
        let y = first.center().y + (third.center().y + 4.0 - first.center().y) * step as f32 / 6.0;
        harness.hover_at(egui::pos2(third.center().x, y));
        harness.run_steps(1);
    }
    harness.drop_at(egui::pos2(third.center().x, third.center().y + 4.0));
    harness.run_steps(2);
    let after = titles(harness.state());
    assert_eq!(after[2], before[0], "{after:?}");
    assert_eq!(after[0], before[1]);
    assert!(harness.state().session().is_dirty());
}

#[test]
fn the_title_names_the_document_and_marks_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    assert_eq!(harness.state().title(), "Untitled — briefdesk");
    type_into_body(&mut harness, " x");
    assert_eq!(harness.state().title(), "Untitled • — briefdesk");
}

#[test]
fn a_problem_names_its_section_and_clicking_it_selects_the_section() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let before = harness.state().preview().diagnostics.len();
    let target = harness.state().briefing().sections[3].clone();
    harness.state_mut().apply(
        briefdesk::model::Edit::SetSectionText {
            id: target.id.clone(),
            field: briefdesk::model::SectionField::Body,
            text: format!("{}\n\nA claim [@S99].", target.body),
        },
        None,
    );
    settle(&mut harness);
    let diagnostics = &harness.state().preview().diagnostics;
    assert_eq!(diagnostics.len(), before + 1, "{diagnostics:?}");
    let new: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.message.contains("[@S99]"))
        .collect();
    assert_eq!(new.len(), 1, "{diagnostics:?}");
    // The reviewer's checks are there too, after compose's error (the worst comes first).
    assert_eq!(diagnostics[0].message, new[0].message);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("reads at grade")),
        "{diagnostics:?}"
    );
    assert_eq!(new[0].location.section.as_deref(), Some(target.id.as_str()));
    assert_ne!(harness.state().selected(), Some(target.id.as_str()));
    harness
        .get_by_label_contains("[@S99] cites no entry")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().selected(), Some(target.id.as_str()));
}

#[test]
fn zooming_repaints_the_pages_larger() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let width = |app: &App| app.preview().pages[0].texture.as_ref().unwrap().size()[0];
    let before = width(harness.state());
    harness.key_press_modifiers(CTRL, Key::Plus);
    settle(&mut harness);
    let larger = width(harness.state());
    assert!(larger as f32 > before as f32 * 1.2, "{before} → {larger}");
    harness.get_by_label("Fit page width").click();
    settle(&mut harness);
    assert_eq!(width(harness.state()), before);
}

#[test]
fn a_long_briefing_keeps_pixels_only_for_pages_near_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.briefing.json");
    let mut briefing = briefdesk::app::sample();
    let paragraph = "Albania cut diplomatic ties with Iran after the cyberattack. ".repeat(8);
    for i in 0..80 {
        briefing.sections.push(briefdesk::model::Section {
            id: format!("part-{i}"),
            title: format!("Part {i}"),
            body: vec![paragraph.clone(); 3].join("\n\n"),
            ..Default::default()
        });
    }
    briefdesk::io::save(&path, &briefing).unwrap();
    let mut opts = options(dir.path(), vec![]);
    opts.file = Some(path);
    let mut harness = harness(opts);
    let painted = |app: &App| -> Vec<usize> {
        let pages = &app.preview().pages;
        (0..pages.len())
            .filter(|&i| pages[i].texture.is_some())
            .collect()
    };
    let count = harness.state().preview().pages.len();
    assert!(count > 40, "{count} pages");
    let near = painted(harness.state());
    assert!(near.len() <= 8, "{near:?}");
    assert!(near.contains(&0));

    // Selecting the last section scrolls the preview there; its page is painted and the
    // first pages' pixels are let go.
    harness.state_mut().select("part-79");
    settle(&mut harness);
    settle(&mut harness);
    let near = painted(harness.state());
    assert!(near.len() <= 8, "{near:?}");
    assert!(near.contains(&(count - 1)), "{near:?} of {count}");
    assert!(!near.contains(&0), "{near:?}");
}

/// The commands the app sent to the window in the last frame.
fn window_commands(harness: &Harness<'static, App>) -> Vec<egui::ViewportCommand> {
    harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

fn request_close(harness: &mut Harness<'static, App>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
}

#[test]
fn closing_the_window_with_unsaved_changes_is_cancelled_until_answered() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    type_into_body(&mut harness, " Not yet saved.");
    request_close(&mut harness);
    assert!(window_commands(&harness).contains(&egui::ViewportCommand::CancelClose));
    assert!(matches!(harness.state().modal(), Some(Modal::Unsaved(_))));
    harness.run_steps(1);
    // "Don't save" lets the window close and removes the recovery copy.
    harness.get_by_label("Don't save").click();
    harness.step();
    assert!(window_commands(&harness).contains(&egui::ViewportCommand::Close));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn closing_a_saved_document_needs_no_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    request_close(&mut harness);
    assert!(!window_commands(&harness).contains(&egui::ViewportCommand::CancelClose));
    assert!(harness.state().modal().is_none());
}

#[test]
fn tab_moves_through_the_controls_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    harness.get_by_label("Section title").focus();
    harness.run_steps(1);
    assert!(harness.get_by_label("Section title").is_focused());
    let mut reached = std::collections::BTreeSet::new();
    for _ in 0..8 {
        harness.key_press(Key::Tab);
        harness.run_steps(1);
        for label in ["Portion marking", "Section body (Markdown)"] {
            if harness.get_by_label(label).is_focused() {
                reached.insert(label);
            }
        }
    }
    assert_eq!(reached.len(), 2, "Tab reached only {reached:?}");
}

#[test]
fn recent_files_and_zoom_come_back_from_the_window_storage() {
    use common::window::Memory;
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("kept.briefing.json");
    let mut first = harness(options(dir.path(), vec![Picked::Path(saved.clone())]));
    first.key_press_modifiers(CTRL, Key::S);
    first.key_press_modifiers(CTRL, Key::Plus);
    first.key_press_modifiers(
        Modifiers {
            shift: true,
            ..CTRL
        },
        Key::Plus,
    );
    first.run_steps(2);
    let mut storage = Memory::default();
    eframe::App::save(first.state_mut(), &mut storage);
    // Preferences only: the document itself is not in the window's storage.
    let stored: String = storage.0.values().cloned().collect();
    assert!(!stored.contains(&briefdesk::app::sample().sections[0].body[..40]));

    let mut app = App::new(options(dir.path(), vec![]));
    app.restore_preferences(&storage);
    assert_eq!(app.recent(), [saved.canonicalize().unwrap()]);
    assert!(matches!(
        app.preferences().zoom,
        briefdesk::app::Zoom::Scale(_)
    ));
    // The text size chosen in View comes back too.
    assert!((app.preferences().text_size - 1.1).abs() < 1e-3);
    assert!((app.text_zoom() - 1.1).abs() < 1e-3);
}

#[test]
fn file_import_makes_a_new_briefing_from_an_article_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let article = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/explainer-article.md");
    let before = std::fs::read(&article).unwrap();
    let mut harness = harness(options(dir.path(), vec![Picked::Path(article.clone())]));
    // Ctrl+I is Italic, as in Word; import is Ctrl+Shift+I.
    harness.key_press_modifiers(CTRL_SHIFT, Key::I);
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(
        app.briefing().meta.title,
        "Why did Albania cut ties with Iran?"
    );
    assert_eq!(app.briefing().sections.len(), 6);
    assert!(app.session().path.is_none());
    let (message, error) = app.status().unwrap();
    assert!(
        !error && message.contains("6 sections, 6 matched to blocks"),
        "{message}"
    );
    assert!(preview_text(app).contains("3,000 members"));
    assert!(!preview_text(app).contains("Most read"));
    assert_eq!(std::fs::read(&article).unwrap(), before);
}

#[test]
fn the_variant_switch_previews_and_exports_the_memo() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("memo.pdf");
    let mut harness = harness(options(dir.path(), vec![Picked::Path(pdf.clone())]));
    let all_pages = harness.state().preview().pages.len();
    assert!(preview_text(harness.state()).contains("Historical roots"));
    harness.get_by_label("Variant").click();
    harness.run_steps(2);
    harness.get_by_label("Memo").click();
    settle(&mut harness);
    let app = harness.state();
    assert!(
        app.preview().pages.len() <= 2,
        "{}",
        app.preview().pages.len()
    );
    assert!(app.preview().pages.len() < all_pages);
    let text = preview_text(app);
    assert!(text.contains("Recommendation"));
    assert!(!text.contains("Historical roots"));
    harness.key_press_modifiers(CTRL, Key::E);
    settle(&mut harness);
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), harness.state().preview().pages.len());
}

#[test]
fn a_long_section_title_is_cut_in_the_outline_not_widening_it_over_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let editor_width = |harness: &Harness<'static, App>| {
        harness
            .get_by_label("Section body (Markdown)")
            .rect()
            .width()
    };
    let before = editor_width(&harness);
    let id = harness.state().briefing().sections[1].id.clone();
    let title = "A very long section title that goes on ".repeat(6);
    harness.state_mut().apply(
        briefdesk::model::Edit::SetSectionText {
            id,
            field: briefdesk::model::SectionField::Title,
            text: title.clone(),
        },
        None,
    );
    settle(&mut harness);
    // The outline still offers the section under its whole title (to a screen reader, and
    // on hover), and the editor keeps its width.
    harness.get_by_label_contains(title.trim_end());
    let after = editor_width(&harness);
    assert!(after >= before - 1.0, "editor {before} → {after} px wide");
}

#[test]
fn export_writes_the_previews_own_pages_off_the_ui_thread_and_reports_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.pdf");
    let second = dir.path().join("second.pdf");
    let mut harness = harness(options(
        dir.path(),
        vec![Picked::Path(first.clone()), Picked::Path(second.clone())],
    ));
    // A variable without a value: compose warns, and the export must say so.
    let id = harness.state().briefing().sections[1].id.clone();
    let body = format!(
        "{} {{{{no_such_variable}}}}",
        selected_body(harness.state())
    );
    harness.state_mut().apply(
        briefdesk::model::Edit::SetSectionText {
            id,
            field: briefdesk::model::SectionField::Body,
            text: body,
        },
        None,
    );
    settle(&mut harness);
    let pages = harness.state().preview().pages.len();

    // The preview's layout is current: the export writes those pages, on its own thread.
    harness.key_press_modifiers(CTRL, Key::E);
    harness.run_steps(1);
    let job = harness
        .state()
        .export()
        .expect("the export runs in the background");
    assert!(
        job.reused,
        "the preview's pages are current and are written as they are"
    );
    assert!(
        harness
            .state()
            .status()
            .is_some_and(|(m, _)| m.starts_with("Exporting")),
        "{:?}",
        harness.state().status()
    );
    settle(&mut harness);
    assert!(harness.state().export().is_none());
    let doc = lopdf::Document::load_mem(&std::fs::read(&first).unwrap()).unwrap();
    assert_eq!(doc.get_pages().len(), pages);
    let (message, error) = harness.state().status().unwrap().clone();
    assert!(!error, "{message}");
    assert!(
        message.contains("problem") && message.contains("no_such_variable"),
        "the export's warning reaches the status line: {message}"
    );

    // A change the preview has not laid out yet: the export renders the briefing itself.
    let id = harness.state().briefing().sections[1].id.clone();
    harness.state_mut().apply(
        briefdesk::model::Edit::SetSectionText {
            id,
            field: briefdesk::model::SectionField::Body,
            text: "Written after the last preview.".into(),
        },
        None,
    );
    harness
        .state_mut()
        .execute(briefdesk::app::Command::ExportPdf);
    assert!(!harness.state().export().unwrap().reused);
    settle(&mut harness);
    let bytes = std::fs::read(&second).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), harness.state().preview().pages.len());
    assert_ne!(std::fs::read(&first).unwrap(), bytes);
    if common::tool_available("pdftotext") {
        let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &second, &["-"]);
        assert!(text.contains("Written after the last preview"), "{text}");
    }
}

#[test]
fn the_contents_depth_is_a_document_setting_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    // Tall enough that the settings under the outline are on screen.
    let mut harness = common::window::harness_sized(
        App::new(options(dir.path(), vec![])),
        egui::Vec2::new(1400.0, 1800.0),
    );
    settle(&mut harness);
    let depth = |harness: &Harness<'static, App>| harness.state().briefing().meta.contents_depth;
    assert_eq!(depth(&harness), briefdesk::model::ContentsDepth(2));
    harness.get_by_label("Document settings").click();
    harness.run_steps(2);
    harness.get_by_label("three levels").click();
    harness.run_steps(2);
    assert_eq!(depth(&harness), briefdesk::model::ContentsDepth(3));
    harness.get_by_label("sections").click();
    harness.run_steps(2);
    assert_eq!(depth(&harness), briefdesk::model::ContentsDepth(1));
}
