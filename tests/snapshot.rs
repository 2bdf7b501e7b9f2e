//! Text snapshots of the layout dump: every element of the fixture, laid out, compared with
//! the stored dump line by line. After a deliberate layout change, regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`, look at the PDF, and commit the new dump.

// Helpers outside #[test] functions fail loudly too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

fn check(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from line {}:\n  stored: {:?}\n  now:    {:?}\n(UPDATE_SNAPSHOTS=1 to accept)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn every_element_lays_out_as_stored() {
    let briefing = common::every_element_briefing();
    let laid = common::laid(&briefing);
    check("every-element.dump", &briefdesk::layout::dump(&laid.pages));
}

#[test]
fn the_sample_lays_out_as_stored() {
    let laid = common::laid(&common::sample());
    check("sample.dump", &briefdesk::layout::dump(&laid.pages));
}
