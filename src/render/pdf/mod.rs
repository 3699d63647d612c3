//! A document as a print-ready, tagged PDF, drawn natively: the Markdown
//! from the templates is read with pulldown-cmark (`blocks`), laid out on A4
//! pages by our own code (`layout`, with `text`, `table` and `chart`) in the
//! look the stylesheet gives (`theme`), every item drawn marked as part of
//! an element of the document's structure or as an artifact (`tags`), and
//! each page's drawing written as PDF operators (`draw`). printpdf builds
//! the document around the pages (the bundled font embedded with its widths
//! and text (`fonts`), and the properties). lopdf then adds what printpdf
//! cannot: the links, a nested outline that follows the headings, the
//! structure tree, the document language, the title shown in the viewer's
//! window and the XMP metadata with the PDF/UA-1 claim.
//!
//! Nothing comes from the clock or the machine: the date is the evidence's,
//! so the same folder gives the same bytes.

use crate::render::blocks;
mod chart;
mod draw;
pub(super) mod fonts;
mod layout;
mod table;
mod tags;
mod text;
mod theme;

use std::collections::HashMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

pub use fonts::prepare;
pub use theme::Theme;

use crate::report::Properties;
use crate::report::chart::Chart;
use draw::{Canvas, Drawn, running_text, up};
use fonts::{Fonts, REPLACEMENT};
use layout::{Item, Layout, Writer};
use tags::Mark;

/// Objects packed in each compressed object stream: the structure tree's
/// thousand small objects in a few streams, not ten.
const OBJECTS_PER_STREAM: usize = 400;

pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font cannot draw, shown as "?" in the document.
    pub replaced: Vec<char>,
}

/// Lays out and draws the document, its grade and rating `labels` shaded
/// in the theme's colours.
pub fn render(markdown: &str, meta: &Properties, theme: &Theme, labels: &[String], charts: &[Chart]) -> Pdf {
    let mut doc = PdfDocument::new(&meta.title);
    let fonts = Fonts::load(&mut doc);

    let mut replaced = Vec::new();
    let markdown = printable(&fonts, markdown, &mut replaced);
    let charts: Vec<Chart> = charts
        .iter()
        .map(|c| {
            let mut c = c.clone();
            let mut own = |text: &mut String| *text = printable(&fonts, text, &mut replaced);
            own(&mut c.title);
            c.series.iter_mut().for_each(&mut own);
            for bar in &mut c.bars {
                own(&mut bar.name);
                bar.labels.iter_mut().for_each(&mut own);
            }
            c
        })
        .collect();
    replaced.sort_unstable();
    replaced.dedup();
    let blocks = blocks::parse(&markdown, &charts);

    let layout = lay_out(&fonts, theme, labels, &blocks);

    let total = layout.pages.len();
    // Each page's content stream is written here (see `Canvas`); printpdf
    // gets, on the first page, one run of every character drawn per face,
    // so that it embeds their widths and their text.
    let mut drawn = Drawn::default();
    let mut streams = Vec::with_capacity(total);
    let mut pages: Vec<PdfPage> = Vec::with_capacity(total);
    for (i, page) in layout.pages.iter().enumerate() {
        // Running text first, so a reader of the text stream meets a
        // page's furniture before its body, not inside a paragraph.
        let mut canvas = Canvas::new(&fonts, &layout.tags, &mut drawn);
        running_text(&mut canvas, meta, theme, i + 1, total);
        for (item, mark) in page.items.iter().zip(&page.marks) {
            canvas.draw(item, *mark);
        }
        canvas.end();
        streams.push(canvas.stream);
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), Vec::new()));
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
    finish(&mut lo, &layout, meta);
    compress(&mut lo);
    // PDF/UA-1 is a profile of PDF 1.7; objects are packed into compressed
    // object streams, without which the structure tree doubled the file.
    lo.version = "1.7".to_string();
    let mut bytes = Vec::new();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(OBJECTS_PER_STREAM)
        .compression_level(6)
        .build();
    lo.save_with_options(&mut bytes, options)
        .expect("writing a PDF to memory");
    Pdf {
        bytes,
        pages: total,
        replaced,
    }
}

fn lay_out(fonts: &Fonts, theme: &Theme, labels: &[String], blocks: &[blocks::Block]) -> Layout {
    let mut writer = Writer::new(fonts, theme, labels);
    for (i, block) in blocks.iter().enumerate() {
        writer.block(block, blocks.get(i + 1));
    }
    writer.finish()
}

/// The text with each character the font cannot draw as "?", noted in
/// `replaced`.
fn printable(fonts: &Fonts, text: &str, replaced: &mut Vec<char>) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || fonts.has(c) {
                c
            } else {
                replaced.push(c);
                REPLACEMENT
            }
        })
        .collect()
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

