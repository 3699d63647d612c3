//! Last year's folder, as this year's reading needs it: once, either at a
//! glance (its council, period and figures, for the checks across the two
//! years) or whole (a second year of evidence, for the progress chapter),
//! in which case the glance is taken from what was read. Its own problems
//! are its own: they are reported when it is checked, or by a command that
//! reads it whole; a file of it that has any is not glanced at, so that
//! this year is never checked against what was misread.

use std::path::{Path, PathBuf};

use super::raw::{RawCouncil, RawIndicators};
use super::{Bounds, Folder, Previous, read_folder};
use crate::date::Date;
use crate::diag::{Diagnostics, SourceFile};
use crate::load::source::{Within, read};
use crate::load::toml as tomlfile;

/// What this year is checked against in last year's folder.
#[derive(Debug, Clone)]
pub struct Glance {
    pub folder: PathBuf,
    /// The council it names (empty where it names none); `None` where its
    /// council.toml could not be read cleanly, and so is not compared.
    pub council: Option<String>,
    pub period_start: Option<Date>,
    /// Each indicator's value, by id, from an indicators.toml read cleanly.
    pub figures: Vec<(String, f64)>,
}

impl Glance {
    /// Nothing known of the folder.
    pub(super) fn blank(folder: &Path) -> Glance {
        Glance {
            folder: folder.to_path_buf(),
            council: None,
            period_start: None,
            figures: Vec::new(),
        }
    }

    /// What a council.toml read without a problem says.
    pub(super) fn council(mut self, raw: &RawCouncil) -> Glance {
        self.council = Some(raw.council.as_ref().map(|c| c.get_ref().clone()).unwrap_or_default());
        self.period_start = raw
            .period
            .as_ref()
            .and_then(|p| p.get_ref().start.as_ref())
            .map(|d| *d.get_ref());
        self
    }

    pub fn figure(&self, id: &str) -> Option<f64> {
        self.figures.iter().find(|(i, _)| i == id).map(|(_, v)| *v)
    }
}

/// The figures of an indicators.toml read without a problem.
pub(super) fn figures(raw: &RawIndicators) -> Vec<(String, f64)> {
    raw.indicator
        .iter()
        .map(|e| e.get_ref())
        .filter_map(|e| Some((e.id.as_ref()?.get_ref().clone(), *e.value.as_ref()?.get_ref())))
        .collect()
}

/// `T` parsed from `file`, where that raises no error of its own.
pub(super) fn cleanly<T: serde::de::DeserializeOwned>(file: &SourceFile, diags: &mut Diagnostics) -> Option<T> {
    let before = diags.errors();
    let parsed = tomlfile::parse::<T>(file, diags);
    parsed.filter(|_| diags.errors() == before)
}

pub(super) struct LastYear {
    pub glance: Glance,
    pub whole: Option<Folder>,
}

impl LastYear {
    /// Last year's folder, read within this year's `tree`.
    pub fn read(path: &Path, tree: &Path, bounds: Bounds, how: Previous) -> LastYear {
        match how {
            Previous::Whole => match read_folder(path, Some(tree), bounds, Previous::Glance) {
                Ok((folder, glance)) => LastYear {
                    glance,
                    whole: Some(folder),
                },
                // It was an evidence folder a moment ago: nothing is known of it now.
                Err(_) => LastYear {
                    glance: Glance::blank(path),
                    whole: None,
                },
            },
            Previous::Glance => LastYear {
                glance: glance(path, tree),
                whole: None,
            },
        }
    }
}

/// council.toml and indicators.toml, read strictly as this year's are.
fn glance(path: &Path, tree: &Path) -> Glance {
    let mut theirs = Diagnostics::default();
    let mut glance = Glance::blank(path);
    if let Some(file) = read(&path.join("council.toml"), Within::Folder(tree), &mut theirs, false)
        && let Some(raw) = cleanly::<RawCouncil>(&file, &mut theirs)
    {
        glance = glance.council(&raw);
    }
    if let Some(file) = read(&path.join("indicators.toml"), Within::Folder(tree), &mut theirs, false)
        && let Some(raw) = cleanly::<RawIndicators>(&file, &mut theirs)
    {
        glance.figures = figures(&raw);
    }
    glance
}
