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

/// What an invisible or reordering character is, for a person who cannot
/// see it: None for a character that shows as itself.
pub fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{FEFF}' => "a zero-width no-break space (a byte-order mark)",
        '\u{00AD}' => "a soft hyphen",
        '\u{200E}' => "a left-to-right mark",
        '\u{200F}' => "a right-to-left mark",
        '\u{061C}' => "an Arabic letter mark",
        '\u{202A}' | '\u{202B}' => "a bidirectional embedding, which reorders the text after it",
        '\u{202D}' | '\u{202E}' => "a bidirectional override, which reverses the text after it",
        '\u{202C}' | '\u{2069}' => "the end of a bidirectional embedding or isolate",
        '\u{2066}'..='\u{2068}' => "a bidirectional isolate, which reorders the text after it",
        '\u{1B}' => "an escape character, which starts a terminal's control codes",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        '\u{2061}'..='\u{2064}' => "an invisible mathematical operator",
        '\u{180E}' => "a Mongolian vowel separator",
        '\u{3164}' | '\u{115F}' | '\u{1160}' => "a Hangul filler, which shows as a blank",
        '\u{FE00}'..='\u{FE0F}' => "a variation selector",
        '\u{E0000}'..='\u{E007F}' => "a tag character",
        c if c.is_control() && c != '\n' => "a control character",
        _ => return None,
    })
}

/// Whether `c` is a Cyrillic or Greek letter, which in a key or an id is
/// most likely one that looks like a Latin letter ("о" for "o").
pub fn look_alike(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{04FF}')
}

/// Whether `c` reorders the text around it.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Text as it is safe to show in a terminal: every invisible, control or
/// reordering character written as its code (`\u{200B}`), so that text
/// from a file can neither retitle the terminal nor reverse the words
/// around it, and a key with a hidden character is seen to have one. Line
/// breaks are kept.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| invisible(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match invisible(c) {
            Some(_) => out.push_str(&format!("\\u{{{:X}}}", u32::from(c))),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}
