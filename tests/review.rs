//! Review: comments and suggestions stay out of every normal export (canaries searched in
//! the pages, the PDF's objects and XMP, its extracted text, the Markdown and the DOCX), the
//! review copy carries them, the file keeps them one record to a line so two reviewers'
//! additions merge, an outside edit that removes a comment's text orphans it, and a
//! comparison of two known versions lists exactly the changed words.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compare::{Fate, compare};
use briefdesk::layout::page::{Item, Rgb};
use briefdesk::model::review::{Anchor, Comment, Reply, Suggestion};
use briefdesk::model::{Briefing, Variant};
use briefdesk::pipeline::{RenderOptions, Renderer};

const CANARIES: [&str; 6] = [
    "CANARYCOMMENT",
    "CANARYREPLY",
    "CANARYAUTHOR",
    "CANARYSUGGESTED",
    "CANARYSUGGESTER",
    "CANARYWHOLESECTION",
];

/// The sample with a comment (and a reply) on a phrase, a comment on a whole section and a
/// suggestion in each of two sections, every private string a canary.
fn reviewed() -> Briefing {
    let mut b = common::sample();
    let body = b.sections[1].body.clone();
    let word = body.split_whitespace().nth(3).unwrap().to_owned();
    let start = body.find(&word).unwrap();
    let (s, e) = (
        body[..start].chars().count(),
        body[..start].chars().count() + word.chars().count(),
    );
    b.sections[1].comments.push(Comment {
        id: "c00000001".into(),
        anchor: Some(Anchor::new(&body, s, e)),
        author: "CANARYAUTHOR Head of Unit".into(),
        created: "2026-12-04T09:00:00Z".into(),
        text: "Is this CANARYCOMMENT sourced?".into(),
        replies: vec![Reply {
            author: "Desk officer".into(),
            created: "2026-12-04T09:30:00Z".into(),
            text: "Yes, CANARYREPLY see S2.".into(),
        }],
        ..Comment::default()
    });
    b.sections[2].comments.push(Comment {
        id: "c00000002".into(),
        author: "Head of Unit".into(),
        created: "2026-12-04T09:05:00Z".into(),
        text: "Shorten this section CANARYWHOLESECTION.".into(),
        ..Comment::default()
    });
    for (i, section) in [1usize, 3].into_iter().enumerate() {
        let body = b.sections[section].body.clone();
        let at = body
            .find(". ")
            .map(|b| body[..b].chars().count())
            .unwrap_or(0);
        b.sections[section].suggestions.push(Suggestion {
            id: format!("s0000000{i}"),
            anchor: Anchor::new(&body, at, at),
            insert: " (CANARYSUGGESTED)".into(),
            author: "CANARYSUGGESTER".into(),
            created: "2026-12-04T09:10:00Z".into(),
            ..Suggestion::default()
        });
    }
    b
}

