//! Each descriptor's level: the council's own rating brought down to what
//! its evidence, indicators and patterns support; and, from the difference,
//! how well the council knows its own practice.

use std::collections::BTreeMap;

use super::{DescriptorResult, EvidenceStrength, IndicatorResult, PatternMatch, SelfAwareness, SelfRating};
use crate::model::evidence::Evidence;
use crate::model::framework::Framework;
use crate::model::library::{Band, Effect, Kind, Rules};

/// A descriptor's weight in its judgement's score: key descriptors (or the
/// ones that replaced them in a later framework) count more.
pub fn weight_of(framework: &Framework, rules: &Rules, descriptor: &str) -> f64 {
    let key = rules.is_key(descriptor)
        || framework
            .descriptor(descriptor)
            .is_some_and(|d| d.replaces.iter().any(|r| rules.is_key(r)));
    if key { rules.descriptors.key_weight } else { 1.0 }
}

/// Whether a pattern's graded precedents put it at `seen_at` or better.
/// Patterns move a score only the way their precedents point.
pub fn seen_at_or_above(rules: &Rules, m: &PatternMatch) -> Option<bool> {
    let seen_at = rules.rank(&rules.grades.seen_at)?;
    m.precedents
        .iter()
        .filter_map(|p| p.grade.as_deref())
        .filter_map(|g| rules.rank(g))
        .min()
        .map(|best| best <= seen_at)
}

/// Each descriptor's supported and assessed level. Evidence alone never
/// brings a finding below the level an unwritten finding counts as, because
/// missing evidence is a gap, not proof that children are unsafe.
pub fn descriptor_levels(
    evidence: &Evidence,
    rules: &Rules,
    strengths: &BTreeMap<String, EvidenceStrength>,
    indicators: &[IndicatorResult],
    matched: &[PatternMatch],
) -> Vec<DescriptorResult> {
    let framework = &evidence.framework;
    let dr = &rules.descriptors;
    // The rules are checked when they are read, so every level they name exists.
    let level = |id: &str| rules.level(id).unwrap_or(0);
    let floor = level(&dr.unwritten_level);
    let top = rules.top_level();
    let mut caps = dr.indicator_cap.clone();
    caps.sort_by_key(|c| std::cmp::Reverse(c.worse_at_least));

    let mut out = Vec::new();
    for d in &framework.descriptors {
        let finding = evidence.finding(&d.id);
        let written = finding.is_some_and(|f| !f.summary.trim().is_empty());
        let strength = strengths[&d.id].clone();
        let mut because = Vec::new();

        let evidence_cap = level(&strength.level).max(floor);
        if evidence_cap < top {
            because.push(format!("evidence {}", strength.summary));
        }
        // Caps from outside the finding's own sources.
        let mut other_cap = top;
        let worse: Vec<&IndicatorResult> = indicators
            .iter()
            .filter(|i| i.descriptor == d.id && i.vs_comparator == Some(Band::Worse))
            .collect();
        if let Some(cap) = caps.iter().find(|c| worse.len() >= c.worse_at_least)
            && level(&cap.caps_at) < top
        {
            other_cap = other_cap.min(level(&cap.caps_at));
            because.push(format!(
                "worse than {}: {}",
                framework.comparator_area,
                worse.iter().map(|i| i.title.as_str()).collect::<Vec<_>>().join("; ")
            ));
        }
        for m in matched
            .iter()
            .filter(|m| m.kind == Kind::Risk && m.descriptors.contains(&d.id))
        {
            let cap = match m.effect {
                Effect::Limit => &dr.limit_pattern_caps_at,
                _ => &dr.flag_pattern_caps_at,
            };
            other_cap = other_cap.min(level(cap));
            because.push(format!("inspection pattern: {}", m.title));
        }

        let supported = evidence_cap.min(other_cap);
        let own = finding
            .and_then(|f| f.rating.as_deref())
            .and_then(|r| rules.level(r))
            .filter(|_| written);
        let assessed = match (written, own) {
            (false, _) => floor.min(other_cap),
            (true, Some(own)) => own.min(supported),
            (true, None) => level(&dr.unrated_level).min(supported),
        };
        // Something positive that backs a higher level than the council claims.
        let better_than_comparator = indicators
            .iter()
            .any(|i| i.descriptor == d.id && i.vs_comparator == Some(Band::Better));
        let strength_seen_in_good = matched.iter().any(|m| {
            m.kind == Kind::Strength && m.descriptors.contains(&d.id) && seen_at_or_above(rules, m) == Some(true)
        });
        let positive = (better_than_comparator && worse.is_empty()) || strength_seen_in_good;
        let self_rating = match own {
            None => SelfRating::NotRated,
            Some(own) if own > supported => SelfRating::OverRated,
            Some(own) if own < supported && positive => SelfRating::UnderClaimed,
            Some(_) => SelfRating::Accurate,
        };
        out.push(DescriptorResult {
            descriptor: d.id.clone(),
            title: d.title.clone(),
            judgement: d.judgement.clone(),
            weight: weight_of(framework, rules, &d.id),
            written,
            own_rating: own.map(|s| rules.level_id(s).to_string()),
            evidence: strength,
            supported: rules.level_id(supported).to_string(),
            supported_because: because,
            assessed: rules.level_id(assessed).to_string(),
            score: assessed,
            self_rating,
            location: finding.map(|f| f.origin.to_string()),
        });
    }
    out
}

/// How many of the council's ratings its evidence bears out.
pub fn self_awareness(descriptors: &[DescriptorResult]) -> SelfAwareness {
    let rated: Vec<&DescriptorResult> = descriptors
        .iter()
        .filter(|d| d.self_rating != SelfRating::NotRated)
        .collect();
    let ids = |kind: SelfRating| -> Vec<String> {
        rated
            .iter()
            .filter(|d| d.self_rating == kind)
            .map(|d| d.descriptor.clone())
            .collect()
    };
    let accurate = ids(SelfRating::Accurate).len();
    let over_rated = ids(SelfRating::OverRated);
    let share = |n: usize| {
        if rated.is_empty() {
            0.0
        } else {
            super::round2(n as f64 / rated.len() as f64)
        }
    };
    SelfAwareness {
        rated: rated.len(),
        accurate,
        accurate_share: share(accurate),
        over_rated_share: share(over_rated.len()),
        over_rated,
        under_claimed: ids(SelfRating::UnderClaimed),
    }
}
