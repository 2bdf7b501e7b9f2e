//! Choosing the line breaks: Knuth–Plass over the whole paragraph in TeX's passes (first
//! without hyphenation, then with, then an emergency pass), and first fit when no set of
//! breaks keeps every line within even the emergency tolerance.

use super::prepare::{Element, Kind};
use super::{CAP_RATIO, EXPANSION, INFINITE};
use crate::layout::page::Pt;

/// Whether a break is allowed at element `i`.
pub(super) fn is_break(elements: &[Element], i: usize) -> bool {
    match elements[i].kind {
        Kind::Glue { .. } => i > 0 && matches!(elements[i - 1].kind, Kind::Box { .. }),
        Kind::Penalty { cost, .. } => cost < INFINITE,
        Kind::Box { .. } => false,
    }
}

pub(super) fn forced(element: &Element) -> bool {
    matches!(element.kind, Kind::Penalty { cost, .. } if cost <= -INFINITE)
}

#[derive(Clone, Copy)]
pub(super) struct Totals {
    pub(super) width: Pt,
    pub(super) stretch: Pt,
    pub(super) shrink: Pt,
}

pub(super) struct Node {
    pub(super) position: usize,
    pub(super) line: usize,
    pub(super) fitness: u8,
    pub(super) totals: Totals,
    pub(super) demerits: f32,
    pub(super) previous: Option<usize>,
    pub(super) hyphenated: bool,
}

/// One pass of the breaker.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pass {
    /// The largest stretch ratio a line may have.
    pub(super) tolerance: f32,
    /// Whether hyphenation points are break opportunities.
    pub(super) hyphenate: bool,
    /// Forbid hyphens ending two lines in a row (else they only cost demerits).
    pub(super) no_double: bool,
    /// Forbid a hyphen ending the second-to-last line (else it only costs demerits).
    pub(super) no_final: bool,
    /// Let letters part very slightly as the spaces stretch (up to 0.02 em at the cap), so a
    /// paragraph with no good breaks keeps its spaces within the cap.
    pub(super) tracking: bool,
}

/// TeX's passes: without hyphenation, then with it, both within the word-space cap and
/// neither hyphenating two lines in a row or the second-to-last line. When both fail (a
/// two-line paragraph whose only good break is a hyphen, a line of long names), the emergency
/// passes relax one thing at a time: letters parted by at most 0.02 em, then a hyphen on the
/// second-to-last line, then lines looser than the cap (those lines are reported), then two
/// hyphens in a row.
pub(super) const PASSES: [Pass; 6] = [
    Pass {
        tolerance: CAP_RATIO,
        hyphenate: false,
        no_double: true,
        no_final: true,
        tracking: false,
    },
    Pass {
        tolerance: CAP_RATIO,
        hyphenate: true,
        no_double: true,
        no_final: true,
        tracking: false,
    },
    Pass {
        tolerance: CAP_RATIO,
        hyphenate: true,
        no_double: true,
        no_final: true,
        tracking: true,
    },
    Pass {
        tolerance: CAP_RATIO,
        hyphenate: true,
        no_double: true,
        no_final: false,
        tracking: true,
    },
    Pass {
        tolerance: EMERGENCY_TOLERANCE,
        hyphenate: true,
        no_double: true,
        no_final: false,
        tracking: true,
    },
    Pass {
        tolerance: EMERGENCY_TOLERANCE,
        hyphenate: true,
        no_double: false,
        no_final: false,
        tracking: true,
    },
];

/// The stretch ratio an emergency line may reach (a word space of about an em).
const EMERGENCY_TOLERANCE: f32 = 10.0;

/// Demerits for neighbouring lines of fitness classes more than one apart (TeX's
/// `\adjdemerits`), for two hyphenated lines in a row (`\doublehyphendemerits`) and for a
/// hyphen on the second-to-last line (`\finalhyphendemerits`), in the emergency pass.
const ADJACENT_DEMERITS: f32 = 10_000.0;
const DOUBLE_HYPHEN_DEMERITS: f32 = 10_000.0;
const FINAL_HYPHEN_DEMERITS: f32 = 5_000.0;

