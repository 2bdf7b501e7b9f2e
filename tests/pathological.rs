//! Pathological Markdown (the shapes in `tests/shapes`): bounded sizes here, full sizes timed
//! in `cargo bench --bench pathological`. Every shape composes, lays out and exports to a
//! valid PDF and to Markdown without overflowing the stack or the page; section text past the
//! old 1.5 MB cap exports; a one-line field past any real length is refused up front, by
//! every path, naming the field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod shapes;

use std::time::Duration;

use briefdesk::compose::{ComposeOptions, compose, parse_markdown};
use briefdesk::doc::BlockKind;
use briefdesk::layout::page::{Item, Pages, Role, Tag};
use briefdesk::model::{Briefing, MAX_LINE_CHARS, within_limit};
use briefdesk::pipeline::{self, RenderOptions, Renderer};
use briefdesk::units::Pt;
use shapes::{SHAPES, Shape};

/// The most bytes of a shape tried here (debug builds are slow; the bench tries them whole).
const BOUND: usize = 20_000;

fn shape(name: &str) -> &'static Shape {
    SHAPES.iter().find(|s| s.name == name).unwrap()
}

/// The largest size, halving from the reference suite's, whose text fits [`BOUND`].
fn bounded(shape: &Shape) -> usize {
    let mut n = shape.full;
    while n > 1 && shape.at(n).len() > BOUND {
        n /= 2;
    }
    n
}

/// Every text run's left and right end lies on the page, inside the side margins, and its
/// baseline inside the page's top and bottom edges.
fn assert_on_the_page(briefing: &Briefing, pages: &Pages, what: &str) {
    let left = briefing.meta.page.margins_mm.left.to_pt();
    let right = pages.width - briefing.meta.page.margins_mm.right.to_pt();
    for (index, page) in pages.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text(run) = item {
                assert!(
                    run.y > Pt(0.0) && run.y < pages.height,
                    "{what}: page {} has '{}' at y {}, off the page",
                    index + 1,
                    run.text(),
                    run.y
                );
                let end = run.x + run.glyphs.last().map_or(Pt(0.0), |g| g.x);
                assert!(
                    run.x >= left - Pt(1.0) && end <= right + Pt(1.0),
                    "{what}: page {} has '{}' from x {} to {end}, outside {left}..{right}",
                    index + 1,
                    run.text(),
                    run.x
                );
            }
        }
    }
}

/// Runs `briefdesk export FILE --pdf out.pdf --md out.md` in `dir`.
fn export_both(dir: &std::path::Path, file: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args(["export", file, "--pdf", "out.pdf", "--md", "out.md"])
        .current_dir(dir)
        .output()
        .unwrap()
}

