//! indicators.toml: one figure per indicator, with last year's figure
//! checked against last year's folder.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::previous::{Glance, figures};
use super::raw::{RawIndicatorValue, RawIndicators};
use super::{Reader, line_of};
use crate::date::Date;
use crate::diag::{Diagnostic, SourceFile, missing, unknown};
use crate::load::source::{Within, read};
use crate::load::toml::{self as tomlfile, spot};
use crate::model::evidence::IndicatorValue;
use crate::model::framework::{Choice, Framework, Unit};
use crate::model::published::{Cell, year_label};

pub const MAX_INDICATOR_ENTRIES: usize = 1_000;

/// Whether a note says last year's figure was revised ("revised", "revision"
/// ...), which explains a `previous` that differs from last year's folder.
fn says_revised(note: &str) -> bool {
    note.to_lowercase().contains("revis")
}

impl Reader<'_> {
    /// `own`: the council's DfE code and the period's end, where council.toml
    /// gives its `la_code`, to set its figures beside DfE's.
    pub(super) fn indicators(
        &mut self,
        fw: Option<&Framework>,
        last_year: Option<&Glance>,
        own: Option<(String, Date)>,
    ) -> Vec<IndicatorValue> {
        let path = self.folder.join("indicators.toml");
        let Some(file) = read(&path, Within::Folder(&self.tree), self.diags, false) else {
            self.diags.push(
                Diagnostic::warning(&path, "there is no indicators.toml, so every indicator is missing")
                    .hint("`selfeval init` writes one listing every indicator of the framework"),
            );
            return Vec::new();
        };
        self.files.push(file.clone());
        let errors_before = self.diags.errors();
        let (raw, sound) = tomlfile::parse_telling::<RawIndicators>(&file, self.diags);
        if let Some(raw) = raw.as_ref().filter(|_| self.diags.errors() == errors_before) {
            self.figures = figures(raw);
        }
        // After a syntax error, entries are read by guesswork: they are left
        // until it is fixed, and so is saying which indicators have no value.
        let Some(raw) = raw.filter(|_| sound) else {
            return Vec::new();
        };
        let mut values: Vec<IndicatorValue> = Vec::new();
        let mut spans: BTreeMap<String, Range<usize>> = BTreeMap::new();
        if raw.indicator.len() > MAX_INDICATOR_ENTRIES {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "indicators.toml has {} entries; selfeval reads up to {MAX_INDICATOR_ENTRIES}",
                        raw.indicator.len()
                    ),
                )
                .hint("give one [[indicator]] per indicator of the framework"),
            );
        }
        // Each entry's lines run from its header to the next one's.
        let mut unreadable_value: BTreeSet<String> = BTreeSet::new();
        let entries = raw.indicator.iter().take(MAX_INDICATOR_ENTRIES);
        for (i, entry) in entries.enumerate() {
            if let Some(v) = self.indicator(&file, entry, fw) {
                let first = line_of(&file, entry.span());
                let last = raw
                    .indicator
                    .get(i + 1)
                    .map_or(usize::MAX, |next| line_of(&file, next.span()) - 1);
                if v.value.is_none() && self.diags.error_within(&file.path, first..=last) {
                    unreadable_value.insert(v.id.clone());
                }
                spans.entry(v.id.clone()).or_insert_with(|| entry.span());
                if values.iter().any(|x| x.id == v.id) {
                    self.diags.push(
                        Diagnostic::error(&file.path, format!("indicator `{}` is given twice", v.id))
                            .at(&file, entry.span())
                            .hint("keep one [[indicator]] entry per id"),
                    );
                    continue;
                }
                values.push(v);
            }
        }
        if let Some(fw) = fw {
            for indicator in &fw.indicators {
                let has_value = values.iter().any(|v| v.id == indicator.id && v.value.is_some());
                // An entry whose value could not be read has its error already.
                if !has_value && !unreadable_value.contains(&indicator.id) {
                    let mut d = Diagnostic::warning(
                        &file.path,
                        format!("indicator `{}` ({}) has no value", indicator.id, indicator.title),
                    );
                    d = match spans.get(&indicator.id) {
                        Some(span) => d.at(&file, span.clone()).hint(format!(
                            "add `value = ...` under this entry, in {}",
                            indicator.unit.id()
                        )),
                        None => d.hint(format!(
                            "add an [[indicator]] entry with id = \"{}\" and its value, in {}",
                            indicator.id,
                            indicator.unit.id()
                        )),
                    };
                    self.diags.push(d);
                }
            }
            values.sort_by_key(|v| fw.indicators.iter().position(|i| i.id == v.id));
        }
        if let Some(last_year) = last_year {
            self.previous_values_agree(&file, &raw, last_year);
        }
        if let (Some(fw), Some((key, end))) = (fw, own) {
            self.published_values_agree(&file, &raw, fw, &key, end);
        }
        values
    }

    /// Each figure for a year DfE has published, beside DfE's figure for the
    /// council: a note where they differ by more than DfE's rounding, as
    /// inspectors will have DfE's in front of them. A more recent local
    /// figure is fine; it should be known to be different.
    fn published_values_agree(&mut self, file: &SourceFile, raw: &RawIndicators, fw: &Framework, key: &str, end: Date) {
        let Ok(published) = crate::load::published::published() else {
            return;
        };
        for entry in &raw.indicator {
            let r = entry.get_ref();
            let Some(ind) = r.id.as_ref().and_then(|id| fw.indicator(id.get_ref())) else {
                continue;
            };
            let Some((year, older)) = published.year_for(&ind.id, ind.period_type, end) else {
                continue;
            };
            // A period newer than DfE's figures has none of its own to set
            // beside them; a figure with a note has been explained.
            if older || r.note.is_some() {
                continue;
            }
            let pairs = [
                ("value", r.value.as_ref(), year),
                ("previous", r.previous.as_ref(), year - 1),
            ];
            for (field, ours, year) in pairs {
                let Some(ours) = ours else { continue };
                let Some(Cell::Value(theirs)) = published.cell(&ind.id, key, year) else {
                    continue;
                };
                // DfE rounds a council's percentages to whole numbers.
                let rounding = if theirs.fract() == 0.0 { 0.5 } else { 0.05 };
                if (ours.get_ref() - theirs).abs() > rounding + 1e-9 {
                    self.diags.push(
                        Diagnostic::note(
                            &file.path,
                            format!(
                                "`{field}` of `{}` is {}; DfE published {} for {}",
                                ind.id,
                                ours.get_ref(),
                                ind.unit.format(theirs),
                                year_label(ind.period_type, year)
                            ),
                        )
                        .at(file, ours.span())
                        .hint(
                            "inspectors see DfE's figure: where yours is a more recent local one, say so in \
                             `note` (e.g. note = \"local figure, after DfE's data return\") and this note goes",
                        ),
                    );
                }
            }
        }
    }

    /// Each `previous` figure against the value in last year's folder: the
    /// document shows last year's figure in both places (this year's charts
    /// take `previous`, the progress chapter takes last year's folder), so
    /// they must be one figure, or the difference explained.
    fn previous_values_agree(&mut self, file: &SourceFile, raw: &RawIndicators, last_year: &Glance) {
        for entry in &raw.indicator {
            let r = entry.get_ref();
            let (Some(id), Some(ours)) = (&r.id, &r.previous) else {
                continue;
            };
            let Some(then) = last_year.figure(id.get_ref()) else {
                continue;
            };
            let explained = r.note.as_deref().is_some_and(says_revised);
            if (ours.get_ref() - then).abs() > 1e-9 && !explained {
                let their_path = last_year.folder.join("indicators.toml");
                self.diags.push(
                    Diagnostic::warning(
                        &file.path,
                        format!(
                            "`previous` of `{}` is {}, but last year's folder gives {then}",
                            id.get_ref(),
                            ours.get_ref()
                        ),
                    )
                    .at(file, ours.span())
                    .expected(format!("{then}, the value in {}", their_path.display()))
                    .hint(format!(
                        "use one figure in both; if last year's was revised since, say so in `note`, \
                         e.g. note = \"{then} revised to {}\"",
                        ours.get_ref()
                    )),
                );
            }
        }
    }

    fn indicator(
        &mut self,
        file: &SourceFile,
        entry: &Spanned<RawIndicatorValue>,
        fw: Option<&Framework>,
    ) -> Option<IndicatorValue> {
        let r = entry.get_ref();
        let Some(id) = &r.id else {
            self.diags.push(missing(
                file,
                entry.span(),
                "this indicator",
                "id",
                "id = \"re-referrals-12m\"",
            ));
            return None;
        };
        let mut unit = None;
        if let Some(fw) = fw {
            match fw.indicator(id.get_ref()) {
                Some(i) => unit = Some(i.unit),
                None => {
                    self.diags.push(unknown(
                        file,
                        spot(id),
                        "indicator",
                        fw.indicators.iter().map(|i| i.id.as_str()),
                    ));
                    return None;
                }
            }
        }
        let mut ok = true;
        for (name, value) in [("value", &r.value), ("previous", &r.previous), ("target", &r.target)] {
            let Some(value) = value else { continue };
            let v = *value.get_ref();
            let problem = if !v.is_finite() {
                Some("is not a number")
            } else if v < 0.0 {
                Some("is negative")
            } else if unit == Some(Unit::Percent) && v > 100.0 {
                Some("is over 100%")
            } else {
                None
            };
            // Possible, but not for this unit: most likely a slip.
            let most = match unit {
                Some(Unit::Per10k) => Some((10_000.0, "a rate per 10,000 over 10,000 counts more than everyone")),
                Some(Unit::Days) => Some((3_650.0, "over ten years in days")),
                Some(Unit::Months) => Some((240.0, "over twenty years in months")),
                Some(Unit::Number) => Some((10_000_000.0, "more than any council counts")),
                Some(Unit::Percent) | None => None,
            };
            if problem.is_none()
                && let Some((most, why)) = most.filter(|(most, _)| v > *most)
            {
                self.diags.push(
                    Diagnostic::warning(
                        &file.path,
                        format!("`{name}` of `{}` is {}: {why}", id.get_ref(), short(v)),
                    )
                    .at(file, value.span())
                    .hint(format!("check the figure: more than {most} is not a likely value here")),
                );
            }
            if let Some(problem) = problem {
                ok = false;
                let expected = match unit {
                    Some(Unit::Percent) => "a percentage from 0 to 100, e.g. 23.9".to_string(),
                    Some(u) => format!("a number of zero or more ({})", u.format(12.0)),
                    None => "a number of zero or more".to_string(),
                };
                self.diags.push(
                    Diagnostic::error(&file.path, format!("`{name}` of `{}` {problem}", id.get_ref()))
                        .at(file, value.span())
                        .expected(expected)
                        .hint("percentages are written as numbers from 0 to 100, not as fractions"),
                );
            }
        }
        ok.then(|| IndicatorValue {
            id: id.get_ref().clone(),
            value: r.value.as_ref().map(|v| *v.get_ref()),
            previous: r.previous.as_ref().map(|v| *v.get_ref()),
            target: r.target.as_ref().map(|v| *v.get_ref()),
            period: r.period.clone(),
            note: r.note.clone(),
        })
    }
}

/// A figure as a person reads it, however large: "1e300" stays short.
fn short(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
