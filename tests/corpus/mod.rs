//! The bad-input corpus: every folder under tests/fixtures/invalid/ and
//! the inputs generated at run time, each with the message it must give.
//!
//! One row per case in [`CASES`]: the fixture folder (or a generated input),
//! the arguments, the exit code, the file and line the message must point at
//! and what it must say. [`every_bad_input_gets_the_message_a_council_needs`]
//! runs them all and names every case that fails, not only the first. A folder
//! under tests/fixtures/invalid/ without a row fails the test, and so does a
//! row naming a folder that is not there.
//!
//! In the arguments, `{dir}` is the case's folder (the fixture, or the folder
//! generated for it), `{valid}` a valid council folder, and `{out}` a path
//! that does not exist before the run and must not exist after it: nothing is
//! written when the input is bad.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use super::{copy_dir, fixture, selfeval, temp_dir};

/// How the message is given.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A diagnostic block: `error: MESSAGE`, then `--> file:line:col`.
    Error,
    /// The same, as a warning.
    Warning,
    /// One line, `error: MESSAGE`: a usage or system problem (exit code 2),
    /// or a problem reported without a place.
    Line,
}

struct Case {
    /// A folder under tests/fixtures/invalid/, or `generated/...` for an
    /// input made at run time (see [`Generated`]).
    name: &'static str,
    args: &'static [&'static str],
    code: i32,
    kind: Kind,
    /// The end of the path of the file the message names ("" for none).
    file: &'static str,
    /// The line the message points at (0: the whole file, or no file).
    line: usize,
    /// The column, where it is checked (0: not checked).
    col: usize,
    /// The message contains the first; the second is in its explanation
    /// (expected, hint) or, for [`Kind::Line`], anywhere in stderr.
    says: &'static [&'static str],
    /// How many errors the summary counts, where the fixture holds one problem.
    errors: Option<usize>,
    /// What must not be said: echoes of the problem, which would only repeat it.
    quiet: &'static [&'static str],
}

const DIR: &str = "{dir}";
const OUT: &str = "{out}";
const CHECK: &[&str] = &["check", DIR];
const RENDER: &[&str] = &["render", DIR, "-o", OUT];

const ROW: Case = Case {
    name: "",
    args: CHECK,
    code: 1,
    kind: Kind::Error,
    file: "",
    line: 0,
    col: 0,
    says: &[],
    errors: None,
    quiet: &[],
};

