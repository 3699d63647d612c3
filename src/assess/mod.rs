//! The assessment: where a council stands against each descriptor, which
//! inspection patterns its evidence shows, and the grade each judgement would
//! most likely get, with the reasons.
//!
//! It works on validated evidence only and reads no files of the council's.
//! Every number it uses comes from `frameworks/assessment.toml` and the
//! pattern library, so that each result can be explained from data a council
//! can read. The steps run in one order, each using only what came before:
//! evidence strength and indicators, then patterns, then descriptor levels and
//! self-awareness, then grades, then gaps.

pub mod compare;
mod gaps;
mod grades;
pub mod indicators;
mod levels;
mod patterns;
pub mod prose;
mod reading;
mod strength;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::model::evidence::{ActionStatus, Evidence};
use crate::model::framework::Strand;
use crate::model::library::{Band, Effect, GapKind, Kind, Library, Pattern, Precedent, Rules};
pub use reading::ReadingResult;

pub use indicators::trend;

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub council: String,
    pub framework: String,
    pub period_start: Date,
    pub period_end: Date,
    /// The date actions are judged overdue at: the evidence's `prepared_on`.
    pub as_at: Date,
    pub judgements: Vec<JudgementResult>,
    /// `None` where the framework does not grade overall effectiveness.
    pub overall: Option<OverallResult>,
    pub self_awareness: SelfAwareness,
    pub descriptors: Vec<DescriptorResult>,
    pub indicators: Vec<IndicatorResult>,
    pub patterns: Vec<PatternMatch>,
    pub overdue_actions: Vec<OverdueAction>,
    pub gaps: Vec<Gap>,
    /// Patterns that name a descriptor or indicator this framework lacks.
    pub patterns_not_applicable: Vec<String>,
    /// Judgements the framework leaves without descriptors: nothing to grade.
    pub judgements_not_assessed: Vec<String>,
    /// Whom the indicators are compared with, e.g. "England".
    pub comparator_area: String,
    /// The highest descriptor score, for reading `score` (3 under ILACS).
    pub top_score: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct DescriptorResult {
    pub descriptor: String,
    pub title: String,
    pub judgement: String,
    pub weight: f64,
    pub written: bool,
    /// The council's own rating, if given.
    pub own_rating: Option<String>,
    pub evidence: EvidenceStrength,
    /// How sure the level is, from the strength of the sources.
    pub confidence: Confidence,
    /// How the finding's own sentences read; none for an unwritten finding.
    pub reading: Option<ReadingResult>,
    /// The level its narrative, indicators and patterns support; none for
    /// an unwritten finding, which is a gap, not weak practice.
    pub supported: Option<String>,
    pub supported_because: Vec<String>,
    /// The level the judgement is read with (the supported level).
    pub assessed: Option<String>,
    pub score: Option<u8>,
    pub self_rating: SelfRating,
    /// How many levels the council's rating is above the supported level.
    pub over_by: u8,
    /// Where the finding is written, e.g. "findings/help-protection.toml:12".
    pub location: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceStrength {
    pub level: String,
    pub sources: usize,
    pub kinds: usize,
    pub strands: Vec<Strand>,
    /// Triangulation strands with no source.
    pub missing_strands: Vec<Strand>,
    /// Months from the newest source to the end of the period.
    pub newest_months: Option<u32>,
    pub stale_sources: usize,
    pub impact_stated: bool,
    /// E.g. "secure: 4 sources of 3 kinds, newest 2 months old; no feedback from children, families or staff".
    pub summary: String,
}

/// How sure a level is: the strength of the sources it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// "low", "medium" or "high", as a sentence says it.
    pub fn word(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    fn of(rules: &Rules, strength: &EvidenceStrength) -> Confidence {
        match rules.level(&strength.level) {
            Some(l) if l == rules.top_level() => Confidence::High,
            Some(l) if l + 1 == rules.top_level() => Confidence::Medium,
            _ => Confidence::Low,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SelfRating {
    Accurate,
    OverRated,
    UnderClaimed,
    NotRated,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub indicator: String,
    pub title: String,
    pub descriptor: String,
    pub judgement: String,
    pub value: Option<f64>,
    /// England's figure: DfE's for the year compared, else comparators.toml's.
    pub comparator: Option<f64>,
    /// The period England's figure is for: "2024-25", "30 September 2025".
    pub comparator_period: Option<String>,
    /// Against the comparator; `None` when either figure is missing or the
    /// indicator is context only (neutral polarity).
    pub vs_comparator: Option<Band>,
    /// Against the statistical neighbours' average, the same way.
    pub vs_neighbours: Option<Band>,
    /// England, the region and the neighbours as DfE published them for the
    /// year compared; none where DfE publishes no series.
    pub benchmarks: Option<crate::model::published::Benchmarks>,
    /// Up to five years of the council against England and its neighbours,
    /// oldest first; empty where DfE publishes no series.
    pub history: Vec<YearFigures>,
    pub previous: Option<f64>,
    pub trend: Option<Trend>,
    /// E.g. "23.9%, worse than England (22.6%); improved from 27.1%".
    pub summary: String,
}

/// One year of an indicator's history.
#[derive(Debug, Clone, Serialize)]
pub struct YearFigures {
    pub year: u16,
    /// "2024-25", "30 September 2025".
    pub label: String,
    pub council: Option<f64>,
    pub england: Option<f64>,
    pub neighbours: Option<f64>,
}

/// Which way a number moved, whatever that means for children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Up,
    Down,
    /// Within the band that counts as similar.
    Flat,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The number's direction.
    pub direction: Direction,
    /// Whether that is better, similar or worse, by polarity.
    pub judged: Option<Band>,
    pub change: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PatternMatch {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub effect: Effect,
    pub limit: Option<String>,
    pub judgements: Vec<String>,
    pub descriptors: Vec<String>,
    /// What inspectors found, in the library's words.
    pub found: String,
    /// What in the evidence showed it, one line per sign that held.
    pub signs: Vec<String>,
    pub precedents: Vec<Precedent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SelfAwareness {
    pub rated: usize,
    pub accurate: usize,
    pub over_rated: Vec<String>,
    /// Rated two levels or more above what the evidence supports: strong
    /// where the narrative describes practice that is weak or developing.
    pub far_over_rated: Vec<String>,
    pub under_claimed: Vec<String>,
    pub accurate_share: f64,
    pub over_rated_share: f64,
    pub far_over_rated_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct JudgementResult {
    pub judgement: String,
    pub title: String,
    /// None where there is not enough evidence to grade.
    pub grade: Option<String>,
    pub grade_label: String,
    /// How many of its descriptors have a finding written, of how many.
    pub based_on: BasedOn,
    /// How all its written findings' sentences read together.
    pub reading: Option<ReadingResult>,
    /// Where the reading lies, 0 (inadequate) to 3 (outstanding).
    pub score: f64,
    /// The grade the reading alone gives, before limits.
    pub score_grade: Option<String>,
    /// How sure the grade is, from the strength of its findings' sources.
    pub confidence: Confidence,
    pub limits: Vec<AppliedLimit>,
    /// Strongest first.
    pub reasons: Vec<Reason>,
    /// The grade's reason in a line, for a summary table: the limit that
    /// set it, or how the findings read and the words that most tell.
    pub why: String,
    pub last_inspection: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct BasedOn {
    pub written: usize,
    pub of: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppliedLimit {
    pub grade: String,
    pub reason: String,
    pub basis: String,
    /// Whether this limit set the grade (it was below the score's grade).
    pub decisive: bool,
}

/// What a reason is about, and so how it is compared across years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    Limit,
    /// A sentence of the council's own narrative.
    Sentence,
    Pattern,
    Descriptor,
    Indicator,
    SelfAwareness,
    /// A judgement's grade, as a reason for overall effectiveness.
    Judgement,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub kind: ReasonKind,
    /// What it is about: a pattern, descriptor or indicator id, the limit's
    /// basis, a judgement id or "self-awareness". The same across years, so
    /// a comparison can tell a new reason from one that only changed its figures.
    pub about: String,
    pub text: String,
    /// The reason without its list of precedents: a line for a summary, not
    /// the whole argument.
    #[serde(skip)]
    pub short: String,
    /// How much it weighed in the grade; reasons are listed highest first.
    pub weight: f64,
}

impl Reason {
    /// A reason whose text is short enough for a summary as it stands.
    fn new(kind: ReasonKind, about: &str, text: String, weight: f64) -> Reason {
        Reason {
            kind,
            about: about.to_string(),
            short: text.clone(),
            text,
            weight,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OverallResult {
    pub grade: String,
    pub grade_label: String,
    /// The weighted mean of the judgements' grades, the worst grade counting 0.
    pub score: f64,
    /// The best grade's value (3 under ILACS).
    pub out_of: usize,
    pub reasons: Vec<Reason>,
    pub last_inspection: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueAction {
    pub id: String,
    pub action: String,
    pub due: Date,
    pub status: ActionStatus,
    pub descriptors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub rank: usize,
    /// One of the kinds in assessment.toml `[gaps]`.
    pub kind: GapKind,
    pub judgement: Option<String>,
    pub descriptor: Option<String>,
    pub text: String,
    pub points: f64,
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The whole assessment, in the order the module comment gives. The
/// council's framework must be written in the rules' rating and grade words:
/// the pipeline checks that (`load::fits`) before it asks.
pub fn assess(evidence: &Evidence, library: &Library) -> Assessment {
    let framework = &evidence.framework;
    let rules = &library.rules;
    let period_end = evidence.period.end;

    let strengths: BTreeMap<String, EvidenceStrength> = framework
        .descriptors
        .iter()
        .map(|d| {
            let finding = evidence.finding(&d.id);
            (
                d.id.clone(),
                strength::evidence_strength(finding, framework, rules, evidence.period),
            )
        })
        .collect();
    let indicators = indicators::compare(evidence, rules, library.published);
    let overdue_actions = gaps::overdue_actions(evidence);

    let (applicable, not_applicable): (Vec<&Pattern>, Vec<&Pattern>) =
        library.patterns.iter().partition(|p| p.applies_to(framework));
    let said = reading::said(evidence, library);
    let facts = patterns::Facts {
        said: &said,
        evidence,
        rules,
        strengths: &strengths,
        indicators: &indicators,
        overdue: overdue_actions.len(),
        self_awareness: None,
    };
    let mut matched: Vec<PatternMatch> = applicable
        .iter()
        .filter(|p| !p.needs_self_awareness())
        .filter_map(|p| patterns::check(p, &facts))
        .collect();
    let first = levels::descriptor_levels(evidence, library, &strengths, &indicators, &matched, &said);
    // Self-awareness is read from the levels before the patterns that depend
    // on it; those patterns then cap their descriptors like any other.
    let self_awareness = levels::self_awareness(&first);
    let facts = patterns::Facts {
        self_awareness: Some(&self_awareness),
        ..facts
    };
    let late: Vec<PatternMatch> = applicable
        .iter()
        .filter(|p| p.needs_self_awareness())
        .filter_map(|p| patterns::check(p, &facts))
        .collect();
    let descriptors = if late.is_empty() {
        first
    } else {
        matched.extend(late);
        levels::descriptor_levels(evidence, library, &strengths, &indicators, &matched, &said)
    };
    matched.sort_by_key(|m| library.patterns.iter().position(|p| p.id == m.id));

    let judgements = grades::judgements(&grades::Graded {
        evidence,
        library,
        descriptors: &descriptors,
        said: &said,
        indicators: &indicators,
        matched: &matched,
        self_awareness: &self_awareness,
    });
    let overall = grades::overall(evidence, rules, &judgements);
    let gaps = gaps::gaps(
        evidence,
        rules,
        &descriptors,
        &indicators,
        &matched,
        &overdue_actions,
        &judgements,
    );

    Assessment {
        council: evidence.council.clone(),
        framework: framework.id.clone(),
        period_start: evidence.period.start,
        period_end,
        as_at: evidence.prepared_on,
        judgements_not_assessed: framework
            .judgements
            .iter()
            .filter(|j| framework.descriptors_of(&j.id).next().is_none())
            .map(|j| j.id.clone())
            .collect(),
        judgements,
        overall,
        self_awareness,
        descriptors,
        indicators,
        patterns: matched,
        overdue_actions,
        gaps,
        patterns_not_applicable: not_applicable.iter().map(|p| p.id.clone()).collect(),
        comparator_area: framework.comparator_area.clone(),
        top_score: rules.top_level(),
    }
}
