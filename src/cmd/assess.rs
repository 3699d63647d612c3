//! `selfeval assess DIR`: the indicative grades, their reasons and the gaps,
//! as a one-minute summary or as the whole assessment in JSON.

use std::fmt::Write as _;
use std::path::Path;

use crate::assess::{self, Assessment, Effect, Kind, Library};
use crate::cli::AssessFormat;
use crate::cmd::wrap;
use crate::diagnostics::{Diagnostics, plural};
use crate::evidence::{self, Evidence};
use crate::{Error, Status};

/// Reasons per judgement and gaps in the text summary: enough to act on,
/// few enough to read in a minute. JSON has them all.
const TEXT_REASONS: usize = 3;
const TEXT_GAPS: usize = 10;

pub fn run(dir: &Path, format: AssessFormat) -> Result<Status, Error> {
    let Some((_, assessment)) = load_and_assess(dir, &library()?)? else {
        return Ok(Status::FilesHaveErrors);
    };
    match format {
        AssessFormat::Text => print!("{}", text(&assessment)),
        AssessFormat::Json => {
            let json = serde_json::to_string_pretty(&assessment)
                .map_err(|e| Error(format!("could not write the assessment as JSON: {e}")))?;
            println!("{json}");
        }
    }
    Ok(Status::Success)
}

/// The built-in rules and patterns; a problem in them is ours, not the council's.
pub fn library() -> Result<Library, Error> {
    let mut diags = Diagnostics::default();
    Library::builtin(&mut diags).ok_or_else(|| {
        Error(format!(
            "the built-in assessment rules or patterns are broken (please report this):\n{}",
            diags.render()
        ))
    })
}

/// Loads and assesses a folder; errors in the council's files are printed
/// and give `None`, warnings are counted in one line so the summary stays short.
pub fn load_and_assess(dir: &Path, library: &Library) -> Result<Option<(Evidence, Assessment)>, Error> {
    let Some(evidence) = load(dir)? else {
        return Ok(None);
    };
    let assessment = assess::assess(&evidence, library)?;
    Ok(Some((evidence, assessment)))
}

/// Loads a folder; errors are printed and give `None`, warnings are counted
/// in one line so that the command's own output stays short.
pub fn load(dir: &Path) -> Result<Option<Evidence>, Error> {
    let mut diags = Diagnostics::default();
    let evidence = evidence::load(dir, &mut diags)?;
    let Some(evidence) = evidence.filter(|_| !diags.has_errors()) else {
        eprint!("{}", diags.render());
        eprintln!("{}: {}", dir.display(), diags.summary());
        eprintln!("Fix the errors above, then run the command again.");
        return Ok(None);
    };
    if diags.warnings() > 0 {
        eprintln!(
            "{}: {} (see `selfeval check {}`)",
            dir.display(),
            plural(diags.warnings(), "warning"),
            dir.display()
        );
    }
    Ok(Some(evidence))
}

fn text(a: &Assessment) -> String {
    let mut out = String::new();
    let period = a.period_start.years_to(a.period_end);
    let _ = writeln!(
        out,
        "{} {period} ({}), evidence as at {}",
        a.council,
        a.framework,
        a.as_at.long()
    );
    let _ = writeln!(
        out,
        "Indicative grades: the best fit to the evidence, with the reasons that decided them.\n"
    );
    for j in &a.judgements {
        let last = j
            .last_inspection
            .as_deref()
            .map(|g| format!("; last inspection: {g}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}: {}", j.title, j.grade_label.to_uppercase());
        let _ = writeln!(out, "  score {:.2} of {}{last}", j.score, a.top_score);
        for r in j.reasons.iter().take(TEXT_REASONS) {
            wrap(&mut out, &format!("- {}", r.text), 2, 4);
        }
        out.push('\n');
    }
    match &a.overall {
        Some(o) => {
            let last = o
                .last_inspection
                .as_deref()
                .map(|g| format!(" (last inspection: {g})"))
                .unwrap_or_default();
            let _ = writeln!(out, "Overall effectiveness: {}{last}", o.grade_label.to_uppercase());
            let why = match o.reasons.first().filter(|r| r.kind == "limit") {
                Some(r) => r.text.clone(),
                None => format!(
                    "the weighted mean of the judgements' grades is {:.2} of {}",
                    o.score, o.out_of
                ),
            };
            wrap(&mut out, &format!("- {why}"), 2, 4);
            out.push('\n');
        }
        None => {
            let _ = writeln!(out, "Overall effectiveness: not graded under {}\n", a.framework);
        }
    }

    let sa = &a.self_awareness;
    wrap(
        &mut out,
        &format!(
            "Self-awareness: {} of {} own ratings match the evidence; {} higher than it supports{}; {} may be under-claimed.",
            sa.accurate,
            sa.rated,
            sa.over_rated.len(),
            if sa.over_rated.is_empty() {
                String::new()
            } else {
                format!(" ({})", sa.over_rated.join(", "))
            },
            sa.under_claimed.len()
        ),
        0,
        2,
    );
    let risks = a.patterns.iter().filter(|p| p.kind == Kind::Risk).count();
    let limiting = a.patterns.iter().filter(|p| p.effect == Effect::Limit).count();
    let strengths = a.patterns.len() - risks;
    let _ = writeln!(
        out,
        "Inspection patterns in the evidence: {} ({limiting} limiting a grade), {}.",
        plural(risks, "risk"),
        plural(strengths, "strength"),
    );
    let unwritten = a.descriptors.iter().filter(|d| !d.written).count();
    if unwritten > 0 {
        wrap(
            &mut out,
            &format!(
                "Findings not yet written: {unwritten} of {}. Each counts as developing until it is, so these grades rest partly on gaps.",
                a.descriptors.len()
            ),
            0,
            2,
        );
    }
    let missing = a.indicators.iter().filter(|i| i.value.is_none()).count();
    let worse = a
        .indicators
        .iter()
        .filter(|i| i.vs_comparator == Some(assess::Band::Worse))
        .count();
    let _ = writeln!(
        out,
        "Indicators: {} recorded, {worse} worse than {}, {missing} missing. Actions overdue: {}.",
        a.indicators.len() - missing,
        a.comparator_area,
        a.overdue_actions.len()
    );

    let _ = writeln!(
        out,
        "\nWhat would most improve the position ({} of {}):",
        TEXT_GAPS.min(a.gaps.len()),
        a.gaps.len()
    );
    for g in a.gaps.iter().take(TEXT_GAPS) {
        wrap(
            &mut out,
            &format!("{}. {}", g.rank, g.text),
            usize::from(g.rank < 10),
            4,
        );
    }
    out.push_str(
        "\nThe whole assessment, with every reason and gap: --format json. How it is worked out: docs/assessment.md.\n",
    );
    out
}
