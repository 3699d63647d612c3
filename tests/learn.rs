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