/// All the text of all pages, words separated by single spaces.
fn all_text(pages: &Pages) -> String {
    let text: Vec<String> = pages
        .pages
        .iter()
        .map(|page| briefdesk::pipeline::preview::page_text(page))
        .collect();
    text.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_shape_at_a_bounded_size_is_set_and_exported() {
    for shape in SHAPES {
        let briefing = briefing_of(&shape.at(bounded(shape)));
        let what = shape.name;

        let pdf = Renderer::new()
            .pdf(&briefing, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .output;
        let doc = lopdf::Document::load_mem(&pdf).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(doc.get_pages().len() >= 2, "{what}: cover and body");
        assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_ok());

        let markdown = pipeline::markdown(&briefing, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .output;
        let (blocks, _) = parse_markdown(&markdown);
        assert!(
            blocks
                .iter()
                .any(|b| matches!(&b.kind, BlockKind::Heading { level: 1, .. })),
            "{what}: the Markdown export reads back with its section"
        );

        // The Word document of every shape opens as a package, its parts balanced, and
        // imports again.
        let docx = pipeline::docx(&briefing, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .output;
        let parts = common::docx_parts(&docx);
        assert!(
            parts.iter().any(|(name, _)| name == "word/document.xml"),
            "{what}"
        );
        briefdesk::templates::import::import_bytes(
            std::path::Path::new("shape.docx"),
            &docx,
            &briefdesk::templates::Library::builtin(),
            "2026-12-02",
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));

        assert_on_the_page(&briefing, &common::laid(&briefing).pages, what);
        // The checks run over it too, as the app runs them after each edit.
        Renderer::new().check(&briefing, None, &briefdesk::templates::Library::builtin());
    }
}

#[test]
fn nesting_past_the_limit_is_set_flat_with_a_warning_not_a_stack_overflow() {
    for (name, n) in [
        ("nested block quotes", 50_000),
        ("deeply nested lists", 400),
        ("nested strong emph", 5_000),
        ("nested brackets", 50_000),
    ] {
        let briefing = common::briefing_with_body(&shape(name).at(n));
        let composed = compose(&briefing, &ComposeOptions::default());
        let warned = composed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nested more than 40 levels"));
        // Brackets are text, not nesting: nothing to flatten.
        assert_eq!(warned, name != "nested brackets", "{name}");
        let pdf = Renderer::new()
            .pdf(&briefing, &RenderOptions::default())
            .unwrap()
            .output;
        assert!(lopdf::Document::load_mem(&pdf).is_ok(), "{name}");
    }
}

#[test]
fn a_word_longer_than_any_line_is_broken_to_fit_and_loses_no_letter() {
    // Letters in the body, not in the page furniture ("Page 3 of 40").
    let a_count = |pages: &Pages| {
        pages
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text(run) if !matches!(run.role, Role::Artifact(_)) => Some(run.text()),
                _ => None,
            })
            .map(|t| t.matches('a').count())
            .sum::<usize>()
    };
    let baseline =
        a_count(&common::laid(&common::briefing_with_body(&shape("1 MB word").at(0))).pages);
    // Longer than the most one line can hold, so it is broken without being shaped whole.
    let n = 60_000;
    let briefing = common::briefing_with_body(&shape("1 MB word").at(n));
    let laid = common::laid(&briefing);
    assert!(laid.pages.pages.len() > 5);
    assert_on_the_page(&briefing, &laid.pages, "1 MB word");
    assert_eq!(a_count(&laid.pages), baseline + n);
}

/// A shape's text as a briefing: one section, or one per part of the sections shape.
fn briefing_of(text: &str) -> Briefing {
    let mut briefing = common::briefing_with_body("");
    let template = briefing.sections.remove(0);
    for (i, body) in shapes::sections(text).into_iter().enumerate() {
        let mut section = template.clone();
        section.id = if i == 0 {
            template.id.clone()
        } else {
            format!("s{i}")
        };
        section.body = body;
        briefing.sections.push(section);
    }
    briefing
}

/// Each note of a chain (note 1 cites note 2, which cites note 3 …) is set once, in order,
/// however deep the chain, on the page (they once all went on the citing page, most of them
/// above its top edge).
#[test]
fn a_chain_of_notes_citing_notes_sets_each_once_in_order() {
    let n = 400;
    let briefing = briefing_of(&shape("100 000 chained footnotes").at(n));
    let laid = common::laid(&briefing);
    // Far more notes than one page holds: they go on over the following pages.
    assert!(
        laid.pages.pages.len() > 6,
        "{} pages",
        laid.pages.pages.len()
    );
    assert_on_the_page(&briefing, &laid.pages, "chained notes");
    let text = all_text(&laid.pages);
    let mut from = 0;
    for i in 0..n {
        let note = if i + 1 < n {
            format!("Note {i}, see")
        } else {
            format!("Note {i}.")
        };
        assert_eq!(text.matches(&note).count(), 1, "{note}");
        let at = text.find(&note).unwrap();
        assert!(at >= from, "{note} is set before the note it follows");
        from = at;
    }
}

/// Thousands of one-line sections: each set once, with its own heading.
#[test]
fn thousands_of_one_line_sections_are_each_set_once() {
    let n = 1_000;
    let laid = common::laid(&briefing_of(&shape("100 000 one-line sections").at(n)));
    let text = all_text(&laid.pages);
    for i in (0..n).step_by(37) {
        assert_eq!(text.matches(&format!("Section {i} says")).count(), 1, "{i}");
    }
}

