//! A saved web page as an article: html5ever (through `scraper`) parses it as a browser
//! does, the article is found (`<article>`, else `<main>`, else the body), and its headings,
//! paragraphs, lists, tables, quotes, code, links and pictures are written as the Markdown
//! the rest of import reads. Page furniture is left out and reported: navigation, headers
//! and footers outside the article, asides, forms, and anything whose class or id names a
//! cookie banner, share widget, newsletter box, related links, comments or an advert. The
//! page's title, date, site and address become the briefing's title and date and its first
//! source.

use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use crate::diagnostic::Diagnostic;
use crate::model::Source;

/// A page read as an article.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// The article as Markdown, its title as a level-one heading.
    pub markdown: String,
    /// The page's title (its first heading, else its `og:title`, else `<title>`).
    pub title: String,
    /// When it was published, `YYYY-MM-DD`, when the page says.
    pub date: String,
    /// The page as a ledger entry (its title, and its site, author, date and address where
    /// the page gives them).
    pub source: Option<Source>,
    /// What was left out, and why.
    pub report: Vec<Diagnostic>,
}

/// Elements never part of an article's text.
const NEVER: [&str; 14] = [
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
    "input", "select", "textarea", "object", "embed",
];

/// Class or id words that mark page furniture, and what to call it in the report.
const FURNITURE: [(&str, &str); 24] = [
    ("cookie", "a cookie banner"),
    ("cookies", "a cookie banner"),
    ("consent", "a cookie banner"),
    ("gdpr", "a cookie banner"),
    ("share", "a share widget"),
    ("sharing", "a share widget"),
    ("social", "a share widget"),
    ("newsletter", "a newsletter box"),
    ("subscribe", "a newsletter box"),
    ("signup", "a newsletter box"),
    ("related", "related links"),
    ("recommended", "related links"),
    ("more-stories", "related links"),
    ("comments", "the comments"),
    ("comment", "the comments"),
    ("advert", "an advert"),
    ("ad", "an advert"),
    ("ads", "an advert"),
    ("sponsored", "an advert"),
    ("promo", "an advert"),
    ("breadcrumb", "the breadcrumbs"),
    ("breadcrumbs", "the breadcrumbs"),
    ("sidebar", "a sidebar"),
    ("byline", "the byline"),
];

/// Deeper than this, an element's text is kept but its structure is not followed (a page
/// nested absurdly deep must not exhaust the stack).
const MAX_DEPTH: usize = 64;

/// Whether text looks like HTML rather than Markdown or plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<') && (head.contains("<head") || head.contains("<body")))
}

/// Elements nested deeper than this make a page absurd on its face: browsers stop nesting at
/// 512 (Blink's parser cap), and the HTML parser's cost grows with the square of the depth.
pub const MAX_NESTING: usize = 512;

/// Elements whose end tag may not be left out, counted to measure how deep a page nests
/// before it is parsed.
const MUST_CLOSE: [&str; 22] = [
    "div",
    "span",
    "section",
    "article",
    "main",
    "aside",
    "nav",
    "header",
    "footer",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "table",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "form",
    "font",
];

/// The byte offset at which the page's elements nest deeper than [`MAX_NESTING`], by a
/// linear scan of its tags (comments, scripts and styles skipped).
fn too_deep(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            at = rest
                .find("-->")
                .map_or(html.len(), |end| start + 1 + end + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(12)
            .collect::<String>()
            .to_ascii_lowercase();
        let end = rest.find('>').map_or(html.len(), |e| start + 1 + e + 1);
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let from = end.min(html.len());
            at = bytes[from..]
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                .map_or(html.len(), |e| from + e);
            continue;
        }
        if MUST_CLOSE.contains(&name.as_str()) {
            let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
            if closing {
                depth = depth.saturating_sub(1);
            } else if !self_closing {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(start);
                }
            }
        }
        at = end.max(start + 1);
    }
    None
}

