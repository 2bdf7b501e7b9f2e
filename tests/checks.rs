//! The reviewer's checks: for each, a briefing built to trigger it and one that must not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::diagnostic::{Diagnostic, Severity};
use briefdesk::model::{Briefing, Section, Source};
use briefdesk::templates::Library;

fn section(id: &str, block: &str, body: &str) -> Section {
    Section {
        id: id.into(),
        block: format!("{block}@1"),
        title: id.replace('-', " "),
        body: body.into(),
        ..Section::default()
    }
}

fn briefing(sections: Vec<Section>) -> Briefing {
    let mut b = Briefing::new("Checks");
    b.meta.date = "2022-09-20".into();
    b.meta.as_of = "2022-09-19".into();
    b.sources.push(Source {
        id: "S1".into(),
        title: "Report".into(),
        publisher: "Wire".into(),
        ..Source::default()
    });
    b.sections = sections;
    b
}

fn check(b: &Briefing) -> Vec<Diagnostic> {
    briefdesk::pipeline::Renderer::new().check(b, None, &Library::builtin())
}

/// The diagnostics whose message contains `needle`.
fn with<'a>(found: &'a [Diagnostic], needle: &str) -> Vec<&'a Diagnostic> {
    found
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect()
}

fn at(d: &Diagnostic) -> (Option<&str>, Option<u32>) {
    (d.location.section.as_deref(), d.location.line)
}

#[test]
fn the_sample_has_no_errors() {
    let found = check(&common::sample());
    let errors: Vec<_> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn both_case_study_date_conflicts_are_reported_with_both_places() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/conflicting-dates.briefing.json"),
    )
    .unwrap();
    let (b, _) = briefdesk::io::from_json(&text).unwrap();
    let found = check(&b);
    let attack = with(&found, "the attack is dated");
    assert_eq!(attack.len(), 1, "{found:#?}");
    assert_eq!(attack[0].severity, Severity::Warning);
    assert_eq!(at(attack[0]), (Some("incident"), Some(1)));
    assert!(attack[0].message.contains("15 July 2022"));
    assert!(
        attack[0]
            .message
            .contains("17 July 2022 in 'Timeline' line 3")
    );

    let severance = with(&found, "the break in relations is dated");
    assert_eq!(severance.len(), 1, "{found:#?}");
    assert!(severance[0].message.contains("7 September 2022"));
    assert!(severance[0].message.contains("8 September 2022"));
    assert!(
        severance[0]
            .message
            .contains("'International reaction' line 1")
    );
    assert_eq!(at(severance[0]), (Some("response"), Some(1)));
}

#[test]
fn agreeing_dates_distant_events_and_noted_disagreements_are_not_warnings() {
    let b = briefing(vec![
        section(
            "incident",
            "incident",
            "The attack on 15 July 2022 hit many services [@S1].",
        ),
        section(
            "timeline",
            "timeline",
            "The attack of 15 July 2022 was the main one [@S1].",
        ),
        // A different attack a year on is not the same event.
        section(
            "implications",
            "implications",
            "A second attack on 20 July 2023 would test this.",
        ),
    ]);
    assert!(with(&check(&b), "is dated").is_empty());

    let b = briefing(vec![
        section(
            "incident",
            "incident",
            "The attack on 15 July 2022 hit many services [@S1].",
        ),
        section(
            "timeline",
            "timeline",
            "Other sources place the attack on 17 July 2022 [@S1].",
        ),
    ]);
    let found = check(&b);
    let noted = with(&found, "is dated");
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0].severity, Severity::Info);
}

#[test]
fn a_response_dated_before_its_incident_is_an_error() {
    let wrong = briefing(vec![
        section(
            "incident",
            "incident",
            "The attack on 15 July 2022 hit many services [@S1].",
        ),
        section(
            "response",
            "response",
            "Albania severed relations with Iran on 7 June 2022 [@S1].",
        ),
    ]);
    let found = check(&wrong);
    let before = with(&found, "before the incident");
    assert_eq!(before.len(), 1, "{found:#?}");
    assert_eq!(before[0].severity, Severity::Error);
    assert_eq!(at(before[0]), (Some("response"), Some(1)));

    let right = briefing(vec![
        section(
            "incident",
            "incident",
            "The attack on 15 July 2022 hit many services [@S1].",
        ),
        section(
            "response",
            "response",
            "Albania severed relations with Iran on 7 September 2022 [@S1].",
        ),
    ]);
    assert!(with(&check(&right), "before the incident").is_empty());
}

#[test]
fn facts_newer_than_the_as_of_date_are_reported_but_plans_are_not() {
    let b = briefing(vec![section(
        "response",
        "response",
        "Iran denied it on 25 September 2022 [@S1].\n\nTalks are planned for 1 October 2022 [@S1].",
    )]);
    let found = check(&b);
    let late = with(&found, "after the \"facts as of\" date");
    assert_eq!(late.len(), 1, "{found:#?}");
    assert_eq!(at(late[0]), (Some("response"), Some(1)));
}

