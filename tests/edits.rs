//! Edits as values: every edit's inverse restores the briefing, and history undoes and redoes
//! whole sequences. Property-tested over random edit sequences.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::model::{Briefing, Edit, EditError, History, Section, SectionField, Source};
use briefdesk::templates::Library;
use proptest::prelude::*;

/// A random edit, given as numbers so it can be resolved against whatever briefing exists.
#[derive(Clone, Debug)]
enum Op {
    Insert(usize, String),
    Remove(usize),
    Move(usize, usize),
    Text(usize, u8, String),
    Marking(usize, Option<String>),
    Variable(String, Option<String>),
    Meta(String),
    AddSource(usize, String),
    RemoveSource(usize),
    SetSource(usize, String),
    AddBlock(usize, usize),
    Duplicate(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-zA-Z ëçم{}@\\[\\]*_]{0,12}";
    prop_oneof![
        (0..20usize, "[a-z]{1,6}").prop_map(|(i, s)| Op::Insert(i, s)),
        (0..20usize).prop_map(Op::Remove),
        (0..20usize, 0..20usize).prop_map(|(a, b)| Op::Move(a, b)),
        (0..20usize, 0..3u8, text).prop_map(|(i, f, s)| Op::Text(i, f, s)),
        (0..20usize, proptest::option::of("[A-Z]{1,8}")).prop_map(|(i, m)| Op::Marking(i, m)),
        ("[a-c]", proptest::option::of("[a-z]{0,5}")).prop_map(|(n, v)| Op::Variable(n, v)),
        "[a-z ]{0,10}".prop_map(Op::Meta),
        (0..8usize, "S[0-9]").prop_map(|(i, id)| Op::AddSource(i, id)),
        (0..8usize).prop_map(Op::RemoveSource),
        (0..8usize, "S[0-9]").prop_map(|(i, id)| Op::SetSource(i, id)),
        (0..20usize, 0..20usize).prop_map(|(b, i)| Op::AddBlock(b, i)),
        (0..20usize).prop_map(Op::Duplicate),
    ]
}

