//! Layout: each pagination rule and element, with documents built to trigger it, asserted on
//! the laid-out pages (and the layout dump).

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::layout::flow;
use briefdesk::layout::fonts::Family;
use briefdesk::layout::page::{Artifact, Item, Pages, Role};
use briefdesk::layout::paragraph::{self, Align, Shape, Span, Style};
use briefdesk::layout::shape::Shaper;
use briefdesk::model::Briefing;
use briefdesk::units::Pt;

const FILLER: &str = "Albania cut its diplomatic relations with Iran after a cyberattack on government services, and the allies of Albania backed the decision in public statements that week.";

fn filler(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| format!("{i}. {FILLER} {FILLER}\n\n"))
        .collect()
}

/// (page index, role, y, text) of every run on every page.
fn runs(pages: &Pages) -> Vec<(usize, Role, Pt, Pt, String)> {
    let mut out = Vec::new();
    for (p, page) in pages.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text(run) = item {
                let right = run.x + run.glyphs.last().map_or(Pt(0.0), |g| g.x);
                out.push((p, run.role, run.y, right, run.text()));
            }
        }
    }
    out
}

fn is_content(role: Role) -> bool {
    !matches!(role, Role::Artifact(_) | Role::Footnote)
}

fn body_bottom(b: &Briefing, pages: &Pages) -> Pt {
    pages.height - b.meta.page.margins_mm.bottom.to_pt()
}

#[test]
fn a_heading_never_ends_a_page() {
    for n in 0..24 {
        let body = format!(
            "{}## A heading that must stay with its text\n\nThe text under the heading.\n\n{}",
            filler(n),
            filler(3)
        );
        let laid = common::laid(&common::briefing_with_body(&body));
        let all = runs(&laid.pages);
        for page in 2..laid.pages.pages.len() {
            let last = all
                .iter()
                .filter(|r| r.0 == page && is_content(r.1))
                .max_by(|a, b| a.2.total_cmp(&b.2));
            if let Some(last) = last {
                assert!(
                    !matches!(last.1, Role::Heading(_)),
                    "n={n}: page {page} ends with heading {:?}",
                    last.4
                );
            }
        }
    }
}

#[test]
fn page_breaks_fall_only_where_allowed() {
    // Widows, orphans, keep-with-next: every break the paginator makes is one the rules allow.
    for n in 0..20 {
        let body = format!(
            "{}## Heading\n\n{}> A quotation that goes on {FILLER}\n\n{}",
            filler(n),
            filler(2),
            filler(4)
        );
        let briefing = common::briefing_with_body(&body);
        let document = compose(&briefing, &ComposeOptions::default()).document;
        let body = flow::body(&mut Shaper::new(), &document, Pt(450.0));
        let mut view = flow::View::default();
        view.push(&body, 0);
        let slices = flow::paginate(&view, Pt(600.0));
        for slice in &slices[..slices.len() - 1] {
            let b = slice.items.end;
            let (before, after) = (&body.items[b - 1], &body.items[b]);
            assert!(
                after.break_before || (!before.keep_with_next && !after.no_break_before),
                "n={n}: bad break before item {b}"
            );
        }
    }
}

