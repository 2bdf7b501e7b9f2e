//! The file itself: objects written in the order they are finished, each remembered by its
//! byte offset for the cross-reference table, so a page's content is in the output (and out
//! of memory) as soon as it is written.
//!
//! Objects are `lopdf` values, serialised here; lopdf stays the reader the tests use.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// The deflate level: on the 12-page text's streams, 6 gives 2 % more bytes than the best
/// level (9) in a fifth of its time; 1 gives 31 % more.
const DEFLATE: u32 = 6;

/// A PDF being written front to back.
pub struct Writer {
    out: Vec<u8>,
    /// Byte offset of each object by number (index 0 is the free head); `None` until written.
    offsets: Vec<Option<usize>>,
}

impl Writer {
    /// A file with its header written.
    pub fn new() -> Self {
        let mut out = Vec::with_capacity(1 << 16);
        // The binary comment tells transfer tools the file is not text.
        out.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
        Self {
            out,
            offsets: vec![None],
        }
    }

    /// A number for an object written later.
    pub fn reserve(&mut self) -> ObjectId {
        self.offsets.push(None);
        ((self.offsets.len() - 1) as u32, 0)
    }

    /// Writes an object under a number from [`Writer::reserve`].
    pub fn put(&mut self, id: ObjectId, object: &Object) {
        self.begin(id);
        write_object(&mut self.out, object);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Reserves a number and writes the object under it.
    pub fn add(&mut self, object: &Object) -> ObjectId {
        let id = self.reserve();
        self.put(id, object);
        id
    }

    /// Writes a stream, deflated when `deflate` is set and that makes it smaller.
    pub fn put_stream(&mut self, id: ObjectId, mut dict: Dictionary, data: &[u8], deflate: bool) {
        let packed = deflate.then(|| self::deflate(data)).flatten();
        let content = match &packed {
            Some(packed) => {
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                packed.as_slice()
            }
            None => data,
        };
        dict.set("Length", Object::Integer(content.len() as i64));
        self.begin(id);
        write_dictionary(&mut self.out, &dict);
        self.out.extend_from_slice(b"\nstream\n");
        self.out.extend_from_slice(content);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn begin(&mut self, id: ObjectId) {
        if let Some(slot) = self.offsets.get_mut(id.0 as usize) {
            *slot = Some(self.out.len());
        }
        push_int(&mut self.out, i64::from(id.0));
        self.out.extend_from_slice(b" 0 obj\n");
    }

    /// The cross-reference table and trailer; the finished file. A number reserved and never
    /// written is a free entry.
    pub fn finish(mut self, root: ObjectId, info: ObjectId, file_id: &[u8]) -> Vec<u8> {
        let xref = self.out.len();
        self.out.extend_from_slice(b"xref\n0 ");
        push_int(&mut self.out, self.offsets.len() as i64);
        self.out.extend_from_slice(b"\n0000000000 65535 f \n");
        for offset in &self.offsets[1..] {
            match offset {
                Some(at) => {
                    let digits = format!("{at:010}");
                    self.out.extend_from_slice(digits.as_bytes());
                    self.out.extend_from_slice(b" 00000 n \n");
                }
                None => self.out.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        let mut trailer = Dictionary::new();
        trailer.set("Size", Object::Integer(self.offsets.len() as i64));
        trailer.set("Root", Object::Reference(root));
        trailer.set("Info", Object::Reference(info));
        let id = Object::String(file_id.to_vec(), StringFormat::Hexadecimal);
        trailer.set("ID", Object::Array(vec![id.clone(), id]));
        self.out.extend_from_slice(b"trailer\n");
        write_dictionary(&mut self.out, &trailer);
        self.out.extend_from_slice(b"\nstartxref\n");
        push_int(&mut self.out, xref as i64);
        self.out.extend_from_slice(b"\n%%EOF\n");
        self.out
    }
}

/// `data` deflated (zlib), or `None` when that fails or would not make it smaller.
pub fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(DEFLATE),
    );
    encoder.write_all(data).ok()?;
    let packed = encoder.finish().ok()?;
    (packed.len() < data.len()).then_some(packed)
}

/// Writes one object in PDF syntax.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => push_int(out, *n),
        Object::Real(r) => push_real(out, *r),
        Object::Name(name) => push_name(out, name),
        Object::String(bytes, StringFormat::Literal) => push_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => push_hex(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            // Streams are written with `put_stream`; one inside another object is not PDF.
            write_dictionary(out, &stream.dict);
        }
        Object::Reference((number, generation)) => {
            push_int(out, i64::from(*number));
            out.push(b' ');
            push_int(out, i64::from(*generation));
            out.extend_from_slice(b" R");
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        push_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// An integer in decimal.
pub fn push_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A real with at most `places` decimals, trailing zeros dropped (PDF has no exponents).
pub fn push_fixed(out: &mut Vec<u8>, value: f32, places: u32) {
    let scale = 10i64.pow(places);
    let scaled = (f64::from(value) * scale as f64).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    push_int(out, (magnitude / scale as u64) as i64);
    let mut fraction = magnitude % scale as u64;
    if fraction == 0 {
        return;
    }
    let mut width = places;
    while fraction.is_multiple_of(10) {
        fraction /= 10;
        width -= 1;
    }
    out.push(b'.');
    let text = fraction.to_string();
    for _ in text.len()..width as usize {
        out.push(b'0');
    }
    out.extend_from_slice(text.as_bytes());
}

/// A real as dictionaries hold them: four decimals.
pub fn push_real(out: &mut Vec<u8>, value: f32) {
    push_fixed(out, if value.is_finite() { value } else { 0.0 }, 4);
}

/// A name: `/` and its bytes, any outside the regular printable ones as `#xx`.
pub fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let regular = (0x21..=0x7e).contains(&b) && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.push(b'#');
            push_hex_byte(out, b);
        }
    }
}

