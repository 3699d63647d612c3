//! The documents: a report model through minijinja templates into
//! Markdown, the Markdown into one self-contained HTML file, or laid out
//! and drawn as a PDF.
//!
//! Templates are looked up among the council's own first (read by `load`
//! before any work starts) and in the built-in set second, file by file, so
//! a council can change one part of the document and keep the rest.
//! Everything the council wrote reaches a template as a value and is escaped
//! on output: in Markdown by backslashes, in HTML as entities. It can never
//! become markup, a table cell break or template code.

mod blocks;
mod chart;
mod docx;
mod html;
mod markdown;
pub mod pdf;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use minijinja::value::ViaDeserialize;
use minijinja::{Environment, UndefinedBehavior, Value};

pub use markdown::escape_markdown;
use markdown::tidy;

use crate::diag::{Diagnostic, SourceFile};
use crate::error::Error;
use crate::model::templates::UserTemplates;
use crate::report::chart::Chart;
use crate::report::readiness::Readiness;
use crate::report::{Comparison, Properties, Report};

/// The built-in templates, as `templates export` writes them out.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("document.md", include_str!("../../templates/document.md")),
    ("summary.md", include_str!("../../templates/summary.md")),
    ("judgement.md", include_str!("../../templates/judgement.md")),
    ("progress.md", include_str!("../../templates/progress.md")),
    ("changes.md", include_str!("../../templates/changes.md")),
    ("comparison.md", include_str!("../../templates/comparison.md")),
    ("readiness.md", include_str!("../../templates/readiness.md")),
    ("appendix.md", include_str!("../../templates/appendix.md")),
    ("document.html", include_str!("../../templates/document.html")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// The HTML page around every document.
const HTML_ROOT: &str = "document.html";

/// The stylesheet: the HTML's, and the PDF's colours (`pdf::Theme`).
pub(crate) const STYLESHEET: &str = "style.css";

/// A built-in template's text.
pub(crate) fn built_in(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// What the templates can write: the self-evaluation, or the comparison of
/// two years on its own. Each starts from its own Markdown template; both
/// share the HTML page, the stylesheet and the PDF layout.
#[derive(Clone, Copy)]
pub enum Document<'a> {
    SelfEvaluation(&'a Report),
    Comparison(&'a Comparison),
    Readiness(&'a Readiness),
}

impl<'a> Document<'a> {
    fn root(self) -> &'static str {
        match self {
            Document::SelfEvaluation(_) => "document.md",
            Document::Comparison(_) => "comparison.md",
            Document::Readiness(_) => "readiness.md",
        }
    }

    fn value(self) -> Value {
        match self {
            Document::SelfEvaluation(r) => Value::from_serialize(r),
            Document::Readiness(r) => Value::from_serialize(r),
            // The chapter reads `comparison`; the page around it reads the
            // same fields as a report's (council, title, marking ...).
            Document::Comparison(c) => {
                let own = Value::from_serialize(c);
                minijinja::context! { comparison => own.clone(), ..own }
            }
        }
    }

    /// Whether its PDF opens with a cover page: the self-evaluation, which
    /// goes out, does; the internal and comparison documents start at once.
    fn has_cover(self) -> bool {
        match self {
            Document::SelfEvaluation(_) => true,
            Document::Comparison(_) | Document::Readiness(_) => false,
        }
    }

    fn properties(self) -> &'a Properties {
        match self {
            Document::SelfEvaluation(r) => &r.properties,
            Document::Comparison(c) => &c.properties,
            Document::Readiness(r) => &r.properties,
        }
    }

    /// Grade and rating labels, shown in colour in HTML and PDF.
    fn labels(self) -> Vec<String> {
        let (grades, ratings) = match self {
            Document::SelfEvaluation(r) => (&r.grade_labels, &r.rating_labels),
            Document::Comparison(c) => (&c.grade_labels, &c.rating_labels),
            Document::Readiness(r) => (&r.grade_labels, &r.rating_labels),
        };
        grades.iter().chain(ratings).cloned().collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with tables.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// A print-ready A4 PDF.
    Pdf,
    /// A Word document to edit.
    Docx,
}

/// A document's bytes, and the characters the PDF's font could not draw
/// (shown as "?").
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub unprintable: Vec<char>,
}

pub struct Renderer {
    env: Environment<'static>,
    user: Option<Arc<UserTemplates>>,
    /// The charts the templates placed while one document was written, in
    /// order: the Markdown holds a marker for each (`chart::marker`).
    charts: Arc<Mutex<Vec<Chart>>>,
    /// The council's Word template, whose styles a .docx takes.
    reference: Option<crate::model::templates::ReferenceDocx>,
}

/// A problem in a template, with its place when there is one.
/// The steps a template may take: five times what the documents of a
/// council with every descriptor, 2,000 sources and 200 actions take.
const TEMPLATE_FUEL: u64 = 10_000_000;

/// The most a template may write: twenty times the HTML page (fonts and
/// all) of a council with 2,000 sources.
const MAX_OUTPUT_BYTES: usize = 16 * 1_048_576;

/// Where a template writes, refusing to grow past `MAX_OUTPUT_BYTES`:
/// minijinja has no such limit of its own.
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.overflowed = true;
            return Err(std::io::Error::other("the template wrote too much"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub enum RenderError {
    Template(Box<Diagnostic>),
    Other(Error),
}

impl Renderer {
    /// The council's templates first, the built-in ones second.
    pub fn new(user: Option<&UserTemplates>) -> Renderer {
        // minijinja's loader lives as long as the environment ('static), so
        // it shares the templates rather than borrowing them.
        let user = user.cloned().map(Arc::new);
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        // A template of a council's runs with a budget of steps, so that a
        // loop without end stops with a message rather than hanging.
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        markdown::escape_in(&mut env);
        let own = user.clone();
        env.set_loader(move |name| {
            if let Some(why) = own.as_ref().and_then(|u| u.unreadable(name)) {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    why.to_string(),
                ));
            }
            let own = own.as_ref().and_then(|u| u.get(name)).map(|f| f.text.as_str());
            Ok(own.or_else(|| built_in(name)).map(str::to_string))
        });
        env.add_filter("slug", |text: String| slug(&text));
        let charts = Arc::new(Mutex::new(Vec::new()));
        let placed = charts.clone();
        env.add_function("chart", move |chart: ViaDeserialize<Chart>| {
            let mut placed = placed.lock().unwrap_or_else(|e| e.into_inner());
            placed.push(chart.0);
            Value::from_safe_string(chart::marker(placed.len() - 1))
        });
        Renderer {
            env,
            user,
            charts,
            reference: None,
        }
    }

    /// The styles of the council's own Word template, for a .docx.
    pub fn with_reference(mut self, reference: Option<crate::model::templates::ReferenceDocx>) -> Renderer {
        self.reference = reference;
        self
    }

    pub fn render(&self, doc: Document<'_>, format: Format) -> Result<Rendered, RenderError> {
        self.placed().clear();
        let markdown = self.template(doc.root(), doc.value())?;
        let charts = std::mem::take(&mut *self.placed());
        let markdown = match format {
            // Markdown draws no charts: the table before each says the same.
            Format::Markdown => chart::without_markers(&markdown, &charts),
            Format::Html | Format::Pdf | Format::Docx => markdown,
        };
        let markdown = tidy(&markdown);
        let text = |text: String| Rendered {
            bytes: text.into_bytes(),
            unprintable: Vec::new(),
        };
        match format {
            Format::Markdown => Ok(text(markdown)),
            Format::Html => {
                let body = html::from_markdown(&markdown, &doc.labels(), &charts);
                let context = minijinja::context! {
                    report => doc.value(),
                    body => Value::from_safe_string(body),
                    fonts => Value::from_safe_string(html::font_faces()),
                };
                self.template(HTML_ROOT, context).map(text)
            }
            Format::Pdf => {
                let mut theme = pdf::Theme::from_css(self.text_of(STYLESHEET));
                theme.cover = doc.has_cover();
                let pdf = pdf::render(&markdown, doc.properties(), &theme, &doc.labels(), &charts);
                Ok(Rendered {
                    bytes: pdf.bytes,
                    unprintable: pdf.replaced,
                })
            }
            Format::Docx => {
                let mut theme = pdf::Theme::from_css(self.text_of(STYLESHEET));
                theme.cover = doc.has_cover();
                Ok(Rendered {
                    bytes: docx::render(
                        &markdown,
                        doc.properties(),
                        &theme,
                        &doc.labels(),
                        &charts,
                        self.reference.as_ref(),
                    ),
                    unprintable: Vec::new(),
                })
            }
        }
    }

    fn placed(&self) -> std::sync::MutexGuard<'_, Vec<Chart>> {
        self.charts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A template's text, the council's own first.
    fn text_of(&self, name: &str) -> &str {
        match self.user.as_ref().and_then(|u| u.get(name)) {
            Some(own) => &own.text,
            None => built_in(name).unwrap_or_default(),
        }
    }

    fn template(&self, name: &str, context: Value) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| self.diagnose(&e))?;
        let mut out = Bounded::default();
        if let Err(e) = template.render_captured_to(context, &mut out) {
            // minijinja's write error names no template: the one started is.
            if out.overflowed {
                let path = match self.user.as_ref() {
                    Some(user) => user.get(name).map_or_else(|| user.folder.clone(), |f| f.path.clone()),
                    None => PathBuf::from(format!("templates/{name} (built in)")),
                };
                return Err(RenderError::Template(Box::new(
                    Diagnostic::error(
                        &path,
                        format!(
                            "in template `{name}` (or one it includes): it wrote more than {} MB, far more than any document, and was stopped",
                            MAX_OUTPUT_BYTES / 1_048_576
                        ),
                    )
                    .hint("look for a loop that writes the same text over and over"),
                )));
            }
            return Err(self.diagnose(&e));
        }
        Ok(String::from_utf8(out.bytes).expect("templates write UTF-8"))
    }

    /// A template error as a diagnostic at the template's line and column.
    fn diagnose(&self, error: &minijinja::Error) -> RenderError {
        // An error inside an included template arrives wrapped: report the innermost.
        let mut error = error;
        while let Some(inner) = std::error::Error::source(error).and_then(|e| e.downcast_ref::<minijinja::Error>()) {
            error = inner;
        }
        let name = error.name().unwrap_or("?").to_string();
        let source = match self.user.as_ref().and_then(|u| u.get(&name)) {
            Some(own) => own.clone(),
            None => match built_in(&name) {
                Some(text) => SourceFile::new(PathBuf::from(format!("templates/{name} (built in)")), text),
                None => {
                    return RenderError::Other(Error::Usage(format!(
                        "the template `{name}` does not exist: {}",
                        error.detail().unwrap_or("not found")
                    )));
                }
            },
        };
        let path = source.path.clone();
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
            minijinja::ErrorKind::OutOfFuel => (
                format!(
                    "it did more work than any document needs ({} steps) and was stopped",
                    TEMPLATE_FUEL
                ),
                "look for a loop that runs millions of times (`range(...)`, or a loop inside a loop)".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
