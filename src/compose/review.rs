//! The review copy's markup: a section's suggestions set as redline and its comments
//! highlighted and numbered, their threads listed at the end. Only [`super::ComposeOptions`]
//! `review` reads a section's comments and suggestions; a normal export never does.
//!
//! The marks go into the Markdown body as private-use characters at the anchored places
//! before it is parsed (so Markdown inside a suggestion is set as Markdown), and come out of
//! the parsed inlines as [`Inline::Review`] in reading order.

use crate::doc::{Block, BlockKind, DocSection, Inline, ListItem, ReviewMark};
use crate::model::Section;
use crate::model::review::Comment;

const INS_OPEN: char = '\u{E000}';
const INS_CLOSE: char = '\u{E001}';
const DEL_OPEN: char = '\u{E002}';
const DEL_CLOSE: char = '\u{E003}';
const HL_OPEN: char = '\u{E004}';
const HL_CLOSE: char = '\u{E005}';
/// Comment number `n` is the character `NOTE_BASE + n`.
const NOTE_BASE: u32 = 0xE100;
/// The most comments numbered in one document (the private-use area's end).
const MAX_NOTES: u32 = 0xF8FF - NOTE_BASE;

fn is_marker(c: char) -> bool {
    matches!(c, INS_OPEN..=HL_CLOSE) || (NOTE_BASE..=NOTE_BASE + MAX_NOTES).contains(&(c as u32))
}

/// A comment as the review copy numbers it.
pub(crate) struct Numbered<'a> {
    /// Its number in the document.
    pub number: u32,
    /// The section's title as set.
    pub section: String,
    /// The comment.
    pub comment: &'a Comment,
}

/// The section's comments numbered from `first`, in the order their ranges start
/// (whole-section and orphaned comments first).
pub(crate) fn number(section: &Section, first: u32) -> Vec<Numbered<'_>> {
    let mut comments: Vec<&Comment> = section.comments.iter().collect();
    comments.sort_by_key(|c| match (&c.anchor, c.orphaned) {
        (Some(a), false) => (1, a.start, a.end),
        _ => (0, 0, 0),
    });
    comments
        .into_iter()
        .enumerate()
        .map(|(i, comment)| Numbered {
            number: (first + i as u32).min(MAX_NOTES),
            // Filled in once the section's title is set.
            section: String::new(),
            comment,
        })
        .collect()
}

