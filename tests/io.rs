//! Saving and loading: atomic writes, permissions kept, failures leave the file untouched.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use briefdesk::io::{FileError, LoadError, load, save, write_atomic};

#[test]
fn save_then_load_gives_the_same_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.briefing.json");
    let briefing = common::sample();
    save(&path, &briefing).unwrap();
    assert_eq!(load(&path).unwrap().briefing, briefing);
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_new_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.briefing.json");
    save(&path, &common::sample()).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    save(&path, &common::sample()).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[cfg(unix)]
#[test]
fn saving_through_a_symlink_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.briefing.json");
    let link = dir.path().join("link.briefing.json");
    save(&real, &briefdesk::model::Briefing::new("old")).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    save(&link, &common::sample()).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real).unwrap().briefing, common::sample());
}

#[test]
fn a_folder_in_the_way_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = save(dir.path(), &common::sample()).unwrap_err();
    assert!(matches!(err, FileError::IsFolder { .. }));
    assert!(err.to_string().starts_with("a folder is in the way"));
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_cleanly_and_keeps_the_original() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.briefing.json");
    save(&path, &briefdesk::model::Briefing::new("original")).unwrap();
    let before = fs::read(&path).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
    let result = save(&path, &common::sample());
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    // Root ignores folder permissions, so the save may succeed there; either way the file
    // is whole: the old bytes or the new ones.
    match result {
        Err(err) => {
            assert!(
                err.to_string()
                    .contains("could not create a temporary file"),
                "{err}"
            );
            assert!(
                err.to_string().ends_with(".tmp"),
                "the path comes last: {err}"
            );
            assert_eq!(fs::read(&path).unwrap(), before);
        }
        Ok(()) => assert_eq!(load(&path).unwrap().briefing, common::sample()),
    }
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = write_atomic(&dir.path().join("gone/a.json"), b"{}").unwrap_err();
    // It names the folder that is missing, not a temporary file the author never asked for.
    let message = err.to_string();
    assert!(message.contains("the folder does not exist"), "{message}");
    assert!(message.ends_with("gone"), "{message}");
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.briefing.json");
    let file = fs::File::create(&path).unwrap();
    // A sparse 100 MB file: no disk is used, but the size is real.
    file.set_len(100 * 1024 * 1024).unwrap();
    let err = load(&path).unwrap_err();
    assert!(
        matches!(err, LoadError::File(FileError::TooLarge { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("more than the"));
}

#[test]
fn failed_loads_never_touch_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in [
        (
            "truncated.json",
            &b"{\"format_version\": 1, \"meta\": {\"ti"[..],
        ),
        ("empty.json", b""),
        ("binary.json", b"\xff\xfe\x00garbage"),
        ("future.json", b"{\"format_version\": 99}"),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, content).unwrap();
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.to_string().ends_with(name), "{err}");
        assert_eq!(fs::read(&path).unwrap(), content);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    }
}

#[test]
fn a_large_briefing_saves_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.briefing.json");
    let mut briefing = common::sample();
    let body = "A sentence of a long briefing with Albanian ë and Persian خلق. ".repeat(50_000);
    briefing.sections[0].body = body;
    save(&path, &briefing).unwrap();
    assert!(fs::metadata(&path).unwrap().len() > 3_000_000);
    assert_eq!(load(&path).unwrap().briefing, briefing);
}
