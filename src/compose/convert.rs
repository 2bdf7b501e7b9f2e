//! Markdown (comrak's AST) → document blocks, with everything private or unsafe removed on the
//! way: HTML and comments, links to anything but the web, mail or a section, images from
//! outside the document's folder.

use std::collections::{BTreeMap, HashSet};

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};

use crate::diagnostic::Diagnostic;
use crate::doc::{Align, Block, BlockKind, Caption, Inline, LinkTarget, ListItem};
use crate::model::is_web_url;

/// Nesting deeper than this is flattened to plain text, so hostile input cannot exhaust the
/// stack; no real briefing nests lists or quotes this deep.
const MAX_DEPTH: usize = 40;

/// The Markdown dialect of section bodies: CommonMark plus the GFM extensions.
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options
}

/// How body heading levels map to document levels.
#[derive(Clone, Copy, Debug)]
pub enum Headings {
    /// The shallowest heading in the body becomes level 2 (under the section title).
    BelowSection,
    /// Levels are kept as written and front matter is skipped (for a whole Markdown file).
    AsWritten,
}

/// What a body refers to that the caller resolves across the document.
pub struct Context<'a> {
    /// Variables for `{{name}}`.
    pub variables: &'a BTreeMap<String, String>,
    /// Section ids that `#id` links may point to; `None` accepts any (a stand-alone file).
    pub section_ids: Option<&'a HashSet<String>>,
    /// The next document-wide footnote number.
    pub next_footnote: u32,
    /// The next document-wide table number.
    pub next_table: u32,
    /// Diagnostics, each pointing at `section` and a body line.
    pub diagnostics: Vec<Diagnostic>,
    /// Citations in reading order.
    pub citations: Vec<Citation>,
    /// The section being converted (for diagnostics).
    pub section: String,
}

/// One `[@id; @id]` citation as written: its ids, where it is, and its note's number.
#[derive(Clone, Debug)]
pub struct Citation {
    /// The ledger ids.
    pub ids: Vec<String>,
    /// The section it is in.
    pub section: String,
    /// Its line in the section body.
    pub line: u32,
    /// The footnote number it was given.
    pub note: u32,
    /// Whether it is given at the head of the author's footnote `note` (notes style: the two
    /// marks stood at one point).
    pub joins_footnote: bool,
}

impl Context<'_> {
    fn report(&mut self, diagnostic: Diagnostic, line: u32) {
        let diagnostic = diagnostic.in_section(self.section.clone());
        self.diagnostics.push(if line > 0 {
            diagnostic.at_line(line)
        } else {
            diagnostic
        });
    }
}

/// Parses a body and converts it to blocks.
pub fn convert(markdown: &str, headings: Headings, context: &mut Context<'_>) -> Vec<Block> {
    let arena = Arena::new();
    let mut options = options();
    if matches!(headings, Headings::AsWritten) {
        options.extension.front_matter_delimiter = Some("---".into());
    }
    let root = parse_document(&arena, markdown, &options);
    let shift = match headings {
        Headings::AsWritten => 0,
        Headings::BelowSection => {
            let min = root
                .descendants()
                .filter_map(|n| match &n.data().value {
                    NodeValue::Heading(h) => Some(h.level),
                    _ => None,
                })
                .min();
            min.map_or(0, |m| 2 - i32::from(m))
        }
    };
    let mut converter = Converter {
        context,
        shift,
        footnotes: BTreeMap::new(),
        flattened: false,
    };
    converter.blocks(root, 0)
}

struct Converter<'c, 'a> {
    context: &'c mut Context<'a>,
    shift: i32,
    /// Footnote label → document-wide number.
    footnotes: BTreeMap<String, u32>,
    /// Whether content nested too deep has been flattened (and reported).
    flattened: bool,
}

fn line_of(node: &AstNode<'_>) -> u32 {
    u32::try_from(node.data().sourcepos.start.line).unwrap_or(u32::MAX)
}

impl Converter<'_, '_> {
    /// Reports, once per body, that content nested past [`MAX_DEPTH`] was set as plain text.
    fn flattened(&mut self, line: u32) {
        if !std::mem::replace(&mut self.flattened, true) {
            self.context.report(
                Diagnostic::warning(format!(
                    "content nested more than {MAX_DEPTH} levels deep is set as plain text"
                )),
                line,
            );
        }
    }

