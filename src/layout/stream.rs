//! Layout for an export that writes pages as they are set, so memory does not grow with the
//! document: every section is laid out once to learn its heights (its drawing is dropped at
//! once), the body is paginated and the contents numbered from that, and then each page is
//! set from its sections laid out again — a few at a time — and handed to the writer.
//!
//! The pages are those [`layout`](super::layout) sets (a test compares the files byte for
//! byte); the cost is laying out each section twice.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::contents::{contents, number_contents};
use super::cover::{cover, title_block};
use super::flow::{self, Flow, Slice};
use super::furniture::Furniture;
use super::page::{Node, Page, Pages};
use super::place::{place, view_of};
use super::shape::Shaper;
use super::style::PageStyle;
use super::{anchor_pages, fonts, image};
use crate::diagnostic::Diagnostic;
use crate::doc::Document;

/// Where a streamed layout's pages go.
pub trait PageSink {
    /// Before the first page: the page size, the outline, the anchors and the structure
    /// (in `head`, which holds no pages), and how many pages follow.
    fn begin(&mut self, head: &mut Pages, count: usize);
    /// The next page.
    fn page(&mut self, page: Arc<Page>);
}

/// Where a body item's flow is: the title block (kept whole, it is small) or a section's,
/// laid out again when its pages are set.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Home {
    TitleBlock,
    Section(usize),
}

/// What a streamed layout leaves besides its pages.
pub struct Streamed {
    /// The head the sink was given (size, outline, anchors; the structure was the sink's to
    /// take).
    pub head: Pages,
    /// What layout noticed.
    pub diagnostics: Vec<Diagnostic>,
    /// The most sections held laid out at once while the pages were set.
    pub most_held: usize,
}

