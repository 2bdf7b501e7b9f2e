//! Edits as values: the one way a briefing changes. Applying an edit returns its inverse, so
//! undo, redo, the dirty flag and the recovery journal all follow from this one path.

use thiserror::Error;

use super::briefing::{Briefing, Meta, Section, Source};
use super::review::{self, Review};

/// Which text field of a section an edit sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SectionField {
    /// The heading.
    Title,
    /// The Markdown body.
    Body,
    /// The private notes.
    Notes,
}

/// One change to a briefing.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Insert a section at a position (0 ..= number of sections).
    InsertSection {
        /// Where it goes.
        index: usize,
        /// The section; its id must not be in use.
        section: Box<Section>,
    },
    /// Remove the section at a position.
    RemoveSection {
        /// Which one.
        index: usize,
    },
    /// Move a section from one position to another (positions in the list before the move).
    MoveSection {
        /// Where it is.
        from: usize,
        /// Where it ends up.
        to: usize,
    },
    /// Set the title, body or notes of a section. Comments and suggestions on the body move
    /// with the change (see [`super::review::follow`]).
    SetSectionText {
        /// The section's id.
        id: String,
        /// Which field.
        field: SectionField,
        /// The new text.
        text: String,
    },
    /// Set a section's comments and suggestions (kept sorted by id).
    SetSectionReview {
        /// The section's id.
        id: String,
        /// The new review items.
        review: Box<Review>,
    },
    /// Set a section's body and review items exactly as given: how undo puts back a body
    /// edit that moved anchors, and how accepting a suggestion applies.
    RestoreSection {
        /// The section's id.
        id: String,
        /// The body.
        body: String,
        /// The review items.
        review: Box<Review>,
    },
    /// Set or clear a section's portion marking.
    SetSectionMarking {
        /// The section's id.
        id: String,
        /// The new marking; `None` clears it.
        marking: Option<String>,
    },
    /// Set the variants a section belongs to (empty: all).
    SetSectionVariants {
        /// The section's id.
        id: String,
        /// The variant names.
        variants: Vec<String>,
    },
    /// Replace the whole meta block (settings forms edit a copy and submit it).
    SetMeta(Box<Meta>),
    /// Set a variable, or remove it with `None`.
    SetVariable {
        /// The variable's name.
        name: String,
        /// The new value.
        value: Option<String>,
    },
    /// Insert a source into the ledger.
    InsertSource {
        /// Where it goes.
        index: usize,
        /// The entry; its id must not be in use.
        source: Box<Source>,
    },
    /// Remove the source at a position.
    RemoveSource {
        /// Which one.
        index: usize,
    },
    /// Replace the source at a position.
    SetSource {
        /// Which one.
        index: usize,
        /// The new entry.
        source: Box<Source>,
    },
    /// Several edits applied together and undone together.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied. The briefing is unchanged when one is returned.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    /// A position past the end of the list.
    #[error("position {index} is out of range (there are {len})")]
    OutOfRange {
        /// The position asked for.
        index: usize,
        /// The length of the list.
        len: usize,
    },
    /// No section has this id.
    #[error("there is no section '{0}'")]
    NoSection(String),
    /// The id is already in use.
    #[error("the id '{0}' is already in use")]
    DuplicateId(String),
}

