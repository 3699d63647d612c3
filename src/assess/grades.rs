//! Indicative grades: what each judgement's written findings read as
//! together, the limits that bring it down, overall effectiveness, and the
//! reasons, strongest first, beginning with the council's own sentences that
//! decided it.

use super::levels::seen_at_or_above;
use super::reading::{self, Said};
use super::{
    AppliedLimit, BasedOn, Confidence, DescriptorResult, IndicatorResult, JudgementResult, OverallResult, PatternMatch,
    Reason, ReasonKind, SelfAwareness, SelfRating,
};
use crate::model::evidence::{Evidence, OVERALL_EFFECTIVENESS};
use crate::model::framework::Framework;
use crate::model::language::{LanguageModel, Side, is_negation};
use crate::model::library::{Band, Effect, Kind, Library, Limit, LimitWhen, Rules};
use crate::text::plural;

/// How much each kind of reason weighs when reasons are put in order. This
/// orders the explanation only; it never changes a grade.
mod weight {
    /// A limit that set the grade, or the want of evidence to grade at all.
    pub const DECISIVE_LIMIT: f64 = 10.0;
    /// A limit at the grade given, which a better reading would have met:
    /// why the grade is not higher, read after why it is what it is.
    pub const BINDING_LIMIT: f64 = 1.5;
    pub const LIMITING_PATTERN: f64 = 8.0;
    /// The council's own sentences that read most as the grade given.
    pub const SENTENCE: f64 = 7.0;
    pub const PATTERN_WITH_THE_GRADE: f64 = 5.0;
    pub const PATTERN_AGAINST_THE_GRADE: f64 = 2.0;
    /// A pattern whose precedents do not point the grade's way.
    pub const PATTERN_NOTED: f64 = 1.0;
    pub const INDICATOR_WITH_THE_GRADE: f64 = 4.0;
    pub const INDICATOR_AGAINST_THE_GRADE: f64 = 2.0;
    pub const SELF_AWARENESS: f64 = 3.0;
    /// The areas with no finding: what the grade does not rest on.
    pub const UNWRITTEN: f64 = 2.5;
}

/// How many of the deciding sentences a grade lists.
const SENTENCE_REASONS: usize = 5;
/// How many of a sentence's telling words its reason names.
const TELLING_WORDS: usize = 3;

/// A judgement while its grade is worked out.
struct Draft<'a> {
    result: JudgementResult,
    descriptors: Vec<&'a DescriptorResult>,
    patterns: Vec<&'a PatternMatch>,
    sentences: Vec<&'a Said>,
    /// The grade the reading gives, as a rank (0 best); none when there is
    /// not enough evidence to grade.
    score_rank: Option<usize>,
    limits: Vec<(usize, AppliedLimit)>,
    final_rank: Option<usize>,
}

/// The inputs every judgement is graded from.
pub struct Graded<'a> {
    pub evidence: &'a Evidence,
    pub library: &'a Library,
    pub descriptors: &'a [DescriptorResult],
    pub said: &'a [Said],
    pub indicators: &'a [IndicatorResult],
    pub matched: &'a [PatternMatch],
    pub self_awareness: &'a SelfAwareness,
}

/// Grades every judgement that has descriptors. A judgement a framework
/// leaves empty has nothing to grade and is left out.
pub fn judgements(g: &Graded<'_>) -> Vec<JudgementResult> {
    let framework = &g.evidence.framework;
    let rules = &g.library.rules;
    let mut drafts: Vec<Draft> = framework
        .judgements
        .iter()
        .filter_map(|j| {
            let ds: Vec<&DescriptorResult> = g.descriptors.iter().filter(|d| d.judgement == j.id).collect();
            (!ds.is_empty()).then(|| score(g, &j.id, &j.title, ds))
        })
        .collect();

    // Limits that compare judgements with each other, on the grades so far.
    let ranks: Vec<Option<usize>> = drafts.iter().map(|d| d.final_rank).collect();
    for (i, draft) in drafts.iter_mut().enumerate() {
        let Some(rank) = draft.final_rank else { continue };
        for limit in rules
            .grades
            .limit
            .iter()
            .filter(|l| l.when == LimitWhen::AboveWeakestJudgement && applies(l, &draft.result.judgement))
        {
            let Some(weakest) = ranks
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .filter_map(|(_, r)| *r)
                .max()
            else {
                continue;
            };
            let cap = weakest.saturating_sub(limit.steps.unwrap_or_default());
            if cap >= rank {
                draft.limits.push((cap, applied(rules, limit, cap)));
                draft.final_rank = Some(cap);
            }
        }
    }

    drafts
        .into_iter()
        .map(|d| finish(d, g.evidence, g.library, g.indicators, g.self_awareness))
        .collect()
}