#[test]
fn first_two_and_last_two_lines_of_a_paragraph_stay_together() {
    let briefing = common::briefing_with_body(&format!("{FILLER} {FILLER} {FILLER} {FILLER}"));
    let document = compose(&briefing, &ComposeOptions::default()).document;
    let body = flow::body(&mut Shaper::new(), &document, Pt(300.0));
    let lines: Vec<&flow::FlowItem> = body.items.iter().filter(|i| i.outline.is_none()).collect();
    let n = lines.len();
    assert!(n >= 5, "{n} lines");
    let flags: Vec<bool> = lines.iter().map(|l| l.no_break_before).collect();
    assert!(!flags[0] && flags[1] && flags[n - 1]);
    assert!(flags[2..n - 1].iter().all(|f| !f));
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let mut body = String::from("| Date | Event | Note |\n|---|---|---|\n");
    for i in 0..90 {
        body.push_str(&format!(
            "| {i} Sep 2022 | Event number {i} of a long timeline | note {i} |\n"
        ));
    }
    let briefing = common::briefing_with_body(&body);
    let laid = common::laid(&briefing);
    let all = runs(&laid.pages);
    let table_pages: Vec<usize> = (0..laid.pages.pages.len())
        .filter(|p| all.iter().any(|r| r.0 == *p && r.1 == Role::TableCell))
        .collect();
    assert!(table_pages.len() >= 2, "the table should span pages");
    for p in table_pages {
        let header = all
            .iter()
            .find(|r| r.0 == p && r.1 == Role::TableHeader && r.4 == "Date")
            .unwrap_or_else(|| panic!("page {p} has no header"));
        let first_cell = all
            .iter()
            .filter(|r| r.0 == p && r.1 == Role::TableCell)
            .map(|r| r.2)
            .fold(Pt(f32::MAX), Pt::min);
        assert!(header.2 < first_cell, "page {p}: header below a row");
    }
    // Every row appears exactly once.
    for i in 0..90 {
        let text = format!("{i} Sep");
        let count = all
            .iter()
            .filter(|r| r.1 == Role::TableCell && r.4.starts_with(&format!("{i}")))
            .count();
        assert!(count >= 1, "{text} missing");
    }
}

#[test]
fn a_word_longer_than_the_line_still_breaks() {
    let word = "x".repeat(300);
    let briefing = common::briefing_with_body(&format!("Before {word} after."));
    let laid = common::laid(&briefing);
    let right = laid.pages.width - briefing.meta.page.margins_mm.right.to_pt();
    let all = runs(&laid.pages);
    for r in all.iter().filter(|r| is_content(r.1)) {
        assert!(
            r.3 <= right + Pt(0.5),
            "{:?} runs past the margin to {}",
            r.4,
            r.3
        );
    }
    let xs: usize = all
        .iter()
        .filter(|r| r.1 == Role::Paragraph)
        .map(|r| r.4.matches('x').count())
        .sum();
    assert_eq!(xs, 300, "every character of the word is set");
}

#[test]
fn footnotes_sit_on_the_page_that_cites_them_above_the_footer() {
    for n in 0..16 {
        let body = format!(
            "{}A sentence with a note.[^n] {FILLER}\n\n{}[^n]: The note about the sentence, long enough to take two lines at the foot of the page where it is cited.\n",
            filler(n),
            filler(2)
        );
        let briefing = common::briefing_with_body(&body);
        let laid = common::laid(&briefing);
        let all = runs(&laid.pages);
        let reference_page = all
            .iter()
            .find(|r| r.4.contains("A sentence with a note"))
            .map(|r| r.0)
            .unwrap();
        let note: Vec<_> = all.iter().filter(|r| r.1 == Role::Footnote).collect();
        assert!(!note.is_empty(), "n={n}: footnote missing");
        assert!(
            note.iter().all(|r| r.0 == reference_page),
            "n={n}: footnote not on page {reference_page}"
        );
        let lowest_body = all
            .iter()
            .filter(|r| r.0 == reference_page && is_content(r.1))
            .map(|r| r.2)
            .fold(Pt::ZERO, Pt::max);
        let top_note = note.iter().map(|r| r.2).fold(Pt(f32::MAX), Pt::min);
        assert!(
            top_note > lowest_body,
            "n={n}: the footnote overlaps the text"
        );
        let bottom = body_bottom(&briefing, &laid.pages);
        for r in all.iter().filter(|r| !matches!(r.1, Role::Artifact(_))) {
            assert!(
                r.2 <= bottom + Pt(1.0),
                "n={n}: {:?} below the body area",
                r.4
            );
        }
    }
}

#[test]
fn an_explicit_page_break_starts_a_new_page() {
    let laid = common::laid(&common::briefing_with_body(
        "Before the break.\n\n\\newpage\n\nAfter the break.",
    ));
    let all = runs(&laid.pages);
    let page_of = |t: &str| all.iter().find(|r| r.4.contains(t)).map(|r| r.0).unwrap();
    assert_eq!(page_of("After"), page_of("Before") + 1);
}

