//! Problems found in a council's files, with where they are and how to fix them.
//!
//! Everything that reads user files reports into one [`Diagnostics`] list
//! instead of stopping at the first problem: a quality-assurance lead editing
//! TOML in a text editor wants the whole list in one run, each item pointing
//! at a line they can find. The common messages ("has no `title`",
//! "unknown descriptor", "given twice") are made here, so that every file
//! says them the same way.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::text::plural;

/// A user file held in memory, so that byte spans can be turned into lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Where each line break stands: a position's line is found by search,
    /// not by counting the breaks before it, which made reading a large
    /// council's findings take longer than drawing its PDF.
    breaks: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        SourceFile {
            path: path.into(),
            breaks: text.match_indices('\n').map(|(i, _)| i).collect(),
            text,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_at(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset) + 1
    }

    /// The 1-based line and column of a byte offset, with the line's text.
    fn locate(&self, span: &Range<usize>) -> Location {
        let start = span.start.min(self.text.len());
        // A carriage return alone ends a line to a person's eye, if not to
        // TOML's: the line quoted stops there.
        let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, (line_start + line_text.len()).max(start));
        let width = self.text[start..end].chars().count().max(1);
        Location {
            line: self.line_at(start),
            column,
            excerpt: line_text.replace('\t', " "),
            width,
        }
    }
}

/// The widest quoted line shown: a longer one is cut around the problem.
const EXCERPT_CHARS: usize = 100;

/// The quoted line as shown (hidden characters as their codes, cut to a
/// readable width around the problem), with the caret's column (from 0)
/// and width in it.
fn excerpt(loc: &Location) -> (String, usize, usize) {
    use crate::text::shown;
    let chars: Vec<char> = loc.excerpt.chars().collect();
    let at = (loc.column - 1).min(chars.len());
    let until = (at + loc.width).min(chars.len());
    let part = |from: usize, to: usize| shown(&chars[from..to].iter().collect::<String>()).into_owned();
    let (mut before, mut marked, mut after) = (part(0, at), part(at, until), part(until, chars.len()));
    if marked.chars().count() > EXCERPT_CHARS / 2 {
        marked = format!("{}…", marked.chars().take(EXCERPT_CHARS / 2).collect::<String>());
    }
    let width = marked.chars().count().max(1);
    // Keep a little of what comes before the problem, and cut the rest.
    let keep_before = EXCERPT_CHARS / 3;
    if before.chars().count() > keep_before {
        let skip = before.chars().count() - keep_before;
        before = format!("…{}", before.chars().skip(skip).collect::<String>());
    }
    let room = EXCERPT_CHARS.saturating_sub(before.chars().count() + width);
    if after.chars().count() > room {
        after = format!("{}…", after.chars().take(room).collect::<String>());
    }
    let column = before.chars().count();
    (format!("{before}{marked}{after}"), column, width)
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Location {
    line: usize,
    column: usize,
    excerpt: String,
    width: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Something worth knowing that needs no change: counted apart, never
    /// failing `--deny-warnings`.
    Note,
}

/// What a warning holds back, besides being listed by `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hold {
    #[default]
    Nothing,
    /// The document cannot be written without it (a blank council name).
    Document,
    /// Text that may identify a child or family: no document or data is
    /// passed on while it stands.
    Sharing,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    location: Option<Location>,
    pub message: String,
    pub expected: Option<String>,
    pub hint: Option<String>,
    pub holds: Hold,
    /// For "X has no `field`": the table (by span start) and the field, so the
    /// report can be dropped when the field was there but unreadable.
    missing_field: Option<(usize, String)>,
    /// Text that looks like personal data, and how it is shown instead:
    /// hidden in every other message about the same file too.
    hides: Vec<(String, String)>,
}

