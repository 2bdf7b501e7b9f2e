//! Document blocks → a vertical flow of unbreakable items (lines, table rows, rules), with
//! the rules that say where a page may break.

use std::collections::BTreeMap;

use super::fonts::Family;
use super::page::{Artifact, GlyphRun, Item, Kind, LinkGoal, Node, Rect, Rgb, Role, Tag};
use super::paragraph::{self, Align, Line, Shape, Span, Style};
use super::shape::Shaper;
use crate::doc::{self, Block, BlockKind, Document, Inline, LinkTarget};

/// Body text size and leading.
pub const BODY_SIZE: f32 = 10.5;
const BODY_LEADING: f32 = 14.6;
const PARAGRAPH_GAP: f32 = 6.0;
const LIST_LABEL: f32 = 16.0;
const QUOTE_INDENT: f32 = 14.0;
/// Lists and quotes nested so deep that their text would be narrower than this stop moving
/// right (about half an A4 measure).
const MIN_NESTED_WIDTH: f32 = 240.0;
/// The narrowest a table column is set: padding and about four characters of 9 pt sans, so
/// an A4 page takes fifteen columns.
const MIN_COLUMN: f32 = 30.0;

/// One unbreakable piece of the flow. Drawing is relative to the item's top-left corner.
#[derive(Clone, Debug, Default)]
pub struct FlowItem {
    /// Height of the item itself.
    pub height: f32,
    /// Space above it, dropped at the top of a page.
    pub space_before: f32,
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
    pub baseline: f32,
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
}

impl<'a> View<'a> {
    /// Appends a flow whose structure is group `group` of the pages.
    pub fn push(&mut self, flow: &'a Flow, group: u32) {
        let base = self.items.len();
        for item in &flow.items {
            self.items.push(item);
            self.headers.push(item.header.map(|h| h + base));
            self.groups.push(group);
        }
        for (n, items) in &flow.footnotes {
            self.footnotes.insert(*n, items);
            self.footnote_groups.insert(*n, group);
        }
    }

    fn break_before(&self, i: usize) -> bool {
        self.items[i].break_before || self.fresh_page == Some(i)
    }
}

