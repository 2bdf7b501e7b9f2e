//! Exports run off the UI thread. A PDF export writes the very pages the preview holds when
//! they are current (same briefing state, variant and file), so nothing is laid out twice;
//! otherwise it renders a snapshot of the briefing on its own thread. The status line shows
//! the export while it runs, and its warnings when it is done.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use super::App;
use super::desktop::HandOff;
use super::dialogs::FileKind;
use super::session;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Briefing;
use crate::pipeline::preview::Layout;
use crate::pipeline::{RenderOptions, Renderer};

/// An export under way.
pub struct Job {
    /// Where it goes.
    pub path: PathBuf,
    /// PDF or Markdown.
    pub kind: FileKind,
    /// Whether the preview's pages are being written (no layout needed).
    pub reused: bool,
    /// What the desktop is asked to do with the file once written (Print's export).
    pub then: Option<HandOff>,
    done: Receiver<Result<Vec<Diagnostic>, String>>,
}

/// Which export: the normal one, the review copy, or a comparison's redline.
#[derive(Clone, Debug)]
pub enum What {
    /// The briefing as distributed: no comments, no suggestions.
    Normal,
    /// The review copy: comments and suggestions set with the text.
    Review,
    /// A comparison's redline (a briefing of its own, set as a review copy without a cover).
    Redline(Box<Briefing>),
}

/// What an export starts from: the preview's current pages, or a snapshot of the briefing.
enum Source {
    Pages(Arc<Layout>),
    Briefing(Box<Briefing>, RenderOptions),
}

impl App {
    /// Starts exporting to `path` as PDF or Markdown; the status line follows it.
    pub fn export_to(&mut self, path: &Path, kind: FileKind) {
        self.start_export(path, kind, None, What::Normal);
    }

    /// Starts an export of the review copy or of a redline.
    pub fn export_as(&mut self, path: &Path, kind: FileKind, what: What) {
        self.start_export(path, kind, None, what);
    }

