//! Pages → PDF bytes with printpdf: glyph ids from our own shaping with their source text (so
//! copy and search work), fonts subset and embedded, link annotations without borders. A
//! pass over the saved document with lopdf then writes what printpdf cannot: the nested
//! outline, metadata from an allow-list, the language and the viewer preferences.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, DictItem, FontId, Line, LinePoint,
    LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, RawImage, RawImageData, RawImageFormat, Rect as PdfRect, TextItem,
    TextMatrix, WindingOrder, XObject, XObjectId, XObjectTransform,
};
use thiserror::Error;

use super::reading;
use super::tagged::{self, Owner, PageMarks};
use crate::doc::DocMeta;
use crate::layout::fonts::FaceId;
use crate::layout::image::{Picture, PixelFormat};
use crate::layout::page::{Artifact, GlyphRun, Item, LinkGoal, Node, Pages, Pt, Rgb, Role};
use crate::layout::shape::pdf_advance;

/// What the caller decides about the file.
#[derive(Clone, Debug, Default)]
pub struct PdfOptions {
    /// Creation date-time, `YYYY-MM-DDTHH:MM:SSZ` (UTC); none leaves the dates out.
    pub created: Option<String>,
}

/// Why a PDF could not be written.
#[derive(Debug, Error)]
pub enum PdfError {
    /// A bundled font could not be read.
    #[error("the bundled font {0} could not be read; the program may be damaged")]
    Font(&'static str),
    /// Writing the file failed inside the PDF library.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// The briefing holds more text than is set at once.
    #[error(transparent)]
    TooLarge(#[from] crate::model::TooLarge),
}

/// Writes the pages as a PDF. The pages are consumed, each freed once written, so a long
/// document never holds both its layout and its PDF content whole.
pub fn to_pdf(mut pages: Pages, meta: &DocMeta, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let mut document = PdfDocument::new(&meta.title);
    let mut fonts: HashMap<FaceId, FontId> = HashMap::new();
    for page in &pages.pages {
        for item in &page.items {
            if let Item::Text(run) = item
                && !fonts.contains_key(&run.face)
            {
                let face = run.face.face();
                let mut warnings = Vec::new();
                let parsed = ParsedFont::from_bytes(face.data, 0, &mut warnings)
                    .ok_or(PdfError::Font(face.file))?;
                // A fixed resource name keeps the output the same from run to run.
                // A fixed name keeps the output the same from run to run; six capitals make
                // it a subset tag, as readers expect of a subset font ("BDFAAB+NotoSerif").
                let id = FontId(format!(
                    "BDFAA{}",
                    char::from(b'A' + run.face.index() as u8)
                ));
                document
                    .resources
                    .fonts
                    .map
                    .insert(id.clone(), printpdf::PdfFont::new(parsed));
                fonts.insert(run.face, id);
            }
        }
    }

    // Each picture once, under a fixed name, however often it is placed.
    let mut pictures: HashMap<*const Picture, XObjectId> = HashMap::new();
    for page in &pages.pages {
        for item in &page.items {
            if let Item::Image { picture, .. } = item {
                let key = Arc::as_ptr(picture);
                if !pictures.contains_key(&key) {
                    let id = XObjectId(format!("Im{}", pictures.len() + 1));
                    document
                        .resources
                        .xobjects
                        .map
                        .insert(id.clone(), XObject::Image(raw_image(picture)));
                    pictures.insert(key, id);
                }
            }
        }
    }
    let space = PageSpace {
        height: pages.height,
    };
    let mut texts: HashMap<(FaceId, u16), String> = HashMap::new();
    let page_list = std::mem::take(&mut pages.pages);
    let phrases = reading::Phrases::of(&page_list);
    let structure = std::mem::take(&mut pages.structure);
    let mut out_pages = Vec::with_capacity(page_list.len());
    let mut all_marks = Vec::with_capacity(page_list.len());
    let mut fingerprint = Fingerprint::new(meta, options);
    let language = meta.language.split('-').next().unwrap_or("").to_lowercase();
    for (page_index, page) in page_list.into_iter().enumerate() {
        fingerprint.page(&page);
        let mut painter = Painter::default();
        let mut marks = PageMarks::default();
        // The first banner of the first page is read out; every other one is furniture.
        let marking = (page_index == 0)
            .then(|| {
                page.items.iter().position(
                    |item| matches!(item, Item::Text(run) if run.role == Role::Artifact(Artifact::Banner)),
                )
            })
            .flatten();
        for index in reading::paint_order(&page, &structure, marking) {
            let item = &page.items[index];
            match item {
                Item::Text(run) => {
                    painter.text(run.face, run.size, fonts.get(&run.face));
                    // Persian or Arabic: written in reading order, and a span in its language.
                    let script = tagged::script_language(&run.text());
                    let owner = if run.tag.is_set() {
                        Some(
                            match phrases
                                .at(page_index, index)
                                .filter(|(_, phrase)| phrase.language != language)
                            {
                                Some((number, phrase)) => Owner::Span {
                                    tag: run.tag,
                                    phrase: number,
                                    language: phrase.language,
                                    text: phrase.text.clone(),
                                },
                                None => Owner::Node(run.tag),
                            },
                        )
                    } else if marking == Some(index) {
                        Some(Owner::Marking)
                    } else {
                        None
                    };
                    let artifact = owner.is_none();
                    // A hyphen added where a line broke a word is a sequence of its own that
                    // reads as a soft hyphen, so the word reads whole.
                    let (run, hyphen) = split_hyphen(run);
                    let owners = owner.clone().zip(hyphen.as_ref());
                    match owner {
                        Some(owner) => painter.content(&structure, owner, &mut marks),
                        None => painter.artifact(run.role),
                    }
                    painter.fill(run.color);
                    glyph_run_ops(&run, script.is_some(), space, &mut texts, &mut painter.ops);
                    if let Some((owner, hyphen)) = owners {
                        painter.soft_hyphen(&structure, owner, &mut marks);
                        glyph_run_ops(hyphen, false, space, &mut texts, &mut painter.ops);
                        painter.close();
                    } else if let Some(hyphen) = &hyphen {
                        glyph_run_ops(hyphen, false, space, &mut texts, &mut painter.ops);
                    }
                    // Content stays open for the owner's next run; an artifact ends here.
                    if artifact {
                        painter.end();
                    }
                }
                Item::Fill {
                    rect,
                    color: c,
                    role,
                } => {
                    painter.graphics();
                    painter.artifact(*role);
                    painter.fill(*c);
                    painter.ops.push(Op::DrawRectangle {
                        rectangle: space.rect(rect),
                    });
                    painter.end();
                }
                Item::Image {
                    rect, picture, tag, ..
                } => {
                    painter.graphics();
                    if tag.is_set() {
                        painter.content(&structure, Owner::Node(*tag), &mut marks);
                    } else {
                        painter.artifact(Role::Artifact(Artifact::Decoration));
                    }
                    if let Some(id) = pictures.get(&Arc::as_ptr(picture)) {
                        painter.ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform: XObjectTransform {
                                translate_x: Some(rect.x.into()),
                                translate_y: Some(space.bottom(rect).into()),
                                // The picture's pixels per inch that make it rect.w wide.
                                dpi: Some(rect.w.pixels_per_inch(picture.width as f32)),
                                ..XObjectTransform::default()
                            },
                        });
                    }
                    painter.end();
                }
                Item::Shape {
                    rings,
                    color: c,
                    role,
                } => {
                    painter.graphics();
                    painter.artifact(*role);
                    painter.fill(*c);
                    painter.ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: rings
                                .iter()
                                .map(|ring| PolygonRing {
                                    points: ring.iter().map(|&(x, y)| space.point(x, y)).collect(),
                                })
                                .collect(),
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::EvenOdd,
                        },
                    });
                    painter.end();
                }
                Item::Line {
                    from,
                    to,
                    width,
                    color: c,
                } => {
                    painter.graphics();
                    painter.artifact(Role::Artifact(Artifact::Decoration));
                    painter.ops.push(Op::SetOutlineColor { col: color(*c) });
                    painter.ops.push(Op::SetOutlineThickness {
                        pt: (*width).into(),
                    });
                    painter.ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![space.point(from.0, from.1), space.point(to.0, to.1)],
                            is_closed: false,
                        },
                    });
                    painter.end();
                }
            }
        }
        painter.graphics();
        let mut ops = painter.ops;
        for link in &page.links {
            let rect = PdfRect {
                mode: None,
                winding_order: None,
                ..space.rect(&link.rect)
            };
            let actions = match &link.goal {
                LinkGoal::Uri(uri) if crate::model::is_web_url(uri) => Actions::Uri(uri.clone()),
                LinkGoal::Uri(_) => continue,
                LinkGoal::Section(id) => match pages.anchors.get(id) {
                    Some((target, y)) => Actions::Goto(Destination::Xyz {
                        page: target + 1,
                        left: Some(0.0),
                        top: Some(space.destination(*y)),
                        zoom: None,
                    }),
                    None => continue,
                },
            };
            marks.links.push(link_owner(&page, &link.rect, &link.goal));
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect,
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
        out_pages.push(PdfPage::new(pages.width.into(), space.height.into(), ops));
        all_marks.push(marks);
    }
    document.with_pages(out_pages);

    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = document.to_lopdf_document(&save, &mut warnings);
    finish(&mut lo, &pages, meta, options, fingerprint.0);
    let created = options.created.as_deref();
    tagged::write(&mut lo, &structure, &all_marks, meta, created);
    // PDF/UA-1 rests on PDF 1.7. (Object streams would make the file 15 % smaller but cost
    // a fifth more memory and a third more time on a 1000-page document.)
    lo.version = "1.7".into();
    super::deflate::compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

