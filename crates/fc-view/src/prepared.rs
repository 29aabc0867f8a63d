//! A compiled template reshaped for instantiation: every binding behind an `Rc`, so the
//! thousands of nodes made from one template element share it instead of copying it.

use fc_template::{Binding, Cond, EventKind, Node, Template};
use std::rc::Rc;

pub(crate) struct PElement {
    pub tag: String,
    pub attrs: Vec<(String, Rc<Binding>)>,
    pub events: Vec<(EventKind, String, Rc<Binding>)>,
    pub cond: Option<PCond>,
    pub for_each: Option<PFor>,
    pub children: Vec<PNode>,
}

pub(crate) enum PCond {
    If(Rc<Binding>),
    Elif(Rc<Binding>),
    Else,
}

pub(crate) struct PFor {
    pub list: Rc<Binding>,
    pub item: String,
    pub index: String,
}

#[derive(Clone)]
pub(crate) enum PNode {
    Element(Rc<PElement>),
    Text(Rc<Binding>),
}

pub(crate) fn prepare(t: &Template) -> Vec<PNode> {
    t.roots.iter().map(prepare_node).collect()
}

fn prepare_node(n: &Node) -> PNode {
    match n {
        Node::Text(t) => PNode::Text(Rc::new(t.value.clone())),
        Node::Element(e) => PNode::Element(Rc::new(PElement {
            tag: e.tag.clone(),
            attrs: e
                .attrs
                .iter()
                .map(|a| (a.name.clone(), Rc::new(a.value.clone())))
                .collect(),
            events: e
                .events
                .iter()
                .map(|ev| (ev.kind, ev.event.clone(), Rc::new(ev.handler.clone())))
                .collect(),
            cond: e.cond.as_ref().map(|c| match c {
                Cond::If(b) => PCond::If(Rc::new(b.clone())),
                Cond::Elif(b) => PCond::Elif(Rc::new(b.clone())),
                Cond::Else => PCond::Else,
            }),
            for_each: e.for_each.as_ref().map(|f| PFor {
                list: Rc::new(f.list.clone()),
                item: f.item.clone(),
                index: f.index.clone(),
            }),
            children: e.children.iter().map(prepare_node).collect(),
        })),
    }
}
