//! Typographic punctuation for the page: straight quotes become curly ones, `--` and `---`
//! en and em dashes, `...` an ellipsis, by the rules of the document's language. The renderer
//! applies it to the document it sets (the PDF and the preview); the briefing and its Markdown
//! export keep what the author typed. Code and web addresses are left exactly as written.

use crate::doc::{Block, BlockKind, Document, Inline};

/// Sets the document's text with its language's punctuation; a language without rules here
/// is left as typed. (The renderer has compose do this section by section, so a section
/// kept from the last compose is not set again: [`super::ComposeOptions::typeset`].)
pub fn typeset(document: &mut Document) {
    let Some(quotes) = rules_for(&document.meta.language) else {
        return;
    };
    for section in &mut document.sections {
        let section = std::sync::Arc::make_mut(section);
        inlines(&mut section.title, &mut None, quotes);
        blocks(&mut section.blocks, quotes);
    }
    typeset_meta(document, quotes);
}

/// The metadata and the sources list with `quotes`: what [`typeset`] sets besides the
/// sections.
pub(crate) fn typeset_meta(document: &mut Document, quotes: Quotes) {
    let meta = &mut document.meta;
    for field in [
        &mut meta.title,
        &mut meta.subtitle,
        &mut meta.organization,
        &mut meta.audience,
        &mut meta.distribution,
    ] {
        in_place(field, None, quotes);
    }
    for author in &mut meta.authors {
        in_place(author, None, quotes);
    }
    for source in &mut document.sources {
        inlines(&mut source.content, &mut None, quotes);
    }
}

/// Blocks of one section (or note) with `quotes`, each paragraph from its start.
pub(crate) fn blocks(blocks: &mut [Block], quotes: Quotes) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inlines(content, &mut None, quotes);
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    self::blocks(&mut item.blocks, quotes);
                }
            }
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                self::blocks(inner, quotes);
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell, &mut None, quotes);
                }
            }
            BlockKind::Figure { title, .. } => in_place(title, None, quotes),
            BlockKind::Code { .. }
            | BlockKind::Rule
            | BlockKind::PageBreak
            | BlockKind::SourceList => {}
        }
    }
}

/// One run of inline content, `before` carrying the last character set so far.
pub(crate) fn inlines(content: &mut [Inline], before: &mut Option<char>, quotes: Quotes) {
    for inline in content {
        match inline {
            Inline::Text(text) => {
                in_place(text, *before, quotes);
                *before = text.chars().last().or(*before);
            }
            Inline::Emph(inner)
            | Inline::Strong(inner)
            | Inline::Strike(inner)
            | Inline::Review { content: inner, .. } => {
                inlines(inner, before, quotes);
            }
            Inline::Link { content, .. } => {
                // An address shown as its own text stays exactly as written.
                let shown = Inline::plain_text(content);
                if shown.contains("://") || shown.starts_with("www.") {
                    *before = shown.chars().last().or(*before);
                } else {
                    inlines(content, before, quotes);
                }
            }
            Inline::Code(code) => *before = code.chars().last().or(*before),
            Inline::SoftBreak | Inline::LineBreak => *before = Some(' '),
            Inline::Cite { text, .. } => inlines(text, before, quotes),
            Inline::Image { .. } | Inline::FootnoteRef(_) => {}
        }
    }
}

/// The quotation marks of a language: opening and closing, double and single.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Quotes {
    /// Opening double quote.
    pub open_double: char,
    /// Closing double quote.
    pub close_double: char,
    /// Opening single quote.
    pub open_single: char,
    /// Closing single quote, also the apostrophe.
    pub close_single: char,
}

/// The rules for a BCP 47 language tag, or none where the language has no rules here yet
/// (its text is then set as typed). English is first; another language is one more arm.
pub fn rules_for(language: &str) -> Option<Quotes> {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "en" | "" => Some(Quotes {
            open_double: '“',
            close_double: '”',
            open_single: '‘',
            close_single: '’',
        }),
        _ => None,
    }
}

