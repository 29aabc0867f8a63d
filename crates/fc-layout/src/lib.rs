//! Lays out a page's view tree: maps computed styles to taffy, runs taffy, and measures and
//! shapes text leaves with cosmic-text. Writes each node's box into `Node::rect` (window
//! coordinates, logical px) and keeps the shaped text for painting.
//!
//! It does not style (fc-style, via fc-view) or paint (fc-paint).

#![deny(unsafe_code)]

mod build;
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
pub use text::{line_height_px, DecorationLine, TextBox};

use build::{Builder, Ctx};
use fc_view::{damage, NodeId, Tree};
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
/// one shaped `TextBox` per paragraph (a run of adjacent text and inline content), keyed by
/// the paragraph's first text node and reshaped only when its spans, their styles or its
/// width change.
pub struct Layouter {
    pub fonts: cosmic_text::FontSystem,
    texts: HashMap<NodeId, TextBox>,
    /// Text node -> (its paragraph's key, its span index in that paragraph).
    spans: HashMap<NodeId, (NodeId, usize)>,
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
    field_boxes: HashMap<NodeId, FieldBox>,
}

impl Layouter {
    pub fn new(fonts: cosmic_text::FontSystem) -> Layouter {
        Layouter {
            fonts,
            texts: HashMap::new(),
            spans: HashMap::new(),
            families: HashMap::new(),
            images: HashMap::new(),
            background_images: HashMap::new(),
            fields: HashMap::new(),
            field_boxes: HashMap::new(),
        }
    }

