//! Citations and the sources list, formatted by hayagriva (Typst's CSL processor) in the
//! style the document asks for: Chicago notes (full the first time, short after), Chicago
//! author-date, or numbered (IEEE).
//!
//! The ledger keeps its own fields; [`library`] maps them onto hayagriva's entries. An entry
//! with no author is cited under its publisher, as an organisation's own report is, and its
//! short title, when the ledger gives none, is derived the way Chicago shortens one (the main
//! title, up to four words).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use hayagriva::archive::{ArchivedStyle, locales};
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, Entry,
    Library,
};

use crate::doc::{Inline, LinkTarget};
use crate::model::{CitationStyle, Source};

/// One citation to format: the ledger entries it names, and its note's number (notes style).
pub struct Request<'a> {
    /// The cited entries, in the order written (only ids the ledger has).
    pub sources: Vec<&'a Source>,
    /// The footnote that holds it, in the notes style.
    pub note: u32,
}

/// What hayagriva made of a document's citations.
#[derive(Clone)]
pub struct Formatted {
    /// Each request's text, in request order.
    pub citations: Vec<Vec<Inline>>,
    /// The sources list: ledger id and entry, in the style's order.
    pub entries: Vec<(String, Vec<Inline>)>,
}

/// A fingerprint of everything [`format`] reads: the style, and each request's note and the
/// ledger fields of what it cites. Equal fingerprints give equal results.
pub fn fingerprint(style: CitationStyle, requests: &[Request<'_>]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    style.hash(&mut hasher);
    for request in requests {
        request.note.hash(&mut hasher);
        for s in &request.sources {
            let fields = [&s.id, &s.title, &s.short_title, &s.author, &s.publisher];
            fields.hash(&mut hasher);
            (&s.date, &s.url, &s.accessed).hash(&mut hasher);
        }
        u32::MAX.hash(&mut hasher);
    }
    hasher.finish()
}

/// Formats every citation of a document, in reading order, and the list of what they cite.
pub fn format(style: CitationStyle, requests: &[Request<'_>]) -> Formatted {
    // The styles and locales are parsed from hayagriva's archive once per process, not once
    // per keystroke.
    static STYLES: [OnceLock<IndependentStyle>; 3] = [const { OnceLock::new() }; 3];
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    let index = CitationStyle::ALL
        .iter()
        .position(|s| *s == style)
        .unwrap_or(0);
    let csl = STYLES[index].get_or_init(|| independent(style));
    let locales = LOCALES.get_or_init(english);
    let mut seen = std::collections::HashSet::new();
    let cited = requests
        .iter()
        .flat_map(|r| r.sources.iter().copied())
        .filter(|s| seen.insert(s.id.as_str()));
    let library = library(cited);
    let entry = |source: &Source| library.get(&source.id);

    let mut driver: BibliographyDriver<'_, Entry> = BibliographyDriver::new();
    // Which requests reach hayagriva: one naming nothing the ledger has is left out.
    let mut asked = Vec::new();
    for (index, request) in requests.iter().enumerate() {
        let items: Vec<_> = request
            .sources
            .iter()
            .filter_map(|s| entry(s))
            .map(CitationItem::with_entry)
            .collect();
        if items.is_empty() {
            continue;
        }
        asked.push(index);
        let note = (style == CitationStyle::Notes).then_some(request.note as usize);
        driver.citation(CitationRequest::new(items, csl, None, locales, note));
    }
    let rendered = driver.finish(BibliographyRequest::new(csl, None, locales));

    let mut citations = vec![Vec::new(); requests.len()];
    for (index, citation) in asked.into_iter().zip(&rendered.citations) {
        let mut out = Vec::new();
        children(&citation.citation.0, &mut out);
        tidy(&mut out);
        citations[index] = out;
    }
    let entries = rendered
        .bibliography
        .map(|b| b.items)
        .unwrap_or_default()
        .into_iter()
        .map(|item| {
            let mut out = Vec::new();
            if let Some(first) = &item.first_field {
                children(std::slice::from_ref(first), &mut out);
                out.push(Inline::Text(" ".into()));
            }
            children(&item.content.0, &mut out);
            tidy(&mut out);
            (item.key, out)
        })
        .collect();
    Formatted { citations, entries }
}

/// The archive's en-US locale alone (the styles' own language, and the only one briefings
/// are written in yet), found by its tag among the archive's CBOR blobs so only it is
/// parsed; all of them when it cannot be found.
fn english() -> Vec<Locale> {
    let tagged = |blob: &&&[u8]| blob.windows(5).take(256).any(|w| w == b"en-US");
    hayagriva::archive::LOCALES
        .iter()
        .filter(tagged)
        .filter_map(|blob| ciborium::de::from_reader::<Locale, _>(*blob).ok())
        .find(|locale| locale.lang.as_ref().is_some_and(|l| l.0 == "en-US"))
        .map_or_else(locales, |locale| vec![locale])
}

fn independent(style: CitationStyle) -> IndependentStyle {
    let archived = match style {
        CitationStyle::Notes => ArchivedStyle::ChicagoNotes,
        CitationStyle::AuthorDate => ArchivedStyle::ChicagoAuthorDate,
        CitationStyle::Numbered => ArchivedStyle::InstituteOfElectricalAndElectronicsEngineers,
    };
    match archived.get() {
        Style::Independent(style) => style,
        // The archive's three styles used here are independent ones; a dependent style would
        // name its parent, which is Chicago notes for every style offered.
        Style::Dependent(_) => match ArchivedStyle::ChicagoNotes.get() {
            Style::Independent(style) => style,
            Style::Dependent(_) => unreachable!("the archive's Chicago notes is independent"),
        },
    }
}

/// The ledger as hayagriva entries, built through its own data format so every field is
/// parsed (names, dates, URLs) by the library rather than by hand.
pub fn library<'a>(sources: impl IntoIterator<Item = &'a Source>) -> Library {
    let mut map = serde_json::Map::new();
    for source in sources {
        map.insert(source.id.clone(), entry_value(source));
    }
    match serde_json::from_value(serde_json::Value::Object(map.clone())) {
        Ok(library) => library,
        // A field hayagriva cannot read (a date it rejects) must not cost every citation:
        // retry entry by entry, and for one that still fails drop its date, then its URL
        // (the fields with a syntax of their own), until it reads.
        Err(_) => {
            let mut library = Library::new();
            for (id, value) in map {
                let mut fields = value.as_object().cloned().unwrap_or_default();
                for key in ["date", "url"] {
                    if parse_one(&id, &fields).is_none() {
                        fields.remove(key);
                    }
                }
                if let Some(entry) = parse_one(&id, &fields) {
                    library.push(&entry);
                }
            }
            library
        }
    }
}

fn parse_one(id: &str, fields: &serde_json::Map<String, serde_json::Value>) -> Option<Entry> {
    let mut one = serde_json::Map::new();
    one.insert(id.to_owned(), serde_json::Value::Object(fields.clone()));
    let library: Library = serde_json::from_value(serde_json::Value::Object(one)).ok()?;
    library.get(id).cloned()
}

fn entry_value(source: &Source) -> serde_json::Value {
    use serde_json::{Value, json};
    let mut fields = serde_json::Map::new();
    fields.insert("type".into(), json!("web"));
    let title = source.title.trim();
    if !title.is_empty() {
        let short = match source.short_title.trim() {
            "" => short_title(title),
            given => given.to_owned(),
        };
        fields.insert("title".into(), json!({ "value": title, "short": short }));
    }
    let authors: Vec<Value> = source
        .author
        .split(';')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(person)
        .collect();
    let publisher = source.publisher.trim();
    if !authors.is_empty() {
        fields.insert("author".into(), Value::Array(authors));
        if !publisher.is_empty() {
            fields.insert("publisher".into(), json!(publisher));
        }
    } else if !publisher.is_empty() {
        fields.insert("author".into(), json!([{ "name": publisher }]));
    }
    if !source.date.trim().is_empty() {
        fields.insert("date".into(), json!(source.date.trim()));
    }
    if !source.url.trim().is_empty() {
        let mut url = serde_json::Map::new();
        url.insert("value".into(), json!(source.url.trim()));
        if !source.accessed.trim().is_empty() {
            url.insert("date".into(), json!(source.accessed.trim()));
        }
        fields.insert("url".into(), Value::Object(url));
    }
    Value::Object(fields)
}

/// A name as hayagriva reads one: `Family, Given` is a person; anything else (an
/// organisation, "AP and Reuters") is kept whole, never split into given and family names.
fn person(name: &str) -> serde_json::Value {
    match name.split_once(',') {
        Some((family, given)) if !family.trim().is_empty() && !given.trim().is_empty() => {
            serde_json::json!({ "name": family.trim(), "given-name": given.trim() })
        }
        _ => serde_json::json!({ "name": name }),
    }
}

/// Chicago's short title: the main title (before a colon), up to four words, not ending on
/// an article, preposition or conjunction.
pub fn short_title(title: &str) -> String {
    const WEAK: [&str; 20] = [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "on",
        "in",
        "to",
        "for",
        "with",
        "by",
        "at",
        "from",
        "over",
        "against",
        "after",
        "following",
        "about",
        "as",
    ];
    let main = title.split(':').next().unwrap_or(title).trim();
    let mut words: Vec<&str> = main.split_whitespace().take(4).collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| WEAK.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// hayagriva's rendered elements as inline content: italic, bold and links kept.
fn children(list: &[ElemChild], out: &mut Vec<Inline>) {
    use hayagriva::citationberg::{FontStyle, FontWeight};
    for child in list {
        match child {
            ElemChild::Text(text) => {
                let inline = Inline::Text(text.text.clone());
                let inline = if text.formatting.font_weight == FontWeight::Bold {
                    Inline::Strong(vec![inline])
                } else {
                    inline
                };
                if text.formatting.font_style == FontStyle::Italic {
                    out.push(Inline::Emph(vec![inline]));
                } else {
                    out.push(inline);
                }
            }
            ElemChild::Elem(elem) => children(&elem.children.0, out),
            ElemChild::Markup(text) => out.push(Inline::Text(text.clone())),
            ElemChild::Link { text, url } => {
                let content = vec![Inline::Text(text.text.clone())];
                if url.starts_with("http://") || url.starts_with("https://") {
                    out.push(Inline::Link {
                        target: LinkTarget::External(url.clone()),
                        content,
                    });
                } else {
                    out.extend(content);
                }
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Joins neighbouring plain runs and puts a closing stop inside the closing quote, as
/// American style does (hayagriva leaves the layout's final stop outside: `”.`).
fn tidy(out: &mut Vec<Inline>) {
    let mut merged: Vec<Inline> = Vec::with_capacity(out.len());
    for inline in out.drain(..) {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(next)) => prev.push_str(&next),
            (_, inline) => merged.push(inline),
        }
    }
    for inline in &mut merged {
        if let Inline::Text(text) = inline {
            for (from, to) in [("”.", ".”"), ("”,", ",”"), ("\".", ".\""), ("\",", ",\"")] {
                if text.contains(from) {
                    *text = text.replace(from, to);
                }
            }
        }
    }
    *out = merged;
}

/// Which ledger entries the ids name, and the ids the ledger lacks.
pub fn resolve<'a>(
    ids: &[String],
    ledger: &BTreeMap<&str, &'a Source>,
) -> (Vec<&'a Source>, Vec<String>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match ledger.get(id.as_str()) {
            Some(source) if !found.iter().any(|s: &&Source| s.id == source.id) => {
                found.push(*source)
            }
            Some(_) => {}
            None => missing.push(id.clone()),
        }
    }
    (found, missing)
}

/// Where two marks met at one point and became one (notes style).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// The citation of note `from` joined the citation of note `into`.
    Cite {
        /// The citation that went.
        from: u32,
        /// The citation that stayed.
        into: u32,
    },
    /// The citation of note `cite` is given at the head of the author's footnote `footnote`.
    Footnote {
        /// The citation's note.
        cite: u32,
        /// The footnote it joins.
        footnote: u32,
    },
}

