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

#[test]
fn figures_shows_a_council_against_region_neighbours_and_england_worst_first() {
    let out = Test::new().args(["figures", "Barnsley"]).run();
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Barnsley (370, E08000016, E08000038), Yorkshire and The Humber: published figures, worst against statistical neighbours first"
    );
    assert!(lines[1].starts_with("Statistical neighbours: Rotherham, Wakefield, Tameside,"));
    let row = |title: &str| {
        let line = lines
            .iter()
            .position(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("no row {title}:\n{}", out.stdout));
        (
            line,
            lines[line]
                .split("  ")
                .filter(|c| !c.is_empty())
                .map(str::trim)
                .collect::<Vec<_>>(),
        )
    };
    // Latest year, Barnsley, region, neighbours' average, England, against neighbours, five years.
    let (rereferrals, cells) = row("Re-referrals within 12 months");
    assert_eq!(
        cells[1..],
        [
            "2024-25",
            "25.5%",
            "21.7%",
            "19.9%",
            "22.6%",
            "worse",
            "15.4% 18.2% 19.2% 22.4% 25.5%"
        ]
    );
    let (turnover, cells) = row("Social worker turnover");
    assert_eq!(cells[1..3], ["year to 30 September 2025", "8%"]);
    assert_eq!(cells[6], "better");
    assert!(rereferrals < turnover, "worse against neighbours comes first");
    // A suppressed figure is DfE's code, explained, never a number.
    let (_, cells) = row("Protection plans of 2 years or more");
    assert_eq!(cells[2], "[c]");
    assert!(out.stdout.contains("\n[c]: suppressed to protect confidentiality\n"));
    assert!(
        out.stdout
            .ends_with("Contains public sector information licensed under the Open Government Licence v3.0.\n")
    );
}

#[test]
fn figures_in_csv_keep_a_suppressed_cell_empty_with_its_code_and_a_year_can_be_chosen() {
    let out = Test::new().args(["figures", "E08000016", "--format", "csv"]).run();
    out.code(0);
    assert!(out.stdout.starts_with(
        "indicator,title,year,period,council,council_suppressed,region,region_suppressed,neighbours,neighbours_with_figure,england\n"
    ));
    assert!(
        out.stdout
            .contains("\ncla-placed-20-miles,New placements over 20 miles away,2025,2024-25,,c,17,,"),
        "{}",
        out.stdout
    );
    let json = Test::new()
        .args(["figures", "370", "--year", "2019", "--format", "json"])
        .run();
    json.code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["authority"], "Barnsley");
    let second = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "cp-second-plan")
        .unwrap();
    let last = second["years"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["year"].as_u64(), last["england"].as_f64()),
        (Some(2019), Some(20.8))
    );
}

#[test]
fn an_authority_is_found_by_a_near_name_and_an_ambiguous_one_lists_each() {
    Test::new()
        .args(["figures", "Barnslay"])
        .run()
        .code(2)
        .stderr("error: no local authority in DfE's figures is called `Barnslay`; did you mean `Barnsley`?\n");
    Test::new()
        .args(["figures", "Northamptonshire"])
        .run()
        .code(2)
        .stderr_has("could be any of these authorities")
        .stderr_has("  North Northamptonshire (940, E06000061)\n")
        .stderr_has("  West Northamptonshire (941, E06000062)");
    Test::new()
        .args(["figures", "city of bristol"])
        .run()
        .code(0)
        .stdout_has("Bristol, City of (801, E06000023), South West");
}

