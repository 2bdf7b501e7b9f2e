//! The one way from a briefing to pages and export bytes. A [`Renderer`] holds what is worth
//! keeping between runs (the shaper, the per-section layout cache, the pictures read from
//! the document's folder) and turns a briefing and [`RenderOptions`] into a [`Rendered`]
//! result: the composed document, the laid-out pages and every diagnostic together, so no
//! caller can drop the warnings. The command line, the preview worker, the checks, the tests
//! and the benchmarks all come through here; nothing else calls layout.
//!
//! Two backends draw the same pages: [`export::pdf`] writes them as a
//! PDF, and [`raster`] paints them into pixels for the window's preview, which [`preview`]
//! runs on a background thread. The preview keeps the renderer between keystrokes: compose
//! hands on unchanged sections as the same shared sections, layout keeps their flows and the
//! pages they fill, so a keystroke costs about the edited section, not the document. An
//! export ([`Renderer::pdf`]) instead streams: pages go to the PDF writer as they are set
//! ([`layout::layout_streamed`]), so its memory does not grow with the document.

pub mod preview;
pub mod raster;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::compose::{ComposeOptions, compose};
use crate::diagnostic::Diagnostic;
use crate::doc::Document;
use crate::layout::image::Images;
use crate::layout::page::Pages;
use crate::layout::shape::Shaper;
use crate::model::{Briefing, TooLarge, Variant};
use crate::{export, io, layout};

/// What a render is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RenderOptions {
    /// Only the sections of this variant, set as it is set (`None`: every section).
    pub variant: Option<Variant>,
    /// For the handout and public variants: the highest marking level kept (`None`: the
    /// scheme's lowest level).
    pub ceiling: Option<String>,
    /// The folder the document's pictures are read from: the briefing file's own folder, or
    /// `None` for a briefing never saved (its pictures cannot be found, and say so).
    pub folder: Option<PathBuf>,
    /// The PDF's creation moment, `YYYY-MM-DDTHH:MM:SSZ`: the clock comes in here, so a test
    /// fixes it. `None` leaves the dates out.
    pub created: Option<String>,
    /// The review copy: comments and suggestions set with the text (see
    /// [`ComposeOptions::review`]). Off for every normal export.
    pub review: bool,
    /// Set without a cover or contents whatever the variant (the redline of a comparison).
    pub compact: bool,
}

impl RenderOptions {
    /// Options for a briefing stored at `file` (its pictures sit beside it), every section.
    pub fn beside(file: Option<&Path>) -> Self {
        Self {
            folder: document_folder(file).map(Path::to_path_buf),
            ..Self::default()
        }
    }

    /// The same options for one variant.
    pub fn with_variant(self, variant: Option<Variant>) -> Self {
        Self { variant, ..self }
    }

    /// The same options with the PDF dated now (or at `SOURCE_DATE_EPOCH`).
    pub fn dated_now(self) -> Self {
        Self {
            created: Some(crate::clock::now_iso()),
            ..self
        }
    }

    fn compose_options(&self) -> ComposeOptions {
        ComposeOptions {
            variant: self.variant,
            ceiling: self.ceiling.clone(),
            marks_as_written: false,
            review: self.review,
            compact: self.compact,
            typeset: true,
        }
    }
}

/// A rendered briefing: the document as composed, its pages, and everything noticed.
#[derive(Debug)]
pub struct Rendered {
    /// The composed document (variables filled, private material gone).
    pub document: Document,
    /// The laid-out pages, as both backends draw them.
    pub pages: Pages,
    /// What compose, the pictures and layout noticed, each naming its section and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the time went.
    pub timings: Timings,
}

/// The time each stage of a render took.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Briefing → document tree.
    pub compose: Duration,
    /// Reading the pictures beside the document (zero when they were already read).
    pub pictures: Duration,
    /// Document → pages.
    pub layout: Duration,
    /// Pages → PDF bytes (in a streamed export, the time spent writing the pages as they
    /// came, which `layout` does not count).
    pub pdf: Duration,
}

/// An export's bytes or text and what was noticed making it.
#[derive(Debug)]
#[must_use]
pub struct Exported<T> {
    /// The PDF bytes or the Markdown text.
    pub output: T,
    /// What compose, the pictures and layout noticed.
    pub diagnostics: Vec<Diagnostic>,
}

/// The pictures last read, and the folder and figure paths they were read for.
#[derive(Default)]
struct Pictures {
    key: Option<(Option<PathBuf>, BTreeSet<String>)>,
    images: Images,
    /// One warning per picture that cannot be used.
    found: Vec<Diagnostic>,
}

impl Pictures {
    /// Reads the pictures the document's figures name from `folder`, unless the same folder
    /// and figures were read last time.
    fn update(&mut self, folder: Option<&Path>, document: &Document) {
        let key = Some((folder.map(Path::to_path_buf), figure_sources(document)));
        if self.key != key {
            (self.images, self.found) = match folder {
                Some(folder) => io::read_images(document, folder),
                None => Default::default(),
            };
            self.key = key;
        }
    }
}

