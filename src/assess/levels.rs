//! Each descriptor's level: the council's own rating brought down to what
//! its evidence, indicators and patterns support; and, from the difference,
//! how well the council knows its own practice.

use std::collections::BTreeMap;

use super::Confidence;
use super::reading::{self, Said};
use super::{DescriptorResult, EvidenceStrength, IndicatorResult, PatternMatch, SelfAwareness, SelfRating};
use crate::model::evidence::{Evidence, Finding};
use crate::model::framework::Framework;
use crate::model::library::{Band, Effect, Kind, Library, Rules};

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

/// Each descriptor's supported level: what its own sentences read as,
/// brought down where its indicators are worse than England or a pattern of
/// risk shows in it. The council's rating is then set against it. An
/// unwritten finding has no level: it is a gap, not weak practice.
pub fn descriptor_levels(
    evidence: &Evidence,
    library: &Library,
    strengths: &BTreeMap<String, EvidenceStrength>,
    indicators: &[IndicatorResult],
    matched: &[PatternMatch],
    said: &[Said],
) -> Vec<DescriptorResult> {
    let rules = &library.rules;
    let framework = &evidence.framework;
    let dr = &rules.descriptors;
    // The rules are checked when they are read, so every level they name exists.
    let level = |id: &str| rules.level(id).unwrap_or(0);
    let top = rules.top_level();
    let mut caps = dr.indicator_cap.clone();
    caps.sort_by_key(|c| std::cmp::Reverse(c.worse_at_least));

    let mut out = Vec::new();
    for d in &framework.descriptors {
        let finding = evidence.finding(&d.id);
        let written = finding.is_some_and(Finding::is_written);
        let strength = strengths[&d.id].clone();
        let mine: Vec<&Said> = said.iter().filter(|s| s.descriptor == d.id).collect();
        let reading = reading::read(library, &mine).filter(|_| written);
        let mut because = Vec::new();
        // Caps from outside the finding's own words.
        let mut cap = top;
        let worse: Vec<&IndicatorResult> = indicators
            .iter()
            .filter(|i| i.descriptor == d.id && i.vs_comparator == Some(Band::Worse))
            .collect();
        if let Some(c) = caps.iter().find(|c| worse.len() >= c.worse_at_least)
            && level(&c.caps_at) < top
        {
            cap = cap.min(level(&c.caps_at));
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
            let at = match m.effect {
                Effect::Limit => &dr.limit_pattern_caps_at,
                Effect::Flag => &dr.flag_pattern_caps_at,
                // The reports do not tell which way it points.
                Effect::Noted | Effect::Support => continue,
            };
            cap = cap.min(level(at));
            because.push(format!("inspection pattern: {}", m.title));
        }
        let supported = reading.as_ref().map(|r| {
            let read_as = r.grade() as u8;
            if read_as < top {
                because.insert(
                    0,
                    format!(
                        "its narrative reads as {}",
                        framework.grade_label(&rules.grade_scale[rules.worst_rank() - usize::from(read_as)])
                    ),
                );
            }
            read_as.min(cap)
        });
        let own = finding
            .and_then(|f| f.rating.as_deref())
            .and_then(|r| rules.level(r))
            .filter(|_| written);
        let self_rating = match (own, supported) {
            (None, _) | (_, None) => SelfRating::NotRated,
            (Some(own), Some(s)) if own > s => SelfRating::OverRated,
            (Some(own), Some(s)) if own < s => SelfRating::UnderClaimed,
            (Some(_), Some(_)) => SelfRating::Accurate,
        };
        out.push(DescriptorResult {
            descriptor: d.id.clone(),
            title: d.title.clone(),
            judgement: d.judgement.clone(),
            weight: weight_of(framework, rules, &d.id),
            written,
            own_rating: own.map(|s| rules.level_id(s).to_string()),
            confidence: Confidence::of(rules, &strength),
            evidence: strength,
            reading,
            supported: supported.map(|s| rules.level_id(s).to_string()),
            supported_because: because,
            assessed: supported.map(|s| rules.level_id(s).to_string()),
            score: supported,
            self_rating,
            over_by: own.zip(supported).map_or(0, |(o, s)| o.saturating_sub(s)),
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
    let far: Vec<String> = rated
        .iter()
        .filter(|d| d.over_by >= 2)
        .map(|d| d.descriptor.clone())
        .collect();
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
        far_over_rated_share: share(far.len()),
        far_over_rated: far,
        over_rated,
        under_claimed: ids(SelfRating::UnderClaimed),
    }
}
