//! `selfeval learn CORPUS -o DIR`: the language model and the pattern
//! counts, learned again from the corpus of inspection reports.

use std::path::Path;

use crate::error::Error;
use crate::pipeline::Pipeline;

/// Both files are learned before either is written.
pub fn run(pipeline: &Pipeline, corpus: &Path, dir: &Path) -> Result<(), Error> {
    let learned = pipeline.learn(corpus)?;
    super::save(&dir.join(LANGUAGE_MODEL), learned.language_model.as_bytes())?;
    super::save(&dir.join(PATTERN_COUNTS), learned.pattern_counts.as_bytes())
}

/// `selfeval published build DATA -o DIR`: DfE's figures, built again.
pub fn published(pipeline: &Pipeline, data: &Path, dir: &Path) -> Result<(), Error> {
    let built = pipeline.build_published(data)?;
    super::save(&dir.join(PUBLISHED), built.as_bytes())
}

pub const PUBLISHED: &str = "published.tsv";
pub const LANGUAGE_MODEL: &str = "language-model.tsv";
pub const PATTERN_COUNTS: &str = "pattern-counts.tsv";

/// `selfeval evaluate CORPUS`: how well the assessment grades real councils.
pub fn evaluate(pipeline: &Pipeline, corpus: &Path, council_voice: Option<&Path>) -> Result<(), Error> {
    print!("{}", pipeline.evaluate(corpus, council_voice)?);
    Ok(())
}
