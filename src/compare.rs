//! Comparing two versions of a briefing: what changed, and the redline that shows it.
//!
//! Sections are matched by id, then by title. Inside a matched section the bodies are
//! compared paragraph by paragraph, then word by word inside the paragraphs that changed
//! (`similar`'s patience diff over word tokens that keep numbers and dates whole); an
//! unchanged run of fewer than [`FOLD_WORDS`] words between two changes is folded into them,
//! so the redline reads as whole phrases rather than confetti.
//!
//! The redline is itself a briefing: the old text of each section with the changes as
//! suggestions, which the review copy sets as inserted and deleted text with change bars
//! (the same path the window's review copy takes), headed by a summary of the changes.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::model::review::{Anchor, Suggestion, char_of};
use crate::model::{Briefing, Section};

/// Unchanged runs shorter than this many words between two changes join the change.
pub const FOLD_WORDS: usize = 3;

/// What happened to one section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// The same text (perhaps moved).
    Unchanged,
    /// Its text or title changed.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// One change inside a section: old text replaced by new (either may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    /// Where, in the old body (bytes).
    pub old: Range<usize>,
    /// The old text.
    pub deleted: String,
    /// The new text.
    pub inserted: String,
}

/// One section's comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionChange {
    /// The section's id (the new version's when it has both).
    pub id: String,
    /// Its title in the new version (the old one's when removed).
    pub title: String,
    /// Its title in the old version, when that differs.
    pub old_title: Option<String>,
    /// What happened to it.
    pub fate: Fate,
    /// Whether it stands in another order among the sections both versions have.
    pub moved: bool,
    /// The changes of its body, in order.
    pub hunks: Vec<Hunk>,
}

/// The comparison of two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Sections whose text or title changed.
    pub changed: usize,
    /// Sections only in the new version.
    pub added: usize,
    /// Sections only in the old version.
    pub removed: usize,
    /// Sections in another order.
    pub moved: usize,
    /// Words put in.
    pub words_added: usize,
    /// Words taken out.
    pub words_removed: usize,
    /// Comments in the new version that the old one did not have.
    pub comments_opened: usize,
    /// Comments resolved in the new version that were open (or absent) in the old one.
    pub comments_resolved: usize,
}

/// Everything a comparison found.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Section by section, in the new version's order (removed ones where they stood).
    pub sections: Vec<SectionChange>,
    /// The counts.
    pub summary: Summary,
}

/// Compares two versions of a briefing.
pub fn compare(old: &Briefing, new: &Briefing) -> Comparison {
    // Match by id, then by title among the rest.
    let old_by_id: HashMap<&str, usize> = old
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut matched: Vec<Option<usize>> = new
        .sections
        .iter()
        .map(|s| old_by_id.get(s.id.as_str()).copied())
        .collect();
    let mut taken: HashSet<usize> = matched.iter().flatten().copied().collect();
    for (n, section) in new.sections.iter().enumerate() {
        if matched[n].is_none()
            && let Some(o) =
                old.sections.iter().enumerate().position(|(o, s)| {
                    !taken.contains(&o) && s.title.trim() == section.title.trim()
                })
        {
            matched[n] = Some(o);
            taken.insert(o);
        }
    }
    let kept = in_order(&matched);

    let mut sections: Vec<SectionChange> = Vec::with_capacity(new.sections.len());
    let mut summary = Summary::default();
    // Removed sections go after the section that followed their predecessor.
    let mut removed_after: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for o in (0..old.sections.len()).filter(|o| !taken.contains(o)) {
        let before = (0..o).rev().find(|p| taken.contains(p));
        removed_after.entry(before).or_default().push(o);
    }
    let push_removed = |after: Option<usize>, sections: &mut Vec<SectionChange>| {
        for &o in removed_after.get(&after).into_iter().flatten() {
            let s = &old.sections[o];
            sections.push(SectionChange {
                id: s.id.clone(),
                title: s.title.clone(),
                old_title: None,
                fate: Fate::Removed,
                moved: false,
                hunks: whole(&s.body, ""),
            });
        }
    };
    push_removed(None, &mut sections);
    for (n, section) in new.sections.iter().enumerate() {
        let change = match matched[n] {
            Some(o) => {
                let before = &old.sections[o];
                let hunks = body_hunks(&before.body, &section.body);
                let old_title = (before.title != section.title).then(|| before.title.clone());
                let fate = if hunks.is_empty() && old_title.is_none() {
                    Fate::Unchanged
                } else {
                    Fate::Changed
                };
                SectionChange {
                    id: section.id.clone(),
                    title: section.title.clone(),
                    old_title,
                    fate,
                    moved: !kept.contains(&n),
                    hunks,
                }
            }
            None => SectionChange {
                id: section.id.clone(),
                title: section.title.clone(),
                old_title: None,
                fate: Fate::Added,
                moved: false,
                hunks: whole("", &section.body),
            },
        };
        sections.push(change);
        if let Some(o) = matched[n] {
            push_removed(Some(o), &mut sections);
        }
    }
    for s in &sections {
        match s.fate {
            Fate::Changed => summary.changed += 1,
            Fate::Added => summary.added += 1,
            Fate::Removed => summary.removed += 1,
            Fate::Unchanged => {}
        }
        summary.moved += usize::from(s.moved);
        for h in &s.hunks {
            summary.words_added += words(&h.inserted);
            summary.words_removed += words(&h.deleted);
        }
    }
    let old_comments: HashMap<&str, bool> = old
        .sections
        .iter()
        .flat_map(|s| &s.comments)
        .map(|c| (c.id.as_str(), c.resolved))
        .collect();
    for c in new.sections.iter().flat_map(|s| &s.comments) {
        let before = old_comments.get(c.id.as_str());
        summary.comments_opened += usize::from(before.is_none());
        summary.comments_resolved += usize::from(c.resolved && before != Some(&true));
    }
    Comparison { sections, summary }
}

