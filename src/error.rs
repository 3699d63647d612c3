//! What stops a command, and the exit code each kind of stop gives: one
//! type for every command, so that the exit codes the README and `--help`
//! document are decided in one place (`Error::code`).

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Something in the council's files stops the command. The text is the
    /// whole report for the terminal, every problem with its place, already
    /// worded.
    Files(String),
    /// The same, where everything about it has been said already (`check`,
    /// or the folders a command read, in `Warned::said`).
    Told,
    /// What the command was asked cannot be done as asked: bad arguments, a
    /// folder or file that is not there, two folders that do not compare, a
    /// framework the assessment cannot read, a templates folder it cannot.
    Usage(String),
    /// A file or folder that cannot be written, or standard output closed.
    Write(String),
    /// selfeval's own built-in data is broken: a bug to report.
    Internal(String),
}

impl Error {
    /// The process's exit code, as documented in `cli::EXIT_CODES`.
    pub fn code(&self) -> u8 {
        match self {
            Error::Files(_) | Error::Told => 1,
            Error::Usage(_) | Error::Write(_) | Error::Internal(_) => 2,
        }
    }

    /// What to print to standard error: a report in the council's files as
    /// it stands, anything else as one `error:` line.
    pub fn report(&self) -> String {
        match self {
            Error::Files(report) => report.clone(),
            Error::Told => String::new(),
            other => format!("error: {other}\n"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Files(text) | Error::Usage(text) | Error::Write(text) | Error::Internal(text) => f.write_str(text),
            Error::Told => f.write_str("the council's files have errors"),
        }
    }
}

impl std::error::Error for Error {}

/// An I/O error without the operating system's code or a temporary file's
/// name, which mean nothing to the reader.
pub fn plain(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        return "it is not there".to_string();
    }
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text);
    text.split(" at path ").next().unwrap_or(text).to_string()
}
