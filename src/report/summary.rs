//! What the terminal shows of a folder: the assessment and the comparison
//! to read in a minute, what `check` found, and where in the council's
//! files a character the PDF cannot draw was written.

use std::fmt::Write as _;
use std::path::Path;

use super::comparison::{Comparison, Count, DescriptorChange, IndicatorChange};
use super::words::{self, not_graded_under};
use crate::assess::compare::{IndicatorMovement, Mismatch};
use crate::assess::{Assessment, ReasonKind};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::evidence::Evidence;
use crate::model::framework::Framework;
use crate::model::library::{Band, Effect, Kind};
use crate::text::{plural, uncapitalise};

/// Reasons per judgement and gaps in the text summary: enough to act on,
/// few enough to read in a minute. JSON has them all.
const TEXT_REASONS: usize = 3;
const TEXT_GAPS: usize = 10;

/// Appends `text` wrapped at 80 columns, the width of a terminal as it
/// opens, indented by `first` spaces on the first line and `rest` after.
pub fn wrap(out: &mut String, text: &str, first: usize, rest: usize) {
    const WIDTH: usize = 80;
    let mut line = " ".repeat(first);
    for word in text.split_whitespace() {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(rest);
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// The assessment in a minute: every grade with its main reasons, the
/// self-awareness and pattern counts, and the gaps to close first.
pub fn assessment(a: &Assessment, framework: &Framework) -> String {
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
        let _ = writeln!(
            out,
            "  based on {} of {} areas, {} confidence; reads {:.2} of {}{last}",
            j.based_on.written,
            j.based_on.of,
            j.confidence.word(),
            j.score,
            // A reading lies between the model's worst and best grades.
            crate::model::language::GRADES.len() - 1
        );
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
            let why = match o.reasons.first().filter(|r| r.kind == ReasonKind::Limit) {
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
            let not_graded = uncapitalise(&not_graded_under(framework));
            let _ = writeln!(out, "Overall effectiveness: {not_graded}\n");
        }
    }

    let sa = &a.self_awareness;
    wrap(
        &mut out,
        &format!(
            "Self-awareness: {} of {} own ratings match what the evidence supports; {} higher than it supports{}, {} of them by two levels or more; {} below it.",
            sa.accurate,
            sa.rated,
            sa.over_rated.len(),
            if sa.over_rated.is_empty() {
                String::new()
            } else {
                format!(" ({})", sa.over_rated.join(", "))
            },
            sa.far_over_rated.len(),
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
                "Findings not yet written: {unwritten} of {}. Each is a gap: the grades rest on the findings that are written.",
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
        .filter(|i| i.vs_comparator == Some(Band::Worse))
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

/// The comparison in a minute: every grade, every indicator that moved,
/// the evidence and patterns that changed, and every action's outcome.
/// How many lines of each list the summary shows unless `--full` is asked.
const BRIEF: usize = 2;

pub fn comparison(c: &Comparison, full: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}) compared with {} ({})\n",
        c.council, c.now.period_short, c.now.framework_id, c.then.period_short, c.then.framework_id
    );
    // The headline, a line each: grades then and now (judgements that moved
    // alike said together), the biggest improvement, the biggest decline.
    let mut alike: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for g in &c.grades {
        match alike.iter_mut().find(|(then, now, _)| *then == g.then && *now == g.now) {
            Some((_, _, names)) => names.push(&g.short_title),
            None => alike.push((&g.then, &g.now, vec![&g.short_title])),
        }
    }
    let grades: Vec<String> = alike
        .iter()
        .map(|(then, now, names)| {
            let who = if names.len() == c.grades.len() && names.len() > 1 {
                format!("all {}", words::number(names.len()))
            } else {
                words::list(names)
            };
            if then == now {
                format!("{who} {now}, as last year")
            } else {
                format!("{who} {then} -> {now}")
            }
        })
        .collect();
    wrap(&mut out, &format!("Indicative grades: {}", grades.join("; ")), 0, 2);
    // A grade that moved that way, else the indicator that moved most against
    // its own last year (the list is worst first: the first decline, the last
    // improvement), by its short name and its judgement's.
    let biggest = |movement: &str, indicator: Option<&IndicatorChange>| {
        c.grades
            .iter()
            .find(|g| g.movement == movement)
            .map(|g| format!("{}: {} -> {}", g.short_title, g.then, g.now))
            .or_else(|| {
                indicator.map(|i| {
                    format!(
                        "{} ({}), {} -> {}",
                        i.short_title,
                        i.judgement.to_lowercase(),
                        i.then,
                        i.now
                    )
                })
            })
            .unwrap_or_else(|| "none".to_string())
    };
    let improved = biggest(
        "Improved",
        c.indicators.iter().rfind(|i| i.moved == IndicatorMovement::Improved),
    );
    let declined = biggest(
        "Declined",
        c.indicators.iter().find(|i| i.moved == IndicatorMovement::Declined),
    );
    wrap(&mut out, &format!("Most improved: {improved}"), 0, 2);
    wrap(&mut out, &format!("Most declined: {declined}"), 0, 2);

    if full {
        let _ = writeln!(
            out,
            "\nIndicative grades, {} to {}",
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
    }
    // Beyond the headline, each list in brief unless everything is asked for.
    let take = |n: usize| if full { n } else { n.min(BRIEF) };

    let counts = |counts: &[Count]| {
        counts
            .iter()
            .map(|x| format!("{} {}", x.count, x.label.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push('\n');
    wrap(
        &mut out,
        &format!(
            "Indicators: {} (worst first; unchanged ones left out)",
            counts(&c.indicator_counts)
        ),
        0,
        2,
    );
    let moved_indicators: Vec<&IndicatorChange> = c
        .indicators
        .iter()
        .filter(|i| !matches!(i.moved, IndicatorMovement::Stable | IndicatorMovement::Unchanged))
        .collect();
    for i in moved_indicators.iter().take(take(moved_indicators.len())) {
        let line = match i.moved {
            IndicatorMovement::NotComparable => {
                format!("{}: {} -> {} (recorded in one year only)", i.title, i.then, i.now)
            }
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

    let moved: Vec<&DescriptorChange> = c
        .descriptors
        .iter()
        .filter(|d| !d.evidence_movement.is_empty() || d.rating_changed)
        .collect();
    let gained: usize = c.descriptors.iter().map(|d| d.sources_gained.len()).sum();
    let lost: usize = c.descriptors.iter().map(|d| d.sources_lost.len()).sum();
    out.push('\n');
    wrap(
        &mut out,
        &format!(
            "Evidence: {} with stronger or weaker evidence or a changed own rating; {} added and {} no longer cited",
            plural(moved.len(), "area"),
            plural(gained, "source"),
            lost
        ),
        0,
        2,
    );
    for d in moved.iter().take(take(moved.len())) {
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
    for n in c.not_re_reviewed.iter().take(take(c.not_re_reviewed.len())) {
        wrap(
            &mut out,
            &format!("Not re-reviewed: {} ({}): {}", n.title, n.location, n.detail),
            2,
            4,
        );
    }
    let framework: Vec<&String> = c.replaced.iter().chain(&c.only_now).chain(&c.only_then).collect();
    if full {
        for line in framework {
            wrap(&mut out, &format!("Framework: {line}"), 2, 4);
        }
    } else if !framework.is_empty() {
        wrap(
            &mut out,
            &format!(
                "Framework: {} renamed, new or gone between the two years",
                plural(framework.len(), "area")
            ),
            2,
            4,
        );
    }

    out.push('\n');
    wrap(
        &mut out,
        &format!(
            "Inspection patterns: {} found this year only, {} no longer found",
            c.patterns_new.len(),
            c.patterns_gone.len()
        ),
        0,
        2,
    );
    for p in c.patterns_new.iter().take(take(c.patterns_new.len())) {
        wrap(&mut out, &format!("new: {} ({})", p.title, p.kind.to_lowercase()), 2, 4);
    }
    for p in c.patterns_gone.iter().take(take(c.patterns_gone.len())) {
        wrap(
            &mut out,
            &format!("gone: {} ({})", p.title, p.kind.to_lowercase()),
            2,
            4,
        );
    }

    out.push('\n');
    wrap(
        &mut out,
        &format!(
            "Last year's actions ({}): {}",
            c.actions.len(),
            counts(&c.action_counts)
        ),
        0,
        2,
    );
    // In brief, those still to finish first: they are what the reader acts on.
    let mut actions: Vec<_> = c.actions.iter().collect();
    if !full {
        actions.sort_by_key(|a| !a.overdue);
    }
    for a in actions.iter().take(take(actions.len())) {
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
    if !full {
        out.push('\n');
        wrap(
            &mut out,
            &format!(
                "The first {BRIEF} of each list are shown (of last year's actions, the overdue first); \
                 --full lists everything, with each grade's reasons."
            ),
            0,
            0,
        );
    }
    out
}

/// What `check` says at the end: whose folder, which year and framework,
/// and the count of problems.
pub fn check_summary(dir: &Path, evidence: Option<&Evidence>, diagnostics: &Diagnostics) -> String {
    let what = match evidence {
        Some(e) => format!(
            "{} {} ({})",
            if e.council.is_empty() {
                dir.display().to_string()
            } else {
                e.council.clone()
            },
            e.period.start.years_to(e.period.end),
            e.framework.id
        ),
        None => dir.display().to_string(),
    };
    format!("{what}: {}", diagnostics.summary())
}

/// Where in the council's files a character appears: "file, what, field",
/// for the warning that the PDF's font cannot draw it.
pub fn unprintable(evidences: &[&Evidence], c: char) -> Vec<String> {
    let mut places = Vec::new();
    for evidence in evidences {
        // With two years, say which folder.
        let folder = if evidences.len() > 1 {
            format!("{}{}", evidence.folder.display(), std::path::MAIN_SEPARATOR)
        } else {
            String::new()
        };
        places_in(evidence, c, &folder, &mut places);
    }
    if places.is_empty() {
        places.push("the framework or the templates".into());
    }
    places
}

fn places_in(evidence: &Evidence, c: char, folder: &str, places: &mut Vec<String>) {
    let mut look = |text: &str, place: String| {
        if text.contains(c) {
            places.push(format!("{folder}{place}"));
        }
    };
    look(&evidence.council, "council.toml, council".into());
    look(&evidence.prepared_by, "council.toml, prepared_by".into());
    look(&evidence.marking, "council.toml, marking".into());
    for f in &evidence.findings {
        let at = format!("{}, finding {}", f.origin, f.descriptor);
        look(&f.summary, format!("{at}, summary"));
        look(&f.impact, format!("{at}, impact"));
        for s in &f.sources {
            look(&s.title, format!("{at}, source title"));
            look(&s.showed, format!("{at}, source showed"));
        }
    }
    for a in &evidence.actions {
        for (field, text) in [("action", &a.action), ("owner", &a.owner)] {
            look(text, format!("actions.toml, action {}, {field}", a.id));
        }
        if let Some(p) = &a.progress {
            look(p, format!("actions.toml, action {}, progress", a.id));
        }
    }
    for i in &evidence.indicators {
        if let Some(note) = &i.note {
            look(note, format!("indicators.toml, indicator {}, note", i.id));
        }
    }
}

/// After last year's errors, when `render` read its folder as `previous`.
pub fn errors_in_last_year(dir: &Path) -> String {
    format!(
        "The errors above are in last year's folder, which {}{}council.toml names as `previous`.\n",
        dir.display(),
        std::path::MAIN_SEPARATOR
    )
}

/// What the document cannot be written without (a blank council name):
/// each place, shown as the error it now is, and that nothing was written.
pub fn unfinished<'a>(held: impl Iterator<Item = &'a Diagnostic>) -> Option<String> {
    let mut report = String::new();
    for d in held {
        let mut d = d.clone();
        d.severity = Severity::Error;
        report.push_str(&d.render());
    }
    (!report.is_empty())
        .then(|| report + "error: the document cannot be written without these, so nothing was written\n")
}

/// Text that looks as if it identifies a child or family: each place, and
/// how to go on.
pub fn personal_data(flagged: &[&Diagnostic]) -> Option<String> {
    if flagged.is_empty() {
        return None;
    }
    let mut report: String = flagged.iter().map(|d| d.render()).collect();
    let _ = writeln!(
        report,
        "error: {} in the evidence may identify a child or family, so nothing was written",
        plural(flagged.len(), "place")
    );
    report.push_str(
        "Remove them, or mark each one checked with `# selfeval: reviewed` on the line above; \
         --allow-personal-data writes the document anyway.\n",
    );
    Some(report)
}

/// A mistake in a template, where nothing was written.
pub fn template_error(d: &Diagnostic) -> String {
    format!("{}\nnothing was written\n", d.render())
}

/// Why `compare` will not compare two folders, and the command it may have
/// meant.
pub fn cannot_compare(m: Mismatch, then: &Evidence, now: &Evidence, old_dir: &Path, new_dir: &Path) -> String {
    let years = |e: &Evidence| e.period.start.years_to(e.period.end);
    let why = match m {
        Mismatch::SameFolder => format!(
            "both folders are {}: give last year's folder first and this year's second",
            now.folder.display()
        ),
        Mismatch::OtherCouncils => format!(
            "these folders are for different councils: {} says \"{}\" and {} says \"{}\" (council.toml, `council`)",
            then.folder.display(),
            then.council,
            now.folder.display(),
            now.council
        ),
        Mismatch::SameYear => format!(
            "both folders cover {}: a comparison needs two different years",
            years(now)
        ),
        Mismatch::WrongOrder => format!(
            "{} covers {}, which is after {} ({}): the earlier year comes first\nDid you mean `selfeval compare {} {}`?",
            then.folder.display(),
            years(then),
            now.folder.display(),
            years(now),
            new_dir.display(),
            old_dir.display()
        ),
    };
    format!("cannot compare: {why}")
}

/// The warning that the PDF's font cannot draw a character, and where it was written.
pub fn undrawable(c: char, place: &str) -> String {
    format!(
        "warning: {place}: the font cannot draw {c:?} (U+{:04X}); the document shows \"?\" instead\n",
        u32::from(c)
    )
}
