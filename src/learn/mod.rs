//! Learning the language model from the corpus: each judgement section of
//! each report is one example, labelled with the grade inspectors gave it,
//! read as the mean of its sentences' features (`model::language`); a
//! multinomial logistic regression, classes weighted so that the rare
//! grades count as much as the common ones and lightly regularised, learns
//! which language goes with which grade. Everything is in a fixed order and
//! plain floating point, so the same corpus gives the same model, byte for
//! byte.

pub mod evaluate;
mod lbfgs;
pub mod patterns;
pub mod published;

use std::collections::BTreeMap;

use crate::model::corpus::Report;
use crate::model::language::{GRADES, LanguageModel, Weights, features, sentences};

/// How the model is learned: kept with it, in its file's header.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// A feature must be in at least this many sentences of the corpus.
    pub min_sentences: usize,
    /// The inverse strength of the regularisation (scikit-learn's `C`).
    pub c: f64,
    /// Iterations of the optimiser at most.
    pub iterations: usize,
    /// Where the optimiser stops: no part of the mean loss's gradient larger
    /// than this (scikit-learn's `tol`). Stopping there, short of the exact
    /// minimum, is itself part of the regularisation.
    pub tolerance: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min_sentences: 20,
            c: 2000.0,
            iterations: 800,
            tolerance: 1e-4,
        }
    }
}

/// One judgement section, as the model reads it.
pub struct Example {
    /// Each sentence's features.
    pub sentences: Vec<Vec<String>>,
    /// 0 (inadequate) to 3 (outstanding).
    pub grade: usize,
}

/// Every judgement section of the reports.
pub fn examples(reports: &[&Report]) -> Vec<Example> {
    reports
        .iter()
        .flat_map(|r| &r.sections)
        .filter_map(|s| {
            let grade = GRADES.iter().position(|g| *g == s.grade)?;
            let text: Vec<&str> = s.paragraphs.iter().map(|(_, p)| p.as_str()).collect();
            let sentences: Vec<Vec<String>> = sentences(&text.join(" ")).into_iter().map(features).collect();
            Some(Example { sentences, grade })
        })
        .collect()
}

/// The model learned from `examples`.
pub fn learn(examples: &[Example], settings: Settings, about: Vec<String>) -> LanguageModel {
    // The vocabulary: features in enough sentences, in a fixed order.
    let mut in_sentences: BTreeMap<&str, [u32; 4]> = BTreeMap::new();
    for e in examples {
        for s in &e.sentences {
            for f in s {
                in_sentences.entry(f.as_str()).or_default()[e.grade] += 1;
            }
        }
    }
    let vocabulary: Vec<(&str, [u32; 4])> = in_sentences
        .into_iter()
        .filter(|(_, n)| n.iter().sum::<u32>() as usize >= settings.min_sentences)
        .collect();
    let index: BTreeMap<&str, usize> = vocabulary.iter().enumerate().map(|(i, (f, _))| (*f, i)).collect();

    // Each example as the mean of its sentences' features, and each
    // feature's idf across the examples.
    let mut rows: Vec<Vec<(usize, f64)>> = Vec::with_capacity(examples.len());
    let mut in_examples = vec![0usize; vocabulary.len()];
    for e in examples {
        let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
        for s in &e.sentences {
            for f in s {
                if let Some(&i) = index.get(f.as_str()) {
                    *counts.entry(i).or_default() += 1.0;
                }
            }
        }
        let n = e.sentences.len().max(1) as f64;
        for &i in counts.keys() {
            in_examples[i] += 1;
        }
        rows.push(counts.into_iter().map(|(i, c)| (i, c / n)).collect());
    }
    let total = examples.len() as f64;
    let idf: Vec<f64> = in_examples
        .iter()
        .map(|&df| ((1.0 + total) / (1.0 + df as f64)).ln() + 1.0)
        .collect();
    for row in &mut rows {
        for (i, v) in row.iter_mut() {
            *v *= idf[*i];
        }
    }

    // Classes weighted as scikit-learn's "balanced".
    let mut per_grade = [0usize; 4];
    for e in examples {
        per_grade[e.grade] += 1;
    }
    let class_weight: Vec<f64> = per_grade
        .iter()
        .map(|&n| if n == 0 { 0.0 } else { total / (4.0 * n as f64) })
        .collect();
    let labels: Vec<usize> = examples.iter().map(|e| e.grade).collect();
    let problem = Problem {
        rows: &rows,
        labels: &labels,
        class_weight: &class_weight,
        features: vocabulary.len(),
        c: settings.c,
    };
    // scikit-learn stops where no part of the mean loss's gradient exceeds
    // 1e-4; this loss is a sum over the examples' weights, so the bound grows
    // with them.
    let tolerance = settings.tolerance
        * class_weight
            .iter()
            .zip(per_grade)
            .map(|(w, n)| w * n as f64)
            .sum::<f64>();
    let solution = lbfgs::minimise(
        |w, g| problem.loss(w, g),
        vec![0.0; problem.size()],
        settings.iterations,
        tolerance,
    );

    let mut model = LanguageModel {
        about,
        ..LanguageModel::default()
    };
    for e in examples {
        model.sentences[e.grade] += e.sentences.len() as u32;
    }
    for k in 0..4 {
        model.bias[k] = solution[problem.bias(k)];
    }
    for (i, (f, seen)) in vocabulary.iter().enumerate() {
        let grade = [0, 1, 2, 3].map(|k| solution[problem.weight(k, i)]);
        model.features.insert(
            f.to_string(),
            Weights {
                idf: idf[i],
                grade,
                seen: *seen,
            },
        );
    }
    model
}

