//! Name resolution for bindings: `wx:for` aliases first, then `<wxs>` modules of the file
//! the binding was written in, then the page data — or, inside a `<template is>` instance,
//! only the data passed to it.

use crate::wxs::WxsHost;
use fc_protocol::{DataPath, PathSeg, Value};
use fc_template::Binding;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What a name bound by `wx:for` (or by `<template is data>`) stands for.
#[derive(Debug, Clone)]
pub(crate) enum Alias {
    /// A list item that lives in page data (the list was a plain data path): the list's
    /// path as written, resolved in the enclosing frame, at the frame's `pos`. A binding
    /// that reads `item.x` depends on `list[pos].x` exactly. Nothing absolute is stored, so
    /// an item that moves (its frame's `pos`, or an enclosing item's) reads its new place.
    Item(DataPath),
    /// The item of a computed list (a literal, a number, a string, an object's values) or,
    /// iterating an object, its key: its value (replaced when the list is reconciled), and
    /// the list expression, whose data paths it depends on.
    Computed(RefCell<Value>, Rc<Binding>),
    /// A value passed to a `<template is>` instance (rebuilt when it changes: no paths).
    Value(Value),
    /// The index alias: the frame's `pos`. A binding that reads it depends on the item
    /// (so it runs again when the item's place changes).
    Index,
}

/// A chain of alias frames, innermost first. Shared by all nodes of one list item.
#[derive(Debug, Default)]
pub(crate) struct ScopeChain {
    pub parent: Option<Rc<ScopeChain>>,
    pub vars: Vec<(String, Alias)>,
    /// The linked file the nodes were written in (index into the program): where template
    /// names and `<wxs>` modules are looked up.
    pub file: usize,
    /// A `<template is>` instance: names not found in `vars` (or below) are undefined, not
    /// page data. Its `vars` hold the passed data; the instance as a whole is rebuilt when
    /// that data changes, so they carry no dependencies of their own.
    pub isolated: bool,
    /// Set on the root frame of a custom component's template: whose data its names read
    /// and where its `<slot>`s take their content from. Frames below inherit it.
    pub component: Option<Rc<crate::component::InstanceFrame>>,
    /// On a list item's frame: the item's position in its list (reconciliation moves it).
    pub pos: Cell<usize>,
    /// On a list item's frame: the patch batch whose rewrite of the whole list left this
    /// item's value as it was (see [`Settled`]).
    pub settled: Cell<Settled>,
}

/// A list item that a whole-list write left with the value it had: the bindings that read
/// under it show what they showed, so that write need not run them (`Page::apply_patches`).
/// A binding that reads the item as a whole, or its index, runs when the item moved.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Settled {
    /// The batch (`Settle::batch`); 0 is never.
    pub batch: u64,
    /// Which of the batch's settled lists (`Settle::lists`) the item belongs to.
    pub list: u32,
    /// Whether the item's position changed.
    pub moved: bool,
}

/// What one batch of patches knows about the lists it rewrote whole.
#[derive(Debug, Default)]
pub(crate) struct Settle {
    /// Counts batches; items settled in an earlier one are not settled now.
    pub batch: u64,
    /// The lists that the batch's patches replaced whole, with their values before it.
    pub old_lists: Vec<(DataPath, Value)>,
    /// The lists whose reconciliation settled items.
    pub lists: Vec<SettledList>,
}

/// One list that a batch rewrote whole, and which of its items it left as they were.
#[derive(Debug)]
pub(crate) struct SettledList {
    /// Where it lives in page data.
    pub path: DataPath,
    /// By new position: the item's value is the one its nodes show.
    pub same: Vec<bool>,
    /// By new position: none of the item's nodes need to run for the write (see
    /// `Builder::settled_items`).
    pub skip: Vec<bool>,
}

impl Settle {
    /// Whether dependency `dep` of a binding in `scope` lies under an item this batch
    /// settled (and so the binding need not run for it).
    pub fn covers(&self, scope: &ScopeChain, dep: &DataPath) -> bool {
        if self.lists.is_empty() {
            return false;
        }
        let mut cur = Some(scope);
        while let Some(frame) = cur {
            let s = frame.settled.get();
            if s.batch == self.batch {
                if let Some(list) = self.lists.get(s.list as usize) {
                    let list = &list.path.0;
                    let n = list.len();
                    let under = dep.0.len() > n
                        && dep.0[..n] == list[..]
                        && dep.0[n] == PathSeg::Index(frame.pos.get());
                    // The item itself (or its index) is read anew where it moved.
                    if under && (dep.0.len() > n + 1 || !s.moved) {
                        return true;
                    }
                }
            }
            cur = frame.parent.as_deref();
        }
        false
    }
}

