//! Preparing a paragraph for the line breaker: spans shaped into fragments by bidi level and
//! face, words hyphenated, and the fragments turned into boxes, glue and penalties.

use std::sync::{Arc, OnceLock};

use hyphenation::{Hyphenator, Language, Load, Standard};

use super::{EMERGENCY_COST, HYPHEN_COST, MAX_LINE_BYTES, Span, Style};

/// Letters a hyphenated word keeps on either side of the break.
const MIN_FRAGMENT: usize = 3;
/// Fragments shorter than this cost more to break off.
const SHORT_FRAGMENT: usize = 5;
use crate::layout::fonts::FaceId;
use crate::layout::page::Pt;
use crate::layout::shape::{Shaped, Shaper};

/// A shaped piece of one span, one bidi level and one face.
#[derive(Clone, Debug)]
pub(super) struct Frag {
    pub(super) shaped: Arc<Shaped>,
    pub(super) face: FaceId,
    pub(super) style: Style,
    pub(super) level: u8,
    pub(super) span: usize,
    pub(super) width: Pt,
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
    /// Fragments `frags` of the fragment list.
    Box { frags: std::ops::Range<usize> },
    /// A space.
    Glue { stretch: Pt, shrink: Pt, level: u8 },
    /// A break opportunity; `hyphen` is the fragment of the hyphen to add when breaking here;
    /// `flagged` marks a break that leaves a hyphen at the line's end (added, or a word's own
    /// hyphen), which may not end two lines in a row.
    Penalty {
        cost: f32,
        hyphen: Option<usize>,
        flagged: bool,
    },
}

#[derive(Clone, Debug)]
pub(super) struct Element {
    pub(super) kind: Kind,
    pub(super) width: Pt,
}

pub(super) fn dictionary() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

pub(super) struct Builder<'a, 's> {
    pub(super) shaper: &'a mut Shaper,
    pub(super) spans: &'s [Span],
    pub(super) frags: Vec<Frag>,
    pub(super) elements: Vec<Element>,
    pub(super) width: Pt,
}

impl Builder<'_, '_> {
    /// Adds the boxes of one word (text[start..end]), hyphenated and split as needed.
    pub(super) fn word(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        span_at: &dyn Fn(usize) -> usize,
        level_at: &dyn Fn(usize) -> u8,
        hyphenate: bool,
    ) {
        if start >= end {
            return;
        }
        let word = &text[start..end];
        let cuts = if hyphenate && span_at(start) == span_at(end - 1) {
            hyphenation_points(word)
        } else {
            Vec::new()
        };
        let mut pieces = Vec::new();
        let mut last = 0;
        let mut costs = Vec::new();
        for &(cut, cost) in &cuts {
            pieces.push(start + last..start + cut);
            costs.push(cost);
            last = cut;
        }
        pieces.push(start + last..end);
        for (index, piece) in pieces.iter().enumerate() {
            // A piece longer than any line can hold is broken between characters at once,
            // without shaping it whole first.
            let width = if piece.len() > MAX_LINE_BYTES {
                None
            } else {
                let first = self.frags.len();
                self.fragments(text, piece.clone(), span_at, level_at);
                let width: Pt = self.frags[first..].iter().map(|f| f.width).sum();
                if width > self.width {
                    self.frags.truncate(first);
                    None
                } else {
                    self.elements.push(Element {
                        kind: Kind::Box {
                            frags: first..self.frags.len(),
                        },
                        width,
                    });
                    Some(width)
                }
            };
            if width.is_none() {
                self.emergency(text, piece.clone(), span_at, level_at);
            }
            if index + 1 < pieces.len() {
                let hyphen = self.hyphen_frag(span_at(piece.end - 1));
                let width = self.frags[hyphen].width;
                self.elements.push(Element {
                    kind: Kind::Penalty {
                        cost: costs[index],
                        hyphen: Some(hyphen),
                        flagged: true,
                    },
                    width,
                });
            }
        }
    }

