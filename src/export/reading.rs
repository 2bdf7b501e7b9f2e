//! Reading order for the tagged PDF: the order each page's items are written to its content
//! stream, and the language of each phrase in another script.
//!
//! Layout places a page's items where they look right — the body, then the footnotes at the
//! foot, then the furniture — but the structure tree reads a section's notes at the end of
//! that section and the marking on the first page before everything. A reader that follows
//! the content stream (text extraction, reflow, some screen readers) should meet the text in
//! the order one following the tree does, so the writer paints in the tree's order; where the
//! items land on the page does not change.

use std::collections::HashMap;

use super::tagged::script_language;
use crate::layout::page::{GlyphRun, Item, Node, Page, Tag};

/// The order to write `page`'s items in. Content goes in the order of the structure tree's
/// top-level elements (a section's heading, paragraphs, lists… then its notes); inside one
/// element the layout's order is kept. An artifact is written with the content that follows
/// it (a table header's shading before the header, the rule above the notes before the
/// notes); artifacts before all content (the watermark, which lies under everything) stay
/// first and those after all content stay last. `marking` is the item read out as the
/// document's marking, which the tree reads before everything else.
pub fn paint_order(page: &Page, structure: &[Vec<Node>], marking: Option<usize>) -> Vec<usize> {
    // Units: the artifacts since the last piece of content, then that content.
    let mut units: Vec<((i64, i64), Vec<usize>)> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut lead: Option<Vec<usize>> = None;
    for (index, item) in page.items.iter().enumerate() {
        let key = if marking == Some(index) {
            Some((-1, 0))
        } else {
            content_tag(item)
                .map(|tag| (i64::from(tag.group), i64::from(top_element(structure, tag))))
        };
        pending.push(index);
        let Some(key) = key else { continue };
        if lead.is_none() {
            // Everything before the first content stays under it.
            let last = pending.pop().unwrap_or(index);
            lead = Some(std::mem::take(&mut pending));
            pending.push(last);
        }
        units.push((key, std::mem::take(&mut pending)));
    }
    units.sort_by_key(|(key, _)| *key);
    let mut order = lead.unwrap_or_default();
    order.extend(units.into_iter().flat_map(|(_, unit)| unit));
    order.extend(pending);
    order
}

/// The node a piece of content belongs to, if it is content.
fn content_tag(item: &Item) -> Option<Tag> {
    match item {
        Item::Text(run) if run.tag.is_set() => Some(run.tag),
        Item::Image { tag, .. } if tag.is_set() => Some(*tag),
        _ => None,
    }
}

/// The element under its group's root that holds `tag`'s node (the node itself when it is a
/// root or one of the roots' children).
fn top_element(structure: &[Vec<Node>], tag: Tag) -> u32 {
    let Some(nodes) = structure.get(tag.group as usize) else {
        return tag.node;
    };
    let mut node = tag.node;
    // A tree is at most as deep as it has nodes; the bound keeps a malformed one finite.
    for _ in 0..nodes.len() {
        let Some(parent) = nodes.get(node as usize).and_then(|n| n.parent) else {
            break;
        };
        if nodes.get(parent as usize).and_then(|n| n.parent).is_none() {
            break;
        }
        node = parent;
    }
    node
}

/// One line's share of a phrase: the line (page, baseline bits) and its runs' texts in
/// visual order.
type PhraseLine = ((usize, u32), Vec<String>);

/// A phrase in another script: its language and its text in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase {
    /// The language its letters show (`fa`, `ar`).
    pub language: &'static str,
    /// The whole phrase in logical order, its lines joined by spaces.
    pub text: String,
}

/// The phrases in Arabic script of a document, and which runs belong to each, found page by
/// page as the pages are written.
#[derive(Debug, Default)]
pub struct Phrases {
    /// Item of the page being written → its phrase.
    runs: HashMap<usize, usize>,
    /// Node → the phrase its last run continues, and that run's line (page, baseline).
    open: HashMap<Tag, (usize, (usize, u32))>,
    /// Each phrase's runs, line by line, each line's runs in visual order.
    lines: Vec<Vec<PhraseLine>>,
    /// Each phrase's language from its runs so far.
    languages: Vec<&'static str>,
}

impl Phrases {
    /// Finds the phrases of page `p` (pages come in order): the runs of one structure node in
    /// Arabic script that follow each other in reading order — across a line or a page break
    /// — are one phrase.
    pub fn add_page(&mut self, p: usize, page: &Page) {
        self.runs.clear();
        for (i, item) in page.items.iter().enumerate() {
            let Item::Text(run) = item else { continue };
            if !run.tag.is_set() {
                continue;
            }
            let text = run.text();
            let Some(language) = script_language(&text) else {
                self.open.remove(&run.tag);
                continue;
            };
            let line = (p, run.y.0.to_bits());
            let phrase = match self.open.get(&run.tag) {
                Some(&(phrase, _)) => phrase,
                None => {
                    self.lines.push(Vec::new());
                    self.languages.push(language);
                    self.lines.len() - 1
                }
            };
            if language == "fa" {
                self.languages[phrase] = "fa";
            }
            self.open.insert(run.tag, (phrase, line));
            self.runs.insert(i, phrase);
            let parts = &mut self.lines[phrase];
            match parts.last_mut() {
                Some((at, texts)) if *at == line => texts.push(logical_text(run)),
                _ => parts.push((line, vec![logical_text(run)])),
            }
        }
    }

    /// The phrase the run at `item` of the page last added belongs to: its number and its
    /// language as far as its runs so far tell (Persian once any shows a letter Arabic
    /// lacks).
    pub fn at(&self, item: usize) -> Option<(usize, &'static str)> {
        let phrase = *self.runs.get(&item)?;
        Some((phrase, self.languages.get(phrase).copied()?))
    }

    /// Every phrase whole: its language decided once from all of it (a Persian name whose
    /// second line happens to hold no letter Arabic lacks is still Persian) and its text in
    /// logical order, its lines joined by spaces.
    pub fn finish(self) -> Vec<Phrase> {
        self.lines
            .into_iter()
            .map(|parts| {
                // Runs of one line are in visual order: right to left is the reverse.
                let text = parts
                    .into_iter()
                    .map(|(_, runs)| runs.into_iter().rev().collect::<Vec<_>>().join(""))
                    .collect::<Vec<_>>()
                    .join(" ");
                Phrase {
                    language: script_language(&text).unwrap_or("ar"),
                    text,
                }
            })
            .collect()
    }
}

/// A right-to-left run's text in reading order: its glyphs are in visual order, each with
/// its own characters in logical order.
pub fn logical_text(run: &GlyphRun) -> String {
    let mut out = String::new();
    for glyph in run.glyphs.iter().rev() {
        glyph.text.push_to(&mut out);
    }
    out
}
