//! Selectors: what a parsed selector is, its specificity, and matching it against a node.
//! Parsing lives in `selector_parse.rs`.
//!
//! Supported: tag, `*`, `.class`, `#id`, attribute selectors (`[a]`, `[a=v]`, `~=`, `|=`, `^=`,
//! `$=`, `*=`, with the `i` flag), compounds of those, the descendant and child (`>`)
//! combinators, `:first-child`, `:last-child`, `:only-child`, `:nth-child(an+b)`,
//! `:nth-last-child()`, the `-of-type` forms of those, `:not(<compound list>)`, and a trailing
//! pseudo-element (`::before`, `::after`, `::placeholder`). Anything else is rejected so the
//! caller can skip just that selector with a warning.
//!
//! Selectors are stored right to left, so matching starts with the subject compound (the
//! cheap, usually failing test) and only walks ancestors when it passes.

/// What selector matching needs from a tree node. Implemented by the render tree's node
/// handle (a cheap `Copy` reference); the root (`page`) has no parent.
pub trait StyleNode: Copy {
    /// Component (tag) name, e.g. `view`; compared ASCII case-insensitively.
    fn tag(&self) -> &str;
    fn id(&self) -> Option<&str>;
    /// Whether the space-separated `class` list (after binding) contains `class`.
    fn has_class(&self, class: &str) -> bool;
    /// Calls `f` with each class of the node, when the node can list them (returns false
    /// when it cannot: rule lookup then asks `has_class` for each class a sheet indexes).
    fn for_each_class(&self, f: &mut dyn FnMut(&str)) -> bool {
        let _ = f;
        false
    }
    fn attr(&self, name: &str) -> Option<&str>;
    /// `None` for the root (`page`).
    fn parent(&self) -> Option<Self>;
    /// Previous element sibling (text nodes are not siblings here).
    fn prev_sibling(&self) -> Option<Self>;
    /// Next element sibling.
    fn next_sibling(&self) -> Option<Self>;
}

/// A pseudo-element a rule can style instead of the element itself. Their styles come from
/// `Cascade::compute_pseudo`, never from `Cascade::compute`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pseudo {
    /// `::before` (or the legacy `:before`): a box before the element's content.
    Before,
    /// `::after` (or `:after`): a box after the element's content.
    After,
    /// `::placeholder` (or `::-webkit-input-placeholder`): an input's placeholder text.
    Placeholder,
}

/// How an attribute selector compares the attribute's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttrOp {
    /// `[a=v]`
    Equal,
    /// `[a~=v]`: `v` is one of the whitespace-separated words.
    Includes,
    /// `[a|=v]`: `v` or `v-…`.
    DashMatch,
    /// `[a^=v]`
    Prefix,
    /// `[a$=v]`
    Suffix,
    /// `[a*=v]`
    Substring,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AttrSelector {
    /// Lowercase attribute name.
    pub(crate) name: String,
    /// `None` for `[a]` (present with any value).
    pub(crate) test: Option<(AttrOp, String)>,
    /// The `i` flag: compare ASCII case-insensitively.
    pub(crate) ignore_case: bool,
}

impl AttrSelector {
    fn matches<N: StyleNode>(&self, node: N) -> bool {
        // Class and id live outside the attribute map in the view tree; `[class~=x]` is
        // exactly a class test, and `[id…]` can read the id.
        if self.name == "class" {
            if let Some((AttrOp::Includes, v)) = &self.test {
                if !self.ignore_case && node.attr("class").is_none() {
                    return node.has_class(v);
                }
            }
        }
        let value = match node.attr(&self.name) {
            Some(v) => v,
            None if self.name == "id" => match node.id() {
                Some(id) => id,
                None => return false,
            },
            None => return false,
        };
        let Some((op, wanted)) = &self.test else {
            return true;
        };
        let (value, wanted) = if self.ignore_case {
            (value.to_ascii_lowercase(), wanted.to_ascii_lowercase())
        } else {
            (value.to_owned(), wanted.clone())
        };
        // CSS: an empty (or, for `~=`, whitespace-containing) operand never matches these.
        let empty = wanted.is_empty();
        match op {
            AttrOp::Equal => value == wanted,
            AttrOp::Includes => {
                !empty
                    && !wanted.contains(char::is_whitespace)
                    && value.split_ascii_whitespace().any(|w| w == wanted)
            }
            AttrOp::DashMatch => {
                value == wanted
                    || (value.starts_with(wanted.as_str())
                        && value.as_bytes().get(wanted.len()) == Some(&b'-'))
            }
            AttrOp::Prefix => !empty && value.starts_with(wanted.as_str()),
            AttrOp::Suffix => !empty && value.ends_with(wanted.as_str()),
            AttrOp::Substring => !empty && value.contains(wanted.as_str()),
        }
    }
}

