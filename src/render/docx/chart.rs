//! A chart as Word's own chart (DrawingML), not a picture: Word and
//! LibreOffice draw it from the figures it holds, a council can restyle it
//! with the rest of the document, and its alternative text is the figures
//! in words. As in the PDF, each indicator's bars are scaled to the largest
//! of its three, so that indicators in different units sit together: the
//! value axis is hidden and each bar is labelled with its own figure.

use std::fmt::Write as _;

use super::{R, escape, hex};
use crate::render::pdf::Theme;
use crate::report::chart::Chart;

const C: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";

/// English Metric Units in a centimetre, Word's measure for drawings.
const EMU_PER_CM: u64 = 360_000;

/// The paragraph that places chart part `n` (from 1), `width` EMU wide, in
/// the document, with its alternative text.
pub(super) fn inline(chart: &Chart, n: usize, width: u64) -> String {
    // A row of three bars per indicator, and room for the key.
    let height = EMU_PER_CM * 2 + chart.bars.len() as u64 * EMU_PER_CM * 11 / 10;
    format!(
        "<w:p><w:r><w:drawing><wp:inline xmlns:wp=\"{WP}\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{width}\" cy=\"{height}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
         <wp:docPr id=\"{n}\" name=\"Chart {n}\" title=\"{title}\" descr=\"{descr}\"/><wp:cNvGraphicFramePr/>\
         <a:graphic xmlns:a=\"{A}\"><a:graphicData uri=\"{C}\">\
         <c:chart xmlns:c=\"{C}\" xmlns:r=\"{R}\" r:id=\"rIdChart{n}\"/>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        title = escape(&chart.title),
        descr = escape(&chart.description),
    )
}

/// The chart part: a bar chart with a bar per series for each indicator,
/// the first indicator at the top, in the theme's colours.
pub(super) fn part(chart: &Chart, theme: &Theme) -> String {
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <c:chartSpace xmlns:c=\"{C}\" xmlns:a=\"{A}\" xmlns:r=\"{R}\">\
         <c:roundedCorners val=\"0\"/><c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>\
         <c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"
    );
    let rows = chart.bars.len();
    let names: String = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| format!("<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", escape(&b.name)))
        .collect();
    let column = |s: usize| char::from(b'B' + s as u8);
    for (s, (series, colour)) in chart.series.iter().zip(theme.series()).enumerate() {
        let col = column(s);
        let (mut values, mut labels) = (String::new(), String::new());
        for (i, bar) in chart.bars.iter().enumerate() {
            let max = chart.scale(bar);
            let Some(value) = bar.values[s] else {
                continue;
            };
            let scaled = if max > 0.0 { value / max * 100.0 } else { 0.0 };
            let _ = write!(values, "<c:pt idx=\"{i}\"><c:v>{scaled:.1}</c:v></c:pt>");
            let _ = write!(
                labels,
                "<c:dLbl><c:idx val=\"{i}\"/><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{}</a:t></a:r></a:p></c:rich></c:tx>\
                 <c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/>\
                 <c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbl>",
                escape(&bar.labels[s])
            );
        }
        let _ = write!(
            xml,
            "<c:ser><c:idx val=\"{s}\"/><c:order val=\"{s}\"/>\
             <c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>\
             <c:spPr><a:solidFill><a:srgbClr val=\"{fill}\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>\
             <c:dLbls>{labels}<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>\
             <c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>\
             <c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache><c:ptCount val=\"{rows}\"/>{names}</c:strCache></c:strRef></c:cat>\
             <c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${last}</c:f><c:numCache><c:formatCode>General</c:formatCode>\
             <c:ptCount val=\"{rows}\"/>{values}</c:numCache></c:numRef></c:val></c:ser>",
            name = escape(series),
            fill = hex(colour),
            last = rows + 1,
        );
    }
    let _ = write!(
        xml,
        "<c:gapWidth val=\"60\"/><c:axId val=\"1\"/><c:axId val=\"2\"/></c:barChart>\
         <c:catAx><c:axId val=\"1\"/><c:scaling><c:orientation val=\"maxMin\"/></c:scaling><c:delete val=\"0\"/>\
         <c:axPos val=\"l\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>\
         <c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"2\"/><c:crosses val=\"autoZero\"/>\
         <c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>\
         <c:valAx><c:axId val=\"2\"/><c:scaling><c:orientation val=\"minMax\"/><c:max val=\"120\"/><c:min val=\"0\"/></c:scaling>\
         <c:delete val=\"1\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>\
         <c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>\
         <c:crossAx val=\"1\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx>\
         </c:plotArea><c:legend><c:legendPos val=\"t\"/><c:overlay val=\"0\"/></c:legend>\
         <c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>\
         <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"800\"/></a:pPr><a:endParaRPr lang=\"en-GB\"/></a:p></c:txPr>\
         </c:chartSpace>"
    );
    xml
}
