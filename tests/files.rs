//! What selfeval promises about files (docs/limits.md): a document is
//! written whole or not at all, the evidence is never changed, and the same
//! evidence gives the same bytes whatever the clock and the folder it is run
//! from.

use std::path::{Path, PathBuf};

use crate::test::{Test, copy_dir, root, temp_dir};

#[test]
fn the_same_evidence_gives_the_same_bytes_whatever_the_clock_and_folder() {
    // The second run has another clock and starts elsewhere, naming the
    // folder by its full path: neither may reach the document.
    let absolute = root().join("examples/northbrook/2026");
    let elsewhere = std::env::temp_dir();
    for format in ["md", "html", "pdf"] {
        let first = temp_dir(&format!("same-1-{format}"));
        let second = temp_dir(&format!("same-2-{format}"));
        Test::new()
            .args(["render", "examples/northbrook/2026", "--format", format, "-o"])
            .arg(&first)
            .run()
            .code(0);
        Test::new()
            .arg("render")
            .arg(&absolute)
            .args(["--format", format, "-o"])
            .arg(&second)
            .env("SOURCE_DATE_EPOCH", "1900000000")
            .current_dir(&elsewhere)
            .run()
            .code(0);
        let (a, b) = (std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
        assert!(a == b, "two {format} renders differ");
        std::fs::remove_file(first).unwrap();
        std::fs::remove_file(second).unwrap();
    }
}

#[test]
fn a_render_killed_midway_leaves_the_old_file_or_the_whole_new_one() {
    let dir = temp_dir("killed");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("self-evaluation.pdf");
    let complete = dir.join("complete.pdf");
    let args = |out: &Path| -> Vec<String> {
        [
            "render",
            "examples/northbrook/2026",
            "--format",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec()
    };
    Test::new().args(args(&complete)).run().code(0);
    let new = std::fs::read(&complete).unwrap();
    let old = b"%PDF-1.7 last year's document, which must survive".to_vec();
    for delay_ms in (0..120).step_by(8) {
        std::fs::write(&target, &old).unwrap();
        let mut command = Test::new().args(args(&target)).command();
        command.stderr(std::process::Stdio::null());
        let mut child = command.spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == old || now == new,
            "killed after {delay_ms} ms, the file is neither old nor new"
        );
    }
    // What a killed run can leave behind says what it was.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["self-evaluation.pdf", "complete.pdf"].contains(&name.as_str())
                || (name.starts_with(".self-evaluation.pdf.") && name.ends_with(".part")),
            "a leftover that does not say what it is: {name}"
        );
    }
    // A write that cannot start (the folder is not there): tests/limits.rs.
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn no_command_changes_the_councils_evidence_files() {
    // Copies, so that a failure could not damage the repository's example.
    let dir = temp_dir("untouched");
    copy_dir(&root().join("examples/northbrook"), &dir);
    let snapshot = |d: &Path| -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        let mut files = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                    files.push((path.clone(), std::fs::read(&path).unwrap(), modified));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(&dir);
    let (old, new) = (dir.join("2025"), dir.join("2026"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let out = temp_dir("untouched-out");
    std::fs::create_dir_all(&out).unwrap();
    let o = |name: &str| out.join(name).to_str().unwrap().to_string();
    for args in [
        vec!["check", new],
        vec!["assess", new, "--format", "json"],
        vec!["render", new, "-o", &o("doc.md")],
        vec!["render", new, "--format", "html", "-o", &o("doc.html")],
        vec!["render", new, "--format", "pdf", "-o", &o("doc.pdf")],
        vec!["compare", old, new, "--format", "json", "-o", &o("compare.json")],
        vec!["init", new, "--council", "Northbrook"],
    ] {
        Test::new().args(&args).run();
    }
    assert!(
        before == snapshot(&dir),
        "a command changed a file in the evidence folders"
    );
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(out).unwrap();
}
