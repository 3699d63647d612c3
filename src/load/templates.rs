//! The council's own templates: the folder `--templates` names, read whole
//! before any work starts, so that rendering reads no files and a template
//! can only include templates of that folder or the built-in ones.

use std::path::{Path, PathBuf};

use super::source::read_text;
use crate::diag::SourceFile;
use crate::error::Error;
use crate::model::templates::UserTemplates;

/// What a templates folder is read for: the kinds of file the built-in
/// templates are, in the folder or one folder down.
const KINDS: &[&str] = &["md", "html", "css"];
/// More than any set of templates needs; past it, the folder is not one.
const MAX_FILES: usize = 200;

pub fn templates(folder: &Path) -> Result<UserTemplates, Error> {
    if !folder.is_dir() {
        return Err(Error::Usage(format!(
            "the templates folder {} does not exist (`selfeval templates export {}` writes the built-in ones there)",
            folder.display(),
            folder.display()
        )));
    }
    let mut files = Vec::new();
    collect(folder, folder, 0, &mut files)?;
    files.sort_by(|a: &(String, SourceFile), b| a.0.cmp(&b.0));
    Ok(UserTemplates {
        folder: folder.to_path_buf(),
        files,
    })
}

fn collect(root: &Path, dir: &Path, depth: usize, files: &mut Vec<(String, SourceFile)>) -> Result<(), Error> {
    let cannot = |path: &Path, e: std::io::Error| Error::Usage(format!("cannot read {}: {e}", path.display()));
    let entries = std::fs::read_dir(dir).map_err(|e| cannot(dir, e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if depth == 0 {
                collect(root, &path, depth + 1, files)?;
            }
            continue;
        }
        let kind = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !KINDS.contains(&kind) {
            continue;
        }
        if files.len() == MAX_FILES {
            return Err(Error::Usage(format!(
                "the templates folder {} holds more than {MAX_FILES} templates; give the folder `selfeval templates export` wrote",
                root.display()
            )));
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = read_text(&path).map_err(|e| cannot(&path, e))?;
        files.push((name, SourceFile::new(path, text)));
    }
    Ok(())
}
