//! Shared helpers for the integration tests.
// Test helpers fail loudly: a broken fixture is a test failure, not a case to handle.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod window;

use briefdesk::model::Briefing;
use briefdesk::pipeline::{RenderOptions, Renderer};

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

/// A briefing with one section whose body is `body`, final (no watermark) unless `draft`.
pub fn briefing_with_body(body: &str) -> Briefing {
    let mut briefing = Briefing::new("Layout test");
    briefing.meta.status = briefdesk::model::Status::Final;
    briefing.sections.push(briefdesk::model::Section {
        id: "body".into(),
        title: "Body".into(),
        body: body.into(),
        ..briefdesk::model::Section::default()
    });
    briefing
}

/// Renders a briefing (every section, no pictures).
pub fn laid(briefing: &Briefing) -> briefdesk::pipeline::Rendered {
    laid_as(briefing, &RenderOptions::default())
}

/// Renders a briefing with the given options.
pub fn laid_as(briefing: &Briefing, options: &RenderOptions) -> briefdesk::pipeline::Rendered {
    Renderer::new().render(briefing, options).unwrap()
}

/// The PDF of a briefing, with a fixed creation date.
pub fn pdf(briefing: &Briefing) -> Vec<u8> {
    let options = RenderOptions {
        created: Some("2026-11-26T12:00:00Z".into()),
        ..RenderOptions::default()
    };
    let bytes = Renderer::new().pdf(briefing, &options).unwrap().output;
    // Every PDF is tagged: a structure tree and MarkInfo, whatever the test looks at.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    assert!(catalog.get(b"MarkInfo").is_ok());
    bytes
}

/// Runs an outside tool on a PDF file and returns its standard output, asserting success.
/// `after` follows the file name (pdftotext's `-` for standard output).
pub fn run_tool(tool: &str, args: &[&str], pdf: &std::path::Path, after: &[&str]) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The every-element fixture as a briefing, with its variable and the two sources it cites.
pub fn every_element_briefing() -> Briefing {
    let mut briefing = briefing_with_body(&fixture("every-element.md"));
    briefing
        .variables
        .insert("country_a".into(), "Albania".into());
    for id in ["S1", "S2"] {
        briefing.sources.push(briefdesk::model::Source {
            id: id.into(),
            title: format!("Title {id}"),
            publisher: "Publisher".into(),
            ..briefdesk::model::Source::default()
        });
    }
    briefing
}

/// Every object of a PDF as text, streams decompressed: what a byte search of the file
/// would miss inside compressed streams.
pub fn pdf_objects_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut out = String::new();
    for object in doc.objects.values() {
        match object {
            lopdf::Object::Stream(stream) => {
                let content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                out.push_str(&String::from_utf8_lossy(&content));
            }
            other => out.push_str(&format!("{other:?}")),
        }
        out.push('\n');
    }
    out
}

/// Writes a grey `width`×`height` RGB PNG to `path`.
pub fn write_grey_png(path: &std::path::Path, width: u32, height: u32) {
    let mut image = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut image, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![120u8; (width * height * 3) as usize])
            .unwrap();
    }
    std::fs::write(path, image).unwrap();
}

/// Every part of a DOCX package as text, each after a line naming it.
pub fn docx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (
                file.name().unwrap().into_owned(),
                String::from_utf8_lossy(&data).into_owned(),
            )
        })
        .collect()
}
