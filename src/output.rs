//! Writing a result: whole or not at all. The file is written beside its
//! destination and renamed into place, so a run that fails or is stopped
//! leaves any earlier file as it was.

use std::io::Write as _;
use std::path::Path;

use crate::Error;

/// Writes `bytes` to `path`, or to standard output when `path` is "-".
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if path.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| Error(format!("could not write to standard output: {e}")));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Error(format!("could not write {}: {e}", path.display()));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
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
