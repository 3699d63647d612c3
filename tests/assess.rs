//! `selfeval assess`: indicative grades, their reasons and the gaps. A folder
//! with errors is refused: tests/fixtures/invalid/three-in-one-file/expected.

use crate::test::{Test, fixture};

fn assess_json(dir: &str) -> serde_json::Value {
    let out = Test::new().args(["assess", dir, "--format", "json"]).run();
    out.code(0);
    serde_json::from_str(&out.stdout).expect("assess --format json writes valid JSON")
}

/// judgement id -> grade id, and the overall grade ("not graded" if none).
fn grades(assessment: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = assessment["judgements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["judgement"].as_str().unwrap().into(),
                j["grade"].as_str().unwrap().into(),
            )
        })
        .collect();
    let overall = assessment["overall"]["grade"].as_str().unwrap_or("not graded");
    out.push(("overall".into(), overall.into()));
    out
}

#[test]
fn assess_summarises_the_example_council_in_a_minute() {
    let out = Test::new().args(["assess", "examples/northbrook/2026"]).run();
    out.code(0)
        .stdout_has("Northbrook 2025-26 (ilacs-2026), evidence as at 20 May 2026")
        .stdout_has("The experiences and progress of care leavers: ")
        .stdout_has("Overall effectiveness: not graded under ilacs-2026")
        .stdout_has("Self-awareness: ")
        .stdout_has("What would most improve the position (10 of ");
    // Every judgement shows a grade and at most three reasons.
    for title in [
        "The impact of leaders on social work practice with children and families: ",
        "The experiences and progress of children who need help and protection: ",
        "The experiences and progress of children in care: ",
    ] {
        let block = out.stdout.split(title).nth(1).expect("judgement shown");
        let grade = block.lines().next().unwrap();
        assert!(
            ["OUTSTANDING", "GOOD", "REQUIRES IMPROVEMENT TO BE GOOD", "INADEQUATE"].contains(&grade),
            "{grade}"
        );
        let reasons = block
            .split("\n\n")
            .next()
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("  - "))
            .count();
        assert!((1..=3).contains(&reasons), "{reasons} reasons:\n{block}");
    }
    // Ten gaps, numbered.
    assert!(out.stdout.contains("\n10. "), "{}", out.stdout);
    assert!(!out.stdout.contains("\n11. "));
}

