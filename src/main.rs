use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = selfeval::cli::Cli::parse();
    match selfeval::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprint!("{}", selfeval::text::shown(&error.report()));
            ExitCode::from(error.code())
        }
    }
}
