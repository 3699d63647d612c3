//! End-to-end tests: the `selfeval` binary run as a council would run it.
//!
//! One integration-test binary (so the suite links once), with a small
//! fluent helper: `selfeval(["check", dir]).run().code(1).error_at(...)`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-11-24: pins "today" so that dates in the future are judged the same
/// way on every machine and every day.
const TODAY: &str = "1795478400";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root().join("tests/fixtures").join(name).display().to_string()
}

struct Run {
    command: Command,
}

fn selfeval<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(args: I) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_selfeval"));
    command.args(args).env("SOURCE_DATE_EPOCH", TODAY).current_dir(root());
    Run { command }
}

impl Run {
    fn env(mut self, key: &str, value: &str) -> Run {
        self.command.env(key, value);
        self
    }

    fn run(mut self) -> Outcome {
        let output = self.command.output().expect("the selfeval binary runs");
        Outcome {
            code: output.status.code().expect("selfeval exits normally, without a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// One rendered diagnostic: "error: message" then "--> file:line:col".
struct Block<'a> {
    severity: &'a str,
    message: &'a str,
    location: &'a str,
    text: &'a str,
}

impl Outcome {
    fn code(&self, expected: i32) -> &Outcome {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn stdout_has(&self, text: &str) -> &Outcome {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}:\n{}", self.stdout);
        self
    }

    fn stderr_has(&self, text: &str) -> &Outcome {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{}", self.stderr);
        self
    }

    fn blocks(&self) -> Vec<Block<'_>> {
        self.stderr
            .split("\n\n")
            .filter_map(|text| {
                // A block starts at its "error:" or "warning:" line; a summary
                // line printed just before it is not part of it.
                let start = ["error: ", "warning: "]
                    .iter()
                    .filter_map(|s| text.find(s))
                    .filter(|&i| i == 0 || text[..i].ends_with('\n'))
                    .min()?;
                let text = &text[start..];
                let (head, rest) = text.split_once('\n')?;
                let (severity, message) = head.split_once(": ")?;
                let location = rest.lines().next()?.trim_start().strip_prefix("--> ")?;
                Some(Block {
                    severity,
                    message,
                    location,
                    text,
                })
            })
            .collect()
    }

    /// Asserts an error whose message contains `message`, in a file whose
    /// path ends with `file`, at `line` (0: a whole-file problem, no line).
    fn error_at(&self, file: &str, line: usize, message: &str) -> &Outcome {
        self.diagnostic_at("error", file, line, message)
    }

    fn warning_at(&self, file: &str, line: usize, message: &str) -> &Outcome {
        self.diagnostic_at("warning", file, line, message)
    }

    fn diagnostic_at(&self, severity: &str, file: &str, line: usize, message: &str) -> &Outcome {
        let found = self.blocks().into_iter().any(|b| {
            // "path:line:column", or just "path" for a whole-file problem.
            let (path, position) = match b.location.rsplitn(3, ':').collect::<Vec<_>>()[..] {
                [column, line, path] if column.parse::<usize>().is_ok() => (path.to_string(), line),
                _ => (b.location.to_string(), ""),
            };
            let at_line = position
                .split(':')
                .next()
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(0);
            b.severity == severity && b.message.contains(message) && path.ends_with(file) && at_line == line
        });
        assert!(found, "no {severity} {message:?} at {file}:{line} in:\n{}", self.stderr);
        self
    }

    /// Asserts that the block for `message` also says `text` (a hint, an expectation).
    fn explains(&self, message: &str, text: &str) -> &Outcome {
        let block = self.blocks().into_iter().find(|b| b.message.contains(message));
        let block = block.unwrap_or_else(|| panic!("no diagnostic {message:?} in:\n{}", self.stderr));
        assert!(
            block.text.contains(text),
            "{message:?} does not explain {text:?}:\n{}",
            block.text
        );
        self
    }

    fn errors(&self, n: usize) -> &Outcome {
        let wanted = if n == 1 {
            "1 error,".to_string()
        } else {
            format!("{n} errors,")
        };
        assert!(
            self.stderr.contains(&wanted),
            "expected {wanted:?} in:\n{}",
            self.stderr
        );
        self
    }
}

/// The example council's evidence, as the library loads it.
fn example_evidence() -> selfeval::model::evidence::Evidence {
    let pipeline = selfeval::pipeline::Pipeline::new(selfeval::pipeline::World::from_env());
    let folder = pipeline.check(&root().join("examples/northbrook/2026")).unwrap();
    folder.evidence.expect("the example loads")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selfeval-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---------------------------------------------------------------- frameworks

#[test]
fn frameworks_lists_the_three_ilacs_versions() {
    selfeval(["frameworks"])
        .run()
        .code(0)
        .stdout_has("ilacs-2018\n")
        .stdout_has("ilacs-2023\n")
        .stdout_has("ilacs-2026 (default)\n")
        .stdout_has("3 judgements and overall effectiveness")
        .stdout_has("4 judgements;");
}

#[test]
fn a_framework_shows_its_descriptors_and_what_replaced_what() {
    selfeval(["frameworks", "ilacs-2026"])
        .run()
        .code(0)
        .stdout_has("Builds on ilacs-2023, then ilacs-2018.")
        .stdout_has("Overall effectiveness is not graded.")
        .stdout_has("hp.family-help")
        .stdout_has("(replaces hp.early-help)\n  hp.family-network")
        .stdout_has("[care-leavers] (findings/care-leavers.toml)");
    selfeval(["frameworks", "ilacs-2018"])
        .run()
        .code(0)
        .stdout_has("The experiences and progress of children in care and care leavers")
        .stdout_has("Overall effectiveness is graded.");
}

#[test]
fn a_councils_own_framework_file_can_be_shown_and_checked() {
    selfeval([
        "frameworks",
        &fixture("valid/custom-framework/framework/official-wording.toml"),
    ])
    .run()
    .code(0)
    .stdout_has("fixture-ilacs-2026: ILACS 2026 with the council's wording")
    .stdout_has("Builds on ilacs-2026, then ilacs-2023, then ilacs-2018.")
    .stdout_has("[Help and protection: hp.front-door;");
    selfeval(["frameworks", &fixture("invalid/one-step-grade-scale/framework.toml")])
        .run()
        .code(1)
        .error_at("framework.toml", 5, "the grade scale has 1 step");
}

#[test]
fn an_unknown_framework_is_a_usage_error() {
    selfeval(["frameworks", "ilacs-2019"])
        .run()
        .code(2)
        .stderr_has("there is no built-in framework `ilacs-2019`");
}

#[test]
fn built_in_frameworks_meet_the_coverage_the_team_agreed() {
    for id in ["ilacs-2018", "ilacs-2023", "ilacs-2026"] {
        let out = selfeval(["frameworks", id]).run();
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

// ---------------------------------------------------------------------- init

#[test]
fn init_writes_a_folder_that_checks_with_warnings_only() {
    let dir = temp_dir("init");
    selfeval([
        "init".as_ref(),
        dir.as_os_str(),
        "--council".as_ref(),
        "Anytown".as_ref(),
    ])
    .run()
    .code(0)
    .stdout_has("findings/care-leavers.toml");
    let council = std::fs::read_to_string(dir.join("council.toml")).unwrap();
    assert!(council.contains("council = \"Anytown\""), "{council}");
    assert!(
        council.contains("start = 2025-04-01\nend = 2026-03-31"),
        "the last complete year before 24 November 2026:\n{council}"
    );
    let findings = std::fs::read_to_string(dir.join("findings/help-protection.toml")).unwrap();
    assert!(findings.contains("descriptor = \"hp.front-door\""));
    assert!(
        findings.contains("# What good looks like:"),
        "descriptor text is given as comments"
    );
    let out = selfeval(["check".as_ref(), dir.as_os_str()]).run();
    out.code(0)
        .errors(0)
        .stderr_has("warning: the finding for `hp.front-door` is not written yet");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn init_never_overwrites() {
    let dir = temp_dir("no-overwrite");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("council.toml"), "council = \"Mine\"\n").unwrap();
    selfeval(["init".as_ref(), dir.as_os_str()])
        .run()
        .code(2)
        .stderr_has("init never overwrites");
    assert_eq!(
        std::fs::read_to_string(dir.join("council.toml")).unwrap(),
        "council = \"Mine\"\n"
    );
    assert!(!dir.join("findings").exists(), "nothing else was written");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn init_follows_the_framework_chosen() {
    let dir = temp_dir("init-2018");
    selfeval([
        "init".as_ref(),
        dir.as_os_str(),
        "--framework".as_ref(),
        "ilacs-2018".as_ref(),
        "--year-ending".as_ref(),
        "2019".as_ref(),
    ])
    .run()
    .code(0);
    assert!(
        !dir.join("findings/care-leavers.toml").exists(),
        "care leavers sit in children in care under ilacs-2018"
    );
    let cic = std::fs::read_to_string(dir.join("findings/children-in-care.toml")).unwrap();
    assert!(cic.contains("descriptor = \"cl.pathway-plans\""));
    assert!(
        std::fs::read_to_string(dir.join("council.toml"))
            .unwrap()
            .contains("end = 2019-03-31")
    );
    selfeval(["check".as_ref(), dir.as_os_str()]).run().code(0).errors(0);
    std::fs::remove_dir_all(dir).unwrap();
}

// -------------------------------------------------------------------- check

#[test]
fn the_example_council_checks_clean_in_both_years() {
    for year in ["2025", "2026"] {
        let dir = root().join("examples/northbrook").join(year);
        selfeval(["check".as_ref(), dir.as_os_str()])
            .run()
            .code(0)
            .errors(0)
            .stderr_has("Northbrook");
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
    selfeval(["check".as_ref(), dir.as_os_str()])
        .run()
        .code(0)
        .errors(0)
        .warning_at(
            "indicators.toml",
            line,
            "indicator `missing-rhi-offered` (Return home interviews offered within 72 hours) has no value",
        );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn valid_fixtures_pass() {
    selfeval(["check", &fixture("valid/minimal-2018")])
        .run()
        .code(0)
        .errors(0)
        .stderr_has("(ilacs-2018)");
    selfeval(["check", &fixture("valid/custom-framework")])
        .run()
        .code(0)
        .errors(0)
        .stderr_has("(fixture-ilacs-2026)");
}

#[test]
fn windows_line_endings_and_byte_order_marks_are_read() {
    let dir = temp_dir("crlf");
    copy_dir(Path::new(&fixture("valid/custom-framework")), &dir);
    for file in ["council.toml", "findings/help-protection.toml"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap().replace('\n', "\r\n");
        std::fs::write(dir.join(file), format!("\u{feff}{text}")).unwrap();
    }
    selfeval(["check".as_ref(), dir.as_os_str()]).run().code(0).errors(0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn warnings_fail_the_check_only_when_denied() {
    let dir = fixture("valid/minimal-2018");
    selfeval(["check", &dir]).run().code(0);
    selfeval(["check", &dir, "--deny-warnings"]).run().code(1);
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    selfeval(["check", "no/such/folder"])
        .run()
        .code(2)
        .stderr_has("there is no folder `no/such/folder`");
}

#[test]
fn three_problems_in_one_file_are_all_reported() {
    selfeval(["check", &fixture("invalid/three-in-one-file")])
        .run()
        .code(1)
        .errors(3)
        .error_at("findings/help-protection.toml", 4, "unknown field `sumary`")
        .explains("unknown field `sumary`", "did you mean `summary`?")
        .error_at("findings/help-protection.toml", 8, "unknown descriptor `hp.asessments`")
        .explains("unknown descriptor `hp.asessments`", "did you mean `hp.assessments`?")
        .error_at("findings/help-protection.toml", 16, "invalid date")
        .explains("invalid date", "dates are written YYYY-MM-DD");
}

#[test]
fn each_kind_of_error_names_its_file_and_line() {
    let check = |name: &str| selfeval(["check", &fixture(&format!("invalid/{name}"))]).run();

    check("syntax-error")
        .code(1)
        .error_at("findings/help-protection.toml", 3, "this is not valid TOML");
    check("unknown-field")
        .code(1)
        .errors(1)
        .error_at("findings/help-protection.toml", 4, "unknown field `sumary`")
        .explains(
            "sumary",
            "expected: one of `descriptor`, `rating`, `summary`, `impact`, `source`",
        );
    check("wrong-type")
        .code(1)
        .error_at("indicators.toml", 3, "wrong type of value: found text \"23.9%\"")
        .explains("wrong type", "expected: a number");
    check("unknown-descriptor")
        .code(1)
        .error_at("findings/help-protection.toml", 2, "unknown descriptor `hp.frontdoor`")
        .explains("hp.frontdoor", "did you mean `hp.front-door`?");
    check("replaced-descriptor")
        .code(1)
        .error_at(
            "findings/help-protection.toml",
            2,
            "descriptor `hp.early-help` is not in ilacs-2026",
        )
        .explains("hp.early-help", "replaced by `hp.family-help`");
    check("unknown-indicator")
        .code(1)
        .error_at("indicators.toml", 2, "unknown indicator `re-referals-12m`")
        .explains("re-referals-12m", "did you mean `re-referrals-12m`?");
    check("duplicate-finding")
        .code(1)
        .error_at(
            "findings/help-protection.toml",
            14,
            "a second finding for `hp.front-door`",
        )
        .explains("a second finding", "the first is at");
    check("source-after-period").code(1).error_at(
        "findings/help-protection.toml",
        10,
        "dated after the reporting period ends (31 March 2026)",
    );
    check("source-in-future")
        .code(1)
        .error_at("findings/help-protection.toml", 10, "dated in the future");
    // "Today" comes from SOURCE_DATE_EPOCH when it is set: in June 2031 the same date is past.
    selfeval(["check", &fixture("invalid/source-in-future")])
        .env("SOURCE_DATE_EPOCH", "1938297600")
        .run()
        .code(0)
        .errors(0);
    check("missing-field")
        .code(1)
        .error_at("findings/help-protection.toml", 7, "this source has no `date`")
        .explains("has no `date`", "date = 2026-01-20");
    check("action-unknown-descriptor")
        .code(1)
        .errors(1)
        .error_at("actions.toml", 3, "unknown descriptor `hp.plan`")
        .explains("hp.plan`", "did you mean `hp.plans`?");
    check("previous-missing")
        .code(1)
        .error_at("council.toml", 5, "the previous year's folder")
        .explains("previous year's folder", "remove the `previous` line");
    check("percent-over-100")
        .code(1)
        .errors(2)
        .error_at("indicators.toml", 3, "`value` of `assessments-45-days` is over 100%")
        .error_at("indicators.toml", 4, "`previous` of `assessments-45-days` is negative");
    check("unknown-framework")
        .code(1)
        .error_at("council.toml", 2, "unknown framework `ilacs-2027`")
        .explains("ilacs-2027", "did you mean `ilacs-2026`?");
    check("circular-extends")
        .code(1)
        .error_at("b.toml", 2, "extend each other in a circle");
    check("one-step-grade-scale")
        .code(1)
        .error_at("framework.toml", 5, "the grade scale has 1 step");
    check("no-council-file")
        .code(1)
        .error_at("council.toml", 0, "this file is missing")
        .explains("this file is missing", "selfeval init");
    check("unknown-rating-and-kind")
        .code(1)
        .errors(2)
        .error_at("findings/help-protection.toml", 3, "unknown rating `good`")
        .explains("unknown rating", "`strong`, `secure`, `developing`, `weak`")
        .error_at("findings/help-protection.toml", 8, "unknown source kind `audit`");
    check("unknown-status")
        .code(1)
        .error_at("actions.toml", 7, "unknown status `complete`")
        .explains("unknown status", "`achieved`");
    check("period-reversed")
        .code(1)
        .error_at("council.toml", 8, "the period ends (1 April 2025) before it starts");
}

#[test]
fn exit_codes_are_documented_in_help() {
    selfeval(["--help"])
        .run()
        .code(0)
        .stdout_has("Exit codes:")
        .stdout_has("1  the council's files have errors");
    selfeval(["check", "--help"])
        .run()
        .code(0)
        .stdout_has("2  usage or system error");
    selfeval(["check"]).run().code(2);
}

// ================================================================ assess and patterns

fn assess_json(dir: &str) -> serde_json::Value {
    let out = selfeval(["assess", dir, "--format", "json"]).run();
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
    let out = selfeval(["assess", "examples/northbrook/2026"]).run();
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

#[test]
fn assess_gives_ofsteds_grades_for_the_two_sample_inspections() {
    let wokingham = assess_json(&fixture("calibration/wokingham-2019"));
    let ri = "requires-improvement".to_string();
    assert_eq!(
        grades(&wokingham),
        [
            ("leaders".to_string(), ri.clone()),
            ("help-protection".into(), ri.clone()),
            ("children-in-care".into(), ri.clone()),
            ("overall".into(), ri.clone()),
        ]
    );
    // The score alone gives each grade; the patterns the report singles out
    // (disabled children; personal education plans) hold the same grade.
    let score_grades: Vec<&str> = wokingham["judgements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["score_grade"].as_str().unwrap())
        .collect();
    assert_eq!(score_grades, ["requires-improvement"; 3]);
    let limits = |j: usize| wokingham["judgements"][j]["limits"].to_string();
    assert!(limits(1).contains("Disabled children"), "{}", limits(1));
    assert!(limits(2).contains("personal education plan"), "{}", limits(2));

    let windsor = assess_json(&fixture("calibration/windsor-maidenhead-2020"));
    assert_eq!(
        grades(&windsor),
        [
            ("leaders".to_string(), "good".to_string()),
            ("help-protection".into(), "good".into()),
            ("children-in-care".into(), ri),
            ("overall".into(), "good".into()),
        ]
    );
}

#[test]
fn assess_refuses_a_folder_with_errors_and_says_where_they_are() {
    selfeval(["assess", &fixture("invalid/three-in-one-file")])
        .run()
        .code(1)
        .stderr_has("Fix the errors above, then run the command again.")
        .errors(3);
}

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
    let out = selfeval(["patterns"]).run();
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
    let list = selfeval(["patterns"]).run();
    let blocks = pattern_blocks(&list.stdout);
    let first = blocks[0].0.split(' ').next().unwrap().to_string();
    selfeval(["patterns", &first])
        .run()
        .code(0)
        .stdout_has("What inspectors found: ")
        .stdout_has("It shows when ")
        .stdout_has("Precedents:");
    let typo = format!("{}x", first);
    selfeval(["patterns", &typo])
        .run()
        .code(2)
        .stderr_has(&format!("did you mean `{first}`?"));
}

// ================================================================ render

/// The text a reader sees in a Markdown document, on one line, with any raw
/// HTML the Markdown would have passed through counted separately.
fn markdown_text(markdown: &str) -> (String, usize) {
    use pulldown_cmark::{Event, Options, Parser};
    let mut text = String::new();
    let mut raw_html = 0;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            // Escapes split text into pieces that belong together.
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(_) | Event::InlineHtml(_) => raw_html += 1,
            _ => text.push(' '),
        }
    }
    (text.split_whitespace().collect::<Vec<_>>().join(" "), raw_html)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(dir: &str, format: &str) -> String {
    let out = selfeval(["render", dir, "--format", format]).run();
    out.code(0);
    out.stdout
}

#[test]
fn the_document_holds_every_finding_action_and_indicator_of_the_example() {
    let evidence = example_evidence();
    let (text, raw_html) = markdown_text(&render("examples/northbrook/2026", "md"));
    assert_eq!(raw_html, 0, "the Markdown holds no raw HTML");
    let html = render("examples/northbrook/2026", "html");
    let missing = |what: &str| !text.contains(&one_line(what));
    for f in &evidence.findings {
        for paragraph in f.summary.split("\n\n").chain(f.impact.split("\n\n")) {
            assert!(
                !missing(paragraph),
                "finding {} not in the document: {paragraph}",
                f.descriptor
            );
        }
        for s in &f.sources {
            assert!(!missing(&s.title) && !missing(&s.showed), "source {} missing", s.title);
        }
    }
    for a in &evidence.actions {
        assert!(!missing(&format!("{}: {}", a.id, a.action)), "action {} missing", a.id);
        assert!(html.contains(&a.id), "action {} missing from the HTML", a.id);
    }
    for i in &evidence.framework.indicators {
        assert!(!missing(&i.title), "indicator {} missing", i.id);
        assert!(
            html.contains(&i.title.replace('\'', "&#39;")) || html.contains(&i.title),
            "indicator {} missing from the HTML",
            i.id
        );
    }
    for heading in [
        "What we know",
        "How we know it",
        "What we will do",
        "Progress since last year",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.contains("<caption>Indicative grade for each judgement</caption>"));
    assert!(html.contains("<strong class=\"label label-good\">Good</strong>"));
}

#[test]
fn evidence_text_is_shown_as_written_and_never_run() {
    let fixture = fixture("valid/injection");
    let md = render(&fixture, "md");
    let (text, raw_html) = markdown_text(&md);
    assert_eq!(raw_html, 0);
    for literal in [
        "Injection {{ council }} <b>Borough</b>",
        "QA | {% if true %}team{% endif %}",
        "Text with {{ 7 * 7 }} and {% for x in range(3) %}loop{% endfor %} and {# a comment #}.",
        "# Not a heading * not a list item *and not emphasis* | not | a | table row |",
        "<script>alert(\"x\")</script> and <img src=x onerror=alert(1)> and [a link](javascript:alert(1)).",
        "Back\\slash, `code`, ~strike~, &amp; and a trailing pipe | and a tick ✓ the PDF font lacks",
        "Act on | {{ action }} | <em>now</em>",
        "Audit | with a pipe and **bold**",
    ] {
        assert!(text.contains(literal), "not shown literally: {literal}\n{text}");
    }
    // Markdown structure is the templates' alone: no heading, list or link from evidence.
    assert!(!md.contains("\n# Not a heading"));
    assert!(!text.contains("49"), "template code in evidence was run");
    let html = render(&fixture, "html");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<img"));
    assert!(!html.contains("<b>Borough") && !html.contains("<em>now</em>"));
    assert!(!lower.contains("href=\"javascript"));
    assert!(html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"));
    assert!(html.contains("<title>Injection {{ council }} &lt;b&gt;Borough&lt;&#x2f;b&gt;: Self-evaluation"));
}

/// Compares with the reference file; `SELFEVAL_BLESS=1 cargo test` writes it.
fn matches_snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os("SELFEVAL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from tests/snapshots/{name} at line {}:\n  expected: {}\n  actual:   {}\n(run SELFEVAL_BLESS=1 cargo test to accept the new output)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn the_example_renders_as_its_reference_files() {
    matches_snapshot("northbrook-2026.md", &render("examples/northbrook/2026", "md"));
    matches_snapshot("northbrook-2026.html", &render("examples/northbrook/2026", "html"));
}

#[test]
fn templates_export_then_override_one_file() {
    let dir = temp_dir("templates");
    selfeval(["templates", "export", dir.to_str().unwrap()])
        .run()
        .code(0)
        .stdout_has("wrote 9 templates");
    assert!(dir.join("judgement.md").is_file() && dir.join("style.css").is_file());
    // A second export never overwrites.
    std::fs::write(
        dir.join("summary.md"),
        "## Summary\n\nOur own summary for {{ council }}.\n",
    )
    .unwrap();
    selfeval(["templates", "export", dir.to_str().unwrap()])
        .run()
        .code(2)
        .stderr_has("nothing was written");
    assert!(
        std::fs::read_to_string(dir.join("summary.md"))
            .unwrap()
            .contains("Our own summary")
    );

    // Only summary.md differs from the built-in set: the rest is unchanged.
    let only = temp_dir("templates-one");
    std::fs::create_dir_all(&only).unwrap();
    std::fs::copy(dir.join("summary.md"), only.join("summary.md")).unwrap();
    let out = selfeval([
        "render",
        "examples/northbrook/2026",
        "--templates",
        only.to_str().unwrap(),
    ])
    .run();
    out.code(0)
        .stdout_has("Our own summary for Northbrook.")
        .stdout_has("## The experiences and progress of care leavers");
    assert!(!out.stdout.contains("### Our strongest areas"));
}

#[test]
fn a_template_error_names_the_template_line_and_variable_and_writes_nothing() {
    let dir = temp_dir("templates-broken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("summary.md"),
        "## Summary\n\nFirst line.\n{{ council }} and {{ chapters[0].gradee }}\n",
    )
    .unwrap();
    let out_file = temp_dir("render-out").with_extension("md");
    std::fs::write(&out_file, "the previous document").unwrap();
    selfeval([
        "render",
        "examples/northbrook/2026",
        "--templates",
        dir.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ])
    .run()
    .code(1)
    .error_at("summary.md", 4, "`chapters[0].gradee` is not defined")
    .stderr_has("nothing was written");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "the previous document");

    std::fs::write(dir.join("summary.md"), "## Summary\n{% for x in chapters %}\n").unwrap();
    selfeval([
        "render",
        "examples/northbrook/2026",
        "--templates",
        dir.to_str().unwrap(),
    ])
    .run()
    .code(1)
    .stderr_has("in template `summary.md`: this template is not valid");
}

#[test]
fn render_writes_the_file_it_is_given() {
    let out_file = temp_dir("render-html").with_extension("html");
    selfeval([
        "render",
        "examples/northbrook/2026",
        "--format",
        "html",
        "-o",
        out_file.to_str().unwrap(),
    ])
    .run()
    .code(0)
    .stderr_has("wrote ");
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.trim_end().ends_with("</html>"));
    selfeval(["render", "examples/northbrook/2026", "--templates", "no/such/folder"])
        .run()
        .code(2)
        .stderr_has("the templates folder no/such/folder does not exist");
}

// ================================================================ PDF

/// A rendered PDF, read back with lopdf.
struct PdfFile {
    doc: lopdf::Document,
}

fn render_pdf(dir: &str, name: &str) -> (PdfFile, Outcome) {
    let path = temp_dir(name).with_extension("pdf");
    let out = selfeval(["render", dir, "--format", "pdf", "-o", path.to_str().unwrap()]).run();
    out.code(0);
    let bytes = std::fs::read(&path).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
    (PdfFile { doc }, out)
}

impl PdfFile {
    /// Every word of the body of every page, in drawing order, on one line:
    /// the running header and footer that open each page are left out.
    fn text(&self) -> String {
        let title = self.info("Title");
        let pages = self.doc.get_pages();
        let total = pages.len();
        let mut out = Vec::new();
        for (n, _) in pages {
            let page = one_line(&self.doc.extract_text(&[n]).unwrap());
            let furniture = [title.as_str(), "OFFICIAL-SENSITIVE", &format!("Page {n} of {total}")];
            let mut body = page.as_str();
            loop {
                let before = body;
                for f in furniture {
                    body = body.strip_prefix(f).unwrap_or(body).trim_start();
                }
                if body == before {
                    break;
                }
            }
            out.push(body.to_string());
        }
        out.join(" ")
    }

    fn info(&self, key: &str) -> String {
        let info = self
            .doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .unwrap();
        let dict = self.doc.get_dictionary(info).unwrap();
        lopdf::decode_text_string(dict.get(key.as_bytes()).unwrap()).unwrap()
    }

    /// The outline as (depth, title), depth first.
    fn outline(&self) -> Vec<(usize, String)> {
        fn walk(doc: &lopdf::Document, first: Option<lopdf::ObjectId>, depth: usize, out: &mut Vec<(usize, String)>) {
            let mut next = first;
            while let Some(id) = next {
                let item = doc.get_dictionary(id).unwrap();
                out.push((depth, lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap()));
                let child = item.get(b"First").and_then(lopdf::Object::as_reference).ok();
                walk(doc, child, depth + 1, out);
                next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
            }
        }
        let catalog = self.doc.catalog().unwrap();
        let root = catalog.get(b"Outlines").and_then(lopdf::Object::as_reference).unwrap();
        let first = self
            .doc
            .get_dictionary(root)
            .unwrap()
            .get(b"First")
            .and_then(lopdf::Object::as_reference)
            .ok();
        let mut out = Vec::new();
        walk(&self.doc, first, 0, &mut out);
        out
    }
}

#[test]
fn the_pdf_holds_the_whole_document_in_order() {
    let evidence = example_evidence();
    let (pdf, _) = render_pdf("examples/northbrook/2026", "northbrook");
    let text = pdf.text();
    let mut at = 0;
    for heading in [
        "Contents",
        "Summary",
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
        "Progress since last year",
        "Appendix: index of sources",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found;
    }
    for f in &evidence.findings {
        for paragraph in f.summary.split("\n\n").chain(f.impact.split("\n\n")) {
            assert!(
                text.contains(&one_line(paragraph)),
                "finding {} missing: {paragraph}",
                f.descriptor
            );
        }
    }
    for a in &evidence.actions {
        assert!(
            text.contains(&one_line(&format!("{}: {}", a.id, a.action))),
            "action {} missing",
            a.id
        );
    }
    for i in &evidence.framework.indicators {
        assert!(text.contains(&i.title), "indicator {} missing", i.id);
    }

    // A chart of the indicators in each of the four chapters, values labelled.
    assert_eq!(
        text.matches("Chart: each indicator this year, against England and last year")
            .count(),
        4
    );
    assert!(
        text.contains("This year England Last year"),
        "the chart's key names its colours"
    );

    let pages = pdf.doc.get_pages().len();
    assert!(pages > 20, "{pages} pages");
    let last = pdf.doc.extract_text(&[pages as u32]).unwrap();
    assert!(one_line(&last).contains(&format!("Page {pages} of {pages}")));
    assert_eq!(
        pdf.info("Title"),
        "Northbrook: Self-evaluation of social work practice, 2025-26"
    );
    assert_eq!(pdf.info("Author"), "Northbrook");
    assert!(pdf.info("Subject").starts_with("Self-evaluation for Ofsted (ILACS)"));
    assert!(
        pdf.info("CreationDate").starts_with("D:20260520"),
        "{}",
        pdf.info("CreationDate")
    );
    let catalog = pdf.doc.catalog().unwrap();
    assert_eq!(
        lopdf::decode_text_string(catalog.get(b"Lang").unwrap()).unwrap(),
        "en-GB"
    );
    assert!(
        pdf.doc
            .objects
            .values()
            .any(|o| o.as_dict().is_ok_and(|d| d.has(b"FontFile2"))),
        "the font is embedded"
    );

    let outline = pdf.outline();
    assert_eq!(
        outline[0],
        (0, "Northbrook: Self-evaluation of social work practice".to_string())
    );
    assert!(outline.contains(&(1, "Summary".to_string())));
    let chapter = outline
        .iter()
        .position(|o| o == &(1, "The experiences and progress of care leavers".to_string()))
        .expect("chapters are second-level bookmarks");
    assert_eq!(outline[chapter + 1], (2, "What we know".to_string()));
}

#[test]
fn the_same_evidence_gives_the_same_bytes_whatever_the_clock_and_folder() {
    // The second run has another clock and starts elsewhere, naming the
    // folder by its full path: neither may reach the document.
    let absolute = root().join("examples/northbrook/2026");
    let elsewhere = std::env::temp_dir();
    for format in ["md", "html", "pdf"] {
        let first = temp_dir(&format!("same-1-{format}"));
        let second = temp_dir(&format!("same-2-{format}"));
        selfeval([
            "render",
            "examples/northbrook/2026",
            "--format",
            format,
            "-o",
            first.to_str().unwrap(),
        ])
        .run()
        .code(0);
        let mut again = selfeval([
            "render",
            absolute.to_str().unwrap(),
            "--format",
            format,
            "-o",
            second.to_str().unwrap(),
        ])
        .env("SOURCE_DATE_EPOCH", "1900000000");
        again.command.current_dir(&elsewhere);
        again.run().code(0);
        let (a, b) = (std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
        assert!(a == b, "two {format} renders differ");
    }
}

#[test]
fn a_render_killed_midway_leaves_the_old_file_or_the_whole_new_one() {
    let dir = temp_dir("killed");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("self-evaluation.pdf");
    let complete = dir.join("complete.pdf");
    let args = |out: &Path| -> Vec<String> {
        [
            "render",
            "examples/northbrook/2026",
            "--format",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec()
    };
    selfeval(args(&complete)).run().code(0);
    let new = std::fs::read(&complete).unwrap();
    let old = b"%PDF-1.7 last year's document, which must survive".to_vec();
    for delay_ms in (0..120).step_by(8) {
        std::fs::write(&target, &old).unwrap();
        let mut run = selfeval(args(&target));
        run.command.stderr(std::process::Stdio::null());
        let mut child = run.command.spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == old || now == new,
            "killed after {delay_ms} ms, the file is neither old nor new"
        );
    }
    // What a killed run can leave behind says what it was.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["self-evaluation.pdf", "complete.pdf"].contains(&name.as_str())
                || (name.starts_with(".self-evaluation.pdf.") && name.ends_with(".part")),
            "a leftover that does not say what it is: {name}"
        );
    }
    // A failed write (the folder is gone) leaves nothing behind and says so.
    selfeval(args(&dir.join("no/such/folder/out.pdf")))
        .run()
        .code(2)
        .stderr_has("no/such/folder");
}

#[test]
fn characters_the_font_cannot_draw_are_shown_and_reported() {
    let (pdf, out) = render_pdf(&fixture("valid/injection"), "injection");
    out.stderr_has(
        "warning: findings/help-protection.toml:1, finding hp.front-door, impact: the font cannot draw '✓' (U+2713)",
    );
    assert!(pdf.text().contains("and a tick ? the PDF font lacks"));
    assert!(
        pdf.text().contains("<script>alert(\"x\")</script>"),
        "evidence shows as written"
    );
}

// ================================================================ compare

fn compare_json(old: &str, new: &str) -> serde_json::Value {
    let out = selfeval(["compare", old, new, "--format", "json"]).run();
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

    // Grades, and the reasons that changed: the re-referral pattern went.
    let hp = c["grades"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["judgement"] == "help-protection")
        .unwrap();
    assert_eq!(hp["movement"], "No change");
    assert!(hp["gone_reasons"].to_string().contains("High re-referral rate"), "{hp}");
    assert!(
        hp["new_reasons"]
            .to_string()
            .contains("Assessments completed within 45 working days"),
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

    let text = selfeval(["compare", old, new]).run();
    text.code(0)
        .stdout_has("Overall effectiveness: Requires improvement to be good -> Not graded under ilacs-2026")
        .stdout_has("NB25-13 Not achieved, overdue (due 31 December 2025)")
        .stdout_has("Not re-reviewed: The local offer, financial support and entitlements");
    let text = one_line(&text.stdout);
    for title in &moved {
        assert!(text.contains(title.as_str()), "text lacks {title}");
    }

    let dir = temp_dir("compare-formats");
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["md", "html", "pdf"] {
        let path = dir.join(format!("compare.{format}"));
        selfeval(["compare", old, new, "--format", format, "-o", path.to_str().unwrap()])
            .run()
            .code(0);
        let body = match format {
            "md" => markdown_text(&std::fs::read_to_string(&path).unwrap()).0,
            "html" => std::fs::read_to_string(&path).unwrap().replace("&#39;", "'"),
            _ => {
                let bytes = std::fs::read(&path).unwrap();
                let doc = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
                one_line(&PdfFile { doc }.text())
            }
        };
        for title in &moved {
            assert!(body.contains(title.as_str()), "{format} lacks {title}");
        }
        for (id, outcome) in &actions {
            assert!(body.contains(id.as_str()), "{format} lacks {id}");
            assert!(body.contains(outcome.as_str()), "{format} lacks {outcome}");
        }
    }
}

#[test]
fn compare_refuses_the_same_folder_other_councils_and_the_wrong_order() {
    selfeval(["compare", "examples/northbrook/2026", "examples/northbrook/2026/"])
        .run()
        .code(2)
        .stderr_has("both folders are examples/northbrook/2026/");
    selfeval(["compare", &fixture("compare/2025"), "examples/northbrook/2026"])
        .run()
        .code(2)
        .stderr_has("these folders are for different councils")
        .stderr_has("\"Fixture Borough\"")
        .stderr_has("\"Northbrook\"");
    selfeval(["compare", "examples/northbrook/2026", "examples/northbrook/2025"])
        .run()
        .code(2)
        .stderr_has("examples/northbrook/2026 covers 2025-26, which is after examples/northbrook/2025 (2024-25)")
        .stderr_has("Did you mean `selfeval compare examples/northbrook/2025 examples/northbrook/2026`?");
}

#[test]
fn render_with_a_previous_folder_adds_the_progress_chapter_in_every_format() {
    let dir = fixture("compare/2026");
    let (md, _) = markdown_text(&render(&dir, "md"));
    for expected in [
        "Progress since last year",
        "Indicators that moved since last year",
        "FB-06: Publish an early help directory for schools.",
        "Not reported this year",
        "Not re-reviewed this year: summary, impact and sources are unchanged from 2024-25.",
    ] {
        assert!(md.contains(expected), "Markdown lacks {expected}");
    }
    assert!(!md.contains("Progress against last year's actions"));
    let html = render(&dir, "html");
    assert!(html.contains("<h2 id=\"progress-since-last-year\">Progress since last year</h2>"));
    let (pdf, _) = render_pdf(&dir, "compare-2026");
    assert!(pdf.text().contains("Progress since last year"));
    assert!(pdf.outline().iter().any(|(_, t)| t == "Progress since last year"));
}

#[test]
fn render_refuses_a_previous_folder_of_another_council_and_writes_nothing() {
    let out_file = temp_dir("previous-other").with_extension("md");
    selfeval([
        "render",
        &fixture("invalid/previous-other-council"),
        "-o",
        out_file.to_str().unwrap(),
    ])
    .run()
    .code(1)
    .error_at("council.toml", 6, "these folders are for different councils")
    .stderr_has("examples/northbrook/2025` says \"Northbrook\"");
    assert!(!out_file.exists(), "nothing is written");
}

mod corpus;
mod properties;

// ================================================================ personal data

#[test]
fn check_finds_every_planted_item_of_personal_data_and_never_prints_it() {
    let out = selfeval(["check", &fixture("personal-data")]).run();
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

#[test]
fn render_refuses_personal_data_unless_allowed_and_the_example_has_none() {
    let out_file = temp_dir("personal").with_extension("md");
    let path = out_file.to_str().unwrap();
    selfeval(["render", &fixture("personal-data"), "-o", path])
        .run()
        .code(1)
        .stderr_has("error: 10 places in the evidence may identify a child or family, so nothing was written")
        .stderr_has("--allow-personal-data");
    assert!(!out_file.exists());
    selfeval(["render", &fixture("personal-data"), "-o", path, "--allow-personal-data"])
        .run()
        .code(0);
    assert!(out_file.exists());
    for dir in ["examples/northbrook/2025", "examples/northbrook/2026"] {
        let out = selfeval(["check", dir]).run();
        assert!(
            !out.stderr.contains("may identify a child or family"),
            "false alarm in {dir}:\n{}",
            out.stderr
        );
    }
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
        selfeval(["compare", old, new, "--format", format, "-o", out_path])
            .run()
            .code(1)
            .stderr_has("error: 1 place in the evidence may identify a child or family, so nothing was written")
            .stderr_has("actions.toml:10:");
        assert!(!out_file.exists(), "{format} written");
        selfeval([
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
    selfeval(["compare", old, new]).run().code(0);
}

#[test]
fn a_last_year_figure_that_differs_from_last_years_folder_is_questioned() {
    let dir = temp_dir("previous-figure");
    copy_dir(&root().join("examples/northbrook"), &dir);
    let indicators = dir.join("2026/indicators.toml");
    let text = std::fs::read_to_string(&indicators).unwrap();
    std::fs::write(&indicators, text.replacen("previous = 27.4", "previous = 27.9", 1)).unwrap();
    let this_year = dir.join("2026");
    selfeval(["check", this_year.to_str().unwrap()])
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
    let out = selfeval(["check", this_year.to_str().unwrap()]).run();
    out.code(0);
    assert!(!out.stderr.contains("but last year's folder gives"), "{}", out.stderr);
}

#[test]
fn completions_and_man_pages_cover_every_command() {
    use clap::CommandFactory;
    let commands: Vec<String> = selfeval::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let script = selfeval(["completions", "bash"]).run();
    script.code(0);
    for name in &commands {
        assert!(script.stdout.contains(name.as_str()), "completion lacks {name}");
    }
    assert!(script.stdout.contains("--allow-personal-data"));

    let dir = temp_dir("man").join("man1");
    selfeval(["man", dir.to_str().unwrap()])
        .run()
        .code(0)
        .stdout_has(&format!("wrote {} manual pages", commands.len() + 1));
    for name in commands.iter().filter(|n| *n != "help") {
        let page = std::fs::read_to_string(dir.join(format!("selfeval-{name}.1")))
            .unwrap_or_else(|_| panic!("no manual page for {name}"));
        assert!(page.contains(".SH \"EXIT STATUS\""), "{name}: no exit status");
        assert!(page.contains("usage or system error"), "{name}: exit codes missing");
    }
    let render = std::fs::read_to_string(dir.join("selfeval-render.1")).unwrap();
    assert!(render.contains("allow\\-personal\\-data"), "{render}");
    // Written again, the same bytes: the pages carry no date.
    let before = std::fs::read(dir.join("selfeval.1")).unwrap();
    selfeval(["man", dir.to_str().unwrap()]).run().code(0);
    assert_eq!(before, std::fs::read(dir.join("selfeval.1")).unwrap());
}

#[test]
fn no_command_changes_the_councils_evidence_files() {
    // Copies, so that a failure could not damage the repository's example.
    let dir = temp_dir("untouched");
    copy_dir(&root().join("examples/northbrook"), &dir);
    let snapshot = |d: &Path| -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        let mut files = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                    files.push((path.clone(), std::fs::read(&path).unwrap(), modified));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(&dir);
    let (old, new) = (dir.join("2025"), dir.join("2026"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let out = temp_dir("untouched-out");
    std::fs::create_dir_all(&out).unwrap();
    let o = |name: &str| out.join(name).to_str().unwrap().to_string();
    for args in [
        vec!["check", new],
        vec!["assess", new, "--format", "json"],
        vec!["render", new, "-o", &o("doc.md")],
        vec!["render", new, "--format", "html", "-o", &o("doc.html")],
        vec!["render", new, "--format", "pdf", "-o", &o("doc.pdf")],
        vec!["compare", old, new, "--format", "json", "-o", &o("compare.json")],
        vec!["init", new, "--council", "Northbrook"],
    ] {
        selfeval(&args).run();
    }
    assert!(
        before == snapshot(&dir),
        "a command changed a file in the evidence folders"
    );
}
