//! The DOCX export: Word's own styles, Word footnotes, a repeating table header, pictures
//! with alt text, the banner in the page header and footer, the language and an allow-listed
//! set of core properties — checked in the package's XML, read back by Pandoc and rendered
//! by LibreOffice (tools that share no code with us; CI installs both).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use briefdesk::pipeline::RenderOptions;

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no part {name}"))
}

/// Options with a fixed creation moment.
fn dated() -> RenderOptions {
    RenderOptions {
        created: Some("2026-12-02T12:00:00Z".into()),
        ..RenderOptions::default()
    }
}

fn sample_docx() -> (Vec<u8>, briefdesk::pipeline::Rendered) {
    let sample = common::sample();
    let docx = briefdesk::pipeline::docx(&sample, &dated()).unwrap().output;
    (docx, common::laid(&sample))
}

#[test]
fn the_sample_docx_uses_words_styles_footnotes_and_metadata() {
    let (docx, rendered) = sample_docx();
    let parts = common::docx_parts(&docx);
    let document = part(&parts, "word/document.xml");
    let sections = rendered.document.sections.len();
    assert_eq!(
        document.matches(r#"<w:pStyle w:val="Heading1"/>"#).count(),
        sections
    );
    for style in [
        "Title",
        "Subtitle",
        "ListBullet",
        "ListNumber",
        "Bibliography",
    ] {
        assert!(
            document.contains(&format!(r#"<w:pStyle w:val="{style}"/>"#)),
            "{style}"
        );
    }
    // One table (the timeline) with its header row repeating.
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert_eq!(document.matches("<w:tblHeader/>").count(), 1);
    assert!(document.contains(r#"<w:tblStyle w:val="TableGrid"/>"#));
    // Every note of the pages is a Word footnote, referenced once.
    let notes = rendered
        .document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b.kind, briefdesk::doc::BlockKind::Footnote { .. }))
        .count();
    assert!(notes > 30, "{notes}");
    assert_eq!(document.matches("<w:footnoteReference ").count(), notes);
    let footnotes = part(&parts, "word/footnotes.xml");
    assert_eq!(footnotes.matches("<w:footnoteRef/>").count(), notes);
    // The banner heads and foots every page.
    for band in ["word/header1.xml", "word/footer1.xml"] {
        assert!(part(&parts, band).contains("OFFICIAL-SENSITIVE"), "{band}");
    }
    assert!(part(&parts, "word/styles.xml").contains(r#"<w:lang w:val="en-GB""#));
    // The core properties are the allow-list: no "last modified by", no revision, no user.
    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>Albania breaks with Iran over a cyberattack</dc:title>"));
    assert!(core.contains("<dc:creator>Briefing team</dc:creator>"));
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    assert!(core.contains("2026-12-02T12:00:00Z"));
    for absent in ["lastModifiedBy", "revision", "unknown"] {
        assert!(!core.contains(absent), "{absent}: {core}");
    }
    assert_eq!(
        part(&parts, "docProps/app.xml")
            .matches("<Application>")
            .count(),
        1
    );
    // Every part is well-formed XML (lopdf has no XML reader; this is a balance check of the
    // element tags, enough to catch a tag left open).
    for (name, text) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_balanced(name, text);
        }
    }
}

/// Opening and closing tags balance and nest.
fn assert_balanced(name: &str, xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if let Some(close) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop(),
                Some(close),
                "{name}: </{close}> closes the wrong element"
            );
        } else {
            stack.push(tag.split_whitespace().next().unwrap());
        }
    }
    assert!(stack.is_empty(), "{name}: left open: {stack:?}");
}

