//! Custom components at compile time: resolve `usingComponents` (app.json, the page's
//! `.json`, each component's `.json`; relative and absolute paths), then compile each
//! component's template and style sheets once per page. A component that cannot be found is
//! reported at the line:col of its path in the JSON file, and its tag renders as a plain
//! container.

use crate::compile::{load_sheet, BundleMarkup};
use fc_bundle::{join_relative, Bundle, PageFile};
use fc_protocol::Diagnostic;
use fc_style::{Cascade, StyleSheet};
use fc_view::{ComponentDef, PageComponents};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Components nested deeper than this are cut: a component that uses itself without end.
const MAX_DEPTH: usize = 32;

/// 1-based line and column of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line as u32, col as u32)
}

/// Where `"value"` is written after `"usingComponents"` in a JSON text (1:1 when unknown).
fn locate(text: &str, value: &str) -> (u32, u32) {
    let start = text.find("\"usingComponents\"").unwrap_or(0);
    match text[start..].find(&format!("\"{value}\"")) {
        Some(i) => line_col(text, start + i + 1),
        None => (1, 1),
    }
}

/// Rewrites `:host` to the attribute selector fc-view gives host nodes (`[fc-host]`), so
/// the ordinary selector engine can match it; `:host(...)` is left for the parser to
/// reject with a warning.
fn rewrite_host(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find(":host") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 5..];
        let word_ends = !after.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '(');
        out.push_str(if word_ends { "[fc-host]" } else { ":host" });
        rest = after;
    }
    out.push_str(rest);
    out
}

struct Resolver<'a> {
    bundle: &'a Bundle,
    /// The sheets that reach a component whose isolation lets page styles in.
    page_sheets: Vec<Arc<StyleSheet>>,
    /// The user-agent sheets every component cascade starts with.
    ua: Vec<Arc<StyleSheet>>,
    defs: Vec<ComponentDef>,
    by_path: HashMap<String, usize>,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    /// The tag map of one `usingComponents` object written in `json_file`.
    fn using(&mut self, json_file: &str, json: &Value, depth: usize) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        let Some(map) = json.get("usingComponents").and_then(Value::as_object) else {
            return out;
        };
        let text = self.bundle.read_text(json_file).unwrap_or_default();
        for (tag, target) in map {
            let Some(target) = target.as_str() else {
                let (l, c) = locate(&text, tag);
                self.diagnostics.push(Diagnostic::error(
                    json_file,
                    l,
                    c,
                    format!("usingComponents \"{tag}\": the path must be a string"),
                ));
                continue;
            };
            if target.contains("://") {
                let (l, c) = locate(&text, target);
                self.diagnostics.push(Diagnostic::warning(
                    json_file,
                    l,
                    c,
                    format!("usingComponents \"{tag}\": plugin components are not supported"),
                ));
                continue;
            }
            let path = join_relative(json_file, target).map(|p| {
                let p = p.trim_start_matches('/');
                p.strip_suffix(".js").unwrap_or(p).to_string()
            });
            let found = path
                .as_ref()
                .ok()
                .filter(|p| self.bundle.find_page_file(p, PageFile::Template).is_some());
            let Some(path) = found.cloned() else {
                let (l, c) = locate(&text, target);
                let why = match &path {
                    Ok(p) => format!("no {p}.wxml or {p}.fxml"),
                    Err(e) => e.to_string(),
                };
                self.diagnostics.push(Diagnostic::error(
                    json_file,
                    l,
                    c,
                    format!("component \"{tag}\" not found at \"{target}\": {why}"),
                ));
                continue;
            };
            if let Some(i) = self.define(&path, depth) {
                out.insert(tag.clone(), i);
            }
        }
        out
    }

    /// Compiles the component at `path` (once), returning its index.
    fn define(&mut self, path: &str, depth: usize) -> Option<usize> {
        if let Some(&i) = self.by_path.get(path) {
            return Some(i);
        }
        if depth >= MAX_DEPTH {
            self.diagnostics.push(Diagnostic::error(
                format!("{path}.json"),
                1,
                1,
                format!("components nested deeper than {MAX_DEPTH} levels (a cycle?)"),
            ));
            return None;
        }
        let template = self.bundle.find_page_file(path, PageFile::Template)?;
        let program = match self.bundle.read_text(&template) {
            Ok(text) => fc_template::link(&template, &text, &BundleMarkup(self.bundle)),
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::error(template.clone(), 0, 0, e.to_string()));
                fc_template::Program::standalone(fc_template::compile(&template, ""))
            }
        };
        // Reserve the index first: a component may (through others) use itself.
        let index = self.defs.len();
        self.by_path.insert(path.to_string(), index);
        self.defs.push(ComponentDef {
            path: path.to_string(),
            program,
            cascade: Cascade::new(Vec::new()),
            own_sheets: Vec::new(),
            using: HashMap::new(),
            json_isolation: false,
        });

        let (json_file, config) = self.config(path);
        if let Some(json_file) = &json_file {
            if config.get("component") != Some(&Value::Bool(true)) {
                self.diagnostics.push(Diagnostic::warning(
                    json_file.clone(),
                    1,
                    1,
                    format!("{json_file} does not declare \"component\": true"),
                ));
            }
        }
        let using = match &json_file {
            Some(f) => self.using(f, &config, depth + 1),
            None => HashMap::new(),
        };

        let mut own = Vec::new();
        if let Some(style) = self.bundle.find_page_file(path, PageFile::Style) {
            match self.bundle.read_text(&style) {
                Ok(text) => {
                    let (sheet, d) = fc_style::parse_stylesheet(&style, &rewrite_host(&text));
                    self.diagnostics.extend(d);
                    // Imports of a component sheet come before it, as for pages.
                    for import in sheet.imports() {
                        let mut target = import.clone();
                        if !target.ends_with(".wxss") && !target.ends_with(".ftss") {
                            target.push_str(".wxss");
                        }
                        if let Ok(p) = join_relative(&style, &target) {
                            load_sheet(self.bundle, &p, 1, &mut own, &mut self.diagnostics);
                        }
                    }
                    own.push(Arc::new(sheet));
                }
                Err(e) => self
                    .diagnostics
                    .push(Diagnostic::warning(style, 0, 0, e.to_string())),
            }
        }
        // style.md §5: `styleIsolation` wins; else `addGlobalClass: true` is apply-shared.
        let options = config.get("options");
        let isolation = config
            .get("styleIsolation")
            .or_else(|| options.and_then(|o| o.get("styleIsolation")))
            .and_then(Value::as_str)
            .map(str::to_string);
        let add_global = config
            .get("addGlobalClass")
            .or_else(|| options.and_then(|o| o.get("addGlobalClass")))
            == Some(&Value::Bool(true));
        let json_isolation = isolation.is_some() || add_global;
        let shared = match isolation.as_deref() {
            Some("apply-shared") | Some("shared") => true,
            Some(_) => false,
            None => add_global,
        };
        let mut sheets = self.ua.clone();
        if shared {
            sheets.extend(self.page_sheets.iter().cloned());
        }
        sheets.extend(own.iter().cloned());
        let def = &mut self.defs[index];
        def.cascade = Cascade::new(sheets);
        def.own_sheets = own;
        def.using = using;
        def.json_isolation = json_isolation;
        // Custom tags are not "unknown": drop the linker's warnings for them.
        let tags: Vec<String> = def.using.keys().cloned().collect();
        def.program.diagnostics.retain(|d| {
            !tags
                .iter()
                .any(|t| d.message.starts_with(&format!("unknown tag `<{t}>`")))
        });
        let diags = def.program.diagnostics.clone();
        self.diagnostics.extend(diags);
        Some(index)
    }

    /// The component's `.json` file and its value (`{}` when absent or broken; reported).
    fn config(&mut self, path: &str) -> (Option<String>, Value) {
        let Some(file) = self.bundle.find_page_file(path, PageFile::Config) else {
            return (None, Value::Object(Default::default()));
        };
        let parsed = self
            .bundle
            .read_text(&file)
            .map(|t| serde_json::from_str::<Value>(t.trim_start_matches('\u{feff}')));
        match parsed {
            Ok(Ok(v)) => (Some(file), v),
            Ok(Err(e)) => {
                self.diagnostics.push(Diagnostic::error(
                    file.clone(),
                    e.line() as u32,
                    e.column() as u32,
                    e.to_string(),
                ));
                (Some(file), Value::Object(Default::default()))
            }
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::error(file.clone(), 0, 0, e.to_string()));
                (Some(file), Value::Object(Default::default()))
            }
        }
    }
}

