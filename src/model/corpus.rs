//! The corpus of real inspection reports the assessment learns from
//! (`../shared/corpus/ilacs/`): each report's judgements with the grades
//! inspectors gave, and the numbered paragraphs written under each.

/// Contains public sector information licensed under the Open Government
/// Licence v3.0: said wherever something derived from the corpus is shipped.
pub const ATTRIBUTION: &str = "Contains public sector information licensed under the Open Government Licence v3.0.";

#[derive(Debug, Clone)]
pub struct Report {
    /// The report's file, relative to the corpus folder ("reports/x-2019.txt").
    pub file: String,
    /// The local authority inspected: reports of one authority are kept
    /// together when the model is tested on ones it has not seen.
    pub la: String,
    /// The framework it was inspected under, e.g. "ilacs-2018".
    pub framework: String,
    pub fieldwork_end: String,
    /// Overall effectiveness, where the framework grades it.
    pub overall: Option<String>,
    /// The opening summary, before the first judgement, in paragraphs.
    pub summary: Vec<String>,
    /// One per judgement, in the report's order.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The judgement's id in the report's framework: "leaders",
    /// "help-protection", "children-in-care", "care-leavers".
    pub judgement: String,
    /// The grade's id: "outstanding", "good", "requires-improvement" or
    /// "inadequate".
    pub grade: String,
    /// The numbered paragraphs, without their numbers.
    pub paragraphs: Vec<(u32, String)>,
}
