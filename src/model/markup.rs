//! Formatting as commands: Bold, Italic, Code, Link, a heading level, a bulleted or numbered
//! list and a quote, each applied to a selection of a Markdown body and toggled off when the
//! selection already carries it. Pure text in, text and the new selection out; the window
//! turns the result into one undoable edit.
//!
//! Selections are in characters (as the editor counts them), not bytes.

use std::ops::Range;

/// A formatting command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `**strong**`.
    Bold,
    /// `*emphasis*`.
    Italic,
    /// `` `code` ``.
    Code,
    /// `[text](https://)`, the address selected to be typed over.
    Link,
    /// A heading inside the section: 2 for `##`, 3 for `###`.
    Heading(u8),
    /// `- ` before each line.
    Bullets,
    /// `1. `, `2. `… before each line.
    Numbers,
    /// `> ` before each line.
    Quote,
}

/// The text with `format` applied to (or taken off) the characters `selection`, and what to
/// select afterwards.
pub fn apply(text: &str, selection: Range<usize>, format: Format) -> (String, Range<usize>) {
    let chars = text.chars().count();
    let start = selection.start.min(selection.end).min(chars);
    let end = selection.end.max(selection.start).min(chars);
    match format {
        Format::Bold => wrap(text, start..end, "**"),
        Format::Italic => wrap(text, start..end, "*"),
        Format::Code => wrap(text, start..end, "`"),
        Format::Link => link(text, start..end),
        Format::Heading(level) => lines(text, start..end, LineFormat::Heading(level.clamp(1, 6))),
        Format::Bullets => lines(text, start..end, LineFormat::Bullets),
        Format::Numbers => lines(text, start..end, LineFormat::Numbers),
        Format::Quote => lines(text, start..end, LineFormat::Quote),
    }
}

