//! Paragraphs: styled spans → shaped fragments → Knuth–Plass line breaking over the whole
//! paragraph (with hyphenation) → lines of glyph runs in visual order (bidi).

mod finalize;
mod linebreak;
mod prepare;

use unicode_bidi::BidiInfo;
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FaceId, Family, select};
use super::page::{GlyphRun, Item, LinkGoal, Pt, Rect, Rgb, Role};
use super::shape::Shaper;
use finalize::build_lines;
use linebreak::{first_fit, knuth_plass};
use prepare::{Builder, Element, Kind};

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
    pub size: Pt,
    /// Colour.
    pub color: Rgb,
    /// Struck through.
    pub strike: bool,
    /// Raised above the baseline (superscripts).
    pub rise: Pt,
}

impl Style {
    /// Regular text of a family and size.
    pub fn new(family: Family, size: Pt) -> Self {
        Self {
            family,
            bold: false,
            italic: false,
            size,
            color: Rgb::TEXT,
            strike: false,
            rise: Pt::ZERO,
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
    pub width: Pt,
    /// Distance between baselines.
    pub leading: Pt,
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
    pub ascent: Pt,
    /// Height of the line box (baseline to baseline).
    pub height: Pt,
    /// The text.
    pub runs: Vec<GlyphRun>,
    /// Strike-through rules and other decoration.
    pub decorations: Vec<Item>,
    /// Link areas.
    pub links: Vec<(Rect, LinkGoal)>,
    /// Footnotes cited on this line.
    pub footnotes: Vec<u32>,
    /// Width of the set text.
    pub width: Pt,
}

/// A penalty that forbids (or, negated, forces) a break.
const INFINITE: f32 = 10_000.0;
/// Glue that stretches without limit: the end of a paragraph.
const FILL: Pt = Pt(INFINITE);
const HYPHEN_COST: f32 = 50.0;
const EMERGENCY_COST: f32 = 1_000.0;
/// More bytes than any line holds, whatever the face and measure (a line is at most a few
/// hundred characters wide).
const MAX_LINE_BYTES: usize = 4096;

/// Lays out a paragraph. Never fails: an empty paragraph gives no lines, a word wider than
/// the line is broken between characters.
pub fn break_lines(shaper: &mut Shaper, spans: &[Span], shape: &Shape) -> Vec<Line> {
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
                    stretch: FILL,
                    shrink: Pt::ZERO,
                    level: 0,
                },
                width: Pt::ZERO,
            });
            builder.elements.push(Element {
                kind: Kind::Penalty {
                    cost: -INFINITE,
                    hyphen: None,
                },
                width: Pt::ZERO,
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
                width: Pt::ZERO,
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
