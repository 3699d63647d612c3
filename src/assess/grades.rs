//! From evidence strength, indicators and patterns to descriptor levels,
//! self-awareness, indicative grades and the ranked gaps.

use std::collections::BTreeMap;

use crate::evidence::Evidence;
use crate::framework::{Choice, Framework};

use super::rules::{LimitWhen, Rules};
use super::strength::lacking;
use super::{
    AppliedLimit, Band, DescriptorResult, Effect, EvidenceStrength, Gap, IndicatorResult, JudgementResult, Kind,
    OverallResult, OverdueAction, PatternMatch, Reason, Scale, SelfAwareness, SelfRating,
};

/// Actions still open after their due date, as at the document's date.
pub fn overdue_actions(evidence: &Evidence) -> Vec<OverdueAction> {
    evidence
        .actions
        .iter()
        .filter(|a| a.status.is_open() && a.due < evidence.prepared_on)
        .map(|a| OverdueAction {
            id: a.id.clone(),
            action: a.action.clone(),
            due: a.due,
            status: a.status.id().to_string(),
            descriptors: a.descriptors.clone(),
        })
        .collect()
}

fn weight_of(framework: &Framework, rules: &Rules, descriptor: &str) -> f64 {
    let key = rules.is_key(descriptor)
        || framework
            .descriptor(descriptor)
            .is_some_and(|d| d.replaces.iter().any(|r| rules.is_key(r)));
    if key { rules.descriptors.key_weight } else { 1.0 }
}

/// Each descriptor's supported and assessed level. The council's rating is
/// brought down to what the evidence supports; evidence alone never brings it
/// below the level an unwritten finding counts as, because missing evidence
/// is a gap, not proof that children are unsafe.
pub fn descriptor_levels(
    evidence: &Evidence,
    rules: &Rules,
    scale: &Scale,
    strengths: &BTreeMap<String, EvidenceStrength>,
    indicators: &[IndicatorResult],
    matched: &[PatternMatch],
) -> Result<Vec<DescriptorResult>, crate::Error> {
    let framework = &evidence.framework;
    let dr = &rules.descriptors;
    let floor = scale.require(&dr.unwritten_level)?;
    let unrated = scale.require(&dr.unrated_level)?;
    let flag_cap = scale.require(&dr.flag_pattern_caps_at)?;
    let limit_cap = scale.require(&dr.limit_pattern_caps_at)?;
    let mut out = Vec::new();
    for d in &framework.descriptors {
        let finding = evidence.finding(&d.id);
        let written = finding.is_some_and(|f| !f.summary.trim().is_empty());
        let strength = strengths[&d.id].clone();
        let mut because = Vec::new();
        let evidence_cap = scale.score(&strength.level).unwrap_or(0).max(floor);
        if evidence_cap < scale.top() {
            because.push(format!("evidence {}", strength.summary));
        }
        // Caps from outside the finding's own sources.
        let mut other_cap = scale.top();
        let worse: Vec<&IndicatorResult> = indicators
            .iter()
            .filter(|i| i.descriptor == d.id && i.vs_comparator == Some(Band::Worse))
            .collect();
        let mut caps = dr.indicator_cap.clone();
        caps.sort_by_key(|c| std::cmp::Reverse(c.worse_at_least));
        if let Some(cap) = caps.iter().find(|c| worse.len() >= c.worse_at_least) {
            let level = scale.require(&cap.caps_at)?;
            if level < scale.top() {
                other_cap = other_cap.min(level);
                because.push(format!(
                    "worse than {}: {}",
                    framework.comparator_area,
                    worse.iter().map(|i| i.title.as_str()).collect::<Vec<_>>().join("; ")
                ));
            }
        }
        for m in matched
            .iter()
            .filter(|m| m.kind == Kind::Risk && m.descriptors.contains(&d.id))
        {
            other_cap = other_cap.min(if m.effect == Effect::Limit { limit_cap } else { flag_cap });
            because.push(format!("inspection pattern: {}", m.title));
        }

        let supported = evidence_cap.min(other_cap);
        let own = finding.and_then(|f| f.rating.as_deref()).and_then(|r| scale.score(r));
        let assessed = match (written, own) {
            (false, _) => floor.min(other_cap),
            (true, Some(own)) => own.min(supported),
            (true, None) => unrated.min(supported),
        };
        let positive = indicators
            .iter()
            .any(|i| i.descriptor == d.id && i.vs_comparator == Some(Band::Better))
            && worse.is_empty()
            || matched
                .iter()
                .any(|m| m.kind == Kind::Strength && m.descriptors.contains(&d.id));
        let self_rating = match own {
            None => SelfRating::NotRated,
            Some(_) if !written => SelfRating::NotRated,
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
            own_rating: own.map(|s| scale.id(s).to_string()),
            evidence: strength,
            supported: scale.id(supported).to_string(),
            supported_because: because,
            assessed: scale.id(assessed).to_string(),
            score: assessed,
            self_rating,
            location: finding.map(|f| format!("{}:{}", f.origin.file.display(), f.origin.line)),
        });
    }
    Ok(out)
}

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
            round2(n as f64 / rated.len() as f64)
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