    /// A word too wide for the line, broken between characters into pieces that fit.
    pub(super) fn emergency(
        &mut self,
        text: &str,
        range: std::ops::Range<usize>,
        span_at: &dyn Fn(usize) -> usize,
        level_at: &dyn Fn(usize) -> u8,
    ) {
        let mut chunk_start = range.start;
        let mut chunk_width = Pt::ZERO;
        let mut chunks = Vec::new();
        for (offset, c) in text[range.clone()].char_indices() {
            let at = range.start + offset;
            let span = &self.spans[span_at(at)];
            let face = self
                .shaper
                .face_for(span.style.face(), c)
                .unwrap_or(span.style.face());
            let w = self
                .shaper
                .shape(face, c.encode_utf8(&mut [0; 4]), false)
                .width
                * span.style.size;
            if chunk_width + w > self.width && at > chunk_start {
                chunks.push(chunk_start..at);
                chunk_start = at;
                chunk_width = Pt::ZERO;
            }
            chunk_width += w;
        }
        chunks.push(chunk_start..range.end);
        let count = chunks.len();
        for (index, chunk) in chunks.into_iter().enumerate() {
            let first = self.frags.len();
            self.fragments(text, chunk, span_at, level_at);
            let width = self.frags[first..].iter().map(|f| f.width).sum();
            self.elements.push(Element {
                kind: Kind::Box {
                    frags: first..self.frags.len(),
                },
                width,
            });
            if index + 1 < count {
                self.elements.push(Element {
                    kind: Kind::Penalty {
                        cost: EMERGENCY_COST,
                        hyphen: None,
                        flagged: false,
                    },
                    width: Pt::ZERO,
                });
            }
        }
    }

    /// Shapes text[range] into fragments, split where the span, bidi level or face changes.
    pub(super) fn fragments(
        &mut self,
        text: &str,
        range: std::ops::Range<usize>,
        span_at: &dyn Fn(usize) -> usize,
        level_at: &dyn Fn(usize) -> u8,
    ) {
        let mut run_start = range.start;
        let mut current: Option<(usize, u8, FaceId)> = None;
        for (offset, c) in text[range.clone()].char_indices() {
            let at = range.start + offset;
            let span = span_at(at);
            let wanted = self.spans[span].style.face();
            let face = self.shaper.face_for(wanted, c).unwrap_or(wanted);
            // Marks and joiners stay in the face of the letter they belong to.
            let key = match current {
                Some((s, l, f)) if is_combining(c) => (s, l, f),
                _ => (span, level_at(at), face),
            };
            if current.is_some_and(|k| k != key) {
                self.push_frag(text, run_start..at, current);
                run_start = at;
            }
            current = Some(key);
        }
        self.push_frag(text, run_start..range.end, current);
    }

    pub(super) fn push_frag(
        &mut self,
        text: &str,
        range: std::ops::Range<usize>,
        key: Option<(usize, u8, FaceId)>,
    ) {
        let Some((span, level, face)) = key else {
            return;
        };
        if range.is_empty() {
            return;
        }
        let style = self.spans[span].style;
        let shaped = self.shaper.shape(face, &text[range], level % 2 == 1);
        let width = shaped.width * style.size;
        self.frags.push(Frag {
            shaped,
            face,
            style,
            level,
            span,
            width,
        });
    }

    pub(super) fn hyphen_frag(&mut self, span: usize) -> usize {
        let style = self.spans[span].style;
        let face = style.face();
        let mut hyphen = (*self.shaper.shape(face, "-", false)).clone();
        for glyph in &mut hyphen.glyphs {
            glyph.text = crate::layout::page::GlyphText::Hyphen;
        }
        let shaped = Arc::new(hyphen);
        let width = shaped.width * style.size;
        self.frags.push(Frag {
            shaped,
            face,
            style,
            level: 0,
            span,
            width,
        });
        self.frags.len() - 1
    }
}

/// Where a word may be hyphenated (byte offsets into it) and what each break costs. Only a
/// lower-case word of Latin letters is hyphenated (with punctuation around it, as in
/// "attack," or "(attribution)"): never a capitalised name or an acronym, a word with
/// digits, an address or code; each fragment keeps at least three letters, and a break that
/// leaves fewer than five on a side costs more.
pub(super) fn hyphenation_points(word: &str) -> Vec<(usize, f32)> {
    let core_start = word.len()
        - word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let core = word[core_start..].trim_end_matches(|c: char| !c.is_alphanumeric());
    let letters = core.chars().count();
    if letters < 2 * MIN_FRAGMENT
        || !core
            .chars()
            .all(|c| c.is_alphabetic() && c.is_lowercase() && (c as u32) < 0x250)
    {
        return Vec::new();
    }
    let Some(dict) = dictionary() else {
        return Vec::new();
    };
    dict.hyphenate(core)
        .breaks
        .into_iter()
        .filter(|&cut| core.is_char_boundary(cut))
        .filter_map(|cut| {
            let before = core[..cut].chars().count();
            let after = letters - before;
            let shortest = before.min(after);
            (shortest >= MIN_FRAGMENT).then(|| {
                let short = SHORT_FRAGMENT.saturating_sub(shortest) as f32;
                (core_start + cut, HYPHEN_COST + 40.0 * short)
            })
        })
        .collect()
}

pub(super) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x200C | 0x200D)
}
