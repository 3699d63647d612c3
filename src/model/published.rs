//! DfE's published figures for every authority, region and England, year by
//! year, as `frameworks/published.tsv` holds them: what the assessment sets
//! a council's own figures against, and what `init` and `figures` show.
//! A suppressed cell stays a code with its meaning; it is never a number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::framework::{Choice, PeriodType, choice};
use crate::date::Date;

/// The licence line every use of these figures carries.
pub const ATTRIBUTION: &str = "Contains public sector information licensed under the Open Government Licence v3.0.";

/// Where they come from, in a sentence for a document's notes.
pub const SOURCE: &str = "Department for Education, official statistics on children in need, children looked after and the children's social work workforce (Explore Education Statistics)";

/// How few of an authority's ten statistical neighbours may have a figure
/// before their average says too little to be shown.
pub const MIN_NEIGHBOURS: usize = 5;

choice!(
    /// Why a published cell holds no number, in DfE's codes.
    Suppression {
        Confidential = "c",
        NotApplicable = "z",
        NotAvailable = "x",
        BelowHalf = "k",
        Low = "low",
        LowReliability = "u",
    }
);

impl Suppression {
    /// The code exactly as DfE writes it ("c", never "C").
    pub fn code(text: &str) -> Option<Suppression> {
        Suppression::CHOICES
            .iter()
            .find(|(code, _)| *code == text)
            .map(|(_, s)| *s)
    }

    /// What the code means, as a reader is told it.
    pub fn meaning(self) -> &'static str {
        match self {
            Suppression::Confidential => "suppressed to protect confidentiality",
            Suppression::NotApplicable => "not applicable",
            Suppression::NotAvailable => "not available",
            Suppression::BelowHalf => "fewer than 0.5",
            Suppression::Low => "too low to publish",
            Suppression::LowReliability => "of low reliability, not published",
        }
    }
}

/// One published cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    Suppressed(Suppression),
}

impl Cell {
    /// A cell of the built file: empty where nothing is published, else a
    /// number or one of DfE's codes; anything else is refused.
    pub fn read(text: &str) -> Result<Option<Cell>, String> {
        if text.is_empty() {
            return Ok(None);
        }
        // Numbers first, as nearly every cell is one.
        if let Ok(v) = text.parse::<f64>()
            && v.is_finite()
        {
            return Ok(Some(Cell::Value(v)));
        }
        Suppression::code(text)
            .map(|s| Some(Cell::Suppressed(s)))
            .ok_or_else(|| format!("`{text}` is neither a number nor a DfE code"))
    }

    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed(_) => None,
        }
    }
}

choice!(AreaKind { England = "england", Region = "region", Authority = "la" });

#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub kind: AreaKind,
    /// The DfE three-digit code for an authority; the ONS code for England
    /// and a region.
    pub key: String,
    /// Every ONS code the authority has been published under, latest first.
    pub codes: Vec<String>,
    pub name: String,
    /// The key of the authority's region.
    pub region: Option<String>,
    /// The keys of its statistical neighbours, closest first.
    pub neighbours: Vec<String>,
}

impl Area {
    /// Whether `code` is its DfE code or any ONS code it has had.
    pub fn has_code(&self, code: &str) -> bool {
        self.key == code || self.codes.iter().any(|c| c.eq_ignore_ascii_case(code))
    }

    /// "Barnsley (370, E08000038)".
    pub fn label(&self) -> String {
        match self.kind {
            AreaKind::Authority => format!("{} ({}, {})", self.name, self.key, self.codes.join(", ")),
            _ => format!("{} ({})", self.name, self.key),
        }
    }
}

/// Every published figure.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// The years the figures run over, oldest first: `2025` is the year to
    /// (or at) 31 March 2025, or for the workforce 30 September 2025.
    pub years: Vec<u16>,
    pub areas: Vec<Area>,
    /// (indicator id, area key) → a cell per year of `years`, sorted.
    pub series: Vec<Series>,
}

/// One indicator's figures for one area. The cells stay the built file's
/// text until one is asked for: a command asks for a few hundred of the
/// fifty thousand, and reading them all was a tenth of an assessment's work.
#[derive(Debug, Clone)]
pub struct Series {
    pub indicator: &'static str,
    pub area: &'static str,
    /// The year's cells, tab-separated, in the order of `Published::years`.
    pub cells: &'static str,
}

impl Series {
    /// The `i`th year's cell: empty where nothing is published, else a
    /// number or one of DfE's codes (the built file is checked whole by
    /// the build and by a test, so anything else reads as nothing).
    pub fn cell(&self, i: usize) -> Option<Cell> {
        Cell::read(self.cells.split('\t').nth(i)?).ok().flatten()
    }
}

