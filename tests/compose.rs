//! Compose: variables, safety rules, citations, footnotes, structure — each asserted on the
//! document tree through its text dump.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::diagnostic::Severity;
use briefdesk::doc::{BlockKind, Inline, dump};
use briefdesk::model::{Briefing, CitationStyle, Section, Source, Variant};

fn briefing_with(body: &str) -> Briefing {
    let mut b = Briefing::new("Test");
    b.variables.insert("country_a".into(), "Albania".into());
    for id in ["S1", "S2"] {
        b.sources.push(Source {
            id: id.into(),
            title: format!("Title {id}"),
            ..Source::default()
        });
    }
    b.sections.push(Section {
        id: "main".into(),
        block: "incident@1".into(),
        title: "Main for {{country_a}}".into(),
        body: body.into(),
        notes: "NOTE-CANARY private".into(),
        ..Section::default()
    });
    b.sections.push(Section {
        id: "other".into(),
        title: "Other".into(),
        body: "Other text.".into(),
        ..Section::default()
    });
    b
}

fn composed_dump(body: &str) -> (String, Vec<briefdesk::diagnostic::Diagnostic>) {
    let composed = compose(&briefing_with(body), &ComposeOptions::default());
    (dump(&composed.document), composed.diagnostics)
}

#[test]
fn every_element_composes_to_the_expected_tree() {
    let (tree, diagnostics) = composed_dump(&common::fixture("every-element.md"));
    let expected = r#"section main Main for Albania
  p Intro with *emphasis*, **strong**, ~~struck~~, `code`, a [web link](https://example.org/a?b=1&c=2), mail to [the desk](mailto:desk@example.org), and a link to [the other section](#other). Cited twice{cite S1,S2 fn 1} and once more.{cite S1 fn 2}
  h2 Sub-heading with Albania
  list bullet tight
    item
      p bullet one
    item
      p bullet two
      list from 1 tight
        item
          p nested numbered
        item
          p second
    item [x]
      p done task
    item [ ]
      p open task
  list from 3 tight
    item
      p starts at three
    item
      p four
  quote
    p A quotation{soft}over two lines.
    quote
      p nested quote
  code "rust" "fn main() { println!(\"{}\", \"`ticks`\"); }\n"
  table [Left, Center, Right]
    caption 1 Three columns, *one* of them aligned right
    th Left | Centre | Right
    tr a | b | c
    tr long cell with **bold** | {cite S2 fn 3} | 42
  p Albanian: Manëz, çelës. Persian: مجاهدین خلق.
  p A footnote here{fn 4} and another.{fn 5}
  rule
  pagebreak
  figure "map.png" alt="A map of the region" title="Region map"
  p Line one{br}line two after a hard break.
  footnote citation 1
    p “Title S1”; “Title S2.”
  footnote citation 2
    p “Title S1.”
  footnote citation 3
    p “Title S2.”
  footnote 4
    p The footnote text, with *emphasis*.
  footnote 5
    p Second footnote.
section other Other
  p Other text.
section sources Sources
  sources
source 1 S1 “Title S1.”
source 2 S2 “Title S2.”
"#;
    assert_eq!(tree, expected);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn notes_and_comments_never_reach_the_document() {
    let body = "Visible.\n\n<!-- COMMENT-CANARY -->\n\nText <!-- INLINE-COMMENT-CANARY --> more.\n\n<div>HTML-BLOCK-CANARY</div>\n\nA <span hidden>HIDDEN-SPAN-CANARY</span> word.\n";
    let composed = compose(&briefing_with(body), &ComposeOptions::default());
    let tree = format!("{:?}", composed.document);
    for canary in [
        "NOTE-CANARY",
        "COMMENT-CANARY",
        "INLINE-COMMENT-CANARY",
        "HTML-BLOCK-CANARY",
        "HIDDEN-SPAN-CANARY",
    ] {
        assert!(!tree.contains(canary), "{canary} leaked");
    }
    assert!(dump(&composed.document).contains("p A  word."));
    // The author is told about the HTML that was dropped, with its line; comments are
    // intentional and pass silently.
    let lines: Vec<_> = composed
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("HTML"))
        .map(|d| d.location.line)
        .collect();
    assert_eq!(lines, vec![Some(7), Some(9)]);
}

#[test]
fn only_web_mail_and_section_links_survive() {
    let body = "[a](javascript:alert(1)) [b](jav&#x61;script:alert(1)) [c](file:///etc/passwd) [d](data:text/html,x) [e](relative/path.html) [f](#nowhere) [g](HTTPS://ok.example) [h](mailto:a@b.c) [i](#other) [j]( java\tscript:x)";
    let composed = compose(&briefing_with(body), &ComposeOptions::default());
    let tree = dump(&composed.document);
    assert!(
        tree.contains("p a b c d e f [g](HTTPS://ok.example) [h](mailto:a@b.c) [i](#other)"),
        "{tree}"
    );
    let removed = composed
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("link to"))
        .count();
    // `[j]( java\tscript:x)` is not link syntax at all, so it stays text.
    assert_eq!(removed, 6, "{:?}", composed.diagnostics);
}

