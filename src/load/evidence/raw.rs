//! The council's files as written. Required fields are `Option`s so that a
//! missing one is reported by the validator with a hint, alongside every
//! other problem, instead of stopping serde.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::date::Date;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawCouncil {
    pub council: Option<Spanned<String>>,
    pub la_code: Option<Spanned<String>>,
    pub comparators_of: Option<Spanned<String>>,
    pub framework: Option<Spanned<String>>,
    pub prepared_by: Option<Spanned<String>>,
    pub prepared_on: Option<Spanned<Date>>,
    pub marking: Option<Spanned<String>>,
    pub previous: Option<Spanned<String>>,
    pub period: Option<Spanned<RawPeriod>>,
    pub last_inspection: Option<Spanned<RawInspection>>,
    pub personal_data: Option<Spanned<RawPersonalData>>,
    pub executive_summary: Option<Spanned<RawExecutiveSummary>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawExecutiveSummary {
    pub where_we_are: Option<Spanned<String>>,
    pub strengths: Option<Spanned<Vec<Spanned<String>>>>,
    pub priorities: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPersonalData {
    #[serde(default)]
    pub reference_formats: Vec<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawInspection {
    pub date: Option<Spanned<Date>>,
    #[serde(default)]
    pub grades: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFindings {
    pub evaluation: Option<Spanned<RawEvaluation>>,
    #[serde(default)]
    pub finding: Vec<Spanned<RawFinding>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawEvaluation {
    pub grade: Option<Spanned<String>>,
    pub overview: Option<Spanned<String>>,
    pub key_indicators: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawFinding {
    pub descriptor: Option<Spanned<String>>,
    pub rating: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub impact: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub kind: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<Date>>,
    pub showed: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawIndicators {
    #[serde(default)]
    pub indicator: Vec<Spanned<RawIndicatorValue>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawIndicatorValue {
    pub id: Option<Spanned<String>>,
    pub value: Option<Spanned<f64>>,
    pub previous: Option<Spanned<f64>>,
    pub target: Option<Spanned<f64>>,
    pub period: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawActions {
    #[serde(default)]
    pub action: Vec<Spanned<RawAction>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub id: Option<Spanned<String>>,
    #[serde(default)]
    pub descriptors: Vec<Spanned<String>>,
    pub action: Option<String>,
    pub owner: Option<String>,
    pub due: Option<Spanned<Date>>,
    pub status: Option<Spanned<String>>,
    pub origin: Option<Spanned<String>>,
    pub origin_ref: Option<String>,
    pub progress: Option<String>,
}
