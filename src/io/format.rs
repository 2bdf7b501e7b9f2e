//! The `.briefing.json` format: parse with migration from older versions, write pretty JSON
//! with a stable key order.

use serde_json::{Map, Value};
use thiserror::Error;

use crate::model::{Briefing, FORMAT_VERSION};

/// The largest document file briefdesk reads. Real briefings are well under 5 MB; the cap
/// keeps a wrong file (a video, a database dump) from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a document could not be read. Each message says what is wrong and what to do.
#[derive(Debug, Error)]
pub enum FormatError {
    /// Not JSON at all, or cut off.
    #[error("{0}")]
    Syntax(String),
    /// JSON, but not a briefing.
    #[error("{0}")]
    Shape(String),
    /// Written by a newer briefdesk.
    #[error(
        "it was written by a newer briefdesk (format {found}); this version reads formats up to {FORMAT_VERSION}. Update briefdesk to open it"
    )]
    TooNew {
        /// The version in the file.
        found: u64,
    },
}

/// Parses document text, migrating older formats. Returns the briefing and a note for each
/// migration step taken (empty when the file was current).
pub fn from_json(text: &str) -> Result<(Briefing, Vec<String>), FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FormatError::Syntax(
            "the file is empty; it holds no briefing".into(),
        ));
    }
    // A key named twice in one object would be read as its last value here and perhaps as
    // its first by another tool, so the file is refused, naming the key and its line.
    // (Syntax errors are left to the full read below, which explains them better.)
    if let Err(e) = serde_json::from_str::<OneValuePerKey>(text)
        && e.classify() == serde_json::error::Category::Data
    {
        return Err(FormatError::Shape(format!("it is ambiguous: {e}")));
    }
    // serde_json refuses nesting deeper than 128 levels, so a hostile file cannot exhaust
    // the stack here.
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        FormatError::Syntax(match e.classify() {
            serde_json::error::Category::Eof => format!(
                "the file ends too early (line {}, column {}); it may have been cut off while saving. A backup or the recovery journal may hold a complete copy",
                e.line(),
                e.column()
            ),
            _ => format!("it is not valid JSON: {e}"),
        })
    })?;
    let Value::Object(object) = &mut value else {
        return Err(FormatError::Shape(
            "it is not a briefing: the file must hold a JSON object with \"meta\" and \"sections\""
                .into(),
        ));
    };
    let mut notes = migrate(object)?;
    let mut briefing = serde_path_to_error::deserialize::<_, Briefing>(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        FormatError::Shape(if path.is_empty() || path == "." {
            format!("it is not a briefing: {inner}")
        } else {
            format!("the field '{path}' is wrong: {inner}")
        })
    })?;
    let orphaned = briefing.reanchor();
    if orphaned > 0 {
        notes.push(format!(
            "{orphaned} review item{} no longer find{} the text {} on (edited outside briefdesk); {} kept and shown as orphaned",
            if orphaned == 1 { "" } else { "s" },
            if orphaned == 1 { "s" } else { "" },
            if orphaned == 1 { "it was" } else { "they were" },
            if orphaned == 1 { "it is" } else { "they are" },
        ));
    }
    Ok((briefing, notes))
}

/// Pretty JSON with a final newline, keys in the model's order (unknown ones sorted after).
/// A section's comments and suggestions are written one record to a line, sorted by id, so
/// two reviewers' additions to one file usually merge in git without a conflict.
pub fn to_json(briefing: &Briefing) -> String {
    let mut out = Vec::with_capacity(4096);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        RecordFormatter {
            pretty: serde_json::ser::PrettyFormatter::new(),
            depth: 0,
            key: String::new(),
            capturing: false,
            in_records: false,
        },
    );
    if serde::Serialize::serialize(briefing, &mut serializer).is_err() {
        return String::new();
    }
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// Pretty JSON down to [`RECORD_DEPTH`] (the document, its sections, a section's lists),
/// each value deeper written on one line: a comment or suggestion is one line of the file.
/// In a section's lists of records the commas stand on lines of their own, so adding a
/// record never changes the line of another: two reviewers' additions at different places
/// merge in git without a conflict.
struct RecordFormatter {
    pretty: serde_json::ser::PrettyFormatter<'static>,
    /// How many objects and arrays are open.
    depth: usize,
    /// The last object key written.
    key: String,
    /// A key is being written.
    capturing: bool,
    /// Inside a section's `comments` or `suggestions`.
    in_records: bool,
}

/// The lists of records written one to a line with their commas apart.
const RECORD_LISTS: [&str; 2] = ["comments", "suggestions"];

/// Containers opened at this depth or deeper are written compact (document 1, sections 2,
/// a section 3, its comments 4, a comment 5).
const RECORD_DEPTH: usize = 5;

