//! Drawing only what is on screen: each subtree's extent (where anything it paints can
//! land, in the coordinates its box is laid out in), so the tree walk skips a subtree whose
//! extent misses the current clip — a page of 10 000 rows builds items for the visible rows
//! only. Also the translation a scroll container gives its children (fc-view `scroll.rs`).
//!
//! An extent is only used when it is provably an over-estimate: a subtree with a
//! `transform`, or holding a `position: fixed` box (placed against the window, not its
//! ancestors), is never skipped.

use crate::scene::{Affine, Rect};
use crate::transform::{compose, map_rect_bounds, translate};
use fc_style::Position;
use fc_view::{NodeId, NodeKind, Tree};
use std::collections::{BinaryHeap, HashMap, HashSet};

/// Edges `[x0, y0, x1, y1]`, logical px; `None`: unbounded (never skipped).
type Edges = Option<[f32; 4]>;

/// A box with more children than this keeps them in a list sorted by extent, when they
/// are laid out one below the other, so the paint walk finds the ones on screen by binary
/// search instead of testing each.
const LONG_LIST: usize = 32;

/// One subtree's extent and whether it holds a `position: fixed` box; also how far its
/// boxes reach for scrolling (`fc_view::scroll::content_size`'s rules: layout boxes, not
/// ink) and whether it holds a scroll-view.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    /// Which node it was computed for (slots are reused).
    id: NodeId,
    edges: Edges,
    fixed: bool,
    /// The far corner (right, bottom) of the node's box and the boxes below it that make a
    /// scroll container's content: `None` when none do (hidden, fixed or generated).
    reach: Option<[f32; 2]>,
    /// The same over its children only: the content a scroll container holds.
    inner: Option<[f32; 2]>,
    /// A displayed `scroll-view` is in the subtree (itself included).
    views: bool,
}

