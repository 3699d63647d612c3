//! Indicative grades: a score per judgement from its descriptors and
//! patterns, the limits that bring it down, overall effectiveness, and the
//! reasons, strongest first.

use super::levels::seen_at_or_above;
use super::{
    AppliedLimit, DescriptorResult, IndicatorResult, JudgementResult, OverallResult, PatternMatch, Reason, ReasonKind,
    SelfAwareness, SelfRating,
};
use crate::model::evidence::{Evidence, OVERALL_EFFECTIVENESS};
use crate::model::framework::Framework;
use crate::model::library::{Band, Effect, Kind, Limit, LimitWhen, Rules};

/// How much each kind of reason weighs when reasons are put in order. This
/// orders the explanation only; it never changes a grade.
mod weight {
    /// A limit that set the grade.
    pub const DECISIVE_LIMIT: f64 = 10.0;
    /// A limit at the grade given, which a better score would have met:
    /// why the grade is not higher, read after why it is what it is.
    pub const BINDING_LIMIT: f64 = 1.5;
    pub const LIMITING_PATTERN: f64 = 8.0;
    /// A pattern that moved the score the way the grade went.
    pub const PATTERN_WITH_THE_GRADE: f64 = 5.0;
    pub const PATTERN_AGAINST_THE_GRADE: f64 = 2.0;
    /// A pattern that did not move the score.
    pub const PATTERN_NOTED: f64 = 1.0;
    pub const INDICATOR_WITH_THE_GRADE: f64 = 4.0;
    pub const INDICATOR_AGAINST_THE_GRADE: f64 = 2.0;
    pub const SELF_AWARENESS: f64 = 3.0;
}

/// A judgement while its grade is worked out.
struct Draft<'a> {
    result: JudgementResult,
    descriptors: Vec<&'a DescriptorResult>,
    patterns: Vec<&'a PatternMatch>,
    score_rank: usize,
    limits: Vec<(usize, AppliedLimit)>,
    final_rank: usize,
}

/// Grades every judgement that has descriptors. A judgement a framework
/// leaves empty has nothing to grade and is left out.
pub fn judgements(
    evidence: &Evidence,
    rules: &Rules,
    descriptors: &[DescriptorResult],
    indicators: &[IndicatorResult],
    matched: &[PatternMatch],
    self_awareness: &SelfAwareness,
) -> Vec<JudgementResult> {
    let framework = &evidence.framework;
    let mut drafts: Vec<Draft> = framework
        .judgements
        .iter()
        .filter_map(|j| {
            let ds: Vec<&DescriptorResult> = descriptors.iter().filter(|d| d.judgement == j.id).collect();
            (!ds.is_empty()).then(|| score(evidence, rules, &j.id, &j.title, ds, matched))
        })
        .collect();

    // Limits that compare judgements with each other, on the grades so far.
    let ranks: Vec<usize> = drafts.iter().map(|d| d.final_rank).collect();
    for (i, draft) in drafts.iter_mut().enumerate() {
        for limit in rules
            .grades
            .limit
            .iter()
            .filter(|l| l.when == LimitWhen::AboveWeakestJudgement && applies(l, &draft.result.judgement))
        {
            let Some(weakest) = ranks.iter().enumerate().filter(|(k, _)| *k != i).map(|(_, r)| *r).max() else {
                continue;
            };
            let cap = weakest.saturating_sub(limit.steps.unwrap_or_default());
            if cap >= draft.final_rank {
                draft.limits.push((cap, applied(rules, limit, cap)));
                draft.final_rank = cap;
            }
        }
    }

    drafts
        .into_iter()
        .map(|d| finish(d, evidence, rules, indicators, self_awareness))
        .collect()
}

fn applies(limit: &Limit, judgement: &str) -> bool {
    limit.judgements.is_empty() || limit.judgements.iter().any(|x| x == judgement)
}

fn applied(rules: &Rules, limit: &Limit, rank: usize) -> AppliedLimit {
    AppliedLimit {
        grade: rules.grade_scale[rank].clone(),
        reason: limit.reason.clone(),
        basis: limit.basis.clone(),
        decisive: false,
    }
}

