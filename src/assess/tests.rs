//! One test per rule of the assessment, on small councils built in memory
//! against the built-in frameworks and the built-in rules.

use std::path::PathBuf;

use super::prose::find_phrase;
use super::*;
use crate::date::Date;
use crate::diag::{Diagnostics, SourceFile};
use crate::load::{self, FrameworkRef};
use crate::model::evidence::{Action, ActionStatus, Evidence, Finding, IndicatorValue, Origin, Period, Source};
use crate::model::framework::Framework;
use crate::model::library::{Phrase, Rules};

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn framework(id: &str) -> Framework {
    let mut diags = Diagnostics::default();
    load::framework::load(&FrameworkRef::BuiltIn(id.into()), None, &mut diags).expect("built-in framework")
}

fn rules() -> Rules {
    load::rules().expect("built-in rules")
}

/// A council with no findings yet, period April 2025 to March 2026.
fn council(framework_id: &str) -> Evidence {
    Evidence {
        folder: PathBuf::from("test"),
        council: "Testshire".into(),
        framework: framework(framework_id),
        prepared_by: "QA".into(),
        prepared_on: date(2026, 5, 1),
        marking: "OFFICIAL".into(),
        period: Period {
            start: date(2025, 4, 1),
            end: date(2026, 3, 31),
        },
        previous: None,
        last_inspection: None,
        findings: vec![],
        indicators: vec![],
        actions: vec![],
    }
}

fn source(kind: &str, on: Date) -> Source {
    Source {
        kind: kind.into(),
        title: format!("{kind} report"),
        date: on,
        showed: "What it showed.".into(),
    }
}

/// Sources of three strands from February 2026: strong evidence.
fn triangulated() -> Vec<Source> {
    ["performance-data", "case-audit", "child-family-feedback"]
        .iter()
        .map(|k| source(k, date(2026, 2, 1)))
        .collect()
}

fn set(e: &mut Evidence, descriptor: &str, rating: Option<&str>, summary: &str, sources: Vec<Source>) {
    e.findings.retain(|f| f.descriptor != descriptor);
    e.findings.push(Finding {
        descriptor: descriptor.into(),
        rating: rating.map(str::to_string),
        summary: summary.into(),
        impact: "Children are safer.".into(),
        sources,
        origin: Origin {
            file: PathBuf::from("findings/x.toml"),
            line: 1,
        },
    });
}

/// Every descriptor rated `rating`, with triangulated, recent evidence.
fn rate_all(e: &mut Evidence, rating: &str) {
    let ids: Vec<String> = e.framework.descriptors.iter().map(|d| d.id.clone()).collect();
    for id in ids {
        set(e, &id, Some(rating), "Practice is as rated.", triangulated());
    }
}

fn indicator(e: &mut Evidence, id: &str, value: f64, previous: Option<f64>) {
    e.indicators.retain(|i| i.id != id);
    e.indicators.push(IndicatorValue {
        id: id.into(),
        value: Some(value),
        previous,
        target: None,
        period: None,
        note: None,
    });
}

/// What reading a pattern file gives: the patterns, and the problems rendered.
fn read_patterns(toml: &str) -> (Vec<Pattern>, String) {
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    let reports = load::library::reports(&mut diags);
    load::library::read_patterns(
        &SourceFile::new("test.toml", toml),
        &rules(),
        &reports,
        &mut out,
        &mut diags,
    );
    (out, diags.render())
}

fn run(e: &Evidence, pattern_toml: &str) -> Assessment {
    let (patterns, problems) = read_patterns(pattern_toml);
    assert_eq!(problems, "");
    assess(
        e,
        &Library {
            rules: rules(),
            patterns,
        },
    )
}

fn judgement<'a>(a: &'a Assessment, id: &str) -> &'a JudgementResult {
    a.judgements.iter().find(|j| j.judgement == id).unwrap()
}

fn grade(a: &Assessment, id: &str) -> String {
    judgement(a, id).grade.clone()
}

fn descriptor<'a>(a: &'a Assessment, id: &str) -> &'a DescriptorResult {
    a.descriptors.iter().find(|d| d.descriptor == id).unwrap()
}

