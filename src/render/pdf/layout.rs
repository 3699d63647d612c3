//! Blocks laid out on A4 pages: headings kept with what follows, and the
//! contents' page numbers filled in once every
//! heading's page is known. Positions here are measured down from the top
//! of the page; the drawing code turns them round for PDF.

use super::fonts::{Face, Fonts};
use super::tags::{DOCUMENT, Kid, Mark, Role, Tag, Tags};
use super::theme::{BODY_SIZE, LEADING, LIST_INDENT, QUOTE_INDENT, Rgb, TABLE_SIZE, Theme};
use crate::render::Anchors;
use crate::render::blocks::{Block, Run, Runs, plain};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 56.7;
pub const BODY_TOP: f32 = 72.0;
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 62.0;
pub const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

#[derive(Debug, Clone)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        text: String,
        face: Face,
        size: f32,
        colour: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        colour: Rgb,
    },
    /// A clickable area: a web address, or "#anchor" for a heading.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// What each item is part of, item by item.
    pub marks: Vec<Mark>,
    /// The tag of the last item drawn, and the marked-content ids given:
    /// a new id starts wherever the tag changes.
    last: Option<Tag>,
    mcids: u32,
    links: usize,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub title: String,
    pub anchor: String,
    pub page: usize,
    pub y: f32,
}

/// A list item's label, with the heading a contents line points to.
pub(super) struct Marker {
    pub text: String,
    pub anchor: Option<String>,
    pub label: Tag,
}

pub struct Layout {
    pub pages: Vec<Page>,
    pub headings: Vec<Heading>,
    pub tags: Tags,
}

/// Lays out blocks on pages, top to bottom. The text, table and chart
/// layouts are its own, each in a file of its own.
pub struct Writer<'a> {
    pub(super) fonts: &'a Fonts,
    pub(super) theme: &'a Theme,
    /// The document's grade and rating labels: a cell that is one of them,
    /// in bold, is shaded as the HTML shades it.
    pub(super) labels: &'a [String],
    pub(super) pages: Vec<Page>,
    headings: Vec<Heading>,
    pub(super) y: f32,
    anchors: Anchors,
    /// Contents lines waiting for their page number: (page, y, right edge,
    /// size, anchor, the entry's element). Filled in once every heading's
    /// page is known.
    pub(super) pending: Vec<(usize, f32, f32, f32, String, Tag)>,
    pub(super) tags: Tags,
    /// The element what is drawn now belongs to.
    pub(super) tag: Tag,
    /// The open lists, outermost first: each list and its last item's body.
    lists: Vec<(usize, usize)>,
    /// The open quote, which the paragraphs that follow it join.
    quote: Option<usize>,
}

