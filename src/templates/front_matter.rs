//! A small `key: value` header between `---` lines, shared by block and briefing templates.
//!
//! Deliberately not YAML: templates are data written by hand, and a format with one rule
//! (a key, a colon, a value; indented lines continue the value) gives errors anyone can fix.

use crate::diagnostic::Diagnostic;

/// One `key: value` entry with the line it started on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key, as written.
    pub key: String,
    /// The value, continuation lines joined with single spaces.
    pub value: String,
    /// 1-based line of the key.
    pub line: u32,
}

/// A parsed template file: header entries and the body after the closing `---`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The header entries in file order.
    pub entries: Vec<Entry>,
    /// The text after the header.
    pub body: String,
    /// The 1-based line the body starts on.
    pub body_line: u32,
}

impl FrontMatter {
    /// The value of a key, if present.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// Splits a template file into header and body. A file without a header, a line without a
/// colon or a header that never closes is an error naming the file and line.
pub fn parse(file: &str, text: &str) -> Result<FrontMatter, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            "a template must start with a '---' line, then 'key: value' lines, then '---'",
        )
        .in_file(file)
        .at_line(1));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut line_no: u32 = 1;
    for line in lines.by_ref() {
        line_no += 1;
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_end() == "---" {
            let rest: String = lines.collect();
            return Ok(FrontMatter {
                entries,
                body: rest,
                body_line: line_no + 1,
            });
        }
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if content.starts_with([' ', '\t']) {
            match entries.last_mut() {
                Some(last) => {
                    if !last.value.is_empty() {
                        last.value.push(' ');
                    }
                    last.value.push_str(content.trim());
                }
                None => {
                    return Err(Diagnostic::error(
                        "an indented line continues a value, but no key comes before it",
                    )
                    .in_file(file)
                    .at_line(line_no));
                }
            }
            continue;
        }
        let Some((key, value)) = content.split_once(':') else {
            return Err(Diagnostic::error(format!(
                "expected 'key: value' but found '{}'",
                shorten(content)
            ))
            .in_file(file)
            .at_line(line_no));
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(
                Diagnostic::error(format!("'{}' is not a valid key", shorten(key)))
                    .in_file(file)
                    .at_line(line_no),
            );
        }
        if entries.iter().any(|e| e.key == key) {
            return Err(Diagnostic::error(format!("the key '{key}' appears twice"))
                .in_file(file)
                .at_line(line_no));
        }
        entries.push(Entry {
            key: key.to_owned(),
            value: value.trim().to_owned(),
            line: line_no,
        });
    }
    Err(
        Diagnostic::error("the header is never closed; add a '---' line after it")
            .in_file(file)
            .at_line(line_no),
    )
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Splits a comma-separated value into trimmed, non-empty items.
pub fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
