//! Wording more than one document or summary uses, said once.

use crate::model::evidence::Evidence;
use crate::model::framework::Framework;
use crate::model::library::{Effect, Kind};
use crate::text::one_line;

/// What stands in place of a grade the framework does not give:
/// "Not graded under ilacs-2026".
pub fn not_graded_under(framework: &Framework) -> String {
    format!("Not graded under {}", framework.id)
}

/// "1 April 2025 to 31 March 2026".
pub fn period(evidence: &Evidence) -> String {
    format!("{} to {}", evidence.period.start.long(), evidence.period.end.long())
}

/// "Risk", "Risk that limits the grade" or "Strength".
pub fn pattern_kind(kind: Kind, effect: Effect) -> &'static str {
    match (kind, effect) {
        (Kind::Strength, _) => "Strength",
        (_, Effect::Limit) => "Risk that limits the grade",
        _ => "Risk",
    }
}

/// A small count as a word: "four judgements" reads better than "4".
pub fn number(n: usize) -> String {
    match n {
        2 => "two".to_string(),
        3 => "three".to_string(),
        4 => "four".to_string(),
        5 => "five".to_string(),
        6 => "six".to_string(),
        n => n.to_string(),
    }
}

/// "a", "a and b", "a, b and c".
pub fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// How well an area is evidenced, in words of its own: the evidence levels
/// share the ratings' ids (strong ... weak), and "evidence Secure" beside
/// "own rating Secure" could not be told apart.
pub fn evidence_words(framework: &Framework, level: &str) -> String {
    let rank = framework.ratings.iter().position(|r| r.id == level);
    match rank {
        Some(0) => "Well evidenced",
        Some(1) => "Evidenced",
        Some(2) => "Partly evidenced",
        Some(_) => "Not evidenced",
        None => return crate::text::capitalise(level),
    }
    .to_string()
}

/// The grade the council gives itself for a judgement, in the framework's
/// words, if it has given one.
pub fn own_grade(evidence: &Evidence, judgement: &str) -> Option<String> {
    let grade = evidence.evaluation(judgement)?.grade.as_deref()?;
    Some(evidence.framework.grade_label(grade))
}

/// Said on the cover and at the head of every page of what is the tool's
/// reading, for the council's leaders: the readiness report and the
/// comparison of two years.
pub const INTERNAL: &str = "Internal: not for publication";

/// The council's own protective marking, and that the document is internal.
pub fn internal_marking(marking: &str) -> String {
    match one_line(marking) {
        m if m.is_empty() => INTERNAL.to_string(),
        m => format!("{m}. {INTERNAL}"),
    }
}
