//! What would most improve the council's position, ranked by the points
//! in `[gaps]` of the rules, and the actions already overdue.

use super::levels::weight_of;
use super::strength::lacking;
use super::{DescriptorResult, Gap, IndicatorResult, JudgementResult, OverdueAction, PatternMatch, SelfRating};
use crate::model::evidence::Evidence;
use crate::model::framework::Choice;
use crate::model::library::{Band, Effect, GapKind, Kind, Rules};

/// Actions still open after their due date, as at the document's date.
pub fn overdue_actions(evidence: &Evidence) -> Vec<OverdueAction> {
    evidence
        .actions
        .iter()
        .filter(|a| a.is_overdue(evidence.prepared_on))
        .map(|a| OverdueAction {
            id: a.id.clone(),
            action: a.action.clone(),
            due: a.due,
            status: a.status,
            descriptors: a.descriptors.clone(),
        })
        .collect()
}

pub fn gaps(
    evidence: &Evidence,
    rules: &Rules,
    descriptors: &[DescriptorResult],
    indicators: &[IndicatorResult],
    matched: &[PatternMatch],
    overdue: &[OverdueAction],
    judgements: &[JudgementResult],
) -> Vec<Gap> {
    let framework = &evidence.framework;
    let mut gaps: Vec<(Gap, usize)> = Vec::new();
    let judgement_order = |j: &str| {
        framework
            .judgements
            .iter()
            .position(|x| x.id == j)
            .unwrap_or(usize::MAX)
    };
    let mut push = |kind: GapKind, judgement: Option<&str>, descriptor: Option<&str>, weight: f64, text: String| {
        let order = judgement.map_or(usize::MAX, judgement_order);
        gaps.push((
            Gap {
                rank: 0,
                kind,
                judgement: judgement.map(str::to_string),
                descriptor: descriptor.map(str::to_string),
                text,
                points: rules.gap_points(kind) * weight,
            },
            order,
        ));
    };

    for m in matched.iter().filter(|m| m.kind == Kind::Risk) {
        let kind = if m.effect == Effect::Limit {
            GapKind::LimitPattern
        } else {
            GapKind::RiskPattern
        };
        let limit = m
            .limit
            .as_deref()
            .and_then(|l| framework.grade(l))
            .map(|g| format!(" (keeps the grade at {} or below)", g.label))
            .unwrap_or_default();
        push(
            kind,
            m.judgements.first().map(String::as_str),
            m.descriptors.first().map(String::as_str),
            1.0,
            format!(
                "Tackle \"{}\"{limit}: {}",
                m.title,
                m.signs.first().cloned().unwrap_or_default()
            ),
        );
    }
    for d in descriptors {
        let j = Some(d.judgement.as_str());
        let id = Some(d.descriptor.as_str());
        let name = format!("{} ({})", d.title, d.descriptor);
        if !d.written {
            push(
                GapKind::NoFinding,
                j,
                id,
                d.weight,
                format!("{name}: write the finding and its evidence"),
            );
            continue;
        }
        if d.evidence.sources == 0 {
            push(
                GapKind::NoSources,
                j,
                id,
                d.weight,
                format!("{name}: no sources cited; add the evidence behind the finding"),
            );
        }
        if d.self_rating == SelfRating::OverRated {
            push(
                GapKind::OverRated,
                j,
                id,
                d.weight,
                format!(
                    "{name}: rated {} but the evidence supports {} ({})",
                    d.own_rating.as_deref().unwrap_or_default(),
                    d.supported.as_deref().unwrap_or_default(),
                    d.supported_because.join("; ")
                ),
            );
        }
        if d.evidence.stale_sources > 0 {
            push(
                GapKind::StaleEvidence,
                j,
                id,
                d.weight,
                format!(
                    "{name}: {} of {} sources are older than {} months; refresh them",
                    d.evidence.stale_sources, d.evidence.sources, rules.evidence.stale_after_months
                ),
            );
        }
        if d.evidence.sources > 0 && !d.evidence.missing_strands.is_empty() {
            let missing: Vec<&str> = d.evidence.missing_strands.iter().map(|s| lacking(*s)).collect();
            push(
                GapKind::Untriangulated,
                j,
                id,
                d.weight,
                format!("{name}: not triangulated ({})", missing.join(", ")),
            );
        }
        if !d.evidence.impact_stated {
            push(
                GapKind::NoImpact,
                j,
                id,
                d.weight,
                format!("{name}: say what difference practice makes to children"),
            );
        }
        if d.own_rating.is_none() {
            push(
                GapKind::NoRating,
                j,
                id,
                d.weight,
                format!("{name}: give your own rating"),
            );
        }
    }
    for i in indicators {
        let j = Some(i.judgement.as_str());
        let weight = weight_of(framework, rules, &i.descriptor);
        if i.value.is_none() {
            push(
                GapKind::MissingIndicator,
                j,
                Some(&i.descriptor),
                weight,
                format!("{}: not recorded; add this year's figure", i.title),
            );
        } else if i.vs_comparator == Some(Band::Worse) {
            push(
                GapKind::WorseIndicator,
                j,
                Some(&i.descriptor),
                weight,
                format!("{}: {}", i.title, i.summary),
            );
        }
    }
    for a in overdue {
        let descriptor = a.descriptors.first().and_then(|d| framework.resolve(d));
        let judgement = descriptor
            .as_deref()
            .and_then(|d| framework.descriptor(d))
            .map(|d| d.judgement.clone());
        push(
            GapKind::OverdueAction,
            judgement.as_deref(),
            descriptor.as_deref(),
            1.0,
            format!(
                "Action {} was due {} and is {}: {}",
                a.id,
                a.due.long(),
                a.status.id().replace('-', " "),
                a.action
            ),
        );
    }

    // Worse-graded judgements first among equal points: that is where a
    // gap costs most. A judgement with too little evidence to grade comes
    // before them all: its gaps are what stand between it and a grade.
    let grade_rank = |j: &Option<String>| {
        let Some(r) = j.as_deref().and_then(|j| judgements.iter().find(|r| r.judgement == j)) else {
            return 0;
        };
        match r.grade.as_deref() {
            Some(g) => rules.rank(g).unwrap_or(0),
            None => rules.worst_rank() + 1,
        }
    };
    gaps.sort_by(|(a, ao), (b, bo)| {
        b.points
            .total_cmp(&a.points)
            .then(grade_rank(&b.judgement).cmp(&grade_rank(&a.judgement)))
            .then(ao.cmp(bo))
    });
    gaps.into_iter()
        .enumerate()
        .map(|(n, (mut g, _))| {
            g.rank = n + 1;
            g
        })
        .collect()
}
