//! The retained box tree that taffy's algorithms run over, in place of `taffy::TaffyTree`.
//!
//! `TaffyTree` keeps each node in a slot map of about 900 bytes per node (its style, an
//! unrounded and a rounded layout, its cache), its children and parents in two more slot
//! maps, and contexts in a hashed side map. A page of 10,000 rows has 40,000 boxes: the
//! slot map grew by doubling and copied them all as they were made, and making a box was a
//! tenth of laying out new rows. Here a box is one record in chunks of fixed size that never
//! move, without the rounded layout (fcplayer rounds while writing rects back), with what
//! it stands for (`Ctx`) beside its layout, read without hashing.
//!
//! Boxes share styles (`Rc<Style>`): the rows of a long list have a few styles among them,
//! and taffy reads a box's style many times while laying it out.
//!
//! Ids are `taffy::NodeId`s: the slot in the low 32 bits, the slot's generation above, so
//! an id kept past its box's removal reads as no box rather than as the box that took its
//! slot.

use crate::build::Ctx;
use crate::cache::Cache;
use std::rc::Rc;
use taffy::{
    AvailableSpace, BlockContext, CacheTree, ClearState, DetailedLayoutInfo, Layout,
    LayoutBlockContainer, LayoutContainingBlock, LayoutFlexboxContainer, LayoutInput, LayoutOutput,
    LayoutPartialTree, NodeId, RunMode, Size, Style, TraversePartialTree, TraverseTree,
};

/// Slots per chunk.
const CHUNK: usize = 1024;

struct BoxNode {
    style: Rc<Style>,
    /// Unrounded, relative to the parent's border box.
    layout: Layout,
    cache: Cache,
    children: Vec<NodeId>,
    parent: Option<NodeId>,
    ctx: Option<Ctx>,
}

struct Slot {
    generation: u32,
    node: Option<BoxNode>,
}

#[derive(Default)]
pub(crate) struct BoxTree {
    chunks: Vec<Vec<Slot>>,
    /// Slots whose box was removed, to be taken again.
    free: Vec<u32>,
    /// Slots were freed since `sort_free` last ran.
    free_unsorted: bool,
    /// Slots handed out.
    slots: usize,
    /// Boxes in the tree.
    len: usize,
    /// The initial style, shared by the boxes that have it; also what a stale id reads
    /// (taffy's traits must return a style).
    default_style: Rc<Style>,
}

fn split(id: NodeId) -> (usize, u32) {
    let raw = u64::from(id);
    ((raw & 0xffff_ffff) as usize, (raw >> 32) as u32)
}

fn join(index: usize, generation: u32) -> NodeId {
    NodeId::from(((generation as u64) << 32) | index as u64)
}

static NO_DETAIL: DetailedLayoutInfo = DetailedLayoutInfo::None;

impl BoxTree {
    fn slot(&self, index: usize) -> Option<&Slot> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    fn slot_mut(&mut self, index: usize) -> Option<&mut Slot> {
        self.chunks.get_mut(index / CHUNK)?.get_mut(index % CHUNK)
    }

    fn node(&self, id: NodeId) -> Option<&BoxNode> {
        let (index, generation) = split(id);
        self.slot(index)
            .filter(|s| s.generation == generation)?
            .node
            .as_ref()
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut BoxNode> {
        let (index, generation) = split(id);
        self.slot_mut(index)
            .filter(|s| s.generation == generation)?
            .node
            .as_mut()
    }

    /// Boxes in the tree.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The initial style, shared.
    pub(crate) fn default_style(&self) -> Rc<Style> {
        self.default_style.clone()
    }

    pub(crate) fn new_leaf(&mut self, style: Rc<Style>) -> NodeId {
        let node = BoxNode {
            style,
            layout: Layout::new(),
            cache: Cache::new(),
            children: Vec::new(),
            parent: None,
            ctx: None,
        };
        self.len += 1;
        if let Some(index) = self.free.pop() {
            let index = index as usize;
            if let Some(slot) = self.slot_mut(index) {
                slot.node = Some(node);
                return join(index, slot.generation);
            }
        }
        let index = self.slots;
        self.slots += 1;
        if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(Slot {
                generation: 0,
                node: Some(node),
            });
        }
        join(index, 0)
    }