/// The byte offset of character `index` (the end for an index past it).
fn byte(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(b, _)| b)
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Wraps the selection in `mark`, or unwraps it when the marks are already there (around it,
/// or as its own first and last characters). White space at the selection's edges stays
/// outside the marks, where Markdown needs it.
fn wrap(text: &str, selection: Range<usize>, mark: &str) -> (String, Range<usize>) {
    let (a, b) = (byte(text, selection.start), byte(text, selection.end));
    let inner = &text[a..b];
    // Keep edge spaces out: "**word **" is not bold in Markdown.
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    let (a, b) = if inner.trim().is_empty() {
        (a, b)
    } else {
        (a + lead, b - trail)
    };
    let inner = &text[a..b];
    let before = &text[..a];
    let after = &text[b..];
    let m = mark.len();
    let start = chars(before);
    // Already marked around the selection: take the marks off.
    if marked_end(before, mark) && marked_start(after, mark) {
        let out = format!("{}{inner}{}", &before[..a - m], &after[m..]);
        let s = start - m;
        return (out, s..s + chars(inner));
    }
    // The selection holds its own marks: take them off.
    if inner.len() >= 2 * m && marked_start(inner, mark) && marked_end(inner, mark) {
        let bare = &inner[m..inner.len() - m];
        let out = format!("{before}{bare}{after}");
        return (out, start..start + chars(bare));
    }
    let out = format!("{before}{mark}{inner}{mark}{after}");
    (out, start + m..start + m + chars(inner))
}

/// Whether `text` starts with `mark` as a mark of its own (`*` but not the first of `**`,
/// unless it is the third of `***`).
fn marked_start(text: &str, mark: &str) -> bool {
    match mark {
        "*" => text.starts_with("***") || (text.starts_with('*') && !text.starts_with("**")),
        _ => text.starts_with(mark),
    }
}

fn marked_end(text: &str, mark: &str) -> bool {
    match mark {
        "*" => text.ends_with("***") || (text.ends_with('*') && !text.ends_with("**")),
        _ => text.ends_with(mark),
    }
}

/// `[selection](https://)` with the address selected; on an empty selection, `[link
/// text](https://)` with the text selected.
fn link(text: &str, selection: Range<usize>) -> (String, Range<usize>) {
    let (a, b) = (byte(text, selection.start), byte(text, selection.end));
    let inner = text[a..b].trim();
    let start = selection.start;
    if inner.is_empty() {
        let label = "link text";
        let out = format!("{}[{label}](https://){}", &text[..a], &text[b..]);
        return (out, start + 1..start + 1 + chars(label));
    }
    let url_at = start + 1 + chars(inner) + 2;
    let out = format!("{}[{inner}](https://){}", &text[..a], &text[b..]);
    (out, url_at..url_at + chars("https://"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineFormat {
    Heading(u8),
    Bullets,
    Numbers,
    Quote,
}

impl LineFormat {
    /// The marker at the start of `line` (after indentation) when it has this format.
    fn marker_len(self, line: &str) -> Option<usize> {
        match self {
            LineFormat::Heading(level) => {
                let hashes = line.len() - line.trim_start_matches('#').len();
                (hashes == level as usize && line[hashes..].starts_with(' ')).then_some(hashes + 1)
            }
            LineFormat::Bullets => ["- ", "* ", "+ "]
                .iter()
                .find(|m| line.starts_with(*m))
                .map(|m| m.len()),
            LineFormat::Numbers => {
                let digits =
                    line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                (digits > 0
                    && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
                .then_some(digits + 2)
            }
            LineFormat::Quote => {
                if line.starts_with("> ") {
                    Some(2)
                } else if line.starts_with('>') {
                    Some(1)
                } else {
                    None
                }
            }
        }
    }

    /// Any other line format's marker, replaced when this one is applied (a bullet becomes a
    /// number, a `##` heading a `###`).
    fn other_marker_len(self, line: &str) -> usize {
        let hashes = line.len() - line.trim_start_matches('#').len();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            return hashes + 1;
        }
        [LineFormat::Bullets, LineFormat::Numbers]
            .iter()
            .filter(|f| **f != self)
            .find_map(|f| f.marker_len(line))
            .unwrap_or(0)
    }

    fn marker(self, n: usize) -> String {
        match self {
            LineFormat::Heading(level) => format!("{} ", "#".repeat(level as usize)),
            LineFormat::Bullets => "- ".to_owned(),
            LineFormat::Numbers => format!("{n}. "),
            LineFormat::Quote => "> ".to_owned(),
        }
    }
}

/// Applies a line format to every line the selection touches, or takes it off when all of
/// them (blank lines aside) have it already. The new selection spans the changed lines.
fn lines(text: &str, selection: Range<usize>, format: LineFormat) -> (String, Range<usize>) {
    let (a, b) = (byte(text, selection.start), byte(text, selection.end));
    let first = text[..a].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending right after a line break does not take in the next line.
    let b_end = if b > a && text[..b].ends_with('\n') {
        b - 1
    } else {
        b
    };
    let last = text[b_end..].find('\n').map_or(text.len(), |i| b_end + i);
    let block = &text[first..last];
    let written: Vec<&str> = block.split('\n').collect();
    let all_have = written
        .iter()
        .filter(|l| !l.trim().is_empty())
        .all(|l| format.marker_len(l.trim_start()).is_some());
    let mut out_lines = Vec::with_capacity(written.len());
    let mut n = 0;
    for line in &written {
        if line.trim().is_empty() {
            out_lines.push((*line).to_owned());
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let rest = line.trim_start();
        if all_have {
            let cut = format.marker_len(rest).unwrap_or(0);
            out_lines.push(format!("{indent}{}", &rest[cut..]));
        } else {
            n += 1;
            let cut = format
                .marker_len(rest)
                .unwrap_or_else(|| format.other_marker_len(rest));
            // Headings are not indented; list items keep their depth.
            let indent = if matches!(format, LineFormat::Heading(_)) {
                ""
            } else {
                indent
            };
            out_lines.push(format!("{indent}{}{}", format.marker(n), &rest[cut..]));
        }
    }
    let replaced = out_lines.join("\n");
    let out = format!("{}{replaced}{}", &text[..first], &text[last..]);
    let start = chars(&text[..first]);
    (out, start..start + chars(&replaced))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, sel: Range<usize>, f: Format) -> (String, String) {
        let (out, range) = apply(text, sel, f);
        let picked: String = out
            .chars()
            .skip(range.start)
            .take(range.end - range.start)
            .collect();
        (out, picked)
    }

    #[test]
    fn inline_marks_wrap_and_toggle() {
        let (out, picked) = run("the response was quick", 4..12, Format::Bold);
        assert_eq!(out, "the **response** was quick");
        assert_eq!(picked, "response");
        // The same selection again takes the marks off.
        let (back, picked) = run(&out, 6..14, Format::Bold);
        assert_eq!(back, "the response was quick");
        assert_eq!(picked, "response");
        // Selecting the marks too also takes them off.
        let (back, _) = run(&out, 4..16, Format::Bold);
        assert_eq!(back, "the response was quick");
        // Spaces at the edges stay outside.
        let (out, _) = run("a word here", 1..7, Format::Italic);
        assert_eq!(out, "a *word* here");
        // Italic inside bold is added, not taken for bold's marks.
        let (out, _) = run("**bold**", 2..6, Format::Italic);
        assert_eq!(out, "***bold***");
        let (out, _) = run("***bold***", 3..7, Format::Italic);
        assert_eq!(out, "**bold**");
        // An empty selection gets a pair of marks with the cursor between.
        let (out, range) = apply("ab", 1..1, Format::Code);
        assert_eq!((out.as_str(), range), ("a``b", 2..2));
        // Characters, not bytes.
        let (out, picked) = run("Manëz is here", 0..5, Format::Bold);
        assert_eq!(
            (out.as_str(), picked.as_str()),
            ("**Manëz** is here", "Manëz")
        );
    }

    #[test]
    fn links_select_what_is_to_be_typed() {
        let (out, picked) = run("see the report", 8..14, Format::Link);
        assert_eq!(out, "see the [report](https://)");
        assert_eq!(picked, "https://");
        let (out, picked) = run("see ", 4..4, Format::Link);
        assert_eq!(out, "see [link text](https://)");
        assert_eq!(picked, "link text");
    }

    #[test]
    fn line_formats_apply_to_every_touched_line_and_toggle() {
        let text = "intro\none\ntwo\nend";
        // From inside "one" to inside "two".
        let (out, picked) = run(text, 7..11, Format::Bullets);
        assert_eq!(out, "intro\n- one\n- two\nend");
        assert_eq!(picked, "- one\n- two");
        let (back, _) = run(&out, 7..15, Format::Bullets);
        assert_eq!(back, text);
        // Bullets become numbers.
        let (numbered, _) = run(&out, 7..15, Format::Numbers);
        assert_eq!(numbered, "intro\n1. one\n2. two\nend");
        let (out, _) = run(text, 0..0, Format::Quote);
        assert_eq!(out, "> intro\none\ntwo\nend");
        // A heading level replaces another.
        let (out, _) = run("## Title\ntext", 3..3, Format::Heading(3));
        assert_eq!(out, "### Title\ntext");
        let (out, _) = run("### Title\ntext", 3..3, Format::Heading(3));
        assert_eq!(out, "Title\ntext");
        // A selection ending just after a line break leaves the next line alone.
        let (out, _) = run("a\nb", 0..2, Format::Quote);
        assert_eq!(out, "> a\nb");
        // Blank lines stay blank.
        let (out, _) = run("a\n\nb", 0..4, Format::Bullets);
        assert_eq!(out, "- a\n\n- b");
    }
}
