//! Typesetting: the composed document → pages of positioned glyphs, rules and links, which
//! both the PDF writer and the preview draw. All lengths are in points.
//!
//! fonts → shape (harfrust) → paragraph (bidi, Knuth–Plass, hyphenation) → flow (blocks as
//! unbreakable items with keep rules) → pagination → pages with cover, contents and furniture.

pub mod dump;
pub mod flow;
pub mod fonts;
pub mod image;
pub mod page;
pub mod paragraph;
pub mod shape;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::doc::Document;
use crate::model::{MarkingScheme, Status, long_date};
use fonts::Family;
use page::{Artifact, Item, Link, OutlineEntry, Page, Pages, Rect, Region, Rgb, Role};
use paragraph::{Align, Shape, Span, Style};
use shape::Shaper;

pub use dump::dump;

/// The laid-out pages and what layout noticed.
#[derive(Debug)]
pub(crate) struct Laid {
    /// The pages.
    pub pages: Pages,
    /// Diagnostics (characters no font has, images not placed…).
    pub diagnostics: Vec<Diagnostic>,
}

/// Geometry of the page.
#[derive(Clone, Copy, Debug)]
struct Frame {
    width: f32,
    height: f32,
    left: f32,
    top: f32,
    text_width: f32,
    body_height: f32,
}

/// Section flows kept between layouts, keyed by everything a section's layout depends on,
/// so an edit re-lays out only the section it touched.
#[derive(Default)]
pub struct Cache {
    sections: std::collections::HashMap<u64, (flow::Flow, Vec<Diagnostic>)>,
}

/// Lays out a composed document: cover, contents, body with footnotes, and page furniture.
/// `images` holds the pictures the document's figures name; sections whose flows are in
/// `cache` from the last call and have not changed are not laid out again. Only the
/// [`pipeline`](crate::pipeline)'s renderer calls this.
pub(crate) fn layout(
    document: &Document,
    images: &image::Images,
    shaper: &mut Shaper,
    cache: &mut Cache,
) -> Laid {
    let meta = &document.meta;
    let (w, h) = meta.page_size.dimensions();
    let (width, height) = meta.page_size.points();
    let m = meta.margins;
    let frame = Frame {
        width,
        height,
        left: m.left.to_pt().0 as f32,
        top: m.top.to_pt().0 as f32,
        text_width: (w.0 - m.left.0 - m.right.0).max(20.0) as f32 * 72.0 / 25.4,
        body_height: (h.0 - m.top.0 - m.bottom.0).max(20.0) as f32 * 72.0 / 25.4,
    };
    let mut diagnostics = fonts::check_meta_coverage(document);
    let mut sections = Vec::with_capacity(document.sections.len());
    for (index, section) in document.sections.iter().enumerate() {
        let key = section_key(document, images, index, section, frame.text_width);
        let (section_flow, section_diagnostics) = match cache.sections.remove(&key) {
            Some(hit) => hit,
            None => {
                let mut found = fonts::check_section_coverage(section);
                let laid = flow::section(shaper, document, images, index, frame.text_width);
                found.extend(laid.diagnostics.iter().cloned());
                (laid, found)
            }
        };
        diagnostics.extend(section_diagnostics.iter().cloned());
        sections.push((key, section_flow, section_diagnostics));
    }
    let compact = meta.compact;
    let title_block = compact.then(|| title_block(shaper, document, frame.text_width));
    let mut body = flow::View {
        fresh_page: Some(0),
        ..flow::View::default()
    };
    // Structure groups: the cover, the contents, then the body's flows in order.
    let mut structure: Vec<Vec<page::Node>> = vec![Vec::new(), Vec::new()];
    if let Some(title_block) = &title_block {
        body.push(title_block, group_index(&structure));
        structure.push(title_block.nodes.clone());
    }
    for (_, section_flow, _) in &sections {
        body.push(section_flow, group_index(&structure));
        structure.push(section_flow.nodes.clone());
    }
    let slices = flow::paginate(&body, frame.body_height);

    // Where each section starts, counted within the body.
    let mut section_page: BTreeMap<String, usize> = BTreeMap::new();
    for (page, slice) in slices.iter().enumerate() {
        for item in &body.items[slice.items.clone()] {
            let item: &flow::FlowItem = item;
            if let Some((1, _, Some(id))) = &item.outline {
                section_page.entry(id.clone()).or_insert(page);
            }
        }
    }

    // The contents are laid out twice: once to count their pages, once with the numbers.
    let has_contents = !compact && !document.sections.is_empty();
    // The contents' entries do not depend on the page numbers (they sit in a column of their
    // own), so the entries are laid out once, paginated, and then numbered.
    let (mut toc, entry_items) = contents(shaper, document, frame.text_width);
    let contents_pages = if has_contents {
        flow::paginate(&view_of(&toc, 1), frame.body_height).len()
    } else {
        0
    };
    let first_body = usize::from(!compact) + contents_pages;
    let total = first_body + slices.len();

    let mut pages = Pages {
        width: frame.width,
        height: frame.height,
        ..Pages::default()
    };
    if !compact {
        pages
            .pages
            .push(cover(shaper, document, &frame, &mut structure[0]));
    }
    if has_contents {
        number_contents(
            shaper,
            &mut toc,
            &entry_items,
            &section_page,
            first_body,
            frame.text_width,
        );
        structure[1] = toc.nodes.clone();
        let view = view_of(&toc, 1);
        for slice in flow::paginate(&view, frame.body_height) {
            let mut page = Page::default();
            place(&mut page, &mut pages, &view, &slice, &frame);
            pages.pages.push(page);
        }
    }
    for slice in &slices {
        let mut page = Page::default();
        place(&mut page, &mut pages, &body, slice, &frame);
        pages.pages.push(page);
    }
    let furniture = Furniture::new(shaper, document, &frame);
    for (index, page) in pages.pages.iter_mut().enumerate() {
        furniture.apply(shaper, page, index, total, compact, &frame);
    }
    drop(body);
    pages.structure = structure;
    cache.sections = sections
        .into_iter()
        .map(|(key, flow, found)| (key, (flow, found)))
        .collect();
    Laid { pages, diagnostics }
}

