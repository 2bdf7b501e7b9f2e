//! Figures: a picture scaled to the measure with its caption, or its alt text in a box when
//! the picture cannot be used.

use super::{Context, FlowItem, plain, stamp};
use crate::layout::fonts::Family;
use crate::layout::page::{Artifact, Item, Kind, Pt, Rect, Rgb, Role, Tag};
use crate::layout::paragraph::{self, Align, Shape, Style};

impl Context<'_> {
    /// A picture at its natural size (96 pixels to the inch), never wider than the measure nor
    /// taller than half a page, with its title as a caption. A picture that could not be
    /// read leaves a framed box with its alt text, so the page shows where it belongs.
    #[allow(clippy::too_many_arguments)] // one figure: its parts and where it goes
    pub(super) fn figure(
        &mut self,
        src: &str,
        alt: &str,
        title: &str,
        indent: Pt,
        width: Pt,
        gap: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        let mut item = FlowItem {
            space_before: gap + Pt(4.0),
            section: Some(self.section.clone()),
            ..FlowItem::default()
        };
        // A picture titled "decorative" is an artifact: no node, no caption.
        let decorative = title.trim().eq_ignore_ascii_case("decorative");
        let figure = (!decorative).then(|| self.open(Kind::Figure(alt.to_owned())));
        let caption = (!decorative && !title.trim().is_empty()).then(|| {
            let outer = self.parent;
            self.parent = figure;
            let caption = self.open(Kind::Caption);
            self.parent = outer;
            caption
        });
        let mut caption_style = Style::new(Family::Sans, Pt(8.5));
        caption_style.color = Rgb::MUTED;
        match self.images.get(src) {
            Some(picture) => {
                // A picture without a resolution of its own is shown at the screen's 96 pixels
                // to the inch, never enlarged.
                let natural_w = Pt::of_pixels(picture.width as f32, 96.0);
                let natural_h = Pt::of_pixels(picture.height as f32, 96.0);
                let scale = (width / natural_w).min(Pt(360.0) / natural_h).min(1.0);
                let (w, h) = (natural_w * scale, natural_h * scale);
                item.draws.push(Item::Image {
                    rect: Rect {
                        x: indent + (width - w) / 2.0,
                        y: Pt::ZERO,
                        w,
                        h,
                    },
                    picture: picture.clone(),
                    alt: alt.to_owned(),
                    tag: figure.map_or(Tag::DECORATIVE, |node| Tag { group: 0, node }),
                });
                item.height = h;
            }
            None => {
                // The reader of the picture (app or command line) said why it is missing.
                let spans = vec![plain(&format!("Image: {alt}"), caption_style)];
                let shape = Shape {
                    width: width - Pt(16.0),
                    leading: Pt(12.0),
                    justify: false,
                    hyphenate: false,
                    align: Align::Center,
                    role: Role::Figure,
                };
                let lines = paragraph::break_lines(self.shaper, &spans, &shape);
                item.height = Pt(16.0) + lines.len() as f32 * Pt(12.0);
                item.draws.push(Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: Pt::ZERO,
                        w: width,
                        h: item.height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                });
                for (i, line) in lines.into_iter().enumerate() {
                    for mut run in line.runs {
                        run.x += indent + Pt(8.0);
                        run.y += Pt(8.0) + i as f32 * Pt(12.0) + Pt(9.0);
                        item.draws.push(Item::Text(run));
                    }
                }
            }
        }
        if let Some(caption) = caption {
            let spans = vec![plain(title, caption_style)];
            let shape = Shape {
                width,
                leading: Pt(11.0),
                justify: false,
                hyphenate: false,
                align: Align::Center,
                role: Role::Figure,
            };
            let top = item.height + Pt(4.0);
            let lines = paragraph::break_lines(self.shaper, &spans, &shape);
            for (i, line) in lines.iter().enumerate() {
                for run in &line.runs {
                    let mut run = run.clone();
                    run.x += indent;
                    run.y += top + i as f32 * Pt(11.0) + Pt(8.5);
                    run.tag = Tag {
                        group: 0,
                        node: caption,
                    };
                    item.draws.push(Item::Text(run));
                }
            }
            item.height = top + lines.len() as f32 * Pt(11.0) + Pt(2.0);
        }
        let mut items = [item];
        match figure {
            Some(node) => stamp(&mut items, node),
            // A decorative picture's placeholder text is decoration too.
            None => {
                for draw in &mut items[0].draws {
                    if let Item::Text(run) = draw {
                        run.role = Role::Artifact(Artifact::Decoration);
                    }
                }
            }
        }
        let [item] = items;
        out.push(item);
    }
}
