//! Turning framework files into a [`Framework`]: following `extends` from the
//! base up, applying each version's changes, and checking that every reference
//! resolves. Problems are reported against the file and line that caused them.

mod builtin;
mod raw;

pub use builtin::{BUILT_IN, DEFAULT_FRAMEWORK};

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::source::{Within, read_text, tree_of};
use super::toml::{self as tomlfile, choose, spot};
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, did_you_mean, duplicate, missing, unknown};
use crate::model::framework::{
    Comparator, Descriptor, Framework, Grade, Indicator, Judgement, PeriodType, Polarity, Rating, SourceKind, Strand,
    Unit,
};
use crate::text::plural;
use raw::{RawComparators, RawDescriptor, RawFramework, RawIndicator, RawJudgement};

/// Where a framework comes from: a built-in id, or a file of the council's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameworkRef {
    BuiltIn(String),
    File(PathBuf),
}

impl FrameworkRef {
    /// Reads what a council wrote: an id such as `ilacs-2026`, or a path
    /// ending in `.toml`, taken relative to the folder of the file naming it.
    pub fn parse(text: &str, relative_to: &Path) -> FrameworkRef {
        let text = text.trim();
        if text.ends_with(".toml") || text.contains('/') || text.contains('\\') {
            FrameworkRef::File(relative_to.join(text))
        } else {
            FrameworkRef::BuiltIn(text.to_string())
        }
    }
}

/// The line that named a framework, so an unknown id is reported there.
pub struct Site<'a> {
    pub source: &'a SourceFile,
    pub span: Range<usize>,
}

/// Loads a framework and everything it extends. `None` when it cannot be
/// built; every reason has then been reported into `diags`.
/// A framework file must be `within` where it is named from: the council's
/// tree for evidence; a file named on the command line may be anywhere, and
/// what it extends must then be in its own tree.
pub fn load(
    reference: &FrameworkRef,
    site: Option<Site<'_>>,
    within: Within<'_>,
    diags: &mut Diagnostics,
) -> Option<Framework> {
    load_reading(reference, site, within, diags).0
}

/// `load`, and the council's own framework files it read (not the built-in
/// ones), for the personal-data scan: a council's wording is its evidence too.
pub fn load_reading(
    reference: &FrameworkRef,
    site: Option<Site<'_>>,
    within: Within<'_>,
    diags: &mut Diagnostics,
) -> (Option<Framework>, Vec<SourceFile>) {
    let Some(layers) = collect_layers(reference, site, within, diags) else {
        return (None, Vec::new());
    };
    let own: Vec<SourceFile> = layers
        .iter()
        .filter(|l| !l.source.path.starts_with("<built-in>"))
        .map(|l| l.source.clone())
        .collect();
    (build(&layers, diags), own)
}

fn build(layers: &[Layer], diags: &mut Diagnostics) -> Option<Framework> {
    let mut builder = Builder::new(diags);
    for layer in layers.iter().rev() {
        builder.apply(layer, diags);
    }
    builder.finish(layers.first()?, diags)
}

struct Layer {
    source: SourceFile,
    raw: RawFramework,
}

