//! `selfeval render DIR`: the self-evaluation document, from the evidence
//! and its assessment, through the templates.

use std::path::Path;

use crate::cli::{DocumentArgs, RenderFormat};
use crate::evidence::Evidence;
use crate::render::{Document, Format, RenderError, Renderer, pdf};
use crate::{Error, Status, compare, output, report};

pub fn run(dir: &Path, format: RenderFormat, document: &DocumentArgs) -> Result<Status, Error> {
    let out = document.output.as_path();
    refuse_pdf_on_terminal(format, out)?;
    // Settings first: a wrong templates folder is reported before any work.
    let renderer = Renderer::new(document.templates.as_deref())?;
    let pdf_wanted = format == RenderFormat::Pdf;
    // Two cores: the rules and patterns are read beside this year's folder;
    // last year's folder is read and assessed beside this year's assessment,
    // and the PDF's fonts are made after it.
    let (library, evidence) = std::thread::scope(|scope| {
        let library = scope.spawn(super::assess::library);
        let evidence = super::assess::load(dir);
        (
            library.join().expect("reading the built-in rules does not panic"),
            evidence,
        )
    });
    let library = library?;
    let Some(evidence) = evidence? else {
        return Ok(Status::FilesHaveErrors);
    };
    let (assessment, previous_year) = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let previous = evidence
                .previous
                .as_deref()
                .map(|p| super::assess::load_and_assess(p, &library));
            if pdf_wanted {
                pdf::prepare();
            }
            previous
        });
        let assessment = crate::assess::assess(&evidence, &library);
        (
            assessment,
            second.join().expect("reading last year's folder does not panic"),
        )
    });
    let assessment = assessment?;
    if !evidence.unfinished.is_empty() {
        for d in &evidence.unfinished {
            let mut d = d.clone();
            d.severity = crate::diagnostics::Severity::Error;
            eprint!("{}", d.render());
        }
        eprintln!("error: the document cannot be written without these, so nothing was written");
        return Ok(Status::FilesHaveErrors);
    }
    // Loading checked that last year's folder is this council's, and earlier.
    let then = match previous_year {
        Some(loaded) => {
            let Some(then) = loaded? else {
                eprintln!(
                    "The errors above are in last year's folder, which {}council.toml names as `previous`.",
                    dir.display().to_string() + std::path::MAIN_SEPARATOR_STR
                );
                return Ok(Status::FilesHaveErrors);
            };
            Some(then)
        }
        None => None,
    };
    let comparison = then
        .as_ref()
        .map(|(e, a)| compare::compare((e, a), (&evidence, &assessment), &library.rules));
    if !document.allow_personal_data
        && refuse_personal_data(std::iter::once(&evidence).chain(then.as_ref().map(|(e, _)| e)))
    {
        return Ok(Status::FilesHaveErrors);
    }
    let report = report::build(&evidence, &assessment, comparison);
    let meta = pdf::Meta {
        title: format!("{}: {}, {}", report.council, report.title, report.period_short),
        council: report.council.clone(),
        subject: format!("Self-evaluation for Ofsted (ILACS), {}", report.period),
        marking: report.marking.clone(),
        date_days: evidence.prepared_on.days_since_epoch(),
    };
    write(
        &renderer,
        Document::SelfEvaluation(&report),
        format,
        out,
        &meta,
        &[&evidence],
    )
}

/// Lists the places in `evidence` that look as if they identify a child or
/// family, and says nothing will be written; false when there are none.
pub fn refuse_personal_data<'a>(evidence: impl Iterator<Item = &'a Evidence>) -> bool {
    let flagged: Vec<&crate::diagnostics::Diagnostic> = evidence.flat_map(|e| &e.personal_data).collect();
    if flagged.is_empty() {
        return false;
    }
    for d in &flagged {
        eprint!("{}", d.render());
    }
    eprintln!(
        "error: {} in the evidence may identify a child or family, so nothing was written",
        crate::diagnostics::plural(flagged.len(), "place")
    );
    eprintln!(
        "Remove them, or mark each one checked with `# selfeval: reviewed` on the line above; \
         --allow-personal-data writes the document anyway."
    );
    true
}