/// What a section's layout depends on: its content, the ledger entries (a sources list shows
/// them), its position when headings are numbered, and the measure.
fn section_key(
    document: &Document,
    images: &image::Images,
    index: usize,
    section: &crate::doc::DocSection,
    width: f32,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    section.hash(&mut hasher);
    for source in &document.sources {
        let fields = [&source.id, &source.title, &source.publisher, &source.date];
        fields.hash(&mut hasher);
        (&source.url, &source.accessed).hash(&mut hasher);
    }
    if document.meta.numbered_headings {
        index.hash(&mut hasher);
    }
    document.meta.numbered_headings.hash(&mut hasher);
    width.to_bits().hash(&mut hasher);
    for (src, picture) in images {
        src.hash(&mut hasher);
        (picture.width, picture.height).hash(&mut hasher);
        std::sync::Arc::as_ptr(picture).hash(&mut hasher);
    }
    hasher.finish()
}

/// Places a page's share of a flow, then its footnotes at the foot.
fn view_of(flow: &flow::Flow, group: u32) -> flow::View<'_> {
    let mut view = flow::View::default();
    view.push(flow, group);
    view
}

fn group_index(structure: &[Vec<page::Node>]) -> u32 {
    u32::try_from(structure.len()).unwrap_or(u32::MAX - 2)
}

/// Content of `group` keeps its node and learns its group; a repeated table header is
/// an artifact the second time.
fn regroup(item: Item, group: u32, repeat: bool) -> Item {
    match item {
        Item::Text(mut run) if run.tag.is_set() => {
            if repeat {
                run.tag = page::Tag::DECORATIVE;
            } else {
                run.tag.group = group;
            }
            Item::Text(run)
        }
        Item::Image {
            rect,
            picture,
            alt,
            mut tag,
        } => {
            if tag.is_set() {
                tag.group = group;
            }
            Item::Image {
                rect,
                picture,
                alt,
                tag,
            }
        }
        other => other,
    }
}