    /// Prints the briefing as the preview shows it: its PDF goes to a file of the user's own
    /// (in the runtime folder, readable by them alone, written over by the next print) and
    /// from there to the printer or the viewer.
    pub fn print(&mut self) {
        let folder = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|p| p.is_dir())
            .unwrap_or_else(std::env::temp_dir);
        let name = format!("briefdesk-print-{}.pdf", std::process::id());
        self.start_export(
            &folder.join(name),
            FileKind::Pdf,
            Some(HandOff::Print),
            What::Normal,
        );
    }

    fn start_export(&mut self, path: &Path, kind: FileKind, then: Option<HandOff>, what: What) {
        if self.export.is_some() {
            self.note("An export is still running; try again when it is done");
            return;
        }
        if self
            .session
            .path
            .as_deref()
            .is_some_and(|own| session::same_file(own, path))
        {
            self.fail(
                "Not exported: the export would overwrite the briefing itself; choose another name"
                    .to_owned(),
            );
            return;
        }
        let options = RenderOptions::beside(self.session.pictures_file().as_deref())
            .with_variant(self.variant)
            .dated_now();
        let review = !matches!(what, What::Normal);
        let options = RenderOptions { review, ..options };
        let source = match (what, self.current_layout()) {
            (What::Redline(redline), _) => Source::Briefing(
                redline,
                RenderOptions {
                    compact: true,
                    variant: None,
                    ..options.clone()
                },
            ),
            // The preview's pages, when they are what is asked for: the same briefing, and
            // set with review markup exactly when the export wants it.
            (_, Some(layout)) if kind == FileKind::Pdf && layout.review == review => {
                Source::Pages(layout)
            }
            _ => Source::Briefing(Box::new(self.session.briefing.clone()), options.clone()),
        };
        let reused = matches!(source, Source::Pages(_));
        let (send, done) = channel();
        let target = path.to_path_buf();
        let created = options.created;
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let _ = send.send(write(source, kind, created, &target));
            });
        match spawned {
            Ok(_) => {
                self.export = Some(Job {
                    path: path.to_path_buf(),
                    kind,
                    reused,
                    then,
                    done,
                });
                let variant = self
                    .variant
                    .map_or(String::new(), |v| format!("the {} variant ", v.name()));
                if then == Some(HandOff::Print) {
                    self.note(&format!("Preparing {variant}to print…"));
                } else {
                    self.note(&format!("Exporting {variant}to {}…", path.display()));
                }
            }
            Err(error) => self.fail(format!("Not exported: no thread could be started: {error}")),
        }
    }

    /// Takes the finished export's outcome into the status line.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.export else {
            return;
        };
        match job.done.try_recv() {
            Ok(outcome) => self.finish_export(outcome),
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.finish_export(Err("the export stopped unexpectedly".to_owned()));
            }
        }
    }

    /// Waits up to `timeout` for a running export to finish (tests and benchmarks).
    pub(super) fn wait_for_export(&mut self, timeout: Duration) -> bool {
        let Some(job) = &self.export else {
            return true;
        };
        match job.done.recv_timeout(timeout) {
            Ok(outcome) => {
                self.finish_export(outcome);
                true
            }
            Err(_) => false,
        }
    }

    fn finish_export(&mut self, outcome: Result<Vec<Diagnostic>, String>) {
        let Some(job) = self.export.take() else {
            return;
        };
        match outcome {
            Ok(found) => {
                if let Some(what) = job.then {
                    match self.dialogs.hand_off(what, &job.path) {
                        Ok(done) => self.note(&done),
                        Err(why) => self.fail(format!("Not printed: {why}")),
                    }
                    return;
                }
                self.last_export = Some(job.path.clone());
                let worst = found.iter().map(|d| d.severity).max();
                let warnings = found
                    .iter()
                    .filter(|d| d.severity >= Severity::Warning)
                    .count();
                let message = match worst {
                    Some(Severity::Error | Severity::Warning) => format!(
                        "Exported {} with {warnings} problem{} (see Problems); first: {}",
                        job.path.display(),
                        if warnings == 1 { "" } else { "s" },
                        found
                            .iter()
                            .find(|d| d.severity >= Severity::Warning)
                            .map_or("", |d| d.message.as_str())
                    ),
                    _ => format!("Exported {}", job.path.display()),
                };
                self.note(&message);
            }
            Err(message) => self.fail(format!("Not exported: {message}")),
        }
    }

    /// The preview's pages, if they are of the briefing as it is now.
    fn current_layout(&self) -> Option<Arc<Layout>> {
        let layout = self.preview.layout.as_ref()?;
        (layout.content == self.content_key()).then(|| Arc::clone(layout))
    }
}

/// Makes the export's bytes and writes them atomically; returns what was noticed.
fn write(
    source: Source,
    kind: FileKind,
    created: Option<String>,
    path: &Path,
) -> Result<Vec<Diagnostic>, String> {
    let (bytes, found) = match (source, kind) {
        (Source::Pages(layout), _) => {
            let pages = layout.pages.clone();
            let bytes = crate::pipeline::pdf_of_pages(pages, &layout.meta, created)
                .map_err(|e| e.to_string())?;
            (bytes, layout.diagnostics.clone())
        }
        (Source::Briefing(briefing, options), FileKind::Pdf) => {
            let exported = Renderer::new()
                .pdf(&briefing, &options)
                .map_err(|e| e.to_string())?;
            (exported.output, exported.diagnostics)
        }
        (Source::Briefing(briefing, options), FileKind::Docx) => {
            let exported = crate::pipeline::docx(&briefing, &options).map_err(|e| e.to_string())?;
            (exported.output, exported.diagnostics)
        }
        (Source::Briefing(briefing, options), _) => {
            let exported =
                crate::pipeline::markdown(&briefing, &options).map_err(|e| e.to_string())?;
            (exported.output.into_bytes(), exported.diagnostics)
        }
    };
    crate::io::write_all_atomic(&[(path, &bytes)], crate::io::Readers::Umask)
        .map_err(|e| e.to_string())?;
    Ok(found)
}
