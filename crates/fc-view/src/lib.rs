//! The retained view tree on the render thread: a page's data mirror, the tree built from its
//! compiled template, the passes that keep the two in step (apply `setData` patches,
//! re-evaluate only the bindings that read changed paths, rebuild `if`/`for` regions,
//! restyle damaged nodes), hit testing and event routing (capture, bubble, catch), and the
//! text `dump` of the tree.
//!
//! It does not lay out (fc-layout writes `Node::rect`), paint, or run scripts.

#![deny(unsafe_code)]

mod component;
mod deps;
mod dump;
mod events;
mod instantiate;
mod page;
mod prepared;
mod scope;
pub mod scroll;
mod share;
mod tree;
mod wxs;

pub use component::{
    dispatch_component_event, owner_of, ComponentDef, ComponentInfo, PageComponents, TriggerOptions,
};
pub use dump::{display_text, dump_tree, dump_tree_with, FieldText};
pub use events::{dispatch, hit_test, hit_test_within, ElementInfo, EventInit, Fired};
pub use page::Page;
pub use tree::{damage, AttrMap, Element, EventHandler, Node, NodeId, NodeKind, Tree};
pub use wxs::WxsHost;

/// A node seen through `fc_style::StyleNode`: what selector matching needs.
#[derive(Clone, Copy)]
pub struct StyleRef<'a> {
    pub tree: &'a Tree,
    pub id: NodeId,
}

impl<'a> fc_style::StyleNode for StyleRef<'a> {
    fn tag(&self) -> &str {
        match self.tree.get(self.id).map(|n| &n.kind) {
            Some(NodeKind::Root) => "page",
            Some(NodeKind::Element(e)) => &e.tag,
            _ => "",
        }
    }

    fn id(&self) -> Option<&str> {
        self.tree.element(self.id)?.id.as_deref()
    }

    fn has_class(&self, class: &str) -> bool {
        self.tree
            .element(self.id)
            .is_some_and(|e| e.classes.iter().any(|c| &**c == class))
    }

    fn for_each_class(&self, f: &mut dyn FnMut(&str)) -> bool {
        if let Some(e) = self.tree.element(self.id) {
            for c in e.classes.iter() {
                f(c);
            }
        }
        true
    }

    fn attr(&self, name: &str) -> Option<&str> {
        let el = self.tree.element(self.id)?;
        // `id` and `class` are kept apart from the other attributes; selectors see them too.
        match name {
            "id" => return el.id.as_deref(),
            // `:host` in a component's sheet is compiled to `[fc-host]` (fcplayer's compile).
            "fc-host" => return el.component.map(|_| ""),
            "class" => return Some(&*el.class_text).filter(|c| !c.is_empty()),
            _ => {}
        }
        match el.attrs.get(name)? {
            fc_protocol::Value::String(s) => Some(s.as_str()),
            // A valueless attribute (`<button disabled>`) is present with an empty value.
            fc_protocol::Value::Bool(true) => Some(""),
            _ => None,
        }
    }

    fn parent(&self) -> Option<Self> {
        self.tree.box_parent(self.id).map(|id| StyleRef {
            tree: self.tree,
            id,
        })
    }

    fn prev_sibling(&self) -> Option<Self> {
        let siblings = self.element_siblings()?;
        let pos = siblings.iter().position(|s| *s == self.id)?;
        pos.checked_sub(1).map(|i| StyleRef {
            tree: self.tree,
            id: siblings[i],
        })
    }

    fn next_sibling(&self) -> Option<Self> {
        let siblings = self.element_siblings()?;
        let pos = siblings.iter().position(|s| *s == self.id)?;
        siblings.get(pos + 1).map(|id| StyleRef {
            tree: self.tree,
            id: *id,
        })
    }
}

impl StyleRef<'_> {
    fn element_siblings(&self) -> Option<Vec<NodeId>> {
        let parent = self.tree.box_parent(self.id)?;
        Some(
            self.tree
                .flat_children(parent)
                .into_iter()
                .filter(|c| self.tree.element(*c).is_some_and(|e| !e.generated))
                .collect(),
        )
    }
}

#[cfg(test)]
mod component_tests;
#[cfg(test)]
mod eq_tests;
#[cfg(test)]
mod generated_tests;
#[cfg(test)]
mod keyed_tests;
#[cfg(test)]
mod template_tests;
#[cfg(test)]
mod tests;
