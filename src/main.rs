use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = selfeval::cli::Cli::parse();
    match selfeval::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(selfeval::Status::UsageOrSystemError as u8)
        }
    }
}
