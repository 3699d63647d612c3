//! Every file selfeval reads, and the checks that turn what was read into a
//! model whose references all resolve: the frameworks and their layers, a
//! council's evidence folder (and last year's), the assessment's library,
//! the council's own templates, and the personal-data scan. Only this stage
//! opens files or parses TOML; everything after it works on the model.

pub mod evidence;
pub mod framework;
pub(crate) mod library;
mod personal;
mod source;
mod templates;
mod toml;

pub use evidence::{Bounds, Folder, Previous, evidence};
pub use framework::{BUILT_IN, DEFAULT_FRAMEWORK, FrameworkRef};
pub use library::{fits, library, patterns, rules};
pub use templates::templates;

use crate::model::evidence::Evidence;
use crate::text::normalise;

/// Why two folders cannot be compared, in words for the council; `swap` when
/// they were given the wrong way round.
pub struct Mismatch {
    pub message: String,
    pub swap: bool,
}

/// Two folders of the same council, different years, in order.
pub fn pair(then: &Evidence, now: &Evidence) -> Result<(), Mismatch> {
    let years = |e: &Evidence| e.period.start.years_to(e.period.end);
    if source::same_folder(&then.folder, &now.folder) {
        return Err(Mismatch {
            message: format!(
                "both folders are {}: give last year's folder first and this year's second",
                now.folder.display()
            ),
            swap: false,
        });
    }
    if normalise(&then.council) != normalise(&now.council) {
        return Err(Mismatch {
            message: format!(
                "these folders are for different councils: {} says \"{}\" and {} says \"{}\" (council.toml, `council`)",
                then.folder.display(),
                then.council,
                now.folder.display(),
                now.council
            ),
            swap: false,
        });
    }
    if then.period.start == now.period.start {
        return Err(Mismatch {
            message: format!(
                "both folders cover {}: a comparison needs two different years",
                years(now)
            ),
            swap: false,
        });
    }
    if then.period.start > now.period.start {
        return Err(Mismatch {
            message: format!(
                "{} covers {}, which is after {} ({}): the earlier year comes first",
                then.folder.display(),
                years(then),
                now.folder.display(),
                years(now)
            ),
            swap: true,
        });
    }
    Ok(())
}