    /// Orders the free slots so that new boxes take the lowest first: boxes made in a row
    /// (a list built again after a clear) then lie side by side in memory, as new ones do.
    pub(crate) fn sort_free(&mut self) {
        if std::mem::take(&mut self.free_unsorted) {
            self.free.sort_unstable_by(|a, b| b.cmp(a));
        }
    }

    /// Takes the box out: out of its parent's children (which must be laid out again), and
    /// its children lose their parent.
    pub(crate) fn remove(&mut self, id: NodeId) {
        let (index, generation) = split(id);
        let Some(slot) = self.slot_mut(index).filter(|s| s.generation == generation) else {
            return;
        };
        let Some(node) = slot.node.take() else {
            return;
        };
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(index as u32);
        self.free_unsorted = true;
        self.len -= 1;
        if let Some(parent) = node.parent {
            if let Some(p) = self.node_mut(parent) {
                p.children.retain(|c| *c != id);
            }
            self.mark_dirty(parent);
        }
        for c in node.children {
            if let Some(child) = self.node_mut(c) {
                child.parent = None;
            }
        }
    }

    pub(crate) fn set_style(&mut self, id: NodeId, style: Rc<Style>) {
        if let Some(n) = self.node_mut(id) {
            n.style = style;
            self.mark_dirty(id);
        }
    }

    /// Sets the style unless the box has it already (keeping what taffy cached).
    pub(crate) fn update_style(&mut self, id: NodeId, style: Rc<Style>) {
        let same = self
            .node(id)
            .is_some_and(|n| Rc::ptr_eq(&n.style, &style) || *n.style == *style);
        if !same {
            self.set_style(id, style);
        }
    }

    pub(crate) fn style(&self, id: NodeId) -> Option<&Style> {
        self.node(id).map(|n| &*n.style)
    }

    /// Makes `children` the box's children, taking each out of the box it was a child of.
    pub(crate) fn set_children(&mut self, id: NodeId, children: &[NodeId]) {
        let Some(node) = self.node_mut(id) else {
            return;
        };
        let old = std::mem::take(&mut node.children);
        for c in &old {
            if let Some(child) = self.node_mut(*c) {
                child.parent = None;
            }
        }
        for &c in children {
            let Some(child) = self.node_mut(c) else {
                continue;
            };
            if let Some(previous) = child.parent.replace(id) {
                if let Some(p) = self.node_mut(previous) {
                    p.children.retain(|x| *x != c);
                }
                self.mark_dirty(previous);
            }
        }
        let mut list = old;
        list.clear();
        list.extend(children.iter().copied().filter(|c| self.node(*c).is_some()));
        if let Some(node) = self.node_mut(id) {
            node.children = list;
        }
        self.mark_dirty(id);
    }

    /// The box's children (none for an id without a box).
    pub(crate) fn children(&self, id: NodeId) -> &[NodeId] {
        self.node(id).map_or(&[], |n| &n.children)
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id)?.parent
    }

    /// Its last layout, unrounded.
    pub(crate) fn layout(&self, id: NodeId) -> Option<&Layout> {
        self.node(id).map(|n| &n.layout)
    }

    /// Its last layout (unrounded), what it stands for, and its children.
    pub(crate) fn parts(&self, id: NodeId) -> Option<(&Layout, Option<Ctx>, &[NodeId])> {
        self.node(id).map(|n| (&n.layout, n.ctx, &n.children[..]))
    }

    pub(crate) fn set_ctx(&mut self, id: NodeId, ctx: Ctx) {
        if let Some(n) = self.node_mut(id) {
            n.ctx = Some(ctx);
        }
    }

    pub(crate) fn ctx(&self, id: NodeId) -> Option<Ctx> {
        self.node(id)?.ctx
    }

    /// Whether it must be laid out again (nothing cached).
    pub(crate) fn dirty(&self, id: NodeId) -> bool {
        self.node(id).is_some_and(|n| n.cache.is_empty())
    }

    /// Drops what the box and its ancestors cached, as taffy does: up to the first one
    /// already empty.
    pub(crate) fn mark_dirty(&mut self, id: NodeId) {
        let mut at = Some(id);
        while let Some(id) = at {
            let Some(n) = self.node_mut(id) else {
                return;
            };
            at = match n.cache.clear() {
                ClearState::AlreadyEmpty => None,
                ClearState::Cleared => n.parent,
            };
        }
    }

    /// Lays out the tree under `root`; `measure` lays out each leaf.
    pub(crate) fn compute_layout<M>(
        &mut self,
        root: NodeId,
        available: Size<AvailableSpace>,
        measure: M,
    ) where
        M: FnMut(LayoutInput, Option<Ctx>, &Style) -> LayoutOutput,
    {
        let mut view = View {
            tree: self,
            measure,
        };
        taffy::compute_root_layout(&mut view, root, available);
    }
}

