//! `selfeval compare OLD_DIR NEW_DIR`: what moved between two years, as a
//! summary to read in the terminal, a document, or JSON.

use std::fmt::Write as _;
use std::path::Path;

use crate::cli::{CompareFormat, DocumentArgs, RenderFormat};
use crate::cmd::wrap;
use crate::compare::{self, Comparison};
use crate::diagnostics::plural;
use crate::render::{Document, Renderer, pdf};
use crate::{Error, Status};

pub fn run(
    old_dir: &Path,
    new_dir: &Path,
    format: CompareFormat,
    document_args: &DocumentArgs,
) -> Result<Status, Error> {
    let out = document_args.output.as_path();
    let document = match format {
        CompareFormat::Md => Some(RenderFormat::Md),
        CompareFormat::Html => Some(RenderFormat::Html),
        CompareFormat::Pdf => Some(RenderFormat::Pdf),
        CompareFormat::Text | CompareFormat::Json => None,
    };
    if let Some(f) = document {
        super::render::refuse_pdf_on_terminal(f, out)?;
    }
    let renderer = document
        .map(|_| Renderer::new(document_args.templates.as_deref()))
        .transpose()?;
    if document == Some(RenderFormat::Pdf) {
        pdf::prepare();
    }
    let library = super::assess::library()?;
    let then = super::assess::load_and_assess(old_dir, &library)?;
    let now = super::assess::load_and_assess(new_dir, &library)?;
    let (Some(then), Some(now)) = (then, now) else {
        return Ok(Status::FilesHaveErrors);
    };
    if let Err(m) = compare::check_pair(&then.0, &now.0) {
        let hint = if m.swap {
            format!(
                "\nDid you mean `selfeval compare {} {}`?",
                new_dir.display(),
                old_dir.display()
            )
        } else {
            String::new()
        };
        return Err(Error(format!("cannot compare: {}{hint}", m.message)));
    }
    // The summary is for the terminal; the documents and the data are
    // passed on, so they are held back as `render` holds back its document.
    if format != CompareFormat::Text
        && !document_args.allow_personal_data
        && super::render::refuse_personal_data([&then.0, &now.0].into_iter())
    {
        return Ok(Status::FilesHaveErrors);
    }
    let comparison = compare::compare((&then.0, &then.1), (&now.0, &now.1), &library.rules);
    match (format, renderer) {
        (CompareFormat::Text, _) => super::render::save(out, text(&comparison).as_bytes()),
        (CompareFormat::Json, _) => {
            let json = serde_json::to_string_pretty(&comparison)
                .map_err(|e| Error(format!("could not write the comparison as JSON: {e}")))?;
            super::render::save(out, (json + "\n").as_bytes())
        }
        (_, Some(renderer)) => {
            let meta = pdf::Meta {
                title: format!(
                    "{}: {}, {}",
                    comparison.council, comparison.title, comparison.period_short
                ),
                council: comparison.council.clone(),
                subject: format!(
                    "Year-on-year comparison for the self-evaluation (ILACS), {}",
                    comparison.period_short
                ),
                marking: comparison.marking.clone(),
                date_days: now.0.prepared_on.days_since_epoch(),
            };
            let format = document.unwrap_or(RenderFormat::Md);
            let doc = Document::Comparison(&comparison);
            super::render::write(&renderer, doc, format, out, &meta, &[&then.0, &now.0])
        }
        (_, None) => unreachable!("a renderer is made for every document format"),
    }
}