pub fn refuse_pdf_on_terminal(format: RenderFormat, out: &Path) -> Result<(), Error> {
    if format == RenderFormat::Pdf && out.as_os_str() == "-" && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Error(
            "a PDF is not for the terminal: give the file to write with -o FILE.pdf".into(),
        ));
    }
    Ok(())
}

/// Renders `doc` and writes it whole, or reports the template error and
/// writes nothing.
pub fn write(
    renderer: &Renderer,
    doc: Document<'_>,
    format: RenderFormat,
    out: &Path,
    meta: &pdf::Meta,
    evidence: &[&Evidence],
) -> Result<Status, Error> {
    let document = match format {
        RenderFormat::Md => renderer.render(doc, Format::Markdown).map(String::into_bytes),
        RenderFormat::Html => renderer.render(doc, Format::Html).map(String::into_bytes),
        RenderFormat::Pdf => renderer.render_pdf(doc, meta).map(|pdf| {
            for c in &pdf.replaced {
                for place in unprintable(evidence, *c) {
                    eprintln!(
                        "warning: {place}: the font cannot draw {c:?} (U+{:04X}); the document shows \"?\" instead",
                        u32::from(*c)
                    );
                }
            }
            pdf.bytes
        }),
    };
    match document {
        Ok(document) => save(out, &document),
        Err(RenderError::Template(d)) => {
            eprint!("{}", RenderError::Template(d).describe());
            eprintln!("nothing was written");
            Ok(Status::FilesHaveErrors)
        }
        Err(RenderError::Other(e)) => Err(e),
    }
}

/// Writes the result whole, saying where unless it went to standard output.
pub fn save(out: &Path, bytes: &[u8]) -> Result<Status, Error> {
    output::write(out, bytes)?;
    if out.as_os_str() != "-" {
        eprintln!("wrote {}", out.display());
    }
    Ok(Status::Success)
}

/// Where in the council's files a character appears: "file, what, field".
fn unprintable(evidences: &[&Evidence], c: char) -> Vec<String> {
    let mut places = Vec::new();
    for evidence in evidences {
        // With two years, say which folder.
        let folder = if evidences.len() > 1 {
            format!("{}{}", evidence.folder.display(), std::path::MAIN_SEPARATOR)
        } else {
            String::new()
        };
        places_in(evidence, c, &folder, &mut places);
    }
    if places.is_empty() {
        places.push("the framework or the templates".into());
    }
    places
}

fn places_in(evidence: &Evidence, c: char, folder: &str, places: &mut Vec<String>) {
    let mut look = |text: &str, place: String| {
        if text.contains(c) {
            places.push(format!("{folder}{place}"));
        }
    };
    look(&evidence.council, "council.toml, council".into());
    look(&evidence.prepared_by, "council.toml, prepared_by".into());
    look(&evidence.marking, "council.toml, marking".into());
    for f in &evidence.findings {
        let at = format!(
            "{}:{}, finding {}",
            f.origin.file.display(),
            f.origin.line,
            f.descriptor
        );
        look(&f.summary, format!("{at}, summary"));
        look(&f.impact, format!("{at}, impact"));
        for s in &f.sources {
            look(&s.title, format!("{at}, source title"));
            look(&s.showed, format!("{at}, source showed"));
        }
    }
    for a in &evidence.actions {
        for (field, text) in [("action", &a.action), ("owner", &a.owner)] {
            look(text, format!("actions.toml, action {}, {field}", a.id));
        }
        if let Some(p) = &a.progress {
            look(p, format!("actions.toml, action {}, progress", a.id));
        }
    }
    for i in &evidence.indicators {
        if let Some(note) = &i.note {
            look(note, format!("indicators.toml, indicator {}, note", i.id));
        }
    }
}