/// Reads the chain of files from the requested framework down to its base.
fn collect_layers(
    reference: &FrameworkRef,
    site: Option<Site<'_>>,
    within: Within<'_>,
    diags: &mut Diagnostics,
) -> Option<Vec<Layer>> {
    let mut layers: Vec<Layer> = Vec::new();
    // Where the files after the first must be.
    let mut tree: Option<PathBuf> = match within {
        Within::Folder(root) => Some(root.to_path_buf()),
        Within::Anywhere => None,
    };
    let mut next = Some(reference.clone());
    let mut site_at: Option<(usize, Range<usize>)> = None;
    let mut first_site = site;
    while let Some(reference) = next.take() {
        let report_at = |d: Diagnostic, layers: &[Layer], first: &Option<Site<'_>>| match (&site_at, first) {
            (Some((i, span)), _) => d.at(&layers[*i].source, span.clone()),
            (None, Some(site)) => d.at(site.source, site.span.clone()),
            (None, None) => d,
        };
        let source = match &reference {
            FrameworkRef::BuiltIn(id) => match BUILT_IN.iter().find(|(bid, _, _)| bid == id) {
                Some((_, file, text)) => SourceFile::new(format!("<built-in>/frameworks/{file}"), *text),
                None => {
                    // Newest first: a mistyped year most likely meant the current framework.
                    let ids = BUILT_IN.iter().rev().map(|(id, _, _)| *id);
                    let mut d =
                        Diagnostic::error(&origin_path(&layers, &first_site), format!("unknown framework `{id}`"))
                            .expected(format!(
                                "a built-in framework ({}) or the path of a framework file ending in .toml",
                                BUILT_IN.iter().map(|(id, _, _)| *id).collect::<Vec<_>>().join(", ")
                            ));
                    if let Some(s) = did_you_mean(id, ids) {
                        d = d.hint(format!("did you mean `{s}`?"));
                    } else {
                        d = d.hint("`selfeval frameworks` lists the built-in frameworks");
                    }
                    diags.push(report_at(d, &layers, &first_site));
                    return None;
                }
            },
            FrameworkRef::File(path) => match read_text(path, tree.as_deref().map_or(Within::Anywhere, Within::Folder))
            {
                Ok(text) => SourceFile::new(path.clone(), text),
                Err(e) => {
                    let d = Diagnostic::error(
                        &origin_path(&layers, &first_site),
                        format!("cannot read framework file `{}`: {e}", path.display()),
                    )
                    .hint("the path is taken relative to the folder of the file that names it");
                    diags.push(report_at(d, &layers, &first_site));
                    return None;
                }
            },
        };
        if layers.iter().any(|l| l.source.path == source.path) {
            let chain: Vec<String> = layers.iter().map(|l| l.source.path.display().to_string()).collect();
            let d = Diagnostic::error(
                &origin_path(&layers, &first_site),
                format!(
                    "framework files extend each other in a circle: {} -> {}",
                    chain.join(" -> "),
                    source.path.display()
                ),
            )
            .hint("a framework must end in a base framework with no `extends`");
            diags.push(report_at(d, &layers, &first_site));
            return None;
        }
        if let FrameworkRef::File(path) = &reference {
            diags.file_read();
            tree.get_or_insert_with(|| tree_of(path.parent().unwrap_or(Path::new("."))));
        }
        let raw: RawFramework = tomlfile::parse(&source, diags)?;
        if let Some(extends) = &raw.extends {
            let dir = match &reference {
                FrameworkRef::File(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
                FrameworkRef::BuiltIn(_) => PathBuf::new(),
            };
            next = Some(FrameworkRef::parse(extends.get_ref(), &dir));
            site_at = Some((layers.len(), extends.span()));
        }
        first_site = first_site.filter(|_| layers.is_empty());
        layers.push(Layer { source, raw });
    }
    Some(layers)
}

fn origin_path(layers: &[Layer], site: &Option<Site<'_>>) -> PathBuf {
    match (layers.last(), site) {
        (Some(layer), _) => layer.source.path.clone(),
        (None, Some(site)) => site.source.path.clone(),
        (None, None) => PathBuf::from("<framework>"),
    }
}

/// The framework under construction, layer by layer.
struct Builder {
    id: Option<String>,
    title: Option<String>,
    in_force_from: Option<Date>,
    in_force_to: Option<Date>,
    overall_effectiveness: Option<bool>,
    official_source: Option<String>,
    note: Option<String>,
    lineage: Vec<String>,
    grades: Vec<Grade>,
    ratings: Vec<Rating>,
    source_kinds: Vec<SourceKind>,
    judgements: Vec<Judgement>,
    descriptors: Vec<Descriptor>,
    indicators: Vec<Indicator>,
}

impl Builder {
    /// Starts from the shared indicator catalogue, which every framework has.
    fn new(diags: &mut Diagnostics) -> Builder {
        let mut builder = Builder {
            id: None,
            title: None,
            in_force_from: None,
            in_force_to: None,
            overall_effectiveness: None,
            official_source: None,
            note: None,
            lineage: Vec::new(),
            grades: Vec::new(),
            ratings: Vec::new(),
            source_kinds: Vec::new(),
            judgements: Vec::new(),
            descriptors: Vec::new(),
            indicators: Vec::new(),
        };
        let (name, text) = builtin::INDICATORS;
        let source = SourceFile::new(format!("<built-in>/frameworks/{name}"), text);
        if let Some(raw) = tomlfile::parse::<RawFramework>(&source, diags) {
            builder.apply_indicators(&source, &raw.indicator, diags);
        }
        builder
    }

