//! 2D affine transforms: CSS `transform` + `transform-origin` to a matrix in device px, and
//! the little algebra the painter needs (compose, map a point, bounding box of a mapped
//! rectangle).

use crate::scene::{Affine, Rect};
use fc_style::{ComputedStyle, TransformOp};

/// `a ∘ b`: apply `b` first, then `a` (the matrix product `a·b`).
pub fn compose(a: &Affine, b: &Affine) -> Affine {
    [
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    ]
}

pub fn translate(x: f32, y: f32) -> Affine {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

pub fn map_point(m: &Affine, x: f32, y: f32) -> [f32; 2] {
    [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]
}

/// Only moves things (no rotation, scale or skew).
pub fn is_translation(m: &Affine) -> bool {
    m[0] == 1.0 && m[1] == 0.0 && m[2] == 0.0 && m[3] == 1.0
}

/// The axis-aligned bounding box of `r` mapped through `m`.
pub fn map_rect_bounds(m: &Affine, r: Rect) -> Rect {
    let corners = [
        map_point(m, r[0], r[1]),
        map_point(m, r[0] + r[2], r[1]),
        map_point(m, r[0], r[1] + r[3]),
        map_point(m, r[0] + r[2], r[1] + r[3]),
    ];
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for [x, y] in corners {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    [x0, y0, x1 - x0, y1 - y0]
}

/// The element's own transform in device px (`None` for `transform: none`): the functions in
/// written order, about `transform-origin` (percent of the border box `bounds`, device px).
/// `scale` converts the style's logical px (translations, matrix offsets) to device px.
pub fn element_transform(style: &ComputedStyle, bounds: Rect, scale: f32) -> Option<Affine> {
    if style.transform.is_empty() {
        return None;
    }
    let ox = bounds[0] + resolve(style.transform_origin[0], bounds[2], scale);
    let oy = bounds[1] + resolve(style.transform_origin[1], bounds[3], scale);
    let mut m = translate(ox, oy);
    for op in &style.transform {
        let step = match *op {
            TransformOp::Translate { x, y } => {
                translate(resolve(x, bounds[2], scale), resolve(y, bounds[3], scale))
            }
            TransformOp::Scale { x, y } => [x, 0.0, 0.0, y, 0.0, 0.0],
            TransformOp::Rotate(a) => {
                let (s, c) = a.sin_cos();
                [c, s, -s, c, 0.0, 0.0]
            }
            TransformOp::Skew { x, y } => [1.0, y.tan(), x.tan(), 1.0, 0.0, 0.0],
            TransformOp::Matrix([a, b, c, d, e, f]) => [a, b, c, d, e * scale, f * scale],
        };
        m = compose(&m, &step);
    }
    Some(compose(&m, &translate(-ox, -oy)))
}

/// A `px + percent` length against `basis` (device px); the px part is logical.
fn resolve(l: fc_style::CalcLength, basis: f32, scale: f32) -> f32 {
    l.px * scale + basis * l.percent / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use fc_style::CalcLength;

    fn close(a: &Affine, b: &Affine) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4)
    }

    fn pct(p: f32) -> CalcLength {
        CalcLength {
            px: 0.0,
            percent: p,
        }
    }

    #[test]
    fn rotation_about_the_centre_keeps_the_centre() {
        let style = ComputedStyle {
            transform: vec![TransformOp::Rotate(std::f32::consts::FRAC_PI_2)],
            transform_origin: [pct(50.0), pct(50.0)],
            ..Default::default()
        };
        let m = element_transform(&style, [10.0, 10.0, 20.0, 20.0], 2.0).expect("transform");
        let c = map_point(&m, 20.0, 20.0);
        assert!((c[0] - 20.0).abs() < 1e-4 && (c[1] - 20.0).abs() < 1e-4);
        // Clockwise on screen (y down): the top-left corner goes to the top-right.
        let p = map_point(&m, 10.0, 10.0);
        assert!(
            (p[0] - 30.0).abs() < 1e-4 && (p[1] - 10.0).abs() < 1e-4,
            "{p:?}"
        );
    }

    #[test]
    fn translate_percent_is_of_the_box_and_px_are_scaled() {
        let style = ComputedStyle {
            transform: vec![
                TransformOp::Translate {
                    x: CalcLength {
                        px: 5.0,
                        percent: 0.0,
                    },
                    y: pct(50.0),
                },
                TransformOp::Scale { x: 2.0, y: 2.0 },
            ],
            transform_origin: [pct(0.0), pct(0.0)],
            ..Default::default()
        };
        let m = element_transform(&style, [0.0, 0.0, 100.0, 40.0], 2.0).expect("transform");
        // translate(10 device px, 20) then scale 2 about the top-left corner.
        assert!(close(&m, &[2.0, 0.0, 0.0, 2.0, 10.0, 20.0]), "{m:?}");
        assert!(element_transform(&ComputedStyle::default(), [0.0; 4], 1.0).is_none());
    }

    #[test]
    fn composition_applies_the_right_operand_first() {
        let t = translate(10.0, 0.0);
        let s = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        assert_eq!(map_point(&compose(&t, &s), 1.0, 1.0), [12.0, 2.0]);
        assert_eq!(map_point(&compose(&s, &t), 1.0, 1.0), [22.0, 2.0]);
        let b = map_rect_bounds(&[0.0, 1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 10.0, 4.0]);
        assert!(close(
            &[b[0], b[1], b[2], b[3], 0.0, 0.0],
            &[-4.0, 0.0, 4.0, 10.0, 0.0, 0.0]
        ));
    }
}
