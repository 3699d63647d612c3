//! `selfeval learn`: the language model in frameworks/ is what the corpus
//! gives, byte for byte.

use crate::test::{Test, root};

#[test]
fn the_shipped_language_model_is_learned_again_byte_for_byte() {
    let corpus = root().join("../shared/corpus/ilacs");
    assert!(
        corpus.join("index.tsv").is_file(),
        "the corpus is at ../shared/corpus/ilacs beside the project (CI puts it there)"
    );
    let out = Test::new().arg("learn").arg(&corpus).run();
    out.code(0);
    let shipped = std::fs::read_to_string(root().join("frameworks/language-model.tsv")).unwrap();
    assert!(
        out.stdout == shipped,
        "frameworks/language-model.tsv differs from what `selfeval learn ../shared/corpus/ilacs` gives: learn it again"
    );
    assert!(shipped.contains("Contains public sector information licensed under the Open Government Licence v3.0."));
}

#[test]
fn a_folder_that_is_not_the_corpus_is_a_usage_error() {
    Test::new()
        .args(["learn", "examples/northbrook"])
        .run()
        .code(2)
        .stderr_has("cannot read the corpus at examples/northbrook/index.tsv");
}