    fn blocks<'n>(&mut self, parent: &'n AstNode<'n>, depth: usize) -> Vec<Block> {
        let mut out = Vec::new();
        for child in parent.children() {
            let line = line_of(child);
            if depth >= MAX_DEPTH {
                self.flattened(line);
                out.push(Block {
                    line,
                    kind: BlockKind::Paragraph(vec![Inline::Text(flat_text(child))]),
                });
                continue;
            }
            if let Some(kind) = self.block(child, depth) {
                out.push(Block { line, kind });
            }
        }
        self.attach_captions(&mut out);
        out
    }

    /// A paragraph `Table: …` just after a table (or just before one that has none after it)
    /// becomes that table's numbered caption, as Pandoc reads it.
    fn attach_captions(&mut self, blocks: &mut Vec<Block>) {
        let mut i = 0;
        while i < blocks.len() {
            let Some(text) = caption_text(&blocks[i].kind) else {
                i += 1;
                continue;
            };
            let uncaptioned = |b: Option<&Block>| {
                matches!(
                    b,
                    Some(Block {
                        kind: BlockKind::Table { caption: None, .. },
                        ..
                    })
                )
            };
            let target = if i > 0 && uncaptioned(blocks.get(i - 1)) {
                Some(i - 1)
            } else if uncaptioned(blocks.get(i + 1)) {
                Some(i + 1)
            } else {
                None
            };
            let Some(target) = target else {
                i += 1;
                continue;
            };
            if let BlockKind::Table { caption, .. } = &mut blocks[target].kind {
                *caption = Some(Caption {
                    number: self.context.next_table,
                    text,
                });
                self.context.next_table += 1;
            }
            blocks.remove(i);
        }
    }

    fn block<'n>(&mut self, node: &'n AstNode<'n>, depth: usize) -> Option<BlockKind> {
        let line = line_of(node);
        let value = node.data().value.clone();
        Some(match value {
            NodeValue::Paragraph => {
                let content = self.inlines(node, depth);
                match content.as_slice() {
                    [] => return None,
                    [Inline::Text(t)] if t.trim() == "\\newpage" => BlockKind::PageBreak,
                    [Inline::Image { src, alt }] => {
                        let title = image_title(node);
                        // Screen readers say what a picture shows only if the alt text does;
                        // a decorative one is left out of the reading instead.
                        if alt.trim().is_empty() && !title.trim().eq_ignore_ascii_case("decorative")
                        {
                            self.context.report(
                                Diagnostic::error(format!(
                                    "the picture {src} has no alt text; describe it in the \
                                     brackets, ![what it shows]({src}), or mark it \
                                     ![]({src} \"decorative\") if it carries no information"
                                )),
                                line_of(node),
                            );
                        }
                        BlockKind::Figure {
                            src: src.clone(),
                            alt: alt.clone(),
                            title,
                        }
                    }
                    _ => BlockKind::Paragraph(content),
                }
            }
            NodeValue::Heading(h) => {
                let level = (i32::from(h.level) + self.shift).clamp(1, 6);
                BlockKind::Heading {
                    level: u8::try_from(level).unwrap_or(6),
                    content: self.inlines(node, depth),
                }
            }
            NodeValue::List(list) => {
                let start = match list.list_type {
                    ListType::Bullet => None,
                    ListType::Ordered => Some(u32::try_from(list.start).unwrap_or(1)),
                };
                let items = node
                    .children()
                    .map(|item| {
                        let task = match &item.data().value {
                            NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                            _ => None,
                        };
                        ListItem {
                            task,
                            blocks: self.blocks(item, depth + 1),
                        }
                    })
                    .collect();
                BlockKind::List {
                    start,
                    tight: list.tight,
                    items,
                }
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                BlockKind::Quote(self.blocks(node, depth + 1))
            }
            NodeValue::CodeBlock(code) => BlockKind::Code {
                info: code.info.clone(),
                text: code.literal.clone(),
            },
            NodeValue::HtmlBlock(html) => {
                if !is_comment(&html.literal) {
                    self.context.report(
                        Diagnostic::warning(
                            "raw HTML is left out of every export; write it as Markdown instead",
                        ),
                        line,
                    );
                }
                return None;
            }
            NodeValue::ThematicBreak => BlockKind::Rule,
            NodeValue::Table(table) => {
                let align = table
                    .alignments
                    .iter()
                    .map(|a| match a {
                        TableAlignment::None => Align::None,
                        TableAlignment::Left => Align::Left,
                        TableAlignment::Center => Align::Center,
                        TableAlignment::Right => Align::Right,
                    })
                    .collect();
                let mut header = Vec::new();
                let mut rows = Vec::new();
                for row in node.children() {
                    let is_header = matches!(row.data().value, NodeValue::TableRow(true));
                    let cells: Vec<Vec<Inline>> = row
                        .children()
                        .map(|cell| self.inlines(cell, depth))
                        .collect();
                    if is_header {
                        header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                BlockKind::Table {
                    align,
                    header,
                    rows,
                    caption: None,
                }
            }
            NodeValue::FootnoteDefinition(def) => {
                let number = *self.footnotes.get(&def.name)?;
                BlockKind::Footnote {
                    number,
                    blocks: self.blocks(node, depth + 1),
                    citation: false,
                }
            }
            NodeValue::FrontMatter(_) => return None,
            NodeValue::Document => BlockKind::Quote(self.blocks(node, depth + 1)),
            _ => {
                // Containers of extensions we do not enable; keep their content.
                let inner = self.blocks(node, depth + 1);
                if inner.is_empty() {
                    return None;
                }
                BlockKind::Quote(inner)
            }
        })
    }

    fn inlines<'n>(&mut self, parent: &'n AstNode<'n>, depth: usize) -> Vec<Inline> {
        // Text is gathered with its line first, then merged, so that `{{name}}` and `[@S1]`
        // are found even where the parser split the text at punctuation.
        let mut pieces: Vec<(Inline, u32)> = Vec::new();
        self.collect_inlines(parent, &mut pieces, depth);
        let mut merged: Vec<(Inline, u32)> = Vec::new();
        for (inline, line) in pieces {
            if let (Inline::Text(next), Some((Inline::Text(prev), _))) =
                (&inline, merged.last_mut())
            {
                prev.push_str(next);
                continue;
            }
            merged.push((inline, line));
        }
        let mut out = Vec::new();
        for (inline, line) in merged {
            match inline {
                Inline::Text(text) => self.expand_text(&text, line, &mut out),
                other => out.push(other),
            }
        }
        out
    }

    fn collect_inlines<'n>(
        &mut self,
        parent: &'n AstNode<'n>,
        out: &mut Vec<(Inline, u32)>,
        depth: usize,
    ) {
        // An element opened by inline HTML (`<span hidden>…</span>`) is left out whole, since
        // its markup may have hidden it from the author's view.
        let mut skipping: Option<(String, usize)> = None;
        for child in parent.children() {
            let line = line_of(child);
            let value = child.data().value.clone();
            if let NodeValue::HtmlInline(html) = &value {
                let closes_later = tag_name(html).is_some_and(|(name, closing, _)| {
                    !closing
                        && child.following_siblings().skip(1).any(|s| {
                            matches!(&s.data().value, NodeValue::HtmlInline(h)
                            if tag_name(h).is_some_and(|(n, c, _)| c && n == name))
                        })
                });
                self.inline_html(html, &mut skipping, closes_later, line);
                continue;
            }
            if skipping.is_some() {
                continue;
            }
            if depth >= MAX_DEPTH {
                self.flattened(line);
                out.push((Inline::Text(flat_text(child)), line));
                continue;
            }
            let inline = match value {
                NodeValue::Text(text) => Inline::Text(clean(&text)),
                NodeValue::SoftBreak => Inline::SoftBreak,
                NodeValue::LineBreak => Inline::LineBreak,
                NodeValue::Code(code) => {
                    let text = clean(&code.literal);
                    if text.is_empty() {
                        continue; // only control characters: nothing to show
                    }
                    Inline::Code(text)
                }
                NodeValue::Emph => Inline::Emph(self.inlines(child, depth + 1)),
                NodeValue::Strong => Inline::Strong(self.inlines(child, depth + 1)),
                NodeValue::Strikethrough => Inline::Strike(self.inlines(child, depth + 1)),
                NodeValue::Link(link) => {
                    let content = self.inlines(child, depth + 1);
                    match self.link_target(&link.url, line) {
                        Some(target) => Inline::Link { target, content },
                        None => {
                            out.extend(content.into_iter().map(|c| (c, line)));
                            continue;
                        }
                    }
                }
                NodeValue::Image(link) => {
                    let alt = flat_text(child);
                    match self.image_source(&link.url, line) {
                        Some(src) => Inline::Image { src, alt },
                        None => Inline::Text(alt),
                    }
                }
                NodeValue::FootnoteReference(reference) => {
                    let next = self.context.next_footnote;
                    let number = *self.footnotes.entry(reference.name.clone()).or_insert(next);
                    if number == next {
                        self.context.next_footnote += 1;
                    }
                    Inline::FootnoteRef(number)
                }
                _ => {
                    self.collect_inlines(child, out, depth + 1);
                    continue;
                }
            };
            out.push((inline, line));
        }
    }

    /// Handles one inline HTML tag: an element that opens and closes in this paragraph is
    /// left out with its content; a lone tag (`<not html>`) is left out by itself.
    fn inline_html(
        &mut self,
        html: &str,
        skipping: &mut Option<(String, usize)>,
        closes_later: bool,
        line: u32,
    ) {
        if is_comment(html) {
            return;
        }
        let Some((name, closing, self_closing)) = tag_name(html) else {
            return;
        };
        match skipping {
            Some((open, depth)) if *open == name => {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        *skipping = None;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            Some(_) => {}
            None if !closing && !self_closing && !is_void(&name) && closes_later => {
                self.context.report(
                    Diagnostic::warning(format!(
                        "inline HTML <{name}> and its content are left out of every export; write it as Markdown instead"
                    )),
                    line,
                );
                *skipping = Some((name, 1));
            }
            None => {
                self.context.report(
                    Diagnostic::warning(format!(
                        "inline HTML <{name}> is left out of every export"
                    )),
                    line,
                );
            }
        }
    }

    fn link_target(&mut self, url: &str, line: u32) -> Option<LinkTarget> {
        let url = url.trim();
        if let Some(id) = url.strip_prefix('#') {
            if !id.is_empty() && self.context.section_ids.is_none_or(|ids| ids.contains(id)) {
                return Some(LinkTarget::Internal(id.to_owned()));
            }
            self.context.report(
                Diagnostic::warning(format!(
                    "the link to '#{id}' points to no section; use the id of a section"
                )),
                line,
            );
            return None;
        }
        if is_web_url(url) {
            return Some(LinkTarget::External(url.to_owned()));
        }
        self.context.report(
            Diagnostic::warning(format!(
                "the link to '{}' was removed: only http, https, mailto and #section links are exported",
                shorten(url)
            )),
            line,
        );
        None
    }

    fn image_source(&mut self, url: &str, line: u32) -> Option<String> {
        let url = url.trim();
        let has_scheme = url
            .split_once(':')
            .is_some_and(|(scheme, _)| scheme.len() > 1 && !scheme.contains('/'));
        let problem = if url.is_empty() {
            Some("has no path")
        } else if has_scheme {
            Some("is not a file beside the document (images are never fetched from the web)")
        } else if url.starts_with('/') || url.starts_with('\\') {
            Some("is an absolute path; images must be in the document's folder")
        } else if url.split(['/', '\\']).any(|part| part == "..") {
            Some("leaves the document's folder")
        } else {
            None
        };
        match problem {
            Some(problem) => {
                self.context.report(
                    Diagnostic::warning(format!(
                        "the image '{}' {problem}; it is left out",
                        shorten(url)
                    )),
                    line,
                );
                None
            }
            None => Some(url.to_owned()),
        }
    }

    /// Splits citations out of text and fills variables in what remains.
    fn expand_text(&mut self, text: &str, line: u32, out: &mut Vec<Inline>) {
        let mut rest = text;
        while let Some(start) = rest.find("[@") {
            let Some(len) = rest[start..].find(']') else {
                break;
            };
            let inner = &rest[start + 2..start + len];
            let ids: Option<Vec<String>> = inner
                .split(';')
                .map(|part| {
                    let id = part.trim().strip_prefix('@').unwrap_or(part.trim());
                    let valid = !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    valid.then(|| id.to_owned())
                })
                .collect();
            let Some(ids) = ids else {
                // Not a citation; keep the bracket as text and look further on.
                self.fill_variables(&rest[..start + 2], line, out);
                rest = &rest[start + 2..];
                continue;
            };
            self.fill_variables(&rest[..start], line, out);
            // The note mark sits against the word it follows, as a footnote mark does.
            if let Some(Inline::Text(before)) = out.last_mut() {
                let kept = before.trim_end_matches([' ', '\t']).len();
                before.truncate(kept);
            }
            let note = self.context.next_footnote;
            self.context.next_footnote += 1;
            self.context.citations.push(Citation {
                ids: ids.clone(),
                section: self.context.section.clone(),
                line,
                note,
                joins_footnote: false,
            });
            out.push(Inline::Cite {
                ids,
                note,
                text: Vec::new(),
            });
            rest = &rest[start + len + 1..];
        }
        self.fill_variables(rest, line, out);
    }

    fn fill_variables(&mut self, text: &str, line: u32, out: &mut Vec<Inline>) {
        if text.is_empty() {
            return;
        }
        let filled = fill(text, self.context.variables, |name| {
            self.context.diagnostics.push(
                Diagnostic::warning(format!(
                    "the variable {{{{{name}}}}} has no value; set it under Variables in the settings"
                ))
                .in_section(self.context.section.clone())
                .at_line(line),
            );
        });
        match out.last_mut() {
            Some(Inline::Text(prev)) => prev.push_str(&filled),
            _ => out.push(Inline::Text(filled)),
        }
    }
}

