//! Plain text with no blank lines, as a browser's "save as text" or a copy from a web page
//! gives it: every line is a paragraph, a heading or page furniture, and only the shape of the
//! lines says which. This pass decides, line by line, and hands the rest of import ordinary
//! lines: the title and headings as headings, each paragraph followed by a blank line, and
//! the furniture reported (with its line) and left out.
//!
//! - The **title** is the first line, when it reads as one; a byline under it goes.
//! - A **table of contents** is a contents line and the short lines under it, or a run of
//!   short lines near the top most of which come back later: when there is one, its entries
//!   (where they come back) are the headings, and it goes.
//! - Otherwise a **heading** is a short title-like line alone between paragraphs.
//! - A **run of headlines** is two or more title-like lines that are no heading, whose words
//!   the text around them mostly does not use (a list of links to other articles, as copied).
//!   A run whose words the text does use (a list of names, say) stays.
//! - A **tag list** is a "Tags" line and the one- to three-word lines under it, or one
//!   "Tags: a, b" line.
//!
//! Each test is linear in the text: words are looked up in one set of the text's words and in
//! a window of nearby paragraphs.

use std::collections::{HashMap, HashSet};

use super::Line;
use crate::diagnostic::Diagnostic;

/// Whether the text has the shape this pass reads: several lines and (almost) no blank lines
/// between them, and no Markdown headings.
pub(super) fn applies(raw: &[&str]) -> bool {
    let filled = raw.iter().filter(|l| !l.trim().is_empty()).count();
    let blank = raw.len() - filled;
    filled >= 5 && blank * 10 < filled
}

/// What a line of dense text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Title,
    Heading,
    Paragraph,
    Dropped,
}

/// The lines of dense text as import's lines: headings marked, a blank line after each
/// paragraph, furniture left out and reported.
pub(super) fn lines<'a>(raw: &[&'a str], report: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let text: Vec<&str> = raw.iter().map(|l| l.trim()).collect();
    let mut kind: Vec<Kind> = text
        .iter()
        .map(|t| {
            if t.is_empty() {
                Kind::Dropped
            } else {
                Kind::Paragraph
            }
        })
        .collect();
    let mut drops: Vec<(usize, usize, &str)> = Vec::new();

    // The title, and a byline under it.
    let first = text.iter().position(|t| !t.is_empty());
    if let Some(first) = first
        && titleish(text[first], 16)
    {
        kind[first] = Kind::Title;
        if let Some(next) = (first + 1..text.len()).find(|&i| !text[i].is_empty())
            && byline(text[next])
        {
            kind[next] = Kind::Dropped;
            drops.push((next, next + 1, "a byline"));
        }
    }

    for (i, t) in text.iter().enumerate() {
        if kind[i] == Kind::Paragraph && super::is_prompt(t) {
            kind[i] = Kind::Dropped;
            drops.push((i, i + 1, "a share or subscribe prompt"));
        }
    }
    tags(&text, &mut kind, &mut drops);
    let toc = contents(&text, &kind);
    if let Some((start, end, ref entries)) = toc {
        for k in &mut kind[start..end] {
            *k = Kind::Dropped;
        }
        drops.push((start, end, "a table of contents"));
        // Each entry's first return after the contents is its heading.
        let mut wanted: HashSet<String> = entries.iter().cloned().collect();
        for i in end..text.len() {
            if kind[i] == Kind::Paragraph && wanted.remove(&key(text[i])) {
                kind[i] = Kind::Heading;
            }
        }
    }
    repeats(&text, &mut kind, &mut drops);
    headline_runs(&text, &mut kind, &mut drops);
    if toc.is_none() {
        for i in 0..text.len() {
            let alone =
                |j: Option<usize>| j.is_none_or(|j| kind[j] != Kind::Paragraph || prose(text[j]));
            if kind[i] == Kind::Paragraph
                && titleish(text[i], 12)
                && alone(previous(&kind, i))
                && next(&kind, i).is_some_and(|j| prose(text[j]))
            {
                kind[i] = Kind::Heading;
            }
        }
    }

    // Neighbouring runs left out for the same reason are reported as one.
    drops.sort_by_key(|d| d.0);
    let mut merged: Vec<(usize, usize, &str)> = Vec::with_capacity(drops.len());
    for drop in drops {
        match merged.last_mut() {
            Some(last) if last.2 == drop.2 && text[last.1..drop.0].iter().all(|t| t.is_empty()) => {
                last.1 = drop.1;
            }
            _ => merged.push(drop),
        }
    }
    for (start, end, why) in merged {
        let count = (start..end).filter(|&i| !text[i].is_empty()).count();
        if count == 0 {
            continue;
        }
        let line = u32::try_from(start + 1).unwrap_or(u32::MAX);
        report.push(
            Diagnostic::info(format!(
                "left out {count} line{} at line {line}: {why}",
                if count == 1 { "" } else { "s" }
            ))
            .at_line(line),
        );
    }

    let mut out = Vec::with_capacity(raw.len() * 2);
    for (i, (&line, &k)) in raw.iter().zip(&kind).enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let heading = match k {
            Kind::Dropped => continue,
            Kind::Title => Some((1, text[i].to_owned())),
            Kind::Heading => Some((2, text[i].to_owned())),
            Kind::Paragraph => None,
        };
        out.push(Line {
            number,
            text: line,
            heading,
            fenced: false,
        });
        out.push(Line {
            number,
            text: "",
            heading: None,
            fenced: false,
        });
    }
    out
}