/// The comparison in a minute: every grade, every indicator that moved,
/// the evidence and patterns that changed, and every action's outcome.
fn text(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}) compared with {} ({})\n",
        c.council, c.now.period_short, c.now.framework_id, c.then.period_short, c.then.framework_id
    );
    let _ = writeln!(
        out,
        "Indicative grades, {} to {}",
        c.then.period_short, c.now.period_short
    );
    for g in c.grades.iter().chain(std::iter::once(&c.overall)) {
        let line = format!("{}: {} -> {} ({})", g.title, g.then, g.now, g.movement.to_lowercase());
        wrap(&mut out, &line, 2, 4);
        for r in &g.new_reasons {
            wrap(&mut out, &format!("now a main reason: {r}"), 4, 6);
        }
        for r in &g.gone_reasons {
            wrap(&mut out, &format!("no longer a main reason: {r}"), 4, 6);
        }
    }

    let counts = |counts: &[compare::Count]| {
        counts
            .iter()
            .map(|x| format!("{} {}", x.count, x.label.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "\nIndicators: {} (worst first; unchanged ones left out)",
        counts(&c.indicator_counts)
    );
    for i in c
        .indicators
        .iter()
        .filter(|i| !matches!(i.movement.as_str(), "Stable" | "Unchanged"))
    {
        let line = match i.movement.as_str() {
            "Not comparable" => format!("{}: {} -> {} (recorded in one year only)", i.title, i.then, i.now),
            _ => format!(
                "{}: {}: {} -> {} ({}; {} {})",
                i.movement.to_lowercase(),
                i.title,
                i.then,
                i.now,
                i.change,
                c.comparator_area,
                i.comparator
            ),
        };
        wrap(&mut out, &line, 2, 4);
    }

    let moved: Vec<&compare::DescriptorChange> = c
        .descriptors
        .iter()
        .filter(|d| !d.evidence_movement.is_empty() || d.rating_changed)
        .collect();
    let gained: usize = c.descriptors.iter().map(|d| d.sources_gained.len()).sum();
    let lost: usize = c.descriptors.iter().map(|d| d.sources_lost.len()).sum();
    let _ = writeln!(
        out,
        "\nEvidence: {} with stronger or weaker evidence or a changed own rating; {} added and {} no longer cited",
        plural(moved.len(), "area"),
        plural(gained, "source"),
        lost
    );
    for d in moved {
        let mut parts = Vec::new();
        if !d.evidence_movement.is_empty() {
            parts.push(format!(
                "evidence {} ({} -> {})",
                d.evidence_movement.to_lowercase(),
                d.evidence_then,
                d.evidence_now
            ));
        }
        if d.rating_changed {
            parts.push(format!("own rating {} -> {}", d.rating_then, d.rating_now));
        }
        let was = if d.was.is_empty() {
            String::new()
        } else {
            format!(" (was {})", d.was)
        };
        wrap(&mut out, &format!("{}{was}: {}", d.title, parts.join("; ")), 2, 4);
    }
    for n in &c.not_re_reviewed {
        wrap(
            &mut out,
            &format!("Not re-reviewed: {} ({}): {}", n.title, n.location, n.detail),
            2,
            4,
        );
    }
    for line in c.replaced.iter().chain(&c.only_now).chain(&c.only_then) {
        wrap(&mut out, &format!("Framework: {line}"), 2, 4);
    }

    let _ = writeln!(
        out,
        "\nInspection patterns: {} found this year only, {} no longer found",
        c.patterns_new.len(),
        c.patterns_gone.len()
    );
    for p in &c.patterns_new {
        wrap(&mut out, &format!("new: {} ({})", p.title, p.kind.to_lowercase()), 2, 4);
    }
    for p in &c.patterns_gone {
        wrap(
            &mut out,
            &format!("gone: {} ({})", p.title, p.kind.to_lowercase()),
            2,
            4,
        );
    }

    let _ = writeln!(
        out,
        "\nLast year's actions ({}): {}",
        c.actions.len(),
        counts(&c.action_counts)
    );
    for a in &c.actions {
        let overdue = if a.overdue { ", overdue" } else { "" };
        let due = if a.due_now.is_empty() {
            a.due_then.clone()
        } else {
            format!("{}, now {}", a.due_then, a.due_now)
        };
        wrap(
            &mut out,
            &format!("{} {}{overdue} (due {due}): {}", a.id, a.outcome, a.action),
            2,
            4,
        );
    }
    if !c.new_actions.is_empty() {
        let ids: Vec<&str> = c.new_actions.iter().map(|a| a.id.as_str()).collect();
        wrap(&mut out, &format!("New this year: {}", ids.join(", ")), 2, 4);
    }
    out
}
