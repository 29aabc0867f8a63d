//! The tree walk: paint order by stacking context, the clip stack, composed transforms and
//! opacity groups.
//!
//! Paint order is an approximation of CSS 2.1 Appendix E. Inside one stacking context:
//! 1. the context root's own decorations;
//! 2. child contexts with negative `z-index`, lowest first;
//! 3. the in-flow (non-positioned) descendants in tree order, each box's decorations
//!    before its text and children;
//! 4. positioned descendants with `z-index: auto` or `0` and other contexts of level 0
//!    (`opacity < 1`, `transform`), in tree order;
//! 5. child contexts with positive `z-index`, lowest first.
//!
//! Simplified, on purpose:
//! - step 3 does not split blocks' backgrounds from inline content (Appendix E paints all
//!   block backgrounds of the flow before any text); there are no floats;
//! - a positioned element with `z-index: auto` is painted atomically, like a context of its
//!   own, instead of handing its positioned descendants to the enclosing context;
//! - an `overflow: hidden` ancestor clips every descendant, positioned or not, except
//!   `position: fixed` ones (CSS spares absolutely positioned descendants whose containing
//!   block lies outside the clipping box);
//! - clips are axis-aligned on the target: a clipping box under a rotation or skew clips to
//!   its bounding box, without rounded corners.

use crate::decor::{corner_radii, padding_box, push_decorations};
use crate::scene::{Affine, Clip, Glyph, Item, Rect, Scene, IDENTITY};
use crate::transform::{compose, element_transform, is_translation, map_rect_bounds};
use cosmic_text::Buffer;
use fc_layout::Layouter;
use fc_style::{ComputedStyle, Display, Position, Visibility};
use fc_view::{NodeId, NodeKind, Tree};

/// What applies to everything painted below a point of the tree.
#[derive(Debug, Clone, Copy)]
pub struct PaintState {
    pub clip: Clip,
    pub transform: Affine,
}

pub fn intersect(a: Rect, b: Rect) -> Rect {
    let x0 = a[0].max(b[0]);
    let y0 = a[1].max(b[1]);
    let x1 = (a[0] + a[2]).min(b[0] + b[2]);
    let y1 = (a[1] + a[3]).min(b[1] + b[3]);
    [x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0)]
}

fn is_positioned(s: &ComputedStyle) -> bool {
    s.position != Position::Static
}

/// Makes a stacking context of its own (CSS 2.1 plus the later triggers fcplayer draws).
fn is_stacking_context(s: &ComputedStyle) -> bool {
    (is_positioned(s) && s.z_index.is_some())
        || s.position == Position::Fixed
        || s.opacity < 1.0
        || !s.transform.is_empty()
}

/// Painted outside the normal flow, by the enclosing stacking context.
fn is_out_of_flow(s: &ComputedStyle) -> bool {
    is_positioned(s) || is_stacking_context(s)
}

/// A positioned descendant or child context waiting for its turn, with the state that
/// applied where it sits in the tree.
struct Deferred {
    id: NodeId,
    z: i32,
    state: PaintState,
}

/// Builds a frame's items. One per `build_scene` call.
pub struct Painter<'a> {
    pub scene: &'a mut Scene,
    pub scale: f32,
    pub layouter: &'a Layouter,
    /// The page's own area, where `position: fixed` boxes are clipped.
    pub page_clip: Rect,
    /// Subtree extents for skipping what is off screen (`scroll.rs`); `None`: paint all.
    pub extents: Option<&'a crate::scroll::Extents>,
}

