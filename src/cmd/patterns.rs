//! `selfeval patterns [ID]`: the inspection pattern library, with the
//! reports each pattern was seen in, so a council can see what it is being
//! measured against.

use crate::diag::did_you_mean;
use crate::error::Error;
use crate::load::{DEFAULT_FRAMEWORK, FrameworkRef};
use crate::pipeline::Pipeline;
use crate::report::listing;

pub fn run(pipeline: &Pipeline, id: Option<&str>) -> Result<(), Error> {
    let (framework, diags) = pipeline.framework(&FrameworkRef::BuiltIn(DEFAULT_FRAMEWORK.into()));
    let framework =
        framework.ok_or_else(|| Error::Internal(format!("the built-in framework is broken:\n{}", diags.render())))?;
    let library = pipeline.library()?.patterns;
    match id {
        None => print!("{}", listing::patterns(&library, &framework)),
        Some(id) => match library.iter().find(|p| p.id == id) {
            Some(p) => print!("{}", listing::pattern(p, &framework)),
            None => {
                let hint = did_you_mean(id, library.iter().map(|p| p.id.as_str()))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| "; `selfeval patterns` lists them".into());
                return Err(Error::Usage(format!("there is no pattern `{id}`{hint}")));
            }
        },
    }
    Ok(())
}
