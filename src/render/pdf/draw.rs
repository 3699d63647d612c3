//! Drawing: each page's content stream written as PDF operators (text as
//! glyph ids of the embedded font, filled rectangles, stroked lines), the
//! running header and footer, and the characters drawn, which printpdf
//! reads to embed the font.

use std::collections::BTreeSet;

use printpdf::{Op, PdfFontHandle, Pt, TextItem};

use super::fonts::{Face, Fonts};
use super::layout::{Item, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH};
use super::tags::{Mark, Tags};
use super::theme::{Rgb, Theme};
use crate::report::Properties;

/// From the layout's top-down position to PDF's bottom-up one.
pub(super) fn up(y: f32) -> f32 {
    PAGE_HEIGHT - y
}

/// The characters drawn in each face.
#[derive(Default)]
pub(super) struct Drawn {
    ascii: [u128; 4],
    other: [BTreeSet<char>; 4],
}

impl Drawn {
    fn add(&mut self, c: char, face: Face) {
        match u32::from(c) {
            n @ 0..128 => self.ascii[face as usize] |= 1 << n,
            _ => {
                self.other[face as usize].insert(c);
            }
        }
    }

    /// What printpdf reads to find the glyphs in use: per face drawn, its
    /// characters shown once. The stream they make is replaced. Where two
    /// characters share a glyph (a space and a no-break space), the one
    /// shown last is what copying the text gives: the ASCII one.
    pub(super) fn ops(&self, fonts: &Fonts) -> Vec<Op> {
        let mut ops = Vec::new();
        for face in [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic] {
            let i = face as usize;
            let chars: String = self.other[i]
                .iter()
                .copied()
                .chain((0..128u8).filter(|n| self.ascii[i] & (1 << n) != 0).map(char::from))
                .collect();
            if chars.is_empty() {
                continue;
            }
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(fonts.ids[i].clone()),
                    size: Pt(10.0),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(chars)],
                },
                Op::EndTextSection,
            ]);
        }
        ops
    }
}

/// One page's content stream, written here rather than by printpdf, whose
/// serialiser goes glyph by glyph through a map, a string and a formatted
/// write each: that took half the time of a whole render. The operators are
/// the ones printpdf writes (text as glyph ids of the embedded font, filled
/// rectangles, stroked lines), each run of items wrapped as the marked
/// content of its element or as an artifact; printpdf still builds the
/// document around them: pages, fonts and properties.
pub(super) struct Canvas<'a> {
    pub(super) fonts: &'a Fonts,
    tags: &'a Tags,
    drawn: &'a mut Drawn,
    pub(super) stream: Vec<u8>,
    /// The marked content open, if any.
    marked: Option<Mark>,
    /// The font and colours in force, each set only when it changes: half
    /// the operators of a text-heavy page were repeats.
    font: Option<(Face, u32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, u32)>,
}

impl<'a> Canvas<'a> {
    pub(super) fn new(fonts: &'a Fonts, tags: &'a Tags, drawn: &'a mut Drawn) -> Self {
        Canvas {
            fonts,
            tags,
            drawn,
            stream: Vec::with_capacity(16 * 1024),
            marked: None,
            font: None,
            fill: None,
            stroke: None,
        }
    }

    fn numbers(&mut self, values: &[f32]) {
        for v in values {
            number(&mut self.stream, *v);
            self.stream.push(b' ');
        }
    }

    fn op(&mut self, operator: &str) {
        self.stream.extend_from_slice(operator.as_bytes());
        self.stream.push(b'\n');
    }

    fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.numbers(&[c.0, c.1, c.2]);
            self.op("rg");
            self.fill = Some(c);
        }
    }

    /// One piece of text with its baseline at `(x, baseline)`, set in `(face, size, colour)`.
    pub(super) fn text(&mut self, (x, baseline): (f32, f32), s: &str, (face, size, c): (Face, f32, Rgb)) {
        if s.is_empty() {
            return;
        }
        self.op("BT");
        if self.font != Some((face, size.to_bits())) {
            self.stream.push(b'/');
            name(&mut self.stream, &self.fonts.ids[face as usize].0);
            self.stream.push(b' ');
            self.numbers(&[size]);
            self.op("Tf");
            self.font = Some((face, size.to_bits()));
        }
        self.fill(c);
        self.numbers(&[x, up(baseline)]);
        self.op("Td");
        // Glyph ids as the bytes of a literal string: half the size of hex,
        // and so half the compressing. Only the string's own delimiters, its
        // escape and line ends (which a reader would turn into a newline)
        // are escaped.
        self.stream.push(b'(');
        for ch in s.chars() {
            self.drawn.add(ch, face);
            for byte in self.fonts.glyph(ch, face).to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => self.stream.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.stream.extend_from_slice(b"\\r"),
                    b'\n' => self.stream.extend_from_slice(b"\\n"),
                    _ => self.stream.push(byte),
                }
            }
        }
        self.stream.extend_from_slice(b") ");
        self.op("Tj");
        self.op("ET");
    }

    /// Starts the marked content `mark` where it is not already open.
    fn mark(&mut self, mark: Mark) {
        if self.marked == Some(mark) {
            return;
        }
        self.end();
        match mark {
            Mark::Artifact => self.op("/Artifact BMC"),
            Mark::Content { element, mcid } => {
                self.stream.push(b'/');
                self.stream
                    .extend_from_slice(self.tags.elements[element].role.name().as_bytes());
                self.stream
                    .extend_from_slice(format!(" <</MCID {mcid}>> BDC\n").as_bytes());
            }
            // A link's area is its annotation, drawn by the viewer.
            Mark::Link { .. } => return,
        }
        self.marked = Some(mark);
    }

    /// Closes the marked content open, at the end of a page or before the
    /// next.
    pub(super) fn end(&mut self) {
        if self.marked.take().is_some() {
            self.op("EMC");
        }
    }

    pub(super) fn draw(&mut self, item: &Item, mark: Mark) {
        self.mark(mark);
        match item {
            Item::Text {
                x,
                y,
                text: s,
                face,
                size,
                colour: c,
            } => self.text((*x, y + size * 0.82), s, (*face, *size, *c)),
            Item::Rect { x, y, w, h, fill } => {
                self.fill(*fill);
                self.numbers(&[*x, up(y + h), *w, *h]);
                self.op("re");
                self.op("f");
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                colour: c,
            } => {
                if self.stroke != Some((*c, width.to_bits())) {
                    self.numbers(&[c.0, c.1, c.2]);
                    self.op("RG");
                    self.numbers(&[*width]);
                    self.op("w");
                    self.stroke = Some((*c, width.to_bits()));
                }
                self.numbers(&[*x1, up(*y1)]);
                self.op("m");
                self.numbers(&[*x2, up(*y2)]);
                self.op("l");
                self.op("S");
            }
            Item::Link { .. } => {}
        }
    }
}

/// `v` to the thousandth of a point (or of a colour), with no trailing
/// zeros, as PDF writes numbers.
fn number(out: &mut Vec<u8>, v: f32) {
    let thousandths = (f64::from(v) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push(b'-');
    }
    let n = thousandths.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut whole = n / 1000;
    loop {
        digits[len] = b'0' + (whole % 10) as u8;
        len += 1;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev());
    let mut fraction = n % 1000;
    if fraction != 0 {
        out.push(b'.');
        let mut place = 100;
        while fraction != 0 {
            out.push(b'0' + (fraction / place) as u8);
            fraction %= place;
            place /= 10;
        }
    }
}

/// A PDF name's characters, anything but a letter or digit escaped.
fn name(out: &mut Vec<u8>, s: &str) {
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(byte);
        } else {
            out.extend_from_slice(format!("#{byte:02X}").as_bytes());
        }
    }
}

/// The running header (council and marking) and the footer (page N of M).
/// They are the page's furniture, not its content: an artifact a screen
/// reader passes over.
pub(super) fn running_text(canvas: &mut Canvas, meta: &Properties, theme: &Theme, page: usize, total: usize) {
    canvas.op("/Artifact <</Type /Pagination>> BDC");
    let size = 8.5;
    let muted = theme.muted;
    let left = MARGIN_X;
    let right = PAGE_WIDTH - MARGIN_X;
    if page > 1 {
        canvas.text((left, 40.0), &meta.title, (Face::Regular, size, muted));
    }
    let marking_width = canvas.fonts.width(&meta.marking, Face::Bold, size);
    let footer = format!("Page {page} of {total}");
    let footer_width = canvas.fonts.width(&footer, Face::Regular, size);
    let bottom = PAGE_HEIGHT - 30.0;
    canvas.text((right - marking_width, 40.0), &meta.marking, (Face::Bold, size, muted));
    canvas.text((right - footer_width, bottom), &footer, (Face::Regular, size, muted));
    canvas.text((left, bottom), &meta.marking, (Face::Bold, size, muted));
    canvas.op("EMC");
}

#[cfg(test)]
mod tests {
    use super::number;

    /// Positions are written to the thousandth, as a PDF reader parses them:
    /// no exponent, no "-0", no trailing zeros.
    #[test]
    fn numbers_are_written_as_pdf_reads_them() {
        let written = |v: f32| {
            let mut out = Vec::new();
            number(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(written(0.0), "0");
        assert_eq!(written(-0.0004), "0");
        assert_eq!(written(841.89), "841.89");
        assert_eq!(written(12.5), "12.5");
        assert_eq!(written(0.106), "0.106");
        assert_eq!(written(-3.25), "-3.25");
        assert_eq!(written(1e-9), "0");
        assert_eq!(written(123456.0), "123456");
        assert_eq!(written(0.0405), "0.041");
    }
}
