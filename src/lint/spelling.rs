//! Spelling: the bundled SCOWL en-US and en-GB Hunspell dictionaries, checked with
//! `spellbook`, chosen by the briefing's language. Only prose is checked: code, web and mail
//! addresses, citations, footnote marks, `{{variables}}`, link targets and HTML tags are
//! skipped, and so are words in capitals (acronyms), words with digits and single letters.
//! ’ counts as '. Names the briefing already knows (variables' values, the ledger's titles,
//! authors and publishers, the document's authors and organisation, words the author chose
//! to ignore) are accepted, and so are the words of the user's own list.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use spellbook::Dictionary;

use crate::model::Briefing;

/// Which dictionary a briefing is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// American English.
    EnUs,
    /// British English.
    EnGb,
}

impl Language {
    /// The dictionary for a BCP 47 tag: `en-GB` (and `en-IE`, `en-AU`, `en-NZ`, `en-ZA`,
    /// which spell as Britain does) British, other English American; `None` for a language
    /// there is no dictionary for.
    pub fn of(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        if parts.next() != Some("en") {
            return None;
        }
        Some(match parts.next() {
            Some("gb" | "uk" | "ie" | "au" | "nz" | "za") => Language::EnGb,
            _ => Language::EnUs,
        })
    }

    /// The dictionary, built on first use (about a tenth of a second) and kept.
    pub fn dictionary(self) -> Option<&'static Dictionary> {
        static US: OnceLock<Option<Dictionary>> = OnceLock::new();
        static GB: OnceLock<Option<Dictionary>> = OnceLock::new();
        let (cell, aff, dic) = match self {
            Language::EnUs => (
                &US,
                include_str!("../../dictionaries/en_US.aff"),
                include_str!("../../dictionaries/en_US.dic"),
            ),
            Language::EnGb => (
                &GB,
                include_str!("../../dictionaries/en_GB.aff"),
                include_str!("../../dictionaries/en_GB.dic"),
            ),
        };
        cell.get_or_init(|| Dictionary::new(aff, dic).ok()).as_ref()
    }
}

/// A word the dictionary does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Misspelt {
    /// Its bytes in the text.
    pub range: Range<usize>,
    /// The word as written.
    pub word: String,
}

/// A dictionary with the words a briefing and its author accept.
#[derive(Clone)]
pub struct Speller {
    dictionary: &'static Dictionary,
    /// Accepted words, lower-cased, ’ as '.
    accepted: Arc<HashSet<String>>,
}

/// A word as the dictionary and the accepted list compare it.
pub fn normal(word: &str) -> String {
    word.replace('’', "'").to_lowercase()
}

/// The words a briefing accepts beyond the dictionary: the names it knows, the words its
/// author chose to ignore in it, and the author's own list.
pub fn accepted(briefing: &Briefing, personal: &[String]) -> HashSet<String> {
    let mut accepted = HashSet::new();
    let mut take = |text: &str| {
        for (_, word) in words(text) {
            accepted.insert(normal(word));
        }
    };
    for value in briefing.variables.values() {
        take(value);
    }
    for source in &briefing.sources {
        for text in [
            &source.title,
            &source.short_title,
            &source.author,
            &source.publisher,
        ] {
            take(text);
        }
    }
    take(&briefing.meta.organization);
    // The key actors' names, as the block sets them: in bold at the head of each item.
    for section in briefing
        .sections
        .iter()
        .filter(|s| s.block_id() == "key-actors")
    {
        for bold in section.body.split("**").skip(1).step_by(2) {
            take(bold);
        }
    }
    for author in &briefing.meta.authors {
        take(author);
    }
    for word in briefing.meta.spelling_ignored.iter().chain(personal) {
        accepted.insert(normal(word));
    }
    accepted
}

/// The user's own word list: `$BRIEFDESK_WORDS`, else `words.txt` in
/// `$XDG_CONFIG_HOME/briefdesk` (`~/.config/briefdesk`).
pub fn personal_file() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("BRIEFDESK_WORDS") {
        return Some(path.into());
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".config")))?;
    Some(base.join("briefdesk").join("words.txt"))
}

