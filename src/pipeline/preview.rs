//! The preview worker: renders and paints pages on a background thread, so the editor never
//! waits. Each request carries a snapshot of the briefing; a newer request supersedes an
//! older one between pages, and pages that did not change are not painted again. The pages
//! come from the same [`Renderer`] the PDF export uses, and the window exports the very
//! pages it was sent when they are still current.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::raster::{Painter, Raster};
use super::{RenderOptions, Renderer};
use crate::diagnostic::Diagnostic;
use crate::doc::DocMeta;
use crate::layout::page::{Item, Page, Pages, Pt, Region};
use crate::model::{Briefing, Variant};

/// What the preview should show.
#[derive(Clone, Debug)]
pub struct Request {
    /// Increases with every request; updates carry it back.
    pub generation: u64,
    /// The briefing as it is now.
    pub briefing: Arc<Briefing>,
    /// The briefing's file, for pictures beside it.
    pub file: Option<PathBuf>,
    /// Pixels per PDF point.
    pub scale: f32,
    /// The section being edited: its pages are painted first.
    pub focus: Option<String>,
    /// The variant to show.
    pub variant: Option<Variant>,
    /// Show the comments and suggestions as the review copy sets them.
    pub review: bool,
    /// Identifies the document content (briefing state, variant, file): equal keys mean the
    /// same pages, so a request that only scrolls or zooms skips compose and layout.
    pub content: u64,
    /// The pages on screen; pages within [`MARGIN`] of them are painted, the rest are not
    /// (and the window drops their pixels), so memory stays bounded for long documents.
    pub visible: Range<usize>,
}

/// Pages painted beyond those on screen, before and after.
pub const MARGIN: usize = 2;

/// Pages whose pixels are kept: those on screen and [`MARGIN`] more each way.
pub fn kept(visible: &Range<usize>, count: usize) -> Range<usize> {
    visible.start.saturating_sub(MARGIN).min(count)..visible.end.saturating_add(MARGIN).min(count)
}

/// One page's facts, known as soon as layout finishes. (Its text is read from the
/// [`Layout`] when asked for, with [`page_text`]: gathering every page's text on every
/// keystroke cost more than laying out the edited section.)
#[derive(Clone, Debug, Default)]
pub struct PageInfo {
    /// Sections on the page and where.
    pub regions: Vec<Region>,
}

