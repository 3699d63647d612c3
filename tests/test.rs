//! What every feature file shares: the [`Test`] builder that runs the
//! `selfeval` binary as a council would, the [`Outcome`] it checks, helpers for
//! folders and documents, and the few calls into the library itself.
//!
//! ```ignore
//! Test::new().args(["check", &dir]).run().code(1).error_at("council.toml", 2, "unknown framework");
//! Test::new().args(["frameworks", "ilacs-2019"]).run().code(2).stderr("error: ...\n");
//! ```
//!
//! Every run has "today" pinned by `SOURCE_DATE_EPOCH` ([`TODAY`]) and starts
//! in the project's folder, so relative paths such as `examples/northbrook/2026`
//! work and messages name them as a council would see them.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-11-24: pins "today" so that dates in the future are judged the same
/// way on every machine and every day.
pub const TODAY: &str = "1795478400";

/// What no output may contain: a crash, or words only a programmer reads.
/// Checked on every run of the binary.
pub const NEVER: &[&str] = &[
    "panicked",
    "RUST_BACKTRACE",
    "(os error",
    "/.tmp",
    " as i128",
    "i64",
    "u64",
    "f64",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The full path of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    root().join("tests/fixtures").join(name).display().to_string()
}

/// One run of the binary, built up before it is run.
pub struct Test {
    command: Command,
}

impl Test {
    pub fn new() -> Test {
        let mut command = Command::new(env!("CARGO_BIN_EXE_selfeval"));
        command.env("SOURCE_DATE_EPOCH", TODAY).current_dir(root());
        Test { command }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Test {
        self.command.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Test {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.command.env(key, value);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.command.current_dir(dir);
        self
    }

    /// The command as built, for a test that must start and stop it itself.
    pub fn command(self) -> Command {
        self.command
    }

    /// Runs it to the end, and checks that nothing it printed is meant for a
    /// programmer (see [`NEVER`]).
    pub fn run(self) -> Outcome {
        let outcome = self.output();
        if let Some(word) = outcome.programmer_word() {
            panic!(
                "the output contains {word:?}\n--- stdout\n{}\n--- stderr\n{}",
                outcome.stdout, outcome.stderr
            );
        }
        outcome
    }

    /// Runs it to the end and checks nothing: for a caller that collects
    /// problems instead of stopping at the first (tests/fixtures.rs).
    pub fn output(mut self) -> Outcome {
        let output = self.command.output().expect("the selfeval binary runs");
        Outcome {
            code: output.status.code().expect("selfeval exits normally, without a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// What a run gave, with fluent checks that panic with the whole output.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One message in stderr: a diagnostic block (`error: message`, then
/// `--> file:line:col` or `--> file`, the quoted line and `= ...` notes), or
/// a one-line message (`error: text`) with whatever lines follow it.
#[derive(Debug)]
pub struct Block<'a> {
    pub severity: &'a str,
    pub message: &'a str,
    /// The place it points at; `None` for a one-line message.
    pub location: Option<Location<'a>>,
    /// The block from its headline up to the next blank line or headline.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location<'a> {
    pub path: &'a str,
    /// 0 for a whole-file problem, which has no line.
    pub line: usize,
    pub column: usize,
}

impl Location<'_> {
    /// `path:line:col`, or `path` alone for a whole-file problem.
    pub fn parse(text: &str) -> Location<'_> {
        let mut parts = text.rsplitn(3, ':');
        if let (Some(column), Some(line), Some(path)) = (parts.next(), parts.next(), parts.next())
            && let (Ok(column), Ok(line)) = (column.parse(), line.parse())
        {
            return Location { path, line, column };
        }
        Location {
            path: text,
            line: 0,
            column: 0,
        }
    }

    /// Whether the path ends with `file`, whole names only: `b.toml` is
    /// `dir/b.toml` but not `dir/ab.toml`.
    pub fn in_file(&self, file: &str) -> bool {
        self.path == file || self.path.ends_with(&format!("/{file}"))
    }
}

/// A line that starts a message: `error: ...` or `warning: ...`.
fn is_headline(line: &str) -> bool {
    line.starts_with("error: ") || line.starts_with("warning: ")
}

impl Block<'_> {
    /// The `= expected: ...` and `= hint: ...` lines of a diagnostic, without
    /// the `= `; for a one-line message, the lines after it.
    pub fn notes(&self) -> Vec<&str> {
        let lines = self.text.lines().skip(1);
        match self.location {
            Some(_) => lines.filter_map(|l| l.trim_start().strip_prefix("= ")).collect(),
            None => lines.map(str::trim).collect(),
        }
    }
}

/// Splits stderr into its messages, in order.
pub fn blocks(stderr: &str) -> Vec<Block<'_>> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    for (i, head) in lines.iter().enumerate() {
        if !is_headline(head) {
            continue;
        }
        let (severity, message) = head.split_once(": ").unwrap();
        let rest = &lines[i + 1..];
        let end = rest
            .iter()
            .position(|l| l.is_empty() || is_headline(l))
            .unwrap_or(rest.len());
        let location = rest
            .first()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
            .map(Location::parse);
        out.push(Block {
            severity,
            message,
            location,
            text: lines[i..=i + end].join("\n"),
        });
    }
    out
}

