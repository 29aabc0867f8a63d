//! Pixel checks of the style effects: per-side border colours, dashed and dotted borders,
//! box shadows, linear gradients, transforms, opacity groups and rounded clips. They run on
//! whatever adapter wgpu finds (Mesa lavapipe on CI).

mod common;

use common::*;
use fc_paint::{
    BorderStyle, Clip, Gradient, GradientStop, Item, Quad, Shadow, IDENTITY, MAX_GRADIENT_STOPS,
};

const GREEN: [f32; 4] = [0.0, 1.0, 0.0, 1.0];

#[test]
fn border_sides_have_their_own_colours() {
    let quad = Quad {
        border_colors: [RED, GREEN, BLUE, BLACK],
        border_widths: [6.0; 4],
        ..rect(10.0, 10.0, 80.0, 80.0, WHITE)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    assert_px(&image, 50, 12, [255, 0, 0, 255], 0); // top
    assert_px(&image, 87, 50, [0, 255, 0, 255], 0); // right
    assert_px(&image, 50, 87, [0, 0, 255, 255], 0); // bottom
    assert_px(&image, 12, 50, [0, 0, 0, 255], 0); // left
                                                  // The top-left corner is split on its diagonal: above it top, below it left.
    assert_px(&image, 14, 11, [255, 0, 0, 255], 0);
    assert_px(&image, 11, 14, [0, 0, 0, 255], 0);
}

#[test]
fn dashed_border_has_gaps_and_dotted_has_dots() {
    let dashed = Quad {
        border_colors: [BLACK; 4],
        border_widths: [4.0; 4],
        border_styles: [BorderStyle::Dashed; 4],
        ..rect(0.0, 0.0, 200.0, 40.0, TRANSPARENT)
    };
    let image = render(&scene(200, 60, vec![Item::Quad(dashed)]));
    // Along the top border (y = 2), count dark and light runs.
    let row: Vec<bool> = (0..200).map(|x| px(&image, x, 2)[0] < 128).collect();
    let dark = row.iter().filter(|d| **d).count();
    let switches = row.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(row[0] && row[199], "a dash at each end of the side");
    assert!(
        (100..180).contains(&dark),
        "dashes, not solid: {dark} dark pixels"
    );
    assert!(switches >= 10, "several dashes: {switches} edges");

    let dotted = Quad {
        border_styles: [BorderStyle::Dotted; 4],
        ..dashed
    };
    let image = render(&scene(200, 60, vec![Item::Quad(dotted)]));
    let row: Vec<bool> = (0..200).map(|x| px(&image, x, 2)[0] < 128).collect();
    let switches = row.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(switches >= 30, "dots every 8 px: {switches} edges");
    // A dot is round: the corner of its square cell stays light.
    assert!(px(&image, 100, 0)[0] > 100 || px(&image, 100, 3)[0] > 100);
}

fn shadow(bounds: [f32; 4], blur: f32, inset: bool, cutout: [f32; 4]) -> Shadow {
    Shadow {
        bounds,
        corner_radii: [0.0; 4],
        color: BLACK,
        blur,
        inset,
        cutout,
        cutout_radii: [0.0; 4],
        clip: Clip::NONE,
        transform: IDENTITY,
    }
}

#[test]
fn outer_shadow_is_darkest_near_the_box_and_fades() {
    let b = [50.0, 50.0, 100.0, 100.0];
    let image = render(&scene(
        200,
        200,
        vec![
            Item::Shadow(shadow(b, 20.0, false, b)),
            Item::Quad(rect(50.0, 50.0, 100.0, 100.0, WHITE)),
        ],
    ));
    let at = |x| px(&image, x, 100)[0];
    // Just outside the right edge it is about half dark (the edge of a blurred box), then
    // lighter with distance, and white past three standard deviations (3 × 10 px).
    assert!((100..160).contains(&at(150)), "at the edge: {}", at(150));
    assert!(at(150) < at(155) && at(155) < at(160) && at(160) < at(170));
    assert!(at(185) > 250, "faded out: {}", at(185));
    // Not painted under the box.
    assert_px(&image, 100, 100, [255, 255, 255, 255], 0);
}

#[test]
fn sharp_offset_shadow_and_inset_shadow() {
    // blur 0, offset 10 px right and down: a hard-edged copy.
    let b = [20.0, 20.0, 40.0, 40.0];
    let image = render(&scene(
        100,
        100,
        vec![Item::Shadow(shadow(
            [30.0, 30.0, 40.0, 40.0],
            0.0,
            false,
            b,
        ))],
    ));
    assert_px(&image, 65, 65, [0, 0, 0, 255], 0);
    assert_px(&image, 40, 40, [255, 255, 255, 255], 0); // under the box: not painted
    assert_px(&image, 75, 50, [255, 255, 255, 255], 0);

    // Inset, blurred: dark at the padding edge, light in the middle.
    let pad = [10.0, 10.0, 80.0, 80.0];
    let shape = [20.0, 20.0, 60.0, 60.0]; // spread 10
    let image = render(&scene(
        100,
        100,
        vec![Item::Shadow(shadow(shape, 8.0, true, pad))],
    ));
    assert!(px(&image, 11, 50)[0] < 30, "{:?}", px(&image, 11, 50));
    assert_px(&image, 50, 50, [255, 255, 255, 255], 2);
    assert_px(&image, 5, 50, [255, 255, 255, 255], 0); // outside the padding box
}

fn gradient(stops: &[(f32, [f32; 4])], bounds: [f32; 4]) -> Gradient {
    let mut s = [GradientStop::default(); MAX_GRADIENT_STOPS];
    for (i, (offset, color)) in stops.iter().enumerate() {
        s[i] = GradientStop {
            offset: *offset,
            color: *color,
        };
    }
    Gradient {
        bounds,
        corner_radii: [0.0; 4],
        tile: bounds,
        repeat: [false, false],
        // Left to right, relative to the tile.
        start: [0.0, bounds[3] / 2.0],
        end: [bounds[2], bounds[3] / 2.0],
        stops: s,
        stop_count: stops.len() as u32,
        repeating: false,
        clip: Clip::NONE,
        transform: IDENTITY,
    }
}

#[test]
fn gradient_midpoint_is_the_srgb_average() {
    let g = gradient(&[(0.0, RED), (1.0, BLUE)], [0.0, 0.0, 200.0, 20.0]);
    let image = render(&scene(200, 20, vec![Item::Gradient(Box::new(g))]));
    // Pixel 99's centre is at t = 99.5 / 200: a browser shows about (128, 0, 127).
    assert_px(&image, 99, 10, [128, 0, 127, 255], 2);
    assert_px(&image, 0, 10, [254, 0, 1, 255], 2);
    assert_px(&image, 199, 10, [1, 0, 254, 255], 2);

    // A hard stop at 50 %, and a transparent stop interpolated premultiplied (no dark
    // fringe between red and transparent).
    let g = gradient(
        &[
            (0.0, RED),
            (0.5, RED),
            (0.5, GREEN),
            (1.0, [0.0, 1.0, 0.0, 0.0]),
        ],
        [0.0, 0.0, 200.0, 20.0],
    );
    let image = render(&scene(200, 20, vec![Item::Gradient(Box::new(g))]));
    assert_px(&image, 98, 10, [255, 0, 0, 255], 0);
    assert_px(&image, 101, 10, [0, 255, 0, 255], 5);
    // Three quarters: green at half alpha over white.
    assert_px(&image, 150, 10, [127, 255, 127, 255], 3);
}

#[test]
fn gradient_tiles_repeat() {
    let mut g = gradient(&[(0.0, BLACK), (1.0, WHITE)], [0.0, 0.0, 100.0, 10.0]);
    g.tile = [0.0, 0.0, 25.0, 10.0];
    g.end = [25.0, 5.0];
    g.repeat = [true, true];
    let image = render(&scene(100, 10, vec![Item::Gradient(Box::new(g))]));
    for tile in 0..4 {
        let x0 = tile * 25;
        assert!(px(&image, x0, 5)[0] < 10, "tile {tile} starts black");
        assert!(px(&image, x0 + 24, 5)[0] > 240, "tile {tile} ends white");
    }
}

#[test]
fn rotated_square_covers_the_diamond() {
    // A 40 px square centred at (50, 50), rotated 45°: its corners point up, right, down
    // and left, about 28 px from the centre.
    let (s, c) = std::f32::consts::FRAC_PI_4.sin_cos();
    let about_centre = [
        c,
        s,
        -s,
        c,
        50.0 - 50.0 * c + 50.0 * s,
        50.0 - 50.0 * s - 50.0 * c,
    ];
    let quad = Quad {
        transform: about_centre,
        ..rect(30.0, 30.0, 40.0, 40.0, RED)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    let red = [255, 0, 0, 255];
    let white = [255, 255, 255, 255];
    // The unrotated square's corners are now outside.
    assert_px(&image, 31, 31, white, 0);
    assert_px(&image, 68, 68, white, 0);
    // The diamond's tips are inside, beyond the old square's edges.
    assert_px(&image, 50, 25, red, 0);
    assert_px(&image, 75, 50, red, 0);
    assert_px(&image, 50, 75, red, 0);
    assert_px(&image, 25, 50, red, 0);
    assert_px(&image, 50, 50, red, 0);
}

#[test]
fn opacity_group_blends_once() {
    // Two overlapping black boxes in a 50 % group over white: the overlap is as light as
    // each box alone (one layer composited), not darker (each box blended separately).
    let image = render(&scene(
        100,
        100,
        vec![
            Item::PushLayer { opacity: 0.5 },
            Item::Quad(rect(10.0, 10.0, 50.0, 50.0, BLACK)),
            Item::Quad(rect(30.0, 30.0, 50.0, 50.0, BLACK)),
            Item::PopLayer,
            Item::Quad(rect(90.0, 90.0, 10.0, 10.0, BLUE)),
        ],
    ));
    let grey = px(&image, 20, 20);
    assert!(
        (127..=128).contains(&grey[0]),
        "50 % black over white: {grey:?}"
    );
    assert_eq!(px(&image, 40, 40), grey, "the overlap is not darker");
    assert_eq!(px(&image, 70, 70), grey);
    assert_px(&image, 5, 5, [255, 255, 255, 255], 0);
    assert_px(&image, 95, 95, [0, 0, 255, 255], 0); // after the group, drawn normally

    // Nested groups multiply.
    let image = render(&scene(
        20,
        20,
        vec![
            Item::PushLayer { opacity: 0.5 },
            Item::PushLayer { opacity: 0.5 },
            Item::Quad(rect(0.0, 0.0, 20.0, 20.0, BLACK)),
            Item::Quad(rect(0.0, 0.0, 10.0, 20.0, BLACK)),
            Item::PopLayer,
            Item::Quad(rect(15.0, 0.0, 5.0, 20.0, RED)),
            Item::PopLayer,
        ],
    ));
    assert_px(&image, 5, 5, [191, 191, 191, 255], 1);
}

#[test]
fn rounded_clip_cuts_a_childs_corner() {
    // A child filling its clipping parent, whose corners are rounded with radius 20.
    let clip = Clip {
        rect: [10.0, 10.0, 80.0, 80.0],
        rounded: [10.0, 10.0, 80.0, 80.0],
        radii: [20.0; 4],
    };
    let quad = Quad {
        clip,
        ..rect(0.0, 0.0, 100.0, 100.0, BLUE)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    assert_px(&image, 11, 11, [255, 255, 255, 255], 0); // cut by the arc
    assert_px(&image, 88, 88, [255, 255, 255, 255], 0);
    assert_px(&image, 50, 11, [0, 0, 255, 255], 0); // straight edge kept
    assert_px(&image, 22, 22, [0, 0, 255, 255], 0); // inside the arc
    assert_px(&image, 5, 50, [255, 255, 255, 255], 0); // outside the rect
}
