//! `selfeval init DIR`: a starter evidence folder listing every descriptor
//! (with what good looks like, as comments) and every indicator, so a council
//! fills in blanks rather than learning a file format from nothing.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::date::Date;
use crate::error::Error;
use crate::load::FrameworkRef;
use crate::model::evidence::{OVERALL_EFFECTIVENESS, findings_file};
use crate::model::framework::{Choice, Framework};
use crate::model::published::{Area, Cell, Found, Published, period_year, year_label};
use crate::output;
use crate::pipeline::Pipeline;

pub fn run(
    pipeline: &Pipeline,
    dir: &Path,
    framework_arg: &str,
    (council, la_code): (Option<&str>, Option<&str>),
    year_ending: Option<i32>,
) -> Result<(), Error> {
    let published = pipeline.published()?;
    let authority = match (la_code, council) {
        (Some(code), _) if code.eq_ignore_ascii_case("none") => None,
        (Some(code), _) => match published.find(code) {
            Found::One(area) if area.has_code(code) => {
                Some(area)
            }
            _ => {
                return Err(Error::Usage(format!(
                    "no local authority in DfE's figures has the code `{code}`; `selfeval figures NAME` shows an authority's codes"
                )));
            }
        },
        (None, Some(name)) => match published.find(name) {
            // Only a name that is not an authority's at all goes ahead without one.
            Found::None(near) if near.is_empty() => None,
            _ => Some(crate::pipeline::authority(published, name).map_err(|e| {
                Error::Usage(format!(
                    "{e}\n  hint: give the code with --la-code, or --la-code none for a council DfE publishes no figures for"
                ))
            })?),
        },
        (None, None) => None,
    };
    let reference = FrameworkRef::parse(framework_arg, Path::new(""));
    let (framework, diags) = pipeline.framework(&reference);
    let Some(fw) = framework else {
        return Err(Error::Usage(format!(
            "cannot use framework `{framework_arg}`:\n{}",
            diags.render().trim_end()
        )));
    };
    let year = year_ending.unwrap_or_else(|| {
        let today = pipeline.world().today();
        if today.month >= 4 { today.year } else { today.year - 1 }
    });

    let framework_value = match &reference {
        FrameworkRef::BuiltIn(id) => id.clone(),
        FrameworkRef::File(path) => relative_to(dir, path)?,
    };
    let mut files: Vec<(PathBuf, String)> = vec![(
        PathBuf::from("council.toml"),
        council_toml(&fw, &framework_value, council, authority, year),
    )];
    for j in &fw.judgements {
        files.push((findings_file(&j.id), findings_toml(&fw, &j.id, year)));
    }
    let end = Date::new(year, 3, 31).ok_or_else(|| Error::Usage(format!("{year} is not a year")))?;
    files.push((
        PathBuf::from("indicators.toml"),
        indicators_toml(&fw, authority.map(|a| (published, a, end))),
    ));
    files.push((PathBuf::from("actions.toml"), actions_toml(&fw, year)));

    let existing: Vec<String> = files
        .iter()
        .map(|(p, _)| dir.join(p))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "not starting a folder in `{}`: {} already exist{} and init never overwrites\n  hint: choose a new folder, or check the existing one with `selfeval check {}`",
            dir.display(),
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" },
            dir.display()
        )));
    }
    for (relative, text) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            output::create_dir(parent)
                .map_err(|e| Error::Write(format!("cannot create folder `{}`: {e}", parent.display())))?;
        }
        output::create_new(&path, text)?;
    }
    println!("Started an evidence folder for {} in {}:", fw.id, dir.display());
    for (relative, _) in &files {
        println!("  {}", relative.display());
    }
    println!(
        "{} descriptors and {} indicators are listed, ready to fill in (the format: docs/evidence-format.md).",
        fw.descriptors.len(),
        fw.indicators.len(),
    );
    match (authority, council) {
        (Some(a), _) => println!(
            "Found {} in DfE's figures: council.toml gives its `la_code`, and indicators.toml holds its published figures where DfE has them, each marked as DfE's; replace any with a more recent local figure.",
            a.label()
        ),
        (None, Some(name)) if la_code.is_none() => println!(
            "No English local authority in DfE's figures is called {name}, so nothing is filled in from them: add `la_code` to council.toml (or `comparators_of`, to borrow an authority's region and neighbours)."
        ),
        (None, _) => {}
    }
    println!("Next: `selfeval check {}` lists what is still to do.", dir.display());
    Ok(())
}

