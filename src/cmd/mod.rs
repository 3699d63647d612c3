//! One module per subcommand: its arguments turned into settings, the
//! pipeline called, the result printed, the exit code chosen. Nothing here
//! reads the council's files or words a document; `init`, which writes a
//! new folder's starter files, words those.

pub mod assess;
pub mod check;
pub mod compare;
pub mod completions;
pub mod figures;
pub mod frameworks;
pub mod init;
pub mod learn;
pub mod man;
pub mod patterns;
pub mod readiness;
pub mod render;
pub mod templates;

use std::path::{Path, PathBuf};

use crate::cli::DocumentArgs;
use crate::diag::Warned;
use crate::error::Error;
use crate::output;
use crate::pipeline::{DocumentSettings, Pipeline, Written};
use crate::render::Format;
use crate::report::summary;

/// Prints to the terminal's error stream, the one way every command talks
/// to the person running it: text from the council's files shows its
/// hidden and reordering characters as their codes (`text::shown`).
fn tell(text: &str) {
    eprint!("{}", crate::text::shown(text));
}

/// Says what was found in each folder read, then gives the result.
fn said<T>(warned: Warned<T>) -> T {
    for said in &warned.said {
        tell(&said.text());
    }
    warned.output
}

/// Refuses, before any work, to write the document inside a folder the
/// command reads (an evidence folder, the templates): `-o council.toml`
/// would replace the council's own file, and a stray `.toml` in findings/
/// would break the next `check`.
fn out_outside(args: &DocumentArgs, folders: &[&Path]) -> Result<(), Error> {
    outside(&args.output, folders.iter().copied().chain(args.templates.as_deref()))
}

/// `out_outside` for any folders: also checked once the evidence is read,
/// against last year's folder that `previous` names.
fn outside<'a>(out: &Path, folders: impl IntoIterator<Item = &'a Path>) -> Result<(), Error> {
    if out.as_os_str() == "-" {
        return Ok(());
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (Ok(parent), Some(name)) = (parent.canonicalize(), out.file_name()) else {
        return Ok(());
    };
    let resolved = parent.join(name);
    for folder in folders {
        let Ok(folder) = folder.canonicalize() else { continue };
        if resolved.starts_with(&folder) {
            let beside = folder.parent().unwrap_or(&folder).join(name);
            return Err(Error::Usage(format!(
                "will not write {}: it is inside {}, a folder this command reads, where it could replace or \
                 spoil the council's own files; give a path outside it, e.g. -o {}",
                out.display(),
                folder.display(),
                beside.display()
            )));
        }
    }
    Ok(())
}

/// The document's settings from its arguments, checked before any work:
/// a PDF is not for the terminal, and a templates folder must be there.
fn document_settings(pipeline: &Pipeline, format: Format, args: &DocumentArgs) -> Result<DocumentSettings, Error> {
    let out = args.output.as_path();
    let binary = match format {
        Format::Pdf => Some(("a PDF", "pdf")),
        Format::Docx => Some(("a Word document", "docx")),
        Format::Markdown | Format::Html => None,
    };
    if let Some((what, extension)) = binary
        && out.as_os_str() == "-"
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Error::Usage(format!(
            "{what} is not for the terminal: give the file to write with -o FILE.{extension}"
        )));
    }
    let reference = match &args.reference_docx {
        None => None,
        Some(_) if format != Format::Docx => {
            return Err(Error::Usage(
                "--reference-docx is for a Word document: write one with -o FILE.docx".into(),
            ));
        }
        Some(path) => Some(pipeline.reference_docx(path)?),
    };
    Ok(DocumentSettings {
        format,
        reference,
        templates: args
            .templates
            .as_deref()
            .map(|dir| pipeline.templates(dir))
            .transpose()?,
        allow_personal_data: args.allow_personal_data,
    })
}

/// Warns of each character the PDF could not draw, where it was written,
/// then writes the document whole.
fn write_document(out: &Path, written: &Written) -> Result<(), Error> {
    outside(out, written.read.iter().map(PathBuf::as_path))?;
    for (c, places) in &written.unprintable {
        for place in places {
            tell(&summary::undrawable(*c, place));
        }
    }
    save(out, &written.bytes)
}

/// Writes the result whole, saying where unless it went to standard output.
fn save(out: &Path, bytes: &[u8]) -> Result<(), Error> {
    output::write(out, bytes)?;
    if out.as_os_str() != "-" {
        tell(&format!("wrote {}\n", out.display()));
    }
    Ok(())
}
