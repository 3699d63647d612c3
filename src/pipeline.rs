//! load → assess → report → render, as each command needs it: the one
//! place that runs the stages in order, so that no command strings them
//! together itself and the stages never call one another.
//!
//! What the pipeline needs from outside (today's date) comes from the
//! [`World`], as typst's `World` supplies `today()`; nothing below reads the
//! clock or the environment. It prints nothing: each result comes back with
//! what was found on the way ([`Warned`]), for the command to say.

use std::path::{Path, PathBuf};

use crate::assess::compare::{self, Mismatch, Year};
use crate::assess::{self, Assessment};
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Hold, Said, Warned};
use crate::error::Error;
use crate::learn;
use crate::load::{self, BUILT_IN, Bounds, Folder, FrameworkRef, Previous};
use crate::model::evidence::Evidence;
use crate::model::framework::Framework;
use crate::model::library::{Library, Rules};
use crate::model::templates::UserTemplates;
use crate::render::{self, Document, Format, RenderError, Renderer};
use crate::report::{self, Comparison, summary};

/// What the pipeline takes from outside the council's files.
#[derive(Debug, Clone, Copy)]
pub struct World {
    today: Date,
}

impl World {
    /// Today from `SOURCE_DATE_EPOCH` when it is set (reproducible builds
    /// and tests), otherwise the system clock. It is used only to spot
    /// dates in the future and to suggest the year a new folder covers.
    pub fn from_env() -> World {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0)
            });
        World {
            today: Date::from_days_since_epoch(seconds.div_euclid(86_400)),
        }
    }

    pub fn today(&self) -> Date {
        self.today
    }
}

/// A folder read, assessed, and what was found in it on the way.
pub struct Assessed {
    pub evidence: Evidence,
    pub assessment: Assessment,
    diagnostics: Diagnostics,
}

impl Assessed {
    fn year(&self) -> Year<'_> {
        Year {
            evidence: &self.evidence,
            assessment: &self.assessment,
        }
    }

    pub fn json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.assessment)
            .map_err(|e| Error::Internal(format!("could not write the assessment as JSON: {e}")))
    }

    pub fn summary(&self) -> String {
        summary::assessment(&self.assessment, &self.evidence.framework)
    }
}

/// What a document is written with, settled before any work starts.
pub struct DocumentSettings {
    pub format: Format,
    pub templates: Option<UserTemplates>,
    /// The council's Word template (`--reference-docx`), for a .docx.
    pub reference: Option<crate::model::templates::ReferenceDocx>,
    pub allow_personal_data: bool,
}

/// A document, ready to be written, and the characters its PDF could not draw.
pub struct Written {
    pub bytes: Vec<u8>,
    /// Each character the font lacks, and where in the council's files it
    /// was written: "findings/x.toml:12, finding hp.plans, summary".
    pub unprintable: Vec<(char, Vec<String>)>,
    /// The evidence folders read for it, last year's that `previous` names
    /// included: the document may not be written inside one.
    pub read: Vec<PathBuf>,
}

/// Two years read, assessed and compared.
pub struct Compared {
    pub comparison: Comparison,
    then: Assessed,
    now: Assessed,
}

/// One folder read for its leaders: the readiness report's model, and the
/// assessment it was made from.
pub struct ReadinessRead {
    pub readiness: report::readiness::Readiness,
    year: Assessed,
}

impl ReadinessRead {
    /// Whether the report or its JSON may be passed on, as for `Compared`.
    pub fn refuse_personal_data(&self) -> Result<(), Error> {
        refuse_personal_data([&self.year])
    }

    pub fn json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.readiness)
            .map(|json| json + "\n")
            .map_err(|e| Error::Internal(format!("could not write the readiness report as JSON: {e}")))
    }
}

impl Compared {
    /// Whether the JSON or a document may be passed on: the summary in the
    /// terminal is read, not passed on, so only they are held back.
    pub fn refuse_personal_data(&self) -> Result<(), Error> {
        refuse_personal_data([&self.then, &self.now])
    }

    pub fn json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.comparison)
            .map(|json| json + "\n")
            .map_err(|e| Error::Internal(format!("could not write the comparison as JSON: {e}")))
    }

    /// The summary for the terminal: a screen, or with `full` everything.
    pub fn summary(&self, full: bool) -> String {
        summary::comparison(&self.comparison, full)
    }
}

