//! The tagged-PDF half of the export (PDF/UA-1): what the content streams marked, and, once
//! the pages are written, the structure tree, the parent tree and the XMP metadata. (The page
//! writer gives each page its `/StructParents` and each link annotation its `/StructParent`
//! key: the pages' numbers first, then the annotations' in page order, as here.)
//!
//! The page writer gives every piece of real content a marked-content id (MCID) and records
//! here which structure element owns it; everything else it wraps as an `Artifact`.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::pdf::object::Writer;

use crate::doc::DocMeta;
use crate::layout::page::{Kind, Node, Tag};

/// Who owns one marked-content sequence.
#[derive(Clone, Debug, PartialEq)]
pub enum Owner {
    /// A node of the layout's structure.
    Node(Tag),
    /// A phrase in another language inside a node: one `Span` with `/Lang` under it, however
    /// many lines and pages the phrase runs over, and its text in logical order as the
    /// `/ActualText` (right-to-left glyphs are drawn in visual order).
    Span {
        /// The node the phrase is part of.
        tag: Tag,
        /// The phrase's number in the document, the same for each of its pieces (its
        /// language and whole text are known once every page is written).
        phrase: usize,
    },
    /// The marking on the first page, tagged so screen readers (which skip artifacts) hear it.
    Marking,
}

/// What one page's content stream marked, in order: MCID `i` is `marks[i]`; and its link
/// annotations in order, each with the node whose text it sits on and its description.
#[derive(Clone, Debug, Default)]
pub struct PageMarks {
    /// Owner of each MCID.
    pub marks: Vec<Owner>,
    /// Each link annotation: its owner and its alternate description.
    pub links: Vec<(Option<Tag>, String)>,
}

/// The structure element type a run of content is marked with in the content stream.
pub fn mark_name(structure: &[Vec<Node>], owner: &Owner) -> String {
    match owner {
        Owner::Node(tag) => node(structure, *tag).map_or_else(|| "Span".into(), |n| n.kind.name()),
        Owner::Span { .. } => "Span".into(),
        Owner::Marking => "P".into(),
    }
}

fn node(structure: &[Vec<Node>], tag: Tag) -> Option<&Node> {
    structure.get(tag.group as usize)?.get(tag.node as usize)
}

/// The language of text in Arabic script: Persian when it uses letters Arabic lacks.
pub fn script_language(text: &str) -> Option<&'static str> {
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if arabic == 0 || arabic * 2 < letters {
        return None;
    }
    let persian = text
        .chars()
        .any(|c| matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک'));
    Some(if persian { "fa" } else { "ar" })
}

fn name(text: &str) -> Object {
    Object::Name(text.as_bytes().to_vec())
}

fn text_string(text: &str) -> Object {
    super::pdf::text_string(text)
}

/// What the catalog names of the tagged half.
pub struct Tagged {
    /// The structure tree's root.
    pub root: ObjectId,
    /// The XMP metadata stream.
    pub metadata: ObjectId,
}

/// What the page writer wrote that the structure tree points to.
pub struct Written<'a> {
    /// Each page's object.
    pub pages: &'a [ObjectId],
    /// Each page's link annotations' objects, in the order of `marks[page].links`.
    pub annotations: &'a [Vec<ObjectId>],
    /// What each page's content marked.
    pub marks: &'a [PageMarks],
    /// The phrases in other scripts the marks name, whole.
    pub phrases: &'a [super::reading::Phrase],
}