impl ScopeChain {
    /// A frame inside `parent` (same file) with `vars`.
    pub fn child(parent: &Rc<ScopeChain>, vars: Vec<(String, Alias)>) -> ScopeChain {
        ScopeChain {
            parent: Some(parent.clone()),
            vars,
            file: parent.file,
            isolated: false,
            component: None,
            pos: Cell::new(0),
            settled: Cell::default(),
        }
    }

    /// The component instance whose template these nodes come from (none: the page's).
    pub fn instance(&self) -> Option<&Rc<crate::component::InstanceFrame>> {
        let mut cur = Some(self);
        while let Some(frame) = cur {
            if let Some(c) = &frame.component {
                return Some(c);
            }
            cur = frame.parent.as_deref();
        }
        None
    }

    /// `name` as a path in the page's data mirror: a component's names live under its key.
    fn data_path(&self, dep: &DataPath) -> DataPath {
        self.data_path_with_room(&dep.0, 0)
    }

    /// `data_path`, with room for `room` more segments (one allocation for the whole path).
    fn data_path_with_room(&self, dep: &[PathSeg], room: usize) -> DataPath {
        let instance = self.instance();
        let mut p = Vec::with_capacity(usize::from(instance.is_some()) + dep.len() + room);
        if let Some(c) = instance {
            p.push(PathSeg::Key(c.data_key.as_str().into()));
        }
        p.extend(dep.iter().cloned());
        DataPath(p)
    }

    /// The alias `name` stands for with the frame that binds it, and whether the search met
    /// an isolating frame.
    pub fn find(&self, name: &str) -> (Option<(&ScopeChain, &Alias)>, bool) {
        let mut cur = Some(self);
        while let Some(frame) = cur {
            if let Some((_, a)) = frame.vars.iter().find(|(n, _)| n == name) {
                return (Some((frame, a)), false);
            }
            if frame.isolated {
                return (None, true);
            }
            cur = frame.parent.as_deref();
        }
        (None, false)
    }

    /// The item alias of a list item's frame (what its index alias stands beside).
    fn item_alias(&self) -> Option<&Alias> {
        self.vars
            .iter()
            .map(|(_, a)| a)
            .find(|a| !matches!(a, Alias::Index))
    }

    /// Where an `Item` alias of this frame lives in page data: the list's path resolved in
    /// the enclosing frame, then this frame's position; with room for `room` more segments.
    fn item_path_with_room(&self, list: &DataPath, room: usize) -> Option<DataPath> {
        let mut p = self
            .parent
            .as_deref()?
            .locate_with_room(&list.0, room + 1)?;
        p.0.push(PathSeg::Index(self.pos.get()));
        Some(p)
    }