/// What no message may contain: a crash, or words only a programmer reads.
const NEVER: &[&str] = &[
    "panicked",
    "RUST_BACKTRACE",
    "(os error",
    "/.tmp",
    " as i128",
    "i64",
    "u64",
    "f64",
];

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ------------------------------------------------------------ broken TOML
    Case { name: "syntax-error", file: "findings/help-protection.toml", line: 3,
        says: &["this is not valid TOML", "text goes in double quotes"], errors: Some(1),
        quiet: &["no finding for `hp.", "has no rating of your own"], ..ROW },
    Case { name: "stray-quote", file: "findings/care-leavers.toml", line: 7,
        says: &["this is not valid TOML", "line 6 opens the text with two quotes"], errors: Some(1),
        quiet: &["no finding for `cl."], ..ROW },
    Case { name: "unclosed-string", file: "council.toml", line: 2, col: 27,
        says: &["this is not valid TOML: invalid basic string", "text goes in double quotes"], errors: Some(1), ..ROW },
    Case { name: "missing-bracket", file: "findings/children-in-care.toml", line: 8, col: 18,
        says: &["this is not valid TOML: unclosed array table", "`]`"], errors: Some(1),
        quiet: &["no finding for `cic."], ..ROW },
    Case { name: "duplicate-key", file: "council.toml", line: 6,
        says: &["`marking` is given twice", "the first `marking` is on line 5"], errors: Some(1), ..ROW },
    Case { name: "empty-council-file", file: "council.toml", line: 1,
        says: &["council.toml has no `council`", "council = \"Northbrook\""], ..ROW },
    Case { name: "empty-findings-file", code: 0, kind: Kind::Warning, file: "findings/help-protection.toml",
        says: &["no finding for `hp.front-door`", "descriptor = \"hp.front-door\""], ..ROW },
    Case { name: "byte-order-mark", file: "council.toml", line: 4, col: 1,
        says: &["unknown field `prepard_by`", "did you mean `prepared_by`?"], errors: Some(1), ..ROW },
    Case { name: "crlf-line-endings", file: "findings/children-in-care.toml", line: 12, col: 8,
        says: &["unknown source kind `audit`", "`case-audit`"], errors: Some(1), ..ROW },

    // ------------------------------------------------------------ wrong types
    Case { name: "wrong-type", file: "indicators.toml", line: 3,
        says: &["wrong type of value: found text \"23.9%\"", "expected: a number"],
        quiet: &["indicator `re-referrals-12m` ("], ..ROW },
    Case { name: "rating-number", file: "findings/children-in-care.toml", line: 4, col: 10,
        says: &["wrong type of value: found the number `3`", "text in quotes"], errors: Some(1), ..ROW },
    Case { name: "date-as-number", file: "findings/children-in-care.toml", line: 11,
        says: &["wrong type of value: found the number `20190115`", "YYYY-MM-DD"], errors: Some(1), ..ROW },
    Case { name: "list-for-text", file: "findings/children-in-care.toml", line: 10,
        says: &["wrong type of value: found a list", "text in quotes"], errors: Some(1), ..ROW },
    Case { name: "action-due-not-date", file: "actions.toml", line: 7,
        says: &["`next spring` is not a date", "YYYY-MM-DD"], errors: Some(1), ..ROW },

    // ------------------------------------------------------------ numbers
    Case { name: "huge-float", file: "indicators.toml", line: 4,
        says: &["too large"], errors: Some(1), ..ROW },
    Case { name: "huge-integer", file: "indicators.toml", line: 4,
        says: &["too large"], errors: Some(1), ..ROW },
    Case { name: "negative-percent", file: "indicators.toml", line: 4,
        says: &["`value` of `assessments-45-days` is negative", "a percentage from 0 to 100"], errors: Some(1), ..ROW },
    Case { name: "percent-over-100", file: "indicators.toml", line: 3,
        says: &["`value` of `assessments-45-days` is over 100%", "a percentage from 0 to 100"], errors: Some(2), ..ROW },

    // ------------------------------------------------------------ dates
    Case { name: "date-february-30", file: "findings/children-in-care.toml", line: 11,
        says: &["invalid date", "must be real days"], errors: Some(1), ..ROW },
    Case { name: "date-month-13", file: "council.toml", line: 8,
        says: &["invalid date, expected month between 01 and 12", "YYYY-MM-DD"], errors: Some(1), ..ROW },
    Case { name: "period-reversed", file: "council.toml", line: 8,
        says: &["the period ends (1 April 2025) before it starts"], ..ROW },
    Case { name: "source-after-period", file: "findings/help-protection.toml", line: 10,
        says: &["dated after the reporting period ends (31 March 2026)", "next year's folder"], ..ROW },
    Case { name: "source-in-future", file: "findings/help-protection.toml", line: 10,
        says: &["dated in the future"], ..ROW },

    // ------------------------------------------------------------ names, ids and fields
    Case { name: "unknown-field", file: "findings/help-protection.toml", line: 4,
        says: &["unknown field `sumary`", "did you mean `summary`?"], ..ROW },
    Case { name: "near-miss-key", file: "council.toml", line: 3,
        says: &["unknown field `framwork`", "did you mean `framework`?"], errors: Some(1), ..ROW },
    Case { name: "three-in-one-file", file: "findings/help-protection.toml", line: 8,
        says: &["unknown descriptor `hp.asessments`", "did you mean `hp.assessments`?"], errors: Some(3), ..ROW },
    Case { name: "three-in-one-file", args: RENDER, file: "findings/help-protection.toml", line: 16,
        says: &["invalid date", "YYYY-MM-DD"], errors: Some(3), ..ROW },
    Case { name: "unknown-descriptor", file: "findings/help-protection.toml", line: 2,
        says: &["unknown descriptor `hp.frontdoor`", "did you mean `hp.front-door`?"],
        quiet: &["no finding for `hp.front-door`"], ..ROW },
    Case { name: "replaced-descriptor", file: "findings/help-protection.toml", line: 2,
        says: &["descriptor `hp.early-help` is not in ilacs-2026", "replaced by `hp.family-help`"],
        quiet: &["no finding for `hp.family-help`"], ..ROW },
    Case { name: "duplicate-finding", file: "findings/help-protection.toml", line: 14,
        says: &["a second finding for `hp.front-door`", "the first is at"], ..ROW },
    Case { name: "missing-field", file: "findings/help-protection.toml", line: 7,
        says: &["this source has no `date`", "date = 2026-01-20"], ..ROW },
    Case { name: "unknown-rating-and-kind", file: "findings/help-protection.toml", line: 3,
        says: &["unknown rating `good`", "`strong`, `secure`, `developing`, `weak`"], errors: Some(2), ..ROW },
    Case { name: "unknown-indicator", file: "indicators.toml", line: 2,
        says: &["unknown indicator `re-referals-12m`", "did you mean `re-referrals-12m`?"], ..ROW },
    Case { name: "indicator-id-misspelt", file: "indicators.toml", line: 3,
        says: &["unknown indicator `re_referrals_12m`", "did you mean `re-referrals-12m`?"], errors: Some(1), ..ROW },
    Case { name: "action-unknown-descriptor", file: "actions.toml", line: 3,
        says: &["unknown descriptor `hp.plan`", "did you mean `hp.plans`?"], errors: Some(1), ..ROW },
    Case { name: "unknown-status", file: "actions.toml", line: 7,
        says: &["unknown status `complete`", "`achieved`"], ..ROW },
    Case { name: "no-council-file", file: "council.toml",
        says: &["this file is missing", "selfeval init"], ..ROW },

    // ------------------------------------------------------------ empty text
    Case { name: "council-name-empty", code: 0, kind: Kind::Warning, file: "council.toml", line: 2,
        says: &["`council` is not filled in", "council = \"Northbrook\""], ..ROW },
    // The document's title is the council's name: it is not written without one.
    Case { name: "council-name-empty", args: RENDER, file: "council.toml", line: 2,
        says: &["`council` is not filled in", "council = \"Northbrook\""], ..ROW },
    Case { name: "source-empty-title", file: "findings/children-in-care.toml", line: 10,
        says: &["`title`"], errors: Some(1), ..ROW },
    Case { name: "finding-empty-summary", code: 0, kind: Kind::Warning, file: "findings/children-in-care.toml", line: 2,
        says: &["the finding for `cl.pathway-plans` is not written yet", "fill in summary"], ..ROW },

    // ------------------------------------------------------------ previous
    Case { name: "previous-missing", file: "council.toml", line: 5,
        says: &["the previous year's folder", "remove the `previous` line"], ..ROW },
    Case { name: "previous-windows-path", file: "council.toml", line: 6,
        says: &["does not exist", "forward slashes"], errors: Some(1), ..ROW },
    Case { name: "previous-self", file: "council.toml", line: 6,
        says: &["`previous` names this folder itself"], errors: Some(1), ..ROW },
    Case { name: "previous-not-evidence", file: "council.toml", line: 6,
        says: &["has no council.toml, so it is not an evidence folder"], errors: Some(1), ..ROW },
    // `check` tells everything that would stop `render`.
    Case { name: "previous-other-council", file: "council.toml", line: 6,
        says: &["these folders are for different councils"], ..ROW },
    Case { name: "previous-other-council", args: RENDER, file: "council.toml", line: 6,
        says: &["these folders are for different councils"], ..ROW },

    // ------------------------------------------------------------ frameworks
    Case { name: "unknown-framework", file: "council.toml", line: 2,
        says: &["unknown framework `ilacs-2027`", "did you mean `ilacs-2026`?"], ..ROW },
    Case { name: "circular-extends", file: "b.toml", line: 2,
        says: &["extend each other in a circle", "a base framework with no `extends`"], ..ROW },
    Case { name: "circular-extends", args: &["frameworks", "{dir}/a.toml"], file: "b.toml", line: 2,
        says: &["extend each other in a circle"], errors: Some(1), ..ROW },
    Case { name: "one-step-grade-scale", file: "framework.toml", line: 5,
        says: &["the grade scale has 1 step", "at least two"], ..ROW },
    Case { name: "one-step-grade-scale", args: &["frameworks", "{dir}/framework.toml"], file: "framework.toml", line: 5,
        says: &["the grade scale has 1 step", "copy the [[grade]] entries"], errors: Some(1), ..ROW },

    // ------------------------------------------------------------ templates
    Case { name: "template-syntax-error", args: &["render", "{dir}/council", "--templates", "{dir}/templates", "-o", OUT],
        file: "templates/summary.md", line: 5, col: 20,
        says: &["in template `summary.md`: this template is not valid", "{% if %}"], ..ROW },
    Case { name: "template-missing-include", args: &["render", "{dir}/council", "--templates", "{dir}/templates", "-o", OUT],
        file: "templates/summary.md", line: 4,
        says: &["a template it includes does not exist", "the templates are document.md"], ..ROW },
    Case { name: "template-unknown-name", args: &["render", "{dir}/council", "--format", "html", "--templates", "{dir}/templates", "-o", OUT],
        file: "templates/summary.md", line: 5, col: 27,
        says: &["`chapter.grad` is not defined", "docs/templates.md"], ..ROW },

    // ------------------------------------------------------------ generated at run time
    Case { name: "generated/50-mb-findings-file", file: "findings/help-protection.toml",
        says: &["too large", "10 MB"], errors: Some(1), ..ROW },
    Case { name: "generated/50-mb-findings-file", args: &["render", DIR, "--format", "pdf", "-o", OUT],
        file: "findings/help-protection.toml", says: &["too large"], errors: Some(1), ..ROW },
    Case { name: "generated/binary-findings-file", file: "findings/help-protection.toml",
        says: &["not UTF-8 text", "save it as UTF-8"], errors: Some(1), ..ROW },
    Case { name: "generated/too-many-sources", file: "findings/children-in-care.toml", line: 2,
        says: &["the finding for `cl.pathway-plans` cites 501 sources; selfeval reads up to 500", "the rest belong in your own records"],
        errors: Some(1), ..ROW },
    Case { name: "generated/too-many-actions", file: "actions.toml",
        says: &["actions.toml has 2001 actions; selfeval reads up to 2000", "keep the improvement plan"], errors: Some(1), ..ROW },
    Case { name: "generated/same-folder-twice", args: &["compare", "{valid}", "{valid}"], code: 2, kind: Kind::Line,
        says: &["cannot compare: both folders are", "give last year's folder first"], ..ROW },
    Case { name: "generated/same-folder-twice", args: &["compare", "{valid}", "{valid}/.", "--format", "html", "-o", OUT],
        code: 2, kind: Kind::Line, says: &["cannot compare: both folders are"], ..ROW },
    Case { name: "generated/no-such-folder", args: &["check", "{out}"], code: 2, kind: Kind::Line,
        says: &["there is no folder", "selfeval init"], ..ROW },
    Case { name: "generated/output-folder-missing", args: &["render", "{valid}", "-o", "{out}/self-evaluation.md"],
        code: 2, kind: Kind::Line, says: &["could not write", "does not exist"], ..ROW },
];

