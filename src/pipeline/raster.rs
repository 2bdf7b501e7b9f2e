//! Paints laid-out pages into pixels for the preview.
//!
//! The preview draws the very `Pages` the PDF writer receives: the same glyph ids at the same
//! positions from the same font files, the same rules, fills, shapes and pictures. Glyph
//! outlines come from skrifa and are filled by vello_cpu, the rasteriser egui itself uses.

use std::collections::HashMap;
use std::sync::Arc;

use skrifa::MetadataProvider as _;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use vello_cpu::kurbo::{Affine, BezPath, Rect, Stroke};
use vello_cpu::peniko::{Fill, ImageSampler};
use vello_cpu::{Image, ImageSource, Pixmap, RenderContext, Resources, color};

use crate::layout::fonts::FaceId;
use crate::layout::image::{Picture, PixelFormat};
use crate::layout::page::{GlyphRun, Item, Page, Pt, Rgb};

/// Pixels of one page, premultiplied RGBA, row by row.
#[derive(Clone, Debug)]
pub struct Raster {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

/// The largest side of a preview page in pixels (vello_cpu counts in `u16`).
const MAX_SIDE: f32 = 8000.0;

/// A glyph's coverage at one size and sub-pixel offset, placed relative to its origin pixel.
struct Mask {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    alpha: Vec<u8>,
}

/// Face, glyph, size in quarter pixels, horizontal scale in thousandths, sub-pixel x and y.
type MaskKey = (FaceId, u16, u32, u16, u8, u8);

/// Sub-pixel positions per pixel, across and down.
const STEPS: f32 = 4.0;

/// Paints pages; keeps glyph outlines, glyph masks and picture pixmaps between pages.
#[derive(Default)]
pub struct Painter {
    outlines: HashMap<(FaceId, u16), Option<Arc<BezPath>>>,
    masks: HashMap<MaskKey, Option<Arc<Mask>>>,
    units_per_em: HashMap<FaceId, f32>,
    pictures: HashMap<usize, Arc<Pixmap>>,
    resources: Resources,
}

impl Painter {
    /// A painter with empty caches.
    pub fn new() -> Self {
        Self::default()
    }

    /// Paints one page of `width` × `height` points at `scale` pixels per point.
    pub fn paint(&mut self, page: &Page, width: Pt, height: Pt, scale: f32) -> Raster {
        let scale = scale.clamp(0.05, MAX_SIDE / width.max(height).0.max(1.0));
        let w = width.pixels(scale).ceil().clamp(1.0, MAX_SIDE) as u16;
        let h = height.pixels(scale).ceil().clamp(1.0, MAX_SIDE) as u16;
        let mut ctx = RenderContext::new(w, h);
        let page_to_pixels = Affine::scale(f64::from(scale));
        ctx.set_paint(color::OpaqueColor::<color::Srgb>::WHITE);
        ctx.fill_rect(&Rect::new(0.0, 0.0, f64::from(w), f64::from(h)));
        for item in &page.items {
            ctx.set_transform(page_to_pixels);
            match item {
                // Upright text is composited from cached glyph masks after the rest.
                Item::Text(run) if run.angle == 0.0 => {}
                Item::Text(run) => self.text(&mut ctx, run, page_to_pixels),
                Item::Fill { rect, color, .. } => {
                    ctx.set_paint(paint(*color));
                    ctx.fill_rect(&rect_of(rect));
                }
                Item::Shape { rings, color, .. } => {
                    let mut path = BezPath::new();
                    for ring in rings {
                        for (i, &(x, y)) in ring.iter().enumerate() {
                            let point = (f64::from(x), f64::from(y));
                            if i == 0 {
                                path.move_to(point);
                            } else {
                                path.line_to(point);
                            }
                        }
                        path.close_path();
                    }
                    ctx.set_fill_rule(Fill::EvenOdd);
                    ctx.set_paint(paint(*color));
                    ctx.fill_path(&path);
                    ctx.set_fill_rule(Fill::NonZero);
                }
                Item::Line {
                    from,
                    to,
                    width,
                    color,
                } => {
                    let mut path = BezPath::new();
                    path.move_to((f64::from(from.0), f64::from(from.1)));
                    path.line_to((f64::from(to.0), f64::from(to.1)));
                    ctx.set_stroke(Stroke::new(f64::from(*width)));
                    ctx.set_paint(paint(*color));
                    ctx.stroke_path(&path);
                }
                Item::Image { rect, picture, .. } => {
                    let pixmap = self.pixmap(picture);
                    let (pw, ph) = (f64::from(pixmap.width()), f64::from(pixmap.height()));
                    ctx.set_paint(Image {
                        image: ImageSource::Pixmap(pixmap),
                        sampler: ImageSampler::default(),
                    });
                    let place = Affine::translate((f64::from(rect.x), f64::from(rect.y)))
                        * Affine::scale_non_uniform(
                            f64::from(rect.w) / pw.max(1.0),
                            f64::from(rect.h) / ph.max(1.0),
                        );
                    ctx.set_paint_transform(place);
                    ctx.fill_rect(&rect_of(rect));
                    ctx.reset_paint_transform();
                }
            }
        }
        let mut target = Pixmap::new(w, h);
        ctx.render(&mut target, &mut self.resources);
        let mut raster = Raster {
            width: usize::from(w),
            height: usize::from(h),
            rgba: target.data_as_u8_slice().to_vec(),
        };
        // Text goes over everything else on a page (fills and rules sit behind or beside it),
        // so compositing it last paints what the PDF shows.
        for item in &page.items {
            if let Item::Text(run) = item
                && run.angle == 0.0
            {
                self.composite(&mut raster, run, scale);
            }
        }
        raster
    }

