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