/// The regularised, class-weighted multinomial log loss.
struct Problem<'a> {
    rows: &'a [Vec<(usize, f64)>],
    labels: &'a [usize],
    class_weight: &'a [f64],
    features: usize,
    c: f64,
}

impl Problem<'_> {
    fn size(&self) -> usize {
        4 * self.features + 4
    }

    fn weight(&self, k: usize, i: usize) -> usize {
        k * self.features + i
    }

    fn bias(&self, k: usize) -> usize {
        4 * self.features + k
    }

    /// The loss at `w`, its gradient written into `grad`: the weights
    /// penalised by half their squared size over `c`, the biases not.
    fn loss(&self, w: &[f64], grad: &mut [f64]) -> f64 {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for (row, &y) in self.rows.iter().zip(self.labels) {
            let mut scores = [0.0; 4];
            for (k, s) in scores.iter_mut().enumerate() {
                *s = w[self.bias(k)] + row.iter().map(|&(i, v)| w[self.weight(k, i)] * v).sum::<f64>();
            }
            let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = scores.iter().map(|s| (s - top).exp()).sum();
            let log_total = top + total.ln();
            let cw = self.class_weight[y];
            loss += cw * (log_total - scores[y]);
            for k in 0..4 {
                let p = (scores[k] - log_total).exp();
                let d = cw * (p - if k == y { 1.0 } else { 0.0 });
                grad[self.bias(k)] += d;
                for &(i, v) in row {
                    grad[self.weight(k, i)] += d * v;
                }
            }
        }
        let penalty = 1.0 / self.c;
        for i in 0..4 * self.features {
            loss += 0.5 * penalty * w[i] * w[i];
            grad[i] += penalty * w[i];
        }
        loss
    }
}

/// Folds of the reports, each authority's reports in one fold (so a model
/// is always tested on authorities it has not seen): authorities with the
/// most sections first, each to the fold that has fewest so far, as
/// scikit-learn's `GroupKFold` does.
pub fn folds(reports: &[Report], k: usize) -> Vec<usize> {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in reports {
        *sizes.entry(r.la.as_str()).or_default() += r.sections.len();
    }
    let mut groups: Vec<(&str, usize)> = sizes.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut load = vec![0usize; k];
    let mut fold_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (la, size) in groups {
        let f = (0..k).min_by_key(|&f| (load[f], f)).unwrap_or(0);
        load[f] += size;
        fold_of.insert(la, f);
    }
    reports.iter().map(|r| fold_of[r.la.as_str()]).collect()
}

/// What a model learned from `reports` says of itself, for its file's header.
pub fn about(reports: &[&Report], examples: &[Example], settings: Settings) -> Vec<String> {
    let mut authorities: Vec<&str> = reports.iter().map(|r| r.la.as_str()).collect();
    authorities.sort_unstable();
    authorities.dedup();
    let mut ends: Vec<&str> = reports.iter().map(|r| r.fieldwork_end.as_str()).collect();
    ends.sort_unstable();
    let mut per_grade = [0usize; 4];
    for e in examples {
        per_grade[e.grade] += 1;
    }
    vec![
        "selfeval's language model: how the language of a finding reads against the grades.".to_string(),
        format!(
            "Learned by `selfeval learn` from {} ILACS inspection reports on {} local authorities, fieldwork ending {} to {}:",
            reports.len(),
            authorities.len(),
            ends.first().copied().unwrap_or_default(),
            ends.last().copied().unwrap_or_default()
        ),
        format!(
            "{} judgement sections ({} inadequate, {} requires improvement, {} good, {} outstanding), each read as the mean of its sentences.",
            examples.len(),
            per_grade[0],
            per_grade[1],
            per_grade[2],
            per_grade[3]
        ),
        format!(
            "Settings: features in at least {} sentences; C = {}; stopped at a gradient of {}.",
            settings.min_sentences, settings.c, settings.tolerance
        ),
        crate::model::corpus::ATTRIBUTION.to_string(),
        "Columns: the feature (a word or two, NOT_ when negated), its idf, its weight towards inadequate,".to_string(),
        "requires improvement, good and outstanding, and in how many sentences under judgements of each".to_string(),
        "grade (the same order) it stands. The first row holds the biases and the sentences under each grade."
            .to_string(),
    ]
}

/// The model as its file: the header, the biases, then each feature, in
/// order, with fixed decimals so that the same model is the same bytes.
pub fn file(model: &LanguageModel) -> String {
    let mut out = String::new();
    for line in &model.about {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    let numbers = |v: &[f64; 4]| v.iter().map(|x| format!("{x:.5}")).collect::<Vec<_>>().join("\t");
    let totals = model.sentences.map(|n| n.to_string()).join("\t");
    out.push_str(&format!("(bias)\t-\t{}\t{totals}\n", numbers(&model.bias)));
    let mut features: Vec<(&String, &Weights)> = model.features.iter().collect();
    features.sort_by(|a, b| a.0.cmp(b.0));
    for (feature, w) in features {
        let seen = w.seen.map(|n| n.to_string()).join("\t");
        out.push_str(&format!("{feature}\t{:.5}\t{}\t{seen}\n", w.idf, numbers(&w.grade)));
    }
    out
}
