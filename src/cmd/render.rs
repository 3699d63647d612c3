//! `selfeval render DIR`: the self-evaluation document, from the evidence
//! and its assessment, through the templates.

use std::path::Path;

use crate::cli::RenderFormat;
use crate::render::{Format, RenderError, Renderer};
use crate::{Error, Status, output, report};

pub fn run(dir: &Path, format: RenderFormat, out: &Path, templates: Option<&Path>) -> Result<Status, Error> {
    // Settings first: a wrong templates folder is reported before any work.
    let renderer = Renderer::new(templates)?;
    let Some((evidence, assessment)) = super::assess::load_and_assess(dir)? else {
        return Ok(Status::FilesHaveErrors);
    };
    let report = report::build(&evidence, &assessment);
    let format = match format {
        RenderFormat::Md => Format::Markdown,
        RenderFormat::Html => Format::Html,
    };
    match renderer.render(&report, format) {
        Ok(document) => {
            output::write(out, document.as_bytes())?;
            if out.as_os_str() != "-" {
                eprintln!("wrote {}", out.display());
            }
            Ok(Status::Success)
        }
        Err(RenderError::Template(d)) => {
            eprint!("{}", RenderError::Template(d).describe());
            eprintln!("nothing was written");
            Ok(Status::FilesHaveErrors)
        }
        Err(RenderError::Other(e)) => Err(e),
    }
}
