//! `selfeval templates export DIR`: the built-in templates, copied out to
//! be edited and used with `render --templates DIR`.

use std::path::Path;

use crate::render::TEMPLATES;
use crate::{Error, Status, output};

pub fn export(dir: &Path) -> Result<Status, Error> {
    let existing: Vec<&str> = TEMPLATES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !existing.is_empty() {
        return Err(Error(format!(
            "{} already holds {}; nothing was written (move them away, or export to another folder)",
            dir.display(),
            existing.join(", ")
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error(format!("could not create {}: {e}", dir.display())))?;
    for (name, text) in TEMPLATES {
        output::write(&dir.join(name), text.as_bytes())?;
    }
    println!(
        "wrote {} templates to {}; edit any of them, delete the ones you leave as they are, and render with --templates {}",
        TEMPLATES.len(),
        dir.display(),
        dir.display()
    );
    Ok(Status::Success)
}
