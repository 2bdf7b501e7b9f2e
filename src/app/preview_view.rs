//! The preview as the window holds it: the newest layout's pages and their textures, the
//! problems list, and the requests sent to the worker; what the preview panel measured on
//! screen comes back as [`Measured`] after each frame.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{ColorImage, TextureHandle, TextureOptions};

use super::App;
use crate::diagnostic::Diagnostic;
use crate::model::Variant;
use crate::pipeline::preview::{self, Layout, PageInfo, Request, Update, Worker};
use crate::units::Pt;

/// Preview zoom: fit the panel's width, or a fixed number of screen points per PDF point.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Zoom {
    /// Page width fills the panel.
    Fit,
    /// Fixed scale.
    Scale(f32),
}

/// A page of the preview as the window holds it.
pub struct PageView {
    /// Regions.
    pub info: PageInfo,
    /// The painted page; `None` until the first paint arrives.
    pub texture: Option<TextureHandle>,
}

/// The preview as shown: the newest layout, and the newest paint of each page.
pub struct PreviewView {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// The pages.
    pub pages: Vec<PageView>,
    /// The problems list: compose's, layout's and the checks' findings, the worst first.
    pub diagnostics: Vec<Diagnostic>,
    /// What compose and layout found for the shown layout.
    pub(crate) layout_diagnostics: Vec<Diagnostic>,
    /// What the reviewer's checks found, once they ran.
    check_diagnostics: Vec<Diagnostic>,
    /// The newest layout's pages themselves, which an export writes when they are current.
    pub layout: Option<Arc<Layout>>,
    /// Screen points per PDF point used for the current layout of pages.
    pub points_per_pt: f32,
    /// The newest request sent.
    pub requested: u64,
    /// The newest request whose layout arrived.
    pub laid: u64,
    /// The newest request fully painted.
    pub done: u64,
    /// Request-to-page time of the last paint.
    pub latency: Option<Duration>,
    /// Scroll the preview to the selected section's first page on the next frame.
    pub reveal: bool,
    /// A word the revealed page should show (the current match of a search), to bring the
    /// right page of a long section into view.
    pub reveal_text: Option<String>,
    /// Reveal only when the page is not on screen already (typing: the pages do not jump
    /// while the edited line is in view).
    pub reveal_gently: bool,
    /// A page asked for by "Go to page" (0-based), until it is in view.
    pub goto_page: Option<usize>,
    /// The pages on screen.
    pub visible: Range<usize>,
    pub(super) sent: Option<SentKey>,
}

impl PreviewView {
    /// The text of page `index` of the newest layout, one run a line (empty before the first
    /// layout arrives).
    pub fn page_text(&self, index: usize) -> String {
        self.layout
            .as_ref()
            .and_then(|layout| layout.pages.pages.get(index))
            .map(|page| preview::page_text(page))
            .unwrap_or_default()
    }

    /// Nothing laid out yet: an A4 page's size until the first layout says otherwise.
    pub(super) fn new() -> Self {
        let (width, height) = crate::model::PageSize::A4.points();
        Self {
            width,
            height,
            pages: Vec::new(),
            diagnostics: Vec::new(),
            layout_diagnostics: Vec::new(),
            check_diagnostics: Vec::new(),
            layout: None,
            points_per_pt: 0.6,
            requested: 0,
            laid: 0,
            done: 0,
            latency: None,
            reveal: false,
            reveal_text: None,
            reveal_gently: false,
            goto_page: None,
            visible: 0..2,
            sent: None,
        }
    }
}

/// What the preview panel measured while drawing, for the app to take in after the frame.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "the app takes in what the preview measured"]
pub struct Measured {
    /// Screen points per PDF point at which the pages were drawn.
    pub points_per_pt: f32,
    /// The pages on screen, if any.
    pub visible: Option<Range<usize>>,
    /// The selected section's page was not found to scroll to yet (its layout is still
    /// coming), so the next frame tries again.
    pub reveal_pending: bool,
    /// The section under a click on a page.
    pub clicked: Option<String>,
    /// The page "Go to page" asked for was brought into view.
    pub went_to_page: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct SentKey {
    serial: u64,
    visible: Range<usize>,
    state: u64,
    scale: f32,
    variant: Option<Variant>,
    file: Option<PathBuf>,
    review: bool,
}

impl App {
    /// Takes in what the preview panel measured this frame.
    pub(super) fn take_measure(&mut self, measured: Measured) {
        self.preview.points_per_pt = measured.points_per_pt;
        if let Some(visible) = measured.visible {
            self.preview.visible = visible;
        }
        self.preview.reveal = measured.reveal_pending;
        if measured.went_to_page {
            self.preview.goto_page = None;
        }
        if let Some(id) = measured.clicked {
            self.select(&id);
            self.preview.reveal = false; // the page clicked is already in view
        }
    }

