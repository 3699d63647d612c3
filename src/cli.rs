//! The command line, as clap derive types: one subcommand per task a council
//! does. Kept apart from the work so that `--help`, man pages and completions
//! can all be generated from the same definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::load::DEFAULT_FRAMEWORK;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success (warnings may have been printed)
  1  the council's files have errors (or warnings, with --deny-warnings)
  2  usage or system error: bad arguments, a missing folder, a file that cannot be written";

#[derive(Debug, Parser)]
#[command(
    name = "selfeval",
    version,
    about = "Prepare a council's children's services self-evaluation for Ofsted (ILACS) from evidence kept in TOML files.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in inspection frameworks, or show one in full.
    #[command(after_help = EXIT_CODES)]
    Frameworks {
        /// A framework id (e.g. ilacs-2026) or a framework file of your own (ending in .toml):
        /// show its judgements, descriptors and indicators.
        id: Option<String>,
    },

    /// Start a new evidence folder with every descriptor and indicator listed, ready to fill in.
    #[command(after_help = EXIT_CODES)]
    Init {
        /// The folder to create, e.g. evidence/2026. Nothing that exists is overwritten.
        dir: PathBuf,
        /// The framework the evidence answers to: a built-in id or a framework file.
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
        /// The council's name, as it should appear on the cover. An English authority's name also
        /// finds its DfE code (`la_code`), and its published figures fill in indicators.toml.
        #[arg(long)]
        council: Option<String>,
        /// The authority's DfE code (370) or ONS code (E08000038), where the name alone does not
        /// find it; `none` for a council DfE publishes no figures for.
        #[arg(long, value_name = "CODE")]
        la_code: Option<String>,
        /// The year the reporting period ends on 31 March (default: the last complete year).
        #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1990..=2100))]
        year_ending: Option<i32>,
    },

    /// Check an evidence folder and report every problem, with file, line and column.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The council's evidence folder, e.g. examples/northbrook/2026.
        dir: PathBuf,
        /// Treat warnings as errors (exit code 1 if there are any).
        #[arg(long)]
        deny_warnings: bool,
    },

    /// Work out where the evidence stands: evidence strength, indicators against England, inspection
    /// patterns, an indicative grade per judgement with its reasons, and the gaps to close first.
    #[command(after_help = EXIT_CODES)]
    Assess {
        /// The council's evidence folder, e.g. examples/northbrook/2026.
        dir: PathBuf,
        /// `text`: a summary to read in a minute; `json`: the whole assessment (docs/assessment.md).
        #[arg(long, value_enum, default_value_t = AssessFormat::Text)]
        format: AssessFormat,
    },

    /// Write the self-evaluation document: the findings, evidence, indicators, actions and the
    /// indicative grades, for the annual engagement meeting and scrutiny committee.
    #[command(after_help = EXIT_CODES)]
    Render {
        /// The council's evidence folder, e.g. examples/northbrook/2026.
        dir: PathBuf,
        /// Without it, the output file's extension says (.md, .html, .pdf); Markdown otherwise.
        #[arg(long, value_enum)]
        format: Option<RenderFormat>,
        #[command(flatten)]
        document: DocumentArgs,
    },

    /// Write the readiness report for the council's leaders, internal and not for publication:
    /// the indicative grades and what decided them, where your own evaluation and the evidence
    /// disagree, the inspection patterns your words read like, the gaps to close first, evidence
    /// strength by area and overdue actions.
    #[command(after_help = EXIT_CODES)]
    Readiness {
        /// The council's evidence folder, e.g. examples/northbrook/2026.
        dir: PathBuf,
        /// Without it, the output file's extension says (.md, .html, .pdf, .json); Markdown otherwise.
        #[arg(long, value_enum)]
        format: Option<ReadinessFormat>,
        #[command(flatten)]
        document: DocumentArgs,
    },

    /// Compare last year's folder with this year's: grades and their reasons, indicators,
    /// evidence, inspection patterns, and what became of last year's actions.
    #[command(after_help = EXIT_CODES)]
    Compare {
        /// Last year's evidence folder, e.g. examples/northbrook/2025.
        old_dir: PathBuf,
        /// This year's evidence folder, e.g. examples/northbrook/2026.
        new_dir: PathBuf,
        /// `text`: a summary to read in a minute; `md`, `html`, `pdf`: the comparison as a document;
        /// `json`: all of it, for other tools. Without it, the output file's extension says
        /// (.txt, .md, .html, .pdf, .json); text otherwise.
        #[arg(long, value_enum)]
        format: Option<CompareFormat>,
        /// In the text summary, list everything (with each grade's reasons), not a screen's worth.
        #[arg(long)]
        full: bool,
        #[command(flatten)]
        document: DocumentArgs,
    },

    /// Work with the document templates.
    #[command(subcommand, after_help = EXIT_CODES)]
    Templates(TemplatesCommand),

    /// Print a completion script for your shell, e.g.
    /// `selfeval completions bash > ~/.local/share/bash-completion/completions/selfeval`.
    #[command(after_help = EXIT_CODES)]
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },

    /// Write the manual pages, selfeval.1 and one for each command, into a folder: with
    /// `selfeval man man/man1`, read them with `man -M man selfeval`.
    #[command(after_help = EXIT_CODES)]
    Man {
        /// The folder to write them into; it is made if it is not there.
        dir: PathBuf,
    },

    /// A council's published DfE indicators against its region, its statistical neighbours and
    /// England, year by year, worst against its neighbours first.
    #[command(after_help = EXIT_CODES)]
    Figures {
        /// The authority: its name (e.g. Barnsley), its DfE code (370) or an ONS code (E08000016).
        council: String,
        /// The last year to show, as the year a period ends in: 2025 is 2024-25 (and, for the
        /// workforce, 30 September 2025). Default: the latest published.
        #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2100))]
        year: Option<u16>,
        /// `text`: a table to read; `csv` or `json`: every figure shown, for a spreadsheet or a program.
        #[arg(long, value_enum, default_value_t = FiguresFormat::Text)]
        format: FiguresFormat,
    },

    /// Work with DfE's published figures (frameworks/published.tsv).
    #[command(subcommand, after_help = EXIT_CODES)]
    Published(PublishedCommand),

    /// Learn from the corpus of inspection reports what frameworks/ holds: the language model
    /// (language-model.tsv) and where each pattern is seen (pattern-counts.tsv). The same corpus
    /// gives the same bytes.
    #[command(after_help = EXIT_CODES)]
    Learn {
        /// The corpus folder: index.tsv and reports/, e.g. ../shared/corpus/ilacs.
        corpus: PathBuf,
        /// The folder to write both files into, e.g. frameworks (each written whole or not at all).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },

    /// Measure how well the assessment grades real councils: each corpus report made into an
    /// over-optimistic council's evidence and graded with a model that never saw its authority.
    #[command(after_help = EXIT_CODES)]
    Evaluate {
        /// The corpus folder: index.tsv and reports/, e.g. ../shared/corpus/ilacs.
        corpus: PathBuf,
        /// A second set, in the same layout, written in a council's own voice
        /// (e.g. evaluation/council-voice), graded and reported apart.
        #[arg(long, value_name = "DIR")]
        council_voice: Option<PathBuf>,
    },

    /// List the inspection patterns the assessment looks for, with the reports they were seen in,
    /// or show one in full.
    #[command(after_help = EXIT_CODES)]
    Patterns {
        /// A pattern id, e.g. plans-not-specific: show what triggers it and its precedents.
        id: Option<String>,
    },
}

