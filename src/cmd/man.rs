//! `selfeval man DIR`: the manual pages, generated from the same clap
//! definitions as `--help`, so they cannot fall out of step with it.

use std::path::Path;

use clap::CommandFactory;

use crate::cli::{Cli, EXIT_CODES};
use crate::error::Error;
use crate::output;

/// The exit codes listed after `--help`, as a man page section.
fn exit_status() -> String {
    let mut roff = String::from(".SH \"EXIT STATUS\"\n");
    for line in EXIT_CODES.lines().skip(1) {
        if let Some((code, meaning)) = line.trim().split_once(char::is_whitespace) {
            let meaning = meaning.trim().replace('\\', "\\e").replace('-', "\\-");
            roff.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
        }
    }
    roff
}

pub fn run(dir: &Path) -> Result<(), Error> {
    output::create_dir(dir).map_err(|e| Error::Write(format!("could not create {}: {e}", dir.display())))?;
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = vec![command.clone()];
    pages.extend(command.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    let mut names = Vec::new();
    for page in pages {
        let has_options = page.get_arguments().any(|a| !a.is_hide_set());
        let has_commands = page.has_subcommands();
        let has_version = page.get_version().is_some();
        let man = clap_mangen::Man::new(page);
        let name = man.get_filename();
        let mut roff = Vec::new();
        // The sections clap_mangen writes, with the exit codes as a list of
        // their own rather than the help's indented text run together.
        let written = (|| {
            man.render_title(&mut roff)?;
            man.render_name_section(&mut roff)?;
            man.render_synopsis_section(&mut roff)?;
            man.render_description_section(&mut roff)?;
            if has_options {
                man.render_options_section(&mut roff)?;
            }
            if has_commands {
                man.render_subcommands_section(&mut roff)?;
            }
            roff.extend_from_slice(exit_status().as_bytes());
            if has_version {
                man.render_version_section(&mut roff)?;
            }
            Ok::<(), std::io::Error>(())
        })();
        written.map_err(|e| Error::Internal(format!("could not make the manual page {name}: {e}")))?;
        output::write(&dir.join(&name), &roff)?;
        names.push(name);
    }
    println!(
        "wrote {} manual pages to {}: {}",
        names.len(),
        dir.display(),
        names.join(", ")
    );
    Ok(())
}
