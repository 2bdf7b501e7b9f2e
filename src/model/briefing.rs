//! The briefing as data: meta, variables, sections and the source ledger.
//!
//! Every struct keeps the fields it does not know in `extra`, so a file written by a newer
//! briefdesk (or edited by hand) loses nothing when this version saves it again. Field order
//! here is the key order in the file, which keeps diffs under git small and stable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::units::Mm;

/// The file format version this build writes. Older versions migrate on load.
pub const FORMAT_VERSION: u32 = 1;

/// Fields of the file that this version does not know, kept verbatim.
pub type Extra = BTreeMap<String, Value>;

/// A whole briefing document: what a `.briefing.json` file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    /// The file format version; always [`FORMAT_VERSION`] once loaded.
    pub format_version: u32,
    /// Title page and distribution facts.
    pub meta: Meta,
    /// `{{name}}` substitutions used in section titles and bodies.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// The sections, in reading order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The source ledger that citations refer to.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Unknown top-level fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How many heading levels the contents list (1 to 3; 2 unless the briefing says).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentsDepth(pub u8);

impl ContentsDepth {
    /// The deepest level the contents can list.
    pub const MAX: u8 = 3;

    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for ContentsDepth {
    fn default() -> Self {
        Self(2)
    }
}

/// Facts about the briefing as a whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// The title on the cover and in the PDF metadata.
    pub title: String,
    /// An optional line under the title.
    pub subtitle: String,
    /// The date of issue, `YYYY-MM-DD` (or empty).
    pub date: String,
    /// The date the facts are current to, `YYYY-MM-DD` (or empty).
    pub as_of: String,
    /// Author names as the author wants them printed.
    pub authors: Vec<String>,
    /// The issuing organisation.
    pub organization: String,
    /// Who the briefing is for.
    pub audience: String,
    /// A free-form version label ("0.3", "Final").
    pub version: String,
    /// Draft or final; a draft carries a watermark.
    pub status: Status,
    /// BCP 47 language tag of the text ("en", "en-GB").
    pub language: String,
    /// The Flesch–Kincaid grade the handout's sections should not exceed (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading_grade: Option<f32>,
    /// The protective marking of the whole document.
    pub marking: Marking,
    /// The distribution statement printed on the cover.
    pub distribution: String,
    /// The distribution statement of the public version (the internal one never reaches it).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub public_distribution: String,
    /// Paper size and margins.
    pub page: PageSetup,
    /// Number the headings (1, 1.1, 1.1.1) in the exports.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub numbered_headings: bool,
    /// How many heading levels the contents list: 1 (sections), 2 (and their `##`
    /// headings, the default) or 3.
    #[serde(skip_serializing_if = "ContentsDepth::is_default")]
    pub contents_depth: ContentsDepth,
    /// How sources are cited: notes (the default), author-date or numbered.
    #[serde(skip_serializing_if = "CitationStyle::is_default")]
    pub citation_style: CitationStyle,
    /// Words the spelling check accepts in this briefing ("Ignore in this briefing").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spelling_ignored: Vec<String>,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How citations and the sources list are formatted (each a CSL style, run by hayagriva).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationStyle {
    /// Chicago notes: a footnote per citation, in full the first time and short after.
    #[default]
    Notes,
    /// Chicago author-date: "(Microsoft 2022)" in the text.
    AuthorDate,
    /// Numbered (IEEE): "[1]" in the text, the sources list in order of first citation.
    Numbered,
}

impl CitationStyle {
    /// Every style, in the order the window offers them.
    pub const ALL: [CitationStyle; 3] = [Self::Notes, Self::AuthorDate, Self::Numbered];

    /// The style's name in the window.
    pub fn label(self) -> &'static str {
        match self {
            Self::Notes => "Notes (Chicago)",
            Self::AuthorDate => "Author–date (Chicago)",
            Self::Numbered => "Numbered (IEEE)",
        }
    }

    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Whether the briefing is still being written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Work in progress: exports carry a DRAFT watermark.
    #[default]
    Draft,
    /// Issued.
    Final,
}

/// Which classification scheme a marking belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkingScheme {
    /// No protective marking at all.
    #[default]
    None,
    /// UK Government Security Classifications (OFFICIAL, OFFICIAL-SENSITIVE, SECRET…).
    Uk,
    /// US classification and CUI (UNCLASSIFIED, CUI, CONFIDENTIAL, SECRET…).
    Us,
}