fn page_text(b: &Briefing, options: &RenderOptions) -> String {
    let laid = Renderer::new().render(b, options).unwrap();
    laid.pages
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(run) => Some(run.text()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn review_never_reaches_a_normal_export_of_any_variant() {
    let b = reviewed();
    let dir = tempfile::tempdir().unwrap();
    let poppler = common::tool_available("pdftotext");
    let mut searched = 0;
    for variant in std::iter::once(None).chain(Variant::ALL.map(Some)) {
        let options = RenderOptions::default().with_variant(variant);
        let pdf = Renderer::new().pdf(&b, &options).unwrap().output;
        let markdown = briefdesk::pipeline::markdown(&b, &options).unwrap().output;
        let docx: String =
            common::docx_parts(&briefdesk::pipeline::docx(&b, &options).unwrap().output)
                .into_iter()
                .map(|(name, text)| format!("{name}\n{text}\n"))
                .collect();
        let objects = common::pdf_objects_text(&pdf);
        assert!(objects.contains("x:xmpmeta"), "the XMP is searched too");
        let extracted = if poppler {
            let path = dir.path().join("out.pdf");
            std::fs::write(&path, &pdf).unwrap();
            common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"])
        } else {
            String::new()
        };
        let pages = page_text(&b, &options);
        for canary in CANARIES {
            for (place, text) in [
                ("pages", &pages),
                ("PDF objects", &objects),
                ("PDF text", &extracted),
                ("Markdown", &markdown),
                ("DOCX", &docx),
            ] {
                if text.is_empty() {
                    continue;
                }
                searched += 1;
                assert!(
                    !text.contains(canary),
                    "{variant:?}: {canary} leaked into {place}"
                );
            }
        }
    }
    assert!(searched >= 5 * 6 * 4);
}

#[test]
fn the_review_copy_carries_comments_replies_and_suggestions_as_redline() {
    let b = reviewed();
    let options = RenderOptions {
        review: true,
        ..RenderOptions::default()
    };
    let text = page_text(&b, &options);
    for canary in [
        "CANARYCOMMENT",
        "CANARYREPLY",
        "CANARYAUTHOR",
        "CANARYSUGGESTED",
        "CANARYWHOLESECTION",
    ] {
        assert!(
            text.contains(canary),
            "{canary} missing from the review copy"
        );
    }
    assert!(text.contains("Review comments"));
    let laid = Renderer::new().render(&b, &options).unwrap();
    let items: Vec<&Item> = laid.pages.pages.iter().flat_map(|p| &p.items).collect();
    // The suggested text is set in the inserted colour and underlined; the comment's text
    // is highlighted; changed lines have a bar in the margin.
    assert!(items.iter().any(|i| matches!(i, Item::Text(r) if r.color == Rgb::INSERTED && r.text().contains("CANARYSUGGESTED"))));
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Line { color, .. } if *color == Rgb::INSERTED))
    );
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Fill { color, .. } if *color == Rgb::HIGHLIGHT))
    );
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Line { from, to, .. } if from.0 == to.0 && from.0.0 < 60.0))
    );
    // The Markdown review copy writes the suggestion as CriticMarkup.
    let md = briefdesk::pipeline::markdown(&b, &options).unwrap().output;
    assert!(md.contains("{++ (CANARYSUGGESTED)++}"), "{md}");
}

#[test]
fn check_and_export_report_what_review_has_left() {
    let b = reviewed();
    let found = briefdesk::lint::review_items(&b);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0]
            .message
            .contains("1 unresolved comment and 1 open suggestion")
    );
    assert_eq!(
        briefdesk::lint::review_left_out(&b).unwrap(),
        "the briefing has 2 unresolved comments and 2 open suggestions; they are not in this export (only the review copy carries them)"
    );
    let mut resolved = b.clone();
    for s in &mut resolved.sections {
        s.comments.iter_mut().for_each(|c| c.resolved = true);
        s.suggestions.clear();
    }
    assert!(briefdesk::lint::review_items(&resolved).is_empty());
    assert!(briefdesk::lint::review_left_out(&resolved).is_none());
}

#[test]
fn the_file_keeps_one_record_to_a_line_sorted_and_reads_back() {
    let mut b = reviewed();
    b.sections[1].comments.insert(
        0,
        Comment {
            id: "c00000009".into(),
            author: "Later".into(),
            text: "later".into(),
            ..Comment::default()
        },
    );
    let text = briefdesk::io::to_json(&b);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\"id\": \"c0") || l.contains("{\"id\":\"c0"))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for line in &lines {
        assert!(
            line.trim_start().starts_with("{\"id\":\"c0"),
            "one line per record: {line}"
        );
    }
    // Sorted by id in the file whatever order they were added in.
    let first = text.find("c00000001").unwrap();
    let later = text.find("c00000009").unwrap();
    assert!(first < later);
    let (back, notes) = briefdesk::io::from_json(&text).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(back.sections[1].comments.len(), 2);
    assert_eq!(
        back.sections[1].comments[0].replies[0].author,
        "Desk officer"
    );
}

