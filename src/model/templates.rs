//! The council's own templates, read from the folder `--templates` names
//! before any work starts: each replaces the built-in template of its name,
//! and a name that is not among them falls back to the built-in one.

use std::path::PathBuf;

use crate::diag::SourceFile;

#[derive(Debug, Clone, Default)]
pub struct UserTemplates {
    pub folder: PathBuf,
    /// By name relative to the folder ("summary.md", "parts/cover.md"),
    /// each with its path and text for error messages.
    pub files: Vec<(String, SourceFile)>,
    /// Files of the folder that could not be read, by name, with why: an
    /// error only if a template names one.
    pub unreadable: Vec<(String, String)>,
}

impl UserTemplates {
    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }

    /// Why the file of this name could not be read, where it could not.
    pub fn unreadable(&self, name: &str) -> Option<&str> {
        self.unreadable
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, why)| why.as_str())
    }
}

/// A council's own Word template (`--reference-docx`), as pandoc takes one:
/// its styles replace the built-in ones by name, and its theme (the fonts
/// and colours its styles may refer to) comes with them.
#[derive(Debug, Clone)]
pub struct ReferenceDocx {
    /// Its word/styles.xml.
    pub styles: String,
    /// Its word/theme/theme1.xml, where it has one.
    pub theme: Option<String>,
}
