//! What the terminal shows: the assessment and the comparison to read in a
//! minute, the frameworks and the pattern library listed, and where in the
//! council's files a character the PDF cannot draw was written.

use std::fmt::Write as _;
use std::path::Path;

use super::comparison::{Comparison, Count, DescriptorChange};
use super::words::not_graded_under;
use crate::assess::compare::IndicatorMovement;
use crate::assess::{Assessment, ReasonKind};
use crate::diag::Diagnostics;
use crate::model::evidence::Evidence;
use crate::model::framework::{Framework, Unit};
use crate::model::library::{Band, Effect, IndicatorTest, Kind, Pattern, Precedent, Trigger};
use crate::text::plural;

/// Reasons per judgement and gaps in the text summary: enough to act on,
/// few enough to read in a minute. JSON has them all.
const TEXT_REASONS: usize = 3;
const TEXT_GAPS: usize = 10;

/// Appends `text` wrapped at 100 columns, indented by `first` spaces on the
/// first line and `rest` after.
pub fn wrap(out: &mut String, text: &str, first: usize, rest: usize) {
    const WIDTH: usize = 100;
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
            let not_graded = not_graded_under(framework).replacen("Not", "not", 1);
            let _ = writeln!(out, "Overall effectiveness: {not_graded}\n");
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
pub fn comparison(c: &Comparison) -> String {
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

    let counts = |counts: &[Count]| {
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
        .filter(|i| !matches!(i.moved, IndicatorMovement::Stable | IndicatorMovement::Unchanged))
    {
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

fn effect(p: &Pattern, framework: &Framework) -> String {
    match p.effect {
        Effect::Flag => "risk".into(),
        Effect::Limit => format!(
            "risk, limits the grade to {}",
            p.limit
                .as_deref()
                .and_then(|l| framework.grade(l))
                .map_or("?", |g| g.label.as_str())
        ),
        Effect::Support => "strength".into(),
    }
}

fn precedent_line(p: &Precedent, framework: &Framework) -> String {
    let grade = p
        .grade
        .as_deref()
        .map(|g| format!(", {}", framework.grade_label(g)))
        .unwrap_or_else(|| ", not graded".into());
    format!(
        "{}, para {} ({}{grade}): \"{}\"",
        p.report, p.paragraph, p.judgement, p.quote
    )
}

/// Every pattern, by the judgement it bears on first, with its precedents.
pub fn patterns(library: &[Pattern], framework: &Framework) -> String {
    let mut out = String::new();
    let risks = library.iter().filter(|p| p.kind == Kind::Risk).count();
    let _ = writeln!(
        out,
        "{} inspection patterns: {risks} risks and {} strengths, drawn from real inspection reports.",
        library.len(),
        library.len() - risks
    );
    let _ = writeln!(
        out,
        "Each precedent names the report, the paragraph, the judgement and the grade it was given.\n"
    );
    for j in &framework.judgements {
        let mine: Vec<&Pattern> = library
            .iter()
            .filter(|p| p.judgements_in(framework).first() == Some(&j.id))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", j.title);
        for p in mine {
            let _ = writeln!(out, "  {} [{}]", p.id, effect(p, framework));
            wrap(&mut out, &p.title, 4, 4);
            for prec in &p.precedents {
                wrap(&mut out, &format!("- {}", precedent_line(prec, framework)), 4, 6);
            }
        }
        out.push('\n');
    }
    out.push_str("Show one in full, with what triggers it: `selfeval patterns ID`.\n");
    out
}

/// One pattern in full: what inspectors found, what shows it, its precedents.
pub fn pattern(p: &Pattern, framework: &Framework) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", p.id, p.title);
    let _ = writeln!(out, "Effect: {}.", effect(p, framework));
    let judgements: Vec<&str> = p
        .judgements_in(framework)
        .iter()
        .filter_map(|j| framework.judgement(j))
        .map(|j| j.short_title.as_str())
        .collect();
    let _ = writeln!(
        out,
        "Bears on: {} (descriptors {}).",
        judgements.join(", "),
        p.descriptors.join(", ")
    );
    let _ = writeln!(out, "Written in {}.\n", p.file);
    wrap(&mut out, &format!("What inspectors found: {}", p.found.trim()), 0, 0);
    wrap(
        &mut out,
        &format!("How it shows in a council's evidence: {}", p.signs.trim()),
        0,
        0,
    );
    let _ = writeln!(
        out,
        "\nIt shows when {} of these {}:",
        if p.needs == p.triggers.len() && p.needs > 1 {
            "all".to_string()
        } else {
            format!("at least {}", p.needs)
        },
        if p.needs == 1 { "holds" } else { "hold" }
    );
    for t in &p.triggers {
        wrap(&mut out, &format!("- {}", trigger(t, &p.descriptors, framework)), 2, 4);
    }
    if p.kind == Kind::Strength {
        wrap(
            &mut out,
            "A rating or an evidence level alone never shows a strength: one other sign must hold too.",
            0,
            0,
        );
    }
    let _ = writeln!(out, "\nPrecedents:");
    for prec in &p.precedents {
        wrap(&mut out, &format!("- {}", precedent_line(prec, framework)), 2, 4);
    }
    out
}

fn trigger(t: &Trigger, descriptors: &[String], framework: &Framework) -> String {
    let bounds = |most: &Option<String>, least: &Option<String>| match (most, least) {
        (Some(m), Some(l)) => format!("between {l} and {m}"),
        (Some(m), None) => format!("{m} or lower"),
        (None, Some(l)) => format!("{l} or higher"),
        (None, None) => "any".into(),
    };
    match t {
        Trigger::Phrases { phrases, within } => {
            let quoted: Vec<String> = phrases.iter().map(|p| format!("\"{}\"", p.text)).collect();
            let scope = if within.is_empty() { descriptors } else { within }.join(", ");
            format!("the findings for {scope} say {}", quoted.join(" or "))
        }
        Trigger::Rating {
            descriptor,
            at_most,
            at_least,
        } => format!("the council rates {descriptor} {}", bounds(at_most, at_least)),
        Trigger::Evidence {
            descriptor,
            at_most,
            at_least,
        } => format!("the evidence for {descriptor} is {}", bounds(at_most, at_least)),
        Trigger::Indicator { indicator, test } => {
            let Some(ind) = framework.indicator(indicator) else {
                return format!("the indicator {indicator}");
            };
            let area = &framework.comparator_area;
            let name = format!("\"{}\" ({indicator})", ind.title);
            match *test {
                IndicatorTest::WorseThanComparatorBy(m) => {
                    let by = match ind.unit {
                        Unit::Percent => format!("{m} percentage points"),
                        unit => unit.format(m),
                    };
                    format!("{name} is worse than {area} by {by} or more")
                }
                IndicatorTest::Band(b) => format!("{name} is {} than {area}", b.word()),
                IndicatorTest::Above(v) => format!("{name} is above {}", ind.unit.format(v)),
                IndicatorTest::Below(v) => format!("{name} is below {}", ind.unit.format(v)),
            }
        }
        Trigger::OverratedShare { at_least } => format!(
            "at least {:.0}% of the council's own ratings are higher than the evidence supports",
            at_least * 100.0
        ),
        Trigger::AccurateShare { at_least } => format!(
            "at least {:.0}% of the council's own ratings match the evidence",
            at_least * 100.0
        ),
        Trigger::OverdueActions { at_least } => format!("{at_least} or more improvement actions are overdue"),
    }
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

/// The built-in frameworks, a few lines each, `default` marked.
pub fn frameworks(frameworks: &[Framework], default: &str) -> String {
    let mut out = String::new();
    for fw in frameworks {
        let id = &fw.id;
        let descriptors = fw.descriptors.len();
        let _ = writeln!(
            out,
            "{id}{}\n  {}\n  in force {}; {} judgements{}; {descriptors} descriptors; {} indicators\n",
            if id == default { " (default)" } else { "" },
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
    out
}

/// The whole framework as plain text: enough to fill in evidence files from.
pub fn framework(fw: &Framework) -> String {
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