/// Feeds `hasher` what [`marked_body`] depends on besides the body: the suggestions'
/// places and text, and the comments' places and numbers.
pub(crate) fn hash_marks(
    section: &Section,
    numbered: &[Numbered<'_>],
    hasher: &mut impl std::hash::Hasher,
) {
    use std::hash::Hash;
    for s in &section.suggestions {
        (s.anchor.start, s.anchor.end, &s.insert, s.orphaned).hash(hasher);
    }
    for n in numbered {
        let place = n.comment.anchor.as_ref().map(|a| (a.start, a.end));
        (n.number, place, n.comment.orphaned).hash(hasher);
    }
}

/// The section's body with its review marks in place, its comments numbered as [`number`]
/// gave them.
pub(crate) fn marked_body(section: &Section, numbered: &[Numbered<'_>]) -> String {
    // (position, order at that position, marker text): closes before opens at one place.
    // (position, order at that position, marker text, the earliest a close may move back
    // to: past its range's first character).
    let mut events: Vec<(usize, u8, String, usize)> = Vec::new();
    let chars: Vec<char> = section.body.chars().collect();
    let mut at = 0;
    let mut suggestions: Vec<_> = section.suggestions.iter().filter(|s| !s.orphaned).collect();
    suggestions.sort_by_key(|s| (s.anchor.start, s.anchor.end));
    for s in suggestions {
        if s.anchor.start < at {
            continue; // overlaps the one before: that one is shown
        }
        if s.anchor.end > s.anchor.start {
            events.push((s.anchor.start, 2, DEL_OPEN.to_string(), 0));
            let floor = s.anchor.start + 1;
            events.push((s.anchor.end, 1, DEL_CLOSE.to_string(), floor));
        }
        if !s.insert.is_empty() {
            let text: String = s.insert.chars().filter(|&c| !is_marker(c)).collect();
            // A word put in place of another stands a space apart from the struck one, so
            // the two read (and extract) as two words, not one.
            let apart = s.anchor.end > s.anchor.start
                && !s.anchor.exact.ends_with(char::is_whitespace)
                && !text.starts_with(char::is_whitespace);
            let space = if apart { " " } else { "" };
            // Text that starts a block keeps its block syntax before the mark (placed where
            // the mark would stand at a line's start).
            let text_chars: Vec<char> = text.chars().collect();
            let at_line_start = s.anchor.end == 0 || chars.get(s.anchor.end - 1) == Some(&'\n');
            let syntax = if at_line_start {
                past_block_syntax(&text_chars, 0)
            } else {
                0
            };
            let (lead, rest): (String, String) = (
                text_chars[..syntax].iter().collect(),
                text_chars[syntax..].iter().collect(),
            );
            events.push((
                s.anchor.end,
                1,
                format!("{space}{lead}{INS_OPEN}{rest}{INS_CLOSE}"),
                0,
            ));
        }
        at = s.anchor.end;
    }
    for n in numbered {
        if let (Some(a), false) = (&n.comment.anchor, n.comment.orphaned) {
            let note = char::from_u32(NOTE_BASE + n.number).unwrap_or(HL_CLOSE);
            events.push((a.start, 3, HL_OPEN.to_string(), 0));
            let floor = (a.start + 1).min(a.end);
            events.push((a.end, 0, format!("{HL_CLOSE}{note}"), floor));
        }
    }
    // A mark never stands before a line's block syntax (a fence, a heading's #, a list's
    // bullet, a quote's >), which it would turn into plain text.
    for event in &mut events {
        let closes = event.2.starts_with([DEL_CLOSE, HL_CLOSE]);
        if closes {
            // A range that ends with its line breaks closes before them, at the end of its
            // own line, not before what the next line starts with.
            while event.0 > event.3 && chars.get(event.0 - 1) == Some(&'\n') {
                event.0 -= 1;
            }
        } else {
            event.0 = past_block_syntax(&chars, event.0);
        }
    }
    events.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(section.body.len() + events.len() * 4);
    let mut events = events.into_iter().peekable();
    for (i, c) in section.body.chars().enumerate() {
        while let Some(e) = events.next_if(|e| e.0 <= i) {
            out.push_str(&e.2);
        }
        // The author's own private-use characters of these values would read as marks.
        if !is_marker(c) {
            out.push(c);
        }
    }
    for e in events {
        out.push_str(&e.2);
    }
    out
}

/// Where a mark at character `at` goes: at the start of a line, past the line's block
/// syntax (indentation, `>`, a bullet or number, a heading's `#`s), or past a whole fence
/// line into the code it opens or after the code it closes.
fn past_block_syntax(chars: &[char], at: usize) -> usize {
    if at > chars.len() || (at > 0 && chars[at - 1] != '\n') {
        return at;
    }
    let mut i = at;
    let skip = |i: &mut usize, f: &dyn Fn(char) -> bool| {
        while *i < chars.len() && f(chars[*i]) {
            *i += 1;
        }
    };
    skip(&mut i, &|c| c == ' ' || c == '\t');
    let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
    if rest == "```" || rest == "~~~" {
        skip(&mut i, &|c| c != '\n');
        return (i + 1).min(chars.len());
    }
    loop {
        let before = i;
        match chars.get(i) {
            Some('>') => i += 1,
            Some('-' | '*' | '+') if chars.get(i + 1) == Some(&' ') => i += 1,
            Some('#') => skip(&mut i, &|c| c == '#'),
            Some(c) if c.is_ascii_digit() => {
                let mut j = i;
                skip(&mut j, &|c| c.is_ascii_digit());
                if matches!(chars.get(j), Some('.' | ')')) && chars.get(j + 1) == Some(&' ') {
                    i = j + 1;
                }
            }
            _ => {}
        }
        skip(&mut i, &|c| c == ' ' || c == '\t');
        if i == before {
            return i;
        }
    }
}

/// What is open at a point of the marked text.
#[derive(Clone, Default)]
struct State {
    inserted: bool,
    deleted: bool,
    highlight: usize,
}

impl State {
    fn take(&mut self, c: char) -> Option<Inline> {
        match c {
            INS_OPEN => self.inserted = true,
            INS_CLOSE => self.inserted = false,
            DEL_OPEN => self.deleted = true,
            DEL_CLOSE => self.deleted = false,
            HL_OPEN => self.highlight += 1,
            HL_CLOSE => self.highlight = self.highlight.saturating_sub(1),
            c => {
                return Some(Inline::Review {
                    mark: ReviewMark::Note(c as u32 - NOTE_BASE),
                    content: Vec::new(),
                });
            }
        }
        None
    }

    fn wrap(&self, inline: Inline) -> Inline {
        let mut inline = inline;
        if self.inserted {
            inline = review(ReviewMark::Inserted, inline);
        } else if self.deleted {
            inline = review(ReviewMark::Deleted, inline);
        }
        if self.highlight > 0 {
            inline = review(ReviewMark::Highlight, inline);
        }
        inline
    }
}

fn review(mark: ReviewMark, inline: Inline) -> Inline {
    Inline::Review {
        mark,
        content: vec![inline],
    }
}

fn strip(text: &mut String, state: &mut State) {
    if text.contains(is_marker) {
        for c in text.chars().filter(|&c| is_marker(c)) {
            state.take(c);
        }
        text.retain(|c| !is_marker(c));
    }
}

/// Turns the marks of a section converted from [`marked_body`] into review inlines.
pub(crate) fn apply_marks(blocks: &mut [Block]) {
    let mut state = State::default();
    blocks_in(blocks, &mut state);
}

fn blocks_in(blocks: &mut [Block], state: &mut State) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                run(content, state);
            }
            BlockKind::List { items, .. } => {
                for ListItem { blocks, .. } in items {
                    blocks_in(blocks, state);
                }
            }
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                blocks_in(inner, state);
            }
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    run(cell, state);
                }
                if let Some(caption) = caption {
                    run(&mut caption.text, state);
                }
            }
            BlockKind::Code { info, text } => {
                let at_start = state.clone();
                strip(info, state);
                strip(text, state);
                // Code put in or taken out (a change open where it starts, or opened inside
                // it) is set as its lines of code, marked: a code block has no inline marks.
                let changed = |s: &State| s.inserted || s.deleted;
                let at_start = if changed(&at_start) {
                    at_start
                } else {
                    state.clone()
                };
                if changed(&at_start) {
                    let mut lines = Vec::new();
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            lines.push(Inline::LineBreak);
                        }
                        lines.push(at_start.wrap(Inline::Code(line.to_owned())));
                    }
                    block.kind = BlockKind::Paragraph(lines);
                }
            }
            BlockKind::Figure { src, alt, title } => {
                strip(src, state);
                strip(alt, state);
                strip(title, state);
            }
            BlockKind::Rule | BlockKind::PageBreak | BlockKind::SourceList => {}
        }
    }
}

