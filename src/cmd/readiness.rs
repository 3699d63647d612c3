//! `selfeval readiness DIR`: the internal report for the council's leaders,
//! as a document or as JSON.

use std::path::Path;

use crate::cli::{DocumentArgs, ReadinessFormat};
use crate::error::Error;
use crate::pipeline::Pipeline;
use crate::render::Format;

pub fn run(pipeline: &Pipeline, dir: &Path, format: Option<ReadinessFormat>, args: &DocumentArgs) -> Result<(), Error> {
    super::out_outside(args, &[dir])?;
    let format = crate::cli::format_for(format, &args.output, ReadinessFormat::Md)?;
    let document = match format {
        ReadinessFormat::Md => Some(Format::Markdown),
        ReadinessFormat::Html => Some(Format::Html),
        ReadinessFormat::Pdf => Some(Format::Pdf),
        ReadinessFormat::Docx => Some(Format::Docx),
        ReadinessFormat::Json => None,
    };
    let settings = document
        .map(|f| super::document_settings(pipeline, f, args))
        .transpose()?;
    let read = super::said(pipeline.readiness(dir))?;
    match settings {
        Some(settings) => {
            let written = pipeline.readiness_document(&read, &settings)?;
            super::write_document(&args.output, &written)
        }
        None => {
            if !args.allow_personal_data {
                read.refuse_personal_data()?;
            }
            super::save(&args.output, read.json()?.as_bytes())
        }
    }
}