/// One indicator's published figures for a year: England's, the region's,
/// and the neighbours' average, with the council's own where it is a real
/// authority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmarks {
    pub year: u16,
    /// "2024-25", "31 March 2025" or "30 September 2025", as the indicator
    /// is counted.
    pub label: String,
    /// The label as a sentence says it: "the year to 30 September 2025".
    pub phrase: String,
    pub england: Option<f64>,
    pub region: Option<Named>,
    pub neighbours: Option<Neighbours>,
    /// The council's own published figure; `None` for a fictional council
    /// or where there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<Published1>,
    /// Whether the year ends a year or more before the period the
    /// council's figure is for: the latest published, not the period's own.
    pub older: bool,
}

/// A figure of a named area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub name: String,
    pub value: Option<f64>,
    /// Why there is no number, where there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbours {
    /// The average of those with a figure, to one decimal place.
    pub value: Option<f64>,
    /// How many of them had one, of how many.
    pub with_figure: usize,
    pub of: usize,
}

/// The council's own published cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Published1 {
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<&'static str>,
}

impl From<Option<Cell>> for Published1 {
    fn from(cell: Option<Cell>) -> Published1 {
        Published1 {
            value: cell.and_then(Cell::value),
            suppressed: match cell {
                Some(Cell::Suppressed(s)) => Some(s.meaning()),
                _ => None,
            },
        }
    }
}

/// The year a DfE figure counted as `period_type` is for: when it ends.
pub fn year_end(period_type: PeriodType, year: u16) -> Option<Date> {
    let (month, day) = match period_type {
        PeriodType::YearToMarch | PeriodType::AtMarch => (3, 31),
        PeriodType::YearToSeptember | PeriodType::AtSeptember => (9, 30),
        PeriodType::Local => return None,
    };
    Date::new(i32::from(year), month, day)
}

fn grace(d: Date) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + 7)
}

/// The DfE year that is a period's own, published or not: for a measure
/// counted to 31 March, the year ending when the period does (within a
/// week); for the workforce's 30 September, the one that ends within the
/// period's last twelve months. None where no DfE year is the period's.
pub fn period_year(period_type: PeriodType, end: Date) -> Option<u16> {
    let candidates = (end.year - 1..=end.year + 1).filter_map(|y| u16::try_from(y).ok());
    let mut own = None;
    for y in candidates {
        let Some(e) = year_end(period_type, y) else { continue };
        let fits = match period_type {
            PeriodType::YearToMarch | PeriodType::AtMarch => e <= grace(end) && grace(e) >= end,
            _ => e <= grace(end) && e > grace(end.months_before(12)),
        };
        if fits {
            own = Some(y);
        }
    }
    own
}

/// "2024-25", "31 March 2025", "year to 30 September 2025".
pub fn year_label(period_type: PeriodType, year: u16) -> String {
    match period_type {
        PeriodType::YearToMarch | PeriodType::Local => format!("{}-{:02}", year - 1, year % 100),
        PeriodType::AtMarch => format!("31 March {year}"),
        PeriodType::YearToSeptember => format!("year to 30 September {year}"),
        PeriodType::AtSeptember => format!("30 September {year}"),
    }
}

