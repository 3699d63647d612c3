//! Reading one TOML file into strict serde structs, reporting every problem.
//!
//! serde stops at the first error, but a council fixing its files wants all of
//! them at once. So the file is parsed into toml's spanned document tree with
//! syntax recovery, and deserialised repeatedly: after each error the
//! offending key is repaired (a misspelt field renamed to its likely intent)
//! or removed, and deserialisation is tried again. Required fields are
//! `Option`s in the raw structs and checked by the validators, so a missing
//! field never stops the others being checked.

use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, did_you_mean, unknown};
use crate::model::framework::Choice;
use crate::text::plural;

/// Stop repairing after this many problems in one file: by then the file is
/// probably not the kind of file expected, and more messages would not help.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Parses `source` as `T`, reporting problems into `diags`. Returns `None` only
/// when the file cannot be read as `T` at all; otherwise returns what was
/// readable, with every problem already reported.
pub fn parse<T: DeserializeOwned>(source: &SourceFile, diags: &mut Diagnostics) -> Option<T> {
    parse_telling(source, diags).0
}

/// `parse`, and whether the file's structure was sound (a bad date or
/// number leaves it so): after a quote or bracket out of place, what is
/// missing may be in the part that could not be read, so checks for
/// missing entries wait until it is fixed.
pub fn parse_telling<T: DeserializeOwned>(source: &SourceFile, diags: &mut Diagnostics) -> (Option<T>, bool) {
    // Lines ending in a carriage return alone (as files from old Macs do)
    // are one long line to TOML, whose errors would then point nowhere a
    // person could find: said once, plainly, instead.
    if let Some(at) = source
        .text
        .match_indices('\r')
        .map(|(i, _)| i)
        .find(|&i| source.text.as_bytes().get(i + 1) != Some(&b'\n'))
    {
        diags.push(
            Diagnostic::error(
                &source.path,
                "the lines of this file end in a carriage return alone, which TOML does not read",
            )
            .at(source, at..at + 1)
            .hint("save the file with Windows (CRLF) or Unix (LF) line endings: most editors offer both when saving"),
        );
        return (None, false);
    }
    let (document, syntax_errors) = DeTable::parse_recoverable(&source.text);
    // Counted before any entry is read: a million `{}` on one line would
    // otherwise give a million messages, each quoting the line.
    if let Some((key, span, count)) = longest_list(document.get_ref()).filter(|(_, _, n)| *n > MAX_ENTRIES) {
        diags.push(
            Diagnostic::error(
                &source.path,
                format!("`{key}` holds {count} entries; selfeval reads up to {MAX_ENTRIES} in one list"),
            )
            .at(source, span)
            .hint("no council's evidence has so many: check that this is the right file"),
        );
        return (None, false);
    }
    let (reported, sound) = report_syntax(source, &syntax_errors, diags);
    (read_as(source, diags, document, reported), sound)
}

/// More entries than any list of evidence holds (the most, an improvement
/// plan, is read up to 2,000 actions).
const MAX_ENTRIES: usize = 10_000;

/// The longest list in a table or the tables in it: its key, the key's
/// place and its length.
fn longest_list(table: &DeTable<'_>) -> Option<(String, Range<usize>, usize)> {
    fn walk(value: &DeValue<'_>, key: &Spanned<DeString<'_>>, best: &mut Option<(String, Range<usize>, usize)>) {
        match value {
            DeValue::Array(items) => {
                if best.as_ref().is_none_or(|(_, _, n)| items.len() > *n) {
                    *best = Some((key.get_ref().to_string(), key.span(), items.len()));
                }
                for item in items.iter().take(MAX_ENTRIES) {
                    walk(item.get_ref(), key, best);
                }
            }
            DeValue::Table(table) => {
                for (k, v) in table.iter() {
                    walk(v.get_ref(), k, best);
                }
            }
            _ => {}
        }
    }
    let mut best = None;
    for (k, v) in table.iter() {
        walk(v.get_ref(), k, &mut best);
    }
    best
}

