//! Document blocks → a vertical flow of unbreakable items (lines, table rows, rules), with
//! the rules that say where a page may break.

use std::collections::BTreeMap;

mod blocks;
mod figures;
mod inline;
mod lists;
mod paginate;
mod tables;

use super::fonts::Family;
use super::page::{GlyphRun, Item, Kind, LinkGoal, Node, Pt, Rect, Role, Tag};
use super::paragraph::{self, Align, Line, Shape, Span, Style};
use super::shape::Shaper;
use crate::doc::{BlockKind, Document, Inline};

use inline::{plain, plain_text_of};
pub use paginate::{FOOTNOTE_GAP, Slice, paginate};

/// Body text size and leading.
/// The type scale of the body: the full brief's, or the tighter one of the compact variants
/// (memo, handout), which have pages to fit.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scale {
    /// Body text size.
    pub(super) body: Pt,
    /// Distance between body baselines.
    pub(super) leading: Pt,
    /// Space between paragraphs.
    pub(super) gap: Pt,
    /// Headings of levels 1 to 4 and deeper: size and space above.
    pub(super) headings: [(Pt, Pt); 4],
}

impl Scale {
    /// The full brief's scale.
    pub(super) const FULL: Scale = Scale {
        body: Pt(10.5),
        leading: Pt(14.6),
        gap: Pt(6.0),
        headings: [
            (Pt(15.0), Pt(22.0)),
            (Pt(12.5), Pt(14.0)),
            (Pt(11.0), Pt(10.0)),
            (Pt(10.5), Pt(8.0)),
        ],
    };
    /// The compact variants' scale: a half point smaller, closer leading, tighter headings.
    pub(super) const COMPACT: Scale = Scale {
        body: Pt(10.0),
        leading: Pt(13.2),
        gap: Pt(4.5),
        headings: [
            (Pt(12.5), Pt(13.0)),
            (Pt(11.0), Pt(9.0)),
            (Pt(10.5), Pt(7.0)),
            (Pt(10.0), Pt(5.0)),
        ],
    };

    fn of(document: &Document) -> Self {
        if document.meta.compact {
            Self::COMPACT
        } else {
            Self::FULL
        }
    }
}
const LIST_LABEL: Pt = Pt(16.0);
const QUOTE_INDENT: Pt = Pt(14.0);
/// Lists and quotes nested so deep that their text would be narrower than this stop moving
/// right (about half an A4 measure).
const MIN_NESTED_WIDTH: Pt = Pt(240.0);
/// The narrowest a table column is set: padding and about four characters of 9 pt sans, so
/// an A4 page takes fifteen columns.
const MIN_COLUMN: Pt = Pt(30.0);

/// One unbreakable piece of the flow. Drawing is relative to the item's top-left corner.
#[derive(Clone, Debug, Default)]
pub struct FlowItem {
    /// Height of the item itself.
    pub height: Pt,
    /// Space above it, dropped at the top of a page.
    pub space_before: Pt,
    /// A page may not break between this item and the next (headings, first lines).
    pub keep_with_next: bool,
    /// A page may not break between the previous item and this one (widows, orphans).
    pub no_break_before: bool,
    /// This item starts a new page (`\newpage`, the first section after the cover).
    pub break_before: bool,
    /// What to draw.
    pub draws: Vec<Item>,
    /// Link areas.
    pub links: Vec<(Rect, LinkGoal)>,
    /// Footnotes cited here.
    pub footnotes: Vec<u32>,
    /// The section the item belongs to.
    pub section: Option<String>,
    /// A bookmark: level and title, and the section id it anchors.
    pub outline: Option<(u8, String, Option<String>)>,
    /// For a table row: the index of its header row, repeated at the top of a new page.
    pub header: Option<usize>,
    /// Baseline of the first line, for attaching list labels.
    pub baseline: Pt,
}

