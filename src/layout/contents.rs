//! The table of contents: one linked entry per section and per heading to the document's
//! depth, numbered once the body's pages are known, with dot leaders up to the numbers.

use std::collections::BTreeMap;

use super::flow;
use super::fonts::{self, Family};
use super::page::{self, Artifact, Item, Pt, Rgb, Role};
use super::paragraph::{self, Align, Shape, Span, Style};
use super::shape::Shaper;
use super::text::{doc_title, line_item, line_item_from, simple_run, single_line};
use crate::doc::{BlockKind, Document, Inline};

const NUMBER_COLUMN: Pt = Pt(30.0);
/// How far each deeper level of entries is set in.
const LEVEL_INDENT: Pt = Pt(16.0);

/// Where an entry's number goes: its anchor, the item of its last line, where that line's
/// text ends, and its style.
pub(super) struct Entry {
    anchor: String,
    item: usize,
    end: Pt,
    style: Style,
}

/// The table of contents as a flow: a heading and one linked entry per section and, to the
/// document's depth, per heading of the section's text; also where each entry's number goes.
pub(super) fn contents(
    shaper: &mut Shaper,
    document: &Document,
    width: Pt,
) -> (flow::Flow, Vec<Entry>) {
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
    for (index, section) in document.sections.iter().enumerate() {
        let mut counters = [0; 6];
        counters[0] = u32::try_from(index).unwrap_or(0);
        let mut text = doc_title(section);
        if document.meta.numbered_headings {
            text = format!("{}\u{2003}{text}", flow::heading_number(&mut counters, 1));
        }
        add_entry(
            shaper,
            &mut out,
            &mut entries,
            1,
            text,
            section.id.clone(),
            width,
        );
        // The section's own headings, in the order the body sets and anchors them.
        let mut n = 0;
        for block in &section.blocks {
            let BlockKind::Heading { level, content } = &block.kind else {
                continue;
            };
            n += 1;
            let number = document
                .meta
                .numbered_headings
                .then(|| flow::heading_number(&mut counters, *level));
            if *level > document.meta.contents_depth {
                continue;
            }
            let mut text = Inline::plain_text(content);
            if let Some(number) = number {
                text = format!("{number}\u{2003}{text}");
            }
            let anchor = flow::heading_anchor(&section.id, n);
            add_entry(shaper, &mut out, &mut entries, *level, text, anchor, width);
        }
    }
    (out, entries)
}

/// One entry of the contents at heading `level`, linked to `anchor`; notes where its last
/// line ends, for the leader and the number.
fn add_entry(
    shaper: &mut Shaper,
    out: &mut flow::Flow,
    entries: &mut Vec<Entry>,
    level: u8,
    text: String,
    anchor: String,
    width: Pt,
) {
    let indent = LEVEL_INDENT * f32::from(level.saturating_sub(1));
    let style = entry_style(level);
    let leading = if level == 1 { Pt(16.0) } else { Pt(14.0) };
    let spans = vec![Span {
        text,
        style,
        link: Some(page::LinkGoal::Section(anchor.clone())),
        footnote: None,
    }];
    let shape = Shape {
        width: width - indent - NUMBER_COLUMN - Pt(12.0),
        leading,
        justify: false,
        hyphenate: false,
        align: Align::Start,
        role: Role::TocEntry,
    };
    let lines = paragraph::break_lines(shaper, &spans, &shape);
    let count = lines.len();
    // The entry: its text in a P, and (once known) its page number in a Span beside it.
    let entry = u32::try_from(out.nodes.len()).unwrap_or(u32::MAX - 2);
    out.nodes.push(page::Node {
        kind: page::Kind::TocI,
        parent: Some(1),
    });
    let node = entry.saturating_add(1);
    out.nodes.push(page::Node {
        kind: page::Kind::P,
        parent: Some(entry),
    });
    for (i, line) in lines.into_iter().enumerate() {
        let end = indent + line.width;
        let mut item = line_item_from(line, leading);
        for draw in &mut item.draws {
            *draw = flow::shift(draw.clone(), indent, Pt::ZERO);
        }
        for link in &mut item.links {
            link.0.x += indent;
        }
        item.no_break_before = i > 0;
        // A section's entry stays on the page with its first heading's entry.
        item.keep_with_next = level == 1;
        if i + 1 == count {
            if let Some(link) = item.links.first_mut() {
                link.0.w = width - link.0.x;
            }
            entries.push(Entry {
                anchor: anchor.clone(),
                item: out.items.len(),
                end,
                style,
            });
        }
        flow::stamp(std::slice::from_mut(&mut item), node);
        out.items.push(item);
    }
}