/// The share of a judgement's descriptors that have a finding, by weight.
fn written_share(ds: &[&DescriptorResult]) -> f64 {
    let total: f64 = ds.iter().map(|d| d.weight).sum();
    let written: f64 = ds.iter().filter(|d| d.written).map(|d| d.weight).sum();
    // An empty sum is -0.0, which would print as "-0%".
    if total > 0.0 && written > 0.0 {
        written / total
    } else {
        0.0
    }
}

/// A weight in words: "double", "three times".
fn times(weight: f64) -> String {
    match weight {
        w if (w - 1.0).abs() < 1e-9 => "once".to_string(),
        w if (w - 2.0).abs() < 1e-9 => "double".to_string(),
        w => format!("{w} times"),
    }
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

/// A grade rank (0 best) for a reading's class (0 inadequate to 3 outstanding).
fn rank_of(rules: &Rules, class: usize) -> usize {
    rules.worst_rank().saturating_sub(class)
}

/// The reading, the grade it gives, and the limits within one judgement.
fn score<'a>(g: &Graded<'a>, judgement: &str, title: &str, ds: Vec<&'a DescriptorResult>) -> Draft<'a> {
    let evidence = g.evidence;
    let framework = &evidence.framework;
    let rules = &g.library.rules;
    let gr = &rules.grades;
    let total_weight: f64 = ds.iter().map(|d| d.weight).sum();
    let sentences: Vec<&Said> = g
        .said
        .iter()
        .filter(|s| ds.iter().any(|d| d.written && d.descriptor == s.descriptor))
        .collect();
    let reading = reading::read(g.library, &sentences);
    let enough =
        total_weight > 0.0 && written_share(&ds) >= gr.min_written_share - 1e-9 && sentences.len() >= gr.min_sentences;
    let score_rank = reading.as_ref().filter(|_| enough).map(|r| rank_of(rules, r.grade()));
    let mine: Vec<&PatternMatch> = g
        .matched
        .iter()
        .filter(|m| m.judgements.iter().any(|j| j == judgement))
        .collect();

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
        let at_most = |d: &DescriptorResult| level.is_some_and(|l| d.score.is_some_and(|s| s <= l));
        let named: Vec<String> = limit.descriptors.iter().filter_map(|d| framework.resolve(d)).collect();
        let which: Vec<&str> = match limit.when {
            LimitWhen::DescriptorAtMost => ds
                .iter()
                .filter(|d| named.contains(&d.descriptor) && at_most(d))
                .map(|d| d.title.as_str())
                .collect(),
            LimitWhen::AnyDescriptorAtMost => ds.iter().filter(|d| at_most(d)).map(|d| d.title.as_str()).collect(),
            LimitWhen::FarOverRated | LimitWhen::AboveWeakestJudgement => Vec::new(),
        };
        let holds = match limit.when {
            LimitWhen::DescriptorAtMost | LimitWhen::AnyDescriptorAtMost => !which.is_empty(),
            LimitWhen::FarOverRated => {
                let sa = g.self_awareness;
                sa.rated >= rules.patterns.self_awareness_min_rated
                    && limit.share.is_some_and(|s| sa.far_over_rated_share >= s - 1e-9)
            }
            LimitWhen::AboveWeakestJudgement => false,
        };
        if holds && let Some(rank) = limit.grade.as_deref().and_then(|g| rules.rank(g)) {
            let mut applied = applied(rules, limit, rank);
            if !which.is_empty() {
                applied.reason = format!("{} ({})", applied.reason, which.join("; "));
            }
            limits.push((rank, applied));
        }
    }
    // Limits say what a grade can be no better than; with no grade there
    // is nothing to limit.
    let final_rank = score_rank.map(|s| limits.iter().map(|(r, _)| *r).fold(s, usize::max));
    let confidence = {
        let written: Vec<&&DescriptorResult> = ds.iter().filter(|d| d.written).collect();
        let weight: f64 = written.iter().map(|d| d.weight).sum();
        let mean = written
            .iter()
            .map(|d| d.weight * f64::from(d.confidence as u8))
            .sum::<f64>()
            / weight.max(f64::MIN_POSITIVE);
        match mean.round() as u8 {
            2.. => Confidence::High,
            1 => Confidence::Medium,
            0 => Confidence::Low,
        }
    };
    Draft {
        result: JudgementResult {
            judgement: judgement.to_string(),
            title: title.to_string(),
            grade: None,
            grade_label: String::new(),
            based_on: BasedOn {
                written: ds.iter().filter(|d| d.written).count(),
                of: ds.len(),
            },
            score: reading.as_ref().map_or(0.0, |r| r.expected),
            score_grade: score_rank.map(|r| rules.grade_scale[r].clone()),
            reading,
            confidence,
            limits: Vec::new(),
            reasons: Vec::new(),
            why: String::new(),
            last_inspection: last_grade(evidence, judgement),
        },
        descriptors: ds,
        patterns: mine,
        sentences,
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
    library: &Library,
    indicators: &[IndicatorResult],
    self_awareness: &SelfAwareness,
) -> JudgementResult {
    let framework = &evidence.framework;
    let rules = &library.rules;
    let Draft {
        mut result,
        descriptors,
        patterns,
        sentences,
        score_rank,
        limits,
        final_rank,
    } = draft;
    let mut reasons = Vec::new();
    let Some(final_rank) = final_rank else {
        result.grade_label = "Not enough evidence to grade".to_string();
        let gr = &rules.grades;
        reasons.push(Reason::new(
            ReasonKind::Limit,
            "not-enough-evidence",
            format!(
                "Not enough evidence to grade: findings are written for {} of {} areas, with {}, \
                 {:.0}% of the areas when key areas count {}; a grade needs at least {:.0}% and {}",
                result.based_on.written,
                result.based_on.of,
                plural(sentences.len(), "sentence"),
                (written_share(&descriptors) * 100.0).floor(),
                times(rules.descriptors.key_weight),
                gr.min_written_share * 100.0,
                plural(gr.min_sentences, "sentence"),
            ),
            weight::DECISIVE_LIMIT,
        ));
        reasons.extend(unwritten(&descriptors));
        result.why = format!(
            "Findings are written for {} of {} areas",
            result.based_on.written, result.based_on.of
        );
        result.reasons = reasons;
        return result;
    };
    let below_good = rules.rank(&rules.grades.seen_at).is_some_and(|good| final_rank > good);

    for (rank, mut limit) in limits {
        limit.decisive = score_rank.is_some_and(|s| final_rank > s) && rank == final_rank;
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
    let class = rules.worst_rank() - final_rank;
    // The sentences that pulled most towards the grade given, of those that
    // lean to its side of Good.
    let side = Side::of(class);
    let deciding: Vec<&Said> = reading::deciding(&library.language, &sentences, side)
        .into_iter()
        .take(SENTENCE_REASONS)
        .map(|(s, _)| s)
        .collect();
    for s in &deciding {
        reasons.push(sentence_reason(framework, rules, &library.language, s, side));
    }
    result.why = why(
        framework,
        &result.limits,
        &rules.grade_scale[final_rank],
        &library.language,
        &deciding,
        side,
    );
    for m in &patterns {
        let points_down = seen_at_or_above(rules, m) == Some(false);
        let points_up = seen_at_or_above(rules, m) == Some(true);
        let weight = match (m.effect, m.kind) {
            (Effect::Limit, _) => weight::LIMITING_PATTERN,
            (_, Kind::Risk) if !points_down => weight::PATTERN_NOTED,
            (_, Kind::Strength) if !points_up => weight::PATTERN_NOTED,
            (_, kind) if (kind == Kind::Risk) == below_good => weight::PATTERN_WITH_THE_GRADE,
            _ => weight::PATTERN_AGAINST_THE_GRADE,
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
    for d in descriptors.iter().filter(|d| d.written) {
        let Some(level) = d.score else { continue };
        // Weak areas explain a grade below Good; strong ones a grade at Good or above.
        let distance = if below_good { top - level } else { level };
        let mut text = format!(
            "{}: {}",
            d.title,
            d.supported
                .as_deref()
                .map(|s| framework.rating_label(s))
                .unwrap_or_default()
        );
        if d.self_rating == SelfRating::OverRated {
            text.push_str(&format!(
                " (rated {}, but {})",
                d.own_rating
                    .as_deref()
                    .map(|r| framework.rating_label(r))
                    .unwrap_or_default(),
                d.supported_because.join("; ")
            ));
        } else if !d.supported_because.is_empty() {
            text.push_str(&format!(" ({})", d.supported_because.join("; ")));
        }
        reasons.push(Reason::new(
            ReasonKind::Descriptor,
            &d.descriptor,
            text,
            d.weight * f64::from(distance),
        ));
    }
    reasons.extend(unwritten(&descriptors));
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
                "Self-awareness: {} of {} own ratings match what the evidence supports, {} are higher ({} by two levels or more)",
                self_awareness.accurate,
                self_awareness.rated,
                self_awareness.over_rated.len(),
                self_awareness.far_over_rated.len()
            ),
            weight::SELF_AWARENESS,
        ));
    }
    // Stable: equal weights keep the order above (limits, sentences, patterns ...).
    reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    result.reasons = reasons;
    let grade = rules.grade_scale[final_rank].clone();
    result.grade_label = framework.grade_label(&grade);
    result.grade = Some(grade);
    result
}

