//! The assessment rules (`frameworks/assessment.toml`): every threshold,
//! weight and limit the assessment uses, kept as data so a council can read
//! and question them. Read strictly, like every other file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, SourceFile};
use crate::framework::{Strand, Unit};
use crate::tomlfile;

pub const FILE: (&str, &str) = ("assessment.toml", include_str!("../../frameworks/assessment.toml"));

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Rules {
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
    pub stale_after_months: i32,
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
    pub newest_within_months: i32,
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
    use crate::framework::Choice;
    let words: Vec<String> = Vec::deserialize(d)?;
    words
        .iter()
        .map(|w| Strand::from_text(w).ok_or_else(|| serde::de::Error::custom(format!("unknown strand `{w}`"))))
        .collect()
}

fn unit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
    use crate::framework::Choice;
    let word = String::deserialize(d)?;
    Unit::from_text(&word).ok_or_else(|| serde::de::Error::custom(format!("unknown unit `{word}`")))
}

impl Rules {
    pub fn builtin(diags: &mut Diagnostics) -> Option<Rules> {
        let source = SourceFile::new(format!("frameworks/{}", FILE.0), FILE.1);
        let rules: Rules = tomlfile::parse(&source, diags)?;
        (!diags.has_errors()).then_some(rules)
    }

    pub fn band(&self, unit: Unit) -> Option<&Band> {
        self.indicators.band.iter().find(|b| b.unit == unit)
    }

    pub fn gap_points(&self, kind: &str) -> f64 {
        self.gaps.get(kind).copied().unwrap_or(1.0)
    }

    pub fn is_key(&self, descriptor: &str) -> bool {
        self.descriptors.key.iter().any(|k| k == descriptor)
    }
}
