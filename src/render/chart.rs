//! Where a template placed a chart: the `chart` function writes a marker
//! into the Markdown, an HTML comment naming the chart's place in the list
//! the renderer kept, and the PDF and the HTML draw that chart there.
//! Evidence text can never write one: it is escaped, `<` included.

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

/// The Markdown without its markers, for a Markdown file: it draws no
/// charts, and the table before each says the same.
pub fn without_markers(markdown: &str) -> String {
    markdown
        .split_inclusive('\n')
        .filter(|line| index(line).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_names_its_chart_and_leaves_no_trace_in_markdown() {
        assert_eq!(index(&marker(3)), Some(3));
        assert_eq!(index("<!-- a comment -->"), None);
        let text = format!("Table\n{}\nAfter\n", marker(0));
        assert_eq!(without_markers(&text), "Table\n\n\nAfter\n");
    }
}
