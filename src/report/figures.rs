//! `selfeval figures`: an authority's published indicators against its
//! region, its statistical neighbours and England, year by year, with the
//! ones furthest worse than the neighbours first: the picture a QA lead
//! wants in a minute, as a table, CSV or JSON.

use serde::Serialize;

use crate::assess::indicators::band;
use crate::model::framework::{Choice, Framework, Unit};
use crate::model::library::{Band, Rules};
use crate::model::published::{ATTRIBUTION, Area, Cell, Published, SOURCE, Suppression, year_label};

/// How many years each indicator shows.
pub const YEARS: u16 = 5;

#[derive(Debug, Serialize)]
pub struct Figures {
    pub authority: String,
    pub code: String,
    pub ons_codes: Vec<String>,
    pub region: String,
    pub neighbours: Vec<String>,
    pub indicators: Vec<IndicatorFigures>,
    pub source: String,
    pub licence: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorFigures {
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub unit: Unit,
    /// The latest year shown against the neighbours: "worse", "similar",
    /// "better", or none (context only, or no figure to compare).
    pub against_neighbours: Option<&'static str>,
    #[serde(skip)]
    order: (u8, i64),
    /// Oldest first.
    pub years: Vec<YearRow>,
}

#[derive(Debug, Serialize)]
pub struct YearRow {
    pub year: u16,
    pub period: String,
    pub council: Figure,
    pub region: Figure,
    pub neighbours: Option<f64>,
    /// How many neighbours had a figure.
    pub neighbours_with_figure: usize,
    pub england: Option<f64>,
}

/// A published cell: a number, or why there is none.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Figure {
    pub value: Option<f64>,
    /// Why there is no number where DfE suppressed it, written as DfE's
    /// code ("c").
    pub suppressed: Option<Suppression>,
}

impl Figure {
    fn of(cell: Option<Cell>) -> Figure {
        match cell {
            Some(Cell::Value(v)) => Figure {
                value: Some(v),
                suppressed: None,
            },
            Some(Cell::Suppressed(s)) => Figure {
                value: None,
                suppressed: Some(s),
            },
            None => Figure {
                value: None,
                suppressed: None,
            },
        }
    }
}

pub fn build(published: &Published, area: &Area, framework: &Framework, rules: &Rules, last: Option<u16>) -> Figures {
    let region = area.region.as_deref().and_then(|r| published.area(r));
    let mut indicators: Vec<IndicatorFigures> = framework
        .indicators
        .iter()
        .filter(|i| published.has(&i.id))
        .filter_map(|ind| {
            let years: Vec<u16> = published
                .years_of(&ind.id)
                .into_iter()
                .filter(|y| last.is_none_or(|l| *y <= l))
                .collect();
            let shown = &years[years.len().saturating_sub(YEARS as usize)..];
            if shown.is_empty() {
                return None;
            }
            let rows: Vec<YearRow> = shown
                .iter()
                .map(|&year| {
                    let b = published.benchmarks(&ind.id, ind.period_type, (year, false), Some(area), true);
                    YearRow {
                        year,
                        period: year_label(ind.period_type, year),
                        council: Figure::of(published.cell(&ind.id, &area.key, year)),
                        region: Figure::of(region.and_then(|r| published.cell(&ind.id, &r.key, year))),
                        neighbours: b.neighbours.as_ref().and_then(|n| n.value),
                        neighbours_with_figure: b.neighbours.as_ref().map_or(0, |n| n.with_figure),
                        england: b.england,
                    }
                })
                .collect();
            let latest = rows.last()?;
            let against = latest
                .council
                .value
                .zip(latest.neighbours)
                .and_then(|(v, n)| band(rules, ind, v, n).map(|b| (b, v, n)));
            // Worse first, the furthest worse (as a share of the neighbours' figure) before the rest.
            let order = match against {
                Some((Band::Worse, v, n)) => (0, -(((v - n).abs() / n.abs().max(1e-9)) * 1e6) as i64),
                Some((Band::Similar, ..)) => (1, 0),
                Some((Band::Better, v, n)) => (2, (((v - n).abs() / n.abs().max(1e-9)) * 1e6) as i64),
                None => (3, 0),
            };
            Some(IndicatorFigures {
                id: ind.id.clone(),
                title: ind.short_title.clone(),
                unit: ind.unit,
                against_neighbours: against.map(|(b, ..)| b.word()),
                order,
                years: rows,
            })
        })
        .collect();
    // Stable: the framework's order among equals.
    indicators.sort_by_key(|i| i.order);
    Figures {
        authority: area.name.clone(),
        code: area.key.clone(),
        ons_codes: area.codes.clone(),
        region: region.map(|r| r.name.clone()).unwrap_or_default(),
        neighbours: area
            .neighbours
            .iter()
            .map(|n| published.area(n).map_or_else(|| n.clone(), |a| a.name.clone()))
            .collect(),
        indicators,
        source: SOURCE.to_string(),
        licence: ATTRIBUTION.to_string(),
    }
}

