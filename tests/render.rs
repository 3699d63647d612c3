//! `selfeval render`: the self-evaluation as Markdown and HTML (the PDF is in
//! tests/pdf.rs, the templates in tests/templates.rs). Bad evidence writes
//! nothing: tests/fixtures/invalid/ (council-name-empty, previous-other-council,
//! three-in-one-file).

use std::sync::OnceLock;

use crate::test::{Test, evidence_text, fixture, markdown_text, one_line, render, render_pdf, root, temp_dir};

const EXAMPLE: &str = "examples/northbrook/2026";

/// The example rendered to stdout, once for every test that reads it.
fn example(format: &str) -> &'static str {
    static MD: OnceLock<String> = OnceLock::new();
    static HTML: OnceLock<String> = OnceLock::new();
    let cell = match format {
        "md" => &MD,
        "html" => &HTML,
        _ => unreachable!("{format}"),
    };
    cell.get_or_init(|| render(EXAMPLE, format))
}

#[test]
fn the_document_holds_every_finding_action_and_indicator_of_the_example() {
    let evidence = evidence_text(EXAMPLE);
    let (text, raw_html) = markdown_text(example("md"));
    assert_eq!(raw_html, 0, "the Markdown holds no raw HTML");
    let html = example("html");
    let missing = |what: &str| !text.contains(&one_line(what));
    for f in &evidence.findings {
        for paragraph in &f.paragraphs {
            assert!(
                !missing(paragraph),
                "finding {} not in the document: {paragraph}",
                f.descriptor
            );
        }
        // Each source in the index; what it showed is the council's notes, kept in its files.
        for (title, _) in &f.sources {
            assert!(!missing(title), "source {title} missing");
        }
    }
    for (id, action) in &evidence.actions {
        // Each action is written once, wherever else it is named.
        let written = text.matches(&one_line(&format!("{id}: {action}"))).count();
        assert_eq!(written, 1, "action {id} is written {written} times");
        assert!(html.contains(id.as_str()), "action {id} missing from the HTML");
    }
    // The council's own evaluations and executive summary, as written.
    for (judgement, grade, overview) in &evidence.evaluations {
        assert!(!missing(overview), "the evaluation of {judgement} is missing");
        assert!(
            text.contains(&format!("Our self-assessment: {grade}")),
            "the self-assessed grade of {judgement} is missing"
        );
    }
    assert_eq!(evidence.evaluations.len(), 4, "the example evaluates every judgement");
    for line in &evidence.summary {
        assert!(!missing(line), "the executive summary lacks {line}");
    }
    for (id, title) in &evidence.indicators {
        assert!(!missing(title), "indicator {id} missing");
        assert!(
            html.contains(&title.replace('\'', "&#39;")) || html.contains(title.as_str()),
            "indicator {id} missing from the HTML"
        );
    }
    for heading in [
        "Our evaluation",
        "What we know",
        "How we know it",
        "What we will do",
        "Progress against last year's plan",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(
        html.contains(
            "<caption>Our self-assessment at a glance, beside our last inspection (10 February 2023)</caption>"
        )
    );
    assert!(html.contains(
        "<strong class=\"label label-requires-improvement-to-be-good\">Requires improvement to be good</strong>"
    ));
}

#[test]
fn evidence_text_is_shown_as_written_and_never_run() {
    let fixture = fixture("valid/injection");
    let md = render(&fixture, "md");
    let (text, raw_html) = markdown_text(&md);
    assert_eq!(raw_html, 0);
    for literal in [
        "Injection {{ council }} <b>Borough</b>",
        "QA | {% if true %}team{% endif %}",
        "Text with {{ 7 * 7 }} and {% for x in range(3) %}loop{% endfor %} and {# a comment #}.",
        "# Not a heading * not a list item *and not emphasis* | not | a | table row |",
        "<script>alert(\"x\")</script> and <img src=x onerror=alert(1)> and [a link](javascript:alert(1)).",
        "Back\\slash, `code`, ~strike~, &amp; and a trailing pipe | and a tick ✓ the PDF font lacks",
        "Act on | {{ action }} | <em>now</em>",
        "Audit | with a pipe and **bold**",
    ] {
        assert!(text.contains(literal), "not shown literally: {literal}\n{text}");
    }
    // Markdown structure is the templates' alone: no heading, list or link from evidence.
    assert!(!md.contains("\n# Not a heading"));
    assert!(!text.contains("49"), "template code in evidence was run");
    let html = render(&fixture, "html");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<img"));
    assert!(!html.contains("<b>Borough") && !html.contains("<em>now</em>"));
    assert!(!lower.contains("href=\"javascript"));
    assert!(html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"));
    assert!(html.contains("<title>Injection {{ council }} &lt;b&gt;Borough&lt;&#x2f;b&gt;: Self-evaluation"));
}

/// Compares with the reference file; `SELFEVAL_BLESS=1 cargo test` writes it.
fn matches_snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os("SELFEVAL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from tests/snapshots/{name} at line {}:\n  expected: {}\n  actual:   {}\n(run SELFEVAL_BLESS=1 cargo test to accept the new output)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn the_example_renders_as_its_reference_files() {
    matches_snapshot("northbrook-2026.md", example("md"));
    // The bundled font is in the page (four faces, as data), but not in the
    // reference file: 300 KB of base64 says nothing a reviewer can read.
    let html = example("html");
    let faces = html.lines().filter(|l| l.starts_with("@font-face")).count();
    assert_eq!(faces, 4, "the page carries its font");
    assert!(html.contains("src: url(data:font/ttf;base64,"));
    let without_font: String = html
        .lines()
        .filter(|l| !l.starts_with("@font-face"))
        .map(|l| format!("{l}\n"))
        .collect();
    matches_snapshot("northbrook-2026.html", &without_font);
}

#[test]
fn render_writes_the_file_it_is_given() {
    let out_file = temp_dir("render-html").with_extension("html");
    Test::new()
        .args(["render", EXAMPLE, "--format", "html", "-o"])
        .arg(&out_file)
        .run()
        .code(0)
        .stdout("")
        .stderr(&format!("wrote {}\n", out_file.display()));
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.trim_end().ends_with("</html>"));
    std::fs::remove_file(out_file).unwrap();
}

#[test]
fn the_output_file_s_extension_chooses_the_format_and_may_not_contradict_it() {
    for (extension, starts) in [
        ("pdf", "%PDF-"),
        ("html", "<!DOCTYPE html>"),
        ("md", "# Northbrook"),
        ("docx", "PK"),
    ] {
        let out_file = temp_dir(&format!("render-by-extension-{extension}")).with_extension(extension);
        Test::new().args(["render", EXAMPLE, "-o"]).arg(&out_file).run().code(0);
        let bytes = std::fs::read(&out_file).unwrap();
        assert!(
            bytes.starts_with(starts.as_bytes()),
            ".{extension} holds {:?}",
            &bytes[..20]
        );
        std::fs::remove_file(out_file).unwrap();
    }
    // A file named .pdf that would hold Markdown is refused before any work.
    let out_file = temp_dir("render-contradicts").with_extension("pdf");
    Test::new()
        .args(["render", EXAMPLE, "--format", "md", "-o"])
        .arg(&out_file)
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "error: `--format md` was asked for, but `{}` is named for pdf: name the file .md or leave out \
             --format to write pdf\n",
            out_file.display()
        ));
    assert!(!out_file.exists());
    let odt = temp_dir("render-odt").with_extension("odt");
    Test::new()
        .args(["render", EXAMPLE, "-o"])
        .arg(&odt)
        .run()
        .code(2)
        .stderr("error: selfeval does not write .odt files here: name the file .md, .html, .pdf or .docx\n");
    // Nor does it write a PDF into a file named as text, or guess from .txt.
    let txt = temp_dir("render-txt").with_extension("txt");
    Test::new()
        .args(["render", EXAMPLE, "--format", "pdf", "-o"])
        .arg(&txt)
        .run()
        .code(2)
        .stderr("error: selfeval does not write .txt files here: name the file .md, .html, .pdf or .docx (.pdf for --format pdf)\n");
    Test::new()
        .args(["render", EXAMPLE, "-o"])
        .arg(&txt)
        .run()
        .code(2)
        .stderr("error: selfeval does not write .txt files here: name the file .md, .html, .pdf or .docx\n");
    assert!(!txt.exists());
    // compare's summary is text, and its file is .txt.
    let pdf = temp_dir("compare-as-pdf").with_extension("pdf");
    Test::new()
        .args(["compare", "examples/northbrook/2025", EXAMPLE, "--format", "text", "-o"])
        .arg(&pdf)
        .run()
        .code(2)
        .stderr(&format!(
            "error: `--format text` was asked for, but `{}` is named for pdf: name the file .txt or leave out \
             --format to write pdf\n",
            pdf.display()
        ));
    assert!(!odt.exists());
}

