//! The laid-out pages: what the PDF writer and the preview both draw. All lengths are in
//! points ([`Pt`]), with the origin at the top-left corner of the page and y growing downwards.

use super::fonts::FaceId;
pub use crate::units::Pt;

/// An sRGB colour, 0–255 per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Body text.
    pub const TEXT: Rgb = Rgb(0x1a, 0x1a, 0x1a);
    /// Secondary text: running heads, captions.
    pub const MUTED: Rgb = Rgb(0x5f, 0x63, 0x68);
    /// Links.
    pub const LINK: Rgb = Rgb(0x1a, 0x4f, 0x9c);
    /// Rules and borders.
    pub const RULE: Rgb = Rgb(0xb8, 0xbc, 0xc2);
    /// Shaded backgrounds (code, table header).
    pub const SHADE: Rgb = Rgb(0xf1, 0xf2, 0xf4);
    /// The draft watermark.
    pub const WATERMARK: Rgb = Rgb(0xf3, 0xe4, 0xe4);
    /// White.
    pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
    /// Inserted text in the review copy and the redline (underlined too: never colour
    /// alone).
    pub const INSERTED: Rgb = Rgb(0x0b, 0x5c, 0xad);
    /// Deleted text in the review copy and the redline (struck through too).
    pub const DELETED: Rgb = Rgb(0xb0, 0x1c, 0x2e);
    /// The highlight behind text a review comment is about.
    pub const HIGHLIGHT: Rgb = Rgb(0xff, 0xee, 0x99);
    /// A review comment's number.
    pub const COMMENT: Rgb = Rgb(0x8a, 0x4b, 0x00);
}

/// A rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub w: Pt,
    /// Height.
    pub h: Pt,
}

impl Rect {
    /// The same rectangle moved by (dx, dy).
    pub fn moved(self, dx: Pt, dy: Pt) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }
}

/// What a piece of page content is, for the tagged PDF and for navigation: a node of the
/// logical structure, or an artifact that is not part of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The document title on the cover.
    Title,
    /// Cover page facts (subtitle, date, authors…).
    CoverText,
    /// A heading, level 1 (section) to 6.
    Heading(u8),
    /// Body paragraph.
    Paragraph,
    /// The bullet or number of a list item.
    ListLabel,
    /// The content of a list item.
    ListBody,
    /// A table header cell.
    TableHeader,
    /// A table body cell.
    TableCell,
    /// Preformatted code.
    Code,
    /// Quoted text.
    Quote,
    /// A footnote at the foot of the page.
    Footnote,
    /// An entry of the table of contents.
    TocEntry,
    /// A figure or its caption.
    Figure,
    /// An entry of the sources list.
    SourceEntry,
    /// Not content: page furniture and decoration.
    Artifact(Artifact),
}

/// Where a piece of content sits in the logical structure: a group (the cover, the contents,
/// one section) and a node of that group's tree. Content without a tag is an artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    /// The group, an index into [`Pages::structure`].
    pub group: u32,
    /// The node within the group.
    pub node: u32,
}

impl Tag {
    /// No place in the structure (yet).
    pub const NONE: Tag = Tag {
        group: u32::MAX,
        node: u32::MAX,
    };

    /// Decorative content: an artifact on purpose, never given a node.
    pub const DECORATIVE: Tag = Tag {
        group: u32::MAX,
        node: u32::MAX - 1,
    };

    /// Whether the content has a node.
    pub fn is_set(self) -> bool {
        self.node < u32::MAX - 1
    }
}

impl Default for Tag {
    fn default() -> Self {
        Tag::NONE
    }
}

/// A structure element type (PDF 1.7 standard structure types).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A section of the briefing.
    Sect,
    /// A heading, 1–6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's label.
    Lbl,
    /// A list item's body.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell (scope: column).
    TH,
    /// A data cell.
    TD,
    /// A picture, with its alternative text.
    Figure(String),
    /// A figure's caption.
    Caption,
    /// A footnote, by number.
    Note(u32),
    /// A quotation.
    BlockQuote,
    /// Preformatted code.
    Code,
    /// The table of contents.
    Toc,
    /// One entry of it.
    TocI,
    /// An inline piece of its own: a contents entry's page number, read after the entry.
    Span,
    /// An entry of the sources list.
    BibEntry,
}

