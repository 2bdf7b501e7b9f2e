//! Sources from a reference manager into the ledger: BibTeX/BibLaTeX (read by hayagriva's
//! BibLaTeX reader) and CSL-JSON (what Zotero, Mendeley and Pandoc export). The ledger keeps
//! its own fields; each entry is mapped onto them, and an id the ledger already has is left
//! as the ledger has it. [`to_csl`] goes the other way: a ledger entry as the CSL-JSON item
//! the Markdown export hands to Pandoc's citeproc.

use serde_json::Value;

use crate::model::Source;

/// What an import added and what it left alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The entries read, mapped onto the ledger's fields.
    pub sources: Vec<Source>,
    /// Entries skipped, each with why (no title, say).
    pub skipped: Vec<String>,
}

/// Reads a bibliography: CSL-JSON when the text is a JSON array or object, BibTeX/BibLaTeX
/// otherwise. The error is one sentence naming what is wrong and where.
pub fn read(text: &str) -> Result<Imported, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err("the file is empty; there are no sources in it".into());
    }
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        csl_json(trimmed)
    } else {
        biblatex(trimmed)
    }
}

fn biblatex(text: &str) -> Result<Imported, String> {
    let library = hayagriva::io::from_biblatex_str(text).map_err(|errors| {
        use hayagriva::io::BibLaTeXError;
        match errors.first() {
            Some(BibLaTeXError::Parse(e)) => format!(
                "this is not BibTeX that can be read: {} at line {}",
                e.kind,
                line_of(text, e.span.start)
            ),
            Some(BibLaTeXError::Type(e)) => format!(
                "this BibTeX has a field that cannot be read: {} at line {}",
                e.kind,
                line_of(text, e.span.start)
            ),
            None => "this is not BibTeX that can be read".to_owned(),
        }
    })?;
    // Through hayagriva's own data format, so names, dates and URLs come out as it parsed them.
    let value = serde_json::to_value(&library).map_err(|e| format!("could not read: {e}"))?;
    let mut imported = Imported::default();
    if let Value::Object(entries) = value {
        for (key, entry) in entries {
            let (url, accessed) = url_of(entry.get("url"));
            let source = Source {
                id: ledger_id(&key),
                title: unbrace(&text_of(entry.get("title"))),
                author: names(entry.get("author")),
                publisher: unbrace(&first_text(&[
                    entry
                        .get("publisher")
                        .and_then(|p| p.get("name").or(Some(p))),
                    entry.get("organization"),
                    entry.get("parent").and_then(parent_title).as_ref(),
                ])),
                date: text_of(entry.get("date")),
                url,
                accessed,
                ..Source::default()
            };
            keep(&mut imported, source, &key);
        }
    }
    Ok(imported)
}

fn csl_json(text: &str) -> Result<Imported, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("this is not CSL-JSON that can be read: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        item @ Value::Object(_) => vec![item],
        _ => return Err("this is not CSL-JSON: expected a list of items".into()),
    };
    let mut imported = Imported::default();
    for (n, item) in items.iter().enumerate() {
        let key = item
            .get("id")
            .map(|id| match id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| format!("item{}", n + 1));
        let authors = item
            .get("author")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|name| {
                        if let Some(literal) = name.get("literal").and_then(Value::as_str) {
                            return Some(literal.to_owned());
                        }
                        let family = name.get("family").and_then(Value::as_str)?;
                        Some(match name.get("given").and_then(Value::as_str) {
                            Some(given) => format!("{family}, {given}"),
                            None => family.to_owned(),
                        })
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        let source = Source {
            id: ledger_id(&key),
            title: text_of(item.get("title")),
            short_title: text_of(item.get("title-short").or(item.get("shortTitle"))),
            author: authors,
            publisher: first_text(&[item.get("publisher"), item.get("container-title")]),
            date: csl_date(item.get("issued")),
            url: text_of(item.get("URL")),
            accessed: csl_date(item.get("accessed")),
            ..Source::default()
        };
        keep(&mut imported, source, &key);
    }
    Ok(imported)
}

