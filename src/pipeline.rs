//! load → assess → report → render, as each command needs it: the one
//! place that runs the stages in order, so that no command strings them
//! together itself and the stages never call one another.
//!
//! What the pipeline needs from outside (today's date) comes from the
//! [`World`], as typst's `World` supplies `today()`; nothing below reads the
//! clock or the environment. It prints nothing: each result comes back with
//! the warnings met on the way ([`Warned`]), for the command to say.

use std::path::Path;

use crate::assess::compare::{self, Year};
use crate::assess::{self, Assessment};
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, FolderWarnings, Hold, Severity, Warned};
use crate::error::Error;
use crate::load::{self, Bounds, Folder, FrameworkRef, Previous};
use crate::model::evidence::Evidence;
use crate::model::framework::Framework;
use crate::model::library::{Library, Rules};
use crate::model::templates::UserTemplates;
use crate::render::{self, Document, Format, RenderError, Renderer};
use crate::report::{self, Comparison, summary};
use crate::text::plural;

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

/// A folder read, assessed, and what was said about it on the way.
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
}

/// What a document is written with, settled before any work starts.
pub struct DocumentSettings {
    pub format: Format,
    pub templates: Option<UserTemplates>,
    pub allow_personal_data: bool,
}

/// A document, ready to be written, and the characters its PDF could not draw.
pub struct Written {
    pub bytes: Vec<u8>,
    /// Where in the council's files each character the font lacks was
    /// written: "findings/x.toml:12, finding hp.plans, summary".
    pub unprintable: Vec<(char, Vec<String>)>,
}

/// Two years read, assessed and compared.
pub struct Compared {
    pub comparison: Comparison,
    then: Assessed,
    now: Assessed,
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

    /// A framework, built in or a file of the council's own, with what was
    /// found wrong in it.
    pub fn framework(&self, reference: &FrameworkRef) -> (Option<Framework>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let framework = load::framework::load(reference, None, &mut diags);
        (framework, diags)
    }

    /// The built-in frameworks, oldest first.
    pub fn built_in_frameworks(&self) -> Result<Vec<Framework>, Error> {
        load::BUILT_IN
            .iter()
            .map(
                |(id, _, _)| match self.framework(&FrameworkRef::BuiltIn(id.to_string())) {
                    (Some(fw), _) => Ok(fw),
                    (None, diags) => Err(Error::Internal(format!(
                        "the built-in framework `{id}` is broken (please report this):\n{}",
                        diags.render()
                    ))),
                },
            )
            .collect()
    }

    pub fn library(&self) -> Result<Library, Error> {
        load::library()
    }

    /// One folder assessed, for `assess`.
    pub fn assessment(&self, dir: &Path) -> Warned<Result<Assessed, Error>> {
        let mut warnings = Vec::new();
        let result = self
            .load_with_library(dir, Previous::Glance)
            .and_then(|(folder, library)| {
                let (evidence, diagnostics) = usable(folder, &mut warnings)?;
                assessed(evidence, diagnostics, &library)
            });
        Warned {
            output: result,
            warnings,
        }
    }

    /// The self-evaluation for `render`: this year's folder, and last
    /// year's where `previous` names it, read, assessed and compared.
    pub fn self_evaluation(&self, dir: &Path, settings: &DocumentSettings) -> Warned<Result<Written, Error>> {
        let renderer = Renderer::new(settings.templates.as_ref());
        let mut warnings = Vec::new();
        let result = (|| {
            let (mut folder, library) = self.load_with_library(dir, Previous::Whole)?;
            let last_year = folder.previous.take();
            let (evidence, diagnostics) = usable(folder, &mut warnings)?;
            load::fits(&library.rules, &evidence.framework)?;
            // Two cores: last year is assessed beside this year, and the
            // PDF's fonts are made after it.
            let (assessment, then) = std::thread::scope(|scope| {
                let then = scope.spawn(|| {
                    let then = last_year.map(|folder| {
                        let mut said = Vec::new();
                        let assessed = usable(*folder, &mut said)
                            .and_then(|(evidence, diagnostics)| assessed(evidence, diagnostics, &library));
                        (assessed, said)
                    });
                    if settings.format == Format::Pdf {
                        render::prepare_pdf();
                    }
                    then
                });
                let assessment = assess::assess(&evidence, &library);
                (assessment, then.join().expect("assessing last year does not panic"))
            });
            let now = Assessed {
                evidence,
                assessment,
                diagnostics,
            };
            let then = match then {
                None => None,
                Some((then, said)) => {
                    warnings.extend(said);
                    match then {
                        Ok(then) => Some(then),
                        Err(Error::Files(report)) => {
                            return Err(Error::Files(format!(
                                "{report}The errors above are in last year's folder, which {}council.toml names as `previous`.\n",
                                dir.display().to_string() + std::path::MAIN_SEPARATOR_STR
                            )));
                        }
                        Err(other) => return Err(other),
                    }
                }
            };
            refuse_unfinished(&now.diagnostics)?;
            if !settings.allow_personal_data {
                refuse_personal_data(std::iter::once(&now).chain(&then))?;
            }
            let comparison = then.as_ref().map(|then| {
                let changes = compare::changes(then.year(), now.year(), &library.rules);
                report::comparison::build(then.year(), now.year(), &changes)
            });
            let report = report::self_evaluation::build(&now.evidence, &now.assessment, comparison);
            write(
                &renderer,
                Document::SelfEvaluation(&report),
                settings.format,
                &[&now.evidence],
            )
        })();
        Warned {
            output: result,
            warnings,
        }
    }

