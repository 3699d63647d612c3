//! The self-evaluation as a print-ready PDF, drawn natively: the Markdown
//! from the templates is read with pulldown-cmark (`blocks`) and laid out on
//! A4 pages by our own code (`layout`). Each page's drawing is written here
//! as PDF operators; printpdf builds the document around the pages (the
//! bundled font embedded with its widths and text (`fonts`), the links and
//! the properties). lopdf then adds what printpdf cannot: a nested outline
//! that follows the headings, the document language and the title shown in
//! the viewer's window.
//!
//! Nothing comes from the clock or the machine: the date is the evidence's,
//! so the same folder gives the same bytes.

mod blocks;
mod fonts;
mod layout;

use std::collections::{BTreeSet, HashMap};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, Destination, LinkAnnotation, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect,
    TextItem,
};

pub use fonts::prepare;

use crate::report::Properties;
use fonts::{Face, Fonts, REPLACEMENT};
use layout::{Item, Layout, PAGE_HEIGHT, PAGE_WIDTH, Rgb, Writer};

pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font cannot draw, shown as "?" in the document.
    pub replaced: Vec<char>,
}

/// Lays out and draws the document.
pub fn render(markdown: &str, meta: &Properties) -> Pdf {
    let mut doc = PdfDocument::new(&meta.title);
    let fonts = Fonts::load(&mut doc);

    let mut replaced: Vec<char> = markdown.chars().filter(|c| !c.is_control() && !fonts.has(*c)).collect();
    replaced.sort_unstable();
    replaced.dedup();
    let markdown: String = markdown
        .chars()
        .map(|c| if c.is_control() || fonts.has(c) { c } else { REPLACEMENT })
        .collect();
    let blocks = blocks::parse(&markdown);

    let layout = lay_out(&fonts, &blocks);

    let total = layout.pages.len();
    let anchors: HashMap<&str, (usize, f32)> = layout
        .headings
        .iter()
        .map(|h| (h.anchor.as_str(), (h.page, h.y)))
        .collect();
    // Each page's content stream is written here (see `Canvas`); printpdf
    // gets the links, and on the first page one run of every character
    // drawn per face, so that it embeds their widths and their text.
    let mut drawn = Drawn::default();
    let mut streams = Vec::with_capacity(total);
    let mut pages: Vec<PdfPage> = Vec::with_capacity(total);
    for (i, page) in layout.pages.iter().enumerate() {
        // Running text first, so a reader of the text stream meets a
        // page's furniture before its body, not inside a paragraph.
        let mut canvas = Canvas::new(&fonts, &mut drawn);
        running_text(&mut canvas, meta, i + 1, total);
        for item in &page.items {
            canvas.draw(item, &anchors);
        }
        streams.push(canvas.stream);
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), canvas.links));
    }
    if let Some(first) = pages.first_mut() {
        first.ops.extend(drawn.ops(&fonts));
    }

    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.council.clone();
    info.subject = meta.subject.clone();
    info.creator = "selfeval".to_string();
    info.producer = "selfeval (printpdf)".to_string();
    if let Ok(date) = printpdf::DateTime::from_unix_timestamp(meta.date.days_since_epoch() * 86_400) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    doc.with_pages(pages);

    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    replace_contents(&mut lo, streams);
    finish(&mut lo, &layout);
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).expect("writing a PDF to memory");
    Pdf {
        bytes,
        pages: total,
        replaced,
    }
}

fn lay_out(fonts: &Fonts, blocks: &[blocks::Block]) -> Layout {
    let mut writer = Writer::new(fonts);
    for (i, block) in blocks.iter().enumerate() {
        writer.block(block, blocks.get(i + 1));
    }
    writer.finish()
}

/// From the layout's top-down position to PDF's bottom-up one.
fn up(y: f32) -> f32 {
    PAGE_HEIGHT - y
}

