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
    /// The footnotes at its foot, in order: each note's number and the lines of it set
    /// here (a note too long for the room left goes on at the foot of the next page).
    pub footnotes: Vec<(u32, std::ops::Range<usize>)>,
}

/// Gap between the body and the footnote separator.
pub const FOOTNOTE_GAP: Pt = Pt(12.0);

/// Lines of notes waiting for a page's foot, in order: a note and its first line not yet set.
type Waiting = std::collections::VecDeque<(u32, usize)>;

/// Splits the flow into pages of `height`, honouring keep-with-next, widows and orphans,
/// forced breaks, repeated table headers and the room footnotes take at the foot. Notes
/// that do not fit where they are cited (a note longer than the room left, a chain of notes
/// citing notes) go on at the foot of the following pages, before that page's own notes,
/// so nothing is ever set past the page's edge.
pub fn paginate(view: &View<'_>, height: Pt) -> Vec<Slice> {
    let items = &view.items;
    let lines = |n: u32| -> &[super::FlowItem] { view.footnotes.get(&n).copied().unwrap_or(&[]) };
    let footnote_height = |n: &u32| -> Pt { lines(*n).iter().map(|i| i.height).sum() };
    let allowed = |b: usize| !items[b - 1].keep_with_next && !items[b].no_break_before;
    let mut pages = Vec::new();
    let mut waiting: Waiting = Waiting::new();
    let mut start = 0;
    while start < items.len() || !waiting.is_empty() {
        let header = view
            .headers
            .get(start)
            .copied()
            .flatten()
            .filter(|&h| h < start);
        let top = header.map_or(Pt::ZERO, |h| items[h].height);
        // What waits from earlier pages comes first, as much as the page holds.
        let mut footnotes = Vec::new();
        let carried = fill(&mut waiting, &mut footnotes, height - top, &lines, true);
        if !waiting.is_empty() || start >= items.len() {
            // Notes alone fill this page (or end the document).
            pages.push(Slice {
                items: start..start,
                header: None,
                footnotes,
            });
            continue;
        }
        let mut y = top;
        let mut present: HashSet<u32> = footnotes.iter().map(|(n, _)| *n).collect();
        let mut notes_height = carried;
        let mut any_notes = carried > Pt::ZERO;
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
            if !any_notes && !new.is_empty() {
                extra += FOOTNOTE_GAP;
            }
            let fits = y + space + item.height + notes_height + extra <= height;
            // Its notes may start here and go on overleaf, as long as their first line fits.
            let first_line = new
                .first()
                .and_then(|n| lines(*n).first())
                .map(|line| line.height + if any_notes { Pt::ZERO } else { FOOTNOTE_GAP });
            let starts = first_line
                .is_some_and(|line| y + space + item.height + notes_height + line <= height);
            // The first item goes on any page, unless notes carried from earlier pages
            // leave it too little room: then it starts the next.
            if (end > start || carried > Pt::ZERO) && !fits && !starts {
                break;
            }
            y += space + item.height;
            notes_height = if fits {
                notes_height + extra
            } else {
                // The foot is full: what follows waits for the next page.
                height - y
            };
            any_notes |= !new.is_empty();
            present.extend(new.iter().copied());
            end += 1;
        }
        if end == start {
            pages.push(Slice {
                items: start..start,
                header: None,
                footnotes,
            });
            continue;
        }
        let mut cut = end;
        if end < items.len()
            && !view.break_before(end)
            && let Some(b) = (start + 1..=end).rev().find(|&b| allowed(b))
        {
            cut = b;
        }
        let cut = cut.max(start + 1);
        // The notes of what stays on the page, in the room its body leaves; what does not fit
        // waits for the next.
        let mut body = top;
        let mut present: HashSet<u32> = footnotes.iter().map(|(n, _)| *n).collect();
        for (i, item) in items[start..cut].iter().enumerate() {
            body += if i == 0 { Pt::ZERO } else { item.space_before } + item.height;
            for n in notes_cited(view, &item.footnotes, &present) {
                present.insert(n);
                waiting.push_back((n, 0));
            }
        }
        let room = height - body - carried;
        let room = if carried == Pt::ZERO {
            room - FOOTNOTE_GAP
        } else {
            room
        };
        fill(&mut waiting, &mut footnotes, room, &lines, false);
        pages.push(Slice {
            items: start..cut,
            header,
            footnotes,
        });
        start = cut;
    }
    pages
}

/// Moves waiting note lines to `out` while they fit in `room`, and gives the height moved.
/// `whole_page`: the room is a page of its own, so at least one line goes even if it is
/// taller than the room (it could fit nowhere else).
fn fill<'a>(
    waiting: &mut Waiting,
    out: &mut Vec<(u32, std::ops::Range<usize>)>,
    room: Pt,
    lines: &impl Fn(u32) -> &'a [super::FlowItem],
    whole_page: bool,
) -> Pt {
    let mut used = Pt::ZERO;
    let gap = if whole_page { FOOTNOTE_GAP } else { Pt::ZERO };
    while let Some(&(n, from)) = waiting.front() {
        let note = lines(n);
        let mut to = from;
        while to < note.len()
            && (used + gap + note[to].height <= room
                || (whole_page && used == Pt::ZERO && to == from))
        {
            used += note[to].height;
            to += 1;
        }
        if to > from {
            out.push((n, from..to));
        }
        if to < note.len() {
            if let Some(w) = waiting.front_mut() {
                w.1 = to;
            }
            break;
        }
        waiting.pop_front();
    }
    if used > Pt::ZERO { used + gap } else { used }
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
