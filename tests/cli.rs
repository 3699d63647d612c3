//! The command line itself: help and exit codes, shell completions and
//! manual pages.

use crate::test::{Test, command_names, temp_dir};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (warnings may have been printed)
  1  the council's files have errors (or warnings, with --deny-warnings)
  2  usage or system error: bad arguments, a missing folder, a file that cannot be written
";

#[test]
fn exit_codes_are_documented_in_help() {
    Test::new().args(["--help"]).run().code(0).stdout_has(EXIT_CODES);
    Test::new()
        .args(["check", "--help"])
        .run()
        .code(0)
        .stdout_has(EXIT_CODES);
    Test::new().args(["check"]).run().code(2).stdout("").stderr(
        "\
error: the following required arguments were not provided:
  <DIR>

Usage: selfeval check <DIR>

For more information, try '--help'.
",
    );
}

#[test]
fn completions_and_man_pages_cover_every_command() {
    let commands = command_names();
    let script = Test::new().args(["completions", "bash"]).run();
    script.code(0);
    for name in &commands {
        assert!(script.stdout.contains(name.as_str()), "completion lacks {name}");
    }
    assert!(script.stdout.contains("--allow-personal-data"));

    let dir = temp_dir("man").join("man1");
    let pages: Vec<String> = std::iter::once("selfeval.1".to_string())
        .chain(
            commands
                .iter()
                .filter(|n| *n != "help")
                .map(|n| format!("selfeval-{n}.1")),
        )
        .collect();
    Test::new()
        .arg("man")
        .arg(&dir)
        .run()
        .code(0)
        .stdout_has(&format!("wrote {} manual pages", commands.len() + 1))
        .stdout(&format!(
            "wrote {} manual pages to {}: {}\n",
            pages.len(),
            dir.display(),
            pages.join(", ")
        ));
    for name in commands.iter().filter(|n| *n != "help") {
        let page = std::fs::read_to_string(dir.join(format!("selfeval-{name}.1")))
            .unwrap_or_else(|_| panic!("no manual page for {name}"));
        assert!(page.contains(".SH \"EXIT STATUS\""), "{name}: no exit status");
        assert!(page.contains("usage or system error"), "{name}: exit codes missing");
    }
    let render = std::fs::read_to_string(dir.join("selfeval-render.1")).unwrap();
    assert!(render.contains("allow\\-personal\\-data"), "{render}");
    // Written again, the same bytes: the pages carry no date.
    let before = std::fs::read(dir.join("selfeval.1")).unwrap();
    Test::new().arg("man").arg(&dir).run().code(0);
    assert_eq!(before, std::fs::read(dir.join("selfeval.1")).unwrap());
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}
