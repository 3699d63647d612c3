//! The council's narrative read the way inspectors' language reads: each
//! written finding's sentences (its summary, impact, and what its sources
//! showed) through the language model learned from the corpus. A
//! descriptor's reading is the mean of its sentences', a judgement's the
//! mean of all its written findings' sentences; each sentence's part in a
//! reading can be shown, with the words that weighed most.

use std::collections::BTreeMap;

use serde::Serialize;

use super::prose::{self, Sentence};
use crate::model::evidence::{Evidence, Origin};
use crate::model::language::{GRADES, LanguageModel, Reading, Side, is_negation, sentences};
use crate::model::library::Library;

/// One sentence of the council's narrative.
#[derive(Debug, Clone)]
pub struct Said {
    pub descriptor: String,
    pub text: String,
    pub sentence: Sentence,
    /// Where it is written: its file and the line it starts on.
    pub origin: Origin,
}

/// Every sentence of every written finding, in the framework's order, each
/// pointing at the line it starts on.
pub fn said(evidence: &Evidence, library: &Library) -> Vec<Said> {
    let markers = prose::markers(&library.rules.narrative.resolved_markers);
    let mut out = Vec::new();
    for f in evidence.findings.iter().filter(|f| f.is_written()) {
        let texts = [(&f.summary, &f.summary_at), (&f.impact, &f.impact_at)]
            .into_iter()
            .chain(f.sources.iter().map(|s| (&s.showed, &s.showed_at)));
        for (text, at) in texts {
            for sentence in sentences(text) {
                // A sentence is a slice of its text: its offset finds its line.
                let offset = sentence.as_ptr() as usize - text.as_ptr() as usize;
                let line = at.line_of(offset).unwrap_or(f.origin.line);
                out.push(Said {
                    descriptor: f.descriptor.clone(),
                    text: crate::text::one_line(sentence),
                    sentence: Sentence::new(sentence, &library.language, &markers),
                    origin: Origin {
                        file: f.origin.file.clone(),
                        line,
                    },
                });
            }
        }
    }
    out
}

/// A reading as the assessment reports it.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingResult {
    /// The grade the language reads as most likely.
    pub reads_as: String,
    /// Where between the grades it lies: 0 inadequate to 3 outstanding.
    pub expected: f64,
    /// How likely each grade is, by grade id.
    pub chances: BTreeMap<String, f64>,
    /// How many sentences were read.
    pub sentences: usize,
    #[serde(skip)]
    pub reading: Option<Reading>,
}

impl ReadingResult {
    /// 0 (inadequate) to 3 (outstanding): the grade it reads as.
    pub fn grade(&self) -> usize {
        self.reading.map_or(0, |r| r.grade())
    }
}

/// How `sentences` read together, if there are any, with the rules'
/// margin towards Inadequate.
pub fn read(library: &Library, sentences: &[&Said]) -> Option<ReadingResult> {
    let reading = library
        .language
        .read(sentences.iter().map(|s| s.sentence.features.as_slice()))?
        .leaning(0, library.rules.grades.inadequate_margin);
    Some(ReadingResult {
        reads_as: GRADES[reading.grade()].to_string(),
        expected: super::round2(reading.expected()),
        chances: GRADES
            .iter()
            .zip(reading.chances)
            .map(|(g, c)| (g.to_string(), super::round2(c)))
            .collect(),
        sentences: sentences.len(),
        reading: Some(reading),
    })
}

/// A word or pair of words that tells which side of Good a sentence is on:
/// the model weighs it towards that side, and most report sentences that
/// use it stand under judgements on that side, more than sentences in
/// general do. "and", "police" or "July" carry weight in the model without
/// telling a reader anything, so they are never a sentence's reason.
#[derive(Debug, Clone)]
pub struct Telling<'a> {
    pub feature: &'a str,
    /// How much it moves the sentence towards the side.
    pub weight: f64,
    /// The share of the report sentences that use it on that side.
    pub share: f64,
    /// How many report sentences use it.
    pub sentences: u32,
}

/// A word is telling only if the reports use it on its side of Good at
/// least this many times as often as sentences in general.
const MIN_LIFT: f64 = 1.1;

/// Words that carry grammar, not meaning: a feature made only of these
/// ("not … the", "has not") may weigh in the model, but it tells a reader
/// nothing about practice, so it is never named as a reason.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by",
    "can", "cannot", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in",
    "into", "is", "it", "its", "may", "more", "most", "no", "none", "nor", "not", "of", "on", "or", "our", "she", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
    "was", "we", "were", "what", "when", "which", "while", "who", "will", "with", "would", "without", "yet",
];

fn says_something(feature: &str) -> bool {
    feature
        .split(' ')
        .map(|w| w.trim_start_matches("NOT_"))
        .any(|w| !FUNCTION_WORDS.contains(&w) && !is_negation(w))
}

/// The telling words of a sentence for `side`, strongest first.
pub fn telling<'a>(model: &LanguageModel, features: &'a [String], side: Side) -> Vec<Telling<'a>> {
    model
        .telling(features, side)
        .into_iter()
        .filter(|(feature, _)| says_something(feature))
        .filter_map(|(feature, weight)| {
            let (share, sentences, lift) = model.share(feature, side.grades())?;
            (share > 0.5 && lift >= MIN_LIFT).then_some(Telling {
                feature,
                weight,
                share,
                sentences,
            })
        })
        .collect()
}

/// The sentences that lean to `side` whose telling words weigh most,
/// strongest first: those a reader can check as the reasons for a grade on
/// that side.
pub fn deciding<'a>(model: &LanguageModel, sentences: &[&'a Said], side: Side) -> Vec<(&'a Said, f64)> {
    let mut out: Vec<(&Said, f64)> = sentences
        .iter()
        .filter(|s| s.sentence.lean == Some(side))
        .map(|s| {
            let weight: f64 = telling(model, &s.sentence.features, side)
                .iter()
                .map(|t| t.weight)
                .sum();
            (*s, weight)
        })
        .filter(|(_, v)| *v > 0.0)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}
