//! Reading the language model's file (`frameworks/language-model.tsv`,
//! written by `selfeval learn`): a header of `#` lines, the biases, then a
//! row per feature.

use crate::error::Error;
use crate::model::language::{LanguageModel, Weights};

const BUILT_IN: &str = include_str!("../../frameworks/language-model.tsv");

/// The built-in model; a problem in it is selfeval's, not the council's.
pub fn language_model() -> Result<LanguageModel, Error> {
    parse(BUILT_IN).map_err(|problem| {
        Error::Internal(format!(
            "the built-in language model (frameworks/language-model.tsv) is broken (please report this): {problem}"
        ))
    })
}

pub fn parse(text: &str) -> Result<LanguageModel, String> {
    let mut model = LanguageModel::default();
    let mut bias = None;
    for (n, line) in text.lines().enumerate() {
        if let Some(comment) = line.strip_prefix('#') {
            model.about.push(comment.trim().to_string());
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let number = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| format!("line {}: `{s}` is not a number", n + 1))
        };
        if cells.len() != 10 {
            return Err(format!("line {}: {} columns where there are 10", n + 1, cells.len()));
        }
        let grade = [
            number(cells[2])?,
            number(cells[3])?,
            number(cells[4])?,
            number(cells[5])?,
        ];
        let count = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| format!("line {}: `{s}` is not a count", n + 1))
        };
        let seen = [count(cells[6])?, count(cells[7])?, count(cells[8])?, count(cells[9])?];
        if cells[0] == "(bias)" {
            bias = Some(grade);
            model.sentences = seen;
            continue;
        }
        let idf = number(cells[1])?;
        model
            .features
            .insert(cells[0].to_string(), Weights { idf, grade, seen });
    }
    model.bias = bias.ok_or("there is no (bias) row")?;
    Ok(model)
}
