//! Tables: columns fitted to their content within the page, a header row
//! repeated on every page a table crosses, and grade and rating cells
//! shaded as the HTML shades them, their words always there too.

use super::fonts::Face;
use super::layout::{BODY_BOTTOM, BODY_TOP, BODY_WIDTH, Item, MARGIN_X, Writer};
use super::tags::{DOCUMENT, Role, Tag};
use super::text::Line;
use super::theme::{BODY_SIZE, CELL_PAD, LEADING, Rgb, TABLE_SIZE};
use crate::render::blocks::{Run, Runs, plain};

/// Cells up to this many characters (and three words) are kept on one line.
const SHORT_CELL: usize = 18;

/// Cells up to this many characters (and five words) take two lines at
/// most: "Partially achieved (overdue)", "Head of Service, Care Leavers".
const BRIEF_CELL: usize = 32;

/// Cells up to this many characters (and nine words), such as an owner's
/// title, take three lines at most: "Head of Service, Adolescents and
/// Contextual Safeguarding".
const LABEL_CELL: usize = 60;

impl Writer<'_> {
    pub(super) fn table(&mut self, caption: &str, header: &[Runs], rows: &[Vec<Runs>]) {
        let columns = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let widths = self.column_widths(header, rows, columns);
        let lh = TABLE_SIZE * LEADING;
        let caption_runs = vec![Run {
            text: caption.to_string(),
            bold: true,
            ..Run::default()
        }];
        let header_lines: Vec<Vec<Line>> = (0..columns)
            .map(|c| {
                self.lines(
                    header.get(c).unwrap_or(&Vec::new()),
                    widths[c] - 2.0 * CELL_PAD,
                    TABLE_SIZE,
                    true,
                )
            })
            .collect();
        let header_height = header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * CELL_PAD;
        let first_row = rows.first().map_or(0.0, |r| self.row_height(r, &widths));
        self.y += 2.0;
        self.ensure(BODY_SIZE * LEADING + header_height + first_row.min(6.0 * lh));
        let table = self.tags.open(Role::Table, DOCUMENT);
        if !caption.is_empty() {
            self.open(Role::Caption, table);
            self.paragraph(&caption_runs, MARGIN_X, BODY_WIDTH, BODY_SIZE - 1.0, false, None);
            self.y += 2.0;
        }
        // The header row is read once: where it is repeated on a new page,
        // it is decoration.
        let head = self.tags.open(Role::THead, table);
        let head_row = self.tags.open(Role::TR, head);
        let header_cells: Vec<Tag> = (0..columns)
            .map(|_| Tag::Element(self.tags.open(Role::TH, head_row)))
            .collect();
        let repeated = vec![Tag::Artifact; columns];
        self.header_row(&header_lines, &widths, header_height, &header_cells);
        let body = (!rows.is_empty()).then(|| self.tags.open(Role::TBody, table));
        for row in rows {
            let tr = self.tags.open(Role::TR, body.unwrap_or(table));
            let cell_tags: Vec<Tag> = (0..columns)
                .map(|_| Tag::Element(self.tags.open(Role::TD, tr)))
                .collect();
            let cells: Vec<Vec<Line>> = (0..columns)
                .map(|c| {
                    let runs = row.get(c).cloned().unwrap_or_default();
                    self.lines(&runs, widths[c] - 2.0 * CELL_PAD, TABLE_SIZE, false)
                })
                .collect();
            let labels: Vec<Option<(Rgb, Rgb)>> = (0..columns)
                .map(|c| {
                    row.get(c)
                        .filter(|runs| runs.len() == 1 && runs[0].bold)
                        .map(|runs| runs[0].text.trim())
                        .filter(|text| self.labels.iter().any(|l| l == text))
                        .and_then(|text| self.theme.label(text))
                })
                .collect();
            let total_lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            // Rows are never split mid-line; a row taller than a page is
            // split between lines, with the header repeated.
            let mut done = 0;
            while done < total_lines {
                let room = ((BODY_BOTTOM - self.y - 2.0 * CELL_PAD) / lh).floor().max(0.0) as usize;
                let rest = total_lines - done;
                let fits_whole_page = rest as f32 * lh + 2.0 * CELL_PAD <= BODY_BOTTOM - BODY_TOP - header_height;
                if room < rest && (fits_whole_page || room == 0) {
                    self.new_page();
                    self.header_row(&header_lines, &widths, header_height, &repeated);
                    continue;
                }
                let take = rest.min(room.max(1));
                let height = take as f32 * lh + 2.0 * CELL_PAD;
                let mut x = MARGIN_X;
                for c in 0..columns {
                    let (fill, text_colour) = match labels[c] {
                        Some((fill, text)) => (Some(fill), text),
                        None => (None, self.theme.text),
                    };
                    if let Some(fill) = fill {
                        let y = self.y;
                        self.decorate(Item::Rect {
                            x,
                            y,
                            w: widths[c],
                            h: height,
                            fill,
                        });
                    }
                    self.tag = cell_tags[c];
                    for (i, line) in cells[c].iter().enumerate().skip(done).take(take) {
                        let y = self.y + CELL_PAD + (i - done) as f32 * lh;
                        for (dx, piece) in line.iter().filter(|(_, p)| !p.space) {
                            self.push(Item::Text {
                                x: x + CELL_PAD + dx,
                                y,
                                text: piece.text.clone(),
                                face: piece.face,
                                size: TABLE_SIZE,
                                colour: text_colour,
                            });
                        }
                    }
                    x += widths[c];
                }
                self.grid(&widths, height);
                self.y += height;
                done += take;
            }
        }
        self.y += BODY_SIZE * 0.8;
    }

    /// A header row, its cells' text written into `cells`.
    fn header_row(&mut self, lines: &[Vec<Line>], widths: &[f32], height: f32, cells: &[Tag]) {
        let total: f32 = widths.iter().sum();
        let y = self.y;
        self.decorate(Item::Rect {
            x: MARGIN_X,
            y,
            w: total,
            h: height,
            fill: self.theme.shade,
        });
        let mut x = MARGIN_X;
        for (c, cell) in lines.iter().enumerate() {
            self.tag = cells[c];
            for (i, line) in cell.iter().enumerate() {
                let y = self.y + CELL_PAD + i as f32 * TABLE_SIZE * LEADING;
                for (dx, piece) in line.iter().filter(|(_, p)| !p.space) {
                    self.push(Item::Text {
                        x: x + CELL_PAD + dx,
                        y,
                        text: piece.text.clone(),
                        face: Face::Bold,
                        size: TABLE_SIZE,
                        colour: self.theme.text,
                    });
                }
            }
            x += widths[c];
        }
        self.grid(widths, height);
        self.y += height;
    }

    /// The cell borders of one row.
    fn grid(&mut self, widths: &[f32], height: f32) {
        let total: f32 = widths.iter().sum();
        let (top, bottom) = (self.y, self.y + height);
        let mut lines = vec![
            (MARGIN_X, top, MARGIN_X + total, top),
            (MARGIN_X, bottom, MARGIN_X + total, bottom),
        ];
        let mut x = MARGIN_X;
        lines.push((x, top, x, bottom));
        for w in widths {
            x += w;
            lines.push((x, top, x, bottom));
        }
        for (x1, y1, x2, y2) in lines {
            self.decorate(Item::Line {
                x1,
                y1,
                x2,
                y2,
                width: 0.6,
                colour: self.theme.rule,
            });
        }
    }

    fn row_height(&self, row: &[Runs], widths: &[f32]) -> f32 {
        let lines = row
            .iter()
            .zip(widths)
            .map(|(runs, w)| self.lines(runs, w - 2.0 * CELL_PAD, TABLE_SIZE, false).len())
            .max()
            .unwrap_or(1);
        lines as f32 * TABLE_SIZE * LEADING + 2.0 * CELL_PAD
    }

    /// The narrowest width, to half a point, that holds a cell on `lines`
    /// lines, broken by the text layout itself.
    fn narrowest(&self, runs: &Runs, header: bool, lines: usize) -> f32 {
        let width = |text: &str, run: &Run| {
            self.fonts
                .width(text, Face::of(run.bold || header, run.italic), TABLE_SIZE)
        };
        let fits = |w: f32| self.lines(runs, w, TABLE_SIZE, header).len() <= lines;
        let mut low = runs
            .iter()
            .flat_map(|run| run.text.split_whitespace().map(move |w| width(w, run)))
            .fold(0.0, f32::max);
        let mut high = runs.iter().map(|run| width(&run.text, run)).sum::<f32>() + 1.0;
        if fits(low) {
            return low;
        }
        while high - low > 0.5 {
            let mid = (low + high) / 2.0;
            if fits(mid) {
                high = mid;
            } else {
                low = mid;
            }
        }
        high
    }

    /// Columns as wide as their content wants, within the page: each gets
    /// at least its longest word (up to a share of the page), and the rest
    /// of the width goes where the text is longest.
    fn column_widths(&self, header: &[Runs], rows: &[Vec<Runs>], columns: usize) -> Vec<f32> {
        let mut min = vec![0.0f32; columns];
        let mut natural = vec![0.0f32; columns];
        let cap = BODY_WIDTH * 0.35;
        for (r, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            for (c, runs) in row.iter().enumerate().take(columns) {
                let text = plain(runs);
                // Each run in its own face: a bold "Developing" is wider
                // than a plain one, and must not be broken inside the word.
                let face = |run: &Run| Face::of(run.bold || r == 0, run.italic);
                let whole: f32 = runs
                    .iter()
                    .map(|run| self.fonts.width(&run.text, face(run), TABLE_SIZE))
                    .sum();
                // A short cell (a date, "Partially achieved") is kept on one
                // line, so that a narrow column never stacks it word by word;
                // a longer one may break between any two words.
                let (chars, words) = (text.chars().count(), text.split_whitespace().count());
                let short = chars <= SHORT_CELL && words <= 3;
                let brief = chars <= BRIEF_CELL && words <= 5;
                let label = chars <= LABEL_CELL && words <= 9;
                let longest = if short {
                    whole
                } else if brief {
                    self.narrowest(runs, r == 0, 2)
                } else if label {
                    self.narrowest(runs, r == 0, 3)
                } else {
                    runs.iter()
                        .flat_map(|run| {
                            run.text
                                .split_whitespace()
                                .map(move |w| self.fonts.width(w, face(run), TABLE_SIZE))
                        })
                        .fold(0.0, f32::max)
                };
                min[c] = min[c].max((longest + 2.0 * CELL_PAD).min(cap));
                natural[c] = natural[c].max(whole + 2.0 * CELL_PAD);
            }
        }
        let min_total: f32 = min.iter().sum();
        if min_total >= BODY_WIDTH {
            return min.iter().map(|m| m * BODY_WIDTH / min_total).collect();
        }
        let natural_total: f32 = natural.iter().sum();
        if natural_total <= BODY_WIDTH {
            return natural.iter().map(|n| n * BODY_WIDTH / natural_total).collect();
        }
        let spare = BODY_WIDTH - min_total;
        let want: Vec<f32> = natural.iter().zip(&min).map(|(n, m)| (n - m).max(0.0)).collect();
        let want_total: f32 = want.iter().sum::<f32>().max(1.0);
        min.iter().zip(&want).map(|(m, w)| m + spare * w / want_total).collect()
    }
}