fn is_hyphen(element: &Element) -> bool {
    matches!(
        element.kind,
        Kind::Penalty {
            hyphen: Some(_),
            ..
        }
    )
}

/// Optimal breaks (element indices) by the Knuth–Plass algorithm, or `None` when no set of
/// breaks keeps every line within the pass's tolerance. `hangs[i]` is how far a line broken
/// at element `i` may hang into the right margin (margin kerning); `tracks[i]` is how much a
/// box may widen by parting its letters, in a pass that allows it.
pub(super) fn knuth_plass(
    elements: &[Element],
    hangs: &[Pt],
    tracks: &[Pt],
    width: Pt,
    pass: Pass,
) -> Option<Vec<usize>> {
    let mut sums = Vec::with_capacity(elements.len() + 1);
    let mut running = Totals {
        width: Pt::ZERO,
        stretch: Pt::ZERO,
        shrink: Pt::ZERO,
    };
    for (i, element) in elements.iter().enumerate() {
        sums.push(running);
        if pass.tracking {
            running.stretch += tracks[i] / CAP_RATIO;
        }
        match element.kind {
            // Font expansion: a box widens with the spaces, to its limit at the cap.
            Kind::Box { .. } => {
                running.width += element.width;
                running.stretch += element.width * (EXPANSION / CAP_RATIO);
                running.shrink += element.width * EXPANSION;
            }
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
        if !is_break(elements, i) || (!pass.hyphenate && is_hyphen(&elements[i])) {
            continue;
        }
        let (penalty_width, cost, hyphenated) = match elements[i].kind {
            Kind::Penalty { cost, flagged, .. } => (elements[i].width, cost, flagged),
            _ => (Pt::ZERO, 0.0, false),
        };
        let mut best: [Option<(f32, usize)>; 4] = [None; 4];
        let mut keep = Vec::with_capacity(active.len());
        for &a in &active {
            let node = &nodes[a];
            let line_width = sums[i].width - node.totals.width + penalty_width - hangs[i];
            let ratio = if line_width < width {
                let stretch = sums[i].stretch - node.totals.stretch;
                if stretch > Pt::ZERO {
                    (width - line_width) / stretch
                } else {
                    INFINITE
                }
            } else if line_width > width {
                let shrink = sums[i].shrink - node.totals.shrink;
                if shrink > Pt::ZERO {
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
            if ratio < -1.0 || ratio > pass.tolerance && !(forced(&elements[i]) && ratio >= 0.0) {
                continue;
            }
            let double_hyphen = hyphenated && node.hyphenated;
            let final_hyphen = forced(&elements[i]) && node.hyphenated;
            if (pass.no_double && double_hyphen) || (pass.no_final && final_hyphen) {
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
            if double_hyphen {
                demerits += DOUBLE_HYPHEN_DEMERITS;
            }
            if final_hyphen {
                demerits += FINAL_HYPHEN_DEMERITS;
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
                demerits += ADJACENT_DEMERITS;
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
pub(super) fn first_fit(elements: &[Element], width: Pt) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut line_width = Pt::ZERO;
    let mut last_fit: Option<usize> = None;
    let mut line_start = 0;
    let mut i = 0;
    while i < elements.len() {
        let element = &elements[i];
        if is_break(elements, i) {
            let extra = match element.kind {
                Kind::Penalty { .. } => element.width,
                _ => Pt::ZERO,
            };
            if forced(element) {
                breaks.push(i);
                line_start = skip_discardable(elements, i + 1);
                line_width = Pt::ZERO;
                last_fit = None;
                i = line_start;
                continue;
            }
            if line_width + extra <= width || last_fit.is_none() {
                last_fit = Some(i);
            } else if let Some(fit) = last_fit {
                breaks.push(fit);
                line_start = skip_discardable(elements, fit + 1);
                line_width = Pt::ZERO;
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
                line_width = Pt::ZERO;
                last_fit = None;
                i = line_start;
                continue;
            }
        }
        i += 1;
    }
    breaks
}

pub(super) fn skip_discardable(elements: &[Element], mut i: usize) -> usize {
    while i < elements.len()
        && !matches!(elements[i].kind, Kind::Box { .. })
        && !forced(&elements[i])
    {
        i += 1;
    }
    i
}