/// A ledger entry as a CSL-JSON item (the schema Pandoc's `references` and citeproc read):
/// a web page, its authors as family/given names or a literal (an organisation), the
/// publisher standing as the author when none is named, as the notes do.
pub fn to_csl(source: &Source) -> Value {
    use serde_json::json;
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(source.id));
    item.insert("type".into(), json!("webpage"));
    let mut text = |key: &str, value: &str| {
        if !value.trim().is_empty() {
            item.insert(key.into(), json!(value.trim()));
        }
    };
    text("title", &source.title);
    text("title-short", &source.short_title);
    text("publisher", &source.publisher);
    text("URL", &source.url);
    let names: Vec<Value> = source
        .author
        .split(';')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| match name.split_once(',') {
            Some((family, given)) if !family.trim().is_empty() && !given.trim().is_empty() => {
                json!({ "family": family.trim(), "given": given.trim() })
            }
            _ => json!({ "literal": name }),
        })
        .collect();
    if !names.is_empty() {
        item.insert("author".into(), Value::Array(names));
    } else if !source.publisher.trim().is_empty() {
        item.insert(
            "author".into(),
            json!([{ "literal": source.publisher.trim() }]),
        );
    }
    for (key, date) in [("issued", &source.date), ("accessed", &source.accessed)] {
        let parts: Vec<u32> = date
            .trim()
            .split('-')
            .map_while(|part| part.parse().ok())
            .collect();
        if !parts.is_empty() && crate::model::is_partial_date(date.trim()) {
            item.insert(key.into(), json!({ "date-parts": [parts] }));
        }
    }
    Value::Object(item)
}

fn keep(imported: &mut Imported, mut source: Source, key: &str) {
    if source.title.trim().is_empty() {
        imported
            .skipped
            .push(format!("'{key}' has no title, so it was not imported"));
        return;
    }
    if !source.url.is_empty() && !crate::model::is_web_url(&source.url) {
        imported.skipped.push(format!(
            "'{key}': its URL '{}' is not a web address and was left out",
            source.url
        ));
        source.url.clear();
        source.accessed.clear();
    }
    for field in [&mut source.date, &mut source.accessed] {
        if !field.is_empty() && !crate::model::is_partial_date(field) {
            field.clear();
        }
    }
    imported.sources.push(source);
}

/// Adds what the ledger lacks; an id it has keeps the ledger's entry. Returns the ids left.
pub fn merge(ledger: &mut Vec<Source>, imported: Vec<Source>) -> Vec<String> {
    let mut kept = Vec::new();
    for source in imported {
        if ledger.iter().any(|s| s.id == source.id) {
            kept.push(source.id);
        } else {
            ledger.push(source);
        }
    }
    kept
}

/// A citation key as a ledger id: letters, digits, '-' and '_' (Zotero's `smith:2020` keys
/// become `smith-2020`).
fn ledger_id(key: &str) -> String {
    let id: String = key
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() { "S".into() } else { id }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// BibTeX's protective braces ("{Iran}") are markup, not text.
fn unbrace(text: &str) -> String {
    text.chars().filter(|c| *c != '{' && *c != '}').collect()
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Object(map)) => text_of(map.get("value")),
        Some(Value::Array(list)) => text_of(list.first()),
        _ => String::new(),
    }
}

fn first_text(values: &[Option<&Value>]) -> String {
    values
        .iter()
        .map(|v| text_of(*v))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn parent_title(parent: &Value) -> Option<Value> {
    match parent {
        Value::Array(list) => list.first().and_then(parent_title),
        Value::Object(map) => map.get("title").cloned(),
        _ => None,
    }
}

fn names(value: Option<&Value>) -> String {
    let one = |v: &Value| match v {
        Value::String(s) => unbrace(s),
        Value::Object(map) => {
            let family = text_of(map.get("name"));
            match text_of(map.get("given-name")) {
                given if given.is_empty() => family,
                given => format!("{family}, {given}"),
            }
        }
        _ => String::new(),
    };
    match value {
        Some(Value::Array(list)) => list
            .iter()
            .map(one)
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Some(v) => one(v),
        None => String::new(),
    }
}

fn url_of(value: Option<&Value>) -> (String, String) {
    match value {
        Some(Value::Object(map)) => (text_of(map.get("value")), text_of(map.get("date"))),
        other => (text_of(other), String::new()),
    }
}

/// A CSL date (`{"date-parts": [[2022, 9, 8]]}`) as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
fn csl_date(value: Option<&Value>) -> String {
    let Some(parts) = value
        .and_then(|v| v.get("date-parts"))
        .and_then(|p| p.get(0))
        .and_then(Value::as_array)
    else {
        return value
            .and_then(|v| v.get("raw"))
            .map(|raw| text_of(Some(raw)))
            .unwrap_or_default();
    };
    let numbers: Vec<i64> = parts
        .iter()
        .filter_map(|p| {
            p.as_i64()
                .or_else(|| p.as_str().and_then(|s| s.parse().ok()))
        })
        .collect();
    match numbers.as_slice() {
        [y, m, d, ..] => format!("{y:04}-{m:02}-{d:02}"),
        [y, m] => format!("{y:04}-{m:02}"),
        [y] => format!("{y:04}"),
        [] => String::new(),
    }
}