/// The files `selfeval learn` makes.
pub struct Learned {
    pub language_model: String,
    pub pattern_counts: String,
}

pub struct Pipeline {
    world: World,
}

impl Pipeline {
    pub fn new(world: World) -> Pipeline {
        Pipeline { world }
    }

    pub fn world(&self) -> World {
        self.world
    }

    /// Everything `check` says about a folder: each problem, and the
    /// evidence when there are no errors. Last year's folder is glanced at.
    pub fn check(&self, dir: &Path) -> Result<Folder, Error> {
        let rules = load::rules()?;
        load::evidence(dir, self.bounds(&rules), Previous::Glance)
    }

    /// A framework file of the council's own, with what was found wrong in it.
    pub fn framework(&self, reference: &FrameworkRef) -> (Option<Framework>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let framework = load::framework::load(reference, None, load::Within::Anywhere, &mut diags);
        (framework, diags)
    }

    /// A built-in framework by its id.
    pub fn built_in(&self, id: &str) -> Result<Framework, Error> {
        match self.framework(&FrameworkRef::BuiltIn(id.to_string())) {
            (Some(fw), _) => Ok(fw),
            (None, _) if !BUILT_IN.iter().any(|(b, _, _)| *b == id) => Err(Error::Usage(format!(
                "there is no built-in framework `{id}`; the built-in frameworks are {}",
                BUILT_IN.iter().map(|(b, _, _)| *b).collect::<Vec<_>>().join(", ")
            ))),
            (None, diags) => Err(Error::Internal(format!(
                "the built-in framework `{id}` is broken (please report this):\n{}",
                diags.render()
            ))),
        }
    }

    /// The built-in frameworks, oldest first.
    pub fn built_in_frameworks(&self) -> Result<Vec<Framework>, Error> {
        BUILT_IN.iter().map(|(id, _, _)| self.built_in(id)).collect()
    }

    pub fn library(&self) -> Result<Library, Error> {
        load::library()
    }

    /// What is learned from the corpus in `dir`, as the files it makes in
    /// `frameworks/`: the language model, and where each pattern is seen.
    pub fn learn(&self, dir: &Path) -> Result<Learned, Error> {
        let reports = load::corpus(dir)?;
        let reports: Vec<&_> = reports.iter().collect();
        let examples = learn::examples(&reports);
        let settings = learn::Settings::default();
        let about = learn::about(&reports, &examples, settings);
        let model = learn::learn(&examples, settings, about);
        let rules = load::rules()?;
        let patterns = load::library::uncounted(&rules)?;
        let counts = learn::patterns::count(&patterns, &rules, &model, &reports, &self.built_in_frameworks()?);
        Ok(Learned {
            language_model: learn::file(&model),
            pattern_counts: learn::patterns::file(&counts, &learn::patterns::about(reports.len())),
        })
    }

