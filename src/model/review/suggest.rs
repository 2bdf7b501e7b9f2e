//! Suggest mode: the body with its suggestions shown inline, and what an edit of that
//! marked text suggests. The body itself never changes while suggesting.

use super::{Anchor, Change, Suggestion, body_hash, new_id};

/// One piece of a body as suggest mode shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A character of the body, unchanged.
    Base(usize),
    /// A character of the body that suggestion `.1` deletes.
    Deleted(usize, usize),
    /// Character `.1` of suggestion `.0`'s inserted text.
    Inserted(usize, usize),
}

/// The body with its suggestions shown inline: each deleted range kept (drawn struck
/// through) followed by its inserted text (drawn underlined). Returns the text and, for each
/// of its characters, what it is.
pub fn marked_text(body: &str, suggestions: &[Suggestion]) -> (String, Vec<Unit>) {
    let chars: Vec<char> = body.chars().collect();
    let mut order: Vec<usize> = (0..suggestions.len())
        .filter(|&i| !suggestions[i].orphaned && suggestions[i].anchor.end <= chars.len())
        .collect();
    order.sort_by_key(|&i| (suggestions[i].anchor.start, suggestions[i].anchor.end, i));
    let mut text = String::with_capacity(body.len());
    let mut units = Vec::with_capacity(chars.len());
    let mut at = 0;
    for i in order {
        let s = &suggestions[i];
        if s.anchor.start < at {
            continue; // overlaps an earlier one: shown by that one
        }
        for (p, &c) in chars.iter().enumerate().take(s.anchor.start).skip(at) {
            text.push(c);
            units.push(Unit::Base(p));
        }
        for (p, &c) in chars
            .iter()
            .enumerate()
            .take(s.anchor.end)
            .skip(s.anchor.start)
        {
            text.push(c);
            units.push(Unit::Deleted(p, i));
        }
        for (k, c) in s.insert.chars().enumerate() {
            text.push(c);
            units.push(Unit::Inserted(i, k));
        }
        at = s.anchor.end;
    }
    for (p, &c) in chars.iter().enumerate().skip(at) {
        text.push(c);
        units.push(Unit::Base(p));
    }
    (text, units)
}

