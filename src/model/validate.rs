//! Checks a loaded briefing for values the program cannot use, naming the field of each.
//!
//! These are facts about the file (a negative margin, two sections with one id), not
//! editorial advice; the reviewer-style checks live in `lint`.

use std::collections::HashSet;

use super::briefing::{Briefing, MarkingScheme};
use crate::diagnostic::Diagnostic;

/// The longest a one-line field may be, in characters: a title, a name, a source's title or
/// URL, a variable's value. Ten times any real one; past it a field is not a title but text
/// pasted in the wrong place, and is refused before anything is set. Section bodies have no
/// limit: every stage is linear (or n·log n) in them (`cargo bench --bench pathological`).
pub const MAX_LINE_CHARS: usize = 2_000;

/// The longest the distribution statements may be: a paragraph or two.
pub const MAX_STATEMENT_CHARS: usize = 10_000;

/// A one-line field far longer than any real one.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "{field} is {chars} characters long; it can be at most {limit}, so it cannot be set — \
     shorten it (long text belongs in a section's body)"
)]
pub struct TooLarge {
    /// The field, as a person reads it ("the title", "the title of section 'incident'").
    pub field: String,
    /// Its length in characters.
    pub chars: usize,
    /// The most it may have.
    pub limit: usize,
}

/// Refuses a briefing with a one-line field past [`MAX_LINE_CHARS`] (or a distribution
/// statement past [`MAX_STATEMENT_CHARS`]), naming the first such field. Linear in the
/// fields' lengths; section bodies are not limited.
pub fn within_limit(briefing: &Briefing) -> Result<(), TooLarge> {
    let meta = &briefing.meta;
    let mut fields: Vec<(String, &str, usize)> = vec![
        ("the title".into(), &meta.title, MAX_LINE_CHARS),
        ("the subtitle".into(), &meta.subtitle, MAX_LINE_CHARS),
        (
            "the organisation".into(),
            &meta.organization,
            MAX_LINE_CHARS,
        ),
        ("the audience".into(), &meta.audience, MAX_LINE_CHARS),
        ("the version".into(), &meta.version, MAX_LINE_CHARS),
        (
            "the distribution statement".into(),
            &meta.distribution,
            MAX_STATEMENT_CHARS,
        ),
        (
            "the public distribution statement".into(),
            &meta.public_distribution,
            MAX_STATEMENT_CHARS,
        ),
    ];
    fields.extend(
        meta.authors
            .iter()
            .map(|a| ("an author's name".to_owned(), a.as_str(), MAX_LINE_CHARS)),
    );
    fields.extend(briefing.variables.iter().map(|(name, value)| {
        (
            format!("the value of the variable '{name}'"),
            value.as_str(),
            MAX_LINE_CHARS,
        )
    }));
    fields.extend(briefing.sections.iter().map(|s| {
        (
            format!("the title of section '{}'", s.id),
            s.title.as_str(),
            MAX_LINE_CHARS,
        )
    }));
    for source in &briefing.sources {
        for (name, value) in [
            ("title", &source.title),
            ("short title", &source.short_title),
            ("author", &source.author),
            ("publisher", &source.publisher),
            ("URL", &source.url),
        ] {
            fields.push((
                format!("the {name} of source '{}'", source.id),
                value.as_str(),
                MAX_LINE_CHARS,
            ));
        }
    }
    for (field, value, limit) in fields {
        // Bytes bound characters from above: count only what might be over.
        if value.len() > limit {
            let chars = value.chars().count();
            if chars > limit {
                return Err(TooLarge {
                    field,
                    chars,
                    limit,
                });
            }
        }
    }
    Ok(())
}

/// The smallest and largest margin the layout accepts, in millimetres.
const MARGIN_RANGE_MM: (f64, f64) = (5.0, 80.0);