/// A framework file named on the command line, as a path from the new folder.
fn relative_to(dir: &Path, file: &Path) -> Result<String, Error> {
    let file = file
        .canonicalize()
        .map_err(|e| Error::Usage(format!("cannot find `{}`: {e}", file.display())))?;
    let cwd = std::env::current_dir().map_err(|e| Error::Usage(e.to_string()))?;
    let dir = lexical_absolute(&cwd.join(dir));
    let (from, to): (Vec<Component>, Vec<Component>) = (dir.components().collect(), file.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    Ok(out.to_string_lossy().replace('\\', "/"))
}

fn lexical_absolute(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A TOML string literal, escaped, for text the user gave us.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Wraps prose into `# ` comment lines of at most 78 characters.
fn comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > 78 && line.len() > 1 {
            let _ = writeln!(out, "{line}");
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    let _ = writeln!(out, "{line}");
}

fn council_toml(
    fw: &Framework,
    framework_value: &str,
    council: Option<&str>,
    authority: Option<&Area>,
    year: i32,
) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        "The council's self-evaluation evidence for one year. Each file in this folder is TOML: `key = value`, `#` starts a comment. The format is described in docs/evidence-format.md; `selfeval check` on this folder lists what is missing or wrong.",
    );
    out.push('\n');
    let _ = writeln!(out, "council = {}", quoted(council.unwrap_or("")));
    match authority {
        Some(a) => {
            let _ = writeln!(out, "la_code = {}", quoted(&a.key));
            comment(
                &mut out,
                &format!(
                    "{}, as DfE publishes it: your figures are set against its region and statistical neighbours.",
                    a.label()
                ),
            );
        }
        None => out.push_str(
            "# la_code = \"\"\n# Your authority's DfE code (e.g. \"370\") or ONS code, to set your figures against DfE's for your region and statistical neighbours.\n",
        ),
    }
    let _ = writeln!(out, "framework = {}", quoted(framework_value));
    comment(&mut out, &format!("{}, in force {}.", fw.title, fw.in_force()));
    out.push_str("prepared_by = \"\"\n");
    out.push_str("# The team or role that prepared the self-evaluation, e.g. \"Quality Assurance Service\".\n");
    out.push_str("marking = \"OFFICIAL-SENSITIVE\"\n");
    out.push_str("# The protective marking printed on every page.\n");
    let _ = writeln!(out, "# prepared_on = {year}-05-31");
    out.push_str("# The document's date; without it, the end of the period is used.\n");
    let _ = writeln!(out, "# previous = \"../{}\"", year - 1);
    out.push_str("# Last year's evidence folder, relative to this one, for year-on-year comparison.\n\n");
    out.push_str("[period]\n# The year the evidence covers.\n");
    let _ = writeln!(out, "start = {}-04-01\nend = {year}-03-31\n", year - 1);
    out.push_str("# Your most recent graded inspection (remove the # signs to use it):\n");
    out.push_str("# [last_inspection]\n# date = 2023-02-10\n# [last_inspection.grades]\n");
    for j in &fw.judgements {
        let _ = writeln!(
            out,
            "# {} = \"{}\"",
            j.id,
            fw.grades.get(1).map_or("", |g| g.label.as_str())
        );
    }
    if fw.overall_effectiveness {
        let _ = writeln!(
            out,
            "# {OVERALL_EFFECTIVENESS} = \"{}\"",
            fw.grades.get(1).map_or("", |g| g.label.as_str())
        );
    }
    out.push('\n');
    comment(
        &mut out,
        "The executive summary that opens your self-evaluation, in your own words: where practice is now and how you know (a paragraph or two), your strengths and your priorities for the next 12 months (one sentence each, as the difference to children).",
    );
    out.push_str(
        "[executive_summary]\nwhere_we_are = \"\"\"\n\"\"\"\nstrengths = [\n  \"\",\n]\npriorities = [\n  \"\",\n]\n",
    );
    out
}

