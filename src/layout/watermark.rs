//! The DRAFT watermark, drawn as shapes so it never enters the text a reader copies.

use super::page::{Artifact, Item, Rgb, Role};
use super::style::PageStyle;

/// A block letter: its rings of points and its advance, in ems.
type Letter = (&'static [&'static [(f32, f32)]], f32);

/// Block letters of the word DRAFT as polygons in a unit em (x right, y up), each letter
/// with its advance. Drawn as shapes rather than text so the watermark never enters the
/// text a reader copies or a screen reader speaks.
const DRAFT: &[Letter] = &[
    (
        &[
            &[
                (0.0, 0.0),
                (0.45, 0.0),
                (0.7, 0.25),
                (0.7, 0.75),
                (0.45, 1.0),
                (0.0, 1.0),
            ],
            &[
                (0.18, 0.17),
                (0.38, 0.17),
                (0.52, 0.31),
                (0.52, 0.69),
                (0.38, 0.83),
                (0.18, 0.83),
            ],
        ],
        0.82,
    ),
    (
        &[
            &[
                (0.0, 0.0),
                (0.18, 0.0),
                (0.18, 0.42),
                (0.34, 0.42),
                (0.54, 0.0),
                (0.74, 0.0),
                (0.52, 0.45),
                (0.64, 0.52),
                (0.7, 0.62),
                (0.7, 0.82),
                (0.53, 1.0),
                (0.0, 1.0),
            ],
            &[
                (0.18, 0.58),
                (0.45, 0.58),
                (0.52, 0.65),
                (0.52, 0.77),
                (0.45, 0.84),
                (0.18, 0.84),
            ],
        ],
        0.84,
    ),
    (
        &[
            &[
                (0.0, 0.0),
                (0.19, 0.0),
                (0.27, 0.24),
                (0.53, 0.24),
                (0.61, 0.0),
                (0.8, 0.0),
                (0.5, 1.0),
                (0.3, 1.0),
            ],
            &[(0.32, 0.4), (0.48, 0.4), (0.4, 0.7)],
        ],
        0.9,
    ),
    (
        &[&[
            (0.0, 0.0),
            (0.18, 0.0),
            (0.18, 0.42),
            (0.58, 0.42),
            (0.58, 0.58),
            (0.18, 0.58),
            (0.18, 0.84),
            (0.65, 0.84),
            (0.65, 1.0),
            (0.0, 1.0),
        ]],
        0.78,
    ),
    (
        &[&[
            (0.26, 0.0),
            (0.44, 0.0),
            (0.44, 0.84),
            (0.7, 0.84),
            (0.7, 1.0),
            (0.0, 1.0),
            (0.0, 0.84),
            (0.26, 0.84),
        ]],
        0.7,
    ),
];

/// The DRAFT watermark across the page's diagonal, as shapes.
pub(super) fn watermark(page_style: &PageStyle) -> Vec<Item> {
    let size = page_style.width * 0.2;
    let angle = (page_style.height / page_style.width).atan();
    let (cos, sin) = (angle.cos(), angle.sin());
    let total: f32 = DRAFT.iter().map(|(_, advance)| advance).sum::<f32>() - 0.1;
    let (cx, cy) = (page_style.width / 2.0, page_style.height / 2.0);
    let mut pen = -total / 2.0;
    let mut out = Vec::new();
    for (rings, advance) in DRAFT {
        let rings = rings
            .iter()
            .map(|ring| {
                ring.iter()
                    .map(|&(x, y)| {
                        // Letter space (em, y up, centred) → page space (pt, y down), rotated.
                        let (u, v) = ((pen + x) * size, (y - 0.5) * size);
                        (cx + u * cos - v * sin, cy - u * sin - v * cos)
                    })
                    .collect()
            })
            .collect();
        out.push(Item::Shape {
            rings,
            color: Rgb::WATERMARK,
            role: Role::Artifact(Artifact::Watermark),
        });
        pen += advance;
    }
    out
}