/// The further of two far corners.
fn farther(a: Option<[f32; 2]>, b: Option<[f32; 2]>) -> Option<[f32; 2]> {
    match (a, b) {
        (Some(a), Some(b)) => Some([a[0].max(b[0]), a[1].max(b[1])]),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The extent of every subtree, indexed by `NodeId::slot`: a page of 10 000 rows has
/// 40 000 nodes, and a vector costs far less than a map.
#[derive(Debug, Default)]
pub struct Extents {
    map: Vec<Option<Entry>>,
    /// For boxes with a long run of children stacked top to bottom: their flat children
    /// with top and bottom edges, both in order.
    lists: HashMap<NodeId, Vec<(NodeId, f32, f32)>, rustc_hash::FxBuildHasher>,
}

/// Extents kept from frame to frame for one tree, brought up to date from the nodes the
/// tree reports changed (`Tree::take_paint_changes`), so a frame that changed a few boxes
/// recomputes a few extents (and their ancestors'), not the page's.
#[derive(Debug, Default)]
pub struct PaintCache {
    tree: Option<u64>,
    extents: Extents,
}

impl PaintCache {
    /// Brings the extents up to date with `tree`; call after layout, before painting it.
    pub fn sync(&mut self, tree: &mut Tree) {
        let changes = tree.take_paint_changes();
        match changes {
            Some(changed) if self.tree == Some(tree.uid()) => {
                // Much of the page changed: one walk beats sorting and revisiting.
                if changed.len() > tree.len() / 2 {
                    self.extents.rebuild(tree);
                } else {
                    self.extents.update(tree, changed);
                }
            }
            _ => {
                self.tree = Some(tree.uid());
                self.extents.rebuild(tree);
            }
        }
    }

    /// Whether a point (in the coordinates `id`'s box is laid out in) may land on `id` or
    /// anything painted under it, as far as the extents of `tree` know (true where they do
    /// not: another tree, a node not seen, an unbounded subtree). For hit testing.
    pub fn may_hold(&self, tree: &Tree, id: NodeId, (x, y): (f32, f32)) -> bool {
        match self.extents_of(tree).and_then(|e| e.entry(id)) {
            Some(Entry {
                edges: Some([x0, y0, x1, y1]),
                ..
            }) => x >= x0 && x < x1 && y >= y0 && y < y1,
            _ => true,
        }
    }

    /// The extents, when they are of `tree` (synced last with it).
    pub fn extents_of(&self, tree: &Tree) -> Option<&Extents> {
        (self.tree == Some(tree.uid())).then_some(&self.extents)
    }

    /// [`Extents::content_reach`] of `tree`'s node `id`, when synced with `tree`.
    pub fn content_reach(&self, tree: &Tree, id: NodeId) -> Option<Option<[f32; 2]>> {
        self.extents_of(tree)?.content_reach(id)
    }

    /// [`Extents::scroll_views`] of `tree`, when synced with it.
    pub fn scroll_views(&self, tree: &Tree) -> Option<Vec<NodeId>> {
        Some(self.extents_of(tree)?.scroll_views(tree))
    }
}

impl Extents {
    pub fn of(tree: &Tree) -> Extents {
        let mut e = Extents::default();
        e.rebuild(tree);
        e
    }

    /// Computes every extent of `tree` again, in the room of the last ones (a 10,000-row
    /// page's map is megabytes: a fresh one is first touched page by page).
    fn rebuild(&mut self, tree: &Tree) {
        self.map.clear();
        self.fit(tree);
        self.lists.clear();
        self.visit(tree, tree.root());
    }

    /// A slot for each of `tree`'s nodes, and room for half as many more: a list appended
    /// to grows the map without copying it (the room is address space until used).
    fn fit(&mut self, tree: &Tree) {
        let slots = tree.slot_count();
        if self.map.len() < slots {
            if self.map.capacity() < slots {
                self.map.reserve_exact(slots + slots / 2 - self.map.len());
            }
            self.map.resize(slots, None);
        }
    }

    fn entry(&self, id: NodeId) -> Option<Entry> {
        self.map
            .get(id.slot())
            .copied()
            .flatten()
            .filter(|e| e.id == id)
    }

    fn set(&mut self, entry: Entry) {
        let slot = entry.id.slot();
        if self.map.len() <= slot {
            self.map.resize(slot + 1, None);
        }
        self.map[slot] = Some(entry);
    }

    /// How far the content of scroll container `id` reaches: the far corner of its
    /// children's boxes and theirs (`fc_view::scroll::content_size`'s walk, kept up to
    /// date between frames). Outer `None`: no extent kept for `id`.
    pub fn content_reach(&self, id: NodeId) -> Option<Option<[f32; 2]>> {
        self.entry(id).map(|e| e.inner)
    }

    /// The displayed `scroll-view`s of the page in document order
    /// (`fc_view::scroll::scroll_views`), visiting only the subtrees that hold one.
    pub fn scroll_views(&self, tree: &Tree) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![tree.root()];
        while let Some(id) = stack.pop() {
            match self.entry(id) {
                Some(e) if !e.views => continue,
                Some(_) => {}
                // Not kept (made since the last sync): look.
                None if tree.get(id).is_none() => continue,
                None => {}
            }
            if tree
                .get(id)
                .is_some_and(|n| n.style.display == fc_style::Display::None)
            {
                continue;
            }
            if fc_view::scroll::is_scroll_view(tree, id) {
                out.push(id);
            }
            let start = stack.len();
            tree.for_each_flat_child(id, &mut |k| stack.push(k));
            stack[start..].reverse();
        }
        out
    }

    /// Recomputes the extents of the `changed` nodes and, where an extent changed, of its
    /// ancestors, deepest first, from the children's kept extents (a child without one is
    /// computed whole).
    fn update(&mut self, tree: &Tree, changed: Vec<NodeId>) {
        let mut heap: BinaryHeap<(usize, NodeId)> = BinaryHeap::new();
        let mut queued: HashSet<NodeId, rustc_hash::FxBuildHasher> = HashSet::default();
        self.fit(tree);
        for id in changed {
            // Fragments have no box: their box parent holds their children.
            let target = match tree.get(id).map(|n| &n.kind) {
                Some(NodeKind::Fragment) => tree.box_parent(id),
                Some(_) => Some(id),
                None => None,
            };
            if let Some(t) = target {
                if queued.insert(t) {
                    heap.push((tree.depth(t), t));
                }
            }
        }
        while let Some((_, id)) = heap.pop() {
            let before = self.entry(id);
            self.compute(tree, id, false);
            if before.is_some_and(|b| self.entry(id) == Some(b)) {
                continue;
            }
            if let Some(p) = tree.box_parent(id) {
                if queued.insert(p) {
                    heap.push((tree.depth(p), p));
                }
            }
        }
    }

    /// Computes and stores the extent of `id`'s subtree: children from their kept extents
    /// unless `whole` (or they have none).
    fn visit(&mut self, tree: &Tree, id: NodeId) -> Entry {
        self.compute(tree, id, true)
    }

    fn compute(&mut self, tree: &Tree, id: NodeId, whole: bool) -> Entry {
        let nothing = Entry {
            id,
            edges: Some([0.0; 4]),
            fixed: false,
            reach: None,
            inner: None,
            views: false,
        };
        let Some(node) = tree.get(id) else {
            return nothing;
        };
        let s = &node.style;
        if s.display == fc_style::Display::None {
            self.set(nothing);
            if !self.lists.is_empty() {
                self.lists.remove(&id);
            }
            return nothing;
        }
        let [x, y, w, h] = node.rect;
        // Ink may leave the box: shadows by their offset, blur and spread; glyphs (italics,
        // accents) by a fraction of the font size.
        let mut slack = 0.0f32;
        for sh in &s.box_shadow {
            slack = slack.max(sh.offset_x.abs().max(sh.offset_y.abs()) + 2.0 * sh.blur + sh.spread);
        }
        if matches!(node.kind, NodeKind::Text(_)) {
            slack = slack.max(s.font_size);
        }
        let mut edges = [x - slack, y - slack, x + w + slack, y + h + slack];
        let mut unbounded = !s.transform.is_empty() || s.position == Position::Fixed;
        let mut fixed = s.position == Position::Fixed;
        let [sx, sy] = node.scroll;
        let overflow_hidden = s.overflow_hidden;
        let mut list: Vec<(NodeId, f32, f32)> = Vec::new();
        let mut stacked = true;
        let mut inner = None;
        let mut views = fc_view::scroll::is_scroll_view(tree, id);
        tree.for_each_flat_child(id, &mut |c| {
            let child = match self.entry(c) {
                Some(e) if !whole => e,
                _ => self.compute(tree, c, whole),
            };
            let (ce, cf) = (child.edges, child.fixed);
            inner = farther(inner, child.reach);
            views |= child.views;
            fixed |= cf;
            if cf {
                unbounded = true;
            }
            match ce {
                Some(e) if stacked => {
                    stacked = list
                        .last()
                        .is_none_or(|&(_, top, bottom)| top <= e[1] && bottom <= e[3]);
                    list.push((c, e[1], e[3]));
                }
                _ => stacked = false,
            }
            if overflow_hidden {
                // Clipped to this box (fixed descendants escape: handled above).
                return;
            }
            match ce {
                Some(c) => {
                    edges[0] = edges[0].min(c[0] - sx);
                    edges[1] = edges[1].min(c[1] - sy);
                    edges[2] = edges[2].max(c[2] - sx);
                    edges[3] = edges[3].max(c[3] - sy);
                }
                None => unbounded = true,
            }
        });
        if stacked && list.len() > LONG_LIST {
            self.lists.insert(id, list);
        } else if !self.lists.is_empty() {
            self.lists.remove(&id);
        }
        // Fixed boxes and generated ones (decoration) make nothing scroll; a box that
        // clips counts only up to its own edges.
        let reach = if s.position == Position::Fixed || tree.is_generated(id) {
            None
        } else if overflow_hidden {
            Some([x + w, y + h])
        } else {
            farther(Some([x + w, y + h]), inner)
        };
        let entry = Entry {
            id,
            edges: (!unbounded).then_some(edges),
            fixed,
            reach,
            inner,
            views,
        };
        self.set(entry);
        entry
    }

    /// Whether `id`'s subtree may paint inside `clip` (target px), drawn with `transform`
    /// and `scale`.
    pub fn may_show(&self, id: NodeId, scale: f32, transform: &Affine, clip: Rect) -> bool {
        let Some(Entry { edges: Some(e), .. }) = self.entry(id) else {
            return true;
        };
        let r = [e[0], e[1], e[2] - e[0], e[3] - e[1]].map(|v| v * scale);
        let b = map_rect_bounds(transform, r);
        b[0] < clip[0] + clip[2]
            && clip[0] < b[0] + b[2]
            && b[1] < clip[1] + clip[3]
            && clip[1] < b[1] + b[3]
    }

    /// The flat children of `id` that may meet `clip` vertically, when `id` keeps a sorted
    /// list of them and `transform` keeps vertical order (no rotation or flip): found by
    /// binary search. `None`: test every child.
    pub fn children_in(
        &self,
        id: NodeId,
        scale: f32,
        transform: &Affine,
        clip: Rect,
    ) -> Option<impl Iterator<Item = NodeId> + '_> {
        let list = self.lists.get(&id)?;
        if transform[1] != 0.0 || transform[3] <= 0.0 {
            return None;
        }
        let to_target = |v: f32| transform[3] * v * scale + transform[5];
        let (top, bottom) = (clip[1], clip[1] + clip[3]);
        let first = list.partition_point(|&(_, _, b)| to_target(b) <= top);
        let end = list.partition_point(|&(_, t, _)| to_target(t) < bottom);
        Some(list[first..end.max(first)].iter().map(|&(c, _, _)| c))
    }
}