/// The tree with the leaves' measure function, as taffy's algorithms see it.
struct View<'t, M> {
    tree: &'t mut BoxTree,
    measure: M,
}

impl<M> View<'_, M>
where
    M: FnMut(LayoutInput, Option<Ctx>, &Style) -> LayoutOutput,
{
    fn style_of(&self, id: NodeId) -> &Style {
        self.tree
            .node(id)
            .map_or(&self.tree.default_style, |n| &n.style)
    }

    /// As `TaffyView::compute_child_layout` (taffy's own tree) does it.
    fn child_layout(
        &mut self,
        id: NodeId,
        inputs: LayoutInput,
        block_ctx: Option<&mut BlockContext<'_>>,
    ) -> LayoutOutput {
        if inputs.run_mode == RunMode::PerformHiddenLayout {
            return taffy::compute_hidden_layout(self, id);
        }
        taffy::compute_cached_layout(self, id, inputs, |view, id, inputs| {
            let (display, has_children) = match view.tree.node(id) {
                Some(n) => (n.style.display, !n.children.is_empty()),
                None => return LayoutOutput::HIDDEN,
            };
            let mut output = match (display, has_children) {
                (taffy::Display::None, _) => taffy::compute_hidden_layout(view, id),
                (taffy::Display::Block, true) => {
                    taffy::compute_block_layout(view, id, inputs, block_ctx)
                }
                (taffy::Display::FlowRoot, true) => {
                    taffy::compute_block_layout(view, id, inputs, None)
                }
                (taffy::Display::Flex, true) => taffy::compute_flexbox_layout(view, id, inputs),
                (_, false) => {
                    let Some(n) = view.tree.node(id) else {
                        return LayoutOutput::HIDDEN;
                    };
                    (view.measure)(inputs, n.ctx, &n.style)
                }
            };
            // As taffy: out-of-flow boxes this one contains are laid out in full layouts
            // only, inside the cache miss, so a cached output already holds them.
            if inputs.run_mode == RunMode::PerformLayout {
                taffy::compute_oof_layout(view, id, &mut output);
            }
            output
        })
    }
}

impl<M> TraversePartialTree for View<'_, M> {
    type ChildIter<'a>
        = std::iter::Copied<std::slice::Iter<'a, NodeId>>
    where
        Self: 'a;

    fn child_ids(&self, id: NodeId) -> Self::ChildIter<'_> {
        self.tree.children(id).iter().copied()
    }

    fn child_count(&self, id: NodeId) -> usize {
        self.tree.children(id).len()
    }

    fn get_child_id(&self, id: NodeId, index: usize) -> NodeId {
        // taffy asks only for indices below `child_count`.
        self.tree.children(id)[index]
    }
}

impl<M> TraverseTree for View<'_, M> {}

