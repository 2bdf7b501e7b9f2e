//! The command line keeps the README's promises in the cases a new user runs into: a wrong
//! command exits 2 with one line naming the problem and writes nothing; a right one writes
//! every output or none. Each test checks the exit status, the message and the folder after.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn run(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefdesk"));
    command
        .args(args)
        .current_dir(dir)
        .env("BRIEFDESK_TEMPLATES", dir.join("no-user-templates"))
        .env_remove("SOURCE_DATE_EPOCH");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("briefdesk runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The files in a folder, by name, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts a refusal: exit 2, one line on standard error that contains `says`, nothing on
/// standard output, and the folder as it was.
fn refused(out: &Output, says: &str, dir: &Path, before: &[String]) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(says), "{says:?} not in {stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(files(dir), before, "nothing written");
}

/// The sample saved in `dir` as `name`, changed by `change` first.
fn saved_sample(dir: &Path, name: &str, change: impl FnOnce(&mut briefdesk::model::Briefing)) {
    let mut briefing = common::sample();
    change(&mut briefing);
    briefdesk::io::save(&dir.join(name), &briefing).unwrap();
}

#[test]
fn an_unknown_variant_or_marking_level_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for variant in ["bogus", "MEMO"] {
        let out = run(
            &["export", "--variant", variant, "--pdf", "x.pdf"],
            dir.path(),
            &[],
        );
        refused(
            &out,
            &format!("there is no variant '{variant}'"),
            dir.path(),
            &[],
        );
    }
    let out = run(
        &[
            "export",
            "--variant",
            "public",
            "--max-marking",
            "TOP-SECRET-ISH",
            "--pdf",
            "x.pdf",
        ],
        dir.path(),
        &[],
    );
    refused(
        &out,
        "'TOP-SECRET-ISH' is not a level of this briefing's marking scheme; choose one of",
        dir.path(),
        &[],
    );
}