    /// Identifies what the pages show (document, briefing state, variant, file): equal keys
    /// mean the same pages.
    pub(super) fn content_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let state = self.session.history.state();
        (
            self.serial,
            state,
            self.variant,
            &self.session.path,
            self.preview_review(),
        )
            .hash(&mut hasher);
        hasher.finish()
    }

    pub(super) fn request_preview(&mut self) {
        let Some(worker) = &self.worker else {
            return;
        };
        let key = SentKey {
            serial: self.serial,
            visible: self.preview.visible.clone(),
            state: self.session.history.state(),
            scale: self.raster_scale(),
            variant: self.variant,
            file: self.session.pictures_file(),
            review: self.preview_review(),
        };
        if self.preview.sent.as_ref() == Some(&key) {
            return;
        }
        self.preview.requested += 1;
        if std::env::var_os("BRIEFDESK_TIMING").is_some() {
            eprintln!(
                "preview request {}: state {}, scale {}",
                self.preview.requested, key.state, key.scale
            );
        }
        let content = self.content_key();
        // A scroll or zoom alone reuses the last layout; pixels far from the screen go.
        let keep = preview::kept(&key.visible, self.preview.pages.len());
        for (index, page) in self.preview.pages.iter_mut().enumerate() {
            if !keep.contains(&index) {
                page.texture = None;
            }
        }
        worker.request(Request {
            generation: self.preview.requested,
            briefing: Arc::new(self.session.briefing.clone()),
            file: key.file.clone(),
            scale: key.scale,
            focus: self.selected.clone(),
            variant: key.variant,
            review: key.review,
            content,
            visible: key.visible.clone(),
        });
        self.preview.sent = Some(key);
    }

    /// Pixels per PDF point for painting: the zoom times the screen's pixel density, in
    /// steps of 5 % so resizing the panel by a pixel does not repaint every page.
    fn raster_scale(&self) -> f32 {
        let ppp = self.pixels_per_point;
        let scale = self.preview.points_per_pt * ppp;
        (scale * 20.0).round().max(1.0) / 20.0
    }

    pub(super) fn receive_preview(&mut self, ctx: &egui::Context) {
        self.pixels_per_point = ctx.pixels_per_point();
        let updates = self.worker.as_ref().map(Worker::poll).unwrap_or_default();
        for update in updates {
            self.apply_update(ctx, update);
        }
    }

    fn apply_update(&mut self, ctx: &egui::Context, update: Update) {
        let preview = &mut self.preview;
        match update {
            Update::Laid {
                generation,
                width,
                height,
                pages,
                diagnostics,
                layout,
                ..
            } => {
                preview.laid = generation;
                preview.layout = layout;
                preview.width = width;
                preview.height = height;
                preview.layout_diagnostics = diagnostics;
                self.merge_problems();
                let preview = &mut self.preview;
                preview.pages.truncate(pages.len());
                for (index, info) in pages.into_iter().enumerate() {
                    match preview.pages.get_mut(index) {
                        Some(page) => page.info = info,
                        None => preview.pages.push(PageView {
                            info,
                            texture: None,
                        }),
                    }
                }
            }
            Update::Page {
                index,
                raster,
                elapsed,
                ..
            } => {
                let image = ColorImage::from_rgba_premultiplied(
                    [raster.width, raster.height],
                    &raster.rgba,
                );
                let keep = preview::kept(&preview.visible, preview.pages.len());
                if let Some(page) = preview
                    .pages
                    .get_mut(index)
                    .filter(|_| keep.contains(&index))
                {
                    match &mut page.texture {
                        Some(texture) => texture.set(image, TextureOptions::LINEAR),
                        None => {
                            page.texture = Some(ctx.load_texture(
                                format!("page-{index}"),
                                image,
                                TextureOptions::LINEAR,
                            ));
                        }
                    }
                }
                preview.latency = Some(elapsed);
            }
            Update::Checked { diagnostics, .. } => {
                preview.check_diagnostics = diagnostics;
                self.merge_problems();
            }
            Update::Done { generation } => preview.done = preview.done.max(generation),
        }
    }

    /// The problems list: compose's and layout's findings and the checks', the worst first,
    /// each severity in document order.
    fn merge_problems(&mut self) {
        let preview = &mut self.preview;
        let mut all = preview.layout_diagnostics.clone();
        all.extend(preview.check_diagnostics.iter().cloned());
        crate::pipeline::sort_by_place(&self.session.briefing, &mut all);
        all.sort_by_key(|d| std::cmp::Reverse(d.severity));
        preview.diagnostics = all;
    }

    /// Waits until the preview has answered the newest request and any export under way has
    /// finished (tests and benchmarks).
    pub fn wait_for_preview(&mut self, ctx: &egui::Context, timeout: Duration) -> bool {
        self.request_preview();
        let deadline = Instant::now() + timeout;
        if !self.wait_for_export(timeout) {
            return false;
        }
        while self.preview.done < self.preview.requested {
            let Some(worker) = &self.worker else {
                return false;
            };
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(update) = worker.wait(left) {
                self.apply_update(ctx, update);
            }
        }
        true
    }
}
