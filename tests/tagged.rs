//! The tagged PDF (PDF/UA-1): the structure tree walked with lopdf and checked against the
//! content streams, and read back by poppler where it is installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use briefdesk::pipeline::{RenderOptions, Renderer};
use lopdf::{Dictionary, Document, Object, ObjectId};

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    resolve(doc, object).as_dict().unwrap()
}

fn name(dict: &Dictionary, key: &[u8]) -> String {
    String::from_utf8_lossy(dict.get(key).unwrap().as_name().unwrap()).into_owned()
}

/// What the walk of the structure tree found.
#[derive(Default)]
struct Tree {
    /// (page, MCID) → how often the tree refers to it, and the element holding it.
    mcids: BTreeMap<(ObjectId, i64), (usize, ObjectId)>,
    /// Structure types in reading order.
    types: Vec<String>,
    /// Annotations the tree refers to (OBJR), with their Link element.
    objrs: BTreeMap<ObjectId, ObjectId>,
    figures_without_alt: usize,
    links_without_objr: usize,
}

fn walk(doc: &Document, id: ObjectId, tree: &mut Tree) {
    let element = doc.get_object(id).unwrap().as_dict().unwrap();
    let kind = name(element, b"S");
    tree.types.push(kind.clone());
    if kind == "Figure" {
        let alt = element.get(b"Alt").ok().and_then(|a| a.as_str().ok());
        if alt.is_none_or(<[u8]>::is_empty) {
            tree.figures_without_alt += 1;
        }
    }
    let kids = match element.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    let mut has_objr = false;
    for kid in &kids {
        match kid {
            Object::Reference(child) => walk(doc, *child, tree),
            Object::Dictionary(d) => match name(d, b"Type").as_str() {
                "MCR" => {
                    let page = d.get(b"Pg").unwrap().as_reference().unwrap();
                    let mcid = d.get(b"MCID").unwrap().as_i64().unwrap();
                    let entry = tree.mcids.entry((page, mcid)).or_insert((0, id));
                    entry.0 += 1;
                }
                "OBJR" => {
                    has_objr = true;
                    tree.objrs
                        .insert(d.get(b"Obj").unwrap().as_reference().unwrap(), id);
                }
                other => panic!("unexpected kid {other}"),
            },
            Object::Integer(mcid) => {
                // A bare MCID is on the element's own page.
                let page = element
                    .get(b"Pg")
                    .expect("an element with bare MCIDs names its page")
                    .as_reference()
                    .unwrap();
                let entry = tree.mcids.entry((page, *mcid)).or_insert((0, id));
                entry.0 += 1;
            }
            other => panic!("unexpected kid {other:?}"),
        }
    }
    if kind == "Link" && !has_objr {
        tree.links_without_objr += 1;
    }
}

/// Marked content found in one page's content stream.
#[derive(Default)]
struct Content {
    mcids: Vec<i64>,
    /// Text or painting operators outside any MCID or Artifact sequence.
    unmarked: Vec<String>,
    artifacts: usize,
}

