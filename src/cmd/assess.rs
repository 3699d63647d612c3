//! `selfeval assess DIR`: the indicative grades, their reasons and the gaps,
//! as a one-minute summary or as the whole assessment in JSON.

use std::path::Path;

use crate::cli::AssessFormat;
use crate::error::Error;
use crate::pipeline::Pipeline;

pub fn run(pipeline: &Pipeline, dir: &Path, format: AssessFormat) -> Result<(), Error> {
    let assessed = super::said(pipeline.assessment(dir))?;
    match format {
        AssessFormat::Text => print!("{}", assessed.summary()),
        AssessFormat::Json => println!("{}", assessed.json()?),
    }
    Ok(())
}
