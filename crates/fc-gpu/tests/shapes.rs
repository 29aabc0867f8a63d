//! Pixel checks of quads: fills, rounded corners, borders, clipping, paint order, blending.
//! They run on whatever adapter wgpu finds (Mesa lavapipe on CI).

mod common;

use common::*;
use fc_paint::{Clip, Item, Quad};

#[test]
fn red_square_on_white() {
    let image = render(&scene(
        100,
        100,
        vec![Item::Quad(rect(25.0, 25.0, 50.0, 50.0, RED))],
    ));
    assert_eq!((image.width, image.height), (100, 100));
    assert_px(&image, 50, 50, [255, 0, 0, 255], 0);
    assert_px(&image, 25, 25, [255, 0, 0, 255], 0); // first pixel inside
    assert_px(&image, 74, 74, [255, 0, 0, 255], 0); // last pixel inside
    assert_px(&image, 24, 50, [255, 255, 255, 255], 0); // just left of it
    assert_px(&image, 75, 50, [255, 255, 255, 255], 0); // just right of it
    assert_px(&image, 5, 5, [255, 255, 255, 255], 0);
}

#[test]
fn fractional_edge_is_antialiased() {
    // The left edge at x = 10.5 covers half of pixel column 10.
    let image = render(&scene(
        40,
        40,
        vec![Item::Quad(rect(10.5, 10.0, 20.0, 20.0, BLACK))],
    ));
    assert_px(&image, 10, 20, [128, 128, 128, 255], 2);
    assert_px(&image, 11, 20, [0, 0, 0, 255], 0);
    assert_px(&image, 9, 20, [255, 255, 255, 255], 0);
}

