//! A document as a Word file (.docx) to edit: the same blocks the PDF lays
//! out, written as WordprocessingML in Word's own built-in styles (Heading
//! 1 to 4, Normal, List Bullet, List Number, Caption, Quote, Table Grid), so
//! that the navigation pane, a table of contents and a council's corporate
//! template all work on it. Tables repeat their header row on every page;
//! grade and rating cells are shaded and keep their words. Evidence text is
//! always written as text, escaped for XML, never as markup.
//!
//! Nothing comes from the clock: the date is the evidence's, and every part
//! of the zip carries the same fixed time, so the same folder gives the
//! same bytes.

mod chart;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;

use super::blocks::{self, Block, Run};
use super::pdf::Theme;
use crate::model::templates::ReferenceDocx;
use crate::report::Properties;
use crate::report::chart::Chart;

/// The council's styles, with each built-in style they lack added, so that
/// every paragraph keeps a style of its own.
fn merged(reference: &ReferenceDocx, built_in: &str) -> String {
    let mut out = reference.styles.clone();
    let Some(end) = out.rfind("</w:styles>") else {
        return out;
    };
    let mut missing = String::new();
    for style in built_in.split("<w:style ").skip(1) {
        let style = style.split("</w:style>").next().unwrap_or_default();
        let Some(id) = style.split("w:styleId=\"").nth(1).and_then(|s| s.split('"').next()) else {
            continue;
        };
        if !out.contains(&format!("w:styleId=\"{id}\"")) {
            let _ = write!(missing, "<w:style {style}</w:style>");
        }
    }
    out.insert_str(end, &missing);
    out
}

/// A4, in twentieths of a point, with 2 cm margins.
const PAGE: (u32, u32) = (11906, 16838);
const MARGIN: u32 = 1134;

/// The Word file of `markdown`, its grade and rating `labels` shaded in the
/// theme's colours.
pub fn render(
    markdown: &str,
    meta: &Properties,
    theme: &Theme,
    labels: &[String],
    charts: &[Chart],
    reference: Option<&ReferenceDocx>,
) -> Vec<u8> {
    let blocks = blocks::parse(markdown, charts);
    let mut body = Body::new(theme, labels);
    for block in &blocks {
        body.block(block);
    }
    let document = format!(
        "{XML}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{}<w:sectPr>\
         <w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        body.xml, PAGE.0, PAGE.1
    );
    let built_in = styles(theme);
    let theme_part = reference.and_then(|r| r.theme.clone());
    let charts = body.charts.len();
    let mut parts: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types(theme_part.is_some(), charts),
        ),
        ("_rels/.rels".into(), package_rels()),
        ("docProps/core.xml".into(), core(meta)),
        ("docProps/app.xml".into(), app()),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(theme_part.is_some(), charts),
        ),
        ("word/document.xml".into(), document),
        (
            "word/styles.xml".into(),
            reference.map_or_else(|| built_in.clone(), |r| merged(r, &built_in)),
        ),
        ("word/numbering.xml".into(), numbering(body.lists)),
        ("word/settings.xml".into(), settings()),
        ("word/header1.xml".into(), header(meta)),
        ("word/footer1.xml".into(), footer()),
    ];
    for (n, chart) in body.charts.into_iter().enumerate() {
        parts.push((format!("word/charts/chart{}.xml", n + 1), chart));
    }
    if let Some(theme) = theme_part {
        parts.push(("word/theme/theme1.xml".into(), theme));
    }
    zip(&parts)
}

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Text made safe inside an XML element or attribute, as in HTML, without
/// the control characters XML 1.0 cannot hold at all.
fn escape(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| (*c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    super::html::escape_html(&text)
}

fn hex((r, g, b): (f32, f32, f32)) -> String {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{:02X}{:02X}{:02X}", byte(r), byte(g), byte(b))
}

/// The document's body, block by block, and how many lists it numbered.
struct Body<'a> {
    theme: &'a Theme,
    labels: &'a [String],
    xml: String,
    /// Bookmarks for the headings, so the contents' links go to them: Word
    /// names bookmarks in 40 characters, so each anchor gets a short one.
    bookmarks: HashMap<String, String>,
    anchors: super::Anchors,
    /// Bookmarks placed so far: each needs an id of its own.
    placed: usize,
    /// Second-level headings so far: with a cover, the second starts a page.
    chapters: usize,
    /// Each numbered list restarts at 1: one numbering instance per list.
    lists: usize,
    /// Whether the last block was an item of a numbered list, and which.
    in_list: Option<usize>,
    /// The chart parts, in the order the body places them.
    charts: Vec<String>,
}

