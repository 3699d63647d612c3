//! The PDF's logical structure (PDF/UA-1): what a screen reader reads, in
//! the order it reads it. The layout opens an element for each heading,
//! paragraph, list, table, link and chart as it lays them out, and marks
//! every item it draws as part of one, or as an artifact (rules, shading,
//! the running header and footer, a table header repeated on a new page).
//! The drawing code wraps each run of items in marked content with its id;
//! `structure` then writes the tree, the parent tree that maps marked
//! content back to its element, and the links' annotations as the links'
//! own kids.

use lopdf::{Dictionary, Object, ObjectId};

/// A standard structure type: no role map is needed to read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    Heading(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    BlockQuote,
    Table,
    Caption,
    THead,
    TBody,
    TR,
    /// A column's header cell.
    TH,
    TD,
    Link,
    Figure,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Heading(1) => "H1",
            Role::Heading(2) => "H2",
            Role::Heading(3) => "H3",
            Role::Heading(4) => "H4",
            Role::Heading(5) => "H5",
            Role::Heading(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Table => "Table",
            Role::Caption => "Caption",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Link => "Link",
            Role::Figure => "Figure",
        }
    }
}

/// What the layout is writing into: an element, or decoration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Artifact,
    Element(usize),
}

/// What one drawn item is part of: decoration, or an element's marked
/// content with its id on the page; or, for a link's area, the link whose
/// annotation it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Artifact,
    Content { element: usize, mcid: u32 },
    Link { element: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    Element(usize),
    /// Marked content `mcid` on page `page` (counted from 0).
    Content {
        page: usize,
        mcid: u32,
    },
    /// The `index`th link annotation of page `page`.
    Annotation {
        page: usize,
        index: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Element {
    pub role: Role,
    pub parent: Option<usize>,
    pub kids: Vec<Kid>,
    /// Alternative text: what a chart shows, in words.
    pub alt: Option<String>,
    /// A link's words, its annotation's description.
    pub text: String,
}

/// The elements in the order they were opened; the first is the document.
#[derive(Debug, Clone)]
pub struct Tags {
    pub elements: Vec<Element>,
}

pub const DOCUMENT: usize = 0;

impl Default for Tags {
    fn default() -> Self {
        Tags {
            elements: vec![Element {
                role: Role::Document,
                parent: None,
                kids: Vec::new(),
                alt: None,
                text: String::new(),
            }],
        }
    }
}

impl Tags {
    /// A new element, the last kid of `parent` so far.
    pub fn open(&mut self, role: Role, parent: usize) -> usize {
        let id = self.elements.len();
        self.elements.push(Element {
            role,
            parent: Some(parent),
            kids: Vec::new(),
            alt: None,
            text: String::new(),
        });
        self.elements[parent].kids.push(Kid::Element(id));
        id
    }
}

/// Per page, what the structure needs of it: its object, and its link
/// annotations' objects (None where a link's target was not found and no
/// annotation was made).
pub struct PageObjects {
    pub page: ObjectId,
    pub annotations: Vec<Option<ObjectId>>,
}

/// Writes the structure tree and the parent tree, and points each page
/// and annotation at its place in the parent tree. Returns the tree's root.
pub fn structure(lo: &mut lopdf::Document, tags: &Tags, pages: &[PageObjects]) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = tags.elements.iter().map(|_| lo.new_object_id()).collect();
    // Per page, the element of each marked-content id, in id order.
    let mut parents: Vec<Vec<(u32, usize)>> = vec![Vec::new(); pages.len()];
    // Each annotation's element, keyed in the parent tree after the pages.
    let mut annotated: Vec<(ObjectId, usize)> = Vec::new();
    for (e, element) in tags.elements.iter().enumerate() {
        let first_page = element.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } | Kid::Annotation { page, .. } => Some(*page),
            Kid::Element(_) => None,
        });
        let mut kids = Vec::with_capacity(element.kids.len());
        for kid in &element.kids {
            match *kid {
                Kid::Element(k) => kids.push(Object::Reference(ids[k])),
                Kid::Content { page, mcid } => {
                    parents[page].push((mcid, e));
                    if Some(page) == first_page {
                        kids.push(Object::Integer(i64::from(mcid)));
                    } else {
                        kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                            ("Type", Object::Name(b"MCR".to_vec())),
                            ("Pg", Object::Reference(pages[page].page)),
                            ("MCID", Object::Integer(i64::from(mcid))),
                        ])));
                    }
                }
                Kid::Annotation { page, index } => {
                    let Some(Some(annotation)) = pages[page].annotations.get(index) else {
                        continue;
                    };
                    annotated.push((*annotation, e));
                    kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"OBJR".to_vec())),
                        ("Obj", Object::Reference(*annotation)),
                        ("Pg", Object::Reference(pages[page].page)),
                    ])));
                }
            }
        }
        // No `/Type /StructElem`: it is optional, and the tree's thousands
        // of elements are most of what the file's writer writes.
        let mut dict = Dictionary::new();
        dict.set("S", Object::Name(element.role.name().as_bytes().to_vec()));
        dict.set("P", Object::Reference(element.parent.map_or(root, |p| ids[p])));
        if let Some(page) = first_page {
            dict.set("Pg", Object::Reference(pages[page].page));
        }
        // A lone kid stands alone, not in an array: most elements (a
        // paragraph, a cell) hold one run of content, and every byte of the
        // tree is written three times over into its object streams.
        dict.set(
            "K",
            match <[Object; 1]>::try_from(kids) {
                Ok([kid]) => kid,
                Err(kids) => Object::Array(kids),
            },
        );
        if let Some(alt) = &element.alt {
            dict.set("Alt", super::text_string(alt));
        }
        if element.role == Role::TH {
            dict.set(
                "A",
                Dictionary::from_iter(vec![
                    ("O", Object::Name(b"Table".to_vec())),
                    ("Scope", Object::Name(b"Column".to_vec())),
                ]),
            );
        }
        lo.objects.insert(ids[e], Object::Dictionary(dict));
    }

    let mut nums = Vec::new();
    for (p, marked) in parents.iter_mut().enumerate() {
        marked.sort_unstable();
        let array: Vec<Object> = marked.iter().map(|(_, e)| Object::Reference(ids[*e])).collect();
        let id = lo.add_object(Object::Array(array));
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Reference(id));
        if let Ok(Object::Dictionary(page)) = lo.get_object_mut(pages[p].page) {
            page.set("StructParents", Object::Integer(p as i64));
        }
    }
    let mut next = pages.len() as i64;
    for (annotation, e) in annotated {
        nums.push(Object::Integer(next));
        nums.push(Object::Reference(ids[e]));
        if let Ok(Object::Dictionary(dict)) = lo.get_object_mut(annotation) {
            dict.set("StructParent", Object::Integer(next));
        }
        next += 1;
    }
    let parent_tree = lo.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Array(vec![Object::Reference(ids[DOCUMENT])])),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next)),
        ])),
    );
    root
}
