//! Bounded fuzzing on stable Rust: the properties the cargo-fuzz targets in `fuzz/` check for
//! as long as they are let run. Arbitrary Markdown never panics compose, layout or either
//! export, the PDF always parses, and the Markdown export reads back to the same document;
//! arbitrary bytes given as a briefing file are refused with a message, never a panic.
//!
//! `PROPTEST_CASES` raises the number of cases (default here: 48 and 256).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::pipeline::{RenderOptions, Renderer};
use proptest::prelude::*;

/// Markdown made of the pieces that interact: emphasis, links (hostile ones too), lists,
/// quotes, code, tables, footnotes, citations, HTML and Persian text.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("word ".to_owned()),
        Just("*".to_owned()),
        Just("**".to_owned()),
        Just("_".to_owned()),
        Just("`".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("# ".to_owned()),
        Just("#### ".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("> ".to_owned()),
        Just("    ".to_owned()),
        Just("```\n".to_owned()),
        Just("| a | b |\n|---|---|\n| c | d |\n".to_owned()),
        Just("[^n]".to_owned()),
        Just("\n[^n]: note\n".to_owned()),
        Just("[@S1]".to_owned()),
        Just("[@S9; @S1]".to_owned()),
        Just("{{country_a}}".to_owned()),
        Just("{{".to_owned()),
        Just("<span hidden>x</span>".to_owned()),
        Just("<!-- c -->".to_owned()),
        Just("[l](javascript:alert(1))".to_owned()),
        Just("[l](https://example.org)".to_owned()),
        Just("[l](#main)".to_owned()),
        Just("![alt](x.png)".to_owned()),
        Just("\\newpage".to_owned()),
        Just("مجاهدین خلق ".to_owned()),
        Just("Manëz ".to_owned()),
        Just("\u{200B}\u{FEFF}\t".to_owned()),
        Just("`\u{6}`".to_owned()),
        "[a-zA-Z0-9 .,;:!?-]{1,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// What the cargo-fuzz target checks for one section body: compose, layout and both exports
/// do not panic, the PDF parses and is tagged, and the Markdown reads back.
fn exports_cleanly(body: &str) {
    let briefing = common::briefing_with_body(body);
    let pdf = Renderer::new()
        .pdf(&briefing, &RenderOptions::default())
        .unwrap()
        .output;
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_ok());
    let markdown = briefdesk::pipeline::markdown(&briefing, &RenderOptions::default())
        .unwrap()
        .output;
    briefdesk::compose::parse_markdown(&markdown);
}

/// Inputs the fuzz targets found that once failed, kept so they never fail again.
#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    // A code span holding only a control character: compose cleaned it to nothing, and
    // comrak's Markdown writer panics on an empty code span.
    exports_cleanly("`\u{6}`");
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    #[test]
    fn any_markdown_exports_a_valid_pdf_and_markdown_that_reads_back(body in markdown()) {
        let briefing = common::briefing_with_body(&body);
        let pdf = Renderer::new().pdf(&briefing, &RenderOptions::default()).unwrap().output;
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        prop_assert!(!doc.get_pages().is_empty());
        prop_assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_ok());

        // The Markdown export is deterministic and reads back without loss of sections.
        let composed = compose(&briefing, &ComposeOptions::default());
        let markdown = briefdesk::export::markdown::to_markdown(&composed.document);
        prop_assert_eq!(
            &markdown,
            &briefdesk::export::markdown::to_markdown(&composed.document)
        );
        let (blocks, _) = briefdesk::compose::parse_markdown(&markdown);
        let headings = blocks
            .iter()
            .filter(|b| matches!(b.kind, briefdesk::doc::BlockKind::Heading { level: 1, .. }))
            .count();
        prop_assert!(headings >= composed.document.sections.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn any_bytes_as_a_briefing_file_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok((briefing, _)) = briefdesk::io::from_json(&text) {
            // What was read can be written and read again unchanged.
            let written = briefdesk::io::to_json(&briefing);
            let (back, _) = briefdesk::io::from_json(&written).unwrap();
            prop_assert_eq!(back, briefing);
        }
    }

    #[test]
    fn any_json_shaped_briefing_is_read_or_refused(
        title in ".{0,20}",
        body in markdown(),
        version in prop_oneof![Just("1".to_owned()), Just("0".to_owned()), Just("99".to_owned()), Just("\"x\"".to_owned())],
        extra in prop_oneof![Just(String::new()), Just(", \"unknown\": [1, {}]".to_owned()), Just(", \"sections\": 3".to_owned())],
    ) {
        let json = format!(
            "{{\"format_version\": {version}, \"meta\": {{\"title\": {}}}, \"sections\": [{{\"id\": \"s\", \"body\": {}}}]{extra}}}",
            serde_json::to_string(&title).unwrap(),
            serde_json::to_string(&body).unwrap(),
        );
        match briefdesk::io::from_json(&json) {
            Ok((briefing, _)) => {
                let pdf = Renderer::new().pdf(&briefing, &RenderOptions::default()).unwrap().output;
                prop_assert!(lopdf::Document::load_mem(&pdf).is_ok());
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}
