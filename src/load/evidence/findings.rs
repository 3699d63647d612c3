//! findings/<judgement>.toml: one finding per descriptor, each with the
//! sources it rests on.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;

use super::raw::{RawEvaluation, RawFinding, RawFindings, RawSource};
use super::{Reader, line_of, unknown_descriptor};
use crate::diag::{Diagnostic, SourceFile, did_you_mean, missing, unknown};
use crate::load::source::{Within, read};
use crate::load::toml::{self as tomlfile, spot};
use crate::model::evidence::{Evaluation, Finding, Lines, Origin, Period, Source, findings_file};
use crate::model::framework::Framework;
use crate::text::normalise;

/// What an evaluation looks like, for the hint where there is none.
const EVALUATION_EXAMPLE: &str = "[evaluation]
grade = \"Requires improvement to be good\"   # the grade you give yourselves
overview = \"\"\"
How good practice is for these children, in a short paragraph, and how you know.
\"\"\"";

/// Counts beyond any real council's evidence: past them the files are
/// probably generated or pasted in error, and reading on would only fill
/// the document (and the memory) with it. docs/limits.md lists them.
pub const MAX_FINDINGS_FILES: usize = 50;
pub const MAX_SOURCES_PER_FINDING: usize = 500;

/// As many key figures as the summary's dashboard has room for beside a
/// judgement.
const KEY_INDICATORS: usize = 3;

