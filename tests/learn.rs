//! `selfeval learn`: what frameworks/ holds from the corpus (the language
//! model and the pattern counts) is what the corpus gives, byte for byte.

use crate::test::{Test, root, temp_dir};

#[test]
fn the_shipped_model_and_pattern_counts_are_learned_again_byte_for_byte() {
    let corpus = root().join("../shared/corpus/ilacs");
    assert!(
        corpus.join("index.tsv").is_file(),
        "the corpus is at ../shared/corpus/ilacs beside the project (CI puts it there)"
    );
    let out = temp_dir("learn");
    std::fs::create_dir_all(&out).unwrap();
    Test::new()
        .arg("learn")
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .run()
        .code(0)
        .stderr_has("wrote ")
        .stderr_has("language-model.tsv")
        .stderr_has("pattern-counts.tsv");
    for file in ["language-model.tsv", "pattern-counts.tsv"] {
        let shipped = std::fs::read_to_string(root().join("frameworks").join(file)).unwrap();
        let learned = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            learned == shipped,
            "frameworks/{file} differs from what `selfeval learn ../shared/corpus/ilacs -o frameworks` gives: learn it again"
        );
        assert!(
            shipped.contains("Contains public sector information licensed under the Open Government Licence v3.0."),
            "{file} names the corpus's licence"
        );
    }
}

#[test]
fn a_folder_that_is_not_the_corpus_is_a_usage_error() {
    let out = temp_dir("learn-not-corpus");
    std::fs::create_dir_all(&out).unwrap();
    Test::new()
        .args(["learn", "examples/northbrook", "-o"])
        .arg(&out)
        .run()
        .code(2)
        .stderr_has("cannot read the corpus at examples/northbrook/index.tsv");
    assert!(!out.join("language-model.tsv").exists(), "nothing is written");
}

#[test]
fn evaluate_refuses_a_council_voice_folder_that_is_not_there_before_any_work() {
    let corpus = root().join("../shared/corpus/ilacs");
    Test::new()
        .arg("evaluate")
        .arg(&corpus)
        .args(["--council-voice", "no-such-folder"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("cannot read the corpus at no-such-folder/index.tsv: it is not there");
}

#[test]
fn evaluate_grades_each_report_with_a_model_that_never_saw_its_authority_and_prints_the_figures() {
    // Ten reports of the corpus, copied to a folder of their own: enough for
    // five folds of two authorities each.
    let corpus = root().join("../shared/corpus/ilacs");
    let small = temp_dir("evaluate-small");
    std::fs::create_dir_all(small.join("reports")).unwrap();
    let index = std::fs::read_to_string(corpus.join("index.tsv")).unwrap();
    let mut lines = index.lines();
    let mut kept = vec![lines.next().unwrap().to_string()];
    let mut authorities = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if authorities.contains(&cells[1]) || kept.len() > 10 {
            continue;
        }
        authorities.push(cells[1]);
        std::fs::copy(corpus.join(cells[0]), small.join(cells[0])).unwrap();
        kept.push(line.to_string());
    }
    std::fs::write(small.join("index.tsv"), kept.join("\n") + "\n").unwrap();
    let out = Test::new().arg("evaluate").arg(&small).run();
    out.code(0)
        .stdout_has("The corpus (10 reports), each graded with a model learned from the other 4 folds of authorities:")
        .stdout_has("| judgement | n | exact | within one | two or more away | not graded | bias (+ = graded higher) |")
        .stdout_has("| leaders |   10 |")
        .stdout_has("Inspectors' grade (rows) against the assessment's (columns), every judgement but overall:");
    // The confusion matrix counts every judgement once.
    let matrix: u32 = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("| | Outst."))
        .skip(2)
        .take(4)
        .flat_map(|l| {
            l.split('|')
                .skip(2)
                .filter_map(|c| c.trim().parse::<u32>().ok())
                .collect::<Vec<_>>()
        })
        .sum();
    let judgements: u32 = out
        .stdout
        .lines()
        .find(|l| l.starts_with("| every judgement but overall"))
        .and_then(|l| l.split('|').nth(2))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert_eq!(matrix, judgements);
    std::fs::remove_dir_all(small).unwrap();
}
