//! `selfeval init`: a new evidence folder, every descriptor listed.

use crate::test::{Test, temp_dir};

#[test]
fn init_writes_a_folder_that_checks_with_warnings_only() {
    let dir = temp_dir("init");
    Test::new()
        .arg("init")
        .arg(&dir)
        .args(["--council", "Anytown"])
        .run()
        .code(0)
        .stdout_has("findings/care-leavers.toml");
    let council = std::fs::read_to_string(dir.join("council.toml")).unwrap();
    assert!(council.contains("council = \"Anytown\""), "{council}");
    assert!(
        council.contains("start = 2025-04-01\nend = 2026-03-31"),
        "the last complete year before 24 November 2026:\n{council}"
    );
    let findings = std::fs::read_to_string(dir.join("findings/help-protection.toml")).unwrap();
    assert!(findings.contains("descriptor = \"hp.front-door\""));
    assert!(
        findings.contains("# What good looks like:"),
        "descriptor text is given as comments"
    );
    Test::new()
        .arg("check")
        .arg(&dir)
        .run()
        .code(0)
        .errors(0)
        .stderr_has("warning: the finding for `hp.front-door` is not written yet");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn init_never_overwrites() {
    let dir = temp_dir("no-overwrite");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("council.toml"), "council = \"Mine\"\n").unwrap();
    let d = dir.display();
    Test::new()
        .arg("init")
        .arg(&dir)
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "error: not starting a folder in `{d}`: {d}/council.toml already exists and init never overwrites\n  \
         hint: choose a new folder, or check the existing one with `selfeval check {d}`\n"
        ));
    assert_eq!(
        std::fs::read_to_string(dir.join("council.toml")).unwrap(),
        "council = \"Mine\"\n"
    );
    assert!(!dir.join("findings").exists(), "nothing else was written");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn init_follows_the_framework_chosen() {
    let dir = temp_dir("init-2018");
    Test::new()
        .arg("init")
        .arg(&dir)
        .args(["--framework", "ilacs-2018", "--year-ending", "2019"])
        .run()
        .code(0);
    assert!(
        !dir.join("findings/care-leavers.toml").exists(),
        "care leavers sit in children in care under ilacs-2018"
    );
    let cic = std::fs::read_to_string(dir.join("findings/children-in-care.toml")).unwrap();
    assert!(cic.contains("descriptor = \"cl.pathway-plans\""));
    assert!(
        std::fs::read_to_string(dir.join("council.toml"))
            .unwrap()
            .contains("end = 2019-03-31")
    );
    Test::new().arg("check").arg(&dir).run().code(0).errors(0);
    std::fs::remove_dir_all(dir).unwrap();
}
