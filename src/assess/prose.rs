//! The council's narrative as the patterns read it: each finding's texts
//! split into sentences and words once, sentences that say the problem is
//! over left out, and phrases found on whole words.

use crate::model::library::Phrase;
use crate::text::words;

/// The first of `phrases` that `text` uses, in a sentence that does not say
/// the problem is over ("no longer", "previously" ...). Matching is on whole
/// words in order, ignoring case, punctuation, line breaks and possessives,
/// and lets a word carry a plain English ending: "change of social worker"
/// also finds "changes of social worker", "drift" also finds "drifted".
pub fn find_phrase(text: &str, phrases: &[Phrase], resolved_markers: &[String]) -> Option<String> {
    Prose::new(text, resolved_markers).find(phrases).map(str::to_string)
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
    pub fn find<'p>(&self, phrases: &'p [Phrase]) -> Option<&'p str> {
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