/// A protective marking: scheme, level and caveats, or a banner text that overrides them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Marking {
    /// The scheme the level belongs to.
    pub scheme: MarkingScheme,
    /// The level, such as `OFFICIAL-SENSITIVE` or `UNCLASSIFIED`.
    pub level: String,
    /// Handling caveats appended to the level (`NOFORN`, `PERSONAL`).
    pub caveats: Vec<String>,
    /// A banner text that replaces the one built from level and caveats, when not empty.
    pub banner: String,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Paper size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn dimensions(self) -> (Mm, Mm) {
        match self {
            PageSize::A4 => (Mm(210.0), Mm(297.0)),
            PageSize::Letter => (Mm(215.9), Mm(279.4)),
        }
    }

    /// Width and height in points, as layout and the preview measure pages.
    pub fn points(self) -> (crate::units::Pt, crate::units::Pt) {
        let (w, h) = self.dimensions();
        (w.to_pt(), h.to_pt())
    }
}

/// Paper size and margins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageSetup {
    /// Paper size.
    pub size: PageSize,
    /// Margins in millimetres.
    pub margins_mm: Margins,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for PageSetup {
    fn default() -> Self {
        Self {
            size: PageSize::A4,
            margins_mm: Margins::default(),
            extra: Extra::new(),
        }
    }
}

/// Page margins.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Margins {
    /// Top margin, including the banner's band.
    pub top: Mm,
    /// Right margin.
    pub right: Mm,
    /// Bottom margin, including the footer's band.
    pub bottom: Mm,
    /// Left margin.
    pub left: Mm,
}

impl Default for Margins {
    fn default() -> Self {
        Self {
            top: Mm(25.0),
            right: Mm(22.0),
            bottom: Mm(25.0),
            left: Mm(22.0),
        }
    }
}

/// One section of the briefing, made from a template block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Section {
    /// A stable id, unique in the briefing; the target of `#id` links.
    pub id: String,
    /// The block and version it came from, such as `incident@1` (empty when written freely).
    pub block: String,
    /// The heading of the section.
    pub title: String,
    /// The text, in Markdown.
    pub body: String,
    /// The author's private notes. Never exported, never shown in the preview.
    pub notes: String,
    /// A portion marking for this section (a level of the document's scheme), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<String>,
    /// The variants this section belongs to; empty means every variant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Review comments on the body, sorted by id, one line each in the file. Never exported
    /// but in the review copy.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "by_id")]
    pub comments: Vec<super::review::Comment>,
    /// Suggested edits of the body, sorted by id, one line each in the file.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "by_id")]
    pub suggestions: Vec<super::review::Suggestion>,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Review records in the file's order, by id, however they stand in memory.
fn by_id<T, S>(records: &[T], serializer: S) -> Result<S::Ok, S::Error>
where
    T: super::review::Record + Serialize,
    S: serde::Serializer,
{
    let mut sorted: Vec<&T> = records.iter().collect();
    sorted.sort_by(|a, b| a.id().cmp(b.id()));
    serializer.collect_seq(sorted)
}

impl Section {
    /// Its comments and suggestions, copied.
    pub fn review(&self) -> super::review::Review {
        super::review::Review {
            comments: self.comments.clone(),
            suggestions: self.suggestions.clone(),
        }
    }

    /// Puts `review` in place of its comments and suggestions (sorted as the file keeps
    /// them) and returns those it had.
    pub fn replace_review(&mut self, mut review: super::review::Review) -> super::review::Review {
        review.sort();
        super::review::Review {
            comments: std::mem::replace(&mut self.comments, review.comments),
            suggestions: std::mem::replace(&mut self.suggestions, review.suggestions),
        }
    }

    /// True when it has comments or suggestions.
    pub fn has_review(&self) -> bool {
        !self.comments.is_empty() || !self.suggestions.is_empty()
    }

    /// Unresolved comments and open suggestions: what a normal export leaves behind.
    pub fn open_review_items(&self) -> (usize, usize) {
        (
            self.comments.iter().filter(|c| !c.resolved).count(),
            self.suggestions.len(),
        )
    }

    /// The text of one of its fields.
    pub fn field(&self, field: super::SectionField) -> &str {
        match field {
            super::SectionField::Title => &self.title,
            super::SectionField::Body => &self.body,
            super::SectionField::Notes => &self.notes,
        }
    }

