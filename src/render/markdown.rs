//! Markdown as the templates write it: evidence escaped wherever a
//! template puts it, and the output tidied so that the templates can stay
//! readable.

use minijinja::{AutoEscape, Environment};

/// Templates ending in .md escape what they show as Markdown; .html ones
/// as HTML. Text a template marks safe is its own and left alone.
pub(super) fn escape_in(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom("markdown")
        } else if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Custom("markdown") {
            let text = value.to_string();
            let text = if value.is_safe() { text } else { escape_markdown(&text) };
            out.write_str(&text)
                .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
}

/// Evidence text made literal in Markdown: on one line, with every character
/// that could start markup, a link, a table cell or a heading escaped.
pub fn escape_markdown(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) || (i == 0 && matches!(c, '-' | '+' | '=' | ':'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. " or "1) " at the start would begin a numbered list ("23.9%" would not).
    if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && matches!(out[end..].chars().next(), Some('.' | ')'))
        && out[end + 1..].chars().next().is_none_or(char::is_whitespace)
    {
        out.insert(end, '\\');
    }
    out
}

/// One blank line between blocks and before every heading, whatever the
/// templates' own spacing: templates stay readable, the output stays tidy.
pub(super) fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = true;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        if line.starts_with('#') && !blank {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
        if line.starts_with('#') {
            out.push('\n');
            blank = true;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_evidence_literal() {
        assert_eq!(escape_markdown("a *b* _c_ | d"), r"a \*b\* \_c\_ \| d");
        assert_eq!(escape_markdown("<script>x</script>"), r"\<script\>x\</script\>");
        assert_eq!(escape_markdown("# not a heading"), r"\# not a heading");
        assert_eq!(escape_markdown("- not a list"), r"\- not a list");
        assert_eq!(escape_markdown("12. not a list"), r"12\. not a list");
        assert_eq!(escape_markdown("23.9% in 2025-26"), "23.9% in 2025-26");
        assert_eq!(escape_markdown("two\n\nlines"), "two lines");
        assert_eq!(escape_markdown("{{ x }} {% if %}"), "{{ x }} {% if %}");
    }
}
