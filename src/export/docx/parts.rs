//! The fixed and metadata parts of the DOCX package: content types, relationships, core and
//! app properties, the styles (Word's built-in ids, so Word, LibreOffice and Pandoc know
//! them), the list numbering and the settings.

use std::fmt::Write as _;

use super::esc;
use crate::doc::Document;

pub(super) const PACKAGE_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    "</Relationships>"
);

/// The application properties: the program's name, nothing about the machine or the user.
pub(super) const APP: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
    "<Application>briefdesk</Application></Properties>"
);

pub(super) const SETTINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>"#,
    r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#,
    "</w:settings>"
);

pub(super) fn content_types(media: &[(String, &'static str)], banner: bool) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    ));
    if media.iter().any(|(_, e)| *e == "png") {
        out.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
    }
    if media.iter().any(|(_, e)| *e == "jpeg") {
        out.push_str(r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#);
    }
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    for (part, kind) in [
        ("/word/document.xml", "document.main+xml"),
        ("/word/styles.xml", "styles+xml"),
        ("/word/numbering.xml", "numbering+xml"),
        ("/word/footnotes.xml", "footnotes+xml"),
        ("/word/settings.xml", "settings+xml"),
    ] {
        let _ = write!(
            out,
            r#"<Override PartName="{part}" ContentType="{main}.{kind}"/>"#
        );
    }
    if banner {
        let _ = write!(
            out,
            r#"<Override PartName="/word/header1.xml" ContentType="{main}.header+xml"/><Override PartName="/word/footer1.xml" ContentType="{main}.footer+xml"/>"#
        );
    }
    out.push_str(concat!(
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
        "</Types>"
    ));
    out
}

/// The core properties: the same allow-list as the PDF's metadata (title, subtitle as the
/// subject, authors, language, the creation moment). No "last modified by", no revision.
pub(super) fn core(document: &Document, created: Option<&str>) -> String {
    let meta = &document.meta;
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    let mut field = |tag: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = write!(out, "<{tag}>{}</{tag}>", esc(value.trim()));
        }
    };
    field("dc:title", &meta.title);
    field("dc:subject", &meta.subtitle);
    field("dc:creator", &meta.authors.join("; "));
    field("dc:language", &meta.language);
    if let Some(created) = created {
        let _ = write!(
            out,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{0}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{0}</dcterms:modified>"#,
            esc(created)
        );
    }
    out.push_str("</cp:coreProperties>");
    out
}

/// A paragraph style: id (Word's built-in one), name, what it is based on, and properties.
fn style(id: &str, name: &str, based: &str, ppr: &str, rpr: &str) -> String {
    let based = if based.is_empty() {
        String::new()
    } else {
        format!(r#"<w:basedOn w:val="{based}"/>"#)
    };
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>{based}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
    )
}

pub(super) fn styles(language: &str) -> String {
    let lang = if language.trim().is_empty() {
        "en".to_owned()
    } else {
        esc(language.trim())
    };
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia" w:eastAsia="Georgia" w:cs="Georgia"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="{lang}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    out.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    let sans = r#"<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>"#;
    out.push_str(&style(
        "Title",
        "Title",
        "Normal",
        r#"<w:spacing w:after="240"/>"#,
        &format!(r#"{sans}<w:b/><w:sz w:val="48"/>"#),
    ));
    out.push_str(&style(
        "Subtitle",
        "Subtitle",
        "Normal",
        r#"<w:spacing w:after="240"/>"#,
        &format!(r#"{sans}<w:sz w:val="28"/>"#),
    ));
    for (level, size) in [(1, 32), (2, 26), (3, 24), (4, 22), (5, 22), (6, 22)] {
        out.push_str(&style(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            "Normal",
            &format!(r#"<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{}"/>"#, level - 1),
            &format!(r#"{sans}<w:b/><w:sz w:val="{size}"/>"#),
        ));
    }
    out.push_str(&style(
        "ListBullet",
        "List Bullet",
        "Normal",
        r#"<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>"#,
        "",
    ));
    out.push_str(&style(
        "ListNumber",
        "List Number",
        "Normal",
        r#"<w:spacing w:after="60"/>"#,
        "",
    ));
    out.push_str(&style(
        "Quote",
        "Quote",
        "Normal",
        r#"<w:ind w:left="720" w:right="720"/>"#,
        "<w:i/>",
    ));
    out.push_str(&style(
        "Caption",
        "caption",
        "Normal",
        r#"<w:spacing w:before="120" w:after="120"/>"#,
        &format!(r#"{sans}<w:sz w:val="18"/>"#),
    ));
    out.push_str(&style(
        "FootnoteText",
        "footnote text",
        "Normal",
        r#"<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>"#,
        r#"<w:sz w:val="18"/>"#,
    ));
    out.push_str(&style("Bibliography", "Bibliography", "Normal", "", ""));
    // The title block's facts and distribution statement, named so an import knows them.
    out.push_str(&style(
        "BriefingFacts",
        "Briefing facts",
        "Normal",
        r#"<w:spacing w:after="40"/>"#,
        "",
    ));
    out.push_str(&style(
        "BriefingDistribution",
        "Briefing distribution",
        "Normal",
        r#"<w:spacing w:before="120" w:after="240"/>"#,
        "",
    ));
    out.push_str(&style(
        "SourceCode",
        "Source Code",
        "Normal",
        r#"<w:spacing w:after="0"/>"#,
        r#"<w:sz w:val="20"/>"#,
    ));
    out.push_str(&style(
        "Compact",
        "Compact",
        "Normal",
        r#"<w:spacing w:before="36" w:after="36"/>"#,
        "",
    ));
    out.push_str(&style(
        "Header",
        "header",
        "Normal",
        "",
        &format!("{sans}<w:sz w:val=\"18\"/>"),
    ));
    out.push_str(&style(
        "Footer",
        "footer",
        "Normal",
        "",
        &format!("{sans}<w:sz w:val=\"18\"/>"),
    ));
    out.push_str(r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#);
    out.push_str(r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="1F4E8C"/><w:u w:val="single"/></w:rPr></w:style>"#);
    out.push_str(r#"<w:style w:type="character" w:styleId="VerbatimChar"><w:name w:val="Verbatim Char"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>"#);
    out.push_str(r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    out.push_str("</w:styles>");
    out
}

/// Bullets (abstract 0, `w:num` 1) and decimal numbering (abstract 1, one `w:num` per
/// numbered list from 2 on, each restarting, at its own first number when not 1).
pub(super) fn numbering(lists: u32, starts: &[(u32, u32)]) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    ));
    let bullets = ["•", "◦", "▪"];
    let mut levels = |abstract_id: u32, numbered: bool| {
        let _ = write!(
            out,
            r#"<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="hybridMultilevel"/>"#
        );
        for level in 0..9u32 {
            let (format, text) = if numbered {
                ("decimal".to_owned(), format!("%{}.", level + 1))
            } else {
                ("bullet".to_owned(), bullets[level as usize % 3].to_owned())
            };
            let left = 720 * (level + 1);
            let _ = write!(
                out,
                r#"<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>"#
            );
        }
        out.push_str("</w:abstractNum>");
    };
    levels(0, false);
    levels(1, true);
    out.push_str(r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#);
    for n in 0..lists {
        let id = n + 2;
        let start = starts
            .iter()
            .find(|(num, _)| *num == id)
            .map_or(1, |(_, s)| *s);
        let _ = write!(
            out,
            r#"<w:num w:numId="{id}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>"#
        );
    }
    out.push_str("</w:numbering>");
    out
}
