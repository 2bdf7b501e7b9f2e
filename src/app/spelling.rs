//! Spelling in the window: the misspelt words of each field's text, checked on a thread of
//! their own (the dictionary takes a moment to build, and a long body a moment to check) and
//! kept per text, so a frame only looks them up; and the right-click menu's answers: a
//! suggestion put in, a word added to the user's list or ignored in this briefing.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::App;
use super::editor::TextTarget;
use crate::lint::spelling::{self, Language, Speller};
use crate::model::Edit;

/// Texts whose results are kept; past this the oldest results are dropped.
const KEPT: usize = 256;

/// A text to check, with what it is checked against.
struct Job {
    key: u64,
    text: String,
    language: Language,
    accepted: Arc<HashSet<String>>,
}

/// The window's spelling state.
pub struct Spelling {
    /// The user's own word list, and where it is kept (`None`: kept for this run only).
    pub personal: Vec<String>,
    file: Option<PathBuf>,
    /// What the accepted words were made from: the document, its undo state, the list.
    accepted_for: Option<(u64, u64, usize)>,
    /// The document, undo state and list length last looked at (typing changes the state
    /// but seldom the accepted words: they are made again once per change, not per frame).
    looked_at: Option<(u64, u64, usize)>,
    accepted: Arc<HashSet<String>>,
    language: Option<Language>,
    results: HashMap<u64, Arc<Vec<Range<usize>>>>,
    pending: HashSet<u64>,
    jobs: Option<Sender<Job>>,
    done: Option<Receiver<(u64, Vec<Range<usize>>)>>,
}

impl Spelling {
    /// Spelling with the user's list at `file`.
    pub fn new(file: Option<PathBuf>) -> Self {
        let personal = file.as_deref().map(spelling::read_list).unwrap_or_default();
        Self {
            personal,
            file,
            accepted_for: None,
            looked_at: None,
            accepted: Arc::default(),
            language: None,
            results: HashMap::new(),
            pending: HashSet::new(),
            jobs: None,
            done: None,
        }
    }

    fn key(&self, text: &str) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut hasher);
        self.accepted_for.hash(&mut hasher);
        self.language.hash(&mut hasher);
        hasher.finish()
    }

    /// The misspelt words of `text` (character ranges) once checked; `None` while the check
    /// is under way or not yet asked for.
    pub fn misspelt(&self, text: &str) -> Option<Arc<Vec<Range<usize>>>> {
        self.language?;
        self.results.get(&self.key(text)).cloned()
    }

    /// Whether `text` still needs asking for.
    pub fn wanted(&self, text: &str) -> bool {
        self.language.is_some() && {
            let key = self.key(text);
            !self.results.contains_key(&key) && !self.pending.contains(&key)
        }
    }

    fn ask(&mut self, text: String, wake: &egui::Context) {
        let Some(language) = self.language else {
            return;
        };
        let key = self.key(&text);
        if self.results.contains_key(&key) || !self.pending.insert(key) {
            return;
        }
        if self.jobs.is_none() {
            let (jobs, inbox) = channel::<Job>();
            let (outbox, done) = channel();
            let wake = wake.clone();
            let spawned = std::thread::Builder::new()
                .name("spelling".into())
                .spawn(move || {
                    for job in inbox {
                        let Some(speller) = Speller::new(job.language, job.accepted) else {
                            continue;
                        };
                        let bytes: Vec<Range<usize>> = speller
                            .misspellings(&job.text)
                            .into_iter()
                            .map(|m| m.range)
                            .collect();
                        let chars = crate::ui::marks::char_ranges(&job.text, &bytes);
                        if outbox.send((job.key, chars)).is_err() {
                            break;
                        }
                        wake.request_repaint();
                    }
                });
            if spawned.is_err() {
                return;
            }
            self.jobs = Some(jobs);
            self.done = Some(done);
        }
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job {
                key,
                text,
                language,
                accepted: self.accepted.clone(),
            });
        }
    }
}

impl App {
    /// The window's spelling.
    pub fn spelling(&self) -> &Spelling {
        &self.spelling
    }

    /// Brings the accepted words up to the briefing and takes in finished checks; once a
    /// frame, before the panels look results up.
    pub(super) fn refresh_spelling(&mut self) {
        let key = (
            self.serial,
            self.session.history.state(),
            self.spelling.personal.len(),
        );
        if self.spelling.looked_at != Some(key) {
            self.spelling.looked_at = Some(key);
            let briefing = &self.session.briefing;
            let accepted = spelling::accepted(briefing, &self.spelling.personal);
            let language = Language::of(&briefing.meta.language);
            // Typing changes no accepted word; only then do the results stay.
            if *self.spelling.accepted != accepted || self.spelling.language != language {
                self.spelling.accepted = Arc::new(accepted);
                self.spelling.language = language;
                self.spelling.results.clear();
                self.spelling.pending.clear();
                self.spelling.accepted_for = Some(key);
            }
        }
        if let Some(done) = &self.spelling.done {
            for (key, ranges) in done.try_iter() {
                self.spelling.pending.remove(&key);
                if self.spelling.results.len() >= KEPT {
                    self.spelling.results.clear();
                }
                self.spelling.results.insert(key, Arc::new(ranges));
            }
        }
    }

    /// Asks for a text's misspellings (a panel found none kept for it).
    pub(super) fn check_spelling(&mut self, text: String) {
        if let Some(ctx) = self.ctx.clone() {
            self.spelling.ask(text, &ctx);
        }
    }

    /// Puts `word` in place of characters `range` of a field: a suggestion taken.
    pub(super) fn correct_word(&mut self, target: &TextTarget, range: Range<usize>, word: &str) {
        if let Some(ctx) = self.ctx.clone() {
            self.replace_selection(&ctx, target, (range.start, range.end), word);
        }
    }

    /// Adds a word to the user's own list (kept in their config folder), for every briefing.
    pub(super) fn add_word(&mut self, word: &str) {
        if self.spelling.personal.iter().any(|w| w == word) {
            return;
        }
        self.spelling.personal.push(word.to_owned());
        if let Some(path) = self.spelling.file.clone() {
            let mut text = self.spelling.personal.join("\n");
            text.push('\n');
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    crate::io::write_atomic(&path, text.as_bytes())
                        .map_err(|e| std::io::Error::other(e.to_string()))
                });
            if let Err(error) = written {
                self.note(&format!(
                    "“{word}” is accepted until briefdesk closes; the word list could not be \
                     saved: {error} ({})",
                    path.display()
                ));
                return;
            }
        }
        self.note(&format!("“{word}” added to your dictionary"));
    }

    /// Accepts a word in this briefing only (kept in the briefing; Undo takes it back).
    pub(super) fn ignore_word(&mut self, word: &str) {
        let mut meta = self.session.briefing.meta.clone();
        if meta.spelling_ignored.iter().any(|w| w == word) {
            return;
        }
        meta.spelling_ignored.push(word.to_owned());
        self.apply(Edit::SetMeta(Box::new(meta)), None);
        self.note(&format!("“{word}” is ignored in this briefing"));
    }
}
