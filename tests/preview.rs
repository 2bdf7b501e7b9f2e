//! The preview paints the export's own pages: compared pixel by pixel with poppler's
//! rendering of the exported PDF, and the worker repaints only what changed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use briefdesk::pipeline::preview::{Request, Update, Worker};
use briefdesk::pipeline::raster::{Painter, Raster};

fn grey(raster: &Raster, x: usize, y: usize) -> f32 {
    let i = (y * raster.width + x) * 4;
    let p = &raster.rgba[i..i + 3];
    (f32::from(p[0]) + f32::from(p[1]) + f32::from(p[2])) / 3.0
}

#[test]
fn a_painted_page_has_text_ink_and_the_pale_watermark() {
    let laid = common::laid(&common::sample());
    let pages = &laid.pages;
    let raster = Painter::new().paint(&pages.pages[0], pages.width, pages.height, 1.0);
    assert_eq!(raster.width, pages.width.pixels(1.0).ceil() as usize);
    assert_eq!(raster.height, pages.height.pixels(1.0).ceil() as usize);
    let mut dark = 0;
    let mut reddish = 0;
    for y in 0..raster.height {
        for x in 0..raster.width {
            let i = (y * raster.width + x) * 4;
            let (r, g, b) = (raster.rgba[i], raster.rgba[i + 1], raster.rgba[i + 2]);
            if grey(&raster, x, y) < 80.0 {
                dark += 1;
            }
            if r > 200 && g < 235 && b < 235 && r > g + 10 {
                reddish += 1;
            }
        }
    }
    assert!(
        dark > 2000,
        "only {dark} dark pixels: no title text painted"
    );
    assert!(reddish > 2000, "only {reddish} watermark pixels");
}

#[test]
fn the_preview_matches_the_pdf_as_poppler_draws_it() {
    if !common::tool_available("pdftoppm") {
        return;
    }
    let briefing = common::sample();
    let laid = common::laid(&briefing);
    let pdf = common::pdf(&briefing);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let mut painter = Painter::new();
    // Every page: the dense ones (8 pt footnotes) measure about 3 where a layout moved by
    // 2 points measures about 10.
    for index in 0..laid.pages.pages.len() {
        let page = index + 1;
        let prefix = dir.path().join(format!("p{page}"));
        let status = std::process::Command::new("pdftoppm")
            .args([
                "-r",
                "72",
                "-gray",
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
            ])
            .arg(&path)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(status.success());
        let pgm = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("p{page}"))
            })
            .unwrap();
        let bytes = std::fs::read(&pgm).unwrap();
        // P5 header: magic, width, height, maxval, each followed by whitespace.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
        }
        let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = &bytes[at + 1..];
        let ours = painter.paint(
            &laid.pages.pages[index],
            laid.pages.width,
            laid.pages.height,
            1.0,
        );
        let (cw, ch) = (w.min(ours.width), h.min(ours.height));
        let difference = |shift: usize| cell_difference(pixels, w, &ours, cw, ch, shift);
        let (mean, ink_theirs, ink_ours) = difference(0);
        // The measure sees a layout moved by a mere 2 points: it is not blind.
        let (moved, _, _) = difference(2);
        assert!(
            moved > 2.5 * mean,
            "page {page}: {moved:.2} moved against {mean:.2}"
        );
        assert!(
            mean < 3.5,
            "page {page}: mean difference {mean:.2} of 255 per cell"
        );
        let ratio = ink_ours as f32 / ink_theirs.max(1) as f32;
        assert!(
            (0.85..1.15).contains(&ratio),
            "page {page}: ink {ink_ours} here, {ink_theirs} in poppler's rendering"
        );
    }
}

