//! The table of contents: one linked entry per section with dot leaders, numbered once the
//! body's pages are known.

use std::collections::BTreeMap;

use super::flow;
use super::fonts::{self, Family};
use super::page::{self, Artifact, Item, Pt, Rgb, Role};
use super::paragraph::{self, Align, Shape, Span, Style};
use super::shape::Shaper;
use super::text::{doc_title, line_item, line_item_from, simple_run, single_line};
use crate::doc::Document;

const NUMBER_COLUMN: Pt = Pt(30.0);

/// The table of contents as a flow: a heading and one linked entry per section, with dot
/// leaders; also, for each section, the index of its entry's last line (where the number
/// goes).
pub(super) fn contents(
    shaper: &mut Shaper,
    document: &Document,
    width: Pt,
) -> (flow::Flow, Vec<(String, usize)>) {
    let mut out = flow::Flow::default();
    let mut entries = Vec::new();
    let mut heading = Style::new(Family::Sans, Pt(15.0));
    heading.bold = true;
    let title = single_line(
        shaper,
        "Contents",
        heading,
        width,
        Align::Start,
        Role::Heading(1),
    );
    let mut item = line_item(title, Pt(15.0 * 1.3 + 8.0));
    item.keep_with_next = true;
    item.outline = Some((1, "Contents".into(), None));
    out.nodes.push(page::Node {
        kind: page::Kind::H(1),
        parent: None,
    });
    out.nodes.push(page::Node {
        kind: page::Kind::Toc,
        parent: None,
    });
    flow::stamp(std::slice::from_mut(&mut item), 0);
    out.items.push(item);
    let dot = shaper
        .shape(fonts::select(Family::Serif, false, false), ". ", false)
        .width
        * Pt(10.5);
    for (index, section) in document.sections.iter().enumerate() {
        let mut text = doc_title(section);
        if document.meta.numbered_headings {
            text = format!("{}\u{2003}{text}", index + 1);
        }
        let style = Style::new(Family::Serif, Pt(10.5));
        let spans = vec![Span {
            text,
            style,
            link: Some(page::LinkGoal::Section(section.id.clone())),
            footnote: None,
        }];
        let shape = Shape {
            width: width - NUMBER_COLUMN - Pt(12.0),
            leading: Pt(16.0),
            justify: false,
            hyphenate: false,
            align: Align::Start,
            role: Role::TocEntry,
        };
        let lines = paragraph::break_lines(shaper, &spans, &shape);
        let count = lines.len();
        let entry = u32::try_from(out.nodes.len()).unwrap_or(u32::MAX - 2);
        out.nodes.push(page::Node {
            kind: page::Kind::TocI,
            parent: Some(1),
        });
        for (i, line) in lines.into_iter().enumerate() {
            let line_width = line.width;
            let mut item = line_item_from(line, Pt(16.0));
            item.no_break_before = i > 0;
            if i + 1 == count {
                let mut leader = Style::new(Family::Serif, Pt(10.5));
                leader.color = Rgb::RULE;
                let dots_width = width - NUMBER_COLUMN - line_width - Pt(8.0);
                let n = if dot > Pt::ZERO {
                    (dots_width / dot).floor().max(0.0) as usize
                } else {
                    0
                };
                let (mut run, run_width) = simple_run(
                    shaper,
                    &". ".repeat(n),
                    leader,
                    Role::Artifact(Artifact::Decoration),
                );
                run.x = width - NUMBER_COLUMN - Pt(4.0) - run_width;
                run.y = item.baseline;
                item.draws.push(Item::Text(run));
                if let Some(link) = item.links.first_mut() {
                    link.0.w = width;
                }
                entries.push((section.id.clone(), out.items.len()));
            }
            flow::stamp(std::slice::from_mut(&mut item), entry);
            out.items.push(item);
        }
    }
    (out, entries)
}

/// Writes each entry's page number, right-aligned in the number column.
pub(super) fn number_contents(
    shaper: &mut Shaper,
    toc: &mut flow::Flow,
    entries: &[(String, usize)],
    section_page: &BTreeMap<String, usize>,
    first_body: usize,
    width: Pt,
) {
    let style = Style::new(Family::Serif, Pt(10.5));
    for (id, index) in entries {
        let Some(page) = section_page.get(id) else {
            continue;
        };
        let (mut run, run_width) = simple_run(
            shaper,
            &(first_body + page + 1).to_string(),
            style,
            Role::TocEntry,
        );
        let item = &mut toc.items[*index];
        run.x = width - run_width;
        run.y = item.baseline;
        // The number belongs to the entry its line already shows.
        run.tag = item
            .draws
            .iter()
            .find_map(|d| match d {
                Item::Text(r) if r.tag.is_set() => Some(r.tag),
                _ => None,
            })
            .unwrap_or(page::Tag::NONE);
        item.draws.push(Item::Text(run));
    }
}
