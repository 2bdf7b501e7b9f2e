//! Placing a page's share of a flow: its items at their heights, its footnotes at the foot,
//! its links, outline entries and section regions.

use super::flow;
use super::page::{self, Item, Link, OutlineEntry, Page, Pages, Pt, Rect, Region, Rgb};
use super::style::PageStyle;

/// A view of one flow, all of it in structure group `group`.
pub(super) fn view_of(flow: &flow::Flow, group: u32) -> flow::View<'_> {
    let mut view = flow::View::default();
    view.push(flow, group);
    view
}

pub(super) fn group_index(structure: &[Vec<page::Node>]) -> u32 {
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

/// Places a page's share of a flow as page `index`, then its footnotes at the foot; with
/// `draw` unset, only records the page's outline entries and anchors in `pages` (for a page
/// kept from the last layout, or laid out again later).
pub(super) fn place(
    page: &mut Page,
    pages: &mut Pages,
    flow: &flow::View<'_>,
    slice: &flow::Slice,
    page_style: &PageStyle,
    (index, draw): (usize, bool),
) {
    let mut y = page_style.top;
    let mut regions: Vec<Region> = Vec::new();
    let mut put = |item: &flow::FlowItem,
                   y: Pt,
                   (group, repeat): (u32, bool),
                   page: &mut Page,
                   pages: &mut Pages| {
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
        if !draw {
            return;
        }
        for draw in &item.draws {
            let draw = regroup(draw.clone(), group, repeat);
            page.items.push(flow::shift(draw, page_style.left, y));
        }
        for (rect, goal) in &item.links {
            page.links.push(Link {
                rect: Rect {
                    x: rect.x + page_style.left,
                    y: rect.y + y,
                    ..*rect
                },
                goal: goal.clone(),
            });
        }
        if let Some(section) = &item.section {
            match regions.last_mut() {
                Some(region) if region.section == *section => {
                    region.rect.h = y + item.height - region.rect.y;
                }
                _ => regions.push(Region {
                    section: section.clone(),
                    rect: Rect {
                        x: page_style.left,
                        y,
                        w: page_style.text_width,
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
            .filter_map(|(n, lines)| {
                let group = flow.footnote_groups.get(n).copied().unwrap_or(0);
                flow.footnotes
                    .get(n)
                    .and_then(|items| items.get(lines.clone()))
                    .map(|items| (items, group))
            })
            .flat_map(|(items, group)| items.iter().map(move |i| (i, group)))
            .collect();
        let height: Pt = notes.iter().map(|n| n.0.height).sum();
        let mut y = page_style.bottom() - height;
        page.items.push(Item::Line {
            from: (page_style.left, y - Pt(5.0)),
            to: (
                page_style.left + page_style.text_width * PageStyle::FOOTNOTE_RULE,
                y - Pt(5.0),
            ),
            width: Pt(0.5),
            color: Rgb::RULE,
        });
        for (note, group) in notes {
            put(note, y, (group, false), page, pages);
            y += note.height;
        }
    }
    page.regions = regions;
}
