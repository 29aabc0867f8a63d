//! Custom properties (`--x: …`) and the functions substituted before a value is parsed:
//! `var(--x, fallback)`, `env(safe-area-inset-*, fallback)` and its iOS 11 spelling
//! `constant()`.
//!
//! A declaration whose value mentions `var()` cannot be typed at parse time, so it is kept as
//! text (`PendingValue`) and parsed per element once that element's custom properties are
//! known — CSS's "invalid at computed-value time": if substitution or the parse then fails,
//! the longhand behaves as `unset`. `env()` alone is constant on a desktop (every safe-area
//! inset is 0), so it is substituted at parse time and keeps its warnings' positions.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use cssparser::{ParseError, Parser, Token};

/// An element's computed custom properties: `--name` → its value as token text (trimmed,
/// with every `var()` already substituted). Inherited; cheap to clone (shared with the parent
/// when the element declares none).
#[derive(Clone, Debug, Default)]
pub struct CustomProperties(Option<Arc<BTreeMap<String, String>>>);

impl CustomProperties {
    /// The value of `name` (with its leading `--`), if defined.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.as_ref()?.get(name).map(String::as_str)
    }

    /// All defined properties, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.is_empty())
    }
}

impl PartialEq for CustomProperties {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => self.is_empty() && other.is_empty(),
        }
    }
}

/// What a `--x` declaration sets.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CustomValue {
    /// Token text as written (trimmed); may contain `var()`.
    Tokens(String),
    /// `initial`: the guaranteed-invalid value (as if never declared).
    Initial,
    /// `inherit` and `unset` (custom properties are inherited).
    Inherit,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CustomDeclaration {
    pub(crate) name: String,
    pub(crate) value: CustomValue,
    pub(crate) important: bool,
}

/// A declaration that mentions `var()`: the property as written (lowercase, maybe a
/// shorthand) and its value text, parsed per element after substitution.
#[derive(Debug, PartialEq)]
pub(crate) struct PendingValue {
    pub(crate) property: String,
    pub(crate) css: String,
}

/// Which substitution functions a value mentions (at any depth): (`var`, `env`/`constant`).
pub(crate) fn scan_functions(input: &mut Parser<'_>) -> (bool, bool) {
    let (mut var, mut env) = (false, false);
    scan_into(input, &mut var, &mut env);
    (var, env)
}

fn scan_into(input: &mut Parser<'_>, var: &mut bool, env: &mut bool) {
    while let Ok(token) = input.next() {
        let nested = match token {
            Token::Function(name) => {
                *var |= name.eq_ignore_ascii_case("var");
                *env |= is_env(name);
                true
            }
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => true,
            _ => false,
        };
        if nested {
            let _ = input.parse_nested_block(|i| {
                scan_into(i, var, env);
                Ok::<(), ParseError<()>>(())
            });
        }
    }
}

fn is_env(name: &str) -> bool {
    name.eq_ignore_ascii_case("env") || name.eq_ignore_ascii_case("constant")
}

/// The value of `env(name)` on this player: the safe-area insets are all 0 (a desktop window
/// has no notch); anything else is unknown (the fallback applies).
fn env_value(name: &str) -> Option<&'static str> {
    match name {
        "safe-area-inset-top"
        | "safe-area-inset-right"
        | "safe-area-inset-bottom"
        | "safe-area-inset-left" => Some("0px"),
        _ => None,
    }
}

/// Replaces every `var()` (looked up with `lookup`, which gets the name with its `--`) and
/// `env()` in `css`. `None` if a reference has no value and no fallback (or is malformed):
/// the declaration is then invalid at computed-value time.
pub(crate) fn substitute(
    css: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
) -> Option<String> {
    let mut parser = Parser::new(css);
    let mut out = String::with_capacity(css.len());
    substitute_into(&mut parser, lookup, &mut out).ok()?;
    Some(out.trim().to_owned())
}

type SubResult = Result<(), ParseError<()>>;