/// Where `render` and `compare` write, and what may stop them.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// The file to write (written whole or not at all); `-` for standard output, the default.
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// A folder of your own templates: each file there replaces the built-in one of that name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// For a Word document: your own .docx (your corporate template) whose styles it takes.
    #[arg(long, value_name = "FILE")]
    pub reference_docx: Option<PathBuf>,
    /// Write the document even where the evidence looks as if it identifies a child or family
    /// (`check` lists the places; mark one `# selfeval: reviewed` once it is checked).
    #[arg(long)]
    pub allow_personal_data: bool,
}

/// What `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Markdown (CommonMark with tables)
    Md,
    /// One self-contained HTML file
    Html,
    /// A print-ready A4 PDF
    Pdf,
    /// A Word document to edit, in Word's built-in styles
    Docx,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into a folder, to edit and use with `render --templates`.
    Export {
        /// The folder to write them to. Files already there are never overwritten.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PublishedCommand {
    /// Build published.tsv from DfE's statistics files by frameworks/published.toml: every
    /// authority, region and England, every year. The same files give the same bytes.
    Build {
        /// The folder of DfE's CSV files, e.g. ../shared/data/dfe.
        data: PathBuf,
        /// The folder to write published.tsv into (written whole or not at all).
        #[arg(short, long, value_name = "DIR", default_value = "frameworks")]
        output: PathBuf,
    },
}

/// What `figures` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FiguresFormat {
    Text,
    Csv,
    Json,
}