fn raw_image(picture: &Picture) -> RawImage {
    RawImage {
        pixels: RawImageData::U8(picture.pixels.clone()),
        width: picture.width as usize,
        height: picture.height as usize,
        data_format: match picture.format {
            PixelFormat::Gray => RawImageFormat::R8,
            PixelFormat::Rgb => RawImageFormat::RGB8,
            PixelFormat::Rgba => RawImageFormat::RGBA8,
        },
        tag: Vec::new(),
    }
}

/// The content stream of one page, tracking the state that is costly to repeat: whether a
/// text object is open, the current font and the current fill colour, and the owner of the
/// marked-content sequence left open for the text that follows.
#[derive(Default)]
struct Painter {
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(FaceId, u32)>,
    fill: Option<Rgb>,
    open: Open,
}

/// The marked-content sequence a [`Painter`] has left open for text.
#[derive(Default)]
enum Open {
    /// None.
    #[default]
    Nothing,
    /// One of this owner's, which its next run continues.
    For(Owner),
    /// One that no other text continues (a soft hyphen).
    Sealed,
}

impl Painter {
    /// Opens a marked-content sequence for real content, with the next MCID of the page.
    /// Text of the owner whose sequence is still open (the next line of a paragraph or a
    /// heading) continues that sequence: one MCID per element and stretch of text.
    fn content(&mut self, structure: &[Vec<Node>], owner: Owner, marks: &mut PageMarks) {
        if self.in_text && matches!(&self.open, Open::For(open) if *open == owner) {
            return;
        }
        self.begin(structure, &owner, marks, None);
        self.open = Open::For(owner);
    }

