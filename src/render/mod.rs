//! The self-evaluation as a document: the report model through minijinja
//! templates into Markdown, and the Markdown into one self-contained HTML
//! file.
//!
//! Templates are looked up in the council's own folder first and in the
//! built-in set second, file by file, so a council can change one part of the
//! document and keep the rest. Everything the council wrote reaches a
//! template as a value and is escaped on output: in Markdown by backslashes,
//! in HTML as entities. It can never become markup, a table cell break or
//! template code.

mod html;
pub mod pdf;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use crate::compare::Comparison;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::report::Report;

/// The built-in templates, as `templates export` writes them out.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("document.md", include_str!("../../templates/document.md")),
    ("summary.md", include_str!("../../templates/summary.md")),
    ("judgement.md", include_str!("../../templates/judgement.md")),
    ("progress.md", include_str!("../../templates/progress.md")),
    ("changes.md", include_str!("../../templates/changes.md")),
    ("comparison.md", include_str!("../../templates/comparison.md")),
    ("appendix.md", include_str!("../../templates/appendix.md")),
    ("document.html", include_str!("../../templates/document.html")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// The HTML page around every document.
const HTML_ROOT: &str = "document.html";

/// What the templates can write: the self-evaluation, or the comparison of
/// two years on its own. Each starts from its own Markdown template; both
/// share the HTML page, the stylesheet and the PDF layout.
#[derive(Clone, Copy)]
pub enum Document<'a> {
    SelfEvaluation(&'a Report),
    Comparison(&'a Comparison),
}

impl Document<'_> {
    fn root(self) -> &'static str {
        match self {
            Document::SelfEvaluation(_) => "document.md",
            Document::Comparison(_) => "comparison.md",
        }
    }

    fn value(self) -> Value {
        match self {
            Document::SelfEvaluation(r) => Value::from_serialize(r),
            // The chapter reads `comparison`; the page around it reads the
            // same fields as a report's (council, title, marking ...).
            Document::Comparison(c) => {
                let own = Value::from_serialize(c);
                minijinja::context! { comparison => own.clone(), ..own }
            }
        }
    }

    /// Grade and rating labels, shown in colour in HTML and PDF.
    fn labels(self) -> Vec<String> {
        let (grades, ratings) = match self {
            Document::SelfEvaluation(r) => (&r.grade_labels, &r.rating_labels),
            Document::Comparison(c) => (&c.grade_labels, &c.rating_labels),
        };
        grades.iter().chain(ratings).cloned().collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

pub struct Renderer {
    env: Environment<'static>,
    user_dir: Option<PathBuf>,
}

/// A problem in a template, with its place when there is one.
pub enum RenderError {
    Template(Box<Diagnostic>),
    Other(crate::Error),
}

impl Renderer {
    /// Templates from `user_dir` first, the built-in ones second.
    pub fn new(user_dir: Option<&Path>) -> Result<Renderer, crate::Error> {
        if let Some(dir) = user_dir
            && !dir.is_dir()
        {
            return Err(crate::Error(format!(
                "the templates folder {} does not exist (`selfeval templates export {}` writes the built-in ones there)",
                dir.display(),
                dir.display()
            )));
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".md") {
                AutoEscape::Custom("markdown")
            } else if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == AutoEscape::Custom("markdown") {
                let text = value.to_string();
                let text = if value.is_safe() { text } else { escape_markdown(&text) };
                out.write_str(&text)
                    .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        let dir = user_dir.map(Path::to_path_buf);
        let loader_dir = dir.clone();
        env.set_loader(move |name| {
            if let Some(dir) = &loader_dir {
                let path = dir.join(name);
                if path.is_file() {
                    return crate::framework::load::read_text(&path).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read {}: {e}", path.display()),
                        )
                    });
                }
            }
            Ok(TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| t.to_string()))
        });
        env.add_filter("slug", |text: String| slug(&text));
        Ok(Renderer { env, user_dir: dir })
    }

    pub fn render(&self, doc: Document<'_>, format: Format) -> Result<String, RenderError> {
        let markdown = tidy(&self.template(doc.root(), doc.value())?);
        match format {
            Format::Markdown => Ok(markdown),
            Format::Html => {
                let body = html::from_markdown(&markdown, &doc.labels());
                let context = minijinja::context! {
                    report => doc.value(),
                    body => Value::from_safe_string(body),
                };
                self.template(HTML_ROOT, context)
            }
        }
    }

    /// The document as PDF: the same Markdown, laid out and drawn.
    pub fn render_pdf(&self, doc: Document<'_>, meta: &pdf::Meta) -> Result<pdf::Pdf, RenderError> {
        let markdown = self.render(doc, Format::Markdown)?;
        Ok(pdf::render(&markdown, meta))
    }

    fn template(&self, name: &str, context: Value) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| self.diagnose(&e))?;
        template.render(context).map_err(|e| self.diagnose(&e))
    }

    /// A template error as a diagnostic at the template's line and column.
    fn diagnose(&self, error: &minijinja::Error) -> RenderError {
        // An error inside an included template arrives wrapped: report the innermost.
        let mut error = error;
        while let Some(inner) = std::error::Error::source(error).and_then(|e| e.downcast_ref::<minijinja::Error>()) {
            error = inner;
        }
        let name = error.name().unwrap_or("?").to_string();
        let user_path = self.user_dir.as_ref().map(|d| d.join(&name)).filter(|p| p.is_file());
        let (path, text) = match &user_path {
            Some(path) => (
                path.clone(),
                crate::framework::load::read_text(path).unwrap_or_default(),
            ),
            None => match TEMPLATES.iter().find(|(n, _)| *n == name) {
                Some((n, t)) => (PathBuf::from(format!("templates/{n} (built in)")), t.to_string()),
                None => {
                    return RenderError::Other(crate::Error(format!(
                        "the template `{name}` does not exist: {}",
                        error.detail().unwrap_or("not found")
                    )));
                }
            },
        };
        let source = SourceFile::new(path.clone(), text);
        let span = error.range().or_else(|| {
            let line = error.line()?;
            let start: usize = source.text.split_inclusive('\n').take(line - 1).map(str::len).sum();
            Some(start..start)
        });
        // minijinja points at the failing part ("[0].gradee"); widen it to
        // the whole name the template wrote ("chapters[0].gradee").
        let span = span.map(|r| {
            let before = &source.text[..r.start.min(source.text.len())];
            let name_start = before
                .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')))
                .map_or(0, |i| i + 1);
            name_start..r.end
        });
        let expression = span
            .clone()
            .and_then(|r| source.text.get(r))
            .unwrap_or("")
            .trim()
            .to_string();
        let (message, hint) = match error.kind() {
            minijinja::ErrorKind::UndefinedError => (
                format!("`{expression}` is not defined in the document's data"),
                "check the spelling against the fields in docs/templates.md, or test it first with `{% if ... is defined %}`"
                    .to_string(),
            ),
            minijinja::ErrorKind::SyntaxError => (
                format!("this template is not valid: {}", error.detail().unwrap_or("syntax error")),
                "see the minijinja syntax: {{ value }}, {% if %}...{% endif %}, {% for x in list %}...{% endfor %}".to_string(),
            ),
            minijinja::ErrorKind::TemplateNotFound => (
                format!("a template it includes does not exist: {}", error.detail().unwrap_or("")),
                format!("the templates are {}", TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")),
            ),
            _ => (
                format!("{}{}", error.kind(), error.detail().map(|d| format!(": {d}")).unwrap_or_default()),
                "`selfeval templates export DIR` writes the built-in templates to compare with".to_string(),
            ),
        };
        let mut d = Diagnostic::error(&path, format!("in template `{name}`: {message}")).hint(hint);
        if let Some(span) = span {
            d = d.at(&source, span);
        }
        RenderError::Template(Box::new(d))
    }
}