fn substitute_into(
    input: &mut Parser<'_>,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
    out: &mut String,
) -> SubResult {
    loop {
        let start = input.position();
        let Ok(token) = input.next_including_whitespace_and_comments().cloned() else {
            return Ok(());
        };
        let closing = match token {
            Token::Function(ref name) if name.eq_ignore_ascii_case("var") => {
                let value = input.parse_nested_block(|i| {
                    i.skip_whitespace();
                    let name = i.expect_ident_cloned()?;
                    if !name.starts_with("--") {
                        return Err(ParseError::custom(()));
                    }
                    resolve_reference(i, lookup(&name), lookup)
                })?;
                out.push_str(&value);
                continue;
            }
            Token::Function(ref name) if is_env(name) => {
                let value = input.parse_nested_block(|i| {
                    i.skip_whitespace();
                    let name = i.expect_ident_cloned()?.to_ascii_lowercase();
                    resolve_reference(i, env_value(&name).map(str::to_owned), lookup)
                })?;
                out.push_str(&value);
                continue;
            }
            Token::Function(_) | Token::ParenthesisBlock => ')',
            Token::SquareBracketBlock => ']',
            Token::CurlyBracketBlock => '}',
            _ => {
                out.push_str(input.slice_from(start));
                continue;
            }
        };
        out.push_str(input.slice_from(start));
        input.parse_nested_block(|i| substitute_into(i, lookup, out))?;
        out.push(closing);
    }
}

/// The rest of a `var(--x …)`/`env(x …)` after its name: `found` if the reference has a value
/// (the fallback is then skipped unread), else the substituted fallback after the comma.
fn resolve_reference(
    input: &mut Parser<'_>,
    found: Option<String>,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<String, ParseError<()>> {
    input.skip_whitespace();
    if let Some(v) = found {
        while input.next().is_ok() {}
        return Ok(v);
    }
    if input.is_exhausted() {
        return Err(ParseError::custom(()));
    }
    input.expect_comma()?;
    let mut fallback = String::new();
    substitute_into(input, lookup, &mut fallback)?;
    Ok(fallback.trim().to_owned())
}

/// Computes an element's custom properties from the winning `--x` declarations (`declared`)
/// and its parent's. References resolve against the element's own values first, then the
/// inherited ones; properties in a reference cycle become guaranteed-invalid (undefined), as
/// do ones whose references fail with no fallback.
pub(crate) fn compute_custom_properties(
    declared: &[(&str, &CustomValue)],
    parent: &CustomProperties,
) -> CustomProperties {
    if declared.is_empty() {
        return parent.clone();
    }
    let mut raw: HashMap<&str, &str> = HashMap::new();
    let mut map: BTreeMap<String, String> = parent.0.as_deref().cloned().unwrap_or_default();
    for &(name, value) in declared {
        match value {
            CustomValue::Tokens(t) => {
                raw.insert(name, t);
            }
            CustomValue::Initial => {
                map.remove(name);
            }
            // Already holds the parent's value.
            CustomValue::Inherit => {}
        }
    }
    let mut resolver = Resolver {
        raw: &raw,
        parent,
        done: HashMap::new(),
        stack: Vec::new(),
        in_cycle: HashSet::new(),
    };
    for &name in raw.keys() {
        match resolver.resolve(name) {
            Some(v) => map.insert(name.to_owned(), v),
            None => map.remove(name),
        };
    }
    CustomProperties(Some(Arc::new(map)))
}

struct Resolver<'a> {
    raw: &'a HashMap<&'a str, &'a str>,
    parent: &'a CustomProperties,
    done: HashMap<String, Option<String>>,
    stack: Vec<String>,
    in_cycle: HashSet<String>,
}

impl Resolver<'_> {
    fn resolve(&mut self, name: &str) -> Option<String> {
        if let Some(v) = self.done.get(name) {
            return v.clone();
        }
        let Some(&css) = self.raw.get(name) else {
            return self.parent.get(name).map(str::to_owned);
        };
        if let Some(pos) = self.stack.iter().position(|n| n == name) {
            // Every property on the cycle is invalid, whatever fallbacks it has.
            self.in_cycle.extend(self.stack[pos..].iter().cloned());
            return None;
        }
        self.stack.push(name.to_owned());
        let value = substitute(css, &mut |n| self.resolve(n));
        self.stack.pop();
        let value = if self.in_cycle.contains(name) {
            None
        } else {
            value
        };
        self.done.insert(name.to_owned(), value.clone());
        value
    }
}

