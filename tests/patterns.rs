//! `selfeval patterns`: the inspection patterns and the reports behind them.

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
fn patterns_lists_at_least_25_each_with_a_precedent() {
    let out = Test::new().args(["patterns"]).run();
    out.code(0);
    let blocks = pattern_blocks(&out.stdout);
    assert!(blocks.len() >= 25, "{} patterns:\n{}", blocks.len(), out.stdout);
    for (header, lines) in &blocks {
        assert!(
            lines.iter().any(|l| l.starts_with("- ") && l.contains(", para ")),
            "{header} has no precedent: {lines:?}"
        );
    }
    out.stdout_has("risk, limits the grade to Requires improvement to be good")
        .stdout_has("[strength]");
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