/// The components a page uses: app.json's `usingComponents` (global), overridden by the
/// page's own. `ua` are the user-agent sheets (v1, plus v2's when the app asks for it);
/// `page_sheets` are the app's and page's sheets.
pub fn compile_components(
    bundle: &Bundle,
    route: &str,
    page_config: &Value,
    ua: Vec<Arc<StyleSheet>>,
    page_sheets: Vec<Arc<StyleSheet>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> PageComponents {
    let mut r = Resolver {
        bundle,
        page_sheets,
        ua,
        defs: Vec::new(),
        by_path: HashMap::new(),
        diagnostics: Vec::new(),
    };
    let mut using = r.using("app.json", &bundle.config().raw, 0);
    if let Some(file) = bundle.find_page_file(route, PageFile::Config) {
        using.extend(r.using(&file, page_config, 0));
    }
    diagnostics.append(&mut r.diagnostics);
    PageComponents {
        using,
        defs: r.defs,
    }
}

/// Drops the page linker's "unknown tag" warnings for the tags the page maps to components.
pub fn known_tags(diagnostics: &mut Vec<Diagnostic>, using: &PageComponents) {
    diagnostics.retain(|d| {
        !using
            .using
            .keys()
            .any(|t| d.message.starts_with(&format!("unknown tag `<{t}>`")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_selector_is_rewritten() {
        assert_eq!(
            rewrite_host(":host { color: red } .a:hover, :host-x, :host(.b) {}"),
            "[fc-host] { color: red } .a:hover, :host-x, :host(.b) {}"
        );
    }

    #[test]
    fn json_positions() {
        let text = "{\n  \"usingComponents\": {\n    \"card\": \"./card\"\n  }\n}";
        assert_eq!(locate(text, "./card"), (3, 14));
    }
}
