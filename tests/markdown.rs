//! Markdown export: round trip through comrak gives the same structure and text, and nothing
//! private appears.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compose::{ComposeOptions, compose, parse_markdown};
use briefdesk::doc::{Block, BlockKind, DocSection, Document, Inline, dump};
use briefdesk::export::markdown::{source_list, to_markdown};
use briefdesk::model::{Briefing, Section, Source};

/// Reads an exported file back: front matter skipped, level-1 headings start sections.
fn read_back(markdown: &str, like: &Document) -> Document {
    let (blocks, _) = parse_markdown(markdown);
    let mut sections: Vec<DocSection> = Vec::new();
    for block in blocks {
        match block.kind {
            BlockKind::Heading { level: 1, content } => {
                let index = sections.len();
                sections.push(DocSection {
                    id: like
                        .sections
                        .get(index)
                        .map(|s| s.id.clone())
                        .unwrap_or_default(),
                    title: content,
                    portion_mark: None,
                    blocks: Vec::new(),
                });
            }
            kind => sections
                .last_mut()
                .expect("content before the first section")
                .blocks
                .push(Block { line: 0, kind }),
        }
    }
    Document {
        meta: like.meta.clone(),
        sections: sections.into_iter().map(std::sync::Arc::new).collect(),
        sources: like.sources.clone(),
    }
}

/// The original as it should read back: source lists written out, portion marks in the
/// title, footnotes in number order at the end (where Markdown puts them), citations' notes
/// left to the citations.
fn as_written(document: &Document) -> Document {
    let mut footnotes = Vec::new();
    let mut sections: Vec<DocSection> = document
        .sections
        .iter()
        .map(|s| {
            let mut title = Vec::new();
            if let Some(mark) = &s.portion_mark {
                title.push(Inline::Text(format!("{mark} ")));
            }
            title.extend(s.title.clone());
            let mut blocks = Vec::new();
            for b in &s.blocks {
                match &b.kind {
                    BlockKind::SourceList => blocks.push(Block {
                        line: 0,
                        kind: source_list(&document.sources),
                    }),
                    // A citation's note is written as the citation and read back as one.
                    BlockKind::Footnote { citation: true, .. } => {}
                    BlockKind::Footnote { .. } => footnotes.push(b.clone()),
                    _ => blocks.push(b.clone()),
                }
            }
            DocSection {
                title: merge_text(title),
                portion_mark: None,
                blocks,
                ..(**s).clone()
            }
        })
        .collect();
    footnotes.sort_by_key(|b| match b.kind {
        BlockKind::Footnote { number, .. } => number,
        _ => 0,
    });
    if let Some(last) = sections.last_mut() {
        last.blocks.extend(footnotes);
    }
    Document {
        sections: sections.into_iter().map(std::sync::Arc::new).collect(),
        ..document.clone()
    }
}

fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for inline in inlines {
        if let (Inline::Text(next), Some(Inline::Text(prev))) = (&inline, out.last_mut()) {
            prev.push_str(next);
            continue;
        }
        out.push(inline);
    }
    out
}

fn assert_round_trip(briefing: &Briefing) -> String {
    let composed = compose(briefing, &ComposeOptions::default());
    let markdown = to_markdown(&composed.document);
    let back = read_back(&markdown, &composed.document);
    let (got, want) = (dump(&back), dump(&as_written(&composed.document)));
    if got != want {
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("roundtrip-got.txt"), &got).unwrap();
        std::fs::write(dir.join("roundtrip-want.txt"), &want).unwrap();
        std::fs::write(dir.join("roundtrip.md"), &markdown).unwrap();
    }
    assert_eq!(got, want, "\n{markdown}");
    markdown
}

#[test]
fn sample_round_trips() {
    let markdown = assert_round_trip(&common::sample());
    assert!(markdown.starts_with("---\ntitle: \"Albania breaks with Iran over a cyberattack\"\n"));
    assert!(markdown.contains("\n# (O) Bottom line up front\n"));
    assert!(
        markdown.contains("[@S3; @S4]"),
        "citations are written bare"
    );
    assert!(
        markdown.contains("- **S2** — Microsoft. “Microsoft Investigates"),
        "{markdown}"
    );
}

#[test]
fn every_element_round_trips() {
    let mut b = Briefing::new("Every element");
    b.meta.marking.scheme = briefdesk::model::MarkingScheme::Uk;
    b.meta.marking.level = "OFFICIAL".into();
    b.variables.insert("country_a".into(), "Albania".into());
    for id in ["S1", "S2"] {
        b.sources.push(Source {
            id: id.into(),
            title: format!("Title {id}"),
            publisher: "Publisher".into(),
            date: "2022-09-07".into(),
            url: "https://example.org/x".into(),
            ..Source::default()
        });
    }
    b.sections.push(Section {
        id: "main".into(),
        title: "Everything *here*".into(),
        body: common::fixture("every-element.md"),
        marking: Some("OFFICIAL-SENSITIVE".into()),
        ..Section::default()
    });
    b.sections.push(Section {
        id: "other".into(),
        title: "Other".into(),
        body: "Text with a footnote.[^a]\n\n[^a]: Second section's note.\n".into(),
        ..Section::default()
    });
    let markdown = assert_round_trip(&b);
    assert!(
        markdown.contains("# (OS) Everything \\*here\\*"),
        "{markdown}"
    );
    assert!(markdown.contains("\\newpage"));
}

