//! Which nodes a batch of patches must revisit: the nodes reading under each root data key,
//! and an index of bindings that read a name only through equality tests.
//!
//! `class="{{item.id === selected ? 'danger' : ''}}"` in every row of a 10,000-row list reads
//! `selected`, but when `selected` goes from 12 to 40 only the rows whose `item.id` is 12 or
//! 40 can change. Such bindings are not listed under `selected`'s root key; they are filed
//! under the path they compare (`selected`) by the value of the other side (`item.id`), so a
//! change of that path revisits the rows holding its old or its new value (Solid's
//! `createSelector`, found in the template instead of written by hand).

use crate::tree::{NodeId, Tree};
use fc_protocol::{DataPath, PathSeg, Value};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// A JS number's bits for comparing numbers as `===` does (and as keys): `-0` as `0`, and
/// every NaN as one (a key must equal itself).
pub(crate) fn js_number_bits(n: f64) -> u64 {
    let n = if n == 0.0 {
        0.0
    } else if n.is_nan() {
        f64::NAN
    } else {
        n
    };
    n.to_bits()
}

/// The nodes a change under each root data key may affect.
#[derive(Default)]
pub(crate) struct DepIndex {
    /// Root data key -> nodes with a binding that reads under it (other than by an equality
    /// test filed in `eq`). May hold freed nodes, and moved ones under their old item:
    /// readers skip those.
    pub roots: FxHashMap<String, RootReaders>,
    pub eq: EqIndex,
    /// `register`'s working list, kept for its room.
    scratch: Vec<(std::sync::Arc<str>, Option<usize>)>,
}

/// The readers of one root data key, those that read one item of it (`rows[3].label` in
/// row 3) apart, so that a batch writing a few items of a long list visits their rows only.
#[derive(Default)]
pub(crate) struct RootReaders {
    /// Nodes reading the root itself, or under it by name (`obj.a`).
    pub whole: Vec<NodeId>,
    /// Nodes reading under item `i` (`rows[i]...`), by `i`; inline for a row's few.
    pub items: FxHashMap<usize, ItemReaders>,
}

/// The readers of one list item (see `RootReaders::items`).
pub(crate) type ItemReaders = smallvec::SmallVec<[NodeId; 6]>;

/// Which readers of a root a batch may affect.
enum Reach {
    All,
    Items(Vec<usize>),
}

impl DepIndex {
    pub fn clear(&mut self) {
        self.roots.clear();
        self.eq = EqIndex::default();
    }

