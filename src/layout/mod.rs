//! Typesetting: the composed document → pages of positioned glyphs, rules and links, which
//! both the PDF writer and the preview draw. All lengths are in points.
//!
//! fonts → shape (harfrust) → paragraph (bidi, Knuth–Plass in TeX's passes, hyphenation,
//! margin kerning, font expansion) → flow (blocks as unbreakable items with keep rules, in the
//! full or the compact type scale) → pagination → pages with cover, contents and furniture.
//! `typography` measures the result as a reader of the PDF's character boxes would.

pub mod dump;
pub mod flow;
pub mod fonts;
pub mod image;
pub mod page;
pub mod paragraph;
pub mod shape;
pub mod typography;

mod contents;
mod cover;
mod furniture;
mod place;
mod stream;
mod style;
mod text;
mod watermark;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::doc::Document;
use contents::{contents, number_contents};
use cover::{cover, title_block};
use furniture::Furniture;
use page::{Page, Pages, Pt};
use place::{group_index, place, view_of};
use shape::Shaper;
use style::PageStyle;

pub use dump::dump;
pub use stream::{PageSink, Streamed, layout_streamed};

/// The laid-out pages and what layout noticed.
#[derive(Debug)]
pub(crate) struct Laid {
    /// The pages.
    pub pages: Pages,
    /// Diagnostics (characters no font has, images not placed…).
    pub diagnostics: Vec<Diagnostic>,
}

/// Section flows kept between layouts, keyed by everything a section's layout depends on,
/// so an edit re-lays out only the section it touched; and the last layout's body pages,
/// keyed by what they were placed from, so a page an edit did not reach is not placed again.
#[derive(Default)]
pub struct Cache {
    sections: std::collections::HashMap<u64, (flow::Flow, Vec<Diagnostic>)>,
    /// The hash of each section of the last layout, by its address (the section is held
    /// here, so its address stays its own).
    hashes: std::collections::HashMap<usize, (std::sync::Arc<crate::doc::DocSection>, u64)>,
    /// The metadata the pages were set with (their furniture shows it).
    meta: Option<crate::doc::DocMeta>,
    pages: std::collections::HashMap<Vec<u64>, std::sync::Arc<Page>>,
    /// The contents' entries as laid out (before numbering), by [`contents_key`], with the
    /// number of pages they take.
    contents: Option<(u64, flow::Flow, Vec<contents::Entry>, usize)>,
    /// The numbered contents, their page breaks and pages, by the entries, their page
    /// numbers and the page count.
    numbered: Option<Numbered>,
}

/// The numbered contents kept between layouts: their key (the entries, their page numbers,
/// the page count), the numbered flow, its page breaks and its pages.
type Numbered = (
    Vec<u64>,
    flow::Flow,
    Vec<flow::Slice>,
    Vec<std::sync::Arc<Page>>,
);

/// The body page (counted within the body) where each section and anchored heading starts.
fn anchor_pages(body: &flow::View<'_>, slices: &[flow::Slice]) -> BTreeMap<String, usize> {
    let mut anchor_page = BTreeMap::new();
    for (page, slice) in slices.iter().enumerate() {
        for item in &body.items[slice.items.clone()] {
            if let Some((_, _, Some(id))) = &item.outline {
                anchor_page.entry(id.clone()).or_insert(page);
            }
        }
    }
    anchor_page
}

