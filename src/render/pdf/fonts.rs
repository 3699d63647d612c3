//! The bundled font, Atkinson Hyperlegible (SIL OFL 1.1, `fonts/OFL.txt`),
//! in four faces, and text measured on its glyph widths. It is embedded in
//! every PDF, so the document looks the same on every machine.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfDocument};

/// Regular, bold, italic and bold italic: the HTML page embeds them too.
pub const FACES: [&[u8]; 4] = [
    include_bytes!("../fonts/AtkinsonHyperlegible-Regular.ttf"),
    include_bytes!("../fonts/AtkinsonHyperlegible-Bold.ttf"),
    include_bytes!("../fonts/AtkinsonHyperlegible-Italic.ttf"),
    include_bytes!("../fonts/AtkinsonHyperlegible-BoldItalic.ttf"),
];

/// Shown in place of a character the font cannot draw, so the gap is visible.
pub const REPLACEMENT: char = '?';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
}

impl Face {
    pub fn of(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic)
    }
}

/// The faces parsed and measured, and their files compressed for embedding.
/// They are the same for every document, so `prepare` can make them on the
/// second core while the evidence is read and assessed.
struct Faces {
    parsed: Vec<ParsedFont>,
    /// Advance widths of the printable ASCII characters per face, in font
    /// units: nearly every character measured, looked up without hashing.
    ascii: Vec<[u16; 128]>,
    /// Glyph ids of the ASCII characters per face, for the same reason:
    /// nearly every character drawn.
    ascii_glyphs: Vec<[u16; 128]>,
    compressed: Vec<Vec<u8>>,
}

static READY: OnceLock<Faces> = OnceLock::new();

fn faces() -> &'static Faces {
    READY.get_or_init(|| {
        let parsed: Vec<ParsedFont> = FACES
            .iter()
            .map(|bytes| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled font parses"))
            .collect();
        let (ascii, ascii_glyphs) = parsed
            .iter()
            .map(|font| {
                let (mut widths, mut glyphs) = ([0u16; 128], [0u16; 128]);
                for c in 0..128 {
                    widths[c] = glyph_width(font, c as u32);
                    glyphs[c] = font.lookup_glyph_index(c as u32).unwrap_or(0);
                }
                (widths, glyphs)
            })
            .unzip();
        let compressed = FACES.iter().map(|bytes| super::zlib(bytes)).collect();
        Faces {
            parsed,
            ascii,
            ascii_glyphs,
            compressed,
        }
    })
}

/// Starts making the faces in the background; `Fonts::load` waits for them.
pub fn prepare() {
    std::thread::spawn(faces);
}

pub struct Fonts {
    parsed: &'static [ParsedFont],
    ascii: &'static [[u16; 128]],
    ascii_glyphs: &'static [[u16; 128]],
    pub ids: Vec<FontId>,
}

impl Fonts {
    /// Adds the faces to `doc`.
    pub fn load(doc: &mut PdfDocument) -> Fonts {
        let faces = faces();
        let ids = faces.parsed.iter().map(|f| doc.add_font(f)).collect();
        Fonts {
            parsed: &faces.parsed,
            ascii: &faces.ascii,
            ascii_glyphs: &faces.ascii_glyphs,
            ids,
        }
    }

    /// The compressed font file for a stream holding one of the faces whole.
    pub fn compressed(content: &[u8]) -> Option<&'static [u8]> {
        let i = FACES.iter().position(|bytes| *bytes == content)?;
        Some(&faces().compressed[i])
    }

    pub fn has(&self, c: char) -> bool {
        (c.is_ascii() && !c.is_ascii_control()) || self.parsed[0].lookup_glyph_index(c as u32).is_some()
    }

    /// The glyph that draws `c` in `face`; 0, the font's "missing" glyph,
    /// for one it lacks (the text was checked against the font before).
    pub fn glyph(&self, c: char, face: Face) -> u16 {
        match self.ascii_glyphs[face as usize].get(c as usize) {
            Some(g) => *g,
            None => self.parsed[face as usize].lookup_glyph_index(c as u32).unwrap_or(0),
        }
    }

    /// Width in points of `text` set in `face` at `size`.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let font = &self.parsed[face as usize];
        let ascii = &self.ascii[face as usize];
        let units: u32 = text
            .chars()
            .map(|c| match ascii.get(c as usize) {
                Some(w) => u32::from(*w),
                None if self.has(c) => u32::from(glyph_width(font, c as u32)),
                None => u32::from(ascii[REPLACEMENT as usize]),
            })
            .sum();
        units as f32 / f32::from(font.units_per_em.max(1)) * size
    }
}

fn glyph_width(font: &ParsedFont, codepoint: u32) -> u16 {
    font.lookup_glyph_index(codepoint)
        .and_then(|g| font.get_glyph_width(g))
        .unwrap_or(0)
}