/// The grade's reason in a line: the limit that set it, or what the
/// findings read as, with the telling words of the sentences that decided
/// it, each once.
fn why(
    framework: &Framework,
    limits: &[AppliedLimit],
    grade: &str,
    model: &LanguageModel,
    deciding: &[&Said],
    side: Side,
) -> String {
    if let Some(limit) = limits.iter().find(|l| l.decisive) {
        return format!(
            "No better than {}: {}",
            framework.grade_label(&limit.grade),
            limit.reason
        );
    }
    let mut words: Vec<String> = Vec::new();
    for s in deciding {
        // A pair of words says more than one: "too many" before "too".
        let telling = reading::telling(model, &s.sentence.features, side);
        let best = telling
            .iter()
            .take(TELLING_WORDS)
            .find(|t| t.feature.contains(' '))
            .or(telling.first());
        if let Some(t) = best {
            let w = format!("\"{}\"", feature_in_words(t.feature));
            if !words.contains(&w) {
                words.push(w);
            }
        }
    }
    words.truncate(TELLING_WORDS);
    let reads = format!("The findings read as {}", framework.grade_label(grade));
    if words.is_empty() {
        reads
    } else {
        format!("{reads}: {}", words.join(", "))
    }
}

/// "Based on 14 of 19 areas: no finding yet for ...": what a grade does not
/// rest on. Nothing when every area is written.
fn unwritten(descriptors: &[&DescriptorResult]) -> Option<Reason> {
    let missing: Vec<&str> = descriptors
        .iter()
        .filter(|d| !d.written)
        .map(|d| d.title.as_str())
        .collect();
    (!missing.is_empty()).then(|| {
        Reason::new(
            ReasonKind::Descriptor,
            "unwritten",
            format!(
                "Based on {} of {} areas: no finding yet for {}",
                descriptors.len() - missing.len(),
                descriptors.len(),
                missing.join("; ")
            ),
            weight::UNWRITTEN,
        )
    })
}

