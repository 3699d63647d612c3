//! A chart drawn on the page: bars for this year, the comparator and last
//! year, from the figures in the document's model.

use super::fonts::Face;
use super::layout::{BODY_WIDTH, Item, MARGIN_X, Writer};
use super::tags::{DOCUMENT, Role};
use super::theme::{BODY_SIZE, LEADING, TABLE_SIZE};
use crate::render::blocks::Run;
use crate::report::chart::Chart;

impl Writer<'_> {
    /// Bars for each indicator: this year, the comparator and last year,
    /// each labelled with its value, scaled to the largest of the three so
    /// that indicators in different units sit together.
    pub(super) fn chart(&mut self, chart: &Chart) {
        let colours = self.theme.series();
        let size = TABLE_SIZE;
        let value_size = size - 1.5;
        let bar: f32 = 5.0;
        // Bars far enough apart that their value labels, one above the
        // next, never touch: "89%" beside "90%" must both be read.
        let step = bar.max(value_size) + 1.0;
        let label_width = BODY_WIDTH * 0.38;
        let line = size * LEADING;
        // Each name whole, over as many lines as it takes.
        let labels: Vec<_> = chart
            .bars
            .iter()
            .map(|b| {
                let name = vec![Run {
                    text: b.name.clone(),
                    ..Run::default()
                }];
                self.lines(&name, label_width, size, false)
            })
            .collect();
        let row_height = |lines: usize| (3.0f32 * step).max(lines as f32 * line) + 6.0;
        let plot_x = MARGIN_X + label_width + 6.0;
        let plot_width = BODY_WIDTH - label_width - 6.0 - 70.0;
        // The title and key never part from the bars: the chart starts with
        // at least two of its rows. It is kept whole, on the next page if
        // need be, unless much of this page would be left empty.
        let head = BODY_SIZE * LEADING * 2.0 + 14.0;
        let all: f32 = labels.iter().map(|l| row_height(l.len())).sum();
        let first_two: f32 = labels.iter().take(2).map(|l| row_height(l.len())).sum();
        let page = super::layout::BODY_BOTTOM - super::layout::BODY_TOP;
        let left = super::layout::BODY_BOTTOM - self.y;
        let whole = head + all <= page && left < page * 0.4;
        self.ensure(head + if whole { all } else { first_two });
        let title = vec![Run {
            text: format!("Chart: {}", chart.title),
            bold: true,
            ..Run::default()
        }];
        self.open(Role::P, DOCUMENT);
        self.paragraph(&title, MARGIN_X, BODY_WIDTH, BODY_SIZE - 1.0, false, None);
        // The drawing is one figure, read as its figures in words.
        let figure = self.open(Role::Figure, DOCUMENT);
        self.tags.elements[figure].alt = Some(chart.description.clone());
        // The key, in words beside each colour.
        let mut x = MARGIN_X;
        let y = self.y + 2.0;
        for (name, colour) in chart.series.iter().zip(colours) {
            self.push(Item::Rect {
                x,
                y,
                w: 10.0,
                h: 6.0,
                fill: colour,
            });
            self.push(Item::Text {
                x: x + 13.0,
                y: y - 1.5,
                text: name.clone(),
                face: Face::Regular,
                size,
                colour: self.theme.text,
            });
            x += 13.0 + self.fonts.width(name, Face::Regular, size) + 14.0;
        }
        self.y += 14.0;
        for (b, lines) in chart.bars.iter().zip(&labels) {
            let height = row_height(lines.len());
            self.ensure(height);
            let top = self.y;
            for (n, line_pieces) in lines.iter().enumerate() {
                for (dx, piece) in line_pieces.iter().filter(|(_, p)| !p.space) {
                    self.push(Item::Text {
                        x: MARGIN_X + dx,
                        y: top + n as f32 * line,
                        text: piece.text.clone(),
                        face: Face::Regular,
                        size,
                        colour: self.theme.text,
                    });
                }
            }
            let max = (chart.scale(b) as f32).max(f32::EPSILON);
            for (i, (value, text)) in b.values.iter().zip(&b.labels).enumerate() {
                let y = top + i as f32 * step;
                let width = value.map_or(0.0, |v| (v as f32 / max * plot_width).max(0.5));
                let text = text.clone();
                if width > 0.0 {
                    self.push(Item::Rect {
                        x: plot_x,
                        y,
                        w: width,
                        h: bar,
                        fill: colours[i],
                    });
                }
                self.push(Item::Text {
                    x: plot_x + width + 4.0,
                    y: y - 1.2,
                    text,
                    face: Face::Regular,
                    size: value_size,
                    colour: self.theme.text,
                });
            }
            self.y += height;
        }
        self.y += BODY_SIZE * 0.8;
    }
}