#[test]
fn two_reviewers_additions_merge_without_conflict() {
    if !common::tool_available("git") {
        return;
    }
    let base = reviewed();
    let add = |b: &mut Briefing, section: usize, id: &str, who: &str| {
        b.sections[section].comments.push(Comment {
            id: id.into(),
            author: who.into(),
            text: format!("{who} says"),
            ..Comment::default()
        });
        b.sections[section].comments.sort_by(|a, b| a.id.cmp(&b.id));
    };
    let mut ours = base.clone();
    add(&mut ours, 1, "c00000000", "Ana");
    add(&mut ours, 4, "c0000000a", "Ana");
    let mut theirs = base.clone();
    add(&mut theirs, 1, "c0000000f", "Ben");
    add(&mut theirs, 5, "c0000000b", "Ben");
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n);
    std::fs::write(path("ours"), briefdesk::io::to_json(&ours)).unwrap();
    std::fs::write(path("base"), briefdesk::io::to_json(&base)).unwrap();
    std::fs::write(path("theirs"), briefdesk::io::to_json(&theirs)).unwrap();
    let status = std::process::Command::new("git")
        .args(["merge-file", "-p"])
        .args([path("ours"), path("base"), path("theirs")])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "conflict: {}",
        String::from_utf8_lossy(&status.stdout)
    );
    let (merged, _) = briefdesk::io::from_json(&String::from_utf8(status.stdout).unwrap()).unwrap();
    let ids: Vec<String> = merged
        .sections
        .iter()
        .flat_map(|s| s.comments.iter().map(|c| c.id.clone()))
        .collect();
    for id in [
        "c00000000",
        "c0000000a",
        "c0000000f",
        "c0000000b",
        "c00000001",
        "c00000002",
    ] {
        assert!(
            ids.iter().any(|i| i == id),
            "{id} lost in the merge: {ids:?}"
        );
    }
}

#[test]
fn an_outside_edit_that_removes_the_quoted_text_orphans_the_comment() {
    let b = reviewed();
    let quote = b.sections[1].comments[0].anchor.clone().unwrap().exact;
    let mut text = briefdesk::io::to_json(&b);
    // Edited outside: the quoted word goes from the body (the anchor's own quote stays).
    let mut edited = b.clone();
    edited.sections[1].body = edited.sections[1].body.replace(&quote, "");
    let old_body = serde_json::to_string(&b.sections[1].body).unwrap();
    let new_body = serde_json::to_string(&edited.sections[1].body).unwrap();
    text = text.replacen(&old_body, &new_body, 1);
    let (back, notes) = briefdesk::io::from_json(&text).unwrap();
    assert!(back.sections[1].comments[0].orphaned);
    assert_eq!(back.sections[1].comments.len(), 1, "kept, never deleted");
    assert!(notes.iter().any(|n| n.contains("orphaned")), "{notes:?}");
    // A small outside edit elsewhere in the body: the anchor is found again, same text.
    let mut moved = b.clone();
    moved.sections[1].body = format!("New opening sentence. {}", moved.sections[1].body);
    let (back, notes) = briefdesk::io::from_json(&briefdesk::io::to_json(&moved)).unwrap();
    assert!(notes.is_empty());
    let anchor = back.sections[1].comments[0].anchor.clone().unwrap();
    let body = &back.sections[1].body;
    assert_eq!(&body[anchor.byte_range(body)], quote);
}

/// Two known versions: one word added ("all"), a date changed (one token), a section removed, one added, one
/// moved.
fn versions() -> (Briefing, Briefing) {
    let mut old = Briefing::new("Albania and Iran");
    let section = |id: &str, title: &str, body: &str| briefdesk::model::Section {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    };
    old.sections = vec![
        section(
            "bluf",
            "Bottom line",
            "Albania cut diplomatic ties with Iran on 7 September 2022.\n\nThe attack began in July.\n",
        ),
        section(
            "incident",
            "The incident",
            "Attackers disabled government services on 15 July 2022.\n",
        ),
        section("response", "The response", "NATO condemned the attack.\n"),
        section("old-annex", "Annex", "Old annex text.\n"),
    ];
    let mut new = old.clone();
    new.sections[0].body =
        "Albania cut all diplomatic ties with Iran on 8 September 2022.\n\nThe attack began in July.\n".into();
    new.sections.remove(3);
    let response = new.sections.remove(2);
    new.sections.insert(1, response);
    new.sections.push(section(
        "outlook",
        "Outlook",
        "Further attacks are likely.\n",
    ));
    (old, new)
}

