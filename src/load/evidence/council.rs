//! council.toml: the council, its framework, the reporting period, the
//! last inspection, and the `previous` line naming last year's folder.

use std::path::PathBuf;

use toml::Spanned;

use super::previous::Glance;
use super::raw::{RawCouncil, RawExecutiveSummary, RawInspection};
use super::{Header, PreviousLine, Reader, not_filled_in};
use crate::diag::{Diagnostic, Hold, SourceFile, did_you_mean, missing};
use crate::load::framework::{self, DEFAULT_FRAMEWORK, FrameworkRef, Site};
use crate::load::personal;
use crate::load::published;
use crate::load::source::{LOOP, Place, Within, place, same_folder};
use crate::model::evidence::{Authority, ExecutiveSummary, LastInspection, OVERALL_EFFECTIVENESS, Period};
use crate::model::published::Found;

/// About as many words as the summary's page holds beside the dashboard
/// (measured on the example's PDF, whose 321 fill it): with more, the
/// summary runs onto a second page.
const EXECUTIVE_SUMMARY_WORDS: usize = 330;

/// What an executive summary looks like, for the hint where there is none.
const EXECUTIVE_SUMMARY_EXAMPLE: &str = "[executive_summary]
where_we_are = \"\"\"
Where practice is now, in a paragraph or two, and how you know.
\"\"\"
strengths = [
  \"A strength, as the difference it makes to children.\",
]
priorities = [
  \"A priority for the next 12 months, as what will be better for children.\",
]";
use crate::model::framework::Framework;
use crate::text::normalise;

/// Longer than any English council's name ("The Royal Borough of Windsor
/// and Maidenhead" is 43 characters).
const MAX_COUNCIL_NAME: usize = 80;

