//! Variants: the same briefing as the full brief, the two-page memo, the classroom handout and
//! the public version, each asserted on the laid-out pages and on the exported PDF's text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::layout::page::{Item, Pages};
use briefdesk::model::{Briefing, Variant};
use briefdesk::pipeline::{RenderOptions, Renderer};

/// Marker strings put into sections marked OFFICIAL-SENSITIVE; the public and handout
/// variants must not contain any of them.
const SENSITIVE: [&str; 3] = ["KJ-MARKER-7741", "OPT-MARKER-2290", "REC-MARKER-5518"];

fn sample_with_markers() -> Briefing {
    let mut b = common::sample();
    for (id, marker) in ["key-judgments", "options", "recommendation"]
        .into_iter()
        .zip(SENSITIVE)
    {
        let section = b.sections.iter_mut().find(|s| s.id == id).unwrap();
        assert_eq!(section.marking.as_deref(), Some("OFFICIAL-SENSITIVE"));
        section
            .body
            .push_str(&format!("\n\nSensitive line {marker}.\n"));
    }
    b
}

fn laid(briefing: &Briefing, options: &ComposeOptions) -> Pages {
    let options = RenderOptions {
        variant: options.variant,
        ceiling: options.ceiling.clone(),
        ..RenderOptions::default()
    };
    common::laid_as(briefing, &options).pages
}

fn page_texts(pages: &Pages) -> Vec<String> {
    pages
        .pages
        .iter()
        .map(|page| {
            let mut text = String::new();
            for item in &page.items {
                if let Item::Text(run) = item {
                    text.push_str(&run.text());
                    text.push(' ');
                }
            }
            text
        })
        .collect()
}

fn headings(briefing: &Briefing, variant: &str) -> Vec<String> {
    let composed = compose(briefing, &ComposeOptions::variant(variant.parse().unwrap()));
    composed
        .document
        .sections
        .iter()
        .map(|s| s.id.clone())
        .collect()
}

#[test]
fn each_variant_takes_the_sections_it_is_for() {
    let b = common::sample();
    let full = headings(&b, "full");
    let memo = headings(&b, "memo");
    let handout = headings(&b, "handout");
    let public = headings(&b, "public");
    assert!(full.contains(&"options".to_owned()));
    assert!(!full.contains(&"learning-objectives".to_owned()));
    assert_eq!(
        memo,
        [
            "bluf",
            "key-judgments",
            "implications",
            "options",
            "recommendation",
            "sources"
        ]
    );
    assert!(handout.starts_with(&["learning-objectives".to_owned()]));
    for id in ["key-terms", "discussion-questions", "timeline"] {
        assert!(handout.contains(&id.to_owned()), "{handout:?}");
    }
    for id in ["key-judgments", "options", "recommendation"] {
        assert!(!handout.contains(&id.to_owned()), "{handout:?}");
        assert!(!public.contains(&id.to_owned()), "{public:?}");
    }
    assert!(public.contains(&"bluf".to_owned()));
    assert!(!public.contains(&"key-terms".to_owned()));
}

#[test]
fn the_memo_is_compact_and_fits_two_pages_while_the_full_brief_has_a_cover() {
    let b = common::sample();
    let memo = page_texts(&laid(&b, &ComposeOptions::variant(Variant::Memo)));
    assert!(memo.len() <= 2, "the memo has {} pages", memo.len());
    // No cover, no contents: the title and the first section share the first page.
    assert!(memo[0].contains("Albania breaks with Iran over a cyberattack"));
    assert!(memo[0].contains("Bottom line up front"));
    assert!(!memo.iter().any(|p| p.contains("Contents")));
    assert!(memo.iter().any(|p| p.contains("Recommendation")));

    let full = page_texts(&laid(&b, &ComposeOptions::variant(Variant::Full)));
    assert!(!full[0].contains("Bottom line up front"), "{}", full[0]);
    assert!(full[1].contains("Contents"));
    assert!(full.len() > memo.len());
}

#[test]
fn the_compact_variants_set_a_tighter_scale_and_no_running_head_over_the_title_block() {
    use briefdesk::layout::page::{Artifact, Role};
    let b = common::sample();
    let body_size = |pages: &Pages| {
        pages
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|item| match item {
                Item::Text(run) if run.role == Role::Paragraph => Some(run.size),
                _ => None,
            })
            .unwrap()
    };
    let headers = |page: &briefdesk::layout::page::Page| {
        page.items
            .iter()
            .filter(|item| {
                matches!(item, Item::Text(run) if run.role == Role::Artifact(Artifact::Header))
            })
            .count()
    };
    let full = laid(&b, &ComposeOptions::variant(Variant::Full));
    for variant in [Variant::Memo, Variant::Handout] {
        let compact = laid(&b, &ComposeOptions::variant(variant));
        assert!(body_size(&compact) < body_size(&full), "{variant:?}");
        assert_eq!(
            headers(&compact.pages[0]),
            0,
            "{variant:?}: a running head on page 1"
        );
        if compact.pages.len() > 1 {
            assert!(
                headers(&compact.pages[1]) > 0,
                "{variant:?}: no running head on page 2"
            );
        }
    }
    assert!(headers(&full.pages[2]) > 0);
}

