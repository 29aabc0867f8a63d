//! Lays out a page's view tree: maps computed styles to taffy, runs taffy, and measures and
//! shapes text leaves with cosmic-text. Writes each node's box into `Node::rect` (window
//! coordinates, logical px) and keeps the shaped text for painting.
//!
//! It does not style (fc-style, via fc-view) or paint (fc-paint).

#![deny(unsafe_code)]

mod ahead;
mod boxes;
mod build;
mod cache;
mod calc;
mod field;
mod fonts;
mod image;
pub use field::{FieldBox, FieldView};
pub use image::ImagePixels;
mod inline;
mod text;
pub mod to_taffy;

pub use fonts::{check_font_data, new_font_system, FontFaceError, DEFAULT_FAMILY};
use text::TextCache;
pub use text::{line_height_px, DecorationLine, TextBox};

use boxes::BoxTree;
use build::{Builder, Ctx, Entry};
use fc_view::{damage, NodeId, Tree};
use std::collections::{HashMap, HashSet};

/// Records kept per node across layouts: by slot (see `nodemap.rs`).
pub(crate) use nodemap::NodeMap;
/// Sets and maps of node ids that one layout gathers: FxHash, since a node id is two
/// integers and SipHash (std's default, resistant to chosen keys) cost a tenth of a layout
/// of new rows in lookups.
pub(crate) type NodeSet = HashSet<NodeId, rustc_hash::FxBuildHasher>;
type NodeHashMap<V> = HashMap<NodeId, V, rustc_hash::FxBuildHasher>;
use taffy::{AvailableSpace, Size};

/// Where and how big the page's area of the window is, in logical px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// The taffy tree of the last laid-out view tree, kept so that a layout redoes only what
/// changed: elements without `RELAYOUT` damage keep their boxes, and taffy its cached
/// results for them (`Layouter::layout`).
struct Retained {
    /// `Tree::uid` of the tree it is of; another tree starts afresh.
    tree: Option<u64>,
    taffy: BoxTree,
    root: Option<taffy::NodeId>,
    entries: NodeMap<Entry>,
    /// Paragraph key -> its member text nodes.
    paras: NodeMap<inline::Members>,
    /// Elements with mixed px + % `calc()` lengths.
    calc: NodeSet,
    viewport: Option<Viewport>,
    /// Layouts done (`Entry::stamp`).
    frame: u64,
    /// The natural sizes of the images the last layout used.
    images: HashMap<NodeId, (u32, u32)>,
    /// What the fields showed at the last layout, with the field's colour.
    fields: HashMap<NodeId, (FieldView, Option<fc_style::Color>)>,
    /// What the last layout did.
    stats: LayoutStats,
    /// By taffy node slot: the node's full id and where the last write-back found it (an
    /// element's window rect; a paragraph's origin and width), so that an unmoved box is
    /// passed over without touching its view node or its text.
    written: Vec<(u64, [f32; 4])>,
    /// Boxes of removed elements, detached, not yet taken out of `taffy`.
    doomed: Vec<taffy::NodeId>,
    /// Removed elements whose records (entries, paragraphs, spans) are not forgotten yet.
    dead: Vec<NodeId>,
}

/// What one `Layouter::layout` did, for tests and tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LayoutStats {
    /// Elements built anew rather than reused (0 when nothing needed layout).
    pub rebuilt: usize,
    /// Whether taffy ran (some box changed, or the viewport did).
    pub computed: bool,
    /// New paragraphs whose text a helper thread shaped during the build (`ahead.rs`).
    pub shaped_ahead: usize,
}

impl Retained {
    fn new() -> Retained {
        Retained {
            tree: None,
            taffy: BoxTree::default(),
            root: None,
            entries: NodeMap::default(),
            paras: NodeMap::default(),
            calc: NodeSet::default(),
            viewport: None,
            frame: 0,
            images: HashMap::new(),
            fields: HashMap::new(),
            stats: LayoutStats::default(),
            written: Vec::new(),
            doomed: Vec::new(),
            dead: Vec::new(),
        }
    }
}

