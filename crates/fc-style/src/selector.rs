//! Selectors: parsing one complex selector, its specificity, and matching it against a node.
//!
//! Supported: tag, `*`, `.class`, `#id`, compounds of those, the descendant and child (`>`)
//! combinators, `:first-child`, `:last-child`. Anything else (attribute selectors, other
//! pseudo-classes, pseudo-elements, `+`/`~`) is rejected so the caller can skip just that
//! selector with a warning.
//!
//! Selectors are stored right to left, so matching starts with the subject compound (the
//! cheap, usually failing test) and only walks ancestors when it passes.

use cssparser::{Parser, Token};

use crate::{invalid, PResult};

/// What selector matching needs from a tree node. Implemented by the render tree's node
/// handle (a cheap `Copy` reference); the root (`page`) has no parent.
pub trait StyleNode: Copy {
    /// Component (tag) name, e.g. `view`; compared ASCII case-insensitively.
    fn tag(&self) -> &str;
    fn id(&self) -> Option<&str>;
    /// Whether the space-separated `class` list (after binding) contains `class`.
    fn has_class(&self, class: &str) -> bool;
    fn attr(&self, name: &str) -> Option<&str>;
    /// `None` for the root (`page`).
    fn parent(&self) -> Option<Self>;
    /// Previous element sibling (text nodes are not siblings here).
    fn prev_sibling(&self) -> Option<Self>;
    /// Next element sibling.
    fn next_sibling(&self) -> Option<Self>;
}

/// One compound selector (`button.primary:first-child`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Compound {
    /// Lowercase tag name; `None` for `*` or no type selector.
    tag: Option<String>,
    ids: Vec<String>,
    classes: Vec<String>,
    first_child: bool,
    last_child: bool,
}

