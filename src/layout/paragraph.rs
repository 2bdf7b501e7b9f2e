//! Paragraphs: styled spans → shaped fragments → Knuth–Plass line breaking over the whole
//! paragraph (with hyphenation) → lines of glyph runs in visual order (bidi).

use std::sync::{Arc, OnceLock};

use hyphenation::{Hyphenator, Language, Load, Standard};
use unicode_bidi::BidiInfo;
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FaceId, Family, select};
use super::page::{GlyphRun, GlyphText, Item, LinkGoal, PlacedGlyph, Rect, Rgb, Role};
use super::shape::{Shaped, Shaper, metrics};

/// How a span of text is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Font family.
    pub family: Family,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Size.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
    /// Struck through.
    pub strike: bool,
    /// Raised above the baseline (superscripts).
    pub rise: f32,
}

impl Style {
    /// Regular text of a family and size.
    pub fn new(family: Family, size: f32) -> Self {
        Self {
            family,
            bold: false,
            italic: false,
            size,
            color: Rgb::TEXT,
            strike: false,
            rise: 0.0,
        }
    }

    fn face(&self) -> FaceId {
        select(self.family, self.bold, self.italic)
    }
}

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The text; `\n` forces a line break.
    pub text: String,
    /// Its style.
    pub style: Style,
    /// Where it links to.
    pub link: Option<LinkGoal>,
    /// The footnote it refers to.
    pub footnote: Option<u32>,
}

/// Horizontal alignment of lines that are not justified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left (flush right in a right-to-left paragraph).
    Start,
    /// Centred.
    Center,
    /// Flush right.
    End,
}

/// How a paragraph is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    /// Line width.
    pub width: f32,
    /// Distance between baselines.
    pub leading: f32,
    /// Justify all lines but the last.
    pub justify: bool,
    /// Hyphenate English words.
    pub hyphenate: bool,
    /// Alignment when not justified.
    pub align: Align,
    /// Role of the text, carried to every run.
    pub role: Role,
}

/// One laid-out line. Coordinates are relative to the line's left end and its baseline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    /// Height above the baseline.
    pub ascent: f32,
    /// Height of the line box (baseline to baseline).
    pub height: f32,
    /// The text.
    pub runs: Vec<GlyphRun>,
    /// Strike-through rules and other decoration.
    pub decorations: Vec<Item>,
    /// Link areas.
    pub links: Vec<(Rect, LinkGoal)>,
    /// Footnotes cited on this line.
    pub footnotes: Vec<u32>,
    /// Width of the set text.
    pub width: f32,
}

/// A shaped piece of one span, one bidi level and one face.
#[derive(Clone, Debug)]
struct Frag {
    shaped: Arc<Shaped>,
    face: FaceId,
    style: Style,
    level: u8,
    span: usize,
    width: f32,
}

#[derive(Clone, Debug)]
enum Kind {
    /// Fragments `frags` of the fragment list.
    Box { frags: std::ops::Range<usize> },
    /// A space.
    Glue {
        stretch: f32,
        shrink: f32,
        level: u8,
    },
    /// A break opportunity; `hyphen` is the style of the hyphen to add when breaking here.
    Penalty { cost: f32, hyphen: Option<usize> },
}

#[derive(Clone, Debug)]
struct Element {
    kind: Kind,
    width: f32,
}

const INFINITE: f32 = 10_000.0;
const HYPHEN_COST: f32 = 50.0;
const EMERGENCY_COST: f32 = 1_000.0;
/// More bytes than any line holds, whatever the face and measure (a line is at most a few
/// hundred characters wide).
const MAX_LINE_BYTES: usize = 4096;

