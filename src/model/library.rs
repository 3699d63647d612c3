//! The assessment's library: the rules (`frameworks/assessment.toml`), every
//! threshold, weight and limit the assessment uses, and the pattern library
//! (`frameworks/patterns/*.toml`), findings that recur in real inspection
//! reports with the reports they were seen in. Both are data a council can
//! read and question; `load::library` reads them strictly and checks that
//! every name they use is defined.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::framework::{Choice, Framework, Strand, Unit, choice};
use super::language::LanguageModel;
use crate::text::{normalise, words};

/// The rules, the patterns and the language model, read once and checked.
#[derive(Debug, Clone)]
pub struct Library {
    pub rules: Rules,
    pub patterns: Vec<Pattern>,
    pub language: LanguageModel,
    /// DfE's published figures, read once.
    pub published: &'static crate::model::published::Published,
}

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
    pub gaps: BTreeMap<GapKind, f64>,
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
    pub effect: EffectRules,
}

/// How a pattern's effect follows from the reports it is seen in.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct EffectRules {
    /// Seen in fewer reports than this, a pattern is only noted.
    pub min_reports: u32,
    /// A risk limits the grade to the best grade that at least this share
    /// of its reports reach, when that grade is below `grades.seen_at`.
    pub limit_share: f64,
    /// A risk seen at `seen_at` or better in no more than this share flags.
    pub flag_if_good_share_at_most: f64,
    /// A strength seen at `seen_at` or better in at least this share supports.
    pub support_if_good_share_at_least: f64,
}

/// In how many reports a pattern is seen, by grade, worst first (as
/// `model::language::GRADES`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Seen {
    pub reports: [u32; 4],
}

impl Seen {
    pub fn total(&self) -> u32 {
        self.reports.iter().sum()
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRules {
    pub band: Vec<IndicatorBand>,
}

/// How far from a figure still counts as similar, for one unit.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct IndicatorBand {
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
    /// A judgement is graded only when findings are written for at least
    /// this share of its descriptors, by weight.
    pub min_written_share: f64,
    /// ... and they hold at least this many sentences.
    pub min_sentences: usize,
    /// How much is added to a reading's score for Inadequate before the
    /// grade it reads as is taken: missing a service that fails children
    /// costs more than a false alarm.
    pub inadequate_margin: f64,
    /// Patterns count for or against a grade only if their precedents point
    /// that way relative to this grade.
    pub seen_at: String,
    pub limit: Vec<Limit>,
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
    /// For `far-over-rated`: the share of the council's ratings at which it holds.
    pub share: Option<f64>,
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
    FarOverRated,
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

choice!(
    /// Every kind of gap the assessment lists; each needs its points in `[gaps]`.
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    GapKind {
        LimitPattern = "limit-pattern",
        OverRated = "over-rated",
        NoFinding = "no-finding",
        NoSources = "no-sources",
        RiskPattern = "risk-pattern",
        WorseIndicator = "worse-indicator",
        OverdueAction = "overdue-action",
        StaleEvidence = "stale-evidence",
        MissingIndicator = "missing-indicator",
        Untriangulated = "untriangulated",
        NoImpact = "no-impact",
        NoRating = "no-rating",
    }
);

/// Better, similar or worse: an indicator against a comparator or last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    Better,
    Similar,
    Worse,
}

impl Band {
    pub fn word(self) -> &'static str {
        match self {
            Band::Better => "better",
            Band::Similar => "similar",
            Band::Worse => "worse",
        }
    }
}

impl Rules {
    /// A level's value: 0 for the weakest.
    pub fn level(&self, id: &str) -> Option<u8> {
        let wanted = normalise(id);
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
        let wanted = normalise(grade);
        self.grade_scale.iter().position(|g| *g == wanted)
    }

    pub fn worst_rank(&self) -> usize {
        self.grade_scale.len() - 1
    }

    pub fn band(&self, unit: Unit) -> Option<&IndicatorBand> {
        self.indicators.band.iter().find(|b| b.unit == unit)
    }

    pub fn gap_points(&self, kind: GapKind) -> f64 {
        self.gaps.get(&kind).copied().unwrap_or_default()
    }

    pub fn is_key(&self, descriptor: &str) -> bool {
        self.descriptors.key.iter().any(|k| k == descriptor)
    }

