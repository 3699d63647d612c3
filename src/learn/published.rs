//! `frameworks/published.tsv`, built from DfE's statistics files by the
//! recipe in `frameworks/published.toml`: every area (England, each region,
//! each authority under its DfE code, with every ONS code it has had, its
//! region and its statistical neighbours) and, for each indicator and area,
//! a cell per year. Everything is sorted and numbers are written as DfE
//! wrote them (or to the recipe's decimals where worked out), so the same
//! files give the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::framework::Choice;
use crate::model::published::{ATTRIBUTION, AreaKind, Ingredient, Measure, Recipe, Suppression, Table};

/// A cell while it is built: DfE's text (a number or a code).
type Cells = BTreeMap<(String, u16), String>;

/// Where a row is about, and when.
struct Place<'a> {
    kind: AreaKind,
    /// England's or a region's ONS code, an authority's DfE code.
    key: &'a String,
    year: u16,
}

/// The columns that say where and when a table's rows are about, found
/// once per table: every file names them, in its own order.
struct Where {
    year: usize,
    level: usize,
    country: usize,
    region: Option<usize>,
    authority: Option<usize>,
}

impl Where {
    fn of(t: &Table) -> Result<Where, String> {
        Ok(Where {
            year: t.column("time_period")?,
            level: t.column("geographic_level")?,
            country: t.column("country_code")?,
            region: t.column("region_code").ok(),
            authority: t.column("old_la_code").ok(),
        })
    }

    /// `None` for a row of any other level than England, a region or an
    /// authority.
    fn place<'a>(&self, t: &Table, line: usize, row: &'a [String]) -> Result<Option<Place<'a>>, String> {
        let year = parse_year(&row[self.year])
            .ok_or_else(|| format!("{} line {line}: `{}` is not a year", t.name, row[self.year]))?;
        let (kind, column) = match row[self.level].as_str() {
            "National" => (AreaKind::England, Some(self.country)),
            "Regional" => (AreaKind::Region, self.region),
            "Local authority" => (AreaKind::Authority, self.authority),
            _ => return Ok(None),
        };
        let key = &row
            [column.ok_or_else(|| format!("{} has {} rows but no code column for them", t.name, row[self.level]))?];
        if key.is_empty() {
            return Err(format!(
                "{} line {line}: a {} row with no code",
                t.name, row[self.level]
            ));
        }
        Ok(Some(Place { kind, key, year }))
    }
}

pub fn build(recipe: &Recipe, tables: &BTreeMap<String, Table>) -> Result<String, String> {
    let table = |name: &str| tables.get(name).ok_or_else(|| format!("{name} was not read"));
    let mut areas: BTreeMap<String, AreaRow> = BTreeMap::new();
    for t in tables.values().filter(|t| t.name != recipe.neighbours) {
        collect_areas(t, &mut areas)?;
    }
    neighbours(table(&recipe.neighbours)?, &mut areas)?;
    let population = {
        let t = table(&recipe.population.file)?;
        values(t, &recipe.population.filter, &recipe.population.value, false)?
    };

    let mut figures: BTreeMap<(String, String), BTreeMap<u16, String>> = BTreeMap::new();
    for ingredient in &recipe.series {
        let t = table(&ingredient.file)?;
        let cells = series(ingredient, t, &population).map_err(|e| format!("{}: {e}", ingredient.indicator))?;
        for ((area, year), text) in cells {
            figures
                .entry((ingredient.indicator.clone(), area))
                .or_default()
                .insert(year, text);
        }
    }
    let years: BTreeSet<u16> = figures.values().flat_map(|by| by.keys().copied()).collect();

    let mut out = String::new();
    out.push_str("# DfE's published figures for every authority, region and England, by year: what selfeval\n");
    out.push_str("# sets a council's indicators against. Built by `selfeval published build DIR` from DfE's\n");
    out.push_str("# official statistics (Explore Education Statistics CSV files) by frameworks/published.toml;\n");
    out.push_str("# do not edit by hand. A year is the year to (or at) 31 March, or 30 September for the\n");
    out.push_str("# workforce. Empty: not published; c, k, low, u, x, z: DfE's suppression codes.\n");
    out.push_str(&format!("# {ATTRIBUTION}\n"));
    out.push_str("# area: kind, key (DfE code for an authority), ONS codes latest first, name, region, neighbours\n");
    out.push_str("years");
    for y in &years {
        out.push_str(&format!("\t{y}"));
    }
    out.push('\n');
    let order = |k: AreaKind| match k {
        AreaKind::England => 0,
        AreaKind::Region => 1,
        AreaKind::Authority => 2,
    };
    let mut sorted: Vec<&AreaRow> = areas.values().collect();
    sorted.sort_by(|a, b| (order(a.kind), &a.key).cmp(&(order(b.kind), &b.key)));
    for a in sorted {
        let mut codes: Vec<(&u16, &String)> = a.codes.iter().map(|(c, y)| (y, c)).collect();
        codes.sort_by(|x, y| y.0.cmp(x.0).then(x.1.cmp(y.1)));
        out.push_str(&format!(
            "area\t{}\t{}\t{}\t{}\t{}\t{}\n",
            a.kind.id(),
            a.key,
            codes.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>().join(","),
            a.name.1,
            a.region.as_ref().map_or("", |r| r.1.as_str()),
            a.neighbours.join(",")
        ));
    }
    for ((indicator, area), by) in &figures {
        if !areas.contains_key(area) {
            return Err(format!("{indicator}: figures for `{area}`, which no file names"));
        }
        out.push_str(&format!("figure\t{indicator}\t{area}"));
        for y in &years {
            out.push('\t');
            out.push_str(by.get(y).map_or("", String::as_str));
        }
        out.push('\n');
    }
    Ok(out)
}

