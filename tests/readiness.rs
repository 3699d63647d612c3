//! `selfeval readiness`: the internal report for the council's leaders.

use crate::test::*;

const EXAMPLE: &str = "examples/northbrook/2026";

fn readiness(format: &str) -> Vec<u8> {
    let path = temp_dir(&format!("readiness-{format}")).with_extension(format);
    Test::new()
        .args(["readiness", EXAMPLE, "-o"])
        .arg(&path)
        .run()
        .code(0)
        .stdout("")
        .stderr(&format!("wrote {}\n", path.display()));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    bytes
}

#[test]
fn the_readiness_report_says_what_decided_each_grade_where_and_that_it_is_internal() {
    let (md, raw_html) = markdown_text(&String::from_utf8(readiness("md")).unwrap());
    assert_eq!(raw_html, 0);
    assert!(md.contains("Internal: not for publication"));
    // Each judgement: its indicative grade against the council's own, and
    // the council's sentences that decided it, by file and line.
    let json: serde_json::Value = serde_json::from_slice(&readiness("json")).unwrap();
    let judgements = json["judgements"].as_array().unwrap();
    assert_eq!(judgements.len(), 4);
    for j in judgements {
        let title = j["title"].as_str().unwrap();
        assert!(md.contains(title), "{title}");
        assert_eq!(j["own"], "Requires improvement to be good", "{j}");
        assert!(
            j["agreement"]
                .as_str()
                .unwrap()
                .starts_with("Your own evaluation agrees"),
            "{j}"
        );
        let reasons = j["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty());
        let first = reasons[0].as_str().unwrap();
        assert!(first.starts_with("findings/") && first.contains(".toml:"), "{first}");
        assert!(md.contains(&one_line(first)), "{first}");
    }
    // Patterns are what the narrative reads like, never stated as fact.
    let patterns = json["patterns"].as_array().unwrap();
    assert!(!patterns.is_empty());
    for p in patterns {
        for line in p["reads_like"].as_array().unwrap() {
            let line = line.as_str().unwrap();
            assert!(
                line.starts_with("Your narrative at findings/") || line.starts_with("Your evidence reads like it"),
                "{line}"
            );
        }
    }
    assert!(md.contains("Gaps to close before inspection"));
    assert!(md.contains("Evidence strength by area"));
    // Every area of the framework, and every overdue action.
    assert_eq!(json["areas"].as_array().unwrap().len(), 40);
    for action in json["overdue"].as_array().unwrap() {
        assert!(md.contains(action["id"].as_str().unwrap()));
    }
    // A finding copied from last year's folder, word for word, is named
    // where it is written: an inspector would read it as not reviewed.
    assert!(
        md.contains(
            "The local offer, financial support and entitlements (findings/care-leavers.toml:206): \
             summary, impact and sources are unchanged from 2024-25."
        ),
        "{md}"
    );
    assert_eq!(json["not_re_reviewed"].as_array().unwrap().len(), 1);
    let html = String::from_utf8(readiness("html")).unwrap();
    assert!(html.contains("<header class=\"marking\" aria-label=\"Protective marking\">OFFICIAL-SENSITIVE. Internal: not for publication</header>"));
    let pdf = PdfFile::read(&readiness("pdf"));
    let pages = pdf.doc.get_pages().len();
    assert!((2..=6).contains(&pages), "{pages} pages");
    assert!(pdf.info("Title").contains("Readiness for inspection"));
    assert!(one_line(&pdf.text()).contains("Internal: not for publication"));
}