fn content(doc: &Document, page: ObjectId) -> Content {
    let bytes = doc.get_page_content(page);
    let ops = lopdf::content::Content::decode(&bytes).unwrap().operations;
    let mut out = Content::default();
    // For each open sequence: whether it is real content (MCID) or an artifact.
    let mut stack: Vec<bool> = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "BDC" => {
                let tag = op.operands[0].as_name().unwrap();
                let marked = if tag == b"Artifact" {
                    out.artifacts += 1;
                    true
                } else {
                    let props = op.operands[1].as_dict().unwrap();
                    let mcid = props.get(b"MCID").unwrap().as_i64().unwrap();
                    out.mcids.push(mcid);
                    true
                };
                stack.push(marked);
            }
            "BMC" => stack.push(false),
            "EMC" => {
                stack.pop().expect("EMC without BDC");
            }
            "Tj" | "TJ" | "'" | "\"" | "Do" | "f" | "f*" | "S" | "B" | "b"
                if !stack.iter().any(|m| *m) =>
            {
                out.unmarked.push(op.operator.clone());
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed marked content");
    out
}

/// Checks everything PDF/UA asks that can be checked by walking the file, and returns the
/// structure types in reading order.
fn assert_tagged(bytes: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let mark_info = dict(&doc, catalog.get(b"MarkInfo").unwrap());
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(catalog.get(b"Lang").is_ok(), "no document language");
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let xmp = resolve(&doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8_lossy(&xmp.content).into_owned();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("<dc:title>"), "{xmp}");

    let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
    let mut tree = Tree::default();
    let top = match root.get(b"K").unwrap() {
        Object::Array(kids) => kids.clone(),
        other => vec![other.clone()],
    };
    for kid in top {
        walk(&doc, kid.as_reference().unwrap(), &mut tree);
    }
    assert_eq!(tree.types.first().map(String::as_str), Some("Document"));

    // Every MCID of every page in the tree exactly once, and nothing in the tree that no
    // page marked; every piece of text and painting inside a sequence.
    let parent_tree = dict(&doc, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let parents: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|pair| (pair[0].as_i64().unwrap(), &pair[1]))
        .collect();
    let mut marked = BTreeSet::new();
    for (_, page) in doc.get_pages() {
        let found = content(&doc, page);
        assert!(
            found.unmarked.is_empty(),
            "operators outside tags and artifacts: {:?}",
            found.unmarked
        );
        assert!(found.artifacts > 0, "page furniture is marked as artifacts");
        let page_dict = doc.get_object(page).unwrap().as_dict().unwrap();
        assert_eq!(name(page_dict, b"Tabs"), "S");
        let key = page_dict.get(b"StructParents").unwrap().as_i64().unwrap();
        let owners = resolve(&doc, parents[&key]).as_array().unwrap();
        assert_eq!(owners.len(), found.mcids.len());
        for (i, mcid) in found.mcids.iter().enumerate() {
            assert_eq!(*mcid, i as i64, "MCIDs count up from 0 on each page");
            assert!(marked.insert((page, *mcid)), "MCID {mcid} used twice");
            let (count, element) = tree
                .mcids
                .get(&(page, *mcid))
                .unwrap_or_else(|| panic!("MCID {mcid} is not in the structure tree"));
            assert_eq!(*count, 1, "MCID {mcid} is in the tree {count} times");
            assert_eq!(owners[i].as_reference().unwrap(), *element);
        }
        // Every link annotation is in a Link element, and the parent tree says so.
        if let Ok(Object::Array(annotations)) = page_dict.get(b"Annots") {
            for annotation in annotations {
                let id = annotation.as_reference().unwrap();
                let a = doc.get_object(id).unwrap().as_dict().unwrap();
                assert!(a.get(b"Contents").is_ok(), "a link has no description");
                let key = a.get(b"StructParent").unwrap().as_i64().unwrap();
                let link = tree.objrs.get(&id).expect("annotation without OBJR");
                assert_eq!(parents[&key].as_reference().unwrap(), *link);
            }
        }
    }
    let in_tree: BTreeSet<_> = tree.mcids.keys().copied().collect();
    assert_eq!(in_tree, marked, "the tree refers to content no page marks");
    assert_eq!(tree.figures_without_alt, 0);
    assert_eq!(tree.links_without_objr, 0);

    // Headings start at H1 and never skip a level.
    let mut previous = 0;
    for kind in &tree.types {
        if let Some(level) = kind.strip_prefix('H').and_then(|l| l.parse::<u32>().ok()) {
            assert!(
                level <= previous + 1,
                "H{level} follows H{previous}: {:?}",
                tree.types
            );
            previous = level;
        }
    }
    assert!(tree.types.iter().any(|t| t == "H1"));
    tree.types
}

fn pdf_of(briefing: &briefdesk::model::Briefing, variant: Option<&str>) -> Vec<u8> {
    let variant = variant.map(|name| name.parse().unwrap());
    let options = RenderOptions::default().with_variant(variant);
    Renderer::new().pdf(briefing, &options).unwrap().output
}

#[test]
fn the_sample_is_tagged_in_every_variant() {
    let sample = common::sample();
    for variant in [
        None,
        Some("full"),
        Some("memo"),
        Some("handout"),
        Some("public"),
    ] {
        let types = assert_tagged(&pdf_of(&sample, variant));
        for expected in ["Sect", "P", "L", "LI", "Lbl", "LBody", "Note", "Link"] {
            assert!(
                types.iter().any(|t| t == expected),
                "{variant:?}: no {expected}"
            );
        }
    }
    let types = assert_tagged(&pdf_of(&sample, None));
    for expected in ["TOC", "TOCI", "Table", "TR", "TH", "TD", "Span"] {
        assert!(types.iter().any(|t| t == expected), "no {expected}");
    }
}

#[test]
fn every_element_is_tagged_with_its_figure_described() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.briefing.json");
    common::write_grey_png(&dir.path().join("map.png"), 40, 20);
    let mut briefing = common::every_element_briefing();
    // A skipped heading level is tagged without the skip.
    briefing.sections[0]
        .body
        .push_str("\n\n##### Deep heading\n\nText.\n");
    // A decorative picture is an artifact, with no Figure.
    briefing.sections[0]
        .body
        .push_str("\n\n![](map.png \"decorative\")\n");
    let bytes = Renderer::new()
        .pdf(&briefing, &RenderOptions::beside(Some(&file)))
        .unwrap()
        .output;
    let types = assert_tagged(&bytes);
    assert_eq!(types.iter().filter(|t| *t == "Figure").count(), 1);
    for expected in ["Caption", "BlockQuote", "Code", "Note", "Span"] {
        assert!(
            types.iter().any(|t| t == expected),
            "no {expected}: {types:?}"
        );
    }
}