    /// DfE's published figures, built in.
    pub fn published(&self) -> Result<&'static crate::model::published::Published, Error> {
        load::published::published()
    }

    /// An authority's published figures, by name or code, up to `last`.
    pub fn figures(&self, wanted: &str, last: Option<u16>) -> Result<report::figures::Figures, Error> {
        let published = load::published::published()?;
        let area = authority(published, wanted)?;
        let framework = self.built_in(load::DEFAULT_FRAMEWORK)?;
        let rules = load::rules()?;
        let figures = report::figures::build(published, area, &framework, &rules, last);
        if figures.indicators.is_empty() {
            return Err(Error::Usage(format!(
                "DfE publishes no figures for {} up to {}; the years published are {} to {}",
                area.name,
                last.unwrap_or_default(),
                published.years.first().copied().unwrap_or_default(),
                published.years.last().copied().unwrap_or_default()
            )));
        }
        Ok(figures)
    }

    /// frameworks/published.tsv, built from DfE's statistics files in `dir`.
    pub fn build_published(&self, dir: &Path) -> Result<String, Error> {
        let recipe = load::published::recipe()?;
        let tables = load::published::tables(dir, &recipe)?;
        let built = learn::published::build(&recipe, &tables).map_err(Error::Usage)?;
        load::published::check_cells(&built)
            .map_err(|e| Error::Internal(format!("the built figures do not read back: {e}")))?;
        Ok(built)
    }

    pub fn evaluate(&self, corpus_dir: &Path, council_voice: Option<&Path>) -> Result<String, Error> {
        let corpus = load::corpus(corpus_dir)?;
        // Both sets are read before the long work starts.
        let voice = council_voice.map(load::corpus).transpose()?;
        let frameworks = self.built_in_frameworks()?;
        let library = self.library()?;
        let settings = learn::Settings::default();
        let judged = learn::evaluate::cross_validate(&corpus, &frameworks, &library, settings);
        let mut out = report::evaluation::evaluation(
            &format!(
                "The corpus ({} reports), each graded with a model learned from the other {} folds of authorities:",
                corpus.len(),
                learn::evaluate::FOLDS - 1
            ),
            &judged,
        );
        if let Some(voice) = voice {
            let judged = learn::evaluate::held_out(&voice, &corpus, &frameworks, &library, settings);
            out.push('\n');
            out.push_str(&report::evaluation::evaluation(
                &format!(
                    "Written in a council's voice ({} reports), graded with a model learned from the corpus's other authorities:",
                    voice.len()
                ),
                &judged,
            ));
        }
        Ok(out)
    }

    /// The council's own templates, read before any work starts.
    pub fn templates(&self, dir: &Path) -> Result<UserTemplates, Error> {
        load::templates(dir)
    }

    /// The council's Word template, for `--reference-docx`.
    pub fn reference_docx(&self, path: &Path) -> Result<crate::model::templates::ReferenceDocx, Error> {
        load::reference_docx(path)
    }

    /// One folder assessed, for `assess`.
    pub fn assessment(&self, dir: &Path) -> Warned<Result<Assessed, Error>> {
        let mut said = Vec::new();
        let output = self
            .library_beside(|bounds| load::evidence(dir, bounds, Previous::Glance))
            .and_then(|(folder, library)| {
                let (evidence, diagnostics) = usable(folder?, &mut said).ok_or(Error::Told)?;
                assessed(evidence, diagnostics, &library)
            });
        Warned { output, said }
    }

    /// The self-evaluation for `render`: this year's folder, and last
    /// year's where `previous` names it, read, assessed and compared.
    pub fn self_evaluation(&self, dir: &Path, settings: &DocumentSettings) -> Warned<Result<Written, Error>> {
        let mut said = Vec::new();
        let output = (|| {
            let (folder, library) = self.library_beside(|bounds| load::evidence(dir, bounds, Previous::Whole))?;
            let mut folder = folder?;
            let last_year = folder.previous.take();
            let (evidence, diagnostics) = usable(folder, &mut said).ok_or(Error::Told)?;
            let last_year = last_year.map(|folder| usable(*folder, &mut said));
            // Two cores: last year is assessed beside this year, and the
            // PDF's fonts are made after it.
            let (now, then) = std::thread::scope(|scope| {
                let then = scope.spawn(|| {
                    let then = last_year.map(|year| year.map(|(e, d)| assessed(e, d, &library)));
                    if settings.format == Format::Pdf {
                        render::pdf::prepare();
                    }
                    then
                });
                let now = assessed(evidence, diagnostics, &library);
                (now, then.join().expect("assessing last year does not panic"))
            });
            let now = now?;
            let unfinished = summary::unfinished(now.diagnostics.holding(Hold::Document));
            let then = match (then, unfinished) {
                (None, None) => None,
                (Some(Some(then)), None) => Some(then?),
                // Last year's errors have been said; what stops this year too.
                (Some(None), unfinished) => {
                    return Err(Error::Files(
                        unfinished.unwrap_or_else(|| summary::errors_in_last_year(dir)),
                    ));
                }
                (_, Some(unfinished)) => return Err(Error::Files(unfinished)),
            };
            if !settings.allow_personal_data {
                refuse_personal_data(std::iter::once(&now).chain(&then))?;
            }
            let comparison = then.as_ref().map(|then| {
                let changes = compare::changes(then.year(), now.year(), &library.rules);
                report::comparison::build(then.year(), now.year(), &changes)
            });
            let report = report::self_evaluation::build(&now.evidence, &now.assessment, comparison, library.published);
            let renderer = Renderer::new(settings.templates.as_ref()).with_reference(settings.reference.clone());
            write(
                &renderer,
                Document::SelfEvaluation(&report),
                settings.format,
                &[&now.evidence],
            )
        })();
        Warned { output, said }
    }

    /// The readiness report for `readiness`: the folder read and assessed,
    /// its inference put into words for the council's leaders.
    pub fn readiness(&self, dir: &Path) -> Warned<Result<ReadinessRead, Error>> {
        let mut said = Vec::new();
        let output = self
            .library_beside(|bounds| load::evidence(dir, bounds, Previous::Whole))
            .and_then(|(folder, library)| {
                let mut folder = folder?;
                // Last year's words, to find this year's findings that repeat them.
                let last_year = folder.previous.take();
                let (evidence, diagnostics) = usable(folder, &mut said).ok_or(Error::Told)?;
                let last_year = match last_year.map(|f| usable(*f, &mut said)) {
                    None => None,
                    Some(Some((old, _))) => Some(old),
                    // As for `render`: last year's errors have been said, and stop it.
                    Some(None) => return Err(Error::Files(summary::errors_in_last_year(dir))),
                };
                let year = assessed(evidence, diagnostics, &library)?;
                let readiness = report::readiness::build(&year.evidence, &year.assessment, last_year.as_ref());
                Ok(ReadinessRead { readiness, year })
            });
        Warned { output, said }
    }

    /// The readiness report as a document, or its data as JSON: either is
    /// passed on, so text that may identify a child stops both.
    pub fn readiness_document(&self, read: &ReadinessRead, settings: &DocumentSettings) -> Result<Written, Error> {
        if !settings.allow_personal_data {
            read.refuse_personal_data()?;
        }
        if settings.format == Format::Pdf {
            render::pdf::prepare();
        }
        let renderer = Renderer::new(settings.templates.as_ref()).with_reference(settings.reference.clone());
        write(
            &renderer,
            Document::Readiness(&read.readiness),
            settings.format,
            &[&read.year.evidence],
        )
    }

    /// Last year's folder against this year's, for `compare`.
    pub fn comparison(&self, old_dir: &Path, new_dir: &Path) -> Warned<Result<Compared, Error>> {
        let mut said = Vec::new();
        let output = (|| {
            let (old, library) = self.library_beside(|bounds| load::evidence(old_dir, bounds, Previous::Glance))?;
            let old = usable(old?, &mut said);
            let new = load::evidence(new_dir, self.bounds(&library.rules), Previous::Glance)?;
            // Both folders' problems are said before either stops the comparison.
            let new = usable(new, &mut said);
            let ((old, old_diags), (new, new_diags)) = old.zip(new).ok_or(Error::Told)?;
            let mismatch = if load::same_folder(&old.folder, &new.folder) {
                Some(Mismatch::SameFolder)
            } else {
                compare::mismatch(&old, &new)
            };
            if let Some(m) = mismatch {
                return Err(Error::Usage(summary::cannot_compare(m, &old, &new, old_dir, new_dir)));
            }
            let (then, now) = std::thread::scope(|scope| {
                let then = scope.spawn(|| assessed(old, old_diags, &library));
                let now = assessed(new, new_diags, &library);
                (then.join().expect("assessing last year does not panic"), now)
            });
            let (then, now) = (then?, now?);
            let changes = compare::changes(then.year(), now.year(), &library.rules);
            let comparison = report::comparison::build(then.year(), now.year(), &changes);
            Ok(Compared { comparison, then, now })
        })();
        Warned { output, said }
    }

    /// The comparison as a document.
    pub fn comparison_document(&self, compared: &Compared, settings: &DocumentSettings) -> Result<Written, Error> {
        if !settings.allow_personal_data {
            compared.refuse_personal_data()?;
        }
        if settings.format == Format::Pdf {
            render::pdf::prepare();
        }
        let renderer = Renderer::new(settings.templates.as_ref()).with_reference(settings.reference.clone());
        let evidence = [&compared.then.evidence, &compared.now.evidence];
        write(
            &renderer,
            Document::Comparison(&compared.comparison),
            settings.format,
            &evidence,
        )
    }

    fn bounds(&self, rules: &Rules) -> Bounds {
        Bounds {
            today: self.world.today,
            stale_after_months: rules.evidence.stale_after_months,
        }
    }

    /// What `read` reads, with the library read beside it: the rules first,
    /// as reading the council's files needs their staleness limit.
    fn library_beside<T: Send>(&self, read: impl FnOnce(Bounds) -> T) -> Result<(T, Library), Error> {
        let rules = load::rules()?;
        let bounds = self.bounds(&rules);
        let (read, (patterns, language)) = std::thread::scope(|scope| {
            let library = scope.spawn(|| (load::patterns(&rules), load::language_model()));
            (
                read(bounds),
                library.join().expect("reading the library does not panic"),
            )
        });
        let library = Library {
            patterns: patterns?,
            language: language?,
            rules,
            published: load::published::published()?,
        };
        Ok((read, library))
    }
}

