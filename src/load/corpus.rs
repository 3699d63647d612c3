//! Reading the corpus of inspection reports (its README describes it): the
//! index of grades, and each report's text cut into the judgements it gives
//! and their numbered paragraphs, without the running page headers and
//! footers the PDFs' text keeps.

use std::path::Path;

use super::source::{Within, read_text};
use crate::error::{Error, plain};
use crate::model::corpus::{Report, Section};

/// The judgements a report's body is headed by, as the corpus writes them
/// (without "The"), with their ids. The combined judgement of ilacs-2018 is
/// `children-in-care` in that framework.
const HEADINGS: &[(&str, &str)] = &[
    (
        "impact of leaders on social work practice with children and families",
        "leaders",
    ),
    (
        "experiences and progress of children who need help and protection",
        "help-protection",
    ),
    (
        "experiences and progress of children in care and care leavers",
        "children-in-care",
    ),
    ("experiences and progress of children in care", "children-in-care"),
    ("experiences and progress of care leavers", "care-leavers"),
];

const GRADES: &[(&str, &str)] = &[
    ("requires improvement to be good", "requires-improvement"),
    ("requires improvement", "requires-improvement"),
    ("outstanding", "outstanding"),
    ("good", "good"),
    ("inadequate", "inadequate"),
];

pub fn corpus(dir: &Path) -> Result<Vec<Report>, Error> {
    let cannot = |path: &Path, e: std::io::Error| {
        Error::Usage(format!(
            "cannot read the corpus at {}: {} (give the folder that holds index.tsv and reports/)",
            path.display(),
            plain(&e)
        ))
    };
    let index_path = dir.join("index.tsv");
    let index = read_text(&index_path, Within::Anywhere).map_err(|e| cannot(&index_path, e))?;
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(file), Some(la), Some(framework), Some(end), Some(overall)) = (
        column("file"),
        column("la"),
        column("framework"),
        column("fieldwork_end"),
        column("overall"),
    ) else {
        return Err(Error::Usage(format!(
            "{} is not the corpus index: it lacks the columns file, la, framework, fieldwork_end, overall",
            index_path.display()
        )));
    };
    let mut reports = Vec::new();
    for (n, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or_default().trim();
        let path = dir.join(cell(file));
        let text = read_text(&path, Within::Anywhere).map_err(|e| cannot(&path, e))?;
        let (summary, sections) = cut(&text);
        if sections.is_empty() {
            return Err(Error::Usage(format!(
                "{} (row {} of the index) has no judgement headings selfeval can read",
                path.display(),
                n + 2
            )));
        }
        reports.push(Report {
            file: cell(file).to_string(),
            la: cell(la).to_string(),
            framework: cell(framework).to_string(),
            fieldwork_end: cell(end).to_string(),
            overall: grade_id(cell(overall)).map(str::to_string),
            summary,
            sections,
        });
    }
    Ok(reports)
}

fn grade_id(text: &str) -> Option<&'static str> {
    let text = text.trim().trim_end_matches('.').to_lowercase();
    GRADES.iter().find(|(g, _)| *g == text).map(|(_, id)| *id)
}

/// The running header (the report's title) and footer (its dates and the
/// page number) repeated on every page.
fn is_page_furniture(line: &str) -> bool {
    if line.starts_with("Inspection of ") && line.contains("children") && line.ends_with("services") {
        return true;
    }
    let Some((left, right)) = line.rsplit_once("  ") else {
        return false;
    };
    let left = left.trim_end();
    let right = right.trim();
    !right.is_empty()
        && right.len() <= 3
        && right.chars().all(|c| c.is_ascii_digit())
        && left.contains(" to ")
        && left.len() < 90
        && left.len() >= 4
        && left[left.len() - 4..].chars().all(|c| c.is_ascii_digit())
}

/// A judgement heading starting at `lines[i]`: its id, grade and the index
/// of its last line. Headings wrap over up to three lines, and write the
/// grade after a colon, "is" or "are", with or without a full stop; the
/// judgement table at the top (columns, so runs of spaces) is not one.
/// The judgement and grade of a section heading starting at line `i`, the
/// heading's last line, and whether it gives the grade after a colon.
fn heading(lines: &[&str], i: usize) -> Option<(&'static str, &'static str, usize, bool)> {
    let first = lines[i].to_lowercase();
    let first = first
        .strip_prefix("the ")
        .unwrap_or(&first)
        .replace("experience and", "experiences and");
    // A row of the judgement table has its grade in a column of its own,
    // set off by spaces or a tab: it is not the heading of a section.
    let in_table = |line: &str| line.contains("   ") || line.contains('\t');
    if !(first.starts_with("experiences and progress of") || first.starts_with("impact of leaders"))
        || in_table(lines[i])
    {
        return None;
    }
    let mut joined = first;
    for j in i..(i + 3).min(lines.len()) {
        if j > i {
            if lines[j].is_empty() || in_table(lines[j]) {
                return None;
            }
            joined.push(' ');
            joined.push_str(&lines[j].to_lowercase());
        }
        let text = joined.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = text
            .trim_end_matches('.')
            .replace(" require improvement", " requires improvement");
        for (name, id) in HEADINGS {
            let Some(rest) = text.strip_prefix(name) else { continue };
            let rest = rest.trim_start();
            let rest = ["is", "are"]
                .iter()
                .find_map(|v| rest.strip_prefix(v).filter(|r| r.starts_with([' ', ':'])))
                .unwrap_or(rest)
                .trim_start();
            let colon = rest.starts_with(':');
            let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
            let Some(grade) = grade_id(rest) else { continue };
            // "requires improvement" may go on to "to be good" on the next line.
            let more = grade == "requires-improvement"
                && !rest.ends_with("good")
                && lines
                    .get(j + 1)
                    .is_some_and(|l| l.to_lowercase().starts_with("to be good"));
            if !more {
                return Some((id, grade, j, colon));
            }
        }
    }
    None
}

