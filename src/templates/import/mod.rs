//! Import: an article (Markdown or plain text) becomes a briefing. The text is split at its
//! headings, each part is matched to the closest template block, and what is obviously not
//! content is dropped: tables of contents, runs of link-title lines, share prompts and
//! repeated headlines. What was dropped is reported with its line, so nothing goes silently.
//! Text with no blank lines at all (a web page saved as text) is read line by line in
//! [`dense`], which decides from the lines' shapes what is a heading and what is furniture.

mod dense;
pub mod docx;
pub mod html;

use super::Library;
use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, Section, slug};

/// The briefing an article became, and what import did on the way.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The new briefing (not yet saved anywhere).
    pub briefing: Briefing,
    /// Each run of dropped lines: an info diagnostic naming its line and why.
    pub report: Vec<Diagnostic>,
}

/// Words that point a heading or its text at a block, by block id. A heading's words count
/// three times a body's.
const CUES: [(&str, &[&str]); 14] = [
    (
        "bluf",
        &[
            "summary",
            "bottom line",
            "key points",
            "at a glance",
            "in brief",
            "tl;dr",
            "overview",
        ],
    ),
    (
        "key-judgments",
        &["judgment", "judgments", "assessment", "we assess"],
    ),
    (
        "historical-roots",
        &[
            "background",
            "history",
            "historical",
            "roots",
            "origins",
            "context",
            "how it began",
        ],
    ),
    (
        "incident",
        &[
            "attack",
            "cyberattack",
            "incident",
            "what happened",
            "hack",
            "breach",
            "the event",
        ],
    ),
    (
        "response",
        &[
            "response",
            "responds",
            "responded",
            "severs",
            "severed",
            "cut ties",
            "retaliat",
            "expel",
        ],
    ),
    (
        "international-reaction",
        &[
            "international",
            "reaction",
            "reactions",
            "world",
            "allies",
            "react",
            "nato",
            "united nations",
            "other governments",
            "other countries",
            "around the world",
        ],
    ),
    (
        "implications",
        &[
            "implications",
            "what it means",
            "why it matters",
            "consequences",
            "analysis",
            "what next",
            "comes next",
            "what's next",
            "looking ahead",
            "outlook",
        ],
    ),
    (
        "timeline",
        &["timeline", "chronology", "key dates", "timeline of events"],
    ),
    (
        "key-actors",
        &[
            "who is",
            "who are",
            "key players",
            "actors",
            "people",
            "profiles",
        ],
    ),
    ("options", &["options", "policy options", "choices"]),
    (
        "recommendation",
        &["recommendation", "recommendations", "we recommend"],
    ),
    (
        "sources",
        &[
            "sources",
            "references",
            "further reading",
            "bibliography",
            "notes",
        ],
    ),
    (
        "key-terms",
        &["key terms", "glossary", "terms", "definitions"],
    ),
    (
        "discussion-questions",
        &["questions", "discussion", "discuss"],
    ),
];

/// Lines that ask the reader to do something other than read.
const PROMPTS: [&str; 25] = [
    "share",
    "leave a comment",
    "join the conversation",
    "add a comment",
    "share this",
    "share on",
    "tweet",
    "follow us",
    "subscribe",
    "sign up",
    "newsletter",
    "read more",
    "read next",
    "related:",
    "related articles",
    "related stories",
    "advertisement",
    "click here",
    "print this",
    "email this",
    "copy link",
    "listen to this article",
    "most read",
    "you may also like",
    "more from",
];

/// Headings that introduce a table of contents.
const CONTENTS: [&str; 5] = [
    "contents",
    "table of contents",
    "in this article",
    "on this page",
    "jump to",
];

/// One line of the article, as import classifies it.
#[derive(Clone, Debug)]
struct Line<'a> {
    number: u32,
    text: &'a str,
    heading: Option<(u8, String)>,
    fenced: bool,
}

