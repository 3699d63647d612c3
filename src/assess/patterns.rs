//! The pattern library (`frameworks/patterns/*.toml`): findings that recur in
//! real inspection reports, what shows them in a council's own evidence, and
//! the reports they were seen in.
//!
//! A pattern is checked against facts the assessment has already worked out
//! (evidence levels, indicator bands, self-awareness), never against files.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::framework::Framework;
use crate::tomlfile;

/// Built-in pattern files, in the order `selfeval patterns` lists them.
pub const FILES: &[(&str, &str)] = &[
    ("leaders.toml", include_str!("../../frameworks/patterns/leaders.toml")),
    (
        "help-and-protection.toml",
        include_str!("../../frameworks/patterns/help-and-protection.toml"),
    ),
    (
        "children-in-care.toml",
        include_str!("../../frameworks/patterns/children-in-care.toml"),
    ),
    (
        "care-leavers.toml",
        include_str!("../../frameworks/patterns/care-leavers.toml"),
    ),
];

/// Quotes from inspection reports stay short: a precedent, not a copy.
const MAX_QUOTE_WORDS: usize = 25;

#[derive(Debug, Clone, Serialize)]
pub struct Pattern {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub judgements: Vec<String>,
    pub descriptors: Vec<String>,
    pub found: String,
    pub signs: String,
    pub effect: Effect,
    pub limit: Option<String>,
    pub needs: usize,
    pub triggers: Vec<Trigger>,
    pub precedents: Vec<Precedent>,
    /// Where it is written, e.g. "frameworks/patterns/leaders.toml".
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Risk,
    Strength,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// A risk to name; it caps the descriptors it shows in.
    Flag,
    /// A risk serious enough to cap the judgement's grade.
    Limit,
    /// A strength that supports a higher grade.
    Support,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precedent {
    /// The document's name as a reader knows it, from reports.toml.
    #[serde(default, skip_deserializing)]
    pub report: String,
    pub seed: String,
    pub paragraph: u32,
    pub judgement: String,
    pub grade: Option<String>,
    pub quote: String,
}

/// One sign of a pattern in a council's evidence.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "sign", rename_all = "kebab-case")]
pub enum Trigger {
    /// Words in the findings' narrative (summary, impact, what sources showed).
    Phrases {
        phrases: Vec<Phrase>,
        within: Vec<String>,
    },
    /// The council's own rating of a descriptor.
    Rating {
        descriptor: String,
        at_most: Option<String>,
        at_least: Option<String>,
    },
    /// How well a descriptor's finding is evidenced.
    Evidence {
        descriptor: String,
        at_most: Option<String>,
        at_least: Option<String>,
    },
    Indicator {
        indicator: String,
        test: IndicatorTest,
    },
    OverratedShare {
        at_least: f64,
    },
    AccurateShare {
        at_least: f64,
    },
    OverdueActions {
        at_least: usize,
    },
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorTest {
    WorseThanComparatorBy(f64),
    Band(super::Band),
    Above(f64),
    Below(f64),
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    pattern: Vec<Spanned<RawPattern>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: String,
    kind: Kind,
    title: String,
    judgements: Vec<String>,
    descriptors: Vec<String>,
    found: String,
    signs: String,
    effect: Effect,
    limit: Option<String>,
    needs: Option<usize>,
    #[serde(default)]
    trigger: Vec<RawTrigger>,
    #[serde(default)]
    precedent: Vec<Precedent>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    phrases: Option<Vec<String>>,
    #[serde(rename = "in")]
    within: Option<Vec<String>>,
    descriptor: Option<String>,
    rating_at_most: Option<String>,
    rating_at_least: Option<String>,
    evidence_at_most: Option<String>,
    evidence_at_least: Option<String>,
    indicator: Option<String>,
    worse_than_comparator_by: Option<f64>,
    band: Option<super::Band>,
    above: Option<f64>,
    below: Option<f64>,
    overrated_share_at_least: Option<f64>,
    accurate_share_at_least: Option<f64>,
    overdue_actions_at_least: Option<usize>,
}

impl RawTrigger {
    fn into_trigger(self) -> Result<Trigger, &'static str> {
        let forms = [
            self.phrases.is_some(),
            self.rating_at_most.is_some() || self.rating_at_least.is_some(),
            self.evidence_at_most.is_some() || self.evidence_at_least.is_some(),
            self.indicator.is_some(),
            self.overrated_share_at_least.is_some(),
            self.accurate_share_at_least.is_some(),
            self.overdue_actions_at_least.is_some(),
        ];
        if forms.iter().filter(|f| **f).count() != 1 {
            return Err(
                "each trigger takes exactly one form: phrases, a rating, an evidence level, an indicator, a self-awareness share or overdue actions",
            );
        }
        if let Some(phrases) = self.phrases {
            if phrases.is_empty() || phrases.iter().any(|p| p.trim().is_empty()) {
                return Err("`phrases` needs at least one non-empty phrase");
            }
            return Ok(Trigger::Phrases {
                phrases: phrases.iter().map(|p| Phrase::new(p)).collect(),
                within: self.within.unwrap_or_default(),
            });
        }
        if let Some(indicator) = self.indicator {
            let tests = [
                self.worse_than_comparator_by.map(IndicatorTest::WorseThanComparatorBy),
                self.band.map(IndicatorTest::Band),
                self.above.map(IndicatorTest::Above),
                self.below.map(IndicatorTest::Below),
            ];
            let mut given = tests.into_iter().flatten();
            return match (given.next(), given.next()) {
                (Some(test), None) => Ok(Trigger::Indicator { indicator, test }),
                _ => Err("an indicator trigger takes one of `worse_than_comparator_by`, `band`, `above`, `below`"),
            };
        }
        if self.rating_at_most.is_some() || self.rating_at_least.is_some() {
            let descriptor = self.descriptor.ok_or("a rating trigger names its `descriptor`")?;
            return Ok(Trigger::Rating {
                descriptor,
                at_most: self.rating_at_most,
                at_least: self.rating_at_least,
            });
        }
        if self.evidence_at_most.is_some() || self.evidence_at_least.is_some() {
            let descriptor = self.descriptor.ok_or("an evidence trigger names its `descriptor`")?;
            return Ok(Trigger::Evidence {
                descriptor,
                at_most: self.evidence_at_most,
                at_least: self.evidence_at_least,
            });
        }
        if let Some(at_least) = self.overrated_share_at_least {
            return Ok(Trigger::OverratedShare { at_least });
        }
        if let Some(at_least) = self.accurate_share_at_least {
            return Ok(Trigger::AccurateShare { at_least });
        }
        let at_least = self
            .overdue_actions_at_least
            .ok_or("a trigger needs one of its forms")?;
        Ok(Trigger::OverdueActions { at_least })
    }
}

/// The documents precedents cite (`frameworks/patterns/reports.toml`).
pub const REPORTS: (&str, &str) = ("reports.toml", include_str!("../../frameworks/patterns/reports.toml"));

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawReports {
    report: Vec<Report>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct Report {
    seed: String,
    title: String,
}

/// Reads every built-in pattern file. Grades are checked against the rules'
/// grade scale: precedents record what Ofsted gave, whatever scale a
/// council's own framework uses.
pub fn builtin(rules: &super::Rules, diags: &mut Diagnostics) -> Vec<Pattern> {
    let reports = reports(diags);
    let mut patterns: Vec<Pattern> = Vec::new();
    for (name, text) in FILES {
        let source = SourceFile::new(format!("frameworks/patterns/{name}"), *text);
        read(&source, rules, &reports, &mut patterns, diags);
    }
    patterns
}

/// The documents precedents may cite.
pub(super) fn reports(diags: &mut Diagnostics) -> Vec<Report> {
    let source = SourceFile::new(format!("frameworks/patterns/{}", REPORTS.0), REPORTS.1);
    tomlfile::parse::<RawReports>(&source, diags).map_or_else(Vec::new, |r| r.report)
}

/// Reads one pattern file into `patterns`, reporting every problem.
pub(super) fn read(
    source: &SourceFile,
    rules: &super::Rules,
    reports: &[Report],
    patterns: &mut Vec<Pattern>,
    diags: &mut Diagnostics,
) {
    let Some(file) = tomlfile::parse::<RawFile>(source, diags) else {
        return;
    };
    for raw in file.pattern {
        let span = raw.span();
        let mut problems: Vec<String> = Vec::new();
        let mut r = raw.into_inner();
        if patterns.iter().any(|p| p.id == r.id) {
            problems.push("it is given twice".into());
        }
        problems.extend(limit_problem(&r, rules));
        let mut triggers = Vec::new();
        for t in std::mem::take(&mut r.trigger) {
            match t.into_trigger() {
                Ok(t) => triggers.push(t),
                Err(message) => problems.push(message.into()),
            }
        }
        let needs = r.needs.unwrap_or(1);
        let signs = independent_signs(&triggers);
        if needs == 0 || needs > signs {
            problems.push(format!(
                "it needs {needs} signs but has {signs} independent ones (all its phrase lists count as one): it could never show"
            ));
        }
        if r.effect == Effect::Limit && needs < 2 {
            problems.push("a pattern that limits a grade needs at least two signs (`needs = 2`)".into());
        }
        if r.precedent.is_empty() {
            problems.push("it has no precedent: cite the report it was seen in".into());
        }
        for p in &mut r.precedent {
            let words = p.quote.split_whitespace().count();
            if words >= MAX_QUOTE_WORDS {
                problems.push(format!(
                    "the quote from {} is {words} words; keep quotes under {MAX_QUOTE_WORDS}",
                    p.seed
                ));
            }
            if let Some(g) = &p.grade
                && rules.rank(g).is_none()
            {
                problems.push(format!(
                    "a precedent's grade `{g}` is not one of {}",
                    rules.grade_scale.join(", ")
                ));
            }
            match reports.iter().find(|x| x.seed == p.seed) {
                Some(report) => p.report = report.title.clone(),
                None => problems.push(format!("the precedent `{}` is not in reports.toml", p.seed)),
            }
        }
        match (r.kind, r.effect) {
            (Kind::Risk, Effect::Flag | Effect::Limit) | (Kind::Strength, Effect::Support) => {}
            _ => problems.push("a risk's effect is `flag` or `limit`, a strength's is `support`".into()),
        }
        for message in problems {
            diags.push(
                Diagnostic::error(&source.path, format!("pattern `{}`: {message}", r.id)).at(source, span.clone()),
            );
        }
        patterns.push(Pattern {
            id: r.id,
            kind: r.kind,
            title: r.title,
            judgements: r.judgements,
            descriptors: r.descriptors,
            found: r.found,
            signs: r.signs,
            effect: r.effect,
            limit: r.limit.map(|l| crate::framework::normalise(&l)),
            needs,
            triggers,
            precedents: r.precedent,
            file: source.path.display().to_string(),
        });
    }
}

/// How many signs can hold at once: words in a council's narrative are one
/// sign however many phrase lists they match, so that one sentence never
/// counts twice.
fn independent_signs(triggers: &[Trigger]) -> usize {
    let phrases = triggers.iter().filter(|t| matches!(t, Trigger::Phrases { .. })).count();
    triggers.len() - phrases + phrases.min(1)
}

/// A pattern may cap a grade only at the best grade it has been seen with:
/// capping lower would contradict its own precedents.
fn limit_problem(r: &RawPattern, rules: &super::Rules) -> Option<String> {
    match (r.effect, &r.limit) {
        (Effect::Limit, None) => Some("effect `limit` needs `limit = \"<grade>\"`".into()),
        (Effect::Limit, Some(limit)) => {
            let Some(limit_rank) = rules.rank(limit) else {
                return Some(format!(
                    "the limit `{limit}` is not one of {}",
                    rules.grade_scale.join(", ")
                ));
            };
            let best = r
                .precedent
                .iter()
                .filter_map(|p| p.grade.as_deref())
                .filter_map(|g| rules.rank(g))
                .min();
            match best {
                None => Some("a limit needs a graded precedent; with none, use effect `flag`".into()),
                Some(best) if best != limit_rank => Some(format!(
                    "the limit `{limit}` does not match the best grade among its precedents (`{}`)",
                    rules.grade_scale[best]
                )),
                Some(_) => None,
            }
        }
        (_, Some(_)) => Some("`limit` is only for effect `limit`".into()),
        (_, None) => None,
    }
}

impl Pattern {
    /// The judgements of `framework` this pattern bears on: the ones it names
    /// that the framework has, else those its descriptors sit in (care
    /// leavers' patterns fall under children in care in ilacs-2018).
    pub fn judgements_in(&self, framework: &Framework) -> Vec<String> {
        let mut out: Vec<String> = self
            .judgements
            .iter()
            .filter(|j| framework.judgement(j).is_some())
            .cloned()
            .collect();
        if out.len() < self.judgements.len() {
            for d in self.descriptors_in(framework) {
                if let Some(descriptor) = framework.descriptor(&d) {
                    out.push(descriptor.judgement.clone());
                }
            }
        }
        framework
            .judgements
            .iter()
            .filter(|j| out.contains(&j.id))
            .map(|j| j.id.clone())
            .collect()
    }

    pub fn descriptors_in(&self, framework: &Framework) -> Vec<String> {
        self.descriptors
            .iter()
            .filter_map(|d| super::resolve(framework, d))
            .collect()
    }

    /// Whether every descriptor and indicator it names exists in `framework`
    /// (directly or through `replaces`), so that it can be checked at all.
    pub fn applies_to(&self, framework: &Framework) -> bool {
        let descriptor_ok = |d: &String| super::resolve(framework, d).is_some();
        self.descriptors.iter().all(descriptor_ok)
            && self.triggers.iter().all(|t| match t {
                Trigger::Phrases { within, .. } => within.iter().all(descriptor_ok),
                Trigger::Rating { descriptor, .. } | Trigger::Evidence { descriptor, .. } => descriptor_ok(descriptor),
                Trigger::Indicator { indicator, .. } => framework.indicator(indicator).is_some(),
                _ => true,
            })
            && !self.judgements_in(framework).is_empty()
    }
}

/// What the assessment knows when patterns are checked. Self-awareness is
/// only known after the descriptor levels, which the other patterns feed.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    pub evidence: &'a crate::evidence::Evidence,
    pub rules: &'a super::Rules,
    pub strengths: &'a std::collections::BTreeMap<String, super::EvidenceStrength>,
    pub indicators: &'a [super::IndicatorResult],
    pub overdue: usize,
    pub self_awareness: Option<&'a super::SelfAwareness>,
    /// Each finding's summary, impact and what its sources showed, by descriptor.
    pub prose: &'a std::collections::HashMap<&'a str, Vec<Prose>>,
}

impl Pattern {
    pub fn needs_self_awareness(&self) -> bool {
        self.triggers
            .iter()
            .any(|t| matches!(t, Trigger::OverratedShare { .. } | Trigger::AccurateShare { .. }))
    }

