//! Paragraphs: styled spans → shaped fragments → Knuth–Plass line breaking over the whole
//! paragraph in TeX's passes (hyphenation only when breaking without it fails, a hard cap on
//! word space, punctuation hanging into the margin) → lines of glyph runs in visual order
//! (bidi).

mod finalize;
mod linebreak;
mod prepare;

use unicode_bidi::BidiInfo;
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FaceId, Family, select};
use super::page::{GlyphRun, Item, LinkGoal, Pt, Rect, Rgb, Role};
use super::shape::Shaper;
use finalize::{Lines, build_lines};
use linebreak::{PASSES, first_fit, knuth_plass};
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
    /// Underlined (inserted text in the redline).
    pub underline: bool,
    /// Highlighted behind (text a review comment is about).
    pub highlight: bool,
    /// Marked as changed: the line gets a change bar in the margin.
    pub changed: bool,
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
            underline: false,
            highlight: false,
            changed: false,
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
    /// Highlights, drawn behind the text.
    pub backgrounds: Vec<Item>,
    /// Holds changed text: a change bar goes in the margin beside it.
    pub changed: bool,
    /// Link areas.
    pub links: Vec<(Rect, LinkGoal)>,
    /// Footnotes cited on this line.
    pub footnotes: Vec<u32>,
    /// Width of the set text.
    pub width: Pt,
    /// A justified line set looser than the word-space cap, because no set of breaks kept
    /// every line within it (the section reports it).
    pub emergency: bool,
}

/// A penalty that forbids (or, negated, forces) a break.
const INFINITE: f32 = 10_000.0;
/// Glue that stretches without limit: the end of a paragraph.
const FILL: Pt = Pt(INFINITE);
/// What a hyphenation costs (Typst's figure, well above TeX's 50: a hyphen is taken only
/// when it clearly improves the spacing).
const HYPHEN_COST: f32 = 135.0;
/// A break inside a web address.
const URL_BREAK_COST: f32 = 20.0;
/// A break after a word's own hyphen ("state-|sponsored").
const EXPLICIT_HYPHEN_COST: f32 = 50.0;
/// The widest a justified word space may grow outside an emergency line, in ems of its size.
pub const WORD_SPACE_CAP: f32 = 0.40;
/// The stretch ratio at which a space reaches the cap: the tolerance of the hyphenating pass.
const CAP_RATIO: f32 = 1.26;
/// How much wider or narrower than natural a justified line's glyphs may be set (font
/// expansion, drawn with the PDF's horizontal scaling): reached at the cap and at full shrink.
const EXPANSION: f32 = 0.015;
/// How far letters may part, in ems, in a paragraph that has no good breaks otherwise
/// (reached at the cap).
const TRACKING: f32 = 0.02;
/// How much narrower than natural a space may shrink.
const SHRINK: f32 = 0.35;
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
    let urls = url_ranges(&text);
    let mut start = 0;
    for (end, opportunity) in linebreaks(&text) {
        let segment = &text[start..end];
        let content_len = segment
            .trim_end_matches([' ', '\u{3000}', '\n', '\r', '\t'])
            .len();
        let content_end = start + content_len;
        let url = urls.iter().find(|u| u.start <= start && start < u.end);
        // An address is one word to the breaker, broken only where url_breaks says (not
        // after its own hyphens, as the Unicode rules would): gather it whole first.
        if url.is_some_and(|u| content_end < u.end) && content_end == end {
            continue;
        }
        match url {
            // An address breaks before its punctuation rather than stretch the line, and is
            // never hyphenated.
            Some(url) => {
                let mut from = start;
                for cut in url_breaks(&text, url.start, start, content_end) {
                    builder.word(&text, from, cut, &span_at, &level_at, false);
                    builder.elements.push(Element {
                        kind: Kind::Penalty {
                            cost: URL_BREAK_COST,
                            hyphen: None,
                            flagged: false,
                        },
                        width: Pt::ZERO,
                    });
                    from = cut;
                }
                builder.word(&text, from, content_end, &span_at, &level_at, false);
            }
            None => builder.word(
                &text,
                start,
                content_end,
                &span_at,
                &level_at,
                shape.hyphenate,
            ),
        }
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
                    flagged: false,
                },
                width: Pt::ZERO,
            });
        } else if !trailing.is_empty() {
            let span = &spans[span_at(content_end)];
            let count = trailing.chars().count() as f32;
            let one = builder.shaper.shape(span.style.face(), " ", false).width * span.style.size;
            // Stretch so that the cap is reached at CAP_RATIO (a wide monospace space still
            // stretches a little).
            let stretch = ((span.style.size * WORD_SPACE_CAP - one) / CAP_RATIO).max(one * 0.1);
            builder.elements.push(Element {
                kind: Kind::Glue {
                    stretch: stretch * count,
                    shrink: one * SHRINK * count,
                    level: level_at(content_end),
                },
                width: one * count,
            });
        } else if content_len > 0 {
            // A break allowed with no space: after a dash or slash. After a word's own hyphen it
            // costs what TeX's \exhyphenpenalty does, and counts as a hyphenated line.
            let flagged = segment.ends_with(['-', '\u{2010}']);
            builder.elements.push(Element {
                kind: Kind::Penalty {
                    cost: if flagged { EXPLICIT_HYPHEN_COST } else { 0.0 },
                    hyphen: None,
                    flagged,
                },
                width: Pt::ZERO,
            });
        }
        start = end;
    }
    let Builder {
        frags, elements, ..
    } = builder;
    let hangs = if shape.justify && !base_rtl {
        hangs(&elements, &frags)
    } else {
        vec![Pt::ZERO; elements.len()]
    };
    let tracks = tracks(&elements, &frags);
    let (breaks, tracking) = if shape.justify {
        PASSES
            .into_iter()
            .find_map(|pass| {
                knuth_plass(&elements, &hangs, &tracks, shape.width, pass)
                    .map(|breaks| (breaks, pass.tracking))
            })
            .unwrap_or_else(|| (first_fit(&elements, shape.width), true))
    } else {
        (first_fit(&elements, shape.width), false)
    };
    let lines = Lines {
        frags: &frags,
        elements: &elements,
        hangs: &hangs,
        tracks: &tracks,
        tracking,
        breaks: &breaks,
    };
    build_lines(shaper, spans, &lines, shape, base_rtl)
}

