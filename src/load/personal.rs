//! Text in the evidence files that looks as if it identifies a child or a
//! family. A self-evaluation may be published in committee papers, so
//! `check` warns and `render` refuses until each place is removed or marked
//! as reviewed.
//!
//! What it looks for, line by line: dates of birth (a date after "DOB",
//! "date of birth" or "born"), NHS numbers (ten digits passing the modulus
//! 11 check), National Insurance numbers, UK phone numbers, full postcodes,
//! email addresses, names after a title ("Ms Patel") or a family word
//! ("mother Sarah"), names before "aged 7", and the council's own case or
//! person reference formats. What it cannot see: a name on its own, a
//! nickname, an address without a postcode, a school or a rare event that
//! identifies a family. docs/evidence-format.md says so to the council.
//!
//! A warning shows where, and what kind of thing, but never the value in
//! full: the terminal output may itself end up in an email.

use crate::diag::{Diagnostic, Hold, SourceFile};

/// Put on the line above an entry (or at the end of a one-line entry) to
/// say that what looks like personal data there is not.
pub const REVIEWED: &str = "selfeval: reviewed";

/// A council's reference format: `#` stands for a digit, `@` for a letter,
/// anything else for itself. "LCS-######" matches "LCS-104233".
#[derive(Debug, Clone)]
pub struct Mask(pub String);

impl Mask {
    /// A format that could only match a real reference: at least four
    /// characters, of which one is a placeholder.
    pub fn problem(text: &str) -> Option<&'static str> {
        if text.chars().count() < 4 {
            Some("a reference format needs at least four characters")
        } else if !text.contains(['#', '@']) {
            Some("a reference format needs `#` for each digit or `@` for each letter")
        } else {
            None
        }
    }

    fn matches_at(&self, chars: &[char], at: usize) -> Option<usize> {
        let mut i = at;
        for m in self.0.chars() {
            let c = *chars.get(i)?;
            let ok = match m {
                '#' => c.is_ascii_digit(),
                '@' => c.is_ascii_alphabetic(),
                _ => c.eq_ignore_ascii_case(&m),
            };
            if !ok {
                return None;
            }
            i += 1;
        }
        Some(i)
    }
}

/// One place that looks like personal data.
struct Hit {
    /// Char offsets in the line.
    start: usize,
    end: usize,
    kind: String,
}

/// Warnings for every place in `file` that looks like personal data.
pub fn scan(file: &SourceFile, masks: &[Mask]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut in_multiline = false;
    let mut silence_next = false;
    let mut silenced = false;
    let mut silenced_table = false;
    for line in file.text.split_inclusive('\n') {
        let this_offset = offset;
        offset += line.len();
        let trimmed = line.trim();
        let quotes = line.matches("\"\"\"").count() + line.matches("'''").count();
        if !in_multiline && trimmed.starts_with('#') {
            if trimmed.contains(REVIEWED) {
                silence_next = true;
            }
            continue;
        }
        if !in_multiline && !trimmed.is_empty() {
            // A new entry starts here: a marker above it silences it, and a
            // marker above a table header silences the whole table.
            let header = trimmed.starts_with('[');
            if header {
                silenced_table = silence_next;
            }
            silenced = silence_next || (silenced_table && !header);
            silence_next = false;
        }
        if quotes % 2 == 1 {
            in_multiline = !in_multiline;
        }
        if silenced || line.contains(REVIEWED) {
            continue;
        }
        let chars: Vec<char> = line.trim_end_matches(['\n', '\r']).chars().collect();
        // Read as TOML reads it, escapes decoded ("Ms\u0020Okafor" is
        // "Ms Okafor"), each place then found back on the line as written.
        let (decoded, at) = decode(&chars);
        let hits: Vec<Hit> = find(&decoded, masks)
            .into_iter()
            .map(|h| Hit {
                start: at[h.start],
                end: at[h.end],
                kind: h.kind,
            })
            .collect();
        if hits.is_empty() {
            continue;
        }
        // Each value is hidden, as written and as decoded, in every message
        // about the file: this warning's quoted line and its neighbours'
        // included (`Diagnostics::push`).
        for hit in hits {
            // Past this many, a file is not evidence with a slip in it: the
            // warnings kept are enough to hold the document back.
            if out.len() >= crate::diag::MAX_HELD_PER_FILE {
                return out;
            }
            let byte = |c: usize| this_offset + chars[..c].iter().map(|c| c.len_utf8()).sum::<usize>();
            let seen: String = chars[hit.start..hit.end].iter().collect();
            let meant: String = decode(&chars[hit.start..hit.end]).0.into_iter().collect();
            out.push(
                Diagnostic::warning(
                    &file.path,
                    format!("this may identify a child or family: {} ({})", hit.kind, masked(&seen)),
                )
                .at(file, byte(hit.start)..byte(hit.end))
                .hiding(&seen, &masked(&seen))
                .hiding(&meant, &masked(&meant))
                .holding(Hold::Sharing)
                .hint(format!(
                    "remove it or use an anonymised reference; if it is not personal data, put `# {REVIEWED}` on the line above the entry"
                )),
            );
        }
    }
    out
}