    /// The pattern's match if at least `needs` of its signs hold.
    pub fn check(&self, facts: &Facts<'_>) -> Option<super::PatternMatch> {
        let framework = &facts.evidence.framework;
        let mut held: Vec<(&Trigger, String)> = self
            .triggers
            .iter()
            .filter_map(|t| self.sign(t, facts).map(|s| (t, s)))
            .collect();
        // One council's words are one sign, however many phrase lists they match.
        let mut words_seen = false;
        held.retain(|(t, _)| !matches!(t, Trigger::Phrases { .. }) || !std::mem::replace(&mut words_seen, true));
        let specific = held
            .iter()
            .any(|(t, _)| !matches!(t, Trigger::Rating { .. } | Trigger::Evidence { .. }));
        if held.len() < self.needs
            || (self.kind == Kind::Strength && facts.rules.patterns.strength_needs_specific_sign && !specific)
        {
            return None;
        }
        let signs: Vec<String> = held.into_iter().map(|(_, s)| s).collect();
        Some(super::PatternMatch {
            id: self.id.clone(),
            kind: self.kind,
            title: self.title.clone(),
            effect: self.effect,
            limit: self.limit.clone(),
            judgements: self.judgements_in(framework),
            descriptors: self.descriptors_in(framework),
            found: self.found.clone(),
            signs,
            precedents: self.precedents.clone(),
        })
    }

