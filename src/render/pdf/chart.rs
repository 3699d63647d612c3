//! The chart after each indicator table: bars for this year, the
//! comparator and last year, drawn from the table itself so that the chart
//! always shows the same figures.

use super::blocks::{Run, Runs, plain};
use super::fonts::Face;
use super::layout::{BODY_WIDTH, Item, MARGIN_X, Writer};
use super::theme::{BODY_SIZE, LEADING, TABLE_SIZE};

/// A table whose caption starts with this is followed by a chart of it.
const CHART_AFTER: &str = "Indicators against";

/// A value in a chart: its size and its label.
type ChartValue = (f32, String);

/// The number a cell starts with: "23.9%" is 23.9, "330 per 10,000" is 330.
fn leading_number(text: &str) -> Option<f32> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    text[..end].parse().ok()
}

impl Writer<'_> {
    /// `text` broken between words into lines no wider than `width`; a word
    /// wider than the line stands on its own.
    fn wrap_words(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if self.fonts.width(&format!("{line} {word}"), Face::Regular, size) <= width => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        lines
    }

    /// Bars for each indicator: this year, the comparator and last year,
    /// each labelled with its value, scaled to the largest of the three so
    /// that indicators in different units sit together. Drawn from the
    /// indicator table itself, so the chart always shows the same figures.
    /// Other tables have none.
    pub(super) fn chart(&mut self, caption: &str, header: &[Runs], rows: &[Vec<Runs>]) {
        let names: Vec<String> = header.iter().map(|h| plain(h)).collect();
        if !caption.starts_with(CHART_AFTER) || names.len() < 4 || names[1] != "This year" || names[3] != "Last year" {
            return;
        }
        let series = [
            (names[1].clone(), self.theme.link),
            (names[2].clone(), (0.45, 0.45, 0.45)),
            (names[3].clone(), (0.55, 0.71, 0.85)),
        ];
        let bars: Vec<(String, [Option<ChartValue>; 3])> = rows
            .iter()
            .filter_map(|row| {
                let cell = |c: usize| row.get(c).map(|r| plain(r)).unwrap_or_default();
                // The value as the table gives it, without a long unit:
                // "23.9%" stays, "362 per 10,000 children" becomes "362".
                let value = |c: usize| {
                    let text = cell(c);
                    leading_number(&text).map(|v| (v, text.split(" per ").next().unwrap_or(&text).to_string()))
                };
                let values = [value(1), value(2), value(3)];
                // The indicator's name without the note the table adds in brackets.
                let name = cell(0).split(" (").next().unwrap_or_default().to_string();
                values[0].is_some().then_some((name, values))
            })
            .collect();
        if bars.is_empty() {
            return;
        }
        let size = TABLE_SIZE;
        let value_size = size - 1.5;
        let bar: f32 = 5.0;
        // Bars far enough apart that their value labels, one above the
        // next, never touch: "89%" beside "90%" must both be read.
        let step = bar.max(value_size) + 1.0;
        let label_width = BODY_WIDTH * 0.38;
        let line = size * LEADING;
        // Each name whole, over as many lines as it takes.
        let labels: Vec<Vec<String>> = bars
            .iter()
            .map(|(label, _)| self.wrap_words(label, label_width, size))
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
            text: "Chart: each indicator this year, against England and last year".into(),
            bold: true,
            ..Run::default()
        }];
        self.paragraph(&title, MARGIN_X, BODY_WIDTH, BODY_SIZE - 1.0, false, None);
        // The key, in words beside each colour.
        let mut x = MARGIN_X;
        let y = self.y + 2.0;
        for (name, colour) in &series {
            self.push(Item::Rect {
                x,
                y,
                w: 10.0,
                h: 6.0,
                fill: *colour,
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
        for ((_, values), lines) in bars.iter().zip(&labels) {
            let height = row_height(lines.len());
            self.ensure(height);
            let top = self.y;
            for (n, text) in lines.iter().enumerate() {
                self.push(Item::Text {
                    x: MARGIN_X,
                    y: top + n as f32 * line,
                    text: text.clone(),
                    face: Face::Regular,
                    size,
                    colour: self.theme.text,
                });
            }
            let max = values
                .iter()
                .flatten()
                .map(|(v, _)| *v)
                .fold(0.0f32, f32::max)
                .max(f32::EPSILON);
            for (i, value) in values.iter().enumerate() {
                let y = top + i as f32 * step;
                let (width, text) = match value {
                    Some((v, text)) => ((v / max * plot_width).max(0.5), text.clone()),
                    None => (0.0, "not known".to_string()),
                };
                if width > 0.0 {
                    self.push(Item::Rect {
                        x: plot_x,
                        y,
                        w: width,
                        h: bar,
                        fill: series[i].1,
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
