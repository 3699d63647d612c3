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
    // 22 pages, and the appendix of five-year charts.
    assert!((28..=32).contains(&pages), "{pages} pages");
    // No near-empty page: between the cover and the last page, each is at
    // least half as full as the middle page is (a page of charts, whose
    // bars say more than its words, counted as full).
    let mut words: Vec<usize> = pdf
        .pages()
        .iter()
        .map(|p| match p.matches("Chart: ").count() {
            0 | 1 => p.split_whitespace().count(),
            _ => usize::MAX / 4,
        })
        .collect();
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

/// The PDF is tagged for a screen reader (PDF/UA-1): every piece of text
/// drawn is the marked content of an element of the structure tree, or an
/// artifact; the tree's headings are the outline's; each chart is a figure
/// with its figures in words; each link is a Link element holding its
/// annotation. CI checks the same files with a PDF/UA-1 validator.
#[test]
fn every_pdf_is_tagged_so_a_screen_reader_reads_the_whole_document() {
    let compare = temp_dir("tagged-compare").with_extension("pdf");
    Test::new()
        .args(["compare", "examples/northbrook/2025", EXAMPLE, "--format", "pdf", "-o"])
        .arg(&compare)
        .run()
        .code(0);
    let compared = PdfFile::read(&std::fs::read(&compare).unwrap());
    std::fs::remove_file(&compare).unwrap();
    let example = render_pdf(EXAMPLE, "tagged-example").0;
    // Each judgement's chart, and five years of each published indicator.
    let charts = example.text().matches("Chart: ").count();
    assert!(charts >= 14, "{charts} charts");
    let documents = [
        ("example", example, charts),
        (
            "injection",
            render_pdf(&fixture("valid/injection"), "tagged-injection").0,
            0,
        ),
        ("comparison", compared, 0),
    ];
    for (name, pdf, charts) in documents {
        let doc = &pdf.doc;
        let catalog = doc.catalog().unwrap();
        let marked = catalog.get(b"MarkInfo").and_then(|m| m.as_dict()).unwrap();
        assert!(
            matches!(marked.get(b"Marked"), Ok(lopdf::Object::Boolean(true))),
            "{name}"
        );
        let xmp = doc
            .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
            .and_then(lopdf::Object::as_stream)
            .unwrap();
        let xmp = String::from_utf8_lossy(&xmp.content);
        assert!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{name}: the PDF/UA claim"
        );
        let title = pdf
            .info("Title")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(xmp.contains(&format!(">{title}</rdf:li>")), "{name}: the title in XMP");

        let tree = Structure::read(doc);
        // Every text operator inside marked content, and every marked
        // content an element's, found back through the parent tree.
        for (page, (_, id)) in doc.get_pages().into_iter().enumerate() {
            let page_dict = doc.get_dictionary(id).unwrap();
            let key = page_dict.get(b"StructParents").unwrap().as_i64().unwrap();
            let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
            let mut depth = 0;
            for op in &content.operations {
                match op.operator.as_str() {
                    "BDC" | "BMC" => {
                        depth += 1;
                        if let Some(mcid) = op
                            .operands
                            .get(1)
                            .and_then(|o| o.as_dict().ok())
                            .and_then(|d| d.get(b"MCID").ok())
                            .and_then(|m| m.as_i64().ok())
                        {
                            let owner = tree.parent_of(key, mcid);
                            assert!(
                                tree.content[owner].contains(&(page, mcid)),
                                "{name}: page {} content {mcid} is its element's",
                                page + 1
                            );
                        }
                    }
                    "EMC" => depth -= 1,
                    "Tj" | "TJ" => assert!(depth > 0, "{name}: text outside marked content on page {}", page + 1),
                    _ => {}
                }
            }
            assert_eq!(depth, 0, "{name}: marked content closed on page {}", page + 1);
            assert_eq!(page_dict.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
            for annotation in page_dict
                .get(b"Annots")
                .and_then(|a| a.as_array())
                .into_iter()
                .flatten()
            {
                let annotation_id = annotation.as_reference().unwrap();
                let dict = doc.get_dictionary(annotation_id).unwrap();
                let words = lopdf::decode_text_string(dict.get(b"Contents").unwrap()).unwrap();
                assert!(!words.trim().is_empty(), "{name}: a link says where it goes");
                let key = dict.get(b"StructParent").unwrap().as_i64().unwrap();
                let link = tree.parent_of_key(key);
                assert_eq!(tree.roles[link], "Link");
                assert!(tree.annotations[link].contains(&annotation_id));
            }
        }
        // The headings read are the outline's, at the same levels.
        let headings: Vec<usize> = tree
            .roles
            .iter()
            .filter_map(|r| r.strip_prefix('H').and_then(|n| n.parse().ok()))
            .filter(|level| *level <= 3)
            .collect();
        let outline: Vec<usize> = pdf.outline().iter().map(|(depth, _)| depth + 1).collect();
        assert_eq!(headings, outline, "{name}");
        assert!(tree.roles.iter().filter(|r| *r == "P").count() >= 5, "{name}");
        assert!(
            tree.roles.iter().any(|r| r == "Table") && tree.roles.iter().any(|r| r == "TH"),
            "{name}"
        );
        let alts: Vec<&String> = tree.alt.iter().flatten().collect();
        assert_eq!(alts.len(), charts, "{name}: a figure for each chart");
        for alt in alts {
            assert!(
                alt.contains(": this year ") && alt.contains(", England ")
                    || alt.contains(": Northbrook ") && alt.contains(", statistical neighbours "),
                "{alt}"
            );
        }
    }
}