/// An authority found by code or name, or why none was.
pub enum Found<'a> {
    One(&'a Area),
    /// Several authorities answer to the name.
    Several(Vec<&'a Area>),
    /// None does; the closest names, if any is close.
    None(Vec<&'a str>),
}

impl Published {
    pub fn area(&self, key: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.key == key)
    }

    pub fn england(&self) -> Option<&Area> {
        self.areas.iter().find(|a| a.kind == AreaKind::England)
    }

    pub fn authorities(&self) -> impl Iterator<Item = &Area> {
        self.areas.iter().filter(|a| a.kind == AreaKind::Authority)
    }

    /// An authority by its DfE code ("370"), any ONS code it has had
    /// ("E08000016"), or its name, however cased and punctuated ("city of
    /// bristol" finds "Bristol, City of").
    pub fn find(&self, wanted: &str) -> Found<'_> {
        let wanted = wanted.trim();
        if let Some(a) = self.authorities().find(|a| a.has_code(wanted)) {
            return Found::One(a);
        }
        let key = name_key(wanted);
        let exact: Vec<&Area> = self.authorities().filter(|a| name_key(&a.name) == key).collect();
        // A part of a name: "Northamptonshire" is also North and West
        // Northamptonshire, which replaced it.
        let words: Vec<&str> = key.split(' ').collect();
        let partly: Vec<&Area> = if key.chars().count() >= 4 {
            self.authorities()
                .filter(|a| {
                    let name = name_key(&a.name);
                    let theirs: Vec<&str> = name.split(' ').collect();
                    name != key && theirs.windows(words.len()).any(|w| w == words.as_slice())
                })
                .collect()
        } else {
            Vec::new()
        };
        // Two authorities of one name (Dorset's old county and today's
        // council): the one that exists now.
        let current: Vec<&Area> = exact.iter().copied().filter(|a| !a.neighbours.is_empty()).collect();
        if exact.len() > 1 && current.len() == 1 {
            return Found::One(current[0]);
        }
        match (exact.as_slice(), partly.len()) {
            // An authority that still exists answers to its own name, even
            // where others contain it ("Bristol" is not "South Gloucestershire").
            ([one], _) if !one.neighbours.is_empty() || partly.is_empty() => Found::One(one),
            ([], 1) => Found::One(partly[0]),
            ([], 0) => {
                let mut near: Vec<(usize, &str)> = self
                    .authorities()
                    .map(|a| {
                        let k = name_key(&a.name);
                        (
                            strsim::damerau_levenshtein(&key, &k),
                            k.chars().count(),
                            a.name.as_str(),
                        )
                    })
                    .filter(|(d, len, _)| *d <= (len / 4).max(1))
                    .map(|(d, _, name)| (d, name))
                    .collect();
                near.sort();
                Found::None(near.into_iter().take(3).map(|(_, n)| n).collect())
            }
            _ => Found::Several(exact.into_iter().chain(partly).collect()),
        }
    }

    pub fn cell(&self, indicator: &str, area: &str, year: u16) -> Option<Cell> {
        let i = self.years.iter().position(|y| *y == year)?;
        self.series_of(indicator, area)?.cell(i)
    }

    fn series_of(&self, indicator: &str, area: &str) -> Option<&Series> {
        self.series
            .binary_search_by(|s| (s.indicator, s.area).cmp(&(indicator, area)))
            .ok()
            .map(|i| &self.series[i])
    }

    /// Whether DfE publishes the indicator at all.
    pub fn has(&self, indicator: &str) -> bool {
        self.series.iter().any(|s| s.indicator == indicator)
    }

    /// The years with an England figure for the indicator, oldest first.
    pub fn years_of(&self, indicator: &str) -> Vec<u16> {
        let Some(england) = self.england() else {
            return Vec::new();
        };
        self.years
            .iter()
            .copied()
            .filter(|y| self.cell(indicator, &england.key, *y).is_some())
            .collect()
    }

    /// The year to set a figure for a period ending `end` against: the
    /// latest published year that ends by then (a week's grace for a
    /// period written as ending on 1 April), and whether it is older than
    /// the period's own year (`period_year`), because that is not published
    /// yet or the period does not end when DfE's years do (a calendar year).
    /// None for a period older than anything published.
    pub fn year_for(&self, indicator: &str, period_type: PeriodType, end: Date) -> Option<(u16, bool)> {
        let year = self
            .years_of(indicator)
            .into_iter()
            .rev()
            .find(|y| year_end(period_type, *y).is_some_and(|e| e <= grace(end)))?;
        Some((year, period_year(period_type, end) != Some(year)))
    }

    /// England, the region and the neighbours for one indicator and year,
    /// as `area` (an authority, real or borrowed) sees them.
    pub fn benchmarks(
        &self,
        indicator: &str,
        period_type: PeriodType,
        (year, older): (u16, bool),
        area: Option<&Area>,
        own: bool,
    ) -> Benchmarks {
        let england = self
            .england()
            .and_then(|e| self.cell(indicator, &e.key, year))
            .and_then(Cell::value);
        let region = area
            .and_then(|a| a.region.as_deref())
            .and_then(|r| self.area(r))
            .and_then(|r| {
                let figure = Published1::from(Some(self.cell(indicator, &r.key, year)?));
                Some(Named {
                    name: r.name.clone(),
                    value: figure.value,
                    suppressed: figure.suppressed,
                })
            });
        let neighbours = area.filter(|a| !a.neighbours.is_empty()).and_then(|a| {
            let values: Vec<f64> = a
                .neighbours
                .iter()
                .filter_map(|n| self.cell(indicator, n, year).and_then(Cell::value))
                .collect();
            // An England-only series has no neighbours' figures at all.
            if values.is_empty() && !a.neighbours.iter().any(|n| self.cell(indicator, n, year).is_some()) {
                return None;
            }
            Some(Neighbours {
                value: (values.len() >= MIN_NEIGHBOURS)
                    .then(|| (values.iter().sum::<f64>() / values.len() as f64 * 10.0).round() / 10.0),
                with_figure: values.len(),
                of: a.neighbours.len(),
            })
        });
        Benchmarks {
            year,
            label: year_label(period_type, year),
            phrase: match period_type {
                PeriodType::YearToSeptember => format!("the {}", year_label(period_type, year)),
                _ => year_label(period_type, year),
            },
            england,
            region,
            neighbours,
            own: area
                .filter(|_| own)
                .map(|a| Published1::from(self.cell(indicator, &a.key, year))),
            older,
        }
    }
}