/// An action on hp.plans.
fn action(id: &str, due: Date, status: ActionStatus) -> Action {
    Action {
        id: id.into(),
        descriptors: vec!["hp.plans".into()],
        action: "Do it.".into(),
        owner: "Head of Service".into(),
        due,
        status,
        origin: None,
        origin_ref: None,
        progress: None,
    }
}

/// Whether the assessment lists a gap of this kind for this descriptor.
fn has_gap(a: &Assessment, kind: GapKind, descriptor: &str) -> bool {
    a.gaps
        .iter()
        .any(|g| g.kind == kind && g.descriptor.as_deref() == Some(descriptor))
}

/// A library file holding one pattern: `fields` are its kind, effect and
/// triggers as TOML lines; its one precedent is graded `grade` (none if empty).
fn pattern(id: &str, judgement: &str, descriptor: &str, fields: &str, grade: &str) -> String {
    let grade = if grade.is_empty() {
        String::new()
    } else {
        format!("grade = \"{grade}\"\n")
    };
    format!(
        "[[pattern]]\nid = \"{id}\"\ntitle = \"{id}\"\njudgements = [\"{judgement}\"]\n\
         descriptors = [\"{descriptor}\"]\nfound = \"Found.\"\nsigns = \"Signs.\"\n{fields}\n\
         [[pattern.precedent]]\nseed = \"000_84dec07588bc1065.txt\"\nparagraph = 1\n\
         judgement = \"{judgement}\"\n{grade}quote = \"Plans are not specific.\"\n"
    )
}

/// A strength in help and protection: the front door rated strong and, when
/// `needs` is 2, described "as rated".
fn strength(needs: usize, grade: &str) -> String {
    let fields = format!(
        "kind = \"strength\"\neffect = \"support\"\nneeds = {needs}\n\
         [[pattern.trigger]]\ndescriptor = \"hp.front-door\"\nrating_at_least = \"strong\"\n\
         [[pattern.trigger]]\nphrases = [\"as rated\"]\nin = [\"hp.front-door\"]"
    );
    pattern("strong-front-door", "help-protection", "hp.front-door", &fields, grade)
}

/// A risk in plans, shown by "too generic" or "not specific"; a limit also
/// needs the finding to rest on some evidence.
fn plans_risk(effect: &str, grade: &str) -> String {
    let limit = if effect == "limit" {
        "limit = \"requires-improvement\"\nneeds = 2\n\
         [[pattern.trigger]]\ndescriptor = \"hp.plans\"\nevidence_at_least = \"developing\"\n"
    } else {
        ""
    };
    let fields = format!(
        "kind = \"risk\"\neffect = \"{effect}\"\n{limit}[[pattern.trigger]]\nphrases = [\"too generic\", \"not specific\"]"
    );
    pattern(
        &format!("plans-{effect}"),
        "help-protection",
        "hp.plans",
        &fields,
        grade,
    )
}

// ---------------------------------------------------------------- evidence strength

#[test]
fn evidence_is_strong_when_three_strands_are_recent_and_impact_is_stated() {
    let mut e = council("ilacs-2026");
    set(&mut e, "hp.front-door", Some("strong"), "Good.", triangulated());
    let a = run(&e, "");
    let d = descriptor(&a, "hp.front-door");
    assert_eq!(d.evidence.level, "strong");
    assert_eq!(d.evidence.sources, 3);
    assert!(
        d.evidence
            .summary
            .starts_with("strong: 3 sources of 3 kinds, newest 1 month old")
    );
}

#[test]
fn evidence_without_the_voice_of_children_is_secure_and_says_so() {
    let mut e = council("ilacs-2026");
    let sources = vec![
        source("performance-data", date(2026, 1, 10)),
        source("case-audit", date(2025, 11, 5)),
    ];
    set(&mut e, "hp.front-door", Some("strong"), "Good.", sources);
    let a = run(&e, "");
    let d = descriptor(&a, "hp.front-door");
    assert_eq!(d.evidence.level, "secure");
    assert!(
        d.evidence
            .summary
            .contains("no feedback from children, families or staff")
    );
    assert_eq!(d.self_rating, SelfRating::OverRated);
    assert_eq!(d.assessed, "secure");
}