/// Turns an article into a briefing dated `date`.
pub fn import(text: &str, library: &Library, date: &str) -> Imported {
    let text = text.trim_start_matches('\u{FEFF}');
    let mut report = Vec::new();
    let raw: Vec<&str> = text.lines().collect();
    let mut lines = if !raw.iter().any(|l| atx(l).is_some()) && dense::applies(&raw) {
        dense::lines(&raw, &mut report)
    } else {
        classify(&raw)
    };
    let title = take_title(&mut lines);
    drop_contents(&mut lines, &mut report);
    drop_link_runs(&mut lines, &mut report);
    drop_prompts(&mut lines, &mut report);
    drop_repeats(&mut lines, title.as_deref(), &mut report);
    report.sort_by_key(|d| d.location.line);

    let mut briefing = Briefing::new(
        title
            .as_deref()
            .map_or_else(|| "Imported briefing".into(), heading_text),
    );
    briefing.meta.date = date.to_owned();
    briefing.meta.as_of = date.to_owned();
    let mut parts: Vec<(String, String)> = Vec::new();
    for line in &lines {
        match &line.heading {
            Some((level, heading)) if *level <= 2 => {
                parts.push((heading_text(heading), String::new()));
            }
            _ => {
                if parts.is_empty() {
                    parts.push((String::new(), String::new()));
                }
                if let Some((_, body)) = parts.last_mut() {
                    match &line.heading {
                        // A deeper heading stays inside its section, as Markdown.
                        Some((level, heading)) if !line.text.trim_start().starts_with('#') => {
                            body.push_str(&"#".repeat(usize::from(*level)));
                            body.push(' ');
                            body.push_str(heading);
                        }
                        _ => body.push_str(line.text),
                    }
                    body.push('\n');
                }
            }
        }
    }
    for (heading, body) in parts {
        let body = tidy(&body);
        if heading.is_empty() && body.is_empty() {
            continue;
        }
        let block = closest_block(&heading, &body, library);
        let title = if heading.is_empty() {
            block.map_or("Introduction".to_owned(), |b| b.title.clone())
        } else {
            heading
        };
        let id = briefing.unused_section_id(&slug(&title));
        briefing.sections.push(Section {
            id,
            block: block.map(super::Block::reference).unwrap_or_default(),
            title,
            body,
            variants: block.map(|b| b.variants.clone()).unwrap_or_default(),
            ..Section::default()
        });
    }
    Imported { briefing, report }
}

/// Imports the file at `path` from its bytes: a Word document (a zip package) as
/// [`docx::read`] makes it an article, anything else as text by [`import_file`]. The error is
/// one sentence.
pub fn import_bytes(
    path: &std::path::Path,
    bytes: &[u8],
    library: &Library,
    date: &str,
) -> Result<Imported, String> {
    if docx::is_package(bytes) {
        let article = docx::read(bytes)?;
        let mut imported = import(&article.markdown, library, date);
        let meta = &mut imported.briefing.meta;
        if !article.subtitle.is_empty() {
            meta.subtitle = article.subtitle;
        }
        if !article.distribution.is_empty() {
            meta.distribution = article.distribution;
        }
        for (label, value) in article.facts {
            match label.as_str() {
                "Date" => meta.date = crate::model::iso_date(&value).unwrap_or(value),
                "Facts as of" => meta.as_of = crate::model::iso_date(&value).unwrap_or(value),
                "Organisation" => meta.organization = value,
                "Audience" => meta.audience = value,
                "Version" => meta.version = value,
                _ => {}
            }
        }
        let mut report = article.report;
        report.append(&mut imported.report);
        imported.report = report;
        return Ok(imported);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "the file is neither text (UTF-8) nor a Word document".to_owned())?;
    if text.trim().is_empty() {
        return Err("the article is empty; there is nothing to import".to_owned());
    }
    import_file(path, text, library, date)
}

/// Imports the text of the file at `path`, by its content and name: a web page (HTML) as
/// [`import_page`], pictures kept from the page's folder; Markdown or plain text as
/// [`import`].
pub fn import_file(
    path: &std::path::Path,
    text: &str,
    library: &Library,
    date: &str,
) -> Result<Imported, String> {
    let name = path.to_string_lossy().to_lowercase();
    if name.ends_with(".html") || name.ends_with(".htm") || html::looks_like_html(text) {
        import_page(text, library, date, path.parent())
    } else {
        Ok(import(text, library, date))
    }
}