    /// Forgets font lookups and shaped text (a font was added).
    pub(crate) fn fonts_changed(&mut self) {
        self.families.clear();
        self.texts.clear();
        self.spans.clear();
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
    pub fn layout(&mut self, tree: &mut Tree, viewport: Viewport) {
        let _span = tracing::debug_span!("layout").entered();
        let mut b = Builder {
            tree,
            texts: &mut self.texts,
            fonts: &self.fonts,
            families: &mut self.families,
            images: &self.images,
            fields: &self.fields,
            field_nodes: Vec::new(),
            taffy: TaffyTree::new(),
            paragraphs: Vec::new(),
            inline_elements: Vec::new(),
            calc_nodes: Vec::new(),
        };
        let root = b.element(tree.root(), inline::Decor::default());
        let Builder {
            mut taffy,
            paragraphs,
            inline_elements,
            calc_nodes,
            field_nodes,
            ..
        } = b;
        let Some(root) = root else { return };
        // Paragraphs not made this time are gone (their first text node changed or left).
        let mut used: std::collections::HashSet<NodeId> = paragraphs.iter().map(|p| p.0).collect();
        used.extend(field_nodes.iter().copied());
        self.texts.retain(|k, _| used.contains(k));
        self.field_boxes.retain(|k, _| field_nodes.contains(k));
        if let Ok(mut style) = taffy.style(root).cloned() {
            style.size.width = taffy::style::Dimension::length(viewport.width);
            style.min_size.height = taffy::style::LengthPercentageAuto::length(viewport.height);
            let _ = taffy.set_style(root, style);
        }
        if !self.compute(&mut taffy, root, viewport) {
            return;
        }
        if !calc_nodes.is_empty() {
            resolve_calc(tree, &mut taffy, &calc_nodes, viewport);
            if !self.compute(&mut taffy, root, viewport) {
                return;
            }
        }
        self.spans.clear();
        self.write_back(tree, &taffy, root, viewport);
        for (key, members) in &paragraphs {
            self.write_paragraph(tree, *key, members);
        }
        for id in inline_elements {
            write_inline_element(tree, id);
        }
    }

    /// Runs taffy; false when it failed (logged).
    fn compute(
        &mut self,
        taffy: &mut TaffyTree<Ctx>,
        root: taffy::NodeId,
        viewport: Viewport,
    ) -> bool {
        let fonts = &mut self.fonts;
        let texts = &mut self.texts;
        let available = Size {
            width: AvailableSpace::Definite(viewport.width),
            height: AvailableSpace::MaxContent,
        };
        let result =
            taffy.compute_layout_with_measure(root, available, |inputs, _id, ctx, style| {
                let (key, field) = match ctx {
                    Some(Ctx::Para(key)) => (*key, false),
                    Some(Ctx::Field(key)) => (*key, true),
                    _ => {
                        return taffy::compute_leaf_layout(
                            inputs,
                            style,
                            |_, _| 0.0,
                            |_, _| Size::ZERO,
                        )
                    }
                };
                taffy::compute_leaf_layout(
                    inputs,
                    style,
                    |_, _| 0.0,
                    |known, avail| {
                        let Some(tb) = texts.get_mut(&key) else {
                            return Size::ZERO;
                        };
                        let width = known.width.or(match avail.width {
                            AvailableSpace::Definite(w) => Some(w),
                            AvailableSpace::MinContent => Some(0.0),
                            AvailableSpace::MaxContent => None,
                        });
                        let (w, h) = tb.measure(fonts, width);
                        // A field's text never widens it: it scrolls or wraps inside.
                        let w = if field { 0.0 } else { w };
                        Size {
                            width: known.width.unwrap_or(w),
                            height: known.height.unwrap_or(h),
                        }
                    },
                )
            });
        if let Err(e) = result {
            tracing::error!("layout failed: {e}");
            return false;
        }
        true
    }

    /// Walks the taffy tree (which has anonymous boxes the view tree lacks), writing element
    /// boxes and giving each paragraph its final width and window position.
    fn write_back(
        &mut self,
        tree: &mut Tree,
        taffy: &TaffyTree<Ctx>,
        root: taffy::NodeId,
        viewport: Viewport,
    ) {
        let mut stack = vec![(root, viewport.x, viewport.y)];
        // Fields' content boxes, met before their text leaves.
        let mut field_content: HashMap<NodeId, [f32; 4]> = HashMap::new();
        while let Some((t, px, py)) = stack.pop() {
            let Ok(l) = taffy.layout(t) else { continue };
            let (x, y) = (px + l.location.x, py + l.location.y);
            match taffy.get_node_context(t) {
                Some(Ctx::Node(id)) => {
                    if let Some(node) = tree.get_mut(*id) {
                        node.rect = [x, y, l.size.width, l.size.height];
                        node.damage &= !damage::RELAYOUT;
                    }
                    if self.fields.contains_key(id) {
                        field_content.insert(
                            *id,
                            [
                                x + l.border.left + l.padding.left,
                                y + l.border.top + l.padding.top,
                                l.content_box_width(),
                                l.content_box_height(),
                            ],
                        );
                    }
                }
                Some(Ctx::Field(id)) => {
                    let leaf = [x, y, l.size.width, l.size.height];
                    let content = field_content.get(id).copied().unwrap_or(leaf);
                    self.finish_field(tree, *id, leaf, content);
                }
                Some(Ctx::Para(key)) => {
                    if let Some(tb) = self.texts.get_mut(key) {
                        // Final width: wrap and align at the box's content width.
                        tb.finish(&mut self.fonts, l.content_box_width(), [x, y]);
                    }
                }
                None => {}
            }
            if let Ok(kids) = taffy.children(t) {
                for c in kids {
                    stack.push((c, x, y));
                }
            }
        }
    }

    /// Gives each text node of a paragraph the box of its glyphs.
    fn write_paragraph(&mut self, tree: &mut Tree, key: NodeId, members: &[NodeId]) {
        let Some(tb) = self.texts.get(&key) else {
            return;
        };
        let [ox, oy] = tb.origin();
        for id in members {
            if let Some(node) = tree.get_mut(*id) {
                // Text that white-space processing removed: an empty box where the
                // paragraph starts.
                node.rect = [ox, oy, 0.0, 0.0];
                node.damage &= !damage::RELAYOUT;
            }
        }
        for (i, id) in tb.span_nodes().enumerate() {
            self.spans.insert(id, (key, i));
            if let (Some(r), Some(node)) = (tb.span_rect(i), tree.get_mut(id)) {
                node.rect = r;
            }
        }
    }
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
    if let Some(node) = tree.get_mut(id) {
        node.rect = u.or(first).unwrap_or([0.0; 4]);
        node.damage &= !damage::RELAYOUT;
    }
}

/// Second half of `calc.rs`: px values for the mixed calc lengths, from the first layout.
fn resolve_calc(
    tree: &Tree,
    taffy: &mut TaffyTree<Ctx>,
    nodes: &[(taffy::NodeId, NodeId)],
    viewport: Viewport,
) {
    let content = |taffy: &TaffyTree<Ctx>, t: taffy::NodeId| {
        taffy
            .layout(t)
            .map(|l| [l.content_box_width(), l.content_box_height()])
            .ok()
    };
    for &(t, id) in nodes {
        let Some(node) = tree.get(id) else { continue };
        let parent = taffy
            .parent(t)
            .and_then(|p| content(taffy, p))
            .unwrap_or([viewport.width, viewport.height]);
        let own = content(taffy, t).unwrap_or([0.0; 2]);
        let Ok(mut style) = taffy.style(t).cloned() else {
            continue;
        };
        calc::apply_calc(&mut style, &node.style, &calc::Bases { parent, own });
        let _ = taffy.set_style(t, style);
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_image;
#[cfg(test)]
mod tests_inline;