/// Inputs made at run time, never committed: a temporary folder, removed on drop.
struct Generated {
    root: PathBuf,
}

impl Generated {
    fn make() -> Generated {
        let root = temp_dir("corpus");
        std::fs::create_dir_all(&root).unwrap();
        let valid = Path::new(&fixture("valid/minimal-2018")).to_path_buf();

        // 50 MB of findings: far beyond a hand-written file. Written once.
        let big = root.join("50-mb-findings-file");
        copy_dir(&valid, &big);
        let line = format!("# {}\n", "padding ".repeat(12));
        let mut text = String::with_capacity(50 * 1024 * 1024 + line.len());
        while text.len() < 50 * 1024 * 1024 {
            text.push_str(&line);
        }
        std::fs::write(big.join("findings/help-protection.toml"), text).unwrap();

        // Random-looking bytes that are not UTF-8, as if a spreadsheet or a
        // picture had been saved under the findings file's name.
        let binary = root.join("binary-findings-file");
        copy_dir(&valid, &binary);
        let mut state: u32 = 0x2545_f491;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect();
        assert!(std::str::from_utf8(&bytes).is_err(), "the binary input is not UTF-8");
        std::fs::write(binary.join("findings/help-protection.toml"), bytes).unwrap();

        // Counts beyond any council's evidence (docs/limits.md).
        let sources = root.join("too-many-sources");
        copy_dir(&valid, &sources);
        let mut text = std::fs::read_to_string(sources.join("findings/children-in-care.toml")).unwrap();
        for i in 0..500 {
            text.push_str(&format!(
                "\n[[finding.source]]\nkind = \"case-audit\"\ntitle = \"Audit {i}\"\ndate = 2019-01-15\nshowed = \"Fine.\"\n"
            ));
        }
        std::fs::write(sources.join("findings/children-in-care.toml"), text).unwrap();
        let actions = root.join("too-many-actions");
        copy_dir(&valid, &actions);
        let text: String = (0..2001)
            .map(|i| {
                format!(
                    "[[action]]\nid = \"A-{i}\"\ndescriptors = [\"cl.pathway-plans\"]\naction = \"Do it.\"\nowner = \"Head of Service\"\ndue = 2019-09-30\nstatus = \"in-progress\"\n\n"
                )
            })
            .collect();
        std::fs::write(actions.join("actions.toml"), text).unwrap();

        Generated { root }
    }