#[test]
fn thousands_of_footnotes_are_each_set_once_in_order() {
    let n = 1_500;
    let briefing = common::briefing_with_body(&shape("10 000 footnotes").at(n));
    let laid = common::laid(&briefing);
    let text = all_text(&laid.pages);
    let mut from = 0;
    for i in 0..n {
        let note = format!("Note {i}.");
        assert_eq!(text.matches(&note).count(), 1, "{note}");
        let at = text.find(&note).unwrap();
        assert!(at >= from, "{note} is set before the note it follows");
        from = at;
    }
    let markdown = pipeline::markdown(&briefing, &RenderOptions::default())
        .unwrap()
        .output;
    let definitions = markdown
        .lines()
        .filter(|l| l.starts_with("[^") && l.ends_with("]:"))
        .count();
    assert_eq!(definitions, n);
}

#[test]
fn a_table_wider_than_the_page_is_cut_into_tables_that_fit() {
    let briefing = common::briefing_with_body(&shape("1 000-column table").at(1_000));
    let laid = common::laid(&briefing);
    assert_on_the_page(&briefing, &laid.pages, "1 000-column table");
    let warning = laid
        .diagnostics
        .iter()
        .find(|d| d.message.contains("1000 columns"))
        .expect("a warning that the table was cut");
    assert_eq!(warning.location.line, Some(1));
    // Every cell is set once, and the first column once in each part.
    let runs = |text: &str| {
        laid.pages
            .pages
            .iter()
            .flat_map(|p| &p.items)
            // Header rows repeated after a page break are decoration, not cells.
            .filter(|i| matches!(i, Item::Text(run) if run.tag != Tag::DECORATIVE && run.text() == text))
            .count()
    };
    let parts = runs("h") - 999;
    assert!(
        warning.message.contains(&format!("set as {parts} tables")),
        "{}",
        warning.message
    );
    assert!(parts >= 1000 / 15, "{parts} parts");
    assert_eq!(runs("c"), 3 * (999 + parts));
    // The Markdown export keeps the one table as written.
    let markdown = pipeline::markdown(&briefing, &RenderOptions::default())
        .unwrap()
        .output;
    let (blocks, _) = parse_markdown(&markdown);
    let columns: Vec<usize> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Table { header, .. } => Some(header.len()),
            _ => None,
        })
        .collect();
    assert_eq!(columns, vec![1000]);
}

#[test]
fn the_title_limit_lets_through_what_it_names_and_refuses_a_character_more() {
    let mut briefing = common::briefing_with_body("Text.");
    // Two-byte letters: the limit counts characters, not bytes.
    briefing.meta.title = "ë".repeat(MAX_LINE_CHARS);
    assert!(within_limit(&briefing).is_ok());
    briefing.meta.title.push('ë');
    let refusal = within_limit(&briefing).unwrap_err();
    assert_eq!(refusal.chars, MAX_LINE_CHARS + 1);
    assert_eq!(refusal.field, "the title");
    briefing.meta.title = "Short".into();
    briefing.sections[0].title = "x".repeat(4_000_000);
    let refusal = within_limit(&briefing).unwrap_err().to_string();
    assert!(
        refusal.starts_with("the title of section 'body' is 4000000 characters long"),
        "{refusal}"
    );
}

/// A 4 MB title once took 11 s and 2.4 GB to export; now every path refuses it at once,
/// naming the field.
#[test]
fn an_absurd_title_is_refused_up_front_by_every_path() {
    let library = briefdesk::templates::Library::builtin();
    let mut briefing = common::briefing_with_body("Text.");
    briefing.meta.title = "Albania ".repeat(500_000);
    let expected = within_limit(&briefing).unwrap_err().to_string();
    assert!(
        expected.starts_with("the title is 4000000 characters long"),
        "{expected}"
    );
    let pdf = Renderer::new()
        .pdf(&briefing, &RenderOptions::default())
        .unwrap_err();
    assert_eq!(pdf.to_string(), expected);
    let markdown = pipeline::markdown(&briefing, &RenderOptions::default()).unwrap_err();
    assert_eq!(markdown.to_string(), expected);
    let checked = Renderer::new().check(&briefing, None, &library);
    assert_eq!(checked.len(), 1, "only the refusal");
    assert_eq!(checked[0].message, expected);
}

