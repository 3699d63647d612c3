//! Every folder under tests/fixtures/invalid/ holds a bad input and, beside
//! it, a plain-text file `expected`: the commands to run on it and every
//! message each must give. selfeval never reads `expected` (it reads
//! council.toml, indicators.toml, actions.toml, findings/*.toml and the
//! framework files council.toml names). [`every_invalid_fixture_says_what_its_expected_file_says`]
//! runs them all and names every case that fails, not only the first; a
//! folder without an `expected` file fails it. tests/limits.rs writes the
//! same format inline for inputs generated at run time ([`expect`]).
//!
//! The format (tests/fixtures/invalid/README.md says the same):
//!
//! ```text
//! # A comment: a line that starts with `#`. Blank lines are ignored.
//! $ selfeval check {dir}
//! exit 1
//! error: findings/help-protection.toml:4:1 unknown field `sumary`
//!     = hint: did you mean `summary`?
//!     = expected: one of `descriptor`, `rating`, `summary`, `impact`, `source`
//! warning: findings/children-in-care.toml:2 the finding for `cl.pathway-plans` is not written yet
//! quiet: no finding for `hp.
//! says: Fix the errors above, then run the command again.
//!
//! $ SOURCE_DATE_EPOCH=1938297600 selfeval check {dir}
//! exit 0
//! ```
//!
//! - `$ [VAR=value ...] selfeval ARGS` starts a section: one run of the
//!   binary, with `VAR` set (otherwise `SOURCE_DATE_EPOCH` is 1795478400, 24
//!   November 2026). A file holds one section or more. The arguments are
//!   split at spaces; `{dir}` is the fixture's folder (a full path), `{out}`
//!   a path that must not exist before the run nor after it: nothing is
//!   written when the input is bad (it ends in `.pdf` or `.html` when the
//!   arguments name that format, `.md` otherwise).
//! - `exit N`: the exit code. Every section has one.
//! - `error: LOCATION MESSAGE`: an error block, headline `error: ...` then
//!   `--> path:line:col`, whose path ends with LOCATION's file (whole names
//!   only), at its line and column, and whose headline contains MESSAGE.
//!   LOCATION is `file:line:col`, `file:line` (any column) or `file` alone for
//!   a problem with the whole file (`--> path`, no line). Without a location,
//!   `error: MESSAGE` is a one-line error: a line `error: ...` containing
//!   MESSAGE with no `-->` under it (a usage or system problem, or a refusal
//!   after the diagnostics). The first word is a location when it is a path
//!   (letters, digits, `.`, `/`, `-`, `_`, with a `.` or `/`) with an optional
//!   `:line` or `:line:col`; write a one-line message that starts with a path
//!   from its second word on.
//! - `    = TEXT` under an `error:` or `warning:` line: one of that block's
//!   notes (`= expected: ...`, `= hint: ...`; for a one-line message, the
//!   lines under it) contains TEXT.
//! - The `error:` lines of a section are ALL the errors the run prints, each
//!   matched to a different one: an error the file does not list fails the
//!   case. Where a summary line (`3 errors, 41 warnings, 2 files read`) is
//!   printed, its count must be the number of error blocks with a location;
//!   `check` must print one (write `says: 3 errors,` where another command
//!   must print it too).
//! - `warning: LOCATION MESSAGE`: such a warning is printed. Warnings are
//!   many and incidental, so the list need not be complete.
//! - `quiet: TEXT`: stderr does not contain TEXT (an echo of the problem,
//!   which would only repeat it).
//! - `says: TEXT`: stderr contains TEXT.
//!
//! Every run is also checked for the words in [`crate::test::NEVER`], which
//! no output may contain.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::test::{Block, Location, Test, blocks, root, summary_errors, temp_dir};

/// One `$` section of an expected file.
#[derive(Debug, Default)]
struct Section {
    /// The `$` line as written, to name the section in a failure.
    command: String,
    env: Vec<(String, String)>,
    args: Vec<String>,
    exit: Option<i32>,
    errors: Vec<Expected>,
    warnings: Vec<Expected>,
    quiet: Vec<String>,
    says: Vec<String>,
}

#[derive(Debug)]
struct Expected {
    /// The line as written.
    line: String,
    place: Option<Place>,
    message: String,
    notes: Vec<String>,
}

/// Where an expected message points: the end of a file's path, the line (0:
/// the whole file) and, where it is given, the column.
#[derive(Debug)]
struct Place {
    file: String,
    line: usize,
    column: Option<usize>,
}

