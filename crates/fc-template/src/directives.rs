//! Which attribute names are directives, which bind events, and which are ordinary.
//!
//! Directive prefixes are `wx:` plus the one the file extension implies (`.fxml` → `fx:`,
//! `.xyml` → `xy:`), as Dimina does: FinClip apps mix both spellings. Other prefixes
//! (`typo:if`, `mark:x`, `model:value`) are ordinary attributes.

use crate::tree::EventKind;

/// The directive prefixes for a file, `wx` first.
pub(crate) fn directive_prefixes(file: &str) -> Vec<String> {
    let mut out = vec!["wx".to_string()];
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if let Some((_, ext)) = name.rsplit_once('.') {
        if let Some(stem) = ext.strip_suffix("ml") {
            if !stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric()) && stem != "wx" {
                out.push(stem.to_string());
            }
        }
    }
    out
}

/// Elements whose body is script: `<wxs>`, FinClip's `<fxs>` and `<fts>`, and `<xys>` for a
/// `.xyml` file.
pub(crate) fn module_tags(prefixes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = ["wxs", "fxs", "fts"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for p in prefixes {
        let tag = format!("{p}s");
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// The directives this crate understands (the part after the prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Directive {
    If,
    Elif,
    Else,
    For,
    /// `wx:for-items`, the legacy name of `wx:for`.
    ForItems,
    ForItem,
    ForIndex,
    Key,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AttrKind {
    Directive(Directive),
    /// A known prefix with an unknown name, e.g. `wx:foo`.
    UnknownDirective,
    Event(EventKind, String),
    Plain,
}

/// Event prefixes, longest first so `capture-bind` is not read as something else.
const EVENT_PREFIXES: &[(&str, EventKind)] = &[
    ("capture-catch", EventKind::CaptureCatch),
    ("capture-bind", EventKind::CaptureBind),
    ("mut-bind", EventKind::MutBind),
    ("catch", EventKind::Catch),
    ("bind", EventKind::Bind),
];

pub(crate) fn classify(name: &str, prefixes: &[String]) -> AttrKind {
    if let Some((prefix, local)) = name.split_once(':') {
        if prefixes.iter().any(|p| p == prefix) {
            return match local {
                "if" => AttrKind::Directive(Directive::If),
                "elif" => AttrKind::Directive(Directive::Elif),
                "else" => AttrKind::Directive(Directive::Else),
                "for" => AttrKind::Directive(Directive::For),
                "for-items" => AttrKind::Directive(Directive::ForItems),
                "for-item" => AttrKind::Directive(Directive::ForItem),
                "for-index" => AttrKind::Directive(Directive::ForIndex),
                "key" => AttrKind::Directive(Directive::Key),
                _ => AttrKind::UnknownDirective,
            };
        }
    }
    for (prefix, kind) in EVENT_PREFIXES {
        if let Some(rest) = name.strip_prefix(prefix) {
            let event = rest.strip_prefix(':').unwrap_or(rest);
            if !event.is_empty() && !event.contains(':') {
                return AttrKind::Event(*kind, event.to_string());
            }
        }
    }
    AttrKind::Plain
}

/// A name usable as `wx:for-item`/`wx:for-index`: a JS identifier.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(crate::lexer::is_ident_start) && chars.all(crate::lexer::is_ident_part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(file: &str) -> Vec<String> {
        directive_prefixes(file)
    }

    #[test]
    fn prefixes_from_extension() {
        assert_eq!(prefixes("pages/index/index.fxml"), ["wx", "fx"]);
        assert_eq!(prefixes("pages/index/index.wxml"), ["wx"]);
        assert_eq!(prefixes("a/b.xyml"), ["wx", "xy"]);
        assert_eq!(prefixes("a.b/c"), ["wx"]);
        assert_eq!(
            module_tags(&prefixes("a.xyml")),
            ["wxs", "fxs", "fts", "xys"]
        );
    }

    #[test]
    fn classifies_attributes() {
        let fx = prefixes("x.fxml");
        let wx = prefixes("x.wxml");
        assert_eq!(classify("wx:if", &fx), AttrKind::Directive(Directive::If));
        assert_eq!(
            classify("fx:elif", &fx),
            AttrKind::Directive(Directive::Elif)
        );
        assert_eq!(classify("fx:elif", &wx), AttrKind::Plain);
        assert_eq!(
            classify("wx:for-items", &wx),
            AttrKind::Directive(Directive::ForItems)
        );
        assert_eq!(classify("wx:foo", &wx), AttrKind::UnknownDirective);
        assert_eq!(classify("typo:if", &wx), AttrKind::Plain);
        let ev = |k, e: &str| AttrKind::Event(k, e.to_string());
        assert_eq!(classify("bindtap", &wx), ev(EventKind::Bind, "tap"));
        assert_eq!(classify("bind:tap", &wx), ev(EventKind::Bind, "tap"));
        assert_eq!(classify("catchtap", &wx), ev(EventKind::Catch, "tap"));
        assert_eq!(
            classify("catch:longpress", &wx),
            ev(EventKind::Catch, "longpress")
        );
        assert_eq!(
            classify("capture-bind:touchstart", &wx),
            ev(EventKind::CaptureBind, "touchstart")
        );
        assert_eq!(
            classify("capture-catch:tap", &wx),
            ev(EventKind::CaptureCatch, "tap")
        );
        assert_eq!(classify("mut-bind:tap", &wx), ev(EventKind::MutBind, "tap"));
        assert_eq!(
            classify("bind:myevent", &wx),
            ev(EventKind::Bind, "myevent")
        );
        assert_eq!(classify("bind", &wx), AttrKind::Plain);
        assert_eq!(classify("data-bind", &wx), AttrKind::Plain);
        assert_eq!(classify("mark:id", &wx), AttrKind::Plain);
        assert_eq!(classify("model:value", &wx), AttrKind::Plain);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("item"));
        assert!(is_identifier("_i2"));
        assert!(is_identifier("$x"));
        assert!(!is_identifier("2x"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier(""));
    }
}