#[test]
fn stale_or_missing_evidence_never_makes_practice_weak() {
    let mut e = council("ilacs-2026");
    set(
        &mut e,
        "hp.front-door",
        Some("secure"),
        "Good.",
        vec![source("case-audit", date(2023, 1, 1))],
    );
    let a = run(&e, "");
    let d = descriptor(&a, "hp.front-door");
    assert_eq!(d.evidence.level, "weak");
    assert_eq!(d.evidence.stale_sources, 1);
    // Evidence alone caps at "developing", never "weak": missing evidence is a gap, not harm.
    assert_eq!(d.assessed, "developing");
    assert_ne!(grade(&a, "help-protection"), "inadequate");
    assert!(has_gap(&a, GapKind::StaleEvidence, "hp.front-door"));
}

#[test]
fn a_finding_without_impact_is_not_secure() {
    let mut e = council("ilacs-2026");
    set(&mut e, "hp.plans", Some("secure"), "Plans are good.", triangulated());
    e.findings.last_mut().unwrap().impact.clear();
    let a = run(&e, "");
    let d = descriptor(&a, "hp.plans");
    assert_eq!(d.evidence.level, "developing");
    assert!(d.evidence.summary.contains("impact on children not stated"));
    assert!(has_gap(&a, GapKind::NoImpact, "hp.plans"));
}

// ---------------------------------------------------------------- indicators

#[test]
fn indicators_are_banded_against_england_by_polarity() {
    let mut e = council("ilacs-2026");
    // Re-referrals: lower is better; England 22.6%; similar within 2 points.
    indicator(&mut e, "re-referrals-12m", 27.0, Some(30.0));
    // Assessments in 45 days: higher is better; England 85.7%.
    indicator(&mut e, "assessments-45-days", 84.0, Some(83.0));
    // No further action: context only.
    indicator(&mut e, "referrals-nfa", 12.0, None);
    let a = run(&e, "");
    let find = |id: &str| a.indicators.iter().find(|i| i.indicator == id).unwrap();
    let rr = find("re-referrals-12m");
    assert_eq!(rr.vs_comparator, Some(Band::Worse));
    let trend = rr.trend.as_ref().unwrap();
    assert_eq!((trend.direction, trend.judged), (Direction::Down, Some(Band::Better)));
    assert!(
        rr.summary.contains("worse than England (22.6%); improved from 30%"),
        "{}",
        rr.summary
    );
    // 1.7 points below England: within the 2-point band.
    assert_eq!(find("assessments-45-days").comparator, Some(85.7));
    assert_eq!(find("assessments-45-days").vs_comparator, Some(Band::Similar));
    assert_eq!(
        find("assessments-45-days").trend.as_ref().unwrap().direction,
        Direction::Flat
    );
    assert_eq!(find("referrals-nfa").vs_comparator, None);
}

#[test]
fn a_missing_indicator_is_a_gap_not_a_zero() {
    let e = council("ilacs-2026");
    let a = run(&e, "");
    let rr = a.indicators.iter().find(|i| i.indicator == "re-referrals-12m").unwrap();
    assert_eq!(rr.value, None);
    assert_eq!(rr.vs_comparator, None);
    assert!(rr.summary.starts_with("not recorded"));
    assert!(
        a.gaps
            .iter()
            .any(|g| g.kind == GapKind::MissingIndicator && g.text.contains("Re-referrals"))
    );
}

#[test]
fn worse_indicators_cap_the_descriptor_they_inform() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "strong");
    indicator(&mut e, "re-referrals-12m", 35.0, None);
    indicator(&mut e, "referrals-nfa", 40.0, None);
    for (id, value) in [("cp-second-plan", 40.0), ("cp-2-years-plus", 10.0)] {
        indicator(&mut e, id, value, None);
    }
    let a = run(&e, "");
    // One worse indicator (re-referrals) caps the front door at secure.
    assert_eq!(descriptor(&a, "hp.front-door").assessed, "secure");
    // Two or more (second plans, long plans) cap plans at developing.
    assert_eq!(descriptor(&a, "hp.plans").assessed, "developing");
    assert!(descriptor(&a, "hp.plans").supported_because[0].starts_with("worse than England"));
}

// ---------------------------------------------------------------- patterns