/// What the old 1.5 MB cap refused now exports: 1.7 MB of section text (reference
/// definitions, which set nothing, and the 12 000 undefined references they leave as text),
/// every reference set once, by the library and the command line.
#[test]
fn sections_past_the_old_size_cap_export_every_word() {
    let body = shape("many references").at(12_000);
    assert!(body.len() > 1_500_000, "{}", body.len());
    let briefing = common::briefing_with_body(&body);
    let rendered = Renderer::new()
        .render(&briefing, &RenderOptions::default())
        .unwrap();
    assert_eq!(all_text(&rendered.pages).matches("[0]").count(), 12_000);

    let dir = tempfile::tempdir().unwrap();
    briefdesk::io::save(&dir.path().join("long.briefing.json"), &briefing).unwrap();
    let export = export_both(dir.path(), "long.briefing.json");
    let stderr = String::from_utf8_lossy(&export.stderr);
    assert_eq!(export.status.code(), Some(0), "{stderr}");
    let pdf = std::fs::read(dir.path().join("out.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), rendered.pages.pages.len());
    // The Markdown keeps each as literal brackets (escaped, so they stay text).
    let markdown = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert_eq!(
        markdown.matches("\\[0\\]").count(),
        12_000,
        "{}",
        &markdown[..300]
    );
}

#[test]
fn the_command_line_refuses_an_absurd_title_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.briefing.json");
    let mut briefing = common::briefing_with_body("Text.");
    briefing.sections[0].title = "t".repeat(3_000);
    briefdesk::io::save(&file, &briefing).unwrap();
    let export = export_both(dir.path(), "huge.briefing.json");
    let stderr = String::from_utf8_lossy(&export.stderr);
    assert_eq!(export.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "the title of section 'body' is 3000 characters long; it can be at most 2000"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("out.pdf").exists());
    assert!(!dir.path().join("out.md").exists());

    let check = std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args(["check", "huge.briefing.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("3000 characters long"), "{stdout}");
    assert!(stdout.contains("1 error, 0 warnings"), "{stdout}");
}

#[test]
fn the_preview_refuses_an_absurd_title_with_the_reason_and_no_pages() {
    use briefdesk::pipeline::preview::{Request, Update, Worker};
    let mut briefing = common::briefing_with_body("Text.");
    briefing.variables.insert("name".into(), "v".repeat(2_500));
    let worker = Worker::start(|| {});
    worker.request(Request {
        content: 1,
        visible: 0..usize::MAX,
        generation: 1,
        briefing: std::sync::Arc::new(briefing),
        file: None,
        scale: 0.5,
        focus: None,
        variant: None,
        review: false,
    });
    let mut laid = None;
    loop {
        match worker
            .wait(Duration::from_secs(60))
            .expect("the worker answers")
        {
            Update::Laid {
                pages, diagnostics, ..
            } => laid = Some((pages.len(), diagnostics)),
            Update::Page { .. } => panic!("nothing is painted"),
            Update::Checked { diagnostics, .. } => {
                panic!("a refused briefing is not checked: {diagnostics:?}")
            }
            Update::Done { .. } => break,
        }
    }
    let (pages, diagnostics) = laid.expect("the layout is answered");
    assert_eq!(pages, 0);
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0]
            .message
            .starts_with("the value of the variable 'name' is 2500 characters long"),
        "{:?}",
        diagnostics[0]
    );
}

#[test]
fn a_section_too_long_to_edit_comfortably_gets_a_note_to_split_it() {
    let library = briefdesk::templates::Library::builtin();
    let note = |bytes: usize| {
        let briefing = common::briefing_with_body(&"word ".repeat(bytes / 5));
        Renderer::new()
            .check(&briefing, None, &library)
            .into_iter()
            .any(|d| d.message.contains("typing slows down") && d.location.section.is_some())
    };
    assert!(!note(briefdesk::lint::SECTION_EDIT_BYTES));
    assert!(note(briefdesk::lint::SECTION_EDIT_BYTES + 5));
}