/// A line's characters with TOML's escapes decoded, and where each decoded
/// character starts on the line (one more, the line's end, closes the last).
fn decode(chars: &[char]) -> (Vec<char>, Vec<usize>) {
    let mut out = Vec::with_capacity(chars.len());
    let mut at = Vec::with_capacity(chars.len() + 1);
    let mut i = 0;
    while i < chars.len() {
        at.push(i);
        if chars[i] == '\\' {
            let hex = |len: usize| {
                let digits: String = chars.get(i + 2..i + 2 + len)?.iter().collect();
                char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
            };
            let (c, len) = match chars.get(i + 1) {
                Some('u') => hex(4).map_or(('\\', 1), |c| (c, 6)),
                Some('U') => hex(8).map_or(('\\', 1), |c| (c, 10)),
                Some('x') => hex(2).map_or(('\\', 1), |c| (c, 4)),
                Some('e') => ('\u{1B}', 2),
                Some('t') => ('\t', 2),
                Some('n') => ('\n', 2),
                Some('"') => ('"', 2),
                Some('\\') => ('\\', 2),
                _ => ('\\', 1),
            };
            out.push(c);
            i += len;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    at.push(chars.len());
    (out, at)
}

/// The value with every letter and digit hidden but the first of each word
/// and, for numbers, the last two digits: enough to find it, not to read it.
fn masked(text: &str) -> String {
    let shown = masked_words(text);
    // Initials ("J.T.") are all first letters: hide all but the first.
    if shown == text {
        let mut first = true;
        return text
            .chars()
            .map(|c| match c.is_alphanumeric() {
                true if std::mem::take(&mut first) => c,
                true => '*',
                false => c,
            })
            .collect();
    }
    shown
}

fn masked_words(text: &str) -> String {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let mut seen_digits = 0;
    let mut word_start = true;
    text.chars()
        .map(|c| {
            let keep = if c.is_ascii_digit() {
                seen_digits += 1;
                seen_digits > digits.saturating_sub(2) && digits >= 6
            } else {
                c.is_alphabetic() && word_start
            };
            word_start = !c.is_alphanumeric();
            if keep || !c.is_alphanumeric() { c } else { '*' }
        })
        .collect()
}

fn find(chars: &[char], masks: &[Mask]) -> Vec<Hit> {
    let mut hits = Vec::new();
    // Every kind but a name holds a digit or an @: most lines hold neither.
    if chars.contains(&'@') {
        emails(chars, &mut hits);
    }
    if chars.iter().any(char::is_ascii_digit) {
        numbers(chars, &mut hits);
        national_insurance(chars, &mut hits);
        postcodes(chars, &mut hits);
        dates_of_birth(chars, &mut hits);
    }
    names(chars, &mut hits);
    for mask in masks {
        for at in 0..chars.len() {
            if boundary_before(chars, at)
                && let Some(end) = mask.matches_at(chars, at)
                && chars.get(end).is_none_or(|c| !c.is_alphanumeric())
            {
                hits.push(Hit {
                    start: at,
                    end,
                    kind: format!("a reference in the format {}", mask.0),
                });
            }
        }
    }
    // One warning per place: the first kind found wins where two overlap.
    hits.sort_by_key(|h| h.start);
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if kept.last().is_none_or(|k| h.start >= k.end) {
            kept.push(h);
        }
    }
    kept
}

fn boundary_before(chars: &[char], at: usize) -> bool {
    at == 0 || !chars[at - 1].is_alphanumeric()
}

fn emails(chars: &[char], hits: &mut Vec<Hit>) {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    for (at, c) in chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut start = at;
        while start > 0 && local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain(chars[end]) {
            end += 1;
        }
        while end > at + 1 && chars[end - 1] == '.' {
            end -= 1;
        }
        let host: String = chars[at + 1..end].iter().collect();
        let tld_ok = host
            .rsplit('.')
            .next()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        if start < at && host.contains('.') && tld_ok {
            hits.push(Hit {
                start,
                end,
                kind: "an email address".into(),
            });
        }
    }
}