#[test]
fn phrases_match_whole_words_in_any_case_but_not_where_the_problem_is_over() {
    let markers = rules().narrative.resolved_markers;
    let phrases = vec![Phrase::new("not specific"), Phrase::new("drift")];
    assert_eq!(
        find_phrase("Some plans are NOT\n  specific enough.", &phrases, &markers).as_deref(),
        Some("not specific")
    );
    assert_eq!(
        find_phrase("Plans are not specifically reviewed.", &phrases, &markers),
        None
    );
    assert_eq!(find_phrase("Speeches were adrift.", &phrases, &markers), None);
    assert_eq!(
        find_phrase("The audit noted specific improvements.", &phrases, &markers),
        None
    );
    // "e.g." and decimals do not end a sentence; a real full stop does.
    assert_eq!(
        find_phrase(
            "We found, e.g. in 2.5% of plans, no longer any drift.",
            &phrases,
            &markers
        ),
        None
    );
    assert_eq!(
        find_phrase("We previously saw delay. Some plans drift.", &phrases, &markers).as_deref(),
        Some("drift")
    );
    // Plain endings and possessives still match.
    assert_eq!(
        find_phrase("Some plans drifted.", &phrases, &markers).as_deref(),
        Some("drift")
    );
    let team = vec![Phrase::new("turnover in the disabled children team")];
    assert!(
        find_phrase(
            "Turnover in the disabled children\u{2019}s team is high.",
            &team,
            &markers
        )
        .is_some()
    );
    assert_eq!(
        find_phrase("Plans were previously not specific.", &phrases, &markers),
        None
    );
    assert_eq!(
        find_phrase(
            "Drift is no longer seen. But plans are not specific.",
            &phrases,
            &markers
        )
        .as_deref(),
        Some("not specific")
    );
}

#[test]
fn a_risk_pattern_caps_its_descriptor_and_a_limit_pattern_caps_the_grade() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "strong");
    set(
        &mut e,
        "hp.plans",
        Some("strong"),
        "Plans are strong, though some are too generic.",
        triangulated(),
    );
    let a = run(
        &e,
        &(plans_risk("limit", "requires-improvement") + &strength(2, "good")),
    );
    let m = a.patterns.iter().find(|m| m.id == "plans-limit").expect("matched");
    assert!(m.signs.iter().any(|s| s.contains("\"too generic\"")), "{:?}", m.signs);
    assert_eq!(descriptor(&a, "hp.plans").assessed, "developing");
    assert_eq!(descriptor(&a, "hp.plans").self_rating, SelfRating::OverRated);
    let hp = judgement(&a, "help-protection");
    assert_eq!(hp.score_grade, "outstanding");
    assert_eq!(hp.grade, "requires-improvement");
    assert!(hp.limits.iter().any(|l| l.decisive && l.reason.contains("plans-limit")));
    assert_eq!(hp.reasons[0].kind, ReasonKind::Limit);
    assert!(a.gaps[0].kind == GapKind::LimitPattern);
}

/// What reading a pattern file reports, rendered.
fn problems(toml: String) -> String {
    read_patterns(&toml).1
}

#[test]
fn a_limit_must_agree_with_the_grades_its_precedents_were_given() {
    // Seen where the judgement was Good, so it cannot hold a grade at Requires improvement.
    assert!(problems(plans_risk("limit", "good")).contains("does not match the best grade among its precedents"));
    assert!(problems(plans_risk("limit", "")).contains("a limit needs a graded precedent"));
    assert_eq!(problems(plans_risk("limit", "requires-improvement")), "");
}

#[test]
fn long_quotes_and_impossible_triggers_are_refused() {
    let long = plans_risk("flag", "good").replace("Plans are not specific.", &["word"; 30].join(" "));
    assert!(problems(long).contains("keep quotes under 25"));
    let needs_three = plans_risk("flag", "good").replace("effect = \"flag\"", "effect = \"flag\"\nneeds = 3");
    assert!(problems(needs_three).contains("it could never show"));
    // Two phrase lists are one sign: one sentence must never cap a grade.
    let one_sentence = plans_risk("limit", "requires-improvement").replace(
        "[[pattern.trigger]]\ndescriptor = \"hp.plans\"\nevidence_at_least = \"developing\"",
        "[[pattern.trigger]]\nphrases = [\"drift\"]",
    );
    assert!(problems(one_sentence).contains("all its phrase lists count as one"));
    let one_sign = plans_risk("limit", "requires-improvement").replace("needs = 2", "needs = 1");
    assert!(problems(one_sign).contains("needs at least two signs"));
}