impl Diagnostic {
    pub fn error(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, file, message)
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, file, message)
    }

    pub fn note(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, file, message)
    }

    fn new(severity: Severity, file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            location: None,
            message: message.into(),
            expected: None,
            hint: None,
            holds: Hold::Nothing,
            missing_field: None,
            hides: Vec::new(),
        }
    }

    /// Hides `text` as `shown` wherever a message about this file repeats it.
    pub fn hiding(mut self, text: &str, shown: &str) -> Diagnostic {
        if !text.is_empty() && text != shown {
            self.hides.push((text.to_string(), shown.to_string()));
        }
        self
    }

    fn hide(&mut self, text: &str, shown: &str) {
        let swap = |s: &mut String| {
            if s.contains(text) {
                *s = s.replace(text, shown);
            }
        };
        swap(&mut self.message);
        for note in [&mut self.expected, &mut self.hint].into_iter().flatten() {
            swap(note);
        }
        // The same number of characters, so the caret stays where it was.
        if let Some(l) = &mut self.location
            && text.chars().count() == shown.chars().count()
        {
            swap(&mut l.excerpt);
        }
    }

    /// Marks what this warning holds back.
    pub fn holding(mut self, hold: Hold) -> Diagnostic {
        self.holds = hold;
        self
    }

    /// Marks this as "the table at `span` has no `field`".
    pub fn missing_field(mut self, span: &Range<usize>, field: &str) -> Diagnostic {
        self.missing_field = Some((span.start, field.to_string()));
        self
    }

    /// Points the diagnostic at a span of `source` (which must be the same file).
    pub fn at(mut self, source: &SourceFile, span: Range<usize>) -> Diagnostic {
        self.location = Some(source.locate(&span));
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn line(&self) -> Option<usize> {
        self.location.as_ref().map(|l| l.line)
    }

    pub fn column(&self) -> Option<usize> {
        self.location.as_ref().map(|l| l.column)
    }

    /// The rustc-style block: headline, `--> file:line:col`, the line with a
    /// caret under the problem, then what was expected and a hint.
    pub fn render(&self) -> String {
        use crate::text::shown;
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let _ = writeln!(out, "{label}: {}", shown(&self.message));
        let file = self.file.display().to_string();
        let file = shown(&file);
        match &self.location {
            Some(loc) => {
                let gutter = " ".repeat(loc.line.to_string().len());
                let _ = writeln!(out, "{gutter}--> {file}:{}:{}", loc.line, loc.column);
                let _ = writeln!(out, "{gutter} |");
                let (excerpt, column, width) = excerpt(loc);
                let _ = writeln!(out, "{} | {excerpt}", loc.line);
                let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(column), "^".repeat(width));
                self.render_notes(&mut out, &gutter);
            }
            None => {
                let _ = writeln!(out, "  --> {file}");
                self.render_notes(&mut out, " ");
            }
        }
        out
    }

    fn render_notes(&self, out: &mut String, gutter: &str) {
        use crate::text::{invisible, shown};
        if let Some(expected) = &self.expected {
            let _ = writeln!(out, "{gutter} = expected: {}", shown(expected));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "{gutter} = hint: {}", shown(hint));
        }
        // A letter of another alphabet in a name quoted in the message (a
        // Cyrillic "о" in `summary`) looks the same and is not.
        let quoted_names = self.message.split('`').skip(1).step_by(2);
        let mut look_alikes: Vec<char> = quoted_names
            .flat_map(str::chars)
            .filter(|c| crate::text::look_alike(*c))
            .collect();
        look_alikes.dedup();
        for c in look_alikes.iter().take(3) {
            let _ = writeln!(
                out,
                "{gutter} = note: `{c}` (U+{:04X}) is a letter of another alphabet that looks like a Latin one: \
                 delete the word and type it again",
                u32::from(*c)
            );
        }
        // What each hidden character shown as its code is.
        let quoted = self.location.as_ref().map_or("", |l| l.excerpt.as_str());
        let mut seen: Vec<char> = Vec::new();
        for c in self.message.chars().chain(quoted.chars()) {
            if let Some(what) = invisible(c)
                && !seen.contains(&c)
            {
                seen.push(c);
                let _ = writeln!(
                    out,
                    "{gutter} = note: `\\u{{{:X}}}` stands for {what}; an editor does not show it: delete it and type the text around it again",
                    u32::from(c)
                );
            }
        }
    }
}

/// Everything found while reading one council folder (or framework file).
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    files_read: usize,
    /// Fields already reported as unreadable and removed: (file, table span start, field).
    removed: Vec<(PathBuf, usize, String)>,
    /// Per file, the errors and warnings past the ones shown.
    hidden: std::collections::BTreeMap<PathBuf, (usize, usize)>,
    /// Per file, text hidden as personal data, and how it is shown.
    hiding: Vec<(PathBuf, String, String)>,
}

/// The errors, and the plain warnings, shown for one file; the rest are counted.
pub const MAX_SHOWN_PER_FILE: usize = 50;

/// The warnings that hold a document back (personal data) kept for one file.
pub const MAX_HELD_PER_FILE: usize = 1_000;