fn dictionary() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Lays out a paragraph. Never fails: an empty paragraph gives no lines, a word wider than
/// the line is broken between characters.
pub fn layout(shaper: &mut Shaper, spans: &[Span], shape: &Shape) -> Vec<Line> {
    let mut text = String::new();
    let mut span_starts = Vec::with_capacity(spans.len());
    for span in spans {
        span_starts.push(text.len());
        text.push_str(&span.text);
    }
    if text.trim().is_empty() {
        return Vec::new();
    }
    let span_at = |byte: usize| {
        span_starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    };
    let bidi = BidiInfo::new(&text, None);
    let base_rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let level_at = |byte: usize| bidi.levels.get(byte).map_or(0, |l| l.number());

    let mut builder = Builder {
        shaper,
        spans,
        frags: Vec::new(),
        elements: Vec::new(),
        width: shape.width,
    };
    let mut start = 0;
    for (end, opportunity) in linebreaks(&text) {
        let segment = &text[start..end];
        let content_len = segment
            .trim_end_matches([' ', '\u{3000}', '\n', '\r', '\t'])
            .len();
        let content_end = start + content_len;
        builder.word(
            &text,
            start,
            content_end,
            &span_at,
            &level_at,
            shape.hyphenate,
        );
        let trailing = &text[content_end..end];
        let forced = opportunity == BreakOpportunity::Mandatory && trailing.contains('\n');
        if forced || end == text.len() {
            builder.elements.push(Element {
                kind: Kind::Glue {
                    stretch: INFINITE,
                    shrink: 0.0,
                    level: 0,
                },
                width: 0.0,
            });
            builder.elements.push(Element {
                kind: Kind::Penalty {
                    cost: -INFINITE,
                    hyphen: None,
                },
                width: 0.0,
            });
        } else if !trailing.is_empty() {
            let span = &spans[span_at(content_end)];
            let space = builder.shaper.shape(span.style.face(), " ", false).width
                * span.style.size
                * trailing.chars().count() as f32;
            builder.elements.push(Element {
                kind: Kind::Glue {
                    stretch: space * 0.6,
                    shrink: space * 0.35,
                    level: level_at(content_end),
                },
                width: space,
            });
        } else if content_len > 0 {
            // A break allowed with no space: after a dash or slash.
            builder.elements.push(Element {
                kind: Kind::Penalty {
                    cost: 0.0,
                    hyphen: None,
                },
                width: 0.0,
            });
        }
        start = end;
    }
    let Builder {
        frags, elements, ..
    } = builder;
    let breaks = if shape.justify {
        [1.5, 3.0, 10.0]
            .into_iter()
            .find_map(|tolerance| knuth_plass(&elements, shape.width, tolerance))
            .unwrap_or_else(|| first_fit(&elements, shape.width))
    } else {
        first_fit(&elements, shape.width)
    };
    build_lines(shaper, spans, &frags, &elements, &breaks, shape, base_rtl)
}

struct Builder<'a, 's> {
    shaper: &'a mut Shaper,
    spans: &'s [Span],
    frags: Vec<Frag>,
    elements: Vec<Element>,
    width: f32,
}

