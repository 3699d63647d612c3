//! Reading the assessment's library: the rules (`frameworks/assessment.toml`)
//! and the pattern library (`frameworks/patterns/*.toml`), strictly, like
//! every other file, with every name they use checked. A problem in them is
//! selfeval's, not the council's, so it is reported as a bug with its file
//! and line. And whether a council's framework fits the rules: the
//! assessment cannot translate rating and grade words it is not written in.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::toml as tomlfile;
use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::error::Error;
use crate::model::framework::{Choice, Framework, Unit};
use crate::model::library::{
    Band, Effect, GapKind, IndicatorTest, Kind, Library, LimitWhen, Pattern, Phrase, Precedent, Rules, Seen, Trigger,
};

const RULES: (&str, &str) = ("assessment.toml", include_str!("../../frameworks/assessment.toml"));

/// Built-in pattern files, in the order `selfeval patterns` lists them.
const PATTERNS: &[(&str, &str)] = &[
    ("leaders.toml", include_str!("../../frameworks/patterns/leaders.toml")),
    (
        "help-and-protection.toml",
        include_str!("../../frameworks/patterns/help-and-protection.toml"),
    ),
    (
        "children-in-care.toml",
        include_str!("../../frameworks/patterns/children-in-care.toml"),
    ),
    (
        "care-leavers.toml",
        include_str!("../../frameworks/patterns/care-leavers.toml"),
    ),
];

/// The documents precedents cite (`frameworks/patterns/reports.toml`).
const REPORTS: (&str, &str) = ("reports.toml", include_str!("../../frameworks/patterns/reports.toml"));

/// Quotes from inspection reports stay short: a precedent, not a copy.
const MAX_QUOTE_WORDS: usize = 25;

/// The built-in rules and patterns.
pub fn library() -> Result<Library, Error> {
    let rules = rules()?;
    let patterns = patterns(&rules)?;
    let language = super::language_model()?;
    Ok(Library {
        rules,
        patterns,
        language,
        published: super::published::published()?,
    })
}

/// The built-in rules alone: what loading the council's evidence needs of
/// them (how old a source may be) before the patterns are read.
pub fn rules() -> Result<Rules, Error> {
    let mut diags = Diagnostics::default();
    let source = SourceFile::new(format!("frameworks/{}", RULES.0), RULES.1);
    let rules = tomlfile::parse::<Rules>(&source, &mut diags);
    if let Some(rules) = &rules {
        for problem in problems(rules) {
            diags.push(Diagnostic::error(&source.path, problem));
        }
    }
    match rules {
        Some(rules) if !diags.has_errors() => Ok(rules),
        _ => Err(broken(&diags)),
    }
}

/// Where each pattern is seen across the corpus (`selfeval learn` writes it).
const COUNTS: (&str, &str) = (
    "pattern-counts.tsv",
    include_str!("../../frameworks/pattern-counts.tsv"),
);

/// The built-in pattern library, each pattern's effect following from
/// where the corpus shows it.
pub fn patterns(rules: &Rules) -> Result<Vec<Pattern>, Error> {
    let mut patterns = uncounted(rules)?;
    let problem = |p: String| {
        Error::Internal(format!(
            "the built-in pattern counts (frameworks/{}) do not fit the patterns (please report this): {p}",
            COUNTS.0
        ))
    };
    let counts = parse_counts(COUNTS.1).map_err(problem)?;
    if let Some(id) = counts.keys().find(|id| !patterns.iter().any(|p| &p.id == *id)) {
        return Err(problem(format!("`{id}` is not a pattern; run `selfeval learn` again")));
    }
    for p in &mut patterns {
        let seen = counts
            .get(&p.id)
            .ok_or_else(|| problem(format!("`{}` has no counts; run `selfeval learn` again", p.id)))?;
        p.count(rules, *seen);
    }
    Ok(patterns)
}

