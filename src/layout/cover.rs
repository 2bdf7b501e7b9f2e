//! The first page: the full brief's cover, or a compact variant's title block.

use super::flow;
use super::fonts::Family;
use super::page::{self, Artifact, Item, Page, Pt, Rect, Rgb, Role};
use super::paragraph::{Align, Style};
use super::shape::Shaper;
use super::style::PageStyle;
use super::text::{balanced_lines, height_of, item_at, lines, single_line};
use crate::doc::Document;
use crate::model::{MarkingScheme, Status, long_date};

/// The head of a compact document's first page: title, subtitle, one line of facts, a rule.
pub(super) fn title_block(shaper: &mut Shaper, document: &Document, width: Pt) -> flow::Flow {
    let meta = &document.meta;
    let mut flow = flow::Flow::default();
    let mut title = Style::new(Family::Sans, Pt(19.0));
    title.bold = true;
    let text = if meta.title.is_empty() {
        "Untitled briefing"
    } else {
        meta.title.as_str()
    };
    let drawn = balanced_lines(
        shaper,
        text,
        title,
        width,
        Align::Start,
        Role::Title,
        Pt(23.0),
    );
    flow.items.push(lines_item(drawn, Pt(23.0), Pt::ZERO));
    if !meta.subtitle.is_empty() {
        let mut sub = Style::new(Family::Serif, Pt(11.5));
        sub.italic = true;
        sub.color = Rgb::MUTED;
        let drawn = lines(
            shaper,
            &meta.subtitle,
            sub,
            width,
            Align::Start,
            Role::CoverText,
            Pt(15.0),
        );
        flow.items.push(lines_item(drawn, Pt(15.0), Pt(1.0)));
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
    let mut small = Style::new(Family::Sans, Pt(8.5));
    small.color = Rgb::MUTED;
    let drawn = lines(
        shaper,
        &facts.join(" · "),
        small,
        width,
        Align::Start,
        Role::CoverText,
        Pt(11.0),
    );
    let mut item = lines_item(drawn, Pt(11.0), Pt(1.0));
    let height = item.height;
    item.space_before = Pt(4.0);
    item.draws.push(Item::Line {
        from: (Pt::ZERO, height + Pt(2.0)),
        to: (width, height + Pt(2.0)),
        width: Pt(0.8),
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
        height: Pt(10.0),
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

pub(super) fn cover(
    shaper: &mut Shaper,
    document: &Document,
    page_style: &PageStyle,
    nodes: &mut Vec<page::Node>,
) -> Page {
    let meta = &document.meta;
    let mut page = Page::default();
    let x = page_style.left;
    let width = page_style.text_width;
    let mut y = page_style.top + Pt(90.0);
    let mut title = Style::new(Family::Sans, Pt(26.0));
    title.bold = true;
    let title_text = if meta.title.is_empty() {
        "Untitled briefing"
    } else {
        meta.title.as_str()
    };
    let drawn = balanced_lines(
        shaper,
        title_text,
        title,
        width,
        Align::Start,
        Role::Title,
        Pt(32.0),
    );
    let bottom = height_of(&drawn);
    page.items
        .extend(drawn.into_iter().map(|d| flow::shift(d, x, y)));
    tag_new(&mut page.items, nodes, page::Kind::H(1));
    y += bottom + Pt(14.0);
    if !meta.subtitle.is_empty() {
        let mut sub = Style::new(Family::Serif, Pt(14.0));
        sub.italic = true;
        sub.color = Rgb::MUTED;
        y += Pt(16.0);
        let drawn = lines(
            shaper,
            &meta.subtitle,
            sub,
            width,
            Align::Start,
            Role::CoverText,
            Pt(19.0),
        );
        let bottom = height_of(&drawn);
        page.items
            .extend(drawn.into_iter().map(|d| flow::shift(d, x, y)));
        tag_new(&mut page.items, nodes, page::Kind::P);
        y += bottom;
    }
    y += Pt(22.0);
    page.items.push(Item::Line {
        from: (x, y),
        to: (x + width, y),
        width: Pt(1.2),
        color: Rgb::TEXT,
    });
    y += Pt(26.0);
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
    let mut label = Style::new(Family::Sans, Pt(9.5));
    label.bold = true;
    label.color = Rgb::MUTED;
    let value = Style::new(Family::Sans, Pt(10.5));
    for (name, text) in facts.into_iter().filter(|(_, t)| !t.is_empty()) {
        let l = single_line(
            shaper,
            name,
            label,
            Pt(100.0),
            Align::Start,
            Role::CoverText,
        );
        // The label and its value are one paragraph: a space parts them in the text.
        page.items
            .extend(l.into_iter().map(|d| match flow::shift(d, x, y) {
                Item::Text(run) => Item::Text(page::GlyphRun {
                    space_after: true,
                    ..run
                }),
                other => other,
            }));
        let v = lines(
            shaper,
            &text,
            value,
            width - Pt(110.0),
            Align::Start,
            Role::CoverText,
            Pt(14.0),
        );
        let bottom = height_of(&v);
        page.items
            .extend(v.into_iter().map(|d| flow::shift(d, x + Pt(110.0), y)));
        tag_new(&mut page.items, nodes, page::Kind::P);
        y += bottom + Pt(19.0);
    }
    if !meta.distribution.is_empty() {
        let mut style = Style::new(Family::Sans, Pt(9.0));
        style.color = Rgb::TEXT;
        let text = lines(
            shaper,
            &meta.distribution,
            style,
            width - Pt(24.0),
            Align::Start,
            Role::CoverText,
            Pt(12.5),
        );
        let height = height_of(&text) + Pt(30.0) + Pt(12.0);
        let top = page_style.top + page_style.body_height - height;
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
        let mut heading = Style::new(Family::Sans, Pt(8.0));
        heading.bold = true;
        heading.color = Rgb::MUTED;
        let h = single_line(
            shaper,
            "DISTRIBUTION",
            heading,
            width - Pt(24.0),
            Align::Start,
            Role::CoverText,
        );
        page.items.extend(
            h.into_iter()
                .map(|d| flow::shift(d, x + Pt(12.0), top + Pt(16.0))),
        );
        page.items.extend(
            text.into_iter()
                .map(|d| flow::shift(d, x + Pt(12.0), top + Pt(30.0))),
        );
        tag_new(&mut page.items, nodes, page::Kind::P);
    }
    page
}

/// The banner's colour for a marking, if the scheme gives it one. The text is always
/// printed too: colour is never the only signal.
pub(super) fn banner_color(scheme: MarkingScheme, level: &str) -> Option<Rgb> {
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

/// Lines set `leading` apart (as [`lines`] gives them) as one item: the first baseline where a
/// single line's would be, the item as tall as all its lines and `after` more, so text that
/// wraps pushes what follows down instead of running into it.
fn lines_item(draws: Vec<Item>, leading: Pt, after: Pt) -> flow::FlowItem {
    let height = height_of(&draws) + leading + after;
    // As a single line's item of the same height would have it.
    item_at(draws, height, (leading + after) * 0.76)
}
