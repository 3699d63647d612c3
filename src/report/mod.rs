//! The models the documents and summaries are made from, and all their
//! wording: the self-evaluation, the comparison of two years, and what the
//! terminal shows. Plain serialisable data, built from the evidence and its
//! assessment; the templates only arrange it. Text the council wrote stays
//! text here: the renderer escapes it, so it can never become markup or
//! template code.

pub mod chart;
pub mod comparison;
pub mod evaluation;
pub mod figures;
pub mod listing;
pub mod readiness;
pub mod self_evaluation;
pub mod summary;
mod words;

pub use comparison::Comparison;
pub use self_evaluation::Report;

use crate::date::Date;

/// What a document's file says about itself beside its text: the title,
/// author and subject a PDF reader shows, the marking at the head of each
/// page, and the date, from the evidence (so the same folder gives the same
/// bytes).
#[derive(Debug, Clone)]
pub struct Properties {
    pub title: String,
    pub council: String,
    pub subject: String,
    pub marking: String,
    pub date: Date,
}
