//! Reading a council folder: every file parsed, every reference checked
//! against the framework, every problem reported with its line. One file
//! per file of the folder (`council`, `findings`, `indicators`, `actions`),
//! and last year's folder (`previous`) read once, for the checks across the
//! two years and, where a command needs it, whole.

mod actions;
mod council;
mod findings;
mod indicators;
mod previous;
mod raw;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::personal;
use super::source::{Within, read, tree_of};
use super::toml::{self as tomlfile, spot};
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, unknown};
use crate::error::Error;
use crate::model::evidence::{Evidence, ExecutiveSummary, LastInspection, Period};
use crate::model::framework::Framework;
use previous::LastYear;
use raw::RawCouncil;

/// How much of last year's folder (named by `previous`) to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Previous {
    /// Its council.toml and indicators.toml: enough to check that it is
    /// this council's, an earlier year, and that last year's figures agree.
    Glance,
    /// The whole folder, as a second year of evidence: for the document's
    /// progress chapter. Its own `previous` is glanced at.
    Whole,
}

/// What reading a folder gave: the evidence, if its files have no errors,
/// and every problem found.
#[derive(Debug)]
pub struct Folder {
    pub path: PathBuf,
    pub evidence: Option<Evidence>,
    pub diagnostics: Diagnostics,
    /// Last year's folder, where it was read whole.
    pub previous: Option<Box<Folder>>,
}

/// What a reading of the folder is bound by: the date that counts as today
/// (for dates in the future), and the age past which a source is stale
/// (the assessment rules' figure, so that `check` and the assessment agree).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub today: Date,
    pub stale_after_months: u32,
}

/// Loads and validates a council folder. `Err` is for a folder that is not
/// there at all (exit code 2); problems in its files are in the result.
pub fn evidence(folder: &Path, bounds: Bounds, previous: Previous) -> Result<Folder, Error> {
    read_folder(folder, None, bounds, previous).map(|(folder, _)| folder)
}

/// The folder, and what of it a later year checks itself against.
/// `tree` is the council's tree the folder is read within: its own parent's,
/// or, for last year's folder, this year's, so that `previous = ".."` cannot
/// widen what may be read.
fn read_folder(
    folder: &Path,
    tree: Option<&Path>,
    bounds: Bounds,
    previous: Previous,
) -> Result<(Folder, previous::Glance), Error> {
    if !folder.is_dir() {
        return Err(Error::Usage(if folder.exists() {
            format!("`{}` is a file; expected a council evidence folder", folder.display())
        } else {
            format!(
                "there is no folder `{}` (start one with `selfeval init {}`)",
                folder.display(),
                folder.display()
            )
        }));
    }
    let mut diags = Diagnostics::default();
    let tree = tree.map_or_else(|| tree_of(folder), Path::to_path_buf);
    let council_path = folder.join("council.toml");
    let Some(council_file) = read(&council_path, Within::Folder(&tree), &mut diags, true) else {
        let folder = Folder {
            path: folder.to_path_buf(),
            evidence: None,
            diagnostics: diags,
            previous: None,
        };
        let glance = previous::Glance::blank(&folder.path);
        return Ok((folder, glance));
    };
    let errors_before = diags.errors();
    let raw_council: Option<RawCouncil> = tomlfile::parse(&council_file, &mut diags);
    let mut glance = previous::Glance::blank(folder);
    if let Some(raw) = raw_council.as_ref().filter(|_| diags.errors() == errors_before) {
        glance = glance.council(raw);
    }
    let mut reader = Reader {
        folder,
        tree,
        bounds,
        diags: &mut diags,
        files: vec![council_file.clone()],
        meant: BTreeSet::new(),
        figures: Vec::new(),
    };
    let (header, previous_line) = match raw_council {
        Some(raw) => reader.council(&council_file, raw),
        None => (None, None),
    };

    // The other files are read even when council.toml is broken, so that
    // their syntax problems are reported in the same run. Last year's
    // folder, where it is read whole, is read beside this year's findings.
    let framework = header.as_ref().and_then(|h| h.framework.as_ref());
    let period = header.as_ref().map(|h| h.period);
    let ((findings, evaluations), last_year) = match (&previous_line, previous) {
        (Some(line), Previous::Whole) => std::thread::scope(|scope| {
            let tree = reader.tree.clone();
            let last_year = scope.spawn(move || LastYear::read(&line.path, &tree, bounds, previous));
            let findings = reader.findings(framework, period);
            (
                findings,
                Some(last_year.join().expect("reading last year's folder does not panic")),
            )
        }),
        (line, _) => {
            let last_year = line
                .as_ref()
                .map(|line| LastYear::read(&line.path, &reader.tree, bounds, previous));
            (reader.findings(framework, period), last_year)
        }
    };
    // Last year's figures are only compared where it is this council's, earlier.
    let compared = match (&previous_line, &last_year) {
        (Some(line), Some(last_year)) => reader
            .same_council_earlier_year(&council_file, line, &last_year.glance)
            .then_some(&last_year.glance),
        _ => None,
    };
    let own = header.as_ref().and_then(|h| {
        h.authority
            .as_ref()
            .filter(|a| a.own)
            .map(|a| (a.key.clone(), h.period.end))
    });
    let indicators = reader.indicators(framework, compared, own);
    let actions = reader.actions(framework, period);
    let masks = header.as_ref().map_or_else(Vec::new, |h| h.reference_formats.clone());
    for f in &reader.files {
        for d in personal::scan(f, &masks) {
            reader.diags.push(d);
        }
    }
    glance.figures = std::mem::take(&mut reader.figures);

    let evidence = match header {
        Some(header) if header.framework.is_some() && !diags.has_errors() => {
            let framework = header.framework.expect("checked above");
            let mut findings = findings;
            findings.sort_by_key(|f| framework.descriptors.iter().position(|d| d.id == f.descriptor));
            Some(Evidence {
                folder: folder.to_path_buf(),
                council: header.council,
                authority: header.authority,
                prepared_by: header.prepared_by,
                prepared_on: header.prepared_on.unwrap_or(header.period.end),
                marking: header.marking,
                period: header.period,
                previous: previous_line.map(|p| p.path),
                last_inspection: header.last_inspection,
                executive_summary: header.executive_summary,
                evaluations,
                framework,
                findings,
                indicators,
                actions,
            })
        }
        _ => None,
    };
    let folder = Folder {
        path: folder.to_path_buf(),
        evidence,
        diagnostics: diags,
        previous: last_year.and_then(|l| l.whole).map(Box::new),
    };
    Ok((folder, glance))
}

