//! `selfeval figures COUNCIL`: a council's published indicators.

use crate::cli::FiguresFormat;
use crate::error::Error;
use crate::pipeline::Pipeline;

pub fn run(_pipeline: &Pipeline, _council: &str, _year: Option<u16>, _format: FiguresFormat) -> Result<(), Error> {
    Err(Error::Usage("not yet".into()))
}
