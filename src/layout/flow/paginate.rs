//! Pagination: where the flow breaks into pages, keeping the rules each item carries and
//! each page's footnotes at its foot.

use super::View;
use crate::layout::page::Pt;

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
pub const FOOTNOTE_GAP: Pt = Pt(12.0);

/// Splits the flow into pages of `height`, honouring keep-with-next, widows and orphans,
/// forced breaks, repeated table headers and the room footnotes take at the foot.
pub fn paginate(view: &View<'_>, height: Pt) -> Vec<Slice> {
    let items = &view.items;
    let footnote_height = |n: &u32| -> Pt {
        view.footnotes
            .get(n)
            .map_or(Pt::ZERO, |f| f.iter().map(|i| i.height).sum())
    };
    let allowed = |b: usize| !items[b - 1].keep_with_next && !items[b].no_break_before;
    let mut pages = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let header = view.headers[start].filter(|&h| h < start);
        let mut y = header.map_or(Pt::ZERO, |h| items[h].height);
        let mut notes: Vec<u32> = Vec::new();
        let mut notes_height = Pt::ZERO;
        let mut end = start;
        while end < items.len() {
            let item = items[end];
            if end > start && view.break_before(end) {
                break;
            }
            let space = if end == start {
                Pt::ZERO
            } else {
                item.space_before
            };
            let new: Vec<u32> = item
                .footnotes
                .iter()
                .copied()
                .filter(|n| !notes.contains(n))
                .collect();
            let mut extra: Pt = new.iter().map(footnote_height).sum();
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