/// What one edit of the marked text (see [`marked_text`]) suggests: `removed` characters at
/// `at` replaced by `inserted`. Nothing in the body changes: characters of the body that were
/// removed become deleted, inserted text joins the author's suggestion beside it (or starts
/// one), and removing an inserted character takes it out of its suggestion. Returns the new
/// suggestions and where the cursor goes in the new marked text.
pub fn suggest_edit(
    body: &str,
    suggestions: &[Suggestion],
    change: Change,
    inserted: &str,
    author: &str,
    created: &str,
) -> (Vec<Suggestion>, usize) {
    // Units carry their origin: the suggestion they belong to, or none for new ones.
    #[derive(Clone, Copy, PartialEq)]
    enum Piece {
        Base(usize),
        Deleted(usize, Option<usize>),
        Inserted(char, Option<usize>),
    }
    let chars: Vec<char> = body.chars().collect();
    let (marked, units) = marked_text(body, suggestions);
    let marked: Vec<char> = marked.chars().collect();
    let to_piece = |u: &Unit, k: usize| match *u {
        Unit::Base(p) => Piece::Base(p),
        Unit::Deleted(p, s) => Piece::Deleted(p, Some(s)),
        Unit::Inserted(s, _) => Piece::Inserted(marked[k], Some(s)),
    };
    let at = change.at.min(units.len());
    let end = (at + change.removed).min(units.len());
    let mut pieces: Vec<Piece> = units[..at]
        .iter()
        .enumerate()
        .map(|(k, u)| to_piece(u, k))
        .collect();
    let mut kept_deleted = 0;
    for (k, u) in units.iter().enumerate().take(end).skip(at) {
        match to_piece(u, k) {
            Piece::Base(p) => {
                pieces.push(Piece::Deleted(p, None));
                kept_deleted += 1;
            }
            d @ Piece::Deleted(..) => {
                pieces.push(d);
                kept_deleted += 1;
            }
            Piece::Inserted(..) => {}
        }
    }
    let typed: Vec<char> = inserted.chars().collect();
    pieces.extend(typed.iter().map(|&c| Piece::Inserted(c, None)));
    let cursor_piece = at + kept_deleted + typed.len();
    pieces.extend(
        units[end..]
            .iter()
            .enumerate()
            .map(|(k, u)| to_piece(u, end + k)),
    );

    // The author's own suggestion beside new pieces takes them in.
    let own = |o: Option<usize>| o.filter(|&s| suggestions[s].author == author);
    let origin = |p: &Piece| match *p {
        Piece::Base(_) => None,
        Piece::Deleted(_, o) | Piece::Inserted(_, o) => Some(o),
    };
    let n = pieces.len();
    for k in 0..n {
        if origin(&pieces[k]) == Some(None) {
            let before = (0..k)
                .rev()
                .map(|j| origin(&pieces[j]))
                .find(|o| *o != Some(None));
            let after = (k + 1..n)
                .map(|j| origin(&pieces[j]))
                .find(|o| *o != Some(None));
            let adopt = before
                .flatten()
                .and_then(own)
                .or_else(|| after.flatten().and_then(own));
            if let Some(s) = adopt {
                match &mut pieces[k] {
                    Piece::Deleted(_, o) | Piece::Inserted(_, o) => *o = Some(s),
                    Piece::Base(_) => {}
                }
            }
        }
    }

    // Runs of non-base pieces with one origin become suggestions again, deletions first.
    let mut out: Vec<Suggestion> = Vec::new();
    let mut cursor = 0;
    let mut marked_len = 0;
    let mut k = 0;
    let mut used: Vec<bool> = vec![false; suggestions.len()];
    while k < n {
        let Some(o) = origin(&pieces[k]) else {
            if k < cursor_piece {
                cursor = marked_len + 1;
            }
            marked_len += 1;
            k += 1;
            continue;
        };
        let mut j = k;
        while j < n && origin(&pieces[j]) == Some(o) {
            j += 1;
        }
        let run = &pieces[k..j];
        let deleted: Vec<usize> = run
            .iter()
            .filter_map(|p| match p {
                Piece::Deleted(b, _) => Some(*b),
                _ => None,
            })
            .collect();
        let insert: String = run
            .iter()
            .filter_map(|p| match p {
                Piece::Inserted(c, _) => Some(*c),
                _ => None,
            })
            .collect();
        let start = deleted.first().copied().unwrap_or_else(|| {
            // An insertion sits after the last body character before it.
            pieces[..k]
                .iter()
                .rev()
                .find_map(|p| match p {
                    Piece::Base(b) | Piece::Deleted(b, _) => Some(b + 1),
                    Piece::Inserted(..) => None,
                })
                .unwrap_or(0)
        });
        let stop = deleted.last().map_or(start, |b| b + 1);
        // The cursor: after the last piece before it, in the run's new order.
        if cursor_piece > k {
            let inside = cursor_piece.min(j) - k;
            let before = &run[..inside];
            let del_before = before
                .iter()
                .filter(|p| matches!(p, Piece::Deleted(..)))
                .count();
            let ins_before = inside - del_before;
            cursor = marked_len
                + if ins_before > 0 {
                    deleted.len() + ins_before
                } else {
                    del_before
                };
        }
        marked_len += deleted.len() + insert.chars().count();
        if !deleted.is_empty() || !insert.is_empty() {
            let mut suggestion = match o {
                Some(s) => {
                    // A suggestion split in two by another's text: the second part is a
                    // suggestion of its own, still the first author's.
                    let mut part = suggestions[s].clone();
                    if used[s] {
                        part.id = new_id('s');
                    }
                    used[s] = true;
                    part
                }
                None => Suggestion {
                    id: new_id('s'),
                    author: author.to_owned(),
                    created: created.to_owned(),
                    ..Suggestion::default()
                },
            };
            suggestion.anchor = Anchor::of_chars(&chars, start, stop, body_hash(body));
            suggestion.insert = insert;
            out.push(suggestion);
        }
        k = j;
    }
    // Orphaned suggestions were not shown; they stay as they were.
    out.extend(suggestions.iter().filter(|s| s.orphaned).cloned());
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, cursor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::review::{Review, accept_all, test_suggestion as suggestion};

    #[test]
    fn typing_in_suggest_mode_records_insertions_and_deletions_without_changing_the_body() {
        let body = "Albania cut ties with Iran.";
        // Type "formally " before "cut".
        let (s, cursor) = suggest_edit(
            body,
            &[],
            Change {
                at: 8,
                removed: 0,
                inserted: 1,
            },
            "f",
            "Ana",
            "t",
        );
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].anchor.start, s[0].insert.as_str()), (8, "f"));
        assert_eq!(cursor, 9);
        // Keep typing: the same suggestion grows.
        let (s, cursor) = suggest_edit(
            body,
            &s,
            Change {
                at: 9,
                removed: 0,
                inserted: 8,
            },
            "ormally ",
            "Ana",
            "t",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].insert, "formally ");
        assert_eq!(cursor, 17);
        let (marked, _) = marked_text(body, &s);
        assert_eq!(marked, "Albania formally cut ties with Iran.");
        // Select "ties" in the marked text and type "relations": deleted + inserted.
        let at = marked.find("ties").expect("there");
        let (s2, cursor) = suggest_edit(
            body,
            &s,
            Change {
                at,
                removed: 4,
                inserted: 9,
            },
            "relations",
            "Ana",
            "t",
        );
        let (marked2, _) = marked_text(body, &s2);
        assert_eq!(marked2, "Albania formally cut tiesrelations with Iran.");
        assert_eq!(cursor, at + 4 + 9);
        // Backspace over an inserted character takes it out; over a body character marks it.
        let (s3, _) = suggest_edit(
            body,
            &s2,
            Change {
                at: at + 12,
                removed: 1,
                inserted: 0,
            },
            "",
            "Ana",
            "t",
        );
        assert!(s3.iter().any(|s| s.insert == "relation"));
        // Accepting everything gives the edited text; rejecting everything the body.
        let ids: Vec<String> = s3.iter().map(|s| s.id.clone()).collect();
        let review = Review {
            comments: vec![],
            suggestions: s3,
        };
        let (all, _, _) = accept_all(body, &review, &ids);
        assert_eq!(all, "Albania formally cut relation with Iran.");
    }

    #[test]
    fn another_authors_suggestion_is_not_merged_into() {
        let body = "Albania cut ties.";
        let theirs = vec![suggestion("s1", body, 8, 8, "formally ")];
        let (s, _) = suggest_edit(
            body,
            &theirs,
            Change {
                at: 17,
                removed: 0,
                inserted: 1,
            },
            "X",
            "Ana",
            "t",
        );
        assert_eq!(s.len(), 2);
        assert!(
            s.iter()
                .any(|x| x.author == "Head of unit" && x.insert == "formally ")
        );
        assert!(s.iter().any(|x| x.author == "Ana" && x.insert == "X"));
    }
}
