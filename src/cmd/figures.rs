//! `selfeval figures COUNCIL`: an authority's published indicators against
//! its region, neighbours and England, as a table, CSV or JSON.

use crate::cli::FiguresFormat;
use crate::error::Error;
use crate::pipeline::Pipeline;
use crate::report::figures;

pub fn run(pipeline: &Pipeline, council: &str, year: Option<u16>, format: FiguresFormat) -> Result<(), Error> {
    let found = pipeline.figures(council, year)?;
    let text = match format {
        FiguresFormat::Text => figures::text(&found),
        FiguresFormat::Csv => figures::csv(&found),
        FiguresFormat::Json => serde_json::to_string_pretty(&found)
            .map(|json| json + "\n")
            .map_err(|e| Error::Internal(format!("could not write the figures as JSON: {e}")))?,
    };
    super::save(std::path::Path::new("-"), text.as_bytes())
}
