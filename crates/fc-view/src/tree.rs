//! The retained view tree: a generational arena of nodes.

use fc_style::ComputedStyle;
use std::rc::Rc;

use crate::scope::ScopeChain;

/// A node handle. The generation makes a stale id (from an old event or a removed node)
/// miss instead of reaching whatever reuses the slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    index: u32,
    generation: u32,
}

impl NodeId {
    /// The node's slot in its tree's arena: unique among the tree's live nodes and below
    /// [`Tree::slot_count`], so per-node data of one pass can live in a `Vec` indexed by it.
    pub fn slot(self) -> usize {
        self.index as usize
    }
}

/// Damage bits: which passes must revisit a node.
pub mod damage {
    pub const RESTYLE: u8 = 1;
    pub const RELAYOUT: u8 = 2;
    pub const REPAINT: u8 = 4;
    pub const ALL: u8 = RESTYLE | RELAYOUT | REPAINT;
    /// Restyle the whole subtree: the node's class, id or attributes changed, and selectors
    /// of its descendants (`.danger .td`) may now match otherwise.
    pub const RESTYLE_TREE: u8 = 8;
    /// Some descendant has `RELAYOUT` damage (set on the ancestors by `Tree::mark`): layout
    /// visits the node to reach it, keeping the node's own box when nothing else changed.
    pub const LAYOUT_BELOW: u8 = 16;
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// The page root (`page` in style sheets).
    Root,
    /// An element made from a template tag.
    Element(Element),
    /// Text content.
    Text(String),
    /// A transparent container made by `<block>`, `wx:if` chains and `wx:for` lists: no box,
    /// no style target; its children count as its parent's.
    Fragment,
}

/// A handler bound on an element, with its name already evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct EventHandler {
    pub kind: fc_template::EventKind,
    pub event: Rc<str>,
    pub handler: Rc<str>,
}

#[derive(Debug, Clone)]
pub struct Element {
    pub tag: Rc<str>,
    pub id: Option<String>,
    /// Shared with the template element when its `class` has no `{{ }}`.
    pub classes: Rc<[Rc<str>]>,
    /// The `class` attribute as evaluated, for attribute selectors such as `[class*=x]`.
    pub class_text: Rc<str>,
    /// Other attributes by name (evaluated values), `style` and `data-*` included. FxHash:
    /// every element built fills it and every element restyled looks `style` up in it.
    /// Names are shared with the template.
    pub attrs: AttrMap,
    pub events: Vec<EventHandler>,
    pub hidden: bool,
    /// Set on a custom component's host node: the instance it shows.
    pub component: Option<fc_protocol::InstanceId>,
    /// Some of its classes came from the user through `externalClasses`: the user's
    /// sheets style it too.
    pub external_classes: bool,
    /// A `::before`/`::after` box made by restyle (`page.rs`) from its owner's pseudo-element
    /// rules: laid out and painted like an element, but no selector, hit test or dump sees
    /// it. Its tag is `::before`/`::after`.
    pub generated: bool,
}

/// Empty, sharing its empty texts and class list: `Rc<str>::default()` allocates, and every
/// element built started from a default.
impl Default for Element {
    fn default() -> Element {
        let (empty, classes) = crate::prepared::class_list("");
        Element {
            tag: empty.clone(),
            id: None,
            classes,
            class_text: empty,
            attrs: AttrMap::default(),
            events: Vec::new(),
            hidden: false,
            component: None,
            external_classes: false,
            generated: false,
        }
    }
}

/// An element's attributes by name: a short list, searched in order. An element has a few
/// attributes: a hash map cost a table allocation and hashing per element built, for
/// lookups no faster than scanning a handful of names.
#[derive(Debug, Clone, Default)]
pub struct AttrMap(Vec<(Rc<str>, fc_protocol::Value)>);

impl AttrMap {
    pub fn with_capacity(n: usize) -> AttrMap {
        AttrMap(Vec::with_capacity(n))
    }

