//! Inputs made at run time, never committed: files and counts beyond what
//! selfeval reads (docs/limits.md), and folders that are not there. The
//! generated folders say what they must give in the format of the fixtures'
//! `expected` files (tests/fixtures.rs).

use std::os::unix::fs::FileTypeExt as _;
use std::path::{Path, PathBuf};

use crate::fixtures::expect;
use crate::test::{Test, copy_dir, fixture, root, temp_dir};

/// A copy of a valid folder, to spoil; removed on drop.
struct Generated {
    dir: PathBuf,
}

impl Generated {
    fn new(name: &str) -> Generated {
        let dir = temp_dir(name);
        copy_dir(Path::new(&fixture("valid/minimal-2018")), &dir);
        Generated { dir }
    }

    fn write(&self, file: &str, contents: impl AsRef<[u8]>) {
        std::fs::write(self.dir.join(file), contents).unwrap();
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap()
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn a_50_mb_findings_file_is_not_read() {
    // Far beyond a hand-written file.
    let big = Generated::new("50-mb-findings-file");
    let line = format!("# {}\n", "padding ".repeat(12));
    let mut text = String::with_capacity(50 * 1024 * 1024 + line.len());
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    big.write("findings/help-protection.toml", text);
    expect(
        &big.dir,
        "
$ selfeval check {dir}
exit 1
error: findings/help-protection.toml cannot read this file: it is too large: 50.0 MB, and selfeval reads files of up to 10 MB
says: (split it into smaller files, or remove what is not evidence)

$ selfeval render {dir} --format pdf -o {out}
exit 1
error: findings/help-protection.toml cannot read this file: it is too large
says: 1 error,
",
    );
}

#[test]
fn a_binary_findings_file_is_not_read() {
    // Random-looking bytes that are not UTF-8, as if a spreadsheet or a
    // picture had been saved under the findings file's name.
    let binary = Generated::new("binary-findings-file");
    let mut state: u32 = 0x2545_f491;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err(), "the binary input is not UTF-8");
    binary.write("findings/help-protection.toml", bytes);
    expect(
        &binary.dir,
        "
$ selfeval check {dir}
exit 1
error: findings/help-protection.toml cannot read this file: it is not UTF-8 text (save it as UTF-8 in your editor)
",
    );
}

#[test]
fn a_finding_may_cite_up_to_500_sources() {
    let sources = Generated::new("too-many-sources");
    let mut text = sources.read("findings/children-in-care.toml");
    for i in 0..500 {
        text.push_str(&format!(
            "\n[[finding.source]]\nkind = \"case-audit\"\ntitle = \"Audit {i}\"\ndate = 2019-01-15\nshowed = \"Fine.\"\n"
        ));
    }
    sources.write("findings/children-in-care.toml", text);
    expect(
        &sources.dir,
        "
$ selfeval check {dir}
exit 1
error: findings/children-in-care.toml:2:1 the finding for `cl.pathway-plans` cites 501 sources; selfeval reads up to 500
    = hint: cite the sources that show what you know; the rest belong in your own records
",
    );
}

#[test]
fn an_improvement_plan_may_hold_up_to_2000_actions() {
    let actions = Generated::new("too-many-actions");
    let text: String = (0..2001)
        .map(|i| {
            format!(
                "[[action]]\nid = \"A-{i}\"\ndescriptors = [\"cl.pathway-plans\"]\naction = \"Do it.\"\nowner = \"Head of Service\"\ndue = 2019-09-30\nstatus = \"in-progress\"\n\n"
            )
        })
        .collect();
    actions.write("actions.toml", text);
    expect(
        &actions.dir,
        "
$ selfeval check {dir}
exit 1
error: actions.toml actions.toml has 2001 actions; selfeval reads up to 2000
    = hint: keep the improvement plan to the actions you will report on
",
    );
}

#[test]
fn compare_refuses_the_same_folder_given_twice() {
    // However it is spelt: the same path, with `/.`, with a trailing slash.
    let valid = fixture("valid/minimal-2018");
    let warnings = |dir: &str| format!("{dir}: 44 warnings (see `selfeval check {dir}`)\n");
    Test::new().args(["compare", &valid, &valid]).run().code(2).stdout("").stderr(&format!(
        "{}{}error: cannot compare: both folders are {valid}: give last year's folder first and this year's second\n",
        warnings(&valid),
        warnings(&valid)
    ));

    let again = format!("{valid}/.");
    let out = temp_dir("same-folder-twice").with_extension("html");
    Test::new()
        .args(["compare", &valid, &again, "--format", "html", "-o"])
        .arg(&out)
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "{}{}error: cannot compare: both folders are {again}: give last year's folder first and this year's second\n",
            warnings(&valid),
            warnings(&again)
        ));
    assert!(!out.exists(), "nothing is written");

    // The example, with a trailing slash: the message names the folder as given.
    Test::new()
        .args(["compare", "examples/northbrook/2026", "examples/northbrook/2026/"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: cannot compare: both folders are examples/northbrook/2026/: \
             give last year's folder first and this year's second\n",
        );
}