    /// The value of an `Item` alias of this frame in `data`, read where `item_path_with_room` says it
    /// lives without making that path: a list's bindings read their item (`item.label`)
    /// for every row built.
    pub fn item_value<'a>(&self, list: &DataPath, data: &'a Value) -> Option<&'a Value> {
        let list = self.parent.as_deref()?.locate_value(list, data)?;
        DataPath::get_at(&[PathSeg::Index(self.pos.get())], list)
    }

    /// The value at `path` in `data` where `locate` says it lives, without making the path.
    fn locate_value<'a>(&self, path: &DataPath, data: &'a Value) -> Option<&'a Value> {
        let Some(PathSeg::Key(root)) = path.0.first() else {
            return None;
        };
        match self.find(root) {
            (None, false) => {
                let own = match self.instance() {
                    Some(c) => data.get(c.data_key.as_str())?,
                    None => data,
                };
                DataPath::get_at(&path.0, own)
            }
            (Some((frame, Alias::Item(list))), _) => {
                DataPath::get_at(&path.0[1..], frame.item_value(list, data)?)
            }
            _ => None,
        }
    }

    /// Where `path` (rooted at a name) lives in page data, when it does: a name of the
    /// page's (or the component's) data, or an item of a list that lives there. `None` for
    /// computed items and template data.
    pub fn locate(&self, path: &DataPath) -> Option<DataPath> {
        self.locate_with_room(&path.0, 0)
    }

    /// `locate`, with room for `room` more segments: a binding's path inside a list item
    /// (`rows[3].label`) is made in one allocation.
    fn locate_with_room(&self, path: &[PathSeg], room: usize) -> Option<DataPath> {
        let Some(PathSeg::Key(root)) = path.first() else {
            return None;
        };
        match self.find(root) {
            (None, false) => Some(self.data_path_with_room(path, room)),
            (Some((frame, Alias::Item(list))), _) => {
                let rest = &path[1..];
                let mut p = frame.item_path_with_room(list, rest.len() + room)?;
                p.0.extend(rest.iter().cloned());
                Some(p)
            }
            _ => None,
        }
    }

    /// Rewrites a binding's dependency (rooted at an identifier) into page-data paths.
    pub fn resolve_dep(&self, dep: &DataPath, out: &mut Vec<DataPath>) {
        let Some(PathSeg::Key(root)) = dep.0.first() else {
            return;
        };
        match self.find(root) {
            // Inside a template instance an unknown name reads nothing from the page.
            (None, true) => {}
            (None, false) => out.push(self.data_path(dep)),
            (Some((frame, alias)), _) => frame.resolve_alias(alias, &dep.0[1..], out),
        }
    }

    /// The page-data paths that `alias` (bound in this frame) followed by `rest` reads.
    fn resolve_alias(&self, alias: &Alias, rest: &[PathSeg], out: &mut Vec<DataPath>) {
        match alias {
            Alias::Item(list) => {
                if let Some(mut full) = self.item_path_with_room(list, rest.len()) {
                    full.0.extend(rest.iter().cloned());
                    out.push(full);
                }
            }
            Alias::Computed(_, list) => {
                if let Some(parent) = self.parent.as_deref() {
                    for d in list.deps() {
                        parent.resolve_dep(&d, out);
                    }
                }
            }
            Alias::Value(_) => {}
            // The index reads the item's place: it depends on the item as a whole.
            Alias::Index => {
                if let Some(item) = self.item_alias() {
                    self.resolve_alias(item, &[], out);
                }
            }
        }
    }
}

/// A `fc_template::Scope` over one node's alias chain, its file's modules and the page data.
pub(crate) struct EvalScope<'a> {
    pub chain: &'a ScopeChain,
    pub data: &'a Value,
    pub wxs: Option<&'a dyn WxsHost>,
    /// The bundle path of `chain.file`.
    pub file: &'a str,
}

impl EvalScope<'_> {
    /// The data names resolve in: the page's, or the component instance's.
    fn own_data(&self) -> Option<&Value> {
        match self.chain.instance() {
            Some(c) => self.data.get(c.data_key.as_str()),
            None => Some(self.data),
        }
    }
}

impl fc_template::Scope for EvalScope<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        let (alias, isolated) = self.chain.find(name);
        match alias {
            Some((frame, Alias::Item(list))) => frame.item_value(list, self.data).cloned(),
            Some((_, Alias::Computed(v, _))) => Some(v.borrow().clone()),
            Some((_, Alias::Value(v))) => Some(v.clone()),
            Some((frame, Alias::Index)) => Some(Value::from(frame.pos.get())),
            None => {
                if let Some(exports) = self.wxs.and_then(|w| w.exports(self.file, name)) {
                    return Some(exports);
                }
                if isolated {
                    None
                } else {
                    fc_protocol::field(self.own_data()?.as_object()?, name).cloned()
                }
            }
        }
    }

    fn lookup_with(&self, name: &str, f: &mut dyn FnMut(Option<&Value>)) {
        // Page data is lent, not copied: `list[3].name` copies only the name.
        match self.chain.find(name) {
            (None, false) if !self.wxs.is_some_and(|w| w.has_module(self.file, name)) => {
                let own = self.own_data().and_then(Value::as_object);
                return f(own.and_then(|d| fc_protocol::field(d, name)));
            }
            (Some((frame, Alias::Item(list))), _) => {
                return f(frame.item_value(list, self.data));
            }
            (Some((_, Alias::Computed(v, _))), _) => return f(Some(&v.borrow())),
            _ => {}
        }
        let v = self.lookup(name);
        f(v.as_ref())
    }

    fn call(&self, module: &str, function: &str, args: &[Value]) -> Option<Value> {
        self.wxs?.call(self.file, module, function, args)
    }
}