/// Reports the syntax errors; gives their spans, and whether the file's
/// structure was sound (none but problems confined to one value).
fn report_syntax(
    source: &SourceFile,
    syntax_errors: &[toml::de::Error],
    diags: &mut Diagnostics,
) -> (Vec<Range<usize>>, bool) {
    let mut reported: Vec<Range<usize>> = Vec::new();
    // A quote or bracket out of place throws the reading of the rest of the
    // file: text is read as keys and keys as text, and each line after it
    // fails in turn. Those failures are counted on the first one rather
    // than listed, until it is fixed. A bad date or number is a problem of
    // its own wherever it is, so it is always listed.
    let mut spans: Vec<(Range<usize>, &str)> = syntax_errors
        .iter()
        .map(|e| (e.span().unwrap_or(0..0), e.message()))
        .collect();
    spans.sort_by_key(|(span, _)| span.start);
    let mut syntax: Vec<Diagnostic> = Vec::new();
    let mut thrown: Option<(usize, usize)> = None;
    let mut echo_lines: Vec<usize> = Vec::new();
    for (span, message) in spans {
        let d = match duplicate_key(&source.text, &span, message) {
            Some((key, first)) => Diagnostic::error(&source.path, format!("`{key}` is given twice"))
                .at(source, span.clone())
                .hint(match first {
                    Some(line) => format!(
                        "the first `{key}` is on line {line}: keep one; \
                         start a new entry with [[...]] for another item"
                    ),
                    None => syntax_hint(message).to_string(),
                }),
            None => Diagnostic::error(&source.path, format!("this is not valid TOML: {message}"))
                .at(source, span.clone())
                .hint(syntax_hint(message)),
        };
        reported.push(span);
        let line = d.line().unwrap_or(0);
        if !is_value_problem(message) {
            if thrown.is_some() {
                echo_lines.push(line);
                continue;
            }
            thrown = Some((syntax.len(), line));
        }
        syntax.push(d);
    }
    if let Some((at, line)) = thrown {
        if let Some(hint) = two_quotes_before(&source.text, line) {
            syntax[at].hint = Some(hint);
        }
        echo_lines.retain(|l| *l != line);
        echo_lines.dedup();
        if !echo_lines.is_empty() {
            let d = &mut syntax[at];
            let hint = d.hint.take().unwrap_or_default();
            d.hint = Some(format!(
                "{hint}; {} after it could not be read either, most likely because of this one: \
                 fix it and check again",
                plural(echo_lines.len(), "more line")
            ));
        }
    }
    for d in syntax {
        diags.push(d);
    }
    (reported, thrown.is_none())
}

