//! The comparison of two years in words: what `assess::compare` found
//! changed, as the text summary, the JSON and the templates show it. Plain
//! data, built from both years' evidence and assessments and their changes.

use serde::Serialize;

use super::Properties;
use super::words::{self, not_graded_under};
use crate::assess::Reason;
use crate::assess::compare::{
    self as diff, ActionChange, Changes, EvidenceMovement, IndicatorMovement, Movement, Outcome, SourceKey, Standing,
    Year as AssessedYear,
};
use crate::model::evidence::Evidence;
use crate::model::framework::{Framework, Unit};
use crate::text::one_line;

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
    /// Whether any indicator has a statistical neighbours' figure, for the
    /// table's column.
    pub has_neighbours: bool,
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
    #[serde(skip)]
    pub properties: Properties,
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
    /// "Help and protection": for a line that names them all.
    pub short_title: String,
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
    /// Its name where space is short, beside its judgement's.
    pub short_title: String,
    pub judgement: String,
    pub then: String,
    pub now: String,
    pub comparator: String,
    /// The statistical neighbours' average this year, "–" where none.
    pub neighbours: String,
    /// "Improved", "Declined", "Stable", "Changed" (context only),
    /// "Unchanged" (context only) or "Not comparable".
    pub movement: String,
    /// "down 6 percentage points", "up 3 days"; empty when not comparable.
    pub change: String,
    /// The movement `movement` names, for code that acts on it.
    #[serde(skip)]
    pub moved: IndicatorMovement,
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

