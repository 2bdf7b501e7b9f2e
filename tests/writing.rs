//! The writing tools a Word user reaches for, driven through the window as a person would:
//! formatting by shortcut, toolbar and menu, the Edit menu's clipboard commands, and the
//! right-click menu of the body.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::app::dialogs::Picked;
use briefdesk::app::{App, TextTarget};
use common::window::{Scripted, harness, options, selected_body, settle, type_into_body};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const CTRL: Modifiers = Modifiers::COMMAND;
/// Ctrl+Shift: with Left, selects the word before the cursor.
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ctrl: true,
    ..Modifiers::COMMAND
};

/// Types `word` at the end of the body and selects it with Ctrl+Shift+Left, as a person
/// would.
fn type_and_select_word(harness: &mut Harness<'static, App>, word: &str) {
    type_into_body(harness, &format!(" {word}"));
    harness.key_press_modifiers(CTRL_SHIFT, Key::ArrowLeft);
    harness.run_steps(2);
}

/// The selection in the selected section's body, as characters.
fn body_selection(harness: &Harness<'static, App>) -> (usize, usize) {
    let app = harness.state();
    let target = TextTarget::body(app.selected().unwrap());
    app.text_selection(&harness.ctx, &target)
}

#[test]
fn ctrl_b_wraps_the_selection_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    type_and_select_word(&mut harness, "quickly");
    let typed = selected_body(harness.state());
    assert!(typed.ends_with(" quickly"), "{typed}");
    harness.key_press_modifiers(CTRL, Key::B);
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(body.ends_with(" **quickly**"), "{body}");
    // The word stays selected, inside the marks, so a second Ctrl+B takes them off.
    let (start, end) = body_selection(&harness);
    let chars: Vec<char> = body.chars().collect();
    assert_eq!(chars[start..end].iter().collect::<String>(), "quickly");
    harness.key_press_modifiers(CTRL, Key::B);
    harness.run_steps(2);
    assert_eq!(selected_body(harness.state()), typed);
    // Ctrl+I is italic (import moved to Ctrl+Shift+I) and opens nothing.
    harness.key_press_modifiers(CTRL, Key::I);
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
    assert!(selected_body(harness.state()).ends_with(" *quickly*"));
    // Each format is one undo step: undo takes back the italic, then the typing stays.
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert_eq!(selected_body(harness.state()), typed);
    settle(&mut harness);
}

#[test]
fn the_toolbar_and_the_format_menu_format_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    type_and_select_word(&mut harness, "registry");
    harness.get_by_label("Code").click();
    harness.run_steps(2);
    assert!(selected_body(harness.state()).ends_with(" `registry`"));
    // The word stays selected inside the marks: the same button takes them off again.
    harness.get_by_label("Code").click();
    harness.run_steps(2);
    assert!(selected_body(harness.state()).ends_with(" registry"));
    // Link wraps the selection and selects the address, to be typed over.
    harness.get_by_label("Link").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(body.ends_with(" [registry](https://)"), "{body}");
    let (start, end) = body_selection(&harness);
    let chars: Vec<char> = body.chars().collect();
    assert_eq!(chars[start..end].iter().collect::<String>(), "https://");
    // Typing replaces the selected address.
    harness
        .get_by_label("Section body (Markdown)")
        .type_text("https://example.org");
    harness.run_steps(2);
    assert!(selected_body(harness.state()).ends_with(" [registry](https://example.org)"));

    // The Format menu makes the last line a bulleted list, then a numbered one.
    harness.get_by_label("Format").click();
    harness.run_steps(2);
    harness.get_by_label("Bulleted list Ctrl+Shift+L").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    let last = body.lines().last().unwrap();
    assert!(last.trim_start().starts_with("- "), "{last}");
    harness.get_by_label("Numbered list").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    let last = body.lines().last().unwrap();
    assert!(last.trim_start().starts_with("1. "), "{last}");
    settle(&mut harness);
}