/// Flate-compresses every stream not yet compressed. lopdf's own
/// `compress` uses the slowest level, which took half the time of a whole
/// render for a few per cent of size.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(stream) if stream.allows_compression && stream.dict.get(b"Filter").is_err() => Some(stream),
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
/// outline, the links, the structure a screen reader reads and the PDF/UA
/// claim in the metadata; and a PDF/X claim it makes that the file does not
/// meet.
fn finish(lo: &mut lopdf::Document, layout: &Layout, meta: &Properties) {
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let outline = outline(lo, layout, &page_ids);
    let pages = links(lo, layout, &page_ids);
    let structure = tags::structure(lo, &layout.tags, &pages);
    let metadata = lo.add_object(xmp(meta));
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
        catalog.set(
            "MarkInfo",
            Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
        );
        catalog.set("StructTreeRoot", Object::Reference(structure));
        catalog.set("Metadata", Object::Reference(metadata));
        catalog.remove(b"PageMode");
        if let Some(outline) = outline {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
}

/// Each page's link annotations, made from the layout's link areas: a web
/// address, or a heading's place in the document. Each is described by its
/// link's words, and the tab order follows the structure.
fn links(lo: &mut lopdf::Document, layout: &Layout, page_ids: &[ObjectId]) -> Vec<tags::PageObjects> {
    let anchors: HashMap<&str, (usize, f32)> = layout
        .headings
        .iter()
        .map(|h| (h.anchor.as_str(), (h.page, h.y)))
        .collect();
    let mut pages = Vec::with_capacity(page_ids.len());
    for (page, &page_id) in layout.pages.iter().zip(page_ids) {
        let mut annotations = Vec::new();
        for (item, mark) in page.items.iter().zip(&page.marks) {
            let (Item::Link { x, y, w, h, target }, Mark::Link { element }) = (item, mark) else {
                continue;
            };
            let action = match target.strip_prefix('#') {
                Some(anchor) => match anchors
                    .get(anchor)
                    .and_then(|(p, top)| Some((page_ids.get(p - 1)?, top)))
                {
                    Some((to, top)) => ("Dest", destination(*to, *top)),
                    None => {
                        annotations.push(None);
                        continue;
                    }
                },
                None => (
                    "A",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("S", Object::Name(b"URI".to_vec())),
                        ("URI", Object::string_literal(target.as_str())),
                    ])),
                ),
            };
            let words = &layout.tags.elements[*element].text;
            let annotation = lo.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    Object::Array(vec![
                        Object::Real(*x),
                        Object::Real(up(y + h)),
                        Object::Real(x + w),
                        Object::Real(up(*y)),
                    ]),
                ),
                (
                    "Border",
                    Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)]),
                ),
                ("Contents", text_string(words)),
                ("P", Object::Reference(page_id)),
                action,
            ]));
            annotations.push(Some(annotation));
        }
        if let Ok(Object::Dictionary(dict)) = lo.get_object_mut(page_id) {
            dict.set("Tabs", Object::Name(b"S".to_vec()));
            let made: Vec<Object> = annotations.iter().flatten().map(|a| Object::Reference(*a)).collect();
            if !made.is_empty() {
                dict.set("Annots", Object::Array(made));
            }
        }
        pages.push(tags::PageObjects {
            page: page_id,
            annotations,
        });
    }
    pages
}

/// A place on a page: its top `y` down from the top, a little above.
fn destination(page: ObjectId, y: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(up(y - 12.0)),
        Object::Null,
    ])
}

/// The document's XMP metadata: its title, author, subject and language as
/// in the document information, and the PDF/UA-1 identification. Written
/// uncompressed, as XMP is meant to be found.
fn xmp(meta: &Properties) -> lopdf::Stream {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let date = format!("{}T00:00:00Z", meta.date);
    let xml = format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
         <dc:format>application/pdf</dc:format>\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
         <dc:creator><rdf:Seq><rdf:li>{council}</rdf:li></rdf:Seq></dc:creator>\n\
         <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
         <dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>\n\
         <xmp:CreatorTool>selfeval</xmp:CreatorTool>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
         <pdf:Producer>selfeval (printpdf)</pdf:Producer>\n\
         <pdfuaid:part>1</pdfuaid:part>\n\
         </rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>",
        title = escape(&meta.title),
        council = escape(&meta.council),
        subject = escape(&meta.subject),
    );
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Metadata".to_vec())),
        ("Subtype", Object::Name(b"XML".to_vec())),
    ]);
    let mut stream = lopdf::Stream::new(dict, xml.into_bytes());
    stream.allows_compression = false;
    stream
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
            dict.set("Dest", destination(*page, h.y));
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