impl Builder<'_, '_> {
    /// Adds the boxes of one word (text[start..end]), hyphenated and split as needed.
    fn word(
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
        // Hyphenation points (byte offsets into the word) for plain Latin words.
        let mut cuts: Vec<usize> = Vec::new();
        if hyphenate
            && word.chars().count() >= 6
            && word
                .chars()
                .all(|c| c.is_alphabetic() && (c as u32) < 0x250)
            && span_at(start) == span_at(end - 1)
            && let Some(dict) = dictionary()
        {
            cuts = dict.hyphenate(&word.to_lowercase()).breaks;
            cuts.retain(|&c| c >= 2 && word.len() - c >= 3 && word.is_char_boundary(c));
        }
        let mut pieces = Vec::new();
        let mut last = 0;
        for cut in cuts.iter().copied().chain(std::iter::once(word.len())) {
            pieces.push(start + last..start + cut);
            last = cut;
        }
        for (index, piece) in pieces.iter().enumerate() {
            // A piece longer than any line can hold is broken between characters at once,
            // without shaping it whole first.
            let width = if piece.len() > MAX_LINE_BYTES {
                None
            } else {
                let first = self.frags.len();
                self.fragments(text, piece.clone(), span_at, level_at);
                let width: f32 = self.frags[first..].iter().map(|f| f.width).sum();
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
                        cost: HYPHEN_COST,
                        hyphen: Some(hyphen),
                    },
                    width,
                });
            }
        }
    }

    /// A word too wide for the line, broken between characters into pieces that fit.
    fn emergency(
        &mut self,
        text: &str,
        range: std::ops::Range<usize>,
        span_at: &dyn Fn(usize) -> usize,
        level_at: &dyn Fn(usize) -> u8,
    ) {
        let mut chunk_start = range.start;
        let mut chunk_width = 0.0;
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
                chunk_width = 0.0;
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
                    },
                    width: 0.0,
                });
            }
        }
    }

    /// Shapes text[range] into fragments, split where the span, bidi level or face changes.
    fn fragments(
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

    fn push_frag(
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

    fn hyphen_frag(&mut self, span: usize) -> usize {
        let style = self.spans[span].style;
        let face = style.face();
        let shaped = self.shaper.shape(face, "-", false);
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

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x200C | 0x200D)
}

/// Whether a break is allowed at element `i`.
fn is_break(elements: &[Element], i: usize) -> bool {
    match elements[i].kind {
        Kind::Glue { .. } => i > 0 && matches!(elements[i - 1].kind, Kind::Box { .. }),
        Kind::Penalty { cost, .. } => cost < INFINITE,
        Kind::Box { .. } => false,
    }
}

fn forced(element: &Element) -> bool {
    matches!(element.kind, Kind::Penalty { cost, .. } if cost <= -INFINITE)
}

#[derive(Clone, Copy)]
struct Totals {
    width: f32,
    stretch: f32,
    shrink: f32,
}

struct Node {
    position: usize,
    line: usize,
    fitness: u8,
    totals: Totals,
    demerits: f32,
    previous: Option<usize>,
    hyphenated: bool,
}

/// Optimal breaks (element indices) by the Knuth–Plass algorithm, or `None` when no set of
/// breaks keeps every line within `tolerance`.
fn knuth_plass(elements: &[Element], width: f32, tolerance: f32) -> Option<Vec<usize>> {
    let mut sums = Vec::with_capacity(elements.len() + 1);
    let mut running = Totals {
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
    };
    for element in elements {
        sums.push(running);
        match element.kind {
            Kind::Box { .. } => running.width += element.width,
            Kind::Glue {
                stretch, shrink, ..
            } => {
                running.width += element.width;
                running.stretch += stretch;
                running.shrink += shrink;
            }
            Kind::Penalty { .. } => {}
        }
    }
    sums.push(running);

    let mut nodes = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        totals: sums[0],
        demerits: 0.0,
        previous: None,
        hyphenated: false,
    }];
    let mut active: Vec<usize> = vec![0];
    for i in 0..elements.len() {
        if !is_break(elements, i) {
            continue;
        }
        let (penalty_width, cost, hyphenated) = match elements[i].kind {
            Kind::Penalty { cost, hyphen } => (elements[i].width, cost, hyphen.is_some()),
            _ => (0.0, 0.0, false),
        };
        let mut best: [Option<(f32, usize)>; 4] = [None; 4];
        let mut keep = Vec::with_capacity(active.len());
        for &a in &active {
            let node = &nodes[a];
            let line_width = sums[i].width - node.totals.width + penalty_width;
            let ratio = if line_width < width {
                let stretch = sums[i].stretch - node.totals.stretch;
                if stretch > 0.0 {
                    (width - line_width) / stretch
                } else {
                    INFINITE
                }
            } else if line_width > width {
                let shrink = sums[i].shrink - node.totals.shrink;
                if shrink > 0.0 {
                    (width - line_width) / shrink
                } else {
                    -INFINITE
                }
            } else {
                0.0
            };
            if ratio >= -1.0 && !forced(&elements[i]) {
                keep.push(a);
            }
            if ratio < -1.0 || ratio > tolerance && !(forced(&elements[i]) && ratio >= 0.0) {
                continue;
            }
            let badness = if forced(&elements[i]) && ratio > 0.0 {
                0.0
            } else {
                100.0 * ratio.abs().powi(3)
            };
            let mut demerits = (10.0 + badness).powi(2);
            if cost >= 0.0 {
                demerits += cost * cost;
            } else if cost > -INFINITE {
                demerits -= cost * cost;
            }
            if hyphenated && node.hyphenated {
                demerits += 3000.0;
            }
            let fitness: u8 = if ratio < -0.5 {
                0
            } else if ratio <= 0.5 {
                1
            } else if ratio <= 1.0 {
                2
            } else {
                3
            };
            if fitness.abs_diff(node.fitness) > 1 {
                demerits += 3000.0;
            }
            let total = node.demerits + demerits;
            let slot = &mut best[fitness as usize];
            if slot.is_none_or(|(d, _)| total < d) {
                *slot = Some((total, a));
            }
        }
        active = keep;
        // Totals after the break skip the glue and penalties that vanish at a line start.
        let mut after = sums[i];
        let mut j = i;
        while j < elements.len() {
            match elements[j].kind {
                Kind::Box { .. } => break,
                Kind::Glue {
                    stretch, shrink, ..
                } => {
                    after.width += elements[j].width;
                    after.stretch += stretch;
                    after.shrink += shrink;
                }
                Kind::Penalty { .. } if j > i && forced(&elements[j]) => break,
                Kind::Penalty { .. } => {}
            }
            j += 1;
        }
        for (fitness, candidate) in best.iter().enumerate() {
            if let Some((demerits, from)) = candidate {
                nodes.push(Node {
                    position: i,
                    line: nodes[*from].line + 1,
                    fitness: fitness as u8,
                    totals: after,
                    demerits: *demerits,
                    previous: Some(*from),
                    hyphenated,
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }
    let last = elements.len().checked_sub(1)?;
    let best = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].position == last)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut breaks = Vec::new();
    let mut at = Some(best);
    while let Some(n) = at {
        if nodes[n].previous.is_some() {
            breaks.push(nodes[n].position);
        }
        at = nodes[n].previous;
    }
    breaks.reverse();
    Some(breaks)
}

/// Greedy breaks: each line takes as much as fits (for ragged text, and the fallback when
/// no optimal set of breaks exists).
fn first_fit(elements: &[Element], width: f32) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut line_width = 0.0;
    let mut last_fit: Option<usize> = None;
    let mut line_start = 0;
    let mut i = 0;
    while i < elements.len() {
        let element = &elements[i];
        if is_break(elements, i) {
            let extra = match element.kind {
                Kind::Penalty { .. } => element.width,
                _ => 0.0,
            };
            if forced(element) {
                breaks.push(i);
                line_start = skip_discardable(elements, i + 1);
                line_width = 0.0;
                last_fit = None;
                i = line_start;
                continue;
            }
            if line_width + extra <= width || last_fit.is_none() {
                last_fit = Some(i);
            } else if let Some(fit) = last_fit {
                breaks.push(fit);
                line_start = skip_discardable(elements, fit + 1);
                line_width = 0.0;
                last_fit = None;
                i = line_start;
                continue;
            }
        }
        if !matches!(element.kind, Kind::Penalty { .. }) {
            line_width += element.width;
            if line_width > width
                && let Some(fit) = last_fit
                && fit >= line_start
            {
                breaks.push(fit);
                line_start = skip_discardable(elements, fit + 1);
                line_width = 0.0;
                last_fit = None;
                i = line_start;
                continue;
            }
        }
        i += 1;
    }
    breaks
}

