//! A bound value: an attribute value or a text run, split into literal text and `{{ }}`
//! expressions.
//!
//! Where a mustache ends follows the platform: at the first `}}` that is not inside a string
//! literal. So `{{ '}}' }}` is the string `}}`, `{{ {a: 1} }}` is an object (the space keeps
//! `}` and `}}` apart), and `{{ {a: {b: 1}} }}` ends after `1` and is a syntax error — write
//! `{{ {a: {b: 1} } }}`.

use crate::entities::decode_entities;
use crate::eval::Scope;
use crate::expr::{minimize_paths, Expr};
use fc_protocol::DataPath;
use serde_json::Value;

/// An attribute value or a text node.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// No `{{ }}` at all: the text, entities decoded.
    Static(String),
    /// Exactly one `{{ }}` and nothing else: the expression's value keeps its type.
    Expr(Expr),
    /// Text and expressions mixed: always a string.
    Mixed(Vec<Part>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit(String),
    Expr(Expr),
}

impl Binding {
    /// The value: `Static` and `Mixed` give a string, `Expr` the expression's own value
    /// (`undefined` becomes `null`).
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        match self {
            Binding::Static(s) => Value::String(s.clone()),
            Binding::Expr(e) => e.eval(scope),
            Binding::Mixed(_) => Value::String(self.eval_string(scope)),
        }
    }

    /// The value as text: `undefined`/`null` print nothing, numbers as JS prints them,
    /// arrays joined by `,`, objects as `[object Object]`.
    pub fn eval_string(&self, scope: &dyn Scope) -> String {
        match self {
            Binding::Static(s) => s.clone(),
            Binding::Expr(e) => e.eval_val(scope).to_text(),
            Binding::Mixed(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Lit(s) => out.push_str(s),
                        Part::Expr(e) => out.push_str(&e.eval_val(scope).to_text()),
                    }
                }
                out
            }
        }
    }

    /// The value's JS truthiness (what `wx:if` and `hidden` test), computed before any
    /// conversion to JSON so `NaN` is false.
    pub fn eval_truthy(&self, scope: &dyn Scope) -> bool {
        match self {
            Binding::Expr(e) => e.eval_val(scope).truthy(),
            Binding::Static(s) => !s.is_empty(),
            Binding::Mixed(_) => !self.eval_string(scope).is_empty(),
        }
    }

    /// The data paths read, rooted at identifiers; empty for a static value.
    pub fn deps(&self) -> Vec<DataPath> {
        let mut out = Vec::new();
        match self {
            Binding::Static(_) => {}
            Binding::Expr(e) => e.collect_deps(&mut out),
            Binding::Mixed(parts) => {
                for part in parts {
                    if let Part::Expr(e) = part {
                        e.collect_deps(&mut out);
                    }
                }
            }
        }
        minimize_paths(out)
    }

    /// [`Binding::deps`] split in two: the paths read in any way (minimized as `deps`
    /// does), and the plain paths read as one side of an equality test, with the other
    /// side. A path may be in both (when it is also read otherwise); [`Binding::deps`] is
    /// both lists' paths together.
    pub fn reads(&self) -> (Vec<DataPath>, Vec<crate::expr::EqualityUse<'_>>) {
        let mut out = Vec::new();
        let mut eq = Vec::new();
        match self {
            Binding::Static(_) => {}
            Binding::Expr(e) => e.collect_reads(&mut out, Some(&mut eq)),
            Binding::Mixed(parts) => {
                for part in parts {
                    if let Part::Expr(e) = part {
                        e.collect_reads(&mut out, Some(&mut eq));
                    }
                }
            }
        }
        (minimize_paths(out), eq)
    }

    /// The data path a whole-value binding reads, when the expression is a plain path.
    pub fn as_path(&self) -> Option<DataPath> {
        match self {
            Binding::Expr(e) => e.as_path(),
            _ => None,
        }
    }

    pub fn is_static(&self) -> bool {
        matches!(self, Binding::Static(_))
    }

    /// The literal text of a `Static` binding.
    pub fn as_static(&self) -> Option<&str> {
        match self {
            Binding::Static(s) => Some(s),
            _ => None,
        }
    }
}

/// A piece of raw source text, by byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Segment {
    Lit(usize, usize),
    /// The text between `{{` and `}}`.
    Expr(usize, usize),
    /// `{{` with no `}}` after it: kept as text from here to the end.
    Unclosed(usize, usize),
}

