//! Pagination: where the flow breaks into pages, keeping the rules each item carries and
//! each page's footnotes at its foot.

use std::collections::HashSet;

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
        let mut present: HashSet<u32> = HashSet::new();
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
            let new = notes_cited(view, &item.footnotes, &present);
            let mut extra: Pt = new.iter().map(footnote_height).sum();
            if notes.is_empty() && !new.is_empty() {
                extra += FOOTNOTE_GAP;
            }
            if end > start && y + space + item.height + notes_height + extra > height {
                break;
            }
            y += space + item.height;
            notes_height += extra;
            present.extend(new.iter().copied());
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
        let mut present = HashSet::new();
        for item in &items[start..cut] {
            let new = notes_cited(view, &item.footnotes, &present);
            present.extend(new.iter().copied());
            footnotes.extend(new);
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

/// The notes that `cited` brings to a page already holding `present`, in order, each followed
/// by the notes its own text cites (a note cited from a note goes on the same page), none
/// twice. Linear in the notes it adds and what they cite.
fn notes_cited(view: &View<'_>, cited: &[u32], present: &HashSet<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack: Vec<u32> = cited.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        if present.contains(&n) || !seen.insert(n) {
            continue;
        }
        out.push(n);
        if let Some(items) = view.footnotes.get(&n) {
            let inner: Vec<u32> = items
                .iter()
                .flat_map(|i| i.footnotes.iter().copied())
                .collect();
            stack.extend(inner.into_iter().rev());
        }
    }
    out
}