impl<'a> Writer<'a> {
    pub fn new(fonts: &'a Fonts, theme: &'a Theme, labels: &'a [String]) -> Writer<'a> {
        Writer {
            fonts,
            theme,
            labels,
            pages: vec![Page::default()],
            headings: Vec::new(),
            y: BODY_TOP,
            anchors: Anchors::default(),
            pending: Vec::new(),
            tags: Tags::default(),
            tag: Tag::Artifact,
            lists: Vec::new(),
            quote: None,
        }
    }

    /// The layout, with the contents' page numbers written in.
    pub fn finish(mut self) -> Layout {
        for (page, y, right, size, anchor, tag) in std::mem::take(&mut self.pending) {
            let Some(target) = self.headings.iter().find(|h| h.anchor == anchor).map(|h| h.page) else {
                continue;
            };
            let number = target.to_string();
            let x = right - self.fonts.width(&number, Face::Regular, size);
            let item = Item::Text {
                x,
                y,
                text: number,
                face: Face::Regular,
                size,
                colour: self.theme.text,
            };
            self.push_on(page - 1, tag, item);
        }
        Layout {
            pages: self.pages,
            headings: self.headings,
            tags: self.tags,
        }
    }

    /// Adds an item to the current page, as part of the current element.
    pub(super) fn push(&mut self, item: Item) {
        let page = self.pages.len() - 1;
        self.push_on(page, self.tag, item);
    }

    /// Adds an item to page `index` (from 0) as part of `tag`, starting a
    /// new run of marked content where the tag changes. A link's area is
    /// not drawn: it is its element's annotation, not its content.
    fn push_on(&mut self, index: usize, tag: Tag, item: Item) {
        let page = &mut self.pages[index];
        let mark = match (tag, &item) {
            (Tag::Artifact, _) => Mark::Artifact,
            (Tag::Element(element), Item::Link { .. }) => {
                self.tags.elements[element].kids.push(Kid::Annotation {
                    page: index,
                    index: page.links,
                });
                page.links += 1;
                Mark::Link { element }
            }
            (Tag::Element(element), _) => {
                if page.last != Some(tag) {
                    self.tags.elements[element].kids.push(Kid::Content {
                        page: index,
                        mcid: page.mcids,
                    });
                    page.mcids += 1;
                }
                Mark::Content {
                    element,
                    mcid: page.mcids - 1,
                }
            }
        };
        if !matches!(item, Item::Link { .. }) {
            page.last = Some(tag);
        }
        page.items.push(item);
        page.marks.push(mark);
    }

    /// Opens an element in `parent` and writes into it.
    pub(super) fn open(&mut self, role: Role, parent: usize) -> usize {
        let element = self.tags.open(role, parent);
        self.tag = Tag::Element(element);
        element
    }

    /// Draws `item` as decoration, whatever is being written.
    pub(super) fn decorate(&mut self, item: Item) {
        let tag = std::mem::replace(&mut self.tag, Tag::Artifact);
        self.push(item);
        self.tag = tag;
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    pub(super) fn at_top(&self) -> bool {
        self.y <= BODY_TOP + 0.1
    }

    pub(super) fn ensure(&mut self, height: f32) {
        if self.y + height > BODY_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub fn block(&mut self, block: &Block, next: Option<&Block>) {
        if !matches!(block, Block::ListItem { .. }) {
            self.lists.clear();
        }
        if !matches!(block, Block::Quote { .. }) {
            self.quote = None;
        }
        match block {
            Block::Heading { level, runs } => self.heading(*level, runs, next),
            Block::Paragraph { runs } => {
                self.open(Role::P, DOCUMENT);
                self.paragraph(runs, MARGIN_X, BODY_WIDTH, BODY_SIZE, false, None);
                self.y += BODY_SIZE * 0.6;
            }
            Block::ListItem { depth, marker, runs } => {
                let indent = MARGIN_X + LIST_INDENT * (*depth as f32 + 1.0);
                let label = self.list_item(*depth, marker.is_empty());
                let anchor = runs
                    .iter()
                    .find_map(|r| r.link.as_deref())
                    .and_then(|t| t.strip_prefix('#'))
                    .map(str::to_string);
                self.paragraph(
                    runs,
                    indent,
                    BODY_WIDTH - (indent - MARGIN_X),
                    BODY_SIZE,
                    false,
                    Some(Marker {
                        text: marker.clone(),
                        anchor,
                        label,
                    }),
                );
                // A list ends with a paragraph's space, not an item's.
                let last = !matches!(next, Some(Block::ListItem { .. }));
                self.y += BODY_SIZE * if last { 0.6 } else { 0.25 };
            }
            Block::Quote { runs } => {
                let quote = match self.quote {
                    Some(quote) => quote,
                    None => self.tags.open(Role::BlockQuote, DOCUMENT),
                };
                self.quote = Some(quote);
                self.open(Role::P, quote);
                let top = self.y;
                let start_page = self.pages.len();
                self.paragraph(
                    runs,
                    MARGIN_X + QUOTE_INDENT,
                    BODY_WIDTH - QUOTE_INDENT,
                    BODY_SIZE - 0.5,
                    true,
                    None,
                );
                if self.pages.len() == start_page {
                    let bottom = self.y;
                    self.decorate(Item::Rect {
                        x: MARGIN_X + 2.0,
                        y: top,
                        w: 2.5,
                        h: bottom - top,
                        fill: self.theme.rule,
                    });
                }
                self.y += BODY_SIZE * 0.5;
            }
            Block::Table { caption, header, rows } => self.table(caption, header, rows),
            Block::Chart(chart) => self.chart(chart),
        }
        self.tag = Tag::Artifact;
    }

    /// The elements of a list item at `depth`: a new list where one opens
    /// (inside the body of the item it follows, when nested), the item, and
    /// its label, which is returned; the body is left open to write into.
    /// A `continued` item (text after a nested list) writes on into the
    /// body of the item it belongs to.
    fn list_item(&mut self, depth: usize, continued: bool) -> Tag {
        self.lists.truncate(depth + 1);
        if continued && let Some(&(_, body)) = self.lists.get(depth) {
            self.tag = Tag::Element(body);
            return Tag::Artifact;
        }
        while self.lists.len() <= depth {
            let parent = self.lists.last().map_or(DOCUMENT, |&(_, body)| body);
            let list = self.tags.open(Role::L, parent);
            self.lists.push((list, list));
        }
        let list = self.lists[depth].0;
        let item = self.tags.open(Role::LI, list);
        let label = self.tags.open(Role::Lbl, item);
        let body = self.open(Role::LBody, item);
        self.lists[depth].1 = body;
        Tag::Element(label)
    }

    fn heading(&mut self, level: u8, runs: &Runs, next: Option<&Block>) {
        // The cover holds the title and the contents (the first chapter
        // heading); the second chapter starts the next page.
        let chapters = self.headings.iter().filter(|h| h.level == 2).count();
        let on_cover = self.theme.cover && chapters <= 1;
        // A cover: a band of the link colour under the marking, the title set
        // large a fifth of the way down.
        if on_cover && level == 1 && self.headings.is_empty() {
            self.decorate(Item::Rect {
                x: MARGIN_X,
                y: BODY_TOP - 16.0,
                w: PAGE_WIDTH - 2.0 * MARGIN_X,
                h: 6.0,
                fill: self.theme.link,
            });
            self.y = PAGE_HEIGHT * 0.2;
        }
        if on_cover && level == 2 && chapters == 1 && !self.at_top() {
            self.new_page();
        }
        let size = match level {
            1 if on_cover => 28.0,
            1 => 20.0,
            2 => 15.5,
            3 => 12.5,
            _ => 11.0,
        };
        // Every heading keeps with what follows it. Chapters do not start
        // new pages: a page left half empty at each chapter's end made a
        // succinct self-evaluation a long one.
        let following = match next {
            Some(Block::Table { .. }) => 4.0 * TABLE_SIZE * LEADING + 20.0,
            // A chart's title, key and rows, where they take less than half a
            // page (a chart keeps whole when it can): a heading never waits
            // alone at the foot of a page for its chart on the next.
            Some(Block::Chart(chart)) => {
                let row = 3.0 * (5.0f32.max(TABLE_SIZE - 1.5) + 1.0) + 6.0;
                (2.0 * BODY_SIZE * LEADING + 14.0 + chart.bars.len() as f32 * row).min(300.0)
            }
            _ => 3.0 * BODY_SIZE * LEADING,
        };
        let height = size * LEADING * self.lines(runs, BODY_WIDTH, size, true).len() as f32;
        if !self.at_top() {
            self.y += size * 0.7;
        }
        self.ensure(height + following);
        let title = plain(runs);
        let anchor = self.anchors.next(&title);
        self.open(Role::Heading(level), DOCUMENT);
        self.headings.push(Heading {
            level,
            title,
            anchor,
            page: self.pages.len(),
            y: self.y,
        });
        let bold: Runs = runs
            .iter()
            .map(|r| Run {
                bold: true,
                ..r.clone()
            })
            .collect();
        self.paragraph(&bold, MARGIN_X, BODY_WIDTH, size, false, None);
        self.y += size * 0.35;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::framework::Unit;
    use crate::report::chart::Figures;

    fn run(text: &str) -> Runs {
        vec![Run {
            text: text.to_string(),
            ..Run::default()
        }]
    }

    fn lay_out(blocks: &[Block]) -> Layout {
        let mut doc = printpdf::PdfDocument::new("test");
        let fonts = Fonts::load(&mut doc);
        let theme = Theme::built_in();
        let mut writer = Writer::new(&fonts, &theme, &[]);
        for (i, b) in blocks.iter().enumerate() {
            writer.block(b, blocks.get(i + 1));
        }
        writer.finish()
    }

    /// Every piece of text and every shape inside the printable body.
    fn assert_inside(layout: &Layout) {
        let mut doc = printpdf::PdfDocument::new("test");
        let fonts = Fonts::load(&mut doc);
        for (n, page) in layout.pages.iter().enumerate() {
            for item in &page.items {
                let (left, right, top, bottom) = match item {
                    Item::Text {
                        x, y, text, face, size, ..
                    } => (*x, x + fonts.width(text, *face, *size), *y, y + size),
                    Item::Rect { x, y, w, h, .. } | Item::Link { x, y, w, h, .. } => (*x, x + w, *y, y + h),
                    Item::Line { x1, y1, x2, y2, .. } => (x1.min(*x2), x1.max(*x2), y1.min(*y2), y1.max(*y2)),
                };
                assert!(
                    left >= MARGIN_X - 40.0 && right <= PAGE_WIDTH - MARGIN_X + 0.5,
                    "page {}: {item:?} outside the margins",
                    n + 1
                );
                assert!(
                    top >= BODY_TOP - 0.5 && bottom <= BODY_BOTTOM + 14.0,
                    "page {}: {item:?} outside the body",
                    n + 1
                );
            }
        }
    }

    #[test]
    fn a_finding_of_3000_words_runs_over_pages_inside_the_margins() {
        let words: Vec<String> = (0..3000).map(|i| format!("word{i}")).collect();
        let layout = lay_out(&[Block::Paragraph {
            runs: run(&words.join(" ")),
        }]);
        assert!(layout.pages.len() >= 5, "{} pages", layout.pages.len());
        assert_inside(&layout);
        let drawn: Vec<String> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            drawn.join(" ").split_whitespace().collect::<Vec<_>>(),
            words,
            "every word, once, in order"
        );
    }

    #[test]
    fn a_table_of_200_rows_repeats_its_header_on_every_page() {
        let rows: Vec<Vec<Runs>> = (0..200)
            .map(|i| {
                vec![
                    run(&format!("Action {i}")),
                    run("An owner with a long title"),
                    run("31 March 2026"),
                ]
            })
            .collect();
        let layout = lay_out(&[Block::Table {
            caption: "Actions".into(),
            header: vec![run("Action"), run("Owner"), run("Due")],
            rows,
        }]);
        assert!(layout.pages.len() >= 3);
        for page in &layout.pages {
            let headers = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text { text, face: Face::Bold, .. } if text == "Owner"))
                .count();
            assert_eq!(headers, 1, "one header row on each page");
        }
        assert_inside(&layout);
    }

    #[test]
    fn a_bold_word_in_a_narrow_column_is_never_broken() {
        // Long text beside a column of shaded ratings: the ratings' column
        // is as wide as the bold word, which is wider than the plain one.
        let bold = |text: &str| {
            vec![Run {
                text: text.to_string(),
                bold: true,
                ..Run::default()
            }]
        };
        let long = "Child in need and child protection plans, conferences, core groups and reviews";
        let rows: Vec<Vec<Runs>> = (0..6)
            .map(|_| {
                vec![
                    run(long),
                    run("Developing"),
                    bold("Developing"),
                    run("Well evidenced: 3 sources"),
                ]
            })
            .collect();
        let layout = lay_out(&[Block::Table {
            caption: String::new(),
            header: vec![run("Area"), run("Your rating"), run("Supported"), run("Evidence")],
            rows,
        }]);
        let bold_pieces: Vec<&str> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text {
                    text, face: Face::Bold, ..
                } if text.starts_with("Develop") => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(bold_pieces, vec!["Developing"; 6]);
        assert_inside(&layout);
    }

    /// The lines a cell's text is drawn on: the items right of a wide
    /// action column that are part of its words.
    fn lines_right_of_the_action(layout: &Layout, cell: &str) -> usize {
        let ys: std::collections::BTreeSet<i32> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { x, y, text, .. }
                    if *x > MARGIN_X + BODY_WIDTH * 0.4 && !text.trim().is_empty() && cell.contains(text.trim()) =>
                {
                    Some((*y * 10.0) as i32)
                }
                _ => None,
            })
            .collect();
        ys.len()
    }

    #[test]
    fn an_owner_or_a_status_of_a_few_words_takes_two_lines_at_most() {
        let action = "Give every care leaver a written health history by their 18th birthday, with the designated \
                      nurse for children in care, and offer it to older care leavers who have not had one. Progress: \
                      71% of care leavers given a health history (38%); now routine at 18.";
        let row = vec![
            run(action),
            run("Head of Service, Care Leavers"),
            run("31 October 2025"),
            run("Partially achieved (overdue)"),
        ];
        let layout = lay_out(&[Block::Table {
            caption: String::new(),
            header: vec![run("Action"), run("Owner"), run("Due"), run("Status")],
            rows: vec![row],
        }]);
        let lines_of = |cell: &str| lines_right_of_the_action(&layout, cell);
        assert!((1..=2).contains(&lines_of("Head of Service, Care Leavers")));
        assert!((1..=2).contains(&lines_of("Partially achieved (overdue)")));
        assert_eq!(lines_of("31 October 2025"), 1);
        // A longer title of up to nine words: three lines at most.
        let owner = "Head of Service, Adolescents and Contextual Safeguarding";
        let layout = lay_out(&[Block::Table {
            caption: String::new(),
            header: vec![run("Action"), run("Owner"), run("Due"), run("Status")],
            rows: vec![vec![
                run(action),
                run(owner),
                run("30 September 2026"),
                run("In progress"),
            ]],
        }]);
        let lines = lines_right_of_the_action(&layout, owner);
        assert!((1..=3).contains(&lines), "{lines} lines");
    }

    #[test]
    fn a_200_character_word_is_broken_to_fit_its_cell() {
        let long = "x".repeat(200);
        let layout = lay_out(&[
            Block::Table {
                caption: String::new(),
                header: vec![run("Area"), run("What it showed")],
                rows: vec![vec![run(&long), run("short")]],
            },
            Block::Paragraph { runs: run(&long) },
        ]);
        assert_inside(&layout);
        let xs: usize = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } if text.starts_with('x') => Some(text.len()),
                _ => None,
            })
            .sum();
        assert_eq!(xs, 400, "every letter drawn");
    }

    #[test]
    fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
        let mut blocks = Vec::new();
        for i in 0..60 {
            blocks.push(Block::Heading {
                level: 4,
                runs: run(&format!("Heading {i}")),
            });
            blocks.push(Block::Paragraph {
                runs: run("A short paragraph of a few words that takes a line or two on the page."),
            });
        }
        let layout = lay_out(&blocks);
        for h in &layout.headings {
            assert!(
                h.y + 11.0 * LEADING + 3.0 * BODY_SIZE * LEADING <= BODY_BOTTOM + 0.5,
                "{h:?}"
            );
        }
        // A chapter follows on the same page when what it starts fits.
        let layout = lay_out(&[
            Block::Paragraph { runs: run("Before.") },
            Block::Heading {
                level: 2,
                runs: run("Chapter"),
            },
            Block::Paragraph { runs: run("After.") },
        ]);
        assert_eq!(layout.headings[0].page, 1);
        assert!(layout.headings[0].y > BODY_TOP);
    }

    #[test]
    fn a_chart_names_each_indicator_whole_and_its_values_never_overlap() {
        let name = "Children looked after with 3 or more social workers in the year, counted at 31 March";
        let chart = crate::report::chart::of(
            "England",
            &[
                Figures {
                    name: "Short one",
                    unit: Unit::Percent,
                    values: [Some(89.0), Some(90.0), Some(88.0)],
                },
                Figures {
                    name,
                    unit: Unit::Percent,
                    values: [Some(22.0), Some(27.0), Some(31.0)],
                },
            ],
        )
        .expect("figures this year");
        let table = Block::Chart(Box::new(chart));
        let layout = lay_out(&[table]);
        let texts: Vec<(f32, f32, &str, f32)> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| match item {
                Item::Text { x, y, text, size, .. } => Some((*x, *y, text.as_str(), *size)),
                _ => None,
            })
            .collect();
        // The long name is all there, over more than one line, never cut.
        let drawn: Vec<&str> = texts.iter().map(|t| t.2).collect();
        assert!(!drawn.iter().any(|t| t.ends_with("...")), "{drawn:?}");
        let joined = drawn.join(" ");
        assert!(
            joined.contains("Children looked after with 3") && joined.contains("counted at 31 March"),
            "{joined}"
        );
        // "89%", "90%" and "88%" sit one under the other, a line apart at least.
        let values: Vec<&(f32, f32, &str, f32)> =
            texts.iter().filter(|t| ["89%", "90%", "88%"].contains(&t.2)).collect();
        let chart_values: Vec<&&(f32, f32, &str, f32)> = values.iter().filter(|t| t.3 < TABLE_SIZE).collect();
        assert_eq!(chart_values.len(), 3, "{values:?}");
        for pair in chart_values.windows(2) {
            assert!(pair[1].1 - pair[0].1 >= pair[0].3, "{pair:?}");
        }
        // The chart is on one page, with its title and key.
        assert_eq!(layout.pages.len(), 1);
    }

    #[test]
    fn no_line_of_a_paragraph_stands_alone_at_the_foot_or_head_of_a_page() {
        let mut doc = printpdf::PdfDocument::new("test");
        let fonts = Fonts::load(&mut doc);
        let theme = Theme::built_in();
        let words = "practice ".repeat(60);
        let text = run(words.trim());
        let lh = BODY_SIZE * LEADING;
        let lines_on = |w: &Writer, page: usize| {
            w.pages[page]
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { y, .. } => Some((*y * 100.0) as i64),
                    _ => None,
                })
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        };
        // Room for one line: the paragraph starts on the next page.
        let mut w = Writer::new(&fonts, &theme, &[]);
        w.push(Item::Rect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            fill: (0.0, 0.0, 0.0),
        });
        w.y = BODY_BOTTOM - lh * 1.5;
        w.paragraph(&text, MARGIN_X, BODY_WIDTH, BODY_SIZE, false, None);
        let n = w.lines(&text, BODY_WIDTH, BODY_SIZE, false).len();
        assert!(n >= 5, "{n} lines");
        assert_eq!(lines_on(&w, 1), n, "the whole paragraph moved on");
        // Room for all but one line: two go on, not one.
        let mut w = Writer::new(&fonts, &theme, &[]);
        w.y = BODY_BOTTOM - lh * (n as f32 - 0.5);
        w.paragraph(&text, MARGIN_X, BODY_WIDTH, BODY_SIZE, false, None);
        assert_eq!(w.pages.len(), 2);
        assert_eq!(lines_on(&w, 1), 2, "the last two lines together");
    }

    #[test]
    fn a_date_in_a_narrow_column_stays_on_one_line() {
        let long =
            "An action described at length, as councils do, with its owner and what it will change for children. "
                .repeat(2);
        let table = Block::Table {
            caption: "Open actions".into(),
            header: ["Action", "Owner", "Due", "Status"].iter().map(|h| run(h)).collect(),
            rows: vec![
                [
                    long.as_str(),
                    "Head of service",
                    "31 December 2025",
                    "Partially achieved",
                ]
                .iter()
                .map(|c| run(c))
                .collect(),
            ],
        };
        let layout = lay_out(&[table]);
        let drawn: Vec<&str> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| match item {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for whole in ["31 December 2025", "Partially achieved"] {
            assert!(drawn.contains(&whole), "{whole} is broken: {drawn:?}");
        }
    }

    #[test]
    fn a_cover_holds_the_title_and_the_contents_and_the_summary_starts_the_next_page() {
        let mut doc = printpdf::PdfDocument::new("test");
        let fonts = Fonts::load(&mut doc);
        let mut theme = Theme::built_in();
        theme.cover = true;
        let blocks = [
            Block::Heading {
                level: 1,
                runs: run("Anytown: Self-evaluation"),
            },
            Block::Paragraph {
                runs: run("1 April 2025 to 31 March 2026"),
            },
            Block::Heading {
                level: 2,
                runs: run("Contents"),
            },
            Block::Paragraph { runs: run("Summary") },
            Block::Heading {
                level: 2,
                runs: run("Summary"),
            },
            Block::Paragraph {
                runs: run("Where we are."),
            },
            Block::Heading {
                level: 2,
                runs: run("Leaders"),
            },
            Block::Paragraph {
                runs: run("What we know."),
            },
        ];
        let mut writer = Writer::new(&fonts, &theme, &[]);
        for (i, b) in blocks.iter().enumerate() {
            writer.block(b, blocks.get(i + 1));
        }
        let layout = writer.finish();
        let page_of = |title: &str| layout.headings.iter().find(|h| h.title == title).unwrap().page;
        assert_eq!((page_of("Anytown: Self-evaluation"), page_of("Contents")), (1, 1));
        assert_eq!(page_of("Summary"), 2);
        assert_eq!(page_of("Leaders"), 2, "chapters after the cover flow on");
        // The title stands lower than a body page's first line, under a band.
        assert!(layout.headings[0].y > BODY_TOP + 100.0);
        assert!(layout.pages[0].items.iter().any(|i| matches!(i, Item::Rect { .. })));
    }

    /// The structure under `element` as a screen reader meets it: each
    /// element's role with its kids in brackets, marked content as the text
    /// drawn in it, a link's annotation as "@".
    fn reading(layout: &Layout, element: usize) -> String {
        let e = &layout.tags.elements[element];
        let kids: Vec<String> = e
            .kids
            .iter()
            .map(|kid| match *kid {
                Kid::Element(k) => reading(layout, k),
                Kid::Content { page, mcid } => {
                    let p = &layout.pages[page];
                    let words: Vec<&str> = p
                        .items
                        .iter()
                        .zip(&p.marks)
                        .filter_map(|(item, mark)| match (item, mark) {
                            (
                                Item::Text { text, .. },
                                Mark::Content {
                                    element: owner,
                                    mcid: m,
                                },
                            ) if *owner == element && *m == mcid => Some(text.trim()),
                            _ => None,
                        })
                        .collect();
                    format!("'{}'", words.join(" "))
                }
                Kid::Annotation { .. } => "@".to_string(),
            })
            .collect();
        let alt = e.alt.as_ref().map(|a| format!("(alt: {a})")).unwrap_or_default();
        format!("{}{alt}[{}]", e.role.name(), kids.join(" "))
    }

    #[test]
    fn the_structure_reads_in_the_order_the_page_shows_with_each_kind_of_block_tagged_as_what_it_is() {
        let markdown = "# Anytown\n\n\
            We see [our plan](#plan) working.\n\n\
            - First\n\
            - Second\n\
            \x20 - Nested\n\n\
            > A child said this.\n\n\
            Table: Actions\n\n\
            | Action | Due |\n|---|---|\n| Audit | May |\n\n\
            ## Plan\n";
        let layout = lay_out(&crate::render::blocks::parse(markdown, &[]));
        assert_eq!(
            reading(&layout, DOCUMENT),
            "Document[H1['Anytown'] P['We see' Link['our plan' @] 'working.'] \
             L[LI[Lbl['•'] LBody['First']] LI[Lbl['•'] LBody['Second' L[LI[Lbl['•'] LBody['Nested']]]]]] \
             BlockQuote[P['A child said this.']] \
             Table[Caption['Actions'] THead[TR[TH['Action'] TH['Due']]] TBody[TR[TD['Audit'] TD['May']]]] \
             H2['Plan']]"
        );
        assert_eq!(layout.tags.elements.iter().filter(|e| e.role == Role::Link).count(), 1);
        let link = layout.tags.elements.iter().find(|e| e.role == Role::Link).unwrap();
        assert_eq!(link.text, "our plan", "the annotation is described by the link's words");
    }

    #[test]
    fn a_table_over_pages_reads_its_header_once_and_every_row_whole() {
        let rows: Vec<Vec<Runs>> = (0..120).map(|i| vec![run(&format!("Row {i}")), run("Done")]).collect();
        let layout = lay_out(&[Block::Table {
            caption: String::new(),
            header: vec![run("Action"), run("Status")],
            rows,
        }]);
        assert!(layout.pages.len() >= 2);
        let tree = reading(&layout, DOCUMENT);
        assert_eq!(tree.matches("TH['Action']").count(), 1, "{tree}");
        assert_eq!(tree.matches("TR[TD['Row ").count(), 120);
        assert!(tree.contains("TR[TD['Row 119'] TD['Done']]"));
        // The header drawn again on the next page is there to see, not read.
        let repeated = layout.pages[1]
            .items
            .iter()
            .zip(&layout.pages[1].marks)
            .any(|(item, mark)| matches!(item, Item::Text { text, .. } if text == "Action") && *mark == Mark::Artifact);
        assert!(repeated);
    }

    #[test]
    fn a_chart_is_one_figure_read_as_its_figures_in_words() {
        let chart = crate::report::chart::of(
            "England",
            &[Figures {
                name: "Re-referrals",
                unit: Unit::Percent,
                values: [Some(23.9), Some(22.6), Some(27.4)],
            }],
        )
        .expect("a figure this year");
        let layout = lay_out(&[Block::Chart(Box::new(chart))]);
        let tree = reading(&layout, DOCUMENT);
        assert!(
            tree.starts_with(
                "Document[P['Chart: Each indicator this year, against England and last year'] \
                 Figure(alt: Re-referrals: this year 23.9%, England 22.6%, last year 27.4%.)["
            ),
            "{tree}"
        );
        // The bars and their key are drawn inside the figure, nothing beside it.
        assert!(tree.ends_with("]]"));
        assert_eq!(tree.matches("Figure").count(), 1);
    }
}
