//! The shape of the code, as docs/architecture.md states it, checked so
//! that it stays true: only `load/` reads files or parses TOML (and only
//! `output.rs`, with `init` and its TOML quoting, writes), and data flows one
//! way: no module uses one that uses it back, the stages only ever use the
//! ones before them, and those after loading use its model, not it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::test::root;

/// Every module of the crate (`load::evidence::council`), with its code
/// outside its unit tests.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let relative = path.strip_prefix(base).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
            out.insert(parts.join("::"), code);
        }
    }
    let src = root().join("src");
    let mut out = BTreeMap::new();
    walk(&src, &src, &mut out);
    out
}

/// The modules `code` of module `name` uses, by `crate::` and `super::` paths.
fn uses(name: &str, code: &str, known: &BTreeMap<String, String>) -> BTreeSet<String> {
    let parent: Vec<&str> = name.split("::").filter(|p| !p.is_empty()).collect();
    let mut out = BTreeSet::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", parent[..parent.len().saturating_sub(1)].to_vec()),
    ] {
        for (at, _) in code.match_indices(prefix) {
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':')
                .collect();
            let mut parts: Vec<&str> = base.clone();
            parts.extend(path.split("::").filter(|p| !p.is_empty()));
            // The longest prefix that is a module: `crate::diag::Diagnostic` uses `diag`.
            let found = (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|m| known.contains_key(m));
            if let Some(module) = found
                && module != name
            {
                out.insert(module);
            }
        }
    }
    out
}

#[test]
fn only_load_reads_files_or_parses_toml_and_only_output_writes() {
    // init quotes the council's name as TOML in the files it writes.
    let allowed = |module: &str| module == "load" || module.starts_with("load::") || module == "output";
    let mut wrong = Vec::new();
    for (module, code) in modules() {
        for word in ["std::fs", "toml::"] {
            let quoting = module == "cmd::init" && word == "toml::" && code.matches(word).count() == 1;
            if code.contains(word) && !allowed(&module) && !quoting {
                wrong.push(format!("{module} uses {word}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_module_uses_one_that_uses_it_back_and_the_stages_run_one_way() {
    let modules = modules();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(name, code)| (name.as_str(), uses(name, code, &modules)))
        .collect();
    let mut both_ways = Vec::new();
    for (a, used) in &graph {
        for b in used {
            if *a < b.as_str() && graph.get(b.as_str()).is_some_and(|back| back.contains(*a)) {
                both_ways.push(format!("{a} <-> {b}"));
            }
        }
    }
    assert!(
        both_ways.is_empty(),
        "modules that use each other:\n{}",
        both_ways.join("\n")
    );

    // The stages in the order data flows through them: each may use those
    // before it, never one after.
    const ORDER: &[&str] = &[
        "text", "date", "diag", "error", "model", "load", "assess", "report", "render", "output", "pipeline", "cmd",
    ];
    let stage = |module: &str| ORDER.iter().position(|s| *s == module.split("::").next().unwrap_or(""));
    let mut backwards = Vec::new();
    for (a, used) in &graph {
        let Some(from) = stage(a) else { continue };
        for b in used {
            if stage(b).is_some_and(|to| to > from) {
                backwards.push(format!("{a} uses {b}"));
            }
        }
    }
    assert!(
        backwards.is_empty(),
        "a stage that uses a later one:\n{}",
        backwards.join("\n")
    );

    // After loading, the stages work on the model alone.
    let after_loading = ["assess", "report", "render"];
    let mut on_load = Vec::new();
    for (a, used) in &graph {
        if after_loading.contains(&a.split("::").next().unwrap_or("")) {
            on_load.extend(
                used.iter()
                    .filter(|b| b.starts_with("load"))
                    .map(|b| format!("{a} uses {b}")),
            );
        }
    }
    assert!(
        on_load.is_empty(),
        "a stage after loading that uses it:\n{}",
        on_load.join("\n")
    );
}
