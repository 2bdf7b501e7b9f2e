//! Diagnostics: what every phase returns beside its output, so that no caller can drop a warning.

use std::fmt;

/// How serious a diagnostic is. Ordered, so `max()` gives the worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// The output is produced but probably not what the author meant.
    Warning,
    /// The output is wrong or incomplete; `check` and `export` exit with status 1.
    Error,
}

impl Severity {
    /// The lower-case word used in messages ("error", "warning", "info").
    pub fn word(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a diagnostic points. Every field is optional because a diagnostic may be about the
/// whole document, one field of it, one line of a section body, or one line of a template file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Location {
    /// The section id, when the problem is inside a section.
    pub section: Option<String>,
    /// A dotted field path in the document file, such as `meta.page.margins_mm.left`.
    pub field: Option<String>,
    /// A template or input file name.
    pub file: Option<String>,
    /// 1-based line inside the section body (or the file, when `file` is set).
    pub line: Option<u32>,
}

/// One finding of a phase: how bad, where, and a message that says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong and what to do, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with no location yet; chain `in_section`, `at_line`, `in_field`, `in_file`.
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Self {
            severity,
            location: Location::default(),
            message: message.into(),
        }
    }

    /// An error-level diagnostic.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning-level diagnostic.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// An info-level diagnostic.
    pub fn info(message: impl Into<String>) -> Self {
        Self::new(Severity::Info, message)
    }

    /// Points the diagnostic at a section.
    pub fn in_section(mut self, id: impl Into<String>) -> Self {
        self.location.section = Some(id.into());
        self
    }

    /// Points the diagnostic at a line (of the section body, or of the file).
    pub fn at_line(mut self, line: u32) -> Self {
        self.location.line = Some(line);
        self
    }

    /// Points the diagnostic at a field of the document file.
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.location.field = Some(field.into());
        self
    }

    /// Points the diagnostic at a file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.location.file = Some(file.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(match self.line {
                Some(line) => format!("{file}:{line}"),
                None => file.clone(),
            });
        }
        if let Some(section) = &self.section {
            parts.push(match (self.line, &self.file) {
                (Some(line), None) => format!("section '{section}', line {line}"),
                _ => format!("section '{section}'"),
            });
        }
        if let Some(field) = &self.field {
            parts.push(format!("field '{field}'"));
        }
        write!(f, "{}", parts.join(", "))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self.location.to_string();
        if place.is_empty() {
            write!(f, "{}: {}", self.severity.word(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.severity.word(), place, self.message)
        }
    }
}

/// The worst severity in a list, if any.
pub fn worst(diagnostics: &[Diagnostic]) -> Option<Severity> {
    diagnostics.iter().map(|d| d.severity).max()
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    worst(diagnostics) == Some(Severity::Error)
}
