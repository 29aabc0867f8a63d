//! Per-node records kept across layouts (boxes, paragraphs, spans), by the node's arena
//! slot: a lookup is an index and a compare, where a hash map probed memory at random —
//! building 10,000 new rows looks up and inserts some 200,000 times.

use fc_view::NodeId;
use std::collections::HashMap;

/// A map from live and recently removed nodes to `V`, with a hash map's behaviour.
///
/// Slots come in chunks: growing adds one, where one `Vec` would copy every record into
/// new memory at each doubling (a tenth of a layout of 10,000 new rows went in those
/// copies and in first touches of the memory they went to).
///
/// Each slot holds the newest node that was given one. A record of a removed node whose
/// slot a new node took before the record was forgotten (the tree reuses slots once it has
/// collected its garbage) moves to `older`, so no record is lost or read for the wrong node.
pub(crate) struct NodeMap<V> {
    chunks: Vec<Chunk<V>>,
    older: HashMap<NodeId, V, rustc_hash::FxBuildHasher>,
    len: usize,
}

impl<V> Default for NodeMap<V> {
    fn default() -> Self {
        NodeMap {
            chunks: Vec::new(),
            older: HashMap::default(),
            len: 0,
        }
    }
}

/// `CHUNK` slots, each empty or holding a node's record.
type Chunk<V> = Box<[Option<(NodeId, V)>]>;

/// Slots per chunk.
const CHUNK: usize = 1024;

impl<V> NodeMap<V> {
    fn slot(&self, slot: usize) -> Option<&Option<(NodeId, V)>> {
        self.chunks.get(slot / CHUNK).map(|c| &c[slot % CHUNK])
    }

    pub(crate) fn get(&self, key: &NodeId) -> Option<&V> {
        match self.slot(key.slot()) {
            Some(Some((k, v))) if k == key => Some(v),
            _ if self.older.is_empty() => None,
            _ => self.older.get(key),
        }
    }

    pub(crate) fn get_mut(&mut self, key: &NodeId) -> Option<&mut V> {
        let slot = key.slot();
        if matches!(self.slot(slot), Some(Some((k, _))) if k == key) {
            return self.chunks[slot / CHUNK][slot % CHUNK]
                .as_mut()
                .map(|(_, v)| v);
        }
        if self.older.is_empty() {
            return None;
        }
        self.older.get_mut(key)
    }

    pub(crate) fn contains_key(&self, key: &NodeId) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key`'s value; returns the one it replaces.
    pub(crate) fn insert(&mut self, key: NodeId, value: V) -> Option<V> {
        if let Some(v) = self.older.get_mut(&key) {
            return Some(std::mem::replace(v, value));
        }
        let slot = key.slot();
        while self.chunks.len() <= slot / CHUNK {
            self.chunks.push((0..CHUNK).map(|_| None).collect());
        }
        let at = &mut self.chunks[slot / CHUNK][slot % CHUNK];
        match at.replace((key, value)) {
            Some((k, v)) if k == key => Some(v),
            Some((k, v)) => {
                self.older.insert(k, v);
                self.len += 1;
                None
            }
            None => {
                self.len += 1;
                None
            }
        }
    }

    pub(crate) fn remove(&mut self, key: &NodeId) -> Option<V> {
        let slot = key.slot();
        if let Some(at) = self
            .chunks
            .get_mut(slot / CHUNK)
            .map(|c| &mut c[slot % CHUNK])
        {
            if matches!(at, Some((k, _)) if k == key) {
                self.len -= 1;
                return at.take().map(|(_, v)| v);
            }
        }
        let v = self.older.remove(key)?;
        self.len -= 1;
        Some(v)
    }

    /// `key`'s value, made with `make` when it has none.
    pub(crate) fn get_or_insert_with(&mut self, key: NodeId, make: impl FnOnce() -> V) -> &mut V {
        if !self.contains_key(&key) {
            self.insert(key, make());
        }
        match self.get_mut(&key) {
            Some(v) => v,
            // Inserted just above.
            None => unreachable!("a value was inserted for the key"),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn clear(&mut self) {
        self.chunks.clear();
        self.older.clear();
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two ids of one slot, the second a newer node there: a list item removed, the tree's
    /// garbage collected, another item made.
    fn same_slot_ids() -> (NodeId, NodeId) {
        let compiled = fc_template::compile(
            "pages/t/t.wxml",
            "<view wx:for='{{items}}' wx:key='*this'>{{item}}</view>",
        );
        let cascade = fc_style::Cascade::new(vec![fc_style::shared_default_stylesheet()]);
        let mut p = fc_view::Page::new(1, "pages/t/t", &compiled.template, cascade);
        p.set_initial_data(serde_json::json!({"items": ["a"]}));
        let items = |p: &fc_view::Page| p.tree.flat_children(p.tree.root());
        let first = items(&p);
        let set = |p: &mut fc_view::Page, v: &str| {
            p.apply_patches(&[fc_protocol::DataPatch {
                path: fc_protocol::DataPath::parse("items").expect("path"),
                value: serde_json::json!([v]),
            }]);
        };
        set(&mut p, "b");
        p.tree.collect_garbage();
        set(&mut p, "c");
        let third = items(&p);
        let (a, b) = first
            .iter()
            .find_map(|a| {
                third
                    .iter()
                    .find(|b| b.slot() == a.slot())
                    .map(|b| (*a, *b))
            })
            .expect("a slot reused");
        assert_ne!(a, b);
        (a, b)
    }

    #[test]
    fn behaves_as_a_hash_map_when_a_slot_is_reused() {
        let (old, new) = same_slot_ids();
        let mut m = NodeMap::default();
        assert_eq!(m.insert(old, 1), None);
        assert_eq!(m.insert(new, 2), None);
        assert_eq!((m.get(&old), m.get(&new), m.len()), (Some(&1), Some(&2), 2));
        assert_eq!(m.insert(old, 3), Some(1));
        assert_eq!(m.remove(&old), Some(3));
        assert_eq!((m.get(&old), m.get(&new), m.len()), (None, Some(&2), 1));
        *m.get_or_insert_with(old, || 4) += 1;
        assert_eq!((m.get(&old), m.len()), (Some(&5), 2));
        assert_eq!(m.remove(&new), Some(2));
        assert_eq!((m.get(&old), m.get(&new), m.len()), (Some(&5), None, 1));
        assert_eq!(m.remove(&new), None);
        m.clear();
        assert_eq!((m.get(&old), m.len()), (None, 0));
    }
}
