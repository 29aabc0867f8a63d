//! Name resolution for bindings: `wx:for` aliases first, then the page data.

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
}

impl ScopeChain {
    pub fn find(&self, name: &str) -> Option<&Alias> {
        let mut cur = Some(self);
        while let Some(frame) = cur {
            if let Some((_, a)) = frame.vars.iter().find(|(n, _)| n == name) {
                return Some(a);
            }
            cur = frame.parent.as_deref();
        }
        None
    }

    /// Rewrites a binding's dependency (rooted at an identifier) into page-data paths.
    pub fn resolve_dep(&self, dep: &DataPath, out: &mut Vec<DataPath>) {
        let Some(PathSeg::Key(root)) = dep.0.first() else {
            return;
        };
        match self.find(root) {
            None => out.push(dep.clone()),
            Some(Alias::Path(p)) => {
                let mut full = p.clone();
                full.0.extend(dep.0[1..].iter().cloned());
                out.push(full);
            }
            Some(Alias::Value(_, deps)) => out.extend(deps.iter().cloned()),
            // The index changes only when the list is rebuilt, which re-creates the node.
            Some(Alias::Index(_)) => {}
        }
    }
}

/// A `fc_template::Scope` over one node's alias chain and the page data.
pub(crate) struct EvalScope<'a> {
    pub chain: &'a ScopeChain,
    pub data: &'a Value,
}

impl fc_template::Scope for EvalScope<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        match self.chain.find(name) {
            Some(Alias::Path(p)) => p.get(self.data).cloned(),
            Some(Alias::Value(v, _)) => Some(v.clone()),
            Some(Alias::Index(i)) => Some(Value::from(*i)),
            None => self.data.get(name).cloned(),
        }
    }
}
