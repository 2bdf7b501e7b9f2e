//! Typesetting: fonts now; shaping, line breaking and pagination arrive with the PDF export.

pub mod fonts;