/// A line as a key for matching contents entries with headings: lower case, spaces squeezed.
fn key(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A short line that starts with a capital and does not end as a sentence or a clause does.
fn titleish(line: &str, max_words: usize) -> bool {
    let words = line.split_whitespace().count();
    (1..=max_words).contains(&words)
        && line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !line.ends_with(['.', ',', ';', ':', '!'])
        && !line.starts_with(['-', '*', '•', '#', '|'])
}

/// A line that reads as running text: it ends a sentence, or it is too long for a heading.
fn prose(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', '"', '”', ')']) && line.split_whitespace().count() > 3
        || line.split_whitespace().count() > 16
}

/// "By …", or a line giving when the piece was published or updated.
fn byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    words <= 14
        && (lower.starts_with("by ")
            || ["updated ", "published ", "posted ", "last modified"]
                .iter()
                .any(|w| lower.starts_with(w) || lower.contains(&format!("· {w}"))))
}

/// The nearest line before `i` still in the text.
fn previous(kind: &[Kind], i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| kind[j] != Kind::Dropped)
}

/// The nearest line after `i` still in the text.
fn next(kind: &[Kind], i: usize) -> Option<usize> {
    (i + 1..kind.len()).find(|&j| kind[j] != Kind::Dropped)
}

const CONTENTS: [&str; 6] = [
    "contents",
    "table of contents",
    "in this article",
    "on this page",
    "jump to",
    "in this explainer",
];

/// The table of contents, as (first line, end, entries): a contents line with the title-like
/// lines under it, or, in the first fifth of the text, a run of three or more title-like
/// lines of which at least three in five come back later.
fn contents(text: &[&str], kind: &[Kind]) -> Option<(usize, usize, Vec<String>)> {
    let last_seen: HashMap<String, usize> =
        text.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    let reach = (text.len() / 5).max(12).min(text.len());
    let mut i = 0;
    while i < reach {
        if kind[i] != Kind::Paragraph {
            i += 1;
            continue;
        }
        let labelled = CONTENTS.contains(&key(text[i]).trim_end_matches(':'));
        let start = if labelled { i + 1 } else { i };
        let end = (start..text.len())
            .find(|&j| kind[j] != Kind::Paragraph || !titleish(text[j], 12))
            .unwrap_or(text.len());
        let entries: Vec<String> = text[start..end].iter().map(|t| key(t)).collect();
        let back = entries
            .iter()
            .filter(|e| last_seen.get(*e).is_some_and(|&j| j >= end))
            .count();
        if (labelled && !entries.is_empty())
            || (entries.len() >= 3 && back * 5 >= entries.len() * 3)
        {
            return Some((i, end, entries));
        }
        i = end.max(i + 1);
    }
    None
}

/// A "Tags" line and the short lines under it, or a "Tags: a, b, c" line.
fn tags(text: &[&str], kind: &mut [Kind], drops: &mut Vec<(usize, usize, &str)>) {
    const LABELS: [&str; 5] = ["tags", "topics", "filed under", "related topics", "tagged"];
    let mut i = 0;
    while i < text.len() {
        let lower = key(text[i]);
        let label = lower.trim_end_matches(':');
        let inline = LABELS.iter().any(|l| {
            lower
                .strip_prefix(l)
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|rest| !rest.trim().is_empty() && !prose(rest.trim()))
        });
        if kind[i] == Kind::Paragraph && inline {
            kind[i] = Kind::Dropped;
            drops.push((i, i + 1, "a list of tags"));
        } else if kind[i] == Kind::Paragraph && LABELS.contains(&label) {
            let end = (i + 1..text.len())
                .find(|&j| {
                    let words = text[j].split_whitespace().count();
                    !(1..=3).contains(&words) || text[j].ends_with(['.', '!', '?'])
                })
                .unwrap_or(text.len());
            for k in &mut kind[i..end] {
                *k = Kind::Dropped;
            }
            drops.push((i, end, "a list of tags"));
            i = end;
            continue;
        }
        i += 1;
    }
}

