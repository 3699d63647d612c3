//! Blocks laid out on A4 pages: lines wrapped on measured glyph widths,
//! headings kept with what follows, chapters on a new page, tables with
//! fitted columns and a header row repeated on every page they cross.
//! Positions here are measured down from the top of the page; the drawing
//! code turns them round for PDF.

use super::blocks::{Block, Run, Runs, plain};
use super::fonts::{Face, Fonts};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 56.7;
pub const BODY_TOP: f32 = 72.0;
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 62.0;
const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

const BODY_SIZE: f32 = 10.5;
const TABLE_SIZE: f32 = 8.5;
const LEADING: f32 = 1.35;
const CELL_PAD: f32 = 3.5;
const LIST_INDENT: f32 = 14.0;
const QUOTE_INDENT: f32 = 14.0;

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

/// Colours as RGB 0..1.
pub type Rgb = (f32, f32, f32);
pub const TEXT: Rgb = (0.106, 0.106, 0.106);
pub const MUTED: Rgb = (0.29, 0.29, 0.29);
pub const LINK: Rgb = (0.114, 0.31, 0.569);
pub const RULE: Rgb = (0.69, 0.706, 0.714);
pub const SHADE: Rgb = (0.953, 0.949, 0.945);

/// A grade or rating cell's fill and text: green, amber, red; text contrast
/// on each fill is above 4.5:1, and the words are always there too.
fn label_colours(label: &str) -> Option<(Rgb, Rgb)> {
    let l = label.to_lowercase();
    if l.starts_with("outstanding") || l == "strong" || l == "good" || l == "secure" {
        Some(((0.835, 0.918, 0.847), (0.0, 0.282, 0.165)))
    } else if l.starts_with("requires improvement") || l == "developing" {
        Some(((1.0, 0.945, 0.776), (0.349, 0.302, 0.0)))
    } else if l == "inadequate" || l == "weak" {
        Some(((0.957, 0.804, 0.776), (0.541, 0.102, 0.055)))
    } else if l.starts_with("not graded") || l == "not rated" {
        Some(((0.898, 0.898, 0.898), TEXT))
    } else {
        None
    }
}

#[derive(Debug, Clone)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        text: String,
        face: Face,
        size: f32,
        colour: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        colour: Rgb,
    },
    /// A clickable area: a web address, or "#anchor" for a heading.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub title: String,
    pub anchor: String,
    pub page: usize,
    pub y: f32,
}

pub struct Layout {
    pub pages: Vec<Page>,
    pub headings: Vec<Heading>,
}

/// A word or space with its style, measured.
#[derive(Clone)]
struct Piece {
    text: String,
    face: Face,
    width: f32,
    link: Option<String>,
    space: bool,
}

/// One laid-out line: pieces with their x offsets.
type Line = Vec<(f32, Piece)>;

/// Neighbouring pieces of one style joined into one, spaces included: one
/// text operation per run of a line rather than per word keeps the PDF
/// small and quick to write, and its text reads back in phrases.
fn merge(line: Line) -> Line {
    let mut out: Line = Vec::with_capacity(line.len());
    for (x, piece) in line {
        match out.last_mut() {
            Some((_, last)) if last.face == piece.face && last.link == piece.link => {
                last.text.push_str(&piece.text);
                last.width += piece.width;
                last.space &= piece.space;
            }
            _ => out.push((x, piece)),
        }
    }
    out
}

pub struct Writer<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    headings: Vec<Heading>,
    y: f32,
    anchors: crate::render::Anchors,
    /// Contents lines waiting for their page number: (page, y, right edge,
    /// size, anchor). Filled in once every heading's page is known.
    pending: Vec<(usize, f32, f32, f32, String)>,
}