#[test]
fn outputs_are_checked_first_and_written_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    // The same file twice.
    let out = run(
        &["export", "--pdf", "x.out", "--md", "x.out"],
        dir.path(),
        &[],
    );
    refused(&out, "--pdf and --md name the same file", dir.path(), &[]);
    // One output in a folder that does not exist: the other is not written either.
    let out = run(
        &["export", "--pdf", "ok.pdf", "--md", "missing/x.md"],
        dir.path(),
        &[],
    );
    refused(&out, "the folder does not exist", dir.path(), &[]);
    assert!(
        text(&out.stderr).trim_end().ends_with("missing"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["export", "--pdf", "/nofolder/x.pdf"], dir.path(), &[]);
    refused(
        &out,
        "the folder does not exist; create it or choose another: /nofolder",
        dir.path(),
        &[],
    );
    assert!(!text(&out.stderr).contains(".tmp"));
    // Both written when both can be.
    let out = run(
        &["export", "--pdf", "ok.pdf", "--md", "ok.md"],
        dir.path(),
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(files(dir.path()), ["ok.md", "ok.pdf"]);
}

#[test]
fn a_folder_a_pipe_or_a_device_as_the_briefing_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder.briefing.json")).unwrap();
    let before = files(dir.path());
    for command in ["export", "check"] {
        let mut args = vec![command, "folder.briefing.json"];
        if command == "export" {
            args.extend(["--md", "x.md"]);
        }
        let out = run(&args, dir.path(), &[]);
        refused(&out, "it is a folder, not a file", dir.path(), &before);
        assert!(!text(&out.stderr).contains("a folder is in the way"));
    }
    let out = run(&["check", "/dev/zero"], dir.path(), &[]);
    refused(&out, "it is a device, not a file", dir.path(), &before);
    if Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .is_ok_and(|s| s.success())
    {
        let before = files(dir.path());
        for command in ["export", "check"] {
            let started = Instant::now();
            let mut child = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
                .args([command, "pipe"])
                .args(if command == "export" {
                    &["--md", "x.md"][..]
                } else {
                    &[][..]
                })
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            while child.try_wait().unwrap().is_none() {
                if started.elapsed() > Duration::from_secs(20) {
                    let _ = child.kill();
                    panic!("{command} waited on the pipe");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            refused(
                &out,
                "it is a named pipe (FIFO), not a file",
                dir.path(),
                &before,
            );
        }
    }
}

#[test]
fn control_characters_from_a_file_are_shown_escaped_and_never_split_a_line() {
    let dir = tempfile::tempdir().unwrap();
    saved_sample(dir.path(), "odd.briefing.json", |b| {
        b.sections[1].id = "bluf\u{1b}]0;owned\u{7}".into();
        b.sections[1].marking = Some("OFFICIAL\u{1b}[2J\u{7}".into());
        b.sections[2]
            .body
            .push_str("\n\n[a link](javascript:alert&#x0A;x)\n");
    });
    let out = run(&["check", "odd.briefing.json"], dir.path(), &[]);
    let report = text(&out.stdout);
    assert!(
        !report.contains('\u{1b}') && !report.contains('\u{7}'),
        "{report}"
    );
    assert!(report.contains("OFFICIAL\\u{1b}[2J\\u{7}"), "{report}");
    assert!(
        report.contains("section 'bluf\\u{1b}]0;owned\\u{7}'"),
        "{report}"
    );
    assert!(
        report.contains("alert\\u{a}x"),
        "the line break in the link is shown: {report}"
    );
    // Every line is one finding: it starts with the file's name.
    for line in report.lines() {
        assert!(
            line.starts_with("odd.briefing.json"),
            "split line: {line:?}"
        );
    }
}

#[test]
fn repeated_findings_of_one_kind_are_counted_after_twenty() {
    let dir = tempfile::tempdir().unwrap();
    saved_sample(dir.path(), "many.briefing.json", |b| {
        let section = b.sections[0].clone();
        b.sections = (0..2_000)
            .map(|_| briefdesk::model::Section {
                id: String::new(),
                ..section.clone()
            })
            .collect();
    });
    let out = run(&["check", "many.briefing.json"], dir.path(), &[]);
    let report = text(&out.stdout);
    let lines = report.lines().count();
    assert!(lines < 200, "{lines} lines");
    assert!(report.contains("… and 1 980 more"), "{report}");
    // The summary still counts every finding.
    let summary = report.lines().last().unwrap();
    let errors: usize = summary
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(errors >= 2_000, "{summary}");
}

#[test]
fn a_key_named_twice_is_refused_naming_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let json = briefdesk::io::to_json(&common::sample());
    let twice = json.replacen(
        "\"title\": ",
        "\"title\": \"Shown by another tool\",\n    \"title\": ",
        1,
    );
    std::fs::write(dir.path().join("twice.briefing.json"), &twice).unwrap();
    let before = files(dir.path());
    let out = run(&["check", "twice.briefing.json"], dir.path(), &[]);
    refused(
        &out,
        "the key \"title\" appears twice in one object",
        dir.path(),
        &before,
    );
    let line = twice
        .lines()
        .position(|l| l.contains("Shown by another tool"))
        .unwrap()
        + 2;
    assert!(
        text(&out.stderr).contains(&format!("at line {line} ")),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_bad_source_date_epoch_is_an_error_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    for value in ["abc", "99999999999999", "-1", ""] {
        let out = run(
            &["export", "--pdf", "x.pdf"],
            dir.path(),
            &[("SOURCE_DATE_EPOCH", value)],
        );
        refused(
            &out,
            "SOURCE_DATE_EPOCH must be whole seconds",
            dir.path(),
            &[],
        );
    }
    let out = run(
        &["export", "--pdf", "x.pdf"],
        dir.path(),
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let objects = common::pdf_objects_text(&std::fs::read(dir.path().join("x.pdf")).unwrap());
    assert!(objects.contains("2023-11-14"), "the fixed date is used");
}

#[test]
fn export_without_a_variant_is_the_full_brief() {
    let dir = tempfile::tempdir().unwrap();
    let default = run(&["export", "--md", "-"], dir.path(), &[]);
    let full = run(
        &["export", "--variant", "full", "--md", "-"],
        dir.path(),
        &[],
    );
    assert_eq!(default.status.code(), Some(0));
    assert_eq!(text(&default.stdout), text(&full.stdout));
    // The sample's handout-only sections are not in the full brief.
    let sample = common::sample();
    let handout_only: Vec<&str> = sample
        .sections
        .iter()
        .filter(|s| !s.variants.is_empty() && !s.variants.iter().any(|v| v == "full"))
        .map(|s| s.title.as_str())
        .collect();
    assert!(!handout_only.is_empty());
    for title in handout_only {
        assert!(!text(&default.stdout).contains(title), "{title}");
    }
}

#[test]
fn the_public_version_carries_the_public_statement_and_warns_of_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    saved_sample(dir.path(), "b.briefing.json", |b| {
        b.meta.distribution = "For internal distribution only".into();
        b.meta.public_distribution.clear();
        b.meta.status = briefdesk::model::Status::Draft;
    });
    let out = run(
        &[
            "export",
            "b.briefing.json",
            "--variant",
            "public",
            "--md",
            "p.md",
        ],
        dir.path(),
        &[],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("the public version is marked Draft"),
        "{stderr}"
    );
    assert!(
        stderr.contains("leaves out the distribution statement 'For internal distribution only'"),
        "{stderr}"
    );
    let md = std::fs::read_to_string(dir.path().join("p.md")).unwrap();
    assert!(!md.contains("internal distribution"), "{md}");

    saved_sample(dir.path(), "c.briefing.json", |b| {
        b.meta.distribution = "For internal distribution only".into();
        b.meta.public_distribution = "Approved for public release".into();
        b.meta.status = briefdesk::model::Status::Final;
    });
    let out = run(
        &[
            "export",
            "c.briefing.json",
            "--variant",
            "public",
            "--md",
            "-",
        ],
        dir.path(),
        &[],
    );
    let md = text(&out.stdout);
    assert!(md.contains("Approved for public release"), "{md}");
    assert!(!md.contains("internal distribution"), "{md}");
    assert!(
        !text(&out.stderr).contains("public version"),
        "{}",
        text(&out.stderr)
    );
    // The full brief keeps the internal statement.
    let out = run(&["export", "c.briefing.json", "--md", "-"], dir.path(), &[]);
    assert!(text(&out.stdout).contains("For internal distribution only"));
}

#[test]
fn importing_an_empty_article_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "  \n\n").unwrap();
    let before = files(dir.path());
    let out = run(
        &["import", "empty.txt", "-o", "e.briefing.json"],
        dir.path(),
        &[],
    );
    refused(&out, "the article is empty", dir.path(), &before);
}