/// What the contents' entries depend on: each section's id and title, the headings to the
/// contents' depth, their numbering and the measure. Reads titles and headings only, not
/// the sections' text.
fn contents_key(document: &Document, width: Pt) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    width.0.to_bits().hash(&mut hasher);
    let meta = &document.meta;
    (meta.numbered_headings, meta.contents_depth).hash(&mut hasher);
    for section in &document.sections {
        (&section.id, &section.title).hash(&mut hasher);
        for block in &section.blocks {
            if let crate::doc::BlockKind::Heading { level, content } = &block.kind {
                (level, content).hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// What a body page is placed from, when every part of it comes from a kept flow: its
/// number, the page count, and each item's and note's flow, place and structure group.
fn page_key(
    view: &flow::View<'_>,
    slice: &flow::Slice,
    index: usize,
    total: usize,
) -> Option<Vec<u64>> {
    let mut key = Vec::with_capacity(4 + 3 * slice.items.len() + 5 * slice.footnotes.len());
    key.extend([index as u64, total as u64]);
    for i in slice.header.into_iter().chain(slice.items.clone()) {
        let (flow, place) = view.sources.get(i).copied().flatten()?;
        key.extend([flow, u64::from(place), u64::from(view.groups[i])]);
    }
    key.push(u64::MAX);
    for (n, lines) in &slice.footnotes {
        let flow = view.footnote_sources.get(n)?;
        let group = view.footnote_groups.get(n).copied().unwrap_or(0);
        key.extend([
            *flow,
            u64::from(*n),
            lines.start as u64,
            lines.end as u64,
            u64::from(group),
        ]);
    }
    Some(key)
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
    let page_style = PageStyle::of(meta);
    let mut diagnostics = fonts::check_meta_coverage(document);
    let shared = shared_key(document, images, page_style.text_width);
    let mut sections = Vec::with_capacity(document.sections.len());
    let mut last_hashes = std::mem::take(&mut cache.hashes);
    for (index, section) in document.sections.iter().enumerate() {
        // A section compose handed over last time as well is known by its address (the
        // cache holds it, so the address is not reused); any other is read and hashed.
        let address = std::sync::Arc::as_ptr(section) as usize;
        let content = match last_hashes.remove(&address) {
            Some((_, hash)) => hash,
            None => {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                section.hash(&mut hasher);
                hasher.finish()
            }
        };
        cache
            .hashes
            .insert(address, (std::sync::Arc::clone(section), content));
        let key = section_key(document, shared, index, content);
        let (section_flow, section_diagnostics) = match cache.sections.remove(&key) {
            Some(hit) => hit,
            None => {
                let mut found = fonts::check_section_coverage(section);
                let laid = flow::section(shaper, document, images, index, page_style.text_width);
                found.extend(laid.diagnostics.iter().cloned());
                (laid, found)
            }
        };
        diagnostics.extend(section_diagnostics.iter().cloned());
        sections.push((key, section_flow, section_diagnostics));
    }
    let compact = meta.compact;
    let title_block = compact.then(|| title_block(shaper, document, page_style.text_width));
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
    for (key, section_flow, _) in &sections {
        body.push_keyed(section_flow, group_index(&structure), Some(*key));
        structure.push(section_flow.nodes.clone());
    }
    let slices = flow::paginate(&body, page_style.body_height);

    let anchor_page = anchor_pages(&body, &slices);

    // The contents are laid out twice: once to count their pages, once with the numbers.
    let has_contents = !compact && !document.sections.is_empty();
    // The contents' entries do not depend on the page numbers (they sit in a column of their
    // own), so the entries are laid out once, paginated, and then numbered.
    // Both are kept between layouts: a keystroke in a section's text changes neither.
    let same_meta = cache.meta.as_ref() == Some(meta);
    let toc_key = contents_key(document, page_style.text_width);
    let (toc, entry_items, toc_pages) = match cache.contents.take() {
        Some((key, toc, entries, count)) if key == toc_key => (toc, entries, count),
        _ => {
            let (toc, entries) = contents(shaper, document, page_style.text_width);
            let count = flow::paginate(&view_of(&toc, 1), page_style.body_height).len();
            (toc, entries, count)
        }
    };
    let contents_pages = if has_contents { toc_pages } else { 0 };
    let first_body = usize::from(!compact) + contents_pages;
    let total = first_body + slices.len();

    let mut pages = Pages {
        width: page_style.width,
        height: page_style.height,
        ..Pages::default()
    };
    let furniture = Furniture::new(shaper, document, &page_style);
    let finish = |shaper: &mut Shaper, mut page: Page, pages: &mut Pages| {
        let index = pages.pages.len();
        furniture.apply(shaper, &mut page, index, total, compact, &page_style);
        let page = std::sync::Arc::new(page);
        pages.pages.push(std::sync::Arc::clone(&page));
        page
    };
    if !compact {
        let page = cover(shaper, document, &page_style, &mut structure[0]);
        finish(shaper, page, &mut pages);
    }
    if has_contents {
        let mut key = vec![toc_key, first_body as u64, total as u64];
        key.extend(contents::entry_pages(&entry_items, &anchor_page));
        let numbered = match cache.numbered.take() {
            Some(numbered) if same_meta && numbered.0 == key => {
                let (_, toc, slices, toc_pages) = &numbered;
                let view = view_of(toc, 1);
                for (slice, page) in slices.iter().zip(toc_pages) {
                    let index = pages.pages.len();
                    place(
                        &mut Page::default(),
                        &mut pages,
                        &view,
                        slice,
                        &page_style,
                        (index, false),
                    );
                    pages.pages.push(std::sync::Arc::clone(page));
                }
                numbered
            }
            _ => {
                let mut numbered_toc = toc.clone();
                number_contents(
                    shaper,
                    &mut numbered_toc,
                    &entry_items,
                    &anchor_page,
                    first_body,
                    page_style.text_width,
                );
                let view = view_of(&numbered_toc, 1);
                let slices = flow::paginate(&view, page_style.body_height);
                let mut toc_pages = Vec::with_capacity(slices.len());
                for slice in &slices {
                    let mut page = Page::default();
                    let index = pages.pages.len();
                    place(
                        &mut page,
                        &mut pages,
                        &view,
                        slice,
                        &page_style,
                        (index, true),
                    );
                    toc_pages.push(finish(shaper, page, &mut pages));
                }
                drop(view);
                (key, numbered_toc, slices, toc_pages)
            }
        };
        structure[1] = numbered.1.nodes.clone();
        cache.numbered = Some(numbered);
    }
    cache.contents = Some((toc_key, toc, entry_items, toc_pages));
    // A body page placed from the same kept flows as last time, under the same metadata, is
    // the last layout's page (its outline entries and anchors are recorded again).
    let mut last = match same_meta {
        true => std::mem::take(&mut cache.pages),
        false => Default::default(),
    };
    let mut kept = std::collections::HashMap::with_capacity(slices.len());
    for slice in &slices {
        let index = pages.pages.len();
        let key = page_key(&body, slice, index, total);
        let page = match key.as_ref().and_then(|key| last.remove(key)) {
            Some(page) => {
                place(
                    &mut Page::default(),
                    &mut pages,
                    &body,
                    slice,
                    &page_style,
                    (index, false),
                );
                pages.pages.push(std::sync::Arc::clone(&page));
                page
            }
            None => {
                let mut page = Page::default();
                place(
                    &mut page,
                    &mut pages,
                    &body,
                    slice,
                    &page_style,
                    (index, true),
                );
                finish(shaper, page, &mut pages)
            }
        };
        if let Some(key) = key {
            kept.insert(key, page);
        }
    }
    cache.pages = kept;
    cache.meta = Some(meta.clone());
    drop(body);
    pages.structure = structure;
    cache.sections = sections
        .into_iter()
        .map(|(key, flow, found)| (key, (flow, found)))
        .collect();
    Laid { pages, diagnostics }
}

/// What every section's layout depends on besides its own content: the ledger entries (a
/// sources list shows them), whether headings are numbered, the type scale, the measure and
/// the pictures. Hashed once a layout, not once a section.
fn shared_key(document: &Document, images: &image::Images, width: Pt) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    document.sources.hash(&mut hasher);
    document.meta.numbered_headings.hash(&mut hasher);
    // A compact variant sets its sections in its own type scale.
    document.meta.compact.hash(&mut hasher);
    width.0.to_bits().hash(&mut hasher);
    for (src, picture) in images {
        src.hash(&mut hasher);
        (picture.width, picture.height).hash(&mut hasher);
        std::sync::Arc::as_ptr(picture).hash(&mut hasher);
    }
    hasher.finish()
}

/// What a section's layout depends on: its content (hashed as `content`), its position
/// when headings are numbered, and the [`shared_key`].
fn section_key(document: &Document, shared: u64, index: usize, content: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    shared.hash(&mut hasher);
    content.hash(&mut hasher);
    if document.meta.numbered_headings {
        index.hash(&mut hasher);
    }
    hasher.finish()
}
