//! DfE's published figures: `frameworks/published.tsv` is what `selfeval
//! published build` makes of DfE's files, byte for byte; `figures` shows a
//! council's; a suppressed cell is never a number.

use crate::test::{Test, root, temp_dir};

fn data() -> std::path::PathBuf {
    let data = root().join("../shared/data/dfe");
    assert!(
        data.join("sn_model_2025_wide.csv").is_file(),
        "DfE's statistics are at ../shared/data/dfe beside the project (CI puts them there)"
    );
    data
}

#[test]
fn the_shipped_figures_are_built_again_byte_for_byte_with_their_licence() {
    let out = temp_dir("published-build");
    std::fs::create_dir_all(&out).unwrap();
    Test::new()
        .args(["published", "build"])
        .arg(data())
        .arg("-o")
        .arg(&out)
        .run()
        .code(0)
        .stderr_has("published.tsv");
    let shipped = std::fs::read_to_string(root().join("frameworks/published.tsv")).unwrap();
    let built = std::fs::read_to_string(out.join("published.tsv")).unwrap();
    assert!(
        built == shipped,
        "frameworks/published.tsv differs from what `selfeval published build ../shared/data/dfe` gives: build it again"
    );
    assert!(shipped.contains("Contains public sector information licensed under the Open Government Licence v3.0."));
}

#[test]
fn a_suppressed_cell_stays_a_code_and_a_broken_file_is_named_with_its_line() {
    // DfE suppresses Barnsley's share of new placements over 20 miles in 2025 ("c").
    let shipped = std::fs::read_to_string(root().join("frameworks/published.tsv")).unwrap();
    let row = shipped
        .lines()
        .find(|l| l.starts_with("figure\tcla-placed-20-miles\t370\t"))
        .expect("Barnsley's row");
    assert!(row.ends_with("\tc"), "{row}");

    let copy = temp_dir("published-broken");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(data()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let c1 = copy.join("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv");
    let text = std::fs::read_to_string(&c1).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2] = lines[2].replace(",22.6,", ",n/a,").replace(",20.7,", ",n/a,");
    std::fs::write(&c1, lines.join("\n")).unwrap();
    let out = temp_dir("published-broken-out");
    std::fs::create_dir_all(&out).unwrap();
    Test::new()
        .args(["published", "build"])
        .arg(&copy)
        .arg("-o")
        .arg(&out)
        .run()
        .code(2)
        .stderr_has("line 3, column rereferral_percent: `n/a` is neither a number nor one of DfE's codes");
    assert!(!out.join("published.tsv").exists(), "nothing is written");
}
