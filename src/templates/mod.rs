//! Block and briefing templates: the built-in set embedded in the binary, plus any the author
//! keeps in a user folder. Templates are data — `{{name}}` placeholders, no code — and a broken
//! one is a diagnostic naming its file and line, never a crash.

mod front_matter;
pub mod import;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, Edit, MarkingScheme, Meta, PageSize, Section, Status, slug};

pub use front_matter::{FrontMatter, parse as parse_front_matter};

/// Every file under `templates/`, embedded at build time: `(path relative to templates/, text)`.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// The id of the briefing template used when none is named.
pub const DEFAULT_BRIEFING: &str = "policy-brief";

/// What a block is for, which decides the checks that apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Bottom line up front, key judgments: short and decisive.
    Summary,
    /// Reported facts that need sources: background, incident, response, reaction.
    Factual,
    /// The author's assessment: implications, options.
    Analysis,
    /// What the reader is asked to decide.
    Decision,
    /// Timelines, actors, sources, key terms.
    Reference,
    /// Classroom material: objectives, questions.
    Teaching,
}

impl BlockKind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "summary" => Self::Summary,
            "factual" => Self::Factual,
            "analysis" => Self::Analysis,
            "decision" => Self::Decision,
            "reference" => Self::Reference,
            "teaching" => Self::Teaching,
            _ => return None,
        })
    }

    /// The word used in template files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Factual => "factual",
            Self::Analysis => "analysis",
            Self::Decision => "decision",
            Self::Reference => "reference",
            Self::Teaching => "teaching",
        }
    }
}

/// Where a template came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the program.
    BuiltIn,
    /// A file in the user's template folder (its name, for messages).
    User(String),
}

/// A template block: the starting text of one kind of section.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Stable id, such as `incident`.
    pub id: String,
    /// Version, bumped when the block's text changes meaning.
    pub version: u32,
    /// The default section title.
    pub title: String,
    /// What the block is for.
    pub kind: BlockKind,
    /// Advice for the author, shown in the gallery and editor; never exported.
    pub guidance: String,
    /// Variables the body uses, with default values.
    pub variables: BTreeMap<String, String>,
    /// Variants the section belongs to by default (empty: all).
    pub variants: Vec<String>,
    /// The starting Markdown body.
    pub body: String,
    /// How long a section made from it should be, if the block says (`target: 4 sentences`).
    pub target: Option<Target>,
    /// Where it came from.
    pub origin: Origin,
}

/// A section's length goal: at most so many words or sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// How many.
    pub amount: usize,
    /// Of what.
    pub unit: TargetUnit,
}

/// What a length goal counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetUnit {
    /// Words.
    Words,
    /// Sentences.
    Sentences,
}

impl Target {
    /// `4 sentences`, `250 words`.
    pub fn parse(text: &str) -> Option<Self> {
        let (amount, unit) = text.trim().split_once(char::is_whitespace)?;
        let amount: usize = amount.parse().ok().filter(|&n| n > 0)?;
        let unit = match unit.trim() {
            "word" | "words" => TargetUnit::Words,
            "sentence" | "sentences" => TargetUnit::Sentences,
            _ => return None,
        };
        Some(Self { amount, unit })
    }

    /// How much of the goal a body uses, counted as the goal counts (HTML comments, which
    /// never reach the page, left out).
    pub fn measure(&self, body: &str) -> usize {
        let mut text = String::with_capacity(body.len());
        let mut rest = body;
        while let Some(at) = rest.find("<!--") {
            text.push_str(&rest[..at]);
            rest = rest[at..]
                .find("-->")
                .map_or("", |end| &rest[at + end + 3..]);
        }
        text.push_str(rest);
        // Citations and note marks are no words of the text.
        let mut bare = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = [rest.find("[@"), rest.find("[^")]
            .into_iter()
            .flatten()
            .min()
        {
            bare.push_str(&rest[..at]);
            rest = rest[at..].find(']').map_or("", |end| &rest[at + end + 1..]);
        }
        bare.push_str(rest);
        let text = bare;
        match self.unit {
            TargetUnit::Words => crate::lint::word_count(&text),
            TargetUnit::Sentences => crate::lint::sentences(&text)
                .iter()
                .filter(|s| s.chars().any(char::is_alphabetic))
                .count(),
        }
    }

