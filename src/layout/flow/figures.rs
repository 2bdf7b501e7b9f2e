//! Figures: a picture scaled to the measure with its caption, or its alt text in a box when
//! the picture cannot be used.

use super::{Context, FlowItem, plain, stamp};
use crate::layout::fonts::Family;
use crate::layout::page::{Artifact, Item, Kind, Rect, Rgb, Role, Tag};
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
        indent: f32,
        width: f32,
        gap: f32,
        out: &mut Vec<FlowItem>,
    ) {
        let mut item = FlowItem {
            space_before: gap + 4.0,
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
        let mut caption_style = Style::new(Family::Sans, 8.5);
        caption_style.color = Rgb::MUTED;
        match self.images.get(src) {
            Some(picture) => {
                let natural_w = picture.width as f32 * 0.75;
                let natural_h = picture.height as f32 * 0.75;
                let scale = (width / natural_w).min(360.0 / natural_h).min(1.0);
                let (w, h) = (natural_w * scale, natural_h * scale);
                item.draws.push(Item::Image {
                    rect: Rect {
                        x: indent + (width - w) / 2.0,
                        y: 0.0,
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
                    width: width - 16.0,
                    leading: 12.0,
                    justify: false,
                    hyphenate: false,
                    align: Align::Center,
                    role: Role::Figure,
                };
                let lines = paragraph::break_lines(self.shaper, &spans, &shape);
                item.height = 16.0 + 12.0 * lines.len() as f32;
                item.draws.push(Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: 0.0,
                        w: width,
                        h: item.height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                });
                for (i, line) in lines.into_iter().enumerate() {
                    for mut run in line.runs {
                        run.x += indent + 8.0;
                        run.y += 8.0 + 12.0 * i as f32 + 9.0;
                        item.draws.push(Item::Text(run));
                    }
                }
            }
        }
        if let Some(caption) = caption {
            let spans = vec![plain(title, caption_style)];
            let shape = Shape {
                width,
                leading: 11.0,
                justify: false,
                hyphenate: false,
                align: Align::Center,
                role: Role::Figure,
            };
            let top = item.height + 4.0;
            let lines = paragraph::break_lines(self.shaper, &spans, &shape);
            for (i, line) in lines.iter().enumerate() {
                for run in &line.runs {
                    let mut run = run.clone();
                    run.x += indent;
                    run.y += top + 11.0 * i as f32 + 8.5;
                    run.tag = Tag {
                        group: 0,
                        node: caption,
                    };
                    item.draws.push(Item::Text(run));
                }
            }
            item.height = top + 11.0 * lines.len() as f32 + 2.0;
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