/// The PDF writer as a streamed layout's sink, with the time spent in it.
struct Streamed<'a> {
    meta: &'a crate::doc::DocMeta,
    options: &'a export::pdf::PdfOptions,
    stream: Option<export::pdf::PdfStream<'a>>,
    spent: Duration,
}

impl layout::PageSink for Streamed<'_> {
    fn begin(&mut self, head: &mut Pages, count: usize) {
        let started = Instant::now();
        let structure = std::mem::take(&mut head.structure);
        self.stream = Some(export::pdf::PdfStream::new(
            self.meta,
            self.options,
            head,
            structure,
            count,
        ));
        self.spent += started.elapsed();
    }

    fn page(&mut self, page: std::sync::Arc<crate::layout::page::Page>) {
        let started = Instant::now();
        if let Some(stream) = &mut self.stream {
            stream.page(&page);
        }
        self.spent += started.elapsed();
    }
}

/// The one driver of layout, keeping its caches between runs.
#[derive(Default)]
pub struct Renderer {
    compose: crate::compose::Cache,
    shaper: Shaper,
    cache: layout::Cache,
    pictures: Pictures,
}

impl Renderer {
    /// A renderer with empty caches.
    pub fn new() -> Self {
        Self::default()
    }

    /// Composes and lays out a briefing. Sections unchanged since the last render keep
    /// their conversion and their layout, and pictures are read again only when the folder or the figures change.
    /// A briefing over the size limit is refused before any work.
    pub fn render(
        &mut self,
        briefing: &Briefing,
        options: &RenderOptions,
    ) -> Result<Rendered, TooLarge> {
        crate::model::within_limit(briefing)?;
        let started = Instant::now();
        // The pages get typographic punctuation (`compose_options` asks for it); the Markdown
        // export keeps what was typed.
        let composed =
            crate::compose::compose_cached(briefing, &options.compose_options(), &mut self.compose);
        let mut timings = Timings {
            compose: started.elapsed(),
            ..Timings::default()
        };
        let mut diagnostics = composed.diagnostics;
        let started = Instant::now();
        self.pictures
            .update(options.folder.as_deref(), &composed.document);
        diagnostics.extend(self.pictures.found.iter().cloned());
        timings.pictures = started.elapsed();
        let started = Instant::now();
        let laid = layout::layout(
            &composed.document,
            &self.pictures.images,
            &mut self.shaper,
            &mut self.cache,
        );
        timings.layout = started.elapsed();
        diagnostics.extend(laid.diagnostics);
        Ok(Rendered {
            document: composed.document,
            pages: laid.pages,
            diagnostics,
            timings,
        })
    }

    /// Renders and writes the PDF, once, streamed: each page goes into the file as it is
    /// set and is let go, and sections are laid out for their pages a few at a time
    /// ([`layout::layout_streamed`]), so memory does not grow with the document. The file is
    /// the one [`write_pdf`] writes of the rendered pages.
    pub fn pdf(
        self,
        briefing: &Briefing,
        options: &RenderOptions,
    ) -> Result<Exported<Vec<u8>>, export::pdf::PdfError> {
        self.pdf_timed(briefing, options)
            .map(|(exported, _)| exported)
    }

    /// [`Renderer::pdf`], with the time each stage took.
    pub fn pdf_timed(
        mut self,
        briefing: &Briefing,
        options: &RenderOptions,
    ) -> Result<(Exported<Vec<u8>>, Timings), export::pdf::PdfError> {
        crate::model::within_limit(briefing)?;
        let started = Instant::now();
        let composed =
            crate::compose::compose_cached(briefing, &options.compose_options(), &mut self.compose);
        drop(self.compose);
        let mut timings = Timings {
            compose: started.elapsed(),
            ..Timings::default()
        };
        let started = Instant::now();
        let mut diagnostics = composed.diagnostics;
        let document = composed.document;
        self.pictures.update(options.folder.as_deref(), &document);
        diagnostics.extend(self.pictures.found.iter().cloned());
        timings.pictures = started.elapsed();
        let started = Instant::now();
        let pdf_options = export::pdf::PdfOptions {
            created: options.created.clone(),
        };
        let mut sink = Streamed {
            meta: &document.meta,
            options: &pdf_options,
            stream: None,
            spent: Duration::ZERO,
        };
        let layout::Streamed {
            head,
            diagnostics: found,
            ..
        } = layout::layout_streamed(
            &document,
            &self.pictures.images,
            &mut self.shaper,
            &mut sink,
        );
        diagnostics.extend(found);
        let finishing = Instant::now();
        let output = match sink.stream {
            Some(stream) => stream.finish(&head),
            None => return Err(export::pdf::PdfError::Write("no pages were set".into())),
        };
        timings.pdf = sink.spent + finishing.elapsed();
        timings.layout = started.elapsed().saturating_sub(timings.pdf);
        Ok((
            Exported {
                output,
                diagnostics,
            },
            timings,
        ))
    }