/// The evidence of a folder whose files have no errors; what was found in
/// it is said either way.
fn usable(folder: Folder, said: &mut Vec<Said>) -> Option<(Evidence, Diagnostics)> {
    match folder.evidence {
        Some(evidence) if !folder.diagnostics.has_errors() => {
            said.push(Said::Warnings {
                folder: folder.path,
                count: folder.diagnostics.warnings(),
            });
            Some((evidence, folder.diagnostics))
        }
        _ => {
            said.push(Said::Errors {
                folder: folder.path,
                diagnostics: folder.diagnostics,
            });
            None
        }
    }
}

/// A folder assessed, once its framework is known to be in the words the
/// rules are written in.
/// An authority by name or code, or a usage error that lists the near
/// names or, where several answer, each of them with its code.
pub fn authority<'a>(
    published: &'a crate::model::published::Published,
    wanted: &str,
) -> Result<&'a crate::model::published::Area, Error> {
    use crate::model::published::Found;
    match published.find(wanted) {
        Found::One(area) => Ok(area),
        Found::Several(areas) => Err(Error::Usage(format!(
            "`{wanted}` could be any of these authorities; give its name in full or its code:\n{}",
            areas
                .iter()
                .map(|a| format!("  {}\n", a.label()))
                .collect::<String>()
                .trim_end()
        ))),
        Found::None(near) if near.is_empty() => Err(Error::Usage(format!(
            "no local authority in DfE's figures is called `{wanted}`; give an English authority's name, its DfE code (e.g. 370) or its ONS code (e.g. E08000038)"
        ))),
        Found::None(near) => Err(Error::Usage(format!(
            "no local authority in DfE's figures is called `{wanted}`; did you mean {}?",
            near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or ")
        ))),
    }
}

