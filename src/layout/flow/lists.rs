//! Lists: labels, bullets and task boxes hung in the margin before each item's body.

use super::{Context, FlowItem, LIST_LABEL, MIN_NESTED_WIDTH, body_style, plain, stamp};
use crate::doc;
use crate::layout::page::{Item, Kind, Pt, Rgb, Role};
use crate::layout::paragraph::{self, Align, Shape};

impl Context<'_> {
    /// A list: each item's label (a number, a bullet or a task box) hung before its body.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list(
        &mut self,
        start: Option<u32>,
        list_tight: bool,
        items: &[doc::ListItem],
        indent: Pt,
        width: Pt,
        gap: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        let list = self.parent;
        // Past the deepest indent that leaves a readable measure, a nested list's
        // labels hang in its parent's margin and its text keeps the parent's measure.
        let (label_at, indent, width) = if width - LIST_LABEL < MIN_NESTED_WIDTH {
            (indent - LIST_LABEL, indent - LIST_LABEL, width + LIST_LABEL)
        } else {
            (indent, indent, width)
        };
        for (i, item) in items.iter().enumerate() {
            let label = match start {
                Some(first) => format!("{}.", first + i as u32),
                None => if indent > Pt::ZERO { "–" } else { "•" }.to_owned(),
            };
            let first = out.len();
            let li = self.open(Kind::LI);
            self.parent = Some(li);
            let lbl = item.task.is_none().then(|| self.open(Kind::Lbl));
            let body = self.open(Kind::LBody);
            self.parent = Some(body);
            self.blocks(
                &item.blocks,
                indent + LIST_LABEL,
                width - LIST_LABEL,
                Role::ListBody,
                list_tight,
                out,
            );
            self.parent = list;
            stamp(&mut out[first..], body);
            if let Some(head) = out.get_mut(first) {
                head.space_before = if i == 0 {
                    gap
                } else if list_tight {
                    Pt(2.0)
                } else {
                    self.scale.gap
                };
            }
            match item.task {
                Some(done) => {
                    attach_checkbox(done, label_at + LIST_LABEL - Pt(11.0), first, out);
                }
                None => self.attach_label(&label, label_at, first, out),
            }
            if let Some(lbl) = lbl {
                stamp(&mut out[first..], lbl);
            }
        }
    }

    pub(super) fn attach_label(
        &mut self,
        label: &str,
        indent: Pt,
        first: usize,
        out: &mut [FlowItem],
    ) {
        self.attach_label_width(label, indent, LIST_LABEL - Pt(4.0), first, out);
    }

    /// Sets a list label right-aligned in a column of `width` left of the item's first line.
    pub(super) fn attach_label_width(
        &mut self,
        label: &str,
        indent: Pt,
        width: Pt,
        first: usize,
        out: &mut [FlowItem],
    ) {
        let Some(head) = out.get_mut(first) else {
            return;
        };
        let style = body_style(&self.scale);
        let spans = vec![plain(label, style)];
        let shape = Shape {
            width,
            leading: self.scale.leading,
            justify: false,
            hyphenate: false,
            align: Align::End,
            role: Role::ListLabel,
        };
        let lines = paragraph::break_lines(self.shaper, &spans, &shape);
        if let Some(line) = lines.into_iter().next() {
            for mut run in line.runs {
                run.x += indent;
                run.y += head.baseline;
                head.draws.insert(0, Item::Text(run));
            }
        }
    }
}

/// A task-list box, ticked when done, drawn as shapes (no bundled font has ☐ and ☑).
fn attach_checkbox(done: bool, x: Pt, first: usize, out: &mut [FlowItem]) {
    let Some(head) = out.get_mut(first) else {
        return;
    };
    let (y, size) = (head.baseline + Pt(0.5), Pt(7.5));
    let square = |inset: Pt| {
        vec![
            (x + inset, y - size + inset),
            (x + size - inset, y - size + inset),
            (x + size - inset, y - inset),
            (x + inset, y - inset),
        ]
    };
    let mut rings = vec![square(Pt::ZERO), square(Pt(0.8))];
    if done {
        rings.push(
            [
                (1.3, 3.9),
                (2.3, 4.9),
                (3.3, 3.5),
                (6.3, 6.9),
                (7.0, 5.9),
                (3.3, 1.7),
            ]
            .iter()
            .map(|&(dx, dy)| (x + Pt(dx), y - Pt(dy)))
            .collect(),
        );
    }
    head.draws.insert(
        0,
        Item::Shape {
            rings,
            color: Rgb::TEXT,
            role: Role::ListLabel,
        },
    );
}