impl Compound {
    fn matches<N: StyleNode>(&self, node: N) -> bool {
        if !self.ids.iter().all(|id| node.id() == Some(id.as_str())) {
            return false;
        }
        if !self.classes.iter().all(|c| node.has_class(c)) {
            return false;
        }
        if let Some(tag) = &self.tag {
            if !node.tag().eq_ignore_ascii_case(tag) {
                return false;
            }
        }
        if self.first_child && node.prev_sibling().is_some() {
            return false;
        }
        if self.last_child && node.next_sibling().is_some() {
            return false;
        }
        true
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
}

/// Where a selector is filed in a sheet's index: by the most selective part of its subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IndexKey<'a> {
    Id(&'a str),
    Class(&'a str),
    Tag(&'a str),
    Universal,
}

/// One complex selector, compounds stored right to left.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Selector {
    /// `compounds[0]` is the subject (rightmost) compound.
    compounds: Vec<Compound>,
    /// `combinators[i]` joins `compounds[i]` to `compounds[i + 1]` (its left neighbour).
    combinators: Vec<Combinator>,
    /// CSS specificity packed as ids << 20 | classes << 10 | tags, so `u32` order is
    /// specificity order.
    pub(crate) specificity: u32,
}

impl Selector {
    pub(crate) fn index_key(&self) -> IndexKey<'_> {
        let Some(subject) = self.compounds.first() else {
            return IndexKey::Universal;
        };
        if let Some(id) = subject.ids.first() {
            IndexKey::Id(id)
        } else if let Some(class) = subject.classes.first() {
            IndexKey::Class(class)
        } else if let Some(tag) = &subject.tag {
            IndexKey::Tag(tag)
        } else {
            IndexKey::Universal
        }
    }

    pub(crate) fn matches<N: StyleNode>(&self, node: N) -> bool {
        match self.compounds.first() {
            Some(subject) => subject.matches(node) && self.matches_rest(0, node),
            None => false,
        }
    }

    /// `compounds[i]` matched `node`; do the compounds to its left match `node`'s ancestors?
    fn matches_rest<N: StyleNode>(&self, i: usize, node: N) -> bool {
        let (Some(&combinator), Some(next)) = (self.combinators.get(i), self.compounds.get(i + 1))
        else {
            return true;
        };
        match combinator {
            Combinator::Child => node
                .parent()
                .is_some_and(|p| next.matches(p) && self.matches_rest(i + 1, p)),
            Combinator::Descendant => {
                let mut ancestor = node.parent();
                while let Some(a) = ancestor {
                    if next.matches(a) && self.matches_rest(i + 1, a) {
                        return true;
                    }
                    ancestor = a.parent();
                }
                false
            }
        }
    }
}

/// Parses one complex selector; `input` must be delimited to it (one comma-list item).
pub(crate) fn parse_selector(input: &mut Parser<'_>) -> PResult<Selector> {
    let mut compounds: Vec<Compound> = Vec::new();
    let mut combinators: Vec<Combinator> = Vec::new();
    let mut current: Option<(Compound, usize)> = None;
    let mut pending: Option<Combinator> = None;
    input.skip_whitespace();
    while let Ok(token) = input.next_including_whitespace().cloned() {
        match token {
            Token::WhiteSpace(_) => {
                if let Some((c, _)) = current.take() {
                    compounds.push(c);
                    pending = Some(Combinator::Descendant);
                }
            }
            Token::Delim('>') => {
                if let Some((c, _)) = current.take() {
                    compounds.push(c);
                }
                if compounds.is_empty() {
                    return invalid("selector starts with a combinator");
                }
                pending = Some(Combinator::Child);
            }
            Token::Delim(c @ ('+' | '~')) => {
                return invalid(format!("combinator `{c}` is not supported yet"));
            }
            token => {
                let (compound, parts) = current.get_or_insert_with(|| {
                    if !compounds.is_empty() {
                        combinators.push(pending.take().unwrap_or(Combinator::Descendant));
                    }
                    (Compound::default(), 0)
                });
                parse_simple(input, token, compound, *parts)?;
                *parts += 1;
            }
        }
    }
    if let Some((c, _)) = current {
        compounds.push(c);
    } else if pending == Some(Combinator::Child) {
        return invalid("selector ends with a combinator");
    }
    if compounds.is_empty() {
        return invalid("empty selector");
    }
    let (mut ids, mut classes, mut tags) = (0u32, 0u32, 0u32);
    for c in &compounds {
        ids += c.ids.len() as u32;
        classes += c.classes.len() as u32 + u32::from(c.first_child) + u32::from(c.last_child);
        tags += u32::from(c.tag.is_some());
    }
    compounds.reverse();
    combinators.reverse();
    let specificity = (ids.min(1023) << 20) | (classes.min(1023) << 10) | tags.min(1023);
    Ok(Selector {
        compounds,
        combinators,
        specificity,
    })
}

/// Adds one simple selector starting with `token` to `compound`; `parts` is how many simple
/// selectors the compound already has (a type selector must come first).
fn parse_simple(
    input: &mut Parser<'_>,
    token: Token<'_>,
    compound: &mut Compound,
    parts: usize,
) -> PResult<()> {
    match token {
        Token::Ident(name) if parts == 0 => compound.tag = Some(name.to_ascii_lowercase()),
        Token::Delim('*') if parts == 0 => {}
        Token::Ident(_) | Token::Delim('*') => {
            return invalid("a type selector must come first in a compound");
        }
        Token::Delim('.') => match input.next_including_whitespace()? {
            Token::Ident(class) => compound.classes.push(class.to_string()),
            _ => return invalid("`.` must be followed by a class name"),
        },
        Token::IDHash(id) => compound.ids.push(id.to_string()),
        Token::Hash(id) => return invalid(format!("`#{id}` is not a valid id selector")),
        Token::Colon => match input.next_including_whitespace()?.clone() {
            Token::Ident(name) if name.eq_ignore_ascii_case("first-child") => {
                compound.first_child = true;
            }
            Token::Ident(name) if name.eq_ignore_ascii_case("last-child") => {
                compound.last_child = true;
            }
            Token::Ident(name) => {
                return invalid(format!("pseudo-class `:{name}` is not supported yet"));
            }
            Token::Function(name) => {
                return invalid(format!("pseudo-class `:{name}()` is not supported yet"));
            }
            Token::Colon => return invalid("pseudo-elements (`::`) are not supported yet"),
            _ => return invalid("bad pseudo-class"),
        },
        Token::SquareBracketBlock => {
            return invalid("attribute selectors are not supported yet");
        }
        _ => return invalid("unexpected token in selector"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestTree;

    fn sel(src: &str) -> PResult<Selector> {
        Parser::new(src).parse_entirely(parse_selector)
    }

    fn spec(src: &str) -> u32 {
        sel(src).map(|s| s.specificity).unwrap_or(u32::MAX)
    }

    #[test]
    fn specificity_counts_ids_classes_tags() {
        assert_eq!(spec("view"), 1);
        assert_eq!(spec("*"), 0);
        assert_eq!(spec(".a"), 1 << 10);
        assert_eq!(spec("button.primary"), (1 << 10) | 1);
        assert_eq!(spec("#x .a > view:first-child"), (1 << 20) | (2 << 10) | 1);
        assert!(spec("#x") > spec(".a.b.c.d"));
    }

    #[test]
    fn rejects_unsupported_selectors() {
        for bad in [
            "view::after",
            "button[type=primary]",
            "view:nth-child(2)",
            "view:active",
            "a + b",
            "a ~ b",
            "> a",
            "a >",
            ".",
            "view*",
        ] {
            assert!(sel(bad).is_err(), "{bad} should be rejected");
        }
        assert!(sel(".a view").is_ok());
        assert!(sel("#1abc").is_err());
    }

    #[test]
    fn matches_compounds_and_combinators() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let list = t.add(Some(page), "view#list.list");
        let a = t.add(Some(list), "view.item.on");
        let b = t.add(Some(list), "view.item");
        let inner = t.add(Some(b), "text.label");
        let m = |s: &str, n: usize| sel(s).map(|s| s.matches(t.node(n))).unwrap_or(false);

        assert!(m("view", a));
        assert!(m("VIEW", a));
        assert!(m("*", inner));
        assert!(m(".item.on", a));
        assert!(!m(".item.on", b));
        assert!(m("#list > .item", b));
        assert!(!m("#list > .label", inner));
        assert!(m("#list .label", inner));
        assert!(m("page view text", inner));
        assert!(m("page > view > view > text", inner));
        assert!(!m("page > view > text", inner));
        assert!(m(".item:first-child", a));
        assert!(!m(".item:first-child", b));
        assert!(m(".item:last-child", b));
        assert!(m("text:first-child:last-child", inner));
        assert!(m("page", page));
        assert!(!m("view page", page));
    }

    #[test]
    fn index_key_prefers_the_most_selective_part() {
        let key = |s: &str| {
            sel(s)
                .map(|s| format!("{:?}", s.index_key()))
                .unwrap_or_default()
        };
        assert_eq!(key("view.a#b"), "Id(\"b\")");
        assert_eq!(key(".x view.a"), "Class(\"a\")");
        assert_eq!(key(".x VIEW"), "Tag(\"view\")");
        assert_eq!(key("view *"), "Universal");
    }
}
