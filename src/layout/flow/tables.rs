//! Tables: columns measured from their content, rows as unbreakable items, the header
//! repeated on each page, and tables too wide for the page cut into several.

use super::{Context, FlowItem, MIN_COLUMN};
use crate::doc::{self, Block, BlockKind, Inline};
use crate::layout::fonts::Family;
use crate::layout::page::{Artifact, Item, Kind, Pt, Rect, Rgb, Role, Tag};
use crate::layout::paragraph::{self, Align, Shape, Style};

impl Context<'_> {
    /// A table with more columns than the measure holds at [`MIN_COLUMN`] each, cut into
    /// tables of the columns that fit, each after the first repeating the first column (the
    /// rows' labels); `None` for a block that fits. A 1 000-column table would otherwise be
    /// set as overprinted slivers.
    pub(super) fn split_wide_table(&mut self, block: &Block, width: Pt) -> Option<Vec<Block>> {
        let BlockKind::Table {
            align,
            header,
            rows,
            caption,
        } = &block.kind
        else {
            return None;
        };
        let columns = align.len().max(header.len());
        let fit = ((width / MIN_COLUMN) as usize).max(2);
        if columns <= fit {
            return None;
        }
        let column = |row: &[Vec<Inline>], c: usize| row.get(c).cloned().unwrap_or_default();
        let mut parts = Vec::new();
        let mut start = 1;
        while start < columns {
            let end = (start + fit - 1).min(columns);
            let picked: Vec<usize> = std::iter::once(0).chain(start..end).collect();
            parts.push(Block {
                line: block.line,
                kind: BlockKind::Table {
                    align: picked
                        .iter()
                        .map(|&c| align.get(c).copied().unwrap_or(doc::Align::None))
                        .collect(),
                    header: picked.iter().map(|&c| column(header, c)).collect(),
                    rows: rows
                        .iter()
                        .map(|row| picked.iter().map(|&c| column(row, c)).collect())
                        .collect(),
                    // The caption heads the first part only.
                    caption: if parts.is_empty() {
                        caption.clone()
                    } else {
                        None
                    },
                },
            });
            start = end;
        }
        let diagnostic = crate::diagnostic::Diagnostic::warning(format!(
            "this table has {columns} columns and at most {fit} fit across the page; it is \
             set as {} tables, each repeating the first column",
            parts.len()
        ))
        .in_section(self.section.clone());
        self.flow.diagnostics.push(if block.line > 0 {
            diagnostic.at_line(block.line)
        } else {
            diagnostic
        });
        Some(parts)
    }

    #[allow(clippy::too_many_arguments)] // one table: its parts and where it goes
    pub(super) fn table(
        &mut self,
        align: &[doc::Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        caption: Option<&doc::Caption>,
        indent: Pt,
        width: Pt,
        gap: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        const PAD: Pt = Pt(4.0);
        const SIZE: Pt = Pt(9.0);
        const LEADING: Pt = Pt(11.8);
        let columns = align.len().max(header.len()).max(1);
        let cell_style = |bold: bool| {
            let mut s = Style::new(Family::Sans, SIZE);
            s.bold = bold;
            s
        };
        // Natural (one line) and minimum (longest word) width of every column.
        let mut natural = vec![Pt::ZERO; columns];
        let mut minimum = vec![Pt::ZERO; columns];
        for (r, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let spans = self.spans(cell, cell_style(r == 0));
                let one_line = Shape {
                    width: Pt(f32::MAX / 4.0),
                    leading: LEADING,
                    justify: false,
                    hyphenate: false,
                    align: Align::Start,
                    role: Role::TableCell,
                };
                let w = paragraph::break_lines(self.shaper, &spans, &one_line)
                    .iter()
                    .map(|l| l.width)
                    .fold(Pt::ZERO, Pt::max);
                natural[c] = natural[c].max(w + 2.0 * PAD);
                let text = Inline::plain_text(cell);
                for word in text.split_whitespace() {
                    let face = cell_style(r == 0);
                    let ww = self
                        .shaper
                        .shape(
                            crate::layout::fonts::select(face.family, face.bold, false),
                            word,
                            false,
                        )
                        .width
                        * SIZE;
                    minimum[c] = minimum[c].max((ww + 2.0 * PAD).min(width / columns as f32));
                }
            }
        }
        let widths = column_widths(&natural, &minimum, width);
        let table = self.parent;
        // A caption takes the space above the table; the table sits close under it.
        let gap = match caption {
            Some(caption) => {
                self.table_caption(caption, indent, width, gap, out);
                Pt(3.0)
            }
            None => gap,
        };
        let header_index = out.len();
        for (r, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            let is_header = r == 0;
            self.parent = table;
            let tr = self.open(Kind::TR);
            self.parent = Some(tr);
            let mut item = FlowItem {
                section: Some(self.section.clone()),
                ..FlowItem::default()
            };
            let mut x = indent;
            let mut height: Pt = Pt::ZERO;
            let mut cells = Vec::new();
            for (c, w) in widths.iter().enumerate() {
                let empty = Vec::new();
                let cell = row.get(c).unwrap_or(&empty);
                let spans = self.spans(cell, cell_style(is_header));
                let shape = Shape {
                    width: (*w - 2.0 * PAD).max(Pt(1.0)),
                    leading: LEADING,
                    justify: false,
                    hyphenate: false,
                    align: match align.get(c) {
                        Some(doc::Align::Center) => Align::Center,
                        Some(doc::Align::Right) => Align::End,
                        _ => Align::Start,
                    },
                    role: if is_header {
                        Role::TableHeader
                    } else {
                        Role::TableCell
                    },
                };
                let lines = paragraph::break_lines(self.shaper, &spans, &shape);
                height = height.max(lines.len() as f32 * LEADING);
                let cell = self.open(if is_header { Kind::TH } else { Kind::TD });
                cells.push((x, lines, cell));
                x += *w;
            }
            let height = height.max(LEADING) + 2.0 * PAD;
            if is_header {
                item.draws.push(Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: Pt::ZERO,
                        w: width,
                        h: height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                });
            }
            for (x, lines, cell) in cells {
                for (i, line) in lines.into_iter().enumerate() {
                    let baseline = PAD + i as f32 * LEADING + LEADING * 0.76;
                    for mut run in line.runs {
                        run.x += x + PAD;
                        run.y += baseline;
                        run.tag = Tag {
                            group: 0,
                            node: cell,
                        };
                        item.draws.push(Item::Text(run));
                    }
                    for (rect, goal) in line.links {
                        item.links.push((
                            Rect {
                                x: rect.x + x + PAD,
                                y: rect.y + baseline,
                                ..rect
                            },
                            goal,
                        ));
                    }
                    item.footnotes.extend(line.footnotes);
                }
            }
            item.draws.push(Item::Line {
                from: (indent, height),
                to: (indent + width, height),
                width: if is_header { Pt(0.9) } else { Pt(0.4) },
                color: if is_header { Rgb::MUTED } else { Rgb::RULE },
            });
            item.height = height;
            if is_header {
                item.space_before = gap + Pt(2.0);
                item.keep_with_next = true;
                item.draws.push(Item::Line {
                    from: (indent, Pt::ZERO),
                    to: (indent + width, Pt::ZERO),
                    width: Pt(0.9),
                    color: Rgb::MUTED,
                });
            } else {
                item.header = Some(header_index);
            }
            out.push(item);
        }
        self.parent = table;
    }
}

