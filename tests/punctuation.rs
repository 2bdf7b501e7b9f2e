//! What the reader of the PDF gets as text: typographic quotes, apostrophes and dashes in
//! English, words whole across the hyphens line breaking added; and the Markdown export
//! still holds what the author typed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::layout::page::{GlyphText, Item, Role};
use briefdesk::pipeline::RenderOptions;

#[test]
fn the_pages_get_curly_quotes_and_the_markdown_keeps_what_was_typed() {
    let sample = common::sample();
    let typed: String = sample.sections.iter().map(|s| s.body.as_str()).collect();
    assert!(
        typed.contains('\'') && typed.contains('"'),
        "the sample types straight quotes"
    );
    let laid = common::laid(&sample);
    let mut curly = 0;
    for page in &laid.pages.pages {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let text = run.text();
            // Code and web addresses are set as written.
            let literal = run.face.face().file.contains("Mono") || text.contains("://");
            if !literal && !matches!(run.role, Role::Code) {
                assert!(!text.contains(['\'', '"']), "straight quote set: {text:?}");
            }
            curly += text.matches(['“', '”', '’']).count();
        }
    }
    assert!(curly >= 20, "{curly} curly quotes");
    let markdown = briefdesk::pipeline::markdown(&sample, &RenderOptions::default())
        .unwrap()
        .output;
    assert!(
        markdown.contains("Albania's"),
        "the export keeps the typed apostrophe"
    );
    assert!(!markdown.contains("Albania’s"));
}

#[test]
fn pdftotext_reads_whole_words_and_no_straight_quotes() {
    if !common::tool_available("pdftotext") {
        return;
    }
    let sample = common::sample();
    let laid = common::laid(&sample);
    let ends = |pred: &dyn Fn(&GlyphText) -> bool| {
        laid.pages
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i, Item::Text(run) if run.glyphs.last().is_some_and(|g| pred(&g.text))))
            .count()
    };
    let added = ends(&|t| *t == GlyphText::Hyphen);
    let typed = ends(&|t| *t == GlyphText::Char('-'));
    assert!(added > 0, "the sample has hyphenated lines");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, common::pdf(&sample)).unwrap();
    let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    let broken = text.lines().filter(|l| l.trim_end().ends_with('-')).count();
    assert!(
        broken <= typed,
        "{broken} lines end in a hyphen, but the author typed only {typed} at line ends"
    );
    assert!(
        !text.contains(['\'', '"']),
        "straight quotes in the text layer"
    );
    assert!(text.contains("Albania’s"));
}
