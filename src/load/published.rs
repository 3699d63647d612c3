//! DfE's published figures: the built-in `frameworks/published.tsv` that
//! every command sets a council against, and, for `selfeval published
//! build`, the recipe (`frameworks/published.toml`) and the statistics
//! files it is built from, read by their header names (DfE's files put
//! their columns in different orders, and some begin with a byte-order mark).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use super::source::{Within, read_text};
use crate::diag::{Diagnostics, SourceFile};
use crate::error::{Error, plain};
use crate::model::framework::Choice;
use crate::model::published::{Area, AreaKind, Cell, Published, Recipe, Series, Table};

const BUILT_IN: &str = include_str!("../../frameworks/published.tsv");
const RECIPE: &str = include_str!("../../frameworks/published.toml");

/// The built-in figures, read once however often they are asked for.
pub fn published() -> Result<&'static Published, Error> {
    static READ: OnceLock<Result<Published, String>> = OnceLock::new();
    READ.get_or_init(|| parse(BUILT_IN)).as_ref().map_err(|problem| {
        Error::Internal(format!(
            "the built-in published figures (frameworks/published.tsv) are broken (please report this): {problem}"
        ))
    })
}

/// The file, its cells checked only for their number: each is read when
/// it is asked for (`Series::cell`), and checked whole by `check_cells`.
pub fn parse(text: &'static str) -> Result<Published, String> {
    let mut published = Published::default();
    for (n, line) in text.lines().enumerate() {
        let at = |what: String| format!("line {}: {what}", n + 1);
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let kind = line.split_once('\t').map_or(line, |(kind, _)| kind);
        // Only the few area lines are cut up here; a figure line is cut
        // when a cell of it is asked for.
        let cells: Vec<&str> = if kind == "figure" {
            Vec::new()
        } else {
            line.split('\t').collect()
        };
        match kind {
            "years" => {
                published.years = cells[1..]
                    .iter()
                    .map(|y| y.parse().map_err(|_| at(format!("`{y}` is not a year"))))
                    .collect::<Result<_, _>>()?;
            }
            "area" if cells.len() == 7 => published.areas.push(Area {
                kind: AreaKind::from_text(cells[1]).ok_or_else(|| at(format!("no kind of area `{}`", cells[1])))?,
                key: cells[2].to_string(),
                codes: list(cells[3]),
                name: cells[4].to_string(),
                region: Some(cells[5].to_string()).filter(|r| !r.is_empty()),
                neighbours: list(cells[6]),
            }),
            "figure" => {
                let mut parts = line.splitn(4, '\t').skip(1);
                let (Some(indicator), Some(area), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(at("a `figure` line without its cells".to_string()));
                };
                if rest.bytes().filter(|b| *b == b'\t').count() + 1 != published.years.len() {
                    return Err(at(format!(
                        "a `figure` line without a cell for each of {} years",
                        published.years.len()
                    )));
                }
                published.series.push(Series {
                    indicator,
                    area,
                    cells: rest,
                });
            }
            other => return Err(at(format!("a `{other}` line with {} cells", cells.len()))),
        }
    }
    if !published
        .series
        .is_sorted_by(|a, b| (&a.indicator, &a.area) < (&b.indicator, &b.area))
    {
        return Err("the figures are not in order of indicator and area".to_string());
    }
    Ok(published)
}

fn list(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Every cell of the file, as `Series::cell` reads it: empty, a number or
/// one of DfE's codes.
pub fn check_cells(text: &str) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("figure\t") {
            for c in rest.split('\t').skip(2) {
                Cell::read(c).map_err(|e| format!("line {}: {e}", n + 1))?;
            }
        }
    }
    Ok(())
}

/// The built-in recipe; a problem in it is selfeval's.
pub fn recipe() -> Result<Recipe, Error> {
    let mut diags = Diagnostics::default();
    let source = SourceFile::new("frameworks/published.toml", RECIPE);
    super::toml::parse::<Recipe>(&source, &mut diags).ok_or_else(|| {
        Error::Internal(format!(
            "the built-in recipe for the published figures is broken (please report this):\n{}",
            diags.render()
        ))
    })
}

/// Each file the recipe names, from `dir`.
pub fn tables(dir: &Path, recipe: &Recipe) -> Result<BTreeMap<String, Table>, Error> {
    let mut names: Vec<&str> = recipe.series.iter().map(|s| s.file.as_str()).collect();
    names.push(&recipe.population.file);
    names.push(&recipe.neighbours);
    names.sort_unstable();
    names.dedup();
    let mut tables = BTreeMap::new();
    for name in names {
        let path = dir.join(name);
        let text = read_text(&path, Within::Anywhere).map_err(|e| {
            Error::Usage(format!(
                "cannot read {}: {} (give the folder of DfE's statistics files, e.g. ../shared/data/dfe)",
                path.display(),
                plain(&e)
            ))
        })?;
        let table = csv(name, &text).map_err(|problem| Error::Usage(format!("{}: {problem}", path.display())))?;
        tables.insert(name.to_string(), table);
    }
    Ok(tables)
}

/// A CSV file as DfE writes it: comma-separated, fields in double quotes
/// where they hold a comma or a quote (doubled), lines ending LF or CRLF.
pub fn csv(name: &str, text: &str) -> Result<Table, String> {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut record = Vec::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
            }
            ('\n', true) => {
                line += 1;
                field.push(c);
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {start}: a quoted field is never closed"));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    let mut records = records.into_iter();
    let (_, header) = records.next().ok_or("the file is empty")?;
    let rows: Vec<(usize, Vec<String>)> = records.filter(|(_, r)| r.iter().any(|f| !f.is_empty())).collect();
    if let Some((line, row)) = rows.iter().find(|(_, r)| r.len() != header.len()) {
        return Err(format!(
            "line {line} has {} fields where the header has {}",
            row.len(),
            header.len()
        ));
    }
    Ok(Table {
        name: name.to_string(),
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_field_may_hold_commas_quotes_and_line_breaks() {
        let t = csv(
            "t.csv",
            "a,b,c\r\n1,\"Bristol, City of\",\"say \"\"hi\"\"\"\n2,,\"x\ny\"\n",
        )
        .unwrap();
        assert_eq!(t.header, ["a", "b", "c"]);
        assert_eq!(
            t.rows[0],
            (2, vec!["1".into(), "Bristol, City of".into(), "say \"hi\"".into()])
        );
        assert_eq!(t.rows[1], (3, vec!["2".into(), String::new(), "x\ny".into()]));
        assert!(csv("t.csv", "a,b\n1\n").unwrap_err().contains("line 2 has 1 fields"));
    }

    #[test]
    fn the_built_in_figures_read_every_cell_a_number_or_a_code() {
        check_cells(BUILT_IN).unwrap();
        let p = published().unwrap();
        assert!(p.years.contains(&2025));
        assert!(p.england().is_some());
    }
}