impl<'a> Body<'a> {
    fn new(theme: &'a Theme, labels: &'a [String]) -> Body<'a> {
        Body {
            theme,
            labels,
            xml: String::new(),
            bookmarks: HashMap::new(),
            anchors: super::Anchors::default(),
            placed: 0,
            chapters: 0,
            lists: 0,
            in_list: None,
            charts: Vec::new(),
        }
    }

    fn bookmark(&mut self, anchor: &str) -> String {
        let n = self.bookmarks.len() + 1;
        self.bookmarks
            .entry(anchor.to_string())
            .or_insert_with(|| format!("_Heading{n}"))
            .clone()
    }

    fn block(&mut self, block: &Block) {
        if !matches!(block, Block::ListItem { .. }) {
            self.in_list = None;
        }
        match block {
            Block::Heading { level, runs } => {
                let anchor = self.anchors.next(&blocks::plain(runs));
                let name = self.bookmark(&anchor);
                self.placed += 1;
                let id = self.placed;
                let level = (*level).clamp(1, 4);
                // As in the PDF: the cover holds the title and the contents
                // (the first chapter heading), and the second starts a page.
                if level == 2 {
                    self.chapters += 1;
                }
                let page = if self.theme.cover && level == 2 && self.chapters == 2 {
                    "<w:pageBreakBefore/>"
                } else {
                    ""
                };
                let text = self.runs(runs);
                let _ = write!(
                    self.xml,
                    "<w:p><w:pPr><w:pStyle w:val=\"Heading{level}\"/>{page}</w:pPr>\
                     <w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>{text}<w:bookmarkEnd w:id=\"{id}\"/></w:p>"
                );
            }
            Block::Paragraph { runs } => {
                let text = self.runs(runs);
                let _ = write!(self.xml, "<w:p>{text}</w:p>");
            }
            Block::Quote { runs } => {
                let text = self.runs(runs);
                let _ = write!(self.xml, "<w:p><w:pPr><w:pStyle w:val=\"Quote\"/></w:pPr>{text}</w:p>");
            }
            Block::ListItem { depth, marker, runs } => {
                let numbered = marker.ends_with('.');
                let (style, num) = if numbered {
                    let list = match self.in_list {
                        Some(n) => n,
                        None => {
                            self.lists += 1;
                            self.lists
                        }
                    };
                    self.in_list = Some(list);
                    ("ListNumber", list + 1)
                } else {
                    self.in_list = None;
                    ("ListBullet", 1)
                };
                let text = self.runs(runs);
                let _ = write!(
                    self.xml,
                    "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/><w:numPr><w:ilvl w:val=\"{}\"/>\
                     <w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{text}</w:p>",
                    (*depth).min(8)
                );
            }
            Block::Table { caption, header, rows } => self.table(caption, header, rows),
            Block::Chart(chart) => self.chart(chart),
        }
    }

    /// Runs of text in their style; a link to a heading of the document
    /// goes to its bookmark, and the text stays plain text.
    fn runs(&mut self, runs: &[Run]) -> String {
        let mut out = String::new();
        for run in runs {
            let mut props = String::new();
            if run.bold {
                props.push_str("<w:b/>");
            }
            if run.italic {
                props.push_str("<w:i/>");
            }
            let anchor = run.link.as_deref().and_then(|l| l.strip_prefix('#'));
            if anchor.is_some() {
                props.insert_str(0, "<w:rStyle w:val=\"Hyperlink\"/>");
            }
            let r = format!(
                "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                if props.is_empty() {
                    String::new()
                } else {
                    format!("<w:rPr>{props}</w:rPr>")
                },
                escape(&run.text)
            );
            match anchor {
                Some(a) => {
                    let name = self.bookmark(a);
                    let _ = write!(
                        out,
                        "<w:hyperlink w:anchor=\"{name}\" w:history=\"1\">{r}</w:hyperlink>"
                    );
                }
                None => out.push_str(&r),
            }
        }
        out
    }

    fn table(&mut self, caption: &str, header: &[Vec<Run>], rows: &[Vec<Vec<Run>>]) {
        if !caption.is_empty() {
            let _ = write!(
                self.xml,
                "<w:p><w:pPr><w:pStyle w:val=\"Caption\"/><w:keepNext/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(caption)
            );
        }
        let columns = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
        let grid: String = column_widths(header, rows, columns, PAGE.0 - 2 * MARGIN)
            .iter()
            .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
            .collect();
        let _ = write!(
            self.xml,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
             <w:tblLook w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
             </w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        );
        // The header row repeats at the head of every page the table crosses.
        self.xml.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        for c in 0..columns {
            let runs: Vec<Run> = header
                .get(c)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|r| Run { bold: true, ..r })
                .collect();
            let cell = self.runs(&runs);
            let _ = write!(
                self.xml,
                "<w:tc><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr><w:p>{cell}</w:p></w:tc>",
                hex(self.theme.shade)
            );
        }
        self.xml.push_str("</w:tr>");
        for row in rows {
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for c in 0..columns {
                let runs = row.get(c).cloned().unwrap_or_default();
                // A grade or rating in bold is shaded as the HTML and the PDF shade it.
                let shade = (runs.len() == 1 && runs[0].bold)
                    .then(|| runs[0].text.trim())
                    .filter(|t| self.labels.iter().any(|l| l == t))
                    .and_then(|t| self.theme.label(t))
                    .map(|(fill, _)| {
                        format!(
                            "<w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr>",
                            hex(fill)
                        )
                    })
                    .unwrap_or_default();
                let cell = self.runs(&runs);
                let _ = write!(self.xml, "<w:tc>{shade}<w:p>{cell}</w:p></w:tc>");
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl><w:p/>");
    }

    /// A chart as Word's own chart under its title, described in words
    /// for a screen reader (see `chart`).
    fn chart(&mut self, chart: &Chart) {
        self.charts.push(chart::part(chart, self.theme));
        let width = u64::from(PAGE.0 - 2 * MARGIN) * 635;
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"Caption\"/><w:keepNext/></w:pPr><w:r><w:t xml:space=\"preserve\">Chart: {}</w:t></w:r></w:p>{}",
            escape(&chart.title),
            chart::inline(chart, self.charts.len(), width)
        );
    }
}

