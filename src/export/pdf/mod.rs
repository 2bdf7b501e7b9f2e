//! Pages → PDF bytes, written by our own writer as the pages come: each page's content
//! stream is built as bytes, deflated and put in the file before the next page is looked at,
//! so a long document never holds its PDF content whole. Glyph ids from our own shaping go
//! out with their source text (so copy and search work); each face becomes a subset font
//! (`font.rs`); the file's objects and cross-reference table are written by `object.rs`.
//! The tagged-PDF half (structure tree, XMP) is `export::tagged`; the nested outline,
//! metadata from an allow-list, the language and the viewer preferences are written here.

mod content;
mod font;
pub(crate) mod object;

use std::collections::HashMap;
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use thiserror::Error;

use self::content::{PageSpace, Painter, glyph_run_ops, split_hyphen};
use self::font::FaceUse;
use self::object::{Writer, push_name};
use super::reading;
use super::tagged::{self, Owner, PageMarks};
use crate::doc::DocMeta;
use crate::layout::fonts::FaceId;
use crate::layout::image::{Picture, PixelFormat};
use crate::layout::page::{Artifact, Item, LinkGoal, Node, Page, Pages, Pt, Role};

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
    /// Writing the file failed.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// The briefing holds a field too long to set.
    #[error(transparent)]
    TooLarge(#[from] crate::model::TooLarge),
}

/// The objects every page shares, numbered before the first page is written.
struct Shared {
    /// The page tree's root.
    pages: ObjectId,
    /// The one resource dictionary (every font and picture), written at the end.
    resources: ObjectId,
}

/// The fonts and pictures the pages have used so far.
#[derive(Default)]
struct Resources {
    /// Per face: its glyphs in use, and the object the font is written under.
    fonts: HashMap<FaceId, (FaceUse, ObjectId)>,
    /// Per picture: its resource name and object (each picture once, however often placed).
    pictures: HashMap<*const Picture, (String, ObjectId)>,
}

/// The number of each page's object, numbered when first needed (a link may name a page
/// before it is written).
#[derive(Default)]
struct PageIds(HashMap<usize, ObjectId>);

impl PageIds {
    fn get(&mut self, writer: &mut Writer, page: usize) -> ObjectId {
        *self.0.entry(page).or_insert_with(|| writer.reserve())
    }
}

/// Writes the pages as a PDF. The pages are consumed, each written and freed in turn.
pub fn to_pdf(mut pages: Pages, meta: &DocMeta, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let page_list = std::mem::take(&mut pages.pages);
    let structure = std::mem::take(&mut pages.structure);
    let mut stream = PdfStream::new(meta, options, &pages, structure, page_list.len());
    for page in page_list {
        stream.page(&page);
    }
    Ok(stream.finish(&pages))
}

/// A PDF written page by page as layout hands the pages over: each page's content, links
/// and dictionary go into the file at once, and only what the structure tree needs of it
/// (its marked-content owners) is kept. [`to_pdf`] is this over pages laid out already.
pub struct PdfStream<'a> {
    meta: &'a DocMeta,
    options: &'a PdfOptions,
    writer: Writer,
    shared: Shared,
    resources: Resources,
    page_ids: PageIds,
    space: PageSpace,
    width: Pt,
    anchors: std::collections::BTreeMap<String, (usize, Pt)>,
    phrases: reading::Phrases,
    structure: Vec<Vec<Node>>,
    all_marks: Vec<PageMarks>,
    annotations: Vec<Vec<ObjectId>>,
    fingerprint: Fingerprint,
    language: String,
    next_key: i64,
    page_count: usize,
}