    /// Last year's folder against this year's, for `compare`.
    pub fn comparison(&self, old_dir: &Path, new_dir: &Path) -> Warned<Result<Compared, Error>> {
        let mut warnings = Vec::new();
        let result = (|| {
            let rules = load::rules()?;
            let bounds = self.bounds(&rules);
            let (folders, patterns) = std::thread::scope(|scope| {
                let patterns = scope.spawn(|| load::patterns(&rules));
                let folders = [old_dir, new_dir].map(|dir| load::evidence(dir, bounds, Previous::Glance));
                (folders, patterns.join().expect("reading the patterns does not panic"))
            });
            let [old, new] = folders;
            let library = Library {
                patterns: patterns?,
                rules,
            };
            // Both folders' problems are told before either stops the comparison.
            let (old, new) = (old?, new?);
            let (old, new) = (usable(old, &mut warnings), usable(new, &mut warnings));
            let ((old, old_diags), (new, new_diags)) = match (old, new) {
                (Ok(old), Ok(new)) => (old, new),
                (Err(Error::Files(a)), Err(Error::Files(b))) => return Err(Error::Files(a + &b)),
                (Err(e), _) | (_, Err(e)) => return Err(e),
            };
            if let Err(m) = load::pair(&old, &new) {
                let hint = if m.swap {
                    format!(
                        "\nDid you mean `selfeval compare {} {}`?",
                        new_dir.display(),
                        old_dir.display()
                    )
                } else {
                    String::new()
                };
                return Err(Error::Usage(format!("cannot compare: {}{hint}", m.message)));
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
        Warned {
            output: result,
            warnings,
        }
    }

    /// The comparison as a document.
    pub fn comparison_document(&self, compared: &Compared, settings: &DocumentSettings) -> Result<Written, Error> {
        if !settings.allow_personal_data {
            compared.refuse_personal_data()?;
        }
        if settings.format == Format::Pdf {
            render::prepare_pdf();
        }
        let renderer = Renderer::new(settings.templates.as_ref());
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

    /// A folder and the library, read side by side: the rules first, as
    /// the folder's reading needs their staleness limit.
    fn load_with_library(&self, dir: &Path, previous: Previous) -> Result<(Folder, Library), Error> {
        let rules = load::rules()?;
        let bounds = self.bounds(&rules);
        let (folder, patterns) = std::thread::scope(|scope| {
            let patterns = scope.spawn(|| load::patterns(&rules));
            let folder = load::evidence(dir, bounds, previous);
            (folder, patterns.join().expect("reading the patterns does not panic"))
        });
        let folder = folder?;
        Ok((
            folder,
            Library {
                patterns: patterns?,
                rules,
            },
        ))
    }
}

impl Compared {
    /// Whether the JSON or a document may be passed on: the summary in the
    /// terminal is read, not passed on, so only they are held back.
    pub fn refuse_personal_data(&self) -> Result<(), Error> {
        refuse_personal_data([&self.then, &self.now].into_iter())
    }

    pub fn json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.comparison)
            .map(|json| json + "\n")
            .map_err(|e| Error::Internal(format!("could not write the comparison as JSON: {e}")))
    }

    pub fn summary(&self) -> String {
        summary::comparison(&self.comparison)
    }
}

impl Assessed {
    pub fn json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.assessment)
            .map_err(|e| Error::Internal(format!("could not write the assessment as JSON: {e}")))
    }

    pub fn summary(&self) -> String {
        summary::assessment(&self.assessment, &self.evidence.framework)
    }
}

/// The evidence of a folder whose files have no errors, its warnings noted;
/// a folder with errors stops the command with all of them.
fn usable(folder: Folder, warnings: &mut Vec<FolderWarnings>) -> Result<(Evidence, Diagnostics), Error> {
    match folder.evidence {
        Some(evidence) if !folder.diagnostics.has_errors() => {
            warnings.push(FolderWarnings {
                folder: folder.path,
                warnings: folder.diagnostics.warnings(),
            });
            Ok((evidence, folder.diagnostics))
        }
        _ => Err(Error::Files(folder.diagnostics.stopped(&folder.path))),
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

/// What the document cannot be written without (a blank council name):
/// `check` lists it as work to do; here it stops.
fn refuse_unfinished(diagnostics: &Diagnostics) -> Result<(), Error> {
    let mut report = String::new();
    for d in diagnostics.holding(Hold::Document) {
        let mut d = d.clone();
        d.severity = Severity::Error;
        report.push_str(&d.render());
    }
    if report.is_empty() {
        return Ok(());
    }
    report.push_str("error: the document cannot be written without these, so nothing was written\n");
    Err(Error::Files(report))
}

/// Text that looks as if it identifies a child or family stops a document
/// or data that is passed on, until each place is removed or marked.
fn refuse_personal_data<'a>(years: impl Iterator<Item = &'a Assessed>) -> Result<(), Error> {
    let flagged: Vec<&Diagnostic> = years.flat_map(|y| y.diagnostics.holding(Hold::Sharing)).collect();
    if flagged.is_empty() {
        return Ok(());
    }
    let mut report: String = flagged.iter().map(|d| d.render()).collect();
    report.push_str(&format!(
        "error: {} in the evidence may identify a child or family, so nothing was written\n",
        plural(flagged.len(), "place")
    ));
    report.push_str(
        "Remove them, or mark each one checked with `# selfeval: reviewed` on the line above; \
         --allow-personal-data writes the document anyway.\n",
    );
    Err(Error::Files(report))
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
        }),
        Err(RenderError::Template(d)) => Err(Error::Files(format!("{}\nnothing was written\n", d.render()))),
        Err(RenderError::Other(e)) => Err(e),
    }
}