/// Pandoc reads the DOCX back with the same title, section headings, notes and table.
#[test]
fn pandoc_reads_the_docx_back_with_its_headings_notes_and_table() {
    if !common::tool_available("pandoc") {
        return;
    }
    let (docx, rendered) = sample_docx();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.docx");
    std::fs::write(&path, &docx).unwrap();
    let out = std::process::Command::new("pandoc")
        .args(["-f", "docx", "-t", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let blocks = ast["blocks"].as_array().unwrap();
    let headings: Vec<String> = blocks
        .iter()
        .filter(|b| b["t"] == "Header" && b["c"][0] == 1)
        .map(|b| stringify(&b["c"][2]))
        .collect();
    let expected: Vec<String> = rendered
        .document
        .sections
        .iter()
        .map(|s| {
            let title = briefdesk::doc::Inline::plain_text(&s.title);
            match &s.portion_mark {
                Some(mark) => format!("{mark} {title}"),
                None => title,
            }
        })
        .collect();
    assert_eq!(headings, expected);
    assert_eq!(blocks.iter().filter(|b| b["t"] == "Table").count(), 1);
    let json = String::from_utf8_lossy(&out.stdout);
    let notes = json.matches(r#"{"t":"Note""#).count();
    let expected_notes = rendered
        .document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b.kind, briefdesk::doc::BlockKind::Footnote { .. }))
        .count();
    assert_eq!(notes, expected_notes);
    assert_eq!(
        stringify(&ast["meta"]["title"]["c"]),
        "Albania breaks with Iran over a cyberattack"
    );
}

/// Pandoc's inline list as plain text.
fn stringify(inlines: &serde_json::Value) -> String {
    let mut out = String::new();
    for inline in inlines.as_array().into_iter().flatten() {
        match inline["t"].as_str() {
            Some("Str") => out.push_str(inline["c"].as_str().unwrap_or("")),
            Some("Space") => out.push(' '),
            Some("Emph" | "Strong") => out.push_str(&stringify(&inline["c"])),
            _ => {}
        }
    }
    out
}

/// LibreOffice renders the DOCX without error: the title, a heading and the banner are on
/// its pages.
#[test]
fn libreoffice_renders_the_docx() {
    if !common::tool_available("soffice") || !common::tool_available("pdftotext") {
        return;
    }
    let (docx, _) = sample_docx();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.docx");
    std::fs::write(&path, &docx).unwrap();
    let profile = dir.path().join("profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .unwrap();
    let pdf = dir.path().join("sample.pdf");
    assert!(
        out.status.success() && pdf.exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &pdf, &["-"]);
    for expected in [
        "Albania breaks with Iran over a",
        "Bottom line up front",
        "OFFICIAL-SENSITIVE",
        "Prime Minister of Albania",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
}

/// A picture beside the briefing is embedded with its alt text; a missing one is its alt
/// text in italics, with the same warning as the PDF's.
#[test]
fn pictures_are_embedded_with_their_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let saved = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/saved-page/explainer_files/map.png");
    std::fs::copy(saved, dir.path().join("map.png")).unwrap();
    let briefing = common::briefing_with_body(
        "![Map of Albania with Tirana marked](map.png \"Tirana and Manëz\")\n\n\
         ![A missing chart](chart.png)\n",
    );
    let options = RenderOptions {
        folder: Some(dir.path().to_path_buf()),
        ..RenderOptions::default()
    };
    let exported = briefdesk::pipeline::docx(&briefing, &options).unwrap();
    let parts = common::docx_parts(&exported.output);
    let document = part(&parts, "word/document.xml");
    assert!(document.contains(r#"descr="Map of Albania with Tirana marked""#));
    assert!(document.contains("Tirana and Manëz"));
    assert!(document.contains("Image: A missing chart"));
    assert!(parts.iter().any(|(n, _)| n == "word/media/image1.png"));
    assert!(part(&parts, "[Content_Types].xml").contains(r#"Extension="png""#));
    assert!(
        exported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("chart.png")),
        "{:?}",
        exported.diagnostics
    );
}

/// `export --docx` writes the file with the others or not at all, and refuses to name one
/// file twice.
#[test]
fn the_command_writes_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
            .args(args)
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1669000000")
            .output()
            .unwrap()
    };
    let out = run(&["export", "--docx", "s.docx", "--md", "s.md"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.path().join("s.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"));
    // The same briefing gives the same bytes.
    let again = run(&["export", "--docx", "t.docx"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read(dir.path().join("t.docx")).unwrap(), bytes);
    let clash = run(&["export", "--docx", "same.out", "--pdf", "same.out"]);
    assert_eq!(clash.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&clash.stderr);
    assert!(
        stderr.contains("--pdf and --docx name the same file"),
        "{stderr}"
    );
    assert!(!dir.path().join("same.out").exists());
}

/// In the window, File → Export Word document… writes the DOCX where the dialog says, a
/// name without `.docx` getting it.
#[test]
fn the_window_exports_a_word_document() {
    use briefdesk::app::dialogs::Picked;
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("for-the-office");
    let mut harness = common::window::harness(common::window::options(
        dir.path(),
        vec![Picked::Path(target.clone())],
    ));
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Export Word document")
        .click();
    harness.run_steps(2);
    common::window::settle(&mut harness);
    let written = dir.path().join("for-the-office.docx");
    let parts = common::docx_parts(&std::fs::read(&written).unwrap());
    assert!(part(&parts, "word/document.xml").contains("Bottom line up front"));
}

/// A Word document written by LibreOffice (from Markdown of ours, through Pandoc) imports as
/// the Markdown was: the title, a section per Heading 1, a deeper heading inside, a list, a
/// quote, emphasis, the table as a pipe table and the footnotes as the section's notes.
#[test]
fn a_docx_written_by_libreoffice_imports_with_its_sections_notes_and_table() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/desk-note-libreoffice.docx");
    let bytes = std::fs::read(&path).unwrap();
    let library = briefdesk::templates::Library::builtin();
    let imported =
        briefdesk::templates::import::import_bytes(&path, &bytes, &library, "2026-12-02").unwrap();
    let b = &imported.briefing;
    assert_eq!(b.meta.title, "Tirana’s break with Tehran");
    let titles: Vec<&str> = b.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Summary", "Background", "The attack", "Reaction"]);
    let attack = &b.sections[2].body;
    assert!(
        attack.contains("| 17 July 2022 | Online services go down |"),
        "{attack}"
    );
    assert!(attack.contains("### Who was behind it"), "{attack}");
    assert!(attack.contains("**Microsoft**"), "{attack}");
    assert!(
        b.sections[1]
            .body
            .contains("- The group built a compound near Manëz.")
    );
    assert!(b.sections[1].body.contains("*terrorist organisation*"));
    assert!(
        b.sections[3]
            .body
            .contains("> Washington called the attack troubling")
    );
    // Every sentence of the original is there, and the notes are notes of their sections.
    let original = common::fixture("desk-note.md");
    let all: String = b
        .sections
        .iter()
        .map(|s| format!("{}\n{}\n", s.title, s.body))
        .collect();
    for sentence in [
        "first break of relations over a cyberattack",
        "Iran has long resented its presence",
        "The European Union backed Albania",
        "main evidence for motive",
        "Wire reports of 7 September 2022",
    ] {
        assert!(
            original.contains(sentence) && all.contains(sentence),
            "{sentence}\n{all}"
        );
    }
    let composed = briefdesk::compose::compose(b, &briefdesk::compose::ComposeOptions::default());
    let errors: Vec<_> = composed
        .diagnostics
        .iter()
        .filter(|d| d.severity == briefdesk::diagnostic::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let notes = composed
        .document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b.kind, briefdesk::doc::BlockKind::Footnote { .. }))
        .count();
    assert_eq!(notes, 3);
    // A note definition never follows a list item directly: a stricter reader would take it
    // for the item's continuation.
    for section in &b.sections {
        for (i, line) in section.body.lines().enumerate() {
            if line.starts_with("[^") && line.contains("]:") && i > 0 {
                let before = section.body.lines().nth(i - 1).unwrap_or("");
                assert!(before.trim().is_empty(), "{}", section.body);
            }
        }
    }
}

/// DOCX → briefing → DOCX keeps the section headings, the notes and the table.
#[test]
fn the_sample_round_trips_through_docx() {
    let (first, _) = sample_docx();
    let library = briefdesk::templates::Library::builtin();
    let imported = briefdesk::templates::import::import_bytes(
        Path::new("sample.docx"),
        &first,
        &library,
        "2026-12-02",
    )
    .unwrap();
    let second = briefdesk::pipeline::docx(&imported.briefing, &dated())
        .unwrap()
        .output;
    let headings = |docx: &[u8]| -> Vec<String> {
        let parts = common::docx_parts(docx);
        let document = part(&parts, "word/document.xml").to_owned();
        document
            .split(r#"<w:pStyle w:val="Heading1"/>"#)
            .skip(1)
            .map(|p| {
                let p = &p[..p.find("</w:p>").unwrap()];
                p.split("<w:t xml:space=\"preserve\">")
                    .skip(1)
                    .map(|t| &t[..t.find("</w:t>").unwrap()])
                    .collect::<String>()
            })
            .collect()
    };
    assert_eq!(headings(&second), headings(&first));
    let count = |docx: &[u8], needle: &str| {
        common::docx_parts(docx)
            .iter()
            .map(|(_, t)| t.matches(needle).count())
            .sum::<usize>()
    };
    assert_eq!(
        count(&second, "<w:footnoteReference "),
        count(&first, "<w:footnoteReference ")
    );
    assert_eq!(count(&second, "<w:tbl>"), count(&first, "<w:tbl>"));
    assert_eq!(count(&second, "<w:tblHeader/>"), 1);
}

/// What is not a Word document says so in one sentence.
#[test]
fn a_zip_that_is_no_word_document_is_refused_plainly() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let library = briefdesk::templates::Library::builtin();
    let error = briefdesk::templates::import::import_bytes(
        Path::new("x.docx"),
        &bytes,
        &library,
        "2026-12-02",
    )
    .unwrap_err();
    assert!(error.contains("not a Word document"), "{error}");
    let error = briefdesk::templates::import::import_bytes(
        Path::new("x.txt"),
        &[0xff, 0xfe, 0x00, 0x41],
        &library,
        "2026-12-02",
    )
    .unwrap_err();
    assert!(
        error.contains("neither text (UTF-8) nor a Word document"),
        "{error}"
    );
}