impl<'a> PdfStream<'a> {
    /// A stream for `page_count` pages of the size `pages` gives, whose links go to its
    /// anchors and whose content is owned by `structure`. (The pages themselves follow.)
    pub fn new(
        meta: &'a DocMeta,
        options: &'a PdfOptions,
        pages: &Pages,
        structure: Vec<Vec<Node>>,
        page_count: usize,
    ) -> Self {
        let mut writer = Writer::new();
        let shared = Shared {
            pages: writer.reserve(),
            resources: writer.reserve(),
        };
        Self {
            meta,
            options,
            writer,
            shared,
            resources: Resources::default(),
            page_ids: PageIds::default(),
            space: PageSpace {
                height: pages.height,
            },
            width: pages.width,
            anchors: pages.anchors.clone(),
            phrases: reading::Phrases::default(),
            structure,
            all_marks: Vec::with_capacity(page_count),
            annotations: Vec::with_capacity(page_count),
            fingerprint: Fingerprint::new(meta, options),
            language: meta.language.split('-').next().unwrap_or("").to_lowercase(),
            // Annotations are numbered in the parent tree after the pages, in page order.
            next_key: page_count as i64,
            page_count,
        }
    }

    /// Writes the next page.
    pub fn page(&mut self, page: &Page) {
        let page_index = self.all_marks.len();
        self.phrases.add_page(page_index, page);
        let Self {
            writer,
            shared,
            resources,
            page_ids,
            space,
            width,
            anchors,
            phrases,
            structure,
            all_marks,
            annotations,
            fingerprint,
            language,
            next_key,
            ..
        } = self;
        let (space, width, structure, language) = (*space, *width, &*structure, language.as_str());
        fingerprint.page(page);
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
        for index in reading::paint_order(page, structure, marking) {
            let item = &page.items[index];
            match item {
                Item::Text(run) => {
                    painter.text(run.face, run.size);
                    // Persian or Arabic: written in reading order, and a span in its language.
                    let script = tagged::script_language(&run.text());
                    let owner = if run.tag.is_set() {
                        Some(
                            match phrases.at(index).filter(|(_, phrase)| *phrase != language) {
                                Some((number, _)) => Owner::Span {
                                    tag: run.tag,
                                    phrase: number,
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
                        Some(owner) => painter.content(structure, owner, &mut marks),
                        None => painter.artifact(run.role),
                    }
                    painter.fill(run.color);
                    let used = resources.face(writer, run.face);
                    glyph_run_ops(&run, script.is_some(), space, used, &mut painter.out);
                    if let Some((owner, hyphen)) = owners {
                        painter.soft_hyphen(structure, owner, &mut marks);
                        glyph_run_ops(hyphen, false, space, used, &mut painter.out);
                        painter.close();
                    } else if let Some(hyphen) = &hyphen {
                        glyph_run_ops(hyphen, false, space, used, &mut painter.out);
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
                    let bottom = space.bottom(rect);
                    painter.numbers(&[rect.x.0, bottom.0, rect.w.0, rect.h.0]);
                    painter.out.extend_from_slice(b"re f\n");
                    painter.end();
                }
                Item::Image {
                    rect, picture, tag, ..
                } => {
                    painter.graphics();
                    if tag.is_set() {
                        painter.content(structure, Owner::Node(*tag), &mut marks);
                    } else {
                        painter.artifact(Role::Artifact(Artifact::Decoration));
                    }
                    let name = resources.picture(writer, picture);
                    painter.out.extend_from_slice(b"q ");
                    let bottom = space.bottom(rect);
                    painter.numbers(&[rect.w.0, 0.0, 0.0, rect.h.0, rect.x.0, bottom.0]);
                    painter.out.extend_from_slice(b"cm ");
                    push_name(&mut painter.out, name.as_bytes());
                    painter.out.extend_from_slice(b" Do Q\n");
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
                    for ring in rings {
                        for (i, &(x, y)) in ring.iter().enumerate() {
                            painter.numbers(&[x.0, (space.height - y).0]);
                            painter
                                .out
                                .extend_from_slice(if i == 0 { b"m " } else { b"l " });
                        }
                        painter.out.extend_from_slice(b"h ");
                    }
                    painter.out.extend_from_slice(b"f*\n");
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
                    painter.numbers(&[
                        f32::from(c.0) / 255.0,
                        f32::from(c.1) / 255.0,
                        f32::from(c.2) / 255.0,
                    ]);
                    painter.out.extend_from_slice(b"RG ");
                    painter.numbers(&[width.0]);
                    painter.out.extend_from_slice(b"w ");
                    painter.numbers(&[from.0.0, (space.height - from.1).0]);
                    painter.out.extend_from_slice(b"m ");
                    painter.numbers(&[to.0.0, (space.height - to.1).0]);
                    painter.out.extend_from_slice(b"l S\n");
                    painter.end();
                }
            }
        }
        painter.graphics();
        let content = writer.reserve();
        writer.put_stream(content, Dictionary::new(), &painter.out, true);
        drop(painter);

        let page_id = page_ids.get(writer, page_index);
        let mut links = Vec::new();
        for link in &page.links {
            let action = match &link.goal {
                LinkGoal::Uri(uri) if crate::model::is_web_url(uri) => {
                    let mut a = Dictionary::new();
                    a.set("S", Object::Name(b"URI".to_vec()));
                    a.set(
                        "URI",
                        Object::String(uri.as_bytes().to_vec(), StringFormat::Literal),
                    );
                    a
                }
                LinkGoal::Uri(_) => continue,
                LinkGoal::Section(id) => match anchors.get(id) {
                    Some((target, y)) => {
                        let mut a = Dictionary::new();
                        a.set("S", Object::Name(b"GoTo".to_vec()));
                        a.set("D", destination(page_ids.get(writer, *target), space, *y));
                        a
                    }
                    None => continue,
                },
            };
            let (owner, description) = link_owner(page, &link.rect, &link.goal);
            let mut annotation = Dictionary::new();
            annotation.set("Type", Object::Name(b"Annot".to_vec()));
            annotation.set("Subtype", Object::Name(b"Link".to_vec()));
            let bottom = space.bottom(&link.rect);
            annotation.set(
                "Rect",
                Object::Array(
                    [
                        link.rect.x,
                        bottom,
                        link.rect.x + link.rect.w,
                        bottom + link.rect.h,
                    ]
                    .iter()
                    .map(|v| Object::Real(v.0))
                    .collect(),
                ),
            );
            annotation.set("Border", Object::Array(vec![Object::Integer(0); 3]));
            annotation.set("A", Object::Dictionary(action));
            // Printed as shown on screen (PDF/UA 7.18.1): the Print flag, nothing hidden.
            annotation.set("F", Object::Integer(ANNOTATION_PRINT));
            annotation.set("Contents", text_string(&description));
            annotation.set("StructParent", Object::Integer(*next_key));
            *next_key += 1;
            annotation.set("P", Object::Reference(page_id));
            links.push(writer.add(&Object::Dictionary(annotation)));
            marks.links.push((owner, description));
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Page".to_vec()));
        dict.set("Parent", Object::Reference(shared.pages));
        dict.set(
            "MediaBox",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Real(width.0),
                Object::Real(space.height.0),
            ]),
        );
        dict.set("Resources", Object::Reference(shared.resources));
        dict.set("Contents", Object::Reference(content));
        if !links.is_empty() {
            dict.set(
                "Annots",
                Object::Array(links.iter().map(|id| Object::Reference(*id)).collect()),
            );
        }
        dict.set("StructParents", Object::Integer(page_index as i64));
        dict.set("Tabs", Object::Name(b"S".to_vec()));
        writer.put(page_id, &Object::Dictionary(dict));
        annotations.push(links);
        all_marks.push(marks);
    }

    /// The page tree, the fonts (now that every glyph they hold is known), the structure
    /// tree, the outline and the catalog: the finished file. `pages` gives the outline.
    pub fn finish(self, pages: &Pages) -> Vec<u8> {
        let Self {
            meta,
            options,
            mut writer,
            shared,
            resources,
            mut page_ids,
            structure,
            all_marks,
            annotations,
            fingerprint,
            phrases,
            page_count,
            ..
        } = self;
        // The annotations were numbered after as many pages as were announced.
        debug_assert_eq!(all_marks.len(), page_count, "pages announced and written");
        let page_count = all_marks.len();
        let phrases = phrases.finish();

        let page_objects: Vec<ObjectId> = (0..page_count)
            .map(|page| page_ids.get(&mut writer, page))
            .collect();
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set(
            "Kids",
            Object::Array(
                page_objects
                    .iter()
                    .map(|id| Object::Reference(*id))
                    .collect(),
            ),
        );
        tree.set("Count", Object::Integer(page_count as i64));
        writer.put(shared.pages, &Object::Dictionary(tree));
        resources.finish(&mut writer, shared.resources);

        let created = options.created.as_deref();
        let written = tagged::Written {
            pages: &page_objects,
            annotations: &annotations,
            marks: &all_marks,
            phrases: &phrases,
        };
        let tagged = tagged::write(&mut writer, &written, &structure, meta, created);
        let outline = outline(&mut writer, pages, &page_objects);
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(shared.pages));
        catalog.set("PageLayout", Object::Name(b"OneColumn".to_vec()));
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
        let mut mark_info = Dictionary::new();
        mark_info.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark_info));
        catalog.set("StructTreeRoot", Object::Reference(tagged.root));
        catalog.set("Metadata", Object::Reference(tagged.metadata));
        let root = writer.add(&Object::Dictionary(catalog));
        let info = writer.add(&Object::Dictionary(info(meta, options)));
        // A file identifier derived from the content, so one clock gives one file.
        let id = format!("{:016x}", fingerprint.0);
        writer.finish(root, info, id.as_bytes())
    }
}