/// The flow of a document's body, and its footnotes laid out for the foot of the page.
#[derive(Clone, Debug, Default)]
pub struct Flow {
    /// Body items in order.
    pub items: Vec<FlowItem>,
    /// Footnote number → its items.
    pub footnotes: BTreeMap<u32, Vec<FlowItem>>,
    /// The logical structure of what the items show; their tags' nodes index it.
    pub nodes: Vec<Node>,
    /// What setting the section noticed (a table too wide for the page).
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// Several flows seen as one, without copying their items: what pagination and placement
/// read. Table-header references are made absolute.
#[derive(Debug, Default)]
pub struct View<'a> {
    /// Items in order.
    pub items: Vec<&'a FlowItem>,
    /// For each item, the absolute index of the table header it repeats, if any.
    pub headers: Vec<Option<usize>>,
    /// Footnote number → its items.
    pub footnotes: BTreeMap<u32, &'a [FlowItem]>,
    /// Index of the item that must start a fresh page (the first of the body).
    pub fresh_page: Option<usize>,
    /// For each item, the structure group of the flow it came from.
    pub groups: Vec<u32>,
    /// Footnote number → the structure group of the flow it came from.
    pub footnote_groups: BTreeMap<u32, u32>,
    /// For each item, what identifies it across layouts: its flow's cache key and its place
    /// in that flow (none for flows laid out afresh every time).
    pub sources: Vec<Option<(u64, u32)>>,
    /// Footnote number → the cache key of the flow it came from, if it has one.
    pub footnote_sources: BTreeMap<u32, u64>,
}

impl<'a> View<'a> {
    /// Appends a flow whose structure is group `group` of the pages.
    pub fn push(&mut self, flow: &'a Flow, group: u32) {
        self.push_keyed(flow, group, None);
    }

    /// Appends a flow kept between layouts under `key` (equal keys, equal flows).
    pub fn push_keyed(&mut self, flow: &'a Flow, group: u32, key: Option<u64>) {
        let base = self.items.len();
        for (i, item) in flow.items.iter().enumerate() {
            self.items.push(item);
            self.headers.push(item.header.map(|h| h + base));
            self.groups.push(group);
            self.sources
                .push(key.map(|k| (k, u32::try_from(i).unwrap_or(u32::MAX))));
        }
        for (n, items) in &flow.footnotes {
            self.footnotes.insert(*n, items);
            self.footnote_groups.insert(*n, group);
            if let Some(key) = key {
                self.footnote_sources.insert(*n, key);
            }
        }
    }

    fn break_before(&self, i: usize) -> bool {
        self.items[i].break_before || self.fresh_page == Some(i)
    }
}

/// Lays out the body of a document at `width`: every section's flow, one after another.
pub fn body(shaper: &mut Shaper, document: &Document, width: Pt) -> Flow {
    let mut flow = Flow::default();
    let images = super::image::Images::new();
    for index in 0..document.sections.len() {
        append(&mut flow, section(shaper, document, &images, index, width));
    }
    flow
}

/// Appends a section's flow to the body, moving its table-header references along.
pub fn append(body: &mut Flow, section: Flow) {
    let base = body.items.len();
    for mut item in section.items {
        item.header = item.header.map(|h| h + base);
        body.items.push(item);
    }
    body.footnotes.extend(section.footnotes);
}

/// Lays out one section (`document.sections[index]`) on its own, so that an edit re-lays out
/// only the section it touched. Table-header references are relative to the section.
pub fn section(
    shaper: &mut Shaper,
    document: &Document,
    images: &super::image::Images,
    index: usize,
    width: Pt,
) -> Flow {
    let Some(section) = document.sections.get(index) else {
        return Flow::default();
    };
    let mut counters = [0; 6];
    counters[0] = u32::try_from(index).unwrap_or(0);
    let mut ctx = Context {
        shaper,
        document,
        images,
        flow: Flow::default(),
        section: section.id.clone(),
        counters,
        nodes: Vec::new(),
        parent: None,
        last_heading: 1,
        loose: Vec::new(),
        scale: Scale::of(document),
        headings: 0,
    };
    let mut title = Vec::new();
    if let Some(mark) = &section.portion_mark {
        title.push(Inline::Text(format!("{mark} ")));
    }
    title.extend(section.title.iter().cloned());
    let sect = ctx.open(Kind::Sect);
    ctx.parent = Some(sect);
    let heading = ctx.open(Kind::H(1));
    ctx.heading(1, &title, width, Some(section.id.clone()));
    stamp(&mut ctx.flow.items, heading);
    let mut footnotes = Vec::new();
    for block in &section.blocks {
        if let BlockKind::Footnote { number, blocks, .. } = &block.kind {
            footnotes.push((*number, blocks));
        }
    }
    let mut items = Vec::new();
    ctx.blocks(
        &section.blocks,
        Pt::ZERO,
        width,
        Role::Paragraph,
        false,
        &mut items,
    );
    ctx.push_all(items);
    for (number, blocks) in footnotes {
        let note = ctx.open(Kind::Note(number));
        let mut items = ctx.footnote(number, blocks, width);
        stamp(&mut items, note);
        ctx.flow.footnotes.insert(number, items);
    }
    ctx.flow.nodes = std::mem::take(&mut ctx.nodes);
    if let Some(first) = ctx.loose.first() {
        let count = ctx.loose.len();
        let lines = if count == 1 {
            "a line is".to_string()
        } else {
            format!("{count} lines are")
        };
        ctx.flow.diagnostics.push(
            crate::diagnostic::Diagnostic::warning(format!(
                "{lines} set with word spaces wider than {:.2} em because no better line \
                 breaks exist (the first begins \u{201C}{first}\u{2026}\u{201D}); rewording \
                 near the line's end, or a shorter word there, tightens it",
                paragraph::WORD_SPACE_CAP
            ))
            .in_section(ctx.section.clone()),
        );
    }
    ctx.flow
}

