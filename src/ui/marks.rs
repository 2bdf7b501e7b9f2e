//! Marks painted over a text field after egui has drawn it: a search's matches (a tinted box,
//! the current one stronger and outlined, so it is not told by colour alone) and misspelt
//! words (a wavy underline, as word processors draw it). egui's
//! layouter can only underline straight, and the layout job is cached by text, so marks that
//! change without the text go on top of the galley instead.

use std::ops::Range;

use egui::text::Galley;
use egui::{Color32, Pos2, Rect, Stroke};

/// What a mark says about its characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A match of the search.
    Found,
    /// The current match of the search.
    Current,
    /// A word the dictionary does not know.
    Misspelt,
    /// Text a suggestion puts in: underlined.
    Inserted,
    /// Text a suggestion takes out: struck through.
    Deleted,
    /// Where a suggestion inserts text (the editor shows the body without it): a caret.
    InsertionPoint,
    /// Text an open comment is about: tinted.
    Commented,
}

/// Byte ranges of `text` as character ranges, in one pass over the text (`ranges` sorted by
/// start, as find gives them).
pub fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut chars = 0;
    let mut at = 0;
    let count_to = |byte: usize, chars: &mut usize, at: &mut usize| {
        if byte > *at {
            *chars += text.get(*at..byte).map_or(0, |s| s.chars().count());
            *at = byte;
        }
        *chars
    };
    for range in ranges {
        let start = count_to(range.start, &mut chars, &mut at);
        let end = count_to(range.end, &mut chars, &mut at);
        out.push(start..end);
    }
    out
}

/// The rectangles (in the galley's own coordinates) that characters `ranges` cover, one per
/// row each spans, walking the rows once (`ranges` sorted by start).
pub fn row_rects(galley: &Galley, ranges: &[Range<usize>]) -> Vec<(usize, Rect)> {
    let mut out = Vec::new();
    let mut first = 0; // the first range not yet wholly behind us
    let mut row_start = 0;
    for row in &galley.rows {
        let len = row.char_count_excluding_newline().0;
        let row_end = row_start + len;
        while first < ranges.len() && ranges[first].end <= row_start {
            first += 1;
        }
        for (index, range) in ranges.iter().enumerate().skip(first) {
            if range.start > row_end {
                break;
            }
            let (s, e) = (range.start.max(row_start), range.end.min(row_end));
            if s < e {
                let x0 = row.pos.x + row.x_offset(egui::text::CharIndex(s - row_start));
                let x1 = row.pos.x + row.x_offset(egui::text::CharIndex(e - row_start));
                out.push((
                    index,
                    Rect::from_min_max(Pos2::new(x0, row.min_y()), Pos2::new(x1, row.max_y())),
                ));
            }
        }
        row_start += row.char_count_including_newline().0;
    }
    out
}

/// Paints `marks` (character ranges, sorted by start) over a galley drawn at `origin`, and
/// returns the screen rectangle of the current match, if it was painted.
pub fn paint(
    ui: &egui::Ui,
    galley: &Galley,
    origin: Pos2,
    marks: &[(Range<usize>, Mark)],
) -> Option<Rect> {
    if marks.is_empty() {
        return None;
    }
    let ranges: Vec<Range<usize>> = marks.iter().map(|(r, _)| r.clone()).collect();
    let dark = ui.visuals().dark_mode;
    let (found, current) = if dark {
        (
            Color32::from_rgba_unmultiplied(255, 200, 0, 60),
            Color32::from_rgba_unmultiplied(255, 160, 0, 110),
        )
    } else {
        (
            Color32::from_rgba_unmultiplied(255, 210, 0, 90),
            Color32::from_rgba_unmultiplied(255, 140, 0, 120),
        )
    };
    let outline = ui.visuals().strong_text_color();
    let squiggle = ui.visuals().error_fg_color;
    // The preview's colours for inserted and deleted text, lighter on a dark theme.
    let (inserted, deleted, commented) = if dark {
        (
            Color32::from_rgb(0x7c, 0xb8, 0xff),
            Color32::from_rgb(0xff, 0x8a, 0x8a),
            Color32::from_rgba_unmultiplied(255, 230, 120, 50),
        )
    } else {
        (
            Color32::from_rgb(0x0b, 0x5c, 0xad),
            Color32::from_rgb(0xb0, 0x1c, 0x2e),
            Color32::from_rgba_unmultiplied(255, 225, 100, 110),
        )
    };
    let painter = ui.painter();
    let mut current_rect: Option<Rect> = None;
    for (index, rect) in row_rects(galley, &ranges) {
        let rect = rect.translate(origin.to_vec2());
        match marks[index].1 {
            Mark::Found => {
                painter.rect_filled(rect, 2.0, found);
            }
            Mark::Current => {
                painter.rect_filled(rect, 2.0, current);
                painter.rect_stroke(
                    rect,
                    2.0,
                    Stroke::new(1.5, outline),
                    egui::StrokeKind::Outside,
                );
                current_rect = Some(current_rect.map_or(rect, |r| r.union(rect)));
            }
            Mark::Inserted => {
                let y = rect.bottom() - 1.0;
                painter.line_segment(
                    [Pos2::new(rect.left(), y), Pos2::new(rect.right(), y)],
                    Stroke::new(1.5, inserted),
                );
            }
            Mark::Deleted => {
                let y = rect.center().y;
                painter.line_segment(
                    [Pos2::new(rect.left(), y), Pos2::new(rect.right(), y)],
                    Stroke::new(1.5, deleted),
                );
            }
            Mark::InsertionPoint => {
                let x = rect.left();
                painter.line_segment(
                    [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
                    Stroke::new(2.0, inserted),
                );
                painter.line_segment(
                    [
                        Pos2::new(x - 3.0, rect.bottom()),
                        Pos2::new(x + 3.0, rect.bottom()),
                    ],
                    Stroke::new(2.0, inserted),
                );
            }
            Mark::Commented => {
                painter.rect_filled(rect, 1.0, commented);
            }
            Mark::Misspelt => {
                // A zigzag under the word, two points high, a wave every four.
                let y = rect.bottom() - 1.5;
                let mut points = Vec::new();
                let mut x = rect.left();
                let mut up = false;
                while x < rect.right() {
                    points.push(Pos2::new(x, if up { y - 2.0 } else { y }));
                    x += 2.0;
                    up = !up;
                }
                points.push(Pos2::new(rect.right(), y - 1.0));
                painter.add(egui::Shape::line(points, Stroke::new(1.0, squiggle)));
            }
        }
    }
    current_rect
}

#[cfg(test)]
mod tests {
    use super::char_ranges;

    #[test]
    fn byte_ranges_become_character_ranges() {
        let text = "Manëz, Tiranë and Manëz";
        let bytes: Vec<std::ops::Range<usize>> = text
            .match_indices("Manëz")
            .map(|(i, m)| i..i + m.len())
            .collect();
        assert_eq!(char_ranges(text, &bytes), [0..5, 18..23]);
    }
}
