//! `selfeval check` on folders that are right, or nearly: the bad inputs and
//! what `check` says about each are in tests/fixtures/invalid/ (see
//! tests/fixtures.rs), those made at run time in tests/limits.rs.

use std::path::Path;

use crate::test::{Test, copy_dir, fixture, root, temp_dir};

#[test]
fn the_example_council_checks_clean_in_both_years_with_no_personal_data() {
    for (year, summary) in [
        ("2025", "Northbrook 2024-25 (ilacs-2023): 0 errors, "),
        ("2026", "Northbrook 2025-26 (ilacs-2026): 0 errors, "),
    ] {
        Test::new()
            .arg("check")
            .arg(format!("examples/northbrook/{year}"))
            .run()
            .code(0)
            .errors(0)
            .stderr_has(summary)
            // The example names no one: no false alarm (tests/personal_data.rs).
            .stderr_lacks("may identify a child or family");
    }
}

#[test]
fn a_missing_indicator_is_a_warning_at_its_entry() {
    // A council that has not got a figure comments its value out, as init does.
    let dir = temp_dir("missing-indicator");
    copy_dir(&root().join("examples/northbrook/2025"), &dir);
    let path = dir.join("indicators.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let entry = text
        .find("id = \"missing-rhi-offered\"\nvalue = 64.0")
        .expect("the example has this figure");
    std::fs::write(&path, text.replacen("value = 64.0", "# value = 64.0", 1)).unwrap();
    let line = text[..entry].lines().count();
    Test::new().arg("check").arg(&dir).run().code(0).errors(0).warning_at(
        "indicators.toml",
        line,
        "indicator `missing-rhi-offered` (Return home interviews offered within 72 hours) has no value",
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn valid_fixtures_pass_and_warnings_fail_only_when_denied() {
    let minimal = fixture("valid/minimal-2018");
    Test::new()
        .args(["check", &minimal])
        .run()
        .code(0)
        .errors(0)
        .stderr_has("(ilacs-2018)");
    Test::new()
        .args(["check", &fixture("valid/custom-framework")])
        .run()
        .code(0)
        .errors(0)
        .stderr_has("(fixture-ilacs-2026)");
    // minimal-2018 has warnings only: they fail the check when denied.
    Test::new().args(["check", &minimal, "--deny-warnings"]).run().code(1);
}

#[test]
fn windows_line_endings_and_byte_order_marks_are_read() {
    let dir = temp_dir("crlf");
    copy_dir(Path::new(&fixture("valid/custom-framework")), &dir);
    for file in ["council.toml", "findings/help-protection.toml"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap().replace('\n', "\r\n");
        std::fs::write(dir.join(file), format!("\u{feff}{text}")).unwrap();
    }
    Test::new().arg("check").arg(&dir).run().code(0).errors(0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_last_year_figure_that_differs_from_last_years_folder_is_questioned() {
    let dir = temp_dir("previous-figure");
    copy_dir(&root().join("examples/northbrook"), &dir);
    let indicators = dir.join("2026/indicators.toml");
    let text = std::fs::read_to_string(&indicators).unwrap();
    std::fs::write(&indicators, text.replacen("previous = 27.4", "previous = 27.9", 1)).unwrap();
    let this_year = dir.join("2026");
    Test::new()
        .arg("check")
        .arg(&this_year)
        .run()
        .code(0)
        .warning_at(
            "2026/indicators.toml",
            11,
            "`previous` of `re-referrals-12m` is 27.9, but last year's folder gives 27.4",
        )
        .explains(
            "last year's folder gives 27.4",
            "if last year's was revised since, say so in `note`",
        );
    // Said in a note, a revision is no longer questioned.
    let text = std::fs::read_to_string(&indicators).unwrap().replacen(
        "note = \"Fell after the closure review",
        "note = \"Last year's 27.4 was revised to 27.9. Fell after the closure review",
        1,
    );
    std::fs::write(&indicators, text).unwrap();
    Test::new()
        .arg("check")
        .arg(&this_year)
        .run()
        .code(0)
        .stderr_lacks("but last year's folder gives");
    std::fs::remove_dir_all(dir).unwrap();
}