/// Writes the structure tree and everything that goes with it.
pub fn write(
    doc: &mut Writer,
    written: &Written<'_>,
    structure: &[Vec<Node>],
    meta: &DocMeta,
    created: Option<&str>,
) -> Tagged {
    let Written {
        pages: page_ids,
        annotations,
        marks,
        phrases,
    } = *written;
    let root_id = doc.reserve();
    let document_id = doc.reserve();

    // One element per node, in reading order: kept small (a long document has hundreds of
    // thousands), and made into dictionaries only as each is written.
    let mut elements: Vec<Vec<ObjectId>> = Vec::with_capacity(structure.len());
    let mut dicts: BTreeMap<ObjectId, Element> = BTreeMap::new();
    let mut document_kids: Vec<ObjectId> = Vec::new();
    let mut note_ids: Vec<(String, ObjectId)> = Vec::new();
    // Phrase number → its Span element, made with the phrase's first piece.
    let mut spans: BTreeMap<usize, ObjectId> = BTreeMap::new();
    let element_of = |elements: &[Vec<ObjectId>], tag: Tag| {
        elements
            .get(tag.group as usize)
            .and_then(|group| group.get(tag.node as usize))
            .copied()
            .unwrap_or(document_id)
    };

    let marking_id = marks
        .first()
        .is_some_and(|p| p.marks.contains(&Owner::Marking))
        .then(|| {
            let id = doc.reserve();
            dicts.insert(id, Element::new("P".into(), document_id));
            document_kids.push(id);
            id
        });

    for (g, nodes) in structure.iter().enumerate() {
        let mut ids = Vec::with_capacity(nodes.len());
        for node in nodes {
            let id = doc.reserve();
            let parent = node
                .parent
                .and_then(|p| ids.get(p as usize).copied())
                .unwrap_or(document_id);
            ids.push(id);
            let mut element = Element::new(node.kind.name(), parent);
            match &node.kind {
                Kind::Figure(alt) => element.extra.push(("Alt", text_string(alt))),
                Kind::TH => {
                    let mut attributes = Dictionary::new();
                    attributes.set("O", name("Table"));
                    attributes.set("Scope", name("Column"));
                    element.extra.push(("A", Object::Dictionary(attributes)));
                }
                Kind::Note(number) => {
                    let id_text = format!("note-{g}-{number}");
                    element.extra.push((
                        "ID",
                        Object::String(id_text.clone().into_bytes(), StringFormat::Literal),
                    ));
                    note_ids.push((id_text, id));
                }
                _ => {}
            }
            dicts.insert(id, element);
            if parent == document_id {
                document_kids.push(id);
            } else if let Some(parent) = dicts.get_mut(&parent) {
                parent.kids.push(Kid::Ref(id));
            }
        }
        elements.push(ids);
    }

    // Content: each MCID under its owner, in content order; the parent tree maps back.
    let mut parent_tree: Vec<(i64, Vec<ObjectId>)> = Vec::with_capacity(marks.len());
    for (index, page) in marks.iter().enumerate() {
        let Some(&page_id) = page_ids.get(index) else {
            continue;
        };
        let mut owners = Vec::with_capacity(page.marks.len());
        for (mcid, owner) in page.marks.iter().enumerate() {
            let mcid = u32::try_from(mcid).unwrap_or(u32::MAX);
            let owner_id = match owner {
                Owner::Marking => marking_id.unwrap_or(document_id),
                Owner::Node(tag) => element_of(&elements, *tag),
                Owner::Span { tag, phrase } => match spans.get(phrase) {
                    Some(&id) => id,
                    None => {
                        let parent = element_of(&elements, *tag);
                        let id = doc.reserve();
                        let mut element = Element::new("Span".into(), parent);
                        if let Some(whole) = phrases.get(*phrase) {
                            element.extra.push(("Lang", text_string(whole.language)));
                            element.extra.push(("ActualText", text_string(&whole.text)));
                        }
                        dicts.insert(id, element);
                        if let Some(parent) = dicts.get_mut(&parent) {
                            parent.kids.push(Kid::Ref(id));
                        }
                        spans.insert(*phrase, id);
                        id
                    }
                },
            };
            if let Some(element) = dicts.get_mut(&owner_id) {
                // Content on the element's own page is a bare MCID; on any other page (a
                // paragraph broken across pages) a marked-content reference names the page.
                let own_page = *element.page.get_or_insert(page_id) == page_id;
                element.kids.push(if own_page {
                    Kid::Mcid(mcid)
                } else {
                    Kid::Mcr(page_id, mcid)
                });
            }
            owners.push(owner_id);
        }
        parent_tree.push((index as i64, owners));
    }

    // Link annotations: each its own object, with a Link element holding its OBJR.
    let mut links_tree: Vec<(i64, ObjectId)> = Vec::new();
    let mut next_key = marks.len() as i64;
    for (index, page) in marks.iter().enumerate() {
        let Some(&page_id) = page_ids.get(index) else {
            continue;
        };
        let annotations = annotations.get(index).map_or(&[][..], Vec::as_slice);
        for (annotation, (owner, description)) in annotations.iter().zip(&page.links) {
            let parent = owner.map_or(document_id, |t| element_of(&elements, t));
            let link_id = doc.reserve();
            let mut element = Element::new("Link".into(), parent);
            element.extra.push(("Alt", text_string(description)));
            element.kids.push(Kid::Objr(page_id, *annotation));
            dicts.insert(link_id, element);
            if let Some(parent) = dicts.get_mut(&parent) {
                parent.kids.push(Kid::Ref(link_id));
            } else {
                document_kids.push(link_id);
            }
            links_tree.push((next_key, link_id));
            next_key += 1;
        }
    }
    drop(elements);

    for (id, element) in std::mem::take(&mut dicts) {
        doc.put(id, &Object::Dictionary(element.into_dictionary()));
    }
    let mut document = element("Document", root_id);
    if !meta.language.is_empty() {
        document.set("Lang", text_string(&meta.language));
    }
    document.set(
        "K",
        Object::Array(document_kids.into_iter().map(Object::Reference).collect()),
    );
    doc.put(document_id, &Object::Dictionary(document));

    let mut nums = Vec::with_capacity(2 * (parent_tree.len() + links_tree.len()));
    for (key, owners) in parent_tree {
        nums.push(Object::Integer(key));
        nums.push(Object::Array(
            owners.into_iter().map(Object::Reference).collect(),
        ));
    }
    for (key, link) in links_tree {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(link));
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    let tree_id = doc.add(&Object::Dictionary(tree));
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Array(vec![Object::Reference(document_id)]));
    root.set("ParentTree", Object::Reference(tree_id));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    if !note_ids.is_empty() {
        note_ids.sort();
        let names = note_ids
            .into_iter()
            .flat_map(|(k, id)| {
                [
                    Object::String(k.into_bytes(), StringFormat::Literal),
                    Object::Reference(id),
                ]
            })
            .collect();
        let mut id_tree = Dictionary::new();
        id_tree.set("Names", Object::Array(names));
        root.set("IDTree", Object::Dictionary(id_tree));
    }
    doc.put(root_id, &Object::Dictionary(root));

    // The XMP stays plain, as PDF/A asks, so any tool can read it.
    let metadata = doc.reserve();
    let mut dict = Dictionary::new();
    dict.set("Type", name("Metadata"));
    dict.set("Subtype", name("XML"));
    doc.put_stream(metadata, dict, xmp(meta, created).as_bytes(), false);
    Tagged {
        root: root_id,
        metadata,
    }
}