#[test]
fn a_folder_that_is_not_there_is_a_usage_error() {
    let made = root().join("no");
    assert!(!made.exists());
    Test::new()
        .args(["check", "no/such/folder"])
        .run()
        .code(2)
        .stdout("")
        .stderr("error: there is no folder `no/such/folder` (start one with `selfeval init no/such/folder`)\n");
    assert!(!made.exists(), "check makes no folder");
}

#[test]
fn a_document_is_not_written_into_a_folder_that_is_not_there() {
    // The write fails, leaves nothing behind and says why, whatever the format.
    let missing = temp_dir("output-folder-missing");
    let valid = fixture("valid/minimal-2018");
    let md = missing.join("self-evaluation.md");
    Test::new()
        .args(["render", &valid, "-o"])
        .arg(&md)
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "{valid}: 44 warnings (see `selfeval check {valid}`)\n\
             error: could not write {}: the folder {} does not exist (create it first, or give another path with -o)\n",
            md.display(),
            missing.display()
        ));
    let pdf = missing.join("no/such/folder/self-evaluation.pdf");
    Test::new()
        .args(["render", "examples/northbrook/2026", "--format", "pdf", "-o"])
        .arg(&pdf)
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "error: could not write {}: the folder {}/no/such/folder does not exist \
             (create it first, or give another path with -o)\n",
            pdf.display(),
            missing.display()
        ));
    assert!(!missing.exists(), "nothing is left behind");
}

/// A findings file that is a named pipe: opening it would wait for a
/// writer for ever. It is refused before it is opened (a pipe cannot be
/// committed, so it is made here).
#[test]
fn a_findings_file_that_is_a_pipe_is_refused_without_waiting() {
    let piped = Generated::new("findings-pipe");
    let path = std::ffi::CString::new(piped.dir.join("findings/leaders.toml").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path and touches nothing else.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0, "a pipe is made");
    expect(
        &piped.dir,
        "
$ selfeval check {dir}
exit 1
error: findings/leaders.toml cannot read this file: it is not an ordinary file (a device, a pipe or a socket)

$ selfeval render {dir} -o {out}
exit 1
error: findings/leaders.toml cannot read this file: it is not an ordinary file
",
    );
}

