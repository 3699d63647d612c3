//! `--format docx`: a Word document to edit, in Word's built-in styles, with
//! every finding, action and indicator, its properties, and the same bytes
//! for the same folder.

use std::io::Read;

use crate::test::{Test, evidence_text, one_line, temp_dir};

const EXAMPLE: &str = "examples/northbrook/2026";

/// The parts of a .docx, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().to_string(), text)
        })
        .collect()
}

/// Each paragraph's style and text, as Word reads them.
fn paragraphs(document: &str) -> Vec<(String, String)> {
    document
        .split("<w:p>")
        .skip(1)
        .map(|p| {
            let p = p.split("</w:p>").next().unwrap_or_default();
            let style = p
                .split("<w:pStyle w:val=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("Normal")
                .to_string();
            let text: String = p
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .filter_map(|t| t.split("</w:t>").next())
                .collect();
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            (style, text)
        })
        .collect()
}

fn render_docx(dir: &str, name: &str) -> Vec<u8> {
    let path = temp_dir(name).with_extension("docx");
    Test::new().args(["render", dir, "-o"]).arg(&path).run().code(0);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    bytes
}

#[test]
fn the_word_document_has_word_s_headings_every_finding_and_its_properties() {
    let bytes = render_docx(EXAMPLE, "docx-example");
    assert_eq!(
        bytes,
        render_docx(EXAMPLE, "docx-again"),
        "the same folder gives the same bytes"
    );
    let parts = parts(&bytes);
    let document = &parts["word/document.xml"];
    let paragraphs = paragraphs(document);
    let headings = |style: &str| -> Vec<&str> {
        paragraphs
            .iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    // Word's navigation pane shows the chapters: Heading 1 is the title,
    // Heading 2 the chapters, Heading 3 their parts.
    assert_eq!(
        headings("Heading1"),
        ["Northbrook: Self-evaluation of social work practice"]
    );
    for chapter in [
        "Summary",
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children in care",
        "Progress against last year's plan",
        "Appendix: index of sources",
    ] {
        assert!(headings("Heading2").contains(&chapter), "{chapter}");
    }
    assert_eq!(
        headings("Heading3").iter().filter(|h| **h == "Our evaluation").count(),
        4
    );
    assert!(parts["word/styles.xml"].contains("<w:name w:val=\"heading 2\"/>"));
    // As in the PDF, the title and contents make a cover: the summary starts a page.
    assert_eq!(document.matches("<w:pageBreakBefore/>").count(), 1);
    let after = &document[document.find("<w:pageBreakBefore/>").unwrap()..];
    assert!(
        after
            .split("<w:t xml:space=\"preserve\">")
            .nth(1)
            .is_some_and(|t| t.starts_with("Summary</w:t>")),
        "the page break comes before the summary"
    );

    // Every finding, action and indicator, as the council wrote them.
    let text = one_line(&paragraphs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" "));
    let evidence = evidence_text(EXAMPLE);
    for f in &evidence.findings {
        for paragraph in &f.paragraphs {
            assert!(
                text.contains(&one_line(paragraph)),
                "finding {}: {paragraph}",
                f.descriptor
            );
        }
    }
    for (id, action) in &evidence.actions {
        assert!(text.contains(&one_line(&format!("{id}: {action}"))), "action {id}");
    }
    for (id, title) in &evidence.indicators {
        assert!(text.contains(title.as_str()), "indicator {id}");
    }
    // Lists are Word lists; every table's header row repeats across pages.
    assert!(paragraphs.iter().any(|(s, _)| s == "ListBullet") && paragraphs.iter().any(|(s, _)| s == "ListNumber"));
    let tables = document.matches("<w:tbl>").count();
    assert!(tables >= 10, "{tables} tables");
    assert_eq!(document.matches("<w:tblHeader/>").count(), tables);

    // Its properties, header and footer.
    let core = &parts["docProps/core.xml"];
    for property in [
        "<dc:title>Northbrook: Self-evaluation of social work practice, 2025-26</dc:title>",
        "<dc:creator>Northbrook</dc:creator>",
        "<dc:language>en-GB</dc:language>",
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-05-20T00:00:00Z</dcterms:created>",
    ] {
        assert!(core.contains(property), "{property}: {core}");
    }
    assert!(parts["word/header1.xml"].contains(">OFFICIAL-SENSITIVE</w:t>"));
    assert!(parts["word/footer1.xml"].contains(" PAGE ") && parts["word/footer1.xml"].contains(" NUMPAGES "));
}

#[test]
fn evidence_text_in_a_word_document_is_text_never_markup() {
    let bytes = render_docx("tests/fixtures/valid/injection", "docx-injection");
    let document = &parts(&bytes)["word/document.xml"];
    assert!(!document.contains("<script"), "evidence became markup");
    assert!(document.contains("&lt;script"), "the text is shown as written");
}

#[test]
fn a_council_s_own_word_template_restyles_the_document_by_style_name() {
    use std::io::Write;
    // The council's template: Word's styles under their built-in names, in
    // its own look (a red Heading 1 in Georgia), with a theme.
    let dir = temp_dir("docx-reference");
    std::fs::create_dir_all(&dir).unwrap();
    let reference = dir.join("corporate.docx");
    {
        let file = std::fs::File::create(&reference).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/styles.xml", options).unwrap();
        zip.write_all(
            b"<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
              <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>\
              <w:rPr><w:rFonts w:ascii=\"Georgia\" w:hAnsi=\"Georgia\"/><w:color w:val=\"C00000\"/></w:rPr></w:style></w:styles>",
        )
        .unwrap();
        zip.start_file("word/theme/theme1.xml", options).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Corporate\"/>")
            .unwrap();
        zip.finish().unwrap();
    }
    let out = dir.join("restyled.docx");
    Test::new()
        .args(["render", EXAMPLE, "--reference-docx"])
        .arg(&reference)
        .arg("-o")
        .arg(&out)
        .run()
        .code(0);
    let parts = parts(&std::fs::read(&out).unwrap());
    let styles = &parts["word/styles.xml"];
    assert!(
        styles.contains("Georgia") && styles.contains("C00000"),
        "the council's Heading 1"
    );
    assert_eq!(styles.matches("w:styleId=\"Heading1\"").count(), 1);
    // The styles it lacks are the built-in ones, so every paragraph keeps one.
    assert!(styles.contains("w:styleId=\"Caption\"") && styles.contains("w:styleId=\"Heading2\""));
    assert!(parts["word/theme/theme1.xml"].contains("name=\"Corporate\""));
    assert!(parts["word/_rels/document.xml.rels"].contains("theme/theme1.xml"));

    // Something that is not a Word document, or a document that is not Word, is refused first.
    Test::new()
        .args(["render", EXAMPLE, "--reference-docx", "README.md", "-o"])
        .arg(dir.join("x.docx"))
        .run()
        .code(2)
        .stderr(
            "error: README.md cannot be the reference document: it is not a Word document (.docx files are zip \
             archives, and this is not one); give a .docx saved from Word with your styles\n",
        );
    Test::new()
        .args(["render", EXAMPLE, "--reference-docx"])
        .arg(&reference)
        .arg("-o")
        .arg(dir.join("x.pdf"))
        .run()
        .code(2)
        .stderr("error: --reference-docx is for a Word document: write one with -o FILE.docx\n");
    assert!(!dir.join("x.docx").exists() && !dir.join("x.pdf").exists());
    std::fs::remove_dir_all(dir).unwrap();
}