    /// Opens a sequence of `owner`'s content for one hyphen added at a line break, which
    /// reads as a soft hyphen (U+00AD); [`Painter::close`] ends it, and no later text
    /// continues it.
    fn soft_hyphen(&mut self, structure: &[Vec<Node>], owner: Owner, marks: &mut PageMarks) {
        self.begin(structure, &owner, marks, Some(vec![0xfe, 0xff, 0x00, 0xad]));
        self.open = Open::Sealed;
    }

    /// Closes what is open and begins a marked-content sequence of `owner` with the page's
    /// next MCID and, if given, an `/ActualText` (UTF-16BE with its byte-order mark).
    fn begin(
        &mut self,
        structure: &[Vec<Node>],
        owner: &Owner,
        marks: &mut PageMarks,
        actual_text: Option<Vec<u8>>,
    ) {
        self.close();
        let mut map = BTreeMap::new();
        map.insert("MCID".to_owned(), DictItem::Int(marks.marks.len() as i64));
        if let Some(data) = actual_text {
            map.insert(
                "ActualText".to_owned(),
                DictItem::String {
                    data,
                    literal: false,
                },
            );
        }
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: tagged::mark_name(structure, owner),
            properties: DictItem::Dict { map },
        });
        marks.marks.push(owner.clone());
    }

    /// Closes the content sequence left open for text, if any.
    fn close(&mut self) {
        if !matches!(std::mem::take(&mut self.open), Open::Nothing) {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// Opens an `Artifact` sequence: page furniture (pagination) or layout decoration.
    fn artifact(&mut self, role: Role) {
        self.close();
        let (kind, subtype) = match role {
            Role::Artifact(Artifact::Banner | Artifact::Header) => ("Pagination", Some("Header")),
            Role::Artifact(Artifact::Footer | Artifact::PageNumber) => {
                ("Pagination", Some("Footer"))
            }
            Role::Artifact(Artifact::Watermark) => ("Pagination", Some("Watermark")),
            _ => ("Layout", None),
        };
        let mut map = BTreeMap::new();
        map.insert("Type".to_owned(), DictItem::Name(kind.as_bytes().to_vec()));
        if let Some(subtype) = subtype {
            map.insert(
                "Subtype".to_owned(),
                DictItem::Name(subtype.as_bytes().to_vec()),
            );
        }
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_owned(),
            properties: DictItem::Dict { map },
        });
    }

    /// Closes the sequence opened by [`Painter::content`] or [`Painter::artifact`].
    fn end(&mut self) {
        self.open = Open::Nothing;
        self.ops.push(Op::EndMarkedContent);
    }

    fn text(&mut self, face: FaceId, size: Pt, id: Option<&FontId>) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
            self.font = None;
        }
        let key = (face, size.0.to_bits());
        if self.font != Some(key) {
            if let Some(id) = id {
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: size.into(),
                });
            }
            self.font = Some(key);
        }
    }

    /// Closes the text object, if one is open, before drawing shapes or pictures.
    fn graphics(&mut self) {
        // A marked-content sequence begun in a text object ends in it.
        self.close();
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    /// Sets the fill colour if it changed.
    fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

/// Layout's page space (points from the top-left corner, y down) in PDF user space (points
/// from the bottom-left corner, y up): the one place the page is turned over.
#[derive(Clone, Copy)]
struct PageSpace {
    height: Pt,
}

/// A link or bookmark lands this far above the line it names, so the line is not at the very
/// top edge of the window.
const DESTINATION_ABOVE: Pt = Pt(12.0);

impl PageSpace {
    /// A point.
    fn point(self, x: Pt, y: Pt) -> LinePoint {
        LinePoint {
            p: Point {
                x: x.into(),
                y: (self.height - y).into(),
            },
            bezier: false,
        }
    }

    /// The bottom edge of a rectangle, where PDF measures it from.
    fn bottom(self, rect: &crate::layout::page::Rect) -> Pt {
        self.height - rect.y - rect.h
    }

    /// A rectangle, filled.
    fn rect(self, rect: &crate::layout::page::Rect) -> PdfRect {
        PdfRect {
            x: rect.x.into(),
            y: self.bottom(rect).into(),
            width: rect.w.into(),
            height: rect.h.into(),
            mode: Some(PaintMode::Fill),
            winding_order: Some(WindingOrder::NonZero),
        }
    }

    /// A text baseline at `y`, raised by `rise`.
    fn baseline(self, y: Pt, rise: Pt) -> Pt {
        self.height - y + rise
    }

    /// The top of a view that shows the line at `y`, as a number of PDF user space.
    fn destination(self, y: Pt) -> f32 {
        (self.height - y + DESTINATION_ABOVE).0
    }
}

/// One glyph run: a text matrix, then the glyphs with TJ offsets that put each glyph where
/// layout placed it. Raised glyphs (marks, superscripts) start a new matrix. Right-to-left (`rtl`)
/// text is written in reading order (the offsets step leftwards), so text extraction and
/// the structure tree read it as written.
fn glyph_run_ops(
    run: &GlyphRun,
    rtl: bool,
    space: PageSpace,
    texts: &mut HashMap<(FaceId, u16), String>,
    ops: &mut Vec<Op>,
) {
    let mut glyphs: Vec<&crate::layout::page::PlacedGlyph> = if rtl {
        run.glyphs.iter().rev().collect()
    } else {
        run.glyphs.iter().collect()
    };
    // The space a line broke at, written after the run's last glyph in reading order.
    let trailing = trailing_space(run, rtl);
    glyphs.extend(trailing.as_ref());
    // Font expansion: the text space is scaled, and the offsets below are in its units.
    let scale = run.scale;
    let expanded = (scale - 1.0).abs() > 1e-4;
    if expanded {
        ops.push(Op::SetHorizontalScaling {
            percent: scale * 100.0,
        });
    }
    let mut start = 0;
    while start < glyphs.len() {
        let rise = glyphs[start].rise;
        let mut end = start + 1;
        while end < glyphs.len() && glyphs[end].rise == rise {
            end += 1;
        }
        let x = run.x + glyphs[start].x;
        let y = space.baseline(run.y, rise);
        ops.push(Op::SetTextMatrix {
            matrix: if run.angle == 0.0 {
                TextMatrix::Translate(x.into(), y.into())
            } else {
                TextMatrix::TranslateRotate(x.into(), y.into(), run.angle)
            },
        });
        let slice = &glyphs[start..end];
        let mut codepoints = Vec::with_capacity(slice.len());
        for (i, glyph) in slice.iter().enumerate() {
            // The first text a glyph is shown with is its text everywhere (printpdf keeps
            // one map per font), so later uses repeat it.
            let text = texts
                .entry((run.face, glyph.gid))
                .or_insert_with(|| glyph.text.to_string())
                .clone();
            let offset = match slice.get(i + 1) {
                Some(next) => {
                    let pen = glyph.x
                        + run.size * (pdf_advance(run.face, glyph.gid) as f32 / 1000.0 * scale);
                    (pen - next.x) * 1000.0 / (run.size * scale)
                }
                None => 0.0,
            };
            codepoints.push(Codepoint {
                gid: glyph.gid,
                offset: if offset.abs() < 0.01 { 0.0 } else { offset },
                cid: Some(text),
            });
        }
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        });
        start = end;
    }
    if expanded {
        ops.push(Op::SetHorizontalScaling { percent: 100.0 });
    }
}