/// A name as it is matched: lower case, letters and digits, "and" for "&",
/// without the words a council's formal name adds ("Leeds City Council",
/// "London Borough of Camden", "City of Bradford Metropolitan District
/// Council", "Kent County Council").
pub fn name_key(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        let skip = match rest {
            ["london" | "royal", "borough", "of", ..] => 3,
            ["city" | "county", "of", ..] => 2,
            ["council" | "borough" | "metropolitan" | "district" | "the", ..] => 1,
            // "Leeds City", "Kent County": a trailing word of the formal name,
            // not the "County" of "County Durham".
            ["city" | "county"] | ["city" | "county", "council", ..] if !kept.is_empty() => 1,
            _ => 0,
        };
        if skip == 0 {
            kept.push(words[i]);
            i += 1;
        } else {
            i += skip;
        }
    }
    kept.join(" ")
}

/// How the built file is made: where each indicator's figures are in DfE's
/// files (frameworks/published.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub population: Column,
    pub neighbours: String,
    pub series: Vec<Ingredient>,
}

/// A column of a file, in the rows matching `where`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub file: String,
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ingredient {
    pub indicator: String,
    pub file: String,
    pub measure: Measure,
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    pub value: Option<String>,
    pub count: Option<String>,
    pub by: Option<String>,
    #[serde(default)]
    pub part: Vec<String>,
    pub whole: Option<String>,
    pub decimals: Option<usize>,
    #[serde(default)]
    pub years_months: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// A column as published.
    Value,
    /// Some rows' counts as a percentage of a total row's.
    Share,
    /// A count per 10,000 children.
    Rate,
}

/// A statistics file: its header's names and its rows, each with the line
/// it is on, for a message that points at it.
#[derive(Debug)]
pub struct Table {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub fn column(&self, name: &str) -> Result<usize, String> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            format!(
                "{} has no column `{name}` (its columns are {})",
                self.name,
                self.header.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> &'static Published {
        crate::load::published::published().unwrap()
    }

    fn found(wanted: &str) -> Vec<String> {
        match built_in().find(wanted) {
            Found::One(a) => vec![a.key.clone()],
            Found::Several(areas) => areas.iter().map(|a| a.key.clone()).collect(),
            Found::None(near) => near.iter().map(|n| format!("near {n}")).collect(),
        }
    }

    #[test]
    fn an_authority_answers_to_its_formal_name_and_to_whole_words_of_it() {
        assert_eq!(found("Kent County Council"), ["886"]);
        assert_eq!(found("Leeds City Council"), ["383"]);
        assert_eq!(found("London Borough of Camden"), ["202"]);
        assert_eq!(found("City of Bradford Metropolitan District Council"), ["380"]);
        assert_eq!(found("Durham County Council"), ["840"]);
        // Not Solihull: whole words only.
        assert_eq!(found("Hull"), ["810"]);
        // Today's Dorset (838), not the county before 2019 (835).
        assert_eq!(found("Dorset"), ["838"]);
        assert_eq!(found("Yorkshire"), ["811", "815"]);
        assert_eq!(found("Barnslay"), ["near Barnsley"]);
        assert!(found("Northbrook").is_empty());
    }

    #[test]
    fn a_period_is_compared_with_its_own_year_or_said_to_be_newer() {
        let p = built_in();
        let date = |y, m, d| Date::new(y, m, d).unwrap();
        // Its own year; the workforce's September within it.
        assert_eq!(
            p.year_for("re-referrals-12m", PeriodType::YearToMarch, date(2019, 3, 31)),
            Some((2019, false))
        );
        assert_eq!(
            p.year_for("sw-turnover", PeriodType::YearToSeptember, date(2019, 3, 31)),
            Some((2018, false))
        );
        // Newer than anything published, by one year and by two.
        assert_eq!(
            p.year_for("re-referrals-12m", PeriodType::YearToMarch, date(2026, 3, 31)),
            Some((2025, true))
        );
        assert_eq!(
            p.year_for("cla-school-moves", PeriodType::YearToMarch, date(2026, 3, 31)),
            Some((2024, true))
        );
        // A calendar year is no DfE year's own.
        assert_eq!(
            p.year_for("re-referrals-12m", PeriodType::YearToMarch, date(2024, 12, 31)),
            Some((2024, true))
        );
        // Older than anything published.
        assert_eq!(p.year_for("cla-rate", PeriodType::AtMarch, date(2019, 3, 31)), None);
        assert_eq!(period_year(PeriodType::YearToMarch, date(2026, 4, 1)), Some(2026));
        assert_eq!(period_year(PeriodType::AtSeptember, date(2026, 3, 31)), Some(2025));
    }
}
