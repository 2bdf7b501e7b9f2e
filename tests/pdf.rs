//! PDF export checked by tools that share no code with us (qpdf, poppler), and by reading
//! the file back with lopdf: valid, fonts embedded and subset, text back in order, pages not
//! blank, metadata from the allow-list only, links safe and borderless, outline nested.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use lopdf::Object;

fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn sample_pdf() -> (tempfile::TempDir, PathBuf) {
    write("sample.pdf", &common::pdf(&common::sample()))
}

#[test]
fn qpdf_finds_no_errors() {
    if !common::tool_available("qpdf") {
        return;
    }
    let (_dir, path) = sample_pdf();
    let out = common::run_tool("qpdf", &["--check"], &path, &[]);
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
}

#[test]
fn every_font_is_embedded_subset_and_mapped_to_unicode() {
    if !common::tool_available("pdffonts") {
        return;
    }
    let (_dir, path) = sample_pdf();
    let out = common::run_tool("pdffonts", &[], &path, &[]);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object generation
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        assert!(row.contains("Noto"), "{row}");
    }
}

#[test]
fn text_comes_back_in_reading_order_with_albanian_and_persian() {
    if !common::tool_available("pdftotext") {
        return;
    }
    let (_dir, path) = sample_pdf();
    let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    assert!(
        !text.contains('\u{FFFD}'),
        "replacement characters in the text"
    );
    let order = [
        "Albania breaks with Iran over a",
        "Contents",
        "Bottom line up front",
        "Key judgments",
        "Historical roots",
        "The incident",
        "The response",
        "International reaction",
        "Timeline",
        "Sources",
        "Microsoft Investigates Iranian Attacks",
    ];
    let mut at = 0;
    for phrase in order {
        let found = text[at..]
            .find(phrase)
            .unwrap_or_else(|| panic!("'{phrase}' missing or out of order"));
        at += found;
    }
    for word in [
        "Manëz",
        "مجاهدین",
        "خلق",
        "Mujahedin-e",
        "cyberattack",
        "diplomats",
    ] {
        assert!(text.contains(word), "{word} missing");
    }
    // Hyphenated line ends rejoin: every body word of the sample can be found.
    let joined = text.replace("-\n", "");
    for word in [
        "investigation",
        "organisation",
        "infrastructure",
        "opposition",
    ] {
        assert!(joined.contains(word), "{word}");
    }
    // The watermark is drawn, not written: it never enters the text.
    assert!(
        !text
            .lines()
            .any(|l| matches!(l.trim(), "DRAFT" | "DR" | "AF" | "T"))
    );
}

#[test]
fn pages_are_not_blank() {
    if !common::tool_available("pdftoppm") {
        return;
    }
    let (_dir, path) = sample_pdf();
    let pages = lopdf::Document::load(&path).unwrap().get_pages().len();
    for page in 1..=pages {
        let out = std::process::Command::new("pdftoppm")
            .args([
                "-gray",
                "-r",
                "36",
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        // PGM: header of three lines, then one byte a pixel.
        let data = &out.stdout;
        let mut newlines = 0;
        let start = data
            .iter()
            .position(|&b| {
                if b == b'\n' {
                    newlines += 1;
                }
                newlines == 3
            })
            .unwrap()
            + 1;
        let dark = data[start..].iter().filter(|&&p| p < 160).count();
        assert!(dark > 150, "page {page} looks blank ({dark} dark pixels)");
    }
}

#[test]
fn metadata_comes_only_from_the_allow_list() {
    let bytes = common::pdf(&common::sample());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let keys: Vec<String> = info
        .iter()
        .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
        .collect();
    for key in &keys {
        assert!(
            [
                "Title",
                "Author",
                "Subject",
                "Keywords",
                "Creator",
                "Producer",
                "CreationDate",
                "ModDate"
            ]
            .contains(&key.as_str()),
            "unexpected metadata key {key}"
        );
    }
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"Lang").is_ok());
    // The XMP packet holds the same allow-list (and the PDF/UA identifier), nothing else.
    let xmp = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8_lossy(&xmp.content).into_owned();
    let mut elements: Vec<&str> = xmp
        .split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/') && !t.starts_with('?'))
        .filter_map(|t| t.split([' ', '>', '\n']).next())
        .collect();
    elements.sort_unstable();
    elements.dedup();
    assert_eq!(
        elements,
        [
            "dc:creator",
            "dc:description",
            "dc:language",
            "dc:title",
            "pdf:Keywords",
            "pdf:Producer",
            "pdfuaid:part",
            "rdf:Alt",
            "rdf:Bag",
            "rdf:Description",
            "rdf:RDF",
            "rdf:Seq",
            "rdf:li",
            "x:xmpmeta",
            "xmp:CreateDate",
            "xmp:CreatorTool",
            "xmp:ModifyDate",
        ]
    );
    // Every object, streams decompressed: a byte search would miss compressed streams.
    let raw = common::pdf_objects_text(&bytes);
    for leak in [
        "/tmp",
        "/home",
        "/root",
        "target/debug",
        env!("CARGO_MANIFEST_DIR"),
    ] {
        assert!(!raw.contains(leak), "{leak} appears in the PDF");
    }
    // The fixed clock gives the same bytes every time.
    assert!(
        bytes == common::pdf(&common::sample()),
        "two exports with one clock differ"
    );
}

