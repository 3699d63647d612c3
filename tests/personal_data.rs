//! Personal data: `check` warns where the evidence looks as if it identifies
//! a child or family, without repeating it; `render` and `compare` write no
//! document while it does, unless told to.

use crate::test::{Test, copy_dir, fixture, root, temp_dir};

#[test]
fn check_finds_every_planted_item_of_personal_data_and_never_prints_it() {
    let out = Test::new().args(["check", &fixture("personal-data")]).run();
    out.code(0);
    let file = "findings/help-protection.toml";
    for (line, kind) in [
        (5, "a name after \"mother\" (S**** J****)"),
        (6, "a date of birth (**/**/**15)"),
        (6, "an NHS number (*** *** **19)"),
        (9, "a name before \"aged\" (T****)"),
        (9, "a reference in the format LCS-###### (L**-****33)"),
        (16, "a National Insurance number"),
        (20, "a name after \"Ms\" (O*****)"),
        (22, "a postcode (L** ***)"),
        (22, "a phone number (**** *** **00)"),
        (22, "an email address"),
    ] {
        out.warning_at(file, line, &format!("this may identify a child or family: {kind}"));
    }
    for value in [
        "Sarah",
        "03/04/2015",
        "943 476 5919",
        "Tyler",
        "LCS-104233",
        "AB 12 34 56 C",
        "Okafor",
        "LS1 4AP",
        "0113 496 0000",
        "duty.team@example.gov.uk",
    ] {
        assert!(!out.stderr.contains(value), "the warning repeats {value}");
    }
    // The entry marked `# selfeval: reviewed` is not reported.
    assert!(!out.stderr.contains("a name after \"Mr\""), "{}", out.stderr);
    assert_eq!(out.stderr.matches("may identify a child or family").count(), 10);
}

/// The example, which names no one, gives no false alarm: tests/check.rs.
#[test]
fn render_refuses_personal_data_unless_allowed() {
    let out_file = temp_dir("personal").with_extension("md");
    let path = out_file.to_str().unwrap();
    Test::new()
        .args(["render", &fixture("personal-data"), "-o", path])
        .run()
        .code(1)
        .stderr_has("error: 10 places in the evidence may identify a child or family, so nothing was written")
        .stderr_has("--allow-personal-data");
    assert!(!out_file.exists());
    Test::new()
        .args(["render", &fixture("personal-data"), "-o", path, "--allow-personal-data"])
        .run()
        .code(0);
    assert!(out_file.exists());
    std::fs::remove_file(out_file).unwrap();
}

#[test]
fn compare_holds_back_its_documents_where_either_year_names_a_family() {
    let dir = temp_dir("compare-personal");
    copy_dir(&root().join("examples/northbrook"), &dir);
    let actions = dir.join("2026/actions.toml");
    let text = std::fs::read_to_string(&actions).unwrap().replacen(
        "action = \"Deliver the recruitment",
        "action = \"Review the plan for Mrs Okafor's children, then deliver the recruitment",
        1,
    );
    std::fs::write(&actions, text).unwrap();
    let (old, new) = (dir.join("2025"), dir.join("2026"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    for format in ["md", "html", "pdf", "json"] {
        let out_file = dir.join(format!("comparison.{format}"));
        let out_path = out_file.to_str().unwrap();
        Test::new()
            .args(["compare", old, new, "--format", format, "-o", out_path])
            .run()
            .code(1)
            .stderr_has("error: 1 place in the evidence may identify a child or family, so nothing was written")
            .stderr_has("actions.toml:10:");
        assert!(!out_file.exists(), "{format} written");
        Test::new()
            .args([
                "compare",
                old,
                new,
                "--format",
                format,
                "-o",
                out_path,
                "--allow-personal-data",
            ])
            .run()
            .code(0);
        assert!(out_file.exists(), "{format} not written when allowed");
    }
    // The summary in the terminal is not held back: it is read, not passed on.
    Test::new().args(["compare", old, new]).run().code(0);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The forms a review found the scan missed (TOML escapes, a name after an
/// apostrophe or set between commas, an ordinal date, a lower-case
/// postcode, a name with an age, initials) are found, and never printed
/// whole; a judge's title and national helplines are not taken for a
/// family's details.
#[test]
fn personal_data_in_everyday_and_escaped_forms_is_found_and_never_printed() {
    let out = Test::new().args(["check", &fixture("personal-data-forms")]).run();
    out.code(0);
    let file = "findings/help-protection.toml";
    for (line, kind) in [
        (4, "a name after \"Ms\" (O*****)"),
        (4, "a date of birth (**/**/**15)"),
        (4, "an email address"),
        (6, "a name before \"aged\" (J*****)"),
        (6, "a name after \"Mrs\" (O'N****)"),
        (6, "a name after \"child\" (A**** K***)"),
        (7, "a date of birth"),
        (7, "a postcode (m* ***)"),
        (14, "a name with an age (K** T*******)"),
        (14, "initials (J.*.)"),
    ] {
        out.warning_at(file, line, &format!("this may identify a child or family: {kind}"));
    }
    assert_eq!(
        out.stderr.matches("may identify a child or family").count(),
        10,
        "{}",
        out.stderr
    );
    for value in [
        "Okafor",
        "03/04",
        "jones",
        "Jayden",
        "Neill",
        "Aisha",
        "3rd April",
        "1ae",
        "Thompson",
        "J.T.",
    ] {
        assert!(!out.stderr.contains(value), "the warning repeats {value}");
    }
    let out_file = temp_dir("personal-forms").with_extension("md");
    Test::new()
        .args(["render", &fixture("personal-data-forms"), "-o"])
        .arg(&out_file)
        .run()
        .code(1)
        .stderr_has("--allow-personal-data");
    assert!(!out_file.exists(), "no document is written");
}