/// Gives every text run and picture in `items` that has no node yet the node `node`: the
/// element that owns what a block laid out, once its inner blocks took theirs.
pub fn stamp(items: &mut [FlowItem], node: u32) {
    let tag = Tag { group: 0, node };
    for item in items {
        for draw in &mut item.draws {
            match draw {
                Item::Text(run)
                    if run.tag == Tag::NONE && !matches!(run.role, Role::Artifact(_)) =>
                {
                    run.tag = tag;
                }
                Item::Image { tag: t, .. } if *t == Tag::NONE => *t = tag,
                _ => {}
            }
        }
    }
}

pub(super) struct Context<'a> {
    shaper: &'a mut Shaper,
    document: &'a Document,
    images: &'a super::image::Images,
    flow: Flow,
    section: String,
    /// Heading numbers by level, when headings are numbered.
    counters: [u32; 6],
    /// The structure of the section so far.
    nodes: Vec<Node>,
    /// The node that new nodes go under.
    parent: Option<u32>,
    /// The level of the last heading, so a tagged heading never skips a level.
    last_heading: u8,
    /// The opening words of each justified line set looser than the word-space cap.
    loose: Vec<String>,
    /// The body's type scale.
    scale: Scale,
    /// Headings of the section's own text so far, for their anchors.
    headings: u32,
}

/// The anchor of the `n`th heading (from 1) of a section's own text, in order: what the
/// contents link to.
pub fn heading_anchor(section: &str, n: u32) -> String {
    format!("{section}#{n}")
}