/// An annotation's Print flag (bit 3 of `/F`).
const ANNOTATION_PRINT: i64 = 1 << 2;

/// A destination that shows the line at `y` of `page`.
fn destination(page: ObjectId, space: PageSpace, y: Pt) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        Object::Real(space.destination(y)),
        Object::Null,
    ])
}

impl Resources {
    /// The glyphs in use of `face`, numbering its font object the first time.
    fn face(&mut self, writer: &mut Writer, face: FaceId) -> &mut FaceUse {
        &mut self
            .fonts
            .entry(face)
            .or_insert_with(|| (FaceUse::new(face), writer.reserve()))
            .0
    }

    /// The resource name of a picture, writing it the first time it is placed.
    fn picture(&mut self, writer: &mut Writer, picture: &Arc<Picture>) -> String {
        let key = Arc::as_ptr(picture);
        let count = self.pictures.len();
        let (name, _) = self.pictures.entry(key).or_insert_with(|| {
            let id = write_picture(writer, picture);
            (format!("Im{}", count + 1), id)
        });
        name.clone()
    }

    /// Writes the fonts (now that every glyph they must hold is known) and the resource
    /// dictionary every page names.
    fn finish(self, writer: &mut Writer, id: ObjectId) {
        let mut fonts = Dictionary::new();
        let mut faces: Vec<(FaceId, (FaceUse, ObjectId))> = self.fonts.into_iter().collect();
        faces.sort_by_key(|(face, _)| *face);
        for (face, (used, font_id)) in faces {
            // A fixed six-capital tag keeps the file the same from run to run and tells
            // readers the font is a subset ("BDFAAB+NotoSerif-Bold").
            let tag = format!("BDFAA{}", char::from(b'A' + face.index() as u8));
            used.write(writer, font_id, &tag);
            fonts.set(font_name(face), Object::Reference(font_id));
        }
        let mut xobjects = Dictionary::new();
        let mut pictures: Vec<(String, ObjectId)> = self.pictures.into_values().collect();
        pictures.sort();
        for (name, picture) in pictures {
            xobjects.set(name, Object::Reference(picture));
        }
        let mut dict = Dictionary::new();
        dict.set("Font", Object::Dictionary(fonts));
        if !xobjects.is_empty() {
            dict.set("XObject", Object::Dictionary(xobjects));
        }
        writer.put(id, &Object::Dictionary(dict));
    }
}