#[test]
fn init_with_a_council_s_name_fills_in_its_published_figures_marked_as_dfe_s() {
    let dir = temp_dir("published-init");
    Test::new()
        .args(["init"])
        .arg(&dir)
        .args(["--council", "Barnsley", "--year-ending", "2026"])
        .run()
        .code(0)
        .stdout_has("Found Barnsley (370, E08000016, E08000038) in DfE's figures");
    let council = std::fs::read_to_string(dir.join("council.toml")).unwrap();
    assert!(
        council.contains("\ncouncil = \"Barnsley\"\nla_code = \"370\"\n"),
        "{council}"
    );
    let indicators = std::fs::read_to_string(dir.join("indicators.toml")).unwrap();
    // 2025-26 is not published yet: 2024-25's figures, to replace, and 2023-24's as previous.
    assert!(indicators.contains(
        "id = \"re-referrals-12m\"\nvalue = 25.5  # DfE published figure, 2024-25 (the latest published; replace it with your own figure for 2025-26)\nprevious = 22.4  # DfE published figure, 2023-24 (with your own figure in `value`, give 2024-25's here: 25.5)\n"
    ), "{indicators}");
    assert!(
        indicators.contains("id = \"sw-turnover\"\nvalue = 8  # DfE published figure, year to 30 September 2025\n")
    );
    // Suppressed in 2025: left out, with the reason.
    assert!(indicators.contains(
        "id = \"cp-2-years-plus\"\n# value =  # DfE: 31 March 2025, suppressed to protect confidentiality\nprevious = 2.2  # DfE published figure, 31 March 2024\n"
    ), "{indicators}");
    // No national series: left for the council.
    assert!(indicators.contains("id = \"assessments-45-days\"\n# value =\n# previous =\n"));
    let check = Test::new().arg("check").arg(&dir).run();
    check
        .code(0)
        .stderr_lacks("DfE published")
        .stderr_lacks("re-referrals-12m` (");
    std::fs::remove_dir_all(&dir).unwrap();

    Test::new()
        .args(["init"])
        .arg(&dir)
        .args(["--council", "Barnslee"])
        .run()
        .code(2)
        .stderr_has("did you mean `Barnsley`?")
        .stderr_has("--la-code none");
    assert!(!dir.exists(), "nothing is written");
}

#[test]
fn check_notes_a_figure_for_a_published_year_that_differs_from_dfe_s() {
    let dir = temp_dir("published-check");
    Test::new()
        .args(["init"])
        .arg(&dir)
        .args(["--council", "Barnsley", "--year-ending", "2025"])
        .run()
        .code(0);
    let path = dir.join("indicators.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // A local figure in place of DfE's 25.5% for 2024-25, and one explained.
    let text = text
        .replacen("value = 25.5  # DfE published figure, 2024-25", "value = 23.0", 1)
        .replacen(
            "value = 28.2  # DfE published figure, 2024-25",
            "value = 27.0\nnote = \"Local figure after the data return.\"",
            1,
        );
    std::fs::write(&path, text).unwrap();
    let out = Test::new().arg("check").arg(&dir).run();
    out.code(0)
        .stderr_has("note: `value` of `re-referrals-12m` is 23; DfE published 25.5% for 2024-25\n")
        .stderr_has("indicators.toml:17:9")
        .stderr_lacks("`value` of `cp-second-plan`")
        .stderr_has(", 1 note, ");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_2019_folder_is_assessed_against_2019_s_england_region_and_neighbours() {
    let dir = temp_dir("published-2019");
    Test::new()
        .args(["init"])
        .arg(&dir)
        .args([
            "--council",
            "Barnsley",
            "--year-ending",
            "2019",
            "--framework",
            "ilacs-2018",
        ])
        .run()
        .code(0);
    let out = Test::new().args(["assess", "--format", "json"]).arg(&dir).run();
    out.code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let cp = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "cp-second-plan")
        .unwrap();
    assert_eq!(
        cp["value"].as_f64(),
        Some(8.8),
        "Barnsley's own 2018-19 figure, filled in by init"
    );
    assert_eq!(
        cp["comparator"].as_f64(),
        Some(20.8),
        "England 2018-19, not 2024-25's 24.5"
    );
    assert_eq!(cp["comparator_period"], "2018-19");
    assert_eq!(cp["benchmarks"]["region"]["name"], "Yorkshire and The Humber");
    assert_eq!(cp["benchmarks"]["neighbours"]["of"], 10);
    assert_eq!(cp["vs_comparator"], "better");
    std::fs::remove_dir_all(&dir).unwrap();
}
