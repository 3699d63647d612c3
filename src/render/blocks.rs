//! The Markdown the templates wrote, as the few kinds of block the PDF and
//! the Word document lay out: headings, paragraphs, list items, quotes,
//! tables and charts, each holding runs of text with their style. The same
//! Markdown feeds the HTML, so the formats say the same thing.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::render::chart;
use crate::report::chart::Chart;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// A web address, or "#anchor" for a heading in the document.
    pub link: Option<String>,
}

pub type Runs = Vec<Run>;

#[derive(Debug, Clone)]
pub enum Block {
    Heading {
        level: u8,
        runs: Runs,
    },
    Paragraph {
        runs: Runs,
    },
    ListItem {
        depth: usize,
        marker: String,
        runs: Runs,
    },
    Quote {
        runs: Runs,
    },
    Table {
        caption: String,
        header: Vec<Runs>,
        rows: Vec<Vec<Runs>>,
    },
    /// A chart where a template placed one.
    Chart(Box<Chart>),
}

/// The plain text of some runs.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// `charts` are the charts the templates placed, in the order of their
/// markers.
pub fn parse(markdown: &str, charts: &[Chart]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut runs: Runs = Vec::new();
    let (mut bold, mut italic) = (0usize, 0usize);
    let mut link: Option<String> = None;
    // (ordered next number, or None for bullets) for each open list.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item_marker: Vec<String> = Vec::new();
    let mut quote = 0usize;
    let mut caption: Option<String> = None;
    let mut table: Option<(Vec<Runs>, Vec<Vec<Runs>>)> = None;
    let mut row: Vec<Runs> = Vec::new();
    let mut in_head = false;

    // Closes the runs gathered so far as the block the context calls for.
    fn flush(
        blocks: &mut Vec<Block>,
        runs: &mut Runs,
        lists: &[Option<u64>],
        item_marker: &mut [String],
        quote: usize,
        caption: &mut Option<String>,
    ) {
        if runs.iter().all(|r| r.text.trim().is_empty()) {
            runs.clear();
            return;
        }
        let taken = std::mem::take(runs);
        if !lists.is_empty() {
            let marker = item_marker.last_mut().map(std::mem::take).unwrap_or_default();
            blocks.push(Block::ListItem {
                depth: lists.len() - 1,
                marker,
                runs: taken,
            });
        } else if quote > 0 {
            blocks.push(Block::Quote { runs: taken });
        } else if let Some(text) = plain(&taken).strip_prefix(super::html::CAPTION) {
            *caption = Some(text.trim().to_string());
        } else {
            blocks.push(Block::Paragraph { runs: taken });
        }
    }

    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => runs.clear(),
            Event::End(TagEnd::Heading(level)) => {
                blocks.push(Block::Heading {
                    level: level as u8,
                    runs: std::mem::take(&mut runs),
                });
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                flush(&mut blocks, &mut runs, &lists, &mut item_marker, quote, &mut caption)
            }
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut blocks, &mut runs, &lists, &mut item_marker, quote, &mut caption);
                quote -= 1;
            }
            Event::Start(Tag::List(start)) => {
                // Text before a nested list belongs to the item that holds it.
                flush(&mut blocks, &mut runs, &lists, &mut item_marker, quote, &mut caption);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_string(),
                };
                item_marker.push(marker);
            }
            Event::End(TagEnd::Item) => {
                flush(&mut blocks, &mut runs, &lists, &mut item_marker, quote, &mut caption);
                item_marker.pop();
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new())),
            Event::End(TagEnd::Table) => {
                if let Some((header, rows)) = table.take() {
                    blocks.push(Block::Table {
                        caption: caption.take().unwrap_or_default(),
                        header,
                        rows,
                    });
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                if let Some((header, _)) = &mut table {
                    *header = std::mem::take(&mut row);
                }
                in_head = false;
            }
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) => {
                if let Some((_, rows)) = &mut table
                    && !in_head
                {
                    rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => runs.clear(),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut runs)),
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Html(t) | Event::InlineHtml(t) if chart::index(&t).is_some() => {
                flush(&mut blocks, &mut runs, &lists, &mut item_marker, quote, &mut caption);
                if let Some(c) = chart::index(&t).and_then(|n| charts.get(n)) {
                    blocks.push(Block::Chart(Box::new(c.clone())));
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let style = (bold > 0, italic > 0, link.clone());
                match runs.last_mut() {
                    Some(last) if (last.bold, last.italic, last.link.clone()) == style => last.text.push_str(&t),
                    _ => runs.push(Run {
                        text: t.to_string(),
                        bold: style.0,
                        italic: style.1,
                        link: style.2,
                    }),
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(last) = runs.last_mut() {
                    last.text.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut blocks, &mut runs, &lists, &mut item_marker, quote, &mut caption);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_styled_blocks() {
        let md = "# Title\n\nSome **bold** and *italic* [link](#x).\n\n- one\n  - nested\n- two\n\n1. first\n2. second\n\n> quoted\n\nTable: Cap\n\n| A | B |\n| --- | --- |\n| **Good** | b \\| c |\n";
        let blocks = parse(md, &[]);
        assert!(matches!(&blocks[0], Block::Heading { level: 1, runs } if plain(runs) == "Title"));
        let Block::Paragraph { runs } = &blocks[1] else {
            panic!()
        };
        assert_eq!(plain(runs), "Some bold and italic link.");
        assert!(runs.iter().any(|r| r.bold && r.text == "bold"));
        assert!(runs.iter().any(|r| r.link.as_deref() == Some("#x")));
        let items: Vec<(usize, String, String)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::ListItem { depth, marker, runs } => Some((*depth, marker.clone(), plain(runs))),
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            [
                (0, "•".to_string(), "one".to_string()),
                (1, "•".into(), "nested".into()),
                (0, "•".into(), "two".into()),
                (0, "1.".into(), "first".into()),
                (0, "2.".into(), "second".into()),
            ]
        );
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Quote { runs } if plain(runs) == "quoted"))
        );
        let Some(Block::Table { caption, header, rows }) = blocks.last() else {
            panic!()
        };
        assert_eq!(caption, "Cap");
        assert_eq!(plain(&header[1]), "B");
        assert_eq!(plain(&rows[0][1]), "b | c");
        assert!(rows[0][0][0].bold);
    }
}