impl Painter<'_> {
    fn px(&self, r: [f32; 4]) -> Rect {
        r.map(|v| v * self.scale)
    }

    /// The flat children of `id` worth testing against the clip of `state` (which is
    /// `id`'s children's state): a long sorted list is cut to what meets it vertically.
    fn children_to_paint(&self, tree: &Tree, id: NodeId, state: &PaintState) -> Vec<NodeId> {
        let cut = self
            .extents
            .and_then(|e| e.children_in(id, self.scale, &state.transform, state.clip.rect));
        match cut {
            Some(children) => children.collect(),
            None => tree.flat_children(id),
        }
    }

    /// Whether anything of `id`'s subtree can land inside the clip of `state`.
    fn may_show(&self, id: NodeId, state: &PaintState) -> bool {
        self.extents
            .is_none_or(|e| e.may_show(id, self.scale, &state.transform, state.clip.rect))
    }

    /// The state for the children of `node`: its clip, then its scroll offset.
    fn child_state(&self, node: &fc_view::Node, bounds: Rect, state: PaintState) -> PaintState {
        let inner = self.clip_children(&node.style, bounds, state);
        PaintState {
            transform: crate::scroll::scrolled(&inner.transform, node.scroll, self.scale),
            ..inner
        }
    }

    /// Paints the subtree of `id` as a stacking context (or an atomically painted positioned
    /// box), `state` being what applies at its parent.
    pub fn paint_context(&mut self, tree: &Tree, id: NodeId, mut state: PaintState) {
        let Some(node) = tree.get(id) else { return };
        let s = &node.style;
        if s.display == Display::None || s.opacity <= 0.0 {
            return;
        }
        if s.position == Position::Fixed {
            state = PaintState {
                clip: Clip::rect(self.page_clip),
                transform: IDENTITY,
            };
        }
        let bounds = self.px(node.rect);
        if let Some(m) = element_transform(s, bounds, self.scale) {
            state.transform = compose(&state.transform, &m);
        }
        let layer_start = self.scene.items.len();
        let opacity = s.opacity.min(1.0);
        if opacity < 1.0 {
            self.scene.items.push(Item::PushLayer { opacity });
        }

        if matches!(node.kind, NodeKind::Text(_)) {
            self.paint_text_node(tree, id, state);
        } else {
            self.paint_box(tree, id, s, bounds, state);
            self.paint_field(tree, id, bounds, state);
            let inner = self.child_state(node, bounds, state);
            let mut deferred = Vec::new();
            self.collect_deferred(tree, id, inner, &mut deferred);
            // Stable: equal z-index keeps tree order.
            deferred.sort_by_key(|d| d.z);
            for d in deferred.iter().filter(|d| d.z < 0) {
                self.paint_context(tree, d.id, d.state);
            }
            self.paint_flow(tree, id, inner);
            for d in deferred.iter().filter(|d| d.z >= 0) {
                self.paint_context(tree, d.id, d.state);
            }
        }

        if opacity < 1.0 {
            self.close_layer(layer_start, opacity);
        }
    }

    /// Ends the opacity group opened at `start`: nothing painted drops it, one primitive
    /// takes the opacity into its colours, more become a layer.
    fn close_layer(&mut self, start: usize, opacity: f32) {
        let items = &mut self.scene.items;
        match items.len() - start {
            1 => {
                items.truncate(start);
            }
            2 if !matches!(items.last(), Some(Item::PushLayer { .. } | Item::PopLayer)) => {
                let mut only = items.pop().expect("two items were counted");
                items.pop(); // the PushLayer
                only.multiply_alpha(opacity);
                items.push(only);
            }
            _ => items.push(Item::PopLayer),
        }
    }

    /// The state for the children of a box: its `overflow` clip (the padding box, with the
    /// inner corner radii) added.
    fn clip_children(&self, s: &ComputedStyle, bounds: Rect, state: PaintState) -> PaintState {
        if !s.overflow_hidden {
            return state;
        }
        let radii = corner_radii(s, bounds, self.scale);
        let widths = s.border_width.map(|w| w * self.scale);
        let (padding, inner_radii) = padding_box(bounds, widths, radii);
        let mut clip = state.clip;
        let on_target = map_rect_bounds(&state.transform, padding);
        clip.rect = intersect(clip.rect, on_target);
        if inner_radii.iter().any(|r| *r > 0.0) && is_translation(&state.transform) {
            clip.rounded = on_target;
            clip.radii = inner_radii;
        }
        PaintState { clip, ..state }
    }

    /// Finds the out-of-flow boxes among the in-flow descendants of `id` (not looking inside
    /// them: they paint their own subtrees).
    fn collect_deferred(
        &self,
        tree: &Tree,
        id: NodeId,
        state: PaintState,
        out: &mut Vec<Deferred>,
    ) {
        for c in self.children_to_paint(tree, id, &state) {
            let Some(node) = tree.get(c) else { continue };
            let s = &node.style;
            if s.display == Display::None || matches!(node.kind, NodeKind::Text(_)) {
                continue;
            }
            if !self.may_show(c, &state) {
                continue;
            }
            if is_out_of_flow(s) {
                out.push(Deferred {
                    id: c,
                    z: s.z_index.unwrap_or(0),
                    state,
                });
                continue;
            }
            let inner = self.child_state(node, self.px(node.rect), state);
            self.collect_deferred(tree, c, inner, out);
        }
    }

    /// Paints the in-flow descendants of `id` in tree order, skipping out-of-flow boxes.
    fn paint_flow(&mut self, tree: &Tree, id: NodeId, state: PaintState) {
        for c in self.children_to_paint(tree, id, &state) {
            let Some(node) = tree.get(c) else { continue };
            let s = &node.style;
            if s.display == Display::None || !self.may_show(c, &state) {
                continue;
            }
            if matches!(node.kind, NodeKind::Text(_)) {
                self.paint_text_node(tree, c, state);
                continue;
            }
            if is_out_of_flow(s) {
                continue;
            }
            let bounds = self.px(node.rect);
            self.paint_box(tree, c, s, bounds, state);
            self.paint_field(tree, c, bounds, state);
            let inner = self.child_state(node, bounds, state);
            self.paint_flow(tree, c, inner);
        }
    }

    /// An element's own box: shadows, background and border, and an `<image>`'s picture
    /// between its background and its border, as CSS paints replaced content.
    fn paint_box(
        &mut self,
        tree: &Tree,
        id: NodeId,
        s: &fc_style::ComputedStyle,
        bounds: crate::scene::Rect,
        state: PaintState,
    ) {
        let visible = s.visibility == Visibility::Visible;
        let has_border = s.border_width.iter().any(|w| *w > 0.0);
        let picture = self.layouter.images.contains_key(&id);
        if !(visible && has_border && picture) {
            if visible {
                self.decorate(s, bounds, state);
            }
            self.paint_image(tree, id, bounds, state);
            return;
        }
        let mut under = s.clone();
        under.border_width = [0.0; 4];
        self.decorate(&under, bounds, state);
        self.paint_image(tree, id, bounds, state);
        let mut border = s.clone();
        border.background_color = fc_style::Color::TRANSPARENT;
        border.background_image.clear();
        border.box_shadow.clear();
        self.decorate(&border, bounds, state);
    }

    fn decorate(
        &mut self,
        s: &fc_style::ComputedStyle,
        bounds: crate::scene::Rect,
        state: PaintState,
    ) {
        push_decorations(
            &mut self.scene.items,
            s,
            bounds,
            self.scale,
            state.clip,
            state.transform,
            &self.layouter.background_images,
        );
    }

    fn paint_text_node(&mut self, tree: &Tree, id: NodeId, state: PaintState) {
        let Some(node) = tree.get(id) else { return };
        if node.style.visibility != Visibility::Visible {
            return;
        }
        // The node's span of the paragraph fc-layout shaped it in: its glyphs, then its
        // text-decoration lines as thin quads.
        let Some((tb, span)) = self.layouter.text_span(id) else {
            return;
        };
        let (scale, [ox, oy]) = (self.scale, tb.origin());
        // The node's own colour, not the one the paragraph was shaped with: a colour change
        // is paint-only and does not relay the text out.
        let c = node.style.color;
        let color = [c.r, c.g, c.b, c.a];
        for (g, line_y) in tb.span_glyphs(span) {
            let p = g.physical((ox * scale, (oy + line_y) * scale), scale);
            self.scene.items.push(Item::Glyph(Glyph {
                cache_key: p.cache_key,
                x: p.x,
                y: p.y,
                color,
                clip: state.clip,
                transform: state.transform,
            }));
        }
        for d in tb.span_decorations(span) {
            let r = [d.x, d.y, d.w, d.thickness].map(|v| v * scale);
            let mut q = crate::scene::Quad::filled(r, d.color);
            (q.clip, q.transform) = (state.clip, state.transform);
            self.scene.items.push(Item::Quad(q));
        }
    }

    /// Glyphs of a shaped buffer whose top-left is at `rect` (logical px).
    pub fn paint_text(
        &mut self,
        buffer: Option<&Buffer>,
        rect: [f32; 4],
        color: [f32; 4],
        state: PaintState,
    ) {
        let Some(buffer) = buffer else { return };
        let scale = self.scale;
        for run in buffer.layout_runs() {
            for g in run.glyphs {
                let p = g.physical((rect[0] * scale, (rect[1] + run.line_y) * scale), scale);
                self.scene.items.push(Item::Glyph(Glyph {
                    cache_key: p.cache_key,
                    x: p.x,
                    y: p.y,
                    color,
                    clip: state.clip,
                    transform: state.transform,
                }));
            }
        }
    }
}
