//! The problems list: every diagnostic with its place; a click selects its section and puts
//! the cursor on its line.

use egui::RichText;

use crate::app::{Action, Actions, App};
use crate::diagnostic::Severity;

pub(super) fn problems_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    let count = app.preview().diagnostics.len();
    let of = |severity: Severity| {
        app.preview()
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let summary = format!(
        "{} errors, {} warnings, {} notes",
        of(Severity::Error),
        of(Severity::Warning),
        of(Severity::Info)
    );
    ui.horizontal(|ui| {
        ui.strong("Problems");
        ui.label(RichText::new(summary).weak());
    });
    super::scroll(
        ui,
        egui::ScrollArea::vertical()
            .id_salt("problems-scroll")
            .auto_shrink([false, false]),
        "the problems",
        |ui| {
            if count == 0 {
                ui.label(RichText::new("No problems found.").weak());
            }
            for diagnostic in &app.preview().diagnostics {
                let (mark, color) = match diagnostic.severity {
                    Severity::Error => ("Error", ui.visuals().error_fg_color),
                    Severity::Warning => ("Warning", ui.visuals().warn_fg_color),
                    Severity::Info => ("Note", ui.visuals().weak_text_color()),
                };
                let place = match (&diagnostic.location.section, diagnostic.location.line) {
                    (Some(section), Some(line)) => format!("{section}, line {line}: "),
                    (Some(section), None) => format!("{section}: "),
                    _ => String::new(),
                };
                let text =
                    RichText::new(format!("{mark}: {place}{}", diagnostic.message)).color(color);
                let response = ui.add(egui::Button::selectable(false, text).wrap());
                if response.clicked()
                    && let Some(section) = &diagnostic.location.section
                {
                    // A line inside a section body: the cursor goes there.
                    match diagnostic.location.line {
                        Some(line) if diagnostic.location.file.is_none() => {
                            actions.push(Action::GoToLine {
                                section: section.clone(),
                                line,
                            });
                        }
                        _ => actions.push(Action::Select(section.clone())),
                    }
                }
            }
        },
    );
}