#[test]
fn an_overrated_self_assessment_triggers_the_leaders_pattern() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "strong");
    // Half the findings rest on one old audit: rated strong, supported developing.
    let ids: Vec<String> = e
        .framework
        .descriptors
        .iter()
        .map(|d| d.id.clone())
        .step_by(2)
        .collect();
    for id in &ids {
        set(
            &mut e,
            id,
            Some("strong"),
            "Strong.",
            vec![source("case-audit", date(2025, 4, 2))],
        );
    }
    let toml = pattern(
        "still-discovering",
        "leaders",
        "lead.self-knowledge",
        "kind = \"risk\"\neffect = \"flag\"\n[[pattern.trigger]]\noverrated_share_at_least = 0.3",
        "requires-improvement",
    );
    let a = run(&e, &toml);
    assert!(a.self_awareness.over_rated_share >= 0.45, "{:?}", a.self_awareness);
    let m = a
        .patterns
        .iter()
        .find(|m| m.id == "still-discovering")
        .expect("matched");
    assert!(m.signs[0].contains("own ratings are higher than the evidence supports"));
    assert_eq!(descriptor(&a, "lead.self-knowledge").assessed, "developing");

    // Three ratings, all too high, are too few to say anything about leaders.
    let mut few = council("ilacs-2026");
    for id in ["hp.plans", "hp.front-door", "cic.homes"] {
        set(
            &mut few,
            id,
            Some("strong"),
            "Strong.",
            vec![source("case-audit", date(2025, 4, 2))],
        );
    }
    let a = run(&few, &toml);
    assert_eq!(a.self_awareness.over_rated.len(), 3);
    assert!(a.patterns.iter().all(|m| m.id != "still-discovering"));
}

#[test]
fn a_rating_below_what_the_evidence_shows_is_under_claimed() {
    let mut e = council("ilacs-2026");
    set(
        &mut e,
        "hp.assessments",
        Some("developing"),
        "Assessments.",
        triangulated(),
    );
    indicator(&mut e, "assessments-45-days", 99.0, None);
    let a = run(&e, "");
    assert_eq!(descriptor(&a, "hp.assessments").self_rating, SelfRating::UnderClaimed);
    // The council's own rating still counts: under-claiming never raises a grade.
    assert_eq!(descriptor(&a, "hp.assessments").assessed, "developing");
}

// ---------------------------------------------------------------- grades

#[test]
fn a_rating_alone_never_shows_a_strength() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "strong");
    set(
        &mut e,
        "hp.front-door",
        Some("strong"),
        "Practice is strong.",
        triangulated(),
    );
    let only_rating = strength(1, "good");
    let a = run(&e, &only_rating);
    assert!(a.patterns.iter().all(|m| m.id != "strong-front-door"));
    set(
        &mut e,
        "hp.front-door",
        Some("strong"),
        "Practice is as rated.",
        triangulated(),
    );
    let a = run(&e, &only_rating);
    assert!(a.patterns.iter().any(|m| m.id == "strong-front-door"));
}

#[test]
fn secure_everywhere_is_good_and_strong_needs_a_strength_pattern_for_outstanding() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "secure");
    let a = run(&e, "");
    assert!(a.judgements.iter().all(|j| j.grade == "good"), "{:?}", a.judgements);

    rate_all(&mut e, "strong");
    let a = run(&e, "");
    let hp = judgement(&a, "help-protection");
    assert_eq!((hp.score_grade.as_str(), hp.grade.as_str()), ("outstanding", "good"));
    assert!(
        hp.limits
            .iter()
            .any(|l| l.decisive && l.reason.contains("no pattern of strength"))
    );

    let a = run(&e, &strength(2, "good"));
    assert_eq!(grade(&a, "help-protection"), "outstanding");
}

#[test]
fn developing_everywhere_requires_improvement_and_weak_everywhere_is_inadequate() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "developing");
    let a = run(&e, "");
    assert!(a.judgements.iter().all(|j| j.grade == "requires-improvement"));
    rate_all(&mut e, "weak");
    let a = run(&e, "");
    assert!(a.judgements.iter().all(|j| j.grade == "inadequate"));
}

