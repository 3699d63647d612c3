//! `selfeval check DIR`: every problem in a council folder, in one run.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::{Error, Status, evidence};

pub fn run(dir: &Path, deny_warnings: bool) -> Result<Status, Error> {
    let mut diags = Diagnostics::default();
    let evidence = evidence::load(dir, &mut diags)?;
    eprint!("{}", diags.render());
    let what = match &evidence {
        Some(e) => format!(
            "{} {} ({})",
            if e.council.is_empty() {
                dir.display().to_string()
            } else {
                e.council.clone()
            },
            e.period.start.years_to(e.period.end),
            e.framework.id
        ),
        None => dir.display().to_string(),
    };
    eprintln!("{what}: {}", diags.summary());
    if diags.has_errors() || (deny_warnings && diags.warnings() > 0) {
        Ok(Status::FilesHaveErrors)
    } else {
        Ok(Status::Success)
    }
}