/// Starting widths for a table's columns, in twentieths of a point, within
/// `total`: LibreOffice draws a table at these widths, and Word starts from
/// them before fitting the content. As in the PDF, a short cell (a date, a
/// status, a grade) keeps to one line and a long one never breaks a word;
/// what is left goes to the columns with most to say.
fn column_widths(header: &[Vec<Run>], rows: &[Vec<Vec<Run>>], columns: usize, total: u32) -> Vec<u32> {
    /// Up to this many characters, a cell is kept on one line.
    const SHORT: usize = 18;
    /// Beyond this many characters, a cell wants no more room.
    const LONG: usize = 120;
    /// About a character of body text, and a cell's padding.
    const CHAR: u32 = 115;
    const PAD: u32 = 230;
    let cells = |c: usize| {
        std::iter::once(header.get(c))
            .chain(rows.iter().map(move |r| r.get(c)))
            .flatten()
    };
    let (least, wanted): (Vec<u32>, Vec<u32>) = (0..columns)
        .map(|c| {
            let (mut least, mut wanted) = (0, 0);
            for runs in cells(c) {
                let text = blocks::plain(runs);
                let length = text.chars().count();
                let word = text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
                least = least.max(if length <= SHORT { length } else { word });
                wanted = wanted.max(length.min(LONG));
            }
            (least as u32 * CHAR + PAD, wanted.max(least) as u32 * CHAR + PAD)
        })
        .unzip();
    let floor: u32 = least.iter().sum();
    if floor >= total {
        return least.iter().map(|w| w * total / floor).collect();
    }
    let extra: u32 = wanted.iter().zip(&least).map(|(w, l)| w - l).sum();
    let spare = total - floor;
    least
        .iter()
        .zip(&wanted)
        .map(|(l, w)| match extra {
            0 => l + spare / columns as u32,
            _ => l + (u64::from(w - l) * u64::from(spare) / u64::from(extra)) as u32,
        })
        .collect()
}