/// Lays out the body of a document at `width`: every section's flow, one after another.
pub fn body(shaper: &mut Shaper, document: &Document, width: f32) -> Flow {
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
    width: f32,
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
        0.0,
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

struct Context<'a> {
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

fn body_style() -> Style {
    Style::new(Family::Serif, BODY_SIZE)
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

    fn heading(&mut self, level: u8, content: &[Inline], width: f32, anchor: Option<String>) {
        let mut items = Vec::new();
        self.heading_items(level, content, 0.0, width, anchor, &mut items);
        self.push_all(items);
    }

    fn heading_items(
        &mut self,
        level: u8,
        content: &[Inline],
        indent: f32,
        width: f32,
        anchor: Option<String>,
        out: &mut Vec<FlowItem>,
    ) {
        let (size, space, italic) = match level {
            1 => (15.0, 22.0, false),
            2 => (12.5, 14.0, false),
            3 => (11.0, 10.0, false),
            _ => (10.5, 8.0, true),
        };
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
        let lines = paragraph::layout(self.shaper, &spans, &shape);
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

    fn line_item(&self, line: Line, indent: f32) -> FlowItem {
        let baseline = line.height * 0.76;
        let mut draws = Vec::with_capacity(line.runs.len());
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

    /// Paragraph lines as items, with orphan and widow control: the first two and the last
    /// two lines stay together.
    fn paragraph_items(
        &mut self,
        spans: &[Span],
        shape: &Shape,
        indent: f32,
        space_before: f32,
        out: &mut Vec<FlowItem>,
    ) {
        let lines = paragraph::layout(self.shaper, spans, shape);
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

    fn blocks(
        &mut self,
        blocks: &[Block],
        indent: f32,
        width: f32,
        role: Role,
        tight: bool,
        out: &mut Vec<FlowItem>,
    ) {
        for (index, block) in blocks.iter().enumerate() {
            if let Some(parts) = self.split_wide_table(block, width) {
                self.blocks(&parts, indent, width, role, tight && index == 0, out);
                continue;
            }
            let gap = if tight && index == 0 {
                0.0
            } else if tight {
                2.0
            } else {
                PARAGRAPH_GAP
            };
            let first_item = out.len();
            let kind = match &block.kind {
                BlockKind::Paragraph(_) => Some(Kind::P),
                BlockKind::Heading { level, .. } => {
                    // Tagged without a skip even where the author skipped a level.
                    let level = (*level).min(self.last_heading + 1);
                    self.last_heading = level;
                    Some(Kind::H(level))
                }
                BlockKind::List { .. } | BlockKind::SourceList => Some(Kind::L),
                BlockKind::Quote(_) => Some(Kind::BlockQuote),
                BlockKind::Code { .. } => Some(Kind::Code),
                BlockKind::Table { .. } => Some(Kind::Table),
                BlockKind::Figure { .. }
                | BlockKind::Footnote { .. }
                | BlockKind::Rule
                | BlockKind::PageBreak => None,
            };
            let node = kind.map(|k| self.open(k));
            let outer = self.parent;
            if node.is_some() {
                self.parent = node;
            }
            self.block(block, indent, width, role, gap, out);
            self.parent = outer;
            if let Some(node) = node {
                stamp(&mut out[first_item..], node);
            }
        }
    }

    /// A table with more columns than the measure holds at [`MIN_COLUMN`] each, cut into
    /// tables of the columns that fit, each after the first repeating the first column (the
    /// rows' labels); `None` for a block that fits. A 1 000-column table would otherwise be
    /// set as overprinted slivers.
    fn split_wide_table(&mut self, block: &Block, width: f32) -> Option<Vec<Block>> {
        let BlockKind::Table {
            align,
            header,
            rows,
        } = &block.kind
        else {
            return None;
        };
        let columns = align.len().max(header.len());
        let fit = ((width / MIN_COLUMN) as usize).max(2);
        if columns <= fit {
            return None;
        }
        let column = |row: &[Vec<Inline>], c: usize| row.get(c).cloned().unwrap_or_default();
        let mut parts = Vec::new();
        let mut start = 1;
        while start < columns {
            let end = (start + fit - 1).min(columns);
            let picked: Vec<usize> = std::iter::once(0).chain(start..end).collect();
            parts.push(Block {
                line: block.line,
                kind: BlockKind::Table {
                    align: picked
                        .iter()
                        .map(|&c| align.get(c).copied().unwrap_or(doc::Align::None))
                        .collect(),
                    header: picked.iter().map(|&c| column(header, c)).collect(),
                    rows: rows
                        .iter()
                        .map(|row| picked.iter().map(|&c| column(row, c)).collect())
                        .collect(),
                },
            });
            start = end;
        }
        let diagnostic = crate::diagnostic::Diagnostic::warning(format!(
            "this table has {columns} columns and at most {fit} fit across the page; it is \
             set as {} tables, each repeating the first column",
            parts.len()
        ))
        .in_section(self.section.clone());
        self.flow.diagnostics.push(if block.line > 0 {
            diagnostic.at_line(block.line)
        } else {
            diagnostic
        });
        Some(parts)
    }

    /// One block, its structure node already open.
    fn block(
        &mut self,
        block: &Block,
        indent: f32,
        width: f32,
        role: Role,
        gap: f32,
        out: &mut Vec<FlowItem>,
    ) {
        match &block.kind {
            BlockKind::Paragraph(content) => {
                let spans = self.spans(content, body_style());
                let shape = Shape {
                    width,
                    leading: BODY_LEADING,
                    justify: true,
                    hyphenate: true,
                    align: Align::Start,
                    role,
                };
                self.paragraph_items(&spans, &shape, indent, gap, out);
            }
            BlockKind::Heading { level, content } => {
                self.heading_items(*level, content, indent, width, None, out);
            }
            BlockKind::List {
                start,
                tight: list_tight,
                items,
            } => {
                let list = self.parent;
                // Past the deepest indent that leaves a readable measure, a nested list's
                // labels hang in its parent's margin and its text keeps the parent's measure.
                let (label_at, indent, width) = if width - LIST_LABEL < MIN_NESTED_WIDTH {
                    (indent - LIST_LABEL, indent - LIST_LABEL, width + LIST_LABEL)
                } else {
                    (indent, indent, width)
                };
                for (i, item) in items.iter().enumerate() {
                    let label = match start {
                        Some(first) => format!("{}.", first + i as u32),
                        None => if indent > 0.0 { "–" } else { "•" }.to_owned(),
                    };
                    let first = out.len();
                    let li = self.open(Kind::LI);
                    self.parent = Some(li);
                    let lbl = item.task.is_none().then(|| self.open(Kind::Lbl));
                    let body = self.open(Kind::LBody);
                    self.parent = Some(body);
                    self.blocks(
                        &item.blocks,
                        indent + LIST_LABEL,
                        width - LIST_LABEL,
                        Role::ListBody,
                        *list_tight,
                        out,
                    );
                    self.parent = list;
                    stamp(&mut out[first..], body);
                    if let Some(head) = out.get_mut(first) {
                        head.space_before = if i == 0 {
                            gap
                        } else if *list_tight {
                            2.0
                        } else {
                            PARAGRAPH_GAP
                        };
                    }
                    match item.task {
                        Some(done) => {
                            attach_checkbox(done, label_at + LIST_LABEL - 11.0, first, out);
                        }
                        None => self.attach_label(&label, label_at, first, out),
                    }
                    if let Some(lbl) = lbl {
                        stamp(&mut out[first..], lbl);
                    }
                }
            }
            BlockKind::Quote(inner) => {
                let first = out.len();
                // Past the deepest indent that leaves a readable measure, no further inset.
                let inset = if width - QUOTE_INDENT < MIN_NESTED_WIDTH {
                    0.0
                } else {
                    QUOTE_INDENT
                };
                self.blocks(
                    inner,
                    indent + inset,
                    width - inset,
                    Role::Quote,
                    false,
                    out,
                );
                if let Some(head) = out.get_mut(first) {
                    head.space_before = gap;
                }
                // A quote set without inset has no bar of its own: it would cross the text.
                let bars = if inset > 0.0 {
                    &mut out[first..]
                } else {
                    &mut []
                };
                for (i, item) in bars.iter_mut().enumerate() {
                    // The bar bridges the gaps between the quote's own paragraphs.
                    let top = if i == 0 { 0.0 } else { -item.space_before };
                    item.draws.insert(
                        0,
                        Item::Fill {
                            rect: Rect {
                                x: indent + 2.0,
                                y: top,
                                w: 2.0,
                                h: item.height - top,
                            },
                            color: Rgb::RULE,
                            role: Role::Artifact(Artifact::Decoration),
                        },
                    );
                }
            }
            BlockKind::Code { text, .. } => self.code(text, indent, width, gap, out),
            BlockKind::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows, indent, width, gap, out),
            BlockKind::Figure { src, alt, title } => {
                self.figure(src, alt, title, indent, width, gap, out);
            }
            BlockKind::Footnote { .. } => {}
            BlockKind::Rule => {
                let mut item = FlowItem {
                    height: 10.0,
                    space_before: gap,
                    section: Some(self.section.clone()),
                    ..FlowItem::default()
                };
                item.draws.push(Item::Line {
                    from: (indent + width * 0.3, 5.0),
                    to: (indent + width * 0.7, 5.0),
                    width: 0.6,
                    color: Rgb::RULE,
                });
                out.push(item);
            }
            BlockKind::PageBreak => {
                if let Some(last) = out.last_mut() {
                    last.keep_with_next = false;
                }
                out.push(FlowItem {
                    break_before: true,
                    section: Some(self.section.clone()),
                    ..FlowItem::default()
                });
            }
            BlockKind::SourceList => {
                let sources = self.document.sources.clone();
                // In order of first citation, unnumbered: the footnotes carry the
                // references, so numbers here would only compete with theirs.
                let list = self.parent;
                for (i, source) in sources.iter().enumerate() {
                    let first = out.len();
                    let li = self.open(Kind::LI);
                    self.parent = Some(li);
                    let body = self.open(Kind::LBody);
                    self.parent = list;
                    let mut style = body_style();
                    style.size = 9.5;
                    let spans = self.spans(&doc::source_entry(source, false), style);
                    let shape = Shape {
                        width,
                        leading: 13.0,
                        justify: false,
                        hyphenate: false,
                        align: Align::Start,
                        role: Role::SourceEntry,
                    };
                    self.paragraph_items(
                        &spans,
                        &shape,
                        indent,
                        if i == 0 { gap } else { 4.0 },
                        out,
                    );
                    stamp(&mut out[first..], body);
                }
            }
        }
    }

    /// A picture at its natural size (96 pixels to the inch), never wider than the measure nor
    /// taller than half a page, with its title as a caption. A picture that could not be
    /// read leaves a framed box with its alt text, so the page shows where it belongs.
    #[allow(clippy::too_many_arguments)] // one figure: its parts and where it goes
    fn figure(
        &mut self,
        src: &str,
        alt: &str,
        title: &str,
        indent: f32,
        width: f32,
        gap: f32,
        out: &mut Vec<FlowItem>,
    ) {
        let mut item = FlowItem {
            space_before: gap + 4.0,
            section: Some(self.section.clone()),
            ..FlowItem::default()
        };
        // A picture titled "decorative" is an artifact: no node, no caption.
        let decorative = title.trim().eq_ignore_ascii_case("decorative");
        let figure = (!decorative).then(|| self.open(Kind::Figure(alt.to_owned())));
        let caption = (!decorative && !title.trim().is_empty()).then(|| {
            let outer = self.parent;
            self.parent = figure;
            let caption = self.open(Kind::Caption);
            self.parent = outer;
            caption
        });
        let mut caption_style = Style::new(Family::Sans, 8.5);
        caption_style.color = Rgb::MUTED;
        match self.images.get(src) {
            Some(picture) => {
                let natural_w = picture.width as f32 * 0.75;
                let natural_h = picture.height as f32 * 0.75;
                let scale = (width / natural_w).min(360.0 / natural_h).min(1.0);
                let (w, h) = (natural_w * scale, natural_h * scale);
                item.draws.push(Item::Image {
                    rect: Rect {
                        x: indent + (width - w) / 2.0,
                        y: 0.0,
                        w,
                        h,
                    },
                    picture: picture.clone(),
                    alt: alt.to_owned(),
                    tag: figure.map_or(Tag::DECORATIVE, |node| Tag { group: 0, node }),
                });
                item.height = h;
            }
            None => {
                // The reader of the picture (app or command line) said why it is missing.
                let spans = vec![plain(&format!("Image: {alt}"), caption_style)];
                let shape = Shape {
                    width: width - 16.0,
                    leading: 12.0,
                    justify: false,
                    hyphenate: false,
                    align: Align::Center,
                    role: Role::Figure,
                };
                let lines = paragraph::layout(self.shaper, &spans, &shape);
                item.height = 16.0 + 12.0 * lines.len() as f32;
                item.draws.push(Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: 0.0,
                        w: width,
                        h: item.height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                });
                for (i, line) in lines.into_iter().enumerate() {
                    for mut run in line.runs {
                        run.x += indent + 8.0;
                        run.y += 8.0 + 12.0 * i as f32 + 9.0;
                        item.draws.push(Item::Text(run));
                    }
                }
            }
        }
        if let Some(caption) = caption {
            let spans = vec![plain(title, caption_style)];
            let shape = Shape {
                width,
                leading: 11.0,
                justify: false,
                hyphenate: false,
                align: Align::Center,
                role: Role::Figure,
            };
            let top = item.height + 4.0;
            let lines = paragraph::layout(self.shaper, &spans, &shape);
            for (i, line) in lines.iter().enumerate() {
                for run in &line.runs {
                    let mut run = run.clone();
                    run.x += indent;
                    run.y += top + 11.0 * i as f32 + 8.5;
                    run.tag = Tag {
                        group: 0,
                        node: caption,
                    };
                    item.draws.push(Item::Text(run));
                }
            }
            item.height = top + 11.0 * lines.len() as f32 + 2.0;
        }
        let mut items = [item];
        match figure {
            Some(node) => stamp(&mut items, node),
            // A decorative picture's placeholder text is decoration too.
            None => {
                for draw in &mut items[0].draws {
                    if let Item::Text(run) = draw {
                        run.role = Role::Artifact(Artifact::Decoration);
                    }
                }
            }
        }
        let [item] = items;
        out.push(item);
    }

    fn attach_label(&mut self, label: &str, indent: f32, first: usize, out: &mut [FlowItem]) {
        self.attach_label_width(label, indent, LIST_LABEL - 4.0, first, out);
    }

    /// Sets a list label right-aligned in a column of `width` left of the item's first line.
    fn attach_label_width(
        &mut self,
        label: &str,
        indent: f32,
        width: f32,
        first: usize,
        out: &mut [FlowItem],
    ) {
        let Some(head) = out.get_mut(first) else {
            return;
        };
        let style = body_style();
        let spans = vec![plain(label, style)];
        let shape = Shape {
            width,
            leading: BODY_LEADING,
            justify: false,
            hyphenate: false,
            align: Align::End,
            role: Role::ListLabel,
        };
        let lines = paragraph::layout(self.shaper, &spans, &shape);
        if let Some(line) = lines.into_iter().next() {
            for mut run in line.runs {
                run.x += indent;
                run.y += head.baseline;
                head.draws.insert(0, Item::Text(run));
            }
        }
    }

    fn code(&mut self, text: &str, indent: f32, width: f32, gap: f32, out: &mut Vec<FlowItem>) {
        let style = Style::new(Family::Mono, 8.6);
        let pad = 6.0;
        let first = out.len();
        let source = text.strip_suffix('\n').unwrap_or(text);
        for line_text in source.split('\n') {
            // Indentation is part of the code: non-breaking spaces keep it at line starts.
            let expanded = line_text.replace('\t', "    ");
            let body = expanded.trim_start_matches(' ');
            let indent_spaces = "\u{a0}".repeat(expanded.len() - body.len());
            let spans = vec![plain(&format!("{indent_spaces}{body}"), style)];
            let shape = Shape {
                width: width - 2.0 * pad,
                leading: 11.4,
                justify: false,
                hyphenate: false,
                align: Align::Start,
                role: Role::Code,
            };
            let lines = paragraph::layout(self.shaper, &spans, &shape);
            if lines.is_empty() {
                out.push(FlowItem {
                    height: 11.4,
                    section: Some(self.section.clone()),
                    ..FlowItem::default()
                });
            }
            for line in lines {
                out.push(self.line_item(line, indent + pad));
            }
        }
        let last = out.len();
        for (i, item) in out[first..last].iter_mut().enumerate() {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if first + i + 1 == last { pad } else { 0.0 };
            for draw in &mut item.draws {
                *draw = shift(draw.clone(), 0.0, top);
            }
            item.height += top + bottom;
            item.baseline += top;
            item.draws.insert(
                0,
                Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: 0.0,
                        w: width,
                        h: item.height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                },
            );
            item.no_break_before = i == 1 || (i > 0 && first + i + 1 == last);
        }
        if let Some(head) = out.get_mut(first) {
            head.space_before = gap;
        }
    }

    #[allow(clippy::too_many_arguments)] // one table: its parts and where it goes
    fn table(
        &mut self,
        align: &[doc::Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        indent: f32,
        width: f32,
        gap: f32,
        out: &mut Vec<FlowItem>,
    ) {
        const PAD: f32 = 4.0;
        const SIZE: f32 = 9.0;
        const LEADING: f32 = 11.8;
        let columns = align.len().max(header.len()).max(1);
        let cell_style = |bold: bool| {
            let mut s = Style::new(Family::Sans, SIZE);
            s.bold = bold;
            s
        };
        // Natural (one line) and minimum (longest word) width of every column.
        let mut natural = vec![0.0f32; columns];
        let mut minimum = vec![0.0f32; columns];
        for (r, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let spans = self.spans(cell, cell_style(r == 0));
                let one_line = Shape {
                    width: f32::MAX / 4.0,
                    leading: LEADING,
                    justify: false,
                    hyphenate: false,
                    align: Align::Start,
                    role: Role::TableCell,
                };
                let w = paragraph::layout(self.shaper, &spans, &one_line)
                    .iter()
                    .map(|l| l.width)
                    .fold(0.0, f32::max);
                natural[c] = natural[c].max(w + 2.0 * PAD);
                let text = Inline::plain_text(cell);
                for word in text.split_whitespace() {
                    let face = cell_style(r == 0);
                    let ww = self
                        .shaper
                        .shape(
                            super::fonts::select(face.family, face.bold, false),
                            word,
                            false,
                        )
                        .width
                        * SIZE;
                    minimum[c] = minimum[c].max((ww + 2.0 * PAD).min(width / columns as f32));
                }
            }
        }
        let sum_natural: f32 = natural.iter().sum();
        let sum_minimum: f32 = minimum.iter().sum();
        let widths: Vec<f32> = if sum_natural <= width {
            natural
                .iter()
                .map(|n| n + (width - sum_natural) * n / sum_natural.max(1.0))
                .collect()
        } else if sum_minimum <= width {
            let spare = (width - sum_minimum) / (sum_natural - sum_minimum).max(1.0);
            minimum
                .iter()
                .zip(&natural)
                .map(|(m, n)| m + (n - m) * spare)
                .collect()
        } else {
            minimum
                .iter()
                .map(|m| width * m / sum_minimum.max(1.0))
                .collect()
        };
        let header_index = out.len();
        let table = self.parent;
        for (r, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            let is_header = r == 0;
            self.parent = table;
            let tr = self.open(Kind::TR);
            self.parent = Some(tr);
            let mut item = FlowItem {
                section: Some(self.section.clone()),
                ..FlowItem::default()
            };
            let mut x = indent;
            let mut height: f32 = 0.0;
            let mut cells = Vec::new();
            for (c, w) in widths.iter().enumerate() {
                let empty = Vec::new();
                let cell = row.get(c).unwrap_or(&empty);
                let spans = self.spans(cell, cell_style(is_header));
                let shape = Shape {
                    width: (w - 2.0 * PAD).max(1.0),
                    leading: LEADING,
                    justify: false,
                    hyphenate: false,
                    align: match align.get(c) {
                        Some(doc::Align::Center) => Align::Center,
                        Some(doc::Align::Right) => Align::End,
                        _ => Align::Start,
                    },
                    role: if is_header {
                        Role::TableHeader
                    } else {
                        Role::TableCell
                    },
                };
                let lines = paragraph::layout(self.shaper, &spans, &shape);
                height = height.max(lines.len() as f32 * LEADING);
                let cell = self.open(if is_header { Kind::TH } else { Kind::TD });
                cells.push((x, lines, cell));
                x += w;
            }
            let height = height.max(LEADING) + 2.0 * PAD;
            if is_header {
                item.draws.push(Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: 0.0,
                        w: width,
                        h: height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                });
            }
            for (x, lines, cell) in cells {
                for (i, line) in lines.into_iter().enumerate() {
                    let baseline = PAD + i as f32 * LEADING + LEADING * 0.76;
                    for mut run in line.runs {
                        run.x += x + PAD;
                        run.y += baseline;
                        run.tag = Tag {
                            group: 0,
                            node: cell,
                        };
                        item.draws.push(Item::Text(run));
                    }
                    for (rect, goal) in line.links {
                        item.links.push((
                            Rect {
                                x: rect.x + x + PAD,
                                y: rect.y + baseline,
                                ..rect
                            },
                            goal,
                        ));
                    }
                    item.footnotes.extend(line.footnotes);
                }
            }
            item.draws.push(Item::Line {
                from: (indent, height),
                to: (indent + width, height),
                width: if is_header { 0.9 } else { 0.4 },
                color: if is_header { Rgb::MUTED } else { Rgb::RULE },
            });
            item.height = height;
            if is_header {
                item.space_before = gap + 2.0;
                item.keep_with_next = true;
                item.draws.push(Item::Line {
                    from: (indent, 0.0),
                    to: (indent + width, 0.0),
                    width: 0.9,
                    color: Rgb::MUTED,
                });
            } else {
                item.header = Some(header_index);
            }
            out.push(item);
        }
        self.parent = table;
    }

    fn footnote(&mut self, number: u32, blocks: &[Block], width: f32) -> Vec<FlowItem> {
        let mut out = Vec::new();
        let mut style = Style::new(Family::Serif, 8.2);
        style.color = Rgb::TEXT;
        for (i, block) in blocks.iter().enumerate() {
            let content = match &block.kind {
                BlockKind::Paragraph(c) => c.clone(),
                other => vec![Inline::Text(plain_text_of(other))],
            };
            let mut spans = Vec::new();
            if i == 0 {
                let mut label = style;
                label.bold = true;
                spans.push(plain(&format!("{number}\u{2002}"), label));
            }
            spans.extend(self.spans(&content, style));
            let shape = Shape {
                width,
                leading: 10.4,
                justify: true,
                hyphenate: true,
                align: Align::Start,
                role: Role::Footnote,
            };
            let lines = paragraph::layout(self.shaper, &spans, &shape);
            for line in lines {
                let mut item = self.line_item(line, 0.0);
                item.no_break_before = true;
                out.push(item);
            }
        }
        out
    }

    fn spans(&self, inlines: &[Inline], style: Style) -> Vec<Span> {
        let mut out = Vec::new();
        self.push_spans(inlines, style, None, &mut out);
        out
    }

    fn push_spans(
        &self,
        inlines: &[Inline],
        style: Style,
        link: Option<&LinkGoal>,
        out: &mut Vec<Span>,
    ) {
        let text = |t: String, s: Style, out: &mut Vec<Span>| {
            out.push(Span {
                text: t,
                style: s,
                link: link.cloned(),
                footnote: None,
            });
        };
        for inline in inlines {
            match inline {
                Inline::Text(t) => text(t.clone(), style, out),
                Inline::Emph(c) => self.push_spans(
                    c,
                    Style {
                        italic: !style.italic,
                        ..style
                    },
                    link,
                    out,
                ),
                Inline::Strong(c) => self.push_spans(
                    c,
                    Style {
                        bold: true,
                        ..style
                    },
                    link,
                    out,
                ),
                Inline::Strike(c) => self.push_spans(
                    c,
                    Style {
                        strike: true,
                        ..style
                    },
                    link,
                    out,
                ),
                Inline::Code(t) => text(
                    t.clone(),
                    Style {
                        family: Family::Mono,
                        size: style.size * 0.9,
                        bold: false,
                        italic: false,
                        ..style
                    },
                    out,
                ),
                Inline::Link { target, content } => {
                    let goal = match target {
                        LinkTarget::External(url) => LinkGoal::Uri(url.clone()),
                        LinkTarget::Internal(id) => LinkGoal::Section(id.clone()),
                    };
                    self.push_spans(
                        content,
                        Style {
                            color: Rgb::LINK,
                            ..style
                        },
                        Some(&goal),
                        out,
                    );
                }
                Inline::Image { alt, .. } => text(
                    format!("[{alt}]"),
                    Style {
                        color: Rgb::MUTED,
                        ..style
                    },
                    out,
                ),
                Inline::Cite { note: n, .. } | Inline::FootnoteRef(n) => out.push(Span {
                    text: n.to_string(),
                    style: Style {
                        size: style.size * 0.68,
                        rise: style.size * 0.36,
                        ..style
                    },
                    link: None,
                    footnote: Some(*n),
                }),
                Inline::SoftBreak => text(" ".into(), style, out),
                Inline::LineBreak => text("\n".into(), style, out),
            }
        }
    }
}

