//! `selfeval render --format pdf`: the whole document, in order, with its
//! properties, outline and font.

use crate::test::{PdfFile, Test, evidence_text, fixture, one_line, render_pdf, temp_dir};

const EXAMPLE: &str = "examples/northbrook/2026";

#[test]
fn the_pdf_holds_the_whole_document_in_order() {
    let evidence = evidence_text("examples/northbrook/2026");
    let (pdf, _) = render_pdf("examples/northbrook/2026", "northbrook");
    let text = pdf.text();
    let mut at = 0;
    for heading in [
        "Contents",
        "Summary",
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
        "Progress against last year's plan",
        "Appendix: index of sources",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found;
    }
    for f in &evidence.findings {
        for paragraph in &f.paragraphs {
            assert!(
                text.contains(&one_line(paragraph)),
                "finding {} missing: {paragraph}",
                f.descriptor
            );
        }
    }
    for (id, action) in &evidence.actions {
        assert!(
            text.contains(&one_line(&format!("{id}: {action}"))),
            "action {id} missing"
        );
    }
    for (id, title) in &evidence.indicators {
        assert!(text.contains(title.as_str()), "indicator {id} missing");
    }

    // A chart of the indicators in each of the four chapters, values labelled.
    assert_eq!(
        text.matches("Chart: Each indicator this year, against England and last year")
            .count(),
        4
    );
    assert!(
        text.contains("This year England Last year"),
        "the chart's key names its colours"
    );

    let pages = pdf.doc.get_pages().len();
    assert!((20..=24).contains(&pages), "{pages} pages");
    // No near-empty page: between the cover and the last page, each is at
    // least half as full as the middle page is.
    let mut words: Vec<usize> = pdf.pages().iter().map(|p| p.split_whitespace().count()).collect();
    let inner = &mut words[1..pages - 1];
    let thinnest = inner
        .iter()
        .enumerate()
        .min_by_key(|(_, w)| **w)
        .map(|(i, w)| (i + 2, *w));
    inner.sort_unstable();
    let median = inner[inner.len() / 2];
    let (page, least) = thinnest.unwrap();
    assert!(
        least * 2 >= median,
        "page {page} holds {least} words, the middle page {median}"
    );
    let last = pdf.doc.extract_text(&[pages as u32]).unwrap();
    assert!(one_line(&last).contains(&format!("Page {pages} of {pages}")));
    assert_eq!(
        pdf.info("Title"),
        "Northbrook: Self-evaluation of social work practice, 2025-26"
    );
    assert_eq!(pdf.info("Author"), "Northbrook");
    assert!(pdf.info("Subject").starts_with("Self-evaluation for Ofsted (ILACS)"));
    assert!(
        pdf.info("CreationDate").starts_with("D:20260520"),
        "{}",
        pdf.info("CreationDate")
    );
    let catalog = pdf.doc.catalog().unwrap();
    assert_eq!(
        lopdf::decode_text_string(catalog.get(b"Lang").unwrap()).unwrap(),
        "en-GB"
    );
    assert!(
        pdf.doc
            .objects
            .values()
            .any(|o| o.as_dict().is_ok_and(|d| d.has(b"FontFile2"))),
        "the font is embedded"
    );

    let outline = pdf.outline();
    assert_eq!(
        outline[0],
        (0, "Northbrook: Self-evaluation of social work practice".to_string())
    );
    assert!(outline.contains(&(1, "Summary".to_string())));
    let chapter = outline
        .iter()
        .position(|o| o == &(1, "The experiences and progress of care leavers".to_string()))
        .expect("chapters are second-level bookmarks");
    assert_eq!(
        outline[chapter + 1..chapter + 4],
        [
            (2, "Our evaluation".to_string()),
            (2, "What we know".to_string()),
            (2, "How we know it".to_string())
        ]
    );
}

