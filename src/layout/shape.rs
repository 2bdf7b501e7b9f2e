//! Shaping: text in one face and direction → glyph ids with advances, through harfrust.
//! Results are cached per (face, direction, text), so a word is shaped once per document.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use harfrust::{Buffer, ClusterLevel, Direction, ShapeOptions, ShaperFont};
use read_fonts::TableProvider;

use super::fonts::{FACES, FaceId};
use super::page::GlyphText;

/// One glyph of a shaped text, in ems of the font size.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub gid: u16,
    /// Advance, in ems.
    pub advance: f32,
    /// Horizontal offset from the pen, in ems.
    pub x_offset: f32,
    /// Vertical offset from the baseline (up is positive), in ems.
    pub y_offset: f32,
    /// The source text this glyph stands for, so copy and search give the text back
    /// (a ligature carries all its characters; a glyph sharing a character carries a
    /// zero-width space).
    pub text: GlyphText,
}

/// A shaped piece of text: glyphs in visual (left-to-right) order.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// Total advance, in ems.
    pub width: f32,
}

/// Vertical metrics of a face, in ems.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Height above the baseline.
    pub ascent: f32,
    /// Depth below the baseline (positive).
    pub descent: f32,
    /// Height of capital letters.
    pub cap_height: f32,
    /// Units per em (for PDF width arithmetic).
    pub units_per_em: u16,
}

fn fonts() -> &'static [Option<harfrust::Font>] {
    static FONTS: OnceLock<Vec<Option<harfrust::Font>>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FACES
            .iter()
            .map(|f| harfrust::Font::new(f.data, 0))
            .collect()
    })
}

/// The vertical metrics of a face.
pub fn metrics(face: FaceId) -> Metrics {
    static METRICS: OnceLock<Vec<Metrics>> = OnceLock::new();
    let all = METRICS.get_or_init(|| {
        FaceId::ALL
            .iter()
            .map(|id| {
                let font = id.font();
                let upem = font
                    .and_then(|f| f.head().ok())
                    .map_or(1000, |h| h.units_per_em());
                let em = f32::from(upem.max(1));
                let (ascent, descent) =
                    font.and_then(|f| f.hhea().ok())
                        .map_or((800.0, 200.0), |h| {
                            (
                                f32::from(h.ascender().to_i16()),
                                -f32::from(h.descender().to_i16()),
                            )
                        });
                let cap = font
                    .and_then(|f| f.os2().ok())
                    .and_then(|o| o.s_cap_height())
                    .map_or(ascent * 0.7, f32::from);
                Metrics {
                    ascent: ascent / em,
                    descent: descent / em,
                    cap_height: cap / em,
                    units_per_em: upem,
                }
            })
            .collect()
    });
    all[face.index()]
}

/// The width the PDF viewer advances after a glyph, in thousandths of an em (truncated): the
/// PDF writer puts these in the font's `/W` array and steps its pen by them, so its offsets
/// reproduce our positions.
pub fn pdf_advance(face: FaceId, gid: u16) -> i64 {
    let Some(font) = face.font() else { return 0 };
    let upem = f32::from(metrics(face).units_per_em.max(1));
    font.hmtx()
        .ok()
        .and_then(|h| h.advance(read_fonts::types::GlyphId::new(u32::from(gid))))
        .map_or(0, |w| (f32::from(w) * 1000.0 / upem) as i64)
}

/// The face's glyph for the space character.
pub fn space_glyph(face: FaceId) -> Option<u16> {
    let gid = face.font()?.cmap().ok()?.map_codepoint(' ')?;
    u16::try_from(gid.to_u32()).ok()
}

/// A cache of shaped text, and of which face sets which character.
#[derive(Default)]
pub struct Shaper {
    cache: HashMap<(FaceId, bool), HashMap<String, Arc<Shaped>>>,
    faces: HashMap<(FaceId, char), Option<FaceId>>,
}

impl Shaper {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Shapes `text` in `face`, right-to-left when `rtl`.
    pub fn shape(&mut self, face: FaceId, text: &str, rtl: bool) -> Arc<Shaped> {
        let words = self.cache.entry((face, rtl)).or_default();
        if let Some(hit) = words.get(text) {
            return hit.clone();
        }
        let shaped = Arc::new(shape_uncached(face, text, rtl));
        words.insert(text.to_owned(), shaped.clone());
        shaped
    }

    /// The face to set `c` in when the text asks for `wanted` (see [`fallback`]), cached.
    ///
    /// [`fallback`]: super::fonts::fallback
    pub fn face_for(&mut self, wanted: FaceId, c: char) -> Option<FaceId> {
        if (' '..='~').contains(&c) {
            return Some(wanted); // every bundled face has printable ASCII
        }
        *self
            .faces
            .entry((wanted, c))
            .or_insert_with(|| super::fonts::fallback(wanted, c))
    }
}

fn shape_uncached(face: FaceId, text: &str, rtl: bool) -> Shaped {
    let Some(Some(font)) = fonts().get(face.index()) else {
        return Shaped {
            glyphs: Vec::new(),
            width: 0.0,
        };
    };
    let upem = f32::from(metrics(face).units_per_em.max(1));
    let shaper = ShaperFont::new(font);
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    // Character-level clusters, so each glyph maps back to its own characters.
    buffer.set_cluster_level(ClusterLevel::MonotoneCharacters);
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new()).is_err() {
        return Shaped {
            glyphs: Vec::new(),
            width: 0.0,
        };
    }
    let infos = buffer.glyph_infos();
    let positions = buffer.glyph_positions();
    // Each glyph's text runs from its cluster to the next larger cluster start.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut claimed = std::collections::HashSet::new();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut width = 0.0;
    for (info, pos) in infos.iter().zip(positions) {
        let start = info.cluster as usize;
        let end = starts
            .get(starts.partition_point(|&s| s <= start))
            .copied()
            .unwrap_or(text.len());
        let cluster_text = text.get(start..end).unwrap_or("");
        let text = if claimed.insert(start) && !cluster_text.is_empty() {
            GlyphText::new(cluster_text)
        } else {
            GlyphText::Char('\u{200B}')
        };
        let advance = pos.x_advance as f32 / upem;
        width += advance;
        glyphs.push(Glyph {
            gid: u16::try_from(info.glyph_id).unwrap_or(0),
            advance,
            x_offset: pos.x_offset as f32 / upem,
            y_offset: pos.y_offset as f32 / upem,
            text,
        });
    }
    Shaped { glyphs, width }
}
