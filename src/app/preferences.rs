//! The window's preferences: what eframe's storage keeps between runs, under one key. Never
//! the document itself (that lives in its file and the recovery journal).

use std::path::{Path, PathBuf};

use super::preview_view::Zoom;

/// The storage key the preferences are kept under.
pub const KEY: &str = "preferences";

/// How many recent files are remembered.
const RECENT_LIMIT: usize = 8;

/// Everything the window remembers between runs. A field this version does not know, or one
/// missing from an older run, falls back to its default.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The preview's zoom.
    pub zoom: Zoom,
    /// Light, dark or the system's theme.
    pub theme: egui::ThemePreference,
    /// The window's text size as a share of the desktop's (View → Larger text).
    pub text_size: f32,
    /// The outline's share of the window's width (the author drags its edge).
    pub outline_share: f32,
    /// The preview's share of the window's width.
    pub preview_share: f32,
    /// The name comments and suggestions are signed with (asked once).
    pub author: String,
    /// The preview shows comments and suggestions as the review copy sets them.
    pub show_review: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            zoom: Zoom::Fit,
            theme: egui::ThemePreference::System,
            text_size: 1.0,
            outline_share: 0.21,
            preview_share: 0.4,
            author: String::new(),
            show_review: true,
        }
    }
}

impl Preferences {
    /// The preferences stored by an earlier run, or the defaults.
    pub fn load(storage: &dyn eframe::Storage) -> Self {
        eframe::get_value(storage, KEY).unwrap_or_default()
    }

    /// Keeps them for the next run.
    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, self);
    }

    /// Puts `path` first among the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }
}
