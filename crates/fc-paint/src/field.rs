//! `<input>`/`<textarea>` painting: the field's text (laid out by fc-layout's `field.rs`)
//! shifted by its scroll and clipped to the field's padding box, then the caret when the
//! field has focus. Painted right after the element's decorations.

use crate::decor::{corner_radii, padding_box};
use crate::scene::{Glyph, Item, Quad, Rect};
use crate::stacking::{intersect, PaintState, Painter};
use crate::transform::map_rect_bounds;
use fc_style::Visibility;
use fc_view::{NodeId, Tree};

impl Painter<'_> {
    /// Pushes the text and caret of `id` when it is a laid-out field; `bounds` is its
    /// border box in device px.
    pub(crate) fn paint_field(&mut self, tree: &Tree, id: NodeId, bounds: Rect, state: PaintState) {
        let Some(node) = tree.get(id) else { return };
        if node.style.visibility != Visibility::Visible {
            return;
        }
        let (Some(tb), Some(fb)) = (self.layouter.field_text(id), self.layouter.field_box(id))
        else {
            return;
        };
        let scale = self.scale;
        let widths = node.style.border_width.map(|w| w * scale);
        let (padding, _) = padding_box(bounds, widths, corner_radii(&node.style, bounds, scale));
        let mut clip = state.clip;
        clip.rect = intersect(clip.rect, map_rect_bounds(&state.transform, padding));
        let [ox, oy] = tb.origin();
        let (ox, oy) = (ox - fb.scroll[0], oy - fb.scroll[1]);
        let color = tb.span_color(0);
        for (g, line_y) in tb.span_glyphs(0) {
            let p = g.physical((ox * scale, (oy + line_y) * scale), scale);
            self.scene.items.push(Item::Glyph(Glyph {
                cache_key: p.cache_key,
                x: p.x,
                y: p.y,
                color,
                clip,
                transform: state.transform,
            }));
        }
        if let Some(caret) = fb.caret {
            // Whole device pixels: a steady, sharp bar.
            let r = caret.map(|v| (v * scale).round());
            let mut q = Quad::filled(r, fb.color);
            (q.clip, q.transform) = (clip, state.transform);
            self.scene.items.push(Item::Quad(q));
        }
    }
}
