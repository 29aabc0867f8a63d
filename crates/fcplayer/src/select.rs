//! Selectors over the view tree as drawn, for scenario steps and `createSelectorQuery`:
//! `#id`, `.class`, `tag`, compounds (`button.primary`), descendants (`.list text`),
//! children (`.list > text`), `>>>` (read as a descendant: there are no custom components
//! whose boundary it would cross yet) and comma lists (`#a, .b`).

use fc_view::{NodeId, NodeKind, Tree};

#[derive(Debug, Clone, PartialEq, Default)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
}

/// How a compound relates to the one before it (to its left).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Combinator {
    Descendant,
    Child,
}

/// One selector of a comma list: compounds from outermost to innermost; the combinator of
/// the first one is unused.
type Complex = Vec<(Combinator, Compound)>;

/// A parsed selector list: a node matches when any of its selectors does.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector(Vec<Complex>);

impl Selector {
    pub fn parse(text: &str) -> Option<Selector> {
        let list = text
            .split(',')
            .map(parse_complex)
            .collect::<Option<Vec<_>>>()?;
        Some(Selector(list))
    }

    fn matches_compound(c: &Compound, tree: &Tree, id: NodeId) -> bool {
        let (tag, el) = match tree.get(id).map(|n| &n.kind) {
            Some(NodeKind::Root) => ("page", None),
            Some(NodeKind::Element(e)) => (&*e.tag, Some(e)),
            _ => return false,
        };
        if c.tag.as_deref().is_some_and(|t| t != tag) {
            return false;
        }
        if let Some(want) = &c.id {
            if el.and_then(|e| e.id.as_ref()) != Some(want) {
                return false;
            }
        }
        c.classes
            .iter()
            .all(|cl| el.is_some_and(|e| e.classes.iter().any(|c| **c == **cl)))
    }

    /// Whether `parts` (outermost first) match with its last compound at `id`.
    fn matches_complex(parts: &[(Combinator, Compound)], tree: &Tree, id: NodeId) -> bool {
        let Some(((combinator, last), outer)) = parts.split_last() else {
            return false;
        };
        if !Self::matches_compound(last, tree, id) {
            return false;
        }
        if outer.is_empty() {
            return true;
        }
        let mut cur = tree.box_parent(id);
        match combinator {
            Combinator::Child => cur.is_some_and(|p| Self::matches_complex(outer, tree, p)),
            // Any ancestor may start the rest (backtracking: `.a > .b .c` needs it).
            Combinator::Descendant => {
                while let Some(anc) = cur {
                    if Self::matches_complex(outer, tree, anc) {
                        return true;
                    }
                    cur = tree.box_parent(anc);
                }
                false
            }
        }
    }

    pub fn matches(&self, tree: &Tree, id: NodeId) -> bool {
        self.0.iter().any(|c| Self::matches_complex(c, tree, id))
    }

    /// The first matching, displayed node in document order (what a tap can reach).
    pub fn first(&self, tree: &Tree) -> Option<NodeId> {
        let mut stack = vec![tree.root()];
        while let Some(id) = stack.pop() {
            let node = tree.get(id)?;
            if node.style.display == fc_style::Display::None {
                continue;
            }
            if self.matches(tree, id) {
                return Some(id);
            }
            let kids = tree.flat_children(id);
            stack.extend(kids.into_iter().rev());
        }
        None
    }

    /// Every matching node in document order, `display: none` subtrees included (a query
    /// finds hidden nodes too; they have empty boxes).
    pub fn all(&self, tree: &Tree) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut stack = vec![tree.root()];
        while let Some(id) = stack.pop() {
            if self.matches(tree, id) {
                found.push(id);
            }
            let kids = tree.flat_children(id);
            stack.extend(kids.into_iter().rev());
        }
        found
    }
}

/// One selector of a list: compounds separated by whitespace, `>` or `>>>`.
fn parse_complex(text: &str) -> Option<Complex> {
    let mut parts: Complex = Vec::new();
    let mut next = Combinator::Descendant;
    let mut pending_child = false;
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix(">>>") {
            // Crosses component boundaries; with no components it is a descendant.
            rest = r.trim_start();
            if parts.is_empty() || pending_child {
                return None;
            }
            pending_child = true;
            next = Combinator::Descendant;
            continue;
        }
        if let Some(r) = rest.strip_prefix('>') {
            rest = r.trim_start();
            if parts.is_empty() || pending_child {
                return None;
            }
            pending_child = true;
            next = Combinator::Child;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(rest.len());
        let compound = parse_compound(&rest[..end])?;
        parts.push((next, compound));
        next = Combinator::Descendant;
        pending_child = false;
        rest = rest[end..].trim_start();
    }
    (!parts.is_empty() && !pending_child).then_some(parts)
}

fn parse_compound(word: &str) -> Option<Compound> {
    let mut c = Compound::default();
    let mut cur = String::new();
    let mut kind = 't';
    let flush = |kind: char, cur: &mut String, c: &mut Compound| -> bool {
        let v = std::mem::take(cur);
        match kind {
            't' if !v.is_empty() => c.tag = Some(v),
            't' => {}
            '#' if !v.is_empty() => c.id = Some(v),
            '.' if !v.is_empty() => c.classes.push(v),
            _ => return false,
        }
        true
    };
    for ch in word.chars() {
        if ch == '#' || ch == '.' {
            if !flush(kind, &mut cur, &mut c) {
                return None;
            }
            kind = ch;
        } else if ch.is_alphanumeric() || ch == '-' || ch == '_' {
            cur.push(ch);
        } else {
            return None;
        }
    }
    if !flush(kind, &mut cur, &mut c) {
        return None;
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        assert!(Selector::parse("button").is_some());
        assert!(Selector::parse("#run").is_some());
        assert!(Selector::parse("button.primary.big").is_some());
        assert!(Selector::parse(".list text").is_some());
        assert!(Selector::parse(".list > text").is_some());
        assert!(Selector::parse(".list>text").is_some());
        assert!(Selector::parse(".a >>> .b, #c").is_some());
        assert!(Selector::parse("a[b]").is_none());
        assert!(Selector::parse("").is_none());
        assert!(Selector::parse("a..b").is_none());
        assert!(Selector::parse("> a").is_none());
        assert!(Selector::parse("a >").is_none());
        assert!(Selector::parse("a > > b").is_none());
        assert!(Selector::parse("a,").is_none());
    }

    #[test]
    fn combinators_shape() {
        let Some(Selector(list)) = Selector::parse(".a > .b .c, d") else {
            panic!("parses");
        };
        assert_eq!(list.len(), 2);
        let kinds: Vec<Combinator> = list[0].iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                Combinator::Descendant,
                Combinator::Child,
                Combinator::Descendant
            ]
        );
    }
}
