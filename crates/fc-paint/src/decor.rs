//! One element's box decorations as scene items, in the order CSS paints them (CSS
//! Backgrounds 3, § 7.2 and the box-shadow layering rules):
//! outer shadows (the last written at the bottom), the background colour, background image
//! layers (the last written at the bottom), inset shadows, then the border.
//!
//! When an element has only a background colour and a border, that is one `Quad`, as before
//! shadows and gradients existed; otherwise the border gets a quad of its own on top.
//!
//! Simplified: elliptical corners (`border-radius: a / b`, or a percent on a non-square box)
//! are drawn circular with the smaller of the two radii; `background-image: url()` layers are
//! not drawn (there is no image primitive yet); border styles other than dashed and dotted
//! are drawn solid.

use crate::bg_image::{image_tile, push_url_layer};
use crate::gradient::{build_gradient, layout_tile};
use crate::scene::{Affine, BorderStyle, Clip, Item, Quad, Rect, Shadow};
use fc_style::{BackgroundImage, ComputedStyle, Length};

/// Loaded `background-image: url()` pictures by the URL as written in the style.
pub type BackgroundImages =
    std::collections::HashMap<String, std::sync::Arc<crate::scene::ImagePixels>>;

fn rgba(c: fc_style::Color) -> [f32; 4] {
    [c.r, c.g, c.b, c.a]
}

/// The border box's corner radii in device px (top-left, top-right, bottom-right,
/// bottom-left), percentages resolved and scaled down together when two radii on one side
/// add up to more than the side (CSS Backgrounds 3, § 5.5).
pub fn corner_radii(s: &ComputedStyle, bounds: Rect, scale: f32) -> [f32; 4] {
    let (w, h) = (bounds[2], bounds[3]);
    let mut r = [0.0f32; 4];
    for (i, out) in r.iter_mut().enumerate() {
        let (rx, default_ry) = match s.border_radius_percent[i] {
            Some(p) => (w * p / 100.0, h * p / 100.0),
            None => (s.border_radius[i] * scale, s.border_radius[i] * scale),
        };
        let ry = match s.border_radius_y[i] {
            Some(Length::Px(v)) => v * scale,
            Some(Length::Percent(p)) => h * p / 100.0,
            Some(Length::Auto) | None => default_ry,
        };
        *out = rx.min(ry).max(0.0);
    }
    let fit = |len: f32, a: f32, b: f32| if a + b > len { len / (a + b) } else { 1.0 };
    let f = fit(w, r[0], r[1])
        .min(fit(w, r[3], r[2]))
        .min(fit(h, r[0], r[3]))
        .min(fit(h, r[1], r[2]));
    r.map(|x| x * f)
}

/// The padding box (border box less the border widths, device px) and its corner radii.
pub fn padding_box(bounds: Rect, widths: [f32; 4], radii: [f32; 4]) -> (Rect, [f32; 4]) {
    let [t, r, b, l] = widths;
    let rect = [
        bounds[0] + l,
        bounds[1] + t,
        (bounds[2] - l - r).max(0.0),
        (bounds[3] - t - b).max(0.0),
    ];
    // Each inner corner loses the wider of its two adjacent borders (circular corners).
    let inner = [
        (radii[0] - t.max(l)).max(0.0),
        (radii[1] - t.max(r)).max(0.0),
        (radii[2] - b.max(r)).max(0.0),
        (radii[3] - b.max(l)).max(0.0),
    ];
    (rect, inner)
}

fn scene_border_style(s: fc_style::BorderStyle) -> BorderStyle {
    match s {
        fc_style::BorderStyle::Dashed => BorderStyle::Dashed,
        fc_style::BorderStyle::Dotted => BorderStyle::Dotted,
        _ => BorderStyle::Solid,
    }
}

