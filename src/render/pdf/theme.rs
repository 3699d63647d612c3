//! How the PDF looks: its type sizes and spacing, and its colours, which
//! come from the same stylesheet the HTML uses (`style.css`, the council's
//! own where it gives one), so that a grade is the same green on paper and
//! on screen, and a council restyling one restyles both.
//!
//! Of the stylesheet the PDF reads the `:root` colours (`--text`, `--muted`,
//! `--link`, `--rule`, `--shade`) and the `.label-...` rules (`background`
//! and `color`), in `#rgb` or `#rrggbb`. Whatever a council's stylesheet
//! does not give that way, the built-in one does.

use crate::render::slug;

/// Body and table text, in points, and the spacing around them.
pub const BODY_SIZE: f32 = 10.5;
pub const TABLE_SIZE: f32 = 8.5;
pub const LEADING: f32 = 1.35;
pub const CELL_PAD: f32 = 3.5;
pub const LIST_INDENT: f32 = 14.0;
pub const QUOTE_INDENT: f32 = 14.0;

/// Colours as RGB 0..1.
pub type Rgb = (f32, f32, f32);

#[derive(Debug, Clone)]
pub struct Theme {
    pub text: Rgb,
    pub muted: Rgb,
    pub link: Rgb,
    pub rule: Rgb,
    pub shade: Rgb,
    /// Each `.label-<slug>` rule: the slug, its fill and its text colour.
    labels: Vec<(String, Rgb, Rgb)>,
    /// Whether what stands before the first chapter (a second-level
    /// heading) is a cover page of its own: the self-evaluation's is.
    pub cover: bool,
}

impl Theme {
    /// The built-in stylesheet's theme.
    pub fn built_in() -> Theme {
        Theme::from_css(stylesheet())
    }

    /// The theme of `css`, the built-in stylesheet filling what it leaves out.
    pub fn from_css(css: &str) -> Theme {
        let base = Sheet::parse(stylesheet());
        let own = Sheet::parse(css);
        let colour = |name: &str| own.var(name).or_else(|| base.var(name)).unwrap_or((0.0, 0.0, 0.0));
        let mut labels = own.labels.clone();
        for label in &base.labels {
            if !labels.iter().any(|(slug, _, _)| *slug == label.0) {
                labels.push(label.clone());
            }
        }
        Theme {
            text: colour("text"),
            muted: colour("muted"),
            link: colour("link"),
            rule: colour("rule"),
            shade: colour("shade"),
            labels,
            cover: false,
        }
    }

    /// A chart's three series: this year in the link colour, the
    /// comparator grey, last year a pale blue.
    pub fn series(&self) -> [Rgb; 3] {
        [self.link, (0.45, 0.45, 0.45), (0.55, 0.71, 0.85)]
    }

    /// The fill and text colour of a grade or rating label, as the HTML
    /// shows it: `Good` is styled by `.label-good`.
    pub fn label(&self, label: &str) -> Option<(Rgb, Rgb)> {
        let wanted = slug(label);
        self.labels
            .iter()
            .find(|(slug, _, _)| *slug == wanted)
            .map(|(_, fill, text)| (*fill, *text))
    }
}

/// The built-in stylesheet.
fn stylesheet() -> &'static str {
    crate::render::built_in(crate::render::STYLESHEET).unwrap_or_default()
}

/// What the PDF reads of a stylesheet.
#[derive(Default)]
struct Sheet {
    vars: Vec<(String, String)>,
    labels: Vec<(String, Rgb, Rgb)>,
}

impl Sheet {
    fn parse(css: &str) -> Sheet {
        let mut sheet = Sheet::default();
        let css = without_comments(css);
        let rules: Vec<(&str, &str)> = css
            .split('}')
            .filter_map(|rule| rule.split_once('{'))
            .map(|(selector, body)| (selector.trim(), body))
            .collect();
        for (selector, body) in &rules {
            if *selector == ":root" {
                for (name, value) in declarations(body) {
                    if let Some(name) = name.strip_prefix("--") {
                        sheet.vars.push((name.to_string(), value.to_string()));
                    }
                }
            }
        }
        for (selector, body) in &rules {
            let slugs: Vec<&str> = selector
                .split(',')
                .filter_map(|s| s.trim().strip_prefix(".label-"))
                .collect();
            if slugs.is_empty() {
                continue;
            }
            let mut fill = None;
            let mut text = None;
            for (name, value) in declarations(body) {
                match name {
                    "background" | "background-color" => fill = sheet.colour(value),
                    "color" => text = sheet.colour(value),
                    _ => {}
                }
            }
            if let (Some(fill), Some(text)) = (fill, text) {
                for slug in slugs {
                    sheet.labels.retain(|(s, _, _)| s != slug);
                    sheet.labels.push((slug.to_string(), fill, text));
                }
            }
        }
        sheet
    }

    fn var(&self, name: &str) -> Option<Rgb> {
        let value = self.vars.iter().rev().find(|(n, _)| n == name)?;
        hex(&value.1)
    }

    /// A colour as written, or through one `var(--name)`.
    fn colour(&self, value: &str) -> Option<Rgb> {
        match value.strip_prefix("var(--").and_then(|v| v.strip_suffix(')')) {
            Some(name) => self.var(name.trim()),
            None => hex(value),
        }
    }
}

fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].split_once("*/").map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

fn declarations(body: &str) -> impl Iterator<Item = (&str, &str)> {
    body.split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(name, value)| (name.trim(), value.trim()))
}

/// `#1b1b1b` or `#fff` as RGB 0..1.
fn hex(value: &str) -> Option<Rgb> {
    let digits = value.trim().strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok().map(|v| f32::from(v) / 255.0);
    match digits.len() {
        6 => Some((
            channel(&digits[0..2])?,
            channel(&digits[2..4])?,
            channel(&digits[4..6])?,
        )),
        3 => {
            let double = |i: usize| channel(&digits[i..=i].repeat(2));
            Some((double(0)?, double(1)?, double(2)?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_takes_its_colours_from_the_stylesheet() {
        let theme = Theme::from_css(stylesheet());
        let byte = |rgb: Rgb| {
            (
                (rgb.0 * 255.0).round(),
                (rgb.1 * 255.0).round(),
                (rgb.2 * 255.0).round(),
            )
        };
        assert_eq!(byte(theme.text), (27.0, 27.0, 27.0), "--text: #1b1b1b");
        let (fill, text) = theme.label("Requires improvement to be good").unwrap();
        assert_eq!((byte(fill), byte(text)), ((255.0, 241.0, 198.0), (89.0, 77.0, 0.0)));
        assert_eq!(theme.label("Outstanding"), theme.label("Strong"));
        assert_ne!(theme.label("Outstanding"), theme.label("Good"));
        assert_eq!(theme.label("Not rated"), None, "the stylesheet does not colour it");
    }

    #[test]
    fn a_councils_stylesheet_restyles_what_it_gives_and_keeps_the_rest() {
        let own = "/* ours */ :root { --text: #000; } .label-good { background: var(--shade); color: #123456; }\
                   :root { --shade: #eeeeee }";
        let theme = Theme::from_css(own);
        assert_eq!(theme.text, (0.0, 0.0, 0.0));
        let (fill, text) = theme.label("Good").unwrap();
        assert_eq!(fill, hex("#eeeeee").unwrap());
        assert_eq!(text, hex("#123456").unwrap());
        assert_eq!(
            theme.label("Inadequate"),
            Theme::from_css(stylesheet()).label("Inadequate")
        );
        assert_eq!(theme.muted, hex("#4a4a4a").unwrap(), "from the built-in stylesheet");
    }
}