/// Patterns that needed self-awareness are known only now; a risk among them
/// still caps the descriptors it names.
pub fn apply_late_patterns(
    descriptors: &mut [DescriptorResult],
    late: &[PatternMatch],
    rules: &Rules,
    scale: &Scale,
) -> Result<(), crate::Error> {
    for m in late.iter().filter(|m| m.kind == Kind::Risk) {
        let cap = scale.require(if m.effect == Effect::Limit {
            &rules.descriptors.limit_pattern_caps_at
        } else {
            &rules.descriptors.flag_pattern_caps_at
        })?;
        for d in descriptors.iter_mut().filter(|d| m.descriptors.contains(&d.descriptor)) {
            if d.score > cap {
                d.score = cap;
                d.assessed = scale.id(cap).to_string();
            }
            if scale.score(&d.supported).is_some_and(|s| s > cap) {
                d.supported = scale.id(cap).to_string();
            }
            d.supported_because.push(format!("inspection pattern: {}", m.title));
        }
    }
    Ok(())
}

/// A grade's position on the framework's scale: 0 is the best.
fn rank(framework: &Framework, grade: &str) -> usize {
    framework
        .grade(grade)
        .and_then(|g| framework.grades.iter().position(|x| x.id == g.id))
        .unwrap_or(framework.grades.len().saturating_sub(1))
}

fn label(framework: &Framework, rank: usize) -> (String, String) {
    let g = &framework.grades[rank.min(framework.grades.len() - 1)];
    (g.id.clone(), g.label.clone())
}