#[test]
fn public_and_handout_leave_out_every_section_marked_above_the_ceiling() {
    let b = sample_with_markers();
    for variant in [Variant::Public, Variant::Handout] {
        let pages = page_texts(&laid(&b, &ComposeOptions::variant(variant)));
        let all = pages.join("\n");
        for marker in SENSITIVE {
            assert!(!all.contains(marker), "{variant} contains {marker}");
        }
        // Relabelled to the highest level it keeps, on every page.
        for page in &pages {
            assert!(page.contains("OFFICIAL"), "{variant}: {page}");
            assert!(!page.contains("OFFICIAL-SENSITIVE"), "{variant}: {page}");
        }
    }
    // The full brief keeps them and its banner.
    let full = page_texts(&laid(&b, &ComposeOptions::variant(Variant::Full))).join("\n");
    for marker in SENSITIVE {
        assert!(full.contains(marker), "full lacks {marker}");
    }
    assert!(full.contains("OFFICIAL-SENSITIVE"));
}

#[test]
fn a_higher_ceiling_keeps_more_and_an_unknown_one_is_an_error() {
    let mut b = sample_with_markers();
    // Options are written for every variant here, so only the marking decides.
    b.sections
        .iter_mut()
        .find(|s| s.id == "options")
        .unwrap()
        .variants
        .clear();
    let options = ComposeOptions {
        variant: Some(Variant::Public),
        ceiling: Some("official-sensitive".into()),
        ..ComposeOptions::default()
    };
    let composed = compose(&b, &options);
    assert!(composed.document.sections.iter().any(|s| s.id == "options"));
    assert_eq!(composed.document.meta.banner, "OFFICIAL-SENSITIVE");

    let wrong = ComposeOptions {
        variant: Some(Variant::Public),
        ceiling: Some("CONFIDENTIAL".into()),
        ..ComposeOptions::default()
    };
    let composed = compose(&b, &wrong);
    assert!(
        composed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("'CONFIDENTIAL' is not a level")),
        "{:?}",
        composed.diagnostics
    );
    // An unknown ceiling falls back to the lowest level, never to everything.
    assert!(!composed.document.sections.iter().any(|s| s.id == "options"));
}

#[test]
fn unmarked_sections_carry_the_document_level() {
    let mut b = common::sample();
    for section in &mut b.sections {
        section.marking = None;
    }
    // The document is OFFICIAL-SENSITIVE, so nothing unmarked may go public.
    let composed = compose(&b, &ComposeOptions::variant(Variant::Public));
    assert!(composed.document.sections.is_empty());
    b.meta.marking.level = "OFFICIAL".into();
    let composed = compose(&b, &ComposeOptions::variant(Variant::Public));
    assert!(composed.document.sections.len() > 5);
}

#[test]
fn exported_variants_differ_in_the_pdf_text() {
    if !common::tool_available("pdftotext") {
        return;
    }
    let b = sample_with_markers();
    let dir = tempfile::tempdir().unwrap();
    let mut texts = Vec::new();
    for variant in Variant::ALL {
        let options = RenderOptions::default().with_variant(Some(variant));
        let bytes = Renderer::new().pdf(&b, &options).unwrap().output;
        let path = dir.path().join(format!("{variant}.pdf"));
        std::fs::write(&path, bytes).unwrap();
        let pages = common::run_tool("pdfinfo", &[], &path, &[]);
        assert!(pages.contains("Tagged:          yes"), "{variant}: {pages}");
        let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
        texts.push((variant, pages, text));
    }
    let text = |v: &str| &texts.iter().find(|t| t.0.name() == v).unwrap().2;
    let pages = |v: &str| {
        let info = &texts.iter().find(|t| t.0.name() == v).unwrap().1;
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse::<u32>()
            .unwrap()
    };
    assert!(pages("memo") <= 2);
    assert!(pages("full") > pages("memo"));
    assert!(text("handout").contains("Discussion questions"));
    assert!(!text("full").contains("Discussion questions"));
    assert!(text("memo").contains("Recommendation"));
    assert!(!text("memo").contains("Historical roots"));
    for marker in SENSITIVE {
        assert!(text("full").contains(marker));
        assert!(!text("public").contains(marker), "public leaks {marker}");
        assert!(!text("handout").contains(marker), "handout leaks {marker}");
    }
}
