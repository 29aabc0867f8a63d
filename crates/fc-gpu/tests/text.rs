//! Text: glyphs shaped by cosmic-text from the repo's fonts, rasterised into the atlas and
//! drawn. Checked loosely (dark pixels where the text is, none elsewhere), since exact glyph
//! pixels depend on the rasteriser.

mod common;

use common::*;
use cosmic_text::{Attrs, Buffer, Family, FontSystem, Metrics, Shaping};
use fc_gpu::RgbaImage;
use fc_paint::{Clip, Glyph, Item, Rect, IDENTITY};

/// Shapes `text` in Noto Sans at `size` px with its top-left at (`x`, `y`) and returns its
/// glyphs and the box the text's line occupies.
fn shape(
    fonts: &mut FontSystem,
    text: &str,
    size: f32,
    x: f32,
    y: f32,
    color: [f32; 4],
) -> (Vec<Item>, Rect) {
    let mut buffer = Buffer::new(fonts, Metrics::new(size, size * 1.25));
    buffer.set_size(Some(1000.0), Some(1000.0));
    buffer.set_text(
        text,
        &Attrs::new().family(Family::Name("Noto Sans")),
        Shaping::Advanced,
        None,
    );
    buffer.shape_until_scroll(fonts, false);
    let mut items = Vec::new();
    let mut text_box = [x, y, 0.0, 0.0];
    for run in buffer.layout_runs() {
        text_box[2] = text_box[2].max(run.line_w);
        text_box[3] = run.line_top + run.line_height;
        for glyph in run.glyphs {
            let physical = glyph.physical((x, y + run.line_y), 1.0);
            items.push(Item::Glyph(Glyph {
                cache_key: physical.cache_key,
                x: physical.x,
                y: physical.y,
                color,
                clip: Clip::NONE,
                transform: IDENTITY,
            }));
        }
    }
    assert!(!items.is_empty(), "shaping {text:?} gave no glyphs");
    (items, text_box)
}

fn is_dark(p: [u8; 4]) -> bool {
    p[0] < 100 && p[1] < 100 && p[2] < 100
}

/// Dark pixels inside and outside `area` (x, y, w, h).
fn count_dark(image: &RgbaImage, area: Rect) -> (usize, usize) {
    let (mut inside, mut outside) = (0, 0);
    for y in 0..image.height {
        for x in 0..image.width {
            if !is_dark(px(image, x, y)) {
                continue;
            }
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            if fx >= area[0] && fx < area[0] + area[2] && fy >= area[1] && fy < area[1] + area[3] {
                inside += 1;
            } else {
                outside += 1;
            }
        }
    }
    (inside, outside)
}

#[test]
fn hello_draws_dark_pixels_only_inside_its_box() {
    let mut fonts = fonts();
    let (items, text_box) = shape(&mut fonts, "Hello", 32.0, 20.0, 30.0, BLACK);
    let mut r = renderer(200, 100);
    r.render(&scene(200, 100, items), &mut fonts)
        .expect("render");
    let image = r.read_pixels().expect("read_pixels");

    // A 2-pixel margin around the line box allows for antialiasing and side bearings.
    let margin = [
        text_box[0] - 2.0,
        text_box[1] - 2.0,
        text_box[2] + 4.0,
        text_box[3] + 4.0,
    ];
    let (inside, outside) = count_dark(&image, margin);
    assert!(
        inside > 100,
        "expected the text's dark pixels inside {text_box:?}, found {inside}"
    );
    assert_eq!(outside, 0, "dark pixels outside the text box {text_box:?}");
    // The left edge of "H": a vertical stem near the start of the box, at mid-height.
    let row = (text_box[1] + text_box[3] * 0.5) as u32;
    let stem = (text_box[0] as u32..text_box[0] as u32 + 8).any(|x| is_dark(px(&image, x, row)));
    assert!(stem, "no stem of 'H' near x = {} on row {row}", text_box[0]);
}

#[test]
fn glyph_colour_and_clip() {
    let mut fonts = fonts();
    let (items, text_box) = shape(&mut fonts, "Hello", 32.0, 10.0, 10.0, RED);
    // Clip away the right half of the text.
    let clip_right = text_box[0] + text_box[2] * 0.5;
    let items: Vec<Item> = items
        .into_iter()
        .map(|item| match item {
            Item::Glyph(g) => Item::Glyph(Glyph {
                clip: Clip::rect([0.0, 0.0, clip_right, 100.0]),
                ..g
            }),
            other => other,
        })
        .collect();
    let mut r = renderer(150, 60);
    r.render(&scene(150, 60, items), &mut fonts)
        .expect("render");
    let image = r.read_pixels().expect("read_pixels");
    let mut red_left = 0;
    for y in 0..image.height {
        for x in 0..image.width {
            let p = px(&image, x, y);
            let reddish = p[0] > 200 && p[1] < 80 && p[2] < 80;
            if reddish {
                assert!(
                    (x as f32) < clip_right,
                    "red pixel at ({x}, {y}) right of the clip at {clip_right}"
                );
                red_left += 1;
            }
            // Text tinted red never produces dark or blue-ish pixels.
            assert!(
                p[0] >= p[1].saturating_sub(1),
                "non-red ink at ({x}, {y}): {p:?}"
            );
        }
    }
    assert!(
        red_left > 30,
        "expected red text left of the clip, found {red_left} pixels"
    );
}

#[test]
fn text_between_quads_keeps_paint_order() {
    let mut fonts = fonts();
    let (glyphs, text_box) = shape(&mut fonts, "Hello", 32.0, 10.0, 10.0, BLACK);
    let mut items = vec![Item::Quad(rect(0.0, 0.0, 150.0, 60.0, BLUE))];
    items.extend(glyphs);
    // A red box over the whole text: no glyph must show through it.
    items.push(Item::Quad(rect(0.0, 0.0, 150.0, 60.0, RED)));
    let mut r = renderer(150, 60);
    r.render(&scene(150, 60, items), &mut fonts)
        .expect("render");
    let image = r.read_pixels().expect("read_pixels");
    let (inside, outside) = count_dark(&image, text_box);
    assert_eq!(
        (inside, outside),
        (0, 0),
        "text drawn over the later red box"
    );
    assert_px(&image, 75, 30, [255, 0, 0, 255], 0);
}

#[test]
fn same_text_renders_identically_on_later_frames() {
    let mut fonts = fonts();
    let (items, _) = shape(&mut fonts, "Hello, world", 20.0, 5.0, 5.0, BLACK);
    let mut r = renderer(160, 40);
    let s = scene(160, 40, items);
    r.render(&s, &mut fonts).expect("render");
    let first = r.read_pixels().expect("read_pixels");
    r.render(&s, &mut fonts).expect("render");
    let second = r.read_pixels().expect("read_pixels");
    assert!(
        first == second,
        "cached glyphs render differently from fresh ones"
    );
}