pub fn judgements(
    evidence: &Evidence,
    rules: &Rules,
    scale: &Scale,
    descriptors: &[DescriptorResult],
    indicators: &[IndicatorResult],
    matched: &[PatternMatch],
    self_awareness: &SelfAwareness,
) -> Result<Vec<JudgementResult>, crate::Error> {
    let framework = &evidence.framework;
    let gr = &rules.grades;
    let applies_to =
        |limit_judgements: &[String], j: &str| limit_judgements.is_empty() || limit_judgements.iter().any(|x| x == j);
    let mut results: Vec<(JudgementResult, usize, usize)> = Vec::new();

    for j in &framework.judgements {
        let ds: Vec<&DescriptorResult> = descriptors.iter().filter(|d| d.judgement == j.id).collect();
        let total_weight: f64 = ds.iter().map(|d| d.weight).sum();
        let descriptor_score = if total_weight > 0.0 {
            ds.iter().map(|d| d.weight * f64::from(d.score)).sum::<f64>() / total_weight
        } else {
            0.0
        };
        let mine: Vec<&PatternMatch> = matched.iter().filter(|m| m.judgements.contains(&j.id)).collect();
        let strengths = mine.iter().filter(|m| m.kind == Kind::Strength).count();
        let seen_at = rank(framework, &gr.seen_at);
        let best_seen = |m: &PatternMatch| {
            m.precedents
                .iter()
                .filter_map(|p| p.grade.as_deref())
                .map(|g| rank(framework, g))
                .min()
        };
        let raising = mine
            .iter()
            .filter(|m| m.kind == Kind::Strength && best_seen(m).is_some_and(|b| b <= seen_at))
            .count();
        let lowering = mine
            .iter()
            .filter(|m| m.effect == Effect::Flag && best_seen(m).is_none_or(|b| b > seen_at))
            .count();
        let adjustment = (raising as f64 * gr.strength_pattern_bonus).min(gr.strength_bonus_max)
            - (lowering as f64 * gr.risk_pattern_penalty).min(gr.risk_penalty_max);
        let score = round2(descriptor_score + adjustment);
        let grade_for = |score: f64| {
            gr.threshold
                .iter()
                .find(|t| score >= t.min_score - 1e-9)
                .map_or(framework.grades.len() - 1, |t| rank(framework, &t.grade))
        };
        let floor = rank(framework, &gr.pattern_floor).max(grade_for(descriptor_score));
        let score_rank = grade_for(score).min(floor);

        let mut limits: Vec<(usize, AppliedLimit)> = Vec::new();
        for m in mine.iter().filter(|m| m.effect == Effect::Limit) {
            let limit = m.limit.as_deref().unwrap_or_default();
            limits.push((
                rank(framework, limit),
                AppliedLimit {
                    grade: limit.to_string(),
                    reason: format!("the inspection pattern \"{}\" shows", m.title),
                    basis: precedents_in_words(framework, m),
                    decisive: false,
                },
            ));
        }
        for limit in gr.limit.iter().filter(|l| applies_to(&l.judgements, &j.id)) {
            let level = limit.level.as_deref().map(|l| scale.require(l)).transpose()?;
            let holds = match limit.when {
                LimitWhen::DescriptorAtMost => {
                    let named: Vec<String> = limit
                        .descriptors
                        .iter()
                        .filter_map(|d| super::resolve(framework, d))
                        .collect();
                    ds.iter()
                        .any(|d| named.contains(&d.descriptor) && level.is_some_and(|l| d.score <= l))
                }
                LimitWhen::AnyDescriptorAtMost => ds.iter().any(|d| level.is_some_and(|l| d.score <= l)),
                LimitWhen::NoStrengthPattern => strengths == 0,
                LimitWhen::AnyRiskPattern => mine.iter().any(|m| m.kind == Kind::Risk),
                LimitWhen::AboveWeakestJudgement => false,
            };
            if holds && let Some(grade) = &limit.grade {
                limits.push((
                    rank(framework, grade),
                    AppliedLimit {
                        grade: framework.grade(grade).map_or(grade.clone(), |g| g.id.clone()),
                        reason: limit.reason.clone(),
                        basis: limit.basis.clone(),
                        decisive: false,
                    },
                ));
            }
        }
        let final_rank = limits.iter().map(|(r, _)| *r).fold(score_rank, usize::max);

        let mut reasons = Vec::new();
        let below_good = final_rank > rank(framework, "good");
        for m in &mine {
            // What pulls against the grade reads first: risks below Good,
            // strengths at Good or better.
            let weight = match (m.effect, below_good) {
                (Effect::Limit, _) => 8.0,
                (Effect::Flag, true) | (Effect::Support, false) => 5.0,
                _ => 2.0,
            };
            let what = match m.kind {
                Kind::Risk => "Risk seen in inspections",
                Kind::Strength => "Strength seen in inspections",
            };
            reasons.push(Reason {
                kind: "pattern".into(),
                text: format!("{what}: {} ({})", m.title, precedents_in_words(framework, m)),
                weight,
            });
        }
        for d in &ds {
            let distance = if below_good { scale.top() - d.score } else { d.score };
            let mut text = format!("{}: {}", d.title, scale.label(d.score).to_lowercase());
            if d.self_rating == SelfRating::OverRated {
                text.push_str(&format!(
                    " (rated {}, but {})",
                    d.own_rating.as_deref().unwrap_or_default(),
                    d.supported_because.join("; ")
                ));
            } else if !d.written {
                text.push_str(" (no finding written)");
            }
            reasons.push(Reason {
                kind: "descriptor".into(),
                text,
                weight: d.weight * f64::from(distance),
            });
        }
        for i in indicators.iter().filter(|i| i.judgement == j.id) {
            let weight = match (i.vs_comparator, below_good) {
                (Some(Band::Worse), true) | (Some(Band::Better), false) => 4.0,
                (Some(Band::Worse), false) | (Some(Band::Better), true) => 2.0,
                _ => continue,
            };
            reasons.push(Reason {
                kind: "indicator".into(),
                text: format!("{}: {}", i.title, i.summary),
                weight,
            });
        }
        if j.id == "leaders" && self_awareness.rated > 0 {
            reasons.push(Reason {
                kind: "self-awareness".into(),
                text: format!(
                    "Self-awareness: {} of {} own ratings match the evidence, {} are higher than it supports",
                    self_awareness.accurate,
                    self_awareness.rated,
                    self_awareness.over_rated.len()
                ),
                weight: 3.0,
            });
        }
        let (grade, grade_label) = label(framework, final_rank);
        let (score_grade, _) = label(framework, score_rank);
        results.push((
            JudgementResult {
                judgement: j.id.clone(),
                title: j.title.clone(),
                grade,
                grade_label,
                descriptor_score: round2(descriptor_score),
                pattern_adjustment: round2(adjustment),
                score,
                score_grade,
                limits: limits.into_iter().map(|(_, l)| l).collect(),
                reasons,
                last_inspection: last_grade(evidence, &j.id),
            },
            score_rank,
            final_rank,
        ));
    }

    // Limits that compare judgements with each other, on the grades so far.
    let ranks: Vec<usize> = results.iter().map(|(_, _, r)| *r).collect();
    for (i, (result, _, final_rank)) in results.iter_mut().enumerate() {
        for limit in gr
            .limit
            .iter()
            .filter(|l| l.when == LimitWhen::AboveWeakestJudgement && applies_to(&l.judgements, &result.judgement))
        {
            let Some(weakest) = ranks.iter().enumerate().filter(|(k, _)| *k != i).map(|(_, r)| *r).max() else {
                continue;
            };
            let cap = weakest.saturating_sub(limit.steps.unwrap_or(1));
            if *final_rank < cap {
                *final_rank = cap;
            }
            if cap >= *final_rank {
                result.limits.push(AppliedLimit {
                    grade: label(framework, cap).0,
                    reason: limit.reason.clone(),
                    basis: limit.basis.clone(),
                    decisive: false,
                });
            }
        }
    }

    Ok(results
        .into_iter()
        .map(|(mut result, score_rank, final_rank)| {
            for l in &mut result.limits {
                l.decisive = final_rank > score_rank && rank(framework, &l.grade) == final_rank;
            }
            for l in &result.limits {
                result.reasons.push(Reason {
                    kind: "limit".into(),
                    text: format!(
                        "No better than {}: {}",
                        framework.grade(&l.grade).map_or(l.grade.as_str(), |g| g.label.as_str()),
                        l.reason
                    ),
                    weight: if l.decisive { 10.0 } else { 1.0 },
                });
            }
            result.reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            let (grade, grade_label) = label(framework, final_rank);
            result.grade = grade;
            result.grade_label = grade_label;
            result
        })
        .collect())
}