/// Sets `text` with typographic punctuation, leaving it untouched (and unallocated) when it
/// has nothing to change, as most runs of text have not.
fn in_place(text: &mut String, before: Option<char>, quotes: Quotes) {
    if needs_smartening(text.as_bytes()) {
        *text = smarten(text, before, quotes);
    }
}

/// Whether `text` holds a straight quote, `--` or `...`: one pass over its bytes (the
/// renderer asks this of every run of a long document on every keystroke).
fn needs_smartening(text: &[u8]) -> bool {
    text.iter().enumerate().any(|(i, &b)| match b {
        b'"' | b'\'' => true,
        b'-' => text.get(i + 1) == Some(&b'-'),
        b'.' => text.get(i + 1) == Some(&b'.') && text.get(i + 2) == Some(&b'.'),
        _ => false,
    })
}

/// `text` with typographic punctuation; `before` is the character that precedes it in the
/// paragraph (none at its start), which decides whether a quote at the very start opens.
pub fn smarten(text: &str, before: Option<char>, quotes: Quotes) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = before;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (piece, step) = match c {
            '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => ('…', 3),
            '-' if next == Some('-') && chars.get(i + 2) == Some(&'-') => ('—', 3),
            '-' if next == Some('-') => ('–', 2),
            '"' => {
                if opens(previous) {
                    (quotes.open_double, 1)
                } else {
                    (quotes.close_double, 1)
                }
            }
            '\'' => {
                // Opening only before a letter where a quotation can start; otherwise an
                // apostrophe ("Albania's", "'22") or a closing quote.
                if opens(previous) && next.is_some_and(char::is_alphabetic) {
                    (quotes.open_single, 1)
                } else {
                    (quotes.close_single, 1)
                }
            }
            other => (other, 1),
        };
        out.push(piece);
        previous = Some(piece);
        i += step;
    }
    out
}

/// Whether a quote after `previous` opens a quotation: at the start, after a space, an
/// opening bracket, a dash or another opening quote.
fn opens(previous: Option<char>) -> bool {
    match previous {
        None => true,
        Some(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '“' | '‘' | '/')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> String {
        smarten(text, None, rules_for("en-GB").unwrap())
    }

    #[test]
    fn quotes_apostrophes_dashes_and_ellipses_in_english() {
        assert_eq!(
            en(r#"Rama spoke of a "massive cyberattack"."#),
            "Rama spoke of a “massive cyberattack”."
        );
        assert_eq!(en("Albania's response"), "Albania’s response");
        assert_eq!(en("the summer of '22"), "the summer of ’22");
        assert_eq!(en("he said 'no' twice"), "he said ‘no’ twice");
        assert_eq!(en("15--17 July"), "15–17 July");
        assert_eq!(en("a break---the first"), "a break—the first");
        assert_eq!(en("and so on..."), "and so on…");
        assert_eq!(en(r#"("quoted")"#), "(“quoted”)");
    }

    #[test]
    fn the_character_before_decides_a_quote_at_the_start() {
        let q = rules_for("en").unwrap();
        assert_eq!(smarten("\" and", Some('d'), q), "” and");
        assert_eq!(smarten("\"word", Some(' '), q), "“word");
    }

    #[test]
    fn only_runs_with_something_to_change_are_rewritten() {
        for (text, needs) in [
            ("plain text. Two sentences - one dash.", false),
            ("a--b", true),
            ("end..", false),
            ("end...", true),
            ("it's", true),
            ("\"", true),
            ("", false),
        ] {
            assert_eq!(needs_smartening(text.as_bytes()), needs, "{text}");
        }
    }

    #[test]
    fn a_language_without_rules_is_set_as_typed() {
        assert_eq!(rules_for("fa"), None);
        assert!(rules_for("en-US").is_some());
    }
}