fn read_as<T: DeserializeOwned>(
    source: &SourceFile,
    diags: &mut Diagnostics,
    document: Spanned<DeTable<'_>>,
    reported: Vec<Range<usize>>,
) -> Option<T> {
    let mut document = document.into_inner();
    // What follows a syntax error is read by guesswork: problems found there
    // are most likely echoes of it, so they wait until the syntax is fixed.
    let first_syntax_error = reported.iter().map(|r| r.start).min();
    for _ in 0..MAX_PROBLEMS_PER_FILE {
        let attempt = T::deserialize(toml::de::Deserializer::from(Spanned::new(0..0, document.clone())));
        let error = match attempt {
            Ok(value) => return Some(value),
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let already_reported = reported
            .iter()
            .any(|r| r.start <= span.start && span.end <= r.end.max(r.start + 1))
            || first_syntax_error.is_some_and(|first| span.start >= first);
        let problem = Problem::classify(error.message());
        let repair = match &problem {
            Problem::UnknownField { field, expected } => {
                let suggestion = did_you_mean(field, expected.iter().map(String::as_str));
                if !already_reported {
                    let mut d = Diagnostic::error(&source.path, format!("unknown field `{field}`"))
                        .at(source, span.clone())
                        .expected(if expected.is_empty() {
                            "no fields here".to_string()
                        } else {
                            format!("one of {}", quoted_list(expected))
                        });
                    d = match suggestion {
                        Some(s) => d.hint(format!("did you mean `{s}`?")),
                        None => d.hint("remove it, or check the spelling against docs/evidence-format.md"),
                    };
                    diags.push(d);
                }
                match suggestion {
                    Some(s) => Repair::Rename(s.to_string()),
                    None => Repair::Remove,
                }
            }
            Problem::Other(message) => {
                if !already_reported {
                    let (message, expected) = explain(message);
                    let mut d = Diagnostic::error(&source.path, message).at(source, span.clone());
                    if let Some(expected) = expected {
                        d = d.expected(expected);
                    }
                    diags.push(d);
                }
                Repair::Remove
            }
        };
        match repair_at(&mut document, 0, &span, &repair) {
            Some((table, field)) => diags.field_removed(&source.path, table, &field),
            None => return None,
        }
    }
    diags.push(
        Diagnostic::error(
            &source.path,
            format!("more than {MAX_PROBLEMS_PER_FILE} problems; stopped reading"),
        )
        .hint("fix the problems above first, or check that this is the right file"),
    );
    None
}

enum Problem {
    UnknownField { field: String, expected: Vec<String> },
    Other(String),
}

impl Problem {
    /// serde's messages are stable text; this reads the one we can act on.
    fn classify(message: &str) -> Problem {
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((field, tail)) = rest.split_once('`')
        {
            let expected = tail.split('`').skip(1).step_by(2).map(str::to_string).collect();
            return Problem::UnknownField {
                field: field.to_string(),
                expected,
            };
        }
        Problem::Other(message.to_string())
    }
}

enum Repair {
    Remove,
    Rename(String),
}

/// Applies `repair` to the key whose name or value is at `span`, searching
/// nested tables and arrays of tables. Returns the span start of the table
/// that held it and the key's name, or `None` if no key is there.
fn repair_at(
    table: &mut DeTable<'_>,
    table_start: usize,
    span: &Range<usize>,
    repair: &Repair,
) -> Option<(usize, String)> {
    let here = table
        .iter()
        .find(|(k, v)| {
            k.span() == *span
                || v.span() == *span
                || matches!(v.get_ref(), DeValue::Array(items)
                    if items.iter().any(|i| i.span() == *span && !matches!(i.get_ref(), DeValue::Table(_))))
        })
        .map(|(k, _)| k.clone());
    if let Some(key) = here {
        if let Some(value) = table.remove(&key)
            && let Repair::Rename(name) = repair
        {
            let renamed = Spanned::new(key.span(), DeString::Owned(name.clone()));
            if !table.contains_key(&renamed) {
                table.insert(renamed, value);
            }
        }
        return Some((table_start, key.get_ref().to_string()));
    }
    table.iter_mut().find_map(|(_, value)| {
        let start = value.span().start;
        match value.get_mut() {
            DeValue::Table(inner) => repair_at(inner, start, span, repair),
            DeValue::Array(items) => items.iter_mut().find_map(|item| {
                let start = item.span().start;
                match item.get_mut() {
                    DeValue::Table(inner) => repair_at(inner, start, span, repair),
                    _ => None,
                }
            }),
            _ => None,
        }
    })
}

/// Rewrites serde's "invalid type: string \"x\", expected f64" into words a
/// non-programmer reads easily, splitting off what was expected.
fn explain(message: &str) -> (String, Option<String>) {
    if message.contains("overflow") || message.contains(" as i128") || message.contains(" as u128") {
        return (
            "this number is too large".to_string(),
            Some("a number as it appears in your reports, e.g. 23.9 or 1450".to_string()),
        );
    }
    let plain = |s: &str| {
        let s = s.trim();
        match s {
            "f64" | "f32" => "a number".to_string(),
            "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".to_string(),
            "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
            "a string" => "text in quotes".to_string(),
            "a sequence" => "a list in square brackets, e.g. [\"a\", \"b\"]".to_string(),
            "a boolean" => "true or false".to_string(),
            _ if s.starts_with("struct ") || s == "a map" => "a table".to_string(),
            _ => s.to_string(),
        }
    };
    let found = |s: &str| {
        s.replacen("string ", "text ", 1)
            .replacen("integer ", "the number ", 1)
            .replacen("floating point ", "the number ", 1)
            .replace("sequence", "a list")
            .replace("map", "a table")
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((what, expected)) = rest.rsplit_once(", expected ")
        {
            return (
                format!("wrong type of value: found {}", found(what)),
                Some(plain(expected)),
            );
        }
    }
    (message.to_string(), None)
}

/// The likeliest cause of text read as keys: the line before opened it
/// with two quotes, an empty text, where three start text over several lines.
fn two_quotes_before(text: &str, line: usize) -> Option<String> {
    let before = line.checked_sub(2)?;
    let previous = text.lines().nth(before)?.trim_end();
    (previous.ends_with("= \"\"") || previous.ends_with("=\"\"")).then(|| {
        format!(
            "line {} opens the text with two quotes, which is empty text: text over several lines \
             goes between \"\"\" and \"\"\"",
            before + 1
        )
    })
}

/// For "duplicate key": the key, and the line of its nearest earlier
/// occurrence, the first one.
fn duplicate_key(text: &str, span: &Range<usize>, message: &str) -> Option<(String, Option<usize>)> {
    if !message.starts_with("duplicate key") {
        return None;
    }
    let key = text.get(span.clone())?.trim().trim_matches('"').to_string();
    if key.is_empty() {
        return None;
    }
    let before = &text[..span.start.min(text.len())];
    let lines: Vec<&str> = before.lines().collect();
    let first = lines.iter().enumerate().rev().find_map(|(i, line)| {
        let rest = line.trim_start().strip_prefix(key.as_str())?;
        rest.trim_start().starts_with('=').then_some(i + 1)
    });
    Some((key, first))
}

/// A syntax problem confined to one value or key, which leaves the
/// reading of the rest of the file as it was.
fn is_value_problem(message: &str) -> bool {
    let problem = message.split(", expected").next().unwrap_or(message);
    [
        "date",
        "time",
        "number",
        "overflow",
        "float",
        "fraction",
        "exponent",
        "mantissa",
        "leading zero",
        " sign",
        "boolean",
        "escape",
        "unicode",
        "radix",
        "`_`",
        "duplicate key",
    ]
    .iter()
    .any(|word| problem.contains(word))
}

fn syntax_hint(message: &str) -> &'static str {
    if message.contains("unclosed") && message.contains("table") {
        "a table header needs its closing brackets: `]` for [period], `]]` for [[finding.source]]"
    } else if message.contains("overflow") {
        "this number is too large; write it as it appears in your reports, e.g. 23.9"
    } else if message.contains("date") {
        "dates are written YYYY-MM-DD and must be real days, e.g. 2026-03-31"
    } else if message.contains("string") || message.contains("quote") {
        "text goes in double quotes; text over several lines goes between \"\"\" and \"\"\""
    } else if message.contains("duplicate") || message.contains("already") {
        "each key may appear once in a table; start a new entry with [[...]] for another item"
    } else {
        "check the line against the examples in docs/evidence-format.md"
    }
}