    /// Draws an upright run from glyph masks, each rasterised once per size and quarter-pixel
    /// position.
    fn composite(&mut self, raster: &mut Raster, run: &GlyphRun, scale: f32) {
        let size_px = run.size.pixels(scale);
        let size_key = (size_px * STEPS).round() as u32;
        // Font expansion, in thousandths (it is at most ±1.5 %, so few masks per glyph).
        let scale_key = (run.scale * 1000.0).round() as u16;
        let color = [run.color.0, run.color.1, run.color.2];
        for glyph in run.glyphs.iter() {
            let x = (run.x + glyph.x).pixels(scale);
            let y = run.y.pixels(scale) - glyph.rise.pt().pixels(scale);
            let (x0, y0) = (x.floor(), y.floor());
            let sub_x = ((x - x0) * STEPS).round().min(STEPS - 1.0) as u8;
            let sub_y = ((y - y0) * STEPS).round().min(STEPS - 1.0) as u8;
            let key = (run.face, glyph.gid, size_key, scale_key, sub_x, sub_y);
            let Some(mask) = self.mask(key) else {
                continue;
            };
            blend(raster, &mask, x0 as i32, y0 as i32, color);
        }
    }

    fn mask(&mut self, key: MaskKey) -> Option<Arc<Mask>> {
        if let Some(found) = self.masks.get(&key) {
            return found.clone();
        }
        let (face, gid, size_key, scale_key, sub_x, sub_y) = key;
        let made = self.outline(face, gid).and_then(|outline| {
            let k = f64::from(size_key) / f64::from(STEPS) / f64::from(self.units_per_em(face));
            let offset = Affine::translate((
                f64::from(sub_x) / f64::from(STEPS),
                f64::from(sub_y) / f64::from(STEPS),
            ));
            let kx = k * f64::from(scale_key) / 1000.0;
            let path = offset * Affine::scale_non_uniform(kx, -k) * outline.as_ref().clone();
            let bounds = path.control_box();
            let (left, top) = (bounds.x0.floor(), bounds.y0.floor());
            let width = (bounds.x1.ceil() - left) as usize + 1;
            let height = (bounds.y1.ceil() - top) as usize + 1;
            if width > 2000 || height > 2000 {
                return None;
            }
            let mut ctx = RenderContext::new(width as u16, height as u16);
            ctx.set_transform(Affine::translate((-left, -top)));
            ctx.set_paint(color::OpaqueColor::<color::Srgb>::WHITE);
            ctx.fill_path(&path);
            let mut target = Pixmap::new(width as u16, height as u16);
            ctx.render(&mut target, &mut self.resources);
            let alpha = target
                .data_as_u8_slice()
                .chunks_exact(4)
                .map(|p| p[3])
                .collect();
            Some(Arc::new(Mask {
                left: left as i32,
                top: top as i32,
                width,
                height,
                alpha,
            }))
        });
        self.masks.insert(key, made.clone());
        made
    }

    fn text(&mut self, ctx: &mut RenderContext, run: &GlyphRun, page_to_pixels: Affine) {
        let upem = self.units_per_em(run.face);
        let k = f64::from(run.size) / f64::from(upem);
        let origin = page_to_pixels
            * Affine::translate((f64::from(run.x), f64::from(run.y)))
            * Affine::rotate(-f64::from(run.angle).to_radians());
        ctx.set_paint(paint(run.color));
        for glyph in run.glyphs.iter() {
            let Some(outline) = self.outline(run.face, glyph.gid) else {
                continue;
            };
            ctx.set_transform(
                origin
                    * Affine::translate((f64::from(glyph.x), -f64::from(glyph.rise.pt())))
                    * Affine::scale_non_uniform(k * f64::from(run.scale), -k),
            );
            ctx.fill_path(&outline);
        }
    }