fn findings_toml(fw: &Framework, judgement: &str, year: i32) -> String {
    let mut out = String::new();
    let title = fw.judgement(judgement).map_or(judgement, |j| j.title.as_str());
    let _ = writeln!(out, "# {title}\n#");
    comment(
        &mut out,
        &format!(
            "One [[finding]] per descriptor: what you know about the quality and impact of practice (summary), the difference it makes to children (impact), your own rating ({}) and how you know it: one [[finding.source]] per piece of evidence.",
            fw.ratings.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
        ),
    );
    comment(
        &mut out,
        &format!(
            "Source kinds: {}.",
            fw.source_kinds
                .iter()
                .map(|k| k.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    out.push('\n');
    comment(
        &mut out,
        &format!(
            "Your own evaluation of this judgement: the grade you give yourselves ({}) and, in a short paragraph, how good practice is for these children and how you know.",
            fw.grades
                .iter()
                .map(|g| g.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    out.push_str("[evaluation]\ngrade = \"\"\noverview = \"\"\"\n\"\"\"\n");
    // The dashboard's figures, the council's choice: its indicators listed
    // to pick from, commented out until it chooses.
    let ids: Vec<&str> = fw
        .indicators
        .iter()
        .filter(|i| fw.descriptor(&i.descriptor).is_some_and(|d| d.judgement == judgement))
        .map(|i| i.id.as_str())
        .collect();
    if !ids.is_empty() {
        comment(
            &mut out,
            &format!(
                "Two or three figures for the summary's dashboard, from this judgement's indicators: {}.",
                ids.join(", ")
            ),
        );
        let _ = writeln!(
            out,
            "# key_indicators = [{}]",
            ids.iter().take(2).map(|i| quoted(i)).collect::<Vec<_>>().join(", ")
        );
    }
    for d in fw.descriptors_of(judgement) {
        let _ = writeln!(out, "\n# {}\n# {}: {}\n#", "-".repeat(76), d.id, d.title);
        comment(&mut out, &format!("What good looks like: {}", d.good.trim()));
        out.push_str("#\n");
        comment(&mut out, &format!("A serious weakness: {}", d.weakness.trim()));
        let _ = writeln!(out, "[[finding]]\ndescriptor = {}\nrating = \"\"", quoted(&d.id));
        out.push_str("summary = \"\"\"\n\"\"\"\nimpact = \"\"\"\n\"\"\"\n");
        let _ = writeln!(
            out,
            "# [[finding.source]]\n# kind = \"case-audit\"\n# title = \"\"\n# date = {year}-01-31\n# showed = \"\""
        );
    }
    out
}

/// Every indicator; where the council is an authority DfE publishes, its
/// figures for the year the period is compared with and the one before,
/// each marked as DfE's, a suppressed one left out with its reason.
fn indicators_toml(fw: &Framework, filled: Option<(&Published, &Area, Date)>) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        "Indicators: one [[indicator]] per figure. Remove the # before `value` and give this period's figure in the unit shown; `previous` is last period's figure and `target` your local target. Percentages are numbers from 0 to 100. A figure you do not have stays commented out: it is reported as missing, never as zero.",
    );
    for i in &fw.indicators {
        let _ = writeln!(out, "\n# {}\n# {}: {}", "-".repeat(76), i.id, i.title);
        if !i.definition.trim().is_empty() {
            comment(&mut out, i.definition.trim());
        }
        let england = match &i.comparator {
            Some(c) => format!(
                "{} {}: {} ({})",
                fw.comparator_area,
                i.unit.format(c.value),
                c.period,
                i.period_type.describe()
            ),
            None => format!("no national figure; {}", i.period_type.describe()),
        };
        let descriptor = fw
            .descriptor(&i.descriptor)
            .map_or(String::new(), |d| format!("; informs {} ({})", d.id, d.title));
        comment(
            &mut out,
            &format!(
                "Unit: {}; {}. {england}{descriptor}.",
                i.unit.id(),
                i.polarity.describe()
            ),
        );
        let _ = writeln!(out, "[[indicator]]\nid = {}", quoted(&i.id));
        let year = filled.and_then(|(p, _, end)| p.year_for(&i.id, i.period_type, end));
        match (filled, year) {
            (Some((published, area, end)), Some((year, older))) => {
                let own_year = period_year(i.period_type, end);
                let figure = |year: u16| published.cell(&i.id, &area.key, year);
                let why = match (own_year, older) {
                    (Some(own), true) => format!(
                        " (the latest published; replace it with your own figure for {})",
                        year_label(i.period_type, own)
                    ),
                    (None, true) => " (the latest published; replace it with your own figure)".to_string(),
                    (_, false) => String::new(),
                };
                // With the council's own figure for its period in `value`, last
                // year's is DfE's latest: said beside the year before it.
                let then = match (older && own_year == Some(year + 1), figure(year)) {
                    (true, Some(Cell::Value(v))) => format!(
                        " (with your own figure in `value`, give {}'s here: {v})",
                        year_label(i.period_type, year)
                    ),
                    _ => String::new(),
                };
                let value = figure(year);
                let why = if matches!(value, Some(Cell::Value(_))) {
                    why
                } else {
                    String::new()
                };
                write_figure(&mut out, "value", value, &year_label(i.period_type, year), &why);
                write_figure(
                    &mut out,
                    "previous",
                    figure(year - 1),
                    &year_label(i.period_type, year - 1),
                    &then,
                );
            }
            _ => out.push_str("# value =\n# previous =\n"),
        }
        out.push_str("# target =\n");
    }
    out
}

/// One line of a figure DfE published: the figure, marked as DfE's; a
/// suppressed one commented out with DfE's reason; none, commented out.
fn write_figure(out: &mut String, field: &str, cell: Option<Cell>, label: &str, note: &str) {
    let _ = match cell {
        Some(Cell::Value(v)) => writeln!(out, "{field} = {v}  # DfE published figure, {label}{note}"),
        Some(Cell::Suppressed(s)) => writeln!(out, "# {field} =  # DfE: {label}, {}{note}", s.meaning()),
        None if note.is_empty() => writeln!(out, "# {field} ="),
        None => writeln!(out, "# {field} =  #{note}"),
    };
}

fn actions_toml(fw: &Framework, year: i32) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        "The improvement plan: what you will do in the next 12 months. One [[action]] per line of the plan. Keep an action's id from year to year when it carries forward, so progress can be compared.",
    );
    out.push_str("#\n# status: not-started | in-progress | achieved | partially-achieved | dropped\n");
    out.push_str("# origin: self-evaluation | inspection | focused-visit | audit | peer-challenge | practice-review | other\n#\n");
    let example = fw.descriptors.first().map_or("", |d| d.id.as_str());
    let _ = writeln!(
        out,
        "# [[action]]\n# id = \"A{}-01\"\n# descriptors = [\"{example}\"]",
        year % 100
    );
    out.push_str("# action = \"What will be done, and the difference it should make for children.\"\n");
    let _ = writeln!(
        out,
        "# owner = \"Head of Service\"\n# due = {}-03-31\n# status = \"not-started\"\n# origin = \"self-evaluation\"",
        year + 1
    );
    out
}
