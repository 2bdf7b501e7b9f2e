//! Markdown highlighting for the body editor: headings, emphasis, code, citations, links,
//! list markers and comments, line by line. It only colours; the text is never changed.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Style, TextStyle};

/// Colours a Markdown text for the editor.
pub fn markdown(style: &Style, text: &str) -> LayoutJob {
    let body = TextStyle::Body.resolve(style);
    let mono = TextStyle::Monospace.resolve(style);
    let dark = style.visuals.dark_mode;
    let palette = Palette {
        text: style.visuals.text_color(),
        weak: style.visuals.weak_text_color(),
        heading: if dark {
            Color32::from_rgb(140, 190, 255)
        } else {
            Color32::from_rgb(20, 70, 150)
        },
        code: if dark {
            Color32::from_rgb(230, 180, 120)
        } else {
            Color32::from_rgb(150, 70, 10)
        },
        cite: if dark {
            Color32::from_rgb(150, 220, 150)
        } else {
            Color32::from_rgb(20, 110, 40)
        },
        link: if dark {
            Color32::from_rgb(120, 200, 230)
        } else {
            Color32::from_rgb(0, 100, 140)
        },
    };
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
        inline(&mut job, &line[marker..], &body, &mono, &palette);
    }
    job
}

struct Palette {
    text: Color32,
    weak: Color32,
    heading: Color32,
    code: Color32,
    cite: Color32,
    link: Color32,
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

/// Inline spans: `code`, [@citations], [links](…), **strong** and *emphasis*.
fn inline(job: &mut LayoutJob, line: &str, body: &FontId, mono: &FontId, palette: &Palette) {
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
}