/// A face's resource name.
fn font_name(face: FaceId) -> String {
    format!("F{}", face.index())
}

/// Writes a picture as an image XObject (its alpha, if any, as a soft mask) and returns
/// its object.
fn write_picture(writer: &mut Writer, picture: &Picture) -> ObjectId {
    let name = |s: &str| Object::Name(s.as_bytes().to_vec());
    let image = |color: &str| {
        let mut dict = Dictionary::new();
        dict.set("Type", name("XObject"));
        dict.set("Subtype", name("Image"));
        dict.set("Width", Object::Integer(i64::from(picture.width)));
        dict.set("Height", Object::Integer(i64::from(picture.height)));
        dict.set("ColorSpace", name(color));
        dict.set("BitsPerComponent", Object::Integer(8));
        dict
    };
    let id = writer.reserve();
    match picture.format {
        PixelFormat::Gray => writer.put_stream(id, image("DeviceGray"), &picture.pixels, true),
        PixelFormat::Rgb => writer.put_stream(id, image("DeviceRGB"), &picture.pixels, true),
        PixelFormat::Rgba => {
            let (mut color, mut alpha) = (Vec::new(), Vec::new());
            for pixel in picture.pixels.chunks_exact(4) {
                color.extend_from_slice(&pixel[..3]);
                alpha.push(pixel[3]);
            }
            let mask = writer.reserve();
            writer.put_stream(mask, image("DeviceGray"), &alpha, true);
            let mut dict = image("DeviceRGB");
            dict.set("SMask", Object::Reference(mask));
            writer.put_stream(id, dict, &color, true);
        }
    }
    id
}