/// Words short enough, or common enough, that sharing them says nothing about a topic.
const COMMON: [&str; 40] = [
    "the", "and", "for", "with", "from", "that", "this", "what", "when", "where", "which", "who",
    "whom", "why", "how", "are", "was", "were", "you", "your", "can", "its", "has", "have", "had",
    "not", "but", "all", "any", "into", "over", "about", "after", "before", "most", "more", "best",
    "top", "does", "did",
];

/// The words of a line that could name its topic: lower case, three letters or more, not
/// among the commonest.
fn topic_words(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
}

/// Runs of two or more title-like lines that are not headings, whose topic words the nearby
/// paragraphs (five either side) mostly do not use.
fn headline_runs(text: &[&str], kind: &mut [Kind], drops: &mut Vec<(usize, usize, &str)>) {
    let candidate = |i: usize, kind: &[Kind]| kind[i] == Kind::Paragraph && titleish(text[i], 12);
    let mut i = 0;
    while i < text.len() {
        if !candidate(i, kind) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < text.len() && (candidate(end, kind) || kind[end] == Kind::Dropped) {
            end += 1;
        }
        let mut members: Vec<usize> = (i..end).filter(|&j| kind[j] == Kind::Paragraph).collect();
        // The last line of a run that running text follows may be the next part's heading
        // (a list of links often ends just above one): it is judged as a heading, not here.
        if next(kind, end.saturating_sub(1)).is_some_and(|j| prose(text[j])) {
            members.pop();
        }
        if members.len() >= 2 {
            let around: HashSet<String> = nearby(text, kind, i, end, 5)
                .flat_map(|j| topic_words(text[j]).collect::<Vec<_>>())
                .collect();
            let words: Vec<String> = members
                .iter()
                .flat_map(|&j| topic_words(text[j]).collect::<Vec<_>>())
                .collect();
            let shared = words.iter().filter(|w| around.contains(*w)).count();
            if !words.is_empty() && shared * 2 < words.len() {
                for &j in &members {
                    kind[j] = Kind::Dropped;
                }
                drops.push((i, end, "a run of headlines linking elsewhere"));
            }
        }
        i = end;
    }
}

/// The paragraphs within `reach` paragraphs before `start` and after `end`.
fn nearby<'k>(
    text: &'k [&str],
    kind: &'k [Kind],
    start: usize,
    end: usize,
    reach: usize,
) -> impl Iterator<Item = usize> + 'k {
    let prose_line = move |j: &usize| kind[*j] == Kind::Paragraph && prose(text[*j]);
    // Looked for among a bounded number of lines, so the cost stays linear whatever the text.
    let window = reach * 10;
    let before: Vec<usize> = (0..start)
        .rev()
        .take(window)
        .filter(prose_line)
        .take(reach)
        .collect();
    let after: Vec<usize> = (end..text.len())
        .take(window)
        .filter(prose_line)
        .take(reach)
        .collect();
    before.into_iter().chain(after)
}

/// A short line that says again what the title or an earlier heading or short line said.
fn repeats(text: &[&str], kind: &mut [Kind], drops: &mut Vec<(usize, usize, &str)>) {
    let mut seen: HashSet<String> = HashSet::new();
    for i in 0..text.len() {
        if kind[i] == Kind::Dropped || prose(text[i]) {
            continue;
        }
        if !seen.insert(key(text[i])) {
            kind[i] = Kind::Dropped;
            drops.push((i, i + 1, "a repeated headline"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_of_a_line_says_what_it_is() {
        assert!(titleish("The July Cyberattack", 12));
        assert!(!titleish("It ended there.", 12));
        assert!(prose(
            "Albania investigated the attack with help from abroad."
        ));
        assert!(!prose("What Comes Next"));
        assert!(byline("By a staff writer · Updated September 2022"));
        assert!(!byline(
            "Byzantine rule ended long ago and nobody mourns it."
        ));
        assert!(applies(&["a", "b", "c", "d", "e"]));
        assert!(!applies(&["a", "", "b", "", "c", "", "d", "", "e"]));
    }
}
