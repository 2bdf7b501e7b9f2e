//! Inline content into styled spans for the line breaker: emphasis, code, links, notes.

use super::Context;
use crate::doc::{BlockKind, Inline, LinkTarget, ReviewMark};
use crate::layout::fonts::Family;
use crate::layout::page::{LinkGoal, Rgb};
use crate::layout::paragraph::{Span, Style};

impl Context<'_> {
    pub(super) fn spans(&self, inlines: &[Inline], style: Style) -> Vec<Span> {
        let mut out = Vec::new();
        self.push_spans(inlines, style, None, &mut out);
        out
    }

    pub(super) fn push_spans(
        &self,
        inlines: &[Inline],
        style: Style,
        link: Option<&LinkGoal>,
        out: &mut Vec<Span>,
    ) {
        let text = |t: String, s: Style, out: &mut Vec<Span>| {
            out.push(Span {
                text: t,
                style: s,
                link: link.cloned(),
                footnote: None,
            });
        };
        for inline in inlines {
            match inline {
                Inline::Text(t) => text(t.clone(), style, out),
                Inline::Emph(c) => self.push_spans(
                    c,
                    Style {
                        italic: !style.italic,
                        ..style
                    },
                    link,
                    out,
                ),
                Inline::Strong(c) => self.push_spans(
                    c,
                    Style {
                        bold: true,
                        ..style
                    },
                    link,
                    out,
                ),
                Inline::Strike(c) => self.push_spans(
                    c,
                    Style {
                        strike: true,
                        ..style
                    },
                    link,
                    out,
                ),
                Inline::Code(t) => text(
                    t.clone(),
                    Style {
                        family: Family::Mono,
                        size: style.size * 0.9,
                        bold: false,
                        italic: false,
                        ..style
                    },
                    out,
                ),
                Inline::Link { target, content } => {
                    let goal = match target {
                        LinkTarget::External(url) => LinkGoal::Uri(url.clone()),
                        LinkTarget::Internal(id) => LinkGoal::Section(id.clone()),
                    };
                    self.push_spans(
                        content,
                        Style {
                            color: Rgb::LINK,
                            ..style
                        },
                        Some(&goal),
                        out,
                    );
                }
                Inline::Image { alt, .. } => text(
                    format!("[{alt}]"),
                    Style {
                        color: Rgb::MUTED,
                        ..style
                    },
                    out,
                ),
                Inline::Cite { text, .. } if !text.is_empty() => {
                    self.push_spans(text, style, link, out)
                }
                Inline::Cite { note: n, .. } | Inline::FootnoteRef(n) => {
                    let mark = Style {
                        size: style.size * 0.68,
                        rise: style.size * 0.36,
                        ..style
                    };
                    // Two notes at one point: their marks are parted by a comma, never set
                    // against each other as one number.
                    if out.last().is_some_and(|s| s.footnote.is_some()) {
                        out.push(plain(",", mark));
                    }
                    out.push(Span {
                        text: n.to_string(),
                        style: mark,
                        link: None,
                        footnote: Some(*n),
                    });
                }
                Inline::Review { mark, content } => {
                    let marked = match mark {
                        ReviewMark::Inserted => Style {
                            underline: true,
                            color: Rgb::INSERTED,
                            changed: true,
                            ..style
                        },
                        ReviewMark::Deleted => Style {
                            strike: true,
                            color: Rgb::DELETED,
                            changed: true,
                            ..style
                        },
                        ReviewMark::Highlight => Style {
                            highlight: true,
                            ..style
                        },
                        ReviewMark::Note(n) => {
                            let mark = Style {
                                size: style.size * 0.68,
                                rise: style.size * 0.36,
                                color: Rgb::COMMENT,
                                bold: true,
                                ..style
                            };
                            text(format!("C{n}"), mark, out);
                            continue;
                        }
                    };
                    self.push_spans(content, marked, link, out);
                }
                Inline::SoftBreak => text(" ".into(), style, out),
                Inline::LineBreak => text("\n".into(), style, out),
            }
        }
    }
}

pub(super) fn plain(text: &str, style: Style) -> Span {
    Span {
        text: text.to_owned(),
        style,
        link: None,
        footnote: None,
    }
}

pub(super) fn plain_text_of(kind: &BlockKind) -> String {
    match kind {
        BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => Inline::plain_text(c),
        BlockKind::Code { text, .. } => text.clone(),
        _ => String::new(),
    }
}