impl Kind {
    /// The structure type's name in the PDF.
    pub fn name(&self) -> String {
        match self {
            Kind::Sect => "Sect".into(),
            Kind::H(level) => format!("H{}", level.clamp(&1, &6)),
            Kind::P => "P".into(),
            Kind::L => "L".into(),
            Kind::LI => "LI".into(),
            Kind::Lbl => "Lbl".into(),
            Kind::LBody => "LBody".into(),
            Kind::Table => "Table".into(),
            Kind::TR => "TR".into(),
            Kind::TH => "TH".into(),
            Kind::TD => "TD".into(),
            Kind::Figure(_) => "Figure".into(),
            Kind::Caption => "Caption".into(),
            Kind::Note(_) => "Note".into(),
            Kind::BlockQuote => "BlockQuote".into(),
            Kind::Code => "Code".into(),
            Kind::Toc => "TOC".into(),
            Kind::TocI => "TOCI".into(),
            Kind::Span => "Span".into(),
            Kind::BibEntry => "BibEntry".into(),
        }
    }
}

/// A node of a group's structure tree; children come after their parent, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// Its parent in the group (`None`: a child of the document).
    pub parent: Option<u32>,
}

/// Kinds of artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Artifact {
    /// The protective-marking banner.
    Banner,
    /// Running header.
    Header,
    /// Running footer.
    Footer,
    /// "Page X of Y".
    PageNumber,
    /// The DRAFT watermark.
    Watermark,
    /// Rules, borders and shading.
    Decoration,
}

/// The source text a glyph stands for: almost always one character, kept without a heap
/// allocation (a 1000-page document has millions of glyphs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlyphText {
    /// One character.
    Char(char),
    /// Several characters (a ligature) or none; boxed twice, so the glyph stays small.
    Str(Box<Box<str>>),
    /// A hyphen the line breaker added where it broke a word: drawn and shown as `-`, but
    /// not part of the text, so the PDF's text layer gives it as a soft hyphen (U+00AD).
    Hyphen,
}

impl GlyphText {
    /// The text of a glyph.
    pub fn new(text: &str) -> Self {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => GlyphText::Char(c),
            _ => GlyphText::Str(Box::new(text.into())),
        }
    }

    /// Appends the text to `out`.
    pub fn push_to(&self, out: &mut String) {
        match self {
            GlyphText::Char(c) => out.push(*c),
            GlyphText::Str(s) => out.push_str(s),
            GlyphText::Hyphen => out.push('-'),
        }
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GlyphText::Char(c) => write!(f, "{c}"),
            GlyphText::Str(s) => f.write_str(s),
            GlyphText::Hyphen => f.write_str("-"),
        }
    }
}

/// A glyph placed in a run: 24 bytes, since a long document holds millions of them.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    /// Offset from the run's origin along the baseline.
    pub x: Pt,
    /// Glyph id.
    pub gid: u16,
    /// Offset above the baseline.
    pub rise: Rise,
    /// The source text of the glyph.
    pub text: GlyphText,
}

// The size the comment above promises.
const _: () = assert!(std::mem::size_of::<PlacedGlyph>() == 24);

/// A glyph's offset above its baseline (a mark above its letter, a shaped offset), kept in
/// hundredths of a point in two bytes: ±327 pt, far beyond any offset a font makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rise(i16);

impl Rise {
    /// On the baseline.
    pub const ZERO: Rise = Rise(0);

    /// The rise nearest `length`.
    pub fn of(length: Pt) -> Self {
        Rise(
            (length.0 * 100.0)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16,
        )
    }

    /// As a length.
    pub fn pt(self) -> Pt {
        Pt(f32::from(self.0) / 100.0)
    }
}

