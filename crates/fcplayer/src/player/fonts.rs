//! `@font-face`: the fonts a page's style sheets declare (icon fonts, mostly), read from the
//! bundle or a `data:` URL and registered with the layouter under the rule's family name.
//! Each (sheet, family, weight, style) loads once per player.

use fc_bundle::Bundle;
use fc_protocol::Diagnostic;
use fc_style::{FontSource, StyleSheet};
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Default)]
pub(crate) struct WebFonts {
    loaded: HashSet<(String, String, u16, bool)>,
}

impl WebFonts {
    /// Loads the faces of `sheets` not loaded yet. Problems come back as warnings at the
    /// rule's position in its file.
    pub fn load(
        &mut self,
        bundle: &Bundle,
        sheets: &[Arc<StyleSheet>],
        layouter: &mut fc_layout::Layouter,
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for sheet in sheets {
            for face in sheet.font_faces() {
                let key = (
                    sheet.path().to_string(),
                    face.family.clone(),
                    face.weight,
                    face.italic,
                );
                if !self.loaded.insert(key) {
                    continue;
                }
                let mut problems = Vec::new();
                let mut done = false;
                for src in &face.src {
                    let bytes = match src {
                        FontSource::Url { url, .. } => read_url(bundle, sheet.path(), url),
                        // A font installed on the system is found by its own name already.
                        FontSource::Local(_) => continue,
                    };
                    let result = bytes.and_then(|b| {
                        layouter
                            .add_font_face(b, &face.family, face.weight, face.italic)
                            .map_err(|e| e.to_string())
                    });
                    match result {
                        Ok(_) => {
                            done = true;
                            break;
                        }
                        Err(e) => problems.push(e),
                    }
                }
                if !done && !problems.is_empty() {
                    diags.push(Diagnostic::warning(
                        sheet.path(),
                        face.line,
                        face.column,
                        format!(
                            "@font-face \"{}\" not loaded: {}",
                            face.family,
                            problems.join("; ")
                        ),
                    ));
                }
            }
        }
        diags
    }
}

/// The bytes `url` names, relative to the style file `sheet_path`.
fn read_url(bundle: &Bundle, sheet_path: &str, url: &str) -> Result<Vec<u8>, String> {
    match fc_image::resolve(sheet_path, url) {
        Some(fc_image::Source::Data(u)) => fc_image::data_url_bytes(&u),
        Some(fc_image::Source::Bundle(path)) => bundle.read(&path).map_err(|e| e.to_string()),
        Some(fc_image::Source::Remote(u)) => Err(format!("{u}: remote fonts are not fetched")),
        None => Err(format!("`{url}` names no file in the bundle")),
    }
}