/// The characters drawn in each face.
#[derive(Default)]
struct Drawn {
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
    fn ops(&self, fonts: &Fonts) -> Vec<Op> {
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
/// rectangles, stroked lines); printpdf still builds the document around
/// them: pages, fonts, links and properties.
struct Canvas<'a> {
    fonts: &'a Fonts,
    drawn: &'a mut Drawn,
    stream: Vec<u8>,
    /// The link annotations, which printpdf writes.
    links: Vec<Op>,
    /// The font and colours in force, each set only when it changes: half
    /// the operators of a text-heavy page were repeats.
    font: Option<(Face, u32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, u32)>,
}

impl<'a> Canvas<'a> {
    fn new(fonts: &'a Fonts, drawn: &'a mut Drawn) -> Self {
        Canvas {
            fonts,
            drawn,
            stream: Vec::with_capacity(16 * 1024),
            links: Vec::new(),
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
    fn text(&mut self, (x, baseline): (f32, f32), s: &str, (face, size, c): (Face, f32, Rgb)) {
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
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.stream.push(b'<');
        for ch in s.chars() {
            self.drawn.add(ch, face);
            for byte in self.fonts.glyph(ch, face).to_be_bytes() {
                self.stream.push(HEX[usize::from(byte >> 4)]);
                self.stream.push(HEX[usize::from(byte & 15)]);
            }
        }
        self.stream.extend_from_slice(b"> ");
        self.op("Tj");
        self.op("ET");
    }

    fn draw(&mut self, item: &Item, anchors: &HashMap<&str, (usize, f32)>) {
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
            Item::Link { x, y, w, h, target } => {
                let actions = match target.strip_prefix('#') {
                    Some(anchor) => match anchors.get(anchor) {
                        Some((page, top)) => Actions::go_to(Destination::Xyz {
                            page: *page,
                            left: None,
                            top: Some(up(*top - 12.0)),
                            zoom: None,
                        }),
                        None => return,
                    },
                    None => Actions::uri(target.clone()),
                };
                self.links.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect::from_xywh(Pt(*x), Pt(up(y + h)), Pt(*w), Pt(*h)),
                        actions,
                        Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
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

/// Puts each page's own content stream in place of printpdf's.
fn replace_contents(lo: &mut lopdf::Document, streams: Vec<Vec<u8>>) {
    let contents: Vec<ObjectId> = lo
        .get_pages()
        .values()
        .map(|page| {
            lo.get_dictionary(*page)
                .and_then(|dict| dict.get(b"Contents"))
                .and_then(Object::as_reference)
                .expect("printpdf gives every page a content stream")
        })
        .collect();
    for (id, stream) in contents.into_iter().zip(streams) {
        lo.objects
            .insert(id, Object::Stream(lopdf::Stream::new(Dictionary::new(), stream)));
    }
}

/// The running header (council and marking) and the footer (page N of M).
fn running_text(canvas: &mut Canvas, meta: &Properties, page: usize, total: usize) {
    let size = 8.5;
    let muted = layout::MUTED;
    let left = layout::MARGIN_X;
    let right = PAGE_WIDTH - layout::MARGIN_X;
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
}

/// Flate-compresses every stream not yet compressed. lopdf's own
/// `compress` uses the slowest level, which took half the time of a whole
/// render for a few per cent of size.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(stream) if stream.dict.get(b"Filter").is_err() => Some(stream),
            _ => None,
        })
        .filter_map(|stream| match Fonts::compressed(&stream.content) {
            Some(font) => {
                stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(font.to_vec());
                None
            }
            None => Some(stream),
        })
        .collect();
    // The pages' streams are most of the work left: each compresses alone,
    // so two threads share them, split by size. The bytes do not depend on
    // which thread compressed a stream.
    let total: usize = streams.iter().map(|s| s.content.len()).sum();
    let mut seen = 0;
    let split = streams
        .iter()
        .position(|s| {
            seen += s.content.len();
            seen * 2 >= total
        })
        .map_or(streams.len(), |i| i + 1);
    let (first, second) = streams.split_at_mut(split);
    std::thread::scope(|scope| {
        scope.spawn(|| deflate_all(first));
        deflate_all(second);
    });
}

/// One compressor for a run of streams: setting one up costs more than
/// compressing a short page.
fn deflate_all(streams: &mut [&mut lopdf::Stream]) {
    let mut compressor = flate2::Compress::new(flate2::Compression::default(), true);
    for stream in streams {
        let compressed = zlib_with(&mut compressor, &stream.content);
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    zlib_with(&mut flate2::Compress::new(flate2::Compression::default(), true), bytes)
}

/// `bytes` as one zlib stream, the output growing as it needs to.
fn zlib_with(compressor: &mut flate2::Compress, bytes: &[u8]) -> Vec<u8> {
    compressor.reset();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let read = compressor.total_in() as usize;
        match compressor.compress_vec(&bytes[read..], &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(e) => unreachable!("compressing in memory cannot fail: {e}"),
        }
    }
}

/// A string as PDF text: UTF-16 with a byte-order mark, so any character
/// the titles hold survives.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// What printpdf leaves out: the language, the title in the window, a nested
/// outline; and a PDF/X claim it makes that the file does not meet.
fn finish(lo: &mut lopdf::Document, layout: &Layout) {
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let outline = outline(lo, layout, &page_ids);
    if let Ok(info) = lo.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(Object::Dictionary(dict)) = lo.get_object_mut(info)
    {
        dict.remove(b"GTS_PDFXVersion");
        dict.remove(b"Trapped");
    }
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Lang", Object::string_literal("en-GB"));
        catalog.set(
            "ViewerPreferences",
            Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
        );
        catalog.remove(b"PageMode");
        if let Some(outline) = outline {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
}

/// The headings down to level 3 as a nested outline, each opening its page
/// at the heading.
fn outline(lo: &mut lopdf::Document, layout: &Layout, page_ids: &[ObjectId]) -> Option<ObjectId> {
    let headings: Vec<&layout::Heading> = layout.headings.iter().filter(|h| h.level <= 3).collect();
    if headings.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = headings.iter().map(|_| lo.new_object_id()).collect();
    // Each heading's parent: the nearest earlier heading of a higher level.
    let parents: Vec<Option<usize>> = (0..headings.len())
        .map(|i| (0..i).rev().find(|&j| headings[j].level < headings[i].level))
        .collect();
    let children =
        |parent: Option<usize>| -> Vec<usize> { (0..headings.len()).filter(|&i| parents[i] == parent).collect() };
    for (i, h) in headings.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&h.title));
        dict.set("Parent", Object::Reference(parents[i].map_or(root, |p| ids[p])));
        let siblings = children(parents[i]);
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if at > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        if let Some(page) = page_ids.get(h.page - 1) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(up(h.y - 12.0)),
                    Object::Null,
                ]),
            );
        }
        lo.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        dict.set("First", Object::Reference(ids[first]));
        dict.set("Last", Object::Reference(ids[last]));
    }
    dict.set("Count", Object::Integer(headings.len() as i64));
    lo.objects.insert(root, Object::Dictionary(dict));
    Some(root)
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
