//! Any section body: compose, layout and both exports never panic, and the PDF parses.
#![no_main]

use briefdesk::compose::ComposeOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let mut briefing = briefdesk::model::Briefing::new("Fuzz");
    briefing.sections.push(briefdesk::model::Section {
        id: "main".into(),
        title: "Main".into(),
        body: body.into_owned(),
        ..Default::default()
    });
    let options = ComposeOptions::default();
    if let Ok((pdf, _)) = briefdesk::pipeline::pdf(&briefing, None, &options) {
        assert!(
            lopdf::Document::load_mem(&pdf).is_ok(),
            "the PDF does not parse"
        );
    }
    let (markdown, _) = briefdesk::pipeline::markdown(&briefing, &options).unwrap_or_default();
    let _ = briefdesk::compose::parse_markdown(&markdown);
});
