//! Opens a mini-program bundle — a folder holding `app.json`, or an `.fcpkg` file (a zip of
//! that folder) — and answers reads by bundle path. It refuses any path that would reach
//! outside the bundle, parses `app.json`, and finds a page's files under either spelling
//! (`.fxml`/`.wxml`, `.ftss`/`.wxss`).
//!
//! It does not compile anything: templates, styles and scripts are the other crates' job.

#![deny(unsafe_code)]

mod config;
mod paths;
mod source;

pub use config::{AppConfig, WindowConfig};
pub use paths::{join_relative, normalize};
pub use source::pack_dir;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything that can go wrong opening or reading a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The path given on the command line is neither a folder nor a readable `.fcpkg`.
    #[error("{path}: cannot open bundle: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The `.fcpkg` file is not a valid zip archive.
    #[error("{path}: not a valid .fcpkg (zip) file: {message}")]
    Archive { path: PathBuf, message: String },
    /// A bundle path tried to leave the bundle (`../x`, an absolute host path, a drive prefix).
    #[error("{0}: path leaves the bundle")]
    Escapes(String),
    /// The file does not exist in the bundle.
    #[error("{0}: no such file in the bundle")]
    NotFound(String),
    /// The file exists but could not be read.
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    /// A text file is not UTF-8.
    #[error("{0}: file is not valid UTF-8")]
    NotUtf8(String),
    /// `app.json` is missing or invalid; `line`/`col` locate a JSON syntax error.
    #[error("{file}:{line}:{col}: {message}")]
    Config {
        file: String,
        line: u32,
        col: u32,
        message: String,
    },
}

pub type Result<T> = std::result::Result<T, BundleError>;

/// Which file of a page (or component) to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFile {
    Template,
    Style,
    Script,
    Config,
}

impl PageFile {
    /// Extensions tried in order: FinClip's spelling first, then WeChat's.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            PageFile::Template => &["fxml", "wxml"],
            PageFile::Style => &["ftss", "wxss"],
            PageFile::Script => &["js"],
            PageFile::Config => &["json"],
        }
    }
}

/// An opened bundle. Read-only and shared (`Arc`) by the render and logic threads.
#[derive(Debug)]
pub struct Bundle {
    source: source::Source,
    config: AppConfig,
    /// What the user named: the folder or the `.fcpkg` file.
    origin: PathBuf,
}

impl Bundle {
    /// Opens a folder or an `.fcpkg` file and parses its `app.json`.
    pub fn open(path: &Path) -> Result<Arc<Bundle>> {
        let source = source::Source::open(path)?;
        let text = source.read_text("app.json")?;
        let config = AppConfig::parse("app.json", &text)?;
        Ok(Arc::new(Bundle {
            source,
            config,
            origin: path.to_path_buf(),
        }))
    }

    pub fn origin(&self) -> &Path {
        &self.origin
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    /// Reads a file by bundle path (`pages/index/index.js`, `/pages/a.js`, `./x` all relative
    /// to the bundle root).
    pub fn read(&self, path: &str) -> Result<Vec<u8>> {
        self.source.read(path)
    }

    pub fn read_text(&self, path: &str) -> Result<String> {
        self.source.read_text(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.source.exists(path)
    }

    /// Finds `route.ext` for the first extension of `kind` that exists, e.g.
    /// `pages/index/index` + Template -> `pages/index/index.fxml` or `.wxml`.
    pub fn find_page_file(&self, route: &str, kind: PageFile) -> Option<String> {
        let route = normalize(route).ok()?;
        kind.extensions()
            .iter()
            .map(|ext| format!("{route}.{ext}"))
            .find(|p| self.source.exists(p))
    }

    /// The id the app's storage is kept under: `appid` from `project.config.json` when the
    /// bundle has one that is safe as a folder name (letters, digits, `_`, `-`, `.`, not
    /// starting with `.`); else the bundle's folder name, or its file name without
    /// `.fcpkg`, with other characters replaced by `_` — stable across runs, and the same
    /// for a folder and the `.fcpkg` packed from it.
    pub fn app_id(&self) -> String {
        let configured = self
            .read_text("project.config.json")
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|json| json.get("appid")?.as_str().map(str::to_string))
            .filter(|id| is_safe_id(id));
        if let Some(id) = configured {
            return id;
        }
        // `.` or `..` has no file name until made absolute.
        let origin = self
            .origin
            .canonicalize()
            .unwrap_or_else(|_| self.origin.clone());
        let name = match origin.extension() {
            Some(ext) if ext.eq_ignore_ascii_case("fcpkg") => origin.file_stem(),
            _ => origin.file_name(),
        };
        let name: String = name
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
            .chars()
            .map(|c| if is_id_char(c) { c } else { '_' })
            .collect();
        let name = name.trim_start_matches('.');
        if name.is_empty() {
            "app".to_string()
        } else {
            name.to_string()
        }
    }

    /// The app-wide style sheet (`app.ftss` or `app.wxss`), if any.
    pub fn app_style(&self) -> Option<String> {
        self.find_page_file("app", PageFile::Style)
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// An app id becomes a folder name: no separators, no `..`, nothing hidden, not too long.
fn is_safe_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && !id.starts_with('.') && id.chars().all(is_id_char)
}

#[cfg(test)]
mod tests;
