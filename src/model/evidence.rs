//! A council's evidence for one year, validated against its framework: every
//! descriptor, indicator and rating it names exists, every date is real and
//! inside the period. Later stages can rely on that and never re-check.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::framework::{Choice, Framework, choice};
use crate::date::Date;

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub folder: PathBuf,
    pub council: String,
    /// The authority whose published figures the council is set against.
    pub authority: Option<Authority>,
    #[serde(skip)]
    pub framework: Framework,
    pub prepared_by: String,
    pub prepared_on: Date,
    pub marking: String,
    pub period: Period,
    pub previous: Option<PathBuf>,
    pub last_inspection: Option<LastInspection>,
    /// The council's own account at the top of its self-evaluation.
    pub executive_summary: ExecutiveSummary,
    /// The council's own evaluation of each judgement it has written one
    /// for, in the framework's judgement order.
    pub evaluations: Vec<Evaluation>,
    /// In the framework's descriptor order, whatever order the files use.
    pub findings: Vec<Finding>,
    pub indicators: Vec<IndicatorValue>,
    pub actions: Vec<Action>,
}

/// A local authority in DfE's figures: the council itself (`la_code`), or
/// one whose region and statistical neighbours a council borrows
/// (`comparators_of`), as the fictional example does.
#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    /// Its DfE code, the key of its published figures.
    pub key: String,
    pub name: String,
    /// Whether its published figures are the council's own.
    pub own: bool,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// Whether evidence dated `date` is older than `months` at the end of
    /// the period: dated before the same day `months` before it ends. The
    /// one test, so that `check`'s warning and the assessment agree.
    pub fn is_stale(&self, date: Date, months: u32) -> bool {
        date < self.end.months_before(months)
    }
}

/// council.toml's `[executive_summary]`, in the council's words: blank
/// where it is not written.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExecutiveSummary {
    pub where_we_are: String,
    pub strengths: Vec<String>,
    pub priorities: Vec<String>,
}

impl ExecutiveSummary {
    pub fn is_written(&self) -> bool {
        !self.where_we_are.trim().is_empty() || !self.strengths.is_empty() || !self.priorities.is_empty()
    }
}

/// A findings file's `[evaluation]`: the grade the council gives itself
/// for the judgement, and why, in a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub judgement: String,
    /// A grade id of the framework; none where it is not filled in.
    pub grade: Option<String>,
    pub overview: String,
    /// The indicators the council puts on the summary's dashboard for this
    /// judgement, in its order; empty where it has not chosen.
    pub key_indicators: Vec<String>,
    pub origin: Origin,
}

/// The key `[last_inspection.grades]` gives the overall grade under, beside
/// the judgements' ids.
pub const OVERALL_EFFECTIVENESS: &str = "overall-effectiveness";

#[derive(Debug, Clone, Serialize)]
pub struct LastInspection {
    pub date: Date,
    /// (judgement id or `OVERALL_EFFECTIVENESS`, grade id), in framework order.
    pub grades: Vec<(String, String)>,
}

/// Where in the council's files something was written, so every claim in the
/// document can be traced back to its line.
#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// "findings/help-protection.toml:12", as an editor opens it.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// Where a narrative text stands in its file, line by line, so that a
/// sentence of it can be pointed at. A text's own line breaks need not be
/// the file's: a TOML string may write "\n" on one line, or continue one
/// line of text over several with a backslash.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lines {
    /// The line the text's first character stands on; 0 when the text is
    /// not from a file.
    pub start: usize,
    /// Where the file goes on to a new line: the byte offset in the text of
    /// the first character on it, and its line, in order.
    pub breaks: Vec<(usize, usize)>,
}

impl Lines {
    /// A text all on one line.
    pub fn on(line: usize) -> Lines {
        Lines {
            start: line,
            breaks: Vec::new(),
        }
    }

    /// The line the text's character at byte `offset` stands on, if the
    /// text is from a file.
    pub fn line_of(&self, offset: usize) -> Option<usize> {
        (self.start > 0).then(|| {
            self.breaks
                .iter()
                .take_while(|(at, _)| *at <= offset)
                .last()
                .map_or(self.start, |(_, line)| *line)
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub descriptor: String,
    pub rating: Option<String>,
    pub summary: String,
    /// Where each text stands in the finding's file.
    #[serde(skip)]
    pub summary_at: Lines,
    pub impact: String,
    #[serde(skip)]
    pub impact_at: Lines,
    pub sources: Vec<Source>,
    pub origin: Origin,
}

impl Finding {
    /// Whether the council has written it: a finding whose summary is
    /// blank is a gap, not weak practice.
    pub fn is_written(&self) -> bool {
        !self.summary.trim().is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub kind: String,
    pub title: String,
    pub date: Date,
    pub showed: String,
    #[serde(skip)]
    pub showed_at: Lines,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorValue {
    pub id: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub target: Option<f64>,
    pub period: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub id: String,
    pub descriptors: Vec<String>,
    pub action: String,
    pub owner: String,
    pub due: Date,
    pub status: ActionStatus,
    pub origin: Option<ActionOrigin>,
    pub origin_ref: Option<String>,
    pub progress: Option<String>,
}

choice!(ActionStatus {
    NotStarted = "not-started",
    InProgress = "in-progress",
    Achieved = "achieved",
    PartiallyAchieved = "partially-achieved",
    Dropped = "dropped",
});

choice!(ActionOrigin {
    SelfEvaluation = "self-evaluation",
    Inspection = "inspection",
    FocusedVisit = "focused-visit",
    Audit = "audit",
    PeerChallenge = "peer-challenge",
    PracticeReview = "practice-review",
    Other = "other",
});

impl Evidence {
    pub fn finding(&self, descriptor: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.descriptor == descriptor)
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorValue> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn evaluation(&self, judgement: &str) -> Option<&Evaluation> {
        self.evaluations.iter().find(|e| e.judgement == judgement)
    }
}

/// The file a judgement's findings live in, relative to the folder.
pub fn findings_file(judgement: &str) -> PathBuf {
    PathBuf::from("findings").join(format!("{judgement}.toml"))
}

impl ActionStatus {
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Achieved => "Achieved",
            ActionStatus::PartiallyAchieved => "Partially achieved",
            ActionStatus::Dropped => "Dropped",
        }
    }

    /// Work still to do: partially achieved counts, so that past its due
    /// date it is overdue like an action not started.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ActionStatus::NotStarted | ActionStatus::InProgress | ActionStatus::PartiallyAchieved
        )
    }
}

impl Action {
    /// Still open after its due date, as at `date` (the document's date):
    /// the one meaning of overdue, in the assessment, the document and the
    /// comparison alike.
    pub fn is_overdue(&self, date: Date) -> bool {
        self.status.is_open() && self.due < date
    }
}