/// Turns a saved web page into a briefing dated as the page is (else `date`), the page
/// recorded as its first source. `folder` is where the page was saved: pictures saved beside
/// it are kept. A page no browser could show (nested absurdly deep) is refused, saying so.
pub fn import_page(
    html: &str,
    library: &Library,
    date: &str,
    folder: Option<&std::path::Path>,
) -> Result<Imported, String> {
    let page = html::read(html, folder)?;
    let date = if page.date.is_empty() {
        date
    } else {
        &page.date
    };
    let mut imported = import(&page.markdown, library, date);
    // The article's own report names lines of the Markdown made from the page, which the
    // author never saw: quote the line instead.
    let lines: Vec<&str> = page.markdown.lines().collect();
    for diagnostic in &mut imported.report {
        if let Some(line) = diagnostic.location.line.take() {
            let quoted = lines
                .get((line as usize).saturating_sub(1))
                .map(|l| l.trim().chars().take(60).collect::<String>())
                .unwrap_or_default();
            if let Some((head, why)) = diagnostic.message.split_once(": ") {
                let head = head.split(" at line ").next().unwrap_or(head);
                diagnostic.message = format!("{head} from “{quoted}”: {why}");
            }
        }
    }
    let mut report = page.report;
    report.append(&mut imported.report);
    imported.report = report;
    if let Some(source) = page.source {
        imported.briefing.sources.push(source);
    }
    Ok(imported)
}

fn classify<'a>(raw: &[&'a str]) -> Vec<Line<'a>> {
    let markdown = raw.iter().any(|l| atx(l).is_some());
    let mut fenced = false;
    let mut out = Vec::with_capacity(raw.len());
    for (i, text) in raw.iter().enumerate() {
        let trimmed = text.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if fence {
            fenced = !fenced;
        }
        let inside = fenced || fence;
        let heading = if inside {
            None
        } else if markdown {
            atx(text)
        } else {
            plain_heading(raw, i)
        };
        out.push(Line {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text,
            heading,
            fenced: inside,
        });
    }
    out
}

/// An ATX heading (`## Title`), at most three spaces in.
fn atx(line: &str) -> Option<(u8, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.trim_start();
    let level = rest.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let text = after.trim().trim_end_matches('#').trim().to_owned();
    (!text.is_empty()).then(|| (u8::try_from(level).unwrap_or(2), text))
}

/// In plain text, a heading is a short line on its own, with no closing punctuation, between
/// blank lines (or at the top), that is not a list item.
fn plain_heading(lines: &[&str], i: usize) -> Option<(u8, String)> {
    let line = lines[i].trim();
    let blank =
        |j: Option<usize>| j.is_none_or(|j| lines.get(j).is_none_or(|l| l.trim().is_empty()));
    let words = line.split_whitespace().count();
    let closes = line.ends_with(['.', ',', ';', ':', '!', '?', '"', '”', ')']);
    let list = line.starts_with(['-', '*', '•'])
        || line
            .split('.')
            .next()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
    let capital = line.starts_with(|c: char| c.is_uppercase());
    if line.is_empty() || words > 10 || closes || list || !capital {
        return None;
    }
    if !blank(i.checked_sub(1)) || !blank(Some(i + 1)) {
        return None;
    }
    // The first such line is the title (level 1); the rest start sections.
    let first = lines[..i].iter().all(|l| l.trim().is_empty());
    Some((if first { 1 } else { 2 }, line.to_owned()))
}

/// The first level-one heading (or, failing that, the first heading) before any text.
fn take_title(lines: &mut Vec<Line<'_>>) -> Option<String> {
    let index = lines.iter().position(|l| !l.text.trim().is_empty())?;
    let (level, text) = lines[index].heading.clone()?;
    if level != 1 {
        return None;
    }
    lines.remove(index);
    Some(text)
}