/// `:nth-child(an+b)` and its relatives; `:first-child` is `a = 0, b = 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Nth {
    pub(crate) a: i32,
    pub(crate) b: i32,
    /// Count from the last sibling (`:nth-last-child`, `:last-child`).
    pub(crate) from_end: bool,
    /// Count only siblings with the same tag (`:nth-of-type`).
    pub(crate) of_type: bool,
}

impl Nth {
    fn matches<N: StyleNode>(&self, node: N) -> bool {
        let step = |n: &N| {
            if self.from_end {
                n.next_sibling()
            } else {
                n.prev_sibling()
            }
        };
        let mut index: i64 = 1;
        let mut sibling = step(&node);
        while let Some(s) = sibling {
            if !self.of_type || s.tag().eq_ignore_ascii_case(node.tag()) {
                index += 1;
            }
            sibling = step(&s);
        }
        // Is there an n >= 0 with a*n + b == index?
        let (a, b) = (i64::from(self.a), i64::from(self.b));
        if a == 0 {
            return index == b;
        }
        let diff = index - b;
        diff % a == 0 && diff / a >= 0
    }
}

/// One compound selector (`button.primary[type=warn]:first-child`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Compound {
    /// Lowercase tag name; `None` for `*` or no type selector.
    pub(crate) tag: Option<String>,
    pub(crate) ids: Vec<String>,
    pub(crate) classes: Vec<String>,
    pub(crate) attrs: Vec<AttrSelector>,
    pub(crate) nth: Vec<Nth>,
    /// `:not(a, b)`: matches when none of these compounds does.
    pub(crate) not: Vec<Compound>,
}

impl Compound {
    /// Whether matching looks at the element's siblings.
    fn is_structural(&self) -> bool {
        !self.nth.is_empty() || self.not.iter().any(Compound::is_structural)
    }

    pub(crate) fn matches<N: StyleNode>(&self, node: N) -> bool {
        self.ids.iter().all(|id| node.id() == Some(id.as_str()))
            && self.classes.iter().all(|c| node.has_class(c))
            && self
                .tag
                .as_ref()
                .is_none_or(|t| node.tag().eq_ignore_ascii_case(t))
            && self.attrs.iter().all(|a| a.matches(node))
            && self.nth.iter().all(|n| n.matches(node))
            && !self.not.iter().any(|c| c.matches(node))
    }

    /// (ids, classes-attributes-pseudo-classes, tags) as CSS counts them; `:not()` counts as
    /// its most specific argument.
    pub(crate) fn specificity(&self) -> [u32; 3] {
        let not = self
            .not
            .iter()
            .map(Compound::specificity)
            .max()
            .unwrap_or([0; 3]);
        [
            self.ids.len() as u32 + not[0],
            (self.classes.len() + self.attrs.len() + self.nth.len()) as u32 + not[1],
            u32::from(self.tag.is_some()) + not[2],
        ]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Combinator {
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
    pub(crate) compounds: Vec<Compound>,
    /// `combinators[i]` joins `compounds[i]` to `compounds[i + 1]` (its left neighbour).
    pub(crate) combinators: Vec<Combinator>,
    /// The pseudo-element the rule styles; `None` styles the element itself.
    pub(crate) pseudo: Option<Pseudo>,
    /// CSS specificity packed as ids << 20 | classes << 10 | tags, so `u32` order is
    /// specificity order.
    pub(crate) specificity: u32,
}

impl Selector {
    /// Whether any compound looks at the element's siblings (`:nth-child()` and kin).
    pub(crate) fn is_structural(&self) -> bool {
        self.compounds.iter().any(Compound::is_structural)
    }

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

    /// Whether the compounds match `node` (the pseudo-element, if any, is the caller's test).
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
