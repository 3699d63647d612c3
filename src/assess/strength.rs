//! How well a finding is evidenced: how many sources, of how many kinds,
//! whether they triangulate, how recent, and whether impact is stated.

use super::EvidenceStrength;
use crate::model::evidence::{Finding, Period};
use crate::model::framework::{Framework, Strand};
use crate::model::library::Rules;

/// Recency is counted the way `check` counts it (`Period::is_stale`).
pub fn evidence_strength(
    finding: Option<&Finding>,
    framework: &Framework,
    rules: &Rules,
    period: Period,
) -> EvidenceStrength {
    let period_end = period.end;
    let sources = finding.map_or(&[][..], |f| &f.sources[..]);
    let mut kinds: Vec<&str> = sources.iter().map(|s| s.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut strands: Vec<Strand> = kinds
        .iter()
        .filter_map(|k| framework.source_kind(k).map(|k| k.strand))
        .collect();
    strands.sort_unstable();
    strands.dedup();
    let missing_strands: Vec<Strand> = rules
        .evidence
        .triangulate
        .iter()
        .filter(|s| !strands.contains(s))
        .copied()
        .collect();

    let newest = sources.iter().map(|s| s.date).max();
    let newest_months = newest.map(|d| d.months_until(period_end));
    let stale_sources = sources
        .iter()
        .filter(|s| period.is_stale(s.date, rules.evidence.stale_after_months))
        .count();
    let impact_stated = finding.is_some_and(|f| !f.impact.trim().is_empty());

    let mut level = 0;
    for rule in &rules.evidence.level {
        let meets = sources.len() >= rule.min_sources
            && kinds.len() >= rule.min_kinds
            && strands.len() >= rule.min_strands
            && (missing_strands.is_empty() || !rule.triangulated)
            && newest.is_some_and(|d| d >= period_end.months_before(rule.newest_within_months))
            && (impact_stated || !rule.impact_stated);
        if meets {
            level = rules.level(&rule.level).unwrap_or(0);
            break;
        }
    }

    let mut summary = format!("{}: ", rules.level_id(level));
    summary.push_str(&match sources.len() {
        0 => "no sources".to_string(),
        1 => "1 source".to_string(),
        n => format!(
            "{n} sources of {} {}",
            kinds.len(),
            if kinds.len() == 1 { "kind" } else { "kinds" }
        ),
    });
    if let Some(m) = newest_months {
        summary.push_str(&match m {
            0 => ", newest from the last month of the period".to_string(),
            1 => ", newest 1 month old".to_string(),
            m => format!(", newest {m} months old"),
        });
    }
    let mut lacks: Vec<String> = missing_strands.iter().map(|s| lacking(*s).to_string()).collect();
    if stale_sources > 0 {
        lacks.push(format!(
            "{stale_sources} older than {} months",
            rules.evidence.stale_after_months
        ));
    }
    if finding.is_some() && !impact_stated {
        lacks.push("impact on children not stated".to_string());
    }
    if !lacks.is_empty() {
        summary.push_str("; ");
        summary.push_str(&lacks.join("; "));
    }

    EvidenceStrength {
        level: rules.level_id(level).to_string(),
        sources: sources.len(),
        kinds: kinds.len(),
        strands,
        missing_strands,
        newest_months,
        stale_sources,
        impact_stated,
        summary,
    }
}

/// What a missing strand means, in the words a council would use.
pub fn lacking(strand: Strand) -> &'static str {
    match strand {
        Strand::Data => "no performance data",
        Strand::Practice => "no case audit or practice observation",
        Strand::Voice => "no feedback from children, families or staff",
        Strand::External => "no external view",
    }
}