/// The new positions whose old positions keep their order: the longest increasing run of
/// old positions (patience sorting, n·log n). The others moved.
fn in_order(matched: &[Option<usize>]) -> HashSet<usize> {
    let pairs: Vec<(usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(n, o)| o.map(|o| (n, o)))
        .collect();
    let mut tails: Vec<usize> = Vec::new(); // index into pairs of the smallest tail per length
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, o)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < o);
        back[i] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = HashSet::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.insert(pairs[i].0);
        at = back[i];
    }
    out
}

fn whole(old: &str, new: &str) -> Vec<Hunk> {
    if old.is_empty() && new.is_empty() {
        return Vec::new();
    }
    vec![Hunk {
        old: 0..old.len(),
        deleted: old.to_owned(),
        inserted: new.to_owned(),
    }]
}

fn token_pattern() -> Option<&'static Regex> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN.get_or_init(|| {
        const MONTH: &str = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
        let pattern = format!(
            r"(?s)\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} {MONTH} \d{{4}}|{MONTH} \d{{1,2}}, \d{{4}}|\d+(?:[.,:]\d+)*%?|[\p{{L}}\p{{M}}\p{{N}}_]+(?:['’][\p{{L}}]+)*|\s+|."
        );
        // The pattern is a constant: it compiles, and a test says so.
        Regex::new(&pattern).ok()
    })
    .as_ref()
}

/// Word tokens with their byte ranges: a date or a number is one token, as is a word, a run
/// of white space or one other character.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    match token_pattern() {
        Some(pattern) => pattern
            .find_iter(text)
            .map(|m| (m.start(), m.as_str()))
            .collect(),
        None => text
            .char_indices()
            .map(|(i, c)| (i, &text[i..i + c.len_utf8()]))
            .collect(),
    }
}

/// How many words a text has (tokens with a letter or digit).
pub fn words(text: &str) -> usize {
    tokens(text)
        .iter()
        .filter(|(_, t)| t.chars().any(char::is_alphanumeric))
        .count()
}

