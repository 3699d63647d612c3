//! Runs of text wrapped into lines on measured glyph widths, and set on
//! the page: paragraphs, list items, quotes and contents lines.

use super::fonts::Face;
use super::layout::{Item, Marker, Writer};
use super::tags::{Role, Tag};
use super::theme::LEADING;
use crate::render::blocks::Runs;

/// A word or space with its style, measured.
#[derive(Clone)]
pub(super) struct Piece {
    pub text: String,
    pub face: Face,
    pub width: f32,
    pub link: Option<String>,
    pub space: bool,
}

/// One laid-out line: pieces with their x offsets.
pub(super) type Line = Vec<(f32, Piece)>;

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

impl Writer<'_> {
    /// Breaks runs into lines no wider than `width`; a word wider than the
    /// whole line is broken between letters.
    pub(super) fn lines(&self, runs: &Runs, width: f32, size: f32, force_bold: bool) -> Vec<Line> {
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
    pub(super) fn paragraph(
        &mut self,
        runs: &Runs,
        x: f32,
        width: f32,
        size: f32,
        muted: bool,
        marker: Option<Marker>,
    ) {
        let lh = size * LEADING;
        // The element the text belongs to, and the link being written in it
        // (a link broken over lines is one link).
        let within = self.tag;
        let mut link: Option<(usize, &str)> = None;
        // A contents line keeps room at its right for a page number up to 999.
        let anchor = marker.as_ref().and_then(|m| m.anchor.clone());
        let number_width = if anchor.is_some() {
            self.fonts.width("000", Face::Regular, size) + 12.0
        } else {
            0.0
        };
        let lines = self.lines(runs, width - number_width, size, false);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            // No line of a paragraph alone at the foot of a page or at the
            // head of the next: a paragraph of up to three lines is kept
            // whole, a longer one starts with two and ends with two.
            let keep = match (i, n - i) {
                (0, _) if n <= 3 => n,
                (0, _) => 2,
                (_, 2) => 2,
                _ => 1,
            };
            self.ensure(keep as f32 * lh);
            let y = self.y;
            if i == 0
                && let Some(m) = &marker
                && !m.text.is_empty()
            {
                let mx = x - self.fonts.width(&m.text, Face::Regular, size) - 5.0;
                self.tag = m.label;
                self.push(Item::Text {
                    x: mx,
                    y,
                    text: m.text.clone(),
                    face: Face::Regular,
                    size,
                    colour: self.theme.text,
                });
                self.tag = within;
            }
            for (dx, piece) in line {
                if piece.space {
                    continue;
                }
                self.tag = match (&piece.link, within) {
                    (Some(target), Tag::Element(parent)) => {
                        let element = match link {
                            Some((element, open)) if open == target.as_str() => element,
                            _ => self.tags.open(Role::Link, parent),
                        };
                        link = Some((element, target.as_str()));
                        let words = &mut self.tags.elements[element].text;
                        if !words.is_empty() {
                            words.push(' ');
                        }
                        words.push_str(piece.text.trim());
                        Tag::Element(element)
                    }
                    _ => {
                        link = None;
                        within
                    }
                };
                let colour = if piece.link.is_some() {
                    self.theme.link
                } else if muted {
                    self.theme.muted
                } else {
                    self.theme.text
                };
                self.push(Item::Text {
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
                    self.push(Item::Link {
                        x: x + dx,
                        y,
                        w: piece.width,
                        h: lh,
                        target: target.clone(),
                    });
                    self.decorate(Item::Line {
                        x1: x + dx,
                        y1: y + size * 1.05,
                        x2: x + dx + piece.width,
                        y2: y + size * 1.05,
                        width: 0.5,
                        colour: self.theme.link,
                    });
                }
                self.tag = within;
            }
            if i == 0
                && let Some(anchor) = &anchor
            {
                let page = self.pages.len();
                self.pending.push((page, y, x + width, size, anchor.clone(), within));
            }
            self.y += lh;
        }
    }
}
