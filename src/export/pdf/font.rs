//! The fonts of a PDF: each face used becomes a Type 0 font (Identity-H) over a TrueType
//! subset that holds only the glyphs the pages show, renumbered in the order they are first
//! shown, with the widths and a ToUnicode map (what copy, search and screen readers read).
//!
//! The subset keeps the tables a PDF reader draws with (`glyf`, `loca`, `head`, `hhea`,
//! `hmtx`, `maxp`, the hinting tables, `OS/2`, a version-3 `post`); a composite glyph brings
//! its parts, renumbered too.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::object::{Writer, push_hex_byte};
use crate::layout::fonts::FaceId;

/// The glyphs one face has shown, by their number in the subset.
pub struct FaceUse {
    face: FaceId,
    /// Subset number of each glyph of the font (0: not used, except .notdef itself).
    new_of_old: Vec<u16>,
    /// Font glyph of each subset number; [0] is .notdef.
    old_of_new: Vec<u16>,
    /// The text each subset glyph stands for: the first it was shown with.
    texts: Vec<Option<Box<str>>>,
    /// Advance of each font glyph in thousandths of an em, as the text positions assume.
    advances: Vec<i64>,
}

impl FaceUse {
    /// No glyph shown yet.
    pub fn new(face: FaceId) -> Self {
        let glyphs = face
            .font()
            .and_then(|f| read_fonts::TableProvider::maxp(f).ok())
            .map_or(0, |m| usize::from(m.num_glyphs()));
        Self {
            face,
            new_of_old: vec![0; glyphs.max(1)],
            old_of_new: vec![0],
            texts: vec![None],
            advances: (0..glyphs)
                .map(|g| crate::layout::shape::pdf_advance(face, g as u16))
                .collect(),
        }
    }

    /// The subset number of font glyph `gid`, numbering it now if it is new; `text` is what it
    /// stands for (kept only the first time).
    pub fn code(&mut self, gid: u16, text: impl FnOnce() -> String) -> u16 {
        let Some(&code) = self.new_of_old.get(usize::from(gid)) else {
            return 0;
        };
        if code != 0 || gid == 0 {
            if code == 0 && self.texts[0].is_none() {
                self.texts[0] = Some(text().into());
            }
            return code;
        }
        let code = self.old_of_new.len() as u16;
        self.new_of_old[usize::from(gid)] = code;
        self.old_of_new.push(gid);
        self.texts.push(Some(text().into()));
        code
    }