fn quoted_list(items: &[String]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// A value and where it is written, as the shared messages take them.
pub fn spot(value: &Spanned<String>) -> (&str, Range<usize>) {
    (value.get_ref(), value.span())
}

/// Reads one of a closed set of words, e.g. `polarity = "higher"`.
pub fn choose<T: Choice>(
    source: &SourceFile,
    value: &Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let found = T::from_text(value.get_ref());
    if found.is_none() {
        diags.push(unknown(source, spot(value), what, T::CHOICES.iter().map(|(k, _)| *k)));
    }
    found
}

/// Accepts a bare TOML date (`2026-03-31`) or the same in quotes, because
/// people copy dates from spreadsheets with quotes around them.
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written as YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
                use serde::de::Error;
                let value = toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                match (value.date, value.time) {
                    (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day)
                        .ok_or_else(|| A::Error::custom(format!("`{value}` is not a real day"))),
                    _ => Err(A::Error::custom(format!(
                        "`{value}` has a time of day; write the date alone, as YYYY-MM-DD"
                    ))),
                }
            }
        }
        use serde::Deserialize;
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        item: Vec<Item>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: Option<String>,
        count: Option<u32>,
        when: Option<Date>,
    }

    fn run(text: &str) -> (Option<Doc>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let doc = parse::<Doc>(&SourceFile::new("t.toml", text), &mut diags);
        (doc, diags)
    }

    #[test]
    fn reports_every_problem_and_keeps_reading() {
        let text = "[[item]]\nnaem = \"a\"\ncount = -3\n\n[[item]]\nwhen = 2026-02-30\nname = \"b\"\n";
        let (doc, diags) = run(text);
        let rendered = diags.render();
        assert_eq!(diags.errors(), 3, "{rendered}");
        assert!(rendered.contains("t.toml:2:1"), "{rendered}");
        assert!(rendered.contains("did you mean `name`?"), "{rendered}");
        assert!(rendered.contains("t.toml:3:9"), "{rendered}");
        assert!(rendered.contains("expected: a whole number, 0 or more"), "{rendered}");
        assert!(rendered.contains("t.toml:6:8"), "{rendered}");
        // The misspelt field was read under its intended name.
        let doc = doc.unwrap();
        assert_eq!(doc.item[0].name.as_deref(), Some("a"));
        assert_eq!(doc.item[1].name.as_deref(), Some("b"));
        // Values that could not be read are left out, not guessed.
        assert_eq!(doc.item[0].count, None);
        assert_eq!(doc.item[1].when, None);
    }

    #[test]
    fn lines_thrown_by_a_misplaced_quote_are_counted_not_listed() {
        let text = "[[item]]\ncount = 012\n\n[[item]]\nname = \"a\" b\"\nsome text\nmore text\n";
        let (_, diags) = run(text);
        let rendered = diags.render();
        // The bad number on line 2, a problem of its own, and the quote on
        // line 5; lines 6 and 7 only follow from line 5.
        assert_eq!(diags.errors(), 2, "{rendered}");
        assert!(rendered.contains("t.toml:2:9"), "{rendered}");
        assert!(rendered.contains("t.toml:5:"), "{rendered}");
        assert!(
            rendered.contains("2 more lines after it could not be read"),
            "{rendered}"
        );
    }

    #[test]
    fn quoted_dates_are_checked_too() {
        let (_, diags) = run("[[item]]\nwhen = \"2026-02-30\"\n");
        assert!(
            diags.render().contains("February 2026 has 28 days"),
            "{}",
            diags.render()
        );
    }
}