#[test]
fn the_edit_menu_cuts_copies_pastes_and_selects_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = options(dir.path(), vec![]);
    options.dialogs = Box::new(Scripted {
        clipboard: Some("pasted words".into()),
        ..Scripted::new(Vec::<Picked>::new())
    });
    let mut harness = harness(options);
    type_and_select_word(&mut harness, "spare");
    let typed = selected_body(harness.state());

    // Copy puts the selection on the clipboard and leaves the text.
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label("Copy Ctrl+C").click();
    harness.run_steps(1);
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, ["spare"]);
    harness.run_steps(1);
    assert_eq!(selected_body(harness.state()), typed);

    // Cut takes it out, as one undo step.
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label("Cut Ctrl+X").click();
    harness.run_steps(2);
    let cut = selected_body(harness.state());
    assert_eq!(cut, typed.strip_suffix("spare").unwrap());

    // Paste puts the clipboard's text at the cursor.
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label("Paste Ctrl+V").click();
    harness.run_steps(2);
    assert_eq!(selected_body(harness.state()), format!("{cut}pasted words"));
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert_eq!(selected_body(harness.state()), cut);

    // Select all selects the whole body.
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label("Select all Ctrl+A").click();
    harness.run_steps(2);
    assert_eq!(body_selection(&harness), (0, cut.chars().count()));
    settle(&mut harness);
}

#[test]
fn the_body_has_a_right_click_menu_with_the_clipboard_and_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    harness.get_by_label("Section body (Markdown)").click();
    harness.run_steps(2);
    // Select the whole body, then right-click inside the selection: the menu's commands
    // work on the selection, which the click keeps (egui alone would move the cursor).
    harness.key_press_modifiers(CTRL, Key::A);
    harness.run_steps(2);
    harness
        .get_by_label("Section body (Markdown)")
        .click_secondary();
    harness.run_steps(2);
    harness.get_by_label("Format the selection").click();
    harness.run_steps(2);
    // The menu's item, not the toolbar's button of the same name: the menu is drawn last.
    harness.query_all_by_label("Quote").last().unwrap().click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(
        body.lines()
            .filter(|l| !l.trim().is_empty())
            .all(|l| l.starts_with("> ")),
        "{body}"
    );
    settle(&mut harness);
}

#[test]
fn find_and_replace_all_across_the_briefing_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let before = harness.state().briefing().clone();
    let count_in = |b: &briefdesk::model::Briefing, word: &str| {
        let mut n = b.meta.title.matches(word).count();
        for s in &b.sections {
            n += s.title.matches(word).count()
                + s.body.matches(word).count()
                + s.notes.matches(word).count();
        }
        for s in &b.sources {
            n += s.title.matches(word).count() + s.publisher.matches(word).count();
        }
        n
    };
    let expected = count_in(&before, "Iran") - count_in(&before, "Iranian");
    assert!(expected > 3, "{expected}");

    // Ctrl+H opens the bar with its replace row, the find box taking the keyboard.
    harness.key_press_modifiers(CTRL, Key::H);
    harness.run_steps(2);
    assert!(harness.get_by_label("Find").is_focused());
    harness.get_by_label("Find").type_text("iran");
    harness.run_steps(2);
    // Without Match case "iran" finds "Iranian" too; with it, only "iran" as written (in
    // web addresses).
    let loose = harness.state().finder().matches.len();
    assert!(loose > expected, "{loose}");
    harness.get_by_label("Match case").click();
    harness.run_steps(2);
    let app = harness.state();
    let strict = &app.finder().matches;
    assert!(strict.len() < loose);
    for found in strict {
        let text = briefdesk::model::find::text_of(app.briefing(), &found.place).unwrap();
        assert_eq!(&text[found.range.clone()], "iran");
    }
    harness.get_by_label("Find").focus();
    harness.key_press_modifiers(CTRL, Key::A);
    harness.get_by_label("Find").type_text("Iran");
    harness.get_by_label("Whole word").click();
    harness.run_steps(2);
    // "Iran" as a word, in any field, with the count shown; the first is current.
    // "Iran" as a word, in any field, with the count shown; the current match is the first
    // from the selected section on.
    let first = harness.state().finder().current.unwrap();
    harness.get_by_label(&format!("{} of {expected}", first + 1));
    // Next goes to the one after.
    harness.get_by_label("Next").click();
    harness.run_steps(2);
    harness.get_by_label(&format!("{} of {expected}", first + 2));
    let app = harness.state();
    let found = app.finder().current_match().unwrap().clone();
    if let briefdesk::model::find::Place::Section { id, .. } = &found.place {
        assert_eq!(app.selected(), Some(id.as_str()));
    }
    harness.get_by_label("Replace with").click();
    harness
        .get_by_label("Replace with")
        .type_text("the Islamic Republic");
    harness.run_steps(1);
    harness.get_by_label("Replace all").click();
    harness.run_steps(2);
    let after = harness.state().briefing().clone();
    assert_eq!(count_in(&after, "Iran") - count_in(&after, "Iranian"), 0);
    assert_eq!(
        count_in(&after, "the Islamic Republic") - count_in(&before, "the Islamic Republic"),
        expected
    );
    assert_eq!(count_in(&after, "Iranian"), count_in(&before, "Iranian"));
    let (message, _) = harness.state().status().unwrap().clone();
    assert!(
        message.starts_with(&format!("Replaced {expected} matches")),
        "{message}"
    );
    // One undo brings every one back.
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert_eq!(harness.state().briefing(), &before);
    settle(&mut harness);
}

