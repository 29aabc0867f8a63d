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
