//! The language model: how a sentence of a council's narrative reads
//! against the grades, learned from real inspection reports (`selfeval
//! learn`, in `learn/`). Here are the model's parts, and the one way a text
//! is cut into sentences and a sentence into the features the model weighs,
//! used alike when it is learned and when it reads.
//!
//! A sentence's features are its words and pairs of words, lower case, with
//! the grade words left out (councils do not write them, and the model must
//! learn the language of practice, not Ofsted's verdict) and every word after
//! a negation ("not", "no", "never" ...) marked as negated up to the next
//! comma, semicolon, colon, word that starts a new clause ("but", "when",
//! "which" ...) or the sentence's end: "no plan was vague" is not "plans are
//! vague". A text is read as the mean of its sentences' features,
//! each weighted by how rare it is across the reports (its idf), so that its
//! reading is the mean of its sentences' readings: each sentence's part in a
//! grade can be shown.

use std::collections::HashMap;

/// The grades the model reads towards, worst first: its classes.
pub const GRADES: [&str; 4] = ["inadequate", "requires-improvement", "good", "outstanding"];

/// Sentences shorter than this say too little to read.
pub const MIN_WORDS: usize = 4;

/// What a learned feature weighs: its idf, and its weight towards each grade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub idf: f64,
    pub grade: [f64; 4],
    /// In how many of the corpus's sentences it stands, by the grade of
    /// their judgement, worst first: the evidence a reason cites.
    pub seen: [u32; 4],
}

#[derive(Debug, Clone, Default)]
pub struct LanguageModel {
    /// What it was learned from, and how: the file's header, for a reader.
    pub about: Vec<String>,
    pub bias: [f64; 4],
    /// How many sentences of the corpus stand under judgements of each
    /// grade, worst first: what a feature's `seen` is set against.
    pub sentences: [u32; 4],
    pub features: HashMap<String, Weights>,
}

/// How a text (a sentence, a finding, a judgement's findings) reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// The model's score for each grade, worst first.
    pub scores: [f64; 4],
    /// Its probability of each grade.
    pub chances: [f64; 4],
}

impl Reading {
    /// The grade it reads as: 0 for inadequate, 3 for outstanding.
    pub fn grade(&self) -> usize {
        (0..4).fold(0, |best, k| if self.chances[k] > self.chances[best] { k } else { best })
    }

    /// The reading with `margin` added to one grade's score: a decision to
    /// lean towards it, taken by the assessment's rules, not by the model.
    pub fn leaning(self, grade: usize, margin: f64) -> Reading {
        let mut scores = self.scores;
        scores[grade] += margin;
        Reading {
            scores,
            chances: softmax(scores),
        }
    }

    /// The expected grade, 0 (inadequate) to 3 (outstanding): where between
    /// the grades the reading lies.
    pub fn expected(&self) -> f64 {
        (0..4).map(|k| k as f64 * self.chances[k]).sum()
    }
}

