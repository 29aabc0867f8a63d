//! `background-image: url(...)` layers: the loaded picture sized by `background-size`
//! (`auto` is its natural size, one CSS px per image px), placed by `background-position`
//! in the padding box, repeated per `background-repeat`, clipped to the border box with its
//! radii. One `ImageItem` per visible tile.

use crate::scene::{Affine, Clip, ImageItem, ImagePixels, Item, Rect};
use fc_style::{BackgroundPosition, BackgroundRepeat, BackgroundSize, Length, RepeatStyle};
use std::sync::Arc;

/// More tiles than this in one layer (a 1 px pattern over a large box) are not drawn one by
/// one; the layer is skipped with a trace line instead.
const MAX_TILES: usize = 4096;

/// The first tile's rect (device px) for a picture of natural size `natural` (image px).
pub fn image_tile(
    area: Rect,
    size: BackgroundSize,
    position: BackgroundPosition,
    repeat: BackgroundRepeat,
    natural: (u32, u32),
    scale: f32,
) -> Rect {
    let (nw, nh) = (
        natural.0.max(1) as f32 * scale,
        natural.1.max(1) as f32 * scale,
    );
    let len = |l: Option<Length>, basis: f32| match l {
        Some(Length::Px(v)) => Some(v * scale),
        Some(Length::Percent(p)) => Some(basis * p / 100.0),
        Some(Length::Auto) | None => None,
    };
    let (mut w, mut h) = match size {
        BackgroundSize::Cover | BackgroundSize::Contain => {
            let fx = area[2] / nw;
            let fy = area[3] / nh;
            let f = if matches!(size, BackgroundSize::Cover) {
                fx.max(fy)
            } else {
                fx.min(fy)
            };
            (nw * f, nh * f)
        }
        BackgroundSize::Explicit { width, height } => {
            match (len(width, area[2]), len(height, area[3])) {
                (Some(w), Some(h)) => (w, h),
                (Some(w), None) => (w, w * nh / nw),
                (None, Some(h)) => (h * nw / nh, h),
                (None, None) => (nw, nh),
            }
        }
    };
    let round = |tile: f32, area: f32| area / (area / tile).round().max(1.0);
    if repeat.x == RepeatStyle::Round && w > 0.0 {
        w = round(w, area[2]);
    }
    if repeat.y == RepeatStyle::Round && h > 0.0 {
        h = round(h, area[3]);
    }
    let x = area[0] + position.x.px * scale + (area[2] - w) * position.x.percent / 100.0;
    let y = area[1] + position.y.px * scale + (area[3] - h) * position.y.percent / 100.0;
    [x, y, w.max(0.0), h.max(0.0)]
}

/// Start and count of the tiles along one axis that cover `[lo, hi)`.
fn span(origin: f32, step: f32, repeat: bool, lo: f32, hi: f32) -> (f32, usize) {
    if !repeat {
        return (origin, usize::from(origin < hi && origin + step > lo));
    }
    let first = origin - ((origin - lo) / step).ceil() * step;
    let count = ((hi - first) / step).ceil().max(0.0) as usize;
    (first, count)
}

/// Pushes the tiles of one url layer. `padding` positions it, `border_box` and `radii` clip
/// it (`background-clip: border-box`).
#[allow(clippy::too_many_arguments)]
pub fn push_url_layer(
    items: &mut Vec<Item>,
    pixels: &Arc<ImagePixels>,
    tile: Rect,
    repeat: BackgroundRepeat,
    border_box: Rect,
    radii: [f32; 4],
    clip: Clip,
    transform: Affine,
) {
    if tile[2] < 0.01 || tile[3] < 0.01 {
        return;
    }
    let lo = (border_box[0], border_box[1]);
    let hi = (border_box[0] + border_box[2], border_box[1] + border_box[3]);
    let (x0, nx) = span(
        tile[0],
        tile[2],
        repeat.x != RepeatStyle::NoRepeat,
        lo.0,
        hi.0,
    );
    let (y0, ny) = span(
        tile[1],
        tile[3],
        repeat.y != RepeatStyle::NoRepeat,
        lo.1,
        hi.1,
    );
    if nx.saturating_mul(ny) > MAX_TILES {
        tracing::debug!("background image layer of {nx}x{ny} tiles skipped");
        return;
    }
    let src = [0.0, 0.0, pixels.width as f32, pixels.height as f32];
    for j in 0..ny {
        for i in 0..nx {
            items.push(Item::Image(Box::new(ImageItem {
                pixels: pixels.clone(),
                dest: [
                    x0 + i as f32 * tile[2],
                    y0 + j as f32 * tile[3],
                    tile[2],
                    tile[3],
                ],
                src,
                bounds: border_box,
                corner_radii: radii,
                opacity: 1.0,
                clip,
                transform,
            })));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fc_style::CalcLength;

    fn pos(px: f32, percent: f32) -> CalcLength {
        CalcLength { px, percent }
    }

    #[test]
    fn auto_size_is_natural_and_cover_contain_keep_the_ratio() {
        let area = [0.0, 0.0, 100.0, 50.0];
        let at = BackgroundPosition {
            x: pos(0.0, 0.0),
            y: pos(0.0, 0.0),
        };
        let rep = BackgroundRepeat::default();
        let auto = BackgroundSize::Explicit {
            width: None,
            height: None,
        };
        assert_eq!(
            image_tile(area, auto, at, rep, (8, 4), 2.0),
            [0.0, 0.0, 16.0, 8.0]
        );
        assert_eq!(
            image_tile(area, BackgroundSize::Cover, at, rep, (10, 10), 1.0),
            [0.0, 0.0, 100.0, 100.0]
        );
        assert_eq!(
            image_tile(area, BackgroundSize::Contain, at, rep, (10, 10), 1.0),
            [0.0, 0.0, 50.0, 50.0]
        );
        let half_width = BackgroundSize::Explicit {
            width: Some(Length::Percent(50.0)),
            height: None,
        };
        assert_eq!(
            image_tile(area, half_width, at, rep, (10, 20), 1.0),
            [0.0, 0.0, 50.0, 100.0]
        );
        let centred = BackgroundPosition {
            x: pos(0.0, 50.0),
            y: pos(0.0, 50.0),
        };
        assert_eq!(
            image_tile(area, auto, centred, rep, (10, 10), 1.0),
            [45.0, 20.0, 10.0, 10.0]
        );
    }

    #[test]
    fn repeated_tiles_cover_the_box_from_before_the_origin() {
        // Tiles at -5, 5, 15, 25, 35: the first reaches into the box from outside it.
        assert_eq!(span(15.0, 10.0, true, 0.0, 40.0), (-5.0, 5));
        assert_eq!(span(15.0, 10.0, false, 0.0, 40.0), (15.0, 1));
        assert_eq!(span(50.0, 10.0, false, 0.0, 40.0), (50.0, 0));
    }
}