fn entry_style(level: u8) -> Style {
    Style::new(Family::Serif, if level == 1 { Pt(10.5) } else { Pt(10.0) })
}

/// The body page of each entry's anchor (`u64::MAX` for none): what the numbers set by
/// [`number_contents`] show.
pub(super) fn entry_pages(entries: &[Entry], anchor_page: &BTreeMap<String, usize>) -> Vec<u64> {
    entries
        .iter()
        .map(|entry| {
            anchor_page
                .get(&entry.anchor)
                .map_or(u64::MAX, |&p| p as u64)
        })
        .collect()
}

/// Writes each entry's page number, right-aligned in the number column, with a dot leader
/// that runs from the entry's text up to the number.
pub(super) fn number_contents(
    shaper: &mut Shaper,
    toc: &mut flow::Flow,
    entries: &[Entry],
    anchor_page: &BTreeMap<String, usize>,
    first_body: usize,
    width: Pt,
) {
    let dot = shaper
        .shape(fonts::select(Family::Serif, false, false), ". ", false)
        .width;
    for entry in entries {
        let Some(page) = anchor_page.get(&entry.anchor) else {
            continue;
        };
        let (mut run, run_width) = simple_run(
            shaper,
            &(first_body + page + 1).to_string(),
            entry.style,
            Role::TocEntry,
        );
        let item = &mut toc.items[entry.item];
        run.x = width - run_width;
        run.y = item.baseline;
        // The number is a Span of its own in the entry its line shows, read after the entry's
        // text (a P, which holds the link), whatever phrases that text has.
        let entry_tag = item.draws.iter().find_map(|d| match d {
            Item::Text(r) if r.tag.is_set() => Some(r.tag),
            _ => None,
        });
        let entry_node = entry_tag.and_then(|tag| toc.nodes.get(tag.node as usize)?.parent);
        run.tag = match (entry_tag, entry_node) {
            (Some(tag), Some(entry)) => {
                let node = u32::try_from(toc.nodes.len()).unwrap_or(u32::MAX - 2);
                toc.nodes.push(page::Node {
                    kind: page::Kind::Span,
                    parent: Some(entry),
                });
                page::Tag { node, ..tag }
            }
            _ => page::Tag::NONE,
        };
        let number_x = run.x;
        // The entry's words and its number stay apart in the text layer.
        if let Some(Item::Text(last)) = item
            .draws
            .iter_mut()
            .rev()
            .find(|d| matches!(d, Item::Text(r) if r.role == Role::TocEntry))
        {
            last.space_after = true;
        }
        // Whole dots from a little after the text to a little before the number.
        let mut leader = entry.style;
        leader.color = Rgb::RULE;
        let step = dot * leader.size;
        let room = number_x - Pt(4.0) - (entry.end + Pt(6.0));
        let n = if step > Pt::ZERO {
            (room / step).floor().max(0.0) as usize
        } else {
            0
        };
        if n > 0 {
            let (mut dots, dots_width) = simple_run(
                shaper,
                &". ".repeat(n),
                leader,
                Role::Artifact(Artifact::Decoration),
            );
            dots.x = number_x - Pt(4.0) - dots_width;
            dots.y = item.baseline;
            item.draws.push(Item::Text(dots));
        }
        item.draws.push(Item::Text(run));
    }
}
