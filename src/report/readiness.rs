//! The readiness report's model: what selfeval reads in the evidence, for
//! the council's leaders before they send their self-evaluation. Everything
//! here is the tool's inference, so every line says so and points at the
//! council's own words by file and line; none of it goes into the
//! self-evaluation.

use serde::Serialize;

use super::Properties;
use super::comparison::{self, NotReReviewed};
use super::words::{self, not_graded_under};
use crate::assess::{Assessment, JudgementResult, SelfRating, compare};
use crate::model::evidence::Evidence;
use crate::model::library::{Effect, Kind};
use crate::text::{one_line, plural};

/// Enough to act on, few enough to read: the report is a few pages.
const REASONS: usize = 3;
const GAPS: usize = 8;
const PRECEDENTS: usize = 1;
const SIGNS: usize = 1;

#[derive(Debug, Serialize)]
pub struct Readiness {
    pub council: String,
    pub title: String,
    pub period: String,
    pub period_short: String,
    pub date: String,
    pub marking: String,
    pub internal: String,
    pub judgements: Vec<JudgementView>,
    /// Overall effectiveness in words, with its reason, or why it is not graded.
    pub overall: String,
    pub self_awareness: String,
    /// The inspection patterns the evidence reads like, the strongest first.
    pub patterns: Vec<PatternView>,
    /// Patterns shown by the assessment that point no way, only counted here.
    pub patterns_noted: usize,
    pub gaps: Vec<String>,
    pub gaps_total: usize,
    pub areas: Vec<AreaView>,
    /// Findings whose words are last year's, where `previous` names last
    /// year's folder: an inspector reads them as not reviewed.
    pub not_re_reviewed: Vec<NotReReviewed>,
    pub overdue: Vec<OverdueView>,
    pub grade_labels: Vec<String>,
    pub rating_labels: Vec<String>,
    #[serde(skip)]
    pub properties: Properties,
}