/// Lays out trees. One per player, owned by the render thread; holds the `FontSystem`, the
/// taffy tree of the last tree laid out, and one shaped `TextBox` per paragraph (a run of
/// adjacent text and inline content), keyed by the paragraph's first text node and reshaped
/// only when its spans, their styles or its width change.
pub struct Layouter {
    pub fonts: cosmic_text::FontSystem,
    /// Boxed: a paragraph is about 400 bytes, and a map of 30,000 keeps room for twice as
    /// many entries.
    texts: NodeMap<Box<TextBox>>,
    /// Text node -> (its paragraph's key, its span index in that paragraph).
    spans: NodeMap<(NodeId, usize)>,
    families: HashMap<String, Option<String>>,
    /// The loaded `<image>` elements' pixels, set by the player before `layout`: layout
    /// reads their natural size (`mode="widthFix"`/`"heightFix"`, see `image.rs`), painting
    /// draws them.
    pub images: HashMap<NodeId, std::sync::Arc<ImagePixels>>,
    /// Loaded `background-image: url()` pictures of the shown page, by the URL as written,
    /// set by the player before `layout`; painting draws them.
    pub background_images: HashMap<String, std::sync::Arc<ImagePixels>>,
    /// What the page's `input`/`textarea` elements show, set by the player before
    /// `layout` (`field.rs`).
    pub fields: HashMap<NodeId, FieldView>,
    /// Where each field's text landed and how far it is scrolled (kept across layouts:
    /// the scroll only moves to keep the caret in view).
    field_boxes: NodeHashMap<FieldBox>,
    retained: Retained,
    kept: KeptBuffers,
    /// Sizes and one-line layouts shared by paragraphs of the same text.
    text_cache: TextCache,
    /// New paragraphs' text shaped on a helper thread during the build (`ahead.rs`).
    ahead: ahead::ShapeAhead,
    /// Layouts that ran taffy (`TextBox::redo_at`).
    layouts: u64,
    /// Paragraphs of removed text, not dropped yet (see [`Layouter::collect_garbage`]).
    /// Kept in the boxes the map held them in: unboxing would copy each.
    #[allow(clippy::vec_box)]
    dead_texts: Vec<Box<TextBox>>,
}

/// The paragraphs holding a shaped buffer, least recently used first, with their
/// `TextBox::kept_at` when queued. Past [`KEPT_BUFFERS`] the oldest let theirs go.
#[derive(Default)]
struct KeptBuffers {
    queue: std::collections::VecDeque<(NodeId, u64)>,
    count: u64,
    /// Buffers let go, lent to the next paragraphs that shape text.
    // Boxed as the paragraphs hold them: a buffer moves between a paragraph and this list
    // as a pointer.
    #[allow(clippy::vec_box)]
    spare: Vec<Box<cosmic_text::Buffer>>,
}

/// Removed boxes past which a layout drops what earlier ones left (see
/// [`Layouter::collect_garbage`]).
const GARBAGE_LIMIT: usize = 1 << 18;

/// How many let-go buffers wait to be reused.
const SPARE_BUFFERS: usize = 32;

impl KeptBuffers {
    fn keep(&mut self, texts: &mut NodeMap<Box<TextBox>>, key: NodeId) {
        let Some(tb) = texts.get_mut(&key) else {
            return;
        };
        if let Some(b) = tb.unused_lent_buffer() {
            self.spare.push(b);
        }
        if !tb.has_buffer() {
            return;
        }
        // Laid out on one line: that layout serves every width at least as wide without
        // the buffer, which goes at once to the next paragraph that shapes text (a list
        // of new rows then shapes into a few buffers, not a new one per row).
        if tb.on_one_line() {
            if let Some(b) = tb.release_buffer() {
                if self.spare.len() < SPARE_BUFFERS {
                    self.spare.push(b);
                }
            }
            return;
        }
        self.count += 1;
        tb.kept_at = self.count;
        self.queue.push_back((key, self.count));
        // An entry older than its paragraph's `kept_at` is stale (kept again since, or
        // removed): dropping it releases nothing.
        while self.queue.len() > KEPT_BUFFERS {
            let Some((key, at)) = self.queue.pop_front() else {
                break;
            };
            if let Some(tb) = texts.get_mut(&key).filter(|tb| tb.kept_at == at) {
                if let Some(b) = tb.release_buffer() {
                    if self.spare.len() < SPARE_BUFFERS {
                        self.spare.push(b);
                    }
                }
            }
        }
    }

    /// Lends paragraph `tb` a spare buffer when it has none.
    fn lend(&mut self, tb: &mut TextBox) {
        if let Some(b) = self.spare.pop() {
            if let Some(back) = tb.lend_buffer(b) {
                self.spare.push(back);
            }
        }
    }

    fn clear(&mut self) {
        self.queue.clear();
    }
}

/// How many paragraphs keep their shaped cosmic-text buffer between layouts. A kept buffer
/// relays its text out at a new width without shaping it again; one let go costs about ten
/// times less memory (its laid-out glyphs only). Only wrapped paragraphs queue for it: one
/// laid out on one line needs no buffer at any wider width and lets it go at once. A page
/// with fewer wrapped paragraphs keeps them all; a list of 10,000 keeps the last laid out.
pub(crate) const KEPT_BUFFERS: usize = 1024;

