//! Each indicator against England and against the council's previous value.

use super::{Direction, IndicatorResult, Trend};
use crate::model::evidence::Evidence;
use crate::model::framework::{Indicator, Polarity};
use crate::model::library::{Band, BandMeasure, Rules};

pub fn compare(evidence: &Evidence, rules: &Rules) -> Vec<IndicatorResult> {
    let framework = &evidence.framework;
    let area = &framework.comparator_area;
    framework
        .indicators
        .iter()
        .map(|ind| {
            let given = evidence.indicator(&ind.id);
            let value = given.and_then(|g| g.value);
            let previous = given.and_then(|g| g.previous);
            let comparator = ind.comparator.as_ref().map(|c| c.value);
            let vs_comparator = value.zip(comparator).and_then(|(v, c)| band(rules, ind, v, c));
            let trend = value.zip(previous).map(|(v, p)| trend(rules, ind, v, p));
            let summary = describe(ind, value, comparator, vs_comparator, previous, trend.as_ref(), area);
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
                vs_comparator,
                previous,
                trend,
                summary,
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
    comparator: Option<f64>,
    vs: Option<Band>,
    previous: Option<f64>,
    trend: Option<&Trend>,
    area: &str,
) -> String {
    let Some(value) = value else {
        return "not recorded: a gap in the evidence".to_string();
    };
    let mut text = ind.unit.format(value);
    match (comparator, vs) {
        (Some(c), Some(Band::Similar)) => text.push_str(&format!(", similar to {area} ({})", ind.unit.format(c))),
        (Some(c), Some(b)) => text.push_str(&format!(", {} than {area} ({})", b.word(), ind.unit.format(c))),
        (Some(c), None) => text.push_str(&format!(" ({area}: {}; context only)", ind.unit.format(c))),
        (None, _) => text.push_str(&format!(" (no {area} figure)")),
    }
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