#[test]
fn justified_lines_fill_the_measure_except_the_last() {
    let mut shaper = Shaper::new();
    let spans = vec![Span {
        text: format!("{FILLER} {FILLER} {FILLER}"),
        style: Style::new(Family::Serif, Pt(10.5)),
        link: None,
        footnote: None,
    }];
    let shape = Shape {
        width: Pt(300.0),
        leading: Pt(14.0),
        justify: true,
        hyphenate: true,
        align: Align::Start,
        role: Role::Paragraph,
    };
    let lines = paragraph::break_lines(&mut shaper, &spans, &shape);
    assert!(lines.len() >= 4);
    for line in &lines[..lines.len() - 1] {
        // A stop, comma or hyphen at the end hangs a little into the margin.
        let hangs = line
            .runs
            .last()
            .and_then(|r| r.glyphs.last())
            .is_some_and(|g| matches!(g.text.to_string().as_str(), "." | "," | "-"));
        let over = line.width - Pt(300.0);
        assert!(
            over.abs() < Pt(0.6) || hangs && over > Pt(0.0) && over < Pt(4.0),
            "line width {}",
            line.width
        );
    }
    assert!(lines.last().unwrap().width < Pt(300.0));
    // Ragged text is never stretched.
    let ragged = paragraph::break_lines(
        &mut shaper,
        &spans,
        &Shape {
            justify: false,
            ..shape
        },
    );
    assert!(ragged.iter().all(|l| l.width <= Pt(300.5)));
}

#[test]
fn a_persian_paragraph_is_set_right_to_left() {
    let briefing = common::briefing_with_body("سازمان مجاهدین خلق ایران");
    let laid = common::laid(&briefing);
    let glyphs: Vec<(Pt, String)> = laid.pages.pages[2]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) if run.role == Role::Paragraph => Some(run),
            _ => None,
        })
        .flat_map(|run| {
            run.glyphs
                .iter()
                .map(move |g| (run.x + g.x, g.text.to_string()))
        })
        .collect();
    let x_of = |c: &str| {
        glyphs
            .iter()
            .find(|g| g.1 == c)
            .map(|g| g.0)
            .unwrap_or_else(|| panic!("{c} missing"))
    };
    // First word, third word, last word: right to left.
    assert!(x_of("س") > x_of("خ") && x_of("خ") > x_of("ر"));
    // The paragraph is flush right.
    let right = laid.pages.width - briefing.meta.page.margins_mm.right.to_pt();
    let rightmost = glyphs.iter().map(|g| g.0).fold(Pt::ZERO, Pt::max);
    assert!(
        right - rightmost < Pt(20.0),
        "not flush right: {rightmost} vs {right}"
    );
}

#[test]
fn every_page_has_its_furniture() {
    let mut briefing = common::sample();
    briefing.meta.status = briefdesk::model::Status::Draft;
    let laid = common::laid(&briefing);
    let total = laid.pages.pages.len();
    for (index, page) in laid.pages.pages.iter().enumerate() {
        let roles: Vec<Role> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(r) => Some(r.role),
                Item::Shape { role, .. } => Some(*role),
                _ => None,
            })
            .collect();
        let banners = roles
            .iter()
            .filter(|r| **r == Role::Artifact(Artifact::Banner))
            .count();
        assert_eq!(banners, 2, "page {}: banner top and bottom", index + 1);
        assert!(roles.contains(&Role::Artifact(Artifact::Watermark)));
        let number = page.items.iter().any(|i| matches!(i, Item::Text(r) if r.role == Role::Artifact(Artifact::PageNumber) && r.text() == format!("Page {} of {total}", index + 1)));
        assert_eq!(number, index > 0, "page {}: page number", index + 1);
    }
    // The watermark is drawn first, under everything else.
    let first = &laid.pages.pages[2].items[0];
    assert!(matches!(
        first,
        Item::Shape {
            role: Role::Artifact(Artifact::Watermark),
            ..
        }
    ));
    briefing.meta.status = briefdesk::model::Status::Final;
    let final_pages = common::laid(&briefing).pages;
    assert!(
        final_pages
            .pages
            .iter()
            .all(|p| !p.items.iter().any(|i| matches!(
                i,
                Item::Shape {
                    role: Role::Artifact(Artifact::Watermark),
                    ..
                }
            )))
    );
}