impl Layouter {
    pub fn new(fonts: cosmic_text::FontSystem) -> Layouter {
        Layouter {
            layouts: 0,
            fonts,
            texts: NodeMap::default(),
            spans: NodeMap::default(),
            families: HashMap::new(),
            images: HashMap::new(),
            background_images: HashMap::new(),
            fields: HashMap::new(),
            field_boxes: NodeHashMap::default(),
            retained: Retained::new(),
            kept: KeptBuffers::default(),
            dead_texts: Vec::new(),
            text_cache: TextCache::default(),
            ahead: Default::default(),
        }
    }

    /// Shapes every paragraph on the render thread (for comparing the two ways).
    #[cfg(test)]
    pub(crate) fn shape_ahead_off(&mut self) {
        self.ahead = ahead::ShapeAhead::turned_off();
    }

    /// Leaves all the shaping ahead to the helper thread (see `ahead.rs`).
    #[cfg(test)]
    pub(crate) fn shape_ahead_on_helper_only(&mut self) {
        self.ahead = ahead::ShapeAhead::helper_only();
    }

    /// Forgets font lookups, shaped text and the retained tree (a font was added).
    pub(crate) fn fonts_changed(&mut self) {
        self.families.clear();
        self.texts.clear();
        self.spans.clear();
        self.kept.clear();
        self.text_cache = TextCache::default();
        self.ahead.fonts_changed();
        self.retained.tree = None;
    }

    /// Drops what layouts removed: the taffy boxes of removed elements and the shaped
    /// text of removed paragraphs. Like [`fc_view::Tree::collect_garbage`], for when the
    /// frame is on screen and the render thread is idle; a layout that removed a 10,000-row
    /// list spent half its time freeing. Also starts the thread that shapes new text ahead
    /// (`ahead.rs`), if it is not running, so the first long list does not wait for it.
    pub fn collect_garbage(&mut self) {
        self.ahead.prepare(&self.fonts);
        let r = &mut self.retained;
        let mut gone = build::Forgotten {
            dropped: Vec::new(),
            dropped_fields: Vec::new(),
        };
        build::forget_entries(
            std::mem::take(&mut r.dead),
            None,
            &mut r.entries,
            &mut r.doomed,
            &mut r.calc,
            &mut gone,
        );
        self.forget(gone.dropped, Vec::new(), gone.dropped_fields, None);
        let r = &mut self.retained;
        for t in std::mem::take(&mut r.doomed) {
            r.taffy.remove(t);
        }
        r.taffy.sort_free();
        self.dead_texts = Vec::new();
    }

    /// Forgets paragraphs and fields gone from the tree (those not `made` again), and the
    /// span records of `stale_members` (text node, its paragraph's key).
    fn forget(
        &mut self,
        dropped: Vec<NodeId>,
        mut stale_members: Vec<(NodeId, NodeId)>,
        dropped_fields: Vec<NodeId>,
        made_in: Option<u64>,
    ) {
        let r = &mut self.retained;
        for key in dropped {
            // Made again in this build (moved elsewhere): kept.
            if made_in.is_some_and(|f| self.texts.get(&key).is_some_and(|tb| tb.made_at == f)) {
                continue;
            }
            if let Some(tb) = self.texts.remove(&key) {
                self.dead_texts.push(tb);
            }
            if let Some(members) = r.paras.remove(&key) {
                stale_members.extend(members.into_iter().map(|m| (m, key)));
            }
        }
        for id in dropped_fields {
            if r.entries.get(&id).is_none_or(|e| !e.field) {
                self.texts.remove(&id);
                self.field_boxes.remove(&id);
            }
        }
        for (m, key) in stale_members {
            if self.spans.get(&m).is_some_and(|(k, _)| *k == key) {
                self.spans.remove(&m);
            }
        }
    }

    /// What the last `layout` did: what tests of incremental layout check.
    pub fn stats(&self) -> LayoutStats {
        self.retained.stats
    }

    /// The paragraph that shows text node `id`, as last laid out.
    pub fn text(&self, id: NodeId) -> Option<&TextBox> {
        self.text_span(id).map(|(tb, _)| tb)
    }

    /// The paragraph that shows text node `id` and the node's span index in it (the
    /// metadata of the node's glyphs).
    pub fn text_span(&self, id: NodeId) -> Option<(&TextBox, usize)> {
        let (key, span) = self.spans.get(&id)?;
        Some((self.texts.get(key)?, *span))
    }

