//! The council's own templates: the folder `--templates` names, read whole
//! before any work starts, so that rendering reads no files and a template
//! can only include templates of that folder or the built-in ones.

use std::path::{Path, PathBuf};

use super::source::read_text;
use crate::diag::SourceFile;
use crate::error::Error;
use crate::model::templates::UserTemplates;

/// More files than any set of templates has: past it, the folder is not one.
pub const MAX_TEMPLATE_FILES: usize = 1_000;
/// Folders within folders this deep are not read (a link to a folder
/// above would otherwise never end).
const MAX_DEPTH: usize = 16;

pub fn templates(folder: &Path) -> Result<UserTemplates, Error> {
    if !folder.is_dir() {
        return Err(Error::Usage(format!(
            "the templates folder {} does not exist (`selfeval templates export {}` writes the built-in ones there)",
            folder.display(),
            folder.display()
        )));
    }
    let mut paths = Vec::new();
    collect(folder, 0, &mut paths)?;
    if paths.len() > MAX_TEMPLATE_FILES {
        return Err(Error::Usage(format!(
            "the templates folder {} holds {} files, more than the {MAX_TEMPLATE_FILES} selfeval reads: \
             give the folder `selfeval templates export` wrote",
            folder.display(),
            paths.len()
        )));
    }
    paths.sort();
    let mut templates = UserTemplates {
        folder: folder.to_path_buf(),
        ..UserTemplates::default()
    };
    for path in paths {
        let name = path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        // A file that cannot be read matters only if a template names it.
        match read_text(&path) {
            Ok(text) => templates.files.push((name, SourceFile::new(path, text))),
            Err(e) => templates
                .unreadable
                .push((name, format!("cannot read {}: {e}", path.display()))),
        }
    }
    Ok(templates)
}

fn collect(dir: &Path, depth: usize, paths: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::Usage(format!("cannot read the folder {}: {e}", dir.display())))?;
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            if depth < MAX_DEPTH && paths.len() <= MAX_TEMPLATE_FILES {
                collect(&path, depth + 1, paths)?;
            }
        } else {
            paths.push(path);
        }
    }
    Ok(())
}