    /// "4 sentences".
    pub fn describe(&self) -> String {
        let unit = match (self.unit, self.amount) {
            (TargetUnit::Words, 1) => "word",
            (TargetUnit::Words, _) => "words",
            (TargetUnit::Sentences, 1) => "sentence",
            (TargetUnit::Sentences, _) => "sentences",
        };
        format!("{} {unit}", self.amount)
    }
}

impl Block {
    /// `id@version`, as recorded in a section.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

/// A briefing template: default settings and an ordered list of blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefingTemplate {
    /// Stable id, such as `policy-brief`.
    pub id: String,
    /// Human name.
    pub title: String,
    /// One or two sentences on when to use it.
    pub description: String,
    /// Block ids in order.
    pub blocks: Vec<String>,
    /// Default meta (status, audience, marking, page size…).
    pub meta: Meta,
    /// Default variables.
    pub variables: BTreeMap<String, String>,
    /// Where it came from.
    pub origin: Origin,
}

/// All templates known to the program, and what went wrong loading them.
#[derive(Clone, Debug, Default)]
pub struct Library {
    blocks: BTreeMap<String, Block>,
    briefings: BTreeMap<String, BriefingTemplate>,
    /// Problems found while loading; the templates that loaded are still usable.
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// The built-in templates.
    pub fn builtin() -> Self {
        let mut library = Self::default();
        library.add_files(
            BUILTIN
                .iter()
                .filter(|(path, _)| path.ends_with(".md"))
                .map(|(path, text)| (path.to_string(), text.to_string())),
            |path| (Origin::BuiltIn, path.to_owned()),
        );
        library
    }

    /// Adds template files (`blocks/NAME.md` or `briefings/NAME.md`, relative to a template
    /// folder); a file with the id of an existing template replaces it.
    pub fn add_user_files(&mut self, files: impl IntoIterator<Item = (String, String)>) {
        self.add_files(files, |path| {
            (Origin::User(path.to_owned()), path.to_owned())
        });
    }