/// Pattern counts as `selfeval learn` writes them: `#` lines, then a row per
/// pattern: its id and the reports it is seen in by grade, worst first.
pub fn parse_counts(text: &str) -> Result<BTreeMap<String, Seen>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let [id, counts @ ..] = cells.as_slice() else { continue };
        let counts: Vec<u32> = counts
            .iter()
            .map(|c| {
                c.parse::<u32>()
                    .map_err(|_| format!("line {}: `{c}` is not a count", n + 1))
            })
            .collect::<Result<_, _>>()?;
        let reports: [u32; 4] = counts
            .try_into()
            .map_err(|_| format!("line {}: a pattern and 4 counts are 5 columns", n + 1))?;
        out.insert(id.to_string(), Seen { reports });
    }
    Ok(out)
}

/// The pattern library before its counts are read, each pattern noted: what
/// `selfeval learn` counts across the corpus. Checked against the rules'
/// grade scale: precedents record what Ofsted gave, whatever scale a
/// council's own framework uses.
pub fn uncounted(rules: &Rules) -> Result<Vec<Pattern>, Error> {
    let mut diags = Diagnostics::default();
    let reports = reports(&mut diags);
    let mut patterns: Vec<Pattern> = Vec::new();
    for (name, text) in PATTERNS {
        let source = SourceFile::new(format!("frameworks/patterns/{name}"), *text);
        read_patterns(&source, rules, &reports, &mut patterns, &mut diags);
    }
    if diags.has_errors() {
        return Err(broken(&diags));
    }
    Ok(patterns)
}

fn broken(diags: &Diagnostics) -> Error {
    Error::Internal(format!(
        "the built-in assessment rules or patterns are broken (please report this):\n{}",
        diags.render()
    ))
}

/// Names the rules use that they do not define, and units with no band.
fn problems(rules: &Rules) -> Vec<String> {
    let mut out = Vec::new();
    let mut levels: Vec<&str> = vec![
        &rules.descriptors.flag_pattern_caps_at,
        &rules.descriptors.limit_pattern_caps_at,
    ];
    levels.extend(rules.evidence.level.iter().map(|l| l.level.as_str()));
    levels.extend(rules.descriptors.indicator_cap.iter().map(|c| c.caps_at.as_str()));
    levels.extend(rules.grades.limit.iter().filter_map(|l| l.level.as_deref()));
    for level in levels {
        if rules.level(level).is_none() {
            out.push(format!("the level `{level}` is not in `levels`"));
        }
    }
    let mut grades: Vec<&str> = vec![&rules.grades.seen_at];
    grades.extend(rules.grades.limit.iter().filter_map(|l| l.grade.as_deref()));
    for grade in grades {
        if rules.rank(grade).is_none() {
            out.push(format!("the grade `{grade}` is not in `grade_scale`"));
        }
    }
    for limit in &rules.grades.limit {
        let needs = match limit.when {
            LimitWhen::DescriptorAtMost => (
                limit.level.is_some() && !limit.descriptors.is_empty() && limit.grade.is_some(),
                "`descriptors`, `level` and `grade`",
            ),
            LimitWhen::AnyDescriptorAtMost => (limit.level.is_some() && limit.grade.is_some(), "`level` and `grade`"),
            LimitWhen::FarOverRated => (
                limit.share.is_some_and(|s| (0.0..=1.0).contains(&s)) && limit.grade.is_some(),
                "`share` (0 to 1) and `grade`",
            ),
            LimitWhen::AboveWeakestJudgement => {
                (limit.steps.is_some() && limit.grade.is_none(), "`steps` and no `grade`")
            }
        };
        if !needs.0 {
            out.push(format!("a limit of this kind (\"{}\") needs {}", limit.reason, needs.1));
        }
    }
    for unit in Unit::CHOICES {
        if rules.band(unit.1).is_none() {
            out.push(format!("the unit `{}` has no `[[indicators.band]]`", unit.0));
        }
    }
    for (id, kind) in GapKind::CHOICES {
        if !rules.gaps.contains_key(kind) {
            out.push(format!("`[gaps]` has no points for `{id}`"));
        }
    }
    out
}

