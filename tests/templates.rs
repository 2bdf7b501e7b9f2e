//! Templates: the built-in set is complete and loads cleanly; broken files are diagnostics
//! naming file and line; user templates add to and override the built-ins.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::diagnostic::Severity;
use briefdesk::templates::{Library, Origin};

const REQUIRED_BLOCKS: &[&str] = &[
    "bluf",
    "key-judgments",
    "historical-roots",
    "incident",
    "response",
    "international-reaction",
    "implications",
    "options",
    "recommendation",
    "timeline",
    "key-actors",
    "sources",
    "learning-objectives",
    "key-terms",
    "discussion-questions",
];

#[test]
fn builtin_library_is_complete_and_clean() {
    let library = Library::builtin();
    assert!(library.diagnostics.is_empty(), "{:?}", library.diagnostics);
    for id in REQUIRED_BLOCKS {
        let block = library.block(id).unwrap_or_else(|| panic!("no block {id}"));
        assert!(!block.guidance.is_empty(), "{id} has no guidance");
        assert_eq!(block.origin, Origin::BuiltIn);
    }
    for id in [
        "policy-brief",
        "decision-memo",
        "situation-report",
        "teacher-handout",
    ] {
        let template = library
            .briefing(id)
            .unwrap_or_else(|| panic!("no template {id}"));
        for block in &template.blocks {
            assert!(
                library.block(block).is_some(),
                "{id} lists unknown block {block}"
            );
        }
    }
}

#[test]
fn every_template_makes_a_briefing_that_composes_without_errors() {
    let library = Library::builtin();
    for template in library.briefings() {
        let briefing = library.new_briefing(&template.id, "2026-11-26").unwrap();
        assert_eq!(
            briefing.sections.len(),
            template.blocks.len(),
            "{}",
            template.id
        );
        assert_eq!(briefing.meta.date, "2026-11-26");
        let composed = compose(&briefing, &ComposeOptions::default());
        let errors: Vec<_> = composed
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", template.id);
        // Guidance and prompts are for the author only.
        let text = format!("{:?}", composed.document);
        for block in &template.blocks {
            let guidance = &library.block(block).unwrap().guidance;
            assert!(
                !text.contains(guidance.as_str()),
                "guidance of {block} leaked"
            );
        }
        assert!(!text.contains("<!--"));
    }
}

#[test]
fn adding_a_block_brings_its_variables_once() {
    let library = Library::builtin();
    let mut briefing = briefdesk::model::Briefing::new("x");
    let block = library.block("historical-roots").unwrap();
    let edit = library.add_block_edit(&briefing, block, 0);
    briefing.apply(edit).unwrap();
    assert_eq!(
        briefing.variables.get("country_a").map(String::as_str),
        Some("Country A")
    );
    briefing
        .variables
        .insert("country_a".into(), "Albania".into());
    let edit = library.add_block_edit(&briefing, block, 1);
    briefing.apply(edit).unwrap();
    assert_eq!(
        briefing.variables["country_a"], "Albania",
        "an existing value is kept"
    );
    assert_eq!(briefing.sections[1].id, "historical-roots-2");
    assert_eq!(briefing.sections[1].block, "historical-roots@1");
}

#[test]
fn broken_templates_are_diagnostics_with_file_and_line() {
    let cases: &[(&str, &str, u32, &str)] = &[
        ("blocks/a.md", "no header\n", 1, "must start with a '---'"),
        (
            "blocks/b.md",
            "---\nid: b\ntitle: B\nkind: factual\n",
            4,
            "never closed",
        ),
        (
            "blocks/c.md",
            "---\nid: c\nthis line has no colon\n---\n",
            3,
            "expected 'key: value'",
        ),
        (
            "blocks/d.md",
            "---\nid: d\ntitle: D\nkind: poetry\n---\n",
            4,
            "kind 'poetry'",
        ),
        (
            "blocks/e.md",
            "---\nid: e\ntitle: E\nkind: factual\nversion: two\n---\n",
            5,
            "not a whole number",
        ),
        (
            "blocks/f.md",
            "---\nid: f\nid: f\n---\n",
            3,
            "appears twice",
        ),
        (
            "blocks/g.md",
            "---\ntitle: G\nkind: factual\n---\n",
            1,
            "no 'id:'",
        ),
        (
            "briefings/h.md",
            "---\nid: h\ntitle: H\nblocks: bluf\npage.size: A3\n---\n",
            5,
            "page size",
        ),
        (
            "blocks/i.md",
            "---\nid: Bad Id\ntitle: I\nkind: factual\n---\n",
            2,
            "lower-case",
        ),
    ];
    for (file, text, line, message) in cases {
        let mut library = Library::builtin();
        library.add_user_files([(file.to_string(), text.to_string())]);
        let d = library
            .diagnostics
            .iter()
            .find(|d| d.location.file.as_deref() == Some(*file))
            .unwrap_or_else(|| panic!("{file}: no diagnostic in {:?}", library.diagnostics));
        assert_eq!(d.severity, Severity::Error, "{file}");
        assert_eq!(d.location.line, Some(*line), "{file}: {d}");
        assert!(d.message.contains(message), "{file}: {d}");
        assert!(
            d.to_string()
                .starts_with(&format!("error: {file}:{line}: ")),
            "{d}"
        );
    }
}

#[test]
fn user_templates_add_and_override() {
    let mut library = Library::builtin();
    library.add_user_files([
        (
            "blocks/incident.md".to_string(),
            "---\nid: incident\nversion: 2\ntitle: What happened\nkind: factual\nguidance: Mine.\n---\nMy body.\n".to_string(),
        ),
        (
            "briefings/mine.md".to_string(),
            "---\nid: mine\ntitle: Mine\nblocks: incident, no-such-block\nstatus: final\n---\n".to_string(),
        ),
    ]);
    let incident = library.block("incident").unwrap();
    assert_eq!(incident.title, "What happened");
    assert_eq!(incident.reference(), "incident@2");
    assert!(matches!(incident.origin, Origin::User(_)));
    let briefing = library.new_briefing("mine", "2026-01-02").unwrap();
    assert_eq!(briefing.sections.len(), 1, "the unknown block is skipped");
    assert_eq!(briefing.sections[0].body, "My body.\n");
    assert!(
        library
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("no-such-block"))
    );
}
