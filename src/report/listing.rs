//! What the terminal shows of selfeval's own data: the frameworks, and the
//! pattern library with the reports behind each pattern.

use std::fmt::Write as _;

use super::summary::wrap;
use crate::model::framework::{Framework, Unit};
use crate::model::language::GRADES;
use crate::model::library::{Effect, IndicatorTest, Kind, Pattern, Precedent, Trigger};
use crate::text::plural;

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
        "\nIndicators ({}: DfE's latest published figure, or frameworks/comparators.toml where DfE publishes no series):",
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
fn effect(p: &Pattern, framework: &Framework) -> String {
    match p.effect {
        Effect::Flag => "risk, caps the areas it shows in".into(),
        Effect::Limit => format!(
            "risk, limits the grade to {}",
            p.limit
                .as_deref()
                .and_then(|l| framework.grade(l))
                .map_or("?", |g| g.label.as_str())
        ),
        Effect::Support => "strength, supports a higher grade".into(),
        Effect::Noted => match p.kind {
            Kind::Risk => "risk, noted only".into(),
            Kind::Strength => "strength, noted only".into(),
        },
    }
}

/// "seen in 41 reports: 2 Good, 27 Requires improvement to be good, 12
/// Inadequate": where the corpus shows the pattern's words, best grade first.
fn seen(p: &Pattern, framework: &Framework) -> String {
    let total = p.seen.total();
    if total == 0 {
        return "not seen in the inspection reports".into();
    }
    let by_grade: Vec<String> = GRADES
        .iter()
        .zip(p.seen.reports)
        .rev()
        .filter(|(_, n)| *n > 0)
        .map(|(g, n)| format!("{n} {}", framework.grade_label(g)))
        .collect();
    format!("seen in {}: {}", plural(total as usize, "report"), by_grade.join(", "))
}

pub(super) fn precedent_line(p: &Precedent, framework: &Framework) -> String {
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
            wrap(&mut out, &format!("({})", seen(p, framework)), 4, 4);
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
    let _ = writeln!(
        out,
        "In the inspection reports: {}; the effect follows from these counts (frameworks/assessment.toml, [patterns.effect]).",
        seen(p, framework)
    );
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
            format!(
                "a sentence of the findings for {scope} says {}, not negated and not said to be over",
                quoted.join(" or ")
            )
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
        Trigger::FarOverratedShare { at_least } => format!(
            "at least {:.0}% of the council's own ratings are two levels or more above what the evidence supports",
            at_least * 100.0
        ),
        Trigger::AccurateShare { at_least } => format!(
            "at least {:.0}% of the council's own ratings match the evidence",
            at_least * 100.0
        ),
        Trigger::OverdueActions { at_least } => format!("{at_least} or more improvement actions are overdue"),
    }
}
