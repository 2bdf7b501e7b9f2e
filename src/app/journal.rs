//! The recovery journal: a copy of unsaved work written soon after typing stops (and at
//! least once a second while it goes on), offered back after a crash, removed once the work
//! is saved or let go.

use std::time::Instant;

use super::App;
use super::files::Then;
use super::modal::Modal;
use super::session::Session;
use crate::io::journal;

/// How long after the last change the recovery copy is written.
pub const JOURNAL_DELAY: std::time::Duration = std::time::Duration::from_millis(1500);

/// While typing goes on without a pause, a recovery copy is still written this often.
pub const JOURNAL_MAX_GAP: std::time::Duration = std::time::Duration::from_millis(1000);

impl App {
    pub(super) fn keep_journal(&mut self, ctx: &egui::Context) {
        // Closing after "Don't save": the draft was let go on purpose.
        if self.journal.is_none() || self.quit_confirmed {
            return;
        }
        if !self.session.is_dirty() {
            if self.journaled.is_some() {
                self.forget_journal();
            }
            return;
        }
        if self.journaled == Some(self.session.history.state()) {
            return;
        }
        let quiet = self.last_edit.map_or(self.journal_delay, |t| t.elapsed());
        let waiting = self
            .unjournaled_since
            .get_or_insert_with(Instant::now)
            .elapsed();
        let gap = self.journal_delay.min(JOURNAL_MAX_GAP);
        if quiet >= self.journal_delay || waiting >= gap {
            self.flush_journal();
        } else {
            let next = (self.journal_delay - quiet).min(gap - waiting);
            ctx.request_repaint_after(next);
        }
    }

    /// Writes the recovery copy now if one is due (tests call this after a simulated crash).
    pub fn flush_journal(&mut self) {
        if let Some(journal) = &self.journal
            && self.session.is_dirty()
            && self.journaled != Some(self.session.history.state())
        {
            match journal.write(
                &self.journal_id,
                self.session.path.as_deref(),
                &self.session.briefing,
            ) {
                Ok(()) => {
                    self.journaled = Some(self.session.history.state());
                    self.unjournaled_since = None;
                }
                Err(error) => {
                    self.status = Some((format!("The recovery copy failed: {error}"), true));
                }
            }
        }
    }

    pub(super) fn forget_journal(&mut self) {
        if let Some(journal) = &self.journal
            && let Err(error) = journal.remove(&self.journal_id)
        {
            self.status = Some((error.to_string(), true));
        }
        self.journaled = None;
        self.unjournaled_since = None;
    }

    /// Takes back a draft from the recovery journal.
    pub fn recover(&mut self, found: &journal::Found) {
        let path = found.entry.document.clone();
        self.replace_session(Session::recovered(found.entry.briefing.clone(), path));
        // The recovered draft continues under its old entry until it is saved.
        self.journal_id = found.id.clone();
        self.journaled = None;
        self.last_edit = Some(Instant::now());
        self.modal = None;
        self.note("Recovered the unsaved draft; save it to keep it");
    }

    /// Deletes recovery copies the user chose not to keep.
    pub fn discard_recovery(&mut self, found: &[journal::Found]) {
        if let Some(journal) = &self.journal {
            for entry in found {
                if let Err(error) = journal.remove(&entry.id) {
                    self.status = Some((error.to_string(), true));
                }
            }
        }
        self.modal = None;
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_confirmed {
            if self.session.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Then::Quit));
            } else {
                self.forget_journal();
            }
        }
    }
}