#[test]
fn images_from_outside_the_folder_are_left_out() {
    let body = "![ok](figs/a.png)\n\n![up](../secret.png)\n\n![abs](/etc/x.png)\n\n![web](https://example.org/x.png)\n\n![file](file:///x.png)\n";
    let composed = compose(&briefing_with(body), &ComposeOptions::default());
    let tree = dump(&composed.document);
    assert!(tree.contains("figure \"figs/a.png\""));
    assert!(tree.contains("p up\n") && tree.contains("p abs\n") && tree.contains("p web\n"));
    let warned: Vec<_> = composed
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("left out"))
        .filter_map(|d| d.location.line)
        .collect();
    assert_eq!(warned, vec![3, 5, 7, 9]);
}

#[test]
fn unknown_variables_and_sources_name_section_and_line() {
    let body = "First line.\n\nSecond {{nobody}} paragraph\ncontinues [@S9].\n";
    let composed = compose(&briefing_with(body), &ComposeOptions::default());
    let find = |needle: &str| {
        composed
            .diagnostics
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no diagnostic with {needle}: {:?}", composed.diagnostics))
    };
    let variable = find("{{nobody}}");
    assert_eq!(variable.severity, Severity::Warning);
    assert_eq!(variable.location.section.as_deref(), Some("main"));
    assert_eq!(variable.location.line, Some(3));
    let source = find("[@S9]");
    assert_eq!(source.severity, Severity::Error);
    assert_eq!(source.location.line, Some(4));
    // The unfilled placeholder stays visible so the author sees it in the output.
    assert!(dump(&composed.document).contains("Second {{nobody}} paragraph"));
    // S1 and S2 are never cited in this body: each is a warning.
    assert_eq!(
        composed
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("never cited"))
            .count(),
        2
    );
}

#[test]
fn variable_values_are_text_not_markup() {
    let mut b = briefing_with("Value: {{country_a}}.");
    b.variables
        .insert("country_a".into(), "*not emphasis* [@S1] <b>x</b>".into());
    let composed = compose(&b, &ComposeOptions::default());
    assert!(
        dump(&composed.document).contains("p Value: *not emphasis* [@S1] <b>x</b>."),
        "{}",
        dump(&composed.document)
    );
}

#[test]
fn body_headings_sit_below_the_section_title() {
    let (tree, _) = composed_dump("#### Deep\n\n##### Deeper\n");
    assert!(tree.contains("  h2 Deep\n  h3 Deeper\n"), "{tree}");
}

#[test]
fn the_sources_list_is_sorted_as_the_style_says_and_sections_without_it_get_one() {
    let mut b = briefing_with("B first [@S2], then A [@S1].");
    b.sources[0].author = "Zeta, Anna".into();
    b.sources[1].author = "Alpha, Bo".into();
    let tree = dump(&compose(&b, &ComposeOptions::default()).document);
    // Chicago's bibliography is alphabetical by author.
    assert!(
        tree.ends_with("source 1 S2 Alpha, Bo. “Title S2.”\nsource 2 S1 Zeta, Anna. “Title S1.”\n"),
        "{tree}"
    );
    assert!(tree.contains("section sources Sources\n  sources\n"));
    // Numbered: in order of first citation, each with its number.
    b.meta.citation_style = CitationStyle::Numbered;
    let tree = dump(&compose(&b, &ComposeOptions::default()).document);
    assert!(tree.contains("source 1 S2 [1] B. Alpha"), "{tree}");
    assert!(tree.contains("source 2 S1 [2] A. Zeta"), "{tree}");
}

