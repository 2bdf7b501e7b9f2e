//! Small pieces of set text the cover, contents and furniture share: a run of simple text, a
//! line or a few lines at the origin, and items made from them.

use super::flow;
use super::fonts;
use super::page::{self, Item, Pt, Rect, Role};
use super::paragraph::{self, Align, Shape, Span, Style};
use super::shape::Shaper;

/// A one-line run of simple text (numbers, leaders) without line breaking or bidi, at the
/// origin; returns it with its width.
pub(super) fn simple_run(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    role: Role,
) -> (page::GlyphRun, Pt) {
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
                rise: page::Rise::of(g.y_offset * style.size),
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
            x: Pt::ZERO,
            y: Pt::ZERO,
            angle: 0.0,
            glyphs: std::sync::Arc::new(glyphs),
            role,
            tag: page::Tag::NONE,
            space_after: false,
            scale: 1.0,
        },
        shaped.width * style.size,
    )
}

pub(super) fn doc_title(section: &crate::doc::DocSection) -> String {
    let mut text = String::new();
    if let Some(mark) = &section.portion_mark {
        text.push_str(mark);
        text.push(' ');
    }
    text.push_str(&crate::doc::Inline::plain_text(&section.title));
    text
}

/// Draws set at baseline 0 become an item of `height`.
pub(super) fn line_item(draws: Vec<Item>, height: Pt) -> flow::FlowItem {
    item_at(draws, height, height * 0.76)
}

/// Draws as an item `height` tall, shifted down to `baseline`.
pub(super) fn item_at(draws: Vec<Item>, height: Pt, baseline: Pt) -> flow::FlowItem {
    flow::FlowItem {
        height,
        draws: draws
            .into_iter()
            .map(|d| flow::shift(d, Pt::ZERO, baseline))
            .collect(),
        baseline,
        ..flow::FlowItem::default()
    }
}

/// A line's draws and links become an item; used for the contents entries.
pub(super) fn line_item_from(line: paragraph::Line, height: Pt) -> flow::FlowItem {
    let baseline = height * 0.76;
    let mut item = flow::FlowItem {
        height,
        baseline,
        ..flow::FlowItem::default()
    };
    for run in line.runs {
        item.draws
            .push(flow::shift(Item::Text(run), Pt::ZERO, baseline));
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
pub(super) fn single_line(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    width: Pt,
    align: Align,
    role: Role,
) -> Vec<Item> {
    lines(shaper, text, style, width, align, role, style.size * 1.25)
}

pub(super) fn lines(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    width: Pt,
    align: Align,
    role: Role,
    leading: Pt,
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
    for (i, line) in paragraph::break_lines(shaper, &spans, &shape)
        .into_iter()
        .enumerate()
    {
        for run in line.runs {
            out.push(flow::shift(Item::Text(run), Pt::ZERO, i as f32 * leading));
        }
    }
    out
}

/// Like [`lines`], but a text that takes several lines is set at the narrowest measure that
/// keeps the same number of lines, so its lines come out about equally long (a title
/// balanced over its lines, not a full line and a stray word). A text longer than any title
/// is set as it comes.
pub(super) fn balanced_lines(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    width: Pt,
    align: Align,
    role: Role,
    leading: Pt,
) -> Vec<Item> {
    const LONGEST_BALANCED: usize = 600;
    let count = |shaper: &mut Shaper, w: Pt| {
        let items = lines(shaper, text, style, w, align, role, leading);
        let mut ys: Vec<i64> = items
            .iter()
            .filter_map(|i| match i {
                Item::Text(run) => Some((run.y.0 * 10.0).round() as i64),
                _ => None,
            })
            .collect();
        ys.dedup();
        ys.len()
    };
    if text.len() <= LONGEST_BALANCED {
        let wanted = count(shaper, width);
        if wanted >= 2 {
            let (mut low, mut high) = (width / wanted as f32, width);
            for _ in 0..12 {
                let mid = (low + high) / 2.0;
                if count(shaper, mid) > wanted {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            return lines(shaper, text, style, high, align, role, leading);
        }
    }
    lines(shaper, text, style, width, align, role, leading)
}

pub(super) fn height_of(items: &[Item]) -> Pt {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) => Some(run.y),
            _ => None,
        })
        .fold(Pt::ZERO, Pt::max)
}