/// A run without the hyphen line breaking added at its end, and that hyphen as a run of its
/// own; the run as it is when it has none.
fn split_hyphen(run: &GlyphRun) -> (std::borrow::Cow<'_, GlyphRun>, Option<GlyphRun>) {
    use crate::layout::page::GlyphText;
    match run.glyphs.split_last() {
        Some((last, rest)) if last.text == GlyphText::Hyphen && !rest.is_empty() => (
            std::borrow::Cow::Owned(GlyphRun {
                glyphs: Arc::new(rest.to_vec()),
                space_after: false,
                ..run.clone()
            }),
            Some(GlyphRun {
                glyphs: Arc::new(vec![last.clone()]),
                space_after: false,
                ..run.clone()
            }),
        ),
        _ => (std::borrow::Cow::Borrowed(run), None),
    }
}

/// The unseen space after a run that ends a line at a space: beyond the last glyph in
/// reading order (to its right, or for right-to-left text to the left of the leftmost).
fn trailing_space(run: &GlyphRun, rtl: bool) -> Option<crate::layout::page::PlacedGlyph> {
    if !run.space_after {
        return None;
    }
    let gid = crate::layout::shape::space_glyph(run.face)?;
    let em = |gid: u16| pdf_advance(run.face, gid) as f32 / 1000.0 * run.size;
    let (x, rise) = if rtl {
        let first = run.glyphs.first()?;
        (first.x - em(gid), first.rise)
    } else {
        let last = run.glyphs.last()?;
        (last.x + em(last.gid), last.rise)
    };
    Some(crate::layout::page::PlacedGlyph {
        gid,
        x,
        rise,
        text: crate::layout::page::GlyphText::Char(' '),
    })
}

