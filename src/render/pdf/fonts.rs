//! The bundled font, Atkinson Hyperlegible (SIL OFL 1.1, `fonts/OFL.txt`),
//! in four faces, and text measured on its glyph widths. It is embedded in
//! every PDF, so the document looks the same on every machine.

use printpdf::{FontId, ParsedFont, PdfDocument};

const FACES: [&[u8]; 4] = [
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

pub struct Fonts {
    parsed: Vec<ParsedFont>,
    pub ids: Vec<FontId>,
    /// Advance widths of the printable ASCII characters per face, in font
    /// units: nearly every character measured, looked up without hashing.
    ascii: Vec<[u16; 128]>,
}

impl Fonts {
    /// Parses the faces and adds them to `doc`.
    pub fn load(doc: &mut PdfDocument) -> Fonts {
        let parsed: Vec<ParsedFont> = FACES
            .iter()
            .map(|bytes| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled font parses"))
            .collect();
        let ids = parsed.iter().map(|f| doc.add_font(f)).collect();
        let ascii = parsed
            .iter()
            .map(|font| {
                let mut table = [0u16; 128];
                for (c, width) in table.iter_mut().enumerate() {
                    *width = glyph_width(font, c as u32);
                }
                table
            })
            .collect();
        Fonts { parsed, ids, ascii }
    }

    pub fn has(&self, c: char) -> bool {
        (c.is_ascii() && !c.is_ascii_control()) || self.parsed[0].lookup_glyph_index(c as u32).is_some()
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