fn place(
    page: &mut Page,
    pages: &mut Pages,
    flow: &flow::View<'_>,
    slice: &flow::Slice,
    frame: &Frame,
) {
    let index = pages.pages.len();
    let mut y = frame.top;
    let mut regions: Vec<Region> = Vec::new();
    let mut put = |item: &flow::FlowItem,
                   y: f32,
                   (group, repeat): (u32, bool),
                   page: &mut Page,
                   pages: &mut Pages| {
        for draw in &item.draws {
            let draw = regroup(draw.clone(), group, repeat);
            page.items.push(flow::shift(draw, frame.left, y));
        }
        for (rect, goal) in &item.links {
            page.links.push(Link {
                rect: Rect {
                    x: rect.x + frame.left,
                    y: rect.y + y,
                    ..*rect
                },
                goal: goal.clone(),
            });
        }
        if let Some((level, title, anchor)) = &item.outline {
            pages.outline.push(OutlineEntry {
                title: title.clone(),
                level: *level,
                page: index,
                y,
            });
            if let Some(id) = anchor {
                pages.anchors.entry(id.clone()).or_insert((index, y));
            }
        }
        if let Some(section) = &item.section {
            match regions.last_mut() {
                Some(region) if region.section == *section => {
                    region.rect.h = y + item.height - region.rect.y;
                }
                _ => regions.push(Region {
                    section: section.clone(),
                    rect: Rect {
                        x: frame.left,
                        y,
                        w: frame.text_width,
                        h: item.height,
                    },
                }),
            }
        }
    };
    if let Some(h) = slice.header {
        let header = flow.items[h];
        put(header, y, (flow.groups[h], true), page, pages);
        y += header.height;
    }
    for (i, item) in flow.items[slice.items.clone()].iter().copied().enumerate() {
        if i > 0 {
            y += item.space_before;
        }
        let group = flow.groups[slice.items.start + i];
        put(item, y, (group, false), page, pages);
        y += item.height;
    }
    if !slice.footnotes.is_empty() {
        let notes: Vec<(&flow::FlowItem, u32)> = slice
            .footnotes
            .iter()
            .filter_map(|n| {
                let group = flow.footnote_groups.get(n).copied().unwrap_or(0);
                flow.footnotes.get(n).map(|items| (*items, group))
            })
            .flat_map(|(items, group)| items.iter().map(move |i| (i, group)))
            .collect();
        let height: f32 = notes.iter().map(|n| n.0.height).sum();
        let mut y = frame.top + frame.body_height - height;
        page.items.push(Item::Line {
            from: (frame.left, y - 5.0),
            to: (frame.left + frame.text_width * 0.3, y - 5.0),
            width: 0.5,
            color: Rgb::RULE,
        });
        for (note, group) in notes {
            put(note, y, (group, false), page, pages);
            y += note.height;
        }
    }
    page.regions = regions;
}

const NUMBER_COLUMN: f32 = 30.0;