impl Reader<'_> {
    /// The findings, and the council's own evaluation of each judgement.
    pub(super) fn findings(
        &mut self,
        fw: Option<&Framework>,
        period: Option<Period>,
    ) -> (Vec<Finding>, Vec<Evaluation>) {
        let dir = self.folder.join("findings");
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            // Hidden files are an editor's or a file system's, not the
            // council's: Emacs's lock `.#leaders.toml`, macOS's `._leaders.toml`.
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect(),
            Err(_) if dir.exists() && !dir.is_dir() => {
                self.diags
                    .push(Diagnostic::error(&dir, "`findings` is a file, not a folder").hint(
                    "findings/ is a folder holding a .toml file per judgement: rename this file, then make the folder",
                ));
                Vec::new()
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                self.diags.push(
                    Diagnostic::error(
                        &dir,
                        format!("cannot read the findings folder: {}", crate::error::plain(&e)),
                    )
                    .hint("give yourself permission to read it (and its files), or copy the folder somewhere you can"),
                );
                Vec::new()
            }
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
        let mut evaluations: Vec<Evaluation> = Vec::new();
        let mut seen: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
        // Files not read whole: a finding missing from one is most likely in
        // the part that could not be read, which its errors already point at.
        let mut not_read_whole: BTreeSet<PathBuf> = BTreeSet::new();
        for path in files {
            let Some(file) = read(&path, Within::Folder(&self.tree), self.diags, true) else {
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
            if let Some(fw) = fw
                && fw.judgement(&stem).is_some()
            {
                evaluations.extend(self.evaluation(&file, raw.evaluation.as_ref(), fw, &stem));
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
        if let Some(fw) = fw {
            evaluations.sort_by_key(|e| fw.judgements.iter().position(|j| j.id == e.judgement));
            // A judgement whose file is not there has no evaluation either;
            // one whose file could not be read has its errors already.
            for j in fw
                .judgements
                .iter()
                .filter(|j| fw.descriptors.iter().any(|d| d.judgement == j.id))
            {
                let file = self.folder.join(findings_file(&j.id));
                if !file.exists() {
                    self.diags.push(
                        Diagnostic::warning(
                            &file,
                            format!("no evaluation of {}", crate::text::uncapitalise(&j.title)),
                        )
                        .hint(format!(
                            "make {} with an [evaluation]:\n{EVALUATION_EXAMPLE}",
                            findings_file(&j.id).display()
                        )),
                    );
                }
            }
        }
        (findings, evaluations)
    }

    /// A findings file's `[evaluation]`: the council's own grade for the
    /// judgement and its overview. Not written is a warning; a grade the
    /// framework does not have is an error.
    fn evaluation(
        &mut self,
        file: &SourceFile,
        raw: Option<&Spanned<RawEvaluation>>,
        fw: &Framework,
        judgement: &str,
    ) -> Option<Evaluation> {
        let title = fw
            .judgement(judgement)
            .map(|j| crate::text::uncapitalise(&j.title))
            .unwrap_or_default();
        let Some(raw) = raw else {
            self.diags.push(
                Diagnostic::warning(&file.path, format!("no evaluation of {title}"))
                    .at(file, 0..0)
                    .expected("an [evaluation] table: your own grade for the judgement, and why")
                    .hint(format!("add:\n{EVALUATION_EXAMPLE}")),
            );
            return None;
        };
        let r = raw.get_ref();
        let grade = match &r.grade {
            Some(g) if !g.get_ref().trim().is_empty() => self.grade(file, g, fw),
            blank => {
                let d = Diagnostic::warning(&file.path, "the evaluation's `grade` is not filled in")
                    .hint("write the grade you give yourselves, e.g. `grade = \"Requires improvement to be good\"`");
                self.diags.push(match blank {
                    Some(g) => d.at(file, g.span()),
                    None => d.at(file, raw.span()),
                });
                None
            }
        };
        let overview = super::written_text(
            self.diags,
            file,
            r.overview.as_ref(),
            raw.span(),
            "the evaluation's `overview` is not filled in",
            "write a short paragraph: how good practice is for these children, and how you know",
        );
        let key_indicators = self.key_indicators(file, r.key_indicators.as_deref().unwrap_or_default(), fw, judgement);
        Some(Evaluation {
            judgement: judgement.to_string(),
            grade,
            overview,
            key_indicators,
            origin: Origin {
                file: findings_file(judgement),
                line: line_of(file, raw.span()),
            },
        })
    }

    /// `key_indicators`: indicators of the framework, of this judgement, two
    /// or three of them, for the dashboard.
    fn key_indicators(
        &mut self,
        file: &SourceFile,
        raw: &[Spanned<String>],
        fw: &Framework,
        judgement: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for k in raw {
            let id = k.get_ref().trim();
            let Some(ind) = fw.indicator(id) else {
                let mut d = Diagnostic::error(&file.path, format!("unknown indicator `{id}` in `key_indicators`"))
                    .at(file, k.span())
                    .expected("the id of one of the framework's indicators, as in indicators.toml");
                if let Some(meant) = did_you_mean(id, fw.indicators.iter().map(|i| i.id.as_str())) {
                    d = d.hint(format!("did you mean `{meant}`?"));
                }
                self.diags.push(d);
                continue;
            };
            let of = fw.descriptor(&ind.descriptor).map(|d| d.judgement.as_str());
            if of != Some(judgement) {
                self.diags.push(
                    Diagnostic::warning(
                        &file.path,
                        format!("`{id}` is not an indicator of this judgement, so the dashboard leaves it out"),
                    )
                    .at(file, k.span())
                    .hint(format!(
                        "list it under the [evaluation] of {}",
                        of.map(|j| findings_file(j).display().to_string()).unwrap_or_default()
                    )),
                );
                continue;
            }
            if !out.iter().any(|o: &String| o == id) {
                out.push(id.to_string());
            }
        }
        if out.len() > KEY_INDICATORS {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!(
                        "{} key indicators are listed: the dashboard shows the first {KEY_INDICATORS}",
                        out.len()
                    ),
                )
                .at(file, raw[0].span().start..raw[raw.len() - 1].span().end)
                .hint("choose the two or three figures that say most about children's experience"),
            );
            out.truncate(KEY_INDICATORS);
        }
        out
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
                let wanted = normalise(rating.get_ref());
                match fw
                    .ratings
                    .iter()
                    .find(|x| x.id == wanted || normalise(&x.label) == wanted)
                {
                    Some(x) => Some(x.id.clone()),
                    None => {
                        self.diags.push(unknown(
                            file,
                            spot(rating),
                            "rating",
                            fw.ratings.iter().map(|x| x.id.as_str()),
                        ));
                        None
                    }
                }
            }
            _ => None,
        };
        let (summary, summary_at) = text_of(file, r.summary.as_ref());
        let (impact, impact_at) = text_of(file, r.impact.as_ref());
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
        // The same source again (a block pasted twice) is cited once:
        // counting it twice would overstate the evidence.
        let mut repeated: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for s in r.source.iter().take(MAX_SOURCES_PER_FINDING) {
            if let Some(source) = self.source(file, s, fw, period) {
                let same = |o: &Source| {
                    o.kind == source.kind
                        && o.title == source.title
                        && o.date == source.date
                        && o.showed == source.showed
                };
                match sources.iter().position(same) {
                    Some(first) => match repeated.iter_mut().find(|(i, _, _)| *i == first) {
                        Some((_, times, _)) => *times += 1,
                        None => repeated.push((first, 2, s.span())),
                    },
                    None => sources.push(source),
                }
            } else {
                valid = false;
            }
        }
        for (first, times, span) in repeated {
            let title: &str = &sources[first].title;
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    format!("the finding for `{id}` cites \"{title}\" {times} times, word for word"),
                )
                .at(file, span)
                .hint("cite each source once: it is counted once"),
            );
        }
        valid.then(|| Finding {
            descriptor: id,
            rating,
            summary,
            summary_at,
            impact,
            impact_at,
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
        entry: &Spanned<RawSource>,
        fw: Option<&Framework>,
        period: Option<Period>,
    ) -> Option<Source> {
        let r = entry.get_ref();
        let kind = match (&r.kind, fw) {
            (Some(kind), Some(fw)) => {
                let wanted = normalise(kind.get_ref());
                let found = fw.source_kind(&wanted).map(|k| k.id.clone());
                if found.is_none() {
                    self.diags.push(unknown(
                        file,
                        spot(kind),
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
        let date =
            match &r.date {
                Some(date) => {
                    let d = *date.get_ref();
                    if d > self.bounds.today {
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
                        } else if p.is_stale(d, self.bounds.stale_after_months) {
                            self.diags.push(
                            Diagnostic::warning(&file.path, format!(
                                "this source is {} months old at the end of the period",
                                d.months_until(p.end)
                            ))
                            .at(file, date.span())
                            .hint(format!(
                                "inspectors look for recent evidence: anything older than {} months needs refreshing",
                                self.bounds.stale_after_months
                            )),
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
        let (showed, showed_at) = text_of(file, r.showed.as_ref());
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
            showed_at,
        })
    }
}

/// A narrative field's text and where it stands in the file, line by line.
fn text_of(file: &SourceFile, field: Option<&Spanned<String>>) -> (String, Lines) {
    let Some(field) = field else {
        return (String::new(), Lines::default());
    };
    let span = field.span();
    let raw = file.text.get(span.clone()).unwrap_or_default();
    let text = field.get_ref().clone();
    let lines = lines_of(raw, &text, line_of(file, span));
    (text, lines)
}

/// Where each line of the file begins in a string's text, found by reading
/// the string as TOML writes it (`raw`, its quotes included, starting on
/// line `first`): a multi-line string's first line break is not part of
/// its text, `\n` is a line break of the text but not of the file, and a
/// backslash at a line's end joins the file's lines into one of the text.
/// Should that reading not give back the text TOML parsed, the text's own
/// line breaks are taken as the file's.
fn lines_of(raw: &str, text: &str, first: usize) -> Lines {
    decoded_lines(raw, first)
        .filter(|(decoded, _)| decoded == text)
        .map(|(_, lines)| lines)
        .unwrap_or_else(|| {
            let opens_on_its_own_line = ["\"\"\"\n", "\"\"\"\r\n", "'''\n", "'''\r\n"]
                .iter()
                .any(|d| raw.starts_with(d));
            let start = first + usize::from(opens_on_its_own_line);
            Lines {
                start,
                breaks: text
                    .match_indices('\n')
                    .enumerate()
                    .map(|(k, (at, _))| (at + 1, start + k + 1))
                    .collect(),
            }
        })
}

/// A TOML string token read again: its text, and where the file's lines
/// begin in it. `None` for what it does not know how to read.
fn decoded_lines(raw: &str, first: usize) -> Option<(String, Lines)> {
    let (quote, multi) = [("\"\"\"", true), ("'''", true), ("\"", false), ("'", false)]
        .into_iter()
        .find(|(q, _)| raw.starts_with(q) && raw.len() >= 2 * q.len() && raw.ends_with(q))?;
    let basic = quote.starts_with('"');
    let mut body = &raw[quote.len()..raw.len() - quote.len()];
    let mut line = first;
    if multi && let Some(rest) = body.strip_prefix("\r\n").or_else(|| body.strip_prefix('\n')) {
        body = rest;
        line += 1;
    }
    let mut out = String::with_capacity(body.len());
    let mut lines = Lines::on(line);
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                line += 1;
                lines.breaks.push((out.len(), line));
            }
            '\\' if basic => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'e' => out.push('\u{1b}'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                e @ ('u' | 'U' | 'x') => {
                    let n = match e {
                        'u' => 4,
                        'U' => 8,
                        _ => 2,
                    };
                    let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                // A backslash at the end of a line: the text goes on after
                // every space and line break that follows.
                w if multi && w.is_whitespace() => {
                    let mut broke = w == '\n';
                    line += usize::from(w == '\n');
                    while let Some(n) = chars.next_if(|n| n.is_whitespace()) {
                        broke |= n == '\n';
                        line += usize::from(n == '\n');
                    }
                    if !broke {
                        return None;
                    }
                    lines.breaks.push((out.len(), line));
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some((out, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each sentence-start `starts` in the string `raw`, which
    /// begins on line 7, as `toml` parses it.
    fn lines(raw: &str, starts: &[&str]) -> Vec<usize> {
        #[derive(serde::Deserialize)]
        struct One {
            summary: Spanned<String>,
        }
        let file = format!("summary = {raw}\n");
        let one: One = toml::from_str(&file).unwrap();
        let text = one.summary.get_ref();
        let at = lines_of(&file[one.summary.span()], text, 7);
        starts
            .iter()
            .map(|s| at.line_of(text.find(s).unwrap()).unwrap())
            .collect()
    }

    #[test]
    fn a_sentence_is_found_on_the_line_the_file_has_it() {
        // The first line break of a multi-line string is not its text.
        assert_eq!(lines("\"\"\"\nOne.\nTwo.\n\"\"\"", &["One", "Two"]), [8, 9]);
        assert_eq!(lines("'''\r\nOne.\r\nTwo.'''", &["One", "Two"]), [8, 9]);
        assert_eq!(lines("\"\"\"One.\nTwo.\"\"\"", &["One", "Two"]), [7, 8]);
        // "\n" written out is a line of the text, not of the file.
        assert_eq!(lines("\"One.\\n\\nTwo.\"", &["One", "Two"]), [7, 7]);
        assert_eq!(lines("\"\"\"\nOne.\\n\\nTwo.\nThree.\"\"\"", &["Two", "Three"]), [8, 9]);
        // A backslash at a line's end joins lines of the file into one.
        assert_eq!(lines("\"\"\"\\\n\n   One.\nTwo.\"\"\"", &["One", "Two"]), [9, 10]);
        assert_eq!(
            lines(
                "\"\"\"\nOne \\\n   goes on. Two \\\r\n  too.\nThree.\"\"\"",
                &["goes", "Two", "too", "Three"]
            ),
            [9, 9, 10, 11]
        );
        // Escapes that are not line breaks change nothing.
        assert_eq!(lines("\"\"\"\nA \\\"quote\\\" \\u00e9.\nTwo.\"\"\"", &["Two"]), [9]);
    }
}
