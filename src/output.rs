//! Every file selfeval writes: a result whole or not at all (written beside
//! its destination and renamed into place, so a run that fails or is
//! stopped leaves any earlier file as it was), and the new files and folders
//! `init`, `templates export` and `man` make.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, plain};

/// Writes `bytes` to `path`, or to standard output when `path` is "-".
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if path.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::Write(format!("could not write to standard output: {e}")));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Said in the user's terms, before any temporary file is made.
    if !dir.is_dir() {
        return Err(Error::Write(format!(
            "could not write {}: the folder {} does not exist (create it first, or give another path with -o)",
            path.display(),
            dir.display()
        )));
    }
    if path.is_dir() {
        return Err(Error::Write(format!(
            "could not write {}: it is a folder; give a file name, e.g. -o {}",
            path.display(),
            path.join("self-evaluation.pdf").display()
        )));
    }
    let fail = |e: std::io::Error| Error::Write(format!("could not write {}: {}", path.display(), plain(&e)));
    // Named after the document, so that the part a forced stop can leave
    // behind says what it was: ".self-evaluation.pdf.x1Y2z3.part".
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(fail)?;
    // A temporary file is private to its owner; the document is not. Keep
    // the permissions of the file it replaces, or give the usual ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(fail)?;
    }
    file.write_all(bytes).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Makes a folder and any folders above it that are missing; the caller
/// says what failed in its own terms.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Creates a file that must not exist yet: `init` never overwrites, even if
/// something appears between its check and this write.
pub fn create_new(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::Write(format!("cannot create `{}`: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::Write(format!("cannot write `{}`: {e}", path.display())))
}