/// `transform` with a scroll container's children moved by minus its offset.
pub fn scrolled(transform: &Affine, scroll: [f32; 2], scale: f32) -> Affine {
    if scroll == [0.0, 0.0] {
        return *transform;
    }
    compose(
        transform,
        &translate(-scroll[0] * scale, -scroll[1] * scale),
    )
}

#[cfg(test)]
mod tests {
    use crate::{build_scene, Frame, Item, Scene};
    use fc_layout::{new_font_system, Layouter, Viewport};
    use fc_style::{Cascade, ResolveContext};
    use fc_view::Page;

    fn laid_out(src: &str) -> (Page, Layouter, Frame) {
        let compiled = fc_template::compile("pages/t/t.wxml", src);
        let mut p = Page::new(
            1,
            "pages/t/t",
            &compiled.template,
            Cascade::new(vec![fc_style::shared_default_stylesheet()]),
        );
        p.set_initial_data(serde_json::json!({}));
        p.restyle(&ResolveContext {
            viewport_width: 375.0,
            viewport_height: 667.0,
        });
        let mut l = Layouter::new(new_font_system(false));
        let frame = Frame {
            width: 375.0,
            height: 667.0,
            scale: 1.0,
            nav_bar: None,
            back_arrow: false,
            tab_bar: None,
            background: [1.0; 4],
        };
        l.layout(
            &mut p.tree,
            Viewport {
                x: 0.0,
                y: 0.0,
                width: 375.0,
                height: 667.0,
            },
        );
        (p, l, frame)
    }