    /// A line saying what in the evidence showed the sign, if it holds.
    fn sign(&self, trigger: &Trigger, facts: &Facts<'_>) -> Option<String> {
        let framework = &facts.evidence.framework;
        let level = |id: &Option<String>| id.as_deref().and_then(|l| facts.rules.level(l));
        let within = |score: u8, at_most: &Option<String>, at_least: &Option<String>| {
            level(at_most).is_none_or(|m| score <= m) && level(at_least).is_none_or(|m| score >= m)
        };
        match trigger {
            Trigger::Phrases { phrases, within: scope } => {
                let scope = if scope.is_empty() { &self.descriptors } else { scope };
                scope.iter().filter_map(|d| super::resolve(framework, d)).find_map(|d| {
                    let finding = facts.evidence.finding(&d)?;
                    let found = facts
                        .prose
                        .get(finding.descriptor.as_str())?
                        .iter()
                        .find_map(|p| p.find(phrases))?;
                    Some(format!(
                        "{d}: the narrative says \"{found}\" ({}:{})",
                        finding.origin.file.display(),
                        finding.origin.line
                    ))
                })
            }
            Trigger::Rating {
                descriptor,
                at_most,
                at_least,
            } => {
                let d = super::resolve(framework, descriptor)?;
                let rating = facts.evidence.finding(&d)?.rating.as_deref()?;
                let score = facts.rules.level(rating)?;
                within(score, at_most, at_least).then(|| format!("{d}: the council rates it {rating}"))
            }
            Trigger::Evidence {
                descriptor,
                at_most,
                at_least,
            } => {
                let d = super::resolve(framework, descriptor)?;
                let strength = facts.strengths.get(&d)?;
                let score = facts.rules.level(&strength.level)?;
                within(score, at_most, at_least).then(|| format!("{d}: evidence {}", strength.summary))
            }
            Trigger::Indicator { indicator, test } => {
                let result = facts.indicators.iter().find(|i| i.indicator == *indicator)?;
                let ind = framework.indicator(indicator)?;
                let value = result.value?;
                let holds = match *test {
                    IndicatorTest::Above(limit) => value > limit,
                    IndicatorTest::Below(limit) => value < limit,
                    IndicatorTest::Band(band) => result.vs_comparator == Some(band),
                    IndicatorTest::WorseThanComparatorBy(margin) => {
                        let c = result.comparator?;
                        match ind.polarity {
                            crate::framework::Polarity::Higher => c - value >= margin,
                            crate::framework::Polarity::Lower => value - c >= margin,
                            crate::framework::Polarity::Neutral => false,
                        }
                    }
                };
                holds.then(|| format!("{}: {}", ind.title, result.summary))
            }
            Trigger::OverratedShare { at_least } => {
                let sa = facts
                    .self_awareness
                    .filter(|sa| sa.rated >= facts.rules.patterns.self_awareness_min_rated)?;
                (sa.over_rated_share >= *at_least).then(|| {
                    format!(
                        "{} of {} own ratings are higher than the evidence supports",
                        sa.over_rated.len(),
                        sa.rated
                    )
                })
            }
            Trigger::AccurateShare { at_least } => {
                let sa = facts
                    .self_awareness
                    .filter(|sa| sa.rated >= facts.rules.patterns.self_awareness_min_rated)?;
                (sa.accurate_share >= *at_least)
                    .then(|| format!("{} of {} own ratings match the evidence", sa.accurate, sa.rated))
            }
            Trigger::OverdueActions { at_least } => (facts.overdue >= *at_least).then(|| {
                format!(
                    "{} improvement actions are overdue as at {}",
                    facts.overdue,
                    facts.evidence.prepared_on.long()
                )
            }),
        }
    }
}

/// The first of `phrases` that `text` uses, in a sentence that does not say
/// the problem is over ("no longer", "previously" ...). Matching is on whole
/// words in order, ignoring case, punctuation, line breaks and possessives,
/// and lets a word carry a plain English ending: "change of social worker"
/// also finds "changes of social worker", "drift" also finds "drifted".
pub fn find_phrase(text: &str, phrases: &[Phrase], resolved_markers: &[String]) -> Option<String> {
    Prose::new(text, resolved_markers).find(phrases).map(str::to_string)
}

/// A phrase a pattern looks for, split into words once, when the library loads.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    words: Vec<String>,
}