/// Reads a page saved at `folder` (pictures are kept only when saved beside it). A page
/// whose elements nest deeper than [`MAX_NESTING`] is refused, with where.
pub fn read(html: &str, folder: Option<&Path>) -> Result<Page, String> {
    if let Some(at) = too_deep(html) {
        let line = html[..at].matches('\n').count() + 1;
        return Err(format!(
            "the page nests its elements more than {MAX_NESTING} deep (at line {line}); no \
             browser shows a page that deep, so it is damaged or was not saved from a browser"
        ));
    }
    let document = Html::parse_document(html);
    let mut page = Page {
        date: page_date(&document),
        ..Page::default()
    };
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .find_map(|s| first(&document, s))
        .unwrap_or_else(|| document.root_element());

    // What lies outside the article is furniture by definition; say what went.
    if let Some(body) = first(&document, "body").filter(|body| body.id() != root.id()) {
        for child in body.children().filter_map(ElementRef::wrap) {
            if !child.descendants().any(|d| d.id() == root.id()) {
                let what = match child.value().name() {
                    "nav" => "the navigation",
                    "header" => "the page header",
                    "footer" => "the page footer",
                    "aside" => "a sidebar",
                    _ => furniture(&child).unwrap_or("page furniture outside the article"),
                };
                left_out(&mut page.report, what, &child);
            }
        }
    }

    let mut writer = Writer {
        folder,
        out: String::new(),
        report: Vec::new(),
    };
    writer.blocks(root, 0, 0);
    let mut markdown = writer.out;
    page.report.append(&mut writer.report);

    let heading = first(&document, "h1").map(|h| squeeze(&h.text().collect::<String>()));
    page.title = heading
        .filter(|h| !h.is_empty())
        .or_else(|| meta(&document, "meta[property='og:title']"))
        .or_else(|| first(&document, "title").map(|t| squeeze(&t.text().collect::<String>())))
        .unwrap_or_default();
    // The title leads the Markdown as its level-one heading, once.
    if !page.title.is_empty() && !markdown.trim_start().starts_with("# ") {
        markdown = format!("# {}\n\n{markdown}", escape(&page.title));
    }
    page.markdown = markdown;

    let url = meta(&document, "link[rel=canonical]")
        .or_else(|| meta(&document, "meta[property='og:url']"))
        .or_else(|| saved_from(html))
        .filter(|u| crate::model::is_web_url(u))
        .unwrap_or_default();
    let site = meta(&document, "meta[property='og:site_name']")
        .or_else(|| {
            let title = first(&document, "title")?.text().collect::<String>();
            site_of(&squeeze(&title), &page.title)
        })
        .unwrap_or_default();
    if !page.title.is_empty() {
        page.source = Some(Source {
            id: "S1".into(),
            title: page.title.clone(),
            author: meta(&document, "meta[name=author]").unwrap_or_default(),
            publisher: site,
            date: page.date.clone(),
            url,
            ..Source::default()
        });
    }
    Ok(page)
}

/// The address a browser notes when it saves a page: `<!-- saved from url=(0042)https://… -->`.
fn saved_from(html: &str) -> Option<String> {
    let head = &html[..html.len().min(4096)];
    let rest = &head[head.find("saved from url=(")? + "saved from url=(".len()..];
    let (length, rest) = rest.split_once(')')?;
    // The number in brackets is the address's length; where it is wrong, the address ends
    // at the first space or at the comment's end.
    let end = length
        .parse::<usize>()
        .ok()
        .filter(|&n| n <= rest.len() && rest.is_char_boundary(n))
        .filter(|&n| !rest[..n].contains(char::is_whitespace))
        .or_else(|| rest.find(|c: char| c.is_whitespace()))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches("-->").to_owned())
}

/// The site's name from a `<title>` that adds it to the headline ("Headline | Site",
/// "Headline - Site", "Headline — Site"), when the headline is the page's title.
fn site_of(title: &str, headline: &str) -> Option<String> {
    [" | ", " — ", " – ", " - ", " · "].iter().find_map(|sep| {
        let (head, site) = title.rsplit_once(sep)?;
        let site = site.trim();
        (head.trim() == headline && !site.is_empty() && site.chars().count() <= 80)
            .then(|| site.to_owned())
    })
}

fn first<'a>(document: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).next()
}

