//! How well the assessment grades real councils, in words and tables: per
//! judgement and in all, the share graded as inspectors graded them, within
//! one grade, and two or more away, and the confusion matrix.

use std::fmt::Write as _;

use crate::learn::evaluate::Judged;

const GRADES: [&str; 4] = ["outstanding", "good", "requires-improvement", "inadequate"];
const SHORT: [&str; 4] = ["Outst.", "Good", "RI", "Inad."];

fn rank(grade: &str) -> Option<usize> {
    GRADES.iter().position(|g| *g == grade)
}

/// The figures for one set of judgements.
fn figures(judged: &[&Judged]) -> String {
    let total = judged.len();
    let graded: Vec<(usize, usize)> = judged
        .iter()
        .filter_map(|j| Some((rank(&j.inspectors)?, rank(j.assessed.as_deref()?)?)))
        .collect();
    let exact = graded.iter().filter(|(a, b)| a == b).count();
    let within = graded.iter().filter(|(a, b)| a.abs_diff(*b) <= 1).count();
    let far = graded.len() - within;
    let share = |n: usize| {
        if total == 0 {
            0.0
        } else {
            100.0 * n as f64 / total as f64
        }
    };
    let bias = if graded.is_empty() {
        0.0
    } else {
        graded.iter().map(|(a, b)| *a as f64 - *b as f64).sum::<f64>() / graded.len() as f64
    };
    format!(
        "{total:>4} | {:>5.1}% | {:>5.1}% | {:>5.1}% | {:>4} | {bias:+.2}",
        share(exact),
        share(within),
        share(far),
        total - graded.len()
    )
}

/// The whole evaluation: a line per judgement, one for them all, and the
/// confusion matrix of them all.
pub fn evaluation(title: &str, judged: &[Judged]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}\n");
    let _ = writeln!(
        out,
        "| judgement | n | exact | within one | two or more away | not graded | bias (+ = graded higher) |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut kinds: Vec<&str> = judged.iter().map(|j| j.judgement.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in &kinds {
        let these: Vec<&Judged> = judged.iter().filter(|j| j.judgement == *kind).collect();
        let _ = writeln!(out, "| {kind} | {} |", figures(&these));
    }
    let all: Vec<&Judged> = judged
        .iter()
        .filter(|j| j.judgement != "overall-effectiveness")
        .collect();
    let _ = writeln!(out, "| every judgement but overall | {} |", figures(&all));
    let _ = writeln!(
        out,
        "\nInspectors' grade (rows) against the assessment's (columns), every judgement but overall:\n"
    );
    let _ = writeln!(out, "| | {} | none |", SHORT.join(" | "));
    let _ = writeln!(out, "| --- |{}", " ---: |".repeat(5));
    for (i, row) in SHORT.iter().enumerate() {
        let mut cells: Vec<String> = (0..4)
            .map(|k| {
                all.iter()
                    .filter(|j| rank(&j.inspectors) == Some(i) && j.assessed.as_deref().and_then(rank) == Some(k))
                    .count()
                    .to_string()
            })
            .collect();
        cells.push(
            all.iter()
                .filter(|j| rank(&j.inspectors) == Some(i) && j.assessed.is_none())
                .count()
                .to_string(),
        );
        let _ = writeln!(out, "| {row} | {} |", cells.join(" | "));
    }
    out
}
