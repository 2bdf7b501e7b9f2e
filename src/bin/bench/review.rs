//! Review at scale: a 100-page briefing with 500 comments and 500 suggestions — loading,
//! one keystroke (the anchors moved, and the preview with review shown), accept-all — and
//! the comparison of two 100-page versions, with and without its PDF.
//!
//! Run alone with `cargo run --release --bin bench -- --review`.

use std::time::Instant;

use briefdesk::model::review::{Anchor, Comment, Suggestion, accept_all};
use briefdesk::model::{Briefing, Edit, History, SectionField};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// The 100-page briefing with `n` comments and `n` suggestions spread over its sections,
/// each on a word of the text.
pub fn reviewed(mut b: Briefing, n: usize) -> Briefing {
    let sections = b.sections.len();
    for i in 0..n {
        let section = &mut b.sections[i % sections];
        let body = section.body.clone();
        let chars = body.chars().count();
        // A word a little further on for each item of the section.
        let at = (i / sections * 97 + 13) % chars.saturating_sub(40).max(1);
        section.comments.push(Comment {
            id: format!("c{i:08x}"),
            anchor: Some(Anchor::new(&body, at, at + 12)),
            author: format!("Reviewer {}", i % 3),
            created: "2026-12-04T09:00:00Z".into(),
            text: format!("Comment {i}: check this."),
            ..Comment::default()
        });
        section.suggestions.push(Suggestion {
            id: format!("s{i:08x}"),
            anchor: Anchor::new(&body, at + 20, at + 26),
            insert: "changed".into(),
            author: format!("Reviewer {}", i % 3),
            created: "2026-12-04T09:00:00Z".into(),
            ..Suggestion::default()
        });
    }
    b
}

pub fn print_report(base: &Briefing) {
    let b = reviewed(base.clone(), 500);
    let text = briefdesk::io::to_json(&b);
    let load = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let loaded = briefdesk::io::from_json(&text);
                std::hint::black_box(loaded.is_ok());
                ms(start)
            })
            .collect(),
    );
    // A keystroke in a section with review items: the edit, its anchors moved, undo kept.
    let mut typed = b.clone();
    let mut history = History::new();
    let target = typed.sections.len() / 2;
    let id = typed.sections[target].id.clone();
    let keystroke = median(
        (0..40)
            .map(|round| {
                let mut body = typed.sections[target].body.clone();
                body.insert(body.len() / 2, if round % 6 == 5 { ' ' } else { 'x' });
                let start = Instant::now();
                let edit = Edit::SetSectionText {
                    id: id.clone(),
                    field: SectionField::Body,
                    text: body,
                };
                let applied = history.apply(&mut typed, edit, Some("body"));
                std::hint::black_box(applied.is_ok());
                ms(start)
            })
            .collect(),
    );
    let accept = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let mut edits = Vec::new();
                for section in &b.sections {
                    let ids: Vec<String> =
                        section.suggestions.iter().map(|s| s.id.clone()).collect();
                    let (body, rest, _) = accept_all(&section.body, &section.review(), &ids);
                    edits.push(Edit::RestoreSection {
                        id: section.id.clone(),
                        body,
                        review: Box::new(rest),
                    });
                }
                let mut after = b.clone();
                let applied = History::new().apply(&mut after, Edit::Batch(edits), None);
                std::hint::black_box(applied.is_ok());
                ms(start)
            })
            .collect(),
    );
    println!(
        "review, 100 pages with 500 comments and 500 suggestions: load {load:.1} ms, keystroke (anchors moved, undo kept) {keystroke:.2} ms, accept all {accept:.1} ms"
    );
    super::keystroke_to_preview_as("100 pages with review shown", &b, true);
    // The same briefing rendered with review shown and without, and the keystroke figure
    // without review shown and without review items: what showing review costs.
    {
        for review in [true, false] {
            let mut renderer = briefdesk::pipeline::Renderer::new();
            let options = briefdesk::pipeline::RenderOptions {
                review,
                ..Default::default()
            };
            let mut typed = b.clone();
            let (mut c, mut l, mut pages) = (Vec::new(), Vec::new(), 0);
            for round in 0..20 {
                typed.sections[40].body.push_str(&format!(" Edit {round}."));
                if let Ok(r) = renderer.render(&typed, &options) {
                    c.push(r.timings.compose.as_secs_f64() * 1000.0);
                    l.push(r.timings.layout.as_secs_f64() * 1000.0);
                    pages = r.pages.pages.len();
                }
            }
            println!(
                "review {review}: {pages} pages, compose {:.1} ms, layout {:.1} ms",
                median(c),
                median(l)
            );
        }
        super::keystroke_to_preview_as("100 pages with review, not shown", &b, false);
        super::keystroke_to_preview_as("100 pages, no review", base, false);
    }

    // Two versions: every tenth section edited in its middle, one removed, one added.
    let old = base.clone();
    let mut new = base.clone();
    for (i, section) in new
        .sections
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| i % 10 == 3)
    {
        section.body = section
            .body
            .replacen("attack", "operation", 2)
            .replacen("Albania", "Tirana", 1);
        section.title = format!("{} (revised {i})", section.title);
    }
    new.sections.remove(5);
    let mut added = new.sections[0].clone();
    added.id = "added".into();
    new.sections.push(added);
    let compare = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let c = briefdesk::compare::compare(&old, &new);
                std::hint::black_box(c.summary.words_added);
                ms(start)
            })
            .collect(),
    );
    let start = Instant::now();
    let c = briefdesk::compare::compare(&old, &new);
    let redline = c.redline(&old, &new, ("old", "new"));
    let options = briefdesk::pipeline::RenderOptions {
        review: true,
        compact: true,
        ..Default::default()
    };
    let pages = briefdesk::pipeline::Renderer::new()
        .pdf(&redline, &options)
        .map(|e| briefdesk::pipeline::Exported {
            output: e.output.len(),
            diagnostics: e.diagnostics,
        });
    let with_pdf = ms(start);
    match pages {
        Ok(pdf) => println!(
            "compare two 100-page versions: {compare:.1} ms; with the redline PDF ({} KB, {} words added, {} removed) {with_pdf:.0} ms",
            pdf.output / 1024,
            c.summary.words_added,
            c.summary.words_removed
        ),
        Err(error) => println!("compare two 100-page versions: FAILED {error}"),
    }
}
