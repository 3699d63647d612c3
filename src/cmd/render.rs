//! `selfeval render DIR`: the self-evaluation document, from the evidence
//! and its assessment, through the templates.

use std::path::Path;

use crate::cli::{DocumentArgs, RenderFormat};
use crate::error::Error;
use crate::pipeline::Pipeline;

pub fn run(pipeline: &Pipeline, dir: &Path, format: Option<RenderFormat>, args: &DocumentArgs) -> Result<(), Error> {
    super::out_outside(args, &[dir])?;
    let format = crate::cli::format_for(format, &args.output, RenderFormat::Md)?;
    let settings = super::document_settings(pipeline, format.into(), args)?;
    let written = super::said(pipeline.self_evaluation(dir, &settings))?;
    super::write_document(&args.output, &written)
}

impl From<RenderFormat> for crate::render::Format {
    fn from(format: RenderFormat) -> Self {
        match format {
            RenderFormat::Md => crate::render::Format::Markdown,
            RenderFormat::Html => crate::render::Format::Html,
            RenderFormat::Pdf => crate::render::Format::Pdf,
            RenderFormat::Docx => crate::render::Format::Docx,
        }
    }
}
