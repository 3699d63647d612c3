//! How well the assessment grades real councils: each report of the corpus
//! made into the evidence an over-optimistic council would keep (the report's
//! paragraphs as its findings, each under the descriptor it speaks to, each
//! rated `strong`, each with the same three recent sources), assessed with a
//! language model that never saw that authority (five folds, grouped by
//! authority), and its grades set against the inspectors'.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Settings, examples, folds, learn};
use crate::assess;
use crate::date::Date;
use crate::model::corpus::Report;
use crate::model::evidence::{Evidence, Finding, Lines, Origin, Period, Source};
use crate::model::framework::Framework;
use crate::model::language::sentences;
use crate::model::library::Library;
use crate::text::words;

pub const FOLDS: usize = 5;

/// One judgement of one report: the inspectors' grade, and the assessment's.
#[derive(Debug, Clone)]
pub struct Judged {
    pub file: String,
    /// A judgement id, or "overall-effectiveness".
    pub judgement: String,
    pub inspectors: String,
    /// `None` where the assessment gave no grade.
    pub assessed: Option<String>,
}

/// Every report graded by a model learned from the other folds.
pub fn cross_validate(
    reports: &[Report],
    frameworks: &[Framework],
    library: &Library,
    settings: Settings,
) -> Vec<Judged> {
    let fold_of = folds(reports, FOLDS);
    let mut out = Vec::new();
    for fold in 0..FOLDS {
        let train: Vec<&Report> = reports
            .iter()
            .zip(&fold_of)
            .filter(|(_, f)| **f != fold)
            .map(|(r, _)| r)
            .collect();
        let library = learned(&train, frameworks, library, settings);
        for (report, _) in reports.iter().zip(&fold_of).filter(|(_, f)| **f == fold) {
            out.extend(grade(report, frameworks, &library));
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

/// Reports written apart from the corpus (in a council's voice), graded by a
/// model learned from every corpus report of another authority.
pub fn held_out(
    reports: &[Report],
    corpus: &[Report],
    frameworks: &[Framework],
    library: &Library,
    settings: Settings,
) -> Vec<Judged> {
    let train: Vec<&Report> = corpus
        .iter()
        .filter(|c| !reports.iter().any(|r| r.la == c.la))
        .collect();
    let library = learned(&train, frameworks, library, settings);
    reports.iter().flat_map(|r| grade(r, frameworks, &library)).collect()
}

/// The library as `selfeval learn` would make it from `train` alone: its
/// language model, and each pattern's effect from where those reports show it.
fn learned(train: &[&Report], frameworks: &[Framework], library: &Library, settings: Settings) -> Library {
    let language = learn(&examples(train), settings, Vec::new());
    let counts = super::patterns::count(&library.patterns, &library.rules, &language, train, frameworks);
    let mut patterns = library.patterns.clone();
    for p in &mut patterns {
        p.count(&library.rules, counts.get(&p.id).copied().unwrap_or_default());
    }
    Library {
        language,
        patterns,
        rules: library.rules.clone(),
        published: library.published,
    }
}

/// A report's judgements, as the assessment grades its evidence.
fn grade(report: &Report, frameworks: &[Framework], library: &Library) -> Vec<Judged> {
    let Some(framework) = frameworks.iter().find(|f| f.id == report.framework) else {
        return Vec::new();
    };
    let evidence = evidence_of(report, framework);
    let assessment = assess::assess(&evidence, library);
    let mut out: Vec<Judged> = report
        .sections
        .iter()
        .map(|s| Judged {
            file: report.file.clone(),
            judgement: s.judgement.clone(),
            inspectors: s.grade.clone(),
            assessed: assessment
                .judgements
                .iter()
                .find(|j| j.judgement == s.judgement)
                .and_then(|j| j.grade.clone()),
        })
        .collect();
    if let Some(overall) = &report.overall {
        out.push(Judged {
            file: report.file.clone(),
            judgement: crate::model::evidence::OVERALL_EFFECTIVENESS.to_string(),
            inspectors: overall.clone(),
            assessed: assessment.overall.as_ref().map(|o| o.grade.clone()),
        });
    }
    out
}

/// The evidence an over-optimistic council would keep of what a report says.
pub fn evidence_of(report: &Report, framework: &Framework) -> Evidence {
    let end = fieldwork_end(report);
    let period = Period {
        start: end.months_before(12),
        end,
    };
    let profiles = Profiles::of(framework);
    // Each sentence under the descriptor it speaks to most, or, when its
    // words tell nothing, under its paragraph's.
    let mut by_descriptor: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for section in &report.sections {
        for (_, paragraph) in &section.paragraphs {
            let Some((whole, _)) = profiles.best(&section.judgement, paragraph) else {
                continue;
            };
            for sentence in sentences(paragraph) {
                let d = match profiles.best(&section.judgement, sentence) {
                    Some((d, score)) if score > 0.0 => d,
                    _ => whole,
                };
                by_descriptor.entry(d).or_default().push(sentence);
            }
        }
    }
    let source = |kind: &str, title: &str| Source {
        kind: kind.to_string(),
        title: title.to_string(),
        date: end.months_before(1),
        showed: String::new(),
        showed_at: Lines::default(),
    };
    let findings = framework
        .descriptors
        .iter()
        .filter_map(|d| {
            let paragraphs = by_descriptor.get(d.id.as_str())?;
            Some(Finding {
                descriptor: d.id.clone(),
                rating: Some("strong".to_string()),
                summary: paragraphs.join(" "),
                summary_at: Lines::default(),
                impact: String::new(),
                impact_at: Lines::default(),
                sources: vec![
                    source("performance-data", "Performance report"),
                    source("case-audit", "Case audit"),
                    source("child-family-feedback", "Feedback from children and families"),
                ],
                origin: Origin {
                    file: PathBuf::from(&report.file),
                    line: 0,
                },
            })
        })
        .collect();
    Evidence {
        authority: None,
        executive_summary: Default::default(),
        evaluations: Vec::new(),
        folder: PathBuf::from(&report.file),
        council: report.la.clone(),
        framework: framework.clone(),
        prepared_by: String::new(),
        prepared_on: end,
        marking: String::new(),
        period,
        previous: None,
        last_inspection: None,
        findings,
        indicators: Vec::new(),
        actions: Vec::new(),
    }
}

fn fieldwork_end(report: &Report) -> Date {
    Date::parse(&report.fieldwork_end).unwrap_or_else(|_| Date::new(2024, 3, 31).expect("a real day"))
}

/// What each descriptor is about, as words weighted by how much they tell
/// one descriptor from another: its title counting thrice, what good looks
/// like and a serious weakness once.
struct Profiles<'a> {
    framework: &'a Framework,
    words: Vec<BTreeMap<String, f64>>,
}

impl<'a> Profiles<'a> {
    fn of(framework: &'a Framework) -> Profiles<'a> {
        let counted: Vec<BTreeMap<String, f64>> = framework
            .descriptors
            .iter()
            .map(|d| {
                let mut m: BTreeMap<String, f64> = BTreeMap::new();
                for (text, weight) in [(&d.title, 3.0), (&d.good, 1.0), (&d.weakness, 1.0)] {
                    for w in words(text).into_iter().filter(|w| w.len() > 3) {
                        *m.entry(w).or_default() += weight;
                    }
                }
                m
            })
            .collect();
        let n = counted.len() as f64;
        let mut df: BTreeMap<&str, f64> = BTreeMap::new();
        for m in &counted {
            for w in m.keys() {
                *df.entry(w.as_str()).or_default() += 1.0;
            }
        }
        let words = counted
            .iter()
            .map(|m| {
                m.iter()
                    .map(|(w, c)| (w.clone(), c * (n / df[w.as_str()]).ln()))
                    .collect()
            })
            .collect();
        Profiles { framework, words }
    }

    /// The descriptor of `judgement` a paragraph speaks to most, if any of
    /// its words tell.
    fn best(&self, judgement: &str, paragraph: &str) -> Option<(&'a str, f64)> {
        let said = words(paragraph);
        let mut best: Option<(&str, f64)> = None;
        for (d, profile) in self.framework.descriptors.iter().zip(&self.words) {
            if d.judgement != judgement {
                continue;
            }
            let score: f64 = said.iter().filter_map(|w| profile.get(w)).sum();
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((d.id.as_str(), score));
            }
        }
        best
    }
}