    /// The folder `{dir}` stands for in a case.
    fn dir(&self, name: &str) -> String {
        match name.strip_prefix("generated/") {
            Some(generated) => self.root.join(generated).display().to_string(),
            None => fixture(&format!("invalid/{name}")),
        }
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs one case; `Err` says what was wrong.
fn run(case: &Case, dir: &str, out: &Path) -> Result<(), String> {
    let valid = fixture("valid/minimal-2018");
    let out_str = out.display().to_string();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| a.replace(DIR, dir).replace("{valid}", &valid).replace(OUT, &out_str))
        .collect();
    if out.exists() {
        return Err(format!("{} exists before the run", out.display()));
    }
    let outcome = selfeval(&args).run();
    let checked = catch_unwind(AssertUnwindSafe(|| {
        outcome.code(case.code);
        match case.kind {
            Kind::Error | Kind::Warning => {
                let message = case.says[0];
                if matches!(case.kind, Kind::Error) {
                    outcome.error_at(case.file, case.line, message);
                } else {
                    outcome.warning_at(case.file, case.line, message);
                }
                if let Some(text) = case.says.get(1) {
                    outcome.explains(message, text);
                }
                if case.col > 0 {
                    outcome.stderr_has(&format!("{}:{}:{}\n", case.file, case.line, case.col));
                }
            }
            Kind::Line => {
                let message = case.says[0];
                assert!(
                    outcome
                        .stderr
                        .lines()
                        .any(|l| l.starts_with("error: ") && l.contains(message)),
                    "no line `error: ...{message}...` in:\n{}",
                    outcome.stderr
                );
                for text in &case.says[1..] {
                    outcome.stderr_has(text);
                }
                if !case.file.is_empty() {
                    outcome.stderr_has(case.file);
                }
            }
        }
        if let Some(n) = case.errors {
            outcome.errors(n);
        }
    }));
    let mut problems = Vec::new();
    if let Err(payload) = checked {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a check failed".to_string());
        problems.push(message.replace(&outcome.stderr, &shorten(&outcome.stderr)));
    }
    for echo in case.quiet {
        if outcome.stderr.contains(echo) {
            problems.push(format!(
                "says `{echo}`, an echo of the problem:\n{}",
                shorten(&outcome.stderr)
            ));
        }
    }
    for word in NEVER {
        if outcome.stderr.contains(word) || outcome.stdout.contains(word) {
            problems.push(format!("the output contains {word:?}"));
        }
    }
    let stderr = shorten(&outcome.stderr);
    if !problems.is_empty() && !problems.iter().any(|p| p.contains(&stderr)) {
        problems.push(format!(
            "exit code {}; stderr, warnings left out:\n{stderr}",
            outcome.code
        ));
    }
    if out.exists() {
        problems.push(format!("{} was written, though the input is bad", out.display()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// stderr without its warnings, so that a failure report stays readable.
fn shorten(stderr: &str) -> String {
    stderr
        .split("\n\n")
        .filter(|block| !block.starts_with("warning: "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// While it lives, panics on this thread (the checks of each case, caught
/// and reported together at the end) are not printed one by one.
struct QuietPanics {
    previous: std::sync::Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync>,
}

impl QuietPanics {
    fn new() -> QuietPanics {
        let previous: std::sync::Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> =
            std::panic::take_hook().into();
        let this_thread = std::thread::current().id();
        let others = previous.clone();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() != this_thread {
                others(info)
            }
        }));
        QuietPanics { previous }
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        let previous = self.previous.clone();
        std::panic::set_hook(Box::new(move |info| previous(info)));
    }
}

#[test]
fn every_bad_input_gets_the_message_a_council_needs() {
    // Every folder of the corpus has a row, and every row's folder is there.
    let invalid = Path::new(&fixture("invalid")).to_path_buf();
    let mut folders: Vec<String> = std::fs::read_dir(&invalid)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let without_row: Vec<&String> = folders
        .iter()
        .filter(|f| !CASES.iter().any(|c| c.name == f.as_str()))
        .collect();
    assert!(
        without_row.is_empty(),
        "folders in tests/fixtures/invalid/ with no row in tests/corpus/mod.rs: {without_row:?}"
    );
    for case in CASES.iter().filter(|c| !c.name.starts_with("generated/")) {
        assert!(
            folders.iter().any(|f| f == case.name),
            "the row `{}` names no folder in tests/fixtures/invalid/",
            case.name
        );
    }
    for case in CASES {
        assert!(
            !case.says.is_empty() && case.says.len() <= 2,
            "row `{}`: one or two things to say",
            case.name
        );
    }

    let generated = Generated::make();
    let mut failures = Vec::new();
    let quiet = QuietPanics::new();
    for (i, case) in CASES.iter().enumerate() {
        let ext = ["pdf", "html"]
            .into_iter()
            .find(|f| case.args.contains(f))
            .unwrap_or("md");
        let out = generated.root.join(format!("out-{i}.{ext}"));
        if let Err(why) = run(case, &generated.dir(case.name), &out) {
            failures.push(format!(
                "--- case `{}` (selfeval {}):\n{why}",
                case.name,
                case.args.join(" ")
            ));
        }
    }
    drop(quiet);
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}