#[test]
fn a_bad_regular_expression_is_named_and_finds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    harness.key_press_modifiers(CTRL, Key::F);
    harness.run_steps(2);
    harness.get_by_label("Regular expression").click();
    harness.get_by_label("Find").focus();
    harness.get_by_label("Find").type_text("(cyber");
    harness.run_steps(2);
    harness.get_by_label_contains("not a valid regular expression");
    assert!(harness.state().finder().matches.is_empty());
    // Completed, it finds; Escape closes the bar.
    harness.get_by_label("Find").type_text(")attack");
    harness.run_steps(2);
    assert!(!harness.state().finder().matches.is_empty());
    harness.get_by_label("Find").focus();
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().finder().open);
    settle(&mut harness);
}

/// Runs frames until the spelling thread has checked the selected section's body.
fn wait_for_spelling(harness: &mut Harness<'static, App>) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        harness.run_steps(1);
        let app = harness.state();
        let body = selected_body(app);
        if let Some(ranges) = app.spelling().misspelt(&body) {
            return ranges
                .iter()
                .map(|r| body.chars().skip(r.start).take(r.len()).collect())
                .collect();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the spelling check did not answer"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_misspelt_word_is_marked_suggested_added_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    // The sample's summary: its names come from variables, the ledger and the words the
    // sample ignores, all accepted.
    let marked = wait_for_spelling(&mut harness);
    assert!(marked.is_empty(), "{marked:?}");

    // A misspelt word is marked; right-click on it offers the correction.
    type_and_select_word(&mut harness, "goverment");
    let marked = wait_for_spelling(&mut harness);
    assert!(marked.iter().any(|w| w == "goverment"), "{marked:?}");
    harness
        .get_by_label("Section body (Markdown)")
        .click_secondary();
    harness.run_steps(2);
    harness.get_by_label("government").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(body.ends_with(" government"), "{body}");
    assert!(
        !wait_for_spelling(&mut harness)
            .iter()
            .any(|w| w.contains("goverment"))
    );

    // Add to dictionary silences a word for good: it is in the user's list.
    type_and_select_word(&mut harness, "Qazimi");
    assert!(
        wait_for_spelling(&mut harness)
            .iter()
            .any(|w| w == "Qazimi")
    );
    harness
        .get_by_label("Section body (Markdown)")
        .click_secondary();
    harness.run_steps(2);
    harness.get_by_label("Add to dictionary").click();
    harness.run_steps(2);
    assert!(
        !wait_for_spelling(&mut harness)
            .iter()
            .any(|w| w == "Qazimi")
    );
    let list = std::fs::read_to_string(dir.path().join("words.txt")).unwrap();
    assert_eq!(list, "Qazimi\n");

    // Ignore in this briefing keeps the word in the file, and Undo takes it back.
    type_and_select_word(&mut harness, "Dervishi");
    assert!(
        wait_for_spelling(&mut harness)
            .iter()
            .any(|w| w == "Dervishi")
    );
    harness
        .get_by_label("Section body (Markdown)")
        .click_secondary();
    harness.run_steps(2);
    harness.get_by_label("Ignore in this briefing").click();
    harness.run_steps(2);
    let ignored = &harness.state().briefing().meta.spelling_ignored;
    assert_eq!(ignored.last().map(String::as_str), Some("Dervishi"));
    assert!(
        !wait_for_spelling(&mut harness)
            .iter()
            .any(|w| w == "Dervishi")
    );
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    let ignored = &harness.state().briefing().meta.spelling_ignored;
    assert!(!ignored.iter().any(|w| w == "Dervishi"));
    assert!(
        wait_for_spelling(&mut harness)
            .iter()
            .any(|w| w == "Dervishi")
    );
    settle(&mut harness);
}

#[test]
fn check_lists_misspellings_as_notes_with_section_and_line() {
    let mut briefing = common::briefing_with_body("First line is fine.\n\nteh goverment respnse");
    briefing.meta.language = "en-US".into();
    let composed =
        briefdesk::compose::compose(&briefing, &briefdesk::compose::ComposeOptions::default());
    let found = briefdesk::lint::run(
        &briefing,
        &composed.document,
        &briefdesk::templates::Library::builtin(),
    );
    let spelling: Vec<(Option<u32>, &str)> = found
        .iter()
        .filter(|d| d.message.contains("is not in the dictionary"))
        .map(|d| (d.location.line, d.message.as_str()))
        .collect();
    assert_eq!(spelling.len(), 3, "{spelling:#?}");
    assert!(spelling.iter().all(|(line, _)| *line == Some(3)));
    assert!(spelling[0].1.starts_with("“teh”"));
    assert!(
        found
            .iter()
            .filter(|d| d.message.contains("is not in the dictionary"))
            .all(|d| d.severity == briefdesk::diagnostic::Severity::Info
                && d.location.section.as_deref() == Some("body"))
    );
}

#[test]
fn print_opens_and_shows_exports_and_help_lists_the_keys() {
    use briefdesk::app::desktop::HandOff;
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("brief.pdf");
    let scripted = Scripted::new(vec![Picked::Path(pdf.clone())]);
    let handed = scripted.handed.clone();
    let mut options = options(dir.path(), vec![]);
    options.dialogs = Box::new(scripted);
    let mut harness = harness(options);
    // The sample was never saved: the status line does not say "Saved".
    harness.get_by_label("Not saved to a file");
    assert!(harness.query_all_by_label("Saved").next().is_none());
    // Nothing exported yet: Open and Show are greyed out.
    assert!(!harness.state().can(briefdesk::app::Command::OpenExport));
    // Ctrl+P writes the PDF and hands it on to print.
    harness.key_press_modifiers(CTRL, Key::P);
    settle(&mut harness);
    let printed = handed.lock().unwrap().clone();
    assert_eq!(printed.len(), 1, "{printed:?}");
    assert_eq!(printed[0].0, HandOff::Print);
    let bytes = std::fs::read(&printed[0].1).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // A print is no export: Open exported file still has nothing to open.
    assert!(harness.state().last_export().is_none());

    // After an export, File → Open exported file and Show in folder hand it on.
    harness.key_press_modifiers(CTRL, Key::E);
    settle(&mut harness);
    assert_eq!(harness.state().last_export(), Some(pdf.as_path()));
    for (label, what) in [
        ("Open exported file", HandOff::Open),
        ("Show exported file in folder", HandOff::ShowInFolder),
    ] {
        harness.get_by_label("File").click();
        harness.run_steps(2);
        harness.get_by_label(label).click();
        harness.run_steps(2);
        assert_eq!(handed.lock().unwrap().last().unwrap(), &(what, pdf.clone()));
    }

    // F1 lists every command with keys, from the command table itself.
    harness.key_press(Key::F1);
    harness.run_steps(2);
    for command in briefdesk::app::Command::ALL {
        if let Some(first) = command.shortcuts().first() {
            let label = command.label().trim_end_matches('…');
            assert!(
                harness.query_all_by_label(label).next().is_some(),
                "{label}"
            );
            let keys = harness.ctx.format_shortcut(first);
            assert!(
                harness.query_all_by_label_contains(&keys).next().is_some(),
                "{keys}"
            );
        }
    }
    harness.run_steps(4);
    harness.get_by_label("Close").click();
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
    // About names the version and what is bundled.
    harness.get_by_label("Help").click();
    harness.run_steps(2);
    harness.get_by_label("About briefdesk").click();
    harness.run_steps(2);
    harness.get_by_label(&format!("briefdesk {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label_contains("SCOWL");
    settle(&mut harness);
}

#[test]
fn the_citation_picker_inserts_a_citation_the_preview_sets_as_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    type_into_body(&mut harness, " Microsoft named the attackers.");
    settle(&mut harness);
    let before = common::window::preview_text(harness.state())
        .matches("Microsoft")
        .count();
    // Ctrl+Shift+K opens the picker; typing filters the ledger to one entry; Enter cites it.
    harness.key_press_modifiers(CTRL_SHIFT, Key::K);
    harness.run_steps(3);
    harness
        .get_by_label("Find a source")
        .type_text("threat intel");
    harness.run_steps(2);
    assert!(
        harness
            .query_all_by_label_contains("S1 — ")
            .next()
            .is_none()
    );
    harness.get_by_label_contains("S2 — ").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(
        body.ends_with(" Microsoft named the attackers. [@S2]"),
        "{body}"
    );
    settle(&mut harness);
    let after = common::window::preview_text(harness.state())
        .matches("Microsoft")
        .count();
    // The citation's note ("Microsoft, “Microsoft Investigates…”") is on the pages.
    assert!(after >= before + 2, "{before} → {after}");

    // A source not in the ledger is added and cited in one go.
    harness.key_press_modifiers(CTRL_SHIFT, Key::K);
    harness.run_steps(3);
    harness
        .get_by_label("Find a source")
        .type_text("OSCE statement on Albania");
    harness.run_steps(2);
    harness.get_by_label("Add as a new source").click();
    harness.run_steps(2);
    let app = harness.state();
    let added = app.briefing().sources.last().unwrap();
    assert_eq!(
        (added.id.as_str(), added.title.as_str()),
        ("S6", "OSCE statement on Albania")
    );
    assert!(selected_body(app).ends_with(" [@S6]"));
    settle(&mut harness);
}

#[test]
fn insert_table_and_picture_put_markdown_at_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    // The briefing has a file, so a picture has a folder to be copied to.
    let file = dir.path().join("brief.briefing.json");
    std::fs::write(&file, briefdesk::templates::sample_json()).unwrap();
    let pictures = tempfile::tempdir().unwrap();
    let map = pictures.path().join("map.png");
    common::write_grey_png(&map, 40, 30);
    let mut options = options(dir.path(), vec![Picked::Path(map.clone())]);
    options.file = Some(file.clone());
    let mut harness = harness(options);

    harness.get_by_label("Insert").click();
    harness.run_steps(2);
    harness.get_by_label("Table…").click();
    harness.run_steps(3);
    harness.get_by_label("Insert table").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(
        body.contains(
            "\n\n| Heading 1 | Heading 2 | Heading 3 |\n| --- | --- | --- |\n|  |  |  |\n"
        ),
        "{body}"
    );
    // One undo takes the table out.
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert!(!selected_body(harness.state()).contains("Heading 1"));

    harness.get_by_label("Insert").click();
    harness.run_steps(2);
    harness.get_by_label("Picture…").click();
    harness.run_steps(3);
    // Copied beside the briefing; the alt text is asked for before anything is inserted.
    assert_eq!(
        std::fs::read(dir.path().join("map.png")).unwrap(),
        std::fs::read(&map).unwrap()
    );
    assert!(
        harness
            .query_all_by(|n| n.label().as_deref() == Some("Insert picture") && n.is_disabled())
            .next()
            .is_some()
    );
    harness
        .get_by_label("Alt text")
        .type_text("Map of Albania with Manëz marked");
    harness.run_steps(2);
    harness.get_by_label("Insert picture").click();
    harness.run_steps(2);
    let body = selected_body(harness.state());
    assert!(
        body.contains("\n\n![Map of Albania with Manëz marked](<map.png>)\n"),
        "{body}"
    );
    settle(&mut harness);
    let problems: Vec<String> = harness
        .state()
        .preview()
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .filter(|m| m.contains("map.png"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn counts_words_in_the_outline_and_length_against_the_blocks_target() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let app = harness.state();
    // Every outline row carries its section's word count.
    for section in &app.briefing().sections {
        let words = briefdesk::lint::word_count(&section.body);
        assert!(
            harness
                .query_all_by_label(&format!("{words} words"))
                .next()
                .is_some(),
            "{}",
            section.title
        );
    }
    // The summary's block asks for at most four sentences: the bar says how many.
    let target = app.library().block("bluf").unwrap().target.unwrap();
    assert_eq!(target.describe(), "4 sentences");
    let used = target.measure(&selected_body(app));
    assert!(used <= 4, "{used}");
    harness.get_by_label(&format!("Length: {used} of 4 sentences"));
    // Two more sentences take it over, and the words say so.
    type_into_body(&mut harness, " One more. And another.");
    harness.get_by_label(&format!(
        "Length: {} of 4 sentences, over by {}",
        used + 2,
        used + 2 - 4
    ));
    // The memo's budget shows on its real pages.
    harness.get_by_label("Variant").click();
    harness.run_steps(2);
    harness.get_by_label("Memo").click();
    settle(&mut harness);
    let pages = harness.state().preview().pages.len();
    harness.get_by_label_contains(&format!("Memo: {pages} of 2 pages"));
}

#[test]
fn typing_undoes_a_word_at_a_time_and_a_copy_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let before = selected_body(harness.state());
    // Key by key, as a person types (kittest's type_text sends a whole string at once).
    type_into_body(&mut harness, " ");
    for c in "three small words".chars() {
        harness
            .get_by_label("Section body (Markdown)")
            .type_text(&c.to_string());
        harness.run_steps(1);
    }
    assert_eq!(
        selected_body(harness.state()),
        format!("{before} three small words")
    );
    // Typed without a pause, the words still undo one at a time.
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert_eq!(
        selected_body(harness.state()),
        format!("{before} three small ")
    );
    harness.key_press_modifiers(CTRL, Key::Z);
    harness.run_steps(2);
    assert_eq!(selected_body(harness.state()), format!("{before} three "));
    // A duplicated section's title says it is a copy.
    harness.key_press_modifiers(CTRL, Key::D);
    harness.run_steps(2);
    let app = harness.state();
    let title = &app.briefing().sections[1].title;
    assert_eq!(
        title,
        &format!("{} (copy)", app.briefing().sections[0].title)
    );
}

#[test]
fn enter_in_new_variable_adds_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    harness.get_by_label("Variables").click();
    harness.run_steps(2);
    harness.get_by_label("New variable").click();
    harness.get_by_label("New variable").type_text("capital");
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        harness
            .state()
            .briefing()
            .variables
            .get("capital")
            .map(String::as_str),
        Some("")
    );
    // Its remove button is named for it (and drawn with a glyph the bundled fonts have).
    harness.get_by_label("Remove variable capital");
}