/// A `<meta content>` or `<link href>` value, trimmed.
fn meta(document: &Html, selector: &str) -> Option<String> {
    let element = first(document, selector)?;
    let value = element
        .value()
        .attr("content")
        .or_else(|| element.value().attr("href"))?;
    let value = squeeze(value);
    (!value.is_empty()).then_some(value)
}

/// The publication date the page gives, as `YYYY-MM-DD`.
fn page_date(document: &Html) -> String {
    let candidates = [
        meta(document, "meta[property='article:published_time']"),
        meta(document, "meta[name=date]"),
        meta(document, "meta[itemprop=datePublished]"),
        first(document, "time[datetime]")
            .and_then(|t| t.value().attr("datetime").map(str::to_owned)),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(|d| d.get(..10).map(str::to_owned))
        .find(|d| crate::model::is_partial_date(d))
        .unwrap_or_default()
}

/// What an element is, when its class or id names page furniture.
fn furniture(element: &ElementRef<'_>) -> Option<&'static str> {
    let value = element.value();
    let names = [value.attr("class"), value.attr("id"), value.attr("role")];
    for name in names.into_iter().flatten() {
        for word in name
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .map(str::to_lowercase)
        {
            if let Some((_, what)) = FURNITURE.iter().find(|(w, _)| *w == word) {
                return Some(what);
            }
        }
        if name == "complementary" || name == "navigation" {
            return Some("the navigation");
        }
    }
    None
}

fn left_out(report: &mut Vec<Diagnostic>, what: &str, element: &ElementRef<'_>) {
    let text = squeeze(&element.text().collect::<Vec<_>>().join(" "));
    if text.is_empty() {
        return;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let start = words[..words.len().min(8)].join(" ");
    let more = if words.len() > 8 { "…" } else { "" };
    report.push(Diagnostic::info(format!(
        "left out {what}: “{start}{more}”"
    )));
}

/// Runs of white space as one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text as Markdown that reads back as the same text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

struct Writer<'f> {
    folder: Option<&'f Path>,
    out: String,
    report: Vec<Diagnostic>,
}

impl Writer<'_> {
    /// Writes the block-level content of `element`, each line prefixed by `indent` spaces.
    fn blocks(&mut self, element: ElementRef<'_>, indent: usize, depth: usize) {
        let mut inline = String::new();
        for child in element.children() {
            match child.value() {
                Node::Text(text) => inline.push_str(&escape(&text.replace('\n', " "))),
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if self.block(child, indent, depth, &mut inline) {
                        continue;
                    }
                    self.inline(child, depth, &mut inline);
                }
                _ => {}
            }
        }
        self.paragraph(&inline, indent);
    }

    /// Writes `element` when it is a block (flushing the text gathered before it); false
    /// when it is inline content.
    fn block(
        &mut self,
        element: ElementRef<'_>,
        indent: usize,
        depth: usize,
        inline: &mut String,
    ) -> bool {
        let name = element.value().name();
        // A header is the page's (a site name, a menu) unless it holds the article's title.
        let page_header = name == "header"
            && Selector::parse("h1")
                .ok()
                .is_none_or(|h1| element.select(&h1).next().is_none());
        let skip =
            NEVER.contains(&name) || matches!(name, "nav" | "aside" | "footer") || page_header;
        if skip || furniture(&element).is_some() {
            let what = furniture(&element).unwrap_or(match name {
                "nav" => "the navigation",
                "aside" => "a sidebar",
                "footer" => "a footer",
                "header" => "the page header",
                _ => "",
            });
            if !what.is_empty() {
                left_out(&mut self.report, what, &element);
            }
            return true;
        }
        let is_block = matches!(
            name,
            "p" | "div"
                | "section"
                | "header"
                | "article"
                | "main"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "ul"
                | "ol"
                | "blockquote"
                | "pre"
                | "table"
                | "figure"
                | "hr"
                | "dl"
        );
        if !is_block {
            return false;
        }
        let pending = std::mem::take(inline);
        self.paragraph(&pending, indent);
        let pad = " ".repeat(indent);
        if depth >= MAX_DEPTH {
            let text = escape(&squeeze(&element.text().collect::<String>()));
            self.paragraph(&text, indent);
            return true;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(name.as_bytes()[1] - b'0');
                let text = self.inline_of(element, depth);
                if !text.is_empty() {
                    self.out
                        .push_str(&format!("{pad}{} {text}\n\n", "#".repeat(level)));
                }
            }
            "ul" | "ol" => self.list(element, name == "ol", indent, depth),
            "blockquote" => {
                let mut inner = Writer {
                    folder: self.folder,
                    out: String::new(),
                    report: Vec::new(),
                };
                inner.blocks(element, 0, depth + 1);
                self.report.append(&mut inner.report);
                for line in inner.out.trim_end().lines() {
                    self.out.push_str(format!("{pad}> {line}").trim_end());
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
            "pre" => {
                let code: String = element.text().collect();
                let fence = if code.contains("```") { "~~~~" } else { "```" };
                self.out.push_str(&format!("{pad}{fence}\n"));
                for line in code.trim_end_matches('\n').lines() {
                    self.out.push_str(&format!("{pad}{line}\n"));
                }
                self.out.push_str(&format!("{pad}{fence}\n\n"));
            }
            "table" => self.table(element, indent, depth),
            "figure" => self.figure(element, indent, depth),
            "hr" => {}
            _ => self.blocks(element, indent, depth + 1),
        }
        true
    }

    fn paragraph(&mut self, text: &str, indent: usize) {
        let text = squeeze_keep_breaks(text);
        if text.is_empty() {
            return;
        }
        let pad = " ".repeat(indent);
        self.out.push_str(&pad);
        self.out.push_str(&text);
        self.out.push_str("\n\n");
    }

    /// The inline content of an element as Markdown on one line.
    fn inline_of(&mut self, element: ElementRef<'_>, depth: usize) -> String {
        squeeze_keep_breaks(&self.inline_raw(element, depth))
    }

    /// The inline content of an element as Markdown, its white space as the page has it.
    fn inline_raw(&mut self, element: ElementRef<'_>, depth: usize) -> String {
        let mut text = String::new();
        for child in element.children() {
            match child.value() {
                Node::Text(t) => text.push_str(&escape(&t.replace('\n', " "))),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.inline(child, depth, &mut text);
                    }
                }
                _ => {}
            }
        }
        text
    }

    fn inline(&mut self, element: ElementRef<'_>, depth: usize, out: &mut String) {
        let name = element.value().name();
        if NEVER.contains(&name) || furniture(&element).is_some() {
            if let Some(what) = furniture(&element) {
                left_out(&mut self.report, what, &element);
            }
            return;
        }
        if depth >= MAX_DEPTH {
            out.push_str(&escape(&element.text().collect::<String>()));
            return;
        }
        let inner = |w: &mut Self| w.inline_raw(element, depth + 1);
        match name {
            "em" | "i" | "cite" => wrap(out, "*", &inner(self)),
            "strong" | "b" => wrap(out, "**", &inner(self)),
            "code" | "kbd" | "samp" => {
                let code: String = element.text().collect();
                let ticks = if code.contains('`') { "`` " } else { "`" };
                let close = if code.contains('`') { " ``" } else { "`" };
                if !code.trim().is_empty() {
                    out.push_str(&format!("{ticks}{}{close}", code.trim()));
                }
            }
            "a" => {
                let text = squeeze(&inner(self));
                match element.value().attr("href") {
                    Some(href) if crate::model::is_web_url(href) && !text.is_empty() => {
                        out.push_str(&format!("[{text}](<{}>)", href.replace('>', "%3E")));
                    }
                    _ => out.push_str(&text),
                }
            }
            "br" => out.push('\n'),
            "img" => out.push_str(&self.picture(element, "")),
            "sup" | "sub" => out.push_str(&inner(self)),
            _ => out.push_str(&inner(self)),
        }
    }

    fn list(&mut self, element: ElementRef<'_>, ordered: bool, indent: usize, depth: usize) {
        let mut n = 0;
        for item in element
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
        {
            n += 1;
            let marker = if ordered {
                format!("{n}. ")
            } else {
                "- ".to_owned()
            };
            let mut inner = Writer {
                folder: self.folder,
                out: String::new(),
                report: Vec::new(),
            };
            inner.blocks(item, 0, depth + 1);
            self.report.append(&mut inner.report);
            let body = inner.out.trim_end().to_owned();
            let pad = " ".repeat(indent);
            let hang = " ".repeat(indent + marker.len());
            for (i, line) in body.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                if i == 0 {
                    self.out.push_str(&format!("{pad}{marker}{line}\n"));
                } else {
                    self.out.push_str(&format!("{hang}{line}\n"));
                }
            }
        }
        self.out.push('\n');
    }

    fn table(&mut self, element: ElementRef<'_>, indent: usize, depth: usize) {
        let Ok(rows) = Selector::parse("tr") else {
            return;
        };
        let mut grid: Vec<(bool, Vec<String>)> = Vec::new();
        for row in element.select(&rows) {
            let cells: Vec<(bool, String)> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .map(|c| {
                    let text = self.inline_of(c, depth + 1).replace('\n', " ");
                    (c.value().name() == "th", text)
                })
                .collect();
            if !cells.is_empty() {
                let header = cells.iter().all(|(th, _)| *th);
                grid.push((header, cells.into_iter().map(|(_, t)| t).collect()));
            }
        }
        let Some(width) = grid.iter().map(|(_, r)| r.len()).max() else {
            return;
        };
        let pad = " ".repeat(indent);
        let caption = Selector::parse("caption")
            .ok()
            .and_then(|s| element.select(&s).next())
            .map(|c| self.inline_of(c, depth + 1))
            .filter(|c| !c.is_empty());
        // The first row heads the table (a pipe table has one header row).
        for (i, (_, row)) in grid.iter().enumerate() {
            let mut cells = row.clone();
            cells.resize(width, String::new());
            self.out
                .push_str(&format!("{pad}| {} |\n", cells.join(" | ")));
            if i == 0 {
                self.out
                    .push_str(&format!("{pad}|{}\n", " --- |".repeat(width)));
            }
        }
        if let Some(caption) = caption {
            self.out.push_str(&format!("\n{pad}Table: {caption}\n"));
        }
        self.out.push('\n');
    }

    fn figure(&mut self, element: ElementRef<'_>, indent: usize, depth: usize) {
        let caption = Selector::parse("figcaption")
            .ok()
            .and_then(|s| element.select(&s).next())
            .map(|c| self.inline_of(c, depth + 1))
            .unwrap_or_default();
        let picture = Selector::parse("img")
            .ok()
            .and_then(|s| element.select(&s).next())
            .map(|img| self.picture(img, &caption))
            .unwrap_or_default();
        if picture.is_empty() {
            self.paragraph(&caption, indent);
        } else {
            self.paragraph(&picture, indent);
        }
    }

    /// A picture saved beside the page as `![alt](path "caption")`; one that is not (on
    /// the web only, or missing) is left out and reported.
    fn picture(&mut self, img: ElementRef<'_>, caption: &str) -> String {
        let alt = squeeze(img.value().attr("alt").unwrap_or(""));
        let src = img.value().attr("src").unwrap_or("").trim();
        let local = !src.is_empty()
            && !src.contains("://")
            && !src.starts_with("data:")
            && !src.starts_with('/')
            && !src.split(['/', '\\']).any(|part| part == "..");
        let decoded = src.replace("%20", " ");
        let found = local && self.folder.is_some_and(|f| f.join(&decoded).is_file());
        if !found {
            let name = if alt.is_empty() { src } else { alt.as_str() };
            self.report.push(Diagnostic::info(format!(
                "left out a picture that was not saved beside the page: {name}"
            )));
            return String::new();
        }
        let title = if caption.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", caption.replace('"', "\\\""))
        };
        format!("![{}](<{decoded}>{title})", escape(&alt))
    }
}

/// `text` between emphasis marks, with any space at its ends moved outside them (CommonMark
/// does not read `* x*` as emphasis).
fn wrap(out: &mut String, mark: &str, text: &str) {
    let core = text.trim();
    if core.is_empty() {
        out.push_str(text);
        return;
    }
    if text.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(mark);
    out.push_str(core);
    out.push_str(mark);
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

/// White space squeezed as HTML renders it, but a `<br>` kept as a Markdown hard break.
fn squeeze_keep_breaks(text: &str) -> String {
    text.split('\n')
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}