/// The body split into paragraphs, each with the blank lines after it.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    static BLANK: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(blank) = BLANK.get_or_init(|| Regex::new(r"\n[ \t]*\n\s*").ok()) else {
        return vec![(0, text)];
    };
    let mut out = Vec::new();
    let mut start = 0;
    for m in blank.find_iter(text) {
        out.push((start, &text[start..m.end()]));
        start = m.end();
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// The changes from `old` to `new`: paragraphs first, then words inside changed ones.
pub fn body_hunks(old: &str, new: &str) -> Vec<Hunk> {
    if old == new {
        return Vec::new();
    }
    let (op, np) = (paragraphs(old), paragraphs(new));
    let ot: Vec<&str> = op.iter().map(|p| p.1).collect();
    let nt: Vec<&str> = np.iter().map(|p| p.1).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &ot, &nt);
    let span = |list: &[(usize, &str)], range: Range<usize>, len: usize| -> Range<usize> {
        let start = list.get(range.start).map_or(len, |p| p.0);
        let end = list.get(range.end).map_or(len, |p| p.0);
        start..end
    };
    let mut hunks = Vec::new();
    // Runs of changed paragraphs, old and new side, compared word by word.
    let mut region: Option<(Range<usize>, Range<usize>)> = None;
    let flush = |region: &mut Option<(Range<usize>, Range<usize>)>, hunks: &mut Vec<Hunk>| {
        if let Some((o, n)) = region.take() {
            let o = span(&op, o, old.len());
            let n = span(&np, n, new.len());
            for mut h in word_hunks(&old[o.clone()], &new[n]) {
                h.old = h.old.start + o.start..h.old.end + o.start;
                hunks.push(h);
            }
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { .. } => flush(&mut region, &mut hunks),
            _ => {
                let (o, n) = (op.old_range(), op.new_range());
                region = Some(match region.take() {
                    Some((ro, rn)) => (ro.start..o.end.max(ro.end), rn.start..n.end.max(rn.end)),
                    None => (o, n),
                });
            }
        }
    }
    flush(&mut region, &mut hunks);
    hunks
}

fn word_hunks(old: &str, new: &str) -> Vec<Hunk> {
    let (ot, nt) = (tokens(old), tokens(new));
    let ow: Vec<&str> = ot.iter().map(|t| t.1).collect();
    let nw: Vec<&str> = nt.iter().map(|t| t.1).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &ow, &nw);
    // (old token range, new token range) of each change, short equal runs folded in.
    let mut changes: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut pending_equal: Option<(Range<usize>, Range<usize>)> = None;
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            pending_equal = Some((o, n));
            continue;
        }
        match (changes.last_mut(), pending_equal.take()) {
            (Some(last), Some((eo, _)))
                if ow[eo.clone()]
                    .iter()
                    .filter(|t| t.chars().any(char::is_alphanumeric))
                    .count()
                    < FOLD_WORDS =>
            {
                last.0.end = o.end;
                last.1.end = n.end;
            }
            (Some(last), None) => {
                last.0.end = o.end;
                last.1.end = n.end;
            }
            _ => changes.push((o, n)),
        }
    }
    let byte = |list: &[(usize, &str)], i: usize, len: usize| list.get(i).map_or(len, |t| t.0);
    let bytes: Vec<(Range<usize>, Range<usize>)> = changes
        .into_iter()
        .map(|(o, n)| {
            (
                byte(&ot, o.start, old.len())..byte(&ot, o.end, old.len()),
                byte(&nt, n.start, new.len())..byte(&nt, n.end, new.len()),
            )
        })
        .collect();
    whole_lines(old, new, bytes)
        .into_iter()
        .map(|(ob, nb)| Hunk {
            deleted: old[ob.clone()].to_owned(),
            inserted: new[nb].to_owned(),
            old: ob,
        })
        .collect()
}

/// Whether a line starts a block: a fence, a heading, a bullet or number, a quote, a table
/// row.
fn starts_block(line: &str) -> bool {
    let line = line.trim_start();
    let numbered = line.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
    });
    numbered
        || ["```", "~~~", "#", "- ", "* ", "+ ", ">", "|"]
            .iter()
            .any(|p| line.starts_with(p))
}