    /// Lays out the whole tree into `viewport`. The page grows past the viewport's height
    /// when its content is taller (it scrolls); it is never shorter.
    ///
    /// Incremental: the taffy tree of the last layout of the same tree is kept. Elements
    /// without `RELAYOUT` damage keep their taffy boxes (and taffy its cached layouts of
    /// them); damaged ones are built again, reusing what did not change, so that taffy
    /// recomputes only dirty boxes. A tree with no damage, the same viewport, images and
    /// fields is not laid out at all.
    pub fn layout(&mut self, tree: &mut Tree, viewport: Viewport) {
        let _span = tracing::debug_span!("layout").entered();
        let full = self.retained.tree != Some(tree.uid());
        if full {
            self.retained = Retained::new();
            self.retained.tree = Some(tree.uid());
            self.texts.clear();
            self.spans.clear();
            self.kept.clear();
            self.field_boxes.clear();
        }
        self.mark_inputs(tree);
        self.retained.stats = LayoutStats::default();
        let root_id = tree.root();
        let root_damaged = tree
            .get(root_id)
            .is_some_and(|n| n.damage & (damage::RELAYOUT | damage::LAYOUT_BELOW) != 0);
        if !full
            && !root_damaged
            && self.retained.viewport == Some(viewport)
            && self.retained.root.is_some()
        {
            return;
        }
        // Nobody collects (a layouter used without a player): do not hold on for ever.
        if self.retained.doomed.len() + self.retained.dead.len() > GARBAGE_LIMIT {
            self.collect_garbage();
        }
        // Shaped runs are reused across paragraphs (the same words in many rows); keep
        // those the last two layouts used.
        self.fonts.shape_run_cache.trim(1);
        self.text_cache.next_frame();
        let same_viewport = self.retained.viewport == Some(viewport);
        self.retained.viewport = Some(viewport);
        self.retained.frame += 1;
        let r = &mut self.retained;
        let mut b = Builder {
            tree,
            texts: &mut self.texts,
            fonts: &self.fonts,
            text_cache: &self.text_cache,
            ahead: &mut self.ahead,
            families: &mut self.families,
            images: &self.images,
            fields: &self.fields,
            taffy: &mut r.taffy,
            box_styles: Default::default(),
            doomed: &mut r.doomed,
            dead: &mut r.dead,
            entries: &mut r.entries,
            paras: &mut r.paras,
            calc: &mut r.calc,
            full,
            frame: r.frame,
            viewport,
            cur: Default::default(),
            rebuilt: Vec::new(),
            orphans: Vec::new(),
            made: Vec::new(),
            dropped: Vec::new(),
            stale_members: Vec::new(),
            dropped_fields: Vec::new(),
            passed: Vec::new(),
        };
        let root = b.element(root_id, &inline::Decor::default());
        b.remove_orphans();
        let Builder {
            rebuilt,
            made,
            dropped,
            stale_members,
            dropped_fields,
            passed,
            ..
        } = b;
        self.ahead.end_build(&self.fonts);
        // Passed through on the way to damage below: done with.
        for id in passed {
            if let Some(n) = tree.get_mut(id) {
                n.damage &= !(damage::RELAYOUT | damage::LAYOUT_BELOW);
            }
        }
        r.root = root;
        r.stats.rebuilt = rebuilt.len();
        // Paragraphs and fields gone from the tree.
        let frame = self.retained.frame;
        self.forget(dropped, stale_members, dropped_fields, Some(frame));
        let r = &mut self.retained;
        let Some(root) = root else { return };
        // The viewport, when the root was not built again.
        if let Some(style) = r.taffy.style(root) {
            let width = taffy::style::Dimension::length(viewport.width);
            let min_height = taffy::style::LengthPercentageAuto::length(viewport.height);
            if style.size.width != width || style.min_size.height != min_height {
                let mut style = style.clone();
                style.size.width = width;
                style.min_size.height = min_height;
                r.taffy.set_style(root, std::rc::Rc::new(style));
            }
        }
        let calc_nodes: Vec<(taffy::NodeId, NodeId)> = r
            .calc
            .iter()
            .filter_map(|id| r.entries.get(id).map(|e| (e.t, *id)))
            .collect();
        // Calc lengths resolve against this layout's boxes: back to their stand-ins first.
        for (t, id) in &calc_nodes {
            let Some(base) = r.entries.get(id).and_then(|e| e.calc_style()) else {
                continue;
            };
            if r.taffy.style(*t) != Some(base) {
                r.taffy.set_style(*t, std::rc::Rc::new(base.clone()));
            }
        }
        if same_viewport && !r.taffy.dirty(root) {
            // Building changed no box (an attribute that styles nothing that layout reads,
            // say): every layout and position is what it was.
            self.write_unmoved(tree, made, rebuilt);
            return;
        }
        r.stats.computed = true;
        // Paragraphs taffy measured: their buffers were laid out at other widths.
        let mut measured = Vec::new();
        self.layouts += 1;
        let stamp = self.layouts;
        r.stats.shaped_ahead = self.ahead.collect(&mut self.fonts, &mut self.text_cache);
        let mut text = Text {
            fonts: &mut self.fonts,
            texts: &mut self.texts,
            kept: &mut self.kept,
            cache: &mut self.text_cache,
            measured: &mut measured,
            stamp,
        };
        compute(&mut r.taffy, &mut text, root, viewport);
        if !calc_nodes.is_empty() {
            resolve_calc(tree, &mut r.taffy, &calc_nodes, viewport);
            compute(&mut r.taffy, &mut text, root, viewport);
        }
        // Made or measured this time, each once (see `TextBox::redo_at`).
        let mut redo = measured;
        for key in &made {
            match self.texts.get_mut(key) {
                Some(tb) if tb.redo_at == stamp => {}
                Some(tb) => {
                    tb.redo_at = stamp;
                    redo.push(*key);
                }
                None => redo.push(*key),
            }
        }
        for id in &rebuilt {
            if let Some(node) = tree.get_mut(*id) {
                node.damage &= !(damage::RELAYOUT | damage::LAYOUT_BELOW);
            }
        }
        // Most of the page built anew (a long list created): every box is written anyway,
        // and finding the few kept ones would cost more than it saves.
        let mostly_new = rebuilt.len() * 2 > self.retained.entries.len();
        let dirty = if same_viewport && !mostly_new {
            self.dirty_boxes(tree, root, &rebuilt, &redo)
        } else {
            None
        };
        self.write_back(tree, root, viewport, made, stamp, rebuilt, dirty.as_ref());
    }