#[test]
fn poppler_reads_the_structure_in_reading_order() {
    if !common::tool_available("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, pdf_of(&common::sample(), None)).unwrap();
    let info = common::run_tool("pdfinfo", &[], &path, &[]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let tree = common::run_tool("pdfinfo", &["-struct-text"], &path, &[]);
    // The marking first, then the cover, the contents and the sections in order.
    let order = [
        "P (block)\n    \"OFFICIAL-SENSITIVE\"",
        // The title's two lines are one piece of text, the words apart at the break.
        "H1 (block)\n    \"Albania breaks with Iran over a cyberattack\"",
        "TOC",
        // An entry's text, with the space that parts it from its page number.
        "P (block)\n        \"(O) Bottom line up front \"",
        "H1 (block)\n      \"(O) Bottom line up front\"",
        "H1 (block)\n      \"(O) The incident\"",
        "Manëz",
        "TH:",
        "H1 (block)\n      \"(O) Sources\"",
    ];
    let mut at = 0;
    for phrase in order {
        let found = tree[at..]
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} missing or out of order"));
        at += found + phrase.len();
    }
    // The Persian name is one Span, its two words read in logical order (poppler shows the
    // marked text of the Span's pieces, which meet at a line break).
    assert!(tree.contains("Span (inline)\n        \"مجاهدین"), "{tree}");
    let text = common::run_tool("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    assert!(!text.contains('\u{FFFD}'));
}

#[test]
fn every_laid_out_run_is_content_or_furniture() {
    let laid = common::laid(&common::every_element_briefing());
    for (p, page) in laid.pages.pages.iter().enumerate() {
        for item in &page.items {
            if let briefdesk::layout::page::Item::Text(run) = item {
                let furniture = matches!(run.role, briefdesk::layout::page::Role::Artifact(_));
                // A table header repeated on a later page is furniture on purpose.
                let repeated = run.tag == briefdesk::layout::page::Tag::DECORATIVE;
                assert!(
                    furniture || repeated || run.tag.is_set(),
                    "page {p}: {:?} ({:?}) has no place in the structure",
                    run.text(),
                    run.role
                );
                if run.tag.is_set() {
                    let group = &laid.pages.structure[run.tag.group as usize];
                    assert!((run.tag.node as usize) < group.len());
                }
            }
        }
    }
}

/// Every `Span` with a language: (language, actual text, pieces of marked content).
fn language_spans(bytes: &[u8]) -> Vec<(String, String, usize)> {
    fn visit(doc: &Document, object: &Object, out: &mut Vec<(String, String, usize)>) {
        let Ok(element) = resolve(doc, object).as_dict() else {
            return;
        };
        let kids = match element.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        if element.get(b"S").and_then(Object::as_name).ok() == Some(b"Span".as_slice())
            && let Ok(lang) = element.get(b"Lang")
        {
            let text = |o: &Object| lopdf::decode_text_string(resolve(doc, o)).unwrap_or_default();
            let actual = element.get(b"ActualText").map(text).unwrap_or_default();
            let pieces = kids
                .iter()
                .filter(|k| matches!(k, Object::Integer(_) | Object::Dictionary(_)))
                .count();
            out.push((text(lang), actual, pieces));
        }
        for kid in &kids {
            if matches!(kid, Object::Reference(_)) {
                visit(doc, kid, out);
            }
        }
    }
    let doc = Document::load_mem(bytes).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .clone();
    let mut out = Vec::new();
    visit(&doc, &root, &mut out);
    out
}

/// A run's text in reading order when it is right to left (its glyphs are in visual order).
fn logical(run: &briefdesk::layout::page::GlyphRun) -> String {
    run.glyphs
        .iter()
        .rev()
        .map(|g| g.text.to_string())
        .collect()
}

#[test]
fn a_persian_name_broken_over_two_lines_is_one_span_in_one_language() {
    const NAME: &str = "مجاهدین خلق";
    // Words before the name until layout breaks the line between its two words.
    let mut found = None;
    for words in 1..120 {
        let body = format!(
            "{} the group {NAME} is based in Albania.",
            "word ".repeat(words)
        );
        let briefing = common::briefing_with_body(&body);
        let laid = common::laid(&briefing);
        let line_of = |word: &str| {
            laid.pages
                .pages
                .iter()
                .enumerate()
                .flat_map(|(p, page)| page.items.iter().map(move |i| (p, i)))
                .find_map(|(p, item)| match item {
                    briefdesk::layout::page::Item::Text(run) if logical(run).contains(word) => {
                        Some((p, run.y))
                    }
                    _ => None,
                })
                .unwrap()
        };
        if line_of("مجاهدین") != line_of("خلق") {
            found = Some(briefing);
            break;
        }
    }
    let briefing = found.expect("some length breaks the line inside the name");
    let spans = language_spans(&pdf_of(&briefing, None));
    let holding: Vec<_> = spans
        .iter()
        .filter(|(_, text, _)| text.contains("مجاهدین") || text.contains("خلق"))
        .collect();
    assert_eq!(holding.len(), 1, "{spans:?}");
    let (lang, text, pieces) = holding[0];
    assert_eq!(lang, "fa", "{spans:?}");
    assert_eq!(text, NAME);
    // Both lines' text is marked as the Span's (one sequence when they are painted one
    // after the other).
    assert!(*pieces >= 1, "{spans:?}");
}