impl LanguageModel {
    /// A text's features summed over its sentences, weighted by idf: the
    /// part of the mean each sentence brings, before dividing by their count.
    fn pooled<'a>(&self, sentences: impl IntoIterator<Item = &'a [String]>) -> ([f64; 4], usize) {
        let mut sum = [0.0; 4];
        let mut n = 0;
        for features in sentences {
            n += 1;
            for f in features {
                if let Some(w) = self.features.get(f) {
                    for (s, g) in sum.iter_mut().zip(w.grade) {
                        *s += g * w.idf;
                    }
                }
            }
        }
        (sum, n)
    }

    /// How sentences read together: the mean of their features.
    pub fn read<'a>(&self, sentences: impl IntoIterator<Item = &'a [String]>) -> Option<Reading> {
        let (sum, n) = self.pooled(sentences);
        (n > 0).then(|| {
            let mut scores = self.bias;
            for (s, v) in scores.iter_mut().zip(sum) {
                *s += v / n as f64;
            }
            Reading {
                scores,
                chances: softmax(scores),
            }
        })
    }

    /// One sentence's part in a reading of `n` sentences: what it adds to
    /// each grade's score.
    pub fn part(&self, features: &[String], n: usize) -> [f64; 4] {
        let (sum, _) = self.pooled([features]);
        sum.map(|v| v / n.max(1) as f64)
    }

    /// Of the corpus sentences that use `feature`, the share under
    /// judgements graded in `grades`, and how many times more likely that is
    /// than for any corpus sentence: the evidence a reason cites.
    pub fn share(&self, feature: &str, grades: std::ops::Range<usize>) -> Option<(f64, u32, f64)> {
        let seen = self.features.get(feature)?.seen;
        let total: u32 = seen.iter().sum();
        let all: u32 = self.sentences.iter().sum();
        if total == 0 || all == 0 {
            return None;
        }
        let share = f64::from(seen[grades.clone()].iter().sum::<u32>()) / f64::from(total);
        let base = f64::from(self.sentences[grades].iter().sum::<u32>()) / f64::from(all);
        Some((share, total, if base > 0.0 { share / base } else { 0.0 }))
    }

    /// Which side of Good a sentence's own words lean to, without the
    /// model's bias: `None` when they lean to neither (no feature it knows).
    pub fn lean(&self, features: &[String]) -> Option<Side> {
        let part = self.part(features, 1);
        let lean = log_sum_exp(part[0], part[1]) - log_sum_exp(part[2], part[3]);
        if lean.abs() <= 1e-9 {
            None
        } else if lean > 0.0 {
            Some(Side::Below)
        } else {
            Some(Side::GoodOrBetter)
        }
    }

    /// The features of a sentence that weigh most towards `side` against the
    /// other, strongest first.
    pub fn telling<'a>(&self, features: &'a [String], side: Side) -> Vec<(&'a str, f64)> {
        let mut out: Vec<(&str, f64)> = features
            .iter()
            .filter_map(|f| {
                let w = self.features.get(f)?;
                let below = (w.grade[0] + w.grade[1]) / 2.0;
                let above = (w.grade[2] + w.grade[3]) / 2.0;
                let towards = match side {
                    Side::Below => below - above,
                    Side::GoodOrBetter => above - below,
                };
                Some((f.as_str(), towards * w.idf))
            })
            .filter(|(_, v)| *v > 0.0)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}

/// The two sides of Good a sentence can lean to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Towards Requires improvement and Inadequate.
    Below,
    /// Towards Good and Outstanding.
    GoodOrBetter,
}

impl Side {
    /// The grades on this side, as indexes of `GRADES`.
    pub fn grades(self) -> std::ops::Range<usize> {
        match self {
            Side::Below => 0..2,
            Side::GoodOrBetter => 2..4,
        }
    }

    /// The side a grade (0 inadequate to 3 outstanding) is on.
    pub fn of(grade: usize) -> Side {
        if grade < 2 { Side::Below } else { Side::GoodOrBetter }
    }
}

fn log_sum_exp(a: f64, b: f64) -> f64 {
    a.max(b) + (-(a - b).abs()).exp().ln_1p()
}

pub fn softmax(scores: [f64; 4]) -> [f64; 4] {
    let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e = scores.map(|s| (s - top).exp());
    let total: f64 = e.iter().sum();
    e.map(|v| v / total)
}

/// A text's sentences: each ends at `.`, `;`, `!` or `?` followed by a space
/// and a capital, a digit, a quote or a bracket (so that "e.g. the" and
/// "25.6%" do not end one); those of fewer than `MIN_WORDS` words are left out.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in bytes.iter().enumerate() {
        if !matches!(c, '.' | ';' | '!' | '?') {
            continue;
        }
        let Some(&(_, after)) = bytes.get(i + 1) else { continue };
        if !after.is_whitespace() {
            continue;
        }
        let next = bytes[i + 1..].iter().find(|(_, c)| !c.is_whitespace());
        if next.is_some_and(|(_, c)| c.is_uppercase() || c.is_ascii_digit() || "(“\"‘".contains(*c)) {
            out.push(&text[start..=at]);
            start = at + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= MIN_WORDS)
        .collect()
}

/// Words that turn what follows them round, up to the next break.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nor", "without", "cannot", "isn't", "aren't", "don't", "doesn't", "hasn't",
    "haven't", "didn't", "wasn't", "weren't",
];

