//! What the Debian package installs: the man pages and completions the assets program writes
//! from the command line's definition, the desktop entry, the file type and the icons, each
//! checked here; `.ci/run` builds the package itself with `cargo deb` and installs it.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn man_pages_and_completions_come_from_the_command_line_definition() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_briefdesk-assets"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let main = read("briefdesk.1");
    assert!(main.contains(".TH briefdesk 1"), "{main}");
    for command in ["export", "check", "import", "new", "templates", "open"] {
        assert!(main.contains(command), "briefdesk.1 lists {command}");
        let page = read(&format!("briefdesk-{command}.1"));
        assert!(page.contains(&format!("briefdesk {command}")), "{page}");
    }
    assert!(read("briefdesk-export.1").contains("max\\-marking"));
    assert!(read("briefdesk.bash").contains("--max-marking"));
    assert!(read("_briefdesk").contains("--max-marking"));
    assert!(read("briefdesk.fish").contains("max-marking"));
    // The hidden start-up flag stays out of what users read.
    assert!(!main.contains("exit\\-after\\-first\\-frame"));
}

#[test]
fn the_version_is_the_packages() {
    let out = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("briefdesk {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn every_packaged_file_is_in_the_repository_and_well_formed() {
    let manifest = std::fs::read_to_string(repo("Cargo.toml")).unwrap();
    let assets = manifest
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("the package metadata");
    let sources: Vec<&str> = assets
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert!(sources.len() >= 15, "{sources:?}");
    for source in sources.iter().filter(|s| !s.starts_with("target/")) {
        assert!(repo(source).is_file(), "{source} is packaged but missing");
    }
    for size in [16u32, 32, 48, 64, 128, 256] {
        let name = format!("packaging/icons/briefdesk-{size}.png");
        assert!(sources.contains(&name.as_str()), "{name} is packaged");
        let file = std::fs::File::open(repo(&name)).unwrap();
        let reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (size, size), "{name}");
    }
    let svg = std::fs::read_to_string(repo("packaging/icons/briefdesk.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 256 256\""));
    let mime = std::fs::read_to_string(repo("packaging/briefdesk-mime.xml")).unwrap();
    assert!(mime.contains("<glob pattern=\"*.briefing.json\""));
    let desktop = std::fs::read_to_string(repo("packaging/briefdesk.desktop")).unwrap();
    assert!(desktop.contains("Exec=briefdesk open %f"));
    assert!(desktop.contains("MimeType=application/x-briefing+json;"));
    if common::tool_available("desktop-file-validate") {
        let out = Command::new("desktop-file-validate")
            .arg(repo("packaging/briefdesk.desktop"))
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn open_without_a_file_starts_like_briefdesk_alone() {
    // A launcher runs `briefdesk open %f` with no file: that is the window on the sample, and
    // without a display it says so (exit 2), not a usage error about a missing file.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .arg("open")
        .current_dir(dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Without a display"), "{stderr}");
}
