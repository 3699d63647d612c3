//! Reading a council folder: every file parsed, every reference checked
//! against the framework, every problem reported with its line.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::raw::{RawAction, RawActions, RawCouncil, RawFinding, RawFindings, RawIndicatorValue, RawIndicators};
use super::{
    Action, ActionOrigin, ActionStatus, Evidence, Finding, IndicatorValue, LastInspection, Origin, Period, Source,
    findings_file, personal,
};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::framework::load::{Site, choose, missing, read_text, unknown};
use crate::framework::{Choice, DEFAULT_FRAMEWORK, Framework, FrameworkRef, Unit};
use crate::tomlfile;

/// Counts beyond any real council's evidence: past them the files are
/// probably generated or pasted in error, and reading on would only fill
/// the document (and the memory) with it. docs/limits.md lists them.
pub const MAX_FINDINGS_FILES: usize = 50;
pub const MAX_SOURCES_PER_FINDING: usize = 500;
pub const MAX_ACTIONS: usize = 2_000;
pub const MAX_INDICATOR_ENTRIES: usize = 1_000;

/// Sources older than this at the end of the period are flagged as stale:
/// inspectors look for evidence from the last year or so.
const STALE_AFTER_MONTHS: u32 = 18;

/// Loads and validates a council folder. `Ok(None)` means the files have
/// errors, all of them in `diags`; `Ok(Some)` may still carry warnings.
/// `Err` is for a folder that is not there at all (exit code 2).
pub fn load(folder: &Path, diags: &mut Diagnostics) -> Result<Option<Evidence>, crate::Error> {
    if !folder.is_dir() {
        return Err(crate::Error(if folder.exists() {
            format!("`{}` is a file; expected a council evidence folder", folder.display())
        } else {
            format!(
                "there is no folder `{}` (start one with `selfeval init {}`)",
                folder.display(),
                folder.display()
            )
        }));
    }
    let today = Date::today();
    let council_path = folder.join("council.toml");
    let Some(council_file) = read(&council_path, diags, true) else {
        return Ok(None);
    };
    let raw_council: Option<RawCouncil> = tomlfile::parse(&council_file, diags);
    let mut reader = Reader {
        folder,
        today,
        diags,
        files: vec![council_file.clone()],
        unfinished: Vec::new(),
        meant: BTreeSet::new(),
    };
    let header = raw_council.and_then(|raw| reader.council(&council_file, raw));

    // The other files are read even when council.toml is broken, so that
    // their syntax problems are reported in the same run.
    let framework = header.as_ref().and_then(|h| h.framework.as_ref());
    let findings = reader.findings(framework, header.as_ref().map(|h| h.period));
    let indicators = reader.indicators(framework, header.as_ref().and_then(|h| h.previous.as_deref()));
    let actions = reader.actions(framework);
    let unfinished = std::mem::take(&mut reader.unfinished);
    let masks = header.as_ref().map_or_else(Vec::new, |h| h.reference_formats.clone());
    let personal_data: Vec<Diagnostic> = reader.files.iter().flat_map(|f| personal::scan(f, &masks)).collect();
    for d in &personal_data {
        diags.push(d.clone());
    }

    let Some(header) = header else { return Ok(None) };
    let Some(framework) = header.framework else {
        return Ok(None);
    };
    if diags.has_errors() {
        return Ok(None);
    }
    let mut findings = findings;
    findings.sort_by_key(|f| framework.descriptors.iter().position(|d| d.id == f.descriptor));
    Ok(Some(Evidence {
        folder: folder.to_path_buf(),
        council: header.council,
        prepared_by: header.prepared_by,
        prepared_on: header.prepared_on.unwrap_or(header.period.end),
        marking: header.marking,
        period: header.period,
        previous: header.previous,
        last_inspection: header.last_inspection,
        framework,
        findings,
        indicators,
        actions,
        personal_data,
        unfinished,
    }))
}

/// Whether last year's folder is this council's and an earlier year: read
/// from its council.toml alone (its own problems are its own, reported when
/// it is compared).
fn other_year_problem(path: &Path, council: &str, period: Option<&Period>) -> Option<String> {
    let text = read_text(&path.join("council.toml")).ok()?;
    let raw: RawCouncil = toml::from_str(&text).ok()?;
    let theirs = raw.council.map(|c| c.into_inner()).unwrap_or_default();
    if !council.trim().is_empty() && crate::framework::normalise(&theirs) != crate::framework::normalise(council) {
        return Some(format!(
            "these folders are for different councils: `{}` says \"{theirs}\"",
            path.display()
        ));
    }
    let start = raw.period.and_then(|p| p.into_inner().start).map(|d| *d.get_ref())?;
    let ours = period?;
    (start >= ours.start).then(|| {
        format!(
            "`previous` names a folder whose period starts {}, not before this one ({})",
            start.long(),
            ours.start.long()
        )
    })
}