#[test]
fn at_1000_by_650_the_editor_keeps_a_third_of_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(options(dir.path(), vec![]));
    let mut harness = common::window::harness_sized(app, egui::Vec2::new(1000.0, 650.0));
    settle(&mut harness);
    assert!(
        !harness.state().narrow(),
        "1000 points is wide enough for both"
    );
    let editor = harness.get_by_label("Section body (Markdown)").rect();
    assert!(editor.width() >= 1000.0 / 3.0, "{}", editor.width());
    // The preview's pages are beside it, not under it.
    let page = harness.get_by_label_contains("Page 1 of ").rect();
    assert!(page.left() >= editor.right(), "{page:?} {editor:?}");
    // Wider again, every part takes its share back.
    harness.set_size(egui::Vec2::new(1600.0, 900.0));
    harness.run_steps(3);
    let wide = harness.get_by_label("Section body (Markdown)").rect();
    assert!(
        wide.width() > editor.width() * 1.3,
        "{} → {}",
        editor.width(),
        wide.width()
    );
}

#[test]
fn a_problem_clicked_puts_the_cursor_on_its_line_and_pages_can_be_gone_to() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    // A problem with a line: the cursor goes to that line of that section.
    let problem = harness
        .state()
        .preview()
        .diagnostics
        .iter()
        .find(|d| {
            d.location.line.is_some_and(|l| l > 1)
                && d.location.section.as_deref() == Some("incident")
        })
        .cloned()
        .expect("the sample has a problem on a line of the incident");
    let line = problem.location.line.unwrap();
    harness
        .get_by_label_contains(&format!(
            "incident, line {line}: {}",
            &problem.message[..30]
        ))
        .click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.selected(), Some("incident"));
    let body = selected_body(app);
    let start: usize = body
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(|l| l.chars().count())
        .sum();
    assert_eq!(app.editing().unwrap().selection, (start, start));
    assert!(!app.cursor_scroll());

    // The preview says where the reader is, and goes to a page.
    let count = app.preview().pages.len();
    let shown = |harness: &Harness<'static, App>| harness.get_by_label("Go to page").value();
    assert!(shown(&harness).is_some_and(|v| v.ends_with(&format!(" of {count}"))));
    harness
        .get_by_label("Go to page")
        .set_value_accesskit(count as f64);
    // The scroll is animated over a few frames.
    harness.run_steps(12);
    let visible = harness.state().preview().visible.clone();
    assert!(visible.contains(&(count - 1)), "{visible:?}");
    assert!(harness.state().preview().goto_page.is_none());
    // The indicator names the first page on screen.
    assert_eq!(
        shown(&harness),
        Some(format!("Page {} of {count}", visible.start + 1))
    );
    assert!(visible.start > 0);
}