/// The error count of the summary line ("dir: 3 errors, 41 warnings, 2
/// files read"), where one is printed.
pub fn summary_errors(stderr: &str) -> Option<usize> {
    stderr.lines().find_map(|line| {
        let (before, _) = line.split_once(" errors, ").or_else(|| line.split_once(" error, "))?;
        before.rsplit([' ', '\t']).next()?.parse().ok()
    })
}

impl Outcome {
    pub fn code(&self, expected: i32) -> &Outcome {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The whole of stdout is `expected`.
    pub fn stdout(&self, expected: &str) -> &Outcome {
        assert!(
            self.stdout == expected,
            "stdout differs\n--- expected\n{expected}\n--- actual\n{}",
            self.stdout
        );
        self
    }

    /// The whole of stderr is `expected`.
    pub fn stderr(&self, expected: &str) -> &Outcome {
        assert!(
            self.stderr == expected,
            "stderr differs\n--- expected\n{expected}\n--- actual\n{}",
            self.stderr
        );
        self
    }

    /// The last lines of stderr are `expected`: for a refusal or a result
    /// printed after warnings that are not the test's business.
    pub fn stderr_ends_with(&self, expected: &str) -> &Outcome {
        assert!(
            self.stderr.ends_with(expected),
            "stderr does not end with\n{expected}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    pub fn stdout_has(&self, text: &str) -> &Outcome {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}:\n{}", self.stdout);
        self
    }

    pub fn stderr_has(&self, text: &str) -> &Outcome {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{}", self.stderr);
        self
    }

    pub fn stdout_lacks(&self, text: &str) -> &Outcome {
        assert!(!self.stdout.contains(text), "stdout has {text:?}:\n{}", self.stdout);
        self
    }

    pub fn stderr_lacks(&self, text: &str) -> &Outcome {
        assert!(!self.stderr.contains(text), "stderr has {text:?}:\n{}", self.stderr);
        self
    }

    pub fn blocks(&self) -> Vec<Block<'_>> {
        blocks(&self.stderr)
    }

    /// Asserts an error whose message contains `message`, in a file whose
    /// path ends with `file`, at `line` (0: a whole-file problem, no line).
    pub fn error_at(&self, file: &str, line: usize, message: &str) -> &Outcome {
        self.diagnostic_at("error", file, line, message)
    }

    pub fn warning_at(&self, file: &str, line: usize, message: &str) -> &Outcome {
        self.diagnostic_at("warning", file, line, message)
    }

    fn diagnostic_at(&self, severity: &str, file: &str, line: usize, message: &str) -> &Outcome {
        let found = self.blocks().into_iter().any(|b| {
            b.severity == severity
                && b.message.contains(message)
                && b.location.is_some_and(|l| l.in_file(file) && l.line == line)
        });
        assert!(found, "no {severity} {message:?} at {file}:{line} in:\n{}", self.stderr);
        self
    }

    /// Asserts that the block for `message` also says `text` (a hint, an expectation).
    pub fn explains(&self, message: &str, text: &str) -> &Outcome {
        let blocks = self.blocks();
        let block = blocks.iter().find(|b| b.message.contains(message));
        let block = block.unwrap_or_else(|| panic!("no diagnostic {message:?} in:\n{}", self.stderr));
        assert!(
            block.text.contains(text),
            "{message:?} does not explain {text:?}:\n{}",
            block.text
        );
        self
    }

    /// Asserts the summary line counts `n` errors.
    pub fn errors(&self, n: usize) -> &Outcome {
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

    /// The first of [`NEVER`] that stdout or stderr contains.
    pub fn programmer_word(&self) -> Option<&'static str> {
        NEVER
            .iter()
            .copied()
            .find(|w| self.stdout.contains(w) || self.stderr.contains(w))
    }
}

// ---------------------------------------------------------------- folders

/// A fresh path in the system's temporary folder, unique to this run and
/// `name`; whatever an earlier run left there is removed first.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selfeval-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
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

// ---------------------------------------------------------------- documents

