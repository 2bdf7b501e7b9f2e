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

/// Each section's title and block.
fn sections(b: &briefdesk::model::Briefing) -> Vec<(&str, &str)> {
    b.sections
        .iter()
        .map(|s| (s.title.as_str(), s.block_id()))
        .collect()
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
    assert_eq!(
        sections(b),
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
    assert_eq!(
        sections(b),
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
    assert_eq!(
        sections(b),
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
    assert_eq!(
        sections(b),
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

/// A saved web page: the article's headings, paragraphs, emphasis, links, a list, a quote, a
/// table with its caption and the picture saved beside the page come in; the cookie banner,
/// navigation, share buttons, related links, newsletter box, comments, sidebar, footer and a
/// picture that is only on the web are left out and named; the page's title and date are
/// the briefing's, and the page is its first source.
#[test]
fn a_saved_web_page_comes_in_without_its_furniture() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saved-page/explainer.html");
    let html = std::fs::read_to_string(&path).unwrap();
    let imported =
        briefdesk::templates::import::import_file(&path, &html, &Library::builtin(), "2026-12-02")
            .unwrap();
    let b = &imported.briefing;
    assert_eq!(
        b.meta.title,
        "Albania expels Iranian diplomats after cyberattack"
    );
    assert_eq!(b.meta.date, "2022-09-08");
    assert_eq!(
        sections(b),
        [
            ("Introduction", ""),
            ("What happened", "incident"),
            ("Key dates", "timeline"),
            ("International reaction", "international-reaction"),
        ]
    );
    let all = all_text(b);
    for kept in [
        "shut down *many* of the government's online services.",
        "**Edi Rama**",
        "[24 hours to leave](<https://example.org/statement>)",
        "![Map of Albania with Tirana and Manëz marked](<explainer_files/map.png> \"Tirana and Manëz",
        "| 7 September 2022 | Albania cuts ties with Iran |",
        "Table: The attack and the break",
        "- Albania did not ask NATO to act under Article 5.",
        "> Iran denied that it was involved.",
    ] {
        assert!(all.contains(kept), "{kept}\n{all}");
    }
    for gone in [
        "cookies",
        "Politics",
        "Share on",
        "Ten facts",
        "weekly email",
        "great piece",
        "Nomads",
        "rights reserved",
        "photo-rama",
        "analytics",
        "font-family",
    ] {
        assert!(!all.contains(gone), "{gone}\n{all}");
    }
    let report: Vec<&str> = imported.report.iter().map(|d| d.message.as_str()).collect();
    for what in [
        "a cookie banner",
        "the page header",
        "a share widget",
        "related links",
        "a newsletter box",
        "the comments",
        "a sidebar",
        "the page footer",
        "the byline",
        "a picture that was not saved beside the page: Edi Rama at a press conference",
    ] {
        assert!(
            report.iter().any(|m| m.contains(what)),
            "{what}: {report:#?}"
        );
    }
    assert_eq!(b.sources.len(), 1);
    let source = &b.sources[0];
    assert_eq!(
        (
            source.id.as_str(),
            source.publisher.as_str(),
            source.url.as_str(),
            source.date.as_str()
        ),
        (
            "S1",
            "The Balkan Desk",
            "https://balkandesk.example/2022/09/albania-iran",
            "2022-09-08"
        )
    );

    // The briefing renders: the table has its caption and the picture is found beside the
    // page once the briefing is kept there.
    let options = briefdesk::pipeline::RenderOptions {
        folder: path.parent().map(Path::to_path_buf),
        ..Default::default()
    };
    let rendered = common::laid_as(b, &options);
    let problems: Vec<&str> = rendered
        .diagnostics
        .iter()
        .filter(|d| d.severity == briefdesk::diagnostic::Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A page with no `<article>` or `<main>` is read from its body, a deeply nested page does not
/// exhaust the stack, and text that looks like markup stays text.
#[test]
fn pages_without_an_article_and_pages_nested_deep_still_import() {
    let library = Library::builtin();
    let plain = "<html><head><title>Notes</title></head><body><p>One *star* and [brackets].</p></body></html>";
    let imported =
        briefdesk::templates::import::import_page(plain, &library, "2026-12-02", None).unwrap();
    assert_eq!(imported.briefing.meta.title, "Notes");
    assert_eq!(imported.briefing.meta.date, "2026-12-02");
    let section = &imported.briefing.sections[0];
    let document = briefdesk::compose::compose(
        &imported.briefing,
        &briefdesk::compose::ComposeOptions::default(),
    )
    .document;
    let text: String = document.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            briefdesk::doc::BlockKind::Paragraph(inlines) => {
                Some(briefdesk::doc::Inline::plain_text(inlines))
            }
            _ => None,
        })
        .collect();
    assert_eq!(text, "One *star* and [brackets].", "{}", section.body);
    // Read from the body, nothing of it is reported as left out; its own header and footer
    // are.
    assert!(imported.report.is_empty(), "{:#?}", imported.report);
    let framed = "<html><body><header><a href=\"/\">Site</a> <a href=\"/news\">News</a></header>\
                  <h1>Notes</h1><p>Kept.</p><footer>© Site</footer></body></html>";
    let imported =
        briefdesk::templates::import::import_page(framed, &library, "2026-12-02", None).unwrap();
    let text = all_text(&imported.briefing);
    assert!(
        text.contains("Kept.") && !text.contains("News") && !text.contains("© Site"),
        "{text}"
    );
    let report: Vec<&str> = imported.report.iter().map(|d| d.message.as_str()).collect();
    assert!(
        report.iter().any(|m| m.contains("the page header")),
        "{report:?}"
    );
    assert!(report.iter().any(|m| m.contains("a footer")), "{report:?}");

    // Nesting as deep as pages go (and deeper) reads; so do thousands of paragraphs and
    // items whose end tags are left out, as HTML allows.
    let nested = |n: usize| {
        format!(
            "<html><body>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    let imported =
        briefdesk::templates::import::import_page(&nested(300), &library, "2026-12-02", None)
            .unwrap();
    assert!(all_text(&imported.briefing).contains("Deep text."));
    let open = format!(
        "<html><body><ul>{}</ul>{}</body></html>",
        "<li>An item".repeat(3000),
        "<p>A paragraph. <br>".repeat(3000)
    );
    let imported =
        briefdesk::templates::import::import_page(&open, &library, "2026-12-02", None).unwrap();
    assert_eq!(
        all_text(&imported.briefing).matches("A paragraph.").count(),
        3000
    );
    // Nesting no browser shows (Blink stops at 512) is refused at once, naming the line.
    let error = briefdesk::templates::import::import_page(
        &nested(20_000).replace("<body>", "<body>\n"),
        &library,
        "2026-12-02",
        None,
    )
    .unwrap_err();
    assert!(error.contains("more than 512 deep (at line 2)"), "{error}");
}

/// A page saved by a browser with neither a canonical link nor Open Graph tags is still its
/// briefing's first source: the address from the browser's "saved from" mark, the site from
/// the `<title>` that adds it to the headline.
#[test]
fn a_page_without_metadata_is_still_recorded_as_a_source() {
    let library = Library::builtin();
    let page = "<!DOCTYPE html>\n<!-- saved from url=(0038)https://desk.example/2022/hack-embassy -->\n\
                <html><head><title>When a Hack Ends an Embassy | Regional Desk</title></head>\
                <body><article><h1>When a Hack Ends an Embassy</h1><p>Text.</p></article></body></html>";
    let imported =
        briefdesk::templates::import::import_page(page, &library, "2026-12-03", None).unwrap();
    let source = &imported.briefing.sources[0];
    assert_eq!(
        (
            source.title.as_str(),
            source.publisher.as_str(),
            source.url.as_str()
        ),
        (
            "When a Hack Ends an Embassy",
            "Regional Desk",
            "https://desk.example/2022/hack-embassy"
        )
    );
    // With nothing but a title, the entry is the title alone: no site made up from it.
    let bare =
        "<html><head><title>Notes on the attack</title></head><body><p>Text.</p></body></html>";
    let imported =
        briefdesk::templates::import::import_page(bare, &library, "2026-12-03", None).unwrap();
    let source = &imported.briefing.sources[0];
    assert_eq!(
        (
            source.title.as_str(),
            source.publisher.as_str(),
            source.url.as_str()
        ),
        ("Notes on the attack", "", "")
    );
}

/// The command reads a saved page by its content, whatever its name, keeps its pictures when
/// the briefing is written beside it, and refuses a page nested absurdly deep with one line.
#[test]
fn the_command_imports_a_page_by_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let saved = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saved-page");
    // Saved without an extension that says HTML.
    std::fs::copy(saved.join("explainer.html"), dir.path().join("page.txt")).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_briefdesk"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["import", "page.txt", "-o", "b.briefing.json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("left out a cookie banner"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"Albania expels Iranian diplomats after cyberattack\", 4 sections"),
        "{stdout}"
    );

    let deep = format!("<html><body>{}</body></html>", "<div>".repeat(600));
    std::fs::write(dir.path().join("deep.html"), deep).unwrap();
    let out = run(&["import", "deep.html", "-o", "d.briefing.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("more than 512 deep") && stderr.contains("deep.html"),
        "{stderr}"
    );
    assert!(!dir.path().join("d.briefing.json").exists());
}

/// In the window, File → Import article… takes a saved page as a new unsaved briefing whose
/// preview finds the pictures saved beside the page.
#[test]
fn the_window_imports_a_page_and_its_preview_finds_the_pictures() {
    use briefdesk::app::dialogs::Picked;
    use egui_kittest::kittest::Queryable;
    let journal = tempfile::tempdir().unwrap();
    let page =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saved-page/explainer.html");
    let mut harness = common::window::harness(common::window::options(
        journal.path(),
        vec![Picked::Path(page.clone())],
    ));
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Import article").click();
    common::window::settle(&mut harness);
    let app = harness.state();
    assert_eq!(
        app.briefing().meta.title,
        "Albania expels Iranian diplomats after cyberattack"
    );
    let diagnostics = &app.preview().diagnostics;
    assert!(
        diagnostics.iter().all(|d| !d.message.contains("map.png")),
        "{diagnostics:#?}"
    );
    // A missing picture is set as its alt text in a box, "Image: …".
    let text = common::window::preview_text(app);
    assert!(
        text.contains("Tirana and Manëz, where the exiled group"),
        "{text}"
    );
    assert!(!text.contains("Image: Map of Albania"), "{text}");
}