    /// A pattern's effect, and the grade it limits to, from where the
    /// reports show it. A risk limits the grade to the best grade that at
    /// least `limit_share` of its reports reach, when that is below
    /// `seen_at` (a risk seen almost only in Inadequate reports limits to
    /// Inadequate); otherwise one seen mostly below `seen_at` flags. A
    /// strength seen mostly at `seen_at` or better supports. Anything else,
    /// or anything seen too rarely to tell, is noted.
    pub fn effect_of(&self, kind: Kind, seen: Seen) -> (Effect, Option<String>) {
        let e = &self.patterns.effect;
        let total = seen.total();
        let Some(good) = self.rank(&self.grades.seen_at) else {
            return (Effect::Noted, None);
        };
        if total < e.min_reports {
            return (Effect::Noted, None);
        }
        // `seen` runs worst first; ranks run best first.
        let worst = self.worst_rank();
        let share_at_or_above = |rank: usize| {
            let n: u32 = (0..4)
                .filter(|k| worst.checked_sub(*k).is_some_and(|r| r <= rank))
                .map(|k| seen.reports[k])
                .sum();
            f64::from(n) / f64::from(total)
        };
        let good_share = share_at_or_above(good);
        match kind {
            Kind::Risk => {
                let limit = (0..=worst).find(|&r| share_at_or_above(r) >= e.limit_share - 1e-9);
                match limit {
                    Some(r) if r > good => (Effect::Limit, Some(self.grade_scale[r].clone())),
                    _ if good_share <= e.flag_if_good_share_at_most + 1e-9 => (Effect::Flag, None),
                    _ => (Effect::Noted, None),
                }
            }
            Kind::Strength if good_share >= e.support_if_good_share_at_least - 1e-9 => (Effect::Support, None),
            Kind::Strength => (Effect::Noted, None),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Pattern {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub judgements: Vec<String>,
    pub descriptors: Vec<String>,
    pub found: String,
    pub signs: String,
    /// What it does to a grade, from where the reports show it (`seen`)
    /// by the rules' `[patterns.effect]`: never set by hand.
    pub effect: Effect,
    /// For a pattern that limits: the best grade it allows.
    pub limit: Option<String>,
    /// In how many corpus reports its words appear, by the grade of the
    /// judgement they appear under.
    pub seen: Seen,
    pub needs: usize,
    pub triggers: Vec<Trigger>,
    pub precedents: Vec<Precedent>,
    /// Where it is written, e.g. "frameworks/patterns/leaders.toml".
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Risk,
    Strength,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// A risk to name; it caps the descriptors it shows in.
    Flag,
    /// A risk serious enough to cap the judgement's grade.
    Limit,
    /// A strength that supports a higher grade.
    Support,
    /// Shown, but it moves nothing: the reports do not tell which way it points.
    Noted,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precedent {
    /// The document's name as a reader knows it, from reports.toml.
    #[serde(default, skip_deserializing)]
    pub report: String,
    /// The document in reports.toml: a seed's file name, or a corpus
    /// report's path under the corpus folder ("reports/bradford-2018.txt").
    pub document: String,
    pub paragraph: u32,
    pub judgement: String,
    pub grade: Option<String>,
    pub quote: String,
}

/// One sign of a pattern in a council's evidence.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "sign", rename_all = "kebab-case")]
pub enum Trigger {
    /// Words in the findings' narrative (summary, impact, what sources showed).
    Phrases {
        phrases: Vec<Phrase>,
        within: Vec<String>,
    },
    /// The council's own rating of a descriptor.
    Rating {
        descriptor: String,
        at_most: Option<String>,
        at_least: Option<String>,
    },
    /// How well a descriptor's finding is evidenced.
    Evidence {
        descriptor: String,
        at_most: Option<String>,
        at_least: Option<String>,
    },
    Indicator {
        indicator: String,
        test: IndicatorTest,
    },
    FarOverratedShare {
        at_least: f64,
    },
    AccurateShare {
        at_least: f64,
    },
    OverdueActions {
        at_least: usize,
    },
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorTest {
    WorseThanComparatorBy(f64),
    Band(Band),
    Above(f64),
    Below(f64),
}

/// A phrase a pattern looks for, split into words once, when the library loads.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    /// `text` as `text::words` splits it, the way findings are split.
    pub words: Vec<String>,
}

impl Phrase {
    pub fn new(text: &str) -> Phrase {
        Phrase {
            text: text.to_string(),
            words: words(text),
        }
    }
}

impl Serialize for Phrase {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Pattern {
    /// The judgements of `framework` this pattern bears on: the ones it names
    /// that the framework has, else those its descriptors sit in (care
    /// leavers' patterns fall under children in care in ilacs-2018).
    pub fn judgements_in(&self, framework: &Framework) -> Vec<String> {
        let mut out: Vec<String> = self
            .judgements
            .iter()
            .filter(|j| framework.judgement(j).is_some())
            .cloned()
            .collect();
        if out.len() < self.judgements.len() {
            for d in self.descriptors_in(framework) {
                if let Some(descriptor) = framework.descriptor(&d) {
                    out.push(descriptor.judgement.clone());
                }
            }
        }
        framework
            .judgements
            .iter()
            .filter(|j| out.contains(&j.id))
            .map(|j| j.id.clone())
            .collect()
    }

    pub fn descriptors_in(&self, framework: &Framework) -> Vec<String> {
        self.descriptors.iter().filter_map(|d| framework.resolve(d)).collect()
    }

    /// Whether every descriptor and indicator it names exists in `framework`
    /// (directly or through `replaces`), so that it can be checked at all.
    pub fn applies_to(&self, framework: &Framework) -> bool {
        let descriptor_ok = |d: &String| framework.resolve(d).is_some();
        self.descriptors.iter().all(descriptor_ok)
            && self.triggers.iter().all(|t| match t {
                Trigger::Phrases { within, .. } => within.iter().all(descriptor_ok),
                Trigger::Rating { descriptor, .. } | Trigger::Evidence { descriptor, .. } => descriptor_ok(descriptor),
                Trigger::Indicator { indicator, .. } => framework.indicator(indicator).is_some(),
                _ => true,
            })
            && !self.judgements_in(framework).is_empty()
    }

    /// Where the corpus shows it, and so what it does.
    pub fn count(&mut self, rules: &Rules, seen: Seen) {
        (self.effect, self.limit) = rules.effect_of(self.kind, seen);
        self.seen = seen;
    }

    /// Whether a sign depends on the council's self-awareness, which is only
    /// known once the other patterns have fed the descriptor levels.
    pub fn needs_self_awareness(&self) -> bool {
        self.triggers
            .iter()
            .any(|t| matches!(t, Trigger::FarOverratedShare { .. } | Trigger::AccurateShare { .. }))
    }
}
