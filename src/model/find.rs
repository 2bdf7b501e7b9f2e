//! Find and replace across the whole briefing: the document's title and subtitle, every
//! section's title, body and private notes, and the source ledger's titles, authors and
//! publishers. A query is plain text or a regular expression (the `regex` crate: linear
//! time in the text, whatever the pattern), with or without case and whole words. Replacing
//! is a single [`Edit`], so Replace all is one undo step.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::{Briefing, Edit, SectionField};

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The text or pattern.
    pub pattern: String,
    /// Upper and lower case must match.
    pub match_case: bool,
    /// Only whole words match.
    pub whole_word: bool,
    /// The pattern is a regular expression (`$1` in the replacement names a group).
    pub regex: bool,
}

/// A field of the briefing that find searches.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// The document's title.
    Title,
    /// The document's subtitle.
    Subtitle,
    /// A section's title, body or notes.
    Section {
        /// The section's id.
        id: String,
        /// Which field.
        field: SectionField,
    },
    /// A field of a ledger entry.
    Source {
        /// The entry's position in the ledger.
        index: usize,
        /// Which field.
        field: SourceField,
    },
}

/// The ledger fields find searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceField {
    /// The work's title.
    Title,
    /// Who wrote it.
    Author,
    /// Who published it.
    Publisher,
}

/// One match: where, and which bytes of that field's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// The field.
    pub place: Place,
    /// Bytes of the field's text.
    pub range: Range<usize>,
}

/// The longest pattern accepted: a search box holds words, not documents.
pub const MAX_PATTERN_CHARS: usize = 1_000;
/// The compiled pattern's largest size in bytes (the `regex` crate's own limit is 10 MB); a
/// pattern past it is refused with a message instead of a slow search.
const MAX_COMPILED_BYTES: usize = 2 << 20;

impl Query {
    /// The query compiled, or why it cannot be (an invalid regular expression, a pattern far
    /// past a search's length). `None` for an empty pattern.
    pub fn compile(&self) -> Result<Option<Regex>, String> {
        if self.pattern.is_empty() {
            return Ok(None);
        }
        if self.pattern.chars().count() > MAX_PATTERN_CHARS {
            return Err(format!(
                "the search is longer than {MAX_PATTERN_CHARS} characters"
            ));
        }
        let body = if self.regex {
            self.pattern.clone()
        } else {
            regex::escape(&self.pattern)
        };
        let body = if self.whole_word {
            format!(r"\b(?:{body})\b")
        } else {
            body
        };
        RegexBuilder::new(&body)
            .case_insensitive(!self.match_case)
            .multi_line(true)
            .size_limit(MAX_COMPILED_BYTES)
            .build()
            .map(Some)
            .map_err(|e| match e {
                regex::Error::Syntax(text) => format!(
                    "not a valid regular expression: {}",
                    text.lines()
                        .last()
                        .unwrap_or("")
                        .trim_start_matches("error: ")
                ),
                regex::Error::CompiledTooBig(_) => {
                    "the regular expression is too large to search with".to_owned()
                }
                _ => format!("the search cannot be used: {e}"),
            })
    }
}

/// Every field find searches, in reading order, with its text.
pub fn places(briefing: &Briefing) -> Vec<(Place, &str)> {
    let mut out: Vec<(Place, &str)> = vec![
        (Place::Title, &briefing.meta.title),
        (Place::Subtitle, &briefing.meta.subtitle),
    ];
    for section in &briefing.sections {
        for (field, text) in [
            (SectionField::Title, &section.title),
            (SectionField::Body, &section.body),
            (SectionField::Notes, &section.notes),
        ] {
            out.push((
                Place::Section {
                    id: section.id.clone(),
                    field,
                },
                text,
            ));
        }
    }
    for (index, source) in briefing.sources.iter().enumerate() {
        for (field, text) in [
            (SourceField::Title, &source.title),
            (SourceField::Author, &source.author),
            (SourceField::Publisher, &source.publisher),
        ] {
            out.push((Place::Source { index, field }, text));
        }
    }
    out
}

/// Every match of `query` in the briefing, in reading order. Empty matches (a pattern such
/// as `x*`) are left out: there is nothing to show or replace.
pub fn find_all(briefing: &Briefing, query: &Query) -> Result<Vec<Match>, String> {
    let Some(regex) = query.compile()? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (place, text) in places(briefing) {
        for found in regex.find_iter(text).filter(|m| !m.is_empty()) {
            out.push(Match {
                place: place.clone(),
                range: found.range(),
            });
        }
    }
    Ok(out)
}