struct AreaRow {
    kind: AreaKind,
    key: String,
    /// (latest year, name): the name an authority goes by now.
    name: (u16, String),
    region: Option<(u16, String)>,
    /// Each ONS code and the latest year it was used.
    codes: BTreeMap<String, u16>,
    neighbours: Vec<String>,
}

fn collect_areas(t: &Table, areas: &mut BTreeMap<String, AreaRow>) -> Result<(), String> {
    let at = Where::of(t)?;
    let name_of = |kind: AreaKind| match kind {
        AreaKind::England => t.column("country_name"),
        AreaKind::Region => t.column("region_name"),
        AreaKind::Authority => t.column("la_name"),
    };
    let (new, region) = (t.column("new_la_code").ok(), at.region);
    for (line, row) in &t.rows {
        let Some(Place { kind, key, year: y }) = at.place(t, *line, row)? else {
            continue;
        };
        let name = &row[name_of(kind)?];
        let get = |c: Option<usize>| c.map_or("", |c| row[c].as_str());
        let (code, in_region) = match kind {
            AreaKind::Authority => (get(new), get(region)),
            AreaKind::England | AreaKind::Region => ("", ""),
        };
        let area = areas.entry(key.clone()).or_insert_with(|| AreaRow {
            kind,
            key: key.clone(),
            name: (y, name.clone()),
            region: None,
            codes: BTreeMap::new(),
            neighbours: Vec::new(),
        });
        if (y, name) > (area.name.0, &area.name.1) {
            area.name = (y, name.clone());
        }
        if !in_region.is_empty()
            && area
                .region
                .as_ref()
                .is_none_or(|(ry, r)| (y, in_region) > (*ry, r.as_str()))
        {
            area.region = Some((y, in_region.to_string()));
        }
        if !code.is_empty() {
            let seen = area.codes.entry(code.to_string()).or_insert(y);
            *seen = (*seen).max(y);
        }
    }
    Ok(())
}

