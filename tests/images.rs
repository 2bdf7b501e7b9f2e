//! Pictures beside the document: placed in the PDF at a sensible size with their caption;
//! paths that leave the folder, missing files, non-pictures and oversized pictures are
//! diagnostics while the rest still exports.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use briefdesk::layout::image::decode;
use briefdesk::units::Pt;

fn write_png(path: &Path, width: u32, height: u32) {
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|i| [(i % 256) as u8, 80, (i / width % 256) as u8])
        .collect();
    writer.write_image_data(&pixels).unwrap();
}

/// A PNG whose header claims `width`×`height` but holds no pixel data.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut data = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    data.extend(13u32.to_be_bytes());
    data.extend(&ihdr);
    data.extend(crc(&ihdr).to_be_bytes());
    data
}

fn crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn oversized_and_broken_pictures_are_clear_errors() {
    let err = decode(&png_header(100_000, 100_000)).unwrap_err();
    assert!(err.contains("100000×100000 pixels"), "{err}");
    assert!(err.contains("scale it down"));
    assert!(
        decode(b"GIF89a....")
            .unwrap_err()
            .contains("not a PNG or JPEG")
    );
    assert!(
        decode(&png_header(10, 10))
            .unwrap_err()
            .contains("damaged PNG")
    );
    let err = decode(&[0xff, 0xd8, 0xff, 0x00]).unwrap_err();
    assert!(err.contains("damaged JPEG"), "{err}");
}

#[test]
fn a_picture_is_placed_and_unsafe_ones_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("brief");
    std::fs::create_dir_all(folder.join("figs")).unwrap();
    write_png(&folder.join("figs/chart.png"), 300, 150);
    write_png(&dir.path().join("outside.png"), 20, 20);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("outside.png"), folder.join("link.png")).unwrap();
    std::fs::write(folder.join("fake.png"), b"not a picture").unwrap();
    std::fs::write(folder.join("huge.png"), png_header(100_000, 100_000)).unwrap();
    let body = "Before.\n\n![A chart of events](figs/chart.png \"Figure 1: events by month\")\n\n![linked](link.png)\n\n![missing](nowhere.png)\n\n![fake](fake.png)\n\n![huge](huge.png)\n\n![up](../outside.png)\n\n![absolute](/tmp/outside.png)\n\nAfter.\n";
    let briefing = common::briefing_with_body(body);
    let file = folder.join("b.briefing.json");
    briefdesk::io::save(&file, &briefing).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args(["export", "b.briefing.json", "--pdf", "b.pdf"])
        .current_dir(&folder)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for (src, problem) in [
        ("link.png", "leads out of the document's folder"),
        ("nowhere.png", "cannot be found"),
        ("fake.png", "is not a PNG or JPEG"),
        ("huge.png", "is 100000×100000 pixels"),
    ] {
        assert!(
            stderr.contains(&format!("the image '{src}' {problem}")),
            "{src}: {stderr}"
        );
    }
    assert!(stderr.contains("the image '../outside.png' leaves the document's folder"));
    assert!(stderr.contains("the image '/tmp/outside.png' is an absolute path"));
    assert!(!stderr.contains("chart.png"), "{stderr}");
    // `check` reports the same pictures without exporting.
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args(["check", "b.briefing.json"])
        .current_dir(&folder)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        report.contains("the image 'huge.png' is 100000×100000 pixels"),
        "{report}"
    );
    assert!(report.contains("0 errors, 6 warnings"), "{report}");
    let pdf = folder.join("b.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image")
            })
        })
        .count();
    assert_eq!(images, 1, "exactly the one safe picture is embedded");
    if common::tool_available("qpdf") {
        let out = common::run_tool("qpdf", &["--check"], &pdf, &[]);
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    }
    if common::tool_available("pdfimages") {
        let list = common::run_tool("pdfimages", &["-list"], &pdf, &[]);
        assert!(
            list.lines()
                .any(|l| l.contains(" 300 ") && l.contains(" 150 ")),
            "{list}"
        );
    }
    if common::tool_available("pdftotext") {
        let text = common::run_tool("pdftotext", &[], &pdf, &["-"]);
        assert!(text.contains("Figure 1: events by month"));
        assert!(
            text.contains("Image: linked"),
            "the left-out picture leaves its alt text"
        );
    }
}

#[test]
fn a_wide_picture_is_scaled_to_the_measure() {
    let briefing = common::briefing_with_body("![wide](w.png)");
    let dir = tempfile::tempdir().unwrap();
    write_png(&dir.path().join("w.png"), 3000, 600);
    let options = briefdesk::pipeline::RenderOptions {
        folder: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let laid = common::laid_as(&briefing, &options);
    let measure = laid.pages.width - 2.0 * briefing.meta.page.margins_mm.left.to_pt();
    let rect = laid
        .pages
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|i| match i {
            briefdesk::layout::page::Item::Image { rect, alt, .. } if alt == "wide" => Some(*rect),
            _ => None,
        })
        .unwrap();
    assert!(
        (rect.w - measure).abs() < Pt(1.0),
        "{} vs {measure}",
        rect.w
    );
    assert!((rect.h - rect.w / 5.0).abs() < Pt(0.5), "aspect ratio kept");
}