    /// The top edges of the filled quads, in paint order.
    fn quad_tops(s: &Scene) -> Vec<f32> {
        s.items
            .iter()
            .filter_map(|i| match i {
                Item::Quad(q) => Some(q.bounds[1] + q.transform[5]),
                _ => None,
            })
            .collect()
    }

    fn rows(n: usize) -> String {
        (0..n)
            .map(|i| format!(r#"<view style="height:100px;background:#f00" id="r{i}"/>"#))
            .collect()
    }

    #[test]
    fn kept_reach_and_scroll_views_match_a_walk() {
        let (mut p, _, _) = laid_out(
            r#"<scroll-view scroll-y style="height:100px"><view style="height:300px"/></scroll-view>
            <view hidden><scroll-view scroll-y/></view>
            <view style="overflow:hidden;height:50px"><view style="height:900px"/></view>
            <view style="position:fixed;top:0;height:5000px"/>
            <view><scroll-view scroll-x style="width:100px"><view style="width:700px;height:10px"/></scroll-view></view>
            <view style="margin-top:40px;height:20px"/>"#,
        );
        let mut cache = crate::PaintCache::default();
        cache.sync(&mut p.tree);
        let tree = &p.tree;
        let views = cache.scroll_views(tree).expect("synced");
        assert_eq!(views, fc_view::scroll::scroll_views(tree));
        assert_eq!(views.len(), 2);
        for id in views.into_iter().chain([tree.root()]) {
            let client = fc_view::scroll::client_rect(tree, id).unwrap_or([0.0, 0.0, 375.0, 667.0]);
            let reach = cache.content_reach(tree, id).expect("kept");
            assert_eq!(
                fc_view::scroll::content_size_from(tree, id, client, reach),
                fc_view::scroll::content_size(tree, id, client)
            );
        }
    }

    #[test]
    fn far_off_subtrees_produce_no_items() {
        // 1000 rows of 100 px in a 667 px window: rows 0..=6 show, the rest are skipped.
        let (p, mut l, frame) = laid_out(&rows(1000));
        let s = build_scene(&p.tree, &mut l, &frame, &[]);
        let tops = quad_tops(&s);
        assert_eq!(tops, (0..7).map(|i| i as f32 * 100.0).collect::<Vec<_>>());
    }

    #[test]
    fn page_scroll_moves_content_and_picks_the_rows_on_screen() {
        let (mut p, mut l, frame) = laid_out(&rows(1000));
        let root = p.tree.root();
        p.tree.get_mut(root).expect("root").scroll = [0.0, 50_050.0];
        let s = build_scene(&p.tree, &mut l, &frame, &[]);
        // Row 500 starts at 50 000: drawn at -50; rows 500..=507 meet the window.
        let tops = quad_tops(&s);
        assert_eq!(tops.first(), Some(&-50.0), "{tops:?}");
        assert_eq!(tops.len(), 8, "{tops:?}");
    }

    #[test]
    fn scroll_view_clips_and_skips_rows_outside_it() {
        let src = format!(
            r#"<scroll-view scroll-y style="height:250px">{}</scroll-view><view style="height:10px;background:#00f"/>"#,
            rows(50)
        );
        let (p, mut l, frame) = laid_out(&src);
        let s = build_scene(&p.tree, &mut l, &frame, &[]);
        // Three rows meet the 250 px box, then the blue view below it.
        assert_eq!(quad_tops(&s), vec![0.0, 100.0, 200.0, 250.0]);
        let clip = s.items.iter().find_map(|i| match i {
            Item::Quad(q) => Some(q.clip.rect),
            _ => None,
        });
        assert_eq!(clip, Some([0.0, 0.0, 375.0, 250.0]));
    }

    #[test]
    fn fixed_boxes_ignore_the_page_offset() {
        let src = format!(
            r#"<view style="position:fixed;top:0;height:40px;width:100%;background:#0f0"/>{}"#,
            rows(20)
        );
        let (mut p, mut l, frame) = laid_out(&src);
        let root = p.tree.root();
        p.tree.get_mut(root).expect("root").scroll = [0.0, 300.0];
        let s = build_scene(&p.tree, &mut l, &frame, &[]);
        let tops = quad_tops(&s);
        // Rows 3..=9 (drawn from 0), then the fixed bar on top, still at 0.
        assert_eq!(tops.last(), Some(&0.0), "{tops:?}");
        assert_eq!(tops.len(), 8, "{tops:?}");
    }
}