/// The structure node a link sits on (the text under its middle) and its description: the
/// text it covers, then where it goes.
fn link_owner(
    page: &crate::layout::page::Page,
    rect: &crate::layout::page::Rect,
    goal: &LinkGoal,
) -> (Option<crate::layout::page::Tag>, String) {
    let (cx, cy) = (rect.x + rect.w / 2.0, rect.y + rect.h / 2.0);
    let mut owner = None;
    let mut text = String::new();
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
            continue;
        };
        let (left, right) = (run.x + first.x, run.x + last.x + run.size * 0.6);
        let (top, bottom) = (run.y - run.size, run.y + run.size * 0.3);
        let overlaps =
            right > rect.x && left < rect.x + rect.w && bottom > rect.y && top < rect.y + rect.h;
        if overlaps && run.tag.is_set() {
            if owner.is_none() || (left <= cx && cx <= right && top <= cy && cy <= bottom) {
                owner = Some(run.tag);
            }
            text.push_str(run.text().trim());
            text.push(' ');
        }
    }
    let target = match goal {
        LinkGoal::Uri(uri) => uri.clone(),
        LinkGoal::Section(_) => "a section of this document".to_owned(),
    };
    let text = text.trim();
    let description = if text.is_empty() || text == target {
        format!("Link to {target}")
    } else {
        format!("{text} (link to {target})")
    };
    (owner, description)
}

