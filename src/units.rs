//! Lengths as types: millimetres in the document file, points in layout, on the laid-out page
//! and in the PDF. Every conversion between units — millimetres, points, inches, screen
//! pixels — is written here and nowhere else.

use serde::{Deserialize, Serialize};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points per millimetre (72 points to the inch, 25.4 mm to the inch).
const PT_PER_MM: f64 = 72.0 / 25.4;

/// Points to the inch: pictures' resolution is pixels per inch.
const PT_PER_INCH: f32 = 72.0;

/// A length in millimetres, as the author types it.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mm(pub f64);

/// A length in PostScript points (1/72 inch): every position and size on a laid-out page.
///
/// `f32` is layout's precision: a page is under 5 000 pt, so a position is exact to well below
/// a thousandth of a point. Lengths add and subtract, scale by a number and divide into a ratio;
/// multiplying two lengths is not a length and does not compile.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Mm {
    /// The same length in points.
    pub fn to_pt(self) -> Pt {
        Pt((self.0 * PT_PER_MM) as f32)
    }
}

impl Pt {
    /// No length.
    pub const ZERO: Pt = Pt(0.0);

    /// The same length in millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(f64::from(self.0) / PT_PER_MM)
    }

    /// The length of `pixels` of a picture meant to be shown at `per_inch` pixels to the inch.
    pub fn of_pixels(pixels: f32, per_inch: f32) -> Pt {
        Pt(pixels * PT_PER_INCH / per_inch.max(f32::MIN_POSITIVE))
    }

    /// The resolution, in pixels to the inch, at which `pixels` span this length.
    pub fn pixels_per_inch(self, pixels: f32) -> f32 {
        pixels * PT_PER_INCH / self.0.max(0.01)
    }

    /// The length on a screen drawing `pixels_per_pt` pixels to the point.
    pub fn pixels(self, pixels_per_pt: f32) -> f32 {
        self.0 * pixels_per_pt
    }

    /// The scale, in screen pixels (or points) to the point, at which this length spans
    /// `pixels`.
    pub fn scale_to(self, pixels: f32) -> f32 {
        pixels / self.0.max(f32::MIN_POSITIVE)
    }

    /// The length `pixels` span on a screen drawing `pixels_per_pt` pixels to the point.
    pub fn of_screen(pixels: f32, pixels_per_pt: f32) -> Pt {
        Pt(pixels / pixels_per_pt)
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }

    /// The length without its sign.
    pub fn abs(self) -> Pt {
        Pt(self.0.abs())
    }

    /// Orders lengths totally (NaN last), for sorting.
    pub fn total_cmp(&self, other: &Pt) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }

    /// Whether the length is a finite number (not NaN or infinite).
    pub fn is_finite(self) -> bool {
        self.0.is_finite()
    }
}

/// Written as the number of points, honouring the formatter's precision (`{:.1}` → `12.5`).
impl std::fmt::Display for Pt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, other: Pt) -> Pt {
        Pt(self.0 + other.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, other: Pt) -> Pt {
        Pt(self.0 - other.0)
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, other: Pt) {
        self.0 += other.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, other: Pt) {
        self.0 -= other.0;
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, factor: f32) -> Pt {
        Pt(self.0 * factor)
    }
}

impl Mul<Pt> for f32 {
    type Output = Pt;
    fn mul(self, length: Pt) -> Pt {
        Pt(self * length.0)
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, divisor: f32) -> Pt {
        Pt(self.0 / divisor)
    }
}

/// One length over another is a plain ratio.
impl Div for Pt {
    type Output = f32;
    fn div(self, other: Pt) -> f32 {
        self.0 / other.0
    }
}

impl Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(lengths: I) -> Pt {
        Pt(lengths.map(|p| p.0).sum())
    }
}

impl<'a> Sum<&'a Pt> for Pt {
    fn sum<I: Iterator<Item = &'a Pt>>(lengths: I) -> Pt {
        Pt(lengths.map(|p| p.0).sum())
    }
}

/// A length as a number of points at double precision: the page painter's (kurbo's) coordinates,
/// which a transform then takes to pixels.
impl From<Pt> for f64 {
    fn from(length: Pt) -> f64 {
        f64::from(length.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_is_595_by_842_points_and_back() {
        let (w, h) = (Mm(210.0).to_pt(), Mm(297.0).to_pt());
        assert!((w.0 - 595.2756).abs() < 1e-3, "{w:?}");
        assert!((h.0 - 841.8898).abs() < 1e-3, "{h:?}");
        assert!((h.to_mm().0 - 297.0).abs() < 1e-4);
    }

    #[test]
    fn lengths_add_scale_and_divide_into_ratios() {
        let a = Pt(10.0);
        let b = Pt(2.5);
        assert_eq!(a + b, Pt(12.5));
        assert_eq!(a - b, Pt(7.5));
        assert_eq!(a * 2.0, Pt(20.0));
        assert_eq!(0.5 * a, Pt(5.0));
        assert_eq!(a / b, 4.0);
        assert_eq!([a, b].iter().sum::<Pt>(), Pt(12.5));
        assert_eq!((-a).abs(), a);
    }

    #[test]
    fn pixels_and_inches() {
        // 144 pixels at 144 per inch is one inch.
        assert_eq!(Pt::of_pixels(144.0, 144.0), Pt(72.0));
        assert_eq!(Pt(72.0).pixels_per_inch(300.0), 300.0);
        assert_eq!(Pt(10.0).pixels(2.0), 20.0);
        assert_eq!(Pt::of_screen(20.0, 2.0), Pt(10.0));
        assert_eq!(Pt(100.0).scale_to(250.0), 2.5);
    }
}