fn skip_discardable(elements: &[Element], mut i: usize) -> usize {
    while i < elements.len()
        && !matches!(elements[i].kind, Kind::Box { .. })
        && !forced(&elements[i])
    {
        i += 1;
    }
    i
}

/// One item of a line before reordering: a fragment, or a space of some width.
enum Piece {
    Frag(usize),
    Space(f32),
}

fn build_lines(
    shaper: &mut Shaper,
    spans: &[Span],
    frags: &[Frag],
    elements: &[Element],
    breaks: &[usize],
    shape: &Shape,
    base_rtl: bool,
) -> Vec<Line> {
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for &end in breaks {
        let first = skip_discardable(elements, start);
        let is_last = forced(&elements[end]);
        // Natural width, stretch and shrink of the line.
        let (mut natural, mut stretch, mut shrink) = (0.0, 0.0, 0.0);
        for element in &elements[first..end] {
            match element.kind {
                Kind::Box { .. } => natural += element.width,
                Kind::Glue {
                    stretch: st,
                    shrink: sh,
                    ..
                } if st < INFINITE => {
                    natural += element.width;
                    stretch += st;
                    shrink += sh;
                }
                _ => {}
            }
        }
        let hyphen = match elements[end].kind {
            Kind::Penalty {
                hyphen: Some(h), ..
            } => Some(h),
            _ => None,
        };
        if let Some(h) = hyphen {
            natural += frags[h].width;
        }
        let mut ratio = if natural < shape.width && stretch > 0.0 {
            (shape.width - natural) / stretch
        } else if natural > shape.width && shrink > 0.0 {
            ((shape.width - natural) / shrink).max(-1.0)
        } else {
            0.0
        };
        if (!shape.justify || is_last) && ratio > 0.0 {
            ratio = 0.0;
        }
        let mut pieces: Vec<(u8, Piece)> = Vec::new();
        for element in &elements[first..end] {
            match &element.kind {
                Kind::Box { frags: range } => {
                    pieces.extend(range.clone().map(|f| (frags[f].level, Piece::Frag(f))));
                }
                Kind::Glue {
                    stretch: st,
                    shrink: sh,
                    level,
                } if *st < INFINITE => {
                    let w = element.width + if ratio >= 0.0 { ratio * st } else { ratio * sh };
                    pieces.push((*level, Piece::Space(w)));
                }
                _ => {}
            }
        }
        if let Some(h) = hyphen {
            let level = pieces.last().map_or(0, |(l, _)| *l);
            pieces.push((level, Piece::Frag(h)));
        }
        reorder(&mut pieces);
        let width: f32 = pieces
            .iter()
            .map(|(_, p)| match p {
                Piece::Frag(f) => frags[*f].width,
                Piece::Space(w) => *w,
            })
            .sum();
        let slack = (shape.width - width).max(0.0);
        let mut x = match (shape.align, base_rtl) {
            (Align::Center, _) => slack / 2.0,
            (Align::End, _) | (Align::Start, true) => slack,
            (Align::Start, false) => 0.0,
        };
        let mut line = Line {
            height: shape.leading,
            width,
            ..Line::default()
        };
        // Where the last space began, so that words of one style join into one run with a
        // real space glyph between them (copy and paste then get real spaces).
        let mut space_at: Option<f32> = None;
        for (_, piece) in &pieces {
            match piece {
                Piece::Space(w) => {
                    space_at.get_or_insert(x);
                    x += w;
                }
                Piece::Frag(f) => {
                    let frag = &frags[*f];
                    let size = frag.style.size;
                    let m = metrics(frag.face);
                    line.ascent = line.ascent.max(m.ascent * size + frag.style.rise);
                    let mut pen = 0.0;
                    let glyphs = frag
                        .shaped
                        .glyphs
                        .iter()
                        .map(|g| {
                            let placed = PlacedGlyph {
                                gid: g.gid,
                                x: (pen + g.x_offset) * size,
                                rise: g.y_offset * size,
                                text: g.text.clone(),
                            };
                            pen += g.advance;
                            placed
                        })
                        .collect();
                    let mut glyphs: Vec<PlacedGlyph> = glyphs;
                    let gap = space_at.take();
                    match line.runs.last_mut() {
                        Some(last)
                            if last.face == frag.face
                                && last.size == size
                                && last.color == frag.style.color
                                && last.y == -frag.style.rise =>
                        {
                            if let Some(gap) = gap
                                && let Some(space) =
                                    shaper.shape(frag.face, " ", false).glyphs.first()
                            {
                                std::sync::Arc::make_mut(&mut last.glyphs).push(PlacedGlyph {
                                    gid: space.gid,
                                    x: gap - last.x,
                                    rise: 0.0,
                                    text: GlyphText::Char(' '),
                                });
                            }
                            let dx = x - last.x;
                            for g in &mut glyphs {
                                g.x += dx;
                            }
                            std::sync::Arc::make_mut(&mut last.glyphs).append(&mut glyphs);
                        }
                        _ => line.runs.push(GlyphRun {
                            face: frag.face,
                            size,
                            color: frag.style.color,
                            x,
                            y: -frag.style.rise,
                            angle: 0.0,
                            glyphs: std::sync::Arc::new(glyphs),
                            role: shape.role,
                            tag: super::page::Tag::NONE,
                        }),
                    }
                    let span = &spans[frag.span];
                    if frag.style.strike {
                        let y = -m.cap_height * size * 0.45;
                        line.decorations.push(Item::Line {
                            from: (x, y),
                            to: (x + frag.width, y),
                            width: size * 0.06,
                            color: frag.style.color,
                        });
                    }
                    if let Some(goal) = &span.link {
                        let rect = Rect {
                            x,
                            y: -m.ascent * size,
                            w: frag.width,
                            h: (m.ascent + m.descent) * size,
                        };
                        // One area per link per line: words of one link join up across
                        // the spaces between them.
                        match line.links.last_mut() {
                            Some((last, g)) if g == goal && x - (last.x + last.w) < size => {
                                last.w = x + frag.width - last.x;
                                last.y = last.y.min(rect.y);
                                last.h = last.h.max(rect.h);
                            }
                            _ => line.links.push((rect, goal.clone())),
                        }
                    }
                    if let Some(n) = span.footnote
                        && !line.footnotes.contains(&n)
                    {
                        line.footnotes.push(n);
                    }
                    x += frag.width;
                }
            }
        }
        line.height = line.height.max(line.ascent * 1.25);
        if line.ascent == 0.0 {
            line.ascent = shape.leading * 0.75;
        }
        lines.push(line);
        start = end + 1;
    }
    lines
}

/// Unicode bidi rule L2 over whole pieces: from the highest level down to the lowest odd
/// level, reverse every run of pieces at that level or higher.
fn reorder(pieces: &mut [(u8, Piece)]) {
    let Some(max) = pieces.iter().map(|(l, _)| *l).max() else {
        return;
    };
    let Some(min_odd) = pieces.iter().map(|(l, _)| *l).filter(|l| l % 2 == 1).min() else {
        return;
    };
    for level in (min_odd..=max).rev() {
        let mut i = 0;
        while i < pieces.len() {
            if pieces[i].0 >= level {
                let start = i;
                while i < pieces.len() && pieces[i].0 >= level {
                    i += 1;
                }
                pieces[start..i].reverse();
            } else {
                i += 1;
            }
        }
    }
}
