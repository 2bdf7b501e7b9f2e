//! Review: comments anchored to a section's text, suggested edits, and how both follow the
//! text as it changes.
//!
//! An anchor follows the W3C Web Annotation model: a position selector (code-point offsets
//! into the section body) and a quote selector (the exact text with up to
//! [`CONTEXT_CHARS`] characters either side), plus a hash of the body the positions were
//! taken in. Edits made in the window move anchors as they are applied ([`Change::map`]);
//! after an edit made outside (git, a text editor) [`reanchor`] finds each anchor again: by
//! position when the hash matches, else by the exact quote ranked by its context and
//! nearness, else by a fuzzy match (quotes up to [`FUZZY_MAX_CHARS`], within
//! [`FUZZY_WINDOW`] of the old place), else the item is marked orphaned — never deleted.
//!
//! Review items live beside the section in the briefing file, never in the Markdown body,
//! and compose reads them only for the review copy: a normal export never sees them.

use serde::{Deserialize, Serialize};

use super::briefing::Extra;

mod suggest;

pub use suggest::{Unit, marked_text, suggest_edit};

/// How many characters of context an anchor keeps either side of its quote.
pub const CONTEXT_CHARS: usize = 32;
/// The longest quote the fuzzy search looks for; a longer one that moved and changed is
/// orphaned (the search costs quote length × body length).
pub const FUZZY_MAX_CHARS: usize = 256;
/// How far either side of its old place the fuzzy search looks for a quote.
pub const FUZZY_WINDOW: usize = 64 * 1024;
/// The share of a quote's characters the fuzzy search may find changed.
const FUZZY_SHARE: f32 = 0.25;

/// Where a comment or suggestion sits in a section's body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Anchor {
    /// First character (code point) of the range.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The text of the range.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters before it.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after it.
    pub suffix: String,
    /// A hash of the body these positions count in (16 hex digits).
    pub body_hash: String,
}

/// A reply in a thread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reply {
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339, UTC).
    pub created: String,
    /// What it says.
    pub text: String,
}

/// A comment on a range of a section's body, or on the whole section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Comment {
    /// Unique in the briefing; the file keeps comments sorted by it.
    pub id: String,
    /// The range it is about; `None`: the whole section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339, UTC).
    pub created: String,
    /// What it says.
    pub text: String,
    /// The thread's replies, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Resolved threads stay in the file and can be reopened.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resolved: bool,
    /// Its text is gone from the body: kept and shown as orphaned, never deleted silently.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A suggested edit: replace the anchored range (empty for an insertion) with `insert`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Suggestion {
    /// Unique in the briefing; the file keeps suggestions sorted by it.
    pub id: String,
    /// The range it deletes (empty: an insertion at `start`).
    pub anchor: Anchor,
    /// The text it puts there.
    pub insert: String,
    /// Who suggested it.
    pub author: String,
    /// When (RFC 3339, UTC).
    pub created: String,
    /// Its thread.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Its text is gone from the body: it can only be rejected.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A review item with an id: what the file sorts by.
pub trait Record {
    /// The id.
    fn id(&self) -> &str;
}

impl Record for Comment {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for Suggestion {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A section's review items: what [`super::Edit::SetSectionReview`] sets at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    /// The comments, sorted by id.
    pub comments: Vec<Comment>,
    /// The suggestions, sorted by id.
    pub suggestions: Vec<Suggestion>,
}

impl Review {
    /// True when there is nothing to review.
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty() && self.suggestions.is_empty()
    }

