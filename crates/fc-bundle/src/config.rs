use crate::{BundleError, Result};
use serde_json::Value;

/// The `window` fields of `app.json` (and of a page's `.json`, which override them).
#[derive(Debug, Clone, PartialEq)]
pub struct WindowConfig {
    pub navigation_bar_title_text: String,
    pub navigation_bar_background_color: String,
    /// `white` or `black`.
    pub navigation_bar_text_style: String,
    /// `default` or `custom` (no bar).
    pub navigation_style: String,
    pub background_color: String,
}

impl Default for WindowConfig {
    fn default() -> Self {
        WindowConfig {
            navigation_bar_title_text: String::new(),
            navigation_bar_background_color: "#000000".into(),
            navigation_bar_text_style: "white".into(),
            navigation_style: "default".into(),
            background_color: "#ffffff".into(),
        }
    }
}

impl WindowConfig {
    /// Returns a copy with the fields present in `obj` (a `window` object, or a page JSON
    /// whose top level holds window keys) laid over this one.
    pub fn overlaid(&self, obj: &Value) -> WindowConfig {
        let mut w = self.clone();
        let get = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        if let Some(v) = get("navigationBarTitleText") {
            w.navigation_bar_title_text = v;
        }
        if let Some(v) = get("navigationBarBackgroundColor") {
            w.navigation_bar_background_color = v;
        }
        if let Some(v) = get("navigationBarTextStyle") {
            w.navigation_bar_text_style = v;
        }
        if let Some(v) = get("navigationStyle") {
            w.navigation_style = v;
        }
        if let Some(v) = get("backgroundColor") {
            w.background_color = v;
        }
        w
    }
}

/// `app.json`, parsed. `raw` keeps the whole document for fields read later.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub pages: Vec<String>,
    pub entry_page: String,
    pub window: WindowConfig,
    /// `"style": "v2"`: the WeUI 2 component look. Only the exact string `"v2"` selects it;
    /// any other value, or none, is the classic v1 look (as the platform treats it).
    pub style_v2: bool,
    pub raw: Value,
}

/// Parses JSON text, turning a syntax error into a located `BundleError::Config`.
pub fn parse_json(file: &str, text: &str) -> Result<Value> {
    // A UTF-8 byte-order mark is common in files saved by Windows editors.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| BundleError::Config {
        file: file.to_string(),
        line: e.line() as u32,
        col: e.column() as u32,
        message: e.to_string(),
    })
}

impl AppConfig {
    pub fn parse(file: &str, text: &str) -> Result<AppConfig> {
        let raw = parse_json(file, text)?;
        let err = |message: &str| BundleError::Config {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: message.to_string(),
        };
        let mut pages: Vec<String> = match raw.get("pages") {
            Some(Value::Array(list)) => list
                .iter()
                .map(|p| p.as_str().map(|s| s.trim_start_matches('/').to_string()))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| err("`pages` must be an array of strings"))?,
            _ => {
                return Err(err(
                    "`pages` is missing: app.json must list at least one page",
                ))
            }
        };
        // Subpackage pages live under their root; a player that loads the whole bundle
        // just registers them.
        let subs = raw.get("subpackages").or_else(|| raw.get("subPackages"));
        if let Some(Value::Array(subs)) = subs {
            for sub in subs {
                let root = sub.get("root").and_then(Value::as_str).unwrap_or("");
                if let Some(Value::Array(list)) = sub.get("pages") {
                    for p in list.iter().filter_map(Value::as_str) {
                        pages.push(format!("{}/{}", root.trim_matches('/'), p));
                    }
                }
            }
        }
        if pages.is_empty() {
            return Err(err(
                "`pages` is empty: app.json must list at least one page",
            ));
        }
        let entry_page = raw
            .get("entryPagePath")
            .and_then(Value::as_str)
            .map(|s| s.trim_start_matches('/').to_string())
            .unwrap_or_else(|| pages[0].clone());
        let window = match raw.get("window") {
            Some(w) => WindowConfig::default().overlaid(w),
            None => WindowConfig::default(),
        };
        let style_v2 = raw.get("style").and_then(Value::as_str) == Some("v2");
        Ok(AppConfig {
            pages,
            entry_page,
            window,
            style_v2,
            raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style_v2(json: &str) -> bool {
        match AppConfig::parse("app.json", json) {
            Ok(c) => c.style_v2,
            Err(e) => panic!("{json}: {e}"),
        }
    }

    #[test]
    fn only_the_string_v2_selects_the_v2_look() {
        assert!(style_v2(r#"{"pages":["p"],"style":"v2"}"#));
        assert!(!style_v2(r#"{"pages":["p"]}"#));
        assert!(!style_v2(r#"{"pages":["p"],"style":"V2"}"#));
        assert!(!style_v2(r#"{"pages":["p"],"style":"v1"}"#));
        assert!(!style_v2(r#"{"pages":["p"],"style":2}"#));
        assert!(!style_v2(r#"{"pages":["p"],"style":null}"#));
    }
}