/// The text a reader sees in a Markdown document, on one line, with any raw
/// HTML the Markdown would have passed through counted separately.
pub fn markdown_text(markdown: &str) -> (String, usize) {
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

pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `selfeval render DIR --format FORMAT` to stdout; it must succeed.
pub fn render(dir: &str, format: &str) -> String {
    let out = Test::new().args(["render", dir, "--format", format]).run();
    out.code(0);
    out.stdout
}

/// A rendered PDF, read back with lopdf.
pub struct PdfFile {
    pub doc: lopdf::Document,
}

/// `selfeval render DIR --format pdf -o <temp>/NAME.pdf`; it must succeed.
pub fn render_pdf(dir: &str, name: &str) -> (PdfFile, Outcome) {
    let path = temp_dir(name).with_extension("pdf");
    let out = Test::new()
        .args(["render", dir, "--format", "pdf", "-o", path.to_str().unwrap()])
        .run();
    out.code(0);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    (PdfFile::read(&bytes), out)
}

impl PdfFile {
    pub fn read(bytes: &[u8]) -> PdfFile {
        let doc = lopdf::Document::load_mem(bytes).expect("the PDF reads back");
        PdfFile { doc }
    }

    /// Every word of the body of every page, in drawing order, on one line:
    /// the running header and footer that open each page are left out.
    pub fn text(&self) -> String {
        self.pages().join(" ")
    }

    /// Each page's body, as `text` gives it.
    pub fn pages(&self) -> Vec<String> {
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
        out
    }

    /// Every page's drawing operators, one after another.
    pub fn drawing(&self) -> String {
        self.doc
            .get_pages()
            .values()
            .map(|id| String::from_utf8_lossy(&self.doc.get_page_content(*id)).into_owned())
            .collect()
    }

    pub fn info(&self, key: &str) -> String {
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
    pub fn outline(&self) -> Vec<(usize, String)> {
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

// ---------------------------------------------------------------- the library
//
// The only calls into the library outside tests/properties.rs: its module
// paths may change, and then only this section does. What the feature files
// get back is plain text, not the library's types.

/// The text of an evidence folder that its documents must carry.
pub struct EvidenceText {
    pub findings: Vec<FindingText>,
    /// (id, action)
    pub actions: Vec<(String, String)>,
    /// Every indicator of the folder's framework: (id, title).
    pub indicators: Vec<(String, String)>,
    /// The council's own evaluations: (judgement, grade in words, overview).
    pub evaluations: Vec<(String, String, String)>,
    /// The executive summary's paragraphs, strengths and priorities.
    pub summary: Vec<String>,
}

pub struct FindingText {
    pub descriptor: String,
    /// The paragraphs of the summary, then of the impact statement.
    pub paragraphs: Vec<String>,
    /// (title, showed)
    pub sources: Vec<(String, String)>,
}

/// Loads a valid evidence folder (relative to the project's folder) with the
/// library, as `selfeval` does.
pub fn evidence_text(dir: &str) -> EvidenceText {
    let pipeline = selfeval::pipeline::Pipeline::new(selfeval::pipeline::World::from_env());
    let folder = pipeline.check(&root().join(dir)).unwrap();
    let evidence = folder.evidence.unwrap_or_else(|| panic!("{dir} loads without errors"));
    EvidenceText {
        findings: evidence
            .findings
            .iter()
            .map(|f| FindingText {
                descriptor: f.descriptor.clone(),
                paragraphs: f
                    .summary
                    .split("\n\n")
                    .chain(f.impact.split("\n\n"))
                    .map(String::from)
                    .collect(),
                sources: f.sources.iter().map(|s| (s.title.clone(), s.showed.clone())).collect(),
            })
            .collect(),
        actions: evidence
            .actions
            .iter()
            .map(|a| (a.id.clone(), a.action.clone()))
            .collect(),
        indicators: evidence
            .framework
            .indicators
            .iter()
            .map(|i| (i.id.clone(), i.title.clone()))
            .collect(),
        evaluations: evidence
            .evaluations
            .iter()
            .map(|e| {
                let grade = e
                    .grade
                    .as_deref()
                    .map(|g| evidence.framework.grade_label(g))
                    .unwrap_or_default();
                (e.judgement.clone(), grade, e.overview.clone())
            })
            .collect(),
        summary: evidence
            .executive_summary
            .where_we_are
            .split("\n\n")
            .map(String::from)
            .chain(evidence.executive_summary.strengths.iter().cloned())
            .chain(evidence.executive_summary.priorities.iter().cloned())
            .collect(),
    }
}

/// The names of the binary's commands, from its clap definition.
pub fn command_names() -> Vec<String> {
    use clap::CommandFactory;
    selfeval::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}
