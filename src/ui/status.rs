//! The status line: saved or not, words, pages, the file, and the last message.

use egui::RichText;

use crate::app::App;

pub(super) fn status_ui(ui: &mut egui::Ui, app: &App) {
    ui.horizontal(|ui| {
        let session = app.session();
        // "Saved" only where there is a file to be saved in.
        let (state, color) = if session.recovered {
            ("Recovered draft, not saved yet", ui.visuals().warn_fg_color)
        } else if session.path.is_none() {
            ("Not saved to a file", ui.visuals().warn_fg_color)
        } else if session.is_dirty() {
            ("Unsaved changes", ui.visuals().warn_fg_color)
        } else {
            ("Saved", ui.visuals().weak_text_color())
        };
        ui.label(RichText::new(state).color(color));
        ui.separator();
        let words: usize = app.word_counts().iter().sum();
        ui.label(format!("{words} words"));
        ui.separator();
        let pages = app.preview().pages.len();
        ui.label(format!("{pages} pages"));
        ui.separator();
        let name = session
            .path
            .as_deref()
            .map_or_else(|| "Untitled".to_owned(), |p| p.display().to_string());
        ui.label(RichText::new(name).weak());
        if app.export().is_some() {
            ui.separator();
            ui.spinner();
        }
        if let Some(((message, error), left)) = app.fresh_status() {
            ui.ctx().request_repaint_after(left);
            ui.separator();
            let color = if *error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(message).color(color));
        }
    });
}
