//! Every file selfeval reads, and the checks that turn what was read into a
//! model whose references all resolve: the frameworks and their layers, a
//! council's evidence folder (and last year's), the assessment's library,
//! the council's own templates, and the personal-data scan. Only this stage
//! opens files or parses TOML; everything after it works on the model.

mod corpus;
pub mod evidence;
pub mod framework;
mod language;
pub(crate) mod library;
mod personal;
pub mod published;
mod source;
mod templates;
mod toml;

pub use corpus::corpus;
pub use evidence::{Bounds, Folder, Previous, evidence};
pub use framework::{BUILT_IN, DEFAULT_FRAMEWORK, FrameworkRef};
pub use language::language_model;
pub use library::{fits, library, patterns, rules};
pub use source::{Within, same_folder};
pub use templates::{reference_docx, templates};
