//! A sentence as the assessment reads it, once: its features for the
//! language model, which side of Good its words lean to, and its words with
//! negation marked, for the patterns' phrases. The inspection reports
//! are read the same way when patterns are counted across them, so that a
//! pattern means the same in a council's evidence as in the corpus.

use std::collections::HashSet;

use crate::model::language::{LanguageModel, Side, ends_negation, features, is_negation};
use crate::model::library::Phrase;
use crate::text::words;

#[derive(Debug, Clone)]
pub struct Sentence {
    /// What the language model weighs.
    pub features: Vec<String>,
    words: Vec<String>,
    /// The first three letters of each word, to pass over a phrase quickly
    /// that cannot be there.
    starts: HashSet<String>,
    /// Each word's place after a "not", "no", "never" ... in its clause.
    negated: Vec<bool>,
    /// Whether it says the problem is over ("no longer", "previously").
    resolved: bool,
    /// Which side of Good its own words lean to (`None` when they lean to
    /// neither): a sentence is a reason for a grade on its side.
    pub lean: Option<Side>,
}

/// The resolved markers as words, split once.
pub fn markers(resolved_markers: &[String]) -> Vec<Vec<String>> {
    resolved_markers.iter().map(|m| words(m)).collect()
}

impl Sentence {
    pub fn new(text: &str, model: &LanguageModel, markers: &[Vec<String>]) -> Sentence {
        let features = features(text);
        let mut all = Vec::new();
        let mut negated = Vec::new();
        // A negation turns round what follows it up to the next comma,
        // semicolon, colon or word that starts a new clause, as when the
        // model reads.
        for clause in text.split([',', ';', ':']) {
            let mut on = false;
            for w in words(clause) {
                if ends_negation(&w) {
                    on = false;
                }
                negated.push(on);
                if is_negation(&w) {
                    on = true;
                }
                all.push(w);
            }
        }
        let resolved = markers.iter().any(|m| position(&all, m).is_some());
        let lean = model.lean(&features);
        Sentence {
            features,
            starts: all.iter().map(|w| start(w).to_string()).collect(),
            words: all,
            negated,
            resolved,
            lean,
        }
    }

    /// The first of `phrases` this sentence says. Matching is on whole
    /// words in order, ignoring case, punctuation and possessives, and lets
    /// a word carry a plain English ending ("change of social worker" also
    /// finds "changes of social worker"). A phrase does not count where its
    /// words are negated ("no plan was vague"), unless it is itself a
    /// negative ("not co-produced"); nor in a sentence that says the problem
    /// is over ("plans were previously vague").
    ///
    /// Whether the sentence as a whole leans below Good or above is not
    /// asked: read alone, a sentence's lean is too unsure to overrule its
    /// words ("there is a shortage of suitable housing" leans above, on
    /// "suitable housing"). A softened sentence ("a few plans were vague")
    /// still shows the pattern; the reports' counts say how much that means.
    pub fn says<'p>(&self, phrases: &'p [Phrase]) -> Option<&'p str> {
        if self.resolved {
            return None;
        }
        phrases.iter().filter(|p| !p.words.is_empty()).find_map(|p| {
            if !self.starts.contains(start(&p.words[0])) {
                return None;
            }
            let negative = p.words.iter().any(|w| is_negation(w));
            let at = (0..self.words.len().saturating_sub(p.words.len() - 1)).find(|&i| {
                p.words
                    .iter()
                    .enumerate()
                    .all(|(j, w)| same_word(&self.words[i + j], w))
                    && (negative || !self.negated[i..i + p.words.len()].iter().any(|n| *n))
            });
            at.map(|_| p.text.as_str())
        })
    }
}

/// A word's first three letters: a word and the same word with a plain
/// ending share them.
fn start(word: &str) -> &str {
    word.char_indices().nth(3).map_or(word, |(i, _)| &word[..i])
}

fn position(sentence: &[String], phrase: &[String]) -> Option<usize> {
    if phrase.is_empty() || phrase.len() > sentence.len() {
        return None;
    }
    sentence
        .windows(phrase.len())
        .position(|window| window.iter().zip(phrase).all(|(w, p)| same_word(w, p)))
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
