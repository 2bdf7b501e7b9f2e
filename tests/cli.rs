//! The command line as a user runs it: exit codes 0 / 1 / 2 and one clear line per error.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn briefdesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args(args)
        .current_dir(dir)
        .env("BRIEFDESK_TEMPLATES", dir.join("no-user-templates"))
        .output()
        .expect("briefdesk runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn export_without_a_file_writes_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(&["export", "--md", "out.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(md.contains("# (O) The incident"), "{md}");
    assert!(md.contains("Manëz"));
    // Warnings go to standard error, never into the file.
    assert!(!md.contains("warning"));
}

#[test]
fn export_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(&["export", "--md", "-"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("---\ntitle:"));
}

#[test]
fn new_then_check_then_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(
        &[
            "new",
            "--template",
            "teacher-handout",
            "-o",
            "h.briefing.json",
            "--date",
            "2026-11-26",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (briefing, _) = briefdesk::io::from_json(
        &std::fs::read_to_string(dir.path().join("h.briefing.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(briefing.sections[0].block, "learning-objectives@1");
    assert_eq!(briefing.meta.date, "2026-11-26");

    // A second `new` over it refuses without --force and leaves the file alone.
    let before = std::fs::read(dir.path().join("h.briefing.json")).unwrap();
    let out = briefdesk(&["new", "-o", "h.briefing.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read(dir.path().join("h.briefing.json")).unwrap(),
        before
    );

    let out = briefdesk(&["check", "h.briefing.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 errors"));

    let out = briefdesk(&["export", "h.briefing.json", "--md", "h.md"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("h.md").exists());
}

#[test]
fn error_level_diagnostics_exit_with_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut briefing = common::sample();
    briefing.sections[0].body.push_str("\nA claim [@S99].\n");
    briefdesk::io::save(&dir.path().join("b.briefing.json"), &briefing).unwrap();
    let out = briefdesk(&["check", "b.briefing.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert!(report.contains("error: section 'bluf', line"), "{report}");
    assert!(report.contains("[@S99]"));
    assert!(report.contains("b.briefing.json: 1 error, "), "{report}");
    let out = briefdesk(&["export", "b.briefing.json", "--md", "b.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn input_and_usage_errors_exit_with_two_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.briefing.json"),
        "{\"format_version\": 1, \"meta\": {",
    )
    .unwrap();
    let cases: &[&[&str]] = &[
        &["check", "missing.briefing.json"],
        &["check", "broken.briefing.json"],
        &["export", "broken.briefing.json", "--md", "x.md"],
        &["export"],
        &["new", "--template", "no-such-template", "-o", "x.json"],
        &["new", "-o", "x.json", "--date", "yesterday"],
        &["frobnicate"],
        &["export", "--variant"],
    ];
    for args in cases {
        let out = briefdesk(args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let stderr = text(&out.stderr);
        assert!(!stderr.is_empty(), "{args:?}");
        if args[0] != "frobnicate" && args.get(1) != Some(&"--variant") {
            assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        }
    }
    // The message names the file, last.
    let out = briefdesk(&["check", "broken.briefing.json"], dir.path());
    assert!(
        text(&out.stderr)
            .trim_end()
            .ends_with("broken.briefing.json")
    );
    // A failed load never touches the file.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.briefing.json")).unwrap(),
        "{\"format_version\": 1, \"meta\": {"
    );
}

#[test]
fn export_refuses_to_overwrite_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    briefdesk::io::save(&dir.path().join("b.briefing.json"), &common::sample()).unwrap();
    let before = std::fs::read(dir.path().join("b.briefing.json")).unwrap();
    let out = briefdesk(
        &["export", "b.briefing.json", "--md", "./b.briefing.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("b.briefing.json")).unwrap(),
        before
    );
}

#[test]
fn templates_lists_every_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(&["templates"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out.stdout);
    for id in [
        "policy-brief",
        "decision-memo",
        "situation-report",
        "teacher-handout",
        "key-judgments",
    ] {
        assert!(listing.contains(id), "{id}");
    }
    // The two lists are apart by a blank line, not an escaped newline.
    assert!(listing.contains("\n\nBlocks:\n"), "{listing}");
    assert!(!listing.contains("\\u{"), "{listing}");
}

#[test]
fn a_user_template_folder_is_used_and_its_errors_reported() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mine");
    std::fs::create_dir_all(folder.join("blocks")).unwrap();
    std::fs::write(
        folder.join("blocks/extra.md"),
        "---\nid: extra\ntitle: Extra block\nkind: analysis\n---\nBody\n",
    )
    .unwrap();
    std::fs::write(folder.join("blocks/broken.md"), "---\nid broken\n---\n").unwrap();
    let out = briefdesk(
        &["--templates", folder.to_str().unwrap(), "templates"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Extra block"));
    assert!(
        text(&out.stderr).contains("blocks/broken.md:2"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_names_characters_no_font_has() {
    let dir = tempfile::tempdir().unwrap();
    let mut briefing = common::sample();
    briefing.sections[2]
        .body
        .push_str("\nA glyph we lack: 🙂.\n");
    briefdesk::io::save(&dir.path().join("g.briefing.json"), &briefing).unwrap();
    let out = briefdesk(&["check", "g.briefing.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "a missing glyph is a warning");
    assert!(
        text(&out.stdout).contains("U+1F642"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn export_writes_a_pdf_and_markdown_together() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(&["export", "--pdf", "s.pdf", "--md", "s.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pdf = std::fs::read(dir.path().join("s.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
    assert!(dir.path().join("s.md").exists());
    // A folder in the way of the PDF is one clear line and exit 2.
    std::fs::create_dir(dir.path().join("taken.pdf")).unwrap();
    let out = briefdesk(&["export", "--pdf", "taken.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("a folder is in the way"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_a_display_the_window_says_so_and_names_the_headless_command() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join("briefdesk-no-display"),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the window could not be opened"),
        "{stderr}"
    );
    assert!(stderr.contains("briefdesk export --pdf"), "{stderr}");
}

#[test]
fn check_reports_the_sample_clean_and_the_case_study_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("sample: 0 errors"));

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/conflicting-dates.briefing.json");
    let out = briefdesk(&["check", fixture.to_str().unwrap()], dir.path());
    let report = text(&out.stdout);
    assert!(
        report.contains("section 'incident', line 1: the attack is dated 15 July 2022 here but 17 July 2022 in 'Timeline' line 3"),
        "{report}"
    );
    assert!(
        report.contains("section 'response', line 1: the break in relations is dated 7 September 2022 here but 8 September 2022 in 'International reaction' line 1"),
        "{report}"
    );
}

#[test]
fn export_variant_and_marking_ceiling_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefdesk(
        &["export", "--variant", "public", "--md", "public.md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(dir.path().join("public.md")).unwrap();
    assert!(md.contains("# (O) The incident"), "{md}");
    assert!(!md.contains("Recommendation"));
    let out = briefdesk(
        &[
            "export",
            "--variant",
            "public",
            "--max-marking",
            "CONFIDENTIAL",
            "--md",
            "wrong.md",
        ],
        dir.path(),
    );
    // A level the scheme does not have is a usage error: refused, nothing written.
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("'CONFIDENTIAL' is not a level of this briefing's marking scheme")
    );
    assert!(!dir.path().join("wrong.md").exists());
}