impl Place {
    /// `file`, `file:line` or `file:line:col` as the first word of `text`.
    fn parse(text: &str) -> Option<(Place, &str)> {
        let (word, rest) = text.split_once(' ')?;
        let mut parts = word.split(':');
        let file = parts.next()?;
        let path_like = !file.is_empty()
            && file.chars().all(|c| c.is_ascii_alphanumeric() || "./-_".contains(c))
            && file.contains(['.', '/']);
        let numbers: Vec<Option<usize>> = parts.map(|p| p.parse().ok()).collect();
        if !path_like || numbers.len() > 2 || numbers.contains(&None) {
            return None;
        }
        let place = Place {
            file: file.to_string(),
            line: numbers.first().copied().flatten().unwrap_or(0),
            column: numbers.get(1).copied().flatten(),
        };
        Some((place, rest.trim()))
    }

    fn matches(&self, location: &Location) -> bool {
        location.in_file(&self.file) && location.line == self.line && self.column.is_none_or(|c| c == location.column)
    }
}

impl Expected {
    fn parse(line: &str, text: &str) -> Expected {
        let (place, message) = match Place::parse(text) {
            Some((place, message)) => (Some(place), message),
            None => (None, text),
        };
        Expected {
            line: line.to_string(),
            place,
            message: message.to_string(),
            notes: Vec::new(),
        }
    }

    fn matches(&self, severity: &str, block: &Block) -> bool {
        let placed = match (&self.place, &block.location) {
            (Some(place), Some(location)) => place.matches(location),
            (None, None) => true,
            _ => false,
        };
        block.severity == severity
            && placed
            && block.message.contains(&self.message)
            && self
                .notes
                .iter()
                .all(|n| block.notes().iter().any(|b| b.contains(n.as_str())))
    }
}

/// Reads an expected file; `Err` says which line is not understood.
fn parse(text: &str) -> Result<Vec<Section>, String> {
    let mut sections: Vec<Section> = Vec::new();
    // Which list the last `error:` or `warning:` went to, for its `=` notes.
    let mut last_is_error = true;
    for (n, line) in text.lines().enumerate() {
        let bad = |why: &str| format!("expected file, line {}: {why}: {line}", n + 1);
        let trimmed = line.trim();
        if trimmed.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let mut words = command.split_whitespace().peekable();
            let mut section = Section {
                command: command.to_string(),
                ..Section::default()
            };
            while let Some((key, value)) = words.peek().and_then(|w| w.split_once('=')) {
                section.env.push((key.to_string(), value.to_string()));
                words.next();
            }
            if words.next() != Some("selfeval") {
                return Err(bad("a command is `$ [VAR=value ...] selfeval ARGS`"));
            }
            section.args = words.map(String::from).collect();
            sections.push(section);
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(bad("before the first `$` line"));
        };
        if let Some(note) = trimmed
            .strip_prefix("= ")
            .filter(|_| line.starts_with(char::is_whitespace))
        {
            let list = if last_is_error {
                &mut section.errors
            } else {
                &mut section.warnings
            };
            let Some(expected) = list.last_mut() else {
                return Err(bad("a `=` note belongs under an `error:` or `warning:` line"));
            };
            expected.notes.push(note.to_string());
        } else if let Some(code) = line.strip_prefix("exit ") {
            let code = code.trim().parse().map_err(|_| bad("`exit` takes a number"))?;
            if section.exit.replace(code).is_some() {
                return Err(bad("a second `exit` in one section"));
            }
        } else if let Some(text) = line.strip_prefix("error: ") {
            section.errors.push(Expected::parse(line, text.trim()));
            last_is_error = true;
        } else if let Some(text) = line.strip_prefix("warning: ") {
            section.warnings.push(Expected::parse(line, text.trim()));
            last_is_error = false;
        } else if let Some(text) = line.strip_prefix("quiet: ") {
            section.quiet.push(text.to_string());
        } else if let Some(text) = line.strip_prefix("says: ") {
            section.says.push(text.to_string());
        } else {
            return Err(bad("not a line of the format (see tests/fixtures.rs)"));
        }
    }
    if sections.is_empty() {
        return Err("the expected file has no `$ selfeval ...` section".into());
    }
    if let Some(s) = sections.iter().find(|s| s.exit.is_none()) {
        return Err(format!("`$ {}` has no `exit` line", s.command));
    }
    Ok(sections)
}