/// A task-list box, ticked when done, drawn as shapes (no bundled font has ☐ and ☑).
fn attach_checkbox(done: bool, x: f32, first: usize, out: &mut [FlowItem]) {
    let Some(head) = out.get_mut(first) else {
        return;
    };
    let (y, size) = (head.baseline + 0.5, 7.5);
    let square = |inset: f32| {
        vec![
            (x + inset, y - size + inset),
            (x + size - inset, y - size + inset),
            (x + size - inset, y - inset),
            (x + inset, y - inset),
        ]
    };
    let mut rings = vec![square(0.0), square(0.8)];
    if done {
        rings.push(
            [
                (1.3, 3.9),
                (2.3, 4.9),
                (3.3, 3.5),
                (6.3, 6.9),
                (7.0, 5.9),
                (3.3, 1.7),
            ]
            .iter()
            .map(|(dx, dy)| (x + dx, y - dy))
            .collect(),
        );
    }
    head.draws.insert(
        0,
        Item::Shape {
            rings,
            color: Rgb::TEXT,
            role: Role::ListLabel,
        },
    );
}

fn plain(text: &str, style: Style) -> Span {
    Span {
        text: text.to_owned(),
        style,
        link: None,
        footnote: None,
    }
}

fn plain_text_of(kind: &BlockKind) -> String {
    match kind {
        BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => Inline::plain_text(c),
        BlockKind::Code { text, .. } => text.clone(),
        _ => String::new(),
    }
}

