//! Text as selfeval compares and shows it. The pattern library's phrases and
//! the council's findings are split into words the same way, and a text is
//! put on one line the same way whether it is shown in a document or
//! compared with last year's: so these live below every stage that uses them.

/// Lower-case words, apostrophes and possessive endings dropped.
pub fn words(text: &str) -> Vec<String> {
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

/// Text on one line, without control characters: an escaped NUL or bell in
/// a TOML string has no place in a document.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if word.chars().all(char::is_control) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !c.is_control()));
    }
    out
}

/// Text split into paragraphs at blank lines, each on one line: evidence is
/// written in TOML with hard line breaks that mean nothing.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(one_line).filter(|p| !p.is_empty()).collect()
}

/// Lower case with hyphens: the one spelling every id and choice is kept in.
pub fn normalise(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '_'], "-")
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The first letter in lower case: "Not graded" to "not graded", for a
/// phrase that goes inside a sentence.
pub fn uncapitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().collect::<String>() + chars.as_str())
}

/// The first letter in upper case: "better" to "Better".
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

/// Choices in a sentence: "a", "a or b", "a, b or c".
pub fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