/// Text string for PDF: ASCII as is, anything else as UTF-16BE with a byte-order mark.
pub(crate) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` from `YYYY-MM-DDTHH:MM:SSZ`.
fn pdf_date(iso: &str) -> Option<String> {
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 14).then(|| format!("D:{digits}Z"))
}

/// The catalog and trailer entries printpdf does not write, and metadata from an allow-list.
fn finish(
    doc: &mut lopdf::Document,
    pages: &Pages,
    meta: &DocMeta,
    options: &PdfOptions,
    fingerprint: u64,
) {
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();

    let mut info = Dictionary::new();
    if !meta.title.is_empty() {
        info.set("Title", text_string(&meta.title));
    }
    if !meta.authors.is_empty() {
        info.set("Author", text_string(&meta.authors.join(", ")));
    }
    if !meta.subtitle.is_empty() {
        info.set("Subject", text_string(&meta.subtitle));
    }
    if !meta.banner.is_empty() {
        info.set(
            "Keywords",
            text_string(&format!("Marking: {}", meta.banner)),
        );
    }
    info.set("Creator", text_string("briefdesk"));
    info.set("Producer", text_string("briefdesk"));
    if let Some(date) = options.created.as_deref().and_then(pdf_date) {
        info.set("CreationDate", text_string(&date));
        info.set("ModDate", text_string(&date));
    }
    // printpdf's own Info dictionary (empty fields, an identifier) goes, not just its
    // reference: an orphaned object would still be in the file.
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    // A file identifier derived from the content, so one clock gives one file.
    let id = format!("{fingerprint:016x}");
    let id = Object::String(id.into_bytes(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    let outline = outline(doc, pages, &page_ids);
    if let Ok(catalog) = doc.catalog_mut() {
        if let Some(outline) = outline {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        if !meta.language.is_empty() {
            catalog.set("Lang", text_string(&meta.language));
        }
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
        // printpdf may write an XMP stream with its own dates; it is replaced with the
        // tagged-PDF work, and until then left out so no unvetted metadata ships.
        let xmp = catalog.remove(b"Metadata");
        if let Some(Object::Reference(id)) = xmp {
            doc.objects.remove(&id);
        }
    }
}

/// Writes the nested outline (sections with their headings inside) and returns its root.
fn outline(doc: &mut lopdf::Document, pages: &Pages, page_ids: &[ObjectId]) -> Option<ObjectId> {
    if pages.outline.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = pages.outline.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(ids.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, entry) in pages.outline.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&s| pages.outline[s].level >= entry.level)
        {
            stack.pop();
        }
        parents.push(stack.last().copied());
        stack.push(i);
    }
    let children = |parent: Option<usize>| -> Vec<usize> {
        (0..ids.len()).filter(|&i| parents[i] == parent).collect()
    };
    let count_all = |parent: Option<usize>| -> i64 {
        // Every descendant counts; entries are shown open.
        let mut n = 0;
        let mut frontier = children(parent);
        while let Some(c) = frontier.pop() {
            n += 1;
            frontier.extend(children(Some(c)));
        }
        n
    };
    for (i, entry) in pages.outline.iter().enumerate() {
        let siblings = children(parents[i]);
        let position = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set(
            "Parent",
            Object::Reference(parents[i].map_or(root, |p| ids[p])),
        );
        if position > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[position - 1]]));
        }
        if let Some(&next) = siblings.get(position + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[*first]));
            dict.set("Last", Object::Reference(ids[*last]));
            dict.set("Count", Object::Integer(count_all(Some(i))));
        }
        if let Some(page) = page_ids.get(entry.page) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Integer(0),
                    Object::Real(
                        PageSpace {
                            height: pages.height,
                        }
                        .destination(entry.y),
                    ),
                    Object::Null,
                ]),
            );
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[*first]));
        root_dict.set("Last", Object::Reference(ids[*last]));
    }
    root_dict.set("Count", Object::Integer(count_all(None)));
    doc.objects.insert(root, Object::Dictionary(root_dict));
    Some(root)
}

/// FNV-1a over what the file shows, for a stable file identifier.
struct Fingerprint(u64);

impl Fingerprint {
    fn new(meta: &DocMeta, options: &PdfOptions) -> Self {
        let mut f = Self(0xcbf2_9ce4_8422_2325);
        f.feed(meta.title.as_bytes());
        f.feed(options.created.as_deref().unwrap_or("").as_bytes());
        f
    }

    fn feed(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn page(&mut self, page: &crate::layout::page::Page) {
        for item in &page.items {
            if let Item::Text(run) = item {
                for g in run.glyphs.iter() {
                    self.feed(&g.gid.to_le_bytes());
                }
                self.feed(&run.x.0.to_bits().to_le_bytes());
                self.feed(&run.y.0.to_bits().to_le_bytes());
            }
        }
    }
}