fn read(path: &Path, diags: &mut Diagnostics, required: bool) -> Option<SourceFile> {
    match read_text(path) {
        Ok(text) => {
            diags.file_read();
            Some(SourceFile::new(path, text))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(
                Diagnostic::error(path, "this file is missing")
                    .hint("every evidence folder has a council.toml; `selfeval init DIR` writes a starter folder"),
            );
            None
        }
        Err(e) => {
            diags.push(Diagnostic::error(path, format!("cannot read this file: {e}")));
            None
        }
    }
}

struct Header {
    council: String,
    framework: Option<Framework>,
    prepared_by: String,
    prepared_on: Option<Date>,
    marking: String,
    period: Period,
    previous: Option<PathBuf>,
    last_inspection: Option<LastInspection>,
    reference_formats: Vec<personal::Mask>,
}

struct Reader<'a> {
    folder: &'a Path,
    today: Date,
    diags: &'a mut Diagnostics,
    /// Every file read, for the personal-data scan.
    files: Vec<SourceFile>,
    /// Warnings about what the document cannot be written without.
    unfinished: Vec<Diagnostic>,
    /// Descriptors a finding's unknown id most likely meant: their finding
    /// is there, under the id its error points at.
    meant: BTreeSet<String>,
}

impl Reader<'_> {
    fn council(&mut self, file: &SourceFile, raw: RawCouncil) -> Option<Header> {
        let whole = 0..0;
        const COUNCIL_EXAMPLE: &str = "council = \"Northbrook\"";
        let council = self.required_text(
            file,
            whole.clone(),
            "council.toml",
            "council",
            raw.council.as_ref(),
            COUNCIL_EXAMPLE,
        );
        // The document's title is the council's name: a blank one stops `render`.
        if council.as_deref() == Some("")
            && let Some(blank) = &raw.council
        {
            self.unfinished
                .push(not_filled_in(file, blank, "council", COUNCIL_EXAMPLE));
        }
        let framework = match &raw.framework {
            Some(f) => crate::framework::load(
                &FrameworkRef::parse(f.get_ref(), self.folder),
                Some(Site {
                    source: file,
                    span: f.span(),
                }),
                self.diags,
            ),
            None => {
                self.diags.push(
                    Diagnostic::warning(&file.path, format!("no framework is named; using {DEFAULT_FRAMEWORK}")).hint(
                        format!(
                            "add `framework = \"{DEFAULT_FRAMEWORK}\"` to say which framework the evidence answers to"
                        ),
                    ),
                );
                crate::framework::load(&FrameworkRef::BuiltIn(DEFAULT_FRAMEWORK.into()), None, self.diags)
            }
        };
        let period = self.period(file, &raw);
        for (field, value) in [("prepared_by", &raw.prepared_by), ("marking", &raw.marking)] {
            if value.as_ref().is_none_or(|v| v.get_ref().trim().is_empty()) {
                let example = if field == "marking" {
                    "marking = \"OFFICIAL-SENSITIVE\""
                } else {
                    "prepared_by = \"Quality Assurance Service\""
                };
                let mut d = Diagnostic::warning(&file.path, format!("`{field}` is not filled in"))
                    .hint(format!("add `{example}`"));
                if let Some(v) = value {
                    d = d.at(file, v.span());
                }
                self.diags.push(d);
            }
        }
        let council_name = raw.council.as_ref().map(|c| c.get_ref().clone()).unwrap_or_default();
        let previous = raw
            .previous
            .as_ref()
            .and_then(|p| self.previous(file, p, &council_name, period.as_ref()));
        let last_inspection = match (&raw.last_inspection, &framework) {
            (Some(li), Some(fw)) => self.last_inspection(file, li, fw),
            _ => None,
        };
        if let (Some(on), Some(period)) = (&raw.prepared_on, &period)
            && *on.get_ref() < period.start
        {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!("`prepared_on` ({}) is before the period starts", on.get_ref().long()),
                )
                .at(file, on.span())
                .hint("the document is prepared after the period it evaluates; check the year"),
            );
        }
        let mut reference_formats = Vec::new();
        for f in raw.personal_data.iter().flat_map(|p| &p.get_ref().reference_formats) {
            match personal::Mask::problem(f.get_ref()) {
                Some(problem) => self.diags.push(
                    Diagnostic::error(&file.path, problem)
                        .at(file, f.span())
                        .expected("a format such as \"LCS-######\": # for a digit, @ for a letter")
                        .hint("write the format of your case or person references, e.g. \"LCS-######\""),
                ),
                None => reference_formats.push(personal::Mask(f.get_ref().clone())),
            }
        }
        Some(Header {
            reference_formats,
            council: council?,
            framework,
            prepared_by: raw.prepared_by.map(|p| p.into_inner()).unwrap_or_default(),
            prepared_on: raw.prepared_on.map(|d| *d.get_ref()),
            marking: raw.marking.map(|m| m.into_inner()).unwrap_or_default(),
            period: period?,
            previous,
            last_inspection,
        })
    }

    fn period(&mut self, file: &SourceFile, raw: &RawCouncil) -> Option<Period> {
        let Some(period) = &raw.period else {
            self.diags.push(
                Diagnostic::error(&file.path, "council.toml has no reporting period")
                    .at(file, 0..0)
                    .expected("a [period] table")
                    .hint("add:\n[period]\nstart = 2025-04-01\nend = 2026-03-31"),
            );
            return None;
        };
        let p = period.get_ref();
        let start = p.start.as_ref().map(|d| *d.get_ref());
        let end = p.end.as_ref().map(|d| *d.get_ref());
        for (name, value) in [("start", start), ("end", end)] {
            if value.is_none() {
                self.diags.push(missing(
                    file,
                    period.span(),
                    "[period]",
                    name,
                    &format!("{name} = 2026-03-31"),
                ));
            }
        }
        let (start, end) = (start?, end?);
        if start >= end {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!("the period ends ({}) before it starts ({})", end.long(), start.long()),
                )
                .at(file, p.end.as_ref().map_or(period.span(), Spanned::span))
                .hint("a reporting period usually runs from 1 April to 31 March"),
            );
            return None;
        }
        Some(Period { start, end })
    }

    fn previous(
        &mut self,
        file: &SourceFile,
        previous: &Spanned<String>,
        council: &str,
        period: Option<&Period>,
    ) -> Option<PathBuf> {
        let path = self.folder.join(previous.get_ref());
        let problem = if !path.is_dir() {
            Some(format!(
                "the previous year's folder `{}` does not exist",
                path.display()
            ))
        } else if same_folder(&path, self.folder) {
            Some("`previous` names this folder itself".to_string())
        } else if !path.join("council.toml").is_file() {
            Some(format!(
                "`{}` has no council.toml, so it is not an evidence folder",
                path.display()
            ))
        } else {
            other_year_problem(&path, council, period)
        };
        match problem {
            Some(message) => {
                let hint = if previous.get_ref().contains('\\') {
                    "write the path with forward slashes, e.g. \"../2025\", on Windows too"
                } else {
                    "remove the `previous` line if there is no earlier folder"
                };
                self.diags.push(
                    Diagnostic::error(&file.path, message)
                        .at(file, previous.span())
                        .expected("the path of last year's evidence folder, relative to this one, e.g. \"../2025\"")
                        .hint(hint),
                );
                None
            }
            None => Some(path),
        }
    }

    fn last_inspection(
        &mut self,
        file: &SourceFile,
        li: &Spanned<super::raw::RawInspection>,
        fw: &Framework,
    ) -> Option<LastInspection> {
        let r = li.get_ref();
        let date = match &r.date {
            Some(d) => {
                if *d.get_ref() > self.today {
                    self.diags.push(
                        Diagnostic::error(&file.path, "the last inspection is dated in the future").at(file, d.span()),
                    );
                }
                *d.get_ref()
            }
            None => {
                self.diags.push(missing(
                    file,
                    li.span(),
                    "[last_inspection]",
                    "date",
                    "date = 2023-02-10",
                ));
                return None;
            }
        };
        let mut grades = Vec::new();
        for (judgement, grade) in &r.grades {
            let known = fw.judgement(judgement).is_some() || judgement == "overall-effectiveness";
            if !known {
                let ids: Vec<&str> = fw
                    .judgements
                    .iter()
                    .map(|j| j.id.as_str())
                    .chain(["overall-effectiveness"])
                    .collect();
                let mut d = Diagnostic::error(
                    &file.path,
                    format!("unknown judgement `{judgement}` in [last_inspection.grades]"),
                )
                .at(file, grade.span())
                .expected(format!(
                    "one of {}",
                    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                ));
                if let Some(s) = did_you_mean(judgement, ids.iter().copied()) {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
                continue;
            }
            match fw.grade(grade.get_ref()) {
                Some(g) => grades.push((judgement.clone(), g.id.clone())),
                None => {
                    let labels: Vec<&str> = fw.grades.iter().map(|g| g.label.as_str()).collect();
                    self.diags.push(unknown(file, grade, "grade", labels));
                }
            }
        }
        let order = |j: &str| fw.judgements.iter().position(|x| x.id == j).unwrap_or(usize::MAX);
        grades.sort_by_key(|(j, _)| order(j));
        Some(LastInspection { date, grades })
    }

    fn findings(&mut self, fw: Option<&Framework>, period: Option<Period>) -> Vec<Finding> {
        let dir = self.folder.join("findings");
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect(),
            Err(_) => {
                self.diags.push(
                    Diagnostic::warning(&dir, "there is no findings folder, so no descriptor has a finding")
                        .hint("`selfeval init` writes findings/<judgement>.toml for every judgement"),
                );
                Vec::new()
            }
        };
        files.sort();
        if files.len() > MAX_FINDINGS_FILES {
            self.diags.push(
                Diagnostic::error(
                    &dir,
                    format!(
                        "the findings folder holds {} files; selfeval reads up to {MAX_FINDINGS_FILES}",
                        files.len()
                    ),
                )
                .hint("keep one file per judgement, e.g. findings/help-protection.toml"),
            );
            files.truncate(MAX_FINDINGS_FILES);
        }
        let mut findings = Vec::new();
        let mut seen: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
        // Files not read whole: a finding missing from one is most likely in
        // the part that could not be read, which its errors already point at.
        let mut not_read_whole: BTreeSet<PathBuf> = BTreeSet::new();
        for path in files {
            let Some(file) = read(&path, self.diags, true) else {
                not_read_whole.insert(path);
                continue;
            };
            self.files.push(file.clone());
            let (raw, sound) = tomlfile::parse_telling::<RawFindings>(&file, self.diags);
            let Some(raw) = raw.filter(|_| sound) else {
                not_read_whole.insert(path);
                continue;
            };
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if let Some(fw) = fw
                && fw.judgement(&stem).is_none()
            {
                let ids: Vec<&str> = fw.judgements.iter().map(|j| j.id.as_str()).collect();
                let mut d = Diagnostic::warning(
                    &path,
                    format!("`{stem}` is not a judgement of {}; its findings are still read", fw.id),
                )
                .expected(format!(
                    "files named after judgements: {}",
                    ids.iter().map(|i| format!("{i}.toml")).collect::<Vec<_>>().join(", ")
                ));
                if let Some(s) = did_you_mean(&stem, ids.iter().copied()) {
                    d = d.hint(format!("rename it to {s}.toml"));
                }
                self.diags.push(d);
            }
            for entry in &raw.finding {
                if let Some(finding) = self.finding(&file, entry, fw, period, &stem, &mut seen) {
                    findings.push(finding);
                }
            }
        }
        if let Some(fw) = fw {
            for d in &fw.descriptors {
                let file = self.folder.join(findings_file(&d.judgement));
                if !seen.contains_key(&d.id) && !not_read_whole.contains(&file) && !self.meant.contains(&d.id) {
                    self.diags.push(
                        Diagnostic::warning(&file, format!("no finding for `{}` ({})", d.id, d.title))
                            .hint(format!("add a [[finding]] with descriptor = \"{}\"", d.id)),
                    );
                }
            }
        }
        findings
    }

    fn finding(
        &mut self,
        file: &SourceFile,
        entry: &Spanned<RawFinding>,
        fw: Option<&Framework>,
        period: Option<Period>,
        file_judgement: &str,
        seen: &mut BTreeMap<String, (PathBuf, usize)>,
    ) -> Option<Finding> {
        let r = entry.get_ref();
        let line = line_of(file, entry.span());
        let Some(descriptor) = &r.descriptor else {
            self.diags.push(missing(
                file,
                entry.span(),
                "this finding",
                "descriptor",
                "descriptor = \"hp.front-door\"",
            ));
            return None;
        };
        let id = descriptor.get_ref().clone();
        let mut valid = true;
        if let Some(fw) = fw {
            match fw.descriptor(&id) {
                Some(d) if d.judgement != file_judgement && fw.judgement(file_judgement).is_some() => {
                    self.diags.push(
                        Diagnostic::warning(
                            &file.path,
                            format!("`{id}` belongs to judgement `{}`, not `{file_judgement}`", d.judgement),
                        )
                        .at(file, descriptor.span())
                        .hint(format!(
                            "move this finding to {}",
                            findings_file(&d.judgement).display()
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    valid = false;
                    self.diags.push(unknown_descriptor(file, descriptor, fw));
                    let meant = match fw.replacement_for(&id) {
                        Some(newer) => Some(newer.id.as_str()),
                        None => did_you_mean(&id, fw.descriptors.iter().map(|d| d.id.as_str())),
                    };
                    self.meant.extend(meant.map(str::to_string));
                }
            }
        }
        if let Some((first_file, first_line)) = seen.get(&id) {
            self.diags.push(
                Diagnostic::error(&file.path, format!("a second finding for `{id}`"))
                    .at(file, descriptor.span())
                    .expected("one finding per descriptor")
                    .hint(format!(
                        "the first is at {}:{first_line}; merge the two",
                        first_file.display()
                    )),
            );
            return None;
        }
        seen.insert(id.clone(), (file.path.clone(), line));

        let rating = match (&r.rating, fw) {
            (Some(rating), Some(fw)) if !rating.get_ref().trim().is_empty() => {
                let wanted = crate::framework::normalise(rating.get_ref());
                match fw
                    .ratings
                    .iter()
                    .find(|x| x.id == wanted || crate::framework::normalise(&x.label) == wanted)
                {
                    Some(x) => Some(x.id.clone()),
                    None => {
                        self.diags.push(unknown(
                            file,
                            rating,
                            "rating",
                            fw.ratings.iter().map(|x| x.id.as_str()),
                        ));
                        None
                    }
                }
            }
            _ => None,
        };
        let summary = r.summary.clone().unwrap_or_default();
        let impact = r.impact.clone().unwrap_or_default();
        let written = !summary.trim().is_empty();
        if !written {
            // An empty starter entry from `init`: one warning, not four.
            self.diags.push(
                Diagnostic::warning(&file.path, format!("the finding for `{id}` is not written yet"))
                    .at(file, entry.span())
                    .hint("fill in summary, impact and rating, and add at least one [[finding.source]]"),
            );
        } else {
            if impact.trim().is_empty() {
                self.diags.push(
                    Diagnostic::warning(
                        &file.path,
                        format!("the finding for `{id}` says nothing about the impact on children"),
                    )
                    .at(file, entry.span())
                    .hint("add `impact = \"...\"`: what difference practice makes to children and families"),
                );
            }
            if r.rating.as_ref().is_none_or(|x| x.get_ref().trim().is_empty()) {
                let scale = fw
                    .map(|fw| fw.ratings.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(" | "))
                    .unwrap_or_default();
                self.diags.push(
                    Diagnostic::warning(&file.path, format!("the finding for `{id}` has no rating of your own"))
                        .at(file, entry.span())
                        .hint(format!("add `rating = \"...\"`: {scale}")),
                );
            }
            if r.source.is_empty() {
                self.diags.push(
                    Diagnostic::warning(&file.path, format!("the finding for `{id}` cites no sources"))
                        .at(file, entry.span())
                        .hint("add [[finding.source]] entries: how do you know it?"),
                );
            }
        }
        if r.source.len() > MAX_SOURCES_PER_FINDING {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "the finding for `{id}` cites {} sources; selfeval reads up to {MAX_SOURCES_PER_FINDING}",
                        r.source.len()
                    ),
                )
                .at(file, entry.span())
                .hint("cite the sources that show what you know; the rest belong in your own records"),
            );
        }
        let mut sources = Vec::new();
        for s in r.source.iter().take(MAX_SOURCES_PER_FINDING) {
            if let Some(source) = self.source(file, s, fw, period) {
                sources.push(source);
            } else {
                valid = false;
            }
        }
        valid.then(|| Finding {
            descriptor: id,
            rating,
            summary,
            impact,
            sources,
            origin: Origin {
                file: self.relative(&file.path),
                line,
            },
        })
    }

    fn source(
        &mut self,
        file: &SourceFile,
        entry: &Spanned<super::raw::RawSource>,
        fw: Option<&Framework>,
        period: Option<Period>,
    ) -> Option<Source> {
        let r = entry.get_ref();
        let kind = match (&r.kind, fw) {
            (Some(kind), Some(fw)) => {
                let wanted = crate::framework::normalise(kind.get_ref());
                let found = fw.source_kind(&wanted).map(|k| k.id.clone());
                if found.is_none() {
                    self.diags.push(unknown(
                        file,
                        kind,
                        "source kind",
                        fw.source_kinds.iter().map(|k| k.id.as_str()),
                    ));
                }
                found
            }
            (Some(kind), None) => Some(kind.get_ref().clone()),
            (None, _) => {
                self.diags.push(missing(
                    file,
                    entry.span(),
                    "this source",
                    "kind",
                    "kind = \"case-audit\"",
                ));
                None
            }
        };
        let title = r
            .title
            .as_ref()
            .map(|t| t.get_ref().clone())
            .filter(|t| !t.trim().is_empty());
        match (&r.title, &title) {
            (Some(empty), None) => self.diags.push(
                Diagnostic::error(&file.path, "this source's `title` is empty")
                    .at(file, empty.span())
                    .expected("the source's name and date, e.g. \"Monthly case audit, January (27 children)\"")
                    .hint("say what the source is, so that a reader can find it"),
            ),
            (None, _) => self.diags.push(missing(
                file,
                entry.span(),
                "this source",
                "title",
                "title = \"Monthly case audit, January (27 children)\"",
            )),
            _ => {}
        }
        let date = match &r.date {
            Some(date) => {
                let d = *date.get_ref();
                if d > self.today {
                    self.diags.push(
                        Diagnostic::error(&file.path, format!("this source is dated in the future ({})", d.long()))
                            .at(file, date.span())
                            .hint("check the year; evidence can only come from what has already happened"),
                    );
                } else if let Some(p) = period {
                    if d > p.end {
                        self.diags.push(
                            Diagnostic::error(
                                &file.path,
                                format!(
                                    "this source is dated after the reporting period ends ({})",
                                    p.end.long()
                                ),
                            )
                            .at(file, date.span())
                            .expected(format!("a date on or before {}", p.end))
                            .hint("check the date; evidence from after the period belongs in next year's folder"),
                        );
                    } else if d < p.end.months_before(STALE_AFTER_MONTHS) {
                        self.diags.push(
                            Diagnostic::warning(&file.path, format!(
                                "this source is {} months old at the end of the period",
                                d.months_until(p.end)
                            ))
                            .at(file, date.span())
                            .hint(format!("inspectors look for recent evidence: anything older than {STALE_AFTER_MONTHS} months needs refreshing")),
                        );
                    }
                }
                Some(d)
            }
            None => {
                self.diags
                    .push(missing(file, entry.span(), "this source", "date", "date = 2026-01-20"));
                None
            }
        };
        let showed = r.showed.clone().unwrap_or_default();
        if showed.trim().is_empty() {
            self.diags.push(
                Diagnostic::warning(&file.path, "this source does not say what it showed")
                    .at(file, entry.span())
                    .hint("add `showed = \"...\"`: the finding from this evidence in a sentence"),
            );
        }
        Some(Source {
            kind: kind?,
            title: title?,
            date: date?,
            showed,
        })
    }

    fn indicators(&mut self, fw: Option<&Framework>, previous: Option<&Path>) -> Vec<IndicatorValue> {
        let path = self.folder.join("indicators.toml");
        let Some(file) = read(&path, self.diags, false) else {
            self.diags.push(
                Diagnostic::warning(&path, "there is no indicators.toml, so every indicator is missing")
                    .hint("`selfeval init` writes one listing every indicator of the framework"),
            );
            return Vec::new();
        };
        self.files.push(file.clone());
        let (raw, sound) = tomlfile::parse_telling::<RawIndicators>(&file, self.diags);
        // After a syntax error, entries are read by guesswork: they are left
        // until it is fixed, and so is saying which indicators have no value.
        let Some(raw) = raw.filter(|_| sound) else {
            return Vec::new();
        };
        let mut values: Vec<IndicatorValue> = Vec::new();
        let mut spans: BTreeMap<String, Range<usize>> = BTreeMap::new();
        if raw.indicator.len() > MAX_INDICATOR_ENTRIES {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "indicators.toml has {} entries; selfeval reads up to {MAX_INDICATOR_ENTRIES}",
                        raw.indicator.len()
                    ),
                )
                .hint("give one [[indicator]] per indicator of the framework"),
            );
        }
        // Each entry's lines run from its header to the next one's.
        let mut unreadable_value: BTreeSet<String> = BTreeSet::new();
        let entries = raw.indicator.iter().take(MAX_INDICATOR_ENTRIES);
        for (i, entry) in entries.enumerate() {
            if let Some(v) = self.indicator(&file, entry, fw) {
                let first = line_of(&file, entry.span());
                let last = raw
                    .indicator
                    .get(i + 1)
                    .map_or(usize::MAX, |next| line_of(&file, next.span()) - 1);
                if v.value.is_none() && self.diags.error_within(&file.path, first..=last) {
                    unreadable_value.insert(v.id.clone());
                }
                spans.entry(v.id.clone()).or_insert_with(|| entry.span());
                if values.iter().any(|x| x.id == v.id) {
                    self.diags.push(
                        Diagnostic::error(&file.path, format!("indicator `{}` is given twice", v.id))
                            .at(&file, entry.span())
                            .hint("keep one [[indicator]] entry per id"),
                    );
                    continue;
                }
                values.push(v);
            }
        }
        if let Some(fw) = fw {
            for indicator in &fw.indicators {
                let has_value = values.iter().any(|v| v.id == indicator.id && v.value.is_some());
                // An entry whose value could not be read has its error already.
                if !has_value && !unreadable_value.contains(&indicator.id) {
                    let mut d = Diagnostic::warning(
                        &file.path,
                        format!("indicator `{}` ({}) has no value", indicator.id, indicator.title),
                    );
                    d = match spans.get(&indicator.id) {
                        Some(span) => d.at(&file, span.clone()).hint(format!(
                            "add `value = ...` under this entry, in {}",
                            indicator.unit.id()
                        )),
                        None => d.hint(format!(
                            "add an [[indicator]] entry with id = \"{}\" and its value, in {}",
                            indicator.id,
                            indicator.unit.id()
                        )),
                    };
                    self.diags.push(d);
                }
            }
            values.sort_by_key(|v| fw.indicators.iter().position(|i| i.id == v.id));
        }
        if let Some(previous) = previous {
            self.previous_values_agree(&file, &raw, previous);
        }
        values
    }

    /// Each `previous` figure against the value in last year's folder: the
    /// document shows last year's figure in both places (this year's charts
    /// take `previous`, the progress chapter takes last year's folder), so
    /// they must be one figure, or the difference explained.
    fn previous_values_agree(&mut self, file: &SourceFile, raw: &RawIndicators, previous: &Path) {
        let their_path = previous.join("indicators.toml");
        // Last year's own problems are reported when it is checked.
        let Some(theirs) = read_text(&their_path)
            .ok()
            .and_then(|text| toml::from_str::<RawIndicators>(&text).ok())
        else {
            return;
        };
        for entry in &raw.indicator {
            let r = entry.get_ref();
            let (Some(id), Some(ours)) = (&r.id, &r.previous) else {
                continue;
            };
            let Some(then) = theirs
                .indicator
                .iter()
                .map(|e| e.get_ref())
                .find(|e| e.id.as_ref().is_some_and(|i| i.get_ref() == id.get_ref()))
                .and_then(|e| e.value.as_ref().map(|v| *v.get_ref()))
            else {
                continue;
            };
            let explained = r.note.as_deref().is_some_and(|n| n.to_lowercase().contains("revis"));
            if (ours.get_ref() - then).abs() > 1e-9 && !explained {
                self.diags.push(
                    Diagnostic::warning(
                        &file.path,
                        format!(
                            "`previous` of `{}` is {}, but last year's folder gives {then}",
                            id.get_ref(),
                            ours.get_ref()
                        ),
                    )
                    .at(file, ours.span())
                    .expected(format!("{then}, the value in {}", their_path.display()))
                    .hint(format!(
                        "use one figure in both; if last year's was revised since, say so in `note`, \
                         e.g. note = \"{then} revised to {}\"",
                        ours.get_ref()
                    )),
                );
            }
        }
    }

    fn indicator(
        &mut self,
        file: &SourceFile,
        entry: &Spanned<RawIndicatorValue>,
        fw: Option<&Framework>,
    ) -> Option<IndicatorValue> {
        let r = entry.get_ref();
        let Some(id) = &r.id else {
            self.diags.push(missing(
                file,
                entry.span(),
                "this indicator",
                "id",
                "id = \"re-referrals-12m\"",
            ));
            return None;
        };
        let mut unit = None;
        if let Some(fw) = fw {
            match fw.indicator(id.get_ref()) {
                Some(i) => unit = Some(i.unit),
                None => {
                    self.diags.push(unknown(
                        file,
                        id,
                        "indicator",
                        fw.indicators.iter().map(|i| i.id.as_str()),
                    ));
                    return None;
                }
            }
        }
        let mut ok = true;
        for (name, value) in [("value", &r.value), ("previous", &r.previous), ("target", &r.target)] {
            let Some(value) = value else { continue };
            let v = *value.get_ref();
            let problem = if !v.is_finite() {
                Some("is not a number")
            } else if v < 0.0 {
                Some("is negative")
            } else if unit == Some(Unit::Percent) && v > 100.0 {
                Some("is over 100%")
            } else {
                None
            };
            if let Some(problem) = problem {
                ok = false;
                let expected = match unit {
                    Some(Unit::Percent) => "a percentage from 0 to 100, e.g. 23.9".to_string(),
                    Some(u) => format!("a number of zero or more ({})", u.format(12.0)),
                    None => "a number of zero or more".to_string(),
                };
                self.diags.push(
                    Diagnostic::error(&file.path, format!("`{name}` of `{}` {problem}", id.get_ref()))
                        .at(file, value.span())
                        .expected(expected)
                        .hint("percentages are written as numbers from 0 to 100, not as fractions"),
                );
            }
        }
        ok.then(|| IndicatorValue {
            id: id.get_ref().clone(),
            value: r.value.as_ref().map(|v| *v.get_ref()),
            previous: r.previous.as_ref().map(|v| *v.get_ref()),
            target: r.target.as_ref().map(|v| *v.get_ref()),
            period: r.period.clone(),
            note: r.note.clone(),
        })
    }

    fn actions(&mut self, fw: Option<&Framework>) -> Vec<Action> {
        let path = self.folder.join("actions.toml");
        let Some(file) = read(&path, self.diags, false) else {
            self.diags.push(
                Diagnostic::warning(&path, "there is no actions.toml, so there is no improvement plan")
                    .hint("add actions.toml with one [[action]] per line of the plan"),
            );
            return Vec::new();
        };
        self.files.push(file.clone());
        let raw = tomlfile::parse::<RawActions>(&file, self.diags).unwrap_or_default();
        let mut actions: Vec<Action> = Vec::new();
        if raw.action.len() > MAX_ACTIONS {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "actions.toml has {} actions; selfeval reads up to {MAX_ACTIONS}",
                        raw.action.len()
                    ),
                )
                .hint("keep the improvement plan to the actions you will report on"),
            );
        }
        for entry in raw.action.iter().take(MAX_ACTIONS) {
            if let Some(action) = self.action(&file, entry, fw) {
                if actions.iter().any(|a| a.id == action.id) {
                    self.diags.push(
                        Diagnostic::error(&file.path, format!("action `{}` is given twice", action.id))
                            .at(&file, entry.span())
                            .hint(
                                "give each action its own id; keep the id when an action carries forward to next year",
                            ),
                    );
                    continue;
                }
                actions.push(action);
            }
        }
        actions
    }

    fn action(&mut self, file: &SourceFile, entry: &Spanned<RawAction>, fw: Option<&Framework>) -> Option<Action> {
        let r = entry.get_ref();
        let span = entry.span();
        let id = r.id.as_ref().map(|i| i.get_ref().clone());
        let what = match &id {
            Some(id) => format!("action `{id}`"),
            None => "this action".to_string(),
        };
        let mut need = |field: &str, present: bool, example: &str| {
            if !present {
                self.diags.push(missing(file, span.clone(), &what, field, example));
            }
            present
        };
        let has_id = need("id", id.is_some(), "id = \"NB26-01\"");
        let has_descriptors = need("descriptors", !r.descriptors.is_empty(), "descriptors = [\"hp.plans\"]");
        let has_action = need(
            "action",
            r.action.as_ref().is_some_and(|a| !a.trim().is_empty()),
            "action = \"What will be done\"",
        );
        let has_owner = need(
            "owner",
            r.owner.as_ref().is_some_and(|a| !a.trim().is_empty()),
            "owner = \"Head of Service\"",
        );
        let has_due = need("due", r.due.is_some(), "due = 2026-09-30");
        let has_status = need("status", r.status.is_some(), "status = \"in-progress\"");
        let mut ok = has_id && has_descriptors && has_action && has_owner && has_due && has_status;
        if let Some(fw) = fw {
            for d in &r.descriptors {
                if fw.descriptor(d.get_ref()).is_none() {
                    ok = false;
                    self.diags.push(unknown_descriptor(file, d, fw));
                }
            }
        }
        let status = r
            .status
            .as_ref()
            .and_then(|s| choose::<ActionStatus>(file, s, "status", self.diags));
        let origin = r
            .origin
            .as_ref()
            .map(|o| choose::<ActionOrigin>(file, o, "origin", self.diags));
        if status.is_none() || origin.is_some_and(|o| o.is_none()) || !ok {
            return None;
        }
        Some(Action {
            id: id?,
            descriptors: r.descriptors.iter().map(|d| d.get_ref().clone()).collect(),
            action: r.action.clone()?,
            owner: r.owner.clone()?,
            due: *r.due.as_ref()?.get_ref(),
            status: status?,
            origin: origin.flatten(),
            origin_ref: r.origin_ref.clone(),
            progress: r.progress.clone(),
        })
    }

    fn required_text(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        what: &str,
        field: &str,
        value: Option<&Spanned<String>>,
        example: &str,
    ) -> Option<String> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().trim().to_string()),
            Some(v) => {
                self.diags.push(not_filled_in(file, v, field, example));
                Some(String::new())
            }
            None => {
                self.diags.push(missing(file, span, what, field, example));
                None
            }
        }
    }

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
        None => unknown(file, id, "descriptor", fw.descriptors.iter().map(|d| d.id.as_str())),
    }
}

/// An empty starter value from `init`: work to do, not an error.
fn not_filled_in(file: &SourceFile, value: &Spanned<String>, field: &str, example: &str) -> Diagnostic {
    Diagnostic::warning(&file.path, format!("`{field}` is not filled in"))
        .at(file, value.span())
        .hint(format!("write e.g. `{example}`"))
}

fn line_of(file: &SourceFile, span: Range<usize>) -> usize {
    file.text[..span.start.min(file.text.len())].matches('\n').count() + 1
}

pub(crate) fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