/// The score, the grade it gives, and the limits within one judgement.
fn score<'a>(
    evidence: &Evidence,
    rules: &Rules,
    judgement: &str,
    title: &str,
    ds: Vec<&'a DescriptorResult>,
    matched: &'a [PatternMatch],
) -> Draft<'a> {
    let framework = &evidence.framework;
    let gr = &rules.grades;
    let total_weight: f64 = ds.iter().map(|d| d.weight).sum();
    let descriptor_score = ds.iter().map(|d| d.weight * f64::from(d.score)).sum::<f64>() / total_weight;
    let mine: Vec<&PatternMatch> = matched
        .iter()
        .filter(|m| m.judgements.iter().any(|j| j == judgement))
        .collect();
    let raising = mine
        .iter()
        .filter(|m| m.kind == Kind::Strength && seen_at_or_above(rules, m) == Some(true))
        .count();
    let lowering = mine
        .iter()
        .filter(|m| m.effect == Effect::Flag && seen_at_or_above(rules, m) == Some(false))
        .count();
    let adjustment = (raising as f64 * gr.strength_pattern_bonus).min(gr.strength_bonus_max)
        - (lowering as f64 * gr.risk_pattern_penalty).min(gr.risk_penalty_max);
    let score = descriptor_score + adjustment;
    let grade_for = |score: f64| {
        gr.threshold
            .iter()
            .find(|t| score >= t.min_score - 1e-9)
            .and_then(|t| rules.rank(&t.grade))
            .unwrap_or(rules.worst_rank())
    };
    // Patterns alone never take a grade below the floor.
    let floor = rules
        .rank(&gr.pattern_floor)
        .unwrap_or(0)
        .max(grade_for(descriptor_score));
    let score_rank = grade_for(score).min(floor);

    let mut limits: Vec<(usize, AppliedLimit)> = Vec::new();
    for m in mine.iter().filter(|m| m.effect == Effect::Limit) {
        let Some(rank) = m.limit.as_deref().and_then(|l| rules.rank(l)) else {
            continue;
        };
        limits.push((
            rank,
            AppliedLimit {
                grade: rules.grade_scale[rank].clone(),
                reason: format!("the inspection pattern \"{}\" shows", m.title),
                basis: precedents_in_words(framework, m),
                decisive: false,
            },
        ));
    }
    for limit in gr.limit.iter().filter(|l| applies(l, judgement)) {
        let level = limit.level.as_deref().and_then(|l| rules.level(l));
        let holds = match limit.when {
            LimitWhen::DescriptorAtMost => {
                let named: Vec<String> = limit.descriptors.iter().filter_map(|d| framework.resolve(d)).collect();
                ds.iter()
                    .any(|d| named.contains(&d.descriptor) && level.is_some_and(|l| d.score <= l))
            }
            LimitWhen::AnyDescriptorAtMost => ds.iter().any(|d| level.is_some_and(|l| d.score <= l)),
            LimitWhen::NoStrengthPattern => raising == 0,
            LimitWhen::AnyRiskPattern => mine.iter().any(|m| m.kind == Kind::Risk),
            LimitWhen::AboveWeakestJudgement => false,
        };
        if holds && let Some(rank) = limit.grade.as_deref().and_then(|g| rules.rank(g)) {
            let mut applied = applied(rules, limit, rank);
            if matches!(limit.when, LimitWhen::DescriptorAtMost | LimitWhen::AnyDescriptorAtMost) {
                let named: Vec<String> = limit.descriptors.iter().filter_map(|d| framework.resolve(d)).collect();
                let which: Vec<&str> = ds
                    .iter()
                    .filter(|d| level.is_some_and(|l| d.score <= l))
                    .filter(|d| limit.when == LimitWhen::AnyDescriptorAtMost || named.contains(&d.descriptor))
                    .map(|d| d.title.as_str())
                    .collect();
                applied.reason = format!("{} ({})", applied.reason, which.join("; "));
            }
            limits.push((rank, applied));
        }
    }
    let final_rank = limits.iter().map(|(r, _)| *r).fold(score_rank, usize::max);
    Draft {
        result: JudgementResult {
            judgement: judgement.to_string(),
            title: title.to_string(),
            grade: String::new(),
            grade_label: String::new(),
            descriptor_score: super::round2(descriptor_score),
            pattern_adjustment: super::round2(adjustment),
            score: super::round2(score),
            score_grade: rules.grade_scale[score_rank].clone(),
            limits: Vec::new(),
            reasons: Vec::new(),
            last_inspection: last_grade(evidence, judgement),
        },
        descriptors: ds,
        patterns: mine,
        score_rank,
        limits,
        final_rank,
    }
}