impl<'a> Writer<'a> {
    pub fn new(fonts: &'a Fonts) -> Writer<'a> {
        Writer {
            fonts,
            pages: vec![Page::default()],
            headings: Vec::new(),
            y: BODY_TOP,
            anchors: crate::render::Anchors::default(),
            pending: Vec::new(),
        }
    }

    /// The layout, with the contents' page numbers written in.
    pub fn finish(mut self) -> Layout {
        for (page, y, right, size, anchor) in std::mem::take(&mut self.pending) {
            let Some(target) = self.headings.iter().find(|h| h.anchor == anchor).map(|h| h.page) else {
                continue;
            };
            let number = target.to_string();
            let x = right - self.fonts.width(&number, Face::Regular, size);
            self.pages[page - 1].items.push(Item::Text {
                x,
                y,
                text: number,
                face: Face::Regular,
                size,
                colour: TEXT,
            });
        }
        Layout {
            pages: self.pages,
            headings: self.headings,
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    fn at_top(&self) -> bool {
        self.y <= BODY_TOP + 0.1
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > BODY_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Heading { level, runs } => self.heading(*level, runs, next),
            Block::Paragraph { runs } => {
                self.paragraph(runs, MARGIN_X, BODY_WIDTH, BODY_SIZE, false, None);
                self.y += BODY_SIZE * 0.6;
            }
            Block::ListItem { depth, marker, runs } => {
                let indent = MARGIN_X + LIST_INDENT * (*depth as f32 + 1.0);
                let marker_piece = marker.clone();
                let anchor = runs
                    .iter()
                    .find_map(|r| r.link.as_deref())
                    .and_then(|t| t.strip_prefix('#'))
                    .map(str::to_string);
                self.paragraph(
                    runs,
                    indent,
                    BODY_WIDTH - (indent - MARGIN_X),
                    BODY_SIZE,
                    false,
                    Some((marker_piece, anchor)),
                );
                self.y += BODY_SIZE * 0.25;
            }
            Block::Quote { runs } => {
                let top = self.y;
                let start_page = self.pages.len();
                self.paragraph(
                    runs,
                    MARGIN_X + QUOTE_INDENT,
                    BODY_WIDTH - QUOTE_INDENT,
                    BODY_SIZE - 0.5,
                    true,
                    None,
                );
                if self.pages.len() == start_page {
                    let bottom = self.y;
                    self.page().items.push(Item::Rect {
                        x: MARGIN_X + 2.0,
                        y: top,
                        w: 2.5,
                        h: bottom - top,
                        fill: RULE,
                    });
                }
                self.y += BODY_SIZE * 0.5;
            }
            Block::Table { caption, header, rows } => {
                self.table(caption, header, rows);
                if caption.starts_with(CHART_AFTER) {
                    self.chart(header, rows);
                }
            }
        }
    }

    /// Bars for each indicator: this year, the comparator and last year,
    /// each labelled with its value, scaled to the largest of the three so
    /// that indicators in different units sit together. Drawn from the
    /// indicator table itself, so the chart always shows the same figures.
    fn chart(&mut self, header: &[Runs], rows: &[Vec<Runs>]) {
        let names: Vec<String> = header.iter().map(|h| plain(h)).collect();
        if names.len() < 4 || names[1] != "This year" || names[3] != "Last year" {
            return;
        }
        let series = [
            (names[1].clone(), (0.114, 0.31, 0.569)),
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
        let bar = 5.0;
        let row_height = 3.0 * (bar + 1.5) + 8.0;
        let label_width = BODY_WIDTH * 0.38;
        let plot_x = MARGIN_X + label_width + 6.0;
        let plot_width = BODY_WIDTH - label_width - 6.0 - 70.0;
        self.ensure(BODY_SIZE * LEADING * 2.0 + row_height * 2.0);
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
            self.page().items.push(Item::Rect {
                x,
                y,
                w: 10.0,
                h: 6.0,
                fill: *colour,
            });
            self.page().items.push(Item::Text {
                x: x + 13.0,
                y: y - 1.5,
                text: name.clone(),
                face: Face::Regular,
                size,
                colour: TEXT,
            });
            x += 13.0 + self.fonts.width(name, Face::Regular, size) + 14.0;
        }
        self.y += 14.0;
        for (label, values) in &bars {
            self.ensure(row_height);
            let top = self.y;
            let mut shown = label.clone();
            if self.fonts.width(&shown, Face::Regular, size) > label_width {
                while !shown.is_empty() && self.fonts.width(&format!("{shown}..."), Face::Regular, size) > label_width {
                    shown.pop();
                }
                shown = format!("{}...", shown.trim_end());
            }
            self.page().items.push(Item::Text {
                x: MARGIN_X,
                y: top,
                text: shown,
                face: Face::Regular,
                size,
                colour: TEXT,
            });
            let max = values
                .iter()
                .flatten()
                .map(|(v, _)| *v)
                .fold(0.0f32, f32::max)
                .max(f32::EPSILON);
            for (i, value) in values.iter().enumerate() {
                let y = top + i as f32 * (bar + 1.5);
                let (width, text) = match value {
                    Some((v, text)) => ((v / max * plot_width).max(0.5), text.clone()),
                    None => (0.0, "not known".to_string()),
                };
                if width > 0.0 {
                    self.page().items.push(Item::Rect {
                        x: plot_x,
                        y,
                        w: width,
                        h: bar,
                        fill: series[i].1,
                    });
                }
                self.page().items.push(Item::Text {
                    x: plot_x + width + 4.0,
                    y: y - 1.2,
                    text,
                    face: Face::Regular,
                    size: size - 1.5,
                    colour: TEXT,
                });
            }
            self.y += row_height;
        }
        self.y += BODY_SIZE * 0.8;
    }

    fn heading(&mut self, level: u8, runs: &Runs, next: Option<&Block>) {
        let size = match level {
            1 => 20.0,
            2 => 15.5,
            3 => 12.5,
            _ => 11.0,
        };
        // Chapters start on a new page; other headings keep with what follows.
        if level == 2 && !self.at_top() && !self.pages[0].items.is_empty() {
            self.new_page();
        }
        let following = match next {
            Some(Block::Table { .. }) => 4.0 * TABLE_SIZE * LEADING + 20.0,
            _ => 3.0 * BODY_SIZE * LEADING,
        };
        let height = size * LEADING * self.lines(runs, BODY_WIDTH, size, true).len() as f32;
        if !self.at_top() {
            self.y += size * 0.7;
        }
        self.ensure(height + following);
        let title = plain(runs);
        let anchor = self.anchors.next(&title);
        self.headings.push(Heading {
            level,
            title,
            anchor,
            page: self.pages.len(),
            y: self.y,
        });
        let bold: Runs = runs
            .iter()
            .map(|r| Run {
                bold: true,
                ..r.clone()
            })
            .collect();
        self.paragraph(&bold, MARGIN_X, BODY_WIDTH, size, false, None);
        self.y += size * 0.35;
    }

    /// Breaks runs into lines no wider than `width`; a word wider than the
    /// whole line is broken between letters.
    fn lines(&self, runs: &Runs, width: f32, size: f32, force_bold: bool) -> Vec<Line> {
        let mut pieces: Vec<Piece> = Vec::new();
        for run in runs {
            let face = Face::of(run.bold || force_bold, run.italic);
            for (i, word) in run.text.split(' ').enumerate() {
                if i > 0 {
                    pieces.push(Piece {
                        text: " ".into(),
                        face,
                        width: self.fonts.width(" ", face, size),
                        link: run.link.clone(),
                        space: true,
                    });
                }
                if !word.is_empty() {
                    pieces.push(Piece {
                        text: word.to_string(),
                        face,
                        width: self.fonts.width(word, face, size),
                        link: run.link.clone(),
                        space: false,
                    });
                }
            }
        }
        let mut lines: Vec<Line> = vec![Vec::new()];
        let mut x = 0.0;
        for piece in pieces {
            if piece.space {
                if x > 0.0 {
                    let w = piece.width;
                    lines.last_mut().expect("a line").push((x, piece));
                    x += w;
                }
                continue;
            }
            if x + piece.width > width && x > 0.0 {
                // Drop the trailing space and start a new line.
                let line = lines.last_mut().expect("a line");
                if line.last().is_some_and(|(_, p)| p.space) {
                    line.pop();
                }
                lines.push(Vec::new());
                x = 0.0;
            }
            if piece.width > width {
                for chunk in self.split_word(&piece, width, size) {
                    if x > 0.0 {
                        lines.push(Vec::new());
                        x = 0.0;
                    }
                    x += chunk.width;
                    lines.last_mut().expect("a line").push((0.0, chunk));
                }
                continue;
            }
            let w = piece.width;
            lines.last_mut().expect("a line").push((x, piece));
            x += w;
        }
        if lines.last().is_some_and(|l| l.is_empty()) && lines.len() > 1 {
            lines.pop();
        }
        lines.into_iter().map(merge).collect()
    }

    fn split_word(&self, piece: &Piece, width: f32, size: f32) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut current = String::new();
        for c in piece.text.chars() {
            let mut candidate = current.clone();
            candidate.push(c);
            if self.fonts.width(&candidate, piece.face, size) > width && !current.is_empty() {
                out.push(Piece {
                    width: self.fonts.width(&current, piece.face, size),
                    text: std::mem::take(&mut current),
                    ..piece.clone()
                });
                current.push(c);
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            out.push(Piece {
                width: self.fonts.width(&current, piece.face, size),
                text: current,
                ..piece.clone()
            });
        }
        out
    }

    /// Draws wrapped runs at the current position, moving to a new page
    /// between lines as needed. `marker` starts a list item, with the page
    /// a contents line points to.
    fn paragraph(
        &mut self,
        runs: &Runs,
        x: f32,
        width: f32,
        size: f32,
        muted: bool,
        marker: Option<(String, Option<String>)>,
    ) {
        let lh = size * LEADING;
        // A contents line keeps room at its right for a page number up to 999.
        let anchor = marker.as_ref().and_then(|(_, a)| a.clone());
        let number_width = if anchor.is_some() {
            self.fonts.width("000", Face::Regular, size) + 12.0
        } else {
            0.0
        };
        let lines = self.lines(runs, width - number_width, size, false);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            let y = self.y;
            if i == 0
                && let Some((m, _)) = &marker
            {
                let mx = x - self.fonts.width(m, Face::Regular, size) - 5.0;
                self.page().items.push(Item::Text {
                    x: mx,
                    y,
                    text: m.clone(),
                    face: Face::Regular,
                    size,
                    colour: TEXT,
                });
            }
            for (dx, piece) in line {
                if piece.space {
                    continue;
                }
                let colour = if piece.link.is_some() {
                    LINK
                } else if muted {
                    MUTED
                } else {
                    TEXT
                };
                self.page().items.push(Item::Text {
                    x: x + dx,
                    y,
                    text: piece.text.clone(),
                    face: if muted {
                        Face::of(piece.face.is_bold(), true)
                    } else {
                        piece.face
                    },
                    size,
                    colour,
                });
                if let Some(target) = &piece.link {
                    self.page().items.push(Item::Link {
                        x: x + dx,
                        y,
                        w: piece.width,
                        h: lh,
                        target: target.clone(),
                    });
                    self.page().items.push(Item::Line {
                        x1: x + dx,
                        y1: y + size * 1.05,
                        x2: x + dx + piece.width,
                        y2: y + size * 1.05,
                        width: 0.5,
                        colour: LINK,
                    });
                }
            }
            if i == 0
                && let Some(anchor) = &anchor
            {
                let page = self.pages.len();
                self.pending.push((page, y, x + width, size, anchor.clone()));
            }
            self.y += lh;
        }
    }

    fn table(&mut self, caption: &str, header: &[Runs], rows: &[Vec<Runs>]) {
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
        if !caption.is_empty() {
            self.paragraph(&caption_runs, MARGIN_X, BODY_WIDTH, BODY_SIZE - 1.0, false, None);
            self.y += 2.0;
        }
        self.header_row(&header_lines, &widths, header_height);
        for row in rows {
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
                        .and_then(|runs| label_colours(runs[0].text.trim()))
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
                    self.header_row(&header_lines, &widths, header_height);
                    continue;
                }
                let take = rest.min(room.max(1));
                let height = take as f32 * lh + 2.0 * CELL_PAD;
                let mut x = MARGIN_X;
                for c in 0..columns {
                    let (fill, text_colour) = match labels[c] {
                        Some((fill, text)) => (Some(fill), text),
                        None => (None, TEXT),
                    };
                    if let Some(fill) = fill {
                        let y = self.y;
                        self.page().items.push(Item::Rect {
                            x,
                            y,
                            w: widths[c],
                            h: height,
                            fill,
                        });
                    }
                    for (i, line) in cells[c].iter().enumerate().skip(done).take(take) {
                        let y = self.y + CELL_PAD + (i - done) as f32 * lh;
                        for (dx, piece) in line.iter().filter(|(_, p)| !p.space) {
                            self.page().items.push(Item::Text {
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

    fn header_row(&mut self, lines: &[Vec<Line>], widths: &[f32], height: f32) {
        let total: f32 = widths.iter().sum();
        let y = self.y;
        self.page().items.push(Item::Rect {
            x: MARGIN_X,
            y,
            w: total,
            h: height,
            fill: SHADE,
        });
        let mut x = MARGIN_X;
        for (c, cell) in lines.iter().enumerate() {
            for (i, line) in cell.iter().enumerate() {
                let y = self.y + CELL_PAD + i as f32 * TABLE_SIZE * LEADING;
                for (dx, piece) in line.iter().filter(|(_, p)| !p.space) {
                    self.page().items.push(Item::Text {
                        x: x + CELL_PAD + dx,
                        y,
                        text: piece.text.clone(),
                        face: Face::Bold,
                        size: TABLE_SIZE,
                        colour: TEXT,
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
            self.page().items.push(Item::Line {
                x1,
                y1,
                x2,
                y2,
                width: 0.6,
                colour: RULE,
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
                let face = if r == 0 { Face::Bold } else { Face::Regular };
                let longest = text
                    .split_whitespace()
                    .map(|w| self.fonts.width(w, face, TABLE_SIZE))
                    .fold(0.0, f32::max);
                min[c] = min[c].max((longest + 2.0 * CELL_PAD).min(cap));
                natural[c] = natural[c].max(self.fonts.width(&text, face, TABLE_SIZE) + 2.0 * CELL_PAD);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Runs {
        vec![Run {
            text: text.to_string(),
            ..Run::default()
        }]
    }

    fn lay_out(blocks: &[Block]) -> Layout {
        let mut doc = printpdf::PdfDocument::new("test");
        let fonts = Fonts::load(&mut doc);
        let mut writer = Writer::new(&fonts);
        for (i, b) in blocks.iter().enumerate() {
            writer.block(b, blocks.get(i + 1));
        }
        writer.finish()
    }

    /// Every piece of text and every shape inside the printable body.
    fn assert_inside(layout: &Layout) {
        let mut doc = printpdf::PdfDocument::new("test");
        let fonts = Fonts::load(&mut doc);
        for (n, page) in layout.pages.iter().enumerate() {
            for item in &page.items {
                let (left, right, top, bottom) = match item {
                    Item::Text {
                        x, y, text, face, size, ..
                    } => (*x, x + fonts.width(text, *face, *size), *y, y + size),
                    Item::Rect { x, y, w, h, .. } | Item::Link { x, y, w, h, .. } => (*x, x + w, *y, y + h),
                    Item::Line { x1, y1, x2, y2, .. } => (x1.min(*x2), x1.max(*x2), y1.min(*y2), y1.max(*y2)),
                };
                assert!(
                    left >= MARGIN_X - 40.0 && right <= PAGE_WIDTH - MARGIN_X + 0.5,
                    "page {}: {item:?} outside the margins",
                    n + 1
                );
                assert!(
                    top >= BODY_TOP - 0.5 && bottom <= BODY_BOTTOM + 14.0,
                    "page {}: {item:?} outside the body",
                    n + 1
                );
            }
        }
    }

    #[test]
    fn a_finding_of_3000_words_runs_over_pages_inside_the_margins() {
        let words: Vec<String> = (0..3000).map(|i| format!("word{i}")).collect();
        let layout = lay_out(&[Block::Paragraph {
            runs: run(&words.join(" ")),
        }]);
        assert!(layout.pages.len() >= 5, "{} pages", layout.pages.len());
        assert_inside(&layout);
        let drawn: Vec<String> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            drawn.join(" ").split_whitespace().collect::<Vec<_>>(),
            words,
            "every word, once, in order"
        );
    }

    #[test]
    fn a_table_of_200_rows_repeats_its_header_on_every_page() {
        let rows: Vec<Vec<Runs>> = (0..200)
            .map(|i| {
                vec![
                    run(&format!("Action {i}")),
                    run("An owner with a long title"),
                    run("31 March 2026"),
                ]
            })
            .collect();
        let layout = lay_out(&[Block::Table {
            caption: "Actions".into(),
            header: vec![run("Action"), run("Owner"), run("Due")],
            rows,
        }]);
        assert!(layout.pages.len() >= 3);
        for page in &layout.pages {
            let headers = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text { text, face: Face::Bold, .. } if text == "Owner"))
                .count();
            assert_eq!(headers, 1, "one header row on each page");
        }
        assert_inside(&layout);
    }

    #[test]
    fn a_200_character_word_is_broken_to_fit_its_cell() {
        let long = "x".repeat(200);
        let layout = lay_out(&[
            Block::Table {
                caption: String::new(),
                header: vec![run("Area"), run("What it showed")],
                rows: vec![vec![run(&long), run("short")]],
            },
            Block::Paragraph { runs: run(&long) },
        ]);
        assert_inside(&layout);
        let xs: usize = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } if text.starts_with('x') => Some(text.len()),
                _ => None,
            })
            .sum();
        assert_eq!(xs, 400, "every letter drawn");
    }

    #[test]
    fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
        let mut blocks = Vec::new();
        for i in 0..60 {
            blocks.push(Block::Heading {
                level: 4,
                runs: run(&format!("Heading {i}")),
            });
            blocks.push(Block::Paragraph {
                runs: run("A short paragraph of a few words that takes a line or two on the page."),
            });
        }
        let layout = lay_out(&blocks);
        for h in &layout.headings {
            assert!(
                h.y + 11.0 * LEADING + 3.0 * BODY_SIZE * LEADING <= BODY_BOTTOM + 0.5,
                "{h:?}"
            );
        }
        // Chapters (second-level headings) start on a new page.
        let layout = lay_out(&[
            Block::Paragraph { runs: run("Before.") },
            Block::Heading {
                level: 2,
                runs: run("Chapter"),
            },
        ]);
        assert_eq!(layout.headings[0].page, 2);
        assert_eq!(layout.headings[0].y, BODY_TOP);
    }
}