/// Runs every section of `expected` on `dir`; `Err` lists what was wrong.
/// `scratch` is an existing folder for the `{out}` paths.
fn run(dir: &Path, expected: &str, scratch: &Path) -> Result<(), String> {
    let sections = parse(expected)?;
    let mut failures = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if let Err(why) = run_section(dir, section, &scratch.join(format!("out-{i}"))) {
            failures.push(format!("$ {}\n{why}", section.command));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n"))
    }
}

fn run_section(dir: &Path, section: &Section, out: &Path) -> Result<(), String> {
    let ext = ["pdf", "html"]
        .into_iter()
        .find(|f| section.args.iter().any(|a| a == f))
        .unwrap_or("md");
    let out = out.with_extension(ext);
    let (dir, out_str) = (dir.display().to_string(), out.display().to_string());
    let args: Vec<String> = section
        .args
        .iter()
        .map(|a| a.replace("{dir}", &dir).replace("{out}", &out_str))
        .collect();
    if out.exists() {
        return Err(format!("{} exists before the run", out.display()));
    }
    let mut test = Test::new().args(&args);
    for (key, value) in &section.env {
        test = test.env(key, value);
    }
    let outcome = test.output();
    let stderr = &outcome.stderr;
    let printed = blocks(stderr);
    let mut problems = Vec::new();

    if Some(outcome.code) != section.exit {
        problems.push(format!("exit code {}, not {}", outcome.code, section.exit.unwrap()));
    }
    // Each expected error takes a different printed one; any left over is
    // an error the file does not list.
    let mut errors: Vec<&Block> = printed.iter().filter(|b| b.severity == "error").collect();
    for expected in &section.errors {
        match errors.iter().position(|b| expected.matches("error", b)) {
            Some(i) => {
                errors.remove(i);
            }
            None => problems.push(format!("no such error: {}{}", expected.line, notes(expected))),
        }
    }
    for block in &errors {
        problems.push(format!("an error the expected file does not list:\n{}", block.text));
    }
    for expected in &section.warnings {
        if !printed.iter().any(|b| expected.matches("warning", b)) {
            problems.push(format!("no such warning: {}{}", expected.line, notes(expected)));
        }
    }
    let located = printed
        .iter()
        .filter(|b| b.severity == "error" && b.location.is_some())
        .count();
    match summary_errors(stderr) {
        Some(n) if n != located => problems.push(format!("the summary counts {n} errors, but {located} are printed")),
        None if args.first().is_some_and(|a| a == "check") => problems.push("`check` printed no summary line".into()),
        _ => {}
    }
    for text in &section.quiet {
        if stderr.contains(text.as_str()) {
            problems.push(format!("says `{text}`, an echo of the problem"));
        }
    }
    for text in &section.says {
        if !stderr.contains(text.as_str()) {
            problems.push(format!("does not say `{text}`"));
        }
    }
    if let Some(word) = outcome.programmer_word() {
        problems.push(format!("the output contains {word:?}"));
    }
    if out.exists() {
        problems.push(format!("{} was written, though the input is bad", out.display()));
    }
    if problems.is_empty() {
        return Ok(());
    }
    problems.push(format!(
        "--- exit code {}; stderr, warnings left out:\n{}",
        outcome.code,
        shorten(stderr)
    ));
    Err(problems.join("\n"))
}

fn notes(expected: &Expected) -> String {
    expected.notes.iter().map(|n| format!("\n    = {n}")).collect()
}

/// stderr without its warnings, so that a failure report stays readable.
fn shorten(stderr: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut in_warning = false;
    for line in stderr.lines() {
        if line.starts_with("warning: ") {
            in_warning = true;
        } else if line.is_empty() || line.starts_with("error: ") {
            in_warning = false;
        }
        // One blank line between what is kept, however many warnings went.
        let repeated_blank = line.is_empty() && kept.last().is_none_or(|l| l.is_empty());
        if in_warning || repeated_blank {
            continue;
        }
        kept.push(line);
    }
    kept.join("\n")
}