/// A PDF's structure tree, flattened: each element's role, alternative
/// text, marked content and annotations, with the parent tree.
struct Structure {
    roles: Vec<String>,
    alt: Vec<Option<String>>,
    content: Vec<Vec<(usize, i64)>>,
    annotations: Vec<Vec<lopdf::ObjectId>>,
    ids: Vec<lopdf::ObjectId>,
    /// The parent tree: for a page's key, the element of each of its
    /// marked contents; for an annotation's, its element.
    parents: std::collections::BTreeMap<i64, Vec<lopdf::ObjectId>>,
}

impl Structure {
    fn read(doc: &lopdf::Document) -> Structure {
        let catalog = doc.catalog().unwrap();
        let root = doc
            .get_dictionary(catalog.get(b"StructTreeRoot").unwrap().as_reference().unwrap())
            .unwrap();
        let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
        let mut tree = Structure {
            roles: Vec::new(),
            alt: Vec::new(),
            content: Vec::new(),
            annotations: Vec::new(),
            ids: Vec::new(),
            parents: Default::default(),
        };
        let nums = doc
            .get_dictionary(root.get(b"ParentTree").unwrap().as_reference().unwrap())
            .unwrap()
            .get(b"Nums")
            .unwrap()
            .as_array()
            .unwrap();
        for pair in nums.chunks(2) {
            let value = pair[1].as_reference().unwrap();
            let elements = match doc.get_object(value).unwrap() {
                lopdf::Object::Array(a) => a.iter().map(|e| e.as_reference().unwrap()).collect(),
                _ => vec![value],
            };
            tree.parents.insert(pair[0].as_i64().unwrap(), elements);
        }
        fn walk(doc: &lopdf::Document, id: lopdf::ObjectId, pages: &[lopdf::ObjectId], tree: &mut Structure) {
            let e = doc.get_dictionary(id).unwrap();
            let at = tree.roles.len();
            tree.ids.push(id);
            tree.roles
                .push(String::from_utf8_lossy(e.get(b"S").unwrap().as_name().unwrap()).into_owned());
            tree.alt
                .push(e.get(b"Alt").ok().map(|a| lopdf::decode_text_string(a).unwrap()));
            tree.content.push(Vec::new());
            tree.annotations.push(Vec::new());
            let own_page = e.get(b"Pg").and_then(lopdf::Object::as_reference).ok();
            let page_of = |id: lopdf::ObjectId| pages.iter().position(|p| *p == id).unwrap();
            // Kids in an array, or a lone kid on its own.
            let kids = match e.get(b"K").unwrap() {
                lopdf::Object::Array(kids) => kids.clone(),
                kid => vec![kid.clone()],
            };
            for kid in &kids {
                match kid {
                    lopdf::Object::Integer(mcid) => tree.content[at].push((page_of(own_page.unwrap()), *mcid)),
                    lopdf::Object::Reference(child) => walk(doc, *child, pages, tree),
                    lopdf::Object::Dictionary(d) => {
                        let page = page_of(d.get(b"Pg").unwrap().as_reference().unwrap());
                        match d.get(b"Type").unwrap().as_name().unwrap() {
                            b"MCR" => tree.content[at].push((page, d.get(b"MCID").unwrap().as_i64().unwrap())),
                            b"OBJR" => tree.annotations[at].push(d.get(b"Obj").unwrap().as_reference().unwrap()),
                            other => panic!("kid of type {other:?}"),
                        }
                    }
                    other => panic!("kid {other:?}"),
                }
            }
        }
        for top in root.get(b"K").unwrap().as_array().unwrap() {
            walk(doc, top.as_reference().unwrap(), &pages, &mut tree);
        }
        tree
    }

    fn index_of(&self, id: lopdf::ObjectId) -> usize {
        self.ids
            .iter()
            .position(|i| *i == id)
            .expect("the parent tree names an element of the tree")
    }

    /// The element that marked content `mcid` belongs to, on the page whose
    /// `StructParents` is `key`.
    fn parent_of(&self, key: i64, mcid: i64) -> usize {
        self.index_of(self.parents[&key][mcid as usize])
    }

    /// The element an annotation with `StructParent` `key` belongs to.
    fn parent_of_key(&self, key: i64) -> usize {
        self.index_of(self.parents[&key][0])
    }
}
