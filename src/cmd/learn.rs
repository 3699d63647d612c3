//! `selfeval learn CORPUS`: the language model, learned again from the
//! corpus of inspection reports.

use std::path::Path;

use crate::error::Error;
use crate::pipeline::Pipeline;

pub fn run(pipeline: &Pipeline, corpus: &Path, out: &Path) -> Result<(), Error> {
    let file = pipeline.learn(corpus)?;
    super::save(out, file.as_bytes())
}