/// Mean grey difference over 4×4 pixel cells between poppler's page (`theirs`, `w` wide) and
/// ours moved down by `shift` pixels, so the two rasterisers' anti-aliasing and poppler's
/// hinting do not count while a moved line or a missing word does. Also the ink pixel counts.
fn cell_difference(
    theirs: &[u8],
    w: usize,
    ours: &Raster,
    cw: usize,
    ch: usize,
    shift: usize,
) -> (f32, usize, usize) {
    const CELL: usize = 4;
    let mut total = 0.0;
    let mut cells = 0;
    let mut ink_theirs = 0;
    let mut ink_ours = 0;
    for cy in 0..(ch - shift) / CELL {
        for cx in 0..cw / CELL {
            let (mut t_sum, mut m_sum) = (0.0, 0.0);
            for y in cy * CELL..(cy + 1) * CELL {
                for x in cx * CELL..(cx + 1) * CELL {
                    let t = f32::from(theirs[(y + shift) * w + x]);
                    let m = grey(ours, x, y);
                    t_sum += t;
                    m_sum += m;
                    // Ink is anything darker than three-quarters white: at 72 dpi a small
                    // serif stroke is under a pixel wide, and whether it crosses half grey
                    // depends on the rasterizer's gamma, not on what was drawn (the sources
                    // page counts 17 % apart at half grey, 0.1 % here). The watermark's pale
                    // grey stays below it.
                    ink_theirs += usize::from(t < 192.0);
                    ink_ours += usize::from(m < 192.0);
                }
            }
            total += (t_sum - m_sum).abs() / (CELL * CELL) as f32;
            cells += 1;
        }
    }
    (total / cells as f32, ink_theirs, ink_ours)
}

fn request(generation: u64, briefing: &briefdesk::model::Briefing) -> Request {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    briefdesk::io::to_json(briefing).hash(&mut hasher);
    Request {
        content: hasher.finish(),
        visible: 0..usize::MAX,
        generation,
        briefing: Arc::new(briefing.clone()),
        file: None,
        scale: 0.5,
        focus: briefing.sections.last().map(|s| s.id.clone()),
        variant: None,
        review: false,
    }
}

/// The updates for request `generation`, until it is done.
fn updates_until_done(worker: &Worker, generation: u64) -> Vec<Update> {
    let mut updates = Vec::new();
    loop {
        let update = worker
            .wait(Duration::from_secs(60))
            .expect("the worker went quiet");
        let of = match &update {
            Update::Laid { generation, .. }
            | Update::Page { generation, .. }
            | Update::Checked { generation, .. }
            | Update::Done { generation } => *generation,
        };
        if of != generation {
            continue;
        }
        let done = matches!(update, Update::Done { .. });
        updates.push(update);
        if done {
            return updates;
        }
    }
}

/// The pages painted for request `generation`, in the order they came.
fn painted_until_done(worker: &Worker, generation: u64) -> Vec<usize> {
    updates_until_done(worker, generation)
        .into_iter()
        .filter_map(|update| match update {
            Update::Page { index, .. } => Some(index),
            _ => None,
        })
        .collect()
}

#[test]
fn the_worker_repaints_only_pages_that_changed_and_the_edited_one_first() {
    let worker = Worker::start(|| {});
    let mut briefing = common::sample();
    worker.request(request(1, &briefing));
    let first = painted_until_done(&worker, 1);
    let count = first.len();
    assert!(count >= 4);

    // The same document again: nothing to paint.
    worker.request(request(2, &briefing));
    assert!(painted_until_done(&worker, 2).is_empty());

    // A word in the last section: its page is painted first, and the cover is not repainted.
    briefing
        .sections
        .last_mut()
        .unwrap()
        .body
        .push_str(" Addendum.");
    worker.request(request(3, &briefing));
    let painted = painted_until_done(&worker, 3);
    assert!(!painted.is_empty());
    let last = briefing.sections.last().unwrap().id.clone();
    let laid = common::laid(&briefing);
    let shows_last = |i: usize| {
        laid.pages.pages[i]
            .regions
            .iter()
            .any(|r| r.section == last)
    };
    assert!(
        shows_last(painted[0]),
        "the edited section's page comes first"
    );
    assert!(!painted.contains(&0), "the cover did not change");
}

#[test]
fn a_newer_request_supersedes_an_older_one() {
    let worker = Worker::start(|| {});
    let mut briefing = common::sample();
    for generation in 1..=5 {
        briefing.sections[0].body.push_str(" more");
        worker.request(request(generation, &briefing));
    }
    // Every request is answered or dropped; the last one always finishes.
    let mut last_done = 0;
    while last_done < 5 {
        if let Update::Done { generation } = worker
            .wait(Duration::from_secs(60))
            .expect("the worker went quiet")
        {
            assert!(generation > last_done);
            last_done = generation;
        }
    }
}

