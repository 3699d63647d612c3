//! `selfeval templates export` and `render --templates`: a council's own
//! templates, first, with the built-in ones behind them. Broken templates
//! that are kept as fixtures: tests/fixtures/invalid/template-*.

use crate::test::{Test, temp_dir};

#[test]
fn templates_export_then_override_one_file() {
    let dir = temp_dir("templates");
    let d = dir.display();
    Test::new()
        .args(["templates", "export"])
        .arg(&dir)
        .run()
        .code(0)
        .stderr("")
        .stdout(&format!(
            "wrote 10 templates to {d}; edit any of them, delete the ones you leave as they are, \
             and render with --templates {d}\n"
        ));
    assert!(dir.join("judgement.md").is_file() && dir.join("style.css").is_file());
    // A second export never overwrites.
    std::fs::write(
        dir.join("summary.md"),
        "## Summary\n\nOur own summary for {{ council }}.\n",
    )
    .unwrap();
    Test::new()
        .args(["templates", "export"])
        .arg(&dir)
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "error: {d} already holds document.md, summary.md, judgement.md, progress.md, changes.md, \
             comparison.md, readiness.md, appendix.md, document.html, style.css; nothing was written \
             (move them away, or export to another folder)\n"
        ));
    assert!(
        std::fs::read_to_string(dir.join("summary.md"))
            .unwrap()
            .contains("Our own summary")
    );

    // Only summary.md differs from the built-in set: the rest is unchanged.
    let only = temp_dir("templates-one");
    std::fs::create_dir_all(&only).unwrap();
    std::fs::copy(dir.join("summary.md"), only.join("summary.md")).unwrap();
    Test::new()
        .args(["render", "examples/northbrook/2026", "--templates"])
        .arg(&only)
        .run()
        .code(0)
        .stdout_has("Our own summary for Northbrook.")
        .stdout_has("## The experiences and progress of care leavers")
        .stdout_lacks("### Our strongest areas");
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(only).unwrap();
}

#[test]
fn a_template_error_names_the_template_line_and_variable_and_writes_nothing() {
    let dir = temp_dir("templates-broken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("summary.md"),
        "## Summary\n\nFirst line.\n{{ council }} and {{ chapters[0].gradee }}\n",
    )
    .unwrap();
    let out_file = temp_dir("render-out").with_extension("md");
    std::fs::write(&out_file, "the previous document").unwrap();
    Test::new()
        .args(["render", "examples/northbrook/2026", "--templates"])
        .arg(&dir)
        .arg("-o")
        .arg(&out_file)
        .run()
        .code(1)
        .error_at("summary.md", 4, "`chapters[0].gradee` is not defined")
        .stderr_has("nothing was written");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "the previous document");

    std::fs::write(dir.join("summary.md"), "## Summary\n{% for x in chapters %}\n").unwrap();
    Test::new()
        .args(["render", "examples/northbrook/2026", "--templates"])
        .arg(&dir)
        .run()
        .code(1)
        .stderr_has("in template `summary.md`: this template is not valid");
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_file(out_file).unwrap();
}

#[test]
fn a_templates_folder_that_is_not_there_is_a_usage_error() {
    Test::new()
        .args(["render", "examples/northbrook/2026", "--templates", "no/such/folder"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: the templates folder no/such/folder does not exist \
             (`selfeval templates export no/such/folder` writes the built-in ones there)\n",
        );
}

#[test]
fn a_template_includes_templates_of_its_folder_and_nothing_outside_it() {
    let dir = temp_dir("templates-include");
    let templates = dir.join("templates");
    std::fs::create_dir_all(templates.join("parts/deeper")).unwrap();
    std::fs::write(dir.join("secret.md"), "NOT A TEMPLATE OF THE FOLDER\n").unwrap();
    std::fs::write(
        templates.join("parts/deeper/note.md"),
        "A note from our own parts folder.\n",
    )
    .unwrap();
    std::fs::write(templates.join("sign-off.txt"), "Signed off by the DCS.\n").unwrap();
    // A file the templates never name is never a problem, readable or not.
    std::fs::write(templates.join("parts/unused.md"), b"\xff\xfe").unwrap();
    std::fs::write(
        templates.join("summary.md"),
        "## Summary\n\n{% include \"parts/deeper/note.md\" %}\n{% include \"sign-off.txt\" %}\n",
    )
    .unwrap();
    let run = |templates: &std::path::Path| {
        Test::new()
            .args(["render", "examples/northbrook/2026", "--templates"])
            .arg(templates)
            .run()
    };
    run(&templates)
        .code(0)
        .stdout_has("A note from our own parts folder.")
        .stdout_has("Signed off by the DCS.");

    std::fs::write(
        templates.join("summary.md"),
        "## Summary\n\n{% include \"../secret.md\" %}\n",
    )
    .unwrap();
    run(&templates)
        .code(1)
        .error_at("summary.md", 3, "a template it includes does not exist")
        .stdout_lacks("NOT A TEMPLATE OF THE FOLDER");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_council_template_that_renames_the_indicator_table_keeps_its_charts() {
    // The chart is drawn from the document's figures, wherever the template
    // places it: not found by the table's caption or its column names.
    let dir = temp_dir("templates-chart");
    std::fs::create_dir_all(&dir).unwrap();
    // Documents are written beside the templates folder, never inside it.
    let written = temp_dir("templates-chart-out");
    std::fs::create_dir_all(&written).unwrap();
    let built_in = std::fs::read_to_string(crate::test::root().join("templates/judgement.md")).unwrap();
    let own = built_in
        .replace(
            "Table: Indicators against {{ comparator_area }}, {{ benchmarks.region }}, {{ benchmarks.neighbours }} and last year",
            "Table: How we compare",
        )
        .replace(
            "| Indicator | This year | {{ comparator_area }} | Region | Neighbours | Last year | Trend |",
            "| Measure | {{ period_short }} | National | Region | Similar areas | Previous year | Direction |",
        );
    assert_ne!(own, built_in, "the built-in table is as this test expects");
    std::fs::write(dir.join("judgement.md"), own).unwrap();
    let render = |out: &std::path::Path| {
        Test::new()
            .args(["render", "examples/northbrook/2026", "--templates"])
            .arg(&dir)
            .arg("-o")
            .arg(out)
            .run()
            .code(0);
    };
    for format in ["html", "pdf"] {
        let out = written.join(format!("se.{format}"));
        render(&out);
        let text = match format {
            "html" => std::fs::read_to_string(&out).unwrap(),
            _ => crate::test::PdfFile::read(&std::fs::read(&out).unwrap()).text(),
        };
        assert!(text.contains("How we compare"), "{format}: the council's caption");
        // The HTML shows each chart's title and says it again in its description.
        let each = if format == "html" { 2 } else { 1 };
        assert_eq!(
            text.matches("Chart: Each indicator this year, against England and last year")
                .count(),
            4 * each,
            "{format}: a chart in each chapter"
        );
    }
    // A template without the table can still show the chart.
    std::fs::write(
        dir.join("judgement.md"),
        "## {{ chapter.title }}\n\n{% if chapter.chart %}{{ chart(chapter.chart) }}{% endif %}\n",
    )
    .unwrap();
    let out = written.join("chart-only.html");
    render(&out);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        html.matches("<figure class=\"chart\"><figcaption>Chart: Each indicator this year")
            .count(),
        4
    );
    assert!(!html.contains("selfeval chart"), "the marker never shows");
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(written).unwrap();
}
