//! Each indicator against England, its region and its statistical
//! neighbours (DfE's published figures for the year the council's figure is
//! for, or comparators.toml where DfE publishes none), and against the
//! council's previous value.

use super::{Direction, IndicatorResult, Trend, YearFigures};
use crate::model::evidence::Evidence;
use crate::model::framework::{Indicator, Polarity};
use crate::model::library::{Band, BandMeasure, Rules};
use crate::model::published::{Benchmarks, Published, period_year};

/// How many years the history of an indicator shows.
pub const HISTORY_YEARS: u16 = 5;

pub fn compare(evidence: &Evidence, rules: &Rules, published: &Published) -> Vec<IndicatorResult> {
    let framework = &evidence.framework;
    let area = &framework.comparator_area;
    let authority = evidence.authority.as_ref();
    let place = authority.and_then(|a| published.area(&a.key));
    let own = authority.is_some_and(|a| a.own);
    framework
        .indicators
        .iter()
        .map(|ind| {
            let given = evidence.indicator(&ind.id);
            let value = given.and_then(|g| g.value);
            let previous = given.and_then(|g| g.previous);
            let year = published.year_for(&ind.id, ind.period_type, evidence.period.end);
            let benchmarks = year.map(|y| published.benchmarks(&ind.id, ind.period_type, y, place, own));
            let (comparator, comparator_period) = match &benchmarks {
                Some(b) => (b.england, Some(b.label.clone())),
                // Published, but not as far back as the period: nothing to set it against.
                None if published.has(&ind.id) => (None, None),
                None => (
                    ind.comparator.as_ref().map(|c| c.value),
                    ind.comparator.as_ref().map(|c| c.period.clone()),
                ),
            };
            let vs_comparator = value.zip(comparator).and_then(|(v, c)| band(rules, ind, v, c));
            let neighbours = benchmarks
                .as_ref()
                .and_then(|b| b.neighbours.as_ref())
                .and_then(|n| n.value);
            let vs_neighbours = value.zip(neighbours).and_then(|(v, n)| band(rules, ind, v, n));
            let trend = value.zip(previous).map(|(v, p)| trend(rules, ind, v, p));
            let beside = benchmarks
                .as_ref()
                .map(|b| against_neighbours(ind, b, vs_neighbours))
                .unwrap_or_default();
            let when = benchmarks
                .as_ref()
                .filter(|b| b.older)
                .map(|b| format!(" in {}, the latest published", b.phrase))
                .unwrap_or_default();
            let summary = describe(
                ind,
                value,
                (comparator, vs_comparator),
                (&when, &beside),
                previous,
                trend.as_ref(),
                area,
            );
            let history = benchmarks
                .as_ref()
                .map(|b| history(published, ind, b, (place, own), evidence.period.end, (value, previous)))
                .unwrap_or_default();
            IndicatorResult {
                indicator: ind.id.clone(),
                title: ind.title.clone(),
                descriptor: ind.descriptor.clone(),
                judgement: framework
                    .descriptor(&ind.descriptor)
                    .map(|d| d.judgement.clone())
                    .unwrap_or_default(),
                value,
                comparator,
                comparator_period,
                vs_comparator,
                vs_neighbours,
                benchmarks,
                history,
                previous,
                trend,
                summary,
            }
        })
        .collect()
}

/// "; worse than statistical neighbours (24.1%)".
fn against_neighbours(ind: &Indicator, b: &Benchmarks, vs: Option<Band>) -> String {
    let mut text = String::new();
    if let Some(n) = b.neighbours.as_ref().and_then(|n| n.value) {
        text.push_str(&match vs {
            Some(Band::Similar) => format!("; similar to statistical neighbours ({})", ind.unit.format(n)),
            Some(band) => format!("; {} than statistical neighbours ({})", band.word(), ind.unit.format(n)),
            None => format!("; statistical neighbours {}", ind.unit.format(n)),
        });
    }
    text
}

