//! Sources in from a reference manager (BibTeX/BibLaTeX, CSL-JSON), by the command line and
//! the window, and the citation style as a document setting.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::app::App;
use briefdesk::app::dialogs::Picked;
use briefdesk::io::bibliography;
use briefdesk::model::{CitationStyle, Source};
use common::window::{options, settle};
use egui_kittest::kittest::Queryable;

const BIB: &str = r#"
@article{hoxha:2023,
  author = {Hoxha, Erion and {Microsoft Threat Intelligence}},
  title = {How {Iran} reached Albania's networks},
  journal = {Journal of Cyber Policy},
  year = {2023}, month = {2},
  url = {https://example.org/hoxha}, urldate = {2024-01-05},
}
@online{S2, title = {An entry whose id the ledger has}, date = {2022}}
@misc{untitled, author = {Nobody, Ann}, year = {2020}}
"#;

const CSL: &str = r#"[
  {"id": "rand1", "type": "report", "title": "Iran's cyber operations against NATO members",
   "title-short": "Cyber operations",
   "author": [{"family": "Kola", "given": "Arta"}, {"literal": "RAND Europe"}],
   "publisher": "RAND", "issued": {"date-parts": [[2023, 2, 14]]},
   "URL": "javascript:alert(1)"}
]"#;

#[test]
fn bibtex_entries_map_onto_the_ledger_fields() {
    let imported = bibliography::read(BIB).unwrap();
    let hoxha = imported
        .sources
        .iter()
        .find(|s| s.id == "hoxha-2023")
        .unwrap();
    assert_eq!(hoxha.title, "How Iran reached Albania's networks");
    assert_eq!(hoxha.author, "Hoxha, Erion; Microsoft Threat Intelligence");
    assert_eq!(hoxha.publisher, "Journal of Cyber Policy");
    assert_eq!(hoxha.date, "2023-02");
    assert_eq!(hoxha.url, "https://example.org/hoxha");
    assert_eq!(hoxha.accessed, "2024-01-05");
    assert_eq!(imported.sources.len(), 2, "{imported:?}");
    assert!(
        imported
            .skipped
            .iter()
            .any(|s| s.contains("'untitled' has no title")),
        "{imported:?}"
    );
}

#[test]
fn csl_json_entries_map_onto_the_ledger_fields_and_unsafe_urls_are_dropped() {
    let imported = bibliography::read(CSL).unwrap();
    let rand = &imported.sources[0];
    assert_eq!(rand.id, "rand1");
    assert_eq!(rand.short_title, "Cyber operations");
    assert_eq!(rand.author, "Kola, Arta; RAND Europe");
    assert_eq!(rand.publisher, "RAND");
    assert_eq!(rand.date, "2023-02-14");
    assert_eq!(rand.url, "");
    assert!(
        imported
            .skipped
            .iter()
            .any(|s| s.contains("not a web address")),
        "{imported:?}"
    );
}

/// The CSL-JSON the Markdown export writes for Pandoc reads back as the same ledger entries.
#[test]
fn the_ledger_written_as_csl_json_reads_back_the_same() {
    let sample = common::sample();
    let items: Vec<serde_json::Value> = sample.sources.iter().map(bibliography::to_csl).collect();
    let back = bibliography::read(&serde_json::Value::Array(items).to_string()).unwrap();
    assert!(back.skipped.is_empty(), "{:?}", back.skipped);
    // An entry with no author reads back with its publisher as the author, as it is cited.
    let mut expected = sample.sources.clone();
    for source in &mut expected {
        if source.author.is_empty() {
            source.author = source.publisher.clone();
        }
    }
    assert_eq!(back.sources, expected);
    // A person's name is split into family and given names; an organisation stays whole.
    let person = Source {
        id: "H1".into(),
        title: "A study".into(),
        author: "Hoxha, Arben; Council of Europe".into(),
        date: "2022-09".into(),
        ..Source::default()
    };
    let csl = bibliography::to_csl(&person);
    assert_eq!(csl["author"][0]["family"], "Hoxha");
    assert_eq!(csl["author"][0]["given"], "Arben");
    assert_eq!(csl["author"][1]["literal"], "Council of Europe");
    assert_eq!(csl["issued"]["date-parts"][0], serde_json::json!([2022, 9]));
}

#[test]
fn unreadable_bibliographies_say_where() {
    let bib = bibliography::read("@article{x,\n  title = {unclosed\n").unwrap_err();
    assert!(
        bib.starts_with("this is not BibTeX that can be read"),
        "{bib}"
    );
    assert!(bib.contains("line"), "{bib}");
    let json = bibliography::read("[{\"id\": 1,\n").unwrap_err();
    assert!(json.starts_with("this is not CSL-JSON"), "{json}");
    assert_eq!(
        bibliography::read("  \n").unwrap_err(),
        "the file is empty; there are no sources in it"
    );
}

#[test]
fn merging_keeps_the_ledger_entry_of_an_id_it_has() {
    let mut ledger = common::sample().sources;
    let before = ledger.clone();
    let imported = bibliography::read(BIB).unwrap();
    let kept = bibliography::merge(&mut ledger, imported.sources);
    assert_eq!(kept, vec!["S2".to_owned()]);
    assert_eq!(&ledger[..before.len()], &before[..]);
    assert_eq!(ledger.len(), before.len() + 1);
}

#[test]
fn import_sources_adds_to_a_briefing_file_and_the_citations_use_them() {
    let dir = tempfile::tempdir().unwrap();
    let briefing = dir.path().join("b.briefing.json");
    let mut b = common::sample();
    b.sections[1].body.push_str("\n\nA study [@hoxha-2023].\n");
    briefdesk::io::save(&briefing, &b).unwrap();
    let bib = dir.path().join("refs.bib");
    std::fs::write(&bib, BIB).unwrap();
    let run = |args: &[&str]| {
        let cli = <briefdesk::cli::Cli as clap::Parser>::try_parse_from(args).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = briefdesk::cli::run(cli, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };
    let (code, out, err) = run(&[
        "briefdesk",
        "import-sources",
        bib.to_str().unwrap(),
        "--into",
        briefing.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 of 2 sources added"), "{out}");
    assert!(out.contains("kept as they were: S2"), "{out}");
    let saved = briefdesk::io::load(&briefing).unwrap().briefing;
    assert!(saved.sources.iter().any(|s| s.id == "hoxha-2023"));
    let composed = briefdesk::compose::compose(&saved, &Default::default());
    let tree = briefdesk::doc::dump(&composed.document);
    assert!(
        tree.contains("Erion Hoxha and Microsoft Threat Intelligence, “How Iran Reached"),
        "{tree}"
    );

    // A file that is not a bibliography changes nothing and says why.
    let bad = dir.path().join("bad.bib");
    std::fs::write(&bad, "@article{x, title = {").unwrap();
    let (code, _, err) = run(&[
        "briefdesk",
        "import-sources",
        bad.to_str().unwrap(),
        "--into",
        briefing.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("not BibTeX"), "{err}");
    assert_eq!(briefdesk::io::load(&briefing).unwrap().briefing, saved);
}

#[test]
fn the_window_imports_sources_as_one_undo_step_and_sets_the_citation_style() {
    let dir = tempfile::tempdir().unwrap();
    let bib = dir.path().join("refs.json");
    std::fs::write(&bib, CSL).unwrap();
    let mut harness = common::window::harness_sized(
        App::new(options(dir.path(), vec![Picked::Path(bib)])),
        egui::Vec2::new(1400.0, 1800.0),
    );
    settle(&mut harness);
    let count = |h: &egui_kittest::Harness<'static, App>| h.state().briefing().sources.len();
    let before = count(&harness);
    harness.get_by_label("Sources").click();
    harness.run_steps(2);
    harness.get_by_label("Import sources…").click();
    harness.run_steps(3);
    assert_eq!(count(&harness), before + 1);
    let added: &Source = harness.state().briefing().sources.last().unwrap();
    assert_eq!(added.author, "Kola, Arta; RAND Europe");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(
        count(&harness),
        before,
        "one undo takes the whole import back"
    );

    harness.get_by_label("Document settings").click();
    harness.run_steps(2);
    harness.get_by_label("Author–date (Chicago)").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().briefing().meta.citation_style,
        CitationStyle::AuthorDate
    );
}