#[test]
fn rounded_corner_shows_background() {
    let quad = Quad {
        corner_radii: [20.0; 4],
        ..rect(10.0, 10.0, 80.0, 80.0, BLUE)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    // The box's corner pixels lie outside the circle of radius 20.
    assert_px(&image, 10, 10, [255, 255, 255, 255], 0);
    assert_px(&image, 89, 10, [255, 255, 255, 255], 0);
    assert_px(&image, 89, 89, [255, 255, 255, 255], 0);
    assert_px(&image, 10, 89, [255, 255, 255, 255], 0);
    // Centre and mid-edges are filled.
    assert_px(&image, 50, 50, [0, 0, 255, 255], 0);
    assert_px(&image, 10, 50, [0, 0, 255, 255], 0);
    assert_px(&image, 50, 10, [0, 0, 255, 255], 0);
    // On the diagonal, well inside the arc: filled.
    assert_px(&image, 20, 20, [0, 0, 255, 255], 0);
}

#[test]
fn per_corner_radii() {
    // Only the top-right corner is round.
    let quad = Quad {
        corner_radii: [0.0, 30.0, 0.0, 0.0],
        ..rect(0.0, 0.0, 100.0, 100.0, RED)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    assert_px(&image, 0, 0, [255, 0, 0, 255], 0);
    assert_px(&image, 99, 0, [255, 255, 255, 255], 0);
    assert_px(&image, 99, 99, [255, 0, 0, 255], 0);
    assert_px(&image, 0, 99, [255, 0, 0, 255], 0);
}

#[test]
fn border_has_border_colour() {
    let quad = Quad {
        border_colors: [BLUE; 4],
        border_widths: [4.0, 8.0, 4.0, 2.0],
        ..rect(10.0, 10.0, 80.0, 60.0, RED)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    let blue = [0, 0, 255, 255];
    assert_px(&image, 50, 11, blue, 0); // top border (4 px)
    assert_px(&image, 50, 68, blue, 0); // bottom border
    assert_px(&image, 11, 40, blue, 0); // left border (2 px)
    assert_px(&image, 85, 40, blue, 0); // right border (8 px)
    assert_px(&image, 12, 40, [255, 0, 0, 255], 0); // just inside the left border
    assert_px(&image, 81, 40, [255, 0, 0, 255], 0); // just inside the right border
    assert_px(&image, 50, 40, [255, 0, 0, 255], 0);
    assert_px(&image, 50, 75, [255, 255, 255, 255], 0);
}

#[test]
fn rounded_border_keeps_corners_clear() {
    let quad = Quad {
        border_colors: [BLACK; 4],
        border_widths: [3.0; 4],
        corner_radii: [16.0; 4],
        ..rect(10.0, 10.0, 80.0, 80.0, TRANSPARENT)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    assert_px(&image, 10, 10, [255, 255, 255, 255], 0); // outside the arc
    assert_px(&image, 50, 11, [0, 0, 0, 255], 0); // straight part of the border
    assert_px(&image, 50, 50, [255, 255, 255, 255], 0); // transparent fill
                                                        // On the diagonal of the top-left arc, the border ring crosses near
                                                        // x = y = 26 - 16 / sqrt(2) ~ 14.7 .. 16.8.
    let p = px(&image, 15, 15);
    assert!(
        p[0] < 128,
        "arc of the border should be dark at (15,15): {p:?}"
    );
}

#[test]
fn clip_cuts_quad() {
    // The quad spans x 20..80, its clip only x 0..50.
    let quad = Quad {
        clip: Clip::rect([0.0, 0.0, 50.0, 100.0]),
        ..rect(20.0, 20.0, 60.0, 60.0, RED)
    };
    let image = render(&scene(100, 100, vec![Item::Quad(quad)]));
    assert_px(&image, 30, 50, [255, 0, 0, 255], 0);
    assert_px(&image, 49, 50, [255, 0, 0, 255], 0);
    assert_px(&image, 50, 50, [255, 255, 255, 255], 0);
    assert_px(&image, 70, 50, [255, 255, 255, 255], 0);
}

#[test]
fn later_items_paint_over_earlier_ones() {
    let image = render(&scene(
        100,
        100,
        vec![
            Item::Quad(rect(10.0, 10.0, 60.0, 60.0, RED)),
            Item::Quad(rect(40.0, 40.0, 50.0, 50.0, BLUE)),
        ],
    ));
    assert_px(&image, 20, 20, [255, 0, 0, 255], 0);
    assert_px(&image, 50, 50, [0, 0, 255, 255], 0); // overlap: the later one
    assert_px(&image, 80, 80, [0, 0, 255, 255], 0);

    // Reversed order: red on top.
    let image = render(&scene(
        100,
        100,
        vec![
            Item::Quad(rect(40.0, 40.0, 50.0, 50.0, BLUE)),
            Item::Quad(rect(10.0, 10.0, 60.0, 60.0, RED)),
        ],
    ));
    assert_px(&image, 50, 50, [255, 0, 0, 255], 0);
}

#[test]
fn half_transparent_black_blends_in_srgb_space() {
    // rgba(0,0,0,0.5) over white: a browser shows 127 or 128 (sRGB-space blending); blending
    // in linear light would give about 188.
    let image = render(&scene(
        20,
        20,
        vec![Item::Quad(rect(0.0, 0.0, 20.0, 20.0, [0.0, 0.0, 0.0, 0.5]))],
    ));
    let p = px(&image, 10, 10);
    assert!(
        (127..=128).contains(&p[0]),
        "expected 127/128 grey, got {p:?}"
    );
    assert_eq!(p[0], p[1]);
    assert_eq!(p[1], p[2]);
    assert_eq!(p[3], 255);
}

#[test]
fn translucent_clear_colour_reads_back_straight() {
    let mut s = scene(8, 8, vec![]);
    s.clear_color = [1.0, 0.0, 0.0, 0.5];
    let image = render(&s);
    assert_px(&image, 4, 4, [255, 0, 0, 128], 1);
}

#[test]
fn odd_width_readback() {
    // 333 * 4 = 1332 bytes per row, padded to 1536 on the GPU side.
    let image = render(&scene(
        333,
        17,
        vec![Item::Quad(rect(300.0, 0.0, 33.0, 17.0, RED))],
    ));
    assert_eq!((image.width, image.height), (333, 17));
    assert_eq!(image.pixels.len(), 333 * 17 * 4);
    assert_px(&image, 0, 0, [255, 255, 255, 255], 0);
    assert_px(&image, 299, 16, [255, 255, 255, 255], 0);
    assert_px(&image, 300, 0, [255, 0, 0, 255], 0);
    assert_px(&image, 332, 16, [255, 0, 0, 255], 0);
}

#[test]
fn resize_and_reuse_across_frames() {
    let mut r = renderer(50, 50);
    let mut fonts = no_fonts();
    // Many quads force the instance buffer to grow; later frames reuse it.
    let many: Vec<Item> = (0..2000)
        .map(|i| Item::Quad(rect((i % 50) as f32, (i / 50 % 50) as f32, 1.0, 1.0, BLUE)))
        .collect();
    r.render(&scene(50, 50, many), &mut fonts).expect("render");
    assert_px(&r.read_pixels().expect("read"), 10, 10, [0, 0, 255, 255], 0);

    r.resize(70, 30);
    assert_eq!(r.size(), (70, 30));
    r.render(
        &scene(70, 30, vec![Item::Quad(rect(60.0, 0.0, 10.0, 30.0, RED))]),
        &mut fonts,
    )
    .expect("render");
    let image = r.read_pixels().expect("read");
    assert_eq!((image.width, image.height), (70, 30));
    assert_px(&image, 65, 15, [255, 0, 0, 255], 0);
    assert_px(&image, 10, 10, [255, 255, 255, 255], 0);
    r.wait_idle();
    assert!(!r.adapter_info().is_empty());
}

#[test]
fn empty_scene_is_clear_colour() {
    let mut s = scene(10, 10, vec![]);
    s.clear_color = [0.2, 0.4, 0.6, 1.0];
    let image = render(&s);
    assert_px(&image, 5, 5, [51, 102, 153, 255], 1);
}

#[test]
fn plain_boxes_draw_the_same_pixels_as_the_general_quad_shader() {
    // A fill with square corners takes the plain pipeline; the same box with a rounded clip
    // far away takes quad.wgsl. Fractional edges must be anti-aliased alike.
    let boxes = [
        (3.25, 4.5, 20.5, 10.75, RED),
        (10.0, 12.0, 15.0, 9.0, [0.0, 0.4, 1.0, 0.6]),
    ];
    let plain: Vec<Item> = boxes
        .iter()
        .map(|&(x, y, w, h, c)| Item::Quad(rect(x, y, w, h, c)))
        .collect();
    let general: Vec<Item> = boxes
        .iter()
        .map(|&(x, y, w, h, c)| {
            Item::Quad(Quad {
                clip: Clip {
                    rounded: [-1000.0, -1000.0, 3000.0, 3000.0],
                    radii: [5.0; 4],
                    ..Clip::NONE
                },
                ..rect(x, y, w, h, c)
            })
        })
        .collect();
    let a = render(&scene(40, 30, plain));
    let b = render(&scene(40, 30, general));
    for (i, (pa, pb)) in a.pixels.iter().zip(&b.pixels).enumerate() {
        assert!(
            pa.abs_diff(*pb) <= 1,
            "byte {i}: plain {pa} vs general {pb}"
        );
    }
}

#[test]
fn bordered_boxes_as_strips_draw_the_same_pixels_as_the_general_quad_shader() {
    // Square boxes whose drawn sides share one colour are drawn as their fill plus one
    // plain strip per side; with a rounded clip far away the same boxes take quad.wgsl.
    // Whole-pixel boxes (the solid variant), fractional ones, translucent fills and borders,
    // a lone top border (a table row's), and a rectangular clip cutting through.
    let bordered = |x: f32, y: f32, w: f32, h: f32, fill: [f32; 4], widths: [f32; 4]| Quad {
        border_widths: widths,
        border_colors: [[0.1, 0.2, 0.7, 0.8]; 4],
        ..rect(x, y, w, h, fill)
    };
    let boxes = [
        bordered(2.0, 2.0, 30.0, 12.0, TRANSPARENT, [2.0, 0.0, 0.0, 0.0]),
        bordered(
            4.0,
            16.0,
            20.0,
            10.0,
            [1.0, 0.8, 0.0, 0.5],
            [1.0, 2.0, 3.0, 4.0],
        ),
        bordered(26.25, 15.5, 10.5, 9.75, RED, [1.5, 1.5, 1.5, 1.5]),
        Quad {
            clip: Clip {
                rect: [6.0, 29.0, 20.0, 20.0],
                ..Clip::NONE
            },
            ..bordered(1.0, 30.0, 36.0, 4.0, WHITE, [0.0, 0.0, 2.0, 0.0])
        },
        Quad {
            clip: Clip {
                rect: [5.5, 29.0, 20.0, 20.0],
                ..Clip::NONE
            },
            ..bordered(1.0, 35.0, 36.0, 4.0, WHITE, [0.0, 0.0, 2.0, 0.0])
        },
    ];
    let general: Vec<Item> = boxes
        .iter()
        .map(|q| {
            Item::Quad(Quad {
                clip: Clip {
                    rounded: [-1000.0, -1000.0, 3000.0, 3000.0],
                    radii: [5.0; 4],
                    ..q.clip
                },
                ..*q
            })
        })
        .collect();
    let strips: Vec<Item> = boxes.into_iter().map(Item::Quad).collect();
    let a = render(&scene(40, 40, strips));
    let b = render(&scene(40, 40, general));
    for (i, (pa, pb)) in a.pixels.iter().zip(&b.pixels).enumerate() {
        assert!(
            pa.abs_diff(*pb) <= 1,
            "byte {i} (pixel {}, {}): strips {pa} vs general {pb}",
            i / 4 % 40,
            i / 4 / 40
        );
    }
}

/// Frames drawn one after another on one renderer redraw only what changed; each must still
/// come out exactly as the same scene drawn on a fresh renderer.
#[test]
fn redrawing_only_the_changed_area_gives_the_full_frame() {
    let rows = |selected: usize, count: usize, shift: f32| -> Vec<Item> {
        let mut items = vec![Item::Quad(rect(0.0, 0.0, 60.0, 8.0, BLUE))];
        for i in 0..count {
            let colour = if i == selected {
                RED
            } else {
                [0.9, 0.9, 0.9, 1.0]
            };
            let y = 10.0 + i as f32 * 6.0 + shift;
            items.push(Item::Quad(rect(2.0, y, 56.0, 5.0, colour)));
            // A translucent rounded badge over each row (quad pipeline, blending).
            items.push(Item::Quad(Quad {
                corner_radii: [2.0; 4],
                ..rect(40.0, y + 0.5, 10.5, 4.0, [0.0, 0.5, 0.0, 0.5])
            }));
        }
        items
    };
    let frames = [
        rows(1, 8, 0.0),
        rows(3, 8, 0.0),  // another row selected
        rows(3, 7, 0.0),  // the last row removed
        rows(3, 7, 0.5),  // every row moved half a pixel
        rows(3, 7, 0.5),  // nothing changed
        rows(99, 3, 0.0), // most of it gone
    ];
    let mut r = renderer(60, 60);
    let mut fonts = no_fonts();
    for (i, items) in frames.into_iter().enumerate() {
        let s = scene(60, 60, items);
        r.render(&s, &mut fonts).expect("render");
        let kept = r.read_pixels().expect("read");
        let fresh = render(&s);
        assert!(
            kept.pixels == fresh.pixels,
            "frame {i} differs from a full redraw"
        );
    }
}
