//! The chart after each indicator table, as the PDF and the HTML both draw
//! it: which table has one, and its figures, read from the table itself so
//! that the chart always shows the same figures as the table above it.

/// A table whose caption starts with this is followed by a chart of it.
pub const CHART_AFTER: &str = "Indicators against";

/// An indicator table's figures: the three series' names (this year, the
/// comparator, last year) and a bar group for each indicator with a figure
/// this year.
pub struct Chart {
    pub series: [String; 3],
    pub bars: Vec<Bar>,
}

pub struct Bar {
    /// The indicator's name, without the note the table adds in brackets.
    pub name: String,
    /// This year, the comparator and last year; none where the cell has no
    /// number.
    pub values: [Option<Value>; 3],
    /// The three cells as the table gives them ("–" where there is none).
    pub cells: [String; 3],
}

pub struct Value {
    pub size: f64,
    /// The value as the table gives it, without a long unit: "23.9%"
    /// stays, "362 per 10,000 children" becomes "362".
    pub label: String,
}

/// The chart of a table, if it is an indicator table with a figure for this
/// year somewhere: `header` and `rows` are its cells' plain text.
pub fn of_table(caption: &str, header: &[String], rows: &[Vec<String>]) -> Option<Chart> {
    if !caption.starts_with(CHART_AFTER) || header.len() < 4 || header[1] != "This year" || header[3] != "Last year" {
        return None;
    }
    let bars: Vec<Bar> = rows
        .iter()
        .filter_map(|row| {
            let cell = |c: usize| row.get(c).cloned().unwrap_or_default();
            let value = |c: usize| {
                let text = cell(c);
                leading_number(&text).map(|size| Value {
                    size,
                    label: text.split(" per ").next().unwrap_or(&text).to_string(),
                })
            };
            let values = [value(1), value(2), value(3)];
            values[0].is_some().then(|| Bar {
                name: cell(0).split(" (").next().unwrap_or_default().to_string(),
                values,
                cells: [cell(1), cell(2), cell(3)],
            })
        })
        .collect();
    (!bars.is_empty()).then(|| Chart {
        series: [header[1].clone(), header[2].clone(), header[3].clone()],
        bars,
    })
}

/// The number a cell starts with: "23.9%" is 23.9, "330 per 10,000" is 330.
fn leading_number(text: &str) -> Option<f64> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    text[..end].parse().ok()
}