/// council.toml as read: what the other files are checked against.
struct Header {
    council: String,
    authority: Option<crate::model::evidence::Authority>,
    framework: Option<Framework>,
    prepared_by: String,
    prepared_on: Option<Date>,
    marking: String,
    period: Period,
    last_inspection: Option<LastInspection>,
    executive_summary: ExecutiveSummary,
    reference_formats: Vec<personal::Mask>,
}

/// The `previous` line of council.toml, once its path is known to be an
/// evidence folder, with what it is checked against.
struct PreviousLine {
    path: PathBuf,
    written: Spanned<String>,
    council: String,
    period: Option<Period>,
}

/// One folder being read: the problems found so far, and every file read,
/// for the personal-data scan.
struct Reader<'a> {
    folder: &'a Path,
    /// The council's tree, which every file the evidence names must be in.
    tree: PathBuf,
    bounds: Bounds,
    diags: &'a mut Diagnostics,
    files: Vec<SourceFile>,
    /// Descriptors a finding's unknown id most likely meant: their finding
    /// is there, under the id its error points at.
    meant: BTreeSet<String>,
    /// The figures of indicators.toml, where it reads cleanly: what next
    /// year's folder is checked against.
    figures: Vec<(String, f64)>,
}

impl Reader<'_> {
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.folder)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// An unknown descriptor id, explaining a rename between framework versions
/// (last year's `hp.early-help` is `hp.family-help` under ilacs-2026).
fn unknown_descriptor(file: &SourceFile, id: &Spanned<String>, fw: &Framework) -> Diagnostic {
    match fw.replacement_for(id.get_ref()) {
        Some(newer) => Diagnostic::error(&file.path, format!("descriptor `{}` is not in {}", id.get_ref(), fw.id))
            .at(file, id.span())
            .hint(format!(
                "in {} it was replaced by `{}` ({}): use that id",
                fw.id, newer.id, newer.title
            )),
        None => unknown(
            file,
            spot(id),
            "descriptor",
            fw.descriptors.iter().map(|d| d.id.as_str()),
        ),
    }
}

/// An empty starter value from `init`: work to do, not an error.
fn not_filled_in(file: &SourceFile, value: &Spanned<String>, field: &str, example: &str) -> Diagnostic {
    Diagnostic::warning(&file.path, format!("`{field}` is not filled in"))
        .at(file, value.span())
        .hint(format!("write e.g. `{example}`"))
}

impl Reader<'_> {
    /// A grade as a council writes it (the framework's words, an id or a
    /// short spelling), as the grade's id; one the framework does not have
    /// is an error listing those it has.
    fn grade(&mut self, file: &SourceFile, grade: &Spanned<String>, fw: &Framework) -> Option<String> {
        let found = fw.grade(grade.get_ref()).map(|g| g.id.clone());
        if found.is_none() {
            let labels: Vec<&str> = fw.grades.iter().map(|g| g.label.as_str()).collect();
            self.diags
                .push(unknown(file, crate::load::toml::spot(grade), "grade", labels));
        }
        found
    }
}

/// A narrative field the document opens with, trimmed; blank or left out
/// is a warning at the field, or at its table when it is not there.
fn written_text(
    diags: &mut Diagnostics,
    file: &SourceFile,
    field: Option<&Spanned<String>>,
    table: Range<usize>,
    message: &str,
    hint: &str,
) -> String {
    let text = field.map(|f| f.get_ref().trim().to_string()).unwrap_or_default();
    if text.is_empty() {
        let span = field.map_or(table, Spanned::span);
        diags.push(Diagnostic::warning(&file.path, message).at(file, span).hint(hint));
    }
    text
}

fn line_of(file: &SourceFile, span: Range<usize>) -> usize {
    file.line_at(span.start.min(file.text.len()))
}
