//! A Word document as an article: its paragraphs read from `word/document.xml` (quick-xml,
//! the reader hayagriva already builds), their styles named through `word/styles.xml` (so a
//! German "Überschrift 1" is still heading 1), list kinds from `word/numbering.xml`, notes
//! from `word/footnotes.xml` and link targets from the relationships. The result is the
//! Markdown the rest of import reads: the Title as the title, each Heading 1 a section,
//! deeper headings inside it, lists, quotes, tables as pipe tables (a caption above one as
//! its `Table:` line), footnotes as notes of their section. Pictures cannot come along
//! (they live inside the package) and are reported by their alt text.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diagnostic::Diagnostic;

/// A Word document read as an article.
#[derive(Clone, Debug, Default)]
pub struct Article {
    /// The document as Markdown.
    pub markdown: String,
    /// The Subtitle paragraph's text, if any.
    pub subtitle: String,
    /// The title block's facts ("Date", "20 September 2022"), as this export writes them.
    pub facts: Vec<(String, String)>,
    /// The title block's distribution statement.
    pub distribution: String,
    /// What could not come along.
    pub report: Vec<Diagnostic>,
}

/// The largest part read from the package (a document.xml of 200 MB is not a briefing).
const MAX_PART: u64 = 64 * 1024 * 1024;

/// Whether bytes are a zip package (DOCX is one).
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a DOCX package. The error is one sentence saying what is wrong.
pub fn read(bytes: &[u8]) -> Result<Article, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("this is not a Word document that can be read ({e})"))?;
    let mut part = |name: &str| -> Result<Option<String>, String> {
        let Ok(file) = archive.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        file.take(MAX_PART + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("its part {name} cannot be read ({e})"))?;
        if text.len() as u64 > MAX_PART {
            return Err(format!(
                "its part {name} is over {} MB, which no briefing is",
                MAX_PART / 1024 / 1024
            ));
        }
        Ok(Some(text))
    };
    let document = part("word/document.xml")?
        .ok_or("this is a zip file but not a Word document: it has no word/document.xml")?;
    let styles = part("word/styles.xml")?
        .map(|s| style_names(&s))
        .unwrap_or_default();
    let numbering = part("word/numbering.xml")?
        .map(|s| numbered_lists(&s))
        .unwrap_or_default();
    let links = part("word/_rels/document.xml.rels")?
        .map(|s| link_targets(&s))
        .unwrap_or_default();
    let context = Context {
        styles,
        numbering,
        links,
    };
    let mut notes = BTreeMap::new();
    if let Some(footnotes) = part("word/footnotes.xml")? {
        for (id, paragraphs) in footnote_bodies(&footnotes, &context) {
            let text: Vec<String> = paragraphs.into_iter().map(|p| p.text).collect();
            notes.insert(id, text.join(" ").trim().to_owned());
        }
    }
    let mut reader = Walker::new(&document, &context);
    let blocks = reader.blocks("body");
    Ok(write(blocks, &notes, reader.report))
}

struct Context {
    /// Style id → lower-case style name.
    styles: HashMap<String, String>,
    /// (numId, level) → numbered (else bullets).
    numbering: HashMap<(String, u32), bool>,
    /// Relationship id → external target.
    links: HashMap<String, String>,
}

/// A paragraph as read: its style's name, its list level if it is a list item, its text.
#[derive(Clone, Debug, Default)]
struct Para {
    style: String,
    list: Option<(u32, bool)>,
    text: String,
    notes: Vec<String>,
}

