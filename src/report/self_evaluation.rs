//! The self-evaluation's model: everything the document says, as plain
//! data for the templates.

use serde::Serialize;

use super::Properties;
use super::chart::{self, Chart};
use super::comparison::Comparison;
use super::words::{self, not_graded_under};
use crate::assess::{Assessment, Direction};
use crate::model::evidence::{Action, ActionStatus, Evidence, Finding, Source};
use crate::model::framework::Framework;
use crate::model::library::{Band, Kind};
use crate::model::published::{ATTRIBUTION, Published, SOURCE};
use crate::text::{capitalise, one_line, paragraphs};

/// Gaps and priorities a reader can take in at a glance.
const SUMMARY_PRIORITIES: usize = 6;
const SUMMARY_STRENGTHS: usize = 5;
const CHAPTER_GAPS: usize = 5;
const DASHBOARD_FIGURES: usize = 2;

#[derive(Debug, Serialize)]
pub struct Report {
    pub council: String,
    pub title: String,
    /// "1 April 2025 to 31 March 2026"
    pub period: String,
    /// "2025-26"
    pub period_short: String,
    pub framework_id: String,
    pub framework_title: String,
    /// The document's date, from the evidence (never the clock).
    pub date: String,
    pub prepared_by: String,
    /// The council's protective marking, after "DRAFT" while anything the
    /// document needs is not written: what heads every page.
    pub marking: String,
    /// The council's protective marking alone, for the cover, which says
    /// "Draft" as the document's status on a line of its own.
    pub protective_marking: String,
    /// What the council has still to write, one line each; empty when the
    /// document is finished.
    pub missing: Vec<String>,
    pub comparator_area: String,
    pub benchmarks: BenchmarksView,
    pub last_inspection: Option<LastInspection>,
    /// The council's own executive summary, as written in council.toml.
    pub executive_summary: ExecutiveSummaryView,
    pub summary: Summary,
    pub chapters: Vec<Chapter>,
    pub progress: Progress,
    /// Open actions of last year's plan, set out in this year's chapters:
    /// the progress table names them rather than repeating them.
    pub continuing: Vec<ContinuingView>,
    /// Set when council.toml names last year's folder: the "Progress since
    /// last year" chapter, which then takes the place of `progress`.
    pub comparison: Option<Comparison>,
    pub appendix: Appendix,
    /// Grade and rating labels, for renderers that show them in colour.
    pub grade_labels: Vec<String>,
    pub rating_labels: Vec<String>,
    /// The scale of the council's own ratings, in words: "strong, secure,
    /// developing or weak".
    pub rating_scale: String,
    #[serde(skip)]
    pub properties: Properties,
}

#[derive(Debug, Serialize)]
pub struct LastInspection {
    pub date: String,
    pub grades: Vec<Labelled>,
}