/// A sentence of the council's own as a reason: where it is, what it says,
/// which side of Good its own words lean to, and its telling words
/// (`reading::telling`), with how often the inspection reports use them
/// under judgements on that side.
fn sentence_reason(framework: &Framework, rules: &Rules, model: &LanguageModel, s: &Said, side: Side) -> Reason {
    let label = |class: usize| framework.grade_label(&rules.grade_scale[rank_of(rules, class)]);
    let side_words = match side {
        Side::Below => format!("{} or {}", label(1), label(0)),
        Side::GoodOrBetter => format!("{} or {}", label(2), label(3)),
    };
    let reads = match side {
        Side::Below => format!("reads below {}", label(2)),
        Side::GoodOrBetter => format!("reads as {} or better", label(2)),
    };
    // "too many" (82% of the 228 report sentences that use it are under
    // Requires improvement or Inadequate), "too long" (71% of 231) ...
    let words: Vec<String> = reading::telling(model, &s.sentence.features, side)
        .into_iter()
        .take(TELLING_WORDS)
        .enumerate()
        .map(|(i, t)| {
            let share = t.share * 100.0;
            if i == 0 {
                format!(
                    "\"{}\" ({share:.0}% of the {} report sentences that use it are under {side_words})",
                    feature_in_words(t.feature),
                    t.sentences
                )
            } else {
                format!("\"{}\" ({share:.0}% of {})", feature_in_words(t.feature), t.sentences)
            }
        })
        .collect();
    let short = format!("\"{}\" {reads}", s.text);
    let text = if words.is_empty() {
        format!("{}: {short}", s.origin)
    } else {
        format!("{}: {short}: {}", s.origin, words.join(", "))
    };
    Reason {
        kind: ReasonKind::Sentence,
        about: s.origin.to_string(),
        text,
        short,
        weight: weight::SENTENCE,
    }
}