/// The XML text of each `<tag>` element in `xml`, unescaped.
fn texts(xml: &str, tag: &str) -> Vec<String> {
    xml.split(&format!("<{tag}>"))
        .skip(1)
        .filter_map(|t| t.split(&format!("</{tag}>")).next())
        .map(|t| t.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""))
        .collect()
}

/// Each chart is Word's own chart, which Word and LibreOffice draw and a
/// council can restyle, with alternative text giving its figures in words:
/// every indicator it draws, and every figure its bars are labelled with.
#[test]
fn each_chart_is_a_word_chart_described_by_its_figures_in_words() {
    let parts = parts(&render_docx(EXAMPLE, "docx-charts"));
    let document = &parts["word/document.xml"];
    let descriptions: Vec<String> = document
        .split("<wp:docPr ")
        .skip(1)
        .map(|d| {
            let descr = d.split("descr=\"").nth(1).unwrap().split('"').next().unwrap();
            descr.replace("&amp;", "&").replace("&#39;", "'")
        })
        .collect();
    let chapters = descriptions.iter().filter(|d| d.contains(": this year ")).count();
    assert_eq!(chapters, 4, "a chart in each of the four chapters");
    // And in the appendix, five years of each published indicator.
    let years = descriptions.len() - chapters;
    assert!(years >= 10, "{years} charts of five years");
    for description in descriptions.iter().filter(|d| !d.contains(": this year ")) {
        assert!(description.contains(": Northbrook "), "{description}");
        assert!(description.contains(", England ") && description.contains(", statistical neighbours "));
    }
    for (n, description) in descriptions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.contains(": this year "))
    {
        let part = &parts[&format!("word/charts/chart{}.xml", n + 1)];
        assert!(parts["[Content_Types].xml"].contains(&format!("/word/charts/chart{}.xml", n + 1)));
        assert!(parts["word/_rels/document.xml.rels"].contains(&format!("Target=\"charts/chart{}.xml\"", n + 1)));
        // The three series, named as in the PDF's key.
        let names = texts(part, "c:v");
        for series in ["This year", "England", "Last year"] {
            assert!(names.iter().any(|v| v == series), "chart {}: series {series}", n + 1);
        }
        for indicator in texts(part, "c:v").iter().filter(|v| v.chars().any(char::is_alphabetic)) {
            if ["This year", "England", "Last year"].contains(&indicator.as_str()) {
                continue;
            }
            assert!(
                description.contains(&format!("{indicator}: this year ")),
                "chart {}: {indicator} is described",
                n + 1
            );
        }
        let labels = texts(part, "a:t");
        assert!(labels.len() >= 3, "every bar labelled with its figure");
        for label in labels {
            assert!(
                description.contains(&label),
                "chart {}: {label} is in its description",
                n + 1
            );
        }
    }
}
