//! View tree -> taffy tree, with CSS's box generation: block-level elements become taffy
//! nodes; each run of adjacent text and inline-level content in a block container becomes
//! one paragraph leaf measured by cosmic-text.
//!
//! What is approximated (CSS 2 §9.2):
//! - A run that holds atomic inline boxes (`inline-block`, `inline-flex`: `image`,
//!   `button size=mini`, `checkbox`…) becomes an anonymous flex container (row, wrap, items
//!   baseline-aligned, justified per `text-align`) whose items are the atomic boxes and the
//!   paragraphs of text between them. Text therefore does not flow around an inline-block
//!   on a shared line the way a browser's line box does; each text piece is one flex item.
//! - A block-level element inside an inline element (`<text><view/></text>`) is treated as
//!   an atomic inline box instead of splitting the inline.
//! - Inline elements' own padding, border and margin take no room in the line.
//! - In a flex container, each run of text children is one anonymous flex item (as CSS);
//!   element children are blockified items, ordered by `order`.

use crate::inline::{Collector, Decor, SpanAttrs};
use crate::text::{line_height_px, BlockProps, TextBox};
use crate::to_taffy;
use fc_style::{ComputedStyle, Display, OverflowWrap, Position, TextAlign, WhiteSpace, WordBreak};
use fc_view::{damage, NodeId, NodeKind, Tree};
use std::collections::HashMap;
use std::rc::Rc;

/// What a taffy node stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ctx {
    /// An element (or the page root) that makes a box.
    Node(NodeId),
    /// A paragraph, by its key (its first text node).
    Para(NodeId),
    /// A block element whose content is one paragraph and nothing else (a table cell, a
    /// label): one leaf is both, measured as its text plus its padding and border. A
    /// page of 10,000 rows has 30,000 of them, each a taffy node fewer.
    ElementText(NodeId, NodeId),
    /// The text of an `input`/`textarea` (see `field.rs`), by the field's element.
    Field(NodeId),
}

/// One element's part of the retained taffy tree (see `Layouter::layout`): its box, the
/// anonymous boxes and paragraph leaves its content made, and what writing rects back needs.
/// Kept across layouts while the element has no `RELAYOUT` damage.
pub(crate) struct Entry {
    /// Its box.
    pub t: taffy::NodeId,
    /// The decorations its ancestors carried down when it was built: its paragraphs show
    /// them, so other ones mean building it again.
    pub decor: Decor,
    /// The paragraphs of its content: key and leaf.
    pub paragraphs: Paragraphs,
    /// The elements whose boxes are its children (or its line boxes' children).
    pub kids: Vec<NodeId>,
    /// Made a field text leaf (keyed by the element itself).
    pub field: bool,
    /// What few elements have, boxed: every entry would carry its room (a 10,000-row page
    /// has 40,000 entries).
    pub extra: Option<Box<EntryExtra>>,
    /// The layout that last built or reused it.
    pub stamp: u64,
    /// Its box is its one paragraph's leaf (`Ctx::ElementText`): `t` is also in
    /// `paragraphs`.
    pub merged: bool,
}

/// See `Entry::extra`.
#[derive(Default)]
pub(crate) struct EntryExtra {
    /// Anonymous line boxes (see the module doc) and the field text leaf: made anew at each
    /// build, removed at the next.
    pub anon: Vec<taffy::NodeId>,
    /// Anonymous blocks grouping a long list of its children (`Builder::group_long_list`):
    /// made anew at each build, removed at the next; unlike line boxes they do not keep
    /// a change inside a child from being built alone (`Builder::descend`).
    pub groups: Vec<taffy::NodeId>,
    /// Inline elements of its content, children before parents (their boxes are unions of
    /// their content's).
    pub inline_elements: Vec<NodeId>,
    /// With a mixed px + % `calc()` length: its style before `calc.rs` resolved them.
    pub calc_style: Option<taffy::Style>,
}

impl Entry {
    pub fn anon(&self) -> &[taffy::NodeId] {
        self.extra.as_ref().map_or(&[], |x| &x.anon)
    }

    pub fn groups(&self) -> &[taffy::NodeId] {
        self.extra.as_ref().map_or(&[], |x| &x.groups)
    }

    pub fn inline_elements(&self) -> &[NodeId] {
        self.extra.as_ref().map_or(&[], |x| &x.inline_elements)
    }

    pub fn calc_style(&self) -> Option<&taffy::Style> {
        self.extra.as_ref()?.calc_style.as_ref()
    }
}