    /// The advance of font glyph `gid`, in thousandths of an em.
    pub fn advance(&self, gid: u16) -> i64 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Writes the font (Type 0 font, CID font, descriptor, subset file, ToUnicode map) under
    /// `id`. `tag` is the subset's six-letter tag.
    pub fn write(mut self, writer: &mut Writer, id: ObjectId, tag: &str) {
        let face = self.face.face();
        let tables = Tables::of(face.data);
        let subset = tables
            .as_ref()
            .map(|t| subset(t, &mut self.old_of_new))
            .unwrap_or_default();
        let base = format!(
            "{tag}+{}",
            face.file.trim_end_matches(".ttf").trim_end_matches(".otf")
        );
        let name = |s: &str| Object::Name(s.as_bytes().to_vec());

        let file_id = writer.reserve();
        let mut file_dict = Dictionary::new();
        file_dict.set("Length1", Object::Integer(subset.len() as i64));
        writer.put_stream(file_id, file_dict, &subset, true);

        let metrics = tables.as_ref().map(Tables::metrics).unwrap_or_default();
        let mut descriptor = Dictionary::new();
        descriptor.set("Type", name("FontDescriptor"));
        descriptor.set("FontName", name(&base));
        let mut flags = 32; // nonsymbolic
        if face.italic {
            flags |= 64;
        }
        if face.family == crate::layout::fonts::Family::Serif {
            flags |= 2;
        }
        if face.family == crate::layout::fonts::Family::Mono {
            flags |= 1;
        }
        descriptor.set("Flags", Object::Integer(flags));
        descriptor.set(
            "FontBBox",
            Object::Array(metrics.bbox.iter().map(|v| Object::Integer(*v)).collect()),
        );
        descriptor.set("ItalicAngle", Object::Real(metrics.italic_angle));
        descriptor.set("Ascent", Object::Integer(metrics.ascent));
        descriptor.set("Descent", Object::Integer(metrics.descent));
        descriptor.set("CapHeight", Object::Integer(metrics.cap_height));
        descriptor.set("StemV", Object::Integer(if face.bold { 166 } else { 88 }));
        descriptor.set("FontFile2", Object::Reference(file_id));
        let descriptor_id = writer.add(&Object::Dictionary(descriptor));

        let widths: Vec<Object> = self
            .old_of_new
            .iter()
            .map(|&old| Object::Integer(self.advance(old)))
            .collect();
        let mut info = Dictionary::new();
        info.set(
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        );
        info.set(
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        );
        info.set("Supplement", Object::Integer(0));
        let mut cid = Dictionary::new();
        cid.set("Type", name("Font"));
        cid.set("Subtype", name("CIDFontType2"));
        cid.set("BaseFont", name(&base));
        cid.set("CIDSystemInfo", Object::Dictionary(info));
        cid.set("FontDescriptor", Object::Reference(descriptor_id));
        cid.set("CIDToGIDMap", name("Identity"));
        cid.set(
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        );
        let cid_id = writer.add(&Object::Dictionary(cid));

        let cmap_id = writer.reserve();
        writer.put_stream(cmap_id, Dictionary::new(), &self.to_unicode(tag), true);

        let mut font = Dictionary::new();
        font.set("Type", name("Font"));
        font.set("Subtype", name("Type0"));
        font.set("BaseFont", name(&base));
        font.set("Encoding", name("Identity-H"));
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_id)]),
        );
        font.set("ToUnicode", Object::Reference(cmap_id));
        writer.put(id, &Object::Dictionary(font));
    }

    /// The ToUnicode CMap: each subset glyph to the text it was first shown with.
    fn to_unicode(&self, tag: &str) -> Vec<u8> {
        let mut out = format!(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /{tag}-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        )
        .into_bytes();
        let entries: Vec<(usize, &str)> = self
            .texts
            .iter()
            .enumerate()
            .filter_map(|(code, text)| Some((code, text.as_deref()?)))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        // At most 100 entries a block, as the CMap format asks.
        for block in entries.chunks(100) {
            out.extend_from_slice(format!("{} beginbfchar\n", block.len()).as_bytes());
            for (code, text) in block {
                out.push(b'<');
                push_hex_byte(&mut out, (*code >> 8) as u8);
                push_hex_byte(&mut out, *code as u8);
                out.extend_from_slice(b"> <");
                for unit in text.encode_utf16() {
                    push_hex_byte(&mut out, (unit >> 8) as u8);
                    push_hex_byte(&mut out, unit as u8);
                }
                out.extend_from_slice(b">\n");
            }
            out.extend_from_slice(b"endbfchar\n");
        }
        out.extend_from_slice(
            b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        out
    }
}

/// A font file's tables, by tag.
struct Tables<'a> {
    tables: Vec<([u8; 4], &'a [u8])>,
}

/// What a font descriptor says of the face, in thousandths of an em.
#[derive(Default)]
struct Metrics {
    bbox: [i64; 4],
    italic_angle: f32,
    ascent: i64,
    descent: i64,
    cap_height: i64,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn i16_at(data: &[u8], at: usize) -> Option<i16> {
    u16_at(data, at).map(|v| v as i16)
}

impl<'a> Tables<'a> {
    fn of(data: &'a [u8]) -> Option<Self> {
        let count = usize::from(u16_at(data, 4)?);
        let mut tables = Vec::with_capacity(count);
        for i in 0..count {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = data.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(data, record + 8)? as usize;
            let length = u32_at(data, record + 12)? as usize;
            tables.push((tag, data.get(offset..offset.checked_add(length)?)?));
        }
        Some(Self { tables })
    }

