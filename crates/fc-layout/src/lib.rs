//! Lays out a page's view tree: maps computed styles to taffy, runs taffy, and measures and
//! shapes text leaves with cosmic-text. Writes each node's box into `Node::rect` (window
//! coordinates, logical px) and keeps the shaped text for painting.
//!
//! It does not style (fc-style, via fc-view) or paint (fc-paint).

#![deny(unsafe_code)]

mod fonts;
mod text;
pub mod to_taffy;

pub use fonts::{new_font_system, DEFAULT_FAMILY};
pub use text::{line_height_px, TextBox};

use fc_view::{damage, NodeId, NodeKind, Tree};
use std::collections::HashMap;
use taffy::{AvailableSpace, Size, TaffyTree};

/// Where and how big the page's area of the window is, in logical px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Lays out trees. One per player, owned by the render thread; holds the `FontSystem` and
/// one shaped `TextBox` per text leaf (reshaped only when its text, font or width change).
pub struct Layouter {
    pub fonts: cosmic_text::FontSystem,
    texts: HashMap<NodeId, TextBox>,
}

impl Layouter {
    pub fn new(fonts: cosmic_text::FontSystem) -> Layouter {
        Layouter {
            fonts,
            texts: HashMap::new(),
        }
    }

    /// The shaped text of a text leaf, as last laid out.
    pub fn text(&self, id: NodeId) -> Option<&TextBox> {
        self.texts.get(&id)
    }

    /// Lays out the whole tree into `viewport`. The page grows past the viewport's height
    /// when its content is taller (it scrolls); it is never shorter.
    pub fn layout(&mut self, tree: &mut Tree, viewport: Viewport) {
        let _span = tracing::debug_span!("layout").entered();
        self.texts.retain(|id, _| tree.get(*id).is_some());
        let mut taffy: TaffyTree<NodeId> = TaffyTree::new();
        let mut pairs = Vec::new();
        let Some(root) = self.build(tree, tree.root(), &mut taffy, &mut pairs) else {
            return;
        };
        if let Ok(mut style) = taffy.style(root).cloned() {
            style.size.width = taffy::style::Dimension::length(viewport.width);
            style.min_size.height = taffy::style::LengthPercentageAuto::length(viewport.height);
            let _ = taffy.set_style(root, style);
        }
        let fonts = &mut self.fonts;
        let texts = &mut self.texts;
        let available = Size {
            width: AvailableSpace::Definite(viewport.width),
            height: AvailableSpace::MaxContent,
        };
        let result =
            taffy.compute_layout_with_measure(root, available, |inputs, _id, ctx, style| {
                let Some(node_id) = ctx.copied() else {
                    return taffy::compute_leaf_layout(
                        inputs,
                        style,
                        |_, _| 0.0,
                        |_, _| Size::ZERO,
                    );
                };
                taffy::compute_leaf_layout(
                    inputs,
                    style,
                    |_, _| 0.0,
                    |known, avail| {
                        let Some(tb) = texts.get_mut(&node_id) else {
                            return Size::ZERO;
                        };
                        let width = known.width.or(match avail.width {
                            AvailableSpace::Definite(w) => Some(w),
                            AvailableSpace::MinContent => Some(0.0),
                            AvailableSpace::MaxContent => None,
                        });
                        let (w, h) = tb.measure(fonts, width);
                        Size {
                            width: known.width.unwrap_or(w),
                            height: known.height.unwrap_or(h),
                        }
                    },
                )
            });
        if let Err(e) = result {
            tracing::error!("layout failed: {e}");
            return;
        }
        self.write_back(tree, &taffy, tree.root(), viewport.x, viewport.y, &pairs);
    }

    /// Builds the taffy subtree for `id`; returns None for nodes that make no box.
    fn build(
        &mut self,
        tree: &Tree,
        id: NodeId,
        taffy: &mut TaffyTree<NodeId>,
        pairs: &mut Vec<(NodeId, taffy::NodeId)>,
    ) -> Option<taffy::NodeId> {
        let node = tree.get(id)?;
        let made = match &node.kind {
            NodeKind::Text(t) => {
                let shown = fc_view::display_text(t, node.style.white_space);
                if shown.is_empty() {
                    return None;
                }
                let tb = self.texts.entry(id).or_default();
                tb.set(&shown, &node.style);
                taffy
                    .new_leaf_with_context(taffy::Style::default(), id)
                    .ok()?
            }
            NodeKind::Fragment => return None,
            NodeKind::Root | NodeKind::Element(_) => {
                let style = to_taffy::to_taffy(&node.style);
                let mut kids = Vec::new();
                if node.style.display != fc_style::Display::None {
                    for c in tree.flat_children(id) {
                        if let Some(k) = self.build(tree, c, taffy, pairs) {
                            kids.push(k);
                        }
                    }
                }
                taffy.new_with_children(style, &kids).ok()?
            }
        };
        pairs.push((id, made));
        Some(made)
    }

    fn write_back(
        &mut self,
        tree: &mut Tree,
        taffy: &TaffyTree<NodeId>,
        root: NodeId,
        x: f32,
        y: f32,
        pairs: &[(NodeId, taffy::NodeId)],
    ) {
        let map: HashMap<NodeId, taffy::NodeId> = pairs.iter().copied().collect();
        let mut stack = vec![(root, x, y)];
        while let Some((id, px, py)) = stack.pop() {
            let Some(tid) = map.get(&id) else { continue };
            let Ok(l) = taffy.layout(*tid) else { continue };
            let (nx, ny) = (px + l.location.x, py + l.location.y);
            let (w, h) = (l.size.width, l.size.height);
            if let Some(node) = tree.get_mut(id) {
                node.rect = [nx, ny, w, h];
                node.damage &= !damage::RELAYOUT;
            }
            if let Some(tb) = self.texts.get_mut(&id) {
                // Final width: wrap and align at the box's content width.
                tb.finish(&mut self.fonts, l.content_box_width());
            }
            for c in tree.flat_children(id) {
                stack.push((c, nx, ny));
            }
        }
    }
}

#[cfg(test)]
mod tests;
