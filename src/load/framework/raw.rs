//! The framework files as written: every field optional, so that a later
//! version can give only what changed and the loader can say what is missing.

use serde::Deserialize;
use toml::Spanned;

use crate::date::Date;

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    pub id: Option<Spanned<String>>,
    pub extends: Option<Spanned<String>>,
    pub title: Option<String>,
    pub in_force_from: Option<Date>,
    pub in_force_to: Option<Date>,
    pub overall_effectiveness: Option<bool>,
    pub official_source: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub grade: Vec<Spanned<RawGrade>>,
    #[serde(default)]
    pub rating: Vec<Spanned<RawRating>>,
    #[serde(default)]
    pub source_kind: Vec<Spanned<RawSourceKind>>,
    #[serde(default)]
    pub judgement: Vec<Spanned<RawJudgement>>,
    #[serde(default)]
    pub descriptor: Vec<Spanned<RawDescriptor>>,
    #[serde(default)]
    pub indicator: Vec<Spanned<RawIndicator>>,
    #[serde(default)]
    pub remove_descriptors: Vec<Spanned<String>>,
    #[serde(default)]
    pub remove_judgements: Vec<Spanned<String>>,
    #[serde(default)]
    pub remove_indicators: Vec<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub id: Option<Spanned<String>>,
    pub label: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawRating {
    pub id: Option<Spanned<String>>,
    pub label: Option<String>,
    pub meaning: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawSourceKind {
    pub id: Option<Spanned<String>>,
    pub label: Option<String>,
    pub strand: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawJudgement {
    pub id: Option<Spanned<String>>,
    pub title: Option<String>,
    pub short_title: Option<String>,
    pub after: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawDescriptor {
    pub id: Option<Spanned<String>>,
    pub judgement: Option<Spanned<String>>,
    pub title: Option<String>,
    pub good: Option<String>,
    pub weakness: Option<String>,
    pub replaces: Option<Spanned<String>>,
    pub after: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Option<Spanned<String>>,
    pub title: Option<String>,
    pub short_title: Option<String>,
    pub definition: Option<String>,
    pub unit: Option<Spanned<String>>,
    pub polarity: Option<Spanned<String>>,
    pub period_type: Option<Spanned<String>>,
    pub descriptor: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawComparators {
    pub area: Option<String>,
    #[serde(default)]
    pub comparator: Vec<Spanned<RawComparator>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawComparator {
    pub indicator: Option<Spanned<String>>,
    pub value: Option<f64>,
    pub period: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}
