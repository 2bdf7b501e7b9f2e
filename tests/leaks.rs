//! Nothing private leaves: notes, template guidance, HTML comments, hidden spans and sections
//! a variant leaves out carry canary strings, and no export of any variant contains one —
//! searched in the PDF's extracted text, in every decompressed PDF object and in the
//! Markdown. Links keep only web, mail and in-document targets whatever the input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use briefdesk::model::Variant;
use briefdesk::model::{Briefing, MarkingScheme, Section};
use briefdesk::pipeline::{RenderOptions, Renderer};
use lopdf::Object;

const CANARIES: [&str; 6] = [
    "CANARY-NOTE-4417",
    "CANARY-COMMENT-9921",
    "CANARY-HIDDEN-3305",
    "CANARY-GUIDANCE-7730",
    "CANARY-SENSITIVE-6612",
    "CANARY-MEMOONLY-2048",
];

fn briefing_with_canaries() -> Briefing {
    let mut b = common::sample();
    b.meta.marking.scheme = MarkingScheme::Uk;
    b.meta.marking.level = "OFFICIAL-SENSITIVE".into();
    let first = &mut b.sections[0];
    first.notes = format!("Private: {}", CANARIES[0]);
    first.body.push_str(&format!(
        "\n\n<!-- {} -->\n\nVisible text <span hidden>{}</span> goes on.\n\n\
         <div style=\"display:none\">{}</div>\n",
        CANARIES[1], CANARIES[2], CANARIES[3]
    ));
    // A section above the public ceiling, and one written for the memo only.
    b.sections.push(Section {
        id: "sensitive".into(),
        title: "Sensitive annex".into(),
        body: format!("Annex text {}.", CANARIES[4]),
        marking: Some("OFFICIAL-SENSITIVE".into()),
        ..Section::default()
    });
    b.sections.push(Section {
        id: "memo-only".into(),
        title: "Memo aside".into(),
        body: format!("Aside {}.", CANARIES[5]),
        marking: Some("OFFICIAL".into()),
        variants: vec!["memo".into()],
        ..Section::default()
    });
    b
}

/// Which canaries a variant may show: none of the private ones ever; the sensitive section
/// only where the ceiling allows it, the memo aside only in the memo (and with no variant).
fn allowed(variant: Option<&str>, canary: &str) -> bool {
    match canary {
        "CANARY-SENSITIVE-6612" => matches!(variant, None | Some("full" | "memo")),
        "CANARY-MEMOONLY-2048" => matches!(variant, None | Some("memo")),
        _ => false,
    }
}

#[test]
fn no_canary_reaches_any_export_of_any_variant() {
    let b = briefing_with_canaries();
    let dir = tempfile::tempdir().unwrap();
    let poppler = common::tool_available("pdftotext");
    let mut searched = 0;
    for variant in std::iter::once(None).chain(Variant::ALL.map(Some)) {
        let options = RenderOptions::default().with_variant(variant);
        let pdf = Renderer::new().pdf(&b, &options).unwrap().output;
        let markdown = briefdesk::pipeline::markdown(&b, &options).unwrap().output;
        let docx = briefdesk::pipeline::docx(&b, &options).unwrap().output;
        let docx_parts: String = common::docx_parts(&docx)
            .into_iter()
            .map(|(name, text)| format!("{name}\n{text}\n"))
            .collect();
        let laid = Renderer::new().render(&b, &options).unwrap();
        let page_text: String = laid
            .pages
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                briefdesk::layout::page::Item::Text(run) => Some(run.text()),
                _ => None,
            })
            .collect();
        let objects = common::pdf_objects_text(&pdf);
        let extracted = if poppler {
            let path = dir.path().join("out.pdf");
            std::fs::write(&path, &pdf).unwrap();
            common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"])
        } else {
            String::new()
        };
        for canary in CANARIES {
            let places = [
                ("the laid-out pages", &page_text),
                ("the PDF's objects", &objects),
                ("the PDF's text", &extracted),
                ("the Markdown", &markdown),
                ("the DOCX's parts", &docx_parts),
            ];
            for (place, text) in places {
                if text.is_empty() {
                    continue;
                }
                searched += 1;
                let found = text.contains(canary);
                if allowed(variant.map(Variant::name), canary) {
                    // The search is not blind: what may show does show.
                    if place != "the PDF's objects" {
                        assert!(found, "{variant:?}: {canary} missing from {place}");
                    }
                } else {
                    assert!(!found, "{variant:?}: {canary} leaked into {place}");
                }
            }
        }
    }
    assert!(searched >= 5 * 6 * 4);
}

