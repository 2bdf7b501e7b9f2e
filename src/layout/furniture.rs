//! What every page carries: the watermark under everything, the marking banners, and the
//! running head and foot with the page number.

use super::cover::banner_color;
use super::flow;
use super::fonts::Family;
use super::page::{Artifact, Item, Page, Pt, Rect, Rgb, Role};
use super::paragraph::{Align, Style};
use super::shape::Shaper;
use super::style::PageStyle;
use super::text::{simple_run, single_line};
use super::watermark::watermark;
use crate::doc::Document;
use crate::model::{Status, long_date};

/// What every page carries, laid out once per document: the watermark under everything,
/// the banners, and the running head and foot (not on the cover).
pub(super) struct Furniture {
    under: Vec<Item>,
    banners: Vec<Item>,
    running: Vec<Item>,
    number_style: Style,
}

impl Furniture {
    pub(super) fn new(shaper: &mut Shaper, document: &Document, page_style: &PageStyle) -> Self {
        let meta = &document.meta;
        let under = if meta.status == Status::Draft {
            watermark(page_style)
        } else {
            Vec::new()
        };
        let mut banners = Vec::new();
        let banner = meta.banner.trim();
        if !banner.is_empty() {
            let color = banner_color(meta.marking_scheme, &meta.marking_level);
            let mut style = Style::new(Family::Sans, Pt(9.5));
            style.bold = true;
            style.color = if color.is_some() {
                Rgb::WHITE
            } else {
                Rgb::TEXT
            };
            for band_y in page_style.banner_bands() {
                if let Some(color) = color {
                    banners.push(Item::Fill {
                        rect: Rect {
                            x: page_style.left,
                            y: band_y,
                            w: page_style.text_width,
                            h: PageStyle::BANNER_HEIGHT,
                        },
                        color,
                        role: Role::Artifact(Artifact::Banner),
                    });
                }
                let drawn = single_line(
                    shaper,
                    banner,
                    style,
                    page_style.text_width,
                    Align::Center,
                    Role::Artifact(Artifact::Banner),
                );
                banners.extend(
                    drawn.into_iter().map(|d| {
                        flow::shift(d, page_style.left, band_y + PageStyle::BANNER_BASELINE)
                    }),
                );
            }
        }
        let mut style = Style::new(Family::Sans, Pt(8.0));
        style.color = Rgb::MUTED;
        let head_y = page_style.head_y();
        let foot_y = page_style.foot_y();
        let mut running = Vec::new();
        let mut put = |text: &str, x: Pt, y: Pt, width: Pt, align: Align, kind: Artifact| {
            let drawn = single_line(shaper, text, style, width, align, Role::Artifact(kind));
            running.extend(drawn.into_iter().map(|d| flow::shift(d, x, y)));
        };
        let column = page_style.text_width * 0.7;
        put(
            &meta.title,
            page_style.left,
            head_y,
            column,
            Align::Start,
            Artifact::Header,
        );
        put(
            &long_date(&meta.date),
            page_style.left + column,
            head_y,
            page_style.text_width - column,
            Align::End,
            Artifact::Header,
        );
        let left = match (meta.version.is_empty(), meta.organization.is_empty()) {
            (false, false) => format!("{} · version {}", meta.organization, meta.version),
            (false, true) => format!("Version {}", meta.version),
            (true, false) => meta.organization.clone(),
            (true, true) => String::new(),
        };
        put(
            &left,
            page_style.left,
            foot_y,
            column,
            Align::Start,
            Artifact::Footer,
        );
        running.push(Item::Line {
            from: (page_style.left, head_y + Pt(5.0)),
            to: (page_style.right(), head_y + Pt(5.0)),
            width: Pt(0.4),
            color: Rgb::RULE,
        });
        Self {
            under,
            banners,
            running,
            number_style: style,
        }
    }

    /// Puts the furniture on page `index` of `total`.
    pub(super) fn apply(
        &self,
        shaper: &mut Shaper,
        page: &mut Page,
        index: usize,
        total: usize,
        compact: bool,
        page_style: &PageStyle,
    ) {
        let mut items = self.under.clone();
        items.append(&mut page.items);
        items.extend(self.banners.iter().cloned());
        // A compact variant's first page opens with its title block, which the running head
        // would only repeat; it is numbered, as the full brief's cover is not.
        if index > 0 {
            items.extend(self.running.iter().cloned());
        }
        if index > 0 || compact {
            let (mut run, width) = simple_run(
                shaper,
                &format!("Page {} of {}", index + 1, total),
                self.number_style,
                Role::Artifact(Artifact::PageNumber),
            );
            run.x = page_style.right() - width;
            run.y = page_style.foot_y();
            items.push(Item::Text(run));
        }
        page.items = items;
    }
}