    fn add_files(
        &mut self,
        files: impl IntoIterator<Item = (String, String)>,
        origin: impl Fn(&str) -> (Origin, String),
    ) {
        for (path, text) in files {
            let (origin, name) = origin(&path);
            let result = if path.starts_with("blocks/") {
                parse_block(&name, &text, origin).map(|(block, warnings)| {
                    self.blocks.insert(block.id.clone(), block);
                    warnings
                })
            } else if path.starts_with("briefings/") {
                parse_briefing(&name, &text, origin).map(|(template, warnings)| {
                    self.briefings.insert(template.id.clone(), template);
                    warnings
                })
            } else {
                Ok(vec![Diagnostic::warning(
                    "not a template: put block templates in blocks/ and briefing templates in briefings/",
                )
                .in_file(name)])
            };
            match result {
                Ok(warnings) => self.diagnostics.extend(warnings),
                Err(error) => self.diagnostics.push(error),
            }
        }
        let missing: Vec<Diagnostic> = self
            .briefings
            .values()
            .flat_map(|t| {
                t.blocks
                    .iter()
                    .filter(|b| !self.blocks.contains_key(*b))
                    .map(|b| {
                        Diagnostic::warning(format!(
                            "briefing template '{}' lists block '{b}', which does not exist; it will be skipped",
                            t.id
                        ))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        for d in missing {
            if !self.diagnostics.contains(&d) {
                self.diagnostics.push(d);
            }
        }
    }

    /// All blocks, by id.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.values()
    }

    /// All briefing templates, by id.
    pub fn briefings(&self) -> impl Iterator<Item = &BriefingTemplate> {
        self.briefings.values()
    }

    /// The block with this id.
    pub fn block(&self, id: &str) -> Option<&Block> {
        self.blocks.get(id)
    }

    /// The briefing template with this id.
    pub fn briefing(&self, id: &str) -> Option<&BriefingTemplate> {
        self.briefings.get(id)
    }

    /// A new briefing from a template, dated `date` (`YYYY-MM-DD`, passed in so tests can fix
    /// the clock). `None` when there is no such template.
    pub fn new_briefing(&self, template: &str, date: &str) -> Option<Briefing> {
        let template = self.briefings.get(template)?;
        let mut briefing = Briefing::new(template.meta.title.clone());
        briefing.meta = template.meta.clone();
        briefing.meta.date = date.to_owned();
        briefing.meta.as_of = date.to_owned();
        briefing.variables = template.variables.clone();
        for id in &template.blocks {
            if let Some(block) = self.blocks.get(id) {
                let edit = self.add_block_edit(&briefing, block, briefing.sections.len());
                // Adding a block to a briefing under construction cannot collide: the id is
                // fresh and the position is the end, so an error here means nothing to add.
                let _ = briefing.apply(edit);
            }
        }
        Some(briefing)
    }

    /// The edit that adds a section made from `block` at `index`, together with any of the
    /// block's default variables the briefing does not define yet, as one undoable step.
    pub fn add_block_edit(&self, briefing: &Briefing, block: &Block, index: usize) -> Edit {
        let section = Section {
            id: briefing.unused_section_id(&block.id),
            block: block.reference(),
            title: block.title.clone(),
            body: block.body.clone(),
            variants: block.variants.clone(),
            ..Section::default()
        };
        let mut edits = vec![Edit::InsertSection {
            index,
            section: Box::new(section),
        }];
        for (name, value) in &block.variables {
            if !briefing.variables.contains_key(name) {
                edits.push(Edit::SetVariable {
                    name: name.clone(),
                    value: Some(value.clone()),
                });
            }
        }
        Edit::Batch(edits)
    }
}

/// The embedded sample briefing (the 2022 Albania–Iran case), as JSON text.
pub fn sample_json() -> &'static str {
    BUILTIN
        .iter()
        .find(|(path, _)| *path == "samples/albania-iran.briefing.json")
        .map(|(_, text)| *text)
        .unwrap_or("")
}

fn parse_block(
    file: &str,
    text: &str,
    origin: Origin,
) -> Result<(Block, Vec<Diagnostic>), Diagnostic> {
    let fm = front_matter::parse(file, text)?;
    let mut warnings = Vec::new();
    let id = required(&fm, file, "id")?;
    if slug(&id) != id {
        return Err(Diagnostic::error(format!(
            "block id '{id}' may use only lower-case letters, digits and single hyphens"
        ))
        .in_file(file)
        .at_line(fm.get("id").map_or(1, |e| e.line)));
    }
    let version_entry = fm.get("version");
    let version = match version_entry {
        Some(entry) => entry.value.parse().map_err(|_| {
            Diagnostic::error(format!("version '{}' is not a whole number", entry.value))
                .in_file(file)
                .at_line(entry.line)
        })?,
        None => 1,
    };
    let kind_entry = fm.get("kind").ok_or_else(|| missing(file, "kind"))?;
    let kind = BlockKind::parse(&kind_entry.value).ok_or_else(|| {
        Diagnostic::error(format!(
            "kind '{}' is not one of summary, factual, analysis, decision, reference, teaching",
            kind_entry.value
        ))
        .in_file(file)
        .at_line(kind_entry.line)
    })?;
    let mut variables = BTreeMap::new();
    for entry in &fm.entries {
        match entry.key.as_str() {
            "id" | "version" | "title" | "kind" | "guidance" | "variants" | "target" => {}
            _ => variable_or_unknown(file, entry, &mut variables, &mut warnings),
        }
    }
    Ok((
        Block {
            id,
            version,
            title: required(&fm, file, "title")?,
            kind,
            guidance: fm
                .get("guidance")
                .map(|e| e.value.clone())
                .unwrap_or_default(),
            variables,
            variants: variants(&fm, file)?,
            body: fm.body.trim_start_matches('\n').to_owned(),
            target: match fm.get("target") {
                Some(entry) => Some(Target::parse(&entry.value).ok_or_else(|| {
                    Diagnostic::error(format!(
                        "target '{}' is not a length such as '4 sentences' or '250 words'",
                        entry.value
                    ))
                    .in_file(file)
                    .at_line(entry.line)
                })?),
                None => None,
            },
            origin,
        },
        warnings,
    ))
}

/// A block's `variants:` list, each name checked against the variants there are.
fn variants(fm: &front_matter::FrontMatter, file: &str) -> Result<Vec<String>, Diagnostic> {
    let Some(entry) = fm.get("variants") else {
        return Ok(Vec::new());
    };
    let names = front_matter::list(&entry.value);
    for name in &names {
        name.parse::<crate::model::Variant>().map_err(|unknown| {
            Diagnostic::error(unknown.to_string())
                .in_file(file)
                .at_line(entry.line)
        })?;
    }
    Ok(names)
}

fn parse_briefing(
    file: &str,
    text: &str,
    origin: Origin,
) -> Result<(BriefingTemplate, Vec<Diagnostic>), Diagnostic> {
    let fm = front_matter::parse(file, text)?;
    let mut warnings = Vec::new();
    let id = required(&fm, file, "id")?;
    let mut meta = Meta {
        language: "en".into(),
        ..Meta::default()
    };
    let mut variables = BTreeMap::new();
    for entry in &fm.entries {
        let bad = |what: &str| {
            Diagnostic::error(format!("'{}' is not {what}", entry.value))
                .in_file(file)
                .at_line(entry.line)
        };
        match entry.key.as_str() {
            "id" | "title" | "description" | "blocks" => {}
            "document_title" => meta.title = entry.value.clone(),
            "subtitle" => meta.subtitle = entry.value.clone(),
            "audience" => meta.audience = entry.value.clone(),
            "organization" => meta.organization = entry.value.clone(),
            "distribution" => meta.distribution = entry.value.clone(),
            "public_distribution" => meta.public_distribution = entry.value.clone(),
            "language" => meta.language = entry.value.clone(),
            "version" => meta.version = entry.value.clone(),
            "status" => {
                meta.status = match entry.value.as_str() {
                    "draft" => Status::Draft,
                    "final" => Status::Final,
                    _ => return Err(bad("a status (draft or final)")),
                }
            }
            "marking.scheme" => {
                meta.marking.scheme = match entry.value.as_str() {
                    "none" => MarkingScheme::None,
                    "uk" => MarkingScheme::Uk,
                    "us" => MarkingScheme::Us,
                    _ => return Err(bad("a marking scheme (none, uk or us)")),
                }
            }
            "marking.level" => meta.marking.level = entry.value.clone(),
            "marking.caveats" => meta.marking.caveats = front_matter::list(&entry.value),
            "page.size" => {
                meta.page.size = match entry.value.as_str() {
                    "A4" => PageSize::A4,
                    "Letter" => PageSize::Letter,
                    _ => return Err(bad("a page size (A4 or Letter)")),
                }
            }
            _ => variable_or_unknown(file, entry, &mut variables, &mut warnings),
        }
    }
    let blocks = front_matter::list(&required(&fm, file, "blocks")?);
    Ok((
        BriefingTemplate {
            id,
            title: required(&fm, file, "title")?,
            description: fm
                .get("description")
                .map(|e| e.value.clone())
                .unwrap_or_default(),
            blocks,
            meta,
            variables,
            origin,
        },
        warnings,
    ))
}

/// A `variable.NAME: value` entry goes into `variables`; any other key is a warning.
fn variable_or_unknown(
    file: &str,
    entry: &front_matter::Entry,
    variables: &mut BTreeMap<String, String>,
    warnings: &mut Vec<Diagnostic>,
) {
    match entry.key.strip_prefix("variable.") {
        Some(name) if !name.is_empty() => {
            variables.insert(name.to_owned(), entry.value.clone());
        }
        _ => warnings.push(
            Diagnostic::warning(format!("unknown key '{}' is ignored", entry.key))
                .in_file(file)
                .at_line(entry.line),
        ),
    }
}

fn required(fm: &FrontMatter, file: &str, key: &str) -> Result<String, Diagnostic> {
    match fm.get(key) {
        Some(entry) if !entry.value.is_empty() => Ok(entry.value.clone()),
        Some(entry) => Err(Diagnostic::error(format!("'{key}' is empty"))
            .in_file(file)
            .at_line(entry.line)),
        None => Err(missing(file, key)),
    }
}

fn missing(file: &str, key: &str) -> Diagnostic {
    Diagnostic::error(format!("the header has no '{key}:' line; add one"))
        .in_file(file)
        .at_line(1)
}

#[cfg(test)]
mod target_tests {
    use super::{Target, TargetUnit};

    #[test]
    fn targets_parse_and_count_what_the_reader_reads() {
        let target = Target::parse("4 sentences").unwrap();
        assert_eq!(target.unit, TargetUnit::Sentences);
        assert_eq!(Target::parse("250 words").unwrap().amount, 250);
        assert!(Target::parse("four sentences").is_none());
        assert!(Target::parse("0 words").is_none());
        // Comments and citations are not counted, a citation alone is no sentence.
        let body = "<!-- Two sentences. At most. -->One claim [@S1]. Another[^n].\n\n[@S2]\n";
        assert_eq!(target.measure(body), 2);
        let words = Target::parse("10 words").unwrap();
        assert_eq!(words.measure(body), 3);
    }
}