    /// The taffy boxes whose layout this pass may have recomputed: the boxes rebuilt, the
    /// paragraphs made or measured, and their ancestors. Any other box that is where it
    /// was, the same size, holds a subtree laid out as before. `None` when a paragraph's box
    /// cannot be found (then nothing is passed over).
    fn dirty_boxes(
        &self,
        tree: &Tree,
        root: taffy::NodeId,
        rebuilt: &[NodeId],
        redo: &[NodeId],
    ) -> Option<Vec<bool>> {
        let r = &self.retained;
        // By taffy node slot (as `written`), so the write-back's test is an index.
        let mut set: Vec<bool> = Vec::new();
        let insert = |set: &mut Vec<bool>, t: taffy::NodeId| {
            let slot = (u64::from(t) & 0xffff_ffff) as usize;
            if set.len() <= slot {
                set.resize(slot + 1, false);
            }
            !std::mem::replace(&mut set[slot], true)
        };
        insert(&mut set, root);
        let mut mark = |mut t: taffy::NodeId| {
            while insert(&mut set, t) {
                match r.taffy.parent(t) {
                    Some(p) => t = p,
                    None => break,
                }
            }
        };
        for id in rebuilt {
            if let Some(e) = r.entries.get(id) {
                mark(e.t);
            }
        }
        for key in redo {
            // The paragraph's leaf is listed by the nearest element holding its text.
            let first = r.paras.get(key).and_then(|m| m.first().copied())?;
            let mut cur = tree.get(first).and_then(|n| n.parent);
            let mut leaf = None;
            while let Some(a) = cur {
                if let Some(e) = r.entries.get(&a) {
                    leaf = e.paragraphs.iter().find(|(k, _)| k == key).map(|(_, t)| *t);
                    if leaf.is_some() {
                        break;
                    }
                }
                cur = tree.get(a).and_then(|n| n.parent);
            }
            mark(leaf?);
        }
        Some(set)
    }

    /// Marks the elements whose image size, field content or field colour changed since
    /// the last layout for relayout: layout reads them from outside the tree.
    fn mark_inputs(&mut self, tree: &mut Tree) {
        let r = &mut self.retained;
        let mut changed: Vec<NodeId> = Vec::new();
        let images = &self.images;
        r.images.retain(|id, _| {
            let keep = images.contains_key(id);
            if !keep {
                changed.push(*id);
            }
            keep
        });
        for (id, img) in images {
            let size = (img.width, img.height);
            if r.images.insert(*id, size) != Some(size) {
                changed.push(*id);
            }
        }
        let fields = &self.fields;
        r.fields.retain(|id, _| {
            let keep = fields.contains_key(id);
            if !keep {
                changed.push(*id);
            }
            keep
        });
        for (id, view) in fields {
            let color = tree.get(*id).map(|n| n.style.color);
            let same = r
                .fields
                .get(id)
                .is_some_and(|(v, c)| v == view && *c == color);
            if !same {
                r.fields.insert(*id, (view.clone(), color));
                changed.push(*id);
            }
        }
        for id in changed {
            tree.mark(id, damage::RELAYOUT);
        }
    }