/// Splits raw text into literal runs and mustaches.
pub(crate) fn split_mustaches(raw: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut lit_start = 0;
    let mut i = 0;
    while let Some(found) = raw[i..].find("{{") {
        let open = i + found;
        let inner = open + 2;
        let Some(close) = find_mustache_end(raw.as_bytes(), inner) else {
            if lit_start < open {
                out.push(Segment::Lit(lit_start, open));
            }
            out.push(Segment::Unclosed(open, raw.len()));
            return out;
        };
        if lit_start < open {
            out.push(Segment::Lit(lit_start, open));
        }
        out.push(Segment::Expr(inner, close));
        i = close + 2;
        lit_start = i;
    }
    if lit_start < raw.len() {
        out.push(Segment::Lit(lit_start, raw.len()));
    }
    out
}

/// Index of the `}}` closing a mustache whose content starts at `from`: the first one outside
/// a string literal, or failing that (an unbalanced quote) the first one at all.
pub(crate) fn find_mustache_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < b.len() {
        match (quote, b[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            (None, b'\'' | b'"') => quote = Some(b[i]),
            (None, b'}') if b.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    let rest = b.get(from..)?;
    rest.windows(2).position(|w| w == b"}}").map(|p| from + p)
}

/// An expression that failed to parse, located in the raw text given to [`compile_binding`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BindingError {
    pub offset: usize,
    pub message: String,
}

/// What [`compile_binding`] found besides the binding itself.
#[derive(Debug, Default)]
pub(crate) struct BindingReport {
    pub errors: Vec<BindingError>,
    /// Calls, with the offset of the callee in the raw text.
    pub calls: Vec<(usize, crate::expr_parse::CallSite)>,
    /// Offset of a `{{` that is never closed.
    pub unclosed: Option<usize>,
}

/// Builds a binding from raw source text (an attribute value between its quotes, or a text
/// run). Literal parts have entities decoded; so do expressions, which lets `&lt;` and
/// `&quot;` be written inside an attribute. An expression that fails to parse is reported and
/// becomes the empty string, so the rest of the page still renders.
pub(crate) fn compile_binding(raw: &str) -> (Binding, BindingReport) {
    let mut report = BindingReport::default();
    let segments = split_mustaches(raw);
    let mut parts = Vec::with_capacity(segments.len());
    for seg in &segments {
        match *seg {
            Segment::Lit(a, b) => parts.push(Part::Lit(decode_entities(&raw[a..b]).into_owned())),
            Segment::Unclosed(a, b) => {
                report.unclosed = Some(a);
                parts.push(Part::Lit(decode_entities(&raw[a..b]).into_owned()));
            }
            Segment::Expr(a, b) => {
                let text = &raw[a..b];
                let decoded = decode_entities(text);
                match crate::expr_parse::parse_expr(&decoded) {
                    Ok((expr, calls)) => {
                        let shift = |o: usize| {
                            if decoded.len() == text.len() {
                                a + o
                            } else {
                                a
                            }
                        };
                        report
                            .calls
                            .extend(calls.into_iter().map(|c| (shift(c.offset), c)));
                        parts.push(Part::Expr(expr));
                    }
                    Err(e) => {
                        // Offsets are exact unless entities changed the text's length; then
                        // point at the start of the expression.
                        let offset = if decoded.len() == text.len() {
                            a + e.offset
                        } else {
                            a
                        };
                        report.errors.push(BindingError {
                            offset,
                            message: e.message,
                        });
                        parts.push(Part::Lit(String::new()));
                    }
                }
            }
        }
    }
    let binding = match (segments.as_slice(), parts.len()) {
        ([Segment::Expr(..)], 1) => match parts.pop() {
            Some(Part::Expr(e)) => Binding::Expr(e),
            _ => Binding::Static(String::new()),
        },
        _ if parts.iter().all(|p| matches!(p, Part::Lit(_))) => Binding::Static(
            parts
                .into_iter()
                .map(|p| match p {
                    Part::Lit(s) => s,
                    Part::Expr(_) => String::new(),
                })
                .collect(),
        ),
        _ => Binding::Mixed(parts),
    };
    (binding, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile(raw: &str) -> Binding {
        let (b, report) = compile_binding(raw);
        assert!(report.errors.is_empty(), "{raw}: {:?}", report.errors);
        b
    }

    #[test]
    fn static_expr_and_mixed() {
        assert_eq!(
            compile("plain &amp; simple"),
            Binding::Static("plain & simple".into())
        );
        assert!(matches!(compile("{{flag}}"), Binding::Expr(_)));
        assert!(matches!(compile("{{ flag }}"), Binding::Expr(_)));
        // Any character around the mustache makes it a string.
        assert!(matches!(compile("{{flag}} "), Binding::Mixed(_)));
        assert!(matches!(compile("a {{b}}"), Binding::Mixed(_)));
        assert!(matches!(compile("{{a}}{{b}}"), Binding::Mixed(_)));
        assert_eq!(compile(""), Binding::Static(String::new()));
    }

    #[test]
    fn typing_rule() {
        let data = json!({"flag": false, "list": [1, 2, 3], "n": 3});
        assert_eq!(compile("{{flag}}").eval(&data), json!(false));
        assert_eq!(compile("{{list}}").eval(&data), json!([1, 2, 3]));
        assert_eq!(compile("{{list}} ").eval(&data), json!("1,2,3 "));
        assert_eq!(compile("item-{{n}}").eval(&data), json!("item-3"));
        assert_eq!(compile("false").eval(&data), json!("false"));
        assert!(compile("false").eval_truthy(&data));
        assert!(!compile("{{flag}}").eval_truthy(&data));
        assert!(!compile("{{0/0}}").eval_truthy(&data));
    }

    #[test]
    fn text_of_values() {
        let data = json!({"u": null, "o": {"a": 1}, "x": 1.5});
        let s = |raw: &str| compile(raw).eval_string(&data);
        assert_eq!(s("[{{missing}}|{{u}}]"), "[|]");
        assert_eq!(s("{{missing}}"), "");
        assert_eq!(s("{{o}}"), "[object Object]");
        assert_eq!(s("{{[1, [2, 3], null]}}"), "1,2,3,");
        assert_eq!(s("{{x * 2}}"), "3");
        assert_eq!(s("{{1e21}}"), "1e+21");
        assert_eq!(s("{{0/0}}"), "NaN");
        assert_eq!(s("{{-0}}"), "0");
        assert_eq!(s("{{'a' + u}}"), "anull");
    }

    #[test]
    fn mustache_ends_at_first_unquoted_close() {
        let data = json!({});
        assert_eq!(compile("{{ '}}' }}").eval(&data), json!("}}"));
        assert_eq!(compile("{{ \"{{x}}\" }}").eval(&data), json!("{{x}}"));
        assert_eq!(compile("{{ {a: 1} }}").eval(&data), json!({"a": 1}));
        assert_eq!(
            compile("{{ {a: {b: 1} } }}").eval(&data),
            json!({"a": {"b": 1}})
        );
        let (b, report) = compile_binding("{{ {a: {b: 1}} }}");
        assert_eq!(report.errors.len(), 1);
        // The failed expression renders as empty; the text after it is kept.
        assert_eq!(b.eval_string(&data), " }}");
    }

    #[test]
    fn errors_and_unclosed() {
        let (b, report) = compile_binding("x {{a +}} y");
        assert_eq!(
            report.errors,
            vec![BindingError {
                offset: 7,
                message: report.errors[0].message.clone()
            }]
        );
        assert_eq!(b, Binding::Static("x  y".into()));
        let (b, report) = compile_binding("{{ a b }}");
        assert_eq!(report.errors[0].offset, 5);
        assert_eq!(b, Binding::Static(String::new()));
        let (b, report) = compile_binding("a {{ b");
        assert_eq!(report.unclosed, Some(2));
        assert_eq!(b, Binding::Static("a {{ b".into()));
    }

    #[test]
    fn entities_inside_expressions() {
        let data = json!({"a": 1, "b": 2});
        assert_eq!(compile("{{a &lt; b}}").eval(&data), json!(true));
        assert_eq!(compile("{{a &amp;&amp; b}}").eval(&data), json!(2));
        assert_eq!(compile("{{a && b}}").eval(&data), json!(2));
        assert_eq!(compile("{{ &quot;x&quot; }}").eval(&data), json!("x"));
    }

    #[test]
    fn plain_paths_are_recognised() {
        let path = |raw: &str| compile(raw).as_path().map(|p| p.to_string());
        assert_eq!(path("{{list}}").as_deref(), Some("list"));
        assert_eq!(path("{{a.b[2].c}}").as_deref(), Some("a.b[2].c"));
        assert_eq!(path("{{a[i]}}"), None);
        assert_eq!(path("{{a || b}}"), None);
        assert_eq!(path("x {{a}}"), None);
    }

    #[test]
    fn deps_of_bindings() {
        let paths = |raw: &str| {
            compile(raw)
                .deps()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(paths("static"), Vec::<String>::new());
        assert_eq!(paths("{{a.b}} and {{a.b.c}} and {{c[0]}}"), ["a.b", "c[0]"]);
        assert_eq!(paths("{{a.b}} then {{a}}"), ["a"]);
    }
}