/// A change inside a line whose new text starts a block (a fence, a bullet, a heading) takes
/// in the whole lines it touches (joined with any change on them), so the block starts a
/// line as a block must: set after a word of the line it would read as text. The text
/// taken in either side is unchanged, so the new side moves by the same amount.
fn whole_lines(
    old: &str,
    new: &str,
    changes: Vec<(Range<usize>, Range<usize>)>,
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(changes.len());
    for (o, n) in changes {
        // The new text goes where the old ends.
        let mid_line = o.end > 0 && old.as_bytes()[o.end - 1] != b'\n';
        let crosses = mid_line && starts_block(new[n.clone()].lines().next().unwrap_or(""));
        let (start, end) = if crosses {
            (
                old[..o.start].rfind('\n').map_or(0, |i| i + 1),
                old[o.end..].find('\n').map_or(old.len(), |i| o.end + i + 1),
            )
        } else {
            (o.start, o.end)
        };
        match out.last_mut() {
            // Reaching back into the change before: one change.
            Some((lo, ln)) if start < lo.end => {
                ln.end = n.end + (end - o.end);
                lo.end = end;
            }
            _ => out.push((
                start..end,
                n.start - (o.start - start)..n.end + (end - o.end),
            )),
        }
    }
    out
}

impl Comparison {
    /// The redline as a briefing: a summary of the changes, then each section's old text
    /// with its changes as suggestions (which the review copy sets as redline), labelled
    /// when added, removed, moved or renamed. `labels` name the old and the new version.
    pub fn redline(&self, old: &Briefing, new: &Briefing, labels: (&str, &str)) -> Briefing {
        let mut out = Briefing::new("Changes");
        out.meta = new.meta.clone();
        // A short title for the running head ("Changes"); the document's own title leads the
        // subtitle. (A running head of eight words or more on a short document reads to a
        // screen-reader checker as prose hidden from readers.)
        out.meta.title = "Changes".into();
        out.meta.subtitle = format!(
            "{}: {} compared with {}",
            new.meta.title.trim(),
            labels.1,
            labels.0
        );
        out.meta.spelling_ignored.clear();
        // What the deleted text cites must still resolve.
        out.sources = new.sources.clone();
        for source in &old.sources {
            if !out.sources.iter().any(|s| s.id == source.id) {
                out.sources.push(source.clone());
            }
        }
        out.variables = old.variables.clone();
        out.variables.extend(new.variables.clone());
        // The higher of the two markings.
        let scheme = new.meta.marking.scheme;
        if old.meta.marking.scheme == scheme
            && scheme.rank(&old.meta.marking.level) > scheme.rank(&new.meta.marking.level)
        {
            out.meta.marking = old.meta.marking.clone();
        }
        out.sections.push(Section {
            id: "summary-of-changes".into(),
            title: "Summary of changes".into(),
            body: self.summary_markdown(labels),
            ..Section::default()
        });
        let old_by_id: HashMap<&str, &Section> =
            old.sections.iter().map(|s| (s.id.as_str(), s)).collect();
        let new_by_id: HashMap<&str, &Section> =
            new.sections.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut ids: HashSet<String> = HashSet::new();
        ids.insert("summary-of-changes".into());
        for change in &self.sections {
            let (base, title_from) = match change.fate {
                Fate::Removed => (
                    old_by_id.get(change.id.as_str()).map(|s| s.body.as_str()),
                    change.id.as_str(),
                ),
                Fate::Added => (Some(""), change.id.as_str()),
                _ => (self.old_body_of(change, old, new), change.id.as_str()),
            };
            let base = base.unwrap_or("");
            let section = new_by_id
                .get(title_from)
                .or_else(|| old_by_id.get(title_from))
                .copied();
            let mut labels = Vec::new();
            match change.fate {
                Fate::Added => labels.push("added".to_owned()),
                Fate::Removed => labels.push("removed".to_owned()),
                _ => {}
            }
            if change.moved {
                labels.push("moved".to_owned());
            }
            if let Some(t) = &change.old_title {
                labels.push(format!("renamed from “{}”", t.trim()));
            }
            let title = if labels.is_empty() {
                change.title.clone()
            } else {
                format!("{} [{}]", change.title, labels.join("; "))
            };
            let mut id = change.id.clone();
            let mut n = 2;
            while !ids.insert(id.clone()) {
                id = format!("{}-{n}", change.id);
                n += 1;
            }
            out.sections.push(Section {
                id,
                title,
                body: base.to_owned(),
                marking: section.and_then(|s| s.marking.clone()),
                block: section.map(|s| s.block.clone()).unwrap_or_default(),
                suggestions: change
                    .hunks
                    .iter()
                    .enumerate()
                    .map(|(i, h)| Suggestion {
                        id: format!("d{i:06}"),
                        anchor: Anchor::new(
                            base,
                            char_of(base, h.old.start),
                            char_of(base, h.old.end),
                        ),
                        insert: h.inserted.clone(),
                        ..Suggestion::default()
                    })
                    .collect(),
                ..Section::default()
            });
        }
        out
    }