    /// Walks the taffy tree (which has anonymous boxes the view tree lacks), writing element
    /// boxes that moved or changed and finishing each paragraph at its final width and
    /// window position. `made`: paragraphs built this time; `rebuilt`: elements built this
    /// time.
    #[allow(clippy::too_many_arguments)]
    fn write_back(
        &mut self,
        tree: &mut Tree,
        root: taffy::NodeId,
        viewport: Viewport,
        made: Vec<NodeId>,
        stamp: u64,
        rebuilt: Vec<NodeId>,
        dirty: Option<&Vec<bool>>,
    ) {
        let taffy = &self.retained.taffy;
        let written = &mut self.retained.written;
        // Whether taffy node `t` was last found at `at`; records it there.
        let mut unmoved = |t: taffy::NodeId, at: [f32; 4]| {
            let raw = u64::from(t);
            let slot = (raw & 0xffff_ffff) as usize;
            if written.len() <= slot {
                written.resize(slot + 1, (u64::MAX, [0.0; 4]));
            }
            let same = written[slot] == (raw, at);
            written[slot] = (raw, at);
            same
        };
        // Box, its parent's unrounded position in the root, and the element whose content
        // it is part of.
        let mut stack: Vec<(taffy::NodeId, f32, f32, Option<NodeId>)> =
            vec![(root, 0.0, 0.0, None)];
        // Fields' content boxes, met before their text leaves.
        let mut field_content: NodeHashMap<[f32; 4]> = NodeHashMap::default();
        let mut field_leaves: Vec<(NodeId, [f32; 4])> = Vec::new();
        let mut to_write = made;
        // Paragraphs laid out at their final width.
        let mut finished = Vec::new();
        // Elements whose inline elements' boxes (unions of their content's) may have moved.
        let mut touched = rebuilt;
        while let Some((t, px, py, owner)) = stack.pop() {
            let Some((unrounded, ctx, children)) = taffy.parts(t) else {
                continue;
            };
            let (cx, cy) = (px + unrounded.location.x, py + unrounded.location.y);
            let l = rounded(unrounded, cx, cy);
            let (x, y) = (viewport.x + round(cx), viewport.y + round(cy));
            let mut inner = owner;
            let rect = [x, y, l.size.width, l.size.height];
            let same = unmoved(t, rect);
            // A box that taffy did not lay out again, where it was: so is all inside it,
            // and its text was finished there. Passed over without looking at it further
            // (its context is a hash lookup), so a long list costs little per row.
            let descend = !same
                || dirty.is_none_or(|d| {
                    let slot = (u64::from(t) & 0xffff_ffff) as usize;
                    d.get(slot).copied().unwrap_or(false)
                });
            if !descend {
                continue;
            }
            // The element whose box this is, and the paragraph it shows (with whether the
            // paragraph is part of the enclosing element's inline content).
            let (element, para) = match ctx {
                Some(Ctx::Node(id)) => (Some(id), None),
                Some(Ctx::ElementText(id, key)) => (Some(id), Some((key, false))),
                Some(Ctx::Para(key)) => (None, Some((key, true))),
                Some(Ctx::Field(id)) => {
                    field_leaves.push((id, [x, y, l.size.width, l.size.height]));
                    (None, None)
                }
                None => (None, None),
            };
            if let Some(id) = element {
                inner = Some(id);
                // Only layout writes rects: one where it was last written still is.
                if !same && tree.get(id).is_some_and(|n| n.rect != rect) {
                    tree.set_rect(id, rect);
                    touched.extend(owner);
                }
                if !self.fields.is_empty() && self.fields.contains_key(&id) {
                    field_content.insert(
                        id,
                        [
                            x + l.border.left + l.padding.left,
                            y + l.border.top + l.padding.top,
                            l.content_box_width(),
                            l.content_box_height(),
                        ],
                    );
                }
            }
            if let Some((key, inline)) = para {
                // Neither rebuilt nor measured, at the same place and width: `finish` would
                // find nothing to do.
                if let Some(tb) = self
                    .texts
                    .get_mut(&key)
                    .filter(|tb| !same || tb.redo_at == stamp)
                {
                    // Final width: wrap and align in the content box (a paragraph's own
                    // leaf has no padding or border).
                    let origin = [
                        x + l.border.left + l.padding.left,
                        y + l.border.top + l.padding.top,
                    ];
                    let width = l.content_box_width();
                    if tb.finish(&mut self.fonts, width, origin, Some(&mut self.text_cache)) {
                        to_write.push(key);
                        if inline {
                            touched.extend(owner);
                        }
                    }
                    finished.push(key);
                }
            }
            stack.extend(children.iter().map(|c| (*c, cx, cy, inner)));
        }
        for (id, leaf) in field_leaves {
            let content = field_content.get(&id).copied().unwrap_or(leaf);
            self.finish_field(tree, id, leaf, content);
        }
        self.keep_buffers(finished);
        let mut seen = NodeSet::default();
        for key in to_write {
            if seen.insert(key) {
                self.write_paragraph(tree, key);
            }
        }
        seen.clear();
        for owner in touched {
            if !seen.insert(owner) {
                continue;
            }
            let Some(e) = self.retained.entries.get(&owner) else {
                continue;
            };
            for id in e.inline_elements() {
                write_inline_element(tree, *id);
            }
        }
    }

