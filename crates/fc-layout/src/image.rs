//! `<image>` as a replaced element: the UA sheet gives it 320×240 px; once its natural size
//! is known (the player fills `Layouter::images`), `mode="widthFix"` makes the height
//! follow the width by the image's ratio and `mode="heightFix"` the width follow the height
//! (taffy's `aspect_ratio` with the other dimension `auto`). Other modes keep the box.

use fc_view::{NodeId, NodeKind, Tree};
use std::collections::HashMap;
use std::sync::Arc;

/// The pixels of one decoded image: premultiplied sRGB RGBA8, rows top to bottom. `id`
/// names the image for the GPU's texture cache (equal ids, equal pixels). Layout reads its
/// size, painting (`fc-paint`) draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePixels {
    pub id: u64,
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Adjusts the taffy style of node `id` when it is an `<image>` with a fix mode.
pub(crate) fn apply(
    tree: &Tree,
    id: NodeId,
    images: &HashMap<NodeId, Arc<ImagePixels>>,
    style: &mut taffy::Style,
) {
    let Some(node) = tree.get(id) else { return };
    let NodeKind::Element(e) = &node.kind else {
        return;
    };
    if &*e.tag != "image" {
        return;
    }
    let Some(img) = images.get(&id) else {
        return;
    };
    let (w, h) = (img.width, img.height);
    if w == 0 || h == 0 {
        return;
    }
    let ratio = w as f32 / h as f32;
    match e.attr_str("mode").as_deref().map(str::trim) {
        Some("widthFix") => {
            style.size.height = taffy::style::Dimension::auto();
            style.aspect_ratio = Some(ratio);
        }
        Some("heightFix") => {
            style.size.width = taffy::style::Dimension::auto();
            style.aspect_ratio = Some(ratio);
        }
        _ => {}
    }
}