    fn get(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        self.tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d)
    }

    fn metrics(&self) -> Metrics {
        let head = self.get(b"head").unwrap_or_default();
        let upem = i64::from(u16_at(head, 18).unwrap_or(1000).max(1));
        let scale = |v: Option<i16>| i64::from(v.unwrap_or(0)) * 1000 / upem;
        let hhea = self.get(b"hhea").unwrap_or_default();
        let os2 = self.get(b"OS/2").unwrap_or_default();
        let post = self.get(b"post").unwrap_or_default();
        let ascent = scale(i16_at(hhea, 4));
        Metrics {
            bbox: [
                scale(i16_at(head, 36)),
                scale(i16_at(head, 38)),
                scale(i16_at(head, 40)),
                scale(i16_at(head, 42)),
            ],
            italic_angle: u32_at(post, 4).map_or(0.0, |v| v as i32 as f32 / 65536.0),
            ascent,
            descent: scale(i16_at(hhea, 6)),
            cap_height: match u16_at(os2, 0) {
                Some(version) if version >= 2 => scale(i16_at(os2, 88)),
                _ => ascent * 7 / 10,
            },
        }
    }
}

/// The subset font file of the glyphs `glyphs` (font glyph by subset number), to which
/// the parts of composite glyphs are added. Empty if the font's tables cannot be read.
fn subset(tables: &Tables, glyphs: &mut Vec<u16>) -> Vec<u8> {
    subset_tables(tables, glyphs).unwrap_or_default()
}