/// Each authority's statistical neighbours: `SN_1` to `SN_10`, by DfE code.
fn neighbours(t: &Table, areas: &mut BTreeMap<String, AreaRow>) -> Result<(), String> {
    let code = t.column("old_la_code")?;
    let columns: Vec<usize> = (1..=10)
        .map(|i| t.column(&format!("SN_{i}")))
        .collect::<Result<_, _>>()?;
    for (line, row) in &t.rows {
        let Some(area) = areas.get_mut(&row[code]) else {
            return Err(format!(
                "{} line {line}: authority `{}` is in no statistics file",
                t.name, row[code]
            ));
        };
        area.neighbours = columns
            .iter()
            .map(|c| row[*c].trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
    }
    Ok(())
}

fn parse_year(text: &str) -> Option<u16> {
    text.parse().ok().filter(|y| (1990..2100).contains(y))
}

/// One column's cells in the rows matching `filter`, by area and year;
/// two rows for the same area and year mean the filter is not enough.
fn values(t: &Table, filter: &BTreeMap<String, String>, value: &str, years_months: bool) -> Result<Cells, String> {
    let filters: Vec<(usize, &String)> = filter
        .iter()
        .map(|(c, v)| Ok((t.column(c)?, v)))
        .collect::<Result<_, String>>()?;
    let column = t.column(value)?;
    let at = Where::of(t)?;
    let mut cells = Cells::new();
    for (line, row) in &t.rows {
        if !filters.iter().all(|(c, v)| row[*c] == **v) {
            continue;
        }
        let Some(place) = at.place(t, *line, row)? else {
            continue;
        };
        let text =
            number(&row[column], years_months).map_err(|e| format!("{} line {line}, column {value}: {e}", t.name))?;
        if cells.insert((place.key.clone(), place.year), text).is_some() {
            return Err(format!(
                "{} line {line}: a second row for {} in {} (the recipe's `where` must pick one row)",
                t.name, place.key, place.year
            ));
        }
    }
    Ok(cells)
}

/// A published cell as the built file writes it: a number as DfE wrote
/// it, or its code; "02:03" (years:months) as 27 where asked.
fn number(text: &str, years_months: bool) -> Result<String, String> {
    let text = text.trim();
    if Suppression::code(text).is_some() {
        return Ok(text.to_string());
    }
    if years_months
        && let Some((y, m)) = text.split_once(':')
        && let (Ok(y), Ok(m)) = (y.parse::<u32>(), m.parse::<u32>())
    {
        return Ok((y * 12 + m).to_string());
    }
    let plain = !text.is_empty()
        && text.trim_start_matches('-').split('.').count() <= 2
        && text
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && text.trim_start_matches('-').chars().any(|c| c.is_ascii_digit());
    if plain {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is neither a number nor one of DfE's codes (c, k, low, u, x, z)"
        ))
    }
}

fn series(ingredient: &Ingredient, t: &Table, population: &Cells) -> Result<Cells, String> {
    let need = |field: &Option<String>, name: &str| {
        field
            .clone()
            .ok_or_else(|| format!("a `{:?}` measure needs `{name}`", ingredient.measure))
    };
    match ingredient.measure {
        Measure::Value => values(
            t,
            &ingredient.filter,
            &need(&ingredient.value, "value")?,
            ingredient.years_months,
        ),
        Measure::Rate => {
            let counts = values(t, &ingredient.filter, &need(&ingredient.count, "count")?, false)?;
            let decimals = ingredient.decimals.unwrap_or(0);
            Ok(counts
                .into_iter()
                .filter_map(|((area, year), count)| {
                    // Children at 31 March, per 10,000 children in the mid-year estimate before it.
                    let people = population.get(&(area.clone(), year - 1))?;
                    Some(((area, year), worked_out(&[&count], &[people], 10_000.0, decimals)))
                })
                .collect())
        }
        Measure::Share => {
            let by = need(&ingredient.by, "by")?;
            let whole = need(&ingredient.whole, "whole")?;
            let count = need(&ingredient.count, "count")?;
            let of = |value: &str| {
                let mut filter = ingredient.filter.clone();
                filter.insert(by.clone(), value.to_string());
                values(t, &filter, &count, false)
            };
            let wholes = of(&whole)?;
            let parts: Vec<Cells> = ingredient.part.iter().map(|p| of(p)).collect::<Result<_, _>>()?;
            let decimals = ingredient.decimals.unwrap_or(0);
            Ok(wholes
                .into_iter()
                .map(|(at, total)| {
                    let these: Vec<&String> = parts.iter().filter_map(|p| p.get(&at)).collect();
                    let cell = if these.len() == parts.len() {
                        worked_out(&these, &[&total], 100.0, decimals)
                    } else {
                        Suppression::NotAvailable.id().to_string()
                    };
                    (at, cell)
                })
                .collect())
        }
    }
}

/// `scale` × the sum of `top` over the product of `bottom`, or the first
/// code among them where any is suppressed: a figure made from a
/// suppressed one is suppressed too.
fn worked_out(top: &[&String], bottom: &[&String], scale: f64, decimals: usize) -> String {
    if let Some(code) = top.iter().chain(bottom).find(|t| t.parse::<f64>().is_err()) {
        return code.to_string();
    }
    let sum: f64 = top.iter().map(|t| t.parse::<f64>().unwrap_or(0.0)).sum();
    let under: f64 = bottom.iter().map(|t| t.parse::<f64>().unwrap_or(0.0)).product();
    if under == 0.0 {
        return Suppression::NotApplicable.id().to_string();
    }
    format!("{:.*}", decimals, sum / under * scale)
}