/// Five years of the council against England and its neighbours: DfE's
/// figures for the years before, the council's own for its period and the
/// one before (a period newer than anything published gets a year of its
/// own, with no England or neighbours figure yet).
fn history(
    published: &Published,
    ind: &Indicator,
    b: &Benchmarks,
    (place, own): (Option<&crate::model::published::Area>, bool),
    end: crate::date::Date,
    (value, previous): (Option<f64>, Option<f64>),
) -> Vec<YearFigures> {
    // The period's own year, however far DfE's figures are behind it.
    let last = period_year(ind.period_type, end)
        .filter(|y| *y >= b.year)
        .unwrap_or(if b.older { b.year + 1 } else { b.year });
    (last + 1 - HISTORY_YEARS..=last)
        .map(|year| {
            let there = year <= b.year;
            let at = published.benchmarks(&ind.id, ind.period_type, (year, false), place, own);
            let council = if year == last {
                value
            } else if year + 1 == last {
                previous.or(at.own.and_then(|o| o.value))
            } else {
                at.own.and_then(|o| o.value)
            };
            YearFigures {
                year,
                label: at.label.clone(),
                council,
                england: at.england.filter(|_| there),
                neighbours: at.neighbours.and_then(|n| n.value).filter(|_| there),
            }
        })
        .collect()
}

/// How `value` moved from `previous`: the number's direction, and whether
/// that is better or worse by the indicator's polarity.
pub fn trend(rules: &Rules, ind: &Indicator, value: f64, previous: f64) -> Trend {
    Trend {
        direction: if (value - previous).abs() <= tolerance(rules, ind, previous) {
            Direction::Flat
        } else if value > previous {
            Direction::Up
        } else {
            Direction::Down
        },
        judged: band(rules, ind, value, previous),
        change: round1(value - previous),
    }
}

/// Better, similar or worse than `reference`, by the indicator's polarity;
/// `None` for indicators that are context only.
pub fn band(rules: &Rules, ind: &Indicator, value: f64, reference: f64) -> Option<Band> {
    let diff = value - reference;
    if ind.polarity == Polarity::Neutral {
        return None;
    }
    if diff.abs() <= tolerance(rules, ind, reference) {
        return Some(Band::Similar);
    }
    let higher_is_better = ind.polarity == Polarity::Higher;
    Some(if (diff > 0.0) == higher_is_better {
        Band::Better
    } else {
        Band::Worse
    })
}

/// How far from `reference` still counts as similar.
fn tolerance(rules: &Rules, ind: &Indicator, reference: f64) -> f64 {
    let within = rules.band(ind.unit).map_or(0.0, |b| match b.measure {
        BandMeasure::Points => b.similar_within,
        BandMeasure::Percent => reference.abs() * b.similar_within / 100.0,
    });
    within + 1e-9
}

fn describe(
    ind: &Indicator,
    value: Option<f64>,
    (comparator, vs): (Option<f64>, Option<Band>),
    (when, beside): (&str, &str),
    previous: Option<f64>,
    trend: Option<&Trend>,
    area: &str,
) -> String {
    let Some(value) = value else {
        return "not recorded: a gap in the evidence".to_string();
    };
    let mut text = ind.unit.format(value);
    // England's figure, with its year where it is not the period's own.
    let figure = |c: f64| format!("{}{when}", ind.unit.format(c));
    match (comparator, vs) {
        (Some(c), Some(Band::Similar)) => text.push_str(&format!(", similar to {area} ({})", figure(c))),
        (Some(c), Some(b)) => text.push_str(&format!(", {} than {area} ({})", b.word(), figure(c))),
        (Some(c), None) => text.push_str(&format!(" ({area}: {}; context only)", figure(c))),
        (None, _) => text.push_str(&format!(" (no {area} figure)")),
    }
    text.push_str(beside);
    if let (Some(p), Some(t)) = (previous, trend) {
        let from = ind.unit.format(p);
        text.push_str(&match t.judged {
            Some(Band::Better) => format!("; improved from {from}"),
            Some(Band::Worse) => format!("; declined from {from}"),
            Some(Band::Similar) => format!("; stable (last year {from})"),
            None => match t.direction {
                Direction::Flat => format!("; about the same as last year ({from})"),
                Direction::Up => format!("; up from {from}"),
                Direction::Down => format!("; down from {from}"),
            },
        });
    }
    text
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