/// Evidence text made literal in Markdown: on one line, with every character
/// that could start markup, a link, a table cell or a heading escaped.
pub fn escape_markdown(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) || (i == 0 && matches!(c, '-' | '+' | '=' | ':'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. " or "1) " at the start would begin a numbered list ("23.9%" would not).
    if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && matches!(out[end..].chars().next(), Some('.' | ')'))
        && out[end + 1..].chars().next().is_none_or(char::is_whitespace)
    {
        out.insert(end, '\\');
    }
    out
}

/// One blank line between blocks and before every heading, whatever the
/// templates' own spacing: templates stay readable, the output stays tidy.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = true;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        if line.starts_with('#') && !blank {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
        if line.starts_with('#') {
            out.push('\n');
            blank = true;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Heading anchors for one document, as code hosting sites give them: a
/// repeated heading ("What we know", once per judgement) gets "-1", "-2" ...
/// One type for the HTML and the PDF, so their links agree.
#[derive(Default)]
pub struct Anchors(std::collections::HashMap<String, usize>);

impl Anchors {
    pub fn next(&mut self, heading: &str) -> String {
        let base = slug(heading);
        let count = self.0.entry(base.clone()).or_insert(0);
        let anchor = if *count == 0 { base } else { format!("{base}-{count}") };
        *count += 1;
        anchor
    }
}

/// A heading's anchor, as code hosting sites make it: lower case, letters,
/// digits, spaces as hyphens, other punctuation dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().to_lowercase().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

impl RenderError {
    pub fn describe(&self) -> String {
        match self {
            RenderError::Template(d) => {
                let mut out = d.render();
                let _ = writeln!(out);
                out
            }
            RenderError::Other(e) => e.0.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_evidence_literal() {
        assert_eq!(escape_markdown("a *b* _c_ | d"), r"a \*b\* \_c\_ \| d");
        assert_eq!(escape_markdown("<script>x</script>"), r"\<script\>x\</script\>");
        assert_eq!(escape_markdown("# not a heading"), r"\# not a heading");
        assert_eq!(escape_markdown("- not a list"), r"\- not a list");
        assert_eq!(escape_markdown("12. not a list"), r"12\. not a list");
        assert_eq!(escape_markdown("23.9% in 2025-26"), "23.9% in 2025-26");
        assert_eq!(escape_markdown("two\n\nlines"), "two lines");
        assert_eq!(escape_markdown("{{ x }} {% if %}"), "{{ x }} {% if %}");
    }

    #[test]
    fn slugs_match_the_headings_code_hosts_link_to() {
        assert_eq!(
            slug("Progress against last year's actions"),
            "progress-against-last-years-actions"
        );
        assert_eq!(
            slug("Appendix: the framework's descriptors"),
            "appendix-the-frameworks-descriptors"
        );
    }
}
