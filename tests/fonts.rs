//! The bundled fonts: every face loads, styles resolve, scripts fall back to a face that has
//! them, and a character none has is a diagnostic naming it.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::layout::fonts::{FACES, FaceId, Family, check_coverage, fallback, select};
use briefdesk::model::{Briefing, Section};

#[test]
fn every_face_loads_and_sets_latin_with_albanian_letters() {
    assert_eq!(FaceId::ALL.len(), FACES.len());
    for (index, face) in FACES.iter().enumerate() {
        let id = FaceId::ALL[index];
        assert_eq!(id.face().file, face.file);
        assert!(id.font().is_some(), "{} does not parse", face.file);
        if face.family != Family::Arabic {
            for c in ['a', 'Z', 'ë', 'ç', 'Ë', '—', '“', '€'] {
                assert!(id.covers(c), "{} lacks {c}", face.file);
            }
        }
    }
}

#[test]
fn styles_resolve_to_the_nearest_face() {
    let file = |id: FaceId| id.face().file;
    assert_eq!(
        file(select(Family::Serif, true, true)),
        "NotoSerif-BoldItalic.ttf"
    );
    assert_eq!(
        file(select(Family::Sans, false, false)),
        "NotoSans-Regular.ttf"
    );
    assert_eq!(
        file(select(Family::Mono, true, true)),
        "NotoSansMono-Regular.ttf"
    );
    assert_eq!(
        file(select(Family::Arabic, true, true)),
        "NotoNaskhArabic-Bold.ttf"
    );
    assert_eq!(
        file(select(Family::Arabic, false, true)),
        "NotoNaskhArabic-Regular.ttf"
    );
}

#[test]
fn persian_falls_back_to_the_arabic_face_in_the_same_weight() {
    let serif = select(Family::Serif, false, false);
    assert!(!serif.covers('خ'));
    let face = fallback(serif, 'خ').unwrap();
    assert_eq!(face.face().file, "NotoNaskhArabic-Regular.ttf");
    let bold = fallback(select(Family::Serif, true, false), 'م').unwrap();
    assert_eq!(bold.face().file, "NotoNaskhArabic-Bold.ttf");
    assert_eq!(fallback(serif, 'a'), Some(serif));
}

#[test]
fn the_sample_needs_no_missing_glyph() {
    let document = compose(&common::sample(), &ComposeOptions::default()).document;
    assert!(check_coverage(&document).is_empty());
}

#[test]
fn a_character_no_font_has_is_named_with_its_place() {
    let mut briefing = Briefing::new("Glyphs");
    briefing.sections.push(Section {
        id: "s".into(),
        title: "Fine".into(),
        body: "Line one.\n\nA smile 🙂 and 中文, twice 🙂.\n".into(),
        ..Section::default()
    });
    let document = compose(&briefing, &ComposeOptions::default()).document;
    let found = check_coverage(&document);
    let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 3, "{messages:?}");
    assert!(messages[0].contains("'🙂' (U+1F642)"), "{messages:?}");
    assert!(messages[0].starts_with("warning: section 's', line 3: "));
    assert!(messages[1].contains("U+4E2D") && messages[2].contains("U+6587"));
}
