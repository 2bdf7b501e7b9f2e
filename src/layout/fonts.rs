//! The bundled fonts, embedded in the binary so that every machine lays out the same pages,
//! and the coverage check that turns a character no font has into a diagnostic instead of a
//! silent gap on the page.

use std::sync::OnceLock;

use read_fonts::{FontRef, TableProvider};

use crate::diagnostic::Diagnostic;
use crate::doc::{Block, BlockKind, Document, Inline};

/// A family of faces with one role on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Body text.
    Serif,
    /// Headings, banners, tables and page furniture.
    Sans,
    /// Code.
    Mono,
    /// Arabic script: Persian names and quotations.
    Arabic,
}

/// One bundled font file.
#[derive(Debug)]
pub struct Face {
    /// The file name under `fonts/`.
    pub file: &'static str,
    /// Its family.
    pub family: Family,
    /// Bold weight.
    pub bold: bool,
    /// Italic style.
    pub italic: bool,
    /// The font file's bytes.
    pub data: &'static [u8],
}

macro_rules! face {
    ($file:literal, $family:ident, $bold:literal, $italic:literal) => {
        Face {
            file: $file,
            family: Family::$family,
            bold: $bold,
            italic: $italic,
            data: include_bytes!(concat!("../../fonts/", $file)),
        }
    };
}

/// Every bundled face, in the order of [`FaceId::ALL`].
pub static FACES: [Face; 11] = [
    face!("NotoSerif-Regular.ttf", Serif, false, false),
    face!("NotoSerif-Bold.ttf", Serif, true, false),
    face!("NotoSerif-Italic.ttf", Serif, false, true),
    face!("NotoSerif-BoldItalic.ttf", Serif, true, true),
    face!("NotoSans-Regular.ttf", Sans, false, false),
    face!("NotoSans-Bold.ttf", Sans, true, false),
    face!("NotoSans-Italic.ttf", Sans, false, true),
    face!("NotoSans-BoldItalic.ttf", Sans, true, true),
    face!("NotoSansMono-Regular.ttf", Mono, false, false),
    face!("NotoNaskhArabic-Regular.ttf", Arabic, false, false),
    face!("NotoNaskhArabic-Bold.ttf", Arabic, true, false),
];

/// One of the bundled faces, by name; [`FACES`] holds each one's file, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    /// Noto Serif.
    SerifRegular,
    /// Noto Serif Bold.
    SerifBold,
    /// Noto Serif Italic.
    SerifItalic,
    /// Noto Serif Bold Italic.
    SerifBoldItalic,
    /// Noto Sans.
    SansRegular,
    /// Noto Sans Bold.
    SansBold,
    /// Noto Sans Italic.
    SansItalic,
    /// Noto Sans Bold Italic.
    SansBoldItalic,
    /// Noto Sans Mono.
    MonoRegular,
    /// Noto Naskh Arabic (also sets Persian).
    ArabicRegular,
    /// Noto Naskh Arabic Bold.
    ArabicBold,
}

impl FaceId {
    /// Every face, in the order of [`FACES`].
    pub const ALL: [FaceId; 11] = [
        FaceId::SerifRegular,
        FaceId::SerifBold,
        FaceId::SerifItalic,
        FaceId::SerifBoldItalic,
        FaceId::SansRegular,
        FaceId::SansBold,
        FaceId::SansItalic,
        FaceId::SansBoldItalic,
        FaceId::MonoRegular,
        FaceId::ArabicRegular,
        FaceId::ArabicBold,
    ];

    /// The face's place in [`FACES`] (and in the per-face tables built from it).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The face itself.
    pub fn face(self) -> &'static Face {
        &FACES[self.index()]
    }

    /// The parsed font, if its tables can be read (always, for the bundled files).
    pub fn font(self) -> Option<&'static FontRef<'static>> {
        parsed().get(self.index()).and_then(Option::as_ref)
    }

    /// True when the face has a glyph for `c`.
    pub fn covers(self, c: char) -> bool {
        self.font()
            .and_then(|font| font.cmap().ok())
            .and_then(|cmap| cmap.map_codepoint(c))
            .is_some_and(|glyph| glyph.to_u32() != 0)
    }
}

fn parsed() -> &'static [Option<FontRef<'static>>] {
    static PARSED: OnceLock<Vec<Option<FontRef<'static>>>> = OnceLock::new();
    PARSED.get_or_init(|| FACES.iter().map(|f| FontRef::new(f.data).ok()).collect())
}

