//! One page's content stream, written as bytes: text objects with glyph runs (as their
//! numbers in each face's subset, with TJ offsets that put every glyph where layout placed
//! it), rectangles, shapes, lines and pictures, each inside the marked-content sequence of
//! its structure element or as an artifact.

use std::sync::Arc;

use super::font::FaceUse;
use super::font_name;
use super::object::{push_fixed, push_hex_byte, push_int, push_name};
use crate::export::tagged::{self, Owner, PageMarks};
use crate::layout::fonts::FaceId;
use crate::layout::page::{Artifact, GlyphRun, Node, Pt, Rgb, Role};

/// The content stream of one page, tracking the state that is costly to repeat: whether a
/// text object is open, the current font and the current fill colour, and the owner of the
/// marked-content sequence left open for the text that follows.
#[derive(Default)]
pub(super) struct Painter {
    pub(super) out: Vec<u8>,
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
    /// Numbers (two decimals: a hundredth of a point), each followed by a space.
    pub(super) fn numbers(&mut self, values: &[f32]) {
        for &v in values {
            push_fixed(&mut self.out, v, 2);
            self.out.push(b' ');
        }
    }

    /// Opens a marked-content sequence for real content, with the next MCID of the page.
    /// Text of the owner whose sequence is still open (the next line of a paragraph or a
    /// heading) continues that sequence: one MCID per element and stretch of text.
    pub(super) fn content(&mut self, structure: &[Vec<Node>], owner: Owner, marks: &mut PageMarks) {
        if self.in_text && matches!(&self.open, Open::For(open) if *open == owner) {
            return;
        }
        self.begin(structure, &owner, marks, false);
        self.open = Open::For(owner);
    }

    /// Opens a sequence of `owner`'s content for one hyphen added at a line break, which
    /// reads as a soft hyphen (U+00AD); [`Painter::close`] ends it, and no later text
    /// continues it.
    pub(super) fn soft_hyphen(
        &mut self,
        structure: &[Vec<Node>],
        owner: Owner,
        marks: &mut PageMarks,
    ) {
        self.begin(structure, &owner, marks, true);
        self.open = Open::Sealed;
    }

    /// Closes what is open and begins a marked-content sequence of `owner` with the page's
    /// next MCID and, for a soft hyphen, an `/ActualText` of U+00AD.
    fn begin(
        &mut self,
        structure: &[Vec<Node>],
        owner: &Owner,
        marks: &mut PageMarks,
        soft_hyphen: bool,
    ) {
        self.close();
        push_name(
            &mut self.out,
            tagged::mark_name(structure, owner).as_bytes(),
        );
        self.out.extend_from_slice(b" <</MCID ");
        push_int(&mut self.out, marks.marks.len() as i64);
        if soft_hyphen {
            self.out.extend_from_slice(b"/ActualText <FEFF00AD>");
        }
        self.out.extend_from_slice(b">> BDC\n");
        marks.marks.push(owner.clone());
    }

    /// Closes the content sequence left open for text, if any.
    pub(super) fn close(&mut self) {
        if !matches!(std::mem::take(&mut self.open), Open::Nothing) {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    /// Opens an `Artifact` sequence: page furniture (pagination) or layout decoration.
    pub(super) fn artifact(&mut self, role: Role) {
        self.close();
        self.out.extend_from_slice(match role {
            Role::Artifact(Artifact::Banner | Artifact::Header) => {
                b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n".as_slice()
            }
            Role::Artifact(Artifact::Footer | Artifact::PageNumber) => {
                b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
            }
            Role::Artifact(Artifact::Watermark) => {
                b"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\n"
            }
            _ => b"/Artifact <</Type /Layout>> BDC\n",
        });
    }

    /// Closes the sequence opened by [`Painter::content`] or [`Painter::artifact`].
    pub(super) fn end(&mut self) {
        self.open = Open::Nothing;
        self.out.extend_from_slice(b"EMC\n");
    }

    /// Opens a text object if none is, and sets the font if it changed.
    pub(super) fn text(&mut self, face: FaceId, size: Pt) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
            self.font = None;
        }
        let key = (face, size.0.to_bits());
        if self.font != Some(key) {
            push_name(&mut self.out, font_name(face).as_bytes());
            self.out.push(b' ');
            self.numbers(&[size.0]);
            self.out.extend_from_slice(b"Tf\n");
            self.font = Some(key);
        }
    }

    /// Closes the text object, if one is open, before drawing shapes or pictures.
    pub(super) fn graphics(&mut self) {
        // A marked-content sequence begun in a text object ends in it.
        self.close();
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    /// Sets the fill colour if it changed.
    pub(super) fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            for channel in [c.0, c.1, c.2] {
                push_fixed(&mut self.out, f32::from(channel) / 255.0, 3);
                self.out.push(b' ');
            }
            self.out.extend_from_slice(b"rg\n");
            self.fill = Some(c);
        }
    }
}

