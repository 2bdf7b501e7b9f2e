//! Checks of the writing: the bottom line's length, estimative language in key judgments
//! (ICD 203: a likelihood term and a confidence level, one scale throughout), and the
//! reading level of handout sections (Flesch–Kincaid grade).

use super::{BLUF_SENTENCES, Checked, HANDOUT_GRADE, UnitKind, find_word, has_word};
use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, Variant};
use crate::templates::BlockKind;

/// ICD 203's likelihood words, lowest to highest.
const LIKELIHOOD: [&str; 8] = [
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
    "almost certainly",
];
/// ICD 203's parallel scale of probability words.
const PROBABILITY: [&str; 9] = [
    "remote",
    "highly improbable",
    "improbable",
    "roughly even odds",
    "probable",
    "probably",
    "highly probable",
    "nearly certain",
    "nearly certainly",
];
const CONFIDENCE: [&str; 4] = [
    "high confidence",
    "moderate confidence",
    "medium confidence",
    "low confidence",
];

/// The sentences of a text: split after `.`, `!` or `?` followed by a space or the end, not
/// after common abbreviations or initials.
pub fn sentences(text: &str) -> Vec<&str> {
    const ABBREVIATIONS: [&str; 10] = [
        "e.g", "i.e", "etc", "Mr", "Mrs", "Dr", "St", "vs", "U.S", "No",
    ];
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, (i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(k + 1).map(|(_, c)| *c);
        if !next.is_none_or(|n| n.is_whitespace() || n == '"' || n == '”' || n == ')') {
            continue;
        }
        let before = &text[start..*i];
        let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if *c == '.' && (ABBREVIATIONS.contains(&word) || initial) {
            continue;
        }
        let end = i + c.len_utf8();
        if text[start..end].chars().any(char::is_alphanumeric) {
            out.push(text[start..end].trim());
        }
        start = end;
    }
    if text[start..].chars().any(char::is_alphanumeric) {
        out.push(text[start..].trim());
    }
    out
}

fn syllables(word: &str) -> usize {
    let word = word.to_lowercase();
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &letters {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    // A silent final e ("state"), but not "-le" ("table").
    let n = letters.len();
    let le = letters[n - 2] == 'l' && !vowel(letters[n - 3]);
    if letters[n - 1] == 'e' && !le {
        count -= usize::from(count > 1);
    }
    // "-ed" after anything but t or d is not a syllable ("formed").
    if n > 3 && letters[n - 2] == 'e' && letters[n - 1] == 'd' && !"td".contains(letters[n - 3]) {
        count -= usize::from(count > 1);
    }
    count.max(1)
}

/// The Flesch–Kincaid grade of a text; `None` when it has too few words (under 20) to say.
pub fn flesch_kincaid_grade(text: &str) -> Option<f32> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let sentence_count = sentences(text).len().max(1);
    if words.len() < 20 {
        return None;
    }
    let syllable_count: usize = words.iter().map(|w| syllables(w)).sum();
    let w = words.len() as f32;
    Some(0.39 * (w / sentence_count as f32) + 11.8 * (syllable_count as f32 / w) - 15.59)
}