/// Chicago notes: the first citation of an entry in full, every later one short.
#[test]
fn each_citation_is_a_footnote_in_full_the_first_time_and_short_after() {
    let mut b =
        briefing_with("Claim [@S2]. A note[^n]. Again [@S2; @S1].\n\n[^n]: Author's note.\n");
    b.sources[1].title =
        "Microsoft investigates Iranian attacks against the Albanian government".into();
    b.sources[1].publisher = "Microsoft Threat Intelligence".into();
    b.sources[1].author = "Microsoft".into();
    b.sources[1].date = "2022-09-08".into();
    b.sources[1].url = "https://example.org/report".into();
    b.sources[1].accessed = "2022-09-19".into();
    let composed = compose(&b, &ComposeOptions::default());
    let tree = dump(&composed.document);
    assert!(
        tree.contains(
            "  footnote citation 1\n    p Microsoft, “Microsoft Investigates Iranian Attacks against the Albanian Government,” Microsoft Threat Intelligence, September 8, 2022, [https://example.org/report](https://example.org/report).\n"
        ),
        "{tree}"
    );
    assert!(
        tree.contains("  footnote 2\n    p Author's note.\n"),
        "{tree}"
    );
    // Several sources at one point: one note, joined by a semicolon; S2 now short.
    assert!(
        tree.contains(
            "  footnote citation 3\n    p Microsoft, “Microsoft Investigates Iranian Attacks”; “Title S1.”\n"
        ),
        "{tree}"
    );
}

/// A note mark follows the punctuation, and one point carries one mark.
#[test]
fn marks_follow_punctuation_and_never_collide() {
    let (tree, _) = composed_dump(
        "Held in Manëz [@S1].[^t] Said [@S2][@S1], and more [@S2]; then end [^u].\n\n[^t]: The title.\n[^u]: Another.\n",
    );
    // The citation beside the author's footnote is given at its head, under one mark.
    assert!(
        tree.contains(
            "Held in Manëz.{fn 1} Said,{cite S2,S1 fn 2} and more;{cite S2 fn 3} then end.{fn 4}"
        ),
        "{tree}"
    );
    assert!(
        tree.contains("  footnote 1\n    p “Title S1.” The title.\n"),
        "{tree}"
    );
    assert!(
        tree.contains("  footnote citation 2\n    p “Title S2”; “Title S1.”\n"),
        "{tree}"
    );
    assert!(!tree.contains("}{"), "two marks side by side: {tree}");
}

#[test]
fn author_date_and_numbered_styles_cite_in_the_text() {
    let mut b = briefing_with("Claim [@S2]. Again [@S1; @S2].");
    b.sources[1].author = "Hoxha, Erion".into();
    b.sources[1].date = "2022-09-08".into();
    b.meta.citation_style = CitationStyle::AuthorDate;
    let tree = dump(&compose(&b, &ComposeOptions::default()).document);
    assert!(
        tree.contains("p Claim{cite S2 \" (Hoxha 2022)\"}. Again{cite S1,S2 \" (“Title S1,” n.d.; Hoxha 2022)\"}."),
        "{tree}"
    );
    assert!(!tree.contains("footnote"), "{tree}");
    b.meta.citation_style = CitationStyle::Numbered;
    let tree = dump(&compose(&b, &ComposeOptions::default()).document);
    assert!(
        tree.contains("p Claim{cite S2 \" [1]\"}. Again{cite S1,S2 \" [1], [2]\"}."),
        "{tree}"
    );
}

#[test]
fn variants_select_sections() {
    let mut b = briefing_with("x");
    b.sections[0].variants = vec!["memo".into()];
    let memo = compose(&b, &ComposeOptions::variant(Variant::Memo));
    let handout = compose(&b, &ComposeOptions::variant(Variant::Handout));
    assert_eq!(memo.document.sections.len(), 2);
    assert_eq!(handout.document.sections.len(), 1);
    // An unknown name is an error where it is parsed, naming it.
    let wrong = "tabloid".parse::<Variant>().unwrap_err();
    assert!(wrong.to_string().contains("tabloid"), "{wrong}");
}

#[test]
fn pathological_nesting_is_flattened_not_fatal() {
    let body = format!("{}deep\n", "> ".repeat(5_000));
    let composed = compose(&briefing_with(&body), &ComposeOptions::default());
    assert!(
        composed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nested"))
    );
    assert!(dump(&composed.document).contains("deep"));
    let emphasis = format!("{}x{}\n", "*".repeat(3_000), "*".repeat(3_000));
    let composed = compose(&briefing_with(&emphasis), &ComposeOptions::default());
    assert!(dump(&composed.document).contains('x'));
    let list = format!("{}x\n", "- ".repeat(2_000));
    let composed = compose(&briefing_with(&list), &ComposeOptions::default());
    assert!(dump(&composed.document).contains('x'));
}

