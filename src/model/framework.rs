//! An inspection framework: grade scale, judgements, descriptors, indicators.
//!
//! Frameworks are data (`frameworks/*.toml`), never code, so that a council
//! can read them, copy one and paste in the official wording, and so that a
//! new version of ILACS is a new file that says only what changed. This is
//! the framework once its files are read and every reference resolves
//! (`load::framework`).

use serde::Serialize;

use crate::date::Date;
use crate::text::normalise;

#[derive(Debug, Clone, Serialize)]
pub struct Framework {
    pub id: String,
    pub title: String,
    pub in_force_from: Option<Date>,
    pub in_force_to: Option<Date>,
    pub overall_effectiveness: bool,
    pub official_source: Option<String>,
    pub note: Option<String>,
    /// This framework's id first, then the one it extends, and so on.
    pub lineage: Vec<String>,
    pub grades: Vec<Grade>,
    pub ratings: Vec<Rating>,
    pub source_kinds: Vec<SourceKind>,
    pub judgements: Vec<Judgement>,
    pub descriptors: Vec<Descriptor>,
    pub indicators: Vec<Indicator>,
    /// Whom the comparator figures describe, e.g. "England".
    pub comparator_area: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rating {
    pub id: String,
    pub label: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceKind {
    pub id: String,
    pub label: String,
    pub strand: Strand,
}

#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub id: String,
    pub title: String,
    pub short_title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Descriptor {
    pub id: String,
    pub judgement: String,
    pub title: String,
    pub good: String,
    pub weakness: String,
    /// Ids this descriptor took the place of, nearest first, across versions:
    /// how last year's evidence under an older framework finds its match.
    pub replaces: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    /// Its name where space is short, beside its judgement's name: "Social
    /// worker turnover", "In touch with us (19 to 21)".
    pub short_title: String,
    pub definition: String,
    pub unit: Unit,
    pub polarity: Polarity,
    pub period_type: PeriodType,
    pub descriptor: String,
    pub comparator: Option<Comparator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparator {
    pub value: f64,
    pub period: String,
    pub source: String,
    pub note: Option<String>,
}

/// A closed set of words a file may use for a field, with their spellings.
pub trait Choice: Copy + PartialEq + 'static {
    const CHOICES: &'static [(&'static str, Self)];

    fn id(self) -> &'static str {
        Self::CHOICES.iter().find(|(_, v)| *v == self).map_or("", |(k, _)| k)
    }

    /// Accepts "In progress", "in_progress" and "in-progress" alike.
    fn from_text(text: &str) -> Option<Self> {
        let wanted = normalise(text);
        Self::CHOICES.iter().find(|(k, _)| *k == wanted).map(|(_, v)| *v)
    }
}

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }
        impl Choice for $name {
            const CHOICES: &'static [(&'static str, Self)] = &[$(($text, $name::$variant)),+];
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
    };
}
pub(crate) use choice;

choice!(
    /// The strands a finding is triangulated from: what the numbers say, what
    /// practice shows, what children, families and staff say, and outside eyes.
    Strand { Data = "data", Practice = "practice", Voice = "voice", External = "external" }
);
choice!(Unit { Percent = "percent", Per10k = "per-10k", Number = "number", Days = "days", Months = "months" });
choice!(Polarity { Higher = "higher", Lower = "lower", Neutral = "neutral" });
choice!(PeriodType {
    YearToMarch = "year-to-31-march",
    AtMarch = "at-31-march",
    YearToSeptember = "year-to-30-september",
    AtSeptember = "at-30-september",
    Local = "local",
});

impl Unit {
    /// How a value reads in a sentence: "23.9%", "67 per 10,000", "14 months".
    pub fn format(self, value: f64) -> String {
        let number = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        };
        match self {
            Unit::Percent => format!("{number}%"),
            Unit::Per10k => format!("{number} per 10,000"),
            Unit::Number => number,
            Unit::Days => format!("{number} days"),
            Unit::Months => format!("{number} months"),
        }
    }

    /// How a value is labelled where its unit is said once beside it, as on
    /// a chart's bar: "23.9%", "67", "14 months".
    pub fn short(self, value: f64) -> String {
        match self {
            Unit::Per10k => Unit::Number.format(value),
            _ => self.format(value),
        }
    }
}

impl Polarity {
    pub fn describe(self) -> &'static str {
        match self {
            Polarity::Higher => "higher is better",
            Polarity::Lower => "lower is better",
            Polarity::Neutral => "context: neither higher nor lower is better",
        }
    }
}

impl PeriodType {
    pub fn describe(self) -> &'static str {
        match self {
            PeriodType::YearToMarch => "year ending 31 March",
            PeriodType::AtMarch => "at 31 March",
            PeriodType::YearToSeptember => "year to 30 September",
            PeriodType::AtSeptember => "at 30 September",
            PeriodType::Local => "local measure, over the reporting period",
        }
    }
}

impl Framework {
    pub fn judgement(&self, id: &str) -> Option<&Judgement> {
        self.judgements.iter().find(|j| j.id == id)
    }

    pub fn descriptor(&self, id: &str) -> Option<&Descriptor> {
        self.descriptors.iter().find(|d| d.id == id)
    }

    pub fn descriptors_of<'a>(&'a self, judgement: &'a str) -> impl Iterator<Item = &'a Descriptor> + 'a {
        self.descriptors.iter().filter(move |d| d.judgement == judgement)
    }

    /// The descriptor that took the place of an id no longer in this framework.
    pub fn replacement_for(&self, old_id: &str) -> Option<&Descriptor> {
        self.descriptors.iter().find(|d| d.replaces.iter().any(|r| r == old_id))
    }

    /// A descriptor id as this framework has it: itself, or the descriptor
    /// that replaced it in a later version.
    pub fn resolve(&self, id: &str) -> Option<String> {
        if self.descriptor(id).is_some() {
            return Some(id.to_string());
        }
        self.replacement_for(id).map(|d| d.id.clone())
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn rating(&self, id: &str) -> Option<&Rating> {
        self.ratings.iter().find(|r| r.id == id)
    }

    pub fn source_kind(&self, id: &str) -> Option<&SourceKind> {
        self.source_kinds.iter().find(|k| k.id == id)
    }

    /// A grade by its id, label or an alias, in any case
    /// ("Requires improvement" is the same grade as its full label).
    pub fn grade(&self, text: &str) -> Option<&Grade> {
        let wanted = normalise(text);
        self.grades.iter().find(|g| {
            normalise(&g.id) == wanted
                || normalise(&g.label) == wanted
                || g.aliases.iter().any(|a| normalise(a) == wanted)
        })
    }

    /// Where a grade stands on the scale, 0 the best (the framework lists
    /// its grades best first).
    pub fn grade_rank(&self, text: &str) -> Option<usize> {
        let grade = self.grade(text)?;
        self.grades.iter().position(|g| g.id == grade.id)
    }

    /// A grade's label, or the text itself if the framework has no such grade:
    /// what a document prints for a grade id.
    pub fn grade_label(&self, id: &str) -> String {
        self.grade(id).map_or_else(|| id.to_string(), |g| g.label.clone())
    }

    pub fn rating_label(&self, id: &str) -> String {
        self.rating(id).map_or_else(|| id.to_string(), |r| r.label.clone())
    }

    pub fn in_force(&self) -> String {
        match (self.in_force_from, self.in_force_to) {
            (Some(from), Some(to)) => format!("{} to {}", from.long(), to.long()),
            (Some(from), None) => format!("from {}", from.long()),
            (None, Some(to)) => format!("until {}", to.long()),
            (None, None) => "dates not given".to_string(),
        }
    }
}
