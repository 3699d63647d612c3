//! The council's own templates: the folder `--templates` names, read whole
//! before any work starts, so that rendering reads no files and a template
//! can only include templates of that folder or the built-in ones.

use std::path::{Path, PathBuf};

use super::source::{Within, read_text};
use crate::diag::SourceFile;
use crate::error::Error;
use crate::model::templates::{ReferenceDocx, UserTemplates};

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
    let root = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
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
        match read_text(&path, Within::Folder(&root)) {
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
        } else if path.extension().is_none_or(|e| e != "toml") {
            // Evidence is never a template: a .toml file in the folder is
            // not read, so that `--templates` naming an evidence folder
            // cannot run a council's text as template code.
            paths.push(path);
        }
    }
    Ok(())
}

/// Past these a file is not a template: a council's is a few hundred KB.
const REFERENCE_BYTES: u64 = 20 * 1024 * 1024;
const PART_BYTES: u64 = 4 * 1024 * 1024;

/// The styles (and theme) of the Word document `--reference-docx` names,
/// read before any work starts.
pub fn reference_docx(path: &Path) -> Result<ReferenceDocx, Error> {
    use std::io::Read as _;
    let refuse = |why: String| {
        Error::Usage(format!(
            "{} cannot be the reference document: {why}; give a .docx saved from Word with your styles",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| refuse(crate::error::plain(&e)))?;
    let mut bytes = Vec::new();
    file.take(REFERENCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(crate::error::plain(&e)))?;
    if bytes.len() as u64 > REFERENCE_BYTES {
        return Err(refuse(format!(
            "it is over {} MB, and a Word template is far smaller",
            REFERENCE_BYTES / 1024 / 1024
        )));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| refuse("it is not a Word document (.docx files are zip archives, and this is not one)".into()))?;
    let mut part = |name: &str| -> Result<Option<String>, Error> {
        let Ok(file) = zip.by_name(name) else { return Ok(None) };
        let mut text = String::new();
        file.take(PART_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|_| refuse(format!("its {name} cannot be read as text")))?;
        if text.len() as u64 > PART_BYTES {
            return Err(refuse(format!("its {name} is over {} MB", PART_BYTES / 1024 / 1024)));
        }
        Ok(Some(text))
    };
    let styles = part("word/styles.xml")?
        .filter(|s| s.contains("<w:styles"))
        .ok_or_else(|| refuse("it has no styles (word/styles.xml) to take".into()))?;
    let theme = part("word/theme/theme1.xml")?;
    Ok(ReferenceDocx { styles, theme })
}