#[test]
fn contents_list_every_section_with_its_page() {
    let briefing = common::sample();
    let laid = common::laid(&briefing);
    let all = runs(&laid.pages);
    for section in &briefing.sections {
        // Headings and entries lead with the section's portion mark.
        let title = match &section.marking {
            Some(level) => format!(
                "{} {}",
                briefing.meta.marking.scheme.portion_mark(level),
                section.title
            ),
            None => section.title.clone(),
        };
        let heading = all
            .iter()
            .find(|r| r.1 == Role::Heading(1) && r.4 == title)
            .unwrap_or_else(|| panic!("{title}"));
        let entry = all
            .iter()
            .find(|r| r.0 == 1 && r.1 == Role::TocEntry && r.4 == title)
            .unwrap();
        // The number right of the entry is the heading's page (1-based).
        let number = all
            .iter()
            .filter(|r| {
                r.0 == 1
                    && r.1 == Role::TocEntry
                    && (r.2 - entry.2).abs() < Pt(0.5)
                    && r.4.chars().all(|c| c.is_ascii_digit())
            })
            .map(|r| r.4.clone())
            .next()
            .unwrap();
        assert_eq!(number, (heading.0 + 1).to_string(), "{}", section.title);
        assert!(laid.pages.anchors.contains_key(&section.id));
    }
}

