//! What changed between two years of a council's evidence and their
//! assessments: the indicative grades and the reasons behind them, the
//! indicators, the descriptors' evidence and ratings, the inspection
//! patterns, and what became of last year's actions. Judged by this year's
//! rules; ids and enums only, so that the report can word it and a test can
//! check it without reading sentences.
//!
//! Descriptors are matched by id and by the later framework's `replaces`
//! links, so a year written under ilacs-2023 compares with one under
//! ilacs-2026.

use std::collections::BTreeSet;

use super::{Assessment, DescriptorResult, JudgementResult, Reason, ReasonKind, trend};
use crate::date::Date;
use crate::model::evidence::{ActionStatus, Evidence, Finding, OVERALL_EFFECTIVENESS};
use crate::model::framework::{Framework, Polarity};
use crate::model::library::{Band, Rules};
use crate::text::{normalise, one_line};

/// The reasons compared per judgement: the ones a reader of the summary sees.
const MAIN_REASONS: usize = 5;

/// One year: its evidence and what the assessment made of it.
#[derive(Clone, Copy)]
pub struct Year<'a> {
    pub evidence: &'a Evidence,
    pub assessment: &'a Assessment,
}

#[derive(Debug, Clone)]
pub struct Changes {
    /// Every judgement of this year's framework, then last year's others.
    pub grades: Vec<GradeChange>,
    pub overall: GradeChange,
    /// Worst movement first.
    pub indicators: Vec<IndicatorChange>,
    /// Descriptors whose evidence, own rating or sources changed.
    pub descriptors: Vec<DescriptorChange>,
    pub framework: FrameworkChanges,
    /// Findings whose words are last year's: copied forward, not looked at again.
    pub not_re_reviewed: Vec<NotReReviewed>,
    /// Pattern ids found this year only, and last year only.
    pub patterns_new: Vec<String>,
    pub patterns_gone: Vec<String>,
    /// Every one of last year's actions, in last year's order.
    pub actions: Vec<ActionChange>,
    /// Ids of this year's actions that last year's plan did not have.
    pub new_actions: Vec<String>,
}

/// A judgement's place in one year.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// The grade id the assessment gave.
    Graded(String),
    /// Too little of it is written to grade.
    NotEnoughEvidence,
    /// The framework has the judgement but no descriptors to grade it by.
    NoDescriptors,
    /// The year's framework does not grade it.
    NotGraded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    Improved,
    Declined,
    NoChange,
    NotComparable,
}

#[derive(Debug, Clone)]
pub struct GradeChange {
    /// A judgement id, or `OVERALL_EFFECTIVENESS`.
    pub judgement: String,
    pub then: Standing,
    pub now: Standing,
    pub movement: Movement,
    /// Among this year's main reasons, not last year's.
    pub new_reasons: Vec<Reason>,
    /// Among last year's main reasons, not this year's.
    pub gone_reasons: Vec<Reason>,
}

/// How an indicator moved, worst first: the order the comparison lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndicatorMovement {
    Declined,
    Stable,
    Improved,
    /// Context only: it moved, and neither way is better.
    Changed,
    /// Context only: about the same.
    Unchanged,
    /// Recorded in one year only.
    NotComparable,
}

impl IndicatorMovement {
    pub const ALL: [IndicatorMovement; 6] = [
        IndicatorMovement::Declined,
        IndicatorMovement::Stable,
        IndicatorMovement::Improved,
        IndicatorMovement::Changed,
        IndicatorMovement::Unchanged,
        IndicatorMovement::NotComparable,
    ];
}