fn assessed(evidence: Evidence, diagnostics: Diagnostics, library: &Library) -> Result<Assessed, Error> {
    load::fits(&library.rules, &evidence.framework)?;
    let assessment = assess::assess(&evidence, library);
    Ok(Assessed {
        evidence,
        assessment,
        diagnostics,
    })
}

/// Text that looks as if it identifies a child or family stops a document
/// or data that is passed on, until each place is removed or marked.
fn refuse_personal_data<'a>(years: impl IntoIterator<Item = &'a Assessed>) -> Result<(), Error> {
    let flagged: Vec<&Diagnostic> = years
        .into_iter()
        .flat_map(|y| y.diagnostics.holding(Hold::Sharing))
        .collect();
    summary::personal_data(&flagged).map_or(Ok(()), |report| Err(Error::Files(report)))
}

/// The document in `format`, or the template's error, where nothing is written.
fn write(renderer: &Renderer, doc: Document<'_>, format: Format, evidence: &[&Evidence]) -> Result<Written, Error> {
    match renderer.render(doc, format) {
        Ok(rendered) => Ok(Written {
            bytes: rendered.bytes,
            unprintable: rendered
                .unprintable
                .into_iter()
                .map(|c| (c, summary::unprintable(evidence, c)))
                .collect(),
            read: evidence
                .iter()
                .flat_map(|e| std::iter::once(e.folder.clone()).chain(e.previous.clone()))
                .collect(),
        }),
        Err(RenderError::Template(d)) => Err(Error::Files(summary::template_error(&d))),
        Err(RenderError::Other(e)) => Err(e),
    }
}