/// The text of a field.
pub fn text_of<'a>(briefing: &'a Briefing, place: &Place) -> Option<&'a str> {
    Some(match place {
        Place::Title => &briefing.meta.title,
        Place::Subtitle => &briefing.meta.subtitle,
        Place::Section { id, field } => briefing.section(id)?.field(*field),
        Place::Source { index, field } => {
            let source = briefing.sources.get(*index)?;
            match field {
                SourceField::Title => &source.title,
                SourceField::Author => &source.author,
                SourceField::Publisher => &source.publisher,
            }
        }
    })
}

/// The edit that sets a field's text.
pub fn set_text(briefing: &Briefing, place: &Place, text: String) -> Option<Edit> {
    Some(match place {
        Place::Title | Place::Subtitle => {
            let mut meta = briefing.meta.clone();
            if *place == Place::Title {
                meta.title = text;
            } else {
                meta.subtitle = text;
            }
            Edit::SetMeta(Box::new(meta))
        }
        Place::Section { id, field } => Edit::SetSectionText {
            id: id.clone(),
            field: *field,
            text,
        },
        Place::Source { index, field } => {
            let mut source = briefing.sources.get(*index)?.clone();
            match field {
                SourceField::Title => source.title = text,
                SourceField::Author => source.author = text,
                SourceField::Publisher => source.publisher = text,
            }
            Edit::SetSource {
                index: *index,
                source: Box::new(source),
            }
        }
    })
}

/// The replacement for one match: `$1` and `${name}` name groups of a regular expression;
/// plain text is put in as it is.
fn expand(regex: &Regex, query: &Query, haystack: &str, replacement: &str) -> String {
    if !query.regex {
        return replacement.to_owned();
    }
    let mut out = String::new();
    if let Some(captures) = regex.captures(haystack) {
        captures.expand(replacement, &mut out);
    }
    out
}

/// The edit that replaces one match (if it is still there as found), or `None`.
pub fn replace_one(
    briefing: &Briefing,
    query: &Query,
    found: &Match,
    replacement: &str,
) -> Result<Option<Edit>, String> {
    let Some(regex) = query.compile()? else {
        return Ok(None);
    };
    let Some(text) = text_of(briefing, &found.place) else {
        return Ok(None);
    };
    // The match must still be a match where it was found.
    let Some(current) = regex
        .find_at(text, found.range.start)
        .filter(|m| m.range() == found.range)
    else {
        return Ok(None);
    };
    let with = expand(&regex, query, &text[current.range()], replacement);
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..current.start()]);
    out.push_str(&with);
    out.push_str(&text[current.end()..]);
    Ok(set_text(briefing, &found.place, out))
}

