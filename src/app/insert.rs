//! Insert: a picture (copied beside the briefing, its alt text asked for), a table of rows by
//! columns written as a pipe table, and a citation picked from the source ledger (or a new
//! entry made for it). Each goes in at the body's cursor as one undo step.

use std::path::Path;

use super::App;
use super::editor::TextTarget;
use super::modal::Modal;
use crate::model::{Edit, Source};

/// The largest picture copied in (the same limit as any file briefdesk reads).
const MAX_PICTURE_BYTES: u64 = 64 << 20;

/// A pipe table of `rows` body rows and `columns` columns, headings to be typed over.
pub fn pipe_table(rows: usize, columns: usize) -> String {
    let columns = columns.clamp(1, 20);
    let rows = rows.clamp(1, 200);
    let mut out = String::new();
    let heads: Vec<String> = (1..=columns).map(|c| format!("Heading {c}")).collect();
    out.push_str(&format!("| {} |\n", heads.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(columns)));
    for _ in 0..rows {
        out.push_str(&format!("|{}\n", "  |".repeat(columns)));
    }
    out
}

impl App {
    /// The body of the selected section, where Insert puts things.
    fn insert_target(&self) -> Option<TextTarget> {
        let id = self.selected.as_deref()?;
        self.session.briefing.section(id)?;
        Some(TextTarget::body(id))
    }

    /// Puts `text` at the body's cursor (in place of a selection), as one undo step. A
    /// `block` (a table, a picture) stands as a paragraph of its own, blank lines around it.
    pub fn insert_text(&mut self, text: &str, block: bool) {
        let (Some(target), Some(ctx)) = (self.insert_target(), self.ctx.clone()) else {
            self.note("Select a section to insert into");
            return;
        };
        let (start, end) = self.text_selection(&ctx, &target);
        let body = self.field_text(&target).unwrap_or_default();
        let before: String = body.chars().take(start).collect();
        let after: String = body.chars().skip(end).collect();
        let text = if block {
            let lead = if before.is_empty() || before.ends_with("\n\n") {
                ""
            } else if before.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            let trail = if after.starts_with("\n\n") {
                ""
            } else if after.starts_with('\n') || after.is_empty() {
                "\n"
            } else {
                "\n\n"
            };
            format!("{lead}{}{trail}", text.trim_end_matches('\n'))
        } else {
            // A citation keeps a space from the word before it, as Pandoc reads one.
            let space = before
                .chars()
                .last()
                .is_some_and(|c| !c.is_whitespace() && text.starts_with("[@"));
            format!("{}{text}", if space { " " } else { "" })
        };
        self.replace_selection(&ctx, &target, (start, end), &text);
    }

    /// Inserts a citation of ledger entry `id`.
    pub fn cite(&mut self, id: &str) {
        self.modal = None;
        self.insert_text(&format!("[@{id}]"), false);
    }

    /// Adds a ledger entry titled `title` under a fresh id and cites it; both are one undo
    /// step each, and the entry's other fields are left for the Sources panel.
    pub fn add_source_and_cite(&mut self, title: &str) {
        let ledger = &self.session.briefing.sources;
        let id = (ledger.len() + 1..)
            .map(|n| format!("S{n}"))
            .find(|id| !ledger.iter().any(|s| &s.id == id))
            .unwrap_or_else(|| "S1".to_owned());
        let source = Source {
            id: id.clone(),
            title: title.trim().to_owned(),
            ..Source::default()
        };
        self.apply(
            Edit::InsertSource {
                index: ledger.len(),
                source: Box::new(source),
            },
            None,
        );
        self.cite(&id);
        self.note(&format!(
            "Source {id} added to the ledger; give its author, publisher and date under Sources"
        ));
    }

    /// Copies a chosen picture beside the briefing (where exports look for it) and asks for
    /// its alt text. A briefing with no file yet has nowhere to keep it.
    pub(super) fn insert_picture_file(&mut self, chosen: &Path) {
        let Some(folder) = self
            .session
            .pictures_file()
            .and_then(|f| f.parent().map(Path::to_path_buf))
        else {
            self.fail(
                "Save the briefing first: a picture is kept in the briefing's folder, where \
                 the exports find it"
                    .to_owned(),
            );
            return;
        };
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".").to_path_buf()
        } else {
            folder
        };
        match std::fs::metadata(chosen) {
            Ok(meta) if meta.len() > MAX_PICTURE_BYTES => {
                self.fail(format!(
                    "Not inserted: the picture is over 64 MB: {}",
                    chosen.display()
                ));
                return;
            }
            Ok(_) => {}
            Err(error) => {
                self.fail(format!(
                    "Not inserted: the picture cannot be read ({error}): {}",
                    chosen.display()
                ));
                return;
            }
        }
        let bytes = match std::fs::read(chosen) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.fail(format!(
                    "Not inserted: the picture cannot be read ({error}): {}",
                    chosen.display()
                ));
                return;
            }
        };
        let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
        if !png && !jpeg {
            self.fail(format!(
                "Not inserted: only PNG and JPEG pictures can be set in the PDF: {}",
                chosen.display()
            ));
            return;
        }
        let name = match place_beside(&folder, chosen, &bytes) {
            Ok(name) => name,
            Err(error) => {
                self.fail(format!(
                    "Not inserted: the picture could not be copied to {} ({error})",
                    folder.display()
                ));
                return;
            }
        };
        self.modal = Some(Modal::PictureAlt {
            name,
            alt: String::new(),
        });
    }

    /// Inserts the picture `name` (beside the briefing) with its alt text.
    pub fn insert_picture(&mut self, name: &str, alt: &str, decorative: bool) {
        self.modal = None;
        let alt = alt.replace(['[', ']'], "");
        let markdown = if decorative {
            format!("![](<{name}> \"decorative\")")
        } else {
            format!("![{}](<{name}>)", alt.trim())
        };
        self.insert_text(&markdown, true);
    }
}

/// The picture's name in `folder`: its own name when it is already there (or the same bytes
/// are), else a copy under a name not yet taken.
fn place_beside(folder: &Path, chosen: &Path, bytes: &[u8]) -> std::io::Result<String> {
    let file_name = chosen.file_name().map_or_else(
        || "picture".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (stem, extension) = match file_name.rsplit_once('.') {
        Some((stem, ext)) => (stem.to_owned(), format!(".{ext}")),
        None => (file_name.clone(), String::new()),
    };
    for n in 1..1000 {
        let name = if n == 1 {
            file_name.clone()
        } else {
            format!("{stem}-{n}{extension}")
        };
        let target = folder.join(&name);
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => return Ok(name),
            Ok(_) => continue,
            Err(_) => {
                crate::io::write_atomic(&target, bytes)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                return Ok(name);
            }
        }
    }
    Err(std::io::Error::other("no free name for the copy"))
}

#[cfg(test)]
mod tests {
    use super::pipe_table;

    #[test]
    fn tables_are_pipe_tables_of_the_size_asked() {
        assert_eq!(
            pipe_table(2, 3),
            "| Heading 1 | Heading 2 | Heading 3 |\n| --- | --- | --- |\n|  |  |  |\n|  |  |  |\n"
        );
    }
}