/// A heading's words as a title, which is plain text: its Markdown (`code`, *emphasis*,
/// [links](…)) read as a reader sees it.
fn heading_text(heading: &str) -> String {
    let (blocks, _) = crate::compose::parse_markdown(&format!("# {heading}"));
    match blocks.first().map(|block| &block.kind) {
        Some(crate::doc::BlockKind::Heading { content, .. }) => {
            crate::doc::Inline::plain_text(content).trim().to_owned()
        }
        _ => heading.to_owned(),
    }
}

fn lower(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A list item's text without its marker.
fn item_text(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for marker in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
        return Some(t[digits + 2..].trim());
    }
    None
}

/// A line that is only a link (`[Title](url)`, `<url>` or a bare URL), perhaps in a list item.
fn is_link_line(line: &str) -> bool {
    let t = item_text(line).unwrap_or(line.trim());
    let t = t.trim_end_matches(['.', ',', ';']);
    if t.starts_with("http://") || t.starts_with("https://") {
        return !t.contains(' ');
    }
    if t.starts_with('<') && t.ends_with('>') {
        return t.contains("://");
    }
    if let Some(rest) = t.strip_prefix('[')
        && let Some(close) = rest.find("](")
    {
        return rest.ends_with(')') && !rest[close + 2..].contains(' ') && close + 2 < rest.len();
    }
    false
}

/// A short line with no closing punctuation, as a headline in a list of links reads once the
/// links are copied as text.
fn is_title_line(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (2..=12).contains(&words)
        && !t.ends_with(['.', ',', ';', ':', '!', '?'])
        && t.starts_with(|c: char| c.is_uppercase())
        && item_text(line).is_none()
        && !t.starts_with('#')
        && !t.starts_with('|')
}

fn drop_lines(
    lines: &mut Vec<Line<'_>>,
    range: std::ops::Range<usize>,
    why: &str,
    report: &mut Vec<Diagnostic>,
) {
    let first = lines[range.start].number;
    let count = range.len();
    report.push(
        Diagnostic::info(format!(
            "left out {count} line{} at line {first}: {why}",
            if count == 1 { "" } else { "s" }
        ))
        .at_line(first),
    );
    lines.drain(range);
}

/// A contents heading and the list under it; also a list most of whose items are headings
/// that follow.
fn drop_contents(lines: &mut Vec<Line<'_>>, report: &mut Vec<Diagnostic>) {
    let headings: Vec<String> = lines
        .iter()
        .filter_map(|l| l.heading.as_ref().map(|h| lower(&h.1)))
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let is_contents_heading = lines[i]
            .heading
            .as_ref()
            .is_some_and(|(_, h)| CONTENTS.contains(&lower(h).trim_end_matches(':')))
            || (lines[i].heading.is_none()
                && !lines[i].fenced
                && CONTENTS.contains(&lower(lines[i].text).trim_end_matches(':')));
        // The list that follows (blank lines allowed before it).
        let start = if is_contents_heading { i + 1 } else { i };
        let mut j = start;
        while j < lines.len() && lines[j].text.trim().is_empty() && is_contents_heading {
            j += 1;
        }
        let list_start = j;
        while j < lines.len() && !lines[j].fenced && item_text(lines[j].text).is_some() {
            j += 1;
        }
        let items: Vec<String> = lines[list_start..j]
            .iter()
            .filter_map(|l| item_text(l.text))
            .map(|t| lower(&link_text(t)))
            .collect();
        let later = items.iter().filter(|t| headings.contains(t)).count();
        let is_toc_list = items.len() >= 3 && later * 5 >= items.len() * 3;
        if (is_contents_heading && !items.is_empty()) || is_toc_list {
            let from = if is_contents_heading { i } else { list_start };
            drop_lines(lines, from..j, "a table of contents", report);
            continue;
        }
        i += 1;
    }
}

/// The text of a `[text](url)` link, or the text itself.
fn link_text(text: &str) -> String {
    text.strip_prefix('[')
        .and_then(|r| r.split_once("]("))
        .map_or_else(|| text.to_owned(), |(t, _)| t.to_owned())
}