/// A briefing of many pages: sixty sections of plain paragraphs.
fn long_briefing() -> briefdesk::model::Briefing {
    let paragraph = "Albania cut diplomatic ties with Iran after the cyberattack on its \
        government services, the first such break over a cyber operation. ";
    let mut briefing = common::sample();
    briefing.sections.truncate(1);
    for i in 0..60 {
        briefing.sections.push(briefdesk::model::Section {
            id: format!("part-{i}"),
            title: format!("Part {i}"),
            body: vec![paragraph.repeat(6); 3].join("\n\n"),
            ..Default::default()
        });
    }
    briefing
}

#[test]
fn only_pages_near_the_screen_are_painted_and_a_scroll_reuses_the_layout() {
    let worker = Worker::start(|| {});
    let briefing = long_briefing();
    let mut first = request(1, &briefing);
    first.visible = 10..12;
    worker.request(first.clone());
    let mut pages = 0;
    let mut painted = Vec::new();
    let mut checked = 0;
    loop {
        match worker.wait(Duration::from_secs(60)).unwrap() {
            Update::Laid { pages: p, .. } => pages = p.len(),
            Update::Page { index, .. } => painted.push(index),
            // The checks run once the pages are painted, never before them.
            Update::Checked { .. } => {
                assert!(!painted.is_empty());
                checked += 1;
            }
            Update::Done { .. } => break,
        }
    }
    assert_eq!(checked, 1);
    assert!(pages > 30, "{pages} pages");
    painted.sort_unstable();
    let margin = briefdesk::pipeline::preview::MARGIN;
    assert_eq!(painted, (10 - margin..12 + margin).collect::<Vec<_>>());

    // Scrolling on: the same content, so no new layout; only the newly near pages are painted.
    let mut scrolled = first;
    scrolled.generation = 2;
    scrolled.visible = 12..14;
    worker.request(scrolled);
    let mut laid_again = false;
    let mut checked_again = false;
    let mut painted = Vec::new();
    loop {
        match worker.wait(Duration::from_secs(60)).unwrap() {
            Update::Laid { .. } => laid_again = true,
            Update::Checked { .. } => checked_again = true,
            Update::Page { index, .. } => painted.push(index),
            Update::Done { .. } => break,
        }
    }
    assert!(!laid_again);
    assert!(!checked_again, "a scroll does not run the checks again");
    painted.sort_unstable();
    assert_eq!(painted, (12 + margin..14 + margin).collect::<Vec<_>>());
}

/// The diagnostics of the checks the worker sends for `request`.
fn checked(worker: &Worker, request: Request) -> Vec<briefdesk::diagnostic::Diagnostic> {
    let generation = request.generation;
    worker.request(request);
    updates_until_done(worker, generation)
        .into_iter()
        .find_map(|update| match update {
            Update::Checked { diagnostics, .. } => Some(diagnostics),
            _ => None,
        })
        .expect("the checks ran")
}

#[test]
fn the_checks_read_every_section_whichever_variant_is_shown() {
    let briefing = common::sample();
    let every = briefdesk::compose::compose(&briefing, &Default::default());
    let library = briefdesk::templates::Library::builtin();
    let expected = briefdesk::lint::run(&briefing, &every.document, &library);
    assert!(!expected.is_empty(), "the sample has findings to compare");

    let worker = Worker::start(|| {});
    // All sections: the checks reuse the layout's composition.
    assert_eq!(checked(&worker, request(1, &briefing)), expected);
    // The handout leaves sections out; the checks still read them all.
    let mut handout = request(2, &briefing);
    handout.variant = Some(briefdesk::model::Variant::Handout);
    handout.content ^= 1;
    assert_eq!(checked(&worker, handout), expected);
    // And back to all sections, after the handout's composition was not kept.
    let mut again = request(3, &briefing);
    again.content ^= 2;
    assert_eq!(checked(&worker, again), expected);
}
