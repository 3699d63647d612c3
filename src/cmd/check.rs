//! `selfeval check DIR`: every problem in a council folder, in one run.

use std::path::Path;

use crate::error::Error;
use crate::pipeline::Pipeline;
use crate::report::summary;

pub fn run(pipeline: &Pipeline, dir: &Path, deny_warnings: bool) -> Result<(), Error> {
    let folder = pipeline.check(dir)?;
    let diags = &folder.diagnostics;
    super::tell(&diags.render());
    super::tell(&format!(
        "{}\n",
        summary::check_summary(dir, folder.evidence.as_ref(), diags)
    ));
    if diags.has_errors() || (deny_warnings && diags.warnings() > 0) {
        // Everything to say has been said.
        return Err(Error::Told);
    }
    Ok(())
}
