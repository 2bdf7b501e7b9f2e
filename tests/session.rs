//! The window's non-visual parts: the document session (dirty flag, files changed on disk,
//! files that failed to load), the recovery journal, file names and the command table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use briefdesk::app::Command;
use briefdesk::app::dialogs::FileKind;
use briefdesk::app::session::{SaveError, Session};
use briefdesk::io::journal::Journal;
use briefdesk::model::{Edit, SectionField};

fn edit_body(session: &mut Session, text: &str) {
    let id = session.briefing.sections[0].id.clone();
    session
        .apply(
            Edit::SetSectionText {
                id,
                field: SectionField::Body,
                text: text.into(),
            },
            Some("body"),
        )
        .unwrap();
}

#[test]
fn the_dirty_flag_follows_edits_undo_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.briefing.json");
    let mut session = Session::new(common::sample());
    assert!(!session.is_dirty());
    edit_body(&mut session, "changed");
    assert!(session.is_dirty());
    session.undo().unwrap();
    assert!(
        !session.is_dirty(),
        "undoing back to the saved state is clean"
    );
    session.redo().unwrap();
    session.save(&path, false, &[]).unwrap();
    assert!(!session.is_dirty());
    assert_eq!(session.path.as_deref(), Some(path.as_path()));
    session.undo().unwrap();
    assert!(session.is_dirty(), "undoing past a save is a change");
}

#[test]
fn a_file_changed_elsewhere_is_refused_unless_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.briefing.json");
    briefdesk::io::save(&path, &common::sample()).unwrap();
    let (mut session, _) = Session::open(&path).unwrap();
    assert!(!session.changed_on_disk());
    // Rewriting the same bytes (a touch, a sync tool) is not a change.
    std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
    assert!(!session.changed_on_disk());
    let mut theirs = common::sample();
    theirs.meta.title = "Theirs".into();
    briefdesk::io::save(&path, &theirs).unwrap();
    assert!(session.changed_on_disk());
    edit_body(&mut session, "mine");
    let error = session.save(&path, false, &[]).unwrap_err();
    assert!(matches!(error, SaveError::ChangedOnDisk(_)));
    assert_eq!(
        briefdesk::io::load(&path).unwrap().briefing.meta.title,
        "Theirs"
    );
    assert!(session.is_dirty());
    session.save(&path, true, &[]).unwrap();
    assert!(!session.is_dirty());
    assert_ne!(
        briefdesk::io::load(&path).unwrap().briefing.meta.title,
        "Theirs"
    );
}

#[test]
fn a_file_that_could_not_be_opened_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.briefing.json");
    std::fs::write(&path, "not json").unwrap();
    assert!(Session::open(&path).is_err());
    let mut session = Session::new(common::sample());
    let error = session
        .save(&path, true, std::slice::from_ref(&path))
        .unwrap_err();
    assert!(matches!(error, SaveError::Unreadable(_)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "not json");
}

#[test]
fn the_journal_is_private_and_reports_damaged_entries() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("recovery"));
    assert!(journal.entries().0.is_empty());
    let briefing = common::sample();
    journal
        .write("one", Some(Path::new("/docs/a.briefing.json")), &briefing)
        .unwrap();
    journal.write("two", None, &briefing).unwrap();
    std::fs::write(journal.dir().join("three.journal.json"), "{ truncated").unwrap();
    let (found, damaged) = journal.entries();
    assert_eq!(found.len(), 2);
    assert_eq!(
        found.iter().find(|f| f.id == "one").unwrap().entry.briefing,
        briefing
    );
    assert_eq!(damaged.len(), 1);
    assert!(damaged[0].contains("three.journal.json"), "{damaged:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(journal.dir()), 0o700);
        assert_eq!(mode(&journal.dir().join("one.journal.json")), 0o600);
    }
    journal.remove("one").unwrap();
    journal.remove("one").unwrap(); // already gone: fine
    assert_eq!(journal.entries().0.len(), 1);
    // The damaged entry is left for the user to inspect.
    assert!(journal.dir().join("three.journal.json").exists());
}

#[test]
fn typed_names_get_the_right_extension() {
    let cases = [
        (FileKind::Briefing, "brief", "brief.briefing.json"),
        (
            FileKind::Briefing,
            "brief.briefing.json",
            "brief.briefing.json",
        ),
        (FileKind::Briefing, "old.json", "old.json"),
        (FileKind::Pdf, "out", "out.pdf"),
        (FileKind::Pdf, "OUT.PDF", "OUT.PDF"),
        (FileKind::Pdf, "notes.md", "notes.md.pdf"),
        (FileKind::Markdown, "out", "out.md"),
        (FileKind::Markdown, "x.markdown", "x.markdown"),
    ];
    for (kind, typed, expected) in cases {
        assert_eq!(
            kind.with_extension(Path::new(typed)),
            PathBuf::from(expected)
        );
    }
}

#[test]
fn every_command_has_a_label_a_tooltip_and_its_own_shortcuts() {
    let mut seen = std::collections::HashMap::new();
    for command in Command::ALL {
        assert!(!command.label().is_empty());
        assert!(command.tooltip().len() > 10);
        for shortcut in command.shortcuts() {
            if let Some(other) = seen.insert(*shortcut, command) {
                panic!("{command:?} and {other:?} share a shortcut");
            }
        }
    }
    // The more specific chord is tried first, so Ctrl+Shift+Z is redo, not undo.
    let order = Command::by_shortcut_specificity();
    let redo = order
        .iter()
        .position(|(c, s)| *c == Command::Redo && s.modifiers.shift)
        .unwrap();
    let undo = order.iter().position(|(c, _)| *c == Command::Undo).unwrap();
    assert!(redo < undo);
}

#[test]
fn markdown_opens_as_sections_split_at_headings_outside_code() {
    let library = briefdesk::templates::Library::builtin();
    let text = "# Title\n\nLead.\n\n## One\n\nText\n\n```\n# not a heading\n```\n\n# Two\n\nMore\n";
    let briefing = briefdesk::templates::import::import(text, &library, "2022-09-07").briefing;
    assert_eq!(briefing.meta.title, "Title");
    let titles: Vec<&str> = briefing.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Introduction", "One", "Two"]);
    assert!(briefing.sections[1].body.contains("# not a heading"));
    let ids: std::collections::HashSet<&str> =
        briefing.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), 3);
}

#[test]
fn a_draft_of_a_window_still_running_is_not_taken_for_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    journal.write("mine", None, &common::sample()).unwrap();
    let (found, _) = journal.entries();
    // Written by this very process: a crash of an earlier window in it, so offered.
    assert!(!found[0].writer_is_running());
    if cfg!(target_os = "linux") {
        let mut other = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let mut entry = found[0].clone();
        entry.entry.pid = Some(other.id());
        assert!(entry.writer_is_running());
        other.kill().unwrap();
        other.wait().unwrap();
        assert!(!entry.writer_is_running());
    }
}