#[test]
fn one_weak_area_keeps_a_judgement_below_good() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "strong");
    set(&mut e, "cic.education", Some("weak"), "Weak.", triangulated());
    let a = run(&e, &strength(2, "good"));
    let cic = judgement(&a, "children-in-care");
    assert!(cic.score >= 2.5);
    assert_eq!(cic.grade, "requires-improvement");
}

#[test]
fn a_weak_front_door_leaves_children_at_risk_so_help_and_protection_is_inadequate() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "secure");
    set(
        &mut e,
        "hp.front-door",
        Some("weak"),
        "Referrals wait for days.",
        triangulated(),
    );
    let a = run(&e, "");
    assert_eq!(grade(&a, "help-protection"), "inadequate");
    let hp = judgement(&a, "help-protection");
    assert!(hp.reasons[0].text.contains("at risk of harm"));
    // Leaders are judged by their impact: within one grade of the weakest practice judgement.
    assert_eq!(grade(&a, "leaders"), "requires-improvement");
}

#[test]
fn overall_effectiveness_leans_on_leaders_and_is_inadequate_if_any_judgement_is() {
    let mut e = council("ilacs-2023");
    rate_all(&mut e, "secure");
    for id in ["cic.education", "cl.eet"] {
        set(&mut e, id, Some("weak"), "Weak.", triangulated());
    }
    let a = run(&e, "");
    // Leaders and help and protection Good, children in care and care leavers RI:
    // (2*2 + 2 + 1 + 1) / 5 = 1.6, nearest grade Good.
    assert_eq!(grade(&a, "children-in-care"), "requires-improvement");
    assert_eq!(a.overall.as_ref().unwrap().grade, "good");

    set(&mut e, "hp.strategy-s47", Some("weak"), "Weak.", triangulated());
    let a = run(&e, "");
    assert_eq!(grade(&a, "help-protection"), "inadequate");
    assert_eq!(a.overall.as_ref().unwrap().grade, "inadequate");

    let a = run(&council("ilacs-2026"), "");
    assert!(a.overall.is_none(), "ilacs-2026 does not grade overall effectiveness");
}

#[test]
fn unwritten_findings_count_as_developing_and_top_the_gaps() {
    let e = council("ilacs-2026");
    let a = run(&e, "");
    assert!(a.descriptors.iter().all(|d| d.assessed == "developing" && !d.written));
    assert!(a.judgements.iter().all(|j| j.grade == "requires-improvement"));
    assert_eq!(a.gaps[0].kind, GapKind::NoFinding);
}

#[test]
fn overdue_actions_are_those_open_past_their_due_date() {
    let mut e = council("ilacs-2026");
    e.actions = vec![
        action("A1", date(2026, 1, 1), ActionStatus::NotStarted),
        action("A2", date(2026, 1, 1), ActionStatus::Achieved),
        action("A3", date(2026, 9, 1), ActionStatus::InProgress),
        action("A4", date(2025, 12, 1), ActionStatus::PartiallyAchieved),
    ];
    let a = run(&e, "");
    let ids: Vec<&str> = a.overdue_actions.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["A1", "A4"]);
    assert!(
        a.gaps
            .iter()
            .any(|g| g.kind == GapKind::OverdueAction && g.judgement.as_deref() == Some("help-protection"))
    );
}

#[test]
fn gaps_are_ranked_by_the_points_in_the_rules() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "secure");
    set(
        &mut e,
        "hp.plans",
        Some("secure"),
        "Plans are too generic.",
        triangulated(),
    );
    let a = run(&e, &plans_risk("limit", "requires-improvement"));
    let points: Vec<f64> = a.gaps.iter().map(|g| g.points).collect();
    assert!(points.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(a.gaps[0].kind, GapKind::LimitPattern);
    assert_eq!(
        a.gaps.iter().map(|g| g.rank).collect::<Vec<_>>(),
        (1..=a.gaps.len()).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------- the library

#[test]
fn every_built_in_pattern_applies_to_every_built_in_framework() {
    for (id, _, _) in load::BUILT_IN {
        let fw = framework(id);
        let library = load::library().unwrap_or_else(|e| panic!("{e}"));
        assert!(library.patterns.len() >= 25, "{} patterns", library.patterns.len());
        for p in &library.patterns {
            assert!(p.applies_to(&fw), "{} does not apply to {id}", p.id);
            assert!(!p.precedents.is_empty());
        }
    }
}

#[test]
fn a_flag_caps_its_descriptor_at_secure_and_rules_out_outstanding() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "strong");
    set(
        &mut e,
        "hp.plans",
        Some("strong"),
        "Some child in need plans are too generic.",
        triangulated(),
    );
    let a = run(&e, &(plans_risk("flag", "good") + &strength(2, "good")));
    assert_eq!(descriptor(&a, "hp.plans").assessed, "secure");
    let hp = judgement(&a, "help-protection");
    assert_eq!(hp.score_grade, "outstanding");
    assert_eq!(hp.grade, "good");
    assert!(
        hp.limits
            .iter()
            .any(|l| l.decisive && l.reason.contains("known weakness seen in inspections"))
    );
}