/// The boxes an element's content makes, in order. Inline: a table cell makes one, a row a
/// few, and a 10,000-row list built a list for each.
pub(crate) type Kids = smallvec::SmallVec<[taffy::NodeId; 4]>;

/// An element's paragraphs (key and leaf): inline for the usual one.
pub(crate) type Paragraphs = smallvec::SmallVec<[(NodeId, taffy::NodeId); 1]>;

/// What building one element gathers, moved into its `Entry` at the end.
#[derive(Default)]
pub(crate) struct Acc {
    pub anon: Vec<taffy::NodeId>,
    pub groups: Vec<taffy::NodeId>,
    paragraphs: Paragraphs,
    inline_elements: Vec<NodeId>,
    kids: Vec<NodeId>,
    pub field: bool,
    /// The previous build's paragraph leaves not yet taken again, by key.
    old_leaves: Paragraphs,
    /// The previous build's groups (`Builder::group_long_list`), in order: taken again
    /// where a run of boxes is unchanged, else removed.
    old_groups: Vec<taffy::NodeId>,
}

/// One layout's tree building: updates the retained taffy tree where the view tree changed.
/// Lives for one `Layouter::layout` call.
pub(crate) struct Builder<'a> {
    pub tree: &'a Tree,
    pub texts: &'a mut crate::NodeMap<Box<TextBox>>,
    pub fonts: &'a cosmic_text::FontSystem,
    /// Read to send only texts not shaped before (`ahead.rs`).
    pub text_cache: &'a crate::text::TextCache,
    /// Takes new paragraphs' text to shape on its helper thread.
    pub ahead: &'a mut crate::ahead::ShapeAhead,
    /// Family name as written -> a family the font system has (None: not there).
    pub families: &'a mut HashMap<String, Option<String>>,
    /// Loaded images (see `image.rs`).
    pub images: &'a HashMap<NodeId, std::sync::Arc<crate::ImagePixels>>,
    /// What each edit field shows (see `field.rs`).
    pub fields: &'a HashMap<NodeId, crate::FieldView>,
    pub taffy: &'a mut crate::boxes::BoxTree,
    /// The box style made from each computed style met in this build, by its address (the
    /// computed style held, so the address stays its own): elements that share a computed
    /// style share the box style.
    pub box_styles:
        HashMap<usize, (Rc<ComputedStyle>, Rc<taffy::Style>), rustc_hash::FxBuildHasher>,
    /// Boxes of removed elements, detached from the tree: taken out of taffy later
    /// (`Layouter::collect_garbage`).
    pub doomed: &'a mut Vec<taffy::NodeId>,
    /// Per element with a box, as last built.
    pub entries: &'a mut crate::NodeMap<Entry>,
    /// Paragraph key -> its member text nodes, as last built.
    pub paras: &'a mut crate::NodeMap<crate::inline::Members>,
    /// Elements with a mixed px + % `calc()` length, resolved after a first layout.
    pub calc: &'a mut crate::NodeSet,
    /// Build every element, damaged or not (a tree not seen before).
    pub full: bool,
    /// This layout's number (`Entry::stamp`).
    pub frame: u64,
    /// The page root's box takes the viewport's width and at least its height.
    pub viewport: crate::Viewport,
    /// The element being built.
    pub cur: Acc,
    /// Elements built this time (not reused).
    pub rebuilt: Vec<NodeId>,
    /// Elements that were some rebuilt element's children: removed at the end unless
    /// something took them this time.
    pub orphans: Vec<NodeId>,
    /// Paragraph keys made this time.
    pub made: Vec<NodeId>,
    /// Paragraphs of earlier builds gone from where they were: forgotten at the end unless
    /// made again.
    pub dropped: Vec<NodeId>,
    /// Text nodes that were members of a paragraph (key) this time rebuilt or dropped: their
    /// span records go before the new ones are written.
    pub stale_members: Vec<(NodeId, NodeId)>,
    /// Fields whose element was rebuilt or removed: their text goes unless made again.
    pub dropped_fields: Vec<NodeId>,
    /// Orphans gone from the tree, their records left for `Layouter::collect_garbage`.
    pub dead: &'a mut Vec<NodeId>,
    /// Elements kept on the way to damaged descendants, and fragments walked through: their
    /// layout damage is cleared after the build.
    pub passed: Vec<NodeId>,
}

/// An inline run under construction in a block container.
struct Run {
    collector: Collector,
    /// Paragraphs and atomic boxes so far (only used once an atomic box appears).
    pieces: Vec<taffy::NodeId>,
    has_atoms: bool,
    /// Absolutely positioned elements met inside inline elements: children of the block.
    out_of_flow: Vec<taffy::NodeId>,
}