/// Words that start a new clause, and so end a negation's reach: "we do
/// not record why when young people stop engaging" does not negate their
/// stopping.
const CLAUSE_WORDS: &[&str] = &[
    "but", "when", "because", "although", "though", "while", "whereas", "which", "who", "so",
];

/// Whether a word starts a new clause, ending a negation's reach.
pub fn ends_negation(word: &str) -> bool {
    CLAUSE_WORDS.contains(&word)
}

/// Whether a word turns round what follows it; also as `words` in
/// `text` splits it, without its apostrophe ("isnt").
pub fn is_negation(word: &str) -> bool {
    // Compared without building the word with its apostrophe dropped: this
    // runs for every word of every sentence read, and the copies it made
    // were a fifth of an example's whole render.
    NEGATIONS
        .iter()
        .any(|n| *n == word || n.chars().filter(|c| *c != '\'').eq(word.chars()))
}

/// The grade words, left out of every sentence the model learns from or
/// reads, longest first.
const GRADE_WORDS: &[&[&str]] = &[
    &["requires", "improvement", "to", "be", "good"],
    &["require", "improvement", "to", "be", "good"],
    &["requires", "improvement"],
    &["require", "improvement"],
    &["outstanding"],
    &["good"],
    &["inadequate"],
];

/// A sentence's words, with a break (`None`) where a comma, semicolon or
/// colon stands.
fn words(sentence: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Option<String>>| {
        let w = word.trim_matches('\'').to_string();
        if w.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(Some(w));
        }
        word.clear();
    };
    for c in sentence.chars() {
        let c = if c == '\u{2019}' || c == '\u{2018}' { '\'' } else { c };
        if c.is_ascii_alphabetic() || (c == '\'' && !word.is_empty()) {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
            if matches!(c, ',' | ';' | ':') {
                out.push(None);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A sentence's features: its words and pairs of words, grade words left
/// out and negated words marked `NOT_`, each once.
pub fn features(sentence: &str) -> Vec<String> {
    let mut words = words(sentence);
    // Grade words out, longest first, wherever they stand.
    for phrase in GRADE_WORDS {
        let mut i = 0;
        while i + phrase.len() <= words.len() {
            let here = phrase
                .iter()
                .enumerate()
                .all(|(j, p)| words[i + j].as_deref() == Some(*p));
            if here {
                words.drain(i..i + phrase.len());
            } else {
                i += 1;
            }
        }
    }
    let mut tokens: Vec<String> = Vec::with_capacity(words.len());
    let mut negated = false;
    for w in words {
        match w {
            None => negated = false,
            Some(w) if ends_negation(&w) => {
                negated = false;
                tokens.push(w);
            }
            Some(w) if is_negation(&w) => {
                negated = true;
                tokens.push(w);
            }
            Some(w) if negated => tokens.push(format!("NOT_{w}")),
            Some(w) => tokens.push(w),
        }
    }
    let mut out: Vec<String> = tokens.clone();
    out.extend(tokens.windows(2).map(|p| format!("{} {}", p[0], p[1])));
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_cut_where_a_sentence_ends_and_not_at_a_figure() {
        let text = "Plans are reviewed monthly. Audits, e.g. the January one, found 25.6% of plans vague; \
                    Leaders act on what they find. Too short.";
        assert_eq!(
            sentences(text),
            [
                "Plans are reviewed monthly.",
                "Audits, e.g. the January one, found 25.6% of plans vague;",
                "Leaders act on what they find.",
            ]
        );
    }

    #[test]
    fn negation_marks_what_follows_it_up_to_a_break() {
        let f = features("No plan we audited was vague, and all were reviewed.");
        assert!(f.contains(&"NOT_vague".to_string()));
        assert!(f.contains(&"reviewed".to_string()), "the comma ends the negation");
        assert!(!f.contains(&"vague".to_string()));
    }

    #[test]
    fn grade_words_are_left_out() {
        let f = features("Practice requires improvement to be good in outstanding teams.");
        assert!(
            !f.iter()
                .any(|w| w.contains("good") || w.contains("outstanding") || w.contains("requires"))
        );
        assert!(f.contains(&"practice".to_string()));
    }
}
