//! Markdown highlighting for the body editor: headings, emphasis, code, citations, links,
//! list markers and comments, line by line. It only colours; the text is never changed.

use egui::cache::{ComputerMut, FrameCache};
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Style, TextStyle};

/// Colours a Markdown text for the editor.
pub fn markdown(style: &Style, text: &str) -> LayoutJob {
    coloured(&Palette::of(style), text)
}

/// [`markdown`] for the editor's frames: reused from the last frame while the text and the
/// style are the same, so a frame with nothing new costs a hash of the text, not its
/// highlighting.
pub fn markdown_cached(ctx: &egui::Context, style: &Style, text: &str) -> LayoutJob {
    let palette = Palette::of(style);
    ctx.memory_mut(|memory| {
        memory
            .caches
            .cache::<FrameCache<LayoutJob, Highlighter>>()
            .get((&palette, text))
            .clone()
    })
}

#[derive(Default)]
struct Highlighter;

impl ComputerMut<(&Palette, &str), LayoutJob> for Highlighter {
    fn compute(&mut self, (palette, text): (&Palette, &str)) -> LayoutJob {
        coloured(palette, text)
    }
}

/// The fonts and colours of the highlighting.
#[derive(Clone, PartialEq, Hash)]
struct Palette {
    body: FontId,
    mono: FontId,
    text: Color32,
    weak: Color32,
    heading: Color32,
    code: Color32,
    cite: Color32,
    link: Color32,
}

impl Palette {
    fn of(style: &Style) -> Self {
        let [heading, code, cite, link] = super::theme::syntax(style.visuals.dark_mode);
        Self {
            body: TextStyle::Body.resolve(style),
            mono: TextStyle::Monospace.resolve(style),
            text: style.visuals.text_color(),
            weak: style.visuals.weak_text_color(),
            heading,
            code,
            cite,
            link,
        }
    }
}

fn coloured(palette: &Palette, text: &str) -> LayoutJob {
    let (body, mono) = (&palette.body, &palette.mono);
    let mut job = LayoutJob::default();
    let mut in_fence = false;
    let mut in_comment = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if in_fence || fence {
            push(&mut job, line, mono.clone(), palette.code, false);
            if fence {
                in_fence = !in_fence;
            }
            continue;
        }
        if in_comment || trimmed.starts_with("<!--") {
            push(&mut job, line, body.clone(), palette.weak, true);
            in_comment = !line.contains("-->");
            continue;
        }
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            let size = body.size * (1.0 + 0.12 * (4 - hashes.min(3)) as f32);
            let font = FontId::new(size, body.family.clone());
            push(&mut job, line, font, palette.heading, false);
            continue;
        }
        let marker = list_marker(line);
        if marker > 0 {
            push(
                &mut job,
                &line[..marker],
                body.clone(),
                palette.heading,
                false,
            );
        }
        inline(&mut job, &line[marker..], palette);
    }
    job
}

fn push(job: &mut LayoutJob, text: &str, font: FontId, color: Color32, italics: bool) {
    if text.is_empty() {
        return;
    }
    job.append(
        text,
        0.0,
        TextFormat {
            font_id: font,
            color,
            italics,
            ..Default::default()
        },
    );
}