    /// Records that paragraphs `keys` were just laid out (see [`KeptBuffers`]).
    fn keep_buffers(&mut self, keys: impl IntoIterator<Item = NodeId>) {
        for key in keys {
            self.kept.keep(&mut self.texts, key);
        }
    }

    /// What `write_back` does when no box changed: the paragraphs built again may have
    /// other paint (decoration colours, visibility) and other member nodes.
    fn write_unmoved(&mut self, tree: &mut Tree, made: Vec<NodeId>, rebuilt: Vec<NodeId>) {
        for key in made {
            if let Some(tb) = self.texts.get_mut(&key) {
                tb.refinish(&mut self.fonts);
            }
            self.keep_buffers([key]);
            self.write_paragraph(tree, key);
        }
        for id in rebuilt {
            if let Some(e) = self.retained.entries.get(&id) {
                for i in e.inline_elements() {
                    write_inline_element(tree, *i);
                }
            }
            if let Some(node) = tree.get_mut(id) {
                node.damage &= !(damage::RELAYOUT | damage::LAYOUT_BELOW);
            }
        }
    }

    /// Gives each text node of a paragraph the box of its glyphs.
    fn write_paragraph(&mut self, tree: &mut Tree, key: NodeId) {
        let Some(tb) = self.texts.get(&key) else {
            return;
        };
        let Some(members) = self.retained.paras.get(&key) else {
            return;
        };
        let [ox, oy] = tb.origin();
        for (i, id) in tb.span_nodes().enumerate() {
            self.spans.insert(id, (key, i));
            if let Some(r) = tb.span_rect(i) {
                tree.set_rect(id, r);
            }
        }
        for id in members {
            // Text that white-space processing removed (or that shows nothing): an empty
            // box where the paragraph starts. Each rect is written once, so paint is told
            // of each text node once.
            let shown = tb
                .span_nodes()
                .enumerate()
                .any(|(i, s)| s == *id && tb.span_rect(i).is_some());
            if !shown {
                tree.set_rect(*id, [ox, oy, 0.0, 0.0]);
            }
            if let Some(node) = tree.get_mut(*id) {
                node.damage &= !(damage::RELAYOUT | damage::LAYOUT_BELOW);
            }
        }
    }
}

/// What measuring text during a taffy run uses: the fonts, the paragraphs, which of them
/// hold buffers, and (out) which paragraphs were measured.
struct Text<'a> {
    fonts: &'a mut cosmic_text::FontSystem,
    texts: &'a mut NodeMap<Box<TextBox>>,
    kept: &'a mut KeptBuffers,
    cache: &'a mut TextCache,
    measured: &'a mut Vec<NodeId>,
    /// This layout's number (`TextBox::redo_at`).
    stamp: u64,
}