/// Every problem with the briefing's values, each naming its field.
pub fn validate(briefing: &Briefing) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let meta = &briefing.meta;

    if meta.title.trim().is_empty() {
        out.push(
            Diagnostic::warning("the briefing has no title; give it one in the settings")
                .in_field("meta.title"),
        );
    }
    for (field, value) in [("meta.date", &meta.date), ("meta.as_of", &meta.as_of)] {
        if !value.is_empty() && !is_date(value) {
            out.push(
                Diagnostic::error(format!(
                    "'{value}' is not a date; write it as YYYY-MM-DD, for example 2022-09-07"
                ))
                .in_field(field),
            );
        }
    }

    let margins = meta.page.margins_mm;
    for (side, value) in [
        ("top", margins.top),
        ("right", margins.right),
        ("bottom", margins.bottom),
        ("left", margins.left),
    ] {
        let (low, high) = MARGIN_RANGE_MM;
        if !value.0.is_finite() || value.0 < low || value.0 > high {
            out.push(
                Diagnostic::error(format!(
                    "a margin of {} mm cannot be used; margins must be between {low} and {high} mm",
                    value.0
                ))
                .in_field(format!("meta.page.margins_mm.{side}")),
            );
        }
    }

    let depth = meta.contents_depth.0;
    if !(1..=crate::model::ContentsDepth::MAX).contains(&depth) {
        out.push(
            Diagnostic::error(format!(
                "the contents cannot list {depth} levels of headings; choose 1 (sections), 2 \
                 (sections and their headings) or 3"
            ))
            .in_field("meta.contents_depth"),
        );
    }

    let scheme = meta.marking.scheme;
    if scheme != MarkingScheme::None
        && meta.marking.banner.trim().is_empty()
        && scheme.rank(&meta.marking.level).is_none()
    {
        out.push(
            Diagnostic::error(format!(
                "'{}' is not a level of this marking scheme; choose one of {}",
                meta.marking.level,
                level_names(scheme)
            ))
            .in_field("meta.marking.level"),
        );
    }

    let mut ids = HashSet::new();
    for (index, section) in briefing.sections.iter().enumerate() {
        let field = format!("sections[{index}].id");
        if section.id.trim().is_empty() {
            out.push(Diagnostic::error("a section has no id; give it a unique id").in_field(field));
        } else if !ids.insert(section.id.as_str()) {
            out.push(
                Diagnostic::error(format!(
                    "two sections share the id '{}'; section ids must be unique",
                    section.id
                ))
                .in_field(field),
            );
        }
        if let Some(level) = &section.marking
            && scheme != MarkingScheme::None
            && scheme.rank(level).is_none()
        {
            out.push(
                Diagnostic::error(format!(
                    "portion marking '{level}' is not a level of the document's scheme; choose one of {}",
                    level_names(scheme)
                ))
                .in_section(&section.id)
                .in_field(format!("sections[{index}].marking")),
            );
        }
    }

    let mut source_ids = HashSet::new();
    for (index, source) in briefing.sources.iter().enumerate() {
        let field = format!("sources[{index}]");
        if source.id.trim().is_empty() {
            out.push(
                Diagnostic::error("a source has no id; give it one such as S1")
                    .in_field(format!("{field}.id")),
            );
        } else if !source
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            out.push(
                Diagnostic::error(format!(
                    "source id '{}' may use only letters, digits, '-' and '_'",
                    source.id
                ))
                .in_field(format!("{field}.id")),
            );
        } else if !source_ids.insert(source.id.as_str()) {
            out.push(
                Diagnostic::error(format!(
                    "two sources share the id '{}'; source ids must be unique",
                    source.id
                ))
                .in_field(format!("{field}.id")),
            );
        }
        if !source.url.is_empty() && !is_web_url(&source.url) {
            out.push(
                Diagnostic::error(format!(
                    "source URL '{}' must start with http://, https:// or mailto:",
                    source.url
                ))
                .in_field(format!("{field}.url")),
            );
        }
        for (name, value) in [("date", &source.date), ("accessed", &source.accessed)] {
            if !value.is_empty() && !is_partial_date(value) {
                out.push(
                    Diagnostic::error(format!(
                        "'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"
                    ))
                    .in_field(format!("{field}.{name}")),
                );
            }
        }
    }
    out
}

fn level_names(scheme: MarkingScheme) -> String {
    scheme
        .levels()
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// True for a real calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    parse_date(text).is_some()
}

/// `(year, month, day)` of a `YYYY-MM-DD` date that exists in the calendar.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (1..=12).contains(&month).then_some(())?;
    (1..=days_in_month(year, month))
        .contains(&day)
        .then_some((year, month, day))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn is_partial_date(text: &str) -> bool {
    match text.len() {
        4 => text.chars().all(|c| c.is_ascii_digit()),
        7 => is_date(&format!("{text}-01")),
        _ => is_date(text),
    }
}

/// True for the only URL schemes an export may link to: http, https and mailto.
pub fn is_web_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && lower.len() > 8
        || lower.starts_with("mailto:") && lower.len() > 7
}

/// The reverse of [`long_date`]: `7 September 2022` as `2022-09-07` (`None` for anything
/// else).
pub fn iso_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let month = |name: &str| {
        MONTHS
            .iter()
            .position(|m| *m == name.to_lowercase())
            .map(|i| i + 1)
    };
    let iso = match words.as_slice() {
        [day, name, year] => {
            let day: u32 = day.parse().ok()?;
            format!("{year}-{:02}-{day:02}", month(name)?)
        }
        [name, year] => format!("{year}-{:02}", month(name)?),
        [year] => (*year).to_owned(),
        _ => return None,
    };
    is_partial_date(&iso).then_some(iso)
}

/// A date as a reader expects it: `7 September 2022`, `September 2022` or `2022`. Text that
/// is not a date in one of the three forms is returned unchanged.
pub fn long_date(text: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month_name = |m: u32| MONTHS.get(m.wrapping_sub(1) as usize).copied();
    if let Some((year, month, day)) = parse_date(text)
        && let Some(name) = month_name(month)
    {
        return format!("{day} {name} {year}");
    }
    if text.len() == 7 && is_partial_date(text) {
        let month: u32 = text[5..].parse().unwrap_or(0);
        if let Some(name) = month_name(month) {
            return format!("{name} {}", &text[..4]);
        }
    }
    text.to_owned()
}