fn push_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for &b in bytes {
        push_hex_byte(out, b);
    }
    out.push(b'>');
}

/// Two upper-case hex digits.
pub fn push_hex_byte(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(HEX[usize::from(b >> 4)]);
    out.push(HEX[usize::from(b & 15)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn numbers_have_no_exponents_and_no_trailing_zeros() {
        let mut out = Vec::new();
        for (value, places) in [
            (1.5f32, 2),
            (-0.004, 2),
            (595.2756, 3),
            (1e-7, 4),
            (12.0, 2),
        ] {
            push_fixed(&mut out, value, places);
            out.push(b' ');
        }
        assert_eq!(String::from_utf8_lossy(&out), "1.5 0 595.276 0 12 ");
        assert_eq!(text(&Object::Integer(-12)), "-12");
        assert_eq!(text(&Object::Real(f32::NAN)), "0");
    }

    #[test]
    fn names_and_strings_are_escaped() {
        assert_eq!(text(&Object::Name(b"A B#(".to_vec())), "/A#20B#23#28");
        assert_eq!(
            text(&Object::String(b"a(b)\\".to_vec(), StringFormat::Literal)),
            "(a\\(b\\)\\\\)"
        );
        assert_eq!(
            text(&Object::String(vec![0xfe, 0xff], StringFormat::Hexadecimal)),
            "<FEFF>"
        );
    }

    #[test]
    fn a_written_file_reads_back() {
        let mut w = Writer::new();
        let catalog = w.reserve();
        let pages = w.reserve();
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Pages".to_vec()));
        dict.set("Kids", Object::Array(vec![]));
        dict.set("Count", Object::Integer(0));
        w.put(pages, &Object::Dictionary(dict));
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Catalog".to_vec()));
        root.set("Pages", Object::Reference(pages));
        w.put(catalog, &Object::Dictionary(root));
        let stream = w.reserve();
        w.put_stream(stream, Dictionary::new(), &[b'x'; 400], true);
        let info = w.add(&Object::Dictionary(Dictionary::new()));
        let bytes = w.finish(catalog, info, b"0123");
        let doc = lopdf::Document::load_mem(&bytes).expect("reads back");
        let Ok(Object::Stream(read)) = doc.get_object(stream) else {
            panic!("no stream");
        };
        assert_eq!(
            read.decompressed_content().expect("inflates"),
            vec![b'x'; 400]
        );
        assert!(doc.get_object(info).is_ok());
    }
}