    fn apply(&mut self, layer: &Layer, diags: &mut Diagnostics) {
        let (source, raw) = (&layer.source, &layer.raw);
        let path = &source.path;
        match &raw.id {
            Some(id) => {
                self.lineage.insert(0, id.get_ref().clone());
                self.id = Some(id.get_ref().clone());
            }
            None => diags.push(
                Diagnostic::error(path, "the framework has no `id`")
                    .at(source, 0..0)
                    .hint("add a line such as `id = \"northbrook-ilacs-2026\"` at the top"),
            ),
        }
        let is_base = raw.extends.is_none();
        self.title = raw.title.clone().or(self.title.take());
        self.in_force_from = raw.in_force_from.or(self.in_force_from);
        self.in_force_to = if raw.in_force_from.is_some() {
            raw.in_force_to
        } else {
            raw.in_force_to.or(self.in_force_to)
        };
        self.overall_effectiveness = raw.overall_effectiveness.or(self.overall_effectiveness);
        self.official_source = raw.official_source.clone().or(self.official_source.take());
        self.note = raw.note.clone().or(self.note.take());

        // Scales are replaced whole when a version gives them: a partial
        // grade scale merged with an inherited one would be nonsense.
        if !raw.grade.is_empty() || is_base {
            self.grades = Vec::new();
            for g in &raw.grade {
                let Some(id) = required_id(source, g.span(), g.get_ref().id.as_ref(), "grade", diags) else {
                    continue;
                };
                let label = g.get_ref().label.clone().unwrap_or_else(|| id.clone());
                if self.grades.iter().any(|x| x.id == id) {
                    diags.push(duplicate(source, g.span(), "grade", &id));
                    continue;
                }
                self.grades.push(Grade {
                    id,
                    label,
                    aliases: g.get_ref().aliases.clone(),
                });
            }
            if self.grades.len() < 2 {
                diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "the grade scale has {}; a scale needs at least two",
                            plural(self.grades.len(), "step")
                        ),
                    )
                    .at(source, raw.grade.first().map_or(0..0, Spanned::span))
                    .expected(
                        "[[grade]] entries, best first: Outstanding, Good, Requires improvement to be good, Inadequate",
                    )
                    .hint("copy the [[grade]] entries from a built-in framework (`selfeval frameworks ilacs-2026`)"),
                );
            }
        }
        if !raw.rating.is_empty() || is_base {
            self.ratings = Vec::new();
            for r in &raw.rating {
                let Some(id) = required_id(source, r.span(), r.get_ref().id.as_ref(), "rating", diags) else {
                    continue;
                };
                let label = r.get_ref().label.clone().unwrap_or_else(|| id.clone());
                self.ratings.push(Rating {
                    id,
                    label,
                    meaning: r.get_ref().meaning.clone().unwrap_or_default(),
                });
            }
            if self.ratings.len() < 2 {
                diags.push(
                    Diagnostic::error(path, "the council's rating scale needs at least two steps")
                        .at(source, raw.rating.first().map_or(0..0, Spanned::span))
                        .expected("[[rating]] entries, best first, e.g. strong, secure, developing, weak"),
                );
            }
        }
        if !raw.source_kind.is_empty() || is_base {
            self.source_kinds = Vec::new();
            for k in &raw.source_kind {
                let r = k.get_ref();
                let Some(id) = required_id(source, k.span(), r.id.as_ref(), "source kind", diags) else {
                    continue;
                };
                let strand = match &r.strand {
                    Some(s) => choose::<Strand>(source, s, "strand", diags),
                    None => {
                        diags.push(missing(
                            source,
                            k.span(),
                            "source kind",
                            "strand",
                            "strand = \"practice\"",
                        ));
                        None
                    }
                };
                let label = r.label.clone().unwrap_or_else(|| id.clone());
                if let Some(strand) = strand {
                    self.source_kinds.push(SourceKind { id, label, strand });
                }
            }
        }

        for j in &raw.judgement {
            self.apply_judgement(source, j, diags);
        }
        for d in &raw.descriptor {
            self.apply_descriptor(source, d, diags);
        }
        for id in &raw.remove_descriptors {
            if !remove_by_id(&mut self.descriptors, id.get_ref(), |d| &d.id) {
                let ids = self.descriptors.iter().map(|d| d.id.as_str());
                diags.push(unknown(source, spot(id), "descriptor", ids));
            }
        }
        for id in &raw.remove_judgements {
            let before = self.judgements.len();
            self.judgements.retain(|j| j.id != *id.get_ref());
            if before == self.judgements.len() {
                diags.push(unknown(
                    source,
                    spot(id),
                    "judgement",
                    self.judgements.iter().map(|j| j.id.as_str()),
                ));
            } else if let Some(orphan) = self.descriptors.iter().find(|d| d.judgement == *id.get_ref()) {
                diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "judgement `{}` is removed, but descriptor `{}` still belongs to it",
                            id.get_ref(),
                            orphan.id
                        ),
                    )
                    .at(source, id.span())
                    .hint("move its descriptors to another judgement, or list them in `remove_descriptors`"),
                );
            }
        }
        self.apply_indicators(source, &raw.indicator, diags);
        for id in &raw.remove_indicators {
            if !remove_by_id(&mut self.indicators, id.get_ref(), |i| &i.id) {
                let ids = self.indicators.iter().map(|i| i.id.as_str());
                diags.push(unknown(source, spot(id), "indicator", ids));
            }
        }
    }

    fn apply_judgement(&mut self, source: &SourceFile, j: &Spanned<RawJudgement>, diags: &mut Diagnostics) {
        let r = j.get_ref();
        let Some(id) = required_id(source, j.span(), r.id.as_ref(), "judgement", diags) else {
            return;
        };
        if let Some(existing) = self.judgements.iter_mut().find(|x| x.id == id) {
            if let Some(title) = &r.title {
                existing.title = title.clone();
            }
            if let Some(short) = &r.short_title {
                existing.short_title = short.clone();
            }
            return;
        }
        let Some(title) = r.title.clone() else {
            diags.push(missing(
                source,
                j.span(),
                &format!("new judgement `{id}`"),
                "title",
                "title = \"The experiences and progress of ...\"",
            ));
            return;
        };
        let judgement = Judgement {
            short_title: r.short_title.clone().unwrap_or_else(|| title.clone()),
            id,
            title,
        };
        match &r.after {
            Some(after) => insert_after(
                &mut self.judgements,
                judgement,
                after,
                |j| &j.id,
                "judgement",
                source,
                diags,
            ),
            None => self.judgements.push(judgement),
        }
    }

    fn apply_descriptor(&mut self, source: &SourceFile, d: &Spanned<RawDescriptor>, diags: &mut Diagnostics) {
        let r = d.get_ref();
        let Some(id) = required_id(source, d.span(), r.id.as_ref(), "descriptor", diags) else {
            return;
        };
        if let Some(judgement) = &r.judgement
            && self.judgements.iter().all(|j| j.id != *judgement.get_ref())
        {
            diags.push(unknown(
                source,
                spot(judgement),
                "judgement",
                self.judgements.iter().map(|j| j.id.as_str()),
            ));
            return;
        }
        let existing = self.descriptors.iter().position(|x| x.id == id);
        if let (Some(i), None) = (existing, &r.replaces) {
            let target = &mut self.descriptors[i];
            let update = |slot: &mut String, value: &Option<String>| {
                if let Some(v) = value {
                    *slot = v.clone();
                }
            };
            update(&mut target.title, &r.title);
            update(&mut target.good, &r.good);
            update(&mut target.weakness, &r.weakness);
            if let Some(j) = &r.judgement {
                target.judgement = j.get_ref().clone();
            }
            return;
        }
        if existing.is_some() {
            diags.push(duplicate(source, d.span(), "descriptor", &id));
            return;
        }
        let absent: Vec<&str> = [
            ("judgement", r.judgement.is_none()),
            ("title", r.title.is_none()),
            ("good", r.good.is_none()),
            ("weakness", r.weakness.is_none()),
        ]
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(name, _)| *name)
        .collect();
        if !absent.is_empty() {
            diags.push(
                Diagnostic::error(
                    &source.path,
                    format!("new descriptor `{id}` is missing {}", absent.join(", ")),
                )
                .at(source, d.span())
                .expected("a new descriptor gives judgement, title, good and weakness")
                .hint(
                    match did_you_mean(&id, self.descriptors.iter().map(|x| x.id.as_str())) {
                        Some(s) => format!("to change an existing descriptor, use its id: did you mean `{s}`?"),
                        None => "to change an existing descriptor, use its id exactly".to_string(),
                    },
                ),
            );
            return;
        }
        let mut descriptor = Descriptor {
            id,
            judgement: r.judgement.as_ref().map(|j| j.get_ref().clone()).unwrap_or_default(),
            title: r.title.clone().unwrap_or_default(),
            good: r.good.clone().unwrap_or_default(),
            weakness: r.weakness.clone().unwrap_or_default(),
            replaces: Vec::new(),
        };
        match (&r.replaces, &r.after) {
            (Some(old), _) => match self.descriptors.iter().position(|x| x.id == *old.get_ref()) {
                Some(i) => {
                    let replaced = self.descriptors.remove(i);
                    descriptor.replaces.push(replaced.id);
                    descriptor.replaces.extend(replaced.replaces);
                    self.descriptors.insert(i, descriptor);
                }
                None => diags.push(unknown(
                    source,
                    spot(old),
                    "descriptor",
                    self.descriptors.iter().map(|x| x.id.as_str()),
                )),
            },
            (None, Some(after)) => insert_after(
                &mut self.descriptors,
                descriptor,
                after,
                |d| &d.id,
                "descriptor",
                source,
                diags,
            ),
            (None, None) => {
                // New descriptors go after the last one of their judgement, so
                // the list stays grouped the way the document reads.
                let at = self
                    .descriptors
                    .iter()
                    .rposition(|x| x.judgement == descriptor.judgement)
                    .map_or(self.descriptors.len(), |i| i + 1);
                self.descriptors.insert(at, descriptor);
            }
        }
    }

    fn apply_indicators(&mut self, source: &SourceFile, indicators: &[Spanned<RawIndicator>], diags: &mut Diagnostics) {
        for i in indicators {
            let r = i.get_ref();
            let Some(id) = required_id(source, i.span(), r.id.as_ref(), "indicator", diags) else {
                continue;
            };
            if self.indicators.iter().any(|x| x.id == id) {
                diags.push(duplicate(source, i.span(), "indicator", &id));
                continue;
            }
            let mut field = |name: &str, value: Option<&'_ Spanned<String>>, example: &str| {
                if value.is_none() {
                    diags.push(missing(source, i.span(), &format!("indicator `{id}`"), name, example));
                }
                value.cloned()
            };
            let unit = field("unit", r.unit.as_ref(), "unit = \"percent\"");
            let polarity = field("polarity", r.polarity.as_ref(), "polarity = \"higher\"");
            let period_type = field(
                "period_type",
                r.period_type.as_ref(),
                "period_type = \"year-to-31-march\"",
            );
            let descriptor = field("descriptor", r.descriptor.as_ref(), "descriptor = \"hp.front-door\"");
            let (Some(unit), Some(polarity), Some(period_type), Some(descriptor)) =
                (unit, polarity, period_type, descriptor)
            else {
                continue;
            };
            let (Some(unit), Some(polarity), Some(period_type)) = (
                choose::<Unit>(source, &unit, "unit", diags),
                choose::<Polarity>(source, &polarity, "polarity", diags),
                choose::<PeriodType>(source, &period_type, "period type", diags),
            ) else {
                continue;
            };
            let title = r.title.clone().unwrap_or_else(|| id.clone());
            self.indicators.push(Indicator {
                short_title: r.short_title.clone().unwrap_or_else(|| title.clone()),
                title,
                id,
                definition: r.definition.clone().unwrap_or_default(),
                unit,
                polarity,
                period_type,
                descriptor: descriptor.get_ref().clone(),
                comparator: None,
            });
        }
    }

    fn finish(mut self, top: &Layer, diags: &mut Diagnostics) -> Option<Framework> {
        let source = &top.source;
        // An indicator measures a descriptor; follow `replaces` so that the
        // shared catalogue keeps working when a version renames one.
        let mut kept = Vec::new();
        for mut indicator in std::mem::take(&mut self.indicators) {
            let resolved = if self.descriptors.iter().any(|d| d.id == indicator.descriptor) {
                Some(indicator.descriptor.clone())
            } else {
                self.descriptors
                    .iter()
                    .find(|d| d.replaces.contains(&indicator.descriptor))
                    .map(|d| d.id.clone())
            };
            match resolved {
                Some(id) => {
                    indicator.descriptor = id;
                    kept.push(indicator);
                }
                None => diags.push(
                    Diagnostic::warning(&source.path, format!(
                        "indicator `{}` measures descriptor `{}`, which this framework does not have; it is left out",
                        indicator.id, indicator.descriptor
                    ))
                    .hint(format!("add `remove_indicators = [\"{}\"]` to say this is intended", indicator.id)),
                ),
            }
        }
        self.indicators = kept;
        let area = attach_comparators(&mut self.indicators, diags);
        for j in &self.judgements {
            if self.descriptors.iter().all(|d| d.judgement != j.id) {
                diags.push(Diagnostic::warning(
                    &source.path,
                    format!("judgement `{}` has no descriptors", j.id),
                ));
            }
        }
        if diags.has_errors() {
            return None;
        }
        Some(Framework {
            id: self.id?,
            title: self.title.unwrap_or_default(),
            in_force_from: self.in_force_from,
            in_force_to: self.in_force_to,
            overall_effectiveness: self.overall_effectiveness.unwrap_or(false),
            official_source: self.official_source,
            note: self.note,
            lineage: self.lineage,
            grades: self.grades,
            ratings: self.ratings,
            source_kinds: self.source_kinds,
            judgements: self.judgements,
            descriptors: self.descriptors,
            indicators: self.indicators,
            comparator_area: area,
        })
    }
}

