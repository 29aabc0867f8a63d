//! Pixel checks of `<image>` items: the texture lands where `dest` says, the `src` rectangle
//! picks the part shown, and the element's border-radius clips a corner.

mod common;

use common::*;
use fc_paint::{Clip, ImageItem, ImagePixels, Item, IDENTITY};
use std::sync::Arc;

/// A 2×2 image: red, green / blue, black (premultiplied, opaque).
fn checker() -> Arc<ImagePixels> {
    Arc::new(ImagePixels {
        id: 7,
        width: 2,
        height: 2,
        rgba: vec![
            255, 0, 0, 255, 0, 255, 0, 255, //
            0, 0, 255, 255, 0, 0, 0, 255,
        ],
    })
}

fn item(dest: [f32; 4], src: [f32; 4], radii: [f32; 4]) -> Item {
    Item::Image(Box::new(ImageItem {
        pixels: checker(),
        dest,
        src,
        bounds: dest,
        corner_radii: radii,
        opacity: 1.0,
        clip: Clip::NONE,
        transform: IDENTITY,
    }))
}

#[test]
fn image_fills_its_destination() {
    let image = render(&scene(
        100,
        100,
        vec![item(
            [10.0, 10.0, 80.0, 80.0],
            [0.0, 0.0, 2.0, 2.0],
            [0.0; 4],
        )],
    ));
    // Quadrant centres show the four texels (bilinear blends only near the middle).
    assert_px(&image, 20, 20, [255, 0, 0, 255], 2);
    assert_px(&image, 80, 20, [0, 255, 0, 255], 2);
    assert_px(&image, 20, 80, [0, 0, 255, 255], 2);
    assert_px(&image, 80, 80, [0, 0, 0, 255], 2);
    // Outside the destination: the clear colour.
    assert_px(&image, 5, 5, [255, 255, 255, 255], 0);
    assert_px(&image, 95, 95, [255, 255, 255, 255], 0);
}

#[test]
fn source_rect_picks_a_part() {
    // Only the green texel (top right), stretched over the whole box.
    let image = render(&scene(
        40,
        40,
        vec![item([0.0, 0.0, 40.0, 40.0], [1.0, 0.0, 1.0, 1.0], [0.0; 4])],
    ));
    assert_px(&image, 20, 20, [0, 255, 0, 255], 8);
}

#[test]
fn border_radius_clips_the_corner() {
    let image = render(&scene(
        100,
        100,
        vec![item(
            [0.0, 0.0, 100.0, 100.0],
            [0.0, 0.0, 2.0, 2.0],
            [30.0; 4],
        )],
    ));
    // The very corner is outside the rounded box: background shows.
    assert_px(&image, 1, 1, [255, 255, 255, 255], 0);
    assert_px(&image, 98, 98, [255, 255, 255, 255], 0);
    // Inside the arc: the image.
    assert_px(&image, 20, 20, [255, 0, 0, 255], 2);
}
