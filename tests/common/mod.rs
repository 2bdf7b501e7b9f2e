//! Shared helpers for the integration tests.
// Test helpers fail loudly: a broken fixture is a test failure, not a case to handle.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use briefdesk::model::Briefing;

/// The embedded sample briefing.
pub fn sample() -> Briefing {
    briefdesk::io::from_json(briefdesk::templates::sample_json())
        .expect("the sample parses")
        .0
}

/// A fixture file's text.
pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// True when an outside checker is installed. When it is not, the test is skipped with a
/// note, unless `BRIEFDESK_REQUIRE_TOOLS` is set (as CI does), where a missing tool fails.
pub fn tool_available(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("BRIEFDESK_REQUIRE_TOOLS").is_none(),
            "{tool} is required (BRIEFDESK_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("skipping: {tool} is not installed");
    }
    found
}
