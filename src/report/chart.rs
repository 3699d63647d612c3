//! A chart of a judgement's indicators, as data in the document's model:
//! bars for this year, the comparator and last year. The templates place it
//! with `{{ chart(chapter.chart) }}`, wherever they like, and the PDF and
//! the HTML draw it from these figures, so a template that renames or
//! drops the indicator table keeps its chart.

use serde::{Deserialize, Serialize};

use crate::model::framework::Unit;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Its heading, in words: "Each indicator this year, against England
    /// and last year".
    pub title: String,
    /// Every bar's figure in words, for a screen reader and as a PDF's
    /// alternative text: "Re-referrals within 12 months: this year 23.9%,
    /// England 22.6%, last year 27.4%; ...".
    pub description: String,
    /// The three series' names, in the order of each bar's figures.
    pub series: [String; 3],
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub name: String,
    /// This year, the comparator and last year; none where not known.
    pub values: [Option<f64>; 3],
    /// Each value as the bar is labelled: "23.9%", "362" (per 10,000, as
    /// the indicator's name says), or "not known".
    pub labels: [String; 3],
}

/// The figures of one indicator, before they are a bar.
pub struct Figures<'a> {
    pub name: &'a str,
    pub unit: Unit,
    pub values: [Option<f64>; 3],
}

/// The chart of a judgement's indicators: those with a figure for this year,
/// in the order given. None when no indicator has one: an empty chart says
/// nothing.
pub fn of(comparator_area: &str, indicators: &[Figures<'_>]) -> Option<Chart> {
    let shown: Vec<&Figures<'_>> = indicators.iter().filter(|f| f.values[0].is_some()).collect();
    if shown.is_empty() {
        return None;
    }
    let bars = shown
        .iter()
        .map(|f| Bar {
            name: f.name.to_string(),
            values: f.values,
            labels: f
                .values
                .map(|v| v.map_or_else(|| "not known".to_string(), |v| f.unit.short(v))),
        })
        .collect();
    let description = shown
        .iter()
        .map(|f| {
            let [now, area, last] = f
                .values
                .map(|v| v.map_or_else(|| "not known".to_string(), |v| f.unit.format(v)));
            format!(
                "{}: this year {now}, {comparator_area} {area}, last year {last}",
                f.name
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(Chart {
        title: format!("Each indicator this year, against {comparator_area} and last year"),
        description: format!("{description}."),
        series: [
            "This year".to_string(),
            comparator_area.to_string(),
            "Last year".to_string(),
        ],
        bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_shows_only_indicators_with_a_figure_this_year_and_says_them_in_words() {
        let chart = of(
            "England",
            &[
                Figures {
                    name: "Re-referrals within 12 months",
                    unit: Unit::Percent,
                    values: [Some(23.9), Some(22.6), None],
                },
                Figures {
                    name: "Not yet collected",
                    unit: Unit::Number,
                    values: [None, Some(4.0), Some(3.0)],
                },
                Figures {
                    name: "Children in care",
                    unit: Unit::Per10k,
                    values: [Some(62.0), Some(70.0), Some(64.0)],
                },
            ],
        )
        .expect("two indicators have a figure");
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(chart.bars[0].labels, ["23.9%", "22.6%", "not known"].map(String::from));
        assert_eq!(chart.bars[1].labels, ["62", "70", "64"].map(String::from));
        assert_eq!(
            chart.description,
            "Re-referrals within 12 months: this year 23.9%, England 22.6%, last year not known; \
             Children in care: this year 62 per 10,000, England 70 per 10,000, last year 64 per 10,000."
        );
        assert!(
            of(
                "England",
                &[Figures {
                    name: "x",
                    unit: Unit::Number,
                    values: [None, Some(1.0), None]
                }]
            )
            .is_none()
        );
    }
}