impl Briefing {
    /// Applies an edit and returns the edit that undoes it. On error nothing has changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::InsertSection { index, section } => {
                check_insert(index, self.sections.len())?;
                if self.section(&section.id).is_some() {
                    return Err(EditError::DuplicateId(section.id));
                }
                self.sections.insert(index, *section);
                Ok(Edit::RemoveSection { index })
            }
            Edit::RemoveSection { index } => {
                check_index(index, self.sections.len())?;
                let section = self.sections.remove(index);
                Ok(Edit::InsertSection {
                    index,
                    section: Box::new(section),
                })
            }
            Edit::MoveSection { from, to } => {
                check_index(from, self.sections.len())?;
                check_index(to, self.sections.len())?;
                let section = self.sections.remove(from);
                self.sections.insert(to, section);
                Ok(Edit::MoveSection { from: to, to: from })
            }
            Edit::SetSectionText { id, field, text } => {
                let section = self.section_mut(&id)?;
                if field == SectionField::Body && section.has_review() {
                    let mut moved = section.review();
                    review::follow(&mut moved, &section.body, &text);
                    let old_review = section.replace_review(moved);
                    let old = std::mem::replace(&mut section.body, text);
                    return Ok(Edit::RestoreSection {
                        id,
                        body: old,
                        review: Box::new(old_review),
                    });
                }
                let slot = match field {
                    SectionField::Title => &mut section.title,
                    SectionField::Body => &mut section.body,
                    SectionField::Notes => &mut section.notes,
                };
                let old = std::mem::replace(slot, text);
                Ok(Edit::SetSectionText {
                    id,
                    field,
                    text: old,
                })
            }
            Edit::SetSectionReview { id, review } => {
                let old = self.section_mut(&id)?.replace_review(*review);
                Ok(Edit::SetSectionReview {
                    id,
                    review: Box::new(old),
                })
            }
            Edit::RestoreSection { id, body, review } => {
                let section = self.section_mut(&id)?;
                let old = section.replace_review(*review);
                let old_body = std::mem::replace(&mut section.body, body);
                Ok(Edit::RestoreSection {
                    id,
                    body: old_body,
                    review: Box::new(old),
                })
            }
            Edit::SetSectionMarking { id, marking } => {
                let section = self.section_mut(&id)?;
                let old = std::mem::replace(&mut section.marking, marking);
                Ok(Edit::SetSectionMarking { id, marking: old })
            }
            Edit::SetSectionVariants { id, variants } => {
                let section = self.section_mut(&id)?;
                let old = std::mem::replace(&mut section.variants, variants);
                Ok(Edit::SetSectionVariants { id, variants: old })
            }
            Edit::SetMeta(meta) => {
                let old = std::mem::replace(&mut self.meta, *meta);
                Ok(Edit::SetMeta(Box::new(old)))
            }
            Edit::SetVariable { name, value } => {
                let old = match value {
                    Some(value) => self.variables.insert(name.clone(), value),
                    None => self.variables.remove(&name),
                };
                Ok(Edit::SetVariable { name, value: old })
            }
            Edit::InsertSource { index, source } => {
                check_insert(index, self.sources.len())?;
                if self.sources.iter().any(|s| s.id == source.id) {
                    return Err(EditError::DuplicateId(source.id));
                }
                self.sources.insert(index, *source);
                Ok(Edit::RemoveSource { index })
            }
            Edit::RemoveSource { index } => {
                check_index(index, self.sources.len())?;
                let source = self.sources.remove(index);
                Ok(Edit::InsertSource {
                    index,
                    source: Box::new(source),
                })
            }
            Edit::SetSource { index, source } => {
                check_index(index, self.sources.len())?;
                if self
                    .sources
                    .iter()
                    .enumerate()
                    .any(|(i, s)| i != index && s.id == source.id)
                {
                    return Err(EditError::DuplicateId(source.id));
                }
                let old = std::mem::replace(&mut self.sources[index], *source);
                Ok(Edit::SetSource {
                    index,
                    source: Box::new(old),
                })
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            // Roll back what was applied so the briefing is unchanged.
                            for inverse in inverses.into_iter().rev() {
                                let _ = self.apply(inverse);
                            }
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    fn section_mut(&mut self, id: &str) -> Result<&mut Section, EditError> {
        self.sections
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| EditError::NoSection(id.to_owned()))
    }

    /// The edit that inserts a copy of section `index` right after it, under a fresh id.
    pub fn duplicate_section_edit(&self, index: usize) -> Result<Edit, EditError> {
        check_index(index, self.sections.len())?;
        let mut copy = self.sections[index].clone();
        copy.id = self.unused_section_id(&copy.id);
        copy.title = format!("{} (copy)", copy.title.trim_end());
        // The copy's review items are its own: ids are unique in the briefing.
        for comment in &mut copy.comments {
            comment.id = review::new_id('c');
        }
        for suggestion in &mut copy.suggestions {
            suggestion.id = review::new_id('s');
        }
        Ok(Edit::InsertSection {
            index: index + 1,
            section: Box::new(copy),
        })
    }
}

fn check_index(index: usize, len: usize) -> Result<(), EditError> {
    if index < len {
        Ok(())
    } else {
        Err(EditError::OutOfRange { index, len })
    }
}

fn check_insert(index: usize, len: usize) -> Result<(), EditError> {
    if index <= len {
        Ok(())
    } else {
        Err(EditError::OutOfRange { index, len })
    }
}
