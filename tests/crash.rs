//! A save killed at a random moment leaves the old file or the new one, never a mixture, and
//! no copy of the draft that others can read. The test runs itself as the child process
//! (the `saver` test does the saving when `BRIEFDESK_SAVER` names a file).
//!
//! `BRIEFDESK_KILLS` sets the number of kills (default 150; try 2000 for a longer run).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A briefing of about `mb` megabytes, with `mark` in every section so versions differ.
fn big_briefing(mb: usize, mark: &str) -> briefdesk::model::Briefing {
    let mut briefing = common::sample();
    let paragraph = format!("{mark}: Albania severed ties with Iran after the attack. ");
    let body = paragraph.repeat(400);
    for i in 0..(mb * 1024 * 1024).div_ceil(body.len()) {
        briefing.sections.push(briefdesk::model::Section {
            id: format!("bulk-{i}"),
            title: format!("Bulk {i}"),
            body: body.clone(),
            ..Default::default()
        });
    }
    briefing
}

#[test]
fn saver() {
    // The child: save the new version once and exit (or be killed first).
    let Some(target) = std::env::var_os("BRIEFDESK_SAVER") else {
        return;
    };
    let briefing = big_briefing(2, "NEW");
    println!("ready");
    briefdesk::io::save(Path::new(&target), &briefing).unwrap();
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    if !cfg!(unix) {
        return;
    }
    let kills: usize = std::env::var("BRIEFDESK_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(150);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("draft.briefing.json");
    let old = briefdesk::io::to_json(&big_briefing(1, "OLD"));
    let new = briefdesk::io::to_json(&big_briefing(2, "NEW"));
    let exe = std::env::current_exe().unwrap();
    // Time one whole save, to spread the kills over it.
    let start = Instant::now();
    briefdesk::io::save(&dir.path().join("timing.json"), &big_briefing(2, "NEW")).unwrap();
    // Kills spread over four times that, so some land after the save even on a busy machine.
    let span = start.elapsed().as_micros().max(1000) as u64 * 4;
    std::fs::remove_file(dir.path().join("timing.json")).unwrap();

    let (mut saw_old, mut saw_new, mut leftovers) = (0, 0, 0);
    let mut seed = 0x2022_0715_u64;
    for round in 0..kills {
        std::fs::write(&target, &old).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Readable by others, as a shared document might be.
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let mut child = Command::new(&exe)
            .args(["--exact", "saver", "--nocapture", "--test-threads=1"])
            .env("BRIEFDESK_SAVER", &target)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child has built its briefing, then kill it somewhere in the save.
        let mut out = child.stdout.take().unwrap();
        let mut buf = [0u8; 64];
        let mut seen = String::new();
        while !seen.contains("ready") {
            let n = std::io::Read::read(&mut out, &mut buf).unwrap();
            if n == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % span));
        let _ = child.kill();
        let _ = child.wait();

        let now = std::fs::read_to_string(&target).unwrap();
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!(
                "round {round}: the file is neither version ({} bytes)",
                now.len()
            );
        }
        assert!(briefdesk::io::from_json(&now).is_ok());
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path == target {
                continue;
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode();
                assert_eq!(
                    mode & 0o077,
                    0,
                    "round {round}: {} is readable by others",
                    path.display()
                );
            }
            std::fs::remove_file(&path).unwrap();
            leftovers += 1;
        }
    }
    eprintln!(
        "{kills} kills: {saw_old} left the old file, {saw_new} the new one, \
         {leftovers} a private temporary file (killed mid-write)"
    );
    // The kills landed both before and after the rename.
    assert!(saw_old > 0 && saw_new > 0, "old {saw_old}, new {saw_new}");
}

#[test]
fn editor() {
    // The child: the real app, headless, with words typed into a section every 40 ms
    // without a pause, each reported once it is in the document.
    let Some(journal) = std::env::var_os("BRIEFDESK_EDITOR") else {
        return;
    };
    let mut options = common::window::options(Path::new(&journal), Vec::new());
    options.journal_delay = briefdesk::app::JOURNAL_DELAY;
    let app = briefdesk::app::App::new(options);
    let mut harness = common::window::harness_sized(app, egui::Vec2::new(1200.0, 800.0));
    let id = harness.state().briefing().sections[0].id.clone();
    let started = Instant::now();
    let mut out = std::io::stdout();
    for n in 0.. {
        let body = format!("{} w{n}", harness.state().briefing().sections[0].body);
        harness.state_mut().apply(
            briefdesk::model::Edit::SetSectionText {
                id: id.clone(),
                field: briefdesk::model::SectionField::Body,
                text: body,
            },
            Some("typing"),
        );
        harness.step();
        // Marked, since the test harness prints on the same stream (and line).
        writeln!(out, "typed {n} {}", started.elapsed().as_millis()).unwrap();
        out.flush().unwrap();
        std::thread::sleep(Duration::from_millis(40));
    }
}

#[test]
fn a_crash_while_typing_loses_at_most_the_last_two_seconds() {
    let rounds: usize = std::env::var("BRIEFDESK_EDIT_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(4);
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x2022_0907_u64;
    for round in 0..rounds {
        let journal = tempfile::tempdir().unwrap();
        let mut child = Command::new(&exe)
            .args(["--exact", "editor", "--nocapture", "--test-threads=1"])
            .env("BRIEFDESK_EDITOR", journal.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Kill somewhere between 2.5 and 6 seconds of continuous typing.
        let kill_at = 2500 + seed % 3500;
        let lines = BufReader::new(child.stdout.take().unwrap());
        let mut typed: Vec<(u64, u64)> = Vec::new();
        for line in lines.lines() {
            let line = line.unwrap();
            let Some(report) = line.split("typed ").nth(1) else {
                continue;
            };
            let mut parts = report.split_whitespace();
            let (Some(n), Some(ms)) = (parts.next(), parts.next()) else {
                continue;
            };
            let (Ok(n), Ok(ms)) = (n.parse::<u64>(), ms.parse::<u64>()) else {
                continue;
            };
            typed.push((n, ms));
            if ms >= kill_at {
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let &(_, killed_ms) = typed.last().expect("the child typed nothing");

        let (found, damaged) = briefdesk::io::journal::Journal::new(journal.path()).entries();
        assert!(damaged.is_empty(), "{damaged:?}");
        assert_eq!(
            found.len(),
            1,
            "round {round}: no recovery copy after {killed_ms} ms"
        );
        let body = &found[0].entry.briefing.sections[0].body;
        let words: std::collections::HashSet<&str> = body.split_whitespace().collect();
        let lost: Vec<u64> = typed
            .iter()
            .filter(|(n, _)| !words.contains(format!("w{n}").as_str()))
            .map(|&(n, _)| n)
            .collect();
        let first_lost_ms = lost
            .first()
            .and_then(|n| typed.iter().find(|(m, _)| m == n))
            .map_or(killed_ms, |&(_, ms)| ms);
        assert_eq!(typed[0].0, 0, "the first report was missed");
        assert!(
            killed_ms - first_lost_ms <= 2000,
            "round {round}: words from {first_lost_ms} ms on were lost in a kill at {killed_ms} ms"
        );
        eprintln!(
            "round {round}: killed at {killed_ms} ms, {} of {} words recovered",
            typed.len() - lost.len(),
            typed.len()
        );
    }
}