#[derive(Debug, Serialize)]
pub struct JudgementView {
    pub id: String,
    pub title: String,
    /// The indicative grade, in words.
    pub grade: String,
    pub confidence: String,
    pub based_on: String,
    /// The grade the council gave itself, in words; blank if none.
    pub own: String,
    /// How the council's own evaluation stands against the evidence.
    pub agreement: String,
    /// The reasons that decided the grade, with file and line.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PatternView {
    pub title: String,
    /// "Risk", "Risk that limits the grade", "Strength".
    pub kind: String,
    /// What inspectors found where they reported it.
    pub found: String,
    /// Where the council's words read like it: file, line and sentence.
    pub reads_like: Vec<String>,
    /// How many more places read like it than are shown.
    pub more_places: usize,
    pub precedents: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AreaView {
    pub judgement: String,
    pub title: String,
    pub own: String,
    pub supported: String,
    pub evidence: String,
    pub location: String,
}

#[derive(Debug, Serialize)]
pub struct OverdueView {
    pub id: String,
    pub action: String,
    pub due: String,
    pub status: String,
}

pub fn build(evidence: &Evidence, a: &Assessment, last_year: Option<&Evidence>) -> Readiness {
    let framework = &evidence.framework;
    let council = one_line(&evidence.council);
    let period_short = evidence.period.start.years_to(evidence.period.end);
    let title = "Readiness for inspection".to_string();
    let judgements = a.judgements.iter().map(|j| judgement(evidence, a, j)).collect();
    let overall = match &a.overall {
        Some(o) => match o.reasons.first() {
            Some(r) => format!("{}: {}", o.grade_label, r.short),
            None => o.grade_label.clone(),
        },
        None => not_graded_under(framework),
    };
    let sa = &a.self_awareness;
    let self_awareness = format!(
        "{} of {} of your own ratings match what the evidence supports; {} are higher than it supports, {} of them by two levels or more; {} are lower.",
        sa.accurate,
        sa.rated,
        sa.over_rated.len(),
        sa.far_over_rated.len(),
        sa.under_claimed.len()
    );
    let mut shown: Vec<&crate::assess::PatternMatch> =
        a.patterns.iter().filter(|p| p.effect != Effect::Noted).collect();
    // Those that limit a grade first, then the other risks, then strengths.
    shown.sort_by_key(|p| match (p.effect, p.kind) {
        (Effect::Limit, _) => 0,
        (_, Kind::Risk) => 1,
        _ => 2,
    });
    let patterns = shown
        .iter()
        .map(|p| PatternView {
            title: p.title.clone(),
            kind: match (p.kind, p.effect) {
                (Kind::Risk, Effect::Limit) => "Risk that limits the grade",
                (Kind::Risk, _) => "Risk",
                (Kind::Strength, _) => "Strength",
            }
            .to_string(),
            found: one_line(&p.found),
            reads_like: p.signs.iter().take(SIGNS).map(|s| reads_like(framework, s)).collect(),
            more_places: p.signs.len().saturating_sub(SIGNS),
            precedents: p
                .precedents
                .iter()
                .take(PRECEDENTS)
                .map(|x| one_line(&super::listing::precedent_line(x, framework)))
                .collect(),
        })
        .collect();
    let areas = a
        .descriptors
        .iter()
        .map(|d| AreaView {
            judgement: framework
                .judgement(&d.judgement)
                .map_or_else(|| d.judgement.clone(), |j| j.short_title.clone()),
            title: d.title.clone(),
            own: d
                .own_rating
                .as_deref()
                .map_or_else(|| "–".to_string(), |r| framework.rating_label(r)),
            supported: match (&d.assessed, d.written) {
                (Some(level), _) => framework.rating_label(level),
                (None, false) => "Not written".to_string(),
                (None, true) => "–".to_string(),
            },
            // Its strength and sources; what is missing is in the gaps.
            evidence: evidence_in_brief(framework, &d.evidence),
            location: d.location.clone().unwrap_or_default(),
        })
        .collect();
    let overdue = a
        .overdue_actions
        .iter()
        .map(|x| OverdueView {
            id: x.id.clone(),
            action: one_line(&x.action),
            due: x.due.long(),
            status: x.status.label().to_string(),
        })
        .collect();
    // The council's own marking, and that this is not the document it sends.
    let marking = words::internal_marking(&evidence.marking);
    Readiness {
        properties: Properties {
            title: format!("{council}: {title}, {period_short}"),
            council: council.clone(),
            subject: format!("Readiness for Ofsted (ILACS), {}", words::period(evidence)),
            marking: marking.clone(),
            date: evidence.prepared_on,
        },
        council,
        title,
        period: words::period(evidence),
        period_short,
        date: evidence.prepared_on.long(),
        marking,
        internal: words::INTERNAL.to_string(),
        judgements,
        overall,
        self_awareness,
        patterns,
        patterns_noted: a.patterns.iter().filter(|p| p.effect == Effect::Noted).count(),
        gaps: a.gaps.iter().take(GAPS).map(|g| one_line(&g.text)).collect(),
        gaps_total: a.gaps.len(),
        areas,
        not_re_reviewed: last_year
            .map(|old| {
                let then = old.period.start.years_to(old.period.end);
                comparison::not_re_reviewed(evidence, &compare::not_re_reviewed(old, evidence), &then)
            })
            .unwrap_or_default(),
        overdue,
        grade_labels: framework.grades.iter().map(|g| g.label.clone()).collect(),
        rating_labels: framework.ratings.iter().map(|r| r.label.clone()).collect(),
    }
}

fn judgement(evidence: &Evidence, a: &Assessment, j: &JudgementResult) -> JudgementView {
    let framework = &evidence.framework;
    let own = evidence.evaluation(&j.judgement).and_then(|e| e.grade.as_deref());
    let agreement = match (own, j.grade.as_deref()) {
        (None, _) => "You have not given your own grade for this judgement.".to_string(),
        (Some(own), None) => format!(
            "Your own evaluation says {}; there is not enough evidence written to read a grade.",
            framework.grade_label(own)
        ),
        (Some(own), Some(read)) => {
            let (own_rank, read_rank) = (framework.grade_rank(own), framework.grade_rank(read));
            let own = framework.grade_label(own);
            match own_rank.cmp(&read_rank) {
                std::cmp::Ordering::Equal => format!("Your own evaluation agrees: {own}."),
                // Rank 0 is the best grade.
                std::cmp::Ordering::Less => format!(
                    "Your own evaluation says {own}, above what the evidence reads: the reasons below are what an inspector reading it would weigh."
                ),
                std::cmp::Ordering::Greater => format!(
                    "Your own evaluation says {own}, below what the evidence reads: check whether the narrative undersells practice, or the grade is too cautious."
                ),
            }
        }
    };
    let over = a
        .descriptors
        .iter()
        .filter(|d| d.judgement == j.judgement && d.self_rating == SelfRating::OverRated)
        .count();
    let agreement = match over {
        0 => agreement,
        n => format!(
            "{agreement} In {} your own rating is higher than the evidence supports (see Evidence strength by area).",
            plural(n, "area")
        ),
    };
    let reasons: Vec<String> = j.reasons.iter().take(REASONS).map(|r| one_line(&r.text)).collect();
    JudgementView {
        id: j.judgement.clone(),
        title: j.title.clone(),
        grade: j.grade_label.clone(),
        confidence: j.confidence.word().to_string(),
        based_on: format!("based on {} of {} areas", j.based_on.written, j.based_on.of),
        own: words::own_grade(evidence, &j.judgement).unwrap_or_default(),
        agreement,
        reasons,
    }
}

/// "Evidenced: 3 sources", with how many are older than inspectors would
/// look for.
fn evidence_in_brief(framework: &crate::model::framework::Framework, e: &crate::assess::EvidenceStrength) -> String {
    let mut out = format!(
        "{}: {}",
        words::evidence_words(framework, &e.level),
        if e.sources == 0 {
            "no sources".to_string()
        } else {
            plural(e.sources, "source")
        }
    );
    if e.stale_sources > 0 {
        out.push_str(&format!(", {} old", e.stale_sources));
    }
    out
}

/// A pattern's sign as what the council's words read like: "findings/x.toml:42:
/// "sentence" (says "drift")" becomes "Your narrative at findings/x.toml:42
/// reads like it: "sentence" (says "drift")".
fn reads_like(framework: &crate::model::framework::Framework, sign: &str) -> String {
    match sign.split_once(": ") {
        Some((place, rest)) if place.contains(".toml:") => {
            format!("Your narrative at {place} reads like it: {}", one_line(rest))
        }
        // A sign about a descriptor names it by its title, as a reader knows it.
        Some((id, rest)) if framework.descriptor(id).is_some() => {
            let title = framework.descriptor(id).map(|d| d.title.as_str()).unwrap_or(id);
            format!("Your evidence reads like it: {title}: {}", one_line(rest))
        }
        _ => format!("Your evidence reads like it: {}", one_line(sign)),
    }
}
