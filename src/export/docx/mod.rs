//! Document → DOCX (WordprocessingML in a zip), for an office that edits in Word. Written
//! directly from the composed document, so, as for the PDF and Markdown, nothing private
//! can reach it: notes, comments and guidance never enter a `Document`.
//!
//! The file uses Word's own built-in styles by their ids (Title, Subtitle, Heading1–3,
//! ListBullet, ListNumber, Quote, Caption, TableGrid, FootnoteText, FootnoteReference,
//! Hyperlink), so the document reads in Word as if typed there and Pandoc and LibreOffice
//! map it back. Footnotes are Word footnotes; the header row of a table repeats on each page;
//! pictures carry their alt text; the marking banner is in the page header and footer; the
//! document language is the default for all text; the core properties are the same
//! allow-list as the PDF's metadata (title, subtitle as subject, authors, language, date).
//!
//! Why by hand rather than `docx-rs`: its core properties cannot be given a title, authors or
//! a language (it writes "unknown" as the creator), and it has no repeating header row and no
//! alt text on pictures, each of which this export must have. The zip container is the `zip`
//! crate's.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use crate::doc::{
    Align, Block, BlockKind, DocSection, Document, Inline, LinkTarget, ListItem, ReviewMark,
};
use crate::layout::image::{Images, Picture};

mod parts;
use parts::{APP, PACKAGE_RELS, SETTINGS, content_types, core, numbering, styles};

/// Namespaces of the main document part.
const NAMESPACES: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#
);

const RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A picture to embed: its bytes as read from the document's folder.
pub struct Embedded {
    /// The file's bytes (PNG or JPEG).
    pub bytes: Vec<u8>,
}

/// Writes the document as DOCX bytes. `images` are the decoded pictures (for their sizes) and
/// `files` their bytes, both by the figure's `src`; `created` is the creation moment
/// (`YYYY-MM-DDTHH:MM:SSZ`) or `None` to leave dates out.
pub fn to_docx(
    document: &Document,
    images: &Images,
    files: &BTreeMap<String, Embedded>,
    created: Option<&str>,
) -> std::io::Result<Vec<u8>> {
    let mut writer = Writer {
        document,
        images,
        files,
        body: String::new(),
        footnotes: BTreeMap::new(),
        links: Vec::new(),
        media: Vec::new(),
        lists: 0,
        numbering_starts: Vec::new(),
        drawing: 0,
        bookmark: 0,
    };
    writer.cover();
    for section in &document.sections {
        writer.section(section);
    }
    writer.finish(created)
}

struct Writer<'d> {
    document: &'d Document,
    images: &'d Images,
    files: &'d BTreeMap<String, Embedded>,
    body: String,
    /// Footnote bodies by number, as paragraphs.
    footnotes: BTreeMap<u32, String>,
    /// External link targets; relationship id `rIdL{n}`.
    links: Vec<String>,
    /// Embedded pictures, in order: (src, extension); relationship id `rIdM{n}`.
    media: Vec<(String, &'static str)>,
    /// Numbered lists written so far (each restarts its numbering: `w:num` 2 + n).
    lists: u32,
    /// Numbered lists that start elsewhere than 1: (`w:num` id, first number).
    numbering_starts: Vec<(u32, u32)>,
    drawing: u32,
    bookmark: u32,
}

/// Text as XML character data: markup escaped, characters XML forbids dropped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text with run properties (already XML).
fn run(props: &str, text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// A paragraph with a style and optional extra paragraph properties.
fn paragraph(style: &str, extra: &str, content: &str) -> String {
    let style = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pStyle w:val="{style}"/>"#)
    };
    format!("<w:p><w:pPr>{style}{extra}</w:pPr>{content}</w:p>")
}

/// A bookmark name Word accepts for a section id: letters, digits and underscores, 40 at most.
fn bookmark_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(36)
        .collect();
    format!("s_{name}")
}

