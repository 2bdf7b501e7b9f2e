//! The exported PDFs judged by two accessibility checkers that share no code with us,
//! `outloud` and `pdfua` from PyPI (run by `tests/tools/accessibility.py`): the sample in
//! every variant, a briefing from every template, the every-element briefing and a
//! Persian-heavy one. Any error or warning fails. The checkers run where they are installed
//! (`BRIEFDESK_A11Y_PYTHON` names a Python that has them, as CI's virtualenv does); with
//! `BRIEFDESK_REQUIRE_TOOLS` set, their absence fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use briefdesk::model::{Briefing, Section, Source, Status, Variant};
use briefdesk::pipeline::{RenderOptions, Renderer};

/// A Python that can import both checkers, if there is one.
fn checkers() -> Option<PathBuf> {
    let python = std::env::var_os("BRIEFDESK_A11Y_PYTHON")
        .map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let found = Command::new(&python)
        .args(["-c", "import outloud, pdfua"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("BRIEFDESK_REQUIRE_TOOLS").is_none(),
            "outloud and pdfua are required (BRIEFDESK_REQUIRE_TOOLS is set) but {} cannot \
             import them; set BRIEFDESK_A11Y_PYTHON to a Python that has them",
            python.display()
        );
        eprintln!("skipping: outloud and pdfua are not installed");
        return None;
    }
    Some(python)
}

fn source(id: &str, publisher: &str, title: &str) -> Source {
    Source {
        id: id.into(),
        publisher: publisher.into(),
        title: title.into(),
        date: "2022-09-07".into(),
        ..Source::default()
    }
}

/// A briefing mostly in Persian, in an English document: headings, paragraphs, a table, a
/// list and a quotation, with a Persian name inside an English sentence.
fn persian() -> Briefing {
    let mut briefing = Briefing::new("Albania and Iran: the record in Persian");
    briefing.meta.status = Status::Final;
    briefing.sections.push(Section {
        id: "roots".into(),
        title: "پیشینه".into(),
        body: common::fixture("persian.md"),
        ..Section::default()
    });
    briefing.sources = vec![
        source("S1", "AP", "Albania cuts diplomatic ties with Iran"),
        source("S2", "Microsoft", "Microsoft investigates Iranian attacks"),
        source("S3", "The White House", "Statement on Iran's cyberattack"),
        source("S5", "Explainer article", "Why Albania cut ties with Iran"),
    ];
    briefing
}

/// The every-element briefing with a described picture beside it.
fn every_element(dir: &Path) -> (Briefing, PathBuf) {
    common::write_grey_png(&dir.join("map.png"), 40, 20);
    let mut briefing = common::every_element_briefing();
    briefing.sections[0]
        .body
        .push_str("\n\n![Map of Albania and Iran](map.png \"Where the two countries lie\")\n");
    (briefing, dir.join("every-element.briefing.json"))
}

fn export(briefing: &Briefing, options: &RenderOptions, path: &Path) {
    let bytes = Renderer::new().pdf(briefing, options).unwrap().output;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn both_checkers_find_nothing_in_any_export() {
    let Some(python) = checkers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let sample = common::sample();
    for variant in Variant::ALL {
        let path = dir.path().join(format!("sample-{}.pdf", variant.name()));
        export(
            &sample,
            &RenderOptions::default().with_variant(Some(variant)),
            &path,
        );
        files.push(path);
    }
    let library = briefdesk::templates::Library::builtin();
    for template in library.briefings() {
        let briefing = library.new_briefing(&template.id, "2022-09-20").unwrap();
        let path = dir.path().join(format!("template-{}.pdf", template.id));
        export(&briefing, &RenderOptions::default(), &path);
        files.push(path);
    }
    let (briefing, file) = every_element(dir.path());
    let path = dir.path().join("every-element.pdf");
    export(&briefing, &RenderOptions::beside(Some(&file)), &path);
    files.push(path);
    let path = dir.path().join("persian.pdf");
    export(&persian(), &RenderOptions::default(), &path);
    files.push(path);
    // The review copy (highlights, comment numbers, redline, the threads at the end) and a
    // comparison's redline (a summary first, change bars), tagged like every other export.
    let mut reviewed = sample.clone();
    let body = reviewed.sections[0].body.clone();
    reviewed.sections[0]
        .comments
        .push(briefdesk::model::review::Comment {
            id: "c1".into(),
            anchor: Some(briefdesk::model::review::Anchor::new(&body, 3, 14)),
            author: "Head of Unit".into(),
            text: "Source?".into(),
            ..Default::default()
        });
    reviewed.sections[0]
        .suggestions
        .push(briefdesk::model::review::Suggestion {
            id: "s1".into(),
            anchor: briefdesk::model::review::Anchor::new(&body, 20, 30),
            insert: "a replacement".into(),
            author: "Head of Unit".into(),
            ..Default::default()
        });
    let path = dir.path().join("review-copy.pdf");
    let review = RenderOptions {
        review: true,
        ..RenderOptions::default()
    };
    export(&reviewed, &review, &path);
    files.push(path);
    let mut newer = sample.clone();
    newer.sections[1]
        .body
        .push_str("\n\nA paragraph added in the new version.\n");
    newer.sections.remove(3);
    let comparison = briefdesk::compare::compare(&sample, &newer);
    let redline = comparison.redline(&sample, &newer, ("old", "new"));
    let path = dir.path().join("redline.pdf");
    export(
        &redline,
        &RenderOptions {
            review: true,
            compact: true,
            ..RenderOptions::default()
        },
        &path,
    );
    files.push(path);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/accessibility.py");
    let out = Command::new(&python)
        .arg(script)
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "the checkers found problems:\n{report}"
    );
    // Every file was judged by both.
    assert_eq!(
        report.matches(" pass ").count(),
        2 * files.len(),
        "{report}"
    );
}