/// Layout's page space (points from the top-left corner, y down) in PDF user space (points
/// from the bottom-left corner, y up): the one place the page is turned over.
#[derive(Clone, Copy)]
pub(super) struct PageSpace {
    pub(super) height: Pt,
}

/// A link or bookmark lands this far above the line it names, so the line is not at the very
/// top edge of the window.
const DESTINATION_ABOVE: Pt = Pt(12.0);

impl PageSpace {
    /// The bottom edge of a rectangle, where PDF measures it from.
    pub(super) fn bottom(self, rect: &crate::layout::page::Rect) -> Pt {
        self.height - rect.y - rect.h
    }

    /// A text baseline at `y`, raised by `rise`.
    pub(super) fn baseline(self, y: Pt, rise: Pt) -> Pt {
        self.height - y + rise
    }

    /// The top of a view that shows the line at `y`, as a number of PDF user space.
    pub(super) fn destination(self, y: Pt) -> f32 {
        (self.height - y + DESTINATION_ABOVE).0
    }
}

/// One glyph run: a text matrix, then the glyphs (as their numbers in the face's subset)
/// with TJ offsets that put each glyph where layout placed it. Raised glyphs (marks,
/// superscripts) start a new matrix. Right-to-left (`rtl`) text is written in reading order
/// (the offsets step leftwards), so text extraction and the structure tree read it as
/// written.
///
/// Offsets are whole thousandths of an em, each taken from where the previous offsets
/// (rounded as written) left the pen, so rounding never adds up along a line.
pub(super) fn glyph_run_ops(
    run: &GlyphRun,
    rtl: bool,
    space: PageSpace,
    used: &mut FaceUse,
    out: &mut Vec<u8>,
) {
    let mut glyphs: Vec<&crate::layout::page::PlacedGlyph> = if rtl {
        run.glyphs.iter().rev().collect()
    } else {
        run.glyphs.iter().collect()
    };
    // The space a line broke at, written after the run's last glyph in reading order.
    let trailing = trailing_space(run, rtl, used);
    glyphs.extend(trailing.as_ref());
    // Font expansion: the text space is scaled, and the offsets below are in its units.
    let scale = run.scale;
    let expanded = (scale - 1.0).abs() > 1e-4;
    if expanded {
        push_fixed(out, scale * 100.0, 2);
        out.extend_from_slice(b" Tz\n");
    }
    let unit = run.size.0 * scale / 1000.0;
    let mut start = 0;
    while start < glyphs.len() {
        let rise = glyphs[start].rise;
        let mut end = start + 1;
        while end < glyphs.len() && glyphs[end].rise == rise {
            end += 1;
        }
        let x = run.x + glyphs[start].x;
        let y = space.baseline(run.y, rise.pt());
        if run.angle == 0.0 {
            out.extend_from_slice(b"1 0 0 1 ");
        } else {
            let (sin, cos) = run.angle.to_radians().sin_cos();
            for v in [cos, sin, -sin, cos] {
                push_fixed(out, v, 5);
                out.push(b' ');
            }
        }
        push_fixed(out, x.0, 2);
        out.push(b' ');
        push_fixed(out, y.0, 2);
        out.extend_from_slice(b" Tm [<");
        // Where the pen is, relative to the first glyph's origin, in thousandths of an em.
        let mut pen = 0.0f32;
        let origin = glyphs[start].x.0;
        for (i, glyph) in glyphs[start..end].iter().enumerate() {
            if i > 0 {
                let wanted = (glyph.x.0 - origin) / unit;
                let offset = (pen - wanted).round();
                if offset != 0.0 {
                    out.push(b'>');
                    push_int(out, offset as i64);
                    out.push(b'<');
                    pen -= offset;
                }
            }
            let code = used.code(glyph.gid, || glyph.text.to_string());
            push_hex_byte(out, (code >> 8) as u8);
            push_hex_byte(out, code as u8);
            pen += used.advance(glyph.gid) as f32;
        }
        out.extend_from_slice(b">] TJ\n");
        start = end;
    }
    if expanded {
        out.extend_from_slice(b"100 Tz\n");
    }
}

/// A run without the hyphen line breaking added at its end, and that hyphen as a run of its
/// own; the run as it is when it has none.
pub(super) fn split_hyphen(run: &GlyphRun) -> (std::borrow::Cow<'_, GlyphRun>, Option<GlyphRun>) {
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
fn trailing_space(
    run: &GlyphRun,
    rtl: bool,
    used: &FaceUse,
) -> Option<crate::layout::page::PlacedGlyph> {
    if !run.space_after {
        return None;
    }
    let gid = crate::layout::shape::space_glyph(run.face)?;
    let em = |gid: u16| used.advance(gid) as f32 / 1000.0 * run.size * run.scale;
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