/// The bottom line up front is at most four sentences.
pub(super) fn bluf_length(sections: &[Checked<'_>], out: &mut Vec<Diagnostic>) {
    for section in sections.iter().filter(|s| s.block == "bluf") {
        let count: usize = section
            .units
            .iter()
            .filter(|u| u.kind != UnitKind::Heading)
            .map(|u| sentences(&u.text).len())
            .sum();
        if count > BLUF_SENTENCES {
            out.push(
                Diagnostic::warning(format!(
                    "the bottom line has {count} sentences; keep it to {BLUF_SENTENCES} a busy \
                     reader can act on and move the rest into the sections"
                ))
                .in_section(section.id),
            );
        }
    }
}

fn uses(text: &str, terms: &[&str]) -> Option<usize> {
    terms.iter().filter_map(|t| find_word(text, t)).min()
}

/// Each key judgment states a likelihood and a confidence level; the analytic sections keep
/// to one of ICD 203's two scales.
pub(super) fn estimative(sections: &[Checked<'_>], out: &mut Vec<Diagnostic>) {
    for section in sections.iter().filter(|s| s.block == "key-judgments") {
        for unit in &section.units {
            if unit.kind == UnitKind::Heading || unit.text.split_whitespace().count() < 6 {
                continue;
            }
            let likelihood =
                uses(&unit.text, &LIKELIHOOD).or_else(|| uses(&unit.text, &PROBABILITY));
            let confidence = CONFIDENCE.iter().any(|c| has_word(&unit.text, c));
            let missing = match (likelihood.is_some(), confidence) {
                (true, true) => continue,
                (false, true) => "a likelihood term (such as likely or almost certainly)",
                (true, false) => "a confidence level (high, moderate or low confidence)",
                (false, false) => {
                    "a likelihood term (such as likely) and a confidence level (high, moderate \
                     or low confidence)"
                }
            };
            out.push(
                Diagnostic::warning(format!("this key judgment lacks {missing}"))
                    .in_section(section.id)
                    .at_line(unit.line),
            );
        }
    }
    // Mixing the scales: the first place that uses the other scale from the one used first.
    let analytic = sections.iter().filter(|s| {
        matches!(s.kind, Some(BlockKind::Summary | BlockKind::Analysis))
            || s.block == "key-judgments"
    });
    let mut first: Option<(&str, String)> = None;
    for section in analytic {
        for unit in &section.units {
            let scales = [
                ("likelihood", uses(&unit.text, &LIKELIHOOD)),
                ("probability", uses(&unit.text, &PROBABILITY)),
            ];
            for (scale, found) in scales {
                if found.is_none() {
                    continue;
                }
                match &first {
                    None => first = Some((scale, section.place(unit.line))),
                    Some((used, place)) if *used != scale => {
                        out.push(
                            Diagnostic::warning(format!(
                                "this uses ICD 203's {scale} words while {place} uses its \
                                 {used} words; keep to one scale so readers can compare \
                                 judgments"
                            ))
                            .in_section(section.id)
                            .at_line(unit.line),
                        );
                        return;
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

/// Sections written for the handout read at or below its grade, in a briefing that is a
/// handout: one with a section written for the handout alone (learning objectives, key
/// terms, discussion questions), or whose author set a reading grade. A briefing that merely
/// has sections the handout could include (an imported article, a policy brief) is not held
/// to a classroom's grade.
pub(super) fn reading_level(
    briefing: &Briefing,
    sections: &[Checked<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let handout = briefing.meta.reading_grade.is_some()
        || sections
            .iter()
            .any(|s| s.variants.len() == 1 && Variant::Handout.named_in(s.variants));
    if !handout {
        return;
    }
    let target = briefing.meta.reading_grade.unwrap_or(HANDOUT_GRADE);
    for section in sections
        .iter()
        .filter(|s| Variant::Handout.named_in(s.variants))
    {
        let text: Vec<&str> = section
            .units
            .iter()
            .filter(|u| !matches!(u.kind, UnitKind::Row | UnitKind::HeaderRow))
            .map(|u| u.text.as_str())
            .collect();
        // Items without a full stop still end a sentence.
        let text = text
            .iter()
            .map(|t| {
                if t.trim_end().ends_with(['.', '?', '!']) {
                    (*t).to_owned()
                } else {
                    format!("{t}.")
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        // Compared as shown, to one decimal: "10.0, above the target of 10" would read wrong.
        if let Some(grade) = flesch_kincaid_grade(&text)
            && (grade * 10.0).round() / 10.0 > target
        {
            out.push(
                Diagnostic::warning(format!(
                    "this section reads at grade {grade:.1}, above the handout's target of \
                     {target:.0}; use shorter sentences and plainer words"
                ))
                .in_section(section.id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_but_not_abbreviations() {
        let s = sentences("The U.S. and NATO, e.g. Mr. Smith, spoke. Iran denied it! Why? Done");
        assert_eq!(
            s,
            [
                "The U.S. and NATO, e.g. Mr. Smith, spoke.",
                "Iran denied it!",
                "Why?",
                "Done"
            ]
        );
    }

    #[test]
    fn syllables_are_counted_near_enough() {
        for (word, n) in [
            ("cat", 1),
            ("state", 1),
            ("table", 2),
            ("attribution", 4),
            ("formed", 1),
            ("attacked", 2),
            ("diplomatic", 4),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn plain_text_grades_lower_than_dense_text() {
        let plain = "The cat sat on the mat. It was a big cat. The dog ran to the cat. \
                     The cat ran up a tree. The dog sat and did not bark. Then it went home.";
        let dense = "Attribution of state-sponsored cyber operations necessitates extensive \
                     forensic investigation, international intelligence cooperation and \
                     considerable institutional deliberation, consequently delaying diplomatic \
                     countermeasures considerably beyond the operational timeline.";
        let (p, d) = (
            flesch_kincaid_grade(plain).unwrap(),
            flesch_kincaid_grade(dense).unwrap(),
        );
        assert!(p < 4.0, "{p}");
        assert!(d > 16.0, "{d}");
        assert_eq!(flesch_kincaid_grade("Too short."), None);
    }
}