impl Context<'_> {
    /// A table's caption above it: "Table N." in bold, then its text, tagged as the table's
    /// Caption and kept with the table.
    fn table_caption(
        &mut self,
        caption: &doc::Caption,
        indent: Pt,
        width: Pt,
        gap: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        let mut style = Style::new(Family::Sans, Pt(9.0));
        style.color = Rgb::TEXT;
        let mut label = style;
        label.bold = true;
        let mut spans = vec![super::inline::plain(
            &format!("Table {}.\u{2002}", caption.number),
            label,
        )];
        spans.extend(self.spans(&caption.text, style));
        let shape = Shape {
            width,
            leading: Pt(11.8),
            justify: false,
            hyphenate: false,
            align: Align::Start,
            role: Role::Figure,
        };
        let node = self.open(Kind::Caption);
        let lines = paragraph::break_lines(self.shaper, &spans, &shape);
        let first = out.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut item = self.line_item(line, indent);
            item.keep_with_next = true;
            item.no_break_before = i > 0;
            if i == 0 {
                item.space_before = gap;
            }
            item.height += Pt(2.0);
            out.push(item);
        }
        super::stamp(&mut out[first..], node);
    }
}

/// Column widths from each column's natural (one-line) and minimum (longest word) width.
/// When everything fits on one line, columns share the spare room in proportion. Otherwise
/// a short column (a date, a number) keeps its natural width while it is within its fair
/// share of what the wider columns leave, so it never wraps while a wide column has room;
/// the wide columns then share the rest between their minimum and natural widths.
fn column_widths(natural: &[Pt], minimum: &[Pt], width: Pt) -> Vec<Pt> {
    let sum_natural: Pt = natural.iter().sum();
    if sum_natural <= width {
        return natural
            .iter()
            .map(|&n| n + (width - sum_natural) * (n / sum_natural.max(Pt(1.0))))
            .collect();
    }
    // Fix short columns at their natural width, widening the fair share as they leave.
    let mut short = vec![false; natural.len()];
    loop {
        let fixed: Pt = (0..natural.len())
            .filter(|&c| short[c])
            .map(|c| natural[c])
            .sum();
        let open = short.iter().filter(|s| !**s).count();
        if open == 0 {
            break;
        }
        let fair = (width - fixed) / open as f32;
        let newly: Vec<usize> = (0..natural.len())
            .filter(|&c| !short[c] && natural[c] <= fair)
            .collect();
        if newly.is_empty() {
            break;
        }
        for c in newly {
            short[c] = true;
        }
    }
    let fixed: Pt = (0..natural.len())
        .filter(|&c| short[c])
        .map(|c| natural[c])
        .sum();
    let room = width - fixed;
    let (open_natural, open_minimum) = (0..natural.len())
        .filter(|&c| !short[c])
        .fold((Pt::ZERO, Pt::ZERO), |(n, m), c| {
            (n + natural[c], m + minimum[c])
        });
    if open_minimum <= room {
        let spare = (room - open_minimum) / (open_natural - open_minimum).max(Pt(1.0));
        return (0..natural.len())
            .map(|c| {
                if short[c] {
                    natural[c]
                } else {
                    minimum[c] + (natural[c] - minimum[c]) * spare
                }
            })
            .collect();
    }
    // Not even the longest words fit beside the short columns: every column shares by its
    // longest word.
    let sum_minimum: Pt = minimum.iter().sum();
    if sum_minimum <= width {
        let spare = (width - sum_minimum) / (sum_natural - sum_minimum).max(Pt(1.0));
        minimum
            .iter()
            .zip(natural)
            .map(|(&m, &n)| m + (n - m) * spare)
            .collect()
    } else {
        minimum
            .iter()
            .map(|&m| width * (m / sum_minimum.max(Pt(1.0))))
            .collect()
    }
}
