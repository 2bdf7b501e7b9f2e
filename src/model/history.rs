//! Undo and redo over the whole briefing, built on edits that return their inverse.

use super::briefing::Briefing;
use super::edit::{Edit, EditError};

/// How many steps of undo are kept.
const DEFAULT_LIMIT: usize = 1000;

/// One undoable step: the edit that undoes it, and the state it returns to.
#[derive(Clone, Debug)]
struct Step {
    inverse: Edit,
    /// The state id before the step, so that undoing restores the dirty flag exactly.
    state_before: u64,
    /// Typing in one field coalesces into one step; `None` never coalesces.
    group: Option<String>,
}

/// The undo and redo stacks, and an id for every state the briefing passes through so the
/// app can tell whether the current state is the saved one.
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    state: u64,
    next_state: u64,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            state: 0,
            next_state: 1,
            limit: DEFAULT_LIMIT,
        }
    }

    /// An id for the briefing's current state; equal ids mean equal documents.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// Applies an edit and records its inverse. Edits with the same `group` in a row (typing
    /// in one field) undo as one step.
    pub fn apply(
        &mut self,
        briefing: &mut Briefing,
        edit: Edit,
        group: Option<&str>,
    ) -> Result<(), EditError> {
        let inverse = briefing.apply(edit)?;
        self.redo.clear();
        let coalesce = match (group, self.undo.last()) {
            (Some(group), Some(last)) => last.group.as_deref() == Some(group),
            _ => false,
        };
        if !coalesce {
            self.undo.push(Step {
                inverse,
                state_before: self.state,
                group: group.map(str::to_owned),
            });
            if self.undo.len() > self.limit {
                self.undo.remove(0);
            }
        }
        self.state = self.fresh_state();
        Ok(())
    }

    /// Ends the current typing group, so the next edit starts a new undo step.
    pub fn break_group(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.group = None;
        }
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step. Returns false when there was nothing to undo.
    pub fn undo(&mut self, briefing: &mut Briefing) -> Result<bool, EditError> {
        replay(briefing, &mut self.undo, &mut self.redo, &mut self.state)
    }

    /// Redoes the last undone step. Returns false when there was nothing to redo.
    pub fn redo(&mut self, briefing: &mut Briefing) -> Result<bool, EditError> {
        replay(briefing, &mut self.redo, &mut self.undo, &mut self.state)
    }

    fn fresh_state(&mut self) -> u64 {
        let id = self.next_state;
        self.next_state += 1;
        id
    }
}

/// Applies the top step of `from` and pushes its inverse onto `to`: undo and redo are the same
/// move between the two stacks. On error the step stays where it was.
fn replay(
    briefing: &mut Briefing,
    from: &mut Vec<Step>,
    to: &mut Vec<Step>,
    state: &mut u64,
) -> Result<bool, EditError> {
    let Some(step) = from.pop() else {
        return Ok(false);
    };
    match briefing.apply(step.inverse.clone()) {
        Ok(inverse) => {
            to.push(Step {
                inverse,
                state_before: *state,
                group: None,
            });
            *state = step.state_before;
            Ok(true)
        }
        Err(error) => {
            from.push(step);
            Err(error)
        }
    }
}