#[test]
fn assess_json_has_a_grade_and_reasons_for_every_judgement() {
    let a = assess_json("examples/northbrook/2026");
    let judgements = a["judgements"].as_array().unwrap();
    assert_eq!(judgements.len(), 4);
    for j in judgements {
        assert!(j["grade_label"].as_str().is_some_and(|g| !g.is_empty()));
        let reasons = j["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty(), "{j}");
        let weights: Vec<f64> = reasons.iter().map(|r| r["weight"].as_f64().unwrap()).collect();
        assert!(
            weights.windows(2).all(|w| w[0] >= w[1]),
            "reasons strongest first: {weights:?}"
        );
    }
    assert!(a["overall"].is_null());
    assert_eq!(a["descriptors"].as_array().unwrap().len(), 40);
    assert_eq!(a["indicators"].as_array().unwrap().len(), 34);
    // Every finding's place in the council's files is traceable.
    for d in a["descriptors"].as_array().unwrap() {
        assert!(d["location"].as_str().unwrap().starts_with("findings/"), "{d}");
    }
    // The overdue action the example council carries (NB25-13, not started) is a gap.
    assert!(
        a["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["kind"] == "overdue-action" && g["text"].as_str().unwrap().contains("NB25-13"))
    );
}

/// A grade's place on the scale, best first.
fn rank(grade: &str) -> i32 {
    ["outstanding", "good", "requires-improvement", "inadequate"]
        .iter()
        .position(|g| *g == grade)
        .unwrap_or_else(|| panic!("`{grade}` is not a grade")) as i32
}

/// The two sample councils, rebuilt in a council's voice from their
/// inspection reports (tests/fixtures/calibration): every grade within one
/// of Ofsted's, as the evaluation over 259 reports promises (docs/assessment.md
/// records where the two differ).
#[test]
fn assess_comes_within_a_grade_of_ofsted_for_the_two_sample_inspections() {
    let (ri, good) = ("requires-improvement", "good");
    for (folder, ofsted) in [
        ("calibration/wokingham-2019", [ri, ri, ri, ri]),
        ("calibration/windsor-maidenhead-2020", [good, good, ri, good]),
    ] {
        let assessed = grades(&assess_json(&fixture(folder)));
        let judgements = ["leaders", "help-protection", "children-in-care", "overall"];
        for ((id, grade), (want_id, want)) in assessed.iter().zip(judgements.iter().zip(ofsted)) {
            assert_eq!(id, want_id);
            assert!(
                (rank(grade) - rank(want)).abs() <= 1,
                "{folder}: {id} is {grade}, Ofsted gave {want}"
            );
        }
    }
}

/// Every findings file of a fixture, as (file, text).
fn findings_files(dir: &str) -> Vec<(String, String)> {
    let findings = std::path::Path::new(dir).join("findings");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&findings)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                format!("findings/{}", path.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_council_rating_everything_strong_over_a_narrative_of_failure_is_marked_down_and_over_rated() {
    let dir = fixture("assess/rated-strong-at-risk");
    let a = assess_json(&dir);
    let files = findings_files(&dir);
    let judgements = a["judgements"].as_array().unwrap();
    // Leaders who do not know the weaknesses their own findings describe.
    let leaders = &judgements[0];
    assert_eq!(leaders["judgement"], "leaders");
    assert_eq!(leaders["grade"], "inadequate", "{leaders}");
    // Children left at risk, in the words of its help and protection findings.
    let help = &judgements[1];
    assert_eq!(help["judgement"], "help-protection");
    assert_eq!(help["grade"], "inadequate", "{help}");
    // Nothing in the folder reads as Good, whatever its ratings say.
    for j in judgements {
        assert!(
            j["grade"] == "inadequate" || j["grade"] == "requires-improvement",
            "{}: {}",
            j["judgement"],
            j["grade"]
        );
    }
    // The reasons are the council's own sentences, each where it is written.
    let sentences: Vec<&str> = leaders["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "sentence")
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(sentences.len() >= 3, "{sentences:?}");
    for text in &sentences {
        let (place, rest) = text.split_once(": \"").unwrap();
        let (file, line) = place.rsplit_once(':').unwrap();
        let line: usize = line.parse().unwrap();
        let quoted = rest.split("\" reads below Good").next().unwrap();
        let (_, contents) = files.iter().find(|(f, _)| f == file).unwrap();
        // The sentence starts on the line given.
        let first = quoted.split_whitespace().next().unwrap();
        assert!(
            contents.lines().nth(line - 1).unwrap().contains(first),
            "{file}:{line} does not hold \"{first}\", the start of \"{quoted}\""
        );
        assert!(text.contains("reads below Good"), "{text}");
    }
    // Every rating is over-rated, most by two levels or more.
    let descriptors = a["descriptors"].as_array().unwrap();
    assert!(descriptors.iter().all(|d| d["self_rating"] == "over-rated"));
    assert!(a["self_awareness"]["far_over_rated_share"].as_f64().unwrap() >= 0.5);
    assert!(
        leaders["reasons"]
            .to_string()
            .contains("Self-awareness: 0 of 40 own ratings match"),
        "{}",
        leaders["reasons"]
    );
}

#[test]
fn a_folder_with_a_third_of_its_findings_unwritten_is_graded_from_the_rest_and_says_so() {
    let dir = fixture("assess/a-third-unwritten");
    let a = assess_json(&dir);
    for j in a["judgements"].as_array().unwrap() {
        let (written, of) = (
            j["based_on"]["written"].as_u64().unwrap(),
            j["based_on"]["of"].as_u64().unwrap(),
        );
        assert_eq!(written, of - of / 3, "{}", j["judgement"]);
        assert!(j["grade"].is_string(), "{} is graded", j["judgement"]);
        assert!(
            j["reasons"]
                .to_string()
                .contains(&format!("Based on {written} of {of} areas: no finding yet for ")),
            "{}",
            j["reasons"]
        );
    }
    // Unwritten areas are gaps to fill, not weak practice.
    for d in a["descriptors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["written"] == false)
    {
        assert!(d["supported"].is_null() && d["assessed"].is_null(), "{d}");
    }
    let no_finding = a["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == "no-finding")
        .count();
    assert_eq!(no_finding, 13);
    // The readiness report says what each grade rests on.
    let out = Test::new().args(["readiness", &dir, "-o", "-"]).run();
    out.code(0)
        .stdout_has(", based on 6 of 9 areas")
        .stdout_has(", based on 8 of 12 areas")
        .stdout_has(", based on 7 of 10 areas");
}