/// England's latest figure for each indicator: DfE's published series where
/// there is one, else comparators.toml's, which is for the rest alone.
fn attach_comparators(indicators: &mut [Indicator], diags: &mut Diagnostics) -> String {
    let published = match crate::load::published::published() {
        Ok(p) => p,
        Err(e) => {
            diags.push(Diagnostic::error(
                std::path::Path::new("<built-in>/frameworks/published.tsv"),
                e.to_string(),
            ));
            return String::new();
        }
    };
    for indicator in indicators.iter_mut() {
        let england = published.england();
        let latest = published.years_of(&indicator.id).last().copied();
        if let (Some(england), Some(year)) = (england, latest)
            && let Some(value) = published
                .cell(&indicator.id, &england.key, year)
                .and_then(|c| c.value())
        {
            indicator.comparator = Some(Comparator {
                value,
                period: crate::model::published::year_label(indicator.period_type, year),
                source: format!("{} (frameworks/published.tsv)", crate::model::published::SOURCE),
                note: None,
            });
        }
    }
    let (name, text) = builtin::COMPARATORS;
    let source = SourceFile::new(format!("<built-in>/frameworks/{name}"), text);
    let Some(raw) = tomlfile::parse::<RawComparators>(&source, diags) else {
        return String::new();
    };
    for c in &raw.comparator {
        let r = c.get_ref();
        let (Some(id), Some(value)) = (&r.indicator, r.value) else {
            diags.push(missing(
                &source,
                c.span(),
                "comparator",
                "indicator and value",
                "indicator = \"...\"\nvalue = 22.6",
            ));
            continue;
        };
        if published.has(id.get_ref()) {
            diags.push(
                Diagnostic::error(
                    &source.path,
                    format!(
                        "`{}` has DfE's published series; comparators.toml is for those without one",
                        id.get_ref()
                    ),
                )
                .at(&source, c.span()),
            );
            continue;
        }
        // A comparator for an indicator a framework removed is simply unused.
        if let Some(indicator) = indicators.iter_mut().find(|i| i.id == *id.get_ref()) {
            indicator.comparator = Some(Comparator {
                value,
                period: r.period.clone().unwrap_or_default(),
                source: r.source.clone().unwrap_or_default(),
                note: r.note.clone(),
            });
        }
    }
    raw.area.unwrap_or_else(|| "England".to_string())
}

/// Places `item` just after the entry whose id is `after` (a version's
/// `after = "..."`), or reports that no such entry exists.
fn insert_after<T>(
    items: &mut Vec<T>,
    item: T,
    after: &Spanned<String>,
    id: impl Fn(&T) -> &String,
    what: &str,
    source: &SourceFile,
    diags: &mut Diagnostics,
) {
    match items.iter().position(|x| id(x) == after.get_ref()) {
        Some(i) => items.insert(i + 1, item),
        None => diags.push(unknown(source, spot(after), what, items.iter().map(|x| id(x).as_str()))),
    }
}

fn remove_by_id<T>(items: &mut Vec<T>, id: &str, key: impl Fn(&T) -> &String) -> bool {
    let before = items.len();
    items.retain(|x| key(x) != id);
    before != items.len()
}

fn required_id(
    source: &SourceFile,
    span: Range<usize>,
    id: Option<&Spanned<String>>,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    match id {
        Some(id) => Some(id.get_ref().clone()),
        None => {
            diags.push(missing(source, span, what, "id", "id = \"...\""));
            None
        }
    }
}