impl<M> LayoutPartialTree for View<'_, M>
where
    M: FnMut(LayoutInput, Option<Ctx>, &Style) -> LayoutOutput,
{
    type CoreContainerStyle<'a>
        = &'a Style
    where
        Self: 'a;
    type CustomIdent = String;

    fn get_core_container_style(&self, id: NodeId) -> &Style {
        self.style_of(id)
    }

    fn set_unrounded_layout(&mut self, id: NodeId, layout: &Layout) {
        if let Some(n) = self.tree.node_mut(id) {
            n.layout = *layout;
        }
    }

    fn compute_child_layout(&mut self, id: NodeId, inputs: LayoutInput) -> LayoutOutput {
        self.child_layout(id, inputs, None)
    }
}

impl<M> LayoutContainingBlock for View<'_, M>
where
    M: FnMut(LayoutInput, Option<Ctx>, &Style) -> LayoutOutput,
{
    type OofItemStyle<'a>
        = &'a Style
    where
        Self: 'a;

    fn get_oof_item_style(&self, id: NodeId) -> &Style {
        self.style_of(id)
    }

    // taffy hands a containing block the absolutely positioned boxes it laid out (its
    // "hoisted children") for its own rounding pass to reach them. fcplayer rounds while
    // writing rects back, walking each box's children, where those boxes also are: the
    // lists are not kept.
    fn clear_hoisted_children(&mut self, _id: NodeId) {}

    fn add_hoisted_children(&mut self, _id: NodeId, _hoisted: &[NodeId]) {}

    fn get_detailed_layout_info(&self, _id: NodeId) -> &DetailedLayoutInfo {
        &NO_DETAIL
    }
}

impl<M> CacheTree for View<'_, M> {
    fn cache_get(&mut self, id: NodeId, input: &LayoutInput) -> Option<LayoutOutput> {
        self.tree.node_mut(id)?.cache.get(input)
    }

    fn cache_store(&mut self, id: NodeId, input: &LayoutInput, output: LayoutOutput) {
        if let Some(n) = self.tree.node_mut(id) {
            n.cache.store(input, output);
        }
    }

    fn cache_clear(&mut self, id: NodeId) {
        if let Some(n) = self.tree.node_mut(id) {
            n.cache.clear();
        }
    }
}

impl<M> LayoutBlockContainer for View<'_, M>
where
    M: FnMut(LayoutInput, Option<Ctx>, &Style) -> LayoutOutput,
{
    type BlockContainerStyle<'a>
        = &'a Style
    where
        Self: 'a;
    type BlockItemStyle<'a>
        = &'a Style
    where
        Self: 'a;

    fn get_block_container_style(&self, id: NodeId) -> &Style {
        self.style_of(id)
    }

    fn get_block_child_style(&self, id: NodeId) -> &Style {
        self.style_of(id)
    }

    fn compute_block_child_layout(
        &mut self,
        id: NodeId,
        inputs: LayoutInput,
        block_ctx: Option<&mut BlockContext<'_>>,
    ) -> LayoutOutput {
        self.child_layout(id, inputs, block_ctx)
    }
}