#[test]
fn placeholders_template_text_empty_sections_and_todo_markers() {
    let library = Library::builtin();
    // A briefing straight from a template still holds its example text.
    let fresh = library.new_briefing("decision-memo", "2022-09-20").unwrap();
    let found = check(&fresh);
    assert!(
        !with(&found, "the template's example text").is_empty()
            || !with(&found, "ellipsis placeholder").is_empty(),
        "{found:#?}"
    );
    assert!(!with(&found, "is empty").is_empty(), "{found:#?}");

    let b = briefing(vec![
        section(
            "incident",
            "incident",
            "The attack hit the services on a Friday [@S1].\n\nTODO check the count of services hit.",
        ),
        section("response", "response", "<!-- only a comment -->\n"),
        section("implications", "implications", "Use {{missing}} here."),
    ]);
    let found = check(&b);
    let todo = with(&found, "TODO marks unfinished text");
    assert_eq!(todo.len(), 1);
    assert_eq!(at(todo[0]), (Some("incident"), Some(3)));
    assert_eq!(at(with(&found, "is empty")[0]), (Some("response"), None));
    assert!(!with(&found, "{{missing}} has no value").is_empty());

    let clean = briefing(vec![section(
        "incident",
        "incident",
        "The attack hit the services on a Friday, the ministry said [@S1].",
    )]);
    let found = check(&clean);
    for needle in [
        "TODO",
        "is empty",
        "example text",
        "placeholder",
        "no value",
    ] {
        assert!(with(&found, needle).is_empty(), "{needle}: {found:#?}");
    }
}

#[test]
fn factual_paragraphs_without_a_citation() {
    let b = briefing(vec![
        section(
            "incident",
            "incident",
            "The attack took down the portals that citizens use every day.\n\n\
             Investigators traced it to the state [@S1].\n\nShort lead-in:",
        ),
        // Analysis is the author's own and needs no citation.
        section(
            "implications",
            "implications",
            "Other small states will draw lessons from how this attack was handled.",
        ),
    ]);
    let found = check(&b);
    let unsourced = with(&found, "cites no source");
    assert_eq!(unsourced.len(), 1, "{found:#?}");
    assert_eq!(at(unsourced[0]), (Some("incident"), Some(1)));
}

#[test]
fn the_bottom_line_has_at_most_four_sentences() {
    let five = "One. Two is here. Three too. Four as well. Five is one too many.";
    let found = check(&briefing(vec![section("bluf", "bluf", five)]));
    assert_eq!(with(&found, "the bottom line has 5 sentences").len(), 1);
    let four = "One. Two is here. Three too, e.g. this. Four as well.";
    let found = check(&briefing(vec![section("bluf", "bluf", four)]));
    assert!(with(&found, "the bottom line has").is_empty(), "{found:#?}");
}

#[test]
fn the_memo_is_measured_in_real_pages() {
    let long = "The attack took down the portals that citizens use every day, and the \
                ministry said it would take weeks to restore them all. "
        .repeat(150);
    let mut options = section("options", "options", &long);
    options.variants = vec!["memo".into()];
    let found = check(&briefing(vec![options.clone()]));
    let memo = with(&found, "the memo runs to");
    assert_eq!(memo.len(), 1, "{found:#?}");
    options.body = "Offer technical help.".into();
    assert!(with(&check(&briefing(vec![options])), "the memo runs to").is_empty());
    assert!(with(&check(&common::sample()), "the memo runs to").is_empty());
}

#[test]
fn key_judgments_need_likelihood_and_confidence_on_one_scale() {
    let b = briefing(vec![section(
        "key-judgments",
        "key-judgments",
        "1. We assess with high confidence that Iran was almost certainly behind the attack.\n\
         2. We judge that further attacks will follow in the coming year.\n\
         3. Further attacks are likely against the summit's hosts in future.\n",
    )]);
    let found = check(&b);
    let both = with(
        &found,
        "lacks a likelihood term (such as likely) and a confidence",
    );
    assert_eq!(both.len(), 1, "{found:#?}");
    assert_eq!(at(both[0]), (Some("key-judgments"), Some(2)));
    let confidence = with(&found, "lacks a confidence level");
    assert_eq!(at(confidence[0]), (Some("key-judgments"), Some(3)));

    let mixed = briefing(vec![
        section(
            "key-judgments",
            "key-judgments",
            "1. We assess with high confidence that Iran was almost certainly behind it.\n",
        ),
        section(
            "implications",
            "implications",
            "With moderate confidence, further attacks are highly probable this year.",
        ),
    ]);
    let found = check(&mixed);
    let scales = with(&found, "keep to one scale");
    assert_eq!(scales.len(), 1, "{found:#?}");
    assert_eq!(at(scales[0]), (Some("implications"), Some(1)));

    let good = briefing(vec![section(
        "key-judgments",
        "key-judgments",
        "1. We assess with high confidence that Iran was almost certainly behind it.\n\
         2. We assess with low confidence that another attack is unlikely this year.\n",
    )]);
    let found = check(&good);
    assert!(with(&found, "key judgment lacks").is_empty(), "{found:#?}");
    assert!(with(&found, "one scale").is_empty());
}

