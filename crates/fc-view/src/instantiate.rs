//! Turns prepared template nodes into view nodes under a parent, evaluating bindings
//! against the page data, and records what each dynamic node depends on.

use crate::component::{props_of, slot_of, Components, HostRecord, InstanceFrame};
use crate::deps::{DepIndex, EqKey};
use crate::prepared::{PCond, PElement, PFor, PNode, PProgram};
use crate::scope::{Alias, EvalScope, ScopeChain, Settle, Settled, SettledList};
use crate::tree::{damage, Element, EventHandler, NodeId, NodeKind, Tree};
use crate::wxs::WxsHost;
use fc_protocol::{DataPath, Diagnostic, PathSeg, Value};
use fc_template::Binding;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A dynamic part of a node: what to re-evaluate, and the page-data paths it reads.
pub(crate) struct NodeBinding {
    pub what: BindingKind,
    pub deps: Vec<DataPath>,
    /// Where the binding is filed in the equality index (`deps.rs`): group and key, one
    /// entry per value the other sides of its tests take.
    pub eq: Vec<(usize, Option<EqKey>)>,
}

pub(crate) enum BindingKind {
    /// The node's text.
    Text(Rc<Binding>),
    /// All attributes of an element (re-evaluated together: they are few).
    Attrs(Rc<PElement>),
    /// A fragment holding one `wx:if`/`elif`/`else` chain; `chosen` is the branch shown.
    IfChain {
        branches: Rc<Vec<Rc<PElement>>>,
        chosen: Option<usize>,
    },
    /// A fragment holding a `wx:for` list. `list_path` is set when the list expression is a
    /// plain data path: then a change deeper than one item is left to the items' bindings.
    /// `items` says which item each child of the fragment shows.
    For {
        element: Rc<PElement>,
        list_path: Option<DataPath>,
        items: ForItems,
    },
    /// A fragment holding one `<template is>` instance, rebuilt when `is` or `data` change.
    Template(Rc<PElement>),
}

impl BindingKind {
    /// The page-data paths the binding reads, its names resolved in `scope`.
    pub fn deps(&self, scope: &ScopeChain, reads: &mut BindingReads) -> Vec<DataPath> {
        match self {
            BindingKind::Text(b) => deps_of(reads, scope, std::iter::once(b)),
            BindingKind::Attrs(e) => deps_of(
                reads,
                scope,
                e.attrs
                    .iter()
                    .map(|(_, b, _)| b)
                    .chain(e.events.iter().map(|ev| &ev.handler)),
            ),
            BindingKind::IfChain { branches, .. } => deps_of(
                reads,
                scope,
                branches.iter().filter_map(|b| match &b.cond {
                    Some(PCond::If(c)) | Some(PCond::Elif(c)) => Some(c),
                    _ => None,
                }),
            ),
            BindingKind::For { element, .. } => {
                deps_of(reads, scope, element.for_each.iter().map(|f| &f.list))
            }
            BindingKind::Template(e) => deps_of(
                reads,
                scope,
                ["is", "data"].iter().filter_map(|n| e.attr(n)),
            ),
        }
    }
}

/// What each template binding reads ([`Binding::deps`], and whether it tests anything for
/// equality), worked out once per binding instead of once per node made from it: 10,000
/// rows made from one template analysed their expressions 10,000 times. Keyed by the
/// binding's address; each entry holds the binding, so the address stays its own.
#[derive(Default)]
pub(crate) struct BindingReads {
    map: HashMap<usize, ReadsOf, rustc_hash::FxBuildHasher>,
    /// For each `wx:for` element (by address, held): how its item template reads the list.
    item_uses: HashMap<usize, (Rc<PElement>, ItemUse), rustc_hash::FxBuildHasher>,
    /// Within one batch: which paths a binding set (by address) reads only through
    /// equality tests under one enclosing scope (by address, held), with the tests' other
    /// sides. The 10,000 rows of one list share an entry (see `Builder::eq_reads`).
    eq_static: HashMap<(usize, usize), EqStatic, rustc_hash::FxBuildHasher>,
}

/// See `BindingReads::eq_static`: the enclosing scope held (its address is the key), and
/// for each eligible path (unresolved) the expressions compared with it.
type EqStatic = (
    Option<Rc<ScopeChain>>,
    Rc<Vec<(DataPath, Vec<fc_template::Expr>)>>,
);

/// A binding, the data paths it reads (unresolved), and whether it tests for equality.
type ReadsOf = (Rc<Binding>, Rc<[DataPath]>, bool);

impl BindingReads {
    /// Forgets what holds only within one batch (call before each).
    pub(crate) fn new_batch(&mut self) {
        self.eq_static.clear();
    }

    /// `b`'s unresolved data paths, and whether it reads any as one side of an equality
    /// test.
    fn of(&mut self, b: &Rc<Binding>) -> (Rc<[DataPath]>, bool) {
        let key = Rc::as_ptr(b) as usize;
        let (_, deps, eq) = self.map.entry(key).or_insert_with(|| {
            let eq = !b.reads().1.is_empty();
            (b.clone(), b.deps().into(), eq)
        });
        (deps.clone(), *eq)
    }
}

/// How the item template of a `wx:for` element reads its list, worked out once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemUse {
    /// A binding names the first name of the list expression (`rows` of
    /// `wx:for="{{rows}}"`), or an `<include>` is pasted (not looked into). Otherwise every
    /// path its bindings read into the list goes through the item (or index) alias, so an
    /// item that moves can have its paths rewritten in place (`Builder::shift_item`).
    pub names_list_root: bool,
    /// A binding reads the item alias as a whole (`{{item}}`) or the index alias: those run
    /// again when the item moves, even with its value unchanged.
    pub reads_item_whole: bool,
}

impl BindingReads {
    /// How the item template of `wx:for` element `e` reads its list (cached by element).
    fn item_use(&mut self, e: &Rc<PElement>) -> ItemUse {
        let key = Rc::as_ptr(e) as usize;
        if let Some((_, u)) = self.item_uses.get(&key) {
            return *u;
        }
        let first = |b: &Binding| match b.as_path().map(|p| p.0) {
            Some(segs) => match segs.into_iter().next() {
                Some(PathSeg::Key(k)) => Some(k),
                _ => None,
            },
            None => None,
        };
        let u = match &e.for_each {
            Some(f) => match first(&f.list) {
                Some(root) => {
                    let names = [root.to_string(), f.item.clone(), f.index.clone()];
                    let mut found = [false; 3];
                    let include = self.names(e, &names, true, &mut found);
                    ItemUse {
                        names_list_root: include || found[0],
                        reads_item_whole: include || found[1] || found[2],
                    }
                }
                None => ItemUse {
                    names_list_root: true,
                    reads_item_whole: true,
                },
            },
            None => ItemUse {
                names_list_root: true,
                reads_item_whole: true,
            },
        };
        self.item_uses.insert(key, (e.clone(), u));
        u
    }

