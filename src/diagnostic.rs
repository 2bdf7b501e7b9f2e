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

/// Text from a file made safe to print on a terminal: each control character (ESC, BEL, a line
/// break inside a message…) is shown as `\u{1b}`, so a file cannot move the cursor, ring the
/// bell or split one message over several lines.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What kind of finding a message is: the message with its particulars (quoted names, ids,
/// numbers) taken out, so that one mistake repeated in a thousand sections counts as one kind.
pub fn kind_of(message: &str) -> String {
    let mut kind = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    let mut after_space = true;
    for c in message.chars() {
        let opens_here = after_space;
        after_space = c.is_whitespace() || c == '(' || c == '[';
        match quote {
            Some(close) if c == close => quote = None,
            Some(_) => {}
            None => match c {
                // An apostrophe inside a word ("section's") opens nothing.
                '\'' if opens_here => quote = Some('\''),
                '“' => quote = Some('”'),
                '"' => quote = Some('"'),
                '‘' => quote = Some('’'),
                c if c.is_ascii_digit() => {}
                c => kind.push(c),
            },
        }
    }
    kind
}
