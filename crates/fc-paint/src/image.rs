//! `<image>` painting: the loaded pixels (`Layouter::images`) placed in the content box by
//! the element's `mode` (`image/mode.rs`), clipped to the border box with its
//! border-radius. Painted right after the element's decorations.

pub mod mode;

use crate::decor::corner_radii;
use crate::scene::{ImageItem, Item, Rect};
use crate::stacking::{PaintState, Painter};
use fc_style::{ComputedStyle, Length, Visibility};
use fc_view::{NodeId, NodeKind, Tree};
use mode::{place, Mode};

impl Painter<'_> {
    /// Pushes the image item of `id` when it is a loaded `<image>`; `bounds` is its border
    /// box in device px.
    pub(crate) fn paint_image(&mut self, tree: &Tree, id: NodeId, bounds: Rect, state: PaintState) {
        let Some(node) = tree.get(id) else { return };
        let NodeKind::Element(e) = &node.kind else {
            return;
        };
        if &*e.tag != "image" || node.style.visibility != Visibility::Visible {
            return;
        }
        let Some(pixels) = self.layouter.images.get(&id) else {
            return;
        };
        let s = &node.style;
        let content = content_box(s, bounds, self.scale);
        if content[2] <= 0.0 || content[3] <= 0.0 {
            return;
        }
        let mode = Mode::parse(e.attr_str("mode").as_deref().unwrap_or(""));
        let pl = place(
            mode,
            (pixels.width, pixels.height),
            (content[2], content[3]),
            self.scale,
        );
        if pl.dest[2] <= 0.0 || pl.dest[3] <= 0.0 || pl.src[2] <= 0.0 || pl.src[3] <= 0.0 {
            return;
        }
        self.scene.items.push(Item::Image(Box::new(ImageItem {
            pixels: pixels.clone(),
            dest: [
                content[0] + pl.dest[0],
                content[1] + pl.dest[1],
                pl.dest[2],
                pl.dest[3],
            ],
            src: pl.src,
            bounds,
            corner_radii: corner_radii(s, bounds, self.scale),
            opacity: 1.0,
            clip: state.clip,
            transform: state.transform,
        })));
    }
}

/// The content box: the border box less borders and (px) padding.
fn content_box(s: &ComputedStyle, b: Rect, scale: f32) -> Rect {
    let px = |l: &Length| match l {
        Length::Px(v) => v * scale,
        _ => 0.0,
    };
    let w = s.border_width.map(|w| w * scale);
    let p = [
        px(&s.padding[0]),
        px(&s.padding[1]),
        px(&s.padding[2]),
        px(&s.padding[3]),
    ];
    let left = w[3] + p[3];
    let top = w[0] + p[0];
    [
        b[0] + left,
        b[1] + top,
        (b[2] - left - w[1] - p[1]).max(0.0),
        (b[3] - top - w[2] - p[2]).max(0.0),
    ]
}
