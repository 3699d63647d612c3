//! Last year's folder, as this year's reading needs it: once, either at a
//! glance (its council, period and figures, for the checks across the two
//! years) or whole (a second year of evidence, for the progress chapter),
//! in which case the glance is taken from what was read. Its own problems
//! are its own: they are reported when it is checked, or by a command that
//! reads it whole.

use std::path::{Path, PathBuf};

use super::raw::{RawCouncil, RawIndicators};
use super::{Bounds, Folder, Previous, read_folder};
use crate::date::Date;
use crate::diag::Diagnostics;
use crate::load::source::read;
use crate::load::toml as tomlfile;
use crate::model::evidence::IndicatorValue;

/// What this year is checked against in last year's folder.
#[derive(Debug, Clone, Default)]
pub struct Glance {
    pub folder: PathBuf,
    pub council: Option<String>,
    pub period_start: Option<Date>,
    /// Each indicator's value, by id.
    pub values: Vec<(String, f64)>,
}

impl Glance {
    pub(super) fn of_council(folder: &Path, raw: Option<&RawCouncil>) -> Glance {
        Glance {
            folder: folder.to_path_buf(),
            council: raw.and_then(|r| r.council.as_ref()).map(|c| c.get_ref().clone()),
            period_start: raw
                .and_then(|r| r.period.as_ref())
                .and_then(|p| p.get_ref().start.as_ref())
                .map(|d| *d.get_ref()),
            values: Vec::new(),
        }
    }

    pub(super) fn with_values(mut self, indicators: &[IndicatorValue]) -> Glance {
        self.values = indicators
            .iter()
            .filter_map(|i| Some((i.id.clone(), i.value?)))
            .collect();
        self
    }

    pub fn value(&self, id: &str) -> Option<f64> {
        self.values.iter().find(|(i, _)| i == id).map(|(_, v)| *v)
    }
}

pub(super) struct LastYear {
    pub glance: Glance,
    pub whole: Option<Folder>,
}

impl LastYear {
    pub fn read(path: &Path, bounds: Bounds, how: Previous) -> LastYear {
        match how {
            Previous::Whole => match read_folder(path, bounds, Previous::Glance) {
                Ok((folder, glance)) => LastYear {
                    glance,
                    whole: Some(folder),
                },
                // Checked to be an evidence folder a moment ago: gone since.
                Err(_) => LastYear {
                    glance: Glance::of_council(path, None),
                    whole: None,
                },
            },
            Previous::Glance => LastYear {
                glance: glance(path),
                whole: None,
            },
        }
    }
}

/// council.toml and indicators.toml, read strictly as this year's are;
/// what they get wrong is left for when last year's folder is checked.
fn glance(path: &Path) -> Glance {
    let mut theirs = Diagnostics::default();
    let council = read(&path.join("council.toml"), &mut theirs, false)
        .and_then(|file| tomlfile::parse::<RawCouncil>(&file, &mut theirs));
    let mut glance = Glance::of_council(path, council.as_ref());
    if let Some(file) = read(&path.join("indicators.toml"), &mut theirs, false)
        && let Some(raw) = tomlfile::parse::<RawIndicators>(&file, &mut theirs)
    {
        glance.values = raw
            .indicator
            .iter()
            .map(|e| e.get_ref())
            .filter_map(|e| Some((e.id.as_ref()?.get_ref().clone(), *e.value.as_ref()?.get_ref())))
            .collect();
    }
    glance
}