#[test]
fn patterns_move_the_score_only_the_way_their_precedents_point() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "secure");
    set(
        &mut e,
        "hp.plans",
        Some("secure"),
        "Some child in need plans are too generic.",
        triangulated(),
    );
    let adjustment = |grade: &str| {
        let a = run(&e, &plans_risk("flag", grade));
        judgement(&a, "help-protection").pattern_adjustment
    };
    // Also seen where help and protection was Good: no sign the grade is lower.
    assert_eq!(adjustment("good"), 0.0);
    // Seen only where it Required improvement: a little off the score.
    assert_eq!(adjustment("requires-improvement"), -0.1);

    // A strength seen only below Good adds nothing.
    rate_all(&mut e, "strong");
    let strength = |grade: &str| {
        let a = run(&e, &strength(2, grade));
        judgement(&a, "help-protection").pattern_adjustment
    };
    assert_eq!(strength("good"), 0.1);
    assert_eq!(strength("requires-improvement"), 0.0);
}

#[test]
fn patterns_alone_never_make_a_judgement_inadequate() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "developing");
    set(
        &mut e,
        "hp.plans",
        Some("developing"),
        "Some plans are too generic.",
        triangulated(),
    );
    let a = run(&e, &plans_risk("flag", "requires-improvement"));
    let hp = judgement(&a, "help-protection");
    assert!(hp.score < 1.0, "the flag takes the score below 1.0: {}", hp.score);
    assert_eq!(hp.grade, "requires-improvement");
}

/// Whether a flag on hp.plans with this one trigger shows for `e`.
fn shows(e: &Evidence, trigger: &str) -> bool {
    let fields = format!("kind = \"risk\"\neffect = \"flag\"\n[[pattern.trigger]]\n{trigger}");
    let a = run(e, &pattern("probe", "help-protection", "hp.plans", &fields, "good"));
    a.patterns.iter().any(|m| m.id == "probe")
}

#[test]
fn each_kind_of_sign_holds_when_the_evidence_shows_it() {
    let mut e = council("ilacs-2026");
    rate_all(&mut e, "secure");
    // Re-referrals 27% against England's 22.6%: 4.4 points worse.
    indicator(&mut e, "re-referrals-12m", 27.0, None);
    assert!(shows(
        &e,
        "indicator = \"re-referrals-12m\"\nworse_than_comparator_by = 4.0"
    ));
    assert!(!shows(
        &e,
        "indicator = \"re-referrals-12m\"\nworse_than_comparator_by = 5.0"
    ));
    assert!(shows(&e, "indicator = \"re-referrals-12m\"\nband = \"worse\""));
    assert!(shows(&e, "indicator = \"re-referrals-12m\"\nabove = 25.0"));
    assert!(!shows(&e, "indicator = \"re-referrals-12m\"\nbelow = 25.0"));
    // A missing value never shows anything.
    assert!(!shows(&e, "indicator = \"cp-second-plan\"\nabove = 0.0"));

    assert!(shows(&e, "descriptor = \"hp.plans\"\nrating_at_least = \"secure\""));
    assert!(!shows(&e, "descriptor = \"hp.plans\"\nrating_at_most = \"developing\""));
    assert!(shows(&e, "descriptor = \"hp.plans\"\nevidence_at_least = \"strong\""));
    assert!(shows(&e, "accurate_share_at_least = 0.9"));
    assert!(!shows(&e, "overrated_share_at_least = 0.1"));

    assert!(!shows(&e, "overdue_actions_at_least = 1"));
    e.actions
        .push(action("A1", date(2026, 1, 31), ActionStatus::InProgress));
    assert!(shows(&e, "overdue_actions_at_least = 1"));
}