#[test]
fn zoom_and_variant_switch_keep_the_selected_section_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let shows = |app: &App, id: &str| {
        let visible = app.preview().visible.clone();
        app.preview().pages[visible]
            .iter()
            .any(|p| p.info.regions.iter().any(|r| r.section == id))
    };
    harness.get_by_label("(O) Sources").click();
    settle(&mut harness);
    harness.run_steps(12);
    assert!(shows(harness.state(), "sources"));
    // Zoomed in, the pages grow; the selected section's page is brought back.
    harness.key_press_modifiers(CTRL, Key::Plus);
    settle(&mut harness);
    harness.run_steps(12);
    assert!(shows(harness.state(), "sources"));
    // Another variant's pages open at the section being written.
    harness.get_by_label("(OS) Recommendation").click();
    settle(&mut harness);
    harness.get_by_label("Variant").click();
    harness.run_steps(2);
    harness.get_by_label("Memo").click();
    settle(&mut harness);
    harness.run_steps(12);
    assert!(shows(harness.state(), "recommendation"));
}

#[test]
fn outline_rows_have_a_menu_one_tab_stop_and_f6_moves_between_parts() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    // The grips are no Tab stops: each row is reached once.
    let stops = harness
        .query_all_by(|n| {
            n.data().supports_action(egui::accesskit::Action::Focus)
                && n.label().is_some_and(|l| l == "Drag to move the section")
        })
        .count();
    assert_eq!(stops, 0);
    // Right-click a row: it is selected, and its menu moves, duplicates and marks it.
    harness.get_by_label("(O) The incident").click_secondary();
    harness.run_steps(3);
    assert_eq!(harness.state().selected(), Some("incident"));
    harness.get_by_label("Move section up Alt+Up").click();
    harness.run_steps(2);
    let ids: Vec<&str> = harness
        .state()
        .briefing()
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let at = ids.iter().position(|i| *i == "incident").unwrap();
    assert_eq!(ids[at + 1], "historical-roots");
    harness.get_by_label("(O) The incident").click_secondary();
    harness.run_steps(3);
    harness.get_by_label("Set portion marking").click();
    harness.run_steps(2);
    harness.get_by_label("OFFICIAL-SENSITIVE (OS)").click();
    harness.run_steps(2);
    let incident = harness.state().briefing().section("incident").unwrap();
    assert_eq!(incident.marking.as_deref(), Some("OFFICIAL-SENSITIVE"));

    // F6 goes outline → editor → preview → outline.
    harness.key_press(Key::F6);
    harness.run_steps(2);
    assert!(harness.get_by_label("Section body (Markdown)").is_focused());
    harness.key_press(Key::F6);
    harness.run_steps(2);
    let focused = harness.query_by(|n| n.is_focused_in_tree()).unwrap();
    assert!(format!("{focused:?}").contains("Page "), "{focused:?}");
    harness.key_press(Key::F6);
    harness.run_steps(2);
    assert!(harness.get_by_label("(OS) The incident").is_focused());
}

