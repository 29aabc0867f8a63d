//! A linked template program reshaped for instantiation: every binding behind an `Rc`, so the
//! thousands of nodes made from one template element share it instead of copying it, and
//! each file's renderable nodes and `<template name>` definitions ready to instantiate.

use fc_template::{Binding, Cond, EventKind, Node, Program};
use std::collections::HashMap;
use std::rc::Rc;

pub(crate) struct PElement {
    pub tag: std::rc::Rc<str>,
    pub pos: fc_template::Pos,
    /// Name, value, and whether it was written without a value (`<button disabled>`).
    /// Names shared with every element built from this one.
    pub attrs: Vec<(Rc<str>, Rc<Binding>, bool)>,
    /// Kind, event name and handler; the handler's name when it has no `{{ }}`, shared.
    pub events: Vec<PEvent>,
    pub cond: Option<PCond>,
    pub for_each: Option<PFor>,
    pub children: Vec<PNode>,
    /// A `class` written without `{{ }}`: its text and classes, made once and shared by
    /// every element built from this one.
    pub static_class: Option<ClassList>,
}

impl PElement {
    pub fn attr(&self, name: &str) -> Option<&Rc<Binding>> {
        self.attrs.iter().find(|a| &*a.0 == name).map(|a| &a.1)
    }
}

pub(crate) struct PEvent {
    pub kind: EventKind,
    pub event: Rc<str>,
    pub handler: Rc<Binding>,
    pub static_handler: Option<Rc<str>>,
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
    /// `wx:key`: a field name of the item, or `*this`.
    pub key: Option<String>,
}

#[derive(Clone)]
pub(crate) enum PNode {
    Element(Rc<PElement>),
    Text(Rc<Binding>),
    /// An `<include>`: the content of the file with this index, pasted here.
    Include(usize),
}

/// One linked file, ready to instantiate.
pub(crate) struct PFile {
    /// Its bundle path: which `<wxs>` modules its bindings see.
    pub path: Rc<str>,
    pub roots: Rc<Vec<PNode>>,
    /// `<template name>` definitions, by name, in definition order.
    pub definitions: Vec<(String, Rc<PElement>)>,
    pub imports: Vec<usize>,
    /// `usingComponents` of the page or component this file belongs to: tag -> index of
    /// the component definition (`Components::defs`).
    pub components: Rc<HashMap<String, usize>>,
}

/// A page's whole program. One per page.
pub(crate) struct PProgram {
    pub files: Vec<PFile>,
}

impl PProgram {
    /// The template `name` as file `file` sees it: its own definitions (the last of a name
    /// wins), then its direct imports' (a later import wins). Returns the defining file.
    pub fn find_template(&self, file: usize, name: &str) -> Option<(usize, Rc<PElement>)> {
        let defined = |f: usize| {
            self.files.get(f).and_then(|pf| {
                pf.definitions
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map(|(_, d)| (f, d.clone()))
            })
        };
        let own = self.files.get(file)?;
        defined(file).or_else(|| own.imports.iter().rev().find_map(|&i| defined(i)))
    }
}

/// Several linked programs (a page's and its components') as one: each program's file
/// indices are shifted by the files before it. Returns the first file index of each.
pub(crate) fn prepare_all(programs: &[(&Program, Rc<HashMap<String, usize>>)]) -> PProgram {
    let mut files = Vec::new();
    for (program, components) in programs {
        let offset = files.len();
        files.extend(prepare_one(program, offset, components));
    }
    PProgram { files }
}

fn prepare_one(
    program: &Program,
    offset: usize,
    components: &Rc<HashMap<String, usize>>,
) -> Vec<PFile> {
    let prepare_node = |program: &Program, n: &Node| prepare_node(program, offset, n);
    program
        .files
        .iter()
        .map(|f| PFile {
            path: Rc::from(f.path.as_str()),
            roots: Rc::new(f.roots.iter().map(|n| prepare_node(program, n)).collect()),
            definitions: f
                .definitions
                .iter()
                .filter_map(|d| {
                    let name = fc_template::template_name(d)?.to_string();
                    let PNode::Element(e) = prepare_node(program, &Node::Element(d.clone())) else {
                        return None;
                    };
                    Some((name, e))
                })
                .collect(),
            imports: f.imports.iter().map(|i| i + offset).collect(),
            components: components.clone(),
        })
        .collect()
}

fn prepare_node(program: &Program, offset: usize, n: &Node) -> PNode {
    match n {
        Node::Text(t) => PNode::Text(Rc::new(t.value.clone())),
        Node::Element(e) if e.tag == "include" => {
            // Linking rewrote `src` to the included file's bundle path.
            let file = e
                .attr("src")
                .and_then(|a| a.value.as_static())
                .and_then(|p| program.index_of(p))
                .map(|i| i + offset);
            match file {
                Some(f) => PNode::Include(f),
                None => PNode::Text(Rc::new(Binding::Static(String::new()))),
            }
        }
        Node::Element(e) => PNode::Element(Rc::new(PElement {
            static_class: e
                .attrs
                .iter()
                .find(|a| a.name == "class")
                .and_then(|a| a.value.as_static())
                .map(class_list),
            tag: e.tag.as_str().into(),
            pos: e.pos,
            attrs: e
                .attrs
                .iter()
                .map(|a| {
                    (
                        a.name.as_str().into(),
                        Rc::new(a.value.clone()),
                        a.valueless,
                    )
                })
                .collect(),
            events: e
                .events
                .iter()
                .map(|ev| PEvent {
                    kind: ev.kind,
                    event: ev.event.as_str().into(),
                    handler: Rc::new(ev.handler.clone()),
                    static_handler: ev.handler.as_static().map(Rc::from),
                })
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
                key: f.key.clone(),
            }),
            children: e
                .children
                .iter()
                .map(|c| prepare_node(program, offset, c))
                .collect(),
        })),
    }
}

/// A `class` attribute's text and its classes, as an element holds them.
pub(crate) type ClassList = (Rc<str>, Rc<[Rc<str>]>);

/// A `class` attribute's text and its classes (split at whitespace).
fn new_class_list(text: &str) -> ClassList {
    (text.into(), text.split_whitespace().map(Rc::from).collect())
}

/// Class lists past which the shared ones are forgotten (a page whose class texts never
/// repeat does not grow the table for ever).
const SHARED_CLASS_LISTS: usize = 1024;

thread_local! {
    /// Class lists by their text, shared: the rows of a list evaluate the same few `class`
    /// texts again and again, and each row made its own (three allocations a row).
    static CLASS_LISTS: std::cell::RefCell<
        std::collections::HashMap<Rc<str>, ClassList, rustc_hash::FxBuildHasher>,
    > = std::cell::RefCell::default();
}

/// A `class` attribute's text and its classes (split at whitespace), shared with the
/// elements that have the same text.
pub(crate) fn class_list(text: &str) -> ClassList {
    CLASS_LISTS
        .try_with(|lists| {
            let mut lists = lists.borrow_mut();
            if let Some(list) = lists.get(text) {
                return list.clone();
            }
            if lists.len() >= SHARED_CLASS_LISTS {
                lists.clear();
            }
            let list = new_class_list(text);
            lists.insert(list.0.clone(), list.clone());
            list
        })
        .unwrap_or_else(|_| new_class_list(text))
}