/// The table of contents as a flow: a heading and one linked entry per section, with dot
/// leaders; also, for each section, the index of its entry's last line (where the number
/// goes).
fn contents(
    shaper: &mut Shaper,
    document: &Document,
    width: f32,
) -> (flow::Flow, Vec<(String, usize)>) {
    let mut out = flow::Flow::default();
    let mut entries = Vec::new();
    let mut heading = Style::new(Family::Sans, 15.0);
    heading.bold = true;
    let title = single_line(
        shaper,
        "Contents",
        heading,
        width,
        Align::Start,
        Role::Heading(1),
    );
    let mut item = line_item(title, 15.0 * 1.3 + 8.0);
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
        * 10.5;
    for (index, section) in document.sections.iter().enumerate() {
        let mut text = doc_title(section);
        if document.meta.numbered_headings {
            text = format!("{}\u{2003}{text}", index + 1);
        }
        let style = Style::new(Family::Serif, 10.5);
        let spans = vec![Span {
            text,
            style,
            link: Some(page::LinkGoal::Section(section.id.clone())),
            footnote: None,
        }];
        let shape = Shape {
            width: width - NUMBER_COLUMN - 12.0,
            leading: 16.0,
            justify: false,
            hyphenate: false,
            align: Align::Start,
            role: Role::TocEntry,
        };
        let lines = paragraph::layout(shaper, &spans, &shape);
        let count = lines.len();
        let entry = u32::try_from(out.nodes.len()).unwrap_or(u32::MAX - 2);
        out.nodes.push(page::Node {
            kind: page::Kind::TocI,
            parent: Some(1),
        });
        for (i, line) in lines.into_iter().enumerate() {
            let line_width = line.width;
            let mut item = line_item_from(line, 16.0);
            item.no_break_before = i > 0;
            if i + 1 == count {
                let mut leader = Style::new(Family::Serif, 10.5);
                leader.color = Rgb::RULE;
                let dots_width = width - NUMBER_COLUMN - line_width - 8.0;
                let n = if dot > 0.0 {
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
                run.x = width - NUMBER_COLUMN - 4.0 - run_width;
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
fn number_contents(
    shaper: &mut Shaper,
    toc: &mut flow::Flow,
    entries: &[(String, usize)],
    section_page: &BTreeMap<String, usize>,
    first_body: usize,
    width: f32,
) {
    let style = Style::new(Family::Serif, 10.5);
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

/// A one-line run of simple text (numbers, leaders) without line breaking or bidi, at the
/// origin; returns it with its width.
fn simple_run(shaper: &mut Shaper, text: &str, style: Style, role: Role) -> (page::GlyphRun, f32) {
    let face = fonts::select(style.family, style.bold, style.italic);
    let shaped = shaper.shape(face, text, false);
    let mut pen = 0.0;
    let glyphs = shaped
        .glyphs
        .iter()
        .map(|g| {
            let placed = page::PlacedGlyph {
                gid: g.gid,
                x: (pen + g.x_offset) * style.size,
                rise: g.y_offset * style.size,
                text: g.text.clone(),
            };
            pen += g.advance;
            placed
        })
        .collect();
    (
        page::GlyphRun {
            face,
            size: style.size,
            color: style.color,
            x: 0.0,
            y: 0.0,
            angle: 0.0,
            glyphs: std::sync::Arc::new(glyphs),
            role,
            tag: page::Tag::NONE,
        },
        shaped.width * style.size,
    )
}

fn doc_title(section: &crate::doc::DocSection) -> String {
    let mut text = String::new();
    if let Some(mark) = &section.portion_mark {
        text.push_str(mark);
        text.push(' ');
    }
    text.push_str(&crate::doc::Inline::plain_text(&section.title));
    text
}

/// Draws set at baseline 0 become an item of `height`.
fn line_item(draws: Vec<Item>, height: f32) -> flow::FlowItem {
    let baseline = height * 0.76;
    flow::FlowItem {
        height,
        draws: draws
            .into_iter()
            .map(|d| flow::shift(d, 0.0, baseline))
            .collect(),
        baseline,
        ..flow::FlowItem::default()
    }
}

/// A line's draws and links become an item; used for the contents entries.
fn line_item_from(line: paragraph::Line, height: f32) -> flow::FlowItem {
    let baseline = height * 0.76;
    let mut item = flow::FlowItem {
        height,
        baseline,
        ..flow::FlowItem::default()
    };
    for run in line.runs {
        item.draws.push(flow::shift(Item::Text(run), 0.0, baseline));
    }
    for (rect, goal) in line.links {
        item.links.push((
            Rect {
                y: rect.y + baseline,
                ..rect
            },
            goal,
        ));
    }
    item
}

/// Text set on one or more lines at the origin's baseline (y = 0), as draws.
fn single_line(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    width: f32,
    align: Align,
    role: Role,
) -> Vec<Item> {
    lines(shaper, text, style, width, align, role, style.size * 1.25)
}

fn lines(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    width: f32,
    align: Align,
    role: Role,
    leading: f32,
) -> Vec<Item> {
    let spans = vec![Span {
        text: text.to_owned(),
        style,
        link: None,
        footnote: None,
    }];
    let shape = Shape {
        width,
        leading,
        justify: false,
        hyphenate: false,
        align,
        role,
    };
    let mut out = Vec::new();
    for (i, line) in paragraph::layout(shaper, &spans, &shape)
        .into_iter()
        .enumerate()
    {
        for run in line.runs {
            out.push(flow::shift(Item::Text(run), 0.0, i as f32 * leading));
        }
    }
    out
}

fn height_of(items: &[Item]) -> f32 {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) => Some(run.y),
            _ => None,
        })
        .fold(0.0, f32::max)
}

/// The head of a compact document's first page: title, subtitle, one line of facts, a rule.
fn title_block(shaper: &mut Shaper, document: &Document, width: f32) -> flow::Flow {
    let meta = &document.meta;
    let mut flow = flow::Flow::default();
    let mut title = Style::new(Family::Sans, 19.0);
    title.bold = true;
    let text = if meta.title.is_empty() {
        "Untitled briefing"
    } else {
        meta.title.as_str()
    };
    let drawn = lines(shaper, text, title, width, Align::Start, Role::Title, 23.0);
    let height = height_of(&drawn) + 23.0;
    flow.items.push(line_item(drawn, height));
    if !meta.subtitle.is_empty() {
        let mut sub = Style::new(Family::Serif, 11.5);
        sub.italic = true;
        sub.color = Rgb::MUTED;
        let drawn = lines(
            shaper,
            &meta.subtitle,
            sub,
            width,
            Align::Start,
            Role::CoverText,
            15.0,
        );
        let height = height_of(&drawn) + 16.0;
        flow.items.push(line_item(drawn, height));
    }
    let status = match meta.status {
        Status::Draft => "Draft",
        Status::Final => "",
    };
    let facts: Vec<String> = [
        long_date(&meta.date),
        if meta.as_of.is_empty() {
            String::new()
        } else {
            format!("facts as of {}", long_date(&meta.as_of))
        },
        meta.organization.clone(),
        if meta.audience.is_empty() {
            String::new()
        } else {
            format!("for {}", meta.audience)
        },
        if meta.version.is_empty() {
            String::new()
        } else {
            format!("version {}", meta.version)
        },
        status.to_owned(),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect();
    let mut small = Style::new(Family::Sans, 8.5);
    small.color = Rgb::MUTED;
    let drawn = lines(
        shaper,
        &facts.join(" · "),
        small,
        width,
        Align::Start,
        Role::CoverText,
        11.0,
    );
    let height = height_of(&drawn) + 12.0;
    let mut item = line_item(drawn, height);
    item.space_before = 4.0;
    item.draws.push(Item::Line {
        from: (0.0, height + 2.0),
        to: (width, height + 2.0),
        width: 0.8,
        color: Rgb::TEXT,
    });
    flow.items.push(item);
    // The title a heading, the rest a paragraph each.
    for (i, item) in flow.items.iter_mut().enumerate() {
        let kind = if i == 0 {
            page::Kind::H(1)
        } else {
            page::Kind::P
        };
        flow.nodes.push(page::Node { kind, parent: None });
        flow::stamp(std::slice::from_mut(item), u32::try_from(i).unwrap_or(0));
    }
    // The rule drawn under the facts needs room before the first section's heading.
    flow.items.push(flow::FlowItem {
        height: 10.0,
        ..flow::FlowItem::default()
    });
    for item in &mut flow.items {
        item.keep_with_next = true;
    }
    flow
}

/// Gives the untagged text among `items` a new node of the cover (group 0).
fn tag_new(items: &mut [Item], nodes: &mut Vec<page::Node>, kind: page::Kind) {
    let node = u32::try_from(nodes.len()).unwrap_or(u32::MAX - 2);
    nodes.push(page::Node { kind, parent: None });
    for item in items {
        if let Item::Text(run) = item
            && run.tag == page::Tag::NONE
            && !matches!(run.role, Role::Artifact(_))
        {
            run.tag = page::Tag { group: 0, node };
        }
    }
}

fn cover(
    shaper: &mut Shaper,
    document: &Document,
    frame: &Frame,
    nodes: &mut Vec<page::Node>,
) -> Page {
    let meta = &document.meta;
    let mut page = Page::default();
    let x = frame.left;
    let width = frame.text_width;
    let mut y = frame.top + 90.0;
    let mut title = Style::new(Family::Sans, 26.0);
    title.bold = true;
    let title_text = if meta.title.is_empty() {
        "Untitled briefing"
    } else {
        meta.title.as_str()
    };
    let drawn = lines(
        shaper,
        title_text,
        title,
        width,
        Align::Start,
        Role::Title,
        32.0,
    );
    let bottom = height_of(&drawn);
    page.items
        .extend(drawn.into_iter().map(|d| flow::shift(d, x, y)));
    tag_new(&mut page.items, nodes, page::Kind::H(1));
    y += bottom + 14.0;
    if !meta.subtitle.is_empty() {
        let mut sub = Style::new(Family::Serif, 14.0);
        sub.italic = true;
        sub.color = Rgb::MUTED;
        y += 16.0;
        let drawn = lines(
            shaper,
            &meta.subtitle,
            sub,
            width,
            Align::Start,
            Role::CoverText,
            19.0,
        );
        let bottom = height_of(&drawn);
        page.items
            .extend(drawn.into_iter().map(|d| flow::shift(d, x, y)));
        tag_new(&mut page.items, nodes, page::Kind::P);
        y += bottom;
    }
    y += 22.0;
    page.items.push(Item::Line {
        from: (x, y),
        to: (x + width, y),
        width: 1.2,
        color: Rgb::TEXT,
    });
    y += 26.0;
    let facts: Vec<(&str, String)> = vec![
        ("Date", long_date(&meta.date)),
        ("Facts as of", long_date(&meta.as_of)),
        ("Version", meta.version.clone()),
        (
            "Status",
            match meta.status {
                Status::Draft => "Draft".to_owned(),
                Status::Final => "Final".to_owned(),
            },
        ),
        ("Authors", meta.authors.join(", ")),
        ("Organisation", meta.organization.clone()),
        ("Audience", meta.audience.clone()),
    ];
    let mut label = Style::new(Family::Sans, 9.5);
    label.bold = true;
    label.color = Rgb::MUTED;
    let value = Style::new(Family::Sans, 10.5);
    for (name, text) in facts.into_iter().filter(|(_, t)| !t.is_empty()) {
        let l = single_line(shaper, name, label, 100.0, Align::Start, Role::CoverText);
        page.items
            .extend(l.into_iter().map(|d| flow::shift(d, x, y)));
        let v = lines(
            shaper,
            &text,
            value,
            width - 110.0,
            Align::Start,
            Role::CoverText,
            14.0,
        );
        let bottom = height_of(&v);
        page.items
            .extend(v.into_iter().map(|d| flow::shift(d, x + 110.0, y)));
        tag_new(&mut page.items, nodes, page::Kind::P);
        y += bottom + 19.0;
    }
    if !meta.distribution.is_empty() {
        let mut style = Style::new(Family::Sans, 9.0);
        style.color = Rgb::TEXT;
        let text = lines(
            shaper,
            &meta.distribution,
            style,
            width - 24.0,
            Align::Start,
            Role::CoverText,
            12.5,
        );
        let height = height_of(&text) + 30.0 + 12.0;
        let top = frame.top + frame.body_height - height;
        page.items.push(Item::Fill {
            rect: Rect {
                x,
                y: top,
                w: width,
                h: height,
            },
            color: Rgb::SHADE,
            role: Role::Artifact(Artifact::Decoration),
        });
        let mut heading = Style::new(Family::Sans, 8.0);
        heading.bold = true;
        heading.color = Rgb::MUTED;
        let h = single_line(
            shaper,
            "DISTRIBUTION",
            heading,
            width - 24.0,
            Align::Start,
            Role::CoverText,
        );
        page.items
            .extend(h.into_iter().map(|d| flow::shift(d, x + 12.0, top + 16.0)));
        page.items.extend(
            text.into_iter()
                .map(|d| flow::shift(d, x + 12.0, top + 30.0)),
        );
        tag_new(&mut page.items, nodes, page::Kind::P);
    }
    page
}

/// The banner's colour for a marking, if the scheme gives it one. The text is always
/// printed too: colour is never the only signal.
fn banner_color(scheme: MarkingScheme, level: &str) -> Option<Rgb> {
    let level = level.trim().to_uppercase();
    match (scheme, level.as_str()) {
        (MarkingScheme::Us, "UNCLASSIFIED") => Some(Rgb(0x00, 0x7a, 0x33)),
        (MarkingScheme::Us, "CUI") => Some(Rgb(0x50, 0x2b, 0x85)),
        (MarkingScheme::Us, "CONFIDENTIAL") => Some(Rgb(0x00, 0x33, 0xa0)),
        (MarkingScheme::Us | MarkingScheme::Uk, "SECRET") => Some(Rgb(0xc8, 0x10, 0x2e)),
        (MarkingScheme::Us | MarkingScheme::Uk, "TOP SECRET") => Some(Rgb(0xff, 0x8c, 0x00)),
        _ => None,
    }
}

/// What every page carries, laid out once per document: the watermark under everything,
/// the banners, and the running head and foot (not on the cover).
struct Furniture {
    under: Vec<Item>,
    banners: Vec<Item>,
    running: Vec<Item>,
    number_style: Style,
}

impl Furniture {
    fn new(shaper: &mut Shaper, document: &Document, frame: &Frame) -> Self {
        let meta = &document.meta;
        let under = if meta.status == Status::Draft {
            watermark(frame)
        } else {
            Vec::new()
        };
        let mut banners = Vec::new();
        let banner = meta.banner.trim();
        if !banner.is_empty() {
            let color = banner_color(meta.marking_scheme, &meta.marking_level);
            let mut style = Style::new(Family::Sans, 9.5);
            style.bold = true;
            style.color = if color.is_some() {
                Rgb::WHITE
            } else {
                Rgb::TEXT
            };
            for band_y in [16.0, frame.height - 30.0] {
                if let Some(color) = color {
                    banners.push(Item::Fill {
                        rect: Rect {
                            x: frame.left,
                            y: band_y,
                            w: frame.text_width,
                            h: 14.0,
                        },
                        color,
                        role: Role::Artifact(Artifact::Banner),
                    });
                }
                let drawn = single_line(
                    shaper,
                    banner,
                    style,
                    frame.text_width,
                    Align::Center,
                    Role::Artifact(Artifact::Banner),
                );
                banners.extend(
                    drawn
                        .into_iter()
                        .map(|d| flow::shift(d, frame.left, band_y + 10.5)),
                );
            }
        }
        let mut style = Style::new(Family::Sans, 8.0);
        style.color = Rgb::MUTED;
        let head_y = frame.top - 16.0;
        let foot_y = frame.top + frame.body_height + 24.0;
        let mut running = Vec::new();
        let mut put = |text: &str, x: f32, y: f32, width: f32, align: Align, kind: Artifact| {
            let drawn = single_line(shaper, text, style, width, align, Role::Artifact(kind));
            running.extend(drawn.into_iter().map(|d| flow::shift(d, x, y)));
        };
        let column = frame.text_width * 0.7;
        put(
            &meta.title,
            frame.left,
            head_y,
            column,
            Align::Start,
            Artifact::Header,
        );
        put(
            &long_date(&meta.date),
            frame.left + column,
            head_y,
            frame.text_width - column,
            Align::End,
            Artifact::Header,
        );
        let left = match (meta.version.is_empty(), meta.organization.is_empty()) {
            (false, false) => format!("{} · version {}", meta.organization, meta.version),
            (false, true) => format!("Version {}", meta.version),
            (true, false) => meta.organization.clone(),
            (true, true) => String::new(),
        };
        put(
            &left,
            frame.left,
            foot_y,
            column,
            Align::Start,
            Artifact::Footer,
        );
        running.push(Item::Line {
            from: (frame.left, head_y + 5.0),
            to: (frame.left + frame.text_width, head_y + 5.0),
            width: 0.4,
            color: Rgb::RULE,
        });
        Self {
            under,
            banners,
            running,
            number_style: style,
        }
    }

    /// Puts the furniture on page `index` of `total`.
    fn apply(
        &self,
        shaper: &mut Shaper,
        page: &mut Page,
        index: usize,
        total: usize,
        compact: bool,
        frame: &Frame,
    ) {
        let mut items = self.under.clone();
        items.append(&mut page.items);
        items.extend(self.banners.iter().cloned());
        if index > 0 || compact {
            items.extend(self.running.iter().cloned());
            let (mut run, width) = simple_run(
                shaper,
                &format!("Page {} of {}", index + 1, total),
                self.number_style,
                Role::Artifact(Artifact::PageNumber),
            );
            run.x = frame.left + frame.text_width - width;
            run.y = frame.top + frame.body_height + 24.0;
            items.push(Item::Text(run));
        }
        page.items = items;
    }
}

/// A block letter: its rings of points and its advance, in ems.
type Letter = (&'static [&'static [(f32, f32)]], f32);

/// Block letters of the word DRAFT as polygons in a unit em (x right, y up), each letter
/// with its advance. Drawn as shapes rather than text so the watermark never enters the
/// text a reader copies or a screen reader speaks.
const DRAFT: &[Letter] = &[
    (
        &[
            &[
                (0.0, 0.0),
                (0.45, 0.0),
                (0.7, 0.25),
                (0.7, 0.75),
                (0.45, 1.0),
                (0.0, 1.0),
            ],
            &[
                (0.18, 0.17),
                (0.38, 0.17),
                (0.52, 0.31),
                (0.52, 0.69),
                (0.38, 0.83),
                (0.18, 0.83),
            ],
        ],
        0.82,
    ),
    (
        &[
            &[
                (0.0, 0.0),
                (0.18, 0.0),
                (0.18, 0.42),
                (0.34, 0.42),
                (0.54, 0.0),
                (0.74, 0.0),
                (0.52, 0.45),
                (0.64, 0.52),
                (0.7, 0.62),
                (0.7, 0.82),
                (0.53, 1.0),
                (0.0, 1.0),
            ],
            &[
                (0.18, 0.58),
                (0.45, 0.58),
                (0.52, 0.65),
                (0.52, 0.77),
                (0.45, 0.84),
                (0.18, 0.84),
            ],
        ],
        0.84,
    ),
    (
        &[
            &[
                (0.0, 0.0),
                (0.19, 0.0),
                (0.27, 0.24),
                (0.53, 0.24),
                (0.61, 0.0),
                (0.8, 0.0),
                (0.5, 1.0),
                (0.3, 1.0),
            ],
            &[(0.32, 0.4), (0.48, 0.4), (0.4, 0.7)],
        ],
        0.9,
    ),
    (
        &[&[
            (0.0, 0.0),
            (0.18, 0.0),
            (0.18, 0.42),
            (0.58, 0.42),
            (0.58, 0.58),
            (0.18, 0.58),
            (0.18, 0.84),
            (0.65, 0.84),
            (0.65, 1.0),
            (0.0, 1.0),
        ]],
        0.78,
    ),
    (
        &[&[
            (0.26, 0.0),
            (0.44, 0.0),
            (0.44, 0.84),
            (0.7, 0.84),
            (0.7, 1.0),
            (0.0, 1.0),
            (0.0, 0.84),
            (0.26, 0.84),
        ]],
        0.7,
    ),
];

/// The DRAFT watermark across the page's diagonal, as shapes.
fn watermark(frame: &Frame) -> Vec<Item> {
    let size = frame.width * 0.2;
    let angle = (frame.height / frame.width).atan();
    let (cos, sin) = (angle.cos(), angle.sin());
    let total: f32 = DRAFT.iter().map(|(_, advance)| advance).sum::<f32>() - 0.1;
    let (cx, cy) = (frame.width / 2.0, frame.height / 2.0);
    let mut pen = -total / 2.0;
    let mut out = Vec::new();
    for (rings, advance) in DRAFT {
        let rings = rings
            .iter()
            .map(|ring| {
                ring.iter()
                    .map(|&(x, y)| {
                        // Letter space (em, y up, centred) → page space (pt, y down), rotated.
                        let (u, v) = ((pen + x) * size, (y - 0.5) * size);
                        (cx + u * cos - v * sin, cy - u * sin - v * cos)
                    })
                    .collect()
            })
            .collect();
        out.push(Item::Shape {
            rings,
            color: Rgb::WATERMARK,
            role: Role::Artifact(Artifact::Watermark),
        });
        pen += advance;
    }
    out
}