impl Phrase {
    pub fn new(text: &str) -> Phrase {
        Phrase {
            text: text.to_string(),
            words: words(text),
        }
    }
}

impl Serialize for Phrase {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// A text's sentences as words, less those that say the problem is over.
/// Every pattern reads the same findings, so each text is split once.
pub struct Prose {
    sentences: Vec<Vec<String>>,
}

impl Prose {
    pub fn new(text: &str, resolved_markers: &[String]) -> Prose {
        let markers: Vec<Vec<String>> = resolved_markers.iter().map(|m| words(m)).collect();
        let sentences = sentences(text)
            .into_iter()
            .map(words)
            .filter(|sentence| !markers.iter().any(|m| contains_words(sentence, m)))
            .collect();
        Prose { sentences }
    }

    /// The first of `phrases` in the first sentence that uses one.
    fn find<'p>(&self, phrases: &'p [Phrase]) -> Option<&'p str> {
        self.sentences.iter().find_map(|sentence| {
            let phrase = phrases.iter().find(|p| contains_words(sentence, &p.words))?;
            Some(phrase.text.as_str())
        })
    }
}

/// Sentences end at . ; ! or ? followed by a space or the end of the text,
/// so that "25.6%" does not end one, nor "e.g." (a word holding another dot).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_break = chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        let abbreviation = c == '.'
            && text[start..i]
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| w.contains('.'));
        if matches!(c, '.' | ';' | '!' | '?') && at_break && !abbreviation {
            out.push(&text[start..=i]);
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Lower-case words, apostrophes and possessive endings dropped.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| {
            let w = w.trim_matches(['\'', '\u{2019}']);
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("\u{2019}s"))
                .unwrap_or(w);
            w.replace(['\'', '\u{2019}'], "")
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn contains_words(sentence: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && sentence
            .windows(phrase.len())
            .any(|window| window.iter().zip(phrase).all(|(w, p)| same_word(w, p)))
}

/// The same word, or one of them is the other with a plain ending. A plural
/// "s" may follow a three-letter word ("gaps"); the other endings need four
/// letters before them, so that "not" never matches "noted".
fn same_word(a: &str, b: &str) -> bool {
    const ENDINGS: &[&str] = &["es", "d", "ed", "ing", "ly"];
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let Some(rest) = long.strip_prefix(short) else {
        return false;
    };
    rest.is_empty() || (rest == "s" && short.len() >= 3) || (short.len() >= 4 && ENDINGS.contains(&rest))
}