    /// Looks through the bindings of `e` and below (not `e`'s own list expression when
    /// `top`): `found[0]` when a path starts at name `names[0]`, `found[1]` when one is
    /// exactly `names[1]`, `found[2]` when one starts at `names[2]`. Returns whether an
    /// `<include>` was met.
    fn names(&mut self, e: &PElement, names: &[String], top: bool, found: &mut [bool; 3]) -> bool {
        let mut bindings: Vec<&Rc<Binding>> = Vec::new();
        bindings.extend(e.attrs.iter().map(|(_, b, _)| b));
        bindings.extend(e.events.iter().map(|ev| &ev.handler));
        if let Some(PCond::If(b) | PCond::Elif(b)) = &e.cond {
            bindings.push(b);
        }
        if let (false, Some(f)) = (top, &e.for_each) {
            bindings.push(&f.list);
        }
        for c in &e.children {
            match c {
                PNode::Text(b) => bindings.push(b),
                PNode::Element(child) => {
                    if self.names(child, names, false, found) {
                        return true;
                    }
                }
                PNode::Include(_) => return true,
            }
        }
        for b in bindings {
            for d in self.of(b).0.iter() {
                let Some(PathSeg::Key(k)) = d.0.first() else {
                    continue;
                };
                found[0] |= **k == *names[0];
                found[1] |= **k == *names[1] && d.0.len() == 1;
                found[2] |= **k == *names[2];
            }
        }
        false
    }
}

/// The page-data paths `bindings` read, their names resolved in `scope`, each once.
fn deps_of<'b>(
    reads: &mut BindingReads,
    scope: &ScopeChain,
    bindings: impl Iterator<Item = &'b Rc<Binding>>,
) -> Vec<DataPath> {
    let mut out = Vec::new();
    for b in bindings {
        for d in reads.of(b).0.iter() {
            scope.resolve_dep(d, &mut out);
        }
    }
    // A binding reads a handful of paths: a linear scan dedups them.
    let mut unique: Vec<DataPath> = Vec::with_capacity(out.len());
    for p in out {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    unique
}

/// Where a `wx:for` list lives in page data, when its expression is a plain path there.
fn list_path_of(scope: &ScopeChain, f: &PFor) -> Option<DataPath> {
    scope.locate(&f.list.as_path()?)
}

/// What identifies a list item from one update to the next.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ItemKey {
    /// `wx:key` gave a string.
    Str(String),
    /// `wx:key` gave a number, by `deps::js_number_bits` (numbers come from JS; formatting
    /// each as text cost an allocation per row).
    Num(u64),
    /// The `n`-th repeat (from 1) of a key an earlier item already has: matched with the
    /// old list's `n`-th repeat, so duplicates neither panic nor steal each other's nodes.
    Dup(Box<ItemKey>, usize),
    /// No key (an unkeyed list, or an item without a usable key): matched by position.
    Pos(usize),
}

/// The key of the item at `pos` for `wx:key` = `key` (a field name or `*this`).
fn item_key(key: Option<&str>, item: &Value, pos: usize) -> ItemKey {
    let value = match key {
        None => return ItemKey::Pos(pos),
        Some("*this") => Some(item),
        Some(field) => item.get(field),
    };
    match value {
        Some(Value::String(s)) => ItemKey::Str(s.clone()),
        Some(Value::Number(n)) => {
            ItemKey::Num(crate::deps::js_number_bits(n.as_f64().unwrap_or(f64::NAN)))
        }
        _ => ItemKey::Pos(pos),
    }
}

/// Which items the children of a `wx:for` fragment show, in order.
#[derive(Debug, Default)]
pub(crate) struct ForItems {
    pub keys: Vec<ItemKey>,
    /// Whether the items read page data (`Alias::Item`) or hold computed values: items of
    /// one kind are never reused as the other.
    pub by_path: bool,
}

/// One item of a list as reconciliation meets it.
struct NewItem {
    key: ItemKey,
    /// A computed list's item value (none: the item lives in page data).
    value: Option<Value>,
    /// Iterating an object: the item's key, which the index alias names.
    name: Option<Value>,
}

/// Positions in `seq` of one longest strictly increasing subsequence (patience sorting,
/// O(n log n)).
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // tails[l]: index in `seq` of the smallest tail of an increasing run of length l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let l = tails.partition_point(|&t| seq[t] < v);
        if l > 0 {
            prev[i] = Some(tails[l - 1]);
        }
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

/// `<template is>` instances nested deeper than this are cut (with a warning): a template
/// that renders itself without an end would otherwise never stop.
const MAX_TEMPLATE_DEPTH: usize = 64;

/// Component instances nested deeper than this are cut (with a warning): a component that
/// uses itself with no condition would otherwise never stop.
const MAX_COMPONENT_DEPTH: usize = 64;

/// What instantiation needs besides the tree: the data and the dependency index.
pub(crate) struct Builder<'a> {
    pub tree: &'a mut Tree,
    pub data: &'a Value,
    /// Which nodes read which data (`deps.rs`).
    pub index: &'a mut DepIndex,
    pub program: &'a PProgram,
    pub wxs: Option<&'a dyn WxsHost>,
    /// Problems found while instantiating (an unknown dynamic `is`), for the page.
    pub warnings: &'a mut Vec<Diagnostic>,
    /// Custom component instances made or changed, and their messages.
    pub comps: &'a mut Components,
    pub page: fc_protocol::PageId,
    /// What the program's bindings read (kept by the page).
    pub reads: &'a mut BindingReads,
    /// The lists the batch being applied rewrote whole, and the items it left as they were.
    pub settle: &'a mut Settle,
}