#[derive(Debug, Clone)]
pub struct IndicatorChange {
    pub id: String,
    /// Last year's value from last year's folder, or this year's `previous`.
    pub then: Option<f64>,
    pub now: Option<f64>,
    pub comparator: Option<f64>,
    /// This year's statistical neighbours' average, where published.
    pub neighbours: Option<f64>,
    pub movement: IndicatorMovement,
    /// This year's value less last year's, where both are known.
    pub change: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceMovement {
    Stronger,
    Weaker,
}

/// A source as the comparison knows it: its title on one line and its date.
pub type SourceKey = (String, Date);

#[derive(Debug, Clone)]
pub struct DescriptorChange {
    /// This year's descriptor id.
    pub id: String,
    /// Last year's id, where the framework replaced it.
    pub was: Option<String>,
    /// The evidence levels, then and now.
    pub evidence: (String, String),
    pub evidence_movement: Option<EvidenceMovement>,
    /// The council's own ratings, then and now.
    pub rating: (Option<String>, Option<String>),
    pub rating_changed: bool,
    pub sources_gained: Vec<SourceKey>,
    pub sources_lost: Vec<SourceKey>,
}

#[derive(Debug, Clone, Default)]
pub struct FrameworkChanges {
    /// Last year's descriptor ids with no match this year.
    pub only_then: Vec<String>,
    /// This year's descriptor ids with no match last year.
    pub only_now: Vec<String>,
    /// (last year's id, this year's id) where `replaces` links them.
    pub replaced: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct NotReReviewed {
    pub descriptor: String,
    /// Whether the sources are last year's too, or were updated.
    pub sources_same: bool,
}

/// What became of one of last year's actions, by its id in this year's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Achieved,
    PartiallyAchieved,
    /// Its due date has passed and it is not achieved.
    NotAchieved,
    Dropped,
    /// Re-dated beyond this year.
    CarriedForward,
    /// Not in this year's plan.
    NotReported,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Achieved,
        Outcome::PartiallyAchieved,
        Outcome::NotAchieved,
        Outcome::Dropped,
        Outcome::CarriedForward,
        Outcome::NotReported,
    ];
}

#[derive(Debug, Clone)]
pub struct ActionChange {
    pub id: String,
    pub outcome: Outcome,
    /// Still open after its due date, as at this year's date.
    pub overdue: bool,
    /// Whether this year's plan has it.
    pub reported: bool,
}

/// Why two years' evidence cannot be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// Both are the same folder (loading tells, as only it sees folders).
    SameFolder,
    OtherCouncils,
    SameYear,
    /// Given the wrong way round: this year first.
    WrongOrder,
}

/// Whether `then` and `now` are the same council's, different years, in order.
pub fn mismatch(then: &Evidence, now: &Evidence) -> Option<Mismatch> {
    if normalise(&then.council) != normalise(&now.council) {
        Some(Mismatch::OtherCouncils)
    } else if then.period.start == now.period.start {
        Some(Mismatch::SameYear)
    } else if then.period.start > now.period.start {
        Some(Mismatch::WrongOrder)
    } else {
        None
    }
}

/// Last year (`then`) against this year (`now`), judged by this year's rules.
pub fn changes(then: Year<'_>, now: Year<'_>, rules: &Rules) -> Changes {
    let (old, new) = (then.evidence, now.evidence);
    Changes {
        grades: grades(then, now, rules),
        overall: overall(then, now, rules),
        indicators: indicators(old, now, rules),
        descriptors: descriptors(then, now, rules),
        framework: framework_differences(&old.framework, &new.framework),
        not_re_reviewed: not_re_reviewed(old, new),
        patterns_new: patterns_only_in(now.assessment, then.assessment),
        patterns_gone: patterns_only_in(then.assessment, now.assessment),
        actions: actions(old, new),
        new_actions: new
            .actions
            .iter()
            .filter(|a| !old.actions.iter().any(|o| o.id == a.id))
            .map(|a| a.id.clone())
            .collect(),
    }
}