    /// The block id without its version (`incident` for `incident@1`).
    pub fn block_id(&self) -> &str {
        self.block.split('@').next().unwrap_or("")
    }
}

/// One entry of the source ledger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// The id citations use, such as `S1`.
    pub id: String,
    /// Title of the work.
    pub title: String,
    /// The title's short form for later notes (empty: derived from the title).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub short_title: String,
    /// Who wrote it: names separated by `;`, each `Family, Given` or an organisation's name
    /// (empty: the publisher stands as the author, as for an organisation's own report).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Who published it.
    pub publisher: String,
    /// Publication date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (or empty).
    pub date: String,
    /// Where to find it (http, https or mailto only).
    pub url: String,
    /// When the author last looked at it, `YYYY-MM-DD` (or empty).
    pub accessed: String,
    /// Unknown fields, written back unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Briefing {
    /// An empty briefing with the given title and default settings.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            meta: Meta {
                title: title.into(),
                language: "en".into(),
                ..Meta::default()
            },
            variables: BTreeMap::new(),
            sections: Vec::new(),
            sources: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Finds every comment and suggestion again after the file was edited outside briefdesk
    /// (see [`super::review::reanchor`]). Returns how many became orphaned.
    pub fn reanchor(&mut self) -> usize {
        let mut orphaned = 0;
        for section in &mut self.sections {
            if !section.has_review() {
                continue;
            }
            let mut review = section.replace_review(super::review::Review::default());
            orphaned += super::review::reanchor(&mut review, &section.body);
            section.replace_review(review);
        }
        orphaned
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The position of the section with this id.
    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// An id not yet used by any section, derived from `base` (`incident`, `incident-2`…).
    pub fn unused_section_id(&self, base: &str) -> String {
        let base = slug(base);
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        if self.section(&base).is_none() {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| self.section(id).is_none())
            .unwrap_or(base)
    }
}

/// Lower-case ASCII letters, digits and single hyphens: a safe id from any text.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl Marking {
    /// The banner text: the override if set, else level and caveats (`SECRET//NOFORN`).
    /// Empty when there is no marking.
    pub fn banner_text(&self) -> String {
        if !self.banner.trim().is_empty() {
            return self.banner.trim().to_owned();
        }
        if self.scheme == MarkingScheme::None || self.level.trim().is_empty() {
            return String::new();
        }
        let level = self.level.trim().to_uppercase();
        let caveats: Vec<String> = self
            .caveats
            .iter()
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        match self.scheme {
            MarkingScheme::Us if !caveats.is_empty() => {
                format!("{level}//{}", caveats.join("/"))
            }
            _ if !caveats.is_empty() => format!("{level} {}", caveats.join(" ")),
            _ => level,
        }
    }
}

impl MarkingScheme {
    /// The scheme's levels from lowest to highest, each with its portion-mark abbreviation.
    pub fn levels(self) -> &'static [(&'static str, &'static str)] {
        match self {
            MarkingScheme::None => &[],
            MarkingScheme::Uk => &[
                ("OFFICIAL", "O"),
                ("OFFICIAL-SENSITIVE", "OS"),
                ("SECRET", "S"),
                ("TOP SECRET", "TS"),
            ],
            MarkingScheme::Us => &[
                ("UNCLASSIFIED", "U"),
                ("CUI", "CUI"),
                ("CONFIDENTIAL", "C"),
                ("SECRET", "S"),
                ("TOP SECRET", "TS"),
            ],
        }
    }

    /// The rank of a level in this scheme (0 = lowest), accepting the level's name or its
    /// abbreviation in any case. `None` for a level the scheme does not have.
    pub fn rank(self, level: &str) -> Option<usize> {
        let level = level.trim().trim_matches(|c| c == '(' || c == ')');
        self.levels().iter().position(|(name, abbr)| {
            name.eq_ignore_ascii_case(level) || abbr.eq_ignore_ascii_case(level)
        })
    }

    /// The portion mark for a level, such as `(OS)`; the level itself in brackets when the
    /// scheme does not know it.
    pub fn portion_mark(self, level: &str) -> String {
        match self.rank(level) {
            Some(rank) => format!("({})", self.levels()[rank].1),
            None => format!("({})", level.trim().to_uppercase()),
        }
    }
}