fn last_grade(evidence: &Evidence, judgement: &str) -> Option<String> {
    let last = evidence.last_inspection.as_ref()?;
    let (_, grade) = last.grades.iter().find(|(j, _)| j == judgement)?;
    Some(
        evidence
            .framework
            .grade(grade)
            .map_or(grade.clone(), |g| g.label.clone()),
    )
}

/// "seen in 000 para 12 (Requires improvement to be good); 003 para 5 (Good)"
fn precedents_in_words(framework: &Framework, m: &PatternMatch) -> String {
    let mut list: Vec<String> = m
        .precedents
        .iter()
        .map(|p| {
            let grade = p
                .grade
                .as_deref()
                .map(|g| format!(", {}", framework.grade(g).map_or(g, |x| x.label.as_str())))
                .unwrap_or_default();
            let report = p.seed.split('_').next().unwrap_or(&p.seed);
            format!("{report} para {}{grade}", p.paragraph)
        })
        .collect();
    // Two quotes from one paragraph are one precedent here.
    let mut seen = std::collections::BTreeSet::new();
    list.retain(|p| seen.insert(p.clone()));
    format!("seen in seed {}", list.join("; "))
}

pub fn overall(evidence: &Evidence, rules: &Rules, judgements: &[JudgementResult]) -> Option<OverallResult> {
    let framework = &evidence.framework;
    if !framework.overall_effectiveness || judgements.is_empty() {
        return None;
    }
    let top = framework.grades.len() - 1;
    let value = |j: &JudgementResult| (top - rank(framework, &j.grade)) as f64;
    let weight = |j: &JudgementResult| rules.overall.weights.get(&j.judgement).copied().unwrap_or(1.0);
    let total: f64 = judgements.iter().map(weight).sum();
    let mean = judgements.iter().map(|j| weight(j) * value(j)).sum::<f64>() / total;
    let mut grade_rank = top - ((mean - 0.5).ceil().max(0.0) as usize).min(top);
    let mut reasons: Vec<Reason> = judgements
        .iter()
        .map(|j| Reason {
            kind: "judgement".into(),
            text: format!("{}: {} (counts {} in the mean)", j.title, j.grade_label, weight(j)),
            weight: weight(j),
        })
        .collect();
    if rules.overall.inadequate_if_any_inadequate
        && let Some(j) = judgements.iter().find(|j| rank(framework, &j.grade) == top)
    {
        grade_rank = top;
        reasons.insert(
            0,
            Reason {
                kind: "limit".into(),
                text: format!("{} is Inadequate, so overall effectiveness is too", j.title),
                weight: 10.0,
            },
        );
    }
    let (grade, grade_label) = label(framework, grade_rank);
    Some(OverallResult {
        grade,
        grade_label,
        score: round2(mean),
        reasons,
        last_inspection: last_grade(evidence, "overall-effectiveness"),
    })
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
    let mut push = |kind: &str, judgement: Option<&str>, descriptor: Option<&str>, weight: f64, text: String| {
        let order = judgement.map_or(usize::MAX, judgement_order);
        gaps.push((
            Gap {
                rank: 0,
                kind: kind.to_string(),
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
            "limit-pattern"
        } else {
            "risk-pattern"
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
                "no-finding",
                j,
                id,
                d.weight,
                format!("{name}: write the finding and its evidence"),
            );
            continue;
        }
        if d.evidence.sources == 0 {
            push(
                "no-sources",
                j,
                id,
                d.weight,
                format!("{name}: no sources cited; add the evidence behind the finding"),
            );
        }
        if d.self_rating == SelfRating::OverRated {
            push(
                "over-rated",
                j,
                id,
                d.weight,
                format!(
                    "{name}: rated {} but the evidence supports {} ({})",
                    d.own_rating.as_deref().unwrap_or_default(),
                    d.supported,
                    d.supported_because.join("; ")
                ),
            );
        }
        if d.evidence.stale_sources > 0 {
            push(
                "stale-evidence",
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
                "untriangulated",
                j,
                id,
                d.weight,
                format!("{name}: not triangulated ({})", missing.join(", ")),
            );
        }
        if !d.evidence.impact_stated {
            push(
                "no-impact",
                j,
                id,
                d.weight,
                format!("{name}: say what difference practice makes to children"),
            );
        }
        if d.own_rating.is_none() {
            push("no-rating", j, id, d.weight, format!("{name}: give your own rating"));
        }
    }
    for i in indicators {
        let j = Some(i.judgement.as_str());
        let weight = weight_of(framework, rules, &i.descriptor);
        if i.value.is_none() {
            push(
                "missing-indicator",
                j,
                Some(&i.descriptor),
                weight,
                format!("{}: not recorded; add this year's figure", i.title),
            );
        } else if i.vs_comparator == Some(Band::Worse) {
            push(
                "worse-indicator",
                j,
                Some(&i.descriptor),
                weight,
                format!("{}: {}", i.title, i.summary),
            );
        }
    }
    for a in overdue {
        let descriptor = a.descriptors.first().and_then(|d| super::resolve(framework, d));
        let judgement = descriptor
            .as_deref()
            .and_then(|d| framework.descriptor(d))
            .map(|d| d.judgement.clone());
        push(
            "overdue-action",
            judgement.as_deref(),
            descriptor.as_deref(),
            1.0,
            format!(
                "Action {} was due {} and is {}: {}",
                a.id,
                a.due.long(),
                a.status.replace('-', " "),
                a.action
            ),
        );
    }

    // Worse-graded judgements first among equal points: that is where a
    // gap costs most.
    let grade_rank = |j: &Option<String>| {
        j.as_deref()
            .and_then(|j| judgements.iter().find(|r| r.judgement == j))
            .map_or(0, |r| rank(framework, &r.grade))
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

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