impl<M> LayoutFlexboxContainer for View<'_, M>
where
    M: FnMut(LayoutInput, Option<Ctx>, &Style) -> LayoutOutput,
{
    type FlexboxContainerStyle<'a>
        = &'a Style
    where
        Self: 'a;
    type FlexboxItemStyle<'a>
        = &'a Style
    where
        Self: 'a;

    fn get_flexbox_container_style(&self, id: NodeId) -> &Style {
        self.style_of(id)
    }

    fn get_flexbox_child_style(&self, id: NodeId) -> &Style {
        self.style_of(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use taffy::style::{Dimension, FlexDirection};

    fn fixed(w: f32, h: f32) -> Rc<Style> {
        Rc::new(Style {
            size: Size {
                width: Dimension::length(w),
                height: Dimension::length(h),
            },
            ..Style::default()
        })
    }

    fn lay_out(t: &mut BoxTree, root: NodeId) {
        let room = Size {
            width: AvailableSpace::Definite(500.0),
            height: AvailableSpace::MaxContent,
        };
        t.compute_layout(root, room, |inputs, _, style| {
            taffy::compute_leaf_layout(inputs, style, |_, _| 0.0, |_, _| Size::ZERO)
        });
    }

    #[test]
    fn sorted_free_slots_are_taken_again_lowest_first() {
        let mut t = BoxTree::default();
        let boxes: Vec<NodeId> = (0..5).map(|_| t.new_leaf(fixed(1.0, 1.0))).collect();
        for b in [boxes[1], boxes[4], boxes[0], boxes[3]] {
            t.remove(b);
        }
        t.sort_free();
        let again: Vec<usize> = (0..4)
            .map(|_| split(t.new_leaf(fixed(1.0, 1.0))).0)
            .collect();
        assert_eq!(again, vec![0, 1, 3, 4]);
    }

    #[test]
    fn a_removed_box_id_reads_as_none_after_its_slot_is_taken() {
        let mut t = BoxTree::default();
        let a = t.new_leaf(fixed(1.0, 1.0));
        t.set_ctx(a, Ctx::Node(fc_view::Tree::new().root()));
        t.remove(a);
        let b = t.new_leaf(fixed(2.0, 2.0));
        assert_ne!(a, b, "the slot is taken again under a new generation");
        assert_eq!(split(a).0, split(b).0);
        assert!(t.style(a).is_none() && t.ctx(a).is_none() && t.layout(a).is_none());
        assert!(
            t.ctx(b).is_none(),
            "a new box stands for nothing until told"
        );
        // Stale ids are ignored, not applied to the box that took the slot.
        t.set_style(a, fixed(9.0, 9.0));
        t.remove(a);
        assert_eq!(t.style(b), Some(&*fixed(2.0, 2.0)));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn set_children_takes_a_box_from_its_old_parent() {
        let mut t = BoxTree::default();
        let (p, q) = (t.new_leaf(t.default_style()), t.new_leaf(t.default_style()));
        let c = t.new_leaf(fixed(10.0, 10.0));
        t.set_children(p, &[c]);
        t.set_children(q, &[c]);
        assert!(t.children(p).is_empty());
        assert_eq!(t.children(q), &[c]);
        assert_eq!(t.parent(c), Some(q));
        t.remove(q);
        assert_eq!(t.parent(c), None, "its parent went");
    }

    #[test]
    fn lays_out_and_relays_out_only_after_a_change() {
        let mut t = BoxTree::default();
        let row = t.new_leaf(Rc::new(Style {
            display: taffy::Display::Flex,
            flex_direction: FlexDirection::Row,
            ..Style::default()
        }));
        let root = t.new_leaf(Rc::new(Style {
            display: taffy::Display::Block,
            ..Style::default()
        }));
        let cells: Vec<NodeId> = (1..=3)
            .map(|i| t.new_leaf(fixed(10.0 * i as f32, 5.0)))
            .collect();
        t.set_children(row, &cells);
        t.set_children(root, &[row]);
        assert!(t.dirty(root));
        lay_out(&mut t, root);
        assert!(!t.dirty(root) && !t.dirty(cells[2]));
        let x: Vec<f32> = cells
            .iter()
            .map(|c| t.layout(*c).map_or(-1.0, |l| l.location.x))
            .collect();
        assert_eq!(x, [0.0, 10.0, 30.0]);
        assert_eq!(
            t.layout(root).map(|l| (l.size.width, l.size.height)),
            Some((500.0, 5.0))
        );
        // A change clears the box's cache and its ancestors', not its siblings'.
        t.set_style(cells[0], fixed(20.0, 8.0));
        assert!(t.dirty(cells[0]) && t.dirty(row) && t.dirty(root));
        assert!(!t.dirty(cells[1]));
        lay_out(&mut t, root);
        assert_eq!(t.layout(cells[2]).map(|l| l.location.x), Some(40.0));
        assert_eq!(t.layout(root).map(|l| l.size.height), Some(8.0));
        // Removing a child lays its parent out again.
        t.remove(cells[1]);
        assert!(t.dirty(row));
        lay_out(&mut t, root);
        assert_eq!(t.layout(cells[2]).map(|l| l.location.x), Some(20.0));
    }
}