#[test]
fn render_with_a_previous_folder_shows_what_became_of_last_year_s_plan_in_one_table() {
    let dir = fixture("compare/2026");
    let (md, _) = markdown_text(&render(&dir, "md"));
    for expected in [
        "Progress against last year's plan",
        "Last year's actions and what became of them",
        "FB-06: Publish an early help directory for schools.",
    ] {
        assert!(md.contains(expected), "Markdown lacks {expected}");
    }
    // The year-on-year comparison is `selfeval compare`'s, not the council's document's.
    assert!(!md.contains("Indicators that moved since last year"));
    let html = render(&dir, "html");
    assert!(html.contains("<h2 id=\"progress-against-last-years-plan\">Progress against last year's plan</h2>"));
    let (pdf, _) = render_pdf(&dir, "compare-2026");
    assert!(pdf.text().contains("Progress against last year's plan"));
    assert!(
        pdf.outline()
            .iter()
            .any(|(_, t)| t == "Progress against last year's plan")
    );
}

#[test]
fn the_self_evaluation_holds_nothing_the_tool_inferred_in_any_format() {
    let library = selfeval::load::library().unwrap();
    let evidence = evidence_text(EXAMPLE);
    let (md, _) = markdown_text(example("md"));
    let html = example("html").replace("&#39;", "'");
    let (pdf, _) = render_pdf(EXAMPLE, "no-inference");
    let pdf = one_line(&pdf.text());
    for (format, text) in [("md", &md), ("html", &html), ("pdf", &pdf)] {
        for f in &evidence.findings {
            assert!(!text.contains(&f.descriptor), "{format} shows the id {}", f.descriptor);
        }
        assert!(!text.contains(".toml"), "{format} shows a file name");
        for p in &library.patterns {
            assert!(!text.contains(&p.title), "{format} shows the pattern {}", p.title);
        }
        for inferred in [
            "Indicative grade",
            "Supported by the evidence",
            "sources of",
            "reads below Good",
        ] {
            assert!(!text.contains(inferred), "{format} shows {inferred:?}");
        }
    }
}

