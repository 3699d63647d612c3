//! The assessment rules (`frameworks/assessment.toml`): every threshold,
//! weight and limit the assessment uses, kept as data so a council can read
//! and question them. Read strictly, like every other file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::framework::{Choice, Framework, Strand, Unit};
use crate::tomlfile;

pub const FILE: (&str, &str) = ("assessment.toml", include_str!("../../frameworks/assessment.toml"));

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The rating words as levels, weakest first: their position is their value.
    pub levels: Vec<String>,
    /// The grade scale, best first.
    pub grade_scale: Vec<String>,
    pub evidence: EvidenceRules,
    pub narrative: NarrativeRules,
    pub patterns: PatternRules,
    pub indicators: IndicatorRules,
    pub descriptors: DescriptorRules,
    pub grades: GradeRules,
    pub overall: OverallRules,
    pub gaps: BTreeMap<String, f64>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRules {
    #[serde(deserialize_with = "strands")]
    pub triangulate: Vec<Strand>,
    pub stale_after_months: u32,
    /// Best level first.
    pub level: Vec<EvidenceLevelRule>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct EvidenceLevelRule {
    pub level: String,
    pub min_sources: usize,
    pub min_kinds: usize,
    pub min_strands: usize,
    pub triangulated: bool,
    pub newest_within_months: u32,
    pub impact_stated: bool,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct NarrativeRules {
    pub resolved_markers: Vec<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PatternRules {
    pub strength_needs_specific_sign: bool,
    pub self_awareness_min_rated: usize,
    /// The judgement whose reasons include the self-awareness figures.
    pub self_awareness_judgement: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRules {
    pub band: Vec<Band>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(deserialize_with = "unit")]
    pub unit: Unit,
    pub similar_within: f64,
    pub measure: BandMeasure,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub enum BandMeasure {
    /// Absolute difference in the indicator's unit (percentage points).
    Points,
    /// Difference as a percentage of the figure compared with.
    Percent,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct DescriptorRules {
    pub unwritten_level: String,
    pub unrated_level: String,
    pub flag_pattern_caps_at: String,
    pub limit_pattern_caps_at: String,
    pub key: Vec<String>,
    pub key_weight: f64,
    pub indicator_cap: Vec<IndicatorCap>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct IndicatorCap {
    pub worse_at_least: usize,
    pub caps_at: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct GradeRules {
    pub strength_pattern_bonus: f64,
    pub strength_bonus_max: f64,
    pub risk_pattern_penalty: f64,
    pub risk_penalty_max: f64,
    /// Patterns move the score only if their precedents point that way
    /// relative to this grade.
    pub seen_at: String,
    /// The lowest grade the pattern adjustment alone can bring a score to.
    pub pattern_floor: String,
    /// Best grade first.
    pub threshold: Vec<Threshold>,
    pub limit: Vec<Limit>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub grade: String,
    pub min_score: f64,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub when: LimitWhen,
    /// The judgements it applies to; all when empty.
    #[serde(default)]
    pub judgements: Vec<String>,
    #[serde(default)]
    pub descriptors: Vec<String>,
    pub level: Option<String>,
    pub steps: Option<usize>,
    /// The best grade the judgement can have while the limit holds (not
    /// for `above-weakest-judgement`, which works it out).
    pub grade: Option<String>,
    pub reason: String,
    pub basis: String,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub enum LimitWhen {
    DescriptorAtMost,
    AnyDescriptorAtMost,
    NoStrengthPattern,
    AnyRiskPattern,
    AboveWeakestJudgement,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct OverallRules {
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    pub inadequate_if_any_inadequate: bool,
}

fn strands<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Strand>, D::Error> {
    let words: Vec<String> = Vec::deserialize(d)?;
    words
        .iter()
        .map(|w| Strand::from_text(w).ok_or_else(|| serde::de::Error::custom(format!("unknown strand `{w}`"))))
        .collect()
}

fn unit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
    let word = String::deserialize(d)?;
    Unit::from_text(&word).ok_or_else(|| serde::de::Error::custom(format!("unknown unit `{word}`")))
}

/// Every kind of gap the assessment lists, each needing its points in `[gaps]`.
pub const GAP_KINDS: &[&str] = &[
    "limit-pattern",
    "over-rated",
    "no-finding",
    "no-sources",
    "risk-pattern",
    "worse-indicator",
    "overdue-action",
    "stale-evidence",
    "missing-indicator",
    "untriangulated",
    "no-impact",
    "no-rating",
];

impl Rules {
    pub fn builtin(diags: &mut Diagnostics) -> Option<Rules> {
        let source = SourceFile::new(format!("frameworks/{}", FILE.0), FILE.1);
        let rules: Rules = tomlfile::parse(&source, diags)?;
        for problem in rules.problems() {
            diags.push(Diagnostic::error(&source.path, problem));
        }
        (!diags.has_errors()).then_some(rules)
    }

    /// Names the rules use that they do not define, and units with no band.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut levels: Vec<&str> = vec![
            &self.descriptors.unwritten_level,
            &self.descriptors.unrated_level,
            &self.descriptors.flag_pattern_caps_at,
            &self.descriptors.limit_pattern_caps_at,
        ];
        levels.extend(self.evidence.level.iter().map(|l| l.level.as_str()));
        levels.extend(self.descriptors.indicator_cap.iter().map(|c| c.caps_at.as_str()));
        levels.extend(self.grades.limit.iter().filter_map(|l| l.level.as_deref()));
        for level in levels {
            if self.level(level).is_none() {
                out.push(format!("the level `{level}` is not in `levels`"));
            }
        }
        let mut grades: Vec<&str> = vec![&self.grades.seen_at, &self.grades.pattern_floor];
        grades.extend(self.grades.threshold.iter().map(|t| t.grade.as_str()));
        grades.extend(self.grades.limit.iter().filter_map(|l| l.grade.as_deref()));
        for grade in grades {
            if self.rank(grade).is_none() {
                out.push(format!("the grade `{grade}` is not in `grade_scale`"));
            }
        }
        for limit in &self.grades.limit {
            let needs = match limit.when {
                LimitWhen::DescriptorAtMost => (
                    limit.level.is_some() && !limit.descriptors.is_empty() && limit.grade.is_some(),
                    "`descriptors`, `level` and `grade`",
                ),
                LimitWhen::AnyDescriptorAtMost => {
                    (limit.level.is_some() && limit.grade.is_some(), "`level` and `grade`")
                }
                LimitWhen::NoStrengthPattern | LimitWhen::AnyRiskPattern => (limit.grade.is_some(), "`grade`"),
                LimitWhen::AboveWeakestJudgement => {
                    (limit.steps.is_some() && limit.grade.is_none(), "`steps` and no `grade`")
                }
            };
            if !needs.0 {
                out.push(format!("a limit of this kind (\"{}\") needs {}", limit.reason, needs.1));
            }
        }
        for unit in Unit::CHOICES {
            if self.band(unit.1).is_none() {
                out.push(format!("the unit `{}` has no `[[indicators.band]]`", unit.0));
            }
        }
        for kind in GAP_KINDS {
            if !self.gaps.contains_key(*kind) {
                out.push(format!("`[gaps]` has no points for `{kind}`"));
            }
        }
        for kind in self.gaps.keys() {
            if !GAP_KINDS.contains(&kind.as_str()) {
                out.push(format!("`[gaps]` names `{kind}`, which is not a kind of gap"));
            }
        }
        out
    }

    /// Whether a council's framework uses the scales the rules are written
    /// in; the assessment cannot translate other words.
    pub fn fits(&self, framework: &Framework) -> Result<(), crate::Error> {
        let mut ratings: Vec<&str> = framework.ratings.iter().map(|r| r.id.as_str()).collect();
        let mut grades: Vec<&str> = framework.grades.iter().map(|g| g.id.as_str()).collect();
        let mut levels: Vec<&str> = self.levels.iter().map(String::as_str).collect();
        let mut wanted_grades: Vec<&str> = self.grade_scale.iter().map(String::as_str).collect();
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
                self.levels.iter().rev().cloned().collect::<Vec<_>>().join(", ")
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
                self.grade_scale.join(", ")
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(crate::Error(format!(
                "the framework `{}` cannot be assessed: {}. The assessment rules (frameworks/assessment.toml) \
                 are written in the ILACS rating and grade words; keep those ids in your framework file \
                 (you may change their labels and meanings).",
                framework.id,
                problems.join("; ")
            )))
        }
    }

    /// A level's value: 0 for the weakest.
    pub fn level(&self, id: &str) -> Option<u8> {
        let wanted = crate::framework::normalise(id);
        self.levels.iter().position(|l| *l == wanted).map(|p| p as u8)
    }

    pub fn level_id(&self, value: u8) -> &str {
        &self.levels[usize::from(value).min(self.levels.len() - 1)]
    }

    pub fn top_level(&self) -> u8 {
        (self.levels.len() - 1) as u8
    }

    /// A grade's position: 0 for the best.
    pub fn rank(&self, grade: &str) -> Option<usize> {
        let wanted = crate::framework::normalise(grade);
        self.grade_scale.iter().position(|g| *g == wanted)
    }

    pub fn worst_rank(&self) -> usize {
        self.grade_scale.len() - 1
    }

    pub fn band(&self, unit: Unit) -> Option<&Band> {
        self.indicators.band.iter().find(|b| b.unit == unit)
    }

    pub fn gap_points(&self, kind: &str) -> f64 {
        self.gaps.get(kind).copied().unwrap_or_default()
    }

    pub fn is_key(&self, descriptor: &str) -> bool {
        self.descriptors.key.iter().any(|k| k == descriptor)
    }
}