fn run(list: &mut Vec<Inline>, state: &mut State) {
    let old = std::mem::take(list);
    for inline in old {
        match inline {
            Inline::Text(text) if text.contains(is_marker) => {
                let mut piece = String::new();
                for c in text.chars() {
                    if is_marker(c) {
                        if !piece.is_empty() {
                            list.push(state.wrap(Inline::Text(std::mem::take(&mut piece))));
                        }
                        if let Some(note) = state.take(c) {
                            list.push(note);
                        }
                    } else {
                        piece.push(c);
                    }
                }
                if !piece.is_empty() {
                    list.push(state.wrap(Inline::Text(piece)));
                }
            }
            Inline::Emph(mut c) => {
                run(&mut c, state);
                list.push(Inline::Emph(c));
            }
            Inline::Strong(mut c) => {
                run(&mut c, state);
                list.push(Inline::Strong(c));
            }
            Inline::Strike(mut c) => {
                run(&mut c, state);
                list.push(Inline::Strike(c));
            }
            Inline::Link {
                target,
                mut content,
            } => {
                let target = match target {
                    crate::doc::LinkTarget::External(mut url) => {
                        url.retain(|c| !is_marker(c));
                        crate::doc::LinkTarget::External(url)
                    }
                    internal => internal,
                };
                run(&mut content, state);
                list.push(Inline::Link { target, content });
            }
            Inline::Code(mut code) => {
                // Set as what was open where it starts.
                let at_start = state.clone();
                strip(&mut code, state);
                list.push(at_start.wrap(Inline::Code(code)));
            }
            Inline::Image { mut src, mut alt } => {
                strip(&mut src, state);
                strip(&mut alt, state);
                list.push(state.wrap(Inline::Image { src, alt }));
            }
            Inline::Text(text) => list.push(state.wrap(Inline::Text(text))),
            other => list.push(state.wrap(other)),
        }
    }
}