/// Runs `expected`, written in the format above, on `dir` (an input made at
/// run time), and fails with everything that is wrong.
pub fn expect(dir: &Path, expected: &str) {
    let scratch = temp_dir(&format!(
        "expect-{}",
        dir.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::create_dir_all(&scratch).unwrap();
    let result = run(dir, expected, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(why) = result {
        panic!("{}:\n{why}", dir.display());
    }
}

#[test]
fn every_invalid_fixture_says_what_its_expected_file_says() {
    let invalid = root().join("tests/fixtures/invalid");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&invalid)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.path())
        .collect();
    folders.sort();
    let scratch = temp_dir("fixtures");

    // The cases are independent: run them on every core, collecting every
    // failure rather than stopping at the first.
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(folder) = folders.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
                    let result = match std::fs::read_to_string(folder.join("expected")) {
                        Ok(expected) => {
                            let own = scratch.join(&name);
                            std::fs::create_dir_all(&own).unwrap();
                            run(folder, &expected, &own)
                        }
                        Err(_) => Err(format!(
                            "no file tests/fixtures/invalid/{name}/expected: write the commands to run \
                             and what they must say (tests/fixtures/invalid/README.md)"
                        )),
                    };
                    if let Err(why) = result {
                        failures.lock().unwrap().push((name, why));
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures in tests/fixtures/invalid/ fail:\n\n{}",
        failures.len(),
        folders.len(),
        failures
            .iter()
            .map(|(name, why)| format!("--- {name}:\n{why}"))
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// The runner itself: what a wrong or incomplete expected file is told.
#[test]
fn an_expected_file_that_leaves_out_an_error_or_says_too_much_fails() {
    let dir = root().join("tests/fixtures/invalid/three-in-one-file");
    let scratch = temp_dir("fixtures-runner");
    std::fs::create_dir_all(&scratch).unwrap();
    let result = run(
        &dir,
        "$ selfeval check {dir}
exit 0
error: findings/help-protection.toml:4:2 unknown field `sumary`
error: findings/help-protection.toml:8 unknown descriptor `hp.asessments`
    = hint: did you mean `hp.assessments`?
warning: findings/help-protection.toml no finding for `hp.assessments`
quiet: did you mean
says: nothing like this
",
        &scratch,
    );
    let _ = std::fs::remove_dir_all(&scratch);
    let why = result.expect_err("the expected file is wrong");
    for problem in [
        "exit code 1, not 0",
        // A wrong column; the one it was meant for is then left over.
        "no such error: error: findings/help-protection.toml:4:2 unknown field `sumary`",
        "an error the expected file does not list:\nerror: unknown field `sumary`",
        "an error the expected file does not list:\nerror: this is not valid TOML: invalid date",
        "no such warning: warning: findings/help-protection.toml no finding for `hp.assessments`",
        "says `did you mean`, an echo of the problem",
        "does not say `nothing like this`",
    ] {
        assert!(why.contains(problem), "not reported: {problem}\n{why}");
    }
    // `file:line` matches any column, and its block matched its note.
    assert!(
        !why.contains("no such error: error: findings/help-protection.toml:8"),
        "{why}"
    );
    assert!(!why.contains("does not list:\nerror: unknown descriptor"), "{why}");

    for (text, complaint) in [
        ("exit 1\n", "before the first `$` line"),
        (
            "$ check {dir}\nexit 1\n",
            "a command is `$ [VAR=value ...] selfeval ARGS`",
        ),
        ("$ selfeval check {dir}\n", "has no `exit` line"),
        (
            "$ selfeval check {dir}\nexit 1\n    = a note\n",
            "a `=` note belongs under",
        ),
        (
            "$ selfeval check {dir}\nexit 1\nerrors: 3\n",
            "not a line of the format",
        ),
        ("# only a comment\n", "has no `$ selfeval ...` section"),
    ] {
        let why = parse(text).expect_err(text);
        assert!(why.contains(complaint), "{text:?}: {why}");
    }
}

#[test]
fn a_location_is_told_from_a_message_by_its_first_word() {
    let place = |text: &str| Place::parse(text).map(|(p, rest)| (p.file, p.line, p.column, rest.to_string()));
    assert_eq!(
        place("findings/a.toml:4:1 unknown field"),
        Some(("findings/a.toml".into(), 4, Some(1), "unknown field".into()))
    );
    assert_eq!(
        place("council.toml:6 does not exist"),
        Some(("council.toml".into(), 6, None, "does not exist".into()))
    );
    assert_eq!(
        place("council.toml this file is missing"),
        Some(("council.toml".into(), 0, None, "this file is missing".into()))
    );
    for message in [
        "cannot compare: both folders are x",
        "there is no folder `no/such/folder`",
        "10 places in the evidence may identify a child or family",
        "`council` is not filled in",
    ] {
        assert!(place(message).is_none(), "{message}");
    }
    assert_eq!(summary_errors("x\nd: 3 errors, 41 warnings, 2 files read\n"), Some(3));
    assert_eq!(
        summary_errors("Borough 2018-19 (ilacs-2018): 1 error, 0 warnings\n"),
        Some(1)
    );
    assert_eq!(summary_errors("d: 43 warnings (see `selfeval check d`)\n"), None);
}
