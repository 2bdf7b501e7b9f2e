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

/// Every line of `text` is in the briefing (title, a section title or a body) or in a
/// report's range of left-out lines: nothing is lost without a word.
fn assert_accounted(text: &str, imported: &briefdesk::templates::import::Imported) {
    let kept = format!(
        "{}\n{}",
        imported.briefing.meta.title,
        all_text(&imported.briefing)
    );
    let ranges: Vec<(u32, u32)> = imported
        .report
        .iter()
        .map(|d| {
            let count: u32 = d
                .message
                .strip_prefix("left out ")
                .and_then(|m| m.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{}", d.message));
            let line = d.location.line.unwrap();
            (line, line + count)
        })
        .collect();
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap();
        let line = line.trim();
        if line.is_empty() || kept.contains(line) {
            continue;
        }
        assert!(
            ranges.iter().any(|(a, b)| (*a..*b).contains(&number)),
            "line {number} '{line}' is neither kept nor reported: {:#?}",
            imported.report
        );
    }
}

fn reasons(imported: &briefdesk::templates::import::Imported) -> Vec<(u32, String)> {
    imported
        .report
        .iter()
        .map(|d| {
            let why = d.message.split_once(": ").map_or("", |(_, w)| w);
            (d.location.line.unwrap(), why.to_owned())
        })
        .collect()
}

/// Text saved from a web page with no blank lines: one paragraph per line, the title from
/// line 1, the headings confirmed by the table of contents (which goes), and the byline,
/// two runs of headlines linking elsewhere, a comment prompt, the tags and the headline
/// repeated at the end left out and reported with their lines.
#[test]
fn saved_page_text_without_blank_lines_splits_at_its_headings() {
    let text = common::fixture("scraped-explainer.txt");
    let imported = import(&text, &Library::builtin(), "2022-09-20");
    let b = &imported.briefing;
    assert_eq!(b.meta.title, "Why Albania Cut Diplomatic Ties With Iran");
    let parts: Vec<(&str, &str)> = b
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.block_id()))
        .collect();
    assert_eq!(
        parts,
        [
            ("Introduction", ""),
            ("An Exiled Group In Albania", ""),
            ("The July Cyberattack", "incident"),
            ("How Tirana Responded", "response"),
            ("What Other Governments Said", "international-reaction"),
            ("What Comes Next", "implications"),
        ]
    );
    // One paragraph per line.
    let incident = &b.sections[2].body;
    assert_eq!(incident.split("\n\n").count(), 3, "{incident}");
    assert_eq!(
        reasons(&imported),
        [
            (2, "a byline".to_owned()),
            (3, "a table of contents".to_owned()),
            (14, "a run of headlines linking elsewhere".to_owned()),
            (26, "a share or subscribe prompt".to_owned()),
            (31, "a run of headlines linking elsewhere".to_owned()),
            (36, "a list of tags".to_owned()),
            (41, "a repeated headline".to_owned()),
        ]
    );
    let all = all_text(b);
    for gone in [
        "Nomads Of",
        "Richest Man",
        "Cybersecurity\n",
        "Share your insights",
    ] {
        assert!(!all.contains(gone), "{gone}: {all}");
    }
    assert_accounted(&text, &imported);
}

/// Another shape: no contents, headings known only as short lines alone above paragraphs, a
/// one-line tag list and prompts; a run of short lines that the text goes on to talk about
/// (names) is content and stays. A part no block fits gets none.
#[test]
fn dense_text_without_contents_finds_its_headings_by_their_shape() {
    let text = common::fixture("scraped-report.txt");
    let imported = import(&text, &Library::builtin(), "2022-09-20");
    let b = &imported.briefing;
    assert_eq!(b.meta.title, "Albania And The Cost Of A Cyberattack");
    let parts: Vec<(&str, &str)> = b
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.block_id()))
        .collect();
    assert_eq!(
        parts,
        [
            ("Summary", "bluf"),
            ("Background", "historical-roots"),
            ("Timeline", "timeline"),
            ("The Response Of Allies", "international-reaction"),
        ]
    );
    let all = all_text(b);
    for kept in [
        "Edi Rama\n",
        "Bajram Begaj\n",
        "15 or 17 July 2022: the attack",
    ] {
        assert!(all.contains(kept), "{kept}: {all}");
    }
    assert_eq!(
        reasons(&imported),
        [
            (2, "a share or subscribe prompt".to_owned()),
            (20, "a list of tags".to_owned()),
            (21, "a share or subscribe prompt".to_owned()),
        ]
    );
    assert_accounted(&text, &imported);

    // Checked, the import is held to what it is (a brief, not a handout): unsourced facts
    // are named, reading grades are not.
    let found = briefdesk::pipeline::Renderer::new().check(b, None, &Library::builtin());
    assert!(found.iter().any(|d| d.message.contains("cites no source")));
    assert!(
        found.iter().all(|d| !d.message.contains("handout")),
        "{found:#?}"
    );
}
