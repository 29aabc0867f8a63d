//! Name resolution for bindings: `wx:for` aliases first, then `<wxs>` modules of the file
//! the binding was written in, then the page data — or, inside a `<template is>` instance,
//! only the data passed to it.

use crate::wxs::WxsHost;
use fc_protocol::{DataPath, PathSeg, Value};
use std::rc::Rc;

/// What a `wx:for` alias stands for.
#[derive(Debug, Clone)]
pub(crate) enum Alias {
    /// The item lives in page data at this path (the list was a plain data path), so a
    /// binding that reads `item.x` depends on `list[i].x` exactly.
    Path(DataPath),
    /// The item was computed (a literal list, a number, an object's values): its value,
    /// and the data paths the list expression read.
    Value(Value, Rc<Vec<DataPath>>),
    /// The index alias.
    Index(usize),
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
        match self.instance() {
            Some(c) => {
                let mut p = DataPath(vec![PathSeg::Key(c.data_key.clone())]);
                p.0.extend(dep.0.iter().cloned());
                p
            }
            None => dep.clone(),
        }
    }

    /// The alias `name` stands for, and whether the search met an isolating frame.
    pub fn find(&self, name: &str) -> (Option<&Alias>, bool) {
        let mut cur = Some(self);
        while let Some(frame) = cur {
            if let Some((_, a)) = frame.vars.iter().find(|(n, _)| n == name) {
                return (Some(a), false);
            }
            if frame.isolated {
                return (None, true);
            }
            cur = frame.parent.as_deref();
        }
        (None, false)
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
            (Some(Alias::Path(p)), _) => {
                let mut full = p.clone();
                full.0.extend(dep.0[1..].iter().cloned());
                out.push(full);
            }
            (Some(Alias::Value(_, deps)), _) => out.extend(deps.iter().cloned()),
            // The index changes only when the list is rebuilt, which re-creates the node.
            (Some(Alias::Index(_)), _) => {}
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
            Some(Alias::Path(p)) => p.get(self.data).cloned(),
            Some(Alias::Value(v, _)) => Some(v.clone()),
            Some(Alias::Index(i)) => Some(Value::from(*i)),
            None => {
                if let Some(exports) = self.wxs.and_then(|w| w.exports(self.file, name)) {
                    return Some(exports);
                }
                if isolated {
                    None
                } else {
                    self.own_data()?.get(name).cloned()
                }
            }
        }
    }

    fn lookup_with(&self, name: &str, f: &mut dyn FnMut(Option<&Value>)) {
        // Page data is lent, not copied: `list[3].name` copies only the name.
        if let (None, false) = self.chain.find(name) {
            if !self.wxs.is_some_and(|w| w.has_module(self.file, name)) {
                return f(self.own_data().and_then(|d| d.get(name)));
            }
        }
        let v = self.lookup(name);
        f(v.as_ref())
    }

    fn call(&self, module: &str, function: &str, args: &[Value]) -> Option<Value> {
        self.wxs?.call(self.file, module, function, args)
    }
}