#[cfg(unix)]
#[test]
fn exports_follow_the_umask_and_briefings_stay_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_briefdesk");
    let script = format!(
        "umask 022 && '{exe}' export --pdf out.pdf --md out.md && '{exe}' new -o b.briefing.json"
    );
    let status = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env("BRIEFDESK_TEMPLATES", dir.path().join("none"))
        .status()
        .unwrap();
    assert!(status.success());
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("out.pdf"), 0o644);
    assert_eq!(mode("out.md"), 0o644);
    assert_eq!(mode("b.briefing.json"), 0o600);
}

#[test]
fn a_pdf_is_not_written_into_a_terminal() {
    // `script` gives the command a terminal for its standard output.
    if !common::tool_available("script") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_briefdesk");
    let out = Command::new("script")
        .args(["-qec", &format!("'{exe}' export --pdf -"), "/dev/null"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let seen = text(&out.stdout);
    assert!(seen.contains("not written to a terminal"), "{seen}");
    assert!(!seen.contains("%PDF"), "{seen}");
    assert_ne!(out.status.code(), Some(0));
    assert!(files(dir.path()).is_empty());
}

#[test]
fn temporary_files_left_by_a_killed_export_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let make = |name: &str, age: Option<std::time::SystemTime>| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, b"partial").unwrap();
        if let Some(time) = age {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(time)
                .unwrap();
        }
        path
    };
    let stale = make(".out.pdf.4242-0.tmp", Some(old));
    let fresh = make(".out.pdf.4243-1.tmp", None);
    let not_ours = make(".notes.tmp", Some(old));
    let theirs = make("draft.pdf.4242-0.tmp", Some(old));
    let out = run(&["export", "--pdf", "out.pdf"], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!stale.exists(), "an old temporary file of ours is removed");
    assert!(fresh.exists(), "one that may still be being written stays");
    assert!(
        not_ours.exists() && theirs.exists(),
        "nothing else is touched"
    );
}
