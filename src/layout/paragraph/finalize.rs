//! Finalizing the lines: each line's fragments justified, reordered for bidi and turned into
//! glyph runs and link boxes.

use super::linebreak::{forced, skip_discardable};
use super::prepare::{Element, Frag, Kind};
use super::{Align, CAP_RATIO, EXPANSION, FILL, Line, Shape, Span, TRACKING};
use crate::layout::page::{GlyphRun, GlyphText, Item, PlacedGlyph, Pt, Rect, Rise};
use crate::layout::shape::{Shaper, metrics};

/// One item of a line before reordering: a fragment, or a space of some width.
pub(super) enum Piece {
    Frag(usize),
    Space(Pt),
}

/// What the breaker decided: the paragraph's fragments and elements, how far each break may
/// hang into the margin, how far each box may part its letters (the breaker's own figures,
/// so a line is set as it was weighed), whether they may, and the breaks.
pub(super) struct Lines<'a> {
    pub(super) frags: &'a [Frag],
    pub(super) elements: &'a [Element],
    pub(super) hangs: &'a [Pt],
    pub(super) tracks: &'a [Pt],
    pub(super) tracking: bool,
    pub(super) breaks: &'a [usize],
}

pub(super) fn build_lines(
    shaper: &mut Shaper,
    spans: &[Span],
    laid: &Lines<'_>,
    shape: &Shape,
    base_rtl: bool,
) -> Vec<Line> {
    let Lines {
        frags,
        elements,
        hangs,
        tracks,
        tracking,
        breaks,
    } = *laid;
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for &end in breaks {
        let first = skip_discardable(elements, start);
        let is_last = forced(&elements[end]);
        // Natural width of the line, and the stretch and shrink of its spaces.
        let (mut natural, mut boxes, mut stretch, mut shrink) =
            (Pt::ZERO, Pt::ZERO, Pt::ZERO, Pt::ZERO);
        // What parting the letters could add, when the paragraph needed it.
        let letters: Pt = if tracking && shape.justify {
            tracks[first..end].iter().copied().sum()
        } else {
            Pt::ZERO
        };
        for element in &elements[first..end] {
            match &element.kind {
                Kind::Box { .. } => boxes += element.width,
                Kind::Glue {
                    stretch: st,
                    shrink: sh,
                    ..
                } if *st < FILL => {
                    natural += element.width;
                    stretch += *st;
                    shrink += *sh;
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
            boxes += frags[h].width;
        }
        natural += boxes;
        let justified = shape.justify && !is_last;
        // A justified line may hang its last glyph into the margin, and its glyphs widen or
        // narrow a little with its spaces (font expansion).
        let measure = shape.width + hangs[end];
        let expand = if shape.justify { EXPANSION } else { 0.0 };
        let (grow, narrow) = (
            stretch + (boxes * expand + letters) / CAP_RATIO,
            shrink + boxes * expand,
        );
        let mut ratio = if natural < measure && grow > Pt::ZERO {
            (measure - natural) / grow
        } else if natural > measure && narrow > Pt::ZERO {
            ((measure - natural) / narrow).max(-1.0)
        } else {
            0.0
        };
        if !justified && ratio > 0.0 {
            ratio = 0.0;
        }
        let emergency = ratio > CAP_RATIO + 0.001;
        // The glyphs' scale; past the cap they stay at the widest and only the spaces grow.
        let scale = if ratio >= 0.0 {
            1.0 + expand * ratio.min(CAP_RATIO) / CAP_RATIO
        } else {
            1.0 + expand * ratio
        };
        // Letters part in proportion with the spaces (in ems of each fragment's size), up to
        // the most at the cap.
        let part = if letters > Pt::ZERO && ratio > 0.0 {
            TRACKING * ratio.min(CAP_RATIO) / CAP_RATIO
        } else {
            0.0
        };
        let parted = letters * (part / TRACKING);
        let space_ratio = if emergency && stretch > Pt::ZERO {
            (measure - natural - boxes * (scale - 1.0) - parted) / stretch
        } else {
            ratio
        };
        let ratio = space_ratio;
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
                } if *st < FILL => {
                    let w = element.width
                        + if ratio >= 0.0 {
                            ratio * *st
                        } else {
                            ratio * *sh
                        };
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
        let width: Pt = pieces
            .iter()
            .map(|(_, p)| match p {
                Piece::Frag(f) => {
                    frags[*f].width * scale + frags[*f].style.size * (part * parts(&frags[*f]))
                }
                Piece::Space(w) => *w,
            })
            .sum();
        let slack = (shape.width - width).max(Pt::ZERO);
        let mut x = match (shape.align, base_rtl) {
            (Align::Center, _) => slack / 2.0,
            (Align::End, _) | (Align::Start, true) => slack,
            (Align::Start, false) => Pt::ZERO,
        };
        let mut line = Line {
            height: shape.leading,
            width,
            emergency,
            ..Line::default()
        };
        // Where the last space began, so that words of one style join into one run with a
        // real space glyph between them (copy and paste then get real spaces).
        let mut space_at: Option<Pt> = None;
        for (_, piece) in &pieces {
            match piece {
                Piece::Space(w) => {
                    space_at.get_or_insert(x);
                    x += *w;
                }
                Piece::Frag(f) => {
                    let frag = &frags[*f];
                    let size = frag.style.size;
                    let frag_width = frag.width * scale + size * (part * parts(frag));
                    let m = metrics(frag.face);
                    line.ascent = line.ascent.max(m.ascent * size + frag.style.rise);
                    let mut pen = 0.0;
                    let glyphs = frag
                        .shaped
                        .glyphs
                        .iter()
                        .enumerate()
                        .map(|(n, g)| {
                            let placed = PlacedGlyph {
                                gid: g.gid,
                                x: (pen + g.x_offset) * size * scale + size * (part * n as f32),
                                rise: Rise::of(g.y_offset * size),
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
                                && last.y == -frag.style.rise
                                && last.scale == scale =>
                        {
                            if let Some(gap) = gap
                                && let Some(space) =
                                    shaper.shape(frag.face, " ", false).glyphs.first()
                            {
                                std::sync::Arc::make_mut(&mut last.glyphs).push(PlacedGlyph {
                                    gid: space.gid,
                                    x: gap - last.x,
                                    rise: Rise::ZERO,
                                    text: GlyphText::Char(' '),
                                });
                            }
                            let dx = x - last.x;
                            for g in &mut glyphs {
                                g.x += dx;
                            }
                            std::sync::Arc::make_mut(&mut last.glyphs).append(&mut glyphs);
                        }
                        _ => {
                            // A space before a change of style parts the words in the text
                            // layer too, though it belongs to neither run.
                            if gap.is_some()
                                && let Some(last) = line.runs.last_mut()
                            {
                                last.space_after = true;
                            }
                            line.runs.push(GlyphRun {
                                face: frag.face,
                                size,
                                color: frag.style.color,
                                x,
                                y: -frag.style.rise,
                                angle: 0.0,
                                glyphs: std::sync::Arc::new(glyphs),
                                role: shape.role,
                                tag: crate::layout::page::Tag::NONE,
                                space_after: false,
                                scale,
                            });
                        }
                    }
                    let span = &spans[frag.span];
                    // A rule or highlight runs on across the space to the next word it
                    // covers, as a word processor draws it, not word by word.
                    let reach = size * 0.7;
                    // Strike-through at half the cap height, underline just below the
                    // baseline.
                    let rules = [
                        (frag.style.strike, -m.cap_height * size * 0.45),
                        (frag.style.underline, m.descent * size * 0.45),
                    ];
                    for (_, y) in rules.into_iter().filter(|(on, _)| *on) {
                        let rule = Item::Line {
                            from: (x, y),
                            to: (x + frag_width, y),
                            width: size * 0.06,
                            color: frag.style.color,
                        };
                        join(&mut line.decorations, rule, reach);
                    }
                    if frag.style.highlight {
                        join(
                            &mut line.backgrounds,
                            Item::Fill {
                                rect: Rect {
                                    x,
                                    y: -m.ascent * size,
                                    w: frag_width,
                                    h: (m.ascent + m.descent) * size,
                                },
                                color: crate::layout::page::Rgb::HIGHLIGHT,
                                role: crate::layout::page::Role::Artifact(
                                    crate::layout::page::Artifact::Decoration,
                                ),
                            },
                            reach,
                        );
                    }
                    line.changed |= frag.style.changed;
                    if let Some(goal) = &span.link {
                        let rect = Rect {
                            x,
                            y: -m.ascent * size,
                            w: frag_width,
                            h: (m.ascent + m.descent) * size,
                        };
                        // One area per link per line: words of one link join up across
                        // the spaces between them.
                        match line.links.last_mut() {
                            Some((last, g)) if g == goal && x - (last.x + last.w) < size => {
                                last.w = x + frag_width - last.x;
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
                    x += frag_width;
                }
            }
        }
        // A line broken at a space ends, in reading order, with that space.
        if !is_last && matches!(elements[end].kind, Kind::Glue { .. }) {
            let ending = if base_rtl {
                line.runs.first_mut()
            } else {
                line.runs.last_mut()
            };
            if let Some(run) = ending {
                run.space_after = true;
            }
        }
        // The runs grew word by word; their spare room would be held for as long as the
        // pages are (a third of a long document's memory).
        for run in &mut line.runs {
            if let Some(glyphs) = std::sync::Arc::get_mut(&mut run.glyphs) {
                glyphs.shrink_to_fit();
            }
        }
        line.height = line.height.max(line.ascent * 1.25);
        if line.ascent == Pt::ZERO {
            line.ascent = shape.leading * 0.75;
        }
        lines.push(line);
        start = end + 1;
    }
    lines
}

/// The gaps between a fragment's glyphs, where parted letters add space (never after its
/// last glyph, so word spaces stay what the breaker measured).
pub(super) fn parts(frag: &Frag) -> f32 {
    frag.shaped.glyphs.len().saturating_sub(1) as f32
}

/// Unicode bidi rule L2 over whole pieces: from the highest level down to the lowest odd
/// level, reverse every run of pieces at that level or higher.
pub(super) fn reorder(pieces: &mut [(u8, Piece)]) {
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

/// Adds a rule or a highlight to a line's decorations, joined to the last one when it is the
/// same kind at the same height and starts within `reach` of its end (the space between two
/// words of one struck, underlined or highlighted run).
fn join(items: &mut Vec<Item>, item: Item, reach: Pt) {
    match (items.last_mut(), &item) {
        (
            Some(Item::Line {
                from: f0,
                to: t0,
                width: w0,
                color: c0,
            }),
            Item::Line {
                from: f1,
                to: t1,
                width: w1,
                color: c1,
            },
        ) if f0.1 == f1.1 && w0 == w1 && c0 == c1 && f1.0 >= t0.0 && f1.0 - t0.0 <= reach => {
            *t0 = *t1;
        }
        (
            Some(Item::Fill {
                rect: r0,
                color: c0,
                ..
            }),
            Item::Fill {
                rect: r1,
                color: c1,
                ..
            },
        ) if c0 == c1
            && r0.y == r1.y
            && r0.h == r1.h
            && r1.x >= r0.x + r0.w
            && r1.x - (r0.x + r0.w) <= reach =>
        {
            r0.w = r1.x + r1.w - r0.x;
        }
        _ => items.push(item),
    }
}