#[test]
fn links_keep_only_web_mail_and_internal_targets() {
    let hostile = [
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:alert(1))",
        "[c](jav&#x61;script:alert(1))",
        "[d](&#106;avascript:alert(1))",
        "[e](file:///etc/passwd)",
        "[f](data:text/html,<script>alert(1)</script>)",
        "[g](vbscript:msgbox)",
        "<javascript:alert(1)>",
        "[h]( javascript:alert(1))",
        "[i](//evil.example/x)",
        "[j](../../secret.txt)",
    ];
    let mut body = String::from(
        "Good: [web](https://example.org/a), [mail](mailto:desk@example.org), [here](#main).\n\n",
    );
    for link in hostile {
        body.push_str(link);
        body.push_str("\n\n");
    }
    let b = common::briefing_with_body(&body);
    let pdf = Renderer::new()
        .pdf(&b, &RenderOptions::default())
        .unwrap()
        .output;
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut uris = Vec::new();
    let mut gotos = 0;
    for (_, page) in doc.get_pages() {
        let page = doc.get_object(page).unwrap().as_dict().unwrap();
        let Ok(Object::Array(annotations)) = page.get(b"Annots") else {
            continue;
        };
        for annotation in annotations {
            let a = doc
                .get_object(annotation.as_reference().unwrap())
                .unwrap()
                .as_dict()
                .unwrap();
            let action = a.get(b"A").unwrap();
            let action = match action {
                Object::Reference(id) => doc.get_object(*id).unwrap().as_dict().unwrap(),
                other => other.as_dict().unwrap(),
            };
            match action.get(b"S").unwrap().as_name().unwrap() {
                b"URI" => uris.push(
                    String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap())
                        .into_owned(),
                ),
                b"GoTo" => gotos += 1,
                other => panic!("action {}", String::from_utf8_lossy(other)),
            }
        }
    }
    assert!(
        uris.contains(&"https://example.org/a".to_owned()),
        "{uris:?}"
    );
    assert!(
        uris.contains(&"mailto:desk@example.org".to_owned()),
        "{uris:?}"
    );
    for uri in &uris {
        assert!(
            uri.starts_with("https://") || uri.starts_with("http://") || uri.starts_with("mailto:"),
            "{uri}"
        );
    }
    assert!(
        gotos >= 1,
        "the contents and #main links go inside the document"
    );
    let markdown = briefdesk::pipeline::markdown(&b, &RenderOptions::default())
        .unwrap()
        .output;
    for scheme in ["javascript:", "vbscript:", "file:", "data:", "JaVaScRiPt:"] {
        assert!(
            !markdown.to_lowercase().contains(&format!("]({scheme}")),
            "{scheme} link in the Markdown:\n{markdown}"
        );
        assert!(!markdown.contains(&format!("<{scheme}")), "{markdown}");
    }
}

#[test]
fn metadata_names_no_path_user_or_host() {
    let b = briefing_with_canaries();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draft.briefing.json");
    let pdf = Renderer::new()
        .pdf(&b, &RenderOptions::beside(Some(&file)))
        .unwrap()
        .output;
    let objects = common::pdf_objects_text(&pdf);
    let mut private = vec![
        dir.path().display().to_string(),
        "draft.briefing".to_owned(),
        env!("CARGO_MANIFEST_DIR").to_owned(),
    ];
    for var in ["USER", "LOGNAME", "HOSTNAME"] {
        if let Ok(value) = std::env::var(var)
            && value.len() > 5
        {
            private.push(value);
        }
    }
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim().to_owned();
        if host.len() > 5 {
            private.push(host);
        }
    }
    for needle in private {
        assert!(!objects.contains(&needle), "{needle} is in the PDF");
    }
}
