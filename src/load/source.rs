//! Reading a file of the council's (or a framework or template file) into
//! memory, the one way every loader does it: with a size limit checked
//! before reading, a Windows byte-order mark dropped, and a file that is not
//! text explained.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, SourceFile};

/// The largest file selfeval reads: a whole year's evidence for a large
/// council is well under 1 MB.
pub const MAX_FILE_BYTES: u64 = 10 * 1_048_576;

pub fn read_text(path: &Path) -> std::io::Result<String> {
    // A file this large is not hand-written evidence: refuse it before
    // reading, rather than run out of memory on it.
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is too large: {:.1} MB, and selfeval reads files of up to {} MB (split it into smaller files, or remove what is not evidence)",
                size as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let bytes = std::fs::read(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not UTF-8 text (save it as UTF-8 in your editor)",
        )
    })
}

/// A file of the council's folder, counted as read; its absence or a read
/// failure is reported into `diags`. An optional file that is not there
/// gives `None` quietly: its caller says what its absence means.
pub fn read(path: &Path, diags: &mut Diagnostics, required: bool) -> Option<SourceFile> {
    match read_text(path) {
        Ok(text) => {
            diags.file_read();
            Some(SourceFile::new(path, text))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(
                Diagnostic::error(path, "this file is missing")
                    .hint("every evidence folder has a council.toml; `selfeval init DIR` writes a starter folder"),
            );
            None
        }
        Err(e) => {
            diags.push(Diagnostic::error(path, format!("cannot read this file: {e}")));
            None
        }
    }
}

/// Whether two paths name the same folder, however they are written.
pub fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