#[derive(Clone, Debug)]
enum Piece {
    Para(Para),
    /// Rows of cells, and the notes the cells cite.
    Table(Vec<Vec<String>>, Vec<String>),
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Style ids and their names, lower case.
fn style_names(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:style" => {
                current = attr(&e, "w:styleId");
            }
            Event::Empty(e) if e.name().as_ref() == b"w:name" => {
                if let (Some(id), Some(name)) = (current.clone(), attr(&e, "w:val")) {
                    out.insert(id, name.to_lowercase());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Which (list, level) pairs are numbered rather than bulleted.
fn numbered_lists(xml: &str) -> HashMap<(String, u32), bool> {
    let mut formats: HashMap<String, HashMap<u32, bool>> = HashMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let mut reader = Reader::from_str(xml);
    let (mut abstract_id, mut level, mut num) = (None, 0u32, None);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"w:abstractNum" => abstract_id = attr(&e, "w:abstractNumId"),
                b"w:lvl" => level = attr(&e, "w:ilvl").and_then(|l| l.parse().ok()).unwrap_or(0),
                b"w:num" => num = attr(&e, "w:numId"),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:numFmt" => {
                    if let (Some(id), Some(format)) = (abstract_id.clone(), attr(&e, "w:val")) {
                        formats
                            .entry(id)
                            .or_default()
                            .insert(level, format != "bullet" && format != "none");
                    }
                }
                b"w:abstractNumId" => {
                    if let (Some(n), Some(a)) = (num.clone(), attr(&e, "w:val")) {
                        nums.push((n, a));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for (num, abstract_id) in nums {
        for (level, numbered) in formats.get(&abstract_id).into_iter().flatten() {
            out.insert((num.clone(), *level), *numbered);
        }
    }
    out
}

/// External link targets by relationship id.
fn link_targets(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Empty(e) | Event::Start(e) if e.name().as_ref() == b"Relationship" => {
                if attr(&e, "TargetMode").as_deref() == Some("External")
                    && let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target"))
                {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn footnote_bodies(xml: &str, context: &Context) -> Vec<(String, Vec<Para>)> {
    let mut out = Vec::new();
    let mut walker = Walker::new(xml, context);
    while let Ok(event) = walker.reader.read_event() {
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:footnote" => {
                let id = attr(&e, "w:id").unwrap_or_default();
                let separator = attr(&e, "w:type").is_some_and(|t| t != "normal");
                let blocks = walker.blocks("footnote");
                if !separator {
                    let paragraphs = blocks
                        .into_iter()
                        .filter_map(|b| match b {
                            Piece::Para(p) => Some(p),
                            Piece::Table(..) => None,
                        })
                        .collect();
                    out.push((id, paragraphs));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Markdown-escapes text from a run.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

struct Walker<'x, 'c> {
    reader: Reader<&'x [u8]>,
    context: &'c Context,
    report: Vec<Diagnostic>,
}

impl<'x, 'c> Walker<'x, 'c> {
    fn new(xml: &'x str, context: &'c Context) -> Self {
        Self {
            reader: Reader::from_str(xml),
            context,
            report: Vec::new(),
        }
    }

    /// The paragraphs and tables until the end of the element `until` (local name).
    fn blocks(&mut self, until: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        loop {
            match self.reader.read_event() {
                Ok(Event::Start(e)) => match e.name().as_ref() {
                    b"w:p" => out.push(Piece::Para(self.paragraph())),
                    b"w:tbl" => {
                        let (rows, notes) = self.table();
                        out.push(Piece::Table(rows, notes));
                    }
                    _ => {}
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == until.as_bytes() => break,
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        out
    }

    fn table(&mut self) -> (Vec<Vec<String>>, Vec<String>) {
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        let mut row: Vec<String> = Vec::new();
        let mut cell: Vec<String> = Vec::new();
        let mut depth = 0;
        loop {
            match self.reader.read_event() {
                Ok(Event::Start(e)) => match e.name().as_ref() {
                    b"w:tbl" => depth += 1,
                    b"w:tr" if depth == 0 => row.clear(),
                    b"w:tc" if depth == 0 => cell.clear(),
                    b"w:p" => {
                        let para = self.paragraph();
                        notes.extend(para.notes);
                        cell.push(para.text);
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.name().as_ref() {
                    b"w:tbl" if depth == 0 => break,
                    b"w:tbl" => depth -= 1,
                    b"w:tc" if depth == 0 => row.push(cell.join(" ").replace('\n', " ")),
                    b"w:tr" if depth == 0 => rows.push(std::mem::take(&mut row)),
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        (rows, notes)
    }

    /// One paragraph, from just after its `<w:p>` to its end.
    fn paragraph(&mut self) -> Para {
        let mut para = Para::default();
        let (mut bold, mut italic, mut strike) = (false, false, false);
        let mut in_run_props = false;
        let mut run = String::new();
        let mut link: Option<(String, String)> = None;
        let mut list_level = None;
        let mut list_id = None;
        let flush = |run: &mut String, bold: bool, italic: bool, strike: bool, out: &mut String| {
            if run.trim().is_empty() {
                out.push_str(run);
            } else {
                let lead = if run.starts_with(' ') { " " } else { "" };
                let tail = if run.ends_with(' ') { " " } else { "" };
                let mark = match (bold, italic) {
                    (true, true) => "***",
                    (true, false) => "**",
                    (false, true) => "*",
                    _ => "",
                };
                let strike_mark = if strike { "~~" } else { "" };
                out.push_str(&format!(
                    "{lead}{strike_mark}{mark}{}{mark}{strike_mark}{tail}",
                    run.trim()
                ));
            }
            run.clear();
        };
        while let Ok(event) = self.reader.read_event() {
            let opens = matches!(event, Event::Start(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.name();
                    match name.as_ref() {
                        b"w:pStyle" => {
                            let id = attr(&e, "w:val").unwrap_or_default();
                            para.style = self
                                .context
                                .styles
                                .get(&id)
                                .cloned()
                                .unwrap_or_else(|| id.to_lowercase());
                        }
                        b"w:ilvl" => list_level = attr(&e, "w:val").and_then(|v| v.parse().ok()),
                        b"w:numId" => list_id = attr(&e, "w:val"),
                        b"w:rPr" => in_run_props = opens,
                        b"w:b" if in_run_props => {
                            bold = !matches!(attr(&e, "w:val").as_deref(), Some("0" | "false"))
                        }
                        b"w:i" if in_run_props => {
                            italic = !matches!(attr(&e, "w:val").as_deref(), Some("0" | "false"))
                        }
                        b"w:strike" if in_run_props => {
                            strike = !matches!(attr(&e, "w:val").as_deref(), Some("0" | "false"))
                        }
                        b"w:r" => {
                            bold = false;
                            italic = false;
                            strike = false;
                        }
                        b"w:tab" => run.push(' '),
                        b"w:br" if attr(&e, "w:type").is_none() => run.push_str("\\\n"),
                        b"w:hyperlink" => {
                            let target = attr(&e, "r:id")
                                .and_then(|id| self.context.links.get(&id).cloned());
                            if let Some(target) = target {
                                link = Some((target, String::new()));
                            }
                        }
                        b"w:footnoteReference" => {
                            if let Some(id) = attr(&e, "w:id") {
                                run.push_str(&format!("[^{id}]"));
                                para.notes.push(id);
                            }
                        }
                        b"wp:docPr" => {
                            let alt = attr(&e, "descr")
                                .or_else(|| attr(&e, "name"))
                                .unwrap_or_default();
                            self.report.push(Diagnostic::info(format!(
                                "left out a picture inside the Word document: {alt}; save it beside the briefing and add it as ![{alt}](file.png)"
                            )));
                        }
                        _ => {}
                    }
                }
                Event::Text(t) => {
                    if let Ok(text) = t.decode() {
                        run.push_str(&escape(&text));
                    }
                }
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.decode().as_deref() {
                            Ok("amp") => Some('&'),
                            Ok("lt") => Some('<'),
                            Ok("gt") => Some('>'),
                            Ok("quot") => Some('"'),
                            Ok("apos") => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(c) = c {
                        run.push_str(&escape(&c.to_string()));
                    }
                }
                Event::End(e) => match e.name().as_ref() {
                    b"w:rPr" => in_run_props = false,
                    b"w:r" => {
                        let target = match &mut link {
                            Some((_, text)) => text,
                            None => &mut para.text,
                        };
                        flush(&mut run, bold, italic, strike, target);
                    }
                    b"w:hyperlink" => {
                        if let Some((target, text)) = link.take() {
                            if crate::model::is_web_url(&target) && !text.trim().is_empty() {
                                para.text
                                    .push_str(&format!("[{}](<{target}>)", text.trim()));
                            } else {
                                para.text.push_str(&text);
                            }
                        }
                    }
                    b"w:p" => break,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(id) = list_id.filter(|id| id != "0") {
            let level = list_level.unwrap_or(0);
            let numbered = self
                .context
                .numbering
                .get(&(id, level))
                .copied()
                .unwrap_or(para.style.contains("number"));
            para.list = Some((level, numbered));
        } else if para.style.starts_with("list bullet") || para.style.starts_with("list number") {
            para.list = Some((0, para.style.starts_with("list number")));
        }
        para.text = para.text.trim().to_owned();
        para
    }
}

/// The pieces as Markdown, each section's notes after it.
fn write(pieces: Vec<Piece>, notes: &BTreeMap<String, String>, report: Vec<Diagnostic>) -> Article {
    let mut article = Article {
        report,
        ..Article::default()
    };
    let mut out = String::new();
    let mut pending: Vec<String> = Vec::new();
    let mut titled = false;
    let mut caption: Option<String> = None;
    let flush_notes = |out: &mut String, pending: &mut Vec<String>| {
        // A definition right under a list item would read as that item's lazy continuation
        // to a reader stricter than ours (Pandoc): it always starts after a blank line.
        if !pending.is_empty() && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        for id in pending.drain(..) {
            if let Some(text) = notes.get(&id) {
                out.push_str(&format!("[^{id}]: {text}\n\n"));
            }
        }
    };
    let mut in_list = false;
    for piece in pieces {
        match piece {
            Piece::Para(para) => {
                pending.extend(para.notes.iter().cloned());
                let style = para.style.as_str();
                if para.text.is_empty() {
                    continue;
                }
                if in_list && para.list.is_none() {
                    out.push('\n');
                    in_list = false;
                }
                let heading = style
                    .strip_prefix("heading ")
                    .and_then(|n| n.trim().parse::<usize>().ok());
                if style == "title" && !titled {
                    titled = true;
                    out.push_str(&format!("# {}\n\n", para.text));
                } else if style == "subtitle" && article.subtitle.is_empty() {
                    article.subtitle = para.text.replace('\\', "");
                } else if style == "briefing facts" {
                    let plain = para.text.replace("**", "").replace('\\', "");
                    if let Some((label, value)) = plain.split_once(':') {
                        article
                            .facts
                            .push((label.trim().to_owned(), value.trim().to_owned()));
                    }
                } else if style == "briefing distribution" {
                    article.distribution = para.text.trim_matches('*').replace('\\', "");
                } else if let Some(level) = heading {
                    if level == 1 {
                        flush_notes(&mut out, &mut pending);
                    }
                    out.push_str(&format!(
                        "{} {}\n\n",
                        "#".repeat((level + 1).min(6)),
                        para.text
                    ));
                } else if style == "caption" {
                    caption = Some(para.text);
                } else if let Some((level, numbered)) = para.list {
                    let marker = if numbered { "1." } else { "-" };
                    let indent = "    ".repeat(level as usize);
                    out.push_str(&format!("{indent}{marker} {}\n", para.text));
                    in_list = true;
                } else if style.contains("quot") || style == "block text" {
                    // Word's "Quote" and "Intense Quote", LibreOffice's "Quotations".
                    out.push_str(&format!("> {}\n\n", para.text));
                } else {
                    if let Some(caption) = caption.take() {
                        out.push_str(&format!("{caption}\n\n"));
                    }
                    out.push_str(&format!("{}\n\n", para.text));
                }
            }
            Piece::Table(rows, cited) => {
                pending.extend(cited);
                if in_list {
                    out.push('\n');
                    in_list = false;
                }
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                if width == 0 {
                    continue;
                }
                if let Some(caption) = caption.take() {
                    // "Table 2. The attack" as this export writes it: the number is the
                    // document's to give.
                    let text = caption
                        .strip_prefix("Table ")
                        .and_then(|rest| rest.split_once(". "))
                        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                        .map_or(caption.as_str(), |(_, text)| text);
                    out.push_str(&format!("Table: {text}\n\n"));
                }
                for (i, row) in rows.iter().enumerate() {
                    let mut cells: Vec<String> = row.iter().map(|c| c.replace("**", "")).collect();
                    cells.resize(width, String::new());
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    if i == 0 {
                        out.push_str(&format!("|{}\n", " --- |".repeat(width)));
                    }
                }
                out.push('\n');
            }
        }
    }
    if let Some(caption) = caption {
        out.push_str(&format!("{caption}\n\n"));
    }
    flush_notes(&mut out, &mut pending);
    article.markdown = out;
    article
}
