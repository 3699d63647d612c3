//! `selfeval compare OLD_DIR NEW_DIR`: what moved between two years, as a
//! summary to read in the terminal, a document, or JSON.

use std::path::Path;

use crate::cli::{CompareFormat, DocumentArgs};
use crate::error::Error;
use crate::pipeline::Pipeline;
use crate::render::Format;

pub fn run(
    pipeline: &Pipeline,
    old_dir: &Path,
    new_dir: &Path,
    format: Option<CompareFormat>,
    full: bool,
    args: &DocumentArgs,
) -> Result<(), Error> {
    super::out_outside(args, &[old_dir, new_dir])?;
    let format = crate::cli::format_for(format, &args.output, CompareFormat::Text)?;
    let document = match format {
        CompareFormat::Md => Some(Format::Markdown),
        CompareFormat::Html => Some(Format::Html),
        CompareFormat::Pdf => Some(Format::Pdf),
        CompareFormat::Docx => Some(Format::Docx),
        CompareFormat::Text | CompareFormat::Json => None,
    };
    let settings = document
        .map(|f| super::document_settings(pipeline, f, args))
        .transpose()?;
    let compared = super::said(pipeline.comparison(old_dir, new_dir))?;
    let out = args.output.as_path();
    match (format, settings) {
        (CompareFormat::Text, _) => super::save(out, compared.summary(full).as_bytes()),
        (CompareFormat::Json, _) => {
            // The data is passed on, so it is held back as a document is.
            if !args.allow_personal_data {
                compared.refuse_personal_data()?;
            }
            super::save(out, compared.json()?.as_bytes())
        }
        (_, Some(settings)) => {
            let written = pipeline.comparison_document(&compared, &settings)?;
            super::write_document(out, &written)
        }
        (_, None) => unreachable!("every document format has its settings"),
    }
}
