//! Disk faults while saving: a file-size limit (how a full disk shows itself to a writer), a
//! deleted folder, a folder in the way and a read-only location. Each gives a clear error,
//! leaves the file on disk byte-identical and the document marked unsaved. The size limit
//! needs a process of its own: the test runs itself as the child (`limited_saver`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use briefdesk::app::session::Session;
use briefdesk::model::{Edit, SectionField};

/// The briefing at `path` opened as a session, with its first section's body changed to what
/// `body` makes of the old one, not yet saved.
fn opened_and_changed(path: &Path, body: impl FnOnce(&str) -> String) -> Session {
    let (mut session, _) = Session::open(path).unwrap();
    let first = &session.briefing.sections[0];
    let (id, text) = (first.id.clone(), body(&first.body));
    session
        .apply(
            Edit::SetSectionText {
                id,
                field: SectionField::Body,
                text,
            },
            None,
        )
        .unwrap();
    assert!(session.is_dirty());
    session
}

/// The sample saved at `path` and opened as a session, with one unsaved change of `grow`
/// bytes.
fn changed_session(path: &Path, grow: usize) -> Session {
    briefdesk::io::save(path, &common::sample()).unwrap();
    opened_and_changed(path, |old| format!("{old} {}", "x".repeat(grow)))
}

/// Files in `dir` other than `keep`.
fn others(dir: &Path, keep: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != keep)
        .collect()
}

#[test]
fn limited_saver() {
    // The child: saving a 2 MB document under a 256 KB file-size limit must fail cleanly.
    let Some(target) = std::env::var_os("BRIEFDESK_LIMITED_SAVE") else {
        return;
    };
    let target = PathBuf::from(target);
    let before = std::fs::read(&target).unwrap();
    let mut session = opened_and_changed(&target, |_| "y".repeat(2 << 20));
    let error = session.save(&target, false, &[]).unwrap_err().to_string();
    assert!(
        error.contains("could not write the temporary file"),
        "{error}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(session.is_dirty());
    let folder = target.parent().unwrap();
    assert!(
        others(folder, &target).is_empty(),
        "a temporary file was left"
    );
    println!("limited save refused: {error}");
}

#[test]
fn a_file_size_limit_leaves_the_file_and_the_draft_unsaved() {
    if !cfg!(unix) || !Path::new("/bin/sh").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("draft.briefing.json");
    briefdesk::io::save(&target, &common::sample()).unwrap();
    let exe = std::env::current_exe().unwrap();
    // SIGXFSZ ignored, so the write fails with EFBIG instead of killing the process; the
    // limit is in 512-byte blocks.
    let out = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 512; exec \"$0\" --exact limited_saver --nocapture")
        .arg(&exe)
        .env("BRIEFDESK_LIMITED_SAVE", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("limited save refused"), "{stdout}");
    assert!(stdout.contains("File too large"), "{stdout}");
}

#[test]
fn a_deleted_folder_gives_an_error_and_keeps_the_draft_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gone");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("draft.briefing.json");
    let mut session = changed_session(&path, 10);
    std::fs::remove_dir_all(&folder).unwrap();
    let error = session.save(&path, false, &[]).unwrap_err().to_string();
    // The folder is named as missing, not a temporary file the author never asked for.
    assert!(error.contains("the folder does not exist"), "{error}");
    assert!(
        error.contains("gone") && !error.contains(".draft.briefing.json."),
        "{error}"
    );
    assert!(session.is_dirty());
    assert!(!folder.exists(), "nothing was created in its place");
}

#[test]
fn a_folder_in_the_way_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.briefing.json");
    let mut session = changed_session(&path, 10);
    let folder = dir.path().join("in-the-way.briefing.json");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside.txt"), b"keep").unwrap();
    let before = std::fs::read(&path).unwrap();
    let error = session.save(&folder, false, &[]).unwrap_err().to_string();
    assert!(error.contains("a folder is in the way"), "{error}");
    assert!(folder.is_dir());
    assert_eq!(std::fs::read(folder.join("inside.txt")).unwrap(), b"keep");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(session.is_dirty());
    assert_eq!(session.path.as_deref(), Some(path.as_path()));
}

#[test]
fn a_read_only_location_gives_an_error_and_keeps_the_draft_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.briefing.json");
    let mut session = changed_session(&path, 10);
    let before = std::fs::read(&path).unwrap();
    // /proc takes no new files, whoever asks (a 0555 folder would not stop root).
    let read_only = Path::new("/proc/draft.briefing.json");
    if !Path::new("/proc/self").exists() {
        return;
    }
    let error = session.save(read_only, false, &[]).unwrap_err().to_string();
    assert!(
        error.contains("could not create a temporary file"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(session.is_dirty());
    assert_eq!(session.path.as_deref(), Some(path.as_path()));
    // A folder made read-only stops anyone who is not root.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        let inside = locked.join("draft.briefing.json");
        briefdesk::io::save(&inside, &common::sample()).unwrap();
        let kept = std::fs::read(&inside).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = locked.join("probe");
        let root = std::fs::write(&probe, b"").is_ok();
        let _ = std::fs::remove_file(&probe);
        if !root {
            let (mut other, _) = Session::open(&inside).unwrap();
            let id = other.briefing.sections[0].id.clone();
            other
                .apply(
                    Edit::SetSectionText {
                        id,
                        field: SectionField::Title,
                        text: "Changed".into(),
                    },
                    None,
                )
                .unwrap();
            let error = other.save(&inside, false, &[]).unwrap_err().to_string();
            assert!(
                error.contains("could not create a temporary file"),
                "{error}"
            );
            assert_eq!(std::fs::read(&inside).unwrap(), kept);
            assert!(other.is_dirty());
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