fn content_types(theme: bool, charts: usize) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let charts: String = (1..=charts)
        .map(|n| {
            format!(
                "<Override PartName=\"/word/charts/chart{n}.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
            )
        })
        .collect();
    format!(
        "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"{main}.numbering+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/>\
         <Override PartName=\"/word/header1.xml\" ContentType=\"{main}.header+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>{charts}{}\
         </Types>",
        if theme {
            "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>"
        } else {
            ""
        }
    )
}

fn package_rels() -> String {
    format!(
        "{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{R}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{R}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

fn document_rels(theme: bool, charts: usize) -> String {
    let charts: String = (1..=charts)
        .map(|n| format!("<Relationship Id=\"rIdChart{n}\" Type=\"{R}/chart\" Target=\"charts/chart{n}.xml\"/>"))
        .collect();
    format!(
        "{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"{R}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdNumbering\" Type=\"{R}/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"{R}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdHeader\" Type=\"{R}/header\" Target=\"header1.xml\"/>\
         <Relationship Id=\"rIdFooter\" Type=\"{R}/footer\" Target=\"footer1.xml\"/>{charts}{}\
         </Relationships>",
        if theme {
            format!("<Relationship Id=\"rIdTheme\" Type=\"{R}/theme\" Target=\"theme/theme1.xml\"/>")
        } else {
            String::new()
        }
    )
}

/// The title, author (the council), subject and language Word shows in the
/// file's properties, dated from the evidence.
fn core(meta: &Properties) -> String {
    let date = format!("{}T00:00:00Z", meta.date);
    format!(
        "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><dc:language>en-GB</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        escape(&meta.title),
        escape(&meta.subject),
        escape(&meta.council)
    )
}

fn app() -> String {
    format!(
        "{XML}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>selfeval</Application></Properties>"
    )
}

fn settings() -> String {
    format!("{XML}<w:settings xmlns:w=\"{W}\"><w:defaultTabStop w:val=\"720\"/><w:compat/></w:settings>")
}

/// Word's built-in styles, by their built-in names, in the look of the
/// stylesheet: a corporate template restyles them all by name.
fn styles(theme: &Theme) -> String {
    let (text, link) = (hex(theme.text), hex(theme.link));
    let heading = |n: u8, size: u8| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/></w:pPr>\
             <w:rPr><w:b/><w:sz w:val=\"{size}\"/></w:rPr></w:style>",
            if n == 1 { 360 } else { 240 },
            n - 1
        )
    };
    let mut out = format!(
        "{XML}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\" w:eastAsia=\"Arial\"/>\
         <w:color w:val=\"{text}\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
    );
    for (n, size) in [(1, 36), (2, 30), (3, 26), (4, 23)] {
        out.push_str(&heading(n, size));
    }
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/>\
         <w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/>\
         <w:qFormat/><w:pPr><w:ind w:left=\"567\"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ListNumber\"><w:name w:val=\"List Number\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:after=\"60\"/></w:pPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>\
         <w:rPr><w:color w:val=\"{link}\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         </w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:rPr><w:sz w:val=\"19\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:b/><w:sz w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz w:val=\"18\"/></w:rPr></w:style>\
         </w:styles>"
    );
    out
}