/// Length of a list marker (`- `, `* `, `1. `, `> `) with its indentation, or 0.
fn list_marker(line: &str) -> usize {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    for marker in ["- [ ] ", "- [x] ", "- ", "* ", "+ ", "> "] {
        if rest.starts_with(marker) {
            return indent + marker.len();
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) {
        return indent + digits + 2;
    }
    0
}

/// The next place a needle occurs in one line, remembered: each search starts past the last
/// place found, so a line full of unclosed `[` or `` ` `` is read once, not once per opener.
struct Next {
    needle: &'static str,
    /// Byte offset in the line of the last place found, or `None` when there is none after it.
    found: Option<usize>,
    /// Where the last search started.
    from: usize,
}

impl Next {
    fn new(needle: &'static str) -> Self {
        // As if searched from past any line's end: the first call searches.
        Self {
            needle,
            found: None,
            from: usize::MAX,
        }
    }

    /// The first place at or after `from` where the needle occurs in `line`.
    fn at_or_after(&mut self, line: &str, from: usize) -> Option<usize> {
        match self.found {
            // Nothing was found past an earlier start, so nothing is past a later one.
            None if from >= self.from => return None,
            Some(found) if found >= from && from >= self.from => return Some(found),
            _ => {}
        }
        self.from = from;
        self.found = line[from..].find(self.needle).map(|i| from + i);
        self.found
    }
}

/// Inline spans: `code`, [@citations], [links](…), **strong** and *emphasis*.
fn inline(job: &mut LayoutJob, line: &str, palette: &Palette) {
    let (body, mono) = (&palette.body, &palette.mono);
    let mut at = 0;
    let mut plain = String::new();
    let mut bold = false;
    let (mut tick, mut close, mut mid, mut paren) = (
        Next::new("`"),
        Next::new("]"),
        Next::new("]("),
        Next::new(")"),
    );
    let flush = |job: &mut LayoutJob, plain: &mut String, bold: bool| {
        let color = if bold { palette.heading } else { palette.text };
        push(job, plain, body.clone(), color, false);
        plain.clear();
    };
    while let Some(c) = line[at..].chars().next() {
        let rest = &line[at..];
        // Each span as the end offset in the line, its font and colour.
        let span = if c == '`' {
            tick.at_or_after(line, at + 1)
                .map(|end| (end + 1, mono.clone(), palette.code))
        } else if rest.starts_with("[@") || rest.starts_with("[^") {
            close
                .at_or_after(line, at)
                .map(|end| (end + 1, body.clone(), palette.cite))
        } else if c == '[' {
            mid.at_or_after(line, at)
                .and_then(|m| paren.at_or_after(line, m))
                .map(|end| (end + 1, body.clone(), palette.link))
        } else {
            None
        };
        if let Some((end, font, color)) = span {
            flush(job, &mut plain, bold);
            push(job, &line[at..end], font, color, false);
            at = end;
            continue;
        }
        if rest.starts_with("**") {
            flush(job, &mut plain, bold);
            push(job, "**", body.clone(), palette.weak, false);
            bold = !bold;
            at += 2;
            continue;
        }
        plain.push(c);
        at += c.len_utf8();
    }
    flush(job, &mut plain, bold);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(job: &LayoutJob) -> String {
        job.text.clone()
    }

    #[test]
    fn highlighting_keeps_the_text_exactly() {
        let style = Style::default();
        for text in [
            "# Title\n\nPlain **bold** and `code` [@S1; @S2] [link](https://x.org).\n",
            "- item\n1. first\n> quote\n```\ncode **not bold**\n```\n<!-- hidden\nstill -->\nمجاهدین خلق Manëz",
            "unclosed ` and [ and ** and [@",
            "",
        ] {
            assert_eq!(text_of(&markdown(&style, text)), text);
        }
    }

    #[test]
    fn citations_and_headings_are_coloured_apart_from_text() {
        let style = Style::default();
        let job = markdown(&style, "# Head\nSee [@S1] here.");
        let colour_of = |needle: &str| {
            let start = job.text.find(needle).unwrap();
            job.sections
                .iter()
                .find(|s| s.byte_range.contains(&egui::text::ByteIndex(start)))
                .unwrap()
                .format
                .color
        };
        assert_ne!(colour_of("[@S1]"), colour_of("here"));
        assert_ne!(colour_of("Head"), colour_of("here"));
    }

    /// The inline highlighter as it was before it remembered its searches (which made a line
    /// of unclosed openers quadratic): the oracle for the one now used.
    fn inline_as_before(job: &mut LayoutJob, line: &str, palette: &Palette) {
        let (body, mono) = (&palette.body, &palette.mono);
        let mut rest = line;
        let mut plain = String::new();
        let mut bold = false;
        let flush = |job: &mut LayoutJob, plain: &mut String, bold: bool| {
            let color = if bold { palette.heading } else { palette.text };
            push(job, plain, body.clone(), color, false);
            plain.clear();
        };
        while let Some(c) = rest.chars().next() {
            let span = if c == '`' {
                rest[1..]
                    .find('`')
                    .map(|end| (end + 2, mono.clone(), palette.code))
            } else if rest.starts_with("[@") || rest.starts_with("[^") {
                rest.find(']')
                    .map(|end| (end + 1, body.clone(), palette.cite))
            } else if c == '[' {
                rest.find("](")
                    .and_then(|mid| rest[mid..].find(')').map(|end| mid + end + 1))
                    .map(|end| (end, body.clone(), palette.link))
            } else {
                None
            };
            if let Some((len, font, color)) = span {
                flush(job, &mut plain, bold);
                push(job, &rest[..len], font, color, false);
                rest = &rest[len..];
                continue;
            }
            if rest.starts_with("**") {
                flush(job, &mut plain, bold);
                push(job, "**", body.clone(), palette.weak, false);
                bold = !bold;
                rest = &rest[2..];
                continue;
            }
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
        flush(job, &mut plain, bold);
    }

    fn spans(job: &LayoutJob) -> Vec<(std::ops::Range<usize>, Color32, f32)> {
        job.sections
            .iter()
            .map(|s| {
                (
                    s.byte_range.start.0..s.byte_range.end.0,
                    s.format.color,
                    s.format.font_id.size,
                )
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn remembered_searches_colour_exactly_as_searching_afresh(
            line in "[`\\[\\]()@^*a é]{0,60}"
        ) {
            let style = Style::default();
            let palette = Palette::of(&style);
            let mut now = LayoutJob::default();
            inline(&mut now, &line, &palette);
            let mut before = LayoutJob::default();
            inline_as_before(&mut before, &line, &palette);
            proptest::prop_assert_eq!(spans(&now), spans(&before));
        }
    }

    #[test]
    fn the_editors_cached_job_follows_the_text_and_the_theme() {
        let ctx = egui::Context::default();
        let dark = Style::default();
        let text = "See [@S1] and `code`.";
        let first = markdown_cached(&ctx, &dark, text);
        assert_eq!(spans(&first), spans(&markdown(&dark, text)));
        assert_eq!(first.text, text);
        let edited = markdown_cached(&ctx, &dark, "See [@S2].");
        assert_eq!(edited.text, "See [@S2].");
        let light = Style {
            visuals: egui::Visuals::light(),
            ..Style::default()
        };
        let relit = markdown_cached(&ctx, &light, text);
        assert_eq!(spans(&relit), spans(&markdown(&light, text)));
        assert_ne!(spans(&relit), spans(&first));
    }
}
