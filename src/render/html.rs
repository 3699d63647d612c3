//! Markdown to the body of the HTML document, with what CommonMark cannot
//! say: heading anchors for the contents, table captions, and grades and
//! ratings marked for colour (their words stay, so colour is never the only
//! signal). Raw HTML in the Markdown is shown as text: the templates have no
//! reason to contain any, and evidence must never become markup.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::chart;
use crate::report::chart::Chart;

/// A paragraph starting with this, right before a table, is its caption
/// (the convention pandoc reads too).
pub(super) const CAPTION: &str = "Table: ";

/// `charts` are the charts the templates placed, in the order of their
/// markers.
pub fn from_markdown(markdown: &str, labels: &[String], charts: &[Chart]) -> String {
    let mut events: Vec<Event> = Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .map(|e| match e {
            Event::Html(s) | Event::InlineHtml(s) => match chart::index(&s) {
                Some(n) => Event::Html(charts.get(n).map(|c| chart_svg(c, n + 1)).unwrap_or_default().into()),
                None => Event::Text(s),
            },
            e => e,
        })
        .collect();
    anchor_headings(&mut events);
    let events = captions(events);
    let events = label_cells(events);
    let events = mark_labels(events, labels);
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

/// The plain text of the events up to the end of the current element.
fn text_until_end(events: &[Event]) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for e in events {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Every heading gets a unique id, as code hosting sites give them.
fn anchor_headings(events: &mut [Event]) {
    let mut anchors = super::Anchors::default();
    for i in 0..events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let anchor = anchors.next(&text_until_end(&events[i + 1..]));
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor));
            }
        }
    }
}

/// Tables written out here rather than by pulldown-cmark: each body cell
/// carries its column's heading (`data-label`), so that on a phone the
/// stylesheet can show each row as a card of labelled values (a table of
/// four columns does not fit 390 pixels), and each header cell says it
/// heads a column (`scope`). ARIA table roles, which would keep the table's
/// semantics where a browser drops them with its display, are not allowed
/// on a table's own elements by the HTML standard (vnu refuses them).
fn label_cells(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut header: Vec<String> = Vec::new();
    let (mut in_head, mut column) = (false, 0);
    for (i, e) in events.iter().enumerate() {
        let html: Option<String> = match e {
            Event::Start(Tag::Table(_)) => Some("<table>".into()),
            Event::End(TagEnd::Table) => Some("</tbody></table>\n".into()),
            Event::Start(Tag::TableHead) => {
                header.clear();
                in_head = true;
                Some("<thead><tr>".into())
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                Some("</tr></thead><tbody>".into())
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                Some("<tr>".into())
            }
            Event::End(TagEnd::TableRow) => Some("</tr>".into()),
            Event::Start(Tag::TableCell) if in_head => {
                header.push(text_until_end(&events[i + 1..]));
                Some("<th scope=\"col\">".into())
            }
            Event::End(TagEnd::TableCell) if in_head => Some("</th>".into()),
            Event::Start(Tag::TableCell) => {
                let label = header.get(column).map(String::as_str).unwrap_or_default();
                column += 1;
                Some(format!("<td data-label=\"{}\">", escape_html(label.trim())))
            }
            Event::End(TagEnd::TableCell) => Some("</td>".into()),
            _ => None,
        };
        out.push(match html {
            Some(html) => Event::Html(html.into()),
            None => e.clone(),
        });
    }
    out
}