/// The number of a heading ("2.1") when headings are numbered: bumps its level's counter
/// and resets the deeper ones.
pub fn heading_number(counters: &mut [u32; 6], level: u8) -> String {
    let level = usize::from(level.clamp(1, 6));
    counters[level - 1] += 1;
    for deeper in &mut counters[level..] {
        *deeper = 0;
    }
    counters[..level]
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn body_style(scale: &Scale) -> Style {
    Style::new(Family::Serif, scale.body)
}

impl Context<'_> {
    /// Adds a structure node under the current parent.
    fn open(&mut self, kind: Kind) -> u32 {
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX - 2);
        self.nodes.push(Node {
            kind,
            parent: self.parent,
        });
        id
    }

    fn push_all(&mut self, items: Vec<FlowItem>) {
        let base = self.flow.items.len();
        for mut item in items {
            item.header = item.header.map(|h| h + base);
            self.flow.items.push(item);
        }
    }

    fn heading(&mut self, level: u8, content: &[Inline], width: Pt, anchor: Option<String>) {
        let mut items = Vec::new();
        self.heading_items(level, content, Pt::ZERO, width, anchor, &mut items);
        self.push_all(items);
    }

    fn heading_items(
        &mut self,
        level: u8,
        content: &[Inline],
        indent: Pt,
        width: Pt,
        anchor: Option<String>,
        out: &mut Vec<FlowItem>,
    ) {
        let index = usize::from(level.clamp(1, 4)) - 1;
        let (size, space) = self.scale.headings[index];
        let italic = level >= 4;
        let mut style = Style::new(Family::Sans, size);
        style.bold = true;
        style.italic = italic;
        let mut content = content.to_vec();
        if self.document.meta.numbered_headings {
            let number = heading_number(&mut self.counters, level);
            content.insert(0, Inline::Text(format!("{number}\u{2003}")));
        }
        let content = &content[..];
        let spans = self.spans(content, style);
        let shape = Shape {
            width,
            leading: size * 1.3,
            justify: false,
            hyphenate: false,
            align: Align::Start,
            role: Role::Heading(level),
        };
        let lines = paragraph::break_lines(self.shaper, &spans, &shape);
        let title = Inline::plain_text(content).replace('\u{2003}', " ");
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut item = self.line_item(line, indent);
            item.keep_with_next = true;
            if i == 0 {
                item.space_before = space;
                item.outline = Some((level, title.clone(), anchor.clone()));
                if level == 1 {
                    item.space_before = space;
                }
            } else {
                item.no_break_before = true;
            }
            if i + 1 == count {
                item.height += size * 0.35;
            }
            out.push(item);
        }
    }

    fn line_item(&self, line: Line, indent: Pt) -> FlowItem {
        let baseline = line.height * 0.76;
        let mut draws = Vec::with_capacity(line.runs.len());
        for background in line.backgrounds {
            draws.push(shift(background, indent, baseline));
        }
        if line.changed {
            // The change bar: in the margin left of the text block, whatever the indent.
            draws.push(Item::Line {
                from: (Pt(-9.0), Pt::ZERO),
                to: (Pt(-9.0), line.height),
                width: Pt(1.2),
                color: crate::layout::page::Rgb::TEXT,
            });
        }
        for mut run in line.runs {
            run.x += indent;
            run.y += baseline;
            draws.push(Item::Text(run));
        }
        for decoration in line.decorations {
            draws.push(shift(decoration, indent, baseline));
        }
        let links = line
            .links
            .into_iter()
            .map(|(r, goal)| {
                (
                    Rect {
                        x: r.x + indent,
                        y: r.y + baseline,
                        ..r
                    },
                    goal,
                )
            })
            .collect();
        FlowItem {
            height: line.height,
            draws,
            links,
            footnotes: line.footnotes,
            section: Some(self.section.clone()),
            baseline,
            ..FlowItem::default()
        }
    }

    /// A justified paragraph's lines, noting any set looser than the word-space cap.
    fn justified_lines(&mut self, spans: &[Span], shape: &Shape) -> Vec<Line> {
        let lines = paragraph::break_lines(self.shaper, spans, shape);
        for line in lines.iter().filter(|l| l.emergency) {
            let text: String = line.runs.iter().map(|r| r.text() + " ").collect();
            let words: Vec<&str> = text.split_whitespace().take(6).collect();
            self.loose.push(words.join(" "));
        }
        lines
    }

    /// Paragraph lines as items, with orphan and widow control: the first two and the last
    /// two lines stay together.
    fn paragraph_items(
        &mut self,
        spans: &[Span],
        shape: &Shape,
        indent: Pt,
        space_before: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        let lines = self.justified_lines(spans, shape);
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut item = self.line_item(line, indent);
            if i == 0 {
                item.space_before = space_before;
            }
            item.no_break_before = i == 1 || (i > 0 && i + 1 == count);
            out.push(item);
        }
    }
}

/// An item moved by (dx, dy).
pub fn shift(item: Item, dx: Pt, dy: Pt) -> Item {
    match item {
        Item::Text(run) => Item::Text(GlyphRun {
            x: run.x + dx,
            y: run.y + dy,
            ..run
        }),
        Item::Fill { rect, color, role } => Item::Fill {
            rect: rect.moved(dx, dy),
            color,
            role,
        },
        Item::Image {
            rect,
            picture,
            alt,
            tag,
        } => Item::Image {
            rect: rect.moved(dx, dy),
            picture,
            alt,
            tag,
        },
        Item::Shape { rings, color, role } => Item::Shape {
            rings: rings
                .into_iter()
                .map(|ring| ring.into_iter().map(|(x, y)| (x + dx, y + dy)).collect())
                .collect(),
            color,
            role,
        },
        Item::Line {
            from,
            to,
            width,
            color,
        } => Item::Line {
            from: (from.0 + dx, from.1 + dy),
            to: (to.0 + dx, to.1 + dy),
            width,
            color,
        },
    }
}
