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
    #[serde(skip)]
    pub framework: Framework,
    pub prepared_by: String,
    pub prepared_on: Date,
    pub marking: String,
    pub period: Period,
    pub previous: Option<PathBuf>,
    pub last_inspection: Option<LastInspection>,
    /// In the framework's descriptor order, whatever order the files use.
    pub findings: Vec<Finding>,
    pub indicators: Vec<IndicatorValue>,
    pub actions: Vec<Action>,
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

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub descriptor: String,
    pub rating: Option<String>,
    pub summary: String,
    /// The line each text starts on in the finding's file (0 when it is not
    /// from a file), so that a sentence of it can be pointed at.
    #[serde(skip)]
    pub summary_at: usize,
    pub impact: String,
    #[serde(skip)]
    pub impact_at: usize,
    pub sources: Vec<Source>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub kind: String,
    pub title: String,
    pub date: Date,
    pub showed: String,
    #[serde(skip)]
    pub showed_at: usize,
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