#[test]
fn links_are_safe_borderless_and_the_contents_link_to_sections() {
    let mut briefing = common::sample();
    briefing.sections[0]
        .body
        .push_str("\n\nSee [the timeline](#timeline) and [the report](https://example.org/r) or [mail](mailto:a@example.org).\n");
    let bytes = common::pdf(&briefing);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut uris = Vec::new();
    let mut gotos = 0;
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        let annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
            _ => Vec::new(),
        };
        for annot in annots {
            let annot = match annot {
                Object::Dictionary(d) => d,
                Object::Reference(r) => doc.get_dictionary(r).unwrap().clone(),
                other => panic!("annotation is {other:?}"),
            };
            let border = annot.get(b"Border").and_then(Object::as_array).unwrap();
            assert!(
                border.iter().all(|b| b.as_float().unwrap_or(1.0) == 0.0),
                "visible border"
            );
            let action = annot.get(b"A").and_then(Object::as_dict).unwrap();
            match action.get(b"S").and_then(Object::as_name).unwrap() {
                b"URI" => uris.push(
                    String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap())
                        .into_owned(),
                ),
                b"GoTo" => gotos += 1,
                other => panic!("unexpected action {}", String::from_utf8_lossy(other)),
            }
        }
    }
    assert!(
        uris.iter().all(|u| u.starts_with("https://")
            || u.starts_with("http://")
            || u.starts_with("mailto:")),
        "{uris:?}"
    );
    assert!(
        uris.contains(&"https://example.org/r".to_owned()),
        "{uris:?}"
    );
    assert!(uris.contains(&"mailto:a@example.org".to_owned()));
    // One contents entry per section, plus the link in the text.
    assert_eq!(gotos, briefing.sections.len() + 1);
}

#[test]
fn the_outline_nests_headings_under_their_sections() {
    let mut briefing = common::briefing_with_body(
        "Intro.\n\n## First part\n\nText.\n\n### Detail\n\nMore.\n\n## Second part\n\nEnd.\n",
    );
    briefing.sections.push(briefdesk::model::Section {
        id: "next".into(),
        title: "Next section".into(),
        body: "Text.".into(),
        ..briefdesk::model::Section::default()
    });
    let doc = lopdf::Document::load_mem(&common::pdf(&briefing)).unwrap();
    let title = |id: lopdf::ObjectId| {
        let d = doc.get_dictionary(id).unwrap();
        let bytes = d.get(b"Title").unwrap().as_str().unwrap();
        if bytes.starts_with(&[0xfe, 0xff]) {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let kids = |id: lopdf::ObjectId| {
        let d = doc.get_dictionary(id).unwrap();
        let mut out = Vec::new();
        let mut next = d.get(b"First").and_then(Object::as_reference).ok();
        while let Some(n) = next {
            out.push(n);
            next = doc
                .get_dictionary(n)
                .unwrap()
                .get(b"Next")
                .and_then(Object::as_reference)
                .ok();
        }
        out
    };
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .unwrap();
    let top: Vec<String> = kids(root).into_iter().map(title).collect();
    assert_eq!(top, ["Contents", "Body", "Next section"]);
    let body = kids(root)[1];
    let parts: Vec<String> = kids(body).into_iter().map(title).collect();
    assert_eq!(parts, ["First part", "Second part"]);
    let detail: Vec<String> = kids(kids(body)[0]).into_iter().map(title).collect();
    assert_eq!(detail, ["Detail"]);
}

#[test]
fn letter_paper_and_a4_give_their_sizes() {
    for (size, expected) in [
        (briefdesk::model::PageSize::A4, (595.3, 841.9)),
        (briefdesk::model::PageSize::Letter, (612.0, 792.0)),
    ] {
        let mut briefing = common::sample();
        briefing.meta.page.size = size;
        let doc = lopdf::Document::load_mem(&common::pdf(&briefing)).unwrap();
        let (_, first) = doc.get_pages().into_iter().next().unwrap();
        let page = doc.get_dictionary(first).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let w = media[2].as_float().unwrap();
        let h = media[3].as_float().unwrap();
        assert!(
            (w - expected.0).abs() < 0.5 && (h - expected.1).abs() < 0.5,
            "{size:?}: {w}x{h}"
        );
    }
}

#[test]
fn every_element_exports_and_reads_back() {
    if !common::tool_available("pdftotext") || !common::tool_available("qpdf") {
        return;
    }
    let briefing = common::every_element_briefing();
    let (_dir, path) = write("elements.pdf", &common::pdf(&briefing));
    let check = common::run_tool("qpdf", &["--check"], &path, &[]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    for phrase in [
        "Manëz, çelës",
        "مجاهدین",
        "nested numbered",
        "A quotation",
        "fn main()",
        "long cell with bold",
        "The footnote text",
        "Image: A map of the region",
    ] {
        assert!(text.contains(phrase), "{phrase} missing from:\n{text}");
    }
    assert!(!text.contains('\u{FFFD}'));
}

/// The sample's notes read back from the PDF: numbered 1, 2, 3… with no gaps, every later
/// citation of an entry under half the length of its first, full one, and the citation that
/// stood beside the author's footnote after "Manëz" given in that footnote under one mark.
#[test]
fn the_sample_notes_read_back_short_and_apart() {
    if !common::tool_available("pdftotext") {
        return;
    }
    let (_dir, path) = sample_pdf();
    let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    // Each note: the line that starts with the next number, and its continuation lines until
    // the note's closing stop.
    let mut notes: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let next = format!("{} ", notes.len() + 1);
        if let Some(rest) = line.strip_prefix(&next) {
            notes.push(rest.to_owned());
            open = !rest.ends_with('.') && !rest.ends_with(".”");
        } else if open && let Some(last) = notes.last_mut() {
            last.push(' ');
            last.push_str(line);
            open = !line.ends_with('.') && !line.ends_with(".”");
        }
    }
    assert!(notes.len() >= 30, "{} notes read: {notes:#?}", notes.len());

    let leads = [
        "AP and Reuters, “",
        "Microsoft, “",
        "The White House, “",
        "NATO and Council of the EU, “",
        "Case-study source text, “",
    ];
    for lead in leads {
        let mut lengths = Vec::new();
        for note in &notes {
            let mut from = 0;
            while let Some(at) = note[from..].find(lead) {
                let start = from + at;
                let end = leads
                    .iter()
                    .filter_map(|other| note[start + 1..].find(other).map(|e| start + 1 + e))
                    .chain(note[start..].find(".” ").map(|e| start + e + ".”".len()))
                    .min()
                    .unwrap_or(note.len());
                lengths.push(note[start..end].trim_end_matches("; ").chars().count());
                from = end;
            }
        }
        assert!(lengths.len() >= 2, "{lead}: {lengths:?} in {notes:#?}");
        let full = lengths[0];
        for short in &lengths[1..] {
            assert!(
                *short * 2 <= full,
                "{lead}: a later note of {short} characters against the full {full}: {notes:#?}"
            );
        }
    }

    let joined = notes
        .iter()
        .position(|n| n.contains("The summit’s timing"))
        .expect("the author's note on the summit")
        + 1;
    assert!(
        notes[joined - 1].starts_with("Case-study source text, “Explainer.” The summit’s"),
        "{}",
        notes[joined - 1]
    );
    let mark = format!("Manëz, in western Albania.{joined}");
    let after = text.find(&mark).map(|at| &text[at + mark.len()..]);
    assert!(
        after.is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit() || c == ',')),
        "one mark after the stop at Manëz: {text}"
    );
}

