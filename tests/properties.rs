//! Property tests: arbitrary evidence, however odd its text and figures,
//! never crashes loading, assessing or rendering, and every document it
//! gives reads back: the Markdown holds the text as written, the HTML has no
//! markup from the evidence, and the PDF opens.

use std::path::Path;

use proptest::prelude::*;

use selfeval::pipeline::{Pipeline, World};
use selfeval::render::{Document, Format, Renderer, pdf};

/// Text with far more of the characters that break documents than chance
/// would give: markup, template syntax, quotes, line breaks, control
/// characters, and letters outside Latin-1.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        '{', '}', '%', '#', '<', '>', '&', '|', '*', '_', '`', '\\', '"', '\'', '\n', '\t', '[', ']', '(', ')', '!',
        '-', '~', '✓', 'é', '中', '\u{0}', '\u{7}', '\u{200B}', ' ',
    ]);
    prop::collection::vec(prop_oneof![3 => any::<char>(), 5 => tricky, 8 => "[a-z ]".prop_map(|s: String| s.chars().next().unwrap_or(' '))], 0..60)
        .prop_map(|chars| format!("x {}", chars.into_iter().collect::<String>()))
}

/// A TOML string, escaped by the toml crate itself.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[derive(Debug, Clone)]
struct Case {
    council: String,
    summary: String,
    impact: String,
    title: String,
    showed: String,
    action: String,
    value: f64,
    previous: f64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        -50.0..250.0f64,
        0.0..100.0f64,
    )
        .prop_map(
            |(council, summary, impact, title, showed, action, value, previous)| Case {
                council,
                summary,
                impact,
                title,
                showed,
                action,
                value,
                previous,
            },
        )
}

fn write_folder(dir: &Path, c: &Case) {
    std::fs::create_dir_all(dir.join("findings")).unwrap();
    std::fs::write(
        dir.join("council.toml"),
        format!(
            "council = {}\nframework = \"ilacs-2026\"\nprepared_by = \"QA\"\nprepared_on = 2026-05-01\nmarking = \"OFFICIAL\"\n[period]\nstart = 2025-04-01\nend = 2026-03-31\n",
            quoted(&c.council)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("findings/help-protection.toml"),
        format!(
            "[[finding]]\ndescriptor = \"hp.front-door\"\nrating = \"secure\"\nsummary = {}\nimpact = {}\n[[finding.source]]\nkind = \"case-audit\"\ntitle = {}\ndate = 2025-11-01\nshowed = {}\n",
            quoted(&c.summary),
            quoted(&c.impact),
            quoted(&c.title),
            quoted(&c.showed)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("indicators.toml"),
        format!(
            "[[indicator]]\nid = \"re-referrals-12m\"\nvalue = {}\nprevious = {}\n",
            c.value, c.previous
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("actions.toml"),
        format!(
            "[[action]]\nid = \"A-1\"\ndescriptors = [\"hp.front-door\"]\naction = {}\nowner = \"Head of Service\"\ndue = 2026-09-30\nstatus = \"in-progress\"\n",
            quoted(&c.action)
        ),
    )
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_evidence_never_crashes_and_every_format_reads_back(c in case()) {
        let dir = crate::test::temp_dir("property");
        write_folder(&dir, &c);
        let pipeline = Pipeline::new(World::from_env());
        let folder = pipeline.check(&dir).expect("the folder is there");
        let Some(evidence) = folder.evidence else {
            // Rejected input must say why, in the council's files.
            prop_assert!(folder.diagnostics.errors() > 0);
            return Ok(());
        };
        let library = pipeline.library().unwrap();
        let assessment = selfeval::assess::assess(&evidence, &library);
        let report = selfeval::report::self_evaluation::build(&evidence, &assessment, None, library.published);
        let renderer = Renderer::new(None);
        let doc = Document::SelfEvaluation(&report);

        let md = renderer.render(doc, Format::Markdown).ok().expect("Markdown renders").bytes;
        let md = String::from_utf8(md).expect("Markdown is UTF-8");
        let (text, raw_html) = crate::test::markdown_text(&md);
        prop_assert_eq!(raw_html, 0, "evidence became raw HTML");
        // As the document shows it: on one line, without control characters.
        let printable = |s: &str| {
            s.split_whitespace()
                .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let summary = printable(&c.summary);
        prop_assert!(text.contains(&summary), "the summary does not read back: {:?}", summary);

        let html = renderer.render(doc, Format::Html).ok().expect("HTML renders").bytes;
        let html = String::from_utf8(html).expect("HTML is UTF-8");
        prop_assert!(!html.contains("<script"), "evidence became markup");
        prop_assert_eq!(html.matches("<table").count(), html.matches("</table>").count());
        prop_assert!(html.trim_end().ends_with("</html>"));

        let pdf = pdf::render(&md, &report.properties, &pdf::Theme::built_in(), &[], &[]);
        let read = lopdf::Document::load_mem(&pdf.bytes);
        prop_assert!(read.is_ok(), "the PDF does not open");
        prop_assert!(read.unwrap().get_pages().len() == pdf.pages);
        std::fs::remove_dir_all(&dir).ok();
    }
}