    pub fn get(&self, name: &str) -> Option<&fc_protocol::Value> {
        self.0.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name`, returning the value it replaces.
    pub fn insert(
        &mut self,
        name: Rc<str>,
        value: fc_protocol::Value,
    ) -> Option<fc_protocol::Value> {
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Rc<str>, &fc_protocol::Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// The same names with the same values, in any order.
impl PartialEq for AttrMap {
    fn eq(&self, other: &AttrMap) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<'a> IntoIterator for &'a AttrMap {
    type Item = (&'a Rc<str>, &'a fc_protocol::Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Rc<str>, fc_protocol::Value)>,
        fn(&'a (Rc<str>, fc_protocol::Value)) -> (&'a Rc<str>, &'a fc_protocol::Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Element {
    pub fn attr_str(&self, name: &str) -> Option<String> {
        self.attrs.get(name).map(fc_template::js_to_string)
    }
}

/// One node of the view tree. Owned by its page's `Tree`, on the render thread.
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub style: Rc<ComputedStyle>,
    /// Laid-out box in window coordinates, logical px: x, y, width, height.
    pub rect: [f32; 4],
    /// Scroll offset (x, y) of a scroll container (the root = the page, a `scroll-view`),
    /// logical px: its children are drawn and hit shifted by minus this (see `scroll.rs`).
    pub scroll: [f32; 2],
    pub damage: u8,
    /// A `::before`/`::after` box was made among its children at some point (set by
    /// restyle, never cleared): one without it has none to look for.
    pub(crate) had_generated: bool,
    /// The for-item/index aliases visible here (bindings evaluate in it).
    pub(crate) scope: Rc<ScopeChain>,
    /// Dynamic parts of this node, re-evaluated when their data paths change.
    pub(crate) bindings: Vec<crate::instantiate::NodeBinding>,
}

/// Nodes by slot index, in chunks of fixed size: growing never moves a node (one vector of
/// 300-byte nodes, grown by doubling, copied a 10,000-row page twice over as it was built).
#[derive(Default)]
struct Slots {
    chunks: Vec<Box<[Option<Node>]>>,
    len: usize,
}

/// Slots per chunk.
const CHUNK: usize = 1024;

impl Slots {
    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, i: usize) -> Option<&Option<Node>> {
        if i >= self.len {
            return None;
        }
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    fn get_mut(&mut self, i: usize) -> Option<&mut Option<Node>> {
        if i >= self.len {
            return None;
        }
        self.chunks.get_mut(i / CHUNK)?.get_mut(i % CHUNK)
    }

    fn push(&mut self, node: Option<Node>) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push((0..CHUNK).map(|_| None).collect());
        }
        let i = self.len;
        self.len += 1;
        if let Some(slot) = self.get_mut(i) {
            *slot = node;
        }
    }
}

/// The arena. One per page, owned by the render thread.
pub struct Tree {
    /// Nodes by slot index; `None` once collected.
    slots: Slots,
    /// Each slot's generation, apart from the nodes: a liveness check (`is_live`) over
    /// thousands of ids then reads a few cache lines, not a node each.
    generations: Vec<u32>,
    free: Vec<u32>,
    root: NodeId,
    len: usize,
    /// Nodes created since the counter was last read (tests assert reconciliation reuses nodes).
    pub created_count: u64,
    /// `wx:for` items that reconciliation moved (kept nodes outside the longest run that
    /// stayed in order; tests assert the minimum number of moves).
    pub moved_count: u64,
    /// `wx:for` item subtrees that reconciliation removed (their key left the list).
    pub removed_count: u64,
    /// Tells this tree from every other one made in the process (see `uid`).
    uid: u64,
    /// Where restyle starts: nodes that got `RESTYLE` damage while their parent had none
    /// (a node whose parent has it is reached from the parent), so a frame's restyle visits
    /// what changed without walking the page to find it. May hold freed or already restyled
    /// nodes: restyle skips those.
    pub(crate) restyle_queue: Vec<NodeId>,
    /// Nodes whose painted extent may have changed since the last frame (a rect, a style
    /// field that moves ink, a scroll offset, children made or freed): what fc-paint's
    /// extent cache recomputes (see [`Tree::take_paint_changes`]).
    paint_queue: Vec<NodeId>,
    /// The paint queue overflowed (nobody drained it): every extent must be recomputed.
    paint_queue_lost: bool,
    /// Bumped when nodes come or go, an element's non-styling attributes change or a
    /// background image does (see [`Tree::content_version`]).
    content_version: u64,
    /// What a new node holds until restyle gives it its own.
    default_style: Rc<ComputedStyle>,
    /// Slots of removed nodes not dropped yet (see [`Tree::collect_garbage`]): their
    /// generation has moved on, so no id reaches them, and they are not free yet.
    graveyard: Vec<u32>,
}

/// Removed nodes past which removing more drops them at once (see
/// [`Tree::collect_garbage`]).
const GRAVEYARD_LIMIT: usize = 1 << 18;

/// The next `Tree::uid`.
static NEXT_TREE_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

impl Tree {
    pub fn new() -> Tree {
        let mut t = Tree {
            slots: Slots::default(),
            generations: Vec::new(),
            free: Vec::new(),
            root: NodeId {
                index: 0,
                generation: 0,
            },
            len: 0,
            created_count: 0,
            moved_count: 0,
            removed_count: 0,
            uid: NEXT_TREE_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            restyle_queue: Vec::new(),
            paint_queue: Vec::new(),
            paint_queue_lost: false,
            content_version: 0,
            default_style: Rc::new(ComputedStyle::default()),
            graveyard: Vec::new(),
        };
        t.root = t.alloc(NodeKind::Root, None, Rc::new(ScopeChain::default()));
        t
    }

    pub fn root(&self) -> NodeId {
        self.root
    }

    /// A number no other tree of this process has: what a cache of per-node results (such
    /// as fc-layout's retained layout tree) keys on, since node ids repeat across trees.
    pub fn uid(&self) -> u64 {
        self.uid
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// One more than the largest [`NodeId::slot`] in use.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn alloc(
        &mut self,
        kind: NodeKind,
        parent: Option<NodeId>,
        scope: Rc<ScopeChain>,
    ) -> NodeId {
        let node = Node {
            kind,
            parent,
            children: Vec::new(),
            style: self.default_style.clone(),
            rect: [0.0; 4],
            scroll: [0.0; 2],
            damage: damage::ALL,
            had_generated: false,
            scope,
            bindings: Vec::new(),
        };
        self.len += 1;
        self.created_count += 1;
        // Every allocation is linked under `parent` by its caller: a parent awaiting restyle
        // reaches its new child itself (restyle visits children with `RESTYLE` damage).
        let reached = parent
            .and_then(|p| self.get(p))
            .is_some_and(|p| p.damage & damage::RESTYLE != 0);
        let id = if let Some(index) = self.free.pop() {
            if let Some(slot) = self.slots.get_mut(index as usize) {
                *slot = Some(node);
            }
            NodeId {
                index,
                generation: self.generations[index as usize],
            }
        } else {
            self.slots.push(Some(node));
            self.generations.push(0);
            NodeId {
                index: (self.slots.len() - 1) as u32,
                generation: 0,
            }
        };
        if !reached {
            self.restyle_queue.push(id);
        }
        self.paint_changed(id);
        self.content_version += 1;
        id
    }

    /// A number that changes whenever the set of nodes does, an element's attributes other
    /// than `class`/`id`/`style`/`hidden`/`data-*` do (`src`, `value`), or a node's
    /// background images: what the player's lists of images and fields are made from, so it
    /// makes them again only then.
    pub fn content_version(&self) -> u64 {
        self.content_version
    }

    /// Notes a change [`Tree::content_version`] reports.
    pub(crate) fn content_changed(&mut self) {
        self.content_version += 1;
    }

    /// Notes that what node `id` paints may now reach elsewhere (see `paint_queue`).
    pub fn paint_changed(&mut self, id: NodeId) {
        if self.paint_queue_lost {
            return;
        }
        // Undrained (no painter keeps a cache of this tree): stop queueing and say so.
        if self.paint_queue.len() > 2 * self.len + 1024 {
            self.paint_queue = Vec::new();
            self.paint_queue_lost = true;
            return;
        }
        self.paint_queue.push(id);
    }

    /// The nodes whose extents may have changed since the last call, or `None` when they
    /// were not all kept (every extent must be recomputed).
    pub fn take_paint_changes(&mut self) -> Option<Vec<NodeId>> {
        let lost = std::mem::take(&mut self.paint_queue_lost);
        let queue = std::mem::take(&mut self.paint_queue);
        (!lost).then_some(queue)
    }

    /// Sets a node's laid-out box (layout's write-back), noting a change for paint.
    pub fn set_rect(&mut self, id: NodeId, rect: [f32; 4]) {
        let Some(node) = self.get_mut(id) else { return };
        if node.rect != rect {
            node.rect = rect;
            self.paint_changed(id);
        }
    }

    /// Sets a scroll container's offset, noting a change for paint.
    pub fn set_scroll(&mut self, id: NodeId, scroll: [f32; 2]) {
        let Some(node) = self.get_mut(id) else { return };
        if node.scroll != scroll {
            node.scroll = scroll;
            self.paint_changed(id);
        }
    }

    pub fn get(&self, id: NodeId) -> Option<&Node> {
        if !self.is_live(id) {
            return None;
        }
        self.slots.get(id.index as usize)?.as_ref()
    }

    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        if !self.is_live(id) {
            return None;
        }
        self.slots.get_mut(id.index as usize)?.as_mut()
    }

    /// Whether `node` still holds the placeholder style it was made with: restyle has not
    /// reached it since it was made.
    pub(crate) fn is_unstyled(&self, node: &Node) -> bool {
        Rc::ptr_eq(&node.style, &self.default_style)
    }

    /// Whether `id` names a node of the tree (`get` would find it), without reading it.
    pub fn is_live(&self, id: NodeId) -> bool {
        self.generations.get(id.index as usize) == Some(&id.generation)
    }

    /// Removes a node and its whole subtree (not the link from its parent: see `detach`).
    pub(crate) fn free_subtree(&mut self, id: NodeId) {
        // Nobody collects (a tree used without a player): do not hold on for ever.
        if self.graveyard.len() > GRAVEYARD_LIMIT {
            self.collect_garbage();
        }
        self.content_version += 1;
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if !self.is_live(n) {
                continue;
            }
            let Some(Some(node)) = self.slots.get(n.index as usize) else {
                continue;
            };
            if n == id {
                // Items of a cleared list share their parent: queued once.
                if let Some(p) = node.parent.filter(|p| self.paint_queue.last() != Some(p)) {
                    self.paint_queue.push(p);
                }
            }
            stack.extend_from_slice(&node.children);
            if let Some(g) = self.generations.get_mut(n.index as usize) {
                *g = g.wrapping_add(1);
            }
            self.graveyard.push(n.index);
            self.len -= 1;
        }
    }

    /// Drops the nodes removed since the last call. Removing a subtree only unlinks it (its
    /// ids stop resolving at once); dropping 80,000 nodes with their bindings and strings
    /// is left for when the frame that no longer shows them is on screen and the render
    /// thread has nothing else to do, as a browser collects a removed DOM later.
    pub fn collect_garbage(&mut self) {
        if self.graveyard.is_empty() {
            return;
        }
        for index in std::mem::take(&mut self.graveyard) {
            if let Some(slot) = self.slots.get_mut(index as usize) {
                *slot = None;
                self.free.push(index);
            }
        }
        // Lowest slot last, so `alloc` hands out freed slots in ascending order: a list built
        // again after a clear lies in memory in tree order, as a fresh one does. Taken in the
        // order they were freed, a 10,000-row list rebuilt after a clear took about 1.5x as
        // long to restyle, and 3x as long for its paint extents, as a first one.
        self.free.sort_unstable_by(|a, b| b.cmp(a));
    }

    /// Nodes removed and not dropped yet.
    pub fn garbage_len(&self) -> usize {
        self.graveyard.len()
    }

    /// Unlinks `child` from `parent` and removes its subtree.
    pub(crate) fn remove_child(&mut self, parent: NodeId, child: NodeId) {
        if let Some(p) = self.get_mut(parent) {
            p.children.retain(|c| *c != child);
        }
        self.free_subtree(child);
    }

    /// Whether `id` is a generated `::before`/`::after` box.
    pub fn is_generated(&self, id: NodeId) -> bool {
        self.element(id).is_some_and(|e| e.generated)
    }

    /// Removes every child of `id` from the tree.
    pub(crate) fn clear_children(&mut self, id: NodeId) {
        let children = match self.get_mut(id) {
            Some(n) => std::mem::take(&mut n.children),
            None => return,
        };
        for c in children {
            self.free_subtree(c);
        }
    }

    /// Marks a node damaged; layout damage also marks its ancestors `LAYOUT_BELOW`.
    pub fn mark(&mut self, id: NodeId, bits: u8) {
        if bits & damage::RESTYLE != 0
            && self
                .get(id)
                .is_some_and(|n| n.damage & damage::RESTYLE == 0)
        {
            self.restyle_queue.push(id);
        }
        let mut cur = Some(id);
        let mut first = true;
        while let Some(n) = cur {
            let Some(node) = self.get_mut(n) else { break };
            node.damage |= if first { bits } else { damage::LAYOUT_BELOW };
            first = false;
            if bits & damage::RELAYOUT == 0 {
                break;
            }
            cur = node.parent;
        }
    }

    /// The children of `id` as layout and selectors see them: fragments replaced by their
    /// own (flattened) children.
    pub fn flat_children(&self, id: NodeId) -> Vec<NodeId> {
        self.flat_children_inline(id).into_vec()
    }

    /// [`Tree::flat_children`] inline: layout builds every new element's children from
    /// it, and a 10,000-row list made a list per row and cell.
    pub fn flat_children_inline(&self, id: NodeId) -> smallvec::SmallVec<[NodeId; 8]> {
        let mut out = smallvec::SmallVec::new();
        self.for_each_flat_child(id, &mut |c| out.push(c));
        out
    }

    /// Calls `f` with each of [`Tree::flat_children`] in order, without collecting them.
    pub fn for_each_flat_child(&self, id: NodeId, f: &mut impl FnMut(NodeId)) {
        let Some(node) = self.get(id) else { return };
        for &c in &node.children {
            match self.get(c).map(|n| &n.kind) {
                Some(NodeKind::Fragment) => self.for_each_flat_child(c, f),
                Some(_) => f(c),
                None => {}
            }
        }
    }

    /// How many ancestors `id` has (0 for the root): passes that must see parents before
    /// children sort by it.
    pub fn depth(&self, id: NodeId) -> usize {
        let mut d = 0;
        let mut cur = self.get(id).and_then(|n| n.parent);
        while let Some(p) = cur {
            d += 1;
            cur = self.get(p).and_then(|n| n.parent);
        }
        d
    }

    /// The nearest ancestor that is not a fragment.
    pub fn box_parent(&self, id: NodeId) -> Option<NodeId> {
        let mut cur = self.get(id)?.parent;
        while let Some(p) = cur {
            let node = self.get(p)?;
            if !matches!(node.kind, NodeKind::Fragment) {
                return Some(p);
            }
            cur = node.parent;
        }
        None
    }

    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.get(id)?.kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod garbage_tests {
    use super::*;

    #[test]
    fn removed_nodes_stop_resolving_at_once_and_their_slots_come_back_when_collected() {
        let mut t = Tree::new();
        let scope = Rc::new(ScopeChain::default());
        let root = t.root();
        let parent = t.alloc(NodeKind::Fragment, Some(root), scope.clone());
        let kids: Vec<NodeId> = (0..3)
            .map(|i| t.alloc(NodeKind::Text(format!("{i}")), Some(parent), scope.clone()))
            .collect();
        if let Some(p) = t.get_mut(parent) {
            p.children = kids.clone();
        }
        let slots = t.slot_count();
        t.free_subtree(parent);
        assert!(t.get(parent).is_none() && kids.iter().all(|k| t.get(*k).is_none()));
        assert_eq!(t.len(), 1);
        assert_eq!(t.garbage_len(), 4);
        // Not free before collection: a new node takes a new slot.
        let a = t.alloc(NodeKind::Fragment, Some(root), scope.clone());
        assert_eq!(t.slot_count(), slots + 1);
        t.collect_garbage();
        assert_eq!(t.garbage_len(), 0);
        let b = t.alloc(NodeKind::Fragment, Some(root), scope);
        assert_eq!(t.slot_count(), slots + 1, "a collected slot is reused");
        assert!(t.get(a).is_some() && t.get(b).is_some());
        assert!(t.get(parent).is_none() && kids.iter().all(|k| t.get(*k).is_none()));
    }

    #[test]
    fn collected_slots_are_taken_again_lowest_first() {
        let mut t = Tree::new();
        let scope = Rc::new(ScopeChain::default());
        let root = t.root();
        let list = t.alloc(NodeKind::Fragment, Some(root), scope.clone());
        let rows: Vec<NodeId> = (0..6)
            .map(|_| t.alloc(NodeKind::Fragment, Some(list), scope.clone()))
            .collect();
        if let Some(l) = t.get_mut(list) {
            l.children = rows.clone();
        }
        t.free_subtree(list);
        t.collect_garbage();
        let again: Vec<u32> = (0..7)
            .map(|_| t.alloc(NodeKind::Fragment, Some(root), scope.clone()).index)
            .collect();
        let mut sorted = again.clone();
        sorted.sort_unstable();
        assert_eq!(again, sorted, "a list built again lies in slot order");
        assert_eq!(again[0], list.index);
    }
}