fn resolve(op: &Op, briefing: &Briefing, library: &Library) -> Edit {
    let id_at = |i: usize| {
        briefing
            .sections
            .get(i % briefing.sections.len().max(1))
            .map(|s| s.id.clone())
            .unwrap_or_else(|| "missing".into())
    };
    match op {
        Op::Insert(i, id) => Edit::InsertSection {
            index: *i,
            section: Box::new(Section {
                id: id.clone(),
                title: id.to_uppercase(),
                ..Section::default()
            }),
        },
        Op::Remove(i) => Edit::RemoveSection { index: *i },
        Op::Move(a, b) => Edit::MoveSection { from: *a, to: *b },
        Op::Text(i, f, text) => Edit::SetSectionText {
            id: id_at(*i),
            field: [SectionField::Title, SectionField::Body, SectionField::Notes][*f as usize],
            text: text.clone(),
        },
        Op::Marking(i, m) => Edit::SetSectionMarking {
            id: id_at(*i),
            marking: m.clone(),
        },
        Op::Variable(n, v) => Edit::SetVariable {
            name: n.clone(),
            value: v.clone(),
        },
        Op::Meta(title) => {
            let mut meta = briefing.meta.clone();
            meta.title = title.clone();
            Edit::SetMeta(Box::new(meta))
        }
        Op::AddSource(i, id) => Edit::InsertSource {
            index: *i,
            source: Box::new(Source {
                id: id.clone(),
                ..Source::default()
            }),
        },
        Op::RemoveSource(i) => Edit::RemoveSource { index: *i },
        Op::SetSource(i, id) => Edit::SetSource {
            index: *i,
            source: Box::new(Source {
                id: id.clone(),
                title: "changed".into(),
                ..Source::default()
            }),
        },
        Op::AddBlock(b, i) => {
            let blocks: Vec<_> = library.blocks().collect();
            let block = blocks[b % blocks.len()];
            library.add_block_edit(briefing, block, (*i).min(briefing.sections.len()))
        }
        Op::Duplicate(i) => briefing
            .duplicate_section_edit(*i)
            .unwrap_or(Edit::Batch(vec![])),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Each edit, applied and then inverted, gives back the briefing it started from; an edit
    /// that fails leaves the briefing unchanged.
    #[test]
    fn inverse_restores_the_original(ops in proptest::collection::vec(op(), 1..30)) {
        let library = Library::builtin();
        let mut briefing = common::sample();
        for op in &ops {
            let before = briefing.clone();
            let edit = resolve(op, &briefing, &library);
            match briefing.apply(edit) {
                Ok(inverse) => {
                    let after = briefing.clone();
                    let redo = briefing.apply(inverse).expect("an inverse applies");
                    prop_assert_eq!(&briefing, &before);
                    briefing.apply(redo).expect("the redo applies");
                    prop_assert_eq!(&briefing, &after);
                }
                Err(_) => prop_assert_eq!(&briefing, &before),
            }
        }
    }

    /// Undoing everything returns to the start; redoing everything returns to the end; the
    /// state id tells whether the document is the saved one.
    #[test]
    fn history_undoes_and_redoes_whole_sequences(ops in proptest::collection::vec(op(), 1..30)) {
        let library = Library::builtin();
        let mut briefing = common::sample();
        let start = briefing.clone();
        let mut history = History::new();
        let saved = history.state();
        for op in &ops {
            let edit = resolve(op, &briefing, &library);
            let _ = history.apply(&mut briefing, edit, None);
        }
        let end = briefing.clone();
        let end_state = history.state();
        while history.undo(&mut briefing).unwrap() {}
        prop_assert_eq!(&briefing, &start);
        prop_assert_eq!(history.state(), saved);
        while history.redo(&mut briefing).unwrap() {}
        prop_assert_eq!(&briefing, &end);
        prop_assert_eq!(history.state(), end_state);
    }
}

#[test]
fn typing_in_one_field_undoes_as_one_step() {
    let mut briefing = common::sample();
    let original = briefing.sections[0].body.clone();
    let id = briefing.sections[0].id.clone();
    let mut history = History::new();
    for text in ["a", "ab", "abc"] {
        let edit = Edit::SetSectionText {
            id: id.clone(),
            field: SectionField::Body,
            text: text.into(),
        };
        history
            .apply(&mut briefing, edit, Some("body:bluf"))
            .unwrap();
    }
    assert_eq!(briefing.sections[0].body, "abc");
    assert!(history.undo(&mut briefing).unwrap());
    assert_eq!(briefing.sections[0].body, original);
    assert!(!history.can_undo());
    assert!(history.redo(&mut briefing).unwrap());
    assert_eq!(briefing.sections[0].body, "abc");
}

#[test]
fn failing_edits_change_nothing_and_say_why() {
    let mut briefing = common::sample();
    let before = briefing.clone();
    let first = briefing.sections[0].clone();
    let err = briefing
        .apply(Edit::InsertSection {
            index: 0,
            section: Box::new(first),
        })
        .unwrap_err();
    assert!(matches!(err, EditError::DuplicateId(_)));
    let err = briefing
        .apply(Edit::Batch(vec![
            Edit::SetVariable {
                name: "new".into(),
                value: Some("v".into()),
            },
            Edit::RemoveSection { index: 999 },
        ]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "position 999 is out of range (there are {})",
            before.sections.len()
        )
    );
    assert_eq!(briefing, before);
}

#[test]
fn duplicate_gets_a_fresh_id_right_after_the_original() {
    let mut briefing = common::sample();
    let edit = briefing.duplicate_section_edit(2).unwrap();
    briefing.apply(edit).unwrap();
    assert_eq!(
        briefing.sections[3].id,
        format!("{}-2", briefing.sections[2].id)
    );
    assert_eq!(briefing.sections[3].body, briefing.sections[2].body);
}