/// Glyphs of one face, size and colour on one baseline.
#[derive(Clone, Debug)]
pub struct GlyphRun {
    /// The face.
    pub face: FaceId,
    /// Font size.
    pub size: Pt,
    /// Fill colour.
    pub color: Rgb,
    /// Origin: left end of the baseline.
    pub x: Pt,
    /// Baseline.
    pub y: Pt,
    /// Rotation counter-clockwise in degrees (the watermark); 0 for text.
    pub angle: f32,
    /// The glyphs, left to right; shared, so placing a run on a page copies no glyphs.
    pub glyphs: std::sync::Arc<Vec<PlacedGlyph>>,
    /// Its structure role.
    pub role: Role,
    /// Its place in the logical structure (none for artifacts).
    pub tag: Tag,
    /// The line breaks at a space after this run (the run ends the line in reading order):
    /// nothing draws that space, but the text layer keeps it, so words on either side of a
    /// line break stay apart for whoever reads the text rather than the page.
    pub space_after: bool,
    /// Horizontal scale of the glyphs (1 = as designed): a justified line's font expansion,
    /// at most a percent and a half either way. Glyph offsets already include it.
    pub scale: f32,
}

/// Runs are equal when everything about them is; glyphs shared with the other run (a
/// section's flow kept from the last layout) are equal without looking at each one, which
/// makes "is this page as it was painted?" cheap.
impl PartialEq for GlyphRun {
    fn eq(&self, other: &Self) -> bool {
        self.face == other.face
            && self.size == other.size
            && self.color == other.color
            && self.x == other.x
            && self.y == other.y
            && self.angle == other.angle
            && self.role == other.role
            && self.tag == other.tag
            && self.space_after == other.space_after
            && self.scale == other.scale
            && (std::sync::Arc::ptr_eq(&self.glyphs, &other.glyphs) || self.glyphs == other.glyphs)
    }
}

impl GlyphRun {
    /// The text the run stands for.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for glyph in self.glyphs.iter() {
            glyph.text.push_to(&mut out);
        }
        out.replace('\u{200B}', "")
    }
}

/// One thing drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Text.
    Text(GlyphRun),
    /// A filled rectangle.
    Fill {
        /// Where.
        rect: Rect,
        /// Colour.
        color: Rgb,
        /// Role (an artifact, or the figure frame).
        role: Role,
    },
    /// A filled shape of one or more rings (holes by the even-odd rule).
    Shape {
        /// Closed rings of points.
        rings: Vec<Vec<(Pt, Pt)>>,
        /// Colour.
        color: Rgb,
        /// Role (an artifact).
        role: Role,
    },
    /// A picture scaled into a rectangle.
    Image {
        /// Where.
        rect: Rect,
        /// The pixels.
        picture: std::sync::Arc<super::image::Picture>,
        /// Alternative text.
        alt: String,
        /// Its place in the logical structure (none: decorative, an artifact).
        tag: Tag,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (Pt, Pt),
        /// End.
        to: (Pt, Pt),
        /// Stroke width.
        width: Pt,
        /// Colour.
        color: Rgb,
    },
}

/// Where a link goes once the pages are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkGoal {
    /// An http, https or mailto URL.
    Uri(String),
    /// A section, by id.
    Section(String),
}

/// A clickable area.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The area.
    pub rect: Rect,
    /// The target.
    pub goal: LinkGoal,
}

/// The part of a page a section occupies, so clicking the preview selects it.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// The section id.
    pub section: String,
    /// The area.
    pub rect: Rect,
}

/// One page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
    /// Clickable areas.
    pub links: Vec<Link>,
    /// Section areas.
    pub regions: Vec<Region>,
}

/// An entry of the document outline (bookmarks).
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    /// Heading text.
    pub title: String,
    /// 1 for sections, 2.. for headings inside them.
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading on the page.
    pub y: Pt,
}

/// The laid-out document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pages {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// The pages, shared: a page that did not change since the last layout is the same page
    /// (layout keeps the last pages and hands back those whose content is the same).
    pub pages: Vec<std::sync::Arc<Page>>,
    /// Bookmarks in document order.
    pub outline: Vec<OutlineEntry>,
    /// Section id → (page, y) of its heading, for internal links.
    pub anchors: std::collections::BTreeMap<String, (usize, Pt)>,
    /// The logical structure, one tree per group in reading order; content points into it
    /// with its [`Tag`].
    pub structure: Vec<Vec<Node>>,
}