#[test]
fn numbered_headings_and_the_dump() {
    let mut briefing =
        common::briefing_with_body("Intro.\n\n## First part\n\nText.\n\n### Detail\n\nMore.");
    briefing.meta.numbered_headings = true;
    let dump = briefdesk::layout::dump(&common::laid(&briefing).pages);
    assert!(
        dump.starts_with("pages 3 of 595.3x841.9\npage 1\n"),
        "{dump}"
    );
    assert!(
        dump.contains("text Heading(1) NotoSans-Bold 15.0pt"),
        "{dump}"
    );
    assert!(dump.contains(r#""1\u{2003}Body""#), "{dump}");
    assert!(dump.contains(r#""1.1\u{2003}First part""#), "{dump}");
    assert!(dump.contains(r#""1.1.1\u{2003}Detail""#), "{dump}");
    assert!(
        dump.contains(r#"TocEntry NotoSerif-Regular 10.5pt at (62.4, 110.5) "1\u{2003}Body""#),
        "{dump}"
    );
    assert!(dump.contains("outline 3 \"1.1.1 Detail\" page 3"), "{dump}");
    assert!(dump.contains("link #body"), "{dump}");
}

#[test]
fn layout_never_fails_on_odd_input() {
    for body in [
        "",
        "\n\n\n",
        "| a |\n|---|\n",
        "```\n```",
        "- \n-\n",
        "> ",
        "[^x]\n\n[^x]:",
        "\u{200b}\u{200d}",
        "😀 中文",
    ] {
        let laid = common::laid(&common::briefing_with_body(body));
        assert!(laid.pages.pages.len() >= 2, "{body:?}");
    }
}

#[test]
fn a_note_cited_from_a_note_is_set_on_the_same_page() {
    let briefing = common::briefing_with_body(
        "Albania cut ties[^a].\n\n[^a]: See the wire report[^b].\n\n[^b]: Associated Press, 7 September 2022.\n",
    );
    let laid = common::laid(&briefing);
    let all = runs(&laid.pages);
    let page_of = |text: &str| {
        all.iter()
            .find(|r| r.4.contains(text))
            .unwrap_or_else(|| panic!("{text:?} is not set"))
            .0
    };
    assert_eq!(page_of("Associated Press"), page_of("See the wire report"));
    assert_eq!(page_of("See the wire report"), page_of("Albania cut ties"));
}

#[test]
fn a_short_table_cell_does_not_wrap_while_a_wide_column_has_room() {
    let long = "Albania's government announces that it is severing diplomatic relations with \
                Iran and gives the embassy's staff twenty-four hours to leave the country";
    let note = "Some outlets date the announcement a day later, which the timeline records";
    let mut body = String::from("| Date | Event | Note |\n|---|---|---|\n");
    for date in ["23–24 July 2022", "7 September 2022", "15 July 2022"] {
        body.push_str(&format!("| {date} | {long} | {note} |\n"));
    }
    let laid = common::laid(&common::briefing_with_body(&body));
    let cells: Vec<String> = runs(&laid.pages)
        .into_iter()
        .filter(|r| r.1 == Role::TableCell)
        .map(|r| r.4)
        .collect();
    for date in ["23–24 July 2022", "7 September 2022", "15 July 2022"] {
        assert!(
            cells.iter().any(|c| c == date),
            "{date} was broken over lines: {cells:?}"
        );
    }
    // The wide columns did wrap: the table is wider than the page on one line.
    assert!(
        cells
            .iter()
            .filter(|c| c.contains("severing") || c.contains("embassy"))
            .count()
            >= 3
    );
}

#[test]
fn the_cover_title_is_balanced_over_its_lines() {
    use briefdesk::layout::shape::pdf_advance;
    for (variant, title) in [
        (
            briefdesk::model::Variant::Full,
            "Albania breaks with Iran over a cyberattack",
        ),
        (
            briefdesk::model::Variant::Memo,
            "Albania breaks with Iran over a cyberattack on its government services and archives",
        ),
    ] {
        let mut briefing = common::sample();
        briefing.meta.title = title.into();
        let options = briefdesk::pipeline::RenderOptions {
            variant: Some(variant),
            ..Default::default()
        };
        let laid = common::laid_as(&briefing, &options);
        let mut widths: Vec<(Pt, Pt)> = Vec::new();
        for item in &laid.pages.pages[0].items {
            if let Item::Text(run) = item
                && run.role == Role::Title
                && let Some(last) = run.glyphs.last()
            {
                let right =
                    run.x + last.x + run.size * (pdf_advance(run.face, last.gid) as f32 / 1000.0);
                match widths
                    .iter_mut()
                    .find(|(y, _)| (*y - run.y).abs() < Pt(0.5))
                {
                    Some((_, w)) => *w = (*w).max(right),
                    None => widths.push((run.y, right)),
                }
            }
        }
        assert!(widths.len() >= 2, "{variant:?}: the title is on one line");
        let longest = widths.iter().map(|w| w.1).fold(Pt::ZERO, Pt::max);
        let shortest = widths.iter().map(|w| w.1).fold(Pt(1e9), Pt::min);
        let left = briefing.meta.page.margins_mm.left.to_pt();
        let ratio = (shortest - left) / (longest - left);
        assert!(ratio > 0.6, "{variant:?}: lines of {widths:?}");
    }
}

#[test]
fn the_contents_list_headings_to_the_documents_depth_with_pages_links_and_leaders() {
    let mut briefing = common::briefing_with_body(&format!(
        "{}\n\n## Attribution evidence\n\n{}\n\n### Technical detail\n\n{}\n\n## Allied statements\n\nText.\n",
        filler(2),
        filler(14),
        filler(2)
    ));
    briefing.sections.push(briefdesk::model::Section {
        id: "second".into(),
        title: "Second".into(),
        body: "## Later steps\n\nText.\n".into(),
        ..briefdesk::model::Section::default()
    });
    let entries = |briefing: &Briefing| {
        let laid = common::laid(briefing);
        let all = runs(&laid.pages);
        let toc: Vec<_> = all
            .iter()
            .filter(|r| r.0 == 1 && r.1 == Role::TocEntry)
            .cloned()
            .collect();
        (laid, all, toc)
    };
    let (laid, all, toc) = entries(&briefing);
    for title in ["Attribution evidence", "Allied statements", "Later steps"] {
        let entry = toc
            .iter()
            .find(|r| r.4 == title)
            .unwrap_or_else(|| panic!("{title} is not in the contents: {toc:?}"));
        let heading = all
            .iter()
            .find(|r| r.1 == Role::Heading(2) && r.4 == title)
            .unwrap();
        let number = toc
            .iter()
            .find(|r| (r.2 - entry.2).abs() < Pt(0.5) && r.4.chars().all(|c| c.is_ascii_digit()))
            .unwrap();
        assert_eq!(number.4, (heading.0 + 1).to_string(), "{title}");
        // The entry links to the heading's place.
        let linked = laid.pages.pages[1].links.iter().any(|l| {
            matches!(&l.goal, briefdesk::layout::page::LinkGoal::Section(id)
                if laid.pages.anchors.get(id).is_some_and(|(page, _)| *page == heading.0))
                && (l.rect.y..l.rect.y + l.rect.h).contains(&(entry.2 - Pt(2.0)))
        });
        assert!(linked, "{title} has no link to its page");
        // The leader on the entry's line ends just before the number.
        let leader_end = laid.pages.pages[1]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(run)
                    if run.role
                        == Role::Artifact(briefdesk::layout::page::Artifact::Decoration)
                        && (run.y - entry.2).abs() < Pt(0.5) =>
                {
                    Some(run.x + run.glyphs.last().map_or(Pt::ZERO, |g| g.x))
                }
                _ => None,
            })
            .next()
            .unwrap_or_else(|| panic!("{title} has no leader"));
        let gap = number.3 - leader_end;
        assert!(
            gap > Pt(0.0) && gap < Pt(14.0),
            "{title}: {gap} between leader and number"
        );
    }
    // Level 3 is deeper than the default depth.
    assert!(!toc.iter().any(|r| r.4 == "Technical detail"));
    briefing.meta.contents_depth = briefdesk::model::ContentsDepth(3);
    let (_, _, deeper) = entries(&briefing);
    assert!(deeper.iter().any(|r| r.4 == "Technical detail"));
    briefing.meta.contents_depth = briefdesk::model::ContentsDepth(1);
    let (_, _, shallow) = entries(&briefing);
    assert!(!shallow.iter().any(|r| r.4 == "Attribution evidence"));
    assert!(shallow.iter().any(|r| r.4 == "Second"));
    // Out of range is refused with the field named.
    briefing.meta.contents_depth = briefdesk::model::ContentsDepth(7);
    let found = briefdesk::model::validate(&briefing);
    assert!(
        found
            .iter()
            .any(|d| d.location.field.as_deref() == Some("meta.contents_depth")),
        "{found:?}"
    );
}

#[test]
fn a_footnote_number_hangs_before_the_notes_lines() {
    let laid = common::laid(&common::sample());
    let mut checked = 0;
    for page in &laid.pages.pages {
        let notes: Vec<&briefdesk::layout::page::GlyphRun> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(run) if run.role == Role::Footnote => Some(run),
                _ => None,
            })
            .collect();
        let Some(text_x) = notes
            .iter()
            .filter(|r| !r.text().chars().all(|c| c.is_ascii_digit()))
            .map(|r| r.x)
            .reduce(Pt::min)
        else {
            continue;
        };
        for run in &notes {
            if run.text().chars().all(|c| c.is_ascii_digit())
                && run.face.face().file.contains("Bold")
            {
                // The number ends before the text column; every line starts on the column.
                let end = run.x + run.glyphs.last().map_or(Pt::ZERO, |g| g.x);
                assert!(
                    end < text_x,
                    "number {} at {end} reaches the text at {text_x}",
                    run.text()
                );
                checked += 1;
            }
        }
        // Each line's first run (the number aside) starts on the column.
        let mut firsts: Vec<(Pt, Pt)> = Vec::new();
        for run in notes
            .iter()
            .filter(|r| !r.text().chars().all(|c| c.is_ascii_digit()))
        {
            match firsts
                .iter_mut()
                .find(|(y, _)| (*y - run.y).abs() < Pt(0.1))
            {
                Some((_, x)) => *x = (*x).min(run.x),
                None => firsts.push((run.y, run.x)),
            }
        }
        for (y, x) in firsts {
            assert!(
                (x - text_x).abs() < Pt(0.1),
                "a note line at {y} starts at {x}, not {text_x}"
            );
        }
    }
    assert!(checked >= 5, "only {checked} numbers");
}

#[test]
fn a_table_caption_line_becomes_a_numbered_caption_above_its_table() {
    let table = "| Date | Event |\n|---|---|\n| 17 July 2022 | The attack |\n";
    let mut briefing = common::briefing_with_body(&format!(
        "Text before.\n\n{table}\nTable: When the attack came\n\nText between.\n\nTable: *The break*\n\n{table}"
    ));
    briefing.sections.push(briefdesk::model::Section {
        id: "second".into(),
        title: "Second".into(),
        body: format!("{table}\nTable: Later events\n"),
        ..briefdesk::model::Section::default()
    });
    let laid = common::laid(&briefing);
    let all = runs(&laid.pages);
    let captions: Vec<&(usize, Role, Pt, Pt, String)> =
        all.iter().filter(|r| r.1 == Role::Figure).collect();
    let text: Vec<&str> = captions.iter().map(|r| r.4.as_str()).collect();
    for (label, words) in [
        ("Table 1.", "When the attack came"),
        ("Table 2.", "The break"),
        ("Table 3.", "Later events"),
    ] {
        let at = captions
            .iter()
            .position(|r| r.4.starts_with(label))
            .unwrap_or_else(|| panic!("{label} missing: {text:?}"));
        assert!(
            captions[at..].iter().take(2).any(|r| r.4.contains(words)),
            "{label}: {text:?}"
        );
        // Above its table's header, on the same page.
        let caption = captions[at];
        let header = all
            .iter()
            .filter(|r| r.1 == Role::TableHeader && r.0 == caption.0 && r.2 > caption.2)
            .map(|r| r.2)
            .fold(Pt(1e9), Pt::min);
        assert!(
            header - caption.2 < Pt(30.0),
            "{label} is not above its table"
        );
    }
    // The caption lines are not paragraphs any more.
    assert!(
        !all.iter()
            .any(|r| r.1 == Role::Paragraph && r.4.contains("Table:"))
    );
    // The Markdown keeps Pandoc's caption line.
    let composed = briefdesk::compose::compose(&briefing, &Default::default());
    let markdown = briefdesk::export::markdown::to_markdown(&composed.document);
    assert!(
        markdown.contains("Table: When the attack came"),
        "{markdown}"
    );
}

/// A renderer that keeps the last layout's pages gives exactly the pages a fresh renderer
/// gives, whatever changed: a word in one section, a note that moves the later pages, a
/// section's title, the briefing's metadata (the furniture shows it), a section removed —
/// and it does keep the pages an edit did not reach.
#[test]
fn pages_kept_from_the_last_layout_are_the_pages_a_fresh_layout_sets() {
    use briefdesk::pipeline::{RenderOptions, Renderer};
    let mut b = common::sample();
    for section in b.sections.clone() {
        let mut more = section.clone();
        more.id = format!("{}-more", section.id);
        more.body.push_str(&format!("\n\n{}", filler(6)));
        b.sections.push(more);
    }
    let options = RenderOptions::default();
    let mut renderer = Renderer::new();
    let mut same = |b: &Briefing| {
        let kept = renderer.render(b, &options).expect("renders").pages;
        let fresh = Renderer::new().render(b, &options).expect("renders").pages;
        assert_eq!(kept, fresh);
        kept
    };
    let first = same(&b);
    let last = b.sections.len() - 1;
    b.sections[last].body.push_str(" One more word.");
    let second = same(&b);
    // The edit at the end leaves the pages before the last section's the very same pages.
    let shared = first
        .pages
        .iter()
        .zip(&second.pages)
        .filter(|(a, b)| std::sync::Arc::ptr_eq(a, b))
        .count();
    assert!(
        shared >= first.pages.len() / 2,
        "{shared} of {}",
        first.pages.len()
    );
    // The contents too: no title or page number changed.
    assert!(std::sync::Arc::ptr_eq(&first.pages[1], &second.pages[1]));
    b.sections[2]
        .body
        .push_str("\n\nA new note.[^new]\n\n[^new]: It moves what follows.\n");
    same(&b);
    // A page of its own moved from the end to the middle: as many pages as before, and the
    // pages between the two places the same content one page later.
    let page = "\n\n\\newpage\n\nA page of its own.\n\n\\newpage\n\n";
    let end = b.sections[last].body.len();
    b.sections[last].body.push_str(page);
    b.sections[last].body.push_str("The end.");
    b.sections[5].body.insert_str(0, "\\newpage\n\n");
    let before = same(&b);
    b.sections[last].body.truncate(end);
    b.sections[last].body.push_str("The end.");
    b.sections[4].body.push_str(page);
    let moved = same(&b);
    assert_eq!(before.pages.len(), moved.pages.len());
    let tail = format!("\n\n{}", filler(12));
    // A page's worth of text added: the pages before it show the new page count.
    b.sections[last].body.push_str(&tail);
    let longer = same(&b);
    assert!(longer.pages.len() > moved.pages.len());
    b.sections[1].title.push_str(" (revised)");
    same(&b);
    b.meta.title.push_str(", revised");
    same(&b);
    b.sections.remove(3);
    same(&b);
    b.meta.status = briefdesk::model::Status::Final;
    same(&b);
}

/// The export's layout hands its pages over one at a time, after the head (outline and
/// anchors) and before the end, holding a few sections laid out at once however many the
/// briefing has: memory does not grow with the document.
#[test]
fn a_streamed_layout_hands_over_pages_holding_few_sections() {
    use briefdesk::layout::page::{Page, Pages};
    struct Count {
        begun: Option<usize>,
        pages: usize,
        outline: usize,
    }
    impl briefdesk::layout::PageSink for Count {
        fn begin(&mut self, head: &mut Pages, count: usize) {
            assert_eq!(self.pages, 0, "the head comes first");
            self.begun = Some(count);
            self.outline = head.outline.len();
        }
        fn page(&mut self, page: std::sync::Arc<Page>) {
            assert!(self.begun.is_some());
            assert!(!page.items.is_empty());
            self.pages += 1;
        }
    }
    let mut b = common::sample();
    for i in 0..60 {
        b.sections.push(briefdesk::model::Section {
            id: format!("more-{i}"),
            title: format!("More {i}"),
            body: format!(
                "{}\n\nCited.[^n{i}]\n\n[^n{i}]: A note of section {i}.\n",
                filler(10)
            ),
            ..Default::default()
        });
    }
    let document = compose(&b, &ComposeOptions::default()).document;
    let mut sink = Count {
        begun: None,
        pages: 0,
        outline: 0,
    };
    let streamed = briefdesk::layout::layout_streamed(
        &document,
        &Default::default(),
        &mut Shaper::new(),
        &mut sink,
    );
    let whole = common::laid(&b).pages;
    assert_eq!(sink.begun, Some(whole.pages.len()));
    assert_eq!(sink.pages, whole.pages.len());
    assert_eq!(sink.outline, whole.outline.len());
    assert!(whole.pages.len() > 40, "{} pages", whole.pages.len());
    // At most the sections one page shows (and one whose note runs on), never the lot.
    let per_page = whole
        .pages
        .iter()
        .map(|page| {
            let mut ids: Vec<&str> = page.regions.iter().map(|r| r.section.as_str()).collect();
            ids.dedup();
            ids.len()
        })
        .max()
        .unwrap_or(0);
    assert!(
        streamed.most_held >= 1 && streamed.most_held <= per_page + 1,
        "{} sections held, at most {per_page} on a page",
        streamed.most_held
    );
    assert!(streamed.most_held * 10 < document.sections.len());
}