/// Two or more link lines in a row, or three or more short headline lines in a row.
fn drop_link_runs(lines: &mut Vec<Line<'_>>, report: &mut Vec<Diagnostic>) {
    let mut i = 0;
    while i < lines.len() {
        let run = |test: &dyn Fn(&str) -> bool| {
            lines[i..]
                .iter()
                .take_while(|l| !l.fenced && l.heading.is_none() && test(l.text))
                .count()
        };
        let links = run(&is_link_line);
        if links >= 2 {
            drop_lines(lines, i..i + links, "a list of links", report);
            continue;
        }
        let titles = run(&|t| is_title_line(t) || is_link_line(t));
        if titles >= 3 {
            drop_lines(lines, i..i + titles, "a run of link titles", report);
            continue;
        }
        i += 1;
    }
}

/// Lines that ask the reader to share, subscribe or read something else.
fn drop_prompts(lines: &mut Vec<Line<'_>>, report: &mut Vec<Diagnostic>) {
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if !line.fenced && line.heading.is_none() && is_prompt(line.text) {
            drop_lines(lines, i..i + 1, "a share or subscribe prompt", report);
            continue;
        }
        i += 1;
    }
}

/// A short line that begins as a prompt does ("Share this", "Subscribe…"), or a prompt with a
/// colon and a headline after it ("Read next: …").
fn is_prompt(line: &str) -> bool {
    let t = lower(item_text(line).unwrap_or(line));
    let words = t.split_whitespace().count();
    PROMPTS.iter().any(|p| {
        let Some(rest) = t.strip_prefix(p) else {
            return false;
        };
        match rest.chars().next() {
            None => true,
            Some(':') => words <= 20,
            Some(c) => !c.is_alphanumeric() && words <= 8,
        }
    })
}

/// A heading or line that repeats the title, or a heading that repeats the one before it.
fn drop_repeats(lines: &mut Vec<Line<'_>>, title: Option<&str>, report: &mut Vec<Diagnostic>) {
    let title = title.map(lower);
    let mut previous_heading: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let text = line
            .heading
            .as_ref()
            .map_or_else(|| lower(line.text), |(_, h)| lower(h));
        let repeats_title = title.as_deref() == Some(text.as_str()) && !line.fenced;
        let repeats_heading = line.heading.is_some() && previous_heading.as_deref() == Some(&text);
        if repeats_title || repeats_heading {
            drop_lines(lines, i..i + 1, "a repeated headline", report);
            continue;
        }
        if line.heading.is_some() {
            previous_heading = Some(text);
        } else if !line.text.trim().is_empty() {
            previous_heading = None;
        }
        i += 1;
    }
}

/// Trims blank lines at both ends and squeezes runs of blank lines to one.
fn tidy(body: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in body.lines() {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() && blank > 0 {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// The block whose cues best fit the heading (three times) and the start of the text.
fn closest_block<'l>(heading: &str, body: &str, library: &'l Library) -> Option<&'l super::Block> {
    let heading = format!(" {} ", lower(heading));
    let start: String = body.chars().take(600).collect::<String>().to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for (id, cues) in CUES {
        let mut score = 0;
        for cue in cues {
            if heading.contains(cue) {
                score += 3;
            }
            if start.contains(cue) {
                score += 1;
            }
        }
        if score >= 3 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, id));
        }
    }
    best.and_then(|(_, id)| library.block(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_lines_and_title_lines() {
        assert!(is_link_line("- [Iran news](https://example.org/iran)"));
        assert!(is_link_line("https://example.org/a"));
        assert!(!is_link_line(
            "See [the report](https://example.org/r) for details."
        ));
        assert!(is_title_line("Iran denies hacking claims"));
        assert!(!is_title_line("Iran denied the claims."));
        assert!(!is_title_line("- Iran denies"));
    }

    #[test]
    fn plain_text_headings_stand_alone_between_blank_lines() {
        let lines = [
            "Title here",
            "",
            "Background",
            "",
            "Text that runs on.",
            "Not heading",
            "more.",
        ];
        assert_eq!(plain_heading(&lines, 0), Some((1, "Title here".into())));
        assert_eq!(plain_heading(&lines, 2), Some((2, "Background".into())));
        assert_eq!(plain_heading(&lines, 5), None);
    }
}
