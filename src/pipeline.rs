//! The whole way from a briefing to export bytes, shared by the command line and the app, so
//! both write the same files.

use std::path::Path;

use crate::compose::{ComposeOptions, compose};
use crate::diagnostic::Diagnostic;
use crate::model::Briefing;
use crate::{clock, export, io, layout};

/// The folder a document's pictures are read from: the document's own folder, or none for a
/// document that has never been saved (its pictures cannot be found, and say so).
pub fn document_folder(file: Option<&Path>) -> Option<&Path> {
    file.and_then(Path::parent).map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    })
}

/// The pictures a document's figures name, read from the document's folder, with a warning
/// for each that cannot be used.
pub fn images_beside(
    file: Option<&Path>,
    document: &crate::doc::Document,
) -> (layout::image::Images, Vec<Diagnostic>) {
    match document_folder(file) {
        Some(folder) => io::read_images(document, folder),
        None => Default::default(),
    }
}

/// Composes, lays out and writes the PDF. `file` is where the briefing lives (for its
/// pictures). Returns the bytes and everything noticed on the way.
pub fn pdf(
    briefing: &Briefing,
    file: Option<&Path>,
    options: &ComposeOptions,
) -> Result<(Vec<u8>, Vec<Diagnostic>), export::pdf::PdfError> {
    crate::model::within_limit(briefing)?;
    let mut composed = compose(briefing, options);
    let (images, found) = images_beside(file, &composed.document);
    composed.diagnostics.extend(found);
    let laid = layout::layout(
        &composed.document,
        &images,
        &mut layout::shape::Shaper::new(),
    );
    composed.diagnostics.extend(laid.diagnostics);
    let pdf_options = export::pdf::PdfOptions {
        created: Some(clock::now_iso()),
    };
    let bytes = export::pdf::to_pdf(laid.pages, &composed.document.meta, &pdf_options)?;
    Ok((bytes, composed.diagnostics))
}

/// Everything `briefdesk check` reports: composing, glyph coverage, pictures, the
/// reviewer's checks and the memo's page budget from its real layout, in document order.
pub fn check(
    briefing: &Briefing,
    file: Option<&Path>,
    library: &crate::templates::Library,
) -> Vec<Diagnostic> {
    if let Err(too_large) = crate::model::within_limit(briefing) {
        return vec![Diagnostic::error(too_large.to_string())];
    }
    let composed = compose(briefing, &ComposeOptions::default());
    let mut found = composed.diagnostics;
    found.extend(layout::fonts::check_coverage(&composed.document));
    found.extend(images_beside(file, &composed.document).1);
    found.extend(crate::lint::run(briefing, &composed.document, library));
    if crate::lint::has_memo(briefing) {
        let memo = compose(briefing, &ComposeOptions::variant("memo"));
        let laid = layout::layout(
            &memo.document,
            &images_beside(file, &memo.document).0,
            &mut layout::shape::Shaper::new(),
        );
        found.extend(crate::lint::memo_pages(briefing, laid.pages.pages.len()));
    }
    sort_by_place(briefing, &mut found);
    found
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

/// Composes and writes Markdown, with the diagnostics of composing and of glyph coverage.
pub fn markdown(
    briefing: &Briefing,
    options: &ComposeOptions,
) -> Result<(String, Vec<Diagnostic>), crate::model::TooLarge> {
    crate::model::within_limit(briefing)?;
    let mut composed = compose(briefing, options);
    let coverage = layout::fonts::check_coverage(&composed.document);
    composed.diagnostics.extend(coverage);
    Ok((
        export::markdown::to_markdown(&composed.document),
        composed.diagnostics,
    ))
}