impl RecordFormatter {
    fn compact(&self) -> bool {
        self.depth >= RECORD_DEPTH
    }
}

macro_rules! by_depth {
    ($name:ident $(, $arg:ident : $ty:ty)*) => {
        fn $name<W: ?Sized + std::io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
            if self.compact() {
                serde_json::ser::CompactFormatter.$name(writer $(, $arg)*)
            } else {
                self.pretty.$name(writer $(, $arg)*)
            }
        }
    };
}

impl serde_json::ser::Formatter for RecordFormatter {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        if self.depth == RECORD_DEPTH - 1 {
            self.in_records = RECORD_LISTS.contains(&self.key.as_str());
        }
        if self.compact() {
            serde_json::ser::CompactFormatter.begin_array(writer)
        } else {
            self.pretty.begin_array(writer)
        }
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        let result = if self.compact() {
            serde_json::ser::CompactFormatter.end_array(writer)
        } else {
            self.pretty.end_array(writer)
        };
        if self.depth == RECORD_DEPTH - 1 {
            self.in_records = false;
        }
        self.depth -= 1;
        result
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if self.compact() {
            return serde_json::ser::CompactFormatter.begin_array_value(writer, first);
        }
        if self.in_records && self.depth == RECORD_DEPTH - 1 && !first {
            // The comma on a line of its own, at the records' indent.
            writer.write_all(b"\n")?;
            writer.write_all("  ".repeat(self.depth).as_bytes())?;
            writer.write_all(b",")?;
            return self.pretty.begin_array_value(writer, true);
        }
        self.pretty.begin_array_value(writer, first)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.key.clear();
        self.capturing = true;
        if self.compact() {
            serde_json::ser::CompactFormatter.begin_object_key(writer, first)
        } else {
            self.pretty.begin_object_key(writer, first)
        }
    }

    fn end_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.capturing = false;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if self.capturing {
            self.key.push_str(fragment);
        }
        writer.write_all(fragment.as_bytes())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        if self.compact() {
            serde_json::ser::CompactFormatter.begin_object(writer)
        } else {
            self.pretty.begin_object(writer)
        }
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        let result = if self.compact() {
            serde_json::ser::CompactFormatter.end_object(writer)
        } else {
            self.pretty.end_object(writer)
        };
        self.depth -= 1;
        result
    }

    by_depth!(begin_object_value);
    by_depth!(end_array_value);
    by_depth!(end_object_value);
}

/// Brings an older file up to the current format, in place.
///
/// Format 0 (files with no `format_version`, from the prototype) kept the marking as a single
/// `meta.classification` string and called a section's body `content`.
fn migrate(object: &mut Map<String, Value>) -> Result<Vec<String>, FormatError> {
    let version = match object.get("format_version") {
        None => 0,
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            FormatError::Shape("the field 'format_version' must be a whole number".into())
        })?,
        Some(_) => {
            return Err(FormatError::Shape(
                "the field 'format_version' must be a whole number".into(),
            ));
        }
    };
    if version > u64::from(FORMAT_VERSION) {
        return Err(FormatError::TooNew { found: version });
    }
    let mut notes = Vec::new();
    if version == 0 {
        if let Some(Value::Object(meta)) = object.get_mut("meta")
            && let Some(Value::String(level)) = meta.remove("classification")
        {
            let mut marking = Map::new();
            marking.insert("scheme".into(), Value::String("none".into()));
            marking.insert("level".into(), Value::String(String::new()));
            marking.insert("caveats".into(), Value::Array(Vec::new()));
            marking.insert("banner".into(), Value::String(level));
            meta.insert("marking".into(), Value::Object(marking));
        }
        if let Some(Value::Array(sections)) = object.get_mut("sections") {
            for section in sections.iter_mut() {
                if let Value::Object(section) = section
                    && !section.contains_key("body")
                    && let Some(content) = section.remove("content")
                {
                    section.insert("body".into(), content);
                }
            }
        }
        notes.push(format!(
            "converted from format 0 to format {FORMAT_VERSION}; saving writes the new format"
        ));
    }
    object.insert("format_version".into(), Value::from(FORMAT_VERSION));
    Ok(notes)
}

/// Any JSON value in which no object names a key twice; reading one checks that, in one pass
/// and without keeping the values.
struct OneValuePerKey;

impl<'de> serde::Deserialize<'de> for OneValuePerKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneValuePerKey)
    }
}

impl<'de> serde::de::Visitor<'de> for OneValuePerKey {
    type Value = OneValuePerKey;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<OneValuePerKey>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!(
                    "the key \"{key}\" appears twice in one object; keep one of them"
                )));
            }
            map.next_value::<OneValuePerKey>()?;
        }
        Ok(self)
    }
}
