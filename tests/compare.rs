//! `selfeval compare`: what moved between two years, in every format, and
//! the pairs of folders it refuses.

use crate::test::{PdfFile, Test, fixture, markdown_text, one_line, temp_dir};

fn compare_json(old: &str, new: &str) -> serde_json::Value {
    let out = Test::new().args(["compare", old, new, "--format", "json"]).run();
    out.code(0);
    serde_json::from_str(&out.stdout).expect("compare --format json writes valid JSON")
}

/// The entries of a JSON list, as (key field, another field).
fn pairs(list: &serde_json::Value, key: &str, field: &str) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x[key].as_str().unwrap().to_string(),
                x[field].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn compare_reports_each_kind_of_change_across_framework_versions() {
    let c = compare_json(&fixture("compare/2025"), &fixture("compare/2026"));
    assert_eq!(c["then"]["framework_id"], "ilacs-2023");
    assert_eq!(c["now"]["framework_id"], "ilacs-2026");

    // Grades, and the reasons that changed: the early help strength went
    // with its renamed finding, and the front door is now rated above what
    // its narrative reads as.
    let hp = c["grades"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["judgement"] == "help-protection")
        .unwrap();
    assert_eq!(hp["movement"], "No change");
    assert!(
        hp["gone_reasons"].to_string().contains("Early help is a strength"),
        "{hp}"
    );
    assert!(
        hp["new_reasons"]
            .to_string()
            .contains("rated Secure, but its narrative reads as Requires improvement"),
        "{hp}"
    );
    assert_eq!(c["overall"]["now"], "Not graded under ilacs-2026");
    assert_eq!(c["overall"]["movement"], "Not comparable");

    // Indicators, worst movement first, judged by polarity: re-referrals fell, which is better.
    assert_eq!(
        pairs(&c["indicators"], "id", "movement"),
        [
            ("assessments-45-days".into(), "Declined".into()),
            ("icpc-15-days".into(), "Stable".into()),
            ("re-referrals-12m".into(), "Improved".into()),
            ("cp-second-plan".into(), "Not comparable".into()),
        ]
    );
    assert_eq!(c["indicators"][0]["change"], "down 9 percentage points");
    assert_eq!(c["indicators"][2]["change"], "down 6 percentage points");

    // Descriptors: matched through `replaces`, rating changed, sources swapped.
    let family = c["descriptors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "hp.family-help")
        .unwrap();
    assert_eq!(family["was"], "hp.early-help");
    assert_eq!(family["evidence_movement"], "Stronger");
    assert_eq!(
        family["sources_lost"][0],
        "Early help dashboard, 2024-25 (31 March 2025)"
    );
    let door = c["descriptors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "hp.front-door")
        .unwrap();
    assert_eq!(
        (door["rating_then"].as_str(), door["rating_now"].as_str()),
        (Some("Developing"), Some("Secure"))
    );
    assert_eq!(
        door["sources_gained"][0],
        "Front door audit, autumn 2025 (18 November 2025)"
    );
    assert!(
        c["descriptors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["id"] != "hp.assessments")
    );
    assert_eq!(c["not_re_reviewed"][0]["id"], "hp.assessments");
    assert_eq!(
        c["replaced"][0],
        "hp.early-help (ilacs-2023) is hp.family-help (Family help, including early help and prevention) under ilacs-2026"
    );
    assert!(c["only_now"][0].as_str().unwrap().contains("hp.family-network"));

    // Patterns found and no longer found.
    assert!(pairs(&c["patterns_new"], "id", "kind").contains(&("assessment-delay".into(), "Risk".into())));
    assert!(pairs(&c["patterns_gone"], "id", "kind").contains(&("high-re-referral-rate".into(), "Risk".into())));

    // Every one of last year's actions, each outcome once.
    assert_eq!(
        pairs(&c["actions"], "id", "outcome"),
        [
            ("FB-01".into(), "Achieved".into()),
            ("FB-02".into(), "Carried forward".into()),
            ("FB-03".into(), "Partially achieved".into()),
            ("FB-04".into(), "Dropped".into()),
            ("FB-05".into(), "Not achieved".into()),
            ("FB-06".into(), "Not reported this year".into()),
        ]
    );
    assert_eq!(c["actions"][1]["due_now"], "30 September 2026");
    let overdue: Vec<&str> = c["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["overdue"] == true)
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    // Partially achieved is still open: past its date it is overdue, as in the assessment.
    assert_eq!(overdue, ["FB-03", "FB-05", "FB-06"]);
    assert_eq!(c["new_actions"][0]["id"], "FB-07");
}

#[test]
fn compare_opens_with_a_three_line_headline_and_fits_a_screen() {
    let (old, new) = ("examples/northbrook/2025", "examples/northbrook/2026");
    let out = Test::new().args(["compare", old, new]).run();
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.len() <= 45, "{} lines:\n{}", lines.len(), out.stdout);
    for line in &lines {
        assert!(line.chars().count() <= 80, "wider than a terminal: {line}");
    }
    // The headline: a line each for the grades, the biggest improvement and
    // the biggest decline, after the title and a blank line.
    assert_eq!(
        lines[2..5],
        [
            "Indicative grades: all four Requires improvement to be good, as last year",
            "Most improved: Given their health history (care leavers), 38% -> 71%",
            "Most declined: 3 or more placements in the year (children in care), 9% -> 12%",
        ]
    );
    assert_eq!(lines[5], "");
    let text = one_line(&out.stdout);
    assert!(text.contains("--full lists everything"));
    // Evidence strength and the council's own rating are named apart.
    assert!(text.contains("evidence stronger (Partly evidenced -> Evidenced); own rating Secure -> Developing"));
}

#[test]
fn compare_writes_every_moved_indicator_and_every_action_in_each_format() {
    let (old, new) = ("examples/northbrook/2025", "examples/northbrook/2026");
    let c = compare_json(old, new);
    let moved: Vec<String> = c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| matches!(i["movement"].as_str(), Some("Improved" | "Declined" | "Changed")))
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect();
    assert!(moved.len() > 10, "the example moves: {moved:?}");
    let actions = pairs(&c["actions"], "id", "outcome");
    assert_eq!(actions.len(), 13, "every action of last year's plan");

    let text = Test::new().args(["compare", old, new, "--full"]).run();
    text.code(0);
    let text = one_line(&text.stdout);
    for line in [
        "Overall effectiveness: Requires improvement to be good -> Not graded under ilacs-2026",
        "NB25-13 Not achieved, overdue (due 31 December 2025)",
        "Not re-reviewed: The local offer, financial support and entitlements",
    ] {
        assert!(text.contains(line), "{line}");
    }
    for title in &moved {
        assert!(text.contains(title.as_str()), "text lacks {title}");
    }

    let dir = temp_dir("compare-formats");
    std::fs::create_dir_all(&dir).unwrap();
    // The file's extension chooses the format.
    for format in ["md", "html", "pdf"] {
        let path = dir.join(format!("compare.{format}"));
        Test::new().args(["compare", old, new, "-o"]).arg(&path).run().code(0);
        let body = match format {
            "md" => markdown_text(&std::fs::read_to_string(&path).unwrap()).0,
            "html" => std::fs::read_to_string(&path).unwrap().replace("&#39;", "'"),
            _ => one_line(&PdfFile::read(&std::fs::read(&path).unwrap()).text()),
        };
        for title in &moved {
            assert!(body.contains(title.as_str()), "{format} lacks {title}");
        }
        for (id, outcome) in &actions {
            assert!(body.contains(id.as_str()), "{format} lacks {id}");
            assert!(body.contains(outcome.as_str()), "{format} lacks {outcome}");
        }
        // The tool's reading of two years: internal, like the readiness
        // report, and without the folders' paths on this machine.
        assert!(
            body.contains("Internal: not for publication"),
            "{format} is not marked internal"
        );
        assert!(!body.contains("examples/northbrook"), "{format} names a folder");
    }
    let path = dir.join("compare.json");
    Test::new().args(["compare", old, new, "-o"]).arg(&path).run().code(0);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(json["actions"].is_array(), "{json}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn compare_refuses_other_councils_and_the_wrong_order() {
    // The same folder twice: tests/limits.rs.
    Test::new()
        .args(["compare", &fixture("compare/2025"), "examples/northbrook/2026"])
        .run()
        .code(2)
        .stdout("")
        .stderr_ends_with(&format!(
            "\nerror: cannot compare: these folders are for different councils: {} says \"Fixture Borough\" \
             and examples/northbrook/2026 says \"Northbrook\" (council.toml, `council`)\n",
            fixture("compare/2025")
        ));
    Test::new()
        .args(["compare", "examples/northbrook/2026", "examples/northbrook/2025"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: cannot compare: examples/northbrook/2026 covers 2025-26, which is after \
             examples/northbrook/2025 (2024-25): the earlier year comes first\n\
             Did you mean `selfeval compare examples/northbrook/2025 examples/northbrook/2026`?\n",
        );
}
