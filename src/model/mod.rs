//! The plain types every stage shares: the framework, a council's evidence,
//! and the assessment's library. They are what loading produces and what
//! the later stages read; nothing here reads a file or writes one.

pub mod corpus;
pub mod evidence;
pub mod framework;
pub mod language;
pub mod library;
pub mod published;
pub mod templates;
