//! Checking the pattern library against a council's evidence: which
//! patterns' signs hold, and what in the evidence showed each one.
//!
//! A pattern is checked against facts the assessment has already worked out
//! (evidence levels, indicator bands, self-awareness), never against files.

use std::collections::BTreeMap;

use super::reading::Said;
use super::{EvidenceStrength, IndicatorResult, PatternMatch, SelfAwareness};
use crate::model::evidence::Evidence;
use crate::model::framework::Polarity;
use crate::model::library::{IndicatorTest, Kind, Pattern, Rules, Trigger};

/// What the assessment knows when patterns are checked. Self-awareness is
/// only known after the descriptor levels, which the other patterns feed.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    pub evidence: &'a Evidence,
    pub rules: &'a Rules,
    pub strengths: &'a BTreeMap<String, EvidenceStrength>,
    pub indicators: &'a [IndicatorResult],
    pub overdue: usize,
    pub self_awareness: Option<&'a SelfAwareness>,
    /// Every sentence of the council's findings.
    pub said: &'a [Said],
}

/// The pattern's match if at least `needs` of its signs hold.
pub fn check(pattern: &Pattern, facts: &Facts<'_>) -> Option<PatternMatch> {
    let framework = &facts.evidence.framework;
    let mut held: Vec<(&Trigger, String)> = pattern
        .triggers
        .iter()
        .filter_map(|t| sign(pattern, t, facts).map(|s| (t, s)))
        .collect();
    // One council's words are one sign, however many phrase lists they match.
    let mut words_seen = false;
    held.retain(|(t, _)| !matches!(t, Trigger::Phrases { .. }) || !std::mem::replace(&mut words_seen, true));
    let specific = held
        .iter()
        .any(|(t, _)| !matches!(t, Trigger::Rating { .. } | Trigger::Evidence { .. }));
    if held.len() < pattern.needs
        || (pattern.kind == Kind::Strength && facts.rules.patterns.strength_needs_specific_sign && !specific)
    {
        return None;
    }
    let signs: Vec<String> = held.into_iter().map(|(_, s)| s).collect();
    Some(PatternMatch {
        id: pattern.id.clone(),
        kind: pattern.kind,
        title: pattern.title.clone(),
        effect: pattern.effect,
        limit: pattern.limit.clone(),
        judgements: pattern.judgements_in(framework),
        descriptors: pattern.descriptors_in(framework),
        found: pattern.found.clone(),
        signs,
        precedents: pattern.precedents.clone(),
    })
}

/// A line saying what in the evidence showed the sign, if it holds.
fn sign(pattern: &Pattern, trigger: &Trigger, facts: &Facts<'_>) -> Option<String> {
    let framework = &facts.evidence.framework;
    let level = |id: &Option<String>| id.as_deref().and_then(|l| facts.rules.level(l));
    let within = |score: u8, at_most: &Option<String>, at_least: &Option<String>| {
        level(at_most).is_none_or(|m| score <= m) && level(at_least).is_none_or(|m| score >= m)
    };
    match trigger {
        Trigger::Phrases { phrases, within: scope } => {
            let scope: Vec<String> = if scope.is_empty() { &pattern.descriptors } else { scope }
                .iter()
                .filter_map(|d| framework.resolve(d))
                .collect();
            facts
                .said
                .iter()
                .filter(|s| scope.contains(&s.descriptor))
                .find_map(|s| {
                    let phrase = s.sentence.says(phrases)?;
                    Some(format!("{}: \"{}\" (says \"{phrase}\")", s.origin, s.text))
                })
        }
        Trigger::Rating {
            descriptor,
            at_most,
            at_least,
        } => {
            let d = framework.resolve(descriptor)?;
            let rating = facts.evidence.finding(&d)?.rating.as_deref()?;
            let score = facts.rules.level(rating)?;
            within(score, at_most, at_least).then(|| format!("{d}: the council rates it {rating}"))
        }
        Trigger::Evidence {
            descriptor,
            at_most,
            at_least,
        } => {
            let d = framework.resolve(descriptor)?;
            let strength = facts.strengths.get(&d)?;
            let score = facts.rules.level(&strength.level)?;
            within(score, at_most, at_least).then(|| format!("{d}: evidence {}", strength.summary))
        }
        Trigger::Indicator { indicator, test } => {
            let result = facts.indicators.iter().find(|i| i.indicator == *indicator)?;
            let ind = framework.indicator(indicator)?;
            let value = result.value?;
            let holds = match *test {
                IndicatorTest::Above(limit) => value > limit,
                IndicatorTest::Below(limit) => value < limit,
                IndicatorTest::Band(band) => result.vs_comparator == Some(band),
                IndicatorTest::WorseThanComparatorBy(margin) => {
                    let c = result.comparator?;
                    match ind.polarity {
                        Polarity::Higher => c - value >= margin,
                        Polarity::Lower => value - c >= margin,
                        Polarity::Neutral => false,
                    }
                }
            };
            holds.then(|| format!("{}: {}", ind.title, result.summary))
        }
        Trigger::FarOverratedShare { at_least } => {
            let sa = facts
                .self_awareness
                .filter(|sa| sa.rated >= facts.rules.patterns.self_awareness_min_rated)?;
            (sa.far_over_rated_share >= *at_least).then(|| {
                format!(
                    "{} of {} own ratings are two levels or more above what the evidence supports",
                    sa.far_over_rated.len(),
                    sa.rated
                )
            })
        }
        Trigger::AccurateShare { at_least } => {
            let sa = facts
                .self_awareness
                .filter(|sa| sa.rated >= facts.rules.patterns.self_awareness_min_rated)?;
            (sa.accurate_share >= *at_least)
                .then(|| format!("{} of {} own ratings match the evidence", sa.accurate, sa.rated))
        }
        Trigger::OverdueActions { at_least } => (facts.overdue >= *at_least).then(|| {
            format!(
                "{} improvement actions are overdue as at {}",
                facts.overdue,
                facts.evidence.prepared_on.long()
            )
        }),
    }
}