/// Closing punctuation a note mark goes after.
fn closes(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '”' | '’' | '"' | '\'' | '…'
    )
}

/// Puts each note mark of a run after the punctuation that follows it ("July.¹", not
/// "July¹."), and makes marks that then stand side by side one mark: citations join into one
/// note, and a citation beside an author's footnote is given in that footnote.
pub fn gather_marks(run: &mut Vec<Inline>, merges: &mut Vec<Merge>) {
    run.retain(|inline| !matches!(inline, Inline::Text(t) if t.is_empty()));
    let is_mark = |i: &Inline| matches!(i, Inline::Cite { .. } | Inline::FootnoteRef(_));
    let mut i = 0;
    while i < run.len() {
        if !is_mark(&run[i]) {
            i += 1;
            continue;
        }
        // The marks standing together from i, then the punctuation after them.
        let mut end = i;
        while end < run.len() && is_mark(&run[end]) {
            end += 1;
        }
        if let Some(Inline::Text(after)) = run.get_mut(end) {
            let cut = after
                .char_indices()
                .find(|&(_, c)| !closes(c))
                .map_or(after.len(), |(at, _)| at);
            if cut > 0 {
                let moved: String = after.drain(..cut).collect();
                if after.is_empty() {
                    run.remove(end);
                }
                match i.checked_sub(1).and_then(|p| run.get_mut(p)) {
                    Some(Inline::Text(before)) => {
                        // "end [^1]." : the stop goes against the word, not after a space.
                        before.truncate(before.trim_end().len());
                        before.push_str(&moved);
                    }
                    _ => {
                        run.insert(i, Inline::Text(moved));
                        i += 1;
                        end += 1;
                    }
                }
                // A mark written after the punctuation too ("July [@S1].[^1]") now stands
                // beside the ones moved.
                while end < run.len() && is_mark(&run[end]) {
                    end += 1;
                }
            }
        }
        // One mark for the group: the first footnote if there is one, else the first
        // citation with the others' ids.
        let group: Vec<Inline> = run.drain(i..end).collect();
        let footnote = group.iter().find_map(|m| match m {
            Inline::FootnoteRef(n) => Some(*n),
            _ => None,
        });
        let mut kept: Option<Inline> = None;
        let mut others = Vec::new();
        for mark in group {
            match mark {
                Inline::FootnoteRef(n) if kept.is_none() && footnote == Some(n) => {
                    kept = Some(Inline::FootnoteRef(n));
                }
                Inline::Cite { ids, note, text } => match (footnote, &mut kept) {
                    (Some(first), _) => merges.push(Merge::Footnote {
                        cite: note,
                        footnote: first,
                    }),
                    (
                        None,
                        Some(Inline::Cite {
                            ids: into,
                            note: to,
                            ..
                        }),
                    ) => {
                        for id in ids {
                            if !into.contains(&id) {
                                into.push(id);
                            }
                        }
                        merges.push(Merge::Cite {
                            from: note,
                            into: *to,
                        });
                    }
                    (None, _) => kept = Some(Inline::Cite { ids, note, text }),
                },
                other => others.push(other),
            }
        }
        // Two authors' footnotes at one point stay two notes; the layout sets a comma
        // between their marks.
        let mut replacement: Vec<Inline> = kept.into_iter().collect();
        replacement.extend(others);
        let len = replacement.len();
        run.splice(i..i, replacement);
        i += len.max(1);
    }
}