/// The one edit that replaces every match, and how many it replaces.
pub fn replace_all(
    briefing: &Briefing,
    query: &Query,
    replacement: &str,
) -> Result<(Option<Edit>, usize), String> {
    let Some(regex) = query.compile()? else {
        return Ok((None, 0));
    };
    let mut edits = Vec::new();
    let mut count = 0;
    // Meta fields change together in one SetMeta, so one does not undo the other.
    let mut meta = briefing.meta.clone();
    let mut meta_changed = false;
    for (place, text) in places(briefing) {
        let mut n = 0;
        let replaced = if query.regex {
            regex.replace_all(text, |caps: &regex::Captures<'_>| {
                n += usize::from(!caps[0].is_empty());
                let mut out = String::new();
                caps.expand(replacement, &mut out);
                if caps[0].is_empty() {
                    String::new()
                } else {
                    out
                }
            })
        } else {
            regex.replace_all(text, |caps: &regex::Captures<'_>| {
                n += usize::from(!caps[0].is_empty());
                if caps[0].is_empty() {
                    String::new()
                } else {
                    replacement.to_owned()
                }
            })
        };
        if n == 0 {
            continue;
        }
        count += n;
        let replaced = replaced.into_owned();
        match place {
            Place::Title => {
                meta.title = replaced;
                meta_changed = true;
            }
            Place::Subtitle => {
                meta.subtitle = replaced;
                meta_changed = true;
            }
            _ => edits.extend(set_text(briefing, &place, replaced)),
        }
    }
    if meta_changed {
        edits.insert(0, Edit::SetMeta(Box::new(meta)));
    }
    Ok(((!edits.is_empty()).then_some(Edit::Batch(edits)), count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Section, Source};

    fn briefing() -> Briefing {
        let mut b = Briefing::new("Albania and Iran");
        b.sections.push(Section {
            id: "one".into(),
            title: "The attack on Albania".into(),
            body: "Albania cut ties. ALBANIA acted; Albanian officials spoke.".into(),
            notes: "check Albania's dates".into(),
            ..Section::default()
        });
        b.sources.push(Source {
            id: "S1".into(),
            title: "Albania cuts ties".into(),
            ..Source::default()
        });
        b
    }

    fn query(pattern: &str) -> Query {
        Query {
            pattern: pattern.into(),
            ..Query::default()
        }
    }

    #[test]
    fn finds_in_every_field_by_case_word_and_pattern() {
        let b = briefing();
        // Title, section title, body ×3, notes, source title.
        assert_eq!(find_all(&b, &query("albania")).unwrap().len(), 7);
        let q = Query {
            match_case: true,
            ..query("Albania")
        };
        assert_eq!(find_all(&b, &q).unwrap().len(), 6);
        let q = Query {
            whole_word: true,
            ..query("albania")
        };
        // "Albanian" is not the word; "Albania's" is.
        assert_eq!(find_all(&b, &q).unwrap().len(), 6);
        let q = Query {
            regex: true,
            ..query(r"Alban\w+")
        };
        assert_eq!(find_all(&b, &q).unwrap().len(), 7);
        // Regular-expression syntax is plain text unless asked for.
        assert!(find_all(&b, &query("ties.")).unwrap().len() == 1);
        let bad = Query {
            regex: true,
            ..query("(unclosed")
        };
        let error = find_all(&b, &bad).unwrap_err();
        assert!(
            error.starts_with("not a valid regular expression"),
            "{error}"
        );
        // Empty matches are no matches.
        let empty = Query {
            regex: true,
            ..query("x*")
        };
        assert!(find_all(&b, &empty).unwrap().is_empty());
    }

    #[test]
    fn replace_all_is_one_edit_that_undoes_whole() {
        let mut b = briefing();
        let before = b.clone();
        let (edit, count) = replace_all(&b, &query("Albania"), "Shqipëria").unwrap();
        assert_eq!(count, 7);
        let inverse = b.apply(edit.unwrap()).unwrap();
        assert_eq!(b.meta.title, "Shqipëria and Iran");
        assert_eq!(
            b.sections[0].body,
            "Shqipëria cut ties. Shqipëria acted; Shqipërian officials spoke."
        );
        assert_eq!(b.sources[0].title, "Shqipëria cuts ties");
        b.apply(inverse).unwrap();
        assert_eq!(b, before);
        // Groups in a regular expression's replacement.
        let q = Query {
            regex: true,
            match_case: true,
            ..query(r"(\w+) cut ties")
        };
        let (edit, count) = replace_all(&b, &q, "ties were cut by $1").unwrap();
        assert_eq!(count, 1);
        b.apply(edit.unwrap()).unwrap();
        assert!(b.sections[0].body.starts_with("ties were cut by Albania."));
        // A plain replacement takes `$` as it is.
        let mut b = before.clone();
        let (edit, _) = replace_all(&b, &query("ties"), "$1 links").unwrap();
        b.apply(edit.unwrap()).unwrap();
        assert!(b.sections[0].body.contains("cut $1 links."));
    }

    #[test]
    fn replace_one_changes_only_that_match_while_it_is_there() {
        let b = briefing();
        let found = find_all(&b, &query("albania")).unwrap();
        let third = &found[3]; // "ALBANIA" in the body
        let edit = replace_one(&b, &query("albania"), third, "Tirana")
            .unwrap()
            .unwrap();
        let mut changed = b.clone();
        changed.apply(edit).unwrap();
        assert_eq!(
            changed.sections[0].body,
            "Albania cut ties. Tirana acted; Albanian officials spoke."
        );
        // A match that moved is not replaced blind.
        let stale = Match {
            range: third.range.start + 1..third.range.end + 1,
            ..third.clone()
        };
        assert!(
            replace_one(&b, &query("albania"), &stale, "x")
                .unwrap()
                .is_none()
        );
    }
}