/// Substitutes a pending declaration's value with `customs`; `None` when invalid.
pub(crate) fn substitute_pending(
    pending: &PendingValue,
    customs: &CustomProperties,
) -> Option<String> {
    substitute(&pending.css, &mut |n| customs.get(n).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(css: &str, vars: &[(&str, &str)]) -> Option<String> {
        substitute(css, &mut |n| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn substitutes_var_env_and_fallbacks() {
        let vars = [("--c", "#f00"), ("--w", "10px")];
        assert_eq!(sub("var(--c)", &vars).as_deref(), Some("#f00"));
        assert_eq!(
            sub("1px solid var(--c)", &vars).as_deref(),
            Some("1px solid #f00")
        );
        assert_eq!(
            sub("calc(var(--w) * 2)", &vars).as_deref(),
            Some("calc(10px * 2)")
        );
        assert_eq!(sub("var(--x, 3px)", &vars).as_deref(), Some("3px"));
        assert_eq!(
            sub("var(--x, var(--y, var(--w)))", &vars).as_deref(),
            Some("10px")
        );
        assert_eq!(sub("var(--x,)", &vars).as_deref(), Some(""));
        assert_eq!(sub("var(--x)", &vars), None);
        assert_eq!(sub("var(x)", &vars), None);
        assert_eq!(
            sub("env(safe-area-inset-bottom)", &vars).as_deref(),
            Some("0px")
        );
        assert_eq!(
            sub("calc(10px + constant(safe-area-inset-top))", &vars).as_deref(),
            Some("calc(10px + 0px)")
        );
        assert_eq!(
            sub("env(keyboard-inset, 4px)", &vars).as_deref(),
            Some("4px")
        );
        assert_eq!(sub("env(keyboard-inset)", &vars), None);
        assert_eq!(
            sub("rgba(0, 0, 0, var(--a, .5))", &vars).as_deref(),
            Some("rgba(0, 0, 0, .5)")
        );
    }

    #[test]
    fn scan_finds_nested_references() {
        let scan = |css: &str| scan_functions(&mut Parser::new(css));
        assert_eq!(scan("1px solid red"), (false, false));
        assert_eq!(scan("calc(1px + var(--a))"), (true, false));
        assert_eq!(scan("env(safe-area-inset-top)"), (false, true));
        assert_eq!(scan("VAR(--a) constant(x)"), (true, true));
    }

    fn custom(declared: &[(&str, &str)], parent: &CustomProperties) -> CustomProperties {
        let values: Vec<(&str, CustomValue)> = declared
            .iter()
            .map(|&(n, v)| (n, CustomValue::Tokens(v.to_owned())))
            .collect();
        let refs: Vec<(&str, &CustomValue)> = values.iter().map(|(n, v)| (*n, v)).collect();
        compute_custom_properties(&refs, parent)
    }

    #[test]
    fn custom_properties_inherit_and_reference_each_other() {
        let root = custom(
            &[("--a", " 4px "), ("--b", "var(--a)")],
            &Default::default(),
        );
        assert_eq!(root.get("--a"), Some("4px"));
        assert_eq!(root.get("--b"), Some("4px"));
        let child = custom(&[("--a", "8px"), ("--c", "var(--a) var(--b)")], &root);
        assert_eq!(
            child.get("--c"),
            Some("8px 4px"),
            "--b was computed on the root"
        );
        assert_eq!(child.get("--b"), Some("4px"));
        let same = custom(&[], &child);
        assert_eq!(same, child);
        assert_eq!(same.iter().count(), 3);
    }

    #[test]
    fn cycles_and_missing_references_are_invalid() {
        let parent = custom(&[("--p", "1px")], &Default::default());
        let s = custom(
            &[
                ("--a", "var(--b, 1px)"),
                ("--b", "var(--a, 2px)"),
                ("--self", "var(--self)"),
                ("--ok", "var(--a, 3px)"),
                ("--missing", "var(--nope)"),
                ("--p", "var(--p2)"),
            ],
            &parent,
        );
        assert_eq!(s.get("--a"), None);
        assert_eq!(s.get("--b"), None);
        assert_eq!(s.get("--self"), None);
        assert_eq!(
            s.get("--ok"),
            Some("3px"),
            "outside the cycle, the fallback applies"
        );
        assert_eq!(s.get("--missing"), None);
        assert_eq!(s.get("--p"), None, "invalid, not the inherited value");
        let initial = compute_custom_properties(&[("--p", &CustomValue::Initial)], &parent);
        assert!(initial.is_empty());
    }
}