/// A feature as a reader would say it: "NOT_a NOT_timely" is "not … a
/// timely", words that stood after a negation.
fn feature_in_words(feature: &str) -> String {
    let plain = feature.replace("NOT_", "");
    let first_negates = plain.split(' ').next().is_some_and(is_negation);
    if feature.contains("NOT_") && !first_negates {
        format!("not … {plain}")
    } else {
        plain
    }
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
/// It needs every judgement graded: a judgement without enough evidence
/// leaves overall effectiveness without a grade too.
pub fn overall(evidence: &Evidence, rules: &Rules, judgements: &[JudgementResult]) -> Option<OverallResult> {
    let framework = &evidence.framework;
    if !framework.overall_effectiveness || judgements.is_empty() {
        return None;
    }
    let worst = rules.worst_rank();
    let graded: Vec<(&JudgementResult, usize)> = judgements
        .iter()
        .filter_map(|j| Some((j, rules.rank(j.grade.as_deref()?)?)))
        .collect();
    if graded.len() < judgements.len() {
        return None;
    }
    let weight = |j: &JudgementResult| rules.overall.weights.get(&j.judgement).copied().unwrap_or(1.0);
    let total: f64 = graded.iter().map(|(j, _)| weight(j)).sum();
    let mean = graded
        .iter()
        .map(|(j, rank)| weight(j) * (worst - rank) as f64)
        .sum::<f64>()
        / total;
    let mut grade_rank = worst - ((mean - 0.5).ceil().max(0.0) as usize).min(worst);
    let mut reasons: Vec<Reason> = graded
        .iter()
        .map(|(j, _)| {
            Reason::new(
                ReasonKind::Judgement,
                &j.judgement,
                format!("{}: {} (counts {} in the mean)", j.title, j.grade_label, weight(j)),
                weight(j),
            )
        })
        .collect();
    if rules.overall.inadequate_if_any_inadequate
        && let Some((j, _)) = graded.iter().find(|(_, rank)| *rank == worst)
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