/// This year's findings that read word for word as last year's, for the
/// comparison and the readiness report alike: `then` is last year's
/// period, "2024-25".
pub(super) fn not_re_reviewed(
    new: &Evidence,
    found: &[crate::assess::compare::NotReReviewed],
    then: &str,
) -> Vec<NotReReviewed> {
    found
        .iter()
        .filter_map(|n| {
            let finding = new.finding(&n.descriptor)?;
            Some(NotReReviewed {
                id: n.descriptor.clone(),
                title: new
                    .framework
                    .descriptor(&n.descriptor)
                    .map_or_else(|| n.descriptor.clone(), |d| d.title.clone()),
                location: finding.origin.to_string(),
                detail: if n.sources_same {
                    format!("summary, impact and sources are unchanged from {then}")
                } else {
                    format!("summary and impact are unchanged from {then}; the sources were updated")
                },
            })
        })
        .collect()
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

/// The comparison of last year (`then`) with this year (`now`).
pub fn build(then: AssessedYear<'_>, now: AssessedYear<'_>, changes: &Changes) -> Comparison {
    let (old, new) = (then.evidence, now.evidence);
    let fw = &new.framework;
    let year = |e: &Evidence| Year {
        folder: e.folder.display().to_string(),
        period: words::period(e),
        period_short: e.period.start.years_to(e.period.end),
        framework_id: e.framework.id.clone(),
        prepared_on: e.prepared_on.long(),
    };
    let (then_year, now_year) = (year(old), year(new));
    let indicators: Vec<IndicatorChange> = changes.indicators.iter().filter_map(|c| indicator(fw, c)).collect();
    let actions: Vec<ActionOutcome> = changes.actions.iter().map(|c| action(old, new, c)).collect();
    let title = "Progress since last year".to_string();
    let period_short = format!("{} to {}", then_year.period_short, now_year.period_short);
    // It sets indicative grades and patterns side by side: the tool's
    // reading, for the council's leaders, like the readiness report.
    let marking = words::internal_marking(&new.marking);
    let properties = Properties {
        title: format!("{}: {title}, {period_short}", new.council),
        council: new.council.clone(),
        subject: format!("Year-on-year comparison for the self-evaluation (ILACS), {period_short}"),
        marking: marking.clone(),
        date: new.prepared_on,
    };
    Comparison {
        council: new.council.clone(),
        title,
        period_short,
        date: new.prepared_on.long(),
        marking,
        comparator_area: now.assessment.comparator_area.clone(),
        has_neighbours: changes.indicators.iter().any(|c| c.neighbours.is_some()),
        grades: changes
            .grades
            .iter()
            .map(|g| {
                let title = now
                    .assessment
                    .judgements
                    .iter()
                    .chain(&then.assessment.judgements)
                    .find(|j| j.judgement == g.judgement)
                    .map_or_else(String::new, |j| j.title.clone());
                grade(then, now, g, title)
            })
            .collect(),
        overall: grade(then, now, &changes.overall, "Overall effectiveness".to_string()),
        indicator_counts: counts(
            IndicatorMovement::ALL,
            indicators.iter().map(|i| i.moved),
            movement_word,
        ),
        indicators,
        descriptors: changes
            .descriptors
            .iter()
            .map(|d| DescriptorChange {
                id: d.id.clone(),
                title: fw.descriptor(&d.id).map_or_else(String::new, |x| x.title.clone()),
                judgement: fw
                    .descriptor(&d.id)
                    .and_then(|x| fw.judgement(&x.judgement))
                    .map_or_else(String::new, |j| j.short_title.clone()),
                was: d.was.clone().unwrap_or_default(),
                evidence_then: words::evidence_words(&old.framework, &d.evidence.0),
                evidence_now: words::evidence_words(fw, &d.evidence.1),
                evidence_movement: match d.evidence_movement {
                    Some(EvidenceMovement::Stronger) => "Stronger",
                    Some(EvidenceMovement::Weaker) => "Weaker",
                    None => "",
                }
                .to_string(),
                rating_then: rating(&old.framework, d.rating.0.as_deref()),
                rating_now: rating(fw, d.rating.1.as_deref()),
                rating_changed: d.rating_changed,
                sources_gained: d.sources_gained.iter().map(source_name).collect(),
                sources_lost: d.sources_lost.iter().map(source_name).collect(),
            })
            .collect(),
        only_then: changes
            .framework
            .only_then
            .iter()
            .filter_map(|id| old.framework.descriptor(id))
            .map(|o| format!("{} ({}): not in {}", o.title, o.id, fw.id))
            .collect(),
        only_now: changes
            .framework
            .only_now
            .iter()
            .filter_map(|id| fw.descriptor(id))
            .map(|d| format!("{} ({}): new in {}", d.title, d.id, fw.id))
            .collect(),
        replaced: changes
            .framework
            .replaced
            .iter()
            .filter_map(|(was, is)| Some((was, fw.descriptor(is)?)))
            .map(|(was, d)| format!("{was} ({}) is {} ({}) under {}", old.framework.id, d.id, d.title, fw.id))
            .collect(),
        not_re_reviewed: not_re_reviewed(new, &changes.not_re_reviewed, &then_year.period_short),
        patterns_new: patterns(now, &changes.patterns_new),
        patterns_gone: patterns(then, &changes.patterns_gone),
        action_counts: counts(Outcome::ALL, changes.actions.iter().map(|a| a.outcome), outcome_word),
        overdue: changes
            .actions
            .iter()
            .filter(|c| c.overdue)
            .filter_map(|c| {
                let before = old.actions.iter().find(|a| a.id == c.id)?;
                let latest = new.actions.iter().find(|a| a.id == c.id).unwrap_or(before);
                Some(format!(
                    "{}: {} (due {}, {})",
                    before.id,
                    one_line(&before.action),
                    latest.due.long(),
                    latest.status.label().to_lowercase()
                ))
            })
            .collect(),
        actions,
        new_actions: changes
            .new_actions
            .iter()
            .filter_map(|id| new.actions.iter().find(|a| a.id == *id))
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
        properties,
    }
}

/// How many of `items` are each of `kinds`, in that order, those with none
/// left out.
fn counts<T: PartialEq + Copy>(
    kinds: impl IntoIterator<Item = T>,
    items: impl Iterator<Item = T> + Clone,
    word: fn(T) -> &'static str,
) -> Vec<Count> {
    kinds
        .into_iter()
        .map(|kind| Count {
            label: word(kind).to_string(),
            count: items.clone().filter(|i| *i == kind).count(),
        })
        .filter(|c| c.count > 0)
        .collect()
}

fn movement_word(movement: IndicatorMovement) -> &'static str {
    match movement {
        IndicatorMovement::Declined => "Declined",
        IndicatorMovement::Stable => "Stable",
        IndicatorMovement::Improved => "Improved",
        IndicatorMovement::Changed => "Changed",
        IndicatorMovement::Unchanged => "Unchanged",
        IndicatorMovement::NotComparable => "Not comparable",
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Achieved => "Achieved",
        Outcome::PartiallyAchieved => "Partially achieved",
        Outcome::NotAchieved => "Not achieved",
        Outcome::Dropped => "Dropped",
        Outcome::CarriedForward => "Carried forward",
        Outcome::NotReported => "Not reported this year",
    }
}

