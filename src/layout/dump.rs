//! A readable dump of laid-out pages: one line per run, rule, fill and link, for snapshot
//! tests and debugging.

use std::fmt::Write as _;

use super::page::{Item, LinkGoal, Pages};

/// The pages as text. Positions are rounded to 0.1 pt so the dump is stable.
pub fn dump(pages: &Pages) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pages {} of {:.1}x{:.1}",
        pages.pages.len(),
        pages.width,
        pages.height
    );
    for (index, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", index + 1);
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let _ = writeln!(
                        out,
                        "  text {:?} {} {:.1}pt at ({:.1}, {:.1}){}{} {:?}",
                        run.role,
                        run.face.face().file.trim_end_matches(".ttf"),
                        run.size,
                        run.x,
                        run.y,
                        if run.angle != 0.0 {
                            format!(" rotated {:.1}", run.angle)
                        } else {
                            String::new()
                        },
                        if (run.scale - 1.0).abs() > 5e-4 {
                            format!(" scaled {:.1}%", run.scale * 100.0)
                        } else {
                            String::new()
                        },
                        run.text()
                    );
                }
                Item::Fill { rect, role, .. } => {
                    let _ = writeln!(
                        out,
                        "  fill {role:?} ({:.1}, {:.1}) {:.1}x{:.1}",
                        rect.x, rect.y, rect.w, rect.h
                    );
                }
                Item::Image {
                    rect, picture, alt, ..
                } => {
                    let _ = writeln!(
                        out,
                        "  image {}x{} px at ({:.1}, {:.1}) {:.1}x{:.1} alt={alt:?}",
                        picture.width, picture.height, rect.x, rect.y, rect.w, rect.h
                    );
                }
                Item::Shape { rings, role, .. } => {
                    let _ = writeln!(out, "  shape {role:?} {} rings", rings.len());
                }
                Item::Line {
                    from, to, width, ..
                } => {
                    let _ = writeln!(
                        out,
                        "  line ({:.1}, {:.1})-({:.1}, {:.1}) {width:.1}",
                        from.0, from.1, to.0, to.1
                    );
                }
            }
        }
        for link in &page.links {
            let goal = match &link.goal {
                LinkGoal::Uri(u) => u.clone(),
                LinkGoal::Section(s) => format!("#{s}"),
            };
            let _ = writeln!(
                out,
                "  link {goal} ({:.1}, {:.1}) {:.1}x{:.1}",
                link.rect.x, link.rect.y, link.rect.w, link.rect.h
            );
        }
    }
    for entry in &pages.outline {
        let _ = writeln!(
            out,
            "outline {} {:?} page {}",
            entry.level,
            entry.title,
            entry.page + 1
        );
    }
    out
}
