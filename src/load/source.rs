//! Reading a file of the council's (or a framework or template file) into
//! memory, the one way every loader does it: ordinary files only, inside
//! the folder they must be in, with a size limit on what is read, a Windows
//! byte-order mark dropped, and a file that is not text explained.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, SourceFile};

/// The largest file selfeval reads: a whole year's evidence for a large
/// council is well under 1 MB.
pub const MAX_FILE_BYTES: u64 = 10 * 1_048_576;

/// Where a file must be for selfeval to read it.
#[derive(Debug, Clone, Copy)]
pub enum Within<'a> {
    /// A file named on the command line: whoever runs selfeval chose it.
    Anywhere,
    /// A file that evidence names, or found in a folder: it must resolve,
    /// links followed, inside this folder (given whole, links resolved), so
    /// that a folder from someone else cannot make selfeval read, and quote,
    /// a file of yours.
    Folder(&'a Path),
}

/// The council's tree: the folder that holds an evidence folder, where a
/// council keeps its years side by side and its own framework, links
/// resolved.
pub fn tree_of(folder: &Path) -> PathBuf {
    let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
    folder.parent().map_or_else(|| folder.clone(), Path::to_path_buf)
}

fn refused(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, why)
}

/// Where a path leads, links followed, against the folder it must be in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Inside,
    /// Outside the folder, given whole.
    Outside(PathBuf),
    /// Not there, or a link to nowhere.
    Missing,
    /// A link that leads back to itself.
    Loop,
    /// Cannot be followed for another reason (a folder on the way that may
    /// not be read): the reason, in words.
    Unreadable(String),
}

pub fn place(path: &Path, root: &Path) -> Place {
    let resolved = match path.canonicalize() {
        Ok(resolved) => resolved,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Place::Missing,
        // ELOOP: too many levels of links.
        Err(e) if e.raw_os_error() == Some(40) => return Place::Loop,
        Err(e) => return Place::Unreadable(crate::error::plain(&e)),
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if resolved.starts_with(&root) {
        Place::Inside
    } else {
        Place::Outside(root)
    }
}

/// Whether `path` resolves inside `root`, links followed: an error that
/// says why not, quoting nothing of what it leads to.
pub fn inside(path: &Path, root: &Path) -> std::io::Result<()> {
    match place(path, root) {
        Place::Inside => Ok(()),
        Place::Missing => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        Place::Loop => Err(refused(LOOP.to_string())),
        Place::Unreadable(why) => Err(refused(format!("it cannot be followed: {why}"))),
        Place::Outside(root) => Err(refused(format!(
            "it is outside `{}`, and selfeval reads only files inside it (links followed), so that a \
             folder from elsewhere cannot make it read other files (copy the file into that folder)",
            root.display()
        ))),
    }
}

/// Why a link that leads round in a circle is not read.
pub const LOOP: &str =
    "it is a link that leads round in a circle, to no file or folder (remove the link, or point it at one)";

/// The one way selfeval reads a file: only an ordinary file (no folder,
/// device or pipe, which could block or never end), inside where it must
/// be, checked against the size limit on what is actually read (a file
/// under /proc says it is empty), as UTF-8 with a byte-order mark dropped.
pub fn read_text(path: &Path, within: Within<'_>) -> std::io::Result<String> {
    use std::io::Read as _;
    if let Within::Folder(root) = within {
        inside(path, root)?;
    }
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(refused("it is a folder, not a file".to_string()));
    }
    if !meta.is_file() {
        return Err(refused(
            "it is not an ordinary file (a device, a pipe or a socket), and selfeval reads only files".to_string(),
        ));
    }
    let too_large = |size: u64| {
        refused(format!(
            "it is too large: {:.1} MB, and selfeval reads files of up to {} MB (split it into smaller files, or remove what is not evidence)",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ))
    };
    // A file this large is not hand-written evidence: refuse it before
    // reading, rather than run out of memory on it.
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(refused(
            "it is UTF-16 text, and selfeval reads UTF-8 (save it as UTF-8 in your editor)".to_string(),
        ));
    }
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
pub fn read(path: &Path, within: Within<'_>, diags: &mut Diagnostics, required: bool) -> Option<SourceFile> {
    match read_text(path, within) {
        Ok(text) => {
            diags.file_read();
            let file = SourceFile::new(path, text);
            // Text that reorders what follows it shows a reader something
            // other than what was written ("boog" for "good").
            if let Some((at, c)) = file.text.char_indices().find(|(_, c)| crate::text::is_bidi_control(*c)) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        format!(
                            "this file holds {}, hidden in an editor",
                            crate::text::invisible(c).unwrap_or("a bidirectional control")
                        ),
                    )
                    .at(&file, at..at + c.len_utf8())
                    .hint(
                        "delete it: the document would show the words around it in another order than you wrote them",
                    ),
                );
            }
            Some(file)
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
