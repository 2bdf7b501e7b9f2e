//! The page style: the page's geometry and where its furniture sits, computed once from the
//! document's page setup, so no position on the page is written twice.

use crate::doc::DocMeta;
use crate::units::Pt;

/// Where things sit on every page, in points from the page's top-left corner.
#[derive(Clone, Copy, Debug)]
pub(super) struct PageStyle {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Left edge of the text block.
    pub left: Pt,
    /// Top edge of the body.
    pub top: Pt,
    /// Width of the text block (the measure).
    pub text_width: Pt,
    /// Height of the body, from `top`.
    pub body_height: Pt,
}

/// Smallest text block either way, in millimetres, whatever the margins say.
const MIN_TEXT_MM: f64 = 20.0;

impl PageStyle {
    /// The style of a document's pages: its paper size less its margins.
    pub fn of(meta: &DocMeta) -> Self {
        let (w, h) = meta.page_size.dimensions();
        let (width, height) = meta.page_size.points();
        let m = meta.margins;
        let text = crate::units::Mm((w.0 - m.left.0 - m.right.0).max(MIN_TEXT_MM));
        let body = crate::units::Mm((h.0 - m.top.0 - m.bottom.0).max(MIN_TEXT_MM));
        Self {
            width,
            height,
            left: m.left.to_pt(),
            top: m.top.to_pt(),
            text_width: text.to_pt(),
            body_height: body.to_pt(),
        }
    }

    /// The right edge of the text block.
    pub fn right(&self) -> Pt {
        self.left + self.text_width
    }

    /// The bottom edge of the body.
    pub fn bottom(&self) -> Pt {
        self.top + self.body_height
    }

    /// Top edges of the two marking banners' bands: near the top and near the bottom edge.
    pub fn banner_bands(&self) -> [Pt; 2] {
        [Pt(16.0), self.height - Pt(30.0)]
    }

    /// Height of a banner's coloured band.
    pub const BANNER_HEIGHT: Pt = Pt(14.0);

    /// Baseline of a banner's text below the band's top.
    pub const BANNER_BASELINE: Pt = Pt(10.5);

    /// Baseline of the running head (above the body).
    pub fn head_y(&self) -> Pt {
        self.top - Pt(16.0)
    }

    /// Baseline of the running foot and the page number (below the body).
    pub fn foot_y(&self) -> Pt {
        self.bottom() + Pt(24.0)
    }

    /// Share of the measure the rule above a page's footnotes spans.
    pub const FOOTNOTE_RULE: f32 = 0.3;
}