/// Whether a council's framework uses the scales the rules are written
/// in; the assessment cannot translate other words.
pub fn fits(rules: &Rules, framework: &Framework) -> Result<(), Error> {
    let mut ratings: Vec<&str> = framework.ratings.iter().map(|r| r.id.as_str()).collect();
    let mut grades: Vec<&str> = framework.grades.iter().map(|g| g.id.as_str()).collect();
    let mut levels: Vec<&str> = rules.levels.iter().map(String::as_str).collect();
    let mut wanted_grades: Vec<&str> = rules.grade_scale.iter().map(String::as_str).collect();
    ratings.sort_unstable();
    grades.sort_unstable();
    levels.sort_unstable();
    wanted_grades.sort_unstable();
    let mut problems = Vec::new();
    if ratings != levels {
        problems.push(format!(
            "its ratings are {} where the assessment needs {}",
            framework
                .ratings
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            rules.levels.iter().rev().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if grades != wanted_grades {
        problems.push(format!(
            "its grades are {} where the assessment needs {}",
            framework
                .grades
                .iter()
                .map(|g| g.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            rules.grade_scale.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "the framework `{}` cannot be assessed: {}. The assessment rules (frameworks/assessment.toml) \
             are written in the ILACS rating and grade words; keep those ids in your framework file \
             (you may change their labels and meanings).",
            framework.id,
            problems.join("; ")
        )))
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    pattern: Vec<Spanned<RawPattern>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: String,
    kind: Kind,
    title: String,
    judgements: Vec<String>,
    descriptors: Vec<String>,
    found: String,
    signs: String,
    needs: Option<usize>,
    #[serde(default)]
    trigger: Vec<RawTrigger>,
    #[serde(default)]
    precedent: Vec<Precedent>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    phrases: Option<Vec<String>>,
    #[serde(rename = "in")]
    within: Option<Vec<String>>,
    descriptor: Option<String>,
    rating_at_most: Option<String>,
    rating_at_least: Option<String>,
    evidence_at_most: Option<String>,
    evidence_at_least: Option<String>,
    indicator: Option<String>,
    worse_than_comparator_by: Option<f64>,
    band: Option<Band>,
    above: Option<f64>,
    below: Option<f64>,
    far_overrated_share_at_least: Option<f64>,
    accurate_share_at_least: Option<f64>,
    overdue_actions_at_least: Option<usize>,
}

impl RawTrigger {
    fn into_trigger(self) -> Result<Trigger, &'static str> {
        let forms = [
            self.phrases.is_some(),
            self.rating_at_most.is_some() || self.rating_at_least.is_some(),
            self.evidence_at_most.is_some() || self.evidence_at_least.is_some(),
            self.indicator.is_some(),
            self.far_overrated_share_at_least.is_some(),
            self.accurate_share_at_least.is_some(),
            self.overdue_actions_at_least.is_some(),
        ];
        if forms.iter().filter(|f| **f).count() != 1 {
            return Err(
                "each trigger takes exactly one form: phrases, a rating, an evidence level, an indicator, a self-awareness share or overdue actions",
            );
        }
        if let Some(phrases) = self.phrases {
            if phrases.is_empty() || phrases.iter().any(|p| p.trim().is_empty()) {
                return Err("`phrases` needs at least one non-empty phrase");
            }
            return Ok(Trigger::Phrases {
                phrases: phrases.iter().map(|p| Phrase::new(p)).collect(),
                within: self.within.unwrap_or_default(),
            });
        }
        if let Some(indicator) = self.indicator {
            let tests = [
                self.worse_than_comparator_by.map(IndicatorTest::WorseThanComparatorBy),
                self.band.map(IndicatorTest::Band),
                self.above.map(IndicatorTest::Above),
                self.below.map(IndicatorTest::Below),
            ];
            let mut given = tests.into_iter().flatten();
            return match (given.next(), given.next()) {
                (Some(test), None) => Ok(Trigger::Indicator { indicator, test }),
                _ => Err("an indicator trigger takes one of `worse_than_comparator_by`, `band`, `above`, `below`"),
            };
        }
        if self.rating_at_most.is_some() || self.rating_at_least.is_some() {
            let descriptor = self.descriptor.ok_or("a rating trigger names its `descriptor`")?;
            return Ok(Trigger::Rating {
                descriptor,
                at_most: self.rating_at_most,
                at_least: self.rating_at_least,
            });
        }
        if self.evidence_at_most.is_some() || self.evidence_at_least.is_some() {
            let descriptor = self.descriptor.ok_or("an evidence trigger names its `descriptor`")?;
            return Ok(Trigger::Evidence {
                descriptor,
                at_most: self.evidence_at_most,
                at_least: self.evidence_at_least,
            });
        }
        if let Some(at_least) = self.far_overrated_share_at_least {
            return Ok(Trigger::FarOverratedShare { at_least });
        }
        if let Some(at_least) = self.accurate_share_at_least {
            return Ok(Trigger::AccurateShare { at_least });
        }
        let at_least = self
            .overdue_actions_at_least
            .ok_or("a trigger needs one of its forms")?;
        Ok(Trigger::OverdueActions { at_least })
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawReports {
    report: Vec<Report>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct Report {
    document: String,
    title: String,
}

/// The documents precedents may cite.
pub(crate) fn reports(diags: &mut Diagnostics) -> Vec<Report> {
    let source = SourceFile::new(format!("frameworks/patterns/{}", REPORTS.0), REPORTS.1);
    tomlfile::parse::<RawReports>(&source, diags).map_or_else(Vec::new, |r| r.report)
}

/// Reads one pattern file into `patterns`, reporting every problem.
pub(crate) fn read_patterns(
    source: &SourceFile,
    rules: &Rules,
    reports: &[Report],
    patterns: &mut Vec<Pattern>,
    diags: &mut Diagnostics,
) {
    let Some(file) = tomlfile::parse::<RawFile>(source, diags) else {
        return;
    };
    for raw in file.pattern {
        let span = raw.span();
        let mut problems: Vec<String> = Vec::new();
        let mut r = raw.into_inner();
        if patterns.iter().any(|p| p.id == r.id) {
            problems.push("it is given twice".into());
        }
        let mut triggers = Vec::new();
        for t in std::mem::take(&mut r.trigger) {
            match t.into_trigger() {
                Ok(t) => triggers.push(t),
                Err(message) => problems.push(message.into()),
            }
        }
        let needs = r.needs.unwrap_or(1);
        let signs = independent_signs(&triggers);
        if needs == 0 || needs > signs {
            problems.push(format!(
                "it needs {needs} signs but has {signs} independent ones (all its phrase lists count as one): it could never show"
            ));
        }
        if !triggers.iter().any(|t| matches!(t, Trigger::Phrases { .. })) {
            problems.push("it has no phrases: a pattern is counted across the reports by its words".into());
        }
        if r.precedent.is_empty() {
            problems.push("it has no precedent: cite the report it was seen in".into());
        }
        for p in &mut r.precedent {
            let words = p.quote.split_whitespace().count();
            if words >= MAX_QUOTE_WORDS {
                problems.push(format!(
                    "the quote from {} is {words} words; keep quotes under {MAX_QUOTE_WORDS}",
                    p.document
                ));
            }
            if let Some(g) = &p.grade
                && rules.rank(g).is_none()
            {
                problems.push(format!(
                    "a precedent's grade `{g}` is not one of {}",
                    rules.grade_scale.join(", ")
                ));
            }
            match reports.iter().find(|x| x.document == p.document) {
                Some(report) => p.report = report.title.clone(),
                None => problems.push(format!("the precedent `{}` is not in reports.toml", p.document)),
            }
        }
        for message in problems {
            diags.push(
                Diagnostic::error(&source.path, format!("pattern `{}`: {message}", r.id)).at(source, span.clone()),
            );
        }
        patterns.push(Pattern {
            id: r.id,
            kind: r.kind,
            title: r.title,
            judgements: r.judgements,
            descriptors: r.descriptors,
            found: r.found,
            signs: r.signs,
            // Until the counts are read.
            effect: Effect::Noted,
            limit: None,
            seen: Seen::default(),
            needs,
            triggers,
            precedents: r.precedent,
            file: source.path.display().to_string(),
        });
    }
}

/// How many signs can hold at once: words in a council's narrative are one
/// sign however many phrase lists they match, so that one sentence never
/// counts twice.
fn independent_signs(triggers: &[Trigger]) -> usize {
    let phrases = triggers.iter().filter(|t| matches!(t, Trigger::Phrases { .. })).count();
    triggers.len() - phrases + phrases.min(1)
}