fn movement(rules: &Rules, then: Option<&str>, now: Option<&str>) -> Movement {
    match (then.and_then(|g| rules.rank(g)), now.and_then(|g| rules.rank(g))) {
        (Some(a), Some(b)) if b < a => Movement::Improved,
        (Some(a), Some(b)) if b > a => Movement::Declined,
        (Some(_), Some(_)) => Movement::NoChange,
        _ => Movement::NotComparable,
    }
}

/// A reason's subject as this year's framework names it, so that a
/// descriptor renamed by `replaces` still counts as the same reason.
fn reason_key(fw: &Framework, r: &Reason) -> String {
    match r.kind {
        ReasonKind::Descriptor => fw.resolve(&r.about).unwrap_or_else(|| r.about.clone()),
        _ => r.about.clone(),
    }
}

fn grades(then: Year<'_>, now: Year<'_>, rules: &Rules) -> Vec<GradeChange> {
    let (old_a, new_a) = (then.assessment, now.assessment);
    let mut ids: Vec<&str> = new_a.judgements.iter().map(|j| j.judgement.as_str()).collect();
    for j in &old_a.judgements {
        if !ids.contains(&j.judgement.as_str()) {
            ids.push(&j.judgement);
        }
    }
    let standing = |year: Year<'_>, id: &str| match year.assessment.judgements.iter().find(|j| j.judgement == id) {
        Some(j) => j.grade.clone().map_or(Standing::NotEnoughEvidence, Standing::Graded),
        None if year.evidence.framework.judgement(id).is_some() => Standing::NoDescriptors,
        None => Standing::NotGraded,
    };
    let fw = &now.evidence.framework;
    ids.into_iter()
        .map(|id| {
            let was = old_a.judgements.iter().find(|j| j.judgement == id);
            let is = new_a.judgements.iter().find(|j| j.judgement == id);
            let main = |j: Option<&JudgementResult>| -> Vec<(String, Reason)> {
                j.map(|j| {
                    // The council's own sentences change with every edit; the
                    // narrative's changes are reported finding by finding.
                    j.reasons
                        .iter()
                        .filter(|r| r.kind != ReasonKind::Sentence)
                        .take(MAIN_REASONS)
                        .map(|r| (reason_key(fw, r), r.clone()))
                        .collect()
                })
                .unwrap_or_default()
            };
            let (then_reasons, now_reasons) = (main(was), main(is));
            let missing_from = |these: &[(String, Reason)], those: &[(String, Reason)]| -> Vec<Reason> {
                these
                    .iter()
                    .filter(|(k, _)| !those.iter().any(|(o, _)| o == k))
                    .map(|(_, r)| r.clone())
                    .collect()
            };
            GradeChange {
                judgement: id.to_string(),
                then: standing(then, id),
                now: standing(now, id),
                movement: movement(
                    rules,
                    was.and_then(|j| j.grade.as_deref()),
                    is.and_then(|j| j.grade.as_deref()),
                ),
                new_reasons: if was.is_some() {
                    missing_from(&now_reasons, &then_reasons)
                } else {
                    Vec::new()
                },
                gone_reasons: if is.is_some() {
                    missing_from(&then_reasons, &now_reasons)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

fn overall(then: Year<'_>, now: Year<'_>, rules: &Rules) -> GradeChange {
    // Overall effectiveness goes ungraded under a framework that grades it
    // only when a judgement has too little evidence.
    let standing = |year: Year<'_>| match &year.assessment.overall {
        Some(o) => Standing::Graded(o.grade.clone()),
        None if year.evidence.framework.overall_effectiveness => Standing::NotEnoughEvidence,
        None => Standing::NotGraded,
    };
    let grade = |a: &Assessment| a.overall.as_ref().map(|o| o.grade.clone());
    GradeChange {
        judgement: OVERALL_EFFECTIVENESS.to_string(),
        then: standing(then),
        now: standing(now),
        movement: movement(
            rules,
            grade(then.assessment).as_deref(),
            grade(now.assessment).as_deref(),
        ),
        new_reasons: Vec::new(),
        gone_reasons: Vec::new(),
    }
}

/// Every indicator this year's framework has, with last year's value from
/// last year's folder (or, failing that, this year's `previous`).
fn indicators(old: &Evidence, now: Year<'_>, rules: &Rules) -> Vec<IndicatorChange> {
    let fw = &now.evidence.framework;
    let mut out: Vec<(IndicatorChange, f64, &str)> = now
        .assessment
        .indicators
        .iter()
        .filter_map(|result| {
            let ind = fw.indicator(&result.indicator)?;
            let then = old.indicator(&ind.id).and_then(|v| v.value).or(result.previous);
            let value = result.value;
            if then.is_none() && value.is_none() {
                return None;
            }
            // How much better (positive) or worse, relative to last year:
            // the order within each kind of movement, worst first.
            let (movement, relative) = match then.zip(value) {
                None => (IndicatorMovement::NotComparable, 0.0),
                Some((t, n)) => {
                    let trend = trend(rules, ind, n, t);
                    let sign = if ind.polarity == Polarity::Lower { -1.0 } else { 1.0 };
                    let movement = match trend.judged {
                        Some(Band::Worse) => IndicatorMovement::Declined,
                        Some(Band::Similar) => IndicatorMovement::Stable,
                        Some(Band::Better) => IndicatorMovement::Improved,
                        None if trend.direction == super::Direction::Flat => IndicatorMovement::Unchanged,
                        None => IndicatorMovement::Changed,
                    };
                    (movement, sign * (n - t) / t.abs().max(1e-9))
                }
            };
            let change = IndicatorChange {
                id: ind.id.clone(),
                then,
                now: value,
                comparator: result.comparator,
                neighbours: result
                    .benchmarks
                    .as_ref()
                    .and_then(|b| b.neighbours.as_ref())
                    .and_then(|n| n.value),
                movement,
                change: then.zip(value).map(|(t, n)| n - t),
            };
            Some((change, relative, ind.title.as_str()))
        })
        .collect();
    out.sort_by(|(a, ra, ta), (b, rb, tb)| {
        a.movement
            .cmp(&b.movement)
            .then(ra.total_cmp(rb))
            .then_with(|| ta.cmp(tb))
    });
    out.into_iter().map(|(change, _, _)| change).collect()
}

/// Last year's descriptor ids that this year's `descriptor` stands for.
fn matching_ids<'a>(old_fw: &'a Framework, new_fw: &Framework, descriptor: &str) -> Vec<&'a str> {
    old_fw
        .descriptors
        .iter()
        .filter(|o| {
            o.id == descriptor
                || (new_fw.descriptor(&o.id).is_none()
                    && new_fw.replacement_for(&o.id).is_some_and(|d| d.id == descriptor))
        })
        .map(|o| o.id.as_str())
        .collect()
}

fn framework_differences(old_fw: &Framework, new_fw: &Framework) -> FrameworkChanges {
    if old_fw.id == new_fw.id {
        return FrameworkChanges::default();
    }
    let mut changes = FrameworkChanges::default();
    for d in &new_fw.descriptors {
        let ids = matching_ids(old_fw, new_fw, &d.id);
        if ids.is_empty() {
            changes.only_now.push(d.id.clone());
        }
        for id in ids.iter().filter(|id| **id != d.id) {
            changes.replaced.push((id.to_string(), d.id.clone()));
        }
    }
    changes.only_then = old_fw
        .descriptors
        .iter()
        .filter(|o| new_fw.descriptor(&o.id).is_none() && new_fw.replacement_for(&o.id).is_none())
        .map(|o| o.id.clone())
        .collect();
    changes
}

fn source_keys(findings: &[&Finding]) -> BTreeSet<SourceKey> {
    findings
        .iter()
        .flat_map(|f| f.sources.iter())
        .map(|s| (one_line(&s.title), s.date))
        .collect()
}

fn descriptors(then: Year<'_>, now: Year<'_>, rules: &Rules) -> Vec<DescriptorChange> {
    let (old, new) = (then.evidence, now.evidence);
    let (old_fw, new_fw) = (&old.framework, &new.framework);
    now.assessment
        .descriptors
        .iter()
        .filter_map(|is| {
            let ids = matching_ids(old_fw, new_fw, &is.descriptor);
            let was: &DescriptorResult = ids
                .iter()
                .find_map(|id| then.assessment.descriptors.iter().find(|r| r.descriptor == *id))?;
            let old_findings: Vec<&Finding> = ids.iter().filter_map(|id| old.finding(id)).collect();
            let new_findings: Vec<&Finding> = new.finding(&is.descriptor).into_iter().collect();
            let (before, after) = (source_keys(&old_findings), source_keys(&new_findings));
            let evidence_movement = match (rules.level(&was.evidence.level), rules.level(&is.evidence.level)) {
                (Some(a), Some(b)) if b > a => Some(EvidenceMovement::Stronger),
                (Some(a), Some(b)) if b < a => Some(EvidenceMovement::Weaker),
                _ => None,
            };
            let rating_changed = was.own_rating.as_deref().map(normalise) != is.own_rating.as_deref().map(normalise);
            let change = DescriptorChange {
                id: is.descriptor.clone(),
                was: (was.descriptor != is.descriptor).then(|| was.descriptor.clone()),
                evidence: (was.evidence.level.clone(), is.evidence.level.clone()),
                evidence_movement,
                rating: (was.own_rating.clone(), is.own_rating.clone()),
                rating_changed,
                sources_gained: after.difference(&before).cloned().collect(),
                sources_lost: before.difference(&after).cloned().collect(),
            };
            let changed = change.evidence_movement.is_some()
                || change.rating_changed
                || !change.sources_gained.is_empty()
                || !change.sources_lost.is_empty();
            changed.then_some(change)
        })
        .collect()
}

/// This year's findings whose summary and impact are last year's word for word.
pub fn not_re_reviewed(old: &Evidence, new: &Evidence) -> Vec<NotReReviewed> {
    new.findings
        .iter()
        .filter_map(|f| {
            let ids = matching_ids(&old.framework, &new.framework, &f.descriptor);
            let before = ids.iter().find_map(|id| old.finding(id))?;
            let same = |a: &str, b: &str| one_line(a) == one_line(b);
            if !(same(&f.summary, &before.summary) && same(&f.impact, &before.impact)) {
                return None;
            }
            Some(NotReReviewed {
                descriptor: f.descriptor.clone(),
                sources_same: source_keys(&[f]) == source_keys(&[before]),
            })
        })
        .collect()
}

fn patterns_only_in(these: &Assessment, those: &Assessment) -> Vec<String> {
    these
        .patterns
        .iter()
        .filter(|p| !those.patterns.iter().any(|o| o.id == p.id))
        .map(|p| p.id.clone())
        .collect()
}

fn actions(old: &Evidence, new: &Evidence) -> Vec<ActionChange> {
    old.actions
        .iter()
        .map(|before| {
            let now = new.actions.iter().find(|a| a.id == before.id);
            let latest = now.unwrap_or(before);
            let outcome = match (now, latest.status) {
                (_, ActionStatus::Achieved) => Outcome::Achieved,
                (_, ActionStatus::PartiallyAchieved) => Outcome::PartiallyAchieved,
                (_, ActionStatus::Dropped) => Outcome::Dropped,
                (None, _) => Outcome::NotReported,
                (Some(a), _) if a.due > new.period.end => Outcome::CarriedForward,
                (Some(_), _) => Outcome::NotAchieved,
            };
            ActionChange {
                id: before.id.clone(),
                outcome,
                overdue: latest.is_overdue(new.prepared_on),
                reported: now.is_some(),
            }
        })
        .collect()
}