impl Run {
    fn new() -> Run {
        Run {
            collector: Collector::new(true),
            pieces: Vec::new(),
            has_atoms: false,
            out_of_flow: Vec::new(),
        }
    }
}

/// The element children of `id` (through fragments) with layout damage, and the damaged
/// fragments passed through; false when a damaged text node or a fragment whose items
/// changed means `id` itself must be built again.
fn damaged_children(
    tree: &Tree,
    id: NodeId,
    out: &mut Vec<NodeId>,
    frags: &mut Vec<NodeId>,
) -> bool {
    let Some(node) = tree.get(id) else {
        return true;
    };
    for &c in &node.children {
        let Some(n) = tree.get(c) else { continue };
        let d = n.damage & (damage::RELAYOUT | damage::LAYOUT_BELOW);
        if d == 0 {
            continue;
        }
        match n.kind {
            NodeKind::Fragment => {
                if d & damage::RELAYOUT != 0 {
                    return false;
                }
                frags.push(c);
                if !damaged_children(tree, c, out, frags) {
                    return false;
                }
            }
            NodeKind::Element(_) => out.push(c),
            _ => return false,
        }
    }
    true
}

fn out_of_flow(s: &ComputedStyle) -> bool {
    matches!(s.position, Position::Absolute | Position::Fixed)
}

