//! `cargo bench`: how long a council waits for its PDF and for its
//! assessment, and how much memory they take, measured on whole runs of the
//! release binary:
//! - the bundled example council;
//! - a large generated council: every descriptor, 2,000 sources, 200
//!   actions, about 150 pages.
//!
//! Targets on a 2-core machine: the example's PDF in under 100 ms and its
//! assessment (every sentence read through the language model) in under
//! 50 ms; the large council's PDF in under 1.5 s and 200 MB. The figures
//! are printed, not asserted: a benchmark reports, CI does not time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "selfeval"])
        .current_dir(&root)
        .status()
        .expect("cargo builds the release binary");
    assert!(status.success());
    let binary = root.join("target/release/selfeval");
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).unwrap();
    let large = out.join("large-council");
    generate(&large);

    println!("selfeval assess, release build, {RUNS} runs (median, fastest; peak memory of one run)");
    let example = root.join("examples/northbrook/2026");
    let timed = runs(&binary, &["assess", example.to_str().unwrap()]);
    println!("  example council (Northbrook 2026): {timed}");

    println!("selfeval render --format pdf, release build, {RUNS} runs each (median, fastest; peak memory of one run)");
    for (name, dir) in [
        (
            "example council (Northbrook 2026)",
            root.join("examples/northbrook/2026"),
        ),
        ("large council", large),
    ] {
        let pdf = out.join(format!("{}.pdf", dir.file_name().unwrap().to_string_lossy()));
        let timed = runs(
            &binary,
            &[
                "render",
                dir.to_str().unwrap(),
                "--format",
                "pdf",
                "-o",
                pdf.to_str().unwrap(),
            ],
        );
        println!(
            "  {name}: {timed}, {} pages, {} KB",
            page_count(&pdf),
            std::fs::metadata(&pdf).unwrap().len() / 1024
        );
    }

    println!("selfeval render --format docx, release build, {RUNS} runs (median, fastest; peak memory of one run)");
    let docx = out.join("northbrook.docx");
    let timed = runs(
        &binary,
        &["render", example.to_str().unwrap(), "-o", docx.to_str().unwrap()],
    );
    println!(
        "  example council (Northbrook 2026): {timed}, {} KB",
        std::fs::metadata(&docx).unwrap().len() / 1024
    );
}

/// RUNS whole runs of the binary, in words: "59 ms median, 54 ms fastest,
/// 19.9 MB peak".
fn runs(binary: &Path, args: &[&str]) -> String {
    let mut times = Vec::new();
    let mut peak_kb = 0;
    for _ in 0..RUNS {
        let (time, kb) = run(binary, args);
        times.push(time);
        peak_kb = peak_kb.max(kb);
    }
    times.sort();
    format!(
        "{:.0} ms median, {:.0} ms fastest, {:.1} MB peak",
        times[RUNS / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        peak_kb as f64 / 1024.0
    )
}

/// One whole run of the binary: its wall time and its own peak resident
/// memory (from wait4, so earlier children such as cargo do not count).
// The child is reaped by wait4, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(binary: &Path, args: &[&str]) -> (Duration, i64) {
    let start = Instant::now();
    let child = Command::new(binary)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1795478400")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "selfeval {} failed",
        args.join(" ")
    );
    (time, usage.ru_maxrss)
}

fn page_count(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).map_or(0, |d| d.get_pages().len())
}

/// A council with a finding for every descriptor of ilacs-2026, 2,000
/// sources between them, 200 actions and every indicator.
fn generate(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("findings")).unwrap();
    std::fs::write(
        dir.join("council.toml"),
        "council = \"Largeshire\"\nframework = \"ilacs-2026\"\nprepared_by = \"Quality Assurance\"\n\
         prepared_on = 2026-05-20\nmarking = \"OFFICIAL-SENSITIVE\"\n\n[period]\nstart = 2025-04-01\nend = 2026-03-31\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["run", "--release", "--quiet", "--", "frameworks", "ilacs-2026"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let listing = String::from_utf8(output.stdout).unwrap();
    // "  hp.front-door   Front door: ..." lines, under "[judgement]" headings.
    let mut judgement = String::new();
    let mut descriptors: Vec<(String, String)> = Vec::new();
    let mut indicators: Vec<String> = Vec::new();
    let mut in_indicators = false;
    for line in listing.lines() {
        if line.starts_with("Indicators") {
            in_indicators = true;
        } else if let Some(open) = line.find(" [")
            && !line.starts_with(' ')
            && line.ends_with(".toml)")
        {
            judgement = line[open + 2..].split(']').next().unwrap().to_string();
        } else if let Some(id) = line.strip_prefix("  ").and_then(|l| l.split_whitespace().next()) {
            if in_indicators {
                indicators.push(id.to_string());
            } else if !judgement.is_empty() {
                descriptors.push((judgement.clone(), id.to_string()));
            }
        }
    }
    let kinds = [
        "case-audit",
        "performance-data",
        "child-family-feedback",
        "staff-feedback",
        "practice-observation",
    ];
    let sources_each = 2000 / descriptors.len();
    let mut files: std::collections::BTreeMap<String, String> = Default::default();
    for (n, (judgement, id)) in descriptors.iter().enumerate() {
        let text = files.entry(judgement.clone()).or_default();
        let summary = "Practice in this area is improving but remains variable across teams. ".repeat(6);
        let _ = write!(
            text,
            "[[finding]]\ndescriptor = \"{id}\"\nrating = \"developing\"\nsummary = \"\"\"\n{summary}\n\"\"\"\nimpact = \"Children wait less for help than a year ago.\"\n\n"
        );
        for s in 0..sources_each {
            let _ = write!(
                text,
                "[[finding.source]]\nkind = \"{}\"\ntitle = \"Evidence item {n}-{s}: thematic audit and data review\"\ndate = 2026-0{}-1{}\nshowed = \"What this source showed about practice for the children whose records were read.\"\n\n",
                kinds[s % kinds.len()],
                1 + s % 3,
                s % 9
            );
        }
    }
    for (judgement, text) in files {
        std::fs::write(dir.join("findings").join(format!("{judgement}.toml")), text).unwrap();
    }
    let mut actions = String::new();
    for a in 0..200 {
        let (_, id) = &descriptors[a % descriptors.len()];
        let _ = write!(
            actions,
            "[[action]]\nid = \"LG-{a:03}\"\ndescriptors = [\"{id}\"]\naction = \"Improve practice in this area through audit, training and closer management oversight.\"\nowner = \"Head of Service\"\ndue = 2026-0{}-28\nstatus = \"{}\"\n\n",
            1 + a % 9,
            ["in-progress", "achieved", "not-started", "partially-achieved"][a % 4]
        );
    }
    std::fs::write(dir.join("actions.toml"), actions).unwrap();
    let mut values = String::new();
    for (i, id) in indicators.iter().enumerate() {
        let _ = write!(
            values,
            "[[indicator]]\nid = \"{id}\"\nvalue = {}\nprevious = {}\n\n",
            20 + i,
            22 + i
        );
    }
    std::fs::write(dir.join("indicators.toml"), values).unwrap();
}