fn element(kind: &str, parent: ObjectId) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", name("StructElem"));
    dict.set("S", name(kind));
    dict.set("P", Object::Reference(parent));
    dict
}

/// One kid of a structure element.
enum Kid {
    /// Content on the element's own page.
    Mcid(u32),
    /// Content on another page: a marked-content reference.
    Mcr(ObjectId, u32),
    /// A child element.
    Ref(ObjectId),
    /// An annotation on a page: an object reference.
    Objr(ObjectId, ObjectId),
}

impl Kid {
    fn object(self) -> Object {
        match self {
            Kid::Mcid(mcid) => Object::Integer(i64::from(mcid)),
            Kid::Mcr(page, mcid) => {
                let mut dict = Dictionary::new();
                dict.set("Type", name("MCR"));
                dict.set("Pg", Object::Reference(page));
                dict.set("MCID", Object::Integer(i64::from(mcid)));
                Object::Dictionary(dict)
            }
            Kid::Ref(id) => Object::Reference(id),
            Kid::Objr(page, annotation) => {
                let mut dict = Dictionary::new();
                dict.set("Type", name("OBJR"));
                dict.set("Pg", Object::Reference(page));
                dict.set("Obj", Object::Reference(annotation));
                Object::Dictionary(dict)
            }
        }
    }
}

/// A structure element before it is written.
struct Element {
    kind: String,
    parent: ObjectId,
    /// The page its first content is on.
    page: Option<ObjectId>,
    /// Other entries (Alt, A, ID, Lang, ActualText), rare.
    extra: Vec<(&'static str, Object)>,
    kids: Vec<Kid>,
}

impl Element {
    fn new(kind: String, parent: ObjectId) -> Self {
        Self {
            kind,
            parent,
            page: None,
            extra: Vec::new(),
            kids: Vec::new(),
        }
    }

    fn into_dictionary(self) -> Dictionary {
        let mut dict = element(&self.kind, self.parent);
        for (key, value) in self.extra {
            dict.set(key, value);
        }
        if let Some(page) = self.page {
            dict.set("Pg", Object::Reference(page));
        }
        let mut kids: Vec<Object> = self.kids.into_iter().map(Kid::object).collect();
        // One kid is written bare, as PDF allows: an MCID or a reference, not an array of one.
        dict.set(
            "K",
            if kids.len() == 1 {
                kids.remove(0)
            } else {
                Object::Array(kids)
            },
        );
        dict
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: title, authors, subject, language, marking, dates and `pdfuaid:part 1`,
/// all from the same allow-list as the Info dictionary.
fn xmp(meta: &DocMeta, created: Option<&str>) -> String {
    let mut out = String::from(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\"\n \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
    );
    out.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    let title = if meta.title.is_empty() {
        "Untitled briefing"
    } else {
        &meta.title
    };
    out.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(title)
    ));
    if !meta.authors.is_empty() {
        out.push_str("<dc:creator><rdf:Seq>");
        for author in &meta.authors {
            out.push_str(&format!("<rdf:li>{}</rdf:li>", escape(author)));
        }
        out.push_str("</rdf:Seq></dc:creator>\n");
    }
    if !meta.subtitle.is_empty() {
        out.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(&meta.subtitle)
        ));
    }
    if !meta.language.is_empty() {
        out.push_str(&format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
            escape(&meta.language)
        ));
    }
    if !meta.banner.is_empty() {
        out.push_str(&format!(
            "<pdf:Keywords>Marking: {}</pdf:Keywords>\n",
            escape(&meta.banner)
        ));
    }
    out.push_str(
        "<pdf:Producer>briefdesk</pdf:Producer>\n<xmp:CreatorTool>briefdesk</xmp:CreatorTool>\n",
    );
    if let Some(date) = created {
        out.push_str(&format!(
            "<xmp:CreateDate>{0}</xmp:CreateDate>\n<xmp:ModifyDate>{0}</xmp:ModifyDate>\n",
            escape(date)
        ));
    }
    out.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    out
}