#[test]
fn open_completes_a_bare_name_names_a_missing_folder_and_the_last_document_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("albania.briefing.json");
    let mut briefing = common::sample();
    briefing.meta.title = "A briefing of my own".into();
    std::fs::write(&file, briefdesk::io::to_json(&briefing)).unwrap();
    let missing = dir.path().join("no-such-folder").join("x.briefing.json");
    let mut harness = harness(options(
        dir.path(),
        vec![
            Picked::Path(dir.path().join("albania")),
            Picked::Path(missing.clone()),
        ],
    ));
    harness.key_press_modifiers(CTRL, Key::O);
    harness.run_steps(2);
    assert_eq!(
        harness.state().briefing().meta.title,
        "A briefing of my own"
    );
    harness.key_press_modifiers(CTRL, Key::O);
    harness.run_steps(2);
    let Some(briefdesk::app::Modal::Error(message)) = harness.state().modal() else {
        panic!("{:?}", harness.state().modal());
    };
    assert!(
        message.starts_with(&format!(
            "There is no folder {}",
            dir.path().join("no-such-folder").display()
        )),
        "{message}"
    );

    // Started again without a file, the window reopens the last document.
    let mut storage = common::window::Memory::default();
    harness.state().preferences().store(&mut storage);
    let mut app = App::new(options(dir.path(), vec![]));
    assert_eq!(
        app.briefing().meta.title,
        briefdesk::app::sample().meta.title
    );
    app.restore_preferences(&storage);
    assert_eq!(app.briefing().meta.title, "A briefing of my own");
    assert!(app.session().path.is_some());
}

