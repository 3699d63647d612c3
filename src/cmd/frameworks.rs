//! `selfeval frameworks [ID]`: what frameworks there are, and what is in one.

use std::fmt::Write as _;
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::framework::{self, BUILT_IN, DEFAULT_FRAMEWORK, Framework, FrameworkRef};
use crate::{Error, Status};

pub fn run(id: Option<&str>) -> Result<Status, Error> {
    match id {
        None => {
            let mut out = String::new();
            for (id, _, _) in BUILT_IN {
                let fw = built_in(id)?;
                let descriptors = fw.descriptors.len();
                let _ = writeln!(
                    out,
                    "{id}{}\n  {}\n  in force {}; {} judgements{}; {descriptors} descriptors; {} indicators\n",
                    if *id == DEFAULT_FRAMEWORK { " (default)" } else { "" },
                    fw.title,
                    fw.in_force(),
                    fw.judgements.len(),
                    if fw.overall_effectiveness {
                        " and overall effectiveness"
                    } else {
                        ""
                    },
                    fw.indicators.len(),
                );
            }
            out.push_str("Show one in full with `selfeval frameworks ID`.\n");
            print!("{out}");
        }
        Some(id) => match FrameworkRef::parse(id, Path::new("")) {
            FrameworkRef::BuiltIn(id) => print!("{}", describe(&built_in(&id)?)),
            // A council's own framework file: check it and show what it adds up to.
            reference @ FrameworkRef::File(_) => {
                let mut diags = Diagnostics::default();
                let framework = framework::load(&reference, None, &mut diags);
                eprint!("{}", diags.render());
                match framework {
                    Some(fw) => print!("{}", describe(&fw)),
                    None => {
                        eprintln!("{id}: {}", diags.summary());
                        return Ok(Status::FilesHaveErrors);
                    }
                }
            }
        },
    }
    Ok(Status::Success)
}

fn built_in(id: &str) -> Result<Framework, Error> {
    let mut diags = Diagnostics::default();
    framework::load(&FrameworkRef::BuiltIn(id.to_string()), None, &mut diags).ok_or_else(|| {
        let detail = diags.render();
        Error(if BUILT_IN.iter().any(|(b, _, _)| *b == id) {
            format!("the built-in framework `{id}` is broken (please report this):\n{detail}")
        } else {
            format!(
                "there is no built-in framework `{id}`; the built-in frameworks are {}",
                BUILT_IN.iter().map(|(b, _, _)| *b).collect::<Vec<_>>().join(", ")
            )
        })
    })
}

/// The whole framework as plain text: enough to fill in evidence files from.
fn describe(fw: &Framework) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", fw.id, fw.title);
    let _ = writeln!(out, "In force {}.", fw.in_force());
    if fw.lineage.len() > 1 {
        let _ = writeln!(out, "Builds on {}.", fw.lineage[1..].join(", then "));
    }
    if let Some(note) = &fw.note {
        let _ = writeln!(out, "{}", note.trim());
    }
    let grades: Vec<&str> = fw.grades.iter().map(|g| g.label.as_str()).collect();
    let _ = writeln!(out, "\nGrades: {}.", grades.join("; "));
    if fw.overall_effectiveness {
        let _ = writeln!(out, "Overall effectiveness is graded.");
    } else {
        let _ = writeln!(out, "Overall effectiveness is not graded.");
    }
    let ratings: Vec<String> = fw.ratings.iter().map(|r| r.id.clone()).collect();
    let _ = writeln!(out, "Your own ratings: {}.", ratings.join(", "));
    let kinds: Vec<String> = fw.source_kinds.iter().map(|k| k.id.clone()).collect();
    let _ = writeln!(out, "Source kinds: {}.", kinds.join(", "));
    for j in &fw.judgements {
        let _ = writeln!(out, "\n{} [{}] (findings/{}.toml)", j.title, j.id, j.id);
        for d in fw.descriptors_of(&j.id) {
            let replaced = if d.replaces.is_empty() {
                String::new()
            } else {
                format!(" (replaces {})", d.replaces.join(", "))
            };
            let _ = writeln!(out, "  {:<28} {}{replaced}", d.id, d.title);
        }
    }
    let _ = writeln!(
        out,
        "\nIndicators ({} figures from frameworks/comparators.toml):",
        fw.comparator_area
    );
    for i in &fw.indicators {
        let comparator = match &i.comparator {
            Some(c) => format!("{} {}", i.unit.format(c.value), c.period),
            None => "no national figure".to_string(),
        };
        let judgement = fw
            .descriptor(&i.descriptor)
            .and_then(|d| fw.judgement(&d.judgement))
            .map_or("", |j| j.short_title.as_str());
        let _ = writeln!(
            out,
            "  {:<28} {} [{judgement}: {}; {}; {}]",
            i.id,
            i.title,
            i.descriptor,
            i.polarity.describe(),
            comparator
        );
    }
    out
}
