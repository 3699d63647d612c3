//! `selfeval templates export DIR`: the built-in templates, copied out to
//! be edited and used with `render --templates DIR`.

use std::path::Path;

use crate::error::Error;
use crate::output;
use crate::render::TEMPLATES;

pub fn export(dir: &Path) -> Result<(), Error> {
    let existing: Vec<&str> = TEMPLATES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already holds {}; nothing was written (move them away, or export to another folder)",
            dir.display(),
            existing.join(", ")
        )));
    }
    output::create_dir(dir).map_err(|e| Error::Write(format!("could not create {}: {e}", dir.display())))?;
    for (name, text) in TEMPLATES {
        output::write(&dir.join(name), text.as_bytes())?;
    }
    println!(
        "wrote {} templates to {}; edit any of them, delete the ones you leave as they are, and render with --templates {}",
        TEMPLATES.len(),
        dir.display(),
        dir.display()
    );
    Ok(())
}
