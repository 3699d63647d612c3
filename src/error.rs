//! What stops a command, and the exit code each kind of stop gives: one
//! type for every command, so that the exit codes the README and `--help`
//! document are decided in one place (`Error::code`).

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Something in the council's files stops the command. The text is the
    /// whole report for the terminal, every problem with its place, already
    /// worded (empty when it has been printed already, as `check` does).
    Files(String),
    /// Bad arguments, or a folder or file that is not there.
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
            Error::Files(_) => 1,
            Error::Usage(_) | Error::Write(_) | Error::Internal(_) => 2,
        }
    }

    /// What to print to standard error: a report in the council's files as
    /// it stands, anything else as one `error:` line.
    pub fn report(&self) -> String {
        match self {
            Error::Files(report) => report.clone(),
            other => format!("error: {other}\n"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Files(text) | Error::Usage(text) | Error::Write(text) | Error::Internal(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for Error {}