#[test]
fn handout_sections_are_held_to_the_reading_grade() {
    let dense = "Attribution of state-sponsored cyber operations necessitates extensive \
                 forensic investigation, international intelligence cooperation and \
                 considerable institutional deliberation, consequently delaying diplomatic \
                 countermeasures considerably beyond the operational timeline of incidents.";
    let plain = "A group broke into the computers of the state. The state looked for who did \
                 it. It took a long time. Then it said who it was. It sent the other side's \
                 staff home. Its friends said it was right to do so.";
    let mut hard = section("key-terms", "key-terms", dense);
    hard.variants = vec!["handout".into()];
    let found = check(&briefing(vec![hard.clone()]));
    let grade = with(&found, "above the handout's target of 10");
    assert_eq!(grade.len(), 1, "{found:#?}");
    // A higher target set by the briefing is respected.
    let mut b = briefing(vec![hard]);
    b.meta.reading_grade = Some(40.0);
    assert!(with(&check(&b), "reads at grade").is_empty());

    let mut easy = section("key-terms", "key-terms", plain);
    easy.variants = vec!["handout".into()];
    assert!(with(&check(&briefing(vec![easy])), "reads at grade").is_empty());

    // A briefing that is no handout (an imported article, a policy brief) is not held to a
    // classroom's grade, though its sections could go into the handout variant.
    let mut incident = section("incident", "incident", dense);
    incident.variants = vec!["full".into(), "handout".into(), "public".into()];
    let found = check(&briefing(vec![incident.clone()]));
    assert!(with(&found, "reads at grade").is_empty(), "{found:#?}");
    // With a section written for the handout alone, it is a handout.
    let mut questions = section("discussion-questions", "discussion-questions", plain);
    questions.variants = vec!["handout".into()];
    let found = check(&briefing(vec![incident, questions]));
    assert_eq!(with(&found, "reads at grade").len(), 1, "{found:#?}");
}

#[test]
fn structure_headings_alt_text_markings_and_language() {
    let mut b = briefing(vec![section(
        "incident",
        "incident",
        "## Part\n\n#### Too deep\n\nText here with a claim [@S1].\n\n![](map.png)\n",
    )]);
    b.meta.marking.scheme = briefdesk::model::MarkingScheme::Uk;
    b.meta.marking.level = "OFFICIAL".into();
    b.sections[0].marking = Some("SECRET".into());
    b.meta.language = String::new();
    let found = check(&b);
    let jump = with(&found, "jumps from level 2 to level 4");
    assert_eq!(at(jump[0]), (Some("incident"), Some(3)));
    let alt = with(&found, "has no alt text");
    assert_eq!(alt[0].severity, Severity::Error);
    assert_eq!(at(alt[0]), (Some("incident"), Some(7)));
    let above = with(&found, "marked SECRET but the document only OFFICIAL");
    assert_eq!(above[0].severity, Severity::Error);
    assert!(!with(&found, "has no language").is_empty());

    let mut good = briefing(vec![section(
        "incident",
        "incident",
        "## Part\n\n### Deeper\n\nText here with a claim [@S1].\n\n![A map](map.png)\n\n\
         ![](rule.png \"decorative\")\n",
    )]);
    good.meta.marking.scheme = briefdesk::model::MarkingScheme::Uk;
    good.meta.marking.level = "SECRET".into();
    good.sections[0].marking = Some("OFFICIAL".into());
    let found = check(&good);
    for needle in ["jumps", "alt text", "but the document only", "no language"] {
        assert!(with(&found, needle).is_empty(), "{needle}: {found:#?}");
    }
}

#[test]
fn each_disagreement_is_reported_once_at_its_first_place_however_often_it_repeats() {
    let attack = |day: u32| format!("The attack on {day} July 2022 hit many services [@S1].\n\n");
    let b = briefing(vec![
        // The first place gives the 15th twice; the 17th comes only from later sections.
        section(
            "incident",
            "incident",
            &(attack(15).repeat(2) + &attack(16)),
        ),
        section("timeline", "timeline", &attack(17).repeat(3)),
        section("reaction", "international-reaction", &attack(15)),
        section("response", "response", &(attack(17) + &attack(16))),
    ]);
    let found = check(&b);
    let dated = with(&found, "the attack is dated");
    let summary: Vec<(Option<&str>, Option<u32>, &str)> = dated
        .iter()
        .map(|d| {
            (
                at(d).0,
                at(d).1,
                d.message.split(" here but ").nth(1).unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            // The 15th against the 17th and the 16th, at the first place giving the 15th,
            // each with its first partner in another section; then the 16th against the 17th.
            // The repeats, and the reaction's 15th, add nothing.
            (
                Some("incident"),
                Some(1),
                "17 July 2022 in 'timeline' line 1; check the sources and give one date, or say that they disagree"
            ),
            (
                Some("incident"),
                Some(1),
                "16 July 2022 in 'response' line 3; check the sources and give one date, or say that they disagree"
            ),
            (
                Some("incident"),
                Some(5),
                "17 July 2022 in 'timeline' line 1; check the sources and give one date, or say that they disagree"
            ),
        ],
        "{dated:#?}"
    );
}
