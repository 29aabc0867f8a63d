//! Scenario selectors over the view tree as drawn: `#id`, `.class`, `tag`, compounds
//! (`button.primary`) and descendants (`.list text`).

use fc_view::{NodeId, NodeKind, Tree};

#[derive(Debug, Clone, PartialEq, Default)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
}

/// A parsed selector: compounds from outermost to innermost.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector(Vec<Compound>);

impl Selector {
    pub fn parse(text: &str) -> Option<Selector> {
        let mut parts = Vec::new();
        for word in text.split_whitespace() {
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
            parts.push(c);
        }
        (!parts.is_empty()).then_some(Selector(parts))
    }

    fn matches_compound(c: &Compound, tree: &Tree, id: NodeId) -> bool {
        let (tag, el) = match tree.get(id).map(|n| &n.kind) {
            Some(NodeKind::Root) => ("page", None),
            Some(NodeKind::Element(e)) => (e.tag.as_str(), Some(e)),
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
            .all(|cl| el.is_some_and(|e| e.classes.contains(cl)))
    }

    pub fn matches(&self, tree: &Tree, id: NodeId) -> bool {
        let Some((last, outer)) = self.0.split_last() else {
            return false;
        };
        if !Self::matches_compound(last, tree, id) {
            return false;
        }
        // Match the outer compounds against ancestors, innermost first, greedily.
        let mut remaining = outer.iter().rev().peekable();
        let mut cur = tree.box_parent(id);
        while let (Some(c), Some(anc)) = (remaining.peek(), cur) {
            if Self::matches_compound(c, tree, anc) {
                remaining.next();
            }
            cur = tree.box_parent(anc);
        }
        remaining.peek().is_none()
    }

    /// The first matching, displayed node in document order.
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
        assert!(Selector::parse("a[b]").is_none());
        assert!(Selector::parse("").is_none());
        assert!(Selector::parse("a..b").is_none());
    }
}
