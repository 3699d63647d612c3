//! Last year's folder, named by `previous` in council.toml: `check` glances
//! at it and `render` reads it whole, and both check this year against it
//! the same way. What last year's own files get wrong is said when it is
//! checked, never held against this year.

use crate::test::{Test, copy_dir, root, temp_dir};

/// The example's two years in a folder of their own, `edit`ed.
fn example(name: &str, edit: impl FnOnce(&std::path::Path)) -> std::path::PathBuf {
    let dir = temp_dir(name);
    copy_dir(&root().join("examples/northbrook"), &dir);
    edit(&dir);
    dir
}

fn replace(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn last_years_council_file_that_cannot_be_read_is_not_held_against_this_year() {
    let dir = example("previous-unreadable", |d| {
        replace(
            &d.join("2025/council.toml"),
            "council = \"Northbrook\"",
            "council = Northbrook",
        );
    });
    Test::new()
        .arg("check")
        .arg(dir.join("2026"))
        .run()
        .code(0)
        .stderr_lacks("different councils");
    Test::new()
        .arg("render")
        .arg(dir.join("2026"))
        .run()
        .code(1)
        .error_at("2025/council.toml", 4, "this is not valid TOML")
        .stderr_has("The errors above are in last year's folder, which ")
        .stderr_lacks("different councils");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn figures_are_not_compared_with_another_councils_folder() {
    let dir = example("previous-other", |d| {
        replace(
            &d.join("2025/council.toml"),
            "council = \"Northbrook\"",
            "council = \"Southmoor\"",
        );
        replace(&d.join("2026/indicators.toml"), "previous = 27.4", "previous = 27.9");
        // A warning of this year's own, for the two commands to count.
        replace(
            &d.join("2026/findings/leaders.toml"),
            "date = 2025-11-20",
            "date = 2023-11-20",
        );
    });
    Test::new()
        .arg("check")
        .arg(dir.join("2026"))
        .run()
        .code(1)
        .error_at("2026/council.toml", 15, "these folders are for different councils")
        .stderr_lacks("but last year's folder gives");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The number before " warning" in a line: "0 errors, 3 warnings, ..." or
/// "2026: 3 warnings (see ...)".
fn warnings_in(line: &str) -> usize {
    let before = line.split(" warning").next().unwrap_or_default();
    before
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[test]
fn last_years_figures_are_checked_alike_whether_it_is_glanced_at_or_read_whole() {
    // This year's `previous` differs from last year's value, and last
    // year's indicators.toml has a problem of its own: its figures are not
    // trusted, so neither command questions this year's.
    let dir = example("previous-broken-figures", |d| {
        replace(&d.join("2026/indicators.toml"), "previous = 27.4", "previous = 27.9");
        // A warning of this year's own, for the two commands to count.
        replace(
            &d.join("2026/findings/leaders.toml"),
            "date = 2025-11-20",
            "date = 2023-11-20",
        );
        replace(
            &d.join("2025/indicators.toml"),
            "value = ",
            "colour = \"red\"\nvalue = ",
        );
    });
    let check = Test::new().arg("check").arg(dir.join("2026")).run();
    check.code(0).stderr_lacks("but last year's folder gives");
    // `render` reads last year whole, and stops on its error.
    let render = Test::new().arg("render").arg(dir.join("2026")).run();
    render
        .code(1)
        .stderr_has("unknown field `colour`")
        .stderr_lacks("but last year's folder gives");
    let counted = warnings_in(check.stderr.lines().last().unwrap());
    let said = warnings_in(render.stderr.lines().next().unwrap());
    assert_eq!(counted, said, "check and render count this year's warnings alike");
    std::fs::remove_dir_all(dir).unwrap();
}