impl Diagnostics {
    /// Adds a problem, unless it only repeats one already reported: a field
    /// whose value was unreadable is not also reported as missing.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if let Some((table, field)) = &diagnostic.missing_field
            && self
                .removed
                .iter()
                .any(|(f, t, k)| *f == diagnostic.file && t == table && k == field)
        {
            return;
        }
        // Personal data one message found is hidden in every message about
        // its file, whichever came first, itself included.
        let mut diagnostic = diagnostic;
        for (file, text, shown) in &self.hiding {
            if *file == diagnostic.file {
                diagnostic.hide(text, shown);
            }
        }
        for (text, shown) in diagnostic.hides.clone() {
            diagnostic.hide(&text, &shown);
            if self.hiding.iter().any(|(f, t, _)| *f == diagnostic.file && *t == text) {
                continue;
            }
            for d in self.items.iter_mut().filter(|d| d.file == diagnostic.file) {
                d.hide(&text, &shown);
            }
            self.hiding.push((diagnostic.file.clone(), text, shown));
        }
        // Past a file's first problems, more are counted, not shown: a file
        // of 5,000 broken findings is fixed from its first few. Errors and
        // plain warnings are counted apart, so fifty warnings never hide
        // the error that matters; a warning that holds a document back
        // (personal data) is kept far longer, since what it holds back
        // depends on it being there.
        let alike = |d: &&Diagnostic| {
            d.file == diagnostic.file
                && d.severity == diagnostic.severity
                && (d.holds == Hold::Nothing) == (diagnostic.holds == Hold::Nothing)
        };
        let most = if diagnostic.holds == Hold::Nothing {
            MAX_SHOWN_PER_FILE
        } else {
            MAX_HELD_PER_FILE
        };
        if self.items.iter().filter(alike).count() >= most {
            // A note past the cap is let go: it asks for nothing.
            if diagnostic.severity == Severity::Note {
                return;
            }
            let hidden = self.hidden.entry(diagnostic.file.clone()).or_default();
            match diagnostic.severity {
                Severity::Error => hidden.0 += 1,
                Severity::Warning | Severity::Note => hidden.1 += 1,
            }
            return;
        }
        self.items.push(diagnostic);
    }

    pub(crate) fn field_removed(&mut self, file: &Path, table: usize, field: &str) {
        self.removed.push((file.to_path_buf(), table, field.to_string()));
    }

    pub fn file_read(&mut self) {
        self.files_read += 1;
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    fn count(&self, severity: Severity) -> usize {
        let hidden: usize = self
            .hidden
            .values()
            .map(|(errors, warnings)| match severity {
                Severity::Error => errors,
                Severity::Warning => warnings,
                Severity::Note => &0,
            })
            .sum();
        self.items.iter().filter(|d| d.severity == severity).count() + hidden
    }

    /// The warnings that hold back `hold`, in the order they were found.
    pub fn holding(&self, hold: Hold) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(move |d| d.holds == hold)
    }

    /// Whether an error points into `lines` of `file`.
    pub fn error_within(&self, file: &Path, lines: std::ops::RangeInclusive<usize>) -> bool {
        self.items.iter().any(|d| {
            matches!(d.severity, Severity::Error) && d.file == file && d.line().is_some_and(|l| lines.contains(&l))
        })
    }

    /// In reading order: by file, then line; problems without a line first.
    /// The sort is stable, so same-line problems keep the order they were found.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| (&a.file, a.line(), a.column()).cmp(&(&b.file, b.line(), b.column())));
        items
    }

    /// "2 errors, 5 warnings, 7 files read", with "1 note" where there are any.
    pub fn summary(&self) -> String {
        let notes = self.count(Severity::Note);
        format!(
            "{}, {}{}, {}",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning"),
            if notes > 0 {
                format!(", {}", plural(notes, "note"))
            } else {
                String::new()
            },
            if self.files_read == 1 {
                "1 file read".to_string()
            } else {
                format!("{} files read", self.files_read)
            }
        )
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render());
            out.push('\n');
        }
        for (file, (errors, warnings)) in &self.hidden {
            let _ = writeln!(
                out,
                "note: {}: {} not shown ({}, {}): fix those above and run the command again\n",
                file.display(),
                plural(errors + warnings, "more problem"),
                plural(*errors, "error"),
                plural(*warnings, "warning")
            );
        }
        out
    }
}

/// A result and what was found on the way (as typst's `Warned`): for each
/// folder read, in order, its warnings counted, or all its problems where
/// it had errors. A command says them whether or not it went on.
#[derive(Debug)]
pub struct Warned<T> {
    pub output: T,
    pub said: Vec<Said>,
}

/// What a command says about one folder it read.
#[derive(Debug)]
pub enum Said {
    /// The folder can be used; `check` lists its warnings.
    Warnings { folder: PathBuf, count: usize },
    /// The folder has errors: every problem, the count, and what to do.
    Errors { folder: PathBuf, diagnostics: Diagnostics },
}