impl Builder<'_> {
    fn eval_scope<'s>(&'s self, scope: &'s ScopeChain) -> EvalScope<'s> {
        EvalScope {
            chain: scope,
            data: self.data,
            wxs: self.wxs,
            file: self
                .program
                .files
                .get(scope.file)
                .map_or("", |f| f.path.as_ref()),
        }
    }

    fn eval(&self, scope: &ScopeChain, b: &Binding) -> Value {
        b.eval(&self.eval_scope(scope))
    }

    fn eval_string(&self, scope: &ScopeChain, b: &Binding) -> String {
        b.eval_string(&self.eval_scope(scope))
    }

    fn eval_truthy(&self, scope: &ScopeChain, b: &Binding) -> bool {
        b.eval_truthy(&self.eval_scope(scope))
    }

    fn register<'p>(&mut self, node: NodeId, deps: impl Iterator<Item = &'p DataPath>) {
        self.index.register(node, deps);
    }

    fn add_binding(&mut self, node: NodeId, what: BindingKind, deps: Vec<DataPath>) {
        if deps.is_empty() {
            return;
        }
        let Some(scope) = self.tree.get(node).map(|n| n.scope.clone()) else {
            return;
        };
        let reads = self.eq_reads(&scope, &what);
        // A path read only by equality tests is filed by the tests' values, not by root.
        self.register(
            node,
            deps.iter().filter(|d| !reads.iter().any(|(p, _)| p == *d)),
        );
        let mut eq = Vec::new();
        for (path, keys) in reads {
            let group = self.index.eq.group(&path);
            for key in keys {
                self.index.eq.add(group, &key, node);
                eq.push((group, key));
            }
        }
        if let Some(n) = self.tree.get_mut(node) {
            // Most nodes have one or two bindings: `push` would make room for four.
            n.bindings.reserve_exact(1);
            n.bindings.push(NodeBinding { what, deps, eq });
        }
    }

    /// The page-data paths that `what` reads only as one side of equality tests (see
    /// `deps.rs`), each with the values the tests' other sides have now. Only names of the
    /// page's (or the instance's) own data qualify: a list item's paths differ per item.
    pub(crate) fn eq_reads(
        &mut self,
        scope: &ScopeChain,
        what: &BindingKind,
    ) -> Vec<(DataPath, Vec<Option<EqKey>>)> {
        // Inline: every binding of every element built comes here, most to leave at once.
        let bindings: smallvec::SmallVec<[&Rc<Binding>; 4]> = match what {
            BindingKind::Text(b) => smallvec::smallvec![b],
            BindingKind::Attrs(e) => e
                .attrs
                .iter()
                .map(|(_, b, _)| b)
                .chain(e.events.iter().map(|ev| &ev.handler))
                .collect(),
            BindingKind::IfChain { branches, .. } => branches
                .iter()
                .filter_map(|b| match &b.cond {
                    Some(PCond::If(c)) | Some(PCond::Elif(c)) => Some(c),
                    _ => None,
                })
                .collect(),
            BindingKind::For { .. } | BindingKind::Template(_) => return Vec::new(),
        };
        // Most bindings test nothing for equality: known without analysing them again.
        if !bindings.iter().any(|b| self.reads.of(b).1) {
            return Vec::new();
        }
        // What is eligible depends on the binding and on the names the scope binds: the
        // same for every item of a list (their frames bind the same names under one parent).
        let what_key = match what {
            BindingKind::Text(b) => Rc::as_ptr(b) as usize,
            BindingKind::Attrs(e) => Rc::as_ptr(e) as usize,
            BindingKind::IfChain { branches, .. } => Rc::as_ptr(branches) as usize,
            BindingKind::For { .. } | BindingKind::Template(_) => return Vec::new(),
        };
        let parent = scope.parent.clone();
        let key = (
            what_key,
            parent.as_ref().map_or(0, |p| Rc::as_ptr(p) as usize),
        );
        let eligible = match self.reads.eq_static.get(&key) {
            Some((_, e)) => e.clone(),
            None => {
                let e = Rc::new(self.eq_eligible(scope, &bindings));
                self.reads.eq_static.insert(key, (parent, e.clone()));
                e
            }
        };
        let eval_scope = self.eval_scope(scope);
        let mut out: Vec<(DataPath, Vec<Option<EqKey>>)> = Vec::new();
        for (unresolved, others) in eligible.iter() {
            let Some(path) = scope.locate(unresolved) else {
                continue;
            };
            let mut keys: Vec<Option<EqKey>> = Vec::new();
            for other in others {
                let key = EqKey::of(&other.eval(&eval_scope));
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            out.push((path, keys));
        }
        out
    }

    /// The paths `bindings` read only as one side of equality tests that qualify for the
    /// index in `scope` (unresolved), each with the expressions on the tests' other sides.
    fn eq_eligible(
        &self,
        scope: &ScopeChain,
        bindings: &[&Rc<Binding>],
    ) -> Vec<(DataPath, Vec<fc_template::Expr>)> {
        let mut plain: Vec<DataPath> = Vec::new();
        let mut uses = Vec::new();
        for b in bindings {
            let (p, u) = b.reads();
            plain.extend(p);
            uses.extend(u);
        }
        if uses.is_empty() {
            return Vec::new();
        }
        let root_of = |p: &DataPath| match p.0.first() {
            Some(fc_protocol::PathSeg::Key(k)) => Some(k.to_string()),
            _ => None,
        };
        let file = self
            .program
            .files
            .get(scope.file)
            .map_or("", |f| f.path.as_ref());
        let mut out = Vec::new();
        let mut roots: Vec<String> = uses.iter().filter_map(|u| root_of(&u.path)).collect();
        roots.sort_unstable();
        roots.dedup();
        for root in roots {
            let mine: Vec<_> = uses
                .iter()
                .filter(|u| root_of(&u.path).as_deref() == Some(root.as_str()))
                .collect();
            let eligible = !plain.iter().any(|p| root_of(p).as_deref() == Some(&root))
                && matches!(scope.find(&root), (None, false))
                && !self.wxs.is_some_and(|w| w.has_module(file, &root))
                && mine.iter().all(|u| {
                    u.path == mine[0].path
                        && !u
                            .other
                            .deps()
                            .iter()
                            .any(|d| root_of(d).as_deref() == Some(&root))
                });
            if eligible {
                let others = mine.iter().map(|u| u.other.clone()).collect();
                out.push((mine[0].path.clone(), others));
            }
        }
        out
    }

    /// Files `binding` of `node` again after it ran: the other sides of its equality tests
    /// may read what changed (`item.id` when the item was replaced).
    pub(crate) fn refile_eq(&mut self, node: NodeId, binding: &mut NodeBinding) {
        if binding.eq.is_empty() {
            return;
        }
        let Some(scope) = self.tree.get(node).map(|n| n.scope.clone()) else {
            return;
        };
        let mut fresh = Vec::new();
        for (path, keys) in self.eq_reads(&scope, &binding.what) {
            let group = self.index.eq.group(&path);
            fresh.extend(keys.into_iter().map(|k| (group, k)));
        }
        if fresh == binding.eq {
            return;
        }
        for (g, k) in &binding.eq {
            self.index.eq.remove(*g, k, node);
        }
        for (g, k) in &fresh {
            self.index.eq.add(*g, k, node);
        }
        binding.eq = fresh;
    }

    fn push_child(&mut self, parent: NodeId, kind: NodeKind, scope: &Rc<ScopeChain>) -> NodeId {
        let id = self.tree.alloc(kind, Some(parent), scope.clone());
        if let Some(p) = self.tree.get_mut(parent) {
            p.children.push(id);
        }
        id
    }

    /// Instantiates a list of sibling template nodes under `parent`, grouping
    /// `if`/`elif`/`else` runs into one chain each.
    pub fn build_children(&mut self, parent: NodeId, nodes: &[PNode], scope: &Rc<ScopeChain>) {
        let mut i = 0;
        while i < nodes.len() {
            match &nodes[i] {
                PNode::Text(b) => {
                    let text = self.eval_string(scope, b);
                    let id = self.push_child(parent, NodeKind::Text(text), scope);
                    if !b.is_static() {
                        let deps = deps_of(self.reads, scope, std::iter::once(b));
                        self.add_binding(id, BindingKind::Text(b.clone()), deps);
                    }
                    i += 1;
                }
                PNode::Include(file) => {
                    // Included content reads the including file's data but keeps its own
                    // file for template names and modules.
                    let file = *file;
                    if let Some(roots) = self.program.files.get(file).map(|f| f.roots.clone()) {
                        let inner = Rc::new(ScopeChain {
                            file,
                            ..ScopeChain::child(scope, Vec::new())
                        });
                        self.build_children(parent, &roots, &inner);
                    }
                    i += 1;
                }
                PNode::Element(e) if e.for_each.is_some() => {
                    self.build_for(parent, e, scope);
                    i += 1;
                }
                PNode::Element(e) if matches!(e.cond, Some(PCond::If(_))) => {
                    let mut branches = vec![e.clone()];
                    i += 1;
                    while let Some(PNode::Element(next)) = nodes.get(i) {
                        match next.cond {
                            Some(PCond::Elif(_)) if next.for_each.is_none() => {
                                branches.push(next.clone())
                            }
                            Some(PCond::Else) if next.for_each.is_none() => {
                                branches.push(next.clone());
                                i += 1;
                                break;
                            }
                            _ => break,
                        }
                        i += 1;
                    }
                    self.build_if_chain(parent, Rc::new(branches), scope);
                }
                // A stray elif/else (the compiler reported it) renders like a plain element.
                PNode::Element(e) => {
                    self.build_element(parent, e, scope);
                    i += 1;
                }
            }
        }
    }

    fn choose_branch(&self, scope: &ScopeChain, branches: &[Rc<PElement>]) -> Option<usize> {
        branches.iter().position(|b| match &b.cond {
            Some(PCond::If(c)) | Some(PCond::Elif(c)) => self.eval_truthy(scope, c),
            Some(PCond::Else) | None => true,
        })
    }

    fn build_if_chain(
        &mut self,
        parent: NodeId,
        branches: Rc<Vec<Rc<PElement>>>,
        scope: &Rc<ScopeChain>,
    ) {
        let frag = self.push_child(parent, NodeKind::Fragment, scope);
        let chosen = self.choose_branch(scope, &branches);
        if let Some(c) = chosen {
            self.build_element(frag, &branches[c], scope);
        }
        let what = BindingKind::IfChain { branches, chosen };
        let deps = what.deps(scope, self.reads);
        self.add_binding(frag, what, deps);
    }

    /// Re-evaluates an if-chain fragment; rebuilds it only when another branch wins.
    pub fn update_if_chain(
        &mut self,
        frag: NodeId,
        branches: &Rc<Vec<Rc<PElement>>>,
        chosen: Option<usize>,
    ) -> Option<usize> {
        let scope = match self.tree.get(frag) {
            Some(n) => n.scope.clone(),
            None => return chosen,
        };
        let now = self.choose_branch(&scope, branches);
        if now != chosen {
            self.tree.clear_children(frag);
            if let Some(c) = now {
                self.build_element(frag, &branches[c], &scope);
            }
            self.tree.mark(frag, damage::ALL);
        }
        now
    }

    fn build_for(&mut self, parent: NodeId, e: &Rc<PElement>, scope: &Rc<ScopeChain>) {
        let Some(f) = &e.for_each else { return };
        let frag = self.push_child(parent, NodeKind::Fragment, scope);
        let mut items = ForItems::default();
        self.reconcile_for(frag, e, &mut items, None);
        let what = BindingKind::For {
            element: e.clone(),
            list_path: list_path_of(scope, f),
            items,
        };
        let deps = what.deps(scope, self.reads);
        self.add_binding(frag, what, deps);
    }

    /// The items of the list of `f`, evaluated in `scope`, with their keys.
    fn list_items(&self, f: &PFor, scope: &ScopeChain) -> (bool, Vec<NewItem>) {
        let key = f.key.as_deref();
        // A list in page data is read in place (no copy of a 10,000-row array).
        if let Some(p) = list_path_of(scope, f) {
            if let Some(Value::Array(a)) = p.get(self.data) {
                let items = a
                    .iter()
                    .enumerate()
                    .map(|(i, v)| NewItem {
                        key: item_key(key, v, i),
                        value: None,
                        name: None,
                    })
                    .collect();
                return (true, items);
            }
        }
        let items = match self.eval(scope, &f.list) {
            Value::Array(a) => a
                .into_iter()
                .enumerate()
                .map(|(i, v)| NewItem {
                    key: item_key(key, &v, i),
                    value: Some(v),
                    name: None,
                })
                .collect(),
            Value::Number(n) => {
                let count = n.as_f64().unwrap_or(0.0).clamp(0.0, 1.0e6) as usize;
                (0..count)
                    .map(|i| NewItem {
                        key: item_key(key, &Value::from(i), i),
                        value: Some(Value::from(i)),
                        name: None,
                    })
                    .collect()
            }
            Value::String(s) => s
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    let v = Value::String(c.to_string());
                    NewItem {
                        key: item_key(key, &v, i),
                        value: Some(v),
                        name: None,
                    }
                })
                .collect(),
            Value::Object(m) => m
                .into_iter()
                .enumerate()
                .map(|(i, (k, v))| NewItem {
                    key: item_key(key, &v, i),
                    value: Some(v),
                    name: Some(Value::String(k)),
                })
                .collect(),
            _ => Vec::new(),
        };
        (false, items)
    }

    /// Brings the items of `wx:for` fragment `frag` in line with its list (template.md,
    /// `wx:key`). An item whose key is still in the list keeps its nodes; items of new keys
    /// are built, items of vanished keys freed. Kept items move with the fewest moves: those
    /// whose old positions form a longest increasing run stay, the others move. A kept item
    /// whose position changed is re-pointed (its frame's position, its bindings' paths);
    /// its bindings run again in the same pass when its data changed. Without `wx:key` items
    /// are matched by position. Returns whether the set or order of items changed.
    ///
    /// `changed`: the batch being applied, when reconciling for one. A batch that only
    /// appended items (`list[n] = …` past the end) or replaced some by items of the same key
    /// builds the new ones and leaves the rest alone ([`Builder::append_items`]).
    pub fn reconcile_for(
        &mut self,
        frag: NodeId,
        e: &Rc<PElement>,
        state: &mut ForItems,
        changed: Option<&fc_protocol::ChangeSet<'_>>,
    ) -> bool {
        let Some(f) = &e.for_each else { return false };
        let Some(scope) = self.tree.get(frag).map(|n| n.scope.clone()) else {
            return false;
        };
        if let Some(appended) = self.append_items(frag, e, f, &scope, state, changed) {
            return appended;
        }
        let (by_path, mut new) = self.list_items(f, &scope);
        // Keys are checked for repeats without copying them (a 10,000-row list copied
        // each); only a list that has repeats is gone through again to mark them.
        let repeats = f.key.is_some() && {
            let mut seen: std::collections::HashSet<&ItemKey, rustc_hash::FxBuildHasher> =
                std::collections::HashSet::with_capacity_and_hasher(new.len(), Default::default());
            !new.iter()
                .filter(|it| !matches!(it.key, ItemKey::Pos(_)))
                .all(|it| seen.insert(&it.key))
        };
        if repeats {
            let mut seen: HashMap<ItemKey, usize> = HashMap::with_capacity(new.len());
            let mut dups = 0;
            for it in &mut new {
                if matches!(it.key, ItemKey::Pos(_)) {
                    continue;
                }
                let n = seen.entry(it.key.clone()).or_insert(0);
                if *n > 0 {
                    it.key = ItemKey::Dup(Box::new(it.key.clone()), *n);
                    dups += 1;
                }
                *n += 1;
            }
            if dups > 0 {
                let file = self.program.files.get(scope.file).map_or("", |f| &*f.path);
                tracing::warn!(
                    "{file}:{}: wx:key=\"{}\" has {dups} duplicate key(s) in the list; keys should be unique",
                    e.pos.line,
                    f.key.as_deref().unwrap_or_default()
                );
            }
        }
        let old: Vec<NodeId> = self
            .tree
            .get_mut(frag)
            .map(|n| std::mem::take(&mut n.children))
            .unwrap_or_default();
        // Old items are matched only when made the same way and their record is whole.
        let comparable = state.by_path == by_path && state.keys.len() == old.len();
        let mut by_key: HashMap<&ItemKey, usize, rustc_hash::FxBuildHasher> = HashMap::default();
        if comparable {
            by_key.reserve(old.len());
            for (i, k) in state.keys.iter().enumerate() {
                by_key.insert(k, i);
            }
        }
        let matched: Vec<Option<usize>> = new.iter().map(|it| by_key.remove(&it.key)).collect();
        let list_path = if by_path {
            list_path_of(&scope, f)
        } else {
            None
        };
        let item_use = self.reads.item_use(e);
        let settled = self.settled_items(comparable, list_path.as_ref(), &matched, item_use);
        let shift = match &list_path {
            Some(lp) if !item_use.names_list_root => Some(lp),
            _ => None,
        };
        let mut claimed = vec![false; old.len()];
        for i in matched.iter().flatten() {
            claimed[*i] = true;
        }
        let mut changed = false;
        for (i, id) in old.iter().enumerate() {
            if !claimed[i] {
                self.tree.free_subtree(*id);
                self.tree.removed_count += 1;
                changed = true;
            }
        }
        let kept: Vec<usize> = matched.iter().flatten().copied().collect();
        let stays = longest_increasing(&kept);
        let mut stays = stays.into_iter();
        let mut keys = Vec::with_capacity(new.len());
        let mut children = Vec::with_capacity(new.len());
        for (j, (it, m)) in new.into_iter().zip(matched).enumerate() {
            let id = match m {
                Some(i) => {
                    let id = old[i];
                    if !stays.next().unwrap_or(true) {
                        self.tree.moved_count += 1;
                        changed = true;
                        self.announce_moved(id);
                    }
                    let settled = settled.filter(|list| {
                        self.settle.lists[*list as usize]
                            .same
                            .get(j)
                            .copied()
                            .unwrap_or(false)
                    });
                    self.keep_item(id, j, it.value, it.name, by_path, shift, settled);
                    id
                }
                None => {
                    changed = true;
                    self.build_item(frag, e, f, &scope, j, it.value, it.name)
                }
            };
            keys.push(it.key);
            children.push(id);
        }
        if let Some(n) = self.tree.get_mut(frag) {
            n.children = children;
        }
        state.keys = keys;
        state.by_path = by_path;
        if changed {
            self.tree.mark(frag, damage::RELAYOUT | damage::REPAINT);
            // The children's order is part of what paint caches (`Tree::paint_changed`).
            self.tree.paint_changed(frag);
        }
        changed
    }

    /// The reconciliation of a batch that wrote only items of the list (`list[i] = …`), each
    /// past the old end or with the key the item there has: the items past the old end are
    /// built, nothing else is visited (a 1,000-row append to 10,000 rows no longer keys all
    /// 11,000). `None` where that does not hold: the full reconciliation then runs. Keys of
    /// the appended items are not checked against the others for duplicates (the next full
    /// reconciliation treats any it finds).
    fn append_items(
        &mut self,
        frag: NodeId,
        e: &Rc<PElement>,
        f: &PFor,
        scope: &Rc<ScopeChain>,
        state: &mut ForItems,
        changed: Option<&fc_protocol::ChangeSet<'_>>,
    ) -> Option<bool> {
        let lp = list_path_of(scope, f)?;
        let writes = changed?.item_writes(&lp)?;
        let old_len = self.tree.get(frag)?.children.len();
        if !state.by_path || state.keys.len() != old_len {
            return None;
        }
        let data = self.data;
        let Some(Value::Array(list)) = lp.get(data) else {
            return None;
        };
        let key = f.key.as_deref();
        let same_key = |i: usize| {
            list.get(i)
                .is_some_and(|v| state.keys.get(i) == Some(&item_key(key, v, i)))
        };
        if list.len() < old_len || !writes.iter().all(|&i| i >= old_len || same_key(i)) {
            return None;
        }
        if list.len() == old_len {
            return Some(false);
        }
        for (j, v) in list.iter().enumerate().skip(old_len) {
            state.keys.push(item_key(key, v, j));
            // Linked under `frag` as it is built.
            self.build_item(frag, e, f, scope, j, None, None);
        }
        self.tree.mark(frag, damage::RELAYOUT | damage::REPAINT);
        self.tree.paint_changed(frag);
        Some(true)
    }

    /// Queues the `moved` lifetime of the component instances in a moved item.
    fn announce_moved(&mut self, item: NodeId) {
        let mut stack = vec![item];
        while let Some(n) = stack.pop() {
            let Some(node) = self.tree.get(n) else {
                continue;
            };
            if let Some(instance) = self.tree.element(n).and_then(|e| e.component) {
                self.comps.outbox.push(fc_protocol::ComponentMsg::Moved {
                    page: self.page,
                    instance,
                });
            }
            stack.extend(node.children.iter().rev().copied());
        }
    }

    /// Builds one list item (a fragment holding its element) under `frag`.
    #[allow(clippy::too_many_arguments)]
    fn build_item(
        &mut self,
        frag: NodeId,
        e: &Rc<PElement>,
        f: &PFor,
        scope: &Rc<ScopeChain>,
        pos: usize,
        value: Option<Value>,
        name: Option<Value>,
    ) -> NodeId {
        let item = match (value, f.list.as_path()) {
            (None, Some(list)) => Alias::Item(list),
            (value, _) => {
                Alias::Computed(RefCell::new(value.unwrap_or(Value::Null)), f.list.clone())
            }
        };
        let index = match name {
            Some(n) => Alias::Computed(RefCell::new(n), f.list.clone()),
            None => Alias::Index,
        };
        let frame = ScopeChain::child(
            scope,
            vec![(f.item.clone(), item), (f.index.clone(), index)],
        );
        frame.pos.set(pos);
        let item_scope = Rc::new(frame);
        let item_frag = self.push_child(frag, NodeKind::Fragment, &item_scope);
        if e.cond.is_some() {
            self.build_if_chain(item_frag, Rc::new(vec![e.clone()]), &item_scope);
        } else {
            self.build_element(item_frag, e, &item_scope);
        }
        item_frag
    }

    /// For a list in page data that this batch wrote whole (`Settle::old_lists`): records
    /// which new items have the value their kept nodes show (the old list's value at the
    /// matched position) in `Settle::lists`, and returns the list's slot there.
    fn settled_items(
        &mut self,
        comparable: bool,
        list_path: Option<&DataPath>,
        matched: &[Option<usize>],
        item_use: ItemUse,
    ) -> Option<u32> {
        let lp = list_path.filter(|_| comparable)?;
        let old = self
            .settle
            .old_lists
            .iter()
            .find(|(p, _)| p == lp)
            .and_then(|(_, v)| v.as_array())?;
        let new = lp.get(self.data).and_then(Value::as_array)?;
        let same: Vec<bool> = matched
            .iter()
            .enumerate()
            .map(|(j, m)| m.is_some_and(|i| old.get(i).is_some_and(|o| new.get(j) == Some(o))))
            .collect();
        if !same.contains(&true) {
            return None;
        }
        // Readers of an item of a top-level list are filed by its position
        // (`DepIndex::item_readers`): where all that such an item's nodes read of the list
        // goes through it, and it is where it was (or nothing reads its place), none of them
        // need visiting.
        let whole_items = lp.0.len() == 1 && !item_use.names_list_root;
        let skip = same
            .iter()
            .zip(matched)
            .enumerate()
            .map(|(j, (same, m))| {
                *same && whole_items && (!item_use.reads_item_whole || *m == Some(j))
            })
            .collect();
        let slot = u32::try_from(self.settle.lists.len()).ok()?;
        self.settle.lists.push(SettledList {
            path: lp.clone(),
            same,
            skip,
        });
        Some(slot)
    }

    /// A kept list item takes its new position (and, in a computed list, its new value);
    /// when an item of a list in page data changed position, the paths its bindings read
    /// follow it: rewritten in place when `shift` (the list's path) allows, else resolved
    /// again. `settled`: the item's value is the one it shows (the slot of its list in
    /// `Settle::lists`).
    #[allow(clippy::too_many_arguments)]
    fn keep_item(
        &mut self,
        id: NodeId,
        pos: usize,
        value: Option<Value>,
        name: Option<Value>,
        by_path: bool,
        shift: Option<&DataPath>,
        settled: Option<u32>,
    ) {
        let Some(scope) = self.tree.get(id).map(|n| n.scope.clone()) else {
            return;
        };
        let was = scope.pos.replace(pos);
        for (alias, v) in scope.vars.iter().map(|(_, a)| a).zip([value, name]) {
            if let (Alias::Computed(cell, _), Some(v)) = (alias, v) {
                *cell.borrow_mut() = v;
            }
        }
        if let Some(list) = settled {
            scope.settled.set(Settled {
                batch: self.settle.batch,
                list,
                moved: was != pos,
            });
        }
        if by_path && was != pos {
            match shift {
                Some(lp) => self.shift_item(id, lp, was, pos),
                None => self.repoint(id),
            }
        }
    }

    /// Rewrites, under list item `root` that moved from `was` to `pos` in the list at
    /// `list`, every path its bindings read through it (`list[was]…` becomes `list[pos]…`),
    /// and files the nodes under their new item. Only for item templates that reach the
    /// list through their aliases alone (`BindingReads::item_names_list_root`): then no
    /// other path starts the same way.
    fn shift_item(&mut self, root: NodeId, list: &DataPath, was: usize, pos: usize) {
        let n = list.0.len();
        let (from, to) = (PathSeg::Index(was), PathSeg::Index(pos));
        let rewrite = |d: &mut DataPath| {
            let hit = d.0.len() > n && d.0[n] == from && d.0[..n] == list.0[..];
            if hit {
                d.0[n] = to.clone();
            }
            hit
        };
        // The index files readers by a top-level list's items.
        let top = match list.0.as_slice() {
            [PathSeg::Key(k)] => Some(&**k),
            _ => None,
        };
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            let Some(node) = self.tree.get_mut(id) else {
                continue;
            };
            stack.extend(node.children.iter().copied());
            let mut any = false;
            for b in &mut node.bindings {
                if let BindingKind::For {
                    list_path: Some(p), ..
                } = &mut b.what
                {
                    rewrite(p);
                }
                for d in &mut b.deps {
                    any |= rewrite(d);
                }
            }
            if let (true, Some(key)) = (any, top) {
                self.index.move_item(id, key, was, pos);
            }
        }
    }

    /// Recomputes the paths every binding under `root` reads (after an enclosing item
    /// moved), and files the nodes under the items they now read.
    fn repoint(&mut self, root: NodeId) {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            let Some(node) = self.tree.get(n) else {
                continue;
            };
            stack.extend(node.children.iter().copied());
            if node.bindings.is_empty() {
                continue;
            }
            let scope = node.scope.clone();
            let fresh: Vec<(Vec<DataPath>, Option<DataPath>)> = node
                .bindings
                .iter()
                .map(|b| {
                    let list_path = match &b.what {
                        BindingKind::For { element, .. } => element
                            .for_each
                            .as_ref()
                            .and_then(|f| list_path_of(&scope, f)),
                        _ => None,
                    };
                    (b.what.deps(&scope, self.reads), list_path)
                })
                .collect();
            let Some(node) = self.tree.get_mut(n) else {
                continue;
            };
            let mut moved: Vec<DataPath> = Vec::new();
            let mut left: Vec<DataPath> = Vec::new();
            for (b, (deps, lp)) in node.bindings.iter_mut().zip(fresh) {
                if let BindingKind::For { list_path, .. } = &mut b.what {
                    *list_path = lp;
                }
                let item_path =
                    |d: &DataPath| matches!(d.0.get(1), Some(fc_protocol::PathSeg::Index(_)));
                // Paths into another item of a list: filed under that item too.
                moved.extend(
                    deps.iter()
                        .filter(|d| item_path(d) && !b.deps.contains(d))
                        .cloned(),
                );
                left.extend(
                    b.deps
                        .iter()
                        .filter(|d| item_path(d) && !deps.contains(d))
                        .cloned(),
                );
                b.deps = deps;
            }
            let keeps = |d: &DataPath| {
                node.bindings.iter().any(|b| {
                    b.deps
                        .iter()
                        .any(|k| k.0.first() == d.0.first() && k.0.get(1) == d.0.get(1))
                })
            };
            // And no longer under the items it left (a list that shifts on every removal
            // would otherwise pile stale entries up in every item's list).
            left.retain(|d| !keeps(d));
            self.index.register(n, moved.iter());
            self.index.unregister_items(n, left.iter());
        }
    }

    /// One element (its `for`/`if` already handled by the caller).
    pub fn build_element(&mut self, parent: NodeId, e: &Rc<PElement>, scope: &Rc<ScopeChain>) {
        if &*e.tag == "block" {
            let frag = self.push_child(parent, NodeKind::Fragment, scope);
            self.build_children(frag, &e.children, scope);
            return;
        }
        if &*e.tag == "template" {
            let frag = self.push_child(parent, NodeKind::Fragment, scope);
            self.fill_template(frag, e, scope);
            let what = BindingKind::Template(e.clone());
            let deps = what.deps(scope, self.reads);
            self.add_binding(frag, what, deps);
            return;
        }
        if &*e.tag == "slot" {
            if let Some(frame) = scope.instance().cloned() {
                self.build_slot(parent, e, scope, &frame);
                return;
            }
        }
        if fc_template::renders_nothing(&e.tag) {
            return;
        }
        let def = self
            .program
            .files
            .get(scope.file)
            .and_then(|f| f.components.get(&*e.tag))
            .copied();
        let el = self.eval_element(e, scope);
        let id = self.push_child(parent, NodeKind::Element(el), scope);
        let what = BindingKind::Attrs(e.clone());
        let deps = what.deps(scope, self.reads);
        self.add_binding(id, what, deps);
        match def {
            Some(def) => self.build_component(id, def, e, scope),
            None => self.build_children(id, &e.children, scope),
        }
    }

    /// Makes an instance of component `def` on the host node `host`: announces it to the
    /// logic thread and builds the component's template under the host, reading the
    /// instance's data (empty until the logic thread's first patch for it arrives).
    fn build_component(
        &mut self,
        host: NodeId,
        def: usize,
        e: &Rc<PElement>,
        scope: &Rc<ScopeChain>,
    ) {
        let Some(rd) = self.comps.defs.get(def) else {
            return;
        };
        let (root_file, path) = (rd.root_file, rd.path.clone());
        let depth = scope.instance().map_or(0, |f| f.depth) + 1;
        if depth > MAX_COMPONENT_DEPTH {
            let here = self
                .program
                .files
                .get(scope.file)
                .map_or("", |f| f.path.as_ref())
                .to_string();
            let message = format!(
                "components nested deeper than {MAX_COMPONENT_DEPTH} levels: `<{}>` is not rendered",
                e.tag
            );
            self.warn(&here, e, message);
            return;
        }
        let instance = self.comps.next_instance;
        self.comps.next_instance += 1;
        if let Some(NodeKind::Element(el)) = self.tree.get_mut(host).map(|n| &mut n.kind) {
            el.component = Some(instance);
        }
        let (props, id, classes) = props_of(self.tree, host);
        let mut tree_parent = None;
        let mut cur = self.tree.get(host).and_then(|n| n.parent);
        while let Some(n) = cur {
            if let Some(c) = self.tree.element(n).and_then(|e| e.component) {
                tree_parent = Some(c);
                break;
            }
            cur = self.tree.get(n).and_then(|n| n.parent);
        }
        self.comps.outbox.push(fc_protocol::ComponentMsg::Attach {
            page: self.page,
            instance,
            path,
            props: props.clone(),
            owner: scope.instance().map(|c| c.id),
            parent: tree_parent,
            id: id.clone(),
            classes: classes.clone(),
        });
        let frame = Rc::new(InstanceFrame {
            id: instance,
            def,
            depth,
            data_key: fc_protocol::component_data_key(instance),
            host: e.clone(),
            user_scope: scope.clone(),
        });
        self.comps.hosts.push(HostRecord {
            node: host,
            instance,
            def,
            props,
            id,
            classes,
            frame: frame.clone(),
        });
        self.fill_component(host, root_file, frame);
    }

    /// (Re)builds an instance's template under its host.
    pub fn fill_component(&mut self, host: NodeId, root_file: usize, frame: Rc<InstanceFrame>) {
        let inner = Rc::new(ScopeChain {
            parent: None,
            vars: Vec::new(),
            file: root_file,
            isolated: false,
            component: Some(frame),
            pos: Default::default(),
            settled: Default::default(),
        });
        let roots = self.program.files.get(root_file).map(|f| f.roots.clone());
        if let Some(roots) = roots {
            self.build_children(host, &roots, &inner);
        }
    }

    /// A `<slot>` (or `<slot name>`) in a component's template: the host tag's children
    /// for that slot, built in the user's scope.
    fn build_slot(
        &mut self,
        parent: NodeId,
        e: &Rc<PElement>,
        scope: &Rc<ScopeChain>,
        frame: &Rc<InstanceFrame>,
    ) {
        let name = e
            .attr("name")
            .map(|b| self.eval_string(scope, b))
            .unwrap_or_default();
        let content: Vec<PNode> = frame
            .host
            .children
            .iter()
            .filter(|c| slot_of(c) == name)
            .cloned()
            .collect();
        let frag = self.push_child(parent, NodeKind::Fragment, scope);
        self.build_children(frag, &content, &frame.user_scope);
    }

    pub fn eval_element(&self, e: &PElement, scope: &ScopeChain) -> Element {
        let mut el = Element {
            tag: e.tag.clone(),
            attrs: crate::tree::AttrMap::with_capacity(
                e.attrs
                    .iter()
                    .filter(|(n, _, _)| !matches!(&**n, "id" | "class" | "hidden"))
                    .count(),
            ),
            ..Default::default()
        };
        for (name, b, valueless) in &e.attrs {
            match &**name {
                "id" => el.id = Some(self.eval_string(scope, b)).filter(|s| !s.is_empty()),
                "class" => {
                    let (text, classes) = match &e.static_class {
                        Some((text, classes)) => (text.clone(), classes.clone()),
                        None => crate::prepared::class_list(&self.eval_string(scope, b)),
                    };
                    el.classes = classes;
                    el.external_classes = self.map_external_classes(scope, &mut el.classes);
                    el.class_text = text;
                }
                // A Boolean property: written without a value it is true, `hidden=""` is
                // false, any other text (even "false") is true, and a binding is its JS
                // truthiness (template.md §1, "Keywords and boolean attributes").
                "hidden" => el.hidden = *valueless || self.eval_truthy(scope, b),
                // A valueless attribute is `true`, as the platform's compiler makes it, so a
                // component reading it as a Boolean property sees true.
                _ if *valueless => {
                    el.attrs.insert(name.clone(), Value::Bool(true));
                }
                _ => {
                    el.attrs.insert(name.clone(), self.eval(scope, b));
                }
            }
        }
        el.events.reserve_exact(e.events.len());
        for ev in &e.events {
            let handler = match &ev.static_handler {
                Some(h) => h.clone(),
                None => self.eval_string(scope, &ev.handler).into(),
            };
            if !handler.is_empty() {
                el.events.push(EventHandler {
                    kind: ev.kind,
                    event: ev.event.clone(),
                    handler,
                });
            }
        }
        el
    }

    /// In a component's template, replaces each of its `externalClasses` by the classes
    /// the user passed in the host attribute of that name (style.md §5). True when any was.
    fn map_external_classes(&self, scope: &ScopeChain, classes: &mut Rc<[Rc<str>]>) -> bool {
        let Some(frame) = scope.instance() else {
            return false;
        };
        let Some(def) = self.comps.defs.get(frame.def) else {
            return false;
        };
        if def.external.is_empty()
            || !classes
                .iter()
                .any(|c| def.external.iter().any(|x| **x == **c))
        {
            return false;
        }
        let host = crate::component::host_node(self.comps, frame.id);
        let host = host.and_then(|h| self.tree.element(h));
        let mut out: Vec<Rc<str>> = Vec::new();
        for c in classes.iter() {
            if !def.external.iter().any(|x| **x == **c) {
                out.push(c.clone());
                continue;
            }
            let passed = host
                .and_then(|h| h.attrs.get(c))
                .and_then(|v| v.as_str())
                .unwrap_or("");
            out.extend(passed.split_whitespace().map(Rc::from));
        }
        *classes = out.into();
        true
    }

    /// (Re)creates the instance of a `<template is="…" data="…">` inside its fragment.
    pub fn fill_template(&mut self, frag: NodeId, e: &Rc<PElement>, scope: &Rc<ScopeChain>) {
        let Some(is) = e.attr("is") else { return };
        let name = self.eval_string(scope, is);
        let depth = {
            let mut d = 0;
            let mut cur = Some(scope.as_ref());
            while let Some(s) = cur {
                d += usize::from(s.isolated);
                cur = s.parent.as_deref();
            }
            d
        };
        let here = self
            .program
            .files
            .get(scope.file)
            .map_or("", |f| f.path.as_ref())
            .to_string();
        if depth >= MAX_TEMPLATE_DEPTH {
            self.warn(&here, e, format!("template `{name}` nested deeper than {MAX_TEMPLATE_DEPTH} levels: not rendered"));
            return;
        }
        let Some((def_file, def)) = self.program.find_template(scope.file, &name) else {
            // A static name that matches nothing was reported when linking, as an error.
            if !name.is_empty() && !is.is_static() {
                self.warn(
                    &here,
                    e,
                    format!("no template named `{name}`: `<template is>` renders nothing"),
                );
            }
            return;
        };
        // The mustache of `data` is an object literal's body (template.md §6), so a lone
        // name is the shorthand `{name}`, not the name's value.
        let data = e.attr("data").map(|d| match d.as_ref() {
            Binding::Expr(fc_template::Expr::Ident(n)) => {
                let mut m = serde_json::Map::new();
                m.insert(n.clone(), self.eval(scope, d));
                Value::Object(m)
            }
            _ => self.eval(scope, d),
        });
        let vars = match data {
            Some(Value::Object(m)) => m.into_iter().map(|(k, v)| (k, Alias::Value(v))).collect(),
            _ => Vec::new(),
        };
        // The instance's chain keeps the caller's as parent only to count nesting: it is
        // isolated, so no name resolves through it.
        let inner = Rc::new(ScopeChain {
            parent: Some(scope.clone()),
            vars,
            file: def_file,
            isolated: true,
            component: None,
            pos: Default::default(),
            settled: Default::default(),
        });
        self.build_children(frag, &def.children, &inner);
    }

    fn warn(&mut self, file: &str, at: &PElement, message: String) {
        let d = Diagnostic::warning(file, at.pos.line, at.pos.col, message);
        if !self.warnings.contains(&d) {
            self.warnings.push(d);
        }
    }

    /// Re-evaluates a node's attributes after a data change; marks it when they differ.
    pub fn update_attrs(&mut self, id: NodeId, e: &PElement) {
        let Some(node) = self.tree.get(id) else {
            return;
        };
        let scope = node.scope.clone();
        let fresh = self.eval_element(e, &scope);
        let Some(node) = self.tree.get_mut(id) else {
            return;
        };
        if let NodeKind::Element(old) = &mut node.kind {
            let changed = old.id != fresh.id
                || old.classes != fresh.classes
                || old.hidden != fresh.hidden
                || old.attrs != fresh.attrs;
            old.events = fresh.events;
            if changed {
                // `class`, `id`, `hidden`, `style` and `data-*` reach layout only through
                // styles, which restyle compares (a paint-only change then skips layout);
                // any other attribute (`src`, `value`...) may be read by layout itself.
                let styling_only = |k: &Rc<str>| {
                    matches!(&**k, "class" | "id" | "hidden" | "style") || k.starts_with("data-")
                };
                let others_same = old.attrs.len() == fresh.attrs.len()
                    && old.attrs.iter().all(|(k, v)| {
                        styling_only(k) || fresh.attrs.get(k).is_some_and(|f| f == v)
                    });
                *old = Element {
                    events: std::mem::take(&mut old.events),
                    component: old.component,
                    ..fresh
                };
                let bits = if others_same {
                    damage::RESTYLE
                } else {
                    self.tree.content_changed();
                    damage::ALL
                };
                self.tree.mark(id, bits | damage::RESTYLE_TREE);
            }
        }
    }

    pub fn update_text(&mut self, id: NodeId, b: &Binding) {
        let Some(node) = self.tree.get(id) else {
            return;
        };
        let text = self.eval_string(&node.scope.clone(), b);
        let Some(node) = self.tree.get_mut(id) else {
            return;
        };
        if let NodeKind::Text(old) = &mut node.kind {
            if *old != text {
                *old = text;
                self.tree.mark(id, damage::RELAYOUT | damage::REPAINT);
            }
        }
    }
}