    fn old_body_of<'a>(
        &self,
        change: &SectionChange,
        old: &'a Briefing,
        new: &Briefing,
    ) -> Option<&'a str> {
        old.section(&change.id)
            .or_else(|| {
                let title = new.section(&change.id).map(|s| s.title.trim())?;
                old.sections.iter().find(|s| s.title.trim() == title)
            })
            .map(|s| s.body.as_str())
    }

    /// The summary as Markdown: the counts, then the sections that changed.
    pub fn summary_markdown(&self, labels: (&str, &str)) -> String {
        let s = &self.summary;
        let mut out = format!(
            "Comparing **{}** (new) with **{}** (old).\n\n",
            escape(labels.1),
            escape(labels.0)
        );
        out.push_str(&format!(
            "- Sections changed: {}; added: {}; removed: {}; moved: {}\n- Words added: {}; removed: {}\n- Comments opened: {}; resolved: {}\n\n",
            s.changed, s.added, s.removed, s.moved, s.words_added, s.words_removed, s.comments_opened, s.comments_resolved
        ));
        let listed: Vec<&SectionChange> = self
            .sections
            .iter()
            .filter(|c| c.fate != Fate::Unchanged || c.moved)
            .collect();
        if listed.is_empty() {
            out.push_str("The two versions have the same text.\n");
        } else {
            out.push_str("Sections with changes:\n\n");
            for c in listed {
                let what = match (c.fate, c.moved) {
                    (Fate::Added, _) => "added".to_owned(),
                    (Fate::Removed, _) => "removed".to_owned(),
                    (Fate::Changed, true) => format!("{} changes, moved", c.hunks.len()),
                    (Fate::Changed, false) => format!(
                        "{} change{}",
                        c.hunks.len(),
                        if c.hunks.len() == 1 { "" } else { "s" }
                    ),
                    (Fate::Unchanged, _) => "moved".to_owned(),
                };
                out.push_str(&format!("- {} ({what})\n", escape(c.title.trim())));
            }
        }
        out
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '*' | '_' | '[' | ']' | '`' | '\\' | '<' | '{' | '}' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_pattern_compiles_and_keeps_numbers_and_dates_whole() {
        assert!(token_pattern().is_some());
        let t: Vec<&str> = tokens("On 7 September 2022, 1,250.5 GB (2022-07-15) leaked.")
            .into_iter()
            .map(|t| t.1)
            .filter(|t| !t.trim().is_empty())
            .collect();
        assert_eq!(
            t,
            [
                "On",
                "7 September 2022",
                ",",
                "1,250.5",
                "GB",
                "(",
                "2022-07-15",
                ")",
                "leaked",
                "."
            ]
        );
    }

    #[test]
    fn a_changed_word_is_one_hunk_and_short_gaps_fold() {
        let old =
            "Albania cut diplomatic ties with Iran on 7 September 2022.\n\nNATO condemned it.\n";
        let new = "Albania cut all diplomatic ties with Iran on 8 September 2022.\n\nNATO condemned it.\n";
        let hunks = body_hunks(old, new);
        let pairs: Vec<(&str, &str)> = hunks
            .iter()
            .map(|h| (h.deleted.as_str(), h.inserted.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [("", "all "), ("7 September 2022", "8 September 2022")]
        );
        // Two changes one word apart read as one.
        let hunks = body_hunks("a b c d e", "a X c Y e");
        let pairs: Vec<(&str, &str)> = hunks
            .iter()
            .map(|h| (h.deleted.as_str(), h.inserted.as_str()))
            .collect();
        assert_eq!(pairs, [("b c d", "X c Y")]);
    }

    #[test]
    fn moves_are_the_sections_out_of_the_longest_kept_order() {
        let kept = in_order(&[Some(0), Some(2), Some(1), Some(3), None]);
        assert_eq!(kept.len(), 3);
        assert!(kept.contains(&0) && kept.contains(&3));
    }
}