/// Runs taffy's algorithms over the box tree.
fn compute(taffy: &mut BoxTree, text: &mut Text, root: taffy::NodeId, viewport: Viewport) {
    let available = Size {
        width: AvailableSpace::Definite(viewport.width),
        height: AvailableSpace::MaxContent,
    };
    taffy.compute_layout(root, available, |inputs, ctx, style| {
        let (key, field) = match ctx {
            Some(Ctx::Para(key)) | Some(Ctx::ElementText(_, key)) => (key, false),
            Some(Ctx::Field(key)) => (key, true),
            _ => return taffy::compute_leaf_layout(inputs, style, |_, _| 0.0, |_, _| Size::ZERO),
        };
        taffy::compute_leaf_layout(
            inputs,
            style,
            |_, _| 0.0,
            |known, avail| {
                let Some(tb) = text.texts.get_mut(&key) else {
                    return Size::ZERO;
                };
                if !field {
                    text.kept.lend(tb);
                }
                // taffy hands a leaf its known size border-box, and the room inside its
                // padding and border as available space (the known size, less those): the
                // text is laid out in that room.
                let width = match avail.width {
                    AvailableSpace::Definite(w) => Some(w),
                    AvailableSpace::MinContent => Some(text::MIN_CONTENT_WIDTH),
                    AvailableSpace::MaxContent => None,
                };
                let cache = (!field).then_some(&mut *text.cache);
                let (w, h) = tb.measure(text.fonts, width, cache);
                if !field {
                    if tb.redo_at != text.stamp {
                        tb.redo_at = text.stamp;
                        text.measured.push(key);
                    }
                    // Past the budget, the least recently measured let their buffers go
                    // before this layout ends: a page of 10,000 rows never holds them all.
                    text.kept.keep(text.texts, key);
                }
                // A field's text never widens it: it scrolls or wraps inside.
                let w = if field { 0.0 } else { w };
                Size {
                    width: known.width.unwrap_or(w),
                    height: known.height.unwrap_or(h),
                }
            },
        )
    });
}

/// An inline element's box: the union of its content's boxes (children come first in the
/// list, so nested inline elements are already done).
fn write_inline_element(tree: &mut Tree, id: NodeId) {
    let mut u: Option<[f32; 4]> = None;
    for c in tree.flat_children(id) {
        let Some(n) = tree.get(c) else { continue };
        let r = n.rect;
        if r[2] <= 0.0 && r[3] <= 0.0 || n.style.display == fc_style::Display::None {
            continue;
        }
        u = Some(match u {
            None => r,
            Some(a) => {
                let x0 = a[0].min(r[0]);
                let y0 = a[1].min(r[1]);
                let x1 = (a[0] + a[2]).max(r[0] + r[2]);
                let y1 = (a[1] + a[3]).max(r[1] + r[3]);
                [x0, y0, x1 - x0, y1 - y0]
            }
        });
    }
    let first = tree
        .flat_children(id)
        .first()
        .and_then(|c| tree.get(*c))
        .map(|n| [n.rect[0], n.rect[1], 0.0, 0.0]);
    tree.set_rect(id, u.or(first).unwrap_or([0.0; 4]));
    if let Some(node) = tree.get_mut(id) {
        node.damage &= !(damage::RELAYOUT | damage::LAYOUT_BELOW);
    }
}

/// Rounds as taffy's own rounding pass would (`round_layout`): edges in the root snapped to
/// whole px, so boxes meet without gaps. `cx`, `cy`: the box's unrounded position in the
/// root.
fn rounded(u: &taffy::Layout, cx: f32, cy: f32) -> taffy::Layout {
    let mut l = *u;
    let (w, h) = (u.size.width, u.size.height);
    l.size.width = round(cx + w) - round(cx);
    l.size.height = round(cy + h) - round(cy);
    l.border.left = round(cx + u.border.left) - round(cx);
    l.border.right = round(cx + w) - round(cx + w - u.border.right);
    l.border.top = round(cy + u.border.top) - round(cy);
    l.border.bottom = round(cy + h) - round(cy + h - u.border.bottom);
    l.padding.left = round(cx + u.padding.left) - round(cx);
    l.padding.right = round(cx + w) - round(cx + w - u.padding.right);
    l.padding.top = round(cy + u.padding.top) - round(cy);
    l.padding.bottom = round(cy + h) - round(cy + h - u.padding.bottom);
    l
}

/// taffy's rounding: halves up.
fn round(v: f32) -> f32 {
    (v + 0.5).floor()
}

/// Second half of `calc.rs`: px values for the mixed calc lengths, from the first layout.
fn resolve_calc(
    tree: &Tree,
    taffy: &mut BoxTree,
    nodes: &[(taffy::NodeId, NodeId)],
    viewport: Viewport,
) {
    let content = |taffy: &BoxTree, t: taffy::NodeId| {
        taffy
            .layout(t)
            .map(|l| [l.content_box_width(), l.content_box_height()])
    };
    for &(t, id) in nodes {
        let Some(node) = tree.get(id) else { continue };
        let parent = taffy
            .parent(t)
            .and_then(|p| content(taffy, p))
            .unwrap_or([viewport.width, viewport.height]);
        let own = content(taffy, t).unwrap_or([0.0; 2]);
        let Some(mut style) = taffy.style(t).cloned() else {
            continue;
        };
        calc::apply_calc(&mut style, &node.style, &calc::Bases { parent, own });
        taffy.set_style(t, std::rc::Rc::new(style));
    }
}

mod nodemap;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_image;
#[cfg(test)]
mod tests_incremental;
#[cfg(test)]
mod tests_inline;