/// `-o` onto a link: refused, the link and the file it points to left as
/// they were, so that a link cannot make selfeval replace a file elsewhere.
#[test]
fn a_document_is_not_written_through_a_link() {
    let dir = temp_dir("output-link");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("someone-elses.txt");
    std::fs::write(&target, "not yours\n").unwrap();
    let link = dir.join("self-evaluation.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    Test::new()
        .args(["render", &fixture("valid/minimal-2018"), "-o"])
        .arg(&link)
        .run()
        .code(2)
        .stderr_has(&format!(
            "error: could not write {}: it is a link, and selfeval replaces only ordinary files",
            link.display()
        ));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "not yours\n");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A file name of 250 characters is legal on the file systems councils
/// use; the part written beside it must not push past their limit of 255.
#[test]
fn a_document_with_a_long_legal_name_is_written() {
    let dir = temp_dir("output-long-name");
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("{}.md", "n".repeat(247));
    assert_eq!(name.len(), 250);
    let out = dir.join(&name);
    Test::new()
        .args(["render", &fixture("valid/minimal-2018"), "-o"])
        .arg(&out)
        .run()
        .code(0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("Fixture Borough"));
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "only the document, no part left beside it");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A million empty inline tables on one line: counted before any is read,
/// one error rather than a million messages each quoting the line (which
/// ran out of memory at 22 GB), and the line quoted cut to a readable width.
#[test]
fn a_million_entries_on_one_line_are_refused_in_one_message() {
    let bomb = Generated::new("million-inline-tables");
    bomb.write(
        "findings/leaders.toml",
        format!("finding = [{}]\n", vec!["{}"; 1_000_000].join(",")),
    );
    let out = Test::new().args(["check"]).arg(&bomb.dir).run();
    out.code(1)
        .stderr_has("error: `finding` holds 1000000 entries; selfeval reads up to 10000 in one list");
    let stderr = &out.stderr;
    assert!(
        stderr.lines().all(|l| l.chars().count() < 200),
        "no line is printed whole"
    );
    assert!(stderr.len() < 20_000, "{} bytes of messages", stderr.len());
}

/// 5,000 findings, each with an unknown descriptor: the file's first 50
/// errors and first 50 warnings are shown (warnings never crowd out the
/// errors), the rest counted, and the summary counts them all.
#[test]
fn a_file_of_thousands_of_problems_shows_its_first_fifty_and_counts_the_rest() {
    let many = Generated::new("thousands-of-problems");
    let text: String = (0..5_000)
        .map(|i| format!("[[finding]]\ndescriptor = \"x{i}\"\n"))
        .collect();
    many.write("findings/leaders.toml", text);
    let out = Test::new().args(["check"]).arg(&many.dir).run();
    out.code(1).stderr_has(
        "findings/leaders.toml: 9910 more problems not shown (4950 errors, 4960 warnings): fix those above and run the command again",
    );
    let stderr = &out.stderr;
    assert_eq!(
        stderr.matches("\nerror: ").count() + usize::from(stderr.starts_with("error: ")),
        50
    );
    assert!(stderr.contains(": 5000 errors, "), "the summary counts them all");
}

/// `-o reports/` for a folder that is not there: said in the council's
/// terms, not "Not a directory", and nothing written.
#[test]
fn an_output_path_naming_a_missing_folder_says_so() {
    let dir = temp_dir("output-trailing-slash");
    let out = format!("{}/", dir.display());
    Test::new()
        .args(["render", &fixture("valid/minimal-2018"), "-o", &out])
        .run()
        .code(2)
        .stderr_has(&format!(
            "error: could not write {out}: it names a folder (it ends in /) and there is no such folder"
        ))
        .stderr_lacks("Not a directory");
    assert!(!dir.exists());
}

/// The same bomb in every list a council writes: actions, indicators and a
/// finding's sources, each refused in one message before any entry is read.
#[test]
fn a_million_actions_indicators_or_sources_on_one_line_are_refused_in_one_message() {
    let items = vec!["{}"; 1_000_000].join(",");
    for (file, text, key) in [
        ("actions.toml", format!("action = [{items}]\n"), "action"),
        ("indicators.toml", format!("indicator = [{items}]\n"), "indicator"),
        (
            "findings/children-in-care.toml",
            format!("[[finding]]\ndescriptor = \"cl.pathway-plans\"\nsource = [{items}]\n"),
            "source",
        ),
    ] {
        let bomb = Generated::new(&format!("million-{key}"));
        bomb.write(file, &text);
        let out = Test::new().args(["check"]).arg(&bomb.dir).run();
        out.code(1).stderr_has(&format!(
            "error: `{key}` holds 1000000 entries; selfeval reads up to 10000 in one list"
        ));
        assert!(
            out.stderr.len() < 20_000,
            "{file}: {} bytes of messages",
            out.stderr.len()
        );
    }
}

/// 100,000 `[[finding]]` tables (11,973 errors over 194 s before): one error.
#[test]
fn a_hundred_thousand_finding_tables_are_refused_in_one_message() {
    let many = Generated::new("hundred-thousand-findings");
    let text: String = (0..100_000)
        .map(|i| format!("[[finding]]\ndescriptor = \"x{i}\"\n"))
        .collect();
    many.write("findings/leaders.toml", text);
    let out = Test::new().args(["check"]).arg(&many.dir).run();
    out.code(1)
        .stderr_has("error: `finding` holds 100000 entries; selfeval reads up to 10000 in one list");
    assert_eq!(
        out.stderr.matches("\nerror: ").count() + usize::from(out.stderr.starts_with("error: ")),
        1
    );
}

/// `-o /dev/null` (or any device): not an ordinary file, so not replaced,
/// even by a user who could replace it.
#[test]
fn a_document_is_not_written_over_a_device() {
    Test::new()
        .args(["render", &fixture("valid/minimal-2018"), "-o", "/dev/null"])
        .run()
        .code(2)
        .stderr_has("error: could not write /dev/null: it is not an ordinary file (a device, a pipe or a socket)");
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

/// Ctrl-C or `kill` during a write removes the unfinished part, and the
/// run ends as a stopped program does (exit code 130). The write takes
/// milliseconds, so the test stops the run exactly there: it traces the
/// binary (as strace does) to the `fsync` that ends writing the part, sends
/// SIGTERM while it waits, and lets it go.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn a_stop_during_a_write_removes_the_unfinished_part() {
    use std::os::unix::process::CommandExt as _;
    let dir = temp_dir("stopped-write");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("self-evaluation.md");
    std::fs::write(&out, "last week's document\n").unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"));
    command
        .args(["render", &fixture("valid/minimal-2018"), "-o"])
        .arg(&out)
        .current_dir(root())
        .stderr(std::process::Stdio::null());
    // SAFETY: between fork and exec the child only asks to be traced.
    unsafe {
        command.pre_exec(|| match libc::ptrace(libc::PTRACE_TRACEME, 0, 0, 0) {
            -1 => Err(std::io::Error::last_os_error()),
            _ => Ok(()),
        });
    }
    // Reaped by the tracer's own waitpid below, as a traced child must be.
    #[expect(clippy::zombie_processes, reason = "waited for with waitpid, which ptrace needs")]
    let child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let parts = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".part"))
            .count()
    };
    // SAFETY: ptrace and waitpid on the child this test started and traces.
    unsafe {
        libc::waitpid(pid, &mut status, 0); // stopped at its exec
        loop {
            assert_eq!(
                libc::ptrace(libc::PTRACE_SYSCALL, pid, 0, 0),
                0,
                "the run can be traced"
            );
            libc::waitpid(pid, &mut status, 0);
            assert!(libc::WIFSTOPPED(status), "the run ended before it wrote the part");
            let mut regs: libc::user_regs_struct = std::mem::zeroed();
            libc::ptrace(libc::PTRACE_GETREGS, pid, 0, &mut regs as *mut _);
            if regs.orig_rax == libc::SYS_fsync as u64 {
                break;
            }
        }
        assert_eq!(parts(), 1, "the part is being written");
        // The stopped thread cannot take the signal: another thread of the
        // run does, removes the part and ends the run while this one waits.
        // A run that left the signal to its writing thread is let go after
        // a while, and ends as the signal ends it.
        libc::kill(pid, libc::SIGTERM);
        let mut waited = 0;
        while libc::waitpid(pid, &mut status, libc::WNOHANG) == 0 {
            if waited == 500 {
                libc::ptrace(libc::PTRACE_DETACH, pid, 0, 0);
                libc::waitpid(pid, &mut status, 0);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            waited += 1;
        }
    }
    assert!(libc::WIFEXITED(status), "status {status:#x}");
    assert_eq!(libc::WEXITSTATUS(status), 130);
    assert_eq!(parts(), 0, "no part is left behind");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "last week's document\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A findings folder the user may not read (mode 000) is an error that
/// says so, not "there is no findings folder" and a document without
/// findings. Run as another user where the tests run as root, for whom
/// permissions do not apply.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_findings_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::os::unix::process::CommandExt as _;
    let locked = Generated::new("unreadable-findings");
    std::fs::set_permissions(&locked.dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(locked.dir.join("findings"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"));
    command
        .arg("check")
        .arg(&locked.dir)
        .env("SOURCE_DATE_EPOCH", "1795478400");
    // SAFETY: getuid reads this process's own user id.
    if unsafe { libc::getuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    std::fs::set_permissions(locked.dir.join("findings"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot read the findings folder: Permission denied"),
        "{stderr}"
    );
    assert!(!stderr.contains("there is no findings folder"), "{stderr}");
}

/// Last year's folder, which `previous` names, is read too: a document may
/// not be written into it either, and nothing is left there.
#[test]
fn a_document_is_not_written_into_last_year_s_folder() {
    let out = root().join("tests/fixtures/compare/2025/self-evaluation.md");
    Test::new()
        .args(["render", "tests/fixtures/compare/2026", "-o"])
        .arg(&out)
        .run()
        .code(2)
        .stderr_has("error: will not write")
        .stderr_has("tests/fixtures/compare/2025, a folder this command reads");
    assert!(!out.exists());
}
