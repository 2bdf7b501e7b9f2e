//! Pictures: PNG and JPEG decoded to 8-bit pixels, with caps checked from the header before
//! any pixel memory is taken, so a hostile file is a clear error rather than an exhausted
//! machine.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::Arc;

/// The widest or tallest picture accepted, in pixels.
pub const MAX_SIDE: u32 = 20_000;
/// The most pixels a picture may have (about 160 MB as RGBA).
pub const MAX_PIXELS: u64 = 40_000_000;

/// How a picture's pixels are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PixelFormat {
    /// One grey byte per pixel.
    Gray,
    /// Red, green, blue.
    Rgb,
    /// Red, green, blue, alpha.
    Rgba,
}

/// A decoded picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel layout.
    pub format: PixelFormat,
    /// The pixels, row by row.
    pub pixels: Vec<u8>,
}

/// Pictures by the path the document gives them (`src` of a figure).
pub type Images = BTreeMap<String, Arc<Picture>>;

/// Decodes a PNG or JPEG file. Errors are sentences for the author.
pub fn decode(bytes: &[u8]) -> Result<Picture, String> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        decode_png(bytes)
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        decode_jpeg(bytes)
    } else {
        Err("is not a PNG or JPEG picture".into())
    }
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("has no pixels".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "is {width}×{height} pixels, more than the {MAX_SIDE}×{MAX_SIDE} and {} megapixels a picture may have; scale it down",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

fn decode_png(bytes: &[u8]) -> Result<Picture, String> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let header = decoder
        .read_header_info()
        .map_err(|e| format!("is a damaged PNG ({e})"))?;
    check_size(header.width, header.height)?;
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("is a damaged PNG ({e})"))?;
    let size = reader
        .output_buffer_size()
        .ok_or("is too large to decode")?;
    let mut buffer = vec![0; size];
    let frame = reader
        .next_frame(&mut buffer)
        .map_err(|e| format!("is a damaged PNG ({e})"))?;
    buffer.truncate(frame.buffer_size());
    let (format, pixels) = match frame.color_type {
        png::ColorType::Grayscale => (PixelFormat::Gray, buffer),
        png::ColorType::Rgb => (PixelFormat::Rgb, buffer),
        png::ColorType::Rgba => (PixelFormat::Rgba, buffer),
        png::ColorType::GrayscaleAlpha => (
            PixelFormat::Rgba,
            buffer
                .chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
        ),
        png::ColorType::Indexed => return Err("uses a palette the decoder did not expand".into()),
    };
    Ok(Picture {
        width: frame.width,
        height: frame.height,
        format,
        pixels,
    })
}

fn decode_jpeg(bytes: &[u8]) -> Result<Picture, String> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder
        .read_info()
        .map_err(|e| format!("is a damaged JPEG ({e})"))?;
    let info = decoder.info().ok_or("is a damaged JPEG")?;
    check_size(u32::from(info.width), u32::from(info.height))?;
    let pixels = decoder
        .decode()
        .map_err(|e| format!("is a damaged JPEG ({e})"))?;
    let (format, pixels) = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => (PixelFormat::Gray, pixels),
        jpeg_decoder::PixelFormat::L16 => (
            PixelFormat::Gray,
            pixels.chunks_exact(2).map(|p| p[0]).collect(),
        ),
        jpeg_decoder::PixelFormat::RGB24 => (PixelFormat::Rgb, pixels),
        jpeg_decoder::PixelFormat::CMYK32 => (
            PixelFormat::Rgb,
            pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = 255 - u16::from(p[3]);
                    let channel = |c: u8| ((255 - u16::from(c)) * k / 255) as u8;
                    [channel(p[0]), channel(p[1]), channel(p[2])]
                })
                .collect(),
        ),
    };
    Ok(Picture {
        width: u32::from(info.width),
        height: u32::from(info.height),
        format,
        pixels,
    })
}