#[derive(Debug, Serialize)]
pub struct Labelled {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    /// Each judgement at a glance: the council's own grade, the last
    /// inspection's, and its key figures with their direction.
    pub dashboard: Vec<DashboardRow>,
    pub grades: Vec<SummaryGrade>,
    /// "Not graded under ilacs-2026" where the framework has no overall grade.
    pub overall: SummaryGrade,
    pub strengths: Vec<String>,
    pub priorities: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SummaryGrade {
    pub judgement: String,
    pub grade: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct Chapter {
    pub id: String,
    pub title: String,
    pub short_title: String,
    /// The council's own evaluation of the judgement, if it wrote one.
    pub evaluation: Option<EvaluationView>,
    pub grade: String,
    /// "based on 14 of 19 areas": how many descriptors have a finding.
    pub based_on: String,
    pub last_inspection: Option<String>,
    pub reasons: Vec<String>,
    pub findings: Vec<FindingView>,
    pub sources_by_kind: Vec<SourceGroup>,
    pub indicators: Vec<IndicatorRow>,
    /// The indicators this year against the comparator and last year, for
    /// `{{ chart(chapter.chart) }}`; none when no indicator has a figure.
    pub chart: Option<Chart>,
    /// Which year the table's England, region and neighbours figures are
    /// DfE's for, in a sentence; empty where none is DfE's.
    pub published_years: String,
    pub actions: Vec<ActionRow>,
    /// Open actions for this judgement that another chapter sets out, since
    /// their first area is that chapter's.
    pub also: Vec<AlsoView>,
    pub gaps: Vec<String>,
    pub patterns: Vec<PatternView>,
}

#[derive(Debug, Serialize)]
pub struct ContinuingView {
    pub id: String,
    /// The short title of the judgement whose chapter sets it out.
    pub chapter: String,
}

#[derive(Debug, Serialize)]
pub struct AlsoView {
    pub ids: Vec<String>,
    /// The title of the chapter that sets them out.
    pub chapter: String,
}

#[derive(Debug, Serialize)]
pub struct DashboardRow {
    pub title: String,
    /// The council's own grade in words, or "Not given".
    pub own: String,
    pub last_inspection: String,
    /// "Re-referrals within 12 months: 23.9% (England 22.6%), improved from 27.4%".
    pub indicators: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExecutiveSummaryView {
    /// Whether any of it is written.
    pub written: bool,
    pub where_we_are: Vec<String>,
    pub strengths: Vec<String>,
    pub priorities: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EvaluationView {
    /// The grade the council gives itself, in words; blank if not given.
    pub grade: String,
    pub overview: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub id: String,
    pub title: String,
    pub written: bool,
    pub rating: String,
    pub assessed: String,
    pub evidence: String,
    pub summary: Vec<String>,
    pub impact: Vec<String>,
    pub sources: Vec<SourceView>,
    pub location: String,
    /// Why the finding reads as last year's, when it does; else empty.
    pub not_re_reviewed: String,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub title: String,
    pub kind: String,
    pub date: String,
    pub showed: String,
    pub descriptor: String,
}

#[derive(Debug, Serialize)]
pub struct SourceGroup {
    pub kind: String,
    pub sources: Vec<SourceView>,
    /// How many different sources of the kind the chapter cites.
    pub count: usize,
    /// When they are from: "March 2026", or "June 2025 to March 2026".
    pub dates: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorRow {
    pub title: String,
    pub value: String,
    pub comparator: String,
    /// The region's published figure, "–" where there is none.
    pub region: String,
    /// The statistical neighbours' average, "–" where there is none.
    pub neighbours: String,
    pub previous: String,
    /// "Better than England", "Similar to England", "Worse than England",
    /// "Context only", "No England figure" or "Not recorded".
    pub against_comparator: String,
    /// "Improved", "Declined", "Stable" or "".
    pub trend: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: String,
    pub action: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    pub progress: String,
    pub origin: String,
}

#[derive(Debug, Serialize)]
pub struct PatternView {
    pub title: String,
    /// "Risk", "Risk that limits the grade" or "Strength".
    pub kind: String,
    pub found: String,
    pub signs: Vec<String>,
    pub precedents: Vec<PrecedentView>,
}

#[derive(Debug, Serialize)]
pub struct PrecedentView {
    pub report: String,
    pub paragraph: u32,
    pub grade: String,
    pub quote: String,
}

#[derive(Debug, Serialize)]
pub struct Progress {
    pub achieved: Vec<ActionRow>,
    pub partially_achieved: Vec<ActionRow>,
    pub not_achieved: Vec<ActionRow>,
    pub dropped: Vec<ActionRow>,
    /// All of them, in that order, each with its outcome in words.
    pub rows: Vec<ProgressRow>,
    pub total: usize,
    /// How many actions the plan holds in all: none means there is no plan yet.
    pub planned: usize,
}

#[derive(Debug, Serialize)]
pub struct ProgressRow {
    /// "Achieved", "Partially achieved", "Not achieved" or "Dropped".
    pub outcome: &'static str,
    #[serde(flatten)]
    pub action: ActionRow,
}

#[derive(Debug, Serialize)]
pub struct Appendix {
    pub method: Vec<String>,
    /// Five years of each published indicator, by judgement.
    pub trends: Vec<TrendGroup>,
    pub descriptors: Vec<DescriptorRow>,
    pub sources: Vec<SourceIndexRow>,
}

#[derive(Debug, Serialize)]
pub struct TrendGroup {
    pub title: String,
    pub charts: Vec<Chart>,
}

/// Whom the indicators are set against besides England, in words for the
/// tables and the notes.
#[derive(Debug, Serialize)]
pub struct BenchmarksView {
    /// The region's name; empty where the council names no authority.
    pub region: String,
    /// "Calderdale's statistical neighbours"; empty likewise.
    pub neighbours: String,
    /// Where the figures come from, and whose comparators a council that
    /// borrows them has: a sentence or two for the appendix.
    pub about: String,
}

#[derive(Debug, Serialize)]
pub struct DescriptorRow {
    pub id: String,
    pub title: String,
    pub judgement: String,
    pub good: String,
}

#[derive(Debug, Serialize)]
pub struct SourceIndexRow {
    pub title: String,
    pub kind: String,
    pub date: String,
    pub cited_by: String,
    /// What it showed, for each area it is cited for: "Area: what it showed".
    pub showed: Vec<String>,
    /// The judgements it is cited under, by their short titles.
    pub judgements: String,
}

fn kind_label(framework: &Framework, id: &str) -> String {
    framework
        .source_kind(id)
        .map_or_else(|| id.to_string(), |k| k.label.clone())
}

fn source_view(framework: &Framework, finding: &Finding, s: &Source) -> SourceView {
    SourceView {
        title: one_line(&s.title),
        kind: kind_label(framework, &s.kind),
        date: s.date.long(),
        showed: one_line(&s.showed),
        descriptor: framework
            .descriptor(&finding.descriptor)
            .map_or_else(|| finding.descriptor.clone(), |d| d.title.clone()),
    }
}

fn action_row(evidence: &Evidence, a: &Action) -> ActionRow {
    ActionRow {
        id: a.id.clone(),
        action: one_line(&a.action),
        owner: one_line(&a.owner),
        due: a.due.long(),
        status: a.status.label().to_string(),
        overdue: a.is_overdue(evidence.prepared_on),
        progress: a.progress.as_deref().map(one_line).unwrap_or_default(),
        origin: a.origin_ref.as_deref().map(one_line).unwrap_or_default(),
    }
}

fn indicator_row(a: &Assessment, framework: &Framework, evidence: &Evidence, id: &str) -> Option<IndicatorRow> {
    let result = a.indicators.iter().find(|i| i.indicator == id)?;
    let ind = framework.indicator(id)?;
    let area = &a.comparator_area;
    // Short ("362", the title saying per 10,000): seven columns share the width.
    let format = |v: Option<f64>| v.map(|v| ind.unit.short(v)).unwrap_or_else(|| "–".to_string());
    let against_comparator = match (result.value, result.comparator, result.vs_comparator) {
        (None, _, _) => "Not recorded".to_string(),
        (_, None, _) => format!("No {area} figure"),
        (_, _, None) => "Context only".to_string(),
        (_, _, Some(Band::Similar)) => format!("Similar to {area}"),
        (_, _, Some(b)) => format!("{} than {area}", capitalise(b.word())),
    };
    let trend = match result.trend.as_ref().map(|t| (t.judged, t.direction)) {
        Some((Some(Band::Better), _)) => "Improved",
        Some((Some(Band::Worse), _)) => "Declined",
        Some((Some(Band::Similar), _) | (None, Direction::Flat)) => "Stable",
        Some((None, Direction::Up)) => "Up",
        Some((None, Direction::Down)) => "Down",
        None => "",
    }
    .to_string();
    let note = evidence
        .indicator(id)
        .and_then(|v| v.note.as_deref())
        .map(one_line)
        .unwrap_or_default();
    Some(IndicatorRow {
        title: ind.title.clone(),
        value: format(result.value),
        comparator: format(result.comparator),
        region: format(
            result
                .benchmarks
                .as_ref()
                .and_then(|b| b.region.as_ref())
                .and_then(|r| r.value),
        ),
        neighbours: format(
            result
                .benchmarks
                .as_ref()
                .and_then(|b| b.neighbours.as_ref())
                .and_then(|n| n.value),
        ),
        previous: format(result.previous),
        against_comparator,
        trend,
        note,
    })
}

/// A key figure as the dashboard gives it, short enough for a glance, with
/// its direction of travel in a word (the chapter's table has last year's
/// figure), in the words of its Trend column: "Social worker turnover: 15.1%
/// (England 11.8%), improved".
fn dashboard_figure(framework: &Framework, i: &crate::assess::IndicatorResult) -> Option<String> {
    let ind = framework.indicator(&i.indicator)?;
    let value = |v: f64| ind.unit.short(v);
    let mut text = format!("{}: {}", ind.short_title, value(i.value?));
    if let Some(c) = i.comparator {
        text.push_str(&format!(" ({} {})", framework.comparator_area, value(c)));
    }
    if let Some(t) = &i.trend {
        text.push_str(match (t.judged, t.direction) {
            (Some(Band::Better), _) => ", improved",
            (Some(Band::Worse), _) => ", declined",
            (Some(Band::Similar), _) | (None, Direction::Flat) => ", stable",
            (None, Direction::Up) => ", up",
            (None, Direction::Down) => ", down",
        });
    }
    Some(text)
}

/// The judgements an action's areas belong to, in the order its areas are
/// listed: the first is the chapter that sets it out in full, the others
/// point there, so that each action is written once.
fn action_judgements(framework: &Framework, action: &Action) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in &action.descriptors {
        if let Some(j) = framework
            .resolve(d)
            .and_then(|d| framework.descriptor(&d))
            .map(|d| d.judgement.clone())
            && !out.contains(&j)
        {
            out.push(j);
        }
    }
    out
}

pub fn build(evidence: &Evidence, a: &Assessment, comparison: Option<Comparison>, published: &Published) -> Report {
    let framework = &evidence.framework;
    let findings_of = |judgement: &str| -> Vec<FindingView> {
        framework
            .descriptors_of(judgement)
            .map(|d| {
                let result = a.descriptors.iter().find(|r| r.descriptor == d.id);
                let finding = evidence.finding(&d.id);
                FindingView {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    written: result.is_some_and(|r| r.written),
                    rating: result
                        .and_then(|r| r.own_rating.as_deref())
                        .map_or_else(|| "Not rated".to_string(), |r| framework.rating_label(r)),
                    assessed: result
                        .and_then(|r| r.assessed.as_deref())
                        .map_or_else(String::new, |r| framework.rating_label(r)),
                    evidence: result.map_or_else(String::new, |r| r.evidence.summary.clone()),
                    summary: finding.map(|f| paragraphs(&f.summary)).unwrap_or_default(),
                    impact: finding.map(|f| paragraphs(&f.impact)).unwrap_or_default(),
                    sources: finding
                        .map(|f| f.sources.iter().map(|s| source_view(framework, f, s)).collect())
                        .unwrap_or_default(),
                    location: result.and_then(|r| r.location.clone()).unwrap_or_default(),
                    not_re_reviewed: comparison
                        .iter()
                        .flat_map(|c| &c.not_re_reviewed)
                        .find(|n| n.id == d.id)
                        .map(|n| format!("Not re-reviewed this year: {}.", n.detail))
                        .unwrap_or_default(),
                }
            })
            .collect()
    };

    // The open actions, each with the judgements its areas belong to: the
    // first sets it out, the others point there.
    let open_actions: Vec<(&Action, Vec<String>)> = evidence
        .actions
        .iter()
        .filter(|x| x.status.is_open())
        .map(|x| (x, action_judgements(framework, x)))
        .collect();
    let chapters: Vec<Chapter> = a
        .judgements
        .iter()
        .map(|j| {
            let judgement = framework.judgement(&j.judgement);
            let findings = findings_of(&j.judgement);
            let mut sources_by_kind: Vec<SourceGroup> = Vec::new();
            for kind in &framework.source_kinds {
                let sources: Vec<SourceView> = framework
                    .descriptors_of(&j.judgement)
                    .filter_map(|d| evidence.finding(&d.id))
                    .flat_map(|f| {
                        f.sources
                            .iter()
                            .filter(|s| s.kind == kind.id)
                            .map(|s| source_view(framework, f, s))
                    })
                    .collect();
                if !sources.is_empty() {
                    let mut cited: Vec<(&str, crate::date::Date)> = framework
                        .descriptors_of(&j.judgement)
                        .filter_map(|d| evidence.finding(&d.id))
                        .flat_map(|f| f.sources.iter().filter(|s| s.kind == kind.id))
                        .map(|s| (s.title.as_str(), s.date))
                        .collect();
                    cited.sort();
                    cited.dedup();
                    let first = cited.iter().map(|(_, d)| *d).min();
                    let last = cited.iter().map(|(_, d)| *d).max();
                    let dates = match (first, last) {
                        (Some(a), Some(b)) if a.month_year() == b.month_year() => a.month_year(),
                        (Some(a), Some(b)) => format!("{} to {}", a.month_year(), b.month_year()),
                        _ => String::new(),
                    };
                    sources_by_kind.push(SourceGroup {
                        kind: kind.label.clone(),
                        sources,
                        count: cited.len(),
                        dates,
                    });
                }
            }
            let open: Vec<&(&Action, Vec<String>)> = open_actions
                .iter()
                .filter(|(_, js)| js.contains(&j.judgement))
                .collect();
            // Those set out in another chapter, by that chapter.
            let mut also: Vec<AlsoView> = Vec::new();
            for (x, js) in open.iter().filter(|(_, js)| js[0] != j.judgement) {
                let chapter = a
                    .judgements
                    .iter()
                    .find(|o| o.judgement == js[0])
                    .map_or_else(|| js[0].clone(), |o| o.title.clone());
                match also.iter_mut().find(|v| v.chapter == chapter) {
                    Some(v) => v.ids.push(x.id.clone()),
                    None => also.push(AlsoView {
                        ids: vec![x.id.clone()],
                        chapter,
                    }),
                }
            }
            Chapter {
                id: j.judgement.clone(),
                title: j.title.clone(),
                short_title: judgement.map_or_else(|| j.title.clone(), |x| x.short_title.clone()),
                evaluation: evidence.evaluation(&j.judgement).map(|e| EvaluationView {
                    grade: words::own_grade(evidence, &e.judgement).unwrap_or_default(),
                    overview: paragraphs(&e.overview),
                }),
                grade: j.grade_label.clone(),
                based_on: format!("based on {} of {} areas", j.based_on.written, j.based_on.of),
                last_inspection: j.last_inspection.clone(),
                reasons: j.reasons.iter().take(3).map(|r| r.short.clone()).collect(),
                findings,
                sources_by_kind,
                indicators: a
                    .indicators
                    .iter()
                    .filter(|i| i.judgement == j.judgement)
                    .filter_map(|i| indicator_row(a, framework, evidence, &i.indicator))
                    .collect(),
                published_years: published_years(a, &j.judgement),
                chart: chart::of(
                    &a.comparator_area,
                    &a.indicators
                        .iter()
                        .filter(|i| i.judgement == j.judgement)
                        .filter_map(|i| {
                            Some(chart::Figures {
                                name: &i.title,
                                unit: framework.indicator(&i.indicator)?.unit,
                                values: [i.value, i.comparator, i.previous],
                            })
                        })
                        .collect::<Vec<_>>(),
                ),
                actions: open
                    .iter()
                    .filter(|(_, js)| js[0] == j.judgement)
                    .map(|(x, _)| action_row(evidence, x))
                    .collect(),
                also,
                gaps: a
                    .gaps
                    .iter()
                    .filter(|g| g.judgement.as_deref() == Some(j.judgement.as_str()))
                    .take(CHAPTER_GAPS)
                    .map(|g| g.text.clone())
                    .collect(),
                patterns: a
                    .patterns
                    .iter()
                    .filter(|p| p.judgements.contains(&j.judgement))
                    .map(|p| PatternView {
                        title: p.title.clone(),
                        kind: words::pattern_kind(p.kind, p.effect).to_string(),
                        found: one_line(&p.found),
                        signs: p.signs.clone(),
                        precedents: p
                            .precedents
                            .iter()
                            .map(|x| PrecedentView {
                                report: x.report.clone(),
                                paragraph: x.paragraph,
                                grade: x
                                    .grade
                                    .as_deref()
                                    .map(|g| framework.grade_label(g))
                                    .unwrap_or_else(|| "not graded".to_string()),
                                quote: x.quote.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();

    let summary = Summary {
        dashboard: a
            .judgements
            .iter()
            .map(|j| {
                // Its key figures: those the council chose, in its order; else
                // two with a value, those with a national figure to set them
                // against first, in the framework's order.
                let chosen: Vec<&crate::assess::IndicatorResult> = evidence
                    .evaluation(&j.judgement)
                    .map(|e| e.key_indicators.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|id| a.indicators.iter().find(|i| &i.indicator == id))
                    .collect();
                let figures: Vec<&crate::assess::IndicatorResult> = if chosen.is_empty() {
                    let mut some: Vec<&crate::assess::IndicatorResult> = a
                        .indicators
                        .iter()
                        .filter(|i| i.judgement == j.judgement && i.value.is_some())
                        .collect();
                    some.sort_by_key(|i| i.comparator.is_none());
                    some.truncate(DASHBOARD_FIGURES);
                    some
                } else {
                    chosen
                };
                DashboardRow {
                    // The short title: the dashboard is a glance.
                    title: framework
                        .judgement(&j.judgement)
                        .map_or_else(|| j.title.clone(), |x| x.short_title.clone()),
                    own: words::own_grade(evidence, &j.judgement).unwrap_or_else(|| "Not given".to_string()),
                    last_inspection: j.last_inspection.clone().unwrap_or_else(|| "–".to_string()),
                    indicators: figures.iter().filter_map(|i| dashboard_figure(framework, i)).collect(),
                }
            })
            .collect(),
        grades: a
            .judgements
            .iter()
            .map(|j| SummaryGrade {
                judgement: j.title.clone(),
                grade: j.grade_label.clone(),
                reason: j.why.clone(),
            })
            .collect(),
        overall: match &a.overall {
            Some(o) => SummaryGrade {
                judgement: "Overall effectiveness".to_string(),
                grade: o.grade_label.clone(),
                reason: o.reasons.first().map(|r| r.text.clone()).unwrap_or_default(),
            },
            None => SummaryGrade {
                judgement: "Overall effectiveness".to_string(),
                grade: not_graded_under(framework),
                reason: String::new(),
            },
        },
        strengths: strongest(a),
        priorities: a.gaps.iter().take(SUMMARY_PRIORITIES).map(|g| g.text.clone()).collect(),
    };

    let last_year: Vec<&Action> = evidence
        .actions
        .iter()
        .filter(|x| !x.status.is_open() || x.due <= evidence.period.end)
        .collect();
    let rows = |keep: &dyn Fn(ActionStatus) -> bool| -> Vec<ActionRow> {
        last_year
            .iter()
            .filter(|x| keep(x.status))
            .map(|x| action_row(evidence, x))
            .collect()
    };
    let continuing: Vec<ContinuingView> = open_actions
        .iter()
        .filter_map(|(x, js)| {
            let home = js.first()?;
            Some(ContinuingView {
                id: x.id.clone(),
                chapter: framework
                    .judgement(home)
                    .map_or_else(|| home.clone(), |j| j.short_title.clone()),
            })
        })
        .collect();
    let outcomes: [(&'static str, &dyn Fn(ActionStatus) -> bool); 4] = [
        ("Achieved", &|s| s == ActionStatus::Achieved),
        ("Partially achieved", &|s| s == ActionStatus::PartiallyAchieved),
        ("Not achieved", &|s| {
            matches!(s, ActionStatus::NotStarted | ActionStatus::InProgress)
        }),
        ("Dropped", &|s| s == ActionStatus::Dropped),
    ];
    // Each outcome's actions, made once: the groups and the one list of rows.
    let groups: [Vec<ActionRow>; 4] = outcomes.map(|(_, keep)| rows(keep));
    let rows: Vec<ProgressRow> = outcomes
        .iter()
        .zip(&groups)
        .flat_map(|((outcome, _), group)| group.iter().cloned().map(|action| ProgressRow { outcome, action }))
        .collect();
    let [achieved, partially_achieved, not_achieved, dropped] = groups;
    let progress = Progress {
        achieved,
        partially_achieved,
        not_achieved,
        dropped,
        rows,
        total: last_year.len(),
        planned: evidence.actions.len(),
    };

    let mut sources: Vec<SourceIndexRow> = Vec::new();
    for f in &evidence.findings {
        let judgement = framework
            .descriptor(&f.descriptor)
            .and_then(|d| framework.judgement(&d.judgement))
            .map_or_else(String::new, |j| j.short_title.clone());
        for s in &f.sources {
            let view = source_view(framework, f, s);
            match sources
                .iter_mut()
                .find(|x| x.title == view.title && x.date == view.date && x.kind == view.kind)
            {
                Some(row) => {
                    row.cited_by.push_str("; ");
                    row.cited_by.push_str(&view.descriptor);
                    row.showed.push(format!("{}: {}", view.descriptor, view.showed));
                    if !row.judgements.split("; ").any(|j| j == judgement) {
                        row.judgements.push_str("; ");
                        row.judgements.push_str(&judgement);
                    }
                }
                None => sources.push(SourceIndexRow {
                    showed: vec![format!("{}: {}", view.descriptor, view.showed)],
                    judgements: judgement.clone(),
                    title: view.title,
                    kind: view.kind,
                    date: view.date,
                    cited_by: view.descriptor,
                }),
            }
        }
    }
    sources.sort_by_key(|x| x.title.to_lowercase());

    let council = evidence.council.clone();
    let title = "Self-evaluation of social work practice".to_string();
    let period_short = evidence.period.start.years_to(evidence.period.end);
    let missing = missing(evidence);
    // An unfinished document says so at the head of every page.
    let marking = match (missing.is_empty(), one_line(&evidence.marking)) {
        (true, m) => m,
        (false, m) if m.is_empty() => DRAFT.to_string(),
        (false, m) => format!("{DRAFT}. {m}"),
    };
    let properties = Properties {
        title: format!("{council}: {title}, {period_short}"),
        council: council.clone(),
        subject: format!("Self-evaluation for Ofsted (ILACS), {}", words::period(evidence)),
        marking: marking.clone(),
        date: evidence.prepared_on,
    };
    Report {
        council,
        title,
        period: words::period(evidence),
        period_short,
        framework_id: framework.id.clone(),
        framework_title: framework.title.clone(),
        date: evidence.prepared_on.long(),
        prepared_by: one_line(&evidence.prepared_by),
        marking,
        protective_marking: one_line(&evidence.marking),
        missing,
        comparator_area: a.comparator_area.clone(),
        benchmarks: benchmarks_view(evidence, published),
        executive_summary: ExecutiveSummaryView {
            written: evidence.executive_summary.is_written(),
            where_we_are: paragraphs(&evidence.executive_summary.where_we_are),
            strengths: evidence
                .executive_summary
                .strengths
                .iter()
                .map(|s| one_line(s))
                .collect(),
            priorities: evidence
                .executive_summary
                .priorities
                .iter()
                .map(|s| one_line(s))
                .collect(),
        },
        last_inspection: evidence.last_inspection.as_ref().map(|l| LastInspection {
            date: l.date.long(),
            grades: l
                .grades
                .iter()
                .map(|(j, g)| Labelled {
                    name: framework
                        .judgement(j)
                        .map_or_else(|| "Overall effectiveness".to_string(), |x| x.title.clone()),
                    value: framework.grade_label(g),
                })
                .collect(),
        }),
        summary,
        chapters,
        progress,
        continuing,
        comparison,
        appendix: Appendix {
            method: METHOD.iter().map(|p| p.to_string()).collect(),
            trends: trends(a, framework, evidence),
            descriptors: framework
                .descriptors
                .iter()
                .map(|d| DescriptorRow {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    judgement: framework
                        .judgement(&d.judgement)
                        .map_or_else(|| d.judgement.clone(), |j| j.short_title.clone()),
                    good: one_line(&d.good),
                })
                .collect(),
            sources,
        },
        grade_labels: framework.grades.iter().map(|g| g.label.clone()).collect(),
        rating_labels: framework.ratings.iter().map(|r| r.label.clone()).collect(),
        rating_scale: crate::text::or_list(
            &framework
                .ratings
                .iter()
                .map(|r| r.label.to_lowercase())
                .collect::<Vec<_>>(),
        ),
        properties,
    }
}

/// What an unfinished document is marked with.
pub const DRAFT: &str = "DRAFT";

/// What the council has still to write before the document is finished:
/// the parts of its executive summary, each judgement's evaluation, and the
/// areas with no finding, by judgement.
fn missing(evidence: &Evidence) -> Vec<String> {
    let framework = &evidence.framework;
    let summary = &evidence.executive_summary;
    let mut out = Vec::new();
    let unwritten: Vec<&str> = [
        ("where we are", summary.where_we_are.trim().is_empty()),
        ("our strengths", summary.strengths.is_empty()),
        ("our priorities", summary.priorities.is_empty()),
    ]
    .into_iter()
    .filter(|(_, blank)| *blank)
    .map(|(part, _)| part)
    .collect();
    if !unwritten.is_empty() {
        out.push(format!("The executive summary: {}.", words::list(&unwritten)));
    }
    if one_line(&evidence.prepared_by).is_empty() {
        out.push("Who prepared this self-evaluation.".to_string());
    }
    if evidence.last_inspection.is_none() {
        out.push("The date and grades of our last inspection.".to_string());
    }
    for j in framework
        .judgements
        .iter()
        .filter(|j| framework.descriptors_of(&j.id).next().is_some())
    {
        let evaluation = evidence.evaluation(&j.id);
        let own = match evaluation {
            None => Some("our evaluation"),
            Some(e) if e.grade.is_none() && e.overview.trim().is_empty() => Some("our evaluation"),
            Some(e) if e.grade.is_none() => Some("our own grade"),
            Some(e) if e.overview.trim().is_empty() => Some("our evaluation's overview"),
            Some(_) => None,
        };
        let areas: Vec<&str> = framework
            .descriptors_of(&j.id)
            .filter(|d| !evidence.finding(&d.id).is_some_and(Finding::is_written))
            .map(|d| d.title.as_str())
            .collect();
        let mut parts: Vec<String> = own.map(str::to_string).into_iter().collect();
        let total = framework.descriptors_of(&j.id).count();
        match areas.len() {
            0 => {}
            n if n == total => parts.push(format!("a finding for each of its {total} areas")),
            n => parts.push(format!("{n} of its {total} areas: {}", areas.join("; "))),
        }
        if !parts.is_empty() {
            out.push(format!("{}: {}.", j.title, parts.join("; ")));
        }
    }
    let figures: Vec<&str> = framework
        .indicators
        .iter()
        .filter(|i| evidence.indicator(&i.id).and_then(|v| v.value).is_none())
        .map(|i| i.title.as_str())
        .collect();
    match figures.len() {
        0 => {}
        n if n == framework.indicators.len() => out.push(format!("This year's figure for each of the {n} indicators.")),
        n if n <= 5 => out.push(format!("This year's figure for {}.", words::list(&figures))),
        n => out.push(format!(
            "This year's figure for {n} of the {} indicators.",
            framework.indicators.len()
        )),
    }
    if evidence.actions.is_empty() {
        out.push("Our improvement plan: no actions are recorded yet.".to_string());
    }
    out
}

/// The strongest areas: descriptors at the top level, best evidenced first,
/// then strengths seen in inspections.
fn strongest(a: &Assessment) -> Vec<String> {
    let mut out: Vec<String> = a
        .descriptors
        .iter()
        .filter(|d| d.score == Some(a.top_score))
        .map(|d| format!("{}: {}", d.title, d.evidence.summary))
        .collect();
    out.extend(
        a.patterns
            .iter()
            .filter(|p| p.kind == Kind::Strength)
            .map(|p| format!("{} (a strength seen in inspections)", p.title)),
    );
    out.truncate(SUMMARY_STRENGTHS);
    out
}

/// "England, region and neighbours are DfE's published figures for
/// 2024-25 and 31 March 2025, the latest published": each year the table's
/// figures are for, and which of them are older than the period.
fn published_years(a: &Assessment, judgement: &str) -> String {
    let mut years: Vec<(&str, bool)> = Vec::new();
    for b in a
        .indicators
        .iter()
        .filter(|i| i.judgement == judgement && i.value.is_some())
        .filter_map(|i| i.benchmarks.as_ref())
    {
        if !years.contains(&(b.phrase.as_str(), b.older)) {
            years.push((&b.phrase, b.older));
        }
    }
    if years.is_empty() {
        return String::new();
    }
    let all_older = years.iter().all(|(_, older)| *older);
    let labels: Vec<String> = years
        .iter()
        .map(|(label, older)| {
            if *older && !all_older {
                format!("{label} (the latest published)")
            } else {
                label.to_string()
            }
        })
        .collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    format!(
        "England, region and neighbours are DfE's published figures for {}{}.",
        words::list(&labels),
        if all_older { ", the latest published" } else { "" }
    )
}

/// Five years of each indicator DfE publishes, a chart each, by judgement.
fn trends(a: &Assessment, framework: &Framework, evidence: &Evidence) -> Vec<TrendGroup> {
    a.judgements
        .iter()
        .filter_map(|j| {
            let charts: Vec<Chart> = a
                .indicators
                .iter()
                .filter(|i| i.judgement == j.judgement)
                .filter_map(|i| {
                    let unit = framework.indicator(&i.indicator)?.unit;
                    let years: Vec<chart::Year> = i
                        .history
                        .iter()
                        .map(|y| chart::Year {
                            label: y.label.clone(),
                            values: [y.council, y.england, y.neighbours],
                        })
                        .collect();
                    chart::history(&i.title, unit, &evidence.council, &years)
                })
                .collect();
            (!charts.is_empty()).then(|| TrendGroup {
                title: framework
                    .judgement(&j.judgement)
                    .map_or_else(|| j.title.clone(), |x| x.short_title.clone()),
                charts,
            })
        })
        .collect()
}

fn benchmarks_view(evidence: &Evidence, published: &Published) -> BenchmarksView {
    let area = evidence
        .authority
        .as_ref()
        .and_then(|a| Some((a, published.area(&a.key)?)));
    let region = area
        .and_then(|(_, p)| p.region.as_deref())
        .and_then(|r| published.area(r))
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let neighbours = area
        .filter(|(_, p)| !p.neighbours.is_empty())
        .map(|(a, _)| format!("{}'s statistical neighbours", a.name))
        .unwrap_or_default();
    let mut about = format!(
        "Published figures are from the {SOURCE}, for the year each of our figures is for; where DfE publishes no figure for an indicator, England's is the latest national figure known to selfeval. {ATTRIBUTION}"
    );
    match evidence.authority.as_ref() {
        Some(a) if !a.own => about.push_str(&format!(
            " The region and statistical neighbours are those of {}, whose comparators we use.",
            a.name
        )),
        Some(a) => about.push_str(&format!(
            " Statistical neighbours are the ten authorities most like {} in DfE's 2025 statistical neighbour model, averaged over those with a published figure.",
            a.name
        )),
        None => {}
    }
    BenchmarksView {
        region,
        neighbours,
        about,
    }
}

/// How the assessment is made, for the appendix: a council reader's version
/// of docs/assessment.md.
const METHOD: &[&str] = &[
    "Each finding's evidence is rated by how many sources it rests on, of how many kinds, whether they triangulate what the data says, what practice shows and what children, families and staff say, how recent the newest is, and whether the difference to children is stated. That says how sure each level below is, not what it is.",
    "Each indicator is compared with England's figure for the year it is for (DfE's published figure where there is one) and last year's value, allowing for whether higher or lower is better; the region and statistical neighbours are shown beside it.",
    "Every sentence of our findings is read by a language model learned from 259 published Ofsted inspection reports, which weighs how its words go with each grade in the way inspectors write. The level each area's evidence supports is what its own sentences read as, capped where its indicators are worse than England or a risk seen in inspections shows; our own rating is set against that level.",
    "The indicative grade for each judgement is what the sentences of all its written findings read as together, brought down where a limit holds: a risk that inspection reports show almost only below Good, or leaders rating their own practice far above what their evidence supports. Areas with no finding yet are left out, and each grade says how many areas it rests on. The sentences that decided a grade are quoted with the words that most tell.",
    "The evidence is also checked against patterns that recur in published inspection reports; each cites the report, paragraph and grade it was seen with, and what it does to a grade follows from how often the reports show it at each grade.",
    "The indicative grades are a structured second opinion on our evidence, not a prediction of an inspection. The language model and the pattern counts contain public sector information licensed under the Open Government Licence v3.0.",
];