#[test]
fn nothing_private_reaches_the_markdown() {
    let mut b = common::sample();
    b.sections[0].notes = "NOTES-CANARY".into();
    b.sections[0].body.push_str(
        "\n<!-- COMMENT-CANARY -->\n\nx <span style=\"display:none\">SPAN-CANARY</span> y\n",
    );
    b.meta.extra.insert("private".into(), "META-CANARY".into());
    b.sections[1]
        .extra
        .insert("x".into(), "EXTRA-CANARY".into());
    let markdown = to_markdown(&compose(&b, &ComposeOptions::default()).document);
    for canary in [
        "NOTES-CANARY",
        "COMMENT-CANARY",
        "SPAN-CANARY",
        "META-CANARY",
        "EXTRA-CANARY",
        "DO NOT EXPORT",
    ] {
        assert!(!markdown.contains(canary), "{canary} leaked");
    }
}

#[test]
fn text_that_looks_like_markup_survives() {
    let mut b = Briefing::new("Escapes");
    b.sections.push(Section {
        id: "a".into(),
        title: "# not a heading *".into(),
        body: "Literal \\*stars\\*, \\_under\\_, 1\\. not a list, `` code with ` tick ``, <not html> &amp; entity.\n".into(),
        ..Section::default()
    });
    assert_round_trip(&b);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Arbitrary prose with inline markup round-trips exactly, like the sample does.
    #[test]
    fn arbitrary_prose_round_trips(
        words in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("word".to_owned()),
                proptest::strategy::Just("*emph*".to_owned()),
                proptest::strategy::Just("**strong**".to_owned()),
                proptest::strategy::Just("`code`".to_owned()),
                proptest::strategy::Just("[link](https://example.org/a)".to_owned()),
                proptest::strategy::Just("[@S1]".to_owned()),
                proptest::strategy::Just("Manëz".to_owned()),
                proptest::strategy::Just("مجاهدین".to_owned()),
                proptest::strategy::Just("\n\n".to_owned()),
                proptest::strategy::Just("\n\n- item".to_owned()),
                proptest::strategy::Just("\n\n> quoted".to_owned()),
                proptest::strategy::Just("\n\n## Heading".to_owned()),
                "[a-zA-Z0-9,.;:!?'()-]{1,10}",
            ],
            1..40,
        )
    ) {
        let mut briefing = common::briefing_with_body(&words.join(" "));
        briefing.sources.push(briefdesk::model::Source {
            id: "S1".into(),
            title: "Title".into(),
            ..Default::default()
        });
        assert_round_trip(&briefing);
    }
}

#[test]
fn pictures_keep_their_alt_text_and_title() {
    let briefing = common::briefing_with_body(
        "![Map of Albania and Iran](map.png \"Where the two lie\")\n\nText with an inline ![logo](logo.png) picture.",
    );
    let markdown = to_markdown(&compose(&briefing, &ComposeOptions::default()).document);
    assert!(
        markdown.contains("![Map of Albania and Iran](map.png \"Where the two lie\")"),
        "{markdown}"
    );
    assert!(markdown.contains("![logo](logo.png)"), "{markdown}");
}

/// The Markdown export keeps citations where the author wrote them, spaced as Pandoc writes
/// them (its author-date styles set the reference where the citation stands); only the
/// pages move note marks after the punctuation.
#[test]
fn the_markdown_export_keeps_citations_where_they_were_written() {
    let options = briefdesk::pipeline::RenderOptions::default();
    let markdown = briefdesk::pipeline::markdown(&common::sample(), &options)
        .unwrap()
        .output;
    assert!(
        markdown.contains("point the same way [@S1; @S2]."),
        "{markdown}"
    );
    assert!(
        markdown.contains("in western Albania [@S5].[^"),
        "{markdown}"
    );
}

/// Pandoc reads the export as its own: the front matter gives the title, language and
/// authors, and every citation resolves against the `references` written there (`pandoc
/// --citeproc` warns "citation S1 not found" for one that does not, and prints `S1?`).
#[test]
fn pandoc_resolves_every_citation_of_the_markdown_export() {
    if !common::tool_available("pandoc") {
        return;
    }
    let options = briefdesk::pipeline::RenderOptions::default();
    let markdown = briefdesk::pipeline::markdown(&common::sample(), &options)
        .unwrap()
        .output;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.md");
    std::fs::write(&path, &markdown).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new("pandoc")
            .args(args)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (plain, warnings) = run(&["--citeproc", "--wrap=none", "-t", "plain"]);
    assert!(!warnings.contains("not found"), "{warnings}");
    assert!(!plain.contains("S1?") && !plain.contains("S5?"), "{plain}");
    assert!(plain.contains("(AP and Reuters 2022)"), "{plain}");
    assert!(plain.contains("(Microsoft 2022)") || plain.contains("Microsoft 2022)"));
    // The written sources list is the only one: Pandoc is asked not to add its own.
    assert_eq!(
        plain
            .to_lowercase()
            .matches("albania cuts diplomatic ties")
            .count(),
        1,
        "{plain}"
    );

    let (json, _) = run(&["-t", "json"]);
    let ast: serde_json::Value = serde_json::from_str(&json).unwrap();
    let meta = &ast["meta"];
    let text = |key: &str| {
        meta[key]["c"]
            .as_array()
            .map(|parts| parts.len())
            .unwrap_or(0)
    };
    assert!(text("title") > 0, "{meta}");
    assert_eq!(meta["lang"]["c"][0]["c"], "en-GB", "{meta}");
    let references = meta["references"]["c"].as_array().unwrap();
    let ids: Vec<String> = references
        .iter()
        .map(|r| r["c"]["id"]["c"][0]["c"].as_str().unwrap_or("").to_owned())
        .collect();
    let mut ids_sorted = ids.clone();
    ids_sorted.sort();
    assert_eq!(ids_sorted, ["S1", "S2", "S3", "S4", "S5"], "{ids:?}");
}
