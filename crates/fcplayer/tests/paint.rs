//! End to end: the paint gallery fixture (borders, shadows, gradients, opacity, transforms,
//! clips, visibility, z-index) rendered by the real binary at scale 2 and compared with its
//! reference image.

mod common;

use common::*;

/// Anti-aliasing and the shadow's erf approximation may differ by a few levels between Mesa
/// versions; shapes must not move.
const MAX_CHANNEL: u8 = 24;
const MAX_PIXELS: usize = 200;

#[test]
fn paint_gallery_matches_its_reference() {
    let dir = scratch("paint-gallery");
    let out = dir.join("gallery.png");
    run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("paint-gallery"))
            .arg("--out")
            .arg(&out)
            .args(["--scale", "2"]),
    );
    let image = read_png(&out);
    assert_eq!((image.width, image.height), (750, 1334));
    assert_image_matches(
        &out,
        &fixture("paint-gallery").join("reference.png"),
        MAX_CHANNEL,
        MAX_PIXELS,
    );
}