#[test]
fn the_summary_with_its_dashboard_fits_one_page_after_the_cover() {
    let evidence = evidence_text(EXAMPLE);
    let (pdf, _) = render_pdf(EXAMPLE, "northbrook-summary");
    let pages = pdf.pages();
    assert!(pages[0].contains("Contents"), "the cover holds the contents");
    let summary = &pages[1];
    assert!(summary.starts_with("Summary Where we are"), "{summary}");
    for part in [
        "Our self-assessment at a glance",
        "Our strengths",
        "Our priorities for the next 12 months",
    ] {
        assert!(summary.contains(part), "{part} is not on the summary's page");
    }
    // Everything of the executive summary the council wrote is on that one page.
    assert_eq!(
        evidence.summary.len(),
        10,
        "the example's two paragraphs, four strengths, four priorities"
    );
    for text in &evidence.summary {
        assert!(summary.contains(&one_line(text)), "not on the summary's page: {text}");
    }
    assert!(
        pages[2].starts_with("The impact of leaders on social work practice"),
        "the first chapter starts the next page"
    );
}

#[test]
fn characters_the_font_cannot_draw_are_shown_and_reported() {
    let (pdf, out) = render_pdf(&fixture("valid/injection"), "injection");
    out.stderr_has(
        "warning: findings/help-protection.toml:1, finding hp.front-door, impact: the font cannot draw '✓' (U+2713)",
    );
    assert!(pdf.text().contains("and a tick ? the PDF font lacks"));
    assert!(
        pdf.text().contains("<script>alert(\"x\")</script>"),
        "evidence shows as written"
    );
}

/// A fill colour as the PDF's drawing sets it.
fn fill(rgb: (u8, u8, u8)) -> String {
    let part = |v: u8| {
        let s = format!("{:.3}", f32::from(v) / 255.0);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("\n{} {} {} rg\n", part(rgb.0), part(rgb.1), part(rgb.2))
}

#[test]
fn grades_are_shaded_in_the_stylesheets_colours_and_a_councils_own_restyles_them() {
    // style.css: `.label-good, .label-secure { background: #d5ead8 }` and
    // `.label-requires-improvement-to-be-good { background: #fff1c6 }`.
    // The readiness report's tables hold grades and ratings: the example
    // gives itself Requires improvement to be good and rates areas Secure.
    let built_in = temp_dir("colours").with_extension("pdf");
    Test::new()
        .args(["readiness", EXAMPLE, "-o"])
        .arg(&built_in)
        .run()
        .code(0);
    let drawing = PdfFile::read(&std::fs::read(&built_in).unwrap()).drawing();
    std::fs::remove_file(built_in).unwrap();
    assert!(
        drawing.contains(&fill((0xd5, 0xea, 0xd8))),
        "Good is shaded as the HTML shades it"
    );
    assert!(drawing.contains(&fill((0xff, 0xf1, 0xc6))));

    let templates = temp_dir("own-style");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("style.css"),
        ":root { --shade: #eeeeee; }\n.label-good, .label-secure { background: #ff0000; color: #000000; }\n",
    )
    .unwrap();
    let path = temp_dir("own-style-pdf").with_extension("pdf");
    Test::new()
        .args(["readiness", EXAMPLE, "--format", "pdf", "--templates"])
        .arg(&templates)
        .arg("-o")
        .arg(&path)
        .run()
        .code(0);
    let drawing = PdfFile::read(&std::fs::read(&path).unwrap()).drawing();
    assert!(
        drawing.contains(&fill((0xff, 0, 0))),
        "the council's colour for Good and Secure"
    );
    assert!(!drawing.contains(&fill((0xd5, 0xea, 0xd8))), "and not the built-in one");
    assert!(
        drawing.contains(&fill((0xee, 0xee, 0xee))),
        "its shade behind table headers"
    );
    assert!(
        drawing.contains(&fill((0xff, 0xf1, 0xc6))),
        "what it does not restyle keeps the built-in colour"
    );
    std::fs::remove_dir_all(templates).unwrap();
    std::fs::remove_file(path).unwrap();
}
