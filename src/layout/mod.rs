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

/// The laid-out pages and what layout noticed.
#[derive(Debug)]
pub(crate) struct Laid {
    /// The pages.
    pub pages: Pages,
    /// Diagnostics (characters no font has, images not placed…).
    pub diagnostics: Vec<Diagnostic>,
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
    let page_style = PageStyle::of(meta);
    let mut diagnostics = fonts::check_meta_coverage(document);
    let mut sections = Vec::with_capacity(document.sections.len());
    for (index, section) in document.sections.iter().enumerate() {
        let key = section_key(document, images, index, section, page_style.text_width);
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
    for (_, section_flow, _) in &sections {
        body.push(section_flow, group_index(&structure));
        structure.push(section_flow.nodes.clone());
    }
    let slices = flow::paginate(&body, page_style.body_height);

    // Where each section and anchored heading starts, counted within the body.
    let mut anchor_page: BTreeMap<String, usize> = BTreeMap::new();
    for (page, slice) in slices.iter().enumerate() {
        for item in &body.items[slice.items.clone()] {
            let item: &flow::FlowItem = item;
            if let Some((_, _, Some(id))) = &item.outline {
                anchor_page.entry(id.clone()).or_insert(page);
            }
        }
    }

    // The contents are laid out twice: once to count their pages, once with the numbers.
    let has_contents = !compact && !document.sections.is_empty();
    // The contents' entries do not depend on the page numbers (they sit in a column of their
    // own), so the entries are laid out once, paginated, and then numbered.
    let (mut toc, entry_items) = contents(shaper, document, page_style.text_width);
    let contents_pages = if has_contents {
        flow::paginate(&view_of(&toc, 1), page_style.body_height).len()
    } else {
        0
    };
    let first_body = usize::from(!compact) + contents_pages;
    let total = first_body + slices.len();

    let mut pages = Pages {
        width: page_style.width,
        height: page_style.height,
        ..Pages::default()
    };
    if !compact {
        pages
            .pages
            .push(cover(shaper, document, &page_style, &mut structure[0]));
    }
    if has_contents {
        number_contents(
            shaper,
            &mut toc,
            &entry_items,
            &anchor_page,
            first_body,
            page_style.text_width,
        );
        structure[1] = toc.nodes.clone();
        let view = view_of(&toc, 1);
        for slice in flow::paginate(&view, page_style.body_height) {
            let mut page = Page::default();
            place(&mut page, &mut pages, &view, &slice, &page_style);
            pages.pages.push(page);
        }
    }
    for slice in &slices {
        let mut page = Page::default();
        place(&mut page, &mut pages, &body, slice, &page_style);
        pages.pages.push(page);
    }
    let furniture = Furniture::new(shaper, document, &page_style);
    for (index, page) in pages.pages.iter_mut().enumerate() {
        furniture.apply(shaper, page, index, total, compact, &page_style);
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
    width: Pt,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    section.hash(&mut hasher);
    document.sources.hash(&mut hasher);
    if document.meta.numbered_headings {
        index.hash(&mut hasher);
    }
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