#[test]
fn compare_lists_exactly_the_changed_words() {
    let (old, new) = versions();
    let c = compare(&old, &new);
    type Row = (String, Fate, bool, Vec<(String, String)>);
    let summary: Vec<Row> = c
        .sections
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.fate,
                s.moved,
                s.hunks
                    .iter()
                    .map(|h| (h.deleted.clone(), h.inserted.clone()))
                    .collect(),
            )
        })
        .collect();
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        summary,
        vec![
            (
                "bluf".into(),
                Fate::Changed,
                false,
                vec![
                    pair("", "all "),
                    pair("7 September 2022", "8 September 2022")
                ]
            ),
            ("response".into(), Fate::Unchanged, true, vec![]),
            // Where it stood: after the section it followed in the old version.
            (
                "old-annex".into(),
                Fate::Removed,
                false,
                vec![pair("Old annex text.\n", "")]
            ),
            ("incident".into(), Fate::Unchanged, false, vec![]),
            (
                "outlook".into(),
                Fate::Added,
                false,
                vec![pair("", "Further attacks are likely.\n")]
            ),
        ]
    );
    assert_eq!(
        (
            c.summary.changed,
            c.summary.added,
            c.summary.removed,
            c.summary.moved
        ),
        (1, 1, 1, 1)
    );
    assert_eq!((c.summary.words_added, c.summary.words_removed), (6, 4));
}