    /// Puts both lists in the file's order (by id), so two reviewers' additions land apart.
    pub fn sort(&mut self) {
        self.comments.sort_by(|a, b| a.id.cmp(&b.id));
        self.suggestions.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

impl Suggestion {
    /// True when it deletes nothing.
    pub fn is_insertion(&self) -> bool {
        self.anchor.start == self.anchor.end
    }
}

/// FNV-1a over the body's bytes, as 16 hex digits: enough to tell "this exact body" apart.
pub fn body_hash(body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in body.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A fresh id for a review item: a letter for its kind and eight hex digits that differ
/// between reviewers and runs (time, process and a counter mixed), so additions made apart
/// sort to different places in the file.
pub fn new_id(kind: char) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // splitmix64's finaliser: every input bit moves every output bit.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    format!("{kind}{:08x}", x as u32)
}

/// Byte offset of character `chars` in `text` (its length when past the end).
pub fn byte_of(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

/// Character offset of byte `byte` in `text`.
pub fn char_of(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.get(..byte).map_or_else(
        || text[..floor(text, byte)].chars().count(),
        |s| s.chars().count(),
    )
}

fn floor(text: &str, mut byte: usize) -> usize {
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

impl Anchor {
    /// The anchor of characters `start..end` of `body`.
    pub fn new(body: &str, start: usize, end: usize) -> Self {
        let chars: Vec<char> = body.chars().collect();
        Self::of_chars(&chars, start, end, body_hash(body))
    }

    pub(super) fn of_chars(chars: &[char], start: usize, end: usize, body_hash: String) -> Self {
        let end = end.min(chars.len());
        let start = start.min(end);
        let from = start.saturating_sub(CONTEXT_CHARS);
        let to = (end + CONTEXT_CHARS).min(chars.len());
        Self {
            start,
            end,
            exact: chars[start..end].iter().collect(),
            prefix: chars[from..start].iter().collect(),
            suffix: chars[end..to].iter().collect(),
            body_hash,
        }
    }

    /// The anchored range as byte offsets into `body`.
    pub fn byte_range(&self, body: &str) -> std::ops::Range<usize> {
        let start = byte_of(body, self.start);
        let end = start + byte_of(&body[start..], self.end.saturating_sub(self.start));
        start..end
    }
}

/// One change of a body: `removed` characters at `at` replaced by `inserted` characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where, in characters.
    pub at: usize,
    /// How many characters went.
    pub removed: usize,
    /// How many came.
    pub inserted: usize,
}

impl Change {
    /// The one change that turns `old` into `new`: their common start and end kept.
    pub fn between(old: &str, new: &str) -> Option<Change> {
        if old == new {
            return None;
        }
        let prefix: usize = old
            .chars()
            .zip(new.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let old_rest: Vec<char> = old.chars().skip(prefix).collect();
        let new_rest: Vec<char> = new.chars().skip(prefix).collect();
        let suffix = old_rest
            .iter()
            .rev()
            .zip(new_rest.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        Some(Change {
            at: prefix,
            removed: old_rest.len() - suffix,
            inserted: new_rest.len() - suffix,
        })
    }

    /// Where a range's start goes: text inserted right at it stays outside.
    fn map_start(&self, p: usize) -> usize {
        if p < self.at {
            p
        } else if p >= self.at + self.removed {
            p + self.inserted - self.removed
        } else {
            self.at
        }
    }

    /// Where a range's end goes: text inserted right at it stays outside.
    fn map_end(&self, p: usize) -> usize {
        if p <= self.at {
            p
        } else if p >= self.at + self.removed {
            p + self.inserted - self.removed
        } else {
            self.at + self.inserted
        }
    }

    /// The range `start..end` after this change; `None` when all its text went.
    pub fn map(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (s, e) = (self.map_start(start), self.map_end(end));
        let e = e.max(s);
        // A range whose every character was deleted (and nothing put inside it) is gone.
        let gone = start < end && s == e;
        (!gone).then_some((s, e))
    }
}

/// Moves every anchor of `review` through the change from `old` to `new` (an edit made in the
/// window); an item whose text went entirely becomes orphaned.
pub fn follow(review: &mut Review, old: &str, new: &str) {
    let Some(change) = Change::between(old, new) else {
        return;
    };
    let chars: Vec<char> = new.chars().collect();
    let hash = body_hash(new);
    let put_in = &chars[change.at..change.at + change.inserted];
    move_anchors(review, &chars, &hash, |a| {
        // One change spans every place an edit touched (replace all, lines made a list):
        // an anchor inside it whose text is still there, in what came in, is found there.
        let inside = a.start < a.end && a.start >= change.at && a.end <= change.at + change.removed;
        let quote: Vec<char> = a.exact.chars().collect();
        if inside && !quote.is_empty() {
            let hint = a.start - change.at;
            if let Some(at) = occurrences(put_in, &quote).min_by_key(|&i| i.abs_diff(hint)) {
                return Some((change.at + at, change.at + at + quote.len()));
            }
        }
        change.map(a.start, a.end)
    });
}

/// Moves every anchor not orphaned to where `map` says, in `chars` (whose hash is `hash`);
/// one `map` gives no place for is orphaned.
fn move_anchors(
    review: &mut Review,
    chars: &[char],
    hash: &str,
    map: impl Fn(&Anchor) -> Option<(usize, usize)>,
) {
    let move_anchor = |anchor: &mut Anchor, orphaned: &mut bool| {
        if *orphaned {
            return;
        }
        match map(anchor) {
            Some((s, e)) => *anchor = Anchor::of_chars(chars, s, e, hash.to_owned()),
            None => *orphaned = true,
        }
    };
    for comment in &mut review.comments {
        if let Some(anchor) = &mut comment.anchor {
            move_anchor(anchor, &mut comment.orphaned);
        }
    }
    for suggestion in &mut review.suggestions {
        move_anchor(&mut suggestion.anchor, &mut suggestion.orphaned);
    }
}

/// Finds every anchor of `review` again in `body` after an edit made outside briefdesk.
/// Returns how many items became orphaned.
pub fn reanchor(review: &mut Review, body: &str) -> usize {
    let hash = body_hash(body);
    let mut chars: Option<Vec<char>> = None;
    let mut orphaned = 0;
    let mut find = |anchor: &mut Anchor, is_orphan: &mut bool| {
        let chars = chars.get_or_insert_with(|| body.chars().collect());
        // The positions hold when the body is the one they were taken in and the quote is
        // where they say (a file edited by hand may say otherwise).
        let holds = anchor.start <= anchor.end
            && anchor.end <= chars.len()
            && chars[anchor.start..anchor.end]
                .iter()
                .copied()
                .eq(anchor.exact.chars());
        if anchor.body_hash == hash && !*is_orphan && holds {
            return;
        }
        match locate(chars, anchor) {
            Some((s, e)) => {
                *anchor = Anchor::of_chars(chars, s, e, hash.clone());
                *is_orphan = false;
            }
            None => {
                if !*is_orphan {
                    orphaned += 1;
                }
                *is_orphan = true;
            }
        }
    };
    for comment in &mut review.comments {
        if let Some(anchor) = &mut comment.anchor {
            find(anchor, &mut comment.orphaned);
        }
    }
    for suggestion in &mut review.suggestions {
        find(&mut suggestion.anchor, &mut suggestion.orphaned);
    }
    orphaned
}

/// Where `anchor`'s quote is in `body`: the exact quote, the occurrence whose context matches
/// best (nearest the old position on a tie); else the bounded fuzzy match; else `None`.
fn locate(body: &[char], anchor: &Anchor) -> Option<(usize, usize)> {
    let exact: Vec<char> = anchor.exact.chars().collect();
    if exact.is_empty() {
        // An insertion point: found between its context, or at its old place while that
        // still has the same context either side.
        let prefix: Vec<char> = anchor.prefix.chars().collect();
        let suffix: Vec<char> = anchor.suffix.chars().collect();
        let joined: Vec<char> = prefix.iter().chain(&suffix).copied().collect();
        if joined.is_empty() {
            return None;
        }
        return occurrences(body, &joined)
            .min_by_key(|&at| (at + prefix.len()).abs_diff(anchor.start))
            .map(|at| (at + prefix.len(), at + prefix.len()));
    }
    let prefix: Vec<char> = anchor.prefix.chars().collect();
    let suffix: Vec<char> = anchor.suffix.chars().collect();
    let best = occurrences(body, &exact).max_by_key(|&at| {
        let before = body[..at]
            .iter()
            .rev()
            .zip(prefix.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let after = body[at + exact.len()..]
            .iter()
            .zip(&suffix)
            .take_while(|(a, b)| a == b)
            .count();
        // More matching context wins; then the nearer occurrence.
        (before + after, std::cmp::Reverse(at.abs_diff(anchor.start)))
    });
    if let Some(at) = best {
        return Some((at, at + exact.len()));
    }
    if exact.len() > FUZZY_MAX_CHARS {
        return None;
    }
    // Near where it was: the search costs quote × window, whatever the body's length.
    let from = anchor.start.saturating_sub(FUZZY_WINDOW).min(body.len());
    let to = (anchor.end + FUZZY_WINDOW).min(body.len()).max(from);
    fuzzy(&body[from..to], &exact).map(|(s, e)| (from + s, from + e))
}

fn occurrences<'a>(body: &'a [char], needle: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    let first = needle[0];
    (0..body.len().saturating_sub(needle.len() - 1))
        .filter(move |&i| body[i] == first && body[i..i + needle.len()] == *needle)
}

/// The substring of `body` closest to `quote` by edit distance (Sellers' algorithm: one
/// column of the distance table at a time, a start kept per cell), if within
/// [`FUZZY_SHARE`] of the quote's length.
fn fuzzy(body: &[char], quote: &[char]) -> Option<(usize, usize)> {
    let m = quote.len();
    let limit = ((m as f32) * FUZZY_SHARE).floor() as usize;
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut best: Option<(usize, usize, usize)> = None;
    for (j, &c) in body.iter().enumerate() {
        let (mut diag_cost, mut diag_start) = (0usize, j);
        // Row 0: a match may start anywhere, free.
        cost[0] = 0;
        start[0] = j + 1;
        for i in 1..=m {
            let (up_cost, up_start) = (cost[i], start[i]);
            let substitute = diag_cost + usize::from(quote[i - 1] != c);
            let delete = up_cost + 1;
            let insert = cost[i - 1] + 1;
            let (value, from) = if substitute <= delete && substitute <= insert {
                (substitute, diag_start)
            } else if insert <= delete {
                (insert, start[i - 1])
            } else {
                (delete, up_start)
            };
            diag_cost = up_cost;
            diag_start = up_start;
            cost[i] = value;
            start[i] = from;
        }
        if cost[m] <= limit && best.is_none_or(|(d, _, _)| cost[m] < d) {
            best = Some((cost[m], start[m], j + 1));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// The body with `suggestion` accepted, and the review with it removed and the other anchors
/// moved. `None` for an orphaned suggestion (its text is gone; it can only be rejected).
pub fn accept(body: &str, review: &Review, id: &str) -> Option<(String, Review)> {
    let suggestion = review.suggestions.iter().find(|s| s.id == id)?;
    if suggestion.orphaned {
        return None;
    }
    let range = suggestion.anchor.byte_range(body);
    let mut new = String::with_capacity(body.len() + suggestion.insert.len());
    new.push_str(&body[..range.start]);
    new.push_str(&suggestion.insert);
    new.push_str(&body[range.end..]);
    let mut rest = review.clone();
    rest.suggestions.retain(|s| s.id != id);
    follow(&mut rest, body, &new);
    Some((new, rest))
}

/// Accepts several suggestions at once, in one pass over the body (of overlapping ones the
/// first is taken); the orphaned are left. The other items' anchors move through every
/// splice. Returns the body, the review and how many were accepted.
pub fn accept_all(body: &str, review: &Review, ids: &[String]) -> (String, Review, usize) {
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut order: Vec<(usize, &Suggestion)> = review
        .suggestions
        .iter()
        .enumerate()
        .filter(|(_, s)| wanted.contains(s.id.as_str()) && !s.orphaned)
        .collect();
    // In reading order, and of two insertions at one point the one shown first first, so
    // the accepted text reads as the marked text did.
    order.sort_by_key(|(i, s)| (s.anchor.start, s.anchor.end, *i));
    let chars: Vec<char> = body.chars().collect();
    let mut new = String::with_capacity(body.len());
    let mut at = 0;
    let mut splices: Vec<Change> = Vec::new();
    let mut accepted: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (_, s) in order {
        if s.anchor.start < at || s.anchor.end > chars.len() {
            continue; // overlaps one already taken: left for the author
        }
        new.extend(&chars[at..s.anchor.start]);
        new.push_str(&s.insert);
        at = s.anchor.end;
        splices.push(Change {
            at: s.anchor.start,
            removed: s.anchor.end - s.anchor.start,
            inserted: s.insert.chars().count(),
        });
        accepted.insert(&s.id);
    }
    new.extend(&chars[at.min(chars.len())..]);
    let done = accepted.len();
    let mut rest = review.clone();
    rest.suggestions
        .retain(|s| !accepted.contains(s.id.as_str()));
    // Each splice's own positions are those of the body with the later splices applied
    // (they lie beyond it), so a position moves through them last to first.
    let new_chars: Vec<char> = new.chars().collect();
    let hash = body_hash(&new);
    move_anchors(&mut rest, &new_chars, &hash, |a| {
        splices
            .iter()
            .rev()
            .try_fold((a.start, a.end), |(s, e), splice| splice.map(s, e))
    });
    (new, rest, done)
}

/// A suggestion by the head of unit, for the tests of this module and of suggest mode.
#[cfg(test)]
pub(crate) fn test_suggestion(
    id: &str,
    body: &str,
    start: usize,
    end: usize,
    insert: &str,
) -> Suggestion {
    Suggestion {
        id: id.into(),
        anchor: Anchor::new(body, start, end),
        insert: insert.into(),
        author: "Head of unit".into(),
        ..Suggestion::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(body: &str, start: usize, end: usize) -> Comment {
        Comment {
            id: "c1".into(),
            anchor: Some(Anchor::new(body, start, end)),
            author: "Head of unit".into(),
            text: "Source?".into(),
            ..Comment::default()
        }
    }

    fn anchored(review: &Review, body: &str) -> String {
        let a = review.comments[0].anchor.as_ref().expect("anchored");
        body.chars().skip(a.start).take(a.end - a.start).collect()
    }

    const BODY: &str = "Albania cut diplomatic ties with Iran on 7 September 2022.";

    fn review_on(word: &str) -> Review {
        let start = BODY.find(word).expect("in body");
        Review {
            comments: vec![comment(BODY, start, start + word.len())],
            suggestions: vec![],
        }
    }

    #[test]
    fn anchors_survive_insertions_before_inside_and_after() {
        for (new, expect) in [
            (
                "In 2022, Albania cut diplomatic ties with Iran on 7 September 2022.",
                "diplomatic ties",
            ),
            (
                "Albania cut diplomatic and consular ties with Iran on 7 September 2022.",
                "diplomatic and consular ties",
            ),
            (
                "Albania cut diplomatic ties with Iran on 7 September 2022, after the attack.",
                "diplomatic ties",
            ),
            // Typed right at either end: outside the range.
            (
                "Albania cut all diplomatic ties with Iran on 7 September 2022.",
                "diplomatic ties",
            ),
            (
                "Albania cut diplomatic ties entirely with Iran on 7 September 2022.",
                "diplomatic ties",
            ),
        ] {
            let mut review = review_on("diplomatic ties");
            follow(&mut review, BODY, new);
            assert_eq!(anchored(&review, new), expect, "after {new:?}");
            assert!(!review.comments[0].orphaned);
            assert_eq!(
                review.comments[0]
                    .anchor
                    .as_ref()
                    .map(|a| a.body_hash.clone()),
                Some(body_hash(new))
            );
        }
    }

    #[test]
    fn undo_of_a_deletion_restores_the_anchor() {
        use crate::model::{Briefing, Edit, History, Section, SectionField};
        let mut briefing = Briefing::new("t");
        let review = review_on("diplomatic ties");
        briefing.sections.push(Section {
            id: "a".into(),
            body: BODY.into(),
            comments: review.comments.clone(),
            ..Section::default()
        });
        let mut history = History::new();
        for text in [
            "Albania cut  with Iran on 7 September 2022.",
            "Albania cut with Iran on 7 September 2022.",
        ] {
            let edit = Edit::SetSectionText {
                id: "a".into(),
                field: SectionField::Body,
                text: text.into(),
            };
            history
                .apply(&mut briefing, edit, Some("typing"))
                .expect("applies");
        }
        assert!(briefing.sections[0].comments[0].orphaned);
        history.undo(&mut briefing).expect("undoes");
        assert_eq!(briefing.sections[0].body, BODY);
        assert_eq!(briefing.sections[0].comments, review.comments);
        history.redo(&mut briefing).expect("redoes");
        assert!(briefing.sections[0].comments[0].orphaned);
    }

    #[test]
    fn an_edit_of_several_places_at_once_keeps_the_anchors_between_them() {
        // Replace all "Iran" → "the Islamic Republic": one change from the first to the
        // last, with the commented "diplomatic ties" between them.
        let old = "Iran denied it. Albania cut diplomatic ties with Iran.";
        let new = "the Islamic Republic denied it. Albania cut diplomatic ties with the Islamic Republic.";
        let start = old.find("diplomatic ties").expect("there");
        let mut review = Review {
            comments: vec![comment(old, start, start + 15)],
            suggestions: vec![],
        };
        follow(&mut review, old, new);
        assert_eq!(anchored(&review, new), "diplomatic ties");
        assert!(!review.comments[0].orphaned);
        // Deleting the commented words themselves still orphans the comment.
        let gone = "Iran denied it. Albania cut  with Iran.";
        let mut review = Review {
            comments: vec![comment(old, start, start + 15)],
            suggestions: vec![],
        };
        follow(&mut review, old, gone);
        assert!(review.comments[0].orphaned);
    }

    #[test]
    fn positions_a_hand_edit_broke_are_not_trusted_even_with_the_right_hash() {
        for (start, end) in [(5000, 9000), (40, 10), (0, 4)] {
            let mut review = review_on("Iran");
            let anchor = review.comments[0].anchor.as_mut().expect("anchored");
            (anchor.start, anchor.end) = (start, end);
            assert_eq!(reanchor(&mut review, BODY), 0);
            assert_eq!(anchored(&review, BODY), "Iran", "from {start}..{end}");
        }
        // No quote to find either: orphaned, not left pointing past the text.
        let mut review = review_on("Iran");
        let anchor = review.comments[0].anchor.as_mut().expect("anchored");
        (anchor.start, anchor.end, anchor.exact) = (5000, 9000, String::new());
        anchor.prefix.clear();
        anchor.suffix.clear();
        assert_eq!(reanchor(&mut review, BODY), 1);
        assert!(review.comments[0].orphaned);
    }

    #[test]
    fn deleting_the_whole_range_orphans_and_part_of_it_shrinks() {
        let mut review = review_on("diplomatic ties");
        follow(
            &mut review,
            BODY,
            "Albania cut with Iran on 7 September 2022.",
        );
        assert!(review.comments[0].orphaned);
        let mut review = review_on("diplomatic ties");
        let new = "Albania cut ties with Iran on 7 September 2022.";
        follow(&mut review, BODY, new);
        assert_eq!(anchored(&review, new), "ties");
    }

    #[test]
    fn outside_edits_are_found_by_hash_quote_or_fuzzy_match_else_orphaned() {
        // Unchanged body: positions trusted.
        let mut review = review_on("Iran");
        assert_eq!(reanchor(&mut review, BODY), 0);
        assert_eq!(anchored(&review, BODY), "Iran");
        // The text moved: found by its quote.
        let moved = format!("Background. {BODY}");
        let mut review = review_on("Iran");
        assert_eq!(reanchor(&mut review, &moved), 0);
        assert_eq!(anchored(&review, &moved), "Iran");
        // Two occurrences: the one whose context matches wins, not the nearer one.
        let twice = format!("Iran denied it. {BODY}");
        let mut review = review_on("Iran");
        reanchor(&mut review, &twice);
        let a = review.comments[0].anchor.clone().expect("anchored");
        assert_eq!(
            a.start,
            twice.rfind("Iran").map(|b| char_of(&twice, b)).unwrap_or(0)
        );
        // Changed a little: the fuzzy match.
        let edited = "Albania cut diplomatic relations with Iran on 7 September 2022.";
        let mut review = review_on("cut diplomatic ties with Iran");
        assert_eq!(reanchor(&mut review, edited), 0);
        assert_eq!(
            anchored(&review, edited),
            "cut diplomatic relations with Iran"
        );
        // Gone: orphaned and kept.
        let gone = "The government issued a statement.";
        let mut review = review_on("diplomatic ties");
        assert_eq!(reanchor(&mut review, gone), 1);
        assert_eq!(review.comments.len(), 1);
        assert!(review.comments[0].orphaned);
        // And found again when the text comes back.
        assert_eq!(reanchor(&mut review, BODY), 0);
        assert!(!review.comments[0].orphaned);
    }

    #[test]
    fn accept_and_reject_leave_exactly_the_expected_body() {
        let body = "Albania cut ties with Iran.";
        let review = Review {
            comments: vec![comment(body, 22, 26)],
            suggestions: vec![
                test_suggestion("s1", body, 12, 16, "diplomatic ties"),
                test_suggestion("s2", body, 8, 8, "formally "),
            ],
        };
        let (one, rest) = accept(body, &review, "s1").expect("accepts");
        assert_eq!(one, "Albania cut diplomatic ties with Iran.");
        assert_eq!(rest.suggestions.len(), 1);
        assert_eq!(anchored(&rest, &one), "Iran");
        let (two, rest) = accept(&one, &rest, "s2").expect("accepts");
        assert_eq!(two, "Albania formally cut diplomatic ties with Iran.");
        assert!(rest.suggestions.is_empty());
        let ids = vec!["s1".to_owned(), "s2".to_owned()];
        let (all, rest, n) = accept_all(body, &review, &ids);
        assert_eq!((all.as_str(), n), (two.as_str(), 2));
        assert_eq!(anchored(&rest, &all), "Iran");
    }
}