#[test]
fn an_export_of_a_variant_offers_a_name_that_says_so() {
    use briefdesk::app::dialogs::{Dialogs, FileKind};
    use std::sync::{Arc, Mutex};
    struct Names(Arc<Mutex<Vec<String>>>);
    impl Dialogs for Names {
        fn open(&mut self, _: FileKind, _: Option<&std::path::Path>) -> Picked {
            Picked::Cancelled
        }
        fn save(&mut self, _: FileKind, _: Option<&std::path::Path>, name: &str) -> Picked {
            self.0.lock().unwrap().push(name.to_owned());
            Picked::Cancelled
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let names = Arc::new(Mutex::new(Vec::new()));
    let mut options = options(dir.path(), vec![]);
    options.dialogs = Box::new(Names(names.clone()));
    let mut harness = harness(options);
    harness.key_press_modifiers(CTRL, Key::E);
    harness.run_steps(2);
    harness.get_by_label("Variant").click();
    harness.run_steps(2);
    harness.get_by_label("Memo").click();
    settle(&mut harness);
    harness.key_press_modifiers(CTRL, Key::E);
    harness.run_steps(2);
    let names = names.lock().unwrap().clone();
    assert_eq!(names.len(), 2);
    assert!(!names[0].contains("memo"), "{names:?}");
    assert!(names[1].ends_with("-memo.pdf"), "{names:?}");
}

#[test]
fn the_notes_field_offers_spelling_corrections_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let label = "Private notes: never exported, never in the PDF or Markdown";
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.key_press_modifiers(CTRL, Key::End);
    harness.get_by_label(label).type_text(" recieve");
    harness.run_steps(1);
    harness.key_press_modifiers(CTRL_SHIFT, Key::ArrowLeft);
    harness.run_steps(1);
    let notes = |app: &App| {
        app.briefing()
            .section(app.selected().unwrap())
            .unwrap()
            .notes
            .clone()
    };
    let started = std::time::Instant::now();
    while harness
        .state()
        .spelling()
        .misspelt(&notes(harness.state()))
        .is_none_or(|m| m.is_empty())
    {
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        harness.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Right-click below the text's end (the field's last row), where the word is.
    let at = harness.get_by_label(label).rect().right_bottom() - egui::vec2(12.0, 8.0);
    harness.hover_at(at);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::default(),
        });
    }
    harness.run_steps(3);
    harness.get_by_label("receive").click();
    harness.run_steps(2);
    assert!(
        notes(harness.state()).ends_with(" receive"),
        "{}",
        notes(harness.state())
    );
}
