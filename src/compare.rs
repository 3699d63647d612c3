//! What changed between two years of a council's evidence: the indicative
//! grades and the reasons behind them, the indicators, the descriptors'
//! evidence and ratings, the inspection patterns, and what became of last
//! year's actions. Built from both years' evidence and assessments; it reads
//! no files, and everything in it is plain data for the text summary, the
//! JSON and the templates alike.
//!
//! Descriptors are matched by id and by the later framework's `replaces`
//! links, so a year written under ilacs-2023 compares with one under
//! ilacs-2026.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::assess::{self, Assessment, Band, DescriptorResult, Effect, Kind, Rules};
use crate::evidence::{ActionStatus, Evidence, Finding};
use crate::framework::{Framework, Polarity, Unit};
use crate::report::one_line;

/// The reasons compared per judgement: the ones a reader of the summary sees.
const MAIN_REASONS: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub council: String,
    pub title: String,
    pub then: Year,
    pub now: Year,
    /// "2024-25 to 2025-26"
    pub period_short: String,
    /// This year's date, from its evidence.
    pub date: String,
    pub marking: String,
    pub comparator_area: String,
    pub grades: Vec<GradeChange>,
    pub overall: GradeChange,
    /// Worst movement first.
    pub indicators: Vec<IndicatorChange>,
    pub indicator_counts: Vec<Count>,
    /// Descriptors whose evidence, own rating or sources changed.
    pub descriptors: Vec<DescriptorChange>,
    /// Descriptors in one year's framework only, in words.
    pub only_then: Vec<String>,
    pub only_now: Vec<String>,
    /// "hp.early-help (ilacs-2023) is now hp.family-help".
    pub replaced: Vec<String>,
    pub not_re_reviewed: Vec<NotReReviewed>,
    pub patterns_new: Vec<PatternChange>,
    pub patterns_gone: Vec<PatternChange>,
    /// Every one of last year's actions, in last year's order.
    pub actions: Vec<ActionOutcome>,
    pub action_counts: Vec<Count>,
    pub overdue: Vec<String>,
    pub new_actions: Vec<NewAction>,
    pub grade_labels: Vec<String>,
    pub rating_labels: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Year {
    pub folder: String,
    /// "1 April 2024 to 31 March 2025"
    pub period: String,
    /// "2024-25"
    pub period_short: String,
    pub framework_id: String,
    pub prepared_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeChange {
    pub judgement: String,
    pub title: String,
    pub then: String,
    pub now: String,
    /// "Improved", "Declined", "No change" or "Not comparable".
    pub movement: String,
    /// Among this year's main reasons, not last year's.
    pub new_reasons: Vec<String>,
    /// Among last year's main reasons, not this year's.
    pub gone_reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorChange {
    pub id: String,
    pub title: String,
    pub judgement: String,
    pub then: String,
    pub now: String,
    pub comparator: String,
    /// "Improved", "Declined", "Stable", "Changed" (context only),
    /// "Unchanged" (context only) or "Not comparable".
    pub movement: String,
    /// "down 6 percentage points", "up 3 days"; empty when not comparable.
    pub change: String,
    #[serde(skip)]
    order: (u8, f64),
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DescriptorChange {
    pub id: String,
    pub title: String,
    pub judgement: String,
    /// Last year's id where the framework replaced it, else empty.
    pub was: String,
    pub evidence_then: String,
    pub evidence_now: String,
    /// "Stronger", "Weaker" or "".
    pub evidence_movement: String,
    pub rating_then: String,
    pub rating_now: String,
    pub rating_changed: bool,
    pub sources_gained: Vec<String>,
    pub sources_lost: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotReReviewed {
    pub id: String,
    pub title: String,
    /// Where this year's finding is written.
    pub location: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PatternChange {
    pub id: String,
    pub title: String,
    /// "Risk", "Risk that limits the grade" or "Strength".
    pub kind: String,
    pub judgements: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionOutcome {
    pub id: String,
    pub action: String,
    pub owner: String,
    /// Due date as last year's plan gave it.
    pub due_then: String,
    /// Due date in this year's plan, where it moved.
    pub due_now: String,
    /// "Achieved", "Partially achieved", "Not achieved", "Dropped",
    /// "Carried forward" or "Not reported this year".
    pub outcome: String,
    /// Still open after its due date.
    pub overdue: bool,
    pub progress: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewAction {
    pub id: String,
    pub action: String,
    pub due: String,
}

/// Why two folders cannot be compared, in words for the council; `swap` when
/// they were given the wrong way round.
pub struct Mismatch {
    pub message: String,
    pub swap: bool,
}

/// Two folders of the same council, different years, in order.
pub fn check_pair(then: &Evidence, now: &Evidence) -> Result<(), Mismatch> {
    let years = |e: &Evidence| e.period.start.years_to(e.period.end);
    if crate::evidence::same_folder(&then.folder, &now.folder) {
        return Err(Mismatch {
            message: format!(
                "both folders are {}: give last year's folder first and this year's second",
                now.folder.display()
            ),
            swap: false,
        });
    }
    if crate::framework::normalise(&then.council) != crate::framework::normalise(&now.council) {
        return Err(Mismatch {
            message: format!(
                "these folders are for different councils: {} says \"{}\" and {} says \"{}\" (council.toml, `council`)",
                then.folder.display(),
                then.council,
                now.folder.display(),
                now.council
            ),
            swap: false,
        });
    }
    if then.period.start == now.period.start {
        return Err(Mismatch {
            message: format!(
                "both folders cover {}: a comparison needs two different years",
                years(now)
            ),
            swap: false,
        });
    }
    if then.period.start > now.period.start {
        return Err(Mismatch {
            message: format!(
                "{} covers {}, which is after {} ({}): the earlier year comes first",
                then.folder.display(),
                years(then),
                now.folder.display(),
                years(now)
            ),
            swap: true,
        });
    }
    Ok(())
}

/// Last year (`then`) against this year (`now`), judged by this year's rules.
pub fn compare(then: (&Evidence, &Assessment), now: (&Evidence, &Assessment), rules: &Rules) -> Comparison {
    let (old, old_a) = then;
    let (new, new_a) = now;
    let fw = &new.framework;
    let year = |e: &Evidence| Year {
        folder: e.folder.display().to_string(),
        period: format!("{} to {}", e.period.start.long(), e.period.end.long()),
        period_short: e.period.start.years_to(e.period.end),
        framework_id: e.framework.id.clone(),
        prepared_on: e.prepared_on.long(),
    };
    let (then_year, now_year) = (year(old), year(new));
    let (only_then, only_now, replaced) = framework_differences(&old.framework, fw);
    let (actions, overdue) = actions(old, new);
    let indicators = indicators(old, new, new_a, rules);
    Comparison {
        council: new.council.clone(),
        title: "Progress since last year".to_string(),
        period_short: format!("{} to {}", then_year.period_short, now_year.period_short),
        date: new.prepared_on.long(),
        marking: one_line(&new.marking),
        comparator_area: new_a.comparator_area.clone(),
        grades: grades(old, old_a, new, new_a, rules),
        overall: overall(old, old_a, new, new_a, rules),
        indicator_counts: counts(
            &indicators,
            |i| &i.movement,
            &[
                "Declined",
                "Stable",
                "Improved",
                "Changed",
                "Unchanged",
                "Not comparable",
            ],
        ),
        indicators,
        descriptors: descriptors(old, old_a, new, new_a, rules),
        only_then,
        only_now,
        replaced,
        not_re_reviewed: not_re_reviewed(old, new, &then_year.period_short),
        patterns_new: patterns_only_in(new_a, old_a, fw),
        patterns_gone: patterns_only_in(old_a, new_a, &old.framework),
        action_counts: counts(
            &actions,
            |a| &a.outcome,
            &[
                "Achieved",
                "Partially achieved",
                "Not achieved",
                "Dropped",
                "Carried forward",
                "Not reported this year",
            ],
        ),
        actions,
        overdue,
        new_actions: new
            .actions
            .iter()
            .filter(|a| !old.actions.iter().any(|o| o.id == a.id))
            .map(|a| NewAction {
                id: a.id.clone(),
                action: one_line(&a.action),
                due: a.due.long(),
            })
            .collect(),
        grade_labels: fw.grades.iter().map(|g| g.label.clone()).collect(),
        rating_labels: fw.ratings.iter().map(|r| r.label.clone()).collect(),
        then: then_year,
        now: now_year,
    }
}

fn counts<T>(items: &[T], key: impl Fn(&T) -> &String, order: &[&str]) -> Vec<Count> {
    order
        .iter()
        .map(|label| Count {
            label: label.to_string(),
            count: items.iter().filter(|i| key(i) == label).count(),
        })
        .filter(|c| c.count > 0)
        .collect()
}

fn movement(rules: &Rules, then: Option<&str>, now: Option<&str>) -> String {
    match (then.and_then(|g| rules.rank(g)), now.and_then(|g| rules.rank(g))) {
        (Some(a), Some(b)) if b < a => "Improved",
        (Some(a), Some(b)) if b > a => "Declined",
        (Some(_), Some(_)) => "No change",
        _ => "Not comparable",
    }
    .to_string()
}

/// A reason's subject as this year's framework names it, so that a
/// descriptor renamed by `replaces` still counts as the same reason.
fn reason_key(fw: &Framework, r: &assess::Reason) -> String {
    match r.kind.as_str() {
        "descriptor" => assess::resolve(fw, &r.about).unwrap_or_else(|| r.about.clone()),
        _ => r.about.clone(),
    }
}

fn grades(old: &Evidence, old_a: &Assessment, new: &Evidence, new_a: &Assessment, rules: &Rules) -> Vec<GradeChange> {
    let mut ids: Vec<&str> = new_a.judgements.iter().map(|j| j.judgement.as_str()).collect();
    for j in &old_a.judgements {
        if !ids.contains(&j.judgement.as_str()) {
            ids.push(&j.judgement);
        }
    }
    let label = |e: &Evidence, a: &Assessment, id: &str| match a.judgements.iter().find(|j| j.judgement == id) {
        Some(j) => j.grade_label.clone(),
        None if e.framework.judgement(id).is_some() => "Not assessed (no descriptors)".to_string(),
        None => format!("Not graded under {}", e.framework.id),
    };
    ids.into_iter()
        .map(|id| {
            let then = old_a.judgements.iter().find(|j| j.judgement == id);
            let now = new_a.judgements.iter().find(|j| j.judgement == id);
            let main = |j: Option<&assess::JudgementResult>| -> Vec<(String, String)> {
                j.map(|j| {
                    j.reasons
                        .iter()
                        .take(MAIN_REASONS)
                        .map(|r| (reason_key(&new.framework, r), r.short()))
                        .collect()
                })
                .unwrap_or_default()
            };
            let (then_reasons, now_reasons) = (main(then), main(now));
            let missing_from = |these: &[(String, String)], those: &[(String, String)]| -> Vec<String> {
                these
                    .iter()
                    .filter(|(k, _)| !those.iter().any(|(o, _)| o == k))
                    .map(|(_, t)| t.clone())
                    .collect()
            };
            GradeChange {
                judgement: id.to_string(),
                title: now
                    .map(|j| j.title.clone())
                    .or_else(|| then.map(|j| j.title.clone()))
                    .unwrap_or_default(),
                then: label(old, old_a, id),
                now: label(new, new_a, id),
                movement: movement(rules, then.map(|j| j.grade.as_str()), now.map(|j| j.grade.as_str())),
                new_reasons: if then.is_some() {
                    missing_from(&now_reasons, &then_reasons)
                } else {
                    Vec::new()
                },
                gone_reasons: if now.is_some() {
                    missing_from(&then_reasons, &now_reasons)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

fn overall(old: &Evidence, old_a: &Assessment, new: &Evidence, new_a: &Assessment, rules: &Rules) -> GradeChange {
    let label = |e: &Evidence, a: &Assessment| {
        a.overall.as_ref().map_or_else(
            || format!("Not graded under {}", e.framework.id),
            |o| o.grade_label.clone(),
        )
    };
    GradeChange {
        judgement: "overall-effectiveness".to_string(),
        title: "Overall effectiveness".to_string(),
        then: label(old, old_a),
        now: label(new, new_a),
        movement: movement(
            rules,
            old_a.overall.as_ref().map(|o| o.grade.as_str()),
            new_a.overall.as_ref().map(|o| o.grade.as_str()),
        ),
        new_reasons: Vec::new(),
        gone_reasons: Vec::new(),
    }
}

/// Every indicator this year's framework has, with last year's value from
/// last year's folder (or, failing that, this year's `previous`).
fn indicators(old: &Evidence, new: &Evidence, new_a: &Assessment, rules: &Rules) -> Vec<IndicatorChange> {
    let fw = &new.framework;
    let mut out: Vec<IndicatorChange> = new_a
        .indicators
        .iter()
        .filter_map(|result| {
            let ind = fw.indicator(&result.indicator)?;
            let then = old.indicator(&ind.id).and_then(|v| v.value).or(result.previous);
            let now = result.value;
            if then.is_none() && now.is_none() {
                return None;
            }
            let format = |v: Option<f64>| v.map(|v| ind.unit.format(v)).unwrap_or_else(|| "–".to_string());
            let (movement, change, order) = match then.zip(now) {
                None => ("Not comparable", String::new(), (5, 0.0)),
                Some((t, n)) => {
                    let trend = assess::trend(rules, ind, n, t);
                    // How much better (positive) or worse, relative to last year.
                    let sign = if ind.polarity == Polarity::Lower { -1.0 } else { 1.0 };
                    let relative = sign * (n - t) / t.abs().max(1e-9);
                    let (movement, group) = match trend.judged {
                        Some(Band::Worse) => ("Declined", 0),
                        Some(Band::Similar) => ("Stable", 1),
                        Some(Band::Better) => ("Improved", 2),
                        None if trend.direction == "flat" => ("Unchanged", 4),
                        None => ("Changed", 3),
                    };
                    (movement, change_in_words(ind.unit, n - t), (group, relative))
                }
            };
            Some(IndicatorChange {
                id: ind.id.clone(),
                title: ind.title.clone(),
                judgement: fw
                    .judgement(&result.judgement)
                    .map_or_else(String::new, |j| j.short_title.clone()),
                then: format(then),
                now: format(now),
                comparator: format(result.comparator),
                movement: movement.to_string(),
                change,
                order,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.order
            .0
            .cmp(&b.order.0)
            .then(a.order.1.total_cmp(&b.order.1))
            .then_with(|| a.title.cmp(&b.title))
    });
    out
}

fn change_in_words(unit: Unit, change: f64) -> String {
    let direction = if change > 0.0 {
        "up"
    } else if change < 0.0 {
        "down"
    } else {
        return "no change".to_string();
    };
    let size = (change.abs() * 10.0).round() / 10.0;
    match unit {
        Unit::Percent => {
            let points = Unit::Number.format(size);
            let word = if points == "1" { "point" } else { "points" };
            format!("{direction} {points} percentage {word}")
        }
        _ => format!("{direction} {}", unit.format(size)),
    }
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

fn framework_differences(old_fw: &Framework, new_fw: &Framework) -> (Vec<String>, Vec<String>, Vec<String>) {
    if old_fw.id == new_fw.id {
        return (Vec::new(), Vec::new(), Vec::new());
    }
    let mut replaced = Vec::new();
    let mut only_now = Vec::new();
    for d in &new_fw.descriptors {
        let ids = matching_ids(old_fw, new_fw, &d.id);
        if ids.is_empty() {
            only_now.push(format!("{} ({}): new in {}", d.title, d.id, new_fw.id));
        }
        for id in ids.iter().filter(|id| **id != d.id) {
            replaced.push(format!(
                "{id} ({}) is {} ({}) under {}",
                old_fw.id, d.id, d.title, new_fw.id
            ));
        }
    }
    let only_then = old_fw
        .descriptors
        .iter()
        .filter(|o| new_fw.descriptor(&o.id).is_none() && new_fw.replacement_for(&o.id).is_none())
        .map(|o| format!("{} ({}): not in {}", o.title, o.id, new_fw.id))
        .collect();
    (only_then, only_now, replaced)
}

fn source_names(findings: &[&Finding]) -> BTreeSet<(String, String)> {
    findings
        .iter()
        .flat_map(|f| f.sources.iter())
        .map(|s| (one_line(&s.title), s.date.long()))
        .collect()
}

fn descriptors(
    old: &Evidence,
    old_a: &Assessment,
    new: &Evidence,
    new_a: &Assessment,
    rules: &Rules,
) -> Vec<DescriptorChange> {
    let (old_fw, new_fw) = (&old.framework, &new.framework);
    let rating = |fw: &Framework, r: Option<&DescriptorResult>| {
        r.and_then(|r| r.own_rating.as_deref())
            .map_or_else(|| "Not rated".to_string(), |x| fw.rating_label(x))
    };
    new_a
        .descriptors
        .iter()
        .filter_map(|now| {
            let ids = matching_ids(old_fw, new_fw, &now.descriptor);
            let then = ids
                .iter()
                .find_map(|id| old_a.descriptors.iter().find(|r| r.descriptor == *id))?;
            let old_findings: Vec<&Finding> = ids.iter().filter_map(|id| old.finding(id)).collect();
            let new_findings: Vec<&Finding> = new.finding(&now.descriptor).into_iter().collect();
            let (before, after) = (source_names(&old_findings), source_names(&new_findings));
            let name = |(title, date): &(String, String)| format!("{title} ({date})");
            let evidence_movement = match (rules.level(&then.evidence.level), rules.level(&now.evidence.level)) {
                (Some(a), Some(b)) if b > a => "Stronger",
                (Some(a), Some(b)) if b < a => "Weaker",
                _ => "",
            };
            let change = DescriptorChange {
                id: now.descriptor.clone(),
                title: now.title.clone(),
                judgement: new_fw
                    .judgement(&now.judgement)
                    .map_or_else(String::new, |j| j.short_title.clone()),
                was: if then.descriptor == now.descriptor {
                    String::new()
                } else {
                    then.descriptor.clone()
                },
                evidence_then: old_fw.rating_label(&then.evidence.level),
                evidence_now: new_fw.rating_label(&now.evidence.level),
                evidence_movement: evidence_movement.to_string(),
                rating_then: rating(old_fw, Some(then)),
                rating_now: rating(new_fw, Some(now)),
                rating_changed: then.own_rating.as_deref().map(crate::framework::normalise)
                    != now.own_rating.as_deref().map(crate::framework::normalise),
                sources_gained: after.difference(&before).map(name).collect(),
                sources_lost: before.difference(&after).map(name).collect(),
            };
            let changed = !change.evidence_movement.is_empty()
                || change.rating_changed
                || !change.sources_gained.is_empty()
                || !change.sources_lost.is_empty();
            changed.then_some(change)
        })
        .collect()
}

/// Findings whose words are last year's: copied forward, not looked at again.
fn not_re_reviewed(old: &Evidence, new: &Evidence, last_year: &str) -> Vec<NotReReviewed> {
    new.findings
        .iter()
        .filter_map(|f| {
            let ids = matching_ids(&old.framework, &new.framework, &f.descriptor);
            let before = ids.iter().find_map(|id| old.finding(id))?;
            let same = |a: &str, b: &str| one_line(a) == one_line(b);
            if !(same(&f.summary, &before.summary) && same(&f.impact, &before.impact)) {
                return None;
            }
            let sources_same = source_names(&[f]) == source_names(&[before]);
            Some(NotReReviewed {
                id: f.descriptor.clone(),
                title: new
                    .framework
                    .descriptor(&f.descriptor)
                    .map_or_else(|| f.descriptor.clone(), |d| d.title.clone()),
                location: format!("{}:{}", f.origin.file.display(), f.origin.line),
                detail: if sources_same {
                    format!("summary, impact and sources are unchanged from {last_year}")
                } else {
                    format!("summary and impact are unchanged from {last_year}; the sources were updated")
                },
            })
        })
        .collect()
}

fn patterns_only_in(these: &Assessment, those: &Assessment, fw: &Framework) -> Vec<PatternChange> {
    these
        .patterns
        .iter()
        .filter(|p| !those.patterns.iter().any(|o| o.id == p.id))
        .map(|p| PatternChange {
            id: p.id.clone(),
            title: p.title.clone(),
            kind: match (p.kind, p.effect) {
                (Kind::Strength, _) => "Strength",
                (_, Effect::Limit) => "Risk that limits the grade",
                _ => "Risk",
            }
            .to_string(),
            judgements: p
                .judgements
                .iter()
                .map(|j| fw.judgement(j).map_or_else(|| j.clone(), |x| x.short_title.clone()))
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect()
}

/// What became of each of last year's actions, by its id in this year's plan.
fn actions(old: &Evidence, new: &Evidence) -> (Vec<ActionOutcome>, Vec<String>) {
    let last_year = old.period.start.years_to(old.period.end);
    let mut overdue = Vec::new();
    let outcomes = old
        .actions
        .iter()
        .map(|before| {
            let now = new.actions.iter().find(|a| a.id == before.id);
            let latest = now.unwrap_or(before);
            // Open means what it means in the assessment: partially achieved
            // is work still to do, so past its date it is overdue too.
            let open = latest.status.is_open();
            let outcome = match (now, latest.status) {
                (_, ActionStatus::Achieved) => "Achieved",
                (_, ActionStatus::PartiallyAchieved) => "Partially achieved",
                (_, ActionStatus::Dropped) => "Dropped",
                (None, _) => "Not reported this year",
                (Some(a), _) if a.due > new.period.end => "Carried forward",
                (Some(_), _) => "Not achieved",
            };
            let is_overdue = open && latest.due < new.prepared_on;
            if is_overdue {
                overdue.push(format!(
                    "{}: {} (due {}, {})",
                    before.id,
                    one_line(&before.action),
                    latest.due.long(),
                    latest.status.label().to_lowercase()
                ));
            }
            let progress = match (now, &latest.progress) {
                (_, Some(p)) => one_line(p),
                (None, None) => format!("Not in this year's plan; last reported in {last_year}."),
                (Some(_), None) => String::new(),
            };
            ActionOutcome {
                id: before.id.clone(),
                action: one_line(&before.action),
                owner: one_line(&latest.owner),
                due_then: before.due.long(),
                due_now: if latest.due == before.due {
                    String::new()
                } else {
                    latest.due.long()
                },
                outcome: outcome.to_string(),
                overdue: is_overdue,
                progress,
            }
        })
        .collect();
    (outcomes, overdue)
}