/// A figure as the table shows it: "25.5%", "[c]" where suppressed, "–"
/// where nothing is published.
fn shown(unit: Unit, f: Figure) -> String {
    match (f.value, f.suppressed) {
        (Some(v), _) => unit.short(v),
        (None, Some(s)) => format!("[{}]", s.id()),
        (None, None) => "–".to_string(),
    }
}

fn number(unit: Unit, v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| unit.short(v))
}

/// The table for the terminal: a row per indicator for its latest year,
/// then the council's five years.
pub fn text(f: &Figures) -> String {
    let mut out = format!(
        "{} ({}, {}), {}: published figures, worst against statistical neighbours first\n",
        f.authority,
        f.code,
        f.ons_codes.join(", "),
        if f.region.is_empty() { "no region" } else { &f.region }
    );
    if f.neighbours.is_empty() {
        out.push_str("No statistical neighbours in DfE's 2025 model.\n\n");
    } else {
        out.push_str(&format!("Statistical neighbours: {}.\n\n", f.neighbours.join(", ")));
    }
    let council = truncate(&f.authority, 10);
    let header: Vec<String> = vec![
        "Indicator".to_string(),
        "Latest".to_string(),
        council,
        "Region".to_string(),
        "Neighbours".to_string(),
        "England".to_string(),
        "vs neighbours".to_string(),
        "Five years".to_string(),
    ];
    let mut rows = vec![header];
    for i in &f.indicators {
        let Some(last) = i.years.last() else { continue };
        rows.push(vec![
            i.title.clone(),
            last.period.clone(),
            shown(i.unit, last.council),
            shown(i.unit, last.region),
            number(i.unit, last.neighbours),
            number(i.unit, last.england),
            i.against_neighbours.unwrap_or("–").to_string(),
            i.years
                .iter()
                .map(|y| shown(i.unit, y.council))
                .collect::<Vec<_>>()
                .join(" "),
        ]);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                if c == row.len() - 1 {
                    cell.clone()
                } else {
                    format!("{cell:<w$}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let mut codes: Vec<Suppression> = f
        .indicators
        .iter()
        .flat_map(|i| &i.years)
        .flat_map(|y| [y.council.suppressed, y.region.suppressed])
        .flatten()
        .collect();
    // In the order of their codes, as a key is read.
    codes.sort_unstable_by_key(|s| s.id());
    codes.dedup();
    for s in codes {
        out.push_str(&format!("[{}]: {}\n", s.id(), s.meaning()));
    }
    out.push_str(&format!(
        "Five years: {}'s own figures, oldest first. Neighbours: the average of those with a figure.\n{}. {}\n",
        f.authority, f.source, f.licence
    ));
    out
}

fn truncate(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_string()
    } else {
        text.chars().take(most - 1).collect::<String>() + "…"
    }
}

/// Every figure shown, a row per indicator and year, for a spreadsheet. A
/// suppressed figure is empty, with DfE's code in the column beside it.
pub fn csv(f: &Figures) -> String {
    let mut out = String::from(
        "indicator,title,year,period,council,council_suppressed,region,region_suppressed,neighbours,neighbours_with_figure,england\n",
    );
    let num = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    for i in &f.indicators {
        for y in &i.years {
            let cells = [
                i.id.clone(),
                i.title.clone(),
                y.year.to_string(),
                y.period.clone(),
                num(y.council.value),
                y.council.suppressed.map_or("", Suppression::id).to_string(),
                num(y.region.value),
                y.region.suppressed.map_or("", Suppression::id).to_string(),
                num(y.neighbours),
                y.neighbours_with_figure.to_string(),
                num(y.england),
            ];
            out.push_str(&cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
