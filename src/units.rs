//! Lengths as types: millimetres in the document file, points in layout and PDF.

use serde::{Deserialize, Serialize};

/// Points per millimetre (72 points to the inch, 25.4 mm to the inch).
const PT_PER_MM: f64 = 72.0 / 25.4;

/// A length in millimetres, as the author types it.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mm(pub f64);

/// A length in PostScript points (1/72 inch), the unit of layout and PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f64);

impl Mm {
    /// The same length in points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 * PT_PER_MM)
    }

    /// The same length in points at layout's precision (`f32`), the unit of every position
    /// on a laid-out page.
    pub fn points(self) -> f32 {
        self.to_pt().0 as f32
    }
}

impl Pt {
    /// The same length in millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 / PT_PER_MM)
    }

    /// A length in layout points (`f32`) as millimetres.
    pub fn mm_of(points: f32) -> f64 {
        f64::from(points) / PT_PER_MM
    }
}

/// Points to the inch: pictures' resolution in the PDF is pixels per inch.
pub const PT_PER_INCH: f32 = 72.0;