#[test]
fn the_redline_sets_the_changes_with_a_summary_first() {
    let (old, new) = versions();
    let c = compare(&old, &new);
    let mut new = new;
    new.meta.version = "0.4 (reviewed by the head of unit)".into();
    new.meta.organization = "Example Policy Unit".into();
    new.meta.audience = "Senior officials".into();
    new.meta.as_of = "2022-09-19".into();
    new.meta.date = "2022-09-20".into();
    let redline = c.redline(&old, &new, ("old.briefing.json", "new.briefing.json"));
    let options = RenderOptions {
        review: true,
        compact: true,
        ..RenderOptions::default()
    };
    let laid = Renderer::new().render(&redline, &options).unwrap();
    let first: String = laid.pages.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r.text()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(first.contains("Summary of changes"), "{first}");
    // The title block's facts wrap to two lines here (a long subtitle and version): the rule
    // under them still runs below their last line, never through it.
    let page = &laid.pages.pages[0];
    let rule = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Line {
                from, to, width, ..
            } if from.1 == to.1 && width.0 == 0.8 => Some(from.1),
            _ => None,
        })
        .expect("the title block's rule");
    for item in &page.items {
        if let Item::Text(run) = item {
            assert!(
                run.y < rule - briefdesk::units::Pt(2.0)
                    || run.y > rule + briefdesk::units::Pt(8.0),
                "{:?} at {:?} runs into the rule at {rule:?}",
                run.text(),
                run.y
            );
        }
    }
    assert!(first.contains("Words added: 6; removed: 4"), "{first}");
    let runs: Vec<(Rgb, String)> = laid
        .pages
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) => Some((r.color, r.text())),
            _ => None,
        })
        .collect();
    let of = |color: Rgb| -> String {
        runs.iter()
            .filter(|r| r.0 == color)
            .map(|r| r.1.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let inserted = of(Rgb::INSERTED);
    let deleted = of(Rgb::DELETED);
    assert!(
        inserted.contains("all") && inserted.contains("8 September 2022"),
        "{inserted}"
    );
    assert!(
        inserted.contains("Further attacks are likely."),
        "{inserted}"
    );
    assert!(
        deleted.contains("7 September 2022") && deleted.contains("Old annex text."),
        "{deleted}"
    );
    assert!(
        !deleted.contains("NATO"),
        "unchanged text is not marked: {deleted}"
    );
    let text = runs
        .iter()
        .map(|r| r.1.clone())
        .collect::<Vec<_>>()
        .join(" ");
    for label in ["[moved]", "[removed]", "[added]"] {
        assert!(text.contains(label), "{label} missing: {text}");
    }
    // The comparison's Markdown marks the same changes.
    let md = briefdesk::pipeline::markdown(&redline, &options)
        .unwrap()
        .output;
    assert!(md.contains("{++all ++}"), "{md}");
    assert!(
        md.contains("{--7 September 2022--} {++8 September 2022++}"),
        "{md}"
    );
}

#[test]
fn the_compare_command_writes_the_redline_and_prints_the_summary() {
    let (old, new) = versions();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        dir.path().join("old.briefing.json"),
        dir.path().join("new.briefing.json"),
    );
    std::fs::write(&a, briefdesk::io::to_json(&old)).unwrap();
    std::fs::write(&b, briefdesk::io::to_json(&new)).unwrap();
    let pdf = dir.path().join("redline.pdf");
    let md = dir.path().join("changes.md");
    let cli = <briefdesk::cli::Cli as clap::Parser>::parse_from([
        "briefdesk",
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
        "--md",
        md.to_str().unwrap(),
    ]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = briefdesk::cli::run(cli, &mut out, &mut err);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert!(
        out.starts_with(
            "1 section changed, 1 added, 1 removed, 1 moved; 6 words added, 4 removed; 0 comments opened"
        ),
        "{out}"
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(std::fs::read_to_string(&md).unwrap().contains("{++all ++}"));
    if common::tool_available("pdftotext") {
        let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &pdf, &["-"]);
        assert!(
            text.contains("Summary of changes") && text.contains("8 September 2022"),
            "{text}"
        );
    }
}

#[test]
fn a_duplicated_section_keeps_its_review_under_ids_of_its_own() {
    let mut b = reviewed();
    let edit = b.duplicate_section_edit(1).unwrap();
    b.apply(edit).unwrap();
    let (first, copy) = (&b.sections[1], &b.sections[2]);
    assert_eq!(copy.comments.len(), first.comments.len());
    assert_eq!(copy.comments[0].text, first.comments[0].text);
    assert_ne!(copy.comments[0].id, first.comments[0].id);
    assert_ne!(copy.suggestions[0].id, first.suggestions[0].id);
}

#[test]
fn the_threads_name_their_section_as_it_is_set() {
    let mut b = Briefing::new("Variables");
    b.variables.insert("country".into(), "Albania".into());
    b.sections.push(briefdesk::model::Section {
        id: "a".into(),
        title: "{{country}} and its neighbours".into(),
        body: "Text.".into(),
        comments: vec![Comment {
            id: "c1".into(),
            author: "Head of Unit".into(),
            text: "Whole section".into(),
            ..Comment::default()
        }],
        ..Default::default()
    });
    let options = RenderOptions {
        review: true,
        ..RenderOptions::default()
    };
    let text = page_text(&b, &options);
    assert!(text.contains("— Albania and its neighbours"), "{text}");
    assert!(!text.contains("{{country}}"), "{text}");
}

#[test]
fn a_removed_section_with_code_and_a_list_is_struck_through_whole() {
    // Marks at line starts would break a fence, a bullet or a heading: each stays struck.
    let mut old = Briefing::new("Blocks");
    old.sections.push(briefdesk::model::Section {
        id: "keep".into(),
        title: "Kept".into(),
        body: "Unchanged.\n".into(),
        ..Default::default()
    });
    old.sections.push(briefdesk::model::Section {
        id: "gone".into(),
        title: "Gone".into(),
        body: "```\ncode line GONEA\n```\n- bullet GONEB\n\n## Heading GONEC\n\n> quoted GONED\n"
            .into(),
        ..Default::default()
    });
    let mut new = old.clone();
    new.sections.pop();
    new.sections[0].body = "```\nnew code ADDEDA\n```\n\n1. item ADDEDB\n".into();
    let c = compare(&old, &new);
    let redline = c.redline(&old, &new, ("old", "new"));
    let options = RenderOptions {
        review: true,
        compact: true,
        ..RenderOptions::default()
    };
    let laid = Renderer::new().render(&redline, &options).unwrap();
    let runs: Vec<(Rgb, String)> = laid
        .pages
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) => Some((r.color, r.text())),
            _ => None,
        })
        .collect();
    for word in ["GONEA", "GONEB", "GONEC", "GONED"] {
        assert!(
            runs.iter()
                .any(|(c, t)| *c == Rgb::DELETED && t.contains(word)),
            "{word} is not struck: {runs:?}"
        );
        assert!(
            !runs
                .iter()
                .any(|(c, t)| *c != Rgb::DELETED && t.contains(word)),
            "{word}"
        );
    }
    for word in ["ADDEDA", "ADDEDB"] {
        assert!(
            runs.iter()
                .any(|(c, t)| *c == Rgb::INSERTED && t.contains(word)),
            "{word} is not marked inserted: {runs:?}"
        );
    }
    // No fence or bullet turned into text.
    assert!(!runs.iter().any(|(_, t)| t.contains("```")), "{runs:?}");
}