/// The opening summary and the judgements of a report's text.
fn cut(text: &str) -> (Vec<String>, Vec<Section>) {
    let raw: Vec<&str> = text.lines().filter(|l| !is_page_furniture(l.trim())).collect();
    let lines: Vec<&str> = raw.iter().map(|l| l.trim()).collect();
    let mut heads: Vec<(usize, usize, &str, &str)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A heading starts a line or follows a blank one; a paragraph that
        // names a judgement does neither, indented under its number. Some
        // layouts indent headings too, but a heading gives its grade after
        // a colon, as a paragraph's sentence never does.
        let starts = !raw[i].starts_with(char::is_whitespace) || i == 0 || lines[i - 1].is_empty();
        let found = heading(&lines, i).filter(|h| starts || h.3);
        match found {
            Some((id, grade, last, _)) => {
                heads.push((i, last, id, grade));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    let first = heads.first().map_or(lines.len(), |h| h.0);
    let summary = blocks(&lines[..first]);
    let sections = heads
        .iter()
        .enumerate()
        .map(|(n, &(_, last, id, grade))| {
            let end = heads.get(n + 1).map_or(lines.len(), |h| h.0);
            Section {
                judgement: id.to_string(),
                grade: grade.to_string(),
                paragraphs: numbered(&lines[last + 1..end]),
            }
        })
        .collect();
    (summary, sections)
}

/// Lines in paragraphs, split at blank lines.
fn blocks(lines: &[&str]) -> Vec<String> {
    lines
        .split(|l| l.is_empty())
        .map(|b| b.join(" "))
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// A section's numbered paragraphs ("12. ..."), without their numbers;
/// lines before the first number make a paragraph 0.
fn numbered(lines: &[&str]) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for line in lines.iter().filter(|l| !l.is_empty()) {
        let is_number = |n: &str| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit());
        let number = line
            .split_once(". ")
            .filter(|(n, _)| is_number(n))
            .and_then(|(n, rest)| Some((n.parse::<u32>().ok()?, rest.trim_start())))
            // Some layouts put a paragraph's number on a line of its own;
            // a page number looks the same, so it must be the next one.
            .or_else(|| {
                let n = line.strip_suffix('.').filter(|n| is_number(n))?.parse::<u32>().ok()?;
                let next = out.last().is_none_or(|(last, _)| n == last + 1);
                next.then_some((n, ""))
            });
        match (number, out.last_mut()) {
            (Some((n, rest)), _) => out.push((n, rest.to_string())),
            (None, Some((_, text))) => {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(line);
            }
            (None, None) => out.push((0, line.to_string())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_however_they_wrap_and_the_table_is_not_one() {
        let text = "Inspection of Anytown local authority children's services\n\
                    \n Judgement                                  Grade\n\
                    \n The impact of leaders on social work       Good\n practice with children and families\n\
                    \nA summary of the whole.\n\
                    \nThe experiences and progress of children who need help and\nprotection: requires\nimprovement to be good\n\
                    1. First point\n   goes on here.\n\
                    10 to 14 June 2024                                   2\n\
                    2. Second point.\n\
                    \nThe impact of leaders on social work practice with children and\nfamilies is good.\n\
                    3. Leaders know.\n";
        let (summary, sections) = cut(text);
        assert_eq!(summary.last().map(String::as_str), Some("A summary of the whole."));
        let found: Vec<(&str, &str)> = sections
            .iter()
            .map(|s| (s.judgement.as_str(), s.grade.as_str()))
            .collect();
        assert_eq!(
            found,
            [("help-protection", "requires-improvement"), ("leaders", "good")]
        );
        assert_eq!(
            sections[0].paragraphs,
            [
                (1, "First point goes on here.".to_string()),
                (2, "Second point.".to_string())
            ]
        );
    }

    #[test]
    fn other_layouts_a_tab_table_indented_headings_and_numbers_on_their_own_line() {
        let text = "Judgement\tGrade\n\
                    The impact of leaders on social work practice with children and families\tGood\n\
                    \nA summary.\n\
                    The first paragraph names the experiences and progress of children in care and care\n\
                     The experiences and progress of children who need help and\nprotection: Good\n\
                    \n1.\n\nEarly help is timely.\n\nReferrals are clear.\n\
                    3 June 2019 12.\n\
                    2.\nPlans are specific.\n\
                    40.\n";
        let (_, sections) = cut(text);
        let found: Vec<(&str, &str)> = sections
            .iter()
            .map(|s| (s.judgement.as_str(), s.grade.as_str()))
            .collect();
        assert_eq!(found, [("help-protection", "good")], "the table's row is not a heading");
        assert_eq!(
            sections[0].paragraphs,
            [
                (
                    1,
                    "Early help is timely. Referrals are clear. 3 June 2019 12.".to_string()
                ),
                (2, "Plans are specific. 40.".to_string())
            ],
            "a number on its own line starts a paragraph only when it is the next one"
        );
    }
}
