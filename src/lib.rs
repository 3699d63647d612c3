//! selfeval: a council's children's services self-evaluation for Ofsted
//! (ILACS), from evidence kept in TOML files.
//!
//! Data flows one way, a stage per folder: `load` reads every file into the
//! plain types of `model`, `assess` works out where the evidence stands,
//! `report` words it, `render` lays it out, and `output` writes it. The
//! `pipeline` runs the stages for each command in `cmd`; docs/architecture.md
//! says who may do what.

pub mod assess;
pub mod cli;
mod cmd;
pub mod date;
pub mod diag;
pub mod error;
pub mod learn;
pub mod load;
pub mod model;
mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod text;

pub use error::Error;

use pipeline::{Pipeline, World};

/// Runs one command line: the arguments clap has read, the world's date.
pub fn run(cli: cli::Cli) -> Result<(), Error> {
    use cli::Command;
    let pipeline = Pipeline::new(World::from_env());
    let pipeline = &pipeline;
    match cli.command {
        Command::Frameworks { id } => cmd::frameworks::run(pipeline, id.as_deref()),
        Command::Init {
            dir,
            framework,
            council,
            la_code,
            year_ending,
        } => cmd::init::run(
            pipeline,
            &dir,
            &framework,
            (council.as_deref(), la_code.as_deref()),
            year_ending,
        ),
        Command::Check { dir, deny_warnings } => cmd::check::run(pipeline, &dir, deny_warnings),
        Command::Assess { dir, format } => cmd::assess::run(pipeline, &dir, format),
        Command::Patterns { id } => cmd::patterns::run(pipeline, id.as_deref()),
        Command::Completions { shell } => cmd::completions::run(shell),
        Command::Figures { council, year, format } => cmd::figures::run(pipeline, &council, year, format),
        Command::Published(cli::PublishedCommand::Build { data, output }) => {
            cmd::learn::published(pipeline, &data, &output)
        }
        Command::Learn { corpus, output } => cmd::learn::run(pipeline, &corpus, &output),
        Command::Evaluate { corpus, council_voice } => {
            cmd::learn::evaluate(pipeline, &corpus, council_voice.as_deref())
        }
        Command::Man { dir } => cmd::man::run(&dir),
        Command::Render { dir, format, document } => cmd::render::run(pipeline, &dir, format, &document),
        Command::Readiness { dir, format, document } => cmd::readiness::run(pipeline, &dir, format, &document),
        Command::Templates(cli::TemplatesCommand::Export { dir }) => cmd::templates::export(&dir),
        Command::Compare {
            old_dir,
            new_dir,
            format,
            full,
            document,
        } => cmd::compare::run(pipeline, &old_dir, &new_dir, format, full, &document),
    }
}