impl Builder<'_> {
    /// The taffy node of an element or the root; None for nodes that make no box. Reuses the
    /// element's box from the last layout when it has no `RELAYOUT` damage (nothing in its
    /// subtree changed: `Tree::mark` marks ancestors) and the same decorations reach it.
    pub fn element(&mut self, id: NodeId, decor_in: &Decor) -> Option<taffy::NodeId> {
        let tree = self.tree;
        let node = tree.get(id)?;
        if !matches!(node.kind, NodeKind::Root | NodeKind::Element(_)) {
            return None;
        }
        let is_root = matches!(node.kind, NodeKind::Root);
        if node.style.display == Display::None && !is_root {
            return None;
        }
        let bits = node.damage & (damage::RELAYOUT | damage::LAYOUT_BELOW);
        if !self.full && bits == 0 {
            if let Some(e) = self.entries.get_mut(&id) {
                if e.decor == *decor_in {
                    e.stamp = self.frame;
                    self.cur.kids.push(id);
                    return Some(e.t);
                }
            }
        }
        if !self.full && bits == damage::LAYOUT_BELOW {
            if let Some(t) = self.descend(id, decor_in) {
                return Some(t);
            }
        }
        self.passed_fragments(id);
        let old = self.entries.remove(&id);
        let mut acc = Acc::default();
        if let Some(o) = &old {
            // Its line boxes first: their children are taken again below. Its groups are
            // kept for the build to take again where their runs are unchanged.
            for a in o.anon() {
                self.taffy.remove(*a);
            }
            acc.old_leaves.clone_from(&o.paragraphs);
            acc.old_groups.extend_from_slice(o.groups());
        }
        let decor = decor_in.with(&node.style.text_decoration);
        // A scroll-view's content is a block unless `enable-flex` lets its flex display
        // through (components.md).
        let flex_blocked = fc_view::scroll::is_scroll_view(tree, id)
            && !fc_view::scroll::attr_truthy(tree, id, "enable-flex");
        let field = self.fields.get(&id);
        let saved = std::mem::replace(&mut self.cur, acc);
        let kids = match (field, node.style.display) {
            (Some(_), _) => self.field_leaf(id, &node.style).into_iter().collect(),
            (None, Display::Flex | Display::InlineFlex) if !flex_blocked => {
                self.flex_children(id, &node.style, &decor)
            }
            (None, _) => self.block_children(id, &node.style, &decor),
        };
        let mut acc = std::mem::replace(&mut self.cur, saved);
        for g in acc.old_groups.drain(..) {
            self.taffy.remove(g);
        }
        let merge = field.is_none()
            && !is_root
            && !flex_blocked
            && node.style.display == Display::Block
            && !node.style.overflow_hidden
            && !self.images.contains_key(&id)
            && !fc_view::scroll::is_scroll_view(tree, id)
            && kids.len() == 1
            && acc.anon.is_empty()
            && acc.inline_elements.is_empty()
            && acc.kids.is_empty()
            && matches!(acc.paragraphs[..], [(_, leaf)] if leaf == kids[0]);
        let mut style = self.taffy_style(&node.style);
        if flex_blocked && style.display == taffy::Display::Flex {
            Rc::make_mut(&mut style).display = taffy::Display::Block;
        }
        if self.images.contains_key(&id) {
            crate::image::apply(tree, id, self.images, Rc::make_mut(&mut style));
        }
        if let Some(view) = field {
            crate::field::apply(view, Rc::make_mut(&mut style));
        }
        if is_root {
            let s = Rc::make_mut(&mut style);
            s.size.width = taffy::style::Dimension::length(self.viewport.width);
            s.min_size.height = taffy::style::LengthPercentageAuto::length(self.viewport.height);
        }
        let calc_style = (!node.style.calc.is_empty()).then(|| (*style).clone());
        if merge {
            let (key, leaf) = acc.paragraphs[0];
            self.taffy.update_style(leaf, style);
            self.taffy.set_ctx(leaf, Ctx::ElementText(id, key));
            if let Some(o) = &old {
                // Its old box, unless it is this leaf again: the parent of this leaf, or
                // a leaf of another paragraph.
                if o.t != leaf {
                    self.taffy.set_children(o.t, &[]);
                    self.taffy.remove(o.t);
                }
                for (key, l) in acc.old_leaves.drain(..) {
                    if l != o.t {
                        self.taffy.remove(l);
                    }
                    self.dropped.push(key);
                }
                if o.field {
                    self.dropped_fields.push(id);
                }
                if o.kids != acc.kids {
                    self.orphans.extend(o.kids.iter().copied());
                }
            }
            return Some(self.finish_entry(id, decor_in, acc, calc_style, leaf, true));
        }
        if let Some(o) = old.as_ref().filter(|o| o.merged) {
            // Its box was its paragraph's leaf and is one again (or goes with the old
            // leaves below); the element gets a box of its own.
            if let Some((key, _)) = acc.paragraphs.iter().find(|(_, l)| *l == o.t) {
                self.taffy.set_style(o.t, self.taffy.default_style());
                self.taffy.set_ctx(o.t, Ctx::Para(*key));
            }
        }
        let t = match old.as_ref().filter(|o| !o.merged) {
            Some(o) => {
                // Only what changed: an unchanged box keeps taffy's cached layout.
                self.taffy.update_style(o.t, style);
                if self.taffy.children(o.t) != &kids[..] {
                    self.taffy.set_children(o.t, &kids);
                }
                o.t
            }
            None => {
                let t = self.taffy.new_leaf(style);
                self.taffy.set_ctx(t, Ctx::Node(id));
                self.taffy.set_children(t, &kids);
                t
            }
        };
        if let Some(o) = old {
            for (key, leaf) in &acc.old_leaves {
                self.taffy.remove(*leaf);
                self.dropped.push(*key);
            }
            if o.field && !acc.field {
                self.dropped_fields.push(id);
            }
            if o.kids != acc.kids {
                self.orphans.extend(o.kids);
            }
        }
        Some(self.finish_entry(id, decor_in, acc, calc_style, t, false))
    }

    /// The box style of computed style `s` (shared; see `box_styles`).
    fn taffy_style(&mut self, s: &Rc<ComputedStyle>) -> Rc<taffy::Style> {
        let made = self
            .box_styles
            .entry(Rc::as_ptr(s) as usize)
            .or_insert_with(|| (Rc::clone(s), Rc::new(to_taffy::to_taffy(s))));
        Rc::clone(&made.1)
    }

    /// Records element `id`'s entry, built this time with box `t`.
    fn finish_entry(
        &mut self,
        id: NodeId,
        decor_in: &Decor,
        acc: Acc,
        calc_style: Option<taffy::Style>,
        t: taffy::NodeId,
        merged: bool,
    ) -> taffy::NodeId {
        if calc_style.is_some() {
            self.calc.insert(id);
        } else {
            self.calc.remove(&id);
        }
        self.entries.insert(
            id,
            Entry {
                t,
                decor: decor_in.clone(),
                paragraphs: acc.paragraphs,
                kids: acc.kids,
                field: acc.field,
                extra: (!acc.anon.is_empty()
                    || !acc.groups.is_empty()
                    || !acc.inline_elements.is_empty()
                    || calc_style.is_some())
                .then(|| {
                    Box::new(EntryExtra {
                        anon: acc.anon,
                        groups: acc.groups,
                        inline_elements: acc.inline_elements,
                        calc_style,
                    })
                }),
                stamp: self.frame,
                merged,
            },
        );
        self.rebuilt.push(id);
        self.cur.kids.push(id);
        t
    }

    /// Keeps element `id`'s box and children as they were and builds only its damaged
    /// children, when all that changed lies inside children that keep their boxes: a row
    /// of a 10,000-row table changed, the table is not rebuilt. `None` (nothing done but
    /// building damaged children) when the element must be built again: text or inline
    /// content, a list's items or a child's place among the boxes changed.
    fn descend(&mut self, id: NodeId, decor_in: &Decor) -> Option<taffy::NodeId> {
        let tree = self.tree;
        let node = tree.get(id)?;
        let e = self.entries.get(&id)?;
        if e.decor != *decor_in || !e.anon().is_empty() || e.field {
            return None;
        }
        let et = e.t;
        let flex_blocked = fc_view::scroll::is_scroll_view(tree, id)
            && !fc_view::scroll::attr_truthy(tree, id, "enable-flex");
        let flex =
            matches!(node.style.display, Display::Flex | Display::InlineFlex) && !flex_blocked;
        let mut damaged = Vec::new();
        let mut frags = Vec::new();
        if !damaged_children(tree, id, &mut damaged, &mut frags) {
            return None;
        }
        for &c in &damaged {
            let n = tree.get(c)?;
            let own = n.damage & damage::RELAYOUT != 0;
            let s = &n.style;
            // A flex item's own change may move it (`order`); a block child must stay a
            // block-level box in flow.
            let keeps_place = if flex {
                !own
            } else {
                !out_of_flow(s)
                    && !matches!(
                        s.display,
                        Display::Inline | Display::InlineBlock | Display::InlineFlex
                    )
            };
            if !keeps_place || s.display == Display::None {
                return None;
            }
            let ct = self.entries.get(&c)?.t;
            // Its box is the element's child, or a child of one of its groups.
            let parent = self.taffy.parent(ct);
            let grouped = parent
                .is_some_and(|g| self.taffy.parent(g) == Some(et) && self.taffy.ctx(g).is_none());
            if parent != Some(et) && !grouped {
                return None;
            }
        }
        let decor = decor_in.with(&node.style.text_decoration);
        let saved = std::mem::take(&mut self.cur);
        let mut same_boxes = true;
        for &c in &damaged {
            let before = self.entries.get(&c).map(|e| e.t);
            same_boxes &= self.element(c, &decor) == before;
        }
        self.cur = saved;
        if !same_boxes {
            return None;
        }
        if let Some(e) = self.entries.get_mut(&id) {
            e.stamp = self.frame;
        }
        self.passed.push(id);
        self.passed.extend(frags);
        self.cur.kids.push(id);
        Some(et)
    }

    /// Records the fragments among `id`'s children (and theirs) that carry layout damage,
    /// for clearing: building `id` again takes in all they changed.
    fn passed_fragments(&mut self, id: NodeId) {
        let Some(node) = self.tree.get(id) else {
            return;
        };
        for &c in &node.children {
            if let Some(n) = self.tree.get(c) {
                if matches!(n.kind, NodeKind::Fragment)
                    && n.damage & (damage::RELAYOUT | damage::LAYOUT_BELOW) != 0
                {
                    self.passed.push(c);
                    self.passed_fragments(c);
                }
            }
        }
    }

    /// Removes the boxes of the orphans nothing took this time, with their subtrees'. An
    /// orphan whose node is gone from the tree (removed, not only hidden or moved) is only
    /// detached: its subtree's records go in `Layouter::collect_garbage`, when the player
    /// is idle (a cleared 10,000-row list spent most of its layout here).
    pub fn remove_orphans(&mut self) {
        let mut stack = Vec::new();
        for id in std::mem::take(&mut self.orphans) {
            if self.tree.is_live(id) {
                stack.push(id);
            } else if self.entries.contains_key(&id) {
                self.dead.push(id);
            }
        }
        let mut gone = Forgotten {
            dropped: std::mem::take(&mut self.dropped),
            dropped_fields: std::mem::take(&mut self.dropped_fields),
        };
        forget_entries(
            stack,
            Some(self.frame),
            self.entries,
            self.doomed,
            self.calc,
            &mut gone,
        );
        self.dropped = gone.dropped;
        self.dropped_fields = gone.dropped_fields;
    }

    fn block_children(&mut self, id: NodeId, style: &ComputedStyle, decor: &Decor) -> Kids {
        let tree = self.tree;
        let mut kids = Kids::new();
        let mut run = Run::new();
        for c in tree.flat_children_inline(id) {
            let Some(n) = tree.get(c) else { continue };
            match &n.kind {
                NodeKind::Text(t) => {
                    let attrs = self.span_attrs(&n.style, decor);
                    run.collector.push_text(c, t, &n.style, false, attrs, decor);
                }
                NodeKind::Element(_) => {
                    if n.style.display == Display::None {
                        continue;
                    }
                    if out_of_flow(&n.style) {
                        kids.extend(self.element(c, &Decor::default()));
                        continue;
                    }
                    match n.style.display {
                        Display::Inline => self.inline(c, &mut run, style, decor),
                        Display::InlineBlock | Display::InlineFlex => {
                            if let Some(t) = self.element(c, &Decor::default()) {
                                self.atom(&mut run, t, style);
                            }
                        }
                        _ => {
                            self.flush(&mut run, &mut kids, style);
                            kids.extend(self.element(c, decor));
                        }
                    }
                }
                _ => {}
            }
        }
        self.flush(&mut run, &mut kids, style);
        self.group_long_list(kids)
    }

    /// A block container's boxes in runs of [`GROUP`] under anonymous block boxes, when
    /// there are many of them and grouping lays them out the same: every one in flow, with
    /// no vertical margin (nothing to collapse across a group's edge) and no height in
    /// percent (a group's height is not the container's). A change inside one row of a
    /// 10,000-row list then has taffy lay out that row's group and the container's groups,
    /// not 10,000 boxes. The groups are the container's anonymous boxes: made at each build
    /// of it, removed at the next.
    fn group_long_list(&mut self, kids: Kids) -> Kids {
        use taffy::style as ts;
        if kids.len() <= 2 * GROUP {
            return kids;
        }
        let zero = |m: ts::LengthPercentageAuto| m == ts::LengthPercentageAuto::length(0.0);
        let groupable = kids.iter().all(|&k| {
            self.taffy.style(k).is_some_and(|s| {
                matches!(s.position, ts::Position::Relative)
                    && zero(s.margin.top)
                    && zero(s.margin.bottom)
                    && [
                        s.size.height,
                        s.min_size.height.into(),
                        s.max_size.height.into(),
                    ]
                    .iter()
                    .all(|h| !matches!(h.tag(), ts::CompactLength::PERCENT_TAG))
            })
        });
        if !groupable {
            return kids;
        }
        let style = Rc::new(ts::Style {
            display: ts::Display::Block,
            ..Default::default()
        });
        // The last build's group of the same place where it holds the same run (a list
        // appended to, or with two rows swapped, keeps most of its groups and their
        // layouts); found before any box moves.
        let old = std::mem::take(&mut self.cur.old_groups);
        let runs: Vec<&[taffy::NodeId]> = kids.chunks(GROUP).collect();
        let kept: Vec<Option<taffy::NodeId>> = runs
            .iter()
            .enumerate()
            .map(|(i, run)| {
                old.get(i)
                    .copied()
                    .filter(|g| self.taffy.children(*g) == *run)
            })
            .collect();
        let mut groups = Kids::with_capacity(runs.len());
        for (run, kept) in runs.into_iter().zip(kept) {
            let g = match kept {
                Some(g) => g,
                None => {
                    let g = self.taffy.new_leaf(Rc::clone(&style));
                    // `set_children` takes reused boxes from their old parents.
                    self.taffy.set_children(g, run);
                    g
                }
            };
            self.cur.groups.push(g);
            groups.push(g);
        }
        // The others go once the element is built (`Builder::element`).
        self.cur.old_groups = old.into_iter().filter(|g| !groups.contains(g)).collect();
        groups
    }

    /// Adds an inline element's content to the run.
    fn inline(&mut self, id: NodeId, run: &mut Run, container: &ComputedStyle, decor: &Decor) {
        let tree = self.tree;
        let Some(node) = tree.get(id) else { return };
        let decor = decor.with(&node.style.text_decoration);
        let in_text = matches!(&node.kind, NodeKind::Element(e) if &*e.tag == "text");
        for c in tree.flat_children_inline(id) {
            let Some(n) = tree.get(c) else { continue };
            match &n.kind {
                NodeKind::Text(t) => {
                    let attrs = self.span_attrs(&n.style, &decor);
                    run.collector
                        .push_text(c, t, &n.style, in_text, attrs, &decor);
                }
                NodeKind::Element(_) => {
                    if n.style.display == Display::None {
                        continue;
                    }
                    if out_of_flow(&n.style) {
                        run.out_of_flow.extend(self.element(c, &Decor::default()));
                    } else if n.style.display == Display::Inline {
                        self.inline(c, run, container, &decor);
                    } else if let Some(t) = self.element(c, &Decor::default()) {
                        self.atom(run, t, container);
                    }
                }
                _ => {}
            }
        }
        self.cur.inline_elements.push(id);
    }

    /// An atomic inline box ends the current paragraph piece of the run.
    fn atom(&mut self, run: &mut Run, t: taffy::NodeId, container: &ComputedStyle) {
        let collector = std::mem::replace(&mut run.collector, Collector::new(false));
        run.pieces
            .extend(self.paragraph(collector, false, container));
        run.pieces.push(t);
        run.has_atoms = true;
    }

    /// Ends the run: its paragraph (or its anonymous flex line box) joins the block's kids.
    fn flush(&mut self, run: &mut Run, kids: &mut Kids, container: &ComputedStyle) {
        let mut done = std::mem::replace(run, Run::new());
        let last = self.paragraph(done.collector, true, container);
        if !done.has_atoms {
            kids.extend(last);
        } else {
            done.pieces.extend(last);
            let t = self
                .taffy
                .new_leaf(Rc::new(anonymous_line_style(container)));
            // `set_children` takes reused boxes from their old parents.
            self.taffy.set_children(t, &done.pieces);
            self.cur.anon.push(t);
            kids.push(t);
        }
        kids.extend(done.out_of_flow);
    }

    fn flex_children(&mut self, id: NodeId, style: &ComputedStyle, decor: &Decor) -> Kids {
        let tree = self.tree;
        let mut items: smallvec::SmallVec<[(i32, taffy::NodeId); 4]> = smallvec::SmallVec::new();
        let mut collector = Collector::new(true);
        for c in tree.flat_children_inline(id) {
            let Some(n) = tree.get(c) else { continue };
            match &n.kind {
                NodeKind::Text(t) => {
                    let attrs = self.span_attrs(&n.style, decor);
                    collector.push_text(c, t, &n.style, false, attrs, decor);
                }
                NodeKind::Element(_) => {
                    let done = std::mem::replace(&mut collector, Collector::new(true));
                    items.extend(self.paragraph(done, true, style).map(|t| (0, t)));
                    items.extend(self.element(c, decor).map(|t| (n.style.order, t)));
                }
                _ => {}
            }
        }
        items.extend(self.paragraph(collector, true, style).map(|t| (0, t)));
        // Stable: equal `order` keeps document order.
        items.sort_by_key(|(order, _)| *order);
        items.into_iter().map(|(_, t)| t).collect()
    }

    /// Makes the paragraph leaf of a finished collector; None when no text shows.
    fn paragraph(
        &mut self,
        collector: Collector,
        trim_end: bool,
        container: &ComputedStyle,
    ) -> Option<taffy::NodeId> {
        let (members, spans) = collector.finish(trim_end);
        if spans.is_empty() {
            return None;
        }
        let key = *members.first()?;
        let block = block_props(container);
        let tb = self.texts.get_or_insert_with(key, Default::default);
        let reshaped = tb.set(spans, block);
        if reshaped {
            self.ahead.offer(self.fonts, self.text_cache, key, tb);
        }
        // The last build's leaf of this paragraph, if any: kept (with taffy's cached
        // measurements, unless the text changed).
        let old = self.cur.old_leaves.iter().position(|(k, _)| *k == key);
        let leaf = match old {
            Some(i) => {
                let (_, leaf) = self.cur.old_leaves.swap_remove(i);
                if reshaped {
                    self.taffy.mark_dirty(leaf);
                }
                leaf
            }
            None => {
                let leaf = self.taffy.new_leaf(self.taffy.default_style());
                self.taffy.set_ctx(leaf, Ctx::Para(key));
                leaf
            }
        };
        if let Some(before) = self.paras.insert(key, members) {
            self.stale_members
                .extend(before.into_iter().map(|m| (m, key)));
        }
        self.cur.paragraphs.push((key, leaf));
        if let Some(tb) = self
            .texts
            .get_mut(&key)
            .filter(|tb| tb.made_at != self.frame)
        {
            tb.made_at = self.frame;
            self.made.push(key);
        }
        Some(leaf)
    }

    pub(crate) fn span_attrs(&mut self, s: &ComputedStyle, decor: &Decor) -> SpanAttrs {
        let lines = decor.lines();
        SpanAttrs {
            font_size: s.font_size,
            line_height: line_height_px(s),
            weight: s.font_weight,
            italic: s.font_italic,
            family: self.family(&s.font_family),
            letter_spacing: s.letter_spacing,
            underline: lines.underline.is_some(),
            overline: lines.overline.is_some(),
            line_through: lines.line_through.is_some(),
        }
    }

    /// The first family of the list the font system has, by name; generic names and
    /// unknown families fall to the default sans-serif (the bundled Noto Sans).
    fn family(&mut self, list: &[String]) -> Option<String> {
        const GENERIC: [&str; 5] = [
            "sans-serif",
            "serif",
            "monospace",
            "system-ui",
            "-apple-system",
        ];
        for name in list {
            if GENERIC.iter().any(|g| name.eq_ignore_ascii_case(g)) {
                return None;
            }
            // Looked up once per name: every text node of a page asks (no copies on a hit).
            let found = match self.families.get(name) {
                Some(found) => found.clone(),
                None => {
                    let found = self.fonts.db().faces().find_map(|f| {
                        f.families
                            .iter()
                            .find(|(n, _)| n.eq_ignore_ascii_case(name))
                            .map(|(n, _)| n.clone())
                    });
                    self.families.insert(name.clone(), found.clone());
                    found
                }
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// The paragraph-wide properties, from the block container's style.
pub(crate) fn block_props(s: &ComputedStyle) -> BlockProps {
    let nowrap = matches!(s.white_space, WhiteSpace::NoWrap | WhiteSpace::Pre);
    let ellipsis = s.overflow_hidden && s.text_overflow == fc_style::TextOverflow::Ellipsis;
    // `-webkit-line-clamp` works with `display: -webkit-box` (fc-style computes it to
    // block) and `-webkit-box-orient: vertical`, as in browsers.
    let clamp = s
        .line_clamp
        .filter(|_| s.box_orient == fc_style::BoxOrient::Vertical)
        .map(|n| n as usize);
    let (indent_px, indent_percent) = match s.calc_of(fc_style::CalcProperty::TextIndent) {
        Some(c) => (c.px, c.percent),
        None => match s.text_indent {
            fc_style::Length::Px(v) => (v, 0.0),
            fc_style::Length::Percent(p) => (0.0, p),
            fc_style::Length::Auto => (0.0, 0.0),
        },
    };
    BlockProps {
        font_size: s.font_size,
        line_height: line_height_px(s),
        align: s.text_align,
        wrap: !nowrap,
        break_all: s.word_break == WordBreak::BreakAll,
        break_word: s.word_break == WordBreak::BreakWord
            || matches!(
                s.overflow_wrap,
                OverflowWrap::BreakWord | OverflowWrap::Anywhere
            ),
        ellipsis_lines: clamp.or(if ellipsis && nowrap { Some(1) } else { None }),
        indent_px,
        indent_percent,
    }
}

/// The anonymous box of a run holding atomic inline boxes (see the module doc).
/// Boxes per anonymous group of a long block list (see `Builder::group_long_list`).
const GROUP: usize = 64;

fn anonymous_line_style(container: &ComputedStyle) -> taffy::Style {
    use taffy::style as ts;
    ts::Style {
        display: ts::Display::Flex,
        flex_wrap: if block_props(container).wrap {
            ts::FlexWrap::Wrap
        } else {
            ts::FlexWrap::NoWrap
        },
        align_items: ts::AlignItems::BASELINE,
        justify_content: match container.text_align {
            TextAlign::Center => ts::JustifyContent::CENTER,
            TextAlign::Right | TextAlign::End => ts::JustifyContent::FLEX_END,
            _ => ts::JustifyContent::FLEX_START,
        },
        ..Default::default()
    }
}

/// What forgetting elements' records leaves to do: paragraphs and fields to forget (unless
/// made again).
pub(crate) struct Forgotten {
    pub dropped: Vec<NodeId>,
    pub dropped_fields: Vec<NodeId>,
}

/// Forgets the records of the elements in `stack` and their subtrees: their entries and calc
/// marks go, their taffy boxes are doomed. With `frame`, an element built in that layout
/// (taken by another parent) is kept.
pub(crate) fn forget_entries(
    mut stack: Vec<NodeId>,
    frame: Option<u64>,
    entries: &mut crate::NodeMap<Entry>,
    doomed: &mut Vec<taffy::NodeId>,
    calc: &mut crate::NodeSet,
    out: &mut Forgotten,
) {
    while let Some(id) = stack.pop() {
        if entries
            .get(&id)
            .is_none_or(|e| frame.is_some_and(|f| e.stamp == f))
        {
            continue;
        }
        let Some(e) = entries.remove(&id) else {
            continue;
        };
        for (key, leaf) in e.paragraphs {
            if leaf != e.t {
                doomed.push(leaf);
            }
            out.dropped.push(key);
        }
        if let Some(x) = e.extra {
            doomed.extend(x.anon.into_iter().chain(x.groups));
        }
        doomed.push(e.t);
        if e.field {
            out.dropped_fields.push(id);
        }
        calc.remove(&id);
        stack.extend(e.kids);
    }
}