/// An item moved by (dx, dy).
pub fn shift(item: Item, dx: f32, dy: f32) -> Item {
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

/// A page's share of the flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    /// The items on it.
    pub items: std::ops::Range<usize>,
    /// A table header to repeat at the top.
    pub header: Option<usize>,
    /// The footnotes at its foot, in order.
    pub footnotes: Vec<u32>,
}

/// Gap between the body and the footnote separator.
pub const FOOTNOTE_GAP: f32 = 12.0;

/// Splits the flow into pages of `height`, honouring keep-with-next, widows and orphans,
/// forced breaks, repeated table headers and the room footnotes take at the foot.
pub fn paginate(view: &View<'_>, height: f32) -> Vec<Slice> {
    let items = &view.items;
    let footnote_height = |n: &u32| -> f32 {
        view.footnotes
            .get(n)
            .map_or(0.0, |f| f.iter().map(|i| i.height).sum())
    };
    let allowed = |b: usize| !items[b - 1].keep_with_next && !items[b].no_break_before;
    let mut pages = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let header = view.headers[start].filter(|&h| h < start);
        let mut y = header.map_or(0.0, |h| items[h].height);
        let mut notes: Vec<u32> = Vec::new();
        let mut notes_height = 0.0;
        let mut end = start;
        while end < items.len() {
            let item = items[end];
            if end > start && view.break_before(end) {
                break;
            }
            let space = if end == start { 0.0 } else { item.space_before };
            let new: Vec<u32> = item
                .footnotes
                .iter()
                .copied()
                .filter(|n| !notes.contains(n))
                .collect();
            let mut extra: f32 = new.iter().map(footnote_height).sum();
            if notes.is_empty() && !new.is_empty() {
                extra += FOOTNOTE_GAP;
            }
            if end > start && y + space + item.height + notes_height + extra > height {
                break;
            }
            y += space + item.height;
            notes_height += extra;
            notes.extend(new);
            end += 1;
        }
        let mut cut = end;
        if end < items.len()
            && !view.break_before(end)
            && let Some(b) = (start + 1..=end).rev().find(|&b| allowed(b))
        {
            cut = b;
        }
        let cut = cut.max(start + 1);
        let mut footnotes = Vec::new();
        for item in &items[start..cut] {
            for n in &item.footnotes {
                if !footnotes.contains(n) {
                    footnotes.push(*n);
                }
            }
        }
        pages.push(Slice {
            items: start..cut,
            header,
            footnotes,
        });
        start = cut;
    }
    pages
}
