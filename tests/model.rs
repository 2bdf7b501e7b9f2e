//! The document file: round trips, unknown fields, migration, bad input, validation.
// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::io::{FormatError, from_json, to_json};
use briefdesk::model::{FORMAT_VERSION, MarkingScheme, validate};

#[test]
fn sample_is_written_exactly_as_stored() {
    // The embedded sample is kept in the file format's canonical form, so re-saving it is a
    // no-op diff: key order and layout are stable.
    let text = briefdesk::templates::sample_json();
    let (briefing, notes) = from_json(text).unwrap();
    assert!(notes.is_empty());
    assert_eq!(to_json(&briefing), text);
}

#[test]
fn sample_has_no_validation_problems() {
    let problems = validate(&common::sample());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn unknown_fields_survive_a_save_at_every_level() {
    let mut value: serde_json::Value =
        serde_json::from_str(briefdesk::templates::sample_json()).unwrap();
    value["x_top"] = serde_json::json!({"kept": [1, 2, 3]});
    value["meta"]["x_meta"] = "meta extra".into();
    value["meta"]["marking"]["x_marking"] = true.into();
    value["meta"]["page"]["x_page"] = 7.into();
    value["sections"][0]["x_section"] = "section extra".into();
    value["sources"][0]["x_source"] = serde_json::Value::Null;
    let (briefing, _) = from_json(&value.to_string()).unwrap();
    let written: serde_json::Value = serde_json::from_str(&to_json(&briefing)).unwrap();
    assert_eq!(written, value);
}

#[test]
fn keys_come_out_in_a_stable_order() {
    let (briefing, _) = from_json(briefdesk::templates::sample_json()).unwrap();
    let text = to_json(&briefing);
    let pos = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(pos("format_version") < pos("meta"));
    assert!(pos("meta") < pos("variables"));
    assert!(pos("variables") < pos("sections"));
    assert!(pos("sections") < pos("sources"));
    assert!(text.ends_with("}\n"));
    // The same briefing twice gives the same bytes.
    assert_eq!(text, to_json(&briefing));
}

#[test]
fn format_zero_migrates() {
    let old = r#"{
        "meta": { "title": "Old", "classification": "OFFICIAL-SENSITIVE" },
        "sections": [ { "id": "a", "title": "A", "content": "Old body" } ]
    }"#;
    let (briefing, notes) = from_json(old).unwrap();
    assert_eq!(briefing.format_version, FORMAT_VERSION);
    assert_eq!(notes.len(), 1);
    assert_eq!(briefing.sections[0].body, "Old body");
    assert_eq!(briefing.meta.marking.banner_text(), "OFFICIAL-SENSITIVE");
    assert!(!to_json(&briefing).contains("classification"));
}

#[test]
fn future_format_is_refused_with_a_clear_message() {
    let err = from_json(r#"{"format_version": 9, "meta": {}}"#).unwrap_err();
    assert!(matches!(err, FormatError::TooNew { found: 9 }));
    assert!(err.to_string().contains("newer briefdesk"));
}

#[test]
fn malformed_input_gives_clear_errors() {
    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("   \n", "empty"),
        (
            r#"{"format_version": 1, "meta": {"title": "x""#,
            "ends too early",
        ),
        ("[1, 2, 3]", "not a briefing"),
        (
            "{\"format_version\": 1, \"meta\": {\"title\": 5}}",
            "meta.title",
        ),
        (
            "{\"format_version\": 1, \"meta\": {}, \"sections\": \"nope\"}",
            "sections",
        ),
        (
            "{\"format_version\": 1, \"meta\": {\"page\": {\"margins_mm\": {\"top\": NaN}}}}",
            "not valid JSON",
        ),
        (
            "{\"format_version\": 1, \"meta\": {\"page\": {\"margins_mm\": {\"top\": 1e999}}}}",
            "not valid JSON",
        ),
        (
            "{\"format_version\": 1, \"meta\": {\"status\": \"maybe\"}}",
            "meta.status",
        ),
        ("{\"format_version\": \"one\"}", "format_version"),
        ("\u{0}\u{1}binary", "not valid JSON"),
    ];
    for (input, expected) in cases {
        let err = from_json(input).expect_err(input).to_string();
        assert!(
            err.contains(expected),
            "{input:?}: expected {expected:?} in {err:?}"
        );
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!(
        "{{\"format_version\": 1, \"meta\": {{}}, \"x\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let err = from_json(&deep).unwrap_err().to_string();
    assert!(err.contains("recursion limit"), "{err}");
}

#[test]
fn validation_names_the_field() {
    let mut briefing = common::sample();
    briefing.meta.page.margins_mm.left.0 = -3.0;
    briefing.meta.date = "2022-02-30".into();
    briefing.sections[1].id = briefing.sections[0].id.clone();
    briefing.sources[0].url = "javascript:alert(1)".into();
    briefing.meta.marking.level = "SORTA SECRET".into();
    let problems = validate(&briefing);
    let fields: Vec<_> = problems
        .iter()
        .filter_map(|d| d.location.field.clone())
        .collect();
    for field in [
        "meta.page.margins_mm.left",
        "meta.date",
        "sections[1].id",
        "sources[0].url",
        "meta.marking.level",
    ] {
        assert!(
            fields.iter().any(|f| f == field),
            "{field} not in {fields:?}"
        );
    }
    assert!(problems.iter().any(|d| d.message.contains("-3 mm")));
}

#[test]
fn banner_text_follows_the_scheme() {
    let mut marking = common::sample().meta.marking;
    assert_eq!(marking.banner_text(), "OFFICIAL-SENSITIVE");
    marking.scheme = MarkingScheme::Us;
    marking.level = "secret".into();
    marking.caveats = vec!["noforn".into()];
    assert_eq!(marking.banner_text(), "SECRET//NOFORN");
    marking.scheme = MarkingScheme::None;
    assert_eq!(marking.banner_text(), "");
    marking.banner = "CUSTOM BANNER".into();
    assert_eq!(marking.banner_text(), "CUSTOM BANNER");
    assert_eq!(MarkingScheme::Uk.portion_mark("official-sensitive"), "(OS)");
    assert!(MarkingScheme::Uk.rank("SECRET") > MarkingScheme::Uk.rank("OFFICIAL"));
}

#[test]
fn dates_read_as_people_write_them() {
    use briefdesk::model::long_date;
    assert_eq!(long_date("2022-09-07"), "7 September 2022");
    assert_eq!(long_date("2022-09"), "September 2022");
    assert_eq!(long_date("2022"), "2022");
    assert_eq!(long_date("soon"), "soon");
    assert_eq!(briefdesk::clock::civil_from_days(0), (1970, 1, 1));
    assert_eq!(briefdesk::clock::civil_from_days(19_242), (2022, 9, 7));
}