#[test]
fn sample_composes_without_errors_and_keeps_its_structure() {
    let composed = compose(&common::sample(), &ComposeOptions::default());
    let errors: Vec<_> = composed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let doc = &composed.document;
    assert_eq!(doc.sections.first().map(|s| s.id.as_str()), Some("bluf"));
    assert_eq!(doc.sources.len(), 5);
    let tree = dump(doc);
    assert!(!tree.contains("{{"), "unfilled variable in the sample");
    assert!(tree.contains("Manëz"));
    assert!(tree.contains("مجاهدین خلق"));
    assert!(doc.sections.iter().any(|s| {
        s.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Table { .. }))
    }));
    assert!(matches!(doc.sections[0].title[0], Inline::Text(ref t) if t == "Bottom line up front"));
    for section in &common::sample().sections {
        if !section.notes.is_empty() {
            assert!(!format!("{doc:?}").contains(section.notes.as_str()));
        }
    }
}

/// A compose that reuses the sections of earlier ones gives exactly what a fresh compose
/// gives, whichever section changed: notes, citations and table numbers renumbered across
/// the sections after it.
#[test]
fn composing_with_the_cache_gives_what_a_fresh_compose_gives() {
    let mut cache = briefdesk::compose::Cache::default();
    let mut b = common::sample();
    let options = ComposeOptions::default();
    let same = |b: &Briefing, cache: &mut briefdesk::compose::Cache| {
        let cached = briefdesk::compose::compose_cached(b, &options, cache);
        let fresh = compose(b, &options);
        assert_eq!(cached.document, fresh.document);
        assert_eq!(
            format!("{:?}", cached.diagnostics),
            format!("{:?}", fresh.diagnostics)
        );
    };
    same(&b, &mut cache);
    for index in [0, 3, b.sections.len() - 2] {
        b.sections[index].body.push_str(
            "\n\nAdded [@S2].[^added] {{missing}}\n\n| a |\n|---|\n| b |\n\nTable: Added\n\n[^added]: An added note [@S1].\n",
        );
        same(&b, &mut cache);
        b.meta.citation_style = CitationStyle::Numbered;
        same(&b, &mut cache);
        b.meta.citation_style = CitationStyle::Notes;
        b.variables
            .insert("country_a".into(), format!("Albania {index}"));
        same(&b, &mut cache);
    }
}

/// Compose setting punctuation section by section (as the renderer asks, so a kept section is
/// not set again) gives exactly the document set whole afterwards, in both citation styles,
/// with the review copy's threads, and with the cache warm after edits.
#[test]
fn punctuation_set_section_by_section_is_punctuation_set_whole() {
    let mut b = common::sample();
    b.sections[1].body.push_str(
        "\n\nHe called it \"baseless\" -- twice... 'Not so,' they said [@S2].[^q]\n\n[^q]: A \"quoted\" note [@S1].\n",
    );
    let mut cache = briefdesk::compose::Cache::default();
    for style in CitationStyle::ALL {
        b.meta.citation_style = style;
        for review in [false, true] {
            let plain = ComposeOptions {
                review,
                ..ComposeOptions::default()
            };
            let mut whole = compose(&b, &plain).document;
            briefdesk::compose::punctuation::typeset(&mut whole);
            let set = ComposeOptions {
                typeset: true,
                ..plain
            };
            assert_eq!(compose(&b, &set).document, whole);
            assert_eq!(
                briefdesk::compose::compose_cached(&b, &set, &mut cache).document,
                whole
            );
        }
        b.sections[3].body.push_str(" \"More\" -- added.");
    }
    assert!(
        format!("{:?}", compose(&b, &ComposeOptions::default()).document)
            .contains("\\\"baseless\\\"")
    );
}

/// A section no edit reached is handed on as the very same section (what lets layout skip
/// reading it), and an edited one is new.
#[test]
fn sections_an_edit_did_not_reach_are_the_same_sections() {
    let mut cache = briefdesk::compose::Cache::default();
    let mut b = common::sample();
    let options = ComposeOptions {
        typeset: true,
        ..ComposeOptions::default()
    };
    let first = briefdesk::compose::compose_cached(&b, &options, &mut cache).document;
    b.sections[4].body.push_str(" One more sentence.");
    let second = briefdesk::compose::compose_cached(&b, &options, &mut cache).document;
    for (i, (a, b)) in first.sections.iter().zip(&second.sections).enumerate() {
        assert_eq!(std::sync::Arc::ptr_eq(a, b), i != 4, "section {i}");
    }
}