/// The numbers of whole-section and orphaned comments, set after the section's title.
pub(crate) fn title_notes(numbered: &[Numbered<'_>]) -> Vec<Inline> {
    numbered
        .iter()
        .filter(|n| n.comment.anchor.is_none() || n.comment.orphaned)
        .map(|n| Inline::Review {
            mark: ReviewMark::Note(n.number),
            content: Vec::new(),
        })
        .collect()
}

/// The section at the end of the review copy: each comment's thread under its number, with
/// the text it is about.
pub(crate) fn threads_section(id: String, numbered: &[Numbered<'_>]) -> DocSection {
    let mut items = Vec::with_capacity(numbered.len());
    for n in numbered {
        let c = n.comment;
        let mut head = vec![
            Inline::Review {
                mark: ReviewMark::Note(n.number),
                content: Vec::new(),
            },
            Inline::Text(" ".into()),
            Inline::Strong(vec![Inline::Text(c.author.clone())]),
            Inline::Text(format!(", {} — {}", when(&c.created), n.section)),
        ];
        match (&c.anchor, c.orphaned) {
            (Some(a), true) => head.push(Inline::Text(format!(
                "; orphaned: its text “{}” is no longer in the section",
                a.exact
            ))),
            (Some(a), false) => head.push(Inline::Text(format!(", on “{}”", a.exact))),
            (None, _) => head.push(Inline::Text(", on the whole section".into())),
        }
        if c.resolved {
            head.push(Inline::Emph(vec![Inline::Text(" (resolved)".into())]));
        }
        // The thread set off under its heading line, as a quotation is.
        let mut thread = vec![paragraph(vec![Inline::Text(c.text.clone())])];
        for reply in &c.replies {
            thread.push(paragraph(vec![
                Inline::Text("Reply from ".into()),
                Inline::Strong(vec![Inline::Text(reply.author.clone())]),
                Inline::Text(format!(", {}: {}", when(&reply.created), reply.text)),
            ]));
        }
        items.push(paragraph(head));
        items.push(Block {
            line: 0,
            kind: BlockKind::Quote(thread),
        });
    }
    DocSection {
        id,
        title: vec![Inline::Text("Review comments".into())],
        portion_mark: None,
        blocks: items,
    }
}

fn paragraph(content: Vec<Inline>) -> Block {
    Block {
        line: 0,
        kind: BlockKind::Paragraph(content),
    }
}

/// "2026-12-04 10:31 UTC" from an RFC 3339 time (as written when it is not one).
fn when(created: &str) -> String {
    match (created.get(..10), created.get(11..16)) {
        (Some(date), Some(time)) if created.ends_with('Z') => format!("{date} {time} UTC"),
        _ => created.to_owned(),
    }
}
