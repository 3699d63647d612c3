//! `selfeval frameworks [ID]`: what frameworks there are, and what is in one.

use std::path::Path;

use crate::error::Error;
use crate::load::{BUILT_IN, DEFAULT_FRAMEWORK, FrameworkRef};
use crate::pipeline::Pipeline;
use crate::report::listing;

pub fn run(pipeline: &Pipeline, id: Option<&str>) -> Result<(), Error> {
    let Some(id) = id else {
        print!(
            "{}",
            listing::frameworks(&pipeline.built_in_frameworks()?, DEFAULT_FRAMEWORK)
        );
        return Ok(());
    };
    let reference = FrameworkRef::parse(id, Path::new(""));
    let (framework, diags) = pipeline.framework(&reference);
    match (&reference, framework) {
        (FrameworkRef::BuiltIn(_), Some(fw)) => {
            print!("{}", listing::framework(&fw));
            Ok(())
        }
        // A council's own framework file is checked as it is shown.
        (FrameworkRef::File(_), Some(fw)) => {
            super::tell(&diags.render());
            print!("{}", listing::framework(&fw));
            Ok(())
        }
        (FrameworkRef::File(_), None) => {
            super::tell(&diags.render());
            Err(Error::Files(format!("{id}: {}\n", diags.summary())))
        }
        (FrameworkRef::BuiltIn(_), None) if BUILT_IN.iter().any(|(b, _, _)| *b == id) => Err(Error::Internal(format!(
            "the built-in framework `{id}` is broken (please report this):\n{}",
            diags.render()
        ))),
        (FrameworkRef::BuiltIn(_), None) => Err(Error::Usage(format!(
            "there is no built-in framework `{id}`; the built-in frameworks are {}",
            BUILT_IN.iter().map(|(b, _, _)| *b).collect::<Vec<_>>().join(", ")
        ))),
    }
}
