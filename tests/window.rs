//! Smoke test of the real window: the release of the `briefdesk` binary starts under Xvfb
//! (Mesa draws it, no GPU), shows the sample, and a screenshot of the X screen shows the
//! window drawn. Runs when Xvfb and xwd are installed; CI installs them and requires it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An X server that goes away with the test.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        // Xvfb picks a free display and writes its number to standard output once it accepts
        // connections: the socket file alone appears before that, or is left behind by a
        // server that was killed.
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, ready) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = ready
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_default();
        let number: u32 = match line.trim().parse() {
            Ok(number) => number,
            Err(_) => {
                let _ = child.kill();
                panic!("Xvfb did not start: {line:?}");
            }
        };
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM, so the server removes its lock file and socket; SIGKILL if that fails.
        let terminated = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|status| status.success());
        if !terminated {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Distinct colours on the X screen, read from an `xwd` dump (32-bit ZPixmap).
fn screen_colours(display: &str) -> usize {
    let out = Command::new("xwd")
        .args(["-root", "-silent", "-display", display])
        .output()
        .unwrap();
    assert!(out.status.success(), "xwd failed");
    let data = out.stdout;
    let word = |i: usize| u32::from_be_bytes(data[i * 4..i * 4 + 4].try_into().unwrap()) as usize;
    let header = word(0);
    let bits_per_pixel = word(11);
    let bytes_per_line = word(12);
    let colormap_entries = word(19);
    let height = word(5);
    assert_eq!(bits_per_pixel, 32, "unexpected xwd format");
    let start = header + colormap_entries * 12;
    let mut colours = std::collections::HashSet::new();
    for row in (0..height).step_by(3) {
        let line = &data[start + row * bytes_per_line..start + (row + 1) * bytes_per_line];
        for px in line.chunks_exact(4).step_by(3) {
            colours.insert([px[0], px[1], px[2]]);
        }
    }
    colours.len()
}

fn app(display: &str, data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefdesk"));
    command
        .args(args)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_DATA_HOME", data)
        .env("XDG_CONFIG_HOME", data)
        .env("BRIEFDESK_TIMING", "1")
        .env("LIBGL_ALWAYS_SOFTWARE", "1");
    command
}

#[test]
fn the_window_starts_under_xvfb_and_draws_the_sample() {
    if !common::tool_available("Xvfb") || !common::tool_available("xwd") {
        return;
    }
    let x = Xvfb::start();
    let data = tempfile::tempdir().unwrap();
    let blank = screen_colours(&x.display);
    assert!(
        blank <= 2,
        "the screen was not blank before: {blank} colours"
    );

    // It starts, draws a first frame and closes cleanly.
    let out = app(&x.display, data.path(), &["--exit-after-first-frame"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("first frame after"), "{stderr}");

    // Left running, it draws the window: text, panels and the preview's pages.
    let mut child = app(&x.display, data.path(), &[])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut colours = 0;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
        assert!(
            child.try_wait().unwrap().is_none(),
            "the window closed by itself"
        );
        colours = screen_colours(&x.display);
        if colours > 200 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        colours > 200,
        "the screen shows only {colours} colours; the window did not draw"
    );
}