/// The face of a family closest to the asked weight and style: a family without an italic
/// (Arabic, mono) gives its upright face; one without bold gives its regular.
pub fn select(family: Family, bold: bool, italic: bool) -> FaceId {
    let score = |face: &Face| u8::from(face.bold == bold) * 2 + u8::from(face.italic == italic);
    FaceId::ALL
        .into_iter()
        .filter(|id| id.face().family == family)
        .max_by_key(|id| score(id.face()))
        .unwrap_or(FaceId::SerifRegular)
}

/// The face to set `c` in when the text asks for `wanted`: `wanted` itself if it has the
/// glyph, else the same weight in the Arabic face, the sans, the serif and the monospace (which
/// alone has arrows and box drawing), in that order.
/// `None` when no bundled face has it.
pub fn fallback(wanted: FaceId, c: char) -> Option<FaceId> {
    if wanted.covers(c) {
        return Some(wanted);
    }
    let face = wanted.face();
    [Family::Arabic, Family::Sans, Family::Serif, Family::Mono]
        .into_iter()
        .map(|family| select(family, face.bold, face.italic))
        .find(|id| id.covers(c))
}

/// Characters that are not drawn and so need no glyph.
fn needs_glyph(c: char) -> bool {
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'))
}

/// One diagnostic per character that no bundled face can set, naming the character, its code
/// point, and the section and line of its first use.
pub fn check_coverage(document: &Document) -> Vec<Diagnostic> {
    let mut out = check_meta_coverage(document);
    for section in &document.sections {
        out.extend(check_section_coverage(section));
    }
    out
}

/// Coverage of the cover facts and the source ledger.
pub fn check_meta_coverage(document: &Document) -> Vec<Diagnostic> {
    let mut checker = Coverage::default();
    let meta = &document.meta;
    for text in [
        &meta.title,
        &meta.subtitle,
        &meta.organization,
        &meta.audience,
        &meta.distribution,
        &meta.banner,
    ]
    .into_iter()
    .chain(&meta.authors)
    {
        checker.check(text, None, 0);
    }
    for source in &document.sources {
        checker.check(&Inline::plain_text(&source.content), None, 0);
    }
    checker.found
}

/// Coverage of one section (kept with the section's layout, so only edited sections are
/// checked again).
pub fn check_section_coverage(section: &crate::doc::DocSection) -> Vec<Diagnostic> {
    let mut checker = Coverage::default();
    checker.check(&Inline::plain_text(&section.title), Some(&section.id), 0);
    visit_blocks(&section.blocks, &mut |text, line| {
        checker.check(text, Some(&section.id), line)
    });
    checker.found
}

#[derive(Default)]
struct Coverage {
    // Each distinct character is looked up once, however often the text uses it.
    seen: std::collections::HashSet<char>,
    found: Vec<Diagnostic>,
}

impl Coverage {
    fn check(&mut self, text: &str, section: Option<&str>, line: u32) {
        for c in text.chars() {
            if (c as u32) < 0x80 && !c.is_control() {
                continue; // every face has ASCII
            }
            if !needs_glyph(c)
                || !self.seen.insert(c)
                || fallback(FaceId::SerifRegular, c).is_some()
            {
                continue;
            }
            let mut d = Diagnostic::warning(format!(
                "the character '{c}' (U+{:04X}) is in none of the bundled fonts and would print as an empty box; replace it or remove it",
                u32::from(c)
            ));
            if let Some(section) = section {
                d = d.in_section(section);
            }
            if line > 0 {
                d = d.at_line(line);
            }
            self.found.push(d);
        }
    }
}

fn visit_blocks(blocks: &[Block], f: &mut dyn FnMut(&str, u32)) {
    for block in blocks {
        let line = block.line;
        let mut inl = |inlines: &[Inline]| f(&Inline::plain_text(inlines), line);
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => inl(content),
            BlockKind::List { items, .. } => {
                for item in items {
                    visit_blocks(&item.blocks, f);
                }
            }
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                visit_blocks(inner, f);
            }
            BlockKind::Code { text, .. } => f(text, line),
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    f(&Inline::plain_text(cell), line);
                }
            }
            BlockKind::Figure { alt, title, .. } => {
                f(alt, line);
                f(title, line);
            }
            BlockKind::Rule | BlockKind::PageBreak | BlockKind::SourceList => {}
        }
    }
}