    fn units_per_em(&mut self, face: FaceId) -> f32 {
        *self.units_per_em.entry(face).or_insert_with(|| {
            font(face)
                .map(|f| {
                    f.metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em
                })
                .map_or(1000.0, f32::from)
        })
    }

    /// The glyph's outline in font units, or `None` for an empty glyph (a space).
    fn outline(&mut self, face: FaceId, gid: u16) -> Option<Arc<BezPath>> {
        self.outlines
            .entry((face, gid))
            .or_insert_with(|| {
                let font = font(face)?;
                let glyph = font
                    .outline_glyphs()
                    .get(skrifa::GlyphId::new(u32::from(gid)))?;
                let mut pen = Pen(BezPath::new());
                let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
                glyph.draw(settings, &mut pen).ok()?;
                (!pen.0.elements().is_empty()).then(|| Arc::new(pen.0))
            })
            .clone()
    }

    fn pixmap(&mut self, picture: &Arc<Picture>) -> Arc<Pixmap> {
        let key = Arc::as_ptr(picture) as usize;
        self.pictures
            .entry(key)
            .or_insert_with(|| Arc::new(pixmap_of(picture)))
            .clone()
    }

    /// Forgets pictures no longer shown (their pixels can be large).
    pub fn forget_pictures(&mut self) {
        self.pictures.clear();
    }
}

/// Puts `color` through a glyph mask onto an opaque raster whose origin pixel is (x, y).
fn blend(raster: &mut Raster, mask: &Mask, x: i32, y: i32, color: [u8; 3]) {
    for row in 0..mask.height {
        let py = y + mask.top + row as i32;
        if py < 0 || py as usize >= raster.height {
            continue;
        }
        for col in 0..mask.width {
            let a = u16::from(mask.alpha[row * mask.width + col]);
            if a == 0 {
                continue;
            }
            let px = x + mask.left + col as i32;
            if px < 0 || px as usize >= raster.width {
                continue;
            }
            let i = (py as usize * raster.width + px as usize) * 4;
            for (channel, &c) in raster.rgba[i..i + 3].iter_mut().zip(&color) {
                *channel = ((u16::from(c) * a + u16::from(*channel) * (255 - a)) / 255) as u8;
            }
            raster.rgba[i + 3] = 255;
        }
    }
}

fn font(face: FaceId) -> Option<skrifa::FontRef<'static>> {
    skrifa::FontRef::new(face.face().data).ok()
}

fn paint(color: Rgb) -> color::AlphaColor<color::Srgb> {
    color::AlphaColor::from_rgba8(color.0, color.1, color.2, 255)
}

fn rect_of(rect: &crate::layout::page::Rect) -> Rect {
    Rect::new(
        f64::from(rect.x),
        f64::from(rect.y),
        f64::from(rect.x + rect.w),
        f64::from(rect.y + rect.h),
    )
}

/// A picture's pixels as an opaque vello pixmap (pictures are flattened on white).
fn pixmap_of(picture: &Picture) -> Pixmap {
    let w = picture.width.min(u32::from(u16::MAX)) as u16;
    let h = picture.height.min(u32::from(u16::MAX)) as u16;
    let mut pixmap = Pixmap::new(w, h);
    let channels = match picture.format {
        PixelFormat::Gray => 1,
        PixelFormat::Rgb => 3,
        PixelFormat::Rgba => 4,
    };
    for (out, px) in pixmap
        .data_mut()
        .iter_mut()
        .zip(picture.pixels.chunks_exact(channels))
    {
        let (r, g, b) = match px {
            [v] => (*v, *v, *v),
            [r, g, b] => (*r, *g, *b),
            [r, g, b, a] => {
                let on_white = |c: u8| {
                    let (c, a) = (u16::from(c), u16::from(*a));
                    ((c * a + 255 * (255 - a)) / 255) as u8
                };
                (on_white(*r), on_white(*g), on_white(*b))
            }
            _ => (255, 255, 255),
        };
        *out = vello_cpu::peniko::color::PremulRgba8 { r, g, b, a: 255 };
    }
    pixmap
}

/// Collects an outline as a path, flipping nothing (the transform does that).
struct Pen(BezPath);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to((f64::from(x), f64::from(y)));
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to((f64::from(x), f64::from(y)));
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(
            (f64::from(cx0), f64::from(cy0)),
            (f64::from(x), f64::from(y)),
        );
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.curve_to(
            (f64::from(cx0), f64::from(cy0)),
            (f64::from(cx1), f64::from(cy1)),
            (f64::from(x), f64::from(y)),
        );
    }

    fn close(&mut self) {
        self.0.close_path();
    }
}
