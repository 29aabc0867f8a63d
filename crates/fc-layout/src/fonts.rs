//! The player's fonts: Noto Sans (OFL, shipped in `assets/fonts`, embedded in the binary so
//! output is the same on every machine), plus the system's fonts as fallback for scripts
//! the bundled font lacks (CJK, emoji).

/// The family the bundled font registers; `sans-serif` maps to it.
pub const DEFAULT_FAMILY: &str = "Noto Sans";

const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-BoldItalic.ttf"),
];

/// Makes the one `FontSystem` of a player. `system_fallback` also loads the system's fonts;
/// tests leave it off so their output depends only on the repository.
pub fn new_font_system(system_fallback: bool) -> cosmic_text::FontSystem {
    let mut db = cosmic_text::fontdb::Database::new();
    for data in FONTS {
        db.load_font_data(data.to_vec());
    }
    if system_fallback {
        db.load_system_fonts();
    }
    db.set_sans_serif_family(DEFAULT_FAMILY);
    cosmic_text::FontSystem::new_with_locale_and_db("en-US".to_string(), db)
}

/// Why an `@font-face` font was not registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontFaceError {
    /// WOFF/WOFF2 containers are not unpacked; a TrueType/OpenType source is needed.
    Woff,
    /// The bytes are no font the font system can read.
    NotAFont,
}

impl std::fmt::Display for FontFaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontFaceError::Woff => write!(
                f,
                "WOFF/WOFF2 fonts are not unpacked by fcplayer; give a TrueType or OpenType source"
            ),
            FontFaceError::NotAFont => write!(f, "not a TrueType or OpenType font"),
        }
    }
}

impl std::error::Error for FontFaceError {}

/// What kind of font file `data` is, by its first four bytes.
pub fn check_font_data(data: &[u8]) -> Result<(), FontFaceError> {
    match data.get(..4) {
        Some(b"wOFF") | Some(b"wOF2") => Err(FontFaceError::Woff),
        Some([0, 1, 0, 0]) | Some(b"OTTO") | Some(b"true") | Some(b"ttcf") => Ok(()),
        _ => Err(FontFaceError::NotAFont),
    }
}

impl crate::Layouter {
    /// Registers an `@font-face` font under the rule's family name (not the name inside the
    /// file: pages ask for `font-family: iconfont`), with the rule's weight and style.
    /// Returns how many faces the data held.
    pub fn add_font_face(
        &mut self,
        data: Vec<u8>,
        family: &str,
        weight: u16,
        italic: bool,
    ) -> Result<usize, FontFaceError> {
        check_font_data(&data)?;
        let db = self.fonts.db_mut();
        let ids = db.load_font_source(cosmic_text::fontdb::Source::Binary(std::sync::Arc::new(
            data,
        )));
        let mut count = 0;
        for id in ids {
            let Some(mut info) = db.face(id).cloned() else {
                continue;
            };
            db.remove_face(id);
            info.families = vec![(
                family.to_string(),
                cosmic_text::fontdb::Language::English_UnitedStates,
            )];
            info.weight = cosmic_text::fontdb::Weight(weight);
            info.style = if italic {
                cosmic_text::fontdb::Style::Italic
            } else {
                cosmic_text::fontdb::Style::Normal
            };
            db.push_face_info(info);
            count += 1;
        }
        if count == 0 {
            return Err(FontFaceError::NotAFont);
        }
        // Family lookups and shaped text made before this font existed are stale.
        self.fonts_changed();
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICONS: &[u8] = include_bytes!("../../../tests/fixtures/font-face/fonts/icons.ttf");

    #[test]
    fn a_face_is_registered_under_the_rules_family() {
        let mut l = crate::Layouter::new(new_font_system(false));
        assert_eq!(l.add_font_face(ICONS.to_vec(), "MyIcons", 700, true), Ok(1));
        let face = l
            .fonts
            .db()
            .faces()
            .find(|f| f.families.iter().any(|(n, _)| n == "MyIcons"))
            .expect("registered");
        assert_eq!(face.weight, cosmic_text::fontdb::Weight(700));
        assert_eq!(face.style, cosmic_text::fontdb::Style::Italic);
        // The name inside the file is not what pages ask for.
        assert!(!l
            .fonts
            .db()
            .faces()
            .any(|f| f.families.iter().any(|(n, _)| n == "FixtureIcons")));
    }

    #[test]
    fn woff_and_garbage_are_refused() {
        let mut l = crate::Layouter::new(new_font_system(false));
        let mut woff = b"wOF2".to_vec();
        woff.extend_from_slice(&ICONS[4..]);
        assert_eq!(
            l.add_font_face(woff, "X", 400, false),
            Err(FontFaceError::Woff)
        );
        assert_eq!(
            l.add_font_face(b"<html>".to_vec(), "X", 400, false),
            Err(FontFaceError::NotAFont)
        );
        // A TrueType header over bytes that are no font.
        let mut bad = vec![0, 1, 0, 0];
        bad.extend_from_slice(&[0xff; 64]);
        assert_eq!(
            l.add_font_face(bad, "X", 400, false),
            Err(FontFaceError::NotAFont)
        );
    }
}
