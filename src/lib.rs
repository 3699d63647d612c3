//! selfeval: a council's children's services self-evaluation for Ofsted
//! (ILACS), from evidence kept in TOML files.
//!
//! Data flows one way: framework and evidence files are loaded and validated
//! (`framework`, `evidence`), then assessed (`assess`); each command works on
//! the validated model.
//! Nothing downstream reads files.

pub mod assess;
pub mod cli;
mod cmd;
pub mod compare;
pub mod date;
pub mod diagnostics;
pub mod evidence;
pub mod framework;
mod output;
pub mod render;
pub mod report;
mod tomlfile;

/// What the process exits with; documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success = 0,
    FilesHaveErrors = 1,
    UsageOrSystemError = 2,
}

/// A problem that is not in the council's files: a missing folder, a file
/// that cannot be written. Reported as one line; exit code 2.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub fn run(cli: cli::Cli) -> Result<Status, Error> {
    use cli::Command;
    match cli.command {
        Command::Frameworks { id } => cmd::frameworks::run(id.as_deref()),
        Command::Init {
            dir,
            framework,
            council,
            year_ending,
        } => cmd::init::run(&dir, &framework, council.as_deref(), year_ending),
        Command::Check { dir, deny_warnings } => cmd::check::run(&dir, deny_warnings),
        Command::Assess { dir, format } => cmd::assess::run(&dir, format),
        Command::Patterns { id } => cmd::patterns::run(id.as_deref()),
        Command::Completions { shell } => cmd::completions::run(shell),
        Command::Man { dir } => cmd::man::run(&dir),
        Command::Render { dir, format, document } => cmd::render::run(&dir, format, &document),
        Command::Templates(cli::TemplatesCommand::Export { dir }) => cmd::templates::export(&dir),
        Command::Compare {
            old_dir,
            new_dir,
            format,
            document,
        } => cmd::compare::run(&old_dir, &new_dir, format, &document),
    }
}
