//! Every file selfeval writes: a result whole or not at all (written beside
//! its destination and renamed into place, so a run that fails or is
//! stopped leaves any earlier file as it was), and the new files and folders
//! `init`, `templates export` and `man` make.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

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
    // "-o reports/" names a folder; one not there is not a file to make.
    if !path.is_dir() && path.to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]) {
        return Err(Error::Write(format!(
            "could not write {}: it names a folder (it ends in {}) and there is no such folder; \
             give a file name, e.g. -o {}",
            path.display(),
            std::path::MAIN_SEPARATOR,
            path.join("self-evaluation.pdf").display()
        )));
    }
    if path.is_dir() {
        return Err(Error::Write(format!(
            "could not write {}: it is a folder; give a file name, e.g. -o {}",
            path.display(),
            path.join("self-evaluation.pdf").display()
        )));
    }
    // Only an ordinary file is replaced: writing through a link could
    // replace a file elsewhere, and a device or pipe is not a document.
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_file()
    {
        let what = if meta.file_type().is_symlink() {
            "it is a link, and selfeval replaces only ordinary files, so that a link cannot make it write somewhere else"
        } else {
            "it is not an ordinary file (a device, a pipe or a socket), and selfeval replaces only ordinary files"
        };
        return Err(Error::Write(format!(
            "could not write {}: {what}; give another path with -o",
            path.display()
        )));
    }
    let fail = |e: std::io::Error| Error::Write(format!("could not write {}: {}", path.display(), plain(&e)));
    // Named after the document, so that a part left behind says what it
    // was (".self-evaluation.pdf.x1Y2z3.part"), unless the name is so long
    // that the part's would pass the file system's limit.
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let prefix = if name.len() <= 200 {
        format!(".{name}.")
    } else {
        ".selfeval.".to_string()
    };
    stop_removes_parts();
    let mut file = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(fail)?;
    let _writing = Writing::started(file.path());
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

/// The part being written, which a stop (Ctrl-C, or a `kill`) removes:
/// the process then ends without running the temporary file's own clean-up.
static PART: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs, once, what a stop does: remove the part being written, and end
/// as a program stopped by SIGINT does (exit code 130).
fn stop_removes_parts() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Some(part) = PART.lock().unwrap_or_else(|e| e.into_inner()).take() {
                let _ = std::fs::remove_file(part);
            }
            std::process::exit(130);
        });
    });
}

/// Marks a part as being written for as long as it lives.
struct Writing;

impl Writing {
    fn started(part: &Path) -> Writing {
        *PART.lock().unwrap_or_else(|e| e.into_inner()) = Some(part.to_path_buf());
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        *PART.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
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