/// Replaces `{{name}}` with the variable's value; an unknown name stays as written and is
/// reported through `unknown`. Values are inserted as plain text, never parsed.
pub fn fill(
    text: &str,
    variables: &BTreeMap<String, String>,
    mut unknown: impl FnMut(&str),
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = rest[start + 2..start + 2 + len].trim();
        out.push_str(&rest[..start]);
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        match variables.get(name) {
            Some(value) if valid && !value.trim().is_empty() => out.push_str(&clean(value)),
            _ => {
                if valid {
                    unknown(name);
                }
                out.push_str(&rest[start..start + 2 + len + 2]);
            }
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Text without control characters (a tab becomes a space).
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// All the text under a node, without markup (HTML left out).
fn flat_text<'n>(node: &'n AstNode<'n>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => out.push_str(&clean(t)),
            NodeValue::Code(c) => out.push_str(&clean(&c.literal)),
            NodeValue::CodeBlock(c) => out.push_str(&clean(&c.literal)),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

fn image_title<'n>(paragraph: &'n AstNode<'n>) -> String {
    paragraph
        .descendants()
        .find_map(|n| match &n.data().value {
            NodeValue::Image(link) => Some(clean(&link.title)),
            _ => None,
        })
        .unwrap_or_default()
}

fn is_comment(html: &str) -> bool {
    html.trim_start().starts_with("<!--")
}

/// `(name, is_closing, is_self_closing)` of an HTML tag.
fn tag_name(html: &str) -> Option<(String, bool, bool)> {
    let inner = html.trim().strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    Some((name, closing, html.trim_end().ends_with("/>")))
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img"
            | "hr"
            | "input"
            | "meta"
            | "link"
            | "wbr"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "source"
            | "track"
    )
}

fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// The caption in a paragraph that begins `Table:` (the prefix and the space after it gone).
fn caption_text(kind: &BlockKind) -> Option<Vec<Inline>> {
    let BlockKind::Paragraph(content) = kind else {
        return None;
    };
    let Some(Inline::Text(first)) = content.first() else {
        return None;
    };
    let rest = first.strip_prefix("Table:")?;
    let mut text = content.clone();
    text[0] = Inline::Text(rest.trim_start().to_string());
    if text[0] == Inline::Text(String::new()) {
        text.remove(0);
    }
    (!text.is_empty()).then_some(text)
}
