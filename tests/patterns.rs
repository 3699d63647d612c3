//! `selfeval patterns`: the inspection patterns and the reports behind them.

use selfeval::assess::prose::{Sentence, markers};
use selfeval::model::library::Trigger;

use crate::test::Test;

/// `selfeval patterns` output as (header line, the lines under it).
fn pattern_blocks(listing: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    for line in listing.lines() {
        if line.starts_with("  ") && !line.starts_with("   ") && line.ends_with(']') {
            blocks.push((line.trim().to_string(), Vec::new()));
        } else if line.starts_with("    ")
            && let Some(block) = blocks.last_mut()
        {
            block.1.push(line.trim().to_string());
        }
    }
    blocks
}

#[test]
fn patterns_lists_at_least_25_each_with_a_precedent_and_where_the_reports_show_it() {
    let out = Test::new().args(["patterns"]).run();
    out.code(0);
    let blocks = pattern_blocks(&out.stdout);
    assert!(blocks.len() >= 25, "{} patterns:\n{}", blocks.len(), out.stdout);
    for (header, lines) in &blocks {
        assert!(
            lines.iter().any(|l| l.starts_with("- ") && l.contains(", para ")),
            "{header} has no precedent: {lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("(seen in ") || l == "(not seen in the inspection reports)"),
            "{header} does not say where the reports show it: {lines:?}"
        );
    }
    out.stdout_has("[strength, supports a higher grade]")
        .stdout_has("[risk, caps the areas it shows in]");
}

#[test]
fn a_pattern_shows_what_triggers_it_and_an_unknown_one_suggests_the_nearest() {
    let list = Test::new().args(["patterns"]).run();
    let blocks = pattern_blocks(&list.stdout);
    let first = blocks[0].0.split(' ').next().unwrap().to_string();
    Test::new()
        .args(["patterns", &first])
        .run()
        .code(0)
        .stdout_has("What inspectors found: ")
        .stdout_has("It shows when ")
        .stdout_has("Precedents:");
    let typo = format!("{}x", first);
    Test::new()
        .args(["patterns", &typo])
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "error: there is no pattern `{typo}`; did you mean `{first}`?\n"
        ));
}

/// Sentences a council might write, and whether each pattern's wording
/// should catch them: the library's recall and its false alarms, tested on
/// wording written apart from any test council.
#[test]
fn patterns_recognise_the_way_councils_write() {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Cases {
        case: Vec<Case>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Case {
        pattern: String,
        descriptor: String,
        says: String,
        shows: bool,
    }
    let path = crate::test::root().join("tests/fixtures/pattern-wording.toml");
    let cases: Cases = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let library = selfeval::load::library().unwrap();
    let markers = markers(&library.rules.narrative.resolved_markers);
    let mut wrong = Vec::new();
    for case in &cases.case {
        let pattern = library
            .patterns
            .iter()
            .find(|p| p.id == case.pattern)
            .unwrap_or_else(|| panic!("no pattern {}", case.pattern));
        let caught = pattern.triggers.iter().any(|t| match t {
            Trigger::Phrases { phrases, within } => {
                let scope = if within.is_empty() {
                    &pattern.descriptors
                } else {
                    within
                };
                scope.contains(&case.descriptor)
                    && Sentence::new(&case.says, &library.language, &markers)
                        .says(phrases)
                        .is_some()
            }
            _ => false,
        });
        if caught != case.shows {
            wrong.push(format!(
                "{} ({}): {} \"{}\"",
                case.pattern,
                case.descriptor,
                if case.shows { "missed" } else { "wrongly caught" },
                case.says
            ));
        }
    }
    let patterns_with_phrases = library
        .patterns
        .iter()
        .filter(|p| p.triggers.iter().any(|t| matches!(t, Trigger::Phrases { .. })))
        .count();
    let covered: std::collections::BTreeSet<&str> = cases.case.iter().map(|c| c.pattern.as_str()).collect();
    assert_eq!(
        covered.len(),
        patterns_with_phrases,
        "every pattern with phrases has cases"
    );
    assert!(
        wrong.is_empty(),
        "{} of {} cases wrong:\n{}",
        wrong.len(),
        cases.case.len(),
        wrong.join("\n")
    );
}
