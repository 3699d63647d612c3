//! Counting the inspection patterns across the corpus: in how many reports
//! each pattern's words appear, and under judgements of which grade. A
//! report's sentences are read exactly as a council's are (`assess::prose`:
//! not negated, not said to be over), so a count
//! says how often inspectors wrote what would show the pattern in a
//! council's evidence. The effect each pattern has follows from these counts
//! (`Rules::effect_of`); only the phrases are counted, since reports carry no
//! council's indicators or ratings.

use std::collections::BTreeMap;

use crate::assess::prose::{Sentence, markers};
use crate::model::corpus::Report;
use crate::model::framework::Framework;
use crate::model::language::{GRADES, LanguageModel, sentences};
use crate::model::library::{Pattern, Rules, Seen, Trigger};

/// Each pattern's reports by grade. A report counts once for a pattern,
/// under the grade of the first of the pattern's judgements whose section
/// says its words.
pub fn count(
    patterns: &[Pattern],
    rules: &Rules,
    model: &LanguageModel,
    reports: &[&Report],
    frameworks: &[Framework],
) -> BTreeMap<String, Seen> {
    let markers = markers(&rules.narrative.resolved_markers);
    let mut out: BTreeMap<String, Seen> = patterns.iter().map(|p| (p.id.clone(), Seen::default())).collect();
    for report in reports {
        let Some(framework) = frameworks.iter().find(|f| f.id == report.framework) else {
            continue;
        };
        let read: Vec<(&str, usize, Vec<Sentence>)> = report
            .sections
            .iter()
            .filter_map(|s| {
                let grade = GRADES.iter().position(|g| *g == s.grade)?;
                let text: Vec<&str> = s.paragraphs.iter().map(|(_, p)| p.as_str()).collect();
                let read = sentences(&text.join(" "))
                    .into_iter()
                    .map(|t| Sentence::new(t, model, &markers))
                    .collect();
                Some((s.judgement.as_str(), grade, read))
            })
            .collect();
        for p in patterns.iter().filter(|p| p.applies_to(framework)) {
            let says = |read: &[Sentence]| {
                p.triggers.iter().any(|t| match t {
                    Trigger::Phrases { phrases, .. } => read.iter().any(|s| s.says(phrases).is_some()),
                    _ => false,
                })
            };
            let first = p.judgements_in(framework).into_iter().find_map(|j| {
                read.iter()
                    .find(|(judgement, _, read)| *judgement == j && says(read))
                    .map(|(_, grade, _)| *grade)
            });
            if let (Some(grade), Some(seen)) = (first, out.get_mut(&p.id)) {
                seen.reports[grade] += 1;
            }
        }
    }
    out
}

/// The counts as their file: a header, then a row per pattern in id order.
pub fn file(counts: &BTreeMap<String, Seen>, about: &[String]) -> String {
    let mut out = String::new();
    for line in about {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    for (id, seen) in counts {
        let cells: Vec<String> = seen.reports.iter().map(u32::to_string).collect();
        out.push_str(&format!("{id}\t{}\n", cells.join("\t")));
    }
    out
}

/// What the counts file says of itself.
pub fn about(reports: usize) -> Vec<String> {
    vec![
        "Where each of selfeval's inspection patterns is seen in the corpus: in how many reports a".to_string(),
        format!(
            "sentence says its words, of {reports} ILACS inspection reports, counted by `selfeval learn`. A report counts"
        ),
        "once, under the grade of the first of the pattern's judgements where it is seen; a sentence".to_string(),
        "counts only as a council's would (not negated, not said to be over).".to_string(),
        "What each pattern does follows from these counts (frameworks/assessment.toml, [patterns.effect]).".to_string(),
        crate::model::corpus::ATTRIBUTION.to_string(),
        "Columns: the pattern, then its reports graded inadequate, requires improvement, good, outstanding."
            .to_string(),
    ]
}