    /// Files `node` as a reader of each of `deps` (page-data paths).
    pub fn register<'p>(&mut self, node: NodeId, deps: impl Iterator<Item = &'p DataPath>) {
        // A binding reads a handful of paths: deduplicated in a reused list, each root
        // looked up without making its key unless it is new.
        let mut slots = std::mem::take(&mut self.scratch);
        slots.extend(deps.filter_map(|d| match (d.0.first(), d.0.get(1)) {
            (Some(PathSeg::Key(root)), Some(PathSeg::Index(i))) => Some((root.clone(), Some(*i))),
            (Some(PathSeg::Key(root)), _) => Some((root.clone(), None)),
            _ => None,
        }));
        slots.sort_unstable();
        slots.dedup();
        for (root, item) in slots.drain(..) {
            let readers = match self.roots.get_mut(&*root) {
                Some(r) => r,
                None => self.roots.entry(root.to_string()).or_default(),
            };
            match item {
                Some(i) => readers.items.entry(i).or_default().push(node),
                None => readers.whole.push(node),
            }
        }
        self.scratch = slots;
    }

    /// Files `node`, a reader of item `was` of top-level list `root`, under item `pos`
    /// instead (its item moved).
    pub fn move_item(&mut self, node: NodeId, root: &str, was: usize, pos: usize) {
        let Some(readers) = self.roots.get_mut(root) else {
            return;
        };
        if let Some(list) = readers.items.get_mut(&was) {
            list.retain(|n| *n != node);
            if list.is_empty() {
                readers.items.remove(&was);
            }
        }
        readers.items.entry(pos).or_default().push(node);
    }

    /// Takes `node` out of the item lists of `paths` (`root[i]…` paths it no longer reads).
    pub fn unregister_items<'p>(
        &mut self,
        node: NodeId,
        paths: impl Iterator<Item = &'p DataPath>,
    ) {
        for d in paths {
            let (Some(PathSeg::Key(root)), Some(PathSeg::Index(i))) = (d.0.first(), d.0.get(1))
            else {
                continue;
            };
            let Some(readers) = self.roots.get_mut(&**root) else {
                continue;
            };
            if let Some(list) = readers.items.get_mut(i) {
                list.retain(|n| *n != node);
                if list.is_empty() {
                    readers.items.remove(i);
                }
            }
        }
    }

    /// The nodes that read under one of `paths` (live ones; each may be listed more
    /// than once), dropping freed and moved entries from the lists visited. For a root
    /// written whole, its item readers go to `whole` with the root and each one's item
    /// position, to visit once the lists have been reconciled (some need no visit then).
    /// Whether a moved one still reads its old item does not matter there (running it
    /// again is harmless), so only freed nodes are dropped: checking each entry's bindings
    /// cost a third of clearing a 10,000-row list.
    pub fn readers<'p>(
        &mut self,
        tree: &Tree,
        paths: &'p [DataPath],
        out: &mut Vec<NodeId>,
        whole: &mut Vec<(&'p str, Vec<(usize, NodeId)>)>,
    ) {
        let mut reach: HashMap<&str, Reach> = HashMap::new();
        for path in paths {
            let Some(PathSeg::Key(root)) = path.0.first() else {
                continue;
            };
            let r = reach.entry(&**root).or_insert(Reach::Items(Vec::new()));
            match (path.0.get(1), &mut *r) {
                (_, Reach::All) => {}
                (Some(PathSeg::Index(i)), Reach::Items(items)) => items.push(*i),
                _ => *r = Reach::All,
            }
        }
        for (root, r) in reach {
            let Some(readers) = self.roots.get_mut(root) else {
                continue;
            };
            readers.whole.retain(|id| tree.is_live(*id));
            out.extend(readers.whole.iter().copied());
            let mut visit = |i: usize, list: &mut ItemReaders| {
                list.retain(|id| reads_item(tree, *id, root, i));
                out.extend(list.iter().copied());
            };
            match r {
                Reach::All => {
                    let mut items = Vec::new();
                    for (i, list) in readers.items.iter_mut() {
                        list.retain(|id| tree.is_live(*id));
                        items.extend(list.iter().map(|id| (*i, *id)));
                    }
                    readers.items.retain(|_, l| !l.is_empty());
                    whole.push((root, items));
                }
                Reach::Items(mut items) => {
                    items.sort_unstable();
                    items.dedup();
                    for i in items {
                        if let Some(list) = readers.items.get_mut(&i) {
                            visit(i, list);
                            if list.is_empty() {
                                readers.items.remove(&i);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether live node `id` still reads under item `i` of `root` (it may have moved).
pub(crate) fn reads_item(tree: &Tree, id: NodeId, root: &str, i: usize) -> bool {
    tree.get(id).is_some_and(|n| {
        n.bindings.iter().any(|b| {
            b.deps.iter().any(|d| {
                matches!(d.0.first(), Some(PathSeg::Key(r)) if &**r == root)
                    && d.0.get(1) == Some(&PathSeg::Index(i))
            })
        })
    })
}

/// A primitive value as loose equality (`==`) sees it: `1`, `"1"` and `true` are one key,
/// `null` and `undefined` another. Strict equality never holds where these keys differ, so
/// one key serves both kinds of test (a `===` row filed under a looser key is only revisited
/// needlessly, never missed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum EqKey {
    Nullish,
    /// The number's bits, `-0` as `0` and every NaN as one.
    Num(u64),
    Str(String),
}

impl EqKey {
    /// The key of a value; `None` for arrays and objects (whose equality is by identity, or,
    /// loosely, by their string form): a node comparing one is revisited on every change.
    pub fn of(v: &Value) -> Option<EqKey> {
        match v {
            Value::Null => Some(EqKey::Nullish),
            Value::Bool(b) => Some(Self::num(if *b { 1.0 } else { 0.0 })),
            Value::Number(n) => Some(Self::num(n.as_f64().unwrap_or(f64::NAN))),
            Value::String(s) => {
                let n = fc_template::string_to_number(s);
                Some(if n.is_nan() {
                    EqKey::Str(s.clone())
                } else {
                    Self::num(n)
                })
            }
            Value::Array(_) | Value::Object(_) => None,
        }
    }

    fn num(n: f64) -> EqKey {
        EqKey::Num(js_number_bits(n))
    }

    /// The key of what the template evaluator reads at `path` (a page-data path of keys and
    /// indexes, no `length`), when the data alone decides it: a missing key reads
    /// `undefined`; stepping into a string (`s[0]`) is left undecided (`None`).
    pub fn at(data: &Value, path: &DataPath) -> Option<EqKey> {
        let mut cur = data;
        for seg in &path.0 {
            let next = match (cur, seg) {
                (Value::Object(m), PathSeg::Key(k)) => m.get(&**k),
                (Value::Object(m), PathSeg::Index(i)) => m.get(&i.to_string()),
                (Value::Array(a), PathSeg::Index(i)) => a.get(*i),
                (Value::Array(_), PathSeg::Key(_)) => None,
                (Value::Number(_) | Value::Bool(_), _) => None,
                (Value::String(_) | Value::Null, _) => return None,
            };
            match next {
                Some(v) => cur = v,
                None => return Some(EqKey::Nullish),
            }
        }
        EqKey::of(cur)
    }
}

/// Nodes whose bindings read a path only through equality tests, by path and by the value
/// of the tests' other side.
#[derive(Default)]
pub(crate) struct EqIndex {
    /// Group number -> its path; `ids` the other way.
    paths: Vec<DataPath>,
    /// FxHash here and in `by_key`: a list's rows file one entry each as they are built.
    ids: FxHashMap<DataPath, usize>,
    groups: Vec<EqGroup>,
    /// Entries added since the last sweep of freed nodes, and how many were kept then.
    added: usize,
    kept: usize,
}

#[derive(Default)]
struct EqGroup {
    by_key: FxHashMap<EqKey, Vec<NodeId>>,
    /// Nodes whose other side is an array or an object.
    any: Vec<NodeId>,
}

impl EqIndex {
    /// The group number of `path`, made when new.
    pub fn group(&mut self, path: &DataPath) -> usize {
        if let Some(g) = self.ids.get(path) {
            return *g;
        }
        let g = self.paths.len();
        self.paths.push(path.clone());
        self.ids.insert(path.clone(), g);
        self.groups.push(EqGroup::default());
        g
    }

    pub fn add(&mut self, group: usize, key: &Option<EqKey>, node: NodeId) {
        let Some(g) = self.groups.get_mut(group) else {
            return;
        };
        match key {
            Some(k) => g.by_key.entry(k.clone()).or_default().push(node),
            None => g.any.push(node),
        }
        self.added += 1;
    }

    pub fn remove(&mut self, group: usize, key: &Option<EqKey>, node: NodeId) {
        let Some(g) = self.groups.get_mut(group) else {
            return;
        };
        let list = match key {
            Some(k) => match g.by_key.get_mut(k) {
                Some(l) => l,
                None => return,
            },
            None => &mut g.any,
        };
        if let Some(i) = list.iter().position(|n| *n == node) {
            list.swap_remove(i);
        }
        if list.is_empty() {
            if let Some(k) = key {
                g.by_key.remove(k);
            }
        }
    }

    /// The groups whose path a batch of patches may change, each with the key of its
    /// value before the batch is written.
    pub fn before(&self, changed: &fc_protocol::ChangeSet<'_>, data: &Value) -> Vec<Before> {
        self.paths
            .iter()
            .enumerate()
            .filter(|(_, p)| changed.overlaps(p))
            .map(|(group, p)| Before {
                group,
                key: EqKey::at(data, p),
            })
            .collect()
    }

    /// The nodes to revisit for a group after the batch is written: those comparing with
    /// the old or the new value (or comparing objects), or, when either value is not a
    /// primitive, all of them.
    pub fn after(&self, before: &Before, data: &Value, out: &mut Vec<NodeId>) {
        let (Some(g), Some(path)) = (self.groups.get(before.group), self.paths.get(before.group))
        else {
            return;
        };
        out.extend(g.any.iter().copied());
        match (&before.key, EqKey::at(data, path)) {
            (Some(old), Some(new)) => {
                if *old == new {
                    return;
                }
                for k in [old, &new] {
                    if let Some(list) = g.by_key.get(k) {
                        out.extend(list.iter().copied());
                    }
                }
            }
            _ => {
                for list in g.by_key.values() {
                    out.extend(list.iter().copied());
                }
            }
        }
    }

    /// How many entries the index holds, freed nodes' included.
    #[cfg(test)]
    pub fn entries(&self) -> usize {
        self.groups
            .iter()
            .map(|g| g.any.len() + g.by_key.values().map(Vec::len).sum::<usize>())
            .sum()
    }

    /// Drops freed nodes once entries have doubled since the last sweep, so the index
    /// stays in proportion to the live tree over any number of list rebuilds.
    pub fn sweep_if_due(&mut self, tree: &Tree) {
        if self.added <= self.kept.max(1024) {
            return;
        }
        let mut kept = 0;
        for g in &mut self.groups {
            g.by_key.retain(|_, list| {
                list.retain(|n| tree.is_live(*n));
                kept += list.len();
                !list.is_empty()
            });
            g.any.retain(|n| tree.is_live(*n));
            kept += g.any.len();
        }
        self.kept = kept;
        self.added = 0;
    }
}

/// A group's key before a batch (see [`EqIndex::before`]).
pub(crate) struct Before {
    group: usize,
    key: Option<EqKey>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_follow_loose_equality() {
        let k = |v: Value| EqKey::of(&v);
        assert_eq!(k(json!(1)), k(json!("1")));
        assert_eq!(k(json!(1)), k(json!(true)));
        assert_eq!(k(json!(0)), k(json!("")));
        assert_eq!(k(json!(-0.0)), k(json!(0)));
        assert_ne!(k(json!("a")), k(json!("b")));
        assert_eq!(k(json!(null)), Some(EqKey::Nullish));
        assert_eq!(k(json!([1])), None);
    }

    #[test]
    fn values_at_paths() {
        let data = json!({"sel": 3, "o": {"a": [5, "x"]}, "s": "abc"});
        let at = |p: &str| EqKey::at(&data, &DataPath::parse(p).expect("path"));
        assert_eq!(at("sel"), EqKey::of(&json!(3)));
        assert_eq!(at("o.a[1]"), EqKey::of(&json!("x")));
        assert_eq!(at("missing"), Some(EqKey::Nullish));
        assert_eq!(at("o.a[9]"), Some(EqKey::Nullish));
        assert_eq!(at("s[0]"), None);
        assert_eq!(at("o"), None);
    }
}
