//! How well the body text is set, measured from the laid-out pages the way a reader of the
//! PDF's character boxes would measure it: word spaces on full justified body lines, and
//! lines that end in a hyphen. The bench prints it; the layout tests hold the line breaker
//! to it.

use super::page::{GlyphText, Item, Pages, Role};
use super::shape::pdf_advance;
use crate::units::Pt;

/// The figures of one document's body text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Body lines that run the full measure (justified lines).
    pub full_lines: usize,
    /// The loosest full line's mean word space, in ems of its size.
    pub loosest: f32,
    /// The 90th percentile of full lines' mean word space, in ems.
    pub p90: f32,
    /// The share of full lines that end in a hyphen (0–1).
    pub hyphen_share: f32,
    /// Hyphens ending two body lines in a row.
    pub consecutive_hyphens: usize,
    /// Full lines whose mean word space is over the cap (emergency lines).
    pub over_cap: usize,
}

/// One body line as measured.
struct Measured {
    y: Pt,
    right: Pt,
    /// Mean word space in ems, when the line has a space.
    space: Option<f32>,
    hyphen: bool,
}

/// Measures the body paragraphs of `pages`.
pub fn report(pages: &Pages) -> Report {
    let mut means = Vec::new();
    let mut full_lines = 0;
    let mut hyphenated = 0;
    let mut consecutive = 0;
    for page in &pages.pages {
        let lines = measure_page(page);
        let Some(measure) = column_edge(&lines) else {
            continue;
        };
        for (index, line) in lines.iter().enumerate() {
            if line.hyphen && index > 0 && lines[index - 1].hyphen {
                consecutive += 1;
            }
            if line.right < measure - Pt(0.5) {
                continue;
            }
            full_lines += 1;
            hyphenated += usize::from(line.hyphen);
            means.extend(line.space);
        }
    }
    let over_cap = means
        .iter()
        .filter(|&&m| m > super::paragraph::WORD_SPACE_CAP + 0.005)
        .count();
    means.sort_by(f32::total_cmp);
    let p90 = means
        .get((means.len() * 9 / 10).min(means.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    Report {
        full_lines,
        loosest: means.last().copied().unwrap_or(0.0),
        p90,
        hyphen_share: if full_lines == 0 {
            0.0
        } else {
            hyphenated as f32 / full_lines as f32
        },
        consecutive_hyphens: consecutive,
        over_cap,
    }
}

/// The page's body lines, top to bottom.
fn measure_page(page: &super::page::Page) -> Vec<Measured> {
    let mut runs: Vec<&super::page::GlyphRun> = page
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(run) if run.role == Role::Paragraph && run.angle == 0.0 => Some(run),
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| a.y.0.total_cmp(&b.y.0).then(a.x.0.total_cmp(&b.x.0)));
    let mut lines: Vec<Measured> = Vec::new();
    let mut spaces: Vec<f32> = Vec::new();
    let mut previous_right: Option<Pt> = None;
    let mut pending_space = false;
    let mut last_text: Option<&GlyphText> = None;
    let close = |lines: &mut Vec<Measured>, spaces: &mut Vec<f32>, hyphen: bool| {
        if let Some(line) = lines.last_mut() {
            line.space =
                (!spaces.is_empty()).then(|| spaces.iter().sum::<f32>() / spaces.len() as f32);
            line.hyphen = hyphen;
        }
        spaces.clear();
    };
    for run in runs {
        if lines.last().is_none_or(|l| (l.y - run.y).0.abs() > 0.1) {
            let hyphen = ends_in_hyphen(last_text);
            close(&mut lines, &mut spaces, hyphen);
            lines.push(Measured {
                y: run.y,
                right: Pt::ZERO,
                space: None,
                hyphen: false,
            });
            previous_right = None;
            pending_space = false;
        }
        for glyph in run.glyphs.iter() {
            if glyph.text == GlyphText::Char(' ') {
                pending_space = true;
                continue;
            }
            let x = run.x + glyph.x;
            if pending_space && let Some(right) = previous_right {
                spaces.push((x - right) / run.size);
            }
            pending_space = false;
            let right =
                x + run.size * (pdf_advance(run.face, glyph.gid) as f32 / 1000.0 * run.scale);
            previous_right = Some(right);
            last_text = Some(&glyph.text);
            if let Some(line) = lines.last_mut() {
                line.right = line.right.max(right);
            }
        }
        pending_space |= run.space_after;
    }
    close(&mut lines, &mut spaces, ends_in_hyphen(last_text));
    lines
}

/// The right edge of the page's column: where most lines end (lines ending in punctuation
/// may hang past it into the margin).
fn column_edge(lines: &[Measured]) -> Option<Pt> {
    let mut ends: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for line in lines {
        *ends.entry((line.right.0 * 2.0).round() as i64).or_default() += 1;
    }
    ends.into_iter()
        .max_by_key(|&(end, count)| (count, end))
        .map(|(end, _)| Pt(end as f32 / 2.0))
}

fn ends_in_hyphen(text: Option<&GlyphText>) -> bool {
    matches!(
        text,
        Some(GlyphText::Hyphen | GlyphText::Char('-' | '\u{2010}'))
    )
}