/// The document information dictionary, from the same allow-list as the XMP metadata.
fn info(meta: &DocMeta, options: &PdfOptions) -> Dictionary {
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
    info
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

/// Writes the nested outline (sections with their headings inside) and returns its root.
/// Linear in the entries: each entry's parent is found with a stack, its siblings and
/// descendants counted in one pass from the end.
fn outline(writer: &mut Writer, pages: &Pages, page_ids: &[ObjectId]) -> Option<ObjectId> {
    let entries = &pages.outline;
    if entries.is_empty() {
        return None;
    }
    let root = writer.reserve();
    let ids: Vec<ObjectId> = entries.iter().map(|_| writer.reserve()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(ids.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&s| entries[s].level >= entry.level)
        {
            stack.pop();
        }
        parents.push(stack.last().copied());
        stack.push(i);
    }
    // Children in order (index `len` stands for the root), and descendants of each.
    let root_slot = ids.len();
    let slot = |parent: Option<usize>| parent.unwrap_or(root_slot);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); ids.len() + 1];
    for (i, parent) in parents.iter().enumerate() {
        children[slot(*parent)].push(i);
    }
    // Every descendant counts; entries are shown open. Children come after their parent.
    let mut descendants = vec![0i64; ids.len() + 1];
    for i in (0..ids.len()).rev() {
        descendants[slot(parents[i])] += descendants[i] + 1;
    }
    let space = PageSpace {
        height: pages.height,
    };
    for kids in &children {
        for (position, &i) in kids.iter().enumerate() {
            let entry = &entries[i];
            let mut dict = Dictionary::new();
            dict.set("Title", text_string(&entry.title));
            dict.set(
                "Parent",
                Object::Reference(parents[i].map_or(root, |p| ids[p])),
            );
            if position > 0 {
                dict.set("Prev", Object::Reference(ids[kids[position - 1]]));
            }
            if let Some(&next) = kids.get(position + 1) {
                dict.set("Next", Object::Reference(ids[next]));
            }
            if let (Some(first), Some(last)) = (children[i].first(), children[i].last()) {
                dict.set("First", Object::Reference(ids[*first]));
                dict.set("Last", Object::Reference(ids[*last]));
                dict.set("Count", Object::Integer(descendants[i]));
            }
            if let Some(page) = page_ids.get(entry.page) {
                dict.set("Dest", destination(*page, space, entry.y));
            }
            writer.put(ids[i], &Object::Dictionary(dict));
        }
    }
    let top = &children[root_slot];
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[*first]));
        root_dict.set("Last", Object::Reference(ids[*last]));
    }
    root_dict.set("Count", Object::Integer(descendants[root_slot]));
    writer.put(root, &Object::Dictionary(root_dict));
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