/// Runs of digits joined by single spaces or hyphens: NHS and phone numbers.
fn numbers(chars: &[char], hits: &mut Vec<Hit>) {
    let mut at = 0;
    while at < chars.len() {
        let plus = chars[at] == '+' && chars.get(at + 1).is_some_and(char::is_ascii_digit);
        if !(chars[at].is_ascii_digit() || plus) || !boundary_before(chars, at) {
            at += 1;
            continue;
        }
        let start = at;
        let mut end = if plus { at + 1 } else { at };
        let mut digits = String::new();
        while end < chars.len() {
            if chars[end].is_ascii_digit() {
                digits.push(chars[end]);
                end += 1;
            } else if matches!(chars[end], ' ' | '-') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
                end += 1;
            } else {
                break;
            }
        }
        at = end.max(at + 1);
        // "23.9", "12%" and "3a" are not phone or NHS numbers; a full stop ending a sentence is fine.
        let decimal = chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(char::is_ascii_digit);
        if decimal || chars.get(end).is_some_and(|c| c.is_alphanumeric() || *c == '%') {
            continue;
        }
        // Freephone and 03 numbers are helplines and public services
        // (Childline, the NSPCC, a council's front door), not a family's.
        if !plus && ["0800", "0808", "03"].iter().any(|p| digits.starts_with(p)) {
            continue;
        }
        let kind = if !plus && digits.len() == 10 && nhs_check(&digits) {
            "an NHS number"
        } else if (!plus && digits.starts_with('0') && (10..=11).contains(&digits.len()))
            || (plus && digits.starts_with("44") && (11..=12).contains(&digits.len()))
        {
            "a phone number"
        } else {
            continue;
        };
        hits.push(Hit {
            start,
            end,
            kind: kind.into(),
        });
    }
}

/// The NHS number's modulus 11 check digit.
fn nhs_check(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
    let check = 11 - sum % 11;
    let check = if check == 11 { 0 } else { check };
    check != 10 && check == d[9]
}

/// Two letters, six digits (in pairs or not), a letter A to D.
fn national_insurance(chars: &[char], hits: &mut Vec<Hit>) {
    for at in 0..chars.len() {
        if !boundary_before(chars, at) {
            continue;
        }
        let (Some(a), Some(b)) = (chars.get(at), chars.get(at + 1)) else {
            continue;
        };
        let prefix_ok = a.is_ascii_uppercase()
            && b.is_ascii_uppercase()
            && !"DFIQUV".contains(*a)
            && !"DFIOQUV".contains(*b)
            && !["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]
                .iter()
                .any(|p| p.starts_with(*a) && p.ends_with(*b));
        if !prefix_ok {
            continue;
        }
        let mut i = at + 2;
        let mut digits = 0;
        while digits < 6 {
            if chars.get(i) == Some(&' ') && digits % 2 == 0 {
                i += 1;
            }
            if chars.get(i).is_some_and(char::is_ascii_digit) {
                digits += 1;
                i += 1;
            } else {
                break;
            }
        }
        if digits < 6 {
            continue;
        }
        if chars.get(i) == Some(&' ') {
            i += 1;
        }
        if chars.get(i).is_some_and(|c| "ABCD".contains(*c)) && chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric()) {
            hits.push(Hit {
                start: at,
                end: i + 1,
                kind: "a National Insurance number".into(),
            });
        }
    }
}