impl Writer<'_> {
    /// The title block: title, subtitle, the facts of issue and the distribution statement.
    fn cover(&mut self) {
        let meta = &self.document.meta;
        self.body
            .push_str(&paragraph("Title", "", &run("", &meta.title)));
        if !meta.subtitle.is_empty() {
            self.body
                .push_str(&paragraph("Subtitle", "", &run("", &meta.subtitle)));
        }
        let facts = [
            ("Date", crate::model::long_date(&meta.date)),
            ("Facts as of", crate::model::long_date(&meta.as_of)),
            ("Organisation", meta.organization.clone()),
            ("Audience", meta.audience.clone()),
            ("Version", meta.version.clone()),
        ];
        for (label, value) in facts {
            if !value.trim().is_empty() {
                let content = format!(
                    "{}{}",
                    run("<w:b/>", &format!("{label}: ")),
                    run("", &value)
                );
                self.body
                    .push_str(&paragraph("BriefingFacts", "", &content));
            }
        }
        if !meta.distribution.is_empty() {
            self.body.push_str(&paragraph(
                "BriefingDistribution",
                "",
                &run("<w:i/>", &meta.distribution),
            ));
        }
    }

    fn section(&mut self, section: &DocSection) {
        let mut title = String::new();
        if let Some(mark) = &section.portion_mark {
            title.push_str(&run("", &format!("{mark} ")));
        }
        title.push_str(&self.inlines(&section.title, ""));
        self.bookmark += 1;
        let id = self.bookmark;
        let title = format!(
            r#"<w:bookmarkStart w:id="{id}" w:name="{}"/>{title}<w:bookmarkEnd w:id="{id}"/>"#,
            bookmark_name(&section.id)
        );
        self.body.push_str(&paragraph("Heading1", "", &title));
        let mut out = String::new();
        self.blocks(&section.blocks, 0, &mut out);
        self.body.push_str(&out);
    }

    fn blocks(&mut self, blocks: &[Block], depth: u32, out: &mut String) {
        for block in blocks {
            self.block(block, depth, out);
        }
    }

    fn block(&mut self, block: &Block, depth: u32, out: &mut String) {
        match &block.kind {
            BlockKind::Heading { level, content } => {
                let style = format!("Heading{}", (*level).clamp(2, 6));
                let text = self.inlines(content, "");
                out.push_str(&paragraph(&style, "", &text));
            }
            BlockKind::Paragraph(content) => {
                let text = self.inlines(content, "");
                out.push_str(&paragraph("", "", &text));
            }
            BlockKind::List { start, items, .. } => self.list(*start, items, depth, out),
            BlockKind::Quote(blocks) => {
                let mut inner = String::new();
                self.blocks(blocks, depth, &mut inner);
                // Every paragraph of the quote takes the Quote style.
                out.push_str(&inner.replace("<w:p><w:pPr>", r#"<w:p><w:pPr><w:pStyle w:val="Quote"/>"#).replace(
                    r#"<w:pStyle w:val="Quote"/><w:pStyle w:val="Quote"/>"#,
                    r#"<w:pStyle w:val="Quote"/>"#,
                ));
            }
            BlockKind::Code { text, .. } => {
                for line in text.trim_end_matches('\n').split('\n') {
                    out.push_str(&paragraph(
                        "SourceCode",
                        "",
                        &run(r#"<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>"#, line),
                    ));
                }
            }
            BlockKind::Table {
                align,
                header,
                rows,
                caption,
            } => {
                if let Some(caption) = caption {
                    let text = format!(
                        "{}{}",
                        run("<w:b/>", &format!("Table {}. ", caption.number)),
                        self.inlines(&caption.text, "")
                    );
                    out.push_str(&paragraph("Caption", "<w:keepNext/>", &text));
                }
                self.table(align, header, rows, out);
            }
            BlockKind::Figure { src, alt, title } => {
                let picture = self.picture(src, alt);
                let content = if picture.is_empty() {
                    run("<w:i/>", &format!("Image: {alt}"))
                } else {
                    picture
                };
                let keep = if title.is_empty() { "" } else { "<w:keepNext/>" };
                out.push_str(&paragraph("", &format!(r#"{keep}<w:jc w:val="center"/>"#), &content));
                if !title.is_empty() {
                    out.push_str(&paragraph("Caption", "", &run("", title)));
                }
            }
            BlockKind::Footnote { number, blocks, .. } => {
                let mut inner = String::new();
                self.blocks(blocks, depth, &mut inner);
                self.footnotes.insert(*number, inner);
            }
            BlockKind::Rule => out.push_str(&paragraph(
                "",
                r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>"#,
                "",
            )),
            BlockKind::PageBreak => out.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#),
            BlockKind::SourceList => {
                for source in &self.document.sources {
                    let text = self.inlines(&source.content, "");
                    out.push_str(&paragraph(
                        "Bibliography",
                        r#"<w:ind w:left="360" w:hanging="360"/>"#,
                        &text,
                    ));
                }
            }
        }
    }

    fn list(&mut self, start: Option<u32>, items: &[ListItem], depth: u32, out: &mut String) {
        // Bullets share numbering 1; each numbered list has its own, restarting at `start`.
        let (style, num) = match start {
            None => ("ListBullet", 1),
            Some(_) => {
                self.lists += 1;
                ("ListNumber", 1 + self.lists)
            }
        };
        if let Some(first) = start {
            self.numbering_starts.push((num, first));
        }
        let level = depth.min(8);
        for item in items {
            let mut inner = String::new();
            for (i, block) in item.blocks.iter().enumerate() {
                match &block.kind {
                    BlockKind::Paragraph(content) if i == 0 => {
                        let mut text = String::new();
                        if let Some(done) = item.task {
                            text.push_str(&run("", if done { "☒ " } else { "☐ " }));
                        }
                        text.push_str(&self.inlines(content, ""));
                        inner.push_str(&paragraph(
                            style,
                            &format!(
                                r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>"#
                            ),
                            &text,
                        ));
                    }
                    BlockKind::List { start, items, .. } => {
                        self.list(*start, items, depth + 1, &mut inner);
                    }
                    _ => {
                        let mut more = String::new();
                        self.block(block, depth + 1, &mut more);
                        // Later paragraphs of an item hang under its text.
                        let indent = 720 * (level + 1);
                        inner.push_str(&more.replace(
                            "<w:p><w:pPr>",
                            &format!(r#"<w:p><w:pPr><w:ind w:left="{indent}"/>"#),
                        ));
                    }
                }
            }
            out.push_str(&inner);
        }
    }

    /// Inline content as runs; `props` are the run properties around it (bold, italic…).
    fn inlines(&mut self, content: &[Inline], props: &str) -> String {
        let mut out = String::new();
        for inline in content {
            match inline {
                Inline::Text(text) => out.push_str(&run(props, text)),
                Inline::Emph(inner) => {
                    let inner = self.inlines(inner, &format!("{props}<w:i/>"));
                    out.push_str(&inner);
                }
                Inline::Strong(inner) => {
                    let inner = self.inlines(inner, &format!("{props}<w:b/>"));
                    out.push_str(&inner);
                }
                Inline::Strike(inner) => {
                    let inner = self.inlines(inner, &format!("{props}<w:strike/>"));
                    out.push_str(&inner);
                }
                Inline::Review { mark, content } => {
                    let extra = match mark {
                        ReviewMark::Inserted => r#"<w:color w:val="0B5CAD"/><w:u w:val="single"/>"#,
                        ReviewMark::Deleted => r#"<w:color w:val="B01C2E"/><w:strike/>"#,
                        ReviewMark::Highlight => r#"<w:highlight w:val="yellow"/>"#,
                        ReviewMark::Note(n) => {
                            out.push_str(&run(r#"<w:vertAlign w:val="superscript"/>"#, &format!("C{n}")));
                            continue;
                        }
                    };
                    out.push_str(&self.inlines(content, &format!("{props}{extra}")));
                }
                Inline::Code(code) => out.push_str(&run(
                    &format!(r#"{props}<w:rStyle w:val="VerbatimChar"/><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>"#),
                    code,
                )),
                Inline::Link { target, content } => {
                    let text = self.inlines(content, &format!(r#"<w:rStyle w:val="Hyperlink"/>{props}"#));
                    match target {
                        LinkTarget::External(url) => {
                            self.links.push(url.clone());
                            let _ = write!(
                                out,
                                r#"<w:hyperlink r:id="rIdL{}">{text}</w:hyperlink>"#,
                                self.links.len()
                            );
                        }
                        LinkTarget::Internal(id) => {
                            let _ = write!(
                                out,
                                r#"<w:hyperlink w:anchor="{}">{text}</w:hyperlink>"#,
                                bookmark_name(id)
                            );
                        }
                    }
                }
                Inline::Image { src, alt } => {
                    let picture = self.picture(src, alt);
                    if picture.is_empty() {
                        out.push_str(&run(props, alt));
                    } else {
                        out.push_str(&picture);
                    }
                }
                Inline::Cite { note, text, .. } => {
                    if text.is_empty() {
                        out.push_str(&note_reference(*note));
                    } else {
                        let inner = self.inlines(text, props);
                        out.push_str(&inner);
                    }
                }
                Inline::FootnoteRef(number) => out.push_str(&note_reference(*number)),
                Inline::SoftBreak => out.push_str(&run(props, " ")),
                Inline::LineBreak => out.push_str("<w:r><w:br/></w:r>"),
            }
        }
        out
    }

    fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        out: &mut String,
    ) {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let width = 9000 / columns;
        out.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#);
        for _ in 0..columns {
            let _ = write!(out, r#"<w:gridCol w:w="{width}"/>"#);
        }
        out.push_str("</w:tblGrid>");
        let row_xml = |writer: &mut Self, cells: &[Vec<Inline>], head: bool, out: &mut String| {
            out.push_str("<w:tr>");
            if head {
                // The header row repeats at the top of each page the table runs onto.
                out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
            }
            for column in 0..columns {
                let empty = Vec::new();
                let cell = cells.get(column).unwrap_or(&empty);
                let jc = match align.get(column) {
                    Some(Align::Center) => r#"<w:jc w:val="center"/>"#,
                    Some(Align::Right) => r#"<w:jc w:val="right"/>"#,
                    _ => "",
                };
                let text = writer.inlines(cell, if head { "<w:b/>" } else { "" });
                let _ = write!(
                    out,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
                    paragraph("Compact", jc, &text)
                );
            }
            out.push_str("</w:tr>");
        };
        if !header.is_empty() {
            row_xml(self, header, true, out);
        }
        for row in rows {
            row_xml(self, row, false, out);
        }
        out.push_str("</w:tbl>");
        // A table may not end a cell or the document in Word: a paragraph follows.
        out.push_str(&paragraph("", "", ""));
    }

    /// An inline picture with its alt text, or nothing when the picture is not to hand.
    fn picture(&mut self, src: &str, alt: &str) -> String {
        let (Some(picture), Some(file)) = (self.images.get(src), self.files.get(src)) else {
            return String::new();
        };
        let extension = if file.bytes.starts_with(&[0x89, b'P', b'N', b'G']) {
            "png"
        } else {
            "jpeg"
        };
        let index = match self.media.iter().position(|(s, _)| s == src) {
            Some(i) => i + 1,
            None => {
                self.media.push((src.to_owned(), extension));
                self.media.len()
            }
        };
        self.drawing += 1;
        let (cx, cy) = extent(picture);
        let id = self.drawing;
        let alt = esc(alt);
        format!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="Picture {id}" descr="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{id}" name="Picture {id}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdM{index}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        )
    }

    /// The parts of the package, zipped.
    fn finish(mut self, created: Option<&str>) -> std::io::Result<Vec<u8>> {
        let meta = &self.document.meta;
        let (w, h) = meta.page_size.points();
        let twips = |pt: f32| (pt * 20.0).round() as i64;
        let margin = |mm: crate::units::Mm| twips(mm.to_pt().0);
        let banner = !meta.banner.is_empty();
        let refs = if banner {
            r#"<w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>"#
        } else {
            ""
        };
        let _ = write!(
            self.body,
            r#"<w:sectPr>{refs}<w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>"#,
            twips(w.0),
            twips(h.0),
            margin(meta.margins.top),
            margin(meta.margins.right),
            margin(meta.margins.bottom),
            margin(meta.margins.left),
        );
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NAMESPACES}><w:body>{}</w:body></w:document>"#,
            self.body
        );

        let mut footnotes = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#,
        ));
        for (number, body) in &self.footnotes {
            // The note's mark opens its first paragraph; every paragraph is FootnoteText.
            let body = if body.is_empty() {
                paragraph("", "", "")
            } else {
                body.clone()
            };
            let marked = body.replacen(
                "</w:pPr>",
                r#"</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>"#,
                1,
            );
            let styled = marked.replace(
                "<w:p><w:pPr>",
                r#"<w:p><w:pPr><w:pStyle w:val="FootnoteText"/>"#,
            );
            let _ = write!(
                footnotes,
                r#"<w:footnote w:id="{number}">{styled}</w:footnote>"#
            );
        }
        footnotes.push_str("</w:footnotes>");

        let mut rels = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        ));
        for (id, kind, target) in [
            ("rIdS", "styles", "styles.xml"),
            ("rIdN", "numbering", "numbering.xml"),
            ("rIdFn", "footnotes", "footnotes.xml"),
            ("rIdSet", "settings", "settings.xml"),
        ] {
            let _ = write!(
                rels,
                r#"<Relationship Id="{id}" Type="{RELATIONSHIP}/{kind}" Target="{target}"/>"#
            );
        }
        if banner {
            let _ = write!(
                rels,
                r#"<Relationship Id="rIdH" Type="{RELATIONSHIP}/header" Target="header1.xml"/><Relationship Id="rIdF" Type="{RELATIONSHIP}/footer" Target="footer1.xml"/>"#
            );
        }
        for (i, url) in self.links.iter().enumerate() {
            let _ = write!(
                rels,
                r#"<Relationship Id="rIdL{}" Type="{RELATIONSHIP}/hyperlink" Target="{}" TargetMode="External"/>"#,
                i + 1,
                esc(url)
            );
        }
        for (i, (_, extension)) in self.media.iter().enumerate() {
            let _ = write!(
                rels,
                r#"<Relationship Id="rIdM{n}" Type="{RELATIONSHIP}/image" Target="media/image{n}.{extension}"/>"#,
                n = i + 1
            );
        }
        rels.push_str("</Relationships>");

        let band = |part: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{part} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}</w:{part}>"#,
                paragraph(
                    if part == "hdr" { "Header" } else { "Footer" },
                    r#"<w:jc w:val="center"/>"#,
                    &run("<w:b/>", &meta.banner)
                )
            )
        };

        let buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let mut put = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
            zip.start_file(name, options)
                .map_err(std::io::Error::other)?;
            zip.write_all(bytes)
        };
        put(
            "[Content_Types].xml",
            content_types(&self.media, banner).as_bytes(),
        )?;
        put("_rels/.rels", PACKAGE_RELS.as_bytes())?;
        put("docProps/core.xml", core(self.document, created).as_bytes())?;
        put("docProps/app.xml", APP.as_bytes())?;
        put("word/document.xml", document.as_bytes())?;
        put("word/_rels/document.xml.rels", rels.as_bytes())?;
        put("word/styles.xml", styles(&meta.language).as_bytes())?;
        put(
            "word/numbering.xml",
            numbering(self.lists, &self.numbering_starts).as_bytes(),
        )?;
        put("word/footnotes.xml", footnotes.as_bytes())?;
        put("word/settings.xml", SETTINGS.as_bytes())?;
        if banner {
            put("word/header1.xml", band("hdr").as_bytes())?;
            put("word/footer1.xml", band("ftr").as_bytes())?;
        }
        for (i, (src, extension)) in self.media.iter().enumerate() {
            if let Some(file) = self.files.get(src) {
                put(
                    &format!("word/media/image{}.{extension}", i + 1),
                    &file.bytes,
                )?;
            }
        }
        let buffer = zip.finish().map_err(std::io::Error::other)?;
        Ok(buffer.into_inner())
    }
}

/// A footnote mark in the text.
fn note_reference(number: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>"#
    )
}

/// A picture's size in EMU at 96 pixels to the inch, at most 6 inches wide and 4.5 tall.
fn extent(picture: &Picture) -> (u64, u64) {
    const EMU_PER_PIXEL: f64 = 9525.0;
    let (w, h) = (f64::from(picture.width), f64::from(picture.height));
    let scale = (6.0 * 914_400.0 / (w * EMU_PER_PIXEL))
        .min(4.5 * 914_400.0 / (h * EMU_PER_PIXEL))
        .min(1.0);
    (
        (w * EMU_PER_PIXEL * scale).round() as u64,
        (h * EMU_PER_PIXEL * scale).round() as u64,
    )
}