/// The grade, the limits that set it, and the reasons in order, now that
/// the grade is final.
fn finish(
    draft: Draft<'_>,
    evidence: &Evidence,
    rules: &Rules,
    indicators: &[IndicatorResult],
    self_awareness: &SelfAwareness,
) -> JudgementResult {
    let framework = &evidence.framework;
    let Draft {
        mut result,
        descriptors,
        patterns,
        score_rank,
        limits,
        final_rank,
    } = draft;
    let below_good = rules.rank(&rules.grades.seen_at).is_some_and(|good| final_rank > good);
    let mut reasons = Vec::new();

    for (rank, mut limit) in limits {
        limit.decisive = final_rank > score_rank && rank == final_rank;
        if rank == final_rank {
            reasons.push(Reason::new(
                ReasonKind::Limit,
                &limit.reason,
                format!(
                    "No better than {}: {}",
                    framework.grade_label(&limit.grade),
                    limit.reason
                ),
                if limit.decisive {
                    weight::DECISIVE_LIMIT
                } else {
                    weight::BINDING_LIMIT
                },
            ));
        }
        result.limits.push(limit);
    }
    for m in &patterns {
        let moved = match m.kind {
            Kind::Strength => seen_at_or_above(rules, m) == Some(true),
            Kind::Risk => m.effect == Effect::Flag && seen_at_or_above(rules, m) == Some(false),
        };
        let with_the_grade = (m.kind == Kind::Risk) == below_good;
        let weight = match (m.effect, moved, with_the_grade) {
            (Effect::Limit, _, _) => weight::LIMITING_PATTERN,
            (_, false, _) => weight::PATTERN_NOTED,
            (_, true, true) => weight::PATTERN_WITH_THE_GRADE,
            (_, true, false) => weight::PATTERN_AGAINST_THE_GRADE,
        };
        let what = match m.kind {
            Kind::Risk => "Risk seen in inspections",
            Kind::Strength => "Strength seen in inspections",
        };
        // The precedents are the argument; a summary gives the finding alone.
        let short = format!("{what}: {}", m.title);
        reasons.push(Reason {
            kind: ReasonKind::Pattern,
            about: m.id.clone(),
            text: format!("{short} ({})", precedents_in_words(framework, m)),
            short,
            weight,
        });
    }
    let top = rules.top_level();
    for d in &descriptors {
        // Weak areas explain a grade below Good; strong ones a grade at Good or above.
        let distance = if below_good { top - d.score } else { d.score };
        let mut text = format!("{}: {}", d.title, d.assessed);
        if d.self_rating == SelfRating::OverRated {
            text.push_str(&format!(
                " (rated {}, but {})",
                d.own_rating.as_deref().unwrap_or_default(),
                d.supported_because.join("; ")
            ));
        } else if !d.written {
            text.push_str(" (no finding written)");
        }
        reasons.push(Reason::new(
            ReasonKind::Descriptor,
            &d.descriptor,
            text,
            d.weight * f64::from(distance),
        ));
    }
    for i in indicators.iter().filter(|i| i.judgement == result.judgement) {
        let weight = match (i.vs_comparator, below_good) {
            (Some(Band::Worse), true) | (Some(Band::Better), false) => weight::INDICATOR_WITH_THE_GRADE,
            (Some(Band::Worse), false) | (Some(Band::Better), true) => weight::INDICATOR_AGAINST_THE_GRADE,
            _ => continue,
        };
        reasons.push(Reason::new(
            ReasonKind::Indicator,
            &i.indicator,
            format!("{}: {}", i.title, i.summary),
            weight,
        ));
    }
    if result.judgement == rules.patterns.self_awareness_judgement && self_awareness.rated > 0 {
        reasons.push(Reason::new(
            ReasonKind::SelfAwareness,
            "self-awareness",
            format!(
                "Self-awareness: {} of {} own ratings match the evidence, {} are higher than it supports",
                self_awareness.accurate,
                self_awareness.rated,
                self_awareness.over_rated.len()
            ),
            weight::SELF_AWARENESS,
        ));
    }
    // Stable: equal weights keep the order above (limits, patterns, descriptors ...).
    reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    result.reasons = reasons;
    result.grade = rules.grade_scale[final_rank].clone();
    result.grade_label = framework.grade_label(&result.grade);
    result
}