impl Reader<'_> {
    /// `la_code` (the council's own DfE or ONS code) or `comparators_of`
    /// (an authority, by code or name, whose region and neighbours a
    /// council borrows), found in DfE's published figures.
    fn authority(&mut self, file: &SourceFile, raw: &RawCouncil) -> Option<Authority> {
        if let (Some(_), Some(other)) = (&raw.la_code, &raw.comparators_of) {
            self.diags.push(
                Diagnostic::error(&file.path, "`la_code` and `comparators_of` are both given")
                    .at(file, other.span())
                    .hint(
                        "`la_code` is for a real council, whose own published figures it names; \
                         `comparators_of` is for one that borrows another's comparators: keep one",
                    ),
            );
        }
        let borrowed = raw
            .comparators_of
            .as_ref()
            .and_then(|other| self.resolve_authority(file, other, false));
        let own = raw
            .la_code
            .as_ref()
            .and_then(|code| self.resolve_authority(file, code, true));
        own.or(borrowed)
    }

    fn resolve_authority(&mut self, file: &SourceFile, written: &Spanned<String>, own: bool) -> Option<Authority> {
        let published = match published::published() {
            Ok(p) => p,
            Err(e) => {
                self.diags.push(Diagnostic::error(&file.path, e.to_string()));
                return None;
            }
        };
        let field = if own { "la_code" } else { "comparators_of" };
        let wanted = written.get_ref().trim();
        let problem = match published.find(wanted) {
            Found::One(a) if own && !a.has_code(wanted) => {
                format!(
                    "`la_code` is a code, not a name: {} is `{}` (DfE) or `{}` (ONS)",
                    a.name,
                    a.key,
                    a.codes.first().map_or("", String::as_str)
                )
            }
            Found::One(a) => {
                // Replaced by another (Cumbria, Northamptonshire) or published
                // only combined: its figures stop, and it has no neighbours.
                if a.neighbours.is_empty() {
                    self.diags.push(
                        Diagnostic::warning(
                            &file.path,
                            format!(
                                "{} has no statistical neighbours in DfE's 2025 model, so its figures are set against England and its region only",
                                a.label()
                            ),
                        )
                        .at(file, written.span())
                        .hint("an authority that has since been replaced has no figures after it was: give today's authority's code (`selfeval figures NAME`)"),
                    );
                }
                return Some(Authority {
                    key: a.key.clone(),
                    name: a.name.clone(),
                    own,
                });
            }
            Found::Several(areas) => format!(
                "`{wanted}` could be any of {}",
                areas.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ")
            ),
            Found::None(near) if near.is_empty() => format!("no local authority in DfE's figures is `{wanted}`"),
            Found::None(near) => format!(
                "no local authority in DfE's figures is `{wanted}`; did you mean {}?",
                near.join(" or ")
            ),
        };
        self.diags.push(
            Diagnostic::error(&file.path, problem)
                .at(file, written.span())
                .expected(format!(
                    "`{field}` as DfE's three-digit code or the ONS code, e.g. `{field} = \"370\"` or `\"E08000038\"`{}",
                    if own { "" } else { ", or the authority's name" }
                ))
                .hint("`selfeval figures NAME` shows an authority's codes"),
        );
        None
    }

    /// council.toml, and its `previous` line where that names an evidence
    /// folder.
    pub(super) fn council(&mut self, file: &SourceFile, raw: RawCouncil) -> (Option<Header>, Option<PreviousLine>) {
        const COUNCIL_EXAMPLE: &str = "council = \"Northbrook\"";
        let council = match &raw.council {
            Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().trim().to_string()),
            Some(blank) => {
                // The document's title is the council's name: a blank one stops `render`.
                let d = not_filled_in(file, blank, "council", COUNCIL_EXAMPLE).holding(Hold::Document);
                self.diags.push(d);
                Some(String::new())
            }
            None => {
                self.diags
                    .push(missing(file, 0..0, "council.toml", "council", COUNCIL_EXAMPLE));
                None
            }
        };
        let framework = match &raw.framework {
            Some(f) => {
                let (framework, own) = framework::load_reading(
                    &FrameworkRef::parse(f.get_ref(), self.folder),
                    Some(Site {
                        source: file,
                        span: f.span(),
                    }),
                    Within::Folder(&self.tree),
                    self.diags,
                );
                self.files.extend(own);
                framework
            }
            None => {
                self.diags.push(
                    Diagnostic::warning(&file.path, format!("no framework is named; using {DEFAULT_FRAMEWORK}")).hint(
                        format!(
                            "add `framework = \"{DEFAULT_FRAMEWORK}\"` to say which framework the evidence answers to"
                        ),
                    ),
                );
                framework::load(
                    &FrameworkRef::BuiltIn(DEFAULT_FRAMEWORK.into()),
                    None,
                    Within::Anywhere,
                    self.diags,
                )
            }
        };
        let period = self.period(file, &raw);
        for (field, value, example) in [
            (
                "prepared_by",
                &raw.prepared_by,
                "prepared_by = \"Quality Assurance Service\"",
            ),
            ("marking", &raw.marking, "marking = \"OFFICIAL-SENSITIVE\""),
        ] {
            if value.as_ref().is_none_or(|v| v.get_ref().trim().is_empty()) {
                let mut d = Diagnostic::warning(&file.path, format!("`{field}` is not filled in"))
                    .hint(format!("add `{example}`"));
                if let Some(v) = value {
                    d = d.at(file, v.span());
                }
                self.diags.push(d);
            }
        }
        let previous = raw.previous.as_ref().and_then(|written| {
            let path = self.previous_folder(file, written)?;
            Some(PreviousLine {
                path,
                written: written.clone(),
                council: raw.council.as_ref().map(|c| c.get_ref().clone()).unwrap_or_default(),
                period,
            })
        });
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
        // Sense checks: a typing slip in a year reads as a date far away.
        if let (Some(on), Some(period)) = (&raw.prepared_on, &period)
            && period.end.months_until(*on.get_ref()) > 24
        {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!(
                        "`prepared_on` ({}) is more than two years after the period ends",
                        on.get_ref().long()
                    ),
                )
                .at(file, on.span())
                .hint("a self-evaluation is prepared within months of its period: check the year"),
            );
        }
        if let (Some(period), Some(written)) = (&period, &raw.period)
            && period.start.months_until(period.end) > 13
        {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!(
                        "the period runs {} months, from {} to {}",
                        period.start.months_until(period.end),
                        period.start.long(),
                        period.end.long()
                    ),
                )
                .at(file, written.span())
                .hint("a self-evaluation covers a year, usually 1 April to 31 March: check the years"),
            );
        }
        if let Some(name) = &raw.council
            && name.get_ref().chars().count() > MAX_COUNCIL_NAME
        {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!(
                        "the council's name is {} characters long; every page's header carries it",
                        name.get_ref().chars().count()
                    ),
                )
                .at(file, name.span())
                .hint("give the council's name as it is known, e.g. \"Northbrook\" or \"Northbrook City Council\""),
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
        let executive_summary = self.executive_summary(file, raw.executive_summary.as_ref());
        let authority = self.authority(file, &raw);
        let header = council.zip(period).map(|(council, period)| Header {
            authority,
            reference_formats,
            council,
            framework,
            prepared_by: raw.prepared_by.map(|p| p.into_inner()).unwrap_or_default(),
            prepared_on: raw.prepared_on.map(|d| *d.get_ref()),
            marking: raw.marking.map(|m| m.into_inner()).unwrap_or_default(),
            period,
            last_inspection,
            executive_summary,
        });
        (header, previous)
    }

    /// `[executive_summary]`: where the council is, its strengths and its
    /// priorities, in its own words. What is not written is a warning: the
    /// document opens with it.
    fn executive_summary(&mut self, file: &SourceFile, raw: Option<&Spanned<RawExecutiveSummary>>) -> ExecutiveSummary {
        let Some(raw) = raw else {
            self.diags.push(
                Diagnostic::warning(&file.path, "council.toml has no executive summary")
                    .at(file, 0..0)
                    .expected("an [executive_summary] table: where you are, your strengths, your priorities")
                    .hint(format!("add:\n{EXECUTIVE_SUMMARY_EXAMPLE}")),
            );
            return ExecutiveSummary::default();
        };
        let r = raw.get_ref();
        let where_we_are = super::written_text(
            self.diags,
            file,
            r.where_we_are.as_ref(),
            raw.span(),
            "`where_we_are` is not filled in",
            "write a paragraph or two: how good practice is now, and how you know",
        );
        let mut list = |items: Option<&Spanned<Vec<Spanned<String>>>>, field: &str, hint: &str| -> Vec<String> {
            let written: Vec<String> = items
                .iter()
                .flat_map(|i| i.get_ref())
                .map(|i| i.get_ref().trim().to_string())
                .filter(|i| !i.is_empty())
                .collect();
            if written.is_empty() {
                // At its first (blank) item, or its empty list.
                let span = items.map_or(raw.span(), |i| i.get_ref().first().map_or(i.span(), Spanned::span));
                self.diags.push(
                    Diagnostic::warning(&file.path, format!("`{field}` is not filled in"))
                        .at(file, span)
                        .hint(hint.to_string()),
                );
            }
            written
        };
        let strengths = list(
            r.strengths.as_ref(),
            "strengths",
            "list your three or four strongest areas, each as the difference it makes to children",
        );
        let priorities = list(
            r.priorities.as_ref(),
            "priorities",
            "list your priorities for the next 12 months, each as what will be better for children",
        );
        let words: usize = std::iter::once(&where_we_are)
            .chain(&strengths)
            .chain(&priorities)
            .map(|t| t.split_whitespace().count())
            .sum();
        if words > EXECUTIVE_SUMMARY_WORDS {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!(
                        "the executive summary is {words} words: at more than about {EXECUTIVE_SUMMARY_WORDS} it runs past its one page"
                    ),
                )
                .at(file, raw.span())
                .hint(
                    "keep it to a page beside the dashboard: where you are in about 150 words, and three to five \
                     strengths and priorities of a line or two each; the detail belongs in each judgement's chapter",
                ),
            );
        }
        ExecutiveSummary {
            where_we_are,
            strengths,
            priorities,
        }
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

    /// The folder `previous` names, if it is an evidence folder other than
    /// this one; each way it is not is reported at the line.
    fn previous_folder(&mut self, file: &SourceFile, previous: &Spanned<String>) -> Option<PathBuf> {
        let path = self.folder.join(previous.get_ref());
        let outside = |what: &str| {
            format!(
                "{what} leads outside `{}`: last year's folder and its files must sit beside this one (as \"../2025\" \
                 does), so that a folder from elsewhere cannot make selfeval read other folders",
                self.tree.display()
            )
        };
        let leads = match place(&path, &self.tree) {
            Place::Outside(_) => Some(outside("`previous`")),
            Place::Loop => Some(format!("`previous` cannot be followed: {LOOP}")),
            Place::Unreadable(why) => Some(format!("`previous` cannot be followed: {why}")),
            Place::Inside | Place::Missing => None,
        };
        let problem = if leads.is_some() {
            leads
        } else if let Place::Outside(_) = place(&path.join("council.toml"), &self.tree) {
            Some(outside("last year's council.toml"))
        } else if !path.is_dir() {
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
            None
        };
        match problem {
            Some(message) => {
                self.diags.push(previous_problem(file, previous, message));
                None
            }
            None => Some(path),
        }
    }

    /// Whether last year's folder is this council's, and an earlier year,
    /// as far as its council.toml tells; what it does not tell is not held
    /// against it (its own problems are its own, reported when it is
    /// checked).
    pub(super) fn same_council_earlier_year(
        &mut self,
        file: &SourceFile,
        line: &PreviousLine,
        theirs: &Glance,
    ) -> bool {
        let other_council = theirs
            .council
            .as_ref()
            .filter(|c| !line.council.trim().is_empty() && normalise(c) != normalise(&line.council));
        let problem = match (other_council, theirs.period_start, line.period) {
            (Some(council), _, _) => Some(format!(
                "these folders are for different councils: `{}` says \"{council}\"",
                line.path.display()
            )),
            (None, Some(start), Some(ours)) if start >= ours.start => Some(format!(
                "`previous` names a folder whose period starts {}, not before this one ({})",
                start.long(),
                ours.start.long()
            )),
            _ => None,
        };
        let fine = problem.is_none();
        if let Some(message) = problem {
            self.diags.push(previous_problem(file, &line.written, message));
        }
        fine
    }

    fn last_inspection(
        &mut self,
        file: &SourceFile,
        li: &Spanned<RawInspection>,
        fw: &Framework,
    ) -> Option<LastInspection> {
        let r = li.get_ref();
        let date = match &r.date {
            Some(d) => {
                if *d.get_ref() > self.bounds.today {
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
            let known = fw.judgement(judgement).is_some() || judgement == OVERALL_EFFECTIVENESS;
            if !known {
                let ids: Vec<&str> = fw
                    .judgements
                    .iter()
                    .map(|j| j.id.as_str())
                    .chain([OVERALL_EFFECTIVENESS])
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
            if let Some(g) = self.grade(file, grade, fw) {
                grades.push((judgement.clone(), g));
            }
        }
        let order = |j: &str| fw.judgements.iter().position(|x| x.id == j).unwrap_or(usize::MAX);
        grades.sort_by_key(|(j, _)| order(j));
        Some(LastInspection { date, grades })
    }
}

/// A problem with the `previous` line, at the line, with how to fix it.
fn previous_problem(file: &SourceFile, previous: &Spanned<String>, message: String) -> Diagnostic {
    let hint = if previous.get_ref().contains('\\') {
        "write the path with forward slashes, e.g. \"../2025\", on Windows too"
    } else {
        "remove the `previous` line if there is no earlier folder"
    };
    Diagnostic::error(&file.path, message)
        .at(file, previous.span())
        .expected("the path of last year's evidence folder, relative to this one, e.g. \"../2025\"")
        .hint(hint)
}
