//! `selfeval completions SHELL`: tab completion of the commands, options
//! and formats, generated from the same clap definitions as `--help`.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::{Error, Status};

pub fn run(shell: Shell) -> Result<Status, Error> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "selfeval", &mut script);
    std::io::Write::write_all(&mut std::io::stdout(), &script)
        .map_err(|e| Error(format!("could not write the completion script: {e}")))?;
    Ok(Status::Success)
}
