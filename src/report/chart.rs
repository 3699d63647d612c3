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
    /// One scale for every bar, where the bars are one indicator's years;
    /// else each bar's three are scaled to their largest, as indicators in
    /// different units are.
    #[serde(default)]
    pub shared_scale: bool,
}

impl Chart {
    /// The figure a bar's full width stands for.
    pub fn scale(&self, bar: &Bar) -> f64 {
        let largest = |b: &Bar| b.values.iter().flatten().fold(0.0f64, |m, v| m.max(*v));
        if self.shared_scale {
            self.bars.iter().map(largest).fold(0.0, f64::max)
        } else {
            largest(bar)
        }
    }
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
        shared_scale: false,
    })
}

/// One year of an indicator, before it is a bar.
pub struct Year {
    pub label: String,
    pub values: [Option<f64>; 3],
}

/// Five years of one indicator: the council, England and its statistical
/// neighbours, a bar per year on one scale. None with fewer than two years
/// of the council's own figures: one year is no trend.
pub fn history(name: &str, unit: Unit, council: &str, years: &[Year]) -> Option<Chart> {
    if years.iter().filter(|y| y.values[0].is_some()).count() < 2 {
        return None;
    }
    let words = |v: Option<f64>| v.map_or_else(|| "not known".to_string(), |v| unit.format(v));
    let description = years
        .iter()
        .map(|y| {
            format!(
                "{}: {council} {}, England {}, statistical neighbours {}",
                y.label,
                words(y.values[0]),
                words(y.values[1]),
                words(y.values[2])
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(Chart {
        title: format!("{name}: {council} over five years, against England and statistical neighbours"),
        description: format!("{description}."),
        series: [
            council.to_string(),
            "England".to_string(),
            "Statistical neighbours".to_string(),
        ],
        bars: years
            .iter()
            .map(|y| Bar {
                name: y.label.clone(),
                values: y.values,
                labels: y
                    .values
                    .map(|v| v.map_or_else(|| "not known".to_string(), |v| unit.short(v))),
            })
            .collect(),
        shared_scale: true,
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
