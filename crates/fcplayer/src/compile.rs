//! Loads and compiles a page's files from the bundle: template, style sheets (with their
//! `@import`s) and JSON config. Problems become diagnostics; a page always comes out.

use fc_bundle::{join_relative, Bundle, PageFile};
use fc_protocol::Diagnostic;
use fc_style::{Cascade, StyleSheet};
use serde_json::Value;
use std::sync::Arc;

pub struct CompiledPage {
    /// The page's markup and every file it reaches through `<import>`/`<include>`.
    pub program: fc_template::Program,
    pub cascade: Cascade,
    /// The page's `.json` (empty object when absent).
    pub config: Value,
    pub diagnostics: Vec<Diagnostic>,
    /// The custom components its templates use (`components.rs`).
    pub components: fc_view::PageComponents,
}

/// The bundle as `fc_template` sees it when linking imports and includes.
pub(crate) struct BundleMarkup<'a>(pub &'a Bundle);

impl fc_template::MarkupSource for BundleMarkup<'_> {
    fn resolve(&self, from: &str, target: &str) -> Result<String, String> {
        join_relative(from, target).map_err(|e| e.to_string())
    }
    fn exists(&self, path: &str) -> bool {
        self.0.exists(path)
    }
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.read_text(path).map_err(|e| e.to_string())
    }
}

/// `@import` chains deeper than this are cut (and reported): they are cycles in practice.
const MAX_IMPORT_DEPTH: usize = 16;

/// Parses a style file and, before it, the files it imports (depth first, in order).
pub(crate) fn load_sheet(
    bundle: &Bundle,
    path: &str,
    depth: usize,
    out: &mut Vec<Arc<StyleSheet>>,
    diags: &mut Vec<Diagnostic>,
) {
    let text = match bundle.read_text(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::warning(path, 0, 0, e.to_string()));
            return;
        }
    };
    let (sheet, mut d) = fc_style::parse_stylesheet(path, &text);
    diags.append(&mut d);
    for import in sheet.imports() {
        if depth >= MAX_IMPORT_DEPTH {
            diags.push(Diagnostic::warning(
                path,
                0,
                0,
                format!("@import \"{import}\" nested too deep (a cycle?)"),
            ));
            continue;
        }
        let mut target = import.clone();
        if !target.ends_with(".wxss") && !target.ends_with(".ftss") {
            target.push_str(".wxss");
        }
        match join_relative(path, &target) {
            Ok(p) => load_sheet(bundle, &p, depth + 1, out, diags),
            Err(e) => diags.push(Diagnostic::warning(
                path,
                0,
                0,
                format!("@import \"{import}\": {e}"),
            )),
        }
    }
    out.push(Arc::new(sheet));
}

pub fn compile_page(bundle: &Bundle, route: &str) -> CompiledPage {
    let mut diagnostics = Vec::new();
    let empty = |path: &str| fc_template::Program::standalone(fc_template::compile(path, ""));
    let program = match bundle.find_page_file(route, PageFile::Template) {
        Some(path) => match bundle.read_text(&path) {
            Ok(text) => {
                let program = fc_template::link(&path, &text, &BundleMarkup(bundle));
                diagnostics.extend(program.diagnostics.iter().cloned());
                program
            }
            Err(e) => {
                diagnostics.push(Diagnostic::error(path.clone(), 0, 0, e.to_string()));
                empty(&path)
            }
        },
        None => {
            diagnostics.push(Diagnostic::error(
                format!("{route}.fxml"),
                0,
                0,
                format!("page `{route}` has no template (.fxml or .wxml)"),
            ));
            empty(&format!("{route}.fxml"))
        }
    };
    // The user-agent sheets come first; app.json's `style` picks the look.
    let ua = fc_style::ua_stylesheets(bundle.config().style_v2);
    let ua_count = ua.len();
    let mut sheets = ua;
    if let Some(app) = bundle.app_style() {
        load_sheet(bundle, &app, 0, &mut sheets, &mut diagnostics);
    }
    if let Some(page) = bundle.find_page_file(route, PageFile::Style) {
        load_sheet(bundle, &page, 0, &mut sheets, &mut diagnostics);
    }
    let config = match bundle.find_page_file(route, PageFile::Config) {
        Some(path) => match bundle
            .read_text(&path)
            .map(|t| serde_json::from_str::<Value>(t.trim_start_matches('\u{feff}')))
        {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                diagnostics.push(Diagnostic::error(
                    path,
                    e.line() as u32,
                    e.column() as u32,
                    e.to_string(),
                ));
                Value::Object(Default::default())
            }
            Err(e) => {
                diagnostics.push(Diagnostic::error(path, 0, 0, e.to_string()));
                Value::Object(Default::default())
            }
        },
        None => Value::Object(Default::default()),
    };
    let components = crate::components::compile_components(
        bundle,
        route,
        &config,
        sheets[..ua_count].to_vec(),
        sheets[ua_count..].to_vec(),
        &mut diagnostics,
    );
    crate::components::known_tags(&mut diagnostics, &components);
    CompiledPage {
        program,
        cascade: Cascade::new(sheets),
        config,
        diagnostics,
        components,
    }
}
