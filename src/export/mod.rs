//! Exporters: each turns the composed document into bytes or text; only the app and the
//! command line write files.

pub mod docx;
pub mod markdown;
pub mod pdf;
pub mod reading;
pub mod tagged;