/// The export writes each page as it is set (sections laid out for their pages a few at a
/// time) and gives byte for byte the file the pages laid out whole give: the sample in every
/// variant and as the review copy, every element, Persian and Arabic phrases, and a long
/// briefing whose notes run on over pages and whose table repeats its header.
#[test]
fn a_streamed_export_is_the_file_of_the_pages_laid_out_whole() {
    use briefdesk::model::Variant;
    use briefdesk::pipeline::{RenderOptions, Renderer, write_pdf};
    let created = Some("2026-11-26T12:00:00Z".to_owned());
    let mut long = common::sample();
    let mut table = String::from("| Date | Event |\n|---|---|\n");
    for row in 0..120 {
        table.push_str(&format!(
            "| {} Sep 2022 | Event number {row} of the table |\n",
            1 + row % 28
        ));
    }
    let note: String = "A long note that runs on over the foot of the next page. ".repeat(60);
    long.sections[3].body.push_str(&format!(
        "\n\n{table}\nCited here.[^long]\n\n[^long]: {note}\n"
    ));
    long.sections[5]
        .body
        .push_str("\n\nAl-Qaeda (القاعدة) and the MEK (مجاهدین خلق).\n");
    let cases: Vec<(briefdesk::model::Briefing, RenderOptions)> = vec![
        (common::sample(), RenderOptions::default()),
        (long, RenderOptions::default()),
        (common::every_element_briefing(), RenderOptions::default()),
        (
            common::sample(),
            RenderOptions {
                review: true,
                ..RenderOptions::default()
            },
        ),
    ]
    .into_iter()
    .chain(Variant::ALL.into_iter().map(|variant| {
        (
            common::sample(),
            RenderOptions {
                variant: Some(variant),
                ..RenderOptions::default()
            },
        )
    }))
    .collect();
    for (briefing, options) in cases {
        let options = RenderOptions {
            created: created.clone(),
            ..options
        };
        let whole = Renderer::new().render(&briefing, &options).unwrap();
        let pages = whole.pages.pages.len();
        let whole = write_pdf(whole, created.clone()).unwrap().output;
        let streamed = Renderer::new().pdf(&briefing, &options).unwrap().output;
        assert!(
            whole == streamed,
            "{pages} pages, {:?}: the streamed file differs",
            options.variant
        );
    }
}