/// Bullets (numbering 1), and one numbering per numbered list so each
/// starts at 1.
fn numbering(lists: usize) -> String {
    let levels = |format: &str| -> String {
        (0..9)
            .map(|l| {
                let (text, fmt) = match format {
                    "bullet" => ("•".to_string(), "bullet"),
                    _ => (format!("%{}.", l + 1), "decimal"),
                };
                format!(
                    "<w:lvl w:ilvl=\"{l}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/>\
                     <w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                    720 + 360 * l
                )
            })
            .collect()
    };
    let mut out = format!(
        "{XML}<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"0\">{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\">{}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
        levels("bullet"),
        levels("decimal")
    );
    for n in 1..=lists {
        let _ = write!(
            out,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>",
            n + 1
        );
    }
    out.push_str("</w:numbering>");
    out
}

/// The council's protective marking at the head of every page.
fn header(meta: &Properties) -> String {
    format!(
        "{XML}<w:hdr xmlns:w=\"{W}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"right\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:hdr>",
        escape(&meta.marking)
    )
}

/// "Page N of M" at the foot of every page, as fields Word fills in.
fn footer() -> String {
    let field = |code: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {code} </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "{XML}<w:ftr xmlns:w=\"{W}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"right\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p></w:ftr>",
        field("PAGE"),
        field("NUMPAGES")
    )
}

/// The parts as a zip, each compressed and dated 1 January 1980 (the
/// format's own first day), in a fixed order.
fn zip(parts: &[(String, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (name, text) in parts {
            zip.start_file(name.as_str(), options).expect("writing a zip to memory");
            zip.write_all(text.as_bytes()).expect("writing a zip to memory");
        }
        zip.finish().expect("writing a zip to memory");
    }
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Vec<Run>> {
        texts
            .iter()
            .map(|t| {
                vec![Run {
                    text: t.to_string(),
                    ..Run::default()
                }]
            })
            .collect()
    }

    /// An actions table as LibreOffice draws it: the action has the most
    /// width, the date stays on one line, no word is broken.
    #[test]
    fn a_table_s_columns_are_as_wide_as_their_content_needs() {
        let header = cells(&["Action", "Owner", "Due", "Status"]);
        let long = "Review foster carer fees and allowances against neighbouring councils and introduce an enhanced fee scheme for carers of teenagers";
        let rows = vec![
            cells(&[long, "Head of Fostering", "31 December 2025", "In progress (overdue)"]),
            cells(&["Audit", "Principal Social Worker", "1 May 2026", "Done"]),
        ];
        let widths = column_widths(&header, &rows, 4, 9638);
        assert!(widths.iter().sum::<u32>() <= 9638);
        assert!(widths[0] * 3 > widths.iter().sum::<u32>(), "{widths:?}");
        assert!(widths[1..].iter().all(|w| *w < widths[0]), "{widths:?}");
        assert!(widths[2] >= 16 * 115, "the date on one line: {widths:?}");
        assert!(widths[1] >= "Principal".len() as u32 * 115, "{widths:?}");
    }

    #[test]
    fn evidence_text_is_written_as_text_never_as_xml() {
        assert_eq!(escape("<w:t>&\"x\"\u{1}"), "&lt;w:t&gt;&amp;&quot;x&quot;");
    }

    #[test]
    fn a_reference_s_styles_replace_the_built_in_ones_and_lacking_ones_are_added() {
        let built_in = styles(&Theme::built_in());
        let reference = ReferenceDocx {
            styles: format!(
                "{XML}<w:styles xmlns:w=\"{W}\"><w:style w:type=\"paragraph\" w:styleId=\"Heading1\">\
                 <w:name w:val=\"heading 1\"/><w:rPr><w:color w:val=\"C00000\"/></w:rPr></w:style></w:styles>"
            ),
            theme: None,
        };
        let merged = merged(&reference, &built_in);
        assert_eq!(merged.matches("w:styleId=\"Heading1\"").count(), 1);
        assert!(merged.contains("C00000"), "the council's heading");
        assert!(merged.contains("w:styleId=\"Caption\"") && merged.contains("w:styleId=\"TableGrid\""));
    }

    #[test]
    fn each_numbered_list_restarts_and_bullets_share_one_numbering() {
        let xml = numbering(2);
        assert!(xml.contains("<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/>"));
        assert!(xml.contains("<w:num w:numId=\"3\">"));
        assert!(!xml.contains("<w:num w:numId=\"4\">"));
    }
}