    /// Everything `briefdesk check` reports: composing, glyph coverage, pictures, the
    /// reviewer's checks and the memo's page budget from its real layout, in document order.
    pub fn check(
        &mut self,
        briefing: &Briefing,
        folder: Option<&Path>,
        library: &crate::templates::Library,
    ) -> Vec<Diagnostic> {
        if let Err(too_large) = crate::model::within_limit(briefing) {
            return vec![Diagnostic::error(too_large.to_string())];
        }
        // Every section is read, but only the memo needs its pages.
        let composed = compose(briefing, &ComposeOptions::default());
        let mut found = composed.diagnostics;
        found.extend(layout::fonts::check_coverage(&composed.document));
        self.pictures.update(folder, &composed.document);
        found.extend(self.pictures.found.iter().cloned());
        found.extend(crate::lint::run(briefing, &composed.document, library));
        if crate::lint::has_memo(briefing) {
            let options = RenderOptions {
                variant: Some(Variant::Memo),
                folder: folder.map(Path::to_path_buf),
                ..RenderOptions::default()
            };
            if let Ok(memo) = self.render(briefing, &options) {
                found.extend(crate::lint::memo_pages(briefing, memo.pages.pages.len()));
            }
        }
        sort_by_place(briefing, &mut found);
        found
    }
}

/// Writes already laid-out pages as a PDF (the window's export reuses the preview's pages
/// this way); the diagnostics of the render come along.
pub fn write_pdf(
    rendered: Rendered,
    created: Option<String>,
) -> Result<Exported<Vec<u8>>, export::pdf::PdfError> {
    Ok(Exported {
        output: pdf_of_pages(rendered.pages, &rendered.document.meta, created)?,
        diagnostics: rendered.diagnostics,
    })
}

/// The PDF of pages laid out earlier, with the document's metadata.
pub fn pdf_of_pages(
    pages: Pages,
    meta: &crate::doc::DocMeta,
    created: Option<String>,
) -> Result<Vec<u8>, export::pdf::PdfError> {
    export::pdf::to_pdf(pages, meta, &export::pdf::PdfOptions { created })
}

/// Composes and writes Markdown, with the diagnostics of composing and of glyph coverage.
/// Markdown needs no layout, so no renderer.
pub fn markdown(
    briefing: &Briefing,
    options: &RenderOptions,
) -> Result<Exported<String>, TooLarge> {
    crate::model::within_limit(briefing)?;
    let compose_options = ComposeOptions {
        marks_as_written: true,
        typeset: false,
        ..options.compose_options()
    };
    let mut composed = compose(briefing, &compose_options);
    composed
        .diagnostics
        .extend(layout::fonts::check_coverage(&composed.document));
    Ok(Exported {
        output: export::markdown::to_markdown(&composed.document),
        diagnostics: composed.diagnostics,
    })
}

/// The DOCX export: the briefing composed as for the pages (note marks after the
/// punctuation, typographic quotes), pictures read from `options.folder` and embedded with
/// their alt text.
pub fn docx(briefing: &Briefing, options: &RenderOptions) -> Result<Exported<Vec<u8>>, TooLarge> {
    crate::model::within_limit(briefing)?;
    let composed = compose(briefing, &options.compose_options());
    let mut diagnostics = composed.diagnostics;
    diagnostics.extend(layout::fonts::check_coverage(&composed.document));
    let (images, found) = match options.folder.as_deref() {
        Some(folder) => io::read_images(&composed.document, folder),
        None => Default::default(),
    };
    diagnostics.extend(found);
    // The files' bytes go in as they are (Word reads PNG and JPEG); only pictures that
    // decoded are embedded, read from where the check above found them.
    let mut files = std::collections::BTreeMap::new();
    if let Some(folder) = options.folder.as_deref() {
        for src in images.keys() {
            if let Ok(bytes) = std::fs::read(folder.join(src)) {
                files.insert(src.clone(), export::docx::Embedded { bytes });
            }
        }
    }
    // Zipping into memory fails only if the zip writer itself does; say so rather than
    // write an empty file quietly.
    let output = export::docx::to_docx(
        &composed.document,
        &images,
        &files,
        options.created.as_deref(),
    )
    .unwrap_or_else(|error| {
        diagnostics.push(Diagnostic::error(format!(
            "the DOCX could not be written: {error}"
        )));
        Vec::new()
    });
    Ok(Exported {
        output,
        diagnostics,
    })
}

/// The folder a document's pictures are read from: the document's own folder, or none for a
/// document that has never been saved.
pub fn document_folder(file: Option<&Path>) -> Option<&Path> {
    file.and_then(Path::parent).map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    })
}

/// Orders diagnostics as the document reads: whole-document ones first, then by section and
/// line, the worst first at one place.
pub fn sort_by_place(briefing: &Briefing, diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        let section = d
            .location
            .section
            .as_deref()
            .and_then(|id| briefing.section_index(id))
            .map_or(0, |i| i + 1);
        (
            section,
            d.location.line.unwrap_or(0),
            std::cmp::Reverse(d.severity),
        )
    });
}

fn figure_sources(document: &Document) -> BTreeSet<String> {
    document
        .sections
        .iter()
        .flat_map(|section| section.figures())
        .map(|(src, _)| src.to_owned())
        .collect()
}