/// One layout's pages as the worker painted them, shared with the window so an export
/// writes exactly these pages without laying them out again.
#[derive(Debug)]
pub struct Layout {
    /// The content key of the request laid out ([`Request::content`]).
    pub content: u64,
    /// The pages.
    pub pages: Pages,
    /// The document's metadata, for the PDF's info dictionary.
    pub meta: DocMeta,
    /// Set as the review copy (comments and suggestions shown): never written as a
    /// normal export.
    pub review: bool,
    /// What the render noticed.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the worker reports.
#[derive(Debug)]
pub enum Update {
    /// Layout finished: the page count, sizes and problems are current.
    Laid {
        /// The request this answers.
        generation: u64,
        /// Page width.
        width: Pt,
        /// Page height.
        height: Pt,
        /// Each page.
        pages: Vec<PageInfo>,
        /// What compose and layout noticed.
        diagnostics: Vec<Diagnostic>,
        /// The pages themselves (none when the briefing was refused).
        layout: Option<Arc<Layout>>,
        /// Time from request to layout done.
        elapsed: Duration,
    },
    /// A page was painted.
    Page {
        /// The request this answers.
        generation: u64,
        /// Page index.
        index: usize,
        /// Pixels per point it was painted at.
        scale: f32,
        /// The pixels.
        raster: Raster,
        /// Time from request to this page done.
        elapsed: Duration,
    },
    /// The reviewer's checks of this request's briefing, sent once its pages are painted so
    /// they never delay the preview.
    Checked {
        /// The request this answers.
        generation: u64,
        /// What the checks found.
        diagnostics: Vec<Diagnostic>,
    },
    /// Every page of this request is painted and checked.
    Done {
        /// The request this answers.
        generation: u64,
    },
}

/// The handle the window holds: send requests, take updates.
pub struct Worker {
    requests: Option<Sender<Request>>,
    updates: Receiver<Update>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread; `wake` is called after each update is sent (the window asks
    /// egui for a repaint there).
    pub fn start(wake: impl Fn() + Send + 'static) -> Self {
        Self::with_library(crate::templates::Library::builtin(), wake)
    }

    /// Starts the worker with the template library its checks compare sections with.
    pub fn with_library(
        library: crate::templates::Library,
        wake: impl Fn() + Send + 'static,
    ) -> Self {
        let (requests, incoming) = channel::<Request>();
        let (outgoing, updates) = channel::<Update>();
        let thread = std::thread::Builder::new()
            .name("preview".into())
            .spawn(move || run(&incoming, &outgoing, &wake, library))
            .ok();
        Self {
            requests: Some(requests),
            updates,
            thread,
        }
    }

    /// Asks for a new preview; an unanswered older request is dropped.
    pub fn request(&self, request: Request) {
        if let Some(requests) = &self.requests {
            let _ = requests.send(request);
        }
    }

    /// The updates that have arrived, without waiting.
    pub fn poll(&self) -> Vec<Update> {
        self.updates.try_iter().collect()
    }

    /// Waits up to `timeout` for the next update.
    pub fn wait(&self, timeout: Duration) -> Option<Update> {
        self.updates.recv_timeout(timeout).ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.requests = None; // the thread's receive fails and it ends
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The worker's memory between requests.
struct State {
    /// For the reviewer's checks (block kinds, template text).
    library: crate::templates::Library,
    /// The last layout's briefing has not been checked yet.
    unchecked: bool,
    /// The whole briefing as composed for the last layout, when that layout showed every
    /// section; the checks read it instead of composing again.
    every: Option<crate::doc::Document>,
    renderer: Renderer,
    painter: Painter,
    /// What each page on screen was painted from.
    shown: Vec<Option<(Arc<Page>, f32)>>,
    /// The last layout.
    last: Option<Arc<Layout>>,
}

impl State {
    /// Forgets the paint of pages the window drops for this request (those far from the
    /// screen), so they are painted again when they come back into view.
    fn forget_hidden(&mut self, request: &Request) {
        let keep = kept(&request.visible, self.shown.len());
        for (index, shown) in self.shown.iter_mut().enumerate() {
            if !keep.contains(&index) {
                *shown = None;
            }
        }
    }
}

/// The newest of the requests waiting, starting from `request`; each one skipped still
/// tells which pages the window dropped.
fn newest(mut request: Request, incoming: &Receiver<Request>, state: &mut State) -> Request {
    while let Ok(newer) = incoming.try_recv() {
        state.forget_hidden(&newer);
        request = newer;
    }
    request
}

fn run(
    incoming: &Receiver<Request>,
    outgoing: &Sender<Update>,
    wake: &dyn Fn(),
    library: crate::templates::Library,
) {
    let mut state = State {
        library,
        unchecked: false,
        every: None,
        renderer: Renderer::new(),
        painter: Painter::new(),
        shown: Vec::new(),
        last: None,
    };
    let mut next = incoming.recv().ok();
    while let Some(first) = next.take() {
        state.forget_hidden(&first);
        let request = newest(first, incoming, &mut state);
        let send = |update: Update| {
            let sent = outgoing.send(update).is_ok();
            wake();
            sent
        };
        next = serve(&mut state, &request, incoming, &send);
        if next.is_none() {
            next = incoming.recv().ok();
        }
    }
}

/// Answers one request; returns a newer request if one arrived before all pages were painted.
fn serve(
    state: &mut State,
    request: &Request,
    incoming: &Receiver<Request>,
    send: &dyn Fn(Update) -> bool,
) -> Option<Request> {
    let started = Instant::now();
    // The last layout and document are let go only after the first page is painted: freeing
    // a thousand pages' runs is work the typist need not wait for.
    let mut garbage = Garbage::default();
    let layout = match state.last.take() {
        Some(layout) if layout.content == request.content => layout,
        old => {
            garbage.layout = old;
            garbage.document = state.every.take();
            lay_out(state, request, started, send)?
        }
    };
    let answer = paint(
        state,
        request,
        &layout.pages,
        incoming,
        started,
        send,
        garbage,
    );
    state.last = Some(layout);
    answer
}

/// What a new layout replaced, freed once the first page is on its way.
#[derive(Default)]
struct Garbage {
    layout: Option<Arc<Layout>>,
    document: Option<crate::doc::Document>,
}

/// Renders the request's briefing and reports the layout.
fn lay_out(
    state: &mut State,
    request: &Request,
    started: Instant,
    send: &dyn Fn(Update) -> bool,
) -> Option<Arc<Layout>> {
    let options = RenderOptions {
        variant: request.variant,
        folder: super::document_folder(request.file.as_deref()).map(PathBuf::from),
        review: request.review,
        ..RenderOptions::default()
    };
    // `state.every` was taken by the caller; kept below if this render is of the whole
    // briefing.
    let rendered = match state.renderer.render(&request.briefing, &options) {
        Ok(rendered) => rendered,
        Err(too_large) => {
            // Refused before composing: no pages, the reason in the problems list.
            let (width, height) = request.briefing.meta.page.size.points();
            let pages = Pages {
                width,
                height,
                ..Pages::default()
            };
            let layout = Arc::new(Layout {
                content: request.content,
                pages,
                meta: DocMeta::default(),
                diagnostics: Vec::new(),
                review: request.review,
            });
            return send(Update::Laid {
                generation: request.generation,
                width,
                height,
                pages: Vec::new(),
                diagnostics: vec![Diagnostic::error(too_large.to_string())],
                layout: None,
                elapsed: started.elapsed(),
            })
            .then_some(layout);
        }
    };
    let mut diagnostics = rendered.diagnostics;
    if request.variant == Some(Variant::Memo) {
        diagnostics.extend(crate::lint::memo_pages(
            &request.briefing,
            rendered.pages.pages.len(),
        ));
    }
    state.unchecked = true;
    let infos = rendered
        .pages
        .pages
        .iter()
        .map(|page| PageInfo {
            regions: page.regions.clone(),
        })
        .collect();
    let (width, height) = (rendered.pages.width, rendered.pages.height);
    let layout = Arc::new(Layout {
        content: request.content,
        pages: rendered.pages,
        meta: rendered.document.meta.clone(),
        diagnostics: diagnostics.clone(),
        review: request.review,
    });
    // The checks read the document as exported, never the review copy.
    if request.variant.is_none() && !request.review {
        // The checks read every section: with no variant chosen, this is that composition.
        state.every = Some(rendered.document);
    }
    send(Update::Laid {
        generation: request.generation,
        width,
        height,
        pages: infos,
        diagnostics,
        layout: Some(Arc::clone(&layout)),
        elapsed: started.elapsed(),
    })
    .then_some(layout)
}

/// Paints the pages near the screen that changed, the focused section's first.
fn paint(
    state: &mut State,
    request: &Request,
    pages: &Pages,
    incoming: &Receiver<Request>,
    started: Instant,
    send: &dyn Fn(Update) -> bool,
    garbage: Garbage,
) -> Option<Request> {
    let mut garbage = Some(garbage);
    let keep = kept(&request.visible, pages.pages.len());
    state.shown.resize(pages.pages.len(), None);
    state.forget_hidden(request);
    for index in paint_order(&pages.pages, request.focus.as_deref(), &keep) {
        if let Ok(newer) = incoming.try_recv() {
            state.forget_hidden(&newer);
            return Some(newest(newer, incoming, state));
        }
        let page = &pages.pages[index];
        let same = state.shown[index].as_ref().is_some_and(|(shown, scale)| {
            *scale == request.scale && (Arc::ptr_eq(shown, page) || **shown == **page)
        });
        if same {
            continue;
        }
        let raster = state
            .painter
            .paint(page, pages.width, pages.height, request.scale);
        state.shown[index] = Some((Arc::clone(page), request.scale));
        if !send(Update::Page {
            generation: request.generation,
            index,
            scale: request.scale,
            raster,
            elapsed: started.elapsed(),
        }) {
            return None;
        }
        drop(garbage.take());
    }
    state.painter.forget_pictures();
    if std::mem::take(&mut state.unchecked) {
        let every = match state.every.take() {
            Some(document) => document,
            None => {
                let all = crate::compose::ComposeOptions::default();
                crate::compose::compose(&request.briefing, &all).document
            }
        };
        let diagnostics = crate::lint::run(&request.briefing, &every, &state.library);
        if !send(Update::Checked {
            generation: request.generation,
            diagnostics,
        }) {
            return None;
        }
    }
    send(Update::Done {
        generation: request.generation,
    });
    None
}

/// The kept pages showing the focused section first, then the rest in order.
fn paint_order(pages: &[Arc<Page>], focus: Option<&str>, keep: &Range<usize>) -> Vec<usize> {
    let shows_focus =
        |page: &Page| focus.is_some_and(|id| page.regions.iter().any(|r| r.section == id));
    let (mut first, rest): (Vec<usize>, Vec<usize>) =
        keep.clone().partition(|&i| shows_focus(&pages[i]));
    first.extend(rest);
    first
}

/// The text of a page's runs in painting order, one run per line.
pub fn page_text(page: &Page) -> String {
    let mut text = String::new();
    for item in &page.items {
        if let Item::Text(run) = item {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&run.text());
        }
    }
    text
}