/// The words of a word list file, one a line (none when it cannot be read).
pub fn read_list(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

impl Speller {
    /// A speller for the briefing's language accepting the names the briefing knows and
    /// `personal` words; `None` when there is no dictionary for the language.
    pub fn for_briefing(briefing: &Briefing, personal: &[String]) -> Option<Self> {
        let language = Language::of(&briefing.meta.language)?;
        Self::new(language, Arc::new(accepted(briefing, personal)))
    }

    /// A speller for `language` that accepts `accepted` words (see [`accepted`]); builds the
    /// dictionary on first use.
    pub fn new(language: Language, accepted: Arc<HashSet<String>>) -> Option<Self> {
        Some(Self {
            dictionary: language.dictionary()?,
            accepted,
        })
    }

    /// Whether a word is spelt right (or accepted).
    pub fn check(&self, word: &str) -> bool {
        let apostrophe = word.replace('’', "'");
        if self.accepted.contains(&normal(word)) || self.dictionary.check(&apostrophe) {
            return true;
        }
        // "Albania's": the possessive of a known word.
        apostrophe
            .strip_suffix("'s")
            .or_else(|| apostrophe.strip_suffix('\''))
            .is_some_and(|stem| {
                !stem.is_empty()
                    && (self.accepted.contains(&normal(stem)) || self.dictionary.check(stem))
            })
    }

    /// The words of `text` that are not spelt right.
    pub fn misspellings(&self, text: &str) -> Vec<Misspelt> {
        words(text)
            .into_iter()
            .filter(|(_, word)| !self.check(word))
            .map(|(range, word)| Misspelt {
                range,
                word: word.to_owned(),
            })
            .collect()
    }

    /// Up to five corrections for a word, best first, in the word's own apostrophe.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.dictionary.suggest(&word.replace('’', "'"), &mut out);
        out.truncate(5);
        if word.contains('’') {
            for s in &mut out {
                *s = s.replace('\'', "’");
            }
        }
        out
    }
}