impl Said {
    /// A folder's warnings in a line, so that the command's own output stays
    /// short ("examples/2026: 3 warnings (see `selfeval check
    /// examples/2026`)"), or its problems in full.
    pub fn text(&self) -> String {
        match self {
            Said::Warnings { count: 0, .. } => String::new(),
            Said::Warnings { folder, count } => format!(
                "{}: {} (see `selfeval check {}`)\n",
                folder.display(),
                plural(*count, "warning"),
                folder.display()
            ),
            Said::Errors { folder, diagnostics } => format!(
                "{}{}: {}\nFix the errors above, then run the command again.\n",
                diagnostics.render(),
                folder.display(),
                diagnostics.summary()
            ),
        }
    }
}

/// "this descriptor has no `title`", pointing at its `[[...]]` line.
pub fn missing(source: &SourceFile, span: Range<usize>, what: &str, field: &str, example: &str) -> Diagnostic {
    Diagnostic::error(&source.path, format!("{what} has no `{field}`"))
        .missing_field(&span, field)
        .at(source, span)
        .expected(format!("a line such as `{example}` under it"))
}

/// "descriptor `x` is given twice".
pub fn duplicate(source: &SourceFile, span: Range<usize>, what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(&source.path, format!("{what} `{id}` is given twice"))
        .at(source, span)
        .hint("keep one entry per id")
}

/// "unknown descriptor `hp.frontdoor`", with the closest real id as a hint.
pub fn unknown<'a>(
    source: &SourceFile,
    (id, span): (&str, Range<usize>),
    what: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let known: Vec<&str> = known.into_iter().collect();
    let mut d = Diagnostic::error(&source.path, format!("unknown {what} `{id}`")).at(source, span);
    d = if known.len() <= 10 {
        d.expected(format!(
            "one of {}",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ))
    } else {
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        d.expected(format!("{article} {what} id of the framework"))
    };
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None if known.len() <= 10 => d.hint("use one of the values listed above"),
        None => d.hint("`selfeval frameworks ID` lists the ids of a framework"),
    }
}

/// The closest of `candidates` to a misspelt `word`, if any is close enough
/// to be a plausible typo (so that "did you mean" never suggests nonsense).
/// Ties go to the candidate listed first, so callers list the likeliest first.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()), i, c))
        .filter(|(distance, _, c)| {
            let longest = word.chars().count().max(c.chars().count());
            *distance <= (longest / 3).max(1) || c.to_lowercase().starts_with(&word_lower) && word.len() >= 3
        })
        .min_by_key(|(distance, i, _)| (*distance, *i))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_spans_as_line_and_column() {
        let file = SourceFile::new("f.toml", "a = 1\r\nsumary = \"x\"\n");
        let d = Diagnostic::error(&file.path, "unknown field `sumary`")
            .at(&file, 7..13)
            .hint("did you mean `summary`?");
        assert_eq!((d.line(), d.column()), (Some(2), Some(1)));
        let text = d.render();
        assert!(text.contains("--> f.toml:2:1"), "{text}");
        assert!(text.contains("2 | sumary = \"x\"\n  | ^^^^^^\n"), "{text}");
        assert!(text.contains("= hint: did you mean `summary`?"), "{text}");
    }

    #[test]
    fn suggests_only_close_matches() {
        let fields = ["summary", "impact", "rating", "descriptor", "source"];
        assert_eq!(did_you_mean("sumary", fields), Some("summary"));
        assert_eq!(did_you_mean("Rating", fields), Some("rating"));
        assert_eq!(did_you_mean("colour", fields), None);
        assert_eq!(
            did_you_mean("hp.frontdoor", ["hp.front-door", "hp.plans"]),
            Some("hp.front-door")
        );
    }

    #[test]
    fn summary_counts_in_words() {
        let mut d = Diagnostics::default();
        d.file_read();
        d.push(Diagnostic::warning(Path::new("x"), "w"));
        assert_eq!(d.summary(), "0 errors, 1 warning, 1 file read");
    }
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    /// Fifty plain warnings in a file never crowd out its errors, nor the
    /// personal-data warning a document's refusal depends on.
    #[test]
    fn plain_warnings_past_the_cap_never_hide_an_error_or_a_held_warning() {
        let file = Path::new("findings/x.toml");
        let mut diags = Diagnostics::default();
        for i in 0..60 {
            diags.push(Diagnostic::warning(file, format!("warning {i}")));
        }
        diags.push(Diagnostic::error(file, "the error that matters"));
        diags.push(Diagnostic::warning(file, "personal data").holding(Hold::Sharing));
        assert_eq!(diags.holding(Hold::Sharing).count(), 1);
        assert!(diags.render().contains("error: the error that matters"));
        assert_eq!((diags.errors(), diags.warnings()), (1, 61));
        assert!(
            diags
                .render()
                .contains("10 more problems not shown (0 errors, 10 warnings)")
        );
    }
}
