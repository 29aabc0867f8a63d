//! Test helpers: a small element tree implementing `StyleNode`, and a way to compute the
//! styles of a node and its ancestors from CSS text.

use std::sync::Arc;

use crate::{parse_stylesheet, Cascade, ComputedStyle, ResolveContext, StyleNode};

/// A tiny arena tree for matching tests (also used by the cascade tests).
pub struct TestTree {
    pub nodes: Vec<TestElem>,
}

pub struct TestElem {
    pub tag: &'static str,
    pub id: Option<&'static str>,
    pub classes: Vec<&'static str>,
    pub attrs: Vec<(&'static str, &'static str)>,
    pub parent: Option<usize>,
}

impl TestTree {
    pub fn new() -> Self {
        TestTree { nodes: Vec::new() }
    }

    /// Adds `tag#id.class1.class2` (id and classes optional) under `parent`.
    pub fn add(&mut self, parent: Option<usize>, spec: &'static str) -> usize {
        let mut parts = spec.split('.');
        let head = parts.next().unwrap_or("");
        let (tag, id) = match head.split_once('#') {
            Some((t, i)) => (t, Some(i)),
            None => (head, None),
        };
        self.nodes.push(TestElem {
            tag,
            id,
            classes: parts.collect(),
            attrs: Vec::new(),
            parent,
        });
        self.nodes.len() - 1
    }

    /// Sets attribute `name` of node `i` (for attribute selectors).
    pub fn set_attr(&mut self, i: usize, name: &'static str, value: &'static str) {
        self.nodes[i].attrs.push((name, value));
    }

    pub fn node(&self, i: usize) -> TestNode<'_> {
        TestNode { tree: self, i }
    }
}

#[derive(Clone, Copy)]
pub struct TestNode<'a> {
    tree: &'a TestTree,
    i: usize,
}

impl TestNode<'_> {
    fn elem(&self) -> &TestElem {
        &self.tree.nodes[self.i]
    }

    fn siblings(&self) -> Vec<usize> {
        let parent = self.elem().parent;
        (0..self.tree.nodes.len())
            .filter(|&j| self.tree.nodes[j].parent == parent)
            .collect()
    }
}

impl StyleNode for TestNode<'_> {
    fn tag(&self) -> &str {
        self.elem().tag
    }
    fn id(&self) -> Option<&str> {
        self.elem().id
    }
    fn has_class(&self, class: &str) -> bool {
        self.elem().classes.contains(&class)
    }
    fn attr(&self, name: &str) -> Option<&str> {
        let attrs = &self.tree.nodes[self.i].attrs;
        attrs.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
    fn parent(&self) -> Option<Self> {
        self.elem().parent.map(|i| TestNode { tree: self.tree, i })
    }
    fn prev_sibling(&self) -> Option<Self> {
        let sibs = self.siblings();
        let pos = sibs.iter().position(|&j| j == self.i)?;
        pos.checked_sub(1).map(|p| TestNode {
            tree: self.tree,
            i: sibs[p],
        })
    }
    fn next_sibling(&self) -> Option<Self> {
        let sibs = self.siblings();
        let pos = sibs.iter().position(|&j| j == self.i)?;
        sibs.get(pos + 1).map(|&i| TestNode { tree: self.tree, i })
    }
}

/// Computes `node`'s style with `css` as the only sheet, its
/// ancestors computed first, `inline` applied to `node` only.
pub fn compute(
    css: &str,
    tree: &TestTree,
    node: usize,
    inline: Option<&str>,
    viewport_width: f32,
) -> ComputedStyle {
    let (sheet, diags) = parse_stylesheet("test.wxss", css);
    assert!(diags.is_empty(), "unexpected warnings: {diags:?}");
    let cascade = Cascade::new(vec![Arc::new(sheet)]);
    compute_with(&cascade, tree, node, inline, viewport_width)
}

pub fn compute_with(
    cascade: &Cascade,
    tree: &TestTree,
    node: usize,
    inline: Option<&str>,
    viewport_width: f32,
) -> ComputedStyle {
    let ctx = ResolveContext {
        viewport_width,
        viewport_height: 600.0,
    };
    let mut chain = vec![node];
    while let Some(p) = tree.nodes[chain[chain.len() - 1]].parent {
        chain.push(p);
    }
    let mut parent: Option<ComputedStyle> = None;
    for &n in chain.iter().rev() {
        let own_inline = if n == node { inline } else { None };
        parent = Some(cascade.compute(tree.node(n), parent.as_ref(), own_inline, &ctx));
    }
    parent.unwrap_or_default()
}

/// A one-element tree: `page > view.a#x` style spec for the element.
pub fn single(spec: &'static str) -> (TestTree, usize) {
    let mut t = TestTree::new();
    let page = t.add(None, "page");
    let n = t.add(Some(page), spec);
    (t, n)
}
