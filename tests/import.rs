//! Import: an article becomes a briefing — split at headings, each part matched to a block,
//! its text kept and its boilerplate left out with a report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use briefdesk::templates::Library;
use briefdesk::templates::import::import;

fn article() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explainer-article.md"),
    )
    .unwrap()
}

fn all_text(b: &briefdesk::model::Briefing) -> String {
    b.sections
        .iter()
        .map(|s| format!("{}\n{}\n", s.title, s.body))
        .collect()
}

#[test]
fn the_explainer_splits_into_matched_sections() {
    let imported = import(&article(), &Library::builtin(), "2022-09-20");
    let b = &imported.briefing;
    assert_eq!(b.meta.title, "Why did Albania cut ties with Iran?");
    assert_eq!(b.meta.date, "2022-09-20");
    let parts: Vec<(&str, &str)> = b
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.block_id()))
        .collect();
    assert_eq!(
        parts,
        [
            ("Summary", "bluf"),
            ("Background: an exiled group in Albania", "historical-roots"),
            ("The cyberattack", "incident"),
            ("How Albania responded", "response"),
            ("International reaction", "international-reaction"),
            ("What it means", "implications"),
        ]
    );
    // Sections take their block's variants, so the variants work at once.
    assert_eq!(b.sections[2].variants, ["full", "handout", "public"]);
}

#[test]
fn the_text_is_kept_and_the_boilerplate_left_out() {
    let imported = import(&article(), &Library::builtin(), "2022-09-20");
    let text = all_text(&imported.briefing);
    for kept in [
        "about 3,000 members",
        "In January 2021 Iran and Russia",
        "23–24 July in Manëz",
        "### Who was behind it?",
        "Microsoft, which helped",
        "Article 5.",
        "no agreed red lines in cyberspace",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    for dropped in [
        "Share on",
        "Copy link",
        "Contents",
        "(#summary)",
        "[Iran news]",
        "Most read",
        "Iran protests spread",
        "Microsoft warns of new ransomware",
        "Sign up",
        "Read more",
        "Share this article",
        "Follow us",
    ] {
        assert!(!text.contains(dropped), "kept {dropped:?}:\n{text}");
    }
    // The repeated headline is gone too: the title appears nowhere in the sections.
    assert!(!text.contains("Why did Albania cut ties"));
    // Each run left out is reported with its line, in order.
    let lines: Vec<u32> = imported
        .report
        .iter()
        .map(|d| d.location.line.unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    let said = |why: &str| imported.report.iter().any(|d| d.message.contains(why));
    assert!(said("a table of contents"));
    assert!(said("a list of links"));
    assert!(said("a run of link titles"));
    assert!(said("a share or subscribe prompt"));
    assert!(said("a repeated headline"));
}

#[test]
fn plain_text_articles_find_their_headings() {
    let text = "Albania and Iran\n\nAlbania cut ties with Iran in September 2022.\n\n\
                Background\n\nIn 2014 Albania took in members of an exiled group.\n\
                The group opposes Tehran.\n\nTimeline\n\n2014: the group arrives.\n\n\
                Further reading\n\nOur notes.\n";
    let imported = import(text, &Library::builtin(), "2022-09-20");
    let b = &imported.briefing;
    assert_eq!(b.meta.title, "Albania and Iran");
    let parts: Vec<(&str, &str)> = b
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.block_id()))
        .collect();
    assert_eq!(
        parts,
        [
            ("Introduction", ""),
            ("Background", "historical-roots"),
            ("Timeline", "timeline"),
            ("Further reading", "sources"),
        ]
    );
    assert!(b.sections[1].body.contains("The group opposes Tehran."));
}

#[test]
fn code_is_kept_whole_and_unknown_headings_get_no_block() {
    let text =
        "# Notes\n\n## Gardening tips\n\nWater daily.\n\n```\n# not a heading\nShare this\n```\n";
    let b = import(text, &Library::builtin(), "2022-09-20").briefing;
    assert_eq!(b.sections.len(), 1);
    assert_eq!(b.sections[0].block, "");
    assert!(b.sections[0].body.contains("# not a heading\nShare this"));
}

#[test]
fn the_command_writes_the_briefing_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("article.md");
    std::fs::write(&source, article()).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["import", "article.md", "-o", "b.briefing.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("6 sections"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("left out 8 lines at line 9"));
    let (b, _) = briefdesk::io::from_json(
        &std::fs::read_to_string(dir.path().join("b.briefing.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(b.sections.len(), 6);
    // The briefing checks and exports at once.
    let check = run(&["check", "b.briefing.json"]);
    assert_eq!(check.status.code(), Some(0));

    let again = run(&["import", "article.md", "-o", "b.briefing.json"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("add --force"));
    let onto = run(&["import", "article.md", "-o", "article.md", "--force"]);
    assert_eq!(onto.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&source).unwrap(), article());
}

#[test]
fn titles_are_the_words_of_headings_written_in_markdown() {
    let article = "# Albania and `Iran`\n\n\
                   Tirana cut ties.\n\n\
                   ## The *incident* and [its sources](https://example.org)\n\n\
                   The attack came in July.\n\n\
                   ### A `deeper` heading\n\n\
                   More text.\n";
    let b = import(article, &Library::builtin(), "2022-09-20").briefing;
    assert_eq!(b.meta.title, "Albania and Iran");
    let incident = b.sections.last().unwrap();
    assert_eq!(incident.title, "The incident and its sources");
    // A heading inside a section stays Markdown in its body.
    assert!(
        incident.body.contains("### A `deeper` heading"),
        "{}",
        incident.body
    );
}
