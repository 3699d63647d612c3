//! `selfeval completions SHELL`: tab completion of the commands, options
//! and formats, generated from the same clap definitions as `--help`.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Error;
use crate::output;

pub fn run(shell: Shell) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "selfeval", &mut script);
    output::write(std::path::Path::new("-"), &script)
}
