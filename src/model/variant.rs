//! The variants a briefing is exported as: a fixed set, parsed once from its name where the
//! name comes in (the command line, a template, the window), so an unknown name is an error
//! there and nowhere else.

use std::fmt;
use std::str::FromStr;

/// One way of exporting a briefing: which sections it takes and how it is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    /// The full brief, with cover and contents.
    Full,
    /// The two-page decision memo, set compactly.
    Memo,
    /// The classroom handout, set compactly, nothing above the marking ceiling.
    Handout,
    /// The public version: nothing above the marking ceiling.
    Public,
}

impl Variant {
    /// Every variant, in the order menus list them.
    pub const ALL: [Variant; 4] = [
        Variant::Full,
        Variant::Memo,
        Variant::Handout,
        Variant::Public,
    ];

    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Full => "full",
            Variant::Memo => "memo",
            Variant::Handout => "handout",
            Variant::Public => "public",
        }
    }

    /// The name as a menu shows it.
    pub fn title(self) -> &'static str {
        match self {
            Variant::Full => "Full brief",
            Variant::Memo => "Memo",
            Variant::Handout => "Handout",
            Variant::Public => "Public",
        }
    }

    /// What the variant is for, as the window describes it.
    pub fn description(self) -> &'static str {
        match self {
            Variant::Full => "every section meant for the full brief, with cover and contents",
            Variant::Memo => "summary, judgments, options and recommendation on at most two pages",
            Variant::Handout => "the teaching sections, nothing marked above the lowest level",
            Variant::Public => "nothing marked above the chosen level; cover and contents",
        }
    }

    /// Whether sections marked above the ceiling are left out.
    pub fn limits_markings(self) -> bool {
        matches!(self, Variant::Handout | Variant::Public)
    }

    /// Whether the variant is set compactly (a title block instead of cover and contents).
    pub fn compact(self) -> bool {
        matches!(self, Variant::Memo | Variant::Handout)
    }

    /// Whether a section that lists `names` belongs to this variant (no names: every variant).
    pub fn takes(self, names: &[String]) -> bool {
        names.is_empty() || self.named_in(names)
    }

    /// Whether `names` names this variant explicitly.
    pub fn named_in(self, names: &[String]) -> bool {
        names.iter().any(|n| n == self.name())
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A variant name that is not one of [`Variant::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("there is no variant '{0}'; choose one of full, memo, handout, public")]
pub struct UnknownVariant(pub String);

impl FromStr for Variant {
    type Err = UnknownVariant;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Variant::ALL
            .into_iter()
            .find(|v| v.name() == name)
            .ok_or_else(|| UnknownVariant(name.to_owned()))
    }
}