/// A full postcode, outward and inward parts: "M1 1AE", "SW1A 1AA".
fn postcodes(chars: &[char], hits: &mut Vec<Hit>) {
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    for at in 0..chars.len() {
        // In capitals or, as typed in a hurry, in small letters: "m1 1ae".
        let case: fn(&char) -> bool = match chars.get(at) {
            Some(c) if c.is_ascii_uppercase() => char::is_ascii_uppercase,
            Some(c) if c.is_ascii_lowercase() => char::is_ascii_lowercase,
            _ => continue,
        };
        let upper = |i: usize| chars.get(i).is_some_and(case);
        if !boundary_before(chars, at) {
            continue;
        }
        let mut i = at + 1;
        if upper(i) {
            i += 1;
        }
        if !digit(i) {
            continue;
        }
        i += 1;
        if digit(i) || upper(i) {
            i += 1;
        }
        if chars.get(i) != Some(&' ') {
            continue;
        }
        i += 1;
        if digit(i) && upper(i + 1) && upper(i + 2) && chars.get(i + 3).is_none_or(|c| !c.is_alphanumeric()) {
            hits.push(Hit {
                start: at,
                end: i + 3,
                kind: "a postcode".into(),
            });
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date written after "DOB", "date of birth" or "born".
fn dates_of_birth(chars: &[char], hits: &mut Vec<Hit>) {
    let lower: String = chars.iter().collect::<String>().to_lowercase();
    let lower: Vec<char> = lower.chars().collect();
    if lower.len() != chars.len() {
        return;
    }
    let text: String = lower.iter().collect();
    for cue in ["date of birth", "d.o.b", "dob", "born"] {
        let mut from = 0;
        while let Some(found) = text[from..].find(cue) {
            let byte = from + found;
            from = byte + cue.len();
            let at = text[..byte].chars().count();
            if !boundary_before(&lower, at) {
                continue;
            }
            // The date may follow within a few characters: "DOB: 3/4/2015", "born on 3 April 2015".
            let after = at + cue.chars().count();
            let window_end = (after + 20).min(chars.len());
            if let Some((start, end)) = (after..window_end).find_map(|s| date_at(&lower, s).map(|e| (s, e))) {
                hits.push(Hit {
                    start,
                    end,
                    kind: "a date of birth".into(),
                });
            }
        }
    }
}

/// The end of a date starting at `at`: 3/4/2015, 03-04-15, 2015-04-03 or 3 April 2015.
fn date_at(lower: &[char], at: usize) -> Option<usize> {
    if !boundary_before(lower, at) || !lower.get(at)?.is_ascii_digit() {
        return None;
    }
    let mut i = at;
    let mut groups = Vec::new();
    let mut seps = Vec::new();
    loop {
        let s = i;
        while lower.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        groups.push(i - s);
        match lower.get(i) {
            Some(c @ ('/' | '-' | '.')) if lower.get(i + 1).is_some_and(char::is_ascii_digit) && groups.len() < 3 => {
                seps.push(*c);
                i += 1;
            }
            _ => break,
        }
    }
    if groups.len() == 3 && groups.iter().all(|g| (1..=4).contains(g)) {
        return Some(i);
    }
    // "3 April 2015", "3rd April 2015"
    if groups.len() == 1
        && groups[0] <= 2
        && ["st", "nd", "rd", "th"]
            .iter()
            .any(|o| lower[i..].starts_with(&o.chars().collect::<Vec<_>>()))
    {
        i += 2;
    }
    if groups.len() == 1 && groups[0] <= 2 && lower.get(i) == Some(&' ') {
        let rest: String = lower[i + 1..].iter().collect();
        for month in MONTHS {
            if let Some(after) = rest.strip_prefix(month)
                && let Some(year) = after.strip_prefix(' ')
                && year.chars().take_while(char::is_ascii_digit).count() == 4
            {
                return Some(i + 1 + month.len() + 1 + 4);
            }
        }
    }
    None
}

const TITLES: [&str; 5] = ["Mr", "Mrs", "Ms", "Miss", "Mx"];
const FAMILY: [&str; 22] = [
    "child",
    "mother",
    "father",
    "mum",
    "dad",
    "son",
    "daughter",
    "baby",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "nan",
    "stepfather",
    "stepmother",
    "parent",
    "boy",
    "girl",
    "sibling",
    "aunt",
    "uncle",
    "carer",
];

/// Capitalised words that follow "Child", "Parent" or "Carer" in the names
/// of services and plans, not of people.
const NOT_NAMES: [&str; 34] = [
    "Protection",
    "Plan",
    "Plans",
    "Looked",
    "Care",
    "In",
    "Need",
    "Services",
    "Service",
    "Social",
    "Sexual",
    "Criminal",
    "Exploitation",
    "Health",
    "Arrangements",
    "Court",
    "Act",
    "Team",
    "Panel",
    "Review",
    "Reviews",
    "Conference",
    "Conferences",
    "Development",
    "Centre",
    "Centres",
    "Poverty",
    "Mental",
    "Practice",
    "Safeguarding",
    "Board",
    "Partnership",
    "Forum",
    "Voice",
];

/// A capitalised word of two letters or more at `at`: "Sarah", "O'Neill".
fn name_at(chars: &[char], at: usize) -> Option<usize> {
    if !chars.get(at)?.is_uppercase() {
        return None;
    }
    let mut i = at + 1;
    // "O'Neill", "Smith-Jones": a capital may follow an apostrophe or hyphen.
    while chars.get(i).is_some_and(|c| {
        c.is_lowercase()
            || ((*c == '\'' || *c == '-') && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
            || (c.is_uppercase() && matches!(chars.get(i - 1), Some('\'' | '-')))
    }) {
        i += 1;
    }
    (i - at >= 2 && chars.get(i).is_none_or(|c| !c.is_alphanumeric())).then_some(i)
}

/// A name and, if one follows, a surname: "Sarah Jones".
fn full_name_at(chars: &[char], at: usize) -> Option<usize> {
    let end = name_at(chars, at)?;
    if chars.get(end) == Some(&' ')
        && let Some(surname) = name_at(chars, end + 1)
    {
        return Some(surname);
    }
    Some(end)
}

fn names(chars: &[char], hits: &mut Vec<Hit>) {
    // A name follows a title or a family word: a line with no capital
    // letter after its first character holds none.
    if !chars.iter().skip(1).any(|c| c.is_uppercase()) {
        return;
    }
    let words: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_alphabetic() {
                let s = i;
                while i < chars.len() && chars[i].is_alphabetic() {
                    i += 1;
                }
                out.push((s, i));
            } else {
                i += 1;
            }
        }
        out
    };
    // Compared letter by letter: this runs on every word of the evidence.
    let is = |word: &[char], w: &str, fold: bool| {
        word.len() == w.len()
            && word
                .iter()
                .zip(w.chars())
                .all(|(a, b)| if fold { a.to_ascii_lowercase() == b } else { *a == b })
    };
    for &(s, e) in &words {
        let letters = &chars[s..e];
        let title = TITLES.iter().any(|t| is(letters, t, false));
        if !title && !FAMILY.iter().any(|f| is(letters, f, true)) {
            continue;
        }
        let word: String = letters.iter().collect();
        let mut next = e;
        // "Mr. Khan"; but "the child. We" ends a sentence.
        if title && chars.get(next) == Some(&'.') {
            next += 1;
        }
        // "the child, Aisha Khan, said": a name set beside a family word,
        // between commas ("the child, Lead Member notification" is a list).
        let beside = !title && chars.get(next) == Some(&',') && chars.get(next + 1) == Some(&' ');
        if beside {
            next += 1;
        }
        if chars.get(next) != Some(&' ') {
            continue;
        }
        // A judge ("Mr Justice Cobb", "Mrs Justice Knowles") is named in
        // public, in the judgment itself.
        if title && chars[next + 1..].starts_with(&['J', 'u', 's', 't', 'i', 'c', 'e', ' ']) {
            continue;
        }
        let family = FAMILY.contains(&word.to_lowercase().as_str());
        if (title || family)
            && let Some(end) = full_name_at(chars, next + 1)
            && (!beside || chars.get(end) == Some(&','))
            && (title
                || !NOT_NAMES.contains(
                    &chars[next + 1..name_at(chars, next + 1).unwrap_or(end)]
                        .iter()
                        .collect::<String>()
                        .as_str(),
                ))
        {
            hits.push(Hit {
                start: next + 1,
                end,
                kind: format!("a name after \"{word}\""),
            });
        }
    }
    // "Kai Thompson, 14, moved" or "Kai Thompson (14)": a full name with an age.
    for &(s, _) in &words {
        let Some(end) = full_name_at(chars, s) else { continue };
        if name_at(chars, s) == Some(end) || !boundary_before(chars, s) {
            continue;
        }
        let age = |from: usize| {
            let digits = chars[from.min(chars.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            ((1..=2).contains(&digits)).then_some(from + digits)
        };
        let with_age = match chars.get(end..end + 2) {
            Some([',', ' ']) => age(end + 2).is_some_and(|a| matches!(chars.get(a), Some(',' | ')'))),
            Some([' ', '(']) => age(end + 2).is_some_and(|a| chars.get(a) == Some(&')')),
            _ => false,
        };
        if with_age {
            hits.push(Hit {
                start: s,
                end,
                kind: "a name with an age".into(),
            });
        }
    }
    initials(chars, hits);
    // "Tyler, aged 7" or "Tyler (aged 7)"
    if !chars.windows(5).any(|w| w == ['a', 'g', 'e', 'd', ' ']) {
        return;
    }
    let text: String = chars.iter().collect();
    let mut from = 0;
    while let Some(found) = text[from..].find("aged ") {
        let byte = from + found;
        from = byte + 5;
        let at = text[..byte].chars().count();
        if !chars.get(at + 5).is_some_and(char::is_ascii_digit) {
            continue;
        }
        let mut end = at;
        while end > 0 && matches!(chars[end - 1], ' ' | ',' | '(') {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && chars[start - 1].is_alphabetic() {
            start -= 1;
        }
        // "Children aged 5 to 10" starts a sentence; "Tyler, aged 7" names someone.
        let apposition = chars[end..at].iter().any(|c| matches!(c, ',' | '('));
        if start < end
            && name_at(chars, start) == Some(end)
            && (apposition || !boundary_is_sentence_start(chars, start))
        {
            hits.push(Hit {
                start,
                end,
                kind: "a name before \"aged\"".into(),
            });
        }
    }
}

/// Abbreviations written like initials.
const NOT_INITIALS: [&str; 8] = ["U.K.", "U.S.", "E.U.", "N.B.", "P.S.", "A.M.", "P.M.", "I.T."];

/// Initials standing for a person: "J.T. said", "A.B.C.".
fn initials(chars: &[char], hits: &mut Vec<Hit>) {
    let mut at = 0;
    while at + 3 < chars.len() {
        let mut i = at;
        while chars.get(i).is_some_and(char::is_ascii_uppercase) && chars.get(i + 1) == Some(&'.') {
            i += 2;
        }
        let count = (i - at) / 2;
        let text: String = chars[at..i].iter().collect();
        if boundary_before(chars, at)
            && (2..=3).contains(&count)
            && chars.get(i).is_none_or(|c| !c.is_alphanumeric())
            && !NOT_INITIALS.contains(&text.as_str())
        {
            hits.push(Hit {
                start: at,
                end: i,
                kind: "initials".into(),
            });
        }
        at = i.max(at + 1);
    }
}

/// A capitalised word that starts a sentence is not taken for a name.
fn boundary_is_sentence_start(chars: &[char], at: usize) -> bool {
    let before: String = chars[..at].iter().collect();
    let before = before.trim_end();
    before.is_empty() || before.ends_with(['.', '!', '?', '"'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str, masks: &[Mask]) -> Vec<(String, String)> {
        let chars: Vec<char> = line.chars().collect();
        find(&chars, masks)
            .into_iter()
            .map(|h| (h.kind, chars[h.start..h.end].iter().collect()))
            .collect()
    }

    #[test]
    fn each_kind_is_found_and_ordinary_figures_are_not() {
        let found = kinds(
            "Mother Sarah Jones (DOB 03/04/1990, NHS 943 476 5919, NI AB 12 34 56 C) lives at M1 1AE; call 07700 900123 or email s.jones@example.org. Tyler, aged 7, and child Kai; Ms Patel; ref LCS-104233.",
            &[Mask("LCS-######".into())],
        );
        let got: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            got,
            [
                "a name after \"Mother\"",
                "a date of birth",
                "an NHS number",
                "a National Insurance number",
                "a postcode",
                "a phone number",
                "an email address",
                "a name before \"aged\"",
                "a name after \"child\"",
                "a name after \"Ms\"",
                "a reference in the format LCS-######",
            ],
            "{found:?}"
        );
        assert!(
            kinds(
                "Re-referrals fell to 23.9% (1,210 families); 214 records audited in 2025-26, 43 moderated. Child A and the child in need plan. The mother said the plan helped.",
                &[]
            )
            .is_empty()
        );
        // Ten digits that fail the check are not an NHS number.
        assert!(kinds("Case 1234567890 closed", &[]).is_empty());
    }

    /// The forms a hostile-input review found the scan missed, and the
    /// look-alikes it took for personal data.
    #[test]
    fn names_dates_and_postcodes_in_their_everyday_forms_are_found_and_judges_and_helplines_are_not() {
        for (line, kind, value) in [
            ("We met Jayden (aged 7) at school.", "a name before \"aged\"", "Jayden"),
            (
                "Mrs O'Neill attended the conference.",
                "a name after \"Mrs\"",
                "O'Neill",
            ),
            (
                "We spoke to the child, Aisha Khan, about her plan.",
                "a name after \"child\"",
                "Aisha Khan",
            ),
            (
                "He was born 3rd April 2015 in the city.",
                "a date of birth",
                "3rd April 2015",
            ),
            ("The family live at m1 1ae now.", "a postcode", "m1 1ae"),
            (
                "Kai Thompson, 14, moved placement twice.",
                "a name with an age",
                "Kai Thompson",
            ),
            ("J.T. said the plan helped.", "initials", "J.T."),
        ] {
            assert_eq!(kinds(line, &[]), [(kind.to_string(), value.to_string())], "{line}");
        }
        for line in [
            "Mr Justice Cobb's judgment set this out.",
            "Mrs Justice Knowles gave guidance on it.",
            "HHJ Smith agreed with the local authority.",
            "Call Childline on 0800 1111 or the NSPCC on 0808 800 5000.",
            "The front door is on 0300 123 4567.",
            "Staff in the U.K. and the E.U. were asked.",
            "Children aged 5 to 10 said the same.",
            "A daily plan to move the child, Lead Member notification within a day.",
        ] {
            assert!(kinds(line, &[]).is_empty(), "{line}: {:?}", kinds(line, &[]));
        }
    }

    /// What TOML decodes is what is scanned: an escape does not hide a name,
    /// a date of birth or an email address.
    #[test]
    fn escapes_do_not_hide_personal_data() {
        let file = SourceFile::new(
            "findings/x.toml",
            "summary = \"Ms\\u0020Okafor said DOB\\u002003/04/2015; sarah.jones\\u0040example.org\"\n",
        );
        let found: Vec<String> = scan(&file, &[]).iter().map(|d| d.message.clone()).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("a name after \"Ms\""));
        assert!(found[1].contains("a date of birth"));
        assert!(found[2].contains("an email address"));
        assert!(found.iter().all(|m| !m.contains("Okafor") && !m.contains("jones")));
        // TOML 1.1's \x and \e escapes too.
        let file = SourceFile::new("findings/x.toml", "summary = \"Ms\\x20Okafor\\e\"\n");
        assert_eq!(scan(&file, &[]).len(), 1);
    }

    #[test]
    fn a_warning_never_shows_the_value_whole() {
        assert_eq!(masked("943 476 5919"), "*** *** **19");
        assert_eq!(masked("Sarah Jones"), "S**** J****");
        assert_eq!(masked("s.jones@example.org"), "s.j****@e******.o**");
        assert_eq!(masked("J.T."), "J.*.");
    }

    #[test]
    fn a_reviewed_entry_is_silent() {
        let file = SourceFile::new(
            "findings/x.toml",
            "# selfeval: reviewed\nsummary = \"\"\"\nMs Patel, our Principal Social Worker, led it.\n\"\"\"\nimpact = \"Ms Patel again\"\nshowed = \"Mr Khan, the chair\" # selfeval: reviewed\n",
        );
        let warnings = scan(&file, &[]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line(), Some(5));
    }
}
