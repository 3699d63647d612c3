//! Where a template placed a chart: the `chart` function writes a marker
//! into the Markdown, an HTML comment naming the chart's place in the list
//! the renderer kept, and the PDF and the HTML draw that chart there.
//! Evidence text can never write one: it is escaped, `<` included.

use super::markdown::escape_markdown;
use crate::report::chart::Chart;

const OPEN: &str = "<!-- selfeval chart ";
const CLOSE: &str = " -->";

/// The marker for the `n`th chart of a document, on a line of its own.
pub fn marker(n: usize) -> String {
    format!("\n{OPEN}{n}{CLOSE}\n")
}

/// Which chart a piece of raw HTML in the Markdown marks, if it is a marker.
pub fn index(html: &str) -> Option<usize> {
    html.trim().strip_prefix(OPEN)?.strip_suffix(CLOSE)?.parse().ok()
}

/// The Markdown for a Markdown file, which draws no charts: a judgement's
/// chart goes (the table before it says the same), and an indicator's years
/// become a table of their own, as no other table gives them.
pub fn without_markers(markdown: &str, charts: &[Chart]) -> String {
    markdown
        .split_inclusive('\n')
        .map(|line| match index(line).map(|n| charts.get(n)) {
            Some(Some(chart)) if chart.shared_scale => as_table(chart),
            Some(_) => String::new(),
            None => line.to_string(),
        })
        .collect()
}

fn as_table(chart: &Chart) -> String {
    let mut out = format!("Table: {}\n\n| Year |", escape_markdown(&chart.title));
    for s in &chart.series {
        out.push_str(&format!(" {} |", escape_markdown(s)));
    }
    out.push_str("\n| --- | --- | --- | --- |\n");
    for bar in &chart.bars {
        out.push_str(&format!("| {} |", escape_markdown(&bar.name)));
        for label in &bar.labels {
            out.push_str(&format!(" {} |", escape_markdown(label)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_names_its_chart_and_leaves_no_trace_in_markdown() {
        assert_eq!(index(&marker(3)), Some(3));
        assert_eq!(index("<!-- a comment -->"), None);
        let text = format!("Table\n{}\nAfter\n", marker(0));
        assert_eq!(without_markers(&text, &[]), "Table\n\n\nAfter\n");
    }
}