fn subset_tables(tables: &Tables, glyphs: &mut Vec<u16>) -> Option<Vec<u8>> {
    let head = tables.get(b"head")?;
    let maxp = tables.get(b"maxp")?;
    let hhea = tables.get(b"hhea")?;
    let hmtx = tables.get(b"hmtx")?;
    let loca = tables.get(b"loca")?;
    let glyf = tables.get(b"glyf")?;
    let font_glyphs = usize::from(u16_at(maxp, 4)?);
    let long_loca = i16_at(head, 50)? != 0;
    let outline = |gid: u16| -> &[u8] {
        let g = usize::from(gid);
        let (start, end) = if long_loca {
            (u32_at(loca, 4 * g), u32_at(loca, 4 * g + 4))
        } else {
            (
                u16_at(loca, 2 * g).map(|v| u32::from(v) * 2),
                u16_at(loca, 2 * g + 2).map(|v| u32::from(v) * 2),
            )
        };
        match (start, end) {
            (Some(s), Some(e)) if s <= e => glyf.get(s as usize..e as usize).unwrap_or_default(),
            _ => &[],
        }
    };

    // Subset numbers of the font's glyphs, growing as composites bring their parts.
    let mut new_of_old: Vec<Option<u16>> = vec![None; font_glyphs.max(1)];
    for (new, &old) in glyphs.iter().enumerate() {
        if let Some(slot) = new_of_old.get_mut(usize::from(old)) {
            *slot = Some(new as u16);
        }
    }
    let mut new_glyf: Vec<u8> = Vec::new();
    let mut new_loca: Vec<u32> = Vec::with_capacity(glyphs.len() + 1);
    let mut index = 0;
    while index < glyphs.len() {
        new_loca.push(new_glyf.len() as u32);
        let data = outline(glyphs[index]);
        let start = new_glyf.len();
        new_glyf.extend_from_slice(data);
        if i16_at(data, 0).is_some_and(|contours| contours < 0) {
            // A composite: renumber each part, numbering new parts at the end.
            let mut at = 10;
            while let Some(flags) = u16_at(data, at) {
                let Some(part) = u16_at(data, at + 2) else {
                    break;
                };
                let code = match new_of_old.get(usize::from(part)).copied().flatten() {
                    Some(code) => code,
                    None => {
                        let code = glyphs.len() as u16;
                        glyphs.push(part);
                        if let Some(slot) = new_of_old.get_mut(usize::from(part)) {
                            *slot = Some(code);
                        }
                        code
                    }
                };
                new_glyf[start + at + 2..start + at + 4].copy_from_slice(&code.to_be_bytes());
                at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
                at += if flags & 0x0008 != 0 {
                    2
                } else if flags & 0x0040 != 0 {
                    4
                } else if flags & 0x0080 != 0 {
                    8
                } else {
                    0
                };
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
        while !new_glyf.len().is_multiple_of(4) {
            new_glyf.push(0);
        }
        index += 1;
    }
    new_loca.push(new_glyf.len() as u32);
    let count = glyphs.len() as u16;

    let metrics_count = usize::from(u16_at(hhea, 34)?);
    let mut new_hmtx = Vec::with_capacity(glyphs.len() * 4);
    for &old in glyphs.iter() {
        let g = usize::from(old);
        let (advance, bearing) = if g < metrics_count {
            (u16_at(hmtx, 4 * g)?, u16_at(hmtx, 4 * g + 2)?)
        } else {
            let last = metrics_count.checked_sub(1)?;
            (
                u16_at(hmtx, 4 * last)?,
                u16_at(hmtx, 4 * metrics_count + 2 * (g - metrics_count)).unwrap_or(0),
            )
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&bearing.to_be_bytes());
    }

    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1i16.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(34..36)?
        .copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)?
        .copy_from_slice(&count.to_be_bytes());
    let loca_bytes: Vec<u8> = new_loca.iter().flat_map(|o| o.to_be_bytes()).collect();

    let mut out: Vec<([u8; 4], std::borrow::Cow<[u8]>)> = vec![
        (*b"glyf", new_glyf.into()),
        (*b"head", new_head.into()),
        (*b"hhea", new_hhea.into()),
        (*b"hmtx", new_hmtx.into()),
        (*b"loca", loca_bytes.into()),
        (*b"maxp", new_maxp.into()),
    ];
    if let Some(post) = tables.get(b"post").and_then(|p| p.get(..32)) {
        // Version 3: no glyph names, which would need renumbering too.
        let mut post = post.to_vec();
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        out.push((*b"post", post.into()));
    }
    for tag in [b"OS/2", b"cvt ", b"fpgm", b"prep"] {
        if let Some(data) = tables.get(tag) {
            out.push((*tag, data.into()));
        }
    }
    out.sort_by_key(|(tag, _)| *tag);
    Some(sfnt(&out))
}

/// A TrueType file of the given tables (sorted by tag), with checksums and the head's
/// checksum adjustment.
fn sfnt(tables: &[([u8; 4], std::borrow::Cow<[u8]>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut power = 1u16;
    let mut log = 0u16;
    while power * 2 <= count {
        power *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&(power * 16).to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&(count * 16 - power * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_keeps_the_glyphs_shown_and_the_parts_of_composites() {
        let face = FaceId::SerifRegular;
        let font = face.font().expect("bundled");
        let cmap = read_fonts::TableProvider::cmap(font).expect("cmap");
        // 'é' is a composite in Noto Serif (e + acute): its parts come along.
        let gid = |c| cmap.map_codepoint(c).expect("glyph").to_u32() as u16;
        let mut used = FaceUse::new(face);
        let a = used.code(gid('a'), || "a".into());
        let e = used.code(gid('é'), || "é".into());
        assert_eq!((a, e), (1, 2));
        assert_eq!(used.code(gid('a'), || "x".into()), 1);
        let tables = Tables::of(face.face().data).expect("tables");
        let mut glyphs = used.old_of_new.clone();
        let file = subset(&tables, &mut glyphs);
        assert!(glyphs.len() >= 3, "the composite's parts are added");
        let sub = read_fonts::FontRef::new(&file).expect("the subset parses");
        let maxp = read_fonts::TableProvider::maxp(&sub).expect("maxp");
        assert_eq!(usize::from(maxp.num_glyphs()), glyphs.len());
        assert!(file.len() < face.face().data.len() / 10);
        let text = String::from_utf8(used.to_unicode("BDFAAA")).expect("ascii");
        assert!(text.contains("<0001> <0061>") && text.contains("<0002> <00E9>"));
    }
}