#[test]
fn sources_turn_stale_on_the_same_day_check_warns_about_them() {
    let mut e = council("ilacs-2026");
    // 18 months before 31 March 2026 is 30 September 2024.
    set(
        &mut e,
        "hp.plans",
        Some("secure"),
        "Plans.",
        vec![source("case-audit", date(2024, 9, 30))],
    );
    set(
        &mut e,
        "hp.assessments",
        Some("secure"),
        "Assessments.",
        vec![source("case-audit", date(2024, 9, 29))],
    );
    let a = run(&e, "");
    assert_eq!(descriptor(&a, "hp.plans").evidence.stale_sources, 0);
    assert_eq!(descriptor(&a, "hp.plans").evidence.level, "developing");
    assert_eq!(descriptor(&a, "hp.assessments").evidence.stale_sources, 1);
    assert_eq!(descriptor(&a, "hp.assessments").evidence.level, "weak");
}

#[test]
fn a_finding_without_a_rating_counts_as_developing() {
    let mut e = council("ilacs-2026");
    set(&mut e, "hp.plans", None, "Plans are improving.", triangulated());
    let a = run(&e, "");
    let d = descriptor(&a, "hp.plans");
    assert_eq!(
        (d.assessed.as_str(), d.self_rating),
        ("developing", SelfRating::NotRated)
    );
    assert!(has_gap(&a, GapKind::NoRating, "hp.plans"));
}

#[test]
fn a_better_indicator_does_not_back_a_higher_rating_while_another_is_worse() {
    let mut e = council("ilacs-2026");
    set(&mut e, "hp.plans", Some("developing"), "Plans.", triangulated());
    // Second plans better than England (24.5%), plans over two years worse (2.3%).
    indicator(&mut e, "cp-second-plan", 15.0, None);
    indicator(&mut e, "cp-2-years-plus", 6.0, None);
    let a = run(&e, "");
    assert_eq!(descriptor(&a, "hp.plans").self_rating, SelfRating::Accurate);
    indicator(&mut e, "cp-2-years-plus", 2.0, None);
    let a = run(&e, "");
    assert_eq!(descriptor(&a, "hp.plans").self_rating, SelfRating::UnderClaimed);
}

#[test]
fn leaders_may_be_one_grade_above_the_weakest_judgement_and_a_half_rounds_down() {
    let mut e = council("ilacs-2018");
    rate_all(&mut e, "secure");
    set(&mut e, "hp.plans", Some("weak"), "Weak.", triangulated());
    set(&mut e, "cic.education", Some("weak"), "Weak.", triangulated());
    let a = run(&e, "");
    assert_eq!(grade(&a, "help-protection"), "requires-improvement");
    assert_eq!(grade(&a, "children-in-care"), "requires-improvement");
    assert_eq!(grade(&a, "leaders"), "good");
    // (Good 2 x 2 + 1 + 1) / 4 = 1.5: halfway, so the lower grade.
    let overall = a.overall.unwrap();
    assert_eq!((overall.score, overall.grade.as_str()), (1.5, "requires-improvement"));
}

#[test]
fn a_framework_in_other_words_is_refused_not_misread() {
    let mut e = council("ilacs-2026");
    e.framework.ratings[0].id = "excellent".into();
    let library = load::library().unwrap();
    let error = load::fits(&library.rules, &e.framework).unwrap_err().to_string();
    assert!(error.contains("its ratings are excellent, secure"), "{error}");
    assert!(error.contains("keep those ids"));
}

#[test]
fn a_judgement_without_descriptors_is_not_graded() {
    let mut e = council("ilacs-2023");
    rate_all(&mut e, "secure");
    e.framework.descriptors.retain(|d| d.judgement != "care-leavers");
    e.findings.retain(|f| !f.descriptor.starts_with("cl."));
    let a = run(&e, "");
    assert!(a.judgements.iter().all(|j| j.judgement != "care-leavers"));
    assert_eq!(a.judgements_not_assessed, ["care-leavers"]);
    assert_eq!(a.overall.unwrap().grade, "good");
}