fn last_grade(evidence: &Evidence, judgement: &str) -> Option<String> {
    let last = evidence.last_inspection.as_ref()?;
    let (_, grade) = last.grades.iter().find(|(j, _)| j == judgement)?;
    Some(evidence.framework.grade_label(grade))
}

/// "seen in Wokingham, ILACS inspection 2019 (paras 9 and 12, Requires
/// improvement to be good); Windsor and Maidenhead, ILACS inspection 2020
/// (para 5, Good)": one entry per report and grade.
pub fn precedents_in_words(framework: &Framework, m: &PatternMatch) -> String {
    let mut groups: Vec<(&str, Option<&str>, Vec<u32>)> = Vec::new();
    for p in &m.precedents {
        match groups
            .iter_mut()
            .find(|(report, grade, _)| *report == p.report && *grade == p.grade.as_deref())
        {
            Some((_, _, paras)) if !paras.contains(&p.paragraph) => paras.push(p.paragraph),
            Some(_) => {}
            None => groups.push((&p.report, p.grade.as_deref(), vec![p.paragraph])),
        }
    }
    let list: Vec<String> = groups
        .into_iter()
        .map(|(report, grade, paras)| {
            let paras = match paras.as_slice() {
                [one] => format!("para {one}"),
                [init @ .., last] => format!(
                    "paras {} and {last}",
                    init.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                ),
                [] => String::new(),
            };
            let grade = grade
                .map(|g| format!(", {}", framework.grade_label(g)))
                .unwrap_or_default();
            format!("{report} ({paras}{grade})")
        })
        .collect();
    format!("seen in {}", list.join("; "))
}

/// Overall effectiveness, where the framework grades it: the weighted mean of
/// the judgements' grades, a half rounding down, and Inadequate if any is.
pub fn overall(evidence: &Evidence, rules: &Rules, judgements: &[JudgementResult]) -> Option<OverallResult> {
    let framework = &evidence.framework;
    if !framework.overall_effectiveness || judgements.is_empty() {
        return None;
    }
    let worst = rules.worst_rank();
    let rank = |j: &JudgementResult| rules.rank(&j.grade).unwrap_or(worst);
    let weight = |j: &JudgementResult| rules.overall.weights.get(&j.judgement).copied().unwrap_or(1.0);
    let total: f64 = judgements.iter().map(weight).sum();
    let mean = judgements
        .iter()
        .map(|j| weight(j) * (worst - rank(j)) as f64)
        .sum::<f64>()
        / total;
    let mut grade_rank = worst - ((mean - 0.5).ceil().max(0.0) as usize).min(worst);
    let mut reasons: Vec<Reason> = judgements
        .iter()
        .map(|j| {
            Reason::new(
                ReasonKind::Judgement,
                &j.judgement,
                format!("{}: {} (counts {} in the mean)", j.title, j.grade_label, weight(j)),
                weight(j),
            )
        })
        .collect();
    if rules.overall.inadequate_if_any_inadequate
        && let Some(j) = judgements.iter().find(|j| rank(j) == worst)
    {
        grade_rank = worst;
        reasons.insert(
            0,
            Reason::new(
                ReasonKind::Limit,
                &j.judgement,
                format!("{} is {}, so overall effectiveness is too", j.title, j.grade_label),
                weight::DECISIVE_LIMIT,
            ),
        );
    }
    let grade = rules.grade_scale[grade_rank].clone();
    Some(OverallResult {
        grade_label: framework.grade_label(&grade),
        grade,
        score: super::round2(mean),
        out_of: worst,
        reasons,
        last_inspection: last_grade(evidence, OVERALL_EFFECTIVENESS),
    })
}