/// Lays out `document` and hands its pages to `sink` one at a time.
pub fn layout_streamed(
    document: &Document,
    images: &image::Images,
    shaper: &mut Shaper,
    sink: &mut dyn PageSink,
) -> Streamed {
    let meta = &document.meta;
    let page_style = PageStyle::of(meta);
    let width = page_style.text_width;
    let mut diagnostics = fonts::check_meta_coverage(document);

    // Pass one: each section's heights and breaking rules, its drawing let go.
    let mut skeletons = Vec::with_capacity(document.sections.len());
    let mut structure: Vec<Vec<Node>> = vec![Vec::new(), Vec::new()];
    let compact = meta.compact;
    let title_block = compact.then(|| title_block(shaper, document, width));
    if let Some(title_block) = &title_block {
        structure.push(title_block.nodes.clone());
    }
    for (index, section) in document.sections.iter().enumerate() {
        diagnostics.extend(fonts::check_section_coverage(section));
        let mut laid = flow::section(shaper, document, images, index, width);
        diagnostics.append(&mut laid.diagnostics);
        structure.push(std::mem::take(&mut laid.nodes));
        strip(&mut laid);
        skeletons.push(laid);
    }

    let mut body = flow::View {
        fresh_page: Some(0),
        ..flow::View::default()
    };
    // Each body item's flow and its first item's place, in order; each note's flow.
    let mut starts: Vec<(usize, Home)> = Vec::new();
    let mut note_home: HashMap<u32, Home> = HashMap::new();
    // Structure groups: the cover, the contents, then the body's flows in order.
    let flows = title_block
        .iter()
        .map(|flow| (flow, Home::TitleBlock))
        .chain(
            skeletons
                .iter()
                .enumerate()
                .map(|(index, flow)| (flow, Home::Section(index))),
        );
    for (group, (flow, home)) in (2..).zip(flows) {
        starts.push((body.items.len(), home));
        note_home.extend(flow.footnotes.keys().map(|n| (*n, home)));
        body.push(flow, group);
    }
    let slices = flow::paginate(&body, page_style.body_height);

    let anchor_page = anchor_pages(&body, &slices);
    let has_contents = !compact && !document.sections.is_empty();
    let (mut toc, entries) = contents(shaper, document, width);
    let contents_pages = if has_contents {
        flow::paginate(&view_of(&toc, 1), page_style.body_height).len()
    } else {
        0
    };
    let first_body = usize::from(!compact) + contents_pages;
    let total = first_body + slices.len();

    // The pages before the body are set now (they are few); the body's are only measured
    // for the outline and the anchors, which the writer needs before the first page.
    let mut head = Pages {
        width: page_style.width,
        height: page_style.height,
        ..Pages::default()
    };
    let furniture = Furniture::new(shaper, document, &page_style);
    let finish = |shaper: &mut Shaper, mut page: Page, index: usize| {
        furniture.apply(shaper, &mut page, index, total, compact, &page_style);
        Arc::new(page)
    };
    let mut front = Vec::new();
    if !compact {
        let page = cover(shaper, document, &page_style, &mut structure[0]);
        front.push(finish(shaper, page, 0));
    }
    if has_contents {
        number_contents(shaper, &mut toc, &entries, &anchor_page, first_body, width);
        structure[1] = toc.nodes.clone();
        let view = view_of(&toc, 1);
        for slice in flow::paginate(&view, page_style.body_height) {
            let mut page = Page::default();
            let index = front.len();
            place(
                &mut page,
                &mut head,
                &view,
                &slice,
                &page_style,
                (index, true),
            );
            front.push(finish(shaper, page, index));
        }
    }
    for (i, slice) in slices.iter().enumerate() {
        place(
            &mut Page::default(),
            &mut head,
            &body,
            slice,
            &page_style,
            (first_body + i, false),
        );
    }
    head.structure = structure;
    sink.begin(&mut head, total);
    for page in front {
        sink.page(page);
    }

    // Pass two: each body page from its sections laid out again, those behind it let go.
    let home_of = |item: usize| -> (Home, usize) {
        let at = starts.partition_point(|(start, _)| *start <= item) - 1;
        (starts[at].1, item - starts[at].0)
    };
    let mut loaded: BTreeMap<usize, Flow> = BTreeMap::new();
    let mut most_held = 0;
    let mut scratch = Pages::default();
    let needs = |slice: &Slice| -> Vec<Home> {
        let mut homes: Vec<Home> = slice
            .header
            .into_iter()
            .chain(slice.items.clone())
            .map(|item| home_of(item).0)
            .chain(
                slice
                    .footnotes
                    .iter()
                    .filter_map(|(n, _)| note_home.get(n).copied()),
            )
            .collect();
        homes.dedup();
        homes
    };
    let mut wanted = slices.first().map(needs).unwrap_or_default();
    for (i, slice) in slices.iter().enumerate() {
        for &home in &wanted {
            if let Home::Section(index) = home {
                loaded
                    .entry(index)
                    .or_insert_with(|| flow::section(shaper, document, images, index, width));
            }
        }
        most_held = most_held.max(loaded.len());
        let flow_of = |home: Home| -> Option<&Flow> {
            match home {
                Home::TitleBlock => title_block.as_ref(),
                Home::Section(index) => loaded.get(&index),
            }
        };
        // A view of this page's items alone: the header, then the slice.
        let mut view = flow::View::default();
        let mut local = Slice {
            items: 0..0,
            header: None,
            footnotes: slice.footnotes.clone(),
        };
        for (n, item) in slice
            .header
            .into_iter()
            .chain(slice.items.clone())
            .enumerate()
        {
            let (home, place_in) = home_of(item);
            let Some(full) = flow_of(home).and_then(|f| f.items.get(place_in)) else {
                continue;
            };
            view.items.push(full);
            view.groups.push(body.groups[item]);
            view.headers.push(None);
            if n == 0 && slice.header.is_some() {
                local.header = Some(0);
                local.items = 1..1;
            }
        }
        local.items.end = view.items.len();
        for (n, _) in &slice.footnotes {
            let lines = note_home
                .get(n)
                .and_then(|home| flow_of(*home))
                .and_then(|f| f.footnotes.get(n));
            if let Some(lines) = lines {
                view.footnotes.insert(*n, lines);
                view.footnote_groups
                    .insert(*n, body.footnote_groups.get(n).copied().unwrap_or(0));
            }
        }
        let index = first_body + i;
        let mut page = Page::default();
        place(
            &mut page,
            &mut scratch,
            &view,
            &local,
            &page_style,
            (index, true),
        );
        drop(view);
        sink.page(finish(shaper, page, index));
        // Sections the next page does not show are let go.
        wanted = slices.get(i + 1).map(needs).unwrap_or_default();
        loaded.retain(|index, _| wanted.contains(&Home::Section(*index)));
    }
    Streamed {
        head,
        diagnostics,
        most_held,
    }
}

/// A flow without what it draws: its heights, breaking rules, notes cited, outline and
/// anchors are what pagination reads.
fn strip(flow: &mut Flow) {
    for item in flow
        .items
        .iter_mut()
        .chain(flow.footnotes.values_mut().flatten())
    {
        item.draws = Vec::new();
        item.links = Vec::new();
    }
}