impl OutputFormat for RenderFormat {
    fn of_extension(extension: &str) -> Option<RenderFormat> {
        match extension {
            "md" | "markdown" => Some(RenderFormat::Md),
            "html" | "htm" => Some(RenderFormat::Html),
            "pdf" => Some(RenderFormat::Pdf),
            "docx" => Some(RenderFormat::Docx),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            RenderFormat::Md => "md",
            RenderFormat::Html => "html",
            RenderFormat::Pdf => "pdf",
            RenderFormat::Docx => "docx",
        }
    }
}

/// What `readiness` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadinessFormat {
    /// Markdown (CommonMark with tables)
    Md,
    /// One self-contained HTML file
    Html,
    /// A print-ready A4 PDF
    Pdf,
    /// A Word document to edit, in Word's built-in styles
    Docx,
    /// All of it, as JSON
    Json,
}

impl OutputFormat for ReadinessFormat {
    fn extension(self) -> &'static str {
        match self {
            ReadinessFormat::Md => "md",
            ReadinessFormat::Html => "html",
            ReadinessFormat::Pdf => "pdf",
            ReadinessFormat::Docx => "docx",
            ReadinessFormat::Json => "json",
        }
    }

    fn of_extension(extension: &str) -> Option<ReadinessFormat> {
        match extension {
            "json" => Some(ReadinessFormat::Json),
            e => RenderFormat::of_extension(e).map(|f| match f {
                RenderFormat::Md => ReadinessFormat::Md,
                RenderFormat::Html => ReadinessFormat::Html,
                RenderFormat::Pdf => ReadinessFormat::Pdf,
                RenderFormat::Docx => ReadinessFormat::Docx,
            }),
        }
    }
}

impl OutputFormat for CompareFormat {
    fn extension(self) -> &'static str {
        match self {
            CompareFormat::Text => "txt",
            CompareFormat::Md => "md",
            CompareFormat::Html => "html",
            CompareFormat::Pdf => "pdf",
            CompareFormat::Docx => "docx",
            CompareFormat::Json => "json",
        }
    }

    fn of_extension(extension: &str) -> Option<CompareFormat> {
        match extension {
            "txt" | "text" => Some(CompareFormat::Text),
            "json" => Some(CompareFormat::Json),
            e => RenderFormat::of_extension(e).map(|f| match f {
                RenderFormat::Md => CompareFormat::Md,
                RenderFormat::Html => CompareFormat::Html,
                RenderFormat::Pdf => CompareFormat::Pdf,
                RenderFormat::Docx => CompareFormat::Docx,
            }),
        }
    }
}

/// A format a command writes, and the file extensions that name it.
pub trait OutputFormat: ValueEnum + Copy + PartialEq {
    /// The format a file's extension (in lower case) names.
    fn of_extension(extension: &str) -> Option<Self>;
    /// The extension a file of the format is given.
    fn extension(self) -> &'static str;
}

/// The format to write: the one asked for, or else the one the output
/// file's extension names, or else `default`. An extension that names
/// another format than the one asked for, or none this command writes, is a
/// mistake, caught before any work starts: a file called `.pdf` that holds
/// Markdown, or `.txt` that holds a PDF, opens as nothing.
pub fn format_for<F: OutputFormat>(
    asked: Option<F>,
    output: &std::path::Path,
    default: F,
) -> Result<F, crate::error::Error> {
    let name = |f: F| {
        f.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    };
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|_| output.as_os_str() != "-");
    let Some(extension) = extension else {
        return Ok(asked.unwrap_or(default));
    };
    match (asked, F::of_extension(&extension)) {
        (_, None) => {
            let names: Vec<String> = F::value_variants()
                .iter()
                .map(|f| format!(".{}", f.extension()))
                .collect();
            let listed = crate::text::or_list(&names);
            let for_asked = asked
                .map(|a| format!(" (.{} for --format {})", a.extension(), name(a)))
                .unwrap_or_default();
            Err(crate::error::Error::Usage(format!(
                "selfeval does not write .{extension} files here: name the file {listed}{for_asked}"
            )))
        }
        (Some(asked), Some(named)) if asked != named => Err(crate::error::Error::Usage(format!(
            "`--format {}` was asked for, but `{}` is named for {}: name the file .{} or leave out --format to write {}",
            name(asked),
            output.display(),
            name(named),
            asked.extension(),
            name(named),
        ))),
        (Some(asked), _) => Ok(asked),
        (None, Some(named)) => Ok(named),
    }
}

/// What `compare` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A summary to read in the terminal
    Text,
    /// Markdown (CommonMark with tables)
    Md,
    /// One self-contained HTML file
    Html,
    /// A print-ready A4 PDF
    Pdf,
    /// A Word document to edit, in Word's built-in styles
    Docx,
    /// Everything, as JSON
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    Text,
    Json,
}
