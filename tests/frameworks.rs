//! `selfeval frameworks`: the built-in inspection frameworks, and a council's
//! own framework file.

use crate::test::{Test, fixture};

#[test]
fn frameworks_lists_the_three_ilacs_versions() {
    Test::new().args(["frameworks"]).run().code(0).stderr("").stdout(
        "\
ilacs-2018
  Inspecting local authority children's services (ILACS), 2018 to 2022
  in force 1 January 2018 to 31 December 2022; 3 judgements and overall effectiveness; 39 descriptors; 34 indicators

ilacs-2023
  Inspecting local authority children's services (ILACS), 2023 to March 2026
  in force 1 January 2023 to 31 March 2026; 4 judgements and overall effectiveness; 39 descriptors; 34 indicators

ilacs-2026 (default)
  Inspecting local authority children's services (ILACS), from April 2026
  in force from 1 April 2026; 4 judgements; 40 descriptors; 34 indicators

Show one in full with `selfeval frameworks ID`.
",
    );
}

#[test]
fn a_framework_shows_its_descriptors_and_what_replaced_what() {
    Test::new()
        .args(["frameworks", "ilacs-2026"])
        .run()
        .code(0)
        .stdout_has("Builds on ilacs-2023, then ilacs-2018.")
        .stdout_has("Overall effectiveness is not graded.")
        .stdout_has("hp.family-help")
        .stdout_has("(replaces hp.early-help)\n  hp.family-network")
        .stdout_has("[care-leavers] (findings/care-leavers.toml)");
    Test::new()
        .args(["frameworks", "ilacs-2018"])
        .run()
        .code(0)
        .stdout_has("The experiences and progress of children in care and care leavers")
        .stdout_has("Overall effectiveness is graded.");
}

/// A framework file with a problem: tests/fixtures/invalid/one-step-grade-scale
/// and circular-extends (`selfeval frameworks FILE` is run in their `expected`).
#[test]
fn a_councils_own_framework_file_can_be_shown() {
    Test::new()
        .args([
            "frameworks",
            &fixture("valid/custom-framework/framework/official-wording.toml"),
        ])
        .run()
        .code(0)
        .stdout_has("fixture-ilacs-2026: ILACS 2026 with the council's wording")
        .stdout_has("Builds on ilacs-2026, then ilacs-2023, then ilacs-2018.")
        .stdout_has("[Help and protection: hp.front-door;");
}

#[test]
fn an_unknown_framework_is_a_usage_error() {
    Test::new().args(["frameworks", "ilacs-2019"]).run().code(2).stdout("").stderr(
        "error: there is no built-in framework `ilacs-2019`; the built-in frameworks are ilacs-2018, ilacs-2023, ilacs-2026\n",
    );
}

#[test]
fn built_in_frameworks_meet_the_coverage_the_team_agreed() {
    for id in ["ilacs-2018", "ilacs-2023", "ilacs-2026"] {
        let out = Test::new().args(["frameworks", id]).run();
        out.code(0);
        // Each judgement section lists its descriptors, one per indented line.
        for section in out.stdout.split("\n\n").filter(|s| s.contains("(findings/")) {
            let descriptors = section.lines().filter(|l| l.starts_with("  ")).count();
            assert!(descriptors >= 8, "{id}: fewer than 8 descriptors in\n{section}");
        }
        let indicators = out
            .stdout
            .split("Indicators")
            .nth(1)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("  "))
            .count();
        assert!(indicators >= 20, "{id}: only {indicators} indicators");
    }
}