/// How much each box may widen by parting its letters: TRACKING per glyph.
fn tracks(elements: &[Element], frags: &[prepare::Frag]) -> Vec<Pt> {
    elements
        .iter()
        .map(|element| match &element.kind {
            Kind::Box { frags: range } => frags[range.clone()]
                .iter()
                .map(|f| f.style.size * (TRACKING * finalize::parts(f)))
                .sum(),
            _ => Pt::ZERO,
        })
        .collect()
}

/// The byte ranges of web addresses in `text`: words with `://` or starting `www.`.
fn url_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let trimmed = word.trim_end();
        let core = trimmed.trim_end_matches(['.', ',', ';', ':', ')', '\u{201D}', '\u{2019}']);
        if core.contains("://") || core.starts_with("www.") {
            ranges.push(at..at + core.len());
        }
        at += word.len();
    }
    ranges
}

/// Where an address may break inside text[from..to] (it starts at `url`): before a dot,
/// slash, `?`, `#`, `&`, `=`, `_`, `~`, `%` or `-` after the scheme's `//` (Chicago's rule),
/// leaving at least two characters on each side.
fn url_breaks(text: &str, url: usize, from: usize, to: usize) -> Vec<usize> {
    let address = &text[url..];
    let body = address.find("://").map_or(0, |i| i + 3);
    let mut cuts = Vec::new();
    let mut previous = '\0';
    for (offset, c) in text[from..to].char_indices() {
        let at = from + offset;
        if at >= url + body
            && at >= from + 2
            && at + 2 <= to
            && matches!(c, '.' | '/' | '?' | '#' | '&' | '=' | '_' | '~' | '%' | '-')
            && !matches!(
                previous,
                '.' | '/' | '?' | '#' | '&' | '=' | '_' | '~' | '%' | '-'
            )
        {
            cuts.push(at);
        }
        previous = c;
    }
    cuts
}

/// How far a line broken at each element may hang into the right margin: a share of its
/// last glyph when that is a hyphen, stop, comma or closing quote (margin kerning, as
/// pdfTeX's protrusion does it), so the text's edge looks straight.
fn hangs(elements: &[Element], frags: &[prepare::Frag]) -> Vec<Pt> {
    let mut hangs = vec![Pt::ZERO; elements.len()];
    let mut last: Option<usize> = None;
    for (i, element) in elements.iter().enumerate() {
        match &element.kind {
            Kind::Box { frags: range } => last = range.end.checked_sub(1),
            Kind::Penalty {
                hyphen: Some(h), ..
            } => hangs[i] = hang_of(&frags[*h]),
            Kind::Glue { .. } | Kind::Penalty { .. } => {
                if let Some(f) = last {
                    hangs[i] = hang_of(&frags[f]);
                }
            }
        }
    }
    hangs
}

/// The part of a fragment's last glyph that may hang past the line's end.
fn hang_of(frag: &prepare::Frag) -> Pt {
    use super::page::GlyphText;
    if frag.level % 2 == 1 {
        return Pt::ZERO;
    }
    let Some(glyph) = frag.shaped.glyphs.last() else {
        return Pt::ZERO;
    };
    let share = match glyph.text {
        GlyphText::Hyphen | GlyphText::Char('-' | '\u{2010}') => 0.7,
        GlyphText::Char('.' | ',' | '\u{2019}' | '\u{201D}' | '\'' | '"') => 0.7,
        GlyphText::Char(':' | ';') => 0.5,
        GlyphText::Char('\u{2013}') => 0.5,
        GlyphText::Char('\u{2014}' | '!' | '?') => 0.3,
        _ => 0.0,
    };
    frag.style.size * (glyph.advance * share)
}