fn captions(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // Each table's frame is a landmark, so each needs a name of its own:
    // a caption used again ("Open actions" in every chapter) is told apart
    // by the chapter it stands in.
    let mut names: Vec<String> = Vec::new();
    let mut chapter = String::new();
    let mut name = |caption: &str, chapter: &str| -> String {
        let mut name = caption.to_string();
        if names.contains(&name) && !chapter.is_empty() {
            name = format!("{caption}: {chapter}");
        }
        let base = name.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.push(name.clone());
        name
    };
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level: pulldown_cmark::HeadingLevel::H2,
            ..
        }) = &events[i]
        {
            chapter = text_until_end(&events[i + 1..]);
        }
        if matches!(events[i], Event::Start(Tag::Paragraph)) {
            let text = text_until_end(&events[i + 1..]);
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
                .map(|p| i + p);
            if let (Some(caption), Some(end)) = (text.strip_prefix(CAPTION), end)
                && matches!(events.get(end + 1), Some(Event::Start(Tag::Table(_))))
            {
                out.push(scroll_region(&name(caption.trim(), &chapter)));
                out.push(events[end + 1].clone());
                out.push(Event::Html(
                    format!("<caption>{}</caption>", escape_html(caption.trim())).into(),
                ));
                i = end + 2;
                continue;
            }
        }
        match &events[i] {
            Event::Start(Tag::Table(_)) => out.push(scroll_region(&name("Table", &chapter))),
            Event::End(TagEnd::Table) => {
                out.push(events[i].clone());
                out.push(Event::Html("</div>\n".into()));
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// A table's frame: on a narrow screen (a phone is 390 pixels wide) a wide
/// table scrolls sideways inside it rather than being cut off, and the
/// frame can be reached and scrolled from the keyboard, named by the
/// table's caption.
fn scroll_region(name: &str) -> Event<'static> {
    Event::Html(
        format!(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
            escape_html(name)
        )
        .into(),
    )
}

/// `**Good**` becomes `<strong class="label label-good">Good</strong>`.
fn mark_labels<'a>(events: Vec<Event<'a>>, labels: &[String]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Strong), Some(Event::Text(t)), Some(Event::End(TagEnd::Strong))) =
            (&events[i], events.get(i + 1), events.get(i + 2))
            && labels.iter().any(|l| l == t.as_ref())
        {
            out.push(Event::Html(
                format!(
                    "<strong class=\"label label-{}\">{}</strong>",
                    super::slug(t),
                    escape_html(t)
                )
                .into(),
            ));
            i += 3;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

pub(super) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The bundled font as `@font-face` rules with the faces inside them, so
/// that the one HTML file looks like the PDF on a machine without the font.
pub fn font_faces() -> String {
    use base64::Engine as _;
    let faces = [
        ("normal", "normal"),
        ("bold", "normal"),
        ("normal", "italic"),
        ("bold", "italic"),
    ];
    let mut out = String::new();
    for ((weight, style), bytes) in faces.iter().zip(super::pdf::fonts::FACES) {
        out.push_str(&format!(
            "@font-face {{ font-family: \"Atkinson Hyperlegible\"; font-weight: {weight}; font-style: {style}; \
             font-display: swap; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}\n",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ));
    }
    out
}

/// A chart as an inline SVG: bars for this year, the comparator and last
/// year, each labelled with its value, with the same figures in words for a
/// screen reader.
fn chart_svg(chart: &Chart, n: usize) -> String {
    // Drawn narrow, as a phone shows it (a 360-unit box at about its own
    // size), and no wider than 30rem on a desktop, so that its text reads
    // at both: names wrap onto lines of their own above their bars.
    const WIDTH: f64 = 360.0;
    const LINE: f64 = 14.0;
    const NAME_CHARS: usize = 56;
    let classes = ["now", "comparator", "last"];
    let (bar, step) = (9.0, 13.0);
    let plot = WIDTH - 60.0;
    let names: Vec<Vec<String>> = chart.bars.iter().map(|b| wrap_words(&b.name, NAME_CHARS)).collect();
    let row = |lines: usize| lines as f64 * LINE + 3.0 * step + 8.0;
    let key = 22.0;
    let height = key + names.iter().map(|l| row(l.len())).sum::<f64>();
    let mut svg = format!(
        "<figure class=\"chart\"><figcaption>Chart: {}</figcaption>\
         <svg viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"chart-{n}\">\
         <title id=\"chart-{n}\">Chart: {}. {}</title>",
        escape_html(&chart.title),
        escape_html(&chart.title),
        escape_html(&chart.description)
    );
    // The key.
    let mut x = 0.0;
    for (name, class) in chart.series.iter().zip(classes) {
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x}\" y=\"4\" width=\"12\" height=\"9\"/><text x=\"{}\" y=\"12\">{}</text>",
            x + 16.0,
            escape_html(name)
        ));
        x += 16.0 + 6.5 * name.chars().count() as f64 + 14.0;
    }
    let mut top = key;
    for (b, lines) in chart.bars.iter().zip(&names) {
        for (k, line) in lines.iter().enumerate() {
            svg.push_str(&format!(
                "<text x=\"0\" y=\"{}\">{}</text>",
                top + 11.0 + k as f64 * LINE,
                escape_html(line)
            ));
        }
        let bars_top = top + lines.len() as f64 * LINE + 2.0;
        let max = chart.scale(b).max(f64::EPSILON);
        for (k, ((value, text), class)) in b.values.iter().zip(&b.labels).zip(classes).enumerate() {
            let y = bars_top + k as f64 * step;
            let w = value.map_or(0.0, |v| (v / max * plot).max(1.0));
            if w > 0.0 {
                svg.push_str(&format!(
                    "<rect class=\"{class}\" x=\"0\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar}\"/>"
                ));
            }
            svg.push_str(&format!(
                "<text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                w + 4.0,
                y + bar - 0.5,
                escape_html(text)
            ));
        }
        top += row(lines.len());
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// Text broken between words into lines of at most `chars` characters (a
/// longer word stands on its own line).
fn wrap_words(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}