#[test]
fn an_unfinished_folder_renders_as_a_draft_that_says_what_is_missing_and_a_finished_one_does_not() {
    let dir = temp_dir("draft-folder");
    Test::new()
        .args(["init"])
        .arg(&dir)
        .args(["--council", "Anytown"])
        .run()
        .code(0);
    let dir = dir.to_str().unwrap().to_string();
    let (md, _) = markdown_text(&render(&dir, "md"));
    assert!(
        md.contains("DRAFT: this self-evaluation is not finished. Still to write:"),
        "{md}"
    );
    assert!(md.contains("The executive summary: where we are, our strengths and our priorities."));
    assert!(
        md.contains("The experiences and progress of care leavers: our evaluation; a finding for each of its 9 areas.")
    );
    for line in [
        "Who prepared this self-evaluation.",
        "The date and grades of our last inspection.",
        "This year's figure for each of the 34 indicators.",
        "Our improvement plan: no actions are recorded yet.",
    ] {
        assert!(md.contains(line), "{line}");
    }
    // Nothing empty stands in the document as if it were written.
    // The cover gives the marking as the council wrote it, and the status apart.
    assert!(
        md.contains("Protective marking: OFFICIAL-SENSITIVE Status: draft"),
        "{md}"
    );
    for empty in ["Prepared by:", "Our evaluation", "Every source cited, by title"] {
        assert!(!md.contains(empty), "{empty}");
    }
    assert!(md.contains("There is no improvement plan yet.") && md.contains("No sources are recorded yet."));
    // On every page, at its head.
    let (pdf, _) = render_pdf(&dir, "draft");
    for (n, _) in pdf.doc.get_pages() {
        let page = pdf.doc.extract_text(&[n]).unwrap();
        assert!(page.contains("DRAFT. OFFICIAL-SENSITIVE"), "page {n}: {page}");
    }
    let html = render(&dir, "html");
    assert!(
        html.contains("<header class=\"marking\" aria-label=\"Protective marking\">DRAFT. OFFICIAL-SENSITIVE</header>")
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // The example is finished: no draft marking anywhere.
    assert!(!example("md").contains("DRAFT"));
}

#[test]
fn the_html_draws_each_indicator_table_as_an_inline_chart_with_its_figures_in_words() {
    let html = example("html");
    assert_eq!(
        html.matches("<figure class=\"chart\"><figcaption>Chart: Each indicator this year, against England and last year</figcaption><svg").count(),
        4,
        "one per chapter, its title shown above it"
    );
    assert!(html.contains("role=\"img\" aria-labelledby=\"chart-1\"><title id=\"chart-1\">Chart: Each indicator this year, against England and last year. Children and family social worker turnover: this year 15.1%, England 11.8%, last year 21.8%"));
    // A figure not known is said, not drawn as nothing.
    assert!(html.contains(">not known</text>"));
}