/// Pushes the decorations of an element whose border box is `bounds` (device px).
#[allow(clippy::too_many_arguments)]
pub fn push_decorations(
    items: &mut Vec<Item>,
    s: &ComputedStyle,
    bounds: Rect,
    scale: f32,
    clip: Clip,
    transform: Affine,
    bg_images: &BackgroundImages,
) {
    if bounds[2] <= 0.0 || bounds[3] <= 0.0 {
        return;
    }
    let radii = corner_radii(s, bounds, scale);
    let widths = s.border_width.map(|w| w * scale);
    let has_border = widths.iter().any(|w| *w > 0.0) && s.border_color.iter().any(|c| c.a > 0.0);
    // Layers that draw something: the border must go over them.
    let has_gradient = s.background_image.iter().any(|i| match i {
        BackgroundImage::LinearGradient(_) => true,
        BackgroundImage::Url(u) => bg_images.contains_key(u),
        BackgroundImage::None => false,
    });
    let has_inset = s.box_shadow.iter().any(|b| b.inset);

    // Outer shadows, the first written on top.
    for sh in s.box_shadow.iter().rev().filter(|b| !b.inset) {
        if sh.color.a <= 0.0 {
            continue;
        }
        let spread = sh.spread * scale;
        let shape = [
            bounds[0] + sh.offset_x * scale - spread,
            bounds[1] + sh.offset_y * scale - spread,
            bounds[2] + 2.0 * spread,
            bounds[3] + 2.0 * spread,
        ];
        if shape[2] <= 0.0 || shape[3] <= 0.0 {
            continue;
        }
        // Rounded corners grow with the spread; square ones stay square (CSS keeps a
        // zero radius zero).
        let shape_radii = radii.map(|r| if r > 0.0 { (r + spread).max(0.0) } else { 0.0 });
        items.push(Item::Shadow(Shadow {
            bounds: shape,
            corner_radii: shape_radii,
            color: rgba(sh.color),
            blur: sh.blur * scale,
            inset: false,
            cutout: bounds,
            cutout_radii: radii,
            clip,
            transform,
        }));
    }

    let split_border = has_gradient || has_inset;
    let quad = |background: [f32; 4], with_border: bool| Quad {
        bounds,
        background,
        border_colors: if with_border {
            s.border_color.map(rgba)
        } else {
            [[0.0; 4]; 4]
        },
        border_widths: if with_border { widths } else { [0.0; 4] },
        border_styles: s.border_style.map(scene_border_style),
        corner_radii: radii,
        clip,
        transform,
    };
    if s.background_color.a > 0.0 || (has_border && !split_border) {
        items.push(Item::Quad(quad(
            rgba(s.background_color),
            has_border && !split_border,
        )));
    }

    // Background image layers, the first written on top.
    let (padding, inner_radii) = padding_box(bounds, widths, radii);
    for i in (0..s.background_image.len()).rev() {
        let Some((image, position, size, repeat)) = s.background_layer(i) else {
            continue;
        };
        let g = match image {
            BackgroundImage::LinearGradient(g) => g,
            BackgroundImage::Url(u) => {
                if let Some(px) = bg_images.get(u) {
                    let tile = image_tile(
                        padding,
                        size,
                        position,
                        repeat,
                        (px.width, px.height),
                        scale,
                    );
                    push_url_layer(items, px, tile, repeat, bounds, radii, clip, transform);
                }
                continue;
            }
            BackgroundImage::None => continue,
        };
        let (tile, repeats) = layout_tile(padding, size, position, repeat, scale);
        if tile[2] <= 0.0 || tile[3] <= 0.0 {
            continue;
        }
        let mut gradient = build_gradient(g, bounds, radii, tile, repeats, scale);
        gradient.clip = clip;
        gradient.transform = transform;
        items.push(Item::Gradient(Box::new(gradient)));
    }

    // Inset shadows, the first written on top, inside the padding box.
    for sh in s.box_shadow.iter().rev().filter(|b| b.inset) {
        if sh.color.a <= 0.0 {
            continue;
        }
        let spread = sh.spread * scale;
        let shape = [
            padding[0] + sh.offset_x * scale + spread,
            padding[1] + sh.offset_y * scale + spread,
            (padding[2] - 2.0 * spread).max(0.0),
            (padding[3] - 2.0 * spread).max(0.0),
        ];
        let shape_radii = inner_radii.map(|r| if r > 0.0 { (r - spread).max(0.0) } else { 0.0 });
        items.push(Item::Shadow(Shadow {
            bounds: shape,
            corner_radii: shape_radii,
            color: rgba(sh.color),
            blur: sh.blur * scale,
            inset: true,
            cutout: padding,
            cutout_radii: inner_radii,
            clip,
            transform,
        }));
    }

    if has_border && split_border {
        items.push(Item::Quad(quad([0.0; 4], true)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radii_that_overflow_a_side_shrink_together() {
        let s = ComputedStyle {
            border_radius: [40.0, 40.0, 0.0, 0.0],
            ..Default::default()
        };
        // A 60 px wide box at scale 1: 40 + 40 > 60, so every radius is scaled by 60/80.
        assert_eq!(
            corner_radii(&s, [0.0, 0.0, 60.0, 100.0], 1.0),
            [30.0, 30.0, 0.0, 0.0]
        );
        let s = ComputedStyle {
            border_radius_percent: [Some(50.0); 4],
            ..Default::default()
        };
        assert_eq!(corner_radii(&s, [0.0, 0.0, 40.0, 40.0], 2.0), [20.0; 4]);
    }

    #[test]
    fn padding_box_insets_by_each_border() {
        let (r, radii) = padding_box([0.0, 0.0, 100.0, 50.0], [2.0, 4.0, 6.0, 8.0], [10.0; 4]);
        assert_eq!(r, [8.0, 2.0, 88.0, 42.0]);
        assert_eq!(radii, [2.0, 6.0, 4.0, 2.0]);
    }
}