fn grade(then: AssessedYear<'_>, now: AssessedYear<'_>, g: &diff::GradeChange, title: String) -> GradeChange {
    let label = |year: AssessedYear<'_>, standing: &Standing| match standing {
        Standing::Graded(grade) => year.evidence.framework.grade_label(grade),
        Standing::NotEnoughEvidence => "Not enough evidence to grade".to_string(),
        Standing::NoDescriptors => "Not assessed (no descriptors)".to_string(),
        Standing::NotGraded => not_graded_under(&year.evidence.framework),
    };
    let shorts = |reasons: &[Reason]| reasons.iter().map(|r| r.short.clone()).collect();
    GradeChange {
        short_title: now
            .evidence
            .framework
            .judgement(&g.judgement)
            .map_or_else(|| title.clone(), |j| j.short_title.clone()),
        title,
        judgement: g.judgement.clone(),
        then: label(then, &g.then),
        now: label(now, &g.now),
        movement: match g.movement {
            Movement::Improved => "Improved",
            Movement::Declined => "Declined",
            Movement::NoChange => "No change",
            Movement::NotComparable => "Not comparable",
        }
        .to_string(),
        new_reasons: shorts(&g.new_reasons),
        gone_reasons: shorts(&g.gone_reasons),
    }
}

fn indicator(fw: &Framework, c: &diff::IndicatorChange) -> Option<IndicatorChange> {
    let ind = fw.indicator(&c.id)?;
    let format = |v: Option<f64>| v.map(|v| ind.unit.format(v)).unwrap_or_else(|| "–".to_string());
    Some(IndicatorChange {
        id: ind.id.clone(),
        title: ind.title.clone(),
        short_title: ind.short_title.clone(),
        judgement: fw
            .descriptor(&ind.descriptor)
            .and_then(|d| fw.judgement(&d.judgement))
            .map_or_else(String::new, |j| j.short_title.clone()),
        then: format(c.then),
        now: format(c.now),
        comparator: format(c.comparator),
        neighbours: format(c.neighbours),
        movement: movement_word(c.movement).to_string(),
        change: c.change.map(|d| change_in_words(ind.unit, d)).unwrap_or_default(),
        moved: c.movement,
    })
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
            let word = if size == 1.0 { "point" } else { "points" };
            format!("{direction} {} percentage {word}", Unit::Number.format(size))
        }
        _ => format!("{direction} {}", unit.format(size)),
    }
}

fn rating(fw: &Framework, rating: Option<&str>) -> String {
    rating.map_or_else(|| "Not rated".to_string(), |r| fw.rating_label(r))
}

fn source_name((title, date): &SourceKey) -> String {
    format!("{title} ({})", date.long())
}

fn patterns(year: AssessedYear<'_>, ids: &[String]) -> Vec<PatternChange> {
    let fw = &year.evidence.framework;
    ids.iter()
        .filter_map(|id| year.assessment.patterns.iter().find(|p| p.id == *id))
        .map(|p| PatternChange {
            id: p.id.clone(),
            title: p.title.clone(),
            kind: words::pattern_kind(p.kind, p.effect).to_string(),
            judgements: p
                .judgements
                .iter()
                .map(|j| fw.judgement(j).map_or_else(|| j.clone(), |x| x.short_title.clone()))
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect()
}

/// What became of one of last year's actions, in words.
fn action(old: &Evidence, new: &Evidence, c: &ActionChange) -> ActionOutcome {
    let before = old
        .actions
        .iter()
        .find(|a| a.id == c.id)
        .expect("the changes list last year's actions");
    let now = new.actions.iter().find(|a| a.id == c.id);
    let latest = now.unwrap_or(before);
    let last_year = old.period.start.years_to(old.period.end);
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
        outcome: outcome_word(c.outcome).to_string(),
        overdue: c.overdue,
        progress,
    }
}