/// The prose words of a Markdown text with their byte ranges: letters with apostrophes
/// inside, hyphenated words as their parts. Skips what is not prose (see the module doc).
pub fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut in_fence = false;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            line_start += line.len();
            continue;
        }
        // Indented code (four spaces, not inside a list) is code too.
        if in_fence || line.starts_with("    ") && !trimmed.starts_with(['-', '*', '+']) {
            line_start += line.len();
            continue;
        }
        let mut i = 0;
        let end = line.len();
        let mut closers = Closers::default();
        while i < end {
            let rest = &line[i..];
            let skip = skipped(line, i, &mut closers);
            if skip > 0 {
                i += skip;
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            if !c.is_alphabetic() {
                i += c.len_utf8();
                continue;
            }
            // A word: letters and digits, with ' or ’ between letters.
            let mut j = i;
            let mut has_digit = false;
            while j < end {
                let Some(ch) = line[j..].chars().next() else {
                    break;
                };
                if ch.is_alphanumeric() {
                    has_digit |= ch.is_numeric();
                    j += ch.len_utf8();
                } else if (ch == '\'' || ch == '’')
                    && line[j + ch.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
                {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            let word = &line[i..j];
            // Part of an address, a file name or an identifier: "example.org", "snake_case".
            let joined = bytes
                .get(line_start + j)
                .is_some_and(|&b| b == b'_' || b == b'@')
                || (bytes.get(line_start + j) == Some(&b'.')
                    && bytes
                        .get(line_start + j + 1)
                        .is_some_and(|b| b.is_ascii_alphanumeric()));
            let at = line_start + i;
            let joined = joined
                || (at >= 2
                    && matches!(bytes[at - 1], b'_' | b'@' | b'.')
                    && bytes[at - 2].is_ascii_alphanumeric());
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            // An acronym, also in its possessive ("NATO's").
            let stem = word.split(['\'', '’']).next().unwrap_or(word);
            let capitals = stem.chars().all(|c| !c.is_lowercase());
            if !has_digit && !joined && letters > 1 && !capitals {
                out.push((line_start + i..line_start + j, word));
            }
            i = j;
        }
        line_start += line.len();
    }
    out
}

/// Where the next of each closing mark is in one line, found once and kept: a line of
/// thousands of unclosed `](` or `<a` asked for the rest of the line again at each opener.
#[derive(Default)]
struct Closers {
    /// Per closing mark: the place the last search began and what it found (an offset in
    /// the line), or nothing yet.
    found: [Option<(usize, Option<usize>)>; 4],
}

const CLOSING: [&str; 4] = ["]", "}}", ")", ">"];

impl Closers {
    /// The offset in `line` of the first `CLOSING[which]` at or after `from`.
    fn next(&mut self, line: &str, which: usize, from: usize) -> Option<usize> {
        if let Some((began, found)) = self.found[which] {
            // A search that began at or before `from` and found nothing, or found a mark at
            // or after `from`, answers this one too.
            if began <= from && found.is_none_or(|at| at >= from) {
                return found;
            }
        }
        let found = line
            .get(from..)
            .and_then(|rest| rest.find(CLOSING[which]))
            .map(|at| from + at);
        self.found[which] = Some((from, found));
        found
    }
}

/// How many bytes at `i` in `line` are not prose: a code span, an address, a citation or
/// footnote mark, a variable, a link's target, an HTML tag. Linear over a whole line however
/// many openers it holds, with `closers` kept for the line.
fn skipped(line: &str, i: usize, closers: &mut Closers) -> usize {
    let rest = &line[i..];
    if rest.starts_with('`') {
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        let fence = &rest[..ticks];
        return rest[ticks..]
            .find(fence)
            .map_or(ticks, |at| ticks + at + ticks);
    }
    for (open, which) in [("[@", 0), ("[^", 0), ("{{", 1), ("](", 2)] {
        if rest.starts_with(open) {
            let close = CLOSING[which];
            if let Some(at) = closers.next(line, which, i + open.len()) {
                return at + close.len() - i;
            }
        }
    }
    if rest.starts_with('<')
        && rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
    {
        return closers.next(line, 3, i).map_or(1, |at| at + 1 - i);
    }
    let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || lower.starts_with("mailto:")
    {
        return rest
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .unwrap_or(rest.len());
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn only_prose_words_are_taken() {
        assert_eq!(
            found("The `code span` and https://example.org/teh [@S1] {{country_a}} [^note]"),
            ["The", "and"]
        );
        assert_eq!(
            found("NATO's MEK 2022 x Albania’s ties"),
            ["Albania’s", "ties"]
        );
        assert_eq!(
            found("[a link](https://teh.example) <span class=\"x\">in</span>"),
            ["link", "in"]
        );
        assert_eq!(found("```\nteh code\n```\nafter"), ["after"]);
        assert_eq!(found("state-sponsored"), ["state", "sponsored"]);
        assert_eq!(found("file_name example.org"), Vec::<&str>::new());
        // Byte ranges point at the words.
        let text = "Manëz ist";
        let (range, word) = words(text).into_iter().next().unwrap();
        assert_eq!(&text[range], word);
    }

    #[test]
    fn misspellings_are_found_and_suggested_in_the_briefings_language() {
        let mut briefing = Briefing::new("Test");
        briefing.meta.language = "en-US".into();
        let speller = Speller::for_briefing(&briefing, &[]).unwrap();
        let wrong: Vec<String> = speller
            .misspellings("teh goverment respnse was quick")
            .into_iter()
            .map(|m| m.word)
            .collect();
        assert_eq!(wrong, ["teh", "goverment", "respnse"]);
        assert!(
            speller
                .suggest("goverment")
                .iter()
                .any(|s| s == "government")
        );
        // American and British spelling each in their own dictionary.
        assert!(speller.check("organization") && !speller.check("organisation"));
        briefing.meta.language = "en-GB".into();
        let british = Speller::for_briefing(&briefing, &[]).unwrap();
        assert!(british.check("organisation"));
        // A language without a dictionary is not checked.
        briefing.meta.language = "sq".into();
        assert!(Speller::for_briefing(&briefing, &[]).is_none());
    }

    #[test]
    fn names_the_briefing_knows_and_chosen_words_are_accepted() {
        let mut briefing = Briefing::new("Test");
        briefing.variables.insert("place".into(), "Manëz".into());
        briefing.sources.push(crate::model::Source {
            id: "S1".into(),
            title: "Hoxha on Tirana".into(),
            ..Default::default()
        });
        briefing.meta.spelling_ignored.push("Begaj".into());
        briefing.sections.push(crate::model::Section {
            id: "actors".into(),
            block: "key-actors@1".into(),
            body: "- **Igli Hasani** — foreign minister".into(),
            ..Default::default()
        });
        let speller = Speller::for_briefing(&briefing, &["Rama".to_owned()]).unwrap();
        assert!(
            speller
                .misspellings("Manëz, Hoxha, Begaj, Hasani, Rama and Rama’s")
                .is_empty()
        );
        assert_eq!(speller.misspellings("Qwxz").len(), 1);
    }
}
